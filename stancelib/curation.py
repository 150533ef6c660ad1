"""Help with labelling: which sentences to label next, which labels look wrong."""

from __future__ import annotations

import numbers
import os
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

__all__ = ["uncertainty", "suggest", "suggestion_id", "audit", "Suspect", "ThinAuditWarning", "NEEDS_REVIEW"]


def uncertainty(model: Any, texts: Sequence[str], *, documents: Sequence[Any] | None = None) -> np.ndarray:
    """How unsure the model is of each sentence, in [0, 1] (higher: less sure).

    The mean over heads of one minus the margin between the two most likely
    labels (for issues: how close each code's probability is to its
    threshold, taken at the least decided code).

    Parameters
    ----------
    model : ReadoutClassifier
    texts : sequence of str
        Sentences.
    documents : sequence of hashable, default=None
        Document of each sentence, in reading order (passed to
        ``model.predict_proba``): a sentence that reads the one before it
        ("He also raised ...") is judged as :func:`stancelib.classify` labels
        it. None judges each sentence alone.

    Returns
    -------
    ndarray
        One value per text.
    """
    return _uncertainty_of(model, model.predict_proba(list(texts), documents=documents))


def _uncertainty_of(model: Any, proba: dict[str, np.ndarray]) -> np.ndarray:
    """:func:`uncertainty` of probabilities already computed."""
    parts = []
    for field, p in proba.items():
        if model.schema_.is_multi_label(field):
            # 0 when every code is far from its threshold, 1 when one sits on it
            distance = np.abs(p - model.thresholds_) / np.maximum(model.thresholds_, 1 - model.thresholds_)
            parts.append(1 - distance.min(axis=1))
        else:
            top = np.sort(p, axis=1)[:, -2:]
            parts.append(1 - (top[:, 1] - top[:, 0]))
    return np.mean(parts, axis=0)


#: The field that marks a record's labels as the model's unchecked guess.
#: ``validate`` and ``train`` refuse records that still carry it.
NEEDS_REVIEW = "needs_review"


def suggestion_id(source: str, text: str) -> str:
    """A stable id of a suggested sentence: the same text from the same source
    gets the same id in every run, and different ones never collide in practice.

    >>> suggestion_id("readout.txt", "Talks resumed.") == suggestion_id("readout.txt", "Talks resumed.")
    True
    """
    import hashlib

    return "suggest-" + hashlib.sha256(f"{source}\n{text}".encode("utf-8")).hexdigest()[:16]


def _suggest_texts(texts: Any) -> list[str]:
    """``texts`` as a list of str, or a TypeError naming what was given instead and the fix."""
    if isinstance(texts, (str, bytes)):
        raise TypeError(f"suggest() expects a sequence of sentences, got a single {type(texts).__name__}; "
                        "segment it first: [s.text for s in segment(text)] (from stancelib.segment)")
    if hasattr(texts, "columns") and hasattr(texts, "iloc"):
        raise TypeError(f"suggest() got a {type(texts).__name__}, whose iteration yields its column names; "
                        "pass the column of sentences, e.g. df['text'].tolist()")
    if isinstance(texts, Mapping) or not hasattr(texts, "__iter__"):
        raise TypeError(f"suggest() expects a sequence of str, got {type(texts).__name__}")
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            name = type(t).__name__
            raise TypeError(f"suggest() expects sentences as str, text {i} is "
                            + ("None" if t is None else f"{'an' if name[0] in 'aeiou' else 'a'} {name}")
                            + "; drop it, or pass '' for a sentence to skip")
    return out


def _doc_name(doc: Any, default: str) -> str:
    """A document id as written in a record: ``default`` for None, NaN or a blank str, else ``str(doc)``
    (so that ``0``, a pandas positional id, stays ``"0"``)."""
    if doc is None or (isinstance(doc, (float, np.floating)) and doc != doc):
        return default
    name = str(doc)
    return name if name.strip() else default


