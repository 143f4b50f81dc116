"""SHACL validation of newskg graphs against ``ontology/shapes.ttl``, with readable results.

The ontology is mixed into a copy of the data before validating, so ``sh:targetClass`` and
``sh:class`` follow ``rdfs:subClassOf``: a node typed only ``kgo:DroneStrike`` is checked as a
``kgo:Event``. No RDFS inference by default: domains and ranges would otherwise *assert* the
very types ``sh:class`` is meant to check (anything used with ``kgo:hasPlace`` would become a
place), hiding mistakes and costing time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import pyshacl
from rdflib import Dataset, Graph
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node, URIRef

from kg.vocab import bind_prefixes, load_ontology, load_shapes

Inference = Literal["none", "rdfs", "owlrl", "both"]


@dataclass(frozen=True)
class Violation:
    """One validation result: which node broke which shape, on which path, and why."""

    focus: str
    path: str
    shape: str  # the node shape (kgs:EventShape…) whose constraint failed, as a CURIE
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        path = self.path or "-"
        return f"{self.focus} {path} [{self.shape}] {self.message}"


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of :func:`validate`: whether the graph conforms, pyshacl's report, one line per result."""

    conforms: bool
    text: str
    results: tuple[str, ...] = ()
    violations: tuple[Violation, ...] = ()


def validate(data: Graph | Dataset, *, inference: Inference = "none") -> ValidationResult:
    """Validate ``data`` (a graph, or the union of a dataset's graphs) against the newskg shapes.

    ``inference="rdfs"`` expands the data with RDFS entailment first (slower, and see the module
    docstring for why it can hide errors); the data passed in is never modified.
    """
    shapes = load_shapes()
    union = _union_with_ontology(data)
    conforms, report, text = pyshacl.validate(
        union,
        shacl_graph=shapes,
        inference=inference,
        inplace=True,  # ``union`` is already our own copy
        abort_on_first=False,
        allow_warnings=False,
    )
    violations = tuple(sorted(_violations(report, shapes, union), key=lambda v: (v.shape, v.focus, v.path, v.message)))
    return ValidationResult(
        conforms=bool(conforms),
        text=str(text),
        results=tuple(str(v) for v in violations),
        violations=violations,
    )


class _PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL text once.

    pyshacl runs a SPARQL constraint once per focus node with the same text, and rdflib parses a
    query string on every call: for a few hundred mentions that parsing alone took seconds.
    """

    def query(self, query_object, processor="sparql", result="sparql", initNs=None, initBindings=None, *args, **kwargs):  # type: ignore[override]  # noqa: N803
        if isinstance(query_object, str) and processor == "sparql" and not initNs:
            # as for a string, the graph's own prefixes are in scope
            query_object = _prepare(query_object, tuple(sorted(self.namespaces())))
        return super().query(query_object, processor, result, initNs, initBindings, *args, **kwargs)


@functools.lru_cache(maxsize=256)
def _prepare(text: str, namespaces: tuple[tuple[str, URIRef], ...]) -> Query:
    """Parse and translate a SPARQL text once; the prepared query is reused with new bindings."""
    return prepareQuery(text, initNs=dict(namespaces))


def _union_with_ontology(data: Graph | Dataset) -> Graph:
    """A fresh graph holding every triple of ``data`` (all named graphs of a dataset) plus the ontology."""
    union = bind_prefixes(_PreparedQueryGraph())
    triples = data.quads((None, None, None, None)) if isinstance(data, Dataset) else data
    for triple in triples:
        union.add(triple[:3])
    for triple in load_ontology():
        union.add(triple)
    for prefix, namespace in data.namespaces():
        union.bind(prefix, namespace, override=False)
    return union


def _violations(report: Graph, shapes: Graph, data: Graph) -> list[Violation]:
    """Turn pyshacl's results graph into :class:`Violation` rows with short names."""
    rows = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        source = report.value(result, SH.sourceShape)
        severity = report.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        shape = _owning_shape(shapes, data, source, focus)
        rows.append(
            Violation(
                focus=_short(data, focus),
                path=_short(data, path) if path is not None else "",
                shape=_short(shapes, shape) if shape is not None else "",
                message="; ".join(messages),
                severity=_short(shapes, severity).removeprefix("sh:") if severity is not None else "Violation",
            )
        )
    return rows


def _owning_shape(shapes: Graph, data: Graph, source: Node | None, focus: Node | None) -> Node | None:
    """The node shape a result comes from; a shared property shape resolves by the focus node's class."""
    if source is None or (source, RDF.type, SH.NodeShape) in shapes:
        return source
    owners = sorted(shapes.subjects(SH.property, source))
    if len(owners) <= 1:
        return owners[0] if owners else source
    classes = _classes_of(data, focus)
    for owner in owners:
        if any(target in classes for target in shapes.objects(owner, SH.targetClass)):
            return owner
    return owners[0]


def _classes_of(data: Graph, node: Node | None) -> set[Node]:
    """Every class ``node`` is an instance of, following ``rdfs:subClassOf`` upwards."""
    classes: set[Node] = set()
    for cls in data.objects(node, RDF.type):
        classes.update(data.transitive_objects(cls, RDFS.subClassOf))
    return classes


def _short(graph: Graph, node: Node) -> str:
    """``kgr:event/x``-style names for IRIs under a bound prefix (readable, if not strict Turtle)."""
    if isinstance(node, URIRef):
        text = str(node)
        matches = [(len(str(ns)), prefix) for prefix, ns in graph.namespaces() if prefix and text.startswith(str(ns))]
        if matches:
            length, prefix = max(matches)
            return f"{prefix}:{text[length:]}"
    return node.n3(graph.namespace_manager)
