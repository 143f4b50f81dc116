"""The whole pipeline as functions the CLI, the API and notebooks share.

ingest → nlp → resolve → graph → store. Articles are read and checked before anything is
written, and a batch of articles goes into the store in one transaction: a bad file or a
crash leaves the store exactly as it was. Or, with ``ingest(..., atomic=False)``, each article
in a transaction of its own: a write that fails is reported and the others are kept.

Updates are incremental. An article is known by its URL, or by the file it alone came from
(``identity``), so re-ingesting an edited one drops its old named graph in the same
transaction that adds the new one, and ``delete_articles`` drops graphs. Each article graph
carries its own share of every instance (type, label, mentions), so an instance that loses
its last article disappears with it. An article that took an actor's key or name from a
replaced or deleted one ("name known from earlier articles") is re-resolved from its stored
text in the same transaction, so no merge outlives the words it rests on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

import rdflib
from rdflib.namespace import DCTERMS

from kg.config import default_settings
from kg.graph import ARTICLE_PREFIX, article_iri, event_links
from kg.ingest import article_id, iri_safe, parse_date
from kg.model import Article, Change, Extraction, Resolution
from kg.nlp import extract_many, load_pipeline
from kg.resolve import KnownEntities, resolve, slug
from kg.bounds import first_line as _first_line
from kg.store import QueryError, StoreError, iri_term
from kg.steps import stage
from kg.vocab import KGO, KGR, SPARQL_HEADER

if TYPE_CHECKING:
    from kg.store.remote import GraphStore

ACTOR_PREFIX = str(KGR["actor/"])
BORROWED = "name known from earlier articles"  # kg.resolve's merge reason for a key taken from the store
SINGLE_ARTICLE_FORMATS = {"text", "html", "timeml"}  # a JSONL or feed file holds many articles
CHUNK = 400  # IRIs per VALUES block

KNOWN_ACTORS = SPARQL_HEADER + """SELECT ?actor ?label ?alias ?person WHERE {
  ?actor a kgo:Actor ; rdfs:label ?label .
  OPTIONAL { ?actor skos:altLabel ?alias }
  OPTIONAL { ?actor a kgo:Person . BIND(true AS ?person) }
  FILTER(STRSTARTS(STR(?actor), "https://w3id.org/newskg/id/actor/"))
}
"""
KNOWN_ACTORS_EXCEPT = SPARQL_HEADER + """SELECT ?actor ?label ?alias ?person WHERE {
  GRAPH ?g { ?actor a kgo:Actor ; rdfs:label ?label . OPTIONAL { ?actor skos:altLabel ?alias }
             OPTIONAL { ?actor a kgo:Person . BIND(true AS ?person) } }
  FILTER(STRSTARTS(STR(?actor), "https://w3id.org/newskg/id/actor/") && ?g NOT IN (%s))
}
"""
STORED_ARTICLES = SPARQL_HEADER + """SELECT ?g ?article ?text ?date ?title ?url ?publisher ?source WHERE {
  VALUES ?g { %s }
  GRAPH ?g { ?article a kgo:Article ; kgo:articleText ?text .
    OPTIONAL { ?article schema:datePublished ?date } OPTIONAL { ?article dcterms:title ?title }
    OPTIONAL { ?article schema:url ?url } OPTIONAL { ?article kgo:publisher ?publisher }
    OPTIONAL { ?article dcterms:source ?source } }
}
"""
BY_IDENTITY = SPARQL_HEADER + """SELECT DISTINCT ?g ?key WHERE {
  VALUES ?key { %s }
  GRAPH ?g { ?article a kgo:Article ; schema:url|dcterms:source ?key }
}
"""
UNDER_FOLDER = SPARQL_HEADER + """SELECT DISTINCT ?g WHERE {
  GRAPH ?g { ?article a kgo:Article ; dcterms:source ?source }
  FILTER(STRSTARTS(STR(?source), %s))
}
"""
SHARED_ACTORS = SPARQL_HEADER + """SELECT DISTINCT ?g ?actor ?anchor ?reason WHERE {
  VALUES ?old { %s }
  GRAPH ?old { ?actor a kgo:Actor }
  GRAPH ?g { ?actor kgo:hasMention ?mention . ?mention kgo:anchorText ?anchor .
             OPTIONAL { ?actor kgo:decision ?decision . ?decision kgo:mergeReason ?reason } }
  FILTER(STRSTARTS(STR(?actor), "https://w3id.org/newskg/id/actor/") && ?g != ?old)
}
"""


class ArticleNotFound(ValueError):
    """A reference given to ``delete_articles`` names no article in the store."""


@dataclass
class IngestReport:
    """What an ingest added to the store, and what it could not."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # id of an article not stored → one line: its file and why
    unread: list[str] = field(default_factory=list)  # one line per file, line or entry that gave no article
    replaced: list[str] = field(default_factory=list)  # ids of earlier versions dropped for edited articles
    remerged: list[str] = field(default_factory=list)  # stored articles re-resolved because a merge lost its source
    triples: int = 0
    events: int = 0
    actors: int = 0
    places: int = 0
    links: int = 0

    def summary(self) -> str:
        text = (f"{len(self.added)} article(s) added, {len(self.skipped)} already in the store, "
                f"{len(self.failed) + len(self.unread)} failed; "
                f"{self.events} events, {self.actors} actors, {self.places} places, {self.links} links, "
                f"{self.triples} triples")
        if self.replaced or self.remerged:
            text += f"; {len(self.replaced)} earlier version(s) replaced, {len(self.remerged)} article(s) re-merged"
        return text


