"""/sparql over HTTP: the three ways to send a query, content negotiation and protocol errors."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

PREFIXES = ("PREFIX kgo: <https://w3id.org/newskg/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
SELECT = PREFIXES + "SELECT DISTINCT ?e ?label WHERE { ?e a kgo:Event ; rdfs:label ?label } ORDER BY ?label"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?e rdfs:label ?label } WHERE { ?e a kgo:Event ; rdfs:label ?label }"
ASK = PREFIXES + "ASK { ?e a kgo:DroneStrike }"
LABELS = ["Drone strike in Beirut", "Kerman bombings", "Killing of Qasem Soleimani"]
SPARQL_NS = "{http://www.w3.org/2005/sparql-results#}"


def labels_of(body: dict) -> list[str]:
    return [row["label"]["value"] for row in body["results"]["bindings"]]


@pytest.mark.parametrize("send", ["get", "post-form", "post-direct"])
def test_the_three_protocol_operations_agree(client: httpx.Client, send: str) -> None:
    if send == "get":
        response = client.get("/sparql", params={"query": SELECT})
    elif send == "post-form":
        response = client.post("/sparql", data={"query": SELECT})
    else:
        response = client.post("/sparql", content=SELECT.encode(),
                               headers={"content-type": "application/sparql-query; charset=utf-8"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert labels_of(response.json()) == LABELS


@pytest.mark.parametrize("accept", [None, "*/*", "application/*", "application/json",
                                    "text/csv;q=0.5, application/sparql-results+json"])
def test_json_is_the_default_for_select(client: httpx.Client, accept: str | None) -> None:
    headers = {"accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": SELECT}, headers=headers)
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert labels_of(response.json()) == LABELS


def test_select_as_xml(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": SELECT},
                          headers={"accept": "text/csv;q=0.5, application/sparql-results+xml"})
    assert response.headers["content-type"] == "application/sparql-results+xml"
    root = ET.fromstring(response.content)
    literals = [b.find(f"{SPARQL_NS}literal").text for b in root.iter(f"{SPARQL_NS}binding")
                if b.get("name") == "label"]
    assert literals == LABELS


def test_select_as_csv_and_tsv(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["e", "label"] and [row[1] for row in rows[1:]] == LABELS
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": "text/tab-separated-values"})
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    lines = response.text.splitlines()
    assert lines[0] == "?e\t?label" and [line.split("\t")[1] for line in lines[1:]] == [f'"{x}"' for x in LABELS]


@pytest.mark.parametrize(("accept", "media_type", "rdflib_format"), [
    (None, "text/turtle", "turtle"),
    ("*/*", "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_in_every_rdf_format_parses_back(client: httpx.Client, example_union: rdflib.Graph,
                                                   accept: str | None, media_type: str, rdflib_format: str) -> None:
    headers = {"accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == 3 and isomorphic(graph, example_union.query(CONSTRUCT).graph)


def test_ask_as_json_and_xml(client: httpx.Client) -> None:
    assert client.get("/sparql", params={"query": ASK}).json() == {"head": {}, "boolean": True}
    response = client.post("/sparql", data={"query": PREFIXES + "ASK { ?e a kgo:Protest }"},
                           headers={"accept": "application/sparql-results+xml"})
    assert ET.fromstring(response.content).find(f"{SPARQL_NS}boolean").text == "false"


def test_from_names_the_dataset_instead_of_the_union(client: httpx.Client) -> None:
    query = (PREFIXES + "SELECT ?e FROM <https://w3id.org/newskg/id/article/a1> "
             "WHERE { ?e a kgo:Event }")
    rows = client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    assert [row["e"]["value"] for row in rows] == ["https://w3id.org/newskg/id/event/soleimani-killing"]


def test_malformed_query_is_400_with_the_parser_message(client: httpx.Client) -> None:
    bad = "SELECT ?e WHERE { ?e a }"
    with pytest.raises(SyntaxError) as parser:
        ox.Store().query(bad)
    response = client.get("/sparql", params={"query": bad})
    assert response.status_code == 400
    assert response.json() == {"error": str(parser.value).splitlines()[0]}


@pytest.mark.parametrize(("query", "accept"), [
    (SELECT, "text/turtle"),
    (SELECT, "image/png"),  # (text/html asks for the editor: test_sparql_editor.py)
    (ASK, "application/rdf+xml;q=1, text/csv;q=0"),
    (CONSTRUCT, "application/sparql-results+json"),
    (CONSTRUCT, "text/csv"),
])
def test_unsupported_accept_is_406(client: httpx.Client, query: str, accept: str) -> None:
    response = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert response.status_code == 406
    assert "error" in response.json()


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "multipart/form-data; boundary=x", None])
def test_unsupported_post_content_type_is_415(client: httpx.Client, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/sparql", content=SELECT.encode(), headers=headers)
    assert response.status_code == 415
    assert "application/sparql-query" in response.json()["error"]


@pytest.mark.parametrize(("method", "kwargs", "words"), [
    ("get", {"params": [("query", SELECT), ("query", ASK)]}, "2 times"),
    ("get", {"params": {"update": "CLEAR ALL"}}, "POST"),
    ("get", {"params": {"query": SELECT, "default-graph-uri": "not an IRI"}}, "invalid graph IRI"),
    ("get", {"params": {"query": SELECT, "using-graph-uri": "https://example.org/g"}}, "using-graph-uri"),
    ("post", {"data": {"query": SELECT, "update": "CLEAR ALL"}}, "exactly one"),
    ("post", {"data": {"other": "x"}}, "exactly one"),
    ("get", {"params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}},
     "SERVICE"),
])
def test_protocol_misuse_is_400(client: httpx.Client, method: str, kwargs: dict, words: str) -> None:
    response = getattr(client, method)("/sparql", **kwargs)
    assert response.status_code == 400
    assert words in response.json()["error"]


def test_service_description(server, client: httpx.Client) -> None:
    response = client.get("/sparql")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(predicate=rdflib.RDF.type, object=sd.Service)
    assert graph.value(service, sd.endpoint) == rdflib.URIRef(server.url + "/sparql")
    assert set(graph.objects(service, sd.supportedLanguage)) == {sd.SPARQL11Query}  # read-only
    formats = set(graph.objects(service, sd.resultFormat))
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert rdflib.URIRef("http://www.w3.org/ns/formats/Turtle") in formats
