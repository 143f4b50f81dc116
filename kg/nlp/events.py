"""Event triggers: which tokens are events, their TimeML class, ontology type and arguments.

Typing reads a lexicon written as data (``kg/data/event_types.json``: ontology class →
verb and noun lemmas of general news English, rules over a trigger's modifiers, object,
particle or subject, and guards for words whose class depends on what they act on), with
WordNet's hyponyms of seed senses as fallback (``kg/data/wordnet_lexicon.json``), so it is
the same for every article. A trigger no news class fits gets a generic class, the kind of
happening its word names (WordNet supersense, TimeML class: ``kgo:GenericEvent``). Arguments
come from the dependency parse.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.nlp import gazetteer
from kg.resources import DATA_DIR
from kg.taxonomy import ATTACK_TYPES, HARM_TYPES, UNDERGOER_TYPES, UNINTENDED_TYPES, local
from kg.vocab import KGO, load_ontology

AGENT_DEPS = {"nsubj", "csubj"}
TARGET_DEPS = {"dobj", "nsubjpass", "obj"}
PLACE_PREPS = {"in", "at", "near", "on", "onto", "into", "through", "outside", "inside", "across", "around",
               "from", "over", "throughout", "along", "toward", "towards", "off", "within", "against"}
LIGHT_VERBS = {"give", "make", "hold", "deliver", "launch", "carry", "conduct", "stage", "mount", "issue", "take",
               "organize", "organise", "host", "call", "order", "plan", "announce"}
INSTRUMENT_PREPS = {"in", "with", "by", "using", "via", "through"}
#: verbs that convict or punish someone for an offence, whose object (or passive subject) did it: a court's finding,
#: not an accusation ("charged with", "blamed for" and "acquitted of" say no one did it)
CONVICTING_VERBS = {"convict", "sentence", "jail", "imprison", "fine", "punish"}
#: nouns of a court's finding, whose possessor did the offence after them ("his conviction for fraud")
CONVICTIONS = {"conviction", "sentence", "fine"}
#: verbs that start or go on with what their object says, whose subject does it: "began a strike", "open talks"
ONSET_VERBS = {"begin", "start", "open", "resume", "continue", "enter"}
#: verbs whose subject makes the agreement their object names: "reached a deal", "signed an accord"
SETTLING_VERBS = {"reach", "sign", "seal", "clinch", "strike", "broker", "negotiate", "conclude", "finalise", "finalize"}
#: verbs whose "with" names what they concern, not their means: "comply with the ruling", "charged with murder"
WITH_THEME_VERBS = {"comply", "charge", "accuse", "cope", "deal", "agree", "disagree", "threaten", "credit", "link",
                    "connect", "associate", "satisfy", "cooperate", "interfere", "tamper", "concern", "grapple",
                    "struggle", "reckon", "familiarize", "familiarise", "square"}
RAISING_VERBS = {"set", "expect", "schedule", "due", "slate", "poise", "plan", "scheduled"}  # "X is set to give a speech"
#: verbs whose object does what their infinitive says: "urged the union to return" (the union returns), and whose
#: passive subject does ("was forced to resign", "is expected to become")
OBJECT_CONTROL_VERBS = {"urge", "ask", "tell", "order", "persuade", "force", "allow", "permit", "invite", "encourage",
                        "instruct", "command", "compel", "require", "enable", "advise", "authorize", "authorise",
                        "pressure", "press", "oblige", "convince", "call", "request", "expect", "set", "schedule",
                        "due", "slate", "poise"}
IMPACT_VERBS = {"strike", "hit", "rock", "ravage", "devastate", "batter", "lash", "shake", "flood", "sweep"}
TARGET_PREPS = {"onto", "on", "at", "against", "into", "upon"}
RELATIVE_PRONOUNS = {"which", "who", "that", "whom"}
#: what is released or shown of something, not the thing ("released images of the suspects", "the names of the dead")
CONTENT_NOUNS = {"image", "photo", "photograph", "picture", "video", "footage", "name", "detail", "list", "report",
                 "figure", "data", "document", "recording", "sketch", "description", "statement", "account"}
# verbs whose subject (or passive agent) is the agent of the event they take: "Trump ordered the strike"
ORDERING_VERBS = {"order", "authorize", "authorise", "approve", "launch", "carry", "conduct", "direct", "command",
                  "mount", "stage", "execute", "plan", "claim", "perpetrate", "commit", "sanction", "orchestrate"}
#: words for someone the text does not name ("a teenager", "the woman"): a person where an event needs one, and
#: who may be the "he" that follows (kg.nlp.coreference)
PERSON_NOUNS = frozenset({"man", "woman", "boy", "girl", "person", "child", "father", "mother", "son", "daughter",
                          "husband", "wife", "brother", "sister", "friend", "driver", "passenger", "student",
                          "teacher", "doctor", "patient", "suspect", "gunman", "attacker", "victim", "witness",
                          "spokesman", "spokeswoman", "official", "executive", "analyst", "lawyer", "teenager",
                          "teen", "youth", "pensioner", "adult", "toddler", "baby"})
PERSON_ROLE_NOUNS = {
    "head", "leader", "commander", "chief", "official", "president", "minister", "spokesperson", "spokesman",
    "spokeswoman", "general", "officer", "director", "secretary", "deputy", "governor", "mayor", "ambassador",
    "envoy", "prime", "king", "queen", "prince", "senator", "lawmaker", "judge", "ceo", "founder", "chairman",
    "chairwoman", "correspondent", "reporter", "journalist", "soldier", "militant", "fighter", "civilian",
    "protester", "activist", "candidate", "member", "citizen", "resident", "victim", "worker", "people", "guard",
    "executive", "manager", "analyst", "lawyer", "attorney", "prosecutor", "engineer", "employee", "driver", "pilot",
    "passenger", "owner", "teacher", "student", "doctor", "nurse", "diplomat",
}
#: words for people, in a role or not: someone an event can hurt ("a teenager hurt", "the guard hurt")
PEOPLE_WORDS = frozenset(PERSON_ROLE_NOUNS | PERSON_NOUNS)

ORGANIZATION_NOUNS = {
    "media", "government", "ministry", "military", "army", "forces", "police", "agency", "services", "authorities",
    "parliament", "court", "administration", "council", "company", "firm", "party", "regime", "cabinet", "embassy",
    "navy", "militia", "group", "coalition", "union", "board", "committee", "office", "department",
}


@dataclass(frozen=True)
class Lexicon:
    """The event-typing lexicon, indexed for lookups."""

    verbs: dict[str, str]
    nouns: dict[str, str]
    compound_rules: tuple[dict, ...]
    object_rules: tuple[dict, ...]
    timeml: dict[str, str]
    wordnet_verbs: dict[str, str] = field(default_factory=dict)  # WordNet hyponyms (wordnet_lexicon.json)
    wordnet_nouns: dict[str, str] = field(default_factory=dict)
    instruments: frozenset[str] = frozenset()
    subject_rules: tuple[dict, ...] = ()
    amount_rules: tuple[dict, ...] = ()
    guards: dict[tuple[str, str], dict] = field(default_factory=dict)  # (pos, lemma) → the guard that types it
    forms: dict[str, str] = field(default_factory=dict)  # a noun's surface form → class ("sales", not "sale")


@functools.cache
def lexicon() -> Lexicon:
    """The hand-written lexicon (``event_types.json``), with WordNet's hyponyms as fallbacks."""
    data = json.loads((DATA_DIR / "event_types.json").read_text("utf-8"))
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    for cls, words in data["classes"].items():
        for lemma in words["verbs"]:
            verbs.setdefault(lemma, cls)
        for lemma in words["nouns"]:
            nouns.setdefault(lemma, cls)
    timeml = {lemma: cls for cls, lemmas in data["timeml_classes"].items() for lemma in lemmas}
    derived = wordnet_lexicon()
    wordnet_verbs = {lemma: cls for cls, words in derived["classes"].items() for lemma in words["verbs"]}
    wordnet_nouns = {lemma: cls for cls, words in derived["classes"].items() for lemma in words["nouns"]}
    instruments = frozenset(data.get("instruments", ())) | frozenset(derived.get("instruments", ()))
    guards = {(pos, lemma): guard for guard in data.get("guards", ())
              for pos, kind in (("v", "verbs"), ("n", "nouns")) for lemma in guard.get(kind, ())}
    return Lexicon(verbs, nouns, tuple(data["compound_rules"]), tuple(data["object_rules"]), timeml,
                   wordnet_verbs, wordnet_nouns, instruments, tuple(data.get("subject_rules", ())),
                   tuple(data.get("amount_rules", ())), guards, dict(data.get("forms", {})))