@dataclass
class DeleteReport:
    """What ``delete_articles`` removed, and which remaining articles it re-resolved."""

    removed: list[str] = field(default_factory=list)
    remerged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.removed)} article(s) deleted, {len(self.remerged)} article(s) re-merged"


@dataclass(frozen=True)
class Processed:
    """One article through the pipeline: its mentions, instances and RDF."""

    extraction: Extraction
    resolution: Resolution
    graph: rdflib.Graph


#: The after-write stage of kg.config.PIPELINE: ``step(store, change)`` may return graphs (IRI → rdflib
#: graph, an empty graph drops it) to write in one more transaction, e.g. a derived graph of
#: cross-article instances recomputed from what changed. Run in this order (tests may patch the list).
AFTER_WRITE: list[Callable[[GraphStore, Change], Mapping[str, rdflib.Graph] | None]] = [
    item.function for item in stage("after-write")]


# --- identity and what the store holds ---------------------------------------------------


def identity(article: Article) -> str:
    """What names an article across edits: its URL, else the file it alone came from ("" if neither)."""
    if article.url:
        return article.url
    if article.path and article.format in SINGLE_ARTICLE_FORMATS:
        return Path(article.path).resolve().as_uri()
    return ""


def article_graph(resolution: Resolution) -> rdflib.Graph:
    """The named graph of one resolved article: kg.graph's RDF plus the file it came from."""
    graph_steps = stage("graph")
    graph = graph_steps[0].function(resolution)
    for item in graph_steps[1:]:
        graph += item.function(resolution)
    article = resolution.extraction.article
    if not article.url and identity(article):
        graph.add((article_iri(article.id), DCTERMS.source, rdflib.URIRef(identity(article))))
    return graph


def _sparql_term(value: str) -> str:
    """A URL or file as kg.graph stores it: ``<iri>`` when it is one, else a literal."""
    if "://" in value:
        try:
            return iri_term(value)
        except QueryError:
            pass
    return rdflib.Literal(value).n3()


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _iri_list(iris: Iterable[str], separator: str = " ") -> str:
    return separator.join(map(iri_term, iris))


def _stored_articles(store: GraphStore, graphs: Iterable[str]) -> dict[str, Article]:
    """The articles of these graphs as stored (text, date, title, url, publisher, file)."""
    found: dict[str, Article] = {}
    for chunk in _chunks(sorted(set(graphs))):
        for row in store.select(STORED_ARTICLES % _iri_list(chunk)):
            iri = str(row["article"])
            source = str(row.get("source", ""))
            date = row.get("date")
            found[str(row["g"])] = Article(
                id=iri.removeprefix(ARTICLE_PREFIX), text=str(row["text"]),
                date=parse_date(date, iri) if date else None, title=str(row.get("title", "")),
                source=str(row.get("publisher", "")), url=str(row.get("url", "")),
                path=unquote(urlparse(source).path) if source.startswith("file:") else "")
    return found


