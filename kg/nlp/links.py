"""Links between the events of one article: causal cues and temporal order.

Causal links come from explicit cues read off the dependency parse ("resulting in",
"in retaliation for", "because of", a participial "…, killing N"), each with its cue,
evidence sentence and a confidence. Temporal links come from the events' normalised times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Token

from kg.model import EventMention, Relation, Sentence, Timex
from kg.nlp import causal_model
from kg.nlp.events import past_perfect
from kg.nlp.temporal import candidate_pairs, classify, nodes_of
from kg.nlp.timeline import Timeline, compare_bounds, compare_values
from kg.nlp.timex import value_bounds
from kg.taxonomy import CASUALTY_TYPES, GENERIC_TYPES, HARM_TYPES

CAUSE_VERBS = {"cause", "trigger", "spark", "prompt", "provoke", "fuel", "produce"}
RESULT_VERBS = {"result": "in", "lead": "to", "contribute": "to", "give": "rise"}
CAUSE_NOUNS = {"retaliation": "for", "response": "to", "revenge": "for", "reprisal": "for", "reaction": "to",
               "result": "of", "consequence": "of", "wake": "of"}
CONSEQUENCE_VERBS = {"kill", "injure", "wound", "leave", "destroy", "damage", "displace", "force", "cause", "trigger",
                     "claim", "send", "spark", "prompt", "bring"}
REACTION_TYPES = {"Threat", "Protest", "Arrest", "MilitaryDeployment"}
REACTION_STATEMENTS = {"condemn", "blame", "accuse", "denounce", "vow", "warn", "threaten", "retaliate", "mourn"}
#: the relations between two times that a link states ("overlaps" is no TimeML relation)
TIME_RELATIONS = {"before", "after", "includes", "is_included", "simultaneous"}
SEQUENCE_WORDS = {"then", "subsequently", "afterwards", "afterward", "later", "thereafter"}
#: sentences: how far from the mentions in question a temporal search looks, and how far apart two times
#: compared or two events given an inferred link may be (``temporal_links``), so that a long text costs
#: linear time; an article of up to 61 sentences (326 of the 328 eval and bundled articles) is unaffected
WINDOW = 60


def causal_links(doc: Doc, triggers: Sequence[Token], events: Sequence[EventMention],
                 sentences: Sequence[Sentence], *, learnt: bool = True) -> list[Relation]:
    """Cause → effect pairs: explicit cues, the learnt classifier (``learnt``) and "then" sequences."""
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
                if cause is None or not _typed(cause):
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
                if effect is not None and not _typed(effect):  # "the strike came in retaliation for": the strike
                    effect = _subject_event(noun.head.head, by_token) or effect
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
            elif "after" in marks and head is not None and _typed(head) and not _scheduled(token.head):
                add(by_token[token.i], head, "after", 0.45)
            elif token.tag_ == "VBG" and lemma in CONSEQUENCE_VERBS and not marks:
                cause = _subject_event(token.head, by_token) or _nearest_typed(token, by_token, before=True, harm=True)
                add(cause or head, by_token[token.i], token.text, 0.7)
        _instrument_link(token, by_token, add)
        _subject_cause(token, by_token, add)
    _reaction_links(doc, triggers, by_token, add)
    if learnt:
        _learnt_links(doc, triggers, by_token, found, add)
    relations = list(found.values())
    relations += _sequence_links(doc, triggers, by_token, sentences, found)
    return relations


def _subject_cause(token: Token, by_token: dict[int, EventMention], add) -> None:
    """"A stampede killed 56", "the quake destroyed the town": a harmful event as the subject of a harm verb."""
    effect = by_token.get(token.i)
    if effect is None or token.pos_ != "VERB" or effect.type not in CASUALTY_TYPES | {"Accident", "Disaster"}:
        return
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "csubj")]
    for subject in subjects:
        cause = _first_event(subject, by_token, typed_only=True)
        if cause is not None and cause.type in HARM_TYPES and cause.id != effect.id:
            add(cause, effect, f"{subject.text} {token.text}", 0.75)
    active = any(c.dep_ in ("dobj", "obj") for c in token.children) and token.tag_ == "VBD" \
        and not any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
    if not subjects and active and token.dep_ in ("advcl", "conj"):
        # a subjectless clause is often a misparse ("came after a stampede … killed 50", the stampede
        # taken as the object of "after") or shares the subject of the verb it joins ("exploded and
        # killed 20"): an active past harm verb's cause is then the nearest harm event before it
        cause = _nearest_typed(token, by_token, before=True, harm=True)
        if cause is not None and cause.id != effect.id:
            add(cause, effect, f"{cause.text} … {token.text}", 0.55)


def _learnt_links(doc: Doc, triggers: Sequence[Token], by_token: dict[int, EventMention],
                  found: dict[tuple[str, str], Relation], add) -> None:
    """Pairs of typed events in one sentence the classifier calls causal, where no cue said so.

    The direction of a learnt link is the order of events in time when both are dated,
    else harm before toll and before reaction, else reading order; the confidence is the
    classifier's probability.
    """
    model = causal_model.load_model()
    if model is None:
        return
    typed = [t for t in triggers if _typed(by_token[t.i])]
    if len(typed) < 2:
        return
    salience = causal_model.document_salience(triggers)
    linked = {frozenset(key) for key in found}
    sentence_index = {sent.start: n for n, sent in enumerate(doc.sents)}
    in_sentence: dict[int, list[Token]] = {}
    for trigger in triggers:
        in_sentence.setdefault(trigger.sent.start, []).append(trigger)
    for first, second in causal_model.sentence_pairs(doc, typed):
        a, b = by_token[first.i], by_token[second.i]
        if frozenset((a.id, b.id)) in linked:
            continue
        start = first.sent.start
        probability = model.probability(causal_model.pair_features(first, second, salience, in_sentence[start],
                                                                   sentence_index[start]))
        if probability >= model.threshold:
            cause, effect = _direction(a, b, _told_as_earlier(first, second))
            add(cause, effect, "", round(min(probability, 0.95), 3))


#: what is won or lost: a kgo:Victory comes out of one
CONTESTS = frozenset({"Election", "Match"})


def _told_as_earlier(first: Token, second: Token) -> str | None:
    """"before" or "after" when one of two events is told in the past perfect and the other not ("sacked her
    minister after newspapers revealed that he *had claimed* expenses": the claiming came first); else None."""
    one, other = past_perfect(first), past_perfect(second)
    return None if one == other else "before" if one else "after"


def _direction(a: EventMention, b: EventMention, told: str | None = None) -> tuple[EventMention, EventMention]:
    """(cause, effect): the earlier event when the times say, or the tenses (``told``: a past perfect beside a
    simple past), else harm before toll before the rest, or a contest before the victory in it, else reading
    order."""
    order = compare_values(a.time, b.time) if a.time and b.time else None
    if order not in ("before", "after"):
        order = told
    if order in ("before", "after"):
        return (a, b) if order == "before" else (b, a)
    rank = {t: 0 for t in HARM_TYPES - CASUALTY_TYPES} | {t: 1 for t in CASUALTY_TYPES}
    if {a.type, b.type} & CONTESTS and "Victory" in (a.type, b.type):
        rank = {t: 0 for t in CONTESTS} | {"Victory": 1}  # "won the runoff": the contest, then its outcome
    ra, rb = rank.get(a.type, 2), rank.get(b.type, 2)
    if ra != rb:
        return (a, b) if ra < rb else (b, a)
    return a, b


def _sequence_links(doc: Doc, triggers: Sequence[Token], by_token: dict[int, EventMention],
                    sentences: Sequence[Sentence], found: dict[tuple[str, str], Relation]) -> list[Relation]:
    """"…, which then lobbed missiles": an event that "then" follows the harm just reported is its consequence.

    The cause is the last typed harm event before it (in its sentence or the one before);
    the link comes with a ``before`` link, since a consequence comes after its cause.
    """
    relations = []
    in_sentence: dict[int, list[Token]] = {}
    for token in triggers:
        in_sentence.setdefault(by_token[token.i].sentence, []).append(token)
    for token in triggers:
        effect = by_token[token.i]
        if not _typed(effect) or effect.type in ("Statement", "Speech") \
                or not any(c.dep_ == "advmod" and c.lower_ in SEQUENCE_WORDS for c in token.children):
            continue
        near = in_sentence.get(effect.sentence - 1, []) + in_sentence[effect.sentence]
        earlier = [by_token[t.i] for t in near if t.i < token.i and by_token[t.i].type in HARM_TYPES - CASUALTY_TYPES
                   and by_token[t.i].id != effect.id]
        if not earlier:
            continue
        cause = earlier[-1]
        text = sentences[cause.sentence].text.strip()
        if cause.sentence != effect.sentence:
            text += " … " + sentences[effect.sentence].text.strip()
        cue = next(c.text for c in token.children if c.dep_ == "advmod" and c.lower_ in SEQUENCE_WORDS)
        if (cause.id, effect.id) not in found:
            relations.append(Relation("causes", cause.id, effect.id, text, 0.5, cue, effect.sentence))
        relations.append(Relation("before", cause.id, effect.id, text, 0.6, cue, effect.sentence))
    return relations


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
        # what the reaction is about before its subject: "the brother of a woman found dead … has been charged with
        # her murder" is charged over the murder
        subjects = {t.i for c in token.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        for inner in sorted(token.subtree, key=lambda t: (t.i in subjects, t.i)):
            cause = by_token.get(inner.i)
            if inner.i != token.i and cause is not None and cause.type in HARM_TYPES and cause.sentence == reaction.sentence:
                add(cause, reaction, f"{token.text} … {inner.text}", 0.55)
                break


def _scheduled(verb: Token) -> bool:
    """"will succeed him after he reaches 65": what is to come after something is a schedule, not its effect."""
    return any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in verb.children)


def _typed(event: EventMention) -> bool:
    """Of a news class: a generic class (kgo:Motion, kgo:Communication…) says what kind of happening, not what news."""
    return bool(event.type) and event.type not in GENERIC_TYPES


def _first_event(token: Token, by_token: dict[int, EventMention], typed_only: bool = False) -> EventMention | None:
    """The first (typed, if any) event mention inside the phrase headed by ``token``."""
    inside = [by_token[t.i] for t in token.subtree if t.i in by_token and t.i != token.i or t.i == token.i and t.i in by_token]
    typed = [e for e in inside if _typed(e)]
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
        if event is not None and _typed(event) and (not harm or event.type in HARM_TYPES):
            return event
    return None


def _head_event(token: Token, by_token: dict[int, EventMention]) -> EventMention | None:
    current = token
    for _ in range(6):
        if current.i in by_token:
            return by_token[current.i]
        if current.head.i == current.i:
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


def temporal_links(events: Sequence[EventMention], timexes: Sequence[Timex], sentences: Sequence[Sentence],
                   anchor: dt.date | None, doc: Doc | None = None, since: Mapping[str, str] | None = None) -> list[Relation]:
    """Event–time, event–article-date and event–event links, consistent, with their closure.

    Two sources, most confident first into one :class:`~kg.nlp.timeline.Timeline` (a link
    that contradicts those already in is dropped): the events' normalised times (an event
    attached to a date is included in it, an event dated before or after the article is
    before or after it; dated events are ordered), and the trained classifiers over the
    candidate pairs of TempEval-3 (``kg.nlp.temporal.classify``), which also say which
    event–time pairs annotators leave unlinked: the times give no link for those. Pairs of
    typed events that only the closure orders come out as ``inferred`` links. ``since`` maps an event to
    the time it came after ("its first loss since 2001": the loss is after 2001, not in it).

    So that an article's cost grows linearly with its length, the timeline looks
    :data:`WINDOW` sentences around the mentions it is asked about (consistency checks and
    closure alike), and inferred links join events at most :data:`WINDOW` sentences apart;
    an article of up to ``WINDOW + 1`` sentences gets every link the whole closure gives.
    """
    classified: list[Relation] = []
    unlinked: set[frozenset[str]] = set()
    if doc is not None and events:
        classified, unlinked = _classified_links(doc, events, timexes, sentences, anchor)
    candidates = _value_links(events, sentences, anchor, unlinked) + classified
    candidates += [Relation("after", event.id, since[event.id], sentences[event.sentence].text, 0.8, "since", event.sentence)
                   for event in events if since and event.id in since]
    candidates += _timex_links(timexes, sentences, anchor)
    timeline = Timeline(WINDOW, {e.id: e.sentence for e in events} | {t.id: t.sentence for t in timexes})
    relations: list[Relation] = []
    linked: set[frozenset[str]] = set()
    for relation in sorted(candidates, key=lambda r: -r.confidence):
        pair = frozenset((relation.source, relation.target))
        if pair in linked or relation.type == "vague":
            continue
        if timeline.add(relation.source, relation.type, relation.target):
            linked.add(pair)
            relations.append(relation)
    return relations + _inferred_links(timeline, events, linked, sentences)


def _inferred_links(timeline: Timeline, events: Sequence[EventMention], linked: set[frozenset[str]],
                    sentences: Sequence[Sentence]) -> list[Relation]:
    """Pairs of typed events at most :data:`WINDOW` sentences apart that only the closure orders, in reading order."""
    typed = sorted((e for e in events if _typed(e) and e.id in timeline), key=lambda e: e.sentence)
    relations = []
    for n, first in enumerate(typed):
        for second in (typed[m] for m in range(n + 1, len(typed))):
            if second.sentence - first.sentence > WINDOW:
                break
            if frozenset((first.id, second.id)) in linked:
                continue
            relation = timeline.relation(first.id, second.id)
            if relation:
                relations.append(_relation(relation, first, second, sentences, inferred=True))
        timeline.forget(first.id)
    return relations


def _value_links(events: Sequence[EventMention], sentences: Sequence[Sentence], anchor: dt.date | None,
                 unlinked: set[frozenset[str]]) -> list[Relation]:
    """Links that the normalised times give: event in its date, event against the article date, timeline.

    An event's time bounds the event, so only a time wholly before or after the article date
    orders the event against it. Event–time pairs in ``unlinked`` get no link.
    """
    relations: list[Relation] = []
    for event in events:
        if event.timex and event.timex != "dct" and frozenset((event.id, event.timex)) not in unlinked:
            relations.append(Relation("is_included", event.id, event.timex, sentences[event.sentence].text, 0.8,
                                      "", event.sentence))
        relation = compare_values(event.time, anchor.isoformat()) if anchor is not None and event.time else None
        if relation in ("before", "after") and frozenset((event.id, "dct")) not in unlinked:
            relations.append(Relation(relation, event.id, "dct", sentences[event.sentence].text, 0.7, "", event.sentence))
    return relations + _time_chain(events, sentences)


def _timex_links(timexes: Sequence[Timex], sentences: Sequence[Sentence], anchor: dt.date | None) -> list[Relation]:
    """The dates and times ordered by their values, among themselves and against the article date.

    "Last year" is before the article date, "this week" includes it, "1998" includes
    "1998-02-10". TempEval-3 annotators link times too; through the closure these links also
    order the events attached to two times that no sentence compares. Times are compared
    nearest first, in the order of their start, and a link the earlier ones imply is left
    out, so n dates in a row give n - 1 links, not n². Two times more than :data:`WINDOW`
    sentences apart are not compared (each is with the article date).
    """
    ends = [("dct", value_bounds(anchor.isoformat()), -1)] if anchor is not None else []
    ends += [(timex.id, bounds, timex.sentence) for timex in timexes
             if timex.type in ("DATE", "TIME") and (bounds := value_bounds(timex.value)) is not None]
    ends.sort(key=lambda end: (end[1][0], -end[1][1].toordinal()))  # by start, the wider first
    timeline, relations = Timeline(WINDOW, {timex.id: timex.sentence for timex in timexes}), []
    for (source, source_bounds, sentence), (target, target_bounds, target_sentence) in _nearest_first(ends):
        relation = compare_bounds(source_bounds, target_bounds)
        if relation not in TIME_RELATIONS or timeline.implies(source, relation, target):
            continue
        timeline.add(source, relation, target)
        evidence = " … ".join(dict.fromkeys(sentences[n].text.strip() for n in (sentence, target_sentence) if n >= 0))
        relations.append(Relation(relation, source, target, evidence, 0.75, "", max(sentence, target_sentence)))
    return relations


def _nearest_first(ends: Sequence[tuple]) -> list[tuple[tuple, tuple]]:
    """Pairs of ``ends`` (sorted by value; sentence last, -1 for the article date), nearest in that order first.

    Only pairs at most :data:`WINDOW` sentences apart, or with the article date, so a long
    article gives a number of pairs linear in its length.
    """
    by_sentence: dict[int, list[int]] = {}
    for rank, end in enumerate(ends):
        by_sentence.setdefault(end[2], []).append(rank)
    pairs = []
    for n, (_, _, sentence) in enumerate(ends):
        near = range(n + 1, len(ends)) if sentence < 0 else [
            m for s in [-1, *range(max(0, sentence - WINDOW), sentence + WINDOW + 1)] for m in by_sentence.get(s, ())]
        pairs += [(m - n, n, m) for m in near if m > n]
    pairs.sort()
    return [(ends[n], ends[m]) for _, n, m in pairs]


def _classified_links(doc: Doc, events: Sequence[EventMention], timexes: Sequence[Timex], sentences: Sequence[Sentence],
                      anchor: dt.date | None) -> tuple[list[Relation], set[frozenset[str]]]:
    """The classifiers' links over the candidate pairs (``vague`` left out), and the pairs they call ``none``."""
    event_nodes, timex_nodes = nodes_of(doc, events, timexes)
    found, unlinked = [], set()
    for a, b, relation, probability in classify(doc, candidate_pairs(event_nodes, timex_nodes), anchor):
        if relation == "none":
            unlinked.add(frozenset((a.id, b.id)))
        if relation in ("none", "vague"):
            continue
        evidence = sentences[a.sentence].text.strip()
        if b.sentence >= 0 and b.sentence != a.sentence:
            evidence += " … " + sentences[b.sentence].text.strip()
        found.append(Relation(relation, a.id, b.id, evidence, round(probability * 0.8, 3), "", a.sentence))
    return found, unlinked


def _time_chain(events: Sequence[EventMention], sentences: Sequence[Sentence]) -> list[Relation]:
    """Typed events ordered by their times, as a chain of links with evidence.

    Events with the same time form a group (linked to its first member as simultaneous);
    consecutive groups are linked first member to first member. Only the chain is built: the
    closure orders every other pair (:func:`_inferred_links`), and listing all n² of them cost
    quadratic time for links that were then dropped.
    """
    dated = sorted((e for e in events if _typed(e) and e.time and value_bounds(e.time)),
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
    for group, later in zip(groups, groups[1:]):
        relation = compare_values(group[0].time, later[0].time)
        if relation is None:
            continue
        relation, swap = ("before", relation == "after") if relation in ("before", "after") else (relation, False)
        source, target = (later[0], group[0]) if swap else (group[0], later[0])
        relations.append(_relation(relation, source, target, sentences))
    return relations


def _relation(kind: str, source: EventMention, target: EventMention, sentences: Sequence[Sentence],
              inferred: bool = False) -> Relation:
    evidence = sentences[source.sentence].text.strip()
    if target.sentence != source.sentence:
        evidence += " … " + sentences[target.sentence].text.strip()
    precise = all((value_bounds(e.time) or (None, None, ""))[2] == "day" for e in (source, target))
    return Relation(kind, source.id, target.id, evidence, 0.9 if precise else 0.6, "", source.sentence, inferred)
