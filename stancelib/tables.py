"""Tables where analysts work: results as a pandas DataFrame or a ``datasets.Dataset``.

pandas is optional (the ``[frames]`` extra); without it, tables come back as a
``datasets.Dataset``, which stancelib already depends on and which converts to
pandas, Arrow, CSV and Parquet itself.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

__all__ = ["records_to_frame"]


def records_to_frame(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> Any:
    """A table of ``records`` with exactly ``columns``, in that order.

    Parameters
    ----------
    records : sequence of mapping
        One mapping per row; a key missing from a row is a missing value.
    columns : sequence of str
        The columns, in order. An empty ``records`` gives an empty table
        that still has these columns.

    Returns
    -------
    pandas.DataFrame or datasets.Dataset
        A DataFrame when pandas is installed, else a Dataset.
    """
    columns = list(columns)
    rows = [{c: r.get(c) for c in columns} for r in records]
    try:
        import pandas as pd
    except ImportError:
        import datasets

        return datasets.Dataset.from_dict({c: [r[c] for r in rows] for c in columns})
    return pd.DataFrame.from_records(rows, columns=columns)
