"""``stancelib compare`` and ``stancelib suggest`` read files as ``classify`` does: header lines removed, spans
into the text after them, ``source:`` as compare's default names, a JSONL/CSV of readouts read as readouts.

Review r33 (user), findings 2 and 3: both commands read a text file raw (its ``date:``/``source:`` lines became
a labelled "sentence", and compare's spans were offsets into the raw file), compare labelled a JSONL of
readouts as one readout, and suggest took each readout of a JSONL as one "sentence", its id dropped. The
readouts are written for these tests.
"""

import json

import pytest

from stancelib.cli import main
from stancelib.documents import read_text_document

from .conftest import write_jsonl

WH_BODY = ("Readout of the President's Call with President Xi Jinping\n\n"
           "The President raised concerns about fentanyl precursor chemicals. He urged restraint in the Taiwan "
           "Strait. The two leaders agreed to keep lines of communication open.\n")
CN_BODY = ("Xi said that the Taiwan question is the first red line that must not be crossed. "
           "The two sides agreed to keep in touch.\n")
WH = "date: 2025-03-14\nsource: White House\n\n" + WH_BODY
CN = "date: 2025-03-14\nsource: MFA\n\n" + CN_BODY


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out, err


@pytest.fixture()
def files(tmp_path):
    (tmp_path / "wh.txt").write_text(WH, encoding="utf-8")
    (tmp_path / "cn.txt").write_text(CN, encoding="utf-8")
    with open(tmp_path / "readouts.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "wh-0314", "date": "2025-03-14", "source": "White House", "text": WH_BODY}) + "\n")
        f.write(json.dumps({"id": "mfa-0314", "date": "2025-03-14", "source": "MFA", "text": CN_BODY}) + "\n")
    return tmp_path


def sentences(result):
    return [(s["text"], s["span"]) for issue in result["issues"] for side in ("a", "b")
            for s in issue[side]["sentences"]]


def test_compare_leaves_the_header_out_and_its_spans_are_classify_s(capsys, files):
    result = json.loads(run(capsys, "compare", str(files / "wh.txt"), str(files / "cn.txt"), "--format", "json")[0])
    assert not any("date:" in text or "source:" in text for text, _ in sentences(result))
    body = read_text_document(files / "wh.txt").text
    classified = {(row["text"], tuple(row["span"])) for row in map(json.loads, run(
        capsys, "classify", str(files / "wh.txt"), "--format", "jsonl")[0].splitlines())}
    for text, span in (pair for issue in result["issues"] for pair in
                       ((s["text"], s["span"]) for s in issue["a"]["sentences"])):
        assert body[span[0]:span[1]] == text and (text, tuple(span)) in classified


def test_compare_names_the_readouts_by_their_sources_unless_told(capsys, files):
    result = json.loads(run(capsys, "compare", str(files / "wh.txt"), str(files / "cn.txt"), "--format", "json")[0])
    assert result["names"] == ["White House", "MFA"]
    result = json.loads(run(capsys, "compare", str(files / "wh.txt"), str(files / "cn.txt"), "--format", "json",
                            "--names", "A", "B")[0])
    assert result["names"] == ["A", "B"]
    # one side without a source: its file's name, never a position that may contradict the other's source
    # (review r34, M2; tests/test_compare_names_from_sources.py has the rest)
    (files / "plain.txt").write_text(CN_BODY, encoding="utf-8")
    result = json.loads(run(capsys, "compare", str(files / "wh.txt"), str(files / "plain.txt"), "--format",
                            "json")[0])
    assert result["names"] == ["White House", "plain"]


def test_compare_refuses_a_file_of_several_readouts_naming_the_fix(capsys, files):
    with pytest.raises(SystemExit) as exc:
        main(["compare", str(files / "readouts.jsonl"), str(files / "cn.txt")])
    message = str(exc.value)
    assert "holds 2 readouts ('wh-0314', 'mfa-0314'); compare takes one readout a side" in message
    assert "put each readout's text in a .txt file" in message
    one = files / "one.jsonl"
    one.write_text(json.dumps({"id": "wh-0314", "source": "White House", "text": WH_BODY}) + "\n", encoding="utf-8")
    result = json.loads(run(capsys, "compare", str(one), str(files / "cn.txt"), "--format", "json")[0])
    assert result["names"] == ["White House", "MFA"]  # a file of one readout is that readout


def test_compare_refuses_a_file_of_header_lines_only(capsys, files):
    (files / "empty.txt").write_text("date: 2025-03-14\nsource: MFA\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="empty.txt is empty after its header lines"):
        main(["compare", str(files / "wh.txt"), str(files / "empty.txt")])


def suggested(capsys, *args):
    out, err = run(capsys, "suggest", *args, "--n", "50")
    return [json.loads(line) for line in out.splitlines()], err


def test_suggest_reads_a_text_file_s_header_and_carries_its_date_and_source(capsys, files):
    rows, err = suggested(capsys, str(files / "wh.txt"))
    assert not any("date:" in r["text"] or "source:" in r["text"] for r in rows)
    assert not any("date:" in r["context_before"] for r in rows)
    assert {(r["doc_id"], r["date"], r["source"]) for r in rows} == {("wh", "2025-03-14", "White House")}
    assert list(rows[0])[:4] == ["id", "doc_id", "date", "source"]
    assert len(rows) == 4 and err.startswith("4 sentences to label (of 4 in 1 document)")


def test_suggest_reads_a_jsonl_of_readouts_as_readouts_with_their_ids(capsys, files):
    rows, err = suggested(capsys, str(files / "readouts.jsonl"))
    by_doc = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    assert set(by_doc) == {"wh-0314", "mfa-0314"}  # each readout its own document, by its id
    assert len(by_doc["wh-0314"]) == 4 and len(by_doc["mfa-0314"]) == 2  # segmented into sentences
    assert {r["source"] for r in by_doc["mfa-0314"]} == {"MFA"}
    assert "6 sentences to label (of 6 in 2 documents)" in err


def test_suggest_keeps_a_file_of_sentences_as_it_was_read(capsys, files):
    path = files / "sents.jsonl"
    rows_in = [{"doc_id": "d1", "text": "Xi warned Biden on Taiwan."}, {"doc_id": "d1", "text": "He urged restraint."},
               {"text": "Both sides agreed to talk."}, {"id": "r9", "text": "The call lasted an hour."}]
    write_jsonl(path, rows_in)
    rows, _ = suggested(capsys, str(path))
    doc = {r["text"]: r["doc_id"] for r in rows}
    assert doc == {"Xi warned Biden on Taiwan.": "d1", "He urged restraint.": "d1",  # rows sharing a doc_id: one
                   "Both sides agreed to talk.": "sents.jsonl:3",  # neither id nor doc_id: its line, as classify
                   "The call lasted an hour.": "r9"}  # an id and no doc_id: the id
    context = {r["text"]: r["context_before"] for r in rows}
    assert context["He urged restraint."] == "Xi warned Biden on Taiwan."  # read as d1's text, row after row
    assert context["Both sides agreed to talk."] == context["The call lasted an hour."] == ""


def test_suggest_reads_a_json_array_of_readouts(capsys, files):
    path = files / "readouts.json"
    path.write_text(json.dumps([{"id": "a", "text": CN_BODY}]), encoding="utf-8")
    rows, _ = suggested(capsys, str(path))
    assert {r["doc_id"] for r in rows} == {"a"} and len(rows) == 2
