"""How long a big HTML view takes to build and to become interactive in headless Chromium.

    .venv/bin/python benchmarks/view_scale.py [--nodes 5000] [--keep out/view-5000.html]

Prints the time to compute the page in Python, its size, the time from opening the file
to ``body[data-ready]`` (graph and timeline drawn) and the time of a first interaction
(select an event on both sides, then apply a filter). Needs Debian's chromium and playwright.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.views import write_html  # noqa: E402
from tests.browser import launch_chromium, open_page  # noqa: E402
from tests.views.factories import news_graph  # noqa: E402


def measure(nodes: int, keep: Path | None = None) -> dict[str, float]:
    """Build, write and open a ``nodes``-node view; return timings (s) and size (bytes)."""
    graph = news_graph(nodes)
    folder = tempfile.TemporaryDirectory()
    path = keep or Path(folder.name) / f"view-{nodes}.html"
    started = time.perf_counter()
    write_html(graph, path, title=f"{nodes} nodes")
    built = time.perf_counter() - started
    with launch_chromium() as browser:
        page, log = open_page(browser)
        opened = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector('body[data-ready="1"]', timeout=120_000)
        ready = time.perf_counter() - opened
        clicked = time.perf_counter()
        page.evaluate("kgView.select('event/0')")
        page.evaluate("kgView.setFilter({minConfidence: 0.8})")
        page.evaluate("new Promise(requestAnimationFrame)")
        interaction = time.perf_counter() - clicked
        problems = log.page_errors + log.console_errors + log.external_requests
    result = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "build_s": built,
              "size_bytes": path.stat().st_size, "ready_s": ready, "interaction_s": interaction,
              "problems": len(problems)}
    folder.cleanup()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000, help="nodes in the synthetic graph")
    parser.add_argument("--keep", type=Path, help="write the page here and keep it")
    args = parser.parse_args()
    r = measure(args.nodes, args.keep)
    print(f"{r['nodes']:,} nodes / {r['edges']:,} edges: page built in {r['build_s']:.2f} s, "
          f"{r['size_bytes'] / 1e6:.2f} MB; interactive in Chromium after {r['ready_s']:.2f} s; "
          f"select + filter {r['interaction_s'] * 1000:.0f} ms; {r['problems']} console errors or requests")


if __name__ == "__main__":
    main()
