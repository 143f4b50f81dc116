"""kg.store.remote.RemoteStore against real SPARQL servers started here on 127.0.0.1: the Oxigraph
server (PyPI ``oxigraph``) and OpenLink Virtuoso (Debian ``virtuoso-opensource``), each in a
temporary folder on free ports, stopped when the module is done.

Every test runs once per server and compares with the embedded store given the same graphs.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.ingest import read_articles
from kg.pipeline import delete_articles, ingest
from kg.store.remote import RemoteStore, query_form
from kg.store import QueryError, Store, StoreError

try:
    from tests.helpers import assert_same_dataset
except ModuleNotFoundError:
    from helpers import assert_same_dataset

KGO = rdflib.Namespace("https://w3id.org/newskg/ontology#")
KGR = rdflib.Namespace("https://w3id.org/newskg/id/")
VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {dir}
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""
ARTICLES = {
    "a.txt": "date 2020-01-03\nA US drone strike killed General Qassem Soleimani at Baghdad airport on Friday. "
             "Ayatollah Ali Khamenei said Soleimani would be avenged.\n",
    "b.txt": "date 2020-01-05\nHuge crowds in Tehran mourned General Soleimani on Sunday. "
             "Ayatollah Ali Khamenei wept as Soleimani's coffin passed.\n",
    "c.txt": "date 2020-01-08\nIran fired missiles at US bases in Iraq on Wednesday, Reuters reported.\n",
}


# --- servers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url + "?query=ASK%20%7B%7D", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _serve(command: list[str], probe: str, log: Path, *, timeout: float = 90) -> Iterator[subprocess.Popen]:
    """Start a server, wait until ``probe`` answers, and always stop it afterwards."""
    with open(log, "wb") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, cwd=log.parent)
    try:
        deadline = time.monotonic() + timeout
        while not _answers(probe):
            if process.poll() is not None:
                pytest.fail(f"{command[0]} exited with {process.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"{command[0]} did not answer within {timeout:g} s")
            time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(binary).exists():
        pytest.skip("the Oxigraph server is not installed: pip install -e '.[test]' (PyPI package oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    for _ in _serve([binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                    url, folder / "server.log"):
        yield url


@pytest.fixture(scope="module")
def virtuoso_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("OpenLink Virtuoso is not installed: 'make system-deps' as root (Debian virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port = free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(dir=folder, sql_port=free_port(), http_port=http_port))
    # dba/dba is Virtuoso's initial account; this server listens on 127.0.0.1 only and lives for the module
    url = f"http://dba:dba@127.0.0.1:{http_port}/sparql-auth"
    command = [binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")]
    for _ in _serve(command, f"http://127.0.0.1:{http_port}/sparql", folder / "server.log"):
        yield url


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def endpoint(request: pytest.FixtureRequest) -> str:
    """The query URL of each real server in turn."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def remote(endpoint: str) -> Iterator[RemoteStore]:
    """A RemoteStore over an emptied server (its own system graphs aside)."""
    store = RemoteStore(endpoint)
    store.remove_graphs(store.graph_names())
    yield store
    store.remove_graphs(store.graph_names())


def sample_graphs() -> dict[str, rdflib.Graph]:
    graphs = {}
    for n, (label, lang) in enumerate([("Kerman bombings", None), ("Explosions à Kerman", "fr")], start=1):
        graph = rdflib.Graph()
        event, article = KGR[f"event/e{n}"], KGR[f"article/a{n}"]
        graph.add((event, rdflib.RDF.type, KGO.Event))
        graph.add((event, rdflib.RDFS.label, rdflib.Literal(label, lang=lang)))
        graph.add((event, KGO.confidence, rdflib.Literal(0.85, datatype=rdflib.XSD.double)))
        graph.add((event, KGO.killed, rdflib.Literal(94 + n)))
        graph.add((event, KGO.earliest, rdflib.Literal("2024-01-03", datatype=rdflib.XSD.date)))
        graph.add((article, KGO.articleText, rdflib.Literal('Quotes "like this",\ttabs,\nnew lines and 😀')))
        graphs[str(article)] = graph
    return graphs



# --- the store interface ---------------------------------------------------------------------


def test_graphs_round_trip_like_the_embedded_store(remote: RemoteStore) -> None:
    local = Store()
    for store in (remote, local):
        assert store.put_graphs(sample_graphs()) == 12
    assert remote.graph_names() == local.graph_names() == sorted(sample_graphs())
    assert len(remote) == len(local) == 12
    assert remote.contains_graph(str(KGR["article/a1"])) and not remote.contains_graph(str(KGR["article/zz"]))
    assert_same_dataset(remote, local)
    select = ("PREFIX kgo: <https://w3id.org/newskg/ontology#> SELECT ?e ?label ?c ?k ?d WHERE { ?e a kgo:Event ; "
              "<http://www.w3.org/2000/01/rdf-schema#label> ?label ; kgo:confidence ?c ; kgo:killed ?k ; kgo:earliest ?d } ORDER BY ?e")
    assert remote.select(select) == local.select(select)
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert isomorphic(remote.construct(construct), local.construct(construct))
    assert remote.ask("ASK { ?e a <https://w3id.org/newskg/ontology#Event> }")
    assert not remote.ask("ASK { ?e a <https://w3id.org/newskg/ontology#Protest> }")

    remote.remove_graphs([str(KGR["article/a1"])])
    assert remote.graph_names() == [str(KGR["article/a2"])] and len(remote) == 6


