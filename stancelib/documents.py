"""Many readouts in one call: label a collection of documents, keeping each one's context.

:func:`classify_documents` takes a collection of readouts (texts, records
with ``id`` / ``date`` / ``source`` / ``text``, a JSONL or CSV file, a folder
of ``.txt`` files, or a ``datasets.Dataset``) and labels every sentence of
every document, as :func:`stancelib.classify` would label each document on its
own, but in large batches: the fixed cost of a model call is paid once per
few thousand sentences, not once per readout.

:func:`read_documents` is the reading half on its own: every input form above
becomes a list of :class:`Document`, validated (a bad date, a duplicate id or
a text that is not a str is an error naming the document). It is the one
reader of readouts: the command line (``stancelib classify`` and ``stancelib
trends``) reads its inputs through it, and :func:`parse_date` is the one date
check (:func:`stancelib.trends` uses it too).

Ids: a record's ``id`` (else ``doc_id``); without one, a record read from a
JSONL/CSV file is ``<file name>:<line>`` (``readouts.jsonl:3``; a CSV row's
line is the one it starts on, the header being line 1), so a label joins back
to the line it came from; a record of a ``.json`` file's JSON array is
``<file name>[<index>]`` (``readouts.json[2]``, as ``jq '.[2]'`` finds it:
records of an array may share a line); and an item of an in-memory list is
its position (``"0"``, ``"1"`` ...), its index in the list. A text file's id
is its name without the suffix, also when it is named by a ``pathlib.Path``
item of a list (a str item is always a text, even one that names a file).
The command line and :func:`read_documents` (:func:`placed_apart`) name text files of
one name in different folders (``wh/2024-04-12.txt`` and ``mfa/2024-04-12.txt``) by their
paths from the folder they share, without the suffix: ``wh/2024-04-12`` and
``mfa/2024-04-12``.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import math
import numbers
import os
import re
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Collection, Iterable, Iterator, Mapping, NamedTuple, Sequence

from ._missing import is_missing
from ._warnings import outside_stacklevel
from .api import BATCH_SIZE, SentenceLabel, label_sentences, names_a_file, resolve_model, warn_file_name
from .data import JSON_FORMS, RECORD_SUFFIXES, csv_rows, iter_json_values
from .segment import iter_lines, segment

if TYPE_CHECKING:  # pragma: no cover
    from .model import ReadoutClassifier

__all__ = ["Document", "DocumentError", "HeaderOnlyWarning", "classify_documents", "read_documents",
           "read_text_document", "parse_date", "DOCUMENT_SUFFIXES", "TEXT_SUFFIXES"]

#: File suffixes read as one document per record (a line of JSONL, a row of CSV; a ``.json`` file holds either
#: one JSON array of records or JSON Lines): the files of labelled records, read by the same reader.
DOCUMENT_SUFFIXES = RECORD_SUFFIXES
#: File suffixes read as one document per file (its stem is the id).
TEXT_SUFFIXES = (".txt",)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
_HEADER = re.compile(r"^\s*(date|source)\s*:\s*(.*?)\s*$", re.IGNORECASE)


class DocumentError(ValueError):
    """A document that cannot be read: a bad date, a duplicate id, a missing text.

    A ``ValueError``, so existing handlers catch it; the message names the
    document (its id, its position, or its file and line) and the fix.
    """


class HeaderOnlyWarning(UserWarning):
    """A text file (or standard input) holds header lines (``date:``, ``source:``) and nothing after them.

    It is read as an empty document, as an empty file is: no sentence, no
    label, its date and source kept. A scrape that failed often writes its
    header and no article, and one such file must not stop a folder of
    hundreds; but a readout written on a header line (``source: MFA Xi
    told ...``) is lost the same way, so the warning names the file. Turn it
    into an error with ``warnings.simplefilter("error", HeaderOnlyWarning)``.
    """


@dataclass(frozen=True)
class Document:
    """One readout of a collection. Immutable.

    Attributes
    ----------
    id : str
        Unique within the collection: the record's ``id`` (or ``doc_id``; a
        whole-number float such as pandas' ``1.0`` is ``"1"``); without one,
        ``<file name>:<line>`` for a record of a JSONL/CSV file,
        ``<file name>[<index>]`` for one of a ``.json`` file's JSON array,
        and the position as a str for an item of an in-memory list; a text
        file's name without the suffix (two text files of one name in
        different folders: each one's path from the folder they share,
        without the suffix, ``wh/2024-04-12``).
    text : str
        The readout.
    date : str or None
        ISO 8601: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.
    source : str or None
        Where it comes from (a ministry, an outlet: free text).
    """

    id: str
    text: str
    date: str | None = None
    source: str | None = None


def parse_date(value: Any, *, where: str = "date") -> str | None:
    """``value`` as an ISO date string (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), or None.

    Parameters
    ----------
    value : str, int, datetime.date, datetime.datetime or None
        A date as written in ISO 8601, at day, month or year precision (a time
        after the day, ``2024-05-01T10:00``, is dropped); a
        ``datetime.date`` / ``datetime`` / ``pandas.Timestamp``; a year as an
        int. None, NaN and blank strings mean "no date".
    where : str, default="date"
        How to name the value in an error message.

    Returns
    -------
    str or None

    Raises
    ------
    DocumentError
        The value is not a valid date in one of these forms (an impossible
        day such as ``2024-02-30`` included).

    Examples
    --------
    >>> parse_date("2024-11-16"), parse_date(" 2025-03 "), parse_date(2019), parse_date("")
    ('2024-11-16', '2025-03', '2019', None)
    >>> parse_date("16/11/2024", where="document 'call-1'")
    Traceback (most recent call last):
    ...
    stancelib.documents.DocumentError: document 'call-1': date '16/11/2024' is not an ISO date; write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2024-11-16)
    """
    if is_missing(value):
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = str(int(value))
    if not isinstance(value, str):
        raise DocumentError(f"{where}: date is a {type(value).__name__} ({value!r}); expected an ISO date string "
                            "such as '2024-11-16', '2024-11' or '2024'")
    text = value.strip()
    if not text:
        return None
    m = _DATETIME.match(text)
    if m:
        text = m.group(1)
    m = _DATE.match(text)
    fix = "write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2024-11-16)"
    if not m:
        raise DocumentError(f"{where}: date {value!r} is not an ISO date; {fix}")
    year, month, day = m.groups()
    try:
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise DocumentError(f"{where}: date {value!r} is not a real date ({exc}); {fix}") from None
    return text


def optional_str(value: Any, field: str, where: str) -> str | None:
    if is_missing(value):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if field == "id" and isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    if field == "id" and isinstance(value, numbers.Real) and not isinstance(value, bool):
        # a column of int ids with one gap is float64 in pandas (1.0, 2.0, NaN): 1.0 is the id "1"
        if math.isfinite(value) and float(value).is_integer():
            return str(int(value))
        raise DocumentError(f"{where}: {field!r} is a {type(value).__name__} ({value!r}), not a whole number; "
                            "give ids as str, e.g. df['id'] = df['id'].astype(str)")
    raise DocumentError(f"{where}: {field!r} is a {type(value).__name__} ({value!r}); expected a str")


def _text(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if is_missing(value):
        raise TypeError(f"{where} has no text (None or missing); drop it or fill its 'text'")
    if isinstance(value, (bytes, bytearray)):
        raise TypeError(f"{where}: text is bytes; decode it first, e.g. data.decode('utf-8')")
    raise TypeError(f"{where}: text is a {type(value).__name__}; expected a str")


def _own_id(record: Mapping[str, Any], where: str) -> str | None:
    """A record's own id (``id``, else ``doc_id``) as a str, or None when it has none (missing, blank or NaN)."""
    raw_id = record.get("id")
    if raw_id is None:
        raw_id = record.get("doc_id")
    return optional_str(raw_id, "id", where)


