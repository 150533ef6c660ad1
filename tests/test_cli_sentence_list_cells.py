"""``classify --sentences --format csv`` writes an input column's list as the label's ``issues`` are written (joined
with ``;``, as ``stancelib.tables.write_table`` writes lists) and a dict as JSON, not Python's ``['relations']``;
``--escape-formulas`` leaves a lone ``-`` (the ``file`` of standard input) as it is.

Review r34 (cli), M5: a gold file's ``issue`` list came out as ``['relations']`` beside the model's ``relations``,
so ``issue == issues`` was false on every row and ``json.loads`` failed on the cell; L4: the ``file`` column's
``-`` became ``'-``, though the help promises ``-``. The rows are written for these tests.
"""

import csv
import io
import json
import sys

from stancelib.tables import CSV_LIST_SEPARATOR

from .conftest import cli_output, write_jsonl


def test_list_and_dict_cells_are_written_as_write_table_writes_them(capsys, tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [{"id": "b1", "issue": ["relations"], "stance": "neutral", "participants": ["Han Zheng", "Antony Blinken"],
             "meta": {"page": 2}, "note": None, "text": "The two sides held talks in New York."},
            {"id": "b2", "issue": ["taiwan", "military"], "stance": "warning", "participants": [], "meta": {},
             "note": "=check", "text": "Beijing warned against arms sales to Taipei."}]
    write_jsonl(gold, rows)
    out = cli_output(capsys, "classify", "--sentences", str(gold), "--format", "csv", "--quiet")
    got = list(csv.DictReader(io.StringIO(out)))
    assert [r["issue"] for r in got] == ["relations", f"taiwan{CSV_LIST_SEPARATOR}military"]
    assert [r["participants"] for r in got] == ["Han Zheng;Antony Blinken", ""]
    assert [json.loads(r["meta"]) for r in got] == [{"page": 2}, {}] and [r["note"] for r in got] == ["", "=check"]
    assert [r["input_stance"] for r in got] == ["neutral", "warning"]
    escaped = list(csv.DictReader(io.StringIO(cli_output(capsys, "classify", "--sentences", str(gold), "--format",
                                                         "csv", "--quiet", "--escape-formulas"))))
    assert [r["note"] for r in escaped] == ["", "'=check"]  # the joined cell is escaped as any other


def test_escape_formulas_leaves_the_file_column_of_standard_input_alone(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Xi warned Biden about Taiwan.\n-Tariffs rose.\n")))
    out = cli_output(capsys, "classify", "--sentences", "-", "--format", "csv", "--escape-formulas", "--quiet")
    got = list(csv.DictReader(io.StringIO(out)))
    assert [r["file"] for r in got] == ["-", "-"]
    assert [r["text"] for r in got] == ["Xi warned Biden about Taiwan.", "'-Tariffs rose."]  # a formula still is
