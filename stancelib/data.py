"""Reading and validating labelled sentences.

The labelled format is JSONL, one sentence a line::

    {"id": "a001-03", "doc_id": "a001", "text": "...", "issue": ["taiwan"],
     "stance": "warning", "side": "china", "source": "cn_readout",
     "date": "2023-11-15", "participants": ["Xi Jinping", "Joe Biden"]}

CSV with the same columns also works (``issue`` and ``participants`` as
``;``-separated codes, ``taiwan;maritime``, or a JSON list,
``["taiwan", "maritime"]``; a code with a comma or a space in it is
refused), and so does a ``.json`` file holding
either JSON Lines or one JSON array of such objects, and a Hugging Face
``datasets.Dataset`` (or a ``DatasetDict`` with one split). Lines of one
document stand together, in reading order.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import numbers
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from ._missing import is_missing
from .schema import DOCUMENT_FIELDS, LABEL_FIELDS, MULTI_LABEL_FIELDS, RECORD_FIELDS, LabelSchema

__all__ = ["Problem", "DataValidationError", "read_records", "load_records", "validate_records", "new_codes",
           "near_miss", "seed_files", "seeds_root", "SEEDS_ENV", "RECORD_SUFFIXES", "check_record_suffix"]


@dataclass(frozen=True)
class Problem:
    """One problem found in labelled data, with where it is."""

    source: str
    line: int  # 0: the problem is about the whole source (an empty file, an encoding), not one line
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}" if self.line else f"{self.source}: {self.message}"


#: The problem of a labelled data file without a record (``stancelib validate`` and ``train`` both report it).
NO_RECORDS = ("holds no records (the file is empty, or has only blank lines or a CSV header); add labelled "
              "sentences or leave the file out")


#: The last line of a :class:`DataValidationError` by default.
FIX_ADVICE = ("Fix these lines (see docs/annotation-guide.md for the label scheme) and run again; "
              "`stancelib validate PATH` lists them all.")


class DataValidationError(ValueError):
    """Labelled data that cannot be trained on; ``problems`` says why and where.

    ``advice`` replaces the last line of the message (:data:`FIX_ADVICE`),
    for a caller whose problems ``stancelib validate`` alone would not list.
    """

    def __init__(self, problems: Sequence[Problem], limit: int = 20, *, advice: str | None = None):
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:limit])
        more = f"\n  ... and {len(self.problems) - limit} more" if len(self.problems) > limit else ""
        super().__init__(f"{len(self.problems)} problem(s) in the labelled data:\n{shown}{more}\n"
                         f"{FIX_ADVICE if advice is None else advice}")


#: Environment variable naming the seed corpus folder (``seeds/`` of a source
#: checkout), for installs that do not sit in a checkout.
SEEDS_ENV = "STANCELIB_SEEDS"


def encoding_advice(data: bytes) -> str:
    """How to make bytes that are not UTF-8 into UTF-8, guessed from a byte-order mark and the bytes themselves.

    A file that is UTF-8 but for a few stray bytes (a line pasted from
    another file, a byte lost in a download) is "mostly UTF-8": it holds
    valid multi-byte UTF-8 characters, and its invalid bytes are under 1% of
    its characters or no more than its multi-byte characters. The advice is
    then to fix those bytes, naming the first: converting the whole file
    from another encoding would garble every UTF-8 character in it (a curly
    apostrophe, bytes E2 80 99, would become three characters).

    Otherwise the whole file is in another encoding. Text saved by Word
    ("Plain Text"), Notepad or Excel (CSV) on Windows is Windows-1252, whose
    bytes 0x80-0x9F are curly quotes, dashes and the euro sign; in Latin-1
    they are invisible control characters, which no quote or sentence rule
    reads. So the advice is cp1252 when such bytes occur (and all of them are
    Windows-1252 characters), else Latin-1.

    Examples
    --------
    >>> encoding_advice("\\u201cTaiwan is a red line.\\u201d".encode("cp1252"))
    're-save it as UTF-8, e.g. iconv -f cp1252 -t utf-8 if it is Windows-1252 (text saved by Word, Notepad or Excel on Windows; it has bytes 0x80-0x9F, which are curly quotes and dashes there)'
    >>> encoding_advice("caf\\xe9".encode("latin-1"))
    're-save it as UTF-8, e.g. iconv -f latin1 -t utf-8 if it is Latin-1'
    >>> encoding_advice("Xi\\u2019s visit ended with a meeting at a caf".encode("utf-8") + b"\\xe9 in Hanoi.")
    "it is mostly UTF-8, with 1 invalid byte, at position 42 (in 'ended with a meeting at a caf\\\\xe9 in Hanoi.'): fix it, e.g. re-type its character in an editor that saves UTF-8 (converting the whole file from another encoding would garble its UTF-8 characters)"
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "it is UTF-16 (it starts with a UTF-16 byte-order mark): convert it, e.g. iconv -f utf-16 -t utf-8"
    # surrogateescape: one lone surrogate per invalid byte, so bytes are counted (errors="replace" gives one U+FFFD
    # for a run of them); the other non-ASCII characters are valid multi-byte UTF-8 sequences
    text = data.decode("utf-8", "surrogateescape")
    invalid = [m.start() for m in re.finditer("[\udc80-\udcff]", text)]
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - len(invalid)
    if invalid and multibyte and (len(invalid) * 100 < len(text) or len(invalid) <= multibyte):
        first = len(text[:invalid[0]].encode("utf-8"))
        # the first invalid byte in its line, 30 bytes each side at most, cut where a character starts
        start = max(data.rfind(b"\n", 0, first) + 1, first - 30)
        end = data.find(b"\n", first)
        end = min(len(data) if end < 0 else end, first + 31)
        while start < first and 0x80 <= data[start] <= 0xBF:
            start += 1
        while first < end < len(data) and 0x80 <= data[end] <= 0xBF:
            end -= 1
        context = data[start:end].decode("utf-8", "backslashreplace").strip()
        which = (f"1 invalid byte, at position {first}" if len(invalid) == 1 else
                 f"{len(invalid)} invalid bytes, the first at position {first}")
        its = "it, e.g. re-type its character" if len(invalid) == 1 else "them, e.g. re-type their characters"
        return (f"it is mostly UTF-8, with {which} (in '{context}'): fix {its} in an editor that saves UTF-8 "
                "(converting the whole file from another encoding would garble its UTF-8 characters)")
    # bytes 0x80-0x9F: printable in Windows-1252 (quotes, dashes, the euro sign), C1 controls in Latin-1
    if re.search(rb"[\x80-\x9f]", data):
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90 or 0x9D: not Windows-1252 either
            pass
        else:
            return ("re-save it as UTF-8, e.g. iconv -f cp1252 -t utf-8 if it is Windows-1252 (text saved by Word, "
                    "Notepad or Excel on Windows; it has bytes 0x80-0x9F, which are curly quotes and dashes there)")
    return "re-save it as UTF-8, e.g. iconv -f latin1 -t utf-8 if it is Latin-1"


