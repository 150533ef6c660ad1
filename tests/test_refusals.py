"""Careless and hostile uses get a clear message, not a traceback (issue 15)."""

import json
import shutil
from pathlib import Path

import pytest

from stancelib.persist import ModelIntegrityError, bundled_dir, clear_cache, load_model, sha256_file

from .conftest import SEED_ARTICLE, cli_result, write_jsonl


run = cli_result  # the shared helper, under the name these tests call


def _row(i, stance="neutral"):
    return {"id": str(i), "doc_id": f"d{i}", "text": f"Officials met for talks number {i}.", "issue": ["trade"], "stance": stance}


@pytest.mark.parametrize("rows, message", [
    ([], "holds no records"),  # an empty file is refused by name
    ([_row(1)], "at least 2"),
    ([_row(1), _row(2)], "single label"),
])
def test_case_8_train_on_empty_one_row_or_one_class_data(tmp_path, capsys, rows, message):
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    code, out, err = run(capsys, "train", "--data", str(data), "--base", "none", "--out", str(tmp_path / "m"), "--quiet")
    assert code == 1 and err.startswith("stancelib: ") and message in err and "Traceback" not in err
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("args, message", [
    (["--data", "missing.jsonl"], "no such file"),
    (["--params", "{not json"], "--params is not valid JSON"),
    (["--params", "[1, 2]"], "must be a JSON object"),
    (["--params", '{"Cx": 1}'], r"--params: Unknown parameter 'Cx' of ReadoutClassifier\. Did you mean 'C'\?"),
    (["--params", '{"C": -1}'], r"--params: C must be a positive number"),
])
def test_case_8_train_bad_arguments_are_refused_before_training(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit, match=message):
        run(capsys, "train", *args, "--out", str(tmp_path / "m"))
    assert not (tmp_path / "m").exists()


