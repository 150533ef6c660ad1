"""Training: labelled data in, a validated, reproducible, saved model out.

Inference never imports this module.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Collection, Iterable, Mapping

from ._lexfeatures import FEATURE_REVISION
from .data import (
    FIX_ADVICE,
    NO_RECORDS,
    DataValidationError,
    Problem,
    load_records,
    seed_files,
    seeds_root,
    validate_records,
)
from .data import new_codes as new_codes_of
from .model import ReadoutClassifier, canonical_params
from .persist import read_manifest, save_model, sha256_file
from .schema import LABEL_FIELDS, MULTI_LABEL_FIELDS, LabelSchema

__all__ = ["train", "TrainResult", "FewExamplesWarning", "bundled_recipe", "data_sha256", "label_counts",
           "render_model_card", "validate_training_data"]

#: Bases a user's data can be added to.
BASES = ("seeds", "none")
#: Recipes :func:`train` can follow besides the library's defaults (``recipe=None``).
RECIPES = ("bundled",)


@dataclass(frozen=True)
class TrainResult:
    """What :func:`train` made.

    Attributes
    ----------
    model : ReadoutClassifier
        The fitted model. Saved (``out`` given), it is named by its
        artifact, as the model loaded back is:
        ``stancelib.persist.model_id(result.model)`` is
        ``model-<16 hex digits>`` until it is refitted or given other
        parameters (its ``manifest_`` is the manifest it was saved with).
    manifest : dict
        What was recorded beside it.
    path : Path or None
        The saved artifact, when ``out`` was given.

    Examples
    --------
    >>> rows = [{"id": str(i), "doc_id": f"d{i % 2}", "text": t, "issue": [c], "stance": s}
    ...         for i, (t, c, s) in enumerate([("Xi warned Biden on Taiwan.", "taiwan", "warning"),
    ...                                        ("They agreed to talk on climate.", "climate", "cooperation")] * 4)]
    >>> result = train(rows, base="none", params={"cv": 0, "min_df": 1})
    >>> result.path is None, result.manifest["data"]["sentences"], result.manifest["data"]["sources"]
    (True, 8, [{'path': 'user data', 'sentences': 8}])
    >>> result.model.predict(["Beijing warned Washington over Taiwan."])["stance"]
    ['warning']
    """

    model: ReadoutClassifier
    manifest: dict[str, Any]
    path: Path | None


def data_sha256(records: Iterable[Mapping[str, Any]], *, calibrate_by: str = "doc_id") -> str:
    """sha256 of what a fit reads of the records, in order: each sentence's text, labels and document, and
    the field that groups the calibration folds.

    Values are hashed in the form training reads them: ``doc_id`` and the
    ``calibrate_by`` field as str (``5`` and ``"5"`` alike), a sentence's
    issue codes as a set (sorted), stance and side as they are. Fields
    training does not read (``id``, ``source``, ``date``, ...) are left out.
    So the same sentences give the same hash whether they came from JSONL,
    CSV, a DataFrame or a Dataset, and data that differ in anything the fit
    reads (``author``, with ``calibrate_by="author"``) give another.

    Parameters
    ----------
    records : iterable of mapping
        The training records, in training order.
    calibrate_by : str, default="doc_id"
        The record field :func:`train` groups the calibration folds by; a
        field other than ``doc_id`` is hashed too.

    Returns
    -------
    str
        64 hex digits.

    Examples
    --------
    >>> a = [{"id": 1, "doc_id": 7, "text": "Xi warned.", "issue": ["taiwan", "military"], "stance": "warning"}]
    >>> b = [{"id": "x", "doc_id": "7", "text": "Xi warned.", "issue": ["military", "taiwan"], "stance": "warning"}]
    >>> data_sha256(a) == data_sha256(b)
    True
    >>> data_sha256([dict(a[0], author="p")], calibrate_by="author") == data_sha256(a, calibrate_by="author")
    False
    """
    h = hashlib.sha256()
    for r in records:
        item: dict[str, Any] = {"doc_id": str(r.get("doc_id")), "text": r.get("text")}
        for field in LABEL_FIELDS:
            value = r.get(field)
            if value is None:
                continue
            item[field] = (sorted(str(c) for c in value) if field in MULTI_LABEL_FIELDS and not isinstance(value, str)
                           else value)
        if calibrate_by != "doc_id":
            item["group"] = str(r.get(calibrate_by))
        h.update(json.dumps(item, sort_keys=True, ensure_ascii=False, default=str).encode())
        h.update(b"\n")
    return h.hexdigest()


def label_counts(records: Iterable[Mapping[str, Any]], schema: LabelSchema) -> dict[str, dict[str, int]]:
    """Sentences per label, per field."""
    counts: dict[str, Counter[str]] = {f: Counter() for f in schema.fields}
    for r in records:
        for f in schema.fields:
            v = r.get(f)
            for code in ([v] if isinstance(v, str) else (v or [])):
                counts[f][code] += 1
    return {f: {c: counts[f][c] for c in schema.labels[f]} for f in schema.fields}


def _json_safe(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return value


def check_out_directory(out: str | Path, *, what: str | None = None) -> Path:
    """Refuse a model directory that cannot take a model, before anything is trained.

    Parameters
    ----------
    out : path
        Where a model is to be saved; created later if missing.
    what : str, default=None
        How errors name ``out`` (the CLI passes ``"--out DIR"``); None names
        it ``out='DIR'``.

    Returns
    -------
    Path
        ``out`` as a path.

    Raises
    ------
    ValueError
        ``out`` is a file, its nearest existing folder is not writable, or it
        holds a ``manifest.json`` that is not a stancelib model's.
    """
    import os

    path = Path(out)
    what = what or f"out={str(out)!r}"
    if path.exists() and not path.is_dir():
        raise ValueError(f"{what} is a file; pass a directory for the model")
    parent = path if path.exists() else next((p for p in path.parents if p.exists()), Path("."))
    if not os.access(parent, os.W_OK):
        raise ValueError(f"{what}: {parent} is not writable; pass a directory you can write to")
    manifest = path / "manifest.json"
    if manifest.exists():
        try:
            ours = json.loads(manifest.read_text(encoding="utf-8")).get("format") == "stancelib-model"
        except (ValueError, UnicodeDecodeError, AttributeError):
            ours = False
        if not ours:
            raise ValueError(f"{what} holds a manifest.json that is not a stancelib model's; "
                             "pick another directory rather than overwrite it")
    return path


def check_params(params: Mapping[str, Any] | None, estimator: Any = None) -> None:
    """Refuse unknown parameter names and, for a ReadoutClassifier, ill-typed values, before anything is trained.

    Parameters
    ----------
    params : mapping or None
        Parameters to set on ``estimator``.
    estimator : estimator, default=None
        The unfitted model they are for; None is ``ReadoutClassifier()``.

    Raises
    ------
    ValueError
        An unknown name (the message gives the closest known one and all of
        them), or a value :meth:`ReadoutClassifier._check_params` refuses.
    TypeError
        ``params`` is not a mapping.
    """
    if params is None:
        return
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a mapping of parameter name to value, got {type(params).__name__}")
    template = ReadoutClassifier() if estimator is None else estimator
    known = template.get_params(deep=False)
    for name in params:
        if name not in known:
            import difflib

            close = difflib.get_close_matches(str(name), list(known), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"Unknown parameter {name!r} of {type(template).__name__}.{hint} "
                             f"Known: {', '.join(sorted(known))}.")
    if isinstance(template, ReadoutClassifier):
        from sklearn.base import clone

        # random_state: train() sets it to the seed, checked apart (check_seed)
        checked = {k: v for k, v in params.items() if k != "random_state"}
        clone(template).set_params(**checked, random_state=0)._check_params()


def _excluded_ids(exclude_docs: Any) -> set[str] | None:
    """``exclude_docs`` as a set of document ids (None: none), refusing what is not a collection of ids."""
    if exclude_docs is None:
        return None
    if isinstance(exclude_docs, (str, bytes)):  # a str iterates over its characters: "d1" would exclude "d" and "1"
        raise TypeError(f"exclude_docs is a {type(exclude_docs).__name__} ({exclude_docs!r}), which would be read "
                        f"one character at a time; pass a list of document ids, e.g. [{exclude_docs!r}]")
    if isinstance(exclude_docs, Mapping) or not isinstance(exclude_docs, Iterable):
        raise TypeError(f"exclude_docs must be a list of document ids (doc_id values), got "
                        f"{type(exclude_docs).__name__} {exclude_docs!r}")
    return {str(d) for d in exclude_docs}


def _data_files(data: Any) -> list[str | Path] | None:
    """The files ``data`` names (a path, or a list or tuple of paths), in order; None for records in memory."""
    if isinstance(data, (str, Path)):
        return [data]
    if isinstance(data, (list, tuple)) and data and all(isinstance(x, (str, Path)) for x in data):
        return list(data)
    return None


def _training_records(data: Any, base: str, seeds_dir: str | Path | None, excluded: set[str] | None,
                      recipe_excluded: Collection[str] = (), *, empty: list[Problem] | None = None
                      ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], int]:
    """What :func:`train` fits on: the records (seed corpus first, then ``data``) without the excluded documents,
    the user's records among them, the sources read and the number of records read.

    ``excluded``: the caller's ``exclude_docs`` (None: none); ``recipe_excluded``: the seed corpus's documents
    the bundled model was trained without (:func:`bundled_recipe`). Both are left out; each is checked
    against what it names: the caller's against every record, the recipe's against the seed corpus.

    The sources are the files read, in order, each with its name, its records and the sha256 of its bytes
    (``sha256sum`` gives it); records given in memory are one source, ``"user data"``. ``empty`` (when given)
    receives a problem for each file of ``data`` without a record, or for ``data`` in memory without one:
    training on the rest would quietly leave that data out.

    Raises
    ------
    ValueError
        ``excluded`` names a document that is in none of the records: the
        document meant would be trained on; or ``recipe_excluded`` one that
        is not in the seed corpus: it is not the corpus the bundled model
        was trained on.
    """
    records: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    if base == "seeds":
        for path in seed_files(seeds_dir):
            recs = load_records(path)
            records.extend(recs)
            sources.append({"path": f"seeds/{path.relative_to(path.parents[1] if path.parent.name == 'corpus' else path.parent).as_posix()}",
                            "sentences": len(recs), "sha256": sha256_file(path)})
        _check_recipe_documents(recipe_excluded, {str(r.get("doc_id")) for r in records}, seeds_dir)
    user: list[dict[str, Any]] = []
    if data is not None:
        files = _data_files(data)
        if files is None:  # a DataFrame, a Dataset, dicts
            user = load_records(data)
            sources.append({"path": "user data", "sentences": len(user)})
            if not user and empty is not None:
                empty.append(Problem("data", 0, "holds no records (an empty list, DataFrame or Dataset); pass "
                                                "labelled sentences, or leave data out"))
        else:
            for file in files:  # one at a time: the manifest lists each, in order (their order makes the model)
                recs = load_records(file)
                user.extend(recs)
                sources.append({"path": Path(file).name, "sentences": len(recs), "sha256": sha256_file(file)})
                if not recs and empty is not None:
                    empty.append(Problem(str(file), 0, NO_RECORDS))
        records.extend(user)
    read = len(records)
    if excluded is not None:
        known = {str(r.get("doc_id")) for r in records}
        unknown = sorted(excluded - known)
        if unknown:
            import difflib

            close = {u: m[0] for u in unknown if (m := difflib.get_close_matches(u, known, n=1))}
            hint = (" (did you mean " + ", ".join(f"{m!r} for {u!r}" for u, m in list(close.items())[:5]) + "?)"
                    if close else "")
            shown = ", ".join(repr(u) for u in unknown[:10]) + (", ..." if len(unknown) > 10 else "")
            raise ValueError(f"exclude_docs names {len(unknown)} document(s) that no record has as its doc_id: "
                             f"{shown}{hint}; a document meant to be held out would be trained on. Fix the ids, "
                             "or leave them out")
    left_out = (excluded or set()) | set(recipe_excluded)
    if left_out:
        records = [r for r in records if str(r.get("doc_id")) not in left_out]
        user = [r for r in user if str(r.get("doc_id")) not in left_out]
    return records, user, sources, read


def _check_recipe_documents(recipe_excluded: Collection[str], seed_documents: set[str],
                            seeds_dir: str | Path | None) -> None:
    """Refuse a seed corpus without every document the bundled model was trained without: the recipe's
    held-out documents would not be the bundled model's (and the exclude_docs error would blame the caller)."""
    absent = sorted(set(recipe_excluded) - seed_documents)
    if not absent:
        return
    shown = ", ".join(repr(d) for d in absent[:10]) + (", ..." if len(absent) > 10 else "")
    raise ValueError(f"recipe='bundled' leaves out the {len(recipe_excluded)} documents the bundled model was "
                     f"trained without (its manifest's excluded_documents), but {len(absent)} of them are not in "
                     f"the seed corpus at {seeds_root(seeds_dir)}: {shown}. That is not the seed corpus the bundled "
                     "model was trained on, so its held-out documents cannot be left out of it. Train on that "
                     "corpus (the seeds/ of a checkout of this stancelib version), or on your data alone: "
                     "base='none' (stancelib train --base none)")


