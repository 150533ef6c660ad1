"""A text file's header lines end where segmentation ends a line: any line ending, never the readout lost.

Review r31, finding 10: the header was split on ``\\n`` only, so a file with old Mac line ends (a lone
``\\r``) was one header line, its readout read into ``source`` and its text left empty, and a form feed
after the header made the readout part of the date. The readouts here are short texts written for these
tests.
"""

import json
import re

import pytest

from stancelib import classify
from stancelib.cli import main
from stancelib.documents import (DocumentError, HeaderOnlyWarning, classify_documents, read_documents,
                                 read_text_document, split_header)
from stancelib.segment import segment

READOUT = "Xi told Biden that Taiwan is a red line. The two sides agreed to keep talking."

#: Every character that ``str.splitlines`` (and so ``segment``) reads as a line break, and CRLF.
LINE_ENDS = ["\r\n"] + [chr(i) for i in range(0x2100) if len(f"a{chr(i)}b".splitlines()) == 2]


def test_the_line_ends_are_those_of_segment():
    assert {"\n", "\r", "\f", "\v", "\x85", "\u2028", "\u2029"} <= set(LINE_ENDS)
    for end in LINE_ENDS:
        assert [s.text for s in segment(f"Talks{end}{end}More talks")] == ["Talks", "More talks"], repr(end)


@pytest.mark.parametrize("end", LINE_ENDS, ids=repr)
def test_a_header_is_read_whatever_the_line_ends(tmp_path, end):
    path = tmp_path / "call.txt"
    path.write_bytes(f"source: MFA{end}date: 2024-11-16{end}{READOUT}{end}".encode("utf-8"))
    doc = read_text_document(path)
    assert (doc.source, doc.date, doc.text) == ("MFA", "2024-11-16", f"{READOUT}{end}")


def test_old_mac_line_ends_keep_the_readout_and_its_labels(tmp_path, model):
    folder = tmp_path / "readouts"
    folder.mkdir()
    (folder / "cr.txt").write_bytes(f"source: MFA\rdate: 2024-11-16\r{READOUT}\r".encode("utf-8"))
    [doc] = read_documents(folder)
    assert (doc.id, doc.source, doc.date) == ("cr", "MFA", "2024-11-16")
    assert [lab.text for lab in classify(doc.text, model=model)] == [
        "Xi told Biden that Taiwan is a red line.", "The two sides agreed to keep talking."]


def test_old_mac_line_ends_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "cr.txt"
    path.write_bytes(f"source: MFA\rdate: 2024-11-16\r{READOUT}\r".encode("utf-8"))
    assert main(["classify", str(path), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["doc_id"], r["date"], r["source"], r["text"]) for r in rows] == [
        ("cr", "2024-11-16", "MFA", "Xi told Biden that Taiwan is a red line."),
        ("cr", "2024-11-16", "MFA", "The two sides agreed to keep talking.")]


def test_a_page_break_after_the_header_ends_it():
    # pdftotext ends a page with a form feed: the date is the date, not the date and the readout
    assert split_header(f"date: 2024-11-16\f{READOUT}") == (READOUT, {"date": "2024-11-16"})
    body, header = split_header(f"date: 2024-11-16\n\f{READOUT}")
    assert header == {"date": "2024-11-16"} and body.lstrip() == READOUT


def test_line_ends_inside_the_readout_are_kept():
    text = f"date: 2024-11-16\r\n\r\nXi spoke.\rBiden spoke.\f\nThey agreed.\r\n"
    body, header = split_header(text)
    assert header == {"date": "2024-11-16"} and body == "\r\nXi spoke.\rBiden spoke.\f\nThey agreed.\r\n"
    assert text.endswith(body)  # spans index the text after the header


