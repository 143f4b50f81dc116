"""Causal relation extraction scored on EventStoryLine v0.9 and Causal-TimeBank.

The protocol of the event-causality literature: every pair of gold event mentions in the
same sentence is a candidate, a pair is positive when the corpus links it causally (ESC
PLOT_LINK PRECONDITION / FALLING_ACTION, Causal-TimeBank CLINK), direction ignored, and
precision / recall / F1 are those of the positive class.

Nothing is scored with a model that saw it in training: each document is scored by the
shipped fold model whose training set excludes that document's fold (topic folds for ESC,
document folds for Causal-TimeBank; see ``kg/train/causal.py`` and ``kg.eval.causal_corpora.fold_of``), and the
explicit-cue rules alone are reported as the baseline.
"""

from __future__ import annotations

import functools
from pathlib import Path

from kg.eval.causal_corpora import FOLDS, load_corpora
from kg.train.causal import featurise, parse  # the same parsing and features as training


def score_causal(corpora: Path, cache: Path | None = None) -> list[dict]:
    """P/R/F1 of causal pairs on every corpus found under ``corpora`` (the shared eval folder).

    Rows ``{"corpus", "task", "P", "R", "F1", "n"}`` (``n``: gold causal pairs scored against):
    the explicit-cue rules alone, the learnt classifier alone (held-out folds), and both
    together as the pipeline runs them; for Causal-TimeBank also the shipped model, trained
    on EventStoryLine only, as a corpus it never saw. ``cache`` keeps spaCy parses between runs.
    """

    rows = []
    for name, documents in load_corpora(corpora).items():
        parsed = parse(documents, cache=cache / f"{name.lower()}.spacy" if cache else None)
        examples = featurise(documents, parsed)
        cues = _cue_pairs(documents, parsed)
        gold = {(e.document, frozenset(e.pair)) for e in examples if e.label}
        learnt = _learnt_pairs(examples, name)
        label = {"ESC": "EventStoryLine v0.9", "CTB": "Causal-TimeBank"}[name]
        split = "topic" if name == "ESC" else "document"
        rows.append(_row(label, "explicit cues (rules)", cues, gold))
        rows.append(_row(label, f"classifier, {FOLDS}-fold by {split}", learnt, gold))
        rows.append(_row(label, f"cues + classifier, {FOLDS}-fold by {split}", cues | learnt, gold))
        if name != "ESC":
            production = _learnt_pairs(examples, name, production=True)
            rows.append(_row(label, "cues + classifier trained on EventStoryLine only", cues | production, gold))
    return rows


def _row(corpus: str, task: str, predicted: set, gold: set) -> dict:
    tp = len(predicted & gold)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"corpus": corpus, "task": task, "P": round(precision, 3), "R": round(recall, 3), "F1": round(f1, 3),
            "n": len(gold)}


def _learnt_pairs(examples, corpus: str, production: bool = False) -> set:
    """Pairs the classifier calls causal, each document scored by a model that never saw it."""
    from kg.nlp.causal_model import load_model

    found = set()
    for example in examples:
        name = "causal" if production else f"causal-{corpus.lower()}-fold{example.fold}"
        model = load_model(name)
        if model is None:
            raise FileNotFoundError(f"no shipped model {name}: run python -m kg.train.causal")
        if f"{example.corpus}/{example.document}" in _trained_on(name):
            raise ValueError(f"model {name} was trained on {example.corpus}/{example.document}: refusing to score it")
        if model.probability(example.features) >= model.threshold:
            found.add((example.document, frozenset(example.pair)))
    return found


@functools.cache
def _trained_on(name: str) -> frozenset[str]:
    from kg.nlp.causal_model import load_model

    return frozenset(load_model(name).meta.get("trained_on", ()))


def _cue_pairs(documents, parsed) -> set:
    """Pairs the pipeline's explicit-cue rules link, over the gold event mentions."""
    from kg.model import EventMention, Sentence
    from kg.nlp import events as ev
    from kg.nlp.links import causal_links

    found = set()
    for document, sentences in zip(documents, parsed):
        for gold, doc in zip(document.sentences, sentences):
            heads, mentions = [], []
            for event_id, start, end in gold.events:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None or not len(span) or any(h.i == span.root.i for h in heads):
                    continue
                head = span.root
                cls = ev.news_type(head)[0] if head.pos_ in ("VERB", "NOUN") else ""
                heads.append(head)
                mentions.append(EventMention(event_id, head.idx, head.idx + len(head), head.text, head.lemma_.lower(),
                                             "OCCURRENCE", 0, cls))
            if len(heads) < 2:
                continue
            order = sorted(range(len(heads)), key=lambda n: heads[n].i)
            heads, mentions = [heads[n] for n in order], [mentions[n] for n in order]
            sentence = [Sentence(0, 0, len(doc.text), doc.text)]
            for relation in causal_links(doc, heads, mentions, sentence, learnt=False):
                if relation.type == "causes":
                    found.add((document.id, frozenset((relation.source, relation.target))))
    return found
