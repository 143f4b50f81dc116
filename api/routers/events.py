"""``/events``: the events as JSON (or RDF), filtered and paged, and one event with its provenance.

The queries live in :mod:`kg.query`; this router only reads parameters and picks the format.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api.deps import ReaderDep, choose_format, json_or_rdf, rdf_response
from api.errors import ApiError, error_responses
from api.schemas import KGR, EventDetail, EventPage, IsoDate
from kg import query

router = APIRouter(prefix="/events", tags=["events"])

TypeQuery = Annotated[str | None, Query(alias="type", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
                                        description="kgo: class local name; superclasses match too (Attack "
                                        "finds drone strikes)", examples=["DroneStrike"])]
StartQuery = Annotated[IsoDate | None, Query(description="Events that may have happened on or after this date",
                                             examples=["2017-05-01"])]
EndQuery = Annotated[IsoDate | None, Query(description="Events that may have happened on or before this date",
                                           examples=["2017-05-31"])]
PlaceQuery = Annotated[str | None, Query(min_length=1, max_length=200, description="Place id, or a part of its "
                                         "label (any case)", examples=["manchester"])]
ActorQuery = Annotated[str | None, Query(min_length=1, max_length=200, description="Agent or target id, or a "
                                         "part of its label (any case)", examples=["manchester"])]
ConfidenceQuery = Annotated[float | None, Query(ge=0, le=1, description="Lowest confidence kept", examples=[0.5])]

LIST_EXAMPLE = {"items": [{
    "id": "manchester-bombing", "iri": KGR + "event/manchester-bombing", "label": "Manchester Arena bombing",
    "type": "Explosion", "time": "2017-05-22", "earliest": "2017-05-22", "latest": "2017-05-22", "confidence": 0.8,
    "places": [{"id": "manchester", "label": "Manchester"}],
    "agents": [{"id": "islamic-state", "label": "Islamic State"}],
    "targets": []}], "total": 1, "limit": 100, "offset": 0}
CAUSAL_LINK_EXAMPLE = {
    "id": "causal-1", "type": "CausalLink", "relation": None,
    "source": {"id": "manchester-bombing", "label": "Manchester Arena bombing"},
    "target": {"id": "threat-level-raised", "label": "UK threat level raised to critical"},
    "evidence": "After the bombing, the government raised the threat level to critical.", "cue": "after",
    "confidence": 0.6, "article": "a2"}
DETAIL_EXAMPLE = {**LIST_EXAMPLE["items"][0], "killed": 22, "injured": 116, "mentions": [{
    "id": "a2-m1", "article": "a2", "start": 4, "end": 11, "anchor": "bombing",
    "sentence": "The bombing at the end of a concert at Manchester Arena killed 22 people."}], "claims": [{
        "id": "manchester-killed-22", "property": "killed", "value": 22, "reporter": "Greater Manchester Police",
        "reported_at": "2017-05-23", "article": "a2", "evidence": "Police said 22 people had been killed."}],
    "links_out": [CAUSAL_LINK_EXAMPLE], "links_in": [], "same_as": [],
    "sources": [{"id": "a2", "iri": KGR + "article/a2", "title": "Threat level raised after Manchester bombing",
                 "published": "2017-05-23"}]}


def event_filter(type_: str | None, start: dt.date | None, end: dt.date | None, place: str | None,
                 actor: str | None, min_confidence: float | None) -> query.EventFilter:
    if start and end and start > end:
        raise ApiError(400, f"start {start} is after end {end}")
    return query.EventFilter(type_, start, end, place, actor, min_confidence)


def _page_and_graph(store: query.QueryBackend, where: query.EventFilter, limit: int, offset: int, rdf: bool):
    page = query.list_events(store, where, limit=limit, offset=offset)
    return page, query.describe(store, [item["iri"] for item in page["items"]]) if rdf else None


@router.get(
    "",
    response_model=EventPage,
    summary="List events",
    description="Events by earliest date, filtered by asserted type, date overlap, place, actor and "
    "confidence, one page at a time. Place and actor match an id exactly or a label substring, ignoring case. "
    "With `Accept: text/turtle` (or N-Triples, JSON-LD, RDF/XML) the page's events are answered as RDF.",
    responses={200: json_or_rdf(LIST_EXAMPLE), **error_responses(400, 406, 413, 422, 503)},
)
async def list_events(
    request: Request,
    read: ReaderDep,
    type_: TypeQuery = None,
    start: StartQuery = None,
    end: EndQuery = None,
    place: PlaceQuery = None,
    actor: ActorQuery = None,
    min_confidence: ConfidenceQuery = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size", examples=[100])] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Events to skip", examples=[0])] = 0,
) -> dict[str, object] | Response:
    rdf_format = choose_format(request)
    where = event_filter(type_, start, end, place, actor, min_confidence)
    page, graph = await read(_page_and_graph, where, limit, offset, rdf_format != "json")
    return rdf_response(graph, rdf_format) if graph is not None else page


def _detail_and_graph(store: query.QueryBackend, key: str, rdf: bool):
    event = query.event_detail(store, key)
    if event is None or not rdf:
        return event, None
    return event, query.describe(store, [event["iri"]], with_mentions=True)


@router.get(
    "/{event_id}",
    response_model=EventDetail,
    summary="One event with its provenance",
    description="The event's summary plus its mentions (article, offsets, anchor, sentence), claims, causal "
    "and temporal links in and out (with evidence) and the articles that mention it. As RDF: the event's "
    "triples and those of its mentions, claims and links.",
    responses={200: json_or_rdf(DETAIL_EXAMPLE), **error_responses(404, 406, 413, 503)},
)
async def get_event(
    request: Request,
    read: ReaderDep,
    event_id: Annotated[str, Path(description="Event id: the last path segment of its IRI",
                                  examples=["manchester-bombing"])],
) -> dict[str, object] | Response:
    rdf_format = choose_format(request)
    event, graph = await read(_detail_and_graph, event_id, rdf_format != "json")
    if event is None:
        raise ApiError(404, f"no event {event_id!r}")
    return rdf_response(graph, rdf_format) if graph is not None else event
