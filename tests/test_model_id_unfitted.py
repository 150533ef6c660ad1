"""``model_id`` of an estimator: fitted (named by its state), unfitted (a clear error, not an id of a blank
model) and loaded (named by its artifact); ``ReadoutClassifier``'s repr stays scikit-learn's parameter repr.

Review r33 follow-ups, finding 4. The sentences are written for these tests.
"""

import pytest
from sklearn.exceptions import NotFittedError

from stancelib import ReadoutClassifier
from stancelib.persist import UNSAVED, bundled_dir, load_model, model_id, read_manifest

X = ["Beijing cautioned Washington against selling arms to Taipei.", "The delegations agreed to reopen consulates."] * 3
Y = {"stance": ["warning", "cooperation"] * 3}


def test_an_unfitted_estimator_has_no_id():
    with pytest.raises(NotFittedError, match=r"^This ReadoutClassifier is not fitted \(it has no classes_\), so it has "
                                             r"labelled nothing and has no id; fit it first"):
        model_id(ReadoutClassifier(cv=0, min_df=1))


def test_the_error_is_a_value_error_as_scikit_learns_is():
    with pytest.raises(ValueError):
        model_id(ReadoutClassifier())


def test_a_fitted_estimator_is_named_by_its_state():
    name = model_id(ReadoutClassifier(cv=0, min_df=1).fit(X, Y))
    assert name.startswith(UNSAVED) and len(name) == len(UNSAVED) + 16
    assert name == model_id(ReadoutClassifier(cv=0, min_df=1).fit(X, Y))  # equal models, equal ids


def test_a_loaded_estimator_is_named_by_its_artifact():
    assert model_id(load_model()) == read_manifest(bundled_dir())["artifact"].removesuffix(".joblib")


def test_the_repr_is_scikit_learns():
    assert repr(ReadoutClassifier(cv=0, min_df=1)) == "ReadoutClassifier(cv=0, min_df=1)"
    assert repr(ReadoutClassifier(cv=0, min_df=1).fit(X, Y)) == "ReadoutClassifier(cv=0, min_df=1)"
