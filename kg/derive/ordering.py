"""One consistent order of events in the store: the derived ordering graph.

Each article graph keeps the links its sentences state (``kgo:TemporalLink`` / ``kgo:CausalLink``
nodes with their evidence and confidence), but not the edges between event instances: once
mentions are merged into instances, within an article and across articles, links that were
consistent between mentions can contradict each other ("the bombing" both before and after
"the commemoration"), and a cause can end up dated after its effect.

So after every write this step takes the events the write touched, and every event that shares
an article with them (their *component*), and decides their order in point-algebra timelines
(:class:`kg.nlp.timeline.Timeline`, one per group of events the links connect: :func:`decide`):
the events' own dates first (an event is included in its day, month or year, and those are
ordered by value), then the stated links, most confident first. A causal link adds "the cause starts no later
than its effect", and is refused outright when the first day its cause can lie in is after the last day its effect
can (dates, or only the article date: what is reported done is on or before it). A link that contradicts
what is already in is not kept: it is typed ``kgo:RejectedLink`` with a ``kgo:rejectionReason``,
so an analyst can see what was dropped and why. For every pair of events reported in one
article at most ``kg.nlp.links.WINDOW`` sentences apart (what the article's own links reach, so
a long article costs linear time), the one relation the timeline entails is written
(``kgo:before``, ``kgo:includes``, ``kgo:simultaneous``), and ``kgo:causes`` for each kept causal link.

The graph is a function of the article graphs: redone for the components a write touches,
whatever the order articles came in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import rdflib
from rdflib import RDF, Literal, URIRef

from kg.nlp.timeline import Timeline, compare_bounds
from kg.nlp.links import WINDOW
from kg.nlp.timex import value_bounds
from kg.graph import TEMPORAL_PROPERTIES as EDGES
from kg.model import Change
from kg.steps import step
from kg.store import iri_term
from kg.vocab import KGO, KGR, SPARQL_HEADER, bind_prefixes

ORDERING_GRAPH = str(KGR["graph/ordering"])
#: a causal link's temporal meaning, a relation of kg.nlp.timeline: the cause starts no later than its effect
CAUSES = "CAUSES"
#: TimeML relation of each stated link type, and the edge written for each entailed relation
RELTYPE = {"before": "BEFORE", "after": "AFTER", "includes": "INCLUDES", "is_included": "IS_INCLUDED",
           "simultaneous": "SIMULTANEOUS", "overlaps": "OVERLAPS"}
CHUNK = 200
MAX_ROUNDS = 4  # how far a component grows through shared events before it stops (bounds one write's work)

CO_REPORTED = SPARQL_HEADER + "SELECT DISTINCT ?e ?g WHERE { VALUES ?seed { %s } GRAPH ?g { ?seed a kgo:Event . ?e a kgo:Event } }"
ALL_EVENTS = SPARQL_HEADER + "SELECT DISTINCT ?e ?g WHERE { GRAPH ?g { ?e a kgo:Event } }"
LINKS = SPARQL_HEADER + """SELECT ?l ?kind ?source ?target ?relation ?confidence WHERE {
  VALUES ?source { %s }
  ?l kgo:linkSource ?source ; kgo:linkTarget ?target ; a ?kind . FILTER(?kind IN (kgo:CausalLink, kgo:TemporalLink))
  OPTIONAL { ?l kgo:relationType ?relation } OPTIONAL { ?l kgo:confidence ?confidence } }"""
#: the times the text states (its own, or inherited through the parse: kgo:timeSource), not those guessed from the
#: story or the report's date, which say too little to refuse a stated link or to order a pair
TIMES = SPARQL_HEADER + """SELECT ?e ?value WHERE { VALUES ?e { %s }
  GRAPH ?g { ?e kgo:timeValue ?value OPTIONAL { ?e kgo:timeSource ?source } }
  FILTER(!BOUND(?source) || ?source IN ("own", "inherited")) }"""
#: the days each event can lie in, from its time or from the article date (kgo:latest alone for what is reported done)
LIMITS = SPARQL_HEADER + """SELECT ?e ?earliest ?latest WHERE { VALUES ?e { %s }
  { ?e kgo:earliest ?earliest } UNION { ?e kgo:latest ?latest } }"""
POSITIONS = SPARQL_HEADER + """SELECT ?e (MIN(?i) AS ?first) WHERE { GRAPH %s { VALUES ?e { %s }
  ?e kgo:hasMention ?m . ?m kgo:sentenceIndex ?i } } GROUP BY ?e"""
CURRENT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }" % ORDERING_GRAPH
ORPHANS = SPARQL_HEADER + """SELECT ?l WHERE { GRAPH <%s> { ?l a kgo:RejectedLink }
  FILTER NOT EXISTS { GRAPH ?g { ?l kgo:linkSource ?source } FILTER(?g != <%s>) } }""" % (ORDERING_GRAPH, ORDERING_GRAPH)


@dataclass(frozen=True)
class StatedLink:
    """A link node of an article graph, between two event instances."""

    iri: str
    causal: bool
    source: str
    target: str
    relation: str  # before, after, includes, is_included, simultaneous, overlaps, vague ("" when causal)
    confidence: float


@dataclass(frozen=True)
class Ordering:
    """What the timeline decided: kept links, rejected ones with their reason, and each pair's relation."""

    kept: tuple[StatedLink, ...]
    rejected: tuple[tuple[StatedLink, str], ...]
    relations: Mapping[tuple[str, str], str]


