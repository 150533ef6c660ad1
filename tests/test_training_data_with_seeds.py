"""Data that passes ``stancelib validate`` alone but not together with the seed corpus (``base='seeds'``, train's
default): the problems say they come from the seed corpus, the error says what to do, and
``validate_training_data`` lists them without training."""

import json

import pytest

from stancelib import train
from stancelib.cli import main
from stancelib.data import SEEDS_ENV, DataValidationError, load_records, validate_records

from .conftest import write_jsonl

SEED_SENTENCES = [("Beijing warned against any official contact with Taipei.", ["taiwan"], "warning", "china"),
                  ("Washington raised the fate of detained citizens.", ["human_rights"], "concern", "us"),
                  ("The two sides will resume flights between their capitals.", ["people_to_people"], "cooperation",
                   "joint"),
                  ("The talks took place over two days.", ["relations"], "neutral", "joint")]


@pytest.fixture
def seeds(tmp_path):
    """A small seed corpus: every sentence labels issue, stance and side, as the real one does."""
    root = tmp_path / "seeds"
    (root / "corpus").mkdir(parents=True)
    rows = [{"id": f"s{d}-{k}", "doc_id": f"s{d}", "text": f"{t} (seed {d})" if d else t, "issue": i, "stance": s,
             "side": side} for d in range(3) for k, (t, i, s, side) in enumerate(SEED_SENTENCES)]
    write_jsonl(root / "corpus" / "part.jsonl", rows)
    return root


@pytest.fixture
def mine(tmp_path):
    """The user's file: no side (the README calls it optional), one sentence the seeds have with other labels."""
    rows = [{"id": f"m{d}-{k}", "doc_id": f"m{d}", "text": f"Rocket debris worried the ministry ({d}, {k}).",
             "issue": ["space"], "stance": "concern"} for d in range(2) for k in range(2)]
    rows[3]["text"] = SEED_SENTENCES[3][0]  # "The talks took place over two days." (seed: relations, neutral)
    return write_jsonl(tmp_path / "mine.jsonl", rows)


def test_the_file_alone_is_fine(mine):
    from stancelib.trainer import validate_training_data

    assert validate_records(load_records(mine)) == []
    assert validate_training_data(str(mine), base="none") == []


def test_validate_training_data_finds_what_train_refuses_and_marks_why(seeds, mine):
    from stancelib.trainer import validate_training_data

    problems = [str(p) for p in validate_training_data(str(mine), seeds_dir=seeds)]
    missing = [p for p in problems if "missing label 'side'" in p]
    assert missing == [f"{mine}:{n}: missing label 'side' (the seed corpus labels it on every sentence; "
                       "base='seeds')" for n in range(1, 5)]
    clash = [p for p in problems if "same sentence as" in p]
    assert len(clash) == 1 and clash[0].startswith(f"{mine}:4: same sentence as {seeds / 'corpus' / 'part.jsonl'}:4")
    assert clash[0].endswith("(with the seed corpus; base='seeds')")
    with pytest.raises(DataValidationError) as info:
        train(str(mine), seeds_dir=seeds, params={"cv": 0, "min_df": 1})
    assert [str(p) for p in info.value.problems] == problems
    message = str(info.value)
    assert "train on your data alone: base='none' (stancelib train --base none)" in message
    assert ("`stancelib validate PATH` checks your files alone, `stancelib validate --base seeds PATH` lists them "
            "all.") in message


def test_a_problem_of_the_file_itself_is_not_marked(seeds, mine, tmp_path):
    from stancelib.trainer import validate_training_data

    rows = [json.loads(line) for line in mine.read_text(encoding="utf-8").splitlines()]
    for r in rows:
        r["side"] = "us"
    rows[3]["text"] = "Rocket debris worried the ministry again."
    rows[0]["stance"] = "Concern"  # a typo of a default code: found alone too
    fixed = write_jsonl(tmp_path / "mine2.jsonl", rows)
    problems = validate_training_data(str(fixed), seeds_dir=seeds)
    assert len(problems) == 1 and "looks like a typo of 'concern'" in problems[0].message
    assert "base='seeds'" not in problems[0].message
    with pytest.raises(DataValidationError, match="run again; `stancelib validate PATH` lists them all"):
        train(str(fixed), seeds_dir=seeds, params={"cv": 0, "min_df": 1})


def test_train_command_says_why_validate_passed(seeds, mine, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(SEEDS_ENV, str(seeds))
    assert main(["validate", str(mine)]) == 0
    capsys.readouterr()
    assert main(["train", "--data", str(mine), "--out", str(tmp_path / "model"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "missing label 'side' (the seed corpus labels it on every sentence; base='seeds')" in err
    assert "or train on your data alone: base='none' (stancelib train --base none)" in err
    # the command the advice names finds them
    assert main(["validate", "--base", "seeds", str(mine)]) == 1
    assert "missing label 'side' (the seed corpus labels it on every sentence" in capsys.readouterr().out
