"""The training scripts' --json reports (and training.evaluate's --summary) go through ``training.write_json``.

Review r32 (diff), finding 8, follow-up: calibration_folds, decisions, evaluate and learning_curve wrote their
reports by hand (``atomic_write_text(path, json.dumps(report, indent=1))``), so the file had no final newline.
Each report is now ``json.dumps(report, indent=1)`` and a newline, in a folder made for it. Nothing here trains
or reads the corpus: each script's expensive steps are stubs.
"""

import json

import numpy as np
import pytest


def _written(path, data):
    """The report at ``path`` is ``data`` as write_json writes it with ``indent=1``."""
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(data, indent=1) + "\n"
    return json.loads(text)


class _Oof(dict):
    """What ``load_oof`` gives: arrays by name, and their names as ``files`` (as an ``NpzFile`` has)."""

    @property
    def files(self):
        return list(self)


def test_calibration_folds_report(tmp_path, monkeypatch, capsys):
    import training.calibration_folds as script

    records = [{"id": "s1", "doc_id": "d1"}, {"id": "s2", "doc_id": "d2"}]
    heads = ("issue", "stance", "side")
    oof = _Oof({"doc_id": np.array(["d1", "d2"]), **{f"classes/{h}": np.array(["a"]) for h in heads},
                **{f"authors/stancelib/{h}": np.zeros((2, 1)) for h in heads}})
    monkeypatch.setattr(script, "load_oof", lambda path: oof)
    monkeypatch.setattr(script, "corpus_records", lambda: records)
    monkeypatch.setattr(script, "fold_scores", lambda *a, **k: (np.zeros((2, 1)), np.ones(2, dtype=bool)))
    monkeypatch.setattr(script, "unseen_author_labels", lambda *a: {"tested": np.ones(2, dtype=bool)})
    monkeypatch.setattr(script, "scores", lambda labels, records, classes, rows: {"rows": len(rows)})
    answers = iter([{"stance": np.array([True, False])}, {"stance": np.array([True, True])}])
    monkeypatch.setattr(script, "right", lambda *a: next(answers))
    out = tmp_path / "made" / "folds.json"
    assert script.main(["oof.npz", "3", "5", "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    _written(out, report)
    first, second = report.values()
    assert first == {"all": {"rows": 2}, "agreement sample": {"rows": 0}}
    assert second["against the first"] == {"stance": {"newly right": 1, "newly wrong": 0, "p": 1.0}}


def test_decisions_report(tmp_path, monkeypatch, capsys):
    import training.decisions as script

    monkeypatch.setattr(script, "load_oof", lambda path: {"doc_id": np.array(["d1", "d2"])})
    monkeypatch.setattr(script, "system_of", lambda oof, name: name)
    monkeypatch.setattr(script, "corpus_records", lambda: [{"doc_id": "d1"}, {"doc_id": "d2"}])
    decisions = {"the model's rules": {"issue micro_f1": 0.61, "side accuracy": 0.7}}
    calibration = {"temperature chosen on nothing (T = 1)": {"stance ECE": 0.05}}
    monkeypatch.setattr(script, "simulate", lambda *a: decisions)
    monkeypatch.setattr(script, "calibration", lambda *a: calibration)
    out = tmp_path / "made" / "decisions.json"
    assert script.main(["oof.npz", "--json", str(out)]) == 0
    _written(out, {"decisions": decisions, "calibration": calibration})
    assert f"report: {out}" in capsys.readouterr().out


@pytest.fixture
def tiny(tmp_path):
    """12 labelled sentences: 3 authors, 6 documents."""
    path = tmp_path / "tiny.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for a in "abc":
            for d in range(2):
                for k, stance in enumerate(("warning", "cooperation")):
                    f.write(json.dumps({"id": f"{a}{d}-{k}", "doc_id": f"{a}{d}", "text": f"Sentence {k} of {a}{d}.",
                                        "issue": ["taiwan"], "stance": stance, "side": "china", "author": a}) + "\n")
    return path


def test_evaluate_report_and_summary(tiny, tmp_path, monkeypatch):
    import training.evaluate as script

    figures = {"stance": {"macro_f1": 0.5, "accuracy": 0.5}}

    def run(records, splits, systems, jobs=1):
        return {"out_of_fold": {}, "sentences": len(records), "documents": 6, "folds": len(splits),
                "systems": {"keywords": figures}}

    monkeypatch.setattr(script, "run", run)
    monkeypatch.setattr(script, "print_table", lambda *a, **k: None)
    out, summary = tmp_path / "made" / "evaluation.json", tmp_path / "also" / "summary.json"
    argv = ["--data", str(tiny), "--systems", "keywords", "--split", "documents", "--folds", "3",
            "--json", str(out), "--summary", str(summary)]
    assert script.main(argv) == 0
    _written(out, {"documents": {"sentences": 12, "documents": 6, "folds": 3, "systems": {"keywords": figures}}})
    first = json.loads(summary.read_text(encoding="utf-8"))
    _written(summary, first)  # as before: indent=1 and a newline
    assert first["schemes"]["documents"]["systems"]["keywords"]["stance macro_f1"] == 0.5


def test_learning_curve_report(tmp_path, monkeypatch):
    import training.learning_curve as script

    records = [{"doc_id": f"d{i}", "author": "ab"[i % 2], "text": "x"} for i in range(8)]
    monkeypatch.setattr(script, "corpus_records", lambda: records)
    figures = {"stance": {"macro_f1": 0.5}, "side": {"accuracy": 0.25}, "issue": {"micro_f1": 0.75}}
    monkeypatch.setattr(script, "run", lambda records, splits, systems, jobs=1: {
        "systems": dict.fromkeys(systems, figures)})
    out = tmp_path / "made" / "curve.json"
    assert script.main(["--shares", "1", "--no-baseline", "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    _written(out, report)
    assert report["1.0"]["systems"]["stancelib"] == {"stance_macro_f1": 0.5, "side_accuracy": 0.25,
                                                      "issue_micro_f1": 0.75}
