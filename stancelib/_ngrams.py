"""Character n-grams of words, as scikit-learn's ``analyzer="char_wb"`` cuts them. No scikit-learn."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import scipy.sparse as sp

from .lexicon import tokenize

__all__ = ["char_wb_grams", "CharGramIndex", "IntMap", "TokenCharGrams", "count_pairs", "term_frequencies",
           "word_tfidf_matrix"]


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


class IntMap:
    """Non-negative int64 keys to int64 values: a hash table with vectorised look-ups.

    Open addressing with linear probing at a load of at most 1/3: a batch of
    keys is placed, or looked up, in a few numpy passes, each over the keys
    still probing. Keys must be distinct.
    """

    _MULT = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing

    def __init__(self, keys: np.ndarray, values: np.ndarray):
        keys, values = np.asarray(keys, dtype=np.int64), np.asarray(values, dtype=np.int64)
        bits = max(4, int(np.ceil(np.log2(3 * max(len(keys), 1)))))
        self.mask = (1 << bits) - 1
        self.shift = np.uint64(64 - bits)
        self.keys = np.full(self.mask + 1, -1, dtype=np.int64)
        self.values = np.full(self.mask + 1, -1, dtype=np.int64)
        slots = self._slots(keys)
        todo = np.arange(len(keys))
        while len(todo):
            # of the keys whose slot is free, the first for each slot takes it; the rest probe on
            free = todo[self.keys[slots[todo]] == -1]
            _, first = np.unique(slots[free], return_index=True)
            won = free[first]
            self.keys[slots[won]], self.values[slots[won]] = keys[won], values[won]
            placed = np.zeros(len(keys), dtype=bool)
            placed[won] = True
            todo = todo[~placed[todo]]
            slots[todo] = (slots[todo] + 1) & self.mask

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return ((keys.astype(np.uint64) * self._MULT) >> self.shift).astype(np.int64)

    def slots_of(self, keys: np.ndarray) -> np.ndarray:
        """The slot of the table that holds each key, -1 for keys not in the map.

        A caller that numbers its keys by slot (arrays of the table's size, indexed by slot) saves
        :meth:`get`'s second random read per key, of ``values``.
        """
        slots = self._slots(keys)
        found = self.keys[slots]
        hit = found == keys
        out = np.where(hit, slots, -1)
        todo = np.flatnonzero(~hit & (found != -1))  # the keys that probe on (most are settled at once)
        slots[todo] = (slots[todo] + 1) & self.mask
        while len(todo):
            found = self.keys[slots[todo]]
            hit = found == keys[todo]
            out[todo[hit]] = slots[todo[hit]]
            todo = todo[~hit & (found != -1)]
            slots[todo] = (slots[todo] + 1) & self.mask
        return out

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, -1 for keys not in the map."""
        slots = self.slots_of(keys)
        return np.where(slots >= 0, self.values[slots], -1)


def count_pairs(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """How often each (row, column) pair occurs, as a CSR matrix of float64 counts with sorted columns.

    The same matrix as ``np.unique(rows * shape[1] + cols, return_counts=True)``
    describes. Each pair is packed into one int64 (the row in the high bits)
    and the keys are sorted once with numpy's sort, which is several times
    faster than scipy's ``sum_duplicates`` (a sort of every row's pairs).
    """
    n, width = int(shape[0]), int(shape[1])
    shift = max(width - 1, 1).bit_length()
    if max(n - 1, 1).bit_length() + shift > 62:  # the keys would not fit an int64: let scipy count
        M = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        M.sum_duplicates()
        return M
    keys = np.left_shift(rows, shift, dtype=np.int64)
    keys |= cols
    # The callers pass rows in a few ascending runs (one per n-gram length), which a merge sort
    # ("stable", timsort for int64) exploits: three to five times faster here than the default
    # quicksort. Sorted integers are the same whatever the algorithm, so the matrix is too.
    keys.sort(kind="stable")
    first = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(starts, append=len(keys)).astype(np.float64)
    pairs = keys[starts]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pairs >> shift, minlength=n), out=indptr[1:])
    return sp.csr_matrix((counts, pairs & ((1 << shift) - 1), indptr), shape=shape)


def term_frequencies(counts: np.ndarray, sublinear: bool) -> np.ndarray:
    """Term frequencies from n-gram counts, as a new float64 array: ``1 + log(count)`` if ``sublinear``.

    Most n-grams occur once in a text, and ``1 + log(1)`` is exactly 1, so the
    logarithm is taken only of the larger counts.
    """
    if not sublinear:
        return np.asarray(counts, dtype=np.float64).copy()
    tf = np.ones(len(counts))
    more = np.flatnonzero(counts > 1)
    tf[more] = np.log(counts[more]) + 1
    return tf