def _check_recipe(recipe: Any) -> None:
    """Refuse a recipe :func:`train` does not know, naming the ones it does."""
    if recipe is not None and (not isinstance(recipe, str) or recipe not in RECIPES):
        import difflib

        close = difflib.get_close_matches(recipe.strip().lower(), RECIPES, n=1) if isinstance(recipe, str) else []
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"recipe must be None (ReadoutClassifier's defaults) or one of "
                         f"{', '.join(map(repr, RECIPES))} (the bundled model's parameters, calibration groups and "
                         f"held-out documents), got {recipe!r}.{hint}")


def bundled_recipe() -> dict[str, Any]:
    """The recipe of the bundled model, read from its manifest (which ships inside the package).

    Returns
    -------
    dict
        ``params``: the :class:`ReadoutClassifier` parameters the bundled
        model was trained with that differ from ReadoutClassifier's defaults
        (its ``random_state`` apart: that is ``seed``); ``calibrate_by``: the
        record field its calibration folds were grouped by; ``seed``: its
        training seed; ``excluded_documents``: the ids of the seed corpus's
        documents it was trained without (the held-out documents of
        ``seeds/heldout_docs.txt`` when it was trained), sorted.

    Raises
    ------
    stancelib.persist.ModelLoadError
        The bundled manifest is missing, damaged, or lacks one of these.

    Examples
    --------
    >>> recipe = bundled_recipe()
    >>> recipe["calibrate_by"], recipe["params"]["word_ngram_range"]
    ('author', [1, 3])
    >>> len(recipe["excluded_documents"]) > 0
    True
    """
    from .persist import ModelLoadError, bundled_dir

    manifest = read_manifest(bundled_dir())
    recorded = manifest.get("params")
    calibrate_by = manifest.get("calibrated_by")
    seed = manifest.get("seed")
    excluded = manifest.get("excluded_documents")
    if (not isinstance(recorded, Mapping) or not isinstance(calibrate_by, str) or not isinstance(seed, int)
            or not isinstance(excluded, list) or not all(isinstance(d, str) for d in excluded)):
        raise ModelLoadError(f"The bundled model's manifest ({bundled_dir()}) does not record its params, "
                             "calibrated_by, seed and excluded_documents, so its recipe cannot be followed; "
                             "reinstall stancelib, or train with recipe=None")
    defaults = _json_safe(ReadoutClassifier().get_params(deep=False))
    unknown = sorted(set(recorded) - set(defaults))
    if unknown:
        raise ModelLoadError(f"The bundled model's manifest records parameter(s) {unknown} that this "
                             "ReadoutClassifier does not take; reinstall stancelib")
    # only what departs from the defaults: the rest is ReadoutClassifier's own, in its own types (tuples)
    params = {k: v for k, v in recorded.items() if k != "random_state" and v != defaults[k]}
    return {"params": params, "calibrate_by": calibrate_by, "seed": seed,
            "excluded_documents": sorted(excluded)}


