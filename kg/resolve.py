"""From mentions to instances: canonical actors and places (geocoded), and merged events.

Within an article, "Merkel" joins "Angela Merkel" (a surname of a full name) and
"state media" joins "Russian state media" (its tail). Across articles, a ``KnownEntities``
index (filled from the store) maps names and aliases to the keys already in the graph, so
the same person keeps one IRI. Each merge keeps its reason and score.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.model import TIME_SOURCES, Actor, EntityMention, Event, EventMention, Extraction, Instrument, Place, Resolution
from kg.nlp import gazetteer
from kg.nlp.pipeline import COMPANY_DESIGNATORS, LEGAL_FORMS
from kg.nlp.timex import readable, value_bounds
from kg.steps import stage, step
from kg.taxonomy import CASUALTY_TYPES, GENERIC_TYPES, HARM_TYPES, KEY_FAMILIES, RECURRENT_TYPES, lineage

MEDIA_NAME = re.compile(r"\b(news|times|post|agency|press|reuters|tv|television|radio|broadcast\w*|journal|herald|"
                        r"tribune|gazette|media|al jazeera|bbc|cnn|afp|ap|tass|xinhua|guardian|telegraph)\b", re.I)
TOLL_WINDOW = dt.timedelta(days=31)  # how long after a harm event its toll is still counted and reported
# a facility's name tells its city only when the city is well known ("Baghdad International Airport");
# a small town that shares a word with it ("… Bazar station") is a coincidence
FACILITY_CITY_POPULATION = 100_000
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame"}
GENERIC_NOMINALS = {"official", "officials", "correspondent", "people", "source", "sources", "spokesperson",
                    "spokesman", "witness", "witnesses", "reporter", "resident", "residents"}
TYPE_FAMILIES = {"Assassination": "Killing", "Bombing": "Explosion", "Death": "Killing"}


#: words that follow a company's name without naming another company: legal forms and the trade the name
#: was registered with ("Nordvik" / "Nordvik Motor Company", "Hallberg" / "Hallberg Group SpA"; not "Nordvik Labs")
COMPANY_WORDS = LEGAL_FORMS | COMPANY_DESIGNATORS


def without_article(name: str) -> str:
    """A name without the leading "the" an entity span may carry ("the United Nations", "the Suez Canal")."""
    return re.sub(r"^the\s+(?=\S)", "", name, flags=re.I)


def slug(text: str) -> str:
    """A lower-case ASCII key for IRIs: "Angela Merkel" → "angela-merkel"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


SURNAME_KEY = "surname:"  # a surname match, noted among the names so that a replay (Spark executors) finds it
NAME_PARTICLES = {"al", "bin", "ibn", "da", "de", "del", "der", "di", "do", "dos", "du", "la", "le", "van", "von"}


@dataclass
class KnownEntities:
    """Names and aliases already in the graph → (key, label): how articles share instances."""

    actors: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: a known person's surname → (key, label, known by the surname alone) for each person named with it
    people: dict[str, set[tuple[str, str, bool]]] = field(default_factory=dict)

    def lookup(self, name: str) -> tuple[str, str] | None:
        return self.actors.get(name.lower())

    def person_by_surname(self, name: str) -> tuple[str, str] | None:
        """The one known person that a full name and a surname alone can both be ("Merkel" and "Angela Merkel").

        A surname alone matches the one person known by a full name ending with it; a full name
        matches the one person known only by its surname. Two full names never match, so a
        second person of the same family stays a person of their own.
        """
        recorded = self.actors.get(SURNAME_KEY + name.lower())
        if recorded is not None:
            return recorded
        words = name.split()
        if not _proper_name(words):
            return None
        entries = self.people.get(words[-1].lower(), set())
        full_named = {key for key, _, alone in entries if not alone}
        if len(words) == 1:
            found = {(key, label) for key, label, alone in entries if not alone}
        else:
            found = {(key, label) for key, label, alone in entries if alone and key not in full_named}
        return found.pop() if len(found) == 1 else None

    def remember_person(self, key: str, label: str, names: Iterable[str]) -> None:
        for name in names:
            words = name.split()
            if _proper_name(words):
                self.people.setdefault(words[-1].lower(), set()).add((key, label, len(words) == 1))

    def remember(self, actor: Actor) -> None:
        for name in (actor.name, *actor.aliases):
            self.actors.setdefault(name.lower(), (actor.key, actor.name))
        if actor.kind == "Person":
            self.remember_person(actor.key, actor.name, (actor.name, *actor.aliases))


def _proper_name(words: list[str]) -> bool:
    """Capitalised words (particles aside) that may be a person's name or surname, not a role or a title."""
    return 0 < len(words) <= 5 and words[0][:1].isupper() and not _honorific(words[0]) \
        and all(w[:1].isupper() or w.lower() in NAME_PARTICLES for w in words)


def _honorific(word: str) -> bool:
    return word.lower().rstrip(".") in HONORIFICS


@dataclass
class ResolveWork:
    """What the resolve stage's steps read and assign: the article's instances, and the names known before it."""

    resolution: Resolution
    known: KnownEntities
    fragments: dict[str, EntityMention] = field(default_factory=dict)


def resolve(extraction: Extraction, known: KnownEntities | None = None) -> Resolution:
    """Actors, places and events of one article (the resolve stage's steps, in order); ``known`` is read and extended."""
    work = ResolveWork(Resolution(extraction), known if known is not None else KnownEntities())
    for item in stage("resolve"):
        item.function(work)
    return work.resolution


@step(requires=["mentions.entities"], assigns=["organisation fragments"])
def organisation_fragments(work: ResolveWork) -> None:
    """Entity mentions that are fragments of an organisation's name, resolved with the actors, not as places."""
    work.fragments = _organisation_names(list(work.resolution.extraction.entities))


