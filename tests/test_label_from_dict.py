"""``SentenceLabel.from_dict`` reads back what ``to_dict`` (and ``classify --format jsonl``) wrote.

Review r32 (outputs, finding 13): labels saved as JSONL could go to ``trends`` but could not be
summarised or compared without labelling the texts again.
"""

import json

import pytest

from stancelib import SentenceLabel, classify, classify_documents, summarize

from .conftest import SEED_ARTICLE


def test_a_json_round_trip_gives_equal_labels_that_summarise_alike():
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    labels = classify_documents([{"id": "a1", "date": "2024-05-01", "source": "wire", "text": text}])
    back = [SentenceLabel.from_dict(json.loads(json.dumps(lab.to_dict()))) for lab in labels]
    assert back == labels
    assert [b.to_dict() for b in back] == [lab.to_dict() for lab in labels]
    assert summarize(back) == summarize(labels)


def test_a_label_without_scores_is_read_and_summarised():
    d = {"text": "Talks went on.", "span": [0, 14], "issues": ["relations"], "stance": "neutral",
         "side": "joint", "confidence": 0.8, "confidence_head": "stance", "explanation": {}}
    lab = SentenceLabel.from_dict(d)
    assert lab.scores == {} and lab.confidence_head is None and lab.doc_id is None
    assert summarize([lab])["relations"].side("joint").stance == "neutral"


@pytest.mark.parametrize("change, error, match", [
    ({"span": None}, TypeError, r"'span' must be two whole numbers"),
    ({"issues": "taiwan"}, TypeError, r"'issues' must be a list of codes"),
    ({"confidence": "0.9"}, TypeError, r"'confidence' must be a number"),
    ({"scores": {"stance": {"warning": "high"}}}, TypeError, r"'scores' must be a dict of head"),
])
def test_wrong_fields_are_named(change, error, match):
    d = classify("Beijing warned of countermeasures.")[0].to_dict()
    with pytest.raises(error, match=match):
        SentenceLabel.from_dict({**d, **change})


def test_missing_fields_and_flat_rows_are_refused_with_the_fix():
    row = {"doc_id": "a", "start": 0, "end": 5, "text": "Talks", "issues": ["relations"], "stance": "neutral",
           "side": "joint", "confidence": 0.9}
    with pytest.raises(ValueError, match=r"has no span; .*row of save_labels is flat"):
        SentenceLabel.from_dict(row)
    with pytest.raises(TypeError, match="expects a dict"):
        SentenceLabel.from_dict("Talks")
    with pytest.raises(TypeError, match=r"SentenceLabel\.from_dict\(d\)"):
        summarize([row])


def test_labels_read_back_give_compares_reading():
    """compare() labels texts itself; its rule, given labels read back, reads them as the originals."""
    from stancelib.comparison import _view

    labels = classify("Xi warned Biden not to cross a red line on Taiwan. Biden raised concerns about Taiwan.")
    back = [SentenceLabel.from_dict(json.loads(json.dumps(lab.to_dict()))) for lab in labels]
    stances = list(labels[0].scores["stance"])
    assert _view("taiwan", back, stances) == _view("taiwan", labels, stances)
