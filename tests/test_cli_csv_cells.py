"""What ``classify --format csv`` writes in its cells (review r32, outputs, findings 9 and 12).

- ``confidence`` is the label's own value, as JSONL and Python give it (it was rounded to 3 decimals).
- A cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is written as it is by default,
  since pandas and csv readers expect the text unchanged; ``--escape-formulas`` puts ``'`` before it.

The readouts are short texts written for these tests.
"""

import csv
import io
import json

import pytest

from stancelib import classify_sentences
from stancelib.cli import main

from .conftest import cli_output

READOUT = ("The two sides discussed export controls and trade. Beijing cautioned Washington against selling "
           "arms to Taipei. Officials voiced unease about opioid shipments.")
FORMULAS = ["=HYPERLINK(\"http://example.invalid\") is not a sentence anyone wrote.",
            "+1 more item was on the agenda.",
            "-The delegations agreed to reopen consulates.",
            "@envoy said the meeting went well."]


run = cli_output  # the shared helper, under the name these tests call


def test_csv_confidence_is_the_labels_own(capsys, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(READOUT, encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run(capsys, "classify", str(path), "--format", "csv"))))
    jsonl = [json.loads(line) for line in run(capsys, "classify", str(path), "--format", "jsonl").splitlines()]
    assert [float(r["confidence"]) for r in rows] == [r["confidence"] for r in jsonl]
    assert any(len(r["confidence"].split(".")[1]) == 4 for r in rows)  # 4 decimals, as the label holds them
    sentences = tmp_path / "s.csv"
    sentences.write_text("id,text\n1,Officials voiced unease about opioid shipments.\n", encoding="utf-8")
    [row] = csv.DictReader(io.StringIO(run(capsys, "classify", "--sentences", str(sentences), "--format", "csv",
                                           "--quiet")))
    assert float(row["confidence"]) == classify_sentences(["Officials voiced unease about opioid shipments."])[0].confidence


@pytest.fixture
def formulas(tmp_path):
    path = tmp_path / "f.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "note", "text"])
        for i, t in enumerate(FORMULAS):
            w.writerow([i, "=1+1" if i == 0 else "-0.5", t])
    return path


def test_formula_cells_are_written_as_they_are_by_default(capsys, formulas):
    rows = list(csv.DictReader(io.StringIO(run(capsys, "classify", "--sentences", str(formulas), "--format", "csv",
                                               "--quiet"))))
    assert [r["text"] for r in rows] == FORMULAS
    assert rows[0]["note"] == "=1+1"


def test_escape_formulas_makes_them_text_for_a_spreadsheet(capsys, formulas, tmp_path):
    rows = list(csv.DictReader(io.StringIO(run(capsys, "classify", "--sentences", str(formulas), "--format", "csv",
                                               "--quiet", "--escape-formulas"))))
    assert [r["text"] for r in rows] == ["'" + t for t in FORMULAS]
    assert [r["note"] for r in rows] == ["'=1+1", "-0.5", "-0.5", "-0.5"]  # a number runs nothing: left as it is
    assert all(not r["confidence"].startswith("'") for r in rows)
    readout = tmp_path / "r.txt"
    readout.write_text("@envoy said the meeting went well. The delegations agreed to reopen consulates.",
                       encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run(capsys, "classify", str(readout), "--format", "csv",
                                               "--escape-formulas"))))
    assert [r["text"] for r in rows] == ["'@envoy said the meeting went well.",
                                         "The delegations agreed to reopen consulates."]


def test_escape_formulas_is_for_csv_only(capsys, formulas):
    with pytest.raises(SystemExit, match="--escape-formulas is for --format csv"):
        main(["classify", "--sentences", str(formulas), "--format", "jsonl", "--escape-formulas"])


def test_escape_formula_cells():
    from stancelib.cli import escape_formula

    assert escape_formula("@envoy") == "'@envoy"
    assert escape_formula("\t=1") == "'\t=1"
    assert escape_formula("+3") == "+3" and escape_formula("-1e5") == "-1e5"
    assert escape_formula("- 5") == "'- 5"  # not a number as written
    assert escape_formula(7) == 7 and escape_formula("Xi met Biden.") == "Xi met Biden."
