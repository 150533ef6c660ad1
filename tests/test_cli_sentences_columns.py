"""``classify --sentences`` never overwrites an input column (review r32, outputs, finding 2).

An input column with a label column's name is renamed ``input_<name>``; when the input already has that name
(a file labelled once and labelled again), ``input_`` is added again. The sentences are written for these tests.
"""

import csv
import io
import json

import pytest

from .conftest import cli_output

SENTENCE = "Beijing cautioned Washington against selling arms to Taipei."


run = cli_output  # the shared helper, under the name these tests call


@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": 1, "text": SENTENCE, "stance": "neutral"}) + "\n", encoding="utf-8")
    return path


def test_labelling_a_labelled_csv_again_keeps_the_gold_column(capsys, gold, tmp_path):
    once = tmp_path / "once.csv"
    once.write_text(run(capsys, "classify", "--sentences", str(gold), "--format", "csv", "--quiet"), encoding="utf-8")
    [first] = list(csv.DictReader(io.StringIO(once.read_text(encoding="utf-8"))))
    assert first["input_stance"] == "neutral"
    [again] = list(csv.DictReader(io.StringIO(run(capsys, "classify", "--sentences", str(once), "--format", "csv",
                                                  "--quiet"))))
    assert again["input_stance"] == "neutral"  # the gold label, still
    assert again["input_input_stance"] == first["stance"]  # the first run's label, renamed once more
    assert again["input_confidence"] == first["confidence"] and again["input_start"] == first["start"]
    assert again["stance"] == first["stance"]


def test_jsonl_keeps_a_user_column_named_like_a_renamed_one(capsys, tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": 1, "text": SENTENCE, "confidence": "high", "input_confidence": "checked",
                                "span": "p. 3"}) + "\n", encoding="utf-8")
    [row] = [json.loads(line) for line in run(capsys, "classify", "--sentences", str(path), "--format", "jsonl",
                                              "--quiet").splitlines()]
    assert row["input_confidence"] == "checked"
    assert row["input_input_confidence"] == "high"
    assert row["input_span"] == "p. 3" and isinstance(row["confidence"], float)


def test_a_column_keeps_one_name_in_rows_with_other_columns(capsys, tmp_path):
    """JSONL rows may differ: the second row lacks ``input_stance``, yet its ``stance`` may not take that name,
    which holds the first row's other column."""
    path = tmp_path / "ragged.jsonl"
    path.write_text(json.dumps({"id": 1, "text": SENTENCE, "input_stance": "gold-1", "stance": "model-1"}) + "\n"
                    + json.dumps({"id": 2, "text": SENTENCE, "stance": "model-2"}) + "\n", encoding="utf-8")
    rows = [json.loads(line) for line in run(capsys, "classify", "--sentences", str(path), "--format", "jsonl",
                                             "--quiet").splitlines()]
    assert [(r.get("input_stance"), r["input_input_stance"]) for r in rows] == [("gold-1", "model-1"),
                                                                                (None, "model-2")]
    out = run(capsys, "classify", "--sentences", str(path), "--format", "csv", "--quiet")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["input_stance"], r["input_input_stance"]) for r in rows] == [("gold-1", "model-1"), ("", "model-2")]
