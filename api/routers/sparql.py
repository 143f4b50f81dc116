"""``/sparql``: a SPARQL 1.1 Protocol endpoint over the store, answered by Oxigraph itself.

Queries go to ``store.query(text)`` as strings and results are written by pyoxigraph's own
serialisers (no rdflib round trip), in the format the Accept header asks for. The default
graph is the union of all article graphs unless the query names its dataset (FROM …).
Updates need the bearer token of ``settings.token``; without one the service is read-only.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
import rdflib
from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep, first_value, media_type_of, negotiate, read_body, require_writer
from api.errors import ApiError, error_responses
from kg.config import Settings
from kg.store import Store

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
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
GRAPH_PARAMETERS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")

# Strings, IRIs and comments are skipped so that only real keywords are seen.
_TOKENS = re.compile(r'''
    "{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
  | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*> | \#[^\n\r]*
  | (?P<keyword>(?<![\w?$:])(?:SERVICE|FROM)(?![\w:-]))
''', re.VERBOSE | re.IGNORECASE | re.DOTALL)

SELECT_EXAMPLE = {"head": {"vars": ["e", "label"]}, "results": {"bindings": [
    {"e": {"type": "uri", "value": "https://w3id.org/newskg/id/event/kerman-bombing"},
     "label": {"type": "literal", "value": "Kerman bombings"}}]}}
TURTLE_EXAMPLE = ('<https://w3id.org/newskg/id/event/kerman-bombing> '
                  '<http://www.w3.org/2000/01/rdf-schema#label> "Kerman bombings" .\n')
QUERY_RESPONSES = {
    200: {"description": "Query results, in the format chosen by the Accept header", "content": {
        "application/sparql-results+json": {"example": SELECT_EXAMPLE},
        "application/sparql-results+xml": {}, "text/csv": {}, "text/tab-separated-values": {},
        "text/turtle": {"example": TURTLE_EXAMPLE}, "application/n-triples": {},
        "application/ld+json": {}, "application/rdf+xml": {}}},
    **error_responses(400, 406, 413, 503),
}
POST_BODY = {"required": True, "content": {
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
        "query": {"type": "string", "description": "A SPARQL 1.1 query"},
        "update": {"type": "string", "description": "A SPARQL 1.1 update (needs the bearer token)"}}}},
    "application/sparql-query": {"schema": {"type": "string"}, "example": "ASK { ?e a <https://w3id.org/newskg/ontology#Event> }"},
    "application/sparql-update": {"schema": {"type": "string"}},
}}


def keywords(text: str) -> set[str]:
    """The SERVICE/FROM keywords a query uses outside strings, IRIs and comments."""
    return {m.group("keyword").upper() for m in _TOKENS.finditer(text) if m.group("keyword")}


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "the request body is not UTF-8") from None


def _refuse_graph_parameters(params: dict[str, list[str]]) -> None:
    for name in GRAPH_PARAMETERS:
        if params.get(name):
            raise ApiError(400, f"the {name} parameter is not supported: name graphs in the query (FROM, GRAPH)")


def _run_query(store: Store, text: str, accept: str | None) -> tuple[bytes, str]:
    """Evaluate and serialise in one go (Oxigraph evaluates lazily, while serialising)."""
    used = keywords(text)
    if "SERVICE" in used:
        raise ApiError(400, "SERVICE (federated query) is disabled on this endpoint")
    # With the union default graph Oxigraph ignores FROM; a query naming its dataset gets it.
    result = store.query(text, union="FROM" not in used)
    if isinstance(result, ox.QueryTriples):
        offers, wanted = GRAPH_OFFERS, "text/turtle, application/n-triples, application/ld+json, application/rdf+xml"
    else:
        offers, wanted = RESULT_OFFERS, "application/sparql-results+json or +xml, text/csv, text/tab-separated-values"
    chosen = negotiate(accept, offers)
    if chosen is None:
        raise ApiError(406, f"cannot answer this query as {accept!r}: ask for {wanted}")
    return result.serialize(format=chosen), chosen.media_type


async def answer_query(store: Store, settings: Settings, text: str, accept: str | None) -> Response:
    """Run a query in a worker thread; 503 when it outlives ``settings.query_timeout``.

    A query that times out is abandoned, not stopped: Oxigraph cannot interrupt it, so its
    thread finishes in the background and its result is dropped.
    """
    try:
        with anyio.fail_after(settings.query_timeout):
            body, media_type = await anyio.to_thread.run_sync(
                _run_query, store, text, accept, abandon_on_cancel=True)
    except TimeoutError:
        raise ApiError(503, f"the query ran longer than {settings.query_timeout:g} s") from None
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


def service_description(endpoint: str, writable: bool) -> bytes:
    """The SPARQL 1.1 Service Description of this endpoint, as Turtle."""
    graph = rdflib.Graph()
    graph.bind("sd", SD)
    service = rdflib.BNode()
    graph.add((service, rdflib.RDF.type, SD.Service))
    graph.add((service, SD.endpoint, rdflib.URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if writable:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for iri in FORMAT_IRIS:
        graph.add((service, SD.resultFormat, rdflib.URIRef(iri)))
    return graph.serialize(format="turtle", encoding="utf-8")


@router.get(
    "/sparql",
    summary="SPARQL query (GET), or the service description",
    description="SPARQL 1.1 Protocol query via `?query=`. Results are negotiated by Accept: SELECT/ASK as "
    "SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle (default), N-Triples, JSON-LD or "
    "RDF/XML. The default graph is the union of all article graphs. Without `query`, answers the SPARQL "
    "Service Description in Turtle.",
    response_class=Response,
    responses=QUERY_RESPONSES,
)
async def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: Annotated[str | None, Query(description="A SPARQL 1.1 query")] = None,
) -> Response:
    params = {key: request.query_params.getlist(key) for key in request.query_params}
    if "update" in params:
        raise ApiError(400, "SPARQL updates must be sent with POST")
    _refuse_graph_parameters(params)
    text = first_value(params, "query")
    if text is None:
        endpoint = str(request.url.replace(query="", fragment=""))
        return Response(service_description(endpoint, bool(settings.token)), media_type="text/turtle")
    return await answer_query(store, settings, text, request.headers.get("accept"))


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
    _refuse_graph_parameters(params)
    if query is not None:
        return await answer_query(store, settings, query, request.headers.get("accept"))
    require_writer(request, settings)
    await run_in_threadpool(store.update, update)
    return Response(status_code=204)
