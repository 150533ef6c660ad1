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

from ._ngrams import CharGramIndex, TokenCharGrams, word_tfidf_matrix
from ._inference import as_texts
from ._lexfeatures import ActorLogic, CueLogic, LexiconLogic
from .embeddings import load_static_vectors, sentence_vectors, token_vectors
from .lexicon import load_lexicon, tokenize

__all__ = ["CueFeatures", "ActorFeatures", "WordCharTfidf", "StaticEmbeddings", "as_texts"]



def _fit_texts(estimator: Any, X: Any) -> list[str]:
    """``X`` as texts, for ``fit``; records the input width of a 2-D ``X`` on
    ``estimator`` (scikit-learn's ``n_features_in_``)."""
    shape = getattr(X, "shape", None)
    texts = as_texts(X)
    if shape is not None and len(shape) == 2:
        estimator.n_features_in_ = int(shape[1])
    return texts


def _transform_texts(estimator: Any, X: Any) -> list[str]:
    """``X`` as texts, for ``transform``: a 2-D ``X`` must have the width
    ``fit`` saw (scikit-learn's input checks)."""
    if hasattr(estimator, "n_features_in_"):
        shape = getattr(X, "shape", None)
        if shape is None or len(shape) != 2 or shape[1] != estimator.n_features_in_:
            raise ValueError(
                f"X has {shape[1] if shape is not None and len(shape) == 2 else 'no'} features, "
                f"but {type(estimator).__name__} is expecting {estimator.n_features_in_} features as input. "
                "Reshape your data to the shape it was fitted on."
            )
    return as_texts(X)


class _LexiconTransformer(LexiconLogic, TransformerMixin, BaseEstimator):
    """Shared plumbing: input checks, lexicon capture, feature names."""

    def __init__(self, lexicon: dict[str, Any] | None = None):
        self.lexicon = lexicon

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.allow_nan = False  # a missing cell of a 2-d input is refused (as_texts)
        tags.requires_fit = True
        return tags

    def fit(self, X: Any, y: Any = None) -> "_LexiconTransformer":
        """Capture the lexicon and the input width; learns nothing from X."""
        texts = _fit_texts(self, X)
        if len(texts) == 0:
            raise ValueError("Found array with 0 sample(s) while a minimum of 1 is required.")
        self.lexicon_ = dict(self.lexicon) if self.lexicon is not None else load_lexicon()
        self.forget_matcher()
        self.feature_names_ = np.asarray(self._names(), dtype=object)
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Features for each text, as a dense float array."""
        check_is_fitted(self, "lexicon_")
        return self.compute(_transform_texts(self, X))

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
    rarely the one who acts (nor the object of a preposition, "support for
    Russia", unless a group of speakers precedes "in" or "from": "officials
    in Beijing said" is spoken by Beijing); and whether the sentence opens with a pronoun,
    whose actor only the sentences before can tell. An owner's office acts
    for it: "China's commerce ministry said" is spoken by China, and an
    office named right after an actor of another side, or after its "'s",
    with only white space between, is that actor's and no actor of its own
    ("Tokyo's foreign ministry", "the Philippine National Security Council",
    "China's parliament"; ``stancelib._lexfeatures.INSTITUTION_WORDS``).

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



# fitted vectorizer -> (its vocabulary, that vocabulary's CharGramIndex); kept outside the estimator, so never pickled
_GRAM_INDEXES: "weakref.WeakKeyDictionary[Any, tuple[dict[str, int], CharGramIndex]]" = weakref.WeakKeyDictionary()


def _gram_index(vectorizer: Any) -> CharGramIndex:
    """The n-gram index of a fitted vectorizer's vocabulary, made once per vocabulary."""
    cached = _GRAM_INDEXES.get(vectorizer)
    if cached is None or cached[0] is not vectorizer.vocabulary_:
        cached = _GRAM_INDEXES[vectorizer] = (vectorizer.vocabulary_, CharGramIndex(vectorizer.vocabulary_))
    return cached[1]


class _TextToFloat32(TransformerMixin, BaseEstimator):
    """Tags of a transformer from texts to float32 features."""

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.allow_nan = False  # a missing cell of a 2-d input is refused (as_texts)
        tags.transformer_tags.preserves_dtype = ["float32"]
        return tags


