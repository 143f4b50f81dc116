"""The JSON the API answers with: one pydantic model per shape, each field described, with examples.

These are the edge of the system (the pipeline itself uses frozen dataclasses); they document
the responses in OpenAPI and check them on the way out. Ids are the last path segment of an
IRI; graph nodes are named by their path under ``https://w3id.org/newskg/id/`` (``event/x``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from kg.ingest import ISO_DATE

KGR = "https://w3id.org/newskg/id/"


def _date_shape(value: object) -> object:
    """Lets only YYYY-MM-DD through to pydantic, which would read '0' or '1704067200' as a Unix time."""
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_format", "not a date: use YYYY-MM-DD")
    return value


#: a date parameter: YYYY-MM-DD, a real day
IsoDate = Annotated[dt.date, BeforeValidator(_date_shape)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ref(_Model):
    id: str = Field(description="Last path segment of the IRI, usable in URLs.", examples=["baghdad"])
    label: str | None = Field(None, description="rdfs:label of the instance.", examples=["Baghdad"])


# --- events ----------------------------------------------------------------------------


class EventSummary(_Model):
    id: str = Field(description="Event id: the last path segment of its IRI.", examples=["manchester-bombing"])
    iri: str = Field(description="The event's IRI.", examples=[KGR + "event/manchester-bombing"])
    label: str | None = Field(None, description="rdfs:label.", examples=["Manchester Arena bombing"])
    type: str = Field(description="Most specific kgo: class asserted (local name).", examples=["Explosion"])
    time: str | None = Field(None, description="TimeML value of the event time.", examples=["2017-05-22"])
    earliest: str | None = Field(None, description="Earliest possible date (ISO).", examples=["2017-05-22"])
    latest: str | None = Field(None, description="Latest possible date (ISO).", examples=["2017-05-22"])
    first_reported: str | None = Field(None, description="Publication date of the first stored article that "
                                       "reports it (ISO): the report's time, beside the event's own.",
                                       examples=["2017-05-23"])
    confidence: float | None = Field(None, description="Extraction confidence in [0, 1].", examples=[0.8])
    factuality: Literal["asserted", "planned", "possible", "denied"] = Field(
        "asserted", description="What the reports say of it (kgo:factuality): asserted when any article asserts it, "
        "else denied, planned (future) or possible.", examples=["asserted"])
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
    rejected: str | None = Field(None, description="Why the store's consistent order of events does not keep this "
                                 "link (kgo:RejectedLink), or null when it is kept.")


class SameEvent(_Model):
    id: str = Field(description="Id of the other article's instance of the same event.")
    label: str | None = Field(None, description="Its label (rdfs:label).")
    time: str | None = Field(None, description="Its time as its articles report it (TimeML value).")
    reason: str | None = Field(None, description="Why the two are one event (the kgo:CoreferenceDecision's reason).")
    score: float | None = Field(None, description="How sure, in [0, 1].")


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
    same_as: list[SameEvent] = Field(description="Other articles' instances of the same event (kgo:sameEventAs): "
                                     "vaguer reports the pipeline could not key to this one.")
    sources: list[Source] = Field(description="Articles that mention the event.")


# --- actors, places, articles -------------------------------------------------------------


class Actor(_Model):
    id: str = Field(description="Actor id: the last path segment of its IRI.", examples=["islamic-state"])
    iri: str = Field(description="The actor's IRI.", examples=[KGR + "actor/islamic-state"])
    label: str | None = Field(None, description="Canonical name (rdfs:label).", examples=["Islamic State"])
    type: str | None = Field(None, description="Most specific kgo: class (Person, Organization, Country…).",
                             examples=["Group"])
    aliases: list[str] = Field(description="Other names met in articles (skos:altLabel).", examples=[["IS-K"]])
    events: int = Field(description="Events it took part in as agent or target.", examples=[1])


class ActorPage(_Model):
    items: list[Actor] = Field(description="Actors of this page, the most involved first.")
    total: int = Field(description="Actors matching the filters, over all pages.", examples=[5])
    limit: int = Field(description="Page size asked for.", examples=[100])
    offset: int = Field(description="Actors skipped before this page.", examples=[0])


class Place(_Model):
    id: str = Field(description="Place id: the last path segment of its IRI.", examples=["manchester"])
    iri: str = Field(description="The place's IRI.", examples=[KGR + "place/manchester"])
    label: str | None = Field(None, description="Name (rdfs:label).", examples=["Manchester"])
    type: str | None = Field(None, description="Most specific kgo: class (City, Country, Region, Facility).",
                             examples=["City"])
    lat: float | None = Field(None, description="WGS84 latitude.", examples=[30.28])
    long: float | None = Field(None, description="WGS84 longitude.", examples=[57.08])
    geonames_id: int | None = Field(None, description="GeoNames id.", examples=[128234])
    country_code: str | None = Field(None, description="ISO 3166 country code.", examples=["IR"])
    within: Ref | None = Field(None, description="The place it lies in (kgo:within).")
    events: int = Field(description="Events that happened there.", examples=[1])


class PlacePage(_Model):
    items: list[Place] = Field(description="Places of this page, the most eventful first.")
    total: int = Field(description="Places matching the filters, over all pages.", examples=[3])
    limit: int = Field(description="Page size asked for.", examples=[100])
    offset: int = Field(description="Places skipped before this page.", examples=[0])


class Article(_Model):
    id: str = Field(description="Article id (content-derived).", examples=["a2"])
    iri: str = Field(description="The article's IRI; also the name of its graph.", examples=[KGR + "article/a2"])
    title: str | None = Field(None, description="Title.", examples=["Threat level raised after Manchester bombing"])
    published: str | None = Field(None, description="Publication date (ISO).", examples=["2017-05-23"])
    publisher: str | None = Field(None, description="Publisher or site name.", examples=["Example News"])
    url: str | None = Field(None, description="Where it was published.", examples=["https://example.org/manchester"])
    events: int = Field(description="Events it mentions.", examples=[3])


class ArticlePage(_Model):
    items: list[Article] = Field(description="Articles of this page, newest first.")
    total: int = Field(description="Articles matching the filters, over all pages.", examples=[2])
    limit: int = Field(description="Page size asked for.", examples=[100])
    offset: int = Field(description="Articles skipped before this page.", examples=[0])


class ArticleDetail(Article):
    text: str | None = Field(None, description="The text all mention offsets index into.")
    mentioned_events: list[EventSummary] = Field(description="Events the article mentions, by date.")


class IngestItem(_Model):
    line: int | None = Field(description="Line of a JSON Lines body, or place in a JSON array, from 1; null for "
                             "a text or HTML body.", examples=[2])
    status: Literal["stored", "skipped", "failed"] = Field(
        description="stored: added now; skipped: already in the store; failed: not stored (see error).",
        examples=["failed"])
    id: str | None = Field(None, description="Article id (null when the item could not be read).",
                           examples=["5f0c1d2e3a4b5c6d"])
    error: str | None = Field(None, description="Why the item was not stored, one line naming it.",
                              examples=["body: line 2: invalid date 'someday': expected YYYY-MM-DD"])


class IngestReport(_Model):
    added: list[str] = Field(description="Ids of the articles added.", examples=[["5f0c1d2e3a4b5c6d"]])
    skipped: list[str] = Field(description="Ids of articles already in the store (not re-processed).",
                               examples=[[]])
    failed: list[str] = Field(description="One line per item not stored: which one, and why.", examples=[[]])
    items: list[IngestItem] = Field(description="What became of each item of the body, in order.")
    triples: int = Field(description="Triples written.", examples=[412])
    events: int = Field(description="Events found in the added articles.", examples=[6])
    actors: int = Field(description="Actors found.", examples=[4])
    places: int = Field(description="Places found.", examples=[2])
    links: int = Field(description="Temporal and causal links found.", examples=[5])


# --- search --------------------------------------------------------------------------------


class SearchHit(_Model):
    kind: Literal["event", "article", "actor", "place"] = Field(description="What was found.", examples=["event"])
    id: str = Field(description="Its id, as its REST route names it.", examples=["attack-kerman-2024-01-03"])
    iri: str = Field(description="Its IRI.", examples=[KGR + "event/attack-kerman-2024-01-03"])
    url: str = Field(description="Its route in this API (`/events/{id}`, `/articles/{id}`, `/actors/{id}`, "
                     "`/places/{id}`).", examples=["/events/attack-kerman-2024-01-03"])
    label: str | None = Field(None, description="Its label (an article's title).",
                              examples=["bombing in Manchester (2017-05-22)"])
    type: str | None = Field(None, description="Most specific kgo: class (local name).", examples=["Bombing"])
    earliest: str | None = Field(None, description="An event's earliest possible day, an article's publication "
                                 "day (ISO); null for actors and places.", examples=["2024-01-03"])
    latest: str | None = Field(None, description="An event's latest possible day, an article's publication day "
                               "(ISO).", examples=["2024-01-03"])
    score: float = Field(description="BM25 relevance (higher is better; comparable within one answer only).",
                         examples=[15.21])
    snippet: str = Field(description="The best passage of the first field that matches: a sentence or "
                         "evidence of an event, an article's text, or a label or alias.",
                         examples=["A suicide bomber struck the foyer of the arena in Manchester."])
    highlights: list[list[int]] = Field(description="Where the matched words are in `snippet`: [start, end) "
                                        "character offsets.", examples=[[[44, 50]]])


class SearchResults(_Model):
    query: str = Field(description="The text searched for.", examples=["Manchester"])
    total: int = Field(description="Resources that match, over all pages.", examples=[8])
    limit: int = Field(description="Page size asked for.", examples=[20])
    offset: int = Field(description="Hits skipped before this page.", examples=[0])
    items: list[SearchHit] = Field(description="The hits of this page, best first.")


# --- timeline ------------------------------------------------------------------------------


class TimelineItem(_Model):
    id: str = Field(description="Event id.", examples=["manchester-bombing"])
    content: str = Field(description="Text shown on the item (the event label).", examples=["Manchester Arena bombing"])
    start: str = Field(description="Earliest possible day (ISO).", examples=["2017-05-22"])
    end: str | None = Field(None, description="Day after the latest possible day (exclusive), for events "
                            "known only to a range of days; null for a single day.", examples=[None])
    type: str = Field(description="vis-timeline item type: 'box' for a day, 'range' for a span, 'point' for an "
                      "event placed at its first report.", examples=["box"])
    group: str = Field(description="Group id: the event type.", examples=["Explosion"])
    title: str = Field(description="Tooltip: type, places and TimeML value.", examples=["Explosion · Manchester · 2017-05-22"])
    className: str = Field(description="CSS class for styling by type (and `kg-reported`; `kg-planned`, `kg-possible` "
                           "or `kg-denied` for events no article asserts).", examples=["kg-explosion"])
    factuality: Literal["asserted", "planned", "possible", "denied"] = Field(
        "asserted", description="What the reports say of the event (kgo:factuality).", examples=["asserted"])
    reported: bool = Field(False, description="True when the event's own time is unknown and `start` is the day it "
                           "was first reported (with `undated=true`).", examples=[False])


class TimelineGroup(_Model):
    id: str = Field(description="Group id (an event type).", examples=["Explosion"])
    content: str = Field(description="Group label.", examples=["Explosion"])


class Timeline(_Model):
    items: list[TimelineItem] = Field(description="Dated events in time order, as vis-timeline items.")
    groups: list[TimelineGroup] = Field(description="One vis-timeline group per event type present.")
    truncated: bool = Field(description="True when more events matched than `limit`.", examples=[False])


# --- graph, paths, causal chains ------------------------------------------------------------


class GraphNode(_Model):
    id: str = Field(description="Path of the IRI under kgr: (kind/key).", examples=["event/manchester-bombing"])
    iri: str = Field(description="The node's IRI.", examples=[KGR + "event/manchester-bombing"])
    label: str | None = Field(None, description="rdfs:label.", examples=["Manchester Arena bombing"])
    kind: str = Field(description="event, actor, place, article or other.", examples=["event"])
    type: str | None = Field(None, description="Most specific kgo: class.", examples=["Explosion"])


class GraphEdge(_Model):
    source: str = Field(description="Node id the edge starts from.", examples=["event/manchester-bombing"])
    target: str = Field(description="Node id the edge points to.", examples=["place/manchester"])
    kind: str = Field(description="participation, location, causal or temporal.", examples=["location"])
    label: str = Field(description="agent, target, place, within, causes, or the temporal relation.",
                       examples=["place"])


class Subgraph(_Model):
    nodes: list[GraphNode] = Field(description="Nodes within the depth asked for.")
    edges: list[GraphEdge] = Field(description="Edges met while walking out from the start nodes.")
    truncated: bool = Field(description="True when the walk stopped at `max_nodes`.", examples=[False])


class Path(_Model):
    length: int = Field(description="Number of edges.", examples=[3])
    nodes: list[GraphNode] = Field(description="Nodes from `from` to `to`.")
    edges: list[GraphEdge] = Field(description="The edge between each pair of consecutive nodes, in its own "
                                   "direction.")


class Paths(_Model):
    from_: str = Field(alias="from", description="Start node id.", examples=["actor/united-kingdom"])
    to: str = Field(description="End node id.", examples=["actor/islamic-state"])
    paths: list[Path] = Field(description="Shortest paths first; empty when none is short enough.")
    truncated: bool = Field(description="True when the search stopped at its node budget (a path may be missed).",
                            examples=[False])

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Evidence(_Model):
    link: str = Field(description="Id of the kgo:CausalLink node.", examples=["3"])
    text: str | None = Field(None, description="The sentence that states the link.")
    cue: str | None = Field(None, description="The causal cue, e.g. 'in retaliation for'.")
    confidence: float | None = Field(None, description="Confidence in [0, 1].")
    article: str | None = Field(None, description="Id of the article it was read from.")


class CausalStep(_Model):
    source: Ref = Field(description="The cause.")
    target: Ref = Field(description="The effect.")
    distance: int = Field(description="Causal steps from the event asked about.", examples=[1])
    evidence: list[Evidence] = Field(description="Sentences that support the link (may be empty for a bare "
                                     "kgo:causes triple).")


class CausalChain(_Model):
    event: EventSummary = Field(description="The event asked about.")
    direction: str = Field(description="'causes' (what led to it) or 'effects' (what followed from it).",
                           examples=["causes"])
    depth: int = Field(description="Causal steps walked.", examples=[3])
    events: list[EventSummary] = Field(description="Events in the chain, nearest first.")
    links: list[CausalStep] = Field(description="The causal links of the chain, nearest first.")
    truncated: bool = Field(description="True when the chain was cut at its size limit.", examples=[False])


# --- stats -----------------------------------------------------------------------------------


class TypeCount(_Model):
    type: str = Field(description="kgo: class local name.", examples=["Explosion"])
    events: int = Field(description="Events asserted of that type (superclasses included).", examples=[1])


class Stats(_Model):
    triples: int = Field(description="Triples in all article graphs.", examples=[127])
    articles: int = Field(description="Articles.", examples=[2])
    events: int = Field(description="Events.", examples=[3])
    actors: int = Field(description="Actors.", examples=[5])
    places: int = Field(description="Places.", examples=[3])
    mentions: int = Field(description="Mentions (provenance spans).", examples=[4])
    claims: int = Field(description="Reported claims.", examples=[1])
    causal_links: int = Field(description="Causal links with evidence that the consistent order keeps.", examples=[1])
    temporal_links: int = Field(description="Temporal links with evidence that the consistent order keeps.", examples=[2])
    rejected_links: int = Field(0, description="Stated links the consistent order does not keep "
                                "(kgo:RejectedLink, each with its kgo:rejectionReason).", examples=[0])
    event_types: list[TypeCount] = Field(description="Events per type, most frequent first.")
    first_date: str | None = Field(None, description="Earliest event date (ISO).", examples=["2017-03-22"])
    last_date: str | None = Field(None, description="Latest event date (ISO).", examples=["2017-05-22"])
