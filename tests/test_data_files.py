"""Reading files of readouts and of labelled sentences: JSON arrays, CSV lines, empty files, DatasetDicts.

Review round 30: M7 (a ``.json`` array), M12 (a CSV row's line is where it starts), L3 (an empty file,
refused near-miss codes listed as new codes) and L6 (a DatasetDict with several splits).
"""

import json

import pytest

from stancelib.batch import SentenceFileError, iter_rows
from stancelib.data import DataValidationError, Problem, load_records, new_codes, read_records, validate_records
from stancelib.documents import DocumentError, read_documents

READOUTS = [{"id": "d1", "date": "2024-01-01", "text": "Xi warned Biden."},
            {"text": "The two sides agreed to talk."}]
LABELLED = [{"id": "1", "doc_id": "a", "text": "Xi warned Biden.", "issue": ["taiwan"], "stance": "warning"},
            {"id": "2", "doc_id": "a", "text": "They agreed to talk.", "issue": ["relations"], "stance": "cooperation"}]


# M7: a .json file may hold a top-level array of records ------------------------------------------------------------

@pytest.mark.parametrize("indent", [None, 2])
def test_a_json_array_of_readouts_is_read(tmp_path, indent):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(READOUTS, indent=indent) + "\n", encoding="utf-8")
    docs = read_documents(path)
    assert [(d.id, d.date, d.text) for d in docs] == [("d1", "2024-01-01", "Xi warned Biden."),
                                                      ("r.json[1]", None, "The two sides agreed to talk.")]


def test_a_json_array_record_without_an_id_is_named_by_its_index(tmp_path):
    """Records of an array may share a line, so the id is the index (``jq '.[2]'``); errors name the line."""
    path = tmp_path / "r.json"
    path.write_text('[\n  {"id": "d1", "text": "Xi warned Biden."},\n\n  {"text": "Talks."}, {"text": "More."}\n]',
                    encoding="utf-8")
    assert [d.id for d in read_documents(path)] == ["d1", "r.json[1]", "r.json[2]"]
    path.write_text('[{"text": "Talks."},\n\n {"text": "More.", "date": "March"}]', encoding="utf-8")
    with pytest.raises(DocumentError, match=r"r\.json:3: date 'March' is not an ISO date"):
        read_documents(path)


def test_a_json_file_of_json_lines_still_works(tmp_path):
    path = tmp_path / "r.json"
    path.write_text("\n".join(json.dumps(r) for r in READOUTS) + "\n", encoding="utf-8")
    assert [d.id for d in read_documents(path)] == ["d1", "r.json:2"]


def test_a_bad_json_array_names_the_line_and_the_forms(tmp_path):
    path = tmp_path / "r.json"
    path.write_text('[\n  {"id": "d1", "text": "Xi warned Biden."}\n  {"text": "no comma before me"}\n]\n',
                    encoding="utf-8")
    with pytest.raises(DocumentError, match=r"r\.json:3: not valid JSON \(Expecting ',' delimiter\).*array"):
        read_documents(path)
    path.write_text('[{"id": "d1", "text": "x"},\n "just a string"]', encoding="utf-8")
    with pytest.raises(DocumentError, match=r"r\.json:2: expected an object with a 'text' field, got str"):
        read_documents(path)
    # a pretty-printed object is not JSON Lines: the message says what a .json file may hold
    path.write_text('{\n  "id": "d1",\n  "text": "x"\n}\n', encoding="utf-8")
    with pytest.raises(DocumentError, match=r"r\.json:1: not valid JSON.*JSON Lines"):
        read_documents(path)


