"""The one missing-value test needs no numpy: reading data (``import stancelib.data``, ``stancelib validate``)
stays as light as before it existed, and the test calls missing what it called missing.

Review r33 (diff), finding 2: ``is_missing`` lived in ``_inference``, which imports numpy, scipy.sparse and
the lexical features, so ``import stancelib.data`` went from 98 modules to 431 (about 0.4 s) and ``stancelib
validate`` of three records from 0.13 s to 0.4-0.7 s. It now lives in ``stancelib/_missing.py``, which knows
numpy's scalars by their class. The records are written for these tests.
"""

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from stancelib._missing import is_missing, shown_missing

from .conftest import write_jsonl

HEAVY = ("numpy", "scipy", "sklearn", "pandas")


def _loaded_after(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\n"
                          f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])


def test_reading_data_imports_neither_numpy_nor_scipy():
    assert _loaded_after("import stancelib.data") == []
    assert _loaded_after("import stancelib._missing") == []


def test_validate_stays_light(tmp_path):
    path = tmp_path / "small.jsonl"
    rows = [{"id": f"s{i}", "doc_id": "d1", "text": "Xi warned Biden about Taiwan.", "issue": ["taiwan"],
             "stance": "warning", "side": "china"} for i in range(3)]
    write_jsonl(path, rows)
    code = f"from stancelib.cli import main\nassert main(['validate', {str(path)!r}]) == 0"
    assert _loaded_after(code) == []


@pytest.mark.parametrize("value, missing", [
    (np.float16("nan"), True), (np.float32("nan"), True), (np.float64("nan"), True), (np.longdouble("nan"), True),
    (np.datetime64("NaT"), True), (np.timedelta64("NaT"), True), (np.datetime64("NaT", "ns"), True),
    # numpy's other scalars are never missing: numbers (a complex NaN included, as before), bools, strings
    (np.float32("inf"), False), (np.float16(0.5), False), (np.int64(0), False), (np.bool_(False), False),
    (np.str_("nan"), False), (np.complex128(complex(math.nan, 0)), False), (np.datetime64("2025-03-14"), False),
    (np.timedelta64(3, "D"), False),
])
def test_numpy_scalars_are_missing_as_before(value, missing):
    assert is_missing(value) is missing


def test_a_message_shows_a_nan_of_any_width_as_nan():
    assert [shown_missing(v) for v in (np.float16("nan"), np.longdouble("nan"), np.timedelta64("NaT"))] == \
        ["NaN", "NaN", "NaT"]


def test_inference_keeps_the_name():
    """``as_texts`` reads the one test through ``_inference`` (a test replaces it there), so it stays importable
    from there."""
    import stancelib._inference as inference

    assert inference.is_missing is is_missing
