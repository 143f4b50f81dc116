// main.js: one selection shared by the graph, the timeline, the map and the panel;
// neighbourhoods, paths and causal chains; search; ?focus= in the page's URL; window.kgView
// for tests and for analysts in the console. body[data-ready] turns to "1" once graph and timeline are drawn.

const mode = document.getElementById("kg-mode");
let pathFrom = null;

function select(id, origin) {
  id = String(id);
  if (nodeInfo.has(id)) {
    if (pathFrom !== null && pathFrom !== id) {
      const start = pathFrom;
      return Boolean(showPath(start, id));
    }
    if (origin !== "graph") {
      network.selectNodes(isHidden(id) ? [] : [id]);
      if (origin !== "search") focusInGraph(id);
    }
    const n = nodeInfo.get(id);
    const related = n.kind === "event" ? [id]
      : [...neighbours.get(id)].filter((other) => nodeInfo.get(other).kind === "event");
    selectOnTimeline(related, n.kind === "event" && origin !== "timeline");
    highlightOnMap(placesOf(id));
    showNode(id);
    return true;
  }
  if (edgeInfo.has(id)) {
    const e = edgeInfo.get(id);
    if (origin !== "graph") network.setSelection({ nodes: [], edges: [id] }, { highlightEdges: false });
    selectOnTimeline([e.from, e.to].filter((end) => nodeInfo.get(end).kind === "event"), false);
    highlightOnMap([...placesOf(e.from), ...placesOf(e.to)]);
    showEdge(id);
    return true;
  }
  return false;
}
function clearSelection() {
  network.unselectAll();
  timeline.setSelection([]);
  highlightOnMap([]);
  showHint();
}

// ---- neighbourhood, path, causal chain -----------------------------------------------
function focusNeighbourhood(id) {
  setFilter({ focus: new Set([id, ...neighbours.get(id)]) });
  fitGraph([...state.focus].filter((other) => !isHidden(other)));
  select(id, "panel");
  mode.textContent = "Neighbourhood of " + clip(nodeInfo.get(id).label, 40);
}
function expand(id) {
  if (!state.focus) return focusNeighbourhood(id);
  setFilter({ focus: new Set([...state.focus, id, ...neighbours.get(id)]) });
  select(id, "panel");
  mode.textContent = state.focus.size + " nodes in focus";
}
function showAll() {
  setFilter({ focus: null });
  mode.textContent = "";
  fitGraph();
}
function startPath(id) {
  pathFrom = id;
  mode.textContent = "Path from " + clip(nodeInfo.get(id).label, 40) + ": click another node (Esc cancels)";
}
function showPath(a, b) {
  pathFrom = null;
  mode.textContent = "";
  const path = shortestPath(a, b, (other, edgeId) => !isHidden(other) && !isHidden(edgeId));
  highlightInGraph(path ? path.nodes : [a, b], path ? path.edges : []);
  selectOnTimeline((path ? path.nodes : [a, b]).filter((id) => nodeInfo.get(id).kind === "event"), false);
  highlightOnMap((path ? path.nodes : [a, b]).flatMap(placesOf));
  showPathPanel(a, b, path);
  return path;
}
function showCausalChain(id) {
  const chain = causalChain(id);
  const members = [id, ...chain.causes, ...chain.effects];
  highlightInGraph(members, chain.edges);
  selectOnTimeline(members, false);
  highlightOnMap(members.flatMap(placesOf));
  showChainPanel(id, chain);
  return { causes: chain.causes.slice().sort(byTime), effects: chain.effects.slice().sort(byTime) };
}

network.on("click", (params) => {
  if (params.nodes.length === 2 && pathFrom === null) showPair(params.nodes[0], params.nodes[1]);
  else if (params.nodes.length) select(params.nodes[params.nodes.length - 1], "graph");
  else if (params.edges.length) select(params.edges[0], "graph");
  else clearSelection();
});
timeline.on("select", (params) => {
  if (params.items.length) select(params.items[params.items.length - 1], "timeline");
  else clearSelection();
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  pathFrom = null;
  if (brushing) setBrushing(false);
  mode.textContent = state.focus ? mode.textContent : "";
});

