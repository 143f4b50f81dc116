"""Vague reports of a keyed event are linked to it across articles (kgo:sameEventAs), in the real store."""

import datetime as dt

import rdflib

from kg.derive.coreference import COREFERENCE_GRAPH, links
from kg.model import Article
from kg.pipeline import delete_articles, ingest
from kg.graph.shacl import validate
from kg.store import Store
from kg.vocab import KGO

try:
    from tests.helpers import PREFIXES
except ModuleNotFoundError:
    from helpers import PREFIXES

# written for these tests: a strike reported to the day and the city, then recalled a month later
STRIKE = Article("strike", "An air strike hit a convoy in Aleppo on Monday, officials said. "
                 "The strike killed Ahmad Haddad, a senior militia commander, and two of his guards.",
                 dt.date(2024, 3, 6), title="Commander killed in Aleppo strike")
RECALL = Article("recall", "The militia met in Homs on Saturday to choose a new commander. "
                 "Ahmad Haddad was killed in an air strike in March.",
                 dt.date(2024, 4, 14), title="Militia picks new commander")
OTHER_CITY = Article("other", "A car bomb exploded in a market in Idlib on Sunday, killing nine people.",
                     dt.date(2024, 3, 11), title="Car bomb in Idlib")

LINKS = PREFIXES + """SELECT ?vague ?keyed ?reason ?score WHERE {
  GRAPH <%s> { ?d a kgo:CoreferenceDecision ; kgo:mergedFrom ?vague ; kgo:mergeInto ?keyed ;
               kgo:mergeReason ?reason ; kgo:mergeScore ?score . ?vague kgo:sameEventAs ?keyed .
               ?keyed kgo:sameEventAs ?vague } }""" % COREFERENCE_GRAPH


def linked(store) -> set[tuple[str, str]]:
    return {(str(r["vague"]).rsplit("/", 1)[1], str(r["keyed"]).rsplit("/", 1)[1]) for r in store.select(LINKS)}


def coreference_triples(store) -> rdflib.Graph:
    return store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{COREFERENCE_GRAPH}> {{ ?s ?p ?o }} }}",
                           union=False)


def test_a_vague_report_is_linked_to_the_keyed_event_with_reason_and_score(tmp_path):
    with Store(tmp_path / "store") as store:
        ingest(store, [STRIKE, RECALL, OTHER_CITY])
        found = store.select(LINKS)
        assert len(found) == 1, found
        [row] = found
        assert str(row["keyed"]).endswith("/event/killing-aleppo-2024-03-04")
        assert str(row["vague"]).split("/event/")[1].startswith("recall-")
        assert "same person" in row["reason"] and 0 < row["score"] <= 1
        time = store.select(PREFIXES + f"SELECT ?t WHERE {{ <{row['vague']}> kgo:timeValue ?t }}")
        assert [r["t"] for r in time] == ["2024-03"]  # each instance keeps its own time: not owl:sameAs
        assert validate(store.dataset()).conforms


def test_links_do_not_depend_on_the_order_of_ingest_and_go_with_their_article(tmp_path):
    with Store(tmp_path / "together") as together:
        ingest(together, [STRIKE, RECALL, OTHER_CITY])
        expected = linked(together)
    with Store(tmp_path / "apart") as apart:
        ingest(apart, [RECALL])
        assert not linked(apart)  # nothing keyed to link to yet
        ingest(apart, [OTHER_CITY])
        ingest(apart, [STRIKE])
        assert linked(apart) == expected and expected
        delete_articles(apart, ["strike"])
        assert not linked(apart) and not len(coreference_triples(apart))
        ingest(apart, [STRIKE])
        assert linked(apart) == expected


def test_a_vague_report_with_two_keyed_candidates_is_linked_to_neither():
    row = {"a": "urn:vague", "earliest": "2024-03-01", "latest": "2024-03-31", "via": "place"}
    assert links([{**row, "b": "urn:attack-1", "day": "2024-03-04"}]) == {"urn:vague": ("urn:attack-1", "place")}
    assert links([{**row, "b": "urn:attack-1", "day": "2024-03-04"},
                  {**row, "b": "urn:attack-2", "day": "2024-03-20"}]) == {}


def test_a_place_alone_links_a_month_at_most_and_a_shared_victim_a_year():
    year = {"a": "urn:vague", "b": "urn:keyed", "earliest": "2024-01-01", "latest": "2024-12-31", "day": "2024-03-04"}
    assert links([{**year, "via": "place"}]) == {}
    assert links([{**year, "via": "target"}]) == {"urn:vague": ("urn:keyed", "target")}


def test_the_event_route_lists_the_same_event_in_both_directions(tmp_path):
    from fastapi.testclient import TestClient

    from api.main import create_app

    with Store(tmp_path / "store") as store:
        ingest(store, [STRIKE, RECALL])
        [(vague, keyed)] = linked(store)
        client = TestClient(create_app(store))
        detail = client.get(f"/events/{keyed}").json()
        assert [(s["id"], s["time"]) for s in detail["same_as"]] == [(vague, "2024-03")]
        assert client.get(f"/events/{vague}").json()["same_as"][0]["id"] == keyed
        edges = client.get("/graph", params={"node": f"event/{vague}", "depth": 1}).json()["edges"]
        assert [(e["source"], e["target"]) for e in edges if e["kind"] == "coreference"] == [
            (f"event/{vague}", f"event/{keyed}")]
        assert store.ask(PREFIXES + f"ASK {{ ?d a <{KGO.CoreferenceDecision}> }}")
