"""/events and /events/{id} against a real server over the hand-written example store."""

from __future__ import annotations

import httpx
import pytest


def ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_lists_every_event_by_date_with_its_summary(client: httpx.Client) -> None:
    body = client.get("/events").json()
    assert body["total"] == 3 and body["limit"] == 100 and body["offset"] == 0
    assert [item["id"] for item in body["items"]] == ["soleimani-killing", "arouri-strike", "kerman-bombing"]
    killing = body["items"][0]
    assert killing == {
        "id": "soleimani-killing", "iri": "https://w3id.org/newskg/id/event/soleimani-killing",
        "label": "Killing of Qasem Soleimani", "type": "Killing", "time": "2020-01-03",
        "earliest": "2020-01-03", "latest": "2020-01-03", "first_reported": "2020-01-03", "confidence": 0.9,
        "factuality": "asserted", "places": [{"id": "baghdad", "label": "Baghdad"}],
        "agents": [{"id": "united-states", "label": "United States"}],
        "targets": [{"id": "qasem-soleimani", "label": "Qasem Soleimani"}],
    }
    assert [item["type"] for item in body["items"]] == ["Killing", "DroneStrike", "Explosion"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"type": "DroneStrike"}, ["arouri-strike"]),
    ({"type": "Event"}, ["soleimani-killing", "arouri-strike", "kerman-bombing"]),
    ({"type": "Attack"}, ["arouri-strike"]),  # superclasses are asserted, as kg.graph does
    ({"type": "Protest"}, []),
    ({"start": "2024-01-03"}, ["kerman-bombing"]),
    ({"end": "2024-01-02"}, ["soleimani-killing", "arouri-strike"]),
    ({"start": "2024-01-01", "end": "2024-01-02"}, ["arouri-strike"]),
    ({"start": "2021-01-01", "end": "2023-12-31"}, []),
    ({"place": "baghdad"}, ["soleimani-killing"]),
    ({"place": "BEIR"}, ["arouri-strike"]),
    ({"actor": "isis-k"}, ["kerman-bombing"]),
    ({"actor": "soleimani"}, ["soleimani-killing"]),  # a target counts as an actor
    ({"actor": "AROURI"}, ["arouri-strike"]),
    ({"actor": 'x" } ; DROP ALL ; #'}, []),  # values are escaped literals, never SPARQL text
    ({"min_confidence": "0.75"}, ["soleimani-killing", "kerman-bombing"]),
    ({"type": "Explosion", "place": "kerman", "min_confidence": "0.5"}, ["kerman-bombing"]),
])
def test_filters(client: httpx.Client, params: dict[str, str], expected: list[str]) -> None:
    response = client.get("/events", params=params)
    assert ids(response) == expected
    assert response.json()["total"] == len(expected)


def test_pagination_keeps_the_total(client: httpx.Client) -> None:
    pages = [client.get("/events", params={"limit": 2, "offset": offset}).json() for offset in (0, 2, 4)]
    assert [[item["id"] for item in page["items"]] for page in pages] == [
        ["soleimani-killing", "arouri-strike"], ["kerman-bombing"], []]
    assert {page["total"] for page in pages} == {3}
    assert pages[1]["limit"] == 2 and pages[1]["offset"] == 2


@pytest.mark.parametrize(("params", "status", "words"), [
    ({"start": "2024-13-01"}, 422, "start"),
    ({"end": "yesterday"}, 422, "end"),
    ({"limit": "1001"}, 422, "limit"),
    ({"limit": "0"}, 422, "limit"),
    ({"offset": "-1"}, 422, "offset"),
    ({"min_confidence": "high"}, 422, "min_confidence"),
    ({"type": "kgo:Event>"}, 422, "type"),
    ({"start": "2024-02-01", "end": "2024-01-01"}, 400, "after"),
])
def test_bad_parameters_are_one_line_json_errors(client: httpx.Client, params: dict[str, str],
                                                 status: int, words: str) -> None:
    response = client.get("/events", params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"] and words in body["error"] and "\n" not in body["error"]


def test_one_event_with_mentions_claims_links_and_sources(client: httpx.Client) -> None:
    event = client.get("/events/kerman-bombing").json()
    assert event["type"] == "Explosion" and event["killed"] == 94 and event["injured"] == 284
    assert event["places"] == [{"id": "kerman", "label": "Kerman"}]
    assert event["mentions"] == [{
        "id": "a2-m1", "article": "a2", "start": 0, "end": 6, "anchor": "Blasts",
        "sentence": "Blasts hit a memorial for Qasem Soleimani in Kerman, a day after a drone strike in Beirut."}]
    assert event["claims"] == [{"id": "kerman-killed-103", "property": "killed", "value": 103,
                                "reporter": "Iranian state media", "reported_at": "2024-01-03", "article": "a2",
                                "evidence": "At least 103 people were killed, state media said."}]
    assert event["links_out"] == []
    links_in = {link["id"]: link for link in event["links_in"]}
    assert set(links_in) == {"causal-1", "temporal-2"}
    assert links_in["causal-1"]["type"] == "CausalLink"
    assert links_in["causal-1"]["source"] == {"id": "soleimani-killing", "label": "Killing of Qasem Soleimani"}
    assert links_in["temporal-2"] == {
        "id": "temporal-2", "type": "TemporalLink", "relation": "before",
        "source": {"id": "arouri-strike", "label": "Drone strike in Beirut"},
        "target": {"id": "kerman-bombing", "label": "Kerman bombings"},
        "evidence": "Blasts hit Kerman a day after a drone strike in Beirut.", "cue": "a day after",
        "confidence": 0.8, "article": "a2", "rejected": None}
    assert [source["id"] for source in event["sources"]] == ["a2"]


def test_an_event_reported_by_two_articles_lists_both(client: httpx.Client) -> None:
    event = client.get("/events/soleimani-killing").json()
    assert [(m["article"], m["start"]) for m in event["mentions"]] == [("a1", 0), ("a2", 120)]
    assert [s["id"] for s in event["sources"]] == ["a1", "a2"]
    assert [s["published"] for s in event["sources"]] == ["2020-01-03", "2024-01-04"]
    assert {link["id"] for link in event["links_out"]} == {"causal-1", "temporal-1"}
    assert event["links_in"] == [] and event["claims"] == []


@pytest.mark.parametrize("path", ["/events/no-such-event", "/events/a%20b", "/events/%3E"])
def test_unknown_event_is_404_json(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"].startswith("no event")