def test_case_8_train_out_is_checked_first(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(SystemExit, match="is a file"):
        run(capsys, "train", "--out", str(afile))
    other = tmp_path / "other"
    other.mkdir()
    (other / "manifest.json").write_text('{"name": "some other tool"}')
    with pytest.raises(SystemExit, match="not a stancelib model's"):
        run(capsys, "train", "--out", str(other))
    assert json.loads((other / "manifest.json").read_text()) == {"name": "some other tool"}


def test_case_8_train_on_a_txt_file(tmp_path, capsys):
    data = tmp_path / "notes.txt"
    data.write_text("Xi warned Biden.\n")
    code, out, err = run(capsys, "train", "--data", str(data), "--base", "none", "--out", str(tmp_path / "m"), "--quiet")
    assert code == 1 and "use .jsonl or .csv" in err


def test_case_10_interrupt_after_the_manifest_is_replaced_says_so(tmp_path, capsys, monkeypatch):
    import stancelib.trainer as trainer

    out = tmp_path / "m"

    def saves_then_interrupted(*args, **kwargs):
        out.mkdir()
        (out / "manifest.json").write_text(json.dumps({"format": "stancelib-model", "artifact_sha256": "ab" * 32}))
        raise KeyboardInterrupt

    monkeypatch.setattr(trainer, "train", saves_then_interrupted)
    code, _, err = run(capsys, "train", "--out", str(out), "--quiet")
    assert code == 130 and "after the new model was saved" in err and "unchanged" not in err

    def interrupted_early(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(trainer, "train", interrupted_early)
    code, _, err = run(capsys, "train", "--out", str(out), "--quiet")
    assert code == 130 and "before the new model was saved" in err


@pytest.mark.parametrize("value", [None, 42, "", "abc"])
def test_case_12_manifest_with_a_bad_sha256_is_an_integrity_error(tmp_path, value):
    model = tmp_path / "m"
    shutil.copytree(bundled_dir(), model)
    m = json.loads((model / "manifest.json").read_text())
    m["artifact_sha256"] = value
    (model / "manifest.json").write_text(json.dumps(m))
    clear_cache()
    with pytest.raises(ModelIntegrityError, match="not a sha256 digest"):
        load_model(model, trusted=True)


def test_case_7_classify_sentences_refuses_a_dataframe():
    pd = pytest.importorskip("pandas")
    from stancelib import classify_sentences

    with pytest.raises(TypeError, match=r"df\['text'\].tolist\(\)"):
        classify_sentences(pd.DataFrame({"text": ["Xi warned Biden."]}))


def test_case_5_lone_surrogate_in_jsonl_input_is_written_escaped(tmp_path):
    import subprocess
    import sys

    data = tmp_path / "s.jsonl"
    data.write_text('{"text": "Xi warned \\ud800 Biden."}\n{"text": "They agreed."}\n')
    for fmt in ("jsonl", "table"):
        proc = subprocess.run([sys.executable, "-m", "stancelib.cli", "classify", "--sentences", str(data), "--format", fmt,
                               "--quiet"], capture_output=True)
        assert proc.returncode == 0, proc.stderr.decode()
        assert b"Traceback" not in proc.stderr and b"They agreed" in proc.stdout


def test_case_13_suggest_into_a_missing_folder(tmp_path, capsys):
    with pytest.raises(SystemExit, match="no such folder"):
        run(capsys, "suggest", str(SEED_ARTICLE), "--n", "2", "--out", str(tmp_path / "nope" / "todo.jsonl"))


def test_case_11_a_killed_save_leaves_nothing_behind_after_the_next_save(tmp_path, small_records):
    """Orphan model-*/compiled-*/.tmp files from a killed save are cleaned, and the card matches the manifest."""
    from stancelib.trainer import train

    out = tmp_path / "m"
    params = {"cv": 0, "char_ngram_range": None}
    train(small_records, base="none", out=out, seed=1, params=params, progress=False)
    for orphan in ("model-deadbeefdeadbeef.joblib", "compiled-deadbeefdeadbeef.joblib", ".model.x1.joblib.tmp",
                   "compiled-deadbeefdeadbeef.npz", "compiled-deadbeefdeadbeef.json", ".compiled.npz.x4.tmp",
                   ".compiled.json.x5.tmp", ".manifest.json.x2.tmp", ".MODEL_CARD.md.x3.tmp"):
        (out / orphan).write_bytes(b"left by a killed save")
    (out / "MODEL_CARD.md").write_text("a card of a model that was never committed")
    result = train(small_records, base="none", out=out, seed=2, params=params, progress=False)
    names = sorted(p.name for p in out.iterdir())
    manifest = result.manifest
    assert names == sorted(["MODEL_CARD.md", "manifest.json", manifest["artifact"], manifest["compiled"],
                            manifest["compiled_json"]])
    assert manifest["artifact_sha256"] in (out / "MODEL_CARD.md").read_text()


def test_case_2_one_long_token_stays_within_a_memory_cap():
    """A 10 MB run of text without spaces took ~300 bytes a character (3 GB) for its character n-grams."""
    import subprocess
    import sys

    code = (
        "import resource; cap = 1500 * 2**20; resource.setrlimit(resource.RLIMIT_AS, (cap, cap)); "
        "import stancelib; labels = stancelib.classify('x' * 10_000_000); print(len(labels))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == "1", proc.stderr[-2000:]


class _Planted:
    """Unpickling this writes a marker file: proof that a planted pickle ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


#: Environment variables a careless implementation might read a model or cache path from; stancelib reads none.
_ENV_PATHS = ("STANCELIB_MODEL", "STANCELIB_MODEL_DIR", "STANCELIB_HOME", "STANCELIB_CACHE", "STANCELIB_DATA")

_CHILD_OPENS = """
import json, os, sys
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        opened.append(os.path.abspath(args[0] if isinstance(args[0], str) else args[0].decode()))
sys.addaudithook(hook)
import stancelib
stancelib.classify("Xi warned Biden.")
stancelib.load_model()
stancelib.classify("Xi warned Biden.", model=stancelib.load_model())
print(json.dumps({"package": stancelib.__file__, "opened": opened}))
"""


@pytest.mark.slow  # about 4 s of fresh processes; the slow tier (CI) runs it
def test_case_1_planted_pickles_in_every_default_path_never_run(tmp_path):
    """load_model() and classify() read only the files the bundled manifest names, inside the package.

    Pickles that would write a marker file are planted beside the package's model files under other
    names, in the package's other folders, in the working directory, in ~/.cache/stancelib (where an
    earlier version rebuilt the bundled model), in $XDG_CACHE_HOME, and in every folder a $STANCELIB_*
    variable could name; an audit hook lists every file the process opens.
    """
    import os
    import subprocess
    import sys

    import joblib
    import sklearn

    marker = tmp_path / "RAN"
    evil = _Planted(str(marker))

    def plant(folder):
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("model.joblib", "compiled.joblib", "model.pkl", "model-0000000000000000.joblib",
                     "compiled-0000000000000000.joblib"):
            joblib.dump(evil, folder / name)
        (folder / "manifest.json").write_text(json.dumps({
            "format": "stancelib-model", "protocol": 1, "artifact": "model-0000000000000000.joblib",
            "compiled": "compiled-0000000000000000.joblib",
            "artifact_sha256": sha256_file(folder / "model-0000000000000000.joblib"),
            "compiled_sha256": sha256_file(folder / "compiled-0000000000000000.joblib")}))

    home = tmp_path / "home"
    plant(home / ".cache" / "stancelib" / f"bundled-scikit-learn-{sklearn.__version__}")
    plant(home / ".cache" / "stancelib")
    plant(tmp_path / "xdg" / "stancelib")
    work = tmp_path / "work"
    plant(work)
    plant(work / "models")
    env_dirs = {name: tmp_path / "env" / name for name in _ENV_PATHS}
    for folder in env_dirs.values():
        plant(folder)
    package = tmp_path / "pkg" / "stancelib"
    shutil.copytree(bundled_dir().parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("model-ffffffffffffffff.joblib", "compiled-ffffffffffffffff.joblib", "model.joblib", "model.pkl"):
        joblib.dump(evil, package / "models" / name)
    joblib.dump(evil, package / "model.joblib")
    joblib.dump(evil, package / "data" / "model.joblib")

    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(tmp_path / "xdg"), PYTHONPATH=str(package.parent),
               **{name: str(folder) for name, folder in env_dirs.items()})
    proc = subprocess.run([sys.executable, "-c", _CHILD_OPENS], capture_output=True, text=True, cwd=work, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["package"].startswith(str(package))  # the copy with the planted files was the one loaded
    assert not marker.exists()

    # every data file opened: only the manifest and the files it names, in the package
    manifest = json.loads((package / "models" / "manifest.json").read_text())
    named = [manifest[key] for key in ("artifact", "compiled", "compiled_json") if manifest.get(key)]
    allowed = {package / "models" / name for name in ("manifest.json", *named)}
    allowed.add(package / "data" / "lexicon.json")
    opened = {Path(p) for p in report["opened"]}
    # (an editable install of setuptools >= 64 puts a path-hook entry, "__editable__.*.__path_hook__", on
    # sys.path, which the import system tries as a folder of the working directory: no data file)
    ours = {p for p in opened if tmp_path in p.parents and p.suffix not in (".py", ".pyc")
            and not (p.name.startswith("__editable__.") and p.name.endswith(".__path_hook__"))}
    assert ours <= allowed, sorted(map(str, ours - allowed))
    assert {package / "models" / manifest["artifact"], package / "models" / manifest["compiled"]} <= ours


def test_minor_utf16_gets_utf16_advice_and_a_bom_is_accepted_everywhere(tmp_path, capsys):
    utf16 = tmp_path / "r.txt"
    utf16.write_text("Xi warned Biden.", encoding="utf-16")
    with pytest.raises(SystemExit, match="iconv -f utf-16"):
        run(capsys, "classify", str(utf16))
    bom = tmp_path / "d.jsonl"
    bom.write_text("".join(json.dumps(_row(i, s)) + "\n" for i, s in enumerate(["neutral", "concern"])),
                   encoding="utf-8-sig")
    code, out, err = run(capsys, "validate", str(bom))
    assert code == 0, out
    code, out, err = run(capsys, "classify", "--sentences", str(bom), "--format", "jsonl", "--quiet")
    assert code == 0 and len(out.splitlines()) == 2
