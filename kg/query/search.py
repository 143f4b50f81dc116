"""Full-text search over the store: articles, events, actors and places, ranked by BM25 (tantivy).

One document per resource: an article (title, text, publisher, date), an event (its labels, the
names of its places and participants, its mentions' anchors and sentences, the evidence of its
links and claims, its earliest/latest days), an actor or a place (label, aliases, titles, the
place it lies in). Words are stemmed English (``explosions`` finds ``explosion``) with accents
folded. A word in a label weighs three times one in a sentence, an alias or the name of an event's
place or participant twice (``kg search Manchester``: the bombing in Manchester before the city itself).

The index is derived from the store and kept beside it, never inside Oxigraph's RocksDB folder:
``<store>.search/`` (``index/`` is tantivy's, ``state.json`` says which store state it reflects:
the size of every article graph and of the derived instances graph, whose labels it reads).

- Every ingest, delete and replace runs :func:`index_change` (an after-write step of ``kg.config.PIPELINE``,
  registered last): the documents of the resources the written and dropped graphs name, now or
  before (found through the index's own record of each document's graphs), are read again from
  the store and replaced in one tantivy commit; then ``state.json`` records the graphs' new sizes.
- When the index is opened (the first search of a process, a server's start) the store's graph
  sizes are compared with ``state.json``: a graph that differs (a bulk load, a crash between a
  write and this step, an edit made without the pipeline) has its resources re-indexed; a
  missing, unreadable or older-schema index is rebuilt whole.
- Within a process, a store write that did not come through the pipeline (``store.generation``
  moved on) makes the next search compare the sizes again; :func:`forget` (SPARQL updates through
  the API, ``kg merge`` / ``kg split``) makes it rebuild, since an edit may keep every size.

A remote SPARQL store (:class:`kg.store.remote.RemoteStore`) has no search: other clients write to it
behind our back, and its server has full-text features of its own (Virtuoso's ``bif:contains``,
Jena's text index, GraphDB's connectors). An in-memory or read-only store gets an index in memory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from kg.graph import ARTICLE_PREFIX
from kg.derive.instances import INSTANCES_GRAPH
from kg.model import Change
from kg.steps import step
from kg.query import CLASS_NAME, KGO, KGR, local_id, most_specific
from kg.vocab import SPARQL_HEADER
from kg.store import QueryError, Store, StoreError, iri_term
from kg.taxonomy import subclass_pairs

#: bump when the documents or the schema change: an index of another version is rebuilt
VERSION = 1
KINDS = ("event", "article", "actor", "place")
ROUTES = {"event": "/events/", "article": "/articles/", "actor": "/actors/", "place": "/places/"}
CLASSES = ("Event", "Article", "Actor", "Place")
#: the text fields a query searches, and how much a match in each weighs
BOOSTS = {"title": 3.0, "aliases": 2.0, "related": 2.0, "body": 1.0}
SNIPPET_FIELDS = ("body", "title", "aliases", "related")
SNIPPET_CHARS = 200
CHUNK = 400
WRITER_HEAP = 64_000_000
TOKENIZER = "news"


class SearchUnavailable(StoreError):
    """The store cannot be searched (a remote SPARQL endpoint)."""


# --- what a document holds ----------------------------------------------------------------


@dataclass
class Document:
    """One resource as the index sees it."""

    iri: str
    kind: str
    sources: set[str] = field(default_factory=set)  # article graphs that type it
    types: set[str] = field(default_factory=set)  # kgo: class IRIs
    title: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    days: list[str] = field(default_factory=list)  # earliest, latest and publication days (ISO)
    label: str = ""
    type: str = ""

    def tantivy(self) -> tantivy.Document:
        ordinals = [_ordinal(day) for day in self.days]
        ordinals = [day for day in ordinals if day is not None]
        document = tantivy.Document(key=self.iri, kind=self.kind, label=self.label, type_name=self.type,
                                    type=sorted({local_id(t) for t in self.types}), source=sorted(self.sources))
        for name in BOOSTS:
            if getattr(self, name):
                document.add_text(name, _joined(getattr(self, name)))
        if ordinals:
            document.add_integer("earliest", min(ordinals))
            document.add_integer("latest", max(ordinals))
        return document


def _joined(values: Iterable[str]) -> str:
    """Distinct values, in a stable order, one per line (snippets may span two)."""
    return "\n".join(sorted(set(map(str, values))))


def _ordinal(day: str) -> int | None:
    try:
        return dt.date.fromisoformat(str(day)[:10]).toordinal()
    except ValueError:
        return None


#: (field, pattern binding ?v for the resource ?x), per kind
FIELDS = {
    "article": (("title", "?x dcterms:title|rdfs:label ?v"), ("body", "?x kgo:articleText ?v"),
                ("related", "?x kgo:publisher ?v"), ("days", "?x schema:datePublished ?v")),
    "event": (("title", "?x rdfs:label ?v"),
              ("related", "?x kgo:hasPlace|kgo:hasAgent|kgo:hasTarget ?r . ?r rdfs:label ?v"),
              ("body", "?x kgo:hasMention ?m . ?m kgo:sentenceText|kgo:anchorText ?v"),
              ("body", "?l kgo:linkSource|kgo:linkTarget ?x ; kgo:evidence ?v"),
              ("body", "?c kgo:about ?x ; kgo:evidence ?v"),
              ("days", "?x kgo:earliest ?since ; kgo:latest ?until ; kgo:earliest|kgo:latest ?v")),  # a bound alone: no days
    "actor": (("title", "?x rdfs:label ?v"), ("aliases", "?x skos:altLabel ?v"), ("related", "?x kgo:title ?v")),
    "place": (("title", "?x rdfs:label ?v"), ("aliases", "?x skos:altLabel ?v"),
              ("related", "?x kgo:within ?w . ?w rdfs:label ?v")),
}
# one query per class: one for any kgo:Event/Actor/… type reads every rdf:type quad (mentions, links…), twice as slow
TYPED = SPARQL_HEADER + """SELECT DISTINCT ?x ?g ?type WHERE {
  %s
  GRAPH ?g { ?x a kgo:%s ; a ?type }
  FILTER(STRSTARTS(STR(?g), "%s") && STRSTARTS(STR(?type), "%s"))
}"""


def kind_of(iri: str) -> str | None:
    """``event`` for ``kgr:event/x`` and so on; None for anything the index does not hold."""
    kind = iri[len(KGR):].split("/", 1)[0] if iri.startswith(KGR) else ""
    return kind if kind in KINDS else None


def _typed(store, values: str) -> dict[str, Document]:
    """The resources ``values`` selects (a VALUES block on ?x or ?g), with their article graphs and types."""
    found: dict[str, Document] = {}
    for cls in CLASSES:
        for row in store.select(TYPED % (values, cls, ARTICLE_PREFIX, KGO)):
            iri = str(row["x"])
            kind = kind_of(iri)
            if kind is not None:
                document = found.setdefault(iri, Document(iri, kind))
                document.sources.add(str(row["g"]))
                document.types.add(str(row["type"]))
    return found


def _values(name: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{name} {{ {' '.join(map(iri_term, iris))} }}"


def read_documents(store, iris: Iterable[str]) -> list[Document]:
    """The documents of these resources as the store holds them now (absent ones are left out)."""
    documents: dict[str, Document] = {}
    for chunk in _chunked(sorted(set(iris))):
        documents.update(_typed(store, _values("x", chunk)))
    _fill(store, documents)
    return list(documents.values())


def all_documents(store) -> list[Document]:
    """Every resource of every article graph."""
    documents = _typed(store, "")
    _fill(store, documents)
    return list(documents.values())


def _fill(store, documents: dict[str, Document]) -> None:
    """Read each document's fields, one query per field and chunk, and settle label and type.

    One query per pattern: Oxigraph runs a UNION of them under one VALUES block as scans of the
    whole store (minutes on a million triples, against 0.6 s for the separate queries).
    """
    for kind, fields in FIELDS.items():
        iris = sorted(iri for iri, doc in documents.items() if doc.kind == kind)
        for chunk in _chunked(iris):
            for name, pattern in fields:
                for row in store.select(SPARQL_HEADER + f"SELECT DISTINCT ?x ?v WHERE {{ {_values('x', chunk)} {pattern} }}"):
                    getattr(documents[str(row["x"])], name).append(str(row["v"]))
    subclasses = subclass_pairs()
    ordered = list(documents.values())
    for document, specific in zip(ordered, most_specific(store, [doc.types for doc in ordered])):
        document.types |= {sup for sub, sup in subclasses if sub in document.types and sup.startswith(KGO)}
        document.type = local_id(min(specific)) if specific else document.kind.title()
        document.label = min(document.title) if document.title else local_id(document.iri)  # as kg.query picks it


def _chunked(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


# --- the store state an index reflects ------------------------------------------------------

GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { %s GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _indexed_graph(iri: str) -> bool:
    return iri.startswith(ARTICLE_PREFIX) or iri == INSTANCES_GRAPH


def graph_sizes(store, graphs: Iterable[str] | None = None) -> dict[str, int]:
    """Triples per article graph (and in the instances graph): all of them, or of ``graphs``."""
    if graphs is None:
        rows = store.select(GRAPH_SIZES % "")
    else:
        names = sorted(set(graphs))
        rows = [row for chunk in _chunked(names) for row in store.select(GRAPH_SIZES % _values("g", chunk))]
    return {str(row["g"]): int(row["n"]) for row in rows if _indexed_graph(str(row["g"]))}


# --- the index -----------------------------------------------------------------------------


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in ("key", "kind", "type", "source", "label", "type_name"):
        builder.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    for name in BOOSTS:
        builder.add_text_field(name, stored=True, tokenizer_name=TOKENIZER)
    for name in ("earliest", "latest"):
        builder.add_integer_field(name, stored=True, indexed=True, fast=True)
    return builder.build()


def _analyzer() -> tantivy.TextAnalyzer:
    """Words of letters and digits, lower-cased, accents folded, English stems."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer("english")).build())


