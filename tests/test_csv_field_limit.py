"""CSV fields longer than the csv module's default limit (131,072 characters): stancelib's readers take them,
and the process-wide ``csv.field_size_limit`` is left as the user set it."""

import csv
import io

import pytest

from stancelib.batch import iter_rows
from stancelib.data import csv_rows, read_records
from stancelib.documents import read_documents

LONG = "The delegations went through the export control list item by item and agreed on nothing. " * 1800


@pytest.fixture
def user_limit():
    """The user's own limit, set before stancelib reads and put back after the test."""
    before = csv.field_size_limit(50_000)
    yield 50_000
    csv.field_size_limit(before)


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_csv_rows_reads_a_field_past_the_default_limit():
    assert len(LONG) > 131_072
    text = io.StringIO()
    csv.writer(text).writerows([["id", "text"], ["1", LONG], ["2", "Short."]])
    header, rows = csv_rows(io.StringIO(text.getvalue(), newline=""))
    got = [(row["id"], row["text"], line) for row, line in rows]
    assert header == ["id", "text"]
    assert got == [("1", LONG, 2), ("2", "Short.", 3)]


def test_the_users_limit_is_kept_between_rows_and_after(user_limit):
    text = io.StringIO()
    csv.writer(text).writerows([["id", "text"], ["1", LONG], ["2", "Short."]])
    _, rows = csv_rows(io.StringIO(text.getvalue(), newline=""))
    assert len(next(rows)[0]["text"]) == len(LONG)
    assert csv.field_size_limit() == user_limit  # half-way through the file: the user's code sees its own limit
    list(rows)
    assert csv.field_size_limit() == user_limit
    with pytest.raises(csv.Error, match="field larger than field limit"):  # their reader is still bound by it
        list(csv.reader(io.StringIO(text.getvalue(), newline="")))


def test_labelled_csv_with_a_long_sentence(tmp_path, user_limit):
    path = _write(tmp_path / "long.csv", ["id", "doc_id", "text", "issue", "stance"],
                  [["1", "a", LONG, "technology", "neutral"], ["2", "a", "Talks ended.", "relations", "neutral"]])
    records = read_records(path)
    assert [len(r["text"]) for r in records] == [len(LONG), len("Talks ended.")]
    assert csv.field_size_limit() == user_limit


def test_sentence_rows_and_documents_from_a_csv_with_a_long_field(tmp_path, user_limit):
    path = _write(tmp_path / "readouts.csv", ["id", "date", "text"],
                  [["t1", "2024-05-01", LONG], ["t2", "2024-05-02", "Xi warned Biden on Taiwan."]])
    assert [len(r["text"]) for r in iter_rows(str(path), "text")] == [len(LONG), 26]  # classify --sentences
    docs = read_documents(path)  # classify_documents, classify FILE.csv and trends read it this way
    assert [len(d.text) for d in docs] == [len(LONG), 26]
    assert csv.field_size_limit() == user_limit
