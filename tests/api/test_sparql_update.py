"""SPARQL updates: refused by a server without a token, accepted with the right bearer token."""

from __future__ import annotations

import httpx
import pytest
import rdflib


INSERT = """PREFIX kgo: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { GRAPH <https://w3id.org/newskg/id/article/a3> {
  <https://w3id.org/newskg/id/event/tehran-protest> a kgo:Event, kgo:Protest ;
    rdfs:label "Protest in Tehran" ; kgo:earliest "2024-01-05"^^xsd:date ; kgo:latest "2024-01-05"^^xsd:date .
} }"""


@pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer test-token-4f1c"}])
def test_a_server_without_token_is_read_only(client: httpx.Client, headers: dict[str, str]) -> None:
    direct = client.post("/sparql", content=INSERT, headers={"content-type": "application/sparql-update", **headers})
    form = client.post("/sparql", data={"update": INSERT}, headers=headers)
    for response in (direct, form):
        assert response.status_code == 403
        assert "read-only" in response.json()["error"]
    assert client.get("/events").json()["total"] == 3


def test_updates_need_the_right_bearer_token(writable_server) -> None:
    client = writable_server.client
    missing = client.post("/sparql", content=INSERT, headers={"content-type": "application/sparql-update"})
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/sparql", data={"update": INSERT}, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert client.get("/events").json()["total"] == 3


def test_an_authorised_update_is_visible_afterwards(writable_server) -> None:
    client = writable_server.client
    graph = rdflib.Graph().parse(data=client.get("/sparql").text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert sd.SPARQL11Update in set(graph.objects(None, sd.supportedLanguage))

    auth = {"authorization": f"Bearer {writable_server.token}"}
    response = client.post("/sparql", content=INSERT.encode(),
                           headers={"content-type": "application/sparql-update", **auth})
    assert response.status_code == 204, response.text
    events = client.get("/events", params={"type": "Protest"}).json()
    assert [item["id"] for item in events["items"]] == ["tehran-protest"]
    assert client.get("/events/tehran-protest").json()["label"] == "Protest in Tehran"

    drop = client.post("/sparql", data={"update": "DROP GRAPH <https://w3id.org/newskg/id/article/a3>"}, headers=auth)
    assert drop.status_code == 204
    assert client.get("/events/tehran-protest").status_code == 404


def test_a_malformed_update_is_400(writable_server) -> None:
    response = writable_server.client.post("/sparql", data={"update": "INSERT NOTHING"},
                                           headers={"authorization": f"Bearer {writable_server.token}"})
    assert response.status_code == 400 and response.json()["error"]
