"""Acceptance: the reference article, ingested by the CLI into a fresh on-disk store, queried with SPARQL."""

import pytest

from kg.graph.shacl import validate
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


# --- the event graph (issue 4) -------------------------------------------------------


def test_killing_of_soleimani_with_target_agent_and_place(store):
    rows = store.select(PREFIXES + """SELECT ?e ?place ?target ?agent WHERE {
        ?e a kgo:Killing ; kgo:timeValue "2020-01-03" ; kgo:hasPlace/rdfs:label ?place ;
           kgo:hasTarget/rdfs:label ?target ; kgo:hasAgent/rdfs:label ?agent }""")
    assert any("Baghdad" in r["place"] for r in rows), rows
    assert {r["target"] for r in rows} == {"Qassem Soleimani"}
    assert {r["agent"] for r in rows} & {"Trump", "United States"}
    assert len({r["e"] for r in rows}) == 1


def test_iran_missile_strikes_after_and_caused_by_the_killing(store):
    rows = store.select(PREFIXES + """SELECT ?strike ?agent ?target ?place ?cue WHERE {
        ?strike a kgo:MissileStrike ; kgo:timeValue "2020" ; kgo:hasAgent/rdfs:label ?agent ;
                kgo:hasTarget/rdfs:label ?target ; kgo:hasPlace/rdfs:label ?place .
        ?killing a kgo:Killing ; kgo:timeValue "2020-01-03" ; kgo:causes ?strike ; kgo:before ?strike .
        ?link a kgo:CausalLink ; kgo:linkSource ?killing ; kgo:linkTarget ?strike ; kgo:cue ?cue }""")
    assert rows, "no missile strike caused by and after the killing"
    assert {r["agent"] for r in rows} == {"Iran"}
    assert "United States" in {r["target"] for r in rows} and "Iraq" in {r["place"] for r in rows}


def test_drone_strike_killed_the_deputy_head_of_hamas(store):
    rows = store.select(PREFIXES + """SELECT ?victim WHERE {
        ?strike a kgo:DroneStrike ; kgo:timeValue "2024-01-02" ; kgo:causes ?killing .
        ?killing a kgo:Killing ; kgo:hasTarget/rdfs:label ?victim }""")
    assert any("Hamas" in r["victim"] for r in rows), rows


def test_kerman_blasts_are_one_event_with_the_latest_toll_and_earlier_claims(store):
    events = store.select(PREFIXES + """SELECT DISTINCT ?e ?killed ?injured WHERE {
        ?e a kgo:Explosion ; kgo:timeValue "2024-01-03" ; kgo:hasPlace/rdfs:label "Kerman" ;
           kgo:killed ?killed ; kgo:injured ?injured }""")
    assert [(r["killed"], r["injured"]) for r in events] == [(73, 170)]
    mentions = store.select(PREFIXES + f"""SELECT DISTINCT ?anchor WHERE {{ <{events[0]['e']}> kgo:hasMention/kgo:anchorText ?anchor }}""")
    anchors = {r["anchor"].lower() for r in mentions}
    assert {"explosions", "blasts", "attacks", "bombing"} <= anchors, anchors
    claims = store.select(PREFIXES + f"""SELECT ?value ?source ?latest ?date WHERE {{
        ?c a kgo:Claim ; kgo:about <{events[0]['e']}> ; kgo:claimProperty "killed" ; kgo:claimValue ?value ;
           kgo:reportedAt ?date .
        OPTIONAL {{ ?c kgo:reporterName ?source }} OPTIONAL {{ ?c kgo:isLatest ?latest }} }}""")
    latest = [r for r in claims if r.get("latest")]
    assert [r["value"] for r in latest] == [73] and "emergency services" in latest[0]["source"]
    assert {20, 50} <= {r["value"] for r in claims if not r.get("latest")}
    assert {str(r["date"]) for r in claims} == {"2024-01-03"}  # report time beside the event time: bitemporal


def test_iran_vows_to_punish_caused_by_the_blasts(store):
    assert store.query(PREFIXES + """ASK {
        ?blast a kgo:Explosion ; kgo:timeValue "2024-01-03" ; kgo:causes ?vow .
        ?vow a kgo:Threat ; kgo:hasAgent/rdfs:label "Iran" }""")


def test_nasrallah_planned_speech(store):
    assert store.query(PREFIXES + """ASK {
        ?speech a kgo:Speech ; kgo:timeValue "2024-01-03" ; kgo:hasAgent/rdfs:label "Hassan Nasrallah" }""")


@pytest.mark.parametrize("name", ["Iran", "Israel", "Hamas", "Hezbollah", "IRGC"])
def test_one_actor_per_name(store, name):
    rows = store.select(PREFIXES + f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?actor WHERE {{ ?actor a kgo:Actor ; rdfs:label|skos:altLabel "{name}" }}""")
    assert len(rows) == 1, rows


def test_soleimani_titles_and_roles_are_attributes_and_names(store):
    rows = store.select(PREFIXES + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?title ?alias WHERE { ?a rdfs:label "Qassem Soleimani" ; kgo:title ?title ; skos:altLabel ?alias }""")
    assert "Iran's top commander" in {r["title"] for r in rows}
    assert "Iran's top commander" in {r["alias"] for r in rows}


def test_event_types_carry_cameo_and_plover_codes(store):
    assert store.query(PREFIXES + """ASK { ?e a kgo:Bombing ; kgo:cameoCode "183" ; kgo:ploverCode "ASSAULT" }""")


def test_confidence_is_in_range_and_filterable(store):
    scores = store.select(PREFIXES + """SELECT ?x ?c WHERE {
        { ?x a kgo:Event ; kgo:confidence ?c } UNION { ?x a kgo:Link ; kgo:confidence ?c }
        UNION { ?x a kgo:MergeDecision ; kgo:mergeScore ?c } }""")
    assert scores and all(0 <= r["c"] <= 1 for r in scores)
    confident = store.select(PREFIXES + """SELECT ?e WHERE { ?e a kgo:Event ; kgo:confidence ?c FILTER(?c >= 0.85) }""")
    assert 0 < len(confident) < len({r["x"] for r in scores if "/event/" in r["x"]})


def test_merges_keep_their_reason_and_score(store):
    rows = store.select(PREFIXES + """SELECT ?reason ?score WHERE {
        ?d a kgo:MergeDecision ; kgo:mergeInto ?e ; kgo:mergeReason ?reason ; kgo:mergeScore ?score . ?e a kgo:Event }""")
    assert rows and all(r["reason"] and 0 < r["score"] <= 1 for r in rows)
