"""Limits and protocol details: result caps (413), query timeouts on every route (503), body limits,
CORS, the SPARQL dataset parameters and the JSON results writer against Oxigraph's own."""

from __future__ import annotations

import json
import socket
import time

import httpx
import pyoxigraph as ox
import pytest
import rdflib

from api.main import create_app
from api.results import solutions_json
from apitest import Server, example_graphs, serve
from kg.config import Settings
from kg.store import Store

PREFIXES = "PREFIX kgo: <https://w3id.org/newskg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
EVENTS = PREFIXES + "SELECT ?e WHERE { ?e a kgo:Event }"
A1 = "https://w3id.org/newskg/id/article/a1"
A2 = "https://w3id.org/newskg/id/article/a2"


def example_store() -> Store:
    store = Store()
    store.put_graphs(example_graphs())
    return store


class SlowStore(Store):
    """A store whose every SELECT takes a while, to time REST routes out."""

    def select(self, sparql: str, **options: object) -> list[dict[str, object]]:
        time.sleep(0.4)
        return super().select(sparql, **options)


# --- result caps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "accept"), [
    (EVENTS, "application/sparql-results+json"),
    (EVENTS, "text/csv"),
    (PREFIXES + "CONSTRUCT WHERE { ?e a kgo:Event ; rdfs:label ?l }", "text/turtle"),
])
def test_results_over_the_cap_are_413(query: str, accept: str) -> None:
    with serve(create_app(store=example_store(), settings=Settings(max_results=2))) as client:
        response = client.get("/sparql", params={"query": query}, headers={"accept": accept})
        assert response.status_code == 413 and "more than 2 results" in response.json()["error"]
        capped = client.get("/sparql", params={"query": EVENTS + " LIMIT 2"}, headers={"accept": accept})
        assert capped.status_code == 200 or "CONSTRUCT" in query


def test_rest_routes_share_the_cap() -> None:
    with serve(create_app(store=example_store(), settings=Settings(max_results=2))) as client:
        response = client.get("/events")
        assert response.status_code == 413 and list(response.json()) == ["error"]


def test_rest_routes_time_out_with_503() -> None:
    store = SlowStore()
    store.put_graphs(example_graphs())
    with serve(create_app(store=store, settings=Settings(query_timeout=0.3))) as client:
        for path in ("/events", "/stats", "/timeline", "/actors", "/graph?node=event/kerman-bombing"):
            response = client.get(path)
            assert response.status_code == 503, path
            assert "longer than 0.3 s" in response.json()["error"]


def test_a_cooperative_deadline_stops_a_streaming_query() -> None:
    """Rows are read one by one, so a query that streams stops at the deadline instead of running on."""
    store = Store()
    graph = rdflib.Graph()
    for i in range(300):
        graph.add((rdflib.URIRef(f"http://x/{i}"), rdflib.URIRef("http://x/p"), rdflib.Literal(str(i))))
    store.put_graphs({"http://x/g": graph})
    cross = "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"  # 27 million rows, streamed
    with serve(create_app(store=store, settings=Settings(query_timeout=0.5, max_results=10**9))) as client:
        started = time.monotonic()
        response = client.get("/sparql", params={"query": cross})
        assert response.status_code == 503 and time.monotonic() - started < 5


# --- bodies and URLs -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/sparql", "/articles"])
def test_bodies_over_the_limit_are_413_on_every_route(path: str) -> None:
    def chunks():
        for _ in range(10):
            yield b" " * 100

    with serve(create_app(store=Store(), settings=Settings(max_body=500, token="t"))) as client:
        kind = "application/sparql-query" if path == "/sparql" else "text/plain"
        headers = {"content-type": kind, "authorization": "Bearer t"}
        declared = client.post(path, content=b"x" * 501, headers=headers)
        streamed = client.post(path, content=chunks(), headers=headers)  # chunked: no Content-Length
        for response in (declared, streamed):
            assert response.status_code == 413 and response.json() == {"error": "request body larger than 500 bytes"}


def test_huge_queries(server: Server) -> None:
    long_query = EVENTS + " #" + "x" * 40_000  # a long but fine GET
    assert server.client.get("/sparql", params={"query": long_query}).status_code == 200
    huge = server.client.post("/sparql", content=EVENTS.encode() + b" " * 5_000_001,
                              headers={"content-type": "application/sparql-query"})
    assert huge.status_code == 413 and "error" in huge.json()
    # beyond uvicorn's header limit the HTTP parser answers before the app: still a 4xx, never a hang
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /sparql?query=" + b"x" * 300_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 4")


