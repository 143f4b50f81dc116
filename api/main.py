"""The FastAPI application: wires the routers, the error handlers and the store together.

``create_app`` is a factory so that tests, ``kg serve`` and ``uvicorn --factory
api.main:create_app`` (settings from ``KG_*`` variables) each get their own app and store.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routers import events, sparql, view
from kg.config import Settings, settings as load_settings
from kg.store import Store, StoreError


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
        if not settings.store.exists():
            raise StoreError(f"no store at {settings.store}: run 'kg ingest' first")
        store = Store(settings.store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            store.close()

    app = FastAPI(
        title="newskg",
        summary="Event-timeline knowledge graph for news analysts",
        description="Events, actors, places and their temporal and causal links, with the article "
        "spans they come from: as JSON, through SPARQL 1.1, and as an interactive graph.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(events.router)
    app.include_router(sparql.router)
    app.include_router(view.router)
    return app
