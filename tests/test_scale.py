"""Labelling Hugging Face datasets and partitions."""

import pytest

from stancelib import classify_dataset, classify_sentences


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    import os

    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    from datasets import Dataset

    texts = [f"Xi warned Biden over Taiwan on day {i}." if i % 2 else f"The two sides agreed to talk, round {i}." for i in range(60)]
    return Dataset.from_dict({"text": texts, "n": list(range(60))})


def test_classify_dataset_adds_columns_matching_classify_sentences(dataset):
    out = classify_dataset(dataset, batch_size=16)
    assert out.column_names == ["text", "n", "issues", "stance", "side", "confidence"]
    labels = classify_sentences(dataset["text"])
    assert out["stance"] == [lab.stance for lab in labels]
    assert out["issues"] == [list(lab.issues) for lab in labels]


def test_classify_dataset_in_two_processes(dataset):
    one = classify_dataset(dataset, batch_size=10)
    two = classify_dataset(dataset, batch_size=10, num_proc=2)
    assert two["side"] == one["side"] and two["confidence"] == one["confidence"]


def test_classify_dataset_errors(dataset):
    from datasets import DatasetDict

    with pytest.raises(ValueError, match="No column 'body'"):
        classify_dataset(dataset, text_column="body")
    with pytest.raises(TypeError, match="DatasetDict"):
        classify_dataset(DatasetDict({"train": dataset}))
    with pytest.raises(TypeError, match="Expected a datasets.Dataset"):
        classify_dataset(["a list"])


@pytest.mark.slow  # starts a two-process local cluster: ~20 s
def test_dask_partitions_on_a_local_cluster():
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    import pandas as pd

    from stancelib import load_model

    def label_partition(df):
        labels = classify_sentences(df["text"].tolist(), model=load_model())
        return df.assign(stance=[lab.stance for lab in labels])

    texts = ["Beijing warned Washington.", "The leaders agreed to meet."] * 20
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        frame = dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=4)
        result = frame.map_partitions(label_partition, meta={"text": "object", "stance": "object"}).compute()
    assert list(result["stance"]) == [lab.stance for lab in classify_sentences(texts)]


def test_train_from_a_dataset_without_sides(few_records):
    """(few_records: any data without sides will do, and the two trainings take three quarters of the time.)"""
    from datasets import Dataset, DatasetDict

    from stancelib import train

    rows = [{k: r[k] for k in ("id", "doc_id", "text", "issue", "stance")} for r in few_records]
    ds = Dataset.from_list(rows)
    result = train(ds, base="none", seed=0, params={"cv": 2, "char_ngram_range": None})
    assert set(result.manifest["labels"]) == {"issue", "stance"}
    lab = classify_sentences(["Beijing warned Washington over Taiwan."], model=result.model)[0]
    assert lab.side is None and lab.stance in result.manifest["labels"]["stance"]
    same = train(DatasetDict({"train": ds}), base="none", seed=0, params={"cv": 2, "char_ngram_range": None})
    assert same.manifest["data"]["sha256"] == result.manifest["data"]["sha256"]
    with pytest.raises(TypeError, match="Did you mean|pass one of them"):
        train(DatasetDict({"a": ds, "b": ds}), base="none")


def test_classify_dataset_none_row_raises_with_the_fix_or_is_skipped(dataset):
    """Issue 14, symptom 5: a None row raised TypeError with no way to skip."""
    from datasets import Dataset

    data = Dataset.from_dict({"text": ["Xi warned Biden over Taiwan.", None, "The two sides agreed to talk."]})
    with pytest.raises(TypeError, match="invalid='skip'"):
        classify_dataset(data)
    out = classify_dataset(data, invalid="skip")
    assert out["stance"][1] is None and out["issues"][1] == [] and out["confidence"][1] is None
    assert out["stance"][0] == classify_sentences(["Xi warned Biden over Taiwan."])[0].stance


def test_classify_dataset_per_head_probabilities(dataset):
    """Issue 14, symptom 5: only the overall confidence came out."""
    out = classify_dataset(dataset.select(range(4)), probabilities=True)
    labels = classify_sentences(dataset["text"][:4])
    for row, lab in zip(out, labels):
        for head in ("issue", "stance", "side"):
            assert row[f"{head}_proba"] == pytest.approx(lab.scores[head])


def test_classify_dataset_streaming_empty_and_text_column_clash(dataset):
    """Issue 15, case 15: IterableDataset, empty Dataset, text_column='stance'."""
    streamed = list(classify_dataset(dataset.to_iterable_dataset(), batch_size=7))
    assert [r["stance"] for r in streamed] == classify_dataset(dataset)["stance"]
    empty = classify_dataset(dataset.select([]))
    assert len(empty) == 0 and {"issues", "stance", "side", "confidence"} <= set(empty.column_names)
    with pytest.raises(ValueError, match="is the name of a column classify_dataset adds.*rename it first"):
        classify_dataset(dataset.rename_column("text", "stance"), text_column="stance")
