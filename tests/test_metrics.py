"""One metrics module: its numbers are those the three former implementations gave."""

import numpy as np
import pytest
from sklearn.metrics import f1_score, precision_recall_fscore_support

from stancelib.metrics import (
    expected_calibration_error,
    indicators,
    label_scores,
    multi_label_scores,
    reliability,
    single_label_scores,
)


def _old_ece(proba, truth_idx, n_bins=10):
    """training/evaluate.py's former expected_calibration_error, verbatim."""
    conf = proba.max(axis=1)
    correct = proba.argmax(axis=1) == truth_idx
    edges = np.linspace(0, 1, n_bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            ece += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(ece)


def _old_present_macro(t, p, labels):
    """evaluation.py's former single-label macro-F1: labels in neither truth nor predictions skipped."""
    per = []
    for code in labels:
        tp = sum(1 for a, b in zip(t, p) if a == code and b == code)
        fp = sum(1 for a, b in zip(t, p) if a != code and b == code)
        fn = sum(1 for a, b in zip(t, p) if a == code and b != code)
        if tp + fp + fn:
            per.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(per)) if per else 0.0


@pytest.mark.parametrize("seed", range(8))
def test_same_numbers_as_before(seed):
    rng = np.random.default_rng(seed)
    n, labels = int(rng.integers(5, 80)), ["a", "b", "c", "d", "e"]
    # labels that never occur too, so the two macro conventions differ
    t = list(rng.choice(labels[:3], size=n))
    q = list(rng.choice(labels[:4], size=n))
    single = single_label_scores(t, q, labels, average_over="all")
    assert single["macro_f1"] == pytest.approx(f1_score(t, q, labels=labels, average="macro", zero_division=0), abs=1e-12)
    p, r, f, s = precision_recall_fscore_support(t, q, labels=labels, zero_division=0)
    np.testing.assert_allclose(single["per_label"]["precision"], p, atol=1e-12)
    np.testing.assert_allclose(single["per_label"]["recall"], r, atol=1e-12)
    np.testing.assert_allclose(single["per_label"]["f1"], f, atol=1e-12)
    np.testing.assert_array_equal(single["per_label"]["support"], s)
    present = single_label_scores(t, q, labels, average_over="present")["macro_f1"]
    assert present == pytest.approx(_old_present_macro(t, q, labels), abs=1e-12)
    assert present != pytest.approx(single["macro_f1"])  # "e" (and maybe "d") make them differ

    T = rng.random((n, 6)) < 0.3
    T[:, 5] = False
    P = rng.random((n, 6)) < 0.3
    P[:, 5] = False
    multi = multi_label_scores(T, P, average_over="all")
    assert multi["micro_f1"] == pytest.approx(f1_score(T, P, average="micro", zero_division=0), abs=1e-12)
    assert multi["macro_f1"] == pytest.approx(f1_score(T, P, average="macro", zero_division=0), abs=1e-12)
    seen = T.any(axis=0) | P.any(axis=0)
    want = f1_score(T[:, seen], P[:, seen], average="macro", zero_division=0)
    assert multi_label_scores(T, P, average_over="present")["macro_f1"] == pytest.approx(want, abs=1e-12)

    proba = rng.dirichlet(np.ones(4), size=n)
    idx = rng.integers(0, 4, size=n)
    assert expected_calibration_error(proba, idx) == pytest.approx(_old_ece(proba, idx), abs=1e-12)


def test_indicators_and_bad_input():
    assert indicators([("a", "c"), ()], ["a", "b", "c"], multi=True).tolist() == [[True, False, True], [False] * 3]
    assert label_scores(np.zeros((2, 2), bool), np.zeros((2, 2), bool))["f1"].tolist() == [0.0, 0.0]
    with pytest.raises(ValueError, match="average_over"):
        single_label_scores(["a"], ["a"], ["a"], average_over="some")
    with pytest.raises(ValueError, match="entries"):
        reliability([0.5, 0.6], [True])