def seeds_root(root: str | Path | None = None) -> Path:
    """The seed corpus folder: ``root`` if given, else ``$STANCELIB_SEEDS``, else
    the ``seeds/`` of the source checkout the package sits in, else a
    ``seeds/`` in the working directory or one of its parents (a notebook run
    from ``notebooks/`` of a checkout).

    Raises
    ------
    FileNotFoundError
        None of these exists; the message says how to point to one.
    """
    if root is not None:
        return Path(root)
    env = os.environ.get(SEEDS_ENV)
    if env:
        if not Path(env).is_dir():
            raise FileNotFoundError(f"${SEEDS_ENV} is {env!r}, which is not a folder; point it to the seeds/ "
                                    "folder of a stancelib source checkout")
        return Path(env)
    from .config import CHECKOUT_ROOT

    candidates = [CHECKOUT_ROOT / "seeds"]
    cwd = Path.cwd().resolve()
    candidates += [d / "seeds" for d in (cwd, *cwd.parents)]
    for c in candidates:
        if (c / "corpus").is_dir():
            return c
    raise FileNotFoundError(
        "The seed corpus was not found: it ships with the source checkout (seeds/), not inside the installed "
        f"package. Set {SEEDS_ENV}=/path/to/stancelib/seeds (or pass seeds_dir=), or run from a checkout."
    )


