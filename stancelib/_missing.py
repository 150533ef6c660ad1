"""Whether a value is missing (None, NaN, NaT, pandas' NA), and how a message shows one.

stancelib's one test of missing values, for every module that needs one: the readers of records and
documents (``data``, ``documents``, ``tables``), ``evaluation``, ``timeseries``, and ``as_texts``. It imports
neither numpy nor pandas (numpy's and pandas' markers are known by their class), so that the light entry
points (``stancelib validate``, :func:`stancelib.data.read_records`) stay light: numpy and scipy come with
the inference code, not with a check of a cell.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["MISSING_TEXT_FIX", "is_missing", "shown_missing"]

#: What a message that refuses a missing text (None, NaN, NaT, ``pd.NA``) tells the caller to do.
MISSING_TEXT_FIX = "drop or fill missing texts first"

#: numpy's scalar classes whose values can be missing: a NaN of any float width, and NaT.
_NUMPY_FLOATING = "floating"
_NUMPY_TIMES = ("datetime64", "timedelta64")


def _numpy_kind(kind: type) -> str | None:
    """``"floating"``, ``"datetime64"`` or ``"timedelta64"`` for a numpy scalar class of that kind, else None.

    Known by the class's module and its bases' names, as pandas' markers are known by theirs: a numpy
    scalar exists only once numpy is imported, and this module never imports it.
    """
    if kind.__module__ != "numpy":
        return None
    for base in kind.__mro__:
        if base.__name__ == _NUMPY_FLOATING or base.__name__ in _NUMPY_TIMES:
            return base.__name__
    return None


def is_missing(value: Any) -> bool:
    """Whether a value is a missing value: None, NaN, NaT or pandas' NA / NaT, as a table or a record holds
    one. A str never is ("nan" and "" included: a caller that reads a blank str as missing says so), nor is
    an infinite number (a number, which :func:`stancelib._inference.as_texts` refuses on its own grounds).

    A module with more to call missing (a blank str) adds it on top.

    >>> import numpy as np
    >>> [is_missing(v) for v in (None, float("nan"), np.float32("nan"), np.datetime64("NaT"), "nan", "", 0.0,
    ...                          float("inf"), [None])]
    [True, True, True, True, False, False, False, False, False]
    """
    if value is None:
        return True
    if isinstance(value, float):  # numpy's float64 too (a float)
        return math.isnan(value)
    kind = type(value)
    numpy_kind = _numpy_kind(kind)
    if numpy_kind == _NUMPY_FLOATING:  # float16, float32, longdouble
        return math.isnan(float(value))
    if numpy_kind is not None:  # NaT, the one datetime64 / timedelta64 unequal to itself
        return bool(value != value)
    # pandas' NA and NaT, without importing pandas
    return kind.__name__ in ("NAType", "NaTType") and kind.__module__.startswith("pandas")


def shown_missing(value: Any) -> str:
    """A missing value (:func:`is_missing`) as a message shows it: ``NaN`` for a float NaN of any width,
    else its str (``None``, ``<NA>``, ``NaT``).

    >>> import numpy as np
    >>> [shown_missing(v) for v in (None, float("nan"), np.float32("nan"), np.datetime64("NaT"))]
    ['None', 'NaN', 'NaN', 'NaT']
    """
    return "NaN" if isinstance(value, float) or _numpy_kind(type(value)) == _NUMPY_FLOATING else str(value)