def document_from_record(record: Mapping[str, Any], fallback_id: str, where: str, text_column: str = "text") -> Document:
    """A record as a Document; ``fallback_id`` is its id when it has no ``id`` / ``doc_id``."""
    if text_column not in record:
        raise DocumentError(f"{where} has no {text_column!r} field (fields: {', '.join(map(str, record)) or 'none'}); "
                            f"each document needs its readout under {text_column!r}")
    doc_id = _own_id(record, where)
    if doc_id is not None:
        where = f"document {doc_id!r} ({where})"
    return Document(
        id=doc_id if doc_id is not None else fallback_id,
        text=_text(record[text_column], where),
        date=parse_date(record.get("date"), where=where),
        source=optional_str(record.get("source"), "source", where),
    )


def split_header(text: str) -> tuple[str, dict[str, str]]:
    """Remove the optional header lines (``date: ...``, ``source: ...``) that open a text file.

    Returns the text after the header and the header's fields (lower-case
    keys). Only lines at the very top count, blank lines before them allowed;
    the first other line ends the header. Lines end where
    :func:`~stancelib.segment.segment` ends them (``\\n``, ``\\r\\n``, a lone
    ``\\r``, a form feed ...: the line breaks of ``str.splitlines``), so a
    file with old Mac line ends, or a page break after the header, loses no
    text to a header field.

    >>> split_header("date: 2024-11-16\\nXi spoke with Biden.")
    ('Xi spoke with Biden.', {'date': '2024-11-16'})
    >>> split_header("source: MFA\\rdate: 2024-11-16\\rXi spoke with Biden.\\r")
    ('Xi spoke with Biden.\\r', {'source': 'MFA', 'date': '2024-11-16'})
    """
    fields: dict[str, str] = {}
    pos = 0
    # segment's own line reader: a lone \r or \f that segment reads as a line break must end a header line too,
    # or the readout after it becomes part of the field (an empty document, or a date that is "not ISO")
    for line in iter_lines(text):
        content = line.splitlines()[0]  # the line without its line break
        if not content.strip():
            if fields:
                break
            pos += len(line)
            continue
        m = _HEADER.match(content)
        if not m or m.group(1).lower() in fields:
            break
        fields[m.group(1).lower()] = m.group(2)
        pos += len(line)
    return (text[pos:] if fields else text), fields


