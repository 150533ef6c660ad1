"""``python -m training.train`` reports a config that ``train()`` refuses as a usage error, not a traceback.

Review r34 (repro), L3: a misspelt parameter in a config's ``params`` (``"min_dff"``) and a ``calibrate_by`` that
no record has came out as tracebacks, the second only after the whole corpus had been read, while every other
config problem was a usage error. The parameters are now checked before the corpus is read, and ``train()``'s
own refusals are reported without a traceback. Nothing is trained: the corpus is one written for these tests.
"""

import pytest

import training.train as script

from .conftest import training_config


@pytest.mark.parametrize("params, message", [
    ({"min_dff": 3}, "params: Unknown parameter 'min_dff' of ReadoutClassifier. Did you mean 'min_df'?"),
    ({"word_ngram_range": [3, 1]}, "params: word_ngram_range must be two ints (lo, hi) with 1 <= lo <= hi"),
])
def test_a_bad_parameter_is_a_usage_error_before_the_corpus_is_read(tmp_path, capsys, monkeypatch, params, message):
    monkeypatch.setattr(script, "build", lambda *a, **k: pytest.fail("the corpus was read"))
    config = training_config(tmp_path, {"params": params})
    with pytest.raises(SystemExit) as exc:
        script.main(["--config", config, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and f"python -m training.train: error: --config {config}: {message}" in err


def test_a_calibration_field_no_record_has_is_a_usage_error(tiny_checkout, capsys):
    """tiny_checkout's seed corpus: 4 records, none with 'authr'."""
    config = training_config(tiny_checkout, {"calibrate_by": "authr", "heldout_docs": None})
    with pytest.raises(SystemExit) as exc:
        script.main(["--config", config, "--out", str(tiny_checkout / "out")])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "Traceback" not in err
    assert (f"python -m training.train: error: cannot train with --config {config}: calibrate_by='authr': 4 "
            "record(s) have no 'authr'") in err
    assert not (tiny_checkout / "out").exists()
