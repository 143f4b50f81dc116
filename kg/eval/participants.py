"""``kg eval -t participants``: who takes part in each event, scored on MEANTIME apple + gm.

A predicted (event, participant) pair is right when its event overlaps a gold EVENT_MENTION and
its participant overlaps a gold ENTITY_MENTION that a ``HAS_PARTICIPANT`` link ties to that
event mention; the role is ignored and each gold link is matched at most once. The main rows
count gold links to named or nominal mentions (``syntactic_type`` NAM or NOM: "General Motors",
"the carmaker") for both P and R; *any entity mention* also counts links to pronouns,
appositions, conjunctions and mentions left untyped. VALUE targets ("5,000 jobs") and time
arguments are not participants here. ``n`` is the gold links. Read gm's rows with care: its
annotators typed only the named mentions (every other mention's ``syntactic_type`` is empty), so
there the main rows count links to names alone, and a right nominal participant ("the automaker")
counts against precision; its *any entity mention* row is the one comparable with apple's.

*Naive baseline* (issue 23): spaCy's entities and the subject and object dependents of every
verb, each participant the entity its word is part of, else the word itself. *Named entities*:
the extractor's entity mentions of spaCy's name labels (``kg.nlp.extract.ENTITY_LABELS``: people,
organisations, places, nationalities; not products) against gold NAM and PRE.NAM mentions (a name
as a modifier: "US" of "US automaker"), overlapping one-to-one as ``kg.eval.metrics.align`` does. *Typed events*: of
the extractor's events that overlap a gold event mention, the share with an ontology class more
specific than ``kgo:Event`` (P = R = F1 = that share, ``n`` the matched events).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from spacy.tokens import Doc, Token

from kg.eval.corpora import MEANTIME_SENTENCES, GoldDoc, GoldSpan, cat_text, read_meantime
from kg.eval.metrics import Counts, align, overlap
from kg.model import Extraction

CORPORA = {"corpus_apple": "meantime apple", "corpus_gm": "meantime gm"}  # airbus and stock: never read
ALL = "meantime"
NAMED_OR_NOMINAL = frozenset({"NAM", "NOM"})
NAMED = frozenset({"NAM", "PRE.NAM"})  # PRE.NAM: a name as a modifier, "US" of "US automaker"
SUBJECTS_OBJECTS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "iobj"})


@dataclass(frozen=True)
class Pair:
    """An (event, participant) pair by character spans, with the participant's syntactic type."""

    event: GoldSpan
    entity: GoldSpan


@dataclass(frozen=True)
class GoldParticipants:
    doc: GoldDoc
    entities: tuple[GoldSpan, ...]  # ENTITY_MENTIONs, ``kind`` their syntactic type
    pairs: tuple[Pair, ...]  # HAS_PARTICIPANT links from an event mention to an entity mention


def gold_participants(doc: GoldDoc) -> GoldParticipants:
    """The entity mentions and participant links of a MEANTIME ``doc`` (its annotated sentences)."""
    root = etree.parse(doc.article.path).getroot()
    _, tokens = cat_text(root, MEANTIME_SENTENCES)
    offsets = {token.id: token for token in tokens}
    entities: dict[str, GoldSpan] = {}
    for element in root.iter("ENTITY_MENTION"):
        anchors = [offsets[a.get("t_id")] for a in element.iter("token_anchor") if a.get("t_id") in offsets]
        if anchors:
            start, end = min(t.start for t in anchors), max(t.end for t in anchors)
            entities[element.get("m_id")] = GoldSpan(element.get("m_id"), start, end, doc.article.text[start:end],
                                                     element.get("syntactic_type") or "")
    events = {event.id: event for event in doc.events}
    pairs = []
    for link in root.iter("HAS_PARTICIPANT"):
        source, target = (link.find(side) for side in ("source", "target"))
        if source is None or target is None:
            continue
        event, entity = events.get(source.get("m_id")), entities.get(target.get("m_id"))
        if event is not None and entity is not None:
            pairs.append(Pair(event, entity))
    return GoldParticipants(doc, tuple(entities.values()), tuple(pairs))


def matches(predicted: Pair, gold: Pair) -> bool:
    return overlap(predicted.event, gold.event) > 0 and overlap(predicted.entity, gold.entity) > 0


def pair_counts(predicted: Sequence[Pair], gold: Sequence[Pair]) -> tuple[int, int, int]:
    """(matched predicted pairs, predicted pairs, gold pairs), each gold pair matched at most once."""
    used: set[int] = set()
    right = 0
    for pair in predicted:
        found = next((i for i, g in enumerate(gold) if i not in used and matches(pair, g)), None)
        if found is not None:
            used.add(found)
            right += 1
    return right, len(predicted), len(gold)


