"""``train(out=...)`` returns a model named by the artifact it saved: ``model_id(result.model)`` is the
artifact's name, as the model loaded back from ``out`` is, not ``unsaved-...``.

Review r33 follow-ups, finding 3. The sentences are written for these tests.
"""

from stancelib import train
from stancelib.persist import UNSAVED, LoadedManifest, load_model, model_id, read_manifest

ROWS = [
    ("Beijing warned Washington against arms sales to Taipei.", ["taiwan"], "warning", "china"),
    ("The two ministers agreed to expand flights between the countries.", ["people_to_people"], "cooperation", "joint"),
    ("The envoy voiced concern about curbs on chip exports.", ["technology"], "concern", "us"),
    ("The talks lasted three hours.", ["relations"], "neutral", "joint"),
]
FAST = {"cv": 0, "min_df": 1}


def _records():
    return [{"id": f"d{d}-{k}", "doc_id": f"d{d}", "text": f"{text[:-1]} (item {d}).", "issue": issue,
             "stance": stance, "side": side}
            for d in range(4) for k, (text, issue, stance, side) in enumerate(ROWS)]


def _artifact_name(directory):
    return read_manifest(directory)["artifact"].removesuffix(".joblib")


def test_the_trained_model_is_named_by_its_artifact(tmp_path):
    result = train(_records(), base="none", params=FAST, out=tmp_path / "m")
    name = _artifact_name(tmp_path / "m")
    assert name.startswith("model-")
    assert model_id(result.model) == name == model_id(load_model(tmp_path / "m", trusted=True))
    assert isinstance(result.model.manifest_, LoadedManifest) and result.model.manifest_ == result.manifest


def test_it_labels_as_the_model_loaded_back_does(tmp_path):
    """The name is all that is set: the model returned and the one saved are the same model."""
    result = train(_records(), base="none", params=FAST, out=tmp_path / "m")
    texts = [r["text"] for r in _records()] + ["Both sides pledged to keep talking about trade."]
    loaded = load_model(tmp_path / "m", trusted=True)
    assert result.model.predict_proba(texts).keys() == loaded.predict_proba(texts).keys()
    for head, proba in result.model.predict_proba(texts).items():
        assert (proba == loaded.predict_proba(texts)[head]).all()


def test_a_model_refitted_after_training_is_unsaved_again(tmp_path):
    result = train(_records(), base="none", params=FAST, out=tmp_path / "m")
    records = _records()
    result.model.fit([r["text"] for r in records], {"stance": [r["stance"] for r in reversed(records)]})
    assert model_id(result.model).startswith(UNSAVED)


def test_a_model_trained_without_out_is_unsaved():
    result = train(_records(), base="none", params=FAST)
    assert result.path is None and model_id(result.model).startswith(UNSAVED)
