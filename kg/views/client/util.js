// util.js: the page's data and indexes, DOM helpers that never parse markup, dates,
// and the small graph searches (neighbours, shortest path, causal chain).
//
// The client files are concatenated by kg.views.html, in the order of CLIENT_SCRIPTS,
// inside one function scope: later files use what earlier ones define. Every piece of
// graph data reaches the DOM through textContent or a DOM property, never innerHTML,
// and every tooltip handed to a library is a DOM element, not a string (vis-network,
// vis-timeline and Leaflet all parse string tooltips as HTML).

performance.mark("kg-start");
const data = JSON.parse(document.getElementById("kg-data").textContent);
const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;

const nodeInfo = new Map(data.nodes.map((n) => [n.id, n]));
const edgeInfo = new Map(data.edges.map((e) => [e.id, e]));
const neighbours = new Map(data.nodes.map((n) => [n.id, new Set()]));
const incident = new Map(data.nodes.map((n) => [n.id, []]));
data.edges.forEach((e) => {
  neighbours.get(e.from).add(e.to);
  neighbours.get(e.to).add(e.from);
  incident.get(e.from).push(e.id);
  if (e.to !== e.from) incident.get(e.to).push(e.id);
});
data.nodes.forEach((n) => {
  n.t0 = dayStart(n.start);
  n.t1 = n.end ? dayStart(n.end) + DAY : null;  // exclusive end: a day lasts until midnight
  // an event whose own time is unknown stands on the timeline at the day it was first reported
  n.r0 = n.t0 === null && n.reported ? dayStart(n.reported) : null;
});
const events = data.nodes.filter((n) => n.kind === "event");
const datedEvents = events.filter((n) => n.t0 !== null);
const reportedEvents = events.filter((n) => n.r0 !== null);
const timelineEvents = datedEvents.concat(reportedEvents);

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
function button(text, onClick, className) {
  const b = el("button", text, className || "kg-link");
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

// ---- dates: ISO days <-> local-midnight milliseconds (vis-timeline works in local time) ----
function dayStart(iso) {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!m) return null;
  const d = new Date(0);
  d.setFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
function isoDay(ms) {
  const d = new Date(ms);
  const pad = (v) => String(v).padStart(2, "0");
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
}
function spanText(n) {
  if (n.t0 === null) return n.r0 !== null ? "time unknown, first reported " + n.reported : n.date || null;
  if (n.start === n.end) return n.start;
  return (n.date ? n.date + ": " : "") + n.start + " to " + n.end;
}

// ---- graph searches, over the nodes a predicate accepts ------------------------------
function shortestPath(source, target, allowed) {
  if (source === target) return { nodes: [source], edges: [] };
  const previous = new Map([[source, null]]);
  let frontier = [source];
  while (frontier.length && !previous.has(target)) {
    const next = [];
    frontier.forEach((id) => {
      incident.get(id).forEach((edgeId) => {
        const e = edgeInfo.get(edgeId);
        const other = e.from === id ? e.to : e.from;
        if (previous.has(other) || !allowed(other, edgeId)) return;
        previous.set(other, [id, edgeId]);
        next.push(other);
      });
    });
    frontier = next;
  }
  if (!previous.has(target)) return null;
  const path = { nodes: [target], edges: [] };
  for (let step = previous.get(target); step; step = previous.get(step[0])) {
    path.nodes.unshift(step[0]);
    path.edges.unshift(step[1]);
  }
  return path;
}
function causalChain(id) {
  // Causes upstream and consequences downstream, following causal edges only.
  const walk = (start, forward) => {
    const seen = new Set([start]), edgesOnWay = new Set();
    const queue = [start];
    while (queue.length) {
      const at = queue.shift();
      incident.get(at).forEach((edgeId) => {
        const e = edgeInfo.get(edgeId);
        if (e.kind !== "causal" || (forward ? e.from : e.to) !== at) return;
        const other = forward ? e.to : e.from;
        edgesOnWay.add(edgeId);
        if (!seen.has(other)) { seen.add(other); queue.push(other); }
      });
    }
    seen.delete(start);
    return { nodes: seen, edges: edgesOnWay };
  };
  const up = walk(id, false), down = walk(id, true);
  return { causes: [...up.nodes], effects: [...down.nodes], edges: [...up.edges, ...down.edges] };
}
function byTime(a, b) {
  const na = nodeInfo.get(a), nb = nodeInfo.get(b);
  return (na.t0 ?? Infinity) - (nb.t0 ?? Infinity) || na.label.localeCompare(nb.label);
}
