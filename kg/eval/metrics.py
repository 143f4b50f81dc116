"""Scoring conventions of TempEval-3: span matching, P/R/F1, and temporal awareness.

- Spans: *strict* when start and end are equal, *relaxed* when they overlap; each gold span
  matches at most one system span (largest overlap first).
- Time-expression value F1: a relaxed match counts only when the values are equal.
- Temporal awareness (UzZaman and Allen 2011, TempEval-3's task ABC figure): precision is the
  share of the system's reduced links that the gold states or its closure entails, recall the
  share of the gold's reduced links that the system states or entails. Reduced as TempEval-3's
  scorer does it: a link the earlier links of its side already imply is dropped, so restating
  what the closure gives earns nothing. Closures are computed in the point algebra
  (``kg.nlp.temporal``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from kg.nlp.timeline import CONSTRAINTS, TIMEML_INVERSE, Timeline


class Span(Protocol):
    start: int
    end: int


@dataclass
class Counts:
    """True positives against the system's and the gold's totals (P and R may count TPs differently)."""

    tp_p: float = 0
    n_system: int = 0
    tp_r: float = 0
    n_gold: int = 0

    def add(self, tp_p: float, n_system: int, tp_r: float | None = None, n_gold: int = 0) -> None:
        self.tp_p += tp_p
        self.n_system += n_system
        self.tp_r += tp_p if tp_r is None else tp_r
        self.n_gold += n_gold

    @property
    def precision(self) -> float:
        return self.tp_p / self.n_system if self.n_system else 0.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self, corpus: str, task: str, **extra: object) -> dict:
        return {"corpus": corpus, "task": task, "P": round(self.precision, 4), "R": round(self.recall, 4),
                "F1": round(self.f1, 4), "n": self.n_gold, **extra}


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def align(gold: Sequence[Span], system: Sequence[Span], strict: bool = False) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs: equal spans if ``strict``, else overlapping ones."""
    candidates = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            if strict:
                if (g.start, g.end) == (s.start, s.end):
                    candidates.append((g.end - g.start, i, j))
            elif (amount := overlap(g, s)) > 0:
                candidates.append((amount, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold, used_system, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_system:
            used_gold.add(i)
            used_system.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def span_counts(gold: Sequence[Span], system: Sequence[Span], strict: bool) -> tuple[int, int, int]:
    """(matches, system count, gold count) for one document."""
    return len(align(gold, system, strict)), len(system), len(gold)


def temporal_awareness(system: Iterable[tuple[Hashable, str, Hashable]],
                       gold: Iterable[tuple[Hashable, str, Hashable]]) -> tuple[int, int, int, int]:
    """(reduced system links the gold entails, reduced system links, reduced gold links the system entails,
    reduced gold links), as TempEval-3's scorer counts them.

    Links are (source, relType, target) with the system's ends already mapped to gold ids, in
    the order each side states them (the system's most confident first); VAGUE and unknown
    relations are not links. Each side is reduced (:func:`reduced`), and a link counts when
    the other side states it or its closure entails it.
    """
    system = [link for link in system if link[1].upper() in CONSTRAINTS]
    gold = [link for link in gold if link[1].upper() in CONSTRAINTS]
    system_links, system_timeline = reduced(system)
    gold_links, gold_timeline = reduced(gold)
    stated_by_system, stated_by_gold = _stated(system), _stated(gold)
    tp_p = sum(_key(link) in stated_by_gold or gold_timeline.entails(*link) for link in system_links)
    tp_r = sum(_key(link) in stated_by_system or system_timeline.entails(*link) for link in gold_links)
    return tp_p, len(system_links), tp_r, len(gold_links)


def reduced(links: Iterable[tuple[Hashable, str, Hashable]]) -> tuple[list[tuple[Hashable, str, Hashable]], Timeline]:
    """The links left once those the earlier ones already imply are dropped, and their timeline.

    This is the reduced graph of TempEval-3's scorer: a link is redundant when the links before
    it entail it (so three equal times count as two links, and "a < c" after "a < b < c" not at
    all); a link that contradicts the earlier ones stays, and counts against its side.
    """
    timeline = Timeline()
    kept: list[tuple[Hashable, str, Hashable]] = []
    seen: set[tuple] = set()
    for source, relation, target in links:
        key = _key((source, relation, target))
        if key in seen or timeline.implies(source, relation, target):
            continue
        seen.add(key)
        timeline.add(source, relation, target)
        kept.append((source, relation, target))
    return kept, timeline


def _key(link: tuple[Hashable, str, Hashable]) -> tuple[Hashable, str, Hashable]:
    return link[0], link[1].upper(), link[2]


def _stated(links: Iterable[tuple[Hashable, str, Hashable]]) -> set[tuple[Hashable, str, Hashable]]:
    """Links as stated, each also read backwards (a BEFORE b is b AFTER a), contradictions included."""
    stated = set()
    for source, relation, target in links:
        stated.add((source, relation.upper(), target))
        stated.add((target, TIMEML_INVERSE.get(relation.upper(), relation.upper()), source))
    return stated
