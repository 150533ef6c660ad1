"""load_model() copies the shared estimator without walking its vocabularies entry by entry.

``copy.deepcopy`` copies a dict entry by entry, in Python: for the bundled estimator's 180,000 vocabulary
entries that was most of the 0.1-0.3 s each ``load_model()`` call spent copying. ``persist._own_copy`` must make
exactly the copy ``copy.deepcopy`` makes, sharing nothing mutable with the cached model. Nothing here depends on
the bundled model's weights.
"""

from __future__ import annotations

import copy
import pickle
from collections import OrderedDict

import numpy as np

from stancelib import load_model
from stancelib import persist


def _same_graph(a, b, path="root") -> None:
    """``a`` and ``b`` hold equal values of the same types, arrays with the same dtype, shape, order and data."""
    assert type(a) is type(b), path
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape, path
        assert a.flags.c_contiguous == b.flags.c_contiguous and a.flags.f_contiguous == b.flags.f_contiguous, path
        if a.dtype.hasobject:
            for i, (x, y) in enumerate(zip(a.ravel(), b.ravel())):
                _same_graph(x, y, f"{path}[{i}]")
        else:
            assert a.tobytes() == b.tobytes(), path
    elif isinstance(a, dict):
        assert list(a) == list(b), path
        for k in a:
            _same_graph(a[k], b[k], f"{path}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            _same_graph(x, y, f"{path}[{i}]")
    elif hasattr(a, "__dict__") and not isinstance(a, type):
        _same_graph(vars(a), vars(b), f"{path}.__dict__")
    else:
        assert a == b or (a != a and b != b), path  # NaN equals NaN here



def _arrays():
    """Arrays of every layout and containers of every kind a model holds."""
    big_endian = np.arange(6, dtype=">i4").reshape(2, 3)
    shared = np.linspace(0, 1, 5)
    return {
        "float32": np.arange(12, dtype=np.float32).reshape(3, 4),
        "fortran": np.asfortranarray(np.arange(12.0).reshape(3, 4)),
        "big_endian": big_endian,
        "zero_d": np.array(3.5),
        "empty": np.zeros((0, 4), dtype=np.int64),
        "bool": np.array([True, False, True]),
        "complex": np.array([1 + 2j, -3j]),
        "strings": np.array(["a", "bcd"]),
        "objects": np.array(["x", None, 3], dtype=object),
        "structured": np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")]),
        "list": [np.arange(3), "text", [np.ones(2), {"deep": np.eye(2)}]],
        "twice": [shared, shared],  # one array held twice: one array in the copy too
        "scalars": {"a": np.int64(3), "b": np.float32(0.5), "c": 7},
        "ordered": OrderedDict([("z", np.arange(2)), ("a", 1)]),
        "plain": {"str": "s", "int": 1, "float": 0.25, "none": None, "bytes": b"\x00\xff", "set": {1, 2}},
        "empty_dict": {},
    }


def test_a_copy_is_what_deepcopy_makes_and_shares_nothing_mutable():
    shared = persist.load_shared_model()
    mine, reference = persist._own_copy(shared), copy.deepcopy(shared)
    assert pickle.dumps(mine, protocol=4) == pickle.dumps(reference, protocol=4)
    for name, block in shared.blocks_.items():
        vocabulary = getattr(block, "vocabulary_", None)
        if vocabulary is not None:
            copied = mine.blocks_[name].vocabulary_
            assert copied is not vocabulary and copied == vocabulary
            copied["no such n-gram"] = 0
            assert "no such n-gram" not in vocabulary
    assert mine.coef_ is not shared.coef_
    mine.coef_[0, 0] += 1.0
    assert mine.coef_[0, 0] != shared.coef_[0, 0]


def test_a_copy_does_not_walk_the_vocabularies_entry_by_entry(monkeypatch):
    """``copy.deepcopy`` copies a dict entry by entry (``copy._deepcopy_dict``, called through its dispatch table):
    load_model() must not hand it a vocabulary (136,000 entries in the bundled estimator's word block, 43,600 in
    its character block's vectorizer)."""
    shared = persist.load_shared_model()
    vectorizers = [getattr(b, "vectorizer_", b) for b in shared.blocks_.values()]
    vocabularies = {id(v.vocabulary_) for v in vectorizers if getattr(v, "vocabulary_", None)}
    walked = []
    real = copy._deepcopy_dispatch[dict]

    def counting(x, memo, *args):
        walked.append(id(x))
        return real(x, memo, *args)

    monkeypatch.setitem(copy._deepcopy_dispatch, dict, counting)
    mine = load_model()
    # deepcopy copied dicts, but neither vocabulary
    assert walked and len(vocabularies) == 2 and not vocabularies & set(walked)
    assert mine.blocks_["word"].vocabulary_ == shared.blocks_["word"].vocabulary_


def test_own_copy_of_containers_of_every_kind_equals_deepcopy():
    value = _arrays()
    value["self"] = value  # a cycle
    value["struct_scalars"] = [np.zeros(1, dtype=[("a", "<i4")])[0]]  # np.void: may be a view, copied by deepcopy
    mine, reference = persist._own_copy(value), copy.deepcopy(value)
    assert mine["self"] is mine
    del mine["self"], reference["self"]
    _same_graph(mine, reference)
    assert mine["plain"] is not value["plain"] and mine["scalars"] is not value["scalars"]
