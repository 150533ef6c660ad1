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
