"""The front door: classify a readout, or a list of sentences."""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import InitVar, dataclass, field
from itertools import islice
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping

import numpy as np

from .segment import iter_segments

if TYPE_CHECKING:  # pragma: no cover
    from .model import ReadoutClassifier

__all__ = ["SentenceLabel", "FileNameAsTextWarning", "classify", "classify_sentences", "ood_factor", "resolve_model"]

#: Sentences classified per batch: bounds memory on very long inputs.
BATCH_SIZE = 4096
#: (bytes per input byte, MB): :func:`classify` on a text of N bytes (UTF-8)
#: needs at most ``a * N + b`` MB above the loaded model. Measured by
#: ``python -m training.benchmark --memory``.
MEMORY_BOUND = (300, 100)


class _PackedScores:
    """The slot that holds a :class:`SentenceLabel`'s probabilities, packed: outside the dataclass's
    fields, so that ``dataclasses.asdict``, ``dataclasses.fields`` and ``pandas.DataFrame(labels)`` see
    only the public fields (the packed bytes are no column; ``scores`` reads them)."""

    __slots__ = ("_scores",)


@dataclass(frozen=True, slots=True)
class SentenceLabel(_PackedScores):
    """The labels of one sentence. Immutable.

    A label is small (``__slots__``; its probabilities are kept as one
    float32 row): about 450 bytes plus its sentence's text, so that a list of
    a million labels fits in well under a gigabyte.

    For a table, :func:`stancelib.tables.labels_to_frame` (and
    :func:`~stancelib.tables.save_labels` for a file); for JSON,
    :meth:`to_dict`, which holds ``scores`` and ``confidence_head`` too.
    ``pandas.DataFrame(labels)`` and ``dataclasses.asdict(label)`` give the
    fields below but ``scores`` (a property, not a field).

    Attributes
    ----------
    text : str
        The sentence.
    span : tuple of (int, int)
        Where it stands in the input: ``input[start:end] == text``. For
        :func:`classify_sentences`, ``(0, len(text))``.
    issues : tuple of str
        Issue codes, never empty, in the order of the model's issue label set
        (that of ``scores["issue"]``: the annotation guide's for the bundled
        model, ``taiwan`` first, ``relations`` and ``other`` last), not by
        probability: one set of codes is always one tuple, and one ``;``-joined
        CSV cell, whichever function labelled the sentence (the order of
        ``ReadoutClassifier.predict`` too). A code is kept when its probability
        reaches its threshold. The decision rule's *first* code is the one
        furthest above, or least below, its threshold (the largest ratio of
        probability to threshold), which need not be ``issues[0]``; every other
        code must also reach the model's second-code bar. A sentence with no
        code at its threshold keeps that first code alone (and a low
        ``confidence``): the code closest to its threshold, which need not be
        the most likely one.
    stance : str
        Stance code.
    side : str or None
        Side code; None when the model was trained without sides.
    confidence : float
        How sure the model is of the whole label, in [0, 1]: the lowest
        probability among the chosen labels of all heads, times the
        sentence's out-of-distribution factor (see :func:`ood_factor`), which
        is 1 for ordinary readout sentences and falls towards 0 for text the
        model knows little of (mostly unknown words, no words at all) and for
        a "sentence" far longer than any it was trained on.
    scores : dict
        Head to label to probability, rounded to 4 decimals, labels in the
        model's label-set order. Stance and side probabilities sum to 1 before
        rounding, so their rounded values sum to 1 within 0.00005 per label
        (0.9999 or 1.0001 is common; compare with a tolerance such as
        ``math.isclose(total, 1, abs_tol=2e-4)`` for four labels). They are
        not renormalised after rounding: each stays the rounded probability,
        so that ``confidence`` is the lowest rounded score of the chosen
        labels (when the out-of-distribution factor is 1) and
        :func:`stancelib.compare` weighs the same numbers that are shown.
        Issue probabilities are per code and need not sum to anything.
    doc_id, date, source : str or None
        The fields of the document the sentence came from, when it was
        labelled as part of a collection of documents; None otherwise.
        ``date`` is ISO 8601 (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``).

    Examples
    --------
    >>> text = "Xi warned Biden not to cross a red line on Taiwan. The two leaders agreed to meet."
    >>> label = classify(text)[1]
    >>> label.text, text[label.span[0]:label.span[1]] == label.text
    ('The two leaders agreed to meet.', True)
    >>> list(label.scores), 0 <= label.confidence <= 1
    (['issue', 'stance', 'side'], True)
    >>> SentenceLabel.from_dict(label.to_dict()) == label
    True
    """

    text: str
    span: tuple[int, int]
    issues: tuple[str, ...]
    stance: str
    side: str | None
    confidence: float
    # (layout, values): layout is ((head, labels), ...), shared by all the
    # labels of one model; values are the probabilities, flat, in its order,
    # as float32 bytes (what classify makes: 4 bytes a value) or a tuple of floats.
    # An init-only argument, kept in _PackedScores' slot (see __post_init__), so that it is no field
    # (asdict, DataFrame); dataclasses.replace still carries it over, as it does every InitVar. Keyword-only:
    # no 7th positional argument and not in __match_args__, so a value meant for doc_id is refused, not packed
    # as the scores, and a class pattern binds the public fields alone
    _scores: InitVar[tuple[tuple[tuple[str, tuple[str, ...]], ...], bytes | tuple[float, ...]] | tuple[()]] = field(
        default=(), kw_only=True)
    doc_id: str | None = field(default=None, kw_only=True)
    date: str | None = field(default=None, kw_only=True)
    source: str | None = field(default=None, kw_only=True)

    def __post_init__(self, _scores: Any) -> None:
        if _scores != () and not (isinstance(_scores, tuple) and len(_scores) == 2):
            raise TypeError(f"SentenceLabel's _scores is (layout, values), as classify makes it, got "
                            f"{type(_scores).__name__}; leave it out for a label without scores")
        object.__setattr__(self, "_scores", _scores)  # frozen: set in place, as __init__ sets the fields

    def _key(self) -> tuple[Any, ...]:
        """Everything a label is, the scores included: what equality, hashing and pickling use."""
        return _label_state(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __getstate__(self) -> list[Any]:
        # the order the dataclass's own pickling used when _scores was a field, so older pickles still load
        return list(self._key())

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(_LABEL_STATE, state):
            object.__setattr__(self, name, value)

    @property
    def scores(self) -> dict[str, dict[str, float]]:
        """Head to label to probability (a fresh dict)."""
        if not self._scores:
            return {}
        layout, values = self._scores
        if isinstance(values, bytes):
            values = np.round(np.frombuffer(values, dtype=np.float32).astype(np.float64), 4).tolist()
        out, k = {}, 0
        for head, labels in layout:
            out[head] = dict(zip(labels, values[k:k + len(labels)]))
            k += len(labels)
        return out

    @property
    def confidence_head(self) -> str | None:
        """What sets ``confidence``: the head whose chosen label is least sure,
        or ``"ood"`` when the sentence's out-of-distribution factor (see
        :func:`ood_factor`) lowered ``confidence`` below that label's
        probability (mostly unknown words, no words, or a "sentence" far
        longer than any the model was trained on); None when the label
        carries no scores.

        Examples
        --------
        >>> [lab.confidence_head for lab in classify_sentences(["Xi warned Biden not to cross a red line on Taiwan.",
        ...                                                    "Blorf zimble quaxx."])]
        ['side', 'ood']
        """
        scores = self.scores
        chosen = {"issue": self.issues, "stance": (self.stance,), "side": (self.side,)}
        weakest: tuple[float, str] | None = None
        for head, per_label in scores.items():
            ps = [per_label[c] for c in chosen.get(head, ()) if c in per_label]
            if ps and (weakest is None or min(ps) < weakest[0]):
                weakest = (min(ps), head)
        if weakest is None:
            return None
        # confidence is the weakest probability times the factor, both kept to 4 decimals: with a factor of 1
        # the two are equal, so a confidence clearly below the weakest probability is the factor's doing
        if self.confidence < weakest[0] - OOD_SHOWN:
            return OOD_HEAD
        return weakest[1]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of all fields."""
        return {
            "text": self.text,
            "span": list(self.span),
            "issues": list(self.issues),
            "stance": self.stance,
            "side": self.side,
            "confidence": self.confidence,
            "confidence_head": self.confidence_head,
            "scores": self.scores,
            **{k: v for k, v in (("doc_id", self.doc_id), ("date", self.date), ("source", self.source))
               if v is not None},
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "SentenceLabel":
        """The label :meth:`to_dict` gave: read labels back from a JSONL file.

        Reads what :meth:`to_dict` writes, so a line of ``stancelib classify
        --format jsonl`` too (its ``confidence_head`` is worked out again,
        and an ``explanation`` is left out). ``scores`` and ``doc_id``,
        ``date``, ``source`` may be missing; a label without scores can be
        summarised (:func:`stancelib.summarize`), counted in
        :func:`stancelib.trends` and saved, but neither compared nor
        explained. The rows of :func:`stancelib.tables.save_labels` (flat:
        ``start``, ``end``, no scores) are not labels: read them with pandas.

        Parameters
        ----------
        d : mapping
            With ``text``, ``span``, ``issues``, ``stance``, ``side`` and
            ``confidence``.

        Returns
        -------
        SentenceLabel
            Equal to the label that made ``d`` (``scores`` included).

        Raises
        ------
        TypeError
            ``d`` is not a mapping, or a field is of the wrong type.
        ValueError
            A field is missing.

        Examples
        --------
        >>> import json
        >>> label = classify("Xi warned Biden not to cross a red line on Taiwan.")[0]
        >>> SentenceLabel.from_dict(json.loads(json.dumps(label.to_dict()))) == label
        True
        """
        if not isinstance(d, Mapping):
            raise TypeError(f"SentenceLabel.from_dict() expects a dict (a parsed line of JSONL), got {type(d).__name__}")
        missing = [k for k in ("text", "span", "issues", "stance", "side", "confidence") if k not in d]
        if missing:
            raise ValueError(f"SentenceLabel.from_dict(): the dict has no {', '.join(missing)}; it needs the keys "
                             "to_dict() writes (a row of save_labels is flat, with start and end: read those "
                             "with pandas)")

        def wrong(key: str, expected: str) -> TypeError:
            return TypeError(f"SentenceLabel.from_dict(): {key!r} must be {expected}, got {d[key]!r}")

        text, span, issues, scores = d["text"], d["span"], d["issues"], d.get("scores") or {}
        if not isinstance(text, str):
            raise wrong("text", "a str")
        if (not isinstance(span, (list, tuple)) or len(span) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in span)):
            raise wrong("span", "two whole numbers, [start, end]")
        if isinstance(issues, str) or not isinstance(issues, (list, tuple)) \
                or not all(isinstance(c, str) for c in issues):
            raise wrong("issues", "a list of codes (str)")
        if not isinstance(d["stance"], str):
            raise wrong("stance", "a code (str)")
        if d["side"] is not None and not isinstance(d["side"], str):
            raise wrong("side", "a code (str) or None")
        if isinstance(d["confidence"], bool) or not isinstance(d["confidence"], (int, float)):
            raise wrong("confidence", "a number")
        if not isinstance(scores, Mapping) or not all(
                isinstance(per, Mapping) and all(isinstance(p, (int, float)) and not isinstance(p, bool)
                                                 for p in per.values()) for per in scores.values()):
            raise wrong("scores", "a dict of head to label to probability")
        # kept as classify keeps them: one float32 row, so that the label equals the one that was written
        layout = tuple((str(head), tuple(str(c) for c in per)) for head, per in scores.items())
        values = np.asarray([p for per in scores.values() for p in per.values()], dtype=np.float32).tobytes()
        meta = {k: None if d.get(k) is None else str(d[k]) for k in ("doc_id", "date", "source")}
        return cls(text, (span[0], span[1]), tuple(issues), d["stance"], d["side"], float(d["confidence"]),
                   _scores=(layout, values) if layout else (), **meta)

    def explain(self, model: "ReadoutClassifier | None" = None, *, top: int = 5) -> dict[str, dict[str, list[tuple[str, float]]]]:
        """The features that pushed each label of this sentence up or down; see :meth:`ReadoutClassifier.explain`.

        The labels explained are this label's own (``issues``, ``stance``,
        ``side``), which the sentence before may have set: a sentence that
        opens with a pronoun or an unattributed quotation takes part of its
        side from it. Where it did, the side's explanation starts with a
        ``("context:sentence before", shift)`` entry, ``for`` when the
        sentence before raised the side's probability and ``against`` when
        it lowered it; ``shift`` is the change of the side's log-probability
        (the features' contributions are log-odds before calibration).

        A label does not record which model made it (the rows ``stancelib
        classify`` writes do: ``model``, :func:`stancelib.persist.model_id`),
        so the explaining model is checked against it first: it must have the label's heads and label
        sets, and give the sentence, read alone, the probabilities in
        ``scores`` of every head the sentence before cannot change (all but
        ``side``) to their 4 decimals. Another model's explanation would be
        made up: its features, and a "sentence before" entry measured against
        another model's side probability.

        Parameters
        ----------
        model : ReadoutClassifier, default=None
            The model that made this label; None uses the bundled estimator
            (stancelib's own cached instance, which no caller of
            :func:`~stancelib.load_model` can change). For a label made by a
            model of your own, pass that model (the estimator:
            ``load_model(DIR, trusted=True)``, since the safe export cannot
            explain).
        top : int, default=5
            Features listed each way, per label.

        Returns
        -------
        dict
            Field to label to ``{"for": [...], "against": [...]}``, as
            :meth:`ReadoutClassifier.explain` returns.

        Raises
        ------
        ValueError
            The label was made by another model than ``model`` (the bundled
            model when ``model`` is None): other heads, other label sets, or
            other probabilities for this sentence.
        """
        from .persist import load_shared_model

        # stancelib's own instance, not load_model()'s copy: no copy per call, and no user's set_params or
        # fit on a model from load_model() can have changed it into another model than the one that labelled
        clf = model if model is not None else load_shared_model()
        which = "the bundled model" if model is None else "the model given"
        self._check_layout(clf, which)
        alone = clf.predict_proba([self.text])
        self._check_probabilities(clf, alone, which)
        chosen = {"issue": self.issues, "stance": self.stance, "side": self.side}
        out = clf.explain(self.text, top=top, labels={f: chosen[f] for f in clf.schema_.fields})
        shown = self.scores.get("side", {}).get(self.side) if self.side is not None else None
        if shown is not None:
            p_alone = alone["side"][0][list(clf.classes_["side"]).index(self.side)]
            shift = math.log(max(shown, 1e-4)) - math.log(max(float(p_alone), 1e-4))
            if abs(shift) >= CONTEXT_SHIFT_SHOWN:
                entry = ("context:sentence before", round(shift, 4))
                lists = out["side"][self.side]
                lists["for" if shift > 0 else "against"].insert(0, entry)
        return out

    def _check_layout(self, clf: Any, which: str) -> None:
        """Refuse a model whose heads or label sets are not this label's (a ValueError naming the difference)."""
        fix = "pass the model that made it: label.explain(model=...)"
        if self._scores:
            mine = {head: labels for head, labels in self._scores[0]}
            theirs = {f: tuple(str(c) for c in clf.classes_[f]) for f in clf.schema_.fields}
            if list(mine) != list(theirs):
                raise ValueError(f"This label was made by another model than {which}: the label has the heads "
                                 f"{', '.join(mine) or 'none'}, {which} has {', '.join(theirs)}; {fix}")
            for head, labels in mine.items():
                if labels != theirs[head]:
                    only_mine = [c for c in labels if c not in theirs[head]]
                    only_theirs = [c for c in theirs[head] if c not in labels]
                    differ = "; ".join(part for part in (
                        f"the label has {', '.join(only_mine)}, which {which} has not" if only_mine else "",
                        f"{which} has {', '.join(only_theirs)}, which the label has not" if only_theirs else "",
                    ) if part) or "the same codes in another order"
                    raise ValueError(f"This label was made by another model than {which}: its {head} label set "
                                     f"differs ({differ}); {fix}")
        chosen = {"issue": self.issues, "stance": self.stance, "side": self.side}
        for f in clf.schema_.fields:
            if chosen.get(f) in (None, "", ()):  # a label of a model without that head
                raise ValueError(f"This label has no {f} (the model that made it has no {f} head), but {which} "
                                 f"has one; {fix}")

    def _check_probabilities(self, clf: Any, alone: Mapping[str, np.ndarray], which: str) -> None:
        """Refuse a model that gives this sentence, read alone, other probabilities than the label's own
        on the heads the sentence before cannot change (every head but ``side``)."""
        scores = self.scores
        for head, per_label in scores.items():
            if head == "side" or head not in alone:
                continue
            given = np.asarray(alone[head][0], dtype=float)
            kept = np.asarray(list(per_label.values()), dtype=float)
            worst = int(np.argmax(np.abs(given - kept)))
            if abs(given[worst] - kept[worst]) > SAME_MODEL_TOLERANCE:
                code = list(per_label)[worst]
                raise ValueError(
                    f"This label was not made by {which}: {which} gives the sentence {head} {code!r} the "
                    f"probability {given[worst]:.4f}, the label {kept[worst]:.4f}. Pass the model that made it: "
                    "label.explain(model=...), as an estimator (load_model(DIR, trusted=True) for a model "
                    "directory: the safe export cannot explain)"
                )


# The InitVar's default stays behind as the class attribute ``_scores = ()``, which would hide the slot that
# holds each label's scores (reads would give (), writes fail); __init__ keeps its own copy of the default.
del SentenceLabel._scores

#: Everything a label is, in the order of :meth:`SentenceLabel.__getstate__`'s values (that of the dataclass's
#: own pickling when ``_scores`` was a field, so older pickles still load): ``_key`` reads them, ``__setstate__``
#: sets them.
_LABEL_STATE = ("text", "span", "issues", "stance", "side", "confidence", "_scores", "doc_id", "date", "source")
_label_state = attrgetter(*_LABEL_STATE)


class FileNameAsTextWarning(UserWarning):
    """A text to label is the name of an existing file: it is labelled as the text it is, not read.

    ``classify("readout.txt")`` and ``classify_documents(["a.txt", "b.txt"])``
    label the names, since a str is a text; to read files, pass
    ``pathlib.Path`` objects (``classify_documents([Path("a.txt"), ...])``)
    or a folder. Turn it into an error with
    ``warnings.simplefilter("error", FileNameAsTextWarning)``.
    """


def names_a_file(text: str, *, spaces: bool = True) -> bool:
    """Whether ``text`` is, as a whole, the name of an existing file (one line, no surrounding blanks;
    without ``spaces``, no whitespace at all), which the user may have meant to be read."""
    if not text or len(text) > 4096 or text != text.strip() or "\n" in text or "\r" in text:
        return False
    if not spaces and any(ch.isspace() for ch in text):
        return False
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):  # a name the system cannot even look up (a NUL byte ...)
        return False


