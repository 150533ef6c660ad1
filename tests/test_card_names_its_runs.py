"""The model card says which run wrote which row of its cross-validation table.

``training/evaluation.json`` merges each system's figures from the run that last scored it, and the
runs of different rounds score different corpora (in the thirty-third round stancelib's rows were the
52-author corpus's, the baselines' the 50-author corpus's of the twenty-eighth round). The card showed
them in one table with nothing to tell them apart.
"""

import copy

from stancelib.persist import bundled_dir, read_manifest
from stancelib.trainer import render_model_card


def _manifest_with(commands: dict[str, str]) -> dict:
    manifest = copy.deepcopy(dict(read_manifest(bundled_dir())))
    figures = {"issue micro_f1": 0.5, "stance macro_f1": 0.5, "side accuracy": 0.5}
    manifest["evaluation"] = {"schemes": {scheme: {"systems": {name: {**figures, "command": command}
                                                               for name, command in commands.items()}}
                                          for scheme in ("authors", "documents")}}
    return manifest


def test_rows_of_separate_runs_are_named_with_their_commands():
    card = render_model_card(_manifest_with({"stancelib": "run one", "keywords": "run two", "tfidf-lr": "run two"}))
    assert ("The rows come from separate runs, which may have scored different rounds' corpora: "
            "stancelib from `run one`; keywords, tfidf-lr from `run two`.") in card


def test_one_run_needs_no_such_line():
    card = render_model_card(_manifest_with({"stancelib": "run one", "keywords": "run one"}))
    assert "| keywords |" in card and "separate runs" not in card


def test_the_training_script_keeps_the_commands_for_the_card(tmp_path):
    import json

    from training.train import evaluation_summary

    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps({"schemes": {"authors": {"systems": {"stancelib": {
        "stance macro_f1": 0.5, "command": "run one", "config": {"seed": 1}}}}}}), encoding="utf-8")
    figures = evaluation_summary(path)["schemes"]["authors"]["systems"]["stancelib"]
    assert figures == {"stance macro_f1": 0.5, "command": "run one"}
