"""A missing text of any kind (None, NaN of any float width, ``pd.NA``, ``pd.NaT``, numpy's NaT) is called
missing, with the fix, by ``api.check_text`` (``classify``, ``classify_sentences``) and by ``as_texts``' 1-d
branch (the estimator and its export), not named by its type ("is a NAType; expected a str").

Review r33 follow-ups, finding 6. The sentences are written for these tests.
"""

import re

import numpy as np
import pytest

from stancelib import classify, classify_sentences
from stancelib._inference import as_texts
from stancelib.api import check_text

pd = pytest.importorskip("pandas")

MISSING = [(None, "None"), (float("nan"), "NaN"), (np.float32("nan"), "NaN"), (np.float64("nan"), "NaN"),
           (pd.NA, "<NA>"), (pd.NaT, "NaT"), (np.datetime64("NaT"), "NaT")]


@pytest.mark.parametrize("value, shown", MISSING)
def test_check_text_calls_a_missing_value_missing(value, shown):
    fix = f"is {shown} (a missing value); drop or fill missing texts first"
    with pytest.raises(TypeError, match="^text " + re.escape(fix) + "$"):
        check_text(value, "text")
    with pytest.raises(TypeError, match=r"^text is .*a missing value"):
        classify(value)
    with pytest.raises(TypeError, match=r"^sentence 1 is .*\(a missing value\); drop or fill"):
        classify_sentences(["Both sides agreed.", value])


@pytest.mark.parametrize("value, shown", MISSING)
def test_as_texts_calls_a_missing_item_missing(value, shown):
    with pytest.raises(TypeError, match=rf"^Expected str at position 1, got {shown} \(a missing value\); drop or fill "
                                        "missing texts first$"):
        as_texts(["Both sides agreed.", value])


def test_a_pandas_string_column_with_na(model):
    column = pd.Series(["Both sides agreed.", pd.NA], dtype="string")
    with pytest.raises(TypeError, match=r"position 1, got <NA> \(a missing value\)"):
        model.predict(column)


def test_other_types_are_still_named_by_type():
    with pytest.raises(TypeError, match=r"^text is a int; expected a str$"):
        check_text(3, "text")
    with pytest.raises(TypeError, match=r"^Expected str at position 0, got float$"):
        as_texts([float("inf")])
    with pytest.raises(TypeError, match=r"^text is bytes; decode it first"):
        check_text(b"Xi spoke.", "text")
