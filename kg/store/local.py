"""The embedded store: an on-disk Oxigraph dataset with one named graph per article.

rdflib builds and serialises graphs; Oxigraph keeps them and answers SPARQL. Every write is
one Oxigraph transaction, so a failed or killed ingest leaves the store exactly as it was.

The default graph holds the union of the article graphs, kept up to date by every write made
here, and queries read it. Oxigraph's own union mode (``use_default_graph_as_union``) repeats a
triple once per graph that states it, and the graph restates actors, places and events in every
article that mentions them, so its joins blow up: on a million triples a two-hop aggregation
takes ~100x longer than over the materialised union. The union is a set (an RDF merge), so
every triple comes once. A store written before this existed gets its union on first open
(read-only stores fall back to Oxigraph's union mode).
"""

from __future__ import annotations

import abc
import io
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import rdflib

from kg.bounds import QueryError, QueryTimeout, ResultTooLarge, StoreError, bounded, syntax_message
from kg.bounds import first_line as _first_line
from kg.vocab import SPARQL_PREFIXES


Graphs = Sequence[str] | None
XSD = "http://www.w3.org/2001/XMLSchema#"

#: rdflib-style format names and media types → Oxigraph's serialisers
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG}
#: re-derives the default graph as the union of the named graphs (after writes that may touch any)
DERIVE_UNION = "DROP SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def _literal_to_python(term: ox.Literal) -> object:
    datatype = term.datatype.value
    text = term.value
    try:
        if datatype in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger"):
            return int(text)
        if datatype in (XSD + "double", XSD + "float"):
            return float(text)
        if datatype == XSD + "decimal":
            return float(Decimal(text))
        if datatype == XSD + "boolean":
            return text in ("true", "1")
    except ValueError:
        pass
    return text


def term_to_python(term: object) -> object:
    """An Oxigraph term as a plain Python value: IRIs and strings as str, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return _literal_to_python(term)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value  # NamedNode


def _ox_term(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store RDF term {term!r}")


def to_quads(graph_iri: str, graph: rdflib.Graph, *, union: bool = False) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as Oxigraph quads in the named graph ``graph_iri``.

    ``union=True`` also yields each triple in the default graph (the store's materialised union).
    """
    name, default = ox.NamedNode(graph_iri), ox.DefaultGraph()
    iris: dict[rdflib.URIRef, ox.NamedNode] = {}  # an article's graph names few IRIs many times

    def term(node: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if type(node) is not rdflib.URIRef:
            return _ox_term(node)
        found = iris.get(node)
        if found is None:
            found = iris[node] = _ox_term(node)
        return found

    for s, p, o in graph:
        triple = term(s), term(p), term(o)
        yield ox.Quad(*triple, name)
        if union:
            yield ox.Quad(*triple, default)


def ntriples(iri: str, graph: rdflib.Graph) -> str:
    """A graph's triples as N-Triples, the body of an INSERT DATA (local and remote stores); a term that cannot
    be written is a :class:`StoreError` naming the graph."""
    try:
        return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    except Exception as error:  # rdflib raises plain Exception for unserialisable terms
        raise StoreError(f"cannot store graph {iri}: {_first_line(error)}") from None


def nquads(graphs: Mapping[str, rdflib.Graph]) -> bytes:
    """Named graphs as N-Quads, each triple in its graph and in the default graph (the store's materialised
    union): what one transactional load writes. Each graph is serialised once, its lines written twice,
    and Oxigraph parses them in Rust: half the time of building a Python quad object per triple."""
    lines: list[str] = []
    for iri, graph in graphs.items():
        name = f" {iri_term(iri)} .\n"
        triples = [line[:-2] for line in ntriples(iri, graph).splitlines() if line.endswith(" .")]
        lines += [triple + name for triple in triples]
        lines += [triple + " .\n" for triple in triples]
    return "".join(lines).encode("utf-8")


def iri_term(iri: str) -> str:
    """``<iri>`` for a SPARQL text; QueryError when it is not an IRI (so nothing can be injected)."""
    try:
        return str(ox.NamedNode(iri))
    except ValueError:
        raise QueryError(f"not a valid IRI: {iri!r}") from None


def _drop_from_union(iri: str) -> str:
    """An update removing a graph's triples from the default graph unless another graph states them."""
    term = iri_term(iri)
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {term} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {term}) }} }} ;\n"
            f"DROP SILENT GRAPH {term}")


