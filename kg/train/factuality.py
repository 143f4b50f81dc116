"""Training the factuality models (future, certainty, polarity) on MEANTIME, and cross-validating them.

Examples are the gold EVENT_MENTIONs of MEANTIME's annotated Wikinews articles (``meantime/``:
its apple and gm corpora), each read at the head token of its span in the extractor's own parse,
with the features of :func:`kg.nlp.factuality.features` and the annotators' ``time``,
``certainty`` and ``polarity``. One logistic regression per attribute; C and class weighting are
chosen by cross-validation grouped by document (:func:`select`), so no choice ever looks at the
documents it is scored on. ``kg train factuality`` fits them on every document;
:func:`cross_validated` gives each document the predictions of models that never saw it, which
``kg eval -t factuality`` scores.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.eval.corpora import GoldDoc, meantime_factuality, read_meantime, read_tbaq, timeml_polarity
from kg.eval.metrics import align
from kg.nlp import factuality, linear

ATTRIBUTES = ("time", "certainty", "polarity")
POSITIVE = {"time": "FUTURE", "polarity": "NEG"}  # scored by the F1 of this class; certainty by macro-F1
DEFAULT = {"time": "NON_FUTURE", "certainty": "CERTAIN", "polarity": "POS"}  # what a model that saw nothing says
GRID = tuple((c, weight) for weight in (None, "sqrt", "balanced") for c in (0.1, 0.3, 1.0, 3.0))
FOLDS = 5


def label(attribute: str, value: str) -> str:
    """A gold value as the models learn it: time FUTURE/NON_FUTURE, polarity NEG/POS ("UNDERSPECIFIED"
    polarity is not a negation), the four certainties; "" when not annotated."""
    if not value:
        return ""
    if attribute == "time":
        return "FUTURE" if value == "FUTURE" else "NON_FUTURE"
    if attribute == "polarity":
        return "NEG" if value == "NEG" else "POS"
    return value if value in factuality.CERTAINTIES else ""


@dataclass
class Item:
    """One event mention: its features and its gold labels ("" where not annotated)."""

    row: list[str]
    gold: dict[str, str]
    tense: str = ""  # what the extractor said before factuality was learnt (the baseline)
    neg_dependent: bool = False


@dataclass
class Document:
    id: str
    training: list[Item] = field(default_factory=list)  # every gold event mention, at its head token
    matched: list[Item] = field(default_factory=list)  # the extractor's events that overlap a gold one


@functools.cache
def documents(corpora: Path) -> tuple[Document, ...]:
    """MEANTIME's documents parsed and extracted as ``kg extract`` does, with their factuality examples."""
    return tuple(_documents(list(read_meantime(Path(corpora))), _meantime_labels))


@functools.cache
def tbaq_documents(corpora: Path) -> tuple[Document, ...]:
    """The held-out TempEval-3 test files of TimeBank with TimeML's polarity as gold (its only factuality
    attribute that means what MEANTIME's does), a check on news no factuality model has seen. AQUAINT's
    files are left out: half of their events are marked NEG."""
    golds = [g for g in read_tbaq(Path(corpora), ("test",)) if Path(g.article.path).parent.name == "TimeBank"]
    return tuple(_documents(golds, _timeml_labels))


def _meantime_labels(gold: GoldDoc) -> dict[str, dict[str, str]]:
    return {m_id: {a: label(a, value) for a, value in found.items()}
            for m_id, found in meantime_factuality(gold).items()}


def _timeml_labels(gold: GoldDoc) -> dict[str, dict[str, str]]:
    return {eid: {**dict.fromkeys(ATTRIBUTES, ""), "polarity": label("polarity", value)}
            for eid, value in timeml_polarity(gold).items()}


def _documents(golds: list[GoldDoc], gold_labels: Callable[[GoldDoc], dict[str, dict[str, str]]]) -> list[Document]:
    """Each document parsed and extracted, with a row for each gold event (at its head token) and for
    each of the extractor's events that overlaps one."""
    from kg.nlp.extract import extract_doc
    from kg.nlp.pipeline import load_pipeline, parse

    out = []
    empty = dict.fromkeys(ATTRIBUTES, "")
    for doc, gold in parse(load_pipeline(), ((g.article.text, g) for g in golds)):
        extraction = extract_doc(gold.article, doc)
        labels = gold_labels(gold)
        times_of: dict[int, list[str]] = {}
        for timex in extraction.timexes:
            times_of.setdefault(timex.sentence, []).append(timex.value)
        starts = [s.start for s in extraction.sentences]
        token_at = {t.idx: t for t in doc}
        event_at = {e.start: e for e in extraction.events}
        document = Document(gold.id)
        for span in gold.events:
            found = doc.char_span(span.start, span.end, alignment_mode="expand")
            if found is None or not len(found):
                continue
            head = found.root
            event = event_at.get(head.idx)
            sentence = bisect.bisect_right(starts, head.idx) - 1
            row = factuality.features(head, event.time if event else "", times_of.get(sentence, ()), gold.article.date)
            document.training.append(Item(row, labels.get(span.id, empty)))
        for i, j in align(gold.events, extraction.events):
            event = extraction.events[j]
            token = token_at[event.start]
            row = factuality.features(token, event.time, times_of.get(event.sentence, ()), gold.article.date)
            document.matched.append(Item(row, labels.get(gold.events[i].id, empty), event.tense,
                                         any(c.dep_ == "neg" for c in token.children)))
        out.append(document)
    return out


