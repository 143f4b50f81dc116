"""The graph as networkx, for analysis (paths, causal chains, centrality) and for the views.

Nodes are events, actors and places (IRIs as ids); edges carry their kind (causal,
temporal, participation, location, coreference) and, where the graph has one, their evidence sentence.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg.taxonomy import most_specific
from kg.query import instance_counts
from kg.store import Store
from kg.vocab import SPARQL_HEADER, strongest_factuality

KGO = "https://w3id.org/newskg/ontology#"

EVENTS = SPARQL_HEADER + """
SELECT ?node ?label ?type ?time ?confidence ?sentence ?article ?said WHERE {
  ?node a kgo:Event ; rdfs:label ?label ; a ?type .
  OPTIONAL { ?node kgo:timeValue ?time }
  OPTIONAL { ?node kgo:factuality ?said }
  OPTIONAL { ?node kgo:confidence ?confidence }
  OPTIONAL { ?node kgo:hasMention ?m . ?m kgo:sentenceText ?sentence ; kgo:inArticle ?a .
             OPTIONAL { ?a rdfs:label ?article } }
}"""
ENTITIES = SPARQL_HEADER + """
SELECT ?node ?label ?type ?lat ?long ?kind WHERE {
  { ?node a kgo:Actor BIND("actor" AS ?kind) } UNION { ?node a kgo:Place BIND("place" AS ?kind) }
  ?node rdfs:label ?label ; a ?type .
  OPTIONAL { ?node geo:lat ?lat ; geo:long ?long }
}"""
ROLES = SPARQL_HEADER + """
SELECT ?event ?role ?entity WHERE {
  VALUES ?role { kgo:hasAgent kgo:hasTarget kgo:hasPlace }
  ?event ?role ?entity .
}"""
LINKS = SPARQL_HEADER + """
SELECT ?link ?kind ?source ?target ?relation ?evidence ?cue ?confidence WHERE {
  ?link kgo:linkSource ?source ; kgo:linkTarget ?target ; a ?kind .
  FILTER(?kind IN (kgo:CausalLink, kgo:TemporalLink))
  FILTER NOT EXISTS { ?link a kgo:RejectedLink }
  OPTIONAL { ?link kgo:relationType ?relation }
  OPTIONAL { ?link kgo:evidence ?evidence }
  OPTIONAL { ?link kgo:cue ?cue }
  OPTIONAL { ?link kgo:confidence ?confidence }
}"""
WITHIN = SPARQL_HEADER + "SELECT ?place ?container WHERE { ?place kgo:within ?container }"
SAME_EVENTS = SPARQL_HEADER + """SELECT ?vague ?keyed ?reason ?score WHERE {
  ?d a kgo:CoreferenceDecision ; kgo:mergedFrom ?vague ; kgo:mergeInto ?keyed .
  OPTIONAL { ?d kgo:mergeReason ?reason } OPTIONAL { ?d kgo:mergeScore ?score } }"""
ROLE_LABELS = {KGO + "hasAgent": ("participation", "agent"), KGO + "hasTarget": ("participation", "target"),
               KGO + "hasPlace": ("location", "place")}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def to_networkx(store: Store) -> nx.MultiDiGraph:
    """Events, actors and places with their roles, causal and temporal links, and containment."""
    graph = nx.MultiDiGraph()
    _add_events(graph, store)
    _add_entities(graph, store)
    for row in store.select(ROLES):
        if row["event"] in graph and row["entity"] in graph:
            kind, label = ROLE_LABELS[row["role"]]
            graph.add_edge(row["event"], row["entity"], kind=kind, label=label)
    for row in store.select(LINKS):
        if row["source"] not in graph or row["target"] not in graph:
            continue
        causal = row["kind"].endswith("CausalLink")
        key = ("causes" if causal else row.get("relation", "vague"))
        if graph.has_edge(row["source"], row["target"], key=key):
            continue
        graph.add_edge(row["source"], row["target"], key=key, kind="causal" if causal else "temporal",
                       label=key, evidence=row.get("evidence", ""), cue=row.get("cue", ""),
                       confidence=row.get("confidence", 0.5), iri=row["link"])
    for row in store.select(WITHIN):
        if row["place"] in graph and row["container"] in graph:
            graph.add_edge(row["place"], row["container"], kind="location", label="within")
    for row in store.select(SAME_EVENTS):
        if row["vague"] in graph and row["keyed"] in graph:
            graph.add_edge(row["vague"], row["keyed"], kind="coreference", label="same event",
                           evidence=row.get("reason", ""), confidence=row.get("score", 0.5))
    return graph


def _add_events(graph: nx.MultiDiGraph, store: Store) -> None:
    types: dict[str, set[str]] = defaultdict(set)
    sentences: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, set[str]] = defaultdict(set)
    said: dict[str, set[str]] = defaultdict(set)
    for row in store.select(EVENTS):
        node = row["node"]
        types[node].add(_local(row["type"]))
        if row.get("said"):
            said[node].add(row["said"])
        if row.get("sentence"):
            sentences[node].add(row["sentence"])
        if row.get("article"):
            articles[node].add(row["article"])
        if node not in graph:
            graph.add_node(node, iri=node, kind="event", label=row["label"], date=row.get("time", ""),
                           confidence=row.get("confidence", 0.5))
    for node in types:
        data = graph.nodes[node]
        data["type"] = most_specific(types[node])
        data["factuality"] = strongest_factuality(said[node])
        data["details"] = {"time": data["date"] or "unknown", "confidence": str(data["confidence"]),
                           "evidence": sorted(sentences[node])[:5], "sources": sorted(articles[node])}


def _add_entities(graph: nx.MultiDiGraph, store: Store) -> None:
    types: dict[str, set[str]] = defaultdict(set)
    for row in store.select(ENTITIES):
        node = row["node"]
        types[node].add(_local(row["type"]))
        if node not in graph:
            details = {"lat": str(row["lat"]), "long": str(row["long"])} if "lat" in row else {}
            graph.add_node(node, iri=node, kind=row["kind"], label=row["label"], details=details)
        elif row["kind"] == "actor":
            graph.nodes[node]["kind"] = "actor"
    for node, found in types.items():
        graph.nodes[node]["type"] = most_specific(found)


def causal_chain(graph: nx.MultiDiGraph, event: str) -> nx.MultiDiGraph:
    """Everything that led to ``event`` through causal edges: "why did this happen?"."""
    causal = nx.MultiDiGraph((u, v, d) for u, v, d in graph.edges(data=True) if d.get("kind") == "causal")
    if event not in causal:
        return nx.MultiDiGraph()
    return causal.subgraph(nx.ancestors(causal, event) | {event}).copy()


def actor_centrality(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Degree centrality of actors in the actor–event graph."""
    centrality = nx.degree_centrality(nx.Graph(graph))
    return {n: c for n, c in centrality.items() if graph.nodes[n].get("kind") == "actor"}


