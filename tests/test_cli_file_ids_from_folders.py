"""Text files of one name in different folders (one folder per source, files named by date) are labelled together:
the command line names each by its path from the folder they share, without the suffix (``wh/2024-04-12``,
``mfa/2024-04-12``), and ``--help`` says so. One file given twice is still refused, and the message says to rename
a file (a text file can carry no id).

Review r34 (cli), M6: ``classify wh/ mfa/`` and ``trends wh mfa`` were refused ("two documents have the id
'2024-04-12' ... give each an 'id'"), a fix a text file cannot take. The readouts are written for these tests.
"""

import csv
import io
from pathlib import Path

import pytest

from stancelib.cli import main
from stancelib.documents import file_ids_apart

from .conftest import cli_help, cli_output


@pytest.fixture()
def folders(tmp_path):
    for folder, source, body in (("wh", "White House", "The President raised concerns about fentanyl."),
                                 ("mfa", "MFA", "Xi warned that Taiwan is a red line.")):
        (tmp_path / folder).mkdir()
        for date in ("2024-04-12", "2024-05-02"):
            (tmp_path / folder / f"{date}.txt").write_text(f"date: {date}\nsource: {source}\n\n{body}\n",
                                                           encoding="utf-8")
    return tmp_path


def doc_ids(out):
    return sorted({row["doc_id"] for row in csv.DictReader(io.StringIO(out))})


def test_folders_of_files_of_one_name_are_labelled_together(capsys, folders):
    out = cli_output(capsys, "classify", str(folders / "wh"), str(folders / "mfa"), "--format", "csv")
    assert doc_ids(out) == ["mfa/2024-04-12", "mfa/2024-05-02", "wh/2024-04-12", "wh/2024-05-02"]
    assert main(["trends", str(folders / "wh"), str(folders / "mfa"), "--format", "json"]) == 0  # trends too
    assert capsys.readouterr().err.startswith("4 readouts labelled")
    # two files of one name given one by one; a third file of another name keeps its name
    (folders / "mfa" / "extra.txt").write_text("The two sides agreed to keep talking.\n", encoding="utf-8")
    files = [folders / "wh" / "2024-04-12.txt", folders / "mfa" / "2024-04-12.txt", folders / "mfa" / "extra.txt"]
    out = cli_output(capsys, "classify", *map(str, files), "--format", "csv")
    assert doc_ids(out) == ["extra", "mfa/2024-04-12", "wh/2024-04-12"]


def test_the_path_is_from_the_folder_the_files_share():
    assert file_ids_apart(["x", "x", "x"], [Path("a/x.txt"), Path("a/b/x.txt"), None]) == ["x", "b/x", "x"]
    assert file_ids_apart(["x", "x"], [Path("a/x.txt"), Path("a/x.md")]) == ["x.txt", "x.md"]  # by suffix alone


def test_one_file_twice_is_still_refused_and_the_message_says_to_rename(capsys, folders):
    path = str(folders / "wh" / "2024-04-12.txt")
    with pytest.raises(SystemExit, match=r"two documents have the id '2024-04-12'.*rename a file") as exc:
        main(["classify", path, path])
    assert exc.value.code != 2


def test_the_help_says_how_files_of_one_name_are_named():
    text = cli_help("classify")
    assert ("text files of one name in different folders (wh/2024-04-12.txt, mfa/2024-04-12.txt) are named by "
            "their paths from the folder they share (wh/2024-04-12, mfa/2024-04-12)") in text
