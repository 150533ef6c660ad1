"""Which decision rules transfer to unseen authors: chosen on whose predictions?

    python -m training.evaluate --split both --quick --no-baselines --save-oof reports/oof.npz
    python -m training.decisions reports/oof.npz [--json reports/decisions.json]

The model turns scores into labels with rules fitted on out-of-fold
predictions inside ``fit`` (see :meth:`stancelib.ReadoutClassifier.fit`):
per-code issue thresholds, the bar ``relations`` must clear beside a more
specific code, the bar every issue code beyond a sentence's first must clear,
and per-class score offsets of the single-label heads (class
priors). Issue 12 asks that they be chosen on predictions for *unseen
authors*, not unseen documents of known authors. This script measures that
choice without refitting anything: it reads the out-of-fold probabilities
``training.evaluate --save-oof`` saved for both splits, and for each corpus
author in turn fits the rules on the *other* authors' rows, once from their
leave-one-author-out predictions and once from their document-fold
predictions, and applies them to that author's leave-one-author-out
predictions. Pooled over authors, that is a leave-one-author-out score of
each way of choosing the rules.

Rows: ``A`` no rules (thresholds 0.5, no offsets: what ``--quick`` models
do); ``B`` thresholds chosen on document folds (the recipe before issue 12);
``C`` thresholds chosen on other authors; ``D`` C + the relations rule;
``E`` D + class offsets; ``F`` B + the relations rule and offsets, chosen on
document folds; ``G`` D + the second-code bar (the model's default rules,
chosen on other authors).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

from stancelib._inference import issue_decisions
from stancelib.calibration import fit_class_offsets, fit_context_threshold, fit_issue_thresholds, fit_second_threshold
from stancelib.metrics import indicators, multi_label_scores, single_label_scores
from stancelib.schema import RELATIONSHIP_ISSUES

from . import check_output, write_json
from .corpus_stats import corpus_records
from .oof_scores import load_oof, system_of

#: The figure each single-label head's offsets maximise (the ones issue 12 sets targets on).
OBJECTIVES = {"stance": "macro_f1", "side": "accuracy"}


def _has(oof: Any, key: str) -> bool:
    """Whether ``oof`` (an ``.npz`` or a dict of arrays) holds ``key``."""
    return key in (oof.files if hasattr(oof, "files") else oof)


def _truth(records: list[dict[str, Any]], classes: dict[str, list[str]]) -> dict[str, np.ndarray]:
    out = {"issue": indicators([r["issue"] for r in records], classes["issue"], multi=True).astype(int)}
    for head in ("stance", "side"):
        out[head] = np.array([classes[head].index(str(r[head])) for r in records])
    return out


def _rules(P: dict[str, np.ndarray], T: dict[str, np.ndarray], rows: np.ndarray, classes: dict[str, list[str]],
           thresholds: bool, context: bool, offsets: bool, second: bool = False) -> dict[str, Any]:
    """Decision rules fitted on ``rows`` of probabilities ``P`` with truth ``T``."""
    n_codes = len(classes["issue"])
    ctx = [j for j, c in enumerate(classes["issue"]) if c in RELATIONSHIP_ISSUES]
    th = fit_issue_thresholds(P["issue"][rows], T["issue"][rows]) if thresholds else np.full(n_codes, 0.5)
    bar = fit_context_threshold(P["issue"][rows], T["issue"][rows], th, ctx) if context and ctx else None
    sec = fit_second_threshold(P["issue"][rows], T["issue"][rows], th, ctx, bar) if second else None
    offs = {}
    for head, metric in OBJECTIVES.items():
        offs[head] = (fit_class_offsets(np.log(np.clip(P[head][rows], 1e-12, None)), T[head][rows], metric)
                      if offsets else np.zeros(len(classes[head])))
    return {"thresholds": th, "context_threshold": bar, "second_threshold": sec, "context_codes": ctx,
            "offsets": offs}


def _apply(P: dict[str, np.ndarray], rows: np.ndarray, rules: dict[str, Any]) -> dict[str, np.ndarray]:
    out = {"issue": issue_decisions(P["issue"][rows], rules["thresholds"], rules["context_codes"],
                                    rules["context_threshold"], rules["second_threshold"])}
    for head in OBJECTIVES:
        out[head] = (np.log(np.clip(P[head][rows], 1e-12, None)) + rules["offsets"][head]).argmax(axis=1)
    return out


def simulate(oof: Any, records: list[dict[str, Any]], system: str = "stancelib") -> dict[str, dict[str, float]]:
    """Leave-one-author-out scores of each way of choosing the rules (rows A-G of the module docstring;
    B and F only when ``oof`` holds document-fold predictions too)."""
    classes = {h: [str(c) for c in oof[f"classes/{h}"]] for h in ("issue", "stance", "side")}
    T = _truth(records, classes)
    authors = np.array([str(r.get("author") or "") for r in records])
    loao = {h: oof[f"authors/{system}/{h}"] for h in classes}
    has_docs = all(_has(oof, f"documents/{system}/{h}") for h in classes)
    docs = {h: oof[f"documents/{system}/{h}"] for h in classes} if has_docs else None
    tested = ~np.isnan(loao["stance"]).any(axis=1)
    designs = {
        "A no rules": (None, dict(thresholds=False, context=False, offsets=False)),
        "B thresholds on document folds": (docs, dict(thresholds=True, context=False, offsets=False)),
        "C thresholds on other authors": (loao, dict(thresholds=True, context=False, offsets=False)),
        "D C + relations rule": (loao, dict(thresholds=True, context=True, offsets=False)),
        "E D + class offsets": (loao, dict(thresholds=True, context=True, offsets=True)),
        "F B + relations rule + offsets, on document folds": (docs, dict(thresholds=True, context=True, offsets=True)),
        "G D + second-code bar": (loao, dict(thresholds=True, context=True, offsets=False, second=True)),
    }
    report: dict[str, dict[str, float]] = {}
    for name, (source, how) in designs.items():
        if source is None and name[0] != "A":
            continue  # chosen on document folds, which this file does not hold
        pred = {h: np.zeros_like(T[h]) for h in classes}
        for author in sorted(set(authors[tested])):
            test = np.flatnonzero(tested & (authors == author))
            fit_rows = np.flatnonzero(tested & (authors != author))
            rules = _rules(source or loao, T, fit_rows, classes, **how)
            for h, v in _apply(loao, test, rules).items():
                pred[h][test] = v
        rows = np.flatnonzero(tested)
        iss = multi_label_scores(T["issue"][rows].astype(bool), pred["issue"][rows].astype(bool), average_over="all")
        res = {"issue micro-F1": iss["micro_f1"], "issue macro-F1": iss["macro_f1"]}
        for h in OBJECTIVES:
            s = single_label_scores([classes[h][k] for k in T[h][rows]], [classes[h][k] for k in pred[h][rows]],
                                    classes[h], average_over="all")
            res[f"{h} macro-F1"], res[f"{h} accuracy"] = s["macro_f1"], s["accuracy"]
        res["issue exact set"] = float(np.mean(np.all(pred["issue"][rows] == T["issue"][rows], axis=1)))
        res["issue false positives"] = int(np.sum((pred["issue"][rows] == 1) & (T["issue"][rows] == 0)))
        rel = [j for j, c in enumerate(classes["issue"]) if c in RELATIONSHIP_ISSUES]
        if rel:
            j = rel[0]
            res["relations false positives"] = int(np.sum((pred["issue"][rows, j] == 1) & (T["issue"][rows, j] == 0)))
        report[name] = {k: round(float(v), 4) for k, v in res.items()}
    return report


def calibration(oof: Any, records: list[dict[str, Any]], system: str = "stancelib") -> dict[str, dict[str, float]]:
    """Expected calibration error on each unseen author of stance and side, with the softmax temperature
    chosen on the other authors' document-fold or leave-one-author-out predictions (or none)."""
    from stancelib._inference import softmax
    from stancelib.calibration import fit_temperature
    from stancelib.metrics import expected_calibration_error

    classes = {h: [str(c) for c in oof[f"classes/{h}"]] for h in ("issue", "stance", "side")}
    T = _truth(records, classes)
    authors = np.array([str(r.get("author") or "") for r in records])
    out: dict[str, dict[str, float]] = {}
    for source in ("none", "documents", "authors"):
        if source == "documents" and not all(_has(oof, f"documents/{system}/{h}") for h in OBJECTIVES):
            continue
        res = {}
        for head in OBJECTIVES:
            loao = np.log(np.clip(oof[f"authors/{system}/{head}"], 1e-12, None))
            fit_from = np.log(np.clip(oof[f"{'authors' if source == 'none' else source}/{system}/{head}"], 1e-12, None))
            tested = ~np.isnan(loao).any(axis=1)
            proba = np.zeros(loao.shape)
            for author in sorted(set(authors[tested])):
                test = np.flatnonzero(tested & (authors == author))
                rows = np.flatnonzero(tested & (authors != author))
                t = 1.0 if source == "none" else fit_temperature(fit_from[rows], T[head][rows])
                proba[test] = softmax(loao[test] / t)
            rows = np.flatnonzero(tested)
            res[f"{head} ECE"] = round(float(expected_calibration_error(proba[rows], T[head][rows])), 4)
        out[f"temperature chosen on {source if source != 'none' else 'nothing (T = 1)'}"] = res
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.decisions", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("oof", type=Path, help="the .npz of training.evaluate --save-oof (--split both; with --split authors "
                        "alone, the rows chosen on document folds are left out)")
    parser.add_argument("--system", default="stancelib",
                        help="the system of the file whose predictions are scored (default stancelib)")
    parser.add_argument("--json", type=Path, default=None,
                        help="also write both tables as JSON here (default: none)")
    args = parser.parse_args(argv)
    check_output(parser, args.json, "--json")
    oof = load_oof(args.oof)
    system = system_of(oof, args.system)
    records = corpus_records()
    if len(records) != len(oof["doc_id"]) or any(str(r["doc_id"]) != d for r, d in zip(records, oof["doc_id"])):
        raise SystemExit(f"{args.oof} was saved from another corpus (rows differ); run training.evaluate --save-oof again")
    report = simulate(oof, records, system)
    cols = list(next(iter(report.values())))
    widths = [max(16, len(c) + 2) for c in cols]
    print(f"{'rules, and on whose predictions they are chosen':<52}" + "".join(f"{c:>{w}}" for c, w in zip(cols, widths)))
    for name, res in report.items():
        print(f"{name:<52}" + "".join(f"{res[c]:>{w}g}" for c, w in zip(cols, widths)))
    cal = calibration(oof, records, system)
    print()
    for name, res in cal.items():
        print(f"{name:<52}" + "".join(f"{k} {v:<10}" for k, v in res.items()))
    if args.json:
        write_json(args.json, {"decisions": report, "calibration": cal}, indent=1)
        print(f"\nreport: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
