"""``classify_dataset``'s added columns: their types, whatever a batch holds, and the input columns they leave alone.

Review r34 (notebook area): H1, a first batch of rows without text (``invalid="skip"``) made ``datasets`` infer
null columns, and the next batch's labels could not be cast to them ("Couldn't cast array of type string to
null"); an empty dataset got null columns. M6, a gold ``stance`` column was dropped without a word, where
``stancelib classify --sentences`` keeps it as ``input_stance``. L2, a DataFrame or a list was refused without
the way to make a Dataset of it.
"""

import os

import pytest

from stancelib import classify_dataset, classify_sentences
from stancelib.batch import LABEL_COLUMNS, PROBABILITY_COLUMNS, input_column_names

datasets = pytest.importorskip("datasets")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

TEXT = "Xi warned Biden not to cross a red line on Taiwan."
OTHER = "The two sides agreed to resume talks."


def _types(features, columns):
    """The Arrow types of ``columns``, comparable across batches and datasets."""
    return {c: str(features[c]) for c in columns}


def test_a_first_batch_without_text_keeps_the_rows_and_the_types():
    data = datasets.Dataset.from_dict({"text": [None] * 3 + [TEXT, OTHER, TEXT]})
    one_batch = classify_dataset(data, invalid="skip", batch_size=1000)
    for size in (3, 1):  # the first batch (or three) holds only rows without text
        out = classify_dataset(data, invalid="skip", batch_size=size)
        assert out["stance"][:3] == [None] * 3 and out["issues"][:3] == [[]] * 3
        assert out["confidence"][:3] == [None] * 3
        labels = classify_sentences([TEXT, OTHER, TEXT])
        assert out["stance"][3:] == [lab.stance for lab in labels]
        assert out["issues"][3:] == [list(lab.issues) for lab in labels]
        assert _types(out.features, LABEL_COLUMNS) == _types(one_batch.features, LABEL_COLUMNS)
    assert out.features["issues"].feature.dtype == "string"  # a list of strings
    assert out.features["stance"].dtype == out.features["side"].dtype == "string"
    assert out.features["confidence"].dtype == "float64"


def test_a_first_batch_without_text_with_probabilities():
    data = datasets.Dataset.from_dict({"text": [None, None, TEXT, OTHER]})
    out = classify_dataset(data, invalid="skip", batch_size=2, probabilities=True)
    assert out["stance_proba"][:2] == [None, None]
    labels = classify_sentences([TEXT, OTHER])
    for row, lab in zip(list(out)[2:], labels):
        for head in ("issue", "stance", "side"):
            assert row[f"{head}_proba"] == pytest.approx(lab.scores[head])
    # per head a struct of the model's labels, in its label-set order
    assert list(out.features["stance_proba"]) == list(labels[0].scores["stance"])
    assert list(out.features["issue_proba"]) == list(labels[0].scores["issue"])


def test_an_empty_dataset_gets_the_columns_of_a_labelled_one():
    data = datasets.Dataset.from_dict({"text": [TEXT]})
    columns = LABEL_COLUMNS + PROBABILITY_COLUMNS
    full = classify_dataset(data, probabilities=True)
    empty = classify_dataset(data.select([]), probabilities=True)
    assert len(empty) == 0 and empty.column_names == full.column_names
    assert _types(empty.features, columns) == _types(full.features, columns)
    assert "null" not in str([empty.features[c] for c in columns])


def test_a_gold_column_is_kept_under_the_name_the_cli_gives_it():
    gold = datasets.Dataset.from_dict({"text": [TEXT], "stance": ["concern"], "side": ["us"], "n": [7]})
    out = classify_dataset(gold)
    assert out.column_names == ["text", "input_stance", "input_side", "n", "issues", "stance", "side", "confidence"]
    assert out[0]["input_stance"] == "concern" and out[0]["input_side"] == "us" and out[0]["n"] == 7
    assert out[0]["stance"] == classify_sentences([TEXT])[0].stance
    # labelled twice: the gold labels keep their names, the first run's labels take the next free ones
    again = classify_dataset(out)
    assert again[0]["input_stance"] == "concern" and again[0]["input_input_stance"] == out[0]["stance"]
    assert {"input_issues", "input_confidence", "input_side", "input_input_side"} <= set(again.column_names)


def test_the_renaming_rule_is_the_clis():
    from stancelib.cli import _InputColumns

    for columns in (["text", "stance"], ["text", "stance", "input_stance", "issues"], ["side", "text", "confidence"]):
        cli = _InputColumns("text", LABEL_COLUMNS).rename({c: None for c in columns})
        mine = input_column_names(columns, LABEL_COLUMNS)
        assert [mine.get(c, c) for c in columns if c != "text"] == list(cli), columns


def test_a_streamed_dataset_keeps_its_gold_columns_too():
    gold = datasets.Dataset.from_dict({"text": [None, TEXT], "stance": ["neutral", "concern"]})
    known = list(classify_dataset(gold.to_iterable_dataset(), invalid="skip", batch_size=1))
    assert [r["input_stance"] for r in known] == ["neutral", "concern"]
    assert known[0]["stance"] is None and known[1]["stance"] == classify_sentences([TEXT])[0].stance

    def rows():  # a stream whose columns are not known before it is read
        yield {"text": TEXT, "stance": "concern"}

    unknown = datasets.IterableDataset.from_generator(rows)
    assert unknown.column_names is None
    [row] = list(classify_dataset(unknown))
    assert row["input_stance"] == "concern" and row["stance"] == classify_sentences([TEXT])[0].stance


@pytest.mark.parametrize("given, fix", [
    (lambda: __import__("pandas").DataFrame({"text": [TEXT]}),
     r"got a DataFrame; make it one with datasets.Dataset.from_pandas\(df\).*classify_sentences\(df\['text'\]"),
    (lambda: [{"text": TEXT}], r"got a list; make it one with datasets.Dataset.from_list\(rows\)"),
    (lambda: [TEXT], r"got a list; make it one with datasets.Dataset.from_dict\(\{'text': sentences\}\)"),
])
def test_what_is_no_dataset_is_refused_with_the_way_to_make_one(given, fix):
    with pytest.raises(TypeError, match=fix):
        classify_dataset(given())
