"""Output files are written by one atomic writer, ``persist.atomic_open``: ``tables.write_table`` (so
``save_labels``) and the command line's ``--out`` (``cli._write_jsonl``) get the permissions ``open()`` gives a
file (0644 under a umask of 022, not a temporary file's owner-only 0600), and a write that fails leaves the old
file as it was and no temporary file.

Review r33 follow-ups, finding 5. The sentences are written for these tests.
"""

import json
import os
import stat
import sys

import pytest

from stancelib.api import SentenceLabel
from stancelib.cli import _write_jsonl
from stancelib.persist import atomic_open
from stancelib.tables import save_labels, write_table

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")

ROWS = [{"id": "a1", "text": "The envoy protested the sanctions."}, {"id": "a2", "text": "Both sides agreed."}]


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder, keep):
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_write_table_gives_the_umasks_mode(umask_022, tmp_path, suffix):
    if suffix == "parquet":
        pytest.importorskip("pyarrow")
    path = write_table(ROWS, tmp_path / f"rows.{suffix}", columns=["id", "text"])
    assert mode(path) == 0o644
    assert leftovers(tmp_path, {path.name}) == []


def test_save_labels_and_out_give_the_umasks_mode(umask_022, tmp_path):
    label = SentenceLabel(text="Both sides agreed.", span=(0, 18), issues=(), stance="cooperation", side="joint",
                          confidence=0.5)
    assert mode(save_labels([label], tmp_path / "labels.csv")) == 0o644
    _write_jsonl(iter(ROWS), str(tmp_path / "suggested.jsonl"))
    assert mode(tmp_path / "suggested.jsonl") == 0o644
    assert [json.loads(line) for line in (tmp_path / "suggested.jsonl").read_text(encoding="utf-8").splitlines()] == ROWS


def test_a_stricter_umask_is_obeyed(tmp_path):
    old = os.umask(0o077)
    try:
        path = write_table(ROWS, tmp_path / "rows.csv", columns=["id", "text"])
    finally:
        os.umask(old)
    assert mode(path) == 0o600


def test_a_replaced_file_keeps_its_mode(umask_022, tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    write_table(ROWS, path, columns=["id", "text"])
    assert mode(path) == 0o640 and path.read_text(encoding="utf-8").startswith('{"id": "a1"')


def test_a_failed_write_table_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text("old\n", encoding="utf-8")
    rows = ROWS + [{"id": "a3", "text": object()}]  # JSON cannot hold it: the third row fails, two are written
    with pytest.raises(TypeError):
        write_table(rows, path, columns=["id", "text"])
    assert path.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path, {path.name}) == []


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_a_failed_out_leaves_the_old_file_and_no_temporary_file(tmp_path, error):
    path = tmp_path / "suggested.jsonl"
    path.write_text("old\n", encoding="utf-8")

    def rows():
        yield ROWS[0]
        raise error("stopped half way")

    with pytest.raises(error):
        _write_jsonl(rows(), str(path))
    assert path.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path, {path.name}) == []


def test_atomic_open_writes_bytes_and_refuses_other_modes(tmp_path):
    with atomic_open(tmp_path / "b.bin", "wb") as f:
        f.write(b"\x00\x01")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    with pytest.raises(ValueError, match=r"mode 'w' \(text\) or 'wb' \(bytes\), got 'a'"):
        with atomic_open(tmp_path / "c.txt", "a"):
            pass
    assert leftovers(tmp_path, {"b.bin"}) == []


def test_atomic_open_names_a_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no such folder .*missing; create it first"):
        with atomic_open(tmp_path / "missing" / "rows.jsonl"):
            pass
