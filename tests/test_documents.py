"""classify_documents(): many dated readouts in one call, each in its own context.

The readouts here are short texts written for these tests.
"""

import dataclasses
import datetime
import json
import re

import pytest

from stancelib import classify, classify_documents
from stancelib.documents import Document, DocumentError, parse_date, read_documents, split_header

READOUTS = [
    {"id": "wh-2023-11", "date": "2023-11-15", "source": "White House",
     "text": "President Biden raised concerns about Chinese pressure on Taiwan. "
             "He also pressed for action on fentanyl precursors. "
             "The two leaders agreed to resume military-to-military talks."},
    {"id": "mfa-2024-04", "date": "2024-04", "source": "MFA",
     "text": "Xi Jinping warned that Taiwan is the first red line that must not be crossed.\n"
             "He urged Washington to lift sanctions on Chinese companies."},
    {"id": "wh-2025", "date": "2025", "source": "White House",
     "text": "The call lasted about an hour. They agreed to keep lines of communication open."},
]


def _bare(labels):
    return [dataclasses.replace(lab, doc_id=None, date=None, source=None) for lab in labels]


@pytest.fixture(scope="module")
def labelled(model):
    return classify_documents(READOUTS, model=model)


def test_each_document_is_labelled_as_classify_labels_it_alone(labelled, model):
    for r in READOUTS:
        mine = [lab for lab in labelled if lab.doc_id == r["id"]]
        assert mine and _bare(mine) == classify(r["text"], model=model)
        assert {(lab.date, lab.source) for lab in mine} == {(r["date"], r["source"])}
        assert all(r["text"][lab.span[0]:lab.span[1]] == lab.text for lab in mine)
    # flat, document after document
    assert [lab.doc_id for lab in labelled] == sorted((lab.doc_id for lab in labelled),
                                                      key=[r["id"] for r in READOUTS].index)


def test_context_does_not_cross_documents(model):
    """A document opening with "He ..." must not take its side from the previous document."""
    first = "Xi warned the United States over Taiwan."
    second = "He said the two sides agreed to cooperate on climate."
    together = classify_documents([first, second], model=model)
    assert _bare(together[1:]) == classify(second, model=model)
    # whereas in one text it reads the sentence before
    assert classify(first + " " + second, model=model)[1].scores != together[1].scores


def test_one_document_and_plain_strings(model):
    labels = classify_documents(["The two sides agreed to talk. The call lasted an hour."], model=model)
    assert [lab.doc_id for lab in labels] == ["0", "0"]
    assert all(lab.date is None and lab.source is None for lab in labels)
    assert labels[0].to_dict()["doc_id"] == "0" and "date" not in labels[0].to_dict()


def test_empty_documents_give_no_labels(model):
    labels = classify_documents(["", "  \n", "Xi warned Biden."], model=model)
    assert [lab.doc_id for lab in labels] == ["2"]
    assert classify_documents([], model=model) == []


def test_many_documents_across_batches_match_classify(model, monkeypatch):
    """Documents never straddle two model calls, so context is kept at batch edges."""
    import stancelib.documents

    monkeypatch.setattr(stancelib.documents, "BATCH_SIZE", 4)
    docs = [r["text"] for r in READOUTS] * 3
    labels = classify_documents(docs, model=model)
    for i, text in enumerate(docs):
        assert _bare([lab for lab in labels if lab.doc_id == str(i)]) == classify(text, model=model)


def test_duplicate_ids_are_refused():
    with pytest.raises(DocumentError, match=r"two documents have the id 'a' \(documents 0 and 2\)"):
        read_documents([{"id": "a", "text": "x"}, {"id": "b", "text": "y"}, {"id": "a", "text": "z"}])
    # a position used as an id counts too
    with pytest.raises(DocumentError, match="id '1'"):
        read_documents([{"id": "1", "text": "x"}, {"text": "y"}])
    assert isinstance(DocumentError("x"), ValueError)


def test_ids_fall_back_to_doc_id_then_position():
    docs = read_documents([{"doc_id": "d7", "text": "x"}, {"id": 42, "text": "y"}, {"text": "z"}])
    assert [d.id for d in docs] == ["d7", "42", "2"]


