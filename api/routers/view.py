"""``/view``: the interactive HTML graph of events, actors and places, from the same store.

The graph comes from ``kg.analysis.view_graph`` and the page from ``kg.views.html.render_html``
(a self-contained page, no network). Both are imported when the route runs, so the API works
before those modules exist and answers 503 for the view until then.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from api.errors import ApiError, error_responses

router = APIRouter(tags=["view"])


@router.get(
    "/view",
    response_class=HTMLResponse,
    summary="Interactive graph (HTML)",
    description="A self-contained HTML page drawing events, actors, places and their links; "
    "503 while the view modules are not installed.",
    responses={200: {"content": {"text/html": {"example": "<!doctype html><html>…</html>"}}},
               **error_responses(503)},
)
def view(store: StoreDep) -> HTMLResponse:
    try:
        from kg.analysis import view_graph
        from kg.views.html import render_html
    except ImportError:
        raise ApiError(503, "view not available") from None
    page = render_html(view_graph(store), title="newskg: events")
    return HTMLResponse(page)
