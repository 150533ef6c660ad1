"""UTF-16 (or UTF-32) text without a byte-order mark is refused as not UTF-8, with the ``iconv`` line that
converts it, as the same text with a mark is: its bytes are valid UTF-8 full of NULs, and were labelled as
garbage ("W\\x00h\\x00i\\x00t\\x00e ...": military, concern, china) with exit status 0.

Review r34 (cli), M4 (``iconv -t utf-16le``, and many export tools, write no mark). A few NUL bytes anywhere else
are still read (tests/hostile_cases.py: "NUL bytes", "NUL-separated list"). The readout is the example pair's.
"""

import io
import sys

import pytest

from stancelib.cli import main
from stancelib.documents import DocumentError, decode_text, wide_text_problem

from .conftest import ROOT
from .hostile_cases import CASES

TEXT = (ROOT / "seeds" / "pairs" / "call_us.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding, iconv", [("utf-16-le", "utf-16le"), ("utf-16-be", "utf-16be"),
                                              ("utf-32-le", "utf-32le"), ("utf-32-be", "utf-32be")])
def test_wide_text_without_a_mark_is_refused_with_the_conversion(tmp_path, capsys, monkeypatch, encoding, iconv):
    path = tmp_path / "us16.txt"
    path.write_bytes(TEXT.encode(encoding))
    for argv in (["classify", str(path)], ["classify", "--sentences", str(path), "--format", "csv", "--quiet"],
                 ["compare", str(path), str(ROOT / "seeds" / "pairs" / "call_cn.txt")]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert str(exc.value) == (f"stancelib: {path} looks like {'UTF-32' if '32' in iconv else 'UTF-16'} "
                                  f"({'little' if iconv.endswith('le') else 'big'}-endian) without a byte-order mark, "
                                  f"not UTF-8 text: it has a NUL byte beside each letter; convert it, e.g. iconv -f "
                                  f"{iconv} -t utf-8"), argv
        assert exc.value.code != 2  # a problem of the data (status 1), not of the call
    assert not capsys.readouterr().out  # no row written
    for argv in (["classify", "-"], ["classify", "--sentences", "-", "--quiet"]):
        stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(TEXT.encode(encoding))))  # a pipe's buffer
        monkeypatch.setattr(sys, "stdin", stdin)
        with pytest.raises(SystemExit, match=f"^stancelib: standard input looks like .* iconv -f {iconv} -t utf-8$"):
            main(argv)


def test_a_mark_keeps_its_own_advice_and_utf8_is_read():
    with pytest.raises(DocumentError, match="it starts with a UTF-16 byte-order mark"):
        decode_text(TEXT.encode("utf-16"), "us.txt")
    assert decode_text(TEXT.encode("utf-8"), "us.txt") == TEXT


@pytest.mark.parametrize("case", ["NUL bytes", "NUL-separated list", "every C0 and C1 control", "CJK only",
                                  "emoji", "one character"])
def test_stray_nul_bytes_and_other_text_are_no_wide_text(case):
    data = CASES[case](False).encode("utf-8")
    assert wide_text_problem(data, "x.txt") is None and decode_text(data, "x.txt") == CASES[case](False)