@step(requires=["mentions.entities", "organisation fragments"], assigns=["places", "countries"])
def places(work: ResolveWork) -> None:
    """Places and countries, geocoded offline (GeoNames, ISO 3166-2)."""
    _resolve_places_and_countries(work.resolution, work.fragments)


@step(requires=["mentions.entities", "mentions.titles", "mentions.antecedents", "countries", "organisation fragments",
                "known names"], assigns=["actors"])
def actors(work: ResolveWork) -> None:
    """Actors: one per person, organisation or group within the article, keyed by the names known across articles."""
    _resolve_actors(work.resolution, work.known, work.fragments)


@step(requires=["arguments"], assigns=["instruments"])
def instruments(work: ResolveWork) -> None:
    """Weapons and devices of attacks as instruments."""
    _resolve_instruments(work.resolution)


@step(requires=["mentions.events", "arguments", "event times", "actors", "places", "links.causal"],
      assigns=["events"])
def events(work: ResolveWork) -> None:
    """Event instances: mentions merged when type, time and place agree and named agents and targets do not
    differ; content keys across articles."""
    _resolve_events(work.resolution)


@step(requires=["actors", "known names"], assigns=["known names"])
def remember_actors(work: ResolveWork) -> None:
    """The article's actors become known names for the articles after it."""
    for actor in work.resolution.actors.values():
        work.known.remember(actor)


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
    area = gazetteer.region(text) if mention.label in ("GPE", "LOC") else None
    if area is not None:
        within = gazetteer.countries().get(area.country_code)
        return Place(slug(area.name), area.name, "Region", country_code=area.country_code,
                     within=slug(within.name) if within else "")
    if mention.label in ("FAC", "GPE", "LOC"):
        text = without_article(text)  # "the Suez Canal" and "Suez Canal" are one place
    if mention.label == "FAC":
        inner = next((c for word in _capitalised_runs(text)
                      if (c := gazetteer.city(word)) and c.population >= FACILITY_CITY_POPULATION), None)
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


def _resolve_places_and_countries(resolution: Resolution, fragments: dict[str, EntityMention]) -> None:
    for mention in resolution.extraction.entities:
        if mention.label not in ("GPE", "LOC", "FAC", "NORP"):
            continue
        place = _place_for(mention)
        if place is not None:
            _add_place(resolution, place, mention.id)
        elif mention.label == "NORP" and mention.id not in fragments:
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
    """Each PERSON name → the one fuller name in the article it shortens, or itself.

    "Merkel" → the full name ending with it; "Mrs Lam" → the full name ending with "Lam"; a
    single word inside exactly one full name ("Lula" in a name of four words), or the first name of exactly one
    ("Lena" where the article names one Lena), → that name.
    """
    names = {m.text for m in mentions if m.label == "PERSON"}
    full = {n for n in names if len(n.split()) > 1 and not _honorific(n.split()[0])}
    other_starts = {m.text.split()[0] for m in mentions if m.label != "PERSON" and m.text.split()}
    ending: dict[str, set[str]] = {}  # last word → the full names it ends (looked up, not compared with each)
    inner: dict[str, set[str]] = {}  # a word after the first → the full names with it
    first: dict[str, set[str]] = {}  # a first name → the full names it starts
    for n in full:
        ending.setdefault(n.split()[-1], set()).add(n)
        first.setdefault(n.split()[0], set()).add(n)
        for word in n.split()[1:]:
            inner.setdefault(word, set()).add(n)
    canonical: dict[str, str] = {}
    for name in names:
        words = name.split()
        if len(words) > 1 and _honorific(words[0]):
            words = words[1:]
        if not words:
            canonical[name] = name
            continue
        longer = {n for n in ending.get(words[-1], ()) if len(n.split()) > len(words) and n.split()[-len(words):] == words}
        if not longer and len(words) == 1 and len(words[0]) > 2:
            longer = set(inner.get(words[0], ())) or (set(first.get(words[0], ())) if words[0] not in other_starts else set())
            # "Lula"; "Lena" of the one Lena, unless another name starts so ("Hallberg Labs", "Hallberg Logistics")
        canonical[name] = longer.pop() if len(longer) == 1 else name
    return canonical


def _organisation_names(mentions: list[EntityMention]) -> dict[str, EntityMention]:
    """Each ORG or group name that ends exactly one longer organisation name in the article → that mention, and
    each ORG name that starts exactly one whose other words are a legal form or trade (:data:`COMPANY_WORDS`).

    "Commission" (or "the Commission") → "European Commission", "Nordvik" → "Nordvik Motor Company"; a leading
    "the" does not count. The longer name is never itself in the result: whatever it ends, it ends the shorter
    name too.
    """
    def words(text: str) -> list[str]:
        return re.sub(r"^the\s+", "", text, flags=re.I).split()

    ending: dict[str, dict[str, tuple[list[str], EntityMention]]] = {}  # last word → {name: (words, its last mention)}
    for m in mentions:
        if m.label == "ORG" and (name := words(m.text)):
            ending.setdefault(name[-1], {})[m.text] = (name, m)
    names = [(name, m) for by_name in ending.values() for name, m in by_name.values()]
    found: dict[str, EntityMention] = {}
    for mention in mentions:
        short = words(mention.text) if mention.label in ("ORG", "NORP") else []
        if not short:
            continue
        longer = [m for name, m in ending.get(short[-1], {}).values() if len(name) > len(short) and name[-len(short):] == short]
        if len(longer) == 1:
            found[mention.id] = longer[0]
        elif not longer and mention.label == "ORG":
            starting = {m.text: m for name, m in names if len(name) > len(short) and name[:len(short)] == short}
            if len(starting) == 1 and all(_plain(word) in COMPANY_WORDS for word in words(next(iter(starting)))[len(short):]):
                found[mention.id] = next(iter(starting.values()))
    return found


