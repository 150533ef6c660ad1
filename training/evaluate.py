"""Cross-validation of the bundled model's recipe against baselines.

    python -m training.evaluate [--data PATH ...] [--split authors|documents|both]
                                [--folds 5] [--json reports/evaluation.json]
                                [--no-embeddings] [--quick] [--summary JSON]
    python -m training.evaluate --stamp-summary JSON --systems NAME[,NAME...] [--data PATH ...]

Two schemes, each on the same folds for every system:

- ``authors``: leave one author out. Each corpus author wrote in a voice of
  their own; testing on an unseen author is the closest we get, inside this
  repo, to text we did not write. It is the number that decides design
  choices (issue 12).
- ``documents``: grouped k-fold by document (no document is split between
  training and test). Higher, because the test documents share their
  author's voice with the training ones; the printed gap says by how much.

Systems: ``stancelib`` (the config of ``training/config.json``),
``stancelib-no-context`` (the same model without reading the sentence
before, to measure what context adds to side), the keyword labeller, bag of
words + logistic regression, word+char tf-idf + logistic regression and, when
the optional ``embeddings`` extra is installed, all-MiniLM-L6-v2 embeddings +
logistic regression. It prints a table per scheme and writes a JSON report
with per-label precision, recall and F1, macro-F1 per head, issue micro/macro-F1
and exact match, and calibration (expected calibration error and Brier score)
where a system gives probabilities.

With ``--summary``, each system's headline figures are merged into a summary
(``training/evaluation.json``, which the bundled model's card shows), each row
beside the corpus its run scored (``corpus``: sentences, documents, authors and
the sha256 of :func:`stancelib.trainer.data_sha256`), so that rows of separate
runs say whether they scored the same corpus. ``--stamp-summary`` adds that
record to rows written before it existed, on the word of whoever runs it that
those rows' runs scored the current corpus: an older row keeps no counts of its
own, only its scheme's (those of the latest run to write the scheme), so the
check it makes, those counts against the current corpus's, catches a scheme
last scored on another corpus, not a row that was. It scores nothing.
"""

from __future__ import annotations

import argparse
import json
from functools import partial
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
from sklearn.model_selection import GroupKFold

from stancelib.data import load_records, seed_files
from stancelib.metrics import brier_score, expected_calibration_error, indicators, multi_label_scores, single_label_scores
from stancelib.model import ReadoutClassifier
from stancelib.schema import LABEL_FIELDS
from stancelib.trainer import CORPUS_HASH_DIGITS, CORPUS_KEY, check_params, data_sha256, recorded_corpus

from . import check_output, int_at_least, jobs_count, write_json
from .baselines import BagOfWords, EmbeddingBaseline, KeywordLabeller, TfidfWordChar
from .train import DEFAULT_CONFIG, ROOT, config_or_exit, load_accurate_params

HEADS = LABEL_FIELDS
#: The figures whose gap between the two splits is printed.
GAP_COLUMNS = (("issue", "micro_f1"), ("stance", "macro_f1"), ("side", "accuracy"))


def score(truth: dict[str, list], pred: dict[str, list], proba: dict[str, np.ndarray] | None,
          classes: dict[str, list[str]]) -> dict[str, Any]:
    """Every head's scores (macro-F1 over all of ``classes``), from :mod:`stancelib.metrics`."""
    out: dict[str, Any] = {}
    for head in HEADS:
        if head not in pred:
            continue
        labels = classes[head]
        if head == "issue":
            s = multi_label_scores(indicators(truth[head], labels, multi=True),
                                   indicators(pred[head], labels, multi=True), average_over="all")
            out[head] = {k: round(s[k], 4) for k in ("micro_f1", "macro_f1", "exact_match")}
        else:
            t = [str(x) for x in truth[head]]
            q = [str(x) for x in pred[head]]
            s = single_label_scores(t, q, labels, average_over="all")
            out[head] = {k: round(s[k], 4) for k in ("macro_f1", "accuracy")}
            if proba is not None and head in proba:
                idx = np.array([labels.index(x) for x in t])
                out[head]["ece"] = round(expected_calibration_error(proba[head], idx), 4)
                out[head]["brier"] = round(brier_score(proba[head], idx), 4)
        per = s["per_label"]
        out[head]["per_label"] = {c: {"precision": round(float(per["precision"][j]), 3),
                                      "recall": round(float(per["recall"][j]), 3),
                                      "f1": round(float(per["f1"][j]), 3), "support": int(per["support"][j])}
                                  for j, c in enumerate(labels)}
    return out


