"""Event coreference and participants: merged types, tolls folded into their events, content keys."""

import datetime as dt

from kg.model import Article
from kg.nlp import extract
from kg.resolve import merged_type, resolve


def resolved(text: str, date=dt.date(2024, 3, 6)):
    return resolve(extract(Article("t", text, date)))


def test_merged_types():
    assert merged_type("Attack", "DroneStrike") == "DroneStrike"
    assert merged_type("Explosion", "Attack") == "Bombing"
    assert merged_type("Killing", "Death") == "Killing"
    assert merged_type("Protest", "Election") == ""


def test_mentions_of_one_attack_are_one_event_with_a_content_key():
    r = resolved("Two explosions ripped through a market in Peshawar on Tuesday, killing 11 people. "
                 "Police said the blasts were a terrorist attack. The bombing was the deadliest this year.")
    attacks = [e for e in r.events.values() if e.type == "Bombing"]
    assert len(attacks) == 1
    event = attacks[0]
    assert event.shared and event.key == "attack-peshawar-2024-03-05" and event.killed == 11
    assert len(event.mentions) >= 4
    assert all(reason and 0 < score <= 1 for _, reason, score in event.merges)


def test_tolls_are_not_events_of_their_own():
    r = resolved("A fire swept through a hospital in Baghdad on Saturday. At least 82 people were killed.")
    assert not [e for e in r.events.values() if e.type in ("Killing", "Death")]
    fire = next(e for e in r.events.values() if e.type == "Accident")
    assert fire.killed == 82


def test_capital_acting_is_the_state():
    r = resolved("Moscow launched missiles at Kyiv on Friday.")
    strike = next(e for e in r.events.values() if e.type == "MissileStrike")
    assert strike.agents == ("place/russia",)


def test_title_phrase_is_a_name_of_the_person():
    r = resolved("The country's finance minister Maria Kowalska resigned on Monday. Kowalska said she was tired.")
    actor = r.actors["maria-kowalska"]
    assert "country's finance minister" in " ".join(actor.titles)