def view_graph(store: Store, max_nodes: int | None = None) -> nx.MultiDiGraph:
    """The graph the HTML view draws: events and the actors and places linked to them.

    Events also get ``earliest``/``latest`` (kgo:earliest/kgo:latest, ISO days) and
    ``reported`` (the first kgo:reportedOn) for the timeline. Above ``max_nodes`` (default: the ``view_max_nodes`` setting) only the
    best-connected nodes are kept, and ``graph.graph["omitted_nodes"]`` says how many were not.
    """
    graph = to_networkx(store)
    graph.remove_nodes_from([n for n, data in graph.nodes(data=True) if data.get("kind") != "event" and not graph.degree(n)])
    _add_event_bounds(graph, store)
    if max_nodes is None:
        from kg.config import settings

        max_nodes = settings().view_max_nodes
    total = graph.number_of_nodes()
    if total > max_nodes:
        keep = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))[:max_nodes]
        graph = graph.subgraph(keep).copy()
    graph.graph["omitted_nodes"] = total - graph.number_of_nodes()
    graph.graph["totals"] = instance_counts(store)  # what the store holds, counted as /stats counts
    return graph


EVENT_BOUNDS = SPARQL_HEADER + """
SELECT ?node (MIN(?first) AS ?earliest) (MAX(?last) AS ?latest) (MIN(?day) AS ?reported) WHERE {
  ?node a kgo:Event .
  OPTIONAL { ?node kgo:earliest ?first ; kgo:latest ?last }
  OPTIONAL { ?node kgo:reportedOn ?day }
} GROUP BY ?node"""


def _add_event_bounds(graph: nx.MultiDiGraph, store: Store) -> None:
    """Copy each event's kgo:earliest/kgo:latest and first kgo:reportedOn onto its node, as ISO day strings.

    Only both bounds date an event: one alone (what the article date bounds) leaves it undated, drawn on the
    day it was first reported, not as if it happened on its bound."""
    for row in store.select(EVENT_BOUNDS):
        data = graph.nodes.get(row["node"])
        if data is None:
            continue
        for key in ("earliest", "latest", "reported"):
            if row.get(key):
                data[key] = str(row[key])[:10]
