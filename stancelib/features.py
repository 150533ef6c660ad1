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
from functools import lru_cache
from typing import Any, Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .lexicon import PhraseMatcher, load_lexicon, matcher_for, tokenize

__all__ = ["CueFeatures", "ActorFeatures", "WordCharTfidf", "as_texts", "CHUNK"]

_OBLIQUE = frozenset("for to with on against about over from of in at toward towards into between than".split())
_CUE_LISTS = ("negation", "modality", "hedge", "speech_verbs")


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


def _all_groups(lex: dict[str, Any]) -> dict[str, dict[str, Sequence[str]]]:
    """Every lexicon group a transformer reads, for one shared matcher."""
    return {
        "stance": lex["stance"],
        "issue": lex["issue"],
        "actor": lex["actor"],
        "cue": {name: lex[name] for name in _CUE_LISTS},
        "start": {"pronoun": lex["pronoun_starts"]},
    }


_MATCHERS: "weakref.WeakKeyDictionary[Any, PhraseMatcher]" = weakref.WeakKeyDictionary()
_ANALYSIS_CACHE_SIZE = 4096
#: Texts are analysed in chunks no larger than the cache, so that the blocks
#: of one model, run one after the other over a chunk, tokenise each text once.
CHUNK = _ANALYSIS_CACHE_SIZE // 2


@lru_cache(maxsize=_ANALYSIS_CACHE_SIZE)
def _analyse(matcher: PhraseMatcher, text: str) -> tuple[list[str], list[tuple[int, int, int]]]:
    tokens = tokenize(text)
    return tokens, matcher.find(tokens)


class _LexiconTransformer(TransformerMixin, BaseEstimator):
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
        texts = as_texts(X)
        matcher = self._matcher()
        index = {name: i for i, name in enumerate(self.feature_names_)}
        out = np.zeros((len(texts), len(self.feature_names_)), dtype=np.float64)
        for i, text in enumerate(texts):
            tokens, matches = _analyse(matcher, text)
            self._row(text, tokens, matches, matcher, out[i], index)
        return out

    def get_feature_names_out(self, input_features: Iterable[str] | None = None) -> np.ndarray:
        """Names of the output features, prefixed by the transformer's kind."""
        check_is_fitted(self, "lexicon_")
        return self.feature_names_.copy()

    # subclasses implement these
    def _names(self) -> list[str]:
        raise NotImplementedError

    def _row(self, text: str, tokens: list[str], matches: list[tuple[int, int, int]],
             matcher: PhraseMatcher, row: np.ndarray, index: dict[str, int]) -> None:
        raise NotImplementedError

    def _matcher(self) -> PhraseMatcher:
        # one matcher per fitted lexicon, kept outside the estimator's state
        matcher = _MATCHERS.get(self)
        if matcher is None:
            matcher = _MATCHERS[self] = matcher_for(_all_groups(self.lexicon_))
        return matcher


class CueFeatures(_LexiconTransformer):
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

    def _names(self) -> list[str]:
        names = []
        for g in self.groups:
            for cat in self.lexicon_[g]:
                names += [f"cue:{g}:{cat}", f"cue:{g}:{cat}:negated", f"cue:{g}:{cat}:quoted"]
        names += ["cue:modality", "cue:hedge", "cue:question", "cue:quotation", "cue:negation"]
        if "stance" in self.groups:
            # the decision of the guide's rule itself: the first stance, in the
            # guide's order, with a cue that is not negated (the last stance,
            # neutral, when none is)
            names += [f"cue:rule:{cat}" for cat in self.lexicon_["stance"]]
        return names

    def _row(self, text, tokens, matches, matcher, row, index):
        cats = matcher.categories
        negations = [s for s, e, c in matches if cats[c] == ("cue", "negation")]
        quoted = _quoted_token_mask(text, tokens)
        counts: dict[int, int] = {}
        for s, e, c in matches:
            group, cat = cats[c]
            if group == "cue":
                if cat == "modality":
                    row[index["cue:modality"]] = 1.0
                elif cat == "hedge":
                    row[index["cue:hedge"]] = 1.0
                continue
            if group not in self.groups:
                continue
            base = index[f"cue:{group}:{cat}"]
            counts[base] = counts.get(base, 0) + 1
            if any(0 < s - n <= 3 for n in negations):
                row[base + 1] = 1.0
            if quoted[s]:
                row[base + 2] = 1.0
        for base, n in counts.items():
            row[base] = np.log1p(n)
        if "stance" in self.groups:
            order = list(self.lexicon_["stance"])
            decided = order[-1]
            for cat in order[:-1]:
                base = index[f"cue:stance:{cat}"]
                if row[base] > 0 and row[base + 1] == 0:
                    decided = cat
                    break
            row[index[f"cue:rule:{decided}"]] = 1.0
        row[index["cue:question"]] = float("?" in text)
        row[index["cue:quotation"]] = float(any(q in text for q in '"“”'))
        row[index["cue:negation"]] = float(bool(negations))


