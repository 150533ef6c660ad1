"""The decision rules fitted on out-of-fold predictions (stancelib.calibration)
and how both model paths apply them."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from stancelib import ReadoutClassifier
from stancelib._inference import issue_decisions
from stancelib.calibration import (
    OFFSET_GRID,
    best_threshold,
    fit_class_offsets,
    fit_context_threshold,
    fit_issue_thresholds,
    fit_second_threshold,
    fit_temperature,
)

# columns: taiwan, trade, relations
CTX = [2]


def test_relations_beside_a_specific_code_needs_the_higher_bar():
    proba = np.array([[0.9, 0.1, 0.6],   # taiwan + weak relations -> taiwan only
                      [0.9, 0.1, 0.95],  # taiwan + strong relations -> both
                      [0.1, 0.1, 0.6],   # relations alone: its own threshold is enough
                      [0.1, 0.2, 0.3]])  # nothing reaches a threshold: the best one is kept
    th = np.array([0.5, 0.5, 0.5])
    P = issue_decisions(proba, th, CTX, 0.8)
    assert P.tolist() == [[1, 0, 0], [1, 0, 1], [0, 0, 1], [0, 0, 1]]
    # no bar: the plain per-code thresholds
    assert issue_decisions(proba, th, CTX, None).tolist() == [[1, 0, 1], [1, 0, 1], [0, 0, 1], [0, 0, 1]]


def test_the_relations_bar_is_chosen_when_relations_is_over_predicted_beside_topics():
    rng = np.random.default_rng(0)
    n = 400
    Y = np.zeros((n, 3), dtype=int)
    Y[:200, 0] = 1                     # taiwan sentences, relations not labelled
    Y[200:300, 2] = 1                  # relationship sentences
    Y[300:, 1] = 1                     # trade
    proba = np.clip(Y * 0.8 + rng.uniform(0, 0.2, (n, 3)), 0, 1)
    proba[:200, 2] = rng.uniform(0.55, 0.75, 200)   # a model that adds relations to topic sentences ...
    proba[200:300, 2] = rng.uniform(0.55, 0.75, 100)  # ... as sure as it is of the relationship sentences
    th = fit_issue_thresholds(proba, Y)
    bar = fit_context_threshold(proba, Y, th, CTX)
    assert bar is not None and bar > th[2]
    before = issue_decisions(proba, th, CTX, None)
    after = issue_decisions(proba, th, CTX, bar)
    fp = lambda P: int(((P[:, 2] == 1) & (Y[:, 2] == 0)).sum())  # noqa: E731
    assert fp(after) < fp(before)


def test_no_bar_when_relations_is_not_over_predicted():
    Y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1]] * 10)
    proba = Y * 0.9 + 0.05
    th = fit_issue_thresholds(proba, Y)
    assert fit_context_threshold(proba, Y, th, CTX) is None


def test_a_code_beyond_the_first_needs_the_second_bar():
    proba = np.array([[0.9, 0.6, 0.1],   # taiwan sure, trade weak -> taiwan only
                      [0.9, 0.85, 0.1],  # both sure -> both
                      [0.6, 0.55, 0.1],  # two weak codes: the first (furthest above its threshold) stays
                      [0.1, 0.1, 0.3]])  # nothing reaches a threshold: the best one is kept
    th = np.array([0.5, 0.5, 0.5])
    assert issue_decisions(proba, th, CTX, None, 0.8).tolist() == [[1, 0, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1]]
    assert issue_decisions(proba, th, CTX, None, None).tolist() == [[1, 1, 0], [1, 1, 0], [1, 1, 0], [0, 0, 1]]
    # "first" is measured against each code's own threshold: trade at 0.55 over 0.3 beats taiwan at 0.6 over 0.5
    assert issue_decisions(proba[2:3], np.array([0.5, 0.3, 0.5]), CTX, None, 0.8).tolist() == [[0, 1, 0]]


def test_the_second_bar_and_the_relations_bar_together():
    # relations first, taiwan second: taiwan must reach the second bar; if it does, relations beside it
    # must reach the relations bar
    proba = np.array([[0.6, 0.1, 0.95],   # taiwan under the second bar -> relations alone
                      [0.85, 0.1, 0.95],  # both over their bars -> both
                      [0.85, 0.1, 0.7]])  # taiwan first and sure; relations under its bar -> taiwan alone
    th = np.array([0.5, 0.5, 0.5])
    assert issue_decisions(proba, th, CTX, 0.8, 0.8).tolist() == [[0, 0, 1], [1, 0, 1], [1, 0, 0]]


def test_the_second_bar_is_chosen_when_extra_codes_are_over_predicted():
    rng = np.random.default_rng(3)
    n = 600
    Y = np.zeros((n, 3), dtype=int)
    Y[np.arange(n), rng.integers(0, 3, n)] = 1       # one code each ...
    Y[:60, :2] = 1                                    # ... and a few with two
    proba = np.clip(Y * 0.75 + rng.uniform(0, 0.2, (n, 3)), 0, 1)
    extra = rng.random((n, 3)) < 0.3                  # a model that often adds a weak second code
    proba = np.where(extra & (Y == 0), rng.uniform(0.5, 0.7, (n, 3)), proba)
    th = np.full(3, 0.45)
    bar = fit_second_threshold(proba, Y, th)
    assert bar is not None and bar > 0.45
    fp = lambda P: int(((P == 1) & (Y == 0)).sum())  # noqa: E731
    assert fp(issue_decisions(proba, th, (), None, bar)) < fp(issue_decisions(proba, th, (), None, None))


def test_no_second_bar_when_extra_codes_are_not_over_predicted():
    Y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]] * 10)
    proba = Y * 0.6 + 0.2   # every true code at 0.8, every other at 0.2: thresholds separate them
    th = fit_issue_thresholds(proba, Y)
    assert fit_second_threshold(proba, Y, th, CTX, None) is None


def test_best_threshold_maximises_f1_and_defaults_without_positives():
    p = np.array([0.2, 0.3, 0.35, 0.8, 0.9])
    y = np.array([0, 0, 1, 1, 1])
    assert 0.3 < best_threshold(p, y) <= 0.35
    assert best_threshold(p, np.zeros(5, dtype=int)) == 0.5


def test_class_offsets_recover_a_shifted_prior_and_are_centred():
    rng = np.random.default_rng(1)
    truth = rng.integers(0, 3, 900)
    scores = np.eye(3)[truth] * 1.0 + rng.normal(0, 0.6, (900, 3))
    scores[:, 1] -= 0.8        # a head that under-predicts class 1
    offsets = fit_class_offsets(scores, truth, "macro_f1")
    assert offsets[1] > offsets[0] and offsets[1] > offsets[2]
    assert abs(offsets.mean()) < 1e-9
    assert np.all(np.abs(offsets) <= np.abs(OFFSET_GRID).max() * 2)

    def macro(pred):
        return np.mean([2 * np.sum((pred == c) & (truth == c)) / (np.sum(pred == c) + np.sum(truth == c))
                        for c in range(3)])

    assert macro((scores + offsets).argmax(1)) > macro(scores.argmax(1))


def test_class_offsets_leave_a_perfect_head_alone_and_refuse_unknown_metrics():
    truth = np.array([0, 1, 2] * 5)
    scores = np.eye(3)[truth] * 3.0
    assert np.allclose(fit_class_offsets(scores, truth, "accuracy"), 0)
    with pytest.raises(ValueError, match="macro_f1"):
        fit_class_offsets(scores, truth, "f2")


def test_temperature_softens_an_overconfident_head():
    rng = np.random.default_rng(2)
    truth = rng.integers(0, 2, 500)
    right = rng.random(500) < 0.7
    pred = np.where(right, truth, 1 - truth)
    scores = np.eye(2)[pred] * 10.0     # 70% right, sure every time
    assert fit_temperature(scores, truth) > 2


TEXTS = ["Xi warned against arms sales to Taiwan.", "The two sides agreed to resume talks on climate.",
         "Biden raised concerns about trade.", "The leaders discussed the relationship.",
         "China opposes U.S. tariffs and the state of relations.", "They agreed to keep in touch on Taiwan."]
LABELS = {"issue": [["taiwan"], ["climate"], ["trade"], ["relations"], ["trade", "relations"], ["taiwan", "relations"]],
          "stance": ["warning", "cooperation", "concern", "neutral", "concern", "cooperation"],
          "side": ["china", "joint", "us", "joint", "china", "joint"]}


def _fit(**params):
    X, y = TEXTS * 5, {k: v * 5 for k, v in LABELS.items()}
    return ReadoutClassifier(min_df=1, cv=3, **params).fit(X, y, groups=[i % 10 for i in range(len(X))])


@pytest.fixture(scope="module")
def default_fit():
    """``_fit()`` fitted once for the four tests that need it with the default parameters (each fit takes
    0.2 s). The tests only read it; the two that set its attributes take a copy of their own."""
    return _fit()


def test_fit_records_its_rules_and_folds_offsets_into_the_intercept(default_fit):
    clf = _fit(class_offsets={"stance": "macro_f1", "side": "accuracy"})
    assert set(clf.class_offsets_) == {"stance", "side"}
    assert all(np.all(v == 0) for v in default_fit.class_offsets_.values())  # off by default
    off = _fit(class_offsets={}, relations_rule=False, second_code_rule=False)
    assert off.context_threshold_ is None and off.second_threshold_ is None
    assert all(np.all(v == 0) for v in off.class_offsets_.values())
    # the offsets are the only difference in the single-label intercepts
    n_issue = len(clf.classes_["issue"])
    stance = slice(n_issue, n_issue + len(clf.classes_["stance"]))
    assert np.allclose(clf.intercept_[stance] - off.intercept_[stance], clf.class_offsets_["stance"])


def test_the_export_applies_the_same_rules(default_fit):
    clf = copy.deepcopy(default_fit)
    texts = TEXTS + ["China raised Taiwan and the relationship.", "Biden raised trade, Taiwan and climate."]
    plain = clf.predict(texts)
    clf.context_threshold_ = 0.97   # force the rules to matter
    clf.second_threshold_ = 1.01  # over any probability: one code per sentence
    assert clf.predict(texts) != plain
    assert all(len(codes) == 1 for codes in clf.predict(texts)["issue"])
    compiled = clf.compile()
    assert compiled.context_threshold_ == 0.97 and compiled.second_threshold_ == 1.01
    assert clf.predict(texts) == compiled.predict(texts)
    from stancelib.compiled import CompiledModel

    meta, arrays = compiled.to_parts()
    assert meta["format_version"] == CompiledModel.FORMAT == 3 and meta["normalize"] is True
    again = CompiledModel.from_parts(meta, arrays)
    assert again.context_threshold_ == 0.97 and again.second_threshold_ == 1.01
    assert again.predict(texts) == clf.predict(texts)
    # an export of format 1 (before the second-code bar) still loads, without the bar
    old = {k: v for k, v in meta.items() if k not in ("second_threshold", "normalize")}
    old["format_version"] = 1
    first = CompiledModel.from_parts(old, arrays)
    assert first.second_threshold_ is None
    assert first.normalize is False  # formats 1 and 2 read texts as given
    clf.second_threshold_ = None
    clf.normalize = False
    assert first.predict(texts) == clf.predict(texts)
    with pytest.raises(ValueError, match="format version 3 or earlier .*a newer stancelib wrote it: upgrade"):
        CompiledModel.from_parts(dict(meta, format_version=4), arrays)


def test_train_calibrated_by_a_field_some_records_lack_names_the_field_and_the_fix():
    from stancelib import train

    records = [{"id": str(i), "doc_id": str(i // 2), "text": t, "issue": [c], "stance": s}
               for i, (t, c, s) in enumerate([("Xi warned Biden on Taiwan.", "taiwan", "warning"),
                                              ("They agreed to talk on climate.", "climate", "cooperation")] * 4)]
    with pytest.raises(ValueError, match=r"calibrate_by='author'.*8 record\(s\) have no 'author'.*calibrate_by='doc_id'"):
        train(records, base="none", params={"cv": 0, "min_df": 1}, calibrate_by="author")
    for i, r in enumerate(records):
        r["author"] = "ab"[i % 2]
    result = train(records, base="none", params={"cv": 2, "min_df": 1}, calibrate_by="author")
    assert result.manifest["calibrated_by"] == "author"


def test_a_block_no_head_reads_is_not_fitted(default_fit):
    """A block no head reads is not fitted, and asking a head for it brings it back; the compiled copy
    predicts the same either way. (By default the side head reads no stance cues: issue 12.)"""
    default = default_fit
    assert default.head_features_["side"] == ("word", "char", "actors")
    assert "stance_cues" in default.blocks_ and "stance_cues" in default.head_features_["stance"]
    plain = _fit(head_features={"stance": ("word", "char")})
    assert "stance_cues" not in plain.blocks_ and {"word", "actors"} <= set(plain.blocks_)
    for clf in (default, plain):
        a, b = clf.predict_proba(TEXTS), clf.compile().predict_proba(TEXTS)
        assert all(np.allclose(a[k], b[k], atol=1e-5) for k in a)


def test_a_model_pickled_before_the_second_code_rule_loads_without_it(default_fit):
    import pickle

    clf = copy.deepcopy(default_fit)
    state = clf.__getstate__()
    assert state["second_code_rule"] is True     # kept: it differs from what older models had
    old_state = {k: v for k, v in state.items() if k not in ("second_code_rule", "second_threshold_")}
    old = ReadoutClassifier.__new__(ReadoutClassifier)
    old.__setstate__(old_state)
    assert old.get_params()["second_code_rule"] is False and getattr(old, "second_threshold_", None) is None
    clf.second_threshold_ = None
    assert old.predict(TEXTS) == clf.predict(TEXTS)
    # a model that keeps the rule off pickles without the parameter, as before it existed
    off = _fit(second_code_rule=False)
    assert "second_code_rule" not in off.__getstate__()
    assert pickle.loads(pickle.dumps(off)).get_params()["second_code_rule"] is False


def test_a_fold_whose_training_rows_make_no_vocabulary_leaves_its_held_out_rows_unscored():
    """A calibration fold that cannot be fitted (its training sentences share no word, so min_df=2
    leaves no term) is skipped: the sentences it held out get NaN, the other fold's are scored."""
    shared = ["China and the United States discussed trade and Taiwan"] * 3 + \
        ["the United States and China agreed on trade and climate"] * 3
    lone = ["Xylophones", "Quartzite", "Marmalade", "Ptarmigans", "Juxtapose", "Wombat"]
    X = shared + lone
    y = {"stance": ["concern", "cooperation"] * 6, "side": ["us", "joint", "china"] * 4}
    groups = ["shared"] * 6 + ["lone"] * 6
    proba = ReadoutClassifier(cv=2, char_ngram_range=None).fit_cross_val_proba(X, y, groups=groups)
    for head in ("stance", "side"):
        assert np.isnan(proba[head][:6]).all()  # held out by the fold trained on the lone words
        assert np.allclose(proba[head][6:].sum(axis=1), 1)  # held out by the fold trained on the shared ones
    with pytest.raises(ValueError, match="feature block has no feature"):  # the final fit's blocks are not forgiven
        ReadoutClassifier(cv=2, char_ngram_range=None).fit(lone, {"stance": y["stance"][6:]}, groups=[0, 1] * 3)


def test_the_calibration_folds_heads_are_solved_looser_than_the_model(monkeypatch):
    """The folds' regressions only choose the decision rules, so they stop at CALIBRATION_TOL; the model's own
    stop at LIBLINEAR_TOL. Recorded from the calls themselves: one tolerance per part, the looser one for
    every fold and only for folds."""
    import stancelib.model as model

    assert model.CALIBRATION_TOL > model.LIBLINEAR_TOL
    seen = []
    fit_head = model._fit_head

    def spy(*args, **kwargs):
        seen.append((kwargs["tolerate"], kwargs["tol"]))
        return fit_head(*args, **kwargs)

    monkeypatch.setattr(model, "_fit_head", spy)
    clf = _fit()  # cv=3, in this process
    n_heads = len(clf.classes_)
    assert sorted(seen) == sorted([(False, model.LIBLINEAR_TOL)] * n_heads + [(True, model.CALIBRATION_TOL)] * 3 * n_heads)
