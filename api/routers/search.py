"""``/search``: full-text search over articles, events, actors and places, best first, with snippets.

The index and its ranking live in :mod:`kg.query.search`; this router reads parameters and answers 501
for a remote store, which has no index of ours.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import SettingsDep, StoreDep, run_bounded
from api.errors import ApiError, error_responses
from api.routers.events import EndQuery, StartQuery, TypeQuery
from api.schemas import KGR, SearchResults
from kg.query import search as full_text

router = APIRouter(prefix="/search", tags=["search"])

EXAMPLE = {"query": "Manchester", "total": 4, "limit": 20, "offset": 0, "items": [{
    "kind": "event", "id": "attack-manchester-2017-05-22", "iri": KGR + "event/attack-manchester-2017-05-22",
    "url": "/events/attack-manchester-2017-05-22", "label": "bombing in Manchester (2017-05-22)", "type": "Bombing",
    "earliest": "2017-05-22", "latest": "2017-05-22", "score": 12.4,
    "snippet": "A suicide bomber struck the foyer of the arena in Manchester as a concert ended", "highlights": [[50, 60]]}]}


@router.get(
    "",
    response_model=SearchResults,
    summary="Full-text search",
    description="Articles (title and text), events (labels, the names of their places and participants, their "
    "mentions' sentences, the evidence of their links and claims), actors and places (names and aliases) that "
    "match the words of `q`, ranked by BM25 with a highlighted snippet each, and the route of each hit. Every "
    "word must match (stemmed: `explosions` finds `explosion`); `\"a phrase\"` in quotes, `-word` to leave "
    "one out. `kind` (repeatable), `type` (superclasses match, as in `/events`) and `start`/`end` (an event's "
    "days or an article's date overlap the range; actors and places have none) narrow it. A remote SPARQL "
    "store has no index: 501.",
    responses={200: {"description": "JSON", "content": {"application/json": {"example": EXAMPLE}}},
               **error_responses(400, 422, 501, 503)},
)
async def search(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="Words to find", examples=["Manchester"])],
    kind: Annotated[list[Literal["event", "article", "actor", "place"]] | None,
                    Query(description="Only these kinds (repeatable)", examples=[["event"]])] = None,
    type_: TypeQuery = None,
    start: StartQuery = None,
    end: EndQuery = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size", examples=[20])] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000, description="Hits to skip", examples=[0])] = 0,
) -> dict[str, object]:
    if not full_text.supported(store):
        raise ApiError(501, "full-text search needs the embedded store: this server serves a SPARQL endpoint, "
                       "search it with the endpoint's own full-text features")
    where = full_text.SearchFilter(tuple(kind or ()), type_, start, end)
    return await run_bounded(settings, full_text.search, store, q, where, limit=limit, offset=offset)
