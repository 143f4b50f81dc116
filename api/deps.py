"""Dependencies shared by the routers: the store, the settings, bounded reads, write access,
body limits and content negotiation (JSON, or RDF by media type).

The app keeps one :class:`kg.store.Store` and one :class:`kg.config.Settings` on
``app.state``; routers get them through ``StoreDep`` / ``SettingsDep`` so tests and the CLI
can hand any store to :func:`api.main.create_app`. Reads go through ``ReaderDep``: it runs a
:mod:`kg.query` function in a worker thread over a :class:`kg.store.Limited` view, so every
query of a request shares the timeout and the result cap.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import logging
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any, TypeVar

import rdflib
from fastapi import Depends, Request, Response

from api.errors import ApiError
from kg.config import Settings
from kg.store import Limited, QueryError, Store, StoreError

log = logging.getLogger("api")

T = TypeVar("T")


# Dependencies are ``async def`` although they do not await: FastAPI runs plain ``def`` ones in
# a worker thread, and each such hop costs more than the lookup it wraps.


async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def check_writer(request: Request, settings: Settings) -> None:
    """Allow writes only with ``Authorization: Bearer <settings.token>``; no token → read-only."""
    if not settings.token:
        raise ApiError(403, "this service is read-only: start it with a token to allow updates")
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise ApiError(401, "updates need 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.strip().encode(), settings.token.encode()):
        raise ApiError(403, "the bearer token is not valid")


async def require_writer(request: Request, settings: SettingsDep) -> None:
    check_writer(request, settings)


WriterDep = Depends(require_writer)


#: the threads queries run in (as many as Starlette's default pool for blocking work)
QUERY_THREADS = ThreadPoolExecutor(max_workers=40, thread_name_prefix="kg-query")


async def run_bounded(settings: Settings, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` in a worker thread; 503 when it outlives ``settings.query_timeout``.

    Oxigraph cannot interrupt a query, so one that times out is abandoned: its thread goes on
    until the deadline checks of :class:`kg.store.Limited` (before each query and while reading
    results) stop it, and its result is dropped. A plain executor and ``asyncio.wait_for``
    hop to the thread and back in about half the time anyio's ``to_thread`` with
    ``fail_after`` takes (~50 against ~95 µs), which counts on a sub-millisecond lookup.
    """
    running = asyncio.get_running_loop().run_in_executor(
        QUERY_THREADS, functools.partial(_in_thread, function, args, kwargs))
    try:
        return await asyncio.wait_for(running, settings.query_timeout)
    except TimeoutError:
        raise ApiError(503, f"the query ran longer than {settings.query_timeout:g} s: narrow it") from None


