"""``stancelib classify --sentences`` on text files gives each row its input line, so rows join back to the
file though blank lines are skipped.

Review r33 (user), finding 9: three lines with a blank one gave two rows and no way to tell which line each
came from. The sentences are written for this test.
"""

import csv
import io
import json

import pytest

from .conftest import cli_help, cli_output

LINES = "The President warned China over Taiwan.\n\nBoth sides agreed to cooperate on climate.\r\n   \nXi spoke.\n"


run = cli_output  # the shared helper, under the name these tests call


@pytest.fixture()
def lines(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_bytes(b"\xef\xbb\xbf" + LINES.encode("utf-8"))
    return path


def test_csv_and_jsonl_rows_carry_their_line(capsys, lines):
    rows = list(csv.DictReader(io.StringIO(run(capsys, "classify", "--sentences", str(lines), "--format", "csv"))))
    assert [(r["line"], r["text"]) for r in rows] == [
        ("1", "The President warned China over Taiwan."), ("3", "Both sides agreed to cooperate on climate."),
        ("5", "Xi spoke.")]
    out = run(capsys, "classify", "--sentences", str(lines), "--format", "jsonl")
    assert [json.loads(row)["line"] for row in out.splitlines()] == [1, 3, 5]


def test_lines_count_per_file(capsys, lines, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("\nTalks resumed.\n", encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run(capsys, "classify", "--sentences", str(lines), str(other),
                                               "--format", "csv"))))
    assert [r["line"] for r in rows] == ["1", "3", "5", "2"]


def test_a_sentence_column_called_line_keeps_its_name(capsys, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("\nXi spoke.\n", encoding="utf-8")
    row = json.loads(run(capsys, "classify", "--sentences", str(path), "--format", "jsonl", "--text-column", "line"))
    assert (row["line_number"], row["line"], row["text"]) == (2, "Xi spoke.", "Xi spoke.")


def test_record_files_keep_their_own_columns(capsys, tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": 7, "text": "Xi spoke."}) + "\n", encoding="utf-8")
    assert "line" not in json.loads(run(capsys, "classify", "--sentences", str(path), "--format", "jsonl"))


def test_the_help_says_so():
    help_text = cli_help("classify")
    assert "the first columns 'file' (the INPUT as given, - for standard input) and 'line' (the row's line in " \
           "that file, 1-based) join rows back" in help_text
