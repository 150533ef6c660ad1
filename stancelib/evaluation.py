"""Scoring a model on labelled sentences: metrics, confusion, calibration, worst errors.

The notebooks in ``notebooks/`` use it; so can a script::

    from stancelib import load_model
    from stancelib.evaluation import evaluate, heldout_records, metrics_table

    result = evaluate(load_model(), heldout_records())
    print(metrics_table({"bundled": result}))

Predictions are made document by document, in reading order, so the model
reads each sentence in its context (``predict_proba(..., documents=...)``).
Label sets come from the model and the data, never from code: a model
retrained with new codes is scored the same way.
"""

from __future__ import annotations

import numbers
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Hashable, Mapping, Sequence

import numpy as np

from ._missing import is_missing
from .data import SEEDS_ENV, DataValidationError, load_records, seed_files, seeds_root, validate_records
from .lexicon import normalize_text, opening_dateline
from .metrics import Reliability, indicators, label_scores, multi_label_scores, reliability, single_label_scores
from .schema import LABEL_FIELDS, MULTI_LABEL_FIELDS

__all__ = [
    "Evaluation",
    "MissingDocIdWarning",
    "Reliability",
    "read_doc_ids",
    "heldout_doc_ids",
    "heldout_records",
    "TrainingDocuments",
    "training_documents",
    "in_document_order",
    "evaluate",
    "reliability",
    "metrics_table",
    "SURFACE_CHANGES",
    "surface_changes",
    "surface_table",
]

#: The file of the seed corpus that lists the held-out documents.
HELDOUT_FILE = "heldout_docs.txt"


