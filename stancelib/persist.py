"""Saving and loading trained models, safely.

A model directory holds:

- ``model-<sha256 prefix>.joblib``: the fitted :class:`ReadoutClassifier`
  (a pickle: loading it runs code, so it needs ``trusted=True`` outside the
  package);
- ``compiled-<sha256 prefix>.npz`` and ``compiled-<sha256 prefix>.json``: its
  prediction-only export (:class:`~stancelib.compiled.CompiledModel`) as
  numeric arrays and JSON, which load without running any code (no pickle);
- ``manifest.json``: format protocol, versions, label sets, seed, the sha256
  of the training data and of every file above, metrics;
- ``MODEL_CARD.md``: the same for people.

``stancelib export`` writes a directory with only the export and the
manifest: the form to share a model in.

The manifest is the commit point: new files are written under their own
names, then the manifest is atomically replaced, then the old files are
removed. A crash at any step leaves a directory whose manifest names intact
files. Loading reads each file once and verifies its sha256 before parsing
or unpickling it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import threading
from pathlib import Path
from stat import S_IMODE, S_ISREG
from typing import IO, TYPE_CHECKING, Any, Callable, Iterator

if TYPE_CHECKING:  # for annotations only: importing them here would load scikit-learn with persist
    from .compiled import CompiledModel
    from .encoder import EncoderClassifier
    from .model import ReadoutClassifier

__all__ = [
    "MANIFEST",
    "atomic_write_text",
    "atomic_open",
    "PROTOCOL",
    "ModelLoadError",
    "ModelIntegrityError",
    "ModelVersionError",
    "UntrustedModelError",
    "ModelFeatureWarning",
    "bundled_dir",
    "accurate_dir",
    "save_model",
    "read_manifest",
    "load_model",
    "read_export",
    "export_model",
    "sha256_file",
    "model_state",
    "model_id",
    "LoadedManifest",
]

MANIFEST = "manifest.json"
#: The name ``load_model`` and ``--model`` take for the accurate tier (a fine-tuned all-MiniLM-L6-v2).
ACCURATE = "accurate"
#: Why ``load_model("accurate")`` finds nothing in a release, and how to build the model.
NO_ACCURATE_MODEL = (
    "stancelib ships no accurate model: by leave-one-author-out cross-validation the fine-tuned "
    "all-MiniLM-L6-v2 did not beat the default model by the 0.03 on stance and side that shipping it "
    "requires (docs/design-choices.md in the source repository). Build one into a source checkout with "
    "`python -m training.train --config training/accurate.json` (it writes stancelib/models/accurate/, "
    "which load_model('accurate') then reads), or into any directory with --out DIR and load that with "
    "load_model(DIR, trusted=True). The default model needs no extra: load_model()."
)
CARD = "MODEL_CARD.md"
#: Version of the on-disk format; bump when the layout or manifest changes.
#: 2: the export is the safe ``compiled-*.npz`` + ``compiled-*.json``, not a pickle.
PROTOCOL = 2
#: Manifest keys naming a file of the model directory, each with its ``<key>_sha256``.
_FILE_KEYS = ("artifact", "compiled", "compiled_json")


class ModelLoadError(ValueError):
    """A model could not be loaded; the message says why and what to do."""


class ModelIntegrityError(ModelLoadError):
    """The artifact is not the file its manifest describes (tampered or truncated)."""


class ModelVersionError(ModelLoadError):
    """The model was made with another scikit-learn or format version."""


class UntrustedModelError(ModelLoadError):
    """Loading this file would run code from outside the package; needs ``trusted=True``."""


class ModelFeatureWarning(UserWarning):
    """The model was trained when stancelib computed its features differently.

    It loads and predicts, but its predictions may differ a little from those it
    was scored on when trained; retraining it with the installed stancelib makes
    them agree again.
    """


def _check_feature_revision(manifest: dict[str, Any], where: "str | Path") -> None:
    """Warn (:class:`ModelFeatureWarning`) when a model's manifest records another feature revision.

    The cue and actor features are computed by stancelib's code at prediction
    time; the model carries its lexicon and weights, not that code. Models
    without lexical features (``"estimator"`` in the manifest: the accurate
    tier) are not checked.
    """
    if "estimator" in manifest:
        return
    from ._lexfeatures import FEATURE_REVISION

    made = manifest.get("feature_revision")
    if made == FEATURE_REVISION:
        return
    import warnings

    from . import __version__
    from ._warnings import outside_stacklevel

    when = (f"under feature revision {made}" if made is not None
            else "before stancelib recorded its feature revision (revision 1)")
    warnings.warn(
        f"{where} was trained {when}; stancelib {__version__} computes feature revision {FEATURE_REVISION}, "
        "so some sentences get slightly different cue or actor features than the model was trained and scored "
        "on (README, 'Retrain it', lists the revisions). It loads and predicts as it "
        "is. To make it agree with this version, retrain it: `stancelib train --data DATA --out DIR`.",
        ModelFeatureWarning, stacklevel=outside_stacklevel(),
    )


def bundled_dir() -> Path:
    """Directory of the model that ships inside the package."""
    return Path(__file__).resolve().parent / "models"


def accurate_dir() -> Path:
    """Where the accurate tier's model lives inside the package (absent in releases; see ``NO_ACCURATE_MODEL``)."""
    return bundled_dir() / ACCURATE


