"""Linear classifiers shipped as plain arrays: string features in, class scores out.

``kg train`` fits scikit-learn models and saves them with :func:`save`; the pipeline loads
them with :func:`load` and scores with numpy alone, so run time needs neither scikit-learn
nor pickles (an ``.npz`` holds the feature names, the weights and the class names).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from kg.resources import MODELS_DIR

SEPARATOR = "\x00"  # between feature names in the .npz (a token may be a line break)


class LinearModel:
    """Multinomial (or one-vs-rest) linear scores over binary string features."""

    def __init__(self, features: Sequence[str], weights: np.ndarray, bias: np.ndarray, classes: Sequence[str],
                 meta: str = "") -> None:
        self.index = {name: n for n, name in enumerate(features)}
        self.weights = np.asarray(weights, dtype=np.float32)  # (features, classes)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.classes = list(classes)
        self.meta = meta

    def scores(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """(rows, classes) raw scores; unknown features are ignored."""
        out = np.tile(self.bias, (len(rows), 1))
        index = self.index
        for n, row in enumerate(rows):
            columns = [index[f] for f in row if f in index]
            if columns:
                out[n] += self.weights[columns].sum(axis=0)
        return out

    def probabilities(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        scores = self.scores(rows)
        if len(self.classes) == 2 and self.weights.shape[1] == 1:
            positive = 1 / (1 + np.exp(-scores[:, 0]))
            return np.stack([1 - positive, positive], axis=1)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, rows: Sequence[Sequence[str]]) -> list[str]:
        if not rows:
            return []
        return [self.classes[k] for k in self.probabilities(rows).argmax(axis=1)]


def from_sklearn(vectorizer, classifier, meta: str = "", prune: float = 1e-4) -> LinearModel:
    """A :class:`LinearModel` from a fitted ``DictVectorizer`` and linear classifier (tiny weights dropped)."""
    coef = np.asarray(classifier.coef_, dtype=np.float32).T  # (features, classes or 1)
    keep = np.abs(coef).max(axis=1) > prune
    names = np.asarray(vectorizer.get_feature_names_out())[keep]
    return LinearModel(list(names), coef[keep], np.asarray(classifier.intercept_, dtype=np.float32),
                       [str(c) for c in classifier.classes_], meta)


def save(model: LinearModel, path: Path) -> Path:
    names = sorted(model.index, key=model.index.get)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, features=np.frombuffer(SEPARATOR.join(names).encode("utf-8"), dtype=np.uint8),
                        weights=model.weights.astype(np.float16), bias=model.bias,
                        classes=np.frombuffer("\n".join(model.classes).encode("utf-8"), dtype=np.uint8),
                        meta=np.frombuffer(model.meta.encode("utf-8"), dtype=np.uint8))
    return path


@functools.cache
def load(name: str) -> LinearModel | None:
    """The shipped model ``kg/data/models/<name>.npz``, or None when it has not been trained."""
    path = MODELS_DIR / f"{name}.npz"
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        features = bytes(data["features"]).decode("utf-8").split(SEPARATOR)
        classes = bytes(data["classes"]).decode("utf-8").split("\n")
        meta = bytes(data["meta"]).decode("utf-8")
        return LinearModel(features, data["weights"].astype(np.float32), data["bias"], classes, meta)
