"""stancelib: label the sentences of diplomatic readouts with issues, stance and side.

>>> from stancelib import classify
>>> labels = classify("The two leaders agreed to keep lines of communication open.")
>>> labels[0].side
'joint'

The front door is small: :func:`classify`, :func:`classify_sentences`,
:func:`classify_documents`, :func:`load_model`, :func:`train`, :func:`compare`, their result types and
``__version__``. Importing stancelib loads nothing: the model is read on first
use, and heavy modules are imported only when needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "classify",
    "classify_sentences",
    "classify_documents",
    "load_model",
    "train",
    "compare",
    "compare_sides",
    "classify_dataset",
    "summarize",
    "trends",
    "plot_trends",
    "SentenceLabel",
    "ReadoutClassifier",
    "Comparison",
    "TrainResult",
    "Summary",
    "Trends",
    "__version__",
]

_LAZY = {
    "classify": ("api", "classify"),
    "classify_sentences": ("api", "classify_sentences"),
    "SentenceLabel": ("api", "SentenceLabel"),
    "classify_documents": ("documents", "classify_documents"),
    "load_model": ("persist", "load_model"),
    "ReadoutClassifier": ("model", "ReadoutClassifier"),
    "train": ("trainer", "train"),
    "TrainResult": ("trainer", "TrainResult"),
    "compare": ("comparison", "compare"),
    "compare_sides": ("comparison", "compare_sides"),
    "Comparison": ("comparison", "Comparison"),
    "classify_dataset": ("batch", "classify_dataset"),
    "summarize": ("summary", "summarize"),
    "Summary": ("summary", "Summary"),
    "trends": ("timeseries", "trends"),
    "Trends": ("timeseries", "Trends"),
    "plot_trends": ("timeseries", "plot_trends"),
}

if TYPE_CHECKING:  # pragma: no cover
    from .api import SentenceLabel, classify, classify_sentences
    from .batch import classify_dataset
    from .comparison import Comparison, compare, compare_sides
    from .documents import classify_documents
    from .model import ReadoutClassifier
    from .persist import load_model
    from .summary import Summary, summarize
    from .trainer import TrainResult, train
    from .timeseries import Trends, plot_trends, trends


def __getattr__(name: str) -> Any:
    if name == "__version__":  # from the package metadata, read on first use
        from .config import package_version

        value = globals()["__version__"] = package_version()
        return value
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'stancelib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