def _load_accurate() -> Any:
    from .encoder import EXTRA_HINT, encoder_available

    # whether a model exists first: advice to install the extra (torch is most of a gigabyte) before saying
    # that there is no model to load would send a user through the install for nothing
    directory = accurate_dir()
    if not (directory / MANIFEST).exists():
        raise ModelLoadError(NO_ACCURATE_MODEL + ("" if encoder_available() else
                                                  f" Building and loading one needs the embeddings extra: {EXTRA_HINT}"))
    if not encoder_available():
        raise ImportError(f"load_model({ACCURATE!r}) needs the embeddings extra, which is not installed: {EXTRA_HINT}")
    return load_shared_model(directory)


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically: a crash leaves the old file or the new one."""
    _atomic_write_bytes(Path(path), text.encode("utf-8"))


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes files private; models are shared data
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, empty temporary file beside ``path`` (``.<name>.<random>.tmp``), opened for writing: its
    descriptor and path.

    Created as ``open()`` creates a file, with mode 0666 less the umask (``tempfile.mkstemp`` makes every
    file 0600, private to its owner, which an output to share must not be), and exclusively
    (``O_EXCL``: never a file that is there already, nor through a symbolic link).
    """
    import secrets

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:  # another writer's name, drawn by chance: draw again
            continue
        except FileNotFoundError:
            if not path.parent.is_dir():
                raise FileNotFoundError(f"cannot write {path}: no such folder {path.parent}; create it first") from None
            raise
    raise FileExistsError(f"no free temporary name beside {path} after 100 tries; remove the .{path.name}.*.tmp "
                          "files in its folder")


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", *, encoding: str | None = "utf-8", errors: str | None = None,
                newline: str | None = None) -> Iterator[IO[Any]]:
    r"""Open ``path`` for writing, atomically: what is written goes to a temporary file beside it, which
    replaces ``path`` only when the ``with`` block ends without an error.

    So a reader never sees half a file, and an error or an interruption in
    the block (a row that cannot be written, Ctrl-C) leaves the old file
    as it was and no temporary file behind. The rows are written as they
    come (streaming: nothing is held in memory), and synced to disk before
    the rename. The file gets the permissions ``open()`` would give it: a
    new file 0666 less the umask (0644 under the usual umask 022), a file
    that is replaced keeps its own mode.

    Parameters
    ----------
    path : str or path-like
        The file to write; its folder must exist.
    mode : {"w", "wb"}, default="w"
        Text or bytes.
    encoding, errors, newline : str, default="utf-8", None, None
        As :func:`open` takes them, for text (``mode="w"``); UTF-8 whatever
        the locale.

    Yields
    ------
    file object
        The open temporary file.

    Raises
    ------
    ValueError
        ``mode`` is neither ``"w"`` nor ``"wb"``.
    FileNotFoundError
        The folder of ``path`` does not exist.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "rows.jsonl"
    >>> with atomic_open(path) as f:
    ...     _ = f.write('{"n": 1}\n')
    >>> path.read_text()
    '{"n": 1}\n'
    >>> import shutil; shutil.rmtree(path.parent)
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open() writes a whole new file: mode 'w' (text) or 'wb' (bytes), got {mode!r}")
    path = Path(path)
    fd, tmp = _create_beside(path)
    f: IO[Any] | None = None
    try:
        try:
            old = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            old = None
        if old is not None and S_ISREG(old.st_mode):  # a file replaced keeps its mode, as open() keeps it
            os.chmod(tmp, S_IMODE(old.st_mode))
        f = os.fdopen(fd, "wb") if mode == "wb" else os.fdopen(fd, "w", encoding=encoding, errors=errors,
                                                                   newline=newline)
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if f is None:  # the descriptor was never handed to a file object, which closes it
            os.close(fd)
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _stage_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to a synced temporary file beside ``path``; the caller moves it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, 0o644)
    return Path(tmp)


def _intern_strings(obj: Any, seen: dict[int, tuple[Any, Any]] | None = None) -> Any:
    """Make every string in an object graph the interned one of its value, in place.

    Pickle shares a string by object identity, not by value, and whether two
    equal strings are one object depends on the process's history (which
    modules ran, what was unpickled before). Interning them all makes the
    pickled bytes depend on the model alone. What the graph shares stays
    shared: a tuple is rebuilt only when one of its strings was replaced, and
    every place that held it gets the one rebuilt tuple, so interning again
    changes nothing (a model saved twice pickles to the same bytes).
    """
    import numpy as np

    seen = {} if seen is None else seen  # id -> (the object, kept alive so that its id is not reused; its result)
    if isinstance(obj, str):
        return sys.intern(obj)
    if id(obj) in seen:
        return seen[id(obj)][1]
    seen[id(obj)] = (obj, obj)  # a cycle back to obj finds obj itself
    if isinstance(obj, dict):
        items = [(_intern_strings(k, seen), _intern_strings(v, seen)) for k, v in obj.items()]
        obj.clear()
        obj.update(items)
        return obj
    if isinstance(obj, list):
        obj[:] = [_intern_strings(v, seen) for v in obj]
        return obj
    if isinstance(obj, tuple):
        items = [_intern_strings(v, seen) for v in obj]
        if all(new is old for new, old in zip(items, obj)) or not (type(obj) is tuple or hasattr(obj, "_fields")):
            return obj  # nothing replaced (or a tuple subclass that cannot be rebuilt from its items): keep it
        rebuilt = type(obj)(*items) if hasattr(obj, "_fields") else tuple(items)
        seen[id(obj)] = (obj, rebuilt)
        return rebuilt
    if isinstance(obj, np.ndarray):
        _canonical_dtype(obj)
        if obj.dtype == object:
            flat = obj.reshape(-1)
            for i in range(flat.size):
                flat[i] = _intern_strings(flat[i], seen)
        return obj
    state = getattr(obj, "__dict__", None)
    if isinstance(state, dict) and not isinstance(obj, type):
        _intern_strings(state, seen)
    return obj


def _canonical_dtype(array: Any) -> None:
    """Give ``array`` the one dtype object of its (built-in) dtype, in place.

    Pickle shares a dtype by identity, like a string. A fresh fit's arrays
    share numpy's one ``float32`` or ``object`` dtype; arrays joblib loaded
    each hold a copy (an object array is unpickled on its own), so a loaded
    model saved again would write its dtypes more often, in other bytes.
    """
    import warnings

    import numpy as np

    dtype = array.dtype
    if dtype.fields is not None or dtype.subdtype is not None or dtype.metadata is not None:
        return
    canonical = np.dtype(dtype.str)
    if canonical.isbuiltin and canonical is not dtype and canonical == dtype:  # (a sized str dtype has no one)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # a future numpy may deprecate setting it
            try:
                array.dtype = canonical  # the same dtype: no data is touched
            except (AttributeError, TypeError, ValueError):
                pass


def _dump(obj: Any, directory: Path, prefix: str) -> tuple[str, str]:
    """Write ``obj`` as ``<prefix>-<sha256 prefix>.joblib`` in ``directory``; return name and sha256."""
    import joblib

    fd, tmp = tempfile.mkstemp(prefix=f".{prefix}.", suffix=".joblib.tmp", dir=directory)
    os.close(fd)
    try:
        _intern_strings(obj)
        joblib.dump(obj, tmp, compress=3, protocol=4)
        digest = sha256_file(tmp)
        name = f"{prefix}-{digest[:16]}.joblib"
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, directory / name)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return name, digest


def _write_new(directory: Path, prefix: str, suffix: str, data: bytes) -> tuple[str, str]:
    """Write ``data`` as ``<prefix>-<sha256 prefix><suffix>`` in ``directory``, atomically; return name and sha256."""
    digest = hashlib.sha256(data).hexdigest()
    name = f"{prefix}-{digest[:16]}{suffix}"
    staged = _stage_bytes(directory / f"{prefix}{suffix}", data)
    try:
        os.replace(staged, directory / name)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return name, digest


def npz_bytes(arrays: dict[str, Any]) -> bytes:
    """``arrays`` as an ``.npz`` archive whose bytes depend on the arrays alone.

    ``numpy.savez`` stamps each member with the current time; here every
    member gets a fixed date and mode, and the members are sorted by name.
    Object arrays are refused, so the archive loads with ``allow_pickle=False``.
    """
    import io
    import zipfile

    import numpy as np

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with zf.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.asarray(arrays[key]), allow_pickle=False)
    return buf.getvalue()


def write_export(compiled: Any, directory: Path) -> dict[str, str]:
    """Write the safe format of a :class:`~stancelib.compiled.CompiledModel` into ``directory``.

    Two files, each named by its sha256: ``compiled-<sha>.npz`` (the numeric
    arrays) and ``compiled-<sha>.json`` (labels, vocabularies, lexicon, block
    layout). Returns the manifest entries that name them and their sha256.
    """
    meta, arrays = compiled.to_parts()
    npz_name, npz_digest = _write_new(directory, "compiled", ".npz", npz_bytes(arrays))
    meta = dict(meta, arrays=npz_name, arrays_sha256=npz_digest)
    text = json.dumps(meta, ensure_ascii=True, sort_keys=False, separators=(",", ":")) + "\n"
    json_name, json_digest = _write_new(directory, "compiled", ".json", text.encode("ascii"))
    return {"compiled": npz_name, "compiled_sha256": npz_digest,
            "compiled_json": json_name, "compiled_json_sha256": json_digest}


def save_model(model: Any, directory: str | Path, manifest: dict[str, Any],
               card: "Callable[[dict[str, Any]], str] | None" = None) -> Path:
    """Write ``model`` and its manifest into ``directory``, atomically.

    Parameters
    ----------
    model : ReadoutClassifier
        A fitted model.
    directory : path
        Created if missing. A previous model there stays usable until the new
        manifest is in place, and is removed after.
    manifest : dict
        Everything to record. ``artifact``, ``artifact_sha256``,
        ``protocol`` and the safe export's files are filled in here; so is
        what :func:`load_model` checks and the model itself knows, when
        missing: ``labels`` (from ``classes_``), ``versions``
        (:func:`runtime_versions`) and, for a ``ReadoutClassifier``,
        ``feature_revision``: the revision it was trained under
        (``feature_revision_``, which ``fit`` sets and :func:`load_model`
        carries over from the manifest it loads), never the installed
        stancelib's; ``estimator``, its class name, for another model.
        ``{}`` is enough for a directory that loads. A model that records
        no revision (unpickled from a bare file) needs
        ``{"feature_revision": N}``, the revision it was trained under.
    card : callable, default=None
        Renders the Markdown model card from the final manifest (which then
        holds the artifact's name and sha256); written beside it.

    Returns
    -------
    Path
        The artifact's path. ``model`` is then named by it
        (:func:`mark_saved`, as ``train(out=...)`` names its model):
        :func:`model_id` gives it the id the directory has, until it is
        refitted or given other parameters.

    Raises
    ------
    TypeError
        ``model`` is not a stancelib ``ReadoutClassifier`` or
        ``EncoderClassifier``, or ``manifest`` is not a dict.
    ValueError
        ``model`` is not fitted, ``manifest["labels"]`` is not the
        model's label sets (:func:`load_model` would refuse the directory),
        ``manifest["feature_revision"]`` is not the revision the model
        records, or a ``ReadoutClassifier`` records none and the manifest
        gives none either. Nothing is written.

    Examples
    --------
    >>> import tempfile
    >>> from stancelib import ReadoutClassifier
    >>> X = ["Xi warned against arms sales to Taiwan.", "The two sides agreed to resume talks."] * 3
    >>> y = {"stance": ["warning", "cooperation"] * 3, "side": ["china", "joint"] * 3}
    >>> clf = ReadoutClassifier(cv=0, min_df=1).fit(X, y)
    >>> out = Path(tempfile.mkdtemp()) / "mine"
    >>> save_model(clf, out, {}).name.startswith("model-")
    True
    >>> read_manifest(out)["labels"]
    {'stance': ['warning', 'cooperation'], 'side': ['china', 'joint']}
    >>> load_model(out, trusted=True).predict(X[:2])["stance"]
    ['warning', 'cooperation']
    >>> import shutil; shutil.rmtree(out.parent)
    """
    manifest = _completed_manifest(model, manifest)  # before anything is written
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        old = read_manifest(directory) if (directory / MANIFEST).exists() else None
    except ModelLoadError:
        old = None  # a damaged previous model: replace it, remove nothing
    if old is not None:
        _remove_orphans(directory, old)  # left by an earlier save that was killed
        card_path = directory / CARD
        if card is not None and (not card_path.exists() or old["artifact_sha256"] not in card_path.read_text(encoding="utf-8")):
            _atomic_write_bytes(card_path, card(old).encode())  # the card of a killed save: describe the model there
    name, digest = _dump(_without_manifest(model), directory, "model")
    export = write_export(model.compile(), directory) if hasattr(model, "compile") else {}
    manifest = dict(manifest, protocol=PROTOCOL, artifact=name, artifact_sha256=digest, **export)
    # the card is rendered and written beside the manifest first, then both are put in place one
    # right after the other, so a crash leaves at worst an old card, which the next save repairs
    staged = _stage_bytes(directory / CARD, card(manifest).encode()) if card is not None else None
    _atomic_write_bytes(directory / MANIFEST, (json.dumps(manifest, indent=2, sort_keys=False) + "\n").encode())
    if staged is not None:
        os.replace(staged, directory / CARD)
    _remove_orphans(directory, manifest)
    # the model in memory is the one saved: named by its artifact, as the model loaded back is (model_id); so
    # labels written after the save name a file that exists
    mark_saved(model, read_manifest(directory))
    return directory / name


#: A model's attributes that say where it was loaded from, not what it is (see :func:`model_state`).
_NOT_STATE = frozenset({"manifest_"})


def model_state(model: Any) -> dict[str, Any] | None:
    """What a model is, apart from where it was loaded from: its attributes (``__dict__``) without
    ``manifest_``, the manifest :func:`load_model` read it with; None for an object without attributes.

    What a saved artifact holds (:func:`save_model`, attributes in sorted
    order) and what :func:`canonical_state` (which
    :func:`stancelib.batch.model_fingerprint` and :func:`model_id` digest)
    starts from, so that neither depends on the directory a model was loaded from.
    """
    attributes = getattr(model, "__dict__", None)
    if attributes is None:
        return None
    return {k: v for k, v in attributes.items() if k not in _NOT_STATE}


class LoadedManifest(dict):
    """A model's ``manifest_``: the manifest :func:`load_model` loaded it with (or :func:`save_model` saved
    it with, :func:`mark_saved`), which names the model (:func:`model_id`) until the model changes.

    A ``dict`` (equal to the manifest read from the file), so every reader of
    ``manifest_`` works as before; its class tells a manifest stancelib
    attached from one set by hand or carried in an old pickle, which names
    nothing. ``fit`` and ``set_params`` drop it (:class:`stancelib._manifest.ManifestMixin`).
    """

    def model_id(self, model: Any = None) -> str:
        """The id this manifest gives its model (:func:`manifest_model_id`); ``model`` is accepted for the
        callers that pass the model it is attached to."""
        return manifest_model_id(self)


def _loaded(model: Any, manifest: dict[str, Any]) -> None:
    """Set ``model.manifest_`` to ``manifest``: the model is the one it describes."""
    model.manifest_ = LoadedManifest(manifest)


def mark_saved(model: Any, manifest: dict[str, Any]) -> None:
    """Name ``model`` by the artifact :func:`save_model` has just written of it: set its ``manifest_`` to
    ``manifest`` (that directory's, as :func:`read_manifest` reads it), as :func:`load_model` does for a
    model it loads.

    So :func:`model_id` gives the model the name its saved copy has (until it is refitted or given other
    parameters), as it does the model loaded back. The artifact is written without ``manifest_``
    (:func:`model_state`): setting it changes nothing saved, and nothing the model predicts.
    """
    _loaded(model, manifest)


def manifest_model_id(manifest: dict[str, Any]) -> str:
    """The id of the model a manifest describes: its artifact's name without the suffix
    (``model-6e1cd95d1739c244``); for an export made into another folder, the artifact it was exported from
    (``exported_from``); for an older such export, which did not record it, its arrays' file
    (``compiled-31c8a8f2f39cdc16``)."""
    for key in ("artifact", "exported_from", "compiled"):
        name = manifest.get(key)
        if isinstance(name, str) and name:
            return Path(name).name.split(".", 1)[0]
    raise ModelLoadError("the manifest names no model file ('artifact' or 'compiled'); it is incomplete")


#: The prefix of :func:`model_id` for a model that no manifest describes (never saved, or changed since loaded).
UNSAVED = "unsaved-"


def model_id(model: Any = None) -> str:
    """Which model this is, as a short name to record beside its labels.

    For the bundled model and a saved one (a model directory or one of its
    files, a model :func:`load_model` loaded, or the model of
    :func:`save_model` or ``train(out=...)``), the name of its artifact in its manifest, e.g.
    ``model-6e1cd95d1739c244`` (the first 16 hex digits of the artifact's
    sha256): the estimator and its safe export share it, since they label
    alike. A model that no manifest describes (fitted in this session, or
    refitted or given other parameters after it was loaded or saved:
    ``fit`` and ``set_params`` drop its ``manifest_``) is ``unsaved-`` and 16
    hex digits of a digest of what it computes (:func:`state_hash`: its
    state with attributes in sorted order and without what records the
    process), the stancelib version and the feature revision (a model that
    cannot be pickled has no such digest: ``unsaved-0000000000000000``).
    The same data and parameters give the same id in any process, whether
    the model was fitted afresh, cloned and fitted, loaded and refitted,
    copied, or pickled and unpickled, and before or after it first predicts.
    Save a model (:func:`save_model`, ``train(out=...)``) to give it the
    lasting name of its artifact; an ``unsaved-`` id only tells models
    apart.
    ``stancelib classify --format jsonl/csv`` writes it beside every label
    (``model``), :meth:`stancelib.Comparison.to_dict` records it, and
    ``stancelib --version`` prints the bundled model's.

    A saved model is named by a look-up in its manifest, not by hashing the
    model on every call: a fitted attribute changed by hand
    (``model.coef_ = ...``) goes unnoticed, and the model keeps its file's
    name. To name such a model by its state, drop the manifest first
    (``del model.manifest_``).

    Parameters
    ----------
    model : model, str, path-like or None, default=None
        None for the bundled model; a model directory, ``"accurate"`` or a
        file of a model directory (``model-*.joblib``, ``compiled-*.npz``,
        ``compiled-*.json``, ``manifest.json``): only its manifest is read,
        nothing is loaded, unpickled or verified (:func:`load_model`
        verifies the files when it loads them); or a model.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        ``model`` is none of these (a number, bytes, a list): the message
        names what it got.
    FileNotFoundError
        Nothing exists at the path.
    ModelLoadError
        The path is not a model, or no manifest names it (a ``.joblib``
        saved without one: its name is in no manifest, and naming it by its
        state needs it unpickled; load it with ``load_model(path,
        trusted=True)`` if you trust it, and pass the model). Its
        subclass ``ModelVersionError``: a manifest of a newer format.
    sklearn.exceptions.NotFittedError
        ``model`` is not fitted (it has no ``classes_``): it labels
        nothing, so there is nothing to name. A ``ValueError``.

    Examples
    --------
    >>> model_id().startswith("model-"), model_id() == model_id(load_model()) == model_id(bundled_dir())
    (True, True)
    >>> from stancelib import ReadoutClassifier
    >>> X = ["Xi warned against arms sales to Taiwan.", "The two sides agreed to resume talks."] * 3
    >>> model_id(ReadoutClassifier(cv=0, min_df=1).fit(X, {"stance": ["warning", "cooperation"] * 3}))[:8]
    'unsaved-'
    >>> mine = load_model()
    >>> model_id(mine.set_params(context_weight=0.0))[:8]  # no longer the bundled model
    'unsaved-'
    """
    if model is None:
        return manifest_model_id(read_manifest(bundled_dir()))
    if isinstance(model, (str, os.PathLike)):
        return _path_model_id(model)
    if not callable(getattr(model, "predict", None)):  # no model at all: not "unfitted"
        raise TypeError(f"model_id() expected a model, a path to one, 'accurate' or None (the bundled model), "
                        f"got {type(model).__name__}")
    if not hasattr(model, "classes_"):  # every fitted model has its label sets; a digest would name a blank
        from sklearn.exceptions import NotFittedError

        raise NotFittedError(f"This {type(model).__name__} is not fitted (it has no classes_), so it has labelled "
                             "nothing and has no id; fit it first (or use stancelib.train()), or load a saved "
                             "model with stancelib.load_model(path)")
    manifest = getattr(model, "manifest_", None)
    if isinstance(manifest, LoadedManifest):  # attached by load_model or train(out=), dropped by any change since
        return manifest.model_id()
    return UNSAVED + state_digest(model)[:16]


def _path_model_id(path: str | os.PathLike[str]) -> str:
    """:func:`model_id` of a path: the id its manifest gives, read without loading anything."""
    if isinstance(path, str) and path == ACCURATE:
        directory = accurate_dir()
        if not (directory / MANIFEST).exists():
            raise ModelLoadError(NO_ACCURATE_MODEL)
        return manifest_model_id(read_manifest(directory))
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"No model at {p}")
    if p.is_file() and p.name == MANIFEST:
        p = p.parent
    _check_is_model(p)  # a file or folder that is no model at all is named as such
    if p.is_dir():
        return manifest_model_id(read_manifest(p))
    if not (p.parent / MANIFEST).exists():
        raise ModelLoadError(f"No {MANIFEST} beside {p}, so no manifest names this model, and naming it by its "
                             "state would unpickle it (which runs its code). If you trust the file, load it with "
                             "load_model(path, trusted=True) and pass the model: model_id(model)")
    manifest = read_manifest(p.parent)
    named = sorted(_named_file(p.parent, manifest[key]).name for key in _FILE_KEYS if key in manifest)
    if p.name not in named:
        raise ModelLoadError(f"{p.name} is not a file its manifest names ({', '.join(named)}); pass the model's "
                             f"directory ({p.parent}) or one of those files")
    return manifest_model_id(manifest)


def state_digest(model: Any) -> str:
    """A hex digest of a model's whole state (:func:`state_hash`); for a model that cannot be pickled,
    zeros: an id must not change from call to call (where the cache's fingerprint,
    :func:`stancelib.batch.model_fingerprint`, is new each time)."""
    digest = state_hash(model)
    return "0" * 16 if digest is None else digest


def state_hash(model: Any) -> str | None:
    """A hex sha256 of what a model is now: its class, its canonical state (:func:`canonical_state`: what it
    computes, not where it was loaded from, how it was copied or whether it has predicted), the stancelib
    version and the feature revision (a new stancelib may label the same model's sentences otherwise); None
    for a model that cannot be pickled.

    The one digest of a model's state: :func:`model_id` names an unsaved model by it
    (:func:`state_digest`), :func:`stancelib.batch.model_fingerprint` keys the ``datasets`` cache with it.
    Equal models get equal digests, in any process: fitted afresh or loaded and refitted, copied, pickled
    and unpickled, before and after they first predict. The state is encoded into the hash as it is walked
    (:class:`_CanonicalEncoder`), not into memory.
    """
    from . import __version__
    from ._lexfeatures import FEATURE_REVISION

    digest = hashlib.sha256(f"{type(model).__module__}.{type(model).__qualname__}|{__version__}|"
                            f"{FEATURE_REVISION}|".encode())
    try:
        state = canonical_state(model)
        _CanonicalEncoder(digest.update).feed(model if state is None else state)
    except Exception:  # anything at all can fail to pickle: such a model has no digest of its state
        return None
    return digest.hexdigest()


#: Attributes that record this process, not the model, left out of every object's state by :func:`state_hash`:
#: scikit-learn's ``TfidfVectorizer`` sets ``_stop_words_id = id(self.stop_words)``, a memory address, on every
#: ``transform``.
_VOLATILE = frozenset({"_stop_words_id"})


def canonical_state(model: Any) -> dict[str, Any] | None:
    """The state :func:`state_hash` digests: what a model computes, and nothing else.

    The model's ``__getstate__()`` (what pickling and copying keep: a
    ``ReadoutClassifier`` leaves out the revision its manifest records and
    parameters at their old defaults, an ``EncoderClassifier`` its rebuilt
    network, a ``CompiledModel`` its caches), without ``manifest_`` (where it
    was loaded from, :func:`model_state`) and without attributes that record
    the process (``_stop_words_id``). Its nested objects are read the same
    way when digested (:class:`_CanonicalEncoder`). None for an object without
    attributes.
    """
    if getattr(model, "__dict__", None) is None:
        return None
    getstate = getattr(model, "__getstate__", None)
    state = getstate() if callable(getstate) else None
    if not isinstance(state, dict):  # object's default with slots, or a state of another kind: the attributes
        state = vars(model)
    return {k: v for k, v in state.items() if k not in _NOT_STATE and k not in _VOLATILE}


class _CanonicalEncoder:
    """Writes an encoding of an object graph that depends on its values alone (``write`` takes bytes).

    What pickle writes depends on more than the values: a dict's (an
    object's attributes') insertion order, a set's hash order (which varies
    with ``PYTHONHASHSEED``), and which equal objects are one object (pickle
    refers back to an object it has written). Here dicts are written with
    their keys sorted, sets with their elements sorted, every object in full
    wherever it occurs (a cycle refers back by depth), an object by its
    class and what ``__reduce_ex__`` (so ``__getstate__``) gives, without
    :data:`_VOLATILE` attributes, and lists and tuples alike. Every item is
    tagged and its length given, so that two values never write the same
    bytes. An object pickle refuses (a lambda) raises.
    """

    #: types whose str-keyed dicts are written as one sorted JSON text (a vectorizer's vocabulary: fast)
    _JSON_SCALARS = (str, int, float, bool, type(None))

    def __init__(self, write: Callable[[Any], Any]) -> None:
        self.write = write
        self.open: dict[int, tuple[int, Any]] = {}  # the containers being written: id -> (depth, the object)

    @staticmethod
    def item(tag: bytes, data: bytes) -> bytes:
        return tag + str(len(data)).encode() + b":" + data

    def encoded(self, obj: Any) -> bytes:
        """The bytes :meth:`feed` writes for ``obj`` alone (a key to sort by)."""
        chunks: list[Any] = []
        _CanonicalEncoder(chunks.append).feed(obj)
        return b"".join(chunks)

    def feed(self, obj: Any) -> None:  # noqa: C901 - one branch per kind of value
        import types

        import numpy as np

        t = type(obj)
        if obj is None:
            self.write(b"N")
        elif t is bool:
            self.write(b"T" if obj else b"F")
        elif t is int:
            self.write(self.item(b"i", hex(obj).encode()))
        elif t is float:
            self.write(self.item(b"f", obj.hex().encode()))
        elif t is complex:
            self.write(self.item(b"c", f"{obj.real.hex()},{obj.imag.hex()}".encode()))
        elif t is str:
            self.write(self.item(b"s", obj.encode("utf-8", "surrogatepass")))
        elif t is bytes or t is bytearray:
            self.write(self.item(b"b", bytes(obj)))
        elif isinstance(obj, np.ndarray) and not obj.dtype.hasobject:
            data = np.ascontiguousarray(obj)
            try:
                buffer: Any = memoryview(data).cast("B")  # no copy
            except (TypeError, ValueError):  # a dtype the buffer protocol does not take (datetime64)
                buffer = data.tobytes()
            self.write(self.item(b"A", repr((self.dtype_name(obj.dtype), obj.shape)).encode()))
            self.write(str(len(buffer)).encode() + b":")
            self.write(buffer)
        elif isinstance(obj, np.generic) and not obj.dtype.hasobject:
            self.write(self.item(b"g", self.dtype_name(obj.dtype).encode()))
            self.write(self.item(b"", obj.tobytes()))
        elif isinstance(obj, np.dtype):
            self.write(self.item(b"t", self.dtype_name(obj).encode()))
        elif isinstance(obj, type) or t is types.FunctionType or (
                t is types.BuiltinFunctionType and isinstance(getattr(obj, "__self__", None), (types.ModuleType,
                                                                                            type(None)))):
            self.write(self.item(b"G", self.global_name(obj, getattr(obj, "__qualname__", None)).encode()))
        elif id(obj) in self.open:  # a cycle: refer back to the container by how deep it is open
            self.write(self.item(b"@", str(len(self.open) - self.open[id(obj)][0]).encode()))
        else:
            self.open[id(obj)] = (len(self.open), obj)
            try:
                self.container(obj, t)
            finally:
                del self.open[id(obj)]

    def container(self, obj: Any, t: type) -> None:
        import numpy as np

        if t is list or t is tuple:
            self.write(self.item(b"l", str(len(obj)).encode()))
            for value in obj:
                self.feed(value)
        elif t is dict:
            self.mapping(obj)
        elif t is set or t is frozenset:
            keys = sorted(self.encoded(value) for value in obj)
            self.write(self.item(b"S", str(len(keys)).encode()))
            for key in keys:
                self.write(key)
        elif t is np.ndarray:  # of objects: element by element, in C order
            self.write(self.item(b"O", repr((self.dtype_name(obj.dtype), obj.shape)).encode()))
            for value in obj.ravel(order="C"):
                self.feed(value)
        else:
            self.reduced(obj)

    def mapping(self, d: dict[Any, Any]) -> None:
        import numpy as np

        if all(type(k) is str for k in d):
            keys = sorted(d)
            values = [d[k] for k in keys]
            if all(type(v) in self._JSON_SCALARS for v in values):  # a vocabulary of ints: one JSON text
                text = json.dumps([keys, values], ensure_ascii=True, separators=(",", ":"))
                self.write(self.item(b"J", text.encode("ascii")))
                return
            kinds = {type(v) for v in values}
            if len(kinds) == 1 and issubclass(kinds.pop(), np.generic) and not values[0].dtype.hasobject:
                array = np.array(values)  # numpy scalars of one type (a vocabulary of int64): their bytes
                if array.dtype == values[0].dtype:
                    text = json.dumps(keys, ensure_ascii=True, separators=(",", ":"))
                    self.write(self.item(b"K", text.encode("ascii")))
                    self.feed(array)
                    return
            self.write(self.item(b"d", str(len(d)).encode()))
            for key, value in zip(keys, values):
                self.feed(key)
                self.feed(value)
            return
        pairs = sorted(((self.encoded(k), v) for k, v in d.items()), key=lambda pair: pair[0])
        self.write(self.item(b"d", str(len(pairs)).encode()))
        for key, value in pairs:
            self.write(key)
            self.feed(value)

    def reduced(self, obj: Any) -> None:
        """Any other object, as pickle takes it apart: ``__reduce_ex__(4)`` (for an instance of a plain class:
        its class and its ``__getstate__()``)."""
        rv = obj.__reduce_ex__(4)
        if isinstance(rv, str):  # a module-level singleton, pickled by name
            self.write(self.item(b"G", self.global_name(obj, rv).encode()))
            return
        func, args, state, listitems, dictitems, setter = (tuple(rv) + (None,) * 6)[:6]
        if isinstance(state, dict):
            state = {k: v for k, v in state.items() if k not in _VOLATILE}
        elif isinstance(state, tuple) and len(state) == 2 and isinstance(state[0], dict):  # (dict, slots)
            state = ({k: v for k, v in state[0].items() if k not in _VOLATILE}, state[1])
        self.write(b"R")
        for part in (func, args, state, None if listitems is None else list(listitems),
                     None if dictitems is None else dict(dictitems), setter):
            self.feed(part)

    @staticmethod
    def dtype_name(dtype: Any) -> str:
        """A dtype as text: ``<f4``; a structured one by its fields (``|V8`` alone would not tell two apart)."""
        import numpy as np

        if dtype.fields is None and dtype.subdtype is None:
            return dtype.str
        return repr(np.lib.format.dtype_to_descr(dtype))

    @staticmethod
    def global_name(obj: Any, name: Any) -> str:
        """``module:qualified name`` of a class, function or singleton, if pickle can find it by that name."""
        module = getattr(obj, "__module__", None)
        target: Any = sys.modules.get(module) if isinstance(module, str) else None
        for part in str(name).split("."):
            target = getattr(target, part, None)
        if target is not obj:
            raise TypeError(f"{obj!r} cannot be found by its name {module}.{name}, so it cannot be pickled")
        return f"{module}:{name}"


def _without_manifest(model: Any) -> Any:
    """``model`` as it is pickled into an artifact: its :func:`model_state` (without ``manifest_``), its
    attributes in sorted order.

    That manifest names the artifact the model came from and its sha256, so a
    loaded model saved again would carry a stale description of itself into the
    new artifact, whose bytes would then depend on where the model was loaded
    from rather than on the model. The order is sorted because pickle writes an
    object's attributes in the order they were set, which differs between a
    fresh fit and a model loaded (and maybe refitted) with the same state: the
    same model saves to the same bytes either way. ``model`` itself is left as
    it is: a shallow copy (the same fitted arrays, no copy of them) is pickled.
    """
    state = model_state(model)
    if state is None:  # no attributes: the model itself
        return model
    bare = object.__new__(type(model))
    bare.__dict__.update(sorted(state.items(), key=lambda item: str(item[0])))
    return bare


def _completed_manifest(model: Any, manifest: Any) -> dict[str, Any]:
    """A copy of ``manifest`` with what :func:`load_model` needs that the model itself knows, or an error.

    A saved directory must load: without ``labels`` :func:`read_manifest`
    refuses it, with labels other than the model's :func:`load_model` does,
    without ``versions`` the scikit-learn check on load is skipped, and
    without ``feature_revision`` a ``ReadoutClassifier`` loads with a
    :class:`ModelFeatureWarning`. Entries the caller gave are kept. The
    revision recorded is the model's own: stamping the installed one on a
    model trained under another would silence the warning its features call for.
    """
    from collections.abc import Mapping

    from .encoder import EncoderClassifier
    from .model import ReadoutClassifier

    if not isinstance(model, (ReadoutClassifier, EncoderClassifier)):
        raise TypeError(f"save_model() saves a fitted stancelib ReadoutClassifier or EncoderClassifier, got "
                        f"{type(model).__name__}; load_model() would refuse any other object")
    classes = getattr(model, "classes_", None)
    if not isinstance(classes, Mapping) or not classes:
        raise ValueError(f"This {type(model).__name__} is not fitted (it has no classes_); fit it before "
                         "save_model()")
    if not isinstance(manifest, Mapping):
        raise TypeError(f"save_model() expects the manifest as a dict (e.g. {{}}), got {type(manifest).__name__}")
    labels = {str(f): [str(c) for c in v] for f, v in classes.items()}
    out = dict(manifest)
    given = out.setdefault("labels", labels)
    if given != labels:
        raise ValueError(f"manifest['labels'] is {given!r}, but the model predicts {labels!r}; load_model() would "
                         "refuse the directory. Leave 'labels' out: save_model() records the model's own")
    out.setdefault("versions", runtime_versions(extra=getattr(model, "runtime_packages", ())))
    if isinstance(model, ReadoutClassifier):
        revision = getattr(model, "feature_revision_", None)
        if revision is None and "feature_revision" not in out:
            from ._lexfeatures import FEATURE_REVISION

            raise ValueError(
                "This ReadoutClassifier does not record the feature revision it was trained under (it was "
                "unpickled from a bare file, not loaded from a model directory, whose manifest records it); "
                "save_model() will not guess, since a wrong revision hides or fakes the ModelFeatureWarning of "
                "a model trained under another one. Give it: save_model(model, DIR, {'feature_revision': N}), "
                "with N from the manifest it came with, or refit the model with this stancelib (feature "
                f"revision {FEATURE_REVISION})")
        if revision is not None:
            given = out.setdefault("feature_revision", revision)
            if given != revision:
                raise ValueError(f"manifest['feature_revision'] is {given!r}, but the model was trained under "
                                 f"feature revision {revision!r}; load_model() would then warn (or stay silent) "
                                 "wrongly. Leave 'feature_revision' out: save_model() records the model's own")
    else:
        out.setdefault("estimator", type(model).__name__)  # no lexical features: no revision to check
    return out


def _remove_orphans(directory: Path, manifest: dict[str, Any]) -> None:
    """Delete the artifacts and temporary files of ours in ``directory`` that ``manifest`` does not name."""
    keep = {Path(str(manifest.get(k))).name for k in _FILE_KEYS if manifest.get(k)}
    for pattern in ("model-*.joblib", "compiled-*.joblib", "compiled-*.npz", "compiled-*.json",
                    ".model.*.joblib.tmp", ".compiled.*.joblib.tmp", ".compiled.npz.*.tmp", ".compiled.json.*.tmp",
                    f".{MANIFEST}.*.tmp", f".{CARD}.*.tmp"):
        for path in directory.glob(pattern):
            if path.name not in keep:
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass


def read_manifest(directory: str | Path) -> dict[str, Any]:
    """Read and check a model directory's manifest."""
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelLoadError(f"No {MANIFEST} in {directory}; not a stancelib model directory") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelLoadError(f"{path} is not valid JSON ({exc}); the model directory is damaged, retrain it") from None
    if not isinstance(manifest, dict):
        raise ModelLoadError(f"{path} must hold a JSON object, got {type(manifest).__name__}")
    protocol = manifest.get("protocol")
    if protocol == 1:
        # protocol 1 differs only by its pickled export, which is never loaded now: the estimator still
        # loads (trusted), and `stancelib export DIR DIR` adds the safe export
        manifest = {k: v for k, v in manifest.items() if k not in ("compiled", "compiled_sha256")}
        protocol = manifest["protocol"] = PROTOCOL
    if isinstance(protocol, int) and not isinstance(protocol, bool) and protocol > PROTOCOL:
        # a newer stancelib wrote it: retraining would need the training data, which whoever shared the
        # model rarely sends along; the newer stancelib reads it as it is
        from . import __version__

        versions = manifest.get("versions")
        made_by = versions.get("stancelib") if isinstance(versions, dict) else None
        if not isinstance(made_by, str) or made_by == __version__:  # unrecorded, or a development build
            made_by = None
        raise ModelVersionError(
            f"{path} has format protocol {protocol}, written by a newer stancelib"
            + (f" ({made_by})" if made_by else "")
            + f"; this stancelib ({__version__}) reads protocol {PROTOCOL} and older. Upgrade stancelib"
            + (f" to {made_by} or later" if made_by else "")
            + " to load it (e.g. pip install --upgrade stancelib); the model need not be retrained"
        )
    if protocol != PROTOCOL:
        raise ModelVersionError(
            f"{path} has format protocol {protocol!r}; this stancelib reads protocol {PROTOCOL}. "
            "Retrain the model with this version: stancelib train --data DATA --out DIR"
        )
    if "labels" not in manifest:
        raise ModelLoadError(f"{path} lacks 'labels'; the manifest is incomplete, retrain the model")
    if "artifact" not in manifest and "compiled" not in manifest:
        raise ModelLoadError(f"{path} names no model file ('artifact' or 'compiled'); the manifest is incomplete, "
                             "retrain the model")
    if ("compiled" in manifest) != ("compiled_json" in manifest):
        raise ModelLoadError(f"{path} names only one of the export's two files ('compiled', 'compiled_json'); "
                             "the manifest is incomplete, export the model again: stancelib export DIR OUT")
    for key in _FILE_KEYS:
        if key not in manifest:
            continue
        value = manifest.get(f"{key}_sha256", "")
        if not (isinstance(value, str) and len(value) == 64):
            raise ModelIntegrityError(f"{path} has {key}_sha256 {value!r}, not a sha256 digest; the manifest was "
                                      "changed after training and is refused. Reinstall stancelib or retrain the model.")
        if not isinstance(manifest[key], str):
            raise ModelIntegrityError(f"{path} names the {key} {manifest[key]!r}, not a file name; refused")
    return manifest


