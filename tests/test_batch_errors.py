"""The streaming reader raises exceptions a library caller can handle, not SystemExit."""

import pytest

from stancelib.batch import SentenceFileError, iter_labelled_file


@pytest.mark.parametrize("name, content, match", [
    ("bad.jsonl", b'{"text": "fine"}\n{not json\n', "bad.jsonl:2: not valid JSON"),
    ("bad.jsonl", b'{"body": "no text field"}\n', "string 'text' field"),
    ("bad.csv", b"body\nhello\n", "has no 'text' column"),
    ("bad.txt", b"\xff\xfe bad bytes \xc3\x28\n", "not UTF-8"),
])
def test_unreadable_rows_raise_a_sentence_file_error(tmp_path, name, content, match):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SentenceFileError, match=match):
        list(iter_labelled_file(str(path), progress=False))
    assert issubclass(SentenceFileError, ValueError)


def test_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        list(iter_labelled_file(str(tmp_path / "nowhere.jsonl"), progress=False))


def test_classify_dataset_names_the_dataset_row_not_the_batch_row():
    """Review r30 M11: "row 500 of the batch" cannot be found in a million rows; the dataset's row can."""
    datasets = pytest.importorskip("datasets")
    from stancelib import classify_dataset

    texts = ["The call lasted an hour."] * 30
    texts[25] = None
    with pytest.raises(TypeError, match=r"column 'text' holds a NoneType at row 25 of the dataset; expected str"):
        classify_dataset(datasets.Dataset.from_dict({"text": texts}), batch_size=10)
    streamed = classify_dataset(datasets.Dataset.from_dict({"text": texts}).to_iterable_dataset(), batch_size=10)
    with pytest.raises(TypeError, match=r"at row 25 of the dataset"):
        list(streamed)
