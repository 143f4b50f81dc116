"""Temporal links between the mentions of one document: candidate pairs and their classifiers.

The point algebra (consistency, closure, entailment) is :mod:`kg.nlp.timeline`; its names are
re-exported here for the callers that import them from this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.nlp.timeline import compare_values

# --- classifying links between the mentions of one document --------------------------

LABELS = ("before", "after", "includes", "is_included", "simultaneous", "vague", "none")
SIGNALS = {"before", "after", "when", "while", "during", "since", "until", "till", "as", "then", "following",
           "prior", "later", "earlier", "meanwhile", "once", "by", "within", "ago", "previously", "following",
           "amid", "upon", "throughout", "soon", "already", "still", "now", "again", "because", "so"}
# how sure the model must be that annotators would not link a pair for the pipeline to drop it
# (chosen on the dev split for temporal awareness, with models trained on the train split)
NONE_THRESHOLD = {"event-dct": 0.7, "event-timex": 0.7, "event-event": 0.9}
MODELS = {"event-dct": "tlink_dct", "event-timex": "tlink_timex", "event-event": "tlink_events"}


@dataclass(frozen=True)
class Node:
    """One end of a temporal link: an event (by its token), a time expression (by its span) or the DCT."""

    id: str
    kind: str  # event, timex, dct
    token: int = -1  # event token, or the timex's root token
    start: int = -1  # timex token span
    end: int = -1
    sentence: int = -1
    cls: str = ""  # TimeML class of an event, TIMEX3 type of a timex
    value: str = ""
    governor: int = -1  # an event's nearest event above it in the parse (that event's token), -1 if none
    depth: int = 0  # an event's distance below its sentence's root in the parse


def nodes_of(doc: Doc, events: Iterable, timexes: Iterable) -> tuple[list[Node], list[Node]]:
    """Link ends for mentions with character offsets (EventMention/Timex or gold spans alike)."""
    sentence_of = {sent.start: n for n, sent in enumerate(doc.sents)}
    found = []
    for event in events:
        span = doc.char_span(event.start, event.end, alignment_mode="expand")
        if span is not None and len(span):
            found.append((event, span))
    event_tokens = {span.root.i for _, span in found}
    event_nodes, timex_nodes = [], []
    for event, span in found:
        token = span.root
        governor, depth = _parse_position(doc, token.i, event_tokens)
        event_nodes.append(Node(event.id, "event", token.i, span.start, span.end, sentence_of[token.sent.start],
                                getattr(event, "cls", "") or getattr(event, "kind", ""), governor=governor, depth=depth))
    for timex in timexes:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        timex_nodes.append(Node(timex.id, "timex", span.root.i, span.start, span.end,
                                sentence_of[span.root.sent.start], getattr(timex, "type", "") or getattr(timex, "kind", ""),
                                timex.value))
    return event_nodes, timex_nodes


def _parse_position(doc: Doc, token: int, events: set[int]) -> tuple[int, int]:
    """(the nearest event token above ``token`` in the parse or -1, how deep ``token`` is below its root)."""
    governor, depth, current = -1, 0, doc[token]
    while current.head.i != current.i:
        current = current.head
        depth += 1
        if governor < 0 and current.i in events:
            governor = current.i
    return governor, depth


def candidate_pairs(events: Sequence[Node], timexes: Sequence[Node]) -> list[tuple[Node, Node, str]]:
    """The pairs TempEval-3 annotators were asked to link: every event with the DCT, events with
    the time expressions of their sentence, two events of one sentence where one governs the
    other (no event between them in the parse), and the main events of consecutive sentences
    (the event nearest the root of each)."""
    dct = Node("dct", "dct")
    pairs = [(event, dct, "event-dct") for event in events]
    by_sentence: dict[int, list[Node]] = {}
    for event in sorted(events, key=lambda e: e.token):
        by_sentence.setdefault(event.sentence, []).append(event)
    for timex in timexes:
        pairs += [(event, timex, "event-timex") for event in by_sentence.get(timex.sentence, [])]
    main = {sentence: min(members, key=lambda e: e.depth) for sentence, members in by_sentence.items()}
    for sentence, members in sorted(by_sentence.items()):
        pairs += _governing_pairs(members)
        if sentence + 1 in main:
            pairs.append((main[sentence], main[sentence + 1], "event-event"))
    return pairs


def _governing_pairs(members: Sequence[Node]) -> list[tuple[Node, Node, str]]:
    """(a, b) for events of one sentence (in token order) where one governs the other, a first.

    Looked up by token, not by comparing every pair: a sentence's cost stays linear in its events.
    """
    at: dict[int, list[int]] = {}  # token → the members there
    governed: dict[int, list[int]] = {}  # token → the members it governs
    for n, event in enumerate(members):
        at.setdefault(event.token, []).append(n)
        governed.setdefault(event.governor, []).append(n)
    pairs = []
    for n, a in enumerate(members):
        partners = set(governed.get(a.token, ())) | set(at.get(a.governor, ()))
        pairs += [(a, members[m], "event-event") for m in sorted(partners) if m > n]
    return pairs


def _event_features(doc: Doc, node: Node, prefix: str) -> list[str]:
    """An event's own features (cached on the doc: an event takes part in many pairs)."""
    cache = doc.user_data.setdefault("kg.tlink_event_features", {})
    key = (node.token, node.cls)
    if key not in cache:
        cache[key] = _event_own_features(doc, node)
    return [prefix + feature for feature in cache[key]]


