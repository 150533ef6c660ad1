"""stancelib's warnings name the user's line, through one helper (``stancelib._warnings.outside_stacklevel``).

Review r32 (diff), finding 1: the helper was written twice (``documents._caller_outside``,
``persist._outside_stacklevel``), and ``model._warn_uncalibrated`` hard-coded ``stacklevel=4``, which names
``stancelib/trainer.py`` when the warning comes through ``stancelib.train()``. The header-only and the feature
revision warnings are checked where they are tested (``tests/test_documents_lineends.py``,
``tests/test_persist.py``); the calibration warning is checked here, by every way in.
"""

import ast
import warnings
from pathlib import Path

import pytest

import stancelib
from stancelib.model import CalibrationSkippedWarning, ReadoutClassifier

PACKAGE = Path(stancelib.__file__).resolve().parent

# written for these tests: one document, so cv=5 makes no calibration fold
TEXTS = ["Beijing cautioned Washington about weapons deliveries to Taiwan.",
         "Both sides promised more student exchanges.",
         "American officials voiced worry about fentanyl shipments.",
         "Beijing asked Washington to drop steel tariffs."] * 3
STANCES = ["warning", "cooperation", "concern", "concern"] * 3


def _calibration_warnings(call) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return [w for w in caught if issubclass(w.category, CalibrationSkippedWarning)]


def _cross_val_proba(clf: ReadoutClassifier) -> None:
    # one group: fit_cross_val_proba warns, then refuses (no fold scored a sentence)
    with pytest.raises(ValueError, match="No calibration fold could be made"):
        clf.fit_cross_val_proba(TEXTS, {"stance": STANCES}, groups=["d1"] * len(TEXTS))


@pytest.mark.parametrize("way", ["fit", "fit_cross_val_proba", "train"])
def test_the_calibration_warning_names_the_callers_line(way):
    clf = ReadoutClassifier(min_df=1)  # cv=5
    calls = {
        "fit": lambda: clf.fit(TEXTS, {"stance": STANCES}, groups=["d1"] * len(TEXTS)),
        "fit_cross_val_proba": lambda: _cross_val_proba(clf),
        "train": lambda: stancelib.train([{"id": str(i), "doc_id": "d1", "text": t, "stance": s}
                                          for i, (t, s) in enumerate(zip(TEXTS, STANCES))],
                                         base="none", params={"min_df": 1}),
    }
    found = _calibration_warnings(calls[way])
    assert len(found) == 1, [str(w.message) for w in found]
    # with stacklevel=4, train() got stancelib/trainer.py here
    assert Path(found[0].filename).resolve() == Path(__file__).resolve(), (found[0].filename, found[0].lineno)


def test_only_the_helper_walks_the_stack():
    """One mechanism: no other module of the package reads frames to choose a stacklevel."""
    walkers = []
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.Attribute) and node.attr == "_getframe" for node in ast.walk(tree)):
            walkers.append(path.name)
    assert walkers == ["_warnings.py"], walkers


def test_the_helper_names_its_callers_caller_from_outside():
    """Called by a function outside the package, there is no stancelib frame to skip: 1 names that function."""
    from stancelib._warnings import outside_stacklevel

    def warner():
        warnings.warn("here", UserWarning, stacklevel=outside_stacklevel())

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warner()
    [w] = caught
    assert Path(w.filename).resolve() == Path(__file__).resolve()
    assert outside_stacklevel() == 1