SCHEMA = _schema()


def index_folder(store_path: Path) -> Path:
    """Where the index of the store at ``store_path`` lives: ``<store>.search`` beside it."""
    return store_path.with_name(store_path.name + ".search")


class SearchIndex:
    """The tantivy index of one open store, and the store state it reflects (``graphs``).

    ``graphs`` is None when unknown (no index yet, or one of another version): the next use
    rebuilds it. ``current`` are the store generations at which it agrees with the store in this
    process (empty: not known yet).
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.lock = threading.RLock()
        self.graphs: dict[str, int] | None = None
        self.current: set[int] = set()
        self.index = self._open()

    def _open(self) -> tantivy.Index:
        if self.folder is None:
            index = tantivy.Index(SCHEMA)
        else:
            state = _read_state(self.folder / "state.json")
            if state is None and self.folder.exists():
                shutil.rmtree(self.folder)  # unreadable, or another version: start again
            (self.folder / "index").mkdir(parents=True, exist_ok=True)
            try:
                index = tantivy.Index(SCHEMA, path=str(self.folder / "index"))
            except ValueError:
                shutil.rmtree(self.folder)
                (self.folder / "index").mkdir(parents=True)
                index, state = tantivy.Index(SCHEMA, path=str(self.folder / "index")), None
            self.graphs = state
        index.register_tokenizer(TOKENIZER, _analyzer())
        index.config_reader(reload_policy="manual")
        return index

    # --- writing -----------------------------------------------------------------------

    def rebuild(self, store) -> int:
        """Index every resource of the store again, in one commit; returns the documents written."""
        with self.lock:
            sizes = graph_sizes(store)  # first: a write meanwhile is then seen as a change
            documents = all_documents(store)
            writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
            writer.delete_all_documents()
            for document in documents:
                writer.add_document(document.tantivy())
            self._commit(writer, sizes)
            return len(documents)

    def update(self, store, graphs: Iterable[str], events: Iterable[str] = ()) -> int:
        """Re-index the resources these graphs name, in the store or in the index, and ``events``."""
        graphs = sorted(set(graphs))
        with self.lock:
            sizes = graph_sizes(store, [*graphs, INSTANCES_GRAPH])
            present = [g for g in graphs if g in sizes]
            targets = set(events) | self._sourced_from(graphs)
            for chunk in _chunked(present):
                targets |= set(_typed(store, _values("g", chunk)))
            documents = read_documents(store, targets)
            writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
            for iri in sorted(targets):
                writer.delete_documents_by_term("key", iri)
            for document in documents:
                writer.add_document(document.tantivy())
            recorded = dict(self.graphs or {})
            for graph in [*graphs, INSTANCES_GRAPH]:
                recorded.pop(graph, None)
            self._commit(writer, recorded | sizes)
            return len(targets)

    def _sourced_from(self, graphs: Sequence[str]) -> set[str]:
        """Resources whose indexed documents came from these graphs (before the write)."""
        searcher = self.index.searcher()
        found: set[str] = set()
        for chunk in _chunked(graphs):
            query = tantivy.Query.term_set_query(SCHEMA, "source", list(chunk))
            total = searcher.search(query, 1, count=True).count
            if total:
                found |= {searcher.doc(address)["key"][0] for _, address in searcher.search(query, total).hits}
        return found

    def _commit(self, writer: tantivy.IndexWriter, sizes: dict[str, int]) -> None:
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.graphs = sizes
        if self.folder is not None:  # after the commit: a crash between the two is seen as a change
            _write_state(self.folder / "state.json", sizes)

    # --- keeping up with the store -------------------------------------------------------

    def catch_up(self, store) -> None:
        """Agree with the store again: rebuild when the state is unknown, else re-index what differs."""
        with self.lock:
            if self.graphs is None:
                self.rebuild(store)
                return
            sizes = graph_sizes(store)
            changed = {g for g in sizes.keys() | self.graphs.keys() if sizes.get(g) != self.graphs.get(g)}
            if len(changed) > max(50, len(sizes) // 2):
                self.rebuild(store)
            elif changed:
                events = _instance_events(store) if INSTANCES_GRAPH in changed else ()
                self.update(store, changed - {INSTANCES_GRAPH}, events)

    def ensure_current(self, store) -> None:
        """Check the index against the store once per process, and again after writes it did not see."""
        with self.lock:
            if store.generation in self.current:
                return
            self.catch_up(store)
            self.current = {store.generation}

    # --- reading -----------------------------------------------------------------------

    def documents(self) -> dict[str, dict[str, list]]:
        """Every document as stored, by IRI (what :func:`expected_documents` computes from the store)."""
        searcher = self.index.searcher()
        hits = searcher.search(tantivy.Query.all_query(), max(searcher.num_docs, 1)).hits
        return {searcher.doc(address)["key"][0]: _plain(searcher.doc(address).to_dict()) for _, address in hits}

    def search(self, text: str, where: SearchFilter, *, limit: int, offset: int) -> dict[str, object]:
        query = self._query(text, where)
        searcher = self.index.searcher()
        result = searcher.search(query, limit, count=True, offset=offset)
        snippets: dict[str, tantivy.SnippetGenerator] = {}
        items = []
        for score, address in result.hits:
            document = searcher.doc(address)
            snippet, highlights = self._snippet(searcher, query, document, snippets)
            iri, kind = document["key"][0], document["kind"][0]
            earliest, latest = document.get_first("earliest"), document.get_first("latest")
            items.append({
                "kind": kind, "id": local_id(iri), "iri": iri, "url": ROUTES[kind] + local_id(iri),
                "label": document.get_first("label"), "type": document.get_first("type_name"),
                "earliest": dt.date.fromordinal(earliest).isoformat() if earliest else None,
                "latest": dt.date.fromordinal(latest).isoformat() if latest else None,
                "score": round(float(score), 4), "snippet": snippet, "highlights": highlights})
        return {"query": text, "total": result.count, "limit": limit, "offset": offset, "items": items}

    def _query(self, text: str, where: SearchFilter) -> tantivy.Query:
        """The words of ``text`` (tantivy's syntax, read leniently) within the filters."""
        words, _errors = self.index.parse_query_lenient(text, default_field_names=list(BOOSTS), field_boosts=BOOSTS,
                                                        conjunction_by_default=True)
        must = [words]
        kinds = where.kinds or KINDS
        must.append(tantivy.Query.term_set_query(SCHEMA, "kind", list(kinds)))
        if where.type:
            if not CLASS_NAME.fullmatch(where.type):
                raise QueryError(f"not an ontology class name: {where.type!r}")
            must.append(tantivy.Query.term_query(SCHEMA, "type", where.type))
        integer = tantivy.FieldType.Integer
        if where.start:  # its last possible day is on or after start
            must.append(tantivy.Query.range_query(SCHEMA, "latest", integer, lower_bound=where.start.toordinal()))
        if where.end:  # its first possible day is on or before end
            must.append(tantivy.Query.range_query(SCHEMA, "earliest", integer, upper_bound=where.end.toordinal()))
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query) for query in must])

    def _snippet(self, searcher, query, document, generators) -> tuple[str, list[list[int]]]:
        """The first field with a match, around its best passage, and where the matched words are in it."""
        for name in SNIPPET_FIELDS:
            if not document.get_first(name):
                continue
            if name not in generators:
                generators[name] = tantivy.SnippetGenerator.create(searcher, query, SCHEMA, name)
                generators[name].set_max_num_chars(SNIPPET_CHARS)
            snippet = generators[name].snippet_from_doc(document)
            if snippet.highlighted():
                return _with_char_offsets(snippet)
        return document.get_first("label") or "", []


