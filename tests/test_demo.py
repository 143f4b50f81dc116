"""The demo's job end to end: reference article + bundled examples → store → HTML view in Chromium."""

import pytest

try:
    from tests.helpers import EXAMPLES, REPO, kg, reference_article
except ModuleNotFoundError:
    from helpers import EXAMPLES, REPO, kg, reference_article

ARTIFACTS = REPO / "tests" / "artifacts"


@pytest.fixture(scope="module")
def view_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    kg("ingest", reference_article(), *EXAMPLES, "--store", folder / "store")
    result = kg("view", "--store", folder / "store", "--output", folder / "view.html")
    assert "view.html" in result.stdout
    return folder / "view.html"


def test_bundled_examples_are_team_written_and_dated():
    articles = sorted((REPO / "examples" / "articles").glob("*.txt"))
    assert len(articles) >= 5
    for path in articles:
        assert path.read_text(encoding="utf-8").lstrip().startswith("date ")


def test_the_view_opens_offline_without_errors(view_file, browser_page):
    page, log = browser_page()
    page.goto(view_file.as_uri())
    page.wait_for_selector('body[data-ready="1"]', timeout=30_000)
    labels = page.evaluate("window.kgView.nodes.get().map(n => n.label || '')")
    assert len(labels) > 50
    assert any("drone strike in Beirut" in label for label in labels)
    assert log.console_errors == [] and log.page_errors == []
    assert log.external_requests == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "demo-view.png"))
