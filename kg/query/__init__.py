"""Questions analysts ask of the graph, as functions over a store: the API, the CLI and notebooks share them.

Events (listed, filtered, one with its provenance), the timeline, actors, places, articles,
a subgraph around nodes, the paths between two nodes, causal chains and counts. Results are
plain dicts and lists of JSON-ready values; ids are the last path segment of an IRI (``manchester-
bombing``) and graph nodes are named by their path under ``kgr:`` (``event/manchester-bombing``).

Everything is read with SPARQL over the union of the article graphs, through ``select`` /
``ask`` / ``construct`` only (see :class:`QueryBackend`), so a remote endpoint can stand in for
the embedded store. Oxigraph's union graph repeats a triple once per article that states it, so
queries use DISTINCT or aggregates and fetch one property per row, never a cross product of
OPTIONALs; pages are chosen first and then filled in with ``VALUES``.

The SPARQL is plain 1.1 that Virtuoso 7.2 also runs, which rules out a few legal forms: ORDER BY
an expression over an aggregate's alias (group in a subquery and order outside it), a ``UNION``
branch that is only a ``VALUES`` block (Virtuoso drops the whole union's answers), ``FILTER EXISTS``
around a label search ("Stack Overflow in cost model") and ``FILTER EXISTS`` around a ``+`` path
(an error, or no answers).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import networkx as nx
import pyoxigraph as ox
import rdflib

from kg.store import QueryError, iri_term
from kg.taxonomy import subclass_pairs
from kg.vocab import SPARQL_HEADER, strongest_factuality

KGO = "https://w3id.org/newskg/ontology#"
KGR = "https://w3id.org/newskg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
#: a stated link the store's consistent order keeps (kg.derive.ordering types the others kgo:RejectedLink)
KEPT = "FILTER NOT EXISTS { ?l a kgo:RejectedLink }"
CLASS_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
REFS = {KGO + "hasPlace": "places", KGO + "hasAgent": "agents", KGO + "hasTarget": "targets"}
SCALARS = {RDFS_LABEL: "label", KGO + "timeValue": "time", KGO + "earliest": "earliest", KGO + "latest": "latest",
           KGO + "confidence": "confidence", KGO + "killed": "killed", KGO + "injured": "injured",
           KGO + "reportedOn": "first_reported", KGO + "factuality": "factuality"}
NODE_KINDS = ("event", "actor", "place", "article")
CHUNK = 500  # IRIs per VALUES block


class QueryBackend(Protocol):
    """What these functions need of a store: :class:`kg.store.Store`, or a remote SPARQL endpoint."""

    def select(self, sparql: str) -> list[dict[str, object]]: ...

    def ask(self, sparql: str) -> bool: ...

    def construct(self, sparql: str) -> rdflib.Graph: ...


# --- names ---------------------------------------------------------------------------


def local_id(iri: object) -> str:
    """The last path segment of an IRI (blank nodes keep their '_:' label)."""
    text = str(iri)
    return text if text.startswith("_:") else text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def node_name(iri: str) -> str:
    """``kgr:event/x`` → ``event/x``: a graph node's name, unique across kinds (actor/iran, place/iran)."""
    return iri[len(KGR):] if iri.startswith(KGR) else iri


def node_kind(iri: str) -> str:
    kind = node_name(iri).split("/", 1)[0]
    return kind if kind in NODE_KINDS else "other"


def literal(text: str) -> str:
    """A string as an escaped SPARQL literal."""
    return str(ox.Literal(text))


