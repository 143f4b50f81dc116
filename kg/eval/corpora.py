"""Readers for the annotated corpora in ``../shared/eval/``, as gold documents with offsets.

Every reader yields :class:`GoldDoc`: the article (text and creation date) and its gold time
expressions, event mentions and temporal links, with offsets into ``article.text`` so that
gold and system mentions can be compared by span. Temporal links name their ends by the
corpus's own ids (event ``eid``/``m_id``, timex ``tid``), and ``dct`` for the creation time.

The document split (:func:`split_of`) is the one every model and every score uses: the
TimeBank-Dense train/dev/test split of Cassidy et al. (2014) for its 36 documents, and a
fixed hash of the file name for the other TempEval-3 training files (20 % test, 10 % dev).
Models are trained on ``train`` (and ``dev`` once tuned); scores are reported on ``test`` and
on corpora no model ever sees (MEANTIME).
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from kg.ingest import parse_date, timeml_annotations
from kg.model import Article

# Cassidy, McDowell, Chambers and Bethard (2014); the split CAEVO and later work use.
TBD_DEV = frozenset({"APW19980227.0487", "CNN19980223.1130.0960", "NYT19980212.0019", "PRI19980216.2000.0170",
                     "ed980111.1130.0089"})
TBD_TEST = frozenset({"APW19980227.0489", "APW19980227.0494", "APW19980308.0201", "APW19980418.0210",
                      "CNN19980126.1600.1104", "CNN19980213.2130.0155", "NYT19980402.0453", "PRI19980115.2000.0186",
                      "PRI19980306.2000.1675"})
TBD_TRAIN = frozenset({
    "ABC19980108.1830.0711", "ABC19980114.1830.0611", "ABC19980120.1830.0957", "ABC19980304.1830.1636",
    "AP900815-0044", "AP900816-0139", "APW19980213.1310", "APW19980213.1320", "APW19980213.1380", "APW19980219.0476",
    "APW19980227.0468", "APW19980227.0476", "CNN19980222.1130.0084", "CNN19980227.2130.0067", "NYT19980206.0460",
    "NYT19980206.0466", "PRI19980121.2000.2591", "PRI19980205.2000.1890", "PRI19980205.2000.1998",
    "PRI19980213.2000.0313", "ea980120.1830.0071", "ea980120.1830.0456"})
TBD_LABELS = {"b": "BEFORE", "a": "AFTER", "i": "INCLUDES", "ii": "IS_INCLUDED", "s": "SIMULTANEOUS", "v": "VAGUE"}
TBAQ = "tempeval3-tbaq"
MEANTIME = "meantime"
MEANTIME_SENTENCES = 5  # the last annotated sentence of every MEANTIME file


class CorpusMissing(FileNotFoundError):
    """A corpus folder is not where ``kg eval`` looks for it."""


@dataclass(frozen=True)
class GoldSpan:
    """A gold TIMEX3 or EVENT: offsets into the article text, its type/class and value."""

    id: str
    start: int
    end: int
    text: str
    kind: str  # TIMEX3 type (DATE, TIME, DURATION, SET) or EVENT class
    value: str = ""


@dataclass(frozen=True)
class GoldLink:
    """A gold temporal link between two ids of one document (``dct`` for the creation time)."""

    source: str
    target: str
    type: str  # TimeML relType, upper case (BEFORE, IS_INCLUDED, …, VAGUE)


@dataclass(frozen=True)
class GoldDoc:
    corpus: str
    id: str
    article: Article
    timexes: tuple[GoldSpan, ...] = ()
    events: tuple[GoldSpan, ...] = ()
    links: tuple[GoldLink, ...] = ()
    instances: tuple[tuple[str, str], ...] = ()  # (eiid, eid) for TimeML files


def default_corpora() -> Path:
    """``../shared/eval`` beside the repository checkout."""
    repo = Path(__file__).resolve().parents[2]
    return repo.parent / "shared" / "eval"


def split_of(doc_id: str) -> str:
    """``train``, ``dev`` or ``test`` for a TempEval-3 training document (see the module doc)."""
    if doc_id in TBD_TEST:
        return "test"
    if doc_id in TBD_DEV:
        return "dev"
    if doc_id in TBD_TRAIN:
        return "train"
    bucket = zlib.crc32(doc_id.encode("utf-8")) % 10
    return "test" if bucket < 2 else "dev" if bucket == 2 else "train"


def corpus_dir(corpora: Path, name: str) -> Path:
    path = Path(corpora) / name
    if not path.is_dir():
        raise CorpusMissing(f"{name} is not in {corpora}")
    return path


# --- TimeML (TempEval-3 TBAQ) -----------------------------------------------------


def read_timeml(path: str | Path, corpus: str = TBAQ) -> GoldDoc:
    """One TimeML file: TIMEX3s and EVENTs of ``<TEXT>``, TLINKs with instance ids resolved to eids."""
    article, tags = timeml_annotations(path)
    dct_ids = {t["attrs"].get("tid") for t in tags if t["tag"] == "TIMEX3" and t["start"] is None}
    timexes, events, instances = [], [], []
    for tag in tags:
        attrs = tag["attrs"]
        if tag["tag"] == "TIMEX3" and tag["start"] is not None:
            timexes.append(GoldSpan(attrs["tid"], tag["start"], tag["end"], tag["text"], attrs.get("type", "DATE"),
                                    attrs.get("value", "")))
        elif tag["tag"] == "EVENT":
            events.append(GoldSpan(attrs["eid"], tag["start"], tag["end"], tag["text"], attrs.get("class", "OCCURRENCE")))
        elif tag["tag"] == "MAKEINSTANCE":
            instances.append((attrs["eiid"], attrs["eventID"]))
    eid_of = dict(instances)

    def node(attrs: dict, event_key: str, time_key: str) -> str | None:
        if event_key in attrs:
            return eid_of.get(attrs[event_key])
        tid = attrs.get(time_key)
        return "dct" if tid in dct_ids else tid

    links = []
    for tag in tags:
        if tag["tag"] != "TLINK":
            continue
        attrs = tag["attrs"]
        source = node(attrs, "eventInstanceID", "timeID")
        target = node(attrs, "relatedToEventInstance", "relatedToTime")
        if source and target and source != target:
            links.append(GoldLink(source, target, attrs.get("relType", "VAGUE").upper()))
    return GoldDoc(corpus, article.id, article, tuple(timexes), tuple(events), tuple(links), tuple(instances))


def tbaq_paths(corpora: Path) -> list[Path]:
    root = corpus_dir(corpora, TBAQ)
    return sorted(root.glob("*/*.tml"))


def read_tbaq(corpora: Path, splits: tuple[str, ...] = ("test",)) -> Iterator[GoldDoc]:
    """The TempEval-3 training files of the given splits, in name order."""
    for path in tbaq_paths(corpora):
        if split_of(path.name.removesuffix(".tml")) in splits:
            yield read_timeml(path)


# --- pair files: TimeBank-Dense and MATRES -----------------------------------------


def read_tbdense(corpora: Path) -> dict[str, list[GoldLink]]:
    """TimeBank-Dense links by document: ids are eids and tids (``t0`` is the creation time)."""
    path = corpus_dir(corpora, "timebank-dense") / "data" / "TempEval3" / "TimebankDense.full.txt"
    links: dict[str, list[GoldLink]] = {}
    with path.open(encoding="utf-8") as stream:
        for row in csv.reader(stream, delimiter="\t"):
            if len(row) < 4:
                continue
            doc, first, second, label = row[:4]
            ends = ["dct" if x == "t0" else x for x in (first, second)]
            links.setdefault(doc, []).append(GoldLink(ends[0], ends[1], TBD_LABELS[label.strip()]))
    return links


def read_matres(corpora: Path, docs: dict[str, GoldDoc]) -> dict[str, list[GoldLink]]:
    """MATRES start-point links by document, with eiids resolved to the eids of ``docs``."""
    root = corpus_dir(corpora, "matres")
    links: dict[str, list[GoldLink]] = {}
    for name in ("timebank.txt", "aquaint.txt"):
        with (root / name).open(encoding="utf-8") as stream:
            for row in csv.reader(stream, delimiter="\t"):
                if len(row) < 6 or row[0] not in docs:
                    continue
                eid_of = dict(docs[row[0]].instances)
                first, second = eid_of.get(f"ei{row[3]}"), eid_of.get(f"ei{row[4]}")
                if first and second:
                    links.setdefault(row[0], []).append(GoldLink(first, second, row[5].strip().upper()))
    return links


# --- MEANTIME (CAT XML) -----------------------------------------------------------


def read_meantime(corpora: Path) -> Iterator[GoldDoc]:
    """MEANTIME's English Wikinews articles: tokens joined by spaces, one sentence a line.

    Only the title, the date line and the first four sentences are annotated (sentences
    0–5 of each file), so the text stops there: the rest would count as false positives.
    The creation time is a TIMEX3 of the text (the date line); it is scored as a time
    expression and stands for ``dct`` in the temporal links.
    """
    root = corpus_dir(corpora, MEANTIME) / "intra-doc_annotation"
    for path in sorted(root.glob("*/*.xml")):
        yield _read_cat(path)


@dataclass(frozen=True)
class CatToken:
    """A token of a CAT file: its ``t_id``, sentence number (as the file numbers them, title = 0),
    position in the document, and offsets into the text :func:`cat_text` builds."""

    id: str
    sentence: int
    number: int
    start: int
    end: int
    text: str


def cat_text(root: etree._Element, last_sentence: int | None = None) -> tuple[str, list[CatToken]]:
    """A CAT document's tokens joined by spaces, one sentence a line (up to ``last_sentence``), and its tokens."""
    parts: list[str] = []
    tokens: list[CatToken] = []
    position, sentence = 0, None
    for token in root.iter("token"):
        number = int(token.get("sentence", 0))
        if last_sentence is not None and number > last_sentence:
            break
        if sentence is not None:
            parts.append(" " if number == sentence else "\n")
            position += 1
        sentence = number
        word = token.text or ""
        tokens.append(CatToken(token.get("t_id"), number, int(token.get("number", len(tokens))), position,
                               position + len(word), word))
        parts.append(word)
        position += len(word)
    return "".join(parts), tokens