def _quoted_token_mask(text: str, tokens: list[str]) -> list[bool]:
    """Approximate: whether each token falls inside double quotes."""
    if not any(q in text for q in '"“”'):
        return [False] * len(tokens)
    inside = False
    states = []
    low = text.lower().replace("’", "'").replace("‘", "'")
    pos = 0
    for tok in tokens:
        found = low.find(tok, pos)
        if found < 0:
            states.append(inside)
            continue
        for ch in low[pos:found]:
            if ch == "“":
                inside = True
            elif ch == "”":
                inside = False
            elif ch == '"':
                inside = not inside
        states.append(inside)
        pos = found + len(tok)
    return states


class ActorFeatures(_LexiconTransformer):
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

    def _names(self) -> list[str]:
        sides = list(self.lexicon_["actor"])
        names = []
        for role in ("first", "subject", "attribution", "according", "last"):
            names += [f"actor:{role}:{s}" for s in sides] + [f"actor:{role}:none"]
        names += [f"actor:count:{s}" for s in sides] + [f"actor:possessive:{s}" for s in sides]
        names += [f"actor:governs:{st}:{s}" for st in self.lexicon_["stance"] for s in sides]
        names += ["actor:start:pronoun", "actor:start:they", "actor:start:actor", "actor:none",
                  "actor:subject:distance"]
        return names

    def _row(self, text, tokens, matches, matcher, row, index):
        cats = matcher.categories
        long_issue = [(s, e) for s, e, c in matches if cats[c][0] == "issue" and e - s > 1]
        actors = []  # (start, end, side, possessive)
        verbs = []
        stance_cues = []
        for s, e, c in matches:
            group, cat = cats[c]
            if group == "actor":
                if any(a <= s and e <= b for a, b in long_issue):
                    continue  # "South China Sea" names no actor
                possessive = e < len(tokens) and tokens[e] == "'s"
                actors.append((s, e, cat, possessive))
            elif group == "cue" and cat == "speech_verbs":
                verbs.append(s)
            elif group == "stance":
                stance_cues.append((s, cat))
            elif group == "start" and s == 0:
                row[index["actor:start:pronoun"]] = 1.0
        n = len(tokens)
        if tokens[:1] == ["they"]:
            row[index["actor:start:they"]] = 1.0
        # the owner of a noun ("China's support") and the object of a
        # preposition ("support for Russia") rarely perform the act
        agents = [a for a in actors if not a[3] and not (a[0] > 0 and tokens[a[0] - 1] in _OBLIQUE)]
        for a in actors:
            key = "possessive" if a[3] else "count"
            row[index[f"actor:{key}:{a[2]}"]] += 1.0
        for s in self.lexicon_["actor"]:
            for key in ("count", "possessive"):
                i = index[f"actor:{key}:{s}"]
                row[i] = np.log1p(row[i])
        if not agents:
            row[index["actor:none"]] = 1.0
        else:
            if agents[0][0] == 0:
                row[index["actor:start:actor"]] = 1.0

        def governor(pos: int) -> tuple[str, int] | None:
            best = None
            for s, e, side, _ in agents:
                if e <= pos and pos - e < self.window:
                    best = (side, pos - e)
            return best

        row[index[f"actor:first:{agents[0][2]}" if agents else "actor:first:none"]] = 1.0
        row[index[f"actor:last:{agents[-1][2]}" if agents else "actor:last:none"]] = 1.0
        subject = governor(verbs[0]) if verbs else None
        if subject is None and agents and agents[0][0] <= 2:
            subject = (agents[0][2], 0)
        row[index[f"actor:subject:{subject[0]}" if subject else "actor:subject:none"]] = 1.0
        if subject:
            row[index["actor:subject:distance"]] = min(subject[1], 10) / 10.0
        attribution = None
        if verbs and verbs[-1] >= 0.6 * n:
            v = verbs[-1]
            after = [a for a in agents if v < a[0] <= v + 3]
            before = [a for a in agents if 0 <= v - a[1] <= 3]
            pick = after[0] if after else (before[-1] if before else None)
            if pick:
                attribution = pick[2]
        row[index[f"actor:attribution:{attribution}" if attribution else "actor:attribution:none"]] = 1.0
        according = None
        for i in range(n - 1):
            if tokens[i] == "according" and tokens[i + 1] == "to":
                nxt = [a for a in actors if i + 2 <= a[0] <= i + 5]
                if nxt:
                    according = nxt[0][2]
                break
        row[index[f"actor:according:{according}" if according else "actor:according:none"]] = 1.0
        for pos, stance in stance_cues:
            g = governor(pos)
            if g:
                row[index[f"actor:governs:{stance}:{g[0]}"]] = 1.0


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
        import scipy.sparse as sp
        from sklearn.preprocessing import normalize

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
        n_cols = len(self.idf_)
        M = sp.csr_matrix((np.ones(len(indices), dtype=np.float32), np.asarray(indices, dtype=np.int32),
                           np.asarray(indptr, dtype=np.int64)), shape=(len(texts), n_cols))
        M.sum_duplicates()
        if self.sublinear_tf:
            np.log(M.data, M.data)
            M.data += 1
        M.data *= self.idf_[M.indices]
        return normalize(M, norm="l2", copy=False)

    def get_feature_names_out(self, input_features: Iterable[str] | None = None) -> np.ndarray:
        """The character n-grams."""
        check_is_fitted(self, "vectorizer_")
        return self.vectorizer_.get_feature_names_out()