#: The last line of the error of data that fails only with the seed corpus added.
SEEDS_ADVICE = ("Fix these lines (see docs/annotation-guide.md for the label scheme) and run again, or train on "
                "your data alone: base='none' (stancelib train --base none). The problems marked \"base='seeds'\" "
                "come from checking your data together with the seed corpus, as training does: "
                "`stancelib validate PATH` checks your files alone, `stancelib validate --base seeds PATH` "
                "lists them all.")


def _problems(records: list[dict[str, Any]], user: list[dict[str, Any]], base: str,
              new_codes: Iterable[str]) -> tuple[list[Problem], bool]:
    """The problems of the training records, and whether some come only from adding the seed corpus.

    Those are marked: the seed corpus labels issue, stance and side on every
    sentence, so a user's file without ``side`` passes ``stancelib validate``
    and fails here; so does a sentence or id the seed corpus has too.
    """
    declared = list(new_codes)
    problems = validate_records(records, declared_codes=declared)
    if not problems or base != "seeds" or not user:
        return problems, False
    alone = set(validate_records(user, declared_codes=declared))
    marked: list[Problem] = []
    for p in problems:
        if p in alone:
            marked.append(p)
        elif p.message.startswith("missing label "):
            marked.append(Problem(p.source, p.line, f"{p.message} (the seed corpus labels it on every sentence; "
                                                    "base='seeds')"))
        else:
            marked.append(Problem(p.source, p.line, f"{p.message} (with the seed corpus; base='seeds')"))
    return marked, any(p not in alone for p in problems)


