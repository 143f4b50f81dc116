"""Links between the events of one article: causal cues and temporal order.

Causal links come from explicit cues read off the dependency parse ("resulting in",
"in retaliation for", "because of", a participial "…, killing N"), each with its cue,
evidence sentence and a confidence. Temporal links come from the events' normalised times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from kg.model import EventMention, Relation, Sentence, Timex
from kg.nlp.timex import value_bounds

CAUSE_VERBS = {"cause", "trigger", "spark", "prompt", "provoke", "fuel", "produce"}
RESULT_VERBS = {"result": "in", "lead": "to", "contribute": "to", "give": "rise"}
CAUSE_NOUNS = {"retaliation": "for", "response": "to", "revenge": "for", "reprisal": "for", "reaction": "to",
               "result": "of", "consequence": "of", "wake": "of"}
CONSEQUENCE_VERBS = {"kill", "injure", "wound", "leave", "destroy", "damage", "displace", "force", "cause", "trigger",
                     "claim", "send", "spark", "prompt", "bring"}
REACTION_TYPES = {"Threat", "Protest", "Arrest", "MilitaryDeployment"}
REACTION_STATEMENTS = {"condemn", "blame", "accuse", "denounce", "vow", "warn", "threaten", "retaliate", "mourn"}
HARM_TYPES = {"Attack", "Bombing", "Explosion", "Shooting", "Strike", "AirStrike", "DroneStrike", "MissileStrike",
              "Killing", "Assassination", "Death", "Injury", "Earthquake", "Disaster", "Accident"}


def causal_links(doc: Doc, triggers: Sequence[Token], events: Sequence[EventMention],
                 sentences: Sequence[Sentence]) -> list[Relation]:
    """Cause → effect pairs within a sentence, found from explicit cues."""
    by_token = {t.i: e for t, e in zip(triggers, events)}
    found: dict[tuple[str, str], Relation] = {}

    def add(cause: EventMention | None, effect: EventMention | None, cue: str, confidence: float) -> None:
        if cause is None or effect is None or cause.id == effect.id:
            return
        key = (cause.id, effect.id)
        if key not in found or found[key].confidence < confidence:
            text = sentences[effect.sentence].text
            found[key] = Relation("causes", cause.id, effect.id, text, confidence, cue, effect.sentence)

    for token in doc:
        lemma = token.lemma_.lower()
        if lemma in RESULT_VERBS and token.pos_ == "VERB":
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == RESULT_VERBS[lemma]):
                cause = _clause_event(token, by_token)
                effect = _first_event(prep, by_token, typed_only=True)
                if cause is None or not cause.type:
                    cause = _nearest_typed(token, by_token, before=True) or cause
                if effect is None:
                    effect = _nearest_typed(prep, by_token, before=False)
                add(cause, effect, f"{token.text} {prep.text}", 0.8)
        elif lemma in CAUSE_VERBS and token.pos_ == "VERB":
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            obj = next((c for c in token.children if c.dep_ in ("dobj", "obj")), None)
            if subject is not None and obj is not None:
                add(_first_event(subject, by_token), _first_event(obj, by_token), token.text, 0.8)
        elif token.dep_ == "prep" and token.lower_ in ("for", "to", "of"):
            noun = token.head
            if CAUSE_NOUNS.get(noun.lemma_.lower()) == token.lower_ and noun.dep_ == "pobj":
                effect = _head_event(noun.head.head, by_token)
                add(_first_event(token, by_token), effect, f"{noun.head.text} {noun.text} {token.text}", 0.85)
            elif token.lower_ in ("of", "to") and noun.lower_ in ("because", "due"):
                add(_first_event(token, by_token), _head_event(noun.head, by_token), f"{noun.text} {token.text}", 0.8)
        elif token.dep_ == "prep" and token.lower_ in ("after", "following") and token.head.i in by_token:
            add(_first_event(token, by_token, typed_only=True), by_token.get(token.head.i), token.text, 0.5)
        if token.dep_ == "advcl" and token.i in by_token:
            marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
            head = _head_event(token.head, by_token)
            if marks & {"because", "since"}:
                add(by_token[token.i], head, next(iter(marks & {"because", "since"})), 0.75)
            elif "after" in marks and head is not None and head.type:
                add(by_token[token.i], head, "after", 0.45)
            elif token.tag_ == "VBG" and lemma in CONSEQUENCE_VERBS and not marks:
                cause = _subject_event(token.head, by_token) or _nearest_typed(token, by_token, before=True, harm=True)
                add(cause or head, by_token[token.i], token.text, 0.7)
        _instrument_link(token, by_token, add)
    _reaction_links(doc, triggers, by_token, add)
    return list(found.values())


def _instrument_link(token: Token, by_token: dict[int, EventMention], add) -> None:
    """"killed in a drone strike": the strike caused the killing."""
    effect = by_token.get(token.i)
    if effect is None or effect.type not in ("Killing", "Assassination", "Death", "Injury"):
        return
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "by", "with")):
        cause = _first_event(prep, by_token, typed_only=True)
        if cause is not None and cause.type in HARM_TYPES:
            add(cause, effect, f"{token.text} {prep.text}", 0.7)


def _reaction_links(doc: Doc, triggers: Sequence[Token], by_token: dict[int, EventMention], add) -> None:
    """A vow, statement or protest about a harmful event is caused by it ("vowed to punish … of the blasts")."""
    for token in triggers:
        reaction = by_token[token.i]
        if reaction.type not in REACTION_TYPES and reaction.lemma not in REACTION_STATEMENTS:
            continue
        for inner in token.subtree:
            cause = by_token.get(inner.i)
            if inner.i != token.i and cause is not None and cause.type in HARM_TYPES and cause.sentence == reaction.sentence:
                add(cause, reaction, f"{token.text} … {inner.text}", 0.55)
                break


def _first_event(token: Token, by_token: dict[int, EventMention], typed_only: bool = False) -> EventMention | None:
    """The first (typed, if any) event mention inside the phrase headed by ``token``."""
    inside = [by_token[t.i] for t in token.subtree if t.i in by_token and t.i != token.i or t.i == token.i and t.i in by_token]
    typed = [e for e in inside if e.type]
    if typed:
        return typed[0]
    return None if typed_only or not inside else inside[0]


def _nearest_typed(token: Token, by_token: dict[int, EventMention], *, before: bool,
                   harm: bool = False) -> EventMention | None:
    """The closest typed event in the same sentence before (or after) ``token``: the parser's fallback."""
    sent = token.sent
    indices = range(token.i - 1, sent.start - 1, -1) if before else range(token.i + 1, sent.end)
    for i in indices:
        event = by_token.get(i)
        if event is not None and event.type and (not harm or event.type in HARM_TYPES):
            return event
    return None


