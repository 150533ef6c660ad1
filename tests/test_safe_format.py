"""The safe model format: .npz arrays + JSON, loaded without trust and without unpickling anything."""

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from stancelib.compiled import CompiledModel
from stancelib.persist import (
    ModelIntegrityError,
    ModelLoadError,
    bundled_dir,
    clear_cache,
    load_compiled_bundled,
    load_model,
    load_shared_model,
    npz_bytes,
    read_manifest,
)

from .conftest import FOUR_X, FOUR_Y, ROOT

PROBE = ["Xi warned Biden over Taiwan.", "He also raised fentanyl.", "The call lasted an hour.",
         "Both sides agreed to resume military talks.", "中方表示关切。", ""]


def _export(out, hashseed="0"):
    env = dict(os.environ, PYTHONHASHSEED=hashseed)
    proc = subprocess.run([sys.executable, "-m", "stancelib", "export", str(bundled_dir()), str(out)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return read_manifest(out)


@pytest.fixture(scope="module")
def safe_dir(tmp_path_factory):
    from stancelib.persist import export_model

    out = tmp_path_factory.mktemp("safe") / "model"
    export_model(bundled_dir(), out)  # in this process; the CLI in another is tested below
    return out


def test_export_writes_only_safe_files_that_load_without_trust(safe_dir):
    manifest = read_manifest(safe_dir)
    assert "artifact" not in manifest
    assert sorted(p.name for p in safe_dir.iterdir()) == sorted(["manifest.json", manifest["compiled"],
                                                                  manifest["compiled_json"]])
    model = load_model(safe_dir)  # no trusted=True
    assert isinstance(model, CompiledModel)
    est = load_shared_model()  # read only: load_model() would copy it (0.2 s)
    a, b = est.predict_proba(PROBE, documents=[0] * len(PROBE)), model.predict_proba(PROBE, documents=[0] * len(PROBE))
    for head in a:
        np.testing.assert_allclose(a[head], b[head], atol=1e-5)
    assert model.predict(PROBE) == est.predict(PROBE)
    assert model.schema_ == est.schema_
    with pytest.raises(TypeError, match="explain"):
        model.explain(PROBE[0])


def test_the_bundled_export_is_the_one_the_bundled_estimator_makes(safe_dir):
    """What `stancelib export` makes from the committed estimator is byte for byte what is committed."""
    committed, made = read_manifest(bundled_dir()), read_manifest(safe_dir)
    for key in ("compiled", "compiled_sha256", "compiled_json", "compiled_json_sha256"):
        assert made[key] == committed[key], f"{key} differs: run `stancelib export stancelib/models stancelib/models`"


@pytest.mark.slow  # a second process exports again: 3 s; CI runs it in the slow tier
def test_export_is_byte_identical_across_processes(safe_dir, tmp_path):
    again = _export(tmp_path / "again", hashseed="4242")
    for key in ("compiled", "compiled_json"):
        assert (tmp_path / "again" / again[key]).read_bytes() == (safe_dir / again[key]).read_bytes()
    assert (tmp_path / "again" / "manifest.json").read_bytes() == (safe_dir / "manifest.json").read_bytes()


def test_safe_model_loads_and_classifies_where_every_unpickler_raises(safe_dir):
    code = f"""
import sys, pickle, _pickle
def refuse(*a, **k):
    raise RuntimeError("unpickling attempted")
class Refused:
    def __init__(self, *a, **k):
        refuse()
pickle.load = pickle.loads = _pickle.load = _pickle.loads = refuse
pickle.Unpickler = _pickle.Unpickler = Refused
sys.modules["joblib"] = None  # importing joblib fails
import stancelib
model = stancelib.load_model({str(safe_dir)!r})
labels = stancelib.classify("Xi warned Biden over Taiwan. Both sides agreed to resume military talks.", model=model)
print(type(model).__name__, [(l.stance, l.side) for l in labels], "sklearn" in sys.modules)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    import stancelib

    want = [(lab.stance, lab.side) for lab in stancelib.classify(
        "Xi warned Biden over Taiwan. Both sides agreed to resume military talks.", model=load_model(safe_dir))]
    assert proc.stdout.strip() == f"CompiledModel {want} False"


def test_joblib_import_patched_to_fail_does_not_stop_the_bundled_export():
    code = ("import sys; sys.modules['joblib'] = None; import stancelib; "
            "print(stancelib.classify('Xi warned Biden over Taiwan.')[0].stance)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.strip() == "warning", proc.stderr[-2000:]


@pytest.mark.parametrize("key", ["compiled", "compiled_json"])
def test_tampered_export_files_are_refused(safe_dir, tmp_path, key):
    bad = tmp_path / "m"
    shutil.copytree(safe_dir, bad)
    name = read_manifest(bad)[key]
    data = bytearray((bad / name).read_bytes())
    data[len(data) // 2] ^= 0x01
    (bad / name).write_bytes(bytes(data))
    clear_cache()
    with pytest.raises(ModelIntegrityError, match="sha256"):
        load_model(bad)
    (bad / name).unlink()
    with pytest.raises(ModelLoadError, match="missing"):
        load_model(bad)


def test_an_object_array_is_refused_even_with_a_matching_sha256(safe_dir, tmp_path):
    """A forged export whose manifest agrees with it still cannot make the loader unpickle."""
    bad = tmp_path / "m"
    shutil.copytree(safe_dir, bad)
    manifest = read_manifest(bad)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf, zf.open("intercept.npy", "w") as f:
        np.lib.format.write_array(f, np.asarray([object()], dtype=object), allow_pickle=True)
    (bad / manifest["compiled"]).write_bytes(buf.getvalue())
    import hashlib

    digest = hashlib.sha256(buf.getvalue()).hexdigest()
    meta = json.loads((bad / manifest["compiled_json"]).read_text())
    meta["arrays_sha256"] = digest
    meta_bytes = json.dumps(meta).encode()
    (bad / manifest["compiled_json"]).write_bytes(meta_bytes)
    manifest.update(compiled_sha256=digest, compiled_json_sha256=hashlib.sha256(meta_bytes).hexdigest())
    (bad / "manifest.json").write_text(json.dumps(manifest))
    clear_cache()
    with pytest.raises(ModelLoadError, match="Could not read the export"):
        load_model(bad)


def test_npz_bytes_refuse_object_arrays_and_ignore_the_clock():
    a = {"b": np.arange(3), "a": np.ones((2, 2), dtype=np.float32)}
    assert npz_bytes(a) == npz_bytes(dict(reversed(list(a.items()))))
    with np.load(io.BytesIO(npz_bytes(a)), allow_pickle=False) as z:
        assert z.files == ["a", "b"] and z["a"].dtype == np.float32
    with pytest.raises(ValueError):
        npz_bytes({"x": np.asarray(["s", None], dtype=object)})


def test_bundled_export_is_the_safe_format_and_a_damaged_one_raises(tmp_path, monkeypatch):
    import stancelib.persist as persist

    manifest = read_manifest(bundled_dir())
    assert manifest["compiled"].endswith(".npz") and manifest["compiled_json"].endswith(".json")
    assert isinstance(load_compiled_bundled(), CompiledModel)
    fake = tmp_path / "models"
    shutil.copytree(bundled_dir(), fake)
    (fake / manifest["compiled"]).unlink()
    monkeypatch.setattr(persist, "bundled_dir", lambda: fake)
    clear_cache()
    try:
        with pytest.raises(ModelLoadError, match="missing"):  # no silent fallback to the estimator
            load_compiled_bundled()
    finally:
        clear_cache()


def test_cli_export_needs_an_estimator(safe_dir, tmp_path, capsys):
    from stancelib.cli import main

    with pytest.raises(SystemExit, match="no estimator"):
        main(["export", str(safe_dir), str(tmp_path / "x")])


def test_cli_classifies_with_a_safe_model_without_trust_and_explains_only_with_the_estimator(safe_dir, tmp_path,
                                                                                             capsys):
    from stancelib import ReadoutClassifier
    from stancelib.cli import main
    from stancelib.persist import save_model

    readout = tmp_path / "r.txt"
    readout.write_text("Xi warned Biden over Taiwan. Both sides agreed to resume military talks.")
    assert main(["classify", str(readout), "--format", "jsonl"]) == 0
    bundled = capsys.readouterr().out
    assert main(["classify", str(readout), "--format", "jsonl", "--model", str(safe_dir)]) == 0
    assert capsys.readouterr().out == bundled
    with pytest.raises(SystemExit, match="only the safe export"):
        main(["classify", str(readout), "--explain", "--model", str(safe_dir), "--trust-model"])
    # a directory outside the package with an estimator (and its export): any fitted model's, not a copy of the
    # bundled one (32 MB, unpickled again under its new path: 1 s)
    both = tmp_path / "both"
    save_model(ReadoutClassifier(cv=0, min_df=1).fit(FOUR_X, FOUR_Y), both, {})
    with pytest.raises(SystemExit, match="add --trust-model"):
        main(["classify", str(readout), "--explain", "--model", str(both)])
    capsys.readouterr()
    assert main(["classify", str(readout), "--format", "jsonl", "--explain", "--model", str(both), "--trust-model"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2 and all(row["explanation"] for row in rows)


def test_classify_takes_the_path_of_a_safe_model(safe_dir):
    import stancelib

    text = "Xi warned Biden over Taiwan. Both sides agreed to resume military talks."
    got = stancelib.classify(text, model=str(safe_dir))
    assert [lab.to_dict() for lab in got] == [lab.to_dict() for lab in stancelib.classify(text)]


def test_the_bundled_card_names_both_forms_of_the_model():
    manifest = read_manifest(bundled_dir())
    card = (bundled_dir() / "MODEL_CARD.md").read_text()
    for key in ("artifact_sha256", "compiled_sha256", "compiled_json_sha256"):
        assert manifest[key] in card, key
    assert f"format protocol {manifest['protocol']}" in card
    # the files read hold more sentences than the model trained on: the card says how many were held out
    read = sum(src["sentences"] for src in manifest["data"]["sources"])
    held = manifest["data"]["excluded_sentences"]
    assert read - held == manifest["data"]["sentences"] and held > 0
    assert f"held out of training: {len(manifest['excluded_documents'])} documents ({held} sentences)" in card
    assert "python -m training.evaluate --quick" in card


def test_export_from_the_saved_estimator_equals_the_one_training_wrote(few_records, tmp_path):
    """Training writes the export from the fresh estimator, `stancelib export` from the unpickled one: same bytes.
    (Of any trained model: few_records, with every block and the calibration folds on, trains in half the time.)"""
    from stancelib.persist import export_model
    from stancelib.trainer import train

    out = tmp_path / "m"
    result = train(few_records, base="none", out=out, seed=4, params={"cv": 2})
    export_model(out, tmp_path / "again", trusted=True)
    again = read_manifest(tmp_path / "again")
    for key in ("compiled", "compiled_json"):
        assert again[key] == result.manifest[key]
        assert (tmp_path / "again" / again[key]).read_bytes() == (out / again[key]).read_bytes()
