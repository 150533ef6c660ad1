"""``random_state`` is a whole-number seed of every head's solver, as documented, and nothing else is taken.

Review r34 (repro), L1: the docstring called it the "Seed of the fold shuffling when no groups are given", but it
seeds every head's liblinear fit; and a ``numpy.random.RandomState`` (which scikit-learn's conventions accept)
was drawn from by the heads in turn in one process but copied into each worker, so the model depended on
``n_jobs``, although ``fit`` promises the same model bit for bit whatever the number. The sentences are written
for these tests (conftest's ``TWO_X``).
"""

import inspect

import numpy as np
import pytest

from stancelib import ReadoutClassifier

from .conftest import TWO_X as X
from .conftest import TWO_Y as Y
from .conftest import as_records


@pytest.mark.parametrize("seed", [np.random.RandomState(0), None, -1, 2**32, 1.5, True, "0"])
def test_a_seed_that_is_not_a_whole_number_in_range_is_refused_before_fitting(seed, monkeypatch):
    monkeypatch.setattr(ReadoutClassifier, "_fit_blocks", lambda *a, **k: pytest.fail("a block was fitted"))
    with pytest.raises(ValueError, match=r"random_state must be a whole number in 0\.\.4294967295 \(the seed of "
                                         r"every head's solver and of the fold shuffling\), got .*RandomState or "
                                         r"None would make the model depend on n_jobs"):
        ReadoutClassifier(cv=0, min_df=1, random_state=seed).fit(X, Y)


def test_whole_numbers_numpy_ones_too_are_taken():
    for seed in (0, 2**32 - 1, np.int64(7)):
        assert ReadoutClassifier(cv=0, min_df=1, random_state=seed).fit(X, Y).predict(X[:1])["stance"] == ["warning"]


def test_the_docstring_says_what_it_seeds():
    doc = " ".join(inspect.getdoc(ReadoutClassifier).split())
    assert "Seed of the fold shuffling when no groups are given" not in doc
    assert ("random_state : int, default=0 Seed of everything random in a fit: the solver of every head's "
            "regressions (of the final fit and of the calibration folds)") in doc


def test_train_sets_the_seed_of_an_estimator_given_without_one():
    """``train`` fits a clone with ``random_state=seed``: an estimator passed with None is not refused."""
    from stancelib import train

    result = train(as_records(X, Y), base="none", seed=5, params={"cv": 0, "min_df": 1},
                   estimator=ReadoutClassifier(random_state=None))
    assert result.model.random_state == 5
