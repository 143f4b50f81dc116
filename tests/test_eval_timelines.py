"""``kg eval -t timeline``: gold timelines, CAT token anchors, the date rule and the rows of a tiny corpus."""

from pathlib import Path

import pytest
from lxml import etree

from kg.eval.corpora import cat_text
from kg.eval.timelines import (UNDATED, Anchor, date_agrees, match, read_cat_article, read_gold, score_timelines,
                               system_anchors)

try:
    from tests.helpers import cat_tokens
except ModuleNotFoundError:
    from helpers import cat_tokens

# written for these tests: a title, the date line, two sentences
SENTENCES = [["Jane", "Doe", "announces", "merger"], ["May", "2", ",", "2012"],
             ["Jane", "Doe", "announced", "the", "merger", "on", "Monday", "."],
             ["Shareholders", "approved", "it", "and", "Doe", "thanked", "them", "."]]
GOLD = "Jane Doe\n0\tXXXX-XX-XX\t7-3-thanked\n1\t2012-04-30\t7-2-announced\t7-0-announces\n"


def cat_document(doc_id: str = "7") -> str:
    return (f'<?xml version="1.0" ?><Document doc_id="{doc_id}" doc_name="{doc_id}_merger.txt">\n' + cat_tokens(SENTENCES)
            + '\n<Markables>\n<TIMEX3 m_id="1" type="DATE" value="2012-05-02" functionInDocument="CREATION_TIME">'
            "</TIMEX3>\n</Markables>\n</Document>\n")


@pytest.fixture
def corpora(tmp_path: Path) -> Path:
    root = tmp_path / "eval" / "semeval2015-timeline" / "corpus_gm"
    (root / "corpus_trackA_CAT").mkdir(parents=True)
    (root / "TimeLines_Gold_Standard").mkdir()
    (root / "corpus_trackA_CAT" / "7_merger.txt.xml").write_text(cat_document(), encoding="utf-8")
    (root / "TimeLines_Gold_Standard" / "jane_doe.txt").write_text(GOLD, encoding="utf-8")
    return tmp_path / "eval"


def test_a_gold_file_gives_the_name_and_one_anchor_per_mention(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text(GOLD + "2\t2012-05\t7-3-let_down\n", encoding="utf-8")
    name, anchors = read_gold(path)
    assert name == "Jane Doe"
    assert [(a.doc, a.sentence, sorted(a.words), a.date) for a in anchors] == [
        ("7", 3, ["thanked"], "XXXX-XX-XX"), ("7", 2, ["announced"], "2012-04-30"), ("7", 0, ["announces"], "2012-04-30"),
        ("7", 3, ["down", "let"], "2012-05")]


@pytest.mark.parametrize(("gold", "system", "agrees"), [
    ("2008-XX-XX", "2008-05-01", True), ("2008", "2008", True), ("2008-05-XX", "2008-05-31", True),
    ("2008-05", "2008-05", True), ("2008-05-XX", "2008", False), ("2008-05-03", "2008-05-04", False),
    ("2008-XX-XX", "2009-01-01", False), ("XXXX-XX-XX", UNDATED, True), ("XXXX-XX-XX", "2008", False),
    ("2008", UNDATED, False)])
def test_dates_agree_at_the_gold_precision(gold: str, system: str, agrees: bool) -> None:
    assert date_agrees(gold, system) is agrees


def test_mentions_map_onto_cat_sentences_and_match_one_to_one() -> None:
    text, tokens = cat_text(etree.fromstring(cat_document().encode()))
    start = text.index("announced the")
    entries = [{"date": "2012-04-30", "mentions": [{"article": "7", "start": start, "end": start + 9, "anchor": "announced"},
                                                   {"article": "7", "start": start + 2, "end": start + 5, "anchor": "nou"},
                                                   {"article": "8", "start": 0, "end": 4, "anchor": "Jane"}]}]
    system = system_anchors(entries, {"7": tokens})
    assert [(a.doc, a.sentence, a.words) for a in system] == [("7", 2, {"announced"}), ("7", 2, {"announced"})]
    gold = [Anchor("7", 2, frozenset({"announced"}), "2012-04-30"), Anchor("7", 0, frozenset({"announced"}), "2012")]
    pairs = match(system, gold)
    assert len(pairs) == 1 and pairs[0][1] is gold[0]  # the same word in another sentence is another mention


def test_the_article_is_the_whole_cat_text_dated_by_its_creation_time(corpora: Path) -> None:
    article, tokens = read_cat_article(next(corpora.glob("semeval2015-timeline/corpus_gm/corpus_trackA_CAT/*.xml")))
    assert article.id == "7" and article.date.isoformat() == "2012-05-02"
    assert article.text.splitlines()[2] == "Jane Doe announced the merger on Monday ."
    assert tokens[-1].sentence == 3 and article.text[tokens[-1].start:tokens[-1].end] == "."


def test_the_rows_of_a_corpus_count_its_gold_mentions_and_find_the_statement(corpora: Path) -> None:
    rows = {row["task"]: row for row in score_timelines(corpora)}
    assert {row["corpus"] for row in rows.values()} == {"semeval2015 gm"}  # trial_apple is not there: no row
    mentions, dated = rows["timeline mentions"], rows["timeline mentions, dated"]
    assert mentions["n"] == dated["n"] == 3
    assert mentions["R"] >= 1 / 3 and mentions["P"] > 0  # "Jane Doe announced …": she is its agent
    assert dated["R"] <= mentions["R"]