def _values(name: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{name} {{ {' '.join(iri_term(i) for i in iris)} }}"


def _chunks(items: Sequence[str], size: int = CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def resolve_node(store: QueryBackend, ref: str) -> str | None:
    """The IRI a reference names: an IRI, a path under kgr: (``actor/iran``), or a bare id tried as an
    event, actor, place and article in that order; None when nothing in the store has that IRI."""
    if ref.startswith(("http://", "https://")):
        candidates = [ref]
    elif "/" in ref:
        candidates = [KGR + ref]
    else:
        candidates = [f"{KGR}{kind}/{ref}" for kind in NODE_KINDS]
    for iri in candidates:
        try:
            term = iri_term(iri)
        except QueryError:
            return None
        if store.ask(f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}"):
            return iri
    return None


# --- events ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilter:
    """Which events to keep: asserted type, dates overlapping [start, end], place, actor, confidence.

    ``place`` and ``actor`` match an instance id exactly or a part of its label, ignoring case.
    """

    type: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    place: str | None = None
    actor: str | None = None
    min_confidence: float | None = None

    def where(self, store: QueryBackend) -> str:
        """The WHERE body selecting ``?e`` (values escaped as literals, the type name checked).

        Places and actors are looked up first, so the events are then joined on a VALUES list:
        matching labels inside a FILTER EXISTS made Oxigraph scan every label for every event.
        """
        parts = ["?e a kgo:Event ."]
        if self.type:
            if not CLASS_NAME.fullmatch(self.type):
                raise QueryError(f"not an ontology class name: {self.type!r}")
            parts.append(f"?e a kgo:{self.type} .")
        if self.start or self.end:  # dated events: a bound alone ("on or before the report") gives no days
            parts.append("?e kgo:earliest ?earliest ; kgo:latest ?last .")
        if self.start:  # the event's last possible day is on or after start
            parts.append(f'FILTER(?last >= "{self.start}"^^xsd:date)')
        if self.end:  # its first possible day is on or before end
            parts.append(f'FILTER(?earliest <= "{self.end}"^^xsd:date)')
        if self.place:
            places = _matching(store, "kgo:hasPlace", self.place, ("place",))
            parts.append(f"{_values('place', places)} ?e kgo:hasPlace ?place ." if places else "FILTER(false)")
        if self.actor:
            actors = _matching(store, "kgo:hasAgent|kgo:hasTarget", self.actor, ("actor", "place"))
            parts.append(f"{_values('actor', actors)} ?e kgo:hasAgent|kgo:hasTarget ?actor ."
                         if actors else "FILTER(false)")
        if self.min_confidence is not None:
            parts.append(f"FILTER EXISTS {{ ?e kgo:confidence ?c FILTER(?c >= {float(self.min_confidence)!r}) }}")
        return "\n  ".join(parts)


def _matching(store: QueryBackend, properties: str, needle: str, kinds: Sequence[str]) -> list[str]:
    """Instances some event relates to through ``properties`` whose id is ``needle`` or whose label
    contains it, ignoring case.

    Each branch joins the events itself: Virtuoso answers nothing for a union with a branch that is
    only VALUES, and overflows its cost model on a FILTER EXISTS after the label search.
    """
    by_id = []
    for kind in kinds:
        try:
            by_id.append(iri_term(f"{KGR}{kind}/{needle}"))
        except QueryError:  # not an id: only labels can match
            pass
    branches = [f"{{ ?x rdfs:label ?label FILTER(CONTAINS(LCASE(STR(?label)), {literal(needle.lower())})) "
                f"?event {properties} ?x }}"]
    if by_id:
        branches.append(f"{{ VALUES ?x {{ {' '.join(by_id)} }} ?event {properties} ?x }}")
    rows = store.select(SPARQL_HEADER + "SELECT DISTINCT ?x WHERE {\n  " + "\n  UNION ".join(branches) + " }")
    return sorted(row["x"] for row in rows)


def _events_by_date(body: str, page: str = "") -> str:
    """SELECT ?e for the events ``body`` matches by earliest date (undated last, with those that have a bound
    alone), then IRI.

    The grouping is a subquery because Virtuoso refuses ORDER BY an expression over an aggregate's
    alias (SP031).
    """
    return SPARQL_HEADER + f"""SELECT ?e WHERE {{ {{ SELECT ?e (MIN(?day) AS ?first) WHERE {{
  {body}
  OPTIONAL {{ ?e kgo:earliest ?day ; kgo:latest ?until }} }} GROUP BY ?e }} }} ORDER BY (!BOUND(?first)) ?first ?e {page}"""


def list_events(store: QueryBackend, where: EventFilter = EventFilter(), *, limit: int = 100,
                offset: int = 0) -> dict[str, object]:
    """A page of events by earliest date (undated last) with the total that match."""
    body = where.where(store)
    (count,) = store.select(SPARQL_HEADER + f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{\n  {body}\n}}")
    page = store.select(_events_by_date(body, f"LIMIT {int(limit)} OFFSET {int(offset)}"))
    items = summarise(store, [row["e"] for row in page])
    for item in items:  # counts belong to the detail view
        item.pop("killed"), item.pop("injured")
    return {"items": items, "total": count["n"], "limit": limit, "offset": offset}


def summarise(store: QueryBackend, iris: Sequence[str]) -> list[dict[str, object]]:
    """Summaries of events in the given order: one query for every property, assembled here."""
    if not iris:
        return []
    events = {iri: {"id": local_id(iri), "iri": iri, "types": set(), **{name: [] for name in REFS.values()}}
              for iri in iris}
    properties = ", ".join(f"<{p}>" for p in (*SCALARS, *REFS, RDF_TYPE))
    for chunk in _chunks(list(events)):
        # one VALUES block only: two (events x properties) make Oxigraph scan the whole store
        rows = store.select(SPARQL_HEADER + f"""SELECT DISTINCT ?e ?p ?v ?vl WHERE {{
  {_values("e", chunk)} ?e ?p ?v . FILTER(?p IN ({properties}))
  OPTIONAL {{ ?v rdfs:label ?vl }} }} ORDER BY ?e ?p ?v ?vl""")
        for row in rows:
            event, prop, value = events[row["e"]], row["p"], row["v"]
            if prop == RDF_TYPE:
                if str(value).startswith(KGO) and value != KGO + "Event":
                    event["types"].add(value)
            elif prop in REFS:
                refs = event[REFS[prop]]
                if not refs or refs[-1]["id"] != local_id(value):
                    refs.append({"id": local_id(value), "label": row.get("vl")})
            else:
                event.setdefault(SCALARS[prop], []).append(value)
    for event, types in zip(events.values(), most_specific(store, [e.pop("types") for e in events.values()])):
        said = event.pop("factuality", [])
        event["factuality"] = strongest_factuality(said)
        for name in SCALARS.values():
            if name == "factuality":
                continue
            # several articles may disagree: the widest date range, the highest count and confidence
            event[name] = _pick(event.pop(name, []), largest=name in ("latest", "confidence", "killed", "injured"))
        event["type"] = local_id(min(types)) if types else "Event"
    return [events[iri] for iri in iris]


def _pick(values: list[object], *, largest: bool) -> object:
    if not values:
        return None
    try:
        return max(values) if largest else min(values)
    except TypeError:  # a mix of numbers and strings
        return max(values, key=str) if largest else min(values, key=str)


def most_specific(store: QueryBackend, type_sets: list[set[str]]) -> list[set[str]]:
    """Each set of types minus their superclasses, by the ontology file, then the store's axioms."""
    pairs = subclass_pairs()
    specific = [{t for t in types if not any((o, t) in pairs for o in types)} for types in type_sets]
    ambiguous = sorted(set().union(*(types for types in specific if len(types) > 1)))
    if ambiguous:
        rows = store.select(SPARQL_HEADER + f"""SELECT DISTINCT ?sub ?sup WHERE {{
  {_values("sub", ambiguous)} {_values("sup", ambiguous)} ?sub rdfs:subClassOf+ ?sup FILTER(?sub != ?sup) }}""")
        pairs = {(row["sub"], row["sup"]) for row in rows}
        specific = [{t for t in types if not any((o, t) in pairs for o in types)} for types in specific]
    return specific


def _first_per(rows: list[dict[str, object]], key: str) -> list[dict[str, object]]:
    """One row per ``key`` (the first), for instances with a repeated optional property."""
    seen: dict[object, dict[str, object]] = {}
    for row in rows:
        seen.setdefault(row[key], row)
    return list(seen.values())


def _optional_id(row: dict[str, object], name: str) -> str | None:
    return local_id(row[name]) if name in row else None


def _stored(store: QueryBackend, iri: str, cls: str) -> str | None:
    """``<iri>`` when the store holds it as a ``kgo:<cls>``; None when it does not, or it is no IRI (a key from
    a request)."""
    try:
        node = iri_term(iri)
    except QueryError:
        return None
    return node if store.ask(SPARQL_HEADER + f"ASK {{ {node} a kgo:{cls} }}") else None


def event_detail(store: QueryBackend, key: str) -> dict[str, object] | None:
    """The event ``kgr:event/<key>`` with its mentions, claims, links and sources; None if absent."""
    iri = KGR + "event/" + key
    node = _stored(store, iri, "Event")
    if node is None:
        return None
    (event,) = summarise(store, [iri])
    event["mentions"] = _mentions(store, node)
    event["claims"] = _claims(store, node)
    links = _links(store, node)
    event["links_out"], event["links_in"] = links["out"], links["in"]
    event["same_as"] = _same_events(store, node)
    sources = store.select(SPARQL_HEADER + f"""SELECT DISTINCT ?article ?title ?published WHERE {{
  {node} kgo:hasMention/kgo:inArticle ?article . OPTIONAL {{ ?article dcterms:title ?title }}
  OPTIONAL {{ ?article schema:datePublished ?published }} }} ORDER BY ?published ?article""")
    event["sources"] = [{"id": local_id(r["article"]), "iri": r["article"], "title": r.get("title"),
                         "published": r.get("published")} for r in _first_per(sources, "article")]
    return event


def _mentions(store: QueryBackend, node: str) -> list[dict[str, object]]:
    rows = store.select(SPARQL_HEADER + f"""SELECT DISTINCT ?m ?article ?start ?end ?anchor ?sentence WHERE {{
  {node} kgo:hasMention ?m . OPTIONAL {{ ?m kgo:inArticle ?article }} OPTIONAL {{ ?m kgo:startOffset ?start }}
  OPTIONAL {{ ?m kgo:endOffset ?end }} OPTIONAL {{ ?m kgo:anchorText ?anchor }}
  OPTIONAL {{ ?m kgo:sentenceText ?sentence }} }} ORDER BY ?article ?start ?m""")
    return [{"id": local_id(r["m"]), "article": _optional_id(r, "article"), "start": r.get("start"),
             "end": r.get("end"), "anchor": r.get("anchor"), "sentence": r.get("sentence")}
            for r in _first_per(rows, "m")]


def _claims(store: QueryBackend, node: str) -> list[dict[str, object]]:
    rows = store.select(SPARQL_HEADER + f"""SELECT DISTINCT ?c ?property ?value ?reporter ?reportedAt ?article
  ?evidence WHERE {{ ?c kgo:about {node} ; a kgo:Claim . OPTIONAL {{ ?c kgo:claimProperty ?property }}
  OPTIONAL {{ ?c kgo:claimValue ?value }} OPTIONAL {{ ?c kgo:reporterName ?reporter }}
  OPTIONAL {{ ?c kgo:reportedAt ?reportedAt }} OPTIONAL {{ ?c kgo:inArticle ?article }}
  OPTIONAL {{ ?c kgo:evidence ?evidence }} }} ORDER BY ?reportedAt ?c""")
    return [{"id": local_id(r["c"]), "property": r.get("property"), "value": r.get("value"),
             "reporter": r.get("reporter"), "reported_at": r.get("reportedAt"),
             "article": _optional_id(r, "article"), "evidence": r.get("evidence")} for r in _first_per(rows, "c")]


def _same_events(store: QueryBackend, node: str) -> list[dict[str, object]]:
    """Other articles' instances of the same event (``kgo:sameEventAs``), with the decision's reason and score."""
    rows = store.select(SPARQL_HEADER + f"""SELECT DISTINCT ?other ?label ?time ?reason ?score WHERE {{
  {node} kgo:sameEventAs ?other . OPTIONAL {{ ?other rdfs:label ?label }} OPTIONAL {{ ?other kgo:timeValue ?time }}
  OPTIONAL {{ ?d a kgo:CoreferenceDecision ; kgo:mergedFrom|kgo:mergeInto {node} ; kgo:mergedFrom|kgo:mergeInto ?other ;
              kgo:mergeReason ?reason ; kgo:mergeScore ?score }} }} ORDER BY ?other""")
    return [{"id": local_id(r["other"]), "label": r.get("label"), "time": r.get("time"), "reason": r.get("reason"),
             "score": r.get("score")} for r in _first_per(rows, "other")]


def _links(store: QueryBackend, node: str) -> dict[str, list[dict[str, object]]]:
    rows = store.select(SPARQL_HEADER + f"""SELECT DISTINCT ?l ?direction ?type ?source ?sourceLabel ?target
  ?targetLabel ?relation ?evidence ?cue ?confidence ?article ?rejected WHERE {{
  {{ ?l kgo:linkSource {node} BIND("out" AS ?direction) }} UNION {{ ?l kgo:linkTarget {node} BIND("in" AS ?direction) }}
  ?l kgo:linkSource ?source ; kgo:linkTarget ?target .
  OPTIONAL {{ ?l a ?type FILTER(STRSTARTS(STR(?type), "{KGO}") && ?type NOT IN (kgo:Link, kgo:RejectedLink)) }}
  OPTIONAL {{ ?source rdfs:label ?sourceLabel }} OPTIONAL {{ ?target rdfs:label ?targetLabel }}
  OPTIONAL {{ ?l kgo:relationType ?relation }} OPTIONAL {{ ?l kgo:evidence ?evidence }}
  OPTIONAL {{ ?l kgo:cue ?cue }} OPTIONAL {{ ?l kgo:confidence ?confidence }}
  OPTIONAL {{ ?l kgo:inArticle ?article }} OPTIONAL {{ ?l kgo:rejectionReason ?rejected }} }} ORDER BY ?direction ?l ?type""")
    links: dict[str, list[dict[str, object]]] = {}
    for direction in ("out", "in"):
        links[direction] = [{
            "id": local_id(r["l"]), "type": local_id(r.get("type", "Link")), "relation": r.get("relation"),
            "source": {"id": local_id(r["source"]), "label": r.get("sourceLabel")},
            "target": {"id": local_id(r["target"]), "label": r.get("targetLabel")},
            "evidence": r.get("evidence"), "cue": r.get("cue"), "confidence": r.get("confidence"),
            "article": _optional_id(r, "article"), "rejected": r.get("rejected")}
            for r in _first_per([r for r in rows if r["direction"] == direction], "l")]
    return links


def timeline(store: QueryBackend, where: EventFilter = EventFilter(), *, limit: int = 1000,
             undated: bool = False) -> dict[str, object]:
    """Dated events in time order as vis-timeline items (``end`` exclusive) and one group per type.

    ``undated``: events whose own time is unknown come too, as points on the day they were first
    reported (``kgo:reportedOn``), marked ``reported`` and styled ``kg-reported``: when the news
    knew of them, not when they happened; the title says the bound the article date gives, if any
    ("on or before 2024-01-03"). A date-range filter leaves them out (their time is unknown).
    """
    rows = store.select(SPARQL_HEADER + f"""SELECT ?e (MIN(?d1) AS ?first) (MAX(?d2) AS ?last) WHERE {{
  {where.where(store)}
  ?e kgo:earliest ?d1 ; kgo:latest ?d2 . }} GROUP BY ?e ORDER BY ?first ?e LIMIT {int(limit) + 1}""")
    days = [(str(row["first"]), row["e"]) for row in rows]
    if undated:
        # a second query rather than OPTIONAL + COALESCE: ordering by an aggregate alias is what every server runs
        reported = store.select(SPARQL_HEADER + f"""SELECT ?e (MIN(?r) AS ?first) WHERE {{
  {where.where(store)}
  ?e kgo:reportedOn ?r . FILTER NOT EXISTS {{ ?e kgo:earliest ?d1 ; kgo:latest ?d2 }} }} GROUP BY ?e ORDER BY ?first ?e LIMIT {int(limit) + 1}""")
        days = sorted(days + [(str(row["first"]), row["e"]) for row in reported])
    truncated = len(days) > limit
    items = []
    for event in summarise(store, [iri for _, iri in days[:limit]]):
        places = ", ".join(p["label"] or p["id"] for p in event["places"])
        if not (event["earliest"] and event["latest"]):
            day = event["first_reported"]
            bound = (f"on or before {event['latest']}" if event["latest"] else
                     f"on or after {event['earliest']}" if event["earliest"] else "time unknown")
            items.append({
                "id": event["id"], "content": event["label"] or event["id"], "start": day, "end": None,
                "type": "point", "group": event["type"], "reported": True,
                "title": " · ".join(x for x in (event["type"], places, f"{bound}, first reported {day}") if x),
                "factuality": event["factuality"],
                "className": f"kg-{event['type'].lower()} kg-reported{_factuality_class(event)}"})
            continue
        start = dt.date.fromisoformat(event["earliest"])
        last = dt.date.fromisoformat(event["latest"]) if event["latest"] else start
        items.append({
            "id": event["id"], "content": event["label"] or event["id"], "start": start.isoformat(),
            "end": (last + dt.timedelta(days=1)).isoformat() if last > start else None,
            "type": "range" if last > start else "box", "group": event["type"], "reported": False,
            "title": " · ".join(x for x in (event["type"], places, event["time"] or start.isoformat()) if x),
            "factuality": event["factuality"], "className": f"kg-{event['type'].lower()}{_factuality_class(event)}"})
    groups = [{"id": name, "content": name} for name in sorted({item["group"] for item in items})]
    return {"items": items, "groups": groups, "truncated": truncated}


def _factuality_class(event: Mapping[str, object]) -> str:
    """" kg-planned" etc. for an event no article asserts, so the timeline draws it apart."""
    return "" if event["factuality"] == "asserted" else f" kg-{event['factuality']}"


def asserted(variable: str) -> str:
    """A filter keeping events some article asserts (or that carry no factuality: stores from before it)."""
    return (f'FILTER(NOT EXISTS {{ {variable} kgo:factuality ?said }} || '
            f'EXISTS {{ {variable} kgo:factuality "asserted" }})')


# --- actors, places, articles -------------------------------------------------------------


def _page(store: QueryBackend, query: str, count_query: str) -> tuple[list[str], int]:
    (count,) = store.select(SPARQL_HEADER + count_query)
    return [row["x"] for row in store.select(SPARQL_HEADER + query)], int(count["n"])


def _name_filter(text: str | None, properties: str = "rdfs:label|skos:altLabel") -> str:
    if not text:
        return ""
    return (f"FILTER EXISTS {{ ?x {properties} ?name FILTER(CONTAINS(LCASE(STR(?name)), "
            f"{literal(text.lower())})) }}")


def _type_filter(type_: str | None) -> str:
    if not type_:
        return ""
    if not CLASS_NAME.fullmatch(type_):
        raise QueryError(f"not an ontology class name: {type_!r}")
    return f"?x a kgo:{type_} ."


def _instances(kind: str, cls: str, filters: str) -> str:
    return f'?x a kgo:{cls} . FILTER(STRSTARTS(STR(?x), "{KGR}{kind}/")) {filters}'


def list_actors(store: QueryBackend, *, name: str | None = None, type_: str | None = None,
                limit: int = 100, offset: int = 0) -> dict[str, object]:
    """Actors, the most involved in events first, with their type, aliases and event count."""
    body = _instances("actor", "Actor", _type_filter(type_) + _name_filter(name))
    iris, total = _page(store, f"""SELECT ?x (COUNT(DISTINCT ?e) AS ?events) WHERE {{ {body}
  OPTIONAL {{ ?e kgo:hasAgent|kgo:hasTarget ?x }} }} GROUP BY ?x ORDER BY DESC(?events) ?x
LIMIT {int(limit)} OFFSET {int(offset)}""", f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {body} }}")
    return {"items": describe_actors(store, iris), "total": total, "limit": limit, "offset": offset}


def describe_actors(store: QueryBackend, iris: Sequence[str]) -> list[dict[str, object]]:
    """Actors in the given order with label, most specific type, aliases and event count."""
    found = _properties(store, iris, {RDFS_LABEL: "label", "http://www.w3.org/2004/02/skos/core#altLabel": "aliases"})
    counts = _event_counts(store, iris, "?e kgo:hasAgent|kgo:hasTarget ?x")
    return [{"id": local_id(iri), "iri": iri, "label": _first(found[iri]["label"]), "type": found[iri]["type"],
             "aliases": sorted(set(map(str, found[iri]["aliases"]))), "events": counts.get(iri, 0)} for iri in iris]


def list_places(store: QueryBackend, *, name: str | None = None, type_: str | None = None,
                within: str | None = None, limit: int = 100, offset: int = 0) -> dict[str, object]:
    """Places, the most eventful first, with coordinates, GeoNames id and container."""
    filters = _type_filter(type_) + _name_filter(name, "rdfs:label")
    if within:  # a join, not FILTER EXISTS: Virtuoso finds nothing for a kgo:within+ inside EXISTS
        try:
            filters += f"?x kgo:within+ {iri_term(KGR + 'place/' + within)} ."
        except QueryError:  # not a place id
            filters += "FILTER(false)"
    body = _instances("place", "Place", filters)
    iris, total = _page(store, f"""SELECT ?x (COUNT(DISTINCT ?e) AS ?events) WHERE {{ {body}
  OPTIONAL {{ ?e kgo:hasPlace ?x }} }} GROUP BY ?x ORDER BY DESC(?events) ?x
LIMIT {int(limit)} OFFSET {int(offset)}""", f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {body} }}")
    return {"items": describe_places(store, iris), "total": total, "limit": limit, "offset": offset}


