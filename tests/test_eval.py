"""``kg eval``: corpus readers, TempEval-3 scoring conventions, the scorer registry, the CLI."""

import json
from pathlib import Path

import pytest

from kg.eval import SCORERS, default_corpora, format_table, register, run
from kg.eval.corpora import (GoldSpan, read_matres, read_meantime, read_tbaq, read_tbdense, read_timeml, split_of,
                             tbaq_paths)
from kg.eval.metrics import Counts, align, reduced, temporal_awareness

try:
    from tests.helpers import kg
except ModuleNotFoundError:
    from helpers import kg

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>{name}</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-18" temporalFunction="false" functionInDocument="CREATION_TIME">March 18, 2013</TIMEX3></DCT>
<TEXT>
Rebels <EVENT eid="e1" class="OCCURRENCE">attacked</EVENT> the town <TIMEX3 tid="t1" type="DATE" value="2013-03-17">yesterday</TIMEX3>, officials <EVENT eid="e2" class="REPORTING">said</EVENT>. The army <EVENT eid="e3" class="I_ACTION">promised</EVENT> to <EVENT eid="e4" class="OCCURRENCE">respond</EVENT> within <TIMEX3 tid="t2" type="DURATION" value="P1W">a week</TIMEX3>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e3" eiid="ei3" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e4" eiid="ei4" tense="INFINITIVE" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="BEFORE" eventInstanceID="ei1" relatedToEventInstance="ei2"/>
<TLINK lid="l3" relType="BEFORE" eventInstanceID="ei2" relatedToTime="t0"/>
<TLINK lid="l4" relType="AFTER" eventInstanceID="ei4" relatedToEventInstance="ei3"/>
</TimeML>
"""

CAT = """<?xml version="1.0" ?><Document doc_id="1" doc_name="1_test" lang="en">
<token number="0" sentence="0" t_id="1">Storm</token><token number="1" sentence="0" t_id="2">hits</token>
<token number="2" sentence="1" t_id="3">May</token><token number="3" sentence="1" t_id="4">2</token>
<token number="4" sentence="1" t_id="5">,</token><token number="5" sentence="1" t_id="6">2012</token>
<token number="6" sentence="2" t_id="7">A</token><token number="7" sentence="2" t_id="8">storm</token>
<token number="8" sentence="2" t_id="9">hit</token><token number="9" sentence="2" t_id="10">the</token>
<token number="10" sentence="2" t_id="11">coast</token><token number="11" sentence="2" t_id="12">on</token>
<token number="12" sentence="2" t_id="13">Tuesday</token><token number="13" sentence="2" t_id="14">.</token>
<token number="14" sentence="6" t_id="15">Unannotated</token><token number="15" sentence="6" t_id="16">tail</token>
<Markables>
<TIMEX3 m_id="20" type="DATE" value="2012-05-02" functionInDocument="CREATION_TIME"><token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/></TIMEX3>
<TIMEX3 m_id="21" type="DATE" value="2012-05-01" functionInDocument="NONE"><token_anchor t_id="13"/></TIMEX3>
<EVENT_MENTION m_id="30" pred="hit"><token_anchor t_id="9"/></EVENT_MENTION>
</Markables>
<Relations>
<TLINK r_id="1" reltype="IS_INCLUDED"><source m_id="30"/><target m_id="21"/></TLINK>
<TLINK r_id="2" reltype="BEFORE"><source m_id="30"/><target m_id="20"/></TLINK>
</Relations>
</Document>
"""


@pytest.fixture
def corpora(tmp_path):
    """A miniature ``shared/eval``: two TimeML files (one per split), TimeBank-Dense, MATRES and MEANTIME."""
    root = tmp_path / "eval"
    test_name = "APW19980227.0489"  # a TimeBank-Dense test document
    train_name = "APW19980219.0476"  # a TimeBank-Dense train document
    for name in (test_name, train_name):
        path = root / "tempeval3-tbaq" / "TimeBank" / f"{name}.tml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TIMEML.format(name=name), encoding="utf-8")
    dense = root / "timebank-dense" / "data" / "TempEval3" / "TimebankDense.full.txt"
    dense.parent.mkdir(parents=True)
    dense.write_text(f"{test_name}\te1\te2\tb\n{test_name}\te1\tt0\tb\n{test_name}\te3\te4\tv\n{test_name}\te9\te1\ta\n")
    matres = root / "matres"
    matres.mkdir()
    (matres / "timebank.txt").write_text(f"{test_name}\tattacked\tsaid\t1\t2\tBEFORE\n{test_name}\tpromised\trespond\t3\t4\tVAGUE\n")
    (matres / "aquaint.txt").write_text("")
    cat = root / "meantime" / "intra-doc_annotation" / "corpus_test" / "1_test.xml"
    cat.parent.mkdir(parents=True)
    cat.write_text(CAT, encoding="utf-8")
    return root


def test_timeml_reader_resolves_instances_and_offsets(corpora):
    doc = read_timeml(next(corpora.glob("tempeval3-tbaq/TimeBank/APW19980227.0489.tml")))
    text = doc.article.text
    assert [e.text for e in doc.events] == ["attacked", "said", "promised", "respond"]
    assert all(text[s.start:s.end] == s.text for s in doc.events + doc.timexes)
    assert [(t.text, t.kind, t.value) for t in doc.timexes] == [("yesterday", "DATE", "2013-03-17"), ("a week", "DURATION", "P1W")]
    assert {(l.source, l.type, l.target) for l in doc.links} == {
        ("e1", "IS_INCLUDED", "t1"), ("e1", "BEFORE", "e2"), ("e2", "BEFORE", "dct"), ("e4", "AFTER", "e3")}
    assert str(doc.article.date) == "2013-03-18"


def test_split_follows_timebank_dense_and_a_fixed_hash():
    assert split_of("APW19980227.0489") == "test"
    assert split_of("APW19980227.0487") == "dev"
    assert split_of("APW19980219.0476") == "train"
    assert {split_of(f"doc{n}") for n in range(50)} == {"train", "dev", "test"}
    assert split_of("doc7") == split_of("doc7")


def test_pair_readers(corpora):
    dense = read_tbdense(corpora)
    assert [(l.source, l.target, l.type) for l in dense["APW19980227.0489"]][:2] == [("e1", "e2", "BEFORE"), ("e1", "dct", "BEFORE")]
    docs = {d.id: d for d in read_tbaq(corpora, ("test", "train", "dev"))}
    assert [d for d in read_tbaq(corpora)] and all(split_of(d.id) == "test" for d in read_tbaq(corpora))
    matres = read_matres(corpora, docs)
    assert [(l.source, l.target, l.type) for l in matres["APW19980227.0489"]] == [("e1", "e2", "BEFORE"), ("e3", "e4", "VAGUE")]


def test_meantime_reader_keeps_the_annotated_sentences_only(corpora):
    doc, = read_meantime(corpora)
    assert "Unannotated" not in doc.article.text
    assert doc.article.text.splitlines()[1] == "May 2 , 2012"
    assert [(t.text, t.value) for t in doc.timexes] == [("May 2 , 2012", "2012-05-02"), ("Tuesday", "2012-05-01")]
    assert [e.text for e in doc.events] == ["hit"]
    assert {(l.source, l.target) for l in doc.links} == {("30", "21"), ("30", "dct")}


def spans(*pairs):
    return [GoldSpan(str(n), a, b, "", "") for n, (a, b) in enumerate(pairs)]


def test_alignment_is_one_to_one():
    gold = spans((0, 10), (20, 25))
    system = spans((0, 10), (2, 8), (22, 30))
    assert align(gold, system, strict=True) == [(0, 0)]
    assert align(gold, system) == [(0, 0), (1, 2)]


def test_counts_give_precision_recall_f1():
    counts = Counts()
    counts.add(3, 4, None, 6)
    assert (counts.precision, counts.recall) == (0.75, 0.5)
    assert counts.f1 == pytest.approx(0.6)
    assert Counts().f1 == 0.0


def test_temporal_awareness_credits_what_the_closure_entails():
    gold = [("a", "BEFORE", "b"), ("b", "BEFORE", "c")]
    system = [("a", "BEFORE", "c"), ("c", "AFTER", "b"), ("a", "AFTER", "b"), ("x", "VAGUE", "y")]
    tp_p, n_system, tp_r, n_gold = temporal_awareness(system, gold)
    assert (tp_p, n_system) == (2, 3)  # a<c and c>b are entailed; a>b is wrong; VAGUE is no link
    assert (tp_r, n_gold) == (1, 2)  # the system entails b<c (from c>b) but says a>b, not a<b


def test_temporal_awareness_counts_the_reduced_graphs():
    # TempEval-3's scorer drops a link its side's earlier links already imply, so restating the
    # closure neither earns precision nor costs it: a<c after a<b and b<c is not counted
    gold = [("a", "BEFORE", "b")]
    system = [("a", "BEFORE", "b"), ("b", "BEFORE", "c"), ("a", "BEFORE", "c"), ("a", "BEFORE", "b")]
    assert temporal_awareness(system, gold) == (1, 2, 1, 1)
    links, _ = reduced([("x", "SIMULTANEOUS", "y"), ("y", "SIMULTANEOUS", "z"), ("x", "SIMULTANEOUS", "z")])
    assert links == [("x", "SIMULTANEOUS", "y"), ("y", "SIMULTANEOUS", "z")]


def test_temporal_awareness_keeps_a_contradiction_against_its_side():
    # a link that contradicts its side's earlier links is not dropped: it counts in the total
    gold = [("a", "BEFORE", "b")]
    system = [("a", "BEFORE", "b"), ("b", "BEFORE", "a")]
    assert temporal_awareness(system, gold) == (1, 2, 1, 1)


def test_registry_notes_a_missing_scorer_module(corpora, monkeypatch):
    monkeypatch.setitem(SCORERS, "later", "kg.eval.not_written_yet:score")
    report = run(corpora, ["later"])
    assert report.rows == [] and "not_written_yet" in report.notes[0]


def test_registry_runs_a_registered_scorer(corpora, monkeypatch):
    monkeypatch.setattr("kg.eval.SCORERS", dict(SCORERS))
    register("fixed", "tests_eval_scorer:score")
    module = type(__import__("sys"))("tests_eval_scorer")
    module.score = lambda path: [{"corpus": path.name, "task": "x", "P": 1.0, "R": 0.5, "F1": 0.6667, "n": 2}]
    monkeypatch.setitem(__import__("sys").modules, "tests_eval_scorer", module)
    report = run(corpora, ["fixed"])
    assert report.rows[0]["corpus"] == "eval"
    table = format_table(report.rows)
    assert "eval" in table and "0.667" in table


def test_unknown_scorer_is_an_error(corpora):
    with pytest.raises(ValueError, match="unknown scorer"):
        run(corpora, ["nope"])


def test_default_corpora_is_beside_the_checkout():
    assert default_corpora() == Path(__file__).resolve().parents[2] / "shared" / "eval"


def test_kg_eval_on_a_miniature_corpus(corpora):
    result = kg("eval", "--corpora", corpora, "--json", "-t", "timex", "-t", "events", "-t", "tlinks", "-t", "pairs")
    rows = json.loads(result.stdout)["rows"]
    tasks = {(r["corpus"], r["task"]) for r in rows}
    assert ("tempeval3-tbaq/test", "timex strict") in tasks and ("meantime", "event relaxed") in tasks
    assert ("timebank-dense/test", "tlink (end to end)") in tasks and ("matres/test", "tlink (end to end)") in tasks
    assert all(0 <= r["F1"] <= 1 for r in rows)
    by_task = {(r["corpus"], r["task"]): r for r in rows}
    assert by_task[("tempeval3-tbaq/test", "timex relaxed")]["n"] == 2
    assert by_task[("tempeval3-tbaq/test", "event relaxed")]["R"] >= 0.75  # attacked, said, promised, respond
    table = kg("eval", "--corpora", corpora, "-t", "timex")
    assert "timex value" in table.stdout.splitlines()[4]


def test_kg_eval_without_corpora_fails_in_one_line(tmp_path):
    result = kg("eval", "--corpora", tmp_path / "missing", check=False)
    assert result.returncode == 1 and result.stderr.startswith("error: no corpora")


# --- the real corpora (skipped when shared/eval is not beside the checkout) -----------------

REAL = default_corpora()
needs_real = pytest.mark.skipif(not (REAL / "tempeval3-tbaq").is_dir(), reason=f"the annotated corpora are not at {REAL}")


@needs_real
def test_real_tbaq_reads_every_file_with_consistent_offsets():
    paths = tbaq_paths(REAL)
    assert len(paths) == 256
    splits = [split_of(p.name.removesuffix(".tml")) for p in paths]
    assert 40 <= splits.count("test") <= 60 and 20 <= splits.count("dev") <= 40
    for path in paths[::16]:
        doc = read_timeml(path)
        assert doc.article.date and doc.events
        assert all(doc.article.text[s.start:s.end] == s.text for s in doc.events + doc.timexes)


@needs_real
def test_real_pair_corpora_resolve_to_tbaq_ids():
    docs = {d.id: d for d in read_tbaq(REAL, ("train", "dev", "test"))}
    dense = read_tbdense(REAL)
    assert len(dense) == 36 and sum(map(len, dense.values())) == 12715
    matres = read_matres(REAL, docs)
    assert sum(map(len, matres.values())) > 12000
    doc = docs["APW19980227.0489"]
    ids = {s.id for s in doc.events}
    assert all(l.source in ids and l.target in ids for l in matres["APW19980227.0489"])


@needs_real
@pytest.mark.slow
def test_real_scores_stay_above_the_floor():
    """A regression floor well below the figures README quotes, on the held-out test split."""
    report = run(REAL, ["timex", "events"])
    score = {(r["corpus"], r["task"]): r["F1"] for r in report.rows}
    assert score[("tempeval3-tbaq/test", "timex relaxed")] >= 0.85
    assert score[("tempeval3-tbaq/test", "timex value")] >= 0.65
    assert score[("tempeval3-tbaq/test", "event strict")] >= 0.82
    assert score[("meantime", "timex strict")] >= 0.8


def test_kg_train_fits_every_model_on_the_train_files_only(corpora, tmp_path):
    out = tmp_path / "models"
    result = kg("train", "--corpora", corpora, "--output", out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["events.npz", "factuality_certainty.npz", "factuality_polarity.npz", "factuality_time.npz",
                     "timex.crfsuite", "tlink_dct.npz", "tlink_events.npz", "tlink_timex.npz"]
    assert "timex" in result.stdout and "tlinks" in result.stdout and "factuality" in result.stdout
    from kg.nlp.linear import LinearModel, load

    import kg.nlp.linear as linear
    saved = linear.MODELS_DIR
    try:
        linear.MODELS_DIR = out
        load.cache_clear()
        model = load("events")
        assert isinstance(model, LinearModel) and "1 TempEval-3 training files" in model.meta  # the test file is left out
        future = load("factuality_time")  # MEANTIME's one event has no factuality: a model that says the default
        assert "1 MEANTIME documents" in future.meta and future.predict([["bias"]]) == ["NON_FUTURE"]
    finally:
        linear.MODELS_DIR = saved
        load.cache_clear()


def test_kg_train_factuality_alone_reads_meantime_only(corpora, tmp_path):
    out = tmp_path / "models"
    result = kg("train", "factuality", "--corpora", corpora, "--output", out)
    assert sorted(p.name for p in out.iterdir()) == ["factuality_certainty.npz", "factuality_polarity.npz",
                                                     "factuality_time.npz"]
    assert "TempEval-3" not in result.stderr and "MEANTIME" in result.stderr


def test_kg_train_refuses_an_unknown_model(corpora):
    result = kg("train", "nope", "--corpora", corpora, check=False)
    assert result.returncode == 1 and "unknown model 'nope'" in result.stderr
