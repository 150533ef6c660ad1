"""``python -m training.train`` reports as usage errors only its refusals of the config and the corpus; an error
raised while fitting keeps its traceback.

Review r34 (diff_lib), L4: ``main`` wrapped the whole of ``build()`` in ``except (TypeError, ValueError,
FileNotFoundError)``, so a shape error from numpy or a bug in stancelib became "cannot train with --config X",
exit status 2, without a traceback. The refusals are now checked before ``train()`` runs
(``check_training_inputs``), and only they (and the corpus's label problems) are usage errors. Nothing is
trained on the seed corpus: the corpus is one written for these tests, and the fit is replaced by one that fails.
"""

import pytest

import training.train as script
from stancelib.model import ReadoutClassifier

from .conftest import training_config


def test_an_error_raised_while_fitting_keeps_its_traceback(tiny_checkout, monkeypatch):
    def broken_fit(self, *args, **kwargs):
        raise ValueError("shapes (3,7) and (8,) not aligned")

    monkeypatch.setattr(ReadoutClassifier, "fit", broken_fit)
    config = training_config(tiny_checkout, {"calibrate_by": "author", "heldout_docs": None})
    with pytest.raises(ValueError, match="not aligned"):  # not SystemExit(2)
        script.main(["--config", config, "--out", str(tiny_checkout / "out")])


@pytest.mark.parametrize("settings, out, message", [
    ({"heldout_docs": "held.txt"}, "out", "heldout_docs held.txt names 1 document(s) that no record of the seed "
                                          "corpus has as its doc_id: 'd9'"),
    ({"heldout_docs": "missing.txt"}, "out", "No such file or directory"),
    ({"heldout_docs": None}, "afile", "is a file; pass a directory for the model"),
])
def test_a_refusal_of_the_config_is_a_usage_error_before_anything_is_fitted(tiny_checkout, monkeypatch, capsys,
                                                                          settings, out, message):
    monkeypatch.setattr(ReadoutClassifier, "fit", lambda *a, **k: pytest.fail("fitted"))
    (tiny_checkout / "held.txt").write_text("d9\n", encoding="utf-8")
    (tiny_checkout / "afile").write_text("x", encoding="utf-8")
    config = training_config(tiny_checkout, settings)
    with pytest.raises(SystemExit) as exc:
        script.main(["--config", config, "--out", str(tiny_checkout / out)])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and f"error: cannot train with --config {config}: " in err and message in err, err
