"""Nominal and pronominal mentions resolved to the named entity they stand for, within one article.

"General Motors said … The carmaker will …", "Apple … its chief executive", "Jobs … he said": a
participant written as "the carmaker", "it" or "he" is the named entity before it, so its event–actor
edge lands on that actor. Rules, in the manner of the deterministic sieves of Lee et al. (2013),
kept to what is safe without gender or number from the model:

- "he", "him", "his", "she", "her": the nearest person named in the same or previous sentence, else the
  one person named in the six sentences before, else whom the last resolved "he" meant, within three
  sentences and with no other person between (a report of one person's speech);
- "it", "its": the named organisation that is the subject of a clause it is said under ("X rose after it
  agreed", "X said that it would"), else the organisation (else country) named first in its sentence, else one named in the previous
  sentence, else the organisation the last resolved "it" meant, within three sentences and with no other
  one named between (which also goes before a country of the previous sentence);
- "they", "them", "their": the nearest organisation or nationality in the same sentence;
- "we", "us", "our" inside a quotation: the organisation the article names most (a spokesman's "we");
- a description said of a name, in apposition ("Nordvik Motors, the car maker," or "the car maker, Nordvik
  Motors") or as its predicate ("Nordvik is the largest carmaker"): that name;
- a definite organisation noun ("the company", "the carmaker", "the firm"), unless a word makes it another
  institution ("the central bank", "the rival firm"): the organisation named last within three sentences (the nearest one: "NPD Group, a research firm. The firm said"), else the
  one the article names most;
- a definite role noun without a name beside it ("the chief executive"): the person the article
  names with that title.

A resolved mention keeps its own span and text and points to its antecedent through ``of``
(as a title does), which ``kg.resolve`` follows to the antecedent's actor.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Protocol

from kg.model import EntityMention
from kg.nlp.events import PERSON_NOUNS
from kg.nlp.pipeline import COMPANY_PARTS, beside_noun, text_of
from kg.steps import step

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
SPEAKER_PRONOUNS = frozenset({"we", "us", "our"})
COMPANY_HEADS = frozenset({"company", "firm", "carmaker", "automaker", "maker", "manufacturer", "group", "corporation",
                           "business", "retailer", "bank", "airline", "insurer", "publisher", "developer", "giant",
                           "conglomerate", "chain", "brand", "startup", "operator", "supplier", "producer", "agency",
                           "organisation", "organization", "party", "ministry", "government", "union", "court"})
#: words that make an organisation noun another institution than the one just named ("the central bank", "the
#: rival firm", "the parent company")
OTHER_INSTITUTIONS = frozenset({"central", "federal", "national", "state", "rival", "other", "parent", "sister",
                                "world", "reserve"})
#: mention labels of descriptions, which may be said of a name in apposition or as a predicate (:func:`_described`)
DESCRIPTIONS = frozenset({"NOMINAL", "ORG_NOMINAL", "PERSON_NOMINAL"})
NAMED_ORGS = frozenset({"ORG"})
NAMED_PLACES = frozenset({"GPE"})


class Work(Protocol):
    entities: list[EntityMention]
    doc: object  # the spaCy Doc: its text, to see the determiner a nominal mention leaves out


@step(requires=["mentions.entities", "mentions.titles", "arguments"], assigns=["mentions.antecedents"])
def mention_coreference(work: Work) -> None:
    """Pronouns and definite nominals ("it", "the carmaker", "he") point to the named entity they stand for."""
    mentions = work.entities
    order = sorted(range(len(mentions)), key=lambda n: (mentions[n].start, mentions[n].end))
    named = [mentions[n] for n in order if mentions[n].label in ("PERSON", "ORG", "GPE", "NORP")]
    most_named = _most_named_org(named)
    parts = frozenset(m.id for m in named if m.label == "ORG" and _a_part(m, work.doc))
    text = text_of(work.doc)
    chain: tuple[EntityMention, EntityMention] | None = None  # (the last resolved "he", the person it is)
    things: tuple[EntityMention, EntityMention] | None = None  # (the last resolved "it", the organisation)
    for n in order:
        mention = mentions[n]
        if mention.of:
            continue
        if mention.label == "PRONOUN" and mention.text.lower() == "it" and _stands_for_an_event(mention, work.doc):
            continue  # "It is to be held at the theatre": the event announced, no company or product
        definite = text[max(0, mention.start - 5):mention.start].lower().rstrip().endswith(("the", "this", "that"))
        antecedent = _described(mention, named, work.doc) if mention.label in DESCRIPTIONS else None
        if antecedent is None and mention.label == "PRONOUN" and mention.text.lower() in THING_PRONOUNS:
            antecedent = _clause_subject(mention, named, work.doc)
        antecedent = antecedent or _antecedent(mention, definite, named, most_named, mentions, text, parts)
        if antecedent is None and chain is not None and _continues(chain, mention, mentions):
            antecedent = chain[1]
        if (antecedent is None or antecedent.label in NAMED_PLACES and antecedent.sentence < mention.sentence) \
                and things is not None and _continues_thing(things, mention, mentions):
            antecedent = things[1]  # the organisation still, before a country named near ("It will also close …")
        if antecedent is not None:
            mentions[n] = dataclasses.replace(mention, of=antecedent.id)
            if mention.label == "PRONOUN" and mention.text.lower() in PERSON_PRONOUNS:
                chain = (mention, antecedent)
            elif mention.label == "PRONOUN" and mention.text.lower() in THING_PRONOUNS and antecedent.label == "ORG":
                things = (mention, antecedent)


#: what only an event does: it happens, takes place, is held, begins or ends (with nothing begun or ended)
EVENT_PREDICATES = frozenset({"happen", "occur", "last", "begin", "start", "end", "finish", "conclude", "resume"})


def _stands_for_an_event(mention: EntityMention, doc) -> bool:
    """Whether "it" is the subject of what only an event does: "It is to be held at …", "it took place on …", "it
    lasted three hours", "it began at noon" (not "it began selling phones", "it ended the contract")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span) or span.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verbs = [span.root.head]
    verbs += [c for c in verbs[0].children if c.dep_ == "xcomp"]  # "is to be held", "is expected to last"
    for verb in verbs:
        lemma = verb.lemma_.lower()
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        done_to = any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in verb.children)
        if lemma == "hold" and passive or lemma == "take" and any(c.lower_ == "place" for c in verb.children) \
                or lemma in EVENT_PREDICATES and not done_to:
            return True
    return False


