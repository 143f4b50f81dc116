"""Event triggers: which tokens are events, their TimeML class, ontology type and arguments.

Typing reads a lexicon written as data (``kg/data/event_types.json``: ontology class →
verb and noun lemmas of general news English, plus compound and verb–object rules), so it
is the same for every article. Arguments come from the dependency parse.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span, Token

from kg.nlp import gazetteer

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
AGENT_DEPS = {"nsubj", "csubj"}
TARGET_DEPS = {"dobj", "nsubjpass", "obj"}
PLACE_PREPS = {"in", "at", "near", "on", "onto", "into", "through", "outside", "inside", "across", "around",
               "from", "over", "throughout", "along", "toward", "towards", "off", "within", "against"}
LIGHT_VERBS = {"give", "make", "hold", "deliver", "launch", "carry", "conduct", "stage", "mount", "issue", "take",
               "organize", "organise", "host", "call", "order", "plan", "announce"}
INSTRUMENT_PREPS = {"in", "with", "by", "using", "via", "through"}
VICTIM_CLASSES = {"Killing", "Assassination", "Death", "Injury", "Arrest"}
PERSON_ROLE_NOUNS = {
    "head", "leader", "commander", "chief", "official", "president", "minister", "spokesperson", "spokesman",
    "spokeswoman", "general", "officer", "director", "secretary", "deputy", "governor", "mayor", "ambassador",
    "envoy", "prime", "king", "queen", "prince", "senator", "lawmaker", "judge", "ceo", "founder", "chairman",
    "chairwoman", "correspondent", "reporter", "journalist", "soldier", "militant", "fighter", "civilian",
    "protester", "activist", "candidate", "member", "citizen", "resident", "victim", "worker", "people",
}

ORGANIZATION_NOUNS = {
    "media", "government", "ministry", "military", "army", "forces", "police", "agency", "services", "authorities",
    "parliament", "court", "administration", "council", "company", "firm", "party", "regime", "cabinet", "embassy",
    "navy", "militia", "group", "coalition", "union", "board", "committee", "guard", "office", "department",
}


@dataclass(frozen=True)
class Lexicon:
    """The event-typing lexicon, indexed for lookups."""

    verbs: dict[str, str]
    nouns: dict[str, str]
    compound_rules: tuple[dict, ...]
    object_rules: tuple[dict, ...]
    timeml: dict[str, str]


@functools.cache
def lexicon() -> Lexicon:
    data = json.loads((DATA_DIR / "event_types.json").read_text("utf-8"))
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    for cls, words in data["classes"].items():
        for lemma in words["verbs"]:
            verbs.setdefault(lemma, cls)
        for lemma in words["nouns"]:
            nouns.setdefault(lemma, cls)
    timeml = {lemma: cls for cls, lemmas in data["timeml_classes"].items() for lemma in lemmas}
    return Lexicon(verbs, nouns, tuple(data["compound_rules"]), tuple(data["object_rules"]), timeml)


def is_event_trigger(token: Token) -> bool:
    """TimeML-style eventive predicates: main verbs, and nouns the lexicon knows as events."""
    if token.pos_ == "VERB" and token.dep_ not in ("aux", "auxpass") and token.is_alpha:
        return True
    return token.pos_ == "NOUN" and token.lemma_.lower() in lexicon().nouns


def timeml_class(token: Token) -> str:
    lemma = token.lemma_.lower()
    cls = lexicon().timeml.get(lemma)
    if cls:
        return cls
    return "OCCURRENCE"


def event_type(token: Token) -> tuple[str, float]:
    """The ontology class of a trigger and a confidence; ("", 0) for events that are not salient."""
    lex = lexicon()
    lemma = token.lemma_.lower()
    modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod", "nn")}
    modifiers |= {c.text.lower() for c in token.children if c.dep_ in ("compound", "amod")}
    for rule in lex.compound_rules:
        if lemma in rule["head"] and modifiers & set(rule["modifier"]):
            return rule["class"], 0.85
    if token.pos_ == "VERB":
        objects = set()
        for obj in (c for c in token.children if c.dep_ in ("dobj", "obj")):
            objects.add(obj.lemma_.lower())  # "fired missiles", and "fired dozens of missiles"
            objects |= {g.lemma_.lower() for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                        for g in p.children if g.dep_ == "pobj"}
        for rule in lex.object_rules:
            if lemma in rule["verbs"] and objects & set(rule["objects"]):
                return rule["class"], 0.8
        cls = lex.verbs.get(lemma)
        if cls == "Statement" and not any(c.dep_ in AGENT_DEPS for c in token.children) and token.dep_ != "acl":
            return "", 0.0
        return (cls, 0.7) if cls else ("", 0.0)
    cls = lex.nouns.get(lemma)
    if cls == "Strike" and not modifiers:
        return cls, 0.45  # a bare "strike" may be a labour strike
    return (cls, 0.7) if cls else ("", 0.0)


def tense(token: Token) -> str:
    """past / present / future of the verb governing ``token``."""
    verb = governing_verb(token) or token
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "wo", "shall", "'ll") or a.lemma_ == "go" and a.tag_ == "VBG" for a in auxes):
        return "future"
    if any(a.lower_ == "set" or a.lemma_ == "set" for a in auxes) or verb.lemma_ == "set":
        return "future"
    if verb.tag_ in ("VBD", "VBN") or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    return "present"


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` in the parse (the token itself if it is a verb)."""
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def entity_for(token: Token, entities: dict[int, Span]) -> Span | None:
    """The entity a phrase headed by ``token`` denotes: its own entity, or the first one inside it."""
    if token.i in entities:
        return entities[token.i]
    for child in token.subtree:
        if child.i in entities and entities[child.i].label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
            return entities[child.i]
    return None


