"""A command called wrongly exits with status 2 (argparse's, for the errors it catches itself), after its usage
line and the message; a run that fails on its data exits with 1. So a script can tell the two apart.

Review r34 (cli), M3: every usage error found after parsing (``--width 5``, ``--n 0``, ``- -``, a folder where a file
is needed, a path that names nothing ...) exited with 1 and no usage line; ``validate`` used 2 for a folder,
without the ``stancelib:`` prefix.
"""

import json
import subprocess
import sys

import pytest

from stancelib.cli import USAGE_STATUS, main

from .conftest import ROOT, SEED_ARTICLE


@pytest.fixture()
def paths(tmp_path):
    """tmp_path with a folder and a file."""
    (tmp_path / "somedir").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    return tmp_path


USAGE_ERRORS = [  # (argv, the message's start after "stancelib: ")
    (["classify", "{seed}", "--width", "5"], "--width must be at least 10, got 5"),
    (["classify", "{seed}", "--top", "0", "--explain"], "--top must be at least 1, got 0"),
    (["classify", "{seed}", "--excel"], "--excel is for --format csv"),
    (["classify", "{seed}", "--explain", "--format", "csv"], "--explain works with --format table or jsonl"),
    (["classify", "-", "-"], "standard input (-) can be read only once"),
    (["classify", "{tmp}/nosuch.txt"], "no such file or folder: {tmp}/nosuch.txt"),
    (["classify", "--sentences", "{tmp}/nosuch.txt"], "no such file: {tmp}/nosuch.txt"),
    (["classify", "--sentences", "{tmp}/somedir"], "{tmp}/somedir is a directory; --sentences takes"),
    (["compare", "-", "-"], "only one of the two readouts can come from standard input"),
    (["compare", "{tmp}/somedir", "{seed}"], "{tmp}/somedir is a directory; compare takes two text files"),
    (["compare", "{seed}", "{seed}", "--names", "US", "us"], "--names: names must be two distinct strings"),
    (["suggest", "{seed}", "--n", "0"], "--n must be at least 1, got 0"),
    (["suggest", "{tmp}/somedir"], "{tmp}/somedir is a directory"),
    (["audit", "--folds", "1"], "--folds must be at least 2"),
    (["audit", "{tmp}/somedir"], "{tmp}/somedir is a directory"),
    (["audit", "{tmp}/nosuch.jsonl"], ""),
    (["trends", "{seed}", "--min-documents", "0"], "--min-documents must be at least 1, got 0"),
    (["train", "--out", "{tmp}/m", "--jobs", "0"], "--jobs 0 runs no process"),
    (["train", "--out", "{tmp}/afile"], "--out {tmp}/afile"),
    (["train", "--out", "{tmp}/m", "--data", "{tmp}/somedir"], "--data {tmp}/somedir is a directory"),
    (["validate", "{tmp}/somedir"], "{tmp}/somedir is a directory; pass the .jsonl or .csv files"),
    (["validate", "{tmp}/nosuch.jsonl"], "{tmp}/nosuch.jsonl: "),
    (["export", "{tmp}/nowhere", "{tmp}/out"], "no model directory {tmp}/nowhere"),
]


@pytest.mark.parametrize("argv, message", USAGE_ERRORS, ids=[" ".join(a[:3]) for a, _ in USAGE_ERRORS])
def test_usage_errors_exit_with_2_after_the_usage_line(paths, capsys, no_work, argv, message):
    fill = {"seed": str(SEED_ARTICLE), "tmp": str(paths)}
    argv = [a.format(**fill) for a in argv]
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == USAGE_STATUS == 2, (argv, exc.value.code)
    usage, _, rest = err.partition(f"stancelib: {message.format(**fill)}")
    assert usage.startswith(f"usage: stancelib {argv[0]} ") and rest, err
    assert "Traceback" not in err and str(exc.value).startswith("stancelib: ")  # str(): the message, as before


def test_a_model_that_is_not_there_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["classify", str(SEED_ARTICLE), "--model", str(tmp_path / "nowhere")])
    assert exc.value.code == 2 and f"stancelib: --model: No model at {tmp_path / 'nowhere'}" in capsys.readouterr().err


def test_a_run_that_fails_on_its_data_exits_with_1(tmp_path, capsys):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Xi warned Biden \xe9.".encode("latin-1"))
    with pytest.raises(SystemExit) as exc:
        main(["classify", str(latin1)])
    assert exc.value.code not in (0, USAGE_STATUS) and "not UTF-8" in str(exc.value)  # a message: status 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "1", "doc_id": "d", "text": "Fine.", "issue": ["narnia"], "stance": "cross"})
                   + "\n", encoding="utf-8")
    assert main(["validate", "--known-codes-only", str(bad)]) == 1  # problems found
    capsys.readouterr()


def test_the_process_exits_with_2_and_prints_the_message_once(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "stancelib", "classify", str(SEED_ARTICLE), "--width", "5"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and not proc.stdout
    assert proc.stderr.startswith("usage: stancelib classify ")
    assert proc.stderr.count("stancelib: --width must be at least 10, got 5") == 1
