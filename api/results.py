"""SPARQL results for the endpoint: evaluated lazily, capped, then serialised.

Oxigraph's result serialisers write everything a query returns, so a result-size cap cannot
sit inside them. Rows are read here instead, through :func:`kg.store.bounded` (which also
checks the deadline), written as SPARQL JSON, and turned into XML, CSV or TSV by Oxigraph's own
serialisers. CONSTRUCT/DESCRIBE triples are capped the same way and written by ``ox.serialize``.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.bounds import bounded

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"


def term_json(term: object) -> dict[str, object]:
    """One RDF term in the SPARQL 1.1 Query Results JSON Format (triple terms as in SPARQL 1.2)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.Literal):
        value: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
            if term.direction is not None:
                value["its:dir"] = str(term.direction)  # "ltr" / "rtl"
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING, RDF_DIR_LANG_STRING):
            value["datatype"] = term.datatype.value
        return value
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject), "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_json(solutions: ox.QuerySolutions, *, max_rows: int | None, deadline: float | None) -> bytes:
    """A SELECT's solutions as SPARQL JSON, stopping with ResultTooLarge / QueryTimeout (kg.store)."""
    names = [variable.value for variable in solutions.variables]
    indexed = list(enumerate(names))
    bindings = []
    for solution in bounded(solutions, max_rows=max_rows, deadline=deadline):
        row = {}
        for index, name in indexed:
            term = solution[index]
            if term is not None:
                row[name] = term_json(term)
        bindings.append(row)
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def serialise(result: ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean,
              chosen: ox.QueryResultsFormat | ox.RdfFormat, *, max_rows: int | None = None,
              deadline: float | None = None) -> bytes:
    """The result of a query in the chosen format, capped at ``max_rows`` rows or triples."""
    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=chosen)
    if isinstance(result, ox.QueryTriples):
        triples = list(bounded(result, max_rows=max_rows, deadline=deadline))
        return ox.serialize(triples, format=chosen)
    document = solutions_json(result, max_rows=max_rows, deadline=deadline)
    if chosen == ox.QueryResultsFormat.JSON:
        return document
    return ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON).serialize(format=chosen)
