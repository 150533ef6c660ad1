"""Saving and loading trained models, safely.

A model directory holds three files:

- ``model-<sha256 prefix>.joblib``: the fitted :class:`ReadoutClassifier`;
- ``manifest.json``: format protocol, versions, label sets, seed, the sha256
  of the training data and of the artifact, metrics;
- ``MODEL_CARD.md``: the same for people.

The manifest is the commit point: a new artifact is written under its own
name, then the manifest is atomically replaced, then the old artifact is
removed. A crash at any step leaves a directory whose manifest names an
intact artifact. Loading verifies the artifact's sha256 before unpickling,
because unpickling a joblib file runs code.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable

__all__ = [
    "MANIFEST",
    "PROTOCOL",
    "ModelLoadError",
    "ModelIntegrityError",
    "ModelVersionError",
    "UntrustedModelError",
    "bundled_dir",
    "save_model",
    "read_manifest",
    "load_model",
    "sha256_file",
]

MANIFEST = "manifest.json"
CARD = "MODEL_CARD.md"
#: Version of the on-disk format; bump when the layout or manifest changes.
PROTOCOL = 1


class ModelLoadError(ValueError):
    """A model could not be loaded; the message says why and what to do."""


class ModelIntegrityError(ModelLoadError):
    """The artifact is not the file its manifest describes (tampered or truncated)."""


class ModelVersionError(ModelLoadError):
    """The model was made with another scikit-learn or format version."""


class UntrustedModelError(ModelLoadError):
    """Loading this file would run code from outside the package; needs ``trusted=True``."""


def bundled_dir() -> Path:
    """Directory of the model that ships inside the package."""
    return Path(__file__).resolve().parent / "models"


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


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


def _stage_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to a synced temporary file beside ``path``; the caller moves it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, 0o644)
    return Path(tmp)


def _intern_strings(obj: Any, seen: set[int] | None = None) -> Any:
    """Make every string in an object graph the interned one of its value, in place.

    Pickle shares a string by object identity, not by value, and whether two
    equal strings are one object depends on the process's history (which
    modules ran, what was unpickled before). Interning them all makes the
    pickled bytes depend on the model alone.
    """
    import numpy as np

    seen = set() if seen is None else seen
    if isinstance(obj, str):
        return sys.intern(obj)
    if id(obj) in seen:
        return obj
    seen.add(id(obj))
    if isinstance(obj, dict):
        items = [(_intern_strings(k, seen), _intern_strings(v, seen)) for k, v in obj.items()]
        obj.clear()
        obj.update(items)
        return obj
    if isinstance(obj, list):
        obj[:] = [_intern_strings(v, seen) for v in obj]
        return obj
    if isinstance(obj, tuple):
        return type(obj)(*[_intern_strings(v, seen) for v in obj]) if hasattr(obj, "_fields") else tuple(_intern_strings(v, seen) for v in obj)
    if isinstance(obj, np.ndarray):
        if obj.dtype == object:
            flat = obj.reshape(-1)
            for i in range(flat.size):
                flat[i] = _intern_strings(flat[i], seen)
        return obj
    state = getattr(obj, "__dict__", None)
    if isinstance(state, dict) and not isinstance(obj, type):
        _intern_strings(state, seen)
    return obj


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
        Everything to record; ``artifact``, ``artifact_sha256`` and
        ``protocol`` are filled in here.
    card : callable, default=None
        Renders the Markdown model card from the final manifest (which then
        holds the artifact's name and sha256); written beside it.

    Returns
    -------
    Path
        The artifact's path.
    """
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
    name, digest = _dump(model, directory, "model")
    compiled_name = compiled_digest = None
    if hasattr(model, "compile"):
        compiled_name, compiled_digest = _dump(model.compile(), directory, "compiled")
    manifest = dict(manifest, protocol=PROTOCOL, artifact=name, artifact_sha256=digest)
    if compiled_name:
        manifest.update(compiled=compiled_name, compiled_sha256=compiled_digest)
    # the card is rendered and written beside the manifest first, then both are put in place one
    # right after the other, so a crash leaves at worst an old card, which the next save repairs
    staged = _stage_bytes(directory / CARD, card(manifest).encode()) if card is not None else None
    _atomic_write_bytes(directory / MANIFEST, (json.dumps(manifest, indent=2, sort_keys=False) + "\n").encode())
    if staged is not None:
        os.replace(staged, directory / CARD)
    _remove_orphans(directory, manifest)
    return directory / name


