// filters.js: which nodes, edges, timeline items and map markers are shown.
//
// Kind, event-type and link-kind checkboxes hide exactly what they name. The narrowing
// filters (date range, confidence, actor, place, source) choose events; actors, places
// and other nodes then stay only if a shown event links to them. A focus (a node's
// neighbourhood, grown with "Expand") further limits everything to its members.

const state = {
  kinds: new Set(), eventTypes: new Set(), edgeKinds: new Set(), factuality: new Set(),
  from: null, to: null, minConfidence: 0, actor: "", place: "", source: "",
  focus: null,
};
const filters = document.getElementById("kg-filters");

function narrowing() {
  return state.from !== null || state.to !== null || state.minConfidence > 0 ||
    Boolean(state.actor || state.place || state.source);
}
function eventShown(n) {
  if (!state.kinds.has("event") || !state.eventTypes.has(n.eventType)) return false;
  if (data.legend.factuality.length && !state.factuality.has(n.factuality || "asserted")) return false;
  if ((state.from !== null || state.to !== null) &&
      (n.t0 === null || (state.to !== null && n.t0 >= state.to) || (state.from !== null && n.t1 <= state.from))) {
    return false;
  }
  if (state.minConfidence > 0 && (n.confidence ?? 1) < state.minConfidence) return false;
  const around = neighbours.get(n.id);
  if (state.actor && !around.has(state.actor)) return false;
  if (state.place && !around.has(state.place)) return false;
  if (state.source && !((n.details || {}).sources || []).includes(state.source)) return false;
  return true;
}
function visibleSet() {
  const shown = new Set();
  events.forEach((n) => { if (eventShown(n)) shown.add(n.id); });
  const narrow = narrowing();
  data.nodes.forEach((n) => {
    if (n.kind === "event" || !state.kinds.has(n.kind)) return;
    if (!narrow || n.id === state.actor || n.id === state.place ||
        [...neighbours.get(n.id)].some((other) => shown.has(other))) shown.add(n.id);
  });
  if (state.focus) [...shown].forEach((id) => { if (!state.focus.has(id)) shown.delete(id); });
  return shown;
}
function edgeShown(e, shown) {
  if (!state.edgeKinds.has(e.kind) || !shown.has(e.from) || !shown.has(e.to)) return false;
  return !(state.minConfidence > 0 && e.confidence !== null && e.confidence !== undefined &&
           e.confidence < state.minConfidence);
}
const hiddenNow = new Set();  // node and edge ids hidden in the graph now (ids never collide)
function applyFilters() {
  const shown = visibleSet();
  const nodeUpdates = [], edgeUpdates = [];
  const change = (id, hidden, updates) => {
    if (hiddenNow.has(id) === hidden) return;
    if (hidden) hiddenNow.add(id); else hiddenNow.delete(id);
    updates.push({ id, hidden });
  };
  data.nodes.forEach((n) => change(n.id, !shown.has(n.id), nodeUpdates));
  data.edges.forEach((e) => change(e.id, !edgeShown(e, shown), edgeUpdates));
  nodes.update(nodeUpdates);
  edges.update(edgeUpdates);
  showOnTimeline(timelineEvents.filter((n) => shown.has(n.id)).map((n) => n.id));
  showOnMap(shown);
  drawRange(state.from, state.to);
  document.getElementById("kg-time-clear").hidden = state.from === null && state.to === null;
  document.getElementById("kg-show-all").hidden = !state.focus;
  updateCounts(shown);
}
function setFilter(patch) {
  Object.assign(state, patch);
  syncInputs();
  applyFilters();
}
function setDateRange(from, to) {
  setFilter({ from: from ?? null, to: to ?? null });
}

// ---- the controls ------------------------------------------------------------------------
function labelled(text, control) {
  const label = el("label", null, "kg-field");
  label.append(el("span", text), control);
  return label;
}
function chooser(id, rows) {
  const select = el("select");
  select.id = id;
  const any = el("option", "any");
  any.value = "";
  select.appendChild(any);
  rows.forEach(([value, text]) => {
    const option = el("option", text);
    option.value = value;
    select.appendChild(option);
  });
  return select;
}
function byEvents(kind) {
  // Nodes of a kind linked to at least one event, most events first.
  const count = (n) => [...neighbours.get(n.id)].filter((id) => nodeInfo.get(id).kind === "event").length;
  return data.nodes.filter((n) => n.kind === kind).map((n) => [n, count(n)]).filter(([, c]) => c)
    .sort((a, b) => b[1] - a[1] || a[0].label.localeCompare(b[0].label)).slice(0, 2000)
    .map(([n, c]) => [n.id, clip(n.label, 40) + " (" + c + ")"]);
}
const sourceCounts = new Map();
events.forEach((n) => ((n.details || {}).sources || []).forEach((s) => sourceCounts.set(s, (sourceCounts.get(s) || 0) + 1)));
const inputs = {
  from: el("input"), to: el("input"), confidence: el("input"),
  actor: chooser("kg-actor", byEvents("actor")), place: chooser("kg-place", byEvents("place")),
  source: chooser("kg-source", [...sourceCounts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(b[0]))
    .slice(0, 2000).map(([s, c]) => [s, clip(s, 40) + " (" + c + ")"])),
};
inputs.from.type = inputs.to.type = "date";
inputs.from.id = "kg-from";
inputs.to.id = "kg-to";
if (datedEvents.length) {
  inputs.from.min = inputs.to.min = isoDay(Math.min(...datedEvents.map((n) => n.t0)));
  inputs.from.max = inputs.to.max = isoDay(Math.max(...datedEvents.map((n) => n.t1 - DAY)));
}
Object.assign(inputs.confidence, { type: "range", id: "kg-confidence", min: 0, max: 1, step: 0.05, value: 0 });
const confidenceValue = el("span", "≥ 0.00", "kg-n");

