"""``stancelib.cli``'s errors say why, called from Python as from the command line; ``export`` of a folder that
already holds its safe export says so; the CLI shares tables' CSV cell and data's "no records" text.

Review r34 (diff_lib), M1: ``read_inputs`` (in ``stancelib.cli.__all__``) raised a ``UsageError`` whose code was
the int 2, so a script that called it with a missing path or ``-`` twice exited with 2 and printed nothing. Now
the error's code is its message until :func:`main` takes it (usage line, message, exit status 2): uncaught
elsewhere, Python prints the message. M2: ``stancelib export`` of a folder ``stancelib train`` wrote (which
holds the safe export) told the user to "ask for its safe export". L3: ``_input_cell`` copied
``tables._csv_cell`` and ``_no_records`` ``data.NO_RECORDS``.
"""

import json
import shutil
import subprocess
import sys

import pytest

import stancelib.cli as cli
from stancelib.cli import USAGE_STATUS, main, read_inputs
from stancelib.persist import MANIFEST, bundled_dir


@pytest.mark.parametrize("inputs, message", [
    (["nofile.txt"], "stancelib: no such file or folder: nofile.txt"),
    (["-", "-"], "stancelib: standard input (-) can be read only once"),
])
def test_read_inputs_called_from_python_raises_with_its_message(tmp_path, monkeypatch, inputs, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        read_inputs(inputs)
    assert str(exc.value) == message
    assert exc.value.code == message  # a SystemExit left uncaught prints a str code (and exits with 1)


def test_a_script_that_lets_the_error_through_prints_it(tmp_path):
    done = subprocess.run([sys.executable, "-c", "from stancelib.cli import read_inputs; read_inputs(['nofile.txt'])"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "stancelib: no such file or folder: nofile.txt" in done.stderr, done


def test_the_command_line_still_exits_with_2_after_the_usage_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["classify", str(tmp_path / "nofile.txt")])
    err = capsys.readouterr().err
    assert exc.value.code == USAGE_STATUS == 2
    assert err.startswith("usage: stancelib classify ") and f"stancelib: no such file or folder: {tmp_path / 'nofile.txt'}" in err
    assert str(exc.value).startswith("stancelib: no such file or folder")


def _copy_of_the_bundled_model(tmp_path, *, with_export):
    model = tmp_path / "mymodel"
    shutil.copytree(bundled_dir(), model, ignore=shutil.ignore_patterns("accurate"))
    if not with_export:
        manifest = json.loads((model / MANIFEST).read_text(encoding="utf-8"))
        for key in ("compiled", "compiled_json"):
            (model / manifest.pop(key)).unlink()
            manifest.pop(f"{key}_sha256")
        (model / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return model


def test_export_of_a_folder_with_its_safe_export_says_to_use_it(tmp_path, capsys):
    model = _copy_of_the_bundled_model(tmp_path, with_export=True)
    with pytest.raises(SystemExit) as exc:
        main(["export", str(model), str(tmp_path / "shared")])
    message = str(exc.value)
    assert exc.value.code == message  # status 1: refused, not called wrongly
    assert f"{model} already holds a safe export, which loads without running code: use --model {model}" in message
    assert "add --trust-model" in message and "ask for its safe export" not in message
    assert not (tmp_path / "shared").exists()
    capsys.readouterr()


def test_export_of_a_folder_without_a_safe_export_says_to_ask_for_one(tmp_path, capsys):
    model = _copy_of_the_bundled_model(tmp_path, with_export=False)
    with pytest.raises(SystemExit) as exc:
        main(["export", str(model), str(tmp_path / "shared")])
    message = str(exc.value)
    assert "add --trust-model" in message and "ask for its safe export instead" in message
    assert "already holds a safe export" not in message
    capsys.readouterr()


def test_the_cli_shares_the_csv_cell_and_the_no_records_text():
    from stancelib import tables
    from stancelib.data import NO_RECORDS

    assert cli.csv_cell is tables.csv_cell and not hasattr(cli, "_input_cell")
    assert tables.csv_cell(["a", None, "b"]) == "a;;b" and tables.csv_cell({"k": "é"}) == '{"k": "é"}'
    assert cli._no_records("x.jsonl") == f"x.jsonl: {NO_RECORDS}"
