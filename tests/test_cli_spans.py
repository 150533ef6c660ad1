"""What the command line's spans index, and that ``classify --help`` says it (review r32, outputs, finding 7).

Spans are offsets into the file's text with its line ends kept (a CRLF is two characters) and a byte-order
mark removed: ``open(path, encoding="utf-8-sig", newline="").read()``, the text ``classify_documents`` reads
too. The readouts are short texts written for these tests.
"""

import csv
import io

import pytest

from stancelib.cli import main
from stancelib.documents import classify_documents

from .conftest import cli_help

LINES = ["Beijing cautioned Washington against selling arms to Taipei.",
         "The delegations agreed to reopen consular offices.",
         "Officials voiced unease about opioid shipments."]


def _spans(capsys, path):
    assert main(["classify", str(path), "--format", "csv"]) == 0
    return [(int(r["start"]), int(r["end"]), r["text"]) for r in csv.DictReader(io.StringIO(capsys.readouterr().out))]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_crlf_spans_index_the_text_with_its_line_ends_kept(capsys, tmp_path, bom):
    path = tmp_path / "crlf.txt"
    path.write_bytes(bom + "\r\n".join(LINES).encode("utf-8") + b"\r\n")
    spans = _spans(capsys, path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    assert [text[s:e] for s, e, _ in spans] == [t for _, _, t in spans] == LINES
    # classify_documents reads the file the same way: one meaning of a span across stancelib
    assert [lab.span for lab in classify_documents(path)] == [(s, e) for s, e, _ in spans]


def test_classify_help_says_what_spans_index():
    text = cli_help("classify")
    assert "open(path, encoding='utf-8-sig', newline='').read()" in text
    assert "code points, not bytes" in text and "a CRLF is two characters" in text
    assert "header lines: offsets into the text after them" in text
