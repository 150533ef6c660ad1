"""The ``stancelib`` command line."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence, TextIO

# one escape for --escape-formulas and save_labels(escape_formulas=True), and write_table's cell (csv_cell) in
# --sentences CSV output; tables imports no numpy or pandas
from .tables import FORMULA_STARTS, MODEL_COLUMN, csv_cell, escape_formula  # noqa: F401 (FORMULA_STARTS)

__all__ = ["main", "read_inputs", "write_labels", "iter_labelled_rows", "write_rows"]

#: The exit status of a command called wrongly (argparse's own, for the errors it catches): an option's value, a
#: path that names nothing or a folder where a file is needed, options that exclude each other. A run that fails on
#: its data (a file that is not UTF-8, a bad date, labelled data with problems) exits with 1.
USAGE_STATUS = 2


class UsageError(SystemExit):
    """A command called wrongly: :func:`main` prints the command's usage line and the message (``stancelib:
    ...``) on standard error and exits with :data:`USAGE_STATUS`, as argparse does for the errors it catches.
    ``str(error)`` is the message.

    Raised outside :func:`main` (a script that calls :func:`read_inputs`), it is an ordinary ``SystemExit`` whose
    code is the message: left uncaught, Python prints the message and exits with 1, as for every other
    ``SystemExit("stancelib: ...")`` this module raises; never silently."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _read_text(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
        where = "standard input"
    else:
        p = Path(path)
        if not p.exists():
            raise UsageError(f"stancelib: no such file: {path}")
        if p.is_dir():
            raise UsageError(f"stancelib: {path} is a directory; pass a text file")
        data = p.read_bytes()
        where = path
    from .documents import DocumentError, decode_text

    try:
        return decode_text(data, where)
    except DocumentError as exc:
        raise SystemExit(f"stancelib: {exc}") from None