def decide(links: Iterable[StatedLink], times: Mapping[str, str], pairs: Iterable[tuple[str, str]],
           limits: Mapping[str, tuple[str, str]] | None = None) -> Ordering:
    """Order events by their dates, then by their links most confident first; the relation of each pair.

    ``limits`` are the days each event can lie in (earliest, latest; "" when open), from its time or only from the
    article date ("reported done": on or before it): a causal link whose cause cannot start before its effect has
    ended is not kept, whatever the timeline says (an inherited date may be wrong, the bound of a report is not).

    Which links to keep is decided in one timeline per group of events the links connect (with the
    dates of that group's events): groups share nothing but dates, whose order is fixed, so a link
    contradicts what is in its group's timeline exactly when it contradicts everything, and each
    check searches its group, not the whole component. The kept links then go, unchecked, into one
    timeline whose closure gives the relation of each pair (across groups too, through the dates).
    """
    links = sorted(links, key=lambda link: (-link.confidence, link.causal, link.iri))
    bounds = {event: b for event, value in times.items() if (b := value_bounds(value)) is not None}
    # only the dates of linked events go into a timeline: an event no link touches is ordered by its date alone
    # (below), which the timeline entails, so its relations cannot contradict it
    group = _groups(links)
    members: dict[str, list[str]] = {}
    for event in sorted(group):
        members.setdefault(group[event], []).append(event)
    timelines = {name: _dated(Timeline(), events, bounds) for name, events in members.items()}
    everything = _dated(Timeline(), list(group), bounds)
    kept, rejected, causes = [], [], set()
    for link in links:
        relation = CAUSES if link.causal else RELTYPE.get(link.relation)
        if relation is None:
            continue  # vague: no order to keep or refuse
        if link.causal and (link.target, link.source) in causes:  # both may start together; both cannot cause the other
            rejected.append((link, "its reverse is stated with higher confidence"))
        elif link.causal and _starts_after_end(limits or {}, link.source, link.target):
            rejected.append((link, "the cause is dated after its effect"))
        elif timelines[group[link.source]].add(link.source, relation, link.target):
            kept.append(link)
            everything.add(link.source, relation, link.target, check=False)
            if link.causal:
                causes.add((link.source, link.target))
        else:
            rejected.append((link, _reason(link, bounds)))
    relations = {}
    for a, b in pairs:
        if a in everything and b in everything:
            found = everything.relation(a, b)
        else:  # each event lies somewhere inside its date: only dates apart order them
            found = compare_bounds(bounds.get(a), bounds.get(b))
            found = found if found in ("before", "after") else None
        if found in EDGES:
            relations[(a, b)] = found
    return Ordering(tuple(kept), tuple(rejected), relations)


def _starts_after_end(limits: Mapping[str, tuple[str, str]], cause: str, effect: str) -> bool:
    """Whether the first day ``cause`` can lie in is after the last day ``effect`` can (ISO dates compare as text)."""
    earliest, latest = limits.get(cause, ("", ""))[0], limits.get(effect, ("", ""))[1]
    return bool(earliest and latest and earliest > latest)


