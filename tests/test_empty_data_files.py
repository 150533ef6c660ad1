"""A data file without a record (empty, blank lines, a CSV header alone) is refused by ``train``, by name, as
``stancelib validate`` refuses it.

Review r34 (repro), H2: ``train`` read such a file as no records and trained on the rest: on the seed corpus
alone, or without one of the user's files, with exit status 0 and no warning. The sentences are written for
these tests; nothing is trained (``fit`` fails the test if it is reached).
"""

import pytest

from stancelib import ReadoutClassifier, train
from stancelib.cli import main
from stancelib.data import DataValidationError
from stancelib.trainer import validate_training_data

from .conftest import seed_corpus, write_jsonl

ROWS = [("Beijing warned Washington against arms sales to Taipei.", ["taiwan"], "warning", "china"),
        ("The two sides agreed to resume climate talks next month.", ["climate"], "cooperation", "joint")]
MESSAGE = "holds no records (the file is empty, or has only blank lines or a CSV header)"


@pytest.fixture
def files(tmp_path, monkeypatch):
    """A labelled file, an empty one, one of blank lines and a CSV header alone; a seed corpus of one file."""
    rows = [{"id": f"m{d}-{k}", "doc_id": f"m{d}", "text": f"{t} (m{d})", "issue": i, "stance": s, "side": side}
            for d in range(3) for k, (t, i, s, side) in enumerate(ROWS)]
    write_jsonl(tmp_path / "mine.jsonl", rows)
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "blank.jsonl").write_text("\n  \n", encoding="utf-8")
    (tmp_path / "header.csv").write_text("id,doc_id,text,issue,stance,side\n", encoding="utf-8")
    seed_corpus(tmp_path, monkeypatch, rows)
    monkeypatch.setattr(ReadoutClassifier, "fit", lambda *a, **k: pytest.fail("trained"))
    return tmp_path


@pytest.mark.parametrize("name", ["empty.jsonl", "blank.jsonl", "header.csv"])
@pytest.mark.parametrize("base", ["none", "seeds"])
def test_train_refuses_a_file_without_records_by_name(files, name, base):
    empty = str(files / name)
    for data in ([str(files / "mine.jsonl"), empty], empty):
        with pytest.raises(DataValidationError) as exc:
            train(data, base=base, out=files / "out")
        assert f"{empty}: {MESSAGE}" in str(exc.value)
        assert [str(p) for p in exc.value.problems][0] == f"{empty}: {MESSAGE}; add labelled sentences or leave the " \
                                                          "file out"
        assert [f"{p}" for p in validate_training_data(data, base=base)][0].startswith(f"{empty}: {MESSAGE}")
    assert not (files / "out").exists()


def test_empty_records_in_memory_are_refused_too(files):
    """An empty list (or DataFrame) with base='seeds' trained on the seed corpus alone."""
    with pytest.raises(DataValidationError, match=r"data: holds no records \(an empty list, DataFrame or Dataset\)"):
        train([], base="seeds")
    assert [str(p) for p in validate_training_data([], base="none")] == [
        "data: holds no records (an empty list, DataFrame or Dataset); pass labelled sentences, or leave data out"]


def test_the_train_command_refuses_it_as_validate_does(files, capsys):
    empty = str(files / "header.csv")
    assert main(["validate", empty]) == 1
    validated = capsys.readouterr().out
    assert main(["train", "--data", str(files / "mine.jsonl"), empty, "--out", str(files / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{empty}: {MESSAGE}" in validated and f"{empty}: {MESSAGE}" in err
    # and with --base none and nothing else: the file is named, not "pass data=..."
    assert main(["train", "--data", empty, "--base", "none", "--out", str(files / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{empty}: {MESSAGE}" in err and "pass data=" not in err
