"""Scoring conventions of TempEval-3: span matching, P/R/F1, and temporal awareness.

- Spans: *strict* when start and end are equal, *relaxed* when they overlap; each gold span
  matches at most one system span (largest overlap first).
- Time-expression value F1: a relaxed match counts only when the values are equal.
- Temporal awareness (UzZaman and Allen 2011, TempEval-3's task ABC figure): precision is the
  share of system links the gold closure entails, recall the share of gold links the system
  closure entails. Closures are computed in the point algebra (``kg.nlp.temporal``); the
  links themselves stand in for the reduced graphs, as in most re-implementations.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from kg.nlp.temporal import CONSTRAINTS, timeline_of


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
    """(system links entailed by gold, system links, gold links entailed by system, gold links).

    Links are (source, relType, target) with the system's ends already mapped to gold ids;
    VAGUE and unknown relations are not links.
    """
    system = [link for link in system if link[1].upper() in CONSTRAINTS]
    gold = [link for link in gold if link[1].upper() in CONSTRAINTS]
    gold_timeline, system_timeline = timeline_of(gold), timeline_of(system)
    tp_p = sum(gold_timeline.entails(*link) for link in system)
    tp_r = sum(system_timeline.entails(*link) for link in gold)
    return tp_p, len(system), tp_r, len(gold)
