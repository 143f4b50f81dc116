"""Temporal relations as a point algebra: consistency, closure and entailment (networkx).

Every event or time is an interval with a start point ``x-`` and an end point ``x+``
(``x- ≤ x+``); a TimeML relation is a set of ``<``/``=``/``≤`` constraints between the end
points (BEFORE: ``a+ < b-``; INCLUDES: ``a- ≤ b-`` and ``b+ ≤ a+``; …). A set of relations
is consistent when no cycle of the point graph has a strict edge; closure is reachability.
The pipeline inserts its links most confident first and drops those that contradict what
is already in (:meth:`Timeline.add`); the scorer uses the same closure for TempEval-3's
temporal awareness (a link counts when the other side's closure entails it).
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
from spacy.tokens import Doc

from kg.nlp.timex import value_bounds

LT, LE, EQ = "<", "<=", "="
# TimeML relType (upper or lower case) → constraints between (side, point) pairs: side a|b, point -|+
CONSTRAINTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "BEFORE": (("a+", LT, "b-"),),
    "IBEFORE": (("a+", EQ, "b-"),),
    "AFTER": (("b+", LT, "a-"),),
    "IAFTER": (("b+", EQ, "a-"),),
    "INCLUDES": (("a-", LE, "b-"), ("b+", LE, "a+")),
    "IS_INCLUDED": (("b-", LE, "a-"), ("a+", LE, "b+")),
    "BEGINS": (("a-", EQ, "b-"), ("a+", LE, "b+")),
    "BEGUN_BY": (("a-", EQ, "b-"), ("b+", LE, "a+")),
    "ENDS": (("a+", EQ, "b+"), ("b-", LE, "a-")),
    "ENDED_BY": (("a+", EQ, "b+"), ("a-", LE, "b-")),
    "SIMULTANEOUS": (("a-", EQ, "b-"), ("a+", EQ, "b+")),
    "IDENTITY": (("a-", EQ, "b-"), ("a+", EQ, "b+")),
    "DURING": (("a-", EQ, "b-"), ("a+", EQ, "b+")),
    "DURING_INV": (("a-", EQ, "b-"), ("a+", EQ, "b+")),
    "OVERLAPS": (("b-", LE, "a+"), ("a-", LE, "b+")),
    "EQUAL": (("a-", EQ, "b-"),),  # MATRES: start points only
}
# the pipeline's relation types, as written into the graph
COARSE = {
    "BEFORE": "before", "IBEFORE": "before", "AFTER": "after", "IAFTER": "after", "INCLUDES": "includes",
    "BEGUN_BY": "includes", "ENDED_BY": "includes", "IS_INCLUDED": "is_included", "BEGINS": "is_included",
    "ENDS": "is_included", "SIMULTANEOUS": "simultaneous", "IDENTITY": "simultaneous", "DURING": "simultaneous",
    "DURING_INV": "simultaneous", "OVERLAPS": "overlaps", "VAGUE": "vague", "EQUAL": "simultaneous",
}
#: a TimeML relType read from the other end (a BEFORE b is b AFTER a)
TIMEML_INVERSE = {"BEFORE": "AFTER", "AFTER": "BEFORE", "IBEFORE": "IAFTER", "IAFTER": "IBEFORE", "INCLUDES": "IS_INCLUDED",
                  "IS_INCLUDED": "INCLUDES", "BEGINS": "BEGUN_BY", "BEGUN_BY": "BEGINS", "ENDS": "ENDED_BY",
                  "ENDED_BY": "ENDS", "DURING": "DURING_INV", "DURING_INV": "DURING"}
INVERSE = {"before": "after", "after": "before", "includes": "is_included", "is_included": "includes",
           "simultaneous": "simultaneous", "overlaps": "overlaps", "vague": "vague"}


def coarse(relation: str) -> str:
    """The pipeline's name for a TimeML relType (``IBEFORE`` → ``before``); ``vague`` if unknown."""
    return COARSE.get(relation.upper(), "vague")


