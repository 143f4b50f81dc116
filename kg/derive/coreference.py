"""Cross-article event coreference where content keys cannot reach: the derived coreference graph.

Reports dated to the day and placed in a city share one IRI by their content key
(``kg.resolve``). A vaguer report of the same event ("killed by a drone strike in Baghdad in
January 2020", a month and no day) gets an IRI of its own. After every write this step links
such an event to the one keyed event of another article that it can only be: a harm event of
a shared class, whose day falls within the vague event's time, and which names the same
person as its target (a person is killed once; within a year) or happened in the same city
(within a month). An event with two or more such candidates stays unlinked.

Each link is ``kgo:sameEventAs`` both ways plus a ``kgo:CoreferenceDecision`` with its reason
and score, in one derived named graph that is a function of the article graphs: redone for
the events a write touched, gone when an article that supported it is deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping

import rdflib
from rdflib import RDF, XSD, Literal, URIRef

from kg.model import Change
from kg.steps import step
from kg.resolve import CONTENT_KEY
from kg.taxonomy import KEY_FAMILIES
from kg.store import iri_term
from kg.vocab import KGO, KGR, SPARQL_HEADER, bind_prefixes

COREFERENCE_GRAPH = str(KGR["graph/coreference"])
# the classes a vague report and a keyed event must share: those content keys are made for
HARM_CLASSES = tuple(sorted(KEY_FAMILIES))
# how vague a report may be and still name one event: the same victim within a year, the same city within a month
WITHIN_DAYS = {"target": 366, "place": 31}
SCORES = {"target": 0.8, "place": 0.65}
REASONS = {"target": "same person targeted, a shared event class, and the keyed day within the report's time",
           "place": "same city, a shared event class, and the keyed day within the report's month"}

# the people and cities harm events name: what a vague report and a keyed event must share
ANCHORS = SPARQL_HEADER + """SELECT DISTINCT ?e ?x ?via WHERE {
  %s
  { ?e kgo:hasTarget ?x . ?x a kgo:Person . BIND("target" AS ?via) }
  UNION { ?e kgo:hasPlace ?x . ?x a kgo:City . BIND("place" AS ?via) }
}"""
# every dated event that names these people or cities, with the article graphs that date it
AROUND = SPARQL_HEADER + """SELECT ?e ?x ?earliest ?latest ?g WHERE {
  VALUES ?x { %s }
  { ?e kgo:hasTarget ?x } UNION { ?e kgo:hasPlace ?x }
  GRAPH ?g { ?e kgo:earliest ?earliest ; kgo:latest ?latest }
}"""
HARMFUL = SPARQL_HEADER + "SELECT ?e ?class WHERE { VALUES ?e { %s } ?e a ?class FILTER(?class IN (%s)) }"
CURRENT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }" % COREFERENCE_GRAPH
CHUNK = 200


def _keyed(iri: str) -> bool:
    """Whether an event IRI carries a content key (``event/attack-kerman-2024-01-03``)."""
    return bool(CONTENT_KEY.match(iri.rpartition("/event/")[2]))


def _chunks(items: Iterable[str]) -> Iterable[str]:
    ordered = sorted(set(items))
    for start in range(0, len(ordered), CHUNK):
        yield " ".join(map(iri_term, ordered[start:start + CHUNK]))


def _classes(store, events: Iterable[str]) -> dict[str, set[str]]:
    """The harm classes of each event (events of no harm class are left out)."""
    names = ", ".join(f"<{KGO[name]}>" for name in HARM_CLASSES)
    found: dict[str, set[str]] = {}
    for values in _chunks(events):
        for row in store.select(HARMFUL % (values, names)):
            found.setdefault(str(row["e"]), set()).add(str(row["class"]))
    return found


def _anchors(store, events: Iterable[str] | None) -> dict[str, dict[str, str]]:
    """Event → {person or city: "target" or "place"}, for ``events`` (every event when None)."""
    found: dict[str, dict[str, str]] = {}
    for values in _chunks(events) if events is not None else [None]:
        query = ANCHORS % (f"VALUES ?e {{ {values} }}" if values is not None else "")
        for row in store.select(query):
            found.setdefault(str(row["e"]), {})[str(row["x"])] = str(row["via"])
    return found


def candidates(store, seeds: Iterable[str] | None) -> list[dict]:
    """Rows (vague ``a``, keyed ``b``, ``via``, a's ``earliest``/``latest``, b's ``day``) of the vague
    events that share a person or city with a harm event among ``seeds`` (every event when None).

    A handful of selective queries joined here rather than one SPARQL join, which Oxigraph
    planned as a scan of every event's dates (minutes on a million triples).
    """
    if seeds is None:
        anchors = {e: xs for e, xs in _anchors(store, None).items() if _keyed(e)}
    else:
        anchors = _anchors(store, _classes(store, seeds))
    around: dict[str, dict] = {}
    for _ in range(2):  # the seeds' anchors, then the anchors of the vague events met there
        wanted = {x for xs in anchors.values() for x in xs}
        for values in _chunks(wanted - {x for e in around.values() for x in e["anchors"]}):
            for row in store.select(AROUND % values):
                event = around.setdefault(str(row["e"]), {"anchors": set(), "graphs": set(), "dates": set()})
                event["anchors"].add(str(row["x"]))
                event["graphs"].add(str(row["g"]))
                event["dates"].add((_day(row["earliest"]), _day(row["latest"])))
        vague = [e for e in around if not _keyed(e) and e not in anchors]
        anchors |= _anchors(store, vague)
    classes = _classes(store, around)
    keyed = [e for e in around if _keyed(e) and e in classes]
    rows = []
    for a, event in around.items():
        if _keyed(a) or a not in classes or len(event["dates"]) != 1:
            continue
        [(earliest, latest)] = event["dates"]
        for b in keyed:
            shared = {x: via for x, via in anchors.get(a, {}).items() if anchors.get(b, {}).get(x) == via}
            days = {first for first, _ in around[b]["dates"]}
            if shared and len(days) == 1 and classes[a] & classes[b] and not event["graphs"] & around[b]["graphs"]:
                day = days.pop()
                if earliest <= day <= latest:
                    rows += [{"a": a, "b": b, "via": via, "earliest": earliest, "latest": latest, "day": day}
                             for via in sorted(set(shared.values()))]
    return rows


def _day(value: object) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def links(rows: list[dict]) -> dict[str, tuple[str, str]]:
    """Vague event → (keyed event, how they meet) for the vague events with exactly one keyed candidate."""
    found: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        via = str(row["via"])
        if (_day(row["latest"]) - _day(row["earliest"])).days < WITHIN_DAYS[via]:
            found.setdefault(str(row["a"]), set()).add((str(row["b"]), via))
    chosen = {}
    for vague, candidates in found.items():
        keyed = {b for b, _ in candidates}
        if len(keyed) == 1:
            target = keyed.pop()
            chosen[vague] = (target, "target" if (target, "target") in candidates else "place")
    return chosen


def decision_iri(vague: str, keyed: str) -> URIRef:
    digest = hashlib.sha1(f"{vague} {keyed}".encode()).hexdigest()[:16]
    return KGR[f"coreference/{digest}"]


def coreference_graph(chosen: Mapping[str, tuple[str, str]]) -> rdflib.Graph:
    graph = bind_prefixes(rdflib.Graph())
    for vague, (keyed, via) in sorted(chosen.items()):
        a, b = URIRef(vague), URIRef(keyed)
        graph.add((a, KGO.sameEventAs, b))
        graph.add((b, KGO.sameEventAs, a))
        decision = decision_iri(vague, keyed)
        graph.add((decision, RDF.type, KGO.CoreferenceDecision))
        graph.add((decision, RDF.type, KGO.MergeDecision))
        graph.add((decision, KGO.mergedFrom, a))
        graph.add((decision, KGO.mergeInto, b))
        graph.add((decision, KGO.mergeReason, Literal(REASONS[via])))
        graph.add((decision, KGO.mergeScore, Literal(SCORES[via], datatype=XSD.double)))
    return graph


def recompute(store, events: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
    """The links of the vague events that share a person or city with ``events`` (every event when None)."""
    return links(candidates(store, events))


@step(requires=["graph/article", "graph/instances"], assigns=["graph/coreference"])
def link_coreferent_events(store, change: Change) -> Mapping[str, rdflib.Graph] | None:
    """Redo the links of the events the write touched (all of them after a bulk load).

    Redone: the vague events among or around the touched events (sharing a person or city with
    one) and those linked to a touched event until now. (A vague event left with one candidate
    because the other was deleted is linked at the next write that touches it.)
    """
    if change.events is None:
        return {COREFERENCE_GRAPH: coreference_graph(recompute(store, None))}
    if not change.events:
        return None
    touched = set(change.events)
    graph = store.construct(CURRENT, union=False)
    linked = {str(s) for s, o in graph.subject_objects(KGO.sameEventAs) if str(o) in touched}
    rows = candidates(store, touched | linked)
    chosen = links(rows)
    affected = touched | linked | {row["a"] for row in rows}
    decisions = [d for d in graph.subjects(RDF.type, KGO.CoreferenceDecision)
                 if {str(graph.value(d, KGO.mergedFrom)), str(graph.value(d, KGO.mergeInto))} & affected]
    if not decisions and not chosen:
        return None
    for decision in decisions:
        vague, keyed = graph.value(decision, KGO.mergedFrom), graph.value(decision, KGO.mergeInto)
        graph.remove((vague, KGO.sameEventAs, keyed))
        graph.remove((keyed, KGO.sameEventAs, vague))
        graph.remove((decision, None, None))
    graph += coreference_graph(chosen)
    return {COREFERENCE_GRAPH: bind_prefixes(graph)}
