"""Planned, possible and denied events: kept with their reports, drawn apart, and no cause of anything
unless asked (``include=planned``) — a speech "set to" happen later today has caused nothing yet."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import rdflib
from rdflib import Literal
from rdflib import namespace as ns

from api.main import create_app
from apitest import KGO, KGR, _event, _link, example_graphs, serve
from kg.config import Settings
from kg.graph import factuality
from kg.model import EventMention
from kg.store import Store


def planned_speech() -> rdflib.Graph:
    """The Kerman bombing (asserted elsewhere) causing a speech that is only announced."""
    graph = rdflib.Graph()
    speech = _event(graph, "nasrallah-speech", "Statement", "Speech in Beirut", "2024-01-03", 0.6)
    graph.add((speech, KGO.factuality, Literal("planned")))
    graph.add((speech, KGO.hasPlace, KGR["place/dahieh"]))
    graph.add((KGR["place/dahieh"], ns.RDF.type, KGO.Place))
    graph.add((KGR["place/dahieh"], ns.RDFS.label, Literal("Dahieh")))
    graph.add((KGR["event/kerman-bombing"], KGO.factuality, Literal("asserted")))
    _link(graph, "causal-planned", KGO.CausalLink, KGR["event/kerman-bombing"], speech, "",
          "The leader is set to speak later today after the blasts.", "after", 0.7)
    return graph


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    store = Store()
    store.put_graphs({**example_graphs(), str(KGR["article/a3"]): planned_speech()})
    with serve(create_app(store=store, settings=Settings())) as running:
        yield running


def test_a_planned_event_causes_and_follows_nothing_unless_asked(client: httpx.Client) -> None:
    effects = client.get("/effects/kerman-bombing").json()
    assert [event["id"] for event in effects["events"]] == []
    asked = client.get("/effects/kerman-bombing", params={"include": "planned"}).json()
    assert [(event["id"], event["factuality"]) for event in asked["events"]] == [("nasrallah-speech", "planned")]
    assert client.get("/effects/kerman-bombing", params={"include": "maybe"}).status_code == 422


def test_paths_go_through_asserted_events_only_unless_asked(client: httpx.Client) -> None:
    params = {"from": "event/kerman-bombing", "to": "place/dahieh", "max_length": 2}
    assert client.get("/paths", params=params).json()["paths"] == []
    [path] = client.get("/paths", params={**params, "include": "planned"}).json()["paths"]
    assert [node["id"] for node in path["nodes"]] == ["event/kerman-bombing", "event/nasrallah-speech", "place/dahieh"]
    ends = {"from": "event/kerman-bombing", "to": "event/nasrallah-speech", "max_length": 1}
    assert client.get("/paths", params=ends).json()["paths"] != []  # an end of a path may be planned


def test_the_timeline_marks_planned_events(client: httpx.Client) -> None:
    items = {item["id"]: item for item in client.get("/timeline").json()["items"]}
    assert items["nasrallah-speech"]["factuality"] == "planned"
    assert "kg-planned" in items["nasrallah-speech"]["className"]
    assert items["kerman-bombing"]["factuality"] == "asserted" and "kg-planned" not in items["kerman-bombing"]["className"]


def mention(**attributes: object) -> EventMention:
    return EventMention("e1", 0, 6, "strike", "strike", "OCCURRENCE", 0, **attributes)


def test_an_articles_reports_of_an_event_give_its_factuality() -> None:
    assert factuality([mention(polarity="NEG")]) == "denied"
    assert factuality([mention(polarity="NEG"), mention()]) == "asserted"  # one report of it happening suffices
    assert factuality([]) == "asserted"


def test_the_event_summary_says_asserted_when_any_article_asserts(client: httpx.Client) -> None:
    assert client.get("/events/kerman-bombing").json()["factuality"] == "asserted"
    assert client.get("/events/nasrallah-speech").json()["factuality"] == "planned"


def test_the_shape_refuses_an_unknown_factuality() -> None:
    from kg.graph.shacl import validate

    graph = planned_speech()
    graph.set((KGR["event/nasrallah-speech"], KGO.factuality, Literal("rumoured")))
    data = rdflib.Dataset()
    for triple in graph:
        data.add(triple)
    assert not validate(data).conforms
