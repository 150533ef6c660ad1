"""Every score stancelib reports, computed in one place, with numpy alone.

The cross-validated metrics of a fitted model (``cv_metrics_``, the model
card), :func:`stancelib.evaluation.evaluate`, ``training/evaluate.py`` and
the evaluation notebook all call these functions.

Two conventions for a macro average, both in use and kept apart by name:
``average_over="all"`` averages F1 over every label (a label absent from both
truth and predictions scores 0, as scikit-learn's ``f1_score`` with
``zero_division=0``); ``average_over="present"`` skips such labels (they
have no F1). An F1, precision or recall with a zero denominator is 0.

The scores refuse empty input (a score of no sentences is undefined), as
scikit-learn's do, and the calibration scores refuse probabilities outside
[0, 1] and class indices that are not columns of ``proba``.
"""

from __future__ import annotations

import numbers
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

    Parameters
    ----------
    values : sequence
        Per sentence, a collection of codes (``multi=True``, e.g.
        ``("taiwan", "trade")``) or one code.
    labels : sequence of str
        The columns. Codes not among them are left out.
    multi : bool
        Whether each value is a collection of codes.

    Raises
    ------
    TypeError
        ``multi=True`` and a value is a string: it would be read letter by
        letter, so that no code matches.

    Examples
    --------
    >>> indicators([("a", "c"), ["b"]], ["a", "b", "c"], multi=True).astype(int).tolist()
    [[1, 0, 1], [0, 1, 0]]
    """
    index = {c: j for j, c in enumerate(labels)}
    out = np.zeros((len(values), len(labels)), dtype=bool)
    for i, v in enumerate(values):
        if multi and isinstance(v, str):
            raise TypeError(f"value {i} is the string {v!r}, but with multi=True each value is a collection of "
                            f"codes; pass [{v!r}] (a CSV cell 'a;b' split into ['a', 'b'])")
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


def _check_not_empty(n: int) -> None:
    if n == 0:
        raise ValueError("No predictions to score (empty input): a score of no sentences is undefined; "
                         "pass at least one")


def _check_n_bins(n_bins: Any) -> int:
    if isinstance(n_bins, bool) or not isinstance(n_bins, numbers.Integral):
        raise TypeError(f"n_bins must be a whole number of bins (1 or more), got {n_bins!r}")
    if n_bins < 1:
        raise ValueError(f"n_bins must be 1 or more, got {n_bins}")
    return int(n_bins)


def _check_probabilities(values: np.ndarray, name: str) -> None:
    """Refuse NaN and values outside [0, 1] (confidences in percent, say), naming the first one."""
    def first(mask: np.ndarray) -> Any:
        where = np.unravel_index(int(np.flatnonzero(mask.ravel())[0]), values.shape)
        return int(where[0]) if len(where) == 1 else tuple(int(k) for k in where)

    missing = np.isnan(values)
    if missing.any():
        raise ValueError(f"{name} has {int(missing.sum())} NaN value(s), the first at {first(missing)}; "
                         "drop or fill the missing ones first")
    out = (values < 0) | (values > 1)
    if out.any():
        at = first(out)
        hint = "; percentages? divide them by 100" if values.max() > 1 else ""
        raise ValueError(f"{name} must be probabilities in [0, 1], got {float(values[at])} at {at} "
                         f"({int(out.sum())} value(s) out of range){hint}")


def _check_proba_and_truth(proba: Any, truth_idx: Any) -> tuple[np.ndarray, np.ndarray]:
    """``proba`` as an ``(n, n_classes)`` float array of probabilities and ``truth_idx`` as n column indices."""
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2:
        raise ValueError(f"proba must be a 2-D (sentences, classes) array, got shape {proba.shape}")
    _check_not_empty(len(proba))
    _check_probabilities(proba, "proba")
    idx = np.asarray(truth_idx)
    if idx.shape != (len(proba),):
        raise ValueError(f"truth_idx must hold one class index per row of proba ({len(proba)}), got shape "
                         f"{idx.shape}")
    if idx.dtype.kind == "f" and np.all(np.isfinite(idx)) and np.all(idx == np.round(idx)):
        idx = idx.astype(int)  # whole numbers stored as floats
    if idx.dtype.kind not in "iu":
        example = idx[0].item() if isinstance(idx[0], np.generic) else idx[0]
        raise TypeError(f"truth_idx must hold class indices (whole numbers in [0, {proba.shape[1]})), the column "
                        f"of proba of each true label; got {type(example).__name__} values such as {example!r}; "
                        "map labels to indices with classes.index(label)")
    out = np.flatnonzero((idx < 0) | (idx >= proba.shape[1]))
    if len(out):
        raise ValueError(f"truth_idx must be class indices in [0, {proba.shape[1]}) (proba has {proba.shape[1]} "
                         f"columns), got {int(idx[out[0]])} at {int(out[0])} ({len(out)} out of range)")
    return proba, idx


def multi_label_scores(T: np.ndarray, P: np.ndarray, *, average_over: Average) -> dict[str, Any]:
    """``micro_f1``, ``macro_f1``, ``exact_match`` and ``per_label`` (:func:`label_scores`)
    of boolean ``(n, labels)`` truth and predictions.

    Raises
    ------
    ValueError
        ``T`` and ``P`` are not two 2-D arrays of one shape, or have no rows.

    Examples
    --------
    >>> T = np.array([[1, 0, 0], [1, 1, 0]], dtype=bool)
    >>> s = multi_label_scores(T, np.array([[1, 0, 0], [1, 0, 0]], dtype=bool), average_over="all")
    >>> round(s["micro_f1"], 4), round(s["macro_f1"], 4), s["exact_match"]
    (0.8, 0.3333, 0.5)
    """
    T, P = np.asarray(T, dtype=bool), np.asarray(P, dtype=bool)
    if T.ndim != 2 or T.shape != P.shape:
        raise ValueError(f"truth and predictions must be boolean (sentences, labels) arrays of one shape, got "
                         f"{T.shape} and {P.shape}; build both with indicators(..., labels, multi=True) and the "
                         "same labels")
    _check_not_empty(len(T))
    per = label_scores(T, P)
    return {
        "micro_f1": f1_from_counts(int(per["tp"].sum()), int(per["fp"].sum()), int(per["fn"].sum())),
        "macro_f1": _macro(per, average_over),
        "exact_match": float((T == P).all(axis=1).mean()),
        "per_label": per,
    }


def single_label_scores(truth: Sequence[str], pred: Sequence[str], labels: Sequence[str], *,
                        average_over: Average) -> dict[str, Any]:
    """``macro_f1``, ``accuracy`` and ``per_label`` of one code per sentence.

    Raises
    ------
    ValueError
        ``truth`` and ``pred`` differ in length, or are empty.

    Examples
    --------
    >>> s = single_label_scores(["a", "a", "b"], ["a", "b", "b"], ["a", "b", "c"], average_over="present")
    >>> round(s["macro_f1"], 4), round(s["accuracy"], 4)
    (0.6667, 0.6667)
    """
    if len(truth) != len(pred):
        raise ValueError(f"truth has {len(truth)} entries, pred {len(pred)}")
    _check_not_empty(len(truth))
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

    Parameters
    ----------
    confidence : sequence of float
        Probability of each predicted label, in [0, 1].
    correct : sequence of bool
        Whether each prediction was right.
    n_bins : int, default=10
        Equal-width bins over [0, 1]; 1 or more.

    Raises
    ------
    ValueError
        Confidences outside [0, 1] or NaN, ``correct`` not booleans or of
        another length, ``n_bins`` below 1, or no predictions.
    TypeError
        ``n_bins`` is not a whole number.

    Examples
    --------
    >>> r = reliability([0.95, 0.95, 0.55, 0.55], [True, True, True, False], n_bins=10)
    >>> r.count.tolist()[5], r.count.tolist()[9], round(r.ece, 3)
    (2, 2, 0.05)
    """
    n_bins = _check_n_bins(n_bins)
    conf = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=float)
    if conf.ndim != 1 or ok.ndim != 1:
        raise ValueError(f"confidence and correct must be 1-D (one value per prediction), got shapes {conf.shape} "
                         f"and {ok.shape}")
    if conf.shape != ok.shape:
        raise ValueError(f"confidence has {conf.shape[0]} entries, correct {ok.shape[0]}; pass one of each per "
                         "prediction")
    _check_not_empty(len(conf))
    _check_probabilities(conf, "confidence")
    if not np.isin(ok, (0.0, 1.0)).all():
        raise ValueError("correct must hold booleans (whether each prediction was right), got "
                         f"{ok[~np.isin(ok, (0.0, 1.0))][0]!r}")
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
    """ECE of the predicted (most probable) label of a single-label head; see :func:`reliability`.

    Parameters
    ----------
    proba : ndarray of shape (n, n_classes)
        Probabilities in [0, 1]; columns are the classes.
    truth_idx : ndarray of shape (n,)
        Class indices: the column of ``proba`` of each true label (not the
        label itself).
    n_bins : int, default=10
        Equal-width confidence bins; 1 or more.

    Raises
    ------
    ValueError
        Probabilities outside [0, 1] or NaN, indices outside
        ``[0, n_classes)``, mismatched lengths, ``n_bins`` below 1, or no rows.
    TypeError
        ``truth_idx`` holds labels or other non-integers.

    Examples
    --------
    >>> round(expected_calibration_error(np.array([[0.9, 0.1], [0.2, 0.8]]), np.array([0, 0])), 3)
    0.45
    """
    proba, idx = _check_proba_and_truth(proba, truth_idx)
    return reliability(proba.max(axis=1), proba.argmax(axis=1) == idx, n_bins=n_bins).ece


def brier_score(proba: np.ndarray, truth_idx: np.ndarray) -> float:
    """Mean over sentences of the squared distance between ``proba`` and the one-hot truth.

    Parameters
    ----------
    proba : ndarray of shape (n, n_classes)
        Probabilities in [0, 1]; columns are the classes.
    truth_idx : ndarray of shape (n,)
        Class indices: the column of ``proba`` of each true label (not the
        label itself).

    Raises
    ------
    ValueError
        Probabilities outside [0, 1] or NaN, indices outside
        ``[0, n_classes)``, mismatched lengths, or no rows.
    TypeError
        ``truth_idx`` holds labels or other non-integers.

    Examples
    --------
    >>> round(brier_score(np.array([[0.9, 0.1], [0.2, 0.8]]), np.array([0, 1])), 3)
    0.05
    """
    proba, idx = _check_proba_and_truth(proba, truth_idx)
    onehot = np.eye(proba.shape[1])[idx]
    return float(((proba - onehot) ** 2).sum(axis=1).mean())
