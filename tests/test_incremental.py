"""Incremental updates: edited articles replace their graph, deletes drop facts and orphaned
instances, and merges that came from a replaced or deleted article are redone.

The yardstick is a fresh ingest: after any sequence of edits and deletes the store holds the
same graph (isomorphic, graph by graph) as a new store given the surviving articles, the
re-resolved ones first and the edited ones last.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg import pipeline
from kg.cli import app
from kg.ingest import read_articles
from kg.pipeline import ArticleNotFound, delete_articles, ingest
from kg.store import Store, StoreError

try:
    from tests.helpers import assert_same_dataset, graphs_of
except ModuleNotFoundError:
    from helpers import assert_same_dataset, graphs_of

A = ("date 2020-01-03\nA US drone strike killed General Qassem Soleimani at Baghdad airport on Friday. "
     "Ayatollah Ali Khamenei said Soleimani would be avenged.\n")
A_EDITED = A + "The strike was ordered by President Donald Trump.\n"
B = ("date 2020-01-05\nHuge crowds in Tehran mourned General Soleimani on Sunday. "
     "Ayatollah Ali Khamenei wept as Soleimani's coffin passed.\n")
C = "date 2020-01-08\nIran fired missiles at US bases in Iraq on Wednesday, Reuters reported.\n"
KGR = "https://w3id.org/newskg/id/"
PERSONS = """PREFIX kgo: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?person ?label WHERE { ?person a kgo:Person ; rdfs:label ?label } ORDER BY ?person"""



def fresh(*paths: Path) -> Store:
    store = Store()
    ingest(store, list(read_articles(paths)))
    return store


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Path]:
    files = {name: tmp_path / f"{name}.txt" for name in "abc"}
    for name, text in zip("abc", (A, B, C)):
        files[name].write_text(text, encoding="utf-8")
    return files


def articles(*paths: Path):
    return list(read_articles(paths))


def persons(store: Store) -> dict[str, str]:
    return {str(row["person"]).removeprefix(KGR): str(row["label"]) for row in store.select(PERSONS)}


def test_b_takes_the_full_name_from_a(corpus):
    store = fresh(corpus["a"], corpus["b"])
    assert persons(store) == {"actor/ayatollah-ali-khamenei": "Ayatollah Ali Khamenei",
                              "actor/qassem-soleimani": "Qassem Soleimani"}


BARE = "date 2009-06-03\nGM sold its Hummer brand to a Chinese company on Wednesday.\n"
EXPANDED = "date 2009-06-01\nGeneral Motors (GM) filed for bankruptcy on Monday. GM said it would close 14 plants.\n"
ORGANISATIONS = """PREFIX kgo: <https://w3id.org/newskg/ontology#>
SELECT DISTINCT ?actor WHERE { ?actor a kgo:Organization . ?event kgo:hasAgent ?actor }"""


@pytest.mark.parametrize("order", [("bare", "expanded"), ("expanded", "bare")])
def test_initials_and_the_name_are_one_organisation_whichever_article_came_first(tmp_path, order):
    from kg.query.timelines import entity_timeline

    texts = {"bare": BARE, "expanded": EXPANDED}
    store = Store()
    for name in order:  # one ingest each: the second article resolves against what the store knows
        (tmp_path / f"{name}.txt").write_text(texts[name], encoding="utf-8")
        ingest(store, articles(tmp_path / f"{name}.txt"))
    agents = {str(row["actor"]) for row in store.select(ORGANISATIONS)}
    assert agents - {KGR + "actor/hummer"} in ({KGR + "actor/gm"}, {KGR + "actor/general-motors"})
    sentences = {m["evidence"] for entry in entity_timeline(store, "General Motors") for m in entry["mentions"]}
    assert any(s.startswith("GM sold") for s in sentences) and any(s.startswith("General Motors (GM)") for s in sentences)
    if order[0] == "bare":  # the expanded article borrowed the initials' key: deleting the bare one re-resolves it
        delete_articles(store, [articles(tmp_path / "bare.txt")[0].id])
        assert {str(row["actor"]) for row in store.select(ORGANISATIONS)} == {KGR + "actor/general-motors"}


def test_an_edited_file_replaces_its_graph_in_one_transaction(corpus, monkeypatch):
    store = fresh(corpus["a"], corpus["c"])
    [old] = [a.id for a in articles(corpus["a"])]
    corpus["a"].write_text(A_EDITED, encoding="utf-8")
    [new] = [a.id for a in articles(corpus["a"])]
    writes = []
    put = store.put_graphs
    monkeypatch.setattr(store, "put_graphs", lambda graphs: writes.append(dict(graphs)) or put(graphs))

    report = ingest(store, articles(corpus["a"], corpus["c"]))

    assert report.added == [new] and report.replaced == [old] and len(report.skipped) == 1
    write, *derived = writes  # the old graph dropped (empty) and the new one added by one put_graphs call
    assert all("/article/" not in iri for later in derived for iri in later)  # then only derived graphs
    assert len(write[KGR + f"article/{old}"]) == 0 and len(write[KGR + f"article/{new}"]) > 0
    assert KGR + f"article/{old}" not in store.graph_names()
    assert_same_dataset(store, fresh(corpus["c"], corpus["a"]))
    again = ingest(store, articles(corpus["a"], corpus["c"]))
    assert again.added == [] and len(again.skipped) == 2  # unchanged: nothing to do


def test_deleting_removes_facts_and_instances_left_without_mentions(corpus):
    store = fresh(corpus["a"], corpus["b"], corpus["c"])
    only_in_c = {str(row["x"]) for row in store.select(
        "SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x <https://w3id.org/newskg/ontology#hasMention> ?m } "
        "FILTER NOT EXISTS { GRAPH ?h { ?x ?p ?o } FILTER(?h != ?g) } "
        f"FILTER(?g = <{KGR}article/{articles(corpus['c'])[0].id}>) }}")}
    assert KGR + "actor/reuters" in only_in_c and any("/event/" in x for x in only_in_c)

    report = delete_articles(store, [corpus["c"]])

    assert report.removed == [articles(corpus["c"])[0].id] and report.remerged == []
    for node in only_in_c:
        assert not store.select(f"SELECT * WHERE {{ {{ <{node}> ?p ?o }} UNION {{ ?s ?p <{node}> }} }} LIMIT 1"), node
    assert store.select(f"SELECT * WHERE {{ <{KGR}place/iran> ?p ?o }} LIMIT 1")  # still mentioned by b
    assert_same_dataset(store, fresh(corpus["a"], corpus["b"]))


def test_deleting_the_source_of_a_merge_re_resolves_what_borrowed_it(corpus):
    store = fresh(corpus["a"], corpus["b"], corpus["c"])
    [b_id] = [a.id for a in articles(corpus["b"])]

    report = delete_articles(store, [articles(corpus["a"])[0].id])  # by article id

    assert report.remerged == [b_id]
    assert persons(store) == {"actor/ayatollah-ali-khamenei": "Ayatollah Ali Khamenei", "actor/soleimani": "Soleimani"}
    assert not store.select('SELECT * WHERE { ?s ?p "Qassem Soleimani" } LIMIT 1')
    assert_same_dataset(store, fresh(corpus["b"], corpus["c"]))


def test_editing_the_source_of_a_merge_re_resolves_what_borrowed_it(corpus):
    store = fresh(corpus["a"], corpus["b"], corpus["c"])
    corpus["a"].write_text(A_EDITED, encoding="utf-8")

    report = ingest(store, articles(corpus["a"], corpus["b"], corpus["c"]))

    assert report.remerged == [articles(corpus["b"])[0].id] and len(report.added) == 1
    # the same store as ingesting the others first and the edited article last
    assert_same_dataset(store, fresh(corpus["b"], corpus["c"], corpus["a"]))


def test_unknown_references_delete_nothing(corpus):
    store = fresh(corpus["a"], corpus["c"])
    before = graphs_of(store)
    with pytest.raises(ArticleNotFound, match="not in the store: no-such-article; nothing was deleted"):
        delete_articles(store, [corpus["a"], "no-such-article"])
    assert sorted(graphs_of(store)) == sorted(before)


def test_delete_by_url_and_by_folder(tmp_path, corpus):
    feed = tmp_path / "wire.jsonl"
    feed.write_text('{"id": "w1", "date": "2020-01-09", "url": "https://example.org/w1", '
                    '"text": "Ukraine International Airlines Flight 752 crashed near Tehran on Wednesday."}\n',
                    encoding="utf-8")
    store = fresh(corpus["a"], corpus["c"], feed)
    assert delete_articles(store, ["https://example.org/w1"]).removed == ["w1"]
    assert len(delete_articles(store, [tmp_path]).removed) == 2
    assert store.graph_names() == []


def test_after_write_steps_see_every_change(corpus, monkeypatch):
    seen = []
    derived = KGR + "graph/derived"
    def step(store, change):
        seen.append(change)
        assert store.contains_graph(pipeline.PENDING_GRAPH)  # a crash now would be mended by the next write
        graphs = [name for name in store.graph_names() if name != pipeline.PENDING_GRAPH]
        graph = rdflib.Graph()
        graph.add((rdflib.URIRef(derived), rdflib.RDFS.label, rdflib.Literal(f"{len(graphs)} graphs")))
        return {derived: graph}

    monkeypatch.setattr(pipeline, "AFTER_WRITE", [step])
    store = Store()
    ingest(store, articles(corpus["a"], corpus["c"]))
    delete_articles(store, [corpus["c"]])
    assert not store.contains_graph(pipeline.PENDING_GRAPH)
    assert [len(change.written) for change in seen] == [2, 0] and len(seen[1].removed) == 1
    assert store.select(f"SELECT ?l WHERE {{ <{derived}> ?p ?l }}") == [{"l": "2 graphs"}]


def test_cli_delete(tmp_path, corpus):
    runner = CliRunner()
    store = tmp_path / "store"
    result = runner.invoke(app, ["ingest", str(corpus["a"]), str(corpus["b"]), "--store", str(store)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["delete", str(corpus["a"]), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "1 article(s) deleted, 1 article(s) re-merged" in result.output
    result = runner.invoke(app, ["delete", str(corpus["a"]), "--store", str(store)])
    assert result.exit_code == 1 and "not in the store" in result.output


FIRST_REPORT = "date 2023-01-30\nA suicide bomber blew himself up in a mosque in Peshawar on Monday, killing 28 people, police said.\n"
LATER_REPORT = ("date 2023-01-31\nThe death toll from Monday's suicide bombing at a mosque in Peshawar rose to 84, "
                "officials said on Tuesday.\n")
TOLL = """PREFIX kgo: <https://w3id.org/newskg/ontology#>
SELECT ?event ?killed WHERE { GRAPH <https://w3id.org/newskg/id/graph/instances> { ?event kgo:killed ?killed } }"""


def test_the_derived_graph_is_redone_only_where_a_write_touched_and_equals_a_full_recompute(tmp_path):
    from kg.derive.instances import INSTANCES_GRAPH, recompute

    def derived(store: Store) -> rdflib.Graph:
        return store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?s ?p ?o }} }}")

    first, later = tmp_path / "first.txt", tmp_path / "later.txt"
    first.write_text(FIRST_REPORT, encoding="utf-8")
    later.write_text(LATER_REPORT, encoding="utf-8")
    store = Store()
    ingest(store, list(read_articles([first])))
    assert [int(row["killed"]) for row in store.select(TOLL)] == [28]
    ingest(store, list(read_articles([later])))
    assert [int(row["killed"]) for row in store.select(TOLL)] == [84]  # one event, the latest toll
    assert isomorphic(derived(store), recompute(store))
    delete_articles(store, [later])
    assert [int(row["killed"]) for row in store.select(TOLL)] == [28]  # back to what is left
    assert isomorphic(derived(store), recompute(store))


