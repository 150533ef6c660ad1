"""``model_id(path)`` names a saved model from its manifest, loading nothing: a model directory, any file its
manifest names (the ``.joblib`` included, which needs no trust to be named), its ``manifest.json``.

Review r33 (diff), finding 5: the docstring said a model file is "loaded as load_model loads it", and
``model_id("DIR/model-xxx.joblib")`` raised UntrustedModelError telling the caller to pass ``trusted=True``,
which ``model_id`` does not take. The id is in the manifest beside the file, so nothing need be unpickled. The
sentences are written for these tests.
"""

import pytest

from stancelib import ReadoutClassifier, persist
from stancelib.persist import ModelLoadError, export_model, model_id, read_manifest, save_model

X = ["Beijing cautioned Washington over arms sales to Taipei.", "The delegations agreed to reopen consulates."] * 3
Y = {"stance": ["warning", "cooperation"] * 3}


@pytest.fixture
def saved(tmp_path, monkeypatch):
    save_model(ReadoutClassifier(cv=0, min_df=1).fit(X, Y), tmp_path / "m", {})
    export_model(tmp_path / "m", tmp_path / "shared", trusted=True)  # an export in a folder of its own
    # naming reads the manifest only: nothing is unpickled, no export is read
    monkeypatch.setattr(persist, "_unpickle", lambda *a, **k: pytest.fail("model_id unpickled the model"))
    monkeypatch.setattr(persist, "read_export", lambda *a, **k: pytest.fail("model_id read the export"))
    return tmp_path / "m"


def test_every_file_of_a_model_directory_names_its_model(saved):
    manifest = read_manifest(saved)
    name = manifest["artifact"].removesuffix(".joblib")
    for path in (saved, saved / manifest["artifact"], saved / manifest["compiled"], saved / manifest["compiled_json"],
                 saved / "manifest.json", str(saved / manifest["artifact"])):
        assert model_id(path) == name, path


def test_an_export_in_a_folder_of_its_own_names_the_model_it_came_from(saved, tmp_path):
    assert model_id(tmp_path / "shared") == model_id(saved)


def test_a_joblib_without_a_manifest_is_refused_with_a_fix_model_id_can_take(tmp_path):
    import joblib

    joblib.dump(ReadoutClassifier(cv=0, min_df=1).fit(X, Y), tmp_path / "mine.joblib")
    with pytest.raises(ModelLoadError, match=r"No manifest\.json beside .*mine\.joblib.*load it with "
                                             r"load_model\(path, trusted=True\) and pass the model: model_id\(model\)"):
        model_id(tmp_path / "mine.joblib")


def test_a_file_its_manifest_does_not_name_is_refused(saved):
    (saved / "model-0000000000000000.joblib").write_bytes(b"not a model")
    with pytest.raises(ModelLoadError, match=r"model-0000000000000000\.joblib is not a file its manifest names"):
        model_id(saved / "model-0000000000000000.joblib")


def test_a_missing_path_and_a_missing_accurate_model_are_named(tmp_path, monkeypatch):
    with pytest.raises(FileNotFoundError, match="No model at"):
        model_id(tmp_path / "nowhere")
    monkeypatch.setattr(persist, "accurate_dir", lambda: tmp_path / "accurate")
    with pytest.raises(ModelLoadError, match="stancelib ships no accurate model"):  # not torch's ImportError
        model_id("accurate")
