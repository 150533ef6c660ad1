"""A fitted model exported without scikit-learn, for fast start-up and throughput.

Importing scikit-learn costs about a second, more than classifying a whole
readout. :class:`CompiledModel` holds what prediction needs — vocabularies,
idf weights, the lexicon, the heads' weights and calibration — as plain
Python and numpy, and computes the scores of the estimator it was exported
from (a test checks this on the whole seed corpus). The bundled model ships
both; ``classify()`` uses this one, ``load_model()`` returns the estimator,
and ``load_model(DIR)`` this one for any other model directory.

Saved, it is the safe format (:meth:`CompiledModel.to_parts`): every array
in an ``.npz`` archive read with ``allow_pickle=False``, everything else
(labels, vocabularies, the lexicon, the block layout) in JSON. Rebuilding the
model from them runs no code from the files, so a model shared this way
needs no trust (``docs/security.md``).

It is built for throughput. A batch of texts is tokenised once, as a whole
(:func:`stancelib.lexicon.tokenize_batch`), and each distinct token gets an
id, and, the first time it is seen, its data: its word n-gram column, and its
character n-grams' share of every head's score (a sentence's character
features are a sum over its words, see
:class:`stancelib.features.WordCharTfidf`; the n-grams of all new words are
cut and looked up at once, :class:`stancelib._ngrams.CharGramIndex`). The
rest is numpy and scipy over the whole batch; what remains in Python is a
loop over the positions where a lexicon phrase of several words may start,
and a few dictionary passes over the tokens.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Hashable, Sequence

import numpy as np
import scipy.sparse as sp

from ._inference import InferenceLogic, as_texts, reads_sentence_before
from ._lexfeatures import (CHUNK, ActorLogic, Analysis, LexiconLogic, LexiconTokens, TokenTable, compute_blocks,
                           logic_from_spec)
from ._ngrams import CharGramIndex, IntMap, count_pairs, term_frequencies, word_tfidf_matrix
from .embeddings import StaticVectors
from .lexicon import tokenize, tokenize_batch

__all__ = ["CompiledModel"]


def _tfidf_scores(counts: sp.csr_matrix, idf: np.ndarray, sublinear: bool, coef: np.ndarray) -> np.ndarray:
    """Scores ``tfidf @ coef`` from each row's n-gram counts (sorted columns, see :func:`count_pairs`).

    The arithmetic of scikit-learn's ``TfidfTransformer`` (``norm="l2"``).
    """
    n = counts.shape[0]
    rows = np.repeat(np.arange(n), np.diff(counts.indptr))
    data = term_frequencies(counts.data, sublinear)
    data *= idf[counts.indices]
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n))
    norms[norms == 0] = 1
    data /= norms[rows]
    M = sp.csr_matrix((data.astype(coef.dtype), counts.indices, counts.indptr), shape=(n, len(idf)))
    return np.asarray(M @ coef, dtype=np.float64)


class _WordNgrams:
    """scikit-learn's word n-grams (over stancelib's tokens) and TF-IDF.

    Each word of the vocabulary's n-grams has a code, and each token id
    carries its word's code (0 for a word in no n-gram). N-grams are found
    level by level over the whole batch: the node of an n-gram is looked up
    (in a hash map) from the node of its first n-1 words and the code of its
    last, among every prefix of the vocabulary's n-grams.
    """

    def __init__(self, vectorizer: Any, coef: np.ndarray):
        if getattr(vectorizer, "tokenizer", None) is not tokenize or vectorizer.lowercase \
                or vectorizer.preprocessor or vectorizer.stop_words or vectorizer.analyzer != "word":
            raise ValueError("Only the word vectorizer stancelib builds can be compiled")
        self.ngram_range = tuple(int(v) for v in vectorizer.ngram_range)
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.sublinear = bool(vectorizer.sublinear_tf)
        self.coef = np.asarray(coef, dtype=np.float32)
        grams = sorted((tuple(g.split(" ")), int(c)) for g, c in vectorizer.vocabulary_.items())
        self.codes: dict[str, int] = {}
        for words, _ in grams:
            for w in words:
                self.codes.setdefault(w, len(self.codes) + 1)
        self.base = len(self.codes) + 1
        # level 1: node = code; level k: node = index among the k-word prefixes
        nodes: dict[tuple[str, ...], int] = {(w,): c for w, c in self.codes.items()}
        cols = {words: c for words, c in grams}
        # per level k >= 2, for each k-word prefix (its node is its index): its key, and its column (-1: none)
        self.levels: list[tuple[np.ndarray, np.ndarray]] = []
        self.unigram_cols = np.full(self.base, -1, dtype=np.int64)
        for (w,), code in nodes.items():
            self.unigram_cols[code] = cols.get((w,), -1)
        for k in range(2, self.ngram_range[1] + 1):
            prefixes = sorted({words[:k] for words, _ in grams if len(words) >= k})
            level = {words: i for i, words in enumerate(prefixes)}
            keys = np.asarray([nodes[w[:-1]] * self.base + self.codes[w[-1]] for w in prefixes], dtype=np.int64)
            self.levels.append((keys, np.asarray([cols.get(w, -1) for w in prefixes], dtype=np.int64)))
            nodes = level

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    kind = "word"

    def to_parts(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """JSON-ready description and numeric arrays, for the safe format."""
        spec = {"kind": self.kind, "ngram_range": list(self.ngram_range), "sublinear": self.sublinear,
                "words": list(self.codes), "levels": len(self.levels)}
        arrays = {"idf": self.idf, "coef": self.coef, "unigram_cols": self.unigram_cols}
        for k, (keys, cols) in enumerate(self.levels, start=2):
            arrays[f"level{k}_keys"], arrays[f"level{k}_cols"] = keys, cols
        return spec, arrays

    @classmethod
    def from_parts(cls, spec: dict[str, Any], arrays: dict[str, np.ndarray]) -> "_WordNgrams":
        self = cls.__new__(cls)
        self.ngram_range = tuple(int(v) for v in spec["ngram_range"])
        self.sublinear = bool(spec["sublinear"])
        self.idf, self.coef, self.unigram_cols = arrays["idf"], arrays["coef"], arrays["unigram_cols"]
        # codes are 1, 2, ... in the order of the words
        self.codes = {str(w): i for i, w in enumerate(spec["words"], start=1)}
        self.base = len(self.codes) + 1
        self.levels = [(arrays[f"level{k}_keys"], arrays[f"level{k}_cols"]) for k in range(2, int(spec["levels"]) + 2)]
        return self

    width, dtype = 1, np.int64

    def token_data(self, tokens: list[str]) -> np.ndarray:
        """Per token: the code of its word."""
        code = self.codes.get
        return np.asarray([code(t, 0) for t in tokens], dtype=np.int64).reshape(-1, 1)

    def scores(self, token_data: np.ndarray, ids: np.ndarray, row: np.ndarray, n: int) -> np.ndarray:
        lo, hi = self.ngram_range
        codes = token_data[ids, 0]
        rows, cols = [], []
        if lo <= 1:
            col = self.unigram_cols[codes]
            keep = col >= 0
            rows.append(row[keep])
            cols.append(col[keep])
        # node[i]: the node of the n-gram of the current length starting at token i (-1: none)
        node = np.where(codes > 0, codes, -1)
        for k, (level, level_cols, extends) in enumerate(self._level_maps(), start=2):
            m = len(codes) - k + 1
            if m <= 0:
                break
            last = codes[k - 1:]
            # only nodes that begin a longer n-gram are looked up (extends[-1], for node -1, is False)
            valid = np.flatnonzero(extends[node[:m]] & (last > 0) & (row[:m] == row[k - 1:]))
            longer = np.full(m, -1, dtype=np.int64)
            longer[valid] = level.slots_of(node[valid] * self.base + last[valid])
            node = longer
            if k >= lo:
                hit = np.flatnonzero(node >= 0)
                col = level_cols[node[hit]]
                keep = col >= 0
                rows.append(row[hit[keep]])
                cols.append(col[keep])
        r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        return _tfidf_scores(count_pairs(r, c, (n, len(self.idf))), self.idf, self.sublinear, self.coef)

    def prepare(self) -> None:
        """Build the look-up tables (:meth:`_level_maps`) now rather than on the first batch."""
        self._level_maps()

    def _level_maps(self) -> list[tuple[IntMap, np.ndarray, np.ndarray]]:
        """Per level k >= 2: the k-word prefixes' keys as a hash map, the column of each node, and
        whether each node of level k - 1 begins a k-word prefix (one more entry, False, for
        node -1). Made once per process.

        In memory a node of level k >= 2 is the slot of the map that holds its key, not its
        index among the prefixes (as :attr:`levels` numbers them), so that a look-up
        (:meth:`IntMap.slots_of`) reads only the table's keys, not also its values: the keys
        of level k + 1 are renumbered from their prefix's index to its slot, and the columns
        and ``extends`` are indexed by slot (-1 and False for the empty slots).
        """
        maps = self.__dict__.get("_maps")
        if maps is None:
            maps, before = [], self.base  # level 1's nodes are the codes 0 .. base - 1
            slot_of_node: np.ndarray | None = None  # level k - 1's slot of each prefix index (level 1: none)
            for keys, cols in self.levels:
                prefix, last = np.divmod(keys, self.base)
                if slot_of_node is not None:
                    prefix = slot_of_node[prefix]
                keys = prefix * self.base + last
                level = IntMap(keys, np.arange(len(keys)))
                slot_of_node = level.slots_of(keys)
                extends = np.zeros(before + 1, dtype=bool)
                extends[prefix] = True
                # int32 when the columns fit (the table is three times the keys, so this keeps the
                # columns by slot about as small as the columns by index were, for the cache's sake)
                small = len(self.idf) <= np.iinfo(np.int32).max
                cols_by_slot = np.full(len(level.keys), -1, dtype=np.int32 if small else np.int64)
                cols_by_slot[slot_of_node] = cols
                maps.append((level, cols_by_slot, extends))
                before = len(level.keys)
            self.__dict__["_maps"] = maps
        return maps


class _CharNgrams:
    """stancelib's WordCharTfidf, as each token's share of the heads' scores.

    A sentence's features are the sum of its tokens' vectors over a norm, so
    its scores are the sum of its tokens' scores (computed once per token)
    over the root of the sum of their squared norms.
    """

    def __init__(self, block: Any, coef: np.ndarray):
        self.vocabulary = dict(block.vectorizer_.vocabulary_)
        self.idf = np.asarray(block.idf_, dtype=np.float64)
        self.ngram_range = tuple(block.ngram_range)
        self.sublinear = bool(block.sublinear_tf)
        self.coef = np.asarray(coef, dtype=np.float32)

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    kind = "char"

    def to_parts(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """JSON-ready description and numeric arrays, for the safe format."""
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        if [self.vocabulary[t] for t in terms] != list(range(len(terms))):
            raise ValueError("The character vocabulary's columns are not 0..n-1; cannot export it")
        spec = {"kind": self.kind, "ngram_range": list(self.ngram_range), "sublinear": self.sublinear,
                "vocabulary": terms}
        return spec, {"idf": self.idf, "coef": self.coef}

    @classmethod
    def from_parts(cls, spec: dict[str, Any], arrays: dict[str, np.ndarray]) -> "_CharNgrams":
        self = cls.__new__(cls)
        self.vocabulary = {str(t): i for i, t in enumerate(spec["vocabulary"])}
        self.ngram_range = tuple(int(v) for v in spec["ngram_range"])
        self.sublinear = bool(spec["sublinear"])
        self.idf, self.coef = arrays["idf"], arrays["coef"]
        return self

    @property
    def width(self) -> int:
        return self.coef.shape[1] + 1

    dtype = np.float64

    def prepare(self) -> None:
        """Build the n-gram index (:meth:`_char_index`) now rather than on the first batch."""
        self._char_index()

    def _char_index(self) -> CharGramIndex:
        """The vocabulary as a :class:`CharGramIndex`; made once per process, not pickled."""
        index = self.__dict__.get("_index")
        if index is None:
            index = self.__dict__["_index"] = CharGramIndex(self.vocabulary)
        return index

    def token_data(self, tokens: list[str]) -> np.ndarray:
        """Per token: its share of each head's score, and its squared norm."""
        M = word_tfidf_matrix(tokens, self.vocabulary, self.idf, self.ngram_range, self.sublinear,
                              self._char_index())
        out = np.empty((len(tokens), self.width))
        out[:, :-1] = M @ _float64(self)
        out[:, -1] = np.bincount(np.repeat(np.arange(len(tokens)), np.diff(M.indptr)), weights=M.data * M.data,
                                 minlength=len(tokens))
        return out

    def scores(self, token_data: np.ndarray, ids: np.ndarray, row: np.ndarray, n: int) -> np.ndarray:
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(row, minlength=n), out=indptr[1:])
        by_text = sp.csr_matrix((np.ones(len(ids)), ids, indptr), shape=(n, len(token_data)))
        summed = np.asarray(by_text @ token_data)
        norms = np.sqrt(summed[:, -1])
        norms[norms == 0] = 1
        return summed[:, :-1] / norms[:, None]


