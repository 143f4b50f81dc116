"""The FastAPI application: wires the routers, the limits, CORS and the error handlers together.

``create_app`` is a factory so that tests, ``kg serve`` and ``uvicorn --factory
api.main:create_app`` (settings from ``KG_*`` variables) each get their own app and store.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response, install_error_handlers
from api.sandbox import close_sparql_workers, sparql_workers
from api.routers import (actors, articles, causal, docs, events, export, graph, paths, places, search, sparql,
                         stats, timeline, view)
from kg.query import search as search_index
from kg.config import Settings, settings as load_settings
from kg.pipeline import repair_derived
from kg.store import Store, open_store

log = logging.getLogger("api")
ROUTERS = (events, actors, places, articles, search, timeline, graph, paths, causal, stats, export, sparql, view)
DESCRIPTION = """Events, actors and places of news articles, with their temporal and causal links and the
article spans they come from: as JSON (or RDF by `Accept`), through SPARQL 1.1, and as an interactive graph.

Reads are open; `POST /articles` and SPARQL updates need `Authorization: Bearer <token>` when the server
was started with a token (otherwise it is read-only). Every error is `{"error": "one line"}` with a 4xx or
503 status: 413 when a request body or a query's result is too large, 503 when a query runs too long."""


class BodyLimit:
    """Refuses request bodies over ``max_body`` bytes with a 413, declared or streamed, on every route."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body larger than {self.max_body} bytes"
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            await error_response(413, message)(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > self.max_body:
                    raise HTTPException(413, message)  # answered by the app's JSON error handler
            return event

        await self.app(scope, limited, send)


def create_app(store: Store | None = None, settings: Settings | None = None) -> FastAPI:
    """A new app serving ``store``, or the store at ``settings.store`` opened here.

    A store opened here is closed when the app shuts down; a store passed in stays the
    caller's to close. It is opened read-write even without a token (writes are refused by
    the token check instead) because Oxigraph's read-only mode is undefined while another
    process writes, whereas the read-write lock makes a concurrent ``kg ingest`` fail
    cleanly. Opening here (not at startup) makes a missing store fail at once.
    """
    settings = settings or load_settings()
    owned = store is None
    if store is None:
        store = open_store(settings.store)  # a folder without a store is an error, not a new store
    if isinstance(store, Store) and not store.read_only:
        repair_derived(store)  # a crash between an ingest and its derived graphs is mended before serving
        _open_search(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sparql_workers(app)  # start the query workers now rather than on the first query
        try:
            yield
        finally:
            close_sparql_workers(app)
            if owned:
                store.close()

    app = FastAPI(
        title="newskg",
        summary="Event-timeline knowledge graph for news analysts",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by api.routers.docs from vendored files, not from a CDN
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.ingest_lock = threading.Lock()
    install_error_handlers(app)
    for module in ROUTERS:
        app.include_router(module.router)
    app.include_router(docs.router)
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "Accept"], max_age=600)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _open_search(store: Store) -> None:
    """Check the search index against the store (rebuilt or caught up) before serving; if that fails,
    the first search tries again and answers the error."""
    try:
        search_index.open_index(store)
    except Exception as error:  # noqa: BLE001 - the other routes do not need it
        log.warning("search index not ready: %s", str(error).strip().splitlines()[0] if str(error).strip() else error)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with every error documented as it is answered: JSON ``{"error": …}``."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, summary=app.summary, description=app.description,
                         routes=app.routes, tags=[{"name": module.router.tags[0], "description":
                                                   (module.__doc__ or "").strip().splitlines()[0]}
                                                  for module in ROUTERS])
    error = {"description": "Invalid parameter",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            if "422" in responses:
                responses["422"] = error
            for code, response in responses.items():  # errors are JSON whatever the route's own class
                if code.startswith(("4", "5")):
                    response["content"] = error["content"]
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    app.openapi_schema = schema
    return schema