def expected_documents(store) -> dict[str, dict[str, list]]:
    """The documents the index should hold for the store as it is now, by IRI."""
    return {document.iri: _plain(document.tantivy().to_dict()) for document in all_documents(store)}


def _plain(fields: dict[str, list]) -> dict[str, list]:
    return {name: sorted(values) for name, values in fields.items() if values}


def _with_char_offsets(snippet: tantivy.Snippet) -> tuple[str, list[list[int]]]:
    """tantivy gives highlights as byte offsets into the fragment: characters, for Python and JSON."""
    text = snippet.fragment()
    encoded = text.encode("utf-8")
    text = text.replace("\n", " ")  # values are one per line: a space keeps every offset
    chars = [[len(encoded[:r.start].decode("utf-8", "ignore")), len(encoded[:r.end].decode("utf-8", "ignore"))]
             for r in snippet.highlighted()]
    return text, chars


def _instance_events(store) -> list[str]:
    rows = store.select(f"SELECT DISTINCT ?e WHERE {{ GRAPH {iri_term(INSTANCES_GRAPH)} {{ ?e ?p ?o }} }}")
    return [str(row["e"]) for row in rows if kind_of(str(row["e"])) == "event"]


def _read_state(path: Path) -> dict[str, int] | None:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("version") != VERSION or not isinstance(state.get("graphs"), dict):
        return None
    return {str(g): int(n) for g, n in state["graphs"].items()}


