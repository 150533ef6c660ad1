"""``save_model`` names the model it saved, as ``train(out=)`` does; ``model_id`` of an object that is no model
is a TypeError that says what it takes; its docstring promises no more than is true.

Review r33 (new), findings 4 and 5: after ``save_model(a, ...)``, ``model_id(a)`` was a new ``unsaved-`` id that
named neither the model's labels nor the artifact, and ``model_id(3)`` said "This int is not fitted". The
sentences are written for these tests.
"""

import pytest

from stancelib import ReadoutClassifier
from stancelib.persist import load_model, model_id, read_manifest, save_model

X = ["Beijing cautioned Washington against selling arms to Taipei.", "The delegations agreed to reopen consulates."] * 3
Y = {"stance": ["warning", "cooperation"] * 3}


def test_a_model_saved_by_hand_is_named_by_its_artifact(tmp_path):
    clf = ReadoutClassifier(cv=0, min_df=1).fit(X, Y)
    artifact = save_model(clf, tmp_path / "m1", {})
    assert model_id(clf) == artifact.name.removesuffix(".joblib") == model_id(tmp_path / "m1")
    assert model_id(clf) == model_id(load_model(tmp_path / "m1", trusted=True))
    assert clf.manifest_ == read_manifest(tmp_path / "m1")
    again = save_model(clf, tmp_path / "m2", {})  # a second save: the name of the copy saved last
    assert model_id(clf) == again.name.removesuffix(".joblib")
    assert clf.predict(X[:2])["stance"] == ["warning", "cooperation"]


def test_a_refit_drops_the_name(tmp_path):
    clf = ReadoutClassifier(cv=0, min_df=1).fit(X, Y)
    save_model(clf, tmp_path / "m", {})
    assert model_id(clf.fit(X, Y)).startswith("unsaved-")


@pytest.mark.parametrize("thing", [3, 2.5, b"model", ["a"], object()])
def test_an_object_that_is_no_model_is_a_type_error(thing):
    with pytest.raises(TypeError, match=rf"^model_id\(\) expected a model, a path to one, 'accurate' or None "
                                        rf"\(the bundled model\), got {type(thing).__name__}$"):
        model_id(thing)


def test_the_docstring_promises_what_is_true():
    """Review r34 (repro), H3/M4/M5: the id is a digest of what the model computes, so the docstring promises one
    id for one fit however the model got here (tests/test_model_id_canonical.py holds it to that)."""
    doc = " ".join(model_id.__doc__.split())
    assert "equal models get equal ids" not in doc
    assert "names the state, not the training" not in doc  # the caveat the canonical state made untrue
    assert ("The same data and parameters give the same id in any process, whether the model was fitted afresh, "
            "cloned and fitted, loaded and refitted, copied, or pickled and unpickled, and before or after it first "
            "predicts") in doc
    assert "TypeError" in doc
