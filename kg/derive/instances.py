"""The derived instances graph: what no single article can say about an event many articles report.

Events dated to the day and placed in a city are keyed by content (``kg.resolve``), so every
article that reports them names the same IRI and adds its own mentions, types, roles and
claims in its own named graph. Their single-valued facts must then agree across graphs: time
and confidence follow from the key, and the rest lives in one derived named graph, redone
after each ingest or delete for the events the write touched (an after-write step of ``kg.config.PIPELINE``
step; all of them after a bulk load, which does not say which): the label
(the most specific type any article gives, the city, the day), the toll (``kgo:killed`` /
``kgo:injured``: the latest claim of any article) and the ``kgo:isLatest`` flag of that claim.
"""

from __future__ import annotations

from collections.abc import Mapping

import re

import rdflib
from rdflib import RDFS, XSD, Literal, URIRef

from kg.derive import decisions
from kg.graph import claim_rank
from kg.taxonomy import superclasses
from kg.model import Change
from kg.steps import step
from kg.store import iri_term
from kg.vocab import KGO, KGR, SPARQL_HEADER, bind_prefixes

INSTANCES_GRAPH = str(KGR["graph/instances"])
# ``%(values)s``: a VALUES block naming the events to redo, or nothing for every event
CLAIMS = SPARQL_HEADER + """SELECT ?g ?claim ?event ?property ?value ?date ?stage ?latest WHERE {
  GRAPH ?g { %(values)s ?claim kgo:about ?event ; a kgo:Claim ; kgo:claimProperty ?property ; kgo:claimValue ?value .
    OPTIONAL { ?claim kgo:reportedAt ?date } OPTIONAL { ?claim kgo:claimStage ?stage }
    OPTIONAL { ?claim kgo:isLatest ?latest } }
  FILTER(?g != <%(graph)s>)
}"""
# the city of a keyed event (``<family>-<city key>-<day>``) is the one of its places whose key it
# carries: found through the event's own places, so the cost is linear in the events
UNLABELLED = SPARQL_HEADER + """SELECT DISTINCT ?event ?type ?city WHERE {
  %(values)s
  GRAPH ?g { ?event a ?type }
  FILTER(STRSTARTS(STR(?event), "%(event)s") && STRSTARTS(STR(?type), "https://w3id.org/newskg/ontology#"))
  FILTER NOT EXISTS { GRAPH ?h { ?event rdfs:label ?label } FILTER(?h != <%(graph)s>) }
  OPTIONAL { GRAPH ?k { ?event kgo:hasPlace ?city_place } ?city_place rdfs:label ?city
             FILTER(STRSTARTS(STR(?city_place), "%(place)s")
                    && CONTAINS(STR(?event), CONCAT("-", STRAFTER(STR(?city_place), "%(place)s"), "-20"))) }
}"""
# isLatest flags left on claims no article holds any more (their article was dropped or edited)
ORPHAN_FLAGS = SPARQL_HEADER + """SELECT ?claim WHERE {
  GRAPH <%(graph)s> { ?claim kgo:isLatest ?flag }
  FILTER NOT EXISTS { GRAPH ?g { ?claim kgo:about ?event } FILTER(?g != <%(graph)s>) }
}"""
CURRENT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }" % INSTANCES_GRAPH


def _query(template: str, events: list[str] | None) -> str:
    values = "VALUES ?event { %s }" % " ".join(map(iri_term, events)) if events is not None else ""
    return template % {"values": values, "graph": INSTANCES_GRAPH, "event": KGR["event/"], "place": KGR["place/"]}


def event_labels(rows: list[dict]) -> rdflib.Graph:
    """"bombing in Manchester (2017-05-22)": the deepest type any article gives a shared event, its city, its day."""
    graph = bind_prefixes(rdflib.Graph())
    by_event: dict[str, dict] = {}
    for row in rows:
        found = by_event.setdefault(row["event"], {"types": set(), "city": ""})
        found["types"].add(str(row["type"]).rsplit("#", 1)[-1])
        if row.get("city") and (not found["city"] or len(str(row["city"])) < len(found["city"])):
            found["city"] = str(row["city"])
    for event, found in by_event.items():
        deepest = max(sorted(found["types"]), key=lambda t: (len(superclasses(t)), -sorted(found["types"]).index(t)))
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", deepest).lower()
        day = event[-10:]
        label = words + (f" in {found['city']}" if found["city"] else "") + f" ({day})"
        graph.add((URIRef(event), RDFS.label, Literal(label)))
    return graph


def instances_graph(rows: list[dict]) -> rdflib.Graph:
    """Tolls and latest claims of the events whose article graphs leave them to this graph."""
    graph = bind_prefixes(rdflib.Graph())
    settled = {(r["event"], r["property"]) for r in rows if r.get("latest") is True}
    best: dict[tuple[str, str], tuple[tuple, str]] = {}
    for row in rows:
        slot = (row["event"], row["property"])
        if slot in settled:
            continue
        rank = claim_rank(str(row.get("date", "")), str(row.get("stage", "")), int(row["value"])) + (row["claim"],)
        if slot not in best or best[slot][0] < rank:
            best[slot] = (rank, row["claim"])
    for (event, prop), (rank, claim) in best.items():
        graph.add((URIRef(claim), KGO.isLatest, Literal(True)))
        graph.add((URIRef(event), KGO.killed if prop == "killed" else KGO.injured,
                   Literal(rank[2], datatype=XSD.integer)))
    return graph


@step(requires=["store", "graph/article"], assigns=["merge decisions"])
def reapply_decisions(store, change: Change) -> None:
    """Analyst merges hold for articles ingested after them too (``kg merge``)."""
    decisions.reapply(store, change)


@step(requires=["graph/article", "merge decisions"], assigns=["graph/instances"])
def derive_instances(store, change: Change) -> Mapping[str, rdflib.Graph] | None:
    """Redo the derived graph for the events the write touched (all of it when they are unknown).

    Only those events' labels and tolls and their claims' flags are recomputed and replaced, so
    an ingest costs what it touches, not what the store holds.
    """
    if change.events is None:
        return {INSTANCES_GRAPH: recompute(store, None)}
    if not change.events:
        return None
    graph = store.construct(CURRENT, union=False)  # Virtuoso's union defines hide GRAPH <…> patterns
    events = sorted(change.events)
    for start in range(0, len(events), 200):
        chunk = events[start:start + 200]
        for event in map(URIRef, chunk):
            for prop in (RDFS.label, KGO.killed, KGO.injured):
                graph.remove((event, prop, None))
        rows = store.select(_query(CLAIMS, chunk))
        for claim in {row["claim"] for row in rows}:
            graph.remove((URIRef(claim), KGO.isLatest, None))
        graph += instances_graph(rows)
        graph += event_labels(store.select(_query(UNLABELLED, chunk)))
    for row in store.select(_query(ORPHAN_FLAGS, None), union=False):
        graph.remove((URIRef(row["claim"]), KGO.isLatest, None))
    return {INSTANCES_GRAPH: bind_prefixes(graph)}


def recompute(store, events: list[str] | None = None) -> rdflib.Graph:
    """The derived facts of ``events`` (every event when None), from what the articles say now."""
    graph = instances_graph(store.select(_query(CLAIMS, events)))
    graph += event_labels(store.select(_query(UNLABELLED, events)))
    return graph
