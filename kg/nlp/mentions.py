"""TimeML mentions: where the time expressions are (TIMEX3 spans) and which tokens are events.

Both are trained by ``kg train`` on the TempEval-3 training files over spaCy's
tokens, tags, parse and entities plus a small time vocabulary: time expressions by a CRF
that BIO-tags tokens with their TimeML type (``kg/data/models/timex.crfsuite``, python-crfsuite:
span edges are where a per-token classifier loses most), events by a linear classifier that
gives each token its TimeML class or ``O`` (``events.npz``, ``kg.nlp.linear``). Without the shipped models (a fresh checkout
before training) the rules of the first version stand in: spaCy's DATE/TIME entities and
"main verbs plus the event nouns of the lexicon".
"""

from __future__ import annotations

import functools
import re

import numpy as np
from spacy.tokens import Doc, Span, Token

from kg.nlp import events, linear
from kg.nlp.pipeline import text_of
from kg.nlp.timex import SCALE_WORDS

TIMEX_MODEL = "timex.crfsuite"
EVENT_MODEL = "events"
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec."}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon.", "tue.", "tues.",
            "wed.", "thu.", "thur.", "thurs.", "fri.", "sat.", "sun."}
UNITS = {"second", "minute", "hour", "day", "night", "week", "weekend", "fortnight", "month", "year", "decade",
         "century", "quarter", "millennium", "period", "term", "season", "time", "moment", "era", "semester"}
PARTS = {"morning", "afternoon", "evening", "night", "tonight", "noon", "midnight", "dawn", "dusk", "overnight",
         "a.m.", "p.m.", "am", "pm"}
SEASONS = {"spring", "summer", "autumn", "fall", "winter"}
DEICTIC = {"now", "today", "yesterday", "tomorrow", "currently", "recently", "previously", "formerly", "soon",
           "lately", "nowadays", "then", "once", "already", "yet", "future", "past", "present", "current", "recent",
           "former", "later", "earlier", "ago", "hence", "meantime", "meanwhile", "annually", "daily", "weekly",
           "monthly", "yearly", "quarterly", "hourly", "nightly"}
MODIFIERS = {"last", "next", "this", "that", "past", "coming", "previous", "following", "early", "late", "mid",
             "end", "beginning", "start", "middle", "every", "each", "per", "several", "few", "recent", "latest",
             "fiscal", "calendar", "same", "first", "second", "third", "fourth", "half", "about", "nearly",
             "almost", "over", "more", "than", "less", "least", "around", "some"}
HOLIDAYS = {"christmas", "easter", "thanksgiving", "ramadan", "hanukkah", "passover", "new", "eve", "day"}
YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)s?$|^'\d0s$|^\d0s$")
CLOCK = re.compile(r"^\d{1,2}(:\d\d)+$|^\d{3,4}$")


def time_class(token: Token) -> str:
    """The token's kind of time word (month, weekday, unit, …) or "" for none."""
    lower = token.lower_
    lemma = token.lemma_.lower()
    if lower in MONTHS and (lower != "may" or token.tag_ == "NNP"):
        return "month"
    if lower in WEEKDAYS or lower.rstrip("s") in WEEKDAYS:
        return "weekday"
    if lemma in UNITS or lower.rstrip("s") in UNITS or lower.split("-")[-1].rstrip("s") in UNITS:
        return "unit"
    if lower in PARTS or lemma in PARTS:
        return "part"
    if lower in SEASONS:
        return "season"
    if lower in DEICTIC:
        return "deictic"
    if YEAR.match(lower):
        return "year"
    if CLOCK.match(lower):
        return "clock"
    if lower in MODIFIERS:
        return "modifier"
    if lower in HOLIDAYS:
        return "holiday"
    if token.like_num:
        return "number"
    return ""


