"""training.evaluate: the splits it scores on and the report it writes (small data, fast)."""

import numpy as np

from training.evaluate import System, folds_for, run
from training.baselines import KeywordLabeller


def _records():
    rows = []
    texts = ["Xi warned Biden over Taiwan.", "The two sides agreed to resume talks.", "The call lasted an hour.",
             "Washington raised concerns about export curbs."]
    labels = [("warning", "china", "taiwan"), ("cooperation", "joint", "relations"), ("neutral", "joint", "relations"),
              ("concern", "us", "technology")]
    for author in ("a", "b", "c", "seed"):
        for d in range(2):
            for t, (stance, side, issue) in zip(texts, labels):
                rows.append({"id": f"{author}{d}-{len(rows)}", "doc_id": f"{author}{d}", "text": t, "issue": [issue],
                             "stance": stance, "side": side, "author": author})
    return rows


def test_leave_one_author_out_never_tests_train_only_authors_and_scores_the_rest():
    records = _records()
    folds = folds_for(records, "authors")
    assert len(folds) == 3  # a, b, c; the seed article stays in training
    seed_rows = {i for i, r in enumerate(records) if r["author"] == "seed"}
    for train, test in folds:
        assert seed_rows <= set(train.tolist()) and not seed_rows & set(test.tolist())
        assert len({records[i]["author"] for i in test}) == 1
    report = run(records, folds, {"keywords": System(KeywordLabeller)})
    assert report["sentences"] == len(records) - len(seed_rows) and report["folds"] == 3
    assert 0 <= report["systems"]["keywords"]["stance"]["macro_f1"] <= 1


def test_document_folds_cover_every_sentence_once():
    records = _records()
    tested = np.concatenate([test for _, test in folds_for(records, "documents", 4)])
    assert sorted(tested.tolist()) == list(range(len(records)))


def test_out_of_fold_probabilities_are_kept_per_system_and_the_decision_rules_score_on_them(tmp_path):
    from functools import partial

    from stancelib import ReadoutClassifier
    from training.decisions import calibration, simulate

    records = _records()
    make = partial(ReadoutClassifier, cv=0, min_df=1)
    oof: dict[str, np.ndarray] = {}
    for split in ("authors", "documents"):
        report = run(records, folds_for(records, split, 4), {"stancelib": System(make)})
        heads = report.pop("out_of_fold")["stancelib"]
        assert set(heads) == {"issue", "stance", "side"}
        seed_rows = [i for i, r in enumerate(records) if r["author"] == "seed"]
        if split == "authors":  # rows no fold tests stay NaN
            assert np.isnan(heads["stance"][seed_rows]).all()
            assert not np.isnan(np.delete(heads["stance"], seed_rows, axis=0)).any()
        oof.update({f"{split}/stancelib/{h}": p for h, p in heads.items()})
        oof.update({f"classes/{h}": np.array(c) for h, c in report["classes"].items()})
    table = simulate(oof, records)
    assert [name[0] for name in table] == list("ABCDEFG")
    for figures in table.values():
        assert all(0 <= figures[k] <= 1 for k in figures if not k.endswith("false positives"))
    ece = calibration(oof, records)
    assert len(ece) == 3 and all(0 <= v <= 1 for res in ece.values() for v in res.values())
    # a leave-one-author-out run alone: the rules chosen on document folds are left out, the others kept
    authors_only = {k: v for k, v in oof.items() if not k.startswith("documents/")}
    table = simulate(authors_only, records)
    assert [name[0] for name in table] == list("ACDEG")
    assert len(calibration(authors_only, records)) == 2


def test_summary_merges_runs_system_by_system(tmp_path):
    import json

    from stancelib.config import DEFAULTS
    from training.evaluate import write_summary

    records = _records()
    path = tmp_path / "evaluation.json"
    first = run(records, folds_for(records, "authors"), {"keywords": System(KeywordLabeller)})
    first.pop("out_of_fold")
    write_summary(path, {"authors": first}, DEFAULTS, "run 1")
    second = run(records, folds_for(records, "authors"), {"keywords-again": System(KeywordLabeller)})
    second.pop("out_of_fold")
    write_summary(path, {"authors": second}, DEFAULTS, "run 2")
    summary = json.loads(path.read_text())
    systems = summary["schemes"]["authors"]["systems"]
    assert systems["keywords"]["command"] == "run 1" and systems["keywords-again"]["command"] == "run 2"
    assert systems["keywords"]["stance macro_f1"] == first["systems"]["keywords"]["stance"]["macro_f1"]
