"""Static word vectors: a sentence's meaning without a neural network at inference.

``training/distill.py`` runs every word of a vocabulary (the seed corpus's
tokens and MiniLM's whole-word pieces) alone through all-MiniLM-L6-v2 at
training time, reduces the outputs by PCA and weighs them by word frequency
(model2vec's recipe); the table is committed as package data
(``stancelib/data/static_vectors.npz``: a ``words`` unicode array and a
float16 ``vectors`` matrix, read with ``allow_pickle=False``; how it was made
is in ``static_vectors.json`` beside it). Torch is never imported here.

A sentence's vector is the sum of its known tokens' vectors, L2-normalised
(the SIF weights are in the vectors, so this is the direction of their
weighted mean), times a weight; a sentence with no known token gets zeros.
:func:`sentence_vectors` is that arithmetic, shared by the estimator's block
(:class:`stancelib.features.StaticEmbeddings`) and its export
(:class:`StaticVectors`, a block of :class:`stancelib.compiled.CompiledModel`),
so both compute the same features.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import scipy.sparse as sp

__all__ = ["STATIC_VECTORS_PATH", "STATIC_VECTORS_NOTE", "load_static_vectors", "sentence_vectors",
           "token_vectors", "StaticVectors"]

#: The committed table of the source checkout (``python -m training.distill`` writes it).
STATIC_VECTORS_PATH = Path(__file__).resolve().parent / "data" / "static_vectors.npz"
#: The JSON note beside it: model, dimensions, vocabulary rule.
STATIC_VECTORS_NOTE = "static_vectors.json"
_PACKAGE_FILE = "data/static_vectors.npz"


def load_static_vectors(path: str | Path | None = None) -> tuple[list[str], np.ndarray]:
    """The words and float16 vectors of a static table (the bundled one by default).

    Parameters
    ----------
    path : str or Path, default=None
        An ``.npz`` with ``words`` (unicode) and ``vectors`` (float16, one
        row per word); read with ``allow_pickle=False``.

    Returns
    -------
    words : list of str
    vectors : ndarray of float16, shape (len(words), dims)
    """
    source: Any = resources.files("stancelib").joinpath(_PACKAGE_FILE) if path is None else Path(path)
    with source.open("rb") as f, np.load(f, allow_pickle=False) as npz:
        words = [str(w) for w in npz["words"]]
        vectors = np.asarray(npz["vectors"])
    if vectors.dtype != np.float16 or vectors.ndim != 2 or len(words) != len(vectors):
        raise ValueError(f"A static table needs one float16 row per word; got {len(words)} words and "
                         f"{vectors.dtype} {vectors.shape}")
    return words, vectors


def sentence_vectors(token_vectors: np.ndarray, ids: np.ndarray, row: np.ndarray, n: int,
                     weight: float) -> np.ndarray:
    """Each text's normalised sum of its tokens' vectors, times ``weight``.

    Parameters
    ----------
    token_vectors : ndarray of float64, shape (n_distinct_tokens, dims)
        A vector per distinct token (zeros for a word not in the table).
    ids : ndarray of int64
        The distinct token of every token of every text, texts in order.
    row : ndarray of int64
        The text of every token (non-decreasing, as ``ids``).
    n : int
        Number of texts.
    weight : float
        Length of a non-zero sentence vector.

    Returns
    -------
    ndarray of float64, shape (n, dims)
    """
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=n), out=indptr[1:])
    by_text = sp.csr_matrix((np.ones(len(ids)), ids, indptr), shape=(n, len(token_vectors)))
    summed = np.asarray(by_text @ token_vectors)
    norms = np.sqrt(np.einsum("ij,ij->i", summed, summed))
    norms[norms == 0] = 1
    summed *= (weight / norms)[:, None]
    return summed


class StaticVectors:
    """A fitted static-vector block as a block of the compiled model.

    Per distinct token it keeps the token's vector (a dictionary look-up the
    first time the token is seen); per batch, :func:`sentence_vectors` and
    one product with the heads' weights.

    Parameters
    ----------
    words : sequence of str
        The table's words.
    vectors : ndarray of float16, shape (len(words), dims)
    weight : float
        Length of a sentence's vector.
    coef : ndarray, shape (dims, n_outputs)
        The heads' weights of the block's columns.
    """

    kind = "static"
    dtype = np.float64

    def __init__(self, words: Sequence[str], vectors: np.ndarray, weight: float, coef: np.ndarray):
        self.words = list(words)
        self.vectors = np.asarray(vectors, dtype=np.float16)
        self.weight = float(weight)
        self.coef = np.asarray(coef, dtype=np.float32)

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    @property
    def width(self) -> int:
        return self.vectors.shape[1]

    def to_parts(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """JSON-ready description and numeric arrays, for the safe format."""
        spec = {"kind": self.kind, "weight": self.weight, "words": self.words}
        return spec, {"vectors": self.vectors, "coef": self.coef}

    @classmethod
    def from_parts(cls, spec: dict[str, Any], arrays: dict[str, np.ndarray]) -> "StaticVectors":
        """The block :meth:`to_parts` described."""
        return cls([str(w) for w in spec["words"]], arrays["vectors"], float(spec["weight"]), arrays["coef"])

    def _index(self) -> dict[str, int]:
        index = self.__dict__.get("_word_index")
        if index is None:
            index = self.__dict__["_word_index"] = {w: i for i, w in enumerate(self.words)}
        return index

    def token_data(self, tokens: list[str]) -> np.ndarray:
        """Per token: its vector (zeros for a word not in the table)."""
        return token_vectors(tokens, self._index(), self.vectors)

    def scores(self, token_data: np.ndarray, ids: np.ndarray, row: np.ndarray, n: int) -> np.ndarray:
        """The block's share of every head's score, per text."""
        coef = self.__dict__.get("_coef64")
        if coef is None:
            coef = self.__dict__["_coef64"] = np.asarray(self.coef, dtype=np.float64)
        return sentence_vectors(token_data, ids, row, n, self.weight) @ coef


def token_vectors(tokens: Sequence[str], index: dict[str, int], vectors: np.ndarray) -> np.ndarray:
    """The float64 vector of each token from ``index`` (word to row of ``vectors``); zeros for unknown words."""
    rows = np.fromiter((index.get(t, -1) for t in tokens), dtype=np.int64, count=len(tokens))
    out = np.zeros((len(tokens), vectors.shape[1]))
    known = rows >= 0
    out[known] = vectors[rows[known]]
    return out