#: The fix for each kind of document that is not text, by what :func:`binary_kind` names it.
_SAVE_AS_TEXT = "open it and save it as Plain Text (.txt, UTF-8), or copy its text into a .txt file, and label that"
_OFFICE_ZIP = (  # (a member's path that only this kind has, what it is, the fix)
    (b"word/", "a Word document (.docx)", _SAVE_AS_TEXT),
    (b"xl/", "an Excel workbook (.xlsx)", "save the sheet as CSV UTF-8 (a readout a row; --text-column names "
     "the column that holds it) and label that"),
    (b"ppt/", "a PowerPoint file (.pptx)", "copy its text into a .txt file and label that"),
    (b"opendocument", "an OpenDocument file (.odt, .ods ...)", _SAVE_AS_TEXT),
)
_BY_SUFFIX = {
    ".pdf": "a PDF", ".docx": "a Word document (.docx)", ".doc": "a Word document (.doc)",
    ".xlsx": "an Excel workbook (.xlsx)", ".xls": "an Excel workbook (.xls)", ".pptx": "a PowerPoint file (.pptx)",
    ".ppt": "a PowerPoint file (.ppt)", ".odt": "an OpenDocument text (.odt)", ".rtf": "an RTF document",
    ".msg": "an Outlook message (.msg)", ".zip": "a zip archive",
}
_PDF_FIX = ("copy its text into a .txt file (or run pdftotext, from poppler-utils: pdftotext {name} {text}) "
            "and label that")


def _pdf_fix(name: str) -> str:
    """The fix for a PDF named ``name``: its text beside it, in a .txt file of another name than its own."""
    path = Path(name or "readout.pdf")
    text = path.with_suffix(".txt")
    if text == path:  # a PDF named .txt
        text = path.with_name(f"{path.stem}-text.txt")
    return _PDF_FIX.format(name=path, text=text)


def binary_kind(data: bytes, name: str = "") -> tuple[str, str] | None:
    """What a file is when it is a document format rather than text, and how to get its text: None for text.

    By its first bytes (a PDF's ``%PDF-``, the zip that ``.docx``, ``.xlsx``
    and ``.pptx`` files are, the OLE container of old ``.doc`` / ``.xls`` /
    ``.ppt`` files, RTF's ``{\\rtf``), which no readout opens with, so a PDF
    that happens to be ASCII is caught too; ``name``'s suffix tells the
    Office formats apart where the bytes do not.

    >>> binary_kind(b"%PDF-1.7\\n1 0 obj", "call.pdf")[0]
    'a PDF'
    >>> binary_kind(b"Xi spoke with Biden.", "call.txt") is None
    True
    """
    suffix = Path(name).suffix.lower() if name else ""
    if b"%PDF-" in data[:1024]:  # the header may follow a few bytes of junk, within the first kilobyte
        return "a PDF", _pdf_fix(name)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        for member, kind, fix in _OFFICE_ZIP:
            if member in data:
                return kind, fix
        kind = _BY_SUFFIX.get(suffix, "a zip archive")
        return kind, ("unzip it and pass the .txt files in it" if kind == "a zip archive" else _SAVE_AS_TEXT)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE: .doc, .xls, .ppt, .msg
        kind = _BY_SUFFIX.get(suffix) if suffix in (".doc", ".xls", ".ppt", ".msg") else None
        return kind or "an old Office file (.doc, .xls or .ppt)", _SAVE_AS_TEXT
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "an RTF document", _SAVE_AS_TEXT
    return None


#: How many bytes :func:`wide_text_problem` reads: enough for a few hundred characters.
WIDE_TEXT_SAMPLE = 4096


