"""Acceptance: the reference article, ingested by the CLI into a fresh on-disk store, queried with SPARQL."""

import pytest

from kg.shacl import validate
from kg.store import Store

try:
    from tests.helpers import PREFIXES, kg, reference_article
except ModuleNotFoundError:
    from helpers import PREFIXES, kg, reference_article


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("reference") / "store"
    result = kg("ingest", reference_article(), "--store", path)
    assert "1 article(s) added" in result.stdout
    return path


@pytest.fixture(scope="module")
def store(store_path):
    with Store(store_path) as opened:
        yield opened


def events(store, event_type, time):
    return store.select(PREFIXES + f"""
        SELECT ?e ?place WHERE {{
          ?e a kgo:{event_type} ; kgo:timeValue "{time}" .
          OPTIONAL {{ ?e kgo:hasPlace/rdfs:label ?place }}
        }}""")


def test_soleimani_killing_at_baghdad_airport(store):
    found = events(store, "Killing", "2020-01-03")
    assert any("Baghdad" in row.get("place", "") for row in found), found
    targets = store.select(PREFIXES + """SELECT ?name WHERE {
        ?e a kgo:Killing ; kgo:timeValue "2020-01-03" ; kgo:hasTarget/rdfs:label ?name }""")
    assert any("Soleimani" in row["name"] for row in targets)


def test_drone_strike_in_beirut_the_day_before(store):
    found = events(store, "DroneStrike", "2024-01-02")
    assert any(row.get("place") == "Beirut" for row in found), found
    agents = store.select(PREFIXES + """SELECT ?name WHERE {
        ?e a kgo:DroneStrike ; kgo:hasAgent/rdfs:label ?name }""")
    assert {"Israel"} <= {row["name"] for row in agents}


def test_explosions_in_kerman_on_the_article_date(store):
    found = events(store, "Explosion", "2024-01-03")
    assert any(row.get("place") == "Kerman" for row in found), found
    within = store.select(PREFIXES + 'SELECT ?c WHERE { ?k rdfs:label "Kerman" ; kgo:within/rdfs:label ?c }')
    assert {"Iran"} == {row["c"] for row in within}


def test_temporal_chain_killing_strike_blasts(store):
    assert store.query(PREFIXES + """ASK {
        ?killing a kgo:Killing ; kgo:timeValue "2020-01-03" .
        ?strike a kgo:DroneStrike ; kgo:timeValue "2024-01-02" .
        ?blast a kgo:Explosion ; kgo:timeValue "2024-01-03" .
        ?killing kgo:before+ ?strike . ?strike kgo:before+ ?blast .
    }""")
    evidence = store.select(PREFIXES + """SELECT ?evidence WHERE {
        ?link a kgo:TemporalLink ; kgo:linkSource|kgo:linkTarget ?strike ; kgo:evidence ?evidence .
        ?strike a kgo:DroneStrike }""")
    assert evidence and all(row["evidence"] for row in evidence)


def test_causal_edges_carry_their_evidence(store):
    links = store.select(PREFIXES + """SELECT ?cause ?effect ?evidence ?cue ?confidence WHERE {
        ?link a kgo:CausalLink ; kgo:linkSource ?cause ; kgo:linkTarget ?effect ;
              kgo:evidence ?evidence ; kgo:confidence ?confidence .
        OPTIONAL { ?link kgo:cue ?cue }
        ?cause kgo:causes ?effect }""")
    assert links
    assert all(len(row["evidence"]) > 20 and 0 <= row["confidence"] <= 1 for row in links)


def test_soleimani_is_one_actor_with_several_mentions(store):
    rows = store.select(PREFIXES + """SELECT ?actor (COUNT(DISTINCT ?m) AS ?mentions) WHERE {
        ?actor a kgo:Person ; kgo:hasMention ?m ; rdfs:label ?label .
        FILTER(CONTAINS(?label, "Soleimani")) } GROUP BY ?actor""")
    assert len(rows) == 1, rows
    assert rows[0]["mentions"] >= 3
    aliases = store.select(PREFIXES + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?alias WHERE { ?a a kgo:Person ; rdfs:label "Qassem Soleimani" ; skos:altLabel ?alias }""")
    assert "Soleimani" in {row["alias"] for row in aliases}


def test_every_fact_points_back_to_its_sentence(store):
    text = reference_article().read_text(encoding="utf-8")
    rows = store.select(PREFIXES + """SELECT ?anchor ?start ?end ?articleText WHERE {
        ?m a kgo:Mention ; kgo:anchorText ?anchor ; kgo:startOffset ?start ; kgo:endOffset ?end ;
           kgo:inArticle/kgo:articleText ?articleText }""")
    assert rows
    for row in rows:
        assert row["articleText"][row["start"]:row["end"]] == row["anchor"]
        assert row["anchor"] in text


def test_the_graph_passes_the_shacl_shapes(store):
    result = validate(store.dataset())
    assert result.conforms, "\n".join(result.results[:10])


def test_reingest_is_idempotent(tmp_path):
    path = tmp_path / "store"
    kg("ingest", reference_article(), "--store", path)
    with Store(path) as opened:
        before = len(opened)
    result = kg("ingest", reference_article(), "--store", path)
    assert "0 article(s) added, 1 already in the store" in result.stdout
    with Store(path) as opened:
        assert len(opened) == before
