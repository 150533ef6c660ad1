"""A fit that asks for calibration (cv >= 2) but cannot make a fold says so.

Review r32 (retrain, finding 6): sentences of one document (one calibration group) gave a model with
thresholds 0.5 and no calibration, as cv=0 does, though the default cv=5 was asked for, and nothing
said so.
"""

import warnings

import pytest

from stancelib.model import CalibrationSkippedWarning, ReadoutClassifier

# written for this test
X = ["Beijing cautioned Washington about weapons deliveries to Taiwan.", "Both sides promised more student exchanges.",
     "American officials voiced worry about fentanyl shipments.", "Beijing asked Washington to drop steel tariffs."] * 3
STANCES = {"stance": ["warning", "cooperation", "concern", "concern"] * 3}


def test_one_document_warns_that_the_model_is_uncalibrated():
    with pytest.warns(CalibrationSkippedWarning, match=r"cv=5 needs at least 2 groups .* got 1: the model is left "
                                                       r"uncalibrated, as cv=0 leaves it .*pass cv=0"):
        clf = ReadoutClassifier(min_df=1).fit(X, STANCES, groups=["d1"] * len(X))
    assert clf.cv_metrics_ == {} and clf.temperatures_ == {"stance": 1.0}


def test_folds_that_cannot_be_fitted_warn_too():
    # each document alone holds every word once, so min_df=2 leaves a fold no word; both together hold each twice
    texts = ["Xylophones", "Quartzite", "Xylophones", "Quartzite"]
    with pytest.warns(CalibrationSkippedWarning, match=r"none of the 2 calibration folds could be fitted"):
        ReadoutClassifier(cv=2, char_ngram_range=None).fit(texts, {"stance": ["concern", "cooperation"] * 2},
                                                           groups=[0, 0, 1, 1])


@pytest.mark.parametrize("cv, groups", [(0, ["d1"] * 12), (1, None), (2, ["d1", "d2"] * 6), (5, None)])
def test_no_warning_when_calibration_is_made_or_not_asked_for(cv, groups):
    with warnings.catch_warnings():
        warnings.simplefilter("error", CalibrationSkippedWarning)
        ReadoutClassifier(min_df=1, cv=cv).fit(X, STANCES, groups=groups)
