"""Render a graph as one self-contained, offline, interactive HTML page.

The page works from a file:// URL with no network at all: vis-network's JS and
CSS are inlined from the copy that ships inside the pyvis package, and
vis-timeline, Leaflet, topojson-client and a Natural Earth world outline from
the npm packages vendored under ``kg/views/assets/``. Our own script and
stylesheet live in ``kg/views/client/``. The graph travels as a JSON block
whose ``<``, ``>`` and ``&`` are escaped, so article text can never close the
script element or become markup. Layout is computed here, once.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.views.page import PAGE
from kg.views.payload import view_payload

#: vis-network build bundled with pyvis 0.3.x (standalone UMD: defines ``vis``).
VIS_DIR = ("templates", "lib", "vis-9.1.2")
#: Vendored libraries (see kg/views/assets/README.md), in the order the page loads them.
VENDOR_SCRIPTS = (
    ("vis-timeline", "vis-timeline-graph2d.min.js"),
    ("leaflet", "leaflet.js"),
    ("topojson-client", "topojson-client.min.js"),
)
VENDOR_STYLES = (("leaflet", "leaflet.css"),)
WORLD_OUTLINE = ("world-atlas", "countries-110m.json")
#: Our browser code: concatenated in this order inside one function scope.
CLIENT_SCRIPTS = ("util.js", "graph.js", "labels.js", "timeline.js", "map.js", "panel.js",
                  "filters.js", "main.js")

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
_EXTERNAL_REF = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""",
    re.IGNORECASE,
)
_SOURCE_MAP = re.compile(r"^\s*//[#@] sourceMappingURL=.*$", re.MULTILINE)
_CSS_IMAGE = re.compile(r"url\((?!#)[^)]*\)")


def render_html(graph: nx.MultiDiGraph, *, title: str = "newskg", search_url: str | None = None) -> str:
    """Return the whole page for ``graph`` as one HTML string (no external files).

    ``search_url`` (a path on the server that serves the page, e.g. ``/search``) makes the search
    box ask that route too, and lets the page connect to its own origin; without it the page
    searches node names in the browser and may connect nowhere.
    """
    assets = page_assets()
    page = PAGE.substitute(
        title=html.escape(title),
        connect="; connect-src 'self'" if search_url else "",
        search=f' data-search="{html.escape(search_url)}"' if search_url else "",
        vendor_css=assets["vendor_css"],
        view_css=assets["view_css"],
        data=script_json(view_payload(graph, title=title)),
        world=assets["world"],
        vendor_js=assets["vendor_js"],
        view_js=assets["view_js"],
    )
    external = _EXTERNAL_REF.search(page)
    if external:  # a guard against a future library build that links out
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
def page_assets() -> dict[str, str]:
    """Every library, stylesheet and our own script, ready to drop into the page."""
    vis_js, vis_css = vis_assets()
    scripts = [vis_js] + [_asset(*name) for name in VENDOR_SCRIPTS]
    # Background images are for widgets the view does not use (vis-network's navigation
    # buttons, Leaflet's default markers and layer control); dropping them saves ~200 kB.
    styles = [_CSS_IMAGE.sub("none", css) for css in [vis_css] + [_asset(*n) for n in VENDOR_STYLES]]
    client = resources.files("kg.views").joinpath("client")
    view_js = "\n".join(client.joinpath(name).read_text(encoding="utf-8") for name in CLIENT_SCRIPTS)
    return {
        "vendor_js": "\n".join(f"<script>{_script_text(_SOURCE_MAP.sub('', js))}</script>" for js in scripts),
        "vendor_css": "\n".join(f"<style>{_style_text(css)}</style>" for css in styles),
        "view_js": _script_text('(function () {\n"use strict";\n' + view_js + "\n})();"),
        "view_css": _style_text(client.joinpath("view.css").read_text(encoding="utf-8")),
        "world": script_json(json.loads(_asset(*WORLD_OUTLINE))),
    }


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS, read from the installed pyvis package."""
    folder = resources.files("pyvis").joinpath(*VIS_DIR)
    js = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = folder.joinpath("vis-network.css").read_text(encoding="utf-8")
    return js, css


def _asset(folder: str, name: str) -> str:
    return resources.files("kg.views").joinpath("assets", folder, name).read_text(encoding="utf-8")


def _script_text(code: str) -> str:
    """Refuse code that would end its own <script> element early."""
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise ValueError("inline script contains '</script' or '<!--'")
    return code


def _style_text(css: str) -> str:
    if re.search(r"</style", css, re.IGNORECASE):
        raise ValueError("inline stylesheet contains '</style'")
    return css
