"""Reading dated readouts for ``stancelib trends``: files and folders to labelled sentences.

Inputs, each of which may be:

* a folder: every ``*.txt`` in it (not its subfolders), one readout a file;
* a ``.txt`` file: one readout. Its first line may be ``date: YYYY-MM-DD``
  (or ``YYYY-MM``/``YYYY``), which is taken off the text. The id is the file
  name without ``.txt``;
* a JSONL or CSV file of readouts, one a row: ``text`` (or ``--text-column``),
  ``date``, and optionally ``id`` (else ``doc_id``, else ``<file>:<line>``)
  and ``source``;
* a JSONL or CSV file of labelled sentences (rows with ``stance`` and
  ``issues`` or ``issue``, such as the seed corpus or the output of
  ``stancelib classify --format jsonl``), used as they are: each row needs
  ``doc_id`` and ``date``.

Readouts are labelled with :func:`stancelib.classify`, one call each, and
their labels given the readout's ``doc_id``, ``date`` and ``source``. (When
``classify_documents`` lands, :func:`label_inputs` becomes a call to it.)
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Sequence

__all__ = ["read_inputs", "label_inputs"]

_DATE_LINE = re.compile(r"^\s*date\s*:\s*(\S+)\s*$", re.IGNORECASE)
_TABLE_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv")


def _read_txt(path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from .data import encoding_advice

        raise ValueError(f"{path} is not UTF-8 text (invalid byte at position {exc.start}); "
                         f"{encoding_advice(data)}") from None
    date = None
    first, sep, rest = text.partition("\n")
    m = _DATE_LINE.match(first)
    if m:
        date, text = m.group(1), rest
    return {"id": path.stem, "date": date, "source": None, "text": text, "_where": str(path)}


def read_inputs(paths: Sequence[str], *, text_column: str = "text") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The readouts and the already-labelled sentences in ``paths``.

    Returns
    -------
    (documents, labelled) : tuple of two lists of dict
        Documents have ``id``, ``date``, ``source``, ``text`` and ``_where``
        (file and line); labelled rows are the records as read.

    Raises
    ------
    ValueError
        A path does not exist or has an unknown suffix; a table of readouts
        lacks the text column; two readouts share an id (naming both places).
    """
    from .data import read_records

    documents: list[dict[str, Any]] = []
    labelled: list[dict[str, Any]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ValueError(f"no such file or folder: {raw}")
        if path.is_dir():
            files = sorted(path.glob("*.txt"))
            if not files:
                raise ValueError(f"{raw} is a folder without .txt files; pass readouts as .txt, .jsonl or .csv")
            documents.extend(_read_txt(f) for f in files)
        elif path.suffix.lower() == ".txt":
            documents.append(_read_txt(path))
        elif path.suffix.lower() in _TABLE_SUFFIXES:
            rows = read_records(path)
            if rows and "stance" in rows[0] and ("issues" in rows[0] or "issue" in rows[0]):
                labelled.extend(rows)
                continue
            for row in rows:
                where = f"{row['_source']}:{row['_line']}"
                if text_column not in row:
                    raise ValueError(f"{where} has no {text_column!r} column (columns: {', '.join(k for k in row if not k.startswith('_'))}); "
                                     "pass --text-column, or rows of labelled sentences with 'stance' and 'issues'")
                doc_id = row.get("id") if row.get("id") not in (None, "") else row.get("doc_id")
                documents.append({"id": str(doc_id) if doc_id not in (None, "") else f"{path.name}:{row['_line']}",
                                  "date": row.get("date"), "source": row.get("source"),
                                  "text": row[text_column] or "", "_where": where})
        else:
            raise ValueError(f"{raw}: unknown kind of input {path.suffix!r}; pass a folder of .txt, a .txt, "
                             ".jsonl or .csv file")
    seen: dict[str, str] = {}
    for doc in documents:
        if doc["id"] in seen:
            raise ValueError(f"two readouts have the id {doc['id']!r} ({seen[doc['id']]} and {doc['_where']}); "
                             "give each readout its own id")
        seen[doc["id"]] = doc["_where"]
    return documents, labelled


def label_inputs(documents: Sequence[dict[str, Any]], *, model: Any = None) -> list[Any]:
    """Label each readout with :func:`stancelib.classify` and give its labels the readout's fields."""
    from .api import classify

    out: list[Any] = []
    for doc in documents:
        date = doc.get("date")
        fields = {"doc_id": doc["id"], "date": None if date in (None, "") else str(date),
                  "source": doc.get("source") or None}
        out.extend(dataclasses.replace(lab, **fields) for lab in classify(doc["text"], model=model))
    return out
