"""From mentions to instances: canonical actors and places (geocoded), and merged events.

Within an article, "Soleimani" joins "Qassem Soleimani" (a surname of a full name) and
"state media" joins "Iranian state media" (its tail). Across articles, a ``KnownEntities``
index (filled from the store) maps names and aliases to the keys already in the graph, so
the same person keeps one IRI. Each merge keeps its reason and score.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kg.model import Actor, EntityMention, Event, EventMention, Extraction, Place, Resolution
from kg.nlp import gazetteer
from kg.nlp.timex import value_bounds

MEDIA_NAME = re.compile(r"\b(news|times|post|agency|press|reuters|tv|television|radio|broadcast\w*|journal|herald|"
                        r"tribune|gazette|media|al jazeera|bbc|cnn|afp|ap|tass|xinhua|guardian|telegraph)\b", re.I)
GENERIC_NOMINALS = {"official", "officials", "correspondent", "people", "source", "sources", "spokesperson",
                    "spokesman", "witness", "witnesses", "reporter", "resident", "residents"}
TYPE_FAMILIES = {"Assassination": "Killing", "Bombing": "Explosion", "Death": "Killing"}


def slug(text: str) -> str:
    """A lower-case ASCII key for IRIs: "Qassem Soleimani" → "qassem-soleimani"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@dataclass
class KnownEntities:
    """Names and aliases already in the graph → (key, label): how articles share instances."""

    actors: dict[str, tuple[str, str]] = field(default_factory=dict)

    def lookup(self, name: str) -> tuple[str, str] | None:
        return self.actors.get(name.lower())

    def remember(self, actor: Actor) -> None:
        for name in (actor.name, *actor.aliases):
            self.actors.setdefault(name.lower(), (actor.key, actor.name))


def resolve(extraction: Extraction, known: KnownEntities | None = None) -> Resolution:
    """Actors, places and events of one article; ``known`` is read and extended."""
    known = known if known is not None else KnownEntities()
    resolution = Resolution(extraction)
    _resolve_places_and_countries(resolution)
    _resolve_actors(resolution, known)
    _resolve_events(resolution)
    for actor in resolution.actors.values():
        known.remember(actor)
    return resolution


# --- places ----------------------------------------------------------------------------


def _place_for(mention: EntityMention) -> Place | None:
    text = mention.text
    if mention.label == "NORP":
        entry = gazetteer.country_of_demonym(text)
        return _country_place(entry) if entry else None
    country = gazetteer.country(text)
    if country is not None:
        return _country_place(country)
    city = gazetteer.city(text)
    if city is not None and mention.label in ("GPE", "LOC", "FAC"):
        within = gazetteer.countries().get(city.country_code)
        return Place(slug(city.name), city.name, "City", city.lat, city.lon, city.geonames_id, city.country_code,
                     slug(within.name) if within else "")
    if mention.label == "FAC":
        inner = next((c for word in _capitalised_runs(text) if (c := gazetteer.city(word))), None)
        if inner is not None:
            return Place(slug(text), text, "Facility", inner.lat, inner.lon, None, inner.country_code, slug(inner.name))
        return Place(slug(text), text, "Facility")
    if mention.label in ("GPE", "LOC"):
        return Place(slug(text), text, "Region" if mention.label == "LOC" else "Place")
    return None


def _capitalised_runs(text: str) -> list[str]:
    words = text.split()
    return [" ".join(words[i:j]) for i in range(len(words)) for j in range(len(words), i, -1)][1:]


def _country_place(entry: gazetteer.GeoEntry) -> Place:
    return Place(slug(entry.name), entry.name, "Country", entry.lat, entry.lon, entry.geonames_id, entry.country_code)


def _add_place(resolution: Resolution, place: Place, mention_id: str) -> None:
    existing = resolution.places.get(place.key)
    mentions = (existing.mentions if existing else ()) + (mention_id,)
    resolution.places[place.key] = Place(**{**place.__dict__, "mentions": mentions})
    resolution.mention_to_instance[mention_id] = f"place/{place.key}"
    if place.within and place.within not in resolution.places:
        country = next((c for c in gazetteer.countries().values() if slug(c.name) == place.within), None)
        if country is not None:
            resolution.places[place.within] = _country_place(country)
        elif place.kind == "Facility":
            city = gazetteer.city(place.within.replace("-", " "))
            if city is not None:
                _add_place(resolution, Place(slug(city.name), city.name, "City", city.lat, city.lon, city.geonames_id,
                                             city.country_code, slug(gazetteer.countries()[city.country_code].name)), mention_id)
                resolution.mention_to_instance[mention_id] = f"place/{place.key}"


