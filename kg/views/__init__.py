"""Views: the graph as something an analyst can look at.

``render_html`` / ``write_html`` make one self-contained interactive page: the
graph (vis-network), a linked timeline (vis-timeline) and map (Leaflet over an
inlined world outline), filters and search, all inlined, so the page makes no
network request. ``view_payload`` is the same data as plain JSON, for an API
that serves HTML and JSON from one source. ``kg.views.editor`` is the API's
SPARQL editor page (YASGUI), whose result links open this view on a node.
"""

from kg.views.html import render_html, write_html
from kg.views.payload import view_payload

__all__ = ["render_html", "view_payload", "write_html"]
