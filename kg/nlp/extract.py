"""From a parsed article to mentions: entities, time expressions, events, claims, links.

``extract(article)`` is the NLP layer's one entry point; ``extract_many`` streams articles
through ``nlp.pipe`` (several processes with ``workers``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.model import Argument, Article, Claim, EntityMention, EventMention, Extraction, Sentence, Timex
from kg.nlp import events as ev
from kg.nlp.links import causal_links, temporal_links
from kg.nlp.pipeline import load_pipeline
from kg.nlp.timex import normalise_timex, value_bounds

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
TIME_LABELS = {"DATE", "TIME"}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "hundred": 100, "dozen": 12}
INHERIT_DEPS = {"nsubj", "nsubjpass", "dobj", "conj", "xcomp", "advcl", "appos"}
REPORTING_LEMMAS = {"say", "tell", "report", "confirm", "announce", "state", "claim", "quote", "cite", "add", "describe"}


class _Builder:
    """Accumulates the mentions of one document, handing out ids in reading order."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        self.sentence_of = {}
        self.sentences: list[Sentence] = []
        for index, sent in enumerate(doc.sents):
            self.sentences.append(Sentence(index, sent.start_char, sent.end_char, sent.text))
            for token in sent:
                self.sentence_of[token.i] = index
        self.entities: list[EntityMention] = []
        self.entity_by_start: dict[tuple[int, int], EntityMention] = {}
        self.token_entity: dict[int, Span] = {}

    def add_entity(self, span: Span, label: str) -> EntityMention:
        key = (span.start_char, span.end_char)
        if key in self.entity_by_start:
            return self.entity_by_start[key]
        mention = EntityMention(f"ent{len(self.entities) + 1}", span.start_char, span.end_char, span.text, label,
                                self.sentence_of[span.start])
        self.entities.append(mention)
        self.entity_by_start[key] = mention
        return mention


def extract(article: Article, nlp: Language | None = None) -> Extraction:
    """All mentions of one article."""
    nlp = nlp or load_pipeline()
    return extract_doc(article, nlp(article.text))


def extract_many(articles: Iterable[Article], nlp: Language | None = None, *, workers: int = 1,
                 batch_size: int = 16) -> Iterator[Extraction]:
    """Stream articles through the pipeline; ``workers`` > 1 uses that many processes."""
    nlp = nlp or load_pipeline()
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, n_process=workers, batch_size=batch_size):
        yield extract_doc(article, doc)


def extract_doc(article: Article, doc: Doc) -> Extraction:
    builder = _Builder(article, doc)
    for span in doc.ents:
        if span.label_ in ENTITY_LABELS:
            builder.add_entity(span, span.label_)
            for token in span:
                builder.token_entity[token.i] = span
    triggers = [t for t in doc if ev.is_event_trigger(t)]
    trigger_ids = {t.i: f"e{n + 1}" for n, t in enumerate(triggers)}
    timexes, timex_of_trigger = _timexes(builder, trigger_ids)
    events = [_event(builder, t, trigger_ids, timex_of_trigger, timexes) for t in triggers]
    events = _inherit_times(doc, events, trigger_ids, article.date, timexes)
    claims, sources = _claims(builder, triggers, events)
    relations = causal_links(doc, triggers, events, builder.sentences)
    relations += temporal_links(events, timexes, builder.sentences, article.date)
    return Extraction(article, tuple(builder.sentences), tuple(builder.entities), tuple(timexes), tuple(events),
                      tuple(relations), tuple(claims), tuple(sources))


def _attachment(token: Token, trigger_ids: dict[int, str]) -> Token | None:
    """The event trigger a time expression modifies: the first trigger above it in the parse."""
    current = token.head
    for _ in range(10):
        if current.i in trigger_ids:
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def _timexes(builder: _Builder, trigger_ids: dict[int, str]) -> tuple[list[Timex], dict[str, Timex]]:
    timexes: list[Timex] = []
    attached: dict[str, Timex] = {}
    for span in builder.doc.ents:
        if span.label_ not in TIME_LABELS or not re.search(r"[A-Za-z0-9]", span.text):
            continue
        head = _attachment(span.root, trigger_ids)
        tense = ev.tense(head) if head is not None else "past"
        kind, value = normalise_timex(span.text, builder.article.date, tense)
        if not value and kind == "DATE" and not re.search(r"\d|day|week|month|year|morning|night|ago", span.text, re.I):
            continue
        timex = Timex(f"t{len(timexes) + 1}", span.start_char, span.end_char, span.text, kind, value,
                      builder.sentence_of[span.start])
        timexes.append(timex)
        if head is not None and kind in ("DATE", "TIME") and value_bounds(value):
            attached.setdefault(trigger_ids[head.i], timex)
    return timexes, attached