#: The cross-validation schemes: ``documents`` (grouped k-fold by document)
#: and ``authors`` (leave one author out: train on every other author's
#: documents, test on that author's). Leave-one-author-out predicts accuracy
#: on text we did not write far better than document folds (issue 12), so it
#: decides design choices.
SPLITS: tuple[str, ...] = ("authors", "documents")
#: "Authors" too small to be a test fold of their own (the seed article, 33
#: sentences; the example pair of readouts, 17): always in training.
TRAIN_ONLY_AUTHORS: tuple[str, ...] = ("seed", "pair")


def folds_for(records: list[dict[str, Any]], split: str, folds: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train/test index pairs of ``split`` over ``records``."""
    from sklearn.model_selection import LeaveOneGroupOut

    index = np.arange(len(records))
    if split == "documents":
        return list(GroupKFold(n_splits=folds).split(index, groups=[str(r["doc_id"]) for r in records]))
    if split == "authors":
        authors = [str(r.get("author") or "") for r in records]
        if "" in authors or len(set(authors)) < 2:
            raise SystemExit("leave-one-author-out needs an 'author' field on every record and two or more authors; "
                             "use --split documents for data without authors")
        held = [a not in TRAIN_ONLY_AUTHORS for a in authors]
        folds = LeaveOneGroupOut().split(index[held], groups=[a for a, h in zip(authors, held) if h])
        always = index[~np.asarray(held)]
        return [(np.sort(np.concatenate([index[held][tr], always])), index[held][te]) for tr, te in folds]
    raise ValueError(f"unknown split {split!r}; use one of {SPLITS}")


@dataclass(frozen=True)
class System:
    """One system to score: how to make it, and how it predicts.

    Systems with the same ``make`` share one fitted model per fold (the
    no-context variant only predicts differently). ``groups`` says what the
    calibration folds of a ReadoutClassifier are grouped by.
    """

    make: Callable[[], Any]
    context: bool = True
    groups: str = "doc_id"


def _predict_fold(records: list[dict[str, Any]], systems: dict[str, System], fields: list[str],
                  classes: dict[str, list[str]], train: np.ndarray, test: np.ndarray) -> dict[str, Any]:
    """Fit every system on ``train`` and predict ``test``: name to (labels, probabilities or None, seconds)."""
    texts = [r["text"] for r in records]
    docs = [str(r["doc_id"]) for r in records]
    Xtr = [texts[i] for i in train]
    Xte = [texts[i] for i in test]
    ytr = {h: [records[i][h] for i in train] for h in fields}
    fitted: dict[tuple[int, str], tuple[Any, float]] = {}
    out: dict[str, Any] = {}
    for name, system in systems.items():
        t0 = time.perf_counter()
        key = (id(system.make), system.groups)
        if key not in fitted:
            model = system.make()
            if isinstance(model, ReadoutClassifier):
                model.fit(Xtr, ytr, groups=[str(records[i].get(system.groups)) for i in train])
            else:
                model.fit(Xtr, ytr)
            fitted[key] = (model, time.perf_counter() - t0)
        model, fit_seconds = fitted[key]
        t0 = time.perf_counter()
        probas: dict[str, np.ndarray] | None = {}
        if isinstance(model, ReadoutClassifier):
            context = [docs[i] for i in test] if system.context else None
            pr = model.predict_proba(Xte, documents=context)
            pd = model.predict(Xte, documents=context)
            head_classes = {h: list(model.classes_[h]) for h in fields}
        else:
            pd = model.predict(Xte)
            pr = model.predict_proba(Xte) if hasattr(model, "predict_proba") else None
            if pr is None:
                head_classes = {}
            elif isinstance(getattr(model, "classes_", None), dict):  # the fine-tuned encoder: every head
                head_classes = {h: list(model.classes_[h]) for h in fields}
            else:
                head_classes = {h: list(model.heads_[h].classes_) for h in fields if h != "issue"}
        if pr is None:
            probas = None
        else:
            for h in fields:
                if h == "issue" and "issue" not in head_classes:
                    continue  # a baseline without issue probabilities
                probas[h] = np.column_stack([pr[h][:, head_classes[h].index(c)] if c in head_classes[h]
                                             else np.zeros(len(test)) for c in classes[h]])
        out[name] = (pd, probas, fit_seconds + time.perf_counter() - t0)
    return out


def run(records: list[dict[str, Any]], splits: list[tuple[np.ndarray, np.ndarray]], systems: dict[str, Any],
        jobs: int = 1) -> dict[str, Any]:
    """Score ``systems`` (name to :class:`System`, or to a factory) on ``splits``, folds in ``jobs`` processes."""
    from joblib import Parallel, delayed

    from stancelib.schema import LabelSchema

    systems = {n: s if isinstance(s, System) else System(s) for n, s in systems.items()}
    n = len(records)
    fields = [h for h in HEADS if all(h in r for r in records)]
    truth = {h: [r[h] for r in records] for h in fields}
    schema = LabelSchema.from_records(records)
    classes = {h: list(schema.labels[h]) for h in fields}
    preds: dict[str, dict[str, list]] = {name: {h: [None] * n for h in fields} for name in systems}
    probas: dict[str, dict[str, np.ndarray]] = {name: {h: np.full((n, len(classes[h])), np.nan) for h in fields}
                                                 for name in systems}
    has_proba = {name: True for name in systems}
    timings = {name: 0.0 for name in systems}
    results = Parallel(n_jobs=jobs, verbose=10 if jobs > 1 else 0)(
        delayed(_predict_fold)(records, systems, fields, classes, train, test) for train, test in splits)
    for (train, test), result in zip(splits, results):
        for name, (pd, pr, seconds) in result.items():
            for h in fields:
                for j, i in enumerate(test):
                    preds[name][h][i] = pd[h][j]
                if pr is not None and h in pr:
                    probas[name][h][test] = pr[h]
            if pr is None:
                has_proba[name] = False
            timings[name] += seconds
    # rows that no fold tests (authors kept in training only) are not scored
    tested = np.zeros(n, dtype=bool)
    for _, test in splits:
        tested[test] = True
    rows = np.flatnonzero(tested)
    truth = {h: [truth[h][i] for i in rows] for h in fields}
    report = {"out_of_fold": {name: {h: p for h, p in probas[name].items() if not np.isnan(p[rows]).all()}
                              for name in systems if has_proba[name]},
              "classes": classes, "sentences": int(tested.sum()), "documents": len({str(records[i]["doc_id"]) for i in rows}),
              "folds": len(splits), "systems": {}}
    for name in systems:
        pred = {h: [preds[name][h][i] for i in rows] for h in fields}
        proba = {h: p[rows] for h, p in probas[name].items() if h != "issue"} if has_proba[name] else None
        res = score(truth, pred, proba, classes)
        res["seconds"] = round(timings[name], 1)
        report["systems"][name] = res
    return report


def print_table(report: dict[str, Any], title: str) -> None:
    systems = report["systems"]
    cols = [("issue", "micro_f1"), ("issue", "macro_f1"), ("issue", "exact_match"), ("stance", "macro_f1"),
            ("stance", "accuracy"), ("stance", "ece"), ("side", "macro_f1"), ("side", "accuracy"), ("side", "ece")]
    head = f"{'system':<22}" + "".join(f"{h[:5] + ' ' + m.replace('_f1', '-F1').replace('exact_match', 'exact'):>15}" for h, m in cols)
    print(f"{title}: {report['sentences']} sentences, {report['documents']} documents, {report['folds']} folds")
    print(head)
    print("-" * len(head))
    for name, res in systems.items():
        row = f"{name:<22}"
        for h, m in cols:
            v = res.get(h, {}).get(m)
            row += f"{v:>15.3f}" if isinstance(v, (int, float)) else f"{'-':>15}"
        print(row)
    ours = systems.get("stancelib", {})
    if not ours:
        return
    for base in ("keywords", "bag-of-words"):
        if base in systems:
            beats = all(ours[h]["macro_f1"] > systems[base][h]["macro_f1"] for h in HEADS if h in ours)
            print(f"stancelib beats {base} on every head (macro-F1): {'yes' if beats else 'NO'}")
    if "minilm-embeddings" in systems:
        gaps = {h: round(ours[h]["macro_f1"] - systems["minilm-embeddings"][h]["macro_f1"], 3) for h in HEADS if h in ours}
        print(f"gap to all-MiniLM-L6-v2 + LR (macro-F1, ours minus theirs): {gaps}")
    if "stancelib-no-context" in systems:
        g = round(ours["side"]["macro_f1"] - systems["stancelib-no-context"]["side"]["macro_f1"], 4)
        a = round(ours["side"]["accuracy"] - systems["stancelib-no-context"]["side"]["accuracy"], 4)
        print(f"context (sentence before) on side: macro-F1 {g:+.4f}, accuracy {a:+.4f}")


#: The figures a summary keeps of each system (head, metric).
SUMMARY_COLUMNS = (("issue", "micro_f1"), ("issue", "macro_f1"), ("stance", "macro_f1"), ("stance", "accuracy"),
                   ("side", "macro_f1"), ("side", "accuracy"))




def corpus_record(records: list[dict[str, Any]]) -> dict[str, Any]:
    """What a summary row records of the corpus its run cross-validated: every record the run read.

    ``sentences`` and ``documents`` count them (each scheme's own ``sentences`` and ``documents`` are the
    rows it tests: leave one author out never tests the train-only "authors" ``seed`` and ``pair``);
    ``authors`` counts their ``author`` values, :data:`TRAIN_ONLY_AUTHORS` apart (as the datasheet counts the
    seed corpus's authors); ``sha256`` is :func:`stancelib.trainer.data_sha256` of them with
    ``calibrate_by="author"`` (texts, labels, documents and authors, in order: all that cross-validation reads),
    the hash a manifest gives the same records trained with ``calibrate_by="author"`` (as the bundled model's
    config does). It depends on the records alone, not on the run's systems, splits, folds or config, so two
    runs that read the same corpus record the same sha256.

    Parameters
    ----------
    records : list of dict
        The labelled records a run read, in its order.

    Returns
    -------
    dict
        ``sentences``, ``documents``, ``authors`` (ints) and ``sha256`` (64 hex digits).

    Examples
    --------
    >>> rows = [{"doc_id": "d1", "author": "a", "text": "Xi warned.", "stance": "warning"},
    ...         {"doc_id": "d2", "author": "seed", "text": "They met.", "stance": "neutral"}]
    >>> {k: v for k, v in corpus_record(rows).items() if k != "sha256"}
    {'sentences': 2, 'documents': 2, 'authors': 1}
    """
    authors = {str(r.get("author") or "") for r in records} - {"", *TRAIN_ONLY_AUTHORS}
    return {"sentences": len(records), "documents": len({str(r.get("doc_id")) for r in records}),
            "authors": len(authors), "sha256": data_sha256(records, calibrate_by="author")}


def write_summary(path: Path, report: dict[str, Any], config: Any, command: str,
                  corpus: dict[str, Any] | None = None) -> dict[str, Any]:
    """Merge ``report``'s headline figures into the summary at ``path`` (atomically).

    Systems scored by an earlier run stay unless this run scores them again,
    so the slow baselines and the model can be scored by separate runs. Each
    row this run writes keeps its command and, when given, ``corpus`` (the
    :func:`corpus_record` of what it scored) under :data:`CORPUS_KEY`, so the
    model card can say whether rows of separate runs scored the same corpus.
    """
    summary: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    summary.setdefault("_about", "Headline cross-validation figures, written by training.evaluate --summary; "
                                  "'authors' (leave one author out) decides design choices.")
    schemes = summary.setdefault("schemes", {})
    for split, res in report.items():
        entry = schemes.setdefault(split, {"systems": {}})
        entry.update({"sentences": res["sentences"], "documents": res["documents"], "folds": res["folds"]})
        for name, figures in res["systems"].items():
            entry["systems"][name] = {f"{h} {m}": figures[h][m] for h, m in SUMMARY_COLUMNS if h in figures}
            entry["systems"][name]["command"] = command
            if corpus is not None:
                entry["systems"][name][CORPUS_KEY] = dict(corpus)
            if name.startswith("stancelib"):
                entry["systems"][name]["config"] = config.to_dict()
    write_json(path, summary, indent=1)
    return summary


def _scored_counts(records: list[dict[str, Any]], split: str, folds: int) -> tuple[int, int]:
    """The sentences and documents a ``split`` run over ``records`` tests (a scheme's own counts in a summary)."""
    tested = np.zeros(len(records), dtype=bool)
    for _, test in folds_for(records, split, folds):
        tested[test] = True
    return int(tested.sum()), len({str(records[i]["doc_id"]) for i in np.flatnonzero(tested)})


def stamp_summary(path: Path, records: list[dict[str, Any]], systems: list[str],
                  splits: tuple[str, ...] = SPLITS) -> list[tuple[str, str]]:
    """Record ``records``' corpus (:func:`corpus_record`) in ``systems``' rows of the summary at ``path``.

    For rows written before :func:`write_summary` recorded the corpus, by runs the caller knows scored
    the corpus ``records`` are. Nothing is scored; the figures are left as they are. Refused, with
    nothing written, unless every row stamped agrees with the corpus as far as the summary can tell: a
    row's sentence and document counts (its own, else its scheme's, which the scheme's latest run wrote)
    must be those a run of that scheme over ``records`` tests, and a row that already records a corpus
    must record this one (it is then left as it is).

    Parameters
    ----------
    path : Path
        A summary written by ``training.evaluate --summary``; rewritten atomically.
    records : list of dict
        The current corpus, in the order a run reads it.
    systems : list of str
        The rows (system names) to stamp, under every scheme of ``splits`` that has them.
    splits : tuple of str, default=SPLITS
        The schemes whose rows are stamped.

    Returns
    -------
    list of (str, str)
        The (scheme, system) rows given the record (not those that had it).

    Raises
    ------
    ValueError
        The summary is not one, names none of ``systems`` under ``splits``, or a row's counts or record
        differ from the corpus's; the message says which row and what to do.
    """
    summary = json.loads(path.read_text(encoding="utf-8"))
    schemes = summary.get("schemes") if isinstance(summary, dict) else None
    if not isinstance(schemes, dict):
        raise ValueError(f"{path} is not a summary of training.evaluate --summary (no \"schemes\")")
    present = {n for split in splits for n in (schemes.get(split) or {}).get("systems", {})}
    unknown = [n for n in systems if n not in present]
    if unknown:
        raise ValueError(f"{path} has no row {', '.join(map(repr, unknown))} under {', '.join(splits)}; "
                         f"its rows: {', '.join(sorted(present)) or 'none'}")
    corpus = corpus_record(records)
    problems: list[tuple[str, str]] = []  # (system, what is wrong)
    stamped: list[tuple[str, str]] = []
    for split in splits:
        scheme = schemes.get(split) or {}
        rows = scheme.get("systems", {})
        names = [n for n in systems if n in rows]
        if not names:
            continue
        try:
            expected = _scored_counts(records, split, int(scheme.get("folds") or 5))
        except ValueError as exc:
            raise ValueError(f"the current corpus cannot be split as {path}'s {split} rows were ({exc})") from None
        for name in names:
            row = rows[name]
            record = recorded_corpus(row)
            if record is not None:
                if record["sha256"] != corpus["sha256"]:
                    problems.append((name, f"{split}/{name} already records another corpus "
                                           f"({record.get('sentences')} sentences, sha256 {record['sha256'][:CORPUS_HASH_DIGITS]}) "
                                           f"than the current one ({corpus['sentences']} sentences, sha256 "
                                           f"{corpus['sha256'][:CORPUS_HASH_DIGITS]})"))
                continue
            own = row if isinstance(row, dict) else {}
            counts = (own.get("sentences", scheme.get("sentences")), own.get("documents", scheme.get("documents")))
            if counts != expected:
                problems.append((name, f"{split}/{name} scored {counts[0]} sentences in {counts[1]} documents, but "
                                       f"a {split} run over the current corpus scores {expected[0]} in {expected[1]}"))
                continue
            stamped.append((split, name))
    if problems:
        again = ",".join(dict.fromkeys(name for name, _ in problems))
        raise ValueError("these rows did not score the current corpus: " + "; ".join(p for _, p in problems)
                         + f". Nothing was stamped: score them again instead (python -m training.evaluate "
                         f"--systems {again} --summary {path})")
    for split, name in stamped:
        schemes[split]["systems"][name][CORPUS_KEY] = dict(corpus)
    if stamped:
        write_json(path, summary, indent=1)
    return stamped


def parse_variant(spec: str, params: dict[str, Any], calibrate_by: str) -> tuple[str, dict[str, Any], str]:
    """``NAME=JSON`` of ``--variant`` to (name, ReadoutClassifier parameters, calibration grouping), checked
    (:func:`stancelib.trainer.check_params`) before anything is trained; ValueError says what is wrong."""
    name, eq, overrides = spec.partition("=")
    name = name.strip()
    if not eq or not name:
        raise ValueError("expected NAME=JSON, e.g. C4='{\"C\": 4}' (a name, then the parameters that differ "
                         "from the config's)")
    try:
        extra = json.loads(overrides)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the parameters after '=' are not valid JSON ({exc.msg} at column {exc.colno}): "
                         "write an object such as '{\"C\": 4}', quoted for the shell") from None
    if not isinstance(extra, dict):
        raise ValueError(f"the parameters after '=' must be a JSON object such as '{{\"C\": 4}}', "
                         f"got {overrides.strip()!r}")
    groups = extra.pop("calibrate_by", calibrate_by)
    if not isinstance(groups, str) or not groups:
        raise ValueError(f"calibrate_by must name a record field, e.g. \"author\", got {groups!r}")
    merged = dict(params, **extra)
    try:
        check_params(merged)
    except (TypeError, ValueError) as exc:
        raise ValueError(str(exc)) from None
    return name, merged, groups


def _read_corpus(data: list[str] | None) -> list[dict[str, Any]]:
    """The records of ``--data`` (default: the seed corpus), in the order a run reads them."""
    paths = data or [str(p) for p in seed_files(ROOT / "seeds")]
    records: list[dict[str, Any]] = []
    for p in paths:
        records.extend(load_records(p))
    return records


def _stamp(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """``--stamp-summary``: :func:`stamp_summary`, its arguments checked first; no cross-validation."""
    path = args.stamp_summary
    run_only = [flag for flag, given in (("--summary", args.summary is not None), ("--save-oof", args.save_oof),
                                         ("--variant", args.variant), ("--accurate", args.accurate),
                                         ("--quick", args.quick), ("--no-baselines", args.no_baselines),
                                         ("--no-embeddings", args.no_embeddings)) if given]
    if run_only:
        parser.error(f"--stamp-summary scores nothing, so {', '.join(run_only)} would do nothing: drop "
                     f"{'it' if len(run_only) == 1 else 'them'}, or run the cross-validation without --stamp-summary")
    systems = [s.strip() for s in (args.systems or "").split(",") if s.strip()]
    if not systems:
        parser.error("--stamp-summary needs --systems NAME[,NAME...]: the rows whose runs are known to have scored "
                     "the current corpus")
    if not path.is_file():
        parser.error(f"--stamp-summary {path}: no such file (it stamps an existing summary)")
    check_output(parser, path, "--stamp-summary")
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        parser.error(f"--stamp-summary {path} is not a JSON summary ({exc})")
    splits = SPLITS if args.split == "both" else (args.split,)
    try:
        stamped = stamp_summary(path, _read_corpus(args.data), systems, splits)
    except ValueError as exc:
        raise SystemExit(f"--stamp-summary {path}: {exc}") from None
    if stamped:
        print(f"recorded the current corpus in {path}'s rows " + ", ".join(f"{s}/{n}" for s, n in stamped))
    else:
        print(f"{path}'s rows {', '.join(systems)} already record the current corpus: nothing to do")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", nargs="*", help="labelled JSONL/CSV files (default: the seed corpus)")
    parser.add_argument("--folds", type=int_at_least(2, "grouped k-fold needs a training and a test fold"), default=5,
                        help="folds of the documents split, 2 or more (default 5)")
    parser.add_argument("--split", choices=(*SPLITS, "both"), default="both",
                        help="authors: leave one author out (decides design choices); documents: grouped k-fold "
                             "(default: both)")
    parser.add_argument("--json", type=Path, default=ROOT / "reports" / "evaluation.json",
                        help="where to write the full report (default reports/evaluation.json, overwritten)")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG,
                        help="the training config whose seed, params and calibrate_by make the stancelib systems "
                             "(default training/config.json)")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the MiniLM baseline")
    parser.add_argument("--no-baselines", action="store_true", help="score stancelib and its variants only")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=JSON",
                        help='also score stancelib with other parameters, e.g. C4=\'{"C": 4}\'; "calibrate_by": '
                             '"author" groups its calibration folds by author instead of document')
    parser.add_argument("--jobs", type=jobs_count, default=1, help="folds run in this many processes (default 1)")
    parser.add_argument("--accurate", action="store_true",
                        help="also score the accurate tier (all-MiniLM-L6-v2 fine-tuned, training/accurate.json; "
                             "needs the embeddings extra and about 4 minutes a fold on 2 cores)")
    parser.add_argument("--quick", action="store_true", help="no calibration folds inside the model (faster, less exact)")
    parser.add_argument("--systems", metavar="NAME[,NAME...]",
                        help="score only these systems (default: all), e.g. keywords,bag-of-words,tfidf-lr,minilm-embeddings")
    parser.add_argument("--summary", type=Path, metavar="JSON",
                        help="also merge each system's headline figures, beside the corpus it scored (sentences, "
                             "documents, authors, sha256), into this summary (per scheme and system; training.train "
                             "records training/evaluation.json in the bundled model's manifest and card)")
    parser.add_argument("--stamp-summary", type=Path, metavar="JSON",
                        help="score nothing: add the record of the current corpus (--data, default the seed corpus) "
                             "to the --systems rows of this summary under --split's schemes: rows written before "
                             "--summary recorded it, which YOU know were scored on this corpus (an older row keeps "
                             "only its scheme's counts, those of the latest run to write it, so they are all that "
                             "is checked); refused, with nothing written, if those counts are not this corpus's, "
                             "or a row records another corpus")
    parser.add_argument("--save-oof", type=Path, metavar="NPZ",
                        help="also save every system's out-of-fold probabilities (rows in corpus order, NaN where "
                             "no fold tests a row), for choosing decision rules on them (training.decisions); "
                             "'.npz' is added to a name without it")
    args = parser.parse_args(argv)
    if args.stamp_summary is not None:
        return _stamp(parser, args)
    # everything a run needs is checked here, before hours of cross-validation
    if args.save_oof is not None and args.save_oof.suffix != ".npz":
        args.save_oof = args.save_oof.with_name(args.save_oof.name + ".npz")  # what numpy would write
    for flag, path in (("--json", args.json), ("--summary", args.summary), ("--save-oof", args.save_oof)):
        check_output(parser, path, flag)
    if args.summary is not None and args.summary.exists():
        try:
            previous = json.loads(args.summary.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            parser.error(f"--summary {args.summary} exists but is not a JSON summary ({exc}): give another path, "
                         "or move the file away")
        if not isinstance(previous, dict):
            parser.error(f"--summary {args.summary} exists but is not a JSON summary (an object): give another "
                         "path, or move the file away")
    config = config_or_exit(parser, args.config)
    params = dict(config.params, random_state=config.seed)
    if args.quick:
        params["cv"] = 0
    try:
        check_params(params)
    except (TypeError, ValueError) as exc:
        parser.error(f"--config {args.config}: {exc}")
    stancelib = partial(ReadoutClassifier, **params)
    systems: dict[str, System] = {
        "stancelib": System(stancelib, groups=config.calibrate_by),
        "stancelib-no-context": System(stancelib, context=False, groups=config.calibrate_by),
    }
    for spec in args.variant:
        try:
            name, variant_params, groups = parse_variant(spec, params, config.calibrate_by)
        except ValueError as exc:
            parser.error(f"--variant {spec}: {exc}")
        if f"stancelib-{name}" in systems:
            parser.error(f"--variant {spec}: a system stancelib-{name} is already scored: give each variant "
                         "its own name")
        systems[f"stancelib-{name}"] = System(partial(ReadoutClassifier, **variant_params), groups=groups)
    if not args.no_baselines:
        systems.update({"keywords": System(KeywordLabeller), "bag-of-words": System(BagOfWords),
                        "tfidf-lr": System(TfidfWordChar)})
    if not args.no_embeddings and not args.no_baselines and EmbeddingBaseline.available():
        systems["minilm-embeddings"] = System(EmbeddingBaseline)
    if args.accurate:
        from stancelib.encoder import EncoderClassifier, encoder_available

        if not encoder_available():
            from stancelib.encoder import EXTRA_HINT

            raise SystemExit(f"--accurate needs the embeddings extra: {EXTRA_HINT}")
        systems["minilm-finetuned"] = System(partial(EncoderClassifier, **load_accurate_params()))
    if args.systems:
        wanted = [s.strip() for s in args.systems.split(",") if s.strip()]
        unknown = sorted(set(wanted) - set(systems))
        if unknown:
            raise SystemExit(f"--systems: unknown or unavailable system(s) {unknown}; available: {sorted(systems)}")
        systems = {n: s for n, s in systems.items() if n in wanted}
    records = _read_corpus(args.data)
    titles = {"authors": "Leave-one-author-out CV (decides design choices)",
              "documents": f"Grouped {args.folds}-fold CV by document"}
    splits = SPLITS if args.split == "both" else (args.split,)
    folds: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    for split in splits:  # a split the data cannot make fails now, not after the other split's run
        try:
            folds[split] = folds_for(records, split, args.folds)
        except ValueError as exc:
            parser.error(f"--split {split}: {exc}")
    report: dict[str, Any] = {}
    oof: dict[str, np.ndarray] = {}
    for split in splits:
        report[split] = run(records, folds[split], systems, jobs=args.jobs)
        for name, heads in report[split].pop("out_of_fold").items():
            oof.update({f"{split}/{name}/{h}": p for h, p in heads.items()})
        print_table(report[split], titles[split])
        print()
    if len(report) == 2:
        print("gap, documents minus authors (how much document folds flatter the model):")
        for name in systems:
            a, d = report["authors"]["systems"][name], report["documents"]["systems"][name]
            gaps = {f"{h} {m}": round(d[h][m] - a[h][m], 3) for h, m in GAP_COLUMNS if h in a}
            print(f"  {name:<22} {gaps}")
    write_json(args.json, report, indent=1)
    if args.summary:
        write_summary(args.summary, report, config, " ".join(["python -m training.evaluate", *(argv or sys.argv[1:])]),
                      corpus=corpus_record(records))
        print(f"summary: {args.summary}")
    if args.save_oof:
        args.save_oof.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(args.save_oof, doc_id=np.array([str(r["doc_id"]) for r in records]),
                            author=np.array([str(r.get("author") or "") for r in records]),
                            **{f"classes/{h}": np.array(c) for h, c in report[splits[0]]["classes"].items()}, **oof)
        print(f"out-of-fold probabilities: {args.save_oof}")
    print(f"\nreport: {args.json}\nregenerate: python -m training.evaluate" + (" --quick" if args.quick else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
