"""Temporal relations as a point algebra: consistency, closure and entailment.

Every event or time is an interval with a start point ``x-`` and an end point ``x+``
(``x- ≤ x+``); a TimeML relation is a set of ``<``/``=``/``≤`` constraints between the end
points (BEFORE: ``a+ < b-``; INCLUDES: ``a- ≤ b-`` and ``b+ ≤ a+``; …). A set of relations
is consistent when no cycle of the point graph has a strict edge; closure is reachability.
The pipeline inserts its links most confident first and drops those that contradict what
is already in (:meth:`Timeline.add`); the scorer uses the same closure for TempEval-3's
temporal awareness (a link counts when the other side's closure entails it).

A timeline made with a ``window`` searches a bounded neighbourhood instead of the whole
graph, so that an article's cost grows with its length, not its square: each interval has a
position (its sentence), and a search about some intervals visits only the intervals at most
``window`` positions from one of them, and those without a position (the article date).
When no two positions are more than ``window`` apart, every answer is the unbounded one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence

import networkx as nx

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
    "CAUSES": (("a-", LE, "b-"),),  # a causal link's temporal meaning: the cause starts no later than its effect
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

Point = tuple[Hashable, str]
Ranges = tuple[tuple[int, int], ...] | None  # (first, last) positions a bounded search may visit; None: all


def coarse(relation: str) -> str:
    """The pipeline's name for a TimeML relType (``IBEFORE`` → ``before``); ``vague`` if unknown."""
    return COARSE.get(relation.upper(), "vague")


