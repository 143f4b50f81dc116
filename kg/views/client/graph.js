// graph.js: the vis-network drawing. Positions come precomputed from Python and
// physics stays off, so even thousands of nodes are drawn at once and never move.

// vis-network and vis-timeline each bundle vis-data and both export vis.DataSet (the
// timeline's, loaded last, wins); vis-network accepts any DataSet-like object.
const nodes = new vis.DataSet(data.nodes.map((n) => Object.assign(
  { id: n.id, hidden: false, title: tip([n.label, describe(n), spanText(n)]) },
  data.styles.nodes[n.style], n.vis)));
const edges = new vis.DataSet(data.edges.map((e) => Object.assign(
  { id: e.id, from: e.from, to: e.to, hidden: false,
    title: tip([e.label + " (" + e.kind + ")", e.evidence && clip(e.evidence, 200)]) },
  data.styles.edges[e.kind], e.vis)));

// vis-network draws from a copy of the nodes without their names, which it would lay out one by
// one (labels.js draws a few). kgView.nodes keeps the names; what changes there changes here.
const unnamed = (item) => {
  const copy = Object.assign({}, item);
  delete copy.label;
  return copy;
};
const drawnNodes = new vis.DataSet(nodes.get().map(unnamed));
nodes.on("add", (event, { items }) => drawnNodes.add(nodes.get(items).map(unnamed)));
nodes.on("update", (event, { data: changes }) => drawnNodes.update(changes.map(unnamed)));
nodes.on("remove", (event, { items }) => drawnNodes.remove(items));

const network = new vis.Network(document.getElementById("kg-network"), { nodes: drawnNodes, edges }, {
  autoResize: true,
  physics: false,
  layout: { improvedLayout: false },
  interaction: { hover: !data.big, tooltipDelay: 200, hideEdgesOnDrag: data.big,
                 hideEdgesOnZoom: data.big, multiselect: true },
  nodes: { borderWidth: 1 },
  edges: { selectionWidth: 2, font: { size: 10, color: "#555", align: "middle",
           strokeWidth: 3, strokeColor: "#ffffff" } },
});

function highlightInGraph(nodeIds, edgeIds) {
  const shown = (id) => !isHidden(id);
  network.setSelection({ nodes: nodeIds.filter(shown), edges: edgeIds || [] },
                       { unselectAll: true, highlightEdges: false });
}
function focusInGraph(id) {
  // Move only to bring an off-screen node into view: a jumping canvas loses the reader.
  if (isHidden(id)) return;
  const at = network.canvasToDOM(network.getPosition(id));
  const box = network.body.container.getBoundingClientRect();
  if (at.x > 20 && at.y > 20 && at.x < box.width - 20 && at.y < box.height - 20) return;
  network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 300 } });
}
function fitGraph(ids) {
  const options = { maxZoomLevel: 1.5, animation: ids ? { duration: 300 } : false };
  if (ids) options.nodes = ids;
  network.fit(options);
}
performance.mark("kg-graph");