def validate_training_data(
    data: Any = None,
    *,
    base: str = "seeds",
    seeds_dir: str | Path | None = None,
    exclude_docs: Iterable[str] | None = None,
    new_codes: Iterable[str] = (),
) -> list[Problem]:
    """Every problem :func:`train` would refuse the data for, without training.

    :func:`stancelib.data.validate_records` checks records by themselves
    (what ``stancelib validate FILE`` does; ``stancelib validate --base
    seeds FILE`` adds this function's problems). Training with the default
    ``base="seeds"`` checks them together with the seed corpus, which finds
    more: the seed corpus labels ``side`` on every sentence, so a file
    without ``side`` fails; so does a sentence the seed corpus has with
    other labels, or an id it has too. Problems found only this way end
    with ``base='seeds'``.

    Parameters
    ----------
    data, base, seeds_dir, exclude_docs, new_codes
        As :func:`train` takes them.

    Returns
    -------
    list of Problem
        Empty if the records pass :func:`train`'s checks (its parameters,
        such as ``calibrate_by``, are checked when it runs). A file of
        ``data`` without a record is a problem, named by its path, first.

    Raises
    ------
    TypeError, ValueError
        As :func:`train` raises them before checking the records (a str
        ``exclude_docs``, ids of no document, an unknown ``base``).
    """
    if base not in BASES:
        raise ValueError(f"base must be one of {BASES}, got {base!r}")
    empty: list[Problem] = []
    records, user, _, _ = _training_records(data, base, seeds_dir, _excluded_ids(exclude_docs), empty=empty)
    if not records:
        return empty or [Problem("<records>", 0, "no labelled sentences to train on: pass data, or add the seed "
                                                 "corpus (base='seeds')")]
    return empty + _problems(records, user, base, new_codes)[0]