def _remove_orphans(directory: Path, manifest: dict[str, Any]) -> None:
    """Delete the artifacts and temporary files of ours in ``directory`` that ``manifest`` does not name."""
    keep = {Path(str(manifest.get(k))).name for k in ("artifact", "compiled") if manifest.get(k)}
    for pattern in ("model-*.joblib", "compiled-*.joblib", ".model.*.joblib.tmp", ".compiled.*.joblib.tmp",
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
    if protocol != PROTOCOL:
        raise ModelVersionError(
            f"{path} has format protocol {protocol!r}; this stancelib reads protocol {PROTOCOL}. "
            "Retrain the model with this version: stancelib train --data DATA --out DIR"
        )
    for key in ("artifact", "artifact_sha256", "labels"):
        if key not in manifest:
            raise ModelLoadError(f"{path} lacks {key!r}; the manifest is incomplete, retrain the model")
    for key in ("artifact_sha256", "compiled_sha256"):
        value = manifest.get(key, "")
        if not (isinstance(value, str) and (key == "compiled_sha256" or len(value) == 64)):
            raise ModelIntegrityError(f"{path} has {key} {value!r}, not a sha256 digest; the manifest was changed "
                                      "after training and is refused. Reinstall stancelib or retrain the model.")
    if not isinstance(manifest["artifact"], str):
        raise ModelIntegrityError(f"{path} names the artifact {manifest['artifact']!r}, not a file name; refused")
    return manifest


_cache: dict[tuple[str, str], Any] = {}


#: The bundled model once loaded: it cannot change while the process runs.
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


def _unpickle(artifact: Path, manifest: dict[str, Any] | None) -> Any:
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
            model = joblib.load(artifact)
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
    from .model import ReadoutClassifier

    if not isinstance(model, ReadoutClassifier):
        raise ModelLoadError(f"{artifact} holds a {type(model).__name__}, not a stancelib ReadoutClassifier")
    if manifest is not None and hasattr(model, "classes_"):
        labels = {k: list(v) for k, v in model.classes_.items()}
        if labels != manifest["labels"]:
            raise ModelIntegrityError(
                f"The manifest beside {artifact.name} lists labels {manifest['labels']}, but the model "
                f"predicts {labels}; the manifest does not describe this model. Retrain it."
            )
    return model


def load_model(path: str | Path | None = None, *, trusted: bool = False) -> Any:
    """Load a trained model: the bundled one by default. Cached per path.

    Parameters
    ----------
    path : path, default=None
        A model directory (with ``manifest.json``) or a ``.joblib`` file.
        None loads the model that ships inside the package.
    trusted : bool, default=False
        Loading a joblib file runs code from it. Models outside the package,
        and files without a manifest, load only with ``trusted=True``: say so
        only for files you made or got from someone you trust.

    Returns
    -------
    ReadoutClassifier

    Raises
    ------
    UntrustedModelError
        The file is outside the package and ``trusted`` is False.
    ModelIntegrityError
        The artifact's sha256 differs from its manifest (tampered, truncated).
    ModelVersionError
        Another scikit-learn or format version made it; the message gives the
        retrain command.
    ModelLoadError
        Any other reason the model cannot be used.
    """
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
        directory, artifact = (p, None) if p.is_dir() else (p.parent, p)
    inside = _is_inside_package(directory)
    has_manifest = (directory / MANIFEST).exists()
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
        named = directory / Path(manifest["artifact"]).name
        if artifact is not None and artifact.resolve() != named.resolve():
            raise ModelLoadError(f"{artifact.name} is not the artifact its manifest names ({named.name})")
        artifact = named
        if not artifact.exists():
            raise ModelLoadError(f"The manifest in {directory} names {artifact.name}, which is missing; retrain the model")
    if artifact is None:  # unreachable: every branch above names an artifact or raises
        raise ModelLoadError(f"No model artifact found in {directory}")
    stat = artifact.stat()
    key = (str(artifact.resolve()), f"{stat.st_mtime_ns}:{stat.st_size}:{trusted}")
    with _lock:
        if key in _cache:
            return _cache[key]
    if manifest is not None:
        digest = sha256_file(artifact)
        if digest != manifest["artifact_sha256"]:
            raise ModelIntegrityError(
                f"{artifact} has sha256 {digest[:16]}…, but its manifest says {manifest['artifact_sha256'][:16]}…: "
                "the file was changed or truncated after training, and is refused. Reinstall stancelib or "
                "retrain the model."
            )
    try:
        model = _unpickle(artifact, manifest)
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
    model.manifest_ = manifest
    with _lock:
        _cache[key] = model
        if path is None:
            _bundled[:] = [model]
    return model


_bundled_compiled: list[Any] = []


def load_compiled_bundled() -> Any:
    """The bundled model's scikit-learn-free export (verified, cached); the
    estimator itself when the bundle has no export or it does not load."""
    if _bundled_compiled:
        return _bundled_compiled[0]
    directory = bundled_dir()
    manifest = read_manifest(directory)
    name = manifest.get("compiled")
    if not name:
        return load_model()
    path = directory / Path(name).name
    if not path.exists() or sha256_file(path) != manifest.get("compiled_sha256"):
        raise ModelIntegrityError(
            f"{path} is missing or differs from its manifest's sha256; reinstall stancelib or rebuild "
            "the bundled model with `python -m training.train`"
        )
    import joblib

    from .compiled import CompiledModel

    try:
        model = joblib.load(path)
    except Exception:  # an export that does not unpickle here: the estimator still may
        return load_model()
    if not isinstance(model, CompiledModel):
        raise ModelLoadError(f"{path} holds a {type(model).__name__}, not a CompiledModel")
    model.manifest_ = manifest
    with _lock:
        _bundled_compiled[:] = [model]
    return model


def runtime_versions() -> dict[str, str]:
    """Versions of what a model depends on, for the manifest."""
    import joblib
    import numpy
    import scipy
    import sklearn

    from . import __version__

    return {
        "stancelib": __version__,
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
        "python": ".".join(map(str, sys.version_info[:3])),
    }