def wide_text_problem(data: bytes, where: str) -> str | None:
    """Why ``data`` (the first bytes of ``where`` will do) is not UTF-8 text when it is UTF-16 or UTF-32 without
    a byte-order mark, else None.

    Such text is valid UTF-8 when its letters are ASCII, with a NUL byte
    beside each one (``W\\x00h\\x00i\\x00``), so it decodes without an
    error and every "sentence" would be labelled as garbage. It is told by
    where the NUL bytes fall: at most every other byte (UTF-16) or three of
    four (UTF-32) at the same places, and hardly ever at the others; a few
    NUL bytes anywhere else are left to the reader.

    >>> wide_text_problem("Xi spoke with Biden.".encode("utf-16-le"), "call.txt")
    'call.txt looks like UTF-16 (little-endian) without a byte-order mark, not UTF-8 text: it has a NUL byte beside each letter; convert it, e.g. iconv -f utf-16le -t utf-8'
    >>> wide_text_problem("Xi\\x00 spoke with Biden.".encode("utf-8"), "call.txt") is None
    True
    """
    sample = data[:WIDE_TEXT_SAMPLE]
    if b"\x00" not in sample or sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return None  # no NUL byte; or a byte-order mark, which the decoding error's advice names
    size = len(sample) // 4 * 4
    if size < 8:  # two characters of UTF-16 at least
        return None
    # NUL bytes at each place of four: ASCII letters in UTF-16LE leave them at places 1 and 3, in UTF-32LE at 1-3
    nuls = [sample[k:size:4].count(0) for k in range(4)]
    quarter = size // 4
    many, few = 0.4 * quarter, 0.1 * quarter
    forms = (  # (the places of four with NUL bytes, iconv's name, what it is)
        ((1, 2, 3), "utf-32le", "UTF-32 (little-endian)"), ((0, 1, 2), "utf-32be", "UTF-32 (big-endian)"),
        ((1, 3), "utf-16le", "UTF-16 (little-endian)"), ((0, 2), "utf-16be", "UTF-16 (big-endian)"),
    )
    for places, iconv, name in forms:
        if (min(nuls[k] for k in places) >= many
                and max(nuls[k] for k in range(4) if k not in places) <= few):
            return (f"{where} looks like {name} without a byte-order mark, not UTF-8 text: it has a NUL byte "
                    f"beside each letter; convert it, e.g. iconv -f {iconv} -t utf-8")
    return None


def decode_text(data: bytes, where: str) -> str:
    """``data``, the bytes of the file (or standard input) ``where``, as text: UTF-8, a byte-order mark removed.

    A document format that is not text (PDF, Word, Excel ...: see
    :func:`binary_kind`) is refused before any decoding, with the way to get
    its text; bytes that are not UTF-8 with the encoding to convert from;
    UTF-16 or UTF-32 without a byte-order mark (:func:`wide_text_problem`),
    which decodes as UTF-8 full of NUL bytes, likewise.
    """
    name = "" if where == "standard input" else where
    kind = binary_kind(data, name)
    if kind is None and Path(name).suffix.lower() in _BY_SUFFIX and name:
        try:  # a .pdf or .docx that is no such file: text if it decodes, else what its name says it is
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            suffix = Path(name).suffix.lower()
            kind = (_BY_SUFFIX[suffix], _pdf_fix(name) if suffix == ".pdf" else _SAVE_AS_TEXT)
    if kind is not None:
        raise DocumentError(f"{where} is {kind[0]}, not text: {kind[1]}")
    wide = wide_text_problem(data, where)
    if wide is not None:
        raise DocumentError(wide)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from .data import encoding_advice

        # utf-8-sig counts from after a byte-order mark; the position is the file's (as the advice's is)
        position = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        raise DocumentError(f"{where} is not UTF-8 text (invalid byte at position {position}); "
                            f"{encoding_advice(data)}") from None


def text_document(text: str, doc_id: str, where: str) -> Document:
    """A readout's text as one document, its header lines (``date:``, ``source:``) read and removed.

    A text of header lines and nothing else is an empty document, as an
    empty text is, with its date and source, and a :class:`HeaderOnlyWarning`
    naming ``where``.
    """
    body, header = split_header(text)
    document = Document(id=doc_id, text=body, date=parse_date(header.get("date"), where=where),
                        source=header.get("source") or None)
    if header and not body.strip():
        warnings.warn(f"{where} holds only header lines ({', '.join(f'{k}:' for k in header)}), no readout after "
                      "them; it is read as an empty document (no sentence, no label). If its readout is on a "
                      "header line, put it on the lines after the header; if it has none (a failed download), "
                      "remove the file or ignore this warning", HeaderOnlyWarning, stacklevel=outside_stacklevel())
    return document


def read_text_document(path: str | os.PathLike[str]) -> Document:
    """One text file as one readout: id its name without the suffix, header lines read and removed.

    Parameters
    ----------
    path : str or path-like
        A text file: UTF-8 (a byte-order mark is removed), optionally opening
        with ``date:`` / ``source:`` header lines.

    Returns
    -------
    Document
        ``id`` the file's name without the suffix (labels call it
        ``doc_id``), ``text`` the readout after the header lines (what
        ``stancelib classify FILE`` offsets index), ``date`` and ``source``
        from the header.

    Raises
    ------
    FileNotFoundError
        No such file.
    DocumentError
        The file is not UTF-8 text (a PDF or Word file is named as such),
        or its ``date:`` is not an ISO date.
    """
    path = Path(path)
    return text_document(decode_text(path.read_bytes(), str(path)), path.stem, f"{path} (document {path.stem!r})")


def records_file(path: Path, text_column: str | None = "text") -> Iterator[tuple[dict[str, Any], int]]:
    """Each record of a JSONL/JSON/CSV file with the line it starts on (a CSV file's header is line 1).

    A CSV without the ``text_column`` column is refused before any row (None: not checked).
    """
    for row, line, _ in numbered_records(path, text_column):
        yield row, line


