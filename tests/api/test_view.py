"""/view: the HTML graph served by the API from the same store."""

from __future__ import annotations

import re

import httpx

# what would make a browser fetch something: scripts, stylesheets, images, frames, CSS url()/@import
NETWORK_REFERENCE = re.compile(r"""<(?:script|img|iframe|link|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//"""
                               r"""|url\(\s*["']?\s*(?:https?:)?//|@import""", re.IGNORECASE)


def test_view_is_a_self_contained_html_page(client: httpx.Client) -> None:
    response = client.get("/view")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<html" in page.lower() and "Kerman bombings" in page
    assert not NETWORK_REFERENCE.search(page), NETWORK_REFERENCE.search(page).group(0)


def test_the_page_is_drawn_again_after_a_write_and_only_then(writable_server) -> None:
    client = writable_server.client
    auth = {"authorization": f"Bearer {writable_server.token}"}
    graph = "https://w3id.org/newskg/id/article/view-cache"
    insert = f"""PREFIX kgo: <https://w3id.org/newskg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT DATA {{ GRAPH <{graph}> {{ <https://w3id.org/newskg/id/event/isfahan-rally> a kgo:Event, kgo:Protest ;
  rdfs:label "Rally in Isfahan" }} }}"""
    before = client.get("/view").text
    assert client.get("/view").text == before and "Rally in Isfahan" not in before
    assert client.post("/sparql", data={"update": insert}, headers=auth).status_code == 204
    assert "Rally in Isfahan" in client.get("/view").text
    assert client.post("/sparql", data={"update": f"DROP SILENT GRAPH <{graph}>"}, headers=auth).status_code == 204
    assert "Rally in Isfahan" not in client.get("/view").text
