"""Event factuality: the model on sentences written for these tests, and ``kg eval -t factuality`` on a
tiny MEANTIME-like corpus built here."""

from __future__ import annotations

import functools

import pytest

from kg.eval import SCORERS, run
from kg.eval.corpora import meantime_factuality, read_meantime
from kg.nlp import factuality
from kg.nlp.pipeline import load_pipeline


@functools.cache
def _nlp():
    return load_pipeline()


def judged(sentence: str, word: str) -> tuple[bool, str, str]:
    """(future, certainty, polarity) the shipped models give the event ``word`` of ``sentence``."""
    token = next(t for t in _nlp()(sentence) if t.text == word)
    return factuality.predict([factuality.features(token)])[0]


def test_the_shipped_models_are_there():
    from kg.nlp import linear

    for name in factuality.MODELS.values():
        assert linear.load(name) is not None, f"{name}.npz is missing: run kg train factuality"


@pytest.mark.parametrize("sentence, word", [
    ("The minister is set to speak later today.", "speak"),
    ("The leaders will meet in Geneva next week.", "meet"),
    ("The company plans to cut 500 jobs.", "cut"),
    ("The union threatened to strike.", "strike"),
])
def test_planned_scheduled_and_threatened_events_are_future(sentence, word):
    future, _, polarity = judged(sentence, word)
    assert future and polarity == "POS"


@pytest.mark.parametrize("sentence, word", [
    ("The army denied attacking the village.", "attacking"),
    ("Rebels did not attack the town.", "attack"),
    ("No one was killed in the blast.", "killed"),
    ("The government refused to negotiate.", "negotiate"),
])
def test_denied_and_negated_events_are_negative(sentence, word):
    assert judged(sentence, word)[2] == "NEG"


def test_a_past_verb_the_parser_joins_to_a_refused_infinitive_is_no_refusal():
    sentence = "The network refused to pay and restored its systems from backups by Tuesday evening."
    assert judged(sentence, "pay")[2] == "NEG"
    assert judged(sentence, "restored") == (False, "CERTAIN", "POS")  # it did restore them


def test_a_modal_makes_an_event_possible_or_future():
    future, certainty, polarity = judged("Officials said the plant may close.", "close")
    assert (certainty == "POSSIBLE" or future) and polarity == "POS"


def test_a_reported_past_event_is_certain_positive_and_not_future():
    assert judged("The army attacked the village on Tuesday, officials said.", "attacked") == (False, "CERTAIN", "POS")


def test_the_rules_decide_without_models():
    token = next(t for t in _nlp()("The army denied attacking the village.") if t.text == "attacking")
    assert factuality.rules(factuality.features(token)) == (False, "CERTAIN", "NEG")
    token = next(t for t in _nlp()("He is going to announce the deal.") if t.text == "announce")
    assert factuality.rules(factuality.features(token))[0]


def test_with_factuality_fills_the_fields_of_event_mentions():
    from kg.model import EventMention

    doc = _nlp()("Rebels did not attack the town. Leaders will meet on Friday.")
    tokens = [t for t in doc if t.text in ("attack", "meet")]
    events = [EventMention(f"e{n}", t.idx, t.idx + len(t), t.text, t.lemma_, "OCCURRENCE", n)
              for n, t in enumerate(tokens)]
    attack, meet = factuality.with_factuality(events, tokens, (), None)
    assert attack.polarity == "NEG" and not attack.future
    assert meet.future and meet.polarity == "POS" and meet.certainty == "CERTAIN"


# --- the scorer on a miniature MEANTIME ------------------------------------------------------

# (word, attributes of its EVENT_MENTION or None); sentence 0 is the title, 1 the date line
SENTENCES = [
    [("Talks", None), ("resume", {"time": "NON_FUTURE", "certainty": "CERTAIN", "polarity": "POS"})],
    [("May", None), ("2", None), (",", None), ("2012", None)],
    [("The", None), ("army", None), ("did", None), ("not", None),
     ("attack", {"time": "NON_FUTURE", "certainty": "CERTAIN", "polarity": "NEG"}), ("the", None), ("town", None),
     (".", None)],
    [("Leaders", None), ("will", None), ("meet", {"time": "FUTURE", "certainty": "CERTAIN", "polarity": "POS"}),
     ("on", None), ("Friday", None), (".", None)],
    [("Rebels", None), ("attacked", {"time": "NON_FUTURE", "certainty": "CERTAIN", "polarity": "POS"}),
     ("the", None), ("village", None), (".", None)],
    [("Officials", None), ("said", {"time": "NON_FUTURE", "certainty": "CERTAIN", "polarity": "POS"}),
     ("the", None), ("plant", None), ("may", None),
     ("close", {"time": "FUTURE", "certainty": "POSSIBLE", "polarity": "POS"}), (".", None)],
]


def cat_document(number: int) -> str:
    tokens, markables, t_id = [], [], 0
    for sentence, words in enumerate(SENTENCES):
        for word, attributes in words:
            t_id += 1
            tokens.append(f'<token number="{t_id - 1}" sentence="{sentence}" t_id="{t_id}">{word}</token>')
            if attributes:
                extra = " ".join(f'{k}="{v}"' for k, v in attributes.items())
                markables.append(f'<EVENT_MENTION m_id="{100 + t_id}" pred="{word.lower()}" {extra}>'
                                 f'<token_anchor t_id="{t_id}"/></EVENT_MENTION>')
    dates = "".join(f'<token_anchor t_id="{n}"/>' for n in range(3, 7))
    markables.append(f'<TIMEX3 m_id="1" type="DATE" value="2012-05-02" functionInDocument="CREATION_TIME">'
                     f'{dates}</TIMEX3>')
    return (f'<?xml version="1.0" ?><Document doc_id="{number}" doc_name="{number}_talks" lang="en">'
            + "".join(tokens) + "<Markables>" + "".join(markables) + "</Markables><Relations/></Document>")