function syncInputs() {
  inputs.from.value = state.from === null ? "" : isoDay(state.from);
  inputs.to.value = state.to === null ? "" : isoDay(state.to - DAY);
  inputs.confidence.value = state.minConfidence;
  confidenceValue.textContent = "≥ " + Number(state.minConfidence).toFixed(2);
  ["actor", "place", "source"].forEach((key) => { inputs[key].value = state[key]; });
}
inputs.from.addEventListener("change", () => setFilter({ from: dayStart(inputs.from.value) }));
inputs.to.addEventListener("change", () => {
  const day = dayStart(inputs.to.value);
  setFilter({ to: day === null ? null : day + DAY });
});
inputs.confidence.addEventListener("input", () => setFilter({ minConfidence: Number(inputs.confidence.value) }));
["actor", "place", "source"].forEach((key) => {
  inputs[key].addEventListener("change", () => setFilter({ [key]: inputs[key].value }));
});

filters.appendChild(el("h2", "Filter"));
filters.append(labelled("From", inputs.from), labelled("To", inputs.to));
const confidenceRow = labelled("Confidence", inputs.confidence);
confidenceRow.appendChild(confidenceValue);
filters.appendChild(confidenceRow);
[["Actor", "actor"], ["Place", "place"], ["Source", "source"]].forEach(([text, key]) => {
  if (inputs[key].options.length > 1) filters.appendChild(labelled(text, inputs[key]));
});
filters.appendChild(button("Reset filters", () => resetFilters(), "kg-action"));

// ---- legend rows double as kind / event-type / link-kind filters ----------------------
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
[["kinds", "Nodes"], ["eventTypes", "Event types"], ["factuality", "Reported as"], ["edgeKinds", "Links"]].forEach(([group, title]) => {
  const rows = data.legend[group] || [];
  if (!rows.length) return;
  filters.appendChild(el("h2", title));
  rows.forEach((row) => {
    state[group].add(row.key);
    const label = el("label", null, "kg-check");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.group = group;
    box.dataset.key = row.key;
    box.addEventListener("change", () => {
      if (box.checked) state[group].add(row.key); else state[group].delete(row.key);
      applyFilters();
    });
    // drawn of all in the store, when the view leaves some out (actors and places in no event)
    const count = row.total != null && row.total !== row.count ? `${row.count} of ${row.total}` : row.count;
    label.append(box, swatch(row, group), el("span", row.name, "kg-name"), el("span", count, "kg-n"));
    filters.appendChild(label);
  });
});

function resetFilters() {
  filters.querySelectorAll("input[type=checkbox]").forEach((box) => {
    box.checked = true;
    state[box.dataset.group].add(box.dataset.key);
  });
  setFilter({ from: null, to: null, minConfidence: 0, actor: "", place: "", source: "", focus: null });
}
function visibleNodeIds() {
  return data.nodes.map((n) => n.id).filter((id) => !hiddenNow.has(id));
}
function isHidden(id) {
  return hiddenNow.has(id);
}
function undatedNote(shown) {
  const reported = reportedEvents.filter((n) => shown.has(n.id)).length;
  const hidden = events.length - datedEvents.length - reportedEvents.length;
  const parts = (reported ? [reported + " undated at their first report"] : [])
    .concat(hidden ? [hidden + " undated not shown"] : []);
  return parts.length ? " (" + parts.join(", ") + ")" : "";
}
function updateCounts(shown) {
  const total = data.nodes.length;
  const visible = shown.size;
  const onTimeline = datedEvents.filter((n) => shown.has(n.id)).length;
  document.getElementById("kg-counts").textContent =
    (visible === total ? total : visible + " of " + total) + " nodes · " + data.edges.length + " links" +
    (data.omitted ? " · " + data.omitted + " less-connected nodes left out" : "");
  const note = document.getElementById("kg-time-note");
  note.textContent = onTimeline + (onTimeline === 1 ? " dated event" : " dated events") + undatedNote(shown);
  note.title = note.textContent;  // the bar may cut it short in a narrow window
}
performance.mark("kg-filters");