def _in_thread(function: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
    """Call ``function``; an exception leaves without its traceback.

    Oxigraph's result iterators must be freed on the thread that made them, and a traceback
    keeps the frames that hold them alive until the event loop drops it on another thread.
    Unexpected errors are logged here first, with their traceback.
    """
    try:
        return function(*args, **kwargs)
    except Exception as error:
        if not isinstance(error, (ApiError, QueryError, StoreError)):
            log.exception("unexpected error in %s", getattr(function, "__name__", function))
        raise error.with_traceback(None) from None


class Reader:
    """Runs :mod:`kg.query` functions for one request over a bounded view of the store."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    async def __call__(self, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        view = Limited(self.store, max_rows=self.settings.max_results, timeout=self.settings.query_timeout)
        return await run_bounded(self.settings, function, view, *args, **kwargs)


async def get_reader(store: StoreDep, settings: SettingsDep) -> Reader:
    return Reader(store, settings)


ReaderDep = Annotated[Reader, Depends(get_reader)]

#: what a REST resource can be answered as, default first: rdflib serializer names by media type
RESOURCE_OFFERS: list[tuple[str, Sequence[str]]] = [
    ("json", ("application/json",)),
    ("turtle", ("text/turtle", "application/x-turtle")),
    ("nt", ("application/n-triples",)),
    ("json-ld", ("application/ld+json",)),
    ("xml", ("application/rdf+xml",)),
]
RDF_MEDIA_TYPES = {name: types[0] for name, types in RESOURCE_OFFERS if name != "json"}
JSON_LD_SCHEMA = {"type": ["object", "array"], "description": "A JSON-LD document"}
RDF_CONTENT = {media: {"schema": JSON_LD_SCHEMA if media.endswith("+json") else {"type": "string"}}
               for media in RDF_MEDIA_TYPES.values()}
JSON_ONLY = RESOURCE_OFFERS[:1]


def choose_format(request: Request, offers: Sequence[tuple[str, Sequence[str]]] = RESOURCE_OFFERS) -> str:
    """'json' or the rdflib format name the Accept header asks for; 406 when none can be given."""
    chosen = negotiate(request.headers.get("accept"), offers)
    if chosen is None:
        wanted = ", ".join(types[0] for _, types in offers)
        raise ApiError(406, f"cannot answer as {request.headers.get('accept')!r}: ask for {wanted}")
    return chosen


def rdf_response(graph: rdflib.Graph, rdf_format: str) -> Response:
    """An rdflib graph serialised in ``rdf_format`` with its media type."""
    body = graph.serialize(format=rdf_format, encoding="utf-8")
    return Response(body, media_type=RDF_MEDIA_TYPES[rdf_format], headers={"Vary": "Accept"})


def json_or_rdf(example: object, *, rdf: bool = True) -> dict[str, object]:
    """The OpenAPI content of a 200 answered as JSON (with ``example``) or, if ``rdf``, as RDF."""
    content: dict[str, object] = {"application/json": {"example": example}}
    if rdf:
        content.update(RDF_CONTENT)
    return {"description": "JSON by default; RDF when the Accept header asks for it" if rdf else "JSON",
            "content": content}


async def read_body(request: Request, settings: Settings) -> bytes:
    """The request body, refusing (413) anything larger than ``settings.max_body`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_body:
        raise ApiError(413, f"request body larger than {settings.max_body} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > settings.max_body:
            raise ApiError(413, f"request body larger than {settings.max_body} bytes")
    return bytes(body)


def media_type_of(header: str | None) -> str:
    """'Application/SPARQL-Query; charset=utf-8' → 'application/sparql-query'."""
    return (header or "").split(";", 1)[0].strip().lower()


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values (malformed q counts as 1)."""
    ranges: list[tuple[str, float]] = []
    for part in (header or "").split(","):
        media, *params = [piece.strip() for piece in part.split(";")]
        if not media:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 1.0
        ranges.append((media.lower(), quality))
    return ranges


def negotiate(accept: str | None, offers: Sequence[tuple[T, Sequence[str]]]) -> T | None:
    """Pick what to send for an Accept header, or None when nothing acceptable (→ 406).

    ``offers`` lists, in the server's order of preference (first = default), each value with
    the media types that name it (canonical first, then aliases). For each offer the most
    specific matching range gives its quality (RFC 9110 §12.5.1); the best quality wins and
    ties go to the server's order. No or an empty Accept header means the default.
    """
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0][0] if offers else None
    best: tuple[float, int] | None = None
    chosen: T | None = None
    for rank, (value, names) in enumerate(offers):
        quality = _quality(ranges, names)
        if quality > 0 and (best is None or (quality, -rank) > best):
            best, chosen = (quality, -rank), value
    return chosen


def _quality(ranges: Sequence[tuple[str, float]], names: Sequence[str]) -> float:
    specificity, quality = -1, 0.0
    for media, q in ranges:
        major, _, minor = media.partition("/")
        if media in names:
            level = 2
        elif minor == "*" and any(name.startswith(major + "/") for name in names):
            level = 1
        elif media in ("*/*", "*"):
            level = 0
        else:
            continue
        if level > specificity or (level == specificity and q > quality):
            specificity, quality = level, q
    return quality


def first_value(params: Mapping[str, list[str]], name: str) -> str | None:
    """The single value of a protocol parameter; 400 when it is repeated."""
    values = params.get(name) or []
    if len(values) > 1:
        raise ApiError(400, f"parameter {name!r} given {len(values)} times")
    return values[0] if values else None