def suggest(model: Any, texts: Sequence[str], n: int = 50, *, source: str = "",
            doc_ids: Sequence[Any] | None = None) -> list[dict[str, Any]]:
    """The ``n`` sentences the model is least sure of, as records to check.

    Parameters
    ----------
    model : ReadoutClassifier
    texts : sequence of str
        Sentences in reading order (``[s.text for s in segment(text)]`` for a
        whole text). Blank ones are skipped.
    n : int, default=50
    source : str, default=""
        Where the sentences come from (a file name); part of each id.
    doc_ids : sequence, default=None
        Document of each sentence (written as ``str``; ``0`` stays ``"0"``);
        None puts them all in one document named after ``source``, and so
        does a None, NaN or blank entry. The sentences of each document are
        read in the order given, also when documents are interleaved.

    Returns
    -------
    list of dict
        Records in the labelled format, least sure first: a stable ``id``
        (:func:`suggestion_id`), ``doc_id``, ``text``, ``context_before`` (the
        sentence before, in the same document), the label fields pre-filled
        with the model's guess, ``needs_review: true`` (delete it once you have
        checked the labels; ``validate`` and ``train`` refuse records that keep
        it) and the ``uncertainty``. The guess and the uncertainty are those
        of the sentence read in its document, as :func:`stancelib.classify`
        labels it: a sentence that opens with a pronoun ("He also raised
        ...") takes part of its side from the sentence before. Duplicate
        sentences are suggested once (their first occurrence).

    Raises
    ------
    TypeError
        ``texts`` is a single str (segment it first) or holds something other
        than a str; ``doc_ids`` is a str.
    ValueError
        ``n`` is not a whole number of at least 1; ``doc_ids`` and ``texts``
        differ in length.
    """
    texts = _suggest_texts(texts)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1, got {n!r}")
    default_doc = source or "suggested"
    if doc_ids is None:
        docs = [default_doc] * len(texts)
    else:
        if isinstance(doc_ids, (str, bytes)):
            raise TypeError(f"doc_ids must be a sequence with one document id per text, got a single "
                            f"{type(doc_ids).__name__}; for one document pass [{doc_ids!r}] * len(texts)")
        doc_ids = list(doc_ids)
        if len(doc_ids) != len(texts):
            raise ValueError(f"doc_ids has {len(doc_ids)} entries for {len(texts)} texts; give one per text")
        docs = [_doc_name(d, default_doc) for d in doc_ids]
    # what the model reads: each document's sentences together, in reading order (the sentence before one
    # is the row before it, as in classify), blank ones left out; duplicates kept, each with its own context
    first_seen: dict[str, int] = {}
    for d in docs:
        first_seen.setdefault(d, len(first_seen))
    rows = sorted((i for i, t in enumerate(texts) if t.strip()), key=lambda i: first_seen[docs[i]])
    if not rows:
        return []
    read = [texts[i] for i in rows]
    read_docs = [docs[i] for i in rows]
    u_read = _uncertainty_of(model, model.predict_proba(read, documents=read_docs))
    guesses = model.predict(read, documents=read_docs)
    position = {i: k for k, i in enumerate(rows)}
    unique: dict[str, int] = {}  # text -> its first row read (by input order)
    for i in sorted(rows):
        unique.setdefault(texts[i], position[i])
    order = list(unique)
    u = u_read[[unique[t] for t in order]]
    picked = np.argsort(-u, kind="stable")[:n]
    out = []
    for i in picked:
        k = unique[order[i]]
        before = read[k - 1] if k > 0 and read_docs[k - 1] == read_docs[k] else ""
        record = {"id": suggestion_id(f"{source}:{read_docs[k]}", order[i]), "doc_id": read_docs[k],
                  "text": order[i], "context_before": before}
        record.update({f: (list(v[k]) if model.schema_.is_multi_label(f) else v[k]) for f, v in guesses.items()})
        record[NEEDS_REVIEW] = True
        record["uncertainty"] = round(float(u[i]), 4)
        out.append(record)
    return out


