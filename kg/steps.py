"""The pipeline as declared steps: each says what it requires and what it assigns.

A step is a function marked with :func:`step` (as spaCy's ``@Language.component(requires=…,
assigns=…)`` marks a component); the pipeline is the list of ``"module:function"`` targets in
:data:`kg.config.PIPELINE`, one list per stage, run in that order. :func:`build` imports the
targets and checks the contracts once, when the pipeline is first used: a step whose input no
earlier step assigns fails with one line naming both. ``kg pipeline`` prints the listing.

The names in contracts are the fields of the work each stage passes along: ``doc.ents`` (spaCy's
own names for the parse), ``events``, ``events.time``, ``actors``, ``graph/instances``…
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from kg.config import PIPELINE, PIPELINE_INPUTS

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class Contract:
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """One step of a stage: where it lives, what it does (its docstring's first line) and its contract."""

    stage: str
    name: str
    target: str
    function: Callable
    contract: Contract

    @property
    def summary(self) -> str:
        return (self.function.__doc__ or "").strip().splitlines()[0] if self.function.__doc__ else ""


class PipelineError(ValueError):
    """The configured pipeline cannot run: a missing step, or a step whose input nothing assigns."""


def step(*, requires: Iterable[str] = (), assigns: Iterable[str] = ()) -> Callable[[F], F]:
    """Mark a function as a pipeline step with its contract; the function itself is unchanged."""

    def mark(function: F) -> F:
        function.__kg_contract__ = Contract(tuple(requires), tuple(assigns))  # type: ignore[attr-defined]
        return function

    return mark


def _load(stage: str, target: str) -> Step:
    module_name, _, name = target.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError) as error:
        raise PipelineError(f"pipeline step {target!r} of stage {stage!r} cannot be loaded: {error}") from None
    contract = getattr(function, "__kg_contract__", None)
    if contract is None:
        raise PipelineError(f"pipeline step {target!r} is not declared with @kg.steps.step(requires=…, assigns=…)")
    return Step(stage, name.lstrip("_"), target, function, contract)


def check(steps: Sequence[Step], given: Iterable[str]) -> None:
    """Raise :class:`PipelineError` unless every step's requirements are assigned before it runs.

    A requirement ``a.b`` is met by ``a.b`` or by the whole ``a``.
    """
    assigned = set(given)
    for item in steps:
        for need in item.contract.requires:
            if need not in assigned and need.partition(".")[0] not in assigned:
                raise PipelineError(f"pipeline step {item.stage}/{item.name} requires {need!r}, which no step before "
                                    f"it assigns (assigned so far: {', '.join(sorted(assigned)) or 'nothing'})")
        assigned.update(item.contract.assigns)


def build(stages: Mapping[str, Sequence[str]], given: Iterable[str]) -> dict[str, tuple[Step, ...]]:
    """Load and check the steps of every stage, in order: one pipeline from the first stage to the last."""
    built = {stage: tuple(_load(stage, target) for target in targets) for stage, targets in stages.items()}
    check([item for steps in built.values() for item in steps], given)
    return built


@functools.cache
def pipeline() -> dict[str, tuple[Step, ...]]:
    """The configured pipeline (:data:`kg.config.PIPELINE`), loaded and checked once per process."""
    return build(PIPELINE, PIPELINE_INPUTS)


def stage(name: str) -> tuple[Step, ...]:
    """The steps of one stage of the configured pipeline, in order."""
    return pipeline()[name]


def listing(spacy_components: Sequence[tuple[str, Sequence[str], Sequence[str], str]] = ()) -> list[dict]:
    """Every step in order as ``{"stage", "step", "requires", "assigns", "does"}``; spaCy's components first."""
    rows = [{"stage": "parse", "step": name, "requires": list(requires), "assigns": list(assigns), "does": does}
            for name, requires, assigns, does in spacy_components]
    for steps in pipeline().values():
        rows += [{"stage": item.stage, "step": item.name, "requires": list(item.contract.requires),
                  "assigns": list(item.contract.assigns), "does": item.summary, "target": item.target}
                 for item in steps]
    return rows
