"""/docs (Swagger UI) and /redoc from vendored assets: nothing is loaded from a CDN or any other server."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
import pytest

from apitest import Server

MEDIA_TYPES = {".js": ("text/javascript", "application/javascript"), ".css": ("text/css",), ".png": ("image/png",)}


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_only_assets_of_this_server(client: httpx.Client, page: str) -> None:
    html = client.get(page).text
    assert "://" not in html  # no absolute URL at all: not a CDN, not Google Fonts, not FastAPI's favicon
    references = re.findall(r"""\b(?:src|href|spec-url)\s*=\s*["']([^"']+)""", html)
    assert len(references) >= 2, html
    for reference in references:
        assert reference.startswith("/") and not reference.startswith("//") and not urlsplit(reference).scheme
        response = client.get(reference)
        assert response.status_code == 200, reference
        if "/assets/" in reference:
            suffix = reference[reference.rindex("."):]
            assert response.headers["content-type"].split(";")[0] in MEDIA_TYPES[suffix], reference


def test_only_the_vendored_files_are_served(client: httpx.Client) -> None:
    redoc = client.get("/assets/redoc/redoc.standalone.js")
    assert redoc.status_code == 200 and b"cdn.redoc.ly" not in redoc.content  # its logo
    assert client.get("/assets/swagger-ui/LICENSE").status_code == 404
    assert client.get("/assets/redoc/..%2F..%2F..%2Fpyproject.toml").status_code == 404


@pytest.mark.browser
def test_the_docs_work_with_the_network_cut_off(server: Server, browser_page) -> None:
    page, log = browser_page()
    page.goto(server.url + "/docs")
    page.locator('.opblock-summary-path[data-path="/timeline"]').wait_for(timeout=20_000)
    assert page.locator(".opblock").count() >= 15
    page.goto(server.url + "/redoc")
    page.get_by_role("heading", name="Timeline of events").wait_for(timeout=20_000)
    assert log.external_requests == [] and log.page_errors == []
