"""/sparql with our prefixes declared once, short syntax errors, and a SPARQL editor for browsers.

Queries and updates use `kgo:`, `rdfs:`… without PREFIX lines (a text may still redeclare one), the
service description lists those prefixes, and a syntax error is one short line with its line and
column. A browser (`Accept: text/html` first) gets YASGUI at the same URL: it runs queries here,
shows a query passed in the link, links our instances to the graph view, and loads nothing from
elsewhere; every other client gets the SPARQL 1.1 Protocol as before.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import httpx
import pytest
import rdflib

from apitest import ROOT, Server, example_graphs
from kg.store import Store
from kg.views.editor import EXAMPLES
from kg.vocab import SPARQL_PREFIXES

NO_PREFIX = "SELECT ?l WHERE { ?e a kgo:Event ; rdfs:label ?l } ORDER BY ?l LIMIT 1"
FIRST_LABEL = [{"l": "Drone strike in Beirut"}]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
ARTIFACTS = ROOT / "tests" / "artifacts"
SHORT_ERROR = re.compile(r"^error at \d+:\d+: expected [^\n]+$")


def values(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return [{name: term["value"] for name, term in row.items()} for row in response.json()["results"]["bindings"]]


# ---- prefixes -------------------------------------------------------------------------------


def test_queries_by_get_and_post_need_no_prefix_line(client: httpx.Client) -> None:
    assert values(client.get("/sparql", params={"query": NO_PREFIX})) == FIRST_LABEL
    assert values(client.post("/sparql", data={"query": NO_PREFIX})) == FIRST_LABEL
    assert values(client.post("/sparql", content=NO_PREFIX,
                              headers={"content-type": "application/sparql-query"})) == FIRST_LABEL


def test_a_query_may_redeclare_one_of_our_prefixes(client: httpx.Client) -> None:
    mine = ("PREFIX kgo: <http://example.org/other#> "
            "SELECT (kgo:Event AS ?c) (COUNT(?e) AS ?n) WHERE { OPTIONAL { ?e a kgo:Event } }")
    assert values(client.get("/sparql", params={"query": mine})) == [{"c": "http://example.org/other#Event", "n": "0"}]


def test_updates_need_no_prefix_line(writable_server: Server) -> None:
    client, graph = writable_server.client, "https://w3id.org/newskg/id/article/prefixes"
    insert = f"INSERT DATA {{ GRAPH <{graph}> {{ <{graph}#e> a kgo:Event ; rdfs:label 'Prefix-free rally' }} }}"
    assert client.post("/sparql", data={"update": insert}, headers=writable_server.auth).status_code == 204
    query = "SELECT ?l WHERE { ?e a kgo:Event ; rdfs:label ?l FILTER(STRSTARTS(?l, 'Prefix-free')) }"
    assert values(client.get("/sparql", params={"query": query})) == [{"l": "Prefix-free rally"}]
    drop = client.post("/sparql", data={"update": f"DROP SILENT GRAPH <{graph}>"}, headers=writable_server.auth)
    assert drop.status_code == 204 and values(client.get("/sparql", params={"query": query})) == []


@pytest.mark.parametrize(("field", "text"), [
    ("query", "SELECT ?l WHERE { ?e a foo:Event ; rdfs:label ?l }"),  # 484 characters on 4 lines from the parser
    ("query", "SELECT ?l WHERE {\n  ?e a kgo:Event ;\n  rdfs:label ?l\n  FILTER(?l = 'x'"),
    ("update", "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> a foo:Event } }"),
])
def test_a_syntax_error_is_one_short_line_with_its_position(writable_server: Server, field: str, text: str) -> None:
    response = writable_server.client.post("/sparql", data={field: text}, headers=writable_server.auth)
    assert response.status_code == 400
    error = response.json()["error"]
    assert len(error) < 200 and SHORT_ERROR.match(error), error
    if field == "query":
        assert writable_server.client.get("/sparql", params={"query": text}).json()["error"] == error


def test_the_service_description_lists_the_prefixes(client: httpx.Client) -> None:
    description = rdflib.Graph().parse(data=client.get("/sparql", headers={"accept": "text/turtle"}).text,
                                       format="turtle")
    (service,) = description.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#Service"))
    declared = {str(description.value(d, SH.prefix)): description.value(d, SH.namespace)
                for d in description.objects(service, SH.declare)}
    assert declared == {prefix: rdflib.Literal(iri, datatype=rdflib.XSD.anyURI) for prefix, iri in SPARQL_PREFIXES.items()}


# ---- the editor and the protocol side by side -------------------------------------------------


@pytest.mark.parametrize("accept", ["text/html", BROWSER])
@pytest.mark.parametrize("params", [{}, {"query": NO_PREFIX}])
def test_a_browser_gets_the_editor(client: httpx.Client, accept: str, params: dict) -> None:
    response = client.get("/sparql", params=params, headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert 'id="kg-yasgui"' in response.text and response.headers["vary"] == "Accept"
    config = json.loads(re.search(r'id="kg-editor-config">(.*?)</script>', response.text).group(1))
    assert config["endpoint"] == str(client.base_url).rstrip("/") + "/sparql" and config["prefixes"] == SPARQL_PREFIXES


@pytest.mark.parametrize(("accept", "media_type"), [
    (None, "application/sparql-results+json"), ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"), ("text/csv", "text/csv"),
    ("text/*", "application/sparql-results+xml"),  # text/xml is one of its names
    ("application/xml", "application/sparql-results+xml"), ("text/html;q=0.5, application/json", "application/sparql-results+json"),
])
def test_other_clients_get_the_protocol_as_before(client: httpx.Client, accept: str | None, media_type: str) -> None:
    headers = {"accept": accept} if accept is not None else {}
    response = client.get("/sparql", params={"query": NO_PREFIX}, headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media_type
    assert "Drone strike in Beirut" in response.text


@pytest.mark.parametrize(("accept", "media_type"), [
    (None, "text/turtle"), ("*/*", "text/turtle"), ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"), ("application/rdf+xml", "application/rdf+xml"),
])
def test_rdf_clients_still_get_the_service_description(client: httpx.Client, accept: str | None, media_type: str) -> None:
    response = client.get("/sparql", headers={"accept": accept} if accept is not None else {})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media_type
    assert "sparql-service-description" in response.text


def test_posts_never_get_the_editor(client: httpx.Client) -> None:
    response = client.post("/sparql", data={"query": NO_PREFIX}, headers={"accept": "text/html"})
    assert response.status_code == 406 and "error" in response.json()


def test_the_editor_loads_only_files_of_this_server(client: httpx.Client) -> None:
    page = client.get("/sparql", headers={"accept": "text/html"}).text
    markup = re.sub(r"(<script\b[^>]*>).*?</script>", r"\1</script>", page, flags=re.DOTALL)  # not the scripts' text
    references = re.findall(r"""\b(?:src|href)\s*=\s*["']([^"']+)""", markup)
    assert {"/assets/yasgui/yasgui.min.js", "/assets/yasgui/yasgui.min.css"} <= set(references)
    for reference in references:
        assert reference.startswith("/") and not reference.startswith("//"), reference
        assert client.get(reference).status_code == 200, reference
    assert "default-src 'none'" in page and "connect-src 'self'" in page  # the browser refuses anything else
    assert client.get("/assets/yasgui/LICENSE").status_code == 404  # only the files the page needs


def test_the_examples_are_the_cookbook_s_and_run_without_prefix_lines() -> None:
    notebook = json.loads((ROOT / "notebooks" / "03_sparql_cookbook.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    cookbook = [" ".join(query.split()) for query in re.findall(r'ask\("""(.*?)"""\)', code, re.DOTALL)]
    examples = [" ".join(query.split()) for _, query in EXAMPLES]
    assert len(cookbook) == 13 and examples[-13:] == cookbook
    store = Store()
    store.put_graphs(example_graphs())
    for title, query in EXAMPLES:
        store.select(query)  # parses and runs with no PREFIX line
    attacks = store.select(dict(EXAMPLES)["Attacks of every kind, drone strikes included"])
    assert {row["label"] for row in attacks} == {"Drone strike in Beirut"}  # the README's: superclasses are asserted
    assert "https://w3id.org/newskg/ontology#DroneStrike" in {row["type"] for row in attacks}


# ---- in a browser ------------------------------------------------------------------------------


def open_editor(browser_page, url: str):
    page, log = browser_page()
    page.goto(url)
    page.wait_for_selector('body[data-ready="1"]', timeout=30_000)
    return page, log


def result_rows(page) -> list[str]:
    return page.locator(".yasr table.dataTable tbody tr").all_inner_texts()


@pytest.mark.browser
def test_the_editor_runs_a_typed_query_and_links_our_instances_to_the_view(server: Server, browser_page) -> None:
    page, log = open_editor(browser_page, server.url + "/sparql")
    query = "SELECT ?place ?name WHERE { ?place a kgo:City ; rdfs:label ?name } ORDER BY ?name"
    page.locator(".yasqe .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(query)
    assert page.evaluate("kgEditor.yasgui.getTab().getYasqe().getValue()") == query
    assert page.locator(".yasqe .parseErrorIcon").count() == 0  # our prefixes are declared to the editor too
    page.locator(".yasqe_queryButton").click()
    page.locator(".yasr table.dataTable tbody", has_text="Kerman").wait_for(timeout=20_000)
    rows = result_rows(page)
    assert len(rows) == 3 and "Baghdad" in rows[0] and "kgr:place/baghdad" in rows[0]
    links = page.locator(".yasr a.iri").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == ["/view?focus=place/baghdad", "/view?focus=place/beirut", "/view?focus=place/kerman"]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")
    page.screenshot(path=str(ARTIFACTS / "sparql-editor.png"))

    with page.context.expect_page() as opened:  # the view, focused on the place
        page.locator(".yasr a.iri", has_text="kgr:place/kerman").click()
    view = opened.value
    view.wait_for_selector('body[data-ready="1"]', timeout=60_000)
    assert view.evaluate("kgView.selectedNodes()") == ["https://w3id.org/newskg/id/place/kerman"]
    assert view.locator("#kg-panel h2").inner_text() == "Kerman"
    assert log.external_requests == [] and log.page_errors == [] and log.console_errors == []


@pytest.mark.browser
def test_a_query_in_the_link_is_shown_and_run(server: Server, browser_page) -> None:
    query = "SELECT ?event WHERE { ?event a kgo:Explosion }"
    page, log = open_editor(browser_page, f"{server.url}/sparql?query={quote(query)}")
    page.locator(".yasr table.dataTable tbody", has_text="kerman-bombing").wait_for(timeout=20_000)
    assert page.evaluate("kgEditor.yasgui.getTab().getYasqe().getValue()") == query
    assert len(result_rows(page)) == 1
    assert all(url.startswith(server.url) for url in log.requests)
    assert log.external_requests == [] and log.page_errors == [] and log.console_errors == []


@pytest.mark.browser
def test_an_example_question_is_one_click_away(server: Server, browser_page) -> None:
    page, log = open_editor(browser_page, server.url + "/sparql")
    assert page.locator("#kg-examples button").count() == len(EXAMPLES)
    page.get_by_role("button", name="Who did what to whom").click()
    page.locator(".yasr table.dataTable tbody", has_text="Saleh al-Arouri").wait_for(timeout=20_000)
    assert page.evaluate("kgEditor.yasgui.getTab().getYasqe().getValue()") == dict(EXAMPLES)["Who did what to whom"]
    assert len(result_rows(page)) == 2
    assert log.external_requests == [] and log.page_errors == [] and log.console_errors == []
