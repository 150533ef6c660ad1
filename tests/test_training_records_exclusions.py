"""``trainer._training_records`` takes the caller's held-out documents and the recipe's as two sets, each
checked against what it names, and leaves both out; ``train`` no longer folds one into the other first.

Review r33 (diff), finding 9: ``_training_records`` took ``excluded`` and ``recipe_excluded`` although the
first already held the second, so a caller had to know to merge them (or the recipe's documents were trained
on). The sentences are written for these tests; nothing is trained.
"""

import pytest

from stancelib.trainer import _training_records

from .conftest import seed_corpus

ROWS = [("Beijing warned Washington against arms sales to Taipei.", ["taiwan"], "warning", "china"),
        ("The two sides agreed to resume climate talks next month.", ["climate"], "cooperation", "joint")]


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    """A seed corpus of documents s0, s1, s2."""
    return seed_corpus(tmp_path, monkeypatch, [
        {"id": f"{d}-{k}", "doc_id": str(d), "text": f"{t[:-1]} (s{d}).", "issue": i, "stance": s, "side": side}
        for d in range(3) for k, (t, i, s, side) in enumerate(ROWS)])


def _documents(records):
    return sorted({r["doc_id"] for r in records})


def test_the_recipes_documents_are_left_out_without_the_callers(seeds):
    records, _, _, read = _training_records(None, "seeds", None, None, ["s2"])
    assert _documents(records) == ["s0", "s1"] and read == 6


def test_both_sets_are_left_out(seeds):
    records, _, _, _ = _training_records(None, "seeds", None, {"s0"}, ["s2"])
    assert _documents(records) == ["s1"]


def test_each_set_is_checked_against_what_it_names(seeds):
    with pytest.raises(ValueError, match=r"exclude_docs names 1 document\(s\) that no record has as its doc_id: "
                                         r"'s9'"):
        _training_records(None, "seeds", None, {"s9"}, ["s2"])
    with pytest.raises(ValueError, match=r"recipe='bundled' leaves out the 1 documents .* 's9'"):
        _training_records(None, "seeds", None, {"s0"}, ["s9"])
