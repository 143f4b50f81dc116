"""A process killed (SIGKILL) in the middle of an ingest leaves the store exactly as it was,
and the server restarts on the same store and answers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from apitest import ROOT, build_store, running_server
from kg.store import Store

TOKEN = "crash-token"
CITIES = ["Kabul", "Baghdad", "Beirut", "Damascus", "Sanaa", "Mosul", "Aleppo", "Kerman", "Tehran", "Erbil"]

pytestmark = pytest.mark.slow


def quads(store_path: Path) -> set[str]:
    """Every quad of a store on disk (opened only while no server holds it)."""
    with Store(store_path) as store:
        return set(store.dumps("nq").decode().splitlines())


def batch(count: int) -> str:
    """``count`` distinct dated articles as JSON Lines."""
    lines = []
    for n in range(count):
        city = CITIES[n % len(CITIES)]
        text = (f"A car bomb exploded in {city} on Monday, killing {n + 3} people, officials said. "
                f"Hours later, protesters marched in {city} after the attack. The army deployed troops "
                f"to the city on Tuesday in response to the bombing, report number {n}.")
        lines.append(json.dumps({"id": f"crash-{n}", "date": "2024-03-04", "text": text}))
    return "\n".join(lines) + "\n"


def test_a_server_killed_mid_ingest_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store = build_store(tmp_path / "store")
    before = quads(store)
    log = tmp_path / "server.log"
    outcome: dict[str, object] = {}
    with running_server(store, TOKEN, log) as server:
        def post() -> None:
            try:
                outcome["response"] = server.client.post(  # strict: one transaction (else one per article)
                    "/articles", content=batch(150), params={"strict": "true"},
                    headers={"content-type": "application/x-ndjson", "authorization": f"Bearer {TOKEN}"})
            except httpx.TransportError as error:
                outcome["error"] = error

        sender = threading.Thread(target=post)
        sender.start()
        time.sleep(3.0)  # loading spaCy and parsing 150 articles takes longer than this
        assert "response" not in outcome, "the ingest finished before the kill: make the batch bigger"
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
        sender.join(timeout=30)
        assert "error" in outcome
    assert quads(store) == before
    with running_server(store, TOKEN, log) as server:  # the same store, a new server
        assert server.client.get("/events").json()["total"] == 3
        response = server.client.post("/articles", content=batch(1), headers={
            "content-type": "application/x-ndjson", "authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 201 and response.json()["added"] == ["crash-0"]


WRITER = """
import sys, rdflib
from kg.store import Store
path, graphs, size, replace = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "replace"
kgr = rdflib.Namespace("https://w3id.org/newskg/id/")
batch = {}
for g in range(graphs):
    name = f"https://w3id.org/newskg/id/article/{'a1' if replace and g == 0 else f'bulk-{g}'}"
    graph = rdflib.Graph()
    for n in range(size):
        graph.add((kgr[f"event/bulk-{g}-{n}"], rdflib.RDFS.label, rdflib.Literal(f"bulk event {g} {n}")))
    batch[name] = graph
store = Store(path)
print("writing", flush=True)
store.put_graphs(batch)
print("written", flush=True)
"""


@pytest.mark.parametrize("mode", ["new", "replace"])
@pytest.mark.parametrize("delay", [0.0, 0.2])
def test_a_process_killed_mid_write_leaves_the_old_or_the_new_store(tmp_path: Path, mode: str, delay: float) -> None:
    """The write itself is one transaction: after a kill the store is exactly as before it
    (or, if the kill came after the commit, exactly as after it), never in between."""
    store = build_store(tmp_path / "store")
    before = quads(store)
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(store), "20", "5000", mode], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert process.stdout.readline().strip() == "writing"
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        rest = process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
    after = quads(store)
    print(f"{mode} killed after {delay}s: {'new' if after != before else 'old'} store")
    if after != before:  # the commit won the race: then all of it is there
        assert "written" in rest or len(after - before) == 20 * 5000, "a partial write survived the kill"
        assert len(after - before) == 20 * 5000
    else:
        assert "written" not in rest