def seed_files(root: str | Path | None = None) -> list[Path]:
    """The labelled files of the seed corpus, in a stable order (see :func:`seeds_root`)."""
    base = seeds_root(root)
    files = sorted(base.glob("*.jsonl")) + sorted((base / "corpus").glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(
            f"No labelled .jsonl files under {base}; the seed corpus ships with the source "
            f"checkout (seeds/), not with the installed wheel: set {SEEDS_ENV} to it"
        )
    return files


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def starts_json_array(text: str) -> bool:
    """Whether ``text`` (a file's) opens with ``[``: a JSON array, not JSON Lines of objects."""
    return text.lstrip(" \t\n\r").startswith("[")


def json_array_items(text: str) -> list[tuple[Any, int]]:
    """The items of the JSON array that is all of ``text``, each with the line it starts on.

    Lines count as a file's lines do (``\\n``, ``\\r\\n`` or ``\\r`` ends one),
    so they agree with the line numbers of JSON Lines.

    Raises
    ------
    json.JSONDecodeError
        ``text`` is not one JSON array; ``lineno`` is the line of the fault.
    """
    decoder = json.JSONDecoder()
    items: list[tuple[Any, int]] = []
    line, counted = 1, 0

    def line_at(pos: int) -> int:
        nonlocal line, counted
        line += len(_NEWLINE.findall(text, counted, pos))
        counted = pos
        return line

    def fail(msg: str, pos: int) -> json.JSONDecodeError:
        exc = json.JSONDecodeError(msg, text, pos)
        exc.lineno = len(_NEWLINE.findall(text, 0, pos)) + 1
        return exc

    pos = _JSON_SPACE.match(text).end()
    if text[pos:pos + 1] != "[":
        raise fail("Expecting '['", pos)
    pos = _JSON_SPACE.match(text, pos + 1).end()
    if text[pos:pos + 1] == "]":
        pos += 1
    else:
        while True:
            try:
                value, end = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                raise fail(exc.msg, exc.pos) from None
            items.append((value, line_at(pos)))
            pos = _JSON_SPACE.match(text, end).end()
            if text[pos:pos + 1] == "]":
                pos += 1
                break
            if text[pos:pos + 1] != ",":
                raise fail("Expecting ',' delimiter", pos)
            pos = _JSON_SPACE.match(text, pos + 1).end()
    pos = _JSON_SPACE.match(text, pos).end()
    if pos != len(text):
        raise fail("Extra data", pos)
    return items


#: What a ``.json`` file may hold, for error messages.
JSON_FORMS = ("a .json file holds either one JSON array of objects or JSON Lines (one object per line); "
              "convert a pretty-printed object with jq -c . FILE")


#: The longest CSV field stancelib reads: as long as the platform's C ``long`` allows (a readout of
#: 10 MB is one field of a CSV of readouts), not the csv module's default of 131,072 characters.
CSV_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


def _next_row(reader: Any) -> list[str] | None:
    """The next row of a ``csv.reader``, or None at the end, read with fields up to :data:`CSV_FIELD_LIMIT` long.

    ``csv.field_size_limit`` is one setting for the whole process, so it is
    raised for this row only and then put back: the user's own CSV reading
    (and a reader of theirs that relies on the limit) keeps its limit between
    rows, also while a lazy stancelib reader is half-way through a file.
    """
    previous = csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        return next(reader, None)
    finally:
        csv.field_size_limit(previous)


def csv_rows(lines: Iterable[str]) -> tuple[list[str] | None, Iterator[tuple[dict[str | None, Any], int]]]:
    """The header and the rows of CSV ``lines``, each row with the line it starts on.

    ``lines`` as a file opened with ``newline=""`` gives them. A row is a dict
    as ``csv.DictReader`` makes it (a missing field is None; surplus fields are
    a list under the key None); blank lines are skipped. The line is the
    physical line where the row starts (the header is line 1), also when a
    quoted field spans lines. A field may be of any length (a whole readout
    in one cell), without changing ``csv.field_size_limit`` for the rest of
    the process (see :func:`_next_row`).
    """
    reader = csv.reader(lines)
    header = _next_row(reader)

    def rows() -> Iterator[tuple[dict[str | None, Any], int]]:
        fields = header or []
        while True:
            start = reader.line_num + 1
            values = _next_row(reader)
            if values is None:
                return
            if not values:
                continue
            row: dict[str | None, Any] = dict(zip(fields, values))
            if len(values) > len(fields):
                row[None] = values[len(fields):]
            for name in fields[len(values):]:
                row[name] = None
            yield row, start

    return header, rows()


def _split_list(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = value.strip()
    if value.startswith("["):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return [v.strip() for v in value.split(";") if v.strip()] if value else []


def iter_json_values(lines: Iterable[str], *, may_be_array: bool) -> Iterator[tuple[Any, int, int | None]]:
    """The JSON values of JSON Lines, each with the line it is on; or, when ``may_be_array`` (a ``.json``
    file) and the text opens with ``[``, the items of that one JSON array, each with the line it starts on
    and its index.

    Yields ``(value, line, index)``, ``index`` None for JSON Lines. A value that
    cannot be parsed is yielded as its :class:`json.JSONDecodeError` in place of
    the value (``lineno`` set to the line of the fault), so that each caller
    raises or collects it: JSON Lines go on after it, an array stops. JSON
    Lines are read lazily; an array is read whole.
    """
    it = iter(lines)
    if may_be_array:
        head: list[str] = []
        for line in it:  # up to the first line that is not blank: does it open an array?
            head.append(line)
            if line.strip():
                break
        if head and starts_json_array(head[-1]):
            try:
                items = json_array_items("".join(head) + "".join(it))
            except json.JSONDecodeError as exc:
                yield exc, exc.lineno, None
                return
            for k, (value, line_no) in enumerate(items):
                yield value, line_no, k
            return
        it = itertools.chain(head, it)
    for line_no, line in enumerate(it, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            exc.lineno = line_no
            yield exc, line_no, None
            continue
        yield value, line_no, None


#: Fields that hold a list of codes or names (``issue``, ``participants``).
LIST_FIELDS: tuple[str, ...] = MULTI_LABEL_FIELDS + ("participants",)

#: The files :func:`read_records` reads, by suffix (any case): JSON Lines, JSON and CSV.
RECORD_SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson", ".json", ".csv")


def check_record_suffix(path: str | Path) -> None:
    """Refuse a file :func:`read_records` cannot read by its suffix, naming every kind it reads.

    Raises
    ------
    ValueError
        The suffix is not one of :data:`RECORD_SUFFIXES`.

    Examples
    --------
    >>> check_record_suffix("labels.JSONL")
    >>> check_record_suffix("notes.txt")
    Traceback (most recent call last):
    ...
    ValueError: notes.txt: .txt is not labelled data; use .jsonl or .csv (.ndjson, and .json with JSON Lines or one array of objects, are read too)
    """
    suffix = Path(path).suffix.lower()
    if suffix not in RECORD_SUFFIXES:
        raise ValueError(f"{path}: {suffix or 'a file without a suffix'} is not labelled data; use .jsonl or .csv "
                         "(.ndjson, and .json with JSON Lines or one array of objects, are read too)")


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSONL, JSON or CSV file of labelled sentences.

    A ``.jsonl`` (``.ndjson``) file holds one JSON object a line; a ``.json``
    file holds either that or one JSON array of objects; a ``.csv`` file
    holds one sentence a row, with the list fields (``issue``,
    ``participants``) as items separated with ``;`` (``taiwan;maritime``)
    or as a JSON list (``["taiwan", "maritime"]``); a comma does not
    separate codes (:func:`validate_records` refuses ``taiwan,maritime``).
    Every record gains ``_source`` (the path) and
    ``_line`` (the 1-based line it starts on; a CSV file's header is line 1)
    so problems can be reported where they are.

    Raises
    ------
    FileNotFoundError
        The file does not exist.
    ValueError
        The file is of another kind (its suffix is not one of
        :data:`RECORD_SUFFIXES`; see :func:`check_record_suffix`).
    DataValidationError
        A line is not valid JSON or not an object, or the file is not UTF-8.
        (A file with no record gives an empty list.)
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No such labelled data file: {path}")
    check_record_suffix(path)
    suffix = path.suffix.lower()
    problems: list[Problem] = []
    records: list[dict[str, Any]] = []
    try:
        if suffix == ".csv":
            with path.open(newline="", encoding="utf-8-sig") as f:
                for row, i in csv_rows(f)[1]:
                    rec: dict[str, Any] = {k: v for k, v in row.items() if k is not None}
                    for key in LIST_FIELDS:
                        if key in rec:
                            rec[key] = _split_list(rec[key])
                    for key in list(rec):
                        if rec[key] == "" and key not in ("text",):
                            rec[key] = None
                    rec["_source"], rec["_line"] = str(path), i
                    records.append(rec)
        else:  # JSON Lines or JSON (check_record_suffix refused the rest)
            with path.open(encoding="utf-8-sig") as f:  # a byte-order mark is allowed, as classify allows it
                is_json = suffix == ".json"
                for item, i, _ in iter_json_values(f, may_be_array=is_json):
                    if isinstance(item, json.JSONDecodeError):
                        problems.append(Problem(str(path), i, f"not valid JSON ({item.msg})"
                                                + (f"; {JSON_FORMS}" if is_json else "")))
                        continue
                    if not isinstance(item, dict):
                        problems.append(Problem(str(path), i, f"expected a JSON object, got {type(item).__name__}"))
                        continue
                    item["_source"], item["_line"] = str(path), i
                    records.append(item)
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(path), 0, f"not UTF-8 text ({exc.reason} at byte {exc.start}); {encoding_advice(path.read_bytes())}"))
    if problems:
        raise DataValidationError(problems)
    return records



def _class_label_decoders(features: Any) -> dict[str, tuple[Any, bool]]:
    """Per column of a Dataset encoded with ``ClassLabel`` (``ds.class_encode_column``, the Hub's usual
    encoding): its ``ClassLabel`` and whether the column is a list of them (an ``issue`` column)."""
    decoders: dict[str, tuple[Any, bool]] = {}
    for name, feature in dict(features or {}).items():
        if hasattr(feature, "int2str") and hasattr(feature, "names"):
            decoders[name] = (feature, False)
        else:  # List(ClassLabel) / Sequence(ClassLabel)
            inner = getattr(feature, "feature", None)
            if hasattr(inner, "int2str") and hasattr(inner, "names"):
                decoders[name] = (inner, True)
    return decoders


def _decode_class(label: Any, value: Any) -> Any:
    """A ``ClassLabel`` index as its name; -1 (the datasets library's "no label") as None; anything else as is."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value == -1:
            return None
        if 0 <= value < len(label.names):
            return label.names[value]
    return value


def _records_from_dataset(data: Any) -> list[dict[str, Any]]:
    type_name = type(data).__name__
    if type_name == "DatasetDict":
        splits = list(data.keys())
        if len(splits) != 1:  # which split is the labelled data is the caller's call (train + test: not both)
            example = "train" if "train" in splits else splits[0] if splits else "train"
            raise TypeError(
                f"Expected a Dataset, got a DatasetDict with the splits {splits}; "
                f"pass one of them, e.g. ds[{example!r}]"
            )
        data = data[splits[0]]
    # a ClassLabel column holds indices; its names are the codes (a file of the same data holds the names)
    decoders = _class_label_decoders(getattr(data, "features", None))
    records = []
    for i, row in enumerate(data):
        rec = dict(row)
        for name, (label, is_list) in decoders.items():
            value = rec.get(name)
            if is_list and isinstance(value, list):
                rec[name] = [_decode_class(label, v) for v in value]
            elif not is_list:
                rec[name] = _decode_class(label, value)
        rec["_source"], rec["_line"] = f"<{type(data).__name__}>", i + 1
        records.append(rec)
    return records


def _as_list(value: Any) -> Any:
    """A one-dimensional array (a list cell of a DataFrame read from Parquet) as a list; anything else as is."""
    if getattr(value, "ndim", None) == 1 and hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return value.tolist()
    return value


def _in_memory_record(item: Mapping[str, Any], i: int) -> dict[str, Any]:
    rec = dict(item, _source=item.get("_source", "<records>"), _line=item.get("_line", i + 1))
    for key in LIST_FIELDS:  # pandas gives list cells of Parquet as arrays; ReadoutClassifier.fit takes them too
        if key in rec:
            rec[key] = _as_list(rec[key])
    return rec


def load_records(data: Any) -> list[dict[str, Any]]:
    """Labelled records from paths, a ``datasets.Dataset``/``DatasetDict`` or dicts.

    Parameters
    ----------
    data : path, sequence of paths, Dataset, DatasetDict, DataFrame or sequence of dicts
        Where the labelled sentences are: ``.jsonl``, ``.json`` or ``.csv``
        files (see :func:`read_records`), a ``datasets.Dataset``, a
        ``DatasetDict`` with exactly one split, a pandas ``DataFrame`` (its
        rows), or dicts. A Dataset column encoded as ``ClassLabel`` (or a
        list of them) is read as its names; an ``issue`` or
        ``participants`` cell that is a one-dimensional array (a DataFrame
        read from Parquet) is read as a list.

    Raises
    ------
    TypeError
        ``data`` is a single dict, items of another type, or a
        ``DatasetDict`` with several splits (pass one, e.g. ``ds['train']``).
    DataValidationError
        A file cannot be read as records (see :func:`read_records`).
    """
    if isinstance(data, (str, Path)):
        return read_records(data)
    if type(data).__name__ in ("Dataset", "DatasetDict"):
        return _records_from_dataset(data)
    if isinstance(data, Mapping):
        raise TypeError("Expected labelled records (a path, a Dataset or a list of dicts), got a single dict; wrap it in a list")
    if hasattr(data, "columns") and hasattr(data, "to_dict"):  # a DataFrame iterates over its column names
        return load_records(data.to_dict("records"))
    items = list(data)
    if all(isinstance(x, (str, Path)) for x in items):
        out: list[dict[str, Any]] = []
        for p in items:
            out.extend(read_records(p))
        return out
    if all(isinstance(x, Mapping) for x in items):
        return [_in_memory_record(x, i) for i, x in enumerate(items)]
    kinds = sorted({type(x).__name__ for x in items})
    raise TypeError(f"Expected paths, a Dataset or dicts as labelled data, got items of type {kinds}")


#: How close (difflib ratio, after lower-casing) a new code may come to a
#: code of the default scheme before it is taken for a typo of it
#: ("tiawan", "Warning", "usa"): such codes must be declared to be used.
NEAR_MISS_RATIO = 0.75


def near_miss(field: str, code: str) -> str | None:
    """The default code that ``code`` looks like a typo of, or None.

    >>> near_miss("issue", "tiawan"), near_miss("stance", "Warning"), near_miss("issue", "space")
    ('taiwan', 'warning', None)
    """
    import difflib

    known = LabelSchema.default().labels.get(field, ())
    if code in known:
        return None
    match = difflib.get_close_matches(code.lower(), known, n=1, cutoff=NEAR_MISS_RATIO)
    return match[0] if match else None


def new_codes(records: Iterable[Mapping[str, Any]], *,
              declared_codes: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Label codes of ``records`` outside the default scheme, per field (fields with none left out).

    Parameters
    ----------
    records : iterable of mapping
        Labelled records.
    declared_codes : iterable of str, default=None
        None lists every code outside the default scheme. Given (as
        :func:`validate_records` takes it), codes that look like a typo of a
        default code (:func:`near_miss`) and are not declared are left out:
        validation refuses them, so a retrained model does not learn them;
        so are codes with spaces around them (``'space '``) or a comma or
        space inside them (``'taiwan,maritime'``), refused too.

    Values that are not codes (None, a number, a str where a list belongs)
    are left out: :func:`validate_records` reports them.

    Examples
    --------
    >>> recs = [{"issue": ["space"], "stance": "Warnin"}]
    >>> new_codes(recs), new_codes(recs, declared_codes=[])
    ({'issue': ['space'], 'stance': ['Warnin']}, {'issue': ['space']})
    """
    found = LabelSchema.from_records(_codes_only(records)).labels
    default = LabelSchema.default().labels
    declared = None if declared_codes is None else set(declared_codes)
    out = {f: [c for c in codes if c not in default.get(f, ())
               and (declared is None or (c == c.strip() and _joined_codes(c) is None
                                         and (c in declared or near_miss(f, c) is None)))]
           for f, codes in found.items()}
    return {f: codes for f, codes in out.items() if codes}


def _codes_only(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The label fields of ``records`` with only their well-formed codes (non-empty strings), for listing codes
    of data that may not have passed :func:`validate_records`."""
    out = []
    for rec in records:
        kept: dict[str, Any] = {}
        for name in LABEL_FIELDS:
            value = _as_list(rec.get(name))
            if name in MULTI_LABEL_FIELDS and isinstance(value, (list, tuple)):
                kept[name] = [c for c in value if isinstance(c, str) and c.strip()]
            elif name not in MULTI_LABEL_FIELDS and isinstance(value, str) and value.strip():
                kept[name] = value
        out.append(kept)
    return out


def _joined_codes(code: str) -> list[str] | None:
    """The words of a code that holds a comma or a space inside it (``"taiwan,maritime"``), else None: such a
    "code" is several codes in one cell, or a code of several words, never a code of its own."""
    if "," not in code and not any(ch.isspace() for ch in code):
        return None
    return [w for w in re.split(r"[,\s]+", code) if w] or [code]


def _joined_codes_problem(name: str, code: str, words: list[str]) -> str:
    """The problem of a code with a comma or a space in it, with the two ways to write several codes."""
    what = "a comma" if "," in code else "a space"
    if name in MULTI_LABEL_FIELDS:
        return (f"{name} code {code!r} holds {what}, so a model would learn it as one new code; give several codes "
                f"as a list: in a CSV cell separated with ';' ({';'.join(words)}), in JSON as a list "
                f"({json.dumps(words, ensure_ascii=False)})" + (f"; a code of several words joins them with '_' "
                                                                 f"({'_'.join(words)})" if "," not in code else ""))
    if "," in code:
        return f"{name} code {code!r} holds a comma; {name} takes one code per sentence: give one of {words}"
    return (f"{name} code {code!r} holds a space, so a model would learn it as a code of its own; a code of several "
            f"words joins them with '_' ({'_'.join(words)!r}), and {name} takes one code per sentence")


def _split_advice(name: str, value: str, source: str) -> str:
    """How to make a str cell of a list field (``"taiwan;trade"``) into a list, for where it came from."""
    parts = [v.strip() for v in value.split(";") if v.strip()] or [value]
    if source.startswith("<"):  # in memory: a Dataset or DataFrame read from the README's CSV keeps the str
        return (f"split it, e.g. {parts!r} (a Dataset: ds = ds.map(lambda r: {{{name!r}: r[{name!r}].split(';')}}); "
                f"a DataFrame: df[{name!r}] = df[{name!r}].str.split(';'))")
    return f"write it as a JSON list, e.g. {json.dumps(parts, ensure_ascii=False)}"


def validate_records(
    records: Iterable[Mapping[str, Any]],
    schema: LabelSchema | None = None,
    *,
    require_metadata: bool = False,
    declared_codes: Iterable[str] = (),
) -> list[Problem]:
    """Check labelled records; return every problem found (empty if none).

    Parameters
    ----------
    records : iterable of mapping
        As returned by :func:`load_records`.
    schema : LabelSchema, default=None
        The allowed codes. None accepts new codes (a retrained model learns
        them from the data; :func:`new_codes` lists them), except codes that
        look like a typo of a default code (:func:`near_miss`) and are not in
        ``declared_codes``.
    require_metadata : bool, default=False
        Also require ``source``, ``date`` and ``participants`` (the seed
        corpus has them).
    declared_codes : iterable of str, default=()
        New codes that are meant, even though they look like a typo of a
        default code.

    Checks: required fields, empty text and ids, label types, unknown or
    misspelt codes, codes with spaces around them, codes with a comma or a
    space inside them, codes that differ from another code of the data
    only in case or spacing (``Space`` beside ``space``), duplicate ids,
    the same sentence with conflicting labels, and document metadata that
    changes within a document.

    An ``issue`` given as a one-dimensional array (a DataFrame read from
    Parquet) counts as a list; a str (``"taiwan;trade"``) does not: the
    problem says how to split it. A CSV file's ``issue`` cell is read as
    codes separated with ``;`` (``taiwan;maritime``) or as a JSON list
    (``["taiwan", "maritime"]``); a cell ``taiwan,maritime`` would be one
    code, and is refused, saying so.
    """
    declared = set(declared_codes)
    problems: list[Problem] = []
    seen_ids: dict[str, tuple[str, int]] = {}
    seen_text: dict[str, tuple[dict[str, Any], str, int]] = {}
    doc_meta: dict[str, tuple[tuple[Any, ...], str, int]] = {}
    # (field, code folded) -> spelling -> [source, line of its first use, uses]
    spellings: dict[tuple[str, str], dict[str, list[Any]]] = {}
    records = list(records)
    label_fields = [f for f in LABEL_FIELDS if any(f in r for r in records)]
    if not records:
        problems.append(Problem("<records>", 0, "no records: there are no labelled sentences to check (an empty "
                                                "file?); pass at least one record"))
    elif "issue" not in label_fields and "stance" not in label_fields:
        src = str(records[0].get("_source", "<records>"))
        problems.append(Problem(src, 0, "no label field: each record needs 'issue' and/or 'stance' (and optionally 'side')"))
    for rec in records:
        src, line = str(rec.get("_source", "<records>")), int(rec.get("_line", 0))

        def bad(msg: str) -> None:
            problems.append(Problem(src, line, msg))

        if rec.get("needs_review"):
            bad("labels marked needs_review are a model's guess (from `stancelib suggest`): check them, "
                "then delete the needs_review field")
        for key in RECORD_FIELDS:
            if key not in rec or is_missing(rec[key]):
                bad(f"missing field {key!r}")
            elif key != "text" and isinstance(rec[key], str) and not rec[key].strip():
                bad(f"empty {key!r}; every sentence needs one (sentences of one document share a doc_id)")
        text = rec.get("text")
        if isinstance(text, str):
            if not text.strip():
                bad("empty text")
        elif not is_missing(text):
            bad(f"text must be a string, got {type(text).__name__}")
        rid = rec.get("id")
        if isinstance(rid, (str, int)) and not isinstance(rid, bool):
            key = str(rid)
            if key in seen_ids:
                first = seen_ids[key]
                bad(f"duplicate id {key!r} (first at {first[0]}:{first[1]})")
            else:
                seen_ids[key] = (src, line)
        labels: dict[str, Any] = {}
        for name in label_fields:
            value = rec.get(name)
            if is_missing(value):
                bad(f"missing label {name!r}")
                continue
            if name in MULTI_LABEL_FIELDS:
                value = _as_list(value)
                if isinstance(value, str):
                    bad(f"{name!r} must be a list of codes, got str {value!r}; {_split_advice(name, value, src)}")
                    continue
                if not isinstance(value, (list, tuple)):
                    bad(f"{name!r} must be a list of codes, got {type(value).__name__} {value!r}")
                    continue
                if not value:
                    bad(f"{name!r} is empty; every sentence has at least one issue (use 'other')")
                    continue
                if len({repr(c) for c in value}) != len(value):  # repr: a code may be unhashable (a list)
                    bad(f"{name!r} repeats a code: {list(value)}")
                codes = list(value)
            else:
                if not isinstance(value, str):
                    index = (f"; if it is a class index, give the code's name instead (e.g. "
                             f"ds.features[{name!r}].int2str({int(value)}) names it)"
                             if isinstance(value, numbers.Integral) and not isinstance(value, bool) else "")
                    bad(f"{name!r} must be one code (a string), got {type(value).__name__} {value!r}{index}")
                    continue
                codes = [value]
            for code in codes:
                if not isinstance(code, str) or not code.strip():
                    bad(f"{name!r} has an empty or non-string code {code!r}")
                elif code != code.strip():  # "space " beside "space" would be a class of its own
                    bad(f"{name} code {code!r} has spaces around it; write {code.strip()!r}")
                elif (words := _joined_codes(code)) is not None:  # "taiwan,maritime": two codes in one CSV cell
                    bad(_joined_codes_problem(name, code, words))
                elif schema is not None and name in schema.labels and code not in schema.labels[name]:
                    allowed = ", ".join(schema.labels[name])
                    bad(f"unknown {name} code {code!r}; allowed: {allowed}")
                elif schema is None and code not in declared and (typo := near_miss(name, code)) is not None:
                    bad(f"{name} code {code!r} looks like a typo of {typo!r}; fix it, or declare it as a new "
                        f"code (validate/train --new-codes {code}; train(..., new_codes=[{code!r}]))")
                else:
                    spelt = spellings.setdefault((name, " ".join(code.split()).casefold()), {})
                    spelt.setdefault(code, [src, line, 0])[2] += 1
            # key=str: a bad code (None, a number) is reported above; sorting must not fail on it
            labels[name] = sorted(codes, key=str) if name in MULTI_LABEL_FIELDS else codes[0]
        if isinstance(text, str) and text.strip():
            norm = " ".join(text.split()).lower()
            if norm in seen_text and labels:
                other, osrc, oline = seen_text[norm]
                if other != labels:
                    bad(f"same sentence as {osrc}:{oline} with other labels ({other} vs {labels})")
            else:
                seen_text[norm] = (labels, src, line)
        if require_metadata:
            for key in DOCUMENT_FIELDS:
                value = _as_list(rec.get(key))
                if is_missing(value) or (isinstance(value, (str, list)) and not value):
                    bad(f"missing document field {key!r}")
        doc = rec.get("doc_id")
        if isinstance(doc, (str, int)):
            meta = tuple(json.dumps(_as_list(rec.get(k)), sort_keys=True, default=str) for k in DOCUMENT_FIELDS)
            if str(doc) in doc_meta and doc_meta[str(doc)][0] != meta:
                first = doc_meta[str(doc)]
                bad(f"document {doc!r} has other metadata here than at {first[1]}:{first[2]}")
            doc_meta.setdefault(str(doc), (meta, src, line))
    # "Space" beside "space" would be two classes of one meaning: each spelling but the most used one (the first
    # of them on a tie) is a problem, where it is first used
    for (name, _), spelt in spellings.items():
        if len(spelt) > 1:
            main = max(spelt, key=lambda c: spelt[c][2])  # max keeps the first of equals: dicts keep insertion order
            msrc, mline, mused = spelt[main]
            for code, (src, line, used) in spelt.items():
                if code != main:
                    problems.append(Problem(src, line, (
                        f"{name} code {code!r} ({used} sentence(s), the first here) differs from {main!r} "
                        f"({mused} sentence(s), the first at {msrc}:{mline}) only in case or spacing, so a model "
                        f"would learn them as two codes; use one spelling, e.g. {main!r} everywhere")))
    return problems