def train(
    data: Any = None,
    *,
    base: str = "seeds",
    out: str | Path | None = None,
    seed: int | None = None,
    params: Mapping[str, Any] | None = None,
    seeds_dir: str | Path | None = None,
    exclude_docs: Iterable[str] | None = None,
    new_codes: Iterable[str] = (),
    calibrate_by: str | None = None,
    evaluation: Mapping[str, Any] | None = None,
    progress: bool | None = None,
    estimator: Any = None,
    n_jobs: int | None = None,
    recipe: str | None = None,
) -> TrainResult:
    """Train a model on labelled sentences, reproducibly.

    Parameters
    ----------
    data : path, list of paths, DataFrame, Dataset, DatasetDict or list of dicts, default=None
        Your labelled sentences (JSONL or CSV files, a pandas DataFrame, a
        Hugging Face dataset, or dicts) with ``id``, ``doc_id``, ``text``,
        ``issue`` and ``stance``, and optionally ``side`` (optional with
        ``base="none"`` only: the seed corpus labels ``side`` on every
        sentence, so with it every sentence needs one). ``issue`` is a list
        of codes; in a CSV cell, separate them with ``;``
        (``taiwan;maritime``) or write a JSON list
        (``["taiwan", "maritime"]``): a code with a comma or a space in it
        (``taiwan,maritime``) is refused, not learnt as one new code. Label
        codes are read from the data: new issue codes need no code change.
        A file without a record (empty, or a CSV header alone) is refused,
        naming it. Row and file order matter: see ``seed``; the manifest
        lists the files in order, each with its sha256.
    base : {"seeds", "none"}, default="seeds"
        Add the seed corpus (from a source checkout) to ``data``, or not.
        The data are checked together with it, which finds problems that
        checking ``data`` alone does not (:func:`validate_training_data`
        lists them without training).
    out : path, default=None
        Directory to save the model, manifest and model card in. Written
        atomically: a failure leaves any previous model there intact.
    seed : int, default=None
        Seed of everything random in training; None: the one default,
        ``stancelib.config.DEFAULTS.seed`` (with ``recipe="bundled"``, the
        bundled model's seed, which is the same today). The same data in
        the same order and the same seed give a byte-identical artifact, whether the data
        come from JSONL, CSV, a DataFrame or a Dataset. The order of the
        sentences matters: the same sentences shuffled give another
        artifact (and another data sha256), whose probabilities differ
        slightly (up to about 0.001), because the solver visits them in order.
    params : mapping, default=None
        Parameters of :class:`ReadoutClassifier` to override. With a
        ``recipe``, they override the recipe's key by key: ``{"cv": 0}``
        keeps the recipe's ``C`` and n-grams, ``{"C": {"issue": 16}}``
        replaces the recipe's whole ``C`` (the heads it does not name take
        ReadoutClassifier's defaults).
    seeds_dir : path, default=None
        Where the seed corpus is; None uses the checkout's ``seeds/``.
    exclude_docs : iterable of str, default=None
        Document ids to leave out of training (a held-out test set), e.g.
        ``["a032"]``; each must be the ``doc_id`` of some record. A str is
        refused (it would be read one character at a time). With
        ``recipe="bundled"`` and ``base="seeds"`` they are left out as well
        as the recipe's held-out documents.
    new_codes : iterable of str, default=()
        New label codes that look like a typo of a default code ("trades"
        beside "trade") but are meant. Other new codes need no declaring;
        codes that look like typos and are not declared are refused.
    calibrate_by : str, default=None
        The record field that groups the calibration folds, on whose
        out-of-fold predictions the decision rules are chosen (issue
        thresholds, the ``relations`` bar, class offsets; see
        :mod:`stancelib.calibration`). ``"doc_id"``: no document is split
        between folds. ``"author"`` (every record needs one): no author is,
        so the rules are chosen on predictions for unseen voices, the
        closest a corpus gets to text nobody in it wrote; the bundled model
        uses it. None: ``stancelib.config.DEFAULTS.calibrate_by``
        (``"doc_id"``), or the recipe's (``"author"``) with a ``recipe``; a
        field given here wins over the recipe's (``calibrate_by="doc_id"``
        follows the rest of the bundled recipe with data that has no
        authors).
    evaluation : mapping, default=None
        Cross-validation figures of this recipe to record in the manifest and
        the model card (a summary written by ``python -m training.evaluate
        --summary``: per scheme, per system; the bundled model records
        ``training/evaluation.json``).
    progress : bool, default=None
        Show a progress bar on standard error; None shows one when standard
        error is a terminal.
    estimator : estimator, default=None
        An unfitted model to train instead of ``ReadoutClassifier(**params)``
        (a clone of it is fitted, with ``params`` and ``random_state=seed``
        set): :class:`stancelib.encoder.EncoderClassifier` for the accurate
        tier (``python -m training.train --config training/accurate.json``).
    n_jobs : int, default=None
        Worker processes that fit the calibration folds' feature blocks and
        the heads of every fit (joblib's meaning: None runs everything in this process, -1 uses
        every core); the model comes out the same bit for bit, only sooner. For ReadoutClassifier only:
        the accurate tier's estimator takes no ``n_jobs``.
    recipe : {None, "bundled"}, default=None
        None: train with :class:`ReadoutClassifier`'s defaults, calibration
        folds grouped by ``doc_id``, and every document. ``"bundled"``: the
        bundled model's recipe, all of it read from its manifest (which ships
        inside the package; :func:`bundled_recipe` returns it): its
        parameters, seed, calibration grouping (``author``: every record
        needs one) and, with ``base="seeds"``, the seed corpus's documents
        it was trained without (the held-out documents) left out, so that
        they still score the model. ``params``, ``seed`` and
        ``calibrate_by`` override it. The manifest records it
        (``"recipe": "bundled"``).

    Returns
    -------
    TrainResult

    Raises
    ------
    DataValidationError
        The data has problems (a data file without a record is one);
        nothing is trained or written. The error lists every problem with
        its file and line; those found only together with the seed corpus
        end with ``base='seeds'``.
    TypeError
        ``exclude_docs`` is a str or not a collection of ids.
    ValueError
        An unknown ``base``, ``recipe`` or parameter, ``exclude_docs``
        naming a document no record has, no records, a record without
        ``calibrate_by`` (or without the recipe's ``author``), a
        ``recipe`` with an ``estimator`` other than a ReadoutClassifier, or,
        with ``recipe="bundled"`` and ``base="seeds"``, a seed corpus
        without one of the documents the bundled model was trained without
        (not the corpus it was trained on).
    FileNotFoundError
        ``base="seeds"`` and no seed corpus.

    Examples
    --------
    >>> result = train([{"id": str(i), "doc_id": str(i // 2), "text": t, "issue": [c], "stance": s}
    ...                 for i, (t, c, s) in enumerate([("Xi warned Biden on Taiwan.", "taiwan", "warning"),
    ...                                                 ("They agreed to talk on climate.", "climate", "cooperation")] * 4)],
    ...                base="none", params={"cv": 0, "min_df": 1})
    >>> sorted(result.manifest["labels"])
    ['issue', 'stance']
    """
    if base not in BASES:
        raise ValueError(f"base must be one of {BASES}, got {base!r}")
    _check_recipe(recipe)
    if recipe is not None and estimator is not None and not isinstance(estimator, ReadoutClassifier):
        raise ValueError(f"recipe={recipe!r} is the recipe of the bundled ReadoutClassifier; it does not apply to "
                         f"estimator={type(estimator).__name__}(...): pass recipe=None, or drop estimator")
    check_params(params, estimator)  # up front: a misspelt or ill-typed parameter fails before the data are read
    excluded = _excluded_ids(exclude_docs)
    if out is not None:
        check_out_directory(out)
    from .config import DEFAULTS, check_seed

    followed = bundled_recipe() if recipe == "bundled" else None
    if followed is not None:
        params = {**followed["params"], **(params or {})}  # the caller's params win, key by key
        check_params(params, estimator)
    if calibrate_by is None:
        calibrate_by = followed["calibrate_by"] if followed is not None else DEFAULTS.calibrate_by
    if seed is None:
        seed = followed["seed"] if followed is not None else DEFAULTS.seed
    seed = check_seed(seed)
    # the recipe's held-out documents are the bundled model's, from the manifest its other settings come from
    recipe_excluded = followed["excluded_documents"] if followed is not None and base == "seeds" else []
    started = time.perf_counter()
    empty: list[Problem] = []  # a data file without a record: refused, not quietly left out
    records, user, sources, read = _training_records(data, base, seeds_dir, excluded, recipe_excluded, empty=empty)
    if recipe_excluded:  # the manifest records every document left out, the recipe's and the caller's
        excluded = (excluded or set()) | set(recipe_excluded)
    if not records and not empty:
        raise ValueError("No labelled sentences to train on: pass data=... or base='seeds'")
    problems, with_seeds = _problems(records, user, base, new_codes) if records else ([], False)
    if empty or problems:
        raise DataValidationError(empty + problems, advice=SEEDS_ADVICE if with_seeds else FIX_ADVICE)
    schema = LabelSchema.from_records(records)
    # tuples a JSON config or --params gives as lists: the model (and its artifact) of the same tuples in Python
    model_params = (canonical_params(params or {}) if estimator is None or isinstance(estimator, ReadoutClassifier)
                    else dict(params or {}))
    model_params["random_state"] = seed
    if estimator is None:
        clf = ReadoutClassifier(**model_params)
    else:
        from sklearn.base import clone

        clf = clone(estimator).set_params(**model_params)
    texts = [r["text"] for r in records]
    targets = {f: [r[f] for r in records] for f in schema.fields}
    missing = [r for r in records if r.get(calibrate_by) in (None, "")]
    if missing:
        where = missing[0].get("id") or missing[0].get("doc_id")
        if followed is not None and calibrate_by == followed["calibrate_by"]:
            raise ValueError(f"recipe={recipe!r} groups the calibration folds by {calibrate_by!r}, as the bundled "
                             f"model did (calibrate_by={calibrate_by!r}), and {len(missing)} record(s) have no "
                             f"{calibrate_by!r} (the first: {where!r}); give every record one (the seed corpus's "
                             "records have one), or pass calibrate_by='doc_id' (stancelib train --calibrate-by "
                             "doc_id) to follow the rest of the recipe")
        raise ValueError(f"calibrate_by={calibrate_by!r}: {len(missing)} record(s) have no {calibrate_by!r} "
                         f"(the first: {where!r}); give every record one, or use calibrate_by='doc_id'")
    groups = [str(r["doc_id"]) for r in records]
    calibration_groups = [str(r[calibrate_by]) for r in records]
    if progress is None:
        import sys

        progress = sys.stderr.isatty()
    if n_jobs is not None and not isinstance(clf, ReadoutClassifier):
        raise ValueError(f"n_jobs is for ReadoutClassifier; {type(clf).__name__} fits in one process")
    clf.fit(texts, targets, groups=calibration_groups, progress=progress,
            **({} if n_jobs is None else {"n_jobs": n_jobs}))
    cv_metrics = getattr(clf, "cv_metrics_", {})
    counts = label_counts(records, schema)
    thin = {f: {c: n for c, n in per.items() if n < MIN_SUPPORT} for f, per in counts.items()}
    thin = {f: per for f, per in thin.items() if per}
    if thin:
        import warnings

        listed = "; ".join(f"{f}: " + ", ".join(f"{c} ({n})" for c, n in per.items()) for f, per in thin.items())
        warnings.warn(f"Fewer than {MIN_SUPPORT} training sentences for {listed}: the model will rarely predict "
                      "these labels and their metrics are unreliable; label more examples.", FewExamplesWarning, stacklevel=2)
    from .persist import runtime_versions

    manifest: dict[str, Any] = {
        "format": "stancelib-model",
        **({} if isinstance(clf, ReadoutClassifier) else {"estimator": type(clf).__name__}),
        "labels": {f: list(v) for f, v in clf.classes_.items()},
        "seed": seed,
        **({"recipe": recipe} if recipe is not None else {}),
        "calibrated_by": calibrate_by,
        "excluded_documents": sorted(excluded) if excluded is not None else [],
        "params": _json_safe(clf.get_params()),
        "data": {
            "sha256": data_sha256(records, calibrate_by=calibrate_by),
            "base": base,
            "sentences": len(records),
            "documents": len(set(groups)),
            "sources": sources,
            "excluded_sentences": read - len(records),
            "label_counts": counts,
            "new_codes": new_codes_of(records),
        },
        "metrics": {"grouped_cv_oof": cv_metrics},
        **({"decision_rules": {"relations_threshold": clf.context_threshold_,
                               "second_code_threshold": clf.second_threshold_,
                               "class_offsets": {f: {str(c): round(float(v), 3) for c, v in zip(clf.classes_[f], o)}
                                                 for f, o in clf.class_offsets_.items()}}}
           if isinstance(clf, ReadoutClassifier) else {}),
        **({"evaluation": _json_safe(dict(evaluation))} if evaluation else {}),
        "versions": runtime_versions(extra=getattr(clf, "runtime_packages", ())),
        **({"feature_revision": FEATURE_REVISION} if isinstance(clf, ReadoutClassifier) else {}),
        "training_seconds": round(time.perf_counter() - started, 1),
    }
    path = None
    if out is not None:
        path = save_model(clf, out, manifest, card=render_model_card)
        # save_model has named clf by its artifact (mark_saved), as the model loaded back from ``out`` is
        manifest = read_manifest(out)
    return TrainResult(model=clf, manifest=manifest, path=path)


