"""evaluate() and trends() read every missing-value marker as missing: ``_inference.is_missing``, the test
``data.validate_records`` makes (None, NaN of any float type, ``pd.NA``, NaT), and for trends() a blank str too.

Before, each module had its own test, None or a float NaN only:
- evaluate() read a ``doc_id`` of ``pd.NA`` (or float32 NaN, or NaT) as present, so validate_records, which
  reads it as missing, refused the record ("missing field 'doc_id'") where a None ``doc_id`` is read alone with
  a warning; and a label column of ``pd.NA`` everywhere counted as labelled, so every record was refused
  ("missing label") where a column of None is not scored;
- trends() turned ``pd.NA`` into the text "<NA>" (NaT into "NaT", float32 NaN into "nan"): a ``doc_id`` became
  one document "<NA>", a stance or side a code of its own, all silently; and a ``pd.NA`` text, which trends()
  does not even need, stopped it with "boolean value of NA is ambiguous".
"""

import numpy as np
import pytest

from stancelib.evaluation import MissingDocIdWarning, evaluate
from stancelib.timeseries import trends

from .table_model import TableModel
from .test_evaluation import RECORDS  # three labelled sentences in two documents

pd = pytest.importorskip("pandas")

MARKERS = [pd.NA, pd.NaT, np.float32("nan"), np.datetime64("NaT")]
IDS = ["NA", "NaT", "float32-NaN", "datetime64-NaT"]


@pytest.fixture(scope="module")
def table_model():
    return TableModel(RECORDS)


# -- evaluate()

@pytest.mark.parametrize("marker", [None, *MARKERS], ids=["None", *IDS])
def test_evaluate_reads_a_sentence_with_a_missing_doc_id_alone(marker, table_model):
    records = [dict(r) for r in RECORDS]
    records[2]["doc_id"] = marker
    with pytest.warns(MissingDocIdWarning, match=r"^1 of 3 sentence\(s\) have no doc_id \(<records>:3\)"):
        ev = evaluate(table_model, records)
    assert ev.metrics["n_documents"] == 2 and ev.metrics["stance"]["accuracy"] == 1.0


@pytest.mark.parametrize("marker", [None, *MARKERS], ids=["None", *IDS])
def test_evaluate_leaves_out_a_label_missing_from_every_record(marker, table_model):
    records = [dict(r, side=marker) for r in RECORDS]
    assert evaluate(table_model, records).heads == ("issue", "stance")


def test_evaluate_still_refuses_a_label_missing_from_some_records(table_model):
    from stancelib.data import DataValidationError

    records = [dict(r) for r in RECORDS]
    records[1]["side"] = pd.NA
    with pytest.raises(DataValidationError, match=r"<records>:2: missing label 'side'"):
        evaluate(table_model, records)


# -- trends()

def _rows():
    return [
        {"doc_id": "d1", "date": "2024-01-05", "text": "Xi warned.", "issues": ["taiwan"], "stance": "warning",
         "side": "china"},
        {"doc_id": "d2", "date": "2024-02-05", "text": "They agreed.", "issues": ["taiwan"],
         "stance": "cooperation", "side": "us"},
    ]


@pytest.mark.parametrize("marker", [*MARKERS, None, "", "  "], ids=[*IDS, "None", "empty", "blank"])
def test_trends_refuses_a_missing_doc_id_stance_or_side(marker):
    for field, message in (("doc_id", r"^sentence 1 \('They agreed\.'\) has no doc_id;"),
                           ("stance", r"^sentence 1 \('They agreed\.'\) of document 'd2' has no stance$"),
                           ("side", r"^sentence 1 \('They agreed\.'\) of document 'd2' has no side, but other "
                                    r"sentences have one")):
        rows = _rows()
        rows[1][field] = marker
        with pytest.raises(ValueError, match=message):
            trends(rows, by="month", min_documents=1)


@pytest.mark.parametrize("marker", MARKERS, ids=IDS)
def test_trends_without_sides_when_every_side_is_missing(marker):
    rows = [dict(r, side=marker) for r in _rows()]
    assert {r.side for r in trends(rows, by="month", min_documents=1).rows} == {None}


def test_trends_does_not_need_the_text():
    rows = _rows()
    rows[0]["text"] = pd.NA
    t = trends(rows, by="month", min_documents=1)
    counted = [(r.period, r.side, r.count) for r in t.rows if r.stance == "warning" and r.count]
    assert counted == [("2024-01", "china", 1)]


def test_trends_reads_the_rows_of_a_frame_with_nullable_columns():
    """``itertuples()`` of a frame of pandas' nullable dtypes gives ``pd.NA`` for an empty cell."""
    rows = _rows()
    rows[1]["side"] = None
    frame = pd.DataFrame(rows).convert_dtypes()
    with pytest.raises(ValueError, match=r"^sentence 1 \('They agreed\.'\) of document 'd2' has no side"):
        trends(frame.itertuples(index=False), by="month", min_documents=1)
