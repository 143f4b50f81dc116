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
from collections.abc import Mapping

import rdflib
from rdflib import RDF, XSD, Literal, URIRef

from kg.pipeline import ARTICLE_PREFIX, Change, after_write
from kg.vocab import KGO, KGR, bind_prefixes

COREFERENCE_GRAPH = str(KGR["graph/coreference"])
# the classes a vague report and a keyed event must share: the content-key families of kg.resolve
HARM_CLASSES = ("Attack", "Explosion", "Bombing", "Shooting", "Killing", "Assassination", "Strike", "AirStrike",
                "DroneStrike", "MissileStrike", "Death")
KEYED = r"/event/(attack|killing)-.+-[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# how vague a report may be and still name one event: the same victim within a year, the same city within a month
WITHIN_DAYS = {"target": 366, "place": 31}
SCORES = {"target": 0.8, "place": 0.65}
REASONS = {"target": "same person targeted, a shared event class, and the keyed day within the report's time",
           "place": "same city, a shared event class, and the keyed day within the report's month"}

# ``%(values)s`` binds ?a (vague events) or ?b (keyed events) to the events a write touched
CANDIDATES = """PREFIX kgo: <https://w3id.org/newskg/ontology#>
SELECT DISTINCT ?a ?b ?via ?earliest ?latest ?day WHERE {
  %(values)s
  GRAPH ?g { ?a a kgo:Event ; kgo:earliest ?earliest ; kgo:latest ?latest }
  FILTER(STRSTARTS(STR(?g), "%(articles)s") && !REGEX(STR(?a), "%(keyed)s"))
  { ?a kgo:hasTarget ?x . ?b kgo:hasTarget ?x . ?x a kgo:Person . BIND("target" AS ?via) }
  UNION
  { ?a kgo:hasPlace ?x . ?b kgo:hasPlace ?x . ?x a kgo:City . BIND("place" AS ?via) }
  FILTER(?a != ?b && REGEX(STR(?b), "%(keyed)s"))
  ?b kgo:earliest ?day .
  FILTER(?earliest <= ?day && ?day <= ?latest)
  FILTER NOT EXISTS { GRAPH ?g { ?b a kgo:Event } }
  ?a a ?class . ?b a ?class . FILTER(?class IN (%(classes)s))
}"""
# every candidate of the vague events found: a vague event with two keyed candidates links to neither
CURRENT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }" % COREFERENCE_GRAPH


def _query(role: str, events: list[str] | None) -> str:
    values = "VALUES ?%s { %s }" % (role, " ".join(f"<{e}>" for e in events)) if events is not None else ""
    classes = ", ".join(f"<{KGO[name]}>" for name in HARM_CLASSES)
    return CANDIDATES % {"values": values, "articles": ARTICLE_PREFIX, "keyed": KEYED, "classes": classes}


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


def recompute(store, events: list[str] | None = None) -> dict[str, tuple[str, str]]:
    """The links of the vague ``events`` (every event when None)."""
    if events is None:
        return links(store.select(_query("a", None)))
    chosen: dict[str, tuple[str, str]] = {}
    for start in range(0, len(events), 200):
        chosen |= links(store.select(_query("a", events[start:start + 200])))
    return chosen


def vague_reports_of(store, events: list[str]) -> set[str]:
    """The vague events that have any of ``events`` among their keyed candidates."""
    found: set[str] = set()
    for start in range(0, len(events), 200):
        found |= {str(row["a"]) for row in store.select(_query("b", events[start:start + 200]))}
    return found


@after_write
def link_coreferent_events(store, change: Change) -> Mapping[str, rdflib.Graph] | None:
    """Redo the links of the events the write touched (all of them after a bulk load).

    Redone: the touched events, the vague events that now have a touched keyed event among
    their candidates, and those linked to a touched event until now. (A vague event left with
    one candidate because the other was deleted is linked at the next write that touches it.)
    """
    if change.events is None:
        return {COREFERENCE_GRAPH: coreference_graph(recompute(store, None))}
    if not change.events:
        return None
    touched = set(change.events)
    graph = store.construct(CURRENT, union=False)
    linked = {str(s) for s, o in graph.subject_objects(KGO.sameEventAs) if str(o) in touched}
    affected = touched | linked | vague_reports_of(store, sorted(touched))
    decisions = [d for d in graph.subjects(RDF.type, KGO.CoreferenceDecision)
                 if {str(graph.value(d, KGO.mergedFrom)), str(graph.value(d, KGO.mergeInto))} & affected]
    chosen = recompute(store, sorted(affected))
    if not decisions and not chosen:
        return None
    for decision in decisions:
        vague, keyed = graph.value(decision, KGO.mergedFrom), graph.value(decision, KGO.mergeInto)
        graph.remove((vague, KGO.sameEventAs, keyed))
        graph.remove((keyed, KGO.sameEventAs, vague))
        graph.remove((decision, None, None))
    graph += coreference_graph(chosen)
    return {COREFERENCE_GRAPH: bind_prefixes(graph)}
