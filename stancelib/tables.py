"""Tables where analysts work: results as a pandas DataFrame or a ``datasets.Dataset``, and files.

pandas comes with ``datasets``, a dependency of stancelib; where it was
removed, tables come back as a ``datasets.Dataset``, which converts to pandas,
Arrow, CSV and Parquet itself.

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
import datetime
import json
import math
import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ._missing import is_missing

__all__ = ["records_to_frame", "labels_to_frame", "label_records", "write_table", "save_labels", "escape_formula",
           "LABEL_TABLE_COLUMNS", "TABLE_FORMATS"]

#: The columns of a table of sentence labels, in order. ``issues`` is a list
#: (joined with ``;`` in CSV); ``start`` and ``end`` are the span.
LABEL_TABLE_COLUMNS = ("doc_id", "date", "source", "start", "end", "text", "issues", "stance", "side", "confidence")

#: File formats :func:`write_table` writes, by suffix.
TABLE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}

#: How a list is written in one CSV cell.
CSV_LIST_SEPARATOR = ";"

#: The column :func:`save_labels` adds with ``model=``: which model labelled (as ``stancelib classify`` writes it).
MODEL_COLUMN = "model"

#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection: ``=``, ``+``, ``-``,
#: ``@``, and a tab or carriage return, which some spreadsheets skip before them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: ``value`` with ``'`` before it if it is a str that opens
    with one of :data:`FORMULA_STARTS` and is not a number.

    ``stancelib classify --escape-formulas`` (and ``--excel``) and
    ``write_table(..., escape_formulas=True)`` apply it to every cell. A
    number (``-0.5``, ``+3``) is left as it is: a spreadsheet reads it as the
    number it is, which runs nothing; so is a cell that is exactly ``-``
    (the ``file`` of standard input), which no spreadsheet reads as a
    formula. Anything but a str is returned unchanged.

    Examples
    --------
    >>> escape_formula("=SUM(A1:A2) is no sentence."), escape_formula("-0.5"), escape_formula("Xi met Biden.")
    ("'=SUM(A1:A2) is no sentence.", '-0.5', 'Xi met Biden.')
    >>> escape_formula("-"), escape_formula("- 5")
    ('-', "'- 5")
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or value == "-":
        return value
    if value == value.strip():
        try:
            float(value)
            return value
        except ValueError:
            pass
    return "'" + value


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
    records : sequence of mapping or pandas.DataFrame
        One mapping per row; a key missing from a row is a missing value. A
        DataFrame is read as ``df.to_dict("records")``.
    columns : sequence of str
        The columns, in order (a list, also for one column). An empty
        ``records`` gives an empty table that still has these columns.

    Returns
    -------
    pandas.DataFrame or datasets.Dataset
        A DataFrame when pandas is installed, else a Dataset.

    Raises
    ------
    TypeError
        ``columns`` is a str rather than a list of names, or ``records`` is
        not rows of mappings (see :func:`write_table`).
    """
    columns = _column_list(columns, "records_to_frame")
    rows = [{c: r.get(c) for c in columns} for r in _rows(records, "records_to_frame")]
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
    labels = _label_list(labels, "label_records", "records_to_frame(rows, columns)")
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
        when pandas is installed (it comes with ``datasets``), else a Dataset.

    Examples
    --------
    >>> from stancelib import classify_documents
    >>> frame = labels_to_frame(classify_documents([{"id": "d1", "date": "2024-05", "text": "Talks went on."}]))
    >>> list(frame.columns) == list(LABEL_TABLE_COLUMNS), frame["doc_id"][0], frame["date"][0]
    (True, 'd1', '2024-05')
    """
    labels = _label_list(labels, "labels_to_frame", "records_to_frame(rows, columns)")
    return records_to_frame(label_records(labels), LABEL_TABLE_COLUMNS)


def _table_format(path: Path) -> str:
    fmt = TABLE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot tell the format of {path.name!r} from its suffix; end it with one of "
                         f"{', '.join(TABLE_FORMATS)}")
    return fmt


def _column_list(columns: Any, where: str) -> list[str]:
    """``columns`` as a list of names, or a TypeError/ValueError naming the problem and the fix."""
    if isinstance(columns, (str, bytes)):
        raise TypeError(f"{where}() columns must be a sequence of column names, got a {type(columns).__name__}; "
                        f"did you mean [{columns!r}]?")
    if isinstance(columns, Mapping) or not hasattr(columns, "__iter__"):
        raise TypeError(f"{where}() columns must be a sequence of column names, got {type(columns).__name__}")
    out = list(columns)
    for i, c in enumerate(out):
        if not isinstance(c, str):
            raise TypeError(f"{where}() columns must be str, column {i} is {c!r} ({type(c).__name__}); "
                            f"pass str({c!r}) if that is its name")
    twice = sorted({c for c in out if out.count(c) > 1})
    if twice:
        raise ValueError(f"{where}() columns name {', '.join(map(repr, twice))} more than once; list each column once")
    return out


def _is_label(item: Any) -> bool:
    from .api import SentenceLabel

    return isinstance(item, SentenceLabel)


def _rows(records: Any, where: str) -> Iterable[Mapping[str, Any]]:
    """The rows of ``records`` as mappings, checked one by one as they are read (a generator stays one)."""
    if isinstance(records, (str, bytes)):
        raise TypeError(f"{where}() expects rows (an iterable of dicts), got a single {type(records).__name__}")
    if hasattr(records, "columns") and hasattr(records, "to_dict"):  # a pandas DataFrame
        return records.to_dict("records")
    if isinstance(records, Mapping):
        raise TypeError(f"{where}() expects rows (an iterable of dicts), got a single mapping; wrap it in a list")
    if not hasattr(records, "__iter__"):
        raise TypeError(f"{where}() expects rows (an iterable of dicts), got {type(records).__name__}")
    return _checked_rows(records, where)


def _checked_rows(records: Iterable[Any], where: str) -> Iterable[Mapping[str, Any]]:
    for i, r in enumerate(records):
        if not isinstance(r, Mapping):
            if _is_label(r):
                raise TypeError(f"{where}() expects rows as dicts, row {i} is a SentenceLabel; write labels with "
                                "save_labels(labels, path), or make rows of them with label_records(labels)")
            raise TypeError(f"{where}() expects rows as dicts, row {i} is a {type(r).__name__}")
        yield r


def _label_list(labels: Any, where: str, instead: str) -> list[Any]:
    """``labels`` as a list of SentenceLabel, or a TypeError naming what was given and, for rows of dicts
    or a DataFrame, the function ``instead`` that takes them."""
    hint = f"; rows of dicts and DataFrames go to {instead}"
    if isinstance(labels, (str, bytes)) or _is_label(labels) or not hasattr(labels, "__iter__"):
        raise TypeError(f"{where}() expects a list of SentenceLabel, got {type(labels).__name__}"
                        + ("; wrap one label in a list" if _is_label(labels) else ""))
    if isinstance(labels, Mapping) or hasattr(labels, "columns") and hasattr(labels, "to_dict"):
        raise TypeError(f"{where}() expects a list of SentenceLabel, got a {type(labels).__name__}{hint}")
    out = list(labels)
    for i, lab in enumerate(out):
        if not _is_label(lab):
            raise TypeError(f"{where}() expects SentenceLabel objects (from classify), item {i} is a "
                            f"{type(lab).__name__}" + (hint if isinstance(lab, Mapping) else ""))
    return out


def _plain(value: Any) -> Any:
    """``value`` with numpy scalars and arrays as Python values and every missing value (NaN, ``pd.NA``,
    ``pd.NaT``) as None, inside lists, tuples and dicts too."""
    if isinstance(value, (str, bool, int)):
        return value
    import numpy as np  # here, not at import: the command line imports this module for escape_formula

    if isinstance(value, (np.generic, np.ndarray)):
        if value.dtype.kind in "mM":  # .tolist() of a datetime64 in ns would be a bare int
            value = value.astype(value.dtype.name.split("[")[0] + "[us]")
        value = value.tolist()
    if is_missing(value):
        return None
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _json_cell(value: Any, column: str, row: int) -> Any:
    """A plain value (see :func:`_plain`) JSON can hold: dates and times as ISO 8601 text."""
    if isinstance(value, (datetime.date, datetime.time)):  # datetime and pandas.Timestamp too
        return value.isoformat()
    if isinstance(value, float) and math.isinf(value):
        raise ValueError(f"row {row}, column {column!r} is {value}, which JSON cannot hold; replace it (with "
                         "None, or a large number) first")
    if isinstance(value, (list, tuple)):
        return [_json_cell(v, column, row) for v in value]
    if isinstance(value, dict):
        return {k: _json_cell(v, column, row) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"row {row}, column {column!r} holds a value of type {type(value).__name__}, which JSON "
                    "cannot hold; convert it to str or a number first")


def _encodable(value: Any) -> Any:
    """``value`` with each lone surrogate of its text (keys and items too) as its ``\\udXXX`` escape, which
    UTF-8 can encode (what ``errors="backslashreplace"`` writes for CSV and JSONL).

    >>> _encodable({"text": "Taiwan \\ud83d.", "n": [1, "\\udc00"]})
    {'text': 'Taiwan \\\\ud83d.', 'n': [1, '\\\\udc00']}
    """
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, list):
        return [_encodable(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_encodable(v) for v in value)
    if isinstance(value, dict):
        return {_encodable(k): _encodable(v) for k, v in value.items()}
    return value


def csv_cell(value: Any) -> Any:
    """A value as :func:`write_table` writes it in a CSV cell (and ``stancelib classify --sentences`` its input
    columns): None empty, a list or tuple (``issues``, a gold ``issue``) joined with :data:`CSV_LIST_SEPARATOR`,
    a dict as JSON; anything else unchanged. Not Python's ``['relations']``, which neither a split nor
    ``json.loads`` reads back.

    Examples
    --------
    >>> csv_cell(["taiwan", "trade"]), csv_cell(None), csv_cell({"a": 1}), csv_cell(0.5)
    ('taiwan;trade', '', '{"a": 1}', 0.5)
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return CSV_LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


