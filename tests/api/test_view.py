"""/view: the HTML graph served by the API from the same store."""

from __future__ import annotations

import httpx


def test_view_is_a_self_contained_html_page(client: httpx.Client) -> None:
    response = client.get("/view")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<html" in page.lower() and "Kerman bombings" in page
    assert "https://" not in page.split("<script", 1)[0]
