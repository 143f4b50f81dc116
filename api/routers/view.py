"""``/view``: the interactive HTML graph of events, actors and places, from the same store.

The graph comes from ``kg.query.analysis.view_graph`` (at most ``view_max_nodes`` nodes, the
best-connected) and the page from ``kg.views.render_html``: graph, timeline and map linked,
self-contained (no CDN; the page's data is embedded, so it needs no other route, and its
search box also asks this server's ``/search`` when the store has an index). The page is built
once per state of the store (``store.generation``, as for ``/stats``): drawing it reads the
whole store, and a browser asks for it on every visit.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import SettingsDep, StoreDep
from api.errors import error_responses
from kg.query import search as full_text
from kg.query.analysis import view_graph
from kg.views import render_html

router = APIRouter(tags=["view"])


@router.get(
    "/view",
    response_class=HTMLResponse,
    summary="Interactive graph (HTML)",
    description="A self-contained HTML page: the graph of events, actors, places and their links, "
                "a timeline of the events and a map of the places, linked, with filters and search. "
                "`?focus=` a node's IRI or its path under https://w3id.org/newskg/id/ (`event/kerman-bombing`) "
                "selects that node and centres the graph on it (read by the page itself).",
    responses={200: {"content": {"text/html": {"example": "<!doctype html><html>…</html>"}}},
               **error_responses(500)},
)
def view(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    generation, page = getattr(request.app.state, "view_page", (None, None))
    if generation != store.generation:
        generation = store.generation  # read before drawing: a write meanwhile makes the next call redraw
        page = render_html(view_graph(store, settings.view_max_nodes), title="newskg: events",
                           search_url="/search" if full_text.supported(store) else None)
        request.app.state.view_page = (generation, page)
    return HTMLResponse(page)
