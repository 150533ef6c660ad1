"""stancelib.evaluation: the scoring behind notebooks/evaluate.ipynb and retrain.ipynb."""

import numpy as np
import pytest

from stancelib.evaluation import (
    evaluate,
    heldout_doc_ids,
    heldout_records,
    in_document_order,
    metrics_table,
    reliability,
)


def test_reliability_bins_and_ece():
    r = reliability([0.05, 0.95, 0.95, 0.95, 0.95, 1.0], [False, True, True, True, False, True], n_bins=10)
    assert r.count.sum() == 6 and r.count[0] == 1 and r.count[9] == 5
    assert np.isnan(r.accuracy[5])
    # bin 0: |0 - 0.05|, bin 9: |0.8 - 0.96|, weighted by 1/6 and 5/6
    assert r.ece == pytest.approx((0.05 + 5 * 0.16) / 6)
    assert reliability([1.0, 1.0], [True, True]).ece == 0.0


def test_heldout_records_are_the_listed_documents():
    ids = set(heldout_doc_ids())
    records = heldout_records()
    assert ids and {r["doc_id"] for r in records} == ids


def test_in_document_order_groups_and_keeps_reading_order():
    recs = [{"doc_id": "b", "id": 1}, {"doc_id": "a", "id": 2}, {"doc_id": "b", "id": 3}]
    assert [r["id"] for r in in_document_order(recs)] == [1, 3, 2]


#: Three labelled sentences in two documents, the third deliberately mislabelled (tests/test_evaluation_input.py too).
RECORDS = [
    {"id": "1", "doc_id": "d", "text": "Xi warned Biden not to cross a red line on Taiwan.",
     "issue": ["taiwan"], "stance": "warning", "side": "china"},
    {"id": "2", "doc_id": "d", "text": "The two sides agreed to resume talks on climate change.",
     "issue": ["climate"], "stance": "cooperation", "side": "joint"},
    {"id": "3", "doc_id": "e", "text": "The call lasted ninety minutes.",
     "issue": ["relations"], "stance": "warning", "side": "us"},
]


def test_evaluate_scores_every_head():
    """With a model whose predictions are known (tests/table_model.py): the gold labels of the first two records,
    and for the third relations, neutral, joint. (The bundled model's predictions: tests/test_golden.py.)"""
    from .table_model import TableModel

    model = TableModel(RECORDS[:2] + [(RECORDS[2]["text"], ["relations"], "neutral", "joint")])
    records = [dict(r) for r in RECORDS]
    ev = evaluate(model, records)
    assert ev.heads == ("issue", "stance", "side")
    assert ev.metrics["n_sentences"] == 3 and ev.metrics["n_documents"] == 2
    assert ev.pred == {"issue": [("taiwan",), ("climate",), ("relations",)],
                       "stance": ["warning", "cooperation", "neutral"], "side": ["china", "joint", "joint"]}
    assert ev.metrics["stance"]["accuracy"] == pytest.approx(2 / 3)
    assert ev.metrics["side"]["accuracy"] == pytest.approx(2 / 3)
    assert ev.metrics["issue"]["exact_match"] == 1.0
    labels, m = ev.confusion("stance")
    assert m.sum() == 3 and m[labels.index("warning"), labels.index("warning")] == 1
    assert m[labels.index("warning"), labels.index("neutral")] == 1  # the third: warning read as neutral
    worst = ev.worst_errors(5)
    assert worst and worst[0]["id"] == "3" and "stance" in worst[0]["wrong"]
    assert all(a["confidence"] >= b["confidence"] for a, b in zip(worst, worst[1:]))
    assert set(ev.per_label_f1("issue")) >= {"taiwan", "climate"}
    table = metrics_table({"a": ev, "b": ev})
    assert "| stance | accuracy | 0.667 | 0.667 | +0.000 |" in table


def test_evaluate_counts_codes_the_model_lacks_as_missed(model):
    records = [{"id": "1", "doc_id": "d", "text": "The two sides discussed lunar exploration.",
                "issue": ["space"], "stance": "neutral"}]
    ev = evaluate(model, records)
    assert ev.heads == ("issue", "stance")  # no side labels in the data
    assert "space" in ev.labels["issue"] and ev.per_label_f1("issue")["space"]["f1"] == 0.0
    assert ev.metrics["issue"]["exact_match"] == 0.0
