"""Tables where analysts work: results as a pandas DataFrame or a ``datasets.Dataset``, and files.

pandas is optional (the ``[frames]`` extra); without it, tables come back as a
``datasets.Dataset``, which stancelib already depends on and which converts to
pandas, Arrow, CSV and Parquet itself.

Everything tabular goes through two functions: :func:`records_to_frame` (rows
to a table in memory) and :func:`write_table` (rows to a CSV, JSONL or Parquet
file, written atomically). :func:`labels_to_frame` and :func:`save_labels` are
the same for a list of :class:`~stancelib.api.SentenceLabel`, such as
:func:`stancelib.classify_documents` returns. They live here rather than on the
front door of the package: a list of labels is a plain list, and one module
for tables keeps the choice of pandas or Dataset in one place.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

__all__ = ["records_to_frame", "labels_to_frame", "label_records", "write_table", "save_labels",
           "LABEL_TABLE_COLUMNS", "TABLE_FORMATS"]

#: The columns of a table of sentence labels, in order. ``issues`` is a list
#: (joined with ``;`` in CSV); ``start`` and ``end`` are the span.
LABEL_TABLE_COLUMNS = ("doc_id", "date", "source", "start", "end", "text", "issues", "stance", "side", "confidence")

#: File formats :func:`write_table` writes, by suffix.
TABLE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}

#: How a list is written in one CSV cell.
CSV_LIST_SEPARATOR = ";"


def count_of(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, in the plural unless ``n`` is 1: ``count_of(1, "issue")`` is ``"1 issue"``.

    >>> count_of(1, "sentence"), count_of(0, "period"), count_of(2, "summary", "summaries")
    ('1 sentence', '0 periods', '2 summaries')
    """
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def records_to_frame(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> Any:
    """A table of ``records`` with exactly ``columns``, in that order.

    Parameters
    ----------
    records : sequence of mapping
        One mapping per row; a key missing from a row is a missing value.
    columns : sequence of str
        The columns, in order. An empty ``records`` gives an empty table
        that still has these columns.

    Returns
    -------
    pandas.DataFrame or datasets.Dataset
        A DataFrame when pandas is installed, else a Dataset.
    """
    columns = list(columns)
    rows = [{c: r.get(c) for c in columns} for r in records]
    try:
        import pandas as pd
    except ImportError:
        import datasets

        return datasets.Dataset.from_dict({c: [r[c] for r in rows] for c in columns})
    return pd.DataFrame.from_records(rows, columns=columns)


def label_records(labels: Iterable[Any]) -> list[dict[str, Any]]:
    """One flat dict per label, with the keys of :data:`LABEL_TABLE_COLUMNS`.

    >>> from stancelib.api import SentenceLabel
    >>> label_records([SentenceLabel("Talks.", (0, 6), ("relations",), "neutral", "joint", 0.9, doc_id="d1")])
    [{'doc_id': 'd1', 'date': None, 'source': None, 'start': 0, 'end': 6, 'text': 'Talks.', 'issues': ['relations'], 'stance': 'neutral', 'side': 'joint', 'confidence': 0.9}]
    """
    return [{"doc_id": lab.doc_id, "date": lab.date, "source": lab.source, "start": lab.span[0],
             "end": lab.span[1], "text": lab.text, "issues": list(lab.issues), "stance": lab.stance,
             "side": lab.side, "confidence": lab.confidence} for lab in labels]


def labels_to_frame(labels: Iterable[Any]) -> Any:
    """A table of sentence labels, one row per sentence.

    Parameters
    ----------
    labels : iterable of SentenceLabel
        From :func:`stancelib.classify`, :func:`stancelib.classify_sentences`
        or :func:`stancelib.classify_documents`.

    Returns
    -------
    pandas.DataFrame or datasets.Dataset
        Columns :data:`LABEL_TABLE_COLUMNS` (``doc_id``, ``date``, ``source``,
        ``start``, ``end``, ``text``, ``issues`` as a list, ``stance``,
        ``side``, ``confidence``), also when ``labels`` is empty. A DataFrame
        when pandas is installed (the ``[frames]`` extra), else a Dataset.

    Examples
    --------
    >>> from stancelib import classify_documents
    >>> frame = labels_to_frame(classify_documents([{"id": "d1", "date": "2024-05", "text": "Talks went on."}]))
    >>> list(frame.columns) == list(LABEL_TABLE_COLUMNS), frame["doc_id"][0], frame["date"][0]
    (True, 'd1', '2024-05')
    """
    if isinstance(labels, (str, bytes)) or isinstance(labels, Mapping):
        raise TypeError(f"labels_to_frame() expects a list of SentenceLabel, got {type(labels).__name__}")
    return records_to_frame(label_records(labels), LABEL_TABLE_COLUMNS)


def _table_format(path: Path) -> str:
    fmt = TABLE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot tell the format of {path.name!r} from its suffix; end it with one of "
                         f"{', '.join(TABLE_FORMATS)}")
    return fmt


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return CSV_LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_table(records: Iterable[Mapping[str, Any]], path: str | os.PathLike[str], *,
                columns: Sequence[str]) -> Path:
    """Write rows to a CSV, JSONL or Parquet file (by its suffix), atomically.

    The file is written to a temporary name in the same folder and renamed
    over ``path`` only when complete: an error or an interruption leaves any
    previous file as it was.

    Parameters
    ----------
    records : iterable of mapping
        One mapping per row; keys outside ``columns`` are not written, a
        missing key is an empty cell.
    path : str or path-like
        Ends in ``.csv`` (lists joined with ``;``, None as an empty cell),
        ``.jsonl`` / ``.ndjson`` or ``.parquet`` (lists kept as lists; needs
        pyarrow, which ``datasets`` installs).
    columns : sequence of str
        The columns, in order.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ValueError
        The suffix is none of these.
    FileNotFoundError
        The folder of ``path`` does not exist.
    """
    target = Path(path)
    fmt = _table_format(target)
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"cannot write {target}: no such folder {folder}; create it first")
    columns = list(columns)
    rows = ({c: r.get(c) for c in columns} for r in records)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        if fmt == "parquet":
            os.close(fd)
            import pyarrow as pa
            import pyarrow.parquet as pq

            data = list(rows)
            pq.write_table(pa.Table.from_pylist(data) if data else pa.table({c: [] for c in columns}), tmp)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                if fmt == "csv":
                    w = csv.writer(f)
                    w.writerow(columns)
                    for r in rows:
                        w.writerow([_csv_cell(r[c]) for c in columns])
                else:
                    for r in rows:
                        f.write(json.dumps(r, ensure_ascii=False) + "\n")
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target


def save_labels(labels: Iterable[Any], path: str | os.PathLike[str]) -> Path:
    """Write sentence labels to a CSV, JSONL or Parquet file (by suffix), atomically.

    The columns are those of :func:`labels_to_frame`; see :func:`write_table`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from stancelib import classify_documents
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = save_labels(classify_documents(["Talks went on."]), folder / "labels.csv")
    >>> path.read_text().splitlines()[0]
    'doc_id,date,source,start,end,text,issues,stance,side,confidence'
    """
    if isinstance(labels, (str, bytes)) or isinstance(labels, Mapping):
        raise TypeError(f"save_labels() expects a list of SentenceLabel, got {type(labels).__name__}")
    return write_table(label_records(labels), path, columns=LABEL_TABLE_COLUMNS)
