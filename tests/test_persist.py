"""Saving, loading, integrity and trust."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

import stancelib
from stancelib._lexfeatures import FEATURE_REVISION
from stancelib.persist import (
    ModelFeatureWarning,
    ModelIntegrityError,
    ModelLoadError,
    ModelVersionError,
    UntrustedModelError,
    bundled_dir,
    clear_cache,
    load_model,
    read_manifest,
)
from stancelib.trainer import train


@pytest.fixture(scope="module")
def trained(tmp_path_factory, small_records):
    out = tmp_path_factory.mktemp("model")
    result = train(small_records, base="none", out=out, seed=3, params={"cv": 2, "char_ngram_range": None})
    return out, result


def test_round_trip_gives_identical_predictions(trained, small_records):
    out, result = trained
    loaded = load_model(out, trusted=True)
    texts = [r["text"] for r in small_records[:40]]
    a = stancelib.classify_sentences(texts, model=result.model)
    b = stancelib.classify_sentences(texts, model=loaded)
    assert [x.to_dict() for x in a] == [x.to_dict() for x in b]


def test_manifest_and_card(trained):
    out, result = trained
    manifest = read_manifest(out)
    assert manifest["artifact_sha256"] and manifest["labels"] == {k: list(v) for k, v in result.model.classes_.items()}
    assert manifest["seed"] == 3 and manifest["data"]["sentences"] > 0
    assert set(manifest["versions"]) >= {"stancelib", "scikit-learn", "numpy", "python"}
    card = (out / "MODEL_CARD.md").read_text()
    assert manifest["artifact_sha256"] in card and "Intended use" in card


def test_outside_pickle_needs_trust_but_the_safe_export_does_not(trained, tmp_path, small_records):
    from stancelib.compiled import CompiledModel

    out, result = trained
    with pytest.raises(UntrustedModelError, match="trusted=True"):
        load_model(out / result.manifest["artifact"])
    safe = load_model(out)
    texts = [r["text"] for r in small_records[:60]]
    by_file = load_model(out / result.manifest["compiled"])
    assert isinstance(safe, CompiledModel) and isinstance(by_file, CompiledModel) and safe is not by_file  # copies
    assert safe.predict(texts) == result.model.predict(texts) == by_file.predict(texts)
    with pytest.raises(TypeError, match="trusted=True"):
        safe.explain(texts[0])
    # a directory with only the pickle still needs trust
    pickle_only = tmp_path / "pickle_only"
    pickle_only.mkdir()
    shutil.copy(out / result.manifest["artifact"], pickle_only)
    m = {k: v for k, v in result.manifest.items() if not k.startswith("compiled")}
    (pickle_only / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(UntrustedModelError, match="trusted=True"):
        load_model(pickle_only)


def test_tampered_copy_of_bundled_model_is_refused(tmp_path):
    copy = tmp_path / "models"
    shutil.copytree(bundled_dir(), copy)
    manifest = read_manifest(copy)
    artifact = copy / manifest["artifact"]
    data = bytearray(artifact.read_bytes())
    data[len(data) // 2] ^= 0xFF
    artifact.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="sha256"):
        load_model(copy, trusted=True)


def test_truncated_and_missing_files(tmp_path, trained):
    out, _ = trained
    bad = tmp_path / "m"
    shutil.copytree(out, bad)
    manifest = read_manifest(bad)
    (bad / manifest["artifact"]).write_bytes(b"")
    with pytest.raises(ModelIntegrityError):
        load_model(bad, trusted=True)
    (bad / manifest["artifact"]).unlink()
    with pytest.raises(ModelLoadError, match="missing"):
        load_model(bad, trusted=True)
    (bad / "manifest.json").write_text("{not json")
    with pytest.raises(ModelLoadError, match="not valid JSON"):
        load_model(bad, trusted=True)
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "nowhere", trusted=True)


def test_lying_manifest_is_refused(tmp_path, trained):
    out, _ = trained
    bad = tmp_path / "m"
    shutil.copytree(out, bad)
    m = json.loads((bad / "manifest.json").read_text())
    m["labels"]["stance"] = ["yes", "no"]
    (bad / "manifest.json").write_text(json.dumps(m))
    clear_cache()
    with pytest.raises(ModelLoadError, match="labels"):
        load_model(bad, trusted=True)


def test_other_sklearn_version_gets_the_remedy(tmp_path, trained):
    out, _ = trained
    bad = tmp_path / "m"
    shutil.copytree(out, bad)
    m = json.loads((bad / "manifest.json").read_text())
    m["versions"]["scikit-learn"] = "0.0.1"
    (bad / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(ModelVersionError, match="stancelib train"):
        load_model(bad, trusted=True)
    m["protocol"] = 99
    (bad / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(ModelVersionError, match="protocol"):
        load_model(bad, trusted=True)


def test_a_model_of_another_feature_revision_warns_and_still_predicts(tmp_path, trained, small_records):
    """The features are computed by stancelib's code, not stored in the model: a model trained when that code
    computed them differently loads (estimator and safe export alike), with a warning that names the fix."""
    import warnings

    out, result = trained
    texts = [r["text"] for r in small_records[:20]]
    assert read_manifest(out)["feature_revision"] == FEATURE_REVISION
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelFeatureWarning)
        load_model(out, trusted=True)
        load_model(out)
    for recorded in (FEATURE_REVISION - 1, FEATURE_REVISION + 1, None):
        old = tmp_path / f"revision_{recorded}"
        shutil.copytree(out, old)
        m = json.loads((old / "manifest.json").read_text())
        if recorded is None:
            del m["feature_revision"]  # trained before the revision was recorded
        else:
            m["feature_revision"] = recorded
        (old / "manifest.json").write_text(json.dumps(m))
        clear_cache()
        for trust in (True, False):
            with pytest.warns(ModelFeatureWarning, match=r"feature revision .*stancelib train") as caught:
                model = load_model(old, trusted=trust)
            assert ("revision 1" if recorded is None else f"revision {recorded}") in str(caught[0].message)
            assert model.predict(texts) == result.model.predict(texts)


def test_bundled_model_has_the_feature_revision_of_this_code():
    """A change that bumps FEATURE_REVISION must retrain the bundled model (`python -m training.train`)."""
    assert read_manifest(bundled_dir())["feature_revision"] == FEATURE_REVISION


def test_not_a_model(tmp_path):
    import joblib

    path = tmp_path / "x.joblib"
    joblib.dump({"not": "a model"}, path)
    with pytest.raises(ModelLoadError, match="No manifest.json.*to load x.joblib, pass that file itself"):
        load_model(tmp_path, trusted=True)
    with pytest.raises(ModelLoadError, match="not a stancelib ReadoutClassifier"):
        load_model(path, trusted=True)
    # the library's message, not pathlib's "expected str, bytes or os.PathLike object, not int"
    with pytest.raises(TypeError, match=r"^load_model\(\) expects a path or None, got int$"):
        load_model(42)  # type: ignore[arg-type]


def test_a_path_that_is_not_a_model_is_refused_before_any_question_of_trust(tmp_path, monkeypatch):
    """Code review, round 30, M5: an empty folder was called an untrusted pickle (and, trusted, "pass the .joblib
    file itself"); /etc/passwd with trusted=True went to joblib.load. Neither is a model: nothing to trust."""
    import joblib

    monkeypatch.setattr(joblib, "load", lambda *args, **kwargs: pytest.fail("joblib.load was called"))
    empty = tmp_path / "typo_model"
    empty.mkdir()
    other = tmp_path / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    for trusted in (False, True):
        with pytest.raises(ModelLoadError, match=r"^No manifest.json or model-\*.joblib in .*typo_model: not a "
                                                 r"stancelib model directory") as exc:
            load_model(empty, trusted=trusted)
        assert not isinstance(exc.value, UntrustedModelError) and "trust" not in str(exc.value)
        with pytest.raises(ModelLoadError, match=r"passwd is not a stancelib model file") as exc:
            load_model(other, trusted=trusted)
        assert not isinstance(exc.value, UntrustedModelError) and "trust" not in str(exc.value)
    # the Python API resolves a path with load_model: the same message
    with pytest.raises(ModelLoadError, match="not a stancelib model directory"):
        stancelib.classify("Xi warned Biden.", model=empty)


def test_a_pickle_under_another_usual_name_still_reaches_the_trust_question(tmp_path):
    """joblib compresses by the suffix (``model.joblib.gz``) and pickles are often ``.pkl``: such a file is a model
    candidate (untrusted: refused as a pickle; trusted: unpickled), not 'not a model file'. A ``.gz`` of anything
    else is not."""
    import joblib

    for name in ("m.joblib.gz", "m.pkl", "m.pkl.xz"):
        path = tmp_path / name
        joblib.dump({"not": "a model"}, path)
        with pytest.raises(UntrustedModelError):
            load_model(path)
        with pytest.raises(ModelLoadError, match=r"holds a dict") as exc:
            load_model(path, trusted=True)
        assert "not a stancelib model file" not in str(exc.value)
    notes = tmp_path / "notes.txt.gz"
    notes.write_bytes(b"\x1f\x8b")
    with pytest.raises(ModelLoadError, match="is not a stancelib model file"):
        load_model(notes, trusted=True)


def test_a_manifest_names_its_model_directory(trained):
    from stancelib.persist import load_shared_model

    out, result = trained
    assert load_shared_model(out / "manifest.json") is load_shared_model(out)
    assert load_shared_model(out / "manifest.json", trusted=True) is load_shared_model(out, trusted=True)
    texts = ["Beijing warned Washington over Taiwan.", "The two sides agreed to keep talking."]
    for trust in (False, True):
        a, b = load_model(out / "manifest.json", trusted=trust), load_model(out, trusted=trust)
        assert type(a) is type(b) and a is not b and a.predict(texts) == b.predict(texts) == result.model.predict(texts)


def test_bundled_model_is_read_once_and_each_caller_gets_a_copy(monkeypatch):
    """The file is read, verified and unpickled once per process; every load_model() is a copy of that model
    (review r31, finding 4: handing out the cached object let one caller's fit change everyone's model)."""
    import stancelib.persist as persist

    first = load_model()
    monkeypatch.setattr(persist, "_unpickle", lambda *a, **k: pytest.fail("the bundled model was unpickled again"))
    monkeypatch.setattr(persist, "sha256_file", lambda *a, **k: pytest.fail("the bundled model was read again"))
    second = load_model()
    assert second is not first and second.coef_ is not first.coef_
    np.testing.assert_array_equal(second.coef_, first.coef_)
    assert second.get_params() == first.get_params() and second.manifest_ == first.manifest_


@pytest.mark.slow  # a training run: the slow tier (CI) runs it
def test_interrupted_training_leaves_previous_model(tmp_path, small_records):
    """Kill a training run in the middle of writing; the old model still loads."""
    out = tmp_path / "model"
    train(small_records, base="none", out=out, seed=1, params={"cv": 0, "char_ngram_range": None})
    before = read_manifest(out)
    data = tmp_path / "data.jsonl"
    with open(data, "w") as f:
        for r in small_records:
            f.write(json.dumps({k: v for k, v in r.items() if not k.startswith("_")}) + "\n")
    # a child process that dies (SIGKILL-like os._exit) right after the new artifact is written
    code = f"""
import os, stancelib.persist as p
real = p._atomic_write_bytes
def die(path, data):
    if path.name == "manifest.json":
        os._exit(3)
    real(path, data)
p._atomic_write_bytes = die
from stancelib.trainer import train
train({str(data)!r}, base="none", out={str(out)!r}, seed=2, params={{"cv": 0, "char_ngram_range": None}})
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 3, proc.stderr
    assert read_manifest(out) == before
    model = load_model(out, trusted=True)
    assert stancelib.classify_sentences(["The two sides agreed to talk."], model=model)


def test_bad_data_writes_nothing(tmp_path, small_records):
    from stancelib.data import DataValidationError

    out = tmp_path / "model"
    bad = [dict(r) for r in small_records[:20]]
    bad[3]["stance"] = 42
    bad[5]["issue"] = []
    del bad[7]["text"]
    with pytest.raises(DataValidationError) as info:
        train(bad, base="none", out=out)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 3, messages
    assert any("'stance' must be one code" in m for m in messages)
    assert any("'issue' is empty" in m for m in messages)
    assert any("missing field 'text'" in m for m in messages)
    assert not out.exists()


def test_bundled_model_under_another_sklearn_raises_and_never_trains(tmp_path, monkeypatch):
    """Issue 15 case 1 / issue 17: a version mismatch names the remedy; nothing is trained or cached."""
    import stancelib.persist as persist

    fake = tmp_path / "stancelib" / "models"
    shutil.copytree(bundled_dir(), fake)
    m = json.loads((fake / "manifest.json").read_text())
    m["versions"]["scikit-learn"] = "0.0.1"
    (fake / "manifest.json").write_text(json.dumps(m))
    monkeypatch.setattr(persist, "bundled_dir", lambda: fake)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    clear_cache()
    try:
        with pytest.raises(ModelVersionError, match="python -m training.train --out DIR") as info:
            load_model()
        assert "never trains on load" in str(info.value)
        assert "stancelib.trainer" not in persist.__dict__
        assert not (tmp_path / "home").exists()  # no cache written anywhere
    finally:
        clear_cache()


@pytest.mark.slow  # a fresh interpreter that loads the model (about 3 s): the slow tier (CI) runs it
def test_inference_never_imports_training_modules():
    """Loading and classifying imports none of the training side (issue 17)."""
    code = (
        "import sys, stancelib; stancelib.classify('Beijing warned Washington.'); stancelib.load_model(); "
        "bad = sorted(m for m in sys.modules if m.startswith(('training', 'stancelib.trainer', 'stancelib.curation'))); "
        "print(bad)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


X8 = ["Xi warned against arms sales to Taiwan.", "The two sides agreed to resume talks on climate.",
      "Biden raised concerns about human rights in Xinjiang.", "They agreed to cooperate on fentanyl."] * 2
Y8 = {"issue": [["taiwan"], ["climate"], ["human_rights"], ["counternarcotics"]] * 2,
      "stance": ["warning", "cooperation", "concern", "cooperation"] * 2}


@pytest.fixture(scope="module")
def tiny():
    from stancelib import ReadoutClassifier

    return ReadoutClassifier(cv=0, min_df=1).fit(X8, Y8)


def test_save_model_with_an_empty_manifest_round_trips(tmp_path, tiny):
    """Review r31, finding 8: save_model(model, DIR, {}) wrote a directory load_model refused ("lacks 'labels'
    ... retrain the model"). It records what loading checks and the model knows: labels, versions, revision."""
    import warnings

    from stancelib.compiled import CompiledModel
    from stancelib.persist import runtime_versions, save_model
    from stancelib.model import ReadoutClassifier

    out = tmp_path / "saved"
    artifact = save_model(tiny, out, {})
    manifest = read_manifest(out)
    assert artifact.name == manifest["artifact"]
    assert manifest["labels"] == {f: list(v) for f, v in tiny.classes_.items()}
    assert manifest["versions"] == runtime_versions() and manifest["feature_revision"] == FEATURE_REVISION
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ModelFeatureWarning either
        estimator, export = load_model(out, trusted=True), load_model(out)
    assert isinstance(estimator, ReadoutClassifier) and isinstance(export, CompiledModel)
    probe = X8[:4] + ["Beijing warned of countermeasures.", ""]
    assert estimator.predict(probe) == export.predict(probe) == tiny.predict(probe)
    for head, p in tiny.predict_proba(probe).items():
        np.testing.assert_array_equal(estimator.predict_proba(probe)[head], p)
    # what the caller gives is kept: the scikit-learn check on load still reads it
    other = tmp_path / "other"
    save_model(tiny, other, {"seed": 7, "versions": dict(runtime_versions(), **{"scikit-learn": "0.0.1"})})
    assert read_manifest(other)["seed"] == 7
    with pytest.raises(ModelVersionError, match="scikit-learn 0.0.1"):
        load_model(other, trusted=True)


def test_save_model_refuses_what_load_model_would_refuse_before_writing(tmp_path, tiny):
    from stancelib import ReadoutClassifier
    from stancelib.persist import save_model

    out = tmp_path / "refused"
    wrong = {f: list(v) for f, v in tiny.classes_.items()}
    wrong["stance"] = ["yes", "no"]
    with pytest.raises(ValueError, match=r"manifest\['labels'\] is .*'yes'.* but the model predicts .*Leave 'labels'"):
        save_model(tiny, out, {"labels": wrong})
    with pytest.raises(ValueError, match="not fitted .*fit it before save_model"):
        save_model(ReadoutClassifier(), out, {})
    with pytest.raises(TypeError, match="ReadoutClassifier or EncoderClassifier, got dict"):
        save_model({"not": "a model"}, out, {})
    with pytest.raises(TypeError, match="manifest as a dict"):
        save_model(tiny, out, None)
    assert not out.exists()


def test_a_newer_format_says_upgrade_stancelib_and_an_older_one_says_retrain(tmp_path, trained):
    """Review r31, finding 11: a manifest from a newer stancelib told the user to retrain (which needs the
    training data, rarely shared with a model); the remedy is a newer stancelib."""
    out, _ = trained
    for protocol, trusted in ((3, True), (3, False), (99, True)):
        newer = tmp_path / f"newer_{protocol}_{trusted}"
        shutil.copytree(out, newer)
        m = json.loads((newer / "manifest.json").read_text())
        m["protocol"] = protocol
        m["versions"]["stancelib"] = "9.0.0"
        (newer / "manifest.json").write_text(json.dumps(m))
        with pytest.raises(ModelVersionError, match=rf"protocol {protocol}, written by a newer stancelib \(9.0.0\).*"
                                                    r"Upgrade stancelib to 9.0.0 or later") as info:
            load_model(newer, trusted=trusted)
        assert "retrain" not in str(info.value).lower().replace("need not be retrained", "")
    for protocol in (0, "2", None):
        older = tmp_path / f"older_{protocol}"
        shutil.copytree(out, older)
        m = json.loads((older / "manifest.json").read_text())
        m["protocol"] = protocol
        (older / "manifest.json").write_text(json.dumps(m))
        with pytest.raises(ModelVersionError, match=r"Retrain the model with this version: stancelib train") as info:
            load_model(older, trusted=True)
        assert "Upgrade" not in str(info.value)


@pytest.mark.parametrize("key", ["compiled_json", "compiled", "artifact"])
@pytest.mark.parametrize("name", ["..", ".", ""])
def test_a_manifest_naming_no_file_is_refused_as_a_model_error(tmp_path, trained, key, name):
    """Review r31 (packaging) finding 6: a manifest naming ".." read the folder above and raised a raw
    IsADirectoryError, in the untrusted safe-export path too."""
    out, _ = trained
    copy = tmp_path / "m"
    shutil.copytree(out, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest[key] = name
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelLoadError, match="not a file name|not a file"):
        load_model(copy, trusted=key == "artifact")


def test_the_bytes_hashed_are_the_bytes_unpickled(trained, monkeypatch):
    """Review r31 (packaging) finding 7: the estimator was hashed on one open and unpickled from a second, so a
    file swapped in between was unpickled unchecked. joblib now gets the bytes that were hashed."""
    import joblib

    out, result = trained
    seen = []
    real = joblib.load

    def load(source, *args, **kwargs):
        seen.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(joblib, "load", load)
    clear_cache()
    load_model(out / result.manifest["artifact"], trusted=True)
    assert seen and all(hasattr(s, "read") for s in seen), seen  # a file object of the checked bytes, not a path


def _as_revision(directory, revision):
    """Rewrite a saved model's manifest as if it had been trained under ``revision`` (None: unrecorded)."""
    m = json.loads((directory / "manifest.json").read_text())
    if revision is None:
        del m["feature_revision"]
    else:
        m["feature_revision"] = revision
    (directory / "manifest.json").write_text(json.dumps(m))
    clear_cache()


def test_save_model_keeps_the_revision_a_model_was_trained_under(tmp_path, tiny):
    """Review r31 (diff), finding 4: save_model stamped the installed FEATURE_REVISION on a model loaded from an
    older directory, and the re-saved model then loaded without its ModelFeatureWarning. The model carries its
    own revision (fit sets it, loading takes it from the manifest), and save_model writes that."""
    import warnings

    from stancelib.persist import save_model

    assert tiny.feature_revision_ == FEATURE_REVISION
    for recorded, carried in ((FEATURE_REVISION - 1, FEATURE_REVISION - 1), (None, 1)):  # None: before it was recorded
        old = tmp_path / f"old_{recorded}"
        save_model(tiny, old, {})
        _as_revision(old, recorded)
        with pytest.warns(ModelFeatureWarning):
            model = load_model(old, trusted=True)
        assert model.feature_revision_ == carried
        with pytest.warns(ModelFeatureWarning):
            assert load_model(old, trusted=True).feature_revision_ == carried  # the next copy of the cached model too
        resaved = tmp_path / f"resaved_{recorded}"
        save_model(model, resaved, {})
        assert read_manifest(resaved)["feature_revision"] == carried
        with pytest.warns(ModelFeatureWarning, match=f"under feature revision {carried};"):
            load_model(resaved, trusted=True)
    # a model refitted under this stancelib is of this revision again, and saves and loads without a warning
    with pytest.warns(ModelFeatureWarning):
        refit = load_model(tmp_path / f"old_{FEATURE_REVISION - 1}", trusted=True).fit(X8, Y8)
    assert refit.feature_revision_ == FEATURE_REVISION
    save_model(refit, tmp_path / "refit", {})
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelFeatureWarning)
        load_model(tmp_path / "refit", trusted=True)


def test_save_model_refuses_to_guess_the_revision_of_a_model_that_records_none(tmp_path, tiny):
    """The pickle leaves the revision to the manifest: a model unpickled from a bare file records none, and
    save_model asks for it rather than writing the installed one; a revision that contradicts the model's own
    is refused too. Nothing is written."""
    import pickle

    from stancelib.persist import save_model

    bare = pickle.loads(pickle.dumps(tiny))
    assert not hasattr(bare, "feature_revision_")
    out = tmp_path / "guess"
    with pytest.raises(ValueError, match=r"does not record the feature revision.*\{'feature_revision': N\}"):
        save_model(bare, out, {})
    with pytest.raises(ValueError, match=rf"manifest\['feature_revision'\] is 4, but the model was trained under "
                                         rf"feature revision {FEATURE_REVISION}.*Leave 'feature_revision' out"):
        save_model(tiny, out, {"feature_revision": 4})
    assert not out.exists()
    save_model(bare, out, {"feature_revision": 4})  # the caller knows it: recorded as given
    assert read_manifest(out)["feature_revision"] == 4
    with pytest.warns(ModelFeatureWarning, match="under feature revision 4;"):
        assert load_model(out, trusted=True).feature_revision_ == 4


def test_the_feature_revision_warning_names_the_users_line(tmp_path, tiny):
    """Review r31 (diff), finding 13: stacklevel=4 was tuned for load_model(); through classify(model=DIR) the
    warning named stancelib/api.py. It names the first frame outside the package, whatever the path in."""
    import warnings

    from stancelib.persist import save_model

    old = tmp_path / "old"
    save_model(tiny, old, {})
    _as_revision(old, FEATURE_REVISION - 1)
    calls = {"load_model(trusted=True)": lambda: load_model(old, trusted=True),
             "load_model()": lambda: load_model(old),
             "classify(model=DIR)": lambda: stancelib.classify("Xi warned Biden.", model=str(old)),
             "classify_sentences(model=Path)": lambda: stancelib.classify_sentences(["Xi warned."], model=old)}
    for name, call in calls.items():
        clear_cache()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        found = [w for w in caught if issubclass(w.category, ModelFeatureWarning)]
        assert [w.filename for w in found] == [__file__], (name, [(w.filename, w.lineno) for w in found])
