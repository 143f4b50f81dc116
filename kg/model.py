"""The pipeline's data model: frozen dataclasses for articles, mentions and instances.

A *mention* is a span of one article (offsets into ``Article.text``); an *instance* is the
canonical actor, place or event of the graph, which keeps the ids of its mentions (provenance).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One news article as ingested: the text every offset indexes into, and its metadata."""

    id: str
    text: str
    date: dt.date | None = None
    title: str = ""
    source: str = ""
    url: str = ""
    path: str = ""
    format: str = "text"


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, by character offsets."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class EntityMention:
    """A named entity (or a nominal that names one) in an article."""

    id: str
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, FAC, NORP, …
    sentence: int
    canonical: str = ""  # the canonical name the resolver chose
    kind: str = ""  # actor kind or "place", set by the resolver
    title: str = ""  # "General", "President", … kept as an attribute
    of: str = ""  # for a title or role phrase ("Germany's top diplomat"): the id of the named mention it describes


@dataclass(frozen=True)
class Timex:
    """A TimeML TIMEX3: a time expression with its normalised value."""

    id: str
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TimeML value: 2024-01-03, 2020, 2013-W11, P1M, PAST_REF, …
    sentence: int


@dataclass(frozen=True)
class Argument:
    """A participant of an event mention in a role (agent, target, place, time, instrument)."""

    role: str
    entity: str  # id of an EntityMention or Timex
    text: str


#: how an event's time was found, surest first: a time expression of its own; the time of the event it
#: depends on or of its sentence; the date the story had reached; the article date (what a report says,
#: what holds as it is written); only a bound from the article date (done: on or before it; planned: on or after)
TIME_SOURCES = ("own", "inherited", "narrative", "report", "report-bounds")


@dataclass(frozen=True)
class EventMention:
    """An eventive predicate (TimeML EVENT) with its ontology type and arguments."""

    id: str
    start: int
    end: int
    text: str
    lemma: str
    cls: str  # TimeML class: OCCURRENCE, REPORTING, STATE, I_ACTION, …
    sentence: int
    type: str = ""  # ontology class local name (Killing, DroneStrike…); "" when not salient
    time: str = ""  # normalised TimeML value of its time, "" when unknown
    timex: str = ""  # id of the anchoring Timex, "dct" or ""
    args: tuple[Argument, ...] = ()
    confidence: float = 0.5
    killed: int | None = None
    injured: int | None = None
    polarity: str = "POS"  # NEG when the text says it did not happen ("denied attacking", "no one was killed")
    tense: str = ""
    definite: bool = False  # a nominal with "the"/"this"/a possessor: it refers back to a known event
    ordinal: str = ""  # "second" of "a second quake", "another" of "another attack": an event besides one reported
    future: bool = False  # planned, scheduled, expected or threatened ("is set to speak", "plans to cut")
    certainty: str = "CERTAIN"  # CERTAIN, PROBABLE, POSSIBLE or UNDERSPECIFIED (MEANTIME's factuality)
    # how ``time`` was found (TIME_SOURCES, surest first); "report-bounds" when only bounds from the article date are known
    time_source: str = ""
    earliest: str = ""  # without a time: the first day it can happen (ISO), the article date for what is planned
    latest: str = ""  # without a time: the last day it can have happened (ISO), the article date for what is reported done


@dataclass(frozen=True)
class Relation:
    """A link between events / times of one article: temporal or causal, with its evidence."""

    type: str  # causes, before, after, includes, is_included, simultaneous, overlaps, vague
    source: str
    target: str
    evidence: str = ""
    confidence: float = 0.5
    cue: str = ""
    sentence: int = -1
    inferred: bool = False  # implied by other links (temporal closure): an edge without its own evidence node


@dataclass(frozen=True)
class Claim:
    """A reported fact attributed to a source: "73 killed, according to the emergency services"."""

    id: str
    event: str  # id of the EventMention it is about
    property: str  # killed, injured
    value: int
    source: str  # who says so ("Reuters", "state media"); "" when the article itself
    sentence: int
    start: int
    end: int
    text: str
    relay: str = ""  # who passed it on ("according to Sky News" around a spokesperson's words)
    stage: str = ""  # "initial" or "revised" when the article says so; orders claims of one report time
    stamp: str = ""  # an update stamp the claim comes under ("Update (0845ET)")


@dataclass(frozen=True)
class Extraction:
    """Everything the NLP layer found in one article."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    timexes: tuple[Timex, ...] = ()
    events: tuple[EventMention, ...] = ()
    relations: tuple[Relation, ...] = ()
    claims: tuple[Claim, ...] = ()
    sources: tuple[tuple[int, str], ...] = ()  # (sentence index, attributed source)


# --- instances (after resolution) -------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """A canonical person, organisation, state or group."""

    key: str  # stable slug: the IRI's last segment
    name: str
    kind: str  # Person, Organization, Country, Group, MediaOrganization
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    geonames_id: int | None = None
    merge_score: float = 1.0
    merge_reason: str = ""


@dataclass(frozen=True)
class Place:
    """A canonical geocoded place."""

    key: str
    name: str
    kind: str = "Place"  # City, Country, Region, Facility, Place
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    country_code: str = ""
    within: str = ""  # key of the containing place
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instrument:
    """A canonical weapon or device used in events: "ballistic missile", "drone"."""

    key: str
    name: str
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    """A canonical event of the graph, with its mentions, roles and time."""

    key: str
    type: str
    label: str
    mentions: tuple[str, ...]
    time: str = ""
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    confidence: float = 0.5
    killed: int | None = None
    injured: int | None = None
    types: tuple[str, ...] = ()  # further ontology classes it also has ("the strike" that was the killing)
    shared: bool = False  # keyed by content (type family, place, day), so other articles' reports join it
    merges: tuple[tuple[str, str, float], ...] = ()  # (mention id, reason, score) of mentions joined to it
    participants: tuple[str, ...] = ()  # actors taking part in another role than agent or target


@dataclass
class Resolution:
    """The instances of one article, and which mention became which instance."""

    extraction: Extraction
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    instruments: dict[str, Instrument] = field(default_factory=dict)
    mention_to_instance: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """One committed write: graphs added or rewritten, and graphs dropped (IRIs).

    ``events`` are the events those graphs spoke of before or after the write (the IRIs of
    events and of what claims are about), so that a step can redo only what concerns them;
    None when unknown (a bulk load), and a step then recomputes everything.
    """

    written: tuple[str, ...]
    removed: tuple[str, ...]
    events: tuple[str, ...] | None = None