@dataclass(frozen=True)
class Suspect:
    """A labelled sentence whose cross-validated prediction confidently disagrees."""

    id: str
    text: str
    field: str
    label: Any
    predicted: Any
    probability: float
    source: str
    line: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


#: Below this many sentences (or documents) the audit's model is too weak for
#: its confidence to mean much: audit warns and suggests ``base="seeds"``.
AUDIT_MIN_SENTENCES = 500
AUDIT_MIN_DOCUMENTS = 20


class ThinAuditWarning(UserWarning):
    """The audited data are too few for a trustworthy out-of-fold model."""


def _audit_records(records: Any) -> list[dict[str, Any]]:
    """``records`` as a list of dicts, or a TypeError naming what was given instead and the fix."""
    if isinstance(records, (str, bytes, os.PathLike)):
        raise TypeError(f"audit() expects records, got a {type(records).__name__} ({records!r}); load them with "
                        "stancelib.data.load_records(path)")
    if hasattr(records, "columns") and hasattr(records, "to_dict"):  # a pandas DataFrame
        return records.to_dict("records")
    if isinstance(records, Mapping):
        raise TypeError("audit() expects a sequence of records, got a single mapping; wrap it in a list")
    if not hasattr(records, "__iter__"):
        raise TypeError(f"audit() expects a sequence of records (dicts), got {type(records).__name__}")
    out = list(records)
    for i, r in enumerate(out):
        if not isinstance(r, Mapping):
            raise TypeError(f"audit() expects records as dicts, item {i} is a {type(r).__name__}"
                            + ("; load a file with stancelib.data.load_records(path)"
                               if isinstance(r, (str, os.PathLike)) else ""))
    return out