def _event_own_features(doc: Doc, node: Node) -> list[str]:
    token = doc[node.token]
    prefix = ""
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {a.lower_ for a in auxes}
    tense = ("future" if aux_words & {"will", "shall", "'ll", "wo"} or any(a.lemma_ == "go" and a.tag_ == "VBG" for a in auxes)
             else "past" if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes)
             else "present" if token.tag_ in ("VBP", "VBZ") or any(a.tag_ in ("VBP", "VBZ") for a in auxes)
             else "none")
    aspect = ("perfect" if any(a.lemma_ == "have" for a in auxes) else
              "progressive" if token.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxes) else "none")
    modal = next((a.lower_ for a in auxes if a.tag_ == "MD" and a.lower_ not in ("will", "'ll", "shall", "wo")), "")
    head = token.head
    return [f"{prefix}l={token.lemma_.lower()}", f"{prefix}tag={token.tag_}", f"{prefix}pos={token.pos_}",
            f"{prefix}dep={token.dep_}", f"{prefix}cls={node.cls}", f"{prefix}tense={tense}",
            f"{prefix}aspect={aspect}", f"{prefix}ta={tense}|{aspect}", f"{prefix}modal={modal}",
            f"{prefix}neg={any(c.dep_ == 'neg' for c in token.children)}", f"{prefix}head={head.lemma_.lower()}",
            f"{prefix}headtag={head.tag_}", f"{prefix}quoted={_quoted(doc, token)}",
            f"{prefix}reported={_under_reporting(token)}"]


def _quoted(doc: Doc, token) -> bool:
    sent = token.sent
    before = doc[sent.start:token.i].text
    return before.count('"') % 2 == 1 or before.count("``") > before.count("''")


def _under_reporting(token) -> str:
    current = token
    for _ in range(6):
        if current.head.i == current.i:  # a Token is made anew on each access: "is" never held here
            return "root"
        if current.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "acl", "conj"):
            return current.dep_ + ("|say" if current.head.lemma_ in ("say", "tell", "report", "announce") else "")
        current = current.head
    return "deep"


def _path(doc: Doc, a: int, b: int) -> str:
    """The dependency path between two tokens, as up/down labels (at most 4 steps)."""
    up_a, up_b = [a], [b]
    while doc[up_a[-1]].head.i != up_a[-1] and len(up_a) < 8:
        up_a.append(doc[up_a[-1]].head.i)
    while doc[up_b[-1]].head.i != up_b[-1] and len(up_b) < 8:
        up_b.append(doc[up_b[-1]].head.i)
    common = next((x for x in up_a if x in up_b), None)
    if common is None:
        return "none"
    steps = [f"^{doc[x].dep_}" for x in up_a[:up_a.index(common)]] + \
            [f"v{doc[x].dep_}" for x in reversed(up_b[:up_b.index(common)])]
    return "/".join(steps) if len(steps) <= 4 else f"long{len(steps)}"


def pair_features(doc: Doc, a: Node, b: Node, kind: str, anchor: dt.date | None) -> list[str]:
    """Features of a candidate link (a is always an event)."""
    features = ["bias"] + _event_features(doc, a, "a_")
    if b.kind == "dct":
        return features
    if b.kind == "timex":
        root = doc[b.token]
        relation = compare_values(b.value, anchor.isoformat()) if anchor and b.value else None
        prep = root.head.lower_ if root.dep_ == "pobj" else root.dep_
        features += [f"t_type={b.cls}", f"t_dct={relation}", f"t_prep={prep}", f"t_first={doc[b.start].lower_}",
                     f"t_type_prep={b.cls}|{prep}", f"t_ref={b.value if b.value.endswith('_REF') else ''}"]
    else:
        features += _event_features(doc, b, "b_")
        features += [f"ab_cls={a.cls}|{b.cls}", f"ab_tag={doc[a.token].tag_}|{doc[b.token].tag_}"]
    first, second = sorted((a.token, b.token))
    same = a.sentence == b.sentence
    features += [f"same={same}", f"order={'ab' if a.token < b.token else 'ba'}"]
    if same:
        path = _path(doc, a.token, b.token)
        gap = second - first
        features += [f"path={path}", f"gap={min(gap, 10) if gap < 10 else '10+' if gap < 20 else '20+'}",
                     f"direct={doc[a.token].head.i == b.token or doc[b.token].head.i == a.token}"]
        between = {t.lower_ for t in doc[first + 1:second]} & SIGNALS
        features += [f"signal={w}" for w in sorted(between)]
        if b.kind == "timex":
            features += [f"path_prep={path}|{features[-1] if between else ''}"]
    else:
        features += [f"roots={doc[a.token].dep_ == 'ROOT'}|{doc[b.token].dep_ == 'ROOT'}"]
    return features


def classify(doc: Doc, pairs: Sequence[tuple[Node, Node, str]], anchor: dt.date | None,
             allow_none: bool = True) -> list[tuple[Node, Node, str, float]]:
    """(a, b, coarse relation, probability) for each candidate pair whose model is shipped.

    A pair is ``none`` (not linked) only when the model is sure enough of it
    (:data:`NONE_THRESHOLD`); otherwise it takes its most likely relation. ``allow_none=False``
    always gives a relation (for scoring pairs someone else chose).
    """
    from kg.nlp import linear

    found = []
    for kind, name in MODELS.items():
        subset = [p for p in pairs if p[2] == kind]
        model = linear.load(name)
        if model is None or not subset:
            continue
        probabilities = model.probabilities([pair_features(doc, a, b, kind, anchor) for a, b, _ in subset])
        none = model.classes.index("none") if "none" in model.classes else None
        for (a, b, _), row in zip(subset, probabilities):
            if none is not None and allow_none and row[none] >= NONE_THRESHOLD[kind]:
                found.append((a, b, "none", float(row[none])))
                continue
            row = row.copy()
            if none is not None:
                row[none] = -1
            best = int(row.argmax())
            found.append((a, b, model.classes[best], float(row[best])))
    return found
