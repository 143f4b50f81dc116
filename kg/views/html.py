"""Render a graph as one self-contained, offline, interactive HTML page.

The page works from a file:// URL with no network at all: vis-network's JS
and CSS are inlined from the copy that ships inside the pyvis package (pyvis's
own templates link a CDN or write a lib/ folder), and the graph travels as a
JSON block whose ``<``, ``>`` and ``&`` are escaped, so article text can never
close the script element or become markup. Layout is computed here, once.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.views.page import PAGE, VIEW_CSS
from kg.views.payload import view_payload
from kg.views.script import VIEW_JS

#: vis-network build bundled with pyvis 0.3.x (standalone UMD: defines ``vis``).
VIS_DIR = ("templates", "lib", "vis-9.1.2")

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
_EXTERNAL_REF = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""",
    re.IGNORECASE,
)


def render_html(graph: nx.MultiDiGraph, *, title: str = "newskg") -> str:
    """Return the whole page for ``graph`` as one HTML string (no external files)."""
    vis_js, vis_css = vis_assets()
    page = PAGE.substitute(
        title=html.escape(title),
        vis_css=_style_text(vis_css),
        view_css=VIEW_CSS,
        data=script_json(view_payload(graph, title=title)),
        vis_js=_script_text(vis_js),
        view_js=_script_text(VIEW_JS),
    )
    external = _EXTERNAL_REF.search(page)
    if external:  # a guard against a future pyvis/vis build that links out
        raise RuntimeError(f"view page would load from the network: {external.group(0)[:80]}")
    return page


def write_html(graph: nx.MultiDiGraph, path: str | Path, *, title: str = "newskg") -> Path:
    """Write the page to ``path`` (parents created) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html(graph, title=title), encoding="utf-8")
    return target


def script_json(value) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    Escaping ``<`` ``>`` ``&`` as \\u escapes keeps ``</script>`` and ``<!--``
    in article text from ending the block; JSON.parse restores them exactly.
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS, read from the installed pyvis package."""
    folder = resources.files("pyvis").joinpath(*VIS_DIR)
    js = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = folder.joinpath("vis-network.css").read_text(encoding="utf-8")
    return js, css


def _script_text(code: str) -> str:
    """Refuse code that would end its own <script> element early."""
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise ValueError("inline script contains '</script' or '<!--'")
    return code


def _style_text(css: str) -> str:
    if re.search(r"</style", css, re.IGNORECASE):
        raise ValueError("inline stylesheet contains '</style'")
    return css
