"""The learnt part of causal links: a classifier over pairs of events in one sentence.

Explicit cues ("resulting in", "in retaliation for") are rules in ``links.py``; most causal
relations in news have no such cue ("the quake killed 300", "the shooting … prompted
lockdowns"), so a logistic regression over features of the pair scores every same-sentence
pair of events. Features are general: the dependency path between the two triggers, the
words between them, WordNet supersenses, our ontology types, lemma pairs, shared participants,
conjunctions of these with the syntactic relation, and how central each event is to the
document. The model is plain JSON (weights, bias, threshold), so running it needs neither
scikit-learn nor pickles; ``kg/train/causal.py`` trains it.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from kg.nlp import events as ev
from kg.nlp.mentions import timeml_class
from kg.resources import MODELS_DIR

DEFAULT_MODEL = "causal"
CUE_WORDS = {
    "because", "since", "as", "after", "following", "due", "owing", "thanks", "so", "thus", "therefore", "hence",
    "result", "consequence", "response", "retaliation", "revenge", "reprisal", "reaction", "wake", "amid", "over",
    "cause", "lead", "trigger", "spark", "prompt", "provoke", "bring", "force", "leave", "make", "fuel", "drive",
    "when", "by", "from", "with", "in", "for", "to", "of", "and", "but", "which", "that", "while", "before",
    "until", "then", "later", "if", "despite", "without", "into", "on", "at", "against",
}


@dataclass(frozen=True)
class CausalModel:
    """A logistic regression over sparse named features."""

    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict

    def probability(self, features: dict[str, float]) -> float:
        score = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def to_json(self) -> dict:
        return {"meta": self.meta, "bias": self.bias, "threshold": self.threshold,
                "weights": {k: round(v, 5) for k, v in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict) -> CausalModel:
        return cls(dict(data["weights"]), float(data["bias"]), float(data["threshold"]), dict(data.get("meta", {})))


@functools.cache
def load_model(name: str = DEFAULT_MODEL) -> CausalModel | None:
    """A shipped model by name (``kg/data/models/<name>.json.gz``); None when it is not there."""
    path = model_path(name)
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return CausalModel.from_json(json.load(stream))


def model_path(name: str, folder: Path = MODELS_DIR) -> Path:
    """Where the model called ``name`` lives (gzipped JSON: the weights compress about 5x)."""
    return folder / f"{name}.json.gz"


def save_model(model: CausalModel, path: Path) -> None:
    """Write ``model`` as gzipped JSON; ``mtime=0`` keeps the bytes identical across retrainings."""
    text = json.dumps(model.to_json(), separators=(",", ":"), sort_keys=True) + "\n"
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


# --- features ------------------------------------------------------------------------


def event_head(span: Span) -> Token:
    """The token that stands for a (possibly multi-word) event mention: its syntactic root."""
    return span.root


def document_salience(heads: Iterable[Token]) -> Counter:
    """How often each event lemma occurs among a document's event mentions."""
    return Counter(token.lemma_.lower() for token in heads)


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head != chain[-1] and len(chain) < 40:
        chain.append(chain[-1].head)
    return chain


def _semantic(token: Token) -> tuple[str, str, str]:
    """(WordNet supersense, ontology class, TimeML class) of an event head."""
    lemma = token.lemma_.lower()
    pos = "v" if token.pos_ in ("VERB", "AUX") else "n"
    sense = ev.supersense(lemma, pos) or f"{pos}.none"
    cls, _ = ev.news_type(token) if token.pos_ in ("VERB", "NOUN") else ("", 0.0)
    return sense, cls or "none", timeml_class(token)


