"""Train the causal-pair classifier on EventStoryLine v0.9 and Causal-TimeBank, and ship it.

    pip install -e '.[train]'                      # scikit-learn, for training only
    python -m kg.train.causal ../shared/eval       # ~5 minutes on one core

Writes ``kg/data/models/causal.json.gz`` (trained on every EventStoryLine document: the model the
pipeline uses, and the one Causal-TimeBank is scored with as an unseen corpus) and one
``causal-<corpus>-fold<k>.json.gz`` per cross-validation fold, trained on that corpus without the
fold, which ``kg.eval.causal.score_causal`` uses to score the fold's documents.
Folds: ESC by topic (5 folds, no topic split between train and test), Causal-TimeBank by
document (5 folds); see ``kg.eval.causal_corpora.fold_of``. Each model records the documents it was
trained on, and scoring refuses a document its model saw.

Both corpora are parsed with the same spaCy pipeline as articles, sentence by sentence, and
the gold event mentions are the candidates (the standard protocol); features are those of
``kg.nlp.causal_model.pair_features``. The regularisation strength, the class weighting and
the decision threshold are chosen by inner cross-validation on the training documents only,
grouped like the outer folds (by topic for ESC: grouping by document would let a topic's
other documents leak into the inner test folds and reward memorising its event words).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy

from kg.eval.causal_corpora import FOLDS, GoldDocument, fold_of, load_corpora
from kg.nlp.causal_model import MODELS_DIR, CausalModel, document_salience, model_path, pair_features, save_model
from kg.nlp.pipeline import load_pipeline
from spacy.tokens import Doc, DocBin, Token

C = 0.1
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
CLASS_WEIGHTS = (None, "balanced")
INNER_FOLDS = 4
PRODUCTION_CORPUS = "ESC"  # storyline links between news events; Causal-TimeBank scores it as an unseen corpus
MIN_WEIGHT = 1e-4


@dataclass(frozen=True)
class Example:
    corpus: str
    document: str
    topic: str  # ESC topic; the document itself for Causal-TimeBank (the inner-CV groups)
    fold: int
    pair: tuple[str, str]
    features: dict[str, float]
    label: int


def parse(documents: Sequence[GoldDocument], nlp=None, cache: Path | None = None) -> list[list[Doc]]:
    """Each document's sentences parsed with the article pipeline (a DocBin cache when given)."""
    nlp = nlp or load_pipeline()
    texts = [sentence.text for document in documents for sentence in document.sentences]
    if cache is not None and cache.exists():
        docs = list(DocBin().from_bytes(cache.read_bytes()).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe(texts, batch_size=64))
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_bytes(DocBin(store_user_data=False, docs=docs).to_bytes())
    if [d.text for d in docs] != texts:
        raise ValueError(f"the parse cache {cache} is stale: delete it")
    parsed, position = [], 0
    for document in documents:
        parsed.append(docs[position:position + len(document.sentences)])
        position += len(document.sentences)
    return parsed


def featurise(documents: Sequence[GoldDocument], parsed: Sequence[Sequence[Doc]]) -> list[Example]:
    """Candidate pairs of the documents with features (every same-sentence pair of gold events)."""
    examples: list[Example] = []
    for document, sentences in zip(documents, parsed):
        heads: dict[str, Token] = {}
        for sentence, doc in zip(document.sentences, sentences):
            for event_id, start, end in sentence.events:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None and len(span):
                    heads[event_id] = span.root
        salience = document_salience(heads.values())
        fold = fold_of(document)
        for index, first, second in document.candidates():
            label = int(frozenset((first, second)) in document.causal)
            if first not in heads or second not in heads or heads[first].i == heads[second].i:
                features = {"unparsed": 1.0}
            else:
                sentence_heads = [heads[e] for e, _, _ in document.sentences[index].events if e in heads]
                features = pair_features(heads[first], heads[second], salience, sentence_heads, index)
            examples.append(Example(document.corpus, document.id, document.topic, fold, (first, second), features, label))
    return examples


def load_examples(corpora: Path, cache: Path | None = None) -> list[Example]:
    """Featurised examples of every corpus under ``corpora`` (parses cached under ``cache`` when given)."""
    examples = []
    for name, documents in load_corpora(corpora).items():
        parsed = parse(documents, cache=cache / f"{name.lower()}.spacy" if cache else None)
        examples.extend(featurise(documents, parsed))
    return examples