def _write_state(path: Path, graphs: dict[str, int]) -> None:
    """``state.json`` replaced at once (a rename), so a reader sees the old state or the new one."""
    partial = path.with_name(f".state-{os.getpid()}.json")
    partial.write_text(json.dumps({"version": VERSION, "graphs": dict(sorted(graphs.items()))}), encoding="utf-8")
    os.replace(partial, path)


# --- one index per open store ----------------------------------------------------------------

_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_OPENING = threading.Lock()


def supported(store) -> bool:
    """Whether ``store`` can be searched: the embedded store (on disk or in memory)."""
    return isinstance(store, Store)


def index_for(store) -> SearchIndex:
    """The index of ``store``, opened on first use (SearchUnavailable for a remote store)."""
    if not supported(store):
        raise SearchUnavailable("full-text search needs the embedded store: a SPARQL endpoint is searched "
                                "with its own full-text features")
    with _OPENING:
        found = _INDEXES.get(store)
        if found is None:
            on_disk = store.path is not None and not store.read_only
            found = _INDEXES[store] = SearchIndex(index_folder(store.path) if on_disk else None)
        return found


def open_index(store) -> SearchIndex:
    """The index of ``store``, checked against it (and brought up to date) now."""
    index = index_for(store)
    index.ensure_current(store)
    return index


