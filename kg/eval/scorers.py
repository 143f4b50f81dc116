"""The temporal scorers of ``kg eval``: time expressions, event mentions, temporal links.

Each scorer takes the corpora folder and returns rows ``{corpus, task, P, R, F1, n}``. The
pipeline runs once per document (``_extracted`` is cached) exactly as ``kg extract`` does,
on the held-out TempEval-3 test split and on MEANTIME, which no model is trained on.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable
from pathlib import Path

from kg.eval.corpora import GoldDoc, read_matres, read_meantime, read_tbaq, read_tbdense
from kg.eval.metrics import Counts, align, span_counts, temporal_awareness
from kg.model import Extraction
from kg.nlp.timeline import INVERSE, Timeline, coarse, timeline_of

TBAQ_TEST = "tempeval3-tbaq/test"
# a coarse interval relation → the MATRES start-point relation it implies
START_POINT = {"before": "BEFORE", "after": "AFTER", "simultaneous": "EQUAL", "includes": "BEFORE",
               "is_included": "AFTER"}


@functools.cache
def _extracted(corpora: Path, corpus: str) -> tuple[tuple[GoldDoc, Extraction], ...]:
    """Gold documents of one corpus with the pipeline's extraction of their text."""
    from kg.nlp import extract_many

    docs = list(read_tbaq(corpora, ("test",)) if corpus == TBAQ_TEST else read_meantime(corpora))
    return tuple(zip(docs, extract_many(d.article for d in docs)))


def _corpora(corpora: Path, names: tuple[str, ...] = (TBAQ_TEST, "meantime")) -> list[tuple[str, tuple]]:
    return [(name, _extracted(Path(corpora), name)) for name in names]


def score_timex(corpora: Path) -> list[dict]:
    """TIMEX3 strict and relaxed span P/R/F1, and value F1 (relaxed match with the same value)."""
    rows = []
    for name, pairs in _corpora(corpora):
        strict, relaxed, value = Counts(), Counts(), Counts()
        for gold, extraction in pairs:
            system = extraction.timexes
            strict.add(*span_counts(gold.timexes, system, True)[:2], None, len(gold.timexes))
            relaxed.add(*span_counts(gold.timexes, system, False)[:2], None, len(gold.timexes))
            same = sum(gold.timexes[i].value == system[j].value for i, j in align(gold.timexes, system))
            value.add(same, len(system), None, len(gold.timexes))
        rows += [strict.row(name, "timex strict"), relaxed.row(name, "timex relaxed"),
                 value.row(name, "timex value")]
    return rows


def score_events(corpora: Path) -> list[dict]:
    """EVENT strict and relaxed span P/R/F1 (TimeML events: every eventive predicate)."""
    rows = []
    for name, pairs in _corpora(corpora):
        strict, relaxed, cls = Counts(), Counts(), Counts()
        for gold, extraction in pairs:
            system = extraction.events
            strict.add(*span_counts(gold.events, system, True)[:2], None, len(gold.events))
            relaxed.add(*span_counts(gold.events, system, False)[:2], None, len(gold.events))
            if name == TBAQ_TEST:
                same = sum(gold.events[i].kind == system[j].cls for i, j in align(gold.events, system))
                cls.add(same, len(system), None, len(gold.events))
        rows += [strict.row(name, "event strict"), relaxed.row(name, "event relaxed")]
        if name == TBAQ_TEST:
            rows.append(cls.row(name, "event class"))
    return rows


def _mapping(gold: GoldDoc, extraction: Extraction) -> dict[str, str]:
    """System mention id → gold id, by relaxed span alignment; ``dct`` stays ``dct``."""
    mapping = {"dct": "dct"}
    for gold_spans, system in ((gold.events, extraction.events), (gold.timexes, extraction.timexes)):
        for i, j in align(gold_spans, system):
            mapping[system[j].id] = gold_spans[i].id
    return mapping


def _system_links(gold: GoldDoc, extraction: Extraction) -> list[tuple[Hashable, str, Hashable]]:
    """The extraction's temporal links with ends renamed to gold ids, one per pair of ends."""
    mapping = _mapping(gold, extraction)
    links: dict[frozenset, tuple] = {}
    for relation in extraction.relations:
        if relation.type in ("causes", "vague") or relation.inferred:
            continue
        source = mapping.get(relation.source, ("system", relation.source))
        target = mapping.get(relation.target, ("system", relation.target))
        links.setdefault(frozenset((source, target)), (source, relation.type, target))
    return list(links.values())


