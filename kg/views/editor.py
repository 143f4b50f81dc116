"""The SPARQL editor a browser gets at ``GET /sparql``: YASGUI on this server's own endpoint.

YASGUI (vendored in ``assets/yasgui/``) is loaded from the server's ``/assets/`` route, and the
page's Content-Security-Policy lets it connect to this server only. Our script
(``client/editor.js``) declares our prefixes to the editor and to the results table, lists the
example questions of the README and the SPARQL cookbook (``notebooks/03_sparql_cookbook.ipynb``;
``tests/api/test_sparql_editor.py`` keeps the two in step), and links the IRIs of our instances to the
graph view focused on them (``/view?focus=event/…``). ``/sparql?query=…`` opens with that query
and runs it (YASGUI's share links), so a query can be passed on as a link.
"""

from __future__ import annotations

import html
from functools import lru_cache
from importlib import resources
from string import Template

from kg.views.html import _script_text, script_json
from kg.vocab import KGR, SPARQL_PREFIXES

#: (title, query) of each example question: a first look, the README's, then the cookbook's thirteen in order
EXAMPLES = (
    ("Latest events", """SELECT ?event ?label ?time WHERE { ?event a kgo:Event ; rdfs:label ?label ; kgo:timeValue ?time }
ORDER BY DESC(?time) LIMIT 20"""),
    ("Attacks of every kind, drone strikes included", """SELECT ?event ?label ?type WHERE {
  ?event a kgo:Attack ; a ?type ; rdfs:label ?label . FILTER(STRSTARTS(STR(?type), STR(kgo:)) && ?type != kgo:Event)
} ORDER BY ?label"""),
    ("Events in a date range, in time order", """SELECT ?label ?time WHERE { ?e a kgo:Event ; rdfs:label ?label ; kgo:timeValue ?time ;
  kgo:earliest ?start . FILTER(?start >= "2020-01-01"^^xsd:date && ?start < "2021-01-01"^^xsd:date) } ORDER BY ?start"""),
    ("Events near a place (within 500 km of Baghdad)", """SELECT DISTINCT ?label ?place WHERE {
  ?city rdfs:label "Baghdad" ; geo:lat ?lat0 ; geo:long ?long0 .
  ?e a kgo:Event ; rdfs:label ?label ; kgo:hasPlace ?p . ?p rdfs:label ?place ; geo:lat ?lat ; geo:long ?long .
  FILTER((?lat - ?lat0) * (?lat - ?lat0) + (?long - ?long0) * (?long - ?long0) < 20) }"""),
    ("Actors in attacks (any subclass: strikes, bombings, shootings)", """SELECT ?actor (COUNT(DISTINCT ?e) AS ?attacks) WHERE {
  ?e a kgo:Attack ; kgo:hasParticipant/rdfs:label ?actor } GROUP BY ?actor ORDER BY DESC(?attacks)"""),
    ("Who did what to whom", """SELECT ?agent ?event ?target WHERE { ?e rdfs:label ?event ; kgo:hasAgent/rdfs:label ?agent ;
  kgo:hasTarget/rdfs:label ?target } ORDER BY ?agent"""),
    ("Conflicting casualty claims, by source", """SELECT ?event ?property ?value ?source ?reported WHERE {
  ?c a kgo:Claim ; kgo:about/rdfs:label ?event ; kgo:claimProperty ?property ; kgo:claimValue ?value .
  OPTIONAL { ?c kgo:reporterName ?source } OPTIONAL { ?c kgo:reportedAt ?reported } } ORDER BY ?event ?reported"""),
    ("Causal chains (property path over kgo:causes)",
     """SELECT ?cause ?effect WHERE { ?a kgo:causes+ ?b . ?a rdfs:label ?cause . ?b rdfs:label ?effect }"""),
    ("Causal links with their evidence and cue", """SELECT ?cause ?effect ?cue ?evidence WHERE { ?l a kgo:CausalLink ; kgo:linkSource/rdfs:label ?cause ;
  kgo:linkTarget/rdfs:label ?effect ; kgo:evidence ?evidence . OPTIONAL { ?l kgo:cue ?cue } }"""),
    ("What happened before a given event",
     """SELECT DISTINCT ?earlier WHERE { ?e a kgo:Earthquake . ?x kgo:before ?e ; rdfs:label ?earlier }"""),
    ("Places and the countries they are in",
     """SELECT ?place ?country WHERE { ?p kgo:within ?c . ?p rdfs:label ?place . ?c rdfs:label ?country } ORDER BY ?country"""),
    ("An actor's names and the articles that mention it", """SELECT ?name (GROUP_CONCAT(DISTINCT ?alias; separator=", ") AS ?aliases) (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?a a kgo:Person ; rdfs:label ?name ; kgo:hasMention/kgo:inArticle ?article . OPTIONAL { ?a skos:altLabel ?alias } }
  GROUP BY ?name ORDER BY DESC(?articles) LIMIT 10"""),
    ("Provenance: the sentences behind an event", """SELECT ?event ?anchor ?sentence WHERE { ?e a kgo:Merger ; rdfs:label ?event ; kgo:hasMention ?m .
  ?m kgo:anchorText ?anchor ; kgo:sentenceText ?sentence }"""),
    ("Busiest days", """SELECT ?day (COUNT(DISTINCT ?e) AS ?events) WHERE { ?e a kgo:Event ; kgo:timePrecision "day" ; kgo:earliest ?day }
  GROUP BY ?day ORDER BY DESC(?events) LIMIT 5"""),
    ("Reports of one event across articles", """SELECT ?report ?time ?event ?reason ?score WHERE { ?d a kgo:CoreferenceDecision ; kgo:mergedFrom ?v ; kgo:mergeInto ?k ;
  kgo:mergeReason ?reason ; kgo:mergeScore ?score . ?v rdfs:label ?report ; kgo:timeValue ?time . ?k rdfs:label ?event }
  ORDER BY ?report"""),
)

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'">
<title>newskg: SPARQL</title>
<link rel="stylesheet" href="$assets/yasgui/yasgui.min.css">
<style>
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; background: #fafafa; }
.kg-bar { display: flex; align-items: baseline; gap: 14px; padding: 8px 14px; background: #263238; color: #eceff1; }
.kg-bar h1 { font-size: 17px; margin: 0; font-weight: 600; }
.kg-bar span { font-size: 12px; color: #b0bec5; }
.kg-bar a { color: #eceff1; font-size: 13px; }
.kg-bar a:first-of-type { margin-left: auto; }
.kg-editor { display: grid; grid-template-columns: 260px minmax(0, 1fr); align-items: start; }
.kg-examples { padding: 8px 12px; border-right: 1px solid #ddd; background: #fff; min-height: calc(100vh - 40px); }
.kg-examples h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: #607d8b; margin: 4px 0 8px; }
.kg-examples ol { margin: 0; padding-left: 20px; }
.kg-examples li { margin: 0 0 6px; }
.kg-examples button { border: 0; padding: 0; background: none; color: #1565c0; text-align: left; font: inherit; cursor: pointer; }
.kg-examples button:hover { text-decoration: underline; }
#kg-yasgui { min-width: 0; padding: 0 8px; }
</style>
</head>
<body>
<header class="kg-bar">
  <h1>newskg SPARQL</h1>
  <span>prefixes known without PREFIX: $prefixes</span>
  <a href="$root/view">graph view</a>
  <a href="$root/docs">API</a>
</header>
<main class="kg-editor">
  <nav class="kg-examples" aria-label="Example questions">
    <h2>Example questions</h2>
    <ol id="kg-examples"></ol>
  </nav>
  <div id="kg-yasgui"></div>
</main>
<script type="application/json" id="kg-editor-config">$config</script>
<script src="$assets/yasgui/yasgui.min.js"></script>
<script>$script</script>
</body>
</html>
""")


def render_editor(endpoint: str, root: str = "") -> str:
    """The editor page for the SPARQL endpoint at ``endpoint`` (an absolute URL), the API's other routes
    (``/assets``, ``/view``) under ``root`` (a proxy's root path, or "")."""
    config = {"endpoint": endpoint, "prefixes": SPARQL_PREFIXES, "instances": str(KGR), "view": f"{root}/view",
              "examples": [{"title": title, "query": query} for title, query in EXAMPLES]}
    root = html.escape(root)
    return PAGE.substitute(assets=f"{root}/assets", root=root, prefixes=", ".join(SPARQL_PREFIXES),
                           config=script_json(config), script=_script())


@lru_cache(maxsize=1)
def _script() -> str:
    return _script_text(resources.files("kg.views").joinpath("client", "editor.js").read_text(encoding="utf-8"))