@pytest.mark.parametrize("bulk", [False, True])
def test_a_dump_loads_into_a_new_on_disk_store_as_it_was(corpus, tmp_path, bulk):
    source = fresh(*corpus.values())
    dump = tmp_path / "dump.nq"
    dump.write_bytes(source.dumps("nq"))
    with Store(tmp_path / f"loaded-{bulk}") as loaded:
        loaded.load(dump, "nq", bulk=bulk)
        assert_same_dataset(loaded, source)
        assert persons(loaded) == persons(source)  # the default graph (the union) came with it


def test_a_person_known_by_surname_in_the_store_joins_a_later_full_name(tmp_path):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("date 2020-01-04\nPresident Trump ordered the strike on Friday.\n", encoding="utf-8")
    second.write_text("date 2020-01-08\nDonald Trump said on Wednesday that no Americans were harmed.\n", encoding="utf-8")
    store = Store()
    ingest(store, articles(first))
    ingest(store, articles(second))  # resolved against the names read back from the store

    assert persons(store) == {"actor/trump": "Trump"}
    assert store.select("""PREFIX kgo: <https://w3id.org/newskg/ontology#>
        SELECT * WHERE { ?d kgo:mergeReason "surname of a person named in an earlier article" }""")
    assert_same_dataset(store, fresh(first, second))


