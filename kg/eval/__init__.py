"""``kg eval``: the extractors scored on the annotated corpora of ``../shared/eval/``.

Scorers are registered by name as ``"module:function"`` and imported only when run, so a
scorer whose module is not there yet (or whose corpus is missing) becomes a note in the
report instead of an error. A scorer takes the corpora folder and returns rows
``{"corpus", "task", "P", "R", "F1", "n"}``.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.eval.corpora import CorpusMissing, default_corpora  # noqa: F401 - part of kg.eval's API (kg eval, notebooks)

Scorer = Callable[[Path], list[dict]]

SCORERS: dict[str, str] = {
    "timex": "kg.eval.scorers:score_timex",
    "events": "kg.eval.scorers:score_events",
    "tlinks": "kg.eval.scorers:score_temporal_awareness",
    "pairs": "kg.eval.scorers:score_pairs",
    "gold-pairs": "kg.eval.scorers:score_gold_pairs",
    "causal": "kg.eval.causal:score_causal",
    "factuality": "kg.eval.factuality:score_factuality",
    "participants": "kg.eval.participants:score_participants",
    "timeline": "kg.eval.timelines:score_timelines",
}


# The product's bar on unseen news and the best published figure, by task (issues 3 and 4);
# a task matches a row when the row's task starts with it. Notebook 05 draws them as markers.
TARGETS: dict[str, tuple[float, float]] = {
    "timex strict": (0.87, 0.827),
    "timex value": (0.85, 0.776),
    "event strict": (0.86, 0.811),
    "temporal awareness": (0.40, 0.310),
    "cues + classifier": (0.60, 0.53),
}


def target_of(task: str) -> tuple[float, float] | None:
    """``(bar, best published)`` for a row's task, or None when the issues set no bar for it."""
    return next((value for prefix, value in TARGETS.items() if task.startswith(prefix)), None)


def register(name: str, target: str) -> None:
    """Add (or replace) a scorer: ``target`` is ``"package.module:function"``."""
    SCORERS[name] = target


@dataclass
class Report:
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"rows": self.rows, "notes": self.notes, "seconds": self.seconds}


def load_scorer(target: str) -> Scorer:
    module_name, _, function = target.partition(":")
    return getattr(importlib.import_module(module_name), function)


def run(corpora: Path, tasks: Iterable[str] | None = None) -> Report:
    """Run the named scorers (all by default) and collect their rows and notes."""
    report = Report()
    for name in tasks or SCORERS:
        if name not in SCORERS:
            raise ValueError(f"unknown scorer {name!r}: choose from {', '.join(SCORERS)}")
        module_name = SCORERS[name].partition(":")[0]
        try:
            scorer = load_scorer(SCORERS[name])
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            report.notes.append(f"{name}: skipped, {module_name} is not installed yet")
            continue
        except AttributeError:
            report.notes.append(f"{name}: skipped, {SCORERS[name]} is not defined yet")
            continue
        started = time.perf_counter()
        try:
            report.rows.extend(scorer(Path(corpora)))
        except CorpusMissing as error:
            report.notes.append(f"{name}: skipped, {error}")
        report.seconds[name] = round(time.perf_counter() - started, 1)
    return report


def format_table(rows: list[dict]) -> str:
    """Rows as a fixed-width text table (the one README quotes)."""
    header = ("corpus", "task", "P", "R", "F1", "n")
    lines = [[str(row.get("corpus", "")), str(row.get("task", "")),
              *(f"{row[k]:.3f}" if isinstance(row.get(k), float) else str(row.get(k, "")) for k in ("P", "R", "F1")),
              str(row.get("n", ""))] for row in rows]
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(header)]
    out = ["  ".join(h.ljust(w) if i < 2 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths)))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))) for line in lines]
    return "\n".join(out)
