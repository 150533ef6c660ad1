"""Bad input on the command line gets ``stancelib: ...`` and exit 1, never a traceback or a silent label
(code review, round 30: M2, M3, M4, M5, L2, L3)."""

import io
import json
import os
import subprocess
import sys

import pytest

import stancelib.curation
from stancelib.cli import main

from .conftest import ROOT, SEED_ARTICLE, cli_result, write_jsonl


run = cli_result  # the shared helper, under the name these tests call


def _labelled(path, docs=("a", "b")):
    rows = [{"id": f"{d}{i}", "doc_id": d, "text": f"Sentence {i} of readout {d} on talks.", "issue": ["trade"],
             "stance": "neutral", "side": "us"} for d in docs for i in range(2)]
    return str(write_jsonl(path, rows))


# --- M2: stancelib audit ------------------------------------------------------------------------------------

@pytest.mark.parametrize("option, message", [
    (["--threshold", "2"], r"--threshold must be at least 0.5 and below 1, got 2.0"),
    (["--threshold", "0.3"], r"--threshold must be at least 0.5 and below 1, got 0.3"),
    (["--threshold", "nan"], r"--threshold must be at least 0.5 and below 1, got nan"),
    (["--folds", "1"], r"--folds must be at least 2 .*got 1"),
    (["--out", "/nonexistent-folder/s.jsonl"], r"--out /nonexistent-folder/s.jsonl: no such folder"),
])
def test_audit_refuses_bad_options_before_training(tmp_path, no_work, option, message):
    with pytest.raises(SystemExit, match=r"^stancelib: " + message):
        main(["audit", _labelled(tmp_path / "d.jsonl"), "--quiet", *option])


def test_audit_refuses_a_directory_and_a_file_of_another_kind(tmp_path, capsys, no_work):
    (tmp_path / "somedir").mkdir()
    with pytest.raises(SystemExit, match=r"^stancelib: .*somedir is a directory; pass the .jsonl or .csv files"):
        main(["audit", str(tmp_path / "somedir"), "--quiet"])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:  # a usage error: exit status 2, the usage line and the message
        main(["validate", str(tmp_path / "somedir")])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "stancelib: " + str(tmp_path / "somedir") + " is a directory; pass the .jsonl" in err
    text = tmp_path / "readout.txt"
    text.write_text("Xi warned Biden.\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"^stancelib: .*readout\.txt: \.txt is not labelled data; use \.jsonl or \.csv"):
        main(["audit", str(text), "--quiet"])


def test_audit_of_one_document_names_the_fix(tmp_path, no_work):
    with pytest.raises(SystemExit, match=r"^stancelib: audit needs labelled sentences from at least 2 documents "
                                         r"\(doc_id\), and the data hold 1.*--base seeds"):
        main(["audit", _labelled(tmp_path / "one.jsonl", docs=("a",)), "--quiet"])


def test_audit_reports_data_it_cannot_learn_from(tmp_path, capsys, monkeypatch):
    def audit(*args, **kwargs):
        raise ValueError("This solver needs samples of at least 2 classes in the data")

    monkeypatch.setattr(stancelib.curation, "audit", audit)
    code, out, err = run(capsys, "audit", _labelled(tmp_path / "d.jsonl"), "--quiet")
    assert code == 1 and err.startswith("stancelib: cannot audit this data: This solver needs") and not out


# --- L3: an empty file; a refused code is no "new code" --------------------------------------------------

def test_validate_and_audit_of_an_empty_file_name_the_file(tmp_path, capsys, no_work):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    code, out, err = run(capsys, "validate", str(empty))
    assert code == 1 and f"{empty}: holds no records" in out
    assert "<records>" not in out + err and "1 problem(s)" in err
    with pytest.raises(SystemExit) as exc:
        main(["audit", str(empty), "--quiet"])
    assert str(exc.value.code).startswith(f"stancelib: {empty}: holds no records") and "<records>" not in str(exc.value)


def test_validate_lists_no_refused_typo_as_a_new_code(tmp_path, capsys):
    data = tmp_path / "ml.csv"
    data.write_text('id,doc_id,text,issue,stance\n1,a,"Xi\nwarned.",taiwan,warning\n2,a,Bad,space,Warnin\n',
                    encoding="utf-8")
    code, out, err = run(capsys, "validate", str(data))
    assert code == 1 and "stance code 'Warnin' looks like a typo of 'warning'" in out
    assert "new codes (issue): space" in err and "Warnin" not in err
    code, out, err = run(capsys, "validate", str(data), "--new-codes", "Warnin")
    assert code == 0 and "new codes (stance): Warnin" in err


# --- M3: classify --sentences with a folder, a missing file, a CSV row with extra fields -------------------

def test_sentences_refuses_a_folder_and_a_missing_file_before_any_output(tmp_path, capsys):
    (tmp_path / "somedir").mkdir()
    good = tmp_path / "s.txt"
    good.write_text("Xi warned Biden.\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"^stancelib: .*somedir is a directory; --sentences takes JSONL, CSV or "
                                         r"text files"):
        main(["classify", "--sentences", str(good), str(tmp_path / "somedir"), "--quiet"])
    with pytest.raises(SystemExit, match=r"^stancelib: no such file: .*missing.csv"):
        main(["classify", "--sentences", str(good), str(tmp_path / "missing.csv"), "--quiet"])
    assert capsys.readouterr().out == ""  # refused before the table's header


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "table"])
def test_sentences_refuses_a_csv_row_with_more_fields_than_its_header(tmp_path, capsys, fmt):
    data = tmp_path / "s.csv"
    data.write_text("text,id\nXi warned Biden.,1\nHe agreed.,2,extra\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"^stancelib: .*s.csv:3: the row has 3 fields, the header 2; put a field "
                                         r"that holds a comma in double quotes"):
        main(["classify", "--sentences", str(data), "--format", fmt, "--quiet"])
    out = capsys.readouterr().out
    assert "He agreed" not in out and "null" not in out


