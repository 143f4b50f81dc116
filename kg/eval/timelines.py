"""``kg eval -t timeline``: entity timelines against the SemEval-2015 TimeLine gold (track A).

For each corpus (``corpus_gm``, ``trial_apple``) the raw CAT files go through the whole pipeline
into a temporary on-disk store (the text: tokens joined by spaces, one sentence a line, title
first; the article date is the file's CREATION_TIME), and each target entity's timeline (the
first line of its gold file) comes from :func:`kg.query.timelines.entity_timeline`, the entries a TimeLine
lists (:func:`kg.query.timelines.on_timeline`), as ``kg timeline --format semeval`` writes them.

Scored by mention: every anchor of a gold line is a gold mention, every mention of a system
entry a system mention. A system mention matches a gold one, one-to-one and only within the
same entity's timeline, when it is in the same document and CAT sentence (its character span
mapped onto the CAT tokens) and covers a token whose text is one of the gold anchor's words
(``let_down`` is "let" or "down", as the gold joins words that need not be adjacent). *Dated*
also needs the dates to agree at the gold's precision: ``2008-XX-XX`` or ``2008`` agrees with any
date in 2008 that is at least a year precise, ``2008-06-XX`` with a date in June 2008, a day with
that day; an undated gold event (``XXXX-XX-XX``) only with an undated system entry. ``n`` is the
gold mentions.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from kg.eval.corpora import CatToken, cat_text, corpus_dir
from kg.eval.metrics import Counts
from kg.ingest import parse_date
from kg.model import Article

ROOT = "semeval2015-timeline"
CORPORA = {"corpus_gm": ("corpus_trackA_CAT", "semeval2015 gm"),  # airbus and stock: never read
           "trial_apple": ("corpus_CAT", "semeval2015 apple (trial)")}
UNDATED = "XXXX-XX-XX"


@dataclass(frozen=True)
class Anchor:
    """A timeline mention: document, CAT sentence, the words it may cover, and the date of its line."""

    doc: str
    sentence: int
    words: frozenset[str]
    date: str  # the line's date (``XXXX-XX-XX`` when undated)
    text: str = ""


def read_cat_article(path: Path) -> tuple[Article, list[CatToken]]:
    """A track-A CAT file as an article (whole text, dated by its CREATION_TIME) and its tokens."""
    root = etree.parse(str(path)).getroot()
    text, tokens = cat_text(root)
    value = next((t.get("value", "") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), "")
    return Article(root.get("doc_id"), text, parse_date(value[:10], str(path)) if value else None,
                   title=text.split("\n", 1)[0], format="cat"), tokens


def read_gold(path: Path) -> tuple[str, list[Anchor]]:
    """A gold timeline file: the entity's name and its anchors (``order<TAB>date<TAB>doc-sentence-word…``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    anchors = []
    for line in lines[1:]:
        fields = line.strip().split("\t")
        if len(fields) < 3:
            continue
        for field in fields[2:]:
            doc, sentence, word = field.split("-", 2)
            anchors.append(Anchor(doc, int(sentence), frozenset(w.lower() for w in word.split("_")), fields[1], word))
    return lines[0].strip(), anchors


def system_anchors(entries: Iterable[dict], tokens: dict[str, list[CatToken]]) -> list[Anchor]:
    """The mentions of timeline entries on the CAT tokens of their article (a mention's first sentence)."""
    anchors = []
    for entry in entries:
        for mention in entry["mentions"]:
            covered = [t for t in tokens.get(str(mention["article"]), ())
                       if t.start < int(mention["end"]) and int(mention["start"]) < t.end]
            if covered:
                sentence = covered[0].sentence
                words = frozenset(t.text.lower() for t in covered if t.sentence == sentence)
                anchors.append(Anchor(str(mention["article"]), sentence, words, entry["date"] or UNDATED,
                                      str(mention["anchor"])))
    return anchors


def date_agrees(gold: str, system: str) -> bool:
    """Whether a system date (``2009-06-01``, ``2009-06``, ``2009`` or undated) says what the gold's known parts say."""
    if gold.startswith("XXX") or system == UNDATED:
        return gold.startswith("XXX") and system == UNDATED
    known = [part for part in gold.split("-") if "X" not in part]
    return system.split("-")[:len(known)] == known


def match(system: Sequence[Anchor], gold: Sequence[Anchor]) -> list[tuple[Anchor, Anchor]]:
    """One-to-one (system, gold) pairs in the same document and sentence sharing a word, same dates first."""
    candidates = [(not date_agrees(g.date, s.date), i, j) for i, s in enumerate(system) for j, g in enumerate(gold)
                  if (s.doc, s.sentence) == (g.doc, g.sentence) and s.words & g.words]
    used_system, used_gold, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_system and j not in used_gold:
            used_system.add(i)
            used_gold.add(j)
            pairs.append((system[i], gold[j]))
    return pairs


def score_timelines(corpora: Path) -> list[dict]:
    """Mention and dated-mention P/R/F1 of the target entities' timelines, per corpus."""
    root = corpus_dir(corpora, ROOT)
    rows = []
    for folder, (raw, name) in CORPORA.items():
        if not (root / folder).is_dir():
            continue
        mentions, dated = score_corpus(root / folder / raw, sorted((root / folder / "TimeLines_Gold_Standard").glob("*.txt")))
        rows += [mentions.row(name, "timeline mentions"), dated.row(name, "timeline mentions, dated")]
    return rows


def score_corpus(raw: Path, gold_files: Sequence[Path]) -> tuple[Counts, Counts]:
    """Ingest one corpus's raw CAT files into a temporary store and score every target entity's timeline."""
    from kg.pipeline import ingest
    from kg.store import Store
    from kg.query.timelines import entity_timeline, on_timeline

    read = [read_cat_article(path) for path in sorted(raw.glob("*.xml"))]
    tokens = {article.id: article_tokens for article, article_tokens in read}
    mentions, dated = Counts(), Counts()
    with tempfile.TemporaryDirectory(prefix="kg-eval-timeline-") as folder, Store(Path(folder) / "store") as store:
        ingest(store, [article for article, _ in read])
        for path in gold_files:
            entity, gold = read_gold(path)
            system = system_anchors(on_timeline(entity_timeline(store, entity)), tokens)  # what --format semeval writes
            pairs = match(system, gold)
            mentions.add(len(pairs), len(system), None, len(gold))
            dated.add(sum(date_agrees(g.date, s.date) for s, g in pairs), len(system), None, len(gold))
    return mentions, dated
