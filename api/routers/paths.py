"""``/paths``: how two events, actors or places are connected (networkx shortest paths)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from api.deps import JSON_ONLY, ReaderDep, choose_format, json_or_rdf
from api.errors import error_responses
from api.routers.graph import NODE_HELP, resolve_all
from api.schemas import KGR, Paths
from kg import query

router = APIRouter(tags=["paths"])

EXAMPLE = {"from": "actor/united-kingdom", "to": "actor/islamic-state", "paths": [{"length": 3, "nodes": [
    {"id": "actor/united-kingdom", "iri": KGR + "actor/united-kingdom", "label": "United Kingdom", "kind": "actor",
     "type": "Country"},
    {"id": "event/threat-level-raised", "iri": KGR + "event/threat-level-raised",
     "label": "UK threat level raised to critical", "kind": "event", "type": "Statement"},
    {"id": "event/manchester-bombing", "iri": KGR + "event/manchester-bombing", "label": "Manchester Arena bombing",
     "kind": "event", "type": "Explosion"},
    {"id": "actor/islamic-state", "iri": KGR + "actor/islamic-state", "label": "Islamic State", "kind": "actor",
     "type": "Group"}],
    "edges": [
        {"source": "event/threat-level-raised", "target": "actor/united-kingdom", "kind": "participation",
         "label": "agent"},
        {"source": "event/manchester-bombing", "target": "event/threat-level-raised", "kind": "causal",
         "label": "causes"},
        {"source": "event/manchester-bombing", "target": "actor/islamic-state", "kind": "participation",
         "label": "agent"}]}],
    "truncated": False}


def _paths(store: query.QueryBackend, source: str, target: str, max_length: int, limit: int,
           planned: bool) -> dict[str, object]:
    start, end = resolve_all(store, [source, target])
    return query.paths(store, start, end, max_length=max_length, limit=limit, include_planned=planned)


@router.get(
    "/paths",
    response_model=Paths,
    response_model_by_alias=True,
    summary="Paths between two nodes",
    description="Up to `limit` shortest paths of at most `max_length` edges between two nodes, over "
    "participation, location, causal and temporal edges, whatever their direction (each edge is reported "
    f"in its own direction). `from` and `to` are each {NODE_HELP}. An empty `paths` means no path that short.",
    responses={200: json_or_rdf(EXAMPLE, rdf=False), **error_responses(404, 406, 413, 422, 503)},
)
async def get_paths(
    request: Request,
    read: ReaderDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=2000, description="Start node",
                                 examples=["actor/united-kingdom"])],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=2000, description="End node",
                                 examples=["actor/islamic-state"])],
    max_length: Annotated[int, Query(ge=1, le=6, description="Most edges on a path", examples=[4])] = 4,
    limit: Annotated[int, Query(ge=1, le=20, description="Most paths", examples=[5])] = 5,
    include: Annotated[Literal["asserted", "planned"], Query(
        description="`planned`: paths may go through events no article asserts (planned, possible, denied)",
        examples=["planned"])] = "asserted",
) -> dict[str, object]:
    choose_format(request, JSON_ONLY)
    return await read(_paths, source, target, max_length, limit, include == "planned")