def warn_file_name(text: str, where: str, fix: str) -> None:
    """A :class:`FileNameAsTextWarning` that ``where`` (``text``, ``document 0``) is ``text``, a file's name,
    labelled as text; ``fix`` says how to read the file instead."""
    from ._warnings import outside_stacklevel

    warnings.warn(f"{where} is {text!r}, which is the name of an existing file: it is labelled as the text "
                  f"{text!r}, not read. {fix}; to label the text itself, ignore this warning",
                  FileNameAsTextWarning, stacklevel=outside_stacklevel())


#: :attr:`SentenceLabel.confidence_head` when the out-of-distribution factor, not a head, set the confidence.
OOD_HEAD = "ood"
#: How far below its weakest chosen probability a label's confidence must be for
#: :attr:`SentenceLabel.confidence_head` to name the out-of-distribution factor (both are kept to 4 decimals).
OOD_SHOWN = 5e-5

#: How far a label's probability (kept to 4 decimals) may be from the explaining model's for
#: :meth:`SentenceLabel.explain` to take the label as that model's: half a unit of the 4th decimal of rounding,
#: plus what separates the bundled model's export, which labels, from its estimator, which explains (about 1e-8).
SAME_MODEL_TOLERANCE = 1e-4

#: The least change of the side's log-probability (scores are kept to four decimals) that
#: :meth:`SentenceLabel.explain` reports as the sentence before's part in the label.
CONTEXT_SHIFT_SHOWN = 0.01


