"""A store over HTTP: the graph lives in a SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki,
GraphDB, Neptune) and ``RemoteStore`` gives it the interface of :class:`kg.store.Store`.

Reads use the SPARQL 1.1 Protocol and come back as pyoxigraph objects parsed from the server's
SPARQL JSON or N-Triples, so code that calls ``store.query(...)`` and serialises the result (the
API's ``/sparql``) works unchanged. Writes are SPARQL updates, one request per call: replacing
graphs is ``DROP`` + ``INSERT DATA`` in one request, which the server applies atomically as far
as it can (Oxigraph and Virtuoso run one request as one transaction). Bulk loads go through the
Graph Store Protocol when the server has one.

The store's default graph must be the union of its named graphs, as in the embedded store:
Virtuoso, GraphDB and Neptune do that already; for Oxigraph server the union is asked per request
(``union-default-graph``), and Fuseki needs ``unionDefaultGraph`` in its dataset configuration.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Protocol, runtime_checkable

import pyoxigraph as ox
import rdflib

from kg.bounds import syntax_message
from kg.store.local import QUAD_FORMATS, RDF_FORMATS, QueryError, QueryForms, StoreError, ntriples
from kg.vocab import SPARQL_PREFIXES

Graphs = Sequence[str] | None
Result = ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean
ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
ACCEPT_TRIPLES = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5"
# the query form: the first keyword outside IRIs, strings and comments that is not a prefix name
_FORM = re.compile(r'''<[^<>"{}|^`\\\x00-\x20]*> | "(?:[^"\\]|\\.)*" | '(?:[^'\\]|\\.)*' | \#[^\n\r]*
                   | (?P<form>(?<![\w:?$])(?:SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:-]))''', re.IGNORECASE | re.VERBOSE)
# prefix declarations and prefixed names, outside IRIs, strings and comments
_PREFIXED = re.compile(r'''<[^<>"{}|^`\\\x00-\x20]*> | "{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
                       | "(?:[^"\\]|\\.)*" | '(?:[^'\\]|\\.)*' | \#[^\n\r]*
                       | (?<![\w:?$])PREFIX\s+(?P<declared>[A-Za-z][\w.-]*)?\s*:
                       | (?<![\w:?$.-])(?P<used>[A-Za-z][\w.-]*):''', re.IGNORECASE | re.VERBOSE)
EMPTY_GRAPH = "urn:x-newskg:empty"  # names an empty default graph for ``default_graph=[]``
#: graphs Virtuoso creates for itself, kept out of the union and of graph_names()
VIRTUOSO_SYSTEM_GRAPHS = ("http://www.openlinksw.com/", "http://www.w3.org/ns/ldp#", "http://localuriqaserver/",
                          "http://www.w3.org/2002/07/owl#", "virtrdf:")
GRAPHS_PER_REQUEST = 200


@runtime_checkable
class GraphStore(Protocol):
    """What the pipeline, the CLI and the API need from a store: ``kg.store.Store`` and ``RemoteStore``."""

    generation: int

    def put_graphs(self, graphs: Mapping[str, rdflib.Graph]) -> int: ...
    def remove_graphs(self, iris: Iterable[str]) -> None: ...
    def update(self, sparql: str) -> None: ...
    def contains_graph(self, iri: str) -> bool: ...
    def graph_names(self) -> list[str]: ...
    def __len__(self) -> int: ...
    def query(self, sparql: str, *, union: bool = True, default_graph: Graphs = None,
              named_graphs: Graphs = None) -> Result: ...
    def select(self, sparql: str, **options: object) -> list[dict[str, object]]: ...
    def construct(self, sparql: str, **options: object) -> rdflib.Graph: ...
    def dump(self, out: IO[bytes], fmt: str = "trig") -> None: ...
    def dumps(self, fmt: str = "trig") -> bytes: ...
    def dataset(self) -> rdflib.Dataset: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class Endpoints:
    """Where a server answers queries, updates and Graph Store Protocol requests."""

    query: str
    update: str
    graph_store: str = ""


def endpoints_for(url: str, server: str = "") -> Endpoints:
    """The usual layout of each server, from its query URL and its ``Server`` header.

    Oxigraph: /query, /update, /store. Fuseki: /ds/query or /ds/sparql, /ds/update, /ds/data.
    Virtuoso: /sparql for both, /sparql-graph-crud (the -auth variants with credentials).
    GraphDB and RDF4J: /repositories/R, /repositories/R/statements, …/rdf-graphs/service.
    """
    base, _, last = url.rstrip("/").rpartition("/")
    if "oxigraph" in server.lower() or (last == "query" and not server):
        return Endpoints(url, f"{base}/update", f"{base}/store")
    if "virtuoso" in server.lower() or last in ("sparql-auth",):
        crud = "sparql-graph-crud-auth" if last.endswith("-auth") else "sparql-graph-crud"
        return Endpoints(url, url, f"{base}/{crud}")
    if "fuseki" in server.lower() or "jena" in server.lower():
        return Endpoints(url, f"{base}/update", f"{base}/data")
    if "/repositories/" in url:
        return Endpoints(url, f"{url.rstrip('/')}/statements", f"{url.rstrip('/')}/rdf-graphs/service")
    return Endpoints(url, url)


class RemoteStore(QueryForms):
    """A SPARQL 1.1 server as a store, with the same methods as :class:`kg.store.Store`.

    ``url`` is the query endpoint; credentials may sit in it (``http://user:pass@host/sparql-auth``)
    and are sent with HTTP Basic or Digest auth, as the server asks. ``update_url`` and
    ``graph_store_url`` override the layout guessed from the server's ``Server`` header.
    ``generation`` counts the writes made through this object only: other clients may write too.
    """

    path = None
    read_only = False

    def __init__(self, url: str, *, update_url: str | None = None, graph_store_url: str | None = None,
                 user: str | None = None, password: str | None = None, timeout: float = 120.0) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"not a SPARQL endpoint URL: {url!r}")
        user = user or (urllib.parse.unquote(parts.username) if parts.username else None)
        password = password or (urllib.parse.unquote(parts.password) if parts.password else None)
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        self.endpoint = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        self.timeout = timeout
        self.generation = 0
        self._passwords: urllib.request.HTTPPasswordMgrWithDefaultRealm | None = None
        if user:
            self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            self._passwords.add_password(None, f"{parts.scheme}://{netloc}/", user, password or "")  # every endpoint
        self.server = self._probe()
        guessed = endpoints_for(self.endpoint, self.server)
        self.endpoints = Endpoints(self.endpoint, update_url or guessed.update,
                                   graph_store_url if graph_store_url is not None else guessed.graph_store)
        self._excluded: tuple[str, ...] = ()
        if "virtuoso" in self.server.lower():
            self._excluded = tuple(g for g in self._all_graph_names() if g.startswith(VIRTUOSO_SYSTEM_GRAPHS))

    # --- HTTP ------------------------------------------------------------------------

    def _request(self, url: str, fields: list[tuple[str, str]] | None = None, *, method: str = "POST",
                 body: bytes | None = None, content_type: str = "", accept: str = ACCEPT_RESULTS) -> tuple[bytes, str, dict]:
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode("utf-8")
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        request.add_header("Accept", accept)
        try:
            with self._opener().open(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", ""), dict(response.headers)
        except urllib.error.HTTPError as error:
            message = _first_line(error.read().decode("utf-8", "replace")) or error.reason
            if error.code == 400:  # Oxigraph server's parser lists every token it expected
                raise QueryError(syntax_message(message)) from None
            raise StoreError(f"the SPARQL server at {self.endpoint} answered {error.code}: {message}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"cannot reach the SPARQL server at {self.endpoint}: {reason}") from None

    def _opener(self) -> urllib.request.OpenerDirector:
        """A new opener per request: urllib's auth handlers keep per-handler retry counts that a
        failed request never resets (and threads would share), so after a few server errors every
        Digest request would fail."""
        if self._passwords is None:
            return urllib.request.build_opener()
        return urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(self._passwords),
                                           urllib.request.HTTPDigestAuthHandler(self._passwords))

    def _probe(self) -> str:
        """Check the endpoint answers, and learn which server it is."""
        _, _, headers = self._request(self.endpoint, [("query", "ASK { }")])
        return next((value for key, value in headers.items() if key.lower() == "server"), "")

    def _virtuoso_defines(self, union: bool) -> str:
        """Keep Virtuoso's system graphs out of the union default graph (one line: error positions stay right).

        Only the default graph: Virtuoso 7.2's ``named-graph-exclude`` makes ``ASK { GRAPH <g> {…} }``
        true for any g, so named graphs are filtered by graph_names() and __len__ instead.
        """
        if not (union and self._excluded):
            return ""
        return " ".join(f"define input:default-graph-exclude <{iri}>" for iri in self._excluded) + " "

    # --- reading ---------------------------------------------------------------------

    def query(self, sparql: str, *, union: bool = True, default_graph: Graphs = None,
              named_graphs: Graphs = None) -> Result:
        """Run a SPARQL 1.1 query on the server; by default over the union of all graphs."""
        for iri in (*(default_graph or ()), *(named_graphs or ())):
            _graph_iri(iri)
        fields = [("query", self._virtuoso_defines(union and default_graph is None) + declare_prefixes(sparql))]
        if default_graph is not None:
            fields += [("default-graph-uri", iri) for iri in (default_graph or [EMPTY_GRAPH])]
        elif union and "oxigraph" in self.server.lower():
            fields.append(("union-default-graph", ""))
        if named_graphs is not None:
            fields += [("named-graph-uri", iri) for iri in (named_graphs or [EMPTY_GRAPH])]
        form = query_form(sparql)
        accept = ACCEPT_TRIPLES if form in ("CONSTRUCT", "DESCRIBE") else ACCEPT_RESULTS
        body, content_type, headers = self._request(self.endpoint, fields, accept=accept)
        _check_not_truncated(headers)
        result = parse_result(body, content_type)
        if form == "ASK" and isinstance(result, ox.QuerySolutions):
            result = _as_boolean(result)  # Virtuoso answers a POSTed ASK as one row of __ASK_RETVAL
        return result

    def _all_graph_names(self) -> list[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return sorted(row["g"].value for row in result if isinstance(row["g"], ox.NamedNode))

    def graph_names(self) -> list[str]:
        return [g for g in self._all_graph_names() if g not in self._excluded]

    def contains_graph(self, iri: str) -> bool:
        return self.ask(f"ASK {{ GRAPH <{_iri(iri)}> {{ ?s ?p ?o }} }}", union=False)

    def __len__(self) -> int:
        hidden = f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in self._excluded)}))" if self._excluded else ""
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {hidden} }}", union=False)
        return int(rows[0]["n"]) if rows else 0

    def quads(self, graphs: Iterable[str] | None = None) -> Iterator[ox.Quad]:
        """Every quad of the named graphs (all by default), a batch of graphs per request."""
        names = sorted(graphs) if graphs is not None else self.graph_names()
        for start in range(0, len(names), GRAPHS_PER_REQUEST):
            values = " ".join(f"<{_iri(g)}>" for g in names[start:start + GRAPHS_PER_REQUEST])
            result = self.query(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                                union=False)
            for row in result:
                yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def dump(self, out: IO[bytes], fmt: str = "trig") -> None:
        """Serialise the whole dataset: quads formats keep one graph per article, triple formats the union."""
        rdf_format = _rdf_format(fmt)
        if rdf_format in QUAD_FORMATS:
            ox.serialize(self.quads(), out, rdf_format)
            return
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads()}
        ox.serialize(sorted(triples, key=str), out, rdf_format)

    # --- writing ---------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update (one request: one transaction on servers that support it)."""
        try:
            self._request(self.endpoints.update, [("update", declare_prefixes(sparql))])
        finally:
            self.generation += 1

    def put_graphs(self, graphs: Mapping[str, rdflib.Graph]) -> int:
        """Replace the named graphs ``graphs`` (an empty graph drops it) in one update request."""
        if not graphs:
            return 0
        parts: list[str] = []
        count = 0
        for iri, graph in graphs.items():
            parts.append(f"DROP SILENT GRAPH <{_iri(iri)}>")
            if len(graph):
                body = ntriples(iri, graph)
                parts.append(f"INSERT DATA {{ GRAPH <{_iri(iri)}> {{\n{body}\n}} }}")
                count += len(graph)
        self.update(" ;\n".join(parts))
        return count

    def remove_graphs(self, iris: Iterable[str]) -> None:
        drops = [f"DROP SILENT GRAPH <{_iri(iri)}>" for iri in iris]
        if drops:
            self.update(" ;\n".join(drops))

    def load(self, data: bytes | str | IO[bytes], fmt: str = "nq", *, bulk: bool = False) -> None:
        """Add RDF (quads keep their graphs): one update request, or with ``bulk`` one Graph Store
        Protocol POST per graph (faster for big dumps, not atomic)."""
        rdf_format = _rdf_format(fmt)
        source = data.encode("utf-8") if isinstance(data, str) else data
        by_graph: dict[str, list[ox.Triple]] = {}
        try:
            for quad in ox.parse(source, rdf_format):
                name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
                by_graph.setdefault(name, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
        except SyntaxError as error:
            raise StoreError(f"cannot load the RDF: {_first_line(str(error))}") from None
        if bulk and self.endpoints.graph_store:
            for name, triples in by_graph.items():
                target = (f"{self.endpoints.graph_store}?graph={urllib.parse.quote(name, safe='')}" if name
                          else f"{self.endpoints.graph_store}?default")
                self._request(target, method="POST", body=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
                              content_type="application/n-triples", accept="*/*")
            self.generation += 1
            return
        parts = []
        for name, triples in by_graph.items():
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
            parts.append(f"INSERT DATA {{ GRAPH <{_iri(name)}> {{\n{body}\n}} }}" if name else f"INSERT DATA {{\n{body}\n}}")
        if parts:
            self.update(" ;\n".join(parts))

    def close(self) -> None:
        """Nothing to release (one HTTP request per call); kept for the Store interface."""

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r}, server={self.server!r})"


