"""The defaults of training, in one place, and where a source checkout is.

``train()``, the CLI (``stancelib train``, ``stancelib audit``) and
``python -m training.train`` take their defaults from :data:`DEFAULTS`; the
bundled model's ``training/config.json`` names only what differs from them,
and command-line flags override both. Nothing here reads a file at import.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

__all__ = ["TrainingConfig", "DEFAULTS", "CHECKOUT_ROOT", "package_version"]

#: The directory holding the ``stancelib`` package: in a source checkout, the
#: checkout's root (with ``seeds/``, ``training/`` and ``pyproject.toml``).
CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class TrainingConfig:
    """How a model is trained, when nothing says otherwise.

    Parameters
    ----------
    seed : int
        Seed of everything random in training (the folds, the solvers).
    params : mapping
        :class:`~stancelib.ReadoutClassifier` parameters that differ from its
        defaults.
    heldout_docs : str or None
        File (relative to the checkout) listing the documents the bundled
        model never trains on; None: none.
    calibrate_by : str
        The record field grouping the calibration folds (see
        :func:`stancelib.train`).

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
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise TypeError(f"seed must be an int, got {type(self.seed).__name__}")
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

    @classmethod
    def from_file(cls, path: str | Path) -> "TrainingConfig":
        """:data:`DEFAULTS` updated with a JSON config file's settings."""
        import json

        return DEFAULTS.updated(json.loads(Path(path).read_text(encoding="utf-8")))

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
