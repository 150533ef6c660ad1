"""``classify_dataset`` on a dataset backed by cache files names its cache entry by what the model is now.

Review r32 (retrain), finding 1: the entry was named by the manifest's artifact sha256 or by ``id(model)``,
so a model refitted (or a new one at a reused address) got the labels cached for the earlier model, without a
word. The sentences are short texts written for these tests.
"""

import json

import pytest

from stancelib import ReadoutClassifier, classify_dataset, classify_sentences
from stancelib.batch import model_fingerprint

datasets = pytest.importorskip("datasets")

TRAIN = ["Beijing cautioned Washington against selling arms to Taipei.",
         "The delegations agreed to reopen consular offices.",
         "Officials voiced unease about synthetic opioid shipments.",
         "The meeting was held at the guesthouse."] * 3
STANCES = ["warning", "cooperation", "concern", "neutral"] * 3
SWAPPED = ["cooperation", "warning", "neutral", "concern"] * 3
PROBES = ["Beijing cautioned Washington against arms sales to Taipei.",
          "The delegations agreed to reopen their consulates.",
          "Officials voiced unease about opioid shipments.",
          "The meeting was held at a guesthouse."]


@pytest.fixture
def cached(tmp_path):
    """A dataset read from a file by ``load_dataset``: backed by cache files, as users' datasets are."""
    path = tmp_path / "probes.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(PROBES)), encoding="utf-8")
    ds = datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=str(tmp_path / "hf"))
    assert ds.cache_files  # otherwise map would not cache, and nothing here would be tested
    return ds


def _fit(stances, **params):
    return ReadoutClassifier(cv=0, min_df=1, **params).fit(TRAIN, {"stance": stances})


def test_a_refitted_model_labels_again(cached):
    clf = _fit(STANCES)
    first = classify_dataset(cached, model=clf)["stance"]
    assert first == clf.predict(PROBES)["stance"] == ["warning", "cooperation", "concern", "neutral"]
    clf.fit(TRAIN, {"stance": SWAPPED})
    assert classify_dataset(cached, model=clf)["stance"] == clf.predict(PROBES)["stance"] == [
        "cooperation", "warning", "neutral", "concern"]


def test_a_model_changed_by_set_params_labels_again(cached):
    clf = _fit(STANCES, C=0.01)
    low = classify_dataset(cached, model=clf)["confidence"]
    clf.set_params(C=100.0).fit(TRAIN, {"stance": STANCES})
    high = classify_dataset(cached, model=clf)["confidence"]
    assert high != low
    assert high == [lab.confidence for lab in classify_sentences(PROBES, model=clf)]


def test_fresh_models_in_a_loop_each_get_their_own_labels(cached):
    """CPython reuses the address of a model that is gone: ``id`` named the earlier one's cache entry."""
    for C in (0.01, 100.0):
        clf = _fit(STANCES, C=C)
        got = classify_dataset(cached, model=clf)["confidence"]
        assert got == [lab.confidence for lab in classify_sentences(PROBES, model=clf)], C
        del clf


def test_the_same_model_state_finds_its_cache_entry_again(cached):
    one, two = _fit(STANCES), _fit(STANCES)  # two objects, one state
    assert model_fingerprint(one) == model_fingerprint(two)
    a = classify_dataset(cached, model=one)
    b = classify_dataset(cached, model=two)
    assert a._fingerprint == b._fingerprint and a.cache_files == b.cache_files
    assert a["stance"] == b["stance"]


def test_the_fingerprint_follows_the_state_not_the_manifest(tmp_path):
    from stancelib.persist import load_model, save_model

    save_model(_fit(STANCES), tmp_path / "m", {})
    loaded, again = load_model(tmp_path / "m", trusted=True), load_model(tmp_path / "m", trusted=True)
    assert model_fingerprint(loaded) == model_fingerprint(again)  # loaded twice: the cache entry is found again
    loaded.fit(TRAIN, {"stance": SWAPPED})
    loaded.manifest_ = again.manifest_  # fit drops it; a manifest set by hand must not hide the change either
    assert model_fingerprint(loaded) != model_fingerprint(again)