def fit(examples: Sequence[Example], c: float | None = None, class_weight: str | None = "balanced",
        threshold: float | None = None) -> CausalModel:
    """A logistic regression on ``examples``; C (unless given), class weighting and the threshold by inner CV."""
    if threshold is None:
        c, class_weight, threshold = _inner_selection(examples, (c,) if c else C_GRID)
    c = c or C
    vectoriser, x, y = _vectorise(examples)
    model = _logistic(c, class_weight).fit(x, y)
    weights = {name: float(w) for name, w in zip(vectoriser.get_feature_names_out(), model.coef_[0])
               if abs(w) >= MIN_WEIGHT}
    documents = sorted({f"{e.corpus}/{e.document}" for e in examples})
    meta = {"trained_on": documents, "examples": len(examples), "positives": int(y.sum()), "C": c,
            "class_weight": class_weight or "none", "features": "kg.nlp.causal_model.pair_features"}
    return CausalModel(weights, float(model.intercept_[0]), threshold, meta)


def _vectorise(examples: Sequence[Example]):
    from sklearn.feature_extraction import DictVectorizer

    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform([e.features for e in examples]).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # liblinear wants 32-bit indices
    return vectoriser, x, numpy.array([e.label for e in examples])


def _logistic(c: float, class_weight: str | None):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight=class_weight, max_iter=2000, solver="liblinear")


def _inner_selection(examples: Sequence[Example], grid: Sequence[float]) -> tuple[float, str | None, float]:
    """(C, class weight, threshold) with the best F1 over out-of-fold predictions of the training set.

    Inner folds hold whole topics (ESC) or documents (Causal-TimeBank), as the outer folds do.
    """
    groups = sorted({(e.corpus, e.topic) for e in examples})
    group_of = {key: n % INNER_FOLDS for n, key in enumerate(groups)}
    group = numpy.array([group_of[(e.corpus, e.topic)] for e in examples])
    _, x, y = _vectorise(examples)
    best: tuple[float, float, str | None, float] | None = None
    for c in grid:
        for class_weight in CLASS_WEIGHTS:
            scored: list[tuple[float, int]] = []
            for k in range(INNER_FOLDS):
                train, test = numpy.flatnonzero(group != k), numpy.flatnonzero(group == k)
                if not len(train) or not len(test) or y[train].min() == y[train].max():
                    continue
                model = _logistic(c, class_weight).fit(x[train], y[train])
                scored.extend(zip(model.predict_proba(x[test])[:, 1].tolist(), y[test].tolist()))
            threshold = best_threshold(scored)
            score = _f1([(p >= threshold, label) for p, label in scored])
            if best is None or score > best[0]:
                best = (score, c, class_weight, threshold)
    assert best is not None
    return best[1], best[2], best[3]


def _f1(decisions: Sequence[tuple[bool, int]]) -> float:
    tp = sum(1 for predicted, label in decisions if predicted and label)
    predicted = sum(1 for p, _ in decisions if p)
    positives = sum(label for _, label in decisions)
    return 2 * tp / (predicted + positives) if predicted + positives else 0.0


def best_threshold(scored: Sequence[tuple[float, int]]) -> float:
    positives = sum(label for _, label in scored)
    best, best_f1, tp, fp = 0.5, -1.0, 0, 0
    for probability, label in sorted(scored, reverse=True):
        tp += label
        fp += 1 - label
        f1 = 2 * tp / (tp + fp + positives) if positives else 0.0
        if f1 > best_f1:
            best, best_f1 = probability, f1
    return round(best - 1e-6, 6)


def cross_validate(examples: Sequence[Example], corpus: str, c: float | None = None) -> dict[int, CausalModel]:
    """One model per fold of ``corpus``, trained on the corpus's other folds (unseen topics, for ESC)."""
    models = {}
    for k in range(FOLDS):
        train = [e for e in examples if e.corpus == corpus and e.fold != k]
        models[k] = fit(train, c)
    return models


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, help="folder holding eventstoryline-v0.9/ and causal-timebank/")
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="where the model JSON files go")
    parser.add_argument("--cache", type=Path, default=None, help="folder to cache the corpora's spaCy parses in")
    parser.add_argument("-C", type=float, default=None,
                        help=f"inverse L2 regularisation strength (default: chosen by inner CV from {C_GRID})")
    args = parser.parse_args(argv)
    started = time.time()
    examples = load_examples(args.corpora, args.cache)
    print(f"{len(examples)} candidate pairs, {sum(e.label for e in examples)} causal ({time.time() - started:.0f}s)")
    args.out.mkdir(parents=True, exist_ok=True)
    for corpus in sorted({e.corpus for e in examples}):
        for k, model in cross_validate(examples, corpus, args.C).items():
            _write(model_path(f"causal-{corpus.lower()}-fold{k}", args.out), model)
    _write(model_path("causal", args.out), fit([e for e in examples if e.corpus == PRODUCTION_CORPUS], args.C))
    print(f"done in {time.time() - started:.0f}s")


def _write(path: Path, model: CausalModel) -> None:
    save_model(model, path)
    print(f"wrote {path} ({len(model.weights)} weights, threshold {model.threshold:.3f})")


if __name__ == "__main__":
    main()