def numbered_records(path: Path, text_column: str | None = "text") -> Iterator[tuple[dict[str, Any], int, str]]:
    """:func:`records_file`'s records, each also with its id for when it has none (see the module's docstring)."""
    text = decode_text(path.read_bytes(), str(path))
    if path.suffix.lower() == ".csv":
        fieldnames, rows = csv_rows(io.StringIO(text, newline=""))
        if text_column is not None and (fieldnames is None or text_column not in fieldnames):
            raise DocumentError(f"{path} has no {text_column!r} column (columns: {fieldnames}); "
                                f"each row is one document with its readout under {text_column!r}")
        for row, line_no in rows:
            yield ({k: (v if v != "" or k == text_column else None) for k, v in row.items() if k is not None},
                   line_no, f"{path.name}:{line_no}")
        return
    is_json = path.suffix.lower() == ".json"
    hint = f"; {JSON_FORMS}" if is_json else ""
    # lines as a file gives them (\n, \r\n, \r): a JSON string may hold a raw U+2028, which str.splitlines() splits on
    for row, line_no, index in iter_json_values(io.StringIO(text, newline=""), may_be_array=is_json):
        if isinstance(row, json.JSONDecodeError):
            raise DocumentError(f"{path}:{line_no}: not valid JSON ({row.msg}){hint}")
        try:
            record = _record(row, f"{path}:{line_no}", text_column or "text")
        except DocumentError as exc:
            raise DocumentError(f"{exc}{hint}") from None
        yield record, line_no, (f"{path.name}:{line_no}" if index is None else f"{path.name}[{index}]")


def _record(row: Any, where: str, text_column: str = "text") -> dict[str, Any]:
    """``row`` (a parsed JSON value) if it is an object, else a :class:`DocumentError` naming ``where``."""
    if not isinstance(row, dict):
        raise DocumentError(f"{where}: expected an object with a {text_column!r} field, got {type(row).__name__}")
    return row


class PlacedDocument(NamedTuple):
    """A document read from a file (:func:`documents_from_path`), with where it was read and whether its id
    is its own."""

    document: Document
    #: The file, or ``file:line`` for a record.
    where: str
    #: Whether the id is the document's own (a record's ``id`` / ``doc_id``, a text file's name) rather than the
    #: ``<file name>:<line>`` (``<file name>[<index>]``) that stands in for a record without one.
    own_id: bool
    #: The text file the document is (its id its name), None for a record of a JSONL/CSV file.
    file: Path | None = None


def file_ids_apart(ids: Sequence[str], files: Sequence[Path | None]) -> list[str]:
    """``ids`` with those of text files that share a name made unique: each such file's id becomes its path from
    the folder the files of that name share, without the suffix, ``/`` between folders on every system.

    ``files[i]`` is the text file whose name is ``ids[i]``, or None (a record, a text: its id is its own and is
    left as it is). One file given twice keeps its name, and its two documents are refused as duplicates.

    >>> file_ids_apart(["2024-04-12", "2024-04-12", "x"],
    ...                [Path("wh/2024-04-12.txt"), Path("mfa/2024-04-12.txt"), None])
    ['wh/2024-04-12', 'mfa/2024-04-12', 'x']
    """
    out = list(ids)
    same: dict[str, list[int]] = {}
    for i, (doc_id, file) in enumerate(zip(ids, files)):
        if file is not None:
            same.setdefault(doc_id, []).append(i)
    for members in same.values():
        paths = [Path(os.path.abspath(files[i])) for i in members]  # type: ignore[arg-type]
        if len(members) < 2 or len(set(paths)) < len(paths):
            continue
        shared = Path(os.path.commonpath(paths))
        names = [p.relative_to(shared).with_suffix("").as_posix() for p in paths]
        if len(set(names)) < len(names):  # files that differ only in their suffix: readout.txt and readout.md
            names = [p.relative_to(shared).as_posix() for p in paths]
        for i, name in zip(members, names):
            out[i] = name
    return out


def placed_apart(placed: Sequence[PlacedDocument]) -> list[PlacedDocument]:
    """``placed`` with the ids of text files of one name in different folders made unique: each one's path from
    the folder they share, without the suffix (``wh/2024-04-12``, ``mfa/2024-04-12``), as the command line names
    them (:func:`file_ids_apart`). A file given twice keeps its name (and is refused as a duplicate id)."""
    ids = file_ids_apart([p.document.id for p in placed], [p.file for p in placed])
    return [p if new == p.document.id else p._replace(document=replace(p.document, id=new))
            for p, new in zip(placed, ids)]


