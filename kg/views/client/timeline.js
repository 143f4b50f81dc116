// timeline.js: dated events on a vis-timeline axis (and, as hollow points, undated ones on
// the day they were first reported). An event whose date covers more
// than a day (a month, a year, "early 2024") is drawn as a hatched range from its
// earliest to its latest day. Brushing (drag with "Brush a time range" on) sets the
// date-range filter; the range then stays on the axis as a shaded band.

const timelineBox = document.getElementById("kg-timeline");
const RANGE_ID = "kg-range";  // background item showing the active date range
const manyItems = timelineEvents.length > 300;
const items = new vis.DataSet(datedEvents.map((n) => {
  const ranged = n.t1 - n.t0 > DAY;
  const colour = data.styles.nodes[n.style].color;
  const item = {
    // A day's event sits at noon, in the middle of its day on the axis.
    id: n.id, start: new Date(ranged ? n.t0 : n.t0 + DAY / 2),
    type: ranged ? "range" : manyItems ? "point" : "box",
    // planned, possible or denied events (no article asserts them) are drawn faint and dashed
    className: (ranged ? "kg-uncertain" : "kg-exact") + (n.factuality && n.factuality !== "asserted" ? " kg-unasserted" : ""),
    // Colours are ours (kg.views.style), never article text.
    style: "background-color:" + colour.background + ";border-color:" + colour.border,
    title: tip([n.label, n.type, spanText(n), n.factuality !== "asserted" ? n.factuality : ""]),
  };
  if (ranged) item.end = new Date(n.t1);  // no "end" key at all for points: focus() reads it
  return item;
}).concat(reportedEvents.map((n) => ({
  // When the news knew of it, not when it happened: a hollow point, dashed in the event's colour.
  id: n.id, start: new Date(n.r0 + DAY / 2), type: "point", className: "kg-reported",
  style: "border-color:" + data.styles.nodes[n.style].color.border,
  title: tip([n.label, n.type, spanText(n)]),
}))));
const timelineShown = new Set(items.getIds());
const timelineItems = new vis.DataView(items, {
  filter: (item) => item.id === RANGE_ID || timelineShown.has(item.id) });

const CLUSTERS = manyItems && { maxItems: 4, titleTemplate: "{count} events", showStipes: false };
const timeline = new vis.Timeline(timelineBox, timelineItems, {
  height: timelineBox.clientHeight + "px",
  stack: !manyItems,
  verticalScroll: true,  // stacked items scroll; the wheel still zooms
  cluster: CLUSTERS,
  selectable: true,
  multiselect: true,
  showCurrentTime: false,
  orientation: { axis: "bottom", item: "top" },
  zoomFriction: 8,
  zoomMin: DAY / 4,  // days are the finest time the graph knows
  margin: { item: { horizontal: 2, vertical: 4 } },
  tooltip: { followMouse: true, overflowMethod: "cap", delay: 150 },
  // Content is built as DOM text, never markup (vis-timeline would innerHTML a string).
  template: (item, element, raw) => item && item.isCluster
    ? el("span", ((raw && raw.uiItems) || item.items || []).length + " events", "kg-cluster")
    : el("span", clip(item && nodeInfo.has(item.id) ? nodeInfo.get(item.id).label : "", 48)),
  xss: { disabled: false },
});
// With no window, the timeline would fit() itself, drawing each of thousands of items once to
// measure it (a third of a second for 3,000); with one from the start, it would draw each item
// as it is added. A window given now, once the items are in, draws only the clusters it shows.
// (setOptions without `cluster` would turn clustering off.)
if (manyItems) timeline.setOptions(Object.assign(datesWindow(), { cluster: CLUSTERS }));
function datesWindow() {
  // Points have no width to allow for: the span of the dates, and a margin, will do.
  const from = Math.min(...timelineEvents.map((n) => n.t0 ?? n.r0));
  const to = Math.max(...timelineEvents.map((n) => n.t1 ?? n.r0 + DAY));
  const margin = Math.max(DAY, (to - from) * 0.05);
  return { start: new Date(from - margin), end: new Date(to + margin) };
}
// Drawn once a redraw ends with the timeline shown: it stays hidden until its first window is set.
let timelineDrawn = false;
const timelineVisible = () => timelineBox.querySelector(".vis-timeline").style.visibility !== "hidden";
timeline.on("changed", () => { timelineDrawn = timelineDrawn || timelineVisible(); });
// Given a window, it shows itself at the first redraw after that window is in place (rangechanged):
// ask for that redraw now rather than wait for the next one (up to a second later).
timeline.on("rangechanged", () => { if (!timelineDrawn) timeline.redraw(); });

function showOnTimeline(ids) {
  timelineShown.clear();
  ids.forEach((id) => timelineShown.add(id));
  timelineItems.refresh();
}
function selectOnTimeline(ids, reveal) {
  const present = ids.filter((id) => timelineShown.has(id));
  timeline.setSelection(present);
  // Bring one selected event into view, scrolling down to it if it is stacked out of sight.
  if (reveal && present.length === 1) timeline.focus(present[0], { zoom: false, animation: false });
}
function fitTimeline() {
  if (!timelineEvents.length) return;
  if (manyItems) {
    const { start, end } = datesWindow();
    timeline.setWindow(start, end, { animation: false });
    return;
  }
  // fit() allows for the width of box labels; a little more room keeps them off the edges.
  timeline.fit({ animation: false });
  timeline.zoomOut(0.1, { animation: false });
}
function drawRange(from, to) {
  if (from === null && to === null) {
    items.remove(RANGE_ID);
    return;
  }
  const extent = timeline.getItemRange();
  const start = from ?? (extent.min ? extent.min.getTime() - 365 * DAY : to - 365 * DAY);
  const end = to ?? (extent.max ? extent.max.getTime() + 365 * DAY : from + 365 * DAY);
  items.update({ id: RANGE_ID, type: "background", className: "kg-range", start: new Date(start),
                 end: new Date(end), content: "" });
}

// ---- brushing ------------------------------------------------------------------------
const brushButton = document.getElementById("kg-brush");
let brushing = false, brushFrom = null;
function setBrushing(on) {
  brushing = on;
  brushButton.setAttribute("aria-pressed", String(on));
  brushButton.classList.toggle("kg-on", on);
  timeline.setOptions({ moveable: !on, zoomable: !on, selectable: !on });
  timelineBox.classList.toggle("kg-brushing", on);
}
brushButton.addEventListener("click", () => setBrushing(!brushing));
function brushTime(event) {
  return timeline.getEventProperties(event).time.getTime();
}
timelineBox.addEventListener("pointerdown", (event) => {
  if (!brushing || event.button !== 0) return;
  brushFrom = brushTime(event);
  timelineBox.setPointerCapture(event.pointerId);
  event.preventDefault();
}, true);
timelineBox.addEventListener("pointermove", (event) => {
  if (!brushing || brushFrom === null) return;
  const at = brushTime(event);
  drawRange(Math.min(brushFrom, at), Math.max(brushFrom, at));
}, true);
timelineBox.addEventListener("pointerup", (event) => {
  if (!brushing || brushFrom === null) return;
  const at = brushTime(event);
  const from = Math.min(brushFrom, at), to = Math.max(brushFrom, at);
  brushFrom = null;
  setBrushing(false);
  if (to - from < 60000) return;  // a click, not a drag
  setDateRange(from, to);  // filters.js
}, true);
performance.mark("kg-timeline");