def _resolve_places_and_countries(resolution: Resolution) -> None:
    for mention in resolution.extraction.entities:
        if mention.label not in ("GPE", "LOC", "FAC", "NORP"):
            continue
        place = _place_for(mention)
        if place is not None:
            _add_place(resolution, place, mention.id)
        elif mention.label == "NORP":
            _add_actor(resolution, Actor(slug(mention.text), mention.text, "Group"), mention.id, "name", 1.0)


# --- actors ----------------------------------------------------------------------------


def _add_actor(resolution: Resolution, actor: Actor, mention_id: str, reason: str, score: float,
               alias: str = "", title: str = "") -> None:
    existing = resolution.actors.get(actor.key, actor)
    aliases = tuple(dict.fromkeys(existing.aliases + ((alias,) if alias and alias != existing.name else ())))
    titles = tuple(dict.fromkeys(existing.titles + ((title,) if title else ())))
    resolution.actors[actor.key] = Actor(existing.key, existing.name, existing.kind, aliases, titles,
                                         existing.mentions + (mention_id,), existing.geonames_id,
                                         min(existing.merge_score, score), existing.merge_reason or reason)
    resolution.mention_to_instance[mention_id] = f"actor/{actor.key}"


def _person_names(mentions: list[EntityMention]) -> dict[str, str]:
    """Each PERSON name → the one fuller name in the article that ends with it ("Soleimani" → full name)."""
    names = {m.text for m in mentions if m.label == "PERSON"}
    canonical: dict[str, str] = {}
    for name in names:
        words = name.split()
        longer = {n for n in names if len(n.split()) > len(words) and n.split()[-len(words):] == words}
        canonical[name] = longer.pop() if len(longer) == 1 else name
    return canonical


def _resolve_actors(resolution: Resolution, known: KnownEntities) -> None:
    mentions = list(resolution.extraction.entities)
    persons = _person_names(mentions)
    sources = {source.lower() for _, source in resolution.extraction.sources}
    nominal_orgs = [m.text for m in mentions if m.label == "ORG_NOMINAL"]
    for mention in mentions:
        if mention.label == "PERSON":
            name = persons.get(mention.text, mention.text)
            reason, score = ("same name", 1.0) if name == mention.text else ("surname of a full name in the article", 0.85)
            _add_known(resolution, known, Actor(slug(name), name, "Person"), mention, reason, score)
        elif mention.label == "ORG":
            kind = "MediaOrganization" if MEDIA_NAME.search(mention.text) or mention.text.lower() in sources else "Organization"
            _add_known(resolution, known, Actor(slug(mention.text), mention.text, kind), mention, "same name", 1.0)
        elif mention.label == "ORG_NOMINAL":
            name = _nominal_name(mention.text, nominal_orgs)
            kind = "MediaOrganization" if MEDIA_NAME.search(name) else "Organization"
            _add_known(resolution, known, Actor(slug(name), name, kind), mention, "nominal", 0.7)
        elif mention.label == "PERSON_NOMINAL" and mention.text.lower() not in GENERIC_NOMINALS and len(mention.text.split()) > 1:
            _add_known(resolution, known, Actor(slug(mention.text), mention.text, "Person"), mention, "nominal", 0.6)


def _nominal_name(text: str, nominals: list[str]) -> str:
    """"Iranian state media" → "Iran's state media"; "state media" → the fuller nominal it ends."""
    longer = [n for n in nominals if n != text and n.lower().endswith(" " + text.lower())]
    if longer:
        text = sorted(longer, key=len)[0]
    first, _, rest = text.partition(" ")
    country = gazetteer.country_of_demonym(first)
    return f"{country.name}'s {rest}" if country and rest else text


