"""Character n-grams of words, as scikit-learn's ``analyzer="char_wb"`` cuts them. No scikit-learn."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import scipy.sparse as sp

from .lexicon import tokenize

__all__ = ["char_wb_grams", "TokenCharGrams", "word_tfidf_matrix"]


#: Characters of a word that its character n-grams are cut from. Real words
#: are far shorter; a longer "word" (a run of text without spaces, a URL, an
#: attack) is cut here, so memory stays bounded by the number of words, not by
#: the length of the longest one.
MAX_WORD_CHARS = 64


def char_wb_grams(word: str, lo: int, hi: int) -> list[str]:
    """The n-grams (``lo`` to ``hi`` characters) of ``" " + word + " "``.

    The same as scikit-learn's ``_char_wb_ngrams`` for one word: every
    n-gram that fits, and the whole padded word once when it is shorter
    than ``n`` (then no longer n-grams). Only the first ``MAX_WORD_CHARS``
    characters of a word count.
    """
    w = " " + word[:MAX_WORD_CHARS] + " "
    size = len(w)
    out: list[str] = []
    for n in range(lo, hi + 1):
        if n >= size:
            out.append(w)
            break
        out.extend([w[i:i + n] for i in range(size - n + 1)])
    return out


class TokenCharGrams:
    """Analyzer for a ``TfidfVectorizer``: the char_wb n-grams of each token of a text.

    Tokens are :func:`stancelib.lexicon.tokenize`'s. A class, not a closure,
    so that a fitted vectorizer pickles.
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 5)):
        self.ngram_range = tuple(ngram_range)

    def __call__(self, text: str) -> list[str]:
        lo, hi = self.ngram_range
        out: list[str] = []
        for token in tokenize(text):
            out.extend(char_wb_grams(token, lo, hi))
        return out

    def __repr__(self) -> str:
        return f"TokenCharGrams(ngram_range={self.ngram_range})"


def word_tfidf_matrix(words: Sequence[str], vocabulary: dict[str, int], idf: np.ndarray,
                      ngram_range: tuple[int, int], sublinear: bool) -> sp.csr_matrix:
    """One row per word: the TF-IDF weights (float64) of its char_wb n-grams, not normalised.

    A weight is ``tf * idf``, with ``tf = 1 + log(count)`` if ``sublinear``
    (``count`` is the n-gram's count in the word) and ``count`` otherwise.
    """
    lo, hi = ngram_range
    get = vocabulary.get
    indices: list[int] = []
    indptr = [0]
    for word in words:
        indices.extend([c for c in map(get, char_wb_grams(word, lo, hi)) if c is not None])
        indptr.append(len(indices))
    M = sp.csr_matrix((np.ones(len(indices)), np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
                      shape=(len(words), len(idf)))
    M.sum_duplicates()
    if sublinear:
        np.log(M.data, out=M.data)
        M.data += 1
    M.data *= np.asarray(idf, dtype=np.float64)[M.indices]
    return M
