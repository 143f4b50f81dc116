"""The HTML view: self-contained, safe with hostile text, usable in a real browser."""

from __future__ import annotations

import datetime
import math
import random
import re
import time
from pathlib import Path

import networkx as nx
import pytest

from kg.views import render_html, view_payload, write_html

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
STRIKE_EVIDENCE = "A drone struck the fuel depot in Kherson early on 2 January, officials said."
CAUSAL_EVIDENCE = "The strike forced hundreds of residents to leave their homes."
SCRIPT_PAYLOAD = "<script>window.__pwned=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=1">'


def make_graph(**strike_overrides) -> nx.MultiDiGraph:
    """Three events, two actors, two places, an article, a time; causal and temporal links."""
    g = nx.MultiDiGraph()
    strike = {
        "label": "Drone strike on Kherson depot", "kind": "event", "type": "DroneStrike",
        "date": "2024-01-02", "confidence": 0.91, "iri": "urn:ev:strike",
        "details": {"time": "2024-01-02", "evidence": [STRIKE_EVIDENCE],
                    "sources": ["https://news.example/kherson-1"], "mentions": ["drone struck"]},
    }
    strike.update(strike_overrides)
    g.add_node("ev:strike", **strike)
    g.add_node("ev:evacuation", label="Evacuation of Kherson residents", kind="event",
               type="Evacuation", date="2024-01-03", confidence=0.8,
               details={"evidence": [CAUSAL_EVIDENCE]})
    g.add_node("ev:protest", label="Protest in Kyiv", kind="event", type="Protest",
               date="2024-01-05", confidence=0.7, details={})
    g.add_node("ac:army", label="Russian armed forces", kind="actor", type="Organization")
    g.add_node("ac:residents", label="Kherson residents", kind="actor", type="Group")
    g.add_node("pl:kherson", label="Kherson", kind="place", type="City")
    g.add_node("pl:kyiv", label="Kyiv", kind="place", type="City")
    g.add_node("ar:1", label="Wire report, 2 Jan", kind="article", type="NewsArticle")
    g.add_node("tm:0102", label="2024-01-02", kind="time", type="Instant")
    g.add_edge("ev:strike", "ev:evacuation", kind="causal", label="causes",
               evidence=CAUSAL_EVIDENCE, confidence=0.75, cue="forced")
    g.add_edge("ev:evacuation", "ev:protest", kind="temporal", label="before", confidence=0.9)
    g.add_edge("ev:strike", "ac:army", kind="participation", label="agent")
    g.add_edge("ev:evacuation", "ac:residents", kind="participation", label="participant")
    g.add_edge("ev:strike", "pl:kherson", kind="location", label="place")
    g.add_edge("ev:evacuation", "pl:kherson", kind="location", label="place")
    g.add_edge("ev:protest", "pl:kyiv", kind="location", label="place")
    g.add_edge("ev:strike", "ar:1", kind="provenance", label="source")
    g.add_edge("ev:strike", "tm:0102", kind="temporal", label="at")
    return g


def big_graph(nodes: int = 2000, edges: int = 3000, seed: int = 3) -> nx.MultiDiGraph:
    """A random news-like graph: mostly events, linked to actors and places."""
    rng = random.Random(seed)
    kinds = ["event"] * 6 + ["actor"] * 2 + ["place"] + ["article"]
    types = ["DroneStrike", "Protest", "Election", "Ceasefire", "Arrest", "Flood"]
    g = nx.MultiDiGraph()
    for i in range(nodes):
        kind = rng.choice(kinds)
        node_type = rng.choice(types) if kind == "event" else "Thing"
        g.add_node(i, label=f"{kind} {i}", kind=kind, type=node_type,
                   details={"evidence": [f"Sentence about node {i}."]})
    for _ in range(edges):
        u, v = rng.randrange(nodes), rng.randrange(nodes)
        kind = rng.choice(["causal", "temporal", "participation", "location", "provenance"])
        g.add_edge(u, v, kind=kind, label=kind[:5], evidence="Because.")
    return g


def open_view(browser_page, path: Path, **viewport):
    page, log = browser_page(**viewport)
    page.goto(path.as_uri())
    page.wait_for_selector('body[data-ready="1"]', timeout=30_000)
    return page, log