class Timeline:
    """A consistent set of temporal relations between intervals, and what they entail."""

    def __init__(self) -> None:
        self.graph = nx.DiGraph()  # points (node, "-"|"+"); edge attribute strict
        self._closure: _Closure | None = None

    def __contains__(self, node: Hashable) -> bool:
        return (node, "-") in self.graph

    def add_interval(self, node: Hashable) -> None:
        if node not in self:
            self.graph.add_edge((node, "-"), (node, "+"), strict=False)
            self._closure = None

    def add(self, source: Hashable, relation: str, target: Hashable) -> bool:
        """Add ``source relation target`` unless it contradicts what is in; True if added (or implied)."""
        constraints = CONSTRAINTS.get(relation.upper())
        if not constraints or source == target:
            return False
        self.add_interval(source)
        self.add_interval(target)
        added: list[tuple] = []
        for p, op, q in _points(constraints, source, target):
            steps = [(p, q, True)] if op == LT else [(p, q, False)] + ([(q, p, False)] if op == EQ else [])
            for u, v, strict in steps:
                if self._reaches(v, u, need_strict=not strict):
                    for edge in added:
                        self._remove(edge)
                    return False
                if self.graph.has_edge(u, v):
                    if strict and not self.graph.edges[u, v]["strict"]:
                        added.append((u, v, "weaken"))
                        self.graph.edges[u, v]["strict"] = True
                else:
                    self.graph.add_edge(u, v, strict=strict)
                    added.append((u, v, "new"))
        self._closure = None
        return True

    def _remove(self, edge: tuple) -> None:
        u, v, how = edge
        if how == "new":
            self.graph.remove_edge(u, v)
        else:
            self.graph.edges[u, v]["strict"] = False

    def _reaches(self, start: tuple, goal: tuple, need_strict: bool) -> bool:
        """Whether a path ``start → goal`` exists (with a strict edge on it when ``need_strict``)."""
        if start == goal:
            return not need_strict
        if start not in self.graph or goal not in self.graph:
            return False
        seen = {(start, False)}
        queue = deque(seen)
        while queue:
            node, strict = queue.popleft()
            for succ, data in self.graph.succ[node].items():
                state = (succ, strict or data["strict"])
                if succ == goal and (state[1] or not need_strict):
                    return True
                if state not in seen and not (state[1] is False and (succ, True) in seen):
                    seen.add(state)
                    queue.append(state)
        return False

    def entails(self, source: Hashable, relation: str, target: Hashable) -> bool:
        """Whether the relations in imply ``source relation target`` (all its point constraints)."""
        constraints = CONSTRAINTS.get(relation.upper())
        if not constraints or source not in self or target not in self:
            return False
        closure = self.closure()
        return all(closure.holds(p, op, q) for p, op, q in _points(constraints, source, target))

    def implies(self, source: Hashable, relation: str, target: Hashable) -> bool:
        """Like :meth:`entails`, by searching the point graph instead of building the closure.

        Cheaper when links are added between the questions (a closure is rebuilt after each add).
        """
        constraints = CONSTRAINTS.get(relation.upper())
        if not constraints or source not in self or target not in self:
            return False
        for p, op, q in _points(constraints, source, target):
            if not self._reaches(p, q, need_strict=op == LT) or (op == EQ and not self._reaches(q, p, False)):
                return False
        return True

    def relation(self, source: Hashable, target: Hashable) -> str | None:
        """The most specific coarse relation the closure gives between two intervals, or None."""
        for name in ("SIMULTANEOUS", "BEFORE", "AFTER", "INCLUDES", "IS_INCLUDED"):
            if self.entails(source, name, target):
                return COARSE[name]
        return None

    def closure(self) -> _Closure:
        if self._closure is None:
            self._closure = _Closure(self.graph)
        return self._closure


def _points(constraints: Sequence[tuple[str, str, str]], source: Hashable, target: Hashable) -> list[tuple]:
    """A relation's constraints as (point, op, point) with ``a``/``b`` read as source/target."""
    return [((source if first[0] == "a" else target, first[1]), op, (source if second[0] == "a" else target, second[1]))
            for first, op, second in constraints]


class _Closure:
    """Reachability over the condensed point graph, as bitsets (with and without a strict edge)."""

    def __init__(self, graph: nx.DiGraph) -> None:
        components = list(nx.strongly_connected_components(graph))
        self.component = {point: n for n, members in enumerate(components) for point in members}
        dag = nx.DiGraph()
        dag.add_nodes_from(range(len(components)))
        for u, v, data in graph.edges(data=True):
            cu, cv = self.component[u], self.component[v]
            if cu != cv:
                dag.add_edge(cu, cv, strict=dag.edges[cu, cv]["strict"] or data["strict"] if dag.has_edge(cu, cv)
                             else data["strict"])
        self.reach = [0] * len(components)
        self.strict = [0] * len(components)
        for node in reversed(list(nx.topological_sort(dag))):
            reach = strict = 0
            for succ, data in dag.succ[node].items():
                below = (1 << succ) | self.reach[succ]
                reach |= below
                strict |= below if data["strict"] else self.strict[succ]
            self.reach[node], self.strict[node] = reach, strict

    def holds(self, p: tuple, op: str, q: tuple) -> bool:
        cp, cq = self.component[p], self.component[q]
        if op == EQ:
            return cp == cq
        if op == LE:
            return cp == cq or bool(self.reach[cp] >> cq & 1)
        return bool(self.strict[cp] >> cq & 1)


def timeline_of(links: Iterable[tuple[Hashable, str, Hashable]]) -> Timeline:
    """A timeline from (source, relType, target) triples, skipping those that contradict earlier ones."""
    timeline = Timeline()
    for source, relation, target in links:
        timeline.add(source, relation, target)
    return timeline


def compare_values(a: str, b: str) -> str | None:
    """The TimeML relation between two time values by their bounds, or None when unknown."""
    return compare_bounds(value_bounds(a), value_bounds(b))


def compare_bounds(first: tuple | None, second: tuple | None) -> str | None:
    """:func:`compare_values` for values already parsed by :func:`~kg.nlp.timex.value_bounds`."""
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
        pairs += [(a, b, "event-event") for n, a in enumerate(members) for b in members[n + 1:]
                  if a.governor == b.token or b.governor == a.token]
        if sentence + 1 in main:
            pairs.append((main[sentence], main[sentence + 1], "event-event"))
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
