"""``/causes/{id}`` and ``/effects/{id}``: causal chains into and out of an event, with their evidence."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from api.deps import ReaderDep, choose_format, json_or_rdf, rdf_response
from api.errors import ApiError, error_responses
from api.routers.events import LIST_EXAMPLE
from api.schemas import CausalChain
from kg import query

router = APIRouter(tags=["causal"])

BOMBING = LIST_EXAMPLE["items"][0]
THREAT = {**BOMBING, "id": "threat-level-raised", "label": "UK threat level raised to critical", "type": "Statement",
          "iri": "https://w3id.org/newskg/id/event/threat-level-raised", "time": "2017-05-23",
          "earliest": "2017-05-23", "latest": "2017-05-23", "agents": [{"id": "united-kingdom", "label": "United Kingdom"}]}
EXAMPLE = {"event": THREAT, "direction": "causes", "depth": 3, "events": [BOMBING], "links": [{
    "source": {"id": BOMBING["id"], "label": BOMBING["label"]},
    "target": {"id": THREAT["id"], "label": THREAT["label"]}, "distance": 1, "evidence": [{
        "link": "causal-1", "text": "After the bombing, the government raised the threat level to critical.",
        "cue": "after", "confidence": 0.6, "article": "a2"}]}], "truncated": False}
EventId = Annotated[str, Path(description="Event id: the last path segment of its IRI", examples=["manchester-bombing"])]
Depth = Annotated[int, Query(ge=1, le=10, description="Causal steps to follow", examples=[3])]
Include = Annotated[Literal["asserted", "planned"], Query(
    description="`planned`: also events no article asserts (planned, possible or denied: kgo:factuality); "
    "by default only asserted events", examples=["planned"])]


def _chain(store: query.QueryBackend, key: str, direction: str, depth: int, rdf: bool, planned: bool):
    chain = query.causal_chain(store, key, direction=direction, depth=depth, include_planned=planned)
    if chain is None or not rdf:
        return chain, None
    events = [chain["event"]["iri"]] + [event["iri"] for event in chain["events"]]
    return chain, query.describe(store, events, with_mentions=True)


async def _answer(request: Request, read, event_id: str, direction: str, depth: int,
                  include: str) -> dict[str, object] | Response:
    rdf_format = choose_format(request)
    chain, graph = await read(_chain, event_id, direction, depth, rdf_format != "json", include == "planned")
    if chain is None:
        raise ApiError(404, f"no event {event_id!r}")
    return rdf_response(graph, rdf_format) if graph is not None else chain


@router.get(
    "/causes/{event_id}",
    response_model=CausalChain,
    summary="What led to an event",
    description="The events that caused this one, directly or through up to `depth` causal steps "
    "(kgo:causes and kgo:CausalLink), each link with the sentences, cues and articles that support it.",
    responses={200: json_or_rdf(EXAMPLE), **error_responses(404, 406, 413, 422, 503)},
)
async def get_causes(request: Request, read: ReaderDep, event_id: EventId, depth: Depth = 3,
                     include: Include = "asserted"):
    return await _answer(request, read, event_id, "causes", depth, include)


@router.get(
    "/effects/{event_id}",
    response_model=CausalChain,
    summary="What followed from an event",
    description="The events this one caused, directly or through up to `depth` causal steps, each link "
    "with its evidence.",
    responses={200: json_or_rdf({**EXAMPLE, "event": BOMBING, "direction": "effects", "events": [THREAT]}),
               **error_responses(404, 406, 413, 422, 503)},
)
async def get_effects(request: Request, read: ReaderDep, event_id: EventId, depth: Depth = 3,
                      include: Include = "asserted"):
    return await _answer(request, read, event_id, "effects", depth, include)