def node_on_screen(page, node_id: str) -> tuple[float, float]:
    """Page coordinates of a node's centre, for real mouse clicks and hovers."""
    return tuple(page.evaluate("""(id) => {
        const p = kgView.network.canvasToDOM(kgView.network.getPosition(id));
        const box = document.querySelector("#kg-network canvas").getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", node_id))


def panel_text(page) -> str:
    return page.locator("#kg-panel").inner_text()


# ---- the page as text ------------------------------------------------------------


def test_page_is_self_contained():
    page = render_html(make_graph(), title="Kherson & <co>")
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "<link" not in page and "<script src" not in page
    assert "vis-network" in page  # inlined library, not a reference to one
    assert "<title>Kherson &amp; &lt;co&gt;</title>" in page


def test_markup_in_data_cannot_close_the_json_block():
    page = render_html(make_graph(label=SCRIPT_PAYLOAD))
    assert page.count("</script>") == 3  # data block, vis-network, our script
    assert "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e" in page


def test_payload_is_plain_json():
    g = make_graph(confidence=math.nan, date=datetime.date(2024, 1, 2))
    payload = view_payload(g)
    strike = next(n for n in payload["nodes"] if n["id"] == "ev:strike")
    assert strike["confidence"] is None and strike["date"] == "2024-01-02"
    kinds = {row["key"] for row in payload["legend"]["kinds"]}
    assert kinds == {"event", "actor", "place", "article", "time"}
    assert len(payload["edges"]) == 9


def test_odd_graphs_render():
    empty = view_payload(nx.MultiDiGraph())
    assert empty["nodes"] == [] and empty["edges"] == []
    odd = nx.MultiDiGraph()
    odd.add_edge(1, "1", kind="causal")  # ids that collide as text
    odd.add_edge(("a", 2), ("a", 2), kind="mystery")  # tuple id, self-loop, unknown kind
    odd.add_node("lonely")  # no attributes at all
    payload = view_payload(odd)
    ids = [node["id"] for node in payload["nodes"]]
    assert len(set(ids)) == 4
    assert {e["from"] for e in payload["edges"]} <= set(ids)
    assert "lonely" in render_html(odd)


def test_write_html_creates_parents(tmp_path):
    target = write_html(make_graph(), tmp_path / "out" / "view.html")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# ---- the page in a browser -------------------------------------------------------


@pytest.mark.browser
def test_small_graph_in_browser(browser_page, chromium_browser, tmp_path):
    graph = make_graph()
    path = write_html(graph, tmp_path / "small.html", title="Kherson, January 2024")
    page, log = open_view(browser_page, path)

    drawn = page.evaluate("kgView.network.body.nodeIndices.length")
    assert drawn == graph.number_of_nodes()
    assert page.evaluate("kgView.edges.length") == graph.number_of_edges()

    # A real click on the strike node shows its evidence sentence.
    page.mouse.click(*node_on_screen(page, "ev:strike"))
    assert STRIKE_EVIDENCE in panel_text(page)
    assert "https://news.example/kherson-1" in panel_text(page)

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")
    page.screenshot(path=str(ARTIFACTS / "views-small.png"))
    print(f"chromium {chromium_browser.version}; screenshot {ARTIFACTS / 'views-small.png'}")

    # The causal edge shows the sentence that supports it.
    assert page.evaluate("kgView.select('edge:0')")
    assert CAUSAL_EVIDENCE in panel_text(page) and "forced" in panel_text(page)

    # Filters: hiding actors, then one event type, hides exactly those nodes.
    total = graph.number_of_nodes()
    page.click('input[data-group="kinds"][data-key="actor"]')
    assert len(page.evaluate("kgView.visibleNodeIds()")) == total - 2
    page.click('input[data-group="eventTypes"][data-key="Protest"]')
    assert len(page.evaluate("kgView.visibleNodeIds()")) == total - 3
    page.click('input[data-group="kinds"][data-key="actor"]')
    assert len(page.evaluate("kgView.visibleNodeIds()")) == total - 1

    # Search: typing a name and pressing Enter selects the node.
    page.fill("#kg-search", "evacuation")
    page.press("#kg-search", "Enter")
    assert page.locator("#kg-panel h2").inner_text() == "Evacuation of Kherson residents"

    assert log.page_errors == []
    assert log.console_errors == []
    assert log.external_requests == []


@pytest.mark.browser
def test_hostile_text_stays_text(browser_page, tmp_path):
    hostile = f"Strike {SCRIPT_PAYLOAD} {IMG_PAYLOAD}"
    graph = make_graph(
        label=hostile, type=IMG_PAYLOAD,
        details={"evidence": [SCRIPT_PAYLOAD, IMG_PAYLOAD],
                 "sources": [f"javascript:{IMG_PAYLOAD}"],
                 IMG_PAYLOAD: SCRIPT_PAYLOAD},
    )
    graph.edges["ev:strike", "ev:evacuation", 0].update(evidence=IMG_PAYLOAD, label=SCRIPT_PAYLOAD)
    path = write_html(graph, tmp_path / "xss.html", title=SCRIPT_PAYLOAD)
    page, log = open_view(browser_page, path)

    page.evaluate("kgView.select('ev:strike')")
    text = panel_text(page)
    assert hostile in text and SCRIPT_PAYLOAD in text and IMG_PAYLOAD in text
    page.evaluate("kgView.select('edge:0')")
    assert IMG_PAYLOAD in panel_text(page)
    page.mouse.move(*node_on_screen(page, "ev:strike"))  # the tooltip is data too
    page.wait_for_selector("div.vis-tooltip", state="visible")
    assert SCRIPT_PAYLOAD in page.locator("div.vis-tooltip").inner_text()

    assert page.evaluate("typeof window.__pwned") == "undefined"
    injected = "#kg-panel img, #kg-panel script, #kg-filters img, div.vis-tooltip img"
    assert page.locator(injected).count() == 0
    assert page.title() == SCRIPT_PAYLOAD
    assert page.locator("#kg-panel a").count() == 0  # javascript: sources are not links
    assert log.page_errors == [] and log.external_requests == []


@pytest.mark.browser
@pytest.mark.slow
def test_large_graph_becomes_ready_quickly(browser_page, tmp_path):
    graph = big_graph()
    started = time.perf_counter()
    path = write_html(graph, tmp_path / "big.html")
    rendered = time.perf_counter()
    page, log = open_view(browser_page, path)
    ready = time.perf_counter()
    print(f"2,000 nodes / 3,000 edges: render {rendered - started:.2f}s, "
          f"browser ready {ready - rendered:.2f}s, total {ready - started:.2f}s")
    assert ready - started < 15
    assert page.evaluate("kgView.network.body.nodeIndices.length") == graph.number_of_nodes()
    assert log.page_errors == [] and log.console_errors == [] and log.external_requests == []