def _code_list(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def _model(args: argparse.Namespace, *, explain: bool = False) -> Any:
    """The model of ``--model`` (default: the bundled one): its safe export when
    there is one (fast, needs no trust), else its estimator if trusted; with
    ``explain``, the estimator, which alone can explain labels."""
    # the shared (cached, uncopied) models: the command only reads them
    from .persist import ModelLoadError, UntrustedModelError, load_compiled_bundled
    from .persist import load_shared_model as load_model

    try:
        if explain:
            model = load_model(args.model, trusted=args.trust_model) if args.model else load_model()
            if hasattr(model, "state_"):  # the accurate tier
                raise UsageError("stancelib: --explain needs the default model's per-feature weights; the accurate "
                                 "tier has none (drop --model accurate to explain a label)")
            if not hasattr(model, "blocks_"):  # the safe export: it cannot explain
                has_estimator = "artifact" in (getattr(model, "manifest_", None) or {})
                raise SystemExit(
                    f"stancelib: --explain needs the estimator (model-*.joblib, a pickle that runs code) of "
                    f"{args.model}, not its safe export: add --trust-model if you trust it"
                    if has_estimator else
                    f"stancelib: {args.model} holds only the safe export, which cannot explain labels; --explain "
                    "needs the directory with the estimator (model-*.joblib) it was exported from"
                )
            return model
        if not args.model:
            return load_compiled_bundled()
        try:
            return load_model(args.model)  # the safe export, when the directory has one
        except UntrustedModelError:
            if not args.trust_model:
                raise
            return load_model(args.model, trusted=True)
    except FileNotFoundError as exc:  # --model names nothing
        raise UsageError(f"stancelib: --model: {exc}") from None
    except (ModelLoadError, ImportError) as exc:
        raise SystemExit(f"stancelib: {exc}") from None


def _escape(text: str) -> str:
    """Text safe to print to a terminal: control and bidirectional characters shown as escapes."""
    return "".join(ch if ch.isprintable() and not 0x202A <= ord(ch) <= 0x202E and not 0x2066 <= ord(ch) <= 0x2069
                   else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


#: Columns of ``--format csv``, without and with the document's fields.
CSV_COLUMNS = ("start", "end", "text", "issues", "stance", "side", "confidence")
DOCUMENT_COLUMNS = ("doc_id", "date", "source")
# MODEL_COLUMN (tables') is the column (csv, last) and key (jsonl) that name the model that labelled a row: its
# stancelib.persist.model_id, so a file found later says which model made it, as save_labels(model=) writes it.
#: Width of the sentence column of the terminal table (``--width``).
TABLE_WIDTH = 70


def _csv_cell_guard(escape_formulas: bool) -> Any:
    """The function each CSV cell goes through: :func:`escape_formula` (which leaves a lone ``-``, the ``file`` of
    standard input, as it is), or none (the default: cells as they are)."""
    if not escape_formulas:
        return lambda value: value
    return escape_formula


def _csv_label_cells(lab: Any, cell: Any) -> list[Any]:
    """A label's cells of :data:`CSV_COLUMNS`. ``confidence`` is the label's own value (4 decimals), as JSONL,
    Python and ``save_labels`` give it, so that files of either format join and filter alike."""
    return [lab.span[0], lab.span[1], cell(lab.text), cell(";".join(lab.issues)), cell(lab.stance),
            cell(lab.side or ""), lab.confidence]


def write_labels(labels: Iterable[Any], fmt: str, out: TextIO, *, explain: Any = None,
                 width: int | None = TABLE_WIDTH, documents: bool = False, escape_formulas: bool = False,
                 model: str | None = None) -> None:
    """Write labels as a table, JSONL or CSV, streaming.

    ``width`` is the sentence column of the table (None: whole sentences, as
    wide as the longest); ``documents`` adds each label's document fields
    (``doc_id``, ``date``, ``source``) to the table and the CSV;
    ``escape_formulas`` passes every CSV cell through :func:`escape_formula`
    (off by default: the cells are the text as it is); ``model``, the id of
    the model that labelled (:func:`stancelib.persist.model_id`), is written
    in every JSONL line (key ``model``) and CSV row (last column ``model``).
    """
    if fmt == "jsonl":
        for lab in labels:
            d = lab.to_dict()
            if model is not None:
                d[MODEL_COLUMN] = model
            if explain is not None:
                d["explanation"] = explain(lab)
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        if explain is not None:  # (the command refuses the two options together before; a caller gets the message)
            raise SystemExit("stancelib: --explain works with --format table or jsonl, not csv")
        w = csv.writer(out)
        cell = _csv_cell_guard(escape_formulas)
        last = [MODEL_COLUMN] if model is not None else []
        w.writerow(list(DOCUMENT_COLUMNS if documents else ()) + list(CSV_COLUMNS) + last)
        model_cell = [cell(model)] if model is not None else []
        for lab in labels:
            doc = [cell(lab.doc_id or ""), cell(lab.date or ""), cell(lab.source or "")] if documents else []
            w.writerow(doc + _csv_label_cells(lab, cell) + model_cell)
        return
    issues_width, doc_width = 28, 16
    if width is None:  # --full: nothing is cut, every column as wide as its longest cell
        labels = list(labels)
        width = max([len("sentence")] + [len(" ".join(_escape(lab.text).split())) for lab in labels])
        issues_width = max([len("issues")] + [len(",".join(lab.issues)) for lab in labels])
        doc_width = max([len("doc")] + [len(_escape(lab.doc_id or "-")) for lab in labels])
    doc_head = f"{'doc':<{doc_width}}  " if documents else ""
    header = f"{'#':>3}  {doc_head}{'sentence':<{width}}  {'issues':<{issues_width}}  {'stance':<11}  {'side':<6}  conf"
    out.write(header + "\n" + "-" * len(header) + "\n")
    for i, lab in enumerate(labels, 1):
        doc = f"{_shorten(_escape(lab.doc_id or '-'), doc_width):<{doc_width}}  " if documents else ""
        out.write(f"{i:>3}  {doc}{_shorten(_escape(lab.text), width):<{width}}  "
                  f"{_shorten(','.join(lab.issues), issues_width):<{issues_width}}  "
                  f"{lab.stance:<11}  {(lab.side or '-'):<6}  {lab.confidence:.2f}\n")
        if explain is not None:
            for field, per_label in explain(lab).items():
                for label, ways in per_label.items():
                    mark = "  <- sets the confidence" if field == lab.confidence_head else ""
                    out.write(f"{'':>5}{field}={label}{mark}\n")
                    for way in ("for", "against"):
                        shown = ", ".join(f"{_escape(n)} ({v:+.2f})" for n, v in ways[way]) or "-"
                        out.write(f"{'':>7}{way + ':':<9}{shown}\n")


def read_inputs(inputs: Sequence[str], *, text_column: str = "text") -> list[Any]:
    """The documents of the command line's inputs, in order, as :class:`stancelib.documents.Document`.

    Each input is ``-`` (standard input: one readout, id ``stdin``), a text
    file (one readout, id its name without the suffix), a folder of ``.txt``
    files, or a JSONL/CSV file of readouts (``id``, ``date``, ``source``, and
    the readout under ``text_column``; a row without an id gets
    ``<file name>:<line>``). Text files may open with ``date:`` / ``source:``
    header lines; text files of one name in different folders
    (``wh/2024-04-12.txt``, ``mfa/2024-04-12.txt``) get their paths from the
    folder they share as ids (``wh/2024-04-12``, ``mfa/2024-04-12``). The
    reading is :func:`stancelib.documents.read_documents`'; any problem
    (missing file, bad date, duplicate id) exits with a message naming the
    input (both places, for a duplicate id).
    """
    from .documents import DocumentError, PlacedDocument, check_unique_ids, placed_apart

    if sum(1 for p in inputs if p == "-") > 1:
        raise UsageError("stancelib: standard input (-) can be read only once")
    placed: list[PlacedDocument] = []
    for path in inputs:
        if path == "-":
            placed.append(PlacedDocument(_stdin_document(_read_text("-")), "standard input", True))
        else:
            placed.extend(_file_documents(path, text_column))
    placed = placed_apart(placed)
    try:
        check_unique_ids([p.document for p in placed], places=[p.where for p in placed])
    except DocumentError as exc:
        raise SystemExit(f"stancelib: {exc}") from None
    return [p.document for p in placed]


def _file_documents(path: str, text_column: str = "text") -> list[Any]:
    """The documents of one input path of ``classify``, ``compare`` or ``suggest``, read by the one reader
    (:func:`stancelib.documents.documents_from_path`: a folder of ``.txt`` files, a JSONL/JSON/CSV file of
    readouts, any other file one readout), each a ``PlacedDocument`` (document, where, own_id); a problem
    exits with its message."""
    from .documents import DocumentError, documents_from_path

    try:
        return documents_from_path(Path(path), text_column, any_file=True)
    except FileNotFoundError as exc:  # the path names nothing: the command was called wrongly
        raise UsageError(f"stancelib: {exc}") from None
    except (DocumentError, TypeError) as exc:
        raise SystemExit(f"stancelib: {exc}") from None


def _stdin_document(text: str) -> Any:
    """Standard input as one document (id ``stdin``), its header lines read."""
    from .documents import DocumentError, text_document

    try:
        return text_document(text, "stdin", "standard input")
    except DocumentError as exc:
        raise SystemExit(f"stancelib: {exc}") from None


def _is_single_readout(inputs: Sequence[str]) -> bool:
    """One text file or standard input: labelled as before, without document columns."""
    if len(inputs) != 1:
        return False
    from .documents import DOCUMENT_SUFFIXES

    p = Path(inputs[0])
    return inputs[0] == "-" or (p.is_file() and p.suffix.lower() not in DOCUMENT_SUFFIXES)


def iter_labelled_rows(paths: Sequence[str], **options: Any) -> Iterator[tuple[dict[str, Any], Any]]:
    """``--sentences`` input: each row of sentence files with its label, ``(row, label)``, streaming.

    :func:`stancelib.batch.iter_labelled_rows` (imported only when called); ``options`` are its.
    Every path is checked first, so a missing file or a folder is refused
    before anything is written; what a file holds is checked as it is read
    (:func:`stancelib.batch.iter_rows`: standard input as strict UTF-8, a
    CSV row with more fields than its header refused with its line).
    """
    from .batch import SentenceFileError, iter_labelled_rows as labelled_rows

    for path in paths:
        if path == "-":
            continue
        p = Path(path)
        if not p.exists():
            raise FileNotFoundError(f"no such file: {path}")
        if p.is_dir():
            raise SentenceFileError(f"{path} is a directory; --sentences takes JSONL, CSV or text files "
                                    "(one sentence a row): pass the files in it")
    return labelled_rows(paths, **options)


def _check_inputs(inputs: Sequence[str]) -> None:
    """The inputs of ``classify`` and ``trends``, before a model is loaded: standard input (-) at most once, and
    every other input a path that names something (a usage error otherwise)."""
    if sum(1 for p in inputs if p == "-") > 1:
        raise UsageError("stancelib: standard input (-) can be read only once")
    for path in inputs:
        if path != "-" and not Path(path).exists():
            raise UsageError(f"stancelib: no such file or folder: {path}")


def _check_sentence_files(paths: Sequence[str]) -> None:
    """``classify --sentences``' inputs, before the model is loaded: standard input at most once; a path that
    names nothing or a folder is a usage error; a file whose first bytes are UTF-16 (or UTF-32) without a
    byte-order mark, which is valid UTF-8 full of NUL bytes, is refused as not UTF-8 (its every "sentence" would
    be labelled as garbage)."""
    from .batch import SentenceFileError, refuse_wide_text

    if sum(1 for p in paths if p == "-") > 1:
        raise UsageError("stancelib: standard input (-) can be read only once")
    for path in paths:
        if path != "-":
            p = Path(path)
            if not p.exists():
                raise UsageError(f"stancelib: no such file: {path}")
            if p.is_dir():
                raise UsageError(f"stancelib: {path} is a directory; --sentences takes JSONL, CSV or text files "
                                 "(one sentence a row): pass the files in it")
        try:  # the reader's own check, here before the model loads (standard input is peeked at, not consumed)
            refuse_wide_text(None if path == "-" else Path(path), "standard input" if path == "-" else path)
        except SentenceFileError as exc:
            raise SystemExit(f"stancelib: {exc}") from None


class _InputColumns:
    """The output names of ``--sentences`` input columns: each keeps its name unless a label column has it.

    An input column with a label column's name is renamed ``input_<name>``;
    if that name is taken too (an input labelled before, whose gold
    ``input_stance`` is beside the first model's ``stance``), ``input_`` is
    added again until the name is free: ``input_input_stance``. So no input
    column is ever overwritten. A column keeps the name it first got for the
    whole output, whichever columns later rows have, so that rows with
    different columns (JSONL) never put two columns' values under one name.
    """

    def __init__(self, text_column: str, label_columns: Iterable[str]):
        self.text_column = text_column
        self.labels = set(label_columns)
        self.names: dict[str, str] = {}
        self.used: set[str] = set(self.labels)

    def _name(self, key: str) -> str:
        name = f"input_{key}"
        while name in self.used:
            name = f"input_{name}"
        return name

    def rename(self, row: dict[str, Any]) -> dict[str, Any]:
        """The row's input columns under their output names, in the row's order."""
        new = [k for k in row if k not in self.names and not (k == self.text_column == "text")]
        # the columns that keep their name first, so that a renamed one never takes the name of a column
        # of the same row that comes after it
        for key in new:
            if key not in self.used:
                self.names[key] = key
                self.used.add(key)
        for key in new:
            if key not in self.names:
                self.names[key] = self._name(key)
                self.used.add(self.names[key])
        # the label's own ``text`` is the same sentence as an input ``text``: that column is not repeated
        return {self.names[k]: v for k, v in row.items() if not (k == self.text_column == "text")}


def write_rows(pairs: Iterable[tuple[dict[str, Any], Any]], fmt: str, out: TextIO, *, text_column: str = "text",
               explain: Any = None, width: int | None = TABLE_WIDTH, escape_formulas: bool = False,
               model: str | None = None) -> None:
    """``--sentences`` output: every input column, then the label's (see :class:`_InputColumns`);
    ``escape_formulas`` and ``model`` as :func:`write_labels` takes them."""
    if fmt == "table":
        write_labels((lab for _, lab in pairs), fmt, out, explain=explain, width=width)
        return
    if fmt == "jsonl":
        names: _InputColumns | None = None
        for row, lab in pairs:
            d = lab.to_dict()
            if model is not None:
                d[MODEL_COLUMN] = model
            if explain is not None:
                d["explanation"] = explain(lab)
            if names is None:  # every label of a run has the same keys
                names = _InputColumns(text_column, d)
            out.write(json.dumps({**names.rename(row), **d}, ensure_ascii=False) + "\n")
        return
    w = csv.writer(out)
    cell = _csv_cell_guard(escape_formulas)
    last = [MODEL_COLUMN] if model is not None else []
    columns = _InputColumns(text_column, CSV_COLUMNS + tuple(last))
    model_cell = [cell(model)] if model is not None else []
    header: list[str] | None = None
    for n, (row, lab) in enumerate(pairs, 1):
        if header is not None:
            extra = [k for k in row if k not in columns.names and not (k == text_column == "text")]
            if extra:
                raise SystemExit(f"stancelib: sentence {n} has the column(s) {', '.join(map(str, extra))} that "
                                 "the first row lacks; CSV needs the same columns in every row: use --format jsonl")
        cells = columns.rename(row)
        if header is None:
            header = list(cells)
            w.writerow(header + list(CSV_COLUMNS) + last)
        w.writerow([cell(csv_cell(cells.get(k))) for k in header] + _csv_label_cells(lab, cell) + model_cell)


#: The formats written for programs rather than for the eye: UTF-8 whatever the locale (:class:`_Output`).
MACHINE_FORMATS = ("jsonl", "csv", "json")


class _Output:
    """Where a command writes its result. ``machine`` (``--format`` jsonl, csv, json): standard output's bytes as
    UTF-8 whatever the locale, as every input is read, so that a file redirected on Windows (where Python writes
    the ANSI code page, cp1252) is valid JSON and its text the readout's, not ``\\u738b`` escapes; ``bom``
    (``--excel``): a UTF-8 byte-order mark first, which Excel needs to read a double-clicked CSV as UTF-8
    (without it, it reads the system's code page, and every curly quote and dash turns into two or three wrong
    characters). Otherwise (the table, markdown) standard output as it is, in the terminal's encoding, a character
    it cannot show written as its escape. A lone surrogate, which UTF-8 cannot hold, is written as its ``\\udXXX``
    escape (in JSON the same text). A context manager: standard output stays open after it."""

    def __init__(self, machine: bool, *, bom: bool = False):
        self.stream: Any = sys.stdout
        buffer = getattr(sys.stdout, "buffer", None) if machine or bom else None
        if buffer is None:
            if bom:  # a text stream with no bytes beneath: the mark as a character
                sys.stdout.write("\ufeff")
            return
        sys.stdout.flush()  # what was written before comes first
        self.stream = _Utf8Writer(buffer)
        if bom:
            self.stream.write("\ufeff")

    def __enter__(self) -> TextIO:
        return self.stream

    def __exit__(self, *exc: Any) -> None:
        if isinstance(self.stream, _Utf8Writer):  # standard output itself is flushed by Python, when it is one
            self.stream.flush()


class _Utf8Writer:
    """A text stream over standard output's bytes that encodes each write as UTF-8 (a lone surrogate as its
    ``\\udXXX`` escape). No wrapper of standard output's buffer to detach or close, so a pipe closed half-way
    (``| head``) or a full disk leaves standard output as it was; line ends are written as given (csv ends its
    rows with ``\\r\\n`` itself, JSONL lines end with ``\\n``)."""

    def __init__(self, buffer: Any):
        self.buffer = buffer

    def write(self, text: str) -> int:
        self.buffer.write(text.encode("utf-8", "backslashreplace"))
        return len(text)

    def flush(self) -> None:
        self.buffer.flush()


def _cmd_classify(args: argparse.Namespace) -> int:
    from .api import check_text, iter_classify
    from .persist import model_id

    if args.top < 1:
        raise UsageError(f"stancelib: --top must be at least 1, got {args.top}")
    if args.width is not None and args.width < 10:
        raise UsageError(f"stancelib: --width must be at least 10, got {args.width}")
    if args.explain and args.format == "csv":
        raise UsageError("stancelib: --explain works with --format table or jsonl, not csv")
    for flag, given in (("--escape-formulas", args.escape_formulas), ("--excel", args.excel)):
        if given and args.format != "csv":
            raise UsageError(f"stancelib: {flag} is for --format csv (spreadsheets open CSV); "
                             f"--format {args.format} writes text as it is")
    width = None if args.full else (args.width or TABLE_WIDTH)
    escape = args.escape_formulas or args.excel  # a CSV for Excel is one whose formulas do not run
    # the inputs named on the command line, before the model is loaded
    if args.sentences:
        _check_sentence_files(args.inputs)
    else:
        _check_inputs(args.inputs)

    model = _model(args, explain=args.explain)
    # which model labelled, in every row of a file (the table is read on the screen, not kept)
    name = model_id(model) if args.format in ("jsonl", "csv") else None
    # each label's own explanation: the labels it was given in its document, the sentence before's part named
    explain = (lambda lab: lab.explain(model, top=args.top)) if args.explain else None
    if args.sentences:
        # rows of text (files and standard input) start with their file and line, so they join back to the input
        # though blank lines are skipped and several files are read; not when a record file is among the inputs,
        # whose rows have their own columns
        from .data import RECORD_SUFFIXES  # what --sentences reads as rows of records (batch.iter_rows)

        text_inputs = [p == "-" or Path(p).suffix.lower() not in RECORD_SUFFIXES for p in args.inputs]
        lines = all(text_inputs)
        if args.format == "csv" and any(text_inputs) and not lines:
            # refused before any row is written: a CSV has one header, and text rows (file, line, text) and
            # records (their own columns) have none in common
            text_file = args.inputs[text_inputs.index(True)]
            record_file = args.inputs[text_inputs.index(False)]
            raise UsageError(f"stancelib: --sentences --format csv cannot write the rows of a text file "
                             f"({text_file}) and of a record file ({record_file}) in one table: their columns "
                             "differ; label them in separate runs, or use --format jsonl")
        pairs = iter_labelled_rows(args.inputs, model=model, text_column=args.text_column, progress=not args.quiet,
                                   line_column=("line_number" if args.text_column == "line" else "line")
                                   if lines else None,
                                   file_column=("file_name" if args.text_column == "file" else "file")
                                   if lines else None)
        with _Output(args.format in MACHINE_FORMATS, bom=args.excel) as out:
            write_rows(pairs, args.format, out, text_column=args.text_column, explain=explain, width=width,
                       escape_formulas=escape, model=name)
        return 0
    from .documents import classify_documents, split_header

    if _is_single_readout(args.inputs):
        text = _read_text(args.inputs[0])
        if not split_header(text)[1]:  # no date:/source: header: the whole file is the readout, as always
            # streamed a batch at a time: a million short lines never make a million labels at once
            labels: Iterable[Any] = iter_classify(check_text(text, "text"), model)
            documents = False
        else:
            labels = classify_documents([_stdin_document(text)] if args.inputs[0] == "-" else read_inputs(args.inputs),
                                        model=model)
            documents = True
    else:
        labels = classify_documents(read_inputs(args.inputs, text_column=args.text_column), model=model)
        documents = True
    with _Output(args.format in MACHINE_FORMATS, bom=args.excel) as out:
        write_labels(labels, args.format, out, explain=explain, width=width, documents=documents,
                     escape_formulas=escape, model=name)
    return 0


def _readout_file(path: str) -> Any:
    """One readout of ``compare``, read as ``classify`` reads a file (a text file's ``date:`` / ``source:``
    header lines removed, so that spans index the same text); a folder, and a JSONL/CSV/JSON file of several
    readouts, are refused."""
    from .documents import HeaderOnlyWarning

    if path != "-" and Path(path).is_dir():
        raise UsageError(f"stancelib: {path} is a directory; compare takes two text files, one readout each")
    with warnings.catch_warnings():
        # a file of header lines only is refused below, by name: no warning first that says it may be ignored
        warnings.simplefilter("ignore", HeaderOnlyWarning)
        found = [] if path == "-" else _file_documents(path)
        document = _stdin_document(_read_text("-")) if path == "-" else None
    if document is None:
        if len(found) != 1:
            ids = ", ".join(repr(p.document.id) for p in found[:3]) + (", ..." if len(found) > 3 else "")
            raise UsageError(
                f"stancelib: {path} holds {len(found)} readouts" + (f" ({ids})" if found else "")
                + "; compare takes one readout a side: put each readout's text in a .txt file (header lines "
                "date: and source: may open it) and compare the two files, or in Python: "
                "compare(a.text, b.text) with stancelib.documents.read_documents(PATH)")
        document = found[0].document
    if not document.text.strip():
        raise SystemExit(f"stancelib: {'standard input' if path == '-' else path} is empty"
                         + (" after its header lines" if document.date or document.source else "")
                         + "; pass the text of a readout")
    return document


def _compare_names(a: Any, b: Any, path_a: str, path_b: str) -> tuple[str, str] | None:
    """``compare``'s names of its two readouts when ``--names`` is not given, so that they never contradict what
    the files say (:func:`stancelib.comparison.names_from_sources`): each readout's ``source:`` header line, else
    its file's name without the suffix (``standard input`` for -; two files of one name: their paths from the
    folder they share, as ``classify`` names them). None when neither has a source: :func:`stancelib.compare`'s
    default names, by position (A is US, B is China), with a warning that says so."""
    from .comparison import DEFAULT_NAMES, names_from_sources
    from .documents import file_ids_apart

    paths = [None if path == "-" else Path(path) for path in (path_a, path_b)]
    files = file_ids_apart(["standard input" if p is None else p.stem or str(p) for p in paths], paths)
    names = names_from_sources([a.source, b.source], files)
    if names is None:
        shown = ["standard input" if path == "-" else path for path in (path_a, path_b)]
        warnings.warn(f"neither readout has a 'source:' header line, so the columns are named by position: "
                      f"{DEFAULT_NAMES[0]} for {shown[0]}, {DEFAULT_NAMES[1]} for {shown[1]}; if that is not who "
                      "wrote them, pass --names NAME_A NAME_B (or open each file with a 'source: ...' line)",
                      UserWarning)
    return names


def _cmd_compare(args: argparse.Namespace) -> int:
    from .comparison import check_names, compare

    if args.file_a == "-" and args.file_b == "-":
        raise UsageError("stancelib: only one of the two readouts can come from standard input")
    if args.names is not None:
        try:
            check_names(args.names)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"stancelib: --names: {exc}") from None
    a, b = (_readout_file(path) for path in (args.file_a, args.file_b))
    names = args.names if args.names is not None else _compare_names(a, b, args.file_a, args.file_b)
    model = _model(args)
    try:
        result = compare(a.text, b.text, **({} if names is None else {"names": tuple(names)}), model=model)
    except (TypeError, ValueError) as exc:
        raise SystemExit(f"stancelib: {exc}") from None
    with _Output(args.format in MACHINE_FORMATS) as out:
        if args.format == "json":
            out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        elif args.format == "markdown":
            out.write(result.to_markdown())
        else:
            out.write(result.to_table())
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from .data import DataValidationError, load_records, validate_records
    from .schema import LabelSchema

    records: list[dict[str, Any]] = []
    problems = []
    for path in args.paths:
        if Path(path).is_dir():
            raise UsageError(f"stancelib: {path} is a directory; pass the .jsonl or .csv files of labelled "
                             "sentences in it")
        try:
            found = load_records(path)
        except DataValidationError as exc:
            problems.extend(exc.problems)
            continue
        except (FileNotFoundError, ValueError) as exc:  # no such file, or a file of another kind than labelled data
            raise UsageError(f"stancelib: {path}: {exc}") from None
        if not found:
            problems.append(_no_records(path))
        records.extend(found)
    schema = LabelSchema.default() if args.known_codes_only else None
    if records:  # none read: each file's problem is above, and there is nothing more to check
        problems.extend(validate_records(records, schema, require_metadata=args.require_metadata,
                                         declared_codes=args.new_codes))
        if args.base == "seeds":
            # what `stancelib train` (--base seeds by default) refuses: the files checked together with the seed
            # corpus, which labels side on every sentence and may hold a sentence or an id of theirs
            from .trainer import validate_training_data

            try:
                with_seeds = validate_training_data(records, base="seeds", new_codes=args.new_codes)
            except FileNotFoundError as exc:  # no seed corpus: an installed wheel without a checkout
                raise UsageError(f"stancelib: --base seeds: {exc}") from None
            problems.extend(p for p in with_seeds if p not in problems)
    for p in problems:
        print(p)
    if not args.known_codes_only and records:
        from .data import new_codes

        # without the codes refused above as typos of a default code (unless declared with --new-codes)
        for field, codes in new_codes(records, declared_codes=args.new_codes).items():
            print(f"new codes ({field}): {', '.join(codes)} -- a retrained model learns them; "
                  "--known-codes-only refuses them", file=sys.stderr)
    docs = len({r.get("doc_id") for r in records})
    status = "OK" if not problems else f"{len(problems)} problem(s)"
    print(f"{status}: {len(records)} sentences in {docs} documents from {len(args.paths)} file(s)"
          + (", checked together with the seed corpus (as stancelib train --base seeds)" if args.base == "seeds"
             else ""), file=sys.stderr)
    return 1 if problems else 0


def _no_records(path: str) -> str:
    """The problem of a labelled data file without a record, naming the file (not ``<records>``):
    :data:`stancelib.data.NO_RECORDS`, as ``train`` reports it."""
    from .data import NO_RECORDS

    return f"{path}: {NO_RECORDS}"


def _check_train_out(out: str) -> Path:
    """Refuse an output directory that cannot take a model, before any training."""
    from .trainer import check_out_directory

    try:
        return check_out_directory(out, what=f"--out {out}")
    except ValueError as exc:
        raise UsageError(f"stancelib: {exc}") from None


def _train_params(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        params = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"stancelib: --params is not valid JSON ({exc.msg}); e.g. --params '{{\"C\": 4}}'") from None
    if not isinstance(params, dict):
        raise UsageError(f"stancelib: --params must be a JSON object of model parameters, got {type(params).__name__}")
    from .trainer import check_params

    try:  # names (with the closest known one) and values, as train() checks them, before any data are read
        check_params(params)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"stancelib: --params: {exc}") from None
    return params


