"""From a parsed article to mentions: entities, time expressions, events, claims, links.

``extract(article)`` is the NLP layer's one entry point; ``extract_many`` streams articles
through ``nlp.pipe`` (several processes with ``workers``).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import multiprocessing
import re
from collections.abc import Collection, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from kg import datelines
from kg.model import Argument, Article, Claim, EntityMention, EventMention, Extraction, Sentence, Timex
from kg.nlp import events as ev
from kg.nlp.arguments import PERSONAL_PRONOUNS, participants
from kg.nlp.factuality import governor_class, with_factuality
from kg.nlp.links import causal_links, temporal_links
from kg.nlp.pipeline import POSITION_NOUNS, load_pipeline, parse, text_of
from kg.nlp.mentions import is_event_trigger, timeml_class, timex_spans
from kg.nlp.timex import WEEKDAYS, anaphoric_value, duration_value, normalise_timex, shift, value_bounds
from kg.steps import stage, step
from kg.taxonomy import GENERIC_TYPES, lineage

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT"}
TIME_LABELS = {"DATE", "TIME"}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "hundred": 100, "dozen": 12}
PART_OF_DAY = re.compile(r"T(MO|AF|EV|NI)$")
CLOCK_VALUE = re.compile(r"T(\d{2}:\d{2})$")
#: a quarter as a reporting period ("the third quarter", "quarterly profit", "the quarter"), not "a quarter
#: point" or "a quarter of the staff": after one, a bare "a year ago" is that quarter a year back
REPORTING_QUARTER = re.compile(r"\b(?:quarterly|q[1-4]|(?:the|first|second|third|fourth|final|1st|2nd|3rd|4th|fiscal)"
                               r"[\s-]+(?:\w+[\s-]+)?quarter(?![\s-]+(?:of\b|points?\b|percentage\b)))", re.I)
DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
OTHER_WORDS = {"another", "second", "third", "fourth", "fifth", "new", "fresh", "separate", "further"}
INHERIT_DEPS = {"nsubj", "nsubjpass", "dobj", "conj", "xcomp", "advcl", "appos"}
REPORTING_LEMMAS = {"say", "tell", "report", "confirm", "announce", "state", "claim", "quote", "cite", "add", "describe"}


class ArticleWork:
    """Accumulates the mentions of one document, handing out ids in reading order."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        # the date the text's words count from: its own dateline's when it has one ("February 3, 2009" under
        # the headline), though a feed or an archive may date the article otherwise; else the article's
        self.date: dt.date | None = datelines.dateline_date(article.text) or article.date
        self.sentence_of = {}
        self.sentences: list[Sentence] = []
        for index, sent in enumerate(doc.sents):
            self.sentences.append(Sentence(index, sent.start_char, sent.end_char, sent.text))
            for token in sent:
                self.sentence_of[token.i] = index
        self.entities: list[EntityMention] = []
        self.entity_by_start: dict[tuple[int, int], EntityMention] = {}
        self.entity_by_id: dict[str, EntityMention] = {}
        self.token_entity: dict[int, Span] = {}
        # what the steps of the extract stage assign, in the order kg.config.PIPELINE runs them
        self.triggers: list[Token] = []
        self.trigger_ids: dict[int, str] = {}
        self.timexes: list[Timex] = []
        self.timex_of_trigger: dict[str, Timex] = {}
        self.since: dict[str, str] = {}  # event id → the time its event came after ("its first loss since 2001")
        self.events: list[EventMention] = []
        self.claims: list[Claim] = []
        self.sources: list[tuple[int, str]] = []
        self.relations: list = []

    def add_entity(self, span: Span, label: str) -> EntityMention:
        key = (span.start_char, span.end_char)
        if key in self.entity_by_start:
            return self.entity_by_start[key]
        mention = EntityMention(f"ent{len(self.entities) + 1}", span.start_char, span.end_char, span.text, label,
                                self.sentence_of[span.start])
        self.entities.append(mention)
        self.entity_by_start[key] = mention
        self.entity_by_id[mention.id] = mention
        return mention


def extract(article: Article, nlp: Language | None = None) -> Extraction:
    """All mentions of one article."""
    nlp = nlp or load_pipeline()
    (doc, _), = parse(nlp, [(article.text, article)])
    return extract_doc(article, doc)


def extract_many(articles: Iterable[Article], nlp: Language | None = None, *, workers: int = 1,
                 batch_size: int = 16) -> Iterator[Extraction]:
    """Stream articles through the pipeline, in order; ``workers`` > 1 uses that many processes.

    Each worker runs spaCy *and* the extraction on its batches (the extractors cost more than
    spaCy's parse), forked from this process so the loaded models are shared, not reloaded.
    """
    nlp = nlp or load_pipeline()
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        yield from _extract_in_processes(articles, nlp, workers, batch_size)
        return
    for doc, article in parse(nlp, ((a.text, a) for a in articles), batch_size):
        yield extract_doc(article, doc)


_worker_nlp: Language | None = None  # the pipeline a forked worker inherits


def _extract_batch(batch: list[Article]) -> list[Extraction]:
    assert _worker_nlp is not None
    return [extract_doc(article, doc) for doc, article in parse(_worker_nlp, ((a.text, a) for a in batch))]