class Timeline:
    """A consistent set of temporal relations between intervals, and what they entail.

    ``window`` bounds every search to the intervals within that many positions of the
    question's ends (``positions`` gives an interval's position; one it lacks is global);
    without a window, searches and the closure cover the whole graph.
    """

    def __init__(self, window: int | None = None, positions: Mapping[Hashable, int] | None = None) -> None:
        self.window = window
        self.positions = positions or {}
        self.searches = 0  # graph searches run so far: what tests hold to linear growth
        self._position: dict[Hashable, int | None] = {}
        self._succ: dict[Point, dict[int | None, dict[Point, bool]]] = {}  # point → successor position → {succ: strict}
        self._closure: _Closure | None = None
        self._reached: dict[Point, dict[Point, bool]] = {}

    def __contains__(self, node: Hashable) -> bool:
        return node in self._position

    @property
    def graph(self) -> nx.DiGraph:
        """The point graph as networkx (nodes ``(interval, "-"|"+")``, edge attribute ``strict``), built anew."""
        graph = nx.DiGraph()
        graph.add_nodes_from(self._succ)
        graph.add_edges_from((u, v, {"strict": strict}) for u, buckets in self._succ.items()
                             for bucket in buckets.values() for v, strict in bucket.items())
        return graph

    def add_interval(self, node: Hashable) -> None:
        if node not in self:
            self._position[node] = self.positions.get(node)
            self._succ[(node, "-")], self._succ[(node, "+")] = {}, {}
            self._set_edge((node, "-"), (node, "+"), False)
            self._changed()

    def add(self, source: Hashable, relation: str, target: Hashable, check: bool = True) -> bool:
        """Add ``source relation target`` unless it contradicts what is in; True if added (or implied).

        ``check=False`` skips the search for a contradiction, for a caller that knows there is none."""
        constraints = CONSTRAINTS.get(relation.upper())
        if not constraints or source == target:
            return False
        self.add_interval(source)
        self.add_interval(target)
        ranges = self._ranges(source, target)
        added: list[tuple[Point, Point, bool | None]] = []  # (u, v, strict before: None if new)
        for p, op, q in _points(constraints, source, target):
            steps = [(p, q, True)] if op == LT else [(p, q, False)] + ([(q, p, False)] if op == EQ else [])
            for u, v, strict in steps:
                if check and self._reaches(v, u, not strict, ranges):
                    for u_, v_, before in reversed(added):
                        self._set_edge(u_, v_, before)
                    return False
                before = self._edge(u, v)
                if before is None or strict and not before:
                    added.append((u, v, before))
                    self._set_edge(u, v, strict)
        self._changed()
        return True

    def add_ordered(self, values: Mapping[Point, object]) -> None:
        """Points whose order is known (a comparable value each: a date's first and last moment), chained
        in value order, equal values equal: n points cost n edges, where relations between every two of
        their intervals would cost n² (and every later search would walk them). Call it before anything
        that could contradict the values."""
        ordered = sorted(values.items(), key=lambda item: item[1])
        for point, _ in ordered:
            self.add_interval(point[0])
        for (p, first), (q, second) in zip(ordered, ordered[1:]):
            if first == second:
                self._set_edge(p, q, False)
                self._set_edge(q, p, False)
            else:
                self._set_edge(p, q, True)
        self._changed()

    def entails(self, source: Hashable, relation: str, target: Hashable) -> bool:
        """Whether the relations in imply ``source relation target`` (all its point constraints)."""
        constraints = CONSTRAINTS.get(relation.upper())
        if not constraints or source not in self or target not in self:
            return False
        return all(self._holds(p, op, q) for p, op, q in _points(constraints, source, target))

    def implies(self, source: Hashable, relation: str, target: Hashable) -> bool:
        """Like :meth:`entails`, by searching the point graph instead of building the closure.

        Cheaper when links are added between the questions (a closure is rebuilt after each add).
        """
        constraints = CONSTRAINTS.get(relation.upper())
        if not constraints or source not in self or target not in self:
            return False
        ranges = self._ranges(source, target)
        for p, op, q in _points(constraints, source, target):
            if not self._reaches(p, q, op == LT, ranges) or (op == EQ and not self._reaches(q, p, False, ranges)):
                return False
        return True

    def relation(self, source: Hashable, target: Hashable) -> str | None:
        """The most specific coarse relation the closure gives between two intervals, or None."""
        if self.window is not None and source in self and target in self \
                and (target, "-") not in self._reached_from((source, "-")) \
                and (source, "-") not in self._reached_from((target, "-")):
            return None  # every relation below needs one start to reach the other: most pairs have none
        for name in ("SIMULTANEOUS", "BEFORE", "AFTER", "INCLUDES", "IS_INCLUDED"):
            if self.entails(source, name, target):
                return COARSE[name]
        return None

    def forget(self, node: Hashable) -> None:
        """Drop what the searches from ``node``'s points found: a caller done with ``node`` keeps memory bounded."""
        self._reached.pop((node, "-"), None)
        self._reached.pop((node, "+"), None)

    def closure(self) -> _Closure:
        if self._closure is None:
            self._closure = _Closure(self.graph)
        return self._closure

    # --- the point graph and its bounded searches -----------------------------------

    def _changed(self) -> None:
        self._closure = None
        self._reached.clear()

    def _edge(self, u: Point, v: Point) -> bool | None:
        """The edge's strictness, or None when there is no edge ``u → v``."""
        return self._succ[u].get(self._position[v[0]], {}).get(v)

    def _set_edge(self, u: Point, v: Point, strict: bool | None) -> None:
        """Add or change the edge ``u → v``; ``strict=None`` removes it."""
        buckets = self._succ[u]
        position = self._position[v[0]]
        if strict is not None:
            buckets.setdefault(position, {})[v] = strict
            return
        del buckets[position][v]
        if not buckets[position]:
            del buckets[position]

    def _ranges(self, *nodes: Hashable) -> Ranges:
        """The positions a search about ``nodes`` may visit: ``window`` around each node's position, merged."""
        if self.window is None:
            return None
        spans = sorted((p - self.window, p + self.window) for node in nodes if (p := self._position.get(node)) is not None)
        merged: list[tuple[int, int]] = []
        for low, high in spans:
            if merged and low <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], high))
            else:
                merged.append((low, high))
        return tuple(merged)

    def _buckets(self, point: Point, ranges: Ranges) -> list[dict[Point, bool]]:
        """``point``'s successors at a position within ``ranges`` (or with none), as {successor: strict} dicts.

        Successors are kept by position, so a point with many (the article date, the first
        event of a date) costs a search the width of its ranges, not its degree.
        """
        buckets = self._succ[point]
        if ranges is None:
            return list(buckets.values())
        if len(buckets) > sum(high - low + 1 for low, high in ranges):
            return [buckets[p] for p in (None, *(p for low, high in ranges for p in range(low, high + 1))) if p in buckets]
        if len(ranges) == 1:
            (low, high), = ranges
            return [bucket for p, bucket in buckets.items() if p is None or low <= p <= high]
        return [bucket for p, bucket in buckets.items() if p is None or any(low <= p <= high for low, high in ranges)]

    def _search(self, start: Point, ranges: Ranges, goal: Point | None = None,
                need_strict: bool = False) -> dict[Point, bool]:
        """Points reachable from ``start`` within ``ranges`` → whether a path there has a strict edge.

        Stops early once ``goal`` is reached (by a strict path when ``need_strict``).
        """
        self.searches += 1
        found = {start: False}
        if start not in self._succ:
            return found
        queue = deque([(start, False)])
        while queue:
            point, strict = queue.popleft()
            if strict != found[point]:
                continue  # reached strictly since: that state is queued
            for bucket in self._buckets(point, ranges):
                for succ, edge_strict in bucket.items():
                    reached = strict or edge_strict
                    if succ in found and (found[succ] or not reached):
                        continue
                    found[succ] = reached
                    if succ == goal and (reached or not need_strict):
                        return found
                    queue.append((succ, reached))
        return found

    def _reaches(self, start: Point, goal: Point, need_strict: bool, ranges: Ranges) -> bool:
        """Whether a path ``start → goal`` exists within ``ranges`` (with a strict edge when ``need_strict``)."""
        if start == goal:
            return not need_strict
        found = self._search(start, ranges, goal, need_strict)
        return goal in found and (found[goal] or not need_strict)

    def _holds(self, p: Point, op: str, q: Point) -> bool:
        """Whether ``p op q`` follows: by the closure, or with a window by cached bounded searches."""
        if self.window is None:
            return self.closure().holds(p, op, q)
        forward = self._reached_from(p)
        if op == EQ:
            return q in forward and p in self._reached_from(q)
        return q in forward if op == LE else forward.get(q, False)

    def _reached_from(self, point: Point) -> dict[Point, bool]:
        if point not in self._reached:
            self._reached[point] = self._search(point, self._ranges(point[0]))
        return self._reached[point]


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