def read_doc_ids(path: str | Path) -> list[str]:
    """Document ids listed in a text file, one a line; blank lines and ``#`` comments skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def heldout_doc_ids(seeds_dir: str | Path | None = None) -> list[str]:
    """The ids of the held-out documents, from ``seeds/heldout_docs.txt``.

    Pass them to :func:`stancelib.train` as ``exclude_docs`` to train a model
    that can be scored on :func:`heldout_records`.
    """
    listed = seeds_root(seeds_dir) / HELDOUT_FILE
    if not listed.exists():
        raise FileNotFoundError(
            f"No {HELDOUT_FILE} in {listed.parent}; the held-out documents ship with the source checkout (seeds/): "
            f"set {SEEDS_ENV} to that folder, or pass seeds_dir="
        )
    return read_doc_ids(listed)


def heldout_records(seeds_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """The labelled sentences of the held-out documents of the seed corpus.

    These are the records of the seed corpus (``seeds/*.jsonl`` and
    ``seeds/corpus/*.jsonl``) whose ``doc_id`` is
    listed in ``seeds/heldout_docs.txt``: the documents the bundled model was
    not trained on.

    Parameters
    ----------
    seeds_dir : path, default=None
        The seed corpus; None finds it (:func:`stancelib.data.seeds_root`).
    """
    base = seeds_root(seeds_dir)
    held = set(heldout_doc_ids(base))
    files = seed_files(base)
    records = [r for r in load_records(files) if str(r.get("doc_id")) in held]
    missing = held - {str(r["doc_id"]) for r in records}
    if missing:
        raise ValueError(f"{base / HELDOUT_FILE} lists documents the corpus does not have: {sorted(missing)}")
    return records


#: How a model's manifest names a file of the seed corpus among its data's sources (``data.sources``).
_SEED_SOURCE = "seeds/"


@dataclass(frozen=True)
class TrainingDocuments:
    """What a model was trained on, by document, as its manifest records it (:func:`training_documents`).

    Attributes
    ----------
    recorded : bool
        Whether the manifest says: it lists the files of its data
        (``data.sources``) and which documents it left out
        (``excluded_documents``). A model never saved has no manifest, and
        the first manifests recorded only how many documents were left out.
    documents : frozenset of str
        The documents of the seed-corpus files the manifest lists, without
        those it left out: the seed-corpus documents the model was trained
        on (empty for a model trained on data of its own alone, and when not
        ``recorded``).
    other_sentences : int
        Sentences of other data than the seed corpus (``train(data=...)``),
        which the manifest does not name by document: whether they hold a
        given document cannot be told from it.
    """

    recorded: bool
    documents: frozenset[str] = frozenset()
    other_sentences: int = 0

    def seen(self, doc_ids: Any) -> list[str]:
        """The documents of ``doc_ids`` the model was trained on, as far as the manifest tells (sorted)."""
        return sorted({str(d) for d in doc_ids} & self.documents)

    def __repr__(self) -> str:  # the documents counted, not listed (thousands of ids)
        return (f"TrainingDocuments(recorded={self.recorded}, {len(self.documents):,} seed-corpus documents, "
                f"other_sentences={self.other_sentences:,})")


def training_documents(model: Any = None, *, seeds_dir: str | Path | None = None) -> TrainingDocuments:
    """Which documents a model was trained on, read from its manifest.

    A model is trained on the documents of the seed-corpus files its
    manifest lists (``data.sources``, with ``base="seeds"``) less those it
    left out (``excluded_documents``: the held-out documents, for the
    bundled model), and on any data of the user's, which the manifest counts
    but does not name by document. "Not left out" is not "trained on": a
    model trained on data of its own alone (``base="none"``) saw no document
    of the seed corpus.

    Parameters
    ----------
    model : ReadoutClassifier, CompiledModel, path, manifest dict or None
        A model with its ``manifest_`` (as :func:`stancelib.load_model` and
        :func:`stancelib.train` give it), a model directory, the manifest
        itself (``TrainResult.manifest``), or None for the bundled model.
    seeds_dir : path, default=None
        The seed corpus the manifest's files are read from; None finds it
        (:func:`stancelib.data.seeds_root`).

    Returns
    -------
    TrainingDocuments
        ``recorded`` is False when the manifest does not say (no manifest,
        no sources, the left-out documents only counted, or a listed seed
        file missing from ``seeds_dir``).

    Examples
    --------
    >>> bundled = training_documents()
    >>> bundled.recorded, bundled.other_sentences, bundled.seen(heldout_doc_ids())
    (True, 0, [])
    >>> own = training_documents({"excluded_documents": [],
    ...                           "data": {"sources": [{"path": "user data", "sentences": 200}]}})
    >>> own.recorded, len(own.documents), own.other_sentences
    (True, 0, 200)
    """
    if isinstance(model, Mapping):
        manifest: Any = model
    else:
        from .api import resolve_model

        manifest = getattr(resolve_model(model), "manifest_", None)
    if not isinstance(manifest, Mapping):
        return TrainingDocuments(False)
    sources = (manifest.get("data") or {}).get("sources")
    excluded = manifest.get("excluded_documents", [])
    if not isinstance(sources, list) or not isinstance(excluded, list):
        return TrainingDocuments(False)
    files, other = [], 0
    for source in sources:
        path = str(source.get("path", ""))
        if path.startswith(_SEED_SOURCE):
            files.append(path[len(_SEED_SOURCE):])
        else:
            other += int(source.get("sentences") or 0)
    documents: set[str] = set()
    if files:
        root = seeds_root(seeds_dir)
        paths = [root / f for f in files]
        if not all(p.is_file() for p in paths):
            return TrainingDocuments(False, other_sentences=other)
        documents = {str(r.get("doc_id")) for r in load_records(paths)}
    return TrainingDocuments(True, frozenset(documents - {str(d) for d in excluded}), other)


def in_document_order(records: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Records grouped by document (in order of first appearance), reading order kept within each."""
    return [records[i] for i in _document_order([str(r.get("doc_id")) for r in records])]


def _document_order(keys: Sequence[Hashable]) -> list[int]:
    """Indices grouped by key (keys in order of first appearance), the order within each group kept."""
    groups: dict[Hashable, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    return [i for group in groups.values() for i in group]


class MissingDocIdWarning(UserWarning):
    """Sentences given to :func:`evaluate` without a ``doc_id``: each is read alone, without its context."""


_NO_CONFIDENCE = "an issue set has no single confidence (each code has its own probability)"
#: The scores :class:`Evaluation`'s repr shows: head, metric.
_REPR_SCORES = (("issue", "micro_f1"), ("stance", "macro_f1"), ("side", "macro_f1"))


@dataclass(frozen=True)
class Evaluation:
    """A model's predictions on labelled sentences, and the scores they earn.

    Made by :func:`evaluate`. Records, probabilities and predictions are in
    document order. Its repr is one line (sizes, heads, the main scores),
    and Jupyter shows :func:`metrics_table`; the fields below hold the rest.

    Attributes
    ----------
    records : list of dict
        The labelled sentences.
    heads : tuple of str
        Label fields both the model and the data have.
    labels : dict of str to list of str
        Per head, the model's labels followed by any the data has and the
        model does not (those can never be predicted).
    proba : dict of str to ndarray
        ``predict_proba`` output; columns follow the model's ``classes_``.
    truth, pred : dict of str to list
        Per head, true and predicted codes (issue: tuples of codes).
    metrics : dict
        Per head: ``macro_f1`` and ``accuracy`` for stance and side;
        ``micro_f1``, ``macro_f1`` and ``exact_match`` for issue; plus
        ``n_sentences`` and ``n_documents``.
    """

    records: list[Mapping[str, Any]]
    heads: tuple[str, ...]
    labels: dict[str, list[str]]
    classes: dict[str, list[str]]
    proba: dict[str, np.ndarray]
    truth: dict[str, list[Any]]
    pred: dict[str, list[Any]]
    metrics: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        # short: the records, probabilities and predictions (megabytes for the held-out documents) are not shown
        m = self.metrics
        scores = [f"{head} {metric.replace('_', '-')} {m[head][metric]:.3f}" for head, metric in _REPR_SCORES
                  if isinstance(m.get(head), Mapping) and m[head].get(metric) is not None]
        size = (f"{m.get('n_sentences', len(self.records)):,} sentences in "
                f"{m.get('n_documents', 0):,} documents")
        return f"Evaluation({size}; heads {', '.join(self.heads) or 'none'}" + "".join(f"; {s}" for s in scores) + ")"

    def _repr_markdown_(self) -> str:
        """The metrics as a table, as Jupyter shows the evaluation."""
        return metrics_table({"model": self})

    def _head(self, head: Any, *, single: str = "") -> str:
        """``head`` if this evaluation scores it, else a clear error; ``single``: why it must be single-label."""
        if not isinstance(head, str):
            raise TypeError(f"head must be a label field name (a str), got {type(head).__name__} {head!r}")
        if head not in self.heads:
            if head in self.classes:
                raise ValueError(f"The data has no {head!r} labels, so {head!r} is not scored; this evaluation "
                                 f"scores {list(self.heads)}")
            raise ValueError(f"Unknown head {head!r}; this evaluation scores {list(self.heads)}")
        if single and head in MULTI_LABEL_FIELDS:
            scored = [h for h in self.heads if h not in MULTI_LABEL_FIELDS]
            raise ValueError(f"{head!r} is multi-label: {single}; pass a single-label head "
                             f"({', '.join(scored) or 'this evaluation scores none'}), "
                             f"or score {head!r} with per_label_f1({head!r}) and correct({head!r})")
        return head

    def confidence(self, head: str) -> np.ndarray:
        """Probability of the predicted label of a single-label head, per sentence."""
        return self.proba[self._head(head, single=_NO_CONFIDENCE)].max(axis=1)

    def correct(self, head: str) -> np.ndarray:
        """Whether each prediction of a head is right (issue: the exact set)."""
        if self._head(head) in MULTI_LABEL_FIELDS:
            return np.array([set(p) == set(t) for p, t in zip(self.pred[head], self.truth[head])])
        return np.array([p == t for p, t in zip(self.pred[head], self.truth[head])])

    def confusion(self, head: str) -> tuple[list[str], np.ndarray]:
        """Labels and the confusion matrix of a single-label head (rows: true, columns: predicted)."""
        labels = self.labels[self._head(head, single="a confusion matrix has one true and one predicted label "
                                                      "per sentence")]
        index = {c: i for i, c in enumerate(labels)}
        m = np.zeros((len(labels), len(labels)), dtype=int)
        for t, p in zip(self.truth[head], self.pred[head]):
            m[index[t], index[p]] += 1
        return labels, m

    def reliability(self, head: str, n_bins: int = 10) -> Reliability:
        """Reliability curve of a single-label head's predicted label."""
        return reliability(self.confidence(head), self.correct(head), n_bins=n_bins)

    def per_label_f1(self, head: str = "issue") -> dict[str, dict[str, float]]:
        """Per label: ``f1``, ``precision``, ``recall`` and ``support`` (true sentences).

        Labels neither in the truth nor in the predictions are left out.
        """
        multi = self._head(head) in MULTI_LABEL_FIELDS
        labels = self.labels[head]
        per = label_scores(indicators(self.truth[head], labels, multi=multi),
                           indicators(self.pred[head], labels, multi=multi))
        return {code: {"f1": float(per["f1"][j]), "precision": float(per["precision"][j]),
                       "recall": float(per["recall"][j]), "support": int(per["support"][j])}
                for j, code in enumerate(labels) if per["present"][j]}

    def worst_errors(self, n: int = 10, heads: str | Sequence[str] | None = None) -> list[dict[str, Any]]:
        """The ``n`` most confident wrong predictions of the given single-label heads.

        A sentence counts once, ranked by the highest confidence among its
        wrong heads.

        Parameters
        ----------
        n : int, default=10
            How many to return (0 or more).
        heads : str or sequence of str, default=None
            The single-label heads (``"stance"``, ``"side"``, or both) whose
            errors count. None: every single-label head this evaluation
            scores.

        Returns
        -------
        list of dict
            Most confident first. Each item has ``index``, ``id``,
            ``doc_id``, ``text``, ``confidence``, ``wrong`` (the heads it got
            wrong) and, per head, ``{head: {"true", "pred", "confidence"}}``.

        Raises
        ------
        ValueError
            ``n`` is negative, or a head is unknown, not scored here, or
            ``issue`` (an issue set has no single confidence to rank by).
        TypeError
            ``n`` is not a whole number.
        """
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(f"n must be a whole number of errors, got {n!r}")
        if n < 0:
            raise ValueError(f"n must be 0 or more, got {n}")
        if heads is None:
            heads = [h for h in self.heads if h not in MULTI_LABEL_FIELDS]
        else:
            heads = [self._head(h, single=f"{_NO_CONFIDENCE}, so its errors are not ranked by confidence")
                     for h in ([heads] if isinstance(heads, str) else heads)]
        scored = []
        for i, rec in enumerate(self.records):
            wrong = [h for h in heads if self.pred[h][i] != self.truth[h][i]]
            if not wrong:
                continue
            conf = {h: float(self.proba[h][i].max()) for h in heads}
            item: dict[str, Any] = {
                "index": i, "id": rec.get("id"), "doc_id": rec.get("doc_id"), "text": rec["text"],
                "confidence": max(conf[h] for h in wrong), "wrong": wrong,
            }
            for h in heads:
                item[h] = {"true": self.truth[h][i], "pred": self.pred[h][i], "confidence": conf[h]}
            scored.append(item)
        scored.sort(key=lambda x: (-x["confidence"], x["index"]))
        return scored[:n]


def _metrics(ev_heads: Sequence[str], truth: Mapping[str, list[Any]], pred: Mapping[str, list[Any]],
             labels: Mapping[str, list[str]], n_docs: int) -> dict[str, Any]:
    out: dict[str, Any] = {"n_sentences": len(next(iter(truth.values()), [])), "n_documents": n_docs}
    for head in ev_heads:
        if head in MULTI_LABEL_FIELDS:
            s = multi_label_scores(indicators(truth[head], labels[head], multi=True),
                                   indicators(pred[head], labels[head], multi=True), average_over="present")
            out[head] = {k: s[k] for k in ("micro_f1", "macro_f1", "exact_match")}
        else:
            s = single_label_scores(truth[head], pred[head], labels[head], average_over="present")
            out[head] = {k: s[k] for k in ("macro_f1", "accuracy")}
    return out


def _no_doc_id(record: Mapping[str, Any]) -> bool:
    """Whether a record has no ``doc_id``: no such key, a missing value (None, NaN, ``pd.NA``, NaT: the test
    of :func:`stancelib._missing.is_missing`, which :func:`stancelib.data.validate_records` makes too) or a
    blank str."""
    doc = record.get("doc_id")
    return is_missing(doc) or (isinstance(doc, str) and not doc.strip())


def _checked(records: list[dict[str, Any]], model: Any) -> list[str]:
    """The label fields the records have, after :func:`stancelib.data.validate_records` found no problem.

    A label field missing from every record is not scored, so not checked
    either; a sentence without ``id`` or ``doc_id`` is checked as if it had
    one of its own (:func:`evaluate` reads it alone).
    """
    labelled = [f for f in LABEL_FIELDS if any(not is_missing(r.get(f)) for r in records)]
    view = []
    for i, r in enumerate(records):
        v = {k: value for k, value in r.items() if k not in LABEL_FIELDS or k in labelled}
        for key in ("id", "doc_id"):
            if is_missing(r.get(key)) or (key == "doc_id" and _no_doc_id(r)):
                v[key] = (f"<no {key}>", i)  # neither missing nor a str: no duplicate or metadata check
        view.append(v)
    known = {str(c) for codes in model.classes_.values() for c in codes}
    problems = validate_records(view, declared_codes=known)
    if problems:
        raise DataValidationError(problems)
    return labelled


def evaluate(model: Any, records: Any) -> Evaluation:
    """Predict labelled sentences in document context and score every head.

    Parameters
    ----------
    model : ReadoutClassifier, CompiledModel, path or None
        A fitted model (``stancelib.load_model(...)``), a model directory,
        or None for the bundled model, as :func:`stancelib.classify_sentences`
        takes them.
    records : path, list of paths, Dataset, DataFrame or list of dicts
        Labelled sentences with ``doc_id``, ``text`` and labels, as
        :func:`stancelib.data.load_records` reads them (each ``issue`` a
        list of codes, or a one-dimensional array as a DataFrame read from
        Parquet holds it; a string is refused, with the record named and
        how to split it; a Dataset's ``ClassLabel`` columns are read as
        their names).
        They are put in document order (documents as they first appear,
        sentences in the order given) before predicting. A label field
        missing from every record is not scored; one missing from some is
        an error.

    Returns
    -------
    Evaluation

    Raises
    ------
    DataValidationError
        Records :func:`stancelib.data.validate_records` refuses: an
        ``issue`` that is not a list of codes, a label missing (None, NaN,
        ``pd.NA`` or NaT) from some records, duplicate ids, conflicting
        labels, ... Each problem is named with its record.
    TypeError
        ``records`` is a single dict, holds items that are neither paths
        nor dicts, or is a ``DatasetDict`` with several splits; or
        ``model`` is not a model.
    ValueError
        No records, none of the model's label fields in the data, or an
        unfitted model.

    Warns
    -----
    MissingDocIdWarning
        Records without ``doc_id``: each is read alone, without the sentence
        before it as context, and counts as a document of its own.

    Notes
    -----
    Macro-F1 averages over the labels that occur in the truth or the
    predictions (a label absent from both has no F1). Issue codes the data
    has and the model lacks count as missed.
    """
    from .api import resolve_model

    model = resolve_model(model)
    records = load_records(records)  # a DataFrame by its rows
    if not records:
        raise ValueError("No labelled sentences to evaluate")
    labelled = _checked(records, model)
    heads = [head for head in model.schema_.fields if head in labelled]
    if not heads:
        raise ValueError(f"The data has none of the model's label fields {model.schema_.fields}")
    alone = [_no_doc_id(r) for r in records]
    if any(alone):
        where = [f"{r.get('_source', '<records>')}:{r.get('_line', i + 1)}" for i, (r, a) in
                 enumerate(zip(records, alone)) if a]
        warnings.warn(MissingDocIdWarning(
            f"{len(where)} of {len(records)} sentence(s) have no doc_id ({', '.join(where[:5])}"
            f"{', ...' if len(where) > 5 else ''}): each is read alone, without the sentence before it as context, "
            "and counts as a document of its own. Give every record the doc_id of its document (its sentences "
            "in reading order) to score the model as it reads documents"), stacklevel=2)
    keys: list[Hashable] = [("<no doc_id>", i) if a else str(r["doc_id"])  # read alone: a document of its own
                            for i, (r, a) in enumerate(zip(records, alone))]
    order = _document_order(keys)
    records = [records[i] for i in order]
    docs = [keys[i] for i in order]
    texts = [str(r["text"]) for r in records]
    proba = model.predict_proba(texts, documents=docs)
    classes = {f: [str(c) for c in model.classes_[f]] for f in model.schema_.fields}
    truth: dict[str, list[Any]] = {}
    pred: dict[str, list[Any]] = {}
    labels: dict[str, list[str]] = {}
    for head in heads:
        if head in MULTI_LABEL_FIELDS:
            truth[head] = [tuple(str(c) for c in r[head]) for r in records]
            chosen = model.decide_issues(proba[head])
            pred[head] = [tuple(classes[head][j] for j in np.flatnonzero(row)) for row in chosen]
            extra = sorted({c for v in truth[head] for c in v} - set(classes[head]))
        else:
            truth[head] = [str(r[head]) for r in records]
            pred[head] = [classes[head][k] for k in proba[head].argmax(axis=1)]
            extra = sorted(set(truth[head]) - set(classes[head]))
        labels[head] = classes[head] + extra
    metrics = _metrics(heads, truth, pred, labels, n_docs=len(set(docs)))
    return Evaluation(records=list(records), heads=tuple(heads), labels=labels, classes=classes, proba=proba,
                      truth=truth, pred=pred, metrics=metrics)


#: Rows of :func:`metrics_table`: head, metric.
TABLE_ROWS: tuple[tuple[str, str], ...] = (
    ("stance", "macro_f1"), ("stance", "accuracy"),
    ("side", "macro_f1"), ("side", "accuracy"),
    ("issue", "micro_f1"), ("issue", "macro_f1"), ("issue", "exact_match"),
)


def metrics_table(results: Mapping[str, Evaluation | Mapping[str, Any]], *, digits: int = 3) -> str:
    """A Markdown table of metrics: one row per head and metric, one column per model.

    With two models a last column gives the change from the first to the second.

    >>> print(metrics_table({"m": {"stance": {"macro_f1": 0.5, "accuracy": 0.75}}}))
    | head | metric | m |
    |---|---|---|
    | stance | macro_f1 | 0.500 |
    | stance | accuracy | 0.750 |
    """
    metrics = {name: (r.metrics if isinstance(r, Evaluation) else r) for name, r in results.items()}
    names = list(metrics)
    delta = len(names) == 2
    header = ["head", "metric"] + names + (["change"] if delta else [])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for head, metric in TABLE_ROWS:
        values = [metrics[n].get(head, {}).get(metric) for n in names]
        if all(v is None for v in values):
            continue
        cells = ["—" if v is None else f"{v:.{digits}f}" for v in values]
        if delta:
            cells.append(f"{values[1] - values[0]:+.{digits}f}" if None not in values else "—")
        lines.append("| " + " | ".join([head, metric] + cells) + " |")
    return "\n".join(lines)


# ---- the surface of real text ------------------------------------------------------------------

def _curly_quotes(text: str) -> str:
    """Straight quotes and apostrophes as typeset ones: "a" -> “a”, it's -> it’s."""
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    text = "".join(out)
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
    text = re.sub(r"(?:(?<=\s)|^)'(?=\w)", "‘", text)
    return text.replace("'", "’")


def _straight_quotes(text: str) -> str:
    return text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")


def _inside_words(mark: str) -> Callable[[str], str]:
    """Put ``mark`` inside the first two words of eight letters or more (as hyphenating web pages do)."""
    return lambda text: re.sub(r"\b(\w{4})(\w{4,})", lambda m: m.group(1) + mark + m.group(2), text, count=2)


def _wire_dateline(prefix: str) -> Callable[[str], str]:
    """Open a sentence with a wire story's dateline (a sentence that opens with one already is left alone)."""
    return lambda text: text if opening_dateline(text) else prefix + text


#: British spellings of words the corpus writes both ways (a real page keeps to one): pattern, replacement.
_BRITISH_SPELLINGS = [
    (r"\b([Dd])efense", r"\1efence"),
    (r"\b([Cc])enter", r"\1entre"),
    (r"\b([Pp])rogram(s?)\b", r"\1rogramme\2"),
    (r"\b([Dd])ialog\b", r"\1ialogue"),
    (r"\b([Ff]av|[Ll]ab|[Hh]on|[Bb]ehavi|[Nn]eighb|[Hh]arb)or", r"\1our"),
    (r"\b([Rr]ecogni|[Ee]mphasi|[Cc]ritici|[Ss]tabili|[Nn]ormali|[Pp]rioriti|[Rr]eali|[Oo]rgani|[Mm]obili|[Mm]oderni)z",
     r"\1s"),
]


def _british(text: str) -> str:
    for pattern, replacement in _BRITISH_SPELLINGS:
        text = re.sub(pattern, replacement, text)
    return text


#: Surnames some papers title ("Mr. Xi", "Ms. Yellen") and others do not.
_TITLED_SURNAMES = {"Xi": "Mr.", "Biden": "Mr.", "Trump": "Mr.", "Obama": "Mr.", "Blinken": "Mr.", "Pompeo": "Mr.",
                    "Sullivan": "Mr.", "Kerry": "Mr.", "Rubio": "Mr.", "Putin": "Mr.", "Yellen": "Ms.",
                    "Raimondo": "Ms.", "Pelosi": "Ms."}
_NAME_BEFORE = re.compile(r"[A-Z][\w.\-]*[ \t]+$")  # "President Xi", "Joe Biden", "Mr Xi": titled or named already


def _bare_surnames(names: Sequence[str]) -> "re.Pattern[str]":
    """A pattern of ``names`` standing as a person's surname: not followed by a capitalised word ("Xi Jinping" is
    a full name), not joined to another word by a hyphen ("the Xi-Biden call") and not naming a government or a
    time ("the Trump administration", "the Obama era"); whether a name or title comes before it,
    :data:`_NAME_BEFORE` tells."""
    return re.compile(r"(?<!-)\b(" + "|".join(names) + r")\b(?!-)(?![ \t]+(?:[A-Z]|(?:administration|era|years|"
                      r"government|team|campaign|presidency|doctrine)\b))")


def _named_before(text: str, at: int) -> bool:
    return _NAME_BEFORE.search(text, max(0, at - 40), at) is not None


_SURNAME = _bare_surnames(list(_TITLED_SURNAMES))


def _courtesy_titles(text: str) -> str:
    return _SURNAME.sub(lambda m: m.group(0) if _named_before(text, m.start())
                        else f"{_TITLED_SURNAMES[m.group(1)]} {m.group(1)}", text)


#: The full name and title some papers give a leader at every mention, for the surname alone.
_FULL_NAMES = {"Xi": "Chinese President Xi Jinping", "Biden": "U.S. President Joe Biden",
               "Trump": "U.S. President Donald Trump", "Obama": "U.S. President Barack Obama"}
_BARE_LEADER = _bare_surnames(list(_FULL_NAMES))


def _full_names(text: str, names: Mapping[str, str] = _FULL_NAMES, pattern: "re.Pattern[str]" = _BARE_LEADER) -> str:
    """A leader's first bare surname ("Xi said") in full ("Chinese President Xi Jinping said")."""
    for m in pattern.finditer(text):
        if not _named_before(text, m.start()):
            return text[:m.start()] + names[m.group(1)] + text[m.end():]
    return text


#: The title and full name papers give a minister or adviser at first mention, for the surname alone.
_MINISTERS = {"Blinken": "Secretary of State Antony Blinken", "Pompeo": "Secretary of State Mike Pompeo",
              "Rubio": "Secretary of State Marco Rubio", "Yellen": "Treasury Secretary Janet Yellen",
              "Bessent": "Treasury Secretary Scott Bessent", "Raimondo": "Commerce Secretary Gina Raimondo",
              "Austin": "Defense Secretary Lloyd Austin", "Hegseth": "Defense Secretary Pete Hegseth",
              "Sullivan": "National Security Adviser Jake Sullivan", "Mnuchin": "Treasury Secretary Steven Mnuchin",
              "Lighthizer": "U.S. Trade Representative Robert Lighthizer", "Tai": "U.S. Trade Representative Katherine Tai"}
_BARE_MINISTER = _bare_surnames(list(_MINISTERS))


_FUNCTION_WORD = re.compile(r"(?:The|A|An|It|Its|They|Their|He|His|She|Her|We|This|That|These|Those|Both)\b")


def _wire_attribution_at_end(text: str) -> str:
    """``", Reuters reported."`` in place of a closing full stop (a sentence ending otherwise, or closing with an
    outlet's attribution already, ``", according to Reuters."``, is left: a page attributes a sentence once)."""
    stripped = text.rstrip()
    comma = stripped.rfind(",")
    # closing with an attribution already: normalize_text drops the last clause, leaving only punctuation
    if comma >= 0 and not any(ch.isalnum() for ch in normalize_text(stripped[comma:])):
        return text
    return stripped[:-1] + ", Reuters reported." if stripped.endswith(".") and not stripped.endswith("..") else text


def _wire_attribution_at_start(text: str) -> str:
    """``"According to the Associated Press, "`` before the sentence (after its dateline, if it has one)."""
    dateline = opening_dateline(text)
    text = text[len(dateline):]
    if _FUNCTION_WORD.match(text):
        text = text[:1].lower() + text[1:]
    return dateline + "According to the Associated Press, " + text


#: Changes that keep a sentence's labels: of its surface, of who reported it or of how it names a leader (guide,
#: Clarification 60):
#: name -> (change, whether :func:`stancelib.lexicon.normalize_text` undoes it: gives the changed sentence the
#: normalised text of the sentence, for every sentence the change alters). :func:`surface_changes` applies them.
SURFACE_CHANGES: dict[str, tuple[Callable[[str], str], bool]] = {
    "curly quotes and apostrophes": (_curly_quotes, False),
    "straight quotes and apostrophes": (_straight_quotes, False),
    "em dashes for dashes": (lambda t: t.replace(" -- ", " — ").replace(" - ", " — "), False),
    "double hyphens for em dashes": (lambda t: t.replace(" — ", " -- ").replace("—", " -- "), False),
    "line break after the first comma": (lambda t: t.replace(", ", ",\n", 1), True),
    "no final full stop": (lambda t: t[:-1] if t.endswith(".") else t, False),
    "upper case": (str.upper, False),
    "double spaces": (lambda t: t.replace(" ", "  "), False),
    "British spellings": (_british, False),
    "a president's full name and title for the surname": (_full_names, True),
    "a minister's full name and title for the surname": (lambda t: _full_names(t, _MINISTERS, _BARE_MINISTER), False),
    "courtesy titles before surnames": (_courtesy_titles, True),
    "a wire's attribution closing the sentence": (_wire_attribution_at_end, True),
    "a wire's attribution opening the sentence": (_wire_attribution_at_start, True),
    "HTML entities for quotes and apostrophes": (lambda t: t.replace('"', "&quot;").replace("'", "&#39;")
                                                 .replace("“", "&ldquo;").replace("”", "&rdquo;")
                                                 .replace("’", "&rsquo;"), True),
    "US for U.S.": (lambda t: re.sub(r"\bU\.S\.(?=[\s,;:'’\-]|$)", "US", t), True),
    "U.S. for US": (lambda t: re.sub(r"\bUS\b", "U.S.", t), True),
    "no-break spaces": (lambda t: t.replace(" ", "\u00a0"), True),
    # the space after the comma goes too ("agreed，after"): normalize_text reads "，" as ",", not the space
    "full-width commas": (lambda t: t.replace(", ", "\uff0c"), False),
    "soft hyphens inside words": (_inside_words("\u00ad"), True),
    "zero-width spaces inside words": (_inside_words("\u200b"), True),
    "pinyin tone marks on Beijing and Shanghai": (lambda t: t.replace("Beijing", "Běijīng").replace("Shanghai", "Shànghǎi"),
                                                  True),
    "Reuters dateline": (_wire_dateline("WASHINGTON (Reuters) - "), True),
    "Xinhua dateline": (_wire_dateline("BEIJING, Dec. 3 (Xinhua) -- "), True),
    "AP dateline": (_wire_dateline("UNITED NATIONS (AP) — "), True),
}


def surface_changes(texts: Sequence[str], model: Any = None) -> list[dict[str, Any]]:
    """How often labels change when only the surface of a sentence does.

    Each change of :data:`SURFACE_CHANGES` (curly or straight quotes, "US"
    or "U.S.", a wire dateline before the sentence, a soft hyphen inside a
    word, "Mr." before a surname, ", Reuters reported." after the
    sentence, ...) keeps a sentence's labels, so none should move; no gold
    label is read. Each is applied to every text it alters, and both
    versions are labelled with :func:`stancelib.classify_sentences`.

    Parameters
    ----------
    texts : sequence of str
        Sentences.
    model : ReadoutClassifier or path, default=None
        None uses the bundled model.

    Returns
    -------
    list of dict
        One row per change, in :data:`SURFACE_CHANGES` order: ``change``,
        ``normalised`` (whether :func:`stancelib.lexicon.normalize_text`
        undoes it, so that a model trained with ``normalize=True`` is
        unchanged by construction), ``sentences`` (how many texts it alters)
        and ``issue``, ``stance``, ``side`` (how many of those change their
        issue set, stance or side). :func:`surface_table` renders them.
    """
    from .api import classify_sentences

    texts = list(texts)
    before = classify_sentences(texts, model=model)
    rows = []
    for name, (change, normalised) in SURFACE_CHANGES.items():
        new = [change(t) for t in texts]
        altered = [i for i, (a, b) in enumerate(zip(texts, new)) if a != b]
        after = classify_sentences([new[i] for i in altered], model=model) if altered else []
        flips = {"issue": 0, "stance": 0, "side": 0}
        for i, label in zip(altered, after):
            flips["issue"] += set(label.issues) != set(before[i].issues)
            flips["stance"] += label.stance != before[i].stance
            flips["side"] += label.side != before[i].side
        rows.append({"change": name, "normalised": normalised, "sentences": len(altered), **flips})
    return rows


def surface_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """:func:`surface_changes`' rows as a Markdown table, with shares of the sentences each change alters."""
    lines = ["| change | normalised | sentences | issue set changed | stance changed | side changed |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        n = r["sentences"]
        # a change that touched no sentence has no share to report (0 of 0 is not 0%)
        cells = [f"{r[h]} ({r[h] / n:.1%})" if n else "—" for h in ("issue", "stance", "side")]
        lines.append(f"| {r['change']} | {'yes' if r['normalised'] else 'no'} | {r['sentences']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
