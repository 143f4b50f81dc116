"""Distributed ingest (kg.spark) on Spark ``local[2]``: the same graph as one process, first
ingest and after an edit, with articles whose actor merge spans two partitions.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg import spark as kg_spark
from kg.cli import app
from kg.ingest import read_articles
from kg.pipeline import ingest, process
from kg.resolve import KnownEntities, resolve
from kg.store import Store

try:
    from tests.helpers import assert_same_dataset
except ModuleNotFoundError:
    from helpers import assert_same_dataset

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[test]'")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java: 'make system-deps' installs Debian's default-jre-headless", allow_module_level=True)

ARTICLES = {  # b borrows a's full name for Soleimani; a and b go to different partitions
    "a.txt": "date 2020-01-03\nA US drone strike killed General Qassem Soleimani at Baghdad airport on Friday. "
             "Ayatollah Ali Khamenei said Soleimani would be avenged.\n",
    "c.txt": "date 2020-01-08\nIran fired missiles at US bases in Iraq on Wednesday, Reuters reported.\n",
    "b.txt": "date 2020-01-05\nHuge crowds in Tehran mourned General Soleimani on Sunday. "
             "Ayatollah Ali Khamenei wept as Soleimani's coffin passed.\n",
}
WIRE = ('{"id": "w1", "date": "2020-01-09", "url": "https://example.org/w1", "text": "Ukraine International '
        'Airlines Flight 752 crashed near Tehran on Wednesday, killing 176 people, Iranian state media said."}\n'
        '{"date": "2020-01-08", "text": "Iran fired missiles at US bases in Iraq on Wednesday, '
        'Reuters reported."}\n')


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    session, _ = kg_spark.spark_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    (tmp_path / "wire.jsonl").write_text(WIRE, encoding="utf-8")
    return [*paths, tmp_path / "wire.jsonl"]



def test_replaying_each_articles_slice_of_known_names_gives_the_same_resolution(corpus):
    """The idea behind the driver pass, without Spark: a slice of names is all resolve() reads."""
    articles = list(read_articles(corpus))
    sequential = [item.resolution for item in process(articles)]
    extractions = [resolution.extraction for resolution in sequential]
    slices = kg_spark.resolve_names(KnownEntities(), (kg_spark.actor_view(row) for row in enumerate(extractions)))
    for index, extraction in enumerate(extractions):
        replayed = resolve(extraction, KnownEntities(dict(slices[index])))
        assert replayed.actors == sequential[index].actors and replayed.events == sequential[index].events
    assert any(key == "qassem-soleimani" for key, _ in slices[2].values())  # b read a's name


def test_spark_builds_the_same_graph_as_one_process_first_and_after_an_edit(spark, corpus):
    articles = list(read_articles(corpus))
    assert len({a.id for a in articles}) == len(articles) - 1  # the wire repeats c: same content id
    local, distributed = Store(), Store()
    expected = ingest(local, articles)
    report = kg_spark.ingest(distributed, articles, partitions=2)
    assert sorted(report.added) == sorted(expected.added) and len(report.added) == 4
    assert (report.events, report.actors, report.places, report.links, report.triples) == \
        (expected.events, expected.actors, expected.places, expected.links, expected.triples)
    assert_same_dataset(distributed, local)

    corpus[0].write_text(ARTICLES["a.txt"] + "The strike was ordered by President Donald Trump.\n", encoding="utf-8")
    edited = list(read_articles(corpus))
    expected = ingest(local, edited)
    report = kg_spark.ingest(distributed, edited, partitions=2)
    assert report.replaced == expected.replaced and len(report.replaced) == 1
    assert report.remerged == expected.remerged and len(report.remerged) == 1
    assert_same_dataset(distributed, local)


def test_partition_files_for_bulk_load(spark, corpus, tmp_path):
    articles = list(read_articles(corpus[:2]))
    store = Store()
    kg_spark.ingest(store, articles, partitions=2, output=tmp_path / "quads", load=False)
    assert store.graph_names() == []
    parts = sorted((tmp_path / "quads").glob("part-*"))
    assert len(parts) == 2
    graphs = {q.graph_name.value for part in parts for q in ox.parse(path=str(part), format=ox.RdfFormat.N_QUADS)}
    assert graphs == {f"https://w3id.org/newskg/id/article/{a.id}" for a in articles}


def test_cli_engine_spark(spark, corpus, tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(corpus[1]), "--engine", "spark", "--workers", "2",
                                      "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert "1 article(s) added" in result.output


def bare_python(folder: Path) -> Path:
    """A venv that sees this venv's dependencies but not the kg package (nor the checkout): a cluster node.

    A path line in a .pth file adds the folder without running the .pth files inside it, so
    the editable install's finder (a .pth of its own) never points back at the checkout.
    """
    import site
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    [packages] = folder.glob("lib/python*/site-packages")
    (packages / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    return folder / "bin" / "python"


def test_executors_get_the_package_from_the_driver(corpus, tmp_path):
    """Executors whose Python has the dependencies but not kg: the driver ships it (SparkContext.addPyFile)."""
    import os
    import subprocess
    import sys

    node = bare_python(tmp_path / "node")
    probe = subprocess.run([str(node), "-c", "import spacy, numpy\nimport kg"], capture_output=True, text=True,
                           cwd=tmp_path)
    assert "No module named 'kg'" in probe.stderr  # the node has the dependencies only
    env = {**os.environ, "PYSPARK_PYTHON": str(node), "PYTHONPATH": ""}
    run = subprocess.run([sys.executable, "-m", "kg.spark", *map(str, corpus), "--store", str(tmp_path / "spark"),
                          "--master", "local[2]", "--partitions", "2"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    with Store(tmp_path / "spark") as distributed, Store() as local:
        ingest(local, list(read_articles(corpus)))
        assert_same_dataset(distributed, local)
