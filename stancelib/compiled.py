"""A fitted model exported without scikit-learn, for fast start-up.

Importing scikit-learn costs about a second, more than classifying a whole
readout. :class:`CompiledModel` holds what prediction needs — vocabularies,
idf weights, the lexicon, the heads' weights and calibration — as plain
Python and numpy, and computes exactly the features of the estimator it was
exported from (a test checks this on the whole seed corpus). The bundled
model ships both files; ``classify()`` uses this one, ``load_model()``
returns the estimator.
"""

from __future__ import annotations

import re
from typing import Any, Hashable, Sequence

import numpy as np
import scipy.sparse as sp

from ._inference import InferenceLogic, stack_blocks, tfidf_rows
from ._lexfeatures import ActorLogic, CueLogic

__all__ = ["CompiledModel"]


class _WordNgrams:
    """scikit-learn's word analyzer (lowercase, token pattern, n-grams) and TF-IDF."""

    def __init__(self, vectorizer: Any):
        self.vocabulary = dict(vectorizer.vocabulary_)
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.ngram_range = tuple(vectorizer.ngram_range)
        self.token_pattern = vectorizer.token_pattern
        self.sublinear = bool(vectorizer.sublinear_tf)
        if not vectorizer.lowercase or vectorizer.strip_accents or vectorizer.stop_words or vectorizer.preprocessor \
                or vectorizer.tokenizer or vectorizer.analyzer != "word":
            raise ValueError("Only the word vectorizer stancelib builds can be compiled")

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        token_re = re.compile(self.token_pattern)
        lo, hi = self.ngram_range
        vocab = self.vocabulary
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            tokens = token_re.findall(text.lower())
            grams = tokens if lo == 1 else []
            for n in range(max(lo, 2), min(hi, len(tokens)) + 1):
                grams = grams + [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
            indices.extend(vocab[g] for g in grams if g in vocab)
            indptr.append(len(indices))
        return tfidf_rows(indices, indptr, self.idf, self.sublinear)


class _CharNgrams:
    """stancelib's WordCharTfidf (scikit-learn's char_wb n-grams, per word)."""

    def __init__(self, block: Any):
        self.vocabulary = dict(block.vectorizer_.vocabulary_)
        self.idf = np.asarray(block.idf_, dtype=np.float64)
        self.ngram_range = tuple(block.vectorizer_.ngram_range)
        self.sublinear = bool(block.sublinear_tf)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_cache", None)
        return state

    def _grams(self, word: str) -> list[int]:
        # scikit-learn's _char_wb_ngrams for one word
        lo, hi = self.ngram_range
        w = " " + word + " "
        out = []
        for n in range(lo, hi + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < len(w):
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:
                break
        vocab = self.vocabulary
        return [vocab[g] for g in out if g in vocab]

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        cache = self.__dict__.setdefault("_cache", {})
        if len(cache) > 500_000:
            cache.clear()
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            for word in text.lower().split():
                found = cache.get(word)
                if found is None:
                    found = cache[word] = self._grams(word)
                indices.extend(found)
            indptr.append(len(indices))
        return tfidf_rows(indices, indptr, self.idf, self.sublinear)


def _lexicon_block(block: Any) -> CueLogic | ActorLogic:
    kind = type(block).__name__
    if kind == "CueFeatures":
        logic: CueLogic | ActorLogic = CueLogic()
        logic.groups = tuple(block.groups)
    elif kind == "ActorFeatures":
        logic = ActorLogic()
        logic.window = int(block.window)
    else:
        raise ValueError(f"Cannot compile a feature block of type {kind}")
    logic.lexicon_ = block.lexicon_
    logic.feature_names_ = np.asarray(block.feature_names_, dtype=object)
    return logic


class _Dense:
    def __init__(self, logic: CueLogic | ActorLogic):
        self.logic = logic

    def transform(self, texts: list[str]) -> np.ndarray:
        return self.logic.compute(texts)


class CompiledModel(InferenceLogic):
    """Prediction-only copy of a fitted :class:`ReadoutClassifier`, without scikit-learn.

    Made by :meth:`ReadoutClassifier.compile`; has the estimator's
    ``predict_proba``, ``predict``, ``classes_`` and ``schema_``, not ``fit``
    or ``explain``.
    """

    @classmethod
    def from_estimator(cls, est: Any) -> "CompiledModel":
        self = cls()
        blocks = []
        for name, block in est.blocks_.items():
            kind = type(block).__name__
            if kind == "TfidfVectorizer":
                blocks.append((name, _WordNgrams(block)))
            elif kind == "WordCharTfidf":
                blocks.append((name, _CharNgrams(block)))
            else:
                blocks.append((name, _Dense(_lexicon_block(block))))
        self.blocks = blocks
        self.coef_ = np.asarray(est.coef_, dtype=np.float32)
        self.intercept_ = np.asarray(est.intercept_)
        self.platt_ = np.asarray(est.platt_)
        self.thresholds_ = np.asarray(est.thresholds_)
        self.temperatures_ = dict(est.temperatures_)
        self.classes_ = {k: np.asarray(v, dtype=object) for k, v in est.classes_.items()}
        self.schema_ = est.schema_
        self.context_weight = float(est.context_weight)
        self.context_columns = est._context_columns()
        return self

    def _transform(self, texts: list[str]) -> sp.csr_matrix:
        return stack_blocks([b.transform for _, b in self.blocks], texts)

    def _context_columns(self) -> tuple[int, int]:
        return self.context_columns

    def predict_proba(self, X: Any, *, documents: Sequence[Hashable] | None = None) -> dict[str, np.ndarray]:
        """Probabilities per head, as :meth:`ReadoutClassifier.predict_proba`."""
        if isinstance(X, (str, bytes)):
            raise TypeError("Iterable over raw text documents expected, string object received; wrap it in a list")
        texts = list(X)
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise TypeError(f"Expected str at position {i}, got {type(t).__name__}")
        return self._proba(texts, documents)
