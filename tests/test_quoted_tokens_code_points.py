"""The batch quotation mask finds its quote marks among the texts' code points, whatever the texts hold.

``_quoted_tokens`` cuts the quoted texts of a batch at their quote marks by looking for the marks' code
points (UTF-32) and splitting with ``str.split``, instead of a regular expression's split. A code point
outside the Basic Multilingual Plane, a lone surrogate (which UTF-32 cannot encode without
``surrogatepass``), combining marks and every kind of double quote must leave the mask what the
sentence-by-sentence definition (``_quoted_token_mask``) gives.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from stancelib._lexfeatures import _has_quote, _quoted_token_mask, _quoted_tokens
from stancelib.lexicon import tokenize, tokenize_batch

PIECES = ["China", "said", " ", "we", "oppose", "it", '"', "“", "”", "\ud800", "\udfff", "😀", "𝐀", "e\u0301",
          "’s", "'", "\x00", "\n", "U.S.", "--", "?"]


def _check(texts):
    _, lens = tokenize_batch(texts)
    offsets = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    has_quote = np.array([_has_quote(t) for t in texts], dtype=bool)
    want = [q for t in texts for q in _quoted_token_mask(t, tokenize(t))]
    assert _quoted_tokens(texts, has_quote, offsets, lens).tolist() == want


@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=16).map(" ".join), min_size=1, max_size=8))
def test_quoted_tokens_equal_the_mask_with_any_code_points(texts):
    _check(texts)


def test_quoted_tokens_with_a_lone_surrogate_and_astral_characters():
    _check(['“We oppose it \ud800,” China said.', 'He said "no 😀 deal" and “more”', "no quote \udfff here",
            '"open', "𝐀 “a” b"])
