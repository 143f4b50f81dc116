"""``/stats``: how big the graph is, cached until the next write."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import JSON_ONLY, ReaderDep, StoreDep, choose_format, json_or_rdf
from api.errors import error_responses
from api.schemas import Stats
from kg import query

router = APIRouter(tags=["stats"])

EXAMPLE = {"triples": 127, "articles": 2, "events": 3, "actors": 5, "places": 3, "mentions": 4, "claims": 1,
           "causal_links": 1, "temporal_links": 2,
           "event_types": [{"type": "Event", "events": 3}, {"type": "Explosion", "events": 1}],
           "first_date": "2017-03-22", "last_date": "2017-05-22"}


@router.get(
    "/stats",
    response_model=Stats,
    summary="Counts",
    description="Triples, articles, events, actors, places, mentions, claims and links in the store, events "
    "per type (superclasses included) and the dates the events span.",
    responses={200: json_or_rdf(EXAMPLE, rdf=False), **error_responses(406, 503)},
)
async def get_stats(request: Request, store: StoreDep, read: ReaderDep) -> dict[str, object]:
    choose_format(request, JSON_ONLY)
    generation, cached = getattr(request.app.state, "stats", (None, None))
    if generation != store.generation:
        generation = store.generation  # read before counting: a write meanwhile makes the next call recount
        cached = await read(query.stats)
        request.app.state.stats = (generation, cached)
    return cached
