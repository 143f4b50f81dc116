"""Ingest throughput of the whole pipeline against raw spaCy ``nlp.pipe`` on the same texts.

    .venv/bin/python benchmarks/ingest_throughput.py [--articles 160] [--workers N] [--repeat 3]

The texts are the bundled example articles (and the shared reference article when it is beside
the checkout), each re-dated so that every copy is a new article. In one run, for 1 worker and
for ``--workers`` (default: every core):

- spaCy: ``spacy.load(model)`` (the installed pipeline alone, no component of ours) and
  ``list(nlp.pipe(texts, n_process=workers))``;
- ours: ``kg.pipeline.ingest(store, articles, workers=workers)`` into a new on-disk store: our
  spaCy components, timexes, events, links, claims, resolution, RDF and the transactional write.

Models are loaded before the clocks start. Prints articles/s, words/s and the ratio ours/spaCy
(target >= 0.8, i.e. at most 25 % overhead). Keep a run under ~5 minutes; check ``uptime`` first.

    .venv/bin/python benchmarks/ingest_throughput.py --long [KB ...] [--skip-after-write]   # 2 20 100 1000

measures instead how ingest grows with one article's length: the bundled texts joined into one
article of each size, against the same texts as separate articles (same date, same store),
each ingest in a process of its own so that its peak memory is its own (and capped by
``--max-memory``). Prints wall and CPU time, the time of the after-write steps (the derived
graphs; ``--skip-after-write`` leaves them out), peak RSS and its growth over the RSS with the
model loaded, and the ratios one article / separate articles (target: time and memory grow
linearly, one article at most 2x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.config import default_settings  # noqa: E402
from kg.ingest import read_articles  # noqa: E402
from kg.model import Article  # noqa: E402


def bundled() -> list[Article]:
    """The bundled example articles (and the shared reference article when it is beside the checkout)."""
    sources = [REPO / "examples" / "articles", REPO / "examples" / "sample.jsonl"]
    reference = REPO.parent / "shared" / "articles"
    if reference.exists():
        sources.append(reference)
    return [a for a in read_articles([str(s) for s in sources if s.exists()]) if len(a.text.split()) > 30]


def corpus(count: int) -> list[Article]:
    """``count`` articles cycling through the bundled ones, each with its own date (so its own id)."""
    base = bundled()
    articles = []
    for n in range(count):
        article = base[n % len(base)]
        date = dt.date(2024, 1, 1) + dt.timedelta(days=n)
        articles.append(Article(id=f"bench-{n}", text=article.text, date=date, title=article.title))
    return articles


def run_spacy(texts: list[str], model: str, workers: int) -> float:
    import spacy

    nlp = spacy.load(model)
    list(nlp.pipe(texts[:4]))  # warm up
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, n_process=workers, batch_size=16))
    elapsed = time.perf_counter() - started
    assert len(docs) == len(texts)
    return elapsed


def run_ours(articles: list[Article], model: str, workers: int) -> float:
    from kg.nlp import load_pipeline
    from kg.pipeline import ingest
    from kg.store import Store

    load_pipeline(model)  # cached: the clock starts with the model loaded, as for spaCy
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "store") as store:
        started = time.perf_counter()
        report = ingest(store, articles, workers=workers, model=model)
        elapsed = time.perf_counter() - started
    assert len(report.added) == len(articles), report.summary()
    return elapsed


# --- one long article against the same text as separate articles --------------------------

LONG_DATE = dt.date(2024, 1, 4)


def pieces(size: int) -> list[str]:
    """Bundled texts in turn until ``size`` characters, the last cut at a sentence end (at least one sentence)."""
    base = [a.text.strip() for a in bundled()]
    texts: list[str] = []
    total = 0
    while total < size:
        text = base[len(texts) % len(base)]
        if total + len(text) > size:
            cut = text.rfind(". ", 0, size - total)
            if cut < 0:
                cut = text.find(". ")
            text = text[:cut + 1] if cut >= 0 else text
        texts.append(text)
        total += len(text) + 2  # the blank line that joins them
    return texts


def measure(kind: str, size: int, model: str, after_write_steps: bool = True) -> dict:
    """Ingest ``pieces(size)`` as one article (``long``) or as separate ones into a new store.

    Wall and CPU seconds of the whole ingest; the wall seconds of its after-write part
    (``kg.pipeline.run_after_write``: the ``AFTER_WRITE`` steps that derive graphs over the store,
    none without ``after_write_steps``, and the writes of what they derive); peak RSS and its
    growth over the RSS with the model loaded.
    """
    import psutil

    from kg import pipeline
    from kg.nlp import load_pipeline
    from kg.store import Store

    texts = pieces(size)
    if kind == "long":
        articles = [Article(id="long", text="\n\n".join(texts), date=LONG_DATE, title="long")]
    else:
        articles = [Article(id=f"piece-{n}", text=text, date=LONG_DATE, title=f"piece {n}") for n, text in enumerate(texts)]
    load_pipeline(model)
    after_write = [0.0]

    def timed(function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                after_write[0] += time.perf_counter() - started
        return run

    if not after_write_steps:
        pipeline.AFTER_WRITE.clear()
    pipeline.run_after_write = timed(pipeline.run_after_write)  # the steps and the writes of what they derive
    before = psutil.Process().memory_info().rss
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "store") as store:
        started, cpu = time.perf_counter(), time.process_time()
        report = pipeline.ingest(store, articles, model=model)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert len(report.added) == len(articles), report.summary()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"kind": kind, "size": size, "articles": len(articles), "seconds": seconds, "cpu": cpu,
            "after_write": after_write[0], "peak_mb": peak / 2**20, "growth_mb": (peak - before) / 2**20}


def run_measure(kind: str, size: int, args: argparse.Namespace) -> dict | str:
    """:func:`measure` in a new process (so its peak RSS is this ingest's), or why it gave nothing.

    The process may take ``args.max_memory`` GB of address space, so that a runaway size fails
    alone instead of pushing a shared machine out of memory.
    """
    command = [sys.executable, __file__, "--measure", kind, str(size), "--model", args.model,
               "--max-memory", str(args.max_memory)] + (["--skip-after-write"] if args.skip_after_write else [])
    timeout = args.timeout
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return f"ran past {timeout:.0f} s"
    except subprocess.CalledProcessError as error:
        return f"failed ({error.returncode}): {(error.stderr.strip().splitlines() or [''])[-1][:120]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_long(sizes_kb: list[float], args: argparse.Namespace) -> None:
    print(f"one long article vs the same text as separate articles, model {args.model}, {os.cpu_count()} cores"
          + (", without the after-write steps" if args.skip_after_write else ""))
    print("s: wall seconds of the ingest (cpu: its CPU seconds; aw: of which after-write steps); "
          "peak: peak RSS MB (+: over the RSS with the model loaded)")
    print(f"{'size':>7} {'n':>4} | {'one: s':>7} {'cpu':>6} {'aw':>6} {'peak':>5} {'+':>5} | {'separate: s':>11} {'cpu':>6} "
          f"{'aw':>6} {'peak':>5} {'+':>5} | {'s x':>5} {'cpu x':>5} {'+ x':>5}")
    for kb in sizes_kb:
        size = int(kb * 1000)
        separate = run_measure("separate", size, args)
        long = run_measure("long", size, args)
        if isinstance(separate, str) or isinstance(long, str):
            print(f"{kb:>5g}KB: separate articles {separate if isinstance(separate, str) else 'ok'}, "
                  f"one article {long if isinstance(long, str) else 'ok'}", flush=True)
            continue
        row = [f"{kb:>5g}KB {separate['articles']:>4} |"]
        for result, width in ((long, 7), (separate, 11)):
            row.append(f"{result['seconds']:{width}.2f} {result['cpu']:6.2f} {result['after_write']:6.2f} "
                       f"{result['peak_mb']:5.0f} {result['growth_mb']:5.0f} |")
        row.append(f"{long['seconds'] / separate['seconds']:5.2f} {long['cpu'] / separate['cpu']:5.2f} "
                   f"{long['growth_mb'] / max(separate['growth_mb'], 1):5.2f}")
        print(" ".join(row), flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=160)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--model", default=default_settings().spacy_model)
    parser.add_argument("--repeat", type=int, default=1,
                        help="time each side this many times, in turn, and keep each side's fastest run (as timeit does: "
                             "on a shared machine the slower runs measure the neighbours)")
    parser.add_argument("--long", nargs="*", type=float, metavar="KB",
                        help="one long article of these sizes against separate articles (default 2 20 100 1000)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed to each --long ingest")
    parser.add_argument("--max-memory", type=float, default=12, help="GB of address space for each --long ingest")
    parser.add_argument("--skip-after-write", action="store_true",
                        help="--long without the derived graphs (kg.pipeline.AFTER_WRITE): the pipeline and the write alone")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        limit = int(args.max_memory * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        print(json.dumps(measure(args.measure[0], int(args.measure[1]), args.model, not args.skip_after_write)))
        return
    wall = time.monotonic()
    if args.long is not None:
        run_long(args.long or [2, 20, 100, 1000], args)
        print(f"whole run: {time.monotonic() - wall:.0f} s")
        return
    articles = corpus(args.articles)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words, model {args.model}, {os.cpu_count()} cores")
    ratios = {}
    for workers in sorted({1, args.workers}):
        runs = [(run_spacy(texts, args.model, workers), run_ours(articles, args.model, workers))
                for _ in range(max(1, args.repeat))]
        spacy_seconds, ours_seconds = min(r[0] for r in runs), min(r[1] for r in runs)
        if len(runs) > 1:
            print(f"workers={workers}: ratios of the {len(runs)} runs in turn: "
                  + ", ".join(f"{a / b:.2f}x" for a, b in runs) + "; below, each side's fastest")
        ratio = spacy_seconds / ours_seconds
        ratios[workers] = ratio
        print(f"workers={workers}: spaCy nlp.pipe {len(texts) / spacy_seconds:6.1f} articles/s "
              f"({words / spacy_seconds:7.0f} words/s); whole pipeline {len(texts) / ours_seconds:6.1f} articles/s "
              f"({words / ours_seconds:7.0f} words/s) -> ours/spaCy = {ratio:.2f}x "
              f"(target >= 0.8: {'ok' if ratio >= 0.8 else 'MISSED'})")
    if len(ratios) > 1:
        print(f"speed-up from {args.workers} workers: see the articles/s above")
    print(f"whole run: {time.monotonic() - wall:.0f} s")


if __name__ == "__main__":
    main()
