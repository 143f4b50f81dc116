"""``/timeline``: events in time order for an actor, a place or a type, as vis-timeline items."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import JSON_ONLY, ReaderDep, choose_format, json_or_rdf
from api.errors import error_responses
from api.routers.events import (ActorQuery, ConfidenceQuery, EndQuery, PlaceQuery, StartQuery, TypeQuery,
                                event_filter)
from api.schemas import Timeline
from kg import query

router = APIRouter(tags=["timeline"])

EXAMPLE = {"items": [{"id": "manchester-bombing", "content": "Manchester Arena bombing", "start": "2017-05-22",
                      "end": None, "type": "box", "group": "Explosion", "title": "Explosion · Manchester · 2017-05-22",
                      "className": "kg-explosion"}],
           "groups": [{"id": "Explosion", "content": "Explosion"}], "truncated": False}


@router.get(
    "/timeline",
    response_model=Timeline,
    summary="Timeline of events",
    description="Dated events in time order, filtered like `/events` (actor, place, type, dates, confidence), "
    "as items and groups a vis-timeline widget takes as they are: `new vis.Timeline(el, items, groups)`. "
    "An item's `start` is the earliest possible day; events known only to a span of days are ranges whose "
    "`end` is the day after the latest possible one. Undated events are left out, unless `undated=true` "
    "places them, as `point` items marked `reported`, on the day they were first reported.",
    responses={200: json_or_rdf(EXAMPLE, rdf=False), **error_responses(400, 406, 413, 422, 503)},
)
async def get_timeline(
    request: Request,
    read: ReaderDep,
    actor: ActorQuery = None,
    place: PlaceQuery = None,
    type_: TypeQuery = None,
    start: StartQuery = None,
    end: EndQuery = None,
    min_confidence: ConfidenceQuery = None,
    limit: Annotated[int, Query(ge=1, le=10_000, description="Most items", examples=[1000])] = 1000,
    undated: Annotated[bool, Query(description="Also show events whose own time is unknown, on the day they were "
                                   "first reported (not when they happened)", examples=[True])] = False,
) -> dict[str, object]:
    choose_format(request, JSON_ONLY)
    where = event_filter(type_, start, end, place, actor, min_confidence)
    return await read(query.timeline, where, limit=limit, undated=undated)