def pair_features(first: Token, second: Token, salience: Counter | None = None,
                  others: Sequence[Token] = (), sentence_index: int = -1) -> dict[str, float]:
    """Features of an unordered pair of event heads of one sentence (``first`` before ``second``).

    ``others`` are all the event heads of the sentence, ``sentence_index`` its position in the
    document (headlines and leads state causes more often than later sentences do).
    """
    if second.i < first.i:
        first, second = second, first
    salience = salience or Counter()
    f: dict[str, float] = {}

    def add(name: str, value: float = 1.0) -> None:
        f[name] = f.get(name, 0.0) + value

    lemmas = (first.lemma_.lower(), second.lemma_.lower())
    senses = [_semantic(t) for t in (first, second)]
    for n, (token, lemma, (sense, cls, timeml)) in enumerate(zip((first, second), lemmas, senses), start=1):
        for name, value in (("lemma", lemma), ("pos", token.pos_), ("tag", token.tag_), ("dep", token.dep_),
                            ("sense", sense), ("class", cls), ("timeml", timeml)):
            add(f"{name}{n}={value}")
            add(f"{name}={value}", 0.5)
        frequency = salience.get(lemma, 0)
        add(f"salience{n}={_bucket(frequency, (1, 2, 4))}")
        if any(c.dep_ == "neg" for c in token.children):
            add(f"negated{n}")
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "would", "may", "might", "could", "should", "to")
               for c in token.children):
            add(f"modal{n}")
    add(f"pos_pair={first.pos_}|{second.pos_}")
    add(f"sense_pair={senses[0][0]}|{senses[1][0]}")
    add(f"class_pair={senses[0][1]}|{senses[1][1]}")
    add(f"timeml_pair={senses[0][2]}|{senses[1][2]}")
    add(f"lemma_pair={lemmas[0]}|{lemmas[1]}")
    both_salient = min(salience.get(lemmas[0], 0), salience.get(lemmas[1], 0))
    add(f"both_salient={_bucket(both_salient, (0, 1, 2))}")
    crowd = _bucket(len(set(others)) if others else 2, (2, 3, 4, 6, 9))
    add(f"sentence_events={crowd}")
    if sentence_index >= 0:
        add(f"sentence_index={_bucket(sentence_index, (1, 2, 3, 5))}")
    reporting = [s[2] == "REPORTING" for s in senses]
    add(f"reporting={sum(reporting)}|{crowd}")
    _path_features(first, second, add)
    _between_features(first, second, others, add)
    _argument_features(first, second, add)
    _conjunctions(f, senses, add)
    return f


ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "agent", "pobj", "poss", "compound", "attr", "dative"}


