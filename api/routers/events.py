"""``/events``: the event timeline as JSON, filtered and paged, and one event with its provenance.

Everything is read with SPARQL over the union of the article graphs. Oxigraph's union
graph repeats a triple once per article that states it, so queries use DISTINCT or
aggregates, and fetch one property per row (never a cross product of OPTIONALs).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from rdflib.namespace import RDFS

from api.deps import StoreDep
from api.errors import ApiError, error_responses
from kg.store import Store
from kg.vocab import load_ontology

router = APIRouter(prefix="/events", tags=["events"])

KGO = "https://w3id.org/newskg/ontology#"
KGR = "https://w3id.org/newskg/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIXES = f"""PREFIX kgo: <{KGO}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
"""
REFS = {KGO + "hasPlace": "places", KGO + "hasAgent": "agents", KGO + "hasTarget": "targets"}
SCALARS = {RDFS_LABEL: "label", KGO + "timeValue": "time", KGO + "earliest": "earliest", KGO + "latest": "latest",
           KGO + "confidence": "confidence", KGO + "killed": "killed", KGO + "injured": "injured"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ref(_Model):
    id: str = Field(description="Last path segment of the IRI, usable in URLs.", examples=["baghdad"])
    label: str | None = Field(None, description="rdfs:label of the instance.", examples=["Baghdad"])


class EventSummary(_Model):
    id: str = Field(description="Event id: the last path segment of its IRI.", examples=["kerman-bombing"])
    iri: str = Field(description="The event's IRI.", examples=[KGR + "event/kerman-bombing"])
    label: str | None = Field(None, description="rdfs:label.", examples=["Kerman bombings"])
    type: str = Field(description="Most specific kgo: class asserted (local name).", examples=["Explosion"])
    time: str | None = Field(None, description="TimeML value of the event time.", examples=["2024-01-03"])
    earliest: str | None = Field(None, description="Earliest possible date (ISO).", examples=["2024-01-03"])
    latest: str | None = Field(None, description="Latest possible date (ISO).", examples=["2024-01-03"])
    confidence: float | None = Field(None, description="Extraction confidence in [0, 1].", examples=[0.8])
    places: list[Ref] = Field(description="Where it happened (kgo:hasPlace).")
    agents: list[Ref] = Field(description="Who did it (kgo:hasAgent).")
    targets: list[Ref] = Field(description="Who it was done to (kgo:hasTarget).")


class EventPage(_Model):
    items: list[EventSummary] = Field(description="Events of this page, by earliest date.")
    total: int = Field(description="Events matching the filters, over all pages.", examples=[3])
    limit: int = Field(description="Page size asked for.", examples=[100])
    offset: int = Field(description="Events skipped before this page.", examples=[0])


class Mention(_Model):
    id: str = Field(description="Mention id.")
    article: str | None = Field(None, description="Id of the article the span is in.")
    start: int | None = Field(None, description="Character offset where the anchor starts.")
    end: int | None = Field(None, description="Character offset where the anchor ends.")
    anchor: str | None = Field(None, description="The anchor text (the event trigger).")
    sentence: str | None = Field(None, description="The sentence the mention is in.")


class Claim(_Model):
    id: str = Field(description="Claim id.")
    property: str | None = Field(None, description="What is claimed (e.g. 'killed').")
    value: int | float | str | None = Field(None, description="The claimed value.")
    reporter: str | None = Field(None, description="Who reported it.")
    reported_at: str | None = Field(None, description="When it was reported (ISO date).")
    article: str | None = Field(None, description="Id of the article that reports it.")
    evidence: str | None = Field(None, description="The sentence the claim was read from.")


class Link(_Model):
    id: str = Field(description="Link id.")
    type: str = Field(description="kgo: class of the link (CausalLink, TemporalLink).")
    relation: str | None = Field(None, description="Relation type, e.g. 'before'.")
    source: Ref = Field(description="The event the link starts from.")
    target: Ref = Field(description="The event the link points to.")
    evidence: str | None = Field(None, description="The text that supports the link.")
    cue: str | None = Field(None, description="The cue word, e.g. 'after'.")
    confidence: float | None = Field(None, description="Confidence in [0, 1].")
    article: str | None = Field(None, description="Id of the article the link was read from.")


class Source(_Model):
    id: str = Field(description="Article id.")
    iri: str = Field(description="Article IRI.")
    title: str | None = Field(None, description="dcterms:title.")
    published: str | None = Field(None, description="schema:datePublished (ISO date).")


class EventDetail(EventSummary):
    killed: int | None = Field(None, description="Number killed (kgo:killed).")
    injured: int | None = Field(None, description="Number injured (kgo:injured).")
    mentions: list[Mention] = Field(description="Spans of articles that mention the event (provenance).")
    claims: list[Claim] = Field(description="Claims reported about the event.")
    links_out: list[Link] = Field(description="Links from this event to others.")
    links_in: list[Link] = Field(description="Links from other events to this one.")
    sources: list[Source] = Field(description="Articles that mention the event.")


def local_id(iri: object) -> str:
    """The last path segment of an IRI (blank nodes keep their '_:' label)."""
    text = str(iri)
    return text if text.startswith("_:") else text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _iri(value: str) -> str:
    try:
        return str(ox.NamedNode(value))
    except ValueError:
        raise ApiError(404, f"no event {local_id(value)!r}") from None


def _match(properties: str, needle: str) -> str:
    """Events with a related instance whose id is ``needle`` or whose label contains it."""
    return (f"FILTER EXISTS {{ ?e {properties} ?x . OPTIONAL {{ ?x rdfs:label ?xl }} "
            f"FILTER(STRENDS(STR(?x), {ox.Literal('/' + needle)}) || "
            f"CONTAINS(LCASE(STR(?xl)), {ox.Literal(needle.lower())})) }}")


def event_filters(type_: str | None, start: dt.date | None, end: dt.date | None, place: str | None,
                  actor: str | None, min_confidence: float | None) -> str:
    """The WHERE body selecting ``?e`` for the /events filters (values escaped as literals)."""
    parts = ["?e a kgo:Event ."]
    if type_:
        parts.append(f"?e a kgo:{type_} .")
    if start:  # the event's last possible day is on or after start
        parts.append(f'FILTER EXISTS {{ ?e kgo:earliest|kgo:latest ?d1 FILTER(?d1 >= "{start}"^^xsd:date) }}')
    if end:  # its first possible day is on or before end
        parts.append(f'FILTER EXISTS {{ ?e kgo:earliest|kgo:latest ?d2 FILTER(?d2 <= "{end}"^^xsd:date) }}')
    if place:
        parts.append(_match("kgo:hasPlace", place))
    if actor:
        parts.append(_match("kgo:hasAgent|kgo:hasTarget", actor))
    if min_confidence is not None:
        parts.append(f"FILTER EXISTS {{ ?e kgo:confidence ?c FILTER(?c >= {float(min_confidence)!r}) }}")
    return "\n  ".join(parts)


def summarise(store: Store, iris: list[str]) -> list[dict[str, object]]:
    """Summaries of events in the given order: one query for every property, assembled here."""
    if not iris:
        return []
    values = " ".join(f"<{iri}>" for iri in iris)
    properties = " ".join(f"<{p}>" for p in (*SCALARS, *REFS, RDF_TYPE))
    rows = store.select(PREFIXES + f"""SELECT DISTINCT ?e ?p ?v ?vl WHERE {{
  VALUES ?e {{ {values} }} VALUES ?p {{ {properties} }}
  ?e ?p ?v . OPTIONAL {{ ?v rdfs:label ?vl }} }} ORDER BY ?e ?p ?v ?vl""")
    events = {iri: {"id": local_id(iri), "iri": iri, "types": set(), **{name: [] for name in REFS.values()}}
              for iri in iris}
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
    for event, types in zip(events.values(), _most_specific(store, [e.pop("types") for e in events.values()])):
        for name in SCALARS.values():
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


@functools.cache
def _ontology_subclasses() -> frozenset[tuple[str, str]]:
    """(sub, super) pairs of the ontology file: kg.graph asserts every superclass of an event."""
    try:
        ontology = load_ontology()
    except (OSError, ValueError, SyntaxError):  # no usable ontology file: the store's axioms only
        return frozenset()
    return frozenset((str(sub), str(sup)) for sub in set(ontology.subjects(RDFS.subClassOf))
                     for sup in ontology.transitive_objects(sub, RDFS.subClassOf) if sub != sup)


def _most_specific(store: Store, type_sets: list[set[str]]) -> list[set[str]]:
    """Each event's types minus their superclasses, by the ontology file, then the store's axioms."""
    pairs = _ontology_subclasses()
    specific = [{t for t in types if not any((o, t) in pairs for o in types)} for types in type_sets]
    ambiguous = set().union(*(types for types in specific if len(types) > 1))
    if ambiguous:
        values = " ".join(f"<{t}>" for t in ambiguous)
        rows = store.select(PREFIXES + f"""SELECT DISTINCT ?sub ?sup WHERE {{
  VALUES ?sub {{ {values} }} VALUES ?sup {{ {values} }} ?sub rdfs:subClassOf+ ?sup FILTER(?sub != ?sup) }}""")
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


def event_detail(store: Store, key: str) -> dict[str, object] | None:
    """The event ``kgr:event/<key>`` with its mentions, claims, links and sources; None if absent."""
    iri = KGR + "event/" + key
    node = _iri(iri)
    if not bool(store.query(PREFIXES + f"ASK {{ {node} a kgo:Event }}")):
        return None
    (event,) = summarise(store, [iri])
    mentions = store.select(PREFIXES + f"""SELECT DISTINCT ?m ?article ?start ?end ?anchor ?sentence WHERE {{
  {node} kgo:hasMention ?m . OPTIONAL {{ ?m kgo:inArticle ?article }} OPTIONAL {{ ?m kgo:startOffset ?start }}
  OPTIONAL {{ ?m kgo:endOffset ?end }} OPTIONAL {{ ?m kgo:anchorText ?anchor }}
  OPTIONAL {{ ?m kgo:sentenceText ?sentence }} }} ORDER BY ?article ?start ?m""")
    event["mentions"] = [{"id": local_id(r["m"]), "article": _optional_id(r, "article"),
                          "start": r.get("start"), "end": r.get("end"), "anchor": r.get("anchor"),
                          "sentence": r.get("sentence")} for r in _first_per(mentions, "m")]
    claims = store.select(PREFIXES + f"""SELECT DISTINCT ?c ?property ?value ?reporter ?reportedAt ?article
  ?evidence WHERE {{ ?c kgo:about {node} ; a kgo:Claim . OPTIONAL {{ ?c kgo:claimProperty ?property }}
  OPTIONAL {{ ?c kgo:claimValue ?value }} OPTIONAL {{ ?c kgo:reporterName ?reporter }}
  OPTIONAL {{ ?c kgo:reportedAt ?reportedAt }} OPTIONAL {{ ?c kgo:inArticle ?article }}
  OPTIONAL {{ ?c kgo:evidence ?evidence }} }} ORDER BY ?reportedAt ?c""")
    event["claims"] = [{"id": local_id(r["c"]), "property": r.get("property"), "value": r.get("value"),
                        "reporter": r.get("reporter"), "reported_at": r.get("reportedAt"),
                        "article": _optional_id(r, "article"), "evidence": r.get("evidence")}
                       for r in _first_per(claims, "c")]
    links = store.select(PREFIXES + f"""SELECT DISTINCT ?l ?direction ?type ?source ?sourceLabel ?target ?targetLabel
  ?relation ?evidence ?cue ?confidence ?article WHERE {{
  {{ ?l kgo:linkSource {node} BIND("out" AS ?direction) }} UNION {{ ?l kgo:linkTarget {node} BIND("in" AS ?direction) }}
  ?l kgo:linkSource ?source ; kgo:linkTarget ?target .
  OPTIONAL {{ ?l a ?type FILTER(STRSTARTS(STR(?type), "{KGO}") && ?type != kgo:Link) }}
  OPTIONAL {{ ?source rdfs:label ?sourceLabel }} OPTIONAL {{ ?target rdfs:label ?targetLabel }}
  OPTIONAL {{ ?l kgo:relationType ?relation }} OPTIONAL {{ ?l kgo:evidence ?evidence }}
  OPTIONAL {{ ?l kgo:cue ?cue }} OPTIONAL {{ ?l kgo:confidence ?confidence }}
  OPTIONAL {{ ?l kgo:inArticle ?article }} }} ORDER BY ?direction ?l ?type""")
    for direction in ("out", "in"):
        rows = _first_per([r for r in links if r["direction"] == direction], "l")
        event[f"links_{direction}"] = [{
            "id": local_id(r["l"]), "type": local_id(r.get("type", "Link")), "relation": r.get("relation"),
            "source": {"id": local_id(r["source"]), "label": r.get("sourceLabel")},
            "target": {"id": local_id(r["target"]), "label": r.get("targetLabel")},
            "evidence": r.get("evidence"), "cue": r.get("cue"), "confidence": r.get("confidence"),
            "article": _optional_id(r, "article")} for r in rows]
    sources = store.select(PREFIXES + f"""SELECT DISTINCT ?article ?title ?published WHERE {{
  {node} kgo:hasMention/kgo:inArticle ?article . OPTIONAL {{ ?article dcterms:title ?title }}
  OPTIONAL {{ ?article schema:datePublished ?published }} }} ORDER BY ?published ?article""")
    event["sources"] = [{"id": local_id(r["article"]), "iri": r["article"], "title": r.get("title"),
                         "published": r.get("published")} for r in _first_per(sources, "article")]
    return event


LIST_EXAMPLE = {"items": [{
    "id": "kerman-bombing", "iri": KGR + "event/kerman-bombing", "label": "Kerman bombings", "type": "Explosion",
    "time": "2024-01-03", "earliest": "2024-01-03", "latest": "2024-01-03", "confidence": 0.8,
    "places": [{"id": "kerman", "label": "Kerman"}], "agents": [{"id": "isis-k", "label": "ISIS-K"}],
    "targets": []}], "total": 1, "limit": 100, "offset": 0}


@router.get(
    "",
    response_model=EventPage,
    summary="List events",
    description="Events by earliest date, filtered by asserted type, date overlap, place, actor and "
    "confidence, one page at a time. Place and actor match an id exactly or a label substring, ignoring case.",
    responses={200: {"content": {"application/json": {"example": LIST_EXAMPLE}}}, **error_responses(400, 422)},
)
def list_events(
    store: StoreDep,
    type_: Annotated[str | None, Query(alias="type", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
                                       description="kgo: class local name, e.g. DroneStrike")] = None,
    start: Annotated[dt.date | None, Query(description="Events that may have happened on or after this date")] = None,
    end: Annotated[dt.date | None, Query(description="Events that may have happened on or before this date")] = None,
    place: Annotated[str | None, Query(min_length=1, max_length=200, description="Place id or label part")] = None,
    actor: Annotated[str | None, Query(min_length=1, max_length=200, description="Agent/target id or label part")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, description="Lowest confidence kept")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size")] = 100,
    offset: Annotated[int, Query(ge=0, description="Events to skip")] = 0,
) -> dict[str, object]:
    if start and end and start > end:
        raise ApiError(400, f"start {start} is after end {end}")
    where = event_filters(type_, start, end, place, actor, min_confidence)
    (count,) = store.select(PREFIXES + f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{\n  {where}\n}}")
    page = store.select(PREFIXES + f"""SELECT ?e (MIN(?day) AS ?first) WHERE {{
  {where}
  OPTIONAL {{ ?e kgo:earliest ?day }} }} GROUP BY ?e ORDER BY (!BOUND(?first)) ?first ?e LIMIT {limit} OFFSET {offset}""")
    items = summarise(store, [row["e"] for row in page])
    for item in items:  # counts belong to the detail view
        item.pop("killed"), item.pop("injured")
    return {"items": items, "total": count["n"], "limit": limit, "offset": offset}


@router.get(
    "/{event_id}",
    response_model=EventDetail,
    summary="One event with its provenance",
    description="The event's summary plus its mentions (article, offsets, anchor, sentence), claims, causal "
    "and temporal links in and out (with evidence) and the articles that mention it.",
    responses=error_responses(404),
)
def get_event(
    store: StoreDep,
    event_id: Annotated[str, Path(description="Event id: the last path segment of its IRI")],
) -> dict[str, object]:
    event = event_detail(store, event_id)
    if event is None:
        raise ApiError(404, f"no event {event_id!r}")
    return event
