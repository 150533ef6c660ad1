"""``classify``, ``compare`` and ``suggest`` read a file as documents through one reader,
``stancelib.documents.documents_from_path``, which also says whether each document's id is its own.

Review r33 (diff), finding 3: compare (``_readout_file``) and suggest (``_suggest_documents``) each re-wrote the
reader's dispatch (exists? folder? record suffix? else a text file) beside ``documents_from_path`` and a second
reader, ``record_documents``, with their own variations: compare let a record's wrong-typed text escape as a
traceback where classify and suggest name it. The readouts are written for these tests.
"""

import json

import pytest

from stancelib import documents
from stancelib.cli import main
from stancelib.documents import PlacedDocument, documents_from_path

BODY = "Xi warned that Taiwan is a red line. The two sides agreed to keep talking.\n"


@pytest.fixture
def calls(monkeypatch):
    """Every path the one reader is asked to read."""
    seen = []
    real = documents.documents_from_path

    def counting(path, *args, **kwargs):
        seen.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(documents, "documents_from_path", counting)
    return seen


def test_the_three_commands_read_files_through_the_one_reader(calls, tmp_path, capsys):
    (tmp_path / "a.txt").write_text("source: MFA\n\n" + BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    assert main(["classify", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "jsonl"]) == 0
    assert main(["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "json"]) == 0
    assert main(["suggest", str(tmp_path / "a.txt"), "--n", "5"]) == 0
    capsys.readouterr()
    assert calls == ["a.txt", "b.txt", "a.txt", "b.txt", "a.txt"]


def test_the_reader_says_whose_id_each_document_has(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"id": "mfa-1", "text": BODY}) + "\n" + json.dumps({"text": BODY}) + "\n",
                    encoding="utf-8")
    placed = documents_from_path(path)
    assert [(p.document.id, p.where, p.own_id) for p in placed] == [
        ("mfa-1", f"{path}:1", True), ("mixed.jsonl:2", f"{path}:2", False)]
    assert all(isinstance(p, PlacedDocument) for p in placed)
    (tmp_path / "call.txt").write_text(BODY, encoding="utf-8")
    [one] = documents_from_path(tmp_path / "call.txt")
    assert (one.document.id, one.own_id) == ("call", True)  # a file's name is its own id


@pytest.mark.parametrize("command", [["compare", "{bad}", "{good}"], ["suggest", "{bad}"],
                                     ["classify", "{bad}"]])
def test_a_record_with_a_wrong_text_is_named_by_every_command(command, tmp_path):
    """compare let the reader's TypeError out as a traceback; now every command exits with its message."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "r1", "text": 42}) + "\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    argv = [a.format(bad=bad, good=tmp_path / "good.txt") for a in command]
    with pytest.raises(SystemExit, match=r"^stancelib: document 'r1' \(.*bad\.jsonl:1\): text is an? int; "
                                         r"expected a str"):
        main(argv)


def test_compare_and_suggest_keep_their_own_refusals(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(SystemExit, match="folder is a directory; compare takes two text files"):
        main(["compare", str(tmp_path / "folder"), str(tmp_path / "folder")])
    with pytest.raises(SystemExit, match="folder is a directory; pass a text file"):
        main(["suggest", str(tmp_path / "folder")])
    with pytest.raises(SystemExit, match=r"^stancelib: no such file or folder: .*gone\.txt"):
        main(["suggest", str(tmp_path / "gone.txt")])