def resolve_model(model: Any) -> "ReadoutClassifier":
    """The model to use: the bundled one for None, else a fitted ReadoutClassifier.

    For None this is the bundled model's scikit-learn-free export, which
    predicts the same as ``load_model()`` and starts in a fraction of the time;
    for a path, what ``load_model(path)`` loads: the directory's safe export
    (no trust needed), or an error naming ``trusted=True`` if it holds only a
    pickle. Both are stancelib's cached instances, not copies: labelling
    only reads them.
    """
    from .persist import load_shared_model, load_compiled_bundled

    if model is None:
        return load_compiled_bundled()
    if isinstance(model, (str, os.PathLike)):
        return load_shared_model(model)
    from .compiled import CompiledModel

    if isinstance(model, CompiledModel):
        return model
    from .encoder import EncoderClassifier
    from .model import ReadoutClassifier

    if not isinstance(model, (ReadoutClassifier, EncoderClassifier)):
        raise TypeError(
            f"model must be None (the bundled model), a path, \"accurate\", or a fitted ReadoutClassifier or "
            f"EncoderClassifier, got {type(model).__name__}; load one with stancelib.load_model(path)"
        )
    if not hasattr(model, "coef_" if isinstance(model, ReadoutClassifier) else "state_"):
        raise ValueError(f"This {type(model).__name__} is not fitted yet; call fit() or use stancelib.train()")
    return model


