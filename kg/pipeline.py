"""The whole pipeline as functions the CLI, the API and notebooks share.

ingest → nlp → resolve → graph → store. Articles are read and checked before anything is
written, and a batch of articles goes into the store in one transaction: a bad file or a
crash leaves the store exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import rdflib

from kg.config import default_settings
from kg.graph import article_iri, build_graph, event_links
from kg.model import Article, Extraction, Resolution
from kg.nlp import extract_many, load_pipeline
from kg.resolve import KnownEntities, resolve
from kg.store import Store

KNOWN_ACTORS = """
PREFIX kgo: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?actor ?label ?alias WHERE {
  ?actor a kgo:Actor ; rdfs:label ?label .
  OPTIONAL { ?actor skos:altLabel ?alias }
  FILTER(STRSTARTS(STR(?actor), "https://w3id.org/newskg/id/actor/"))
}
"""


@dataclass
class IngestReport:
    """What an ingest added to the store."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    triples: int = 0
    events: int = 0
    actors: int = 0
    places: int = 0
    links: int = 0

    def summary(self) -> str:
        return (f"{len(self.added)} article(s) added, {len(self.skipped)} already in the store; "
                f"{self.events} events, {self.actors} actors, {self.places} places, {self.links} links, "
                f"{self.triples} triples")


@dataclass(frozen=True)
class Processed:
    """One article through the pipeline: its mentions, instances and RDF."""

    extraction: Extraction
    resolution: Resolution
    graph: rdflib.Graph


def known_entities(store: Store) -> KnownEntities:
    """Actor names and aliases already in the store, so new articles reuse their IRIs."""
    known = KnownEntities()
    for row in store.select(KNOWN_ACTORS):
        key = str(row["actor"]).rsplit("/", 1)[1]
        for name in (row["label"], row.get("alias")):
            if name:
                known.actors.setdefault(str(name).lower(), (key, str(row["label"])))
    return known


def process(articles: Iterable[Article], *, known: KnownEntities | None = None, workers: int = 1,
            model: str | None = None) -> Iterator[Processed]:
    """Run NLP, resolution and RDF building over articles, in order (no store involved)."""
    nlp = load_pipeline(model or default_settings().spacy_model)
    known = known if known is not None else KnownEntities()
    for extraction in extract_many(articles, nlp, workers=workers):
        resolution = resolve(extraction, known)
        yield Processed(extraction, resolution, build_graph(resolution))


def ingest(store: Store, articles: Iterable[Article], *, workers: int = 1, model: str | None = None,
           progress: Callable[[Article], None] | None = None, replace: bool = False) -> IngestReport:
    """Add articles to the store in one transaction; articles already there are skipped (idempotent)."""
    report = IngestReport()
    pending: list[Article] = []
    seen: set[str] = set()
    for article in articles:
        if article.id in seen or (not replace and store.contains_graph(str(article_iri(article.id)))):
            report.skipped.append(article.id)
            if progress:
                progress(article)
            continue
        seen.add(article.id)
        pending.append(article)
    graphs: dict[str, rdflib.Graph] = {}
    for item in process(pending, known=known_entities(store), workers=workers, model=model):
        article = item.extraction.article
        graphs[str(article_iri(article.id))] = item.graph
        report.added.append(article.id)
        report.events += len(item.resolution.events)
        report.actors += len(item.resolution.actors)
        report.places += len(item.resolution.places)
        report.links += sum(1 for link in event_links(item.resolution) if not link[0].inferred)
        if progress:
            progress(article)
    report.triples = store.put_graphs(graphs)
    return report