def _float64(block: Any) -> np.ndarray:
    """A block's weights as float64, made once per process (not pickled)."""
    cached = block.__dict__.get("_coef64")
    if cached is None:
        cached = block.__dict__["_coef64"] = np.asarray(block.coef, dtype=np.float64)
    return cached


def _compiled_block(block: Any, coef: np.ndarray) -> "_WordNgrams | _CharNgrams | StaticVectors | LexiconLogic":
    """The export of one fitted feature block: its own ``export_logic()`` for
    the lexicon blocks, the n-gram arithmetic for the two TF-IDF blocks, the
    table and weight for the static word vectors."""
    if isinstance(block, LexiconLogic):
        return block.export_logic()
    from sklearn.feature_extraction.text import TfidfVectorizer  # exporting needs the estimator anyway

    from .features import StaticEmbeddings, WordCharTfidf

    if isinstance(block, StaticEmbeddings):
        return StaticVectors(block.words_, block.vectors_, block.weight, coef)

    if isinstance(block, WordCharTfidf):
        return _CharNgrams(block, coef)
    if isinstance(block, TfidfVectorizer):
        return _WordNgrams(block, coef)
    raise ValueError(f"Cannot compile a feature block of type {type(block).__name__}: only stancelib's "
                     "TF-IDF, static vector, cue and actor blocks can be exported")


