"""Labelling at scale: streaming files and Hugging Face datasets."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .api import SentenceLabel, label_sentences, resolve_model
from .data import RECORD_SUFFIXES, csv_rows

__all__ = ["classify_dataset", "iter_labelled_file", "LABEL_COLUMNS", "SentenceFileError", "model_fingerprint",
           "input_column_names", "label_features"]

#: Columns :func:`classify_dataset` adds.
LABEL_COLUMNS = ("issues", "stance", "side", "confidence")


class SentenceFileError(ValueError):
    """A sentence file that cannot be read as rows; the message names the file, the line and the fix."""


def iter_rows(path: str, text_column: str, *, line_column: str | None = None,
              file_column: str | None = None) -> Iterator[dict[str, Any]]:
    """The rows of a sentence file (JSONL, CSV, or plain text: one sentence a
    line, as ``{text_column: line}``), checked to hold a string ``text_column``.

    With ``line_column``, a row of plain text is ``{line_column: n,
    text_column: line}``, ``n`` its 1-based line in the file (blank lines
    are counted, though they are no rows), so that rows join back to their
    lines; standard input's lines are numbered as a file's. With
    ``file_column`` too, such a row starts with ``{file_column: path}``
    (``path`` as given, ``-`` for standard input), so that rows of several
    files join back. Rows of JSONL and CSV are their records as they are.

    ``"-"`` is standard input, read as plain text and as a file is: UTF-8,
    strictly, a byte-order mark dropped (whatever the locale says; input
    that standard input's own reader had already read ahead is not seen).

    Raises ``FileNotFoundError`` for a missing file and
    :class:`SentenceFileError` for one that is not such rows: a folder, text
    that is not UTF-8, a JSON value that is not an object with the text, a
    CSV without the text column or with a row of more fields than its header
    (named with the line it starts on), or UTF-16/UTF-32 without a
    byte-order mark (valid UTF-8 full of NUL bytes, told from its first
    4 KB: :func:`stancelib.documents.wide_text_problem`; of standard input,
    when its bytes can be peeked at). ``ValueError`` when ``line_column``
    or ``file_column`` is ``text_column``, or they are one name.
    """
    _check_line_column(line_column, text_column, file_column)
    p = Path(path)
    if path != "-" and not p.exists():
        raise FileNotFoundError(f"no such file: {path}")
    if path != "-" and p.is_dir():
        raise SentenceFileError(f"{path} is a directory; sentence files are JSONL, CSV or text files (one sentence "
                                "a row): pass the files in it")
    where = "standard input" if path == "-" else path
    refuse_wide_text(None if path == "-" else p, where)
    stream = _stdin_text() if path == "-" else p.open(encoding="utf-8-sig", newline="")
    suffix = p.suffix.lower() if path != "-" else ".txt"
    try:
        if suffix == ".csv":
            fieldnames, rows = csv_rows(stream)
            if fieldnames is None or text_column not in fieldnames:
                raise SentenceFileError(f"{path} has no {text_column!r} column (columns: {fieldnames}); use --text-column")
            for row, line in rows:
                if None in row:  # fields past the header's
                    raise SentenceFileError(
                        f"{path}:{line}: the row has {len(fieldnames) + len(row[None])} fields, the header "
                        f"{len(fieldnames)}; put a field that holds a comma in double quotes, or remove the extra "
                        "fields")
                row[text_column] = row[text_column] or ""
                yield row
        elif suffix in RECORD_SUFFIXES:  # JSON Lines, or a .json file of them or of one array, as read_records reads
            for row, i in _json_rows(stream, path, suffix == ".json", text_column):
                if not isinstance(row.get(text_column), str):
                    raise SentenceFileError(f"{path}:{i}: expected an object with a string {text_column!r} field")
                yield row
        else:
            for n, line in enumerate(stream, 1):  # every line counted, the blank ones too: n is its line
                if line.strip():
                    text = line.rstrip("\r\n")
                    row = {text_column: text} if line_column is None else {line_column: n, text_column: text}
                    yield row if file_column is None else {file_column: path, **row}
    except UnicodeDecodeError as exc:
        raise SentenceFileError(_not_utf8(p if path != "-" else None, where, exc)) from None
    finally:
        _close(stream)


def refuse_wide_text(path: Path | None, where: str) -> None:
    """Raise :class:`SentenceFileError` if the file ``path`` (None: standard input) is UTF-16 or UTF-32 without a
    byte-order mark, which decodes as UTF-8 full of NUL bytes and would make every line a garbage "sentence".

    Its first bytes are read (of standard input, peeked at where its buffer allows, so nothing is consumed);
    the message says what the file looks like and gives the ``iconv`` line that converts it.
    """
    from .documents import WIDE_TEXT_SAMPLE, wide_text_problem

    if path is None:
        peek = getattr(getattr(sys.stdin, "buffer", None), "peek", None)
        if peek is None:  # a pipe without peek, or a text stream replaced in a program: left to the reader
            return
        try:
            head = peek(WIDE_TEXT_SAMPLE)[:WIDE_TEXT_SAMPLE]
        except (OSError, ValueError):  # closed, or not readable: the reader says so
            return
    else:
        with path.open("rb") as f:
            head = f.read(WIDE_TEXT_SAMPLE)
    problem = wide_text_problem(head, where)
    if problem is not None:
        raise SentenceFileError(problem)


def _check_line_column(line_column: str | None, text_column: str, file_column: str | None = None) -> None:
    """Refuse a ``line_column`` or ``file_column`` that is the ``text_column`` (the line number or the file would
    replace the text), or two of one name."""
    if line_column is not None and line_column == text_column:
        raise ValueError(f"line_column and text_column are both {text_column!r}: the line number would replace the "
                         "text; give the line column another name, e.g. line_column='line_number'")
    if file_column is not None and file_column in (text_column, line_column):
        other = "text_column" if file_column == text_column else "line_column"
        raise ValueError(f"file_column and {other} are both {file_column!r}: the file would replace the "
                         f"{'text' if other == 'text_column' else 'line number'}; give the file column another "
                         "name, e.g. file_column='file_name'")


#: How much of a file the advice for text that is not UTF-8 reads (its first invalid byte is found in all of it).
_ADVICE_SAMPLE = 1 << 22


def _not_utf8(path: Path | None, where: str, exc: UnicodeDecodeError) -> str:
    """The message for text that is not UTF-8. The reader decodes a file a chunk at a time, so the error's
    position and bytes are the chunk's: a file is read again (in binary) for the position in the file and
    for the advice; standard input, which cannot be read again, gets the chunk's."""
    import codecs

    from .data import encoding_advice

    if path is None:
        return (f"{where} is not UTF-8 text (an invalid byte in the chunk read at that point); "
                f"{encoding_advice(bytes(exc.object))}")
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, position, sample = 0, None, b""
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            if len(sample) < _ADVICE_SAMPLE:
                sample += chunk[:_ADVICE_SAMPLE - len(sample)]
            pending = len(decoder.getstate()[0])  # an unfinished sequence from the chunk before, decoded first
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as err:
                position = offset - pending + err.start
                break
            offset += len(chunk)
    where_byte = f"invalid byte at position {position}" if position is not None else "an invalid byte"
    return f"{where} is not UTF-8 text ({where_byte}); {encoding_advice(sample)}"


def _stdin_text() -> Any:
    """Standard input as UTF-8 text, strictly, without a byte-order mark (see :func:`iter_rows`)."""
    import io

    if sys.stdin is None:
        raise SentenceFileError("standard input is closed; pass a file instead of -")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes beneath (replaced in a program): read as it is
        return sys.stdin
    return io.TextIOWrapper(buffer, encoding="utf-8-sig", errors="strict", newline="")


def _close(stream: Any) -> None:
    """Close a file; of a wrapper around standard input's bytes, detach it (leaving standard input open)."""
    if stream is sys.stdin:
        return
    if getattr(stream, "buffer", None) is getattr(sys.stdin, "buffer", object()):
        try:
            stream.detach()
        except (OSError, ValueError):  # a pseudo standard input (a test's) may refuse the flush detach makes
            pass
        return
    stream.close()


def _json_rows(stream: Iterable[str], path: str, is_json: bool,
               text_column: str) -> Iterator[tuple[dict[str, Any], int]]:
    """The objects of a JSON Lines stream, each with its line; a ``.json`` file may instead hold one JSON array
    of them (:func:`stancelib.data.iter_json_values`). :class:`SentenceFileError` for what is not an object."""
    from .data import JSON_FORMS, iter_json_values

    hint = f"; {JSON_FORMS}" if is_json else ""
    for row, i, _ in iter_json_values(stream, may_be_array=is_json):
        if isinstance(row, json.JSONDecodeError):
            raise SentenceFileError(f"{path}:{i}: not valid JSON ({row.msg}){hint}")
        if not isinstance(row, dict):
            raise SentenceFileError(f"{path}:{i}: expected an object with a string {text_column!r} field, "
                                    f"got {type(row).__name__}{hint}")
        yield row, i


def iter_labelled_rows(paths: Sequence[str], *, model: Any = None, text_column: str = "text",
                       batch_size: int = 2048, progress: bool = True,
                       line_column: str | None = None,
                       file_column: str | None = None) -> Iterator[tuple[dict[str, Any], SentenceLabel]]:
    """Each row of sentence files (JSONL, CSV, text) with its label, in batches: ``(row, label)``.

    Memory stays bounded by ``batch_size`` whatever the files' size; a
    progress bar on a terminal unless ``progress=False``. A missing file
    raises ``FileNotFoundError``; a row that is not a sentence (bad JSON, no
    ``text_column``, not UTF-8) raises :class:`SentenceFileError` when the
    iteration reaches it. ``line_column`` gives each row of plain text (a
    file or standard input) its 1-based line, and ``file_column`` the path
    it came from (``-`` for standard input), as :func:`iter_rows` does.
    """
    _check_line_column(line_column, text_column, file_column)  # before the model loads
    clf = resolve_model(model)
    bar = None
    if progress and sys.stderr.isatty():
        try:
            from tqdm.auto import tqdm

            bar = tqdm(unit=" sentences", file=sys.stderr)
        except ImportError:  # pragma: no cover
            bar = None
    batch: list[dict[str, Any]] = []

    def flush() -> Iterator[tuple[dict[str, Any], SentenceLabel]]:
        texts = [r[text_column] for r in batch]
        labels = label_sentences(clf, texts, [(0, len(t)) for t in texts], None)
        if bar is not None:
            bar.update(len(batch))
        yield from zip(list(batch), labels)
        batch.clear()

    try:
        for path in paths:
            for row in iter_rows(path, text_column, line_column=line_column, file_column=file_column):
                batch.append(row)
                if len(batch) >= batch_size:
                    yield from flush()
        if batch:
            yield from flush()
    finally:
        if bar is not None:
            bar.close()


def iter_labelled_file(path: str, *, model: Any = None, text_column: str = "text",
                       batch_size: int = 2048, progress: bool = True) -> Iterator[SentenceLabel]:
    """Label a file with one sentence per row (JSONL, CSV or plain text), lazily.

    Memory stays bounded by ``batch_size`` whatever the file's size.
    """
    for _, label in iter_labelled_rows([path], model=model, text_column=text_column, batch_size=batch_size,
                                       progress=progress):
        yield label


#: Columns :func:`classify_dataset` adds with ``probabilities=True``: per
#: head, a mapping of label to probability.
PROBABILITY_COLUMNS = ("issue_proba", "stance_proba", "side_proba")
#: What :func:`classify_dataset` does with a row whose text is not a string.
INVALID_ROWS = ("raise", "skip")


def model_fingerprint(model: Any) -> str:
    """A hex digest of what a model is now: its class, parameters and fitted state, and the stancelib that labels.

    :func:`classify_dataset` names its ``datasets`` cache entry with it, so
    that a dataset backed by a cache file is labelled again after the model
    changes (``fit``, ``set_params``, an attribute set by hand), never given
    the labels cached for an earlier state of it. It is computed from the
    model's state (:func:`stancelib.persist.state_hash`, by which
    :func:`stancelib.persist.model_id` names a model never saved), not its
    identity (CPython reuses the ``id`` of a model that is gone) nor the
    sha256 its manifest records (``fit`` and ``set_params`` drop a loaded
    model's ``manifest_``, but an attribute set by hand keeps it, and the
    cache must not hand back an earlier state's labels). Equal models get
    equal digests, in any process, so a cached result is found again the
    next day. ``manifest_`` (what the model was loaded from) is left out:
    it does not change a label. stancelib's version and feature revision
    are in: a new stancelib may label the same model's sentences otherwise.

    The state is encoded into the hash as it is walked (in canonical order,
    so that equal models match), not into memory: a fixed cost per call,
    not per row, of about 0.05 s for the bundled model's export (what
    ``model=None`` labels with; labelling 1,000 sentences with it takes
    about 0.05 s more) and 0.25 s for its estimator (``load_model()``),
    most of it the sorting and encoding of the vocabularies (pickling the
    same state would take about 0.02 s and 0.16 s). A model that cannot be
    pickled gets a digest of its own each time: labelled again, never from
    the cache.

    Examples
    --------
    >>> from stancelib import ReadoutClassifier
    >>> X = ["Xi warned against arms sales to Taiwan.", "The two sides agreed to resume talks."] * 3
    >>> clf = ReadoutClassifier(cv=0, min_df=1).fit(X, {"stance": ["warning", "cooperation"] * 3})
    >>> before = model_fingerprint(clf)
    >>> before == model_fingerprint(clf)
    True
    >>> _ = clf.fit(X, {"stance": ["cooperation", "warning"] * 3})
    >>> before == model_fingerprint(clf)
    False
    """
    # the one digest of a model's state, persist's (which names an unsaved model by it too); persist never
    # imports this module, so there is no cycle
    from .persist import state_hash

    digest = state_hash(model)
    if digest is None:  # a model that cannot be pickled: a digest of its own, so a cache is never reused for it
        import secrets

        return secrets.token_hex(32)
    return digest


def input_column_names(columns: Sequence[str], added: Sequence[str]) -> dict[str, str]:
    """The new names of input columns that have a label column's name: ``{old: new}``, the rule of
    ``stancelib classify --sentences``.

    A column named as one of ``added`` becomes ``input_<name>``; when that
    name is taken too (a dataset labelled before, with its gold
    ``input_stance`` beside the first model's ``stance``), ``input_`` is added
    again until the name is free: ``input_input_stance``. So no input column
    is overwritten. Columns with other names keep theirs (they are not listed).

    Examples
    --------
    >>> input_column_names(["text", "stance", "input_stance", "n"], LABEL_COLUMNS)
    {'stance': 'input_input_stance'}
    >>> input_column_names(["text", "side"], LABEL_COLUMNS)
    {'side': 'input_side'}
    """
    used = set(columns) | set(added)
    renamed: dict[str, str] = {}
    for column in columns:
        if column in added:
            name = f"input_{column}"
            while name in used:
                name = f"input_{name}"
            renamed[column] = name
            used.add(name)
    return renamed


def label_features(model: Any, probabilities: bool = False) -> Any:
    """The ``datasets.Features`` of the columns :func:`classify_dataset` adds, for ``model``.

    ``issues`` a list of strings, ``stance`` and ``side`` strings,
    ``confidence`` a float64; with ``probabilities``, per head a struct of
    the model's labels (its label-set order) to float64 (a head the model
    has not: null, as every row's value is None). Given to ``Dataset.map``,
    they fix the columns' types whatever a batch holds: a batch of rows
    without text (all None with ``invalid="skip"``) would otherwise make
    ``datasets`` infer null columns, into which the next batch's labels
    cannot be cast.
    """
    import datasets

    list_of = getattr(datasets, "List", None) or datasets.Sequence  # datasets 4 named it List
    string, number = datasets.Value("string"), datasets.Value("float64")
    columns: dict[str, Any] = {"issues": list_of(string), "stance": string, "side": string, "confidence": number}
    if probabilities:
        fields = tuple(model.schema_.fields)
        for column in PROBABILITY_COLUMNS:
            head = column[:-len("_proba")]
            columns[column] = ({str(c): number for c in model.classes_[head]} if head in fields
                               else datasets.Value("null"))
    return datasets.Features(columns)


def _not_a_dataset(dataset: Any, text_column: str) -> TypeError:
    """The error for something ``classify_dataset`` cannot map over, with the way to get a Dataset from it."""
    kind = type(dataset).__name__
    if hasattr(dataset, "columns") and hasattr(dataset, "iloc"):  # a pandas DataFrame
        fix = (f"make it one with datasets.Dataset.from_pandas(df), or label its column with "
               f"classify_sentences(df[{text_column!r}].tolist())")
    elif isinstance(dataset, (list, tuple)) and dataset and isinstance(dataset[0], dict):
        fix = ("make it one with datasets.Dataset.from_list(rows), or label the texts with "
               f"classify_sentences([row[{text_column!r}] for row in rows])")
    elif isinstance(dataset, (list, tuple)) or hasattr(dataset, "iloc"):  # sentences, or a pandas Series
        fix = (f"make it one with datasets.Dataset.from_dict({{{text_column!r}: sentences}}), or label the "
               "sentences with classify_sentences(sentences)")
    else:
        fix = "load one with datasets.load_dataset(...) or datasets.Dataset.from_dict(...)"
    return TypeError(f"Expected a datasets.Dataset or IterableDataset, got a {kind}; {fix}")


class _Labeller:
    """A picklable batch function for ``Dataset.map`` (works with num_proc > 1)."""

    def __init__(self, model: Any, text_column: str, invalid: str = "raise", probabilities: bool = False,
                 rename_inputs: bool = False):
        self.model = model
        self.text_column = text_column
        self.invalid = invalid
        self.probabilities = probabilities
        # a stream whose columns are not known before it is read: its columns with a label column's name are
        # kept under their input_ names batch by batch (map's output replaces a column of the batch's name)
        self.rename_inputs = rename_inputs

    def __call__(self, batch: dict[str, list[Any]], indices: Sequence[int] | None = None) -> dict[str, list[Any]]:
        """Label one batch; ``indices`` (``map(..., with_indices=True)``) are its rows' indices in the dataset."""
        texts = batch[self.text_column]
        valid = [isinstance(t, str) for t in texts]
        if self.invalid == "raise" and not all(valid):
            i = valid.index(False)
            row = f"row {i} of the batch" if indices is None else f"row {indices[i]} of the dataset"
            raise TypeError(f"column {self.text_column!r} holds a {type(texts[i]).__name__} at {row}; expected str. "
                            "Drop or fill those rows, or pass invalid='skip' to leave their labels empty")
        good = [t for t, ok in zip(texts, valid) if ok]
        labels = iter(label_sentences(self.model, good, [(0, len(t)) for t in good], None))
        out: dict[str, list[Any]] = {c: [] for c in LABEL_COLUMNS + (PROBABILITY_COLUMNS if self.probabilities else ())}
        for ok in valid:
            lab = next(labels) if ok else None
            out["issues"].append(list(lab.issues) if lab else [])
            out["stance"].append(lab.stance if lab else None)
            out["side"].append(lab.side if lab else None)
            out["confidence"].append(lab.confidence if lab else None)
            if self.probabilities:
                scores = lab.scores if lab else {}
                for column in PROBABILITY_COLUMNS:
                    out[column].append(scores.get(column[:-len("_proba")]))
        if self.rename_inputs:
            out.update({new: batch[old] for old, new in input_column_names(list(batch), list(out)).items()})
        return out


def classify_dataset(dataset: Any, *, text_column: str = "text", batch_size: int = 1000,
                     num_proc: int | None = None, model: Any = None, invalid: str = "raise",
                     probabilities: bool = False) -> Any:
    """Add label columns to a Hugging Face ``datasets.Dataset``, batch by batch.

    Parameters
    ----------
    dataset : datasets.Dataset or datasets.IterableDataset
        Any size: ``Dataset.map`` works out of core, on Arrow files; an
        ``IterableDataset`` (streaming) is labelled lazily as it is iterated.
    text_column : str, default="text"
        The column with one sentence per row. It may not be one of the
        columns this function adds.
    batch_size : int, default=1000
        Rows per call of the model.
    num_proc : int, default=None
        Worker processes for ``map`` (not for an ``IterableDataset``).
    model : ReadoutClassifier or path, default=None
        None uses the bundled model.
    invalid : {"raise", "skip"}, default="raise"
        A row whose text is not a string (None, a number): raise a
        ``TypeError`` naming its row of the dataset, or keep the row with
        empty labels (``issues`` [], the others None), whatever else its
        batch holds.
    probabilities : bool, default=False
        Also add ``issue_proba``, ``stance_proba`` and ``side_proba``: per
        row, each label's probability.

    Returns
    -------
    datasets.Dataset or datasets.IterableDataset
        ``dataset`` with the columns ``issues`` (a list of strings),
        ``stance``, ``side`` (strings) and ``confidence`` (float64) added,
        and with ``probabilities`` the three ``*_proba`` columns (a struct of
        label to float64 per head; :func:`label_features`), of these types
        also when it has no rows or a batch has no text. No column is
        overwritten: an input column with a label column's name, such as a
        gold ``stance``, is kept as ``input_stance`` (``input_input_stance``
        when there is an ``input_stance`` too), as ``stancelib classify
        --sentences`` keeps it (:func:`input_column_names`). A ``Dataset``
        backed by cache files (one from ``load_dataset``) takes them from the
        ``datasets`` cache when the same dataset was labelled before with the
        same options by a model in the same state
        (:func:`model_fingerprint`): a model refitted or changed since is
        never given its earlier labels.

    Raises
    ------
    TypeError
        ``dataset`` is no ``Dataset`` (a DataFrame, a list, a
        ``DatasetDict``: the message says how to get one), or, with
        ``invalid="raise"``, a row's text is not a string (named by its row).
    ValueError
        No ``text_column`` in the dataset, a ``text_column`` named as a label
        column, or an ``invalid`` other than "raise" and "skip".

    Examples
    --------
    >>> from datasets import Dataset
    >>> ds = Dataset.from_dict({"text": ["Xi warned Biden not to cross a red line on Taiwan.", None],
    ...                         "stance": ["warning", "neutral"]})
    >>> labelled = classify_dataset(ds, invalid="skip")
    >>> labelled.column_names
    ['text', 'input_stance', 'issues', 'stance', 'side', 'confidence']
    >>> list(labelled["input_stance"]), labelled[1]["issues"], labelled[1]["stance"]
    (['warning', 'neutral'], [], None)
    >>> labelled.features["confidence"].dtype
    'float64'
    """
    if type(dataset).__name__ in ("DatasetDict", "IterableDatasetDict"):
        raise TypeError(f"Expected a Dataset, got a {type(dataset).__name__} with the splits {list(dataset)}; "
                        f"pass one, e.g. dataset[{list(dataset)[0]!r}]")
    if not hasattr(dataset, "map") or not hasattr(dataset, "column_names"):
        raise _not_a_dataset(dataset, text_column)
    if invalid not in INVALID_ROWS:
        raise ValueError(f"invalid must be one of {INVALID_ROWS}, got {invalid!r}")
    added = LABEL_COLUMNS + (PROBABILITY_COLUMNS if probabilities else ())
    if text_column in added:
        raise ValueError(f"text_column {text_column!r} is the name of a column classify_dataset adds, so the "
                         f"labels would take the text's name; rename it first, e.g. "
                         f"dataset.rename_column({text_column!r}, 'text')")
    columns = dataset.column_names
    if columns is not None and text_column not in columns:
        raise ValueError(f"No column {text_column!r} in the dataset (columns: {columns}); pass text_column=")
    clf = resolve_model(model)
    renamed = input_column_names(columns, added) if columns is not None else {}
    if renamed:  # no column is overwritten: a gold ``stance`` is kept as ``input_stance``, as the CLI keeps it
        dataset = dataset.rename_columns(renamed)
    labeller = _Labeller(clf, text_column, invalid, probabilities, rename_inputs=columns is None)
    new = label_features(clf, probabilities)
    features = None
    if getattr(dataset, "features", None) is not None:
        import datasets

        features = datasets.Features({**dataset.features, **new})
    if type(dataset).__name__ == "IterableDataset":
        if num_proc not in (None, 1):
            raise ValueError("num_proc does not apply to an IterableDataset (it is labelled lazily as you iterate)")
        return dataset.map(labeller, batched=True, batch_size=batch_size, with_indices=True, features=features)
    import hashlib

    key = f"{model_fingerprint(clf)}-{dataset._fingerprint}-{text_column}-{invalid}-{probabilities}"
    fingerprint = "stancelib-" + hashlib.sha256(key.encode()).hexdigest()[:32]
    if len(dataset) == 0:  # map never calls the function: add the empty columns ourselves, of their types
        out = dataset
        for column, feature in new.items():
            try:
                out = out.add_column(column, [], feature=feature)
            except TypeError:  # pragma: no cover - datasets before 3.0.1 took no feature (the column is null)
                out = out.add_column(column, [])
        return out
    return dataset.map(labeller, batched=True, batch_size=batch_size, num_proc=num_proc, with_indices=True,
                       features=features, new_fingerprint=fingerprint, desc="stancelib: labelling")
