"""Training the temporal-link classifiers (event–DCT, event–timex, event–event).

Examples are the candidate pairs of ``kg.nlp.temporal.candidate_pairs`` over the gold events
and time expressions of the TempEval-3 training files (``train`` and ``dev`` splits): a pair
takes its gold TLINK relation (coarse, oriented from the event, or from the earlier event),
its TimeBank-Dense relation where the document is one of TimeBank-Dense's (dense, with
VAGUE), and ``none`` when nobody linked it, so the models also learn which pairs annotators
link at all. One logistic regression per kind of pair, saved with ``kg.nlp.linear``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.eval.corpora import read_tbdense
from kg.nlp import linear
from kg.nlp.temporal import INVERSE, MODELS, candidate_pairs, coarse, nodes_of, pair_features
from kg.train.mentions import Parsed, fit


def gold_relations(item: Parsed, dense: dict[str, list]) -> dict[tuple[str, str], str]:
    """(source id, target id) → coarse relation, TimeBank-Dense's overriding TBAQ's."""
    found: dict[tuple[str, str], str] = {}
    for link in list(item.gold.links) + list(dense.get(item.gold.id, [])):
        relation = coarse(link.type)
        found[(link.source, link.target)] = relation
        found[(link.target, link.source)] = INVERSE[relation]
    return found


def examples(data: Sequence[Parsed], corpora: Path) -> dict[str, tuple[list[list[str]], list[str]]]:
    """Feature rows and labels per kind of pair."""
    dense = read_tbdense(corpora)
    out: dict[str, tuple[list, list]] = {kind: ([], []) for kind in MODELS}
    for item in data:
        events, timexes = nodes_of(item.doc, item.gold.events, item.gold.timexes)
        relations = gold_relations(item, dense)
        anchor = item.gold.article.date
        for a, b, kind in candidate_pairs(events, timexes):
            rows, labels = out[kind]
            rows.append(pair_features(item.doc, a, b, kind, anchor))
            labels.append(relations.get((a.id, b.id), "none"))
    return out


def train_tlinks(data: Sequence[Parsed], corpora: Path, out_dir: Path = linear.MODELS_DIR,
                 c: float = 0.5) -> dict[str, Path]:
    written = {}
    for kind, (rows, labels) in examples(data, corpora).items():
        model = fit(rows, labels, c, f"TLINK {kind} classifier, {len(data)} TempEval-3 training files, C={c}")
        written[kind] = linear.save(model, out_dir / f"{MODELS[kind]}.npz")
    return written
