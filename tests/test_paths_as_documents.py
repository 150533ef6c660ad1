"""Files named in Python: a list of ``pathlib.Path`` is read as files, a file's name given as a str is labelled
as text with a warning that says how to read it, and ``read_text_document`` takes a str.

Review r33 (user), findings 1 and 7: ``classify_documents(["wh.txt", "cn.txt"])`` labelled the two names as
readouts without a word, ``classify_documents([Path(...), ...])`` was refused with no way forward, and the
``read_text_document(path)`` that ``classify --help`` names failed on a str. The readouts are written for these
tests.
"""

import warnings
from pathlib import Path

import pytest

from stancelib import classify, classify_documents
from stancelib.api import FileNameAsTextWarning
from stancelib.documents import DocumentError, read_documents, read_text_document

WH = "date: 2025-03-14\nsource: White House\n\nThe President pressed Xi on fentanyl. He urged restraint on Taiwan.\n"
CN = "date: 2025-03-14\nsource: MFA\n\nXi said Taiwan is a red line. The two sides agreed to stay in touch.\n"


@pytest.fixture()
def pair(tmp_path, monkeypatch):
    (tmp_path / "wh.txt").write_text(WH, encoding="utf-8")
    (tmp_path / "cn.txt").write_text(CN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_list_of_paths_is_read_as_the_command_line_reads_files(pair):
    labels = classify_documents([Path("wh.txt"), Path("cn.txt")])
    assert [lab.doc_id for lab in labels] == ["wh", "wh", "cn", "cn"]
    assert {(lab.doc_id, lab.date, lab.source) for lab in labels} == {
        ("wh", "2025-03-14", "White House"), ("cn", "2025-03-14", "MFA")}
    assert not any("date:" in lab.text or "source:" in lab.text for lab in labels)  # header lines read, not labelled
    # the same labels, spans included, as the folder read whole (the CLI's reader)
    by_folder = {(lab.doc_id, lab.span, lab.text, lab.stance) for lab in classify_documents(pair)}
    assert {(lab.doc_id, lab.span, lab.text, lab.stance) for lab in labels} == by_folder


def test_paths_mix_with_texts_and_one_file_given_twice_is_refused_naming_both(pair):
    labels = classify_documents(["Xi spoke with Biden by phone.", Path("wh.txt")])
    assert [lab.doc_id for lab in labels] == ["0", "wh", "wh"]
    with pytest.raises(DocumentError, match=r"'wh' \(wh\.txt and .*wh\.txt\)"):
        read_documents([Path("wh.txt"), pair / "wh.txt"])  # one file, two spellings of its path


def test_files_of_one_name_in_different_folders_are_named_by_their_paths_as_on_the_command_line(pair):
    # review r34 leftovers, finding 3: the library refused them while the CLI named them apart
    for folder, text in (("wh", WH), ("mfa", CN)):
        (pair / folder).mkdir()
        (pair / folder / "a.txt").write_text(text, encoding="utf-8")
    docs = read_documents([Path("wh/a.txt"), Path("mfa/a.txt"), Path("cn.txt")])
    assert [(d.id, d.source) for d in docs] == [("wh/a", "White House"), ("mfa/a", "MFA"), ("cn", "MFA")]
    assert [d.id for d in read_documents([Path("wh"), Path("mfa")])] == ["wh/a", "mfa/a"]  # folders alike
    from stancelib.cli import read_inputs

    assert [d.id for d in read_inputs(["wh/a.txt", "mfa/a.txt", "cn.txt"])] == [d.id for d in docs]


def test_a_missing_path_in_a_list_names_its_position(pair):
    with pytest.raises(FileNotFoundError, match="document 1: no such file or folder: gone.txt"):
        read_documents([Path("wh.txt"), Path("gone.txt")])


def test_a_file_name_given_as_a_str_is_labelled_as_text_with_a_warning_naming_the_fix(pair):
    with pytest.warns(FileNameAsTextWarning) as caught:
        labels = classify_documents(["wh.txt", "cn.txt"])
    assert [lab.text for lab in labels] == ["wh.txt", "cn.txt"]  # not guessed at: a str is a text
    assert [str(w.message).split(",")[0] for w in caught] == ["document 0 is 'wh.txt'", "document 1 is 'cn.txt'"]
    assert "pass Path('cn.txt') (from pathlib) or its folder" in str(caught[1].message)
    assert all(w.filename == __file__ for w in caught)  # the warning points at the caller's line


def test_classify_of_a_file_name_warns_and_of_a_sentence_does_not(pair):
    with pytest.warns(FileNameAsTextWarning, match=r"classify_documents\(Path\('wh\.txt'\)\)"):
        classify("wh.txt")
    with warnings.catch_warnings():
        warnings.simplefilter("error", FileNameAsTextWarning)
        classify("Xi spoke with Biden about wh.txt.")  # whitespace: a sentence, not a name
        classify_documents(["Talks resumed on trade.", "not-a-file.txt"])


def test_what_is_not_a_document_is_refused_with_the_way_to_read_files(pair):
    with pytest.raises(TypeError, match=r"document 0 is a int.*pathlib\.Path \(a file to read"):
        classify_documents([3])
    with pytest.raises(TypeError, match="classify_documents\\(path\\)"):
        classify(Path("wh.txt"))
    with pytest.raises(TypeError, match=r"classify_sentences\(list\).*classify_documents\(list\)"):
        classify(["Xi spoke.", "Biden spoke."])


def test_read_text_document_takes_a_str(pair):
    doc = read_text_document("wh.txt")
    assert doc == read_text_document(Path("wh.txt"))
    assert (doc.id, doc.date, doc.source) == ("wh", "2025-03-14", "White House")
    assert doc.text.strip().startswith("The President")
