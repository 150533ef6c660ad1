"""Labels in the in-memory forms tabular tools give them: list cells of a DataFrame read from Parquet (arrays),
a Dataset encoded with ClassLabel, and a ``;``-joined issue string (which is refused with how to split it)."""

import json

import numpy as np
import pandas as pd
import pytest

from stancelib import train
from stancelib.data import DataValidationError, load_records, validate_records
from stancelib.evaluation import evaluate

PARAMS = {"cv": 0, "min_df": 1}
ROWS = [("A launch pad agreement was signed by both agencies.", ["space", "technology"], "cooperation", "joint"),
        ("Beijing objected to the new satellite export rules.", ["space"], "warning", "china"),
        ("Washington raised doubts about the test in orbit.", ["space"], "concern", "us"),
        ("The session lasted an afternoon.", ["relations"], "neutral", "joint")]


def _records():
    return [{"id": f"{d}-{k}", "doc_id": d, "text": f"{t} ({d}{k})", "issue": list(i), "stance": s, "side": side,
             "participants": ["A. Person", "B. Person"]}
            for d in ("u", "v", "w") for k, (t, i, s, side) in enumerate(ROWS)]


def _as_arrays(records):
    """What pandas gives for a Parquet file of the records: list cells as object arrays."""
    return pd.DataFrame([{**r, "issue": np.array(r["issue"], dtype=object),
                          "participants": np.array(r["participants"], dtype=object)} for r in records])


def test_array_cells_train_the_same_model_as_lists():
    frame = _as_arrays(_records())
    assert isinstance(frame["issue"][0], np.ndarray)
    assert validate_records(load_records(frame)) == []
    from_lists, from_arrays = (train(d, base="none", params=PARAMS) for d in (_records(), frame))
    assert from_arrays.manifest["data"]["sha256"] == from_lists.manifest["data"]["sha256"]
    assert from_arrays.manifest["labels"] == from_lists.manifest["labels"]


def test_array_cells_given_straight_to_validate_records():
    records = [dict(r, issue=np.array(r["issue"]), participants=np.array(r["participants"])) for r in _records()]
    assert validate_records(records, require_metadata=False) == []
    records[0]["issue"] = np.array(["space", "space"])
    assert [p.message for p in validate_records(records)] == ["'issue' repeats a code: ['space', 'space']"]


def test_evaluate_takes_a_frame_with_array_cells():
    model = train(_records(), base="none", params=PARAMS).model
    assert evaluate(model, _as_arrays(_records())).metrics == evaluate(model, _records()).metrics


def test_a_parquet_file_read_by_pandas(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "mine.parquet"
    pd.DataFrame(_records()).to_parquet(path)
    frame = pd.read_parquet(path)
    result = train(frame, base="none", params=PARAMS)
    assert result.manifest["data"]["sha256"] == train(_records(), base="none", params=PARAMS).manifest["data"]["sha256"]


def test_class_label_columns_are_read_as_their_names():
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_list(_records()).class_encode_column("stance").class_encode_column("side")
    assert isinstance(ds[0]["stance"], int)
    issue_names = sorted({c for r in _records() for c in r["issue"]})
    ds = ds.cast_column("issue", datasets.Sequence(datasets.ClassLabel(names=issue_names)))
    assert isinstance(ds[0]["issue"][0], int)
    records = load_records(ds)
    assert [(r["issue"], r["stance"], r["side"]) for r in records] == [(r["issue"], r["stance"], r["side"])
                                                                        for r in _records()]
    assert train(ds, base="none", params=PARAMS).manifest["data"]["sha256"] == \
        train(_records(), base="none", params=PARAMS).manifest["data"]["sha256"]


def test_a_class_label_without_a_label_is_missing():
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_list(_records()[:2], features=datasets.Features({
        "id": datasets.Value("string"), "doc_id": datasets.Value("string"), "text": datasets.Value("string"),
        "issue": datasets.Sequence(datasets.Value("string")),
        "stance": datasets.ClassLabel(names=["warning", "concern", "cooperation", "neutral"]),
        "side": datasets.Value("string"), "participants": datasets.Sequence(datasets.Value("string"))}))
    ds = ds.map(lambda r, i: {"stance": -1 if i == 1 else r["stance"]}, with_indices=True)
    assert [str(p) for p in validate_records(load_records(ds))] == ["<Dataset>:2: missing label 'stance'"]


def test_an_index_that_is_not_decoded_names_the_fix():
    recs = _records()
    recs[0]["stance"] = np.int64(2)
    with pytest.raises(DataValidationError, match=r"'stance' must be one code \(a string\), got int64 np.int64\(2\); "
                                                  r"if it is a class index, give the code's name instead \(e.g. "
                                                  r"ds.features\['stance'\].int2str\(2\) names it\)"):
        train(recs, base="none", params=PARAMS)


def test_a_joined_issue_string_is_refused_with_how_to_split_it(tmp_path):
    datasets = pytest.importorskip("datasets")
    frame = pd.DataFrame(_records()).assign(issue=lambda f: f["issue"].str.join(";"))
    ds = datasets.Dataset.from_pandas(frame)
    problems = [str(p) for p in validate_records(load_records(ds))]
    assert problems[0] == ("<Dataset>:1: 'issue' must be a list of codes, got str 'space;technology'; split it, "
                           "e.g. ['space', 'technology'] (a Dataset: ds = ds.map(lambda r: {'issue': "
                           "r['issue'].split(';')}); a DataFrame: df['issue'] = df['issue'].str.split(';'))")
    fixed = ds.map(lambda r: {"issue": r["issue"].split(";")})
    assert validate_records(load_records(fixed)) == []
    path = tmp_path / "str.jsonl"  # in a file, the fix is a JSON list
    path.write_text(json.dumps(dict(_records()[0], issue="space")) + "\n", encoding="utf-8")
    assert [p.message for p in validate_records(load_records(path))] == [
        "'issue' must be a list of codes, got str 'space'; write it as a JSON list, e.g. [\"space\"]"]
