"""Distributed ingest on Apache Spark (pyspark): the graph ``kg.pipeline.ingest`` builds, on a cluster.

1. Driver: :func:`kg.pipeline.plan_ingest`, as for a local ingest (skip stored articles, find
   earlier versions to drop and merges to redo, read the store's known actors).
2. Executors: articles deduplicated by content id, then NLP in ``mapPartitions`` with one spaCy
   pipeline per executor process (loaded once, reused by every partition it runs).
3. Driver: one pass over the articles in input order, with their entity mentions only, resolves
   actors as a single process would and records which known names each article looked up. That
   slice of names is all the resolver reads, so keys are the same whatever the partitioning.
4. Executors: each article resolved with its slice, built into its named graph and written as
   N-Quads, one file per partition (``part-00000`` …, on any Hadoop filesystem) for bulk load.
5. Driver: the files loaded into the store (one transaction when they fit in memory), then the
   pipeline's ``AFTER_WRITE`` steps.

``kg ingest --engine spark`` runs this; on a cluster use ``spark-submit`` on this file (``python -m
kg.spark --help``). The driver sends the ``kg`` package to the executors itself (:func:`ship_package`,
``SparkContext.addPyFile``), so the nodes need only its dependencies.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox
import rdflib

import kg
from kg.config import default_settings
from kg.graph import article_iri, event_links
from kg.model import Article, Change, Extraction
from kg.nlp import extract_many, load_pipeline
from kg.pipeline import (PENDING_GRAPH, IngestPlan, IngestReport, article_graph, commit, pending_marker,
                         plan_ingest, repair_derived, run_after_write)
from kg.resolve import SURNAME_KEY, KnownEntities, resolve
from kg.store import to_quads

ATOMIC_LIMIT = 256 * 1024 * 1024  # bytes of N-Quads committed in one transaction; more is bulk-loaded file by file
Names = dict[str, tuple[str, str]]


@dataclass
class RecordingKnown(KnownEntities):
    """Known entities that note every name looked up and what it gave (``None`` when unknown)."""

    read: dict[str, tuple[str, str] | None] = field(default_factory=dict)

    def lookup(self, name: str) -> tuple[str, str] | None:
        found = super().lookup(name)
        self.read[name.lower()] = found
        return found

    def person_by_surname(self, name: str) -> tuple[str, str] | None:
        found = super().person_by_surname(name)
        self.read[SURNAME_KEY + name.lower()] = found
        return found


@dataclass(frozen=True)
class ArticleStats:
    """What one executor made of one article, for the report."""

    index: int
    id: str
    events: int
    actors: int
    places: int
    links: int


# --- executors ------------------------------------------------------------------------------


def extract_partition(model: str, rows: Iterable[tuple[int, Article]]) -> Iterator[tuple[int, Extraction]]:
    """NLP over one partition; ``load_pipeline`` is cached, so each executor process loads spaCy once."""
    rows = list(rows)
    if not rows:
        return
    nlp = load_pipeline(model)
    for (index, _), extraction in zip(rows, extract_many((article for _, article in rows), nlp)):
        yield index, extraction


def actor_view(row: tuple[int, Extraction]) -> tuple[int, Extraction]:
    """Only what actor resolution reads (the article's metadata, entity mentions and sources)."""
    index, extraction = row
    return index, Extraction(replace(extraction.article, text=""), entities=extraction.entities,
                             sources=extraction.sources)


def graph_partition(names: dict[int, Names], rows: Iterable[tuple[int, Extraction]]) -> Iterator[tuple[str, ArticleStats]]:
    """Resolve each article with the names it read on the driver, and give its graph as N-Quads."""
    for index, extraction in rows:
        resolution = resolve(extraction, KnownEntities(dict(names.get(index, {}))))
        iri = str(article_iri(extraction.article.id))
        quads = ox.serialize(to_quads(iri, article_graph(resolution)), format=ox.RdfFormat.N_QUADS)
        links = sum(1 for link in event_links(resolution) if not link[0].inferred)
        yield quads.decode("utf-8").rstrip("\n"), ArticleStats(index, extraction.article.id, len(resolution.events),
                                                              len(resolution.actors), len(resolution.places), links)


# --- driver ---------------------------------------------------------------------------------


def resolve_names(known: KnownEntities, actor_views: Iterable[tuple[int, Extraction]]) -> dict[int, Names]:
    """Resolve actors article by article in input order; each article's slice of known names."""
    recording = RecordingKnown(dict(known.actors), {surname: set(people) for surname, people in known.people.items()})
    slices: dict[int, Names] = {}
    for index, extraction in actor_views:
        recording.read = {}
        resolve(extraction, recording)
        slices[index] = {name: found for name, found in recording.read.items() if found is not None}
    return slices


def spark_session(master: str = "local[2]"):
    """The active Spark session, or a new one for ``master`` (quiet, bound to 127.0.0.1 when local)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # every service of a local Spark on loopback only
    builder = SparkSession.builder.master(master).appName("newskg ingest").config("spark.ui.enabled", "false")
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    if master.startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session, True


def ship_package(context) -> Path:
    """Send the ``kg`` package to the executors through ``SparkContext.addPyFile``, as a cluster gets code.

    A zip of the package the driver runs, data files (ontology, models, lexicons) included, once
    per Spark context: executors need only the package's dependencies, not this checkout or a
    wheel of it (:func:`kg.resources.package_root` unpacks its data there).
    """
    shipped = getattr(context, "_kg_package", None)
    if shipped is not None:
        return shipped
    package = Path(kg.__file__).resolve().parent
    archive = Path(tempfile.mkdtemp(prefix="kg-ship-")) / "kg.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for folder, children, files in os.walk(package, followlinks=True):  # kg/ontology is a link
            children[:] = [child for child in children if child != "__pycache__"]
            for name in files:
                path = Path(folder) / name
                zipped.write(path, Path("kg") / path.relative_to(package))
    context.addPyFile(str(archive))
    context._kg_package = archive
    return archive


def write_quads(spark, plan: IngestPlan, output: Path, *, partitions: int | None = None,
                model: str | None = None) -> list[ArticleStats]:
    """Run the plan's articles through NLP, resolution and RDF on Spark; N-Quads files in ``output``."""
    from pyspark import StorageLevel

    context = spark.sparkContext
    ship_package(context)
    model = model or default_settings().spacy_model
    partitions = partitions or context.defaultParallelism
    articles = context.parallelize(list(enumerate(plan.articles)), partitions)
    unique = (articles.map(lambda row: (row[1].id, row))
              .reduceByKey(lambda a, b: a if a[0] <= b[0] else b, partitions).values())  # first by content id
    extractions = unique.mapPartitions(lambda rows: extract_partition(model, rows))
    extractions.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        views = extractions.map(actor_view).sortByKey(numPartitions=partitions).toLocalIterator()
        names = context.broadcast(resolve_names(plan.known, views))
        built = extractions.mapPartitions(lambda rows: graph_partition(names.value, rows))
        built.persist(StorageLevel.MEMORY_AND_DISK)
        built.map(lambda item: item[0]).saveAsTextFile(str(output))
        stats = built.map(lambda item: item[1]).collect()
        built.unpersist()
        names.unpersist()
    finally:
        extractions.unpersist()
    return sorted(stats, key=lambda s: s.index)


def load_quads(store, files: list[Path], drop: Iterable[str]) -> int:
    """Put the partition files into the store: one transaction when small enough, else file by file."""
    by_graph: dict[str, list[ox.Triple]] = {}
    if sum(f.stat().st_size for f in files) <= ATOMIC_LIMIT:
        for path in files:
            for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
                by_graph.setdefault(quad.graph_name.value, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
        graphs = {}
        for iri, triples in by_graph.items():
            graphs[iri] = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        return commit(store, graphs, drop)
    written = set()
    for path in files:  # bulk: not atomic, so drop every graph about to be rewritten first
        written |= {quad.graph_name.value for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)}
    repair_derived(store)
    store.put_graphs({PENDING_GRAPH: pending_marker()})  # a crash from here on is repaired at the next write
    store.remove_graphs(sorted(written | set(drop)))
    for path in files:
        store.load(path.read_bytes(), "nq")
    run_after_write(store, Change(tuple(sorted(written)), tuple(sorted(set(drop) - written))))
    store.put_graphs({PENDING_GRAPH: rdflib.Graph()})
    return sum(1 for path in files for _ in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def ingest(store, articles: Iterable[Article], *, master: str = "local[2]", partitions: int | None = None,
           output: str | Path | None = None, replace: bool = False, model: str | None = None,
           load: bool = True) -> IngestReport:
    """``kg.pipeline.ingest`` on Spark: the same graph, NLP spread over the cluster's executors.

    ``output`` keeps the N-Quads partition files there (for a server's own bulk loader);
    ``load=False`` writes them without touching the store.
    """
    plan = plan_ingest(store, articles, replace=replace)
    report = plan.report
    if not plan.articles:
        if plan.drop and load:
            report.triples = commit(store, {}, plan.drop)
        return report
    scratch = Path(tempfile.mkdtemp(prefix="kg-spark-")) if output is None else None
    target = Path(output) if output is not None else scratch / "quads"
    spark, owned = spark_session(master)
    try:
        stats = write_quads(spark, plan, target, partitions=partitions, model=model)
        remerge = {iri.rsplit("/", 1)[1] for iri in plan.remerge}
        for item in stats:
            if item.id in remerge:
                report.remerged.append(item.id)
                continue
            report.added.append(item.id)
            report.events, report.actors = report.events + item.events, report.actors + item.actors
            report.places, report.links = report.places + item.places, report.links + item.links
        if load:
            report.triples = load_quads(store, sorted(target.glob("part-*")), plan.drop)
    finally:
        if owned:
            spark.stop()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return report


def main(argv: list[str] | None = None) -> int:
    """``spark-submit kg/spark.py --store DIR|URL PATH…``: ingest with Spark, as ``kg ingest --engine spark``."""
    from kg.ingest import read_articles
    from kg.store import open_store

    parser = argparse.ArgumentParser(prog="kg.spark", description=main.__doc__)
    parser.add_argument("paths", nargs="+", help="files, folders, globs or feed URLs, as for kg ingest")
    parser.add_argument("--store", help="store folder or SPARQL endpoint URL (default: KG_STORE or ./kg-store)")
    parser.add_argument("--master", default=os.environ.get("SPARK_MASTER", "local[*]"), help="Spark master URL")
    parser.add_argument("--partitions", type=int, help="partitions (default: the cluster's parallelism)")
    parser.add_argument("--output", help="keep the N-Quads partition files in this folder")
    parser.add_argument("--no-load", action="store_true", help="only write the N-Quads files (needs --output)")
    args = parser.parse_args(argv)
    articles = list(read_articles(args.paths))
    with open_store(args.store, must_exist=False) as store:
        report = ingest(store, articles, master=args.master, partitions=args.partitions, output=args.output,
                        load=not args.no_load)
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
