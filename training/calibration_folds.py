"""Which calibration folds choose the decision rules best for an unseen author?

    python -m training.evaluate --split authors --quick --jobs 2 --no-baselines --systems stancelib \\
        --save-oof reports/oof.npz
    python -m training.calibration_folds reports/oof.npz 5 5@1e-3 3 [--jobs 2] [--cache reports/folds]

The bundled model chooses its decision rules (Platt scaling and per-code issue thresholds, the
``relations`` and second-code bars, class offsets, temperatures) on the out-of-fold scores of its
calibration folds: ``cv`` folds grouped by the config's ``calibrate_by`` (author, for
``training/config.json``), with its ``seed`` and ``params``, each solved to
:data:`stancelib.model.CALIBRATION_TOL`. More folds cost more training; a looser solver costs less.
This script measures a design (``K`` folds, or ``K@TOL`` for another tolerance) without training the
model itself: it fits the design's folds over the corpus exactly as ``ReadoutClassifier.fit`` does,
then for each author in turn fits the rules on the *other* authors' fold scores and applies them to
that author's leave-one-author-out predictions (the ``--save-oof`` file, standing for the model on
an unseen voice), as :mod:`training.decisions` does with its rows. Pooled over authors, each design
against the first: issue micro-F1 and exact issue set, stance macro-F1, side accuracy, the stance
and side calibration error, the same on the agreement sample, and McNemar's exact test on
per-sentence correctness. On the corpus of issue 12's twenty-seventh round a fold costs about a
minute on 2 cores and choosing the rules for 47 authors about a minute and a half per design;
``--cache`` keeps each design's fold scores for the next run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from joblib import Parallel, delayed

from stancelib.config import DEFAULTS
from stancelib.metrics import expected_calibration_error, indicators, multi_label_scores, single_label_scores
from stancelib.model import CALIBRATION_TOL, ReadoutClassifier
from stancelib.schema import LabelSchema

from . import check_output, jobs_count, write_json
from .corpus_stats import ROOT, corpus_records
from .oof_scores import load_oof
from .train import DEFAULT_CONFIG, config_or_exit

SINGLE = ("stance", "side")


def parse_design(text: str) -> tuple[int, float]:
    """``"5"`` -> (5, CALIBRATION_TOL); ``"5@1e-3"`` -> (5, 0.001)."""
    folds, _, tol = text.partition("@")
    k, t = int(folds), float(tol) if tol else CALIBRATION_TOL
    if k < 2 or t <= 0:
        raise argparse.ArgumentTypeError(f"a design is FOLDS or FOLDS@TOL with FOLDS >= 2 and TOL > 0, got {text!r}")
    return k, t


def fold_scores(records: Sequence[dict[str, Any]], params: dict[str, Any], folds: int, tol: float,
                seed: int = DEFAULTS.seed, n_jobs: int | None = None,
                groups: str = "author") -> tuple[np.ndarray, np.ndarray]:
    """The raw out-of-fold scores of ``folds`` calibration folds grouped by the records' ``groups`` field, each
    head solved to ``tol``: the scores ``ReadoutClassifier(cv=folds, random_state=seed, **params).fit(...,
    groups=...)`` calibrates on when ``tol`` is :data:`CALIBRATION_TOL`. Returns the scores and which rows a
    fold scored."""
    clf = ReadoutClassifier(**params, cv=folds, random_state=seed)
    texts = clf._model_texts([r["text"] for r in records])
    schema = LabelSchema.from_records(records)
    targets = {f: [r[f] for r in records] for f in schema.fields}
    splits = clf._splits(len(texts), [str(r.get(groups)) for r in records])
    with Parallel(n_jobs=n_jobs, batch_size=1, max_nbytes=None) as parallel:
        parts = parallel(delayed(clf._fit_fold_blocks)(texts, schema, train) for train, _ in splits)
        tasks = [(i, f) for i, part in enumerate(parts) if part is not None for f in schema.fields]
        calls = []
        for i, f in tasks:
            func, args, kwargs = clf._head_task(parts[i], schema, f, [targets[f][j] for j in splits[i][0]], fold=True)
            calls.append((func, args, {**kwargs, "tol": tol}))
        results = parallel(calls)
    heads: list[dict[str, Any]] = [{} for _ in parts]
    for (i, f), head in zip(tasks, results):
        heads[i][f] = head
    oof = np.zeros((len(texts), sum(len(schema.labels[f]) for f in schema.fields)))
    covered = np.zeros(len(texts), dtype=bool)
    for (_, test), part, h in zip(splits, parts, heads):
        if part is not None and all(v is not None for v in h.values()):
            oof[test] = clf._raw_scores(clf._state(part, schema, h), [texts[j] for j in test])
            covered[test] = True
    return oof, covered


def rules_on(oof: np.ndarray, rows: np.ndarray, records: Sequence[dict[str, Any]], params: dict[str, Any],
             folds: int) -> ReadoutClassifier:
    """A classifier holding only the decision rules ``fit`` would choose on the scores of ``rows``."""
    schema = LabelSchema.from_records(records)
    clf = ReadoutClassifier(**params, cv=folds)
    clf.schema_ = schema
    clf.classes_ = {f: np.array(schema.labels[f], dtype=object) for f in schema.fields}
    n_issue = len(schema.labels["issue"])
    clf.thresholds_, clf.platt_ = np.full(n_issue, 0.5), np.tile([1.0, 0.0], (n_issue, 1))
    clf.temperatures_ = {f: 1.0 for f in SINGLE}
    clf.context_threshold_ = clf.second_threshold_ = None
    clf.class_offsets_ = {f: np.zeros(len(schema.labels[f])) for f in SINGLE}
    covered = np.zeros(len(oof), dtype=bool)
    covered[rows] = True
    clf._calibrate(oof, covered, schema, {f: [r[f] for r in records] for f in schema.fields})
    return clf


def unseen_author_labels(loao: Any, records: Sequence[dict[str, Any]], oof: np.ndarray, covered: np.ndarray,
                         params: dict[str, Any], folds: int) -> dict[str, np.ndarray]:
    """Each tested author's labels: the rules chosen on the other authors' fold scores, applied to the author's
    leave-one-author-out probabilities (``authors/stancelib/<head>`` of a ``--save-oof`` file)."""
    P = {h: np.asarray(loao[f"authors/stancelib/{h}"], dtype=float) for h in ("issue", *SINGLE)}
    raw = np.hstack([np.log(np.clip(P["issue"], 1e-12, 1 - 1e-12)) - np.log(np.clip(1 - P["issue"], 1e-12, None)),
                     *[np.log(np.clip(P[h], 1e-12, None)) for h in SINGLE]])  # the --quick model's scores, up to a row constant
    authors = np.array([str(r["author"]) for r in records])
    tested = ~np.isnan(P["stance"]).any(axis=1)
    out = {"issue": np.zeros(P["issue"].shape, dtype=bool), **{h: np.zeros(P[h].shape) for h in SINGLE}}
    for author in sorted(set(authors[tested])):
        test = np.flatnonzero(tested & (authors == author))
        clf = rules_on(oof, np.flatnonzero(covered & (authors != author)), records, params, folds)
        proba = clf._calibrated(raw[test] + clf._offset_vector(clf.schema_), clf.schema_)
        out["issue"][test] = clf.decide_issues(proba["issue"]).astype(bool)
        for h in SINGLE:
            out[h][test] = proba[h]
    out["tested"] = tested
    return out


def scores(labels: dict[str, np.ndarray], records: Sequence[dict[str, Any]], classes: dict[str, list[str]],
           rows: np.ndarray) -> dict[str, float]:
    truth = indicators([records[i]["issue"] for i in rows], classes["issue"], multi=True).astype(bool)
    iss = multi_label_scores(truth, labels["issue"][rows], average_over="all")
    res = {"issue micro-F1": iss["micro_f1"], "exact issue set": float(np.mean(np.all(labels["issue"][rows] == truth, axis=1)))}
    for h, metric in (("stance", "macro_f1"), ("side", "accuracy")):
        t = np.array([classes[h].index(str(records[i][h])) for i in rows])
        s = single_label_scores([classes[h][k] for k in t], [classes[h][k] for k in labels[h][rows].argmax(axis=1)],
                                classes[h], average_over="all")
        res[f"{h} {metric.replace('_f1', '-F1')}"] = s[metric]
        res[f"{h} ECE"] = float(expected_calibration_error(labels[h][rows], t))
    return {k: round(float(v), 4) for k, v in res.items()}


def right(labels: dict[str, np.ndarray], records: Sequence[dict[str, Any]], classes: dict[str, list[str]]
          ) -> dict[str, np.ndarray]:
    """Per sentence, whether each head is right (the issue head: the exact set)."""
    truth = indicators([r["issue"] for r in records], classes["issue"], multi=True).astype(bool)
    out = {"issue": np.all(labels["issue"] == truth, axis=1)}
    for h in SINGLE:
        out[h] = labels[h].argmax(axis=1) == np.array([classes[h].index(str(r[h])) for r in records])
    return out


def main(argv: list[str] | None = None) -> int:
    from scipy.stats import binomtest

    parser = argparse.ArgumentParser(prog="python -m training.calibration_folds", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("oof", type=Path, help="the .npz of training.evaluate --split authors --quick --save-oof")
    parser.add_argument("designs", nargs="+", type=parse_design, help="FOLDS or FOLDS@TOL; the first is the reference")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG,
                        help="the training config whose params, seed and calibrate_by the folds use "
                             "(default training/config.json)")
    parser.add_argument("--jobs", type=jobs_count, default=None, help="processes fitting the folds' heads (default 1)")
    parser.add_argument("--cache", type=Path, default=None, help="keep each design's fold scores in this folder "
                                                                 "(default: none)")
    parser.add_argument("--json", type=Path, default=None, help="also write the report as JSON here (default: none)")
    args = parser.parse_args(argv)
    check_output(parser, args.json, "--json")
    if args.cache is not None and args.cache.exists() and not args.cache.is_dir():
        parser.error(f"--cache {args.cache} is a file: give a folder (it is made if missing)")
    config = config_or_exit(parser, args.config)
    params = dict(config.params)
    loao = load_oof(args.oof)
    if not all(f"authors/stancelib/{h}" in loao.files for h in ("issue", *SINGLE)):
        raise SystemExit(f"{args.oof} holds no leave-one-author-out predictions of stancelib: make it with "
                         "training.evaluate --split authors --quick --systems stancelib --save-oof")
    records = corpus_records()
    if [str(r["doc_id"]) for r in records] != [str(d) for d in loao["doc_id"]]:
        raise SystemExit(f"{args.oof} was saved from another corpus (rows differ); run training.evaluate --save-oof again")
    classes = {h: [str(c) for c in loao[f"classes/{h}"]] for h in ("issue", *SINGLE)}
    sample = set((ROOT / "seeds" / "agreement" / "sample_ids.txt").read_text(encoding="utf-8").split())
    in_sample = np.array([r["id"] in sample for r in records])
    # the cached scores hold for one recipe: the config's params, seed and grouping name the file
    recipe = json.dumps([params, config.seed, config.calibrate_by], sort_keys=True)
    recipe = hashlib.sha256(recipe.encode("utf-8")).hexdigest()[:10]
    report: dict[str, Any] = {}
    first = None
    for folds, tol in args.designs:
        name = f"{folds} folds, tolerance {tol:g}"
        cache = args.cache / f"folds_{folds}_{tol:g}_{recipe}.npz" if args.cache else None
        if cache is not None and cache.exists():
            z = np.load(cache)
            oof, covered = z["oof"], z["covered"]
        else:
            oof, covered = fold_scores(records, params, folds, tol, seed=config.seed, n_jobs=args.jobs,
                                       groups=config.calibrate_by)
            if cache is not None:
                cache.parent.mkdir(parents=True, exist_ok=True)
                np.savez_compressed(cache, oof=oof, covered=covered)
        labels = unseen_author_labels(loao, records, oof, covered, params, folds)
        rows = np.flatnonzero(labels["tested"])
        entry: dict[str, Any] = {"all": scores(labels, records, classes, rows),
                                 "agreement sample": scores(labels, records, classes, np.flatnonzero(labels["tested"] & in_sample))}
        now = right(labels, records, classes)
        if first is None:
            first = now
        else:
            entry["against the first"] = {}
            for h in now:
                gained, lost = int(np.sum(now[h][rows] & ~first[h][rows])), int(np.sum(~now[h][rows] & first[h][rows]))
                p = binomtest(gained, gained + lost).pvalue if gained + lost else 1.0
                entry["against the first"][h] = {"newly right": gained, "newly wrong": lost, "p": round(float(p), 3)}
        report[name] = entry
        print(name)
        for key, vals in entry.items():
            print(f"  {key}: {vals}")
    if args.json:
        write_json(args.json, report, indent=1)
        print(f"report: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