def test_ids_without_an_id_are_file_and_line_in_files_and_positions_in_lists(tmp_path):
    """The one id rule: a file's record joins back to its line, an in-memory item to its index."""
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text('{"id": "a", "text": "x"}\n\n{"text": "y"}\n{"doc_id": "d", "text": "z"}\n{"id": " ", "text": "w"}\n',
                     encoding="utf-8")
    assert [d.id for d in read_documents(jsonl)] == ["a", "r.jsonl:3", "d", "r.jsonl:5"]
    table = tmp_path / "r.csv"
    table.write_text("id,text\na,x\n,y\n", encoding="utf-8")
    assert [d.id for d in read_documents(table)] == ["a", "r.csv:3"]  # the header is line 1
    rows = [{"id": "a", "text": "x"}, {"text": "y"}]
    assert [d.id for d in read_documents(rows)] == ["a", "1"]
    assert [d.id for d in read_documents(["x", "y"])] == ["0", "1"]
    # a duplicate id read from a file names both lines
    jsonl.write_text('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', encoding="utf-8")
    with pytest.raises(DocumentError, match=r"two documents have the id 'a' \(.*r\.jsonl:1 and .*r\.jsonl:2\)"):
        read_documents(jsonl)


def test_missing_dates_are_none_and_bad_dates_name_the_document(model):
    docs = read_documents([{"id": "a", "text": "x"}, {"id": "b", "date": "", "text": "y"},
                           {"id": "c", "date": None, "text": "z"}])
    assert [d.date for d in docs] == [None, None, None]
    for bad in ("2024-13-01", "2024-02-30", "15 March 2024", "2024/03/15", "24-03-15"):
        with pytest.raises(DocumentError, match=r"document 'mfa-1'.*YYYY-MM-DD"):
            classify_documents([{"id": "mfa-1", "date": bad, "text": "Talks."}], model=model)
    with pytest.raises(DocumentError, match="document 3"):
        read_documents(["a", "b", "c", {"date": "yesterday", "text": "d"}])


def test_dates_are_normalised():
    assert parse_date(datetime.date(2024, 5, 1)) == "2024-05-01"
    assert parse_date(datetime.datetime(2024, 5, 1, 10, 30)) == "2024-05-01"
    assert parse_date("2024-05-01T10:30:00Z") == "2024-05-01"
    assert parse_date(2024) == "2024" and parse_date(float("nan")) is None
    with pytest.raises(DocumentError, match="is a list"):
        parse_date(["2024"])


@pytest.mark.parametrize("bad, error, match", [
    ([None], TypeError, "document 0 is a NoneType"),
    (["ok", 3], TypeError, "document 1 is a int"),
    ([{"id": "x", "text": None}], TypeError, "document 'x'.*no text"),
    ([{"id": "x", "text": b"bytes"}], TypeError, "document 'x'.*bytes"),
    ([{"id": "x", "body": "no text field"}], DocumentError, "no 'text' field"),
    ([{"id": ["x"], "text": "t"}], DocumentError, "'id' is a list"),
    ("Xi warned Biden. They talked.", TypeError, "single str"),
    ({"text": "a mapping"}, TypeError, "got dict"),
    (b"bytes", TypeError, "bytes"),
])
def test_bad_documents_get_a_clear_error(bad, error, match):
    with pytest.raises(error, match=match):
        read_documents(bad)