def test_results_are_pyoxigraph_objects_that_serialise_in_every_format(remote: RemoteStore) -> None:
    remote.put_graphs(sample_graphs())
    solutions = remote.query("SELECT ?e WHERE { ?e a <https://w3id.org/newskg/ontology#Event> } ORDER BY ?e")
    assert isinstance(solutions, ox.QuerySolutions) and [v.value for v in solutions.variables] == ["e"]
    for fmt in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV):
        again = remote.query("SELECT ?e WHERE { ?e a <https://w3id.org/newskg/ontology#Event> } ORDER BY ?e")
        assert str(KGR["event/e1"]) in again.serialize(format=fmt).decode()
    triples = remote.query("CONSTRUCT WHERE { ?e a <https://w3id.org/newskg/ontology#Event> }")
    assert isinstance(triples, ox.QueryTriples)
    assert len(rdflib.Graph().parse(data=triples.serialize(format=ox.RdfFormat.TURTLE), format="turtle")) == 2
    assert isinstance(remote.query("ASK { ?s ?p ?o }"), ox.QueryBoolean)
    named = remote.query("SELECT ?e FROM <https://w3id.org/newskg/id/article/a2> WHERE { ?e ?p ?o }", union=False)
    assert {row["e"].value for row in named} == {str(KGR["event/e2"]), str(KGR["article/a2"])}


def test_replacing_graphs_is_one_update_request(remote: RemoteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    remote.put_graphs(sample_graphs())
    sent = []
    request = remote._request
    monkeypatch.setattr(remote, "_request", lambda url, fields=None, **kw: sent.append(fields) or request(url, fields, **kw))
    new = rdflib.Graph()
    new.add((KGR["event/e3"], rdflib.RDF.type, KGO.Event))
    generation = remote.generation
    remote.put_graphs({str(KGR["article/a1"]): rdflib.Graph(), str(KGR["article/a3"]): new})
    [fields] = sent
    assert [name for name, _ in fields] == ["update"] and fields[0][1].count("DROP SILENT GRAPH") == 2
    assert remote.generation == generation + 1
    assert remote.graph_names() == [str(KGR["article/a2"]), str(KGR["article/a3"])]


def test_errors_are_one_line(remote: RemoteStore) -> None:
    with pytest.raises(QueryError):
        remote.query("SELECT ?e WHERE { ?e a }")
    with pytest.raises(QueryError):
        remote.update("INSERT NOTHING")
    with pytest.raises(StoreError, match=r"cannot reach the SPARQL server at http://127\.0\.0\.1:\d+/sparql: "):
        RemoteStore(f"http://127.0.0.1:{free_port()}/sparql")
    with pytest.raises(StoreError, match="not a SPARQL endpoint URL"):
        RemoteStore("ftp://example.org/sparql")


def test_server_errors_do_not_wear_out_authentication(remote: RemoteStore) -> None:
    """urllib's Digest handler counts retries that a failed request never resets: not ours."""
    for _ in range(8):
        with pytest.raises((StoreError, QueryError)):
            remote.update(f"LOAD <http://127.0.0.1:{free_port()}/nothing.ttl>")  # the server cannot fetch it
    remote.put_graphs(sample_graphs())
    assert len(remote.graph_names()) == 2


def test_bulk_load_through_the_graph_store_protocol(remote: RemoteStore) -> None:
    local = Store()
    local.put_graphs(sample_graphs())
    remote.load(local.dumps("nq"), "nq", bulk=True)
    assert_same_dataset(remote, local)
    remote.remove_graphs(remote.graph_names())
    remote.load(local.dumps("trig"), "trig")  # one update request
    assert_same_dataset(remote, local)


def test_query_form() -> None:
    assert query_form("PREFIX ask: <http://x/select#> # construct\nDESCRIBE <http://x/y>") == "DESCRIBE"
    assert query_form('SELECT ("ASK" AS ?x) {}') == "SELECT"
    assert query_form("ask {}") == "ASK"


# --- the pipeline and the CLI over a server ------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Path]:
    files = {name[0]: tmp_path / name for name in ARTICLES}
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return files


def test_incremental_ingest_over_a_server_matches_the_embedded_store(remote: RemoteStore, corpus) -> None:
    local = Store()
    for store in (remote, local):
        ingest(store, list(read_articles([corpus["a"], corpus["b"], corpus["c"]])))
    assert_same_dataset(remote, local)
    corpus["a"].write_text(ARTICLES["a.txt"] + "The strike was ordered by President Donald Trump.\n", encoding="utf-8")
    for store in (remote, local):
        report = ingest(store, list(read_articles([corpus["a"]])))
        assert len(report.replaced) == 1 and len(report.remerged) == 1
        assert len(delete_articles(store, [corpus["c"]]).removed) == 1
    assert_same_dataset(remote, local)


def test_cli_ingest_query_and_delete_with_a_store_url(remote: RemoteStore, endpoint: str, corpus) -> None:
    url = endpoint  # with Virtuoso's credentials in it
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(corpus["a"]), str(corpus["c"]), "--store", url])
    assert result.exit_code == 0 and "2 article(s) added" in result.output, result.output
    result = runner.invoke(app, ["query", "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/newskg/ontology#Article> }",
                                 "--store", url, "--format", "json"])
    assert result.exit_code == 0 and '"n": 2' in result.output, result.output
    result = runner.invoke(app, ["delete", str(corpus["c"]), "--store", url])
    assert result.exit_code == 0 and "1 article(s) deleted" in result.output, result.output
    assert len([iri for iri in remote.graph_names() if "/article/" in iri]) == 1
