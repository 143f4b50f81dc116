"""Full-text search on the synthetic million-triple store: indexing, query latency, and what it adds to ingest.

    .venv/bin/python benchmarks/search_latency.py [--triples 1000000] [--queries 50] [--store DIR]

In one run (benchmarks/synthetic.py's graph, generated once into --data, bulk-loaded into a new
store unless --store names one already loaded):

1. index: ``kg.query.search.rebuild`` over the whole store (a bulk load runs no after-write step, so this is
   how such a store gets its index): seconds, documents, size on disk; and the check a process makes
   when it opens an index in step (every graph's size against ``state.json``);
2. search: ~50 queries (event types, cities, actors, two-word and quoted queries, some with a kind,
   type or date filter), each run --runs times: p50/p95 in-process (``kg.query.search.search``) and through
   ``GET /search`` on a running ``uvicorn api.main:create_app`` (keep-alive);
3. tantivy against SQLite FTS5 on the same documents (read from the store once): index time, size,
   query p50 (BM25 with the same field weights, a snippet each, the same filters);
4. ingest: --ingest articles of benchmarks/ingest_throughput.py into a new store with and without the
   search step (wall seconds, and the seconds inside the step), then two articles into the big store
   and their deletion (the step's seconds: what a write costs on a million triples).

Keep a run under ~5 minutes; check ``uptime`` first.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import random
import re
import shutil
import sqlite3
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

from benchmarks.synthetic import generate  # noqa: E402
from kg import pipeline  # noqa: E402
from kg.query import search  # noqa: E402
from kg.store import Store  # noqa: E402

def p(times: list[float], q: float) -> float:
    return statistics.quantiles(times, n=100)[q - 1] if len(times) > 1 else times[0]


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def make_queries(store: Store, count: int, seed: int) -> list[tuple[str, search.SearchFilter]]:
    """Queries drawn from random events of the index, as an analyst would type them: a city, an actor, an
    event type as the synthetic sentences spell it, pairs, a quoted phrase, and some with a filter."""
    rng = random.Random(seed)
    events = sorted((doc for doc in search.index_for(store).documents().values() if doc["kind"] == ["event"]),
                    key=lambda doc: doc["key"])
    made: list[tuple[str, search.SearchFilter]] = []
    while len(made) < count:
        event = rng.choice(events)
        names = event.get("related", [""])[0].splitlines()
        cities = [n for n in names if n.startswith("City ")] or ["City 1"]
        actors = [n for n in names if n.startswith("Actor ")] or ["Actor 1"]
        city, actor, word = cities[0], rng.choice(actors), event["type_name"][0].lower()
        spelt = city.lower().replace(" ", "-")  # as the sentences have it: "the bombing in city-12"
        shape = len(made) % 10
        text = [city, actor, word, f"{word} {spelt}", f'"{word} in {spelt}"', f"{actor} {city}",
                f"tensions {city}", f"followed {word}", word, city][shape]
        where = search.SearchFilter()
        if shape == 8:
            where = search.SearchFilter(kinds=("event",), type="Attack")
        elif shape == 9:
            year = dt.date.fromordinal(event["earliest"][0]).year if "earliest" in event else 2020
            where = search.SearchFilter(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        made.append((text, where))
    return made


def timed(run: Callable[[str, search.SearchFilter], object], queries, runs: int) -> list[float]:
    for text, where in queries[:3]:  # warm up
        run(text, where)
    times = []
    for _ in range(runs):
        for text, where in queries:
            started = time.perf_counter()
            run(text, where)
            times.append((time.perf_counter() - started) * 1000)
    return times


def load_store(args) -> Path:
    if args.store:
        return args.store
    args.data.mkdir(parents=True, exist_ok=True)
    quads = args.data / f"graph-{args.triples}.nq"
    if not quads.exists():
        started = time.perf_counter()
        with open(quads, "w", encoding="utf-8") as out:
            meta = generate(out, args.triples, args.seed)
        print(f"generated {meta['quads']} quads ({meta['articles']} articles) in {time.perf_counter() - started:.1f} s")
    folder = Path(tempfile.mkdtemp(prefix="newskg-search-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    started = time.perf_counter()
    with Store(folder / "store") as store:
        store.load(quads, "nq", bulk=True)
    print(f"bulk load: {time.perf_counter() - started:.1f} s")
    return folder / "store"


# --- SQLite FTS5, the alternative ----------------------------------------------------------

def fts5_build(documents: list[search.Document], path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, kind UNINDEXED, earliest UNINDEXED, "
               "latest UNINDEXED, types, title, aliases, related, body, tokenize='porter unicode61 remove_diacritics 2')")
    rows = []
    for document in documents:
        data = document.tantivy().to_dict()
        rows.append((document.iri, document.kind, (data.get("earliest") or [None])[0], (data.get("latest") or [None])[0],
                     " ".join(data.get("type", [])), *("\n".join(data.get(name, [])) for name in search.BOOSTS)))
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    return db


def fts5_search(db: sqlite3.Connection, text: str, where: search.SearchFilter) -> list:
    phrases = re.findall(r'"([^"]+)"', text)
    words = re.findall(r"\w+", re.sub(r'"[^"]+"', " ", text))
    match = " AND ".join([f'"{w}"' for w in words] + [f'"{ph}"' for ph in phrases])
    if where.type:
        match += f' AND types:"{where.type}"'
    sql = ["SELECT key, kind, snippet(docs, 8, '[', ']', '…', 30) FROM docs WHERE docs MATCH ?"]
    params: list[object] = [match]
    if where.kinds:
        sql.append(f"AND kind IN ({', '.join('?' * len(where.kinds))})")
        params += list(where.kinds)
    if where.start:
        sql.append("AND latest >= ?")
        params.append(where.start.toordinal())
    if where.end:
        sql.append("AND earliest <= ?")
        params.append(where.end.toordinal())
    sql.append("ORDER BY bm25(docs, 0, 0, 0, 0, 0, 3.0, 2.0, 2.0, 1.0) LIMIT 20")
    return db.execute(" ".join(sql), params).fetchall()


# --- ingest with and without the step -------------------------------------------------------

def ingest_seconds(articles, *, with_step: bool) -> tuple[float, float]:
    """Wall seconds of an ingest into a new store, and of the search step within it."""
    from kg.nlp import load_pipeline
    from kg.config import default_settings

    load_pipeline(default_settings().spacy_model)
    inside = [0.0]

    def measured(store, change):
        started = time.perf_counter()
        search.index_change(store, change)
        inside[0] += time.perf_counter() - started

    steps = list(pipeline.AFTER_WRITE)
    pipeline.AFTER_WRITE[:] = [measured if s is search.index_change else s for s in steps if with_step or s is not search.index_change]
    try:
        with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "store") as store:
            started = time.perf_counter()
            pipeline.ingest(store, articles, atomic=False)
            return time.perf_counter() - started, inside[0]
    finally:
        pipeline.AFTER_WRITE[:] = steps


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "newskg-bench")
    parser.add_argument("--store", type=Path, help="a store already loaded with the synthetic graph (its index is rebuilt)")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--ingest", type=int, default=40, help="articles for the ingest comparison (0: skip)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    wall = time.monotonic()
    path = load_store(args)

    # 1. index the whole store, then the check an index in step costs
    with Store(path) as store:
        started = time.perf_counter()
        written = search.rebuild(store)
        seconds = time.perf_counter() - started
        size = folder_size(search.index_folder(path))
        print(f"index: {written} documents in {seconds:.1f} s, {size / 2**20:.1f} MB on disk "
              f"({len(store)} quads in the store)")
    with Store(path) as store:
        started = time.perf_counter()
        search.open_index(store)
        print(f"opening an index in step (every graph's size against state.json): {time.perf_counter() - started:.2f} s")
        queries = make_queries(store, args.queries, args.seed)

        # 2. in-process
        hits = [search.search(store, text, where)["total"] for text, where in queries]
        local = timed(lambda text, where: search.search(store, text, where), queries, args.runs)
        print(f"search in-process, {len(queries)} queries x {args.runs}: p50 {p(local, 50):.2f} ms, p95 "
              f"{p(local, 95):.2f} ms (hits per query: median {statistics.median(hits):.0f}, "
              f"{sum(1 for h in hits if h == 0)} with none)")

        # 3. tantivy and FTS5 on the same documents
        started = time.perf_counter()
        documents = search.all_documents(store)
        read = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        started = time.perf_counter()
        twin = search.SearchIndex(scratch / "tantivy")
        writer = twin.index.writer(heap_size=search.WRITER_HEAP, num_threads=1)
        for document in documents:
            writer.add_document(document.tantivy())
        twin._commit(writer, {})
        tantivy_seconds = time.perf_counter() - started
        tantivy_times = timed(lambda text, where: twin.search(text, where, limit=20, offset=0), queries, args.runs)
        started = time.perf_counter()
        db = fts5_build(documents, scratch / "fts5.db")
        fts5_seconds = time.perf_counter() - started
        fts5_times = timed(lambda text, where: fts5_search(db, text, where), queries, args.runs)
        agree = sum(1 for text, where in queries
                    if bool(fts5_search(db, text, where)) == bool(twin.search(text, where, limit=1, offset=0)["items"]))
        print(f"same {len(documents)} documents (read from the store in {read:.1f} s):")
        print(f"  tantivy: index {tantivy_seconds:.1f} s, {folder_size(scratch / 'tantivy') / 2**20:.1f} MB, "
              f"query p50 {p(tantivy_times, 50):.2f} ms / p95 {p(tantivy_times, 95):.2f} ms (with snippets)")
        print(f"  FTS5:    index {fts5_seconds:.1f} s, {(scratch / 'fts5.db').stat().st_size / 2**20:.1f} MB, "
              f"query p50 {p(fts5_times, 50):.2f} ms / p95 {p(fts5_times, 95):.2f} ms (with snippets); "
              f"both find something for the same {agree} of {len(queries)} queries")
        db.close()

    # 2b. through the API
    port = _free_port()
    env = {**os.environ, "KG_STORE": str(path), "NO_PROXY": "127.0.0.1"}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "api.main:create_app", "--host", "127.0.0.1",
                               "--port", str(port), "--log-level", "warning"], cwd=REPO, env=env)
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120, trust_env=False)
        _wait(client, server)

        def over_http(text: str, where: search.SearchFilter) -> None:
            params = {"q": text, "kind": list(where.kinds), "type": where.type,
                      "start": where.start and where.start.isoformat(), "end": where.end and where.end.isoformat()}
            response = client.get("/search", params={k: v for k, v in params.items() if v})
            response.raise_for_status()

        remote = timed(over_http, queries, args.runs)
        print(f"GET /search through the API: p50 {p(remote, 50):.2f} ms, p95 {p(remote, 95):.2f} ms")
        client.close()
    finally:
        server.terminate()
        server.wait(timeout=30)

    # 4. ingest with and without the step, then a write into the big store
    if args.ingest:
        from benchmarks.ingest_throughput import corpus

        articles = corpus(args.ingest)
        without, _ = ingest_seconds(articles, with_step=False)
        with_it, inside = ingest_seconds(articles, with_step=True)
        print(f"ingest of {len(articles)} articles, a transaction each: {without:.1f} s without the search step, "
              f"{with_it:.1f} s with it ({inside:.2f} s inside the step, {100 * inside / with_it:.1f} % of the ingest)")
        extra = corpus(args.ingest + 2)[-2:]
        with Store(path) as store:
            steps = list(pipeline.AFTER_WRITE)
            inside = [0.0]

            def measured(store, change):
                started = time.perf_counter()
                search.index_change(store, change)
                inside[0] += time.perf_counter() - started

            pipeline.AFTER_WRITE[:] = [measured if s is search.index_change else s for s in steps]
            try:
                pipeline.ingest(store, extra)
                added = inside[0]
                inside[0] = 0.0
                pipeline.delete_articles(store, [a.id for a in extra])
            finally:
                pipeline.AFTER_WRITE[:] = steps
            print(f"on the {args.triples:,}-triple store: the search step after ingesting 2 articles {added:.2f} s, "
                  f"after deleting them {inside[0]:.2f} s")
    print(f"whole run: {time.monotonic() - wall:.0f} s")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(client: httpx.Client, server: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited with {server.returncode}")
        try:
            if client.get("/openapi.json").status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not answer")


if __name__ == "__main__":
    main()
