"""How ingest scales: throughput per core and per Spark executor, memory growth with the number of
articles, and the cluster it takes for 250 000 articles a day.

    .venv/bin/python benchmarks/scale.py [--articles 60] [--batches 4] [--no-spark] [--json out.json]

The corpus is real newswire: the TimeBank documents of ../shared/eval (TimeML, text only), or the
bundled examples when those are absent. Measures, on this machine:

- one process, one core: seconds per article in each stage (spaCy + our NLP, resolution, RDF,
  store write), hence articles/s per core;
- memory: resident set size and store size after each batch ingested into one on-disk store;
- Spark ``local[2]``: wall time of ``kg.spark.ingest`` and of its stages, hence articles/s per
  executor, and the driver's sequential pass (actor names) in articles/s;
- the projection: executors and nodes for 250 k articles/day at a peak-to-average ratio.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.graph import article_iri  # noqa: E402
from kg.ingest import read_articles  # noqa: E402
from kg.model import Article  # noqa: E402
from kg.nlp import extract_many, load_pipeline  # noqa: E402
from kg.pipeline import article_graph, ingest, known_entities  # noqa: E402
from kg.resolve import KnownEntities, resolve  # noqa: E402
from kg.store import Store  # noqa: E402

TIMEBANK = REPO.parent / "shared" / "eval" / "tempeval3-tbaq" / "TimeBank"
PER_DAY = 250_000
SECONDS_PER_DAY = 86_400


def corpus(count: int, folder: Path = TIMEBANK) -> list[Article]:
    """``count`` distinct newswire articles (TimeBank first, then the bundled examples)."""
    paths = sorted(folder.glob("*.tml")) if folder.is_dir() else []
    articles = list(read_articles(paths[:count])) if paths else []
    if len(articles) < count:
        articles += list(read_articles([REPO / "examples" / "articles", REPO / "examples" / "sample.jsonl"]))
    return articles[:count]


def rss_mb() -> tuple[float, float]:
    """Current and peak resident set size of this process, in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def timed(step):
    """Run ``step()``; return its result, wall seconds and CPU seconds of this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def per_core(articles: list[Article]) -> dict[str, float]:
    """One process: wall and CPU time per stage over the corpus (the pipeline warmed up first)."""
    nlp = load_pipeline()
    list(extract_many(articles[:1], nlp))
    resolve(next(extract_many(articles[:1], nlp)), KnownEntities())  # loads the gazetteer
    known = KnownEntities()
    extractions, nlp_s, nlp_cpu = timed(lambda: list(extract_many(articles, nlp)))
    resolutions, resolve_s, resolve_cpu = timed(lambda: [resolve(e, known) for e in extractions])
    graphs, graph_s, graph_cpu = timed(lambda: {str(article_iri(r.extraction.article.id)): article_graph(r)
                                                for r in resolutions})
    triples, store_s, store_cpu = timed(lambda: Store().put_graphs(graphs))
    n = len(articles)
    cpu = nlp_cpu + resolve_cpu + graph_cpu + store_cpu
    return {"articles": n, "chars_per_article": sum(len(a.text) for a in articles) / n,
            "triples_per_article": triples / n, "nlp_cpu_s": nlp_cpu / n, "resolve_cpu_s": resolve_cpu / n,
            "graph_cpu_s": graph_cpu / n, "store_cpu_s": store_cpu / n, "cpu_s_per_article": cpu / n,
            "wall_s_per_article": (nlp_s + resolve_s + graph_s + store_s) / n,
            "articles_per_s_per_core": n / cpu, "store_triples_per_s": triples / store_s}


def memory_growth(articles: list[Article], batches: int) -> list[dict[str, float]]:
    """Ingest the corpus in ``batches`` into one on-disk store; RSS and store size after each."""
    rows = []
    size = math.ceil(len(articles) / batches)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store"
        with Store(path) as store:
            for start in range(0, len(articles), size):
                began = time.perf_counter()
                report = ingest(store, articles[start:start + size])
                seconds = time.perf_counter() - began
                began = time.perf_counter()
                names = len(known_entities(store).actors)
                known_s = time.perf_counter() - began
                rss, peak = rss_mb()
                rows.append({"articles": start + len(report.added), "rss_mb": rss, "peak_rss_mb": peak,
                             "store_mb": folder_mb(path), "triples": len(store), "known_names": names,
                             "known_entities_s": known_s, "batch_s_per_article": seconds / max(len(report.added), 1)})
    return rows


def _extract_with_cpu(model: str, rows):
    """On an executor: the NLP of one partition, and the CPU seconds it took there."""
    from kg.spark import extract_partition

    started = time.process_time()
    count = sum(1 for _ in extract_partition(model, rows))
    yield count, time.process_time() - started


def spark_run(articles: list[Article], executors: int) -> dict[str, float]:
    """kg.spark.ingest on local[executors] (wall time), executors' CPU per article, and the driver pass."""
    from kg import spark as kg_spark
    from kg.config import default_settings

    model = default_settings().spacy_model
    session, _ = kg_spark.spark_session(f"local[{executors}]")
    try:
        kg_spark.ingest(Store(), articles[:executors], partitions=executors)  # start the Python workers, load spaCy
        report, wall, _ = timed(lambda: kg_spark.ingest(Store(), articles, partitions=executors * 2))
        rows = session.sparkContext.parallelize(list(enumerate(articles)), executors * 2)
        counts = rows.mapPartitions(lambda part: _extract_with_cpu(model, part)).collect()
    finally:
        session.stop()
    executor_cpu = sum(cpu for _, cpu in counts) / sum(count for count, _ in counts)
    extractions = list(extract_many(articles, load_pipeline()))
    views = [kg_spark.actor_view(row) for row in enumerate(extractions)]
    _, driver_s, _ = timed(lambda: kg_spark.resolve_names(KnownEntities(), views))
    n = len(report.added)
    return {"executors": executors, "articles": n, "wall_s": wall, "articles_per_s": n / wall,
            "wall_articles_per_s_per_executor": n / wall / executors,
            "executor_nlp_cpu_s_per_article": executor_cpu,
            "driver_pass_articles_per_s": n / driver_s}


