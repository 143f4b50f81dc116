"""The HTML skeleton of the view page.

The skeleton holds no data: the graph arrives as one JSON block that the
script reads, so nothing from a news article is ever parsed as markup.
``$``-placeholders are filled by ``kg.views.html`` with text that is already
escaped for its context (the title) or checked not to end its element
(scripts, stylesheets, JSON). The stylesheet and the script are real files in
``kg/views/client/``.
"""

from string import Template

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:$connect">
<title>$title</title>
$vendor_css
<style>$view_css</style>
</head>
<body$search>
<header class="kg-bar">
  <h1>$title</h1>
  <span class="kg-counts" id="kg-counts"></span>
  <input id="kg-search" type="search" placeholder="Find a node by name…" autocomplete="off" list="kg-names" aria-label="Find a node by name">
  <datalist id="kg-names"></datalist>
  <span class="kg-status" id="kg-search-status" aria-live="polite"></span>
  <span class="kg-mode" id="kg-mode" aria-live="polite"></span>
  <button type="button" id="kg-show-all" hidden>Show all</button>
  <button type="button" id="kg-fit">Fit view</button>
</header>
<main class="kg-main">
  <nav class="kg-filters" id="kg-filters" aria-label="Filters and legend"></nav>
  <section class="kg-centre">
    <div class="kg-network" id="kg-network"></div>
    <div class="kg-timebar">
      <strong>Timeline</strong>
      <span class="kg-hint" id="kg-time-note"></span>
      <button type="button" id="kg-brush" aria-pressed="false" title="Drag across the timeline to keep only the events of that time range">Brush a time range</button>
      <button type="button" id="kg-time-clear" hidden>Clear time range</button>
      <button type="button" id="kg-time-fit">Fit timeline</button>
    </div>
    <div class="kg-timeline" id="kg-timeline"></div>
  </section>
  <aside class="kg-side">
    <div class="kg-map" id="kg-map" aria-label="Map of geocoded places"></div>
    <div class="kg-panel" id="kg-panel" aria-live="polite"></div>
  </aside>
</main>
<script type="application/json" id="kg-data">$data</script>
<script type="application/json" id="kg-world">$world</script>
$vendor_js
<script>$view_js</script>
</body>
</html>
""")
