"""What a model is, apart from where it was loaded from: ``stancelib.persist.model_state``.

Review r32 (diff), finding 8: ``batch.model_fingerprint`` and ``persist._without_manifest`` each left
``manifest_`` out of a model's ``__dict__`` on their own. Both now take :func:`model_state`, so what is no part
of a model's identity is said once. The sentences are written for these tests.
"""

import pytest

from stancelib import ReadoutClassifier
from stancelib.batch import model_fingerprint
from stancelib.persist import load_model, model_state, read_manifest, save_model

X = ["Beijing cautioned Washington against selling arms to Taipei.", "The delegations agreed to reopen consulates.",
     "Officials voiced unease about opioid shipments.", "The meeting was held at the guesthouse."] * 3
Y = {"stance": ["warning", "cooperation", "concern", "neutral"] * 3}


@pytest.fixture(scope="module")
def fitted():
    return ReadoutClassifier(cv=0, min_df=1).fit(X, Y)


def test_the_state_is_every_attribute_but_the_manifest(fitted, tmp_path):
    assert model_state(fitted) == vars(fitted)
    save_model(fitted, tmp_path / "a", {})
    loaded = load_model(tmp_path / "a", trusted=True)
    state = model_state(loaded)
    assert set(vars(loaded)) - set(state) == {"manifest_"}
    assert loaded.manifest_ == read_manifest(tmp_path / "a")  # the model keeps it


def test_an_object_without_attributes_has_no_state():
    assert model_state(3) is None and model_state(("a", 1)) is None


def test_neither_the_fingerprint_nor_the_artifact_depends_on_the_directory(fitted, tmp_path):
    save_model(fitted, tmp_path / "a", {})
    from_a = load_model(tmp_path / "a", trusted=True)
    save_model(from_a, tmp_path / "b", {})
    from_b = load_model(tmp_path / "b", trusted=True)
    save_model(from_b, tmp_path / "c", {})
    assert from_a.manifest_ == from_b.manifest_ == read_manifest(tmp_path / "b")  # save_model marks it saved
    # the same state loaded from two directories: one artifact, one cache entry
    assert read_manifest(tmp_path / "b")["artifact_sha256"] == read_manifest(tmp_path / "c")["artifact_sha256"]
    marked = ReadoutClassifier(cv=0, min_df=1).fit(X, Y)
    before = model_fingerprint(marked)
    marked.manifest_ = {"artifact": "elsewhere.joblib"}
    assert model_fingerprint(marked) == before