def documents_from_path(path: Path, text_column: str = "text", *, any_file: bool = False) -> list[PlacedDocument]:
    """The documents of a file or folder, each with where it was read (file, or file:line) and whether its
    id is its own: the one reader of files as documents, for :func:`read_documents` and the command line's
    ``classify``, ``compare`` and ``suggest``.

    A folder is its ``.txt`` files, one readout each; a JSONL/JSON/CSV file
    (:data:`DOCUMENT_SUFFIXES`) one readout per record; a ``.txt`` file one
    readout, its header lines read and removed. ``any_file``: a file of
    another suffix is one readout too (the command line's rule), not an error.

    Raises ``FileNotFoundError`` (nothing at ``path``), :class:`DocumentError`
    (a file that cannot be read as documents) and ``TypeError`` (a record's
    text or id of the wrong type).
    """
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        if not files:
            raise DocumentError(f"{path} holds no .txt file; a folder of readouts has one .txt file per readout")
        return [PlacedDocument(read_text_document(p), str(p), True, p) for p in files]
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        placed = []
        for row, line, fallback_id in numbered_records(path, text_column):
            where = f"{path}:{line}"
            document = document_from_record(row, fallback_id, where, text_column)
            placed.append(PlacedDocument(document, where, _own_id(row, where) is not None))
        return placed
    if suffix in TEXT_SUFFIXES or any_file:
        return [PlacedDocument(read_text_document(path), str(path), True, path)]
    raise DocumentError(f"{path}: cannot tell how to read a {suffix or 'suffix-less'} file; pass a .txt file (one "
                        f"readout), a {'/'.join(DOCUMENT_SUFFIXES)} file (one readout per record) or a folder "
                        "of .txt files")


def _looks_like_path(text: str) -> bool:
    return (len(text) < 4096 and "\n" not in text
            and (text.lower().endswith(DOCUMENT_SUFFIXES + TEXT_SUFFIXES) or text.endswith(("/", os.sep))))


def _items(docs: Any, text_column: str) -> Iterable[Any]:
    name = type(docs).__name__
    if name in ("DatasetDict", "IterableDatasetDict"):
        raise TypeError(f"Expected a Dataset, got a {name} with the splits {list(docs)}; "
                        f"pass one, e.g. docs[{list(docs)[0]!r}]")
    if hasattr(docs, "column_names") and hasattr(docs, "map"):  # datasets.Dataset
        columns = docs.column_names
        if columns is not None and text_column not in columns:
            raise DocumentError(f"the dataset has no {text_column!r} column (columns: {columns}); rename the column "
                                f"holding the readouts, e.g. ds.rename_column('body', {text_column!r})")
        return iter(docs)
    if hasattr(docs, "columns") and hasattr(docs, "to_dict"):  # pandas.DataFrame
        if text_column not in docs.columns:
            raise DocumentError(f"the DataFrame has no {text_column!r} column (columns: {list(docs.columns)}); "
                                f"rename the column holding the readouts to {text_column!r}")
        return docs.to_dict("records")
    if isinstance(docs, Mapping) or not hasattr(docs, "__iter__"):
        raise TypeError(f"docs must be a list of texts or records, a path or a datasets.Dataset, "
                        f"got {name}; to read files, pass a folder, one path, or a list of pathlib.Path")
    return docs