def test_a_json_array_of_sentences_is_read_by_the_streaming_reader(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('\n[\n {"text": "Xi warned Biden.", "n": 1},\n {"text": "They agreed."}\n]\n', encoding="utf-8")
    assert list(iter_rows(str(path), "text")) == [{"text": "Xi warned Biden.", "n": 1}, {"text": "They agreed."}]
    path.write_text('[{"text": "Xi warned Biden."},\n {"body": "no text"}]', encoding="utf-8")
    with pytest.raises(SentenceFileError, match=r"s\.json:2: expected an object with a string 'text' field"):
        list(iter_rows(str(path), "text"))
    path.write_text('{"text": "Xi warned Biden."}\n\n{"text": "They agreed."}\n', encoding="utf-8")  # JSON Lines
    assert [r["text"] for r in iter_rows(str(path), "text")] == ["Xi warned Biden.", "They agreed."]


def test_a_json_array_of_labelled_sentences_is_read(tmp_path):
    path = tmp_path / "l.json"
    path.write_text(json.dumps(LABELLED, indent=1), encoding="utf-8")
    records = read_records(path)
    assert [(r["id"], r["_line"]) for r in records] == [("1", 2), ("2", 11)]
    assert validate_records(records) == []
    path.write_text('[{"id": "1"}, 3]', encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"l\.json:1: expected a JSON object, got int"):
        read_records(path)
    path.write_text('[{"id": "1"}', encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"l\.json:1: not valid JSON"):
        read_records(path)


# M12: a CSV row's line is the physical line it starts on -----------------------------------------------------------

def test_csv_readout_ids_are_the_line_a_row_starts_on(tmp_path):
    path = tmp_path / "rd.csv"
    path.write_text('date,text\n2024-01-01,"Xi warned Biden.\n\nHe urged restraint."\n\n'
                    '2024-02-01,The two sides agreed to talk.\n', encoding="utf-8")
    docs = read_documents(path)
    assert [d.id for d in docs] == ["rd.csv:2", "rd.csv:6"]
    assert docs[0].text == "Xi warned Biden.\n\nHe urged restraint."
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[6 - 1].startswith("2024-02-01")


def test_csv_lines_with_crlf_quoted_newlines_and_short_or_long_rows(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(b'id,text,source\r\na,"x\r\ny",\r\nb,z,MFA,surplus\r\nc\r\n')
    with pytest.raises(TypeError, match=r"document 'c' \(.*r\.csv:5\) has no text"):
        read_documents(path)
    path.write_bytes(b'id,text,source\r\na,"x\r\ny",\r\nb,z,MFA,surplus\r\n')
    docs = read_documents(path)
    assert [(d.id, d.text, d.source) for d in docs] == [("a", "x\r\ny", None), ("b", "z", "MFA")]


def test_labelled_csv_problems_name_the_line_a_row_starts_on(tmp_path):
    path = tmp_path / "ml.csv"
    path.write_text('id,doc_id,text,issue,stance\n1,a,"Xi\nwarned.",taiwan,warning\n2,a,Bad,taiwan,Warnin\n',
                    encoding="utf-8")
    records = read_records(path)
    assert [r["_line"] for r in records] == [2, 4]
    assert [str(p) for p in validate_records(records)] == [
        f"{path}:4: stance code 'Warnin' looks like a typo of 'warning'; fix it, or declare it as a new code "
        "(validate/train --new-codes Warnin; train(..., new_codes=['Warnin']))"]


# L3: an empty file, and refused near-miss codes listed as new codes -------------------------------------------------

@pytest.mark.parametrize("name, content", [("empty.jsonl", ""), ("blank.jsonl", "\n \n"), ("header.csv", "id,text\n"),
                                           ("empty.json", "[]")])
def test_a_file_without_records_is_said_to_hold_none(tmp_path, name, content):
    """Not "<records>:0: no label field", which names neither the file nor the problem."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert read_records(path) == []
    assert [str(p) for p in validate_records(read_records(path))] == [
        "<records>: no records: there are no labelled sentences to check (an empty file?); pass at least one record"]


def test_a_whole_file_problem_has_no_line_number(tmp_path):
    assert str(Problem("f.jsonl", 3, "x")) == "f.jsonl:3: x" and str(Problem("f.jsonl", 0, "x")) == "f.jsonl: x"
    path = tmp_path / "latin.jsonl"
    path.write_bytes('{"text": "caf\xe9"}\n'.encode("latin-1"))
    with pytest.raises(DataValidationError, match=rf"{path}: not UTF-8 text"):
        read_records(path)
    path = tmp_path / "nolabels.jsonl"
    path.write_text('{"id": "1", "doc_id": "a", "text": "Xi warned."}\n', encoding="utf-8")
    assert str(validate_records(read_records(path))[0]) == (
        f"{path}: no label field: each record needs 'issue' and/or 'stance' (and optionally 'side')")


def test_refused_near_miss_codes_are_not_new_codes():
    records = [dict(LABELLED[0]), dict(LABELLED[1], stance="Warnin", issue=["space"])]
    assert new_codes(records) == {"issue": ["space"], "stance": ["Warnin"]}  # every code outside the scheme
    assert new_codes(records, declared_codes=[]) == {"issue": ["space"]}  # what a retrained model learns
    assert new_codes(records, declared_codes=["Warnin"]) == {"issue": ["space"], "stance": ["Warnin"]}


# L6: a DatasetDict with several splits is refused, as classify_dataset refuses it -----------------------------------

def test_a_dataset_dict_with_several_splits_is_refused():
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_list(LABELLED)
    with pytest.raises(TypeError, match=r"DatasetDict with the splits \['train', 'test'\].*ds\['train'\]"):
        load_records(datasets.DatasetDict({"train": ds, "test": ds}))
    with pytest.raises(TypeError, match=r"pass one of them, e\.g\. ds\['a'\]"):
        load_records(datasets.DatasetDict({"a": ds, "b": ds}))
    one = load_records(datasets.DatasetDict({"test": ds}))  # one split: no doubt which
    assert [r["id"] for r in one] == ["1", "2"] and one[0]["_line"] == 1


def test_load_records_reads_a_dataframe_by_its_rows():
    """A DataFrame iterates over its column names: it was read as a list of paths ('No such labelled data file: id')."""
    pd = pytest.importorskip("pandas")
    from stancelib.data import load_records

    frame = pd.DataFrame({"id": ["1", "2"], "doc_id": ["a", "a"], "text": ["Xi warned Biden.", "They agreed."],
                          "stance": ["warning", "cooperation"]})
    records = load_records(frame)
    assert [(r["id"], r["text"], r["stance"]) for r in records] == [("1", "Xi warned Biden.", "warning"),
                                                                     ("2", "They agreed.", "cooperation")]
    assert validate_records(records) == []