#: The encodings :func:`write_table` writes a CSV file in: UTF-8, and UTF-8 with a byte-order mark (for Excel).
CSV_ENCODINGS = ("utf-8", "utf-8-sig")


def _check_encoding(encoding: Any, fmt: str) -> str:
    """``encoding`` as one of :data:`CSV_ENCODINGS`, or the error that says which to pass."""
    if not isinstance(encoding, str):
        raise TypeError(f"encoding must be a str ('utf-8' or 'utf-8-sig'), got {type(encoding).__name__}")
    name = encoding.strip().lower().replace("_", "-").replace("utf8", "utf-8")
    if name not in CSV_ENCODINGS:
        raise ValueError(f"encoding {encoding!r} is not one stancelib writes: 'utf-8' (the default), or "
                         "'utf-8-sig' for a CSV that Excel opens (it then reads the text as UTF-8); a table "
                         "in another encoding would lose every character that encoding lacks")
    if name != "utf-8" and fmt != "csv":
        raise ValueError(f"encoding {encoding!r} is for .csv files (a byte-order mark tells Excel the CSV is UTF-8); "
                         f"a .{fmt} file is always UTF-8 without a mark, as its readers expect")
    return name


def _check_escape(escape_formulas: Any, fmt: str) -> bool:
    """``escape_formulas`` checked: a bool, and True only for a CSV (the one format a spreadsheet runs)."""
    if not isinstance(escape_formulas, bool):
        raise TypeError(f"escape_formulas must be True or False, got {type(escape_formulas).__name__}")
    if escape_formulas and fmt != "csv":
        raise ValueError(f"escape_formulas is for .csv files (a spreadsheet runs a CSV cell that opens with '=' as a "
                         f"formula); a .{fmt} file keeps text as it is, which is what its readers expect")
    return escape_formulas