def fit(rows: Sequence[Sequence[str]], labels: list[str], c: float, weight: str | None,
        meta: str = "", default: str = "POS") -> linear.LinearModel:
    """A logistic regression over binary features; a constant model when only one label (or none,
    then ``default``) is seen."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    classes = sorted(set(labels))
    if len(classes) < 2:
        return linear.LinearModel([], np.zeros((0, 1)), np.zeros(1), classes or [default], meta)
    if weight == "sqrt":  # halfway between none and "balanced": rare classes count more, not as much
        counts = {cls: labels.count(cls) for cls in classes}
        weight = {cls: (len(labels) / (len(classes) * n)) ** 0.5 for cls, n in counts.items()}
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform({f: 1 for f in row} for row in rows)
    classifier = LogisticRegression(C=c, class_weight=weight, solver="newton-cg", max_iter=5000)
    classifier.fit(matrix, list(labels))
    return linear.from_sklearn(vectorizer, classifier, meta)


def score(attribute: str, gold: Sequence[str], predicted: Sequence[str]) -> float:
    """What :func:`select` maximises: the F1 of the positive class (FUTURE, NEG); for certainty, the mean
    of accuracy and macro-F1, since nearly nine events in ten are CERTAIN and flagging a certain one
    as doubtful misleads as much as missing a doubtful one."""
    classes = [POSITIVE[attribute]] if attribute in POSITIVE else sorted(set(gold) | set(predicted))
    f1s = []
    for cls in classes:
        tp = sum(g == p == cls for g, p in zip(gold, predicted))
        n_pred, n_gold = sum(p == cls for p in predicted), sum(g == cls for g in gold)
        f1s.append(2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0)
    macro = sum(f1s) / len(f1s) if f1s else 0.0
    if attribute in POSITIVE:
        return macro
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0
    return (accuracy + macro) / 2


def _examples(docs: Sequence[Document], attribute: str, which: str = "training") -> tuple[list, list, list[str]]:
    rows, labels, groups = [], [], []
    for doc in docs:
        for item in getattr(doc, which):
            if item.gold[attribute]:
                rows.append([f for f in item.row if factuality.learns_from(attribute, f)])
                labels.append(item.gold[attribute])
                groups.append(doc.id)
    return rows, labels, groups


def fold_of(doc_ids: Sequence[str], k: int = FOLDS) -> dict[str, int]:
    """Documents dealt round-robin into ``k`` folds, in name order."""
    return {doc_id: n % k for n, doc_id in enumerate(sorted(set(doc_ids)))}


def select(docs: Sequence[Document], attribute: str, k: int = 4) -> tuple[float, str | None]:
    """(C, class weight) of :data:`GRID` that scores best in ``k``-fold cross-validation by document."""
    rows, labels, groups = _examples(docs, attribute)
    folds = fold_of(groups, k)
    if len(set(folds.values())) < 2:
        return GRID[0]
    best, best_score = GRID[0], -1.0
    for c, weight in GRID:
        predicted = [""] * len(rows)
        for fold in range(k):
            train = [n for n, g in enumerate(groups) if folds[g] != fold]
            test = [n for n, g in enumerate(groups) if folds[g] == fold]
            if not train or not test:
                continue
            model = fit([rows[n] for n in train], [labels[n] for n in train], c, weight)
            for n, p in zip(test, model.predict([rows[n] for n in test])):
                predicted[n] = p
        value = score(attribute, labels, predicted)
        if value > best_score + 1e-9:
            best, best_score = (c, weight), value
    return best


def train_models(docs: Sequence[Document]) -> dict[str, linear.LinearModel]:
    """One model per attribute on ``docs``, with C and weighting chosen by cross-validation on them."""
    models = {}
    for attribute in ATTRIBUTES:
        c, weight = select(docs, attribute)
        rows, labels, _ = _examples(docs, attribute)
        meta = (f"factuality {attribute} classifier, {len(docs)} MEANTIME documents, {len(rows)} event mentions, "
                f"C={c}, class_weight={weight}")
        models[attribute] = fit(rows, labels, c, weight, meta, DEFAULT[attribute])
    return models


def predict(models: dict[str, linear.LinearModel], rows: Sequence[Sequence[str]]) -> list[tuple[bool, str, str]]:
    """(future, certainty, polarity) of each feature row by the given models (not the shipped ones)."""
    times, certainties, polarities = (models[a].predict(rows) for a in ATTRIBUTES)
    return [factuality.overruled(row, t == "FUTURE", c, p)
            for row, t, c, p in zip(rows, times, certainties, polarities)]


def cross_validated(docs: Sequence[Document], k: int = FOLDS) -> dict[str, list[tuple[bool, str, str]]]:
    """(future, certainty, polarity) of each matched event of each document, by models that never saw it."""
    folds = fold_of([d.id for d in docs], k)
    out = {}
    for fold in sorted(set(folds.values())):
        training = [d for d in docs if folds[d.id] != fold]
        models = train_models(training)
        for doc in docs:
            if folds[doc.id] == fold:
                out[doc.id] = predict(models, [item.row for item in doc.matched])
    return out


def train_factuality(corpora: Path, out_dir: Path = linear.MODELS_DIR) -> list[Path]:
    """Fit the shipped models on every MEANTIME document and write them under ``out_dir``."""
    models = train_models(documents(Path(corpora)))
    return [linear.save(models[a], out_dir / f"{factuality.MODELS[a]}.npz") for a in ATTRIBUTES]