def _token_table(doc: Doc) -> tuple[list[int], list[tuple[str, str, str, str, str]]]:
    """Per token: where its sentence starts, and (lower, tag, entity, time class, shape); cached on the doc."""
    cached = doc.user_data.get("kg.token_table")
    if cached is not None and len(cached[0]) == len(doc):
        return cached
    starts = [0] * len(doc)
    for sent in doc.sents:
        starts[sent.start:sent.end] = [sent.start] * (sent.end - sent.start)
    words = [(t.lower_, t.tag_, f"{t.ent_iob_}{t.ent_type_}", time_class(t), t.shape_) for t in doc]
    doc.user_data["kg.token_table"] = (starts, words)
    return starts, words


def timex_features(doc: Doc, i: int) -> list[str]:
    """Features of token ``i`` for the time-expression tagger: the token and a ±2 window."""
    starts, words = _token_table(doc)
    token = doc[i]
    lower, tag, _, kind, _ = words[i]
    features = ["bias", f"l={token.lemma_.lower()}", f"dep={token.dep_}", f"pos={token.pos_}",
                f"suf={lower[-3:]}", f"tc={kind}", f"tc_tag={kind}|{tag}",
                f"head={token.head.lemma_.lower()}", f"headtc={words[token.head.i][3]}",
                f"sent_start={token.is_sent_start}"]
    for offset in (0, -2, -1, 1, 2):
        j = i + offset
        prefix = f"{offset}" if offset else ""
        if 0 <= j < len(doc) and starts[j] == starts[i]:
            w = words[j]
            features += [f"{prefix}w={w[0]}", f"{prefix}tag={w[1]}", f"{prefix}ent={w[2]}", f"{prefix}tc={w[3]}",
                         f"{prefix}shape={w[4]}"]
        else:
            features.append(f"{offset}=none")
    previous = words[i - 1] if i > 0 else ("<s>", "", "", "<s>", "")
    following = words[i + 1] if i + 1 < len(doc) else ("</s>", "", "", "</s>", "")
    features += [f"bi-={previous[0]}|{lower}", f"bi+={lower}|{following[0]}",
                 f"tc-={previous[3]}|{kind}", f"tc+={kind}|{following[3]}"]
    return features


@functools.cache
def _timex_tagger():
    """The shipped CRF for TIMEX3 spans, or None before ``kg train timex`` has made one."""
    path = linear.MODELS_DIR / TIMEX_MODEL
    if not path.exists():
        return None
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def timex_spans(doc: Doc) -> list[tuple[Span, str]]:
    """Time expressions of a parsed document as (span, TimeML type guess), in order."""
    tagger = _timex_tagger()
    if tagger is None:
        return [(span, "") for span in doc.ents if span.label_ in ("DATE", "TIME")]
    spans: list[tuple[Span, str]] = []
    for sent in doc.sents:
        tags = tagger.tag([timex_features(doc, i) for i in range(sent.start, sent.end)])
        spans.extend((sent[_with_its_count(sent, start):end], kind) for start, end, kind in bio_spans(tags)
                     if not (end - start == 1 and (sent[start].text in COMMON_WORD_MONTHS
                                                   or _a_publication(sent[start])))
                     and not _a_hurried_thing(sent[start:end]))
    return _with_seasons(doc, spans)


#: words before "the <season>" that make it a time: "in the autumn", "by the fall"
SEASON_PREPOSITIONS = frozenset({"in", "by", "until", "till", "during", "over", "through", "since", "before", "after"})


