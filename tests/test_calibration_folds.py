"""training.calibration_folds: it fits the calibration folds the model fits, and the rules the model chooses."""

import numpy as np
import pytest

from stancelib.model import CALIBRATION_TOL, ReadoutClassifier
from training.calibration_folds import fold_scores, parse_design, rules_on, unseen_author_labels

PARAMS = {"min_df": 1, "char_ngram_range": None}


@pytest.fixture(scope="module")
def records(few_records):
    """few_records, not small_records: the claims are bit-for-bit agreements that hold on any data, and its
    three authors (seed, a, b) make the three folds; every fit here takes about two thirds of the time."""
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in few_records]


@pytest.fixture(scope="module")
def fitted(records):
    clf = ReadoutClassifier(**PARAMS, cv=3, random_state=7)
    oof, covered = clf._fit([r["text"] for r in records], {f: [r[f] for r in records] for f in ("issue", "stance", "side")},
                            [r["author"] for r in records], False)
    return clf, oof, covered


def test_the_folds_are_the_models_own(records, fitted):
    clf, oof, covered = fitted
    mine, mine_covered = fold_scores(records, PARAMS, 3, CALIBRATION_TOL, seed=7)
    assert covered.all() and np.array_equal(mine_covered, covered)
    assert np.array_equal(mine, oof)  # bit for bit: the same folds, blocks and solver
    looser, _ = fold_scores(records, PARAMS, 3, 0.5, seed=7)
    assert not np.array_equal(looser, oof)  # the tolerance reaches the solver


def test_the_rules_are_the_ones_fit_chooses(records, fitted):
    clf, oof, covered = fitted
    rules = rules_on(oof, np.flatnonzero(covered), records, PARAMS, 3)
    assert np.array_equal(rules.thresholds_, clf.thresholds_) and np.array_equal(rules.platt_, clf.platt_)
    assert rules.temperatures_ == clf.temperatures_ and rules.second_threshold_ == clf.second_threshold_


def test_an_author_is_labelled_by_rules_chosen_without_them(records, fitted):
    _, oof, covered = fitted
    authors = np.array([r["author"] for r in records])
    rng = np.random.default_rng(0)
    loao = {"authors/stancelib/issue": rng.random((len(records), len(fitted[0].classes_["issue"])))}
    for h in ("stance", "side"):
        p = rng.random((len(records), len(fitted[0].classes_[h])))
        p[authors == "seed"] = np.nan  # trained on, never tested (as training.evaluate saves it)
        loao[f"authors/stancelib/{h}"] = p / p.sum(axis=1, keepdims=True)
    labels = unseen_author_labels(loao, records, oof, covered, PARAMS, 3)
    assert np.array_equal(labels["tested"], authors != "seed")
    a = np.flatnonzero(authors == "a")
    alone = rules_on(oof, np.flatnonzero(covered & (authors != "a")), records, PARAMS, 3)
    raw = np.log(loao["authors/stancelib/issue"][a]) - np.log(1 - loao["authors/stancelib/issue"][a])
    assert np.array_equal(labels["issue"][a], alone.decide_issues(1 / (1 + np.exp(-(raw * alone.platt_[:, 0] + alone.platt_[:, 1])))))


def test_a_design_is_folds_and_an_optional_tolerance():
    assert parse_design("5") == (5, CALIBRATION_TOL) and parse_design("3@1e-3") == (3, 0.001)
    with pytest.raises(Exception, match="FOLDS >= 2"):
        parse_design("1")


def test_the_script_folds_with_the_configs_seed_grouping_and_params(records, tmp_path, monkeypatch, capsys):
    """--config is read as a TrainingConfig: its seed and calibrate_by reach the folds; a misspelt key is refused."""
    import json

    import training.calibration_folds as script

    config = tmp_path / "config.json"
    config.write_text(json.dumps({"seed": 11, "calibrate_by": "doc_id", "params": PARAMS}), encoding="utf-8")
    n = len(records)
    heads = ("issue", "stance", "side")
    np.savez(tmp_path / "oof.npz", doc_id=np.array([str(r["doc_id"]) for r in records]),
             author=np.array([str(r["author"]) for r in records]), **{f"classes/{h}": np.array(["a"]) for h in heads},
             **{f"authors/stancelib/{h}": np.zeros((n, 2)) for h in heads})
    monkeypatch.setattr(script, "corpus_records", lambda: records)
    seen = {}

    class Stop(Exception):
        pass

    def fold_scores(records, params, folds, tol, **kwargs):
        seen.update(params=params, folds=folds, **kwargs)
        raise Stop

    monkeypatch.setattr(script, "fold_scores", fold_scores)
    with pytest.raises(Stop):
        script.main([str(tmp_path / "oof.npz"), "3", "--config", str(config)])
    assert seen["seed"] == 11 and seen["groups"] == "doc_id" and seen["params"] == PARAMS and seen["folds"] == 3
    config.write_text(json.dumps({"seed": 11, "parms": PARAMS}), encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        script.main([str(tmp_path / "oof.npz"), "3", "--config", str(config)])
    assert info.value.code == 2 and "Unknown training setting(s) ['parms']" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        script.main([str(tmp_path / "oof.npz"), "3", "--json", str(tmp_path)])
    assert info.value.code == 2 and f"--json {tmp_path} is a directory" in capsys.readouterr().err


def test_folds_grouped_by_another_field(records):
    """groups= names the record field of the calibration folds, as the config's calibrate_by does for fit."""
    clf = ReadoutClassifier(**PARAMS, cv=3, random_state=7)
    targets = {f: [r[f] for r in records] for f in ("issue", "stance", "side")}
    oof, covered = clf._fit([r["text"] for r in records], targets, [str(r["doc_id"]) for r in records], False)
    mine, mine_covered = fold_scores(records, PARAMS, 3, CALIBRATION_TOL, seed=7, groups="doc_id")
    assert np.array_equal(mine_covered, covered) and np.array_equal(mine, oof)
