"""Prediction from features: calibration, issue decisions, context. No scikit-learn.

:class:`stancelib.model.ReadoutClassifier` (the estimator) and
:class:`stancelib.compiled.CompiledModel` (its scikit-learn-free export for
fast start-up) share this code, so both predict the same.
"""

from __future__ import annotations

import weakref
from typing import Any, Callable, Hashable, Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

# the one test of missing values lives apart, without numpy, for the light readers; as_texts uses it here
from ._missing import MISSING_TEXT_FIX, is_missing, shown_missing
from .schema import RELATIONSHIP_ISSUES, LabelSchema

__all__ = ["InferenceLogic", "SIGMOID_CLIP", "blend_sentence_before", "check_documents", "is_missing",
           "issue_decisions", "opens_quotation", "reads_sentence_before", "sigmoid", "softmax", "stack_blocks"]

#: Texts go through the feature blocks a chunk at a time, to bound memory.
from ._lexfeatures import CHUNK, OPENING_QUOTES  # noqa: E402


def reads_sentence_before(texts: Sequence[str], pronoun: np.ndarray, they: np.ndarray,
                          unattributed: np.ndarray) -> np.ndarray:
    """Which sentences take part of their side from the sentence before.

    Two kinds of sentence name their speaker only through the sentence
    before: those that open with a pronoun or a bare role other than "they"
    ("He also raised ...", "The Secretary added ...", from the actor block's
    ``actor:start:pronoun`` and ``actor:start:they``; "He Lifeng said ...",
    a Chinese name whose surname is "He", opens with no pronoun), and those that open
    with a quotation whose speaker no reporting verb of the sentence names
    as an actor (``unattributed``: "“We will not back down,” he said.", or a
    quotation standing alone after "Wang said ...").

    Measured by leave one author out on the seed corpus (see the README;
    ``python -m training.context_rules`` scores candidate rules on a saved
    run): both gain. Sentences that merely name no actor (narration,
    logistics) lose; any quotation opener whatever its attribution, first-
    person openers and transcript speaker labels ("CUI: ...") gained too
    little to tell, so they are left alone. So is a "we" anywhere outside
    quotation marks taking the side of the document's last line that spoke
    as "we" or opened with a speaker label: on 50 authors it made 20
    sentences right and 5 wrong (side accuracy +0.0006), too little to pay
    for another pass over every sentence.

    Examples
    --------
    >>> import numpy as np
    >>> texts = ["He also raised Taiwan.", "“We will respond,” he said.", "“Firm,” Wang said.", "Talks went on."]
    >>> no = np.zeros(4, dtype=bool)
    >>> reads_sentence_before(texts, np.array([1, 0, 0, 0], bool), no, np.array([0, 1, 0, 1], bool)).tolist()
    [True, True, False, False]
    """
    return (pronoun & ~they) | (opens_quotation(texts) & unattributed)


def blend_sentence_before(side: np.ndarray, follows: np.ndarray, documents: Sequence[Hashable],
                          weight: float) -> np.ndarray:
    """``side`` with each sentence that ``follows`` (see :func:`reads_sentence_before`)
    taking ``weight`` of the side of the sentence before it in the same
    document, as that one was blended, and ``1 - weight`` of its own."""
    if len(documents) != side.shape[0]:
        raise ValueError(f"documents has {len(documents)} entries for {side.shape[0]} texts")
    out = side.copy()
    for i in np.flatnonzero(follows).tolist():
        if i > 0 and documents[i] == documents[i - 1]:
            out[i] = (1 - weight) * side[i] + weight * out[i - 1]
    return out


def check_documents(documents: Any, n: int) -> list[Hashable] | None:
    """``documents`` as a list of one document id per text (None stays None), or a clear error.

    A str is refused rather than read one character per sentence (``"ab"``
    as documents ``'a'`` and ``'b'``), and so is anything that is not a
    sequence, or one of another length than the ``n`` texts.

    >>> check_documents(("d1", "d1", "d2"), 3)
    ['d1', 'd1', 'd2']
    >>> check_documents("d1", 2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: documents must give one document id per sentence ... pass ['d1'] * len(X)
    """
    if documents is None:
        return None
    if isinstance(documents, (str, bytes)):
        raise TypeError("documents must give one document id per sentence (e.g. ['d1', 'd1', 'd2']), got a "
                        f"{type(documents).__name__} ({documents[:40]!r}), which would be read one character per "
                        f"sentence; for sentences of one document pass [{documents[:40]!r}] * len(X)")
    if not isinstance(documents, Iterable) or isinstance(documents, Mapping):
        raise TypeError("documents must be a sequence of one document id per sentence (e.g. ['d1', 'd1', 'd2']), "
                        f"got {type(documents).__name__}")
    documents = list(documents)
    if len(documents) != n:
        raise ValueError(f"documents has {len(documents)} entries for {n} texts")
    return documents


