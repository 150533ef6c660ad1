"""A model's id, and the artifact it saves to, depend only on what it computes.

Review r34 (repro): H3, an unsaved model's id changed on its first predict (scikit-learn's ``TfidfVectorizer``
stores ``id(stop_words)``, a memory address, and the id hashed ``__dict__`` raw), and so differed in every
process; M4, a deep copy or a pickle round trip of a model never saved got another id; the known problem of a
model loaded and refitted getting another id (``__setstate__`` puts seven parameters first in ``__dict__``, and
the id and the artifact followed dict order); M5 and the known problem of saving twice giving two file names
(``_intern_strings`` rebuilt shared tuples, and a loaded model's arrays each hold their own dtype object, so what
pickle shared changed from save to save), and a loaded model saved again getting a third.
"""

import copy
import json
import os
import pickle
import subprocess
import sys

import pytest
from sklearn.base import clone

from stancelib import ReadoutClassifier
from stancelib.persist import (UNSAVED, _CanonicalEncoder, _intern_strings, load_model, model_id, read_manifest,
                               save_model, state_hash)

PROBE = ["Xi warned Biden not to cross a red line on Taiwan.", "He also raised fentanyl.",
         "The two leaders agreed to resume military talks."]


@pytest.fixture(scope="module")
def data(few_records):
    X = [r["text"] for r in few_records]
    y = {field: [r[field] for r in few_records] for field in ("issue", "stance", "side")}
    groups = [r["doc_id"] for r in few_records]
    return X, y, groups


def _fit(data, **params):
    """Every block, no calibration folds (0.2 s): the folds add no kind of attribute the id or the artifact reads."""
    X, y, groups = data
    return ReadoutClassifier(cv=0, min_df=1, **params).fit(X, y, groups=groups)


@pytest.fixture(scope="module")
def fresh(data):
    return _fit(data)


@pytest.fixture(scope="module")
def saved(fresh, tmp_path_factory):
    directory = tmp_path_factory.mktemp("saved")
    save_model(copy.deepcopy(fresh), directory, {})  # a copy: save_model names the model it saves
    return directory


def _unsaved_id(model):
    model = copy.copy(model)
    vars(model).pop("manifest_", None)  # named by its state, not by a file
    return model_id(model)


def test_one_fit_one_id_however_the_model_got_here(data, fresh, saved):
    expected = model_id(fresh)
    assert expected.startswith(UNSAVED)
    X, y, groups = data
    loaded = load_model(saved, trusted=True)
    ways = {
        "fitted again": _fit(data),
        "cloned and fitted": clone(fresh).fit(X, y, groups=groups),
        "loaded and refitted": load_model(saved, trusted=True).fit(X, y, groups=groups),
        "deep-copied": copy.deepcopy(fresh),
        "pickled and unpickled": pickle.loads(pickle.dumps(fresh, protocol=4)),
        "loaded, named by its state": loaded,
    }
    assert {way: _unsaved_id(model) for way, model in ways.items()} == {way: expected for way in ways}


@pytest.mark.parametrize("use", ["predict", "explain", "predict_proba"])
def test_predicting_changes_no_id(data, use):
    model = _fit(data)
    before = model_id(model)
    if use == "explain":
        model.explain(PROBE[0])
    else:
        getattr(model, use)(PROBE)
    assert model_id(model) == before
    model.blocks_["word"]._stop_words_id = 123456  # what scikit-learn sets: a memory address of this process
    assert model_id(model) == before


def test_the_id_still_tells_models_apart(data, fresh):
    other = copy.deepcopy(fresh)
    other.coef_ = other.coef_.copy()
    other.coef_[0, 0] += 1e-6
    assert model_id(other) != model_id(fresh)
    assert model_id(_fit(data, C=2.0)) != model_id(fresh)
    vocabulary = copy.deepcopy(fresh)
    word = vocabulary.blocks_["word"]
    word.vocabulary_ = dict(reversed(word.vocabulary_.items()))  # the same mapping in another order: the same model
    assert model_id(vocabulary) == model_id(fresh)
    first = next(iter(word.vocabulary_))
    word.vocabulary_[first + " x"] = word.vocabulary_.pop(first)  # another term: another model
    assert model_id(vocabulary) != model_id(fresh)


