"""``kg eval -t factuality``: future, certainty and polarity of the extractor's events on MEANTIME.

Scored on the matched events: an event mention of the extractor that overlaps a gold
EVENT_MENTION (one-to-one, as the span scorers align them) whose attribute is annotated. FUTURE
and NEG are scored as the positive class (P/R/F1, ``n`` the gold FUTURE or NEG events among the
matched ones); certainty by accuracy (micro P = R = F1) and by macro-F1 over its four values
(``n`` the matched events). The models are learnt from MEANTIME itself, so their rows are
5-fold cross-validation by document: each document is scored by models that never saw it, with
C and class weighting chosen inside the training folds (``kg.train.factuality``).

The baselines are what the extractor said before: ``tense == "future"`` for FUTURE, a ``neg``
dependent of the trigger for NEG, and CERTAIN for every event; *rules* are the hand rules the
models take as features, deciding alone.

A check on news that no factuality model saw: the negation of the shipped model (trained on all
of MEANTIME) against TimeML's ``polarity`` on the held-out TimeBank test files. TimeML marks only
the predicate that is itself negated ("did not attack", "no arrests"); it leaves the event under
"declined to identify" or "barred from reaching" POS, which MEANTIME (and this model) call NEG,
so that row counts those as false positives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from kg.eval.corpora import CorpusMissing
from kg.eval.metrics import Counts
from kg.nlp.factuality import rules
from kg.train.factuality import FOLDS, Item, cross_validated, documents, predict, tbaq_documents, train_models

CORPUS = "meantime"
Prediction = tuple[bool, str, str]  # future, certainty, polarity


def _binary(items: Sequence[tuple[Item, Prediction]], attribute: str, positive: str,
            predicted_positive: Callable[[Item, Prediction], bool]) -> Counts:
    counts = Counts()
    for item, prediction in items:
        if not item.gold[attribute]:
            continue
        said, gold = predicted_positive(item, prediction), item.gold[attribute] == positive
        counts.add(said and gold, said, None, gold)
    return counts


def _certainty_rows(items: Sequence[tuple[Item, Prediction]], system: str) -> list[dict]:
    pairs = [(item.gold["certainty"], prediction[1]) for item, prediction in items if item.gold["certainty"]]
    accuracy = sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0
    classes = sorted({g for g, _ in pairs} | {p for _, p in pairs})
    precisions, recalls, f1s = [], [], []
    for cls in classes:
        tp = sum(g == p == cls for g, p in pairs)
        n_pred, n_gold = sum(p == cls for _, p in pairs), sum(g == cls for g, _ in pairs)
        precisions.append(tp / n_pred if n_pred else 0.0)
        recalls.append(tp / n_gold if n_gold else 0.0)
        f1s.append(2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0)

    def mean(values: list[float]) -> float:
        return round(sum(values) / len(values), 4) if values else 0.0

    return [{"corpus": CORPUS, "task": f"certainty accuracy, {system}", "P": round(accuracy, 4),
             "R": round(accuracy, 4), "F1": round(accuracy, 4), "n": len(pairs)},
            {"corpus": CORPUS, "task": f"certainty macro-F1, {system}", "P": mean(precisions), "R": mean(recalls),
             "F1": mean(f1s), "n": len(pairs)}]


def score_factuality(corpora: Path) -> list[dict]:
    """FUTURE F1, NEG F1 and certainty accuracy / macro-F1 of the baselines, the rules and the classifier."""
    docs = documents(Path(corpora))
    predicted = cross_validated(docs, FOLDS)
    learnt = [(item, p) for doc in docs for item, p in zip(doc.matched, predicted[doc.id])]
    by_rules = [(item, rules(item.row)) for doc in docs for item in doc.matched]
    before = [(item, (item.tense == "future", "CERTAIN", "NEG" if item.neg_dependent else "POS"))
              for doc in docs for item in doc.matched]
    classifier = f"classifier, {FOLDS}-fold by document"
    rows = []
    for name, items in (("extractor's tense (before)", before), ("rules", by_rules), (classifier, learnt)):
        rows.append(_binary(items, "time", "FUTURE", lambda _, p: p[0]).row(CORPUS, f"future, {name}"))
    for name, items in (("'neg' dependent (before)", before), ("rules", by_rules), (classifier, learnt)):
        rows.append(_binary(items, "polarity", "NEG", lambda _, p: p[2] == "NEG").row(CORPUS, f"negation, {name}"))
    for name, items in (("all CERTAIN (before)", before), ("rules", by_rules), (classifier, learnt)):
        rows += _certainty_rows(items, name)
    try:
        held_out = tbaq_documents(Path(corpora))
    except CorpusMissing:
        return rows
    models = train_models(docs)  # the shipped models: all of MEANTIME
    items = [item for doc in held_out for item in doc.matched]
    systems = (("'neg' dependent (before)", [(i, (False, "", "NEG" if i.neg_dependent else "POS")) for i in items]),
               ("rules", [(i, rules(i.row)) for i in items]),
               ("model trained on MEANTIME", list(zip(items, predict(models, [i.row for i in items])))))
    for name, scored in systems:
        counts = _binary(scored, "polarity", "NEG", lambda _, p: p[2] == "NEG")
        rows.append(counts.row("tempeval3-tbaq/test TimeBank", f"negation (TimeML polarity), {name}"))
    return rows
