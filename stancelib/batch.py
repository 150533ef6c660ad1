"""Labelling at scale: streaming files and Hugging Face datasets."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any, Iterator

from .api import SentenceLabel, _labels, resolve_model

__all__ = ["classify_dataset", "iter_labelled_file", "LABEL_COLUMNS"]

#: Columns :func:`classify_dataset` adds.
LABEL_COLUMNS = ("issues", "stance", "side", "confidence")


def iter_rows(path: str, text_column: str) -> Iterator[dict[str, Any]]:
    """The rows of a sentence file (JSONL, CSV, or plain text: one sentence a
    line, as ``{text_column: line}``), checked to hold a string ``text_column``."""
    p = Path(path)
    if path != "-" and not p.exists():
        raise SystemExit(f"stancelib: no such file: {path}")
    stream = sys.stdin if path == "-" else p.open(encoding="utf-8", newline="")
    suffix = p.suffix.lower() if path != "-" else ".txt"
    try:
        if suffix in (".jsonl", ".ndjson", ".json"):
            for i, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"stancelib: {path}:{i}: not valid JSON ({exc.msg})") from None
                if not isinstance(row, dict) or not isinstance(row.get(text_column), str):
                    raise SystemExit(f"stancelib: {path}:{i}: expected an object with a string {text_column!r} field")
                yield row
        elif suffix == ".csv":
            reader = csv.DictReader(stream)
            if reader.fieldnames is None or text_column not in reader.fieldnames:
                raise SystemExit(f"stancelib: {path} has no {text_column!r} column (columns: {reader.fieldnames}); use --text-column")
            for row in reader:
                row[text_column] = row[text_column] or ""
                yield row
        else:
            for line in stream:
                if line.strip():
                    yield {text_column: line.rstrip("\r\n")}
    except UnicodeDecodeError as exc:
        raise SystemExit(f"stancelib: {path} is not UTF-8 text (invalid byte at position {exc.start})") from None
    finally:
        if stream is not sys.stdin:
            stream.close()


def _iter_texts(path: str, text_column: str) -> Iterator[str]:
    for row in iter_rows(path, text_column):
        yield row[text_column]


def iter_labelled_file(path: str, *, model: Any = None, text_column: str = "text",
                       batch_size: int = 2048, progress: bool = True) -> Iterator[SentenceLabel]:
    """Label a file with one sentence per row (JSONL, CSV or plain text), lazily.

    Memory stays bounded by ``batch_size`` whatever the file's size.
    """
    clf = resolve_model(model)
    bar = None
    if progress and sys.stderr.isatty():
        try:
            from tqdm.auto import tqdm

            bar = tqdm(unit=" sentences", file=sys.stderr)
        except ImportError:  # pragma: no cover
            bar = None
    batch: list[str] = []
    try:
        for text in _iter_texts(path, text_column):
            batch.append(text)
            if len(batch) >= batch_size:
                yield from _labels(clf, batch, [(0, len(t)) for t in batch], None)
                if bar is not None:
                    bar.update(len(batch))
                batch = []
        if batch:
            yield from _labels(clf, batch, [(0, len(t)) for t in batch], None)
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()


class _Labeller:
    """A picklable batch function for ``Dataset.map`` (works with num_proc > 1)."""

    def __init__(self, model: Any, text_column: str):
        self.model = model
        self.text_column = text_column

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        texts = batch[self.text_column]
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise TypeError(f"column {self.text_column!r} holds a {type(t).__name__} in this batch (row {i}); expected str")
        labels = _labels(self.model, texts, [(0, len(t)) for t in texts], None)
        return {
            "issues": [list(lab.issues) for lab in labels],
            "stance": [lab.stance for lab in labels],
            "side": [lab.side for lab in labels],
            "confidence": [lab.confidence for lab in labels],
        }


def classify_dataset(dataset: Any, *, text_column: str = "text", batch_size: int = 1000,
                     num_proc: int | None = None, model: Any = None) -> Any:
    """Add label columns to a Hugging Face ``datasets.Dataset``, batch by batch.

    Parameters
    ----------
    dataset : datasets.Dataset
        Any size: ``Dataset.map`` works out of core, on Arrow files.
    text_column : str, default="text"
        The column with one sentence per row.
    batch_size : int, default=1000
        Rows per call of the model.
    num_proc : int, default=None
        Worker processes for ``map``.
    model : ReadoutClassifier or path, default=None
        None uses the bundled model.

    Returns
    -------
    datasets.Dataset
        ``dataset`` with the columns ``issues``, ``stance``, ``side`` and
        ``confidence`` added (replacing columns of those names).
    """
    if type(dataset).__name__ == "DatasetDict":
        raise TypeError(f"Expected a Dataset, got a DatasetDict with the splits {list(dataset)}; pass one, e.g. dataset[{list(dataset)[0]!r}]")
    if not hasattr(dataset, "map") or not hasattr(dataset, "column_names"):
        raise TypeError(f"Expected a datasets.Dataset, got {type(dataset).__name__}")
    if text_column not in dataset.column_names:
        raise ValueError(f"No column {text_column!r} in the dataset (columns: {dataset.column_names}); pass text_column=")
    clf = resolve_model(model)
    manifest = getattr(clf, "manifest_", None) or {}
    import hashlib

    key = f"{manifest.get('artifact_sha256', id(clf))}-{dataset._fingerprint}-{text_column}"
    fingerprint = "stancelib-" + hashlib.sha256(key.encode()).hexdigest()[:32]
    drop = [c for c in LABEL_COLUMNS if c in dataset.column_names and c != text_column]
    return dataset.map(_Labeller(clf, text_column), batched=True, batch_size=batch_size, num_proc=num_proc,
                       remove_columns=drop or None, new_fingerprint=fingerprint,
                       desc="stancelib: labelling")
