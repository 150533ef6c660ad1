"""The command line on many readouts: several inputs, document columns, --sentences passthrough, --width/--full.

The readouts are short texts written for these tests.
"""

import csv
import io
import json

import pytest

from stancelib import classify_documents
from stancelib.cli import main, read_inputs

from .conftest import cli_output

A = "date: 2024-01-02\nsource: MFA\nXi warned Biden on Taiwan. He urged restraint.\n"
B = "The President raised concerns about fentanyl precursors. The two leaders agreed to keep talking.\n"


run = cli_output  # the shared helper, under the name these tests call


@pytest.fixture()
def folder(tmp_path):
    d = tmp_path / "readouts"
    d.mkdir()
    (d / "mfa-jan.txt").write_text(A, encoding="utf-8")
    (d / "wh-feb.txt").write_text(B, encoding="utf-8")
    return d


def test_several_inputs_give_document_columns(capsys, folder, tmp_path):
    extra = tmp_path / "more.jsonl"
    extra.write_text(json.dumps({"id": "wh-mar", "date": "2024-03-05", "text": "Xi warned Biden."}) + "\n",
                     encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run(capsys, "classify", str(folder), str(extra), "--format", "csv"))))
    assert list(rows[0])[:4] == ["doc_id", "date", "source", "start"]
    assert [(r["doc_id"], r["date"], r["source"]) for r in rows] == [
        ("mfa-jan", "2024-01-02", "MFA"), ("mfa-jan", "2024-01-02", "MFA"), ("wh-feb", "", ""), ("wh-feb", "", ""),
        ("wh-mar", "2024-03-05", "")]
    expected = classify_documents(read_inputs([str(folder), str(extra)]))
    assert [r["stance"] for r in rows] == [lab.stance for lab in expected]
    jsonl = [json.loads(line) for line in run(capsys, "classify", str(folder), str(extra), "--format", "jsonl").splitlines()]
    assert [r["doc_id"] for r in jsonl] == [r["doc_id"] for r in rows]
    assert "date" not in jsonl[2] and jsonl[0]["date"] == "2024-01-02"
    table = run(capsys, "classify", str(folder / "mfa-jan.txt"), str(folder / "wh-feb.txt"))
    assert table.splitlines()[0].split()[:3] == ["#", "doc", "sentence"] and "wh-feb" in table


def test_one_plain_file_keeps_its_old_output(capsys, folder):
    out = run(capsys, "classify", str(folder / "wh-feb.txt"), "--format", "csv")
    assert out.splitlines()[0] == "start,end,text,issues,stance,side,confidence,model"
    # with a date: header it is a dated document, and the header is not a sentence
    rows = list(csv.DictReader(io.StringIO(run(capsys, "classify", str(folder / "mfa-jan.txt"), "--format", "csv"))))
    assert [r["text"] for r in rows] == ["Xi warned Biden on Taiwan.", "He urged restraint."]
    assert {r["date"] for r in rows} == {"2024-01-02"}


def test_input_errors_name_the_input(tmp_path, folder, capsys):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.txt").write_text("date: last week\nTalks.", encoding="utf-8")
    cases = [
        (["classify", str(folder), str(tmp_path / "missing.txt")], "no such file"),
        (["classify", str(tmp_path / "bad")], r"x\.txt \(document 'x'\): date 'last week'"),
        (["classify", str(folder), str(folder / "wh-feb.txt")], "two documents have the id 'wh-feb'"),
        (["classify", "-", "-"], "only once"),
        (["classify", str(folder), "--width", "3"], "--width must be at least 10"),
    ]
    for argv, message in cases:
        with pytest.raises(SystemExit, match=message):
            main(argv)
    with pytest.raises(SystemExit) as exc:
        main(["classify", str(folder), "--width", "40", "--full"])
    assert exc.value.code == 2
    capsys.readouterr()


