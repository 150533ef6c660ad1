"""``stancelib suggest`` reads a JSONL/CSV/JSON file of readouts as ``classify`` does, and a file of sentences
(rows sharing a ``doc_id``) as the documents they are parts of: a row's document is its ``doc_id``, else its ``id``,
else ``<file name>:<line>``; a document's rows are its text in file order, the sentence before never taken from
another document, their date and source one; two rows with one id and no doc_id are refused, as classify does.

Review r33 (new), finding 1: a one-sentence record without an id went under the file's stem, and took the first
such record's date and source and its sentence as context; records with one id were merged. Then (fix_suggest):
reading records as classify does refused a file of sentences, whose rows share their document's doc_id. The
readouts and sentences are written for these tests.
"""

import json

import pytest

from stancelib.cli import main

from .conftest import cli_help, write_jsonl

WH = {"date": "2024-01-01", "source": "White House", "text": "The President met President Xi in Woodside."}
MFA = {"date": "2024-02-01", "source": "MFA", "text": "Xi cautioned the United States over Taiwan."}


def suggested(capsys, path):
    assert main(["suggest", str(path), "--n", "50"]) == 0
    return {r["text"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}


def test_records_without_ids_keep_their_own_date_source_and_context(tmp_path, capsys):
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps(WH) + "\n" + json.dumps(MFA) + "\n", encoding="utf-8")
    rows = suggested(capsys, path)
    wh, mfa = rows[WH["text"]], rows[MFA["text"]]
    assert (wh["doc_id"], wh["date"], wh["source"]) == ("calls.jsonl:1", "2024-01-01", "White House")
    assert (mfa["doc_id"], mfa["date"], mfa["source"]) == ("calls.jsonl:2", "2024-02-01", "MFA")
    assert mfa["context_before"] == "" and wh["context_before"] == ""  # never the other readout's sentence


def test_the_ids_are_classify_s(tmp_path, capsys):
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps(WH) + "\n" + json.dumps(MFA) + "\n", encoding="utf-8")
    suggested_ids = {r["doc_id"] for r in suggested(capsys, path).values()}
    assert main(["classify", str(path), "--format", "jsonl"]) == 0
    classified_ids = {json.loads(line)["doc_id"] for line in capsys.readouterr().out.splitlines()}
    assert suggested_ids == classified_ids == {"calls.jsonl:1", "calls.jsonl:2"}


def test_a_json_array_s_records_are_named_by_their_index(tmp_path, capsys):
    path = tmp_path / "calls.json"
    path.write_text(json.dumps([WH, MFA]), encoding="utf-8")
    rows = suggested(capsys, path)
    assert {(r["doc_id"], r["source"]) for r in rows.values()} == {("calls.json[0]", "White House"),
                                                                   ("calls.json[1]", "MFA")}


@pytest.mark.parametrize("name, content", [
    ("dup.csv", 'id,date,source,text\nd1,2024-01-02,WH,"Biden spoke with Xi. They discussed fentanyl."\n'
                'd1,2024-01-03,WH,"Both sides agreed to talk again."\n'),
    ("dup.jsonl", json.dumps({"id": "d1", "text": "Biden spoke with Xi. They discussed fentanyl."}) + "\n"
                  + json.dumps({"id": "d1", "text": "Both sides agreed to talk again."}) + "\n"),
])
def test_two_records_with_one_id_are_refused_as_classify_refuses_them(tmp_path, capsys, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as suggest_exit:
        main(["suggest", str(path)])
    with pytest.raises(SystemExit) as classify_exit:
        main(["classify", str(path)])
    # classify's words, then how to read the rows as one document (suggest reads rows that share a doc_id as one)
    assert str(suggest_exit.value).startswith(str(classify_exit.value) + "; ")
    assert "give each the readout's 'doc_id'" in str(suggest_exit.value)
    assert "two documents have the id 'd1'" in str(suggest_exit.value)
    assert capsys.readouterr().out == ""


def test_rows_of_sentences_sharing_a_doc_id_are_read_as_their_document(tmp_path, capsys):
    path = tmp_path / "sentences.jsonl"
    rows_in = [{"id": "s1", "doc_id": "call", "date": "2024-03-01", "source": "MFA",
                "text": "Xi cautioned Biden over Taiwan."},
               {"id": "t1", "doc_id": "talk", "source": "White House", "text": "The leaders met in Lima."},
               {"id": "s2", "doc_id": "call", "text": "He urged restraint."},  # no date or source: the call's
               {"id": "t2", "doc_id": "talk", "text": "They agreed to meet again. Officials will follow up."}]
    write_jsonl(path, rows_in)
    rows = suggested(capsys, path)
    assert {t: (r["doc_id"], r.get("date"), r["source"]) for t, r in rows.items()} == {
        "Xi cautioned Biden over Taiwan.": ("call", "2024-03-01", "MFA"),
        "He urged restraint.": ("call", "2024-03-01", "MFA"),
        "The leaders met in Lima.": ("talk", None, "White House"),
        "They agreed to meet again.": ("talk", None, "White House"),
        "Officials will follow up.": ("talk", None, "White House")}
    context = {t: r["context_before"] for t, r in rows.items()}
    assert context == {"Xi cautioned Biden over Taiwan.": "", "He urged restraint.": "Xi cautioned Biden over Taiwan.",
                       "The leaders met in Lima.": "", "They agreed to meet again.": "The leaders met in Lima.",
                       "Officials will follow up.": "They agreed to meet again."}  # across rows, in one document
    assert all(r["id"].startswith("suggest-") for r in rows.values())  # the stable hash, not the row's id


@pytest.mark.parametrize("field, values", [("date", ("2024-03-01", "2024-03-02")), ("source", ("MFA", "PRC"))])
def test_rows_of_one_document_that_disagree_on_date_or_source_are_refused(tmp_path, capsys, field, values):
    path = tmp_path / "sentences.csv"
    path.write_text(f"doc_id,{field},text\ncall,{values[0]},Xi spoke.\ncall,,He urged restraint.\n"
                    f"call,{values[1]},Talks ended.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["suggest", str(path)])
    message = str(exc.value)
    assert f"{path}:2 and {path}:4 are rows of document 'call' with different {field}s" in message
    assert f"give them the same {field}" in message and "different doc_ids" in message
    assert capsys.readouterr().out == ""


def test_a_doc_id_that_is_another_row_s_stand_in_is_refused(tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"text": "Xi spoke."}) + "\n"
                    + json.dumps({"doc_id": "mixed.jsonl:1", "text": "Biden spoke."}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"mixed.jsonl:1 has no id or doc_id, so 'mixed.jsonl:1' stands in"):
        main(["suggest", str(path)])


def test_the_help_says_how_rows_are_read():
    help_text = cli_help("suggest")
    assert "a row's document is its doc_id, else its id, else <file name>:<line>" in help_text
    assert "context_before runs across the rows of one document, never across documents" in help_text
    assert "two rows with one id and no doc_id are refused" in help_text