def _entity_id(builder: _Builder, token: Token) -> tuple[str, str] | None:
    """The entity mention (id, text) a role filler denotes, creating nominal ones on demand."""
    lemma = token.lemma_.lower()
    if token.i in builder.token_entity:
        mention = builder.add_entity(builder.token_entity[token.i], builder.token_entity[token.i].label_)
        return mention.id, mention.text
    if token.pos_ == "NOUN" and (lemma in ev.ORGANIZATION_NOUNS or token.lower_ in ev.ORGANIZATION_NOUNS):
        return _nominal(builder, token, "ORG_NOMINAL")
    if token.pos_ == "NOUN" and lemma in ev.PERSON_ROLE_NOUNS and lemma != "people":
        return _nominal(builder, token, "PERSON_NOMINAL")
    span = ev.entity_for(token, builder.token_entity)
    if span is not None:
        mention = builder.add_entity(span, span.label_)
        return mention.id, mention.text
    return None


def _nominal(builder: _Builder, token: Token, label: str) -> tuple[str, str]:
    """An unnamed participant ("the deputy head of Hamas", "Iranian state media") as a mention."""
    words = [t for t in token.subtree if t.i <= token.i + 4 and t.dep_ not in ("det", "punct", "relcl", "acl")]
    start, end = min(t.i for t in words), max(t.i for t in words) + 1
    mention = builder.add_entity(builder.doc[start:end], label)
    return mention.id, mention.text


def _event(builder: _Builder, trigger: Token, trigger_ids: dict[int, str], timex_of_trigger: dict[str, Timex],
           timexes: list[Timex]) -> EventMention:
    event_id = trigger_ids[trigger.i]
    cls, confidence = ev.event_type(trigger)
    args: list[Argument] = []
    if cls:
        for role, token in ev.arguments(trigger, cls, builder.token_entity):
            found = _entity_id(builder, token)
            if found and not any(a.entity == found[0] and a.role == role for a in args):
                args.append(Argument(role, found[0], found[1]))
    timex = timex_of_trigger.get(event_id)
    killed = injured = None
    if cls in ("Killing", "Assassination", "Death"):
        killed = _count(trigger)
    elif cls == "Injury":
        injured = _count(trigger)
    return EventMention(event_id, trigger.idx, trigger.idx + len(trigger.text), trigger.text, trigger.lemma_.lower(),
                        ev.timeml_class(trigger), builder.sentence_of[trigger.i], cls,
                        timex.value if timex else "", timex.id if timex else "", tuple(args),
                        confidence, killed, injured, "NEG" if any(c.dep_ == "neg" for c in trigger.children) else "POS",
                        ev.tense(trigger))


def _count(trigger: Token) -> int | None:
    """How many were killed/injured: "73 people had been killed", "killing 20", "170 injured"."""
    candidates = [c for c in trigger.children if c.dep_ in ("nsubjpass", "dobj", "nsubj", "npadvmod", "attr")]
    if trigger.dep_ == "conj":
        candidates += [c for c in trigger.children if c.like_num]
    if trigger.dep_ in ("acl", "relcl"):
        candidates.append(trigger.head)  # "12 people injured"
    if trigger.i > 0 and trigger.tag_ == "VBN":
        candidates.append(trigger.nbor(-1))  # "12 people injured" however the parser attached it
    for token in candidates:
        number = _number(token) if token.like_num else next((_number(c) for c in token.children if c.dep_ == "nummod"), None)
        if number is not None:
            return number
    return None


