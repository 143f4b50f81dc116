"""Our prefixes need no PREFIX line in `kg query` and the store's queries and updates, a text may still
redeclare them, remote stores get the declarations they need, and a syntax error is one short line."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest

from kg.bounds import syntax_message
from kg.store.remote import RemoteStore, declare_prefixes
from kg.store import QueryError, Store
from kg.vocab import SPARQL_PREFIXES

try:
    from tests.helpers import kg
except ModuleNotFoundError:
    from helpers import kg

NO_PREFIX = "SELECT ?l WHERE { ?e a kgo:Event ; rdfs:label ?l } LIMIT 1"
ARTICLE = ("date 2023-02-06\nA powerful earthquake struck southern Turkey and northern Syria on Monday, "
           "killing thousands of people.\n")
#: a message is one line: where, then what was expected (a few tokens, then "…" when there were more)
SHORT_ERROR = re.compile(r"error at \d+:\d+: expected [^\n]{1,160}")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prefixes")
    (folder / "quake.txt").write_text(ARTICLE, encoding="utf-8")
    kg("ingest", folder / "quake.txt", "--store", folder / "store")
    return folder / "store"


def test_the_table_is_the_issue_s_and_comes_from_the_vocabulary():
    assert {"kgo", "kgr", "rdf", "rdfs", "owl", "xsd", "sem", "prov", "time", "geo", "skos", "schema",
            "dcterms"} <= set(SPARQL_PREFIXES)
    assert SPARQL_PREFIXES["kgo"] == "https://w3id.org/newskg/ontology#"
    assert SPARQL_PREFIXES["kgr"] == "https://w3id.org/newskg/id/" and SPARQL_PREFIXES["schema"] == "https://schema.org/"


def test_kg_query_needs_no_prefix_line(store_path):
    rows = json.loads(kg("query", NO_PREFIX, "--store", store_path, "--format", "json").stdout)
    assert len(rows) == 1 and "earthquake" in rows[0]["l"].lower()
    assert "earthquake" in kg("query", NO_PREFIX, "--store", store_path).stdout.lower()  # the table format


def test_a_query_may_redeclare_one_of_our_prefixes(store_path):
    mine = "PREFIX kgo: <http://example.org/other#> SELECT (kgo:Event AS ?c) (COUNT(?e) AS ?n) WHERE { OPTIONAL { ?e a kgo:Event } }"
    (row,) = json.loads(kg("query", mine, "--store", store_path, "--format", "json").stdout)
    assert row == {"c": "http://example.org/other#Event", "n": 0}
    assert kg("query", "ASK { ?e a kgo:Earthquake }", "--store", store_path).stdout.strip() == "true"


@pytest.mark.parametrize("text", [
    "SELECT ?l WHERE { ?e a foo:Event ; rdfs:label ?l }",  # an unknown prefix: 484 characters over 4 lines before
    "SELECT ?l WHERE {\n  ?e a kgo:Event ;\n  rdfs:label ?l \n FILTER(?l = 'x'",
])
def test_kg_query_syntax_error_is_one_short_line(store_path, text):
    result = kg("query", text, "--store", store_path, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and len(line) < 200 and SHORT_ERROR.search(line), line


def test_the_parser_message_keeps_position_and_first_tokens():
    with pytest.raises(SyntaxError) as raised:
        ox.Store().query(NO_PREFIX)
    assert len(str(raised.value)) > 400 and "\n" in str(raised.value)
    assert syntax_message(raised.value) == "error at 1:33: expected one of Prefix not found, ['%'], ['.'], [':'], …"
    with pytest.raises(SyntaxError) as raised:
        ox.Store().query('SELECT * WHERE { ?s ?p "x')
    assert syntax_message(raised.value) == r'error at 1:26: expected one of "\"", "\\", "\\U", "\\u", …'
    with pytest.raises(SyntaxError) as raised:
        ox.Store().query("SELECT ?e WHERE { ?e a }")
    assert syntax_message(raised.value) == str(raised.value)  # short already: unchanged


def test_store_updates_know_our_prefixes_too():
    store = Store()
    store.update("INSERT DATA { GRAPH kgr:article\\/p { kgr:event\\/p a kgo:Event ; rdfs:label 'p' } }")  # '/' escaped in a name
    assert store.select("SELECT ?l WHERE { <https://w3id.org/newskg/id/event/p> rdfs:label ?l }") == [{"l": "p"}]
    with pytest.raises(QueryError, match=r"^error at 1:\d+: expected"):
        store.update("INSERT DATA { GRAPH kgr:g { kgr:x a nope:Event } }")


def test_a_remote_store_declares_the_prefixes_a_text_uses_and_does_not_declare(monkeypatch):
    text = """PREFIX kgo: <http://example.org/other#>
SELECT ?e WHERE { ?e a kgo:Event ; rdfs:label "skos:not-a-name" ; <http://x/y:z> ?o ; xsd:a ?t }  # owl:Class"""
    declared = declare_prefixes(text)
    assert declared == (f"PREFIX rdfs: <{SPARQL_PREFIXES['rdfs']}> PREFIX xsd: <{SPARQL_PREFIXES['xsd']}> " + text)
    assert declared.count("\n") == text.count("\n")  # on the first line: a server's error lines stay right
    assert declare_prefixes("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    assert declare_prefixes("ASK { ?s foo:p '''a kgo:b''' }") == "ASK { ?s foo:p '''a kgo:b''' }"

    sent = []

    def answer(self, url, fields=None, **options):  # what the server would be sent, and an empty answer
        sent.append(dict(fields or ()))
        return b'{"head": {"vars": []}, "results": {"bindings": []}}', "application/sparql-results+json", {}

    monkeypatch.setattr(RemoteStore, "_request", answer)
    store = RemoteStore("http://127.0.0.1:9/sparql")
    store.query(NO_PREFIX)
    store.update("INSERT DATA { GRAPH kgr:g { kgr:x a kgo:Event } }")
    assert sent[-2]["query"].startswith(f"PREFIX kgo: <{SPARQL_PREFIXES['kgo']}> PREFIX rdfs: ")
    assert sent[-1]["update"] == (f"PREFIX kgr: <{SPARQL_PREFIXES['kgr']}> PREFIX kgo: <{SPARQL_PREFIXES['kgo']}> "
                                  "INSERT DATA { GRAPH kgr:g { kgr:x a kgo:Event } }")