def describe_places(store: QueryBackend, iris: Sequence[str]) -> list[dict[str, object]]:
    """Places in the given order with label, type, coordinates, GeoNames id, country and container."""
    geo = "http://www.w3.org/2003/01/geo/wgs84_pos#"
    found = _properties(store, iris, {RDFS_LABEL: "label", geo + "lat": "lat", geo + "long": "long",
                                      KGO + "geonamesId": "geonames_id", KGO + "countryCode": "country_code",
                                      KGO + "within": "within"})
    counts = _event_counts(store, iris, "?e kgo:hasPlace ?x")
    containers = {w for iri in iris for w in found[iri]["within"]}
    labels = _properties(store, sorted(containers), {RDFS_LABEL: "label"}, types=False) if containers else {}
    places = []
    for iri in iris:
        data = found[iri]
        within = _first(data["within"])
        places.append({
            "id": local_id(iri), "iri": iri, "label": _first(data["label"]), "type": data["type"],
            "lat": _first(data["lat"]), "long": _first(data["long"]), "geonames_id": _first(data["geonames_id"]),
            "country_code": _first(data["country_code"]),
            "within": {"id": local_id(within), "label": _first(labels[within]["label"])} if within else None,
            "events": counts.get(iri, 0)})
    return places


def list_articles(store: QueryBackend, *, title: str | None = None, start: dt.date | None = None,
                  end: dt.date | None = None, limit: int = 100, offset: int = 0) -> dict[str, object]:
    """Articles, newest first, with their title, date, publisher, URL and the events they mention."""
    filters = _name_filter(title, "dcterms:title|rdfs:label")
    if start:
        filters += f'FILTER EXISTS {{ ?x schema:datePublished ?p1 FILTER(?p1 >= "{start}"^^xsd:date) }}'
    if end:
        filters += f'FILTER EXISTS {{ ?x schema:datePublished ?p2 FILTER(?p2 <= "{end}"^^xsd:date) }}'
    body = f"?x a kgo:Article . {filters}"
    iris, total = _page(store, f"""SELECT ?x (MAX(?p) AS ?published) WHERE {{ {body}
  OPTIONAL {{ ?x schema:datePublished ?p }} }} GROUP BY ?x ORDER BY DESC(?published) ?x
LIMIT {int(limit)} OFFSET {int(offset)}""", f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {body} }}")
    return {"items": describe_articles(store, iris), "total": total, "limit": limit, "offset": offset}