def write_table(records: Iterable[Mapping[str, Any]], path: str | os.PathLike[str], *,
                columns: Sequence[str], encoding: str = "utf-8", escape_formulas: bool = False) -> Path:
    """Write rows to a CSV, JSONL or Parquet file (by its suffix), atomically.

    The file is written to a temporary name in the same folder and renamed
    over ``path`` only when complete: an error or an interruption leaves any
    previous file as it was, and no temporary file. It gets the permissions
    ``open()`` would give it (0644 under the usual umask 022; a file
    replaced keeps its mode): :func:`stancelib.persist.atomic_open`.

    Parameters
    ----------
    records : iterable of mapping or pandas.DataFrame
        One mapping per row; keys outside ``columns`` are not written, a
        missing key is an empty cell. A DataFrame is read as
        ``df.to_dict("records")``; a list of SentenceLabel goes to
        :func:`save_labels`.
    path : str or path-like
        Ends in ``.csv`` (lists joined with ``;``, None as an empty cell),
        ``.jsonl`` / ``.ndjson`` (strict JSON: None as ``null``, dates and
        times as ISO 8601 text) or ``.parquet`` (lists kept as lists; needs
        pyarrow, which ``datasets`` installs). In every format a missing
        value (None, NaN, ``pd.NA``, ``pd.NaT``) is written as missing, and
        numpy scalars as the Python numbers they hold. A lone surrogate in a
        text (half of an emoji cut in scraped text: ``"\\ud83d"``), which
        UTF-8 cannot encode, is written as its escape ``\\ud83d``, as
        ``stancelib classify`` writes it: in JSONL that is JSON's escape, so
        the text reads back as it was; in CSV and Parquet it is six
        characters of text, one a backslash, where the text had one.
    columns : sequence of str
        The columns, in order (a list, also for one column).
    encoding : {"utf-8", "utf-8-sig"}, default="utf-8"
        ``"utf-8-sig"`` starts a CSV with a UTF-8 byte-order mark, which
        Excel needs to read a double-clicked file as UTF-8 (without it, it
        reads the system's code page, and curly quotes and dashes come out
        as two or three wrong characters each); pandas reads either. Only
        for ``.csv``.
    escape_formulas : bool, default=False
        Put ``'`` before every text cell that a spreadsheet would run as a
        formula (one that opens with ``=``, ``+``, ``-``, ``@``, a tab or a
        carriage return and is not a number): :func:`escape_formula`, as
        ``stancelib classify --escape-formulas`` does. Scraped text is
        written by others, so a CSV for Excel should escape:
        ``encoding="utf-8-sig", escape_formulas=True`` is what
        ``stancelib classify --excel`` writes. The cell then reads back
        with the ``'``. Only for ``.csv``.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    TypeError
        ``columns`` is a str rather than a list of names; ``records`` is a
        str, a single mapping, or holds something other than mappings (a
        SentenceLabel: use :func:`save_labels`); a ``.jsonl`` cell holds a
        value JSON cannot (an object other than a number, str, list, dict,
        date or time).
    ValueError
        The suffix is none of these; ``columns`` names a column twice; a
        ``.jsonl`` cell is infinite; ``encoding`` is not one of the two, or
        ``"utf-8-sig"`` (or ``escape_formulas=True``) for a file that is not
        ``.csv``. ``escape_formulas`` that is not a bool is a ``TypeError``.
    FileNotFoundError
        The folder of ``path`` does not exist.
    """
    target = Path(path)
    fmt = _table_format(target)
    encoding = _check_encoding(encoding, fmt)
    escape = _check_escape(escape_formulas, fmt)
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"cannot write {target}: no such folder {folder}; create it first")
    columns = _column_list(columns, "write_table")
    rows = ({c: _plain(r.get(c)) for c in columns} for r in _rows(records, "write_table"))
    from .persist import atomic_open

    # one atomic writer (persist.atomic_open): the file gets the permissions open() gives one (0644 under the
    # usual umask, not a temporary file's owner-only 0600), and an error leaves the old file and no temporary one
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        data = list(rows)
        try:
            table = pa.Table.from_pylist(data) if data else pa.table({c: [] for c in columns})
        except UnicodeEncodeError:  # a lone surrogate, which a Parquet string (UTF-8) cannot hold
            table = pa.Table.from_pylist([_encodable(r) for r in data])
        with atomic_open(target, "wb") as f:
            pq.write_table(table, f)
        return target
    # errors="backslashreplace": a lone surrogate (half of an emoji cut in scraped text, which the readers
    # accept) is written as its \udXXX escape, as the CLI writes it; inside a JSON string that is JSON's own
    # escape, which reads back as the same character
    with atomic_open(target, encoding=encoding, errors="backslashreplace", newline="") as f:
        if fmt == "csv":
            w = csv.writer(f)
            w.writerow(columns)
            for r in rows:
                cells = [csv_cell(r[c]) for c in columns]
                w.writerow([escape_formula(v) for v in cells] if escape else cells)
        else:
            for i, r in enumerate(rows):
                cells = {c: _json_cell(v, c, i) for c, v in r.items()}
                f.write(json.dumps(cells, ensure_ascii=False, allow_nan=False) + "\n")
    return target


