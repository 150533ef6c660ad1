"""``stancelib classify --sentences`` on text files: rows carry their file beside their line, so that the rows of
several files join back; text and record files that one CSV cannot hold are refused before any row is written.

Review r33 (new), finding 2 and the third of the small findings: with two text files no column said which file a
row came from, and a text file with a CSV wrote the text file's rows before failing. The sentences are written for
these tests.
"""

import csv
import io
import json

import pytest

from stancelib.batch import iter_labelled_rows, iter_rows
from stancelib.cli import main

from .conftest import cli_help, cli_output

LINES = "Beijing protested the arms sale.\r\n\r\nThe envoys agreed to meet. Talks resume soon.\r\nNo final newline"


run = cli_output  # the shared helper, under the name these tests call


@pytest.fixture()
def two(tmp_path):
    (tmp_path / "a.txt").write_text(LINES, encoding="utf-8", newline="")
    (tmp_path / "b.txt").write_text("\nXi spoke.\n", encoding="utf-8")
    return tmp_path


def test_each_row_names_its_file_and_line(capsys, two):
    a, b = str(two / "a.txt"), str(two / "b.txt")
    out = run(capsys, "classify", "--sentences", a, b, "--format", "csv")
    assert out.splitlines()[0].startswith("file,line,start,end,text,")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["file"], r["line"]) for r in rows] == [(a, "1"), (a, "3"), (a, "4"), (b, "2")]
    jsonl = [json.loads(line) for line in run(capsys, "classify", "--sentences", a, b, "--format", "jsonl").splitlines()]
    assert [(r["file"], r["line"]) for r in jsonl] == [(a, 1), (a, 3), (a, 4), (b, 2)]


def test_standard_input_is_named_dash(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\nXi spoke.\n"), encoding="utf-8"))
    row = json.loads(run(capsys, "classify", "--sentences", "-", "--format", "jsonl"))
    assert (row["file"], row["line"]) == ("-", 2)


def test_a_sentence_column_called_file_keeps_its_name(capsys, two):
    row = json.loads(run(capsys, "classify", "--sentences", str(two / "b.txt"), "--format", "jsonl",
                         "--text-column", "file"))
    assert (row["file_name"], row["line"], row["file"]) == (str(two / "b.txt"), 2, "Xi spoke.")


def test_the_reader_gives_the_file_first(two):
    path = str(two / "b.txt")
    assert list(iter_rows(path, "text", line_column="line", file_column="file")) == [
        {"file": path, "line": 2, "text": "Xi spoke."}]
    assert list(iter_rows(path, "text", line_column="line")) == [{"line": 2, "text": "Xi spoke."}]
    with pytest.raises(ValueError, match="file_column and line_column are both 'n'"):
        next(iter_labelled_rows([path], line_column="n", file_column="n", progress=False))


def test_text_and_record_files_in_one_csv_are_refused_before_any_row(capsys, two):
    (two / "s.csv").write_text("id,text\n7,Xi spoke.\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"cannot write the rows of a text file \(.*a\.txt\) and of a record file "
                                         r"\(.*s\.csv\) in one table.*use --format jsonl"):
        main(["classify", "--sentences", str(two / "a.txt"), str(two / "s.csv"), "--format", "csv"])
    assert capsys.readouterr().out == ""
    rows = run(capsys, "classify", "--sentences", str(two / "a.txt"), str(two / "s.csv"), "--format", "jsonl")
    assert len(rows.splitlines()) == 4  # jsonl holds rows of different columns


def test_the_help_says_so():
    help_text = cli_help("classify")
    assert "the first columns 'file' (the INPUT as given, - for standard input) and 'line'" in help_text
