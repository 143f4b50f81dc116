"""Behaviour held still: the extract JSON of the bundled examples (and a digest of the reference
article's) is what ``benchmarks/behaviour.py record`` last recorded. A change meant to move it records
again and commits the diff of tests/data/behaviour/extract.json with it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "behaviour.py"


def _behaviour():
    spec = importlib.util.spec_from_file_location("behaviour", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_extract_output_is_what_was_recorded():
    behaviour = _behaviour()
    if not behaviour.REFERENCE.exists():
        pytest.skip("the recorded output includes the reference article's, in ../shared/articles")
    diff = behaviour.differences("extract", behaviour.extract_snapshot())
    assert not diff, "extract output moved (record it again if meant):\n" + "\n".join(diff)
