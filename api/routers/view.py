"""``/view``: the interactive HTML graph of events, actors and places, from the same store.

The graph comes from ``kg.analysis.view_graph`` and the page from ``kg.views.render_html``
(a self-contained page: no CDN, no network request).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from api.errors import error_responses
from kg.analysis import view_graph
from kg.views import render_html

router = APIRouter(tags=["view"])


@router.get(
    "/view",
    response_class=HTMLResponse,
    summary="Interactive graph (HTML)",
    description="A self-contained HTML page drawing events, actors, places and their links.",
    responses={200: {"content": {"text/html": {"example": "<!doctype html><html>…</html>"}}},
               **error_responses(500)},
)
def view(store: StoreDep) -> HTMLResponse:
    page = render_html(view_graph(store), title="newskg: events")
    return HTMLResponse(page)