def test_width_and_full(capsys, tmp_path):
    long = ("The two leaders agreed to expand cooperation on climate change, public health, counternarcotics "
            "and people-to-people exchanges over the coming year.")
    path = tmp_path / "long.txt"
    path.write_text(long, encoding="utf-8")
    default = run(capsys, "classify", str(path)).splitlines()[2]
    assert long not in default and "…" in default
    narrow = run(capsys, "classify", str(path), "--width", "30").splitlines()
    assert narrow[2][5:35].rstrip().endswith("…") and len(narrow[0]) < len(default)
    full = run(capsys, "classify", str(path), "--full").splitlines()
    assert long in full[2] and "…" not in full[2]
    assert full[0].index("issues") == full[2].index(long) + len(long) + 2  # columns stay aligned
    from stancelib import classify

    assert full[2].split(long)[1].split()[0] == ",".join(classify(long)[0].issues)  # issues not cut either


def test_sentences_pass_every_input_column_through(capsys, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("id,doc_id,date,stance,text\ns1,d1,2024-01,warning,Xi warned Biden.\n"
                    "s2,d1,2024-01,cooperation,The two sides agreed to talk.\n", encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run(capsys, "classify", "--sentences", str(path), "--format", "csv",
                                               "--quiet"))))
    assert list(rows[0]) == ["id", "doc_id", "date", "input_stance", "start", "end", "text", "issues", "stance",
                             "side", "confidence", "model"]
    assert [(r["id"], r["doc_id"], r["date"], r["input_stance"]) for r in rows] == [
        ("s1", "d1", "2024-01", "warning"), ("s2", "d1", "2024-01", "cooperation")]
    jsonl = tmp_path / "s.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in [
        {"id": 1, "body": "Xi warned Biden.", "meta": {"page": 3}},
        {"id": 2, "body": "The call lasted an hour.", "meta": None}]) + "\n", encoding="utf-8")
    out = [json.loads(line) for line in run(capsys, "classify", "--sentences", str(jsonl), "--text-column", "body",
                                            "--format", "jsonl", "--quiet").splitlines()]
    assert [(r["id"], r["body"], r["meta"], r["text"]) for r in out] == [
        (1, "Xi warned Biden.", {"page": 3}, "Xi warned Biden."), (2, "The call lasted an hour.", None,
                                                                   "The call lasted an hour.")]
    assert all(r["stance"] and r["issues"] for r in out)
    # several sentence files in one run
    both = run(capsys, "classify", "--sentences", str(path), str(path), "--format", "csv", "--quiet")
    assert len(both.splitlines()) == 5


def test_sentences_csv_needs_the_same_columns(capsys, tmp_path):
    jsonl = tmp_path / "s.jsonl"
    jsonl.write_text(json.dumps({"text": "Talks."}) + "\n" + json.dumps({"text": "More.", "id": "x"}) + "\n",
                     encoding="utf-8")
    with pytest.raises(SystemExit, match="sentence 2 has the column.*id.*--format jsonl"):
        run(capsys, "classify", "--sentences", str(jsonl), "--format", "csv", "--quiet")


def test_streaming_labellers_share_one_loop(tmp_path):
    """batch.iter_labelled_file is iter_labelled_rows without the rows: the labels classify_sentences gives."""
    from stancelib import classify_sentences
    from stancelib.batch import iter_labelled_file, iter_labelled_rows

    sentences = ["Xi warned Biden on Taiwan.", "The two sides agreed to talk.", "The call lasted an hour."]
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(sentences)), encoding="utf-8")
    expected = classify_sentences(sentences)
    assert list(iter_labelled_file(str(path), batch_size=2, progress=False)) == expected
    pairs = list(iter_labelled_rows([str(path), str(path)], batch_size=2, progress=False))
    assert [row["id"] for row, _ in pairs] == [0, 1, 2, 0, 1, 2] and [lab for _, lab in pairs] == expected * 2
