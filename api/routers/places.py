"""``/places``: geocoded places where events happened, most eventful first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api.deps import ReaderDep, choose_format, json_or_rdf, rdf_response
from api.errors import ApiError, error_responses
from api.schemas import KGR, Place, PlacePage
from kg import query

router = APIRouter(prefix="/places", tags=["places"])

PLACE_EXAMPLE = {"id": "manchester", "iri": KGR + "place/manchester", "label": "Manchester", "type": "City",
                 "lat": 53.48, "long": -2.24, "geonames_id": 2643123, "country_code": "GB",
                 "within": {"id": "united-kingdom", "label": "United Kingdom"}, "events": 1}


def _page(store: query.QueryBackend, name: str | None, type_: str | None, within: str | None, limit: int,
          offset: int, rdf: bool):
    page = query.list_places(store, name=name, type_=type_, within=within, limit=limit, offset=offset)
    return page, query.describe(store, [item["iri"] for item in page["items"]]) if rdf else None


@router.get(
    "",
    response_model=PlacePage,
    summary="List places",
    description="Places (kgo:Place under kgr:place/), those with the most events first, with coordinates, "
    "GeoNames id, country and containing place. Filter by a part of the name, by class and by a place they "
    "lie in (`within=united-kingdom`, transitively).",
    responses={200: json_or_rdf({"items": [PLACE_EXAMPLE], "total": 1, "limit": 100, "offset": 0}),
               **error_responses(406, 413, 422, 503)},
)
async def list_places(
    request: Request,
    read: ReaderDep,
    name: Annotated[str | None, Query(min_length=1, max_length=200, description="Part of the name (any case)",
                                      examples=["kerm"])] = None,
    type_: Annotated[str | None, Query(alias="type", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
                                       description="kgo: class local name", examples=["City"])] = None,
    within: Annotated[str | None, Query(min_length=1, max_length=200, description="Id of a containing place",
                                        examples=["united-kingdom"])] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size", examples=[100])] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Places to skip", examples=[0])] = 0,
) -> dict[str, object] | Response:
    rdf_format = choose_format(request)
    page, graph = await read(_page, name, type_, within, limit, offset, rdf_format != "json")
    return rdf_response(graph, rdf_format) if graph is not None else page


def _one(store: query.QueryBackend, key: str, rdf: bool):
    iri = query.resolve_node(store, "place/" + key)
    if iri is None:
        return None, None
    (place,) = query.describe_places(store, [iri])
    return place, query.describe(store, [iri]) if rdf else None


@router.get(
    "/{place_id}",
    response_model=Place,
    summary="One place",
    description="The place with its coordinates, GeoNames id and container; its events are at "
    "`/events?place=<id>`.",
    responses={200: json_or_rdf(PLACE_EXAMPLE), **error_responses(404, 406, 503)},
)
async def get_place(
    request: Request,
    read: ReaderDep,
    place_id: Annotated[str, Path(description="Place id: the last path segment of its IRI", examples=["manchester"])],
) -> dict[str, object] | Response:
    rdf_format = choose_format(request)
    place, graph = await read(_one, place_id, rdf_format != "json")
    if place is None:
        raise ApiError(404, f"no place {place_id!r}")
    return rdf_response(graph, rdf_format) if graph is not None else place
