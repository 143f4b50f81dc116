"""``/sparql``: a SPARQL 1.1 Protocol endpoint over the store, answered by Oxigraph itself.

Queries go to ``store.query(text)`` as strings, in the format the Accept header asks for
(see :mod:`api.results` for how results are capped and written; no rdflib round trip). The
default graph is the union of all article graphs unless the query names its dataset (FROM …)
or the request does (``default-graph-uri`` / ``named-graph-uri``, which win over FROM).
Updates need the bearer token of ``settings.token``; without one the service is read-only.
Queries and updates may use our prefixes (``kg.vocab.SPARQL_PREFIXES``) undeclared: the workers and
the store pass them to Oxigraph's parser. A browser (``text/html`` first in Accept) gets the SPARQL
editor of :mod:`kg.views.editor` at the same URL instead, which sends its queries here.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox
import rdflib
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.concurrency import run_in_threadpool

from api.deps import (SettingsDep, StoreDep, first_value, media_type_of, negotiate, read_body, check_writer,
                      run_bounded)
from api.errors import ApiError, error_responses
from api.guard import Refused, check_size, names_dataset
from api.sandbox import sparql_workers
from api.results import serialise
from kg.query import search as full_text
from kg.config import Settings
from kg.store import QueryForms, Store
from kg.views.editor import render_editor
from kg.vocab import SPARQL_PREFIXES

router = APIRouter(tags=["sparql"])

#: SELECT/ASK formats, default first, each with the media types that ask for it
RESULT_OFFERS = [
    (ox.QueryResultsFormat.JSON, ("application/sparql-results+json", "application/json")),
    (ox.QueryResultsFormat.XML, ("application/sparql-results+xml", "application/xml", "text/xml")),
    (ox.QueryResultsFormat.CSV, ("text/csv",)),
    (ox.QueryResultsFormat.TSV, ("text/tab-separated-values",)),
]
#: CONSTRUCT/DESCRIBE formats, default first
GRAPH_OFFERS = [
    (ox.RdfFormat.TURTLE, ("text/turtle", "application/x-turtle")),
    (ox.RdfFormat.N_TRIPLES, ("application/n-triples", "text/plain")),
    (ox.RdfFormat.JSON_LD, ("application/ld+json", "application/json")),
    (ox.RdfFormat.RDF_XML, ("application/rdf+xml", "application/xml", "text/xml")),
]
#: W3C format IRIs (https://www.w3.org/ns/formats/) for the service description
FORMAT_IRIS = [f"http://www.w3.org/ns/formats/{name}" for name in (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "JSON-LD", "RDF_XML")]
#: the service description's formats, default first (rdflib serializer names)
DESCRIPTION_OFFERS = [
    ("turtle", ("text/turtle", "application/x-turtle")),
    ("xml", ("application/rdf+xml", "application/xml")),
    ("json-ld", ("application/ld+json", "application/json")),
    ("nt", ("application/n-triples", "text/plain")),
]
#: what a browser asks for first: the editor (never the default, so a plain client never gets it)
EDITOR_OFFER = ("editor", ("text/html",))
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SH, XSD = rdflib.namespace.SH, rdflib.namespace.XSD
UPDATE_DATASET = ("using-graph-uri", "using-named-graph-uri")

ARTICLE_EXAMPLE = "https://w3id.org/newskg/id/article/a2"
SELECT_EXAMPLE = {"head": {"vars": ["e", "label"]}, "results": {"bindings": [
    {"e": {"type": "uri", "value": "https://w3id.org/newskg/id/event/manchester-bombing"},
     "label": {"type": "literal", "value": "Manchester Arena bombing"}}]}}
TURTLE_EXAMPLE = ('<https://w3id.org/newskg/id/event/manchester-bombing> '
                  '<http://www.w3.org/2000/01/rdf-schema#label> "Manchester Arena bombing" .\n')
QUERY_RESPONSES = {
    200: {"description": "Query results, in the format chosen by the Accept header", "content": {
        "application/sparql-results+json": {"example": SELECT_EXAMPLE},
        "application/sparql-results+xml": {}, "text/csv": {}, "text/tab-separated-values": {},
        "text/turtle": {"example": TURTLE_EXAMPLE}, "application/n-triples": {},
        "application/ld+json": {}, "application/rdf+xml": {}}},
    **error_responses(400, 406, 413, 414, 503),
}
GET_RESPONSES = {**QUERY_RESPONSES, 200: {**QUERY_RESPONSES[200], "content": {
    **QUERY_RESPONSES[200]["content"], "text/html": {"example": "<!DOCTYPE html><html>… SPARQL editor …</html>"}}}}
POST_BODY = {"required": True, "content": {
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
        "query": {"type": "string", "description": "A SPARQL 1.1 query"},
        "update": {"type": "string", "description": "A SPARQL 1.1 update (needs the bearer token)"}}}},
    "application/sparql-query": {"schema": {"type": "string"}, "example": "ASK { ?e a <https://w3id.org/newskg/ontology#Event> }"},
    "application/sparql-update": {"schema": {"type": "string"}},
}}


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "the request body is not UTF-8") from None


def _refuse_update_dataset(params: dict[str, list[str]]) -> None:
    for name in UPDATE_DATASET:
        if params.get(name):
            raise ApiError(400, f"the {name} parameter is not supported: name graphs in the update (WITH, GRAPH)")


def query_dataset(params: dict[str, list[str]]) -> dict[str, list[str]]:
    """The dataset a request names with ``default-graph-uri`` / ``named-graph-uri``, if it names one.

    Per the SPARQL 1.1 Protocol it replaces the query's FROM / FROM NAMED; a part not given is
    empty (only named graphs → an empty default graph).
    """
    default, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    if not default and not named:
        return {}
    return {"default_graph": default, "named_graphs": named}


def _remote_query(store: QueryForms, text: str, chosen: dict[str, Any], dataset: dict[str, list[str]],
                  max_rows: int, timeout: float) -> tuple[bytes, str]:
    """A query a worker has checked, sent to a remote store (its own server evaluates it)."""
    deadline = time.monotonic() + timeout
    result = store.query(text, union=not names_dataset(text), **dataset)
    offer = chosen["graph_format" if isinstance(result, ox.QueryTriples) else "results_format"]
    if offer is None:
        raise _not_acceptable(chosen["accept"], isinstance(result, ox.QueryTriples))
    fmt = (ox.RdfFormat if isinstance(result, ox.QueryTriples) else ox.QueryResultsFormat).from_media_type(offer)
    return serialise(result, fmt, max_rows=max_rows, deadline=deadline), offer


def _not_acceptable(accept: str | None, graph: bool) -> ApiError:
    wanted = ("text/turtle, application/n-triples, application/ld+json, application/rdf+xml" if graph else
              "application/sparql-results+json or +xml, text/csv, text/tab-separated-values")
    return ApiError(406, f"cannot answer this query as {accept!r}: ask for {wanted}")


async def answer_query(request: Request, text: str, dataset: dict[str, list[str]] | None = None) -> Response:
    """Run a client's query in a worker process (see :mod:`api.sandbox`): 503 past ``settings.query_timeout``
    (the worker is killed), 413 past ``settings.max_results``, 400 when it is refused or crashes its worker."""
    store, settings = request.app.state.store, request.app.state.settings
    accept = request.headers.get("accept")
    try:
        check_size(text, settings.max_query_terms)
    except Refused as error:
        raise ApiError(400, str(error)) from None
    graph_offer, results_offer = negotiate(accept, GRAPH_OFFERS), negotiate(accept, RESULT_OFFERS)
    chosen = {"accept": accept, "graph_format": graph_offer.media_type if graph_offer else None,
              "results_format": results_offer.media_type if results_offer else None}
    workers = sparql_workers(request.app)
    if not isinstance(store, Store):  # a remote store: the worker checks, the remote server evaluates
        await workers.check(text, update=False, timeout=settings.query_timeout)
        body, media_type = await run_bounded(settings, _remote_query, store, text, chosen, dataset or {},
                                             settings.max_results, settings.query_timeout)
        return Response(body, media_type=media_type, headers={"Vary": "Accept"})
    header, body = await workers.query({"text": text, **chosen, **(dataset or {}), "max_rows": settings.max_results},
                                       settings.query_timeout)
    if not header.get("ok"):
        if header.get("status") == 406:
            raise _not_acceptable(accept, header.get("error") == "graph")
        raise ApiError(header.get("status", 400), header.get("error", "the query failed"))
    return Response(body, media_type=header["media_type"], headers={"Vary": "Accept"})


def service_description(endpoint: str, writable: bool, rdf_format: str = "turtle") -> bytes:
    """The SPARQL 1.1 Service Description of this endpoint (Turtle unless asked otherwise).

    The prefixes a text may use undeclared are listed in SHACL's prefix vocabulary (``sh:declare`` with
    ``sh:prefix`` and ``sh:namespace``): a W3C Recommendation made for declaring SPARQL prefixes, which
    the Service Description vocabulary has no term for.
    """
    graph = rdflib.Graph()
    graph.bind("sd", SD)
    graph.bind("sh", SH)
    service = rdflib.BNode()
    graph.add((service, rdflib.RDF.type, SD.Service))
    graph.add((service, SD.endpoint, rdflib.URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if writable:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for iri in FORMAT_IRIS:
        graph.add((service, SD.resultFormat, rdflib.URIRef(iri)))
    for prefix, namespace in SPARQL_PREFIXES.items():
        declaration = rdflib.BNode()
        graph.add((service, SH.declare, declaration))
        graph.add((declaration, SH.prefix, rdflib.Literal(prefix)))
        graph.add((declaration, SH.namespace, rdflib.Literal(namespace, datatype=XSD.anyURI)))
    return graph.serialize(format=rdf_format, encoding="utf-8")


DESCRIPTION_MEDIA = {name: types[0] for name, types in DESCRIPTION_OFFERS}
_GRAPHS = {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]}
GET_PARAMETERS = [
    {"name": "query", "in": "query", "required": False, "description": "A SPARQL 1.1 query",
     "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Query",
                "examples": ["SELECT ?e WHERE { ?e a <https://w3id.org/newskg/ontology#Event> } LIMIT 10"]}},
    {"name": "default-graph-uri", "in": "query", "required": False,
     "description": "Graph(s) whose union is the default graph",
     "schema": {**_GRAPHS, "title": "Default-Graph-Uri", "examples": [[ARTICLE_EXAMPLE]]}},
    {"name": "named-graph-uri", "in": "query", "required": False, "description": "Graph(s) GRAPH ?g ranges over",
     "schema": {**_GRAPHS, "title": "Named-Graph-Uri", "examples": [[ARTICLE_EXAMPLE]]}},
]


@router.get(
    "/sparql",
    summary="SPARQL query (GET), or the service description",
    description="SPARQL 1.1 Protocol query via `?query=`. Results are negotiated by Accept: SELECT/ASK as "
    "SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle (default), N-Triples, JSON-LD or "
    "RDF/XML. The default graph is the union of all article graphs; `default-graph-uri` and `named-graph-uri` "
    "(repeatable) name the dataset instead, over the query's FROM. A query may run `query_timeout` seconds "
    "(then 503) and return `max_results` rows or triples (then 413). Without `query`, answers the SPARQL "
    "Service Description (Turtle, or RDF/XML, JSON-LD, N-Triples by Accept), which lists the prefixes a "
    "query may use without declaring them (`kgo:`, `kgr:`, `rdfs:`…). A browser (`Accept: text/html` "
    "first) gets a SPARQL editor instead, holding `query` and running it.",
    response_class=Response,
    responses=GET_RESPONSES,
    openapi_extra={"parameters": GET_PARAMETERS},
)
async def sparql_get(request: Request) -> Response:
    # The protocol's parameters are read here rather than declared (they repeat, and "update"
    # must be refused); the lookups a client sends most pay neither FastAPI's parameter
    # validation nor dependency resolution (~0.15 ms of a ~1 ms round trip).
    store, settings = request.app.state.store, request.app.state.settings
    params = {key: request.query_params.getlist(key) for key in request.query_params}
    if "update" in params:
        raise ApiError(400, "SPARQL updates must be sent with POST")
    _refuse_update_dataset(params)
    text = first_value(params, "query")
    accept, endpoint = request.headers.get("accept"), str(request.url.replace(query="", fragment=""))
    offers = DESCRIPTION_OFFERS if text is None else [*RESULT_OFFERS, *GRAPH_OFFERS]
    if negotiate(accept, [*offers, EDITOR_OFFER]) == "editor":  # a browser: the editor, which runs the query itself
        root = request.scope.get("root_path", "").rstrip("/")
        return HTMLResponse(render_editor(endpoint, root), headers={"Vary": "Accept"})
    if text is None:
        rdf_format = negotiate(accept, DESCRIPTION_OFFERS) or "turtle"
        return Response(service_description(endpoint, bool(settings.token), rdf_format),
                        media_type=DESCRIPTION_MEDIA[rdf_format], headers={"Vary": "Accept"})
    return await answer_query(request, text, query_dataset(params))


@router.post(
    "/sparql",
    summary="SPARQL query or update (POST)",
    description="SPARQL 1.1 Protocol: a query as `application/x-www-form-urlencoded` (`query=`) or "
    "`application/sparql-query`; an update as form `update=` or `application/sparql-update`. Updates need "
    "`Authorization: Bearer <token>` and a server started with a token; they answer 204.",
    response_class=Response,
    responses={**QUERY_RESPONSES, 204: {"description": "Update applied"}, **error_responses(401, 403, 415)},
    openapi_extra={"requestBody": POST_BODY},
)
async def sparql_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    content_type = media_type_of(request.headers.get("content-type"))
    params = {key: request.query_params.getlist(key) for key in request.query_params}
    query: str | None = None
    update: str | None = None
    if content_type == "application/x-www-form-urlencoded":
        body = await read_body(request, settings)
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, errors="strict")
        except ValueError:
            raise ApiError(400, "the form is not valid UTF-8 URL-encoded text") from None
        query, update = first_value(form, "query"), first_value(form, "update")
        if (query is None) == (update is None):
            raise ApiError(400, "the form needs exactly one of query= or update=")
        params = {**params, **form}
    elif content_type == "application/sparql-query":
        query = _decode(await read_body(request, settings))
    elif content_type == "application/sparql-update":
        update = _decode(await read_body(request, settings))
    else:
        raise ApiError(415, f"unsupported Content-Type {content_type or 'none'!r}: use "
                       "application/x-www-form-urlencoded, application/sparql-query or application/sparql-update")
    if query is not None:
        _refuse_update_dataset(params)
        return await answer_query(request, query, query_dataset(params))
    check_writer(request, settings)
    for name in ("default-graph-uri", "named-graph-uri"):
        if params.get(name):
            raise ApiError(400, f"the {name} parameter is for queries; an update names graphs with "
                           "using-graph-uri (not supported here), WITH or GRAPH")
    _refuse_update_dataset(params)
    try:
        check_size(update, settings.max_query_terms)
    except Refused as error:
        raise ApiError(400, str(error)) from None
    await sparql_workers(request.app).check(update, update=True, timeout=settings.query_timeout)
    await run_in_threadpool(store.update, update)
    full_text.forget(store)  # an update may change anything, sizes unchanged: the next search re-indexes
    return Response(status_code=204)
