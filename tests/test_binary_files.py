"""A PDF, Word, Excel or old Office file is named as what it is, with the way to get its text, wherever a text
file is read (``classify``, ``compare``, ``suggest``, ``classify_documents``, ``read_text_document``).

Review r33 (user), finding 5: such files got the advice to convert them from Latin-1 or Windows-1252, which
"worked" and gave labelled garbage, and a PDF that happened to be ASCII was labelled without a word. The
file contents are small hand-made stand-ins (the first bytes of each format, then filler).
"""

import os

import pytest

from stancelib import classify_documents
from stancelib.cli import main
from stancelib.documents import DocumentError, binary_kind, read_text_document

ASCII_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BINARY_PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Filter /FlateDecode >> stream\nx\x9c\xed\xbd\x07\nendstream\n"
DOCX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x9a\x8b[Content_Types].xml\x8d\x92word/document.xml\xff"
XLSX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x9a\x8b[Content_Types].xml\x8d\x92xl/workbook.xml\xff"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24 + b"\xfe\xff\x09\x00"


@pytest.mark.parametrize("name, data, kind, fix", [
    ("readout.pdf", ASCII_PDF, "a PDF", "readout.pdf {folder}readout.txt)"),
    ("readout.pdf", BINARY_PDF, "a PDF", "copy its text into a .txt file"),
    ("scan.txt", ASCII_PDF, "a PDF", "scan.txt {folder}scan-text.txt)"),  # by its bytes, whatever its name
    ("readout.docx", DOCX, "a Word document (.docx)", "save it as Plain Text"),
    ("calls.xlsx", XLSX, "an Excel workbook (.xlsx)", "save the sheet as CSV UTF-8"),
    ("readout.doc", OLE, "a Word document (.doc)", "save it as Plain Text"),
    ("readout.bin", OLE, "an old Office file (.doc, .xls or .ppt)", "save it as Plain Text"),
    ("readout.docx", b"\x93\x00\xff not a zip", "a Word document (.docx)", "save it as Plain Text"),  # by its name
])
def test_a_document_format_is_named_with_the_way_to_its_text(tmp_path, name, data, kind, fix):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as exc:
        read_text_document(path)
    message = str(exc.value)
    assert message.startswith(f"{path} is {kind}, not text: ")
    assert fix.format(folder=f"{path.parent}{os.sep}") in message
    assert "iconv" not in message and "UTF-8 text" not in message  # no encoding advice for a binary format
    with pytest.raises(DocumentError, match="not text"):
        classify_documents(tmp_path if name.endswith(".txt") else [path])  # a folder of .txt, or a list of paths


@pytest.mark.parametrize("command", [["classify"], ["compare", "OTHER"], ["suggest"], ["trends"]])
def test_every_command_that_reads_a_readout_says_what_the_file_is(capsys, tmp_path, command):
    (tmp_path / "readout.pdf").write_bytes(BINARY_PDF)
    (tmp_path / "other.txt").write_text("Xi spoke with Biden.", encoding="utf-8")
    args = [command[0], str(tmp_path / "readout.pdf")] + [str(tmp_path / "other.txt") for _ in command[1:]]
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert str(exc.value).startswith(f"stancelib: {tmp_path / 'readout.pdf'} is a PDF, not text: copy its text")


def test_text_is_still_text():
    assert binary_kind("Xi spoke with Biden about Taiwan.\n".encode("utf-8"), "call.txt") is None
    assert binary_kind("\ufeffdate: 2025-01-02\nXi spoke.".encode("utf-8"), "call.pdf") is None


def test_a_text_file_named_like_a_document_format_is_read_as_text(tmp_path):
    path = tmp_path / "readout.pdf"  # a text file someone named .pdf
    path.write_text("Xi warned Biden on Taiwan.", encoding="utf-8")
    assert read_text_document(path).text == "Xi warned Biden on Taiwan."