def _with_seasons(doc: Doc, spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """The spans, with "the autumn" or "the fall" after a preposition of time that the tagger left out ("is due to
    restart in the autumn"); not "the fall of the city" nor "the fall in prices"."""
    found = [doc.char_span(m.start(1), m.end(1)) for m in AFTER_THE.finditer(text_of(doc))]
    covered = {i for span, _ in spans for i in range(span.start, span.end)} if found else set()
    added = [(doc[token.i - 1:token.i + 1], "DATE") for token in (span[0] for span in found if span is not None)
             if token.i not in covered and token.i >= 2 and doc[token.i - 1].lower_ == "the"
             and doc[token.i - 2].lower_ in SEASON_PREPOSITIONS
             and token.tag_.startswith("NN") and not any(c.dep_ == "prep" for c in token.children)]
    return sorted([*spans, *added], key=lambda item: item[0].start) if added else spans


#: "the autumn", "the fall" in an article's text (the few articles that have one are the only ones read further)
AFTER_THE = re.compile(r"(?i)\bthe\s+(autumn|fall)\b")


def _a_hurried_thing(span: Span) -> bool:
    """"a last-minute payment", "an eleventh-hour deal": done late, at no time the text gives."""
    return span.text.lower().replace(" ", "") in ("last-minute", "eleventh-hour") and span.root.dep_ in ("amod", "compound")


def _with_its_count(sent: Span, start: int) -> int:
    """Where a time expression starts once the count the tagger left out is in it: "3 billion" + "years ago"."""
    if start > 0 and sent[start - 1].lower_ in SCALE_WORDS and sent[start].lower_ in ("years", "decades", "centuries"):
        start -= 1  # not "$1.1 billion a year ago": an amount, then a date
    if start > 0 and sent[start].lower_ in SCALE_WORDS and sent[start - 1].like_num:
        start -= 1
    return start


def _a_publication(token: Token) -> bool:
    """"the daily Korva Times", "the weekly X": a newspaper that comes out so often, before its name."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.lower_ in PUBLICATION_RHYTHMS and following is not None and following.pos_ == "PROPN" \
        and token.i > 0 and token.doc[token.i - 1].lower_ in ("the", "a")


#: how often a paper comes out, said of it before its name ("the daily X")
PUBLICATION_RHYTHMS = frozenset({"daily", "weekly", "monthly", "biweekly", "fortnightly"})
#: month names that are words too, written in lower case alone: "joined the march", not a month
COMMON_WORD_MONTHS = frozenset({"march", "may"})


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of the spans a BIO sequence marks (a stray ``I-`` opens one)."""
    spans, start, kind = [], None, ""
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == kind):
            spans.append((start, i, kind))
            start = None
        if tag.startswith("B-") or tag.startswith("I-") and start is None:
            start, kind = i, tag[2:]
    return spans


# --- event mentions ---------------------------------------------------------------

# a token is an event when P(O) is below this: 0.65 rather than argmax's 0.5 trades a little
# precision for recall (best F1 in 3-fold cross-validation on the train+dev files, with C=0.25)
EVENT_THRESHOLD = 0.65
AUX_LEMMAS = {"be", "have", "do", "will", "would", "shall", "should", "can", "could", "may", "might", "must"}
# the tokens the classifier scores: on the 82,000 tokens of the training and dev files it called no
# punctuation, determiner, preposition, pronoun, conjunction, particle, number or non-alphabetic
# token an event, so those (about half the tokens of news) are not scored at all
CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ", "AUX", "ADV", "PROPN", "X"})


