// labels.js: node names on the canvas, most connected first, never overlapping.
//
// vis-network draws every node's name or none (below a zoom threshold): a big graph opens as a
// hairball of dots and, zoomed in, turns into a heap of names. So vis-network gets no names
// (graph.js) and this file draws them after each frame, at a fixed screen size:
// the hovered and selected nodes and their neighbours first, then the others by number of
// links. A name goes below, above, beside or at a corner of its node, wherever its box overlaps
// no name nor named node already placed, or waits for the reader to zoom in: each frame decides
// again, so the first view names the hubs and zooming in names more.

const LABEL_FONT = "12px system-ui, -apple-system, 'Segoe UI', sans-serif";
const LABEL_HEIGHT = 15;
const LABEL_GAP = 4;  // clear pixels around each name, so neighbouring names read apart
// Names drawn at most in one frame: beyond a few hundred a frame pays for text nobody reads.
const LABEL_BUDGET = 300;
const MIN_CHAR_WIDTH = 2;  // few characters of LABEL_FONT are narrower (a name of such may wait a zoom)
const CELL = 80;  // side of a square of the grid that finds the boxes near a candidate
const byLinks = data.nodes.map((n) => n.id).sort((a, b) =>
  incident.get(b).length - incident.get(a).length || (a < b ? -1 : 1));
const labelWidths = new Map();  // id → width of its name in LABEL_FONT, measured once
let labelBoxes = [];  // the names the last frame drew: { id, x, y, width, height } in canvas pixels
let hoveredNode = null;

function labelPriority() {
  const selected = network.getSelectedNodes();
  const first = hoveredNode ? [hoveredNode, ...selected] : selected;
  return first.concat(first.flatMap((id) => [...neighbours.get(id)]), byLinks);
}
function boxGrid() {
  // Boxes are filed under every CELL-sided square they touch; a candidate is compared only
  // with the boxes of its own squares (key: column * 10000 + row).
  const cells = new Map();
  const visit = (b, f) => {
    for (let i = Math.floor(b.x / CELL); i <= Math.floor((b.x + b.width) / CELL); i++) {
      for (let j = Math.floor(b.y / CELL); j <= Math.floor((b.y + b.height) / CELL); j++) {
        if (f(i * 10000 + j) === false) return false;
      }
    }
    return true;
  };
  const clear = (b) => (o) => !(b.x < o.x + o.width && o.x < b.x + b.width && b.y < o.y + o.height && o.y < b.y + b.height);
  return {
    free: (b) => visit(b, (key) => !cells.has(key) || cells.get(key).every(clear(b))),
    add: (b) => visit(b, (key) => { if (cells.has(key)) cells.get(key).push(b); else cells.set(key, [b]); }),
  };
}
function placeLabels(ctx, width, height) {
  const { scale, translation } = network.body.view;
  const grid = boxGrid(), placed = [], seen = new Set();
  const box = { x: 0, y: 0, width: 0, height: LABEL_HEIGHT + 2 * LABEL_GAP };
  const fits = (left, top) => {
    box.x = left - LABEL_GAP;
    box.y = top - LABEL_GAP;
    return box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height && grid.free(box);
  };
  for (const id of labelPriority()) {
    if (placed.length >= LABEL_BUDGET) break;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = network.body.nodes[id];
    const x = node.x * scale + translation.x, y = node.y * scale + translation.y;
    if (x < 0 || y < 0 || x > width || y > height || isHidden(id)) continue;
    const text = nodeInfo.get(id).vis.label, h = LABEL_HEIGHT, r = node.options.size * scale + 2;
    const d = r * 0.7;
    const spot = (w) => {  // below, above, right, left, then the corners; leaves the free one in box
      box.width = w + 2 * LABEL_GAP;
      return fits(x - w / 2, y + r) || fits(x - w / 2, y - r - h) || fits(x + r + 2, y - h / 2) ||
        fits(x - r - 2 - w, y - h / 2) || fits(x + d, y + d) || fits(x - d - w, y + d) ||
        fits(x + d, y - d - h) || fits(x - d - w, y - d - h);
    };
    // A narrower box in each spot lies inside the real one: where even it does not fit, skip the
    // measuring (most nodes of a dense first view).
    if (!labelWidths.has(id) && !spot(MIN_CHAR_WIDTH * text.length)) continue;
    if (!labelWidths.has(id)) labelWidths.set(id, Math.ceil(ctx.measureText(text).width));
    const w = labelWidths.get(id);
    if (!spot(w)) continue;
    grid.add(Object.assign({}, box));
    grid.add({ x: x - r, y: y - r, width: 2 * r, height: 2 * r });  // no other name over a named node
    placed.push({ id, x: box.x + LABEL_GAP, y: box.y + LABEL_GAP, width: w, height: h });
  }
  return placed;
}
network.on("afterDrawing", (ctx) => {
  const canvas = ctx.canvas, ratio = canvas.width / canvas.clientWidth;
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);  // screen pixels: names keep their size at any zoom
  ctx.font = LABEL_FONT;
  labelBoxes = placeLabels(ctx, canvas.clientWidth, canvas.clientHeight);
  const chosen = new Set(network.getSelectedNodes());
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255, 255, 255, 0.92)";
  labelBoxes.forEach((b) => {
    const text = nodeInfo.get(b.id).vis.label;
    ctx.fillStyle = chosen.has(b.id) ? "#000" : "#37474f";
    ctx.strokeText(text, b.x, b.y + 1);
    ctx.fillText(text, b.x, b.y + 1);
  });
  ctx.restore();
});
network.on("hoverNode", (params) => { hoveredNode = params.node; });
network.on("blurNode", () => { hoveredNode = null; });
performance.mark("kg-labels");