def _article_order(article: Article) -> tuple[str, str]:
    """Stored articles are re-resolved oldest first, as a fresh ingest of them by date would."""
    return (article.date.isoformat() if article.date else "", article.id)


def _graphs_by_identity(store: GraphStore, keys: Iterable[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for chunk in _chunks(sorted(set(filter(None, keys)))):
        for row in store.select(BY_IDENTITY % " ".join(_sparql_term(key) for key in chunk)):
            found.setdefault(str(row["key"]), set()).add(str(row["g"]))
    return found


def known_entities(store: GraphStore, *, exclude: Iterable[str] = ()) -> KnownEntities:
    """Actor names and aliases already in the store, so new articles reuse their IRIs.

    ``exclude`` leaves out graphs about to be replaced, so an edited article does not
    resolve against its own earlier version.
    """
    exclude = sorted(set(exclude))
    query = KNOWN_ACTORS_EXCEPT % _iri_list(exclude, ", ") if exclude else KNOWN_ACTORS
    known = KnownEntities()
    for row in store.select(query):
        key = str(row["actor"]).rsplit("/", 1)[1]
        names = [str(name) for name in (row["label"], row.get("alias")) if name]
        for name in names:
            known.actors.setdefault(name.lower(), (key, str(row["label"])))
        if row.get("person"):
            known.remember_person(key, str(row["label"]), names)
    return known


def dependents(store: GraphStore, changed: Iterable[str]) -> set[str]:
    """Graphs whose actors may owe their key or name to the ``changed`` graphs, transitively.

    A graph depends on another when it shares an actor with it and either records that merge
    as "name known from earlier articles" or none of its own mentions spells the actor's key.
    """
    changed = set(changed)
    found: set[str] = set()
    frontier = sorted(changed)
    while frontier:
        spelled: dict[tuple[str, str], bool] = {}
        for chunk in _chunks(frontier):
            for row in store.select(SHARED_ACTORS % _iri_list(chunk)):
                graph, actor = str(row["g"]), str(row["actor"])
                own = slug(str(row["anchor"])) == actor.removeprefix(ACTOR_PREFIX) and row.get("reason") != BORROWED
                spelled[graph, actor] = spelled.get((graph, actor), False) or own
        new = {graph for (graph, _), own in spelled.items() if not own} - changed - found
        found |= new
        frontier = sorted(new)
    return found


# --- running the pipeline ------------------------------------------------------------------


def process(articles: Iterable[Article], *, known: KnownEntities | None = None, workers: int = 1,
            model: str | None = None) -> Iterator[Processed]:
    """Run NLP, resolution and RDF building over articles, in order (no store involved)."""
    nlp = load_pipeline(model or default_settings().spacy_model)
    known = known if known is not None else KnownEntities()
    for extraction in extract_many(articles, nlp, workers=workers):
        resolution = resolve(extraction, known)
        yield Processed(extraction, resolution, article_graph(resolution))


@dataclass
class IngestPlan:
    """What an ingest will do, decided before any NLP runs (shared by the local and Spark engines).

    ``articles`` go through the pipeline in this order with ``known``: first the stored articles
    to re-merge, then the new ones. ``drop`` are graphs of earlier versions, dropped in the same
    transaction; ``replaces`` says which article's earlier versions each is (article IRI → graphs).
    """

    articles: list[Article]
    remerge: set[str]
    drop: set[str]
    known: KnownEntities
    report: IngestReport
    replaces: dict[str, set[str]] = field(default_factory=dict)


def plan_ingest(store: GraphStore, articles: Iterable[Article], *, replace: bool = False,
                progress: Callable[[Article], None] | None = None) -> IngestPlan:
    """Skip articles already stored unchanged, find earlier versions to drop and merges to redo."""
    report = IngestReport()
    batch: dict[str, Article] = {}  # first by id; then by identity, where the last version wins
    for article in articles:
        if article.id in batch:
            report.skipped.append(article.id)
            if progress:
                progress(article)
            continue
        batch[article.id] = article
    by_identity: dict[str, str] = {}
    for article in list(batch.values()):
        key = identity(article)
        if key in by_identity:
            report.skipped.append(by_identity[key])
            superseded = batch.pop(by_identity[key])
            if progress:
                progress(superseded)
        if key:
            by_identity[key] = article.id
    stored = _stored_articles(store, (str(article_iri(a.id)) for a in batch.values()))
    versions = _graphs_by_identity(store, by_identity)
    pending: list[Article] = []
    replaces: dict[str, set[str]] = {}
    changed: set[str] = set()
    for article in batch.values():
        iri = str(article_iri(article.id))
        earlier = versions.get(identity(article), set()) - {iri}
        old = stored.get(iri)
        unchanged = old is not None and (old.text, old.date, old.title) == (article.text, article.date, article.title)
        if unchanged and not replace and not earlier:
            report.skipped.append(article.id)
            if progress:
                progress(article)
            continue
        pending.append(article)
        replaces[iri] = earlier
        changed |= earlier | ({iri} if old is not None and not unchanged else set())
    drop = set().union(*replaces.values())
    report.replaced = sorted(iri.removeprefix(ARTICLE_PREFIX) for iri in drop)
    writing = {str(article_iri(a.id)) for a in pending}
    remerge = dependents(store, changed) - writing - drop if changed else set()
    earlier_articles = sorted(_stored_articles(store, remerge).values(), key=_article_order)
    known = known_entities(store, exclude=drop | remerge | (writing & changed))
    return IngestPlan(earlier_articles + pending, remerge, drop, known, report, replaces)


def record(report: IngestReport, item: Processed, plan: IngestPlan) -> None:
    """Count one processed article into the report (added, or re-merged)."""
    article = item.extraction.article
    if str(article_iri(article.id)) in plan.remerge:
        report.remerged.append(article.id)
        return
    report.added.append(article.id)
    report.events += len(item.resolution.events)
    report.actors += len(item.resolution.actors)
    report.places += len(item.resolution.places)
    report.links += sum(1 for link in event_links(item.resolution) if not link[0].inferred)


#: A named graph written in the same transaction as each ingest or delete and dropped once the
#: ``AFTER_WRITE`` steps are done: found at the next write or when the server opens the store,
#: it means a crash came between the two, and :func:`repair_derived` redoes the steps.
PENDING_GRAPH = str(KGR["graph/pending"])


def pending_marker() -> rdflib.Graph:
    marker = rdflib.Graph()
    marker.add((rdflib.URIRef(PENDING_GRAPH), KGO.derivationPending, rdflib.Literal(True)))
    return marker


def commit(store: GraphStore, graphs: Mapping[str, rdflib.Graph], drop: Iterable[str]) -> int:
    """Write ``graphs`` and drop ``drop`` in one transaction, then run the ``AFTER_WRITE`` steps.

    The transaction also writes the pending marker (:data:`PENDING_GRAPH`), dropped when the steps
    are done, so a crash between the two is repaired by the next write or the next server start.
    """
    repair_derived(store)
    triples, change = write(store, graphs, drop)
    derive(store, change)
    return triples


def write(store: GraphStore, graphs: Mapping[str, rdflib.Graph], drop: Iterable[str]) -> tuple[int, Change]:
    """Write ``graphs`` and drop ``drop`` in one transaction with the pending marker (unless it is
    there already); returns the triples written and the change, for :func:`derive`."""
    everything = {iri: rdflib.Graph() for iri in drop if iri not in graphs} | dict(graphs)
    events = events_in_store(store, everything) | {str(e) for g in graphs.values() for e in events_in_graph(g)}
    marker = {} if store.contains_graph(PENDING_GRAPH) else {PENDING_GRAPH: pending_marker()}
    triples = store.put_graphs(everything | marker) - sum(map(len, marker.values()))
    return triples, Change(tuple(sorted(graphs)), tuple(sorted(set(drop) - set(graphs))), tuple(sorted(events)))


def derive(store: GraphStore, change: Change) -> None:
    """Run the ``AFTER_WRITE`` steps for what was written, then drop the pending marker."""
    run_after_write(store, change)
    store.put_graphs({PENDING_GRAPH: rdflib.Graph()})


def merged(changes: Sequence[Change]) -> Change:
    """Several writes as one change: what the after-write steps need to redo after all of them."""
    written = {iri for change in changes for iri in change.written}
    removed = {iri for change in changes for iri in change.removed} - written
    events = {event for change in changes for event in change.events or ()}
    return Change(tuple(sorted(written)), tuple(sorted(removed)), tuple(sorted(events)))


def repair_derived(store: GraphStore) -> bool:
    """Redo every ``AFTER_WRITE`` step over the whole store if a crash left the pending marker; True if it did."""
    if not store.contains_graph(PENDING_GRAPH):
        return False
    run_after_write(store, Change((), (), None))
    store.put_graphs({PENDING_GRAPH: rdflib.Graph()})
    return True


EVENTS_OF_GRAPHS = SPARQL_HEADER + """SELECT DISTINCT ?e WHERE { VALUES ?g { %s } GRAPH ?g { { ?e a kgo:Event } UNION { ?claim kgo:about ?e } } }"""


def events_in_store(store: GraphStore, graphs: Iterable[str]) -> set[str]:
    """The events the stored graphs ``graphs`` speak of (typed there, or what their claims are about)."""
    found: set[str] = set()
    names = sorted(graphs)
    for start in range(0, len(names), 200):
        found |= {str(row["e"]) for row in store.select(EVENTS_OF_GRAPHS % _iri_list(names[start:start + 200]))}
    return found


def events_in_graph(graph: rdflib.Graph) -> set[rdflib.term.Node]:
    """The events an article graph speaks of (typed there, or what its claims are about)."""
    return set(graph.subjects(rdflib.RDF.type, KGO.Event)) | set(graph.objects(None, KGO.about))


def run_after_write(store: GraphStore, change: Change) -> None:
    """The hook for steps after ingest/delete (event coreference's derived graph, for one)."""
    for step in list(AFTER_WRITE):
        extra = step(store, change)
        if extra:
            store.put_graphs(extra)


def ingest(store: GraphStore, articles: Iterable[Article], *, workers: int = 1, model: str | None = None,
           progress: Callable[[Article], None] | None = None, replace: bool = False,
           atomic: bool = True) -> IngestReport:
    """Add articles to the store (in one transaction unless ``atomic=False``), skipping those stored unchanged.

    An edited article (same URL or file, new content) replaces its earlier version, and
    articles whose merges came from that version are re-resolved, all in the same transaction.
    With ``atomic=False`` each article is written in a transaction of its own (with the earlier
    versions it replaces): one whose write fails goes to ``report.failed`` and the others are
    kept. Either way the after-write steps run once, after the last write.
    """
    repair_derived(store)  # even when every article is already there: a crash may have cut their last ingest short
    plan = plan_ingest(store, articles, replace=replace, progress=progress)
    processed = process(plan.articles, known=plan.known, workers=workers, model=model) if plan.articles else ()
    (_write_all if atomic else _write_each)(store, plan, processed, progress)
    return plan.report


def _advance(progress: Callable[[Article], None] | None, item: Processed, plan: IngestPlan) -> None:
    if progress and str(article_iri(item.extraction.article.id)) not in plan.remerge:
        progress(item.extraction.article)


def _write_all(store: GraphStore, plan: IngestPlan, processed: Iterable[Processed],
               progress: Callable[[Article], None] | None) -> None:
    """Every article in one transaction: a failed write stores none, and says which articles it held."""
    graphs: dict[str, rdflib.Graph] = {}
    for item in processed:
        graphs[str(article_iri(item.extraction.article.id))] = item.graph
        record(plan.report, item, plan)
        _advance(progress, item, plan)
    if graphs or plan.drop:
        try:
            plan.report.triples, change = write(store, graphs, plan.drop)
        except (StoreError, QueryError) as error:
            raise StoreError(f"{_sources(plan.articles)}: not stored: {_first_line(error)}") from None
        derive(store, change)


def _write_each(store: GraphStore, plan: IngestPlan, processed: Iterable[Processed],
                progress: Callable[[Article], None] | None) -> None:
    """Each article in a transaction of its own; the after-write steps once, for all that were written."""
    changes: list[Change] = []
    for item in processed:
        article = item.extraction.article
        iri = str(article_iri(article.id))
        try:
            triples, change = write(store, {iri: item.graph}, plan.replaces.get(iri, ()))
        except (StoreError, QueryError) as error:
            plan.report.failed[article.id] = f"{_source(article)}: not stored: {_first_line(error)}"
            earlier = {old.removeprefix(ARTICLE_PREFIX) for old in plan.replaces.get(iri, ())}
            plan.report.replaced = [old for old in plan.report.replaced if old not in earlier]
        else:
            record(plan.report, item, plan)
            plan.report.triples += triples
            changes.append(change)
        _advance(progress, item, plan)
    if changes:
        derive(store, merged(changes))


def _source(article: Article) -> str:
    """Where an article came from, for an error line: its file or URL, and its id."""
    origin = article.path or article.url
    return f"{origin} (article {article.id})" if origin else f"article {article.id}"


def _sources(articles: Sequence[Article]) -> str:
    """The articles of one transaction, for an error line: one by its source, several by count and the first few."""
    if len(articles) == 1:
        return _source(articles[0])
    shown = ", ".join(_source(article) for article in articles[:3])
    return f"{len(articles)} articles ({shown}{', …' if len(articles) > 3 else ''})"


# --- deleting --------------------------------------------------------------------------


def find_articles(store: GraphStore, reference: str | Path) -> set[str]:
    """Graphs of the articles a reference names: an article id or IRI, a URL, a file or a folder."""
    text = str(reference)
    found: set[str] = set()
    if text.startswith(ARTICLE_PREFIX) or "://" not in text:  # an id, or the name it was made from
        iri = text if text.startswith(ARTICLE_PREFIX) else str(article_iri(article_id(text)))
        found |= set(_stored_articles(store, [iri]))
    keys = [iri_safe(text)] if "://" in text else []
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        keys.append(path.as_uri())
        if path.is_dir():
            folder = rdflib.Literal(path.as_uri().rstrip("/") + "/").n3()
            found |= {str(row["g"]) for row in store.select(UNDER_FOLDER % folder)}
    for graphs in _graphs_by_identity(store, keys).values():
        found |= graphs
    return found


def delete_articles(store: GraphStore, ids_or_paths: Iterable[str | Path], *, workers: int = 1,
                    model: str | None = None) -> DeleteReport:
    """Drop articles (by id, IRI, URL, file or folder) in one transaction, re-merging their dependents.

    Every reference must name at least one stored article, otherwise nothing is deleted.
    """
    report = DeleteReport()
    drop: set[str] = set()
    missing: list[str] = []
    for reference in ids_or_paths:
        found = find_articles(store, reference)
        if not found:
            missing.append(str(reference))
        drop |= found
    if missing:
        raise ArticleNotFound(f"not in the store: {', '.join(missing)}; nothing was deleted")
    remerge = dependents(store, drop)
    earlier = sorted(_stored_articles(store, remerge).values(), key=_article_order)
    known = known_entities(store, exclude=drop | remerge)
    graphs: dict[str, rdflib.Graph] = {}
    for item in process(earlier, known=known, workers=workers, model=model):
        graphs[str(article_iri(item.extraction.article.id))] = item.graph
        report.remerged.append(item.extraction.article.id)
    report.removed = sorted(iri.removeprefix(ARTICLE_PREFIX) for iri in drop)
    if drop:
        commit(store, graphs, drop)
    return report