def _manifest_digest(out: Path) -> str | None:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8")).get("artifact_sha256")
    except (OSError, ValueError, AttributeError):
        return None


def _check_train_options(args: argparse.Namespace) -> None:
    """Refuse options ``stancelib train`` cannot use, in the command line's words, before anything is read:
    these are not problems of the data, and train()'s own errors name its Python keywords."""
    if args.jobs == 0:
        raise UsageError("stancelib: --jobs 0 runs no process; give a number of processes (1, 2, ...) or -1 for "
                         "every core")
    if args.seed is not None:
        from .config import check_seed

        try:
            check_seed(args.seed)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"stancelib: --seed: {exc}") from None
    if not args.data and args.base == "none":
        raise UsageError("stancelib: --base none trains on your data alone, and no --data was given: pass your "
                         "labelled files (--data FILE [FILE ...]), or drop --base none to train on the seed corpus")
    from .data import RECORD_SUFFIXES

    for path in args.data:
        p = Path(path)
        if p.is_dir():
            raise UsageError(f"stancelib: --data {path} is a directory; pass the labelled files in it "
                             f"({', '.join(RECORD_SUFFIXES)})")
        if not p.is_file():
            raise UsageError(f"stancelib: --data {path}: no such file")


def _cmd_train(args: argparse.Namespace) -> int:
    from .data import DataValidationError, check_record_suffix
    from .trainer import train

    out = _check_train_out(args.out)  # before the data are read or anything is trained
    params = _train_params(args.params)
    _check_train_options(args)
    try:  # read_records' own check, before the seed corpus is read
        for path in args.data:
            check_record_suffix(path)
    except ValueError as exc:  # a problem of the data, reported as the others are (exit status 1)
        print(f"stancelib: --data {exc}", file=sys.stderr)
        return 1
    kwargs: dict[str, Any] = {"base": args.base, "out": args.out, "params": params, "new_codes": args.new_codes,
                              "progress": not args.quiet}
    if args.recipe is not None:
        kwargs["recipe"] = args.recipe
    if args.calibrate_by is not None:  # else train()'s: the library default, or the recipe's
        kwargs["calibrate_by"] = args.calibrate_by
    if args.seed is not None:
        kwargs["seed"] = args.seed
    if args.jobs is not None:
        kwargs["n_jobs"] = args.jobs
    before = _manifest_digest(out)
    try:
        result = train(args.data or None, **kwargs)
    except DataValidationError as exc:
        print(f"stancelib: {exc}", file=sys.stderr)
        return 1
    except (ValueError, FileNotFoundError, TypeError) as exc:
        print(f"stancelib: cannot train on this data: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        after = _manifest_digest(out)
        if after is not None and after != before:
            print(f"stancelib: interrupted after the new model was saved: {out} holds the new model "
                  f"(sha256 {after[:16]}…)", file=sys.stderr)
        else:
            print("stancelib: interrupted before the new model was saved; any previous model in "
                  f"{out} is unchanged", file=sys.stderr)
        return 130
    m = result.manifest
    print(f"trained on {m['data']['sentences']} sentences in {m['data']['documents']} documents"
          + (f" with the {m['recipe']} recipe" if m.get("recipe") else "") + f"; saved {result.path}")
    print(json.dumps(m["metrics"], indent=2))
    return 0


def _check_out_file(path: str | None) -> None:
    """Refuse an ``--out`` that cannot take a JSONL file (``suggest``, ``audit``), before any work."""
    if path is None:
        return
    if not path.strip():
        raise UsageError("stancelib: --out is empty; give the .jsonl file to write")
    target = Path(path)
    if target.is_dir() or path.endswith(("/", os.sep)):
        raise UsageError(f"stancelib: --out {path} is a directory; give a .jsonl file to write, e.g. "
                         f"{target / 'out.jsonl'}")
    if not target.parent.is_dir():
        raise UsageError(f"stancelib: --out {path}: no such folder {target.parent}; create it first")


def _write_jsonl(rows: Iterable[dict[str, Any]], path: str | None) -> None:
    if path is None:
        with _Output(machine=True) as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    from .persist import atomic_open

    _check_out_file(path)
    # atomically, with the permissions open() gives a file (not mkstemp's owner-only 0600); an error in a row
    # leaves the file that was there and no temporary file; a lone surrogate is written as its \udXXX escape
    with atomic_open(Path(path), errors="backslashreplace") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _suggest_documents(path: str, text_column: str) -> list[tuple[str, list[str], dict[str, str]]]:
    """The documents ``suggest`` reads, each ``(id, texts, metadata)``: its id, its texts in reading order
    (each segmented in turn) and its ``date`` / ``source``.

    A text file (or standard input) is one document, read as ``classify`` reads it (header lines removed); a
    folder is refused before (:func:`_cmd_suggest`). A JSONL/CSV/JSON file holds readouts or sentences: a row's document is its ``doc_id``,
    else its ``id``, else ``<file name>:<line>`` (a JSON array's ``<file name>[<index>]``); the rows of one
    document are its text in file order, and must agree on date and source (a row without one takes the
    document's). Two rows with one ``id`` and no ``doc_id`` are refused, as ``classify`` refuses them, and so
    is a ``doc_id`` that is another row's ``<file name>:<line>``: one document, two readings.
    """
    from .documents import DOCUMENT_SUFFIXES

    if path == "-" or not Path(path).is_file() or Path(path).suffix.lower() not in DOCUMENT_SUFFIXES:
        return [(d.id, [d.text], {k: v for k, v in (("date", d.date), ("source", d.source)) if v is not None})
                for d in read_inputs([path], text_column=text_column)]
    from .documents import Document, DocumentError, document_from_record, numbered_records, optional_str, check_unique_ids

    documents: dict[str, tuple[list[str], dict[str, str], dict[str, str]]] = {}  # texts, metadata, whose
    by_id: dict[str, tuple[Document, str]] = {}  # a row named by its id alone, and where, by that id
    stand_ins: dict[str, str] = {}  # <file name>:<line> of a row without id or doc_id -> where it was read
    try:
        for row, line, fallback in numbered_records(Path(path), text_column):
            where = f"{path}:{line}"
            record = document_from_record(row, fallback, where, text_column)  # text, date and source checked
            doc_id = optional_str(row.get("doc_id"), "id", where)
            row_id = optional_str(row.get("id"), "id", where)
            if doc_id is None and row_id is not None:
                if row_id in by_id:  # refused as classify refuses it, in its words, before the rows' dates
                    first, first_where = by_id[row_id]
                    try:
                        check_unique_ids([first, record], places=[first_where, where])
                    except DocumentError as exc:
                        raise SystemExit(f"stancelib: {exc}; rows that are parts of one readout (its sentences): "
                                         "give each the readout's 'doc_id'") from None
                by_id[row_id] = (record, where)
            elif doc_id is None:
                stand_ins[fallback] = where
            name = doc_id if doc_id is not None else row_id if row_id is not None else fallback
            texts, meta, whose = documents.setdefault(name, ([], {}, {}))
            texts.append(record.text)
            for field, value in (("date", record.date), ("source", record.source)):
                if value is None:
                    continue
                if field in meta and meta[field] != value:
                    raise SystemExit(
                        f"stancelib: {whose[field]} and {where} are rows of document {name!r} with different "
                        f"{field}s ({meta[field]!r} and {value!r}); its rows are read as one readout with one "
                        f"{field}: give them the same {field} (a row without one takes the document's), or give "
                        "the rows of different readouts different doc_ids")
                meta.setdefault(field, value)
                whose.setdefault(field, where)
    except (DocumentError, TypeError) as exc:
        raise SystemExit(f"stancelib: {exc}") from None
    for name, where in stand_ins.items():
        if len(documents[name][0]) > 1:  # another row's doc_id or id is this row's stand-in
            raise SystemExit(f"stancelib: {where} has no id or doc_id, so {name!r} stands in for one, and another "
                             f"row names its document {name!r}; give {where} a doc_id (or an id), or rename the "
                             "other's")
    return [(name, texts, meta) for name, (texts, meta, _) in documents.items()]


def _cmd_suggest(args: argparse.Namespace) -> int:
    from .curation import suggest
    from .segment import segment
    from .tables import count_of

    if args.n < 1:
        raise UsageError(f"stancelib: --n must be at least 1, got {args.n}")
    _check_out_file(args.out)  # before the model is loaded and the sentences labelled
    if args.file != "-" and Path(args.file).is_dir():
        raise UsageError(f"stancelib: {args.file} is a directory; pass a text file, or a JSONL/CSV file of readouts "
                         "or sentences")
    _check_inputs([args.file])
    model = _model(args)
    source = "stdin" if args.file == "-" else Path(args.file).name
    texts: list[str] = []
    doc_ids: list[str] = []
    metadata: dict[str, dict[str, str]] = {}  # a document's date and source, for its records
    # each document's rows one after another, each segmented: the sentence before one is its document's (also
    # across rows of one document), never another document's, and each record gets its document's date and source
    for doc_id, doc_texts, meta in _suggest_documents(args.file, args.text_column):
        for text in doc_texts:
            sentences = [seg.text for seg in segment(text)]
            texts.extend(sentences)
            doc_ids.extend([doc_id] * len(sentences))
        metadata[doc_id] = meta
    rows = suggest(model, texts, n=args.n, source=source, doc_ids=doc_ids)
    # each record with its document's date and source, after its doc_id (validate --require-metadata needs them)
    rows = [{k: v for k, v in r.items() if k in ("id", "doc_id")} | metadata.get(r["doc_id"], {})
            | {k: v for k, v in r.items() if k not in ("id", "doc_id")} for r in rows]
    _write_jsonl(rows, args.out)
    print(f"{count_of(len(rows), 'sentence')} to label (of {len(texts):,} in "
          f"{count_of(len(set(doc_ids)), 'document')}), least sure first"
          + (f", written to {args.out}" if args.out else ""), file=sys.stderr)
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from .curation import audit
    from .data import DataValidationError, load_records, seed_files, validate_records

    # the options, before any file is read or any model trained
    if not 0.5 <= args.threshold < 1:
        raise UsageError(f"stancelib: --threshold must be at least 0.5 and below 1, got {args.threshold}")
    if args.folds < 2:
        raise UsageError(f"stancelib: --folds must be at least 2 (each sentence is judged by a model trained on "
                         f"the other folds), got {args.folds}")
    if not args.data and args.base == "seeds":
        raise UsageError("stancelib: --base seeds adds the seed corpus to your data; pass your labelled files "
                         "(or drop --base to audit the seed corpus itself)")
    for path in args.data:
        if Path(path).is_dir():
            raise UsageError(f"stancelib: {path} is a directory; pass the .jsonl or .csv files of labelled "
                             "sentences in it")
    _check_out_file(args.out)  # before the fold models are trained, which on the seed corpus takes minutes
    paths = args.data or [str(p) for p in seed_files()]
    records: list[dict[str, Any]] = []
    try:
        for path in paths:
            found = load_records(path)
            if not found:
                raise SystemExit(f"stancelib: {_no_records(path)}")
            records.extend(found)
    except DataValidationError as exc:
        print(f"stancelib: {exc}", file=sys.stderr)
        return 1
    except (FileNotFoundError, ValueError) as exc:  # no such file, or one that is not JSONL or CSV (as validate)
        raise UsageError(f"stancelib: {exc}") from None
    problems = validate_records(records)
    if problems:
        print(f"stancelib: {DataValidationError(problems)}", file=sys.stderr)
        return 1
    documents = len({str(r.get("doc_id")) for r in records})
    if documents < 2 and args.base == "none":
        raise SystemExit(f"stancelib: audit needs labelled sentences from at least 2 documents (doc_id), and the "
                         f"data hold {documents}: each sentence is judged by a model that never saw its document. "
                         "Add documents, or train the fold models on the seed corpus too: --base seeds")
    try:
        suspects = audit(records, base=args.base, folds=args.folds, threshold=args.threshold, seed=args.seed,
                         progress=not args.quiet)
    except ValueError as exc:
        print(f"stancelib: cannot audit this data: {exc}", file=sys.stderr)
        return 1
    if args.format == "jsonl" or args.out:
        _write_jsonl((s.to_dict() for s in suspects), args.out)
    else:
        for s in suspects:
            print(f"{s.source}:{s.line}  {s.id}  {s.field}: labelled {s.label}, model says {s.predicted} "
                  f"(p={s.probability:.2f})\n    {_shorten(s.text, 110)}")
    flagged = len({s.id for s in suspects})
    print(f"{len(suspects)} likely label errors in {flagged} of {len(records)} sentences ({flagged / len(records):.1%}; "
          f"calibrated {args.folds}-fold cross-validation grouped by document, threshold {args.threshold}"
          + (", fold models trained with the seed corpus" if args.base == "seeds" else "") + ")", file=sys.stderr)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .persist import ModelLoadError, UntrustedModelError, export_model

    model_dir, out = Path(args.model_dir), Path(args.out)
    if not model_dir.exists():
        raise UsageError(f"stancelib: no model directory {args.model_dir}")
    if not model_dir.is_dir():
        raise UsageError(f"stancelib: {args.model_dir} is a file; MODEL_DIR is the model's directory (the one that "
                         "holds manifest.json and model-*.joblib)")
    if out.exists() and not out.is_dir():
        raise UsageError(f"stancelib: {args.out} is a file; pass a directory for the export (it is created if "
                         "missing)")
    try:
        # the estimator is a pickle: loading it runs its code, so it is loaded only with --trust-model (a model of
        # the package itself needs none)
        manifest = export_model(model_dir, out, trusted=args.trust_model)
    except UntrustedModelError:  # refused as classify --model refuses an untrusted pickle (exit status 1)
        raise SystemExit(_untrusted_export(model_dir)) from None
    except (ModelLoadError, FileNotFoundError) as exc:
        raise SystemExit(f"stancelib: {exc}") from None
    print(f"wrote the safe export to {manifest.parent} (load it with stancelib.load_model(DIR); it runs no code)",
          file=sys.stderr)
    return 0


def _untrusted_export(model_dir: Path) -> str:
    """Why ``export`` refuses a folder's pickle without ``--trust-model``, and what to do instead: a folder that
    already holds its safe export (as every folder ``stancelib train`` writes) needs no export."""
    from .persist import read_manifest

    risk = (f"exporting {model_dir} loads its estimator (model-*.joblib), a pickle: loading it runs its code. If "
            "you made this model or trust who did, add --trust-model")
    if "compiled" in read_manifest(model_dir):  # (export_model read it already: it is there and valid)
        return (f"stancelib: {model_dir} already holds a safe export, which loads without running code: use "
                f"--model {model_dir} (or copy its compiled-*.npz, compiled-*.json and manifest.json). To rebuild "
                f"it, {risk[0].lower() + risk[1:]}.")
    return (f"stancelib: {risk}; never do that for a folder from a stranger (ask for its safe export instead: it "
            "loads without running code)")


def _labelled_sentences(path: str) -> list[dict[str, Any]] | None:
    """The rows of a JSONL/CSV file of already-labelled sentences (its first row has ``stance`` and
    ``issues`` or ``issue``: the corpus, ``classify --format jsonl`` output), or None for any other input."""
    from .documents import DOCUMENT_SUFFIXES, DocumentError, records_file

    p = Path(path)
    if path == "-" or not p.is_file() or p.suffix.lower() not in DOCUMENT_SUFFIXES:
        return None
    try:
        first = next((row for row, _ in records_file(p, None)), None)
    except DocumentError as exc:
        raise SystemExit(f"stancelib: {exc}") from None
    if first is None or "stance" not in first or not ("issues" in first or "issue" in first):
        return None
    from .data import read_records

    try:
        return read_records(p)  # rows keep _source and _line, so trends() names file:line
    except ValueError as exc:
        raise SystemExit(f"stancelib: {exc}") from None


def _cmd_trends(args: argparse.Namespace) -> int:
    """``stancelib trends``: readouts read as ``classify`` reads them, or already-labelled sentences."""
    from .documents import classify_documents
    from .tables import count_of
    from .timeseries import COLUMNS, MIN_DOCUMENTS, trends, undated_message

    if args.min_documents is not None and args.min_documents < 1:
        raise UsageError(f"stancelib: --min-documents must be at least 1, got {args.min_documents}")
    _check_inputs(args.inputs)
    labelled: list[dict[str, Any]] = []
    readouts: list[str] = []
    for path in args.inputs:
        rows = _labelled_sentences(path)
        if rows is None:
            readouts.append(path)
        else:
            labelled.extend(rows)
    documents = read_inputs(readouts, text_column=args.text_column) if readouts else []
    try:
        labels = labelled + (classify_documents(documents, model=_model(args) if args.model else None)
                             if documents else [])
        # undated documents are left out and, with --undated error, then refused here, in the words
        # of the command line (trends() names its keyword, undated=)
        result = trends(labels, by=args.by, issue=args.issue or None, side=args.side or None,
                        undated="drop" if args.undated == "error" else args.undated,
                        min_documents=MIN_DOCUMENTS if args.min_documents is None else args.min_documents)
    except (ValueError, TypeError) as exc:
        raise SystemExit(f"stancelib: {exc}") from None
    if args.undated == "error" and result.dropped:
        raise SystemExit("stancelib: " + undated_message(
            result.dropped, how_to_date="a 'date: YYYY-MM-DD' header line in a text file, a date column in JSONL/CSV; "
            "YYYY-MM or YYYY also do", bucket="--undated bucket", drop="--undated drop"))
    with _Output(args.format in MACHINE_FORMATS) as out:
        if args.format == "json":
            out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        elif args.format == "csv":
            w = csv.writer(out)
            w.writerow(COLUMNS)
            for row in result.to_records():
                w.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
        else:
            out.write(result.to_markdown(nonempty=args.nonempty))
    thin = sum(1 for r in result.rows if r.thin and r.total)
    print(f"{count_of(len(documents), 'readout')} labelled, {count_of(len(labelled), 'labelled sentence')} read; "
          f"{count_of(len(result.periods), 'period')}; "
          f"{thin} non-empty rows thin (fewer than {result.min_documents} documents)", file=sys.stderr)
    return 0


class _VersionAction(argparse.Action):
    """``--version``: the package version and the bundled model's id, read when asked (not on every run)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="print stancelib's version and the bundled model's id, and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from . import __version__
        from .persist import ModelLoadError, model_id

        try:
            model = f"model {model_id()}"
        except (ModelLoadError, OSError) as exc:  # a damaged install still says its version
            model = f"no bundled model ({exc})"
        sys.stdout.write(f"stancelib {__version__}, {model}\n")  # where argparse's own version action prints
        parser.exit()


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help, with an epilog's example lines (those that open with two spaces) kept as written; every
    other paragraph (a description, an epilog's prose) wrapped as usual."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines: list[str] = []
        prose: list[str] = []

        def flush() -> None:
            if prose:
                lines.append(super(_HelpFormatter, self)._fill_text(" ".join(prose), width, indent))
                prose.clear()

        for line in text.splitlines():
            if line.startswith("  ") or not line.strip():
                flush()
                lines.append(indent + line)
            else:
                prose.append(line.strip())
        flush()
        return "\n".join(lines)


#: What the machine formats' help says of their encoding.
_UTF8 = "UTF-8 whatever the locale"


def build_parser() -> argparse.ArgumentParser:
    from .config import DEFAULTS  # the training defaults: no numpy, nothing read

    parser = argparse.ArgumentParser(prog="stancelib", description="Label the sentences of diplomatic readouts with issues, stance and side.")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help: str, description: str, examples: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=description, formatter_class=_HelpFormatter,
                              epilog="examples:\n" + examples)

    def model_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--model", help="model directory (its safe export, when it has one), .joblib file, or "
                                       "'accurate' (the fine-tuned MiniLM tier: needs the embeddings extra and a "
                                       "model built by training.train; default: the bundled model)")
        p.add_argument("--trust-model", action="store_true",
                       help="allow loading a model's pickle from outside the package (it runs code: only for "
                            "models you trust)")

    p = add(
        "classify", "label every sentence of one or more readouts",
        examples="  stancelib classify readout.txt                  # a table to read\n"
                 "  stancelib classify readout.txt --format jsonl > labels.jsonl\n"
                 "  stancelib classify wh/ mfa/ calls.jsonl --format csv > labels.csv  # doc_id, date, source\n"
                 "  stancelib classify --sentences big.jsonl --format jsonl > labels.jsonl",
        description="Label every sentence of one or more readouts. A sentence's start and end (jsonl: span) are "
                    "offsets in characters (code points, not bytes) into its readout's text as stancelib reads a "
                    "file: UTF-8 with any byte-order mark removed and line ends kept as they are (a CRLF is two "
                    "characters). In Python: text = open(path, encoding='utf-8-sig', newline='').read(), then "
                    "text[start:end] is the sentence (plain open(path).read() makes a CRLF one character, so its "
                    "offsets drift by one a line break). A text file with date:/source: header lines: offsets into "
                    "the text after them (stancelib.documents.read_text_document(path).text). JSONL/CSV of "
                    "readouts: offsets into the text field; --sentences: into the row's sentence. jsonl and csv "
                    "name the model that labelled in every row (key and last column 'model': "
                    f"stancelib.persist.model_id), and are written as {_UTF8}, as every input is read; the "
                    "table in the terminal's encoding.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a text file (one readout; - for standard input), a folder of .txt readouts, or a "
                        "JSONL/CSV file of readouts (id, date, source, text); several inputs are labelled "
                        "together, with doc_id/date/source columns. A text file's doc_id is its name without the "
                        "suffix; text files of one name in different folders (wh/2024-04-12.txt, "
                        "mfa/2024-04-12.txt) are named by their paths from the folder they share (wh/2024-04-12, "
                        "mfa/2024-04-12)")
    p.add_argument("--format", choices=["table", "jsonl", "csv"], default="table",
                   help="table (default: to read, the sentence cut to --width), jsonl (one label a line, read back "
                        "by stancelib.SentenceLabel.from_dict) or csv (one label a row); jsonl and csv are "
                        f"{_UTF8}")
    p.add_argument("--sentences", action="store_true",
                   help="each INPUT is JSONL/CSV/TXT with one sentence per row: label rows, streaming (large inputs); "
                        "jsonl and csv output keep every input column (renamed input_NAME where a label column has "
                        "the name, input_input_NAME where the input has input_NAME too: none is overwritten). Text "
                        "files: one sentence a line, blank lines skipped; when every INPUT is a text file or -, "
                        "the first columns 'file' (the INPUT as given, - for standard input) and 'line' (the row's "
                        "line in that file, 1-based) join rows back; text files and JSONL/CSV files together are "
                        "refused with --format csv (their columns differ)")
    p.add_argument("--text-column", default="text",
                   help="column holding the readout in JSONL/CSV of readouts (the sentence with --sentences; "
                        "default text)")
    wide = p.add_mutually_exclusive_group()
    wide.add_argument("--width", type=int, default=None, metavar="N",
                      help=f"width of the sentence column of the table (default {TABLE_WIDTH})")
    wide.add_argument("--full", action="store_true", help="whole sentences in the table, never cut")
    p.add_argument("--explain", action="store_true", help="show the features behind each label")
    p.add_argument("--top", type=int, default=3, help="features per label and direction with --explain (default 3)")
    p.add_argument("--escape-formulas", action="store_true",
                   help="csv: put ' before a cell that opens with = + - @ (or a tab or carriage return) and is not "
                        "a number (nor a lone -, the file column of standard input), so that a spreadsheet shows "
                        "it as text instead of running it as a formula. Off by default: the cells are then exactly the text (pandas and csv readers get the sentence "
                        "as it is); with it, such a cell is no longer text[start:end]")
    p.add_argument("--excel", action="store_true",
                   help="csv for Excel: --escape-formulas, and a UTF-8 byte-order mark first, without which Excel "
                        "opens a double-clicked CSV in the system's code page and garbles curly quotes and dashes. "
                        "Off by default: with a mark, Python's csv module (encoding='utf-8') reads '\\ufeff' before "
                        "the first column's name (pandas, and encoding='utf-8-sig', drop it)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    model_args(p)
    p.set_defaults(func=_cmd_classify)

    p = add("compare", "compare two readouts of the same call, issue by issue",
            examples="  stancelib compare us.txt cn.txt                # columns named by the files' source: lines\n"
                     "  stancelib compare us.txt cn.txt --names 'White House' MFA --format markdown",
            description="Compare two readouts of the same call, issue by issue. Each file is read as classify "
                        "reads a text file: date:/source: header lines are removed (spans index the text after "
                        "them, as classify's do). --format json names the model that labelled ('model').")
    p.add_argument("file_a", metavar="A", help="first readout (text file, or - for standard input)")
    p.add_argument("file_b", metavar="B", help="second readout (text file, or - for standard input)")
    # "US China" is comparison.DEFAULT_NAMES, which the command leaves to compare(); spelled here because
    # importing comparison would load numpy for --help (tests/test_compare_default_names.py keeps them equal)
    p.add_argument("--names", nargs=2, metavar=("NAME_A", "NAME_B"), default=None,
                   help="display names of the two readouts (default: each file's source: header line; a file "
                        "without one, beside one with a source, is named by its file name without the suffix; two "
                        "files of one source, by the source and the file name; when neither has a source, US "
                        "China, by position, with a warning)")
    p.add_argument("--format", choices=["table", "markdown", "json"], default="table",
                   help=f"table (default), markdown, or json (every sentence and share; {_UTF8})")
    model_args(p)
    p.set_defaults(func=_cmd_compare)

    p = add("export", "write the safe model format (loads without --trust-model) from a trusted model",
            examples="  stancelib export mymodel/ shared/ --trust-model   # your model: share shared/\n"
                     "  stancelib export mymodel/ mymodel/ --trust-model  # the export beside the estimator",
            description="Write a model's safe export (compiled-*.npz, compiled-*.json and a manifest), which "
                        "stancelib.load_model(DIR) and --model DIR load without running any code, from its "
                        "estimator (model-*.joblib). The estimator is a pickle: loading it runs its code, so a "
                        "model from outside the package is loaded only with --trust-model. Share the export, "
                        "never the pickle.")
    p.add_argument("model_dir", metavar="MODEL_DIR", help="a model directory with model-*.joblib (its pickle runs: trust it)")
    p.add_argument("out", metavar="OUT", help="directory for the export (created if missing; may be MODEL_DIR itself)")
    p.add_argument("--trust-model", action="store_true",
                   help="allow loading a model's pickle from outside the package (it runs code: only for "
                        "models you trust)")
    p.set_defaults(func=_cmd_export)

    p = add("validate", "check labelled data against the schema",
            examples="  stancelib validate mine.jsonl\n"
                     "  stancelib validate mine.jsonl --base seeds   # as stancelib train (with the seed corpus) checks it",
            description="Check labelled sentences (the files train --data reads) against the label scheme: each "
                        "problem on a line of standard output (file:line: what and the fix), then a summary on "
                        "standard error. Exit status 0: no problem; 1: problems found; 2: a path that is no "
                        "labelled data file.")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="labelled files (.jsonl, .ndjson, .json or .csv: one sentence a record, with text, issues, "
                        "stance, side and doc_id), as train --data reads them")
    p.add_argument("--known-codes-only", action="store_true",
                   help="refuse label codes outside the default scheme (default: accept and list them, as train does)")
    p.add_argument("--new-codes", type=_code_list, default=[], metavar="CODE[,CODE...]",
                   help="new codes that look like a typo of a default code but are meant")
    # a no-op kept so that old scripts still run: accepting new codes became the default when validate was
    # made to agree with train, which accepts them (--known-codes-only refuses them)
    p.add_argument("--any-codes", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--require-metadata", action="store_true", help="also require source, date and participants")
    p.add_argument("--base", choices=["none", "seeds"], default="none",
                   help="none (default): check the files alone, as `stancelib train --base none` trains on them; "
                        "seeds: check them together with the seed corpus, as `stancelib train` (--base seeds by "
                        "default) does, which also requires side on every sentence and refuses a sentence the "
                        "seed corpus has with other labels (needs a source checkout's seeds/)")
    p.set_defaults(func=_cmd_validate)

    p = add("train", "train a model on labelled data",
            examples="  stancelib train --data mine.jsonl --out mymodel/    # the seed corpus and your labels\n"
                     "  stancelib train --data mine.jsonl --base none --out mymodel/   # your labels alone",
            description="Train a model on the seed corpus and your labelled sentences (--base none: on yours "
                        "alone) and save it in --out with its manifest and model card; then label with "
                        "--model DIR.")
    p.add_argument("--data", nargs="*", default=[], help="labelled JSONL/CSV files")
    p.add_argument("--base", choices=["seeds", "none"], default="seeds", help="add the seed corpus (default) or not")
    p.add_argument("--out", required=True, help="directory for the model, manifest and model card")
    p.add_argument("--seed", type=int, default=None,
                   help=f"random seed (default {DEFAULTS.seed}, stancelib.config.DEFAULTS.seed; with --recipe "
                        "bundled, the recipe's)")
    p.add_argument("--params", help="JSON object of ReadoutClassifier parameters")
    p.add_argument("--new-codes", type=_code_list, default=[], metavar="CODE[,CODE...]",
                   help="new codes that look like a typo of a default code but are meant")
    p.add_argument("--calibrate-by", default=None, metavar="FIELD",
                   help="record field grouping the calibration folds the decision rules are chosen on "
                        "(default doc_id, also when records have an author; with --recipe bundled, the recipe's, "
                        "author; --calibrate-by author, which every record then needs, chooses them on unseen "
                        "voices, as the bundled model does)")
    p.add_argument("--recipe", choices=["bundled"], default=None,
                   help="bundled: train as the bundled model was trained, with the parameters, seed and "
                        "calibration groups its manifest records (folds by author: every record needs an author) "
                        "and, with --base seeds, the documents it was trained without (the seed corpus's held-out "
                        "ones) left out; --params, --seed and --calibrate-by override it, --params key by key "
                        "(default: ReadoutClassifier's defaults, folds by doc_id, every document; Python: "
                        "stancelib.trainer.bundled_recipe() shows the recipe)")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="processes fitting the calibration folds and the heads of every fit (default 1; -1: "
                        "every core; the model is the same bit for bit, only sooner)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_train)

    p = add("suggest", "pick the unlabelled sentences the model is least sure of",
            examples="  stancelib suggest readout.txt --n 50 --out todo.jsonl\n"
                     "  stancelib suggest readouts.jsonl --out todo.jsonl   # one readout (or sentence) a line",
            description="Pick the sentences the model is least sure of, the ones worth labelling next: JSONL "
                        "records (id, doc_id, date, source, text and the model's labels) to correct and train on "
                        f"(stancelib train --data). Written as {_UTF8}.")
    p.add_argument("file", help="a readout (a text file, or - for standard input; date:/source: header lines are "
                                "read, as classify reads them), or a JSONL/CSV/JSON file of readouts or of "
                                "sentences (text; doc_id, id, date, source if known): a row's document is its "
                                "doc_id, else its id, else <file name>:<line> (a JSON array's <file "
                                "name>[<index>]); the rows of one document are read in file order as its text, one "
                                "after another (each row segmented; context_before runs across the rows of one "
                                "document, never across documents) and must agree on date and source (a row "
                                "without one takes the document's); two rows with one id and no doc_id are refused, "
                                "as classify refuses them. Each suggested sentence's id is a stable hash of the "
                                "file's name, its document and its text")
    p.add_argument("--n", type=int, default=50, help="how many sentences (default 50)")
    p.add_argument("--out", help="JSONL file to write, whole when the command has finished (default: standard "
                                  "output)")
    p.add_argument("--text-column", default="text",
                   help="column holding the text in a JSONL/CSV/JSON file (default text)")
    model_args(p)
    p.set_defaults(func=_cmd_suggest)

    p = add("audit", "list labelled sentences whose labels look wrong",
            examples="  stancelib audit mine.jsonl --base seeds            # a small file: fold models with the seeds\n"
                     "  stancelib audit mine.jsonl --out suspects.jsonl",
            description="List labelled sentences whose labels look wrong: each sentence is judged by a model "
                        "trained on the other folds (cross-validation grouped by document) and reported when that "
                        "model gives another label a probability of at least --threshold. With no file, the seed "
                        "corpus (many minutes).")
    p.add_argument("data", nargs="*", help="labelled JSONL/CSV (default: the seed corpus)")
    p.add_argument("--folds", type=int, default=5,
                   help="cross-validation folds, grouped by document: each sentence is judged by a model trained on "
                        "the other folds (default 5, at least 2)")
    p.add_argument("--threshold", type=float, default=0.95, help="probability of the disagreeing label (default 0.95)")
    p.add_argument("--base", choices=["none", "seeds"], default="none",
                   help="seeds: train the fold models on the seed corpus too (for small files); only your data is reported")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--seed", type=int, default=None,
                   help=f"seed of the fold models (default {DEFAULTS.seed}, stancelib.config.DEFAULTS.seed)")
    p.add_argument("--format", choices=["table", "jsonl"], default="table",
                   help=f"table (default: each suspect with its sentence) or jsonl (one a line; {_UTF8})")
    p.add_argument("--out", help="JSONL file to write, whatever --format (default: standard output)")
    p.set_defaults(func=_cmd_audit)

    p = add("trends", "stance by issue and side over time, across dated readouts",
            examples="  stancelib trends readouts/ --by year --issue taiwan\n"
                     "  stancelib trends labels.jsonl --by quarter --issue taiwan,trade --format csv > trends.csv",
            description="Stance by issue and side over time, across dated readouts: for each period, issue, side "
                        "and stance, how many sentences, in how many documents, and the stance's share with its "
                        "95% interval; rows from fewer than --min-documents documents are marked thin.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="readouts as classify reads them (a folder of .txt, a text file or - with a "
                        "'date: YYYY-MM-DD' header line, JSONL/CSV of readouts with text, date, id), or "
                        "JSONL/CSV of labelled sentences (doc_id, date, issues, stance, side)")
    p.add_argument("--by", choices=["year", "quarter", "month"], default="year",
                   help="the period: year (default), quarter or month")
    p.add_argument("--issue", type=_code_list, default=[], metavar="CODE[,CODE...]", help="only these issues")
    p.add_argument("--side", type=_code_list, default=[], metavar="CODE[,CODE...]", help="only these sides")
    p.add_argument("--undated", choices=["error", "bucket", "drop"], default="error",
                   help="readouts without a date: refuse (default), count in an 'undated' period, or leave out")
    p.add_argument("--min-documents", type=int, default=None,
                   help="rows with fewer documents are marked thin (default: stancelib.timeseries.MIN_DOCUMENTS)")
    p.add_argument("--format", choices=["markdown", "csv", "json"], default="markdown",
                   help=f"markdown (default: a table to read), csv or json (one row a period, issue, side and "
                        f"stance; {_UTF8})")
    p.add_argument("--nonempty", action="store_true", help="markdown: leave out rows without sentences")
    p.add_argument("--text-column", default="text",
                   help="column holding a readout's text in JSONL/CSV (default text)")
    model_args(p)
    p.set_defaults(func=_cmd_trends)
    return parser


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: TextIO | None = None, line: str | None = None) -> None:
    """A warning as the command's own line ("stancelib: warning: ..."), not Python's source-line form."""
    print(f"stancelib: warning: {message}", file=sys.stderr if file is None else file)


def _subparser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser:
    """The parser of ``command`` (for its usage line), or ``parser`` itself."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return parser


def _interrupted(args: argparse.Namespace) -> str:
    """What Ctrl-C left behind, in the command's words."""
    out = getattr(args, "out", None)
    if out and args.command in ("suggest", "audit"):  # written atomically, when all is done
        return f"stancelib: interrupted; {out} is unchanged (it is written only when the command has finished)"
    return ("stancelib: interrupted; the output is incomplete: standard output holds only the rows written so far "
            "(each row whole)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    0: done; 1: the run failed on its input or data (a message ``stancelib: ...`` says why), and for
    ``validate``, problems found; 2 (:data:`USAGE_STATUS`): the command was called wrongly (argparse's errors, an
    option's value, a path that names nothing, options that exclude each other): the command's usage line, then
    the message; 130: interrupted (Ctrl-C).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        # a lone surrogate (a "\\ud800" escape in JSON input) or a character the terminal's encoding lacks must not
        # crash the table half-way: write it as an escape instead (jsonl, csv and json are written as UTF-8)
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            status = int(args.func(args) or 0)
        flush = getattr(sys.stdout, "flush", None)  # (a stand-in for standard output may have none)
        if flush is not None:
            flush()  # what is still buffered: a write that fails (a full disk) fails here, not at exit
        return status
    except UsageError as exc:
        sys.stderr.write(_subparser(parser, args.command).format_usage())
        print(exc.message, file=sys.stderr)
        exc.code = USAGE_STATUS  # the message is printed: exit with 2 (str(exc) stays the message)
        raise
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print(_interrupted(args), file=sys.stderr)
        return 130
    except FileNotFoundError as exc:  # a path that names nothing (a --sentences file that vanished): a usage error
        usage = UsageError(f"stancelib: {exc}")
        sys.stderr.write(_subparser(parser, args.command).format_usage())
        print(usage.message, file=sys.stderr)
        usage.code = USAGE_STATUS
        raise usage from None
    except ValueError as exc:
        from .batch import SentenceFileError

        if isinstance(exc, SentenceFileError):  # a sentence file that cannot be read
            raise SystemExit(f"stancelib: {exc}") from None
        raise
    except OSError as exc:  # a full disk, a file that cannot be read: the message, not a traceback
        import errno

        lost = exc.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC))
        print(f"stancelib: {exc}" + ("; the output is incomplete" if lost else ""), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
