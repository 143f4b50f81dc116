"""TimeML mentions: time-expression spans (CRF) and event tokens with their class."""

import numpy as np
import pytest

from kg.nlp import linear, mentions
from kg.nlp.pipeline import load_pipeline

needs_models = pytest.mark.skipif(not (linear.MODELS_DIR / mentions.TIMEX_MODEL).exists()
                                  or linear.load(mentions.EVENT_MODEL) is None,
                                  reason="the shipped models are not built: run kg train")


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def timex_texts(nlp, text):
    return [span.text for span, _ in mentions.timex_spans(nlp(text))]


@needs_models
@pytest.mark.parametrize(("text", "expected"), [
    ("Rebels attacked the town on Friday.", ["Friday"]),  # TimeML leaves the preposition out
    ("Last year's results were weak.", ["Last year"]),  # and the possessive
    ("Prices rose 5% in the first quarter of 1998.", ["the first quarter of 1998"]),
    ("Talks resumed early Tuesday after a break of two weeks.", ["early Tuesday", "two weeks"]),
    ("The company said profit fell.", []),
])
def test_timex_spans_follow_timeml(nlp, text, expected):
    assert timex_texts(nlp, text) == expected


@needs_models
def test_timex_spans_carry_a_type_guess(nlp):
    kinds = {span.text: kind for span, kind in mentions.timex_spans(nlp("The strike lasted two weeks and ended Monday."))}
    assert kinds == {"two weeks": "DURATION", "Monday": "DATE"}


@needs_models
def test_events_include_states_reporting_and_nominals(nlp):
    doc = nlp("The explosion killed 12 people, police said, and residents were afraid to return.")
    found = {doc[i].text: cls for i, cls in mentions.event_predictions(doc).items()}
    assert {"explosion", "killed", "said"} <= set(found)
    assert found["said"] == "REPORTING"
    assert "people" not in found and "police" not in found


@needs_models
def test_predictions_are_cached_on_the_doc(nlp):
    doc = nlp("Troops withdrew.")
    first = mentions.event_predictions(doc)
    assert mentions.event_predictions(doc) is first
    assert mentions.is_event_trigger(doc[1]) and mentions.timeml_class(doc[1]) == "OCCURRENCE"


@needs_models
def test_event_threshold_on_p_outside_decides(nlp, monkeypatch):
    text = "The company said sales of the unit rose after the merger talks ended."
    found = set(mentions.event_predictions(nlp(text)))
    monkeypatch.setattr(mentions, "EVENT_THRESHOLD", 0.0)
    assert mentions.event_predictions(nlp(text)) == {}
    monkeypatch.setattr(mentions, "EVENT_THRESHOLD", 1.01)  # P(O) < 1.01 everywhere
    doc = nlp(text)
    everything = set(mentions.event_predictions(doc))
    candidates = {t.i for t in doc if t.is_alpha and t.pos_ in mentions.CANDIDATE_POS}
    assert found < everything == candidates
    assert not {t.i for t in doc if t.pos_ in ("DET", "ADP", "PUNCT")} & everything  # never scored


@needs_models
def test_shipped_event_model_uses_the_training_default_c():
    import inspect

    from kg.train import mentions as training

    c = inspect.signature(training.train_events).parameters["c"].default
    assert linear.load(mentions.EVENT_MODEL).meta.endswith(f"C={c}")


def test_without_models_the_rules_stand_in(nlp, monkeypatch):
    monkeypatch.setattr(mentions, "_timex_tagger", lambda: None)
    monkeypatch.setattr(mentions.linear, "load", lambda name: None)
    doc = nlp("Protesters marched on Friday after the vote.")
    assert [span.text for span, _ in mentions.timex_spans(doc)] == ["Friday"]
    assert "marched" in {doc[i].text for i in mentions.event_predictions(doc)}


@pytest.mark.parametrize(("tags", "expected"), [
    (["O", "B-DATE", "I-DATE", "O"], [(1, 3, "DATE")]),
    (["B-DATE", "B-TIME", "I-TIME"], [(0, 1, "DATE"), (1, 3, "TIME")]),
    (["I-DURATION", "O"], [(0, 1, "DURATION")]),
    (["B-DATE", "I-TIME"], [(0, 1, "DATE"), (1, 2, "TIME")]),
])
def test_bio_spans(tags, expected):
    assert mentions.bio_spans(tags) == expected


@pytest.mark.parametrize(("word", "kind"), [("Friday", "weekday"), ("months", "unit"), ("1998", "year"),
                                            ("yesterday", "deictic"), ("the", "")])
def test_time_class(nlp, word, kind):
    assert mentions.time_class(nlp(word)[0]) == kind


def test_linear_model_round_trip(tmp_path):
    model = linear.LinearModel(["a", "b\nwith a line break", "c"], np.array([[1.0, -1.0], [0.5, 0.0], [0.0, 2.0]]),
                               np.array([0.0, 0.1]), ["x", "y"], "test model")
    path = linear.save(model, tmp_path / "m.npz")
    monkeypatch_dir = linear.MODELS_DIR
    try:
        linear.MODELS_DIR = tmp_path
        linear.load.cache_clear()
        loaded = linear.load("m")
    finally:
        linear.MODELS_DIR = monkeypatch_dir
        linear.load.cache_clear()
    assert path.exists() and loaded.meta == "test model"
    assert loaded.predict([["a"], ["c", "unknown"], ["b\nwith a line break"]]) == ["x", "y", "x"]
    assert np.allclose(loaded.probabilities([[]]).sum(axis=1), 1.0)
