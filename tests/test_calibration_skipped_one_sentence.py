"""The CalibrationSkippedWarning of folds that scored too few sentences says what happened.

Review r32 (diff), finding 6: ``_fit`` warned "none of the N calibration folds could be fitted" on the
condition ``covered.sum() < 2``, written again beside ``_calibrate``'s own, which also holds when a fold was
fitted and scored a single sentence. ``_calibrate`` now says whether it calibrated, and the warning says
how many folds were fitted. The case of no fold fitted is tested in
``tests/test_calibration_skipped_warning.py``.
"""

import pytest

from stancelib.model import CalibrationSkippedWarning, ReadoutClassifier

# written for this test. Group 1 is one sentence: its fold trains on group 0, which repeats each word, and
# scores that one sentence; the other fold trains on it alone, where min_df=2 leaves no word.
TEXTS = ["Xylophones quartzite", "Xylophones marble", "Quartzite marble", "Xylophones"]
STANCES = {"stance": ["concern", "cooperation", "concern", "cooperation"]}


def test_a_fold_that_scored_one_sentence_is_not_called_unfitted():
    with pytest.warns(CalibrationSkippedWarning) as caught:
        clf = ReadoutClassifier(cv=2, char_ngram_range=None).fit(TEXTS, STANCES, groups=[0, 0, 0, 1])
    [warning] = [w for w in caught if issubclass(w.category, CalibrationSkippedWarning)]
    message = str(warning.message)
    assert "none of the" not in message
    assert message.startswith("only 1 of the 2 calibration folds could be fitted, which scored a single sentence "
                              "out of fold, and calibrating needs 2 or more (the training sentences of the others "
                              "could not make the model"), message
    assert "the model is left uncalibrated, as cv=0 leaves it" in message
    assert clf.cv_metrics_ == {} and clf.temperatures_ == {"stance": 1.0}  # as uncalibrated as the warning says


def test_a_calibrated_fit_does_not_warn(recwarn):
    clf = ReadoutClassifier(cv=2, char_ngram_range=None, min_df=1).fit(TEXTS * 2, {"stance": STANCES["stance"] * 2},
                                                                       groups=[0, 0, 1, 1] * 2)
    assert not [w for w in recwarn if issubclass(w.category, CalibrationSkippedWarning)]
    assert clf.cv_metrics_["n_sentences"] == 8
