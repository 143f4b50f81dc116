// map.js: geocoded places on an offline Leaflet map. The only layer is a Natural Earth
// 1:110m country outline inlined in the page (no tiles, no requests); places are circle
// markers sized by how many events happened there, and follow the same selection.

const mapBox = document.getElementById("kg-map");
const places = data.nodes.filter((n) => n.lat !== undefined && n.lon !== undefined);
const markers = new Map();
let map = null;
const MARKER = { radius: 5, color: "#2E6B27", weight: 1, fillColor: "#54A24B", fillOpacity: 0.85 };
const MARKER_ON = { color: "#7A1F1F", weight: 3, fillColor: "#E45756", fillOpacity: 1 };

if (!places.length) {
  mapBox.classList.add("kg-map-empty");
  mapBox.appendChild(el("p", "No geocoded places in this graph.", "kg-hint"));
} else {
  map = L.map(mapBox, { attributionControl: false, worldCopyJump: true, minZoom: 1, maxZoom: 12,
                        zoomSnap: 0.25, preferCanvas: true }).setView([20, 0], 1);
  const world = JSON.parse(document.getElementById("kg-world").textContent);
  L.geoJSON(topojson.feature(world, world.objects.countries), {
    interactive: false,
    style: { color: "#A7B4BC", weight: 0.6, fillColor: "#F4F1EA", fillOpacity: 1 },
  }).addTo(map);
  places.forEach((n) => {
    const events = [...neighbours.get(n.id)].filter((id) => nodeInfo.get(id).kind === "event").length;
    const marker = L.circleMarker([n.lat, n.lon], Object.assign({}, MARKER,
      { radius: Math.min(places.length > 100 ? 8 : 14, 4 + 2 * Math.sqrt(events)) }));
    // Leaflet would innerHTML a string tooltip: give it an element.
    marker.bindTooltip(tip([n.label, n.type, events + (events === 1 ? " event" : " events")]),
                       { direction: "top", offset: [0, -4] });
    marker.on("click", () => select(n.id, "map"));  // main.js
    marker.addTo(map);
    markers.set(n.id, marker);
  });
  fitMap();
}

function fitMap(ids) {
  if (!map) return;
  const points = (ids || [...markers.keys()]).filter((id) => markers.has(id) && map.hasLayer(markers.get(id)))
    .map((id) => [nodeInfo.get(id).lat, nodeInfo.get(id).lon]);
  if (!points.length) return;
  map.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: points.length === 1 ? 5 : 6, animate: false });
}
function showOnMap(visible) {
  if (!map) return;
  markers.forEach((marker, id) => {
    if (visible.has(id) && !map.hasLayer(marker)) marker.addTo(map);
    if (!visible.has(id) && map.hasLayer(marker)) marker.remove();
  });
}
let mapHighlighted = [];
function highlightOnMap(ids) {
  if (!map) return;
  mapHighlighted.forEach((id) => markers.get(id).setStyle(MARKER));
  mapHighlighted = ids.filter((id) => markers.has(id));
  mapHighlighted.forEach((id) => markers.get(id).setStyle(MARKER_ON).bringToFront());
  const onMap = mapHighlighted.filter((id) => map.hasLayer(markers.get(id)));
  if (!onMap.length) return;
  const bounds = map.getBounds();
  if (!onMap.some((id) => bounds.contains(markers.get(id).getLatLng()))) fitMap(onMap);
}
function placesOf(id) {
  // The place itself, an event's places, or the places of an actor's events.
  const n = nodeInfo.get(id);
  if (!n) return [];
  if (markers.has(id)) return [id];
  const around = [...neighbours.get(id)];
  const direct = around.filter((other) => markers.has(other));
  if (n.kind === "event" || direct.length) return direct;
  return [...new Set(around.flatMap((other) => [...neighbours.get(other)].filter((p) => markers.has(p))))];
}
performance.mark("kg-map");
