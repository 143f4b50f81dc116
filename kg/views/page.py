"""The HTML skeleton and stylesheet of the view page.

Kept as Python strings rather than asset files so they ship with the package
whatever its package-data settings. The skeleton holds no data: the graph
arrives as one JSON block that the script reads, so nothing from a news
article is ever parsed as markup. ``$``-placeholders are filled by
``kg.views.html`` with text that is already escaped for its context.
"""

from string import Template

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:">
<title>$title</title>
<style>$vis_css</style>
<style>$view_css</style>
</head>
<body>
<header class="kg-bar">
  <h1>$title</h1>
  <span class="kg-counts" id="kg-counts"></span>
  <input id="kg-search" type="search" placeholder="Find a node by name…" autocomplete="off" list="kg-names" aria-label="Find a node by name">
  <datalist id="kg-names"></datalist>
  <span class="kg-status" id="kg-search-status" aria-live="polite"></span>
  <button type="button" id="kg-fit">Fit view</button>
</header>
<main class="kg-main">
  <nav class="kg-filters" id="kg-filters" aria-label="Legend and filters"></nav>
  <div class="kg-network" id="kg-network"></div>
  <aside class="kg-panel" id="kg-panel" aria-live="polite"></aside>
</main>
<script type="application/json" id="kg-data">$data</script>
<script>$vis_js</script>
<script>$view_js</script>
</body>
</html>
""")

VIEW_CSS = """
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; background: #fafafa; }
.kg-bar { display: flex; align-items: center; gap: 12px; padding: 8px 14px; background: #263238; color: #eceff1; }
.kg-bar h1 { font-size: 17px; margin: 0; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 30vw; }
.kg-counts, .kg-status { font-size: 12px; color: #b0bec5; white-space: nowrap; }
#kg-search { flex: 0 1 320px; padding: 5px 8px; border: 1px solid #546e7a; border-radius: 4px; background: #37474f; color: #fff; }
#kg-search::placeholder { color: #90a4ae; }
#kg-fit { margin-left: auto; padding: 4px 10px; border: 1px solid #546e7a; border-radius: 4px; background: #37474f; color: #eceff1; cursor: pointer; }
.kg-main { flex: 1; display: grid; grid-template-columns: 230px 1fr 360px; min-height: 0; }
.kg-filters, .kg-panel { overflow-y: auto; padding: 10px 14px; background: #fff; }
.kg-filters { border-right: 1px solid #ddd; }
.kg-panel { border-left: 1px solid #ddd; overflow-wrap: anywhere; }
.kg-network { position: relative; min-width: 0; min-height: 0; background: #fff; }
.kg-filters h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: #607d8b; margin: 12px 0 4px; }
.kg-filters h2:first-child { margin-top: 0; }
.kg-filters label { display: flex; align-items: center; gap: 6px; padding: 2px 0; cursor: pointer; font-size: 13px; }
.kg-filters label .kg-name { min-width: 0; overflow-wrap: anywhere; }
.kg-filters label .kg-n { margin-left: auto; color: #90a4ae; font-size: 11px; }
.kg-filters svg { flex: none; }
.kg-panel h2 { font-size: 17px; margin: 2px 0 2px; }
.kg-panel h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: #607d8b; margin: 14px 0 4px; }
.kg-panel .kg-sub { color: #607d8b; margin: 0 0 8px; }
.kg-panel dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
.kg-panel dt { color: #607d8b; }
.kg-panel dd { margin: 0; }
.kg-panel ul { margin: 0; padding-left: 18px; }
.kg-panel li { margin: 2px 0; }
.kg-panel blockquote { margin: 4px 0; padding: 4px 10px; border-left: 3px solid #e45756; background: #fff5f5; }
.kg-panel .kg-hint { color: #90a4ae; }
.kg-panel button.kg-link { border: none; background: none; padding: 0; color: #1565c0; cursor: pointer; text-align: left; font: inherit; }
.kg-panel button.kg-link:hover { text-decoration: underline; }
.kg-tip { max-width: 320px; font: 12px/1.35 system-ui, sans-serif; white-space: normal; }
.kg-tip strong { display: block; }
div.vis-tooltip { padding: 6px 8px; border-radius: 4px; background: #fff; border: 1px solid #ccc; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
"""
