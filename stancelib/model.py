"""The readout classifier: one estimator, three heads over shared features.

:class:`ReadoutClassifier` follows the scikit-learn estimator API
(``fit``, ``predict``, ``predict_proba``, ``get_params``, ``clone``). Its input
is a sequence of sentences; its targets are the label fields of the
annotation guide. Every field gets its own linear head over the feature
blocks that help it:

- ``issue`` (multi-label): one logistic regression per code, a per-code
  threshold chosen on held-out folds, Platt-scaled probabilities, and two
  bars chosen there too: one every code beyond a sentence's first must
  clear, one ``relations`` must clear beside a more specific code;
- ``stance`` and ``side`` (single-label): one-vs-rest logistic regression
  with class weights, whose scores a softmax turns into probabilities,
  temperature-scaled on held-out folds.

The label sets are read from the training targets, never from code.
"""

from __future__ import annotations

import numbers
import warnings
from typing import TYPE_CHECKING, Any, Hashable, Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold
from sklearn.utils.validation import check_is_fitted

from ._inference import SIGMOID_CLIP, InferenceLogic, sigmoid, stack_blocks
from ._lexfeatures import FEATURE_REVISION
from ._manifest import ManifestMixin
from ._warnings import outside_stacklevel
from .calibration import (
    best_threshold,
    fit_class_offsets,
    fit_context_threshold,
    fit_second_threshold,
    fit_temperature,
)
from .config import MAX_SEED
from .features import ActorFeatures, CueFeatures, StaticEmbeddings, WordCharTfidf, as_texts
from .lexicon import tokenize
from .schema import LABEL_FIELDS, MULTI_LABEL_FIELDS, LabelSchema

if TYPE_CHECKING:  # pragma: no cover
    from .compiled import CompiledModel

__all__ = ["CalibrationSkippedWarning", "ReadoutClassifier", "targets_from_records"]

#: Which feature blocks each head reads, unless the caller says otherwise.
#: Chosen by leave-one-author-out (issue 12): the side head reads no stance cues (without them side
#: accuracy +0.008 and macro-F1 +0.008 on an unseen author) and keeps the actor block (without it
#: side accuracy -0.007). The stance head keeps its cue block: without it stance macro-F1 was only
#: +0.004, and reported-speech concerns ("He noted that the U.S. has taken ... to suppress China's
#: economy"), the real-text error issue 12 names first, fell back to neutral.
DEFAULT_HEAD_FEATURES: dict[str, tuple[str, ...]] = {
    "issue": ("word", "char", "issue_cues"),
    "stance": ("word", "char", "stance_cues"),
    "side": ("word", "char", "actors"),
}
#: Blocks fitted even when no head reads them: the word block holds the vocabulary (the
#: out-of-distribution factor) and the actor block finds the sentences that read the sentence before.
ALWAYS_FITTED_BLOCKS: tuple[str, ...] = ("word", "actors")
#: The heads that read the static word vectors when ``static_weight`` turns them on.
DEFAULT_STATIC_HEADS: tuple[str, ...] = ("issue", "stance", "side")
#: Parameters added after models were first saved, with the value a model
#: pickled without them had (their default, except ``second_code_rule`` and
#: ``normalize``, which models saved before they existed did not apply): a model pickled
#: without them loads with these, and a model that keeps them all at these
#: values pickles without them, byte for byte as before.
LATER_PARAMS: dict[str, Any] = {"static_weight": None, "static_dims": None, "static_heads": DEFAULT_STATIC_HEADS,
                                "class_offsets": None, "relations_rule": True, "second_code_rule": False,
                                "normalize": False}

#: Per single-label head, the figure its class offsets maximise on the
#: out-of-fold predictions, unless the caller says otherwise: none. Measured
#: by leave-one-author-out (``python -m training.decisions``, 18 authors),
#: offsets chosen on the other authors cost stance macro-F1 0.006 (0.788 to
#: 0.782) for +0.002 side accuracy (and -0.007 side macro-F1): a class prior
#: fitted to our authors does not carry over to an unseen voice.
DEFAULT_CLASS_OFFSETS: dict[str, str] = {}
#: The figures class offsets can maximise (see :func:`stancelib.calibration.fit_class_offsets`).
OFFSET_FIGURES: tuple[str, ...] = ("macro_f1", "accuracy")

#: The parameters whose values are tuples, which a JSON config or ``stancelib train --params`` can only give as
#: lists (``head_features`` too: a mapping of head to a tuple); see :func:`canonical_params`.
TUPLE_PARAMS: tuple[str, ...] = ("word_ngram_range", "char_ngram_range", "static_heads")