def _arguments(token: Token) -> set[int]:
    """Token positions of an event's arguments (subject, object, and the objects of its prepositions)."""
    found = set()
    for child in token.children:
        if child.dep_ in ARGUMENT_DEPS:
            found.add(child.i)
        elif child.dep_ in ("prep", "agent"):
            found.update(g.i for g in child.children if g.dep_ == "pobj")
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    if not own_subject and token.dep_ in ("conj", "xcomp", "advcl") and token.head.pos_ in ("VERB", "AUX"):
        found.update(c.i for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass"))
    return found


def _argument_features(first: Token, second: Token, add) -> None:
    """Whether the two events share a participant, or one is an argument of the other."""
    args_first, args_second = _arguments(first), _arguments(second)
    if args_first & args_second:
        add("shared_argument")
    if second.i in args_first:
        add("second_is_argument")
    if first.i in args_second:
        add("first_is_argument")
    if second.head == first:
        add(f"governs=first|{second.dep_}")
    elif first.head == second:
        add(f"governs=second|{first.dep_}")


def _conjunctions(f: dict[str, float], senses, add) -> None:
    """Coarse features of the pair crossed with how the two are related in the parse.

    A linear model cannot learn on its own that two harm senses are causal when one governs the
    other but not when they are merely listed; the conjunctions let it.
    """
    relation = next((name for name in f if name.startswith("dominates=")), "dominates=none")
    length = next((name for name in f if name.startswith("path_len=")), "path_len=none")
    sense_pair = f"{senses[0][0]}|{senses[1][0]}"
    add(f"sense_pair|{relation}={sense_pair}")
    add(f"class_pair|{length}={senses[0][1]}|{senses[1][1]}")
    add(f"timeml_pair|{relation}={senses[0][2]}|{senses[1][2]}")
    distance = next((name for name in f if name.startswith("distance=")), "distance=none")
    between = next((name for name in f if name.startswith("events_between=")), "events_between=none")
    add(f"{relation}|{distance}|{between}")
    add(f"verb_noun|{relation}|{length}={senses[0][0][0]}|{senses[1][0][0]}")  # supersenses start v. or n.
    for name in [n for n in f if n.startswith(("between=", "path_marker=", "path_word="))]:
        add(f"cue|sense_pair={name}|{sense_pair}", 0.5)


def _path_features(first: Token, second: Token, add) -> None:
    """The dependency path between the two heads, up to their lowest common ancestor and down."""
    up_first, up_second = _ancestors(first), _ancestors(second)
    common = next((t for t in up_first if t in up_second), None)
    if common is None:
        add("path=none")
        return
    left = up_first[:up_first.index(common)]
    right = up_second[:up_second.index(common)]
    steps = [f"{t.dep_}^" for t in left] + [f"v{t.dep_}" for t in reversed(right)]
    add(f"path_len={_bucket(len(steps), (1, 2, 3, 4, 6))}")
    add("path=" + " ".join(steps[:6]) if len(steps) <= 6 else "path=long")
    add(f"path_deps={'|'.join(sorted({s[:-1] if s.endswith('^') else s[1:] for s in steps}))}" if steps else "path_deps=")
    if common == first or common == second:  # spaCy makes a new Token per access: compare, never `is`
        add("dominates=" + ("first" if common == first else "second"))
    else:
        add(f"lca_pos={common.pos_}")
        add(f"lca_sense={_semantic(common)[0]}")
        if common.lemma_.lower() in ev.lexicon().timeml and ev.lexicon().timeml[common.lemma_.lower()] == "REPORTING":
            add("lca_reporting")
    for token in left + right + ([common] if common not in (first, second) else []):
        if token.dep_ in ("prep", "agent", "mark", "advmod", "cc") or token.pos_ in ("ADP", "SCONJ"):
            add(f"path_word={token.lower_}")
        for child in token.children:
            if child.dep_ in ("mark", "prep", "agent") and child.lower_ in CUE_WORDS and child not in (first, second):
                add(f"path_marker={child.lower_}")
    for step in steps[:1] + steps[-1:]:
        add(f"path_end={step}")
    for a, b in zip(steps, steps[1:]):
        add(f"path_bigram={a} {b}")
    if len(steps) <= 4:
        inner = [t.pos_ for t in left[1:]] + ([common.pos_] if common not in (first, second) else []) + \
                [t.pos_ for t in reversed(right[1:])]
        add("path_pos=" + " ".join([first.pos_, *inner, second.pos_]))
    if first in right or second in left:
        add("path_overlap")


def _between_features(first: Token, second: Token, others: Sequence[Token], add) -> None:
    doc = first.doc
    between = doc[first.i + 1:second.i]
    add(f"distance={_bucket(len(between), (0, 1, 2, 4, 8, 15))}")
    verbs = sum(1 for t in between if t.pos_ == "VERB")
    add(f"verbs_between={_bucket(verbs, (0, 1, 2))}")
    events_between = sum(1 for t in others if first.i < t.i < second.i)
    add(f"events_between={_bucket(events_between, (0, 1, 3))}")
    if any(t.text == "," for t in between):
        add("comma_between")
    if any(t.text in (";", ":", "--", "—") for t in between):
        add("break_between")
    if any(t.lower_ in ('"', "“", "”", "'") for t in between):
        add("quote_between")
    if len(between) <= 10:
        for token in between:
            if token.lower_ in CUE_WORDS or token.lemma_.lower() in CUE_WORDS:
                add(f"between={token.lemma_.lower()}")
    else:
        for token in between:
            if token.lemma_.lower() in ("because", "after", "following", "due", "result", "cause", "lead", "response",
                                        "retaliation", "so", "since", "when"):
                add(f"between_far={token.lemma_.lower()}")
    before = doc[max(first.sent.start, first.i - 3):first.i]
    for token in before:
        if token.lower_ in CUE_WORDS:
            add(f"before_first={token.lower_}")
    if second.i + 1 < len(doc) and second.nbor(1).lower_ in ("of", "in", "by", "from", "to"):
        add(f"after_second={second.nbor(1).lower_}")


def sentence_pairs(doc: Doc, heads: Sequence[Token]) -> list[tuple[Token, Token]]:
    """Every unordered pair of distinct event heads that share a sentence, in reading order."""
    by_sentence: dict[int, list[Token]] = {}
    for token in heads:
        by_sentence.setdefault(token.sent.start, []).append(token)
    pairs = []
    for tokens in by_sentence.values():
        tokens = sorted(set(tokens), key=lambda t: t.i)
        pairs.extend((a, b) for i, a in enumerate(tokens) for b in tokens[i + 1:])
    return pairs