#: Labels with fewer examples than this get a warning in the model card and
#: from ``train``.
MIN_SUPPORT = 20


class FewExamplesWarning(UserWarning):
    """Some label has fewer than ``MIN_SUPPORT`` training sentences."""


#: What the model card calls each cross-validation scheme of an evaluation summary.
SCHEME_TITLES = {"authors": "by author", "documents": "by document"}
#: The figures the model card shows of each scheme.
CARD_FIGURES = ("issue micro_f1", "stance macro_f1", "side accuracy")
#: How many hex digits of a scored corpus's sha256 the model card shows.
CORPUS_HASH_DIGITS = 12


def _evaluation_lines(evaluation: Mapping[str, Any] | None) -> list[str]:
    """The model card's cross-validation section: every system under every scheme, then the corpus each row
    scored (its ``corpus`` record: one for every row, which rows scored which, which record none) and the run
    that wrote it; of a summary with no record, that separate runs may have scored different corpora."""
    if not evaluation or not evaluation.get("schemes"):
        return []
    schemes = evaluation["schemes"]
    systems = list(dict.fromkeys(n for sch in schemes.values() for n in sch.get("systems", {})))
    lines = ["", "## Cross-validation", "",
             "Scored by `python -m training.evaluate --quick` on the seed corpus (each fold's model without its own",
             "calibration folds and decision rules; the commands are in `training/evaluation.json`). Leave one",
             "author out (train on the other authors, test on one unseen voice) decides design choices; grouped",
             "document folds flatter the model, because a test document shares its author's voice with training",
             "ones. Both overstate accuracy on real readouts (see the README).", ""]
    head = "| system | " + " | ".join(f"{SCHEME_TITLES.get(k, k)}: {f.replace('_f1', '-F1')}"
                                       for k in schemes for f in CARD_FIGURES) + " |"
    lines += [head, "|---" * (1 + len(schemes) * len(CARD_FIGURES)) + "|"]
    for name in systems:
        cells = []
        for sch in schemes.values():
            figs = sch.get("systems", {}).get(name, {})
            cells += [f"{figs[f]:.3f}" if isinstance(figs.get(f), (int, float)) else "-" for f in CARD_FIGURES]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    runs: dict[str, list[str]] = {}  # command -> the systems whose figures it wrote, in table order
    for name in systems:
        for sch in schemes.values():
            command = sch.get("systems", {}).get(name, {}).get("command")
            if command and name not in runs.setdefault(command, []):
                runs[command].append(name)
    from_runs = "; ".join(f"{', '.join(names)} from `{command}`" for command, names in runs.items())
    corpus = _corpus_lines(schemes, systems)
    if not corpus:  # no row records its corpus (a summary of before the record): separate runs may differ
        if len(runs) > 1:
            lines += ["", "The rows come from separate runs, which may have scored different rounds' corpora: "
                      f"{from_runs}."]
        return lines
    lines += ["", *corpus]
    if len(runs) > 1:
        lines[-1] += f" The rows come from separate runs: {from_runs}."
    return lines