def _groups(links: Sequence[StatedLink]) -> dict[str, str]:
    """Each linked event's group: the events the links connect, named by the least of them."""
    graph = nx.Graph()
    graph.add_edges_from((link.source, link.target) for link in links)
    return {event: min(members) for members in nx.connected_components(graph) for event in members}


def _dated(timeline: Timeline, events: Sequence[str], bounds: Mapping[str, tuple]) -> Timeline:
    """``timeline`` with ``events`` in their dates, the dates ordered by value: a date runs from its first
    day's start to its last day's end, and those moments in order order every two dates."""
    spans = {event: ("time", bounds[event][0], bounds[event][1]) for event in events if event in bounds}
    timeline.add_ordered({point: value for span in set(spans.values())
                          for point, value in (((span, "-"), (span[1], 0)), ((span, "+"), (span[2], 1)))})
    for event, span in sorted(spans.items()):
        timeline.add(event, "IS_INCLUDED", span, check=False)  # a new event inside a date contradicts nothing
    return timeline


def _reason(link: StatedLink, bounds: Mapping[str, tuple]) -> str:
    """Why a link was not kept, in words for the analyst."""
    dated = compare_bounds(bounds.get(link.source), bounds.get(link.target))
    if link.causal and dated == "after":
        return "the cause is dated after its effect"
    if not link.causal and dated in ("before", "after") and dated != link.relation:
        return f"the events' dates say {dated}, not {link.relation.replace('_', ' ')}"
    return "contradicts the events' dates or links of higher confidence"


def ordering_graph(ordering: Ordering) -> rdflib.Graph:
    """The edges of an ordering, and its rejected links typed and explained."""
    graph = rdflib.Graph()
    for (a, b), relation in ordering.relations.items():
        prop, swap = EDGES[relation]
        first, second = (b, a) if swap else (a, b)
        graph.add((URIRef(first), prop, URIRef(second)))
    for link in ordering.kept:
        if link.causal:
            graph.add((URIRef(link.source), KGO.causes, URIRef(link.target)))
        elif link.relation == "overlaps" and (link.source, link.target) not in ordering.relations \
                and (link.target, link.source) not in ordering.relations:
            graph.add((URIRef(link.source), KGO.overlaps, URIRef(link.target)))
    for link, reason in ordering.rejected:
        graph.add((URIRef(link.iri), RDF.type, KGO.RejectedLink))
        graph.add((URIRef(link.iri), KGO.rejectionReason, Literal(reason)))
    return graph


# --- reading the store -------------------------------------------------------------------------


def component(store, seeds: Iterable[str] | None) -> tuple[set[str], dict[str, set[str]]]:
    """The events reported in an article with a seed, and with those, and so on (all events when None);
    with the events of each article graph."""
    by_graph: dict[str, set[str]] = {}
    if seeds is None:
        for row in store.select(ALL_EVENTS, union=False):
            by_graph.setdefault(str(row["g"]), set()).add(str(row["e"]))
        return {e for events in by_graph.values() for e in events}, by_graph
    events, frontier = set(), set(seeds)
    for _ in range(MAX_ROUNDS):
        if not frontier:
            break
        events |= frontier
        found = set()
        for chunk in _chunks(sorted(frontier)):
            for row in store.select(CO_REPORTED % chunk, union=False):
                by_graph.setdefault(str(row["g"]), set()).add(str(row["e"]))
                found.add(str(row["e"]))
        frontier = found - events
    return events, {g: members & events for g, members in by_graph.items() if str(g).startswith(str(KGR["article/"]))}


def stated_links(store, events: set[str]) -> list[StatedLink]:
    links = {}
    for chunk in _chunks(sorted(events)):
        for row in store.select(LINKS % chunk):
            if str(row["target"]) not in events:
                continue
            confidence = float(row.get("confidence", 0.5))
            links[str(row["l"])] = StatedLink(str(row["l"]), str(row["kind"]).endswith("CausalLink"), str(row["source"]),
                                              str(row["target"]), str(row.get("relation", "")), confidence)
    return list(links.values())


