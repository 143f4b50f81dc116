"""Events reported by several articles are one instance; analyst merges and splits hold in the store."""

import datetime as dt

import pytest

from kg.ingest import read_articles
from kg.derive.instances import INSTANCES_GRAPH, instances_graph
from kg.pipeline import ingest
from kg.graph.shacl import validate
from kg.store import Store

try:
    from tests.helpers import PREFIXES, REPO, kg, reference_article
except ModuleNotFoundError:
    from helpers import PREFIXES, REPO, kg, reference_article

KERMAN_FOLLOW_UP = REPO / "examples" / "articles" / "06_kerman_claim_2024-01-04.txt"
MISSILES = REPO / "examples" / "articles" / "05_iran_missiles_iraq_2020-01-08.txt"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cross") / "store"
    with Store(path) as store:
        ingest(store, read_articles([reference_article(), KERMAN_FOLLOW_UP, MISSILES]))
    return path


@pytest.fixture(scope="module")
def store(store_path):
    with Store(store_path) as opened:
        yield opened


def test_the_kerman_blasts_are_one_event_across_articles(store):
    rows = store.select(PREFIXES + """SELECT ?e (COUNT(DISTINCT ?article) AS ?articles) WHERE {
        ?e a kgo:Explosion ; kgo:timeValue "2024-01-03" ; kgo:hasMention/kgo:inArticle ?article }
        GROUP BY ?e""")
    assert [r["articles"] for r in rows] == [2], rows


def test_the_later_report_gives_the_toll_and_earlier_claims_stay(store):
    rows = store.select(PREFIXES + """SELECT ?killed WHERE {
        ?e a kgo:Explosion ; kgo:timeValue "2024-01-03" ; kgo:killed ?killed }""")
    assert [r["killed"] for r in rows] == [84]  # lowered to 84 on 2024-01-04, after 73 on 2024-01-03
    latest = store.select(PREFIXES + """SELECT ?c ?date WHERE {
        ?c kgo:about ?e ; kgo:claimProperty "killed" ; kgo:isLatest true ; kgo:reportedAt ?date .
        ?e a kgo:Explosion ; kgo:timeValue "2024-01-03" }""")
    assert [str(r["date"]) for r in latest] == ["2024-01-04"]
    values = store.select(PREFIXES + """SELECT DISTINCT ?v WHERE {
        ?c kgo:about ?e ; kgo:claimProperty "killed" ; kgo:claimValue ?v . ?e a kgo:Explosion }""")
    assert {20, 50, 73, 103, 84} <= {r["v"] for r in values}


def test_the_killing_is_one_event_across_articles(store):
    rows = store.select(PREFIXES + """SELECT ?e (COUNT(DISTINCT ?article) AS ?articles) WHERE {
        ?e a kgo:Killing ; kgo:timeValue "2020-01-03" ; kgo:hasMention/kgo:inArticle ?article } GROUP BY ?e""")
    assert [r["articles"] for r in rows] == [2], rows


def test_the_union_of_articles_passes_the_shapes(store):
    result = validate(store.dataset())
    assert result.conforms, "\n".join(result.results[:10])
    assert store.contains_graph(INSTANCES_GRAPH)


def test_instances_graph_leaves_settled_tolls_alone():
    rows = [{"claim": "urn:c1", "event": "urn:e", "property": "killed", "value": 5, "date": "2024-01-01"},
            {"claim": "urn:c2", "event": "urn:e", "property": "killed", "value": 3, "date": "2024-01-02"},
            {"claim": "urn:c3", "event": "urn:f", "property": "killed", "value": 9, "latest": True}]
    graph = instances_graph(rows)
    assert {(str(s), str(o)) for s, p, o in graph if str(p).endswith("killed")} == {("urn:e", "3")}


def test_analyst_merge_and_split_are_recorded_and_honoured(store_path, tmp_path):
    path = tmp_path / "store"
    import shutil

    shutil.copytree(store_path, path)
    count = PREFIXES + """SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kgo:Actor ; kgo:hasMention ?m .
        FILTER(STRENDS(STR(?a), "/actor/irgc") || STRENDS(STR(?a), "/actor/irgc-quds-force")) }"""
    result = kg("merge", "actor/irgc-quds-force", "actor/irgc", "--reason", "a branch of it", "--store", path)
    assert "merged" in result.stdout
    with Store(path) as opened:
        assert opened.select(count)[0]["n"] == 1
        decision = opened.select(PREFIXES + """SELECT ?reason ?score WHERE { GRAPH kgr:graph\\/decisions {
            ?d a kgo:MergeDecision ; kgo:mergeInto kgr:actor\\/irgc ; kgo:mergeReason ?reason ; kgo:mergeScore ?score } }""")
        assert decision and "a branch of it" in decision[0]["reason"] and decision[0]["score"] == 1.0
        assert validate(opened.dataset()).conforms
    kg("split", "actor/irgc", "--store", path)
    with Store(path) as opened:
        assert opened.select(count)[0]["n"] == 2
        assert opened.query(PREFIXES + "ASK { GRAPH kgr:graph\\/decisions { ?d a kgo:SplitDecision } }")
    missing = kg("merge", "actor/nobody", "actor/irgc", "--store", path, check=False)
    assert missing.returncode != 0 and "no instance" in missing.stderr


def test_each_reporting_article_dates_its_report_and_the_timeline_can_show_undated_events(store):
    from kg import query

    rows = store.select(PREFIXES + """SELECT ?e (MIN(?day) AS ?first) (COUNT(DISTINCT ?day) AS ?reports) WHERE {
      ?e a kgo:Explosion ; kgo:reportedOn ?day } GROUP BY ?e""")
    kerman = [r for r in rows if "kerman" in r["e"]]
    assert [(str(r["first"]), int(r["reports"])) for r in kerman] == [("2024-01-03", 2)]  # both articles' days
    # undated: no span of days; a bound alone from the article date ("on or before 2024-01-03") dates nothing
    undated = store.select(PREFIXES + """SELECT ?e ?earliest ?latest WHERE { ?e a kgo:Event
      OPTIONAL { ?e kgo:earliest ?earliest } OPTIONAL { ?e kgo:latest ?latest } FILTER(!BOUND(?earliest) || !BOUND(?latest)) }""")
    assert undated, "the reference article has statements with no time of their own"
    bounded = {query.local_id(r["e"]): f"on or before {r['latest']}" if r.get("latest") else f"on or after {r['earliest']}"
               for r in undated if r.get("earliest") or r.get("latest")}
    assert bounded, "some are bounded by the article date"
    dated_only = query.timeline(store)
    with_undated = query.timeline(store, undated=True)
    assert not any(item["reported"] for item in dated_only["items"])
    reported = [item for item in with_undated["items"] if item["reported"]]
    assert {item["id"] for item in reported} == {query.local_id(r["e"]) for r in undated}
    assert all(item["type"] == "point" and "kg-reported" in item["className"] and item["end"] is None
               and f"{bounded.get(item['id'], 'time unknown')}, first reported" in item["title"] for item in reported)
    starts = [item["start"] for item in with_undated["items"]]
    assert starts == sorted(starts)  # one time order, reports among the dated events
    within = query.timeline(store, query.EventFilter(start=dt.date(2024, 1, 1)), undated=True)
    assert not any(item["reported"] for item in within["items"])  # a date range says nothing of unknown times
