"""The compiled word n-gram block, whose nodes are the slots of its hash tables, finds scikit-learn's n-grams.

``IntMap.slots_of`` gives the slot that holds each key, and ``_WordNgrams`` numbers the prefixes of level
k >= 2 by those slots (so a look-up reads the table's keys only): the columns each text gets must be
exactly the vectorizer's, for every n-gram range, and the block must keep the saved layout (``levels``)
as it was.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancelib._ngrams import IntMap
from stancelib.lexicon import tokenize


@given(st.dictionaries(st.integers(0, 2**62), st.integers(0, 2**40), max_size=200),
       st.lists(st.integers(0, 2**62), max_size=100))
def test_slots_of_holds_each_key_and_nothing_else(table, probes):
    keys = np.asarray(list(table), dtype=np.int64)
    m = IntMap(keys, np.asarray(list(table.values()), dtype=np.int64))
    asked = np.asarray(list(table) + probes, dtype=np.int64)
    slots = m.slots_of(asked)
    found = slots >= 0
    assert found.tolist() == [k in table for k in asked.tolist()]
    np.testing.assert_array_equal(m.keys[slots[found]], asked[found])
    np.testing.assert_array_equal(m.values[slots[found]], [table[k] for k in asked[found].tolist()])
    assert m.get(asked).tolist() == [table.get(k, -1) for k in asked.tolist()]


def test_slots_of_colliding_keys_are_distinct():
    keys = np.arange(5000, dtype=np.int64) << 20  # they share their low bits, so they probe past each other
    slots = IntMap(keys, np.arange(5000)).slots_of(keys)
    assert (slots >= 0).all() and len(set(slots.tolist())) == 5000


TEXTS = ["The South China Sea is not a red line, the Chinese side said.",
         "Red line after red line: the U.S. side raised the South China Sea again and again.",
         "China's foreign ministry said the two sides agreed to keep talking.", "", "sea sea sea sea",
         "He also raised the issue of the South China Sea with the Chinese side."]


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (1, 3), (2, 3), (1, 4), (3, 4)])
def test_word_block_finds_the_vectorizers_ngrams(ngram_range):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from stancelib.compiled import _WordNgrams

    vec = TfidfVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None, ngram_range=ngram_range,
                          sublinear_tf=True).fit(TEXTS[:3])
    width = len(vec.vocabulary_)
    block = _WordNgrams(vec, np.eye(width))  # weights of one: the scores are the TF-IDF rows themselves
    saved = [(keys.copy(), cols.copy()) for keys, cols in block.levels]
    probe = TEXTS + ["china sea south", "the the the"]
    tokens = [tokenize(t) for t in probe]
    codes = block.token_data([t for toks in tokens for t in toks])
    ids = np.arange(len(codes))
    row = np.repeat(np.arange(len(probe)), [len(t) for t in tokens])
    got = block.scores(codes, ids, row, len(probe))
    want = vec.transform(probe).toarray()
    np.testing.assert_array_equal(got != 0, want != 0)  # the same n-grams, exactly
    np.testing.assert_allclose(got, want, atol=1e-6)
    for (keys, cols), (keys0, cols0) in zip(block.levels, saved):  # the saved layout is left as it was
        np.testing.assert_array_equal(keys, keys0)
        np.testing.assert_array_equal(cols, cols0)
    assert set(block.to_parts()[1]) == {"idf", "coef", "unigram_cols"} | {
        f"level{k}_{part}" for k in range(2, ngram_range[1] + 1) for part in ("keys", "cols")}