def read_documents(docs: Any, *, text_column: str = "text") -> list[Document]:
    """Every document of ``docs``, validated, without labelling anything.

    Parameters
    ----------
    docs : list, path or datasets.Dataset
        Any form :func:`classify_documents` accepts, and also a list of
        :class:`Document` (which may hold ``pathlib.Path`` items too).
    text_column : str, default="text"
        The field (column) of a record that holds the readout.

    Returns
    -------
    list of Document
        In order; ids unique, dates normalised. A record without an id gets
        ``<file name>:<line>`` when read from a JSONL/CSV file,
        ``<file name>[<index>]`` from a ``.json`` file's JSON array, and its
        position when it is an item of an in-memory list. A text file's id
        is its name without the suffix; text files of one name in different
        folders (``[Path("wh/a.txt"), Path("mfa/a.txt")]``) get their paths
        from the folder they share (``wh/a``, ``mfa/a``), as on the command
        line (:func:`file_ids_apart`).

    Raises
    ------
    TypeError
        A document (or its text) is not a str, a record or a path; ``docs``
        is a single text.
    DocumentError
        A record has no text, a date is not ISO, two documents share an id
        (one file given twice, too), or a file cannot be read.
    FileNotFoundError
        A path that does not exist.

    Warns
    -----
    HeaderOnlyWarning
        A text file holds header lines and no readout after them: it is read
        as an empty document (with its date and source), as an empty file is.
    FileNameAsTextWarning
        A str item is the name of an existing file: it is a text, labelled as
        such; pass ``Path(name)`` to read the file.

    Examples
    --------
    >>> [(d.id, d.date) for d in read_documents([{"id": "a", "date": "2024-11", "text": "Talks."}, "More talks."])]
    [('a', '2024-11'), ('1', None)]
    """
    if isinstance(docs, (str, os.PathLike)):
        placed = placed_apart(documents_from_path(_as_path(docs), text_column))
        check_unique_ids([p.document for p in placed], places=[p.where for p in placed])
        return [p.document for p in placed]
    if isinstance(docs, (bytes, bytearray)):
        raise TypeError("docs is bytes; decode it first and pass a list of readouts")
    out: list[Document] = []
    places: list[str] = []  # where each document of out was read: its item, or its file (and line)
    files: list[Path | None] = []  # the text file each document of out is (its id its name), else None
    positional: set[int] = set()  # the documents (of out) whose id is their item's position
    read_files = False
    for i, item in enumerate(_items(docs, text_column)):
        if isinstance(item, os.PathLike):
            read_files = True
            # a file, folder or JSONL/CSV of readouts, read as the command line reads each of its inputs
            path = Path(item)
            if not path.exists():
                raise FileNotFoundError(f"document {i}: no such file or folder: {path}")
            for p in documents_from_path(path, text_column, any_file=True):
                out.append(p.document)
                places.append(p.where)
                files.append(p.file)
            continue
        places.append(f"document {i}")
        files.append(None)
        if isinstance(item, Document):
            out.append(Document(item.id, _text(item.text, f"document {item.id!r}"),
                                parse_date(item.date, where=f"document {item.id!r}"), item.source))
        elif isinstance(item, str):
            if names_a_file(item):
                # a str is a text: labelled as one, whatever it looks like, but a file's name is most likely
                # meant to be read (a path is, and one str path is: see classify_documents)
                warn_file_name(item, f"document {i}", f"To read the file, pass Path({item!r}) (from pathlib) "
                               "or its folder")
            positional.add(len(out))
            out.append(Document(id=str(i), text=item))
        elif isinstance(item, Mapping):
            if _own_id(item, f"document {i}") is None:
                positional.add(len(out))
            out.append(document_from_record(item, str(i), f"document {i}", text_column))
        else:
            raise TypeError(f"document {i} is a {type(item).__name__}; expected a str (the readout), a record "
                            "with 'text' and optional 'id', 'date', 'source', or a pathlib.Path (a file to read; "
                            "a folder of .txt files is read as one path)")
    if read_files:  # text files of one name in different folders: their paths from the folder they share
        ids = file_ids_apart([d.id for d in out], files)
        out = [d if new_id == d.id else replace(d, id=new_id) for d, new_id in zip(out, ids)]
    # with a file among the items, a document's place is its file (and line), not its item's position
    check_unique_ids(out, places=places if read_files else None, positional=positional)
    return out


def _as_path(docs: str | os.PathLike) -> Path:
    """``docs`` as a path to read, or the error that says why a str is not one."""
    if isinstance(docs, os.PathLike) or (os.path.exists(docs) and "\n" not in docs):
        return Path(docs)
    if _looks_like_path(docs):
        raise FileNotFoundError(f"no such file or folder: {docs}")
    raise TypeError("docs is a single str that is not a path to a file or folder; pass a list of "
                    "readouts, e.g. classify_documents([text]), or use classify(text) for one readout")


def check_unique_ids(docs: Iterable[Document], *, places: Sequence[str] | None = None,
                     positional: Collection[int] = ()) -> None:
    """Raise :class:`DocumentError` naming the first id that two documents share.

    ``places`` names where each document was read (``file:line``, a file);
    without it the message gives the two positions. ``positional`` are the
    positions of documents that had no id and got their position instead:
    a clash between one of them and a document's own id (a pandas id column
    with a gap: ids 1, 2, NaN, the third gets "2") is named as such.
    """
    seen: dict[str, int] = {}
    for i, d in enumerate(docs):
        if d.id in seen:
            j = seen[d.id]
            if (i in positional) != (j in positional):
                missing, own = (i, j) if i in positional else (j, i)
                name = (lambda k: f"document {k}") if places is None else places.__getitem__
                raise DocumentError(
                    f"{name(missing)} has no id, so its position {d.id!r} stands in for one, and {name(own)} "
                    f"has the id {d.id!r}; ids must be unique so labels join back to their document: give every "
                    "document an id (fill the missing ones), or give none so that each gets its position")
            where = f"documents {j} and {i}" if places is None else f"{places[j]} and {places[i]}"
            raise DocumentError(f"two documents have the id {d.id!r} ({where}); ids must be unique so labels join "
                                "back to their document: give each record its own 'id', and pass each file once; a "
                                "text file's id is its name without the suffix (its path from the folder they share, for "
                                "text files of one name in different folders), so rename a "
                                "file whose name is another document's id")
        seen[d.id] = i