def _extract_in_processes(articles: Iterable[Article], nlp: Language, workers: int,
                          batch_size: int) -> Iterator[Extraction]:
    global _worker_nlp
    _worker_nlp = nlp
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for extractions in pool.imap(_extract_batch, minibatch(articles, max(1, batch_size // workers))):
            yield from extractions


def extract_doc(article: Article, doc: Doc) -> Extraction:
    """Run the extract stage's steps (``kg pipeline`` lists them) over one parsed article."""
    work = ArticleWork(article, doc)
    for item in stage("extract"):
        item.function(work)
    return Extraction(article, tuple(work.sentences), tuple(work.entities), tuple(work.timexes), tuple(work.events),
                      tuple(work.relations), tuple(work.claims), tuple(work.sources))


@step(requires=["doc.ents"], assigns=["mentions.entities"])
def named_entities(work: ArticleWork) -> None:
    """Named entities of the kinds that can be actors or places, from spaCy's (corrected) entities; not the name
    of a gathering, which the model tags as an organisation ("the Nordvik Developers Conference")."""
    for span in work.doc.ents:
        if span.label_ in ENTITY_LABELS and not gathering(span):
            work.add_entity(span, span.label_)
            for token in span:
                work.token_entity[token.i] = span


@step(requires=["token.pos", "token.dep", "token.lemma"], assigns=["triggers"])
def triggers(work: ArticleWork) -> None:
    """Event triggers: what the TimeML tagger marks, and what the typing lexicons know."""
    work.triggers = [t for t in work.doc if is_event_trigger(t) or typed_predicate(t)]
    work.trigger_ids = {t.i: f"e{n + 1}" for n, t in enumerate(work.triggers)}


@step(requires=["triggers", "doc.sents"], assigns=["mentions.timexes", "event times", "since times"])
def time_expressions(work: ArticleWork) -> None:
    """Time expressions normalised against the article date and the narrative time; attached to their events."""
    work.timexes, work.timex_of_trigger = _timexes(work, work.trigger_ids)


@step(requires=["triggers", "mentions.entities", "event times"], assigns=["mentions.events", "arguments"])
def event_mentions(work: ArticleWork) -> None:
    """Event mentions: type, arguments (participants, instruments), own time, counts, tense and polarity."""
    types = _one_sense_per_article(work.triggers, [ev.event_type(t) for t in work.triggers])
    work.events = [_event(work, t, work.trigger_ids, work.timex_of_trigger, work.timexes, typed)
                   for t, typed in zip(work.triggers, types)]


def _one_sense_per_article(triggers: list[Token], types: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A noun typed by its context in one place keeps that sense where it stands alone: after "went on strike"
    (a labour strike), "a previous strike at the port" is one too, not an attack; after "the sale of its unit", "the
    sale" is that divestiture; and the head of a compound word takes the compound's sense: "the attack" after "a
    cyberattack", "the fire" after "a wildfire". Only a lemma list's news class (confidence 0.6-0.7) or a bare
    "strike" (after "a 12-day strike" by dock workers, "the strike" is theirs) gives way, to
    the one news class a context rule (0.8 or more) or a compound found; not a form whose word decides its sense
    ("sales" are a figure)."""
    lex = ev.lexicon()

    def key(token: Token) -> str | None:
        return token.lemma_.lower() if token.pos_ == "NOUN" and token.lower_ not in lex.forms else None

    def news(cls: str) -> bool:
        return bool(cls) and cls not in GENERIC_TYPES

    words = {word for token, (cls, _) in zip(triggers, types) if news(cls) and (word := key(token))}
    by_context: dict[str, set[str]] = {}
    for token, (cls, confidence) in zip(triggers, types):
        if not news(cls) or not (word := key(token)):
            continue
        if confidence >= 0.8:
            by_context.setdefault(word, set()).add(cls)
        for head in words:
            if len(head) >= 4 and word != head and word.endswith(head) and word[:-len(head)].rstrip("-").isalpha():
                by_context.setdefault(head, set()).add(cls)  # "cyberattack" → "attack"
    if not by_context:
        return types
    out = []
    for token, (cls, confidence) in zip(triggers, types):
        senses = by_context.get(key(token) or "") if news(cls) and ev.BARE_STRIKE <= confidence <= 0.7 else None
        out.append((next(iter(senses)), confidence) if senses and len(senses) == 1 and cls not in senses
                   else (cls, confidence))
    return out


@step(requires=["mentions.events", "mentions.timexes"], assigns=["event times"])
def inherited_times(work: ArticleWork) -> None:
    """Events without a time of their own take the time of the event they depend on, or of their sentence."""
    work.events = _inherit_times(work.doc, work.events, work.trigger_ids, work.date, work.timexes)


@step(requires=["mentions.events", "mentions.timexes"], assigns=["event factuality"])
def factuality(work: ArticleWork) -> None:
    """Whether each event is reported as future, how certain, and whether it is denied (the factuality model)."""
    work.events = with_factuality(work.events, work.triggers, work.timexes, work.date)


@step(requires=["mentions.entities"], assigns=["mentions.titles"])
def titles(work: ArticleWork) -> None:
    """Titles and roles named with a person ("its chairman, X") as the person's title and a nominal mention."""
    _titles(work)


@step(requires=["mentions.events", "mentions.entities"], assigns=["claims"])
def casualty_claims(work: ArticleWork) -> None:
    """Casualty figures as claims attributed to whoever reported them, and who relayed them."""
    work.claims, work.sources = _claims(work, work.triggers, work.events)


@step(requires=["mentions.events", "event times"], assigns=["links.causal"])
def causal_relations(work: ArticleWork) -> None:
    """Causal links between the article's events, from cues and the causal classifier."""
    work.relations += causal_links(work.doc, work.triggers, work.events, work.sentences)


@step(requires=["mentions.events", "mentions.timexes", "since times"], assigns=["links.temporal"])
def temporal_relations(work: ArticleWork) -> None:
    """Temporal links (TimeML TLINKs) between events, and between events and times, from rules and the tlink model."""
    work.relations += temporal_links(work.events, work.timexes, work.sentences, work.date, work.doc, work.since)


@step(requires=["mentions.events", "event times", "event factuality", "links.temporal", "links.causal"],
      assigns=["event times"])
def report_times(work: ArticleWork) -> None:
    """Events still without a time: the narrative time, the article date, or bounds from it (after the links,
    which keep to what the text states)."""
    effects = {r.target for r in work.relations if r.type == "causes"}  # a retaliation comes after, not on, its cause's day
    work.events = _report_times(work.doc, work.events, work.trigger_ids, work.date, effects)


TITLE_DEPS = {"compound", "amod", "nmod", "poss", "nn"}


def _titles(builder: ArticleWork) -> None:
    """Titles and roles named with a person: "Army General X", "Germany's top diplomat X", "X, a spokesperson for Y",
    "its chairman, X".

    The phrase becomes the person mention's ``title`` and, when a role noun heads it, a mention
    of its own (``of`` the person), so "Germany's top diplomat" is one more name of that person.
    """
    for index, mention in enumerate(list(builder.entities)):
        if mention.label != "PERSON":
            continue
        span = builder.doc.char_span(mention.start, mention.end)
        if span is None:
            continue
        inside = {t.i for t in span}
        before = [t for t in builder.doc[max(span.sent.start, span.start - 8):span.start]
                  if t.head.i in inside and t.dep_ in TITLE_DEPS]
        phrases = []
        if before:
            start = min(t.left_edge.i for t in before)
            words = [t for t in builder.doc[start:span.start] if t.dep_ not in ("det", "punct", "advmod", "cc")]
            if words:
                phrases.append(builder.doc[words[0].i:words[-1].i + 1])
        role = span.root.head
        if span.root.dep_ == "appos" and role.i < span.start and role.lemma_.lower() in ev.PERSON_ROLE_NOUNS:
            # "Scotland's first minister, X": the role X stands in apposition to
            words = [t for t in role.subtree if t.i < span.start and t.dep_ not in ("det", "punct", "cc", "relcl", "acl")
                     and not (t.dep_ == "poss" and t.pos_ == "PRON")]
            if words:
                phrases.append(builder.doc[words[0].i:words[-1].i + 1])
        for appos in (c for c in span.root.children if c.dep_ == "appos" and c.i >= span.end):
            if appos.lemma_.lower() in ev.PERSON_ROLE_NOUNS:
                words = [t for t in appos.subtree if t.dep_ not in ("det", "punct", "relcl", "acl")]
                phrases.append(builder.doc[words[0].i:words[-1].i + 1])
        if not phrases:
            continue
        title = "; ".join(p.text for p in phrases)
        builder.entities[index] = dataclasses.replace(mention, title=title)
        for phrase in phrases:
            heads = [t for t in phrase if t.lemma_.lower() in ev.PERSON_ROLE_NOUNS or t.lower_ in ev.PERSON_ROLE_NOUNS]
            if heads and (phrase.start_char, phrase.end_char) not in builder.entity_by_start:
                nominal = builder.add_entity(phrase, "PERSON_NOMINAL")
                builder.entities[-1] = dataclasses.replace(nominal, of=mention.id)
                builder.entity_by_start[(phrase.start_char, phrase.end_char)] = builder.entities[-1]


#: event classes whose nouns end the names of gatherings ("the Nordvik Developers Conference", "the Geneva Summit"):
#: what happens, not who acts
GATHERINGS = frozenset({"Meeting", "Match"})


def gathering(span: Span) -> bool:
    """Whether an organisation's name is a gathering's: it ends with a Meeting or Match noun of the typing lexicon."""
    return span.label_ == "ORG" and len(span) > 1 and ev.lexicon().nouns.get(span[-1].lemma_.lower()) in GATHERINGS


def typed_predicate(token: Token) -> bool:
    """A verb or noun our typing lexicons give a news class is an event even if the TimeML tagger passed it over
    (a generic class, which any verb has, makes no event)."""
    if token.pos_ not in ("VERB", "NOUN") or token.dep_ in ("aux", "auxpass", "compound") or not token.is_alpha:
        return False  # a noun modifying another ("fire brigade", "protest leaders") names no event
    return bool(ev.news_type(token)[0])


#: the words of a time looking back, which after "from" or "compared with" is what a figure is compared with
BACKWARD_TIME = re.compile(r"\b(?:ago|earlier|before|previous|prior|last|year-ago|year-earlier)\b", re.I)


def _comparison_base(span: Span) -> bool:
    """A time a change is measured from ("rose to 41 billion from 53 billion *a year earlier*", "down 4 percent
    compared with *last year*", "higher than *the previous quarter*", "up from 85 *on Saturday*"): not when the
    change happened."""
    if any(node.lower_ == "from" and node.head.lower_ in ("up", "down") for node in list(span.root.ancestors)[:3]):
        return True  # "the toll rose to 112, up from 85 on Saturday"
    if not BACKWARD_TIME.search(span.text):
        return False
    for node in list(span.root.ancestors)[:4]:
        if node.lower_ in ("from", "than", "versus", "vs", "vs.") \
                or node.lower_ in ("with", "to") and node.head.lemma_.lower() in ("compare", "compared", "relative"):
            return True
        if node.pos_ == "VERB":
            return False
    return False


#: modals that put a bare weekday ahead unless a perfect looks back ("should be reconnected by Monday"; not "may have
#: started"). Not "could", "may", "can": with them the weekdays of the TempEval-3 test files fell (timex value
#: 0.7238 -> 0.7211), and months and years with any modal moved MEANTIME's 5-fold future F1 0.787 -> 0.769
AHEAD_MODALS = {"should", "must"}


def _modal_ahead(verb: Token, modals: Collection[str] = AHEAD_MODALS) -> bool:
    """A verb with a modal of what should come, and no perfect: "should be reconnected by Monday" (``modals``: which
    count; empty for any, "he could be flown to Estara within weeks", but not "the files may have been destroyed")."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(a.tag_ == "MD" and (not modals or a.lower_ in modals) for a in auxes) \
        and not any(a.lemma_ == "have" for a in auxes)


def _looks_ahead(verb: Token) -> bool:
    """Whether a verb, or the verb whose infinitive or conjunct it is, is in the future ("would ask a court to
    order …")."""
    for _ in range(6):
        if ev.tense(verb) == "future":
            return True
        if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _goal_of_dated(verb: Token | None, span: Span, trigger_ids: dict[int, str],
                   attached: dict[str, Timex]) -> Token | None:
    """The event a second date of a dated verb of inviting, calling or planning belongs to: "on Tuesday invited the
    rebels *to talks* on Friday" (the talks, on the Friday to come); and the event a verb that sets a date sets it for
    ("unions called a general strike *for next Tuesday*": the strike's)."""
    if verb is not None and verb.lemma_.lower() in SETTING_VERBS and _after_for(span) \
            and (done := next((c for c in verb.children if c.dep_ == "dobj" and c.i in trigger_ids),
                              verb.head if verb.dep_ == "acl" and verb.head.i in trigger_ids else None)):
        return done  # also "a strike planned for Monday"
    if verb is not None and verb.dep_ in ("dobj", "nsubjpass") and verb.head.lemma_.lower() in SETTING_VERBS \
            and _after_for(span) and not ev.past_perfect(verb.head):
        return verb  # the event a scheduling verb's date was already given to ("called a protest for Thursday")
    if verb is None or trigger_ids.get(verb.i) not in attached or governor_class(verb) != "PROSPECTIVE":
        return None
    return next((g for p in verb.children if p.dep_ == "prep" and p.lower_ in ("to", "for") and p.i < span.start
                 for g in p.children if g.dep_ == "pobj" and g.i in trigger_ids), None)


HALF = re.compile(r"(?:the\s+)?(?:first|second)\s+half", re.I)
#: words of a match, whose halves are no halves of the year
MATCH_WORDS = {"scored", "score", "scores", "goal", "goals", "minute", "match", "game", "half-time", "halftime",
               "kick-off", "penalty", "equaliser", "equalizer", "striker", "referee"}


def _gerund_governor(verb: Token) -> Token | None:
    """The finite verb a gerund with no auxiliary of its own hangs from through "after", "before", "while", "since"
    or "for" ("exploded after lifting off", "was detained for questioning"): its tense is the gerund's."""
    if verb.tag_ != "VBG" or any(c.dep_ in ("aux", "auxpass", "nsubj") for c in verb.children):
        return None
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("after", "before", "while", "since", "upon", "on", "for") \
            and verb.head.head.pos_ in ("VERB", "AUX"):
        return verb.head.head
    return None


#: what a verb in the past makes of its infinitive: it happened (or failed to) then, not after; a verb of no such
#: class gives its infinitive a purpose, done at its time ("used tear gas to break up a protest on Saturday")
DONE_INFINITIVE_CLASSES = {"NEGATIVE", "IMPLICATIVE", "ASPECTUAL", ""}


def _done_infinitive(verb: Token, preposition: str = "") -> bool:
    """An infinitive whose governor, in the past, says whether it happened ("failed to pay", "managed to land",
    "began to sell"), what it was done for ("used tear gas to break up") or what was decided ("voted to join"), not
    that it is to come ("agreed to meet", "plans to open", "ordered it to pay *by* Friday": ``preposition`` is the
    date's)."""
    if verb.dep_ not in ("xcomp", "advcl") or not any(c.tag_ == "TO" for c in verb.children) \
            or verb.head.pos_ not in ("VERB", "AUX") or ev.tense(verb.head) != "past":
        return False
    if verb.head.lemma_.lower() in DECIDING_VERBS:
        return preposition not in DEADLINE_PREPOSITIONS
    return governor_class(verb.head) in DONE_INFINITIVE_CLASSES


#: verbs of a decision or an order, whose day a weekday after their infinitive gives ("workers voted to join a union
#: on Friday", "told residents to boil their water on Thursday"), unless it is a deadline ("by Friday")
DECIDING_VERBS = frozenset({"vote", "tell", "order", "decide", "choose", "elect", "advise", "instruct", "force",
                            "urge"})
DEADLINE_PREPOSITIONS = frozenset({"by", "until", "till", "before"})


#: a competition's rounds, nouns the tagger may read as adjectives after the noun they name ("the cup final")
ROUNDS = frozenset({"final", "finals", "semi-final", "semifinal", "semi-finals", "quarter-final", "quarterfinal"})
#: what a day's possessive names that is over once named: "Friday's closing price", "Monday's close"
MARKET_CLOSES = frozenset({"close", "closing", "price", "level", "session", "high", "low", "value"})
#: verbs that give an event a date ahead: "called a strike for Monday", "set the vote for May 5"
SCHEDULING_VERBS = frozenset({"call", "schedule", "set", "slate", "fix", "book", "plan"})
#: verbs that move an event to another time: "delayed the opening to 2029", "postponed the vote until May"
RESCHEDULING_VERBS = frozenset({"delay", "postpone", "defer", "push", "move", "bring", "reschedule", "adjourn", "extend",
                                "put"})


def _attachment(token: Token, trigger_ids: dict[int, str]) -> Token | None:
    """The event trigger a time expression modifies: the first trigger above it in the parse; none when it
    qualifies a thing ("described the events *of today*", "the budget of next year")."""
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in ("NOUN", "PROPN") \
            and token.head.head.i not in trigger_ids:
        return None
    if token.dep_ == "poss" and token.head.pos_ in ("NOUN", "PROPN") and token.head.i not in trigger_ids:
        return None  # "over Friday's closing price": the price's day (but "Tuesday's attack" dates the attack)
    if _describes_a_thing(token, trigger_ids):
        return None
    if (reporting := _before_reported_subject(token)) is not None:
        return reporting if reporting.i in trigger_ids else None
    verb = token.head.head if token.dep_ == "pobj" else None
    if verb is not None and token.head.lower_ in ("to", "until", "till") and verb.lemma_.lower() in RESCHEDULING_VERBS:
        # "delayed the opening by two years, to 2029": the new date of what is delayed, not when it was delayed
        return _dated_object(verb, trigger_ids)
    if verb is not None and token.head.lower_ == "for" and verb.lemma_.lower() in SCHEDULING_VERBS \
            and (planned := _dated_object(verb, trigger_ids)) is not None:
        return planned  # "called a national day of protest for March 20", "set the vote for May 5": what is called
    current = token.head
    for _ in range(10):
        if current.i in trigger_ids:
            return current
        if current.head.i == current.i or current.dep_ == "ccomp" and current.pos_ in ("VERB", "AUX"):
            return None  # not the time of what governs the clause it is in ("predicted that it would profit in 2011");
            # a verbless one is no clause ("declared X the winner on Sunday")
        if current.dep_ == "relcl" and current.pos_ in ("VERB", "AUX") and (
                _since(token) or ev.finite_tense(current) == "perfect" or current.head.dep_ in ("nsubj", "nsubjpass")):
            return None  # a relative clause's own state, or one on the subject: "X, who has been in custody since May,
            # is expected to …", "the law, which takes effect in January, was backed by 312 lawmakers" (not "fired
            # missiles at bases that house troops early on Wednesday", a parse that puts the date in the clause)
        current = current.head
    return None


def _before_reported_subject(token: Token) -> Token | None:
    """The verb that reports a clause, where a time before the clause's subject is parsed into the clause: "said on
    Monday it would split its shares" (Monday is the saying's, not the split's)."""
    if token.dep_ != "pobj" or token.head.dep_ != "prep":
        return None
    prep, clause = token.head, token.head.head
    if clause.dep_ != "ccomp" or clause.pos_ not in ("VERB", "AUX") or not clause.head.i < prep.i < clause.i:
        return None
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return clause.head if subject is not None and prep.i < subject.i else None


def _describes_a_thing(token: Token, events: Collection[int]) -> bool:
    """Whether a time expression (its head word) is a year, decade or century that describes a thing before it ("a
    19th-century queen", "a 1990s car"): no time of any event (but "the 2020 assassination" dates the assassination,
    "a Wednesday media event" the day's news, and "the 2034 Summer Games", a named event, its hosting)."""
    return token.dep_ in ("amod", "compound", "nmod", "nummod") and token.head.i > token.i \
        and token.head.pos_ == "NOUN" and token.head.is_lower and token.head.i not in events \
        and (token.lower_ in ("century", "decade") or re.fullmatch(r"'?\d{2,4}s?", token.text) is not None)


def _dated_object(verb: Token, trigger_ids: dict[int, str]) -> Token | None:
    """The event a verb that dates something acts on: its object, or the event its object is of ("a day of protest")."""
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
        named = [obj] + [g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                         if g.dep_ == "pobj"]
        if (event := next((t for t in named if t.i in trigger_ids), None)) is not None:
            return event
    return None


def _timexes(builder: ArticleWork, trigger_ids: dict[int, str]) -> tuple[list[Timex], dict[str, Timex]]:
    """TIMEX3s where the span tagger finds them, normalised against the article date.

    The tense of the event a time expression attaches to decides bare weekdays and months;
    "that day", "the next morning" count from the last date mentioned before them; a date or
    time attached to an event becomes that event's time, unless it stands alone on its line (a
    dateline), and so does one that a "when" clause describes.
    """
    timexes: list[Timex] = []
    attached: dict[str, Timex] = {}
    text = text_of(builder.doc)
    first_quarter = m.start() if (m := REPORTING_QUARTER.search(text)) else -1
    # the narrative time: the last date mentioned so far, the article date before any
    reference = builder.date.isoformat() if builder.date else None
    spans = [(_without_conjunction(span), kind) for span, kind in timex_spans(builder.doc)]
    for number, (span, kind) in enumerate(spans):
        if not re.search(r"[A-Za-z0-9]", span.text):
            continue
        head = _attachment(span.root, trigger_ids)
        goal = _goal_of_dated(head, span, trigger_ids, attached)
        head = goal or head
        tense = "future" if goal is not None else ev.tense(head) if head is not None else \
            ev.tense(span.root) if span.root.dep_ == "poss" else "past"  # "would watch Thursday's figures": ahead
        if tense == "past" and head is not None and head.tag_ == "VBN" and ev.finite_tense(head) == "present":
            tense = "present"  # "more rain is expected on Wednesday": a passive in the present
        elif tense == "past" and head is not None and head.tag_ == "VBN" and head.dep_ in ("advcl", "acl") \
                and not any(c.dep_ in ("aux", "auxpass") for c in head.children) and head.head.pos_ in ("VERB", "AUX"):
            tense = ev.tense(head.head)  # "are due to appear in court on Thursday charged with robbery": the appearing's
        elif tense in ("past", "present") and head is not None and _modal_ahead(head) \
                and any(word in WEEKDAYS for word in span.text.lower().split()):
            tense = "future"  # "most homes should be reconnected by Monday", "must be repaired by Friday"
        elif tense == "past" and head is not None and head.dep_ == "advcl" and head.head.pos_ in ("VERB", "AUX") \
                and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in head.children) \
                and _looks_ahead(head.head):
            tense = "future"  # "would ask a court to step in if the strike continued beyond Tuesday": the next Tuesday
        elif tense == "present" and head is not None and _done_infinitive(head, span.root.head.lower_):
            tense = "past"  # "failed to pay the interest due on Friday", "began to sell on Monday": the last Friday
        elif tense == "present" and head is not None and (governor := _gerund_governor(head)) is not None:
            tense = ev.tense(governor)  # "exploded two minutes after lifting off on Saturday": the exploding's
        elif tense == "present" and head is not None and head.dep_ == "xcomp" and head.tag_ == "VBG" \
                and head.head.pos_ == "VERB" and not any(c.dep_ in ("aux", "auxpass") for c in head.children):
            tense = ev.tense(head.head)  # "divers began inspecting the wreckage on Saturday": when they began
        elif tense == "present" and head is not None and (
                head.pos_ == "VERB" and ev.finite_tense(head) == "present" and governor_class(head) == "PROSPECTIVE"
                or head.pos_ == "NOUN" and head.dep_ == "dobj" and governor_class(head.head) == "PROSPECTIVE"):
            tense = "future"  # "forecasters do not expect significant rain before October": the October to come
        elif tense == "present" and head is not None and head.dep_ == "ROOT" and head.tag_ == "VB" \
                and any(c.dep_ == "aux" and c.tag_ == "TO" for c in head.children):
            tense = "future"  # a headline's infinitive: "Retailer to close 120 stores in January"
        if span.root.dep_ == "poss" and span.root.head.lemma_.lower() in MARKET_CLOSES:
            tense = "past"  # "a premium of 38 percent over Friday's closing price": a close already known
        if _since(span.root):
            tense = "since"  # "has been in custody since May": the last May, whatever the tense of what holds
        quarterly = 0 <= first_quarter < span.start_char
        kind, value = normalise_timex(span.text, builder.date, tense, kind, quarterly, reference)
        if HALF.fullmatch(span.text) and {t.lower_ for t in span.sent} & MATCH_WORDS:
            value = ""  # "scored twice in the second half": of the match, not of the year
        if number + 1 < len(spans) and (part := PART_OF_DAY.search(value) or CLOCK_VALUE.search(value)):
            value = _part_of_named_day(span, spans[number + 1][0], part.group(1), builder.date, reference) or value
        if _than_planned(span):  # "three years earlier than planned": how much earlier, not when
            amount = re.sub(r"\s+(?:earlier|later|sooner)$", "", span.text.lower())
            kind, value, head = "DURATION", duration_value(amount) or "", None
        comparison = _comparison_base(span)
        if kind in ("DATE", "TIME") and value_bounds(value) and not comparison:
            reference = value
        if comparison:
            head = None  # "fell to 41 billion from 53 billion a year earlier": what the figure is compared with
        if _dateline(span, text):
            head = None  # "May 29, 2011" on a line of its own dates the article, not the sentence it is parsed into
        if head is not None and _reporting_period(span.root, head):
            head = None  # "For the final quarter, the firm said it made a profit": the profit's period, not the saying's
        after = None
        if head is not None and _since(span.root) and _last_one_since(head):
            after, head = head, None  # "posted its first loss since 2001", "the biggest fall since 2008": after the last one
        timex = Timex(f"t{len(timexes) + 1}", span.start_char, span.end_char, span.text, kind, value,
                      builder.sentence_of[span.start])
        timexes.append(timex)
        if after is not None:
            builder.since.setdefault(trigger_ids[after.i], timex.id)
        if kind == "DURATION" and (date := _counted_date(span, reference)):
            # "two days later": TimeML marks the duration; the event takes the date it counts to
            reference = date
            if head is not None:
                attached.setdefault(trigger_ids[head.i], dataclasses.replace(timex, id="", type="DATE", value=date))
        if head is not None and kind in ("DATE", "TIME") and value_bounds(value):
            earlier = attached.get(trigger_ids[head.i])
            if earlier is None or _names_a_thing(builder.doc, earlier) and not _names_a_thing(builder.doc, timex) \
                    or head.lemma_.lower() in SETTING_VERBS and _set_for(builder.doc, earlier) \
                    and not _set_for(builder.doc, timex):
                attached[trigger_ids[head.i]] = timex  # "approved the 2026 budget on Wednesday", "called an election
                # for June 7 on Tuesday": Wednesday, Tuesday
        if kind in ("DATE", "TIME") and value_bounds(value):
            for clause in _when_clauses(span, trigger_ids):  # "in 2008, when the company posted a loss"
                attached.setdefault(trigger_ids[clause.i], timex)
    return timexes, attached


#: verbs that set a date for something: the date "for" is the thing's, not the setting's
SETTING_VERBS = {"call", "set", "schedule", "fix", "book", "postpone", "delay", "move", "bring", "reschedule", "plan"}


def _set_for(doc: Doc, timex: Timex) -> bool:
    """Whether a date is what something is set for ("called an election for June 7"), not when it was set."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return span is not None and _after_for(span)


def _after_for(span: Span) -> bool:
    """Whether a time expression comes right after "for" ("for June 7", "for next Tuesday")."""
    return span.start > 0 and span.doc[span.start - 1].lower_ == "for"


def _names_a_thing(doc: Doc, timex: Timex) -> bool:
    """Whether a time expression is a word before a noun that is no event ("the 2026 budget")."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    root = span.root if span is not None else None
    return root is not None and root.dep_ in ("compound", "nummod", "amod", "nmod") and root.i < root.head.i \
        and root.head.pos_ in ("NOUN", "PROPN")


def _without_conjunction(span: Span) -> Span:
    """A time expression without a conjunction the tagger ran it into: "Jan. 1" of "on Jan. 1 once it is signed"."""
    end = span.end
    while end - span.start > 1 and span.doc[end - 1].lower_ in SUBORDINATORS | {"while", "as"}:
        end -= 1
    return span if end == span.end else span.doc[span.start:end]


def _than_planned(span: Span) -> bool:
    """"three years earlier than planned", "a month later than expected": a difference, not a date."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ == "than" and span[-1].lower_ in ("earlier", "later", "sooner")


def _reporting_period(root: Token, head: Token) -> bool:
    """Whether a date is the period a report is about ("for 2009, the firm reported a profit", "said for the
    quarter"), not when the report was made."""
    return root.dep_ == "pobj" and root.head.lower_ == "for" and root.head.head.i == head.i \
        and head.lemma_.lower() in REPORTING_LEMMAS


def _since(root: Token) -> bool:
    """Whether a date is the object of "since" ("since 2001"): when something began, or was last seen."""
    return root.dep_ == "pobj" and root.head.lower_ == "since"


def _last_one_since(token: Token) -> bool:
    """Whether an event is the first or the most of its kind since a time: "posted its first loss since 2001",
    "the biggest fall since 2008", "shares hit their lowest level since March". Then the time is when the last
    one was, and the event came after it; otherwise "since" says when a state began ("has been fighting the
    illness since 2004", "sales have grown since 2008"), and the time dates its start."""
    nearby = [token, *(c for c in token.children if c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "appos", "npadvmod"))]
    # and what those take through a preposition: "started work on the fewest homes since 2013"
    nearby += [g for word in list(nearby) for c in word.children if c.dep_ == "prep" for g in c.children
               if g.dep_ == "pobj"]
    return any(m.tag_ in ("JJS", "RBS") or m.lower_ in ("first", "only") for word in nearby for m in word.children
               if m.dep_ in ("amod", "advmod", "nummod", "quantmod"))


def _when_clauses(span: Span, trigger_ids: dict[int, str]) -> list[Token]:
    """The events of "when" clauses that describe a time expression: "2008, *when* the company posted a loss"."""
    return [clause for token in span for clause in token.children
            if clause.dep_ in ("relcl", "acl", "advcl") and clause.i in trigger_ids
            and any(c.lower_ == "when" and c.dep_ == "advmod" for c in clause.children)]


def _dateline(span: Span, text: str) -> bool:
    """Whether a time expression is all its line holds ("May 29 , 2011" under a title): the article's date.
    ``text`` is the document's (``Doc.text`` joins every token again on each call)."""
    low, high = max(0, span.start_char - 40), min(len(text), span.end_char + 40)  # a line end within reach, or more
    start, end = text.rfind("\n", low, span.start_char), text.find("\n", span.end_char, high)
    if start < 0 < low or end < 0 and high < len(text):
        return False
    line = text[start + 1:end if end >= 0 else high]
    return re.sub(r"\W+", "", line) == re.sub(r"\W+", "", span.text)


def _part_of_named_day(span: Span, following: Span, part: str, anchor: dt.date | None,
                       reference: str | None) -> str | None:
    """"the evening" of "the evening of June 2", tagged as two expressions, is on June 2 (``2023-06-02TEV``); so is
    a time of day on a day named next ("at midnight on Tuesday", "7:40 a.m. Friday": ``…T24:00``)."""
    clock = ":" in part  # "24:00", not "EV"
    joined = following.start == span.end + 1 and span.doc[span.end].lower_ == ("on" if clock else "of")
    if not joined and not (clock and following.start == span.end):
        return None
    _, day = normalise_timex(following.text, anchor, "past", "DATE", False, reference)
    return f"{day}T{part}" if DAY_VALUE.fullmatch(day) else None


def _counted_date(span: Span, reference: str | None) -> str | None:
    """The date a duration followed by "later" or "earlier" counts to from the narrative time, if it says one."""
    after = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    if reference is None or after not in ("later", "earlier"):
        return None
    return anaphoric_value(f"{span.text.lower()} {after}", reference)


#: what a company's stock is called: "its shares fell" is the company's move
HOLDINGS = frozenset({"share", "stock", "equity", "bond"})


def _entity_id(builder: ArticleWork, token: Token) -> tuple[str, str] | None:
    """The entity mention (id, text) a role filler denotes, creating nominal ones on demand."""
    lemma = token.lemma_.lower()
    if ev.idiom(token):
        return None  # "186 people on board": no board of a company
    if token.i in builder.token_entity:
        mention = builder.add_entity(builder.token_entity[token.i], builder.token_entity[token.i].label_)
        return mention.id, mention.text
    if token.pos_ == "NOUN" and (named := next((c for c in token.children if c.dep_ == "appos" and c.i in builder.token_entity
                                                and builder.token_entity[c.i].label_ in ("PERSON", "ORG")), None)):
        return _entity_id(builder, named)  # "its chairman, X": X, not a nominal around the name
    if token.pos_ == "NOUN" and (lemma in ev.ORGANIZATION_NOUNS or token.lower_ in ev.ORGANIZATION_NOUNS
                                 or lemma == "guard" and any(c.lower_ in ("coast", "national") for c in token.children)):
        return _nominal(builder, token, "ORG_NOMINAL")  # "the coast guard" is a service, not one guard
    if token.pos_ == "NOUN" and lemma in ev.PERSON_ROLE_NOUNS and lemma != "people":
        # "the spokesman" may be one person of the article; "the wounded soldiers" are no one actor
        return _nominal(builder, token, "NOMINAL" if token.tag_ == "NNS" else "PERSON_NOMINAL")
    if lemma in HOLDINGS and (owner := next((c for c in token.children if c.dep_ == "poss" and c.pos_ == "PRON"
                                             and c.lower_ in PERSONAL_PRONOUNS), None)):
        return _entity_id(builder, owner)  # "its shares fell": the company whose shares they are
    if token.pos_ == "NOUN" and token.i in builder.trigger_ids:
        return None  # an event itself ("posted a loss", "the firm's sales dropped"): a link between events, not a participant
    span = ev.entity_for(token, builder.token_entity)
    if span is not None:
        mention = builder.add_entity(span, span.label_)
        return mention.id, mention.text
    if ev.supersense(token.lemma_.lower(), "n") == "noun.time" or any(t.start <= token.idx < t.end for t in builder.timexes):
        return None  # a time ("seek aid February 18", "took six months") is the event's time, not who took part
    if token.pos_ in ("NOUN", "PROPN") and token.is_alpha:
        return _nominal(builder, token, "NOMINAL")
    if token.pos_ == "PRON" and token.lower_ in PERSONAL_PRONOUNS:
        mention = builder.add_entity(builder.doc[token.i:token.i + 1], "PRONOUN")
        return mention.id, mention.text
    return None


def _instrument(builder: ArticleWork, token: Token) -> tuple[str, str]:
    """The weapon or device of an attack as a mention: "ballistic missiles", "drone"."""
    if not (token.lemma_.lower() in ev.lexicon().instruments or token.lower_ in ev.lexicon().instruments):
        token = next((g for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                      for g in p.children if g.dep_ == "pobj"), token)  # "dozens of missiles" → missiles
    words = [t for t in token.subtree if t.i <= token.i and t.dep_ in ("compound", "amod", "nmod") or t.i == token.i]
    start = min(t.i for t in words)
    mention = builder.add_entity(builder.doc[start:token.i + 1], "INSTRUMENT")
    return mention.id, mention.text


def _nominal(builder: ArticleWork, token: Token, label: str) -> tuple[str, str]:
    """An unnamed participant ("the deputy leader of the party", "Russian state media") as a mention.

    The words of the noun phrase next to the noun, without its determiner and clauses, up to four words after the
    noun, or up to eight when that finishes the phrase ("a reporter with China's state-run Xinhua", not "reporter
    with China's state").
    """
    def timed(child: Token) -> bool:
        return any(x.start < child.right_edge.idx + len(child.right_edge) and child.left_edge.idx < x.end
                   and x.type in ("DATE", "TIME") and value_bounds(x.value) for x in builder.timexes)

    # not its clauses, nor its words' ("a raise over two years, which the union rejected"), nor a time ("two bids for
    # the forward *in June*": when, not who)
    clauses = {t.i for child in token.subtree if child.dep_ in ("relcl", "acl") and child.i != token.i
               or child.head.i == token.i and child.dep_ == "prep" and (timed(child) or any(
                   g.dep_ == "pcomp" and g.i in builder.trigger_ids for g in child.children))
               # nor an adjective after it, the verb's predicate: "found a former teacher guilty on Thursday" (but "the
               # cup final", whose last word the tagger may read as an adjective)
               or child.head.i == token.i and child.dep_ == "amod" and child.i > token.i and child.lower_ not in ROUNDS
               for t in child.subtree}  # nor an event after it: "accusing its crew of smuggling fuel"
    # and only the words next to it: "six people have died, including two children" is "six people"
    inside = {t.i for t in token.subtree} - clauses
    low = high = token.i
    while low - 1 in inside:
        low -= 1
    while high + 1 in inside:
        high += 1
    phrase = [t for t in builder.doc[low:high + 1] if t.dep_ not in ("det", "punct") and not t.is_space
              and t.tag_ not in ("WRB", "WDT", "WP", "WP$")]
    reach = 8 if max(t.i for t in phrase) <= token.i + 8 else 4
    words = [t for t in phrase if t.i <= token.i + reach]
    start, end = min(t.i for t in words), max(t.i for t in words) + 1
    mention = builder.add_entity(builder.doc[start:end], label)
    return mention.id, mention.text


def _event(builder: ArticleWork, trigger: Token, trigger_ids: dict[int, str], timex_of_trigger: dict[str, Timex],
           timexes: list[Timex], typed: tuple[str, float] | None = None) -> EventMention:
    event_id = trigger_ids[trigger.i]
    cls, confidence = typed if typed is not None else ev.event_type(trigger)
    args: list[Argument] = []
    rules = ev.arguments(trigger, cls, builder.token_entity)
    taken: list[tuple[int, int]] = []  # one participant per phrase: "shares of X" and "X" are not two
    news_class = bool(cls) and cls not in GENERIC_TYPES  # the rules were written for the news classes
    for role, token in participants(trigger, builder.token_entity, rules, news_class):
        found = _instrument(builder, token) if role == "instrument" else _entity_id(builder, token)
        if not found or any(a.entity == found[0] and a.role == role for a in args):
            continue
        mention = builder.entity_by_id[found[0]]
        if role != "place" and any(mention.start < end and start < mention.end for start, end in taken):
            continue  # a place inside a participant's phrase is still the place ("people in the city of X")
        taken.append((mention.start, mention.end))
        args.append(Argument(role, found[0], found[1]))
    timex = timex_of_trigger.get(event_id)
    killed = injured = None
    if cls in ("Killing", "Assassination", "Death"):
        killed = _count(trigger)
    elif cls == "Injury":
        injured = _count(trigger)
    return EventMention(event_id, trigger.idx, trigger.idx + len(trigger.text), trigger.text, trigger.lemma_.lower(),
                        timeml_class(trigger), builder.sentence_of[trigger.i], cls,
                        timex.value if timex else "", timex.id if timex else "", tuple(args),
                        confidence, killed, injured, "NEG" if any(c.dep_ == "neg" for c in trigger.children) else "POS",
                        ev.tense(trigger), _definite(trigger), _ordinal(trigger))


def _definite(trigger: Token) -> bool:
    """A nominal event introduced as known: "the blasts", "this attack", "Rabin's assassination"."""
    return trigger.pos_ == "NOUN" and any(
        c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
        for c in trigger.children)


def _ordinal(trigger: Token) -> str:
    """The word that sets a nominal event apart from one already reported: "a *second* quake", "*another* attack"."""
    if trigger.pos_ != "NOUN":
        return ""
    return next((c.lower_ for c in trigger.children if c.dep_ in ("det", "amod", "advmod") and c.lower_ in OTHER_WORDS), "")


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
    ("the anniversary of the killing" says nothing of when the killing was), a noun that
    modifies another ("the death toll" rose the next day) or a definite
    noun for an event named in an earlier sentence ("… said on Sunday that a fault led to the
    accident": the accident was reported before, Sunday is the saying), or a date in what a
    reporting verb reports ("said its sales rose last year"). Statements in the present tense
    with no time are anchored to the article date. Each time says how it was found
    (``time_source``: own, inherited, report).
    """
    by_id = {e.id: dataclasses.replace(e, time_source="own") if e.time and not e.time_source else e for e in events}
    token_of = {event_id: doc[i] for i, event_id in trigger_ids.items()}
    by_id.update(_counted_from(doc, by_id, token_of, timexes))
    # "the 2020 assassination": a date that modifies a noun dates that noun only
    nominal_timexes = {e.timex for e in events if e.timex and token_of[e.id].pos_ == "NOUN"}
    # "prices have risen since January": when a state began, which no conjunct shares (but "stuck since yesterday
    # morning, when it ran aground" ran aground then)
    since = {t.id for t in timexes if (span := doc.char_span(t.start, t.end, alignment_mode="expand")) is not None
             and _since(span.root)}
    for _ in range(3):
        changed = False
        for event in list(by_id.values()):
            if event.time:
                continue
            token = token_of[event.id]
            source = _time_source(token, trigger_ids, by_id)
            if source is not None and not (source.timex in since and _conjuncts(token, token_of[source.id])) \
                    and _tense_allows(source.time, token, anchor, shared=True) \
                    and not (token.tag_ in ("VBZ", "VBP") and ev.tense(token) == "present"
                             and ev.tense(token_of[source.id]) == "future"):
                # not "currently runs the division and will take over on June 1" (the running is not in June); a
                # conjunct done beside one ahead shares no time either (_past_beside_future)
                by_id[event.id] = dataclasses.replace(event, time=source.time, timex=source.timex,
                                                      time_source="inherited")
                changed = True
        if not changed:
            break
    earliest = _earliest_sentences(events)
    dates_by_sentence: dict[int, list[tuple[Timex, Token | None]]] = {}  # each date with its root token
    for timex in timexes:
        if timex.type in ("DATE", "TIME") and value_bounds(timex.value) and timex.id not in nominal_timexes:
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is not None and (_comparison_base(span) or _describes_a_thing(span.root, trigger_ids)):
                continue
            dates_by_sentence.setdefault(timex.sentence, []).append((timex, span.root if span is not None else None))
    for event in list(by_id.values()):
        token = token_of[event.id]
        if event.time or not event.type or event.type in GENERIC_TYPES:
            continue
        # a noun after a preposition takes its verb's tense: "passed by 301 votes" is no vote next week
        governing = token.head.head if token.dep_ == "pobj" and token.head.head.pos_ == "VERB" else token
        candidates = [(d, root) for d, root in dates_by_sentence.get(event.sentence, [])
                      if (root is None or _may_date(root, token, event)) and _tense_allows(d.value, governing, anchor)]
        # a date set out in a participle before the news ("Born in 1936, …") is not the event's, but makes the
        # sentence's one date no longer its only one
        dates = [d for d, root in candidates if root is None or not _in_participle_aside(root, token)]
        if (len({d.value for d, _ in candidates}) == 1 and dates and token.dep_ != "compound"
                and not _is_complement(token, trigger_ids)
                and not _refers_back(event, earliest) and event.tense != "future"):
            by_id[event.id] = dataclasses.replace(event, time=dates[0].value, timex=dates[0].id,
                                                  confidence=round(event.confidence * 0.9, 3), time_source="inherited")
        elif anchor and event.type and "Statement" in lineage(event.type) and event.tense == "present":
            by_id[event.id] = dataclasses.replace(event, time=anchor.isoformat(), timex="dct", time_source="report")
    return [by_id[e.id] for e in events]


def _conjuncts(one: Token, other: Token) -> bool:
    """Whether two words are joined by a conjunction ("lost …, and prices have risen")."""
    return one.dep_ == "conj" and one.head.i == other.i or other.dep_ == "conj" and other.head.i == one.i


DURATION_UNITS = {"D": "day", "W": "week", "M": "month", "Y": "year"}


def _counted_from(doc: Doc, by_id: dict[str, EventMention], token_of: dict[str, Token],
                  timexes: list[Timex]) -> dict[str, EventMention]:
    """"ended the search on Thursday, *three days after* an earthquake": the earthquake was three days before
    Thursday; "a week before the vote", a week after; "freed the ship this afternoon, *six days after* it ran
    aground", a clause. The events so dated, by id."""
    by_token = {token.i: event_id for event_id, token in token_of.items()}
    found = {}
    for timex in timexes:
        m = re.fullmatch(r"P(\d+)([DWMY])", timex.value) if timex.type == "DURATION" else None
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand") if m else None
        prep = span.root.head if span is not None and span.root.dep_ == "npadvmod" else None
        if prep is not None and prep.dep_ == "advcl":  # "six days after it ran aground": the clause's "after"
            prep = next((c for c in prep.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
        if prep is None or prep.lower_ not in ("after", "before"):
            continue
        if prep.dep_ == "mark":  # "freed the ship this afternoon, six days after it ran aground": a clause
            governing, objects = prep.head.head, [prep.head] if prep.head.i in by_token else []
        else:  # "three days after an earthquake"
            governing, objects = prep.head, [c for c in prep.children if c.dep_ == "pobj" and c.i in by_token]
        if governing.i not in by_token:
            continue
        governor = by_id[by_token[governing.i]]
        bounds = value_bounds(governor.time) if governor.time_source == "own" else None
        if bounds is None or bounds[2] != "day" or not objects or by_id[by_token[objects[0].i]].time:
            continue
        event = by_id[by_token[objects[0].i]]
        value = shift(bounds[0], m.group(1), DURATION_UNITS[m.group(2)], -1 if prep.lower_ == "after" else 1)
        found[event.id] = dataclasses.replace(event, time=value, timex=timex.id, time_source="inherited")
    return found


def _tense_allows(value: str, token: Token, anchor: dt.date | None, shared: bool = False) -> bool:
    """A date after the report cannot be when a verb in a past tense happened ("signed an agreement to build a
    cable by 2030": 2030 is the building's), nor a date over before it when a verb in the simple present shares
    another's time (``shared``: "left the government last week and faces an inquiry"). A noun's tense is its
    governing verb's, which says little of it ("told the lenders that it will use its option, a deal that will close
    by June 10")."""
    finite_past = token.tag_ == "VBD" or token.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in token.children) \
        or token.tag_ == "VBN" and token.dep_ == "acl" and any(c.dep_ == "agent" for c in token.children)
    # (not "should be closed by 2012"; "the bill, passed by 301 votes": done)
    present = token.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
    if token.pos_ != "VERB" or not anchor or not (finite_past or present and shared):
        return True
    bounds = value_bounds(value)
    if present:  # "left the government last week and faces an inquiry": the facing is now
        return not (bounds and bounds[1] < anchor)
    return not (bounds and bounds[0] > anchor)


REPORTED_DEPS = {"ccomp", "xcomp", "parataxis", "advcl", "dobj"}


def _may_date(root: Token, token: Token, event: EventMention) -> bool:
    """Whether a date of the event's sentence (``root``, its head word) may be the event's time: not in what the
    event reports, not the time of a report the event is part of, not in a clause the event is not in, not the
    period a report is about, not when the last one before a first or a most was ("its first loss since 2001"), and a
    date "since" which something holds for that only ("have lost their crops, and prices have risen since January")."""
    return not (_reported_in(root, token, event) or _date_of_report(root, token) or _other_clause(root, token)
                or _reporting_period(root, token) or _since(root) and (_last_one_since(root.head.head)
                                                                       or root.head.head.i != token.i)
                or _outside_sequenced(root, token) or _outside_description(root, token)
                or _in_conjunct_ahead(root, token))


def _in_participle_aside(root: Token, token: Token) -> bool:
    """Whether a date lies in a past participle on its own that sets out what came before the sentence's news,
    and the event is not in it ("Born in 1937 in a fishing village, she published her first book at 24 and won the
    prize three times": 1937 is the birth's)."""
    return any(_aside_before(node) and not node.left_edge.i <= token.i <= node.right_edge.i
               for node in (root, *root.ancestors))


def _in_conjunct_ahead(root: Token, token: Token) -> bool:
    """Whether a date lies in a conjunct with "will" that a verb in the past is not in ("the agreement was reached
    after talks and will take effect at midnight": midnight is the taking effect's)."""
    return ev.tense(token) == "past" and any(
        node.dep_ == "conj" and node.pos_ in ("VERB", "AUX") and ev.tense(node) == "future"
        and not node.left_edge.i <= token.i <= node.right_edge.i for node in (root, *root.ancestors))


def _outside_description(root: Token, token: Token) -> bool:
    """Whether the event is in a past participle that describes a person ("a businessman accused of laundering
    money", "a woman injured in the blast") and the date is not in it: what describes someone is no news of the day
    (of a participle on any noun, TempEval-3's awareness lost a link)."""
    return any(node.dep_ == "acl" and node.tag_ == "VBN" and _someone(node.head)
               and not node.left_edge.i <= root.i <= node.right_edge.i for node in (token, *token.ancestors))


def _someone(token: Token) -> bool:
    """A person's name, or a noun for a person ("a businessman", "a woman", "the minister")."""
    return token.ent_type_ == "PERSON" or token.lemma_.lower() in ev.PERSON_NOUNS | ev.PERSON_ROLE_NOUNS | POSITION_NOUNS


def _outside_sequenced(root: Token, token: Token) -> bool:
    """Whether the event is in a clause of another time (:func:`_sequenced`) that the date is not in ("reached the
    miners on Monday, three days after a tunnel collapsed": Monday is not the collapse's day)."""
    return any(_sequenced(node) and not node.left_edge.i <= root.i <= node.right_edge.i
               for node in (token, *token.ancestors))


def _reported_in(root: Token, token: Token, event: EventMention) -> bool:
    """Whether a date lies in what a reporting verb reports ("said that its sales rose *last year*"): not its time."""
    if event.cls != "REPORTING" and token.lemma_.lower() not in REPORTING_LEMMAS:
        return False
    return any(c.left_edge.i <= root.i <= c.right_edge.i for c in token.children if c.dep_ in REPORTED_DEPS)


def _date_of_report(root: Token, token: Token) -> bool:
    """Whether a date is the time of the report ``token`` is part of ("X announced on Friday that it will buy …"),
    outside the reported clause: it dates the saying, not what was said."""
    clause = token
    while clause.dep_ not in REPORTED_DEPS or clause.head.lemma_.lower() not in REPORTING_LEMMAS:
        if clause.head.i == clause.i:
            return False
        clause = clause.head
    if _reporting_period(root, clause.head):
        return False  # "For 2009, the firm says it made a profit": the period of what is reported
    return not clause.left_edge.i <= root.i <= clause.right_edge.i


def _other_clause(root: Token, token: Token) -> bool:
    """Whether a date lies in a complement or relative clause that ``token`` is not in ("X said …, and predicted that
    it would profit in 2011": 2011 dates the profit, not the saying; "the firm, which filed for bankruptcy earlier
    today, outlined a plan for what its chief called …": today dates the filing): see :func:`_aside`."""
    past = ev.finite_tense(token) == "past"
    return any(node.pos_ in ("VERB", "AUX") and not node.left_edge.i <= token.i <= node.right_edge.i and (
        node.dep_ == "ccomp" or past and node.dep_ == "relcl" and _aside(node, token)) for node in (root, *root.ancestors))


#: the conjunctions of a clause that happened at another time than its main clause, or whose time says nothing of it
SEQUENCE_MARKS = {"after", "before", "since", "until", "till", "because", "although", "though", "once"}


def _sequenced(clause: Token) -> bool:
    """Whether a clause is one of another time than its main clause: "(prices rose on Monday) after producers agreed
    on Sunday", "because prices fell in May". Such a clause does not move the story to its day; its date may still be
    the sentence's one date for the main clause's undated events (leaving that out too cost TBAQ and MATRES 0.001)."""
    return clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKS for c in clause.children) \
        and not any(c.dep_ in ("advmod", "npadvmod") and c.lower_ in SOON for c in clause.children)


#: what makes "after" the same time: "was shot shortly after he returned home on Friday night"
SOON = {"shortly", "just", "immediately", "soon", "moments", "minutes", "seconds", "right", "directly"}


def _aside(clause: Token, token: Token) -> bool:
    """Whether a relative clause is an aside to a verb: on its subject ("said Ana, who left in 1962"), on none of
    its words ("Ana, who left in 1962, led the march she called …": not on "called"), or on what came before or after
    it ("signed after talks that began in 2024"). One on its object or another word of its may say when it happened
    ("fired the shots that killed a doctor in October")."""
    noun = clause.head
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.i == token.i or token not in noun.ancestors:
        return True
    # on what came before or after: "signed the deal after eight rounds of talks that began in 2024"
    path = [noun, *(a for a in noun.ancestors if token in a.ancestors)]
    return any(word.dep_ == "prep" and word.lower_ in SEQUENCE_MARKS | {"following"} for word in path)


def _earliest_sentences(events: list[EventMention]) -> dict[tuple[str, str], int]:
    """("type", type) and ("lemma", lemma) of the typed events → the first sentence that reports one."""
    earliest: dict[tuple[str, str], int] = {}
    for event in events:
        if event.type and event.type not in GENERIC_TYPES:
            for key in (("type", event.type), ("lemma", event.lemma)):
                earliest[key] = min(earliest.get(key, event.sentence), event.sentence)
    return earliest


def _refers_back(event: EventMention, earliest: dict[tuple[str, str], int]) -> bool:
    """A definite noun ("the accident") for an event of a type or word an earlier sentence already reported."""
    return event.definite and any(earliest.get(key, event.sentence) < event.sentence
                                  for key in (("type", event.type), ("lemma", event.lemma)))


def _time_source(token: Token, trigger_ids: dict[int, str], by_id: dict[str, EventMention]) -> EventMention | None:
    """The dated event whose time ``token``'s event shares through the parse, if any."""
    neighbours: list[Token] = []
    if token.dep_ in INHERIT_DEPS and not _sequenced(token) and not (token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in token.children)) and not _ordered(token):
        neighbours.append(token.head)  # not "takes effect on Jan. 1 once it is signed", nor "faces eight years in
        # prison if convicted": what may happen has no time yet
    if token.dep_ == "pobj" and token.head.lower_ in ("in", "with", "by", "during", "amid", "through"):
        neighbours.append(token.head.head)  # "killed … in a drone strike"
    neighbours += [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "conj")]
    neighbours += [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("at", "during", "in")
                   for g in c.children if g.dep_ == "pobj"]  # "outlined the plan at/in a news conference on Monday"
    for other in neighbours:
        source = by_id.get(trigger_ids.get(other.i, ""))
        if source is not None and source.time and value_bounds(source.time) and not _perfect_beside_past(token, other) \
                and not _past_beside_future(token, other):
            return source
    return None


def _past_beside_future(one: Token, other: Token) -> bool:
    """Conjuncts of which one is done and the other ahead: two times ("residents have filed a lawsuit, and a court
    will hear the case in May": May is the hearing's)."""
    return _conjuncts(one, other) and {ev.tense(one), ev.tense(other)} == {"past", "future"}


def _ordered(verb: Token) -> bool:
    """An infinitive of what a verb orders, plans or agrees to ("ordered the chatbot maker on Wednesday to delete the
    data", "plans to open"): not done at the ordering's time (but a vote does what it votes for, "voted on Wednesday
    to approve the merger", and a deal agreed is the deal of that day: "agreed on Monday to buy its supplier")."""
    return verb.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children) \
        and governor_class(verb.head) == "PROSPECTIVE" and verb.head.lemma_.lower() not in ("vote", "agree")


def _perfect_beside_past(one: Token, other: Token) -> bool:
    """Conjuncts of which one is in the past perfect and the other in the simple past: two times ("the slope gave
    way after days of rain, and geologists had warned of the risk in 2021"; not "had been killed and 20 wounded")."""
    return _conjuncts(one, other) and any(ev.past_perfect(a) and not ev.past_perfect(b) and ev.finite_tense(b) == "past"
                                          for a, b in ((one, other), (other, one)))


def _report_times(doc: Doc, events: list[EventMention], trigger_ids: dict[int, str],
                  anchor: dt.date | None, effects: Collection[str] = ()) -> list[EventMention]:
    """A time, or bounds, for the events that have none yet, from the story and the article date.

    A reporting verb in the past or present ("said", "says") and a verb in the present ("is
    seeking") are at the article date ("report"); a verb in the simple past takes the narrative
    time, the day of the last event before it in its paragraph that a time expression of its own
    dates to a day on or before the article date ("narrative"). A participle governed by an event
    dated so shares its time ("…, saying that"); a noun does not ("the strike was ordered": the
    order came first, and "the strike" may be one reported before). What is left happened on or
    before the article date when reported in the past, and is on or after it when planned or
    expected ("report-bounds": no time, a bound); an event the article says another caused (``effects``:
    "in retaliation for the attack, soldiers killed…") is not dated by the story, which is at its cause's
    day. Denied events, and doubtful ones unless
    planned, get nothing.
    """
    if anchor is None:
        return events
    day = anchor.isoformat()
    token_of = {event_id: doc[i] for i, event_id in trigger_ids.items()}
    paragraph_of = _paragraphs(doc)
    by_id: dict[str, EventMention] = {}
    story: tuple[int, EventMention] | None = None  # (paragraph, the event whose time the story has reached)
    for event in events:
        token = token_of[event.id]
        if event.time and _moves_story(event, token, anchor):
            story = (paragraph_of(token), event)
        elif story is not None and _aside_before(token) and _goes_back(event, story[1]):
            story = None  # "… died on Sunday. Born in 1937, she published her first book at 24": not on Sunday
        elif not event.time and _datable(event):
            told = story[1] if story is not None and story[0] == paragraph_of(token) and event.id not in effects else None
            event = _from_report(event, token, day, told)
        by_id[event.id] = event
    for _ in range(3):  # "…, saying that": a participle takes the time its governing event now has
        changed = False
        for event in list(by_id.values()):
            token = token_of[event.id]
            if not event.time and not event.time_source and _datable(event) and token.pos_ == "VERB" and \
                    not ev.finite_tense(token) and (source := _time_source(token, trigger_ids, by_id)) is not None:
                by_id[event.id] = dataclasses.replace(event, time=source.time, timex=source.timex,
                                                      time_source=source.time_source)
                changed = True
        if not changed:
            break
    for event in list(by_id.values()):
        if not event.time and not event.time_source and _datable(event) and event.tense == "past" \
                and not _modal_ahead(token_of[event.id], ()) and not _ahead_in_a_present(event, token_of[event.id]):
            by_id[event.id] = dataclasses.replace(event, time_source="report-bounds", latest=day)
    return [by_id[e.id] for e in events]


def _ahead_in_a_present(event: EventMention, token: Token) -> bool:
    """A planned event told by a passive in the present ("once they are published", "talks are scheduled to
    resume"), which the verb's participle makes look past: no bound from the report."""
    verb = ev.governing_verb(token) or token
    return event.future and ev.finite_tense(verb) == "present"


def _datable(event: EventMention) -> bool:
    """Whether the article date can say something of an event: not denied, and certain unless planned."""
    return event.polarity != "NEG" and (event.future or event.certainty in ("CERTAIN", "PROBABLE"))


def _from_report(event: EventMention, token: Token, day: str, story: EventMention | None) -> EventMention:
    """An undated event's time or bound from the report: see :func:`_report_times`."""
    if event.future:  # planned, expected: on or after the report; told in the past ("the strike was ordered"), the
        # last pass bounds it as done
        return dataclasses.replace(event, time_source="report-bounds", earliest=day) if event.tense != "past" else event
    tense = ev.finite_tense(token)
    if tense == "present" and any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in token.children):
        return event  # "if a price is not agreed", "before it is reported": the present of a condition or a later time
    reporting = event.cls == "REPORTING" or token.lemma_.lower() in REPORTING_LEMMAS
    if tense == "past" and reporting and story is not None and len(story.time) >= 10 and story.time[:10] < day \
            and _in_story_line(token):
        # "At a news conference on Monday she outlined the plan. She said …": said then, not on the report's day
        return dataclasses.replace(event, **_story_day(story), time_source="narrative")
    if tense == "present" or tense == "past" and reporting:
        return dataclasses.replace(event, time=day, timex="dct", time_source="report")
    if tense == "past" and story is not None and _in_story_line(token):
        if ev.past_perfect(token):  # "they said 103 people had been killed": on or before the story's day
            latest = value_bounds(_story_day(story)["time"])
            return dataclasses.replace(event, time_source="report-bounds",
                                       latest=min(latest[1].isoformat(), day) if latest else day)
        return dataclasses.replace(event, **_story_day(story), time_source="narrative")
    if tense in ("past", "perfect"):
        return dataclasses.replace(event, time_source="report-bounds", latest=day)
    return event


def _story_day(story: EventMention) -> dict[str, str]:
    """The time the story has reached, for the events it tells next: its day ("left the tracks at 7:40 a.m. …
    Rescue teams worked through the day": the day, not the minute, and not the clock time's expression)."""
    day, clock, _ = story.time.partition("T")
    return {"time": day, "timex": ""} if clock else {"time": story.time, "timex": story.timex}


#: prepositions that put what a verb tells after another event: "After the crash, the airline suspended …"
AFTER_PREPS = {"after", "following", "since"}
SEQUENCE_WORDS = {"then", "later", "afterwards", "afterward", "subsequently", "next", "eventually", "since", "soon"}


def _in_story_line(token: Token) -> bool:
    """Whether a verb tells the story at its current time: not a relative clause about something ("Tehran,
    which then lobbed missiles"), nor told as coming later ("then", "later", "subsequently") or as after something
    else ("After the crash, the airline suspended night flights … and replaced its head of training")."""
    # the verb's own "after …", or one that opens the clause its first conjunct heads (and so scopes over both)
    after = [c for c in token.children if c.dep_ == "prep" and c.lower_ in AFTER_PREPS]
    if token.dep_ == "conj":
        after += [c for c in token.head.children if c.dep_ == "prep" and c.lower_ in AFTER_PREPS and c.i < token.head.i]
    return token.dep_ not in ("relcl", "acl") and not after and not _sequenced(token) \
        and not any(c.dep_ == "advmod" and c.lower_ in SEQUENCE_WORDS for c in token.children)


def _aside_before(token: Token) -> bool:
    """A past participle on its own before the verb it adds to: "*Born* in 1937, she published …"."""
    return token.dep_ == "advcl" and token.tag_ == "VBN" and token.i < token.head.i \
        and not any(c.dep_ in ("aux", "auxpass", "mark") for c in token.children)


def _goes_back(event: EventMention, story: EventMention) -> bool:
    """Whether a time expression of an event's own puts it wholly before the day the story has reached: what the
    text tells next is no longer on that day."""
    if event.time_source != "own" or not event.time:
        return False
    bounds, day = value_bounds(event.time), value_bounds(story.time)
    return bounds is not None and day is not None and bounds[1] < day[0]


def _moves_story(event: EventMention, token: Token, anchor: dt.date) -> bool:
    """Whether an event that a time expression of its own dates to a day takes the story to that day: a
    finite verb, not planned, on or before the article date ("In 2009" or "in March" name a period, not
    when the next event happened)."""
    if event.time_source not in ("own", "inherited") or event.future or ev.finite_tense(token) not in ("past", "present") \
            or token.dep_ == "relcl" or _sequenced(token) or _questioned(token) or ev.past_perfect(token):
        # "X, which filed for bankruptcy on Monday, outlined …": an aside; "prices rose on Monday after producers
        # agreed on Sunday …": the story is at Monday; "examining whether rain on Thursday weakened …": a question;
        # "the bidder had offered a premium on Friday's price": a look back
        return False
    bounds = value_bounds(event.time)
    return bounds is not None and bounds[2] == "day" and bounds[1] <= anchor


def _questioned(token: Token) -> bool:
    """Whether a verb is what a "whether" or "if" clause asks or supposes: not told as having happened."""
    return any(c.dep_ == "mark" and c.lower_ in ("whether", "if", "unless") for c in token.children)


SUBORDINATORS = {"if", "unless", "whether", "when", "whenever", "before", "after", "until", "till", "once"}
#: the conjunctions of a condition, whose past tense after "would" is no past ("would act if prices rose")
CONDITION_MARKS = {"if", "unless", "once", "until", "till"}
def _paragraphs(doc: Doc):
    """token → the number of its paragraph (paragraphs are separated by blank lines)."""
    breaks = [match.start() for match in re.finditer(r"\n[^\S\n]*\n", text_of(doc))]
    return lambda token: bisect.bisect_right(breaks, token.idx)


def _is_complement(token: Token, trigger_ids: dict[int, str]) -> bool:
    """Whether an event is the "of"-complement or possessor of another event ("anniversary of X")."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.i in trigger_ids:
        return True
    return token.dep_ == "poss" and head.i in trigger_ids


INITIAL_WORDS = {"initial", "initially", "first", "early", "earlier", "preliminary", "previous", "original"}
REVISED_WORDS = {"revised", "updated", "rose", "risen", "rise", "climbed", "climb", "jumped", "now", "latest", "new",
                 "final", "lowered", "increased", "reached"}
SEPARATOR = re.compile(r"^\s*([*_-]\s*){3,}\s*$", re.M)
REVISING_VERBS = {"lower", "raise", "revise", "put", "increase", "reduce", "bring", "update", "cut", "correct"}
TOLL_NOUNS = {"toll", "tally", "count", "figure"}
# "the toll rose to 84", "reached 84", "stood at 84": a toll as the subject of a level verb
LEVEL_VERBS = {"rise", "climb", "jump", "increase", "grow", "mount", "soar", "reach", "hit", "top", "pass",
               "surpass", "exceed", "stand", "fall", "drop", "decline"}
UPDATE_STAMP = re.compile(r"\bupdated?\b\s*:?\s*\(?\s*\d{1,2}:?\d{2}\s*[A-Z]{0,4}\s*\)?", re.I)


def _claims(builder: ArticleWork, triggers: list[Token], events: list[EventMention]) -> tuple[list[Claim], list[tuple[int, str]]]:
    """Casualty figures as claims attributed to whoever reported them, and who relayed them.

    Figures come from casualty events ("73 people had been killed") and from toll nouns
    ("the initial death toll of 20"); a claim is "initial" or "revised" when its sentence says
    so, which orders claims made on the same day.
    """
    attributions = _attributions(builder)
    stamps = _update_stamps(builder)
    claims: list[Claim] = []

    def add(event_id: str, prop: str, value: int, index: int, words: set[str]) -> None:
        sentence = builder.sentences[index]
        source, relay = attributions.get(index, ("", ""))
        stage = "initial" if words & INITIAL_WORDS else "revised" if words & REVISED_WORDS else ""
        stamp = stamps.get(index, "")
        claims.append(Claim(f"c{len(claims) + 1}", event_id, prop, value, source, index, sentence.start, sentence.end,
                            sentence.text, relay, "revised" if stamp and not stage else stage, stamp))

    counted = [e for e in events if e.killed is not None or e.injured is not None]
    token_at = {t.idx: t for t in builder.doc} if counted else {}  # one pass over the document, when it counts anyone
    for event in counted:
        for prop, value in (("killed", event.killed), ("injured", event.injured)):
            if value is not None:
                trigger = token_at.get(event.start)
                near = {t.lower_ for t in builder.doc[max(0, trigger.i - 6):trigger.i + 3]} if trigger is not None else set()
                add(event.id, prop, value, event.sentence, near)
    harm = [e for e in events if e.type in ("Killing", "Death", "Injury", "Bombing", "Explosion", "Attack",
                                            "Earthquake", "Disaster", "Accident", "Shooting", "Strike")]
    harm_sentences = [e.sentence for e in harm]
    for token in builder.doc if harm else ():
        if token.lemma_.lower() not in TOLL_NOUNS:
            continue
        objects = [g for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                   if g.dep_ == "pobj"]
        number = next((_number(n) for g in objects for n in [g, *g.children] if n.like_num and _number(n)), None)
        deaths = any(c.lower_ in ("death", "casualty", "dead") for c in token.children) \
            or any(g.lemma_.lower() in ("dead", "death", "fatality", "people") for g in objects)
        verb = token.head
        words = {c.lower_ for c in token.children} | {verb.lower_} | ({"revised"} if verb.lemma_.lower() in REVISING_VERBS else set())
        revisions: list[int] = []
        if number is None and token.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in REVISING_VERBS:
            # "officials lowered the figure to 84", "the toll was raised to 90", "put the toll at 233"
            number = _figure_of(verb)
            deaths = deaths or token.lemma_.lower() in ("toll", "figure")
            words |= {c.lower_ for c in verb.children}  # "had initially put the toll at 233"
            revisions = [figure for other in verb.sent if other.i > verb.i and other.lemma_.lower() in REVISING_VERBS
                         and any(c.dep_ == "dobj" and c.lower_ == "it" for c in other.children)
                         and (figure := _figure_of(other)) is not None]  # "… before raising it to 288"
        if number is None and token.dep_ == "nsubj" and verb.lemma_.lower() in LEVEL_VERBS:
            number = _figure_of(verb) or next((_number(g) for g in verb.children if g.dep_ in ("dobj", "attr") and g.like_num), None)
        if number is None or not deaths:
            continue
        index = builder.sentence_of[token.i]
        event = _nearest(harm, harm_sentences, index)
        add(event.id, "killed", number, index, words)
        for figure in revisions:
            add(event.id, "killed", figure, index, {"revised"})
    return claims, sorted((index, source) for index, (source, _) in attributions.items() if source)


def _nearest(events: list[EventMention], sentences: list[int], index: int) -> EventMention:
    """The first event of the sentence nearest ``index`` (an earlier one on a tie), by bisection: ``events``
    are in reading order and ``sentences`` are theirs."""
    after = bisect.bisect_right(sentences, index)  # events[after] is the first one past sentence ``index``
    if after == len(events) or after > 0 and index - sentences[after - 1] <= sentences[after] - index:
        return events[bisect.bisect_left(sentences, sentences[after - 1])]
    return events[after]


def _figure_of(verb: Token) -> int | None:
    """The number a revising verb sets a figure to or at: "raised it *to 288*", "put the toll *at 233*"."""
    return next((_number(g) for p in verb.children if p.dep_ == "prep" and p.lower_ in ("to", "at")
                 for g in p.children if g.like_num), None)


def _update_stamps(builder: ArticleWork) -> dict[int, str]:
    """Sentence index → the update stamp ("Update (0845ET)") whose block it is in; a rule ("* * *") ends a block."""
    stamps: dict[int, str] = {}
    current = ""
    for index, sentence in enumerate(builder.sentences):
        if SEPARATOR.search(sentence.text):
            current = ""
        if match := UPDATE_STAMP.search(sentence.text):
            current = match.group(0).strip()
        if current:
            stamps[index] = current
    return stamps


def _attributions(builder: ArticleWork) -> dict[int, tuple[str, str]]:
    """Sentence index → (source, relay). A pronoun source ("He said") is the previous sentence's."""
    found: dict[int, tuple[str, str]] = {}
    for index, sent in enumerate(builder.doc.sents):
        source, relay = _source(sent)
        if source.lower() in ("he", "she", "they", "it", "he 's", "she 's") and index - 1 in found:
            source = found[index - 1][0]
        if source or relay:
            found[index] = (source or relay, relay if source else "")
    return found


def _source(sent: Span) -> tuple[str, str]:
    """(source, relay) of a sentence: "X told …, according to Y" is X's claim relayed by Y.

    The innermost reporting verb with a subject is the source; a spokesperson stands for the
    body they speak for; an embedded post ("— Name (@handle) date") is its author's.
    """
    according = ""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
            objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
            if objects:
                according = _phrase(objects[0])
    speakers = []
    for token in sent:
        if token.lemma_ in REPORTING_LEMMAS and token.pos_ == "VERB":
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("PROPN", "NOUN", "PRON")]
            if subjects:
                speakers.append((len(list(token.ancestors)), _speaker(subjects[0])))
    post = re.search(r"[—–-]{1,2}\s*([A-Z][\w&.' -]{1,60}?)\s*\(@\w+\)", sent.text)
    if speakers:
        speaker = max(speakers)[1]
        return speaker, according if according != speaker else ""
    if post:
        return post.group(1).strip(), according
    return according, ""


def _speaker(token: Token) -> str:
    """A reporting verb's subject as a source: "Jan N., a spokesperson for the city's fire service" → the services."""
    for appos in (c for c in token.children if c.dep_ == "appos"):
        if appos.lemma_.lower() in ("spokesperson", "spokesman", "spokeswoman", "representative", "official"):
            for prep in (c for c in appos.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "with")):
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if objects:
                    words = [t for t in objects[0].subtree if t.dep_ not in ("det", "punct", "relcl", "acl")]
                    return " ".join(t.text for t in words).replace(" 's", "'s").strip()[:80]
    return _phrase(token)


def _phrase(token: Token) -> str:
    words = [t for t in token.subtree if t.dep_ not in ("det", "punct", "relcl", "acl", "appos") and t.i <= token.i + 3]
    words = [t for t in words if t.i >= token.left_edge.i]
    text = " ".join(t.text for t in words).replace(" 's", "'s").strip()
    return text[:80]