def test_saving_twice_gives_one_name_and_the_same_bytes(data, tmp_path):
    X, y, groups = data
    blocks = ("word", "actors")  # one tuple in three places: interning rebuilt it for the first, kept it for the rest
    model = ReadoutClassifier(cv=0, min_df=1, head_features=dict.fromkeys(("issue", "stance", "side"), blocks))
    model.fit(X, y, groups=groups)
    first = save_model(model, tmp_path / "a", {})
    second = save_model(model, tmp_path / "b", {})
    assert first.name == second.name and first.read_bytes() == second.read_bytes()


def test_a_model_saves_to_the_same_artifact_however_it_got_here(data, saved, tmp_path):
    """Loaded (a copy, as ``copy.deepcopy`` makes it) and saved again, loaded and refitted, or having predicted:
    the name of the fresh fit's first save."""
    X, y, groups = data
    expected = read_manifest(saved)["artifact"]
    used = _fit(data)
    used.predict(PROBE)
    ways = {
        "loaded": load_model(saved, trusted=True),
        "loaded and refitted": load_model(saved, trusted=True).fit(X, y, groups=groups),
        "used": used,
    }
    names = {way: save_model(model, tmp_path / str(i), {}).name for i, (way, model) in enumerate(ways.items())}
    assert names == {way: expected for way in ways}


def test_interning_keeps_what_the_graph_shares():
    """A tuple rebuilt for its strings is one object wherever the original was; one with nothing to intern is kept."""
    numbers = (2, 5)
    words = tuple("".join(["ta", "iwan"]) for _ in range(2))  # equal strings, not one object
    graph = {"a": numbers, "b": [numbers, words], "c": {"d": words}}
    _intern_strings(graph)
    assert graph["a"] is numbers and graph["b"][0] is numbers
    assert graph["b"][1] is graph["c"]["d"] and graph["b"][1][0] is graph["b"][1][1] is sys.intern("taiwan")
    once = pickle.dumps(graph, protocol=4)
    _intern_strings(graph)
    assert pickle.dumps(graph, protocol=4) == once


def _encoded(obj):
    chunks = []
    _CanonicalEncoder(chunks.append).feed(obj)
    return b"".join(chunks)


def test_the_canonical_encoding_depends_on_values_alone():
    shared = [1.5, "x"]
    assert _encoded({"a": 1, "b": shared, "c": shared}) == _encoded({"c": [1.5, "x"], "b": [1.5, "x"], "a": 1})
    assert _encoded({3: "x", (1, "y"): None}) == _encoded({(1, "y"): None, 3: "x"})  # keys of other types too
    assert _encoded({"z", "a", "m"}) == _encoded({"a", "m", "z"})  # sorted, whatever the hash seed
    distinct = [1, 1.0, True, "1", b"1", [1], {"1": 1}, None, (1, 1), [[1], 1]]
    assert len({_encoded(value) for value in distinct}) == len(distinct)
    cycle = []
    cycle.append(cycle)
    assert _encoded(cycle) == _encoded(pickle.loads(pickle.dumps(cycle)))


def test_a_model_with_an_attribute_pickle_refuses_has_no_digest(fresh):
    model = copy.deepcopy(fresh)
    model.hook = lambda text: text
    assert state_hash(model) is None


@pytest.mark.slow  # two fresh interpreters that fit a model (about 8 s): the slow tier (CI) runs it
def test_the_id_after_predicting_is_the_same_in_any_process():
    code = ("import json; from stancelib import ReadoutClassifier; from stancelib.persist import model_id; "
            "X = ['Beijing cautioned Washington over arms sales to Taipei.', 'The delegations agreed to talk.'] * 3; "
            "m = ReadoutClassifier(cv=0, min_df=1).fit(X, {'stance': ['warning', 'cooperation'] * 3}); "
            "before = model_id(m); m.predict(X); print(json.dumps([before, model_id(m)]))")
    ids = [json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                     env={**os.environ, "PYTHONHASHSEED": seed}).stdout)
           for seed in ("0", "1")]
    assert ids[0] == ids[1] and ids[0][0] == ids[0][1]  # before and after predicting, in two processes
