"""Training the temporal-link classifiers (event–DCT, event–timex, event–event).

Examples are the candidate pairs of ``kg.nlp.temporal.candidate_pairs`` over the gold events
and time expressions of the TempEval-3 training files (``train`` and ``dev`` splits): a pair
takes its gold TLINK relation (coarse, oriented from the event, or from the earlier event),
refined by TimeBank-Dense where the document is one of TimeBank-Dense's, and ``none`` when
the TempEval-3 annotators did not link it, so the models also learn which pairs annotators
link at all (TimeBank-Dense links every pair, so it gives relations, never links). One
logistic regression per kind of pair, saved with ``kg.nlp.linear``.

``python -m kg.train.tlinks --splits train --out DIR`` trains on other splits (to tune the
pipeline's thresholds on ``dev``); ``kg train tlinks`` writes the shipped models.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from kg.eval.corpora import read_tbdense
from kg.nlp import linear
from kg.nlp.temporal import MODELS, candidate_pairs, nodes_of, pair_features
from kg.nlp.timeline import INVERSE, coarse
from kg.train.mentions import Parsed, fit, parse


def gold_relations(item: Parsed, dense: dict[str, list]) -> dict[tuple[str, str], str]:
    """(source id, target id) → coarse relation of the TLINKs, TimeBank-Dense's relation where it has the pair."""
    found: dict[tuple[str, str], str] = {}
    linked = {frozenset((link.source, link.target)) for link in item.gold.links}
    refined = [link for link in dense.get(item.gold.id, []) if frozenset((link.source, link.target)) in linked]
    for link in list(item.gold.links) + refined:
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


#: inverse L2 strength of the shipped models (chosen on dev with train-only models)
C = 0.1


def train_tlinks(data: Sequence[Parsed], corpora: Path, out_dir: Path = linear.MODELS_DIR,
                 c: float = C) -> dict[str, Path]:
    written = {}
    for kind, (rows, labels) in examples(data, corpora).items():
        model = fit(rows, labels, c, f"TLINK {kind} classifier, {len(data)} TempEval-3 training files, C={c}")
        written[kind] = linear.save(model, out_dir / f"{MODELS[kind]}.npz")
    return written


def main(argv: Sequence[str] | None = None) -> None:
    from kg.eval.corpora import default_corpora

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora(), help="folder holding tempeval3-tbaq/")
    parser.add_argument("--splits", default="train,dev", help="comma-separated TempEval-3 splits to learn from")
    parser.add_argument("--out", type=Path, default=linear.MODELS_DIR, help="where the .npz models go")
    parser.add_argument("-C", type=float, default=C, help="inverse L2 regularisation strength")
    args = parser.parse_args(argv)
    splits = tuple(args.splits.split(","))
    if "test" in splits:
        parser.error("the test split is for scoring only")
    data = parse(args.corpora, splits)
    for kind, path in train_tlinks(data, args.corpora, args.out, args.C).items():
        print(f"{kind}: {path} ({len(data)} files of {'+'.join(splits)})")


if __name__ == "__main__":
    main()