def audit(records: Sequence[dict[str, Any]], *, base: str = "none", folds: int = 5, threshold: float = 0.95,
          params: dict[str, Any] | None = None, seed: int | None = None, seeds_dir: Any = None,
          progress: bool = False) -> list[Suspect]:
    """Likely label errors: calibrated out-of-fold predictions that confidently disagree.

    Parameters
    ----------
    records : sequence of dict or pandas.DataFrame
        Labelled sentences (as :func:`stancelib.data.load_records` returns;
        a DataFrame is read as ``df.to_dict("records")``).
    base : {"none", "seeds"}, default="none"
        ``"seeds"`` trains the fold models on the seed corpus too (from a
        source checkout), so that a small file is judged by a model that has
        seen enough data; only ``records`` are reported.
    folds : int, default=5
        Folds grouped by document, at least 2: every sentence is predicted by
        a model that never saw its document (fewer folds are used when there
        are fewer documents).
    threshold : float, default=0.95
        A sentence is listed when another stance or side gets calibrated
        probability >= ``threshold``, when an issue it lacks gets >=
        ``threshold``, or when every issue it has gets <= 1 - ``threshold``
        (a missing secondary issue alone is not listed: taggers differ on
        those far more than on errors).
    seed : int, default=None
        Seed of the fold models, in [0, 2**32 - 1]; None:
        ``stancelib.config.DEFAULTS.seed``.

    Returns
    -------
    list of Suspect
        Most confident first.

    Raises
    ------
    TypeError
        ``records`` is a path or a str (load it first with
        :func:`stancelib.data.load_records`), a single record, or holds
        something other than dicts; ``folds``, ``threshold`` or ``seed`` is
        not a number.
    DataValidationError
        A record lacks a field or carries a label the scheme refuses (as
        :func:`stancelib.train` checks them); every problem is listed.
    ValueError
        ``folds`` below 2, ``threshold`` outside [0.5, 1), ``seed`` outside
        [0, 2**32 - 1], ``base`` not one of its values, or fewer than 2
        documents.

    Warns
    -----
    ThinAuditWarning
        Fewer than ``AUDIT_MIN_SENTENCES`` sentences or ``AUDIT_MIN_DOCUMENTS``
        documents to learn from.
    """
    import warnings

    from .model import ReadoutClassifier
    from .schema import LABEL_FIELDS

    audited = _audit_records(records)
    if isinstance(folds, bool) or not isinstance(folds, numbers.Integral):
        raise TypeError(f"folds must be a whole number of at least 2, got {folds!r}")
    if folds < 2:
        raise ValueError(f"folds must be at least 2 (each sentence is judged by a model trained on the other "
                         f"folds), got {folds}")
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real):
        raise TypeError(f"threshold must be a number in [0.5, 1), got {threshold!r}"
                        + (f"; pass float({threshold!r})" if isinstance(threshold, str) else ""))
    if not 0.5 <= threshold < 1:
        raise ValueError(f"threshold must be in [0.5, 1), got {threshold}")
    if base not in ("none", "seeds"):
        raise ValueError(f"base must be 'none' or 'seeds', got {base!r}")
    if seed is not None:
        from .config import check_seed

        check_seed(seed)
    folds = int(folds)
    from .data import DataValidationError, validate_records

    problems = validate_records(audited)  # as train() does: a missing or unknown label is named with its record
    if problems:
        raise DataValidationError(problems)
    pool = list(audited)
    if base == "seeds":
        from .data import load_records, seed_files

        mine = {(str(r.get("doc_id")), r["text"]) for r in audited}
        pool += [r for path in seed_files(seeds_dir) for r in load_records(path)
                 if (str(r.get("doc_id")), r["text"]) not in mine]
    texts = [r["text"] for r in pool]
    docs = [str(r["doc_id"]) for r in pool]
    n_docs = len(set(docs))
    if n_docs < 2:
        raise ValueError("audit needs labelled sentences from at least 2 documents")
    if len(pool) < AUDIT_MIN_SENTENCES or n_docs < AUDIT_MIN_DOCUMENTS:
        warnings.warn(ThinAuditWarning(
            f"audit learns from only {len(pool)} sentences in {n_docs} documents; with fewer than "
            f"{AUDIT_MIN_SENTENCES} sentences or {AUDIT_MIN_DOCUMENTS} documents its confident "
            "disagreements are mostly the model's own errors. Audit with the seed corpus: base='seeds' "
            "(CLI: --base seeds)."), stacklevel=2)
    fields = [f for f in LABEL_FIELDS if all(f in r for r in pool)]
    y = {f: [r[f] for r in pool] for f in fields}
    if seed is None:
        from .config import DEFAULTS

        seed = DEFAULTS.seed
    model = ReadoutClassifier(**dict(params or {}, cv=min(folds, n_docs), random_state=seed))
    proba = model.fit_cross_val_proba(texts, y, groups=docs, progress=progress)
    suspects: list[Suspect] = []
    for i, r in enumerate(audited):
        where = (str(r.get("_source", "")), int(r.get("_line", 0)))
        for f in fields:
            labels = list(model.classes_[f])
            p = proba[f][i]
            if np.isnan(p).any():
                continue
            if model.schema_.is_multi_label(f):
                gold = set(r[f])
                for j, code in enumerate(labels):
                    if code not in gold and p[j] >= threshold:
                        suspects.append(Suspect(str(r["id"]), r["text"], f, sorted(gold), f"+{code}", round(float(p[j]), 4), *where))
                # a missing secondary code is a matter of taste; a label none of whose codes fits is an error
                held = [p[j] for j, code in enumerate(labels) if code in gold]
                if held and max(held) <= 1 - threshold:
                    suspects.append(Suspect(str(r["id"]), r["text"], f, sorted(gold), "not " + ",".join(sorted(gold)),
                                            round(float(1 - max(held)), 4), *where))
            else:
                k = int(p.argmax())
                if labels[k] != r[f] and p[k] >= threshold:
                    suspects.append(Suspect(str(r["id"]), r["text"], f, r[f], labels[k], round(float(p[k]), 4), *where))
    suspects.sort(key=lambda s: -s.probability)
    return suspects