class QueryForms(abc.ABC):
    """SELECT, ASK and CONSTRUCT results as Python values, and dumps, over a store's ``query`` and ``dump``.

    Shared by :class:`Store` and :class:`kg.store.remote.RemoteStore`, which differ only in how they
    run a query and stream a dump.
    """

    @abc.abstractmethod
    def query(self, sparql: str, **dataset: Graphs) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query (``dataset``: which graphs it sees)."""

    @abc.abstractmethod
    def dump(self, out: IO[bytes], fmt: str = "trig") -> None:
        """Serialise the whole dataset to ``out``."""

    def select(self, sparql: str, *, max_rows: int | None = None, deadline: float | None = None,
               **dataset: Graphs) -> list[dict[str, object]]:
        """A SELECT query's rows as dicts of plain Python values (unbound variables omitted).

        ``max_rows`` and ``deadline`` (a ``time.monotonic()`` value) stop reading results with
        ``ResultTooLarge`` / ``QueryTimeout``; ``dataset`` takes ``query``'s graph arguments.
        """
        result = self.query(sparql, **dataset)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{name: term_to_python(row[name]) for name in names if row[name] is not None}
                for row in bounded(result, max_rows=max_rows, deadline=deadline)]

    def ask(self, sparql: str, **dataset: Graphs) -> bool:
        """An ASK query's answer."""
        result = self.query(sparql, **dataset)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, sparql: str, *, max_rows: int | None = None, deadline: float | None = None,
                  **dataset: Graphs) -> rdflib.Graph:
        """A CONSTRUCT/DESCRIBE query's triples as an rdflib graph (capped like :meth:`select`)."""
        result = self.query(sparql, **dataset)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        triples = list(bounded(result, max_rows=max_rows, deadline=deadline))
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        graph = rdflib.Graph()
        graph.parse(data=data, format="nt")
        return graph

    def dumps(self, fmt: str = "trig") -> bytes:
        buffer = io.BytesIO()
        self.dump(buffer, fmt)
        return buffer.getvalue()

    def dataset(self) -> rdflib.Dataset:
        """The whole store as an rdflib Dataset (for SHACL validation and small exports)."""
        data = rdflib.Dataset()
        data.parse(data=self.dumps("nq"), format="nquads")
        return data


