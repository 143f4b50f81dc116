"""Turn a networkx graph into the JSON document the HTML view draws.

Everything the page shows comes from this one dict: vis-network options for
each node (position, size, canvas label) and, once per style, the shape and
colours of each node style and edge kind (``styles``), the analyst-facing details the
side panel prints, the time span of each event for the timeline (``start`` and
``end``: the first and last day its date may mean), the coordinates of each
geocoded place for the map, and the legend. Values are reduced to plain JSON
here, so the page never has to guess what a date or a NaN confidence is.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import replace

import networkx as nx

from kg.views.layout import compute_positions
from kg.views.style import (
    EDGE_STYLES,
    NODE_STYLES,
    EdgeStyle,
    edge_style,
    event_type_colours,
    node_size,
    node_style,
    vis_edge_style,
    vis_node_colour,
)

#: Above this many nodes, edges are drawn straight and hidden while panning.
BIG_GRAPH_NODES = 500
#: Edge labels are drawn on the canvas only for graphs with at most this many edges.
EDGE_LABEL_LIMIT = 400
#: Longest label drawn on the canvas; the side panel always shows it whole.
CANVAS_LABEL_CHARS = 40
UNTYPED = "(untyped)"


def view_payload(graph: nx.MultiDiGraph, *, title: str = "newskg", seed: int = 7) -> dict:
    """Return the page's data: nodes, edges and legend, all plain JSON values."""
    ids = _node_ids(graph)
    positions = compute_positions(graph, seed=seed)
    kinds = {node: str(attrs.get("kind") or "other") for node, attrs in graph.nodes(data=True)}
    event_types = Counter(
        _event_type(attrs) for node, attrs in graph.nodes(data=True) if kinds[node] == "event"
    )
    said = Counter(str(attrs.get("factuality") or "asserted")
                   for node, attrs in graph.nodes(data=True) if kinds[node] == "event")
    colours = event_type_colours(event_types)
    big = graph.number_of_nodes() > BIG_GRAPH_NODES
    nodes = [
        _node_entry(ids[node], attrs, kinds[node], graph.degree(node), positions[node])
        for node, attrs in graph.nodes(data=True)
    ]
    edges = _edge_entries(graph, ids, big=big)
    return {
        "title": title,
        "big": big,
        "omitted": int(graph.graph.get("omitted_nodes", 0)),
        "nodes": nodes,
        "edges": edges,
        "styles": _styles(nodes, edges, colours, big=big),
        "legend": {**_legend(kinds, event_types, colours, edges, big=big, totals=graph.graph.get("totals", {})),
                   "factuality": _factuality_legend(said)},
    }


def _styles(nodes: list[dict], edges: list[dict], colours: dict, *, big: bool) -> dict:
    """vis-network options shared by many nodes or edges, sent once: by node style and edge kind.

    A node's style is its kind, or ``event:<type>`` for events (coloured by type).
    """
    node_styles = {}
    for entry in nodes:
        key = entry["style"]
        if key not in node_styles:
            kind = entry["kind"]
            fill = colours[entry["eventType"]] if kind == "event" else node_style(kind).colour
            node_styles[key] = {"shape": node_style(kind).shape, "color": vis_node_colour(fill)}
    edge_styles = {}
    for entry in edges:
        if entry["kind"] not in edge_styles:
            edge_styles[entry["kind"]] = vis_edge_style(drawn_edge_style(entry["kind"], big=big))
            if big:
                edge_styles[entry["kind"]]["smooth"] = False
    return {"nodes": node_styles, "edges": edge_styles}


def drawn_edge_style(kind: str, *, big: bool) -> EdgeStyle:
    """An edge kind's style as drawn: in big graphs solid, and arrows only where direction
    is the point (causal, temporal). Dashes and arrowheads are most of the canvas time of
    thousands of edges (measured: 500 ms → 200 ms a frame at 10,000 edges)."""
    style = edge_style(kind)
    if not big:
        return style
    return replace(style, dashes=False, arrow=style.arrow and kind in ("causal", "temporal"))