def test_write_rows_names_an_extra_column_it_cannot_write_as_csv(capsys):
    from stancelib import classify_sentences
    from stancelib.cli import write_rows

    a, b = classify_sentences(["Xi warned Biden.", "He agreed."])
    with pytest.raises(SystemExit, match="sentence 2 has the column"):
        write_rows([({"text": a.text}, a), ({"text": b.text, None: ["extra"]}, b)], "csv", io.StringIO())


# --- M4: --sentences - reads UTF-8 strictly and drops the byte-order mark ------------------------------------

def _stdin(monkeypatch, data: bytes):
    """Standard input as Python opens it under a C locale: undecodable bytes become lone surrogates."""
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")
    monkeypatch.setattr(sys, "stdin", stream)
    return stream


@pytest.mark.parametrize("data, advice", [
    (b"Xi warned Biden.\n\xff\xfeoops\n", "iconv -f latin1"),
    ("Xi warned Biden.\n".encode("utf-16"), "it is UTF-16"),
])
def test_sentences_from_stdin_that_is_not_utf8_is_refused(monkeypatch, capsys, data, advice):
    stream = _stdin(monkeypatch, data)
    with pytest.raises(SystemExit, match=r"^stancelib: standard input is not UTF-8 text \(.*\); .*" + advice):
        main(["classify", "--sentences", "-", "--format", "csv", "--quiet"])
    assert "\\udcff" not in capsys.readouterr().out
    assert sys.stdin is stream and not stream.buffer.closed  # standard input is given back as it was


def test_sentences_from_stdin_drops_the_byte_order_mark(monkeypatch, capsys):
    _stdin(monkeypatch, "\ufeffXi warned Biden.\r\nThey agreed.\n".encode("utf-8"))
    code, out, _ = run(capsys, "classify", "--sentences", "-", "--format", "jsonl", "--quiet")
    assert code == 0 and [json.loads(line)["text"] for line in out.splitlines()] == ["Xi warned Biden.", "They agreed."]


def test_sentences_from_stdin_under_a_c_locale_end_to_end():
    env = dict(os.environ, LC_ALL="C", LANG="C", PYTHONIOENCODING="")
    proc = subprocess.run([sys.executable, "-m", "stancelib", "classify", "--sentences", "-", "--format", "csv",
                           "--quiet"], input=b"Xi warned Biden.\n\xff\xfeoops\n", capture_output=True, env=env,
                          cwd=ROOT)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert proc.stderr.startswith(b"stancelib: standard input is not UTF-8 text") and b"oops" not in proc.stdout


# --- M5: a path that is not a model is not offered --trust-model ---------------------------------------------

def test_classify_with_a_model_path_that_is_not_a_model(tmp_path):
    empty = tmp_path / "typo_model"
    empty.mkdir()
    for extra in ([], ["--trust-model"]):
        with pytest.raises(SystemExit) as exc:
            main(["classify", str(SEED_ARTICLE), "--model", str(empty), *extra])
        message = str(exc.value.code)
        assert message.startswith(f"stancelib: No manifest.json or model-*.joblib in {empty}: not a stancelib model "
                                  "directory") and "trust" not in message
    other = tmp_path / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"^stancelib: .*passwd is not a stancelib model file"):
        main(["classify", str(SEED_ARTICLE), "--model", str(other), "--trust-model"])


# --- L2: stancelib trends speaks of its flags ----------------------------------------------------------------

def test_trends_errors_name_the_flags(tmp_path):
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "x.txt").write_text("Xi warned.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["trends", str(folder)])
    message = str(exc.value.code)
    assert message.startswith("stancelib: document 'x' has no date")
    assert "--undated bucket" in message and "--undated drop" in message and "undated=" not in message
    # checked before any input is read
    with pytest.raises(SystemExit, match=r"^stancelib: --min-documents must be at least 1, got 0$"):
        main(["trends", str(tmp_path / "missing.jsonl"), "--min-documents", "0", "--undated", "drop"])
