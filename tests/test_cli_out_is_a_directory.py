"""``suggest --out`` and ``audit --out`` refuse a folder (or an empty name) before any work, in the command's words,
with the usage error's exit status 2.

Review r34 (cli), M1: both ended in ``IsADirectoryError`` from ``os.replace`` after all the work was done (audit's
whole cross-validation: minutes on the seed corpus), and ``--out ''`` in ``OSError: Device or resource busy``.
"""

import pytest

from stancelib.cli import main

from .conftest import SEED_ARTICLE


@pytest.mark.parametrize("out, message", [
    ("{dir}", "--out {dir} is a directory; give a .jsonl file to write, e.g. {dir}/out.jsonl"),
    ("{dir}/", "--out {dir}/ is a directory"),
    ("", "--out is empty; give the .jsonl file to write"),
    ("{dir}/nowhere/x.jsonl", "--out {dir}/nowhere/x.jsonl: no such folder {dir}/nowhere; create it first"),
])
def test_suggest_and_audit_refuse_an_out_that_cannot_be_a_file_before_any_work(tmp_path, capsys, no_work,
                                                                                two_documents_jsonl, out, message):
    (tmp_path / "outdir").mkdir()
    out, message = (s.format(dir=tmp_path / "outdir") for s in (out, message))
    for argv in (["suggest", str(SEED_ARTICLE), "--n", "2", "--out", out],
                 ["audit", str(two_documents_jsonl), "--quiet", "--out", out]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        err = capsys.readouterr().err
        assert exc.value.code == 2 and f"stancelib: {message}" in err and "Traceback" not in err, argv
    assert list((tmp_path / "outdir").iterdir()) == []  # nothing written, no temporary file left
