"""Learning curve: leave-one-author-out scores when training on a share of the documents.

    python -m training.learning_curve [--shares 0.25 0.5 1.0] [--quick] [--jobs 2]

For each held-out author, the model trains on the given share of the other
authors' documents (the same random documents for every system, nested: the
25% are inside the 50%), and is scored on the held-out author's sentences.
It answers "does more of our writing still help?" on the yardstick that
predicts real text best (see ``training/evaluate.py``).
"""

from __future__ import annotations

import argparse
import random
import sys
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from stancelib.model import ReadoutClassifier

from . import check_output, jobs_count, write_json
from .baselines import TfidfWordChar
from .corpus_stats import corpus_records
from .evaluate import System, folds_for, run
from .train import DEFAULT_CONFIG, ROOT, load_config

SHARES = (0.25, 0.5, 1.0)


def parse_share(text: str) -> float:
    """An argparse ``type`` for ``--shares``: a share of the training documents, in ``(0, 1]``."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a share such as 0.25, got {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"a share of the training documents is above 0 and at most 1, got {text}")
    return value


def subsample(records: list[dict[str, Any]], folds: list[tuple[np.ndarray, np.ndarray]], share: float,
              seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """``folds`` with each training side cut to ``share`` of its documents (nested across shares);
    ValueError unless ``0 < share <= 1``."""
    if not 0 < share <= 1:
        raise ValueError(f"share must be above 0 and at most 1 (a share of the training documents), got {share!r}")
    docs = sorted({str(r["doc_id"]) for r in records})
    order = {d: k for k, d in enumerate(random.Random(seed).sample(docs, len(docs)))}
    cut = share * len(docs)
    keep = np.array([order[str(r["doc_id"])] < cut for r in records])
    return [(train[keep[train]], test) for train, test in folds]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.learning_curve", description=__doc__.splitlines()[0])
    parser.add_argument("--shares", type=parse_share, nargs="+", default=list(SHARES),
                        help="shares of the other authors' documents to train on, each in (0, 1]; repeats run "
                             "once (default: 0.25 0.5 1.0)")
    parser.add_argument("--quick", action="store_true", help="no calibration folds inside the model (faster)")
    parser.add_argument("--jobs", type=jobs_count, default=1, help="folds run in this many processes (default 1)")
    parser.add_argument("--no-baseline", action="store_true", help="stancelib only (no tf-idf baseline)")
    parser.add_argument("--json", type=Path, default=ROOT / "reports" / "learning_curve.json",
                        help="where to write the curve (default reports/learning_curve.json, overwritten)")
    args = parser.parse_args(argv)
    check_output(parser, args.json, "--json")
    records = corpus_records()
    config = load_config(DEFAULT_CONFIG)
    params = dict(config.params, random_state=config.seed)
    if args.quick:
        params["cv"] = 0
    systems = {"stancelib": System(partial(ReadoutClassifier, **params), context=True)}
    if not args.no_baseline:
        systems["tfidf-lr"] = System(TfidfWordChar)
    folds = folds_for(records, "authors")
    out: dict[str, Any] = {}
    print(f"{'share':>6} {'sentences':>10} " + " ".join(f"{n + ' ' + m:>26}" for n in systems
                                                        for m in ("stance-F1", "side-acc", "issue-microF1")))
    for part in sorted(set(args.shares)):
        cut = subsample(records, folds, part)
        report = run(records, cut, systems, jobs=args.jobs)
        mean_train = int(np.mean([len(tr) for tr, _ in cut]))
        out[str(part)] = {"train_sentences": mean_train, "systems": {
            n: {"stance_macro_f1": s["stance"]["macro_f1"], "side_accuracy": s["side"]["accuracy"],
                "issue_micro_f1": s["issue"]["micro_f1"]} for n, s in report["systems"].items()}}
        row = " ".join(f"{v:>26.3f}" for n in systems for v in out[str(part)]["systems"][n].values())
        print(f"{part:>6.2f} {mean_train:>10} {row}", flush=True)
    write_json(args.json, out, indent=1)
    print(f"report: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