def _head_event(token: Token, by_token: dict[int, EventMention]) -> EventMention | None:
    current = token
    for _ in range(6):
        if current.i in by_token:
            return by_token[current.i]
        if current.head is current:
            return None
        current = current.head
    return None


def _subject_event(verb: Token, by_token: dict[int, EventMention]) -> EventMention | None:
    """The event a clause's subject names ("two explosions ripped through …"), if typed."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            event = _first_event(child, by_token, typed_only=True)
            if event is not None:
                return event
    return None


def _clause_event(token: Token, by_token: dict[int, EventMention]) -> EventMention | None:
    """The cause of "X, resulting in Y" / "X led to Y": the clause head, or the subject's event."""
    if token.dep_ in ("advcl", "xcomp", "conj", "acl") :
        return _subject_event(token.head, by_token) or _head_event(token.head, by_token)
    return _subject_event(token, by_token)


# --- temporal -----------------------------------------------------------------------


def compare_values(a: str, b: str) -> str | None:
    """The TimeML relation between two time values by their bounds, or None when unknown."""
    first, second = value_bounds(a), value_bounds(b)
    if first is None or second is None:
        return None
    (a0, a1, _), (b0, b1, _) = first, second
    if a1 < b0:
        return "before"
    if b1 < a0:
        return "after"
    if (a0, a1) == (b0, b1):
        return "simultaneous"
    if a0 <= b0 and b1 <= a1:
        return "includes"
    if b0 <= a0 and a1 <= b1:
        return "is_included"
    return "overlaps"


def temporal_links(events: Sequence[EventMention], timexes: Sequence[Timex], sentences: Sequence[Sentence],
                   anchor: dt.date | None) -> list[Relation]:
    """Event–time, event–article-date and event–event links from normalised times."""
    relations: list[Relation] = []
    for event in events:
        if event.timex and event.timex != "dct":
            relations.append(Relation("is_included", event.id, event.timex, sentences[event.sentence].text, 0.8,
                                      "", event.sentence))
        if anchor is not None and event.time:
            relation = compare_values(event.time, anchor.isoformat())
            if relation:
                relations.append(Relation(relation, event.id, "dct", sentences[event.sentence].text, 0.7, "", event.sentence))
    relations.extend(_timeline(events, sentences))
    return relations


def _timeline(events: Sequence[EventMention], sentences: Sequence[Sentence]) -> list[Relation]:
    """Typed events ordered by their times: a chain of links with evidence, and its closure.

    Events with the same time form a group (linked to its first member as simultaneous);
    consecutive groups are linked first member to first member. Every other pair that the
    times order is added as an inferred link, so ``kgo:before`` queries need no path closure.
    """
    dated = sorted((e for e in events if e.type and e.time and value_bounds(e.time)),
                   key=lambda e: (value_bounds(e.time)[0], value_bounds(e.time)[1], e.sentence))
    groups: list[list[EventMention]] = []
    for event in dated:
        if groups and value_bounds(groups[-1][0].time)[:2] == value_bounds(event.time)[:2]:
            groups[-1].append(event)
        else:
            groups.append([event])
    relations: list[Relation] = []
    for group in groups:
        relations.extend(_relation("simultaneous", group[0], other, sentences) for other in group[1:])
    for i, group in enumerate(groups):
        for j, later in enumerate(groups[i + 1:], start=i + 1):
            relation = compare_values(group[0].time, later[0].time)
            if relation is None:
                continue
            relation, swap = ("before", relation == "after") if relation in ("before", "after") else (relation, False)
            for first in group:
                for second in later:
                    chained = j == i + 1 and first is group[0] and second is later[0]
                    source, target = (second, first) if swap else (first, second)
                    relations.append(_relation(relation, source, target, sentences, inferred=not chained))
    return relations


def _relation(kind: str, source: EventMention, target: EventMention, sentences: Sequence[Sentence],
              inferred: bool = False) -> Relation:
    evidence = sentences[source.sentence].text.strip()
    if target.sentence != source.sentence:
        evidence += " … " + sentences[target.sentence].text.strip()
    precise = all(value_bounds(e.time)[2] == "day" for e in (source, target))
    return Relation(kind, source.id, target.id, evidence, 0.9 if precise else 0.6, "", source.sentence, inferred)
