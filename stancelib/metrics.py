"""Every score stancelib reports, computed in one place, with numpy alone.

The cross-validated metrics of a fitted model (``cv_metrics_``, the model
card), :func:`stancelib.evaluation.evaluate`, ``training/evaluate.py`` and
the evaluation notebook all call these functions.

Two conventions for a macro average, both in use and kept apart by name:
``average_over="all"`` averages F1 over every label (a label absent from both
truth and predictions scores 0, as scikit-learn's ``f1_score`` with
``zero_division=0``); ``average_over="present"`` skips such labels (they
have no F1). An F1, precision or recall with a zero denominator is 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Sequence

import numpy as np

__all__ = [
    "Reliability",
    "brier_score",
    "expected_calibration_error",
    "f1_from_counts",
    "indicators",
    "label_scores",
    "multi_label_scores",
    "reliability",
    "single_label_scores",
]

Average = Literal["all", "present"]


def f1_from_counts(tp: int, fp: int, fn: int) -> float:
    """F1 from true positives, false positives and false negatives (0 when ``tp`` is 0).

    >>> f1_from_counts(3, 1, 2)
    0.6666666666666666
    """
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def indicators(values: Sequence[Any], labels: Sequence[str], *, multi: bool) -> np.ndarray:
    """An ``(n, len(labels))`` boolean matrix: which labels each value has.

    ``multi``: each value is a collection of codes; else one code.
    """
    index = {c: j for j, c in enumerate(labels)}
    out = np.zeros((len(values), len(labels)), dtype=bool)
    for i, v in enumerate(values):
        for c in (set(v) if multi else (v,)):
            j = index.get(c)
            if j is not None:
                out[i, j] = True
    return out


def label_scores(T: np.ndarray, P: np.ndarray) -> dict[str, np.ndarray]:
    """Per label (column) of boolean truth ``T`` and predictions ``P``: ``tp``,
    ``fp``, ``fn``, ``precision``, ``recall``, ``f1``, ``support`` and ``present``
    (the label is in the truth or the predictions)."""
    T, P = np.asarray(T, dtype=bool), np.asarray(P, dtype=bool)
    tp, fp, fn = (T & P).sum(axis=0), (~T & P).sum(axis=0), (T & ~P).sum(axis=0)
    f1 = np.array([f1_from_counts(int(a), int(b), int(c)) for a, b, c in zip(tp, fp, fn)])
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0.0)
        recall = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1), 0.0)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1,
            "support": T.sum(axis=0), "present": T.any(axis=0) | P.any(axis=0)}


def _macro(scores: dict[str, np.ndarray], average_over: Average) -> float:
    if average_over not in ("all", "present"):
        raise ValueError(f"average_over must be 'all' or 'present', got {average_over!r}")
    f1 = scores["f1"] if average_over == "all" else scores["f1"][scores["present"]]
    return float(np.mean(f1)) if len(f1) else 0.0


def multi_label_scores(T: np.ndarray, P: np.ndarray, *, average_over: Average) -> dict[str, Any]:
    """``micro_f1``, ``macro_f1``, ``exact_match`` and ``per_label`` (:func:`label_scores`)
    of boolean ``(n, labels)`` truth and predictions.

    >>> T = np.array([[1, 0, 0], [1, 1, 0]], dtype=bool)
    >>> s = multi_label_scores(T, np.array([[1, 0, 0], [1, 0, 0]], dtype=bool), average_over="all")
    >>> round(s["micro_f1"], 4), round(s["macro_f1"], 4), s["exact_match"]
    (0.8, 0.3333, 0.5)
    """
    T, P = np.asarray(T, dtype=bool), np.asarray(P, dtype=bool)
    per = label_scores(T, P)
    return {
        "micro_f1": f1_from_counts(int(per["tp"].sum()), int(per["fp"].sum()), int(per["fn"].sum())),
        "macro_f1": _macro(per, average_over),
        "exact_match": float((T == P).all(axis=1).mean()) if len(T) else 0.0,
        "per_label": per,
    }


def single_label_scores(truth: Sequence[str], pred: Sequence[str], labels: Sequence[str], *,
                        average_over: Average) -> dict[str, Any]:
    """``macro_f1``, ``accuracy`` and ``per_label`` of one code per sentence.

    >>> s = single_label_scores(["a", "a", "b"], ["a", "b", "b"], ["a", "b", "c"], average_over="present")
    >>> round(s["macro_f1"], 4), round(s["accuracy"], 4)
    (0.6667, 0.6667)
    """
    if len(truth) != len(pred):
        raise ValueError(f"truth has {len(truth)} entries, pred {len(pred)}")
    per = label_scores(indicators(truth, labels, multi=False), indicators(pred, labels, multi=False))
    return {
        "macro_f1": _macro(per, average_over),
        "accuracy": float(np.mean([a == b for a, b in zip(truth, pred)])),
        "per_label": per,
    }


@dataclass(frozen=True)
class Reliability:
    """A reliability (calibration) curve: equal-width confidence bins.

    Attributes
    ----------
    edges : ndarray
        ``n_bins + 1`` bin edges over [0, 1].
    confidence, accuracy : ndarray
        Mean confidence and accuracy of the predictions in each bin (NaN for an empty bin).
    count : ndarray
        Predictions per bin.
    ece : float
        Expected calibration error: the count-weighted mean of
        ``|accuracy - confidence|`` over the bins.
    """

    edges: np.ndarray
    confidence: np.ndarray
    accuracy: np.ndarray
    count: np.ndarray
    ece: float


def reliability(confidence: Sequence[float], correct: Sequence[bool], n_bins: int = 10) -> Reliability:
    """Bin predictions by confidence (bins ``(lo, hi]``) and compare with how often they were right.

    >>> r = reliability([0.95, 0.95, 0.55, 0.55], [True, True, True, False], n_bins=10)
    >>> r.count.tolist()[5], r.count.tolist()[9], round(r.ece, 3)
    (2, 2, 0.05)
    """
    conf = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=float)
    if conf.shape != ok.shape:
        raise ValueError(f"confidence has {conf.shape[0]} entries, correct {ok.shape[0]}")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.digitize(conf, edges[1:-1], right=True), 0, n_bins - 1)
    count = np.bincount(which, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_conf = np.bincount(which, weights=conf, minlength=n_bins) / count
        acc = np.bincount(which, weights=ok, minlength=n_bins) / count
    filled = count > 0
    ece = float(np.sum(count[filled] * np.abs(acc[filled] - mean_conf[filled])) / max(count.sum(), 1))
    return Reliability(edges=edges, confidence=mean_conf, accuracy=acc, count=count, ece=ece)


def expected_calibration_error(proba: np.ndarray, truth_idx: np.ndarray, n_bins: int = 10) -> float:
    """ECE of the predicted (most probable) label of a single-label head; see :func:`reliability`."""
    proba = np.asarray(proba)
    return reliability(proba.max(axis=1), proba.argmax(axis=1) == np.asarray(truth_idx), n_bins=n_bins).ece


def brier_score(proba: np.ndarray, truth_idx: np.ndarray) -> float:
    """Mean over sentences of the squared distance between ``proba`` and the one-hot truth."""
    proba = np.asarray(proba, dtype=float)
    onehot = np.eye(proba.shape[1])[np.asarray(truth_idx)]
    return float(((proba - onehot) ** 2).sum(axis=1).mean())
