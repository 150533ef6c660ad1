"""The library's reader of sentence files (``stancelib.batch.iter_rows``, behind ``iter_labelled_file`` and
``classify --sentences``) refuses UTF-16 and UTF-32 without a byte-order mark, as the command line's pre-check
does: such text is valid UTF-8 full of NUL bytes, and each of its lines would be labelled as a garbage sentence.

Review r34 leftovers, finding 1. The sentences are written for these tests.
"""

import io
import sys

import pytest

from stancelib.batch import SentenceFileError, iter_rows

LINES = "Xi spoke with Biden by phone.\nThe two sides agreed to keep talking.\n"


@pytest.mark.parametrize("encoding, iconv", [("utf-16-le", "utf-16le"), ("utf-16-be", "utf-16be"),
                                             ("utf-32-le", "utf-32le")])
@pytest.mark.parametrize("name", ["s.txt", "s.jsonl", "s.csv"])
def test_a_wide_file_without_a_byte_order_mark_is_refused_with_the_iconv_line(tmp_path, encoding, iconv, name):
    text = LINES if name == "s.txt" else (
        '{"text": "Xi spoke with Biden by phone."}\n' if name == "s.jsonl" else "text\nXi spoke with Biden.\n")
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    with pytest.raises(SentenceFileError, match="without a byte-order mark, not UTF-8 text") as caught:
        list(iter_rows(str(path), "text"))
    assert str(caught.value).startswith(str(path))
    assert f"iconv -f {iconv} -t utf-8" in str(caught.value)


def test_standard_input_that_is_wide_is_refused_and_utf8_is_read(monkeypatch):
    wide = io.BufferedReader(io.BytesIO(LINES.encode("utf-16-le")))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(wide, encoding="utf-8"))
    with pytest.raises(SentenceFileError, match="^standard input looks like UTF-16 \\(little-endian\\)"):
        list(iter_rows("-", "text"))
    plain = io.BufferedReader(io.BytesIO(LINES.encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(plain, encoding="utf-8"))
    assert [r["text"] for r in iter_rows("-", "text")] == LINES.splitlines()  # peeking consumed nothing


def test_utf8_and_a_utf16_file_with_its_mark_are_not_taken_for_wide_text(tmp_path):
    (tmp_path / "a.txt").write_text(LINES, encoding="utf-8")
    assert [r["text"] for r in iter_rows(str(tmp_path / "a.txt"), "text")] == LINES.splitlines()
    (tmp_path / "b.txt").write_text(LINES, encoding="utf-16")  # with a byte-order mark: the not-UTF-8 advice
    with pytest.raises(SentenceFileError, match="is not UTF-8 text"):
        list(iter_rows(str(tmp_path / "b.txt"), "text"))