@functools.cache
def wordnet_lexicon() -> dict:
    """Event classes and supersenses derived from WordNet (``kg/data/wordnet_lexicon.json``)."""
    path = DATA_DIR / "wordnet_lexicon.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {"classes": {}, "supersense": {"v": {}, "n": {}}}


def supersense(lemma: str, pos: str) -> str:
    """WordNet lexicographer file of a lemma's most frequent sense ("verb.contact"); "" if unknown.

    ``pos`` is "v" or "n"; nouns are listed only when that sense is eventive (act, event, …).
    """
    return wordnet_lexicon()["supersense"].get(pos, {}).get(lemma, "")


#: how sure a generic class is: the kind of happening a word's commonest sense names, not what the article says
GENERIC_CONFIDENCE = 0.3
#: a noun of these WordNet files is the kind of happening its verb is: a decision is deciding (verb.cognition)
VERBAL_NOUN_FILES = frozenset({"noun.act", "noun.event", "noun.process", "noun.phenomenon", "noun.time"})


def event_type(token: Token) -> tuple[str, float]:
    """The ontology class of a trigger and a confidence: its news class (:func:`news_type`) when one fits,
    else the generic kind of happening its word names (:func:`generic_type`); ("", 0) when neither does.

    For triggers only: whether a token is an event at all is the TimeML tagger's and :func:`news_type`'s
    call (``kg.nlp.extract.typed_predicate``), never a generic class's, which any verb has.
    """
    cls, confidence = news_type(token)
    if cls:
        return cls, confidence
    if token.pos_ == "NOUN" and lexicon().forms.get(token.lower_) == "":
        return "", 0.0  # "names, addresses and phone numbers": no happening of any kind
    guard = lexicon().guards.get(("n", token.lemma_.lower())) if token.pos_ == "NOUN" else None
    if guard is not None and _a_thing(token, guard):
        return "", 0.0  # "a robotic probe": no happening of any kind
    return generic_type(token)


