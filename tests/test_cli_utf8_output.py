"""The machine formats (``--format jsonl``, ``csv``, ``json``, and ``suggest``'s JSONL) are written as UTF-8
whatever the locale, so a file redirected on Windows, whose standard output writes the ANSI code page (cp1252)
unless ``PYTHONUTF8=1``, is valid JSON that reads back as the same text; the table keeps the terminal's encoding,
a character it cannot show written as its escape.

Review r34 (cli), H2: under ``PYTHONIOENCODING=cp1252`` a JSONL line held ``\\U0001f600`` (no JSON escape: the
line did not parse) and a CSV cell ``Wang Yi (\\u738b\\u6bc5)`` instead of the readout's text. Standard output is
simulated here as a cp1252 stream over bytes. The readouts are written for these tests.
"""

import contextlib
import csv
import io
import json

import pytest

from stancelib import SentenceLabel
from stancelib.cli import main

from .conftest import cli_help

TEXT = "Wang Yi (王毅) warned Biden about Taiwan 😀 today.\nXi said “no” to the U.S. — firmly.\n"


def cp1252(argv):
    """Run the command line with standard output as Windows gives it to a redirected file (cp1252 text over
    bytes): its exit status and the bytes written."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    with contextlib.redirect_stdout(stream):
        code = main(argv)
    stream.flush()
    return code, raw.getvalue()


@pytest.fixture()
def readout(tmp_path):
    path = tmp_path / "cjk.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_jsonl_is_utf8_and_reads_back_as_the_same_text(readout):
    code, out = cp1252(["classify", str(readout), "--format", "jsonl"])
    lines = out.decode("utf-8").splitlines()
    assert code == 0
    labels = [SentenceLabel.from_dict(json.loads(line)) for line in lines]
    assert [lab.text for lab in labels] == [TEXT[lab.span[0]:lab.span[1]] for lab in labels]
    assert labels[0].text.startswith("Wang Yi (王毅)") and "😀" in labels[0].text and "“no”" in labels[1].text


def test_csv_is_utf8_and_its_text_is_the_readout_s(readout):
    code, out = cp1252(["classify", str(readout), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"), newline="")))
    assert code == 0 and [r["text"] for r in rows] == [TEXT[int(r["start"]):int(r["end"])] for r in rows]
    assert "王毅" in rows[0]["text"] and "—" in rows[1]["text"]


def test_sentences_suggest_compare_and_trends_write_utf8(readout, tmp_path):
    (tmp_path / "dated").mkdir()
    (tmp_path / "dated" / "a.txt").write_text("date: 2024-04-12\nsource: 外交部\n\n" + TEXT, encoding="utf-8")
    runs = [(["classify", "--sentences", str(readout), "--format", "jsonl", "--quiet"], "王毅"),
            (["suggest", str(readout), "--n", "2"], "王毅"),
            (["compare", str(readout), str(tmp_path / "dated" / "a.txt"), "--format", "json"], "外交部"),
            (["trends", str(tmp_path / "dated"), "--format", "json"], None)]
    for argv, shown in runs:
        code, written = cp1252(argv)
        assert code == 0, argv
        out = written.decode("utf-8")  # strict: a cp1252 dash or quote, or an escape's bytes, fail here
        if argv[0] in ("classify", "suggest"):
            assert [json.loads(line) for line in out.splitlines()], argv
        else:
            json.loads(out)
        assert shown is None or shown in out, argv  # the text itself, not its \\u escape


def test_the_table_stays_in_the_terminal_s_encoding(readout):
    code, out = cp1252(["classify", str(readout)])
    table = out.decode("cp1252")  # every byte a cp1252 character: the terminal can show it
    assert code == 0 and "\\u738b\\u6bc5" in table and "“no”" in table


def test_the_help_says_so():
    for command in ("classify", "compare", "suggest", "audit", "trends"):
        assert "UTF-8 whatever the locale" in cli_help(command), command