_cache: dict[tuple[str, str], Any] = {}


#: The bundled model once loaded. It is never handed out (``load_model()`` returns copies of it), so it
#: cannot change while the process runs.
_bundled: list[Any] = []


def clear_cache() -> None:
    """Forget loaded models (the next load reads and verifies the file again)."""
    with _lock:
        _cache.clear()
        _bundled.clear()
        _bundled_compiled.clear()
_lock = threading.Lock()


def _is_inside_package(path: Path) -> bool:
    try:
        path.resolve().relative_to(bundled_dir())
        return True
    except ValueError:
        return False


#: Suffixes of the files ``load_model`` takes: those a model directory holds, and a pickled estimator's other
#: usual names (``joblib.dump`` compresses by the suffix: ``.joblib.gz`` ...), which load only with ``trusted=True``.
MODEL_FILE_SUFFIXES = (".joblib", ".npz", ".json", ".pkl", ".pickle", ".gz", ".bz2", ".xz", ".lzma", ".z")


def _check_is_model(path: Path) -> None:
    """Refuse a path that cannot be a model before any question of trust.

    A directory must hold ``manifest.json`` or a ``model-*.joblib``; a file
    must be a ``.joblib``, ``.npz`` or ``.json`` (the files a model directory
    holds) or a pickle's other usual name (``.pkl``, ``.pickle``, and the
    compressed ``.joblib.gz``, ``.pkl.xz`` ...). Anything else is not a model,
    so asking the user to trust it as a pickle would be wrong. The bundled model's directory is left to
    :func:`load_model`, whose message for it says to reinstall.
    """
    if _is_inside_package(path if path.is_dir() else path.parent):
        return
    if path.is_dir():
        if (path / MANIFEST).exists() or any(path.glob("model-*.joblib")):
            return
        others = sorted(q.name for q in path.glob("*.joblib"))
        hint = (f"; to load {others[0]}, pass that file itself" if others else
                "; pass the directory `stancelib train --out` or `stancelib export` wrote")
        raise ModelLoadError(f"No {MANIFEST} or model-*.joblib in {path}: not a stancelib model directory{hint}")
    compressed = path.suffix.lower() in (".gz", ".bz2", ".xz", ".lzma", ".z")
    if path.suffix.lower() not in MODEL_FILE_SUFFIXES or compressed and Path(path.stem).suffix.lower() not in (
            ".joblib", ".pkl", ".pickle"):
        raise ModelLoadError(
            f"{path} is not a stancelib model file (a model is a directory with {MANIFEST} and model-*.joblib "
            "or compiled-*.npz/.json); pass the model's directory, or its model-*.joblib"
        )


