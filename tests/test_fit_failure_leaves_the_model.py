"""A fit that raises, or is interrupted, leaves the estimator exactly as it was.

Review r34 (repro), H1: ``fit`` assigned the new label sets, thresholds, Platt parameters and temperatures
before the step that can fail (the feature blocks: ``min_df`` pruning every term), and the weights only at the
end. A refit that failed left the old weights read under the new fit's class names, by position: the model
called a warning "cooperation", without any error. ``fit`` now fits a new estimator of the same parameters and
takes its fitted attributes all at once at the end. The sentences are written for these tests (conftest's ``FOUR_X``).
"""

import pickle

import pytest
from sklearn.exceptions import NotFittedError

from stancelib import ReadoutClassifier
from stancelib.persist import model_id

from .conftest import FOUR_X as X
from .conftest import FOUR_Y as Y

# two sentences sharing no word: min_df=2 leaves no term, and the fit fails after the labels were read
BAD_X = ["Alpha beta.", "Gamma delta."]
BAD_Y = {"issue": [["taiwan"], ["trade"]], "stance": ["warning", "cooperation"], "side": ["china", "us"]}
PROBE = ["Beijing warned Washington over Taiwan.", "The leaders agreed to cooperate on climate."]


def _fitted():
    return ReadoutClassifier(cv=0, min_df=1).fit(X, Y)


def test_a_refit_that_fails_leaves_the_fitted_model_as_it_was():
    clf = _fitted()
    before, keys, predicted = pickle.dumps(clf, protocol=4), list(vars(clf)), clf.predict(PROBE)
    clf.set_params(min_df=2)
    with pytest.raises(ValueError, match="no feature"):
        clf.fit(BAD_X, BAD_Y)
    assert {f: list(v) for f, v in clf.classes_.items()} == {f: list(v) for f, v in _fitted().classes_.items()}
    assert clf.predict(PROBE) == predicted
    clf.set_params(min_df=1)
    assert pickle.dumps(clf, protocol=4) == before and list(vars(clf)) == keys


def test_a_fit_that_fails_leaves_an_unfitted_model_unfitted():
    clf = ReadoutClassifier(cv=0, min_df=2)
    with pytest.raises(ValueError):
        clf.fit(BAD_X, BAD_Y)
    assert not hasattr(clf, "classes_") and not hasattr(clf, "schema_")
    with pytest.raises(NotFittedError):
        clf.predict(PROBE)


def test_an_interrupted_refit_leaves_the_model_and_its_name(monkeypatch, tmp_path):
    """Ctrl-C in a long refit (a KeyboardInterrupt from inside the fit): the model is still the saved one."""
    from stancelib.persist import save_model

    clf = _fitted()
    save_model(clf, tmp_path / "m", {"format": "stancelib-model"})
    name, before = model_id(clf), pickle.dumps(clf, protocol=4)
    assert name.startswith("model-")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ReadoutClassifier, "_fit_parts", interrupted)
    with pytest.raises(KeyboardInterrupt):
        clf.fit(X[:4], {f: v[:4] for f, v in Y.items()})
    assert model_id(clf) == name and pickle.dumps(clf, protocol=4) == before
    monkeypatch.undo()
    clf.fit(X, Y)  # a fit that succeeds is no longer the saved model
    assert model_id(clf).startswith("unsaved-")


def test_a_refit_still_replaces_every_fitted_attribute_in_place():
    """The attributes arrive at the end, in the order a first fit makes them: a refit model is the model a
    fresh fit makes, to the byte."""
    other_x = ["Soybean trade talks went well.", "Duties on soybeans rose steeply.",
               "A trade deal was signed.", "Export controls were tightened steeply."] * 2
    other_y = {"issue": [["trade"], ["trade"], ["trade"], ["technology"]] * 2,
               "stance": ["cooperation", "warning", "cooperation", "warning"] * 2,
               "side": ["us", "china", "us", "china"] * 2}
    clf = _fitted().fit(other_x, other_y)
    fresh = ReadoutClassifier(cv=0, min_df=1).fit(other_x, other_y)
    assert list(vars(clf)) == list(vars(fresh))
    assert pickle.dumps(clf, protocol=4) == pickle.dumps(fresh, protocol=4)
