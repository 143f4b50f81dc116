"""The app as a whole: the factory, OpenAPI docs, errors without stack traces, limits, conneg."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from api.deps import negotiate
from api.guard import Refused, names_dataset, refuse_outbound
from api.main import create_app
from apitest import serve
from kg.config import Settings
from kg.store import Store, StoreError


class BrokenStore(Store):
    """A store whose reads fail with an internal message that must never reach a client."""

    def select(self, sparql: str) -> list[dict[str, object]]:
        raise RuntimeError("secret detail at /srv/kg-store/000042.sst")


def test_openapi_documents_every_route(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/events", "/events/{event_id}", "/sparql", "/view"} <= set(paths)
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert operation.get("summary") and operation.get("description"), f"{method.upper()} {path}"
    assert "application/sparql-query" in paths["/sparql"]["post"]["requestBody"]["content"]


def test_unknown_routes_and_methods_are_json_errors(client: httpx.Client) -> None:
    assert client.get("/nowhere").json() == {"error": "Not Found"}
    response = client.delete("/events")
    assert response.status_code == 405 and list(response.json()) == ["error"]


def test_unexpected_errors_are_500_without_details() -> None:
    with serve(create_app(store=BrokenStore())) as client:
        response = client.get("/events")
    assert response.status_code == 500
    assert response.json() == {"error": "internal server error"}
    assert "secret" not in response.text and "Traceback" not in response.text


def test_slow_queries_time_out_with_503(example_data: dict) -> None:
    store = Store()
    store.put_graphs(example_data)
    # millions of rows, streamed: the abandoned worker stops at its next deadline check, so the
    # server is free again at once (an aggregate over them would keep a core busy until done,
    # since Oxigraph cannot interrupt a query; the README says so)
    slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i))) > 1) }"
    settings = Settings(query_timeout=0.5, max_results=10**9)
    with serve(create_app(store=store, settings=settings)) as client:
        response = client.get("/sparql", params={"query": slow})
        assert response.status_code == 503 and "longer than" in response.json()["error"]
        answer = client.get("/events")
        assert answer.status_code == 200 and answer.json()["total"] == 3  # the server still answers


def test_large_bodies_are_413() -> None:
    with serve(create_app(store=Store(), settings=Settings(max_body=100))) as client:
        response = client.post("/sparql", content=b"ASK {}" + b" " * 200,
                               headers={"content-type": "application/sparql-query"})
        assert response.status_code == 413
        assert client.post("/sparql", content=b"ASK {}",
                           headers={"content-type": "application/sparql-query"}).status_code == 200


def test_a_store_passed_in_stays_open_after_shutdown() -> None:
    store = Store()
    with serve(create_app(store=store, settings=Settings())) as client:
        assert client.get("/events").json()["total"] == 0
    assert len(store) == 0  # still usable: the caller closes what it opened


def test_a_missing_store_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        create_app(settings=Settings(store=tmp_path / "absent"))


JSON, XML, CSV = ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV
OFFERS = [(JSON, ("application/sparql-results+json", "application/json")),
          (XML, ("application/sparql-results+xml", "application/xml")), (CSV, ("text/csv",))]


@pytest.mark.parametrize(("accept", "chosen"), [
    (None, JSON), ("", JSON), ("*/*", JSON), ("text/*", CSV), ("application/xml", XML),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", XML),
    ("text/csv;q=0.5, application/sparql-results+xml", XML),
    ("*/*;q=0.1, text/csv", CSV), ("*/*, application/sparql-results+json;q=0", XML),
    ("application/sparql-results+json;q=oops", JSON), ("text/turtle", None), ("*/*;q=0", None),
])
def test_negotiate(accept: str | None, chosen: object) -> None:
    assert negotiate(accept, OFFERS) == chosen


@pytest.mark.parametrize(("text", "update", "refused"), [
    ("SELECT * WHERE { ?s ?p ?o }", False, False),
    ("select * where { service <http://x/> { ?s ?p ?o } }", False, True),
    ('SELECT * WHERE { ?s ?p "customer SERVICE" } # SERVICE <http://x/>', False, False),
    ("SELECT ?service WHERE { ?s <http://x/service> ?service ; ?service ?o }", False, False),
    ("SELECT * WHERE { ?s ?p '''multi\nSERVICE''' }", False, False),
    ("SELECT * WHERE { FILTER(?a<?b&&'>'='>') SERVICE <http://x/> { ?s ?p ?o } }", False, True),
    ("SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", False, True),
    ("SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }", False, True),
    ("SELECT * WHERE { SERVICE", False, True),  # names SERVICE and does not parse: refused, not guessed
    ("LOAD <http://x/data.ttl>", True, True),
    ("INSERT DATA { <http://x/a> <http://x/b> 'load' }", True, False),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } }", True, True),
])
def test_outbound_operations_are_found_on_the_parse(text: str, update: bool, refused: bool) -> None:
    if refused:
        with pytest.raises(Refused):
            refuse_outbound(text, update=update)
    else:
        refuse_outbound(text, update=update)


def test_types_the_ontology_file_lacks_are_ordered_by_the_stores_own_axioms() -> None:
    store = Store()
    kgo = "https://w3id.org/newskg/ontology#"
    store.update(f"""INSERT DATA {{ GRAPH <https://w3id.org/newskg/id/article/x> {{
      <https://w3id.org/newskg/id/event/x> a <{kgo}Event>, <{kgo}Zeta>, <{kgo}Alpha> . }}
      GRAPH <https://w3id.org/newskg/id/ontology> {{ <{kgo}Zeta> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{kgo}Alpha> . }} }}""")
    with serve(create_app(store=store, settings=Settings())) as client:
        assert client.get("/events/x").json()["type"] == "Zeta"
        store.update("DROP GRAPH <https://w3id.org/newskg/id/ontology>")
        assert client.get("/events/x").json()["type"] == "Alpha"  # no axioms: the first name


def test_readme_documents_every_route(client: httpx.Client) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("\n## API\n", 1)[1].split("\n## ", 1)[0]
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        documented = re.sub(r"\{[^}]+\}", "{id}", path)
        for method in operations:
            assert documented in section and method.upper() in section, f"{method.upper()} {path} not in README"


def test_openapi_has_examples_and_json_errors(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            ok = responses.get("200") or responses.get("201")
            content = ok["content"]
            assert any("example" in media or "examples" in media or "schema" in media for media in content.values())
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}


@pytest.mark.parametrize(("query", "named"), [
    ("SELECT * FROM <http://g> WHERE { ?s ?p ?o }", True),
    ("select * from named <http://g> where { graph ?g { ?s ?p ?o } }", True),
    ('SELECT * WHERE { ?s ?p "FROM" } # FROM <http://g>', False),
    ("SELECT ?from WHERE { ?s <http://x/from> ?from ; ex:from ?o }", False),
])
def test_a_named_dataset_is_read_outside_strings_iris_and_comments(query: str, named: bool) -> None:
    assert names_dataset(query) is named
