"""Fixtures for the API tests: servers over the hand-written example store (helpers in apitest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import rdflib

from apitest import TOKEN, Server, build_store, example_graphs, running_server


@pytest.fixture(scope="session", autouse=True)
def _local_only() -> Iterator[None]:
    """urllib-based clients (SPARQLWrapper, SPARQLStore) must never go through a proxy."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            patch.delenv(name, raising=False)
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        patch.setenv("no_proxy", "127.0.0.1,localhost")
        yield


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A read-only server (no token) over the example store."""
    folder = tmp_path_factory.mktemp("readonly")
    with running_server(build_store(folder / "store"), "", folder / "server.log") as server:
        yield server


@pytest.fixture(scope="session")
def writable_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with a token (so it accepts updates) over its own copy of the example store."""
    folder = tmp_path_factory.mktemp("writable")
    with running_server(build_store(folder / "store"), TOKEN, folder / "server.log") as server:
        yield server


@pytest.fixture
def client(server: Server) -> httpx.Client:
    return server.client


@pytest.fixture
def example_data() -> dict[str, rdflib.Graph]:
    """The example graphs by article graph IRI, for tests that build their own store."""
    return example_graphs()


@pytest.fixture(scope="session")
def example_union() -> rdflib.Graph:
    """All the example triples in one rdflib graph, to compute expected answers independently."""
    union = rdflib.Graph()
    for graph in example_graphs().values():
        union += graph
    return union