def _quoted(text: str, mention: EntityMention) -> bool:
    """Whether a mention is inside a quotation: an odd number of quote marks before it in its paragraph."""
    start = text.rfind("\n\n", 0, mention.start) + 1
    before = text[start:mention.start]
    return (before.count('"') + before.count("``") + before.count("''") + before.count("“") + before.count("”")) % 2 == 1 \
        or before.count("“") > before.count("”") or before.count("``") > before.count("''")


def _described(mention: EntityMention, named: list[EntityMention], doc) -> EntityMention | None:
    """The name a description is said of: in apposition ("Nordvik Motors, the carmaker," and "the carmaker,
    Nordvik Motors"), or as what a name is ("Nordvik is the largest carmaker", "Hallberg became the first woman
    to lead the firm")."""
    inner = next((m for m in named if m.label == "PERSON" and mention.start < m.start and abs(m.end - mention.end) <= 1),
                 None)
    if inner is not None:
        return inner  # "the vice president and chairman of Hallberg LLC Ada Lindqvist": the name closes it
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    if root.dep_ == "appos":
        others = [root.head]
    elif root.dep_ in ("attr", "oprd") and root.head.lemma_ in ("be", "become", "remain"):
        others = [c for c in root.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    else:
        others = []
    others += [c for c in root.children if c.dep_ == "appos"]
    for other in others:
        found = next((m for m in named if m.start <= other.idx < m.end), None)
        if found is not None:
            return found
    return None


def _clause_subject(mention: EntityMention, named: list[EntityMention], doc) -> EntityMention | None:
    """The organisation that is the subject of a clause "it" is said in or under: "X rose after *it* agreed to
    buy Y" is X, and so is "X said that *it* would …"; None when no clause above has a named organisation as
    subject (then the order of the sentence decides)."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token = span.root
    verb = token.head
    for _ in range(4):
        if verb.dep_ not in ("advcl", "ccomp", "conj", "xcomp", "relcl") or verb.head.i == verb.i:
            return None
        verb = verb.head
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            found = next((m for m in named if m.start <= subject.idx < m.end and m.end <= mention.start), None)
            return found if found is not None and found.label in NAMED_ORGS else None
    return None


def _a_part(mention: EntityMention, doc) -> bool:
    """A company named as a part of another: "its European division, Vantor" (no "the company" after it is that)."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and beside_noun(span, COMPANY_PARTS)


def _antecedent(mention: EntityMention, definite: bool, named: list[EntityMention], most_named: EntityMention | None,
                mentions: list[EntityMention], article: str = "", parts: frozenset[str] = frozenset()) -> EntityMention | None:
    text = mention.text.lower()
    before = [m for m in named if m.end <= mention.start]
    if mention.label == "PRONOUN":
        if text in PERSON_PRONOUNS:
            return _nearest(before, {"PERSON"}, mention.sentence, 1) or _only(
                before, "PERSON", mention.sentence, 6, [m for m in mentions if m.end <= mention.start])
        if text in THING_PRONOUNS:
            return (_nearest(before, NAMED_ORGS, mention.sentence, 0) or _nearest(before, NAMED_PLACES, mention.sentence, 0)
                    or _nearest(before, NAMED_ORGS, mention.sentence, 1) or _nearest(before, NAMED_PLACES, mention.sentence, 1))
        if text in GROUP_PRONOUNS:
            return _nearest(before, {"ORG", "NORP"}, mention.sentence, 0)
        if text in SPEAKER_PRONOUNS and most_named is not None and most_named.end <= mention.start \
                and _quoted(article, mention):
            return most_named  # "'We will do it right,' he said": a spokesman's "we" is the company the story is about
        return None
    words = text.split()
    head = words[-1] if words else ""
    if mention.label in ("ORG_NOMINAL", "NOMINAL") and definite and head in COMPANY_HEADS \
            and not OTHER_INSTITUTIONS & set(words):
        return next((m for m in reversed(before) if m.label in NAMED_ORGS and mention.sentence - 3 <= m.sentence
                     and m.id not in parts), most_named)  # a description names the organisation just mentioned, not
        # one of its divisions
    if mention.label == "PERSON_NOMINAL" and definite:
        role = text
        titled = [m for m in mentions if m.label == "PERSON" and m.title and role in m.title.lower()]
        people = {m.text for m in titled}
        return titled[0] if len(people) == 1 else None
    return None


def _nearest(before: list[EntityMention], labels: set[str] | frozenset[str], sentence: int,
             reach: int) -> EntityMention | None:
    """The antecedent among the mentions of ``labels`` before it: in its own sentence the first (subjects come
    first in English: "Microsoft said the purchase … behind Sony, and that it …" is Microsoft), else in the
    sentences before, nearest sentence first, each read left to right; at most ``reach`` sentences back."""
    for back in range(reach + 1):
        found = next((m for m in before if m.label in labels and m.sentence == sentence - back), None)
        if found is not None:
            return found
    return None


def _only(before: list[EntityMention], label: str, sentence: int, reach: int,
          earlier: list[EntityMention]) -> EntityMention | None:
    """The last mention of the one entity of ``label`` named in the ``reach`` sentences before (a surname alone
    is the full name it ends), or None when there are none or several, or when someone unnamed comes between
    ("a man who died … where he had hung a banner"): a story about one person calls them "he" paragraphs after
    it named them. ``earlier`` are all the mentions before the pronoun."""
    found = [m for m in before if m.label == label and sentence - reach <= m.sentence < sentence]
    surnames = {m.text.split()[-1] for m in found if m.text.split()}
    if len(surnames) != 1:
        return None
    between = [m for m in earlier if m.start >= found[-1].end and not m.of]  # "its chairman, X" is X
    if any(m.label == "PERSON_NOMINAL" or m.label == "NOMINAL" and m.text.lower().split()[-1] in PERSON_NOUNS
           for m in between if m.text.split()):
        return None
    return found[-1]


def _continues(chain: tuple[EntityMention, EntityMention], mention: EntityMention,
               mentions: list[EntityMention]) -> bool:
    """Whether "he" goes on meaning whom the last resolved "he" meant: a report of one person's speech says "he"
    for paragraphs ("he said … He added … he stated"). Not past three sentences without one, nor past another
    person, named or not, in between."""
    last, person = chain
    if mention.label != "PRONOUN" or mention.text.lower() not in PERSON_PRONOUNS or mention.sentence - last.sentence > 3:
        return False
    surname = person.text.split()[-1] if person.text.split() else ""
    between = [m for m in mentions if last.end <= m.start and m.end <= mention.start and not m.of]
    return not any(m.label == "PERSON" and m.text.split()[-1:] != [surname] or m.label == "PERSON_NOMINAL"
                   or m.label == "NOMINAL" and m.text.lower().split()[-1:] and m.text.lower().split()[-1] in PERSON_NOUNS
                   for m in between)


def _continues_thing(chain: tuple[EntityMention, EntityMention], mention: EntityMention,
                     mentions: list[EntityMention]) -> bool:
    """Whether "it" goes on meaning the organisation the last resolved "it" meant: within three sentences, with
    no other organisation named in between (a place named there does not take "it" from it)."""
    last, organisation = chain
    if mention.label != "PRONOUN" or mention.text.lower() not in THING_PRONOUNS or mention.sentence - last.sentence > 3:
        return False
    between = [m for m in mentions if last.end <= m.start and m.end <= mention.start and not m.of]
    return not any(m.label in ("ORG", "ORG_NOMINAL") and m.text != organisation.text for m in between)


def _most_named_org(named: list[EntityMention]) -> EntityMention | None:
    """The first mention of the organisation the article names most often (at least twice), if one stands out."""
    counts = Counter(m.text for m in named if m.label == "ORG")
    top = counts.most_common(2)
    if not top or top[0][1] < 2 or (len(top) > 1 and top[1][1] == top[0][1]):
        return None
    return next(m for m in named if m.text == top[0][0])
