"""GET /search on a real server: ranking, filters, hits that link to their routes, JSON errors, an index
that follows POST /articles and SPARQL updates, 501 for a store without one, and the view's search box."""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import networkx as nx
import pytest

from api.main import create_app
from apitest import KGR, Server, build_store, running_server, serve
from kg.config import Settings
from kg.store import QueryForms
from kg.views import render_html

TOKEN = "search-token-5e2a"


@pytest.fixture(scope="module")
def search_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A writable server over its own copy of the example store (written without the pipeline: indexed at start)."""
    folder = tmp_path_factory.mktemp("search")
    with running_server(build_store(folder / "store"), TOKEN, folder / "server.log") as server:
        yield server


def found(client: httpx.Client, **params: object) -> list[tuple[str, str]]:
    response = client.get("/search", params=params)
    assert response.status_code == 200, response.text
    return [(hit["kind"], hit["id"]) for hit in response.json()["items"]]


def test_hits_are_ranked_with_snippets_and_link_to_their_routes(client: httpx.Client) -> None:
    answer = client.get("/search", params={"q": "Kerman"}).json()
    first = answer["items"][0]
    assert (first["kind"], first["id"], first["url"]) == ("event", "kerman-bombing", "/events/kerman-bombing")
    assert answer["total"] == len(answer["items"]) >= 3 and answer["query"] == "Kerman"
    assert [hit["score"] for hit in answer["items"]] == sorted((hit["score"] for hit in answer["items"]), reverse=True)
    for hit in answer["items"]:
        assert hit["highlights"] and all(hit["snippet"][a:b] == "Kerman" for a, b in hit["highlights"])
        linked = client.get(hit["url"])
        assert linked.status_code == 200, hit["url"]
        assert linked.json()["iri"] == hit["iri"] == f"{KGR}{hit['kind']}/{hit['id']}"


def test_words_in_sentences_evidence_and_names_are_found(client: httpx.Client) -> None:
    assert found(client, q="people") == [("event", "kerman-bombing")]  # only in a claim's evidence
    assert ("event", "soleimani-killing") in found(client, q="airport")  # a mention's sentence
    assert found(client, q="ISIS-K", kind="actor") == [("actor", "isis-k")]
    assert ("article", "a2") in found(client, q="blasts memorial")  # a title, stemmed ("blast", "memorial")
    assert found(client, q="no such word anywhere") == []


def test_kind_type_and_date_filters(client: httpx.Client) -> None:
    assert found(client, q="Kerman", kind="place") == [("place", "kerman")]
    both = set(found(client, q="Beirut", kind=["event", "place"]))
    assert both == {("event", "arouri-strike"), ("place", "beirut"), ("event", "kerman-bombing")}
    assert found(client, q="strike", type="Attack") == [("event", "arouri-strike")]  # a DroneStrike is an Attack
    assert found(client, q="strike", type="Killing") == [("event", "soleimani-killing")]
    recent = {("event", "arouri-strike"), ("event", "kerman-bombing"), ("article", "a2")}
    assert set(found(client, q="strike", start="2024-01-01")) == recent
    assert set(found(client, q="strike", end="2020-01-03")) == {("event", "soleimani-killing"), ("article", "a1")}
    assert ("actor", "qasem-soleimani") in found(client, q="Soleimani")
    assert {kind for kind, _ in found(client, q="Soleimani", start="2000-01-01")} <= {"event", "article"}
    first, second = found(client, q="Kerman", limit=1), found(client, q="Kerman", limit=1, offset=1)
    assert len(first) == len(second) == 1 and first != second


@pytest.mark.parametrize(("params", "status", "fragment"), [
    ({}, 422, "query parameter q"),
    ({"q": ""}, 422, "query parameter q"),
    ({"q": "x", "kind": "mention"}, 422, "query parameter kind"),
    ({"q": "x", "type": "not a class"}, 422, "query parameter type"),
    ({"q": "x", "start": "2024-02-01", "end": "2024-01-01"}, 400, "is after end"),
    ({"q": "x", "start": "yesterday"}, 422, "not a date"),
    ({"q": "x", "limit": 0}, 422, "query parameter limit"),
])
def test_bad_parameters_are_one_line_json_errors(client: httpx.Client, params: dict, status: int, fragment: str) -> None:
    response = client.get("/search", params=params)
    assert response.status_code == status and list(response.json()) == ["error"]
    assert fragment in response.json()["error"]


def test_the_index_follows_posted_articles_and_sparql_updates(search_server: Server) -> None:
    client = search_server.client
    text = ("date 2024-02-12\nA landslide buried a village in Zanzibar on Monday, killing seven people, "
            "the regional governor said.")
    posted = client.post("/articles", content=text.encode(), headers={**search_server.auth, "content-type": "text/plain"})
    assert posted.status_code == 201, posted.text
    article = posted.json()["added"][0]
    hits = found(client, q="Zanzibar")
    assert ("article", article) in hits and any(kind == "event" for kind, _ in hits)

    # an update that keeps every graph's size: the index cannot see it by sizes, the route tells it
    graph, event = KGR + "article/a2", KGR + "event/kerman-bombing"
    update = f"""DELETE DATA {{ GRAPH <{graph}> {{ <{event}> rdfs:label "Kerman bombings" }} }} ;
                 INSERT DATA {{ GRAPH <{graph}> {{ <{event}> rdfs:label "Kerman cemetery blasts" }} }}"""
    assert client.post("/sparql", data={"update": update}, headers=search_server.auth).status_code == 204
    assert ("event", "kerman-bombing") in found(client, q="cemetery")
    assert client.get("/search", params={"q": "bombings", "kind": "event"}).json()["items"] == []


class Endpoint(QueryForms):
    """A store that is not the embedded one (what a SPARQL endpoint is to the API)."""

    def query(self, sparql: str, **dataset):
        raise AssertionError("search must not query an endpoint")

    def dump(self, out: io.BytesIO, fmt: str = "trig") -> None:
        raise AssertionError("not used")


def test_a_store_without_an_index_answers_501() -> None:
    with serve(create_app(store=Endpoint(), settings=Settings())) as client:
        response = client.get("/search", params={"q": "Kerman"})
    assert response.status_code == 501 and "embedded store" in response.json()["error"]


def test_the_served_view_asks_search_and_the_file_does_not(client: httpx.Client) -> None:
    page = client.get("/view").text
    assert '<body data-search="/search">' in page and "connect-src 'self'" in page
    written = render_html(nx.MultiDiGraph())  # kg view's file: the browser may connect nowhere
    assert "<body>" in written and "connect-src" not in written


@pytest.mark.browser
def test_the_view_search_box_finds_what_only_sentences_say(server: Server, browser_page) -> None:
    from playwright.sync_api import expect

    page, log = browser_page()
    page.goto(server.url + "/view")
    page.wait_for_selector('body[data-ready="1"]', timeout=60_000)
    page.fill("#kg-search", "people")  # no node is named so; the Kerman bombing's claim says it
    expect(page.locator("#kg-search-status")).to_contain_text("1 found", timeout=10_000)  # locally: "no match"
    page.press("#kg-search", "Enter")
    assert page.evaluate("kgView.selectedNodes()") == [KGR + "event/kerman-bombing"]
    assert log.page_errors == [] and log.external_requests == []