class WordCharTfidf(_TextToFloat32):
    """Character n-grams of each word, summed over a sentence's words.

    Each distinct token (:func:`stancelib.lexicon.tokenize`) gets a TF-IDF
    vector of its character n-grams, cut as scikit-learn's
    ``analyzer="char_wb"`` cuts them (inside the word, padded with a space).
    A sentence's features are the sum of its tokens' vectors, divided by the
    square root of the sum of their squared norms: the L2 norm when no two
    words share an n-gram, and close to it otherwise.

    Because a sentence is a sum over its words, a linear model's score of it
    is a sum of per-word scores, which the compiled export
    (:class:`stancelib.compiled.CompiledModel`) computes once per distinct
    word; on readout text, whose vocabulary repeats, that makes the block
    nearly free at prediction time.

    Parameters
    ----------
    ngram_range : tuple of int, default=(2, 5)
        Lengths of the character n-grams.
    min_df : int, default=2
        Keep n-grams found in at least this many texts.
    max_features : int or None, default=60000
        Keep the most frequent n-grams only.
    sublinear_tf : bool, default=True
        Weigh an n-gram that occurs ``c`` times in a word by ``1 + log(c)``.

    Attributes
    ----------
    vectorizer_ : TfidfVectorizer
        Holds the n-gram vocabulary and the idf (fitted on the texts, one
        document per text).
    idf_ : ndarray of float32

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

    def fit(self, X: Any, y: Any = None) -> "WordCharTfidf":
        """Learn the n-gram vocabulary and idf."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = _fit_texts(self, X)
        self.vectorizer_ = TfidfVectorizer(
            analyzer=TokenCharGrams(tuple(self.ngram_range)), min_df=self.min_df,
            max_features=self.max_features, norm=None, dtype=np.float32,
        ).fit(texts)
        self.idf_ = self.vectorizer_.idf_.astype(np.float32)
        return self

    def transform(self, X: Any):
        """Features of each text: a float32 sparse matrix, one row per text."""
        import scipy.sparse as sp

        check_is_fitted(self, "vectorizer_")
        texts = _transform_texts(self, X)
        tokens = [tokenize(t) for t in texts]
        local: dict[str, int] = {}
        ids = [local.setdefault(w, len(local)) for ws in tokens for w in ws]
        by_word = word_tfidf_matrix(list(local), self.vectorizer_.vocabulary_, self.idf_, tuple(self.ngram_range),
                                    self.sublinear_tf, _gram_index(self.vectorizer_))
        text_ptr = np.concatenate([[0], np.cumsum([len(ws) for ws in tokens], dtype=np.int64)])
        by_text = sp.csr_matrix((np.ones(len(ids)), np.asarray(ids, dtype=np.int64), text_ptr),
                                shape=(len(texts), len(local)))
        sq_norms = np.asarray(by_word.multiply(by_word).sum(axis=1)).ravel()
        norms = np.sqrt(by_text @ sq_norms)
        norms[norms == 0] = 1
        X = sp.diags(1 / norms) @ (by_text @ by_word)
        return sp.csr_matrix(X, dtype=np.float32)

    def get_feature_names_out(self, input_features: Iterable[str] | None = None) -> np.ndarray:
        """The character n-grams."""
        check_is_fitted(self, "vectorizer_")
        return self.vectorizer_.get_feature_names_out()



class StaticEmbeddings(_TextToFloat32):
    """The direction of a sentence's static word vectors: semantics without torch.

    Each token (:func:`stancelib.lexicon.tokenize`) found in a table of
    static word vectors (distilled from all-MiniLM-L6-v2 by
    ``python -m training.distill``, see :mod:`stancelib.embeddings`) adds its
    vector; the sum is L2-normalised and multiplied by ``weight``. A
    sentence with no word in the table gets zeros. Learns nothing from the
    texts: fitting copies the table (its first ``dims`` columns) into the
    estimator, so a saved model does not change when the bundled table does.

    Parameters
    ----------
    dims : int or None, default=None
        Keep the table's first ``dims`` columns (its principal components
        come in order of variance, so this is the PCA to ``dims``); None
        keeps all.
    weight : float, default=1.0
        Length of a sentence's vector, against the unit-length TF-IDF rows.
    vectors : mapping of str to sequence of float, default=None
        A table of one's own (word to vector); None reads the bundled
        ``stancelib/data/static_vectors.npz``.

    Attributes
    ----------
    words_ : tuple of str
        The table's words.
    vectors_ : ndarray of float16, shape (len(words_), dims)

    Examples
    --------
    >>> emb = StaticEmbeddings(vectors={"taiwan": [1.0, 0.0], "strait": [0.0, 1.0]}).fit(["x"])
    >>> emb.transform(["Taiwan Strait", "nothing known"])
    array([[0.70710677, 0.70710677],
           [0.        , 0.        ]], dtype=float32)
    """

    def __init__(self, dims: int | None = None, weight: float = 1.0, vectors: dict[str, Any] | None = None):
        self.dims = dims
        self.weight = weight
        self.vectors = vectors

    def fit(self, X: Any, y: Any = None) -> "StaticEmbeddings":
        """Copy the table into the estimator; learns nothing from X."""
        texts = _fit_texts(self, X)
        if len(texts) == 0:
            raise ValueError("Found array with 0 sample(s) while a minimum of 1 is required.")
        if self.vectors is None:
            words, table = load_static_vectors()
        else:
            words = [str(w) for w in self.vectors]
            table = np.asarray([self.vectors[w] for w in words], dtype=np.float16).reshape(len(words), -1)
        if self.dims is not None:
            if not 1 <= self.dims <= table.shape[1]:
                raise ValueError(f"dims must be between 1 and the table's {table.shape[1]}, got {self.dims}")
            table = table[:, :self.dims]
        self.words_ = tuple(words)
        self.vectors_ = np.ascontiguousarray(table, dtype=np.float16)
        self._word_index = {w: i for i, w in enumerate(self.words_)}
        return self

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())  # a copy: object.__getstate__ returns the live __dict__
        state.pop("_word_index", None)  # rebuilt on unpickling: keeps the pickle small
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        if "words_" in state:
            self._word_index = {w: i for i, w in enumerate(self.words_)}

    def transform(self, X: Any) -> np.ndarray:
        """A float32 array of shape (len(X), dims): each text's weighted, normalised vector."""
        check_is_fitted(self, "vectors_")
        texts = _transform_texts(self, X)
        index = self._word_index
        tokens = [tokenize(t) for t in texts]
        local: dict[str, int] = {}
        ids = np.asarray([local.setdefault(w, len(local)) for ws in tokens for w in ws], dtype=np.int64)
        row = np.repeat(np.arange(len(texts), dtype=np.int64), [len(ws) for ws in tokens])
        out = sentence_vectors(token_vectors(list(local), index, self.vectors_), ids, row, len(texts), self.weight)
        return out.astype(np.float32)

    def get_feature_names_out(self, input_features: Iterable[str] | None = None) -> np.ndarray:
        """``dim0``, ``dim1``, ...: the table's columns."""
        check_is_fitted(self, "vectors_")
        return np.asarray([f"dim{i}" for i in range(self.vectors_.shape[1])], dtype=object)
