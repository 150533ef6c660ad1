"""A CSV for Excel starts with a UTF-8 byte-order mark: ``stancelib classify --excel`` and
``save_labels(..., encoding="utf-8-sig")``.

Review r33 (user), finding 6: the CSV meant for a spreadsheet had no byte-order mark, so Excel, which reads a
double-clicked CSV without one in the system's code page, showed the curly quotes and dashes of readouts as
mojibake. The readout is written for this test.
"""

import csv
import io

import pytest

from stancelib import classify_documents
from stancelib.cli import main
from stancelib.tables import save_labels, write_table

QUOTED = "The minister said China \u201cfirmly opposes\u201d the curbs \u2014 and will respond.\n"
BOM = b"\xef\xbb\xbf"


def classify_bytes(capfdbinary, *args):
    code = main(["classify", *args])
    out, err = capfdbinary.readouterr()
    assert code == 0, err
    return out


@pytest.fixture()
def quoted(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(QUOTED, encoding="utf-8")
    return path


def test_excel_writes_a_byte_order_mark_and_utf_8_and_escapes_formulas(capsysbinary, quoted, tmp_path):
    formula = tmp_path / "f.txt"
    formula.write_text("=HYPERLINK(1) opened the talks.\n", encoding="utf-8")
    data = classify_bytes(capsysbinary, str(quoted), "--format", "csv", "--excel")
    assert data.startswith(BOM) and data.count(BOM) == 1
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["start", "end", "text"] and rows[1][2] == QUOTED.strip()  # the quotes, whole
    escaped = classify_bytes(capsysbinary, str(formula), "--format", "csv", "--excel").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in escaped  # --excel is --escape-formulas too


def test_without_excel_the_csv_has_no_mark(capsysbinary, quoted):
    for flags in ([], ["--escape-formulas"]):
        assert classify_bytes(capsysbinary, str(quoted), "--format", "csv", *flags).startswith(b"start,end")


def test_excel_is_for_csv_only(capsys, quoted):
    with pytest.raises(SystemExit, match="--excel is for --format csv"):
        main(["classify", str(quoted), "--excel"])


def test_sentences_csv_for_excel_has_the_mark_too(capsysbinary, quoted):
    data = classify_bytes(capsysbinary, "--sentences", str(quoted), "--format", "csv", "--excel")
    assert data.startswith(BOM + b"file,line,start,end")


def test_save_labels_writes_a_csv_for_excel(tmp_path):
    labels = classify_documents([QUOTED])
    path = save_labels(labels, tmp_path / "labels.csv", encoding="utf-8-sig")
    data = path.read_bytes()
    assert data.startswith(BOM + b"doc_id,") and QUOTED.strip().encode("utf-8") in data
    assert not save_labels(labels, tmp_path / "plain.csv").read_bytes().startswith(BOM)


def test_a_mark_or_another_encoding_is_refused_where_it_does_not_belong(tmp_path):
    labels = classify_documents([QUOTED])
    with pytest.raises(ValueError, match="for .csv files"):
        save_labels(labels, tmp_path / "labels.jsonl", encoding="utf-8-sig")
    with pytest.raises(ValueError, match="'utf-8-sig' for a CSV that Excel opens"):
        write_table([{"a": 1}], tmp_path / "t.csv", columns=["a"], encoding="cp1252")
    assert not (tmp_path / "labels.jsonl").exists() and not (tmp_path / "t.csv").exists()
