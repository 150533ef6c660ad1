"""The kinds of labelled-data file are listed once (``stancelib.data.RECORD_SUFFIXES``), and the reader's own
error names every one of them.

Review r32 (diff), finding 5: ``read_records`` said "use .jsonl or .csv", so the command line patched the
message in ``cli._unreadable_data`` with a third copy of the suffix list; Python callers of ``train()``,
``load_records()`` and ``read_records()`` still got the short message. The command line's output is tested
in ``tests/test_cli_train_options.py`` (``test_data_of_another_kind_names_every_kind_read``).
"""

import json

import pytest

from stancelib import train
from stancelib.data import RECORD_SUFFIXES, check_record_suffix, load_records, read_records
from stancelib.documents import DOCUMENT_SUFFIXES

EVERY_KIND = (r"is not labelled data; use \.jsonl or \.csv \(\.ndjson, and \.json with JSON Lines or one array of "
              r"objects, are read too\)$")


@pytest.fixture
def notes(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text('{"id": "1", "doc_id": "d", "text": "Xi met Biden.", "stance": "neutral"}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("read", [read_records, load_records, lambda p: train(p, base="none")],
                         ids=["read_records", "load_records", "train"])
def test_python_callers_get_every_kind(notes, read):
    with pytest.raises(ValueError, match=rf"^{notes}: \.txt {EVERY_KIND}"):
        read(notes)


def test_a_file_without_a_suffix(tmp_path):
    path = tmp_path / "labels"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"labels: a file without a suffix {EVERY_KIND}"):
        read_records(path)


@pytest.mark.parametrize("suffix", RECORD_SUFFIXES + (".JSONL", ".Csv"))
def test_every_listed_kind_is_read(tmp_path, suffix):
    record = {"id": "1", "doc_id": "d", "text": "Xi met Biden.", "stance": "neutral"}
    path = tmp_path / f"labels{suffix}"
    if suffix.lower() == ".csv":
        path.write_text("id,doc_id,text,stance\n1,d,Xi met Biden.,neutral\n", encoding="utf-8")
    else:
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    check_record_suffix(path)
    [read] = read_records(path)
    assert {k: read[k] for k in record} == record


def test_one_list_of_kinds():
    assert RECORD_SUFFIXES == (".jsonl", ".ndjson", ".json", ".csv")
    assert DOCUMENT_SUFFIXES is RECORD_SUFFIXES  # readouts in records are read from the same kinds of file
