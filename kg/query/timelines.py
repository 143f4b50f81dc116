"""Entity timelines: every event an actor takes part in (or that happens at a place), across all articles, dated
and in order.

An entity is every actor whose label is the given name (ignoring case), else every actor known by it as an
alias ("Nordvik" is the carmaker, not Erik Nordvik), so the actors the resolver merged under it come with it;
when no actor is, the actors known by a form of the
name a little different (:func:`similar_actors`: "Apple Corps" for "Beatles Apple Corps"). Its
events are those that have it as a participant (agent or target); coreferent instances
(``kgo:sameEventAs``) make one entry, with the mentions of all of them, as a line of the
SemEval-2015 TimeLine task groups coreferent mentions. A place of the name adds the events at it or at a place
within it (``kgo:hasPlace``, ``kgo:within``): a country's timeline has what it did and what happened in it; not
when an actor of that name is not the place (a carmaker named like a town).
An entry's date is its instances' narrowest known span written at the precision it has
(``2009-06-01``, ``2009-06``, ``2009``), or none. An entry with no date may still have a bound
from the article date (``latest`` alone: reported as done, on or before that day; ``earliest``
alone: planned, on or after it): it is placed at its bound, after the entries dated to that day,
with no date of its own. Entries are ordered by date or bound, the rest last.

Each entry carries its ``factuality`` (the strongest of its instances': asserted, planned, possible,
denied); the table marks what is not asserted. ``semeval_lines`` writes the task's format, for the
entries a TimeLine lists (:func:`on_timeline`): the entity's name, then one line per entry,
``order<TAB>date<TAB>doc-sentence-anchor…`` (undated entries are order 0 and ``XXXX-XX-XX``,
sentences are the pipeline's own, counted from 0, and an anchor's spaces become ``_``; an entry
placed by a bound alone is undated there too).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from kg.model import TIME_SOURCES
from kg.query import QueryBackend, literal, local_id, summarise
from kg.resolve import COMPANY_WORDS
from kg.store import iri_term
from kg.vocab import SPARQL_HEADER, strongest_factuality

UNDATED = "XXXX-XX-XX"
CHUNK = 400  # IRIs per VALUES block
ACTORS = SPARQL_HEADER + r"""SELECT DISTINCT ?actor ?label WHERE {
  ?actor a kgo:Actor ; rdfs:label|skos:altLabel ?name . FILTER(REPLACE(LCASE(STR(?name)), "[^\\p{L}\\p{N}]", "") = %s)
  OPTIONAL { ?actor rdfs:label ?label FILTER(?label = ?name) } }"""
#: the names whose words could match (each rule of :func:`similar_actors` needs the last word's first letters),
#: filtered in the store rather than read out one by one
NAMES_LIKE = SPARQL_HEADER + """SELECT DISTINCT ?actor ?name ?person WHERE {
  ?actor a kgo:Actor ; rdfs:label|skos:altLabel ?name . FILTER(CONTAINS(LCASE(STR(?name)), %s))
  OPTIONAL { ?actor a kgo:Person BIND(true AS ?person) } }"""
ORGANISATIONS_LIKE = SPARQL_HEADER + """SELECT DISTINCT ?actor ?name WHERE {
  ?actor a kgo:Organization ; rdfs:label|skos:altLabel ?name . FILTER(STRSTARTS(LCASE(STR(?name)), %s)) }"""
EVENTS = SPARQL_HEADER + """SELECT DISTINCT ?e ?role WHERE {
  %s { ?e kgo:hasAgent ?actor BIND("agent" AS ?role) } UNION { ?e kgo:hasTarget ?actor BIND("target" AS ?role) }
  UNION { ?e kgo:hasParticipant ?actor BIND("participant" AS ?role) } }"""
PLACES = SPARQL_HEADER + r"""SELECT DISTINCT ?place WHERE {
  ?place a kgo:Place ; rdfs:label|skos:altLabel ?name . FILTER(REPLACE(LCASE(STR(?name)), "[^\\p{L}\\p{N}]", "") = %s) }"""
#: what happened at a place or at one within it (a town in the country)
PLACE_EVENTS = SPARQL_HEADER + """SELECT DISTINCT ?e ?role WHERE {
  %s ?e kgo:hasPlace ?at . ?at kgo:within* ?place BIND("place" AS ?role) }"""
SAME = SPARQL_HEADER + """SELECT DISTINCT ?e ?other WHERE { %s ?e kgo:sameEventAs ?other }"""
SOURCES = SPARQL_HEADER + """SELECT DISTINCT ?e ?source WHERE { %s ?e kgo:timeSource ?source }"""
MENTIONS = SPARQL_HEADER + """SELECT DISTINCT ?e ?m ?article ?start ?end ?anchor ?index ?sentence ?class WHERE {
  %s ?e kgo:hasMention ?m . ?m kgo:inArticle ?article ; kgo:startOffset ?start ; kgo:endOffset ?end .
  OPTIONAL { ?m kgo:anchorText ?anchor } OPTIONAL { ?m kgo:sentenceIndex ?index } OPTIONAL { ?m kgo:timemlClass ?class }
  OPTIONAL { ?m kgo:sentenceText ?sentence } }"""


def matching_actors(store: QueryBackend, name: str) -> list[str]:
    """IRIs of the actors whose label (else alias) is ``name``, ignoring case, spaces and punctuation, and the
    companies it names with or without their legal form and trade (:func:`company_forms`); when none is, the
    actors a name a little different stands for (:func:`similar_actors`)."""
    key = name_key(name)
    if not key:
        return []
    rows = store.select(ACTORS % literal(key))
    labelled = {row["actor"] for row in rows if row.get("label")}
    exact = labelled or {row["actor"] for row in rows}  # the actor called so, not one also known by it ("Nordvik": the
    # carmaker, not Erik Nordvik, whose surname it is)
    return sorted(exact | set(company_forms(store, name))) or similar_actors(store, name)


def company_forms(store: QueryBackend, name: str) -> list[str]:
    """Organisations known by ``name`` with company words after it, or by ``name`` without them ("Nordvik",
    "Nordvik Motor Company" and "Nordvik Motors Co." are one company to an analyst asking for either)."""
    wanted = _words(name)
    if not wanted:
        return []
    found = set()
    for row in store.select(ORGANISATIONS_LIKE % literal(wanted[0])):
        words = _words(row["name"])
        short, long_ = (wanted, words) if len(wanted) < len(words) else (words, wanted)
        if len(short) < len(long_) and long_[:len(short)] == short and set(long_[len(short):]) <= COMPANY_WORDS:
            found.add(row["actor"])
    return sorted(found)


def similar_actors(store: QueryBackend, name: str) -> list[str]:
    """Actors known by a form of ``name`` that is not the same string, as an analyst (or a task's list of
    targets) may give one: the end of it, two words long at least ("Beatles Apple Corps": "Apple Corps");
    its words shortened or spelt out ("United Automobile Workers": "United Auto Workers"); or, for a person,
    the one person of that surname and first initial ("Frederick Henderson": "Fritz Henderson")."""
    wanted = _words(name)
    if len(wanted) < 2:
        return []
    found: set[str] = set()
    people: dict[str, set[str]] = {}
    for row in store.select(NAMES_LIKE % literal(wanted[-1][:3])):
        words = _words(row["name"])
        if len(words) < 2:
            continue
        ending = len(words) < len(wanted) and wanted[-len(words):] == words
        shortened = len(words) == len(wanted) and all(
            a.startswith(b) or b.startswith(a) if min(len(a), len(b)) >= 3 else a == b for a, b in zip(wanted, words))
        if ending or shortened:
            found.add(row["actor"])
        elif row.get("person") and words[-1] == wanted[-1] and words[0][0] == wanted[0][0]:
            people.setdefault(row["actor"], set()).add(row["name"])
    if not found and len(people) == 1:
        found |= set(people)
    return sorted(found)


def _words(name: str) -> list[str]:
    """A name's words, lower case, letters and digits only, a possessive's "s" dropped."""
    words = (re.sub(r"[\W_]+", "", word) for word in re.sub(r"'s\b", "", str(name).lower()).split())
    return [word for word in words if word]


def name_key(name: str) -> str:
    """A name as :data:`ACTORS` compares it: lower case, letters and digits only ("Daimler-Chrysler": "daimlerchrysler")."""
    return re.sub(r"[\W_]+", "", name.lower())


def matching_places(store: QueryBackend, name: str) -> list[str]:
    """IRIs of the places whose label or alias is ``name``, ignoring case, spaces and punctuation."""
    key = name_key(name)
    return sorted(row["place"] for row in store.select(PLACES % literal(key))) if key else []


def entity_timeline(store: QueryBackend, name: str) -> list[dict[str, object]]:
    """The entity's events as entries ordered by date or bound (undated last), each with its mentions and evidence:
    an actor's events, and what happened at the place of that name or within it when the place is that actor (a
    country that acts) or no actor has the name."""
    roles: dict[str, set[str]] = {}
    actors, places = matching_actors(store, name), matching_places(store, name)
    if actors and not set(actors) & set(places):
        places = []  # a company named like a town ("Nordvik" the carmaker): the company's timeline
    if not actors and not places:
        return []
    rows = store.select(EVENTS % _values("actor", actors)) if actors else []
    rows += store.select(PLACE_EVENTS % _values("place", places)) if places else []
    for row in rows:
        roles.setdefault(row["e"], set()).add(row["role"])
    groups = _coreferent_groups(store, sorted(roles))
    members = sorted({iri for group in groups for iri in group})
    summaries = {event["iri"]: event for event in summarise(store, members)}
    mentions = _mentions(store, members)
    sources = _time_sources(store, members)
    entries = [_entry(group, summaries, mentions, roles, sources) for group in groups]
    entries.sort(key=_position)
    dates = dict.fromkeys(entry["date"] for entry in entries if entry["date"])  # in date order
    rank = {date: number for number, date in enumerate(dates, 1)}
    for entry in entries:
        entry["order"] = rank.get(entry["date"], 0)
    return entries


def _coreferent_groups(store: QueryBackend, events: list[str]) -> list[list[str]]:
    """Each event with the instances ``kgo:sameEventAs`` links it to, directly or not, as one group."""
    linked: dict[str, set[str]] = {}
    frontier = list(events)
    while frontier:
        rows = [row for chunk in _chunks(frontier) for row in store.select(SAME % _values("e", chunk))]
        frontier = sorted({row["other"] for row in rows} - set(linked) - set(events))
        for row in rows:
            linked.setdefault(row["e"], set()).add(row["other"])
            linked.setdefault(row["other"], set()).add(row["e"])
    groups, seen = [], set()
    for start in events:
        if start in seen:
            continue
        group, stack = set(), [start]
        while stack:
            iri = stack.pop()
            if iri not in group:
                group.add(iri)
                stack += linked.get(iri, set()) - group
        seen |= group
        groups.append(sorted(group))
    return groups


def _position(entry: dict) -> tuple:
    """Dated entries by their span, an entry with a bound alone at its bound after those dated to that day,
    the undated last; then by first mention."""
    if entry["date"] is not None or entry["earliest"] and entry["latest"]:
        return (False, entry["earliest"], 0, entry["latest"], _first_mention(entry))
    bound = entry["latest"] or entry["earliest"]
    return (bound is None, bound or "", 1, "", _first_mention(entry))


def _time_sources(store: QueryBackend, events: list[str]) -> dict[str, set[str]]:
    """kgo:timeSource of each event (one per reporting article)."""
    found: dict[str, set[str]] = {}
    for chunk in _chunks(events):
        for row in store.select(SOURCES % _values("e", chunk)):
            found.setdefault(row["e"], set()).add(str(row["source"]))
    return found


def _values(name: str, iris: Sequence[str]) -> str:
    return f"VALUES ?{name} {{ {' '.join(iri_term(iri) for iri in iris)} }}"


def _chunks(items: Sequence[str], size: int = CHUNK) -> list[Sequence[str]]:
    return [items[start:start + size] for start in range(0, len(items), size)]


def _mentions(store: QueryBackend, events: list[str]) -> dict[str, list[dict[str, object]]]:
    found: dict[str, dict[str, dict[str, object]]] = {}
    for chunk in _chunks(events):
        for row in store.select(MENTIONS % _values("e", chunk)):
            found.setdefault(row["e"], {}).setdefault(row["m"], {
                "id": local_id(row["m"]), "article": local_id(row["article"]), "start": row["start"],
                "end": row["end"], "anchor": row.get("anchor", ""), "sentence": row.get("index"),
                "evidence": row.get("sentence", ""), "class": row.get("class", "")})
    return {iri: sorted(by_id.values(), key=lambda m: (m["article"], m["start"])) for iri, by_id in found.items()}


def _entry(group: list[str], summaries: dict[str, dict], mentions: dict[str, list[dict]],
           roles: dict[str, set[str]], sources: dict[str, set[str]]) -> dict[str, object]:
    """One line of the timeline: the group's narrowest dated instance gives the date; with none dated,
    the narrowest bound the article dates give (the earliest ``latest``, else the latest ``earliest``)."""
    dated = [summaries[iri] for iri in group if summaries[iri].get("earliest") and summaries[iri].get("latest")]
    if dated:
        best = min(dated, key=lambda e: (_days(e), e["earliest"]))
        earliest, latest = best["earliest"], best["latest"]
    else:
        best = summaries[group[0]]
        latest = min((summaries[iri]["latest"] for iri in group if summaries[iri].get("latest")), default=None)
        earliest = None if latest else max((summaries[iri]["earliest"] for iri in group
                                            if summaries[iri].get("earliest")), default=None)
    seen: dict[str, dict[str, object]] = {}
    for iri in group:
        for mention in mentions.get(iri, []):
            seen.setdefault(f"{mention['article']}/{mention['id']}", mention)
    date = semeval_date(earliest, latest) if dated else UNDATED
    return {"order": 0, "date": None if date == UNDATED else date, "time": best.get("time"),
            "earliest": earliest, "latest": latest, "time_source": _source(sources.get(best["iri"], set())),
            "factuality": strongest_factuality(summaries[iri].get("factuality", "asserted") for iri in group),
            "event": best["id"],
            "events": [summaries[iri]["id"] for iri in group], "label": best.get("label"), "type": best.get("type"),
            "roles": sorted({role for iri in group for role in roles.get(iri, ())} - {"participant", "place"}),
            "mentions": sorted(seen.values(), key=lambda m: (m["article"], m["start"]))}


def _days(event: dict) -> int:
    return (dt.date.fromisoformat(str(event["latest"])) - dt.date.fromisoformat(str(event["earliest"]))).days


def _source(sources: set[str]) -> str | None:
    """The surest of an instance's time sources (articles may have found its time differently)."""
    return min(sources, key=lambda s: TIME_SOURCES.index(s) if s in TIME_SOURCES else len(TIME_SOURCES), default=None)


