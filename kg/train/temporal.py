"""``kg train``: rebuild the temporal layer's shipped models from the TempEval-3 training files.

Parses the ``train`` and ``dev`` documents once with the extractor's spaCy pipeline, then
fits what was asked for (all by default) and writes it under ``kg/data/models/``:

- ``timex``: the TIMEX3 span CRF (``timex.crfsuite``);
- ``events``: the TimeML event classifier (``events.npz``);
- ``tlinks``: the temporal-link classifiers (``tlink_dct.npz``, ``tlink_timex.npz``, ``tlink_events.npz``);
- ``factuality``: future, certainty and polarity of event mentions (``factuality_time.npz``,
  ``factuality_certainty.npz``, ``factuality_polarity.npz``), from MEANTIME's annotated articles
  rather than TempEval-3 (``kg.train.factuality``);
- ``arguments``: who takes part in an event (``arguments.npz``, and the cross-corpus ``arguments-apple.npz``
  and ``arguments-gm.npz`` that ``kg eval`` scores with), from MEANTIME's participant links (``kg.train.arguments``).

The ``test`` split is never read (``kg.eval.corpora.split_of``), so ``kg eval`` stays honest.
Deterministic (lbfgs and CRFsuite's L-BFGS from zero), single process.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from kg.nlp import linear

TRAINABLE = ("timex", "events", "tlinks", "factuality", "arguments")
TEMPEVAL = ("timex", "events", "tlinks")  # the models that learn from the TempEval-3 files
SPLITS = ("train", "dev")


def train(corpora: Path, out_dir: Path = linear.MODELS_DIR, what: Iterable[str] = TRAINABLE,
          progress=print) -> list[dict]:
    """Fit the named models; one summary row each (model, file, bytes, seconds)."""
    from kg.nlp.mentions import EVENT_MODEL, TIMEX_MODEL
    from kg.train import arguments, factuality, mentions, tlinks

    what = list(what)
    unknown = set(what) - set(TRAINABLE)
    if unknown:
        raise ValueError(f"unknown model {sorted(unknown)[0]!r}: choose from {', '.join(TRAINABLE)}")
    rows, data = [], []
    if set(what) & set(TEMPEVAL):
        started = time.perf_counter()
        progress(f"parsing the TempEval-3 {'+'.join(SPLITS)} files in {corpora}")
        data = mentions.parse(Path(corpora), SPLITS)
        rows.append({"model": "parse", "file": "", "bytes": 0, "seconds": round(time.perf_counter() - started, 1)})
    for name in what:
        started = time.perf_counter()
        progress(f"training {name}")
        if name == "timex":
            paths = [mentions.train_timex(data, out_dir / TIMEX_MODEL)]
        elif name == "events":
            paths = [linear.save(mentions.train_events(data), out_dir / f"{EVENT_MODEL}.npz")]
        elif name == "factuality":
            progress(f"parsing MEANTIME's articles in {corpora}")
            paths = factuality.train_factuality(Path(corpora), out_dir)
        elif name == "arguments":
            progress(f"parsing MEANTIME's articles in {corpora}")
            paths = arguments.train_all(Path(corpora), out_dir)
        else:
            paths = list(tlinks.train_tlinks(data, Path(corpora), out_dir).values())
        seconds = round(time.perf_counter() - started, 1)
        rows += [{"model": name, "file": str(path), "bytes": path.stat().st_size, "seconds": seconds} for path in paths]
    linear.load.cache_clear()
    return rows
