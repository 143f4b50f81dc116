"""Attributed figures: who reported them, who relayed them, which one is the latest."""

import datetime as dt

from kg.graph import build_graph, claim_rank
from kg.model import Article
from kg.nlp import extract
from kg.resolve import resolve
from kg.vocab import KGO


def claims_of(text: str, date=dt.date(2024, 3, 1)):
    return extract(Article("t", text, date)).claims


def test_inner_source_and_relay():
    claims = claims_of('"Jan Novak, a spokesperson for the regional fire service, told reporters that 12 people had '
                       'been killed," according to Reuters.')
    assert [(c.value, c.source, c.relay) for c in claims] == [(12, "regional fire service", "Reuters")]


def test_initial_toll_and_revision_are_staged():
    claims = claims_of("A bus plunged into a ravine on Friday, killing 14 passengers. The initial death toll of 9 "
                       "was revised after rescuers reached the site.")
    stages = {(c.value, c.stage) for c in claims}
    assert (9, "initial") in stages and (14, "") in stages


def test_revised_figure_under_a_revising_verb():
    claims = claims_of("A landslide buried a village on Monday, killing 40 people. Officials later lowered the figure to 31.")
    assert (31, "revised") in {(c.value, c.stage) for c in claims}


def test_embedded_post_is_attributed_to_its_author():
    claims = claims_of("At least 5 killed in a blast at the market pic.twitter.com/abc — City Watch (@citywatch) March 1, 2024")
    assert {c.source for c in claims} == {"City Watch"}


def test_latest_claim_sets_the_event_toll():
    # undated: an event of this article alone, so its own graph says which claim is the latest
    text = ("An explosion tore through a factory in Lyon, killing 4 workers, the fire service said. "
            "The initial death toll of 2 was revised.")
    graph = build_graph(resolve(extract(Article("t", text, dt.date(2024, 3, 6)))))
    latest = [o for s, p, o in graph.triples((None, KGO.isLatest, None))]
    assert len(latest) == 1
    tolls = {int(o) for _, _, o in graph.triples((None, KGO.killed, None))}
    assert 4 in tolls


def test_claim_order():
    assert claim_rank("2024-01-04", "", 84) > claim_rank("2024-01-03", "revised", 103)
    assert claim_rank("2024-01-03", "revised", 50) > claim_rank("2024-01-03", "", 70) > claim_rank("2024-01-03", "initial", 90)


def test_a_toll_that_rose_reached_or_stood_at_a_figure():
    for text, value in (("A bomb exploded at a market in Mosul on Monday. The death toll rose to 84 on Tuesday.", 84),
                        ("A bomb exploded at a market in Mosul on Monday. The death toll reached 37.", 37),
                        ("A bomb exploded at a market in Mosul on Monday. The death toll stood at 12, police said.", 12)):
        assert value in {c.value for c in claims_of(text) if c.property == "killed"}, text


def test_the_tolls_of_one_earthquake_reported_over_days_are_claims_on_one_event():
    """Three reports of one earthquake: one instance (keyed by country and day), with each article's toll side by
    side, who gave it and when, the latest marked; the third dates the quake by "three days after"."""
    from kg.pipeline import ingest
    from kg.store import Store

    reports = [
        ("q1", dt.date(2025, 6, 9), "A magnitude 6.8 earthquake struck southern Turkey early on Monday, killing at least "
                                    "30 people, officials said."),
        ("q2", dt.date(2025, 6, 10), "The death toll from Monday's earthquake in southern Turkey has risen to 58, the "
                                     "interior ministry said on Tuesday."),
        ("q3", dt.date(2025, 6, 12), "Rescuers in southern Turkey ended the search for survivors on Thursday, three "
                                     "days after an earthquake that killed 73 people, according to the civil "
                                     "protection agency."),
    ]
    with Store() as store:
        ingest(store, [Article(key, text, day) for key, day, text in reports])
        rows = store.select("""SELECT ?event ?value ?at ?latest WHERE { ?c a kgo:Claim ; kgo:about ?event ;
            kgo:claimProperty "killed" ; kgo:claimValue ?value ; kgo:reportedAt ?at OPTIONAL { ?c kgo:isLatest ?latest } }""")
    assert {row["event"] for row in rows} == {"https://w3id.org/newskg/id/event/disaster-turkey-2025-06-09"}
    assert {row["value"] for row in rows} == {30, 58, 73}
    assert {row["value"] for row in rows if row.get("latest")} == {73}
