"""``stancelib compare`` names each readout by what its file says, never by a position that contradicts it: its
own ``source:`` header line; a file without one, beside one with a source, by its name; two files of one source
by the source and the file name; the positional default (US, China) only when neither says who wrote it, with a
warning naming which file got which name.

Review r34 (cli), M2: a readout whose header said "Chinese Foreign Ministry" was printed as US (a source was used
only when both files had one and they differed), and "taiwan: warning, only US" read as the US's warning. The
readouts are written for these tests.
"""

import json

import pytest

from stancelib.cli import main
from stancelib.comparison import DEFAULT_NAMES

CN_BODY = "Xi warned that Taiwan is a red line. The two leaders agreed to keep talking.\n"
US_BODY = "The President raised concerns about fentanyl. The two leaders agreed to keep talking.\n"


def names(capsys, *argv):
    assert main(["compare", *map(str, argv), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    return json.loads(out)["names"], err


@pytest.fixture()
def files(tmp_path):
    (tmp_path / "cn_src.txt").write_text("source: Chinese Foreign Ministry\n\n" + CN_BODY, encoding="utf-8")
    (tmp_path / "call_us.txt").write_text(US_BODY, encoding="utf-8")
    (tmp_path / "call_cn.txt").write_text(CN_BODY, encoding="utf-8")
    for folder, body in (("a", CN_BODY), ("b", US_BODY)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "mfa.txt").write_text("source: MFA\n\n" + body, encoding="utf-8")
    return tmp_path


def test_a_source_names_its_readout_and_the_other_is_named_by_its_file(capsys, files):
    got, err = names(capsys, files / "cn_src.txt", files / "call_us.txt")
    assert got == ["Chinese Foreign Ministry", "call_us"] and "warning" not in err
    got, _ = names(capsys, files / "call_us.txt", files / "cn_src.txt")
    assert got == ["call_us", "Chinese Foreign Ministry"]


def test_two_readouts_of_one_source_are_told_apart_by_their_files(capsys, files):
    got, _ = names(capsys, files / "a" / "mfa.txt", files / "cn_src.txt")
    assert got == ["MFA", "Chinese Foreign Ministry"]
    (files / "wh.txt").write_text("source: mfa\n\n" + US_BODY, encoding="utf-8")
    got, _ = names(capsys, files / "a" / "mfa.txt", files / "wh.txt")
    assert got == ["MFA (mfa)", "mfa (wh)"]
    got, _ = names(capsys, files / "a" / "mfa.txt", files / "b" / "mfa.txt")  # one file name too
    assert got == ["MFA (a/mfa)", "MFA (b/mfa)"]
    got, _ = names(capsys, files / "a" / "mfa.txt", files / "a" / "mfa.txt")  # one file twice
    assert got == ["MFA (mfa) (A)", "MFA (mfa) (B)"]


def test_standard_input_without_a_source_is_named_so(capsys, files, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(US_BODY.encode("utf-8"))))
    got, _ = names(capsys, files / "cn_src.txt", "-")
    assert got == ["Chinese Foreign Ministry", "standard input"]


def test_positions_only_when_neither_file_says_who_wrote_it_and_then_a_warning(capsys, files):
    got, err = names(capsys, files / "call_us.txt", files / "call_cn.txt")
    assert got == list(DEFAULT_NAMES)
    assert err.startswith("stancelib: warning: neither readout has a 'source:' header line, so the columns are "
                          f"named by position: {DEFAULT_NAMES[0]} for {files / 'call_us.txt'}, {DEFAULT_NAMES[1]} "
                          f"for {files / 'call_cn.txt'}")
    assert "--names NAME_A NAME_B" in err
    got, err = names(capsys, files / "call_us.txt", files / "call_cn.txt", "--names", "White House", "MFA")
    assert got == ["White House", "MFA"] and not err  # the user's names: nothing to warn of