def failing_for(store: Store, monkeypatch, graph: str) -> None:
    """Make every write that holds ``graph`` fail, as a full disk would."""
    put = store.put_graphs

    def put_graphs(graphs):
        if graph in graphs:
            raise StoreError("write failed, nothing was changed: No space left on device")
        return put(graphs)

    monkeypatch.setattr(store, "put_graphs", put_graphs)


def test_articles_written_one_by_one_make_the_same_store_as_one_transaction(corpus):
    store = Store()
    report = ingest(store, articles(corpus["a"], corpus["b"], corpus["c"]), atomic=False)
    assert len(report.added) == 3 and report.failed == {}
    assert not store.contains_graph(pipeline.PENDING_GRAPH)  # the after-write steps ran, once for the batch
    assert_same_dataset(store, fresh(corpus["a"], corpus["b"], corpus["c"]))  # derived graphs included


def test_a_failed_write_names_its_file_and_keeps_the_other_articles(corpus, monkeypatch):
    [a_id], [b_id], [c_id] = ([x.id for x in articles(corpus[name])] for name in "abc")
    store = Store()
    failing_for(store, monkeypatch, KGR + f"article/{c_id}")  # the last one, so that no other borrows from it

    report = ingest(store, articles(corpus["a"], corpus["b"], corpus["c"]), atomic=False)

    assert report.added == [a_id, b_id] and list(report.failed) == [c_id]
    assert report.failed[c_id] == (f"{corpus['c']} (article {c_id}): not stored: "
                                   "write failed, nothing was changed: No space left on device")
    assert "1 failed" in report.summary()
    assert_same_dataset(store, fresh(corpus["a"], corpus["b"]))

    atomic = Store()
    failing_for(atomic, monkeypatch, KGR + f"article/{c_id}")
    with pytest.raises(StoreError, match=rf"^3 articles \({re.escape(str(corpus['a']))} .*: not stored: .*No space left"):
        ingest(atomic, articles(corpus["a"], corpus["b"], corpus["c"]))
    assert atomic.graph_names() == []