def _plain(word: str) -> str:
    return re.sub(r"[\W_]+", "", word.lower())


def _resolve_actors(resolution: Resolution, known: KnownEntities, fragments: dict[str, EntityMention]) -> None:
    mentions = list(resolution.extraction.entities)
    persons = _person_names(mentions)
    surnames = Counter(name.split()[-1] for name in set(persons.values()) if len(name.split()) > 1)
    shared_surnames = {surname for surname, count in surnames.items() if count > 1}
    sources = {source.lower() for _, source in resolution.extraction.sources}
    org_names = {m.text for m in mentions if m.label == "ORG"}
    acronyms = _acronyms({without_article(name) for name in org_names})
    initials = {full: short for short, full in acronyms.items()}
    tails = _tails([m.text for m in mentions if m.label == "ORG_NOMINAL"])
    by_id = {m.id: m for m in mentions}
    referring = []  # joined last: the name a pronoun stands for may be a fragment of a longer one ("Nordvik's")
    for mention in mentions:
        if mention.id in fragments:
            continue
        if mention.of and mention.label in ("PRONOUN", "NOMINAL"):
            referring.append(mention)
        elif mention.label == "PERSON":
            name = persons.get(mention.text, mention.text)
            reason, score = ("same name", 1.0) if name == mention.text else ("a shorter form of a full name in the article", 0.85)
            _add_known(resolution, known, Actor(slug(name), name, "Person"), mention, reason, score,
                       by_surname=name.split()[-1] not in shared_surnames)
        elif mention.label == "ORG":
            kind = "MediaOrganization" if MEDIA_NAME.search(mention.text) or mention.text.lower() in sources else "Organization"
            name = without_article(mention.text)  # one key whether or not an article says "the"
            if name in acronyms:  # "GM" where the article names "General Motors"
                _add_known(resolution, known, Actor(slug(acronyms[name]), acronyms[name], kind), mention,
                           "the initials of a name in the article", 0.9)
                continue
            # an earlier article that knew the organisation only by the initials this one gives it ("GM" before
            # "General Motors (GM)") holds its key: the same instance whichever article came first
            _add_known(resolution, known, Actor(slug(name), name, kind), mention, "same name", 1.0,
                       also=initials.get(name, ""))
        elif mention.label == "PRODUCT":  # what companies make, launch, recall and sell: it takes part in events
            _add_known(resolution, known, Actor(slug(without_article(mention.text)), without_article(mention.text),
                                                "Product"), mention, "same name", 1.0)
        elif mention.label == "ORG_NOMINAL" and (named := _named_prefix(mention.text, org_names)) is not None:
            kind = "MediaOrganization" if MEDIA_NAME.search(mention.text) else "Organization"
            _add_known(resolution, known, Actor(slug(named), named, kind), mention, "a name with a descriptor", 0.85)
        elif mention.label == "ORG_NOMINAL":
            name = _nominal_name(mention.text, tails)
            kind = "MediaOrganization" if MEDIA_NAME.search(name) else "Organization"
            named = _named_prefix(name, org_names)  # "the group" after "the X group": X
            if named is None and mention.of:  # "the company" standing for the name before it (kg.nlp.coreference)
                referring.append(mention)
                continue
            _add_known(resolution, known, Actor(slug(named or name), named or name, kind), mention, "nominal", 0.7)
        elif mention.label == "PERSON_NOMINAL" and mention.of:
            named = by_id.get(mention.of)
            if named is not None and named.id in resolution.mention_to_instance:
                key = resolution.mention_to_instance[named.id].split("/", 1)[1]
                _add_actor(resolution, resolution.actors[key], mention.id, "title or role named with the person", 0.9,
                           alias=mention.text, title=mention.text)
        elif mention.label == "PERSON_NOMINAL" and mention.text.lower() not in GENERIC_NOMINALS and len(mention.text.split()) > 1:
            _add_known(resolution, known, Actor(slug(mention.text), mention.text, "Person"), mention, "nominal", 0.6)
    for mention_id, longer in fragments.items():  # "the Commission" is the "European Commission"
        instance = resolution.mention_to_instance.get(longer.id, "")
        if instance.startswith("actor/") and mention_id not in resolution.mention_to_instance:  # not a country's people
            ending = longer.text.endswith(by_id[mention_id].text)
            reason = "the end of an organisation's name in the article" if ending else \
                "an organisation's name in the article without its legal form or trade"
            _add_actor(resolution, resolution.actors[instance[6:]], mention_id, reason, 0.85, alias=by_id[mention_id].text)
    for mention in referring:
        _add_referring(resolution, mention)


def _acronyms(names: set[str]) -> dict[str, str]:
    """Initials → the one name in ``names`` they abbreviate ("GM" → "General Motors", "UAW" → "United Auto Workers")."""
    found: dict[str, set[str]] = {}
    for name in names:
        words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in NAME_PARTICLES | {"and", "&", "of", "the", "for"}]
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            found.setdefault("".join(w[0] for w in words), set()).add(name)
    return {short: next(iter(full)) for short, full in found.items()
            if len(full) == 1 and short in names and 2 <= len(short) <= 6}


def _add_referring(resolution: Resolution, mention: EntityMention) -> None:
    """A pronoun or definite nominal joins the instance of the name it stands for (kg.nlp.coreference), no alias kept."""
    target = resolution.mention_to_instance.get(mention.of, "")
    if target.startswith("actor/") and target[6:] in resolution.actors:
        _add_actor(resolution, resolution.actors[target[6:]], mention.id, "a pronoun or description of a name before it",
                   0.7)
    elif target:
        resolution.mention_to_instance[mention.id] = target