def _read_cat(path: Path) -> GoldDoc:
    root = etree.parse(str(path)).getroot()
    text, tokens = cat_text(root, MEANTIME_SENTENCES)
    offsets = {token.id: (token.start, token.end) for token in tokens}

    def span(element: etree._Element) -> tuple[int, int] | None:
        anchors = [offsets[a.get("t_id")] for a in element.iter("token_anchor") if a.get("t_id") in offsets]
        return (min(a[0] for a in anchors), max(a[1] for a in anchors)) if anchors else None

    markables = root.find("Markables")
    timexes, events, dct_ids, date = [], [], set(), None
    for element in markables if markables is not None else ():
        found = span(element)
        if element.tag == "TIMEX3":
            if element.get("functionInDocument") == "CREATION_TIME":
                dct_ids.add(element.get("m_id"))
                date = date or parse_date(element.get("value", "")[:10], str(path))
            if found:
                timexes.append(GoldSpan(element.get("m_id"), *found, text[found[0]:found[1]], element.get("type", "DATE"),
                                        element.get("value", "")))
        elif element.tag == "EVENT_MENTION" and found:
            events.append(GoldSpan(element.get("m_id"), *found, text[found[0]:found[1]], element.get("pred", "")))
    links = []
    relations = root.find("Relations")
    for element in relations.iter("TLINK") if relations is not None else ():
        ends = [element.find(side) for side in ("source", "target")]
        if any(end is None for end in ends):
            continue
        source, target = ("dct" if e.get("m_id") in dct_ids else e.get("m_id") for e in ends)
        links.append(GoldLink(source, target, (element.get("reltype") or "VAGUE").upper()))
    name = path.stem
    article = Article(name, text, date, path=str(path), format="cat")
    return GoldDoc(MEANTIME, name, article, tuple(timexes), tuple(events), tuple(links))


FACTUALITY = ("time", "certainty", "polarity")


def meantime_factuality(doc: GoldDoc) -> dict[str, dict[str, str]]:
    """MEANTIME's factuality of each gold event mention of ``doc``, by id: its ``time`` (FUTURE,
    NON_FUTURE), ``certainty`` (CERTAIN, PROBABLE, POSSIBLE, UNDERSPECIFIED) and ``polarity`` (POS,
    NEG, UNDERSPECIFIED) as annotated, "" where the annotators left one out."""
    root = etree.parse(doc.article.path).getroot()
    return {element.get("m_id"): {name: element.get(name) or "" for name in FACTUALITY}
            for element in root.iter("EVENT_MENTION")}


def timeml_polarity(doc: GoldDoc) -> dict[str, str]:
    """TimeML's polarity (POS, NEG) of each gold EVENT of a TimeML ``doc``, by eid (from its MAKEINSTANCE)."""
    _, tags = timeml_annotations(doc.article.path)
    return {tag["attrs"]["eventID"]: tag["attrs"].get("polarity", "POS").upper()
            for tag in tags if tag["tag"] == "MAKEINSTANCE" and "eventID" in tag["attrs"]}


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
