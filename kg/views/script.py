"""The browser side of the view: draw, filter, search, show details.

Reads the JSON block written by ``kg.views.html`` and drives vis-network.
Every piece of graph data reaches the DOM through ``textContent`` or a DOM
property, never ``innerHTML``, and tooltips are DOM elements, not strings
(vis-network would parse a string title as HTML). ``window.kgView`` is a
small API for tests and for analysts in the console; ``body[data-ready]``
turns to "1" after the first drawing.
"""

VIEW_JS = r"""
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const nodeInfo = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeInfo = new Map(data.edges.map((e) => [e.id, e]));
  const panel = document.getElementById("kg-panel");
  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function describe(n) {
    return [n.kind, n.type].filter(Boolean).join(" · ");
  }
  function tip(lines) {
    const box = el("div", null, "kg-tip");
    lines.filter(Boolean).forEach((line, i) => box.appendChild(el(i ? "div" : "strong", line)));
    return box;
  }
  function clip(text, limit) {
    text = String(text);
    return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
  }

  const nodes = new vis.DataSet(data.nodes.map((n) => Object.assign(
    { id: n.id, hidden: false, title: tip([n.label, describe(n), n.date]) }, n.vis)));
  const edges = new vis.DataSet(data.edges.map((e) => Object.assign(
    { id: e.id, from: e.from, to: e.to, hidden: false,
      title: tip([e.label + " (" + e.kind + ")", e.evidence && clip(e.evidence, 200)]) }, e.vis)));

  const network = new vis.Network(document.getElementById("kg-network"), { nodes, edges }, {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: !data.big, tooltipDelay: 200, hideEdgesOnDrag: data.big,
                   hideEdgesOnZoom: data.big, multiselect: false },
    nodes: { borderWidth: 1, font: { size: 13, face: "system-ui, sans-serif", color: "#222",
             strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { selectionWidth: 2, font: { size: 10, color: "#555", align: "middle",
             strokeWidth: 3, strokeColor: "#ffffff" } },
  });

  // ---- side panel --------------------------------------------------------
  function section(title, body) {
    const frag = document.createDocumentFragment();
    frag.appendChild(el("h3", title));
    frag.appendChild(body);
    return frag;
  }
  function facts(pairs) {
    const dl = el("dl");
    pairs.filter(([, v]) => v !== null && v !== undefined && v !== "").forEach(([k, v]) => {
      dl.appendChild(el("dt", k));
      dl.appendChild(el("dd", typeof v === "number" ? v.toFixed(2) : v));
    });
    return dl;
  }
  function linkOrText(value) {
    const text = String(value);
    if (/^https?:\/\/\S+$/i.test(text)) {
      const a = el("a", text);
      a.href = text;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      return a;
    }
    return document.createTextNode(text);
  }
  function valueBlock(key, value) {
    if (Array.isArray(value)) {
      const ul = el("ul");
      value.forEach((item) => {
        const li = el("li");
        li.appendChild(linkOrText(typeof item === "object" ? JSON.stringify(item) : item));
        ul.appendChild(li);
      });
      return ul;
    }
    if (value && typeof value === "object") return el("pre", JSON.stringify(value, null, 2));
    const p = el("p");
    p.appendChild(linkOrText(value));
    return p;
  }
  function button(text, onClick) {
    const b = el("button", text, "kg-link");
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function showHint() {
    panel.replaceChildren(el("p", "Click a node or an edge to see its evidence, sources and time.", "kg-hint"));
  }
  function showNode(id) {
    const n = nodeInfo.get(id);
    const details = n.details || {};
    panel.replaceChildren(el("h2", n.label), el("p", describe(n), "kg-sub"),
      facts([["Time", n.date || details.time], ["Confidence", n.confidence], ["IRI", n.iri]]));
    Object.keys(details).forEach((key) => {
      if (key === "time" && (!n.date || n.date === details.time)) return;  // already in Time
      panel.appendChild(section(key.replace(/_/g, " "), valueBlock(key, details[key])));
    });
    const links = network.getConnectedEdges(id);
    if (links.length) {
      const ul = el("ul");
      links.slice(0, 60).forEach((edgeId) => {
        const e = edgeInfo.get(edgeId);
        const outgoing = e.from === id;
        const other = nodeInfo.get(outgoing ? e.to : e.from);
        const text = (outgoing ? "→ " : "← ") + e.label + (outgoing ? " → " : " ← ") + other.label;
        const li = el("li");
        li.appendChild(button(text, () => select(edgeId)));
        ul.appendChild(li);
      });
      if (links.length > 60) ul.appendChild(el("li", "and " + (links.length - 60) + " more"));
      panel.appendChild(section("Links (" + links.length + ")", ul));
    }
  }
  function showEdge(id) {
    const e = edgeInfo.get(id);
    const from = nodeInfo.get(e.from), to = nodeInfo.get(e.to);
    panel.replaceChildren(el("h2", e.label), el("p", e.kind + " link", "kg-sub"));
    const ends = el("dl");
    [["From", from], ["To", to]].forEach(([k, n]) => {
      ends.appendChild(el("dt", k));
      const dd = el("dd");
      dd.appendChild(button(n.label, () => select(n.id)));
      ends.appendChild(dd);
    });
    panel.appendChild(ends);
    panel.appendChild(facts([["Confidence", e.confidence], ["Cue", e.cue]]));
    if (e.evidence) panel.appendChild(section("Evidence", el("blockquote", e.evidence)));
  }
  function select(id) {
    id = String(id);
    if (nodeInfo.has(id)) {
      network.selectNodes([id]);
      showNode(id);
      return true;
    }
    if (edgeInfo.has(id)) {
      network.selectEdges([id]);
      showEdge(id);
      return true;
    }
    return false;
  }
  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else showHint();
  });

  // ---- legend and filters ------------------------------------------------
  const shown = { kinds: new Set(), eventTypes: new Set(), edgeKinds: new Set() };
  function swatch(row, group) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "22");
    svg.setAttribute("height", "14");
    let shape;
    if (group === "edgeKinds") {
      shape = document.createElementNS(SVG, "line");
      [["x1", 1], ["y1", 7], ["x2", 21], ["y2", 7], ["stroke", row.color],
       ["stroke-width", Math.max(1.5, row.width)]].forEach(([k, v]) => shape.setAttribute(k, v));
      if (row.dashes) shape.setAttribute("stroke-dasharray", Array.isArray(row.dashes) ? row.dashes.join(" ") : "5 4");
    } else {
      const points = { diamond: "11,1 17,7 11,13 5,7", triangle: "11,1 17,13 5,13",
                       hexagon: "8,1 14,1 17,7 14,13 8,13 5,7", square: "6,2 16,2 16,12 6,12" };
      shape = points[row.shape] ? document.createElementNS(SVG, "polygon")
                                : document.createElementNS(SVG, "circle");
      if (points[row.shape]) shape.setAttribute("points", points[row.shape]);
      else { shape.setAttribute("cx", 11); shape.setAttribute("cy", 7); shape.setAttribute("r", 6); }
      shape.setAttribute("fill", row.color);
    }
    svg.appendChild(shape);
    return svg;
  }
  function applyFilters() {
    const nodeUpdates = [], edgeUpdates = [];
    data.nodes.forEach((n) => {
      const hidden = !shown.kinds.has(n.kind) || (n.kind === "event" && !shown.eventTypes.has(n.eventType));
      if (nodes.get(n.id).hidden !== hidden) nodeUpdates.push({ id: n.id, hidden });
    });
    nodes.update(nodeUpdates);
    data.edges.forEach((e) => {
      const hidden = !shown.edgeKinds.has(e.kind) || nodes.get(e.from).hidden || nodes.get(e.to).hidden;
      if (edges.get(e.id).hidden !== hidden) edgeUpdates.push({ id: e.id, hidden });
    });
    edges.update(edgeUpdates);
    updateCounts();
  }
  const filters = document.getElementById("kg-filters");
  [["kinds", "Nodes"], ["eventTypes", "Event types"], ["edgeKinds", "Links"]].forEach(([group, title]) => {
    const rows = data.legend[group];
    if (!rows.length) return;
    filters.appendChild(el("h2", title));
    rows.forEach((row) => {
      shown[group].add(row.key);
      const label = el("label");
      const box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.group = group;
      box.dataset.key = row.key;
      box.addEventListener("change", () => {
        if (box.checked) shown[group].add(row.key); else shown[group].delete(row.key);
        applyFilters();
      });
      label.append(box, swatch(row, group), el("span", row.name, "kg-name"), el("span", row.count, "kg-n"));
      filters.appendChild(label);
    });
  });

  // ---- search ------------------------------------------------------------
  const search = document.getElementById("kg-search");
  const status = document.getElementById("kg-search-status");
  const names = document.getElementById("kg-names");
  [...new Set(data.nodes.map((n) => n.label))].slice(0, 5000).forEach((name) => {
    const option = el("option");
    option.value = name;
    names.appendChild(option);
  });
  let matches = [], cursor = -1;
  function findMatches(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    // Exact names first, then names that start with the query, then shorter names.
    const rank = (n) => {
      const name = n.label.toLowerCase();
      return [name === q ? 0 : name.startsWith(q) ? 1 : 2, name.length];
    };
    const hits = data.nodes.filter((n) => !nodes.get(n.id).hidden && n.label.toLowerCase().includes(q))
      .map((n) => [rank(n), n.id]);
    hits.sort((a, b) => a[0][0] - b[0][0] || a[0][1] - b[0][1]);
    return hits.map(([, id]) => id);
  }
  function focusNext() {
    if (!matches.length) return;
    cursor = (cursor + 1) % matches.length;
    select(matches[cursor]);
    network.focus(matches[cursor], { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
    status.textContent = (cursor + 1) + " of " + matches.length + (matches.length > 1 ? " · Enter for next" : "");
  }
  search.addEventListener("input", () => {
    matches = findMatches(search.value);
    cursor = -1;
    status.textContent = search.value.trim() ? (matches.length ? matches.length + " found · Enter to show" : "no match") : "";
    if (matches.length && nodeInfo.get(matches[0]).label === search.value) focusNext();
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); focusNext(); }
  });
  document.getElementById("kg-fit").addEventListener("click", () => network.fit({ maxZoomLevel: 1.5, animation: { duration: 300 } }));

  function visibleNodeIds() {
    return nodes.getIds({ filter: (n) => !n.hidden });
  }
  function updateCounts() {
    const visible = visibleNodeIds().length;
    const total = data.nodes.length;
    document.getElementById("kg-counts").textContent =
      (visible === total ? total : visible + " of " + total) + " nodes · " + data.edges.length + " links";
  }

  function find(query) {
    search.value = query;
    matches = findMatches(query);
    cursor = -1;
    focusNext();
    return matches.slice();
  }

  updateCounts();
  showHint();
  window.kgView = { network, nodes, edges, select, visibleNodeIds, find };
  network.once("afterDrawing", () => { document.body.dataset.ready = "1"; });
  network.fit({ maxZoomLevel: 1.5, animation: false });
})();
"""