def _corpus_counts(record: Mapping[str, Any]) -> str:
    """A corpus record of an evaluation summary, in words: what it counts."""
    return f"{record.get('sentences')} sentences, {record.get('documents')} documents, {record.get('authors')} authors"


def _corpus_hash(record: Mapping[str, Any]) -> str:
    """The start of a corpus record's sha256, as the model card shows it."""
    return f"sha256 `{str(record.get('sha256'))[:CORPUS_HASH_DIGITS]}`"


#: The key of a summary row under which ``training.evaluate --summary`` records the corpus the row's run scored.
#: A row without it (written before the record existed) has its corpus "not recorded".
CORPUS_KEY = "corpus"


def recorded_corpus(row: Any) -> Mapping[str, Any] | None:
    """A summary row's ``corpus`` record (written by ``training.evaluate --summary``), or None when it has none
    (a row written before the record existed)."""
    record = row.get(CORPUS_KEY) if isinstance(row, Mapping) else None
    return record if isinstance(record, Mapping) and isinstance(record.get("sha256"), str) else None


def _corpus_lines(schemes: Mapping[str, Any], systems: list[str]) -> list[str]:
    """What the cross-validation table's rows scored, from each row's ``corpus`` record (written by
    ``training.evaluate --summary``): one corpus for every row, which rows scored which corpus, and which
    rows record none; no line when no row records one."""
    corpora: dict[str, list[tuple[str, str]]] = {}  # sha256 -> the (system, scheme) cells that scored it
    records: dict[str, Mapping[str, Any]] = {}
    missing: list[tuple[str, str]] = []
    for name in systems:
        for key, sch in schemes.items():
            figs = sch.get("systems", {}).get(name)
            if not isinstance(figs, Mapping):
                continue
            record = recorded_corpus(figs)
            if record is not None:
                records.setdefault(record["sha256"], record)
                corpora.setdefault(record["sha256"], []).append((name, key))
            else:
                missing.append((name, key))
    if not corpora:
        return []

    def rows(cells: list[tuple[str, str]]) -> str:
        """The systems of ``cells``; a system that has cells elsewhere too, with the schemes of these."""
        names = list(dict.fromkeys(n for n, _ in cells))
        out = []
        for name in names:
            mine = [k for n, k in cells if n == name]
            whole = len(mine) == sum(isinstance(sch.get("systems", {}).get(name), Mapping) for sch in schemes.values())
            out.append(name if whole else f"{name} ({', '.join(SCHEME_TITLES.get(k, k) for k in mine)})")
        return ", ".join(out)

    if len(corpora) == 1 and not missing:
        (record,) = records.values()
        return [f"Every row was scored on the same corpus ({_corpus_counts(record)}), {_corpus_hash(record)}."]
    if len(corpora) == 1:
        (sha, cells), = corpora.items()
        text = f"The corpus of {rows(cells)}: {_corpus_counts(records[sha])}, {_corpus_hash(records[sha])}."
    else:
        text = ("The rows score different corpora: "
                + "; ".join(f"{rows(cells)}: {_corpus_counts(records[sha])}, {_corpus_hash(records[sha])}"
                            for sha, cells in corpora.items()) + ".")
    if missing:
        text += (f" The corpus of {rows(missing)} is not recorded (figures written before `training.evaluate "
                 "--summary` recorded it), so it may differ.")
    return [text]


def _trained_on(data: Mapping[str, Any]) -> list[str]:
    """The model card's lines on what the model was trained on, from its manifest's ``data``: the seed corpus
    (original sentences written in readout style) only when it was trained on it, and the data it was given, by
    file name."""
    sources = data.get("sources", [])
    seeds = [s for s in sources if str(s.get("path", "")).startswith("seeds/")]
    base = data.get("base", "seeds" if seeds else "none")
    given = [s for s in sources if s not in seeds] if base == "seeds" else list(sources)
    files = [f"`{s['path']}`" for s in given if s.get("path") != "user data"]
    named = ", ".join(files) if files else "records in memory"
    if base == "seeds":
        mine = sum(int(s.get("sentences", 0)) for s in given)
        return (["- Trained on stancelib's seed corpus, original sentences written in readout style,",
                 f"  and on {mine} sentences of the data it was given ({named});"] if given else
                ["- Trained on stancelib's seed corpus, original sentences written in readout style;"]) + [
                "  real readouts are more varied, so expect lower scores on them than the cross-validated numbers below."]
    return [f"- Trained only on the data it was given ({named}: {data.get('sentences')} sentences in "
            f"{data.get('documents')} documents),",
            "  not on stancelib's seed corpus; the cross-validated numbers below hold for text like that data."]


