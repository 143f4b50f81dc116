"""How the HTML view draws each kind of node and edge.

Shape says what a node is (event, actor, place, article, time); colour says
which event type an event is, so a timeline of strikes and protests reads at
a glance. Edge styles follow the analyst's question: causal links are bold
red arrows, temporal ones dashed grey, the rest quieter. The same tables feed
the legend, so the legend can never disagree with the drawing.
"""

from __future__ import annotations

import colorsys
import hashlib
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class NodeStyle:
    """Shape and fill of one node kind; ``name`` is what the legend prints."""

    name: str
    shape: str
    colour: str


@dataclass(frozen=True)
class EdgeStyle:
    """Line of one edge kind: colour, dash pattern (False = solid), width, arrow."""

    name: str
    colour: str
    width: float
    dashes: bool | list[int] = False
    arrow: bool = True


NODE_STYLES: dict[str, NodeStyle] = {
    "event": NodeStyle("Events", "dot", "#E45756"),
    "actor": NodeStyle("Actors", "diamond", "#4C78A8"),
    "place": NodeStyle("Places", "triangle", "#54A24B"),
    "article": NodeStyle("Articles", "square", "#9D9D9D"),
    "time": NodeStyle("Times", "hexagon", "#B279A2"),
}
OTHER_NODE = NodeStyle("Other", "dot", "#BAB0AC")

EDGE_STYLES: dict[str, EdgeStyle] = {
    "causal": EdgeStyle("Causal", "#D62728", 2.5),
    "temporal": EdgeStyle("Temporal", "#7F7F7F", 1.5, dashes=[8, 5]),
    "participation": EdgeStyle("Participation", "#4C78A8", 1.0),
    "location": EdgeStyle("Location", "#54A24B", 1.0, dashes=[2, 4]),
    "coreference": EdgeStyle("Same event", "#9467BD", 2.0, dashes=[3, 3], arrow=False),
    "provenance": EdgeStyle("Provenance", "#C7C7C7", 0.8, dashes=[6, 3], arrow=False),
}
OTHER_EDGE = EdgeStyle("Other", "#AAAAAA", 1.0)

#: Warm, mutually distinct colours for event types, most frequent type first.
#: Blue, green and purple are left to actors, places and times.
EVENT_PALETTE = (
    "#E45756", "#F58518", "#EECA3B", "#9D755D", "#D67195", "#FF9DA6",
    "#B6992D", "#FFBF79", "#C44E52", "#8C564B", "#E377C2", "#BCBD22",
)


def node_style(kind: str) -> NodeStyle:
    """Style of a node kind, with a neutral fallback for kinds we do not know."""
    return NODE_STYLES.get(kind, OTHER_NODE)


def edge_style(kind: str) -> EdgeStyle:
    """Style of an edge kind, with a neutral fallback."""
    return EDGE_STYLES.get(kind, OTHER_EDGE)


def event_type_colours(type_counts: Counter) -> dict[str, str]:
    """Give each event type a colour: the palette by frequency, then stable hashes."""
    ordered = sorted(type_counts, key=lambda name: (-type_counts[name], name))
    colours = {}
    for rank, name in enumerate(ordered):
        colours[name] = EVENT_PALETTE[rank] if rank < len(EVENT_PALETTE) else _hashed_colour(name)
    return colours


def _hashed_colour(name: str) -> str:
    hue = int(hashlib.sha1(name.encode()).hexdigest()[:4], 16) / 0xFFFF
    red, green, blue = colorsys.hls_to_rgb(hue, 0.55, 0.6)
    return "#{:02X}{:02X}{:02X}".format(round(red * 255), round(green * 255), round(blue * 255))


@lru_cache(maxsize=1024)
def shade(colour: str, factor: float) -> str:
    """Darken (factor < 1) or lighten (factor > 1) a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    if factor < 1:
        channels = [round(c * factor) for c in channels]
    else:
        channels = [round(c + (255 - c) * (factor - 1)) for c in channels]
    return "#" + "".join(f"{min(255, max(0, c)):02X}" for c in channels)


def vis_node_colour(fill: str) -> dict:
    """vis-network colour object: darker border, lighter fill when highlighted."""
    border = shade(fill, 0.7)
    bright = {"background": shade(fill, 1.25), "border": shade(fill, 0.5)}
    return {"background": fill, "border": border, "highlight": bright, "hover": bright}


def node_size(kind: str, degree: int) -> float:
    """Bigger for hubs, logarithmically, so a busy actor stands out but never swamps."""
    base = 12.0 if kind == "event" else 10.0
    return round(min(34.0, base + 3.0 * math.log2(1 + degree)), 1)


def vis_edge_style(style: EdgeStyle) -> dict:
    """vis-network edge options for one edge kind."""
    return {
        "color": {"color": style.colour, "highlight": shade(style.colour, 0.6),
                  "hover": shade(style.colour, 0.6), "opacity": 0.9},
        "width": style.width,
        "dashes": style.dashes,
        "arrows": {"to": {"enabled": style.arrow, "scaleFactor": 0.6}},
    }