def forget(store) -> None:
    """The store was changed in a way the index cannot follow (a SPARQL update): rebuild it at its next use."""
    if not supported(store):
        return
    index = index_for(store)
    with index.lock:
        index.graphs, index.current = None, set()
        if index.folder is not None:
            (index.folder / "state.json").unlink(missing_ok=True)


@dataclass(frozen=True)
class SearchFilter:
    """Which documents a search may return: kinds, an ontology class (superclasses match) and dates
    that overlap [start, end] (events' earliest/latest, articles' publication day)."""

    kinds: tuple[str, ...] = ()
    type: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def search(store, text: str, where: SearchFilter = SearchFilter(), *, limit: int = 20,
           offset: int = 0) -> dict[str, object]:
    """The resources that match ``text``, best first, each with a snippet and its API route."""
    unknown = set(where.kinds) - set(KINDS)
    if unknown:
        raise QueryError(f"unknown kind {sorted(unknown)[0]!r}: use {', '.join(KINDS)}")
    if where.start and where.end and where.start > where.end:
        raise QueryError(f"start {where.start} is after end {where.end}")
    return open_index(store).search(text, where, limit=limit, offset=offset)


def rebuild(store) -> int:
    """Index the whole store again (after a bulk load, or by hand); returns the documents written."""
    index = index_for(store)
    with index.lock:
        count = index.rebuild(store)
        index.current = {store.generation}
        return count


@step(requires=["graph/article", "graph/instances"], assigns=["index/search"])
def index_change(store, change: Change) -> None:
    """Re-index what a write touched (registered last: it reads the labels the instances step derives)."""
    if not supported(store):
        return
    index = index_for(store)
    with index.lock:
        graphs = set(change.written) | set(change.removed)
        agreed = bool(index.current)  # with the store before this write
        if index.graphs is None:
            index.rebuild(store)
            agreed = True
        elif change.events is None and not graphs:  # after a crash, or a write that does not say what it did
            index.catch_up(store)
            agreed = True
        else:
            index.update(store, graphs, change.events or ())
        # then it agrees now, and after kg.pipeline drops the pending marker (one more write)
        index.current = {store.generation, store.generation + 1} if agreed else set()
