"""The kg command as a user runs it: outputs, formats, and one-line errors that change nothing."""

import csv
import io
import json

import networkx as nx
import pytest
import rdflib

from kg.ingest import article_id
from kg.store import Store, StoreError

try:
    from tests.helpers import PREFIXES, REPO, kg
except ModuleNotFoundError:
    from helpers import PREFIXES, REPO, kg

ARTICLE = REPO / "examples" / "articles" / "03_turkey_syria_earthquake_2023-02-07.txt"
KGR = "https://w3id.org/newskg/id/"
# written for these tests: short reports of real events, one in a file whose name an IRI cannot hold as it is
GOOD_ARTICLES = {
    "stocks fall 9%, again.txt": "date 2020-03-12\nStocks in New York fell 9% on Thursday, their worst day since "
                                 "1987, as fears over the coronavirus grew.\n",
    "quake.txt": "date 2023-02-06\nA powerful earthquake struck southern Turkey and northern Syria on Monday, "
                 "killing thousands of people.\n",
    "march.txt": "date 2019-06-16\nHundreds of thousands of people marched in Hong Kong on Sunday against the "
                 "extradition bill.\n",
}
TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>US_stocks_see_9%_drop</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2020-03-13" temporalFunction="false" functionInContext="CREATION_TIME">March 13, 2020</TIMEX3></DCT>
<TEXT>US stocks <EVENT eid="e1" class="OCCURRENCE">fell</EVENT> 9% on <TIMEX3 tid="t1" type="DATE" value="2020-03-12">Thursday</TIMEX3>, their worst day since 1987, before a <EVENT eid="e2" class="OCCURRENCE">rebound</EVENT> on <TIMEX3 tid="t2" type="DATE" value="2020-03-13">Friday</TIMEX3>.</TEXT>
</TimeML>
"""


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    kg("ingest", ARTICLE, REPO / "examples" / "sample.jsonl", "--store", path)
    return path


def assert_one_line_error(result, fragment):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert fragment in lines[0]


def test_extract_prints_the_json_contract():
    result = kg("extract", ARTICLE)
    article, = json.loads(result.stdout)["articles"]
    assert {"id", "date", "title", "text", "timexes", "events", "entities", "relations"} <= set(article)
    assert article["date"] == "2023-02-07"
    text = article["text"]
    for key, fields in {"timexes": {"start", "end", "text", "type", "value"},
                        "events": {"id", "start", "end", "text", "class", "type", "time", "place", "participants"},
                        "entities": {"id", "start", "end", "text", "label", "canonical"}}.items():
        assert article[key], key
        for item in article[key]:
            assert fields <= set(item)
            assert text[item["start"]:item["end"]] == item["text"]
    ids = {e["id"] for e in article["events"]} | {t["id"] for t in article["timexes"]} | {"dct"}
    allowed = {"causes", "before", "after", "includes", "is_included", "simultaneous", "overlaps", "vague"}
    for relation in article["relations"]:
        assert relation["type"] in allowed
        assert relation["source"] in ids and relation["target"] in ids
    assert any(e["type"] == "Earthquake" for e in article["events"])


def test_query_formats(store_path):
    sparql = PREFIXES + "SELECT ?label WHERE { ?e a kgo:Earthquake ; rdfs:label ?label } ORDER BY ?label"
    rows = json.loads(kg("query", sparql, "--store", store_path, "--format", "json").stdout)
    assert rows and all("earthquake" in row["label"] for row in rows)
    table = list(csv.DictReader(io.StringIO(kg("query", sparql, "--store", store_path, "--format", "csv").stdout)))
    assert [r["label"] for r in table] == [r["label"] for r in rows]
    assert "label" in kg("query", sparql, "--store", store_path).stdout
    assert kg("query", PREFIXES + "ASK { ?e a kgo:Event }", "--store", store_path).stdout.strip() == "true"


@pytest.mark.parametrize(("fmt", "parse"), [
    ("ttl", lambda data: rdflib.Graph().parse(data=data, format="turtle")),
    ("nt", lambda data: rdflib.Graph().parse(data=data, format="nt")),
    ("jsonld", lambda data: rdflib.Graph().parse(data=data, format="json-ld")),
    ("trig", lambda data: rdflib.Dataset().parse(data=data, format="trig")),
    ("graphml", lambda data: nx.read_graphml(io.BytesIO(data))),
    ("csv", lambda data: list(csv.DictReader(io.StringIO(data.decode())))),
])
def test_export_formats_parse_back(store_path, tmp_path, fmt, parse):
    out = tmp_path / f"graph.{fmt}"
    kg("export", "--store", store_path, "--format", fmt, "--output", out)
    parsed = parse(out.read_bytes())
    assert len(parsed) > 10


def test_trig_export_keeps_one_graph_per_article(store_path, tmp_path):
    out = tmp_path / "graph.trig"
    kg("export", "--store", store_path, "--format", "trig", "--output", out)
    dataset = rdflib.Dataset().parse(out, format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert len([n for n in names if "/article/" in n]) == 3


@pytest.mark.parametrize(("args", "fragment"), [
    (["ingest", "/no/such/file.txt"], "no such file"),
    (["query", "SELEC nothing"], "error at"),
    (["export", "--format", "pdf"], "unknown export format"),
    (["ingest", "--date", "2024-13-45", str(ARTICLE)], "not a date"),
    (["ingest", "--date", "20240101", str(ARTICLE)], "--date '20240101' is not a date: use YYYY-MM-DD"),
    (["ingest", "--date", "2024-W01-1", str(ARTICLE)], "--date '2024-W01-1' is not a date: use YYYY-MM-DD"),
])
def test_bad_input_is_one_clear_line(store_path, args, fragment):
    result = kg(*args, "--store", store_path, check=False)
    assert_one_line_error(result, fragment)


def test_missing_store_is_reported(tmp_path):
    assert_one_line_error(kg("query", "ASK {}", "--store", tmp_path / "none", check=False), "no store")


def test_a_bad_file_in_a_strict_batch_writes_nothing(store_path, tmp_path):
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\x00\x01\x02 date 2024-01-01 not text\xff\xfe")
    with Store(store_path) as opened:
        before = len(opened)
    good = REPO / "examples" / "articles" / "01_hong_kong_march_2019-06-17.txt"
    assert_one_line_error(kg("ingest", good, binary, "--strict", "--store", store_path, check=False), "bad.txt")
    with Store(store_path) as opened:
        assert len(opened) == before


def stored_articles(path) -> list[str]:
    with Store(path) as opened:
        return sorted(row["a"] for row in opened.select(PREFIXES + "SELECT ?a WHERE { ?a a kgo:Article }"))


def test_a_batch_stores_its_good_articles_and_names_the_bad_one(tmp_path):
    folder, store = tmp_path / "batch", tmp_path / "store"
    folder.mkdir()
    for name, text in GOOD_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01\x02 not an article \xff")

    strict = kg("ingest", folder, "--strict", "--store", store, check=False)
    assert_one_line_error(strict, "b.txt: binary file")
    assert not store.exists()  # all or nothing: nothing

    result = kg("ingest", folder, "--store", store, check=False)
    assert_one_line_error(result, f"{folder / 'b.txt'}: binary file, not an article")  # one line: file and reason
    assert "3 article(s) added, 0 already in the store, 1 failed" in result.stdout
    first = stored_articles(store)
    assert len(first) == 3
    again = kg("ingest", folder, "--store", store, check=False)  # the same ids: all three skipped
    assert_one_line_error(again, "b.txt: binary file")
    assert "0 article(s) added, 3 already in the store, 1 failed" in again.stdout
    assert stored_articles(store) == first


def test_a_timeml_file_named_with_a_percent_sign_ingests_under_a_stable_id(tmp_path):
    path, store = tmp_path / "US_stocks_see_9%_drop.tml", tmp_path / "store"
    path.write_text(TIMEML, encoding="utf-8")
    assert "1 article(s) added" in kg("ingest", path, "--store", store).stdout
    assert stored_articles(store) == [KGR + "article/" + article_id("US_stocks_see_9%_drop")]
    assert article_id("US_stocks_see_9%_drop").startswith("US_stocks_see_9-_drop-")
    assert "0 article(s) added, 1 already in the store" in kg("ingest", path, "--store", store).stdout
    assert "1 article(s) deleted" in kg("delete", "US_stocks_see_9%_drop", "--store", store).stdout  # by its name


def test_a_store_in_folders_not_made_yet_is_made_with_them(tmp_path):
    (tmp_path / "quake.txt").write_text(GOOD_ARTICLES["quake.txt"], encoding="utf-8")
    store = tmp_path / "runs" / "2026" / "store"
    assert "1 article(s) added" in kg("ingest", tmp_path / "quake.txt", "--store", store).stdout
    assert len(stored_articles(store)) == 1


def test_a_broken_json_line_is_named_and_the_other_lines_are_stored(tmp_path):
    path, store = tmp_path / "wire.jsonl", tmp_path / "store"
    path.write_text("\n".join([
        json.dumps({"id": "wire #1: 9% off?", "date": "2020-03-12", "url": "https://example.org/markets/stocks fall 9%",
                    "text": "Stocks in Tokyo fell 9% on Thursday as the coronavirus spread."}),
        '{"date": "2020-03-13", "text": "The line breaks off here',
        json.dumps({"date": "2020-03-16", "text": "The Federal Reserve cut interest rates to near zero on Sunday."}),
    ]) + "\n", encoding="utf-8")
    result = kg("ingest", path, "--store", store, check=False)
    assert_one_line_error(result, f"{path}: line 2: not valid JSON")
    assert "2 article(s) added, 0 already in the store, 1 failed" in result.stdout
    assert KGR + "article/" + article_id("wire #1: 9% off?") in stored_articles(store)


def test_view_and_export_of_an_empty_or_missing_store_are_one_line_errors(tmp_path):
    Store(tmp_path / "empty").close()
    result = kg("view", "--store", tmp_path / "empty", "--output", tmp_path / "view.html", check=False)
    assert_one_line_error(result, "holds no events")
    assert not (tmp_path / "view.html").exists()
    folder = tmp_path / "not a store"
    folder.mkdir()
    for command in ("view", "export"):
        assert_one_line_error(kg(command, "--store", folder, check=False), "no store at")
    assert list(folder.iterdir()) == []  # no store made where none was


def test_a_failed_write_leaves_the_store_as_it_was(tmp_path):
    with Store(tmp_path / "store") as store:
        graph = rdflib.Graph()
        graph.add((rdflib.URIRef("http://example.org/a"), rdflib.RDFS.label, rdflib.Literal("kept")))
        store.put_graphs({"http://example.org/g1": graph})
        # the last operation fails at run time, after the drop and the insert have run
        with pytest.raises(StoreError):
            store.update("DROP GRAPH <http://example.org/g1> ; "
                         "INSERT DATA { GRAPH <http://example.org/g2> { <http://example.org/b> <http://example.org/p> 1 } } ; "
                         "CREATE GRAPH <http://example.org/g3> ; CREATE GRAPH <http://example.org/g3>")
        assert store.graph_names() == ["http://example.org/g1"]
        broken = rdflib.Graph()
        broken.add((rdflib.URIRef("http://example.org/bad iri"), rdflib.RDFS.label, rdflib.Literal("x")))
        with pytest.raises(StoreError):
            store.put_graphs({"http://example.org/g1": broken})
        assert store.select("SELECT ?l WHERE { ?s ?p ?l }") == [{"l": "kept"}]


def test_version():
    assert kg("version").stdout.startswith("kg ")