def check_text(text: Any, where: str) -> str:
    """``text`` if it is a str; else a ``TypeError`` that names ``where`` and what it is instead: bytes (decode
    them), a missing value (None, NaN, NaT, ``pd.NA``: drop or fill it) or another type."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(f"{where} is bytes; decode it first, e.g. data.decode('utf-8')")
    from ._missing import MISSING_TEXT_FIX, is_missing, shown_missing

    # the one test of a missing value: pd.NA, NaT and a float32 NaN are missing too, not a type to name
    if is_missing(text):
        raise TypeError(f"{where} is {shown_missing(text)} (a missing value); {MISSING_TEXT_FIX}")
    raise TypeError(f"{where} is a {type(text).__name__}; expected a str")


#: A sentence keeps its whole confidence when at least this share of its
#: words is in the model's vocabulary; below it, confidence falls in proportion.
KNOWN_SHARE_FULL = 0.5
#: The longest training sentence (in tokens) assumed for a model that did not
#: record its own (models trained before the rule existed; the seed corpus's
#: longest sentence has 69 tokens).
LONGEST_SENTENCE_FALLBACK = 100


def ood_factor(texts: list[str], *, model: "ReadoutClassifier | str | None" = None) -> np.ndarray:
    """How far each sentence is inside what the model was trained on: the
    factor, in [0, 1], that multiplies its ``confidence``.

    The rule, for a sentence of ``n`` word tokens
    (:func:`stancelib.lexicon.tokenize`'s) of which ``k`` are in the model's
    vocabulary (any word of its word n-grams)::

        known  = min(1, (k / n) / KNOWN_SHARE_FULL)       # 0 when n == 0
        length = min(1, longest / n)
        factor = known * length

    where ``longest`` is the number of tokens of the longest sentence the
    model was trained on (``LONGEST_SENTENCE_FALLBACK`` for a model that did
    not record it). Ordinary readout sentences get 1; gibberish, text in a
    script the model does not read (no tokens) and a "sentence" far longer
    than any training sentence get a factor near 0. The probabilities in
    ``scores`` are left as the model gives them.

    Parameters
    ----------
    texts : list of str
        Sentences.
    model : ReadoutClassifier, CompiledModel, EncoderClassifier or path, default=None
        None uses the bundled model.

    Returns
    -------
    ndarray of float, shape (len(texts),)

    Examples
    --------
    >>> ood_factor(["The two sides agreed to resume talks.", "Blorf zimble quaxx.", "Taiwan " * 1000]).round(2).tolist()
    [1.0, 0.0, 0.07]
    """
    texts = _sentence_list(texts, "ood_factor")
    clf = resolve_model(model)
    return _ood_rule(clf, *clf.token_coverage(texts))


def _sentence_list(sentences: Any, where: str) -> list[str]:
    """``sentences`` as a list of str, or a TypeError naming what was given instead and the fix."""
    if isinstance(sentences, (str, bytes)):
        raise TypeError(
            f"{where}() expects an iterable of sentences, got a single "
            f"{type(sentences).__name__}; wrap it in a list, or use classify(text) to segment a whole text"
        )
    if hasattr(sentences, "columns") and hasattr(sentences, "iloc"):
        raise TypeError(
            f"{where}() got a {type(sentences).__name__}, whose iteration yields its column names; "
            "pass the column of sentences, e.g. df['text'].tolist()"
        )
    if hasattr(sentences, "column_names") and hasattr(sentences, "map"):  # a datasets.Dataset: rows are dicts
        columns = sentences.column_names
        column = "text" if not columns or "text" in columns else columns[0]
        raise TypeError(
            f"{where}() got a {type(sentences).__name__}, whose rows are dicts; pass its column of sentences, "
            f"e.g. ds[{column!r}], or add label columns to it with classify_dataset(ds)"
        )
    if isinstance(sentences, Mapping) or not hasattr(sentences, "__iter__"):
        raise TypeError(f"{where}() expects an iterable of str, got {type(sentences).__name__}")
    texts = list(sentences)
    # a list of nothing but str, the usual case, needs no check item by item (the set of the items' types is
    # made in C); a subclass of str, which could also be registered as a Mapping, takes the checks below
    if set(map(type, texts)) <= {str}:
        return texts
    for i, s in enumerate(texts):
        if isinstance(s, Mapping):  # records, not sentences
            key = "text" if "text" in s else next(iter(s), "text")
            raise TypeError(f"sentence {i} is a {type(s).__name__} (a record?); expected a str: pass the texts, "
                            f"e.g. [r[{key!r}] for r in rows]")
        if not isinstance(s, str):
            check_text(s, f"sentence {i}")  # raises, naming the position
    return texts


def _ood_rule(model: "ReadoutClassifier", n_tokens: np.ndarray, n_known: np.ndarray) -> np.ndarray:
    """:func:`ood_factor`'s rule on token counts."""
    longest = model.longest_sentence_tokens() or LONGEST_SENTENCE_FALLBACK
    n = np.maximum(n_tokens, 1)
    factor = np.minimum(1.0, n_known / n / KNOWN_SHARE_FULL) * np.minimum(1.0, longest / n)
    return np.where(n_tokens > 0, factor, 0.0)


def label_sentences(model: "ReadoutClassifier", texts: list[str], spans: list[tuple[int, int]], documents: list[int] | None) -> list[SentenceLabel]:
    """Label checked texts with a resolved model, a batch at a time (shared by classify, batch and comparison)."""
    out: list[SentenceLabel] = []
    fields = model.schema_.fields
    names = {f: np.asarray([str(c) for c in model.classes_[f]], dtype=object) for f in fields}
    layout = tuple((f, tuple(names[f].tolist())) for f in fields)
    for lo in range(0, len(texts), BATCH_SIZE):
        batch = texts[lo:lo + BATCH_SIZE]
        n = len(batch)
        docs = documents[lo:lo + BATCH_SIZE] if documents is not None else None
        # a document that runs on from the batch before: the last CONTEXT_OVERLAP sentences before the batch are
        # read again, as context only (blend_sentence_before reads a sentence before only within its document),
        # so that the batch's first sentences read the ones before them as if the document were one piece
        pre = min(CONTEXT_OVERLAP, lo) if docs is not None and lo and documents[lo - 1] == docs[0] else 0
        if pre:
            proba, n_tokens, n_known = model.proba_and_coverage(list(texts[lo - pre:lo]) + list(batch),
                                                                list(documents[lo - pre:lo]) + list(docs))
            proba, n_tokens, n_known = {f: p[pre:] for f, p in proba.items()}, n_tokens[pre:], n_known[pre:]
        else:
            proba, n_tokens, n_known = model.proba_and_coverage(batch, docs)
        ood = _ood_rule(model, n_tokens, n_known)
        # decide and round per batch with numpy, not per sentence in Python
        picked: dict[str, list[Any]] = {}
        chosen_p = []
        for f in fields:
            p = proba[f]
            if model.schema_.is_multi_label(f):
                decided = model.decide_issues(p).astype(bool)
                # in label-set order (np.nonzero walks each row's columns in order), as predict() gives them:
                # one set of codes is one tuple, whichever function labelled the sentence
                rows, cols = np.nonzero(decided)
                codes = iter(names[f][cols].tolist())
                shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per distinct set of codes
                picked[f] = [shared.setdefault(t, t) for t in (tuple(islice(codes, k))
                                                              for k in np.bincount(rows, minlength=n).tolist())]
                chosen_p.append(np.where(decided, p, np.inf).min(axis=1))
            else:
                k = p.argmax(axis=1)
                picked[f] = names[f][k].tolist()
                chosen_p.append(p[np.arange(n), k])
        confidence = np.round(np.min(np.vstack(chosen_p), axis=0) * ood, 4).tolist()
        # each label keeps its probabilities as one float32 row (4 bytes a value, not a tuple of floats)
        values = np.round(np.hstack([proba[f] for f in fields]), 4).astype(np.float32)
        flat, width = values.tobytes(), values.shape[1] * values.itemsize
        rows_bytes = [flat[i:i + width] for i in range(0, len(flat), width)] if width else [b""] * n
        issues = picked.get("issue", [()] * n)
        stances = picked.get("stance", [""] * n)
        sides = picked.get("side", [None] * n)
        out.extend(_new_labels(batch, spans[lo:lo + n], issues, stances, sides, confidence, layout, rows_bytes))
    return out


#: What sets each slot of a SentenceLabel, in the order of _LABEL_STATE (the slots' member descriptors).
_LABEL_SETTERS = tuple(getattr(SentenceLabel, name).__set__ for name in _LABEL_STATE)


def _new_labels(texts: list[str], spans: list[tuple[int, int]], issues: list[tuple[str, ...]], stances: list[str],
                sides: list[str | None], confidence: list[float], layout: tuple[Any, ...],
                rows_bytes: list[bytes]) -> list[SentenceLabel]:
    """``SentenceLabel(text, span, issues, stance, side, confidence, _scores=(layout, row))`` for each sentence,
    made in half the time: each slot is set directly, as ``__setstate__`` sets those of a pickled label.

    Safe for what :func:`label_sentences` makes: ``__init__`` would only pass the same values on, and
    ``__post_init__`` only checks that ``_scores`` is a pair (it is one, built here). ``doc_id``, ``date``
    and ``source``, which the callers fill in, get their default, None, so that every slot is set
    (``tests/test_label_fast_path.py`` checks that the labels equal those ``__init__`` makes).
    """
    new = object.__new__
    # one name per slot: a slot added to the label fails here, loudly, rather than being left unset
    (set_text, set_span, set_issues, set_stance, set_side, set_confidence, set_scores, set_doc_id, set_date,
     set_source) = _LABEL_SETTERS
    out = []
    for text, span, iss, st, sd, conf, row in zip(texts, spans, issues, stances, sides, confidence, rows_bytes):
        label = new(SentenceLabel)
        set_text(label, text)
        set_span(label, span)
        set_issues(label, iss)
        set_stance(label, st)
        set_side(label, sd)
        set_confidence(label, conf)
        set_scores(label, (layout, row))
        set_doc_id(label, None)
        set_date(label, None)
        set_source(label, None)
        out.append(label)
    return out


#: Sentences of the previous batch labelled again at the start of the next one,
#: so that a sentence opening with a pronoun or an unattributed quotation
#: reads its predecessor's side across a batch boundary (exact unless more
#: such sentences than this run together).
CONTEXT_OVERLAP = 16


def iter_classify(text: str, clf: "ReadoutClassifier") -> Iterator[SentenceLabel]:
    """The labels of ``text``'s sentences, made a batch at a time: memory is
    one batch's, however long the text (the CLI streams these)."""
    segments = iter_segments(text)
    overlap = min(CONTEXT_OVERLAP, BATCH_SIZE // 2)
    before: list[Any] = []  # the end of the previous batch, context for the start of this one
    while True:
        new = list(islice(segments, BATCH_SIZE - len(before)))
        if not new:
            return
        batch = before + new
        labels = label_sentences(clf, [s.text for s in batch], [(s.start, s.end) for s in batch],
                                 documents=[0] * len(batch))
        yield from labels[len(before):]
        before = batch[-overlap:] if overlap else []


def classify(text: str, *, model: "ReadoutClassifier | str | None" = None) -> list[SentenceLabel]:
    """Split a readout into sentences and label each one.

    Parameters
    ----------
    text : str
        A readout or a news story about one. Line breaks, bullets and
        headlines are understood.
    model : ReadoutClassifier, CompiledModel, EncoderClassifier or path, default=None
        None uses the bundled model.

    Returns
    -------
    list of SentenceLabel
        One per sentence, in order; empty for empty or blank text. Sentences
        that open with a pronoun or a bare role ("He also raised ..."), or
        with a quotation whose speaker they name as no actor ("“We will
        respond,” he said."), take part of their side from the sentence
        before.

    Raises
    ------
    TypeError
        ``text`` is not a str (bytes, None, a list ...): the message names
        the function for a list of sentences, of readouts, or a file.

    Warns
    -----
    FileNameAsTextWarning
        ``text`` is the name of an existing file (no whitespace in it): it is
        labelled as that text; to read the file, pass
        ``classify_documents(Path(name))``.

    Notes
    -----
    Memory: each label of the list costs about 450 bytes plus its
    sentence's text, and one batch of ``BATCH_SIZE`` sentences is labelled
    at a time. On a text of N bytes (UTF-8), ``classify`` needs at most
    ``MEMORY_BOUND`` = 300 bytes per input byte + 100 MB above the loaded
    model; the worst case is a sentence every two bytes (a million
    one-letter lines: ~250 bytes a byte), an ordinary readout takes about 8,
    a 10 MB run without spaces about 5 (measured by ``python -m
    training.benchmark --memory``). A line or piece with no letter (a bare
    bullet, a rule, a number) is no sentence. For millions of sentences use
    the CLI (``stancelib classify FILE``), which writes labels as it makes
    them.

    Examples
    --------
    >>> labels = classify("Xi warned Biden not to cross a red line on Taiwan.")
    >>> labels[0].stance, labels[0].side
    ('warning', 'china')
    """
    if isinstance(text, os.PathLike):
        raise TypeError(f"text is a {type(text).__name__} ({os.fspath(text)!r}); classify() labels a str. To "
                        "label a file, read it: classify_documents(path) (header lines date:/source: read and "
                        "removed), or classify(path.read_text(encoding='utf-8'))")
    if not isinstance(text, (str, bytes, bytearray, Mapping)) and hasattr(text, "__iter__"):
        raise TypeError(f"text is a {type(text).__name__}; classify() labels one readout (a str). For a list of "
                        "sentences use classify_sentences(list); for a list of readouts, or of files "
                        "(pathlib.Path), classify_documents(list)")
    text = check_text(text, "text")
    if names_a_file(text, spaces=False):
        warn_file_name(text, "text", f"To read the file, pass classify_documents(Path({text!r})) (from pathlib)")
    return list(iter_classify(text, resolve_model(model)))


def classify_sentences(sentences: Iterable[str], *, model: "ReadoutClassifier | str | None" = None) -> list[SentenceLabel]:
    """Label each given sentence, without segmenting or reading context.

    Parameters
    ----------
    sentences : iterable of str
        One label is returned per item, in the same order. Blank strings get
        the model's prior, with confidence 0 (see :func:`ood_factor`).
    model : ReadoutClassifier, CompiledModel, EncoderClassifier or path, default=None
        None uses the bundled model.

    Returns
    -------
    list of SentenceLabel
        Same length and order as ``sentences``; each ``span`` is
        ``(0, len(sentence))``.

    Raises
    ------
    TypeError
        ``sentences`` is a single str, or an item is not a str.

    Examples
    --------
    >>> [l.stance for l in classify_sentences(["The two sides agreed to resume talks.",
    ...                                         "The call lasted ninety minutes."])]
    ['cooperation', 'neutral']
    """
    texts = _sentence_list(sentences, "classify_sentences")
    clf = resolve_model(model)
    return label_sentences(clf, texts, [(0, len(t)) for t in texts], documents=None)