def canonical_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` (:class:`ReadoutClassifier` parameters) with the tuples given as lists made tuples.

    A JSON config or ``stancelib train --params`` gives ``word_ngram_range``
    as ``[1, 3]``, Python as ``(1, 3)``: the same model. The estimator pickles
    its parameters through this (and :func:`stancelib.train` fits with them),
    so the two give the same artifact. Other values, and the order of the
    keys, are kept.

    Examples
    --------
    >>> canonical_params({"C": 4, "word_ngram_range": [1, 3], "head_features": {"side": ["word", "actors"]}})
    {'C': 4, 'word_ngram_range': (1, 3), 'head_features': {'side': ('word', 'actors')}}
    """
    out = dict(params)
    for name in TUPLE_PARAMS:
        if isinstance(out.get(name), list):
            out[name] = tuple(out[name])
    features = out.get("head_features")
    if isinstance(features, Mapping) and any(isinstance(v, list) for v in features.values()):
        out["head_features"] = {k: tuple(v) if isinstance(v, list) else v for k, v in features.items()}
    return out


def _ngram_range(value: Any) -> tuple[int, int]:
    """A feature block's own copy of an n-gram range parameter, a new tuple whether it was given as a tuple or a
    list: a block never shares the estimator's parameter object, which would make the pickle (it records which
    objects are shared) depend on how the parameter was given."""
    lo, hi = value
    return (int(lo), int(hi))


def targets_from_records(records: Iterable[Mapping[str, Any]], fields: Sequence[str] | None = None) -> dict[str, list[Any]]:
    """Turn labelled records into the ``y`` that :meth:`ReadoutClassifier.fit` takes."""
    records = list(records)
    if fields is None:
        fields = LabelSchema.from_records(records).fields
    return {f: [r[f] for r in records] for f in fields}


_Y_SHAPES = ("y must be a mapping of field to labels (e.g. {'issue': [['taiwan'], ...], 'stance': ['warning', "
             "...]}), a pandas DataFrame with such columns, or a sequence of records (dicts with those keys)")


def check_targets(X: list[str], y: Any) -> tuple[LabelSchema, dict[str, list[Any]]]:
    """The label schema and per-field targets of ``y`` for ``X``, checked (a clear error for each problem).

    ``y`` is a mapping of field to labels, a pandas DataFrame with those
    columns, or a sequence of records. ``issue`` (multi-label) takes a list of
    codes per sentence, ``stance`` and ``side`` one code each; a bare string
    for ``issue``, or a list for ``stance``, is refused rather than read as
    something else.
    """
    if isinstance(y, (str, bytes)):
        raise TypeError(f"{_Y_SHAPES}; got a {type(y).__name__}")
    if hasattr(y, "columns") and hasattr(y, "to_dict"):  # a pandas DataFrame: its columns are the fields
        targets = {str(k): list(y[k]) for k in y.columns}
    elif isinstance(y, Mapping):
        targets = {k: list(v) for k, v in y.items()}
    else:
        try:
            rows = list(y)
        except TypeError:
            raise TypeError(f"{_Y_SHAPES}; got a {type(y).__name__}") from None
        bad = next((r for r in rows if not isinstance(r, Mapping)), None)
        if bad is not None:
            hint = " (for one field's labels, pass {'stance': y})" if isinstance(bad, str) else ""
            raise TypeError(f"{_Y_SHAPES}; got a sequence of {type(bad).__name__}{hint}")
        targets = targets_from_records(rows)
    unknown = set(targets) - set(LABEL_FIELDS)
    if unknown:
        raise ValueError(f"Unknown label field(s) {sorted(unknown)}; expected some of {', '.join(LABEL_FIELDS)}")
    if not targets:
        raise ValueError("y has no label field; expected issue, stance and/or side")
    for name, values in targets.items():
        if len(values) != len(X):
            raise ValueError(f"y[{name!r}] has {len(values)} labels for {len(X)} texts")
        for i, v in enumerate(values):
            if name in MULTI_LABEL_FIELDS and (isinstance(v, (str, bytes)) or not isinstance(v, Iterable)):
                raise TypeError(f"y[{name!r}][{i}] is a {type(v).__name__} ({v!r}); {name} is multi-label: give a "
                                "list of codes per sentence" + (f", e.g. [{v!r}]" if isinstance(v, str) else ""))
            if name not in MULTI_LABEL_FIELDS and not isinstance(v, str):
                raise TypeError(f"y[{name!r}][{i}] is a {type(v).__name__} ({v!r}); {name} takes one code (a str) "
                                "per sentence")
            if name in MULTI_LABEL_FIELDS:
                # a code that is not a str (1, None) would become the label '1' or 'None', which no training
                # row matches: its regression learns "never", and the model could never predict it
                values[i] = v = list(v)
                bad = [c for c in v if not isinstance(c, str)]
                if bad:
                    code = bad[0]
                    fix = ("give [] for a sentence with no code" if code is None
                           else f"give codes as str, e.g. [{str(code)!r}]")
                    raise TypeError(f"y[{name!r}][{i}] holds a {type(code).__name__} code ({code!r}) in {v!r}; "
                                    f"{name} codes are str: {fix}")
    records = [{k: targets[k][i] for k in targets} for i in range(len(X))]
    schema = LabelSchema.from_records(records)
    for name in schema.fields:
        if not schema.is_multi_label(name) and len(schema.labels[name]) < 2:
            raise ValueError(f"Field {name!r} has a single label {schema.labels[name]}; a head needs at least two")
        if schema.is_multi_label(name) and not schema.labels[name]:
            # a head with no code fits, then cannot give a sentence its (never empty) set of codes
            raise ValueError(f"Field {name!r} has no code in any of the {len(X)} sentences (every list is empty); "
                             f"a head needs at least one: give the sentences their codes, or leave {name!r} out of y")
    return schema, targets


def _drop_process_state(estimator: Any) -> None:
    """Remove what a fitted vectorizer keeps about this process only.

    ``TfidfVectorizer`` remembers ``id(stop_words)``, a memory address that
    differs between runs and would make the pickled model differ too.
    """
    for obj in (estimator, getattr(estimator, "vectorizer_", None)):
        if obj is not None:
            vars(obj).pop("_stop_words_id", None)


#: liblinear's stopping tolerance for each head's regressions: ten times scikit-learn's default
#: (1e-4). The dual solver stops about a fifth sooner, and all but a handful of predictions
#: are those of the tighter optimum (issue 12, twenty-fifth round: leave one author out, 5 of
#: 23,523 sentences changed any label; docs/design-choices.md).
LIBLINEAR_TOL = 1e-3

#: liblinear's stopping tolerance for the calibration folds' heads, whose out-of-fold scores only
#: choose the decision rules (thresholds, bars, Platt scaling, temperatures): ten times the final
#: fit's. A fold is solved about a fifth sooner, and on unseen authors the rules it gives label
#: all but 5 of 24,380 sentences as before (issue 12, twenty-seventh round; docs/design-choices.md).
CALIBRATION_TOL = 1e-2


def _fit_head(X: sp.csr_matrix, Y: np.ndarray, C: float, class_weight: Any, random_state: Any,
              tolerate: bool = False, tol: float = LIBLINEAR_TOL) -> tuple[np.ndarray, np.ndarray] | None:
    """One head's coefficients and biases: a binary logistic regression per column of ``Y``.

    One-vs-rest, solved in the dual (to ``tol``: :data:`LIBLINEAR_TOL` for the
    model, :data:`CALIBRATION_TOL` for a calibration fold): with far more
    n-gram features than sentences that is many times faster than the primal
    or lbfgs, for the same optimum. A label always or never present gets no
    weights and a bias that clips its probability to 1 or 0. With
    ``tolerate``, a fit that fails returns None (a calibration fold), else the
    error propagates.
    """
    coef = np.zeros((Y.shape[1], X.shape[1]))
    bias = np.zeros(Y.shape[1])
    try:
        for j in range(Y.shape[1]):
            if Y[:, j].min() == Y[:, j].max():
                bias[j] = SIGMOID_CLIP if Y[0, j] else -SIGMOID_CLIP
                continue
            m = LogisticRegression(C=C, solver="liblinear", dual=True, class_weight=class_weight, max_iter=2000,
                                   tol=tol, random_state=random_state)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                m.fit(X, Y[:, j])
            coef[j] = m.coef_[0]
            bias[j] = m.intercept_[0]
    except ValueError:
        if tolerate:
            return None
        raise
    return coef, bias


class ReadoutClassifier(ManifestMixin, InferenceLogic, BaseEstimator):
    """Label readout sentences with issues, stance and side.

    Parameters
    ----------
    word_ngram_range : tuple of int, default=(1, 2)
        Word n-gram sizes of the TF-IDF word block (over
        :func:`stancelib.lexicon.tokenize`'s tokens).
    char_ngram_range : tuple of int or None, default=(2, 5)
        Character n-gram sizes of each word (see
        :class:`stancelib.features.WordCharTfidf`); None drops the block.
    min_df : int or float, default=2
        Minimum document frequency of an n-gram: an int is the number of
        training sentences it must occur in, a float in (0, 1] a share of
        them (scikit-learn's meaning, so ``1.0`` keeps only the n-grams of
        every sentence, usually none, and ``fit`` fails with scikit-learn's
        "no terms remain"; to keep every n-gram pass the int ``1``).
        Leave-one-author-out (41 authors, ``--quick``), 3 against 2: issue
        micro-F1 0.8288 against 0.8305, stance and side unchanged, a third
        fewer terms; so 2.
    C : float or mapping of str to float, default=None
        Inverse regularisation strength of the heads: one value for all, or
        one per field. None uses ``{"issue": 8.0, "stance": 2.0, "side": 2.0}``.
    head_features : mapping of str to tuple of str, default=None
        Feature blocks (``"word"``, ``"char"``, ``"stance_cues"``,
        ``"issue_cues"``, ``"actors"``, and ``"static"`` when
        ``static_weight`` is set) each head reads. None uses
        ``DEFAULT_HEAD_FEATURES``; a head not named keeps its default
        blocks. A block no head reads is not fitted, except
        ``ALWAYS_FITTED_BLOCKS`` (the vocabulary and the sentence-before
        context need them). An unknown head or block, a block the other
        parameters leave out (``"char"`` with ``char_ngram_range=None``,
        ``"static"`` without ``static_weight``) or an empty tuple is
        refused by ``fit``.
    class_weight : {"balanced", None} or mapping of {0, 1} to float, default="balanced"
        Class weights of the binary one-vs-rest logistic regressions that
        make up every head (one per issue code, stance and side), as
        scikit-learn's ``LogisticRegression`` takes them. ``"balanced"``
        weighs, in each regression, the sentences with the label and the
        others by the inverse of their frequency; a mapping
        ``{0: w_rest, 1: w_label}`` applies the same two weights to every
        regression of every head (``{1: 2.0}`` counts the sentences with
        each label twice). Weights per label (``{"warning": 2.0}``) are not
        supported, and refused.
    cv : int, default=5
        Folds (grouped by the ``groups`` given to ``fit``: documents, or
        authors, see :func:`stancelib.train`'s ``calibrate_by``) whose
        out-of-fold predictions choose the decision rules (issue thresholds,
        the ``relations`` and second-code bars, class offsets) and calibrate
        probabilities; 0 or 1 skips it (thresholds 0.5, no calibration).
        With fewer than 2 groups (one document), or when no fold can be
        fitted, ``fit`` skips it too and says so with a
        :class:`CalibrationSkippedWarning`.
    class_offsets : mapping of str to str, default=None
        Per single-label head, the figure (``"macro_f1"`` or ``"accuracy"``)
        that per-class score offsets (class priors) are chosen to maximise on
        the out-of-fold predictions of the calibration folds; a head not
        named gets none. None uses ``DEFAULT_CLASS_OFFSETS``; ``{}`` turns
        them off. ``issue`` (multi-label, with per-code thresholds), an
        unknown head or figure is refused by ``fit``. See
        :func:`stancelib.calibration.fit_class_offsets`.
    relations_rule : bool, default=True
        Choose, on the out-of-fold predictions, the higher bar a relationship
        code (``relations``) must clear beside a more specific code (see
        :func:`stancelib.calibration.fit_context_threshold`).
    second_code_rule : bool, default=True
        Choose, on the out-of-fold predictions, the bar every issue code
        beyond a sentence's first must also clear (see
        :func:`stancelib.calibration.fit_second_threshold`). Measured by
        leave-one-author-out (``python -m training.decisions``, 41 authors),
        the bar chosen on the other authors raises issue micro-F1 from
        0.8309 to 0.8346 and the exact issue-set match from 0.720 to 0.735,
        with 16% fewer false-positive codes.
    context_weight : float, default=0.5
        When documents are given to ``predict_proba``, the weight of the
        previous sentence's side for a sentence that opens with a pronoun or
        a bare role ("He ...", "The Secretary ..."), or with a quotation whose
        speaker it names as no actor ("“We will respond,” he said."); see
        :func:`stancelib._inference.reads_sentence_before`.
    random_state : int, default=0
        Seed of everything random in a fit: the solver of every head's
        regressions (of the final fit and of the calibration folds) and,
        when ``fit`` gets no ``groups``, the shuffling of the calibration
        folds. A whole number in ``0 .. 2**32 - 1``; a
        ``numpy.random.RandomState`` or None is refused by ``fit``: the
        heads would draw from one generator in turn, so the model would
        depend on ``n_jobs``, or differ from fit to fit.
    static_weight : float or None, default=None
        Adds the ``"static"`` block (:class:`stancelib.features.StaticEmbeddings`:
        the normalised sum of the sentence's static word vectors distilled
        from all-MiniLM-L6-v2, no torch needed) with this length; None
        (the default) leaves it out. Leave-one-author-out (18 authors,
        ``--quick``), against the default recipe's issue micro-F1 0.804,
        stance macro-F1 0.788, side accuracy 0.842 (0.8037 / 0.7876 /
        0.8424): with ``static_weight=1.0, static_dims=64`` on every head
        (``training/static_config.json``) 0.8027 / 0.7877 / 0.8448, i.e.
        issue -0.0010, stance +0.0001, side +0.0024 (side macro-F1
        0.774 to 0.776). No gain on issue or stance, so it stays off; it
        adds ~5 MB to the artifact (the table in the estimator and in the
        export) and ~4% to prediction time.
    static_dims : int or None, default=None
        The table's first columns the block keeps (None: all of them).
    static_heads : tuple of str, default=("issue", "stance", "side")
        The heads that read the static block, when it is on.
    normalize : bool, default=True
        Compute every feature, in ``fit`` and in prediction, from
        :func:`stancelib.lexicon.normalize_text` of each sentence: invisible
        format characters removed, accents and compatibility forms folded,
        ``"US"`` read as ``"U.S."``, an opening news dateline
        (``"WASHINGTON (Reuters) - "``), a courtesy title before a name
        (``"Mr. Xi"``) and a news outlet's attribution opening or closing the
        sentence (``", Reuters reported."``) dropped. Real pages differ in
        these ways and their labels do not; without it, 20% of held-out
        corpus sentences changed side when a Reuters dateline was put before
        them, 11% when ", Reuters reported." was put after them, and 6%
        changed stance when a soft hyphen was put inside two of their words
        (``python -m training.robustness``). A model saved before this
        parameter existed reads texts as given (False); one saved before
        feature revision 3 read titles and attributions as given, and warns
        on loading.

    Attributes
    ----------
    schema_ : LabelSchema
        The label sets, read from ``y`` in ``fit``.
    classes_ : dict of str to ndarray
        Labels of each head, in the order of ``predict_proba``'s columns.
    thresholds_ : ndarray
        Per-issue decision thresholds on calibrated probabilities.
    context_threshold_ : float or None
        The bar ``relations`` must clear beside a more specific code; None:
        none.
    second_threshold_ : float or None
        The bar every issue code beyond a sentence's first must also clear;
        None: none.
    class_offsets_ : dict of str to ndarray
        Per single-label head, the per-class offsets added to its scores
        (already folded into ``intercept_``).
    cv_metrics_ : dict
        Out-of-fold metrics from the calibration folds.
    max_sentence_tokens_ : int
        Tokens of the longest training sentence; confidence falls for longer
        input (see :func:`stancelib.api.ood_factor`).
    feature_revision_ : int
        The feature revision of the stancelib that computed the features it
        was trained on (``FEATURE_REVISION`` when ``fit`` ran; see
        :class:`stancelib.persist.ModelFeatureWarning`). It is not pickled,
        so that a fit pickles to the same bytes as before it existed: the
        manifest records it, :func:`stancelib.load_model` sets it from the
        manifest, and :func:`stancelib.persist.save_model` writes it. A
        model unpickled from a bare file has none.

    Notes
    -----
    **Tuples given as lists.** ``word_ngram_range``, ``char_ngram_range``,
    ``static_heads`` and the values of ``head_features`` may be given as
    lists, as a JSON config or ``stancelib train --params`` gives them: the
    model predicts the same and pickles to the same bytes (the same artifact)
    as with tuples. ``get_params`` returns them as given.

    **scikit-learn compatibility.** The estimator API works as scikit-learn
    expects where the targets allow it: ``get_params``/``set_params``,
    :func:`sklearn.base.clone`, an error for an unknown parameter,
    pickling, and ``GridSearchCV``/``cross_validate`` given a ``scoring``
    callable and ``y`` as a list of records (indexable by row, as the
    splitters need). It departs from the classifier conventions, because
    it predicts three fields at once, one of them multi-label:

    - ``predict`` and ``predict_proba`` return a dict of field to labels
      (or probabilities), not one array;
    - there is no ``score`` method, so ``cross_validate`` and
      ``GridSearchCV`` need ``scoring``;
    - ``sklearn.base.is_classifier`` is False (a classifier would be split
      by ``StratifiedKFold``, which cannot read these targets);
    - the feature names are ``feature_names_out()``, not
      ``get_feature_names_out()`` (it is no transformer);
    - its tags say the input is text (``input_tags.string``) and ``y`` is
      required (``target_tags.required``); scikit-learn's
      ``parametrize_with_checks`` does not apply (its checks feed numeric
      arrays and one-column targets), and is run on the feature blocks
      instead.

    Cross-validating stance macro-F1, grouped by document:

    .. code-block:: python

        from sklearn.metrics import f1_score
        from sklearn.model_selection import GroupKFold, cross_validate

        def stance_macro_f1(clf, X, records):
            truth = [r["stance"] for r in records]
            return f1_score(truth, clf.predict(X)["stance"], average="macro")

        records = [{"issue": r["issue"], "stance": r["stance"], "side": r["side"]} for r in rows]
        cross_validate(ReadoutClassifier(), texts, records, groups=doc_ids,
                       cv=GroupKFold(5), scoring=stance_macro_f1)

    Examples
    --------
    >>> X = ["Xi warned against arms sales to Taiwan.", "The two sides agreed to resume talks on climate."] * 4
    >>> y = {"issue": [["taiwan"], ["climate"]] * 4, "stance": ["warning", "cooperation"] * 4,
    ...      "side": ["china", "joint"] * 4}
    >>> clf = ReadoutClassifier(cv=0, min_df=1).fit(X, y)
    >>> clf.predict(["Beijing warned Washington over Taiwan."])["stance"][0]
    'warning'
    """

    def __init__(
        self,
        *,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = (2, 5),
        min_df: int = 2,
        C: float | Mapping[str, float] | None = None,
        head_features: Mapping[str, tuple[str, ...]] | None = None,
        class_weight: str | None = "balanced",
        cv: int = 5,
        class_offsets: Mapping[str, str] | None = None,
        relations_rule: bool = True,
        second_code_rule: bool = True,
        context_weight: float = 0.5,
        random_state: int = 0,
        static_weight: float | None = None,
        static_dims: int | None = None,
        static_heads: tuple[str, ...] = DEFAULT_STATIC_HEADS,
        normalize: bool = True,
    ):
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.C = C
        self.head_features = head_features
        self.class_weight = class_weight
        self.cv = cv
        self.class_offsets = class_offsets
        self.relations_rule = relations_rule
        self.second_code_rule = second_code_rule
        self.context_weight = context_weight
        self.random_state = random_state
        self.static_weight = static_weight
        self.static_dims = static_dims
        self.static_heads = static_heads
        self.normalize = normalize

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True  # sentences (as_texts also joins the rows of a 2-d array)
        tags.target_tags.required = True
        return tags

    def __getstate__(self) -> dict[str, Any]:
        # predicting sets the vectorizers' memory address of their stop words again (fit drops it):
        # drop it once more, so that a model pickles to the same bytes after use as before, in any process
        for block in (getattr(self, "blocks_", None) or {}).values():
            _drop_process_state(block)
        # tuples given as lists (a JSON config's) pickle as tuples: the same model, the same bytes
        state = canonical_params(super().__getstate__())
        for name, default in LATER_PARAMS.items():
            if name in state and state[name] == default:
                del state[name]
        # the revision lives in the manifest beside the pickle (load_model sets it from there): in the pickle
        # it would change the bytes of every fit, the bundled model's included, from those of earlier releases
        state.pop("feature_revision_", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__({**LATER_PARAMS, **state})

    def __deepcopy__(self, memo: dict[int, Any]) -> "ReadoutClassifier":
        # as copy.deepcopy does by default (through __getstate__ and __setstate__), plus the revision that
        # __getstate__ leaves out: a copy is the same model, trained under the same revision
        import copy

        new = type(self).__new__(type(self))
        memo[id(self)] = new
        new.__setstate__(copy.deepcopy(self.__getstate__(), memo))
        if hasattr(self, "feature_revision_"):
            new.feature_revision_ = self.feature_revision_
        return new

    # ------------------------------------------------------------------ fit
    def _blocks(self) -> dict[str, Any]:
        blocks: dict[str, Any] = {
            "word": TfidfVectorizer(
                ngram_range=_ngram_range(self.word_ngram_range), min_df=self.min_df, sublinear_tf=True,
                tokenizer=tokenize, token_pattern=None, lowercase=False, dtype=np.float32,
            ),
        }
        if self.char_ngram_range is not None:
            blocks["char"] = WordCharTfidf(ngram_range=_ngram_range(self.char_ngram_range), min_df=self.min_df,
                                           max_features=60000, sublinear_tf=True)
        blocks["stance_cues"] = CueFeatures(groups=("stance",))
        blocks["issue_cues"] = CueFeatures(groups=("issue",))
        blocks["actors"] = ActorFeatures()
        if self.static_weight is not None:
            blocks["static"] = StaticEmbeddings(dims=self.static_dims, weight=float(self.static_weight))
        return blocks

    def _check_params(self) -> None:
        """Refuse a parameter of the wrong type or range before anything is fitted, naming it and what it takes."""
        def is_int(v: Any) -> bool:
            return isinstance(v, numbers.Integral) and not isinstance(v, bool)

        def is_positive(v: Any) -> bool:
            return isinstance(v, numbers.Real) and not isinstance(v, bool) and v > 0

        for name in ("word_ngram_range", "char_ngram_range"):
            value = getattr(self, name)
            if value is None and name == "char_ngram_range":
                continue
            if not (isinstance(value, (tuple, list)) and len(value) == 2 and all(is_int(v) for v in value)
                    and 1 <= value[0] <= value[1]):
                raise ValueError(f"{name} must be two ints (lo, hi) with 1 <= lo <= hi, got {value!r}"
                                 + (" (or None to drop the block)" if name == "char_ngram_range" else ""))
        if not (is_int(self.min_df) and self.min_df >= 1
                or isinstance(self.min_df, float) and 0.0 < self.min_df <= 1.0):
            raise ValueError(f"min_df must be an int >= 1 (sentences) or a float in (0, 1] (a share), got {self.min_df!r}")
        if isinstance(self.C, Mapping):
            unknown = sorted(set(self.C) - set(LABEL_FIELDS))
            if unknown:
                raise ValueError(f"C names unknown head(s) {unknown}; the heads are {', '.join(LABEL_FIELDS)}")
            bad = {k: v for k, v in self.C.items() if not is_positive(v)}
            if bad:
                raise ValueError(f"C must map each head to a positive number, got {bad!r}")
        elif self.C is not None and not is_positive(self.C):
            raise ValueError(f"C must be a positive number, a mapping of head to one, or None, got {self.C!r}")
        if not (is_int(self.random_state) and 0 <= self.random_state <= MAX_SEED):
            # a RandomState is drawn from by each head in turn, in this process, but copied into each worker
            # process: the model would depend on n_jobs; None would make every fit another model
            raise ValueError(f"random_state must be a whole number in 0..{MAX_SEED} (the seed of every head's solver "
                             f"and of the fold shuffling), got {self.random_state!r}; a RandomState or None would "
                             "make the model depend on n_jobs, or differ from fit to fit")
        if not (is_int(self.cv) and self.cv >= 0):
            raise ValueError(f"cv must be an int >= 0 (0 or 1 skips the calibration folds), got {self.cv!r}")
        if self.class_weight not in ("balanced", None) and not isinstance(self.class_weight, Mapping):
            raise ValueError(f"class_weight must be 'balanced', None or a mapping, got {self.class_weight!r}")
        if isinstance(self.class_weight, Mapping):
            # every head is a set of binary one-vs-rest regressions, whose classes are 0 and 1 whatever the labels
            labels = [k for k in self.class_weight if not (is_int(k) and k in (0, 1))]
            if labels:
                raise ValueError(
                    f"class_weight names {labels!r}, but a mapping weighs the two classes of every one-vs-rest "
                    "regression of every head: {0: weight of the other sentences, 1: weight of the sentences "
                    "with the label}, e.g. {1: 2.0}; a weight per label (stance 'warning', side 'china') cannot be "
                    "given: use class_weight='balanced' (the default), which weighs each label by its rarity")
            bad = {k: v for k, v in self.class_weight.items() if not is_positive(v)}
            if bad:
                raise ValueError(f"class_weight must map 0 and/or 1 to a positive number, got {bad!r}")
        self._check_head_features()
        self._check_class_offsets()
        if not (isinstance(self.context_weight, numbers.Real) and not isinstance(self.context_weight, bool)
                and 0.0 <= self.context_weight <= 1.0):
            raise ValueError(f"context_weight must be a number in [0, 1], got {self.context_weight!r}")
        if self.static_weight is not None and not is_positive(self.static_weight):
            raise ValueError(f"static_weight must be a positive number or None, got {self.static_weight!r}")
        if self.static_dims is not None and not (is_int(self.static_dims) and self.static_dims >= 1):
            raise ValueError(f"static_dims must be an int >= 1 or None, got {self.static_dims!r}")
        heads = (self.static_heads,) if isinstance(self.static_heads, str) else self.static_heads
        unknown = sorted(set(map(str, heads)) - set(LABEL_FIELDS)) if isinstance(heads, (tuple, list)) else None
        if unknown is None or unknown:
            raise ValueError(f"static_heads must be a tuple of heads ({', '.join(LABEL_FIELDS)}), got "
                             f"{self.static_heads!r}" + (f": unknown {unknown}" if unknown else ""))

    def _block_names(self) -> tuple[str, ...]:
        """The feature blocks this model's parameters make, by name (see :meth:`_blocks`)."""
        return ("word", *(("char",) if self.char_ngram_range is not None else ()), "stance_cues", "issue_cues",
                "actors", *(("static",) if self.static_weight is not None else ()))

    def _check_head_features(self) -> None:
        """Refuse a ``head_features`` that names an unknown head or block, or gives a head no block."""
        if self.head_features is None:
            return
        example = "e.g. {'stance': ('word', 'char', 'stance_cues')}"
        if not isinstance(self.head_features, Mapping):
            raise ValueError(f"head_features must be a mapping of head to a tuple of feature blocks, {example}, or "
                             f"None, got {self.head_features!r}")
        blocks = self._block_names()
        for head, names in self.head_features.items():
            if head not in LABEL_FIELDS:
                raise ValueError(f"head_features names unknown head {head!r}{_did_you_mean(head, LABEL_FIELDS)}; "
                                 f"the heads are {', '.join(LABEL_FIELDS)}")
            if isinstance(names, str) or not isinstance(names, (tuple, list)):
                hint = f" (for one block: ({names!r},))" if isinstance(names, str) else ""
                raise ValueError(f"head_features[{head!r}] must be a tuple of feature blocks, {example}, got "
                                 f"{names!r}{hint}")
            if not names:
                raise ValueError(f"head_features[{head!r}] is empty; a head needs at least one feature block of "
                                 f"{', '.join(blocks)}")
            for name in names:
                if name == "static" and self.static_weight is None:
                    raise ValueError(f"head_features[{head!r}] names 'static', which static_weight=None leaves out: "
                                     "set static_weight (e.g. 1.0) or drop 'static'")
                if name == "char" and self.char_ngram_range is None:
                    raise ValueError(f"head_features[{head!r}] names 'char', which char_ngram_range=None leaves out: "
                                     "set char_ngram_range (e.g. (2, 5)) or drop 'char'")
                if name not in blocks:
                    raise ValueError(f"head_features[{head!r}] names unknown feature block {name!r}"
                                     f"{_did_you_mean(name, blocks)}; the blocks are {', '.join(blocks)}")

    def _check_class_offsets(self) -> None:
        """Refuse a ``class_offsets`` that names a head without class offsets, or an unknown figure."""
        if self.class_offsets is None:
            return
        single = tuple(f for f in LABEL_FIELDS if f not in MULTI_LABEL_FIELDS)
        if not isinstance(self.class_offsets, Mapping):
            raise ValueError("class_offsets must be a mapping of single-label head to the figure its offsets "
                             "maximise, e.g. {'stance': 'macro_f1'}, {} for none, or None for the default, got "
                             f"{self.class_offsets!r}")
        for head, figure in self.class_offsets.items():
            if head in MULTI_LABEL_FIELDS:
                raise ValueError(f"class_offsets names {head!r}, a multi-label head, which takes no class offsets "
                                 f"(each code has its own threshold); name {' and/or '.join(single)}")
            if head not in single:
                raise ValueError(f"class_offsets names unknown head {head!r}{_did_you_mean(head, single)}; the "
                                 f"heads with class offsets are {', '.join(single)}")
            if figure is not None and figure not in OFFSET_FIGURES:
                raise ValueError(f"class_offsets[{head!r}] must be one of {', '.join(map(repr, OFFSET_FIGURES))} "
                                 f"(or None for none), got {figure!r}{_did_you_mean(figure, OFFSET_FIGURES)}")

    def _head_C(self, field: str) -> float:
        defaults = {"issue": 8.0, "stance": 2.0, "side": 2.0}
        if self.C is None:
            return defaults.get(field, 2.0)
        if isinstance(self.C, Mapping):
            return float(self.C.get(field, defaults.get(field, 2.0)))
        return float(self.C)

    def _fit_blocks(self, texts: list[str], schema: LabelSchema) -> dict[str, Any]:
        """Fit the feature blocks on ``texts``: the blocks, their matrices, the
        blocks' column offsets and the blocks each head reads."""
        blocks = self._blocks()
        head_features = dict(DEFAULT_HEAD_FEATURES)
        if self.head_features:
            head_features.update(self.head_features)
        if "static" in blocks:
            for field in self.static_heads:
                if field in head_features and "static" not in head_features[field]:
                    head_features[field] = (*head_features[field], "static")
        # a block no head reads is not fitted (it would only cost time at inference), except the
        # word block (the model's vocabulary) and the actor block (the sentence-before context)
        used = {b for field in schema.fields for b in head_features[field]} | set(ALWAYS_FITTED_BLOCKS)
        blocks = {name: block for name, block in blocks.items() if name in used}
        mats = {}
        for name, block in blocks.items():
            try:
                mats[name] = sp.csr_matrix(block.fit_transform(texts), dtype=np.float32)
            except ValueError as exc:  # scikit-learn's words ("max_df corresponds to < documents than min_df")
                raise ValueError(self._block_error(name, len(texts), exc)) from exc
            _drop_process_state(block)
        offsets, start = {}, 0
        for name in blocks:
            offsets[name] = (start, start + mats[name].shape[1])
            start += mats[name].shape[1]
        return {
            "blocks": blocks,
            "mats": mats,
            "offsets": offsets,
            "head_features": {f: tuple(b for b in head_features[f] if b in blocks) for f in schema.fields},
        }

    def _block_error(self, name: str, n: int, exc: ValueError) -> str:
        """What went wrong when feature block ``name`` could not be fitted on ``n`` sentences, in this model's
        parameters' words (scikit-learn's vectorizers name neither the parameter nor the data)."""
        what = {"word": "word n-grams", "char": "character n-grams"}.get(name)
        said = str(exc)
        if what is not None and "max_df corresponds to < documents than min_df" in said:
            return (f"min_df={self.min_df!r} keeps only the {what} found in at least {self.min_df} sentences, but "
                    f"there are {n} training sentences; lower min_df (the default is 2; 1 keeps every n-gram) or "
                    "give more sentences")
        if what is not None and "no terms remain" in said:
            share = f"{self.min_df}" if isinstance(self.min_df, numbers.Integral) else f"{self.min_df:.0%}"
            return (f"No {what[:-1]} occurs in at least {share} of the {n} training sentences (min_df="
                    f"{self.min_df!r}), so the {name!r} feature block has no feature; lower min_df (1 keeps every "
                    "n-gram) or give more sentences")
        if what is not None and "empty vocabulary" in said:
            return (f"None of the {n} training sentences holds a word the {name!r} feature block reads (letters or "
                    "digits); give sentences with words")
        return f"The {name!r} feature block could not be fitted on the {n} training sentences: {said}"

    def _fit_fold_blocks(self, texts: list[str], schema: LabelSchema, rows: np.ndarray) -> dict[str, Any] | None:
        """:meth:`_fit_blocks` on a calibration fold's training rows; None if they cannot make the blocks
        (an empty vocabulary), which leaves the fold's held-out sentences unscored."""
        try:
            return self._fit_blocks([texts[i] for i in rows], schema)
        except ValueError:
            return None

    def _head_task(self, part: Mapping[str, Any], schema: LabelSchema, field: str, values: Sequence[Any],
                   fold: bool):
        """The call that fits ``field``'s head on a part's blocks (``values``: the part's labels of ``field``).
        A calibration ``fold``'s head is solved to :data:`CALIBRATION_TOL` and may fail (its fold is then
        left unscored); the final fit's is solved to :data:`LIBLINEAR_TOL`, and its failure raises."""
        Xh = sp.hstack([part["mats"][b] for b in part["head_features"][field]], format="csr")
        labels = schema.labels[field]
        if schema.is_multi_label(field):
            Y = np.array([[code in set(v) for code in labels] for v in values], dtype=int)
        else:
            yv = [str(v) for v in values]
            Y = np.array([[v == code for code in labels] for v in yv], dtype=int)
        return delayed(_fit_head)(Xh, Y, self._head_C(field), self.class_weight, self.random_state, tolerate=fold,
                                  tol=CALIBRATION_TOL if fold else LIBLINEAR_TOL)

    @staticmethod
    def _state(part: Mapping[str, Any], schema: LabelSchema, heads: Mapping[str, tuple[np.ndarray, np.ndarray]]
               ) -> dict[str, Any]:
        """A fitted state (blocks, offsets, weights) from a part's blocks and its heads' coefficients."""
        offsets = part["offsets"]
        n_total = max(hi for _, hi in offsets.values())
        weights, biases = [], []
        for field in schema.fields:
            coef, bias = heads[field]
            full = np.zeros((coef.shape[0], n_total))
            col = 0
            for b in part["head_features"][field]:
                lo, hi = offsets[b]
                full[:, lo:hi] = coef[:, col:col + hi - lo]
                col += hi - lo
            weights.append(full)
            biases.append(bias)
        W = np.vstack(weights)
        return {
            "blocks": part["blocks"],
            "offsets": offsets,
            "head_features": part["head_features"],
            "W": np.ascontiguousarray(W.T, dtype=np.float32),
            "b": np.concatenate(biases),
        }

    def fit(self, X: Iterable[str], y: Any, groups: Sequence[Hashable] | None = None, *,
            progress: bool = False, n_jobs: int | None = None) -> "ReadoutClassifier":
        """Fit the feature blocks and the heads.

        A model that was loaded (or saved by ``train(out=...)``) is no longer
        named after its file once refitted: ``fit`` drops its ``manifest_``
        (as ``set_params`` does), and :func:`stancelib.persist.model_id` names
        it by its state. A fit that raises (or is interrupted) changes
        nothing: the estimator keeps its earlier fit, or stays unfitted.

        Parameters
        ----------
        X : iterable of str
            Sentences.
        y : mapping of str to sequence, pandas DataFrame, or sequence of mappings
            Labels per field (a mapping's keys, a DataFrame's columns, or
            each record's keys): ``issue`` as a list of codes per sentence,
            ``stance`` and ``side`` as one code (a str) each. Fields absent
            from ``y`` get no head. A bare str where a list of codes belongs
            (or a list where one code belongs) is refused, naming the row.
        groups : sequence of hashable, default=None
            Document (or author) of each sentence, so that calibration folds
            never split one.
        progress : bool, default=False
            Show a progress bar (on standard error) over the heads of the
            final fit and of the calibration folds.
        n_jobs : int, default=None
            Worker processes for the fit: they make the calibration folds'
            feature blocks while this process makes the final model's, then
            fit the heads of every fit, the costliest first (joblib's
            meaning: None runs everything here, -1 uses every core). The
            fitted model is the same bit for bit whatever the number; only
            the time changes. A fit-time setting, not a parameter of the
            model, so it is not saved with it.

        Returns
        -------
        self : ReadoutClassifier
        """
        self._fit(X, y, groups, progress, n_jobs)
        return self

    def fit_cross_val_proba(self, X: Iterable[str], y: Any, groups: Sequence[Hashable] | None = None, *,
                            progress: bool = False, n_jobs: int | None = None) -> dict[str, np.ndarray]:
        """Fit, and return each sentence's calibrated probabilities from the
        calibration fold that held it out.

        Parameters are those of :meth:`fit` (``cv`` must be 2 or more). Rows
        no fold could score (a fold whose training rows could not make the model) are NaN.

        Returns
        -------
        dict of str to ndarray
            Per head, an array of shape (len(X), number of labels), columns in
            ``classes_`` order, like :meth:`predict_proba` (without context).
        """
        if not self.cv or self.cv < 2:
            raise ValueError(f"fit_cross_val_proba needs cv >= 2, got cv={self.cv}")
        oof, covered = self._fit(X, y, groups, progress, n_jobs)
        if not covered.any():
            raise ValueError("No calibration fold could be made: fit_cross_val_proba needs two or more groups")
        proba = self._calibrated(oof, self.schema_)
        for p in proba.values():
            p[~covered] = np.nan
        return proba

    def _fit(self, X: Iterable[str], y: Any, groups: Sequence[Hashable] | None, progress: bool,
             n_jobs: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Fit, and return the out-of-fold scores and which rows a calibration fold scored.

        The fit runs on a new estimator with this one's parameters, whose
        fitted attributes this one takes at the end, all at once: a fit that
        raises, or is interrupted (Ctrl-C), leaves this estimator as it was,
        fitted or not, with its manifest. (A fit that assigned as it went
        left a refitted model with the new labels on the old weights.)
        """
        self._check_params()
        params = self.get_params(deep=False)
        work = type(self).__new__(type(self))
        # the parameters themselves (the same objects, in the same order), so the fitted state is this estimator's
        vars(work).update({k: v for k, v in vars(self).items() if k in params})
        oof, covered = work._fit_here(X, y, groups, progress, n_jobs)
        fitted = {k: v for k, v in vars(work).items() if k not in params}
        vars(self).update(fitted)  # one call: the fitted attributes arrive together (in the order they were made)
        self._forget_manifest()  # the model is no longer the one a loaded manifest names
        return oof, covered

    def _fit_here(self, X: Iterable[str], y: Any, groups: Sequence[Hashable] | None, progress: bool,
                  n_jobs: int | None) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_fit`'s work, on an estimator that holds only its parameters (it assigns as it goes)."""
        texts = self._model_texts(as_texts(X))
        if len(texts) < 2:
            raise ValueError(f"Need at least 2 labelled sentences to fit, got {len(texts)}")
        schema, targets = check_targets(texts, y)
        self.schema_ = schema
        self.classes_ = {f: np.array(schema.labels[f], dtype=object) for f in schema.fields}
        n_issue = len(schema.labels.get("issue", ()))
        self.thresholds_ = np.full(n_issue, 0.5)
        self.platt_ = np.tile([1.0, 0.0], (n_issue, 1))
        self.temperatures_ = {f: 1.0 for f in schema.fields if not schema.is_multi_label(f)}
        self.context_threshold_: float | None = None
        self.second_threshold_: float | None = None
        self.class_offsets_ = {f: np.zeros(len(schema.labels[f])) for f in schema.fields
                               if not schema.is_multi_label(f)}
        self.cv_metrics_: dict[str, Any] = {}
        splits = self._splits(len(texts), groups) if self.cv and self.cv > 1 else []
        if self.cv and self.cv > 1 and not splits:
            n_groups = len(set(groups)) if groups is not None else len(texts)
            _warn_uncalibrated(f"cv={self.cv} needs at least 2 groups (documents: train()'s calibrate_by, "
                               f"doc_id by default) to calibrate on, got {n_groups}",
                               "label sentences of two or more documents (or of two or more calibrate_by "
                               "values), or pass cv=0 to ask for no calibration")
        bar = None
        if progress:
            import sys

            from tqdm.auto import tqdm

            bar = tqdm(total=(len(splits) + 1) * len(schema.fields), desc="training", unit=" heads",
                       file=sys.stderr)
        oof, covered = np.zeros((len(texts), 0)), np.zeros(len(texts), dtype=bool)
        try:
            state, folds = self._fit_parts(texts, schema, targets, splits, n_jobs, bar)
            if splits:
                oof = np.zeros((len(texts), sum(len(schema.labels[f]) for f in schema.fields)))
                for (_, test), fold in zip(splits, folds):
                    if fold is not None:  # None: the fold's training rows could not make the model
                        oof[test] = self._raw_scores(fold, [texts[i] for i in test])
                        covered[test] = True
                if not self._calibrate(oof, covered, schema, targets):
                    # a fitted fold scores its held-out sentences, so with some fitted, exactly one was scored
                    fitted = sum(fold is not None for fold in folds)
                    why = (f"none of the {len(splits)} calibration folds could be fitted (the training "
                           "sentences of each" if not fitted else
                           f"only {fitted} of the {len(splits)} calibration folds could be fitted, which scored "
                           "a single sentence out of fold, and calibrating needs 2 or more (the training "
                           "sentences of the others")
                    _warn_uncalibrated(why + " could not make the model: e.g. min_df left no word, or a head no "
                                       "label)", "give more sentences per document and more documents, lower "
                                       "min_df, or pass cv=0 to ask for no calibration")
        finally:
            if bar is not None:
                bar.close()
        self.blocks_ = state["blocks"]
        self.head_features_ = state["head_features"]
        self.block_offsets_ = state["offsets"]
        self.coef_ = state["W"]
        self.intercept_ = state["b"] + self._offset_vector(schema)
        self.n_features_ = self.coef_.shape[0]
        self.max_sentence_tokens_ = max(len(tokenize(t)) for t in texts)  # for the out-of-distribution rule
        self.feature_revision_ = FEATURE_REVISION  # what save_model records: the code that computed the features
        return oof, covered

    def _splits(self, n: int, groups: Sequence[Hashable] | None):
        if groups is not None:
            groups = list(groups)
            if len(groups) != n:
                raise ValueError(f"groups has {len(groups)} entries for {n} texts")
            n_groups = len(set(groups))
            if n_groups < 2:
                return []
            return list(GroupKFold(n_splits=min(self.cv, n_groups)).split(np.zeros(n), groups=groups))
        return list(KFold(n_splits=min(self.cv, n), shuffle=True, random_state=self.random_state).split(np.zeros(n)))

    def _fit_parts(self, texts: list[str], schema: LabelSchema, targets: dict[str, list[Any]], splits: list,
                   n_jobs: int | None, bar: Any) -> tuple[dict[str, Any], list[dict[str, Any] | None]]:
        """The final fit's state and each calibration fold's (None for a fold that could not be fitted).

        Two steps, each spread over ``n_jobs`` worker processes: the feature blocks (the folds' in the
        workers while this process fits the final model's, so that the saved model is pickled from the
        objects that fitted it, the same bytes as a one-process fit), then every head of every fit,
        the costliest first. A head's one-vs-rest regressions depend only on its inputs and the seed,
        so the model is the same bit for bit whatever the number of processes; only the time changes.
        """
        # max_nbytes=None: the matrices travel pickled, not as read-only memory maps (liblinear writes to them)
        with Parallel(n_jobs=n_jobs, batch_size=1, return_as="generator", max_nbytes=None) as parallel:
            fold_blocks = parallel(delayed(self._fit_fold_blocks)(texts, schema, train) for train, _ in splits)
            parts = [self._fit_blocks(texts, schema)]
            parts.extend(fold_blocks)
            rows = [np.arange(len(texts))] + [train for train, _ in splits]
            tasks = sorted(((i, field) for i, part in enumerate(parts) if part is not None for field in schema.fields),
                           key=lambda t: (-len(rows[t[0]]) * len(schema.labels[t[1]]), t))
            if bar is not None:
                bar.update(len(schema.fields) * sum(part is None for part in parts))
            heads: list[dict[str, Any]] = [{} for _ in parts]
            # a fold's head that cannot be fitted leaves the fold unscored; the final fit's raises
            results = parallel(self._head_task(parts[i], schema, field, [targets[field][r] for r in rows[i]],
                                               fold=i > 0) for i, field in tasks)
            for (i, field), head in zip(tasks, results):
                heads[i][field] = head
                if bar is not None:
                    bar.update()
        states = [self._state(part, schema, heads[i])
                  if part is not None and all(head is not None for head in heads[i].values()) else None
                  for i, part in enumerate(parts)]
        return states[0], states[1:]

    def _offset_vector(self, schema: LabelSchema) -> np.ndarray:
        """The class offsets of every head, laid out like the score columns (0 for issues)."""
        return np.concatenate([self.class_offsets_.get(f, np.zeros(len(schema.labels[f]))) for f in schema.fields])

    def _calibrate(self, oof: np.ndarray, covered: np.ndarray, schema, targets) -> bool:
        """Out-of-fold scores -> issue thresholds, the relations and second-code
        bars, Platt scaling, class offsets, temperatures, metrics.

        Returns whether it calibrated: not with fewer than two sentences scored out of fold (``covered``),
        which leaves the model as ``cv=0`` does (the caller warns).
        """
        if covered.sum() < 2:
            return False
        idx = np.flatnonzero(covered)
        objectives = DEFAULT_CLASS_OFFSETS if self.class_offsets is None else dict(self.class_offsets)
        col = 0
        for field in schema.fields:
            size = len(schema.labels[field])
            scores = oof[idx, col:col + size]
            labels = schema.labels[field]
            if schema.is_multi_label(field):
                Y = np.array([[code in set(targets[field][i]) for code in labels] for i in idx], dtype=int)
                P = np.zeros(scores.shape)
                for j in range(size):
                    self.platt_[j] = _fit_platt(scores[:, j], Y[:, j])
                    P[:, j] = sigmoid(self.platt_[j, 0] * scores[:, j] + self.platt_[j, 1])
                    self.thresholds_[j] = best_threshold(P[:, j], Y[:, j])
                if self.relations_rule:
                    self.context_threshold_ = fit_context_threshold(P, Y, self.thresholds_, self.context_codes())
                if self.second_code_rule:
                    self.second_threshold_ = fit_second_threshold(P, Y, self.thresholds_, self.context_codes(),
                                                                  self.context_threshold_)
            else:
                truth = np.array([labels.index(str(targets[field][i])) for i in idx])
                if objectives.get(field):
                    self.class_offsets_[field] = fit_class_offsets(scores, truth, objectives[field])
                self.temperatures_[field] = fit_temperature(scores + self.class_offsets_[field], truth)
            col += size
        self.cv_metrics_ = self._oof_metrics(oof[idx] + self._offset_vector(schema), [i for i in idx], schema, targets)
        return True

    def _oof_metrics(self, scores, idx, schema, targets) -> dict[str, Any]:
        from .metrics import indicators, multi_label_scores, single_label_scores

        out: dict[str, Any] = {"n_sentences": len(idx)}
        proba = self._calibrated(scores, schema)
        for field in schema.fields:
            labels = list(schema.labels[field])
            if schema.is_multi_label(field):
                T = indicators([targets[field][i] for i in idx], labels, multi=True)
                s = multi_label_scores(T, self.decide_issues(proba[field]).astype(bool), average_over="all")
                out[field] = {"micro_f1": round(s["micro_f1"], 4), "macro_f1": round(s["macro_f1"], 4)}
            else:
                truth = [str(targets[field][i]) for i in idx]
                pred = [labels[k] for k in proba[field].argmax(axis=1)]
                s = single_label_scores(truth, pred, labels, average_over="all")
                out[field] = {"macro_f1": round(s["macro_f1"], 4), "accuracy": round(s["accuracy"], 4)}
            per = s["per_label"]
            out[field]["per_label"] = {c: {"f1": round(float(f), 4), "support": int(n)}
                                       for c, f, n in zip(labels, per["f1"], per["support"])}
        return out

    # -------------------------------------------------------------- predict
    def _features(self, blocks: Mapping[str, Any], texts: list[str]) -> sp.csr_matrix:
        return stack_blocks([b.transform for b in blocks.values()], texts)

    def _raw_scores(self, state: Mapping[str, Any], texts: list[str]) -> np.ndarray:
        F = self._features(state["blocks"], texts)
        return np.asarray(F @ state["W"]) + state["b"]

    def feature_names_out(self) -> np.ndarray:
        """Names of the feature columns (all blocks, in ``block_offsets_`` order), ``block:feature``.

        A character n-gram is cut from its word with a space before and after
        the word (``" q"`` begins a word with q, ``"ble "`` ends one with
        ble); in its name each such space is ``_`` (``char:_q``,
        ``char:ble_``), which no token holds, so that a word's start or end
        can be seen where a space could not.
        """
        check_is_fitted(self, "coef_")
        names = []
        for name, block in self.blocks_.items():
            grams = block.get_feature_names_out()
            if name == "char":
                grams = [str(g).replace(" ", CHAR_BOUNDARY) for g in grams]
            names.extend(f"{name}:{f}" if not str(f).startswith(("cue:", "actor:")) else str(f) for f in grams)
        return np.asarray(names, dtype=object)

    def predict_proba(self, X: Iterable[str], *, documents: Sequence[Hashable] | None = None) -> dict[str, np.ndarray]:
        """Probabilities per head.

        Parameters
        ----------
        X : iterable of str
            Sentences.
        documents : sequence of hashable, default=None
            Document of each sentence, in reading order: one id per sentence
            (a str is refused rather than read one character per sentence;
            for one document pass ``[doc_id] * len(X)``). When given, a
            sentence that opens with a pronoun or a bare role ("He also
            raised ..."), or with a quotation whose speaker it names as no
            actor ("“We will respond,” he said."), takes part of its side
            from the sentence before it in the same document.

        Returns
        -------
        dict of str to ndarray
            For ``issue`` an ``(n, n_codes)`` array of independent per-code
            probabilities; for ``stance`` and ``side`` ``(n, n_labels)`` arrays
            whose rows sum to 1. Columns follow ``classes_[field]``.
        """
        check_is_fitted(self, "coef_")
        return self._proba(as_texts(X), documents)

    def _transform(self, texts: list[str]) -> sp.csr_matrix:
        return self._features(self.blocks_, texts)

    def _vocabulary_words(self) -> set[str]:
        check_is_fitted(self, "coef_")
        return {w for gram in self.blocks_["word"].vocabulary_ for w in gram.split(" ")}

    def _vocabulary_source(self) -> Any:
        check_is_fitted(self, "coef_")
        return self.blocks_["word"].vocabulary_  # a new dict after every fit

    def _context_columns(self) -> tuple[int, int, int]:
        lo = self.block_offsets_["actors"][0]
        return tuple(lo + col for col in self.blocks_["actors"].context_columns())  # type: ignore[return-value]

    def compile(self) -> "CompiledModel":
        """A scikit-learn-free copy for fast start-up; predicts the same."""
        from .compiled import CompiledModel

        check_is_fitted(self, "coef_")
        return CompiledModel.from_estimator(self)

    def explain(self, text: str, *, top: int = 5, labels: Mapping[str, Any] | None = None
                ) -> dict[str, dict[str, dict[str, list[tuple[str, float]]]]]:
        """The features that pushed each predicted label up, and those that held it down.

        Parameters
        ----------
        text : str
            One sentence.
        top : int, default=5
            How many features to list each way, per label (a whole number,
            a numpy integer too, of at least 1).
        labels : mapping of str to str or sequence of str, default=None
            The labels to explain, per field (``{"issue": ["taiwan"],
            "stance": "warning", "side": "china"}``; a field left out gets its
            prediction, and an empty list of issue codes is refused rather
            than explaining none). None explains what the model predicts for ``text``
            alone; :meth:`stancelib.SentenceLabel.explain` passes the labels
            a sentence was given in its document, which the sentence before
            may have set.

        Returns
        -------
        dict
            Field to label to ``{"for": [...], "against": [...]}``:
            ``(feature, contribution)`` pairs, the strongest first. A
            contribution is feature value times weight, in the head's log-odds
            before calibration: positive pushes the label up, negative down.
            Feature names are explained in the README ("What --explain
            shows").
        """
        if not isinstance(text, str):
            raise TypeError(f"explain() expects one sentence as str, got {type(text).__name__}")
        if isinstance(top, bool) or not isinstance(top, numbers.Integral) or top < 1:
            raise ValueError(f"top must be a whole number of at least 1, got {top!r}")
        top = int(top)
        check_is_fitted(self, "coef_")
        pred = self.predict([text])
        for field, given in (labels or {}).items():
            if field not in self.schema_.fields:
                raise ValueError(f"labels names {field!r}, which this model has no head for; its heads: "
                                 f"{', '.join(self.schema_.fields)}")
            codes = (given,) if isinstance(given, str) else tuple(given)
            if not codes and self.schema_.is_multi_label(field):
                # an empty list would explain no code at all, silently
                raise ValueError(f"labels[{field!r}] is empty; give the codes to explain (e.g. "
                                 f"[{str(self.classes_[field][0])!r}]), or leave {field!r} out to explain its "
                                 "prediction")
            unknown = [c for c in codes if c not in set(self.classes_[field])]
            if unknown or (not codes or len(codes) > 1) and not self.schema_.is_multi_label(field):
                raise ValueError(f"labels[{field!r}] = {given!r} is not a label of this model's {field} head "
                                 f"(one of {', '.join(map(str, self.classes_[field]))}"
                                 + (", as a list" if self.schema_.is_multi_label(field) else ", one code") + ")")
            pred[field] = [codes if self.schema_.is_multi_label(field) else codes[0]]
        F = self._features(self.blocks_, self._model_texts([text])).tocsr()
        names = self.feature_names_out()
        cols = F.indices
        vals = F.data
        out: dict[str, dict[str, dict[str, list[tuple[str, float]]]]] = {}
        col0 = 0
        for field in self.schema_.fields:
            labels = list(self.classes_[field])
            chosen = pred[field][0] if self.schema_.is_multi_label(field) else (pred[field][0],)
            out[field] = {}
            for label in chosen:
                j = col0 + labels.index(label)
                contrib = vals * self.coef_[cols, j]
                up = np.argsort(-contrib, kind="stable")[:top]
                down = np.argsort(contrib, kind="stable")[:top]
                out[field][label] = {
                    "for": [(str(names[cols[k]]), round(float(contrib[k]), 4)) for k in up if contrib[k] > 0],
                    "against": [(str(names[cols[k]]), round(float(contrib[k]), 4)) for k in down if contrib[k] < 0],
                }
            col0 += len(labels)
        return out