def projection(core_rate: float, executor_rate: float, peak: float, utilisation: float, cores_per_node: int,
               executor_gb: float) -> dict[str, float]:
    """Executors (one core each) and nodes for PER_DAY articles at ``peak`` times the daily average,
    with executors kept ``utilisation`` busy (Spark scheduling, skew, retries take the rest)."""
    average = PER_DAY / SECONDS_PER_DAY
    executors = math.ceil(average * peak / (executor_rate * utilisation))
    return {"articles_per_day": PER_DAY, "average_articles_per_s": average, "peak_factor": peak,
            "peak_articles_per_s": average * peak, "utilisation": utilisation,
            "core_hours_per_day": PER_DAY / core_rate / 3600, "executors_at_peak": executors,
            "nodes": math.ceil(executors / cores_per_node), "cores_per_node": cores_per_node,
            "memory_per_node_gb": cores_per_node * executor_gb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60, help="articles in the corpus (TimeBank has 183)")
    parser.add_argument("--corpus", type=Path, default=TIMEBANK, help="folder of TimeML articles")
    parser.add_argument("--batches", type=int, default=4, help="batches for the memory-growth run")
    parser.add_argument("--executors", type=int, default=2, help="Spark local[N]")
    parser.add_argument("--peak", type=float, default=3.0, help="peak-to-average ratio of the daily flow")
    parser.add_argument("--utilisation", type=float, default=0.6, help="share of an executor's core spent on articles")
    parser.add_argument("--cores-per-node", type=int, default=8)
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    articles = corpus(args.articles, args.corpus)
    results: dict[str, object] = {"load_average": os.getloadavg()[0], "cores": os.cpu_count()}
    results["per_core"] = core = per_core(articles)
    results["memory"] = memory = memory_growth(articles, args.batches)
    executor_rate = core["articles_per_s_per_core"]
    if not args.no_spark:
        results["spark"] = spark = spark_run(articles, args.executors)
        # an executor also resolves and builds each graph (the second stage): add what that costs a core
        executor_rate = 1 / (spark["executor_nlp_cpu_s_per_article"] + core["resolve_cpu_s"] + core["graph_cpu_s"])
        spark["articles_per_s_per_executor"] = executor_rate
    per_article_mb = (memory[-1]["rss_mb"] - memory[0]["rss_mb"]) / max(memory[-1]["articles"] - memory[0]["articles"], 1)
    executor_gb = max(1.0, math.ceil(memory[0]["peak_rss_mb"] / 512) / 2)  # a spaCy worker, rounded up to 0.5 GB
    results["projection"] = projection(core["articles_per_s_per_core"], executor_rate, args.peak, args.utilisation,
                                       args.cores_per_node, executor_gb)
    last = memory[-1]
    results["growth"] = {  # linear from the last batch: what one day of articles adds to one store
        "rss_mb_per_article": per_article_mb, "triples_per_day": last["triples"] / last["articles"] * PER_DAY,
        "store_gb_per_day": last["store_mb"] / last["articles"] * PER_DAY / 1000,
        "known_names_per_day": last["known_names"] / last["articles"] * PER_DAY,
        "known_entities_read_s_after_a_day": last["known_entities_s"] / last["known_names"]
        * last["known_names"] / last["articles"] * PER_DAY,
    }
    text = json.dumps(results, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text)


if __name__ == "__main__":
    main()