def _node_ids(graph: nx.Graph) -> dict[Hashable, str]:
    """String ids for vis-network; str(node) unless two nodes would collide."""
    ids: dict[Hashable, str] = {}
    taken: set[str] = set()
    for node in graph.nodes:
        candidate, suffix = str(node), 2
        while candidate in taken:
            candidate, suffix = f"{node}~{suffix}", suffix + 1
        taken.add(candidate)
        ids[node] = candidate
    return ids


def _event_type(attrs: Mapping) -> str:
    return str(attrs.get("type") or UNTYPED)


def _node_entry(node_id: str, attrs: Mapping, kind: str, degree: int, xy: tuple) -> dict:
    label = str(attrs.get("label") or node_id)
    node_type = str(attrs.get("type") or "")
    entry = {
        "id": node_id,
        "label": label,
        "kind": kind,
        "type": node_type,
        "eventType": _event_type(attrs) if kind == "event" else None,
        "date": plain(attrs.get("date")),
        "confidence": plain(attrs.get("confidence")),
        "iri": plain(attrs.get("iri")),
        "details": plain(attrs.get("details") or {}),
        "style": f"event:{_event_type(attrs)}" if kind == "event" else kind,
        "vis": {"label": shorten(label), "x": xy[0], "y": xy[1], "size": node_size(kind, degree)},
    }
    if kind == "event":
        entry.update(time_span(attrs))
        entry["factuality"] = str(attrs.get("factuality") or "asserted")
        if entry["factuality"] != "asserted":  # planned, possible or denied: a faint node with a dashed border
            entry["vis"].update(opacity=0.55, shapeProperties={"borderDashes": [4, 3]})
            entry["details"] = {**entry["details"], "reported as": entry["factuality"]}
    entry.update(coordinates(attrs))
    return entry


def time_span(attrs: Mapping) -> dict:
    """``start``/``end`` (ISO days, inclusive) and ``precision`` of an event's date, if it has one;
    otherwise ``reported``, the day it was first reported, if known.

    ``earliest``/``latest`` attributes (the graph's kgo:earliest/kgo:latest) win; otherwise
    the TimeML ``date`` is read with the same rules the graph builder uses.
    """
    earliest, latest = _iso_day(attrs.get("earliest")), _iso_day(attrs.get("latest"))
    precision = None
    date = attrs.get("date")
    if isinstance(date, (dt.date, dt.datetime)):
        date = date.isoformat()
    if (earliest is None or latest is None) and isinstance(date, str) and date:
        from kg.nlp.timex import value_bounds  # imported late: it loads dateparser

        bounds = value_bounds(date)
        if bounds:
            earliest = earliest or bounds[0].isoformat()
            latest = latest or bounds[1].isoformat()
            precision = bounds[2]
    if earliest is None and latest is None:
        reported = _iso_day(attrs.get("reported"))
        return {"reported": reported} if reported else {}
    earliest, latest = sorted((earliest or latest, latest or earliest))
    if precision is None:
        precision = "day" if earliest == latest else "range"
    return {"start": earliest, "end": latest, "precision": precision}


def _iso_day(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"-?\d{4,}-\d{2}-\d{2}", value.strip()):
        return value.strip()
    return None