def opens_quotation(texts: Sequence[str]) -> np.ndarray:
    """Whether each text's first character after any white space is an opening quotation mark.

    >>> opens_quotation(["“Firm,” he said.", ' "Yes."', "He said “no”.", "   ", ""]).tolist()
    [True, True, False, False, False]
    """
    marks = tuple(OPENING_QUOTES)
    return np.fromiter((text.lstrip().startswith(marks) for text in texts), dtype=bool, count=len(texts))


def stack_blocks(transforms: Sequence[Callable[[list[str]], Any]], texts: list[str]) -> sp.csr_matrix:
    """The blocks' features side by side, as one float32 CSR matrix, chunk by chunk."""
    parts = []
    for lo in range(0, max(len(texts), 1), CHUNK):
        chunk = texts[lo:lo + CHUNK]
        parts.append(sp.hstack([sp.csr_matrix(t(chunk), dtype=np.float32) for t in transforms], format="csr"))
    return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")


#: Scores are clipped to ±SIGMOID_CLIP before the sigmoid: exp(35) ≈ 1.6e15, so
#: the sigmoid there is 1 - 6e-16, as close to 1 as float64 tells, and exp()
#: cannot overflow. The estimator gives a label that is always (never) present
#: in training this score as its bias, so its probability is 1 (0).
SIGMOID_CLIP = 35.0


# model -> (the vocabulary object its known words were read from, the words); not an attribute, so
# that it never enters a pickle. The vocabulary is compared by identity, as features._gram_index
# does: a refit gives the same model a new vocabulary, whose words must replace the old ones.
_KNOWN_WORDS: "weakref.WeakKeyDictionary[Any, tuple[Any, frozenset[str]]]" = weakref.WeakKeyDictionary()


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -SIGMOID_CLIP, SIGMOID_CLIP)))


def issue_decisions(proba: np.ndarray, thresholds: np.ndarray, context_codes: Sequence[int] = (),
                    context_threshold: float | None = None,
                    second_threshold: float | None = None) -> np.ndarray:
    """0/1 issue decisions from per-code probabilities.

    A code is predicted when its probability reaches its threshold. A
    sentence's first code is the one furthest above (or least below) its
    threshold (the largest ratio of probability to threshold); every other
    code must also reach ``second_threshold`` (None: no extra bar), so a
    second issue needs firmer evidence than the first. A relationship code
    (``context_codes``, e.g. ``relations``) predicted beside a more specific
    code must also reach ``context_threshold`` (None: no extra bar); the
    guide gives ``relations`` only when nothing more specific fits or the
    sentence is about the relationship itself. A sentence left with no code
    keeps its first.
    """
    P = (proba >= thresholds).astype(int)
    first = (proba / np.maximum(thresholds, 1e-9)).argmax(axis=1) if len(proba) else np.zeros(0, dtype=int)
    if second_threshold is not None:
        rows = np.arange(len(P))
        keep_first = P[rows, first]
        P &= (proba >= second_threshold).astype(int)
        P[rows, first] = keep_first
    if context_threshold is not None and len(context_codes):
        ctx = np.asarray(context_codes, dtype=int)
        specific = np.ones(P.shape[1], dtype=bool)
        specific[ctx] = False
        has_specific = P[:, specific].any(axis=1)
        weak = has_specific[:, None] & (proba[:, ctx] < context_threshold)
        P[:, ctx] = np.where(weak, 0, P[:, ctx])
    empty = P.sum(axis=1) == 0
    if empty.any():
        P[np.flatnonzero(empty), first[empty]] = 1
    return P


