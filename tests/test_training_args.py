"""The training scripts check their arguments when they parse them, before any data is read or model trained.

Nothing here trains: every script's expensive step is replaced by a stub that fails the test if reached,
so a check that comes too late shows up as that failure instead of the usage error.
"""

import argparse
import importlib
import json
import os

import numpy as np
import pytest

import training.evaluate as evaluate_script
import training.learning_curve as learning_curve_script
import training.robustness as robustness_script
import training.train as train_script

#: Every script run as ``python -m training.NAME``.
SCRIPTS = ("agreement", "benchmark", "calibration_folds", "context_rules", "corpus_stats", "decisions", "distill",
           "evaluate", "learning_curve", "oof_scores", "robustness", "train")


def _import(name):
    """``training.NAME``, without keeping the thread and offline variables ``training.benchmark`` sets at import."""
    saved = dict(os.environ)
    try:
        return importlib.import_module(f"training.{name}")
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _never(*args, **kwargs):
    raise AssertionError("reached the expensive step: the arguments should have been refused before it")


def _usage_error(capsys, main, argv):
    """The message of the usage error ``main(argv)`` stops with (exit status 2)."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2, info.value.code
    return capsys.readouterr().err


@pytest.fixture
def tiny(tmp_path):
    """24 labelled sentences: 3 authors, 6 documents."""
    stances, sides, issues = ["warning", "concern", "cooperation", "neutral"], ["china", "us", "joint"], \
        ["taiwan", "trade", "relations"]
    path = tmp_path / "tiny.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for a in "abc":
            for d in range(2):
                for k in range(4):
                    f.write(json.dumps({"id": f"{a}{d}-{k}", "doc_id": f"{a}{d}", "text": f"Sentence {k} of {a}{d}.",
                                        "issue": [issues[k % 3]], "stance": stances[k], "side": sides[k % 3],
                                        "author": a}) + "\n")
    return path


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_script_names_its_command_and_explains_every_option(name, monkeypatch):
    module = _import(name)
    parsers = []

    def capture(self, args=None, namespace=None):
        parsers.append(self)
        raise SystemExit(0)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", capture)
    with pytest.raises(SystemExit):
        module.parse_args([]) if name == "benchmark" else module.main([])
    parser = parsers[0]
    assert parser.prog == f"python -m training.{name}"
    actions = list(parser._actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                actions += sub._actions
    assert not [a.option_strings or a.dest for a in actions
                if not a.help and not isinstance(a, argparse._SubParsersAction)]  # its commands have help


# training.evaluate: finding 2 (folds, jobs, variants) and 3 (output paths), all before the cross-validation

@pytest.mark.parametrize("argv, message", [
    (["--folds", "1"], "argument --folds: must be 2 or more, got 1"),
    (["--folds", "0"], "argument --folds: must be 2 or more, got 0"),
    (["--jobs", "0"], "argument --jobs: 0 processes would run nothing"),
    (["--variant", 'x={"Cx": 4}'], "Unknown parameter 'Cx' of ReadoutClassifier. Did you mean 'C'?"),
    (["--variant", 'x={"C": "big"}'], "C must be a positive number"),
    (["--variant", "C4"], "--variant C4: expected NAME=JSON"),
    (["--variant", '={"C": 4}'], "expected NAME=JSON"),
    (["--variant", 'C4={"C": 4'], "are not valid JSON"),
    (["--variant", "C4=[4]"], "must be a JSON object"),
    (["--variant", 'C4={"calibrate_by": 3}'], "calibrate_by must name a record field"),
    (["--variant", 'C4={"C": 4}', "--variant", 'C4={"C": 2}'], "stancelib-C4 is already scored"),
    (["--split", "documents", "--folds", "7"], "--split documents: Cannot have number of splits n_splits=7"),
])
def test_evaluate_refuses_bad_run_settings_before_cross_validation(argv, message, tiny, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(evaluate_script, "run", _never)
    err = _usage_error(capsys, evaluate_script.main,
                       ["--data", str(tiny), "--no-baselines", "--json", str(tmp_path / "out.json"), *argv])
    assert message in err
    assert not (tmp_path / "out.json").exists()


def test_evaluate_checks_its_output_paths_before_cross_validation(tiny, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(evaluate_script, "run", _never)
    base = ["--data", str(tiny), "--no-baselines", "--split", "documents"]
    assert f"--json {tmp_path} is a directory" in _usage_error(capsys, evaluate_script.main, [*base, "--json", str(tmp_path)])
    out = ["--json", str(tmp_path / "out.json")]
    assert f"--summary {tmp_path} is a directory" in _usage_error(
        capsys, evaluate_script.main, [*base, *out, "--summary", str(tmp_path)])
    assert "is a file, so no folder can be made there" in _usage_error(
        capsys, evaluate_script.main, [*base, *out, "--save-oof", str(tiny / "oof.npz")])
    (tmp_path / "summary.json").write_text("not json", encoding="utf-8")
    assert "exists but is not a JSON summary" in _usage_error(
        capsys, evaluate_script.main, [*base, *out, "--summary", str(tmp_path / "summary.json")])
    assert "--config: No such training config file" in _usage_error(
        capsys, evaluate_script.main, [*base, *out, "--config", str(tmp_path / "nope.json")])


def test_evaluate_saves_and_prints_the_npz_path_numpy_writes(tiny, tmp_path, capsys, monkeypatch):
    """--save-oof reports/oof writes reports/oof.npz: the printed path is the one written."""
    seen = {}

    def stub(records, splits, systems, jobs=1):
        seen["systems"] = sorted(systems)
        n = len(records)
        return {"out_of_fold": {"stancelib": {"stance": np.full((n, 4), 0.25)}}, "classes": {"stance": ["a", "b"]},
                "sentences": n, "documents": 6, "folds": len(splits), "systems": {}}

    monkeypatch.setattr(evaluate_script, "run", stub)
    monkeypatch.setattr(evaluate_script, "print_table", lambda *a, **k: None)
    assert evaluate_script.main(["--data", str(tiny), "--no-baselines", "--split", "documents", "--folds", "3",
                                 "--json", str(tmp_path / "out.json"), "--save-oof", str(tmp_path / "oof"),
                                 "--variant", 'C4={"C": 4, "calibrate_by": "author"}']) == 0
    assert seen["systems"] == ["stancelib", "stancelib-C4", "stancelib-no-context"]
    assert f"out-of-fold probabilities: {tmp_path / 'oof.npz'}\n" in capsys.readouterr().out
    assert (tmp_path / "oof.npz").is_file() and not (tmp_path / "oof").exists()
    assert json.loads((tmp_path / "out.json").read_text())["documents"]["folds"] == 3


# training.robustness: findings 3, 4 and 15 (--trust-model)

@pytest.mark.parametrize("argv, message", [
    (["--sentences", "0"], "argument --sentences: must be 1 or more, got 0"),
    (["--sentences", "-2950"], "argument --sentences: must be 1 or more, got -2950"),
    (["--trust-model"], "--trust-model applies to a --model directory"),
])
def test_robustness_refuses_bad_arguments_before_loading_a_model(argv, message, capsys, monkeypatch):
    monkeypatch.setattr(robustness_script, "load_model", _never)
    assert message in _usage_error(capsys, robustness_script.main, argv)


def test_robustness_checks_json_before_labelling(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(robustness_script, "surface_changes", _never)
    assert f"--json {tmp_path} is a directory" in _usage_error(
        capsys, robustness_script.main, ["--sentences", "1", "--json", str(tmp_path)])


# training.train: finding 7

@pytest.mark.parametrize("content, message", [
    (None, "--config: No such training config file"),
    ('{"seed": 1, "sede": 2}', "Unknown training setting(s) ['sede']"),
    ('{"seed": "1"}', "seed must be an int, got str"),
    ('{"seed": -1}', "seed must be in 0..4294967295"),
    ("[1, 2]", "holds a JSON array, not an object"),
    ('{"seed": 1,', "is not valid JSON"),
])
def test_train_names_a_bad_config_file_in_a_usage_error(content, message, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(train_script, "build", _never)
    monkeypatch.setattr(train_script, "build_accurate", _never)
    path = tmp_path / "config.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    err = _usage_error(capsys, train_script.main, ["--config", str(path), "--out", str(tmp_path / "m")])
    assert message in err and str(path) in err


@pytest.mark.parametrize("argv, message", [
    (["--seed", "-1"], "argument --seed: must be in 0..4294967295"),
    (["--seed", str(2**32)], "argument --seed: must be in 0..4294967295"),
    (["--jobs", "0"], "argument --jobs: 0 processes would run nothing"),
])
def test_train_refuses_a_seed_scikit_learn_would_refuse_later(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(train_script, "build", _never)
    assert message in _usage_error(capsys, train_script.main, [*argv, "--out", str(tmp_path / "m")])


# training.learning_curve: finding 12

@pytest.mark.parametrize("value", ["0", "-0.5", "2", "nan"])
def test_learning_curve_takes_shares_in_zero_to_one(value, capsys, monkeypatch):
    monkeypatch.setattr(learning_curve_script, "corpus_records", _never)
    assert "argument --shares: a share of the training documents is above 0 and at most 1" in _usage_error(
        capsys, learning_curve_script.main, ["--shares", "0.5", value])


def test_learning_curve_runs_a_repeated_share_once(tmp_path, capsys, monkeypatch):
    records = [{"doc_id": f"d{i}", "author": "ab"[i % 2], "text": "x"} for i in range(8)]
    monkeypatch.setattr(learning_curve_script, "corpus_records", lambda: records)
    calls = []

    def stub(records, splits, systems, jobs=1):
        calls.append(len(splits))
        figures = {"stance": {"macro_f1": 0.5}, "side": {"accuracy": 0.5}, "issue": {"micro_f1": 0.5}}
        return {"systems": {n: figures for n in systems}}

    monkeypatch.setattr(learning_curve_script, "run", stub)
    out = tmp_path / "curve.json"
    assert learning_curve_script.main(["--shares", "1", "0.5", "1.0", "--no-baseline", "--json", str(out)]) == 0
    assert len(calls) == 2 and list(json.loads(out.read_text())) == ["0.5", "1.0"]
    with pytest.raises(ValueError, match="share must be above 0 and at most 1"):
        learning_curve_script.subsample(records, [], 2.0)
