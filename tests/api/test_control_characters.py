"""Control characters in articles (issue #20): cleaned at the door, by ``kg ingest`` and ``POST /articles`` alike,
so every XML the store is exported as is well-formed and mention offsets still slice the stored text; a store
that holds such a literal from before exports well-formed XML too."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from api.main import create_app
from apitest import KGR, Server, TOKEN, example_graphs, running_server, serve
from kg.config import Settings
from kg.views.export import export_bytes
from kg.store import Store

try:
    from tests.helpers import PREFIXES, kg
except ModuleNotFoundError:
    from helpers import PREFIXES, kg

UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# a file with a NUL is refused as binary; JSON carries NUL, U+FFFE and a lone surrogate as escapes
TEXT = ("Two bombs \x1b[31mexploded\x04 in Kerman, Iran, killing 94 people at a memorial for Qasem Soleimani. "
        "Iranian officials blamed Israel.\n")
RECORD = {"date": "2024-01-04", "id": "cli-json", "title": "Drone\x1b strike\x00", "source": "Wire\ufffe",
          "url": "https://example.org/a\x1b",
          "text": "A drone strike\x00 killed a commander in Baghdad\ud800 on Friday, officials said.\uffff"}
POSTED_TEXT = "Rockets\x1b[31m hit\x04 a base in Erbil on Monday, officials said.\x7f"
POSTED = {"date": "2024-01-06", "id": "posted\x04-json", "title": "Protest\x1b in\x00 Tehran",
          "source": "Example\ufffe News", "text": "Thousands of people\x00 protested in Tehran\ud800 on Friday after the bombing in Kerman.\x04"}
XML_FORMATS = ("xml", "graphml", "gexf")
MENTIONS = PREFIXES + """SELECT ?article ?text ?start ?end ?anchor WHERE {
  ?mention a kgo:Mention ; kgo:inArticle ?article ; kgo:startOffset ?start ; kgo:endOffset ?end ;
           kgo:anchorText ?anchor . ?article kgo:articleText ?text }"""


def assert_clean_trig(data: bytes) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="trig")
    literals = [str(o) for _, _, o, _ in dataset.quads() if isinstance(o, rdflib.Literal)]
    assert literals and not [text for text in literals if UNSAFE.search(text)]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, bytes], list]]:
    """Hostile articles ingested by the CLI (and exported by it), then posted to a server over the same store."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "kerman.txt").write_bytes(f"date 2024-01-03\n{TEXT}".encode())
    (folder / "baghdad.jsonl").write_text(json.dumps(RECORD) + "\n")
    store = folder / "store"
    kg("ingest", "--store", store, folder / "kerman.txt")
    ingested = kg("ingest", "--store", store, folder / "baghdad.jsonl", check=False)
    exports = {fmt: kg("export", "--store", store, "--format", fmt, check=False)  # before the server holds the store
               for fmt in (*XML_FORMATS, "trig")}
    with running_server(store, TOKEN, folder / "server.log") as server:
        posted = [server.client.post("/articles", content=body, params={"date": "2024-01-05"},
                                     headers={**server.auth, "content-type": content_type})
                  for body, content_type in ((POSTED_TEXT.encode(), "text/plain"),
                                             (json.dumps(POSTED), "application/json"))]
        yield server, exports, [ingested, *posted]


def test_the_cli_exports_well_formed_xml(hostile: tuple) -> None:
    exports = hostile[1]
    for fmt, result in exports.items():
        assert result.returncode == 0, result.stderr
        if fmt == "trig":
            assert_clean_trig(result.stdout.encode())
        else:
            assert "Kerman" in result.stdout and ET.fromstring(result.stdout) is not None, fmt


def test_the_api_exports_and_sparql_xml_are_well_formed(hostile: tuple) -> None:
    client = hostile[0].client
    for fmt in XML_FORMATS:
        response = client.get("/export", params={"format": fmt})
        assert response.status_code == 200, fmt
        assert b"Erbil" in response.content and ET.fromstring(response.content) is not None, fmt
    assert_clean_trig(client.get("/export", params={"format": "trig"}).content)
    response = client.get("/sparql", params={"query": "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"},
                          headers={"accept": "application/sparql-results+xml"})
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    assert b"Tehran" in response.content and ET.fromstring(response.content) is not None


def test_every_article_is_added_with_a_clean_title_id_and_publisher(hostile: tuple) -> None:
    client, (ingested, *posted) = hostile[0].client, hostile[2]
    assert ingested.returncode == 0, ingested.stderr
    assert [response.status_code for response in posted] == [201, 201], [response.text for response in posted]
    titles = {item["title"]: item for item in client.get("/articles").json()["items"]}
    assert {"Drone strike", "Protest in Tehran"} <= set(titles)
    assert titles["Drone strike"]["publisher"] == "Wire"
    assert titles["Protest in Tehran"]["id"] == "posted-json"
    assert titles["Protest in Tehran"]["publisher"] == "Example News"


def test_mention_offsets_slice_the_stored_text(hostile: tuple) -> None:
    response = hostile[0].client.get("/sparql", params={"query": MENTIONS},
                                     headers={"accept": "application/sparql-results+json"})
    rows = [{name: cell["value"] for name, cell in row.items()} for row in response.json()["results"]["bindings"]]
    texts = {row["article"]: row["text"] for row in rows}
    assert len(texts) == 4 and not [text for text in texts.values() if UNSAFE.search(text)]
    assert UNSAFE.sub(" ", TEXT) in texts.values()  # one space for each: offsets index the file as written
    for row in rows:
        assert row["text"][int(row["start"]):int(row["end"])] == row["anchor"], row


def test_a_store_holding_control_characters_exports_well_formed_xml(tmp_path: Path) -> None:
    graphs = example_graphs()
    hostile = rdflib.Literal("Kerman\x1b bombings\x04\x00\ufffe\uffff")
    graphs[str(KGR["article/a2"])].set((KGR["event/kerman-bombing"], rdflib.RDFS.label, hostile))
    with Store(tmp_path / "store") as store:
        store.put_graphs(graphs)
        for fmt in XML_FORMATS:
            data = export_bytes(store, fmt)
            assert b"Kerman bombings" in data and ET.fromstring(data) is not None, fmt
        with serve(create_app(store=store, settings=Settings())) as client:
            for fmt in XML_FORMATS:
                response = client.get("/export", params={"format": fmt})
                assert response.status_code == 200 and ET.fromstring(response.content) is not None, fmt
