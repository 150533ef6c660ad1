"""A loaded model saved again does not carry its old manifest into the new artifact (review r32, retrain, 12).

``load_model`` sets ``manifest_`` (the manifest it read: the old artifact's name and sha256); ``save_model``
pickled it into the new artifact, a stale description of the model inside the model. The sentences are
written for these tests.
"""

import joblib

from stancelib import ReadoutClassifier
from stancelib.persist import load_model, read_manifest, save_model

X = ["Beijing cautioned Washington against selling arms to Taipei.", "The delegations agreed to reopen consulates.",
     "Officials voiced unease about opioid shipments.", "The meeting was held at the guesthouse."] * 3
Y = {"stance": ["warning", "cooperation", "concern", "neutral"] * 3, "side": ["china", "joint", "us", "joint"] * 3}


def test_a_resaved_model_pickles_no_manifest(tmp_path):
    save_model(ReadoutClassifier(cv=0, min_df=1).fit(X, Y), tmp_path / "a", {})
    loaded = load_model(tmp_path / "a", trusted=True)
    assert loaded.manifest_["artifact"] == read_manifest(tmp_path / "a")["artifact"]
    save_model(loaded, tmp_path / "b", {})
    pickled = joblib.load(tmp_path / "b" / read_manifest(tmp_path / "b")["artifact"])
    assert not hasattr(pickled, "manifest_")
    assert loaded.manifest_ == read_manifest(tmp_path / "b")  # the caller's model: named by what save_model wrote
    again = load_model(tmp_path / "b", trusted=True)
    assert again.manifest_ == read_manifest(tmp_path / "b")  # loading sets the manifest it was read with
    assert again.predict_proba(X[:4])["stance"].tolist() == loaded.predict_proba(X[:4])["stance"].tolist()