@pytest.fixture
def corpora(tmp_path):
    """A miniature ``shared/eval`` holding only MEANTIME: six copies of one small article."""
    folder = tmp_path / "eval" / "meantime" / "intra-doc_annotation" / "corpus_test"
    folder.mkdir(parents=True)
    for number in range(6):
        (folder / f"{number}_talks.xml").write_text(cat_document(number), encoding="utf-8")
    return tmp_path / "eval"


def test_the_meantime_reader_keeps_the_factuality_attributes(corpora):
    doc = next(iter(read_meantime(corpora)))
    found = meantime_factuality(doc)
    by_text = {span.text: found[span.id] for span in doc.events}
    assert by_text["attack"] == {"time": "NON_FUTURE", "certainty": "CERTAIN", "polarity": "NEG"}
    assert by_text["close"]["certainty"] == "POSSIBLE" and by_text["meet"]["time"] == "FUTURE"


def test_kg_eval_factuality_scores_baselines_rules_and_folds(corpora):
    assert SCORERS["factuality"] == "kg.eval.factuality:score_factuality"
    report = run(corpora, ["factuality"])
    rows = {row["task"]: row for row in report.rows}
    assert all(row["corpus"] == "meantime" for row in report.rows)  # no TempEval-3 here: its check is skipped
    for task in ("future", "negation", "certainty accuracy", "certainty macro-F1"):
        assert sum(name.startswith(task + ",") for name in rows) == 3
    assert all(0 <= row["F1"] <= 1 for row in report.rows)
    # one NEG ("did not attack") and two FUTURE ("will meet", "may close") per article, every one matched
    assert rows["negation, 'neg' dependent (before)"]["n"] == 6
    assert rows["negation, 'neg' dependent (before)"]["F1"] == 1.0
    assert rows["future, extractor's tense (before)"]["n"] == 12
    assert rows["future, extractor's tense (before)"]["P"] == 1.0  # "will meet" is future tense, nothing else is
    certainty = rows["certainty accuracy, all CERTAIN (before)"]
    assert certainty["F1"] == pytest.approx(1 - 6 / certainty["n"], abs=0.001)  # all but "may close" are CERTAIN
    assert rows["negation, classifier, 5-fold by document"]["F1"] == 1.0



@pytest.mark.parametrize("sentence, word", [
    ("The ruling allowed him to run again in the election.", "run"),
    ("The carmakers were forced to seek federal aid.", "seek"),
])
def test_an_implicative_governor_is_a_class_of_its_own_not_a_plan(sentence, word):
    # "was forced to seek aid": sought; "plans to seek aid": not yet. The time model learns them apart
    token = next(t for t in _nlp()(sentence) if t.text == word)
    assert factuality.governor_class(token.head) == "IMPLICATIVE"
    assert "g1_cls=IMPLICATIVE" in factuality.features(token)


def test_a_verb_with_a_finite_past_of_its_own_is_not_planned_under_a_future_verb():
    sentence = "Ilse Varga will take over the finance ministry from Malik Osei, who was moved to the trade ministry."
    assert judged(sentence, "take")[0]  # ahead
    assert not judged(sentence, "moved")[0]  # done: "was moved"


@pytest.mark.parametrize("sentence, word", [
    ("The store currently sells music, and more recently has begun to sell films.", "sell"),
    ("The carmakers have been forced to seek aid from the government.", "seek"),
    ("The market is starting to show signs of life, traders said.", "show"),
])
def test_what_a_finite_verb_says_has_begun_or_was_made_to_happen_is_not_planned(sentence, word):
    assert not judged(sentence, word)[0]


def test_what_will_begin_is_still_ahead():
    assert judged("The carmaker will begin to sell the model in June.", "sell")[0]


@pytest.mark.parametrize("sentence, word", [
    ("He denies the charges.", "charges"),
    ("The minister rejected the allegations against her.", "allegations"),
])
def test_charges_denied_were_still_brought(sentence, word):
    assert judged(sentence, word)[2] == "POS"
    assert judged("He denied any wrongdoing.", "wrongdoing")[2] == "NEG"


def test_what_a_participle_of_a_past_verb_made_happen_is_not_planned():
    assert not judged("A freight train derailed on Friday night, forcing about 2,000 residents to leave their homes.",
                      "leave")[0]


def test_the_purpose_of_a_ban_is_not_denied():
    assert judged("Korva banned cryptocurrency mining on Tuesday to save power.", "save")[2] == "POS"
    assert judged("The government refused to negotiate.", "negotiate")[2] == "NEG"


@pytest.mark.parametrize("sentence, word", [
    ("Voltaro reported a 64 percent jump in quarterly revenue on Wednesday.", "jump"),
    ("The company reported a loss for the quarter.", "loss"),
])
def test_a_result_a_past_verb_reports_is_not_planned(sentence, word):
    assert not judged(sentence, word)[0]