class CompiledModel(InferenceLogic):
    """Prediction-only copy of a fitted :class:`ReadoutClassifier`, without scikit-learn.

    Made by :meth:`ReadoutClassifier.compile`, and what
    :func:`stancelib.load_model` returns for a model directory without
    ``trusted=True`` (the safe ``.npz`` + JSON export). Has the estimator's
    ``predict_proba``, ``predict``, ``classes_`` and ``schema_``, and labels
    as it does: pass it as the ``model`` of ``classify``,
    ``classify_sentences``, ``classify_documents``, ``compare`` or
    ``compare_sides``. No ``fit``; :meth:`explain` raises ``TypeError``
    (explaining needs the estimator).
    """

    #: Distinct tokens remembered with their data; past this the memory is cleared.
    MAX_TOKENS = 200_000

    def __repr__(self) -> str:
        """``<CompiledModel model-6e1cd95d1739c244: issue (16 codes), stance (4), side (4)>``: the model's id
        (:func:`stancelib.persist.model_id`) when a manifest names it, else ``unsaved`` (``model_id(model)``
        then names it by its state)."""
        # the manifest load_model attached (persist.LoadedManifest) names the model; asked by its method, since
        # this module cannot import persist (persist imports it)
        name_of = getattr(getattr(self, "manifest_", None), "model_id", None)
        name = name_of() if callable(name_of) else None
        classes = getattr(self, "classes_", None) or {}
        heads = ", ".join(f"{head} ({len(codes)}{' codes' if i == 0 else ''})"
                          for i, (head, codes) in enumerate(classes.items()))
        return f"<CompiledModel {name or 'unsaved'}" + (f": {heads}>" if heads else ">")

    @classmethod
    def from_estimator(cls, est: Any) -> "CompiledModel":
        self = cls()
        self.ngram_blocks = []
        self.lexicon_blocks = []
        coef = np.asarray(est.coef_)
        for name, block in est.blocks_.items():
            lo, hi = (int(v) for v in est.block_offsets_[name])
            compiled = _compiled_block(block, coef[lo:hi])
            if isinstance(compiled, LexiconLogic):
                self.lexicon_blocks.append((compiled, np.asarray(coef[lo:hi], dtype=np.float32)))
            else:
                self.ngram_blocks.append(compiled)
        if len({repr(logic.lexicon_) for logic, _ in self.lexicon_blocks}) > 1:
            raise ValueError("Cannot compile lexicon blocks with different lexicons")
        self.n_outputs = coef.shape[1]
        self.intercept_ = np.asarray(est.intercept_)
        self.platt_ = np.asarray(est.platt_)
        self.thresholds_ = np.asarray(est.thresholds_)
        self.context_threshold_ = getattr(est, "context_threshold_", None)
        self.second_threshold_ = getattr(est, "second_threshold_", None)
        self.temperatures_ = dict(est.temperatures_)
        self.classes_ = {k: np.asarray(v, dtype=object) for k, v in est.classes_.items()}
        self.schema_ = est.schema_
        self.context_weight = float(est.context_weight)
        self.normalize = bool(getattr(est, "normalize", False))
        self.max_sentence_tokens_ = getattr(est, "max_sentence_tokens_", None)
        self._find_context_columns()
        self._prepare()
        return self

    def _find_context_columns(self) -> None:
        """Where the actor block says what the sentence-before context reads (see
        :func:`stancelib._inference.reads_sentence_before`)."""
        actors = [i for i, (logic, _) in enumerate(self.lexicon_blocks) if isinstance(logic, ActorLogic)]
        if len(actors) != 1:
            raise ValueError(f"A model needs exactly one actor block to be compiled, got {len(actors)}")
        self.context_block = actors[0]
        self.context_columns = ActorLogic.context_columns(self.lexicon_blocks[actors[0]][0])

    def _vocabulary_words(self) -> set[str]:
        return {w for block in self.ngram_blocks if isinstance(block, _WordNgrams) for w in block.codes}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_token_state", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        # the columns the context reads are found anew, so that a pickle made
        # when the context read fewer of them still loads
        self._find_context_columns()
        self._prepare()

    def _prepare(self) -> None:
        """Build the n-gram blocks' look-up tables when the model is made or loaded, so
        that the first batch does not pay for them (they are not saved: each process
        builds its own, in about 30 ms for the bundled model)."""
        for block in self.ngram_blocks:
            prepare = getattr(block, "prepare", None)
            if prepare is not None:
                prepare()

    #: Version of the layout :meth:`to_parts` writes. 2: adds ``second_threshold`` (the second-code bar of
    #: :func:`stancelib._inference.issue_decisions`), which a reader of version 1 would silently ignore.
    #: 3: adds ``normalize`` (the model reads :func:`stancelib.lexicon.normalize_text` of each text),
    #: which a reader of version 2 would silently ignore.
    FORMAT = 3
    #: The versions :meth:`from_parts` reads (version 1 is version 2 without a second-code bar; version 2
    #: is version 3 with texts read as given).
    READS = (1, 2, 3)

    def to_parts(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """The model as JSON-ready data and named numeric arrays: the safe format.

        Nothing in either part is code: :meth:`from_parts` rebuilds the model
        from strings, numbers and arrays, so loading it runs nothing from the
        file (see ``docs/security.md``).
        """
        arrays: dict[str, np.ndarray] = {"intercept": self.intercept_, "platt": self.platt_,
                                         "thresholds": self.thresholds_}
        ngram_specs, lexicon_specs = [], []
        for i, block in enumerate(self.ngram_blocks):
            spec, block_arrays = block.to_parts()
            ngram_specs.append(spec)
            arrays.update({f"ngram{i}_{k}": v for k, v in block_arrays.items()})
        for i, (logic, coef) in enumerate(self.lexicon_blocks):
            lexicon_specs.append(logic.to_spec())
            arrays[f"lexicon{i}_coef"] = coef
        meta = {
            "format": "stancelib-compiled",
            "format_version": self.FORMAT,
            "labels": self.schema_.to_dict(),
            "classes": {f: [str(c) for c in v] for f, v in self.classes_.items()},
            "n_outputs": int(self.n_outputs),
            "temperatures": {f: float(t) for f, t in self.temperatures_.items()},
            "context_threshold": (None if getattr(self, "context_threshold_", None) is None
                                  else float(self.context_threshold_)),
            "second_threshold": (None if getattr(self, "second_threshold_", None) is None
                                 else float(self.second_threshold_)),
            "context_weight": self.context_weight,
            "normalize": bool(getattr(self, "normalize", False)),
            "max_sentence_tokens": (None if getattr(self, "max_sentence_tokens_", None) is None
                                    else int(self.max_sentence_tokens_)),
            "lexicon": self.lexicon_blocks[0][0].lexicon_ if self.lexicon_blocks else None,
            "ngram_blocks": ngram_specs,
            "lexicon_blocks": lexicon_specs,
        }
        return meta, {k: np.ascontiguousarray(v) for k, v in arrays.items()}

    @classmethod
    def from_parts(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> "CompiledModel":
        """The model :meth:`to_parts` described; raises ``ValueError`` for anything else."""
        from .schema import LabelSchema

        version = meta.get("format_version")
        if meta.get("format") != "stancelib-compiled" or version not in cls.READS:
            newer = (meta.get("format") == "stancelib-compiled" and isinstance(version, int) and version > cls.FORMAT)
            raise ValueError(f"Not a stancelib compiled model of format version {cls.FORMAT} or earlier "
                             f"(format {meta.get('format')!r}, version {version!r})"
                             + ("; a newer stancelib wrote it: upgrade stancelib to read it" if newer else ""))
        try:
            self = cls()
            kinds = {b.kind: b for b in (_WordNgrams, _CharNgrams, StaticVectors)}
            self.ngram_blocks = []
            for i, spec in enumerate(meta["ngram_blocks"]):
                prefix = f"ngram{i}_"
                own = {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}
                self.ngram_blocks.append(kinds[spec["kind"]].from_parts(spec, own))
            self.lexicon_blocks = [(logic_from_spec(spec, meta["lexicon"]), arrays[f"lexicon{i}_coef"])
                                   for i, spec in enumerate(meta["lexicon_blocks"])]
            self.n_outputs = int(meta["n_outputs"])
            self.intercept_, self.platt_, self.thresholds_ = arrays["intercept"], arrays["platt"], arrays["thresholds"]
            self.temperatures_ = {str(f): float(t) for f, t in meta["temperatures"].items()}
            bar = meta.get("context_threshold")
            self.context_threshold_ = None if bar is None else float(bar)
            second = meta.get("second_threshold")  # format 1 has none
            self.second_threshold_ = None if second is None else float(second)
            self.classes_ = {str(f): np.asarray(v, dtype=object) for f, v in meta["classes"].items()}
            self.schema_ = LabelSchema({str(f): tuple(v) for f, v in meta["labels"].items()})
            self.context_weight = float(meta["context_weight"])
            self.normalize = bool(meta.get("normalize", False))  # formats 1 and 2 have none
            longest = meta.get("max_sentence_tokens")
            self.max_sentence_tokens_ = None if longest is None else int(longest)
            self._find_context_columns()
            self._prepare()
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            raise ValueError(f"The compiled model's description is incomplete or malformed ({type(exc).__name__}: "
                             f"{exc})") from None
        return self

    def explain(self, text: str, *, top: int = 5, labels: Any = None) -> Any:
        """Not available: explaining needs the estimator's feature names and blocks.

        Raises
        ------
        TypeError
            Always; the message says how to load the estimator
            (``load_model(DIR, trusted=True)``, CLI ``--trust-model``).
        """
        raise TypeError(
            "This is the safe, prediction-only export of a model; explain() needs the estimator itself. "
            "Load the model directory that holds model-*.joblib with stancelib.load_model(DIR, trusted=True) "
            "(CLI: --model DIR --trust-model --explain), or use the bundled model: stancelib.load_model()."
        )

    def _table(self) -> TokenTable:
        """The token table of this process: ids, and each token's data for the lexicon and every block."""
        table = self.__dict__.get("_token_state")
        if table is None:
            lexicon = [LexiconTokens(self.lexicon_blocks[0][0].matcher())] if self.lexicon_blocks else []
            table = self.__dict__["_token_state"] = TokenTable(lexicon + list(self.ngram_blocks),
                                                                limit=self.MAX_TOKENS)
        return table

    def _scores(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        return self._scores_and_coverage(texts)[:2]  # type: ignore[return-value]

    def _scores_and_coverage(self, texts: list[str]) -> tuple[np.ndarray, ...]:
        parts = [self._chunk_scores(texts[lo:lo + CHUNK]) for lo in range(0, len(texts), CHUNK)]
        return tuple(np.concatenate(p) for p in zip(*parts))

    def proba_and_coverage(self, texts: list[str], documents: Sequence[Hashable] | None
                           ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
        """Probabilities and token coverage in one pass: the coverage comes from
        the token ids the scores are computed from, not a second tokenisation."""
        if not texts:
            return self._model_proba(texts, documents), np.zeros(0), np.zeros(0)
        texts = self._model_texts(texts)
        scores, follows, n_tokens, n_known = self._scores_and_coverage(texts)
        return self._proba_from(scores, follows, documents), n_tokens, n_known

    def _chunk_scores(self, texts: list[str]) -> tuple[np.ndarray, ...]:
        """Scores, whether it reads the sentence before, tokens and known tokens of each text."""
        n = len(texts)
        table = self._table()
        tokens, lengths = tokenize_batch(texts)
        ids, data = table.ids(tokens)
        row = np.repeat(np.arange(n, dtype=np.int64), lengths)
        scores = np.zeros((n, self.n_outputs)) + self.intercept_
        first = 1 if self.lexicon_blocks else 0
        for block, block_data in zip(self.ngram_blocks, data[first:]):
            scores += block.scores(block_data, ids, row, n)
        follows = np.zeros(n, dtype=bool)
        if self.lexicon_blocks:
            logics = [logic for logic, _ in self.lexicon_blocks]
            analysis = Analysis(logics[0].matcher(), data[0], texts, tokens, lengths, ids)
            dense = compute_blocks(logics, analysis)
            for (_, coef), X in zip(self.lexicon_blocks, dense):
                scores += X @ coef.astype(np.float64)
            X = dense[self.context_block]
            follows = reads_sentence_before(texts, *(X[:, col] > 0 for col in self.context_columns))
        # a token is a known word when the word n-gram block gives it a code (known_words())
        word = [d for b, d in zip(self.ngram_blocks, data[first:]) if isinstance(b, _WordNgrams)]
        known = (word[0][ids, 0] > 0) if word else np.zeros(len(ids), dtype=bool)
        n_known = np.bincount(row, weights=known, minlength=n) if len(row) else np.zeros(n)
        return scores, follows, lengths.astype(np.float64), n_known

    def predict_proba(self, X: Any, *, documents: Sequence[Hashable] | None = None) -> dict[str, np.ndarray]:
        """Probabilities per head, as :meth:`ReadoutClassifier.predict_proba`.

        ``X`` is read as the estimator reads it (:func:`as_texts`): a sequence
        or 1-d array of str, or a 2-d array-like (a DataFrame, a 2-d array, a
        list of rows) whose rows are joined with spaces. A mapping is refused.
        """
        return self._proba(as_texts(X), documents)


