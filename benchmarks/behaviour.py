"""Hold behaviour still across a refactoring: record, then compare, what the extractors say.

    python benchmarks/behaviour.py record   # before: writes tests/data/behaviour/{extract,eval}.json
    python benchmarks/behaviour.py compare  # after: exit 1 and the first differences if anything moved

``extract`` is ``kg extract --format json`` of the reference article and every bundled example
(tests/test_behaviour.py compares it at every ``make test``; of the reference article, whose
text stays out of the repository, only a digest); ``eval`` is the ``kg eval --json``
table (about a minute; needs ``../shared/eval``). A change that means to move them records again,
and the diff of the recorded files is part of its commit.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SNAPSHOTS = REPO / "tests" / "data" / "behaviour"
REFERENCE = REPO.parent / "shared" / "articles" / "000_e877e397b5a75db6.txt"
#: tasks whose rows are recorded; a scorer added later is not part of the comparison until recorded
EVAL_TASKS = ("timex", "events", "tlinks", "pairs", "gold-pairs", "causal", "factuality", "participants", "timeline")


def example_files() -> list[Path]:
    """The bundled examples an ingest reads (README files aside), then the reference article."""
    examples = REPO / "kg" / "examples"
    files = sorted(p for p in examples.rglob("*") if p.is_file() and p.name != "README.md")
    return files + ([REFERENCE] if REFERENCE.exists() else [])


def extract_snapshot() -> dict:
    """The extract JSON contract of every example article, as ``kg extract --format json`` prints it."""
    from kg.views.export import extraction_json
    from kg.ingest import read_articles
    from kg.pipeline import process

    articles = list(read_articles([str(p) for p in example_files()]))
    payload = [extraction_json(item.extraction, item.resolution) for item in process(articles)]
    if REFERENCE.exists():  # its text stays out of the repository: only a digest of its output is recorded
        reference = payload.pop()
        payload.append({"reference_article_sha256": hashlib.sha256(_dump(reference).encode()).hexdigest()})
    return {"articles": payload}


def eval_snapshot() -> dict:
    from kg.eval import default_corpora, run

    report = run(default_corpora(), EVAL_TASKS)
    return {"rows": report.rows, "notes": report.notes}


def _dump(value: dict) -> str:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def differences(name: str, now: dict, limit: int = 40) -> list[str]:
    """Unified-diff lines between the recorded snapshot ``name`` and ``now`` (empty when equal)."""
    recorded = (SNAPSHOTS / f"{name}.json").read_text(encoding="utf-8")
    diff = difflib.unified_diff(recorded.splitlines(), _dump(now).splitlines(), f"recorded {name}", f"now {name}",
                                lineterm="", n=1)
    return list(diff)[:limit]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compare"
    kinds = argv[1:] or ["extract", "eval"]
    makers = {"extract": extract_snapshot, "eval": eval_snapshot}
    failed = False
    for name in kinds:
        now = makers[name]()
        if command == "record":
            SNAPSHOTS.mkdir(parents=True, exist_ok=True)
            (SNAPSHOTS / f"{name}.json").write_text(_dump(now), encoding="utf-8")
            print(f"recorded {name}")
            continue
        diff = differences(name, now)
        print(f"{name}: {'identical' if not diff else 'CHANGED'}")
        print("\n".join(diff))
        failed |= bool(diff)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