#: Values that ``copy.deepcopy`` returns as they are, and that hold nothing to walk into.
_ATOMS = frozenset({str, int, float, bool, complex, bytes, type(None)})


def _walked(root: Any) -> Iterator[tuple[Any, set[type]]]:
    """Each dict, list, tuple, set and frozenset of ``root``'s object graph once (objects' attribute dicts
    among them), with the types of what it holds (a dict: its keys and values).

    Arrays, numpy scalars and dtypes, classes and what is held only in slots are not walked into, nor is a
    container of :data:`_ATOMS` and numpy scalars (a vocabulary: its 136,000 entries are typed in C, not walked).
    """
    import numpy as np

    seen = {id(root)}
    todo = [root]
    while todo:
        obj = todo.pop()
        if isinstance(obj, (dict, list, tuple, set, frozenset)):
            kinds = set(map(type, obj))
            if isinstance(obj, dict):
                kinds.update(map(type, obj.values()))
            yield obj, kinds
            if all(k in _ATOMS or issubclass(k, np.generic) for k in kinds):
                continue
            for child in ([*obj, *obj.values()] if isinstance(obj, dict) else obj):
                if type(child) not in _ATOMS and id(child) not in seen:
                    seen.add(id(child))
                    todo.append(child)
        elif not isinstance(obj, (np.ndarray, np.generic, np.dtype, type)):
            state = getattr(obj, "__dict__", None)
            if isinstance(state, dict) and id(state) not in seen:
                seen.add(id(state))
                todo.append(state)