@functools.cache
def _lexicons() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(event verbs → type, event nouns → type, lemma → TimeML class) from the events lexicon."""
    lexicon = events.lexicon()
    return lexicon.verbs, lexicon.nouns, lexicon.timeml


def _supersense(lemma: str, pos: str) -> str:
    return events.supersense(lemma, pos)


def event_features(doc: Doc, i: int) -> list[str]:
    """Features of token ``i`` for the TimeML event classifier."""
    token = doc[i]
    lemma = token.lemma_.lower()
    verbs, nouns, classes = _lexicons()
    head = token.head
    deps = sorted({c.dep_ for c in token.children})
    pos = "v" if token.pos_ in ("VERB", "AUX") else "n" if token.pos_ in ("NOUN", "PROPN") else ""
    starts, words = _token_table(doc)
    features = ["bias", f"l={lemma}", f"w={token.lower_}", f"tag={token.tag_}", f"pos={token.pos_}",
                f"dep={token.dep_}", f"l_tag={lemma}|{token.tag_}", f"suf3={token.lower_[-3:]}",
                f"suf4={token.lower_[-4:]}", f"ent={token.ent_type_}", f"head={head.lemma_.lower()}",
                f"head_pos={head.pos_}", f"head_dep={token.dep_}|{head.pos_}", f"tc={time_class(token)}",
                f"lex_verb={lemma in verbs}", f"lex_noun={lemma in nouns}", f"lex_class={classes.get(lemma, '')}",
                f"ss={_supersense(lemma, pos) if pos else ''}", f"alpha={token.is_alpha}", f"stop={token.is_stop}",
                f"title={token.is_title and i > starts[i]}"]
    features += [f"child={d}" for d in deps]
    features += [f"aux={c.lemma_.lower()}" for c in token.children if c.dep_ in ("aux", "auxpass")]
    if token.pos_ == "AUX" or lemma in AUX_LEMMAS:
        features.append(f"auxlike={token.dep_}")
    for offset in (-2, -1, 1, 2):  # the neighbours' words and tags from the table: no Token objects made
        j = i + offset
        if 0 <= j < len(words):
            features += [f"{offset}w={words[j][0]}", f"{offset}tag={words[j][1]}"]
        else:
            features.append(f"{offset}=none")
    features.append(f"bi={words[i - 1][1] if i else '<s>'}|{token.tag_}")
    return features


def event_predictions(doc: Doc) -> dict[int, str]:
    """Token index → TimeML class for the tokens the model calls events (cached on the doc)."""
    cached = doc.user_data.get("kg.timeml_events")
    if cached is not None:
        return cached
    model = linear.load(EVENT_MODEL)
    if model is None:
        found = {t.i: _lexicon_class(t) for t in doc if _rule_trigger(t)}
    else:
        candidates = [t.i for t in doc if t.is_alpha and t.pos_ in CANDIDATE_POS]
        found = {}
        if candidates:
            probabilities = model.probabilities([event_features(doc, i) for i in candidates])
            outside = model.classes.index("O")
            for row_index in np.flatnonzero(probabilities[:, outside] < EVENT_THRESHOLD):
                row = probabilities[row_index].copy()
                row[outside] = -1
                found[candidates[int(row_index)]] = model.classes[int(row.argmax())]
    doc.user_data["kg.timeml_events"] = found
    return found


def _rule_trigger(token: Token) -> bool:
    """The first version's rule: main verbs, and nouns the lexicon knows as events."""
    if token.pos_ == "VERB" and token.dep_ not in ("aux", "auxpass") and token.is_alpha:
        return True
    return token.pos_ == "NOUN" and token.lemma_.lower() in _lexicons()[1]


def _lexicon_class(token: Token) -> str:
    return _lexicons()[2].get(token.lemma_.lower(), "OCCURRENCE")


#: hyphenated nouns the tokenizer splits into a verb and a particle, that name a thing: "a start-up", "the line-up"
THING_COMPOUNDS = frozenset({("start", "up"), ("set", "up"), ("line", "up"), ("make", "up"), ("pick", "up"),
                             ("mark", "up"), ("check", "in"), ("drop", "off"), ("spin", "off"), ("know", "how")})


def _a_thing_compound(token: Token) -> bool:
    doc = token.doc
    return token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_ \
        and (token.lower_, doc[token.i + 2].lower_) in THING_COMPOUNDS


def is_event_trigger(token: Token) -> bool:
    """A TimeML event (any eventive predicate), or a noun the events lexicon types (always kept); not the verb of a
    hyphenated noun for a thing ("Start-up releases AI model")."""
    if _a_thing_compound(token):
        return False
    if token.i in event_predictions(token.doc):
        return True
    return token.pos_ == "NOUN" and token.lemma_.lower() in _lexicons()[1]


def timeml_class(token: Token) -> str:
    """The TimeML class of an event token: OCCURRENCE, REPORTING, STATE, I_ACTION, I_STATE, …"""
    return event_predictions(token.doc).get(token.i) or _lexicon_class(token)
