"""Training the participant model (``kg/nlp/arguments.py``) on MEANTIME's ``HAS_PARTICIPANT`` links.

Examples are (trigger, candidate) pairs: every trigger the extractor finds in the annotated sentences
of MEANTIME's apple and gm corpora, and every candidate of its sentence
(:func:`kg.nlp.arguments.candidates`, plus what the hand rules propose); a pair is positive when
the candidate's words overlap an entity mention a ``HAS_PARTICIPANT`` link ties to that event
(any mention: names, nominals, pronouns; the link's role is not learnt, it is read off the path). A
trigger that is no gold event has no participants, as the scorer counts them.

``kg train arguments`` writes three models: ``arguments`` (both corpora: what the pipeline runs)
and one per corpus trained on the *other* corpus only (``arguments-apple`` never saw apple), which
``kg eval -t participants`` uses to score each corpus on news its model never saw. The decision
threshold of each is chosen by 5-fold cross-validation by document on its own training documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kg.eval.corpora import GoldParticipants, gold_participants, read_meantime
from kg.eval.metrics import overlap
from kg.nlp import arguments, events as ev, linear
from kg.nlp.extract import ENTITY_LABELS, typed_predicate
from kg.nlp.mentions import is_event_trigger
from kg.nlp.pipeline import load_pipeline, parse
from kg.taxonomy import GENERIC_TYPES

CORPORA = ("corpus_apple", "corpus_gm")  # MEANTIME's airbus and stock corpora are never read
C = 0.5
FOLDS = 5


@dataclass
class Example:
    row: list[str]
    label: bool
    document: str
    corpus: str


def _entities(doc) -> dict:
    return {t.i: span for span in doc.ents if span.label_ in ENTITY_LABELS for t in span}


def _candidate_span(token, entities) -> tuple[int, int]:
    if token.i in entities:
        return entities[token.i].start_char, entities[token.i].end_char
    return token.idx, token.idx + len(token.text)


def examples(corpora: Path) -> list[Example]:
    """The labelled pairs of every annotated MEANTIME apple and gm document, in the extractor's own parse."""
    docs = [doc for doc in read_meantime(corpora) if Path(doc.article.path).parent.name in CORPORA]
    parsed = parse(load_pipeline(), ((doc.article.text, doc) for doc in docs))
    found: list[Example] = []
    for (spacy_doc, gold_doc) in parsed:
        gold = gold_participants(gold_doc)
        corpus = Path(gold_doc.article.path).parent.name.removeprefix("corpus_")
        found += _document_examples(spacy_doc, gold, corpus)
    return found


def _document_examples(doc, gold: GoldParticipants, corpus: str) -> list[Example]:
    entities = _entities(doc)
    limit = max((e.end for e in gold.doc.events), default=0)
    found = []
    for trigger in doc:
        if trigger.idx >= limit or not (is_event_trigger(trigger) or typed_predicate(trigger)):
            continue
        span = (trigger.idx, trigger.idx + len(trigger.text))
        gold_events = [e for e in gold.doc.events if overlap_spans(span, (e.start, e.end))]
        linked = [p.entity for p in gold.pairs if p.event in gold_events]
        cls, _ = ev.event_type(trigger)
        rules = ev.arguments(trigger, cls, entities)
        by_token = {}
        for role, token in rules:
            by_token.setdefault(token.i, role)
        pool = {t.i: t for t in arguments.candidates(trigger, entities)}
        pool.update({t.i: t for role, t in rules if role not in ("place", "instrument", "time")})
        for token in pool.values():
            if by_token.get(token.i) in ("place", "instrument", "time"):
                continue
            start, end = _candidate_span(token, entities)
            label = any(overlap_spans((start, end), (m.start, m.end)) for m in linked)
            news_class = bool(cls) and cls not in GENERIC_TYPES
            found.append(Example(arguments.features(trigger, token, entities, by_token.get(token.i, ""), news_class),
                                 label, gold.doc.id, corpus))
    return found


def overlap_spans(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def fit(items: Sequence[Example], meta: str) -> linear.LinearModel:
    """A logistic regression over ``items``, its threshold chosen by cross-validation by document."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    def train(subset):
        vectorizer = DictVectorizer()
        matrix = vectorizer.fit_transform([{f: 1 for f in e.row} for e in subset])
        model = LogisticRegression(C=C, max_iter=2000)
        model.fit(matrix, ["yes" if e.label else "no" for e in subset])
        return linear.from_sklearn(vectorizer, model)

    documents = sorted({e.document for e in items})
    folds = min(FOLDS, len(documents))
    fold = {d: n % folds for n, d in enumerate(documents)}
    scores = np.full(len(items), 0.5)
    for k in range(folds if folds > 1 else 0):
        held = [n for n, e in enumerate(items) if fold[e.document] == k]
        rest = [e for e in items if fold[e.document] != k]
        if len({e.label for e in rest}) < 2:
            continue
        model = train(rest)
        scores[held] = model.probabilities([items[n].row for n in held])[:, model.classes.index("yes")]
    labels = np.array([e.label for e in items])
    best = max((_f1(scores >= t, labels), t) for t in np.arange(0.2, 0.8, 0.025))
    final = train(items)
    final.meta = f"{meta}; C={C}; {arguments.THRESHOLD_KEY}{best[1]:.3f}; cv F1={best[0]:.3f}; examples={len(items)}"
    return final


def _f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    right = float((predicted & gold).sum())
    return 2 * right / (predicted.sum() + gold.sum()) if predicted.sum() + gold.sum() else 0.0


def train_all(corpora: Path, out: Path) -> list[Path]:
    """Fit and save the shipped model and the two cross-corpus ones; returns their paths. A model whose
    examples are all of one label (a corpus too small to say anything) is not written: the rules stand in."""
    items = examples(corpora)
    sets = [(f"{arguments.MODEL}.npz", items, "MEANTIME apple+gm")]
    sets += [(f"{arguments.MODEL}-{corpus}.npz", [e for e in items if e.corpus != corpus], f"MEANTIME without {corpus}")
             for corpus in ("apple", "gm")]
    return [linear.save(fit(chosen, meta), out / name) for name, chosen, meta in sets
            if len({e.label for e in chosen}) == 2]
