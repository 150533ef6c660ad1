"""One digest of a model's state: ``batch.model_fingerprint`` (the key of ``classify_dataset``'s cache entry) is
``persist.state_hash`` (by which ``model_id`` names a model never saved), not a second copy of its code; and
persist, which batch imports, imports nothing of batch.

Review r33 follow-ups, finding 2. The sentences are written for these tests.
"""

import hashlib
import subprocess
import sys

import pytest

from stancelib import ReadoutClassifier, __version__, persist
from stancelib._lexfeatures import FEATURE_REVISION
from stancelib.batch import model_fingerprint
from stancelib.persist import UNSAVED, model_id, model_state, state_digest, state_hash

X = ["Beijing cautioned Washington against selling arms to Taipei.", "The delegations agreed to reopen consulates."] * 3
Y = {"stance": ["warning", "cooperation"] * 3}


def _fit():
    return ReadoutClassifier(cv=0, min_df=1).fit(X, Y)


def test_the_cache_key_is_the_digest_of_class_version_revision_and_canonical_state():
    """The key hashes the class, the stancelib version, the feature revision and the canonical state, in that
    order (review r34, repro H3: the state is no longer the pickle of ``__dict__``, which changed with a model's
    first predict and between processes)."""
    clf = _fit()
    chunks = []
    persist._CanonicalEncoder(chunks.append).feed(persist.canonical_state(clf))
    expected = hashlib.sha256(f"stancelib.model.ReadoutClassifier|{__version__}|{FEATURE_REVISION}|".encode()
                              + b"".join(chunks)).hexdigest()
    assert model_fingerprint(clf) == state_hash(clf) == state_digest(clf) == expected
    assert model_id(clf) == UNSAVED + expected[:16]
    clf.manifest_ = {"artifact": "elsewhere.joblib"}
    state = persist.canonical_state(clf)  # the model's __getstate__(): the revision is the manifest's to record
    assert "manifest_" not in state and "feature_revision_" not in state and state["coef_"] is clf.coef_


def test_the_fingerprint_is_persists_digest(monkeypatch):
    clf = _fit()
    monkeypatch.setattr(persist, "state_hash", lambda model: "f" * 64)
    assert model_fingerprint(clf) == "f" * 64


def test_a_model_that_cannot_be_pickled():
    """No digest of its state: the cache gets a new key each time (never reused), the id stays the same."""
    clf = _fit()
    clf.hook = lambda text: text  # a lambda cannot be pickled
    assert state_hash(clf) is None
    first, second = model_fingerprint(clf), model_fingerprint(clf)
    assert first != second and len(first) == len(second) == 64
    assert model_id(clf) == model_id(clf) == UNSAVED + "0" * 16


@pytest.mark.slow  # a fresh interpreter with scikit-learn (about 3 s): the slow tier (CI) runs it
def test_persist_imports_nothing_of_batch():
    code = ("import sys; import stancelib.persist as p; from stancelib import ReadoutClassifier; "
            "p.state_hash(ReadoutClassifier()); print('stancelib.batch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
