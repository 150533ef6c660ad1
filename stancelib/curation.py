"""Help with labelling: which sentences to label next, which labels look wrong."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

__all__ = ["uncertainty", "suggest", "suggestion_id", "audit", "Suspect", "ThinAuditWarning", "NEEDS_REVIEW"]


def uncertainty(model: Any, texts: Sequence[str]) -> np.ndarray:
    """How unsure the model is of each sentence, in [0, 1] (higher: less sure).

    The mean over heads of one minus the margin between the two most likely
    labels (for issues: how close each code's probability is to its
    threshold, taken at the least decided code).
    """
    proba = model.predict_proba(list(texts))
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


def suggest(model: Any, texts: Sequence[str], n: int = 50, *, source: str = "",
            doc_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The ``n`` sentences the model is least sure of, as records to check.

    Parameters
    ----------
    model : ReadoutClassifier
    texts : sequence of str
        Sentences in reading order.
    n : int, default=50
    source : str, default=""
        Where the sentences come from (a file name); part of each id.
    doc_ids : sequence of str, default=None
        Document of each sentence; None puts them all in one document named
        after ``source``.

    Returns
    -------
    list of dict
        Records in the labelled format, least sure first: a stable ``id``
        (:func:`suggestion_id`), ``doc_id``, ``text``, ``context_before`` (the
        sentence before, in the same document), the label fields pre-filled
        with the model's guess, ``needs_review: true`` (delete it once you have
        checked the labels; ``validate`` and ``train`` refuse records that keep
        it) and the ``uncertainty``. Duplicate sentences are suggested once.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1, got {n!r}")
    if doc_ids is not None and len(doc_ids) != len(texts):
        raise ValueError(f"doc_ids has {len(doc_ids)} entries for {len(texts)} texts")
    default_doc = source or "suggested"
    docs = [str(d) if d else default_doc for d in doc_ids] if doc_ids is not None else [default_doc] * len(texts)
    unique: dict[str, int] = {}
    for i, t in enumerate(texts):
        if t.strip() and t not in unique:
            unique[t] = i
    order = list(unique)
    if not order:
        return []
    u = uncertainty(model, order)
    picked = np.argsort(-u, kind="stable")[:n]
    guesses = model.predict([order[i] for i in picked])
    out = []
    for rank, i in enumerate(picked):
        at = unique[order[i]]
        before = texts[at - 1] if at > 0 and docs[at - 1] == docs[at] else ""
        record = {"id": suggestion_id(f"{source}:{docs[at]}", order[i]), "doc_id": docs[at], "text": order[i],
                  "context_before": before}
        record.update({f: (list(v[rank]) if model.schema_.is_multi_label(f) else v[rank]) for f, v in guesses.items()})
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


def audit(records: Sequence[dict[str, Any]], *, base: str = "none", folds: int = 5, threshold: float = 0.95,
          params: dict[str, Any] | None = None, seed: int | None = None, seeds_dir: Any = None,
          progress: bool = False) -> list[Suspect]:
    """Likely label errors: calibrated out-of-fold predictions that confidently disagree.

    Parameters
    ----------
    records : sequence of dict
        Labelled sentences (as :func:`stancelib.data.load_records` returns).
    base : {"none", "seeds"}, default="none"
        ``"seeds"`` trains the fold models on the seed corpus too (from a
        source checkout), so that a small file is judged by a model that has
        seen enough data; only ``records`` are reported.
    folds : int, default=5
        Folds grouped by document: every sentence is predicted by a model that
        never saw its document.
    threshold : float, default=0.95
        A sentence is listed when another stance or side gets calibrated
        probability >= ``threshold``, when an issue it lacks gets >=
        ``threshold``, or when every issue it has gets <= 1 - ``threshold``
        (a missing secondary issue alone is not listed: taggers differ on
        those far more than on errors).
    seed : int, default=None
        Seed of the fold models; None: ``stancelib.config.DEFAULTS.seed``.

    Returns
    -------
    list of Suspect
        Most confident first.

    Raises
    ------
    DataValidationError
        A record lacks a field or carries a label the scheme refuses (as
        :func:`stancelib.train` checks them); every problem is listed.
    ValueError
        ``threshold`` or ``base`` out of range, or fewer than 2 documents.

    Warns
    -----
    ThinAuditWarning
        Fewer than ``AUDIT_MIN_SENTENCES`` sentences or ``AUDIT_MIN_DOCUMENTS``
        documents to learn from.
    """
    import warnings

    from .model import ReadoutClassifier
    from .schema import LABEL_FIELDS

    if not 0.5 <= threshold < 1:
        raise ValueError(f"threshold must be in [0.5, 1), got {threshold}")
    if base not in ("none", "seeds"):
        raise ValueError(f"base must be 'none' or 'seeds', got {base!r}")
    audited = list(records)
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
