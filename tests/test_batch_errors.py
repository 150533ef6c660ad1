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


def test_a_stray_byte_deep_in_a_big_file_is_placed_in_the_file_not_the_chunk(tmp_path):
    """The reader decodes a chunk at a time: the message named the position in the chunk, and advised on the
    chunk's bytes alone. It names the byte's position in the file, and a UTF-8 file with one stray byte is
    told so (not to convert the whole file from another encoding)."""
    from stancelib.batch import SentenceFileError, iter_rows

    line = "China’s ministry said the U.S. side’s move was wrong.\n".encode("utf-8")
    data = line * 40_000  # about 2.4 MB, past the reader's first chunks
    at = len(data) - 5 * len(line) + 3
    path = tmp_path / "s.txt"
    path.write_bytes(data[:at] + b"\xe9" + data[at + 1:])
    with pytest.raises(SentenceFileError) as info:
        list(iter_rows(str(path), "text"))
    message = str(info.value)
    assert f"invalid byte at position {at})" in message
    assert "mostly UTF-8" in message and "cp1252" not in message
