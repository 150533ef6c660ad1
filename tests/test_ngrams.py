"""The integer helpers the compiled model counts and looks up n-grams with, against plain numpy and dicts."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancelib._ngrams import IntMap, count_pairs, term_frequencies

pairs = st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.just(n), st.integers(1, 3000),
).flatmap(lambda nw: st.tuples(
    st.just(nw[0]), st.just(nw[1]),
    st.lists(st.tuples(st.integers(0, nw[0] - 1), st.integers(0, nw[1] - 1)), max_size=300),
)))


def _expected(rows: np.ndarray, cols: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    keys, counts = np.unique(rows * width + cols, return_counts=True)
    return keys, counts


@given(pairs)
def test_count_pairs_counts_every_pair_once_with_sorted_columns(case):
    n, width, items = case
    rows = np.asarray([r for r, _ in items], dtype=np.int64)
    cols = np.asarray([c for _, c in items], dtype=np.int64)
    M = count_pairs(rows, cols, (n, width))
    assert M.shape == (n, width) and M.has_sorted_indices
    got_rows = np.repeat(np.arange(n), np.diff(M.indptr))
    keys, counts = _expected(rows, cols, width)
    np.testing.assert_array_equal(got_rows * width + M.indices, keys)
    np.testing.assert_array_equal(M.data, counts.astype(np.float64))


def test_count_pairs_falls_back_when_keys_would_not_fit_an_int64():
    # 2**44 columns and 2**20 rows cannot share one int64 key: scipy counts them
    last = (1 << 44) - 1
    rows = np.asarray([5, 5, (1 << 20) - 1, 5], dtype=np.int64)
    cols = np.asarray([last, 3, 3, last], dtype=np.int64)
    M = count_pairs(rows, cols, (1 << 20, 1 << 44))
    assert M[5, last] == 2 and M[5, 3] == 1 and M[(1 << 20) - 1, 3] == 1 and M.nnz == 3


def test_count_pairs_of_nothing_is_an_empty_matrix():
    M = count_pairs(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), (3, 7))
    assert M.shape == (3, 7) and M.nnz == 0 and list(M.indptr) == [0, 0, 0, 0]


@given(st.dictionaries(st.integers(0, 2**62), st.integers(0, 2**40), max_size=200),
       st.lists(st.integers(0, 2**62), max_size=100))
def test_intmap_finds_every_key_and_nothing_else(table, probes):
    keys = np.asarray(list(table), dtype=np.int64)
    values = np.asarray(list(table.values()), dtype=np.int64)
    m = IntMap(keys, values)
    asked = np.asarray(list(table) + probes, dtype=np.int64)
    want = [table.get(k, -1) for k in asked.tolist()]
    assert m.get(asked).tolist() == want


@pytest.mark.parametrize("size", [1, 1000, 50_000])
def test_intmap_with_colliding_keys(size):
    # keys that share their low bits probe past each other
    keys = np.arange(size, dtype=np.int64) << 20
    m = IntMap(keys, np.arange(size))
    np.testing.assert_array_equal(m.get(keys), np.arange(size))
    assert (m.get(keys + 1) == -1).all()


@given(st.lists(st.integers(1, 50), max_size=60), st.booleans())
def test_term_frequencies_are_scikit_learns(counts, sublinear):
    """1 + log(count) when sublinear (taken only above 1, where it is not exactly 1), else the count."""
    c = np.asarray(counts, dtype=np.float64)
    want = np.log(c) + 1 if sublinear else c
    got = term_frequencies(c, sublinear)
    np.testing.assert_array_equal(got, want)
    assert got is not c and (c == np.asarray(counts)).all()  # a new array; the counts are left as they were
