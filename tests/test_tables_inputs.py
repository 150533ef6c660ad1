"""stancelib.tables: what analysts pass in (DataFrames, labels, NaN, numpy, dates) and a str for columns.

Findings 9 and 10 of the r30 review (timeseries, summary, curation, tables, segment).
"""

import csv
import datetime
import json

import numpy as np
import pytest

from stancelib.api import SentenceLabel
from stancelib.tables import label_records, labels_to_frame, records_to_frame, save_labels, write_table

LABELS = [SentenceLabel("Talks.", (0, 6), ("taiwan",), "neutral", "us", 0.5, doc_id="d1")]


def _jsonl(path):
    text = path.read_text(encoding="utf-8")
    # strict JSON: the bare tokens NaN and Infinity that json.loads accepts are refused here
    return [json.loads(line, parse_constant=lambda token: pytest.fail(f"{token} is not JSON")) for line in
            text.splitlines()]


def _csv(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


# --- finding 9: a str for columns ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_write_table_refuses_a_str_for_columns(tmp_path, suffix):
    path = tmp_path / f"a{suffix}"
    with pytest.raises(TypeError, match=r"columns must be a sequence of column names, got a str; "
                                        r"did you mean \['doc_id'\]\?"):
        write_table([{"doc_id": "a", "stance": "x"}], path, columns="doc_id")
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left


def test_records_to_frame_refuses_a_str_for_columns():
    with pytest.raises(TypeError, match=r"did you mean \['x'\]\?"):
        records_to_frame([{"x": 1}], "x")


def test_columns_are_names_each_given_once(tmp_path):
    with pytest.raises(TypeError, match=r"column 1 is 2 \(int\)"):
        write_table([{"a": 1}], tmp_path / "a.csv", columns=["a", 2])
    with pytest.raises(ValueError, match="columns name 'a' more than once"):
        write_table([{"a": 1}], tmp_path / "a.csv", columns=["a", "a"])


# --- finding 10: DataFrames, labels, dicts to save_labels -------------------------------------------------------


def test_write_table_and_records_to_frame_read_a_dataframe(tmp_path):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"x": [1, 2], "y": ["a", None]})
    assert _csv(write_table(frame, tmp_path / "g.csv", columns=["x", "y"])) == [["x", "y"], ["1", "a"], ["2", ""]]
    assert _jsonl(write_table(frame, tmp_path / "g.jsonl", columns=["x"])) == [{"x": 1}, {"x": 2}]
    table = records_to_frame(frame, ["y", "x"])
    assert list(table.columns) == ["y", "x"] and table["x"].tolist() == [1, 2] and table["y"][0] == "a"


def test_write_table_points_a_list_of_labels_to_save_labels(tmp_path):
    with pytest.raises(TypeError, match=r"row 0 is a SentenceLabel; write labels with save_labels\(labels, path\)"):
        write_table(LABELS, tmp_path / "b.csv", columns=["text"])
    assert list(tmp_path.iterdir()) == []


def test_write_table_refuses_a_single_row(tmp_path):
    with pytest.raises(TypeError, match="got a single mapping; wrap it in a list"):
        write_table({"a": 1}, tmp_path / "a.csv", columns=["a"])


def test_save_labels_points_dicts_to_write_table(tmp_path):
    with pytest.raises(TypeError, match=r"item 0 is a dict; rows of dicts and DataFrames go to write_table\("):
        save_labels([{"text": "a"}], tmp_path / "p.jsonl")
    with pytest.raises(TypeError, match="got SentenceLabel; wrap one label in a list"):
        save_labels(LABELS[0], tmp_path / "p.jsonl")
    with pytest.raises(TypeError, match="item 0 is a dict"):
        labels_to_frame([{"text": "a"}])
    with pytest.raises(TypeError, match="item 0 is a dict"):
        label_records([{"text": "a"}])
    assert list(tmp_path.iterdir()) == []


def test_save_labels_still_writes_labels(tmp_path):
    assert _jsonl(save_labels(iter(LABELS), tmp_path / "l.jsonl")) == label_records(LABELS)


# --- finding 10: NaN, numpy scalars, dates ------------------------------------------------------------------------


def test_nan_is_written_as_missing_in_every_format(tmp_path):
    pd = pytest.importorskip("pandas")
    rows = [{"x": float("nan")}, {"x": np.float64("nan")}, {"x": pd.NA}, {"x": pd.NaT}, {"x": None}, {"x": 1.5}]
    assert _jsonl(write_table(rows, tmp_path / "c.jsonl", columns=["x"])) == [{"x": None}] * 5 + [{"x": 1.5}]
    assert _csv(write_table(rows, tmp_path / "c.csv", columns=["x"])) == [["x"]] + [[""]] * 5 + [["1.5"]]
    import pyarrow.parquet as pq

    assert pq.read_table(write_table(rows, tmp_path / "c.parquet", columns=["x"])).to_pylist() == \
        [{"x": None}] * 5 + [{"x": 1.5}]


def test_nan_from_a_dataframe_with_blank_cells(tmp_path):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"doc_id": ["a", "b"], "confidence": [0.5, None]})
    assert _jsonl(write_table(frame.to_dict("records"), tmp_path / "f.jsonl", columns=["doc_id", "confidence"])) == \
        [{"doc_id": "a", "confidence": 0.5}, {"doc_id": "b", "confidence": None}]


def test_numpy_values_are_written_as_python_values(tmp_path):
    row = {"i": np.int64(3), "f": np.float32(0.5), "b": np.bool_(True), "a": np.array([1, 2]), "l": [np.int32(4)]}
    assert _jsonl(write_table([row], tmp_path / "d.jsonl", columns=list(row))) == \
        [{"i": 3, "f": 0.5, "b": True, "a": [1, 2], "l": [4]}]
    assert _csv(write_table([row], tmp_path / "d.csv", columns=list(row)))[1] == ["3", "0.5", "True", "1;2", "4"]


def test_dates_are_written_as_iso_text_in_jsonl(tmp_path):
    pd = pytest.importorskip("pandas")
    row = {"t": pd.Timestamp("2024-01-01"), "d": datetime.date(2024, 1, 2),
           "n": np.datetime64("2024-01-03T00:00:00.000000000")}
    assert _jsonl(write_table([row], tmp_path / "e.jsonl", columns=["t", "d", "n"])) == \
        [{"t": "2024-01-01T00:00:00", "d": "2024-01-02", "n": "2024-01-03T00:00:00"}]


def test_a_value_json_cannot_hold_is_named_with_its_row_and_column(tmp_path):
    with pytest.raises(ValueError, match=r"row 1, column 'x' is inf, which JSON cannot hold"):
        write_table([{"x": 1.0}, {"x": float("inf")}], tmp_path / "i.jsonl", columns=["x"])
    with pytest.raises(TypeError, match=r"row 0, column 'x' holds a value of type object, which JSON cannot hold"):
        write_table([{"x": object()}], tmp_path / "o.jsonl", columns=["x"])
    assert list(tmp_path.iterdir()) == []
