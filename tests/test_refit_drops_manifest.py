"""A loaded model's id does not outlive a change of its state: ``fit`` and ``set_params`` of every estimator
``load_model`` loads drop the ``manifest_`` that named it, so ``model_id`` names it ``unsaved-...``.

Review r33 (diff), finding 1: whether a loaded model was still its file was decided by hashing a hand-kept list
of ReadoutClassifier's attribute names, which missed EncoderClassifier's weights (``state_``): a refitted
``load_model("accurate")`` kept its artifact's id. And every ``model_id(model)`` re-hashed the model (13 ms of
the bundled estimator). The rule now lives in one mixin both estimators take, and naming a loaded model is a
look-up. torch is not needed: EncoderClassifier's training step (``_train``) is replaced by a stub that
returns weights, so its ``fit`` runs everything else. The sentences are written for these tests.
"""

import numpy as np
import pytest

from stancelib import ReadoutClassifier, persist
from stancelib._manifest import ManifestMixin
from stancelib.encoder import EncoderClassifier
from stancelib.persist import UNSAVED, load_model, model_id, read_manifest, save_model

X = ["Beijing cautioned Washington over arms sales to Taipei.", "The delegations agreed to reopen consulates.",
     "Officials voiced unease about opioid shipments.", "The meeting was held at the guesthouse."] * 3
Y = {"stance": ["warning", "cooperation", "concern", "neutral"] * 3}
# other sentences with the same labels: a refit that changes no label set
OTHER_X = ["Xi told Biden that Taiwan is a red line.", "Both ministers pledged to expand student exchanges.",
           "The senator raised worries about chip export curbs.", "The call lasted two hours."] * 3


def _artifact(directory):
    return read_manifest(directory)["artifact"].removesuffix(".joblib")


@pytest.fixture
def stub_training(monkeypatch):
    """EncoderClassifier without torch: its training step returns weights that depend on the sentences, and
    a saved model records no torch version."""
    def train(self, texts, schema, targets, progress):
        seed = sum(map(len, texts))
        return {f"heads.{f}.weight": np.full((len(schema.labels[f]), 4), seed, np.float32) for f in schema.fields}

    monkeypatch.setattr(EncoderClassifier, "_train", train)
    monkeypatch.setattr(EncoderClassifier, "runtime_packages", ())


def _saved_and_loaded(estimator, tmp_path):
    save_model(estimator.fit(X, Y), tmp_path / "m", {})
    loaded = load_model(tmp_path / "m", trusted=True)
    assert type(loaded) is type(estimator) and model_id(loaded) == _artifact(tmp_path / "m")
    return loaded


@pytest.mark.parametrize("make", [lambda: ReadoutClassifier(cv=0, min_df=1), lambda: EncoderClassifier()],
                         ids=["ReadoutClassifier", "EncoderClassifier"])
def test_a_refit_with_the_same_labels_is_no_longer_named_after_its_file(make, tmp_path, stub_training):
    loaded = _saved_and_loaded(make(), tmp_path)
    loaded.fit(OTHER_X, Y)
    assert model_id(loaded).startswith(UNSAVED) and not hasattr(loaded, "manifest_")
    assert model_id(loaded) == UNSAVED + persist.state_digest(loaded)[:16]  # named by its state


@pytest.mark.parametrize("make, params", [(lambda: ReadoutClassifier(cv=0, min_df=1), {"context_weight": 0.0}),
                                         (lambda: EncoderClassifier(), {"threshold": 0.4})],
                         ids=["ReadoutClassifier", "EncoderClassifier"])
def test_set_params_drops_the_name_and_an_empty_call_keeps_it(make, params, tmp_path, stub_training):
    loaded = _saved_and_loaded(make(), tmp_path)
    name = model_id(loaded)
    assert model_id(loaded.set_params()) == name  # nothing set: the same model
    assert model_id(loaded.set_params(**params)).startswith(UNSAVED)


def test_fit_cross_val_proba_refits_too(tmp_path):
    save_model(ReadoutClassifier(cv=0, min_df=1).fit(X, Y), tmp_path / "m", {})
    loaded = load_model(tmp_path / "m", trusted=True)
    groups = [i // 4 for i in range(len(X))]
    loaded.cv = 3  # set by hand (not noticed, as documented): here only the refit itself drops the name
    assert model_id(loaded) == _artifact(tmp_path / "m")
    loaded.fit_cross_val_proba(OTHER_X, Y, groups=groups)
    assert model_id(loaded).startswith(UNSAVED)


def test_a_fit_refused_before_any_change_keeps_the_name(tmp_path):
    loaded = _saved_and_loaded(ReadoutClassifier(cv=0, min_df=1), tmp_path)
    with pytest.raises(ValueError):
        loaded.fit(X[:1], {"stance": Y["stance"][:1]})  # one sentence: refused, nothing changed
    assert model_id(loaded) == _artifact(tmp_path / "m")


def test_every_loadable_estimator_takes_the_rule():
    """What load_model unpickles is a ReadoutClassifier or an EncoderClassifier; both take the mixin, ahead of
    scikit-learn's BaseEstimator, so its set_params is the one called."""
    for cls in (ReadoutClassifier, EncoderClassifier):
        assert issubclass(cls, ManifestMixin) and cls.set_params is ManifestMixin.set_params


def test_naming_a_loaded_model_hashes_nothing(monkeypatch):
    """The id of a model still as loaded is read from its manifest: no digest of its state on each call."""
    loaded = load_model()
    name = read_manifest(persist.bundled_dir())["artifact"].removesuffix(".joblib")

    class NoHashing:
        def sha256(self, *args):
            raise AssertionError("model_id hashed the model")

    monkeypatch.setattr(persist, "hashlib", NoHashing())
    assert model_id(loaded) == name


def test_a_model_changed_by_hand_is_named_by_its_state_once_its_manifest_is_dropped(tmp_path):
    """The documented limit and its remedy: an attribute set by hand is not noticed; ``del model.manifest_``."""
    loaded = _saved_and_loaded(ReadoutClassifier(cv=0, min_df=1), tmp_path)
    loaded.intercept_ = loaded.intercept_ + 1.0
    assert model_id(loaded) == _artifact(tmp_path / "m")
    del loaded.manifest_
    assert model_id(loaded).startswith(UNSAVED)