def _own_copy(model: Any) -> Any:
    """``copy.deepcopy(model)``, with each dict and list of plain values (a vectorizer's vocabulary) copied whole.

    ``copy.deepcopy`` copies a dict entry by entry, in Python: the bundled estimator's two vocabularies, 180,000
    entries, were most of the 0.2 s a copy took. A dict or list whose entries are all :data:`_ATOMS` (which
    deepcopy returns as they are) gets ``.copy()``: what deepcopy makes of it. One that also holds numpy scalars
    (the character vocabulary's int64 indices) shares them with the original instead of holding equal new
    ones: they are immutable, and every place in the copy that held one scalar still holds one.
    """
    import copy

    import numpy as np

    memo: dict[int, Any] = {}
    for container, kinds in _walked(model):
        if type(container) not in (dict, list) or not all(k in _ATOMS or issubclass(k, np.generic) for k in kinds):
            continue
        if any(issubclass(k, np.void) for k in kinds):  # a structured scalar can be a view into an array
            continue
        memo[id(container)] = container.copy()
        if not kinds <= _ATOMS:
            memo.update((id(v), v) for v in (container.values() if type(container) is dict else container)
                        if type(v) not in _ATOMS)
    return copy.deepcopy(model, memo)


def _unpickle(artifact: Path, manifest: dict[str, Any] | None, data: bytes | None = None) -> Any:
    """The model pickled in ``artifact``, from ``data`` (its bytes, already read and checked) when given."""
    import io
    import warnings

    import joblib
    import sklearn

    made_with = (manifest or {}).get("versions", {}).get("scikit-learn")
    if made_with and made_with != sklearn.__version__:
        raise ModelVersionError(
            f"{artifact.name} was trained with scikit-learn {made_with}, but {sklearn.__version__} is "
            "installed; a pickled model is only reliable under the version that made it. Retrain it: "
            "`stancelib train --data DATA --out DIR` (or, for the bundled model, `python -m training.train`), "
            f"or install scikit-learn=={made_with}."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", sklearn.exceptions.InconsistentVersionWarning)
            model = joblib.load(io.BytesIO(data) if data is not None else artifact)
    except sklearn.exceptions.InconsistentVersionWarning as exc:
        raise ModelVersionError(
            f"{artifact} was made with scikit-learn {exc.original_sklearn_version}, not the installed "
            f"{exc.current_sklearn_version}. Retrain it: `stancelib train --data DATA --out DIR`."
        ) from None
    except Exception as exc:  # unpickling raises anything at all
        raise ModelLoadError(
            f"Could not load {artifact}: {type(exc).__name__}: {exc}. The file is damaged or was made by "
            "incompatible software; retrain it with `stancelib train`."
        ) from exc
    from .encoder import EncoderClassifier
    from .model import ReadoutClassifier

    if not isinstance(model, (ReadoutClassifier, EncoderClassifier)):
        raise ModelLoadError(f"{artifact} holds a {type(model).__name__}, not a stancelib ReadoutClassifier "
                             "or EncoderClassifier")
    if manifest is not None and hasattr(model, "classes_"):
        labels = {k: list(v) for k, v in model.classes_.items()}
        if labels != manifest["labels"]:
            raise ModelIntegrityError(
                f"The manifest beside {artifact.name} lists labels {manifest['labels']}, but the model "
                f"predicts {labels}; the manifest does not describe this model. Retrain it."
            )
    return model


def load_model(path: str | Path | None = None, *, trusted: bool = False
               ) -> "ReadoutClassifier | EncoderClassifier | CompiledModel":
    """Load a trained model: the bundled one by default. Each call returns a model of your own.

    The files are read, verified and unpickled once per path and process;
    each call returns a deep copy of that cached model, so that refitting it
    (``set_params``, ``fit``) or changing an attribute changes only the
    caller's copy, never what ``load_model()``, :meth:`SentenceLabel.explain
    <stancelib.api.SentenceLabel.explain>` or another caller in the process
    gets. Copying the bundled estimator takes about 0.02 s (loading it the
    first time about 0.7 s, plus about 1 s to import scikit-learn); to label
    with one model many times, load it once and pass it along
    (``classify(text, model=m)``), or pass ``model=None`` to use the bundled
    model's own cached export.

    Parameters
    ----------
    path : path or "accurate", default=None
        A model directory (with ``manifest.json``; its ``manifest.json``
        names it too) or a ``.joblib`` file. A directory without
        ``manifest.json`` or ``model-*.joblib``, and a file of another kind,
        are refused as not a model before any question of trust. None
        loads the model that ships inside the package; ``"accurate"``
        the accurate tier (a fine-tuned all-MiniLM-L6-v2,
        :class:`~stancelib.encoder.EncoderClassifier`), which needs the
        ``embeddings`` extra and a model built into the package by
        ``python -m training.train --config training/accurate.json``
        (releases ship none; the error says why). A directory named
        ``accurate`` is ``"./accurate"``.
    trusted : bool, default=False
        Loading a joblib file runs code from it. Models outside the package,
        and files without a manifest, load only with ``trusted=True``: say so
        only for files you made or got from someone you trust.

    Returns
    -------
    ReadoutClassifier, EncoderClassifier or CompiledModel
        A new copy, the caller's own: the estimator
        (:class:`~stancelib.ReadoutClassifier`: ``fit``, ``predict_proba``,
        ``explain``) for the bundled model, and for a directory when
        ``trusted`` is True and it holds ``model-*.joblib``; for
        ``"accurate"``, the accurate tier's
        :class:`~stancelib.encoder.EncoderClassifier`. Otherwise the
        directory's safe export (:class:`~stancelib.compiled.CompiledModel`:
        ``predict_proba``, ``predict``, ``classes_``, ``schema_``; its
        ``explain`` raises ``TypeError``, naming the estimator to load), which
        loads without ``trusted`` because reading it runs no code from the
        files. Each labels as the model it is: pass it as the ``model`` of
        ``classify``, ``classify_sentences``, ``classify_documents``,
        ``compare`` or ``compare_sides``.

    Raises
    ------
    FileNotFoundError
        Nothing exists at ``path``.
    UntrustedModelError
        The file is a pickle outside the package and ``trusted`` is False.
    ModelIntegrityError
        The artifact's sha256 differs from its manifest (tampered, truncated).
    ModelVersionError
        Another scikit-learn or format version made it; the message gives the
        remedy: the retrain command for another scikit-learn or an older
        format, an upgrade of stancelib for a newer format.
    ModelLoadError
        ``path`` is not a model (no ``manifest.json`` or ``model-*.joblib``
        in the directory, or a file that is not ``.joblib``, ``.npz``,
        ``.json`` or another pickle's name such as ``.pkl`` or
        ``.joblib.gz``), or any other reason the model cannot be used.
    ImportError
        ``"accurate"`` without the ``embeddings`` extra; the message names it.

    Examples
    --------
    >>> mine = load_model()
    >>> mine is load_model()  # a copy of one's own: refitting it changes no one else's model
    False
    >>> mine.set_params(context_weight=0.0).context_weight, load_model().context_weight > 0
    (0.0, True)
    """
    return _own_copy(load_shared_model(path, trusted=trusted))


def load_shared_model(path: str | Path | None = None, *, trusted: bool = False) -> Any:
    """The model :func:`load_model` copies: loaded, verified and cached once per path and process.

    For stancelib's own readers (``classify(model=DIR)``, :meth:`SentenceLabel.explain
    <stancelib.api.SentenceLabel.explain>`, ``export_model``, the command line), not
    exported from the package: whatever uses it must not change it, since every
    later caller gets it.
    """
    if isinstance(path, str) and path == ACCURATE:
        return _load_accurate()
    if path is None and _bundled:
        return _bundled[0]
    if path is None:
        directory, artifact = bundled_dir(), None
    else:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"load_model() expects a path or None, got {type(path).__name__}")
        p = Path(path)
        if not p.exists():
            raise FileNotFoundError(f"No model at {p}")
        if p.is_file() and p.name == MANIFEST:
            p = p.parent  # a directory's manifest names its model: load the directory
        _check_is_model(p)  # before any question of trust: nothing here may be a pickle at all
        directory, artifact = (p, None) if p.is_dir() else (p.parent, p)
    inside = _is_inside_package(directory)
    has_manifest = (directory / MANIFEST).exists()
    if artifact is not None and artifact.suffix in (".npz", ".json") and not has_manifest:
        raise ModelLoadError(f"No {MANIFEST} beside {artifact}; the safe format is checked against the sha256 "
                             "in its manifest: pass the directory that holds both")
    if path is not None and has_manifest and (artifact is None or artifact.suffix != ".joblib"):
        manifest = read_manifest(directory)
        wants_estimator = artifact is None and (trusted or inside) and "artifact" in manifest
        if "compiled" in manifest and not wants_estimator:
            _check_feature_revision(manifest, directory)
            if artifact is not None and artifact.name not in (manifest["compiled"], manifest["compiled_json"]):
                raise ModelLoadError(f"{artifact.name} is not a file its manifest names ({manifest['compiled']}, "
                                     f"{manifest['compiled_json']})")
            return _cached_export(directory, manifest)
    if not inside and not trusted:
        raise UntrustedModelError(
            f"{path} is outside the stancelib package; loading a joblib file runs its code. If you made "
            "this model or trust who did, load it with load_model(path, trusted=True) "
            "(CLI: --trust-model). Never do that for a file from a stranger."
        )
    manifest = read_manifest(directory) if has_manifest else None
    if manifest is None:
        if inside or artifact is None:
            raise ModelLoadError(
                f"No {MANIFEST} in {directory}. The bundled model is missing or incomplete: reinstall "
                "stancelib, or rebuild it from a source checkout with `python -m training.train`."
                if inside else f"No {MANIFEST} in {directory}; pass the .joblib file itself with trusted=True"
            )
    else:
        named = _named_file(directory, manifest["artifact"])
        if artifact is not None and artifact.resolve() != named.resolve():
            raise ModelLoadError(f"{artifact.name} is not the artifact its manifest names ({named.name})")
        artifact = named
        if not artifact.exists():
            raise ModelLoadError(f"The manifest in {directory} names {artifact.name}, which is missing; retrain the model")
        if not artifact.is_file():
            raise ModelLoadError(f"The manifest in {directory} names {artifact.name}, which is not a file; retrain the model")
        _check_feature_revision(manifest, directory)
    if artifact is None:  # unreachable: every branch above names an artifact or raises
        raise ModelLoadError(f"No model artifact found in {directory}")
    stat = artifact.stat()
    # no trust in the key: a file outside the package gets here only with trusted=True (refused above otherwise),
    # and one inside needs none, so the bundled estimator is unpickled once whether or not trust was said
    key = (str(artifact.resolve()), f"{stat.st_mtime_ns}:{stat.st_size}")
    with _lock:
        if key in _cache:
            return _cache[key]
    data = artifact.read_bytes()  # read once: the bytes hashed are the bytes unpickled
    if manifest is not None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != manifest["artifact_sha256"]:
            raise ModelIntegrityError(
                f"{artifact} has sha256 {digest[:16]}…, but its manifest says {manifest['artifact_sha256'][:16]}…: "
                "the file was changed or truncated after training, and is refused. Reinstall stancelib or "
                "retrain the model."
            )
    try:
        model = _unpickle(artifact, manifest, data)
    except ModelVersionError as exc:
        if path is not None:
            raise
        raise ModelVersionError(
            f"{exc} The bundled estimator is only needed for training, explain() and audit; classify() "
            "uses the scikit-learn-free export and works as it is. To use the estimator under this "
            "scikit-learn, install the version above, or rebuild the model from a source checkout with "
            "`python -m training.train --out DIR` and load it with load_model(DIR, trusted=True). "
            "stancelib never trains on load."
        ) from None
    _carry_feature_revision(model, manifest)
    if manifest is not None:
        _loaded(model, manifest)
    else:
        model.manifest_ = None
    with _lock:
        _cache[key] = model
        if path is None:
            _bundled[:] = [model]
    return model


