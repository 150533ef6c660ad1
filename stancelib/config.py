"""The defaults of training, in one place, and where a source checkout is.

``train()``, the CLI (``stancelib train``, ``stancelib audit``) and
``python -m training.train`` take their defaults from :data:`DEFAULTS`; the
bundled model's ``training/config.json`` names only what differs from them,
and command-line flags override both. Nothing here reads a file at import.
"""

from __future__ import annotations

import functools
import numbers
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

__all__ = ["TrainingConfig", "DEFAULTS", "CHECKOUT_ROOT", "MAX_SEED", "check_seed", "package_version"]

#: The largest training seed: numpy and scikit-learn take seeds in ``0 .. 2**32 - 1``.
MAX_SEED = 2**32 - 1


def check_seed(seed: Any) -> int:
    """``seed`` if it is a whole number numpy and scikit-learn take (``0 .. MAX_SEED``), else an error saying so.

    The one check of a training seed (``TrainingConfig``, :func:`stancelib.train`, ``audit`` and the
    ``--seed`` of the training scripts), made before anything is read or fitted.

    >>> check_seed(7)
    7
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an int, got {type(seed).__name__} {seed!r}")
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be in 0..{MAX_SEED} (the range numpy and scikit-learn take), got {seed}")
    return int(seed)

#: The directory holding the ``stancelib`` package: in a source checkout, the
#: checkout's root (with ``seeds/``, ``training/`` and ``pyproject.toml``).
CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class TrainingConfig:
    """How a model is trained, when nothing says otherwise.

    Parameters
    ----------
    seed : int
        Seed of everything random in training (the folds, the solvers), in
        ``0 .. MAX_SEED`` (``2**32 - 1``), the range numpy and scikit-learn
        take.
    params : mapping
        :class:`~stancelib.ReadoutClassifier` parameters that differ from its
        defaults.
    heldout_docs : str or None
        File (relative to the checkout) listing the documents the bundled
        model never trains on; None: none.
    calibrate_by : str
        The record field grouping the calibration folds (see
        :func:`stancelib.train`).

    Raises
    ------
    TypeError
        A setting of the wrong type (``seed`` not an int, ``params`` not a
        mapping, ``heldout_docs`` not a str or None, ``calibrate_by`` not a
        str).
    ValueError
        ``seed`` outside ``0 .. MAX_SEED``.

    Examples
    --------
    >>> DEFAULTS.seed
    20240402
    >>> DEFAULTS.updated({"seed": 5}).seed
    5
    """

    seed: int = 20240402
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    heldout_docs: str | None = "seeds/heldout_docs.txt"
    calibrate_by: str = "doc_id"

    def __post_init__(self) -> None:
        check_seed(self.seed)
        if self.params is not None and not isinstance(self.params, Mapping):
            raise TypeError("params must be a mapping of ReadoutClassifier parameter name to value, "
                            f"e.g. {{\"C\": 4}}, got {type(self.params).__name__}")
        if self.heldout_docs is not None and not isinstance(self.heldout_docs, str):
            raise TypeError("heldout_docs must be a file path relative to the checkout (a str) or None, "
                            f"got {type(self.heldout_docs).__name__}")
        if not isinstance(self.calibrate_by, str):
            raise TypeError(f"calibrate_by must be the name of a record field (a str), e.g. \"author\", "
                            f"got {type(self.calibrate_by).__name__}")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params or {})))

    def updated(self, values: Mapping[str, Any]) -> "TrainingConfig":
        """A copy with ``values`` (e.g. a config file's, or flags) in place of these.

        Keys starting with ``_`` are comments; any other unknown key is an error.
        """
        known = {f.name for f in fields(self)}
        values = {k: v for k, v in values.items() if not k.startswith("_")}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"Unknown training setting(s) {unknown}; known: {sorted(known)}")
        return replace(self, **values)

    @staticmethod
    def read_file(path: str | Path) -> dict[str, Any]:
        """The settings of a JSON config file, unchecked: the JSON object it holds.

        Parameters
        ----------
        path : str or path
            A JSON file holding one object, e.g. ``training/config.json``.

        Returns
        -------
        dict
            The object's keys and values.

        Raises
        ------
        FileNotFoundError
            No file at ``path``.
        ValueError
            The file is not valid JSON, or holds something other than an
            object; the message names the file.
        """
        import json

        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise FileNotFoundError(f"No such training config file: {path}") from None
        except UnicodeDecodeError as exc:
            raise ValueError(f"Training config {path} is not UTF-8 text ({exc.reason}): "
                             "give a JSON file such as training/config.json") from None
        try:
            values = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"Training config {path} is not valid JSON: {exc.msg} at line {exc.lineno}, "
                             f"column {exc.colno}") from None
        if not isinstance(values, dict):
            kinds = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
            kind = kinds.get(type(values), "null")
            raise ValueError(f"Training config {path} holds a JSON {kind}, not an object: "
                             'a config is one object of settings, e.g. {"seed": 7, "params": {"C": 4}}')
        return values

    @classmethod
    def from_file(cls, path: str | Path) -> "TrainingConfig":
        """:data:`DEFAULTS` updated with a JSON config file's settings.

        Parameters
        ----------
        path : str or path
            A JSON file holding one object of settings (the names of this
            class's fields; keys starting with ``_`` are comments).

        Returns
        -------
        TrainingConfig

        Raises
        ------
        FileNotFoundError
            No file at ``path``.
        ValueError
            The file is not a JSON object, names an unknown setting, or
            holds a seed out of range; the message names the file.
        TypeError
            A setting of the wrong type; the message names the file.
        """
        values = cls.read_file(path)
        try:
            return DEFAULTS.updated(values)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"Training config {path}: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy."""
        return {"seed": self.seed, "params": dict(self.params), "heldout_docs": self.heldout_docs,
                "calibrate_by": self.calibrate_by}


#: The one set of training defaults.
DEFAULTS = TrainingConfig()


@functools.lru_cache(maxsize=1)
def package_version() -> str:
    """stancelib's version: from the installed distribution's metadata, else
    (a source checkout on ``sys.path``, not installed) from ``pyproject.toml``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("stancelib")
    except PackageNotFoundError:
        pass
    try:
        text = (CHECKOUT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return "0+unknown"
    project = text.split("[project]", 1)[-1].split("\n[", 1)[0]
    found = re.search(r'^version\s*=\s*"([^"]+)"', project, flags=re.M)
    return found.group(1) if found else "0+unknown"
