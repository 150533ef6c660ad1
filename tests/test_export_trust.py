"""``export_model`` unpickles a model folder's estimator only with ``trusted=True``, as ``load_model`` does.

Review r34 (cli), H1: ``stancelib export DIR OUT`` (``export_model``) loaded ``DIR``'s pickle with
``trusted=True`` whatever the caller said, so a folder from a stranger ran its code, although docs/security.md
says exporting needs trust. Review r34 (speed), 6: the cache key held ``trusted``, so the bundled estimator was
unpickled once for ``load_model()`` and again for ``export_model(bundled_dir(), ...)``. The sentences are written
for these tests (conftest's ``TWO_X``); conftest's ``swapped_model`` is a folder whose pickle writes
``tmp_path/PWNED`` when it is loaded, its sha256 updated in the manifest.
"""

import pytest

from stancelib import ReadoutClassifier, persist
from stancelib.persist import (UntrustedModelError, bundled_dir, export_model, load_model, load_shared_model,
                               model_id, read_manifest, save_model)

from .conftest import TWO_X, TWO_Y


@pytest.fixture
def folder(tmp_path):
    save_model(ReadoutClassifier(cv=0, min_df=1).fit(TWO_X, TWO_Y), tmp_path / "mine", {})
    return tmp_path / "mine"


def test_an_untrusted_folder_is_refused_before_its_pickle_runs(swapped_model, tmp_path):
    with pytest.raises(UntrustedModelError) as caught:
        export_model(swapped_model, tmp_path / "out")
    message = str(caught.value)
    assert str(swapped_model) in message and "runs its code" in message
    assert "trusted=True" in message and "--trust-model" in message and "stranger" in message
    assert "already holds a safe export, which loads without trust" in message  # what to use instead
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "out").exists()  # nothing ran, nothing written


def test_the_refusal_is_load_models(swapped_model, tmp_path):
    """The same exception as load_model's, for the same file: callers catch one type for both."""
    with pytest.raises(UntrustedModelError, match="trusted=True"):
        load_model(swapped_model / read_manifest(swapped_model)["artifact"])
    with pytest.raises(UntrustedModelError):
        export_model(swapped_model, swapped_model)  # into the folder itself: the same question
    assert not (tmp_path / "PWNED").exists()


def test_trusted_exports(folder, tmp_path):
    manifest = export_model(folder, tmp_path / "shared", trusted=True)
    assert manifest == tmp_path / "shared" / "manifest.json"
    assert type(load_model(tmp_path / "shared")).__name__ == "CompiledModel"  # the export loads without trust
    assert model_id(tmp_path / "shared") == model_id(folder)


def test_the_bundled_model_needs_no_trust(tmp_path, monkeypatch):
    """Past the trust check (the estimator is asked for, with trust, as for any package file) without exporting
    the 16 MB bundled model, which tests/test_safe_format.py does."""
    class Asked(Exception):
        pass

    def ask(path, *, trusted=False):
        raise Asked(trusted)

    monkeypatch.setattr(persist, "load_shared_model", ask)
    with pytest.raises(Asked):
        export_model(bundled_dir(), tmp_path / "out")


def test_the_bundled_estimator_is_unpickled_once_with_or_without_trust(monkeypatch):
    first = load_shared_model(bundled_dir())
    monkeypatch.setattr(persist, "_unpickle", lambda *a, **k: pytest.fail("the bundled estimator was unpickled again"))
    assert load_shared_model(bundled_dir(), trusted=True) is first
    assert load_shared_model(bundled_dir(), trusted=False) is first


def test_a_model_loaded_with_trust_is_still_refused_without_it(folder):
    """The cache no longer keys on trust: the trust check comes before it, so a cached model is no way around it."""
    load_shared_model(folder, trusted=True)
    with pytest.raises(UntrustedModelError):
        load_model(folder / read_manifest(folder)["artifact"])
