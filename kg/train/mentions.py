"""Training the mention models: the TIMEX3 span tagger and the TimeML event classifier.

Both learn from the TempEval-3 training files of the ``train`` and ``dev`` splits (never
``test``: see ``kg.eval.corpora.split_of``), parsed by the same spaCy pipeline the extractor
uses, with scikit-learn's logistic regression; the result is saved as plain arrays under
``kg/data/models/`` (``kg.nlp.linear``). Deterministic: same corpora, same model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from kg.eval.corpora import GoldDoc, GoldSpan, read_tbaq
from kg.nlp import linear, mentions
from kg.nlp.pipeline import load_pipeline


@dataclass
class Parsed:
    gold: GoldDoc
    doc: Doc


def parse(corpora: Path, splits: Sequence[str]) -> list[Parsed]:
    """The TempEval-3 training files of ``splits``, parsed."""
    golds = list(read_tbaq(corpora, tuple(splits)))
    nlp = load_pipeline()
    return [Parsed(g, d) for g, d in zip(golds, nlp.pipe((g.article.text for g in golds), batch_size=8))]


def token_span(doc: Doc, span: GoldSpan) -> tuple[int, int] | None:
    """The tokens (start, end) that a character span overlaps, or None."""
    found = doc.char_span(span.start, span.end, alignment_mode="expand")
    if found is None or len(found) == 0:
        return None
    return found.start, found.end


def timex_labels(item: Parsed) -> list[str]:
    labels = ["O"] * len(item.doc)
    for timex in item.gold.timexes:
        found = token_span(item.doc, timex)
        if found is None:
            continue
        start, end = found
        labels[start] = f"B-{timex.kind}"
        for i in range(start + 1, end):
            labels[i] = f"I-{timex.kind}"
    return labels


def fit(rows: Iterable[list[str]], labels: Iterable[str], c: float, meta: str) -> linear.LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform({f: 1 for f in row} for row in rows)
    classifier = LogisticRegression(C=c, max_iter=2000)
    classifier.fit(matrix, list(labels))
    return linear.from_sklearn(vectorizer, classifier, meta)


def train_timex(data: Sequence[Parsed], path: Path, c1: float = 0.1, c2: float = 0.05) -> Path:
    """Fit the TIMEX3 CRF (one sequence per sentence) and write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for item in data:
        labels = timex_labels(item)
        for sent in item.doc.sents:
            trainer.append([mentions.timex_features(item.doc, i) for i in range(sent.start, sent.end)],
                           labels[sent.start:sent.end])
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": 200, "feature.possible_transitions": True})
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    return path


def event_labels(item: Parsed) -> list[str]:
    """The TimeML class of each token that starts a gold EVENT, ``O`` elsewhere."""
    labels = ["O"] * len(item.doc)
    for event in item.gold.events:
        found = token_span(item.doc, event)
        if found is not None:
            labels[found[0]] = event.kind
    return labels


def train_events(data: Sequence[Parsed], c: float = 0.25) -> linear.LinearModel:
    """Fit the TimeML event classifier; ``c`` is the best of 0.05–2 in 3-fold cross-validation on train+dev."""
    rows, labels = [], []
    for item in data:
        rows += [mentions.event_features(item.doc, i) for i in range(len(item.doc))]
        labels += event_labels(item)
    return fit(rows, labels, c, f"TimeML event classifier, {len(data)} TempEval-3 training files, C={c}")
