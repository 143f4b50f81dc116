"""Typing, roles and causal links on team-written articles of other kinds of news (tests/data/articles)."""

import datetime as dt
import functools
from pathlib import Path

import pytest

from kg.ingest import read_articles
from kg.model import Article
from kg.nlp import events as ev
from kg.nlp import extract
from kg.pipeline import process

ARTICLES = Path(__file__).parent / "data" / "articles"


@functools.cache
def processed(name: str):
    return next(iter(process(read_articles([ARTICLES / name]))))


def events_of(item, event_type):
    return [e for e in item.resolution.events.values() if e.type == event_type or event_type in e.types]


def labels(item, keys):
    names = {f"actor/{k}": a.name for k, a in item.resolution.actors.items()}
    names |= {f"place/{k}": p.name for k, p in item.resolution.places.items()}
    return {names.get(k, k) for k in keys}


def causal_pairs(item):
    types = {m.id: m.type for m in item.extraction.events}
    return {(types[r.source], types[r.target]) for r in item.extraction.relations if r.type == "causes"}


def test_protest_with_place_police_arrests_and_shooting():
    item = processed("protest_2021-03-01.txt")
    protests = events_of(item, "Protest")
    assert any("Yangon" in labels(item, e.places) and e.time == "2021-02-28" for e in protests)
    arrest, = events_of(item, "Arrest")[:1]
    assert "Police" in labels(item, arrest.agents) or "police" in {a.lower() for a in labels(item, arrest.agents)}
    assert events_of(item, "Shooting")
    assert ("Killing", "Statement") in causal_pairs(item)  # the UN condemned the killings


def test_election_with_winner_and_rally():
    item = processed("election_2020-11-16.txt")
    election = events_of(item, "Election")
    assert election and election[0].time == "2020-11-15"
    assert any("Chisinau" in labels(item, e.places) for e in events_of(item, "Protest"))


def test_earthquake_toll_claims_and_causes():
    item = processed("earthquake_2023-09-10.txt")
    quake = [e for e in events_of(item, "Earthquake") if e.time == "2023-09-08"]
    assert quake and quake[0].killed == 2000 and quake[0].injured == 2000
    assert "Morocco" in labels(item, quake[0].places)
    claims = {(c.value, c.stage, c.source) for c in item.extraction.claims if c.property == "killed"}
    assert (820, "initial", "") in {(v, s, "") for v, s, _ in claims}
    assert any(source == "interior ministry" for _, _, source in claims)
    assert ("Earthquake", "Death") in causal_pairs(item)  # the quake killed them: deaths, with no one who killed
    assert events_of(item, "MilitaryDeployment")


def test_merger_buyer_and_target():
    item = processed("merger_2024-07-02.txt")
    merger = [e for e in events_of(item, "Merger") if e.time == "2024-07-01"]
    assert merger
    assert labels(item, merger[0].agents) == {"Boeing"}
    assert "Spirit AeroSystems" in labels(item, merger[0].targets)


@pytest.mark.parametrize(("sentence", "lemma", "expected"), [
    ("Gunmen massacred villagers in the north.", "massacre", "Killing"),
    ("The rebels strangled the guard.", "strangle", "Killing"),      # WordNet: a hyponym of kill.v.01
    ("A tornado flattened the town.", "tornado", "Disaster"),        # WordNet: under storm.n.01
    ("Police incarcerated the suspects.", "incarcerate", "Arrest"),  # WordNet: under imprison.v.01
])
def test_typing_generalises_through_wordnet(sentence, lemma, expected):
    x = extract(Article("t", sentence, dt.date(2024, 1, 1)))
    found = {e.lemma: e.type for e in x.events}
    assert found.get(lemma) == expected, found


def test_instruments_and_targets_of_strikes():
    x = extract(Article("t", "The militia fired rockets at the embassy compound on Sunday.", dt.date(2024, 1, 8)))
    strike = next(e for e in x.events if e.type == "MissileStrike")
    roles = {a.role: a.text for a in strike.args}
    assert roles.get("instrument") == "rockets"


def test_wordnet_lexicon_is_data_and_supersenses_are_there():
    assert ev.supersense("kill", "v") == "verb.contact"
    assert ev.supersense("earthquake", "n") == "noun.event"
    assert "missile" in ev.lexicon().instruments


def test_train_crash_mentions_become_one_dated_placed_accident_with_its_toll_revisions():
    item = processed("train_crash_2023-07-08.txt")
    [crash] = events_of(item, "Accident")
    assert crash.time == "2023-06-02TEV"  # "on the evening of June 2", not the article's evening
    assert {"Odisha", "India"} <= labels(item, crash.places) and not crash.agents  # "India's … crash": where, not who
    assert (crash.killed, crash.injured) == (290, 1000) and len(crash.mentions) >= 5
    [arrest] = events_of(item, "Arrest")
    assert arrest.time == "2023-07-07" and labels(item, arrest.agents) == {"Central Bureau of Investigation"}
    figures = [(c.value, c.stage) for c in item.extraction.claims if c.property == "killed"]
    assert (233, "initial") in figures and (288, "revised") in figures and (290, "") in figures
    odisha = item.resolution.places["odisha"]
    assert (odisha.kind, odisha.within) == ("Region", "india")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Prosecutors charged the former mayor with bribery on Monday.", "Arrest"),  # the object of 'with' counts
    ("The driver was booked for manslaughter.", "Arrest"),
])
def test_charging_someone_with_a_crime_is_an_arrest(sentence, expected):
    x = extract(Article("t", sentence, dt.date(2024, 1, 1)))
    found = {e.lemma: e.type for e in x.events}
    assert expected in found.values(), found


def test_charging_a_fee_is_no_arrest():
    x = extract(Article("t", "The airline charged passengers with a new fee for luggage.", dt.date(2024, 1, 1)))
    assert "Arrest" not in {e.type for e in x.events}
