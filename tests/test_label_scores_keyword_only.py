"""``SentenceLabel``'s hidden scores are keyword-only: a 7th positional argument is refused (not packed as the
scores), and a class pattern binds the public fields alone.

Review r33 (new), finding 7. The sentences are written for these tests.
"""

import pickle

import pytest

from stancelib import SentenceLabel, classify


def test_a_seventh_positional_argument_is_refused():
    with pytest.raises(TypeError, match="positional"):
        SentenceLabel("Xi spoke.", (0, 9), ("other",), "neutral", "other", 0.5, "doc1")


def test_the_scores_are_not_in_match_args():
    assert SentenceLabel.__match_args__ == ("text", "span", "issues", "stance", "side", "confidence")
    lab = classify("Xi warned Biden over Taiwan.")[0]
    match lab:
        case SentenceLabel(text, span, issues, stance, side, confidence):
            assert (text, stance) == (lab.text, lab.stance)
        case _:
            pytest.fail("a pattern of the six public fields matches a label")


def test_scores_given_by_keyword_and_by_classify_still_work():
    lab = classify("Xi warned Biden over Taiwan.")[0]
    twin = SentenceLabel(lab.text, lab.span, lab.issues, lab.stance, lab.side, lab.confidence, _scores=lab._scores)
    assert twin == lab and twin.scores == lab.scores and pickle.loads(pickle.dumps(lab)) == lab
    assert SentenceLabel.from_dict(lab.to_dict()) == lab


def test_scores_of_the_wrong_shape_are_refused():
    with pytest.raises(TypeError, match=r"_scores is \(layout, values\), as classify makes it, got str"):
        SentenceLabel("Xi spoke.", (0, 9), ("other",), "neutral", "other", 0.5, _scores="doc1")