def event_times(store, events: set[str]) -> dict[str, str]:
    """Each event's most precise time value (an instance reported by several articles may carry several)."""
    times: dict[str, str] = {}
    for chunk in _chunks(sorted(events)):
        for row in store.select(TIMES % chunk):
            event, value = str(row["e"]), str(row["value"])
            bounds = value_bounds(value)
            if bounds is not None and (event not in times or _width(bounds) < _width(value_bounds(times[event]))):
                times[event] = value
    return times


def event_limits(store, events: set[str]) -> dict[str, tuple[str, str]]:
    """Each event's (earliest, latest) day ("" when open): the latest first day and the earliest last day any
    article gives it, so that no pair of its bounds puts a cause after its effect."""
    limits: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(sorted(events)):
        for row in store.select(LIMITS % chunk):
            event = str(row["e"])
            earliest, latest = limits.get(event, ("", ""))
            if "earliest" in row:
                earliest = max(earliest, str(row["earliest"]))
            if "latest" in row:
                latest = min(latest, str(row["latest"])) if latest else str(row["latest"])
            limits[event] = (earliest, latest)
    return limits


def _width(bounds: tuple | None) -> object:
    return (bounds[1] - bounds[0]) if bounds is not None else None


def _chunks(items: Sequence[str]) -> Iterable[str]:
    for start in range(0, len(items), CHUNK):
        yield " ".join(iri_term(item) for item in items[start:start + CHUNK])


def near_pairs(store, by_graph: Mapping[str, set[str]]) -> set[tuple[str, str]]:
    """The pairs of events one article reports at most ``WINDOW`` sentences apart (by their first mentions):
    the pairs whose relation is written, so that a long article costs linear time, as its links do."""
    pairs: set[tuple[str, str]] = set()
    for graph, members in by_graph.items():
        first = {}
        for chunk in _chunks(sorted(members)):
            for row in store.select(POSITIONS % (iri_term(graph), chunk), union=False):
                first[str(row["e"])] = int(row["first"])
        ordered = sorted(members, key=lambda event: (first.get(event, 0), event))
        for n, a in enumerate(ordered):
            for b in ordered[n + 1:]:
                if first.get(b, 0) - first.get(a, 0) > WINDOW:
                    break
                pairs.add((min(a, b), max(a, b)))
    return pairs


def order_events(store, seeds: Iterable[str] | None) -> tuple[set[str], list[StatedLink], rdflib.Graph]:
    """The component of ``seeds`` (everything when None), its stated links and its ordering graph."""
    events, by_graph = component(store, seeds)
    links = stated_links(store, events)
    times = event_times(store, events)
    # an event with no time and no stated link is in no relation: its pairs are not worth listing
    orderable = set(times) | {link.source for link in links} | {link.target for link in links}
    pairs = near_pairs(store, {graph: members & orderable for graph, members in by_graph.items()})
    ordering = decide(links, times, sorted(pairs), event_limits(store, {e for link in links if link.causal
                                                                         for e in (link.source, link.target)}))
    return events, links, ordering_graph(ordering)


@step(requires=["graph/article", "graph/instances", "graph/coreference"], assigns=["graph/ordering"])
def derive_ordering(store, change: Change) -> Mapping[str, rdflib.Graph] | None:
    """Redo the order of the events a write touched and of those reported beside them."""
    if change.events is not None and not change.events:
        return None
    events, links, fresh = order_events(store, change.events)
    if change.events is None:
        return {ORDERING_GRAPH: bind_prefixes(fresh)}
    graph = store.construct(CURRENT, union=False)  # Virtuoso's union defines hide GRAPH <…> patterns
    stale = {URIRef(e) for e in events | set(change.events)} | {URIRef(link.iri) for link in links}
    stale |= {URIRef(str(row["l"])) for row in store.select(ORPHANS, union=False)}  # links of deleted articles
    for triple in [t for t in graph if t[0] in stale or t[2] in stale]:
        graph.remove(triple)
    if len(fresh) > len(graph):  # adding triples one by one costs: add the smaller graph to the larger
        fresh, graph = graph, fresh
    graph += fresh
    return {ORDERING_GRAPH: bind_prefixes(graph)}