def declare_prefixes(sparql: str) -> str:
    """``sparql`` with a PREFIX line for each of our prefixes it uses and does not declare: a server knows
    none of them. They go on its first line, so a server's error positions stay right after it."""
    declared: set[str] = set()
    used: dict[str, None] = {}
    for match in _PREFIXED.finditer(sparql):
        if match.group("declared") is not None:
            declared.add(match.group("declared"))
        elif match.group("used") in SPARQL_PREFIXES:
            used[match.group("used")] = None
    return "".join(f"PREFIX {name}: <{SPARQL_PREFIXES[name]}> " for name in used if name not in declared) + sparql


def query_form(sparql: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: which kind of answer to ask the server for."""
    return next((m.group("form").upper() for m in _FORM.finditer(sparql) if m.group("form")), "SELECT")


def parse_result(body: bytes, content_type: str) -> Result:
    """A server's answer as pyoxigraph results: SPARQL JSON/XML/CSV/TSV, or RDF as ``QueryTriples``."""
    media = content_type.split(";", 1)[0].strip().lower() or "application/sparql-results+json"
    results_format = ox.QueryResultsFormat.from_media_type(media)
    if results_format is not None:
        try:
            return ox.parse_query_results(body, format=results_format)
        except SyntaxError as error:
            raise StoreError(f"unreadable SPARQL results: {_first_line(str(error))}") from None
    rdf_format = ox.RdfFormat.N_TRIPLES if media == "text/plain" else ox.RdfFormat.from_media_type(media)
    if rdf_format is None:
        raise StoreError(f"the SPARQL server answered {media!r}, which is neither SPARQL results nor RDF")
    # QueryTriples only come out of a query: load the triples into a scratch store and ask it for them all.
    scratch = ox.Store()
    try:
        scratch.load(body, rdf_format, to_graph=ox.DefaultGraph())
    except SyntaxError as error:
        raise StoreError(f"unreadable RDF from the SPARQL server: {_first_line(str(error))}") from None
    return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")


def _as_boolean(solutions: ox.QuerySolutions) -> ox.QueryBoolean:
    row = next(iter(solutions), None)
    value = row[0] if row is not None and len(solutions.variables) else None
    answer = value is not None and value.value.lower() in ("1", "true")
    return ox.parse_query_results(json.dumps({"head": {}, "boolean": answer}).encode(), ox.QueryResultsFormat.JSON)


def _check_not_truncated(headers: dict) -> None:
    """Virtuoso cuts results at ResultSetMaxRows and only says so in a header: refuse partial answers."""
    for key, value in headers.items():
        if key.lower() == "x-sparql-maxrows":
            raise StoreError(f"the SPARQL server truncated the results at {value} rows: raise its "
                             "ResultSetMaxRows (virtuoso.ini [SPARQL]) or narrow the query")


def _rdf_format(fmt: str) -> ox.RdfFormat:
    rdf_format = RDF_FORMATS.get(fmt.lower())
    if rdf_format is None:
        raise StoreError(f"unknown RDF format {fmt!r}: use one of {', '.join(sorted(RDF_FORMATS))}")
    return rdf_format


def _graph_iri(iri: str) -> None:
    """Refuse a graph IRI the way the embedded store does, before the server words it its own way."""
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise QueryError(f"invalid graph IRI: {_first_line(str(error))}") from None


def _iri(iri: str) -> str:
    """An IRI safe to put between <> in SPARQL text."""
    if any(c in iri for c in '<>"{}|^`\\ \n\t'):
        raise QueryError(f"invalid graph IRI {iri!r}")
    return iri


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.strip().splitlines() if line.strip()), "")

