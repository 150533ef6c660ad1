"""One test of "is this value missing" (``stancelib._inference.is_missing``), and as_texts' refusal of a
missing or infinite cell, checked while the rows are joined.

Review r32 (diff), finding 3: the package had six predicates of its own. ``_inference``'s counted inf as
missing; ``documents``' did not know pandas' NA (its ``!=`` gives NA, not True); ``data``'s knew neither NA
nor NaT nor numpy's float32 NaN, so ``validate_records`` let a record whose ``doc_id`` is ``pd.NA`` through
(and training grouped it as the document "<NA>"). ``documents`` and ``data`` now use the one predicate.
Finding 9: the missing-cell check went through every cell before the join went through them again.
"""

import math

import numpy as np
import pytest

from stancelib._inference import as_texts, is_missing
from stancelib.data import validate_records
from stancelib.documents import read_documents

pd = pytest.importorskip("pandas")


@pytest.mark.parametrize("value, missing", [
    (None, True), (float("nan"), True), (np.float64("nan"), True), (np.float32("nan"), True),
    (np.datetime64("NaT"), True), (np.timedelta64("NaT"), True), (pd.NA, True), (pd.NaT, True),
    # not missing: numbers (infinite ones too), any str, containers, dates
    (float("inf"), False), (-math.inf, False), (np.float32("-inf"), False), (0.0, False), (0, False),
    (False, False), ("", False), ("nan", False), ("NaT", False), ([], False), ([None], False),
    (np.array([np.nan]), False), (np.datetime64("2024-11-16"), False), (pd.Timestamp("2024-11-16"), False),
])
def test_what_is_missing(value, missing):
    assert is_missing(value) is missing


# -- data.validate_records: pandas' and numpy's markers are missing values, as None and NaN are

def _problems(**fields):
    record = {"id": "1", "doc_id": "d1", "text": "Xi warned Biden about Taiwan.", "stance": "warning", **fields}
    return [p.message for p in validate_records([record])]


@pytest.mark.parametrize("marker", [pd.NA, pd.NaT, np.float32("nan")], ids=["NA", "NaT", "float32-NaN"])
def test_a_record_field_holding_a_missing_marker_is_missing(marker):
    # before: pd.NA passed as a doc_id (no problem at all), float32 NaN was "not one code"
    assert _problems(doc_id=marker) == ["missing field 'doc_id'"]
    assert _problems(stance=marker) == ["missing label 'stance'"]


def test_present_values_are_still_checked_as_before():
    assert _problems() == []
    assert _problems(stance=3) == ["'stance' must be one code (a string), got int 3; if it is a class index, give "
                                   "the code's name instead (e.g. ds.features['stance'].int2str(3) names it)"]
    assert _problems(doc_id="  ") == ["empty 'doc_id'; every sentence needs one (sentences of one document share a "
                                      "doc_id)"]


# -- documents: a missing date, source or id is absent, whichever marker holds it

@pytest.mark.parametrize("marker", [None, float("nan"), np.float32("nan"), np.datetime64("NaT"), pd.NaT, pd.NA],
                         ids=["None", "NaN", "float32-NaN", "datetime64-NaT", "NaT", "NA"])
def test_a_documents_missing_date_and_source_are_none(marker):
    # before: pd.NA was "date is a NAType ... expected an ISO date string"
    [doc] = read_documents([{"id": "call-1", "text": "Xi warned Biden.", "date": marker, "source": marker}])
    assert (doc.id, doc.date, doc.source) == ("call-1", None, None)


def test_a_documents_missing_text_is_refused_whichever_marker():
    for marker in (None, float("nan"), pd.NA):
        with pytest.raises(TypeError, match=r"has no text \(None or missing\); drop it or fill its 'text'"):
            read_documents([{"id": "call-1", "text": marker}])


# -- as_texts: a missing or an infinite cell, each with the fix that removes it

def test_infinite_and_missing_cells_are_counted_apart():
    with pytest.raises(ValueError, match=r"^Row 0, column 1 of the input is missing \(NaN\) \(and 2 more missing "
                                         r"cells\);"):
        as_texts([["a", float("nan")], ["b", None], [pd.NA, "c"]])
    with pytest.raises(ValueError, match=r"^Row 0, column 1 of the input is infinite \(inf\) \(and 1 more infinite "
                                         r"cell\);.*replace\(\[np\.inf, -np\.inf\], np\.nan\)\.dropna\(\)"):
        as_texts([["a", float("inf")], ["b", -math.inf]])


def test_a_missing_cell_before_an_infinite_one_gets_the_fix_for_both():
    # dropna() alone would leave the infinite cell, and the next call would refuse it
    with pytest.raises(ValueError, match=r"^Row 0, column 1 of the input is missing \(None\) \(and 1 more infinite "
                                         r"cell\);.*replace\(\[np\.inf, -np\.inf\], np\.nan\)\.dropna\(\)"):
        as_texts([["a", None], ["b", float("inf")]])
    with pytest.raises(ValueError, match=r"^Row 0, column 1 of the input is missing \(None\) \(and 2 more missing or "
                                         r"infinite cells\);.*replace\(\[np\.inf, -np\.inf\], np\.nan\)"):
        as_texts([["a", None], ["b", float("inf")], [float("nan"), "c"]])


def test_a_dataframe_cell_is_named_by_index_and_column():
    frame = pd.DataFrame({"text": ["Xi warned.", "They agreed."], "score": [1.5, np.inf]}, index=["r1", "r2"])
    with pytest.raises(ValueError, match=r"^Row 1 \(index 'r2'\), column 'score' of the input is infinite \(inf\);"
                                         r".*pass it alone \(df\['text'\]\)"):
        as_texts(frame)


def test_rows_are_joined_as_before():
    rows = [["Xi warned", np.str_("Biden"), 3, 2.5, np.int64(7), True, np.datetime64("2024-11-16")]]
    assert as_texts(rows) == ["Xi warned Biden 3 2.5 7 True 2024-11-16"]
    assert as_texts(np.array(rows, dtype=object)) == ["Xi warned Biden 3 2.5 7 True 2024-11-16"]
    frame = pd.DataFrame({"a": ["Xi warned", "They"], "b": ["Biden.", "agreed."]})
    assert as_texts(frame) == ["Xi warned Biden.", "They agreed."]


def test_str_cells_are_not_checked_one_by_one(monkeypatch):
    """Finding 9: the check is made while joining, and a str cell (nearly every cell of text) is joined as it is,
    with no call per cell; only the other cells are checked."""
    import stancelib._inference as inference

    calls = []

    def counted(value):
        calls.append(value)
        return is_missing(value)

    monkeypatch.setattr(inference, "is_missing", counted)
    assert as_texts([["Xi warned", "Biden."]] * 50) == ["Xi warned Biden."] * 50
    assert calls == []
    assert as_texts([["Xi warned", 1]] * 50) == ["Xi warned 1"] * 50
    assert calls == [1] * 50
