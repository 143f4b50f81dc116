"""The store stage: where the graph lives, embedded (Oxigraph on disk) or remote (a SPARQL 1.1 endpoint).

``open_store(location)`` is how the CLI, the API and Spark open one: a folder is the embedded store,
an ``http(s)://`` URL a remote one. Both answer the same :class:`~kg.store.local.QueryForms`.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.bounds import QueryError, QueryTimeout, ResultTooLarge, StoreError
from kg.config import default_settings
from kg.store.local import QUAD_FORMATS, RDF_FORMATS, Limited, QueryForms, Store, iri_term, term_to_python, to_quads
from kg.store.remote import GraphStore, RemoteStore

__all__ = ["GraphStore", "Limited", "QUAD_FORMATS", "QueryError", "QueryForms", "QueryTimeout", "RDF_FORMATS",
           "RemoteStore", "ResultTooLarge", "Store", "StoreError", "StoreMissing", "iri_term", "is_store",
           "is_url", "open_store", "store_location", "term_to_python", "to_quads"]


class StoreMissing(StoreError):
    """No store where one must already be."""


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def is_store(folder: Path) -> bool:
    """Whether a folder holds a store (RocksDB's CURRENT file): opening any other would make one there."""
    return (folder / "CURRENT").is_file()


def store_location(location: str | Path | None = None) -> str:
    """``location``, else ``KG_STORE``, else the default folder; read raw, so that a URL keeps its '//'."""
    return str(location or os.environ.get("KG_STORE") or default_settings().store)


def open_store(location: str | Path | None = None, *, must_exist: bool = True) -> Store | RemoteStore:
    """The embedded store in a folder, or a remote SPARQL store when ``location`` is a URL (see :func:`store_location`).

    With ``must_exist``, a folder that holds no store is :class:`StoreMissing` (opening it would make one).
    """
    location = store_location(location)
    if is_url(location):
        return RemoteStore(location)
    folder = Path(location)
    if must_exist and not is_store(folder):
        raise StoreMissing(f"no store at {folder}: run 'kg ingest' first")
    return Store(folder)