def _named_prefix(text: str, names: set[str]) -> str | None:
    """"Reuters news agency" → "Reuters": a nominal that starts with an organisation's name (the longest)."""
    found = next((text[:i] for i in range(len(text) - 1, -1, -1) if text[i] == " " and text[:i] in names), None)
    return without_article(found) if found else None


def _tails(nominals: list[str]) -> dict[str, list[str]]:
    """Each lower-cased tail after a space of a nominal → the nominals it ends, in order (repeats kept)."""
    tails: dict[str, list[str]] = {}
    for nominal in nominals:
        lower = nominal.lower()
        for i in (i for i, c in enumerate(lower) if c == " "):
            tails.setdefault(lower[i + 1:], []).append(nominal)
    return tails


def _nominal_name(text: str, tails: dict[str, list[str]]) -> str:
    """"Russian state media" → "Russia's state media"; "state media" → the fuller nominal it ends."""
    longer = [n for n in tails.get(text.lower(), ()) if n != text]
    if longer:
        text = sorted(longer, key=len)[0]
    first, _, rest = text.partition(" ")
    country = gazetteer.country_of_demonym(first)
    return f"{country.name}'s {rest}" if country and rest else text


def _add_known(resolution: Resolution, known: KnownEntities, actor: Actor, mention: EntityMention,
               reason: str, score: float, by_surname: bool = False, also: str = "") -> None:
    """Add ``actor``, under the key of a known actor of that name (or, ``by_surname``, that surname; or the
    other name ``also`` the article gives it) if any."""
    found = known.lookup(actor.name) or known.lookup(mention.text) or (known.lookup(also) if also else None)
    surname_match = False
    if found is None and by_surname and actor.key not in resolution.actors:
        found = known.person_by_surname(actor.name)
        surname_match = found is not None
    if found is not None and found[0] != actor.key and actor.key not in resolution.actors:
        actor = Actor(found[0], found[1], actor.kind)
        reason, score = (("surname of a person named in an earlier article", min(score, 0.75)) if surname_match
                         else ("name known from earlier articles", min(score, 0.9)))
    _add_actor(resolution, actor, mention.id, reason, score, alias=mention.text, title=mention.title)


# --- instruments ---------------------------------------------------------------------


def _resolve_instruments(resolution: Resolution) -> None:
    """Weapons and devices ("ballistic missiles", "drone"), one instance per kind: "missile" = "missiles"."""
    for mention in resolution.extraction.entities:
        if mention.label != "INSTRUMENT":
            continue
        words = mention.text.lower().split()
        words[-1] = re.sub(r"(?<=[a-z]{3})s$", "", words[-1])
        name = " ".join(words)
        key = slug(name)
        existing = resolution.instruments.get(key)
        resolution.instruments[key] = Instrument(key, existing.name if existing else name,
                                                 (existing.mentions if existing else ()) + (mention.id,))
        resolution.mention_to_instance[mention.id] = f"instrument/{key}"


# --- events ----------------------------------------------------------------------------

#: sentences: a mention joins only an event with a mention at most this far from it (``_cluster``), so that
#: merging costs a long article linear time; in an article of up to 61 sentences any event may be joined
MERGE_WINDOW = 60
FAMILY_LABELS = {"attack": "attack", "killing": "killing", "disaster": "disaster"}
#: families keyed by country, not city: a quake or a flood strikes a region, and one report places it in a town,
#: another in the province or the country
COUNTRY_FAMILIES = frozenset({"disaster"})
SHARED_CONFIDENCE = 0.9  # a content-keyed event: typed, dated to the day and placed by every article that joins it
#: what a content key looks like, ``<family>-<city key>-<day>`` (made by ``_content_keys``)
CONTENT_KEY = re.compile(rf"^(?:{'|'.join(sorted(set(KEY_FAMILIES.values())))})-.+-[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$")


def merged_type(a: str, b: str) -> str:
    """The type of one event reported as ``a`` and as ``b``, or "" when they cannot be the same event.

    A subclass refines its ancestor ("attack" + "drone strike" = drone strike), a killing and a
    death are one, and an attack that is reported as an explosion is a bombing.
    """
    if a == b:
        return a
    if b in lineage(a):
        return a
    if a in lineage(b):
        return b
    pair = {TYPE_FAMILIES.get(a, a), TYPE_FAMILIES.get(b, b)}
    if len(pair) == 1:
        return b if a == "Death" else a
    if pair == {"Explosion", "Attack"}:
        return "Bombing"
    return ""


def _roles(mention: EventMention, resolution: Resolution, role: str) -> set[str]:
    return {resolution.mention_to_instance[a.entity] for a in mention.args
            if a.role == role and a.entity in resolution.mention_to_instance}


