"""The kg command as a user runs it: outputs, formats, and one-line errors that change nothing."""

import csv
import io
import json

import networkx as nx
import pytest
import rdflib

from kg.store import Store, StoreError

try:
    from tests.helpers import PREFIXES, REPO, kg
except ModuleNotFoundError:
    from helpers import PREFIXES, REPO, kg

ARTICLE = REPO / "examples" / "articles" / "03_turkey_syria_earthquake_2023-02-07.txt"


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


def test_a_bad_file_in_a_batch_writes_nothing(store_path, tmp_path):
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\x00\x01\x02 date 2024-01-01 not text\xff\xfe")
    with Store(store_path) as opened:
        before = len(opened)
    good = REPO / "examples" / "articles" / "01_hong_kong_march_2019-06-17.txt"
    assert_one_line_error(kg("ingest", good, binary, "--store", store_path, check=False), "bad.txt")
    with Store(store_path) as opened:
        assert len(opened) == before


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
