"""The probes of an independent review, run against a real server on 127.0.0.1: no SPARQL text may
make the server call out or die, and a query that times out stops.

- outbound requests: every spelling of SERVICE (and LOAD in updates) through every route that
  takes SPARQL, with a listener on 127.0.0.1 that must hear nothing;
- crashes: nesting deep enough to overflow Oxigraph's stack, in every position, including behind
  the quote trick that once got past the guard; the server process must stay up;
- runaway queries: after 40 of them the endpoint answers at once and the CPU is idle again.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from api.main import create_app
from api.sandbox import sparql_workers
from api.sandbox_worker import isolate_network
from apitest import Server, TOKEN, build_store, running_server, serve
from kg.config import Settings
from kg.store import Store

#: what made the guard misread everything after it: a quote inside what looks like an IRI
TRICK = "BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b&&'>'='>')"


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it gets (and answers nothing useful)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.sock.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("hardening")
    with running_server(build_store(folder / "store"), TOKEN, folder / "server.log", query_timeout="2") as running:
        yield running


@pytest.fixture()
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.close()


def outbound_queries(url: str) -> list[str]:
    """SERVICE in every spelling and position a reviewer tried, each aimed at ``url``."""
    pattern = "{ ?x ?y ?z }"
    return [
        f"SELECT * WHERE {{ {TRICK} SERVICE <{url}> {pattern} FILTER('x'!='y') }}",
        f"select * where {{ service <{url}> {pattern} }}",
        f"SELECT * WHERE {{ SeRvIcE <{url}> {pattern} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {pattern} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?where) SERVICE ?where {pattern} }}",
        f"SELECT * WHERE {{ VALUES ?where {{ <{url}> }} SERVICE ?where {pattern} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {pattern} }}",
        f"SELECT * WHERE {{ \\U00000053\\U00000045RVICE <{url}> {pattern} }}",
        f"SELECT * WHERE {{ SERVICE#a comment\n<{url}> {pattern} }}",
        f"SELECT * WHERE {{ SERVICE<{url}>{pattern} }}",
        f"SELECT * WHERE {{ ?s ?p \"}}\" . SERVICE <{url}> {pattern} }}",
        f"SELECT * WHERE {{ ?s ?p '#' . SERVICE <{url}> {pattern} }}",
        f"SELECT * WHERE {{ ?s ?p '''\"\"\"''' # '\n SERVICE <{url}> {pattern} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}> {pattern} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {pattern} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {pattern} }} }} }}",
        f"ASK {{ MINUS {{ SERVICE <{url}> {pattern} }} }}",
        f"CONSTRUCT {{ ?x ?y ?z }} WHERE {{ SERVICE <{url}> {pattern} }}",
        f"PREFIX s: <{url}> SELECT * WHERE {{ SERVICE s: {pattern} }}",
        f"BASE <{url}> SELECT * WHERE {{ SERVICE <> {pattern} }}",
    ]


def outbound_updates(url: str) -> list[str]:
    return [
        f"LOAD <{url}>",
        f"load silent <{url}> into graph <https://w3id.org/newskg/id/article/x>",
        f"\\u004cOAD <{url}>",
        f"INSERT {{ GRAPH <https://w3id.org/newskg/id/article/x> {{ ?x ?y ?z }} }} WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"DELETE WHERE {{ {TRICK} SERVICE <{url}> {{ ?x ?y ?z }} }}",
    ]


def send_query(server: Server, route: str, text: str) -> httpx.Response:
    if route == "get":
        return server.client.get("/sparql", params={"query": text})
    if route == "form":
        return server.client.post("/sparql", data={"query": text})
    return server.client.post("/sparql", content=text.encode(), headers={"content-type": "application/sparql-query"})


def send_update(server: Server, route: str, text: str) -> httpx.Response:
    if route == "form":
        return server.client.post("/sparql", data={"update": text}, headers=server.auth)
    return server.client.post("/sparql", content=text.encode(),
                              headers={"content-type": "application/sparql-update", **server.auth})


# --- no outbound request -------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["get", "form", "body"])
def test_no_spelling_of_service_reaches_the_network(server: Server, listener: Listener, route: str) -> None:
    url = f"http://127.0.0.1:{listener.port}/sparql"
    for text in outbound_queries(url):
        response = send_query(server, route, text)
        assert response.status_code == 400, (text, response.text)
        assert "error" in response.json()
    time.sleep(0.3)
    assert listener.hits == 0


@pytest.mark.parametrize("route", ["form", "body"])
def test_no_update_loads_or_federates(server: Server, listener: Listener, route: str) -> None:
    url = f"http://127.0.0.1:{listener.port}/data.ttl"
    for text in outbound_updates(url):
        response = send_update(server, route, text)
        assert response.status_code == 400, (text, response.text)
    time.sleep(0.3)
    assert listener.hits == 0
    assert server.client.get("/stats").json()["articles"] == 2  # nothing was written


def test_the_word_service_elsewhere_is_fine(server: Server) -> None:
    text = ('SELECT ?service WHERE { ?service ?p "customer service" } # SERVICE <http://127.0.0.1:9/>')
    assert server.client.get("/sparql", params={"query": text}).status_code == 200


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="network namespaces are Linux's")
def test_workers_have_no_network_where_linux_allows_it(tmp_path: Path) -> None:
    """The second wall: a worker runs in a network namespace of its own, where nothing is reachable."""
    probe = os.fork()
    if probe == 0:  # can this machine make one? (a child, so the test process keeps its network)
        os._exit(0 if isolate_network() else 1)
    _, status = os.waitpid(probe, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        pytest.skip("this machine allows no new network namespace (not root, no user namespaces)")
    store = Store(tmp_path / "store")
    app = create_app(store=store, settings=Settings())
    with serve(app) as client:
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        deadline = time.monotonic() + 20
        while not sparql_workers(app).isolated and time.monotonic() < deadline:
            time.sleep(0.1)
        assert sparql_workers(app).isolated
    store.close()


# --- nothing crashes the server --------------------------------------------------------------------


def nested_texts(depth: int) -> dict[str, str]:
    """Deep nesting in every position where SPARQL nests, as queries."""
    return {
        "braces": "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * depth,
        "brackets in a filter": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * depth + "?o" + ")" * depth + ") }",
        "function calls": "SELECT * WHERE { BIND(" + "STR(" * depth + "1" + ")" * depth + " AS ?x) }",
        "sub-selects": "SELECT * WHERE " + "{ SELECT * WHERE " * depth + "{ ?s ?p ?o }" + " }" * depth,
        "property paths": "SELECT * WHERE { ?s " + "(" * depth + "<http://x/p>" + ")" * depth + " ?o }",
        "path alternatives": "SELECT * WHERE { ?s " + "(<http://x/p>|" * depth + "<http://x/q>" + ")" * depth + " ?o }",
        "blank node lists": "SELECT * WHERE { ?s <http://x/p> " + "[ <http://x/p> " * depth + "?o" + " ]" * depth + " }",
        "collections": "SELECT * WHERE { ?s <http://x/p> " + "( " * depth + "?o" + " )" * depth + " }",
        "optionals": "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * depth + "}" * depth + " }",
        "behind the quote trick": f"SELECT * WHERE {{ {TRICK} " + "{ " * depth + "?s ?p ?o" + " }" * depth + " }",
        "unions": "SELECT * WHERE { " + " UNION ".join("{ ?s ?p ?o }" for _ in range(depth)) + " }",
    }


@pytest.mark.parametrize("route", ["get", "form", "body"])
def test_deep_nesting_never_kills_the_server(server: Server, route: str) -> None:
    for name, text in nested_texts(5_000).items():
        if route == "get" and len(quote(text)) > 60_000:  # past uvicorn's request line limit: POST only
            continue
        response = send_query(server, route, text)
        assert 400 <= response.status_code < 500 or response.status_code == 503, (name, response.text)
        assert "error" in response.json(), name
        assert server.process is not None and server.process.poll() is None, f"the server died on {name}"
    assert server.client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    assert server.client.get("/stats").status_code == 200


def test_deep_nesting_in_updates_never_kills_the_server(server: Server) -> None:
    for name, text in nested_texts(5_000).items():
        update = "INSERT { GRAPH <https://w3id.org/newskg/id/article/x> { ?s ?p ?o } } WHERE " + text.split("WHERE", 1)[1]
        for route in ("form", "body"):
            response = send_update(server, route, update)
            assert 400 <= response.status_code < 500, (name, response.text)
            assert server.process is not None and server.process.poll() is None, f"the server died on {name}"
    assert server.client.get("/stats").json()["articles"] == 2


# --- runaway queries stop --------------------------------------------------------------------------

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and all its descendants so far (Linux /proc)."""
    total, pending = 0.0, [pid]
    ticks = os.sysconf("SC_CLK_TCK")
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
        except (OSError, IndexError, ValueError):
            continue
    return total


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads CPU times from /proc")
def test_runaway_queries_stop_at_their_deadline(server: Server) -> None:
    """40 queries that would run for hours: each answers 503 by its deadline, the CPU is idle a second
    later, and a small query answers at once (before, they ran on and starved every route)."""
    assert server.process is not None
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=40) as pool:
        responses = list(pool.map(lambda _: server.client.get("/sparql", params={"query": RUNAWAY}), range(40)))
    last = time.monotonic()
    assert {response.status_code for response in responses} == {503}
    assert all("Retry-After" in response.headers for response in responses)
    assert last - started < 2 + 5  # the 2 s timeout, plus the time 40 requests take to arrive
    time.sleep(1.0)
    before = cpu_seconds(server.process.pid)
    time.sleep(1.0)
    busy = cpu_seconds(server.process.pid) - before
    assert busy < 0.3, f"the server and its workers used {busy:.2f} s of CPU in the second after the deadline"
    asked = time.monotonic()
    assert server.client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    answered = time.monotonic() - asked
    assert answered < 0.5, f"ASK {{}} took {answered * 1000:.0f} ms after the runaway queries"
    print(f"ASK {{}} after 40 runaway queries: {answered * 1000:.1f} ms; CPU in the 2nd second after: {busy:.2f} s")


def test_a_worker_killed_while_idle_is_replaced_without_failing_a_query(tmp_path: Path) -> None:
    import signal

    store = Store(tmp_path / "store")
    app = create_app(store=store, settings=Settings(query_workers=1))
    with serve(app) as client:
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        workers = sparql_workers(app)
        for process in list(workers._all):
            os.kill(process.popen.pid, signal.SIGKILL)
            process.popen.wait()
        for _ in range(3):
            assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    store.close()
