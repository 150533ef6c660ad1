"""``classify --sentences -`` gives each row of standard input its line, as it gives a text file's: the line
number comes from the reader (``batch.iter_rows(..., line_column=)``), which reads standard input too, not from
reading each file a second time in the command line.

Review r33 follow-ups, finding 1. The sentences are written for these tests.
"""

import csv
import io
import json
import sys

import pytest

from stancelib.batch import iter_labelled_rows, iter_rows

from .conftest import cli_output

LINES = "Beijing protested the sale of fighter jets.\n\n  \nThe ministers agreed to meet again in spring.\r\nOk.\n"


def _stdin(monkeypatch, text: str):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))


run = cli_output  # the shared helper, under the name these tests call


def test_standard_input_rows_carry_their_line_in_csv_and_jsonl(monkeypatch, capsys):
    _stdin(monkeypatch, LINES)
    rows = list(csv.DictReader(io.StringIO(run(capsys, "classify", "--sentences", "-", "--format", "csv", "--quiet"))))
    assert [(r["line"], r["text"]) for r in rows] == [
        ("1", "Beijing protested the sale of fighter jets."), ("4", "The ministers agreed to meet again in spring."),
        ("5", "Ok.")]
    _stdin(monkeypatch, LINES)
    out = run(capsys, "classify", "--sentences", "-", "--format", "jsonl", "--quiet")
    assert [list(json.loads(row))[0] for row in out.splitlines()] == ["file"] * 3  # the first column, as for files
    assert [json.loads(row)["line"] for row in out.splitlines()] == [1, 4, 5]


def test_standard_input_beside_a_text_file_numbers_each_by_its_own_lines(monkeypatch, capsys, tmp_path):
    path = tmp_path / "first.txt"
    path.write_text("\nTalks resumed.\n", encoding="utf-8")
    _stdin(monkeypatch, "\n\nXi spoke.\n")
    rows = list(csv.DictReader(io.StringIO(run(capsys, "classify", "--sentences", str(path), "-",
                                               "--format", "csv", "--quiet"))))
    assert [(r["line"], r["text"]) for r in rows] == [("2", "Talks resumed."), ("3", "Xi spoke.")]


def test_standard_input_with_a_sentence_column_called_line(monkeypatch, capsys):
    _stdin(monkeypatch, "\nXi spoke.\n")
    row = json.loads(run(capsys, "classify", "--sentences", "-", "--format", "jsonl", "--text-column", "line",
                         "--quiet"))
    assert (row["line_number"], row["line"]) == (2, "Xi spoke.")


def test_the_reader_numbers_the_lines_it_reads(tmp_path, monkeypatch):
    path = tmp_path / "s.txt"
    path.write_bytes(b"\xef\xbb\xbf" + LINES.encode("utf-8"))
    assert list(iter_rows(str(path), "text", line_column="line")) == [
        {"line": 1, "text": "Beijing protested the sale of fighter jets."},
        {"line": 4, "text": "The ministers agreed to meet again in spring."}, {"line": 5, "text": "Ok."}]
    assert list(iter_rows(str(path), "text"))[0] == {"text": "Beijing protested the sale of fighter jets."}
    _stdin(monkeypatch, LINES)
    assert [r["line"] for r in iter_rows("-", "text", line_column="line")] == [1, 4, 5]
    pairs = list(iter_labelled_rows([str(path)], line_column="n", progress=False))
    assert [(row["n"], label.text) for row, label in pairs] == [
        (1, "Beijing protested the sale of fighter jets."), (4, "The ministers agreed to meet again in spring."),
        (5, "Ok.")]


def test_record_files_get_no_line_column_from_the_reader(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": 7, "text": "Xi spoke."}) + "\n", encoding="utf-8")
    assert list(iter_rows(str(path), "text", line_column="line")) == [{"id": 7, "text": "Xi spoke."}]


def test_a_line_column_named_as_the_text_column_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("Xi spoke.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line_column and text_column are both 'text'.*line_column='line_number'"):
        list(iter_rows(str(path), "text", line_column="text"))
    with pytest.raises(ValueError, match=r"both 'text'"):
        next(iter_labelled_rows([str(path)], line_column="text", progress=False))
