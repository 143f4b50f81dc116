"""``/actors``: the people, organisations, groups and states events are about, most involved first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api.deps import ReaderDep, choose_format, json_or_rdf, rdf_response
from api.errors import ApiError, error_responses
from api.schemas import KGR, Actor, ActorPage
from kg import query

router = APIRouter(prefix="/actors", tags=["actors"])

ACTOR_EXAMPLE = {"id": "islamic-state", "iri": KGR + "actor/islamic-state", "label": "Islamic State",
                 "type": "Group", "aliases": ["ISIS"], "events": 1}


def _page(store: query.QueryBackend, name: str | None, type_: str | None, limit: int, offset: int, rdf: bool):
    page = query.list_actors(store, name=name, type_=type_, limit=limit, offset=offset)
    return page, query.describe(store, [item["iri"] for item in page["items"]]) if rdf else None


@router.get(
    "",
    response_model=ActorPage,
    summary="List actors",
    description="Actors (kgo:Actor under kgr:actor/), those in the most events first, with their most "
    "specific type, aliases and number of events. Filter by a part of a name or alias and by class.",
    responses={200: json_or_rdf({"items": [ACTOR_EXAMPLE], "total": 1, "limit": 100, "offset": 0}),
               **error_responses(406, 413, 422, 503)},
)
async def list_actors(
    request: Request,
    read: ReaderDep,
    name: Annotated[str | None, Query(min_length=1, max_length=200, description="Part of a name or alias (any case)",
                                      examples=["islamic"])] = None,
    type_: Annotated[str | None, Query(alias="type", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
                                       description="kgo: class local name", examples=["Person"])] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size", examples=[100])] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Actors to skip", examples=[0])] = 0,
) -> dict[str, object] | Response:
    rdf_format = choose_format(request)
    page, graph = await read(_page, name, type_, limit, offset, rdf_format != "json")
    return rdf_response(graph, rdf_format) if graph is not None else page


def _one(store: query.QueryBackend, key: str, rdf: bool):
    iri = query.resolve_node(store, "actor/" + key)
    if iri is None:
        return None, None
    (actor,) = query.describe_actors(store, [iri])
    return actor, query.describe(store, [iri]) if rdf else None


@router.get(
    "/{actor_id}",
    response_model=Actor,
    summary="One actor",
    description="The actor with its type, aliases and number of events; its events are at `/events?actor=<id>`.",
    responses={200: json_or_rdf(ACTOR_EXAMPLE), **error_responses(404, 406, 503)},
)
async def get_actor(
    request: Request,
    read: ReaderDep,
    actor_id: Annotated[str, Path(description="Actor id: the last path segment of its IRI", examples=["islamic-state"])],
) -> dict[str, object] | Response:
    rdf_format = choose_format(request)
    actor, graph = await read(_one, actor_id, rdf_format != "json")
    if actor is None:
        raise ApiError(404, f"no actor {actor_id!r}")
    return rdf_response(graph, rdf_format) if graph is not None else actor
