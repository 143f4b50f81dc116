"""Node positions for the HTML view, computed once in Python.

The browser gets fixed x/y coordinates and runs no physics, so a graph of a
few thousand nodes is interactive as soon as it is drawn. networkx's own
``spring_layout`` needs SciPy above 500 nodes, which the project does not
depend on, so this is a small NumPy Fruchterman-Reingold: repulsion between
all pairs (computed in row blocks to bound memory), attraction along edges,
one layout per connected component, components packed in shelves.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np

Positions = dict[Hashable, tuple[float, float]]

#: Typical pixels between neighbouring nodes, so labels stay readable at any size.
SPACING = 110.0
#: Rows of the pairwise-repulsion matrix computed at once (memory ~ rows * n * 16 bytes).
_BLOCK_ROWS = 512
#: Above this many nodes, repulsion is estimated from a random sample of this many.
_EXACT_REPULSION = 1500


def compute_positions(graph: nx.Graph, *, seed: int = 7) -> Positions:
    """Return canvas coordinates (pixels) for every node, deterministic for a seed."""
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.nodes)
    undirected.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    components = sorted(
        nx.connected_components(undirected), key=lambda c: (-len(c), _sort_key(c))
    )
    boxes = []
    for number, members in enumerate(components):
        nodes = sorted(members, key=str)
        coords = _component_layout(undirected.subgraph(nodes), nodes, seed + number)
        boxes.append((nodes, coords))
    return _pack(boxes)


def _sort_key(members: set) -> str:
    return min(str(node) for node in members)


def _component_layout(component: nx.Graph, nodes: list, seed: int) -> np.ndarray:
    """Lay out one connected component; returns pixel coordinates centred on 0."""
    count = len(nodes)
    if count == 1:
        return np.zeros((1, 2))
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in component.edges()], dtype=np.intp)
    coords = fruchterman_reingold(count, edges, seed=seed)
    # A typical node sits SPACING pixels from its nearest neighbour, unless that
    # would spread a big clustered graph so wide that fitting it shrinks nodes to dots.
    typical = float(np.median(_nearest_distances(coords)))
    scale = SPACING / typical if typical > 0 else SPACING
    return coords * min(scale, 0.8 * SPACING * math.sqrt(count))


def fruchterman_reingold(
    count: int, edges: np.ndarray, *, seed: int, iterations: int | None = None
) -> np.ndarray:
    """Force-directed layout of ``count`` nodes joined by ``edges`` (pairs of indices).

    Returns coordinates centred on 0, in [-1, 1]. Iterations shrink for big graphs, which
    keeps a 2,000-node graph to a second or two on a small machine.
    """
    rng = np.random.default_rng(seed)
    pos = rng.random((count, 2))
    if iterations is None:
        iterations = 60 if count <= 800 else max(25, int(60 * 800 / count))
    k = math.sqrt(1.0 / count)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k, rng)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            distance = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
            pull = delta * (distance / k)[:, None]
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(edges[:, 0], pull[:, axis], minlength=count)
                disp[:, axis] += np.bincount(edges[:, 1], pull[:, axis], minlength=count)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 0.01)
        pos += disp * (temperature / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    extent = np.abs(pos).max()
    return pos / extent if extent > 0 else pos


def _repulsion(pos: np.ndarray, k: float, rng: np.random.Generator | None = None) -> np.ndarray:
    """Sum of k²/d repulsive forces on each node from every other node.

    Axes are handled separately in float32: about six times faster than a
    float64 einsum over (rows, n, 2) blocks, and precision is irrelevant here.
    Above ``_EXACT_REPULSION`` nodes the sum runs over a fresh random sample of
    that many nodes each iteration, scaled up: an unbiased estimate that takes
    a 5,000-node layout from about six seconds to two on a small machine.
    """
    points = pos.astype(np.float32)
    disp = np.empty_like(points)
    k2 = np.float32(k * k)
    sources = points
    if rng is not None and len(points) > _EXACT_REPULSION:
        sources = points[rng.choice(len(points), _EXACT_REPULSION, replace=False)]
        k2 = np.float32(k * k * (len(points) - 1) / _EXACT_REPULSION)
    for start in range(0, len(points), _BLOCK_ROWS):
        block = points[start : start + _BLOCK_ROWS]
        dx = block[:, 0, None] - sources[None, :, 0]
        dy = block[:, 1, None] - sources[None, :, 1]
        weight = dx * dx + dy * dy
        np.maximum(weight, np.float32(1e-4), out=weight)
        np.divide(k2, weight, out=weight)
        rows = slice(start, start + len(block))
        disp[rows, 0] = (dx * weight).sum(axis=1)
        disp[rows, 1] = (dy * weight).sum(axis=1)
    return disp.astype(pos.dtype)


def _nearest_distances(pos: np.ndarray, sample: int = 1000) -> np.ndarray:
    """Distance to its nearest other point, for each point or (big layouts) a fixed sample.

    Only the median is used, and a sample of a thousand estimates it well.
    """
    rows = np.arange(len(pos))
    if len(pos) > sample:
        rows = np.random.default_rng(0).choice(len(pos), sample, replace=False)
    nearest = np.empty(len(rows))
    for start in range(0, len(rows), _BLOCK_ROWS):
        chunk = rows[start : start + _BLOCK_ROWS]
        dist2 = ((pos[chunk, None, :] - pos[None, :, :]) ** 2).sum(axis=2)
        dist2[np.arange(len(chunk)), chunk] = np.inf
        nearest[start : start + len(chunk)] = np.sqrt(dist2.min(axis=1))
    return nearest


def _pack(boxes: list[tuple[list, np.ndarray]]) -> Positions:
    """Place component layouts left to right in rows of roughly square overall shape."""
    if not boxes:
        return {}
    sizes = [(coords.max(axis=0) - coords.min(axis=0)) + SPACING for _, coords in boxes]
    total_area = sum(float(w * h) for w, h in sizes)
    row_width = max(math.sqrt(total_area) * 1.2, max(float(w) for w, _ in sizes))
    positions: Positions = {}
    x = y = row_height = 0.0
    for (nodes, coords), (width, height) in zip(boxes, sizes):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        origin = np.array([x, y]) - coords.min(axis=0) + SPACING / 2
        for node, (px, py) in zip(nodes, coords + origin):
            positions[node] = (round(float(px), 1), round(float(py), 1))
        x += float(width)
        row_height = max(row_height, float(height))
    return positions
