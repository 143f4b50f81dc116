// panel.js: the side panel: what the selected node or edge is, its evidence, sources,
// time and confidence, its links, and the actions on it (neighbourhood, causal chain,
// path to another node).

const panel = document.getElementById("kg-panel");

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
function valueBlock(value) {
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
function nodeList(ids, limit) {
  const ul = el("ul");
  ids.slice(0, limit || 80).forEach((id) => {
    const n = nodeInfo.get(id);
    const li = el("li");
    li.appendChild(button(n.label, () => select(id, "panel")));
    if (n.start) li.appendChild(el("span", " " + n.start, "kg-date"));
    ul.appendChild(li);
  });
  if (ids.length > (limit || 80)) ul.appendChild(el("li", "and " + (ids.length - (limit || 80)) + " more"));
  return ul;
}
function actions(id) {
  const n = nodeInfo.get(id);
  const bar = el("div", null, "kg-actions");
  bar.appendChild(button("Neighbourhood", () => focusNeighbourhood(id), "kg-action"));
  bar.appendChild(button("Expand", () => expand(id), "kg-action"));
  if (n.kind === "event" && incident.get(id).some((e) => edgeInfo.get(e).kind === "causal")) {
    bar.appendChild(button("Causal chain", () => showCausalChain(id), "kg-action"));
  }
  bar.appendChild(button("Path to…", () => startPath(id), "kg-action"));
  return bar;
}

function showHint() {
  panel.replaceChildren(el("p", "Click a node, an edge, a timeline item or a place on the map to see its " +
    "evidence, sources and time. Ctrl-click a second node to see the path between them.", "kg-hint"));
}
function showNode(id) {
  const n = nodeInfo.get(id);
  const details = n.details || {};
  panel.replaceChildren(el("h2", n.label), el("p", describe(n), "kg-sub"),
    facts([["Time", spanText(n) || details.time], ["Precision", n.precision && n.precision !== "day" ? n.precision : null],
           ["Confidence", n.confidence], ["Coordinates", n.lat !== undefined ? n.lat + ", " + n.lon : null],
           ["IRI", n.iri]]),
    actions(id));
  Object.keys(details).forEach((key) => {
    if (key === "time" && (!n.date || n.date === details.time)) return;  // already in Time
    if ((key === "lat" || key === "long") && n.lat !== undefined) return;  // in Coordinates
    if (key === "confidence" && n.confidence !== null) return;
    panel.appendChild(section(key.replace(/_/g, " "), valueBlock(details[key])));
  });
  const links = incident.get(id);
  if (links.length) {
    const ul = el("ul");
    links.slice(0, 60).forEach((edgeId) => {
      const e = edgeInfo.get(edgeId);
      const outgoing = e.from === id;
      const other = nodeInfo.get(outgoing ? e.to : e.from);
      const text = (outgoing ? "→ " : "← ") + e.label + (outgoing ? " → " : " ← ") + other.label;
      const li = el("li");
      li.appendChild(button(text, () => select(edgeId, "panel")));
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
    dd.appendChild(button(n.label, () => select(n.id, "panel")));
    ends.appendChild(dd);
  });
  panel.appendChild(ends);
  panel.appendChild(facts([["Confidence", e.confidence], ["Cue", e.cue]]));
  if (e.evidence) panel.appendChild(section("Evidence", el("blockquote", e.evidence)));
}
function showPair(a, b) {
  panel.replaceChildren(el("h2", "Two nodes selected"), nodeList([a, b]),
    el("div", null, "kg-actions"));
  panel.lastChild.appendChild(button("Show the path between them", () => showPath(a, b), "kg-action"));
}
function showPathPanel(a, b, path) {
  const title = "Path: " + nodeInfo.get(a).label + " → " + nodeInfo.get(b).label;
  if (!path) {
    panel.replaceChildren(el("h2", title), el("p", "No path between them among the visible nodes.", "kg-hint"));
    return;
  }
  const ol = el("ol", null, "kg-path");
  path.nodes.forEach((id, i) => {
    const li = el("li");
    li.appendChild(button(nodeInfo.get(id).label, () => select(id, "panel")));
    if (i < path.edges.length) {
      const e = edgeInfo.get(path.edges[i]);
      li.appendChild(el("div", (e.from === id ? "→ " : "← ") + e.label + " (" + e.kind + ")", "kg-sub"));
    }
    ol.appendChild(li);
  });
  panel.replaceChildren(el("h2", title), el("p", (path.nodes.length - 1) + " steps", "kg-sub"), ol);
}
function showChainPanel(id, chain) {
  const n = nodeInfo.get(id);
  panel.replaceChildren(el("h2", "Causal chain of " + n.label), el("p", spanText(n) || "", "kg-sub"));
  panel.appendChild(section("Led to it (" + chain.causes.length + ")",
    chain.causes.length ? nodeList(chain.causes.sort(byTime)) : el("p", "nothing recorded", "kg-hint")));
  panel.appendChild(section("Followed from it (" + chain.effects.length + ")",
    chain.effects.length ? nodeList(chain.effects.sort(byTime)) : el("p", "nothing recorded", "kg-hint")));
  const evidence = el("ul");
  chain.edges.slice(0, 40).forEach((edgeId) => {
    const e = edgeInfo.get(edgeId);
    const li = el("li");
    li.appendChild(button(nodeInfo.get(e.from).label + " → " + nodeInfo.get(e.to).label,
                          () => select(edgeId, "panel")));
    if (e.evidence) li.appendChild(el("blockquote", e.evidence));
    evidence.appendChild(li);
  });
  if (chain.edges.length) panel.appendChild(section("Evidence", evidence));
}
