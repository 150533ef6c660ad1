"""stancelib.evaluation refuses what it cannot score right: unchecked records, unknown heads, a model that is not one."""

import math
import warnings

import pytest

from stancelib.data import DataValidationError
from stancelib.evaluation import MissingDocIdWarning, evaluate
from stancelib.model import ReadoutClassifier
from stancelib.persist import bundled_dir

from .test_evaluation import RECORDS


def _records() -> list[dict]:
    return [dict(r) for r in RECORDS] + [
        {"id": "4", "doc_id": "e", "text": "He also raised concerns about export controls on chips.",
         "issue": ["technology"], "stance": "concern", "side": "china"},
    ]


# ---- finding 1: records are checked as validate_records checks them ---------------------------------------------

def test_an_issue_given_as_a_string_is_refused_not_scored_letter_by_letter(model):
    records = _records()
    records[0]["issue"] = "taiwan"
    with pytest.raises(DataValidationError, match=r"<records>:1: 'issue' must be a list of codes, got str 'taiwan'"):
        evaluate(model, records)


def test_a_nan_label_is_a_missing_label_not_the_label_nan(model):
    records = _records()
    records[2]["stance"] = float("nan")  # a pandas missing value
    with pytest.raises(DataValidationError, match=r"<records>:3: missing label 'stance'"):
        evaluate(model, records)


def test_a_label_field_missing_from_every_record_is_not_scored(model):
    records = [dict(r, side=float("nan")) for r in _records()]  # df.to_dict("records") of an empty column
    ev = evaluate(model, records)
    assert ev.heads == ("issue", "stance")


def test_a_dataframe_is_read_by_its_rows(model):
    """A DataFrame iterates over its column names; it is read by its rows, as load_records reads it."""
    pd = pytest.importorskip("pandas")
    from_frame = evaluate(model, pd.DataFrame(_records()))
    assert from_frame.metrics == evaluate(model, _records()).metrics


def test_records_the_validator_refuses_are_refused(model):
    records = _records()
    records[1]["id"] = "1"
    with pytest.raises(DataValidationError, match="duplicate id '1'"):
        evaluate(model, records)


# ---- finding 5: worst_errors, confusion and reliability name a head they cannot use -----------------------------

@pytest.fixture(scope="module")
def scored(model):
    return evaluate(model, _records())


def test_worst_errors_takes_one_head_as_a_string(scored):
    one = scored.worst_errors(5, heads="stance")
    assert one and one == scored.worst_errors(5, heads=("stance",))
    assert all(e["wrong"] == ["stance"] for e in one)


def test_worst_errors_defaults_to_every_single_label_head(scored):
    assert scored.worst_errors(5) == scored.worst_errors(5, heads=("stance", "side"))


@pytest.mark.parametrize("heads, message", [
    (("stnace",), r"Unknown head 'stnace'; this evaluation scores \['issue', 'stance', 'side'\]"),
    (("issue",), r"'issue' is multi-label: .* not ranked by confidence"),
    ("issue", r"'issue' is multi-label"),
])
def test_worst_errors_refuses_a_head_it_cannot_rank(scored, heads, message):
    with pytest.raises(ValueError, match=message):
        scored.worst_errors(3, heads=heads)


def test_worst_errors_refuses_a_head_the_data_does_not_label(model):
    ev = evaluate(model, [{k: v for k, v in r.items() if k != "side"} for r in _records()])
    with pytest.raises(ValueError, match=r"The data has no 'side' labels"):
        ev.worst_errors(3, heads="side")


def test_worst_errors_refuses_a_negative_n(scored):
    with pytest.raises(ValueError, match="n must be 0 or more, got -1"):
        scored.worst_errors(-1)
    assert scored.worst_errors(0) == []


def test_confusion_and_reliability_are_for_single_label_heads(scored):
    with pytest.raises(ValueError, match=r"'issue' is multi-label: a confusion matrix"):
        scored.confusion("issue")
    with pytest.raises(ValueError, match=r"'issue' is multi-label: an issue set has no single confidence"):
        scored.reliability("issue")
    assert scored.confusion("side")[1].sum() == 4


# ---- finding 6: model=None or a path, as surface_changes takes them; no doc_id warns ----------------------------

def test_model_none_or_a_path_is_resolved_as_the_public_api_does(model):
    want = evaluate(model, _records())
    for m in (None, bundled_dir(), str(bundled_dir())):
        ev = evaluate(m, _records())
        assert ev.pred == want.pred
        assert ev.metrics["stance"] == pytest.approx(want.metrics["stance"])


def test_an_unfitted_model_is_named_not_an_attribute_error():
    with pytest.raises(ValueError, match="not fitted yet"):
        evaluate(ReadoutClassifier(), _records())
    with pytest.raises(TypeError, match="load_model"):
        evaluate(42, _records())


def test_records_without_doc_id_warn_and_are_each_read_alone(model):
    bare = [{k: v for k, v in r.items() if k != "doc_id"} for r in _records()]
    with pytest.warns(MissingDocIdWarning, match=r"4 of 4 sentence\(s\) have no doc_id .*Give every record the doc_id"):
        ev = evaluate(model, bare)
    assert ev.metrics["n_documents"] == 4
    alone = evaluate(model, [dict(r, doc_id=f"own-{i}") for i, r in enumerate(_records())])
    assert all(math.isclose(a, b) for a, b in zip(ev.proba["side"].ravel(), alone.proba["side"].ravel()))
    assert ev.pred == alone.pred


def test_records_with_doc_id_do_not_warn(model):
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingDocIdWarning)
        assert evaluate(model, _records()).metrics["n_documents"] == 2