def test_a_missing_path_is_not_read_as_a_readout(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_documents(str(tmp_path / "readouts.jsonl"))
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_documents(tmp_path / "nowhere")


def test_folder_of_text_files_with_date_lines(tmp_path, model):
    (tmp_path / "b-call.txt").write_text("date: 2024-04-02\nsource: MFA\n\nXi warned Biden over Taiwan.\n",
                                         encoding="utf-8")
    (tmp_path / "a-call.txt").write_text("Date: 2023-11\nThe two leaders agreed to resume talks.", encoding="utf-8")
    (tmp_path / "c-undated.txt").write_text("The President raised concerns about fentanyl.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a readout", encoding="utf-8")
    labels = classify_documents(tmp_path, model=model)
    assert [(lab.doc_id, lab.date, lab.source) for lab in labels] == [
        ("a-call", "2023-11", None), ("b-call", "2024-04-02", "MFA"), ("c-undated", None, None)]
    assert not any("date" in lab.text.lower() for lab in labels)
    assert _bare(labels[1:2]) == classify("\nXi warned Biden over Taiwan.\n", model=model)
    assert classify_documents(str(tmp_path), model=model) == labels  # a str path works too


def test_folder_with_a_bad_date_line_names_the_file(tmp_path):
    (tmp_path / "x.txt").write_text("date: March 2024\nTalks.", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"x\.txt \(document 'x'\): date 'March 2024'"):
        read_documents(tmp_path)
    (tmp_path / "x.txt").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(DocumentError, match="not UTF-8"):
        read_documents(tmp_path)


# Review r31, finding 11: text saved on Windows (Word "Plain Text", Notepad, an Excel CSV) is Windows-1252;
# converted "as Latin-1", its curly quotes and dashes became C1 control characters that no quote rule reads.
@pytest.mark.parametrize("name, text, codec", [
    ("word.txt", "The spokesperson said \u201cthe U.S. must stop.\u201d Biden disagreed.\n", "cp1252"),
    ("notepad.txt", "Xi\u2019s remarks \u2013 brief \u2013 came after talks on the \u20ac50 billion deal.\n", "cp1252"),
    ("excel.csv", "id,text\n1,\u201cTaiwan is a red line,\u201d Xi said.\n", "cp1252"),
    ("latin.txt", "Talks at the caf\xe9 in S\xe3o Paulo.\n", "latin1"),  # no byte 0x80-0x9F: Latin-1 as before
])
def test_the_encoding_advice_converts_the_file_back(tmp_path, name, text, codec):
    data = text.encode(codec)
    (tmp_path / name).write_bytes(data)
    with pytest.raises(DocumentError, match=r"is not UTF-8 text") as exc:
        read_documents(tmp_path / name)
    advised = re.search(r"iconv -f (\S+) -t utf-8", str(exc.value)).group(1)
    assert advised == codec and data.decode(advised) == text  # the advice gives the text back, quotes and all


def test_bytes_that_are_not_windows_1252_get_the_latin1_advice():
    from stancelib.data import encoding_advice

    # 0x81 is no Windows-1252 character: iconv -f cp1252 would stop on it
    assert "iconv -f latin1" in encoding_advice(b"Talks \x81 and \x93more\x94.")
    assert "iconv -f cp1252" in encoding_advice(b"Talks and \x93more\x94.")
    assert "iconv -f utf-16" in encoding_advice("Talks \u201cmore\u201d.".encode("utf-16"))


# Review r31 (diff), finding 10: a UTF-8 file with one stray Latin-1 byte was advised "iconv -f cp1252" (its
# curly apostrophes' bytes E2 80 99 hold 0x80 and 0x99), which garbles every UTF-8 character of the file.
STRAY = ("China\u2019s foreign ministry said the U.S. side\u2019s move was wrong. The caf\u00e9 meeting went well.\n"
         .encode("utf-8").replace("caf\u00e9".encode("utf-8"), b"caf\xe9"))


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_a_utf8_file_with_a_stray_byte_is_told_to_fix_that_byte(tmp_path, bom):
    data = bom + STRAY
    (tmp_path / "stray.txt").write_bytes(data)
    with pytest.raises(DocumentError) as exc:
        read_documents(tmp_path / "stray.txt")
    message = str(exc.value)
    assert "iconv" not in message and "cp1252" not in message and "latin1" not in message
    position = data.index(b"\xe9")
    assert (f"is not UTF-8 text (invalid byte at position {position}); it is mostly UTF-8, with 1 invalid byte, at "
            f"position {position} (in ") in message
    assert "The caf\\xe9 meeting" in message and "fix it" in message
    # fixing that one byte gives the text back, curly apostrophes and all
    fixed = data[:position] + "\u00e9".encode("utf-8") + data[position + 1:]
    [doc] = read_documents([fixed.decode("utf-8-sig")])
    assert "China\u2019s" in doc.text and "caf\u00e9" in doc.text


def test_the_encoding_advice_tells_a_few_stray_bytes_from_a_file_in_another_encoding():
    from stancelib.data import encoding_advice

    utf8 = "Xi\u2019s remarks \u2013 brief \u2013 came after talks.\n".encode("utf-8")
    # several stray bytes among more UTF-8 characters, or fewer than 1% of a long UTF-8 file: fix the bytes
    assert encoding_advice(utf8 + b"\x93Talks\x94 at the caf\xe9.\n").startswith(
        f"it is mostly UTF-8, with 3 invalid bytes, the first at position {len(utf8)} (in '\\x93Talks\\x94")
    long_file = utf8 + b"Talks went on.\n" * 100 + b"Talks at the caf\xe9 and \x93more\x94.\n"
    assert encoding_advice(long_file).startswith("it is mostly UTF-8, with 3 invalid bytes")
    # a Windows-1252 file: its curly quotes outnumber the one character that happens to be valid UTF-8
    windows = "\u201cTaiwan\u201d and \u201ctrade\u201d, \u00c2\u00a9 2024.".encode("cp1252")
    assert "\u00a9" in windows.decode("utf-8", "replace")  # C2 A9 reads as UTF-8
    assert "iconv -f cp1252" in encoding_advice(windows)
    # no valid multi-byte character: a file in another encoding, not "mostly UTF-8"
    assert "iconv -f latin1" in encoding_advice(b"Talks at the caf\xe9 in S\xe3o Paulo.")


def test_empty_folder_and_unknown_suffix(tmp_path):
    with pytest.raises(DocumentError, match="no .txt file"):
        read_documents(tmp_path)
    (tmp_path / "r.docx").write_text("x")
    with pytest.raises(DocumentError, match="cannot tell how to read"):
        read_documents(tmp_path / "r.docx")


def test_split_header_only_reads_the_top():
    assert split_header("Talks.\ndate: 2024-01-01") == ("Talks.\ndate: 2024-01-01", {})
    assert split_header("\n\ndate: 2024-01-01\nsource: x\nTalks.") == ("Talks.", {"date": "2024-01-01", "source": "x"})
    # a repeated key ends the header
    assert split_header("date: 2024\ndate: 2025\nT.") == ("date: 2025\nT.", {"date": "2024"})


def test_jsonl_and_csv_files(tmp_path, model):
    jsonl = tmp_path / "readouts.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in READOUTS) + "\n\n", encoding="utf-8")
    from_jsonl = classify_documents(jsonl, model=model)
    assert from_jsonl == classify_documents(READOUTS, model=model)

    import csv

    path = tmp_path / "readouts.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["id", "date", "source", "text", "extra"])
        w.writeheader()
        for r in READOUTS:
            w.writerow({**r, "extra": "kept out"})
        w.writerow({"id": "undated", "date": "", "source": "", "text": "The call lasted an hour."})
    from_csv = classify_documents(path, model=model)
    assert from_csv[:len(from_jsonl)] == from_jsonl
    assert (from_csv[-1].doc_id, from_csv[-1].date, from_csv[-1].source) == ("undated", None, None)


def test_bad_lines_of_files_are_named(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n{broken\n', encoding="utf-8")
    with pytest.raises(DocumentError, match=r"r\.jsonl:2: not valid JSON"):
        read_documents(path)
    path.write_text('{"id": "a", "text": "x", "date": "2024-99"}\n', encoding="utf-8")
    with pytest.raises(DocumentError, match=r"document 'a' \(.*r\.jsonl:1\): date '2024-99'"):
        read_documents(path)
    csv_path = tmp_path / "r.csv"
    csv_path.write_text("id,body\n1,x\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="no 'text' column"):
        read_documents(csv_path)


def test_jsonl_lines_are_split_on_newlines_only(tmp_path):
    """A raw U+2028 (json.dumps(..., ensure_ascii=False) keeps it) is inside a line, not between two."""
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Talks.\u2028More talks."}, ensure_ascii=False) + "\r\n"
                    + json.dumps({"text": "x"}) + "\n", encoding="utf-8")
    assert [(d.id, d.text) for d in read_documents(path)] == [("a", "Talks.\u2028More talks."), ("r.jsonl:2", "x")]


def test_dataset_and_dataframe_input(model):
    import datasets

    ds = datasets.Dataset.from_list(READOUTS)
    expected = classify_documents(READOUTS, model=model)
    assert classify_documents(ds, model=model) == expected
    with pytest.raises(TypeError, match=r"DatasetDict.*docs\['train'\]"):
        classify_documents(datasets.DatasetDict({"train": ds}), model=model)
    with pytest.raises(DocumentError, match="no 'text' column"):
        classify_documents(ds.rename_column("text", "body"), model=model)
    pd = pytest.importorskip("pandas")
    assert classify_documents(pd.DataFrame(READOUTS), model=model) == expected


def test_document_objects_are_accepted(model):
    docs = [Document("x", "Xi warned Biden.", "2024-01-01", "MFA")]
    assert classify_documents(docs, model=model)[0].doc_id == "x"


def test_pandas_missing_values_are_missing(model):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": ["a", "b"], "date": pd.to_datetime(["2024-05-01", None]),
                          "text": ["Talks.", "More talks."]})
    assert [d.date for d in read_documents(frame)] == ["2024-05-01", None]
    import numpy as np

    assert parse_date(np.int64(2020)) == "2020" and parse_date(pd.NaT) is None


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SENTENCES = ["Xi warned Biden over Taiwan.", "He urged restraint.", "They agreed to talk.",
              "The call lasted an hour.", "The President raised concerns about fentanyl.", "", "\n"]


@given(st.lists(st.lists(st.sampled_from(_SENTENCES), max_size=4).map(" ".join), max_size=5))
def test_property_documents_equal_classify_alone(texts):
    labels = classify_documents(texts)  # the bundled model
    for i, text in enumerate(texts):
        assert _bare([lab for lab in labels if lab.doc_id == str(i)]) == classify(text)
    assert len(labels) == sum(len(classify(t)) for t in texts)


def test_whole_number_float_ids_are_ids_and_fractions_are_refused():
    """Review r30 M8: one missing id makes pandas store the id column as float64 (1.0, 2.0, NaN)."""
    pd = pytest.importorskip("pandas")
    import numpy as np

    frame = pd.DataFrame({"id": [1, 5, None], "date": ["2024-01-01", None, "2024-02"],
                          "text": ["Xi warned Biden.", "Talks resumed.", "They agreed."]})
    assert frame["id"].dtype == "float64"
    assert [d.id for d in read_documents(frame)] == ["1", "5", "2"]  # the gap gets its position
    floats = [{"id": np.float64(7.0), "text": "x"}, {"id": -0.0, "text": "y"}]
    assert [d.id for d in read_documents(floats)] == ["7", "0"]
    for bad in (1.5, float("inf")):
        with pytest.raises(DocumentError, match=r"document 0: 'id' is a float \(.*\), not a whole number; "
                                                r"give ids as str.*astype\(str\)"):
            read_documents([{"id": bad, "text": "x"}])
    with pytest.raises(DocumentError, match="'id' is a bool"):
        read_documents([{"id": True, "text": "x"}])
    # the usual gap: 1, 2, NaN, 4; the third's position "2" is the second's id, and the error says so
    gap = pd.DataFrame({"id": [1, 2, None, 4], "text": ["Xi warned.", "Talks resumed.", "They agreed.", "No."]})
    with pytest.raises(DocumentError, match=r"document 2 has no id, so its position '2' stands in for one, and "
                                            r"document 1 has the id '2'; .*fill the missing ones"):
        read_documents(gap)
    with pytest.raises(DocumentError, match=r"two documents have the id 'a' \(documents 0 and 1\)"):
        read_documents([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}])