@pytest.mark.parametrize(("query", "words"), [
    ("SELECT * WHERE " + "{ " * 5_000 + "?s ?p ?o" + " }" * 5_000, "nests brackets 5000 deep"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(20_000)) + ") }", "too large"),
    ("SELECT * WHERE { " + " UNION ".join(f"{{ ?s{i} ?p ?o }}" for i in range(10_000)) + " }", "too large"),
    ("SELECT * WHERE { " + " ".join(f"?s{i} ?p ?o ." for i in range(200)) + " }", "too large"),
    ("SELECT * WHERE { ?s " + "/".join("<http://x/p>" for _ in range(500)) + " ?o }", "too large"),
])
def test_queries_that_would_crash_or_stall_oxigraph_are_400(server: Server, query: str, words: str) -> None:
    """Deep nesting and long UNION/|| chains overflow Oxigraph's stack (a segfault that kills the
    server); hundreds of joins or path steps keep its optimiser busy for minutes."""
    for send in ("query", "update"):
        response = server.client.post("/sparql", data={send: query}, headers={"authorization": "Bearer x"})
        assert response.status_code in (400, 403), response.text  # the read-only server refuses updates
        if send == "query":
            assert response.status_code == 400 and words in response.json()["error"]
    assert server.client.get("/stats").status_code == 200  # still alive


def test_values_blocks_and_literals_cost_nothing(client: httpx.Client) -> None:
    values = " ".join(f"<https://w3id.org/newskg/id/event/e{i}>" for i in range(5_000))
    query = PREFIXES + f"SELECT ?e WHERE {{ VALUES ?e {{ {values} }} ?e a kgo:Event }}"
    response = client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"})
    assert response.status_code == 200 and _values(response) == []


# --- CORS ------------------------------------------------------------------------------------------


def test_cors_is_off_by_default(client: httpx.Client) -> None:
    response = client.get("/events", headers={"origin": "http://localhost:3000"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_allows_the_configured_origins() -> None:
    settings = Settings(cors_origins="http://localhost:3000, https://yasgui.example.org")
    with serve(create_app(store=example_store(), settings=settings)) as client:
        preflight = client.options("/sparql", headers={
            "origin": "https://yasgui.example.org", "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, authorization"})
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://yasgui.example.org"
        allowed = client.get("/events", headers={"origin": "http://localhost:3000"})
        assert allowed.headers["access-control-allow-origin"] == "http://localhost:3000"
        other = client.get("/events", headers={"origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


# --- SPARQL protocol datasets ----------------------------------------------------------------------


def _values(response: httpx.Response, name: str = "e") -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(row[name]["value"] for row in response.json()["results"]["bindings"] if name in row)


def test_default_graph_uri_names_the_default_graph(client: httpx.Client) -> None:
    one = client.get("/sparql", params={"query": EVENTS, "default-graph-uri": A1})
    assert _values(one) == ["https://w3id.org/newskg/id/event/soleimani-killing"]
    both = client.get("/sparql", params=[("query", EVENTS), ("default-graph-uri", A1), ("default-graph-uri", A2)])
    assert len(set(_values(both))) == 3  # like the union default graph, a triple comes once per graph stating it


def test_protocol_dataset_wins_over_from(client: httpx.Client) -> None:
    query = PREFIXES + f"SELECT ?e FROM <{A2}> WHERE {{ ?e a kgo:Event }}"
    assert len(_values(client.get("/sparql", params={"query": query}))) == 3
    overridden = client.post("/sparql", data={"query": query, "default-graph-uri": A1})
    assert _values(overridden) == ["https://w3id.org/newskg/id/event/soleimani-killing"]


def test_named_graph_uri_limits_graph_patterns(client: httpx.Client) -> None:
    query = PREFIXES + "SELECT ?g ?e WHERE { GRAPH ?g { ?e a kgo:Event } }"
    response = client.get("/sparql", params={"query": query, "named-graph-uri": A1})
    assert _values(response, "g") == [A1]
    assert _values(client.get("/sparql", params={"query": EVENTS, "named-graph-uri": A1})) == []  # empty default


# --- the JSON results writer ---------------------------------------------------------------------------


def test_json_results_match_oxigraphs_own() -> None:
    store = Store()
    store.update("""INSERT DATA { GRAPH <http://x/g> {
      <http://x/s> <http://x/p> "plain", "chat"@fr, "1"^^<http://www.w3.org/2001/XMLSchema#integer>, _:b,
        "tab\\tnew\\nline \\"quoted\\" é ✓", "2024-01-03"^^<http://www.w3.org/2001/XMLSchema#date> . } }""")
    query = "SELECT ?s ?o ?missing WHERE { ?s ?p ?o } ORDER BY ?o"
    ours = json.loads(solutions_json(store.query(query), max_rows=None, deadline=None))
    theirs = json.loads(store.query(query).serialize(format=ox.QueryResultsFormat.JSON))
    assert ours["head"] == theirs["head"]
    blank = {"type": "bnode"}
    normalise = lambda rows: [{k: (blank if v["type"] == "bnode" else v) for k, v in row.items()} for row in rows]  # noqa: E731
    assert normalise(ours["results"]["bindings"]) == normalise(theirs["results"]["bindings"])