#: A model id as :func:`stancelib.persist.model_id` gives it, which :func:`save_labels` writes as it is.
_MODEL_ID = re.compile(r"(?:model|unsaved|compiled)-[0-9a-f]{16}")


def _model_name(model: Any) -> str:
    """The ``model`` cell of :func:`save_labels`: an id as it is, else :func:`stancelib.persist.model_id`'s."""
    if isinstance(model, str) and _MODEL_ID.fullmatch(model) and not os.path.exists(model):
        return model
    from .persist import model_id

    return model_id(model)


def save_labels(labels: Iterable[Any], path: str | os.PathLike[str], *, encoding: str = "utf-8",
                escape_formulas: bool = False, model: Any = None) -> Path:
    """Write sentence labels to a CSV, JSONL or Parquet file (by suffix), atomically.

    The columns are those of :func:`labels_to_frame` (and ``model`` last,
    with ``model=``); see :func:`write_table`.

    Parameters
    ----------
    labels : iterable of SentenceLabel
        From :func:`stancelib.classify`, :func:`stancelib.classify_sentences`
        or :func:`stancelib.classify_documents`.
    path : str or path-like
        Ends in ``.csv``, ``.jsonl`` / ``.ndjson`` or ``.parquet``.
    encoding : {"utf-8", "utf-8-sig"}, default="utf-8"
        ``"utf-8-sig"`` for a CSV to open in Excel (a byte-order mark first);
        see :func:`write_table`.
    escape_formulas : bool, default=False
        Escape every text cell a spreadsheet would run as a formula
        (:func:`escape_formula`); see :func:`write_table`. A CSV for Excel
        is ``encoding="utf-8-sig", escape_formulas=True``, as ``stancelib
        classify --excel`` writes it. Only for ``.csv``.
    model : model, path, str or None, default=None
        The model that made the labels: a model, or what
        :func:`stancelib.persist.model_id` takes (a model directory,
        ``"accurate"``), or an id it gave (``model-6e1cd95d1739c244``). Its
        id goes in a last column ``model`` of every row, as ``stancelib
        classify`` writes it, so that a file found later says which model
        made it. None (the default): no such column (None does not mean the
        bundled model here; pass ``load_model()`` or ``model_id()`` for it).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    TypeError
        ``labels`` is a str, a single label or mapping, or holds something
        other than SentenceLabel objects (rows of dicts go to
        :func:`write_table`); ``model`` is not a model, a path or an id.
    ValueError, FileNotFoundError
        As :func:`write_table`; as :func:`stancelib.persist.model_id` for
        ``model``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from stancelib import classify_documents
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = save_labels(classify_documents(["Talks went on."]), folder / "labels.csv")
    >>> path.read_text().splitlines()[0]
    'doc_id,date,source,start,end,text,issues,stance,side,confidence'
    >>> from stancelib import classify_sentences
    >>> path = save_labels(classify_sentences(["=1+1 Talks went on."]), folder / "excel.csv", encoding="utf-8-sig",
    ...                    escape_formulas=True, model="model-6e1cd95d1739c244")
    >>> path.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[5], path.read_text().splitlines()[0][-5:]
    ("'=1+1 Talks went on.", 'model')
    """
    labels = _label_list(labels, "save_labels", "write_table(rows, path, columns=[...])")
    records = label_records(labels)
    columns: tuple[str, ...] = LABEL_TABLE_COLUMNS
    if model is not None:
        name = _model_name(model)  # before anything is written
        columns += (MODEL_COLUMN,)
        records = [dict(r, **{MODEL_COLUMN: name}) for r in records]
    return write_table(records, path, columns=columns, encoding=encoding, escape_formulas=escape_formulas)