def score_temporal_awareness(corpora: Path) -> list[dict]:
    """End-to-end temporal awareness: system times, events and links against the gold TLINKs."""
    rows = []
    for name, pairs in _corpora(corpora):
        counts = Counts()
        for gold, extraction in pairs:
            gold_links = [(link.source, link.type, link.target) for link in gold.links]
            tp_p, n_system, tp_r, n_gold = temporal_awareness(_system_links(gold, extraction), gold_links)
            counts.add(tp_p, n_system, tp_r, n_gold)
        rows.append(counts.row(name, "temporal awareness"))
    return rows


def _predicted(timeline: Timeline, source: str, target: str) -> str:
    if source not in timeline or target not in timeline:
        return "vague"
    return timeline.relation(source, target) or "vague"


def score_pairs(corpora: Path) -> list[dict]:
    """Relations the pipeline gives to the gold pairs of TimeBank-Dense and MATRES (test documents).

    End to end: a pair counts as predicted when both its ends were found (relaxed span), and
    the prediction is what the closure of the extraction's links says (``vague`` if nothing).
    TimeBank-Dense is scored over its six labels, VAGUE included; MATRES (start points) over
    BEFORE/AFTER/EQUAL, with interval relations mapped to what they say of the start points.
    """
    corpora = Path(corpora)
    pairs = _extracted(corpora, TBAQ_TEST)
    docs = {gold.id: gold for gold, _ in pairs}
    dense, matres = read_tbdense(corpora), read_matres(corpora, docs)
    tbd, mat = Counts(), Counts()
    for gold, extraction in pairs:
        known = {x.id for x in gold.events + gold.timexes} | {"dct"}
        timeline = timeline_of(_system_links(gold, extraction))
        found = set(_mapping(gold, extraction).values())
        for link in dense.get(gold.id, []):
            if link.source not in known or link.target not in known:
                continue
            if link.source in found and link.target in found:
                predicted = _predicted(timeline, link.source, link.target)
                tbd.add(predicted == coarse(link.type), 1, None, 1)
            else:
                tbd.add(0, 0, None, 1)
        for link in matres.get(gold.id, []):
            expected = link.type
            predicted = "VAGUE"
            if link.source in found and link.target in found:
                predicted = START_POINT.get(_predicted(timeline, link.source, link.target), "VAGUE")
            correct = predicted == expected and expected != "VAGUE"
            mat.add(correct, predicted != "VAGUE", None, expected != "VAGUE")
    return [tbd.row("timebank-dense/test", "tlink (end to end)"), mat.row("matres/test", "tlink (end to end)")]



def score_gold_pairs(corpora: Path) -> list[dict]:
    """The link classifiers alone on the gold pairs of TimeBank-Dense and MATRES (test documents).

    The standard protocol of both corpora: gold events and times are given, every gold pair
    gets a relation (the classifier's most likely one, ``vague`` included for TimeBank-Dense);
    pairs of two times are ordered by their values.
    """
    from kg.nlp.pipeline import load_pipeline
    from kg.nlp.temporal import Node, classify, nodes_of
    from kg.nlp.timeline import compare_values

    corpora = Path(corpora)
    docs = list(read_tbaq(corpora, ("test",)))
    dense, matres = read_tbdense(corpora), read_matres(corpora, {d.id: d for d in docs})
    tbd, mat = Counts(), Counts()
    nlp = load_pipeline()
    for gold, doc in zip(docs, nlp.pipe(d.article.text for d in docs)):
        events, timexes = nodes_of(doc, gold.events, gold.timexes)
        nodes = {n.id: n for n in events + timexes} | {"dct": Node("dct", "dct")}
        anchor = gold.article.date

        def predict(first: str, second: str) -> str:
            a, b = nodes[first], nodes[second]
            if a.kind != "event" and b.kind != "event":
                values = [anchor.isoformat() if n.kind == "dct" else n.value for n in (a, b)]
                return compare_values(*values) or "vague"
            swap = a.kind != "event" or (b.kind == "event" and b.token < a.token)
            if swap:
                a, b = b, a
            kind = "event-dct" if b.kind == "dct" else "event-timex" if b.kind == "timex" else "event-event"
            (_, _, relation, _), = classify(doc, [(a, b, kind)], anchor, allow_none=False)
            return INVERSE.get(relation, relation) if swap else relation

        for link in dense.get(gold.id, []):
            if link.source in nodes and link.target in nodes:
                tbd.add(predict(link.source, link.target) == coarse(link.type), 1, None, 1)
        for link in matres.get(gold.id, []):
            if link.source in nodes and link.target in nodes:
                predicted = START_POINT.get(predict(link.source, link.target), "VAGUE")
                mat.add(predicted == link.type != "VAGUE", predicted != "VAGUE", None, link.type != "VAGUE")
    return [tbd.row("timebank-dense/test", "tlink (gold mentions)"), mat.row("matres/test", "tlink (gold mentions)")]
