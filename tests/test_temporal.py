"""Temporal links: the point-algebra timeline (consistency, closure) and the pipeline's links."""

import datetime as dt

import pytest

from kg.model import Article
from kg.nlp import extract
from kg.nlp.temporal import candidate_pairs, nodes_of
from kg.nlp.timeline import Timeline, coarse, compare_values, timeline_of


def test_closure_chains_before_through_inclusion():
    timeline = timeline_of([("a", "BEFORE", "b"), ("b", "INCLUDES", "c"), ("c", "SIMULTANEOUS", "d")])
    assert timeline.relation("a", "c") == "before"
    assert timeline.relation("d", "a") == "after"
    assert timeline.relation("b", "d") == "includes"
    assert timeline.entails("a", "BEFORE", "d")
    assert not timeline.entails("c", "BEFORE", "b")


def test_a_contradiction_is_refused_and_changes_nothing():
    timeline = Timeline()
    assert timeline.add("a", "BEFORE", "b") and timeline.add("b", "BEFORE", "c")
    edges = timeline.graph.number_of_edges()
    assert not timeline.add("c", "BEFORE", "a")
    assert not timeline.add("a", "SIMULTANEOUS", "c")
    assert timeline.graph.number_of_edges() == edges
    assert timeline.add("c", "AFTER", "a")  # implied: accepted


def test_unrelated_intervals_have_no_relation():
    timeline = timeline_of([("a", "INCLUDES", "b"), ("a", "INCLUDES", "c")])
    assert timeline.relation("b", "c") is None
    assert timeline.relation("a", "x") is None


@pytest.mark.parametrize(("relation", "expected"), [
    ("IBEFORE", "before"), ("BEGUN_BY", "includes"), ("ENDS", "is_included"), ("IDENTITY", "simultaneous"),
    ("DURING", "simultaneous"), ("VAGUE", "vague"), ("nonsense", "vague"),
])
def test_timeml_relations_map_to_the_graph_relations(relation, expected):
    assert coarse(relation) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("2020-01-03", "2024-01-02", "before"), ("2024-01", "2024-01-02", "includes"),
    ("2024-W05", "2024-01", "overlaps"), ("2024-01-02", "2024-01-02T10:00", "simultaneous"),
    ("PAST_REF", "2024-01-02", None),
])
def test_compare_values(a, b, expected):
    assert compare_values(a, b) == expected


def test_candidate_pairs_cover_dct_timexes_governed_events_and_main_events():
    from kg.nlp.temporal import Node

    events = [Node("e1", "event", 1, sentence=0), Node("e2", "event", 3, sentence=0, governor=1, depth=1),
              Node("e5", "event", 6, sentence=0, governor=3, depth=2), Node("e3", "event", 9, sentence=1, depth=1),
              Node("e6", "event", 12, sentence=1), Node("e4", "event", 20, sentence=3)]
    timexes = [Node("t1", "timex", 5, 5, 6, sentence=0)]
    pairs = {(a.id, b.id, kind) for a, b, kind in candidate_pairs(events, timexes)}
    assert {("e1", "dct", "event-dct"), ("e4", "dct", "event-dct")} <= pairs
    assert {("e1", "t1", "event-timex"), ("e2", "t1", "event-timex"), ("e5", "t1", "event-timex")} <= pairs
    assert not any(a == "e3" and b == "t1" for a, b, _ in pairs)  # another sentence's time
    event_pairs = {(a, b) for a, b, kind in pairs if kind == "event-event"}
    # e1 governs e2, e2 governs e5; e1 and e5 have e2 between them; e3 and e6 govern neither;
    # e1 and e6 are the main events of sentences 0 and 1; sentence 3 has no neighbour
    assert event_pairs == {("e1", "e2"), ("e2", "e5"), ("e1", "e6")}


def test_nodes_of_places_events_in_the_parse():
    from kg.nlp.pipeline import load_pipeline

    doc = load_pipeline()("Police said rebels attacked the town on Monday after troops withdrew.")
    mentions = [_span(f"e{n}", doc, word) for n, word in enumerate(("said", "attacked", "withdrew"))]
    (said, attacked, withdrew), (monday,) = nodes_of(doc, mentions, [_span("t1", doc, "Monday")])
    assert (said.token, said.governor, said.depth) == (1, -1, 0)
    assert (attacked.governor, withdrew.governor) == (said.token, attacked.token)
    assert withdrew.depth == 2 and monday.start == 7
    event_pairs = {(a.id, b.id) for a, b, kind in candidate_pairs([said, attacked, withdrew], [monday])
                   if kind == "event-event"}
    assert event_pairs == {("e0", "e1"), ("e1", "e2")}


def _span(id_, doc, word):
    start = doc.text.index(word)

    class Mention:
        pass

    mention = Mention()
    mention.id, mention.start, mention.end, mention.cls, mention.type, mention.value = id_, start, start + len(word), "", "", ""
    return mention


def test_pipeline_links_are_consistent_and_typed_events_are_closed():
    text = ("Gunmen attacked a police station in the capital on Monday. Two days later, the army launched an "
            "air strike on the group's camp. The president condemned the attack on Thursday.")
    x = extract(Article("t", text, dt.date(2023, 5, 12)))
    temporal = [r for r in x.relations if r.type != "causes"]
    assert temporal
    ids = {e.id for e in x.events} | {t.id for t in x.timexes} | {"dct"}
    assert all(r.source in ids and r.target in ids for r in temporal)
    pairs = [frozenset((r.source, r.target)) for r in temporal]
    assert len(pairs) == len(set(pairs)), "one relation per pair"
    timeline = timeline_of((r.source, r.type, r.target) for r in temporal if not r.inferred)
    for relation in temporal:  # the closure is consistent with every link kept
        assert timeline.entails(relation.source, relation.type, relation.target) or relation.type == "overlaps"
    assert all(r.evidence for r in temporal if not r.inferred)
    attack = next(e for e in x.events if e.text == "attacked")
    assert any(r.source == attack.id and r.target == "dct" and r.type in ("before", "is_included") for r in temporal)


def test_times_are_ordered_by_their_values_without_restating_the_closure():
    text = ("The dam was finished in 1998. Floods hit the valley on March 3, 2010, and again on June 9, 2012. "
            "Repairs will start next year.")
    x = extract(Article("t", text, dt.date(2015, 4, 20)))
    times = {t.text: t.id for t in x.timexes}
    assert {"1998", "March 3, 2010", "June 9, 2012", "next year"} <= set(times)
    among = [r for r in x.relations if {r.source, r.target} <= set(times.values()) | {"dct"}]
    timeline = timeline_of((r.source, r.type, r.target) for r in among)
    assert timeline.entails(times["1998"], "BEFORE", times["June 9, 2012"])
    assert timeline.entails(times["next year"], "AFTER", "dct")
    assert timeline.entails(times["March 3, 2010"], "BEFORE", times["next year"])
    # four times and the article date: a chain, not every one of the ten pairs
    assert len(among) == 4
    assert all(r.evidence and r.confidence == 0.75 for r in among)


def test_an_events_clause_is_read_up_to_the_root():
    from kg.nlp.pipeline import load_pipeline
    from kg.nlp.temporal import _under_reporting

    doc = load_pipeline()("Officials said the bomb exploded near the market.")
    clause = {t.text: _under_reporting(t) for t in doc}
    assert clause["said"] == "root"  # the main clause, not "deep" as when the root went unseen
    assert clause["exploded"] == "ccomp|say"
