"""Real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore) against the running endpoint."""

from __future__ import annotations

import rdflib
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, RDFXML, TURTLE, XML, SPARQLWrapper

PREFIXES = ("PREFIX kgo: <https://w3id.org/newskg/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
SELECT = PREFIXES + "SELECT DISTINCT ?e ?label WHERE { ?e a kgo:Event ; rdfs:label ?label } ORDER BY ?label"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?e rdfs:label ?label } WHERE { ?e a kgo:Event ; rdfs:label ?label }"
ASK = PREFIXES + "ASK { ?e a kgo:DroneStrike }"
LABELS = ["Drone strike in Beirut", "Kerman bombings", "Killing of Qasem Soleimani"]


def wrapper(server, query: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.url + "/sparql")
    sparql.setQuery(query)
    sparql.setTimeout(20)
    return sparql


def test_sparqlwrapper_select_by_get_and_post(server) -> None:
    for method in ("GET", POST):
        sparql = wrapper(server, SELECT)
        sparql.setMethod(method)
        sparql.setReturnFormat(JSON)
        result = sparql.queryAndConvert()
        assert [row["label"]["value"] for row in result["results"]["bindings"]] == LABELS


def test_sparqlwrapper_select_as_xml_and_ask(server) -> None:
    sparql = wrapper(server, SELECT)
    sparql.setReturnFormat(XML)
    document = sparql.queryAndConvert()  # a DOM document
    assert len(document.getElementsByTagName("result")) == 3
    sparql = wrapper(server, ASK)
    sparql.setReturnFormat(JSON)
    assert sparql.queryAndConvert()["boolean"] is True


def test_sparqlwrapper_construct(server, example_union: rdflib.Graph) -> None:
    expected = example_union.query(CONSTRUCT).graph
    sparql = wrapper(server, CONSTRUCT)
    sparql.setReturnFormat(RDFXML)
    graph = sparql.queryAndConvert()
    assert isinstance(graph, rdflib.Graph) and isomorphic(graph, expected)
    sparql = wrapper(server, CONSTRUCT)
    sparql.setReturnFormat(TURTLE)
    turtle = sparql.queryAndConvert()
    assert isomorphic(rdflib.Graph().parse(data=turtle, format="turtle"), expected)


def test_rdflib_sparqlstore_select(server) -> None:
    store = SPARQLStore(query_endpoint=server.url + "/sparql")
    try:
        rows = list(rdflib.Graph(store=store).query(SELECT))
        assert [str(row.label) for row in rows] == LABELS
        assert all(isinstance(row.e, rdflib.URIRef) for row in rows)
    finally:
        store.close()
