"""``stancelib export`` loads a model folder's estimator, a pickle whose loading runs its code, only with
``--trust-model``, as ``classify --model`` and docs/security.md promise; an OUT that is a file is refused in the
command's words, not with a traceback.

Review r34 (cli), H1: ``export`` unpickled any folder's ``model-*.joblib`` without asking (a pickle swapped for one
that runs ``touch PWNED``, its manifest's sha256 updated, ran); L1: ``export MODEL_DIR AFILE`` ended in
``FileExistsError``. conftest's ``swapped_model`` is written for these tests: its pickle leaves a marker file
when it is loaded.
"""

import pytest

from stancelib.cli import main
from stancelib.persist import MANIFEST, bundled_dir

from .conftest import cli_commands


def test_export_refuses_an_untrusted_pickle_and_runs_it_only_with_trust_model(swapped_model, tmp_path, capsys):
    out = tmp_path / "shared"
    with pytest.raises(SystemExit) as refused:
        main(["export", str(swapped_model), str(out)])
    assert refused.value.code != 0 and "--trust-model" in str(refused.value)
    assert not (tmp_path / "PWNED").exists()  # its code never ran
    assert not (out / MANIFEST).exists()
    # with --trust-model the user vouches for it: the pickle is loaded (its code runs, as allowed), and what it
    # holds, not a stancelib model, is then refused
    with pytest.raises(SystemExit) as loaded:
        main(["export", str(swapped_model), str(out), "--trust-model"])
    assert loaded.value.code != 0
    assert (tmp_path / "PWNED").read_text() == "ran"
    capsys.readouterr()


def test_export_trust_model_says_what_classify_s_says():
    commands = cli_commands()
    helps = [next(a.help for a in commands[c]._actions if a.dest == "trust_model") for c in ("export", "classify")]
    assert helps[0] == helps[1]


def test_export_refuses_an_out_that_is_a_file_and_a_model_dir_that_is_not_one(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    for argv, message in (
        (["export", str(bundled_dir()), str(afile)], f"stancelib: {afile} is a file; pass a directory for the export"),
        (["export", str(tmp_path / "nowhere"), str(tmp_path / "out")], "stancelib: no model directory"),
        (["export", str(afile), str(tmp_path / "out")], f"stancelib: {afile} is a file; MODEL_DIR is the model's"),
    ):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        err = capsys.readouterr().err
        assert exc.value.code == 2 and message in err and "usage: stancelib export" in err, argv
        assert "Traceback" not in err
    assert afile.read_text(encoding="utf-8") == "x" and not (tmp_path / "out").exists()