def _first_mention(entry: dict) -> tuple[str, int]:
    mentions = entry["mentions"]
    return (mentions[0]["article"], mentions[0]["start"]) if mentions else ("", 0)


def semeval_date(earliest: str, latest: str) -> str:
    """A span of days at the precision it has: one day, else its month, else its year, else undated."""
    if earliest == latest:
        return earliest
    if earliest[:7] == latest[:7]:
        return earliest[:7]
    return earliest[:4] if earliest[:4] == latest[:4] else UNDATED


def anchor(mention: dict[str, object]) -> str:
    """``doc-sentence-word`` of a mention, as the SemEval-2015 TimeLine files write them."""
    return f"{mention['article']}-{mention['sentence']}-{'_'.join(str(mention['anchor']).split())}"


#: TimeML classes of attitudes and phases, not events of their own: "plans to", "expects", "wants", "began to"
ATTITUDE_CLASSES = frozenset({"I_STATE", "ASPECTUAL"})


def on_timeline(entries: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    """The entries a SemEval-2015 TimeLine lists: events some report asserts or plans for certain, by their mentions
    that are not an attitude or a phase (:data:`ATTITUDE_CLASSES`: the "plans" of "plans to cut jobs" is not an
    event on it, the cut is). Possible and denied events are left out.

    As annotated in MEANTIME (the same articles as the task's GM and Apple corpora), 16 % of the events on the
    gold timelines are in the future, none is negated or only possible, and none is what MEANTIME calls a
    grammatical event (aspectual, catenative and copular verbs). Measured on GM (the Apple trial corpus as a
    check): planned events gave dated F1 0.290 -> 0.308 (Apple 0.392 -> 0.393), leaving attitudes out
    0.308 -> 0.318 (Apple 0.393 -> 0.388).

    A TimeLine lists the events an entity takes part in as their agent or what they act on (PropBank's Arg0 and
    Arg1), so an entry whose entity is only a place or a loosely attached participant is left out (on both, 63 of
    the 80 such entries matched no gold event: mention F1 0.590 -> 0.607, dated 0.415 -> 0.436; Apple 0.577 ->
    0.581, 0.426 -> 0.441). Keeping only agents measured higher still on dated F1 (GM 0.447, Apple 0.448) but
    leaves out what is done to the entity, which the task counts."""
    found = []
    for entry in entries:
        if entry.get("factuality", "asserted") not in ("asserted", "planned"):
            continue
        mentions = [m for m in entry["mentions"] if m.get("class") not in ATTITUDE_CLASSES]
        if mentions and entry.get("roles"):  # an agent or a target, not only a place or a participant
            found.append({**entry, "mentions": mentions})
    return found


def semeval_lines(name: str, entries: Sequence[dict[str, object]]) -> str:
    """The timeline in the SemEval-2015 TimeLine format: the name, then ``order<TAB>date<TAB>anchors…`` for
    each entry on it (:func:`on_timeline`)."""
    lines = [name]
    for entry in sorted(on_timeline(entries), key=lambda e: e["order"]):
        anchors = "\t".join(anchor(m) for m in entry["mentions"])
        lines.append(f"{entry['order']}\t{entry['date'] or UNDATED}\t{anchors}")
    return "\n".join(lines)


def table_lines(entries: Sequence[dict[str, object]], width: int = 90) -> str:
    """The timeline as text: order, date (``≤2009-06-01``: a bound alone), type, label, then the first mention's
    article and sentence."""
    lines = []
    for entry in entries:
        first = entry["mentions"][0] if entry["mentions"] else {"article": "", "evidence": ""}
        evidence = " ".join(str(first["evidence"]).split())
        evidence = evidence if len(evidence) <= width else evidence[:width - 1] + "…"
        when = entry["date"] or (f"≤{entry['latest']}" if entry["latest"] else
                                 f"≥{entry['earliest']}" if entry["earliest"] else "undated")
        said = "" if entry.get("factuality", "asserted") == "asserted" else f" ({entry['factuality']})"
        lines.append(f"{entry['order']:>3}  {when:<11}  {entry['type'] or '':<16}  "
                     f"{entry['label'] or entry['event']}{said}  [{first['article']}] {evidence}")
    return "\n".join(lines)
