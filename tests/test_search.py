"""Full-text search on a real on-disk store: ranking, and an index that agrees with the store after
every ingest, delete, replace, crash and edit (``kg.query.search``).

"Agrees" is checked whole: the documents the index holds are the documents the store yields now,
field by field (``expected_documents``), without asking the index to catch up first.
"""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.query import search
from kg.model import Article
from kg.pipeline import PENDING_GRAPH, delete_articles, ingest
from kg.store import QueryError, Store

try:
    from tests.helpers import REPO, kg, reference_article
    from tests.test_coreference import OTHER_CITY, RECALL, STRIKE
except ModuleNotFoundError:
    from helpers import REPO, kg, reference_article
    from test_coreference import OTHER_CITY, RECALL, STRIKE

KGR = "https://w3id.org/newskg/id/"
# written for these tests: one report edited after publication (same URL, new content)
FIRST_VERSION = Article("flood-1", "Floods swept through Mosul on Tuesday, killing twelve people, officials said.",
                        dt.date(2024, 5, 7), title="Floods in Mosul", url="https://news.example.org/floods")
EDITED_VERSION = Article("flood-2", "Floods swept through Basra on Tuesday, killing fourteen people, officials said.",
                         dt.date(2024, 5, 7), title="Floods in Basra", url="https://news.example.org/floods")


def agrees(store: Store) -> bool:
    """The index holds exactly what the store yields now, and its state names the store's graph sizes."""
    index = search.index_for(store)
    state = json.loads((index.folder / "state.json").read_text())
    return (index.documents() == search.expected_documents(store)
            and state["graphs"] == search.graph_sizes(store))


def ids(store: Store, text: str, **where) -> list[str]:
    return [hit["id"] for hit in search.search(store, text, search.SearchFilter(**where), limit=100)["items"]]


@pytest.fixture(scope="module")
def reference_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "store"
    kg("ingest", reference_article(), "--store", path)
    return path


def test_kg_search_kerman_ranks_the_kerman_bombing_first(reference_store: Path) -> None:
    found = json.loads(kg("search", "Kerman", "--store", reference_store, "--format", "json").stdout)
    first = found["items"][0]
    assert (first["kind"], first["id"], first["url"]) == ("event", "attack-kerman-2024-01-03",
                                                          "/events/attack-kerman-2024-01-03")
    assert "Kerman" in first["label"] and first["earliest"] == "2024-01-03"
    assert {"place": "kerman"} in [{hit["kind"]: hit["id"]} for hit in found["items"]]  # the city, below
    for hit in found["items"]:  # each highlight is the word searched for
        assert hit["highlights"] and all(hit["snippet"][a:b].lower() == "kerman" for a, b in hit["highlights"])
    table = kg("search", "Kerman", "--store", reference_store, "--limit", "3").stdout
    rows = [line for line in table.splitlines() if line.startswith("│ ") and line.split("│")[1].strip().isdigit()]
    assert "attack-kerman-2024-01-03" in rows[0] and "3 of" in table.splitlines()[0]


def test_the_index_lives_beside_the_store_not_in_its_folder(reference_store: Path) -> None:
    beside = reference_store.with_name("store.search")
    assert (beside / "state.json").is_file() and (beside / "index" / "meta.json").is_file()
    rocksdb = {"CURRENT", "IDENTITY", "LOCK", "LOG"}
    for entry in reference_store.iterdir():  # RocksDB's own files only
        assert entry.is_file() and (entry.name in rocksdb or entry.name.startswith(("LOG.old", "MANIFEST-", "OPTIONS-"))
                                    or entry.suffix in (".sst", ".log", ".blob")), entry.name


def test_filters_and_errors_on_the_command_line(reference_store: Path) -> None:
    attacks = json.loads(kg("search", "strike", "--store", reference_store, "--type", "Attack",
                            "--format", "json").stdout)["items"]
    assert attacks and all(hit["kind"] == "event" for hit in attacks)
    assert "attack-beirut-2024-01-02" in [hit["id"] for hit in attacks]  # a DroneStrike is an Attack
    in_2020 = json.loads(kg("search", "Soleimani", "--store", reference_store, "--start", "2020-01-01",
                            "--end", "2020-12-31", "--format", "json").stdout)["items"]
    assert in_2020 and all(hit["earliest"] <= "2020-12-31" and hit["latest"] >= "2020-01-01" for hit in in_2020)
    people = json.loads(kg("search", "Soleimani", "--store", reference_store, "-k", "actor", "--format", "json").stdout)
    assert [hit["id"] for hit in people["items"]] == ["qassem-soleimani"]
    bad = kg("search", "Kerman", "--store", reference_store, "--start", "2024-02-01", "--end", "2024-01-01", check=False)
    assert bad.returncode == 1 and bad.stderr.strip() == "error: start 2024-02-01 is after end 2024-01-01"


