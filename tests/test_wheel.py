"""The package as it is deployed: a wheel (with its notebooks extra) installed into a fresh venv, used from a
folder far from the checkout.

A file the package reads but the wheel lacks (the ontology, a model, a view asset) or a
dependency that is imported but not declared makes this fail, where the editable install the
rest of the suite uses would hide it. pip takes the dependencies from its cache or the index.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "articles" / "000_e877e397b5a75db6.txt"
EVENTS = "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/newskg/ontology#Event> }"

pytestmark = pytest.mark.slow


#: a kernel's shutdown race that its event loop logs (ipykernel flushing to a ZMQ socket already closed, a known
#: upstream race: spyder-ide/spyder#17615): noise from the kernel process, not a notebook's failure, which nbclient
#: raises and which makes the run exit non-zero. Any other traceback still fails the test.
KERNEL_SHUTDOWN_NOISE = re.compile(r"ERROR:tornado\.general:Uncaught exception in ZMQStream callback\n"
                                   r"Traceback \(most recent call last\):\n(?:[ \t].*\n)*zmq\.error\.ZMQError: [^\n]*\n?")


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in KERNEL_SHUTDOWN_NOISE.sub("", done.stderr), done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """``kg`` of a fresh venv holding only the wheel and its declared dependencies."""
    folder = tmp_path_factory.mktemp("wheel")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder / "dist"), str(ROOT)], folder, env)
    [wheel] = (folder / "dist").glob("newskg-*.whl")
    run([sys.executable, "-m", "venv", str(folder / "venv")], folder, env)
    run([str(folder / "venv" / "bin" / "python"), "-m", "pip", "install", "-q", f"{wheel}[notebooks]"], folder, env,
        timeout=1200)
    return folder / "venv" / "bin", env


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference article is in ../shared/articles")
def test_the_installed_wheel_ingests_queries_views_and_serves(installed, tmp_path: Path) -> None:
    bin_dir, env = installed
    kg = str(bin_dir / "kg")
    version = run([kg, "version"], tmp_path, env)
    assert str(ROOT) not in version and "site-packages" in version  # the ontology and models of the wheel
    run([kg, "ingest", str(REFERENCE), "--store", "s"], tmp_path, env)
    count = run([kg, "query", EVENTS, "--store", "s", "--format", "csv"], tmp_path, env)
    assert int(count.split()[-1]) >= 10
    run([kg, "view", "--store", "s", "--output", "view.html"], tmp_path, env)
    assert "Kerman" in (tmp_path / "view.html").read_text(encoding="utf-8")

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([kg, "serve", "--store", "s", "--port", str(port)], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30, trust_env=False) as client:
            deadline = time.monotonic() + 60
            while True:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                try:
                    events = client.get("/events")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "kg serve did not answer within 60 s"
                    time.sleep(0.2)
            assert events.status_code == 200 and events.json()["total"] >= 10
            answer = client.get("/sparql", params={"query": EVENTS})
            assert answer.status_code == 200, answer.text
            assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) >= 10
            assert client.get("/docs").status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


NOTEBOOK_RUNNER = """
import sys
import nbformat
from nbclient import NotebookClient
for path in sys.argv[1:]:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, (path, errors)
    print("ran", path)
"""


def test_the_notebooks_run_on_the_installed_package(installed, tmp_path: Path) -> None:
    """pip install newskg[notebooks], then the analyst notebooks, copied away from the checkout, run top to bottom."""
    bin_dir, env = installed
    copies = []
    for source in sorted((ROOT / "notebooks").glob("0[1-4]_*.ipynb")):  # 05 scores on ../shared/eval: a checkout's
        copies.append(tmp_path / source.name)
        copies[-1].write_bytes(source.read_bytes())
    output = run([str(bin_dir / "python"), "-c", NOTEBOOK_RUNNER, *map(str, copies)], tmp_path, env, timeout=1200)
    assert output.count("ran ") == 4