def _number(token: Token) -> int | None:
    text = token.text.replace(",", "").lower()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def _inherit_times(doc: Doc, events: list[EventMention], trigger_ids: dict[int, str],
                   anchor: dt.date | None, timexes: list[Timex]) -> list[EventMention]:
    """Events without a time of their own take the time of the event they depend on.

    "Two explosions ripped through … on Wednesday, killing …": the explosions (subject) and
    the killing (participial clause) happen when "ripped" does. A typed event in a sentence
    with a single date takes that date, unless it is the complement of another event
    ("the anniversary of the killing" says nothing of when the killing was). Statements in
    the present tense with no time are anchored to the article date.
    """
    by_id = {e.id: e for e in events}
    token_of = {event_id: doc[i] for i, event_id in trigger_ids.items()}
    # "the 2020 assassination": a date that modifies a noun dates that noun only
    nominal_timexes = {e.timex for e in events if e.timex and token_of[e.id].pos_ == "NOUN"}
    for _ in range(3):
        changed = False
        for event in list(by_id.values()):
            if event.time:
                continue
            source = _time_source(token_of[event.id], trigger_ids, by_id)
            if source is not None:
                by_id[event.id] = dataclasses.replace(event, time=source.time, timex=source.timex)
                changed = True
        if not changed:
            break
    dates_by_sentence: dict[int, list[Timex]] = {}
    for timex in timexes:
        if timex.type in ("DATE", "TIME") and value_bounds(timex.value) and timex.id not in nominal_timexes:
            dates_by_sentence.setdefault(timex.sentence, []).append(timex)
    for event in list(by_id.values()):
        token = token_of[event.id]
        if event.time or not event.type:
            continue
        dates = dates_by_sentence.get(event.sentence, [])
        if len({d.value for d in dates}) == 1 and not _is_complement(token, trigger_ids):
            by_id[event.id] = dataclasses.replace(event, time=dates[0].value, timex=dates[0].id,
                                                  confidence=round(event.confidence * 0.9, 3))
        elif anchor and event.type in ("Statement", "Threat", "Speech") and event.tense == "present":
            by_id[event.id] = dataclasses.replace(event, time=anchor.isoformat(), timex="dct")
    return [by_id[e.id] for e in events]


def _time_source(token: Token, trigger_ids: dict[int, str], by_id: dict[str, EventMention]) -> EventMention | None:
    """The dated event whose time ``token``'s event shares through the parse, if any."""
    neighbours: list[Token] = []
    if token.dep_ in INHERIT_DEPS:
        neighbours.append(token.head)
    if token.dep_ == "pobj" and token.head.lower_ in ("in", "with", "by", "during", "amid", "through"):
        neighbours.append(token.head.head)  # "killed … in a drone strike"
    neighbours += [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "conj")]
    for other in neighbours:
        source = by_id.get(trigger_ids.get(other.i, ""))
        if source is not None and source.time and value_bounds(source.time):
            return source
    return None


def _is_complement(token: Token, trigger_ids: dict[int, str]) -> bool:
    """Whether an event is the "of"-complement or possessor of another event ("anniversary of X")."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.i in trigger_ids:
        return True
    return token.dep_ == "poss" and head.i in trigger_ids


def _claims(builder: _Builder, triggers: list[Token], events: list[EventMention]) -> tuple[list[Claim], list[tuple[int, str]]]:
    """Casualty figures as claims attributed to whoever the sentence says reported them."""
    sources = {index: source for index, sent in enumerate(builder.doc.sents) if (source := _source(sent))}
    claims: list[Claim] = []
    for event in events:
        for prop, value in (("killed", event.killed), ("injured", event.injured)):
            if value is None:
                continue
            sentence = builder.sentences[event.sentence]
            claims.append(Claim(f"c{len(claims) + 1}", event.id, prop, value, sources.get(event.sentence, ""),
                                event.sentence, sentence.start, sentence.end, sentence.text))
    return claims, sorted(sources.items())


def _source(sent: Span) -> str:
    """Who a sentence attributes its content to: "according to X", "X said/told/reported"."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
            objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
            if objects:
                return _phrase(objects[0])
    for token in sent:
        if token.lemma_ in REPORTING_LEMMAS and token.pos_ == "VERB":
            subjects = [c for c in token.children if c.dep_ in ("nsubj",) and c.pos_ in ("PROPN", "NOUN")]
            if subjects:
                return _phrase(subjects[0])
    return ""


def _phrase(token: Token) -> str:
    words = [t for t in token.subtree if t.dep_ not in ("det", "punct", "relcl", "acl", "appos") and t.i <= token.i + 3]
    words = [t for t in words if t.i >= token.left_edge.i]
    text = " ".join(t.text for t in words).replace(" 's", "'s").strip()
    return text[:80]