def classify_documents(docs: Any, *, model: "ReadoutClassifier | str | None" = None) -> list[SentenceLabel]:
    """Label every sentence of many readouts at once, each read in its own context.

    Each document is segmented and labelled exactly as :func:`stancelib.classify`
    labels it alone (the sentence before is read only within the same
    document), but the sentences of all documents go to the model in large
    batches, so many short readouts run nearly as fast as
    :func:`stancelib.classify_sentences` on their sentences.

    Parameters
    ----------
    docs : list, path or datasets.Dataset
        The readouts, one of:

        * a list (or any iterable) of str: the readouts; their ids are their
          positions (``"0"``, ``"1"`` ...). A str is always a text: one that
          is the name of an existing file is labelled as that text, with a
          :class:`~stancelib.api.FileNameAsTextWarning`;
        * a list of ``pathlib.Path`` (files, folders, JSONL/CSV files, as
          below, mixed with texts and records if need be): each read as
          ``stancelib classify`` reads its inputs, a text file's id its name
          without the suffix, its header lines read;
        * a list of records (mappings, also a ``pandas.DataFrame``) with
          ``text`` and optional ``id`` (``doc_id`` is read when ``id`` is
          absent; an int, or a whole-number float such as the ``1.0`` of a
          pandas column with a gap, becomes a str: ``"1"``), ``date`` and
          ``source``; a record without an id (or with a blank one) gets its
          position. Other fields are ignored: join them back on ``doc_id``;
        * a ``datasets.Dataset`` with those columns;
        * a path (``str`` or ``pathlib.Path``): a ``.jsonl`` (``.ndjson``)
          or ``.csv`` file of such records, one readout per line or row,
          where a record without an id gets ``<file name>:<line>``
          (``readouts.jsonl:3``; a CSV row's line is the one it starts on,
          the header being line 1), so its labels join back to the line; a
          ``.json`` file holding either such JSON Lines or one JSON array of
          records (a record of the array without an id gets
          ``<file name>[<index>]``); a ``.txt`` file (one readout); or a
          folder of ``.txt`` files, one readout each, read in name order,
          whose id is the file name without ``.txt``. A text file may open
          with header lines ``date: YYYY-MM-DD`` and ``source: ...``, which
          are read and removed before labelling (its lines may end in
          ``\\n``, ``\\r\\n``, a lone ``\\r`` or any line break that
          :func:`~stancelib.segment.segment` reads).
    model : ReadoutClassifier, CompiledModel, EncoderClassifier or path, default=None
        None uses the bundled model.

    Returns
    -------
    list of SentenceLabel
        Flat, document after document, sentences in order; each carries its
        document's ``doc_id``, ``date`` and ``source``. ``span`` indexes the
        document's text (for a file with a header, the text after it). An
        empty or blank document has no sentence and no label; so has a text
        file whose header lines are all it holds, with a warning.

    Raises
    ------
    TypeError
        ``docs`` is a single str that is not a path, or a document (or its
        text) is not a str, record or path: the message names the document.
    DocumentError
        (A ``ValueError``.) Two documents share an id; a date is not an ISO
        date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``) or not a real one; a
        record has no ``text``; an ``id`` is a float that is not a whole
        number; a file is not UTF-8 (the message suggests the encoding to
        convert from, or the first byte to fix in a file that is mostly
        UTF-8), or not valid JSONL/JSON/CSV. Each message names the document
        and the fix.
    FileNotFoundError
        ``docs`` is a path that does not exist.

    Warns
    -----
    HeaderOnlyWarning
        A text file holds header lines (``date:``, ``source:``) and no
        readout after them (a failed download, say): it is an empty document,
        its date and source kept, and the run goes on.
    FileNameAsTextWarning
        An item of the list is a str that names an existing file: it is
        labelled as that text; pass ``Path(name)`` to read the file.

    Examples
    --------
    >>> labels = classify_documents([
    ...     {"id": "call-1", "date": "2024-11-16", "text": "Xi warned Biden on Taiwan. He urged restraint."},
    ...     {"id": "call-2", "date": "2025-03", "source": "MFA", "text": "The two sides agreed to talk."}])
    >>> [(lab.doc_id, lab.date, lab.source) for lab in labels]
    [('call-1', '2024-11-16', None), ('call-1', '2024-11-16', None), ('call-2', '2025-03', 'MFA')]
    """
    documents = read_documents(docs)
    clf = resolve_model(model)
    out: list[SentenceLabel] = []
    # whole documents per model call, so that a document's context never spans two calls
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    owners: list[int] = []

    def flush() -> None:
        if texts:
            labels = label_sentences(clf, texts, spans, documents=owners)
            for lab, k in zip(labels, owners):
                d = documents[k]
                # frozen: set the document fields of the fresh labels in place (as __init__ does)
                object.__setattr__(lab, "doc_id", d.id)
                object.__setattr__(lab, "date", d.date)
                object.__setattr__(lab, "source", d.source)
            out.extend(labels)
            texts.clear()
            spans.clear()
            owners.clear()

    for k, d in enumerate(documents):
        segments = segment(d.text)
        if texts and len(texts) + len(segments) > BATCH_SIZE:
            flush()
        texts.extend(s.text for s in segments)
        spans.extend((s.start, s.end) for s in segments)
        owners.extend([k] * len(segments))
    flush()
    return out