def _add_known(resolution: Resolution, known: KnownEntities, actor: Actor, mention: EntityMention,
               reason: str, score: float) -> None:
    found = known.lookup(actor.name) or known.lookup(mention.text)
    if found is not None and found[0] != actor.key and actor.key not in resolution.actors:
        actor = Actor(found[0], found[1], actor.kind)
        reason, score = "name known from earlier articles", min(score, 0.9)
    _add_actor(resolution, actor, mention.id, reason, score, alias=mention.text)


# --- events ----------------------------------------------------------------------------


def _family(event_type: str) -> str:
    return TYPE_FAMILIES.get(event_type, event_type)


def _roles(mention: EventMention, resolution: Resolution, role: str) -> set[str]:
    return {resolution.mention_to_instance[a.entity] for a in mention.args
            if a.role == role and a.entity in resolution.mention_to_instance}


def _compatible(event: Event, mention: EventMention, resolution: Resolution) -> bool:
    if _family(event.type) != _family(mention.type):
        return False
    if event.time and mention.time and event.time != mention.time:
        return False
    places = _roles(mention, resolution, "place")
    if event.places and places and not set(event.places) & places:
        return False
    targets = _roles(mention, resolution, "target")
    return not (event.targets and targets and not set(event.targets) & targets)


def _resolve_events(resolution: Resolution) -> None:
    """Typed mentions become events; a mention joins an event when type, time, place and target agree.

    Mentions with a time and a place anchor events first; a vaguer mention joins only when
    exactly one event fits it, so an ambiguous "the killing" never picks a side at random.
    """
    article = resolution.extraction.article
    typed = [m for m in resolution.extraction.events if m.type]
    typed.sort(key=lambda m: (not (m.time and _roles(m, resolution, "place")), not m.time, m.sentence))
    events: list[Event] = []
    for mention in typed:
        fits = [e for e in events if _compatible(e, mention, resolution)]
        anchored = bool(mention.time and _roles(mention, resolution, "place"))
        if fits and (len(fits) == 1 or not anchored and len({e.key for e in fits}) == 1):
            index = events.index(fits[0])
            events[index] = _merge(fits[0], mention, resolution)
        else:
            events.append(_new_event(f"{article.id}-{mention.id}", mention, resolution))
    for event in events:
        resolution.events[event.key] = event
        for mention_id in event.mentions:
            resolution.mention_to_instance[mention_id] = f"event/{event.key}"


def _new_event(key: str, mention: EventMention, resolution: Resolution) -> Event:
    event = Event(key, mention.type, "", (mention.id,), mention.time,
                  tuple(sorted(_roles(mention, resolution, "agent"))), tuple(sorted(_roles(mention, resolution, "target"))),
                  tuple(sorted(_roles(mention, resolution, "place"))), (), mention.confidence, mention.killed, mention.injured)
    return _labelled(event, resolution)


def _merge(event: Event, mention: EventMention, resolution: Resolution) -> Event:
    def union(a: tuple[str, ...], b: set[str]) -> tuple[str, ...]:
        return tuple(sorted(set(a) | b))

    specific = mention.type if _family(mention.type) == _family(event.type) and mention.type != _family(mention.type) else event.type
    merged = Event(event.key, specific, "", event.mentions + (mention.id,), _more_precise(event.time, mention.time),
                   union(event.agents, _roles(mention, resolution, "agent")),
                   union(event.targets, _roles(mention, resolution, "target")),
                   union(event.places, _roles(mention, resolution, "place")), event.instruments,
                   max(event.confidence, mention.confidence), max(filter(None, (event.killed, mention.killed)), default=None),
                   max(filter(None, (event.injured, mention.injured)), default=None))
    return _labelled(merged, resolution)


def _more_precise(a: str, b: str) -> str:
    if not a or not b:
        return a or b
    bounds_a, bounds_b = value_bounds(a), value_bounds(b)
    if bounds_a and bounds_b:
        return a if (bounds_a[1] - bounds_a[0]) <= (bounds_b[1] - bounds_b[0]) else b
    return a


def _labelled(event: Event, resolution: Resolution) -> Event:
    """A readable label: "drone strike in Beirut (2024-01-02)"."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", event.type).lower()
    place = next((resolution.places[p.split("/", 1)[1]].name for p in event.places
                  if p.split("/", 1)[1] in resolution.places), "")
    label = words + (f" in {place}" if place else "") + (f" ({event.time})" if event.time else "")
    return Event(**{**event.__dict__, "label": label})
