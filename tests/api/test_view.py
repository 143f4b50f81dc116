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
