"""A crash between an ingest's commit and its derived graphs is mended by the next ingest or server start.

The ingest runs in a child process on a real on-disk store, and the child is killed (SIGKILL) by
an extra first after-write step: exactly the moment a kill -9 hit in an independent probe.
"""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import rdflib
import rdflib.compare

from kg.derive.coreference import COREFERENCE_GRAPH
from kg.derive.instances import INSTANCES_GRAPH
from kg.pipeline import PENDING_GRAPH, ingest
from kg.store import Store

try:
    from tests.test_coreference import OTHER_CITY, RECALL, STRIKE
except ModuleNotFoundError:
    from test_coreference import OTHER_CITY, RECALL, STRIKE

ROOT = Path(__file__).resolve().parents[1]
KILLED_INGEST = textwrap.dedent("""
    import os, signal, sys
    sys.path[:0] = [{root!r}, {tests!r}]
    from kg import pipeline
    from kg.store import Store
    from test_coreference import OTHER_CITY, RECALL, STRIKE

    def crash(store, change):
        os.kill(os.getpid(), signal.SIGKILL)  # after the commit, before any derived graph

    pipeline.AFTER_WRITE.insert(0, crash)
    pipeline.ingest(Store({store!r}), [STRIKE, RECALL, OTHER_CITY])
""")


def derived(store: Store, iri: str) -> rdflib.Graph:
    return store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", union=False)


def crashed_store(path: Path) -> None:
    script = KILLED_INGEST.format(root=str(ROOT), tests=str(ROOT / "tests"), store=str(path))
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, rdflib.Graph]:
    with Store(tmp_path_factory.mktemp("clean") / "store") as store:
        ingest(store, [STRIKE, RECALL, OTHER_CITY])
        assert not store.contains_graph(PENDING_GRAPH)
        return {iri: derived(store, iri) for iri in (INSTANCES_GRAPH, COREFERENCE_GRAPH)}


def test_the_next_ingest_repairs_what_a_crash_left(tmp_path: Path, clean: dict[str, rdflib.Graph]) -> None:
    crashed_store(tmp_path / "store")
    with Store(tmp_path / "store") as store:
        assert store.contains_graph(PENDING_GRAPH)  # the articles are in, their derived graphs are not
        assert len(derived(store, COREFERENCE_GRAPH)) == 0 < len(clean[COREFERENCE_GRAPH])
        report = ingest(store, [STRIKE, RECALL, OTHER_CITY])  # all three are skipped as present...
        assert report.added == [] and len(report.skipped) == 3
        assert not store.contains_graph(PENDING_GRAPH)  # ...and the derived graphs are redone
        for iri, graph in clean.items():
            assert rdflib.compare.isomorphic(derived(store, iri), graph), iri


def test_starting_the_server_repairs_what_a_crash_left(tmp_path: Path, clean: dict[str, rdflib.Graph]) -> None:
    from api.main import create_app
    from kg.config import Settings

    crashed_store(tmp_path / "store")
    app = create_app(settings=Settings(store=tmp_path / "store"))
    store = app.state.store
    try:
        assert not store.contains_graph(PENDING_GRAPH)
        for iri, graph in clean.items():
            assert rdflib.compare.isomorphic(derived(store, iri), graph), iri
    finally:
        store.close()
