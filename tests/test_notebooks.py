"""The analyst notebooks run top to bottom (nbclient, a real kernel, no network)."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))

# Replacements for a notebook's cell tagged "parameters" (papermill's convention), to keep the
# suite quick: 05 runs the time-expression scorer only; `kg eval` runs them all.
PARAMETERS = {"05_accuracy": 'TASKS = ["timex"]'}


def test_there_are_notebooks():
    assert [path.name[:2] for path in NOTEBOOKS] == ["01", "02", "03", "04", "05"]


def test_the_readme_links_every_notebook():
    readme = (NOTEBOOKS[0].parents[1] / "README.md").read_text()
    assert all(f"notebooks/{path.name}" in readme for path in NOTEBOOKS)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path):
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "commit notebooks with their outputs cleared"
    for cell in notebook.cells:
        if "parameters" in cell.metadata.get("tags", []) and path.stem in PARAMETERS:
            cell.source = PARAMETERS[path.stem]
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.get("outputs", []) if output.get("output_type") == "error"]
    assert not errors
