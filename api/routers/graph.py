"""``/graph``: the events, actors and places around some nodes, as nodes and edges for a graph widget."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import ReaderDep, choose_format, json_or_rdf, rdf_response
from api.errors import ApiError, error_responses
from api.schemas import KGR, Subgraph
from kg import query

router = APIRouter(tags=["graph"])

NodeRef = Annotated[str, Query(min_length=1, max_length=2000)]
EXAMPLE = {"nodes": [
    {"id": "event/manchester-bombing", "iri": KGR + "event/manchester-bombing", "label": "Manchester Arena bombing",
     "kind": "event", "type": "Explosion"},
    {"id": "place/manchester", "iri": KGR + "place/manchester", "label": "Manchester", "kind": "place", "type": "City"}],
    "edges": [{"source": "event/manchester-bombing", "target": "place/manchester", "kind": "location", "label": "place"}],
    "truncated": False}
NODE_HELP = ("a node: its IRI, its path under kgr: (`event/manchester-bombing`, `actor/united-kingdom`), or a bare id, "
             "tried as an event, actor, place and article in that order")


def resolve_all(store: query.QueryBackend, refs: list[str]) -> list[str]:
    iris = []
    for ref in refs:
        iri = query.resolve_node(store, ref)
        if iri is None:
            raise ApiError(404, f"no node {ref!r}")
        iris.append(iri)
    return iris


def _subgraph(store: query.QueryBackend, refs: list[str], depth: int, max_nodes: int, rdf: bool):
    result = query.subgraph(store, resolve_all(store, refs), depth=depth, max_nodes=max_nodes)
    return result, query.describe(store, [node["iri"] for node in result["nodes"]]) if rdf else None


@router.get(
    "/graph",
    response_model=Subgraph,
    summary="Subgraph around nodes",
    description="The nodes given and everything within `depth` hops of them over participation (agent, "
    "target), location (place, within), causal and temporal edges, as nodes and edges JSON; at most "
    f"`max_nodes` nodes (then `truncated` is true). Each `node` is {NODE_HELP}. As RDF: the triples about "
    "every node.",
    responses={200: json_or_rdf(EXAMPLE), **error_responses(404, 406, 413, 422, 503)},
)
async def get_graph(
    request: Request,
    read: ReaderDep,
    node: Annotated[list[str], Query(min_length=1, max_length=50, description="Start node(s); repeat for several",
                                     examples=[["event/manchester-bombing"]])],
    depth: Annotated[int, Query(ge=1, le=4, description="Hops to walk out", examples=[1])] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=10_000, description="Most nodes returned", examples=[500])] = 500,
) -> dict[str, object] | Response:
    if any(not ref.strip() for ref in node):
        raise ApiError(422, "query parameter node: empty node reference")
    rdf_format = choose_format(request)
    result, graph = await read(_subgraph, node, depth, max_nodes, rdf_format != "json")
    return rdf_response(graph, rdf_format) if graph is not None else result
