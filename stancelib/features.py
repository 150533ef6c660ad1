"""Feature transformers that read readout sentences the way an analyst does.

Word and character n-grams learn the corpus's own prose; these transformers
add what generalises beyond it: the annotation guide's cue words
(:class:`CueFeatures`) and which actor performs the act a sentence records
(:class:`ActorFeatures`). Both are stateless scikit-learn transformers over
raw text that carry their lexicon inside the fitted estimator, so a saved
model does not change when the bundled lexicon file is edited.
"""

from __future__ import annotations

import weakref
from typing import Any, Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ._inference import tfidf_rows
from ._lexfeatures import CHUNK, _MATCHERS, ActorLogic, CueLogic, LexiconLogic
from .lexicon import load_lexicon

__all__ = ["CueFeatures", "ActorFeatures", "WordCharTfidf", "as_texts", "CHUNK"]

def as_texts(X: Any) -> list[str]:
    """Validate a batch of texts and return it as a list of str.

    Accepts a sequence (or 1-d array) of str, or a 2-d array-like whose rows
    are joined with spaces (so the transformers fit in a ColumnTransformer).
    """
    if isinstance(X, (str, bytes)):
        raise TypeError(
            "Iterable over raw text documents expected, string object received; "
            "wrap a single text in a list: [text]"
        )
    if hasattr(X, "tocsr") or type(X).__module__.startswith("scipy.sparse"):
        raise TypeError("Sparse input is not supported: expected texts (a sequence of str)")
    if hasattr(X, "__array__") and not isinstance(X, (list, tuple)) and not hasattr(X, "iloc"):
        X = np.asarray(X)
    shape = getattr(X, "shape", None)
    if getattr(getattr(X, "dtype", None), "kind", "") == "c":
        raise ValueError("Complex data not supported; expected texts")
    if shape is not None and len(shape) == 0:
        raise ValueError("Expected a sequence of texts or a 2-d array, got a 0-d array. Reshape your data.")
    if shape is not None and len(shape) == 2:
        if shape[1] == 0:
            raise ValueError(f"0 feature(s) (shape={tuple(shape)}) while a minimum of 1 is required.")
        rows = np.asarray(X, dtype=object)
        return [" ".join(str(v) for v in row) for row in rows]
    if shape is not None and len(shape) == 1 and getattr(X, "dtype", np.dtype(object)).kind not in "OUS":
        raise ValueError(
            f"Expected a sequence of texts, got a 1-d array of {X.dtype}. Reshape your data: "
            "pass strings, or a 2-d array to join columns into text"
        )
    texts = list(X)
    if texts and isinstance(texts[0], (list, tuple)):
        return [" ".join(str(v) for v in row) for row in texts]  # rows of columns
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"Expected str at position {i}, got {type(t).__name__}")
    return texts


class _LexiconTransformer(LexiconLogic, TransformerMixin, BaseEstimator):
    """Shared plumbing: input checks, lexicon capture, feature names."""

    def __init__(self, lexicon: dict[str, Any] | None = None):
        self.lexicon = lexicon

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.allow_nan = True
        tags.requires_fit = True
        return tags

    def fit(self, X: Any, y: Any = None) -> "_LexiconTransformer":
        """Capture the lexicon and the input width; learns nothing from X."""
        shape = getattr(X, "shape", None)
        texts = as_texts(X)
        if len(texts) == 0:
            raise ValueError("Found array with 0 sample(s) while a minimum of 1 is required.")
        if shape is not None and len(shape) == 2:
            self.n_features_in_ = int(shape[1])
        self.lexicon_ = dict(self.lexicon) if self.lexicon is not None else load_lexicon()
        _MATCHERS.pop(self, None)
        self.feature_names_ = np.asarray(self._names(), dtype=object)
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Features for each text, as a dense float array."""
        check_is_fitted(self, "lexicon_")
        shape = getattr(X, "shape", None)
        if hasattr(self, "n_features_in_"):
            if shape is None or len(shape) != 2 or shape[1] != self.n_features_in_:
                raise ValueError(
                    f"X has {shape[1] if shape is not None and len(shape) == 2 else 'no'} features, "
                    f"but {type(self).__name__} is expecting {self.n_features_in_} features as input. "
                    "Reshape your data to the shape it was fitted on."
                )
        return self.compute(as_texts(X))

    def get_feature_names_out(self, input_features: Iterable[str] | None = None) -> np.ndarray:
        """Names of the output features, prefixed by the transformer's kind."""
        check_is_fitted(self, "lexicon_")
        return self.feature_names_.copy()



class CueFeatures(CueLogic, _LexiconTransformer):
    """Counts of the guide's cue words, by category, with negation and mood.

    For each category of the chosen lexicon groups (the stance cues by
    default: one category per stance of the guide) the features are the
    log-count of cues, whether one of them is negated (a negation up to three
    tokens before it), and whether one stands inside a quotation. Shared
    features flag modality, hedges, a question and a quotation.

    Parameters
    ----------
    groups : tuple of str, default=("stance",)
        Lexicon groups whose categories become features (``"stance"``,
        ``"issue"``, ``"actor"``).
    lexicon : dict, default=None
        A lexicon in the format of ``stancelib/data/lexicon.json``; None uses
        the bundled one. The fitted estimator keeps a copy in ``lexicon_``.

    Examples
    --------
    >>> cues = CueFeatures().fit(["x"])
    >>> X = cues.transform(["Beijing warned of countermeasures."])
    >>> bool(dict(zip(cues.get_feature_names_out(), X[0]))["cue:stance:warning"] > 0)
    True
    """

    def __init__(self, groups: tuple[str, ...] = ("stance",), lexicon: dict[str, Any] | None = None):
        self.groups = groups
        self.lexicon = lexicon




