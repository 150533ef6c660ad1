"""Decision rules fitted on out-of-fold predictions. NumPy only.

:meth:`stancelib.ReadoutClassifier.fit` scores every training sentence with a
model that did not see its fold (grouped by document, or by author when the
training records have one and the config says so), and fits these rules on
those scores; ``python -m training.decisions`` measures, by leave-one-author-
out, whether each rule and each way of choosing it transfers to unseen
authors. The rules are applied at prediction time by
:mod:`stancelib._inference` (shared by the estimator and its export).

- :func:`fit_issue_thresholds`: one probability threshold per issue code,
  the one that maximises that code's F1.
- :func:`fit_context_threshold`: the higher bar a relationship code
  (``relations``, :data:`stancelib.schema.RELATIONSHIP_ISSUES`) must clear
  when a more specific code is already predicted for the sentence (the guide:
  ``relations`` only when nothing more specific fits, or when the sentence is
  about the relationship itself).
- :func:`fit_second_threshold`: the bar every code beyond a sentence's
  first must also clear (a second issue needs firmer evidence than the
  first; the corpus's sentences have 1.2 codes on average, and a model
  with per-code thresholds alone predicts extra codes more often than the
  truth has them).
- :func:`fit_class_offsets`: per-class additive offsets of a single-label
  head's scores (class priors), chosen to maximise the head's figure.
- :func:`fit_temperature`: the softmax temperature that minimises the
  log-loss (confidence, not labels).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

__all__ = ["THRESHOLD_GRID", "OFFSET_GRID", "fit_issue_thresholds", "best_threshold", "fit_context_threshold",
           "fit_second_threshold", "fit_class_offsets", "fit_temperature"]

#: Candidate issue thresholds (probabilities).
THRESHOLD_GRID = np.round(np.arange(0.1, 0.91, 0.025), 3)
#: Candidate per-class score offsets (log-odds); small, so a prior cannot
#: overrule a confident score.
OFFSET_GRID = np.round(np.arange(-1.0, 1.01, 0.1), 2)
#: Passes of coordinate ascent over the classes' offsets.
OFFSET_PASSES = 3
#: Candidate softmax temperatures.
TEMPERATURE_GRID = np.round(np.arange(0.3, 4.01, 0.05), 3)


def _f1(pred: np.ndarray, y: np.ndarray) -> float:
    tp = float(np.sum(pred & (y == 1)))
    denom = float(pred.sum() + y.sum())
    return 2 * tp / denom if denom else 0.0


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The threshold of :data:`THRESHOLD_GRID` with the best F1 of ``p >= t``
    against ``y`` (the lowest on ties); 0.5 when ``y`` has no positive."""
    if y.sum() == 0:
        return 0.5
    best, best_f1 = 0.5, -1.0
    for t in THRESHOLD_GRID:
        f1 = _f1(p >= t, y)
        if f1 > best_f1 + 1e-12:
            best, best_f1 = float(t), f1
    return best