class Store(QueryForms):
    """An Oxigraph dataset on disk (or in memory when ``path`` is None).

    ``generation`` counts the writes made through this object, so callers can cache what they
    computed from the store until the next write (no other process can write while it is open).
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.generation = 0
        self._write_lock = threading.Lock()
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path}: run 'kg ingest' first")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)  # "--store runs/2026/kg" like mkdir -p
                self._store = ox.Store(str(self.path))
        except OSError as error:
            reason = _first_line(error)
            if "lock" in reason.lower():
                reason = "it is in use by another process (a running 'kg serve' or 'kg ingest'?)"
            raise StoreError(f"cannot open the store at {self.path}: {reason}") from None
        self._union_mode = False  # True: no materialised union, ask Oxigraph for its union mode
        if self._lacks_union():
            if read_only:
                self._union_mode = True
            else:
                self._update(DERIVE_UNION)

    def _lacks_union(self) -> bool:
        """Named graphs but an empty default graph: a store from before the union was kept."""
        has_default = next(iter(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
        return has_default is None and next(iter(self._store.named_graphs()), None) is not None

    # --- writing -------------------------------------------------------------------

    def put_graphs(self, graphs: Mapping[str, rdflib.Graph]) -> int:
        """Replace the named graphs ``graphs`` in one transaction; returns the triples written.

        New graphs go in as one atomic batch of quads; when some already exist, each is dropped
        and re-inserted inside the same SPARQL update. Either way readers see the old state or
        the new one, and a crash midway changes nothing.
        """
        if not graphs:
            return 0
        with self._write_lock:
            if not any(self.contains_graph(iri) for iri in graphs):
                return self._add_new_graphs(graphs)
            return self._replace_graphs(graphs)

    def _add_new_graphs(self, graphs: Mapping[str, rdflib.Graph]) -> int:
        data = nquads(graphs)
        try:
            self._store.load(data, format=ox.RdfFormat.N_QUADS)  # one transaction
            self._store.flush()
        except SyntaxError as error:  # a term Oxigraph refuses (an IRI with spaces…): nothing was written
            raise StoreError(f"cannot store the graphs: {_first_line(error)}") from None
        except (OSError, RuntimeError, ValueError) as error:
            raise StoreError(f"write failed, nothing was changed: {_first_line(error)}") from None
        self.generation += 1
        return sum(len(graph) for graph in graphs.values())

    def _replace_graphs(self, graphs: Mapping[str, rdflib.Graph]) -> int:
        parts: list[str] = []
        count = 0
        for iri, graph in graphs.items():
            parts.append(_drop_from_union(iri) + " ;")
            if len(graph):
                body = ntriples(iri, graph)
                parts.append(f"INSERT DATA {{ GRAPH {iri_term(iri)} {{\n{body}\n}} }} ;")
                parts.append(f"INSERT DATA {{\n{body}\n}} ;")
                count += len(graph)
        self._update("\n".join(parts).rstrip(" ;"))
        return count

    def remove_graphs(self, iris: Iterable[str]) -> None:
        """Drop named graphs, and their triples from the union unless another graph states them (one transaction)."""
        drops = [_drop_from_union(iri) for iri in iris]
        if drops:
            with self._write_lock:
                self._update(" ;\n".join(drops))

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update as one transaction, the union re-derived at its end.

        Updates write named graphs (``GRAPH <…>``); the default graph is the union of them, so a
        triple written to it directly does not outlive the update. Re-deriving reads the whole
        store: fine for edits, slow for bulk work (use ``put_graphs`` / ``load`` for that).
        Our prefixes need no PREFIX line, as in :meth:`query`.
        """
        text = sparql.rstrip()
        while text.endswith(";"):
            text = text[:-1].rstrip()
        with self._write_lock:
            self._update(f"{text}\n;\n{DERIVE_UNION}" if text else DERIVE_UNION)

    def _update(self, sparql: str) -> None:
        try:
            self._store.update(sparql, prefixes=SPARQL_PREFIXES)
        except SyntaxError as error:
            raise QueryError(syntax_message(error)) from None
        except (OSError, RuntimeError, ValueError) as error:
            raise StoreError(f"write failed, nothing was changed: {_first_line(error)}") from None
        finally:
            self.generation += 1  # a failed update changed nothing, but caches are cheap to refill
        self._store.flush()

    def load(self, data: bytes | str | Path | IO[bytes], fmt: str = "nq", *, bulk: bool = False) -> None:
        """Add an RDF file or bytes (quads formats keep their graphs) to the store.

        By default one transaction (the whole input is held in memory); ``bulk=True`` streams a
        large dump in with Oxigraph's bulk loader, which is faster but not atomic: use it only
        to fill a new store.
        """
        rdf_format = RDF_FORMATS.get(fmt.lower())
        if rdf_format is None:
            raise StoreError(f"unknown RDF format {fmt!r}: use one of {', '.join(sorted(RDF_FORMATS))}")
        source: dict[str, object] = ({"path": str(data)} if isinstance(data, Path) else {"input": data})
        with self._write_lock:
            try:
                (self._store.bulk_load if bulk else self._store.load)(format=rdf_format, **source)
                if bulk:  # stream the union in too, without holding it in one transaction
                    self._store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                                            for q in self._store.quads_for_pattern(None, None, None)
                                            if not isinstance(q.graph_name, ox.DefaultGraph))
                else:
                    self._store.update(DERIVE_UNION)
                self._store.flush()
                if bulk:  # compact now rather than under the first queries (Oxigraph's advice after a batch load)
                    self._store.optimize()
            except SyntaxError as error:
                raise StoreError(f"cannot load the RDF: {_first_line(error)}") from None
            except (OSError, RuntimeError, ValueError) as error:
                raise StoreError(f"load failed: {_first_line(error)}") from None
            finally:
                self.generation += 1

    def snapshot(self, target: str | Path) -> None:
        """A consistent copy of the store at ``target`` (a new folder) that another process may open read-only.

        On disk it is a RocksDB checkpoint (hard links when on the same disk: milliseconds); an
        in-memory or read-only store is copied quad by quad.
        """
        try:
            with self._write_lock:  # RocksDB copies the live write-ahead log: no write may run meanwhile
                if self.path is not None and not self.read_only:
                    self._store.backup(str(target))
                    return
                copy = ox.Store(str(target))
                copy.bulk_extend(self._store.quads_for_pattern(None, None, None))
                copy.flush()
                del copy
        except (OSError, RuntimeError) as error:
            raise StoreError(f"cannot snapshot the store: {_first_line(error)}") from None

    @property
    def union_mode(self) -> bool:
        """True when the store has no materialised union and queries use Oxigraph's union mode."""
        return self._union_mode

    # --- reading -------------------------------------------------------------------

    def contains_graph(self, iri: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(iri))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        """Quads in the named graphs (the union's copies are not counted)."""
        (row,) = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(row["n"])

    def query(self, sparql: str, *, union: bool = True, default_graph: Graphs = None,
              named_graphs: Graphs = None) -> ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean:
        """Run a SPARQL 1.1 query; by default the default graph is the union of all articles.

        Our prefixes (``kg.vocab.SPARQL_PREFIXES``) need no PREFIX line; a syntax error is one short line.

        ``default_graph`` / ``named_graphs`` (graph IRIs) set the dataset instead, as the SPARQL
        Protocol's ``default-graph-uri`` / ``named-graph-uri`` do: they win over the query's own
        FROM / FROM NAMED, and an empty list means an empty default graph or no named graphs.
        """
        options: dict[str, object] = {}
        if default_graph is not None:
            options["default_graph"] = _graph_nodes(default_graph)
        elif union and self._union_mode:
            options["use_default_graph_as_union"] = True
        if named_graphs is not None:
            options["named_graphs"] = _graph_nodes(named_graphs)
        try:
            return self._store.query(sparql, prefixes=SPARQL_PREFIXES, **options)
        except SyntaxError as error:
            raise QueryError(syntax_message(error)) from None
        except OSError as error:
            raise StoreError(f"query failed: {_first_line(error)}") from None

    def dump(self, out: IO[bytes], fmt: str = "trig") -> None:
        """Serialise the whole dataset: quads formats keep one graph per article, triple formats the union."""
        rdf_format = RDF_FORMATS.get(fmt.lower())
        if rdf_format is None:
            raise StoreError(f"unknown RDF format {fmt!r}: use one of {', '.join(sorted(RDF_FORMATS))}")
        if rdf_format in QUAD_FORMATS:  # the article graphs, not the union's copies
            ox.serialize((quad for quad in self._store.quads_for_pattern(None, None, None)
                          if not isinstance(quad.graph_name, ox.DefaultGraph)), out, rdf_format)
            return
        triples = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        triples.serialize(out, rdf_format)

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            try:
                self._store.flush()
            except OSError:
                pass
        del self._store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _graph_nodes(iris: Sequence[str]) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(iri) for iri in iris]
    except ValueError as error:
        raise QueryError(f"invalid graph IRI: {_first_line(error)}") from None


class Limited:
    """A read-only view of a store whose queries stop past ``max_rows`` results or ``timeout`` seconds.

    It has the ``select`` / ``ask`` / ``construct`` of :class:`Store` (what :mod:`kg.query` uses), so
    a server can hand it to shared query functions and bound all their queries at once. The deadline
    is checked before each query and while results are read.
    """

    def __init__(self, store: Store, *, max_rows: int | None = None, timeout: float | None = None) -> None:
        self.store = store
        self.max_rows = max_rows
        self.deadline = time.monotonic() + timeout if timeout is not None else None

    def _check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise QueryTimeout("the query ran past its time limit")

    def select(self, sparql: str, **dataset: Graphs) -> list[dict[str, object]]:
        self._check()
        return self.store.select(sparql, max_rows=self.max_rows, deadline=self.deadline, **dataset)

    def ask(self, sparql: str, **dataset: Graphs) -> bool:
        self._check()
        return self.store.ask(sparql, **dataset)

    def construct(self, sparql: str, **dataset: Graphs) -> rdflib.Graph:
        self._check()
        return self.store.construct(sparql, max_rows=self.max_rows, deadline=self.deadline, **dataset)

    def __len__(self) -> int:
        return len(self.store)