def test_the_index_follows_ingest_delete_and_replace(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as store:
        ingest(store, [STRIKE, RECALL])
        assert agrees(store)
        assert "killing-aleppo-2024-03-04" in ids(store, "Aleppo", kinds=("event",))
        assert "strike" in ids(store, "Haddad", kinds=("article",))

        ingest(store, [OTHER_CITY])
        assert agrees(store)
        assert "other" in ids(store, "Idlib market")

        delete_articles(store, ["other"])
        assert agrees(store)
        assert ids(store, "Idlib") == []

        ingest(store, [FIRST_VERSION])
        assert agrees(store) and "flood-1" in ids(store, "Mosul")
        report = ingest(store, [EDITED_VERSION])  # same URL, new content: replaces the first version
        assert report.replaced == ["flood-1"]
        assert agrees(store)
        assert ids(store, "Mosul") == [] and "flood-2" in ids(store, "Basra floods")
        assert "killing-aleppo-2024-03-04" in ids(store, "Aleppo")  # the other articles' documents stay


def test_an_index_in_step_is_reused_and_one_out_of_step_catches_up(tmp_path: Path, monkeypatch) -> None:
    with Store(tmp_path / "store") as store:
        ingest(store, [STRIKE])
    with Store(tmp_path / "store") as store:  # a new process would do the same: compare, change nothing
        monkeypatch.setattr(search.SearchIndex, "rebuild", lambda *a: pytest.fail("rebuilt an index in step"))
        monkeypatch.setattr(search.SearchIndex, "update", lambda *a: pytest.fail("re-indexed an index in step"))
        assert "strike" in ids(store, "Aleppo")
        monkeypatch.undo()
        # a graph written without the pipeline (no after-write step): seen at the next search
        store.update(f"""INSERT DATA {{ GRAPH <{KGR}article/strike> {{
            <{KGR}actor/ahmad-haddad> <http://www.w3.org/2004/02/skos/core#altLabel> "Abu Zahra" }} }}""")
        assert ids(store, "Zahra") == ["ahmad-haddad"]
        assert agrees(store)
        # an edit that keeps every graph's size cannot be seen by comparing sizes: forget() says so
        store.update(f"""DELETE DATA {{ GRAPH <{KGR}article/strike> {{
            <{KGR}actor/ahmad-haddad> <http://www.w3.org/2004/02/skos/core#altLabel> "Abu Zahra" }} }} ;
            INSERT DATA {{ GRAPH <{KGR}article/strike> {{
            <{KGR}actor/ahmad-haddad> <http://www.w3.org/2004/02/skos/core#altLabel> "Abu Nidal" }} }}""")
        search.forget(store)
        assert ids(store, "Zahra") == [] and ids(store, "Nidal") == ["ahmad-haddad"]
        assert agrees(store)


def test_a_missing_or_broken_index_is_rebuilt(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as store:
        ingest(store, [STRIKE])
    folder = tmp_path / "store.search"
    (folder / "state.json").write_text("{not json")
    with Store(tmp_path / "store") as store:
        assert "strike" in ids(store, "Aleppo") and agrees(store)
    for name in os.listdir(folder / "index"):
        if name.endswith(".store"):
            (folder / "index" / name).write_bytes(b"garbage")
    (folder / "state.json").unlink()
    with Store(tmp_path / "store") as store:
        assert "strike" in ids(store, "Aleppo") and agrees(store)


KILLED_INGEST = textwrap.dedent("""
    import os, signal, sys
    sys.path[:0] = [{root!r}, {tests!r}]
    from kg import pipeline
    from kg.store import Store
    from test_coreference import RECALL, STRIKE

    def crash(store, change):
        os.kill(os.getpid(), signal.SIGKILL)  # after the commit, before any derived graph or the index

    pipeline.AFTER_WRITE.insert(0, crash)
    pipeline.ingest(Store({store!r}), [STRIKE, RECALL])
""")


def crash_an_ingest(path: Path) -> None:
    """An index in step with OTHER_CITY, then an ingest of two more articles killed before its after-write steps."""
    with Store(path) as store:
        ingest(store, [OTHER_CITY])
        assert agrees(store)
    script = KILLED_INGEST.format(root=str(REPO), tests=str(REPO / "tests"), store=str(path))
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr


def test_after_a_crash_mid_ingest_the_first_search_catches_up(tmp_path: Path) -> None:
    crash_an_ingest(tmp_path / "store")
    with Store(tmp_path / "store") as store:
        assert store.contains_graph(PENDING_GRAPH)
        assert not agrees(store)  # the two articles are in the store, not in the index
        assert "strike" in ids(store, "Aleppo") and "other" in ids(store, "Idlib")
        assert agrees(store)


def test_after_a_crash_mid_ingest_the_next_ingest_catches_up(tmp_path: Path) -> None:
    crash_an_ingest(tmp_path / "store")
    with Store(tmp_path / "store") as store:
        ingest(store, [STRIKE, RECALL])  # both already there: only the repair runs
        assert not store.contains_graph(PENDING_GRAPH)
        assert agrees(store)


def test_search_reads_its_words_leniently_and_checks_its_filters(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as store:
        ingest(store, [STRIKE, OTHER_CITY])
        assert ids(store, '"car bomb"') == ids(store, "car bomb") != []
        assert "other" not in ids(store, "car bomb -Idlib")
        assert ids(store, "bomb AND (") is not None  # a stray operator is no error
        with pytest.raises(QueryError, match="not an ontology class"):
            ids(store, "bomb", type="Not a class")
        with pytest.raises(QueryError, match="unknown kind"):
            ids(store, "bomb", kinds=("mention",))
        assert ids(store, "Aleppo", start=dt.date(2024, 3, 7)) == []  # the strike was on the 4th, reported the 6th
        assert "strike" in ids(store, "Aleppo", start=dt.date(2024, 3, 6), end=dt.date(2024, 3, 6))


def test_an_in_memory_store_has_an_index_in_memory() -> None:
    store = Store()
    ingest(store, [OTHER_CITY])
    assert search.index_for(store).folder is None
    assert "other" in ids(store, "Idlib")
