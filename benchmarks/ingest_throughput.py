"""Ingest throughput of the whole pipeline against raw spaCy ``nlp.pipe`` on the same texts.

    .venv/bin/python benchmarks/ingest_throughput.py [--articles 160] [--workers N]

The texts are the bundled example articles (and the shared reference article when it is beside
the checkout), each re-dated so that every copy is a new article. In one run, for 1 worker and
for ``--workers`` (default: every core):

- spaCy: ``spacy.load(model)`` (the installed pipeline alone, no component of ours) and
  ``list(nlp.pipe(texts, n_process=workers))``;
- ours: ``kg.pipeline.ingest(store, articles, workers=workers)`` into a new on-disk store: our
  spaCy components, timexes, events, links, claims, resolution, RDF and the transactional write.

Models are loaded before the clocks start. Prints articles/s, words/s and the ratio ours/spaCy
(target >= 0.8, i.e. at most 25 % overhead). Keep a run under ~5 minutes; check ``uptime`` first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.config import default_settings  # noqa: E402
from kg.ingest import read_articles  # noqa: E402
from kg.model import Article  # noqa: E402


def corpus(count: int) -> list[Article]:
    """``count`` articles cycling through the bundled ones, each with its own date (so its own id)."""
    sources = [REPO / "examples" / "articles", REPO / "examples" / "sample.jsonl"]
    reference = REPO.parent / "shared" / "articles"
    if reference.exists():
        sources.append(reference)
    base = [a for a in read_articles([str(s) for s in sources if s.exists()]) if len(a.text.split()) > 30]
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=160)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--model", default=default_settings().spacy_model)
    args = parser.parse_args(argv)
    wall = time.monotonic()
    articles = corpus(args.articles)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words, model {args.model}, {os.cpu_count()} cores")
    ratios = {}
    for workers in sorted({1, args.workers}):
        spacy_seconds = run_spacy(texts, args.model, workers)
        ours_seconds = run_ours(articles, args.model, workers)
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