def _pack(buf: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Integer codes of the byte strings ``buf[s:s + n]`` (``buf`` holds bytes plus 1): 8 bits a byte, first byte highest.

    No byte packs to 0, so strings of different lengths get different codes.
    """
    codes = np.zeros(len(starts), dtype=np.int64)
    for j in range(int(lengths.max(initial=0))):
        longer = lengths > j
        codes[longer] = (codes[longer] << 8) + buf[starts[longer] + j]
    return codes


def _ascii_plus_one(text: str) -> np.ndarray:
    """The bytes of an ASCII string, each plus 1, as int64 (what :func:`_pack` reads)."""
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8).astype(np.int64) + 1


class CharGramIndex:
    """A character n-gram vocabulary as sorted integer codes, to find the n-grams of many words at once.

    An ASCII n-gram of at most ``MAX_PACKED`` characters packs into an int64
    (:func:`_pack`), so the n-grams of a whole list of words are cut, packed
    and looked up (by binary search) with numpy, instead of one string and
    one dictionary look-up per n-gram. Vocabulary entries that cannot be
    packed (non-ASCII, or longer) are left out: no n-gram of an ASCII word
    cut into n-grams of at most ``MAX_PACKED`` characters can equal them.
    """

    #: Longest n-gram, in characters, whose code fits an int64.
    MAX_PACKED = 7

    def __init__(self, vocabulary: dict[str, int]):
        terms = list(vocabulary)
        if not "".join(terms).isascii():
            terms = [t for t in terms if t.isascii()]
        lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        if lengths.max(initial=0) > self.MAX_PACKED:
            terms = [t for t in terms if len(t) <= self.MAX_PACKED]
            lengths = lengths[lengths <= self.MAX_PACKED]
        codes = _pack(_ascii_plus_one("".join(terms)), np.cumsum(lengths) - lengths, lengths)
        self.columns = IntMap(codes, np.fromiter(map(vocabulary.__getitem__, terms), dtype=np.int64, count=len(terms)))
        self.width = max(vocabulary.values(), default=0) + 1

    def supports(self, words: Sequence[str], ngram_range: tuple[int, int]) -> bool:
        """Whether :meth:`counts` can cut these words (ASCII words, n-grams short enough to pack)."""
        return ngram_range[1] <= self.MAX_PACKED and all(map(str.isascii, words))

    def counts(self, words: Sequence[str], ngram_range: tuple[int, int]) -> sp.csr_matrix:
        """How often each n-gram of the vocabulary occurs in each word, cut as
        :func:`char_wb_grams` cuts them (see :func:`count_pairs`)."""
        lo, hi = ngram_range
        cut = [w[:MAX_WORD_CHARS] for w in words]
        # the padded words " w " one after the other in one buffer; sizes count the padding
        sizes = np.fromiter(map(len, cut), dtype=np.int64, count=len(cut)) + 2
        buf = _ascii_plus_one(" " + "  ".join(cut) + " ")
        begins = np.cumsum(sizes) - sizes
        rows, grams = [], []
        code = np.zeros(len(buf), dtype=np.int64)
        for n in range(1, hi + 1):
            code = (code[:len(buf) - n + 1] << 8) + buf[n - 1:]  # the n characters from each position
            if n < lo:
                # a padded word shorter than the shortest n-gram is one n-gram, whole
                word = np.flatnonzero(sizes == n)
                at = begins[word]
            else:
                # every n-gram of the words at least n long
                per_word = np.maximum(sizes - n + 1, 0)
                word = np.repeat(np.arange(len(cut)), per_word)
                at = begins[word] + np.arange(len(word)) - np.repeat(np.cumsum(per_word) - per_word, per_word)
            rows.append(word)
            grams.append(code[at])
        col = self.columns.get(np.concatenate(grams))
        hit = col >= 0
        return count_pairs(np.concatenate(rows)[hit], col[hit], (len(cut), self.width))


def _python_counts(words: Sequence[str], vocabulary: dict[str, int], ngram_range: tuple[int, int]) -> sp.csr_matrix:
    """:meth:`CharGramIndex.counts` for any words, one n-gram at a time."""
    lo, hi = ngram_range
    get = vocabulary.get
    rows: list[int] = []
    cols: list[int] = []
    for i, word in enumerate(words):
        found = [c for c in map(get, char_wb_grams(word, lo, hi)) if c is not None]
        cols.extend(found)
        rows.extend([i] * len(found))
    return count_pairs(np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64),
                       (len(words), max(vocabulary.values(), default=0) + 1))


def word_tfidf_matrix(words: Sequence[str], vocabulary: dict[str, int], idf: np.ndarray,
                      ngram_range: tuple[int, int], sublinear: bool,
                      index: CharGramIndex | None = None) -> sp.csr_matrix:
    """One row per word: the TF-IDF weights (float64) of its char_wb n-grams, not normalised.

    A weight is ``tf * idf``, with ``tf = 1 + log(count)`` if ``sublinear``
    (``count`` is the n-gram's count in the word) and ``count`` otherwise.
    ``index`` is ``CharGramIndex(vocabulary)``, if the caller keeps one (it
    is made here otherwise); words it cannot cut take the slower path.
    The columns of each row are sorted.
    """
    ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
    if index is None:
        index = CharGramIndex(vocabulary)
    if index.supports(words, ngram_range):
        counts = index.counts(words, ngram_range)
    else:
        counts = _python_counts(words, vocabulary, ngram_range)
    tf = term_frequencies(counts.data, sublinear)
    tf *= np.asarray(idf, dtype=np.float64)[counts.indices]
    return sp.csr_matrix((tf, counts.indices, counts.indptr), shape=(len(words), len(idf)))