# Review r31 (diff), finding 9: a header-only file was a DocumentError that stopped a whole folder, while an
# empty file was an empty document. A failed scrape writes its header and no article: it is an empty document now,
# with its date and source, and a warning naming it.
@pytest.mark.parametrize("content, date, source", [
    ("source: MFA\ndate: 2024-11-16\n", "2024-11-16", "MFA"),
    ("date: 2024-11-16\n\n  \n", "2024-11-16", None),
    ("date: 2024-11-16\r", "2024-11-16", None),
    # the readout written on the header line: kept as the source, and the warning says how to fix it
    ("source: MFA Xi told Biden that Taiwan is a red line.", None, "MFA Xi told Biden that Taiwan is a red line."),
])
def test_a_file_of_header_lines_only_is_an_empty_document_with_a_warning(tmp_path, content, date, source):
    (tmp_path / "x.txt").write_text(content, encoding="utf-8")
    with pytest.warns(HeaderOnlyWarning) as caught:
        [doc] = read_documents(tmp_path)
    assert (doc.id, doc.text.strip(), doc.date, doc.source) == ("x", "", date, source)
    [warning] = caught
    assert re.search(r"x\.txt \(document 'x'\) holds only header lines \((source:|date:).*\), no readout after "
                     r"them; it is read as an empty document .*put it on the lines after the header.*remove the "
                     r"file", str(warning.message))
    assert warning.filename == __file__  # the user's line, not stancelib's


def test_a_header_only_file_does_not_stop_a_folder(tmp_path, model):
    (tmp_path / "a.txt").write_text(f"date: 2024-05-01\n{READOUT}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("date: 2024-05-02\nsource: MFA\n", encoding="utf-8")  # a failed download
    (tmp_path / "c.txt").write_text("\n\n", encoding="utf-8")  # blank: an empty document, as before
    with pytest.warns(HeaderOnlyWarning, match=r"b\.txt"):
        documents = read_documents(tmp_path)
    assert [(d.id, d.date, d.source, d.text.strip()) for d in documents] == [
        ("a", "2024-05-01", None, READOUT), ("b", "2024-05-02", "MFA", ""), ("c", None, None, "")]
    with pytest.warns(HeaderOnlyWarning, match=r"b\.txt"):
        labels = classify_documents(tmp_path, model=model)
    assert [lab.doc_id for lab in labels] == ["a", "a"]


def test_a_header_only_folder_on_the_command_line(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(f"date: 2024-05-01\n{READOUT}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("date: 2024-05-02\nsource: MFA\n", encoding="utf-8")
    assert main(["classify", str(tmp_path), "--format", "jsonl"]) == 0  # the command prints the warning
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["doc_id"], r["date"]) for r in rows] == [("a", "2024-05-01"), ("a", "2024-05-01")]
    assert re.search(r"^stancelib: warning: .*b\.txt.* holds only header lines", err, re.M), err


def test_a_header_only_standard_input_is_an_empty_readout(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"date: 2024-11-16\r"), encoding="utf-8"))
    assert main(["classify", "-", "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("stancelib: warning: standard input holds only header lines (date:)")


def test_a_bad_date_in_a_header_only_file_is_still_an_error(tmp_path):
    (tmp_path / "x.txt").write_text("date: May 2024\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"x\.txt \(document 'x'\): date 'May 2024' is not an ISO date"):
        read_documents(tmp_path)


def test_an_empty_file_without_a_header_is_still_an_empty_document(tmp_path):
    (tmp_path / "empty.txt").write_text("\r\n", encoding="utf-8")
    assert [(d.id, d.text) for d in read_documents(tmp_path)] == [("empty", "\r\n")]


def test_the_command_line_prints_a_warning_as_its_own_line(tmp_path, capsys):
    """A warning reaches the terminal as "stancelib: warning: ...", not Python's file:line form."""
    from stancelib.cli import main

    (tmp_path / "a.txt").write_text("date: 2024-05-01\nXi spoke with Biden about Taiwan.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("date: 2024-05-02\nsource: MFA\n", encoding="utf-8")
    assert main(["classify", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "stancelib: warning: " in err and "b.txt" in err and "HeaderOnlyWarning" not in err