def arguments(trigger: Token, cls: str, entities: dict[int, Span]) -> list[tuple[str, Token]]:
    """(role, head token) pairs for agent, target, place and instrument of one trigger."""
    found: list[tuple[str, Token]] = []
    if trigger.pos_ == "VERB":
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
        for child in trigger.children:
            if child.dep_ in AGENT_DEPS:
                found.append(("agent", child))
            elif child.dep_ in TARGET_DEPS:
                found.append(("target", child))
            elif child.dep_ == "agent" and passive:
                found.extend(("agent", pobj) for pobj in child.children if pobj.dep_ == "pobj")
        if trigger.dep_ in ("acl", "relcl") and not any(r == "target" for r, _ in found) and passive is False:
            found.append(("target", trigger.head))  # "Americans injured"
        if trigger.dep_ in ("xcomp", "conj") and not any(r == "agent" for r, _ in found):
            # "Siemens agreed to buy …", "gunmen stormed and attacked …": the subject is the head's
            found.extend(("agent", c) for c in trigger.head.children if c.dep_ in AGENT_DEPS)
    else:
        for child in trigger.children:
            if child.dep_ in ("compound", "amod") and _is_locality(child, entities):
                found.append(("place", child))  # "the Paris attacks"
            elif child.dep_ == "poss" or child.dep_ in ("compound", "amod") and child.i in entities:
                found.append(("target" if cls in VICTIM_CLASSES else "agent", child))
            elif child.dep_ == "prep" and child.lower_ in ("of", "against", "on"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    found.append(("place" if _is_locality(pobj, entities) else "target", pobj))
            elif child.dep_ == "prep" and child.lower_ == "by":
                found.extend(("agent", pobj) for pobj in child.children if pobj.dep_ == "pobj")
    if trigger.pos_ == "NOUN":
        found.extend(_shared_with_verb(trigger, found))
    participants = {token.i for _, token in found}
    found.extend(p for p in _places(trigger, entities) if p[1].i not in participants)  # "US drone strike": agent only
    return found


def _shared_with_verb(noun: Token, found: list[tuple[str, Token]]) -> list[tuple[str, Token]]:
    """Roles a nominal event takes from its verb: "X gave a speech", "X killed Y in a drone strike"."""
    verb = None
    if noun.dep_ in ("dobj", "obj") and noun.head.lemma_.lower() in LIGHT_VERBS:
        verb = noun.head
    elif noun.dep_ == "pobj" and noun.head.lower_ in INSTRUMENT_PREPS and noun.head.head.pos_ == "VERB":
        verb = noun.head.head
    if verb is None:
        return []
    while verb.dep_ == "xcomp" and not any(c.dep_ in AGENT_DEPS for c in verb.children):
        verb = verb.head  # "is set to give a speech": the subject is the governing verb's
    roles = {role for role, _ in found}
    shared = []
    for child in verb.children:
        if child.dep_ in AGENT_DEPS and "agent" not in roles:
            shared.append(("agent", child))
        elif child.dep_ in ("dobj", "obj") and child is not noun and "target" not in roles:
            shared.append(("target", child))
    return shared


def _is_locality(token: Token, entities: dict[int, Span]) -> bool:
    """A city, region or facility (not a country, which can also act): a place, not a participant."""
    span = entities.get(token.i)
    if span is None or span.label_ not in ("GPE", "LOC", "FAC"):
        return False
    return gazetteer.country(span.text) is None


def _places(trigger: Token, entities: dict[int, Span]) -> list[tuple[str, Token]]:
    """Place arguments: entities in locative prepositions of the trigger or its governing verb."""
    heads = [trigger]
    verb = governing_verb(trigger)
    if verb is not None and verb is not trigger:
        heads.append(verb)
    places: list[tuple[str, Token]] = []
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                places.extend(_place_tokens(child, entities))
            elif child.dep_ == "advcl" and any(m.lower_ in ("when", "as", "while") for m in child.children):
                for grandchild in child.children:
                    if grandchild.dep_ in ("dobj", "prep"):
                        places.extend(_place_tokens(grandchild, entities))
            elif child.dep_ in ("dobj", "npadvmod") and child.i in entities and entities[child.i].label_ in ("FAC", "LOC"):
                places.append(("place", child))
    return places


def _place_tokens(phrase: Token, entities: dict[int, Span]) -> list[tuple[str, Token]]:
    """The most specific place in a phrase: a city before the country it is in."""
    spans = []
    for token in phrase.subtree:
        span = entities.get(token.i)
        if span is not None and span.label_ in ("GPE", "LOC", "FAC") and span.root.i == token.i:
            spans.append(span)
    if not spans:
        return []
    # a facility or city is more specific than the country it is in
    # a modifier names an owner, not a location: "US bases in Iraq" happen in Iraq
    spans.sort(key=lambda s: (s.root.dep_ in ("compound", "amod", "poss"), gazetteer.country(s.text) is not None,
                              s.label_ != "FAC", s.start))
    return [("place", spans[0].root)]
