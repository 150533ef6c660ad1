"""classify_sentences' fast paths make the same labels as the slow ones.

``label_sentences`` fills each SentenceLabel's slots directly (``api._new_labels``) instead of calling
``__init__``, and ``_sentence_list`` skips its item-by-item checks when every item is exactly a str. These
tests hold both to what they replace: labels equal, hash, pickle, copy and print as labels made by
``__init__``, and every input the checks refused is still refused. No expectation here depends on the
bundled model's weights: the labels are compared with themselves, rebuilt.
"""

import copy
import dataclasses
import pickle
from collections.abc import Mapping

import pytest

from stancelib import SentenceLabel, classify, classify_sentences
from stancelib.api import _LABEL_SETTERS, _LABEL_STATE, _new_labels, _sentence_list

SENTENCES = ["Xi warned Biden not to cross a red line on Taiwan.", "The two leaders agreed to meet again.",
             "", "Blorf zimble quaxx.", "中方表示关切。", "“We will not back down,” he said."]


def _rebuilt(label: SentenceLabel) -> SentenceLabel:
    """The same label made by __init__, from its fields and its packed scores."""
    return SentenceLabel(label.text, label.span, label.issues, label.stance, label.side, label.confidence,
                         _scores=label._scores, doc_id=label.doc_id, date=label.date, source=label.source)


def test_the_setters_cover_every_slot_the_label_state_names():
    fields = [f.name for f in dataclasses.fields(SentenceLabel)]
    assert set(_LABEL_STATE) == set(fields) | {"_scores"}
    assert len(_LABEL_SETTERS) == len(_LABEL_STATE)


@pytest.mark.parametrize("labelled", [lambda: classify_sentences(SENTENCES),
                                      lambda: classify(" ".join(SENTENCES))], ids=["sentences", "classify"])
def test_labels_made_slot_by_slot_equal_labels_made_by_init(labelled):
    labels = labelled()
    assert labels
    for label in labels:
        again = _rebuilt(label)
        assert label == again and hash(label) == hash(again) and repr(label) == repr(again)
        assert dataclasses.asdict(label) == dataclasses.asdict(again)
        assert label.to_dict() == again.to_dict() and label.scores == again.scores
        assert label.doc_id is None and label.date is None and label.source is None
        assert pickle.loads(pickle.dumps(label)) == label and copy.deepcopy(label) == label
        assert dataclasses.replace(label, doc_id="d1").doc_id == "d1"
        with pytest.raises(dataclasses.FrozenInstanceError):
            label.stance = "neutral"  # type: ignore[misc]


def test_new_labels_takes_every_value_as_given():
    layout = (("issue", ("taiwan", "other")), ("stance", ("warning", "neutral")))
    rows = [b"\x00" * 16, b"\x01" * 16]
    made = _new_labels(["a", "b"], [(0, 1), (3, 4)], [("taiwan",), ("other", "taiwan")], ["warning", "neutral"],
                       ["china", None], [0.5, 0.25], layout, rows)
    want = [SentenceLabel("a", (0, 1), ("taiwan",), "warning", "china", 0.5, _scores=(layout, rows[0])),
            SentenceLabel("b", (3, 4), ("other", "taiwan"), "neutral", None, 0.25, _scores=(layout, rows[1]))]
    assert made == want
    assert [lab._scores for lab in made] == [(layout, rows[0]), (layout, rows[1])]
    assert _new_labels([], [], [], [], [], [], layout, []) == []


class _RecordText(str):
    """A str that is also registered as a Mapping: the item-by-item check must still see it."""

    def __getitem__(self, key):  # noqa: D105
        return super().__getitem__(key)


Mapping.register(_RecordText)


def test_sentence_list_returns_a_list_of_str_as_is_and_still_checks_anything_else():
    given = ("one.", "two.", "")
    assert _sentence_list(given, "classify_sentences") == list(given)
    assert _sentence_list(iter(given), "classify_sentences") == list(given)
    assert _sentence_list([], "classify_sentences") == []

    class Sub(str):
        pass

    assert _sentence_list(["a", Sub("b")], "classify_sentences") == ["a", "b"]
    with pytest.raises(TypeError, match=r"sentence 1 is a _RecordText \(a record\?\)"):
        _sentence_list(["a", _RecordText("b")], "classify_sentences")
    with pytest.raises(TypeError, match="sentence 2 is bytes"):
        _sentence_list(["a", "b", b"c"], "classify_sentences")
    with pytest.raises(TypeError, match="sentence 0 is a dict"):
        classify_sentences([{"text": "a"}])