def _times_agree(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return True
    first, second = value_bounds(a), value_bounds(b)
    if first is None or second is None:
        return False
    return first[0] <= second[0] and second[1] <= first[1] or second[0] <= first[0] and first[1] <= second[1]


#: how far back a time expression may put what a headline reports at the article date ("X files for bankruptcy" over
#: "X filed on Thursday")
REPORT_REACH = dt.timedelta(days=7)


def _reported_recently(event: Event, mention: EventMention, resolution: Resolution) -> bool:
    """Whether one side's time is only the article date it was reported at (time source ``report``) and the other's
    a day in the week before it that a time expression gives: the same event, told in the present and dated."""
    sides = [(event.time, _time_sources(event, resolution)), (mention.time, {mention.time_source})]
    for (reported, reported_by), (dated, dated_by) in (sides, sides[::-1]):
        if reported_by == {"report"} and dated_by & {"own", "inherited"}:
            r, d = value_bounds(reported), value_bounds(dated)
            if r and d and r[0] == r[1] and d[0] == d[1] and dt.timedelta(0) <= r[0] - d[0] <= REPORT_REACH:
                return True
    return False


def _time_sources(event: Event, resolution: Resolution) -> set[str]:
    """How the instance's time was found: the time sources of its mentions that have that time."""
    mentions = set(event.mentions)
    return {m.time_source for m in resolution.extraction.events if m.id in mentions and m.time == event.time}


def _toll_time_fits(harm: str, toll: str) -> bool:
    """A toll fits a harm event at the same time, or counted in the month after it ("3,500 had died" the next day)."""
    if _times_agree(harm, toll):
        return True
    first, second = value_bounds(harm), value_bounds(toll)
    return first is not None and second is not None and first[0] <= second[0] <= first[1] + TOLL_WINDOW


def _places_agree(a: set[str], b: set[str], resolution: Resolution) -> bool:
    """Overlapping places, or one inside the other ("the arena in Manchester" and Manchester, Manchester and the United Kingdom).

    A place the gazetteer does not know and nothing contains ("near Bahanaga station") says nothing either way.
    """
    a, b = _located(a, resolution), _located(b, resolution)
    if not a or not b or a & b:
        return True
    def around(keys: set[str]) -> set[str]:
        found = set(keys)
        for key in keys:
            place = resolution.places.get(key.split("/", 1)[1])
            while place is not None and place.within and f"place/{place.within}" not in found:
                found.add(f"place/{place.within}")
                place = resolution.places.get(place.within)
        return found
    return bool(around(a) & b or around(b) & a)


def _located(keys: set[str], resolution: Resolution) -> set[str]:
    """The places among ``keys`` that the gazetteer placed or that lie within another place."""
    found = set()
    for key in keys:
        place = resolution.places.get(key.split("/", 1)[1])
        if place is None or place.within or place.geonames_id or place.country_code:
            found.add(key)
    return found


def _compatible(event: Event, mention: EventMention, resolution: Resolution, lemmas: set[str],
                ordinals: set[str]) -> bool:
    """Whether ``mention`` can be ``event``, whose mentions have these ``lemmas`` and ``ordinals``."""
    if not merged_type(event.type, mention.type):
        return False
    if not _times_agree(event.time, mention.time) and not _reported_recently(event, mention, resolution):
        return False
    if mention.ordinal:
        # "a second quake" is not the first; "the second quake" is the one "a second" introduced
        if mention.ordinal in ("another", "new", "fresh", "separate", "further") or mention.ordinal not in ordinals:
            return False
    if not _places_agree(set(event.places), _roles(mention, resolution, "place"), resolution):
        return False
    targets = _roles(mention, resolution, "target")
    if event.targets and targets and not set(event.targets) & targets:
        return False
    agents = {a for a in _roles(mention, resolution, "agent") if a.startswith("actor/")}
    if agents and not set(event.agents) & agents and any(a.startswith("actor/") for a in event.agents):
        return False  # one company's bankruptcy is not another's: named agents that differ, as targets do above
    if event.type in RECURRENT_TYPES or mention.type in RECURRENT_TYPES:
        # what one speaker said is not what another said, one fall of the shares not the next: recurrent
        # events (statements, market moves, results) join only with the same word and a shared agent
        same_word = lemmas == {mention.lemma}
        return same_word and bool(set(event.agents) & _roles(mention, resolution, "agent"))
    return True


def _is_casualty(mention: EventMention, resolution: Resolution) -> bool:
    """A toll rather than an event of its own: "73 people had been killed", "injuring over 15 others"."""
    if mention.type not in CASUALTY_TYPES:
        return False
    roles = _roles(mention, resolution, "target") | (_roles(mention, resolution, "agent") if mention.type == "Death" else set())
    named = {t for t in roles if t.startswith("actor/")}
    return mention.killed is not None or mention.injured is not None or not named


def _causes_of(extraction: Extraction) -> dict[str, list[str]]:
    by_id = {m.id: m for m in extraction.events}
    found: dict[str, list[str]] = {}
    for relation in extraction.relations:
        if relation.type == "causes" and relation.source in by_id and relation.target in by_id:
            found.setdefault(relation.target, []).append(relation.source)
    return found


def _direct_causes(extraction: Extraction) -> dict[str, list[str]]:
    """Harm events that did a killing or injury themselves: the verb's subject ("the strike killed",
    "a stampede … killed") or its means ("killed in a strike", "killed by a bomb"), as the cue spells it.
    A killing "in retaliation for" or "after" an attack is caused by it but happened at another time."""
    by_id = {m.id: m for m in extraction.events}
    found: dict[str, list[str]] = {}
    for relation in extraction.relations:
        cause, effect = by_id.get(relation.source), by_id.get(relation.target)
        if relation.type != "causes" or cause is None or effect is None or cause.type not in HARM_TYPES - CASUALTY_TYPES:
            continue
        words = relation.cue.split()
        subject = len(words) >= 2 and words[-1] == effect.text
        means = len(words) == 2 and words[0] == effect.text and words[1].lower() in ("in", "by", "with")
        if (subject or means) and cause.sentence == effect.sentence:
            found.setdefault(effect.id, []).append(cause.id)
    return found


def _dated_by_sequence(events: list[Event], home: dict[str, int], extraction: Extraction) -> list[Event]:
    """An undated event that "then" followed a dated one happened that year at the earliest: "…, which then
    lobbed missiles" after a killing in January 2020 is dated 2020 (a year, so nothing finer is claimed)."""
    dated = list(events)
    for relation in extraction.relations:
        if relation.type != "before" or not relation.cue or relation.source not in home or relation.target not in home:
            continue
        cause, effect = events[home[relation.source]], events[home[relation.target]]
        bounds = value_bounds(cause.time) if cause.time else None
        if effect.time or bounds is None:
            continue
        index = home[relation.target]
        dated[index] = Event(**{**effect.__dict__, "time": str(bounds[0].year),
                                "confidence": round(effect.confidence * 0.8, 3)})
    return dated


def _bridges(typed: list[EventMention]) -> dict[str, str]:
    """A definite attack noun right after a killing refers to it: "X was killed … . The strike was ordered by Y"."""
    found = {}
    in_sentence: dict[int, list[EventMention]] = {}
    for mention in typed:
        in_sentence.setdefault(mention.sentence, []).append(mention)
    for mention in typed:
        if not (mention.definite and mention.type in HARM_TYPES - CASUALTY_TYPES and not mention.time):
            continue
        before = [m for m in in_sentence.get(mention.sentence - 1, ()) if m.type in ("Killing", "Assassination") and m.time]
        if len(before) == 1 and not any(m.id != mention.id and m.type in HARM_TYPES and m.start < mention.start
                                         for m in in_sentence[mention.sentence]):
            found[mention.id] = before[0].id
    return found


def _resolve_events(resolution: Resolution) -> None:
    """Typed mentions become events; a mention joins an event when type, time, place and target agree.

    Mentions with a time and a place anchor events first; a vaguer mention joins only when
    exactly one event fits it, so an ambiguous "the killing" never picks a side at random.
    Tolls ("73 people had been killed") are not events of their own: they join the harm
    event that caused them (by a causal link, else the article's main harm event), whose
    claims they become. Every join keeps its reason and score.
    """
    extraction = resolution.extraction
    article = extraction.article
    typed = [m for m in extraction.events if m.type and m.type not in GENERIC_TYPES]
    causes = _causes_of(extraction)
    by_id = {m.id: m for m in extraction.events}
    casualties = [m for m in typed if _is_casualty(m, resolution)]
    bridges = _bridges(typed)
    tolls = {m.id for m in casualties}
    ordered = [m for m in typed if m.id not in tolls and m.id not in bridges]
    ordered.sort(key=lambda m: (not (m.time and _roles(m, resolution, "place")), not m.time, m.sentence))
    events, home = _cluster(ordered, resolution)
    for mention_id, antecedent in bridges.items():
        mention = by_id[mention_id]
        if antecedent in home:
            index = home[antecedent]
            event = _merge(events[index], mention, resolution, "a definite description of the event just reported", 0.6)
            extra = tuple(dict.fromkeys(event.types + (mention.type,))) if mention.type != event.type else event.types
            events[index] = Event(**{**event.__dict__, "types": extra})
            home[mention_id] = index
        else:
            events.append(_new_event(f"{article.id}-{mention.id}", mention, resolution))
            home[mention_id] = len(events) - 1
    main = _main_harm_event(events)
    for mention in casualties:
        cause = next((home[c] for c in causes.get(mention.id, ())
                      if c in home and _toll_time_fits(events[home[c]].time, mention.time)), None)
        reason = "toll of the event that caused it"
        if cause is None and main is not None and _toll_time_fits(events[main].time, mention.time):
            cause, reason = main, "toll of the article's main harm event"
        if cause is None:
            events.append(_new_event(f"{article.id}-{mention.id}", mention, resolution))
            home[mention.id] = len(events) - 1
            continue
        events[cause] = _absorb_toll(events[cause], mention, reason, resolution)
        home[mention.id] = cause
    direct = _direct_causes(extraction)
    events = [_from_cause(_capitals_as_states(e, resolution), events, home, causes, direct) for e in events]
    events = [_labelled(e, resolution) for e in _dated_by_sequence(events, home, extraction)]
    events = [_participants_are_actors(e, resolution) for e in events]
    events = _content_keys(events, resolution) + _untyped_events(resolution, home)
    for event in events:
        existing = resolution.events.get(event.key)
        resolution.events[event.key] = _combine(existing, event, resolution) if existing else event
        for mention_id in event.mentions:
            resolution.mention_to_instance[mention_id] = f"event/{event.key}"


def _untyped_events(resolution: Resolution, home: dict[str, int]) -> list[Event]:
    """Events of no ontology class, or of a generic one (a motion, a transfer), that an actor takes part in: one
    instance per mention (``kgo:Event`` when it has no class), so every event–actor edge reaches the graph."""
    found = []
    for mention in resolution.extraction.events:
        if (mention.type and mention.type not in GENERIC_TYPES) or mention.id in home:
            continue
        roles = {a.entity for a in mention.args if a.role in ("agent", "target", "participant")}
        if not any(resolution.mention_to_instance.get(entity, "").startswith("actor/") for entity in roles):
            continue
        event = _new_event(f"{resolution.extraction.article.id}-{mention.id}",
                           dataclasses.replace(mention, type=mention.type or "Event"), resolution)
        found.append(_participants_are_actors(event, resolution))
    return found


def _cluster(ordered: list[EventMention], resolution: Resolution) -> tuple[list[Event], dict[str, int]]:
    """Events from mentions in ``ordered`` order, and each mention's event (its index).

    A mention is compared with the events that have a mention at most :data:`MERGE_WINDOW`
    sentences from it, found by sentence rather than by comparing it with every event.
    """
    article = resolution.extraction.article
    events: list[Event] = []
    home: dict[str, int] = {}
    lemmas: list[set[str]] = []  # per event, what its mentions say: for _compatible
    ordinals: list[set[str]] = []
    at: dict[int, set[int]] = {}  # sentence → the events with a mention there
    for mention in ordered:
        near = sorted(set().union(*(at.get(s, ()) for s in range(mention.sentence - MERGE_WINDOW,
                                                                   mention.sentence + MERGE_WINDOW + 1))))
        fits = [n for n in near if _compatible(events[n], mention, resolution, lemmas[n], ordinals[n])]
        anchored = bool(mention.time and _roles(mention, resolution, "place"))
        if fits and (len(fits) == 1 or not anchored and len({events[n].key for n in fits}) == 1):
            index = fits[0]
            reason = "same type, time and place" if anchored else "the one event of its type, time and place"
            events[index] = _merge(events[index], mention, resolution, reason, 0.85 if anchored else 0.7)
        else:
            events.append(_new_event(f"{article.id}-{mention.id}", mention, resolution))
            lemmas.append(set())
            ordinals.append(set())
            index = len(events) - 1
        home[mention.id] = index
        at.setdefault(mention.sentence, set()).add(index)
        lemmas[index].add(mention.lemma)
        ordinals[index].add(mention.ordinal)
    return events, home


def _capitals_as_states(event: Event, resolution: Resolution) -> Event:
    """A capital that acts is its government: "Moscow fired missiles" is Russia acting."""
    agents = []
    for key in event.agents:
        place = resolution.places.get(key.split("/", 1)[1]) if key.startswith("place/") else None
        country = gazetteer.capital_of(place.name, place.country_code) if place is not None and place.kind == "City" else None
        if country is not None:
            resolution.places.setdefault(slug(country.name), _country_place(country))
            key = f"place/{slug(country.name)}"
        agents.append(key)
    return Event(**{**event.__dict__, "agents": tuple(sorted(set(agents)))}) if agents else event


def _participants_are_actors(event: Event, resolution: Resolution) -> Event:
    """Agents and targets are actors (countries included); a city or a site in those roles is where it happened."""
    def actor(key: str) -> bool:
        if key.startswith("actor/"):
            return True
        place = resolution.places.get(key.split("/", 1)[1]) if key.startswith("place/") else None
        return place is not None and place.kind == "Country"

    roles = event.agents + event.targets + event.participants
    moved = tuple(k for k in roles if k.startswith("place/") and not actor(k))
    return Event(**{**event.__dict__, "agents": tuple(k for k in event.agents if actor(k)),
                    "targets": tuple(k for k in event.targets if actor(k)),
                    "participants": tuple(k for k in event.participants if actor(k) and k not in event.agents + event.targets),
                    "places": tuple(sorted(set(event.places) | set(moved))),
                    "instruments": tuple(sorted(set(event.instruments) | {k for k in roles if k.startswith("instrument/")}))})


def _main_harm_event(events: list[Event]) -> int | None:
    """The harm event the article is mostly about: the one with the most mentions."""
    candidates = [(len(e.mentions), -n, n) for n, e in enumerate(events) if e.type in HARM_TYPES - CASUALTY_TYPES]
    return max(candidates)[2] if candidates else None


def _absorb_toll(event: Event, mention: EventMention, reason: str, resolution: Resolution) -> Event:
    """The toll joins its event; an event with no time or place of its own takes the toll's ("the bombings
    that killed scores in Manchester on Monday")."""
    killed = max(filter(None, (event.killed, mention.killed)), default=None)
    injured = max(filter(None, (event.injured, mention.injured)), default=None)
    places = event.places or tuple(sorted(_roles(mention, resolution, "place")))
    absorbed = Event(**{**event.__dict__, "mentions": event.mentions + (mention.id,), "killed": killed,
                        "injured": injured, "merges": event.merges + ((mention.id, reason, 0.7),),
                        "time": event.time or mention.time, "places": places})
    return _labelled(absorbed, resolution)


def _from_cause(event: Event, events: list[Event], home: dict[str, int], causes: dict[str, list[str]],
                direct: dict[str, list[str]]) -> Event:
    """A killing with no agent of its own takes the agents of the attack that caused it; with no time or
    place of its own, those of the attack that did it ("The strike also killed X": when and where the strike was)."""
    if event.type not in ("Killing", "Assassination", "Death", "Injury"):
        return event
    def cause_events(links: dict[str, list[str]]) -> list[Event]:
        return [events[home[c]] for m in event.mentions for c in links.get(m, ())
                if c in home and events[home[c]] is not event]

    agents = set(event.agents) or {key for cause in cause_events(causes) for key in cause.agents}
    doers = [cause for cause in cause_events(direct) if cause.time or cause.places]
    time = event.time or next((cause.time for cause in doers if cause.time), "")
    places = event.places or next((cause.places for cause in doers if cause.places), ())
    return Event(**{**event.__dict__, "agents": tuple(sorted(agents)), "time": time, "places": places})


def _content_keys(events: list[Event], resolution: Resolution) -> list[Event]:
    """Events dated to the day and placed in a known city are keyed by (family, city, day), so every
    article that reports the same attack in the same city on the same day names one instance; a disaster by
    (family, country, day), so the reports of one earthquake, each with its death toll, name one instance."""
    keyed = []
    for event in events:
        family = KEY_FAMILIES.get(event.type) or KEY_FAMILIES.get(next(iter(event.types), ""), "")
        bounds = value_bounds(event.time) if event.time else None
        city = _key_place(event, resolution, country=family in COUNTRY_FAMILIES)
        if city is None and family in COUNTRY_FAMILIES and not event.places:
            city = _only_country(resolution)  # "Rescuers in southern X ended the search, days after an earthquake"
        if family and bounds and bounds[2] == "day" and city is not None:
            day = bounds[0].isoformat()
            label = f"{FAMILY_LABELS[family]} in {city.name} ({day})"
            event = Event(**{**event.__dict__, "key": f"{family}-{city.key}-{day}", "label": label,
                             "time": day, "shared": True, "confidence": SHARED_CONFIDENCE})
        keyed.append(event)
    return keyed


def _enclosing(place: Place | None, kind: str, resolution: Resolution) -> Place | None:
    """``place`` or the place of ``kind`` it lies within ("City", "Country"), else None."""
    while place is not None and place.kind != kind and place.within:
        place = resolution.places.get(place.within)
    return place if place is not None and place.kind == kind else None


def _only_country(resolution: Resolution) -> Place | None:
    """The one country the article's places are in, if they are all in one the gazetteer knows."""
    countries = {_enclosing(place, "Country", resolution) for place in resolution.places.values()}
    return countries.pop() if len(countries) == 1 else None


def _key_place(event: Event, resolution: Resolution, country: bool = False) -> Place | None:
    """The city an event happened in (a facility's city), if the gazetteer knows it; with ``country``, the country."""
    for key in event.places:
        place = _enclosing(resolution.places.get(key.split("/", 1)[1]), "Country" if country else "City", resolution)
        if place is not None and (place.geonames_id or country and place.country_code):
            return place
    return None


def _combine(a: Event, b: Event, resolution: Resolution) -> Event:
    """Two clusters of one article that turned out to share a content key."""
    merged = Event(**{**a.__dict__, "mentions": a.mentions + b.mentions})
    union = lambda x, y: tuple(sorted(set(x) | set(y)))  # noqa: E731
    return Event(**{**merged.__dict__, "type": merged_type(a.type, b.type) or a.type,
                    "types": tuple(dict.fromkeys(a.types + b.types + ((b.type,) if not merged_type(a.type, b.type) else ()))),
                    "agents": union(a.agents, b.agents), "targets": union(a.targets, b.targets),
                    "places": union(a.places, b.places), "instruments": union(a.instruments, b.instruments),
                    "participants": union(a.participants, b.participants),
                    "killed": max(filter(None, (a.killed, b.killed)), default=None),
                    "injured": max(filter(None, (a.injured, b.injured)), default=None),
                    "merges": a.merges + b.merges + tuple((m, "same type, place and day", 0.85) for m in b.mentions)})


def _new_event(key: str, mention: EventMention, resolution: Resolution) -> Event:
    event = Event(key, mention.type, "", (mention.id,), mention.time,
                  tuple(sorted(_roles(mention, resolution, "agent"))), tuple(sorted(_roles(mention, resolution, "target"))),
                  tuple(sorted(_roles(mention, resolution, "place"))),
                  tuple(sorted(_roles(mention, resolution, "instrument"))), mention.confidence, mention.killed,
                  mention.injured, participants=tuple(sorted(_roles(mention, resolution, "participant"))))
    return _labelled(event, resolution)


def _merge(event: Event, mention: EventMention, resolution: Resolution, reason: str = "", score: float = 0.7) -> Event:
    def union(a: tuple[str, ...], b: set[str]) -> tuple[str, ...]:
        return tuple(sorted(set(a) | b))

    specific = merged_type(event.type, mention.type) or event.type
    merged = Event(event.key, specific, "", event.mentions + (mention.id,), _merged_time(event, mention, resolution),
                   union(event.agents, _roles(mention, resolution, "agent")),
                   union(event.targets, _roles(mention, resolution, "target")),
                   union(event.places, _roles(mention, resolution, "place")),
                   union(event.instruments, _roles(mention, resolution, "instrument")),
                   max(event.confidence, mention.confidence), max(filter(None, (event.killed, mention.killed)), default=None),
                   max(filter(None, (event.injured, mention.injured)), default=None), event.types, event.shared,
                   event.merges + ((mention.id, reason, score),),
                   union(event.participants, _roles(mention, resolution, "participant")))
    return _labelled(merged, resolution)


#: how surely a mention's time was found, surest first (:data:`kg.model.TIME_SOURCES`)
SOURCE_RANK = {source: rank for rank, source in enumerate(TIME_SOURCES)}


def _merged_time(event: Event, mention: EventMention, resolution: Resolution) -> str:
    """The instance's time once ``mention`` joins it: the narrower of the two, and at the same precision the one a
    time expression gave over one the report gave ("X files for bankruptcy" in a headline, at the article date,
    and "X filed for bankruptcy on Thursday" in the lead are Thursday)."""
    time = _more_precise(event.time, mention.time)
    if not event.time or not mention.time or time != event.time or _days(event.time) != _days(mention.time):
        return time
    unknown = len(SOURCE_RANK)
    held = min((SOURCE_RANK.get(s, unknown) for s in _time_sources(event, resolution)), default=unknown)
    return mention.time if SOURCE_RANK.get(mention.time_source, unknown) < held else event.time


def _days(value: str) -> int:
    bounds = value_bounds(value)
    return (bounds[1] - bounds[0]).days if bounds else -1


def _more_precise(a: str, b: str) -> str:
    if not a or not b:
        return a or b
    bounds_a, bounds_b = value_bounds(a), value_bounds(b)
    if bounds_a and bounds_b:
        return a if (bounds_a[1] - bounds_a[0]) <= (bounds_b[1] - bounds_b[0]) else b
    return a


def _labelled(event: Event, resolution: Resolution) -> Event:
    """A readable label: "bombing in Manchester (2017-05-22)"; an event of no class by its word and agent: "cut by GM"."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", event.type).lower()
    if event.type == "Event" or event.type in GENERIC_TYPES:
        lemma = next((m.lemma for m in resolution.extraction.events if m.id == event.mentions[0]), "event")
        agent = next((resolution.actors[k.split("/", 1)[1]].name for k in event.agents
                      if k.split("/", 1)[1] in resolution.actors), "")
        words = lemma + (f" by {agent}" if agent else "")
    place = next((resolution.places[p.split("/", 1)[1]].name for p in event.places
                  if p.split("/", 1)[1] in resolution.places), "")
    label = words + (f" in {place}" if place else "") + (f" ({readable(event.time)})" if event.time else "")
    return Event(**{**event.__dict__, "label": label})
