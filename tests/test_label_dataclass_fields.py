"""A ``SentenceLabel``'s dataclass fields are its public fields: ``pd.DataFrame(labels)`` and
``dataclasses.asdict`` hold no packed probabilities, and everything that reads the scores still does.

Review r33 (user), finding 8: the packed float32 scores were a dataclass field, so the first table a notebook
user made had a column of raw bytes, and ``json.dumps(asdict(label))`` failed. The sentences are written for
this test.
"""

import copy
import dataclasses
import json
import pickle

import pytest

from stancelib import classify
from stancelib.api import SentenceLabel

TEXT = "Xi warned Biden not to cross a red line on Taiwan. The two sides agreed to keep talking."
PUBLIC = ["text", "span", "issues", "stance", "side", "confidence", "doc_id", "date", "source"]


@pytest.fixture(scope="module")
def labels():
    return classify(TEXT)


def test_the_dataclass_fields_are_the_public_ones(labels):
    assert [f.name for f in dataclasses.fields(SentenceLabel)] == PUBLIC
    d = dataclasses.asdict(labels[0])
    assert list(d) == PUBLIC
    json.dumps(d)  # nothing JSON cannot hold


def test_a_dataframe_of_labels_has_the_public_columns(labels):
    pd = pytest.importorskip("pandas")
    assert pd.DataFrame(labels).columns.tolist() == PUBLIC


def test_scores_survive_every_copy_and_count_in_equality(labels):
    lab = labels[0]
    assert lab.scores["stance"]["warning"] > 0.5 and lab.confidence_head is not None
    for twin in (pickle.loads(pickle.dumps(lab)), copy.copy(lab), copy.deepcopy(lab),
                 SentenceLabel.from_dict(json.loads(json.dumps(lab.to_dict()))),
                 dataclasses.replace(lab)):
        assert twin == lab and hash(twin) == hash(lab) and twin.scores == lab.scores
    moved = dataclasses.replace(lab, doc_id="call-1")  # what trends' message tells a user to do
    assert moved.doc_id == "call-1" and moved.scores == lab.scores
    bare = SentenceLabel(lab.text, lab.span, lab.issues, lab.stance, lab.side, lab.confidence)
    assert bare != lab and bare.scores == {}  # the scores are part of what a label is
    assert SentenceLabel(*dataclasses.astuple(bare)[:6], _scores=lab._scores) == SentenceLabel(
        lab.text, lab.span, lab.issues, lab.stance, lab.side, lab.confidence, _scores=lab._scores)


def test_a_label_pickled_in_the_old_layout_still_loads(labels):
    lab = labels[0]
    # what pickle stored when the scores were a field: every field's value, in declaration order
    state = [lab.text, lab.span, lab.issues, lab.stance, lab.side, lab.confidence, lab._scores, None, None, None]
    old = object.__new__(SentenceLabel)
    old.__setstate__(state)
    assert old == lab and old.scores == lab.scores


def test_the_repr_shows_no_scores(labels):
    assert "_scores" not in repr(labels[0]) and repr(labels[0]).startswith("SentenceLabel(text='Xi warned")
