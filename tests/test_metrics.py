"""One metrics module: its numbers are those the three former implementations gave."""

import numpy as np
import pytest
from sklearn.metrics import f1_score, precision_recall_fscore_support

from stancelib.metrics import (
    brier_score,
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


# ---- out-of-range input is refused, not scored -----------------------------------------------------------------

def test_a_string_of_codes_is_refused_in_multi_label_indicators():
    with pytest.raises(TypeError, match=r"value 0 is the string 'trade'.*pass \['trade'\]"):
        indicators(["trade"], ["trade", "taiwan"], multi=True)
    assert indicators(["trade"], ["trade"], multi=False).tolist() == [[True]]


@pytest.mark.parametrize("confidence, message", [
    ([95, 55], r"confidence must be probabilities in \[0, 1\], got 95.0 at 0 .*divide them by 100"),
    ([0.9, -0.1], r"confidence must be probabilities in \[0, 1\], got -0.1 at 1"),
    ([0.9, float("nan")], r"confidence has 1 NaN value\(s\), the first at 1"),
])
def test_reliability_refuses_confidences_outside_0_1(confidence, message):
    with pytest.raises(ValueError, match=message):
        reliability(confidence, [True, False])


def test_reliability_refuses_fewer_than_one_bin_and_non_boolean_correctness():
    with pytest.raises(ValueError, match="n_bins must be 1 or more, got 0"):
        reliability([0.5], [True], n_bins=0)
    with pytest.raises(TypeError, match="n_bins must be a whole number"):
        reliability([0.5], [True], n_bins=2.5)
    with pytest.raises(ValueError, match="correct must hold booleans"):
        reliability([0.5], [2])
    assert reliability([0.5], [True], n_bins=1).ece == pytest.approx(0.5)


def test_class_indices_must_be_columns_of_proba():
    proba = np.array([[0.9, 0.1], [0.2, 0.8]])
    with pytest.raises(ValueError, match=r"class indices in \[0, 2\) .*got -1 at 0"):
        brier_score(proba, np.array([-1, 1]))
    with pytest.raises(ValueError, match=r"got 2 at 1"):
        expected_calibration_error(proba, np.array([0, 2]))
    with pytest.raises(TypeError, match=r"got str values such as 'a'; map labels to indices"):
        expected_calibration_error(proba[:1], np.array(["a"]))
    with pytest.raises(ValueError, match=r"one class index per row of proba \(2\)"):
        brier_score(proba, np.array([0]))
    with pytest.raises(ValueError, match=r"proba must be probabilities in \[0, 1\]"):
        brier_score(proba * 100, np.array([0, 1]))
    # whole numbers stored as floats are indices too
    assert brier_score(proba, np.array([0.0, 1.0])) == pytest.approx(brier_score(proba, np.array([0, 1])))


def test_multi_label_scores_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match=r"arrays of one shape, got \(2, 3\) and \(3, 3\)"):
        multi_label_scores(np.zeros((2, 3), bool), np.zeros((3, 3), bool), average_over="all")


def test_empty_input_is_refused_alike_by_every_score():
    with pytest.raises(ValueError, match="No predictions to score"):
        single_label_scores([], [], ["a"], average_over="all")
    with pytest.raises(ValueError, match="No predictions to score"):
        multi_label_scores(np.zeros((0, 3), bool), np.zeros((0, 3), bool), average_over="all")
    with pytest.raises(ValueError, match="No predictions to score"):
        reliability([], [])
    with pytest.raises(ValueError, match="No predictions to score"):
        brier_score(np.zeros((0, 2)), np.zeros(0, dtype=int))
