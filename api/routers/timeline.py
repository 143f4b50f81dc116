"""``/timeline``: events in time order for an actor, a place or a type, as vis-timeline items; one entity's timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import JSON_ONLY, ReaderDep, choose_format, json_or_rdf
from api.errors import error_responses
from api.routers.events import (ActorQuery, ConfidenceQuery, EndQuery, PlaceQuery, StartQuery, TypeQuery,
                                event_filter)
from api.schemas import Timeline
from kg import query
from kg.query.timelines import entity_timeline

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


ENTITY_EXAMPLE = [{"order": 1, "date": "2009-06-01", "time": "2009-06-01", "earliest": "2009-06-01",
                   "latest": "2009-06-01", "time_source": "own", "factuality": "asserted", "event": "gm-plan-e3",
                   "events": ["gm-plan-e3"], "label": "statement", "type": "Statement", "roles": ["agent"],
                   "mentions": [{"id": "e3", "article": "gm-plan", "start": 113, "end": 122, "anchor": "announced",
                                 "sentence": 1, "evidence": "The chief executive announced the plan on Monday.",
                                 "class": "REPORTING"}]}]


@router.get(
    "/timeline/entity",
    summary="One entity's timeline",
    description="Every event the actor named `actor` (its label, else an alias; case, spaces and punctuation "
    "ignored; a company with or without its legal form and trade; when no actor is, the end of the name, its words shortened, or the one person of that surname and "
    "first initial: `Frederick Henderson` finds Fritz Henderson) takes part in, and, for a place of that name that "
    "is the actor or when no actor is, every event at it or at a place within it, across all articles, as "
    "`kg timeline` lists them: coreferent instances make one "
    "entry, each with its `date` at the precision known (`2009-06-01`, `2009-06`, `2009`, or null), its "
    "`order` (0 when undated), how its time was found (`time_source`: own, inherited, narrative, report, "
    "report-bounds), its `factuality` (asserted, planned, possible, denied) and its `mentions` (article, "
    "offsets, sentence index, evidence sentence and TimeML class), ordered by date; "
    "an entry with no date but a bound from the article date (`latest` alone: reported done, on or before it; "
    "`earliest` alone: planned) is placed at its bound, the undated last.",
    responses={200: json_or_rdf(ENTITY_EXAMPLE, rdf=False), **error_responses(406, 413, 422, 503)},
)
async def get_entity_timeline(
    request: Request,
    read: ReaderDep,
    actor: Annotated[str, Query(min_length=1, max_length=200, description="An actor's name or alias",
                                examples=["General Motors"])],
) -> list[dict[str, object]]:
    choose_format(request, JSON_ONLY)
    return await read(entity_timeline, actor)
