"""Tuple parameters given as lists (a JSON config's, ``stancelib train --params``) give the model, and the
artifact, that the same tuples give in Python.

Review r34 (repro), M1: ``word_ngram_range=[1, 3]`` pickled as a list, and ``(1, 3)`` as a tuple shared with the
word block: one model, two artifacts (and so two ids), so the command line could never reproduce a Python run,
and passing a manifest's own params back gave yet another artifact. The sentences are written for these tests (conftest's ``FOUR_X``).
"""

import json
import pickle

from stancelib import ReadoutClassifier, train
from stancelib.cli import main
from stancelib.model import DEFAULT_STATIC_HEADS
from stancelib.persist import _intern_strings, read_manifest

from .conftest import FOUR_X as X
from .conftest import FOUR_Y as Y
from .conftest import as_records, write_jsonl

AS_TUPLES = {"word_ngram_range": (1, 3), "char_ngram_range": (2, 4), "static_heads": ("issue", "side"),
             "head_features": {"side": ("word", "actors")}}
AS_LISTS = {"word_ngram_range": [1, 3], "char_ngram_range": [2, 4], "static_heads": ["issue", "side"],
            "head_features": {"side": ["word", "actors"]}}


def _pickled(**params):
    """The bytes save_model pickles (strings interned), and the model."""
    clf = ReadoutClassifier(cv=0, min_df=1, **params).fit(X, Y)
    return pickle.dumps(_intern_strings(clf), protocol=4), clf


def test_lists_and_tuples_pickle_to_the_same_bytes():
    tuples, by_tuples = _pickled(**AS_TUPLES)
    lists, by_lists = _pickled(**AS_LISTS)
    assert lists == tuples
    assert by_lists.predict(X) == by_tuples.predict(X)
    assert by_lists.get_params()["word_ngram_range"] == [1, 3]  # the parameter stays as given (scikit-learn's rule)
    assert pickle.loads(lists).get_params()["word_ngram_range"] == (1, 3)


def test_the_defaults_given_as_lists_pickle_as_the_defaults():
    """``static_heads`` at its default is left out of the pickle (LATER_PARAMS): as a list too."""
    default, _ = _pickled()
    assert _pickled(char_ngram_range=[2, 5], static_heads=list(DEFAULT_STATIC_HEADS))[0] == default
    assert "static_heads" not in ReadoutClassifier(static_heads=list(DEFAULT_STATIC_HEADS)).__getstate__()


def test_the_command_line_python_and_a_manifests_params_give_one_artifact(tmp_path, capsys):
    data = write_jsonl(tmp_path / "mine.jsonl", as_records(X, Y))
    params = {"cv": 0, "min_df": 1, "word_ngram_range": [1, 3]}
    assert main(["train", "--data", str(data), "--base", "none", "--out", str(tmp_path / "cli"), "--quiet",
                 "--params", json.dumps(params)]) == 0
    capsys.readouterr()
    python = train(str(data), base="none", out=tmp_path / "py", params={**params, "word_ngram_range": (1, 3)})
    recorded = {k: v for k, v in read_manifest(tmp_path / "cli")["params"].items() if k != "random_state"}
    again = train(str(data), base="none", out=tmp_path / "again", params=recorded)
    names = {read_manifest(tmp_path / d)["artifact"] for d in ("cli", "py", "again")}
    assert names == {python.manifest["artifact"]}


def test_train_fits_the_tuples_so_an_unsaved_model_has_one_id():
    from stancelib.persist import model_id

    rows = as_records(X, {f: Y[f] for f in ("issue", "stance")})
    ids = {model_id(train(rows, base="none", params={"cv": 0, "min_df": 1, **p}).model) for p in (AS_TUPLES, AS_LISTS)}
    assert len(ids) == 1 and next(iter(ids)).startswith("unsaved-")
