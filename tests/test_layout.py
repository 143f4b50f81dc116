"""The package layout the README states: stages in one order, a module imports only from its own stage
or the ones before it, and no import cycle (function-level imports included: they are imports too).
The pipeline is the declared list of kg.config.PIPELINE, each step with its contract, checked when built."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx
import pytest

from kg import steps
from kg.config import PIPELINE, PIPELINE_INPUTS

REPO = Path(__file__).resolve().parents[1]

#: stages in the order data flows, each the module names (prefixes) it holds
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("kg", "kg.bounds", "kg.config", "kg.resources", "kg.vocab", "kg.taxonomy", "kg.model", "kg.steps")),
    ("ingest", ("kg.ingest",)),
    ("nlp", ("kg.nlp",)),
    ("resolve", ("kg.resolve",)),
    ("graph", ("kg.graph",)),
    ("store", ("kg.store",)),
    ("derive", ("kg.derive",)),
    ("query", ("kg.query",)),
    ("views", ("kg.views",)),
    ("pipeline", ("kg.pipeline",)),
    ("corpora", ("kg.eval.corpora", "kg.eval.causal_corpora", "kg.eval.metrics")),
    ("train", ("kg.train",)),
    ("eval", ("kg.eval",)),
    ("shells", ("kg.cli", "kg.spark", "kg.__main__", "api")),
]


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted([*(REPO / "kg").rglob("*.py"), *(REPO / "api").rglob("*.py")]):
        parts = path.relative_to(REPO).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def stage_of(module: str) -> int:
    """Index of the stage whose longest prefix matches ``module``."""
    best = max(((len(prefix), index) for index, (_, prefixes) in enumerate(STAGES) for prefix in prefixes
                if module == prefix or module.startswith(prefix + ".")), default=None)
    assert best is not None, f"{module} belongs to no stage: add it to STAGES and the README's layout table"
    return best[1]


def import_graph() -> nx.DiGraph:
    """Module → module it imports (anywhere in the file), parents of a module not counted (Python imports them first)."""
    known = modules()
    graph = nx.DiGraph()
    for name, path in known.items():
        graph.add_node(name)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    graph.add_edge(name, target)
    return graph


def test_every_module_is_in_a_stage_and_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, path in modules().items():
        stage_of(name)
        if path.name != "__init__.py" and not name.startswith(("api.routers.", "kg.eval.", "kg.train.", "kg.nlp.",
                                                                 "kg.views.")):
            assert f"`{path.relative_to(REPO).as_posix()}`" in readme or path.name in readme, \
                f"{path.relative_to(REPO)} is not in the README's layout table"


def test_no_import_cycles():
    graph = import_graph()
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


def test_no_import_runs_back_up_the_stages():
    backwards = [f"{a} ({STAGES[stage_of(a)][0]}) imports {b} ({STAGES[stage_of(b)][0]})"
                 for a, b in import_graph().edges if stage_of(b) > stage_of(a)]
    assert not backwards, "\n".join(backwards)


def test_the_pipeline_lists_every_step_in_the_configured_order():
    listed = [(row["stage"], row["target"]) for row in steps.listing()]
    assert listed == [(stage, target) for stage, targets in PIPELINE.items() for target in targets]
    for row in steps.listing():
        assert row["assigns"] and row["does"], f"{row['target']} declares no contract or no docstring"


def test_a_step_whose_input_nothing_assigns_fails_when_the_pipeline_is_built():
    reordered = dict(PIPELINE)
    reordered["extract"] = tuple(t for t in PIPELINE["extract"] if not t.endswith(":named_entities"))
    with pytest.raises(steps.PipelineError, match=r"requires 'mentions.entities', which no step before it assigns"):
        steps.build(reordered, PIPELINE_INPUTS)
    swapped = dict(PIPELINE)
    swapped["after-write"] = tuple(reversed(PIPELINE["after-write"]))
    with pytest.raises(steps.PipelineError, match=r"after-write/index_change requires 'graph/instances'"):
        steps.build(swapped, PIPELINE_INPUTS)


def test_an_undeclared_or_missing_step_is_refused():
    with pytest.raises(steps.PipelineError, match="not declared"):
        steps.build({"extract": ("kg.nlp.extract:extract_doc",)}, PIPELINE_INPUTS)
    with pytest.raises(steps.PipelineError, match="cannot be loaded"):
        steps.build({"extract": ("kg.nlp.extract:no_such_step",)}, PIPELINE_INPUTS)


def test_after_write_steps_come_from_the_config_not_from_imports():
    from kg import pipeline

    assert [f"{f.__module__}:{f.__name__}" for f in pipeline.AFTER_WRITE] == list(PIPELINE["after-write"])
    source = (REPO / "kg" / "pipeline.py").read_text(encoding="utf-8")
    assert not re.search(r"^import kg\.", source, re.M), "after-write steps registered by import side effects"


def test_no_module_defines_a_name_twice():
    """A second top-level function or class of the same name replaces the first without a word (a helper named like
    an existing one once changed how weekdays were read): every module defines each name once."""
    twice = []
    for module, path in modules().items():
        seen: set[str] = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name in seen:
                    twice.append(f"{module}.{node.name}")
                seen.add(node.name)
    assert not twice, f"defined twice: {twice}"
