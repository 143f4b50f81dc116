"""The demo's job end to end: reference article + bundled examples → store → HTML view in Chromium.

The same view is checked three ways: the file `kg view` writes, the file `kg export --format html`
writes, and the page the API serves at /view (a real server on 127.0.0.1). Screenshots land in
tests/artifacts/ (not committed): demo-view.png (the whole view), demo-selected.png (an event
selected on graph, timeline and map), demo-served.png (/view, filtered to a date range).
"""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

try:
    from tests.helpers import EXAMPLES, REPO, kg, reference_article
except ModuleNotFoundError:
    from helpers import EXAMPLES, REPO, kg, reference_article

ARTIFACTS = REPO / "tests" / "artifacts"
BEIRUT = "drone strike in Beirut"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    kg("ingest", reference_article(), *EXAMPLES, "--store", folder / "store")
    return folder / "store"


@pytest.fixture(scope="module")
def view_file(demo_store):
    target = demo_store.parent / "view.html"
    result = kg("view", "--store", demo_store, "--output", target)
    assert "view.html" in result.stdout
    return target


@pytest.fixture(scope="module")
def served_view(demo_store):
    """The API on 127.0.0.1 over the demo store, as `kg serve` runs it; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "KG_STORE": str(demo_store), "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    log = demo_store.parent / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "api.main:create_app",
                                   "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                  cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(url + "/sparql", timeout=5, trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer within 60 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def open_ready(browser_page, url):
    page, log = browser_page()
    page.goto(url)
    page.wait_for_selector('body[data-ready="1"]', timeout=60_000)
    return page, log


def beirut_strike(page) -> str:
    return page.evaluate("(text) => kgView.find(text)[0]", BEIRUT)


def test_bundled_examples_are_team_written_and_dated():
    articles = sorted((REPO / "examples" / "articles").glob("*.txt"))
    assert len(articles) >= 5
    for path in articles:
        assert path.read_text(encoding="utf-8").lstrip().startswith("date ")


def test_the_view_opens_offline_without_errors(view_file, browser_page):
    page, log = open_ready(browser_page, view_file.as_uri())
    labels = page.evaluate("window.kgView.nodes.get().map(n => n.label || '')")
    assert len(labels) > 50
    assert any(BEIRUT in label for label in labels)
    assert len(page.evaluate("kgView.timelineItemIds()")) > 20  # dated events on the timeline
    assert len(page.evaluate("kgView.mapPlaceIds()")) > 5  # geocoded places on the map
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")
    page.screenshot(path=str(ARTIFACTS / "demo-view.png"))

    # Selecting the reference article's strike selects it on the timeline and its place on the map.
    strike = beirut_strike(page)
    assert page.evaluate("kgView.timelineSelection()") == [strike]
    places = page.evaluate("kgView.highlightedPlaces()")
    assert any("beirut" in page.evaluate("(id) => kgView.nodes.get(id).label", p).lower() for p in places)
    page.screenshot(path=str(ARTIFACTS / "demo-selected.png"))
    assert log.console_errors == [] and log.page_errors == []
    assert log.external_requests == []


def test_the_html_export_is_the_same_offline_view(demo_store, tmp_path, browser_page):
    target = tmp_path / "export.html"
    kg("export", "--store", demo_store, "--format", "html", "--output", target)
    page, log = open_ready(browser_page, target.as_uri())
    assert any(BEIRUT in label for label in page.evaluate("kgView.nodes.get().map(n => n.label || '')"))
    assert log.console_errors == [] and log.page_errors == [] and log.external_requests == []


def test_the_served_view_is_linked_and_filters(served_view, browser_page):
    page, log = open_ready(browser_page, served_view + "/view")
    strike = beirut_strike(page)
    # A real click on the event's timeline item selects it in the graph and on the map.
    assert page.evaluate("kgView.select('no such node')") is False
    page.evaluate("(id) => { kgView.timeline.setSelection([]); kgView.timeline.focus(id, {zoom: false, animation: false}); }", strike)
    label = page.evaluate("(id) => kgView.nodes.get(id).label", strike)
    page.locator("#kg-timeline .vis-item", has_text=label[:30]).first.click()
    assert page.evaluate("kgView.selectedNodes()") == [strike]
    assert page.evaluate("kgView.highlightedPlaces()")
    total = len(page.evaluate("kgView.visibleNodeIds()"))
    page.fill("#kg-from", "2024-01-01")
    page.fill("#kg-to", "2024-01-31")
    shown = page.evaluate("kgView.visibleNodeIds()")
    assert strike in shown and 0 < len(shown) < total
    page.screenshot(path=str(ARTIFACTS / "demo-served.png"))
    hosts = {request.split("/")[2] for request in log.requests if request.startswith("http")}
    assert hosts == {served_view.split("/")[2]}  # only the page itself, from 127.0.0.1
    assert log.console_errors == [] and log.page_errors == [] and log.external_requests == []
