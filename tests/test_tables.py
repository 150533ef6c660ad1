"""stancelib.tables: labels as a DataFrame or a Dataset, and as CSV / JSONL / Parquet files."""

import csv
import json
import sys

import pytest

from stancelib import classify_documents
from stancelib.tables import (LABEL_TABLE_COLUMNS, label_records, labels_to_frame, records_to_frame, save_labels,
                              write_table)

DOCS = [{"id": "a", "date": "2024-02-01", "source": "MFA",
         "text": "Xi warned Biden on Taiwan. The two sides agreed to keep talking."},
        {"id": "b", "text": "The President raised concerns about fentanyl."}]


@pytest.fixture(scope="module")
def labels(model):
    return classify_documents(DOCS, model=model)


def test_labels_to_frame_with_pandas(labels):
    pd = pytest.importorskip("pandas")
    frame = labels_to_frame(labels)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(LABEL_TABLE_COLUMNS)
    assert len(frame) == len(labels)
    assert frame["doc_id"].tolist() == [lab.doc_id for lab in labels]
    assert pd.isna(frame["date"].tolist()[-1]) and frame["issues"].tolist() == [list(lab.issues) for lab in labels]
    assert list(labels_to_frame([]).columns) == list(LABEL_TABLE_COLUMNS)


def test_labels_to_frame_without_pandas_is_a_dataset(labels, monkeypatch):
    import datasets

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    frame = labels_to_frame(labels)
    assert isinstance(frame, datasets.Dataset)
    assert frame.column_names == list(LABEL_TABLE_COLUMNS) and frame["stance"] == [lab.stance for lab in labels]
    assert records_to_frame([], ["x"]).column_names == ["x"]


def test_labels_to_frame_refuses_a_single_item():
    with pytest.raises(TypeError, match="list of SentenceLabel"):
        labels_to_frame("Xi warned Biden.")


def test_csv_jsonl_and_parquet_round_trip(labels, tmp_path):
    rows = label_records(labels)
    path = save_labels(labels, tmp_path / "labels.csv")
    with path.open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert list(table[0]) == list(LABEL_TABLE_COLUMNS)
    assert [r["issues"] for r in table] == [";".join(r["issues"]) for r in rows]
    assert table[-1]["date"] == "" and table[0]["date"] == "2024-02-01"

    path = save_labels(labels, tmp_path / "labels.jsonl")
    assert [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] == rows

    import pyarrow.parquet as pq

    path = save_labels(labels, tmp_path / "labels.parquet")
    assert pq.read_table(path).to_pylist() == rows
    empty = write_table([], tmp_path / "empty.parquet", columns=["a", "b"])
    assert pq.read_table(empty).column_names == ["a", "b"]


def test_write_is_atomic(tmp_path):
    path = tmp_path / "out.csv"
    write_table([{"a": 1}], path, columns=["a"])
    before = path.read_text(encoding="utf-8")

    def rows():
        yield {"a": 2}
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        write_table(rows(), path, columns=["a"])
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left behind


def test_write_table_errors(tmp_path):
    with pytest.raises(ValueError, match="suffix.*\\.csv"):
        write_table([], tmp_path / "out.xlsx", columns=["a"])
    with pytest.raises(FileNotFoundError, match="no such folder"):
        write_table([], tmp_path / "missing" / "out.csv", columns=["a"])
