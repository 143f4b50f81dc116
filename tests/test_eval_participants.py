"""``kg eval -t participants``: gold participant links from CAT, pair matching, the naive baseline, the rows."""

from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.eval.corpora import GoldSpan, read_meantime
from kg.eval.participants import (NAMED_OR_NOMINAL, Pair, baseline_pairs, gold_participants, pair_counts, touching_counts,
                                  score_participants)

try:
    from tests.helpers import cat_tokens
except ModuleNotFoundError:
    from helpers import cat_tokens

# written for these tests: a title, a date line, then "Acme Corp bought Zenith on Tuesday, the company said. It paid cash."
WORDS = [["Acme", "buys", "Zenith"], ["May", "2", ",", "2012"],
         ["Acme", "Corp", "bought", "Zenith", "on", "Tuesday", ",", "the", "company", "said", "."],
         ["It", "paid", "cash", "."]]
MARKABLES = """<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="8"/><token_anchor t_id="9"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="11"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="NOM"><token_anchor t_id="15"/><token_anchor t_id="16"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="PRO"><token_anchor t_id="19"/></ENTITY_MENTION>
<TIMEX3 m_id="5" type="DATE" value="2012-05-02" functionInDocument="CREATION_TIME"><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/><token_anchor t_id="7"/></TIMEX3>
<EVENT_MENTION m_id="10" pred="buy"><token_anchor t_id="10"/></EVENT_MENTION>
<EVENT_MENTION m_id="11" pred="say"><token_anchor t_id="17"/></EVENT_MENTION>
<EVENT_MENTION m_id="12" pred="pay"><token_anchor t_id="20"/></EVENT_MENTION>"""
RELATIONS = "".join(f'<HAS_PARTICIPANT r_id="{n}" sem_role="{role}"><source m_id="{event}"/><target m_id="{entity}"/></HAS_PARTICIPANT>\n'
                    for n, (event, entity, role) in enumerate([(10, 1, "Arg0"), (10, 2, "Arg1"), (11, 3, "Arg0"),
                                                               (12, 4, "Arg0")], 100))


def cat_document() -> str:
    return (f'<?xml version="1.0" ?><Document doc_id="1" doc_name="1_acme" lang="en">\n' + cat_tokens(WORDS)
            + f"\n<Markables>\n{MARKABLES}\n</Markables>\n<Relations>\n{RELATIONS}</Relations>\n</Document>\n")


@pytest.fixture
def corpora(tmp_path: Path) -> Path:
    folder = tmp_path / "eval" / "meantime" / "intra-doc_annotation" / "corpus_gm"
    folder.mkdir(parents=True)
    (folder / "1_acme.xml").write_text(cat_document(), encoding="utf-8")
    return tmp_path / "eval"


def span(start: int, end: int, kind: str = "") -> GoldSpan:
    return GoldSpan("", start, end, "", kind)


def test_gold_links_are_read_with_offsets_and_syntactic_types(corpora: Path) -> None:
    [doc] = read_meantime(corpora)
    gold = gold_participants(doc)
    text = doc.article.text
    found = [(text[p.event.start:p.event.end], text[p.entity.start:p.entity.end], p.entity.kind) for p in gold.pairs]
    assert found == [("bought", "Acme Corp", "NAM"), ("bought", "Zenith", "NAM"), ("said", "the company", "NOM"),
                     ("paid", "It", "PRO")]
    assert sum(p.entity.kind in NAMED_OR_NOMINAL for p in gold.pairs) == 3


def test_a_pair_needs_both_spans_to_overlap_the_same_gold_link_and_counts_once() -> None:
    bought, said, acme, zenith, company = span(20, 26), span(53, 57), span(10, 19), span(27, 33), span(41, 52)
    gold = [Pair(bought, acme), Pair(bought, zenith), Pair(said, company)]
    predicted = [Pair(bought, span(10, 14)),  # "Acme" of "Acme Corp": right
                 Pair(bought, span(15, 19)),  # "Corp": the same gold link again, not counted twice
                 Pair(said, zenith),  # Zenith takes part in the buying, not the saying
                 Pair(span(21, 24), company)]  # an event inside "bought" but the company is not its participant
    assert pair_counts(predicted, gold) == (1, 4, 3)
    assert pair_counts([Pair(said, span(45, 52))], gold) == (1, 1, 3)


def test_names_by_any_overlap_match_nested_gold_names_that_one_to_one_pairing_cannot() -> None:
    from kg.eval.metrics import align

    gold = [span(0, 15), span(0, 2)]  # "US automaker GM" (a name's mention) and its "US" (a name as a modifier)
    system = [span(0, 2), span(13, 15)]  # "US", "GM"
    assert touching_counts(gold, system) == (2, 2, 2, 2)
    assert len(align(gold, system)) == 1  # the one-to-one row pairs "US" with the long mention and stops
    assert touching_counts(gold, [span(20, 25)]) == (0, 1, 0, 2)


def test_the_naive_baseline_takes_subjects_objects_and_passive_agents_with_their_entities() -> None:
    words = ["Acme", "Corp", "bought", "Zenith", ".", "Zenith", "was", "sold", "by", "Acme", "."]
    doc = Doc(Vocab(), words=words, heads=[1, 2, 2, 2, 2, 7, 7, 7, 7, 8, 7],
              deps=["compound", "nsubj", "ROOT", "dobj", "punct", "nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
              pos=["PROPN", "PROPN", "VERB", "PROPN", "PUNCT", "PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
              ents=["B-ORG", "I-ORG", "O", "B-ORG", "O", "B-ORG", "O", "O", "O", "B-ORG", "O"],
              sent_starts=[True, False, False, False, False, True, False, False, False, False, False])
    pairs = {(doc.text[p.event.start:p.event.end], doc.text[p.entity.start:p.entity.end]) for p in baseline_pairs(doc)}
    assert pairs == {("bought", "Acme Corp"), ("bought", "Zenith"), ("sold", "Zenith"), ("sold", "Acme")}


def test_rows_per_corpus_and_overall_with_the_gold_counts(corpora: Path) -> None:
    rows = {(row["corpus"], row["task"]): row for row in score_participants(corpora)}
    assert rows["meantime gm", "participants (named or nominal)"]["n"] == 3
    assert rows["meantime apple", "participants (named or nominal)"]["n"] == 0
    assert rows["meantime", "participants (any entity mention)"]["n"] == 4
    assert rows["meantime", "named entities (NAM + PRE.NAM, relaxed)"]["n"] == 2
    assert rows["meantime", "named entities (NAM + PRE.NAM, any overlap)"]["n"] == 2
    baseline = rows["meantime", "naive baseline (NER + subj/obj) (named or nominal)"]
    assert baseline["R"] > 0 and 0 <= baseline["P"] <= 1  # "Acme Corp bought Zenith": subject and object
    typed = rows["meantime", "typed events (share of matched events)"]
    assert typed["n"] >= 2 and typed["P"] == typed["R"] == typed["F1"]