def system_pairs(extraction: Extraction) -> list[Pair]:
    """The extractor's (event, participant) pairs: every argument that is an entity mention (not a time)."""
    entities = {entity.id: entity for entity in extraction.entities}
    pairs = []
    for event in extraction.events:
        for argument in event.args:
            if (entity := entities.get(argument.entity)) is not None:
                pairs.append(Pair(_span(event.id, event.start, event.end, event.text, event.cls),
                                  _span(entity.id, entity.start, entity.end, entity.text, entity.label)))
    return list(dict.fromkeys(pairs))


def baseline_pairs(doc: Doc) -> list[Pair]:
    """spaCy NER + the subject and object dependents of every verb (the agent of a passive through "by")."""
    entity_of = {token.i: span for span in doc.ents for token in span}
    pairs = []
    for verb in (token for token in doc if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux"):
        for word in _subjects_and_objects(verb):
            span = entity_of.get(word.i)
            if span is None and word.pos_ not in ("NOUN", "PROPN"):
                continue
            start, end = (span.start_char, span.end_char) if span is not None else (word.idx, word.idx + len(word))
            pairs.append(Pair(_span(f"v{verb.i}", verb.idx, verb.idx + len(verb), verb.text, "VERB"),
                              _span(f"w{word.i}", start, end, doc.text[start:end], "")))
    return list(dict.fromkeys(pairs))


def _subjects_and_objects(verb: Token) -> Iterator[Token]:
    for child in verb.children:
        if child.dep_ in SUBJECTS_OBJECTS:
            yield child
        elif child.dep_ == "agent":
            yield from (word for word in child.children if word.dep_ == "pobj")


def _span(id_: str, start: int, end: int, text: str, kind: str) -> GoldSpan:
    return GoldSpan(id_, start, end, text, kind)


def _links_to(gold: GoldParticipants, types: frozenset[str] | None) -> list[Pair]:
    return [pair for pair in gold.pairs if types is None or pair.entity.kind in types]


def _typed(extraction: Extraction, gold_events: Sequence[GoldSpan]) -> tuple[int, int]:
    """(matched events with an ontology type, matched events)."""
    matched = [extraction.events[j] for _, j in align(gold_events, extraction.events)]
    return sum(bool(event.type) and event.type != "Event" for event in matched), len(matched)


def _corpus_of(doc: GoldDoc) -> str | None:
    return CORPORA.get(Path(doc.article.path).parent.name)


def documents(corpora: Path) -> list[tuple[str, GoldParticipants, Extraction, Doc]]:
    """MEANTIME apple and gm with their gold participants, the extraction and the spaCy parse of each."""
    from kg.nlp.extract import extract_doc
    from kg.nlp.pipeline import load_pipeline, parse

    docs = [(name, doc) for doc in read_meantime(Path(corpora)) if (name := _corpus_of(doc))]
    parsed = parse(load_pipeline(), ((doc.article.text, doc) for _, doc in docs))
    return [(name, gold_participants(doc), extract_doc(doc.article, parsed_doc), parsed_doc)
            for (name, doc), (parsed_doc, _) in zip(docs, parsed)]


def score_participants(corpora: Path) -> list[dict]:
    """Participant pairs (extractor and naive baseline) per corpus and overall, named entities, typed events."""
    from kg.nlp.extract import ENTITY_LABELS

    items = documents(corpora)
    rows = []
    for corpus in (*CORPORA.values(), ALL):
        chosen = [item for item in items if corpus in (ALL, item[0])]
        rows.append(_pairs_row(corpus, "participants (named or nominal)",
                               ((system_pairs(x), _links_to(g, NAMED_OR_NOMINAL)) for _, g, x, _ in chosen)))
        rows.append(_pairs_row(corpus, "participants, naive baseline (NER + subj/obj)",
                               ((baseline_pairs(d), _links_to(g, NAMED_OR_NOMINAL)) for _, g, _, d in chosen)))
        rows.append(_pairs_row(corpus, "participants (any entity mention)",
                               ((system_pairs(x), _links_to(g, None)) for _, g, x, _ in chosen)))
    names, typed = Counts(), Counts()
    for _, gold, extraction, _ in items:
        named = [e for e in gold.entities if e.kind in NAMED]
        system = [e for e in extraction.entities if e.label in ENTITY_LABELS]
        names.add(len(align(named, system)), len(system), None, len(named))
        found, matched = _typed(extraction, gold.doc.events)
        typed.add(found, matched, None, matched)
    rows.append(names.row(ALL, "named entities (NAM + PRE.NAM, relaxed)"))
    rows.append(typed.row(ALL, "typed events (share of matched events)"))
    return rows


def _pairs_row(corpus: str, task: str, documents: Iterable[tuple[Sequence[Pair], Sequence[Pair]]]) -> dict:
    counts = Counts()
    for predicted, gold in documents:
        right, n_predicted, n_gold = pair_counts(predicted, gold)
        counts.add(right, n_predicted, None, n_gold)
    return counts.row(corpus, task)