def fit_issue_thresholds(proba: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per code (column), :func:`best_threshold` of its probabilities against its truth.

    Parameters
    ----------
    proba : ndarray of shape (n_sentences, n_codes)
        Out-of-fold probabilities.
    Y : ndarray of shape (n_sentences, n_codes)
        Truth, 0/1.

    Returns
    -------
    ndarray of shape (n_codes,)
    """
    return np.array([best_threshold(proba[:, j], Y[:, j]) for j in range(proba.shape[1])])


def fit_context_threshold(proba: np.ndarray, Y: np.ndarray, thresholds: np.ndarray,
                          context_codes: Sequence[int]) -> float | None:
    """The bar a relationship code must clear beside a more specific code.

    Chosen on :data:`THRESHOLD_GRID` (and "no extra bar") to maximise the
    micro-F1 of all codes' decisions, made by
    :func:`stancelib._inference.issue_decisions`. Returns None when no bar
    beats none.
    """
    from ._inference import issue_decisions

    if not len(context_codes):
        return None
    # a bar under the code's own threshold changes nothing
    return _best_bar(lambda bar: issue_decisions(proba, thresholds, context_codes, bar), Y,
                     floor=float(np.max(thresholds[list(context_codes)])))


def _best_bar(decide: Callable[[float | None], np.ndarray], Y: np.ndarray, floor: float) -> float | None:
    """The value of :data:`THRESHOLD_GRID` above ``floor`` (or None: no bar) whose decisions,
    ``decide(bar)``, have the highest micro-F1 against ``Y``; None unless a bar beats none."""
    Yb = Y.astype(bool)

    def micro(bar: float | None) -> float:
        P = decide(bar).astype(bool)
        return 2 * float(np.sum(P & Yb)) / max(float(P.sum() + Yb.sum()), 1.0)

    best, best_score = None, micro(None)
    for t in THRESHOLD_GRID:
        if t <= floor:
            continue
        score = micro(float(t))
        if score > best_score + 1e-12:
            best, best_score = float(t), score
    return best


def fit_second_threshold(proba: np.ndarray, Y: np.ndarray, thresholds: np.ndarray,
                         context_codes: Sequence[int] = (), context_threshold: float | None = None) -> float | None:
    """The bar every issue code beyond a sentence's first must also clear.

    Chosen on :data:`THRESHOLD_GRID` (and "no extra bar") to maximise the
    micro-F1 of all codes' decisions, made by
    :func:`stancelib._inference.issue_decisions` with the given thresholds
    and ``relations`` bar. Returns None when no bar beats none.

    Parameters
    ----------
    proba, Y : ndarray of shape (n_sentences, n_codes)
        Out-of-fold probabilities and their 0/1 truth, as for
        :func:`fit_issue_thresholds`.
    thresholds : ndarray of shape (n_codes,)
        Per-code thresholds (:func:`fit_issue_thresholds`).
    context_codes, context_threshold
        The relationship codes and their bar (:func:`fit_context_threshold`).

    Returns
    -------
    float or None
    """
    from ._inference import issue_decisions

    if not Y.size:
        return None
    # a bar at or under every code's own threshold changes nothing
    return _best_bar(lambda bar: issue_decisions(proba, thresholds, context_codes, context_threshold, bar), Y,
                     floor=float(np.min(thresholds)))


def _figure(pred: np.ndarray, truth: np.ndarray, n_classes: int, metric: str) -> float:
    if metric == "accuracy":
        return float(np.mean(pred == truth))
    if metric != "macro_f1":
        raise ValueError(f"metric must be 'macro_f1' or 'accuracy', got {metric!r}")
    f1s = []
    for c in range(n_classes):
        f1s.append(_f1(pred == c, (truth == c).astype(int)))
    return float(np.mean(f1s))


def fit_class_offsets(scores: np.ndarray, truth: np.ndarray, metric: str = "macro_f1") -> np.ndarray:
    """Per-class offsets added to a single-label head's scores, chosen to
    maximise ``metric`` of ``argmax(scores + offsets)``.

    Coordinate ascent over the classes (:data:`OFFSET_PASSES` passes over
    :data:`OFFSET_GRID`), starting from no offset, keeping a change only when
    it improves the figure; offsets are centred (their mean is 0), which
    leaves the labels unchanged.

    Parameters
    ----------
    scores : ndarray of shape (n_sentences, n_classes)
        Out-of-fold scores (raw, or log-probabilities).
    truth : ndarray of shape (n_sentences,)
        Index of each sentence's class.
    metric : {"macro_f1", "accuracy"}
    """
    k = scores.shape[1]
    offsets = np.zeros(k)
    best = _figure((scores + offsets).argmax(axis=1), truth, k, metric)
    for _ in range(OFFSET_PASSES):
        changed = False
        for c in range(k):
            for v in OFFSET_GRID:
                trial = offsets.copy()
                trial[c] = v
                s = _figure((scores + trial).argmax(axis=1), truth, k, metric)
                if s > best + 1e-12:
                    best, offsets, changed = s, trial, True
        if not changed:
            break
    return offsets - offsets.mean()


def fit_temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    """The temperature of :data:`TEMPERATURE_GRID` with the lowest log-loss of
    ``softmax(scores / t)`` against ``truth`` (class indices)."""
    from ._inference import softmax

    best, best_nll = 1.0, np.inf
    for t in TEMPERATURE_GRID:
        p = softmax(scores / t)
        nll = -np.mean(np.log(np.clip(p[np.arange(len(truth)), truth], 1e-12, None)))
        if nll < best_nll - 1e-12:
            best, best_nll = float(t), nll
    return best
