"""Ctrl-C and a full disk end a command with a line that says what happened and what the output holds, not a
Python traceback: status 130 for an interrupt (as ``train`` already did), 1 for a write that failed.

Review r34 (cli), L2: ``classify``, ``suggest``, ``compare`` and ``trends`` printed ``KeyboardInterrupt`` or
``OSError: [Errno 28] No space left on device`` with the whole stack, and never said the output was incomplete.
The readout is written for these tests.
"""

import errno
import io
import json

import pytest

import stancelib.api
import stancelib.curation
from stancelib.cli import main

TEXT = "Xi warned Biden about Taiwan. The two leaders agreed to keep talking. Trade was discussed.\n"


@pytest.fixture()
def readout(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_ctrl_c_while_labelling_says_the_output_is_incomplete(capsys, monkeypatch, readout):
    real = stancelib.api.iter_classify

    def interrupted(*args, **kwargs):  # Ctrl-C after the first label was made
        labels = real(*args, **kwargs)
        yield next(iter(labels))
        raise KeyboardInterrupt

    monkeypatch.setattr(stancelib.api, "iter_classify", interrupted)
    assert main(["classify", str(readout), "--format", "jsonl"]) == 130
    out, err = capsys.readouterr()
    assert [json.loads(line)["text"] for line in out.splitlines()] == ["Xi warned Biden about Taiwan."]  # whole rows
    assert err == ("stancelib: interrupted; the output is incomplete: standard output holds only the rows written "
                   "so far (each row whole)\n")


def test_ctrl_c_in_suggest_with_out_says_the_file_is_unchanged(capsys, monkeypatch, readout, tmp_path):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(stancelib.curation, "suggest", interrupted)
    out = tmp_path / "todo.jsonl"
    out.write_text("earlier\n", encoding="utf-8")
    assert main(["suggest", str(readout), "--out", str(out)]) == 130
    assert capsys.readouterr().err == f"stancelib: interrupted; {out} is unchanged (it is written only when the " \
                                      "command has finished)\n"
    assert out.read_text(encoding="utf-8") == "earlier\n"


class _FullDisk(io.RawIOBase):
    """Standard output on a full disk: every write fails as /dev/full makes it fail."""

    def writable(self):
        return True

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "table"])
def test_a_full_disk_is_a_message_not_a_traceback(capsys, monkeypatch, readout, fmt):
    import sys

    full = io.TextIOWrapper(io.BufferedWriter(_FullDisk(), buffer_size=16), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", full)
    try:
        code = main(["classify", str(readout), "--format", fmt])
    finally:
        monkeypatch.undo()
    assert code == 1
    assert capsys.readouterr().err == "stancelib: [Errno 28] No space left on device; the output is incomplete\n"