def describe_articles(store: QueryBackend, iris: Sequence[str]) -> list[dict[str, object]]:
    """Articles in the given order with title, date, publisher, URL and count of events mentioned."""
    found = _properties(store, iris, {"http://purl.org/dc/terms/title": "title", RDFS_LABEL: "label",
                                      "https://schema.org/datePublished": "published", KGO + "publisher": "publisher",
                                      "https://schema.org/url": "url"}, types=False)
    counts = _event_counts(store, iris, "?e a kgo:Event ; kgo:hasMention/kgo:inArticle ?x")
    return [{"id": local_id(iri), "iri": iri, "title": _first(found[iri]["title"]) or _first(found[iri]["label"]),
             "published": _first(found[iri]["published"]), "publisher": _first(found[iri]["publisher"]),
             "url": _first(found[iri]["url"]), "events": counts.get(iri, 0)} for iri in iris]


def article_detail(store: QueryBackend, key: str) -> dict[str, object] | None:
    """The article ``kgr:article/<key>`` with its text and the events it mentions; None if absent."""
    iri = KGR + "article/" + key
    node = _stored(store, iri, "Article")
    if node is None:
        return None
    (article,) = describe_articles(store, [iri])
    text = store.select(SPARQL_HEADER + f"SELECT ?text WHERE {{ {node} kgo:articleText ?text }} LIMIT 1")
    article["text"] = text[0]["text"] if text else None
    rows = store.select(_events_by_date(f"?e a kgo:Event ; kgo:hasMention/kgo:inArticle {node} ."))
    article["mentioned_events"] = summarise(store, [row["e"] for row in rows])
    for event in article["mentioned_events"]:
        event.pop("killed"), event.pop("injured")
    return article