// ---- search ----------------------------------------------------------------------------
const search = document.getElementById("kg-search");
const status = document.getElementById("kg-search-status");
const names = document.getElementById("kg-names");
search.addEventListener("focus", () => {  // the names to complete, made when first needed
  [...new Set(data.nodes.map((n) => n.label))].slice(0, 5000).forEach((name) => {
    const option = el("option");
    option.value = name;
    names.appendChild(option);
  });
}, { once: true });
let matches = [], cursor = -1;
function findMatches(query) {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  // Exact names first, then names that start with the query, then shorter names.
  const rank = (n) => {
    const name = n.label.toLowerCase();
    return [name === q ? 0 : name.startsWith(q) ? 1 : 2, name.length];
  };
  const hits = data.nodes.filter((n) => !isHidden(n.id) && n.label.toLowerCase().includes(q))
    .map((n) => [rank(n), n.id]);
  hits.sort((a, b) => a[0][0] - b[0][0] || a[0][1] - b[0][1]);
  return hits.map(([, id]) => id);
}
function focusNext() {
  if (!matches.length) return;
  cursor = (cursor + 1) % matches.length;
  select(matches[cursor], "search");
  network.focus(matches[cursor], { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
  status.textContent = (cursor + 1) + " of " + matches.length + (matches.length > 1 ? " · Enter for next" : "");
}
function showMatches(found) {
  matches = found;
  cursor = -1;
  status.textContent = search.value.trim() ? (matches.length ? matches.length + " found · Enter to show" : "no match") : "";
}
search.addEventListener("input", () => {
  showMatches(findMatches(search.value));
  if (matches.length && nodeInfo.get(matches[0]).label === search.value) focusNext();
  askServer(search.value);
});
// Served by the API (body[data-search]): the server's full-text hits that are nodes of this view come
// first (sentences, aliases, article text: what names alone miss), then the names found here.
// Opened as a file, or when the server does not answer, the names found here are all there is.
const byIri = new Map(data.nodes.filter((n) => n.iri).map((n) => [n.iri, n.id]));
let asked = 0, askTimer = null;
function askServer(query) {
  const url = document.body.dataset.search;
  clearTimeout(askTimer);
  if (!url || !query.trim()) return;
  const ticket = ++asked;
  askTimer = setTimeout(() => {
    fetch(url + "?limit=100&q=" + encodeURIComponent(query), { headers: { accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((found) => {
        if (!found || ticket !== asked || cursor !== -1) return;  // stale, or the analyst has moved on
        const hits = found.items.map((hit) => byIri.get(hit.iri)).filter((id) => id && !isHidden(id));
        showMatches([...new Set([...hits, ...findMatches(query)])]);
      })
      .catch(() => {});
  }, 200);
}
search.addEventListener("keydown", (event) => {
  if (event.key === "Enter") { event.preventDefault(); focusNext(); }
});
function find(query) {
  search.value = query;
  matches = findMatches(query);
  cursor = -1;
  focusNext();
  return matches.slice();
}

document.getElementById("kg-fit").addEventListener("click", () => fitGraph());
document.getElementById("kg-show-all").addEventListener("click", showAll);
document.getElementById("kg-time-clear").addEventListener("click", () => setDateRange(null, null));
document.getElementById("kg-time-fit").addEventListener("click", fitTimeline);

applyFilters();
showHint();
window.kgView = {
  network, nodes, edges, timeline, map, markers, state,
  select, find, visibleNodeIds, setFilter, setDateRange, resetFilters,
  focusNeighbourhood, expand, showAll, showPath, showCausalChain,
  timelineItemIds: () => timelineItems.getIds().filter((id) => id !== RANGE_ID),
  mapPlaceIds: () => [...markers.keys()].filter((id) => map.hasLayer(markers.get(id))),
  highlightedPlaces: () => mapHighlighted.slice(),
  timelineSelection: () => timeline.getSelection(),
  selectedNodes: () => network.getSelectedNodes(),
  labelBoxes: () => labelBoxes.map((b) => Object.assign({}, b)),  // names drawn by the last frame (labels.js)
};
let graphDrawn = false;
function markReady() {
  if (!graphDrawn || (timelineEvents.length && !timelineDrawn) || document.body.dataset.ready) return;
  document.body.dataset.ready = "1";
  document.body.dataset.readyMs = String(Math.round(performance.now()));
}
network.once("afterDrawing", () => { performance.mark("kg-graph-drawn"); graphDrawn = true; markReady(); });
timeline.on("changed", () => { if (timelineDrawn) { performance.mark("kg-timeline-drawn"); markReady(); } });
fitGraph();
fitTimeline();

// ?focus=<node>, its IRI or its path under https://w3id.org/newskg/id/ (the SPARQL editor's links):
// select that node and centre the graph on it.
const wanted = new URLSearchParams(location.search).get("focus");
if (wanted) {
  const id = [wanted, "https://w3id.org/newskg/id/" + wanted].find((candidate) => nodeInfo.has(candidate));
  if (id && !isHidden(id)) {
    network.focus(id, { scale: Math.max(network.getScale(), 1) });
    select(id, "link");
  } else {
    mode.textContent = "Not in this view: " + clip(wanted, 60);
  }
}
performance.mark("kg-main");