def news_type(token: Token) -> tuple[str, float]:
    """The news class of an event (a class the ontology gives a kind of news) and a confidence; ("", 0) for
    events that are not salient.

    Rules that look at the words around the trigger come first (a modifier: "job cuts"; a verb's
    object, particle or subject: "cut 5,000 jobs", "laid off", "shares fell"), then guarded words
    (a sense that needs its object: "buy" types only with a company bought, "unveil" not with a
    person or an event unveiled), then the lemma lists, hand-written before WordNet's.
    """
    lex = lexicon()
    lemma = token.lemma_.lower()
    modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod", "nn")}
    modifiers |= {c.text.lower() for c in token.children if c.dep_ in ("compound", "amod")}
    # a common noun's possessive: "the pilots' strike" (a headline's capitalised plural may keep its form as lemma)
    modifiers |= {form for c in token.children if c.dep_ == "poss" and c.pos_ == "NOUN"
                  for form in (c.lemma_.lower(), _singular(c))}
    if any(SPAN_OF_TIME.fullmatch(m) for m in modifiers) or any(
            c.dep_ in ("compound", "amod") and c.lower_ in ("day", "week", "hour", "month")
            and any(g.like_num for g in c.children) for c in token.children):
        modifiers.add("<duration>")  # "a 12-day strike" (one word, or "12 - day"), "a two-week walkout"
    for rule in lex.compound_rules:
        if lemma not in rule["head"]:
            continue
        around = modifiers | {g.lemma_.lower() for p in token.children if p.dep_ == "prep"
                              and p.lower_ in rule.get("preps", ()) for g in p.children if g.dep_ == "pobj"}
        if around & set(rule["modifier"]) or _under(token, rule.get("under", {})):
            return rule["class"], 0.85
    if token.pos_ == "VERB" or _verb_tagged_noun(token):
        objects = _objects(token)
        # a phrasal verb's particle, or the adjective a verb of becoming takes ("fell ill")
        particles = {c.lemma_.lower() for c in token.children if c.dep_ in ("prt", "advmod", "acomp")}
        if any((lemma, particle) in PHRASAL_KINDS for particle in particles):
            return "", 0.0  # "called off a strike": no statement (a generic class says what it is)
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "csubj")]
        current = token
        for _ in range(3):  # "the bill failed to pass", "the deal is expected to close", "a landslide buried homes,
            # killing 31 people", "a quake struck, toppling buildings and killing 45 people"
            if subjects or not (current.dep_ in ("xcomp", "conj") or current.dep_ == "advcl" and current.tag_ == "VBG"):
                break
            subjects = [c for c in current.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            current = current.head
        if _headline_participle(token):
            objects = objects + subjects  # "Minister sacked over expenses": what a headline's passive acts on
        if not subjects and current.dep_ == "acl":
            subjects = [current.head]  # "when their truck overturned", parsed as a participle on "truck"; "a landslide
            # buried homes, killing …" parsed as one on "landslide"
        for rule in lex.object_rules:
            if lemma not in rule["verbs"] or "particle" in rule and rule["particle"] not in particles:
                continue
            if "subjects" in rule and not any(_matches(s, {"objects": rule["subjects"]}) for s in subjects):
                continue  # "the central bank raised rates" (a company that raises rates moves a price)
            if rule.get("bare") and (objects or any(c.dep_ in ("prep", "dobj", "obj", "ccomp", "xcomp")
                                                    for c in token.children)):
                continue  # "he would appeal" alone (not "appealed for calm")
            if "objects" not in rule and "entities" not in rule:
                return rule["class"], 0.8  # the particle says it: "laid off", "stepped down"
            governed = ([] if rule.get("preps_only") else objects) + [
                g for p in token.children if p.dep_ == "prep" and p.lower_ in rule.get("preps", ())
                for g in p.children if g.dep_ == "pobj" or g.dep_ == "pcomp" and g.tag_ == "VBG"]  # "with stealing"
            if any(_matches(o, rule) for o in governed):
                return rule["class"], 0.8
        for rule in lex.amount_rules:
            if lemma in rule["verbs"] and any(_is_amount(a, rule["units"]) for a in _amounts(token)):
                return rule["class"], 0.8
        # and who or what does a passive: "killed by falling trees"; what a part is of: "part of a stand collapsed"
        # (what kills through a relative pronoun is what the clause is on: "an earthquake that killed 140 people"; not
        # kept for other verbs, which took Causal-TimeBank trained on EventStoryLine from 0.172 to 0.171)
        killers = lemma in ("kill", "claim") and token.dep_ == "relcl"
        doers = [token.head if killers and s.lower_ in RELATIVE_PRONOUNS else s for s in subjects] + [
            g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        doers += [g for s in subjects if s.lemma_.lower() in PARTS for p in s.children if p.dep_ == "prep"
                  and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
        if any(c.dep_ == "auxpass" for c in token.children) and not any(c.dep_ == "agent" for c in token.children):
            # a passive with no doer, and what happened when: "a man was killed when a tree fell on his car"
            doers += [g for c in token.children if c.dep_ == "advcl" and any(
                m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as", "after") for m in c.children)
                for g in c.children if g.dep_ == "nsubj"]
        takes_a_verb = any(c.dep_ == "xcomp" for c in token.children)  # "the company failed to check": no failure
        for rule in lex.subject_rules:
            if lemma in rule["verbs"] and not (takes_a_verb and rule.get("no_infinitive")) \
                    and any(_matches(s, {"objects": rule["subjects"], **rule}) for s in doers) \
                    and not any(o.lemma_.lower() in rule.get("not_objects", ()) for o in objects):
                return rule["class"], 0.8
        if lemma in ("kill", "claim") and any(_a_blaze(s) for s in doers):
            return "Death", 0.8  # "a hospital fire killed 11 patients", "a fire broke out …, killing 11": no killer
        guard = lex.guards.get(("v", lemma))
        if guard is not None and guard.get("needs_animate"):
            objects = objects + [c for c in token.children if c.dep_ in ("nsubj", "nummod") and c.like_num]  # "2 hurt"
        if guard is not None:
            return _guarded(guard, objects)
        cls, confidence = lex.verbs.get(lemma), 0.7
        if not cls and lemma in lex.wordnet_verbs:
            cls, confidence = lex.wordnet_verbs[lemma], 0.6  # a WordNet hyponym of a seed sense
        if not cls and not _verb_supersense(lemma) and lemma in lex.nouns:
            cls, confidence = lex.nouns[lemma], 0.6  # a noun the tagger took for a verb: "Measles outbreak spreads"
        if cls == "Statement" and not any(c.dep_ in AGENT_DEPS for c in token.children) and token.dep_ != "acl":
            return "", 0.0
        if cls == "Threat" and lemma in VOWS and _vows_no_harm(token):
            return "Pledge", confidence  # "vowed to raise the minimum wage" (not "vowed revenge", "to crush them")
        if cls == "Threat" and lemma in WARNINGS and _warns_of_others(token):
            return "Statement", confidence  # "carmakers warned that prices would rise": a warning, no threat
        if cls == "Threat" and any(_happening(s) for s in subjects):
            return "", 0.0  # "an oil spill threatens the beaches": a danger, no one's threat
        return (cls, confidence) if cls else ("", 0.0)
    if idiom(token):
        return "", 0.0
    if token.lower_ in lex.forms:
        return lex.forms[token.lower_], 0.7  # "sales" are a figure; "the sale of its unit" is not
    guard = lex.guards.get(("n", lemma))
    if guard is not None:
        if _a_thing(token, guard):
            return "", 0.0
        return _guarded(guard, [g for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                                for g in p.children if g.dep_ == "pobj"])
    cls, confidence = lex.nouns.get(lemma), 0.7
    if not cls and lemma in lex.wordnet_nouns:
        cls, confidence = lex.wordnet_nouns[lemma], 0.6
    if cls == "Strike" and not modifiers:
        if any(t.lemma_.lower() in LABOUR_WORDS and t.pos_ == "NOUN" and not t.ent_type_ for t in token.sent) \
                or any(c.lemma_.lower() in PROTEST_WORDS for c in (token.head, *token.children) if c.dep_ == "conj"
                       or token.dep_ == "conj" and c.i == token.head.i):
            return "LabourStrike", BARE_STRIKE  # "Teachers accept pay deal, ending months of strikes", "weeks of
            # protests and strikes"
        return cls, BARE_STRIKE  # a bare "strike" may be a labour strike
    return (cls, confidence) if cls else ("", 0.0)


def _objects(verb: Token) -> list[Token]:
    """What a verb acts on: its objects ("fired missiles", the "missiles" of "dozens of missiles", a
    predicate noun: "named him chief executive"), in the passive its subject ("jobs were cut") or the noun
    a participle describes ("units sold"), the subject of the verb whose passive infinitive it is ("she is expected to
    be released"), and the antecedent of a relative pronoun ("the device that it sells")."""
    found = []
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        found.append(verb.head)
    undergoers = [c for c in verb.children if c.dep_ in ("dobj", "obj", "oprd") or passive and c.dep_ == "nsubjpass"]
    if passive and verb.dep_ in ("xcomp", "conj") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        # "X is expected to be freed", "the suspects fled and were caught"
        undergoers += [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for obj in undergoers:
        if obj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            obj = verb.head
        found.append(obj)
        if obj.lemma_.lower() not in CONTENT_NOUNS:  # "released images of two suspects": the images
            found.extend(g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                         for g in p.children if g.dep_ == "pobj")
    return found


def _amounts(verb: Token) -> list[Token]:
    """What a verb may move by: "rose *2 percent*", "climbed by *7 percent*", "closed *1.1 percent* lower"."""
    found = [c for c in verb.children if c.dep_ in ("npadvmod", "dobj", "obj")]
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            found += [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ in ("advmod", "acomp"):  # "1.1 percent lower", "up 2 percent"
            found += [g for g in child.children if g.dep_ == "npadvmod"]
    return found


def _is_amount(token: Token, units: Collection[str]) -> bool:
    """A percentage, or a number of a unit ("40 points", "12 cents")."""
    if token.ent_type_ == "PERCENT":
        return True
    return (token.lemma_.lower() in units or token.lower_ in units) and \
        any(c.dep_ in ("nummod", "quantmod") or c.like_num for c in token.children)


def _singular(token: Token) -> str:
    """A plural's singular by its form: a capitalised plural may keep its form as its lemma ("Teachers", "Pilots")."""
    return token.lower_[:-1] if token.lower_.endswith("s") else token.lower_


def _a_blaze(token: Token) -> bool:
    """A fire that burns, not gunfire: "a fire broke out", "a hospital fire" (not "army fire", which the lexicon's
    compound rules call a shooting, nor "Korvan fire")."""
    if token.lemma_.lower() not in ("fire", "blaze", "inferno") or news_type(token)[0] == "Shooting":
        return False
    return not any(c.dep_ in ("amod", "compound", "nmod", "poss") and c.ent_type_ in ("NORP", "GPE", "ORG")
                   for c in token.children)


def _matches(token: Token, rule: dict) -> bool:
    """A word a rule names (its lemma, or a modifier's: "its rival X"), or a name of an entity type the rule
    takes ("ORG": a company bought); ``counted``: only with a number ("sold 142,000 units")."""
    modifiers = [c for c in token.children if c.dep_ in ("compound", "appos", "amod")]
    # a plural's singular too: a capitalised plural that starts a sentence may keep its form as its lemma ("Teachers")
    named = {token.lemma_.lower(), token.lower_, _singular(token), *(c.lemma_.lower() for c in modifiers)} \
        & set(rule.get("objects", ()))
    labels = set(rule.get("entities", ()))
    entity = bool(labels) and any(t.ent_type_ in labels for t in (token, *modifiers))
    if not (named or entity):
        return False
    return not rule.get("counted") or any(c.dep_ == "nummod" or c.like_num and c.tag_ == "CD" for c in token.children) \
        or token.like_num and token.tag_ == "CD"  # a number, not an ordinal: "the first aircraft" is not a count


#: words of pay and of unions: a bare "strike" in their sentence is a labour one
LABOUR_WORDS = frozenset({"pay", "wage", "salary", "union", "pension", "picket", "walkout", "overtime", "bargaining",
                          "payrise", "pay-rise"})
#: what a labour strike goes with: "protests and strikes"
PROTEST_WORDS = frozenset({"protest", "demonstration", "walkout", "rally", "march", "sit-in", "stoppage", "boycott"})
#: how sure a bare "strike" is a military one: it may be a labour strike (the article's other strikes may say)
BARE_STRIKE = 0.45
#: a modifier that says how long something lasts: "12-day", "two-week", "24-hour"
SPAN_OF_TIME = re.compile(r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)-(?:day|week|month|hour)")
#: parts of a body hurt ("hurt her wrist", "injured his knee"): someone is hurt (WordNet's compact lexicon lacks them)
BODY_PARTS = {"wrist", "ankle", "knee", "leg", "arm", "hand", "foot", "shoulder", "back", "neck", "head", "hip", "elbow",
              "hamstring", "thigh", "calf", "groin", "finger", "toe", "eye", "rib", "spine", "achilles"}
#: a verb and an object that together say what happens, with no one or nothing it acts on: "take place"
IDIOM_OBJECTS = {("take", "place"), ("take", "part"), ("take", "effect"), ("take", "shape"), ("take", "hold"),
                 ("take", "office"), ("take", "power"), ("take", "care"), ("make", "sense"), ("take", "time")}
#: nouns of a part of something, whose "of" names what it is part of: "part of a stand", "a section of the roof"
PARTS = {"part", "section", "portion", "half", "piece", "side", "wing", "segment"}
#: events that no one does, whatever the parse hangs on them: "a landslide buried homes, killing 31", "her death
#: was announced by the institute"
NO_DOER_TYPES = UNINTENDED_TYPES | {"Death", "Injury", "Illness"}
#: verbs of being in some state or going into it: who "remains in custody", "goes on trial" or "faces trial" undergoes
#: what is done to people
UNDERGOING_VERBS = frozenset({"be", "remain", "stay", "sit", "languish", "die", "spend", "lie", "go", "come", "stand",
                              "face", "undergo"})
#: a preposition and a bare noun (or the word before, the preposition and the noun) that together say no event and
#: name no one: "in charge", "on board", "free of charge"
IDIOMS = {("in", "charge"), ("on", "board"), ("free", "of", "charge"), ("until", "notice")}
def idiom(token: Token) -> bool:
    """A bare noun that, after its preposition, says no event nor names anyone: "his 22 games in charge" (no charge
    brought), "186 people on board" (no company's board), "replaced free of charge", "kept indoors until further
    notice" (no one gave notice)."""
    if token.dep_ != "pobj" or any(c.dep_ == "det" for c in token.children):
        return False
    preposition, lemma = token.head, token.lemma_.lower()
    return (preposition.lower_, lemma) in IDIOMS or (preposition.head.lower_, preposition.lower_, lemma) in IDIOMS


#: verbs of a vow, a threat when what is vowed harms (the lexicon's default) and a pledge otherwise
VOWS = {"vow", "swear"}
#: what makes a vow a threat without a verb vowed: "vowed revenge"
VENGEANCE = {"revenge", "retaliation", "retribution", "vengeance", "reprisal", "response"}


#: verbs of a warning, a threat when the warner says what it will do ("warned that it would retaliate")
WARNINGS = {"warn", "caution"}


def _verb_tagged_noun(token: Token) -> bool:
    """A headline's verb the tagger took for a plural noun, which the parser still gives a subject and an object
    ("Carmaker fires chief executive")."""
    return token.pos_ == "NOUN" and token.tag_ == "NNS" and token.dep_ == "ROOT" \
        and any(c.dep_ == "nsubj" for c in token.children) and any(c.dep_ == "dobj" for c in token.children)


def _happening(token: Token) -> bool:
    """A noun for something that happens rather than someone who acts ("spill", "storm", "flood")."""
    return token.pos_ == "NOUN" and (supersense(token.lemma_.lower(), "n") in ("noun.event", "noun.phenomenon",
                                                                              "noun.process")
                                     or news_type(token)[0] in ("Disaster", "Accident", "Explosion", "Outbreak"))


def _warns_of_others(token: Token) -> bool:
    """Whether a warning is of what someone else or something will do, of no harm: a clause warned of whose subject
    is a noun other than the warner's ("warned that higher prices would hurt small firms"), not a pronoun (who may be
    the warner: "warned that it would retaliate"), and whose verb is of no class that harms; or a warning of what
    does no harm and is no reprisal ("warned of more rain", not "warned of attacks" or "of consequences")."""
    clauses = [c for c in token.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    warned_of = [g for p in token.children if p.dep_ == "prep" and p.lower_ in ("of", "about")
                 for g in p.children if g.dep_ == "pobj"]
    if not clauses:
        return bool(warned_of) and not any(news_type(o)[0] in HARM_TYPES or o.lemma_.lower() in VENGEANCE | {
            "consequence", "action"} for o in warned_of)
    warner = {c.lemma_.lower() for c in token.children if c.dep_ == "nsubj"}
    for clause in clauses:
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if not subjects or any(s.pos_ == "PRON" or s.lemma_.lower() in warner for s in subjects):
            return False
        if news_type(clause)[0] in HARM_TYPES:
            return False
    return True


def _vows_no_harm(token: Token) -> bool:
    """Whether a vow is of something that harms no one: an infinitive vowed of a news class that is no harm ("vowed
    to raise the minimum wage"; not "vowed to punish the perpetrators", of no class), and no revenge as its object."""
    if any(c.dep_ == "dobj" and c.lemma_.lower() in VENGEANCE for c in token.children):
        return False
    classes = [news_type(c)[0] for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    return bool(classes) and all(cls and cls not in HARM_TYPES for cls in classes)


def _a_thing(noun: Token, guard: dict) -> bool:
    """Whether a guarded noun names a thing here: a modifier the guard lists ("a robotic probe"), the subject of a verb
    it lists ("polls show"), what a verb it lists acts on ("a probe launched in 2019", "won a landslide"), a modifier
    of a noun it lists ("a landslide victory"), or, when the guard says so, it moves ("the probe landed on the
    asteroid")."""
    if any(c.dep_ in ("amod", "compound") and c.lower_ in guard.get("not_modifiers", ()) for c in noun.children):
        return True
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in guard.get("not_subject_of", ()):
        return True  # "polls show her party ahead": a survey, not the vote
    if noun.dep_ in ("compound", "amod") and noun.head.lemma_.lower() in guard.get("not_modifying", ()):
        return True  # "a landslide victory": how big a win, no earth that slid
    acted_on = guard.get("not_object_of", ())
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in acted_on or any(
            c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in acted_on for c in noun.children):
        return True  # "a probe launched in 2019", "sent a probe to Mars": a spacecraft
    return bool(guard.get("not_moving")) and noun.dep_ in ("nsubj", "nsubjpass") \
        and supersense(noun.head.lemma_.lower(), "v") == "verb.motion"


def _guarded(guard: dict, objects: list[Token]) -> tuple[str, float]:
    """A guarded word's class, unless what it acts on rules it out: a person ("released the hostages"),
    an event ("launched an attack": the attack is the event), or a word or entity type the guard names."""
    if not guard.get("class") or guard.get("needs_object") and not objects:
        return "", 0.0
    if guard.get("needs_animate"):  # people hurt, or a part of them ("hurt her wrist")
        return (guard["class"], 0.6) if any(_animate(obj) or obj.lemma_.lower() in BODY_PARTS for obj in objects) \
            else ("", 0.0)
    for obj in objects:
        if obj.lemma_.lower() in PERSON_ROLE_NOUNS or obj.pos_ == "PRON" and obj.lower_ not in ("it", "them"):
            return "", 0.0
        if _matches(obj, {"objects": guard.get("not_objects", ()), "entities": guard.get("not_entities", ())}):
            return "", 0.0
        if obj.pos_ == "NOUN" and news_type(obj)[0]:
            return "", 0.0
    return guard["class"], 0.6


def _animate(token: Token) -> bool:
    """A person or people: a name, a role, a word for a person, a personal pronoun, a count of them ("two were
    hurt"), an age ("a 17-year-old")."""
    return token.ent_type_ in ("PERSON", "NORP") or token.lemma_.lower() in PEOPLE_WORDS \
        or _singular(token) in PERSON_NOUNS or token.lemma_.lower() in ("staff", "crew", "personnel") \
        or token.tag_ == "CD" and token.ent_type_ not in ("MONEY", "PERCENT", "QUANTITY", "DATE", "TIME") \
        or token.lower_ == "old" and any(c.lemma_.lower() == "year" for c in token.children) \
        or token.lemma_.lower() in ("dozen", "score", "hundred", "thousand") \
        or token.pos_ == "PRON" and token.lower_ not in ("it", "its", "which", "that") \
        or token.lower_ in ("one", "no-one", "noone", "nobody", "anyone", "everyone", "someone") \
        or token.pos_ == "NOUN" and supersense(token.lemma_.lower(), "n") in ("noun.person", "noun.animal", "noun.body")


@functools.cache
def generic_classes() -> dict[str, str]:
    """WordNet supersense ("verb.motion") or TimeML class ("ASPECTUAL") → the generic event class that takes it,
    as the ontology annotates them (``kgo:wordnetSupersense``, ``kgo:timemlEventClass``)."""
    ontology = load_ontology()
    return {str(value): local(cls) for prop in (KGO.wordnetSupersense, KGO.timemlEventClass)
            for cls, value in ontology.subject_objects(prop)}


def generic_type(token: Token) -> tuple[str, float]:
    """What kind of happening an event of no news class is (``kgo:Motion``, ``kgo:Communication``…), at a low
    confidence; ("", 0) when WordNet does not know its word.

    A verb's or adjective's TimeML class first, where a generic class takes it (the lexicon's lists of
    ASPECTUAL "begin", STATE "be", "have", REPORTING "say", "add", PERCEPTION "see"); else the supersense of
    its lemma's most frequent WordNet sense: a verb's own, an adjective's a state, a noun's of its file
    (noun.communication, noun.possession…) or, for a noun of an act, event or process, of the verb it comes
    from ("decision" → "decide": verb.cognition).
    """
    kinds = generic_classes()
    lemma = token.lemma_.lower()
    if idiom(token):
        return "", 0.0
    if token.pos_ in ("VERB", "AUX", "ADJ") and lexicon().timeml.get(lemma) in kinds:
        return kinds[lexicon().timeml[lemma]], GENERIC_CONFIDENCE
    if token.pos_ in ("VERB", "AUX"):
        cls = kinds.get(_sense_in_context(token, lemma) or _verb_supersense(lemma), "")
    elif token.pos_ == "ADJ":
        cls = kinds.get("STATE", "")  # TimeML's predicative adjectives: "available", "profitable"
    else:
        sense = supersense(lemma, "n")  # "" when its commonest sense is no happening ("plan" is noun.cognition)
        verb = wordnet_lexicon().get("generic", {}).get("derived_verb", {}).get(lemma, "")
        if sense in kinds and sense not in VERBAL_NOUN_FILES:
            cls = kinds[sense]
        else:
            cls = kinds.get(_verb_supersense(verb), "") if verb else ""
            cls = cls or kinds.get(sense, "")  # an act of no verb: kgo:Action
    return (cls, GENERIC_CONFIDENCE) if cls else ("", 0.0)


#: verbs of destroying, which WordNet files with making (verb.creation): what they do is a change of state ("a storm
#: destroyed the crops" made nothing)
DESTRUCTION_VERBS = frozenset({"destroy", "demolish", "raze", "wreck", "flatten", "ruin", "devastate", "obliterate",
                               "annihilate", "gut", "level"})


#: what one runs by managing it: "runs the truck division", "ran the company for a decade"
RUN_THINGS = frozenset({"company", "business", "firm", "division", "unit", "group", "government", "country", "ministry",
                        "department", "team", "club", "school", "hospital", "shop", "store", "restaurant", "campaign",
                        "operation", "programme", "program", "bank", "fund", "office", "agency", "city", "party"})
#: phrasal verbs of another kind than their verb: "called off a strike" stops it (TimeML's ASPECTUAL), says nothing
PHRASAL_KINDS = {("call", "off"): "ASPECTUAL"}
#: verbs whose commonest WordNet sense is not their commonest sense in news (and "find", "lead", "run" and "return" by
#: what they take, in _sense_in_context): destroying; "cut emissions" or "slashed prices" make less of something (not
#: "cut the cable"), "she was relieved" felt better, "40 people are missing" is a state (not a failure to see), rain
#: that overwhelmed a plant or imports hurting mills changed them (no feeling), a network flushed is cleaned, a tax
#: scrapped is done away with, and what "dates back" to a year is a state (no one's date)
NEWS_SENSES = {**dict.fromkeys(DESTRUCTION_VERBS, "verb.change"), "cut": "verb.change", "slash": "verb.change",
               "relieve": "verb.emotion", "miss": "verb.stative", "overwhelm": "verb.change", "hurt": "verb.change",
               "flush": "verb.contact", "scrap": "verb.change", "date": "verb.stative"}


def _sense_in_context(verb: Token, lemma: str) -> str:
    """The kind of happening the words around a verb make of it (a supersense, or TimeML's ASPECTUAL); "" when they
    say nothing of it."""
    children = list(verb.children)
    phrasal = next((PHRASAL_KINDS[lemma, c.lower_] for c in children
                    if c.dep_ == "prt" and (lemma, c.lower_) in PHRASAL_KINDS), "")
    if phrasal:
        return phrasal  # "called off the strike": stopped it
    if lemma == "lead" and not any(c.lower_ == "to" for c in children):
        return "verb.social"  # "the jury was led by an actor", "led the inquiry" (not "led to", nor "the road leading
        # to the cemetery")
    if lemma == "run" and any(c.dep_ == "dobj" and (c.ent_type_ == "ORG" or c.lemma_.lower() in RUN_THINGS)
                              for c in children):
        return "verb.social"  # "runs the company's truck division" manages it (not "ran the race")
    if lemma == "find":  # "an inquiry found that …" learnt something; "the boy was found safe" came upon him
        return "verb.cognition" if any(c.dep_ == "ccomp" for c in children) else "verb.perception"
    if lemma == "return" and any(c.dep_ in ("dobj", "nsubjpass") for c in children):
        return "verb.possession"  # "returned 12 statues to Korvath" gave them back (not "returned home")
    return ""


def _verb_supersense(lemma: str) -> str:
    if lemma in NEWS_SENSES:
        return NEWS_SENSES[lemma]
    return supersense(lemma, "v") or wordnet_lexicon().get("generic", {}).get("short_verb_supersense", {}).get(lemma, "")


def _under(token: Token, governors: dict[str, list[str]]) -> bool:
    """``token`` is the object of one of these prepositions under one of its verbs ("went on strike"), or, under
    the key "", the object of one of these verbs ("appealed the sentence", "the sentence was overturned"), or, under
    "<subject>", their subject ("raids recovered 40 cars")."""
    head = token.head
    if token.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB":
        return head.lemma_.lower() in governors.get("", ())
    if token.dep_ == "nsubj" and head.pos_ == "VERB":
        return head.lemma_.lower() in governors.get("<subject>", ())  # "raids on 25 properties recovered 40 cars"
    return (token.dep_ == "pobj" and head.lower_ in governors and head.head.lemma_.lower() in governors[head.lower_])


#: heads whose to-infinitive looks ahead: "is to resume", "scheduled to meet", "due to start"
PROSPECTIVE_HEADS = frozenset({"be", "schedule", "slate", "expect", "due", "set", "plan", "intend", "poise", "prepare"})


def tense(token: Token) -> str:
    """past / present / future of the verb governing ``token``.

    Future also covers what a report looks ahead to: "would" after a past reporting verb ("said it
    would strike on Monday") and a to-infinitive under a prospective head ("are scheduled to meet
    on Monday", "is to resume trading on Tuesday").
    """
    verb = governing_verb(token) or token
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "wo", "shall", "'ll", "would") or a.lemma_ == "go" and a.tag_ == "VBG" for a in auxes):
        return "future"
    if verb.dep_ == "xcomp" and any(a.tag_ == "TO" for a in auxes) and verb.head.lemma_ in PROSPECTIVE_HEADS:
        return "future"
    if any(a.lower_ == "set" or a.lemma_ == "set" for a in auxes) or verb.lemma_ == "set" and \
            any(a.lemma_ == "be" for a in auxes) and not any(c.dep_ == "prt" for c in verb.children):
        return "future"  # "is set to speak", "is set for Monday"; not "had set off weeks of unrest"
    if verb.tag_ in ("VBD", "VBN") or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    return "present"


MODALS = {"may", "might", "can", "could", "should", "must", "would", "will", "shall", "ought", "wo", "'ll", "'d"}


def past_perfect(token: Token) -> bool:
    """"had offered", "had been seized": a past before the story's."""
    return token.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d") for c in token.children)


def finite_tense(token: Token) -> str:
    """past, perfect or present of a finite verb, from its first finite form (its own or an auxiliary's);
    "" for a noun, an infinitive, a participle or gerund on its own, and a verb with a modal."""
    if token.pos_ not in ("VERB", "AUX"):
        return ""
    auxes = sorted((c for c in token.children if c.dep_ in ("aux", "auxpass") and c.i < token.i), key=lambda a: a.i)
    if any(a.tag_ in ("MD", "TO") or a.lower_ in MODALS for a in auxes):
        return ""
    finite = next((t for t in [*auxes, token] if t.tag_ in ("VBD", "VBZ", "VBP")), None)
    if finite is None:
        return ""
    if finite.tag_ == "VBD":
        return "past"
    return "perfect" if token.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes) else "present"


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` in the parse (the token itself if it is a verb)."""
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


#: the words that say which named thing a common noun's phrase is about ("X's plants", "the carmaker, X")
NAMING_DEPS = frozenset({"compound", "poss", "nmod", "amod", "appos", "npadvmod"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
NAMING_PREPOSITIONS = frozenset({"of", "as", "including", "like"})  # "the city of X", "companies such as X"


def entity_for(token: Token, entities: dict[int, Span]) -> Span | None:
    """The entity a phrase headed by ``token`` denotes: its own, else the first named in its modifiers ("X's
    plants", "the carmaker, X") or after "of", "such as", "including" ("the city of X"). Not one further down
    ("a list of dealerships that X was closing", "talks with X"): that one takes part in something else
    (measured on MEANTIME's participants: 0.586 -> 0.595 F1)."""
    if token.i in entities:
        return entities[token.i]
    for child in token.children:
        if child.dep_ in NAMING_DEPS:
            found = next((entities[t.i] for t in child.subtree if t.i in entities and entities[t.i].label_ in ACTOR_LABELS), None)
            if found is not None:
                return found
    return next((entities[g.i] for child in token.children if child.dep_ == "prep" and child.lower_ in NAMING_PREPOSITIONS
                 for g in child.children if g.dep_ == "pobj" and g.i in entities and entities[g.i].label_ in ACTOR_LABELS), None)


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
        if trigger.dep_ == "relcl" and not (trigger.head.pos_ == "NOUN" and news_type(trigger.head)[0]):
            # "Tehran, which lobbed": the antecedent acts (but "the bombings that killed" are a cause, not an agent)
            # and "X, who was arrested": the antecedent undergoes it
            found = [(role, trigger.head) if role in ("agent", "target") and token.lower_ in RELATIVE_PRONOUNS
                     else (role, token) for role, token in found]
        found = [(role, token) for role, token in found if token.lower_ not in RELATIVE_PRONOUNS
                 and (trigger.lemma_.lower(), token.lemma_.lower()) not in IDIOM_OBJECTS]
        if _headline_passive(trigger, cls):
            found = [("target", t) if r == "agent" and t.dep_ == "nsubj" else (r, t) for r, t in found]
        if cls in ATTACK_TYPES:
            found = [("instrument", token) if role == "target" and _is_instrument(token) else (role, token)
                     for role, token in found]  # "fired missiles": the missiles are the means
            for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("with", "using", "by")):
                found.extend(("instrument", p) for p in prep.children if p.dep_ == "pobj" and _is_instrument(p))
            for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if not _is_locality(pobj, entities) and not any(r == "target" for r, _ in found):
                        found.append(("target", pobj))  # "onto US bases", "at the embassy"
        if trigger.dep_ == "acl" and trigger.tag_ == "VBG" and not passive:
            if not any(r == "agent" for r, _ in found):
                found.append(("agent", trigger.head))  # "archaeologists working near the village", "a train carrying"
        elif trigger.dep_ in ("acl", "relcl") and not any(r == "target" for r, _ in found) and passive is False:
            found.append(("target", trigger.head))  # "Americans injured"
        if (trigger.dep_ in ("xcomp", "conj") or trigger.dep_ == "advcl" and trigger.tag_ == "VBG"
            and cls not in NO_DOER_TYPES) \
                and not any(r == "agent" for r, _ in found) \
                and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in trigger.children):
            # "Siemens agreed to buy …", "gunmen stormed and attacked …", "the unions accepted the offer, ending the
            # strike": the subject is the head's (a landslide that buried homes, "killing 31", kills no one as a
            # killer does); not in "buildings collapsed and power was cut", whose second verb has a subject of its
            # own; in the passive, it undergoes it ("she is expected to be released")
            found.extend(("target" if passive and r == "agent" else r, t) for r, t in _controller(trigger))
    else:
        for child in trigger.children:
            if child.dep_ in ("compound", "amod") and _is_locality(child, entities):
                found.append(("place", child))  # "the Paris attacks"
            elif child.dep_ == "poss" and cls in UNINTENDED_TYPES and _is_geographic(child, entities):
                found.append(("place", child))  # "India's deadliest train crash": where, not who
            elif child.dep_ == "poss" or child.dep_ in ("compound", "amod") and child.i in entities:
                found.append(("target" if cls in UNDERGOER_TYPES else "agent", child))
            elif child.dep_ == "prep" and child.lower_ in ("of", "against", "on"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    found.append(("place" if _is_locality(pobj, entities) else "target", pobj))
            elif child.dep_ == "prep" and child.lower_ == "by":
                found.extend(("agent", pobj) for pobj in child.children if pobj.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ in ("with", "between", "among"):
                # "talks with the ministry", "talks between the two sides", "a deal with port operators"
                found.extend(("participant", side) for pobj in child.children if pobj.dep_ == "pobj"
                             for side in (pobj, *pobj.conjuncts)
                             if not _is_locality(side, entities) and not _is_instrument(side))
        if cls in ATTACK_TYPES:
            found.extend(("instrument", c) for c in trigger.children
                         if c.dep_ in ("compound", "amod", "nmod") and _is_instrument(c))  # "drone strike"
            found = [("instrument", t) if r == "agent" and _is_instrument(t) else (r, t) for r, t in found]
    if trigger.pos_ == "NOUN" and not any(r == "agent" for r, _ in found):
        found.extend(("agent", t) for t in _accused(trigger))
    if trigger.pos_ == "NOUN" and not (cls in NO_DOER_TYPES
                                       and trigger.head.lemma_.lower() in ("announce", "report", "confirm")):
        found.extend(_shared_with_verb(trigger, cls, found))  # not "her death was announced by the institute"
    participants = {token.i for _, token in found}
    found.extend(p for p in _places(trigger, entities) if p[1].i not in participants)  # "US drone strike": agent only
    return found


def _headline_passive(verb: Token, cls: str) -> bool:
    """A headline's participle without its auxiliary ("Former mayor jailed for six years", "Three killed in blast"):
    for an event done to someone (an arrest, a killing, a sentence), a verb in the past with no object in a first
    line with no full stop is a passive, and its subject the one it is done to."""
    return cls in UNDERGOER_TYPES - {"Death", "Trial", "Verdict"} and _headline_participle(verb)


def _headline_participle(verb: Token) -> bool:
    """A verb in the past with no object or auxiliary in a first line with no full stop ("Minister sacked over
    expenses", "Tanker seized in the Gulf"): a headline's participle, which may be a passive."""
    if verb.tag_ not in ("VBD", "VBN") or verb.sent.start != 0 or verb.sent.text.rstrip().endswith((".", "!", "?", '"')):
        return False
    # (a clause before it is a headline's other half: "Bird flu found on farm, 90,000 chickens culled")
    return not any(c.dep_ in ("dobj", "obj", "aux", "auxpass", "nsubjpass") or c.dep_ == "ccomp" and c.i > verb.i
                   for c in verb.children)


def _controller(verb: Token) -> list[tuple[str, Token]]:
    """Who does what an infinitive or a second verb says: the subject of the verb above ("agreed to buy", "stormed
    and attacked"); for an object-control verb, its object ("urged the union to return") or its passive subject
    ("was forced to resign", "who is expected to become")."""
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL_VERBS:
        controllers = [c for c in head.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
        if controllers:
            return [("agent", head.head if c.lower_ in RELATIVE_PRONOUNS and head.dep_ == "relcl" else c)
                    for c in controllers]
    return [("agent", c) for c in head.children if c.dep_ in AGENT_DEPS]


def _shared_with_verb(noun: Token, cls: str, found: list[tuple[str, Token]]) -> list[tuple[str, Token]]:
    """Roles a nominal event takes from its verb: "X gave a speech", "X killed Y in a drone strike"."""
    verb = None
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in ORDERING_VERBS | LIGHT_VERBS:
        # "the strike was ordered by X": X is the strike's agent
        return [("agent", pobj) for agent in noun.head.children if agent.dep_ == "agent"
                for pobj in agent.children if pobj.dep_ == "pobj" and "agent" not in {r for r, _ in found}]
    if noun.dep_ in ("dobj", "obj") and noun.head.lemma_.lower() in LIGHT_VERBS | ORDERING_VERBS | ONSET_VERBS \
            or noun.dep_ in ("dobj", "obj") and noun.head.lemma_.lower() in SETTLING_VERBS and _agreement(noun):
        verb = noun.head  # "workers began a five-day strike", "the union reached a wage agreement"
    elif noun.dep_ == "pobj" and noun.head.lower_ in INSTRUMENT_PREPS and noun.head.head.pos_ == "VERB" \
            and not (noun.head.lower_ == "with" and noun.head.head.lemma_.lower() in WITH_THEME_VERBS) \
            and cls not in UNINTENDED_TYPES:
        verb = noun.head.head  # "killed him in a drone strike" (not "ran aground in a storm": no one's storm)
    elif noun.dep_ == "pobj" and noun.head.lower_ in ("on", "into") and noun.head.head.lemma_.lower() in ("go", "come"):
        verb = noun.head.head  # "workers went on strike", "the company went into administration"
    if verb is None or any(c.dep_ == "oprd" for c in verb.children):
        return []  # "called the strike unjustified": a judgment of it, by someone else
    while verb.dep_ == "xcomp" and not any(c.dep_ in AGENT_DEPS | {"nsubjpass"} for c in verb.children):
        verb = verb.head  # "is set to give a speech": the subject is the governing verb's
    roles = {role for role, _ in found}
    shared = []
    subjects = AGENT_DEPS | ({"nsubjpass"} if verb.lemma_.lower() in RAISING_VERBS else set())
    # "prisoners remain in custody", "went on trial", "faces trial": who is in what is done to people undergoes it
    undergoes = cls in UNDERGOER_TYPES and verb.lemma_.lower() in UNDERGOING_VERBS
    subject_role = "target" if undergoes else "agent"
    for child in verb.children:
        if child.dep_ in subjects and subject_role not in roles:
            shared.append((subject_role, child))
        elif child.dep_ in ("dobj", "obj") and child is not noun and "target" not in roles:
            shared.append(("target", child))
    return shared


def _accused(noun: Token) -> list[Token]:
    """Who a court found did the offence a noun names: its doer ("was convicted of bribery", "found guilty of fraud",
    "pleaded guilty to fraud", "his conviction for fraud", "jailed two men for robbery"). Not who is only charged,
    accused or blamed, nor who is acquitted."""
    while noun.dep_ == "conj":
        noun = noun.head  # "fraud and money laundering"
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("of", "with", "for", "over", "to"):
        return []
    governor = noun.head.head
    if governor.lemma_.lower() == "guilty" and governor.dep_ in ("oprd", "acomp"):
        verb = governor.head  # "found guilty of", "pleaded guilty to"
        if verb.lemma_.lower() == "plead":
            return [c for c in verb.children if c.dep_ == "nsubj"]
        return [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass")] if verb.lemma_.lower() == "find" else []
    if governor.pos_ == "NOUN" and governor.lemma_.lower() in CONVICTIONS:
        return [c for c in governor.children if c.dep_ == "poss"]
    if governor.pos_ == "VERB" and governor.lemma_.lower() in CONVICTING_VERBS:
        return [c for c in governor.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    return []


def _agreement(noun: Token) -> bool:
    """Whether a noun names an agreement ("deal", "accord", "a wage agreement")."""
    return news_type(noun)[0] == "Agreement" or noun.lemma_.lower() in ("deal", "accord", "pact", "treaty", "agreement")


def _is_instrument(token: Token) -> bool:
    """A weapon or device (WordNet's weapons, explosives, aircraft…): the means of an attack (not a gold mine, a coal
    mine: a mine of what is dug out of it is a place of work)."""
    words = lexicon().instruments
    if token.lemma_.lower() == "mine" and any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in MINED
                                             for c in token.children):
        return False
    if token.lemma_.lower() in words or token.lower_ in words:
        return True
    return any(g.lemma_.lower() in words for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
               for g in p.children if g.dep_ == "pobj")  # "dozens of missiles"


#: what a mine is dug for: "a gold mine" is no explosive
MINED = frozenset({"gold", "coal", "copper", "diamond", "iron", "salt", "lithium", "silver", "uranium", "tin", "zinc",
                   "nickel", "cobalt", "platinum", "bauxite", "potash", "phosphate", "emerald", "ruby", "jade", "lead",
                   "opencast", "open-pit", "underground", "illegal"})


def _is_geographic(token: Token, entities: dict[int, Span]) -> bool:
    """A country, region, city or facility."""
    span = entities.get(token.i)
    return span is not None and span.label_ in ("GPE", "LOC", "FAC")


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
            elif child.dep_ == "dobj" and head is not trigger and trigger.dep_ == "nsubj" \
                    and head.lemma_.lower() in IMPACT_VERBS:
                places.extend(_place_tokens(child, entities))  # "the quake struck Morocco's mountains"
            elif child.dep_ in ("dobj", "nsubjpass") and head is trigger:
                # "killed scores of people in the city of X": the place hangs inside the object
                for inner in child.subtree:
                    if inner.dep_ == "prep" and inner.lower_ in ("in", "at", "near") and inner.i > child.i:
                        places.extend(_place_tokens(inner, entities))
                        break
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