class CalibrationSkippedWarning(UserWarning):
    """A fit asked to calibrate (``cv`` of 2 or more) but could not: the model is left as ``cv=0`` leaves it."""


def _warn_uncalibrated(why: str, fix: str) -> None:
    """Warn that a fit with ``cv`` >= 2 made no calibration fold (see :class:`CalibrationSkippedWarning`)."""
    # the user's line, whether it called fit(), fit_cross_val_proba() or stancelib.train()
    warnings.warn(f"{why}: the model is left uncalibrated, as cv=0 leaves it (issue thresholds 0.5, no Platt "
                  "scaling, temperatures, class offsets or second-code bar, and no cross-validated metrics, "
                  f"cv_metrics_ empty). To calibrate, {fix}.", CalibrationSkippedWarning,
                  stacklevel=outside_stacklevel())


#: How :meth:`ReadoutClassifier.feature_names_out` (and so ``explain``) shows the space that marks a word's
#: start or end in a character n-gram: tokens (:func:`stancelib.lexicon.tokenize`) are ASCII letters and digits
#: with inner ``'``, ``.`` or ``-``, never ``_``.
CHAR_BOUNDARY = "_"


def _did_you_mean(name: Any, known: Sequence[str]) -> str:
    """`` (did you mean 'X'?)`` for the known name closest to a misspelt one, else ``""``."""
    import difflib

    close = difflib.get_close_matches(str(name), list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _fit_platt(scores: np.ndarray, y: np.ndarray) -> np.ndarray:
    if y.min() == y.max():
        return np.array([1.0, 0.0])
    m = LogisticRegression(C=100.0)
    m.fit(scores.reshape(-1, 1), y)
    return np.array([m.coef_[0, 0], m.intercept_[0]])
