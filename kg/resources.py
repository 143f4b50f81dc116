"""Where the package's own files are: the ontology and SHACL shapes, trained models, lexicons.

Everything the pipeline reads at run time ships inside the installed package and is found with
:mod:`importlib.resources`, so a wheel works away from the checkout (a server image, a notebook
environment, a Spark executor). ``kg/ontology`` is the repository's top-level ``ontology/``
folder, linked into the package so that both hold one copy.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

import kg


def packaged(*parts: str) -> Path:
    """A file or folder inside the installed ``kg`` package, as a filesystem path."""
    return package_root().joinpath(*parts)


@functools.cache
def package_root() -> Path:
    """The ``kg`` package folder; for a package imported from a zip (Spark's ``addPyFile``), a copy
    unpacked once per machine, since models are opened by path (CRFsuite cannot read from a zip)."""
    root = resources.files("kg")
    if Path(str(root)).is_dir():
        return Path(str(root))
    archive = Path(kg.__loader__.archive)  # type: ignore[union-attr] - a zipimporter
    digest = hashlib.sha256(f"{archive.resolve()}:{archive.stat().st_mtime_ns}:{archive.stat().st_size}".encode())
    target = Path(tempfile.gettempdir()) / f"kg-package-{digest.hexdigest()[:16]}"
    if not target.is_dir():
        scratch = Path(tempfile.mkdtemp(prefix="kg-package-", dir=target.parent))
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(scratch, [name for name in zipped.namelist() if name.startswith("kg/")])
        try:
            scratch.rename(target)  # atomic: another worker may have won the race, which is as good
        except OSError:
            pass
    return target / "kg"


DATA_DIR = packaged("data")
"""Lexicons and tables the extractors read."""
MODELS_DIR = DATA_DIR / "models"
"""The trained models ``kg train`` writes and the pipeline runs."""
EXAMPLES_DIR = packaged("examples")
"""The bundled example articles (the repository's ``examples/``), for the notebooks and ``make demo``."""
ONTOLOGY_DIR = Path(os.environ.get("KG_ONTOLOGY_DIR") or packaged("ontology"))
"""Folder of ``newskg.ttl`` and ``shapes.ttl``; ``KG_ONTOLOGY_DIR`` points elsewhere (read at import)."""


def locations() -> dict[str, Path]:
    """What ``kg version`` reports: where the ontology, models and data were loaded from."""
    return {"ontology": ONTOLOGY_DIR, "models": MODELS_DIR, "data": DATA_DIR}