def render_model_card(manifest: Mapping[str, Any]) -> str:
    """A Markdown model card from a manifest.

    Parameters
    ----------
    manifest : mapping
        A model's manifest (as :func:`train` writes it): its data, decision
        rules, metrics and versions.

    Returns
    -------
    str
        The card: what the model is for and was trained on (the seed
        corpus only when it was trained on it; each file of its data by
        name, with its sha256), its artifact, data, figures and labels.
    """
    data = manifest["data"]
    lines = [
        "# stancelib model card",
        "",
        "Labels each sentence of a diplomatic readout (or a news story about one) with the issues",
        "it is about, the stance it records and the side that holds it, per `docs/annotation-guide.md`.",
        "",
        "## Intended use and limits",
        "- For: foreign-policy analysts, researchers and journalists exploring US-China readouts;",
        "  as a first pass that a person checks, not as a source of record.",
        *_trained_on(data),
        *(["- all-MiniLM-L6-v2 with its top layers fine-tuned and three heads (the accurate tier; needs the",
            "  `embeddings` extra). It reads one sentence at a time and only knows the label codes below."]
          if manifest.get("estimator") == "EncoderClassifier" else
          ["- A bag of n-grams plus cue-word and actor features: it does not resolve long-range",
           "  reference, sarcasm or implicit stance, and it only knows the label codes below."]),
        "- English only. Sentences in other scripts get labels, but they are guesses.",
        "",
        "## Artifact",
        f"- file: `{manifest.get('artifact')}`, sha256 `{manifest.get('artifact_sha256')}`"
        " (the estimator: a pickle, loads only from a source you trust)",
        *([f"- safe export: `{manifest['compiled']}` + `{manifest['compiled_json']}`, sha256 "
           f"`{manifest['compiled_sha256']}`, `{manifest['compiled_json_sha256']}` (arrays and JSON: loads "
           "without running code, see `docs/security.md`)"] if manifest.get("compiled") else []),
        f"- seed: {manifest.get('seed')}; format protocol {manifest.get('protocol')}",
        *([f"- recipe: `{manifest['recipe']}`"
           + (" (the bundled model's parameters and calibration groups, from its manifest; with the seed corpus, "
              "its held-out documents left out)" if manifest["recipe"] == "bundled" else "")]
          if manifest.get("recipe") else []),
        "- versions: " + ", ".join(f"{k} {v}" for k, v in manifest.get("versions", {}).items())
        + (f"; feature revision {manifest['feature_revision']}" if "feature_revision" in manifest else ""),
        f"- training time: {manifest.get('training_seconds')} s",
        "",
        "## Data",
        f"- sha256 `{data['sha256']}`",
        f"- {data['sentences']} sentences in {data['documents']} documents",
    ]
    for src in data.get("sources", []):
        lines.append(f"  - {src['path']}: {src['sentences']} sentences"
                     + (f", sha256 `{src['sha256']}`" if src.get("sha256") else ""))
    excluded = manifest.get("excluded_documents") or []
    if excluded:
        held = data.get("excluded_sentences")
        lines.append(f"- held out of training: {len(excluded)} documents"
                     + (f" ({held} sentences)" if held is not None else "")
                     + " (`exclude_docs`; for the bundled model, `seeds/heldout_docs.txt`), so the files above hold "
                     "more sentences than the model was trained on")
    lines += ["", "### Sentences per label", ""]
    for field, counts in data["label_counts"].items():
        lines.append(f"- **{field}**: " + ", ".join(f"{c} {n}" for c, n in counts.items()))
    lines += _evaluation_lines(manifest.get("evaluation"))
    by = {"doc_id": "document", "author": "author"}.get(manifest.get("calibrated_by", "doc_id"),
                                                         manifest.get("calibrated_by"))
    metrics = manifest.get("metrics", {}).get("grouped_cv_oof", {})
    if metrics:
        lines += ["", "## Metrics", "",
                  f"Out-of-fold predictions of the calibration folds, grouped by {by}, on which the decision rules "
                  "were chosen:", "", "| head | metric | value |", "|---|---|---|"]
    per_label: dict[str, Any] = {}
    for head, vals in metrics.items():
        if isinstance(vals, dict):
            for k, v in vals.items():
                if k == "per_label":
                    per_label[head] = v
                else:
                    lines.append(f"| {head} | {k} | {v} |")
    thin: list[str] = []
    if per_label:
        lines += ["", "### Per label", "", "Sentences with the label in the calibration folds (support) and out-of-fold F1.", "",
                  "| head | label | support | F1 |", "|---|---|---|---|"]
        for head, codes in per_label.items():
            for code, v in codes.items():
                flag = " ⚠" if v["support"] < MIN_SUPPORT else ""
                lines.append(f"| {head} | {code} | {v['support']}{flag} | {v['f1']} |")
                if v["support"] < MIN_SUPPORT:
                    thin.append(f"{head} `{code}` ({v['support']})")
    if thin:
        lines += ["", f"**Warning:** fewer than {MIN_SUPPORT} examples for " + ", ".join(thin)
                  + ". The model has barely seen these labels: expect it to miss them, and its F1 for them"
                  " to be unreliable. Label more sentences with them before trusting them."]
    rules = manifest.get("decision_rules")
    if rules:
        bar = rules.get("relations_threshold")
        second = rules.get("second_code_threshold")
        lines += ["", "### Decision rules", "",
                  "- an issue beyond a sentence's first (the one furthest above its threshold): "
                  + (f"kept only at probability >= {second}" if second is not None else "no extra bar"),
                  "- `relations` beside a more specific issue: " + (f"kept only at probability >= {bar}" if bar is not None
                                                                   else "no extra bar"),
                  *[f"- {f} class offsets (added to the scores): " + ", ".join(f"{c} {v:+.2f}" for c, v in o.items())
                    for f, o in rules.get("class_offsets", {}).items() if any(o.values())]]
        if not any(any(o.values()) for o in rules.get("class_offsets", {}).values()):
            lines.append("- class offsets: none (`class_offsets`, off by default)")
    lines += ["", "## Labels", ""]
    for field, codes in manifest["labels"].items():
        lines.append(f"- {field}: " + ", ".join(f"`{c}`" for c in codes))
    return "\n".join(lines) + "\n"