class InferenceLogic:
    """Turns a feature matrix into calibrated probabilities and labels.

    Subclasses provide ``_transform(texts) -> csr_matrix`` and
    ``_context_columns() -> (pronoun_column, they_column, unattributed_column)``
    (see :func:`reads_sentence_before`), and the fitted
    attributes ``coef_``, ``intercept_``, ``platt_``, ``thresholds_``,
    ``temperatures_``, ``classes_``, ``schema_`` and ``context_weight``.
    """

    coef_: np.ndarray
    intercept_: np.ndarray
    platt_: np.ndarray
    thresholds_: np.ndarray
    temperatures_: dict[str, float]
    classes_: dict[str, np.ndarray]
    schema_: LabelSchema
    context_weight: float

    def _transform(self, texts: list[str]) -> sp.csr_matrix:
        raise NotImplementedError

    def _vocabulary_words(self) -> set[str]:
        raise NotImplementedError

    def _vocabulary_source(self) -> Any:
        """The object :meth:`_vocabulary_words` reads, which a refit replaces; None (the default) for a
        model whose vocabulary never changes (the export)."""
        return None

    def known_words(self) -> frozenset[str]:
        """The words of the model's word n-gram vocabulary (lower-case
        tokens), made once per process and vocabulary (a refit makes them
        anew); what the out-of-distribution rule counts (see
        :func:`stancelib.api.ood_factor`)."""
        source = self._vocabulary_source()
        cached = _KNOWN_WORDS.get(self)
        if cached is None or cached[0] is not source:
            cached = _KNOWN_WORDS[self] = (source, frozenset(self._vocabulary_words()))
        return cached[1]

    def longest_sentence_tokens(self) -> int | None:
        """Tokens of the longest sentence the model was trained on; None for a
        model trained before this was recorded."""
        value = getattr(self, "max_sentence_tokens_", None)
        return int(value) if value else None

    def _context_columns(self) -> tuple[int, int, int]:
        raise NotImplementedError

    def _calibrated(self, scores: np.ndarray, schema: LabelSchema) -> dict[str, np.ndarray]:
        out = {}
        col = 0
        for field in schema.fields:
            size = len(schema.labels[field])
            s = scores[:, col:col + size]
            if schema.is_multi_label(field):
                out[field] = sigmoid(s * self.platt_[:, 0] + self.platt_[:, 1])
            else:
                out[field] = softmax(s / self.temperatures_[field])
            col += size
        return out

    def context_codes(self) -> list[int]:
        """Columns of the issue head's relationship codes (see :func:`issue_decisions`)."""
        codes = [str(c) for c in self.classes_.get("issue", ())]
        return [j for j, c in enumerate(codes) if c in RELATIONSHIP_ISSUES]

    def decide_issues(self, proba: np.ndarray) -> np.ndarray:
        """Codes at or above their threshold, a code beyond a sentence's first
        also at or above the second-code bar, ``relations`` beside a more
        specific code at or above its bar (see :func:`issue_decisions`); a
        sentence with none keeps its best."""
        return issue_decisions(proba, self.thresholds_, self.context_codes(),
                               getattr(self, "context_threshold_", None),
                               getattr(self, "second_threshold_", None))

    def _scores(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Raw scores of all heads, and which texts read the sentence before
        (:func:`reads_sentence_before`)."""
        F = self._transform(texts)
        scores = np.asarray(F @ self.coef_) + self.intercept_
        flags = [F[:, col].toarray().ravel() > 0 for col in self._context_columns()]
        return scores, reads_sentence_before(texts, *flags)

    def _model_texts(self, texts: list[str]) -> list[str]:
        """The texts the model reads: :func:`stancelib.lexicon.normalize_text` of each for a model
        trained with ``normalize`` (a model saved before that parameter existed reads them as given)."""
        if getattr(self, "normalize", False):
            from .lexicon import normalize_texts

            return normalize_texts(texts)
        return texts

    def token_coverage(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per text, its number of word tokens and how many of them are
        :meth:`known_words` (what the out-of-distribution rule of
        :func:`stancelib.api.ood_factor` reads)."""
        return self._coverage(self._model_texts(texts))

    def _coverage(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        from .lexicon import tokenize

        known = self.known_words()
        n_tokens, n_known = np.zeros(len(texts)), np.zeros(len(texts))
        seen: dict[str, tuple[int, int]] = {}  # repeated sentences ("Ok.", "Thank you.") are counted once
        for i, text in enumerate(texts):
            counts = seen.get(text)
            if counts is None:
                tokens = tokenize(text)
                counts = (len(tokens), sum(1 for t in tokens if t in known))
                if len(text) < 200:
                    seen[text] = counts
            n_tokens[i], n_known[i] = counts
        return n_tokens, n_known

    def proba_and_coverage(self, texts: list[str], documents: Sequence[Hashable] | None
                           ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
        """:meth:`predict_proba` and :meth:`token_coverage` of the same texts
        (the export computes both in one pass over the tokens)."""
        texts = self._model_texts(texts)
        return self._model_proba(texts, documents), *self._coverage(texts)

    def _proba(self, texts: list[str], documents: Sequence[Hashable] | None) -> dict[str, np.ndarray]:
        return self._model_proba(self._model_texts(texts), documents)

    def _model_proba(self, texts: list[str], documents: Sequence[Hashable] | None) -> dict[str, np.ndarray]:
        """:meth:`_proba` of texts the model already reads (:meth:`_model_texts`)."""
        documents = check_documents(documents, len(texts))  # before the features are computed
        if not texts:
            return {f: np.zeros((0, len(self.classes_[f]))) for f in self.schema_.fields}
        return self._proba_from(*self._scores(texts), documents)

    def _proba_from(self, scores: np.ndarray, follows: np.ndarray,
                    documents: Sequence[Hashable] | None) -> dict[str, np.ndarray]:
        # checked here too (the export's proba_and_coverage comes straight here), and whatever the heads,
        # so that a documents mistake never passes unseen on a model without a side head
        documents = check_documents(documents, scores.shape[0])
        proba = self._calibrated(scores, self.schema_)
        if documents is not None and "side" in proba and self.context_weight > 0:
            proba["side"] = blend_sentence_before(proba["side"], follows, documents, self.context_weight)
        return proba

    def predict_proba(self, X: Any, *, documents: Sequence[Hashable] | None = None) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def predict(self, X: Any, *, documents: Sequence[Hashable] | None = None) -> dict[str, list[Any]]:
        """Labels per head: ``issue`` as tuples of codes (never empty), others as codes."""
        proba = self.predict_proba(X, documents=documents)
        out: dict[str, list[Any]] = {}
        for field, p in proba.items():
            labels = self.classes_[field]
            if self.schema_.is_multi_label(field):
                P = self.decide_issues(p)
                out[field] = [tuple(labels[np.flatnonzero(row)]) for row in P]
            else:
                out[field] = [labels[k] for k in p.argmax(axis=1)]
        return out


def _is_infinite(value: Any) -> bool:
    """Whether a value is an infinite number (``inf``, ``-inf``), which :func:`as_texts` refuses in a cell:
    joined, it would be read as the word "inf" (and scikit-learn's checks, which the estimator's tags
    ``allow_nan=False`` invite, send it as they send NaN)."""
    return isinstance(value, (float, np.floating)) and bool(np.isinf(value))


def _unusable(value: Any) -> bool:
    """A cell :func:`as_texts` refuses: missing (:func:`is_missing`) or infinite."""
    return is_missing(value) or _is_infinite(value)


def _joined_rows(rows: Any, frame: Any) -> list[str]:
    """Each row's cells joined with spaces, refusing a row with a missing or infinite cell (a DataFrame's
    ``frame``: named by its index label and column name too).

    One pass: a str cell (the usual one) is joined as it is, and only the others are checked; the cells
    are gone through again only to write the error.
    """
    texts = []
    for row in rows:
        cells = []
        for value in row:
            if type(value) is not str:
                if _unusable(value):
                    _refuse_unusable_cells(rows, frame)
                value = str(value)
            cells.append(value)
        texts.append(" ".join(cells))
    return texts


def _refuse_unusable_cells(rows: Any, frame: Any) -> None:
    """Refuse a 2-d input with a missing or infinite cell, naming the first one's row and column (a
    DataFrame's ``frame``: by its index label and column name too) and counting the others."""
    unusable = [(i, j, v) for i, row in enumerate(rows) for j, v in enumerate(row) if _unusable(v)]
    if not unusable:
        return
    i, j, value = unusable[0]
    columns = list(getattr(frame, "columns", ()))
    index = getattr(frame, "index", None)
    row = f"Row {i}" + (f" (index {index[i]!r})" if index is not None and str(index[i]) != str(i) else "")
    column = f"column {columns[j]!r}" if j < len(columns) else f"column {j}"
    others = [_is_infinite(v) for _, _, v in unusable[1:]]
    kind = "infinite" if all(others) else "missing or infinite" if any(others) else "missing"
    more = f" (and {len(others)} more {kind} cell{'s' if len(others) > 1 else ''})" if others else ""
    one = ""
    if len(columns) > 1:  # the other columns (an id, a date) would be joined into the text as words too
        texts = [c for k, c in enumerate(columns) if all(isinstance(r[k], str) or _unusable(r[k]) for r in rows)]
        one = ("; to label only the column of texts, pass it alone"
               + (f" (df[{texts[0]!r}])" if len(texts) == 1 else ""))
    shown = "NaN" if isinstance(value, (float, np.floating)) and np.isnan(value) else repr(value)
    infinite = _is_infinite(value)
    fix = ("df.replace([np.inf, -np.inf], np.nan).dropna(): dropna() and fillna() alone leave infinities"
           if infinite or any(others) else "df.dropna() or df.fillna('')")
    raise ValueError(
        f"{row}, {column} of the input is {'infinite' if infinite else 'missing'} ({shown}){more}; a 2-d input's "
        f"cells are joined into one text per row, and such a cell would be read as the word {str(value)!r} and "
        f"labelled. Drop or fill those rows first (e.g. {fix})" + one
    )


def as_texts(X: Any) -> list[str]:
    """Validate a batch of texts and return it as a list of str, as the estimator does.

    One set of rules for the estimator (:mod:`stancelib.features`) and its
    export (:mod:`stancelib.compiled`), without scikit-learn: a sequence, iterable or 1-d
    array of str is read item by item; a 2-d array-like (a DataFrame, a 2-d
    array, a list of rows) row by row, each row's cells joined with spaces,
    so that a DataFrame gives one text per row, never its column names (and
    a ``ColumnTransformer`` can hand the estimator several text columns). A
    missing or infinite cell (None, NaN, NaT, pandas' NA, inf) is refused, naming its row and
    column, as a missing item of a 1-d input is: joined, it would be read as
    the word "nan" or "NaT" and labelled. A mapping is refused: its
    iteration yields its keys, which would be labelled as if they were the
    sentences.

    Raises
    ------
    TypeError
        A single str or bytes, a mapping, sparse input, something that is
        not a sequence, an item that is not a str (a missing one, of any
        kind, called missing), or a list of rows with an item that is not a
        row.
    ValueError
        A 0-d array, a 2-d array with no column, a complex array, a 1-d
        array of numbers, or a 2-d input with a missing or infinite cell.

    Examples
    --------
    >>> as_texts([["Xi warned Biden", "over Taiwan."], ["The sides agreed", "to talk."]])
    ['Xi warned Biden over Taiwan.', 'The sides agreed to talk.']
    >>> as_texts([["Xi warned Biden.", None]])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Row 0, column 1 of the input is missing (None); ...
    """
    if isinstance(X, (str, bytes)):
        raise TypeError(
            f"Iterable over raw text documents expected, {'string' if isinstance(X, str) else 'bytes'} object "
            "received; wrap a single text in a list: [text]" + ("" if isinstance(X, str) else ", decoded first")
        )
    if hasattr(X, "tocsr") or type(X).__module__.startswith("scipy.sparse"):
        raise TypeError("Sparse input is not supported: expected texts (a sequence of str)")  # before Mapping: a dok_array is one
    if isinstance(X, Mapping):
        raise TypeError(
            f"Expected a sequence of texts (str), got a {type(X).__name__}, whose iteration yields its keys; "
            "pass the sentences themselves, e.g. list(d.values())"
        )
    if X is None or not hasattr(X, "__iter__") and not hasattr(X, "__array__"):
        raise TypeError(f"Expected a sequence of texts (str), got {type(X).__name__}; e.g. predict(['Xi warned Biden.'])")
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
        return _joined_rows(np.asarray(X, dtype=object), X)
    if shape is not None and len(shape) == 1 and getattr(X, "dtype", np.dtype(object)).kind not in "OUS":
        raise ValueError(
            f"Expected a sequence of texts, got a 1-d array of {X.dtype}. Reshape your data: "
            "pass strings, or a 2-d array to join columns into text"
        )
    texts = list(X)
    if texts and isinstance(texts[0], (list, tuple)):  # rows of columns
        for i, row in enumerate(texts):
            if not isinstance(row, (list, tuple)):  # a str would be joined one character per "cell"
                raise TypeError(f"Expected rows (lists or tuples of cells), as item 0 is, but item {i} is a "
                                f"{type(row).__name__}; give every item as a row, or every one as a str")
        return _joined_rows(texts, None)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            if is_missing(t):  # pd.NA, NaT and a float32 NaN too, not only None and NaN
                raise TypeError(f"Expected str at position {i}, got {shown_missing(t)} (a missing value); "
                                f"{MISSING_TEXT_FIX}")
            raise TypeError(f"Expected str at position {i}, got {type(t).__name__}")
    return texts
