"""SPARQL latency on a synthetic million-triple event graph: our API vs rdflib vs bare pyoxigraph.

    .venv/bin/pip install -e '.[bench]'      # rdflib-endpoint, psutil
    .venv/bin/python benchmarks/sparql_latency.py [--triples 1000000] [--runs 40]

In one run, on the same data (benchmarks/synthetic.py, cached in --data):

1. load: the N-Quads into a new on-disk store with ``Store.load(bulk=True)`` in a child process
   (time and peak RSS), against rdflib parsing the same triples (time and peak RSS);
2. bare pyoxigraph: each query on the loaded store in-process, results serialised as SPARQL JSON;
   and the Oxigraph server (PyPI ``oxigraph``, ``serve-read-only``) on the same store, through
   HTTP with the same client: the same engine paying the same round trip, no code of ours;
3. the API: the same queries through a running ``uvicorn api.main:create_app`` on 127.0.0.1
   (GET /sparql, keep-alive);
4. rdflib: the same queries through rdflib-endpoint (FastAPI over rdflib's engine) on
   127.0.0.1, and rdflib's engine in-process, with fewer runs (it is slow) within --rdflib-budget.

Four queries: a lookup of one event, a date-range filter with ORDER BY/LIMIT, a two-hop
aggregation (attacks per country, through the place's ``kgo:within``) and a property path over
causal edges (``kgo:causes+`` from the start of a story). Prints p50/p95 in ms and the ratios the
issue asks for. Targets: the API ≥ 20x faster than rdflib, within 1.5x of bare pyoxigraph, load
peak RSS < 1 GB. Keep a run under ~5 minutes; do not run it while a colleague trains (uptime).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from benchmarks.synthetic import generate  # noqa: E402

PREFIXES = ("PREFIX kgo: <https://w3id.org/newskg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ")
KGR = "https://w3id.org/newskg/id/"


def queries(meta: dict, rng: random.Random, count: int) -> dict[str, list[str]]:
    """``count`` instances of each query, the same list for every engine."""
    months = [f"{year}-{month:02d}" for year in range(2015, 2025) for month in range(1, 13)]
    events = meta["sample"]  # events some article reported
    return {
        "lookup": [f"SELECT ?p ?o WHERE {{ <{KGR}event/{rng.choice(events)}> ?p ?o }}" for _ in range(count)],
        "date range + ORDER BY/LIMIT": [
            PREFIXES + f"""SELECT ?e ?label ?d WHERE {{ ?e a kgo:Attack ; kgo:earliest ?d ; rdfs:label ?label
  FILTER(?d >= "{m}-01"^^xsd:date && ?d < "{m}-28"^^xsd:date) }} ORDER BY ?d ?e LIMIT 20"""
            for m in (rng.choice(months) for _ in range(count))],
        "2-hop aggregation": [
            PREFIXES + f"""SELECT ?country (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a kgo:{t} ; kgo:hasPlace ?city .
  ?city kgo:within ?country }} GROUP BY ?country ORDER BY DESC(?n) LIMIT 10"""
            for t in (rng.choice(("Attack", "Protest", "Statement", "Killing")) for _ in range(count))],
        "causal property path": [
            PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ <{KGR}event/{rng.choice(events)}> kgo:causes+ ?x }}"
            for _ in range(count)],
    }


def timed(run: Callable[[str], object], texts: list[str], *, budget: float | None = None, warmup: int = 2) -> list[float]:
    """Milliseconds per query (after ``warmup`` untimed ones), stopping early past ``budget`` seconds."""
    for text in texts[:warmup]:
        run(text)
    times, started = [], time.monotonic()
    for text in texts:
        begin = time.perf_counter()
        run(text)
        times.append((time.perf_counter() - begin) * 1000)
        if budget is not None and time.monotonic() - started > budget and len(times) >= 3:
            break
    return times


def p(times: list[float], q: float) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[int(q) - 1] if len(times) > 1 else times[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=5, trust_env=False).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer in {timeout} s")


def sparql_get(url: str, path: str) -> tuple[httpx.Client, Callable[[str], bytes]]:
    """A keep-alive client asking for SPARQL JSON, and a function running a query by GET ``path``."""
    client = httpx.Client(base_url=url, timeout=600, trust_env=False,
                          headers={"accept": "application/sparql-results+json"})

    def run(text: str) -> bytes:
        response = client.get(path, params={"query": text})
        response.raise_for_status()
        return response.content

    return client, run


LOAD_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from kg.store import Store
from pathlib import Path
started = time.perf_counter()
with Store(sys.argv[1]) as store:
    store.load(Path(sys.argv[2]), "nq", bulk=True)
    quads = len(store)
print(json.dumps({"seconds": time.perf_counter() - started, "quads": quads,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
RDFLIB_CHILD = """
import json, resource, sys, time
import rdflib
started = time.perf_counter()
graph = rdflib.Graph()
graph.parse(sys.argv[1], format="nt")
print(json.dumps({"seconds": time.perf_counter() - started, "triples": len(graph),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
if len(sys.argv) > 2:
    import uvicorn
    from rdflib_endpoint import SparqlEndpoint
    app = SparqlEndpoint(graph=graph, path="/sparql", cors_enabled=False)
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40, help="timed runs per query (API and pyoxigraph)")
    parser.add_argument("--rdflib-runs", type=int, default=10, help="most timed runs per query on rdflib")
    parser.add_argument("--rdflib-budget", type=float, default=20.0, help="seconds per query on rdflib")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "newskg-bench")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep-store", action="store_true", help="leave the loaded store in the temp folder (printed)")
    args = parser.parse_args(argv)
    wall = time.monotonic()
    args.data.mkdir(parents=True, exist_ok=True)
    quads_file = args.data / f"graph-{args.triples}.nq"
    meta_file = quads_file.with_suffix(".json")
    if not quads_file.exists() or not meta_file.exists():
        started = time.perf_counter()
        with open(quads_file, "w", encoding="utf-8") as out:
            meta = generate(out, args.triples, args.seed)
        meta_file.write_text(json.dumps(meta))
        print(f"generated {meta['quads']} quads ({meta['articles']} articles) in {time.perf_counter() - started:.1f} s")
    meta = json.loads(meta_file.read_text())
    texts = queries(meta, random.Random(args.seed), args.runs + 2)

    # 1. load into a new store, in a child process: time and peak memory
    store_dir = Path(tempfile.mkdtemp(prefix="newskg-bench-store-"))
    if args.keep_store:
        print(f"the loaded store stays in {store_dir / 'store'}")
    else:  # 325 MB for the default size: gone when the run ends, however it ends
        atexit.register(shutil.rmtree, store_dir, ignore_errors=True)
    child = subprocess.run([sys.executable, "-c", LOAD_CHILD, str(store_dir / "store"), str(quads_file), str(REPO)],
                           capture_output=True, text=True, check=True)
    load = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"load: {load['quads']} quads in {load['seconds']:.1f} s, peak RSS {load['rss_mb']:.0f} MB "
          f"(target < 1024 MB: {'ok' if load['rss_mb'] < 1024 else 'MISSED'})")

    # 2. bare pyoxigraph, in-process, on the same store
    store = ox.Store(str(store_dir / "store"))
    triples_file = args.data / f"graph-{args.triples}.nt"
    if not triples_file.exists():  # the union, deduplicated, for rdflib
        with open(triples_file, "wb") as out:
            store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize(out, format=ox.RdfFormat.N_TRIPLES)
    bare = {name: timed(lambda q: store.query(q).serialize(format=ox.QueryResultsFormat.JSON), items)
            for name, items in texts.items()}
    answers = {name: json.loads(store.query(items[0]).serialize(format=ox.QueryResultsFormat.JSON))
               for name, items in texts.items()}
    del store

    # 2b. Oxigraph's own server on the same store, through the same kind of client
    binary = Path(sys.executable).with_name("oxigraph")
    served: dict[str, list[float]] = {}
    served_floor: list[float] = []
    if binary.exists():
        port = free_port()
        oxi = subprocess.Popen([str(binary), "serve-read-only", "--location", str(store_dir / "store"),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", oxi)
            client, via_server = sparql_get(f"http://127.0.0.1:{port}", "/query")
            with client:
                served = {name: timed(via_server, items) for name, items in texts.items()}
                served_floor = timed(via_server, ["ASK {}"] * args.runs)
        finally:
            oxi.terminate()
            oxi.wait(timeout=30)
    else:
        print(f"no Oxigraph server at {binary} (pip install -e '.[test]'): its column is left out")

    # 3. the API, as `kg serve` runs it
    port = free_port()
    env = {**os.environ, "KG_STORE": str(store_dir / "store"), "NO_PROXY": "127.0.0.1"}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "api.main:create_app", "--host",
                               "127.0.0.1", "--port", str(port), "--log-level", "warning"], cwd=REPO, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(url + "/sparql", server)
        client, via_api = sparql_get(url, "/sparql")
        with client:
            api = {name: timed(via_api, items) for name, items in texts.items()}
            floor = timed(via_api, ["ASK {}"] * args.runs)  # HTTP + FastAPI, no data touched
            for name, items in texts.items():  # the API answers what Oxigraph answers
                got = json.loads(via_api(items[0]))
                assert len(got["results"]["bindings"]) == len(answers[name]["results"]["bindings"]), name
            rest = rest_latencies(client, meta)
        import psutil

        server_rss = psutil.Process(server.pid).memory_info().rss / 2**20
    finally:
        server.terminate()
        server.wait(timeout=30)

    # 4. rdflib: its parser, then its engine behind rdflib-endpoint and in-process
    port = free_port()
    rdf = subprocess.Popen([sys.executable, "-c", RDFLIB_CHILD, str(triples_file), str(port)],
                           stdout=subprocess.PIPE, text=True)
    try:
        rdflib_load = json.loads(rdf.stdout.readline())
        wait_for(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", rdf)
        client, via_endpoint = sparql_get(f"http://127.0.0.1:{port}", "/sparql")
        with client:
            endpoint = {name: timed(via_endpoint, items[:args.rdflib_runs + 1], budget=args.rdflib_budget, warmup=1)
                        for name, items in texts.items()}
    finally:
        rdf.terminate()
        rdf.wait(timeout=30)

    print(f"rdflib load of the same {rdflib_load['triples']} triples: {rdflib_load['seconds']:.1f} s, peak RSS "
          f"{rdflib_load['rss_mb']:.0f} MB -> our load (parse, index on disk, compact) takes "
          f"{load['seconds'] / rdflib_load['seconds']:.2f}x rdflib's time and {load['rss_mb'] / rdflib_load['rss_mb']:.2f}x "
          f"its memory")
    print(f"API server RSS after the runs: {server_rss:.0f} MB")
    print()
    print(f"{'query':30} {'pyoxigraph p50/p95':>20} {'oxigraph server':>16} {'API p50/p95':>16} "
          f"{'rdflib-endpoint p50/p95':>24} {'API vs rdflib':>14} {'API / bare':>11} {'API / server':>13}")
    speedups, overheads, over_server = [], [], []
    for name in texts:
        b50, b95 = p(bare[name], 50), p(bare[name], 95)
        a50, a95 = p(api[name], 50), p(api[name], 95)
        r50, r95 = p(endpoint[name], 50), p(endpoint[name], 95)
        s50, s95 = (p(served[name], 50), p(served[name], 95)) if served else (float("nan"),) * 2
        speedups.append(r50 / a50)
        overheads.append(a50 / b50)
        over_server.append(a50 / s50)
        print(f"{name:30} {b50:9.2f}/{b95:<9.2f} {s50:7.2f}/{s95:<8.2f} {a50:7.2f}/{a95:<8.2f} "
              f"{r50:11.1f}/{r95:<12.1f} {r50 / a50:12.1f}x {a50 / b50:10.2f}x {a50 / s50:12.2f}x")
    geo = statistics.geometric_mean
    print()
    print(f"API vs rdflib-endpoint (p50, geometric mean over the 4 queries): {geo(speedups):.1f}x faster "
          f"(target >= 20x: {'ok' if geo(speedups) >= 20 else 'MISSED'})")
    print(f"API / bare pyoxigraph (p50, geometric mean): {geo(overheads):.2f}x "
          f"(target <= 1.5x: {'ok' if geo(overheads) <= 1.5 else 'MISSED'}); "
          f"on the two heavy queries (date range, 2-hop): {geo(overheads[1:3]):.2f}x")
    print(f"HTTP floor (ASK {{}} through the API, p50): {p(floor, 50):.2f} ms; API / bare with the floor taken off "
          f"the API's p50 (geometric mean): "
          f"{geo([max(p(api[n], 50) - p(floor, 50), 0.01) / p(bare[n], 50) for n in texts]):.2f}x")
    if served:
        print(f"API / Oxigraph's own server, both through HTTP (p50, geometric mean): {geo(over_server):.2f}x "
              f"(target <= 1.5x: {'ok' if geo(over_server) <= 1.5 else 'MISSED'}); its floor (ASK {{}}): "
              f"{p(served_floor, 50):.2f} ms")
        ceiling = geo([p(endpoint[n], 50) / p(served[n], 50) for n in texts])
        print(f"Oxigraph's own server vs rdflib-endpoint (p50, geometric mean): {ceiling:.1f}x -- what a bare "
              f"Oxigraph HTTP server reaches on these queries, the ceiling for the API's ratio above")
    print()
    print("REST on the same store (p50 ms): " + ", ".join(f"{k} {v:.1f}" for k, v in rest.items()))
    print(f"whole run: {time.monotonic() - wall:.0f} s")


def rest_latencies(client: httpx.Client, meta: dict) -> dict[str, float]:
    """p50 of some REST routes on the big store (no baseline: they show the routes stay fast)."""
    event, other, actor = meta["sample"][0], meta["sample"][1], meta["actors"][0]
    routes = {"/events?type=…&start=…&end=…": ("/events?type=Attack&start=2020-01-01&end=2020-03-31", 10),
              "/events/{id}": (f"/events/{event}", 10), "/timeline?actor=…": (f"/timeline?actor={actor}&limit=200", 5),
              "/graph depth 2": (f"/graph?node=event/{event}&depth=2", 5), "/causes/{id}": (f"/causes/{event}", 5),
              "/effects/{id}": (f"/effects/{event}", 5), "/actors": ("/actors?limit=20", 5),
              "/paths": (f"/paths?from=event/{event}&to=event/{other}&max_length=4", 3), "/stats (cached)": ("/stats", 3)}
    found = {}
    for label, (path, runs) in routes.items():
        times = []
        for _ in range(runs):
            begin = time.perf_counter()
            response = client.get(path, headers={"accept": "application/json"})
            times.append((time.perf_counter() - begin) * 1000)
            if response.status_code != 200:
                print(f"  {path}: {response.status_code} {response.text[:200]}")
        found[label] = statistics.median(times)
    return found


if __name__ == "__main__":
    main()