def coordinates(attrs: Mapping) -> dict:
    """``lat``/``lon`` of a geocoded node (attributes, or details lat/long as text), if valid."""
    details = attrs.get("details") if isinstance(attrs.get("details"), Mapping) else {}
    lat = _number(attrs.get("lat", details.get("lat")))
    lon = _number(attrs.get("lon", attrs.get("long", details.get("long", details.get("lon")))))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return {}
    return {"lat": lat, "lon": lon}


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _edge_entries(graph: nx.MultiDiGraph, ids: dict, *, big: bool) -> list[dict]:
    """One entry per edge; ``vis`` holds only what differs from its kind's style."""
    draw_labels = graph.number_of_edges() <= EDGE_LABEL_LIMIT
    seen_pairs: defaultdict[frozenset, int] = defaultdict(int)
    entries = []
    for number, (source, target, attrs) in enumerate(graph.edges(data=True)):
        kind = str(attrs.get("kind") or "other")
        label = str(attrs.get("label") or kind)
        entry = {"id": f"edge:{number}", "from": ids[source], "to": ids[target], "kind": kind,
                 "label": label}
        for key in ("evidence", "confidence", "cue"):
            value = plain(attrs.get(key))
            if value not in (None, ""):
                entry[key] = value
        vis = {}
        if draw_labels:
            vis["label"] = shorten(label, 24)
        if not big:
            # Parallel edges between one pair bend apart instead of overlapping.
            pair = frozenset((source, target))
            rank = seen_pairs[pair]
            seen_pairs[pair] += 1
            vis["smooth"] = (
                {"enabled": True, "type": "curvedCW", "roundness": 0.25 * rank}
                if rank else {"enabled": False}
            )
        if vis:
            entry["vis"] = vis
        entries.append(entry)
    return entries


def _legend(kinds: dict, event_types: Counter, colours: dict, edges: list[dict], *, big: bool,
            totals: Mapping[str, int] | None = None) -> dict:
    """Legend rows for what is in this graph, known kinds first in a fixed order.

    A kind's ``total`` is how many the store holds, counted as ``/stats`` counts (``kg.query.instance_counts``):
    the view draws only the actors and places that take part in an event, so "53 of 82" says so.
    """
    totals = totals or {}
    kind_counts = Counter(kinds.values())
    known = [k for k in NODE_STYLES if k in kind_counts]
    order = known + sorted(set(kind_counts) - set(known))
    edge_counts = Counter(edge["kind"] for edge in edges)
    edge_order = [k for k in EDGE_STYLES if k in edge_counts]
    edge_order += sorted(set(edge_counts) - set(edge_order))
    return {
        "kinds": [
            {"key": kind, "name": _legend_name(kind, NODE_STYLES), "count": kind_counts[kind],
             "total": totals.get(kind + "s"), "shape": node_style(kind).shape, "color": node_style(kind).colour}
            for kind in order
        ],
        "eventTypes": [
            {"key": name, "name": name, "count": event_types[name], "color": colours[name]}
            for name in sorted(event_types, key=lambda n: (-event_types[n], n))
        ],
        "edgeKinds": [
            {"key": kind, "name": _legend_name(kind, EDGE_STYLES), "count": edge_counts[kind],
             "color": edge_style(kind).colour, "dashes": drawn_edge_style(kind, big=big).dashes,
             "width": edge_style(kind).width}
            for kind in edge_order
        ],
    }


FACTUALITY_NAMES = {"asserted": "Asserted", "planned": "Planned (dashed, faint)", "possible": "Possible (dashed, faint)",
                    "denied": "Denied (dashed, faint)"}


def _factuality_legend(said: Counter) -> list[dict]:
    """Rows for what the reports say of the events, shown (and usable as filters) when some are not asserted."""
    if set(said) <= {"asserted"}:
        return []
    return [{"key": key, "name": name, "count": said[key], "color": "#9e9e9e" if key != "asserted" else "#546e7a",
             "shape": "dot", "dashes": key != "asserted"} for key, name in FACTUALITY_NAMES.items() if said[key]]


def _legend_name(kind: str, styles: dict) -> str:
    return styles[kind].name if kind in styles else kind.capitalize()


def shorten(text: str, limit: int = CANVAS_LABEL_CHARS) -> str:
    """One line of at most ``limit`` characters for drawing on the canvas."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def plain(value):
    """Reduce a value to JSON: dates to ISO text, NaN to None, other objects to str."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, numbers.Real):  # includes NumPy scalars
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return [plain(item) for item in sorted(value, key=str)]
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return str(value)
