#!/usr/bin/env bash
# Re-vendor the front-end libraries of the HTML view and of the API's /docs and /redoc from the npm registry.
# Versions are pinned here; change one, run this script, run tests/views, look at the screenshots.
set -euo pipefail

VIS_TIMELINE=vis-timeline@8.5.4
LEAFLET=leaflet@1.9.4
TOPOJSON_CLIENT=topojson-client@3.1.0
WORLD_ATLAS=world-atlas@2.0.2
SWAGGER_UI=swagger-ui-dist@5.36.0
REDOC=redoc@2.5.4
YASGUI=@zazuko/yasgui@4.6.2
YASGUI_LICENSE=@triply/yasgui@4.2.28  # the package Zazuko's fork continues; it ships the MIT licence text

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack PACKAGE@VERSION (scoped too) into $work/NAME and print that folder
  local spec="$1" name="${1%@*}"
  local tarball
  tarball="$(cd "$work" && npm pack --silent "$spec" | tail -n 1)"
  mkdir -p "$work/$name"
  tar -xzf "$work/$tarball" -C "$work/$name" --strip-components=1
  echo "$work/$name"
}

src="$(unpack "$VIS_TIMELINE")"
mkdir -p "$here/vis-timeline"
# The standalone UMD build bundles vis-data, moment and its own stylesheet (injected at run time).
cp "$src/standalone/umd/vis-timeline-graph2d.min.js" "$src"/LICENSE.md "$src"/LICENSE.MIT.txt \
   "$src"/LICENSE.Apache-2.0.txt "$here/vis-timeline/"

src="$(unpack "$LEAFLET")"
mkdir -p "$here/leaflet"
cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$src/LICENSE" "$here/leaflet/"

src="$(unpack "$TOPOJSON_CLIENT")"
mkdir -p "$here/topojson-client"
cp "$src/dist/topojson-client.min.js" "$src/LICENSE" "$here/topojson-client/"

src="$(unpack "$WORLD_ATLAS")"
mkdir -p "$here/world-atlas"
# Natural Earth 1:110m country outlines as TopoJSON (~105 kB): enough for a locator map.
cp "$src/countries-110m.json" "$src/LICENSE" "$here/world-atlas/"

src="$(unpack "$SWAGGER_UI")"
mkdir -p "$here/swagger-ui"
cp "$src/swagger-ui-bundle.js" "$src/swagger-ui-bundle.js.LICENSE.txt" "$src/swagger-ui.css" \
   "$src/favicon-32x32.png" "$src/LICENSE" "$src/NOTICE" "$here/swagger-ui/"

src="$(unpack "$REDOC")"
mkdir -p "$here/redoc"
cp "$src/bundles/redoc.standalone.js" "$src/bundles/redoc.standalone.js.LICENSE.txt" "$src/LICENSE" "$here/redoc/"
# The one URL Redoc loads from the network, Redocly's logo in its menu, made an empty data: URL (the image
# hides itself when it fails to load), so /redoc requests nothing from another server.
sed -i 's|https://cdn.redoc.ly/redoc/logo-mini.svg|data:,|' "$here/redoc/redoc.standalone.js"

src="$(unpack "$YASGUI")"
mkdir -p "$here/yasgui"
# The UMD bundle (YASQE, YASR, CodeMirror, DataTables… in one file) and its stylesheet (no fonts, no url()).
cp "$src/build/yasgui.min.js" "$src/build/yasgui.min.css" "$here/yasgui/"
# Its source map is not vendored: drop the comment that points at it.
sed -i '/^\/\/# sourceMappingURL=/d' "$here/yasgui/yasgui.min.js" "$here/yasgui/yasgui.min.css"
# @zazuko/yasgui has no licence file of its own (package.json says MIT).
cp "$(unpack "$YASGUI_LICENSE")/LICENSE.txt" "$here/yasgui/LICENSE"

echo "vendored $VIS_TIMELINE $LEAFLET $TOPOJSON_CLIENT $WORLD_ATLAS $SWAGGER_UI $REDOC $YASGUI into $here"
