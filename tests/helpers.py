"""Small helpers shared by tests: run the real CLI, find the shared reference article, compare stores."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "articles" / "000_e877e397b5a75db6.txt"
EXAMPLES = [REPO / "examples" / "articles", REPO / "examples" / "sample.jsonl", REPO / "examples" / "feeds"]
PREFIXES = """PREFIX kgo: <https://w3id.org/newskg/ontology#>
PREFIX kgr: <https://w3id.org/newskg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""


def reference_article() -> Path:
    if not REFERENCE.exists():
        pytest.skip(f"the reference article is not at {REFERENCE} (it lives in shared/, beside the checkout)")
    return REFERENCE


def kg(*args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the installed ``kg`` command as a user would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    result = subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                            env=env, cwd=REPO, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"kg {' '.join(map(str, args))} failed ({result.returncode}): {result.stderr}")
    return result


def graphs_of(store) -> dict[str, rdflib.Graph]:
    """The non-empty named graphs of a store (local or remote), by IRI."""
    dataset = rdflib.Dataset()
    dataset.parse(data=store.dumps("nq"), format="nquads")
    return {str(graph.identifier): graph for graph in dataset.graphs() if len(graph)}


def assert_same_dataset(store, expected) -> None:
    """Same graph names, and each graph isomorphic (blank nodes may be renamed)."""
    mine, theirs = graphs_of(store), graphs_of(expected)
    assert sorted(mine) == sorted(theirs)
    for iri, graph in mine.items():
        assert isomorphic(graph, theirs[iri]), f"graph {iri} differs"


def cat_tokens(sentences: list[list[str]]) -> str:
    """CAT XML ``<token>`` lines (MEANTIME, SemEval-2015 TimeLine) for sentences of words, numbered from 1."""
    tokens, t_id = [], 0
    for sentence, words in enumerate(sentences):
        for word in words:
            t_id += 1
            tokens.append(f'<token number="{t_id - 1}" sentence="{sentence}" t_id="{t_id}">{word}</token>')
    return "\n".join(tokens)
