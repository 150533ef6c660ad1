"""Labels whose text holds a lone surrogate are saved in every format.

Review r32 (outputs, finding 4): ``classify_documents`` reads a JSONL readout with a broken
``\\ud83d`` escape (half of an emoji cut in scraped text), and the CLI writes it escaped, but
``save_labels`` and ``write_table`` failed on it with a raw UnicodeEncodeError in every format.
"""

import csv
import json

import pytest

from stancelib import classify_documents
from stancelib.tables import save_labels, write_table

HALF_EMOJI = "\ud83d"


@pytest.fixture(scope="module")
def labels():
    # written for this test
    text = f"Beijing warned Washington about Taiwan {HALF_EMOJI}. Both sides agreed to keep talking."
    return classify_documents([{"id": "r1", "date": "2024-03-04", "text": text}])


def test_jsonl_keeps_the_text_exactly(labels, tmp_path):
    path = save_labels(labels, tmp_path / "labels.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in rows] == [lab.text for lab in labels]
    assert HALF_EMOJI in rows[0]["text"]
    assert "\\ud83d" in path.read_text(encoding="utf-8")  # JSON's own escape


def test_csv_and_parquet_write_the_escape(labels, tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    save_labels(labels, tmp_path / "labels.csv")
    with open(tmp_path / "labels.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["text"] == labels[0].text.replace(HALF_EMOJI, "\\ud83d")
    assert rows[1]["text"] == labels[1].text
    save_labels(labels, tmp_path / "labels.parquet")
    assert pd.read_parquet(tmp_path / "labels.parquet")["text"].tolist() == [r["text"] for r in rows]


def test_write_table_escapes_keys_and_list_items_too(tmp_path):
    rows = [{"name": f"a{HALF_EMOJI}", "tags": ["x", f"y{HALF_EMOJI}"]}]
    path = write_table(rows, tmp_path / "t.jsonl", columns=["name", "tags"])
    assert json.loads(path.read_text(encoding="utf-8")) == rows[0]
    path = write_table(rows, tmp_path / "t.csv", columns=["name", "tags"])
    assert path.read_text(encoding="utf-8").splitlines()[1] == "a\\ud83d,x;y\\ud83d"
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = write_table(rows, tmp_path / "t.parquet", columns=["name", "tags"])
    assert pq.read_table(path).to_pylist() == [{"name": "a\\ud83d", "tags": ["x", "y\\ud83d"]}]