class ActorFeatures(ActorLogic, _LexiconTransformer):
    """Who acts in a sentence: the actor that governs its main verbs.

    From the lexicon's actor names (U.S., Chinese, joint and third-party
    actors) and speech and stance verbs, the features record: the first
    actor named; the actor nearest before the first reporting or stance verb
    (the usual subject); the actor a sentence-final attribution names
    ("..., the readout said", "said Wang"); the actor after "according to";
    for each stance cue, the actor that governs it; counts of actors, with
    possessives ("China's support") apart, since the owner of a noun is
    rarely the one who acts; and whether the sentence opens with a pronoun,
    whose actor only the sentences before can tell.

    Parameters
    ----------
    window : int, default=10
        How many tokens before a verb an actor may stand to govern it.
    lexicon : dict, default=None
        As for :class:`CueFeatures`.

    Examples
    --------
    >>> actors = ActorFeatures().fit(["x"])
    >>> X = actors.transform(["Biden told Xi that China's support for Russia was a concern."])
    >>> float(dict(zip(actors.get_feature_names_out(), X[0]))["actor:subject:us"])
    1.0
    """

    def __init__(self, window: int = 10, lexicon: dict[str, Any] | None = None):
        self.window = window
        self.lexicon = lexicon



_WORD_CACHES: "weakref.WeakKeyDictionary[Any, dict[str, list[int]]]" = weakref.WeakKeyDictionary()


class WordCharTfidf(TransformerMixin, BaseEstimator):
    """TF-IDF of character n-grams inside words, computed once per distinct word.

    The same features as scikit-learn's ``TfidfVectorizer(analyzer="char_wb")``
    (which it fits and whose vocabulary and idf it uses), but ``transform``
    looks the n-grams of each distinct word up once and caches them: a
    sentence's counts are the sum of its words' counts, because ``char_wb``
    never lets an n-gram cross a space. That makes it several times faster on
    readout text, whose vocabulary repeats.

    Parameters
    ----------
    ngram_range : tuple of int, default=(2, 5)
    min_df : int, default=2
    max_features : int or None, default=60000
    sublinear_tf : bool, default=True
        As for ``TfidfVectorizer``.

    Examples
    --------
    >>> vec = WordCharTfidf(min_df=1).fit(["Xi warned Biden.", "Biden warned Xi."])
    >>> vec.transform(["Xi warned."]).shape[0]
    1
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 5), min_df: int = 2,
                 max_features: int | None = 60000, sublinear_tf: bool = True):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float32"]
        return tags

    def fit(self, X: Any, y: Any = None) -> "WordCharTfidf":
        """Learn the n-gram vocabulary and idf."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        shape = getattr(X, "shape", None)
        texts = as_texts(X)
        if shape is not None and len(shape) == 2:
            self.n_features_in_ = int(shape[1])
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=tuple(self.ngram_range), min_df=self.min_df,
            max_features=self.max_features, sublinear_tf=self.sublinear_tf, dtype=np.float32,
        ).fit(texts)
        self.idf_ = self.vectorizer_.idf_.astype(np.float32)
        return self

    def _word_indices(self, word: str) -> list[int]:
        # the cache lives outside the estimator: transform changes no state,
        # and pickles stay byte-identical
        cache = _WORD_CACHES.setdefault(self.vectorizer_, {})
        found = cache.get(word)
        if found is None:
            vocab = self.vectorizer_.vocabulary_
            found = [vocab[g] for g in self.vectorizer_._char_wb_ngrams(word) if g in vocab]
            if len(cache) > 500_000:
                cache.clear()
            cache[word] = found
        return found

    def transform(self, X: Any):
        """TF-IDF rows, L2-normalised, equal to the fitted ``TfidfVectorizer``'s."""
        check_is_fitted(self, "vectorizer_")
        shape = getattr(X, "shape", None)
        if hasattr(self, "n_features_in_") and (shape is None or len(shape) != 2 or shape[1] != self.n_features_in_):
            raise ValueError(f"X has {shape[1] if shape is not None and len(shape) == 2 else 'no'} features, "
                             f"but WordCharTfidf is expecting {self.n_features_in_} features as input. "
                             "Reshape your data to the shape it was fitted on.")
        texts = as_texts(X)
        indices: list[int] = []
        indptr = [0]
        cache = _WORD_CACHES.setdefault(self.vectorizer_, {})
        lookup = self._word_indices
        for text in texts:
            for word in text.lower().split():
                found = cache.get(word)
                indices.extend(found if found is not None else lookup(word))
            indptr.append(len(indices))
        return tfidf_rows(indices, indptr, self.idf_, self.sublinear_tf)

    def get_feature_names_out(self, input_features: Iterable[str] | None = None) -> np.ndarray:
        """The character n-grams."""
        check_is_fitted(self, "vectorizer_")
        return self.vectorizer_.get_feature_names_out()