def _properties(store: QueryBackend, iris: Sequence[str], names: dict[str, str], *,
                types: bool = True) -> dict[str, dict[str, object]]:
    """``{iri: {name: [values], "type": most specific kgo: class}}`` for the given properties."""
    found: dict[str, dict[str, object]] = {iri: {name: [] for name in names.values()} for iri in iris}
    type_sets: dict[str, set[str]] = {iri: set() for iri in iris}
    wanted = [*names, RDF_TYPE] if types else list(names)
    for chunk in _chunks(list(iris)):
        rows = store.select(SPARQL_HEADER + f"""SELECT DISTINCT ?x ?p ?v WHERE {{
  {_values("x", chunk)} ?x ?p ?v FILTER(?p IN ({', '.join(f'<{p}>' for p in wanted)})) }} ORDER BY ?x ?p ?v""")
        for row in rows:
            if row["p"] == RDF_TYPE:
                if str(row["v"]).startswith(KGO):
                    type_sets[row["x"]].add(row["v"])
            else:
                found[row["x"]][names[row["p"]]].append(row["v"])
    if types:
        for iri, specific in zip(iris, most_specific(store, [type_sets[iri] for iri in iris])):
            found[iri]["type"] = local_id(min(specific)) if specific else None
    return found


def _event_counts(store: QueryBackend, iris: Sequence[str], pattern: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for chunk in _chunks(list(iris)):
        for row in store.select(SPARQL_HEADER + f"""SELECT ?x (COUNT(DISTINCT ?e) AS ?n) WHERE {{
  {_values("x", chunk)} {pattern} }} GROUP BY ?x"""):
            counts[row["x"]] = int(row["n"])
    return counts


def _first(values: list[object]) -> object:
    return min(values, key=str) if values else None


# --- the graph around nodes, paths, causal chains ----------------------------------------------

# (property, edge kind, edge label) of the edges walked between events, actors and places
ROLE_EDGES = (("kgo:hasAgent", "participation", "agent"), ("kgo:hasTarget", "participation", "target"),
              ("kgo:hasPlace", "location", "place"), ("kgo:within", "location", "within"))


def _edge_patterns(n: str, m: str) -> list[str]:
    """SPARQL patterns binding ?source ?target ?kind ?label for the edges from ``n`` to ``m``."""
    patterns = [f'{n} {prop} {m} . BIND("{kind}" AS ?kind) BIND("{label}" AS ?label)'
                for prop, kind, label in ROLE_EDGES]
    patterns.append(f'{n} kgo:causes {m} . BIND("causal" AS ?kind) BIND("causes" AS ?label)')
    patterns.append(f'?l a kgo:CausalLink ; kgo:linkSource {n} ; kgo:linkTarget {m} . {KEPT} '
                    'BIND("causal" AS ?kind) BIND("causes" AS ?label)')
    patterns.append(f'?d a kgo:CoreferenceDecision ; kgo:mergedFrom {n} ; kgo:mergeInto {m} . '
                    'BIND("coreference" AS ?kind) BIND("same event" AS ?label)')  # once, vague → keyed
    patterns.append(f'?l a kgo:TemporalLink ; kgo:linkSource {n} ; kgo:linkTarget {m} . {KEPT} '
                    'OPTIONAL { ?l kgo:relationType ?relation } BIND("temporal" AS ?kind) '
                    'BIND(COALESCE(?relation, "vague") AS ?label)')
    return patterns


def neighbours(store: QueryBackend, iris: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """Every (source, target, kind, label) edge touching the given nodes, either way."""
    edges: set[tuple[str, str, str, str]] = set()
    for chunk in _chunks(list(iris)):
        values = _values("n", chunk)
        branches = [f"{{ {values} {p} BIND(?n AS ?source) BIND(?m AS ?target) }}" for p in _edge_patterns("?n", "?m")]
        branches += [f"{{ {values} {p} BIND(?m AS ?source) BIND(?n AS ?target) }}" for p in _edge_patterns("?m", "?n")]
        rows = store.select(SPARQL_HEADER + "SELECT DISTINCT ?source ?target ?kind ?label WHERE {\n  "
                            + "\n  UNION ".join(branches) + "\n}")
        edges.update((r["source"], r["target"], r["kind"], r["label"]) for r in rows
                     if isinstance(r.get("source"), str) and isinstance(r.get("target"), str)
                     and not r["source"].startswith("_:") and not r["target"].startswith("_:"))
    return sorted(edges)


def _expand(store: QueryBackend, graph: nx.MultiDiGraph, seeds: Sequence[str], depth: int,
            max_nodes: int) -> bool:
    """Walk ``depth`` hops out from ``seeds`` adding nodes and edges to ``graph``; True if cut at ``max_nodes``."""
    frontier, seen, truncated = list(seeds), set(seeds), False
    graph.add_nodes_from(seeds)
    for _ in range(depth):
        if not frontier:
            break
        found = []
        for source, target, kind, label in neighbours(store, frontier):
            for node in (source, target):
                if node not in seen:
                    if graph.number_of_nodes() >= max_nodes:
                        truncated = True
                        break
                    seen.add(node)
                    found.append(node)
                    graph.add_node(node)
            if source in graph and target in graph:
                graph.add_edge(source, target, key=(kind, label), kind=kind, label=label)
        frontier = found
    return truncated


def _annotate(store: QueryBackend, graph: nx.MultiDiGraph) -> None:
    """Label, kind and most specific type on every node."""
    nodes = sorted(graph.nodes)
    found = _properties(store, nodes, {RDFS_LABEL: "label"})
    for node in nodes:
        graph.nodes[node].update(id=node_name(node), iri=node, label=_first(found[node]["label"]),
                                 kind=node_kind(node), type=found[node]["type"])


def graph_json(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, object]]]:
    """Nodes and edges as JSON (for a graph widget), nodes named by their path under kgr:."""
    fields = ("id", "iri", "label", "kind", "type")
    return {"nodes": [{name: data.get(name) for name in fields} for _, data in sorted(graph.nodes(data=True))],
            "edges": [{"source": node_name(u), "target": node_name(v), "kind": d["kind"], "label": d["label"]}
                      for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"]))]}


def subgraph(store: QueryBackend, nodes: Sequence[str], *, depth: int = 1,
             max_nodes: int = 500) -> dict[str, object]:
    """The nodes (IRIs) and what lies within ``depth`` hops of them, at most ``max_nodes`` nodes."""
    graph = nx.MultiDiGraph()
    truncated = _expand(store, graph, list(dict.fromkeys(nodes)), depth, max_nodes)
    _annotate(store, graph)
    return {**graph_json(graph), "truncated": truncated}


def connection_paths(graph: nx.MultiDiGraph, source: str, target: str, limit: int = 5) -> list[list[str]]:
    """Up to ``limit`` shortest paths between two nodes, ignoring edge direction."""
    undirected = nx.Graph(graph)
    if source not in undirected or target not in undirected:
        return []
    try:
        return [path for path, _ in zip(nx.shortest_simple_paths(undirected, source, target), range(limit))]
    except nx.NetworkXNoPath:
        return []


def paths(store: QueryBackend, source: str, target: str, *, max_length: int = 4, limit: int = 5,
          max_nodes: int = 20_000, include_planned: bool = False) -> dict[str, object]:
    """Up to ``limit`` shortest paths of at most ``max_length`` edges between two nodes (IRIs),
    over participation, location, causal and temporal edges, ignoring their direction.

    Both ends are walked halfway, so every path that short is in the walked graph unless the
    walk was cut at ``max_nodes`` (``truncated``); networkx then finds the shortest ones.
    """
    graph = nx.MultiDiGraph()
    cut = _expand(store, graph, [source], (max_length + 1) // 2, max_nodes)
    cut = _expand(store, graph, [target], max_length // 2, max_nodes) or cut
    if not include_planned:  # events no article asserts do not connect anything (the ends stay)
        graph.remove_nodes_from(set(unasserted(store, list(graph.nodes))) - {source, target})
    found = [path for path in connection_paths(graph, source, target, limit=limit) if len(path) - 1 <= max_length]
    on_paths = nx.MultiDiGraph(graph.subgraph({node for path in found for node in path}))
    _annotate(store, on_paths)
    result = []
    for path in found:
        edges = []
        for u, v in zip(path, path[1:]):
            forward = on_paths.get_edge_data(u, v) or {}
            (a, b), data = ((u, v), forward) if forward else ((v, u), on_paths.get_edge_data(v, u))
            first = data[min(data)]
            edges.append({"source": node_name(a), "target": node_name(b), "kind": first["kind"], "label": first["label"]})
        nodes = [{name: on_paths.nodes[n].get(name) for name in ("id", "iri", "label", "kind", "type")} for n in path]
        result.append({"length": len(path) - 1, "nodes": nodes, "edges": edges})
    return {"from": node_name(source), "to": node_name(target), "paths": result, "truncated": cut}


def unasserted(store: QueryBackend, iris: Sequence[str]) -> list[str]:
    """The events among ``iris`` that no article asserts (only planned, possible or denied)."""
    found = []
    for chunk in _chunks(list(iris)):
        found += [row["e"] for row in store.select(SPARQL_HEADER + f"""SELECT ?e WHERE {{ {_values("e", chunk)}
  ?e kgo:factuality ?said . FILTER NOT EXISTS {{ ?e kgo:factuality "asserted" }} }}""")]
    return found


def causal_chain(store: QueryBackend, key: str, *, direction: str = "causes", depth: int = 3,
                 max_events: int = 500, include_planned: bool = False) -> dict[str, object] | None:
    """What led to the event ``kgr:event/<key>`` (``causes``) or followed from it (``effects``),
    ``depth`` causal steps deep, each step with the sentences that support it; None if no such event.

    Events no article asserts (planned, possible, denied: ``kgo:factuality``) are left out unless
    ``include_planned``: a speech "set to" happen caused nothing yet."""
    if direction not in ("causes", "effects"):
        raise QueryError(f"direction must be 'causes' or 'effects', not {direction!r}")
    root = KGR + "event/" + key
    node = _stored(store, root, "Event")
    if node is None:
        return None
    near, far = ("effect", "cause") if direction == "causes" else ("cause", "effect")
    distance, pairs, frontier, truncated = {root: 0}, {}, [root], False
    for step in range(1, depth + 1):
        found = []
        for chunk in _chunks(frontier):
            values = _values(near, chunk)  # inside each branch: Oxigraph does not push it into a UNION
            only = "" if include_planned else asserted(f"?{far}")
            rows = store.select(SPARQL_HEADER + f"""SELECT DISTINCT ?cause ?effect WHERE {{
  {{ {values} ?cause kgo:causes ?effect }}
  UNION {{ {values} ?l kgo:linkSource ?cause ; kgo:linkTarget ?effect ; a kgo:CausalLink . {KEPT} }} {only} }}""")
            for row in rows:
                pairs.setdefault((row["cause"], row["effect"]), step)
                other = row[far]
                if other not in distance:
                    if len(distance) > max_events:
                        truncated = True
                        continue
                    distance[other] = step
                    found.append(other)
        frontier = found
    evidence = _causal_evidence(store, list(pairs))
    summaries = {event["iri"]: event for event in summarise(store, sorted(distance, key=lambda e: (distance[e], e)))}
    for event in summaries.values():
        event.pop("killed"), event.pop("injured")

    def ref(iri: str) -> dict[str, object]:
        return {"id": local_id(iri), "label": summaries[iri]["label"]}

    links = [{"source": ref(cause), "target": ref(effect), "distance": step, "evidence": evidence.get((cause, effect), [])}
             for (cause, effect), step in sorted(pairs.items(), key=lambda item: (item[1], item[0]))
             if cause in summaries and effect in summaries]
    return {"event": summaries[root], "direction": direction, "depth": depth,
            "events": [summaries[iri] for iri in summaries if iri != root], "links": links, "truncated": truncated}


def _causal_evidence(store: QueryBackend, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[dict[str, object]]]:
    evidence: dict[tuple[str, str], list[dict[str, object]]] = {}
    for start in range(0, len(pairs), CHUNK):
        values = " ".join(f"({iri_term(c)} {iri_term(e)})" for c, e in pairs[start:start + CHUNK])
        rows = store.select(SPARQL_HEADER + f"""SELECT DISTINCT ?l ?cause ?effect ?text ?cue ?confidence ?article WHERE {{
  VALUES (?cause ?effect) {{ {values} }} ?l a kgo:CausalLink ; kgo:linkSource ?cause ; kgo:linkTarget ?effect . {KEPT}
  OPTIONAL {{ ?l kgo:evidence ?text }} OPTIONAL {{ ?l kgo:cue ?cue }} OPTIONAL {{ ?l kgo:confidence ?confidence }}
  OPTIONAL {{ ?l kgo:inArticle ?article }} }} ORDER BY ?cause ?effect ?l""")
        for row in _first_per(rows, "l"):
            evidence.setdefault((row["cause"], row["effect"]), []).append({
                "link": local_id(row["l"]), "text": row.get("text"), "cue": row.get("cue"),
                "confidence": row.get("confidence"), "article": _optional_id(row, "article")})
    return evidence


# --- counts ------------------------------------------------------------------------------------


#: what each count counts: distinct instances (a store-wide set), shared by /stats, kg ingest and the view
COUNTED = {"events": "?x a kgo:Event", "actors": _instances("actor", "Actor", ""), "places": _instances("place", "Place", "")}


def instance_counts(store: QueryBackend) -> dict[str, int]:
    """Distinct events, actors and places in the store: the one definition every count uses."""
    counts = {}
    for name, pattern in COUNTED.items():
        (row,) = store.select(SPARQL_HEADER + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
        counts[name] = int(row["n"])
    return counts


def stats(store: QueryBackend) -> dict[str, object]:
    """How big the graph is: instances of each kind, links, event types and the dates covered."""
    counts = {}
    for name, pattern in (("articles", "?x a kgo:Article"), *COUNTED.items(),
                          ("mentions", "?x a kgo:Mention"), ("claims", "?x a kgo:Claim"),
                          ("causal_links", f"?x a kgo:CausalLink . {KEPT.replace('?l', '?x')}"),
                          ("temporal_links", f"?x a kgo:TemporalLink . {KEPT.replace('?l', '?x')}"),
                          ("rejected_links", "?x a kgo:RejectedLink")):
        (row,) = store.select(SPARQL_HEADER + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
        counts[name] = int(row["n"])
    # our graphs only: a server's own graphs (Virtuoso keeps thousands of system triples) are not ours
    (triples,) = store.select(f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{KGR}")) }}')
    (dates,) = store.select(SPARQL_HEADER + "SELECT (MIN(?a) AS ?first) (MAX(?b) AS ?last) WHERE { "
                            "?e a kgo:Event ; kgo:earliest ?a ; kgo:latest ?b }")
    types = store.select(SPARQL_HEADER + f"""SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a kgo:Event ; a ?type
  FILTER(STRSTARTS(STR(?type), "{KGO}")) }} GROUP BY ?type ORDER BY DESC(?n) ?type""")
    return {"triples": int(triples["n"]), **counts,
            "event_types": [{"type": local_id(row["type"]), "events": int(row["n"])} for row in types],
            "first_date": dates.get("first"), "last_date": dates.get("last")}


def describe(store: QueryBackend, iris: Sequence[str], *, with_mentions: bool = False) -> rdflib.Graph:
    """The triples about the given resources (and, if asked, about their mentions, claims and links),
    for answering a REST resource as RDF."""
    graph = rdflib.Graph()
    for chunk in _chunks(list(iris)):
        values = _values("r", chunk)
        parts = [f"{{ {values} ?r ?p ?o BIND(?r AS ?s) }}"]
        if with_mentions:
            parts += [f"{{ {values} ?r kgo:hasMention ?s . ?s ?p ?o }}",
                      f"{{ {values} ?s kgo:about ?r ; ?p ?o }}",
                      f"{{ {values} ?s kgo:linkSource|kgo:linkTarget ?r ; ?p ?o }}"]
        graph += store.construct(SPARQL_HEADER + "CONSTRUCT { ?s ?p ?o } WHERE { " + " UNION ".join(parts) + " }")
    for prefix, namespace in (("kgo", KGO), ("kgr", KGR)):
        graph.bind(prefix, namespace)
    return graph