def _carry_feature_revision(model: Any, manifest: dict[str, Any] | None) -> None:
    """Set a loaded ``ReadoutClassifier``'s ``feature_revision_`` from its manifest (which the pickle leaves
    it to), so that :func:`save_model` records the revision the model was trained under, not the installed one.

    A manifest without ``feature_revision`` is of a model trained before stancelib recorded it: revision 1
    (as :func:`_check_feature_revision` reads it). Without a manifest (a bare ``.joblib``) nothing is known,
    and nothing is set.
    """
    from .model import ReadoutClassifier

    if manifest is not None and isinstance(model, ReadoutClassifier):
        model.feature_revision_ = manifest.get("feature_revision", 1)


def _named_file(directory: Path, name: Any) -> Path:
    """The file a manifest names in its model folder: the bare name of ``name``; "", "." and ".." are refused
    (they name no file, and ".." the folder above)."""
    bare = Path(str(name)).name
    if bare in ("", ".", ".."):
        raise ModelLoadError(f"The manifest in {directory} names {name!r}, which is not a file name; a manifest "
                             "names the files of its own folder (model-*.joblib, compiled-*.npz, compiled-*.json). "
                             "Retrain or export the model again.")
    return directory / bare


def _verified_bytes(path: Path, expected: str, directory: Path) -> bytes:
    """The bytes of ``path``, read once, if their sha256 is ``expected``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelLoadError(f"The manifest in {directory} names {path.name}, which is missing; reinstall "
                             "stancelib or export the model again: stancelib export MODEL_DIR OUT") from None
    except OSError as exc:  # a folder, or a file that cannot be read
        raise ModelLoadError(f"The manifest in {directory} names {path.name}, which cannot be read as a file "
                             f"({exc.strerror or exc}); reinstall stancelib or export the model again") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected:
        raise ModelIntegrityError(
            f"{path} has sha256 {digest[:16]}…, but its manifest says {expected[:16]}…: the file was changed or "
            "truncated after it was written, and is refused. Reinstall stancelib or export the model again."
        )
    return data


def read_export(directory: str | Path, manifest: dict[str, Any] | None = None) -> Any:
    """The safe export a model directory's manifest names, verified; no caching.

    Both files are read once, their sha256 checked against the manifest, and
    only then parsed: JSON with :func:`json.loads`, arrays with
    ``numpy.load(..., allow_pickle=False)``. Nothing is unpickled.

    Parameters
    ----------
    directory : path
        A model directory whose manifest names ``compiled`` and ``compiled_json``.
    manifest : dict, default=None
        Its manifest, if already read.

    Returns
    -------
    CompiledModel

    Raises
    ------
    ModelIntegrityError
        A file's sha256 differs from the manifest, or the labels do.
    ModelLoadError
        No export, a missing file, or one that is not the safe format.
    """
    import io

    import numpy as np

    from .compiled import CompiledModel

    directory = Path(directory)
    manifest = read_manifest(directory) if manifest is None else manifest
    if "compiled" not in manifest:
        raise ModelLoadError(f"The model in {directory} has no safe export; make one from the estimator "
                             f"(if you trust it): stancelib export {directory} OUT")
    meta_bytes = _verified_bytes(_named_file(directory, manifest["compiled_json"]),
                                 manifest["compiled_json_sha256"], directory)
    arrays_bytes = _verified_bytes(_named_file(directory, manifest["compiled"]), manifest["compiled_sha256"], directory)
    try:
        meta = json.loads(meta_bytes.decode("utf-8"))
        if not isinstance(meta, dict):
            raise ValueError(f"expected a JSON object, got {type(meta).__name__}")
        if meta.get("arrays_sha256") != manifest["compiled_sha256"]:
            raise ValueError("it describes other arrays than the manifest names")
        with np.load(io.BytesIO(arrays_bytes), allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        model = CompiledModel.from_parts(meta, arrays)
    except (ValueError, RecursionError) as exc:  # JSON, zip and array errors are ValueErrors
        raise ModelLoadError(f"Could not read the export in {directory}: {exc}. Export the model again with this "
                             "stancelib: stancelib export MODEL_DIR OUT") from None
    labels = {k: list(v) for k, v in model.classes_.items()}
    if labels != manifest["labels"]:
        raise ModelIntegrityError(f"The manifest in {directory} lists labels {manifest['labels']}, but the export "
                                  f"predicts {labels}; the manifest does not describe this model. Export it again.")
    _loaded(model, manifest)
    return model


def _cached_export(directory: Path, manifest: dict[str, Any]) -> Any:
    stamps = []
    for name in (manifest["compiled"], manifest["compiled_json"]):
        try:
            stat = _named_file(directory, name).stat()
            stamps.append(f"{stat.st_mtime_ns}:{stat.st_size}")
        except FileNotFoundError:
            stamps.append("missing")
    key = (str(_named_file(directory, manifest["compiled"]).resolve()), "export:" + ":".join(stamps))
    with _lock:
        if key in _cache:
            return _cache[key]
    model = read_export(directory, manifest)
    with _lock:
        _cache[key] = model
    return model


_bundled_compiled: list[Any] = []


def load_compiled_bundled() -> Any:
    """The bundled model's safe, scikit-learn-free export (verified, cached).

    Raises instead of falling back to the estimator: a bundle whose export
    does not load is damaged (reinstall stancelib).
    """
    if _bundled_compiled:
        return _bundled_compiled[0]
    directory = bundled_dir()
    model = read_export(directory)
    with _lock:
        _bundled_compiled[:] = [model]
    return model


def export_model(model_dir: str | Path, out: str | Path, *, trusted: bool = False) -> Path:
    """Write the safe export of a model directory's estimator into ``out``.

    Loads ``model_dir``'s estimator (``model-*.joblib``, whose unpickling runs
    code: outside the package, only with ``trusted=True``, as
    :func:`load_model`), compiles it, and writes ``compiled-*.npz``,
    ``compiled-*.json`` and a manifest into ``out``, atomically (the
    manifest last). ``out`` may be ``model_dir`` itself: the export is then
    added beside the estimator; elsewhere, its manifest records the
    estimator's id as ``exported_from``, so the export keeps the
    :func:`model_id` of the model it labels like.

    Parameters
    ----------
    model_dir : path
        A model directory made by ``stancelib train`` or ``python -m training.train``.
    out : path
        Created if missing.
    trusted : bool, default=False
        Unpickling ``model_dir``'s estimator runs code from it. A directory
        outside the package is exported only with ``trusted=True`` (CLI:
        ``stancelib export --trust-model``): say so only for a model you made
        or got from someone you trust. The bundled model needs no trust.

    Returns
    -------
    Path
        ``out``'s manifest.

    Raises
    ------
    UntrustedModelError
        ``model_dir`` is outside the package and ``trusted`` is False;
        nothing is unpickled or written.
    ModelLoadError
        ``model_dir`` does not hold a loadable estimator.

    Examples
    --------
    >>> import tempfile
    >>> from stancelib import ReadoutClassifier
    >>> X = ["Xi warned against arms sales to Taiwan.", "The two sides agreed to resume talks."] * 3
    >>> mine = Path(tempfile.mkdtemp()) / "mine"
    >>> _ = save_model(ReadoutClassifier(cv=0, min_df=1).fit(X, {"stance": ["warning", "cooperation"] * 3}), mine, {})
    >>> out = mine.parent / "shared"
    >>> export_model(mine, out, trusted=True).name  # a model of your own: you trust it
    'manifest.json'
    >>> type(load_model(out)).__name__  # no trusted=True: the export runs no code
    'CompiledModel'
    >>> import shutil; shutil.rmtree(out.parent)
    """
    model_dir, out = Path(model_dir), Path(out)
    source = read_manifest(model_dir)
    if "artifact" not in source:
        raise ModelLoadError(f"{model_dir} holds no estimator (model-*.joblib) to export")
    if not trusted and not _is_inside_package(model_dir):
        safe = (f" The folder already holds a safe export, which loads without trust: load_model({str(model_dir)!r})."
                if "compiled" in source else "")
        raise UntrustedModelError(
            f"{model_dir} is outside the stancelib package; exporting it unpickles "
            f"{_named_file(model_dir, source['artifact']).name}, which runs its code. If you made this model or "
            "trust who did, export it with export_model(model_dir, out, trusted=True) "
            "(CLI: stancelib export --trust-model). Never do that for a file from a stranger." + safe
        )
    estimator = load_shared_model(model_dir, trusted=True)  # only compiled, never changed: no copy needed
    out.mkdir(parents=True, exist_ok=True)
    same = out.resolve() == model_dir.resolve()
    export = write_export(estimator.compile(), out)
    manifest = {k: v for k, v in source.items() if k not in {n for key in _FILE_KEYS for n in (key, f"{key}_sha256")}}
    if same:
        manifest.update(artifact=source["artifact"], artifact_sha256=source["artifact_sha256"])
    else:  # the model's id (model_id) is the estimator's, which the export labels alike with
        manifest["exported_from"] = manifest_model_id(source)
    manifest.update(protocol=PROTOCOL, **export)
    _atomic_write_bytes(out / MANIFEST, (json.dumps(manifest, indent=2, sort_keys=False) + "\n").encode())
    _remove_orphans(out, manifest)
    if not same and (out / CARD).exists():
        (out / CARD).unlink()  # the card of a model that was there before; the manifest describes this one
    return out / MANIFEST


def runtime_versions(extra: "tuple[str, ...] | list[str]" = ()) -> dict[str, str]:
    """Versions of what a model depends on, for the manifest (plus the installed ``extra`` distributions)."""
    import joblib
    import numpy
    import scipy
    import sklearn

    from importlib.metadata import version

    from . import __version__

    return {
        "stancelib": __version__,
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
        "python": ".".join(map(str, sys.version_info[:3])),
        **{name: version(name) for name in extra},
    }
