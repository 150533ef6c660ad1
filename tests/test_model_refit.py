"""A fitted ReadoutClassifier as an object that lives on: refitted, used, pickled, handed to scikit-learn's tools.

A refit must leave nothing of the earlier fit behind (the known words the confidence reads were cached per
model object, and outlived a refit); predicting must leave nothing in the pickle (a memory address made the
bytes, hence the artifact's name, differ between runs); and the estimator's scikit-learn tags and the
documented way of cross-validating it must hold.
"""

import pickle

import numpy as np
import pytest
from sklearn.base import clone, is_classifier

from stancelib import ReadoutClassifier, classify_sentences
from stancelib.api import ood_factor

FIRST = ["Xi warned against arms sales to Taiwan.", "The two sides agreed to resume talks on climate.",
         "Biden raised concerns about human rights in Xinjiang.", "They agreed to cooperate on fentanyl.",
         "Wang Yi cautioned Washington about Taiwan.", "The leaders discussed climate change cooperation.",
         "Blinken voiced concern over Hong Kong freedoms.", "Both sides pledged to curb fentanyl flows."]
FIRST_Y = {"issue": [["taiwan"], ["climate"], ["human_rights"], ["counternarcotics"]] * 2,
           "stance": ["warning", "cooperation", "concern", "cooperation"] * 2,
           "side": ["china", "joint", "us", "joint"] * 2}
SECOND = ["Soybean trade talks went well.", "Duties on soybeans rose steeply.",
          "A trade deal was signed.", "Export controls were tightened steeply."] * 2
SECOND_Y = {"issue": [["trade"], ["trade"], ["trade"], ["technology"]] * 2,
            "stance": ["cooperation", "warning", "cooperation", "warning"] * 2,
            "side": ["us", "china", "us", "china"] * 2}
PROBE = ["Duties on soybeans rose steeply.", "Xi warned about Taiwan."]


def _fit(X=FIRST, y=FIRST_Y, **params):
    return ReadoutClassifier(**{"cv": 0, "min_df": 1, **params}).fit(X, y)


def test_a_refit_model_counts_the_known_words_of_its_new_vocabulary():
    """The known words were cached per model object and a refit kept them: the refit model counted the first
    fit's words, and its confidences differed from those of a fresh fit on the same data."""
    clf = _fit()
    classify_sentences(["Xi warned."], model=clf)  # any use fills the cache
    old_words = clf.known_words()
    clf.fit(SECOND, SECOND_Y)
    fresh = _fit(SECOND, SECOND_Y)
    assert clf.known_words() == fresh.known_words() != old_words
    for got, want in zip(clf.token_coverage(PROBE), fresh.token_coverage(PROBE)):
        assert got.tolist() == want.tolist()
    assert ood_factor(PROBE, model=clf).tolist() == ood_factor(PROBE, model=fresh).tolist()
    assert ([s.confidence for s in classify_sentences(PROBE, model=clf)]
            == [s.confidence for s in classify_sentences(PROBE, model=fresh)])


def test_known_words_are_made_once_per_vocabulary(monkeypatch):
    clf = _fit()
    words = clf.known_words()
    monkeypatch.setattr(ReadoutClassifier, "_vocabulary_words", lambda self: pytest.fail("made twice"))
    assert clf.known_words() is words
    assert clf.compile().known_words() == words


@pytest.mark.parametrize("use", ["predict", "explain", "classify"])
def test_a_model_pickles_to_the_same_bytes_after_it_has_predicted(use):
    """Predicting set the word vectorizers' ``_stop_words_id`` (the memory address of their stop words),
    which fit drops: a model saved after use pickled differently in every process."""
    clf = _fit(char_ngram_range=(2, 4))  # the char block holds a vectorizer of its own
    before = pickle.dumps(clf, protocol=4)
    if use == "predict":
        clf.predict(PROBE, documents=["d1", "d1"])
    elif use == "explain":
        clf.explain(PROBE[0])
    else:
        classify_sentences(PROBE, model=clf)
    assert pickle.dumps(clf, protocol=4) == before
    assert pickle.loads(before).predict(PROBE) == clf.predict(PROBE)


def test_a_fresh_fit_pickles_as_before_and_keeps_no_process_state():
    """The bundled artifact is pickled from a model that has not predicted: its state must be what it was."""
    clf = _fit()
    blocks = {name: list(vars(block)) for name, block in clf.blocks_.items()}
    assert "_stop_words_id" not in blocks["word"] and "_stop_words_id" not in vars(clf.blocks_["char"].vectorizer_)
    pickle.dumps(clf, protocol=4)
    assert {name: list(vars(block)) for name, block in clf.blocks_.items()} == blocks


def test_a_fit_records_its_feature_revision_outside_the_pickle():
    """Review r31 (diff), finding 4: the model records the feature revision it was fitted under, for save_model
    to write. The pickle leaves it to the manifest, so that a fit pickles to the bytes it did before (the bundled
    artifact is rebuilt byte for byte); a copy keeps it, a bare pickle round trip does not."""
    import copy

    from stancelib._lexfeatures import FEATURE_REVISION

    clf = _fit()
    assert clf.feature_revision_ == FEATURE_REVISION
    assert "feature_revision_" not in clf.__getstate__()
    pickled = pickle.dumps(clf, protocol=4)
    del clf.feature_revision_
    assert pickle.dumps(clf, protocol=4) == pickled  # the bytes of a model without it
    clf.feature_revision_ = FEATURE_REVISION
    copied = copy.deepcopy(clf)
    assert copied.feature_revision_ == FEATURE_REVISION and copied.predict(PROBE) == clf.predict(PROBE)
    # the copy is made as copy.deepcopy makes it by default, through __getstate__ and __setstate__ as unpickling
    # does (strings interned, as save_model does: pickle shares a string by identity)
    from stancelib.persist import _intern_strings

    again = pickle.loads(pickled)
    assert pickle.dumps(_intern_strings(copied), protocol=4) == pickle.dumps(_intern_strings(again), protocol=4)
    assert not hasattr(pickle.loads(pickle.dumps(clf)), "feature_revision_")
    assert not hasattr(ReadoutClassifier(), "feature_revision_") and not hasattr(clone(clf), "feature_revision_")


def test_the_tags_say_text_in_and_a_required_target():
    tags = ReadoutClassifier().__sklearn_tags__()
    assert tags.input_tags.string and tags.target_tags.required
    assert not is_classifier(ReadoutClassifier())  # as the docstring says (StratifiedKFold cannot read y)


def test_cross_validation_as_the_docstring_shows_it():
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold, cross_validate

    def stance_macro_f1(clf, X, records):
        return f1_score([r["stance"] for r in records], clf.predict(X)["stance"], average="macro")

    records = [{f: FIRST_Y[f][i] for f in FIRST_Y} for i in range(len(FIRST))]
    groups = [i // 4 for i in range(len(FIRST))]  # two "documents" of four sentences, each with every label
    scores = cross_validate(ReadoutClassifier(cv=0, min_df=1), FIRST, records, groups=groups, cv=GroupKFold(2),
                            scoring=stance_macro_f1, error_score="raise")
    assert scores["test_score"].shape == (2,) and np.all((scores["test_score"] >= 0) & (scores["test_score"] <= 1))
    assert not hasattr(ReadoutClassifier(), "score")  # hence the scoring callable
    assert clone(_fit()).get_params() == ReadoutClassifier(cv=0, min_df=1).get_params()
