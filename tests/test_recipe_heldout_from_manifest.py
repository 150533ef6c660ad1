"""``recipe="bundled"`` takes its held-out documents from the bundled model's manifest, as it takes the rest.

Review r32 (diff), finding 4: ``bundled_recipe()`` read params, calibration field and seed from
``models/manifest.json``, but the held-out documents from the checkout's ``seeds/heldout_docs.txt``. A round
that adds to that file before retraining the bundled model had a "bundled recipe" that was not the bundled
model's. The manifest records them (``excluded_documents``); a seed corpus without one of them is not the
corpus the bundled model was trained on, and is refused by name.

The sentences are written for these tests; the fits take no calibration folds. Nothing trains on the seed
corpus.
"""

import json

import pytest

import stancelib.persist
from stancelib import train
from stancelib.persist import bundled_dir, read_manifest
from stancelib.trainer import bundled_recipe

from .conftest import cli_help, seed_corpus

ROWS = [
    ("Beijing warned Washington against arms sales to Taipei.", ["taiwan"], "warning", "china"),
    ("The two sides agreed to resume climate talks next month.", ["climate"], "cooperation", "joint"),
    ("The secretary voiced concern about export curbs on chips.", ["technology"], "concern", "us"),
    ("China urged the United States to stop patrols near its islands.", ["maritime"], "warning", "china"),
]
FAST = {"cv": 0, "min_df": 1}


def _records(prefix: str, documents: int) -> list[dict]:
    return [{"id": f"{prefix}{d}-{k}", "doc_id": f"{prefix}{d}", "author": f"w{d % 2}",
             "text": f"{t[:-1]} ({prefix}{d}).", "issue": i, "stance": s, "side": side}
            for d in range(documents) for k, (t, i, s, side) in enumerate(ROWS)]


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    """A seed corpus of documents s0, s1, s2, whose heldout_docs.txt lists s2."""
    root = seed_corpus(tmp_path, monkeypatch, _records("", 3)).parent.parent  # ids and doc_ids s0-0, s0, ...
    (root / "heldout_docs.txt").write_text("# held out\ns2\n", encoding="utf-8")
    return root


@pytest.fixture
def bundled_holding_out(tmp_path, monkeypatch):
    """The bundled manifest, as if the bundled model had been trained without the documents given."""
    def make(*documents: str) -> None:
        manifest = read_manifest(bundled_dir())
        manifest["excluded_documents"] = list(documents)
        folder = tmp_path / "bundled"
        folder.mkdir(exist_ok=True)
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        monkeypatch.setattr(stancelib.persist, "bundled_dir", lambda: folder)
    return make


def test_the_recipe_returns_the_manifests_held_out_documents():
    manifest = read_manifest(bundled_dir())
    recipe = bundled_recipe()
    assert recipe["excluded_documents"] == sorted(manifest["excluded_documents"])
    assert recipe["excluded_documents"]  # the bundled model was scored on documents it never saw


def test_the_manifests_documents_are_left_out_not_the_checkouts(seeds, bundled_holding_out):
    bundled_holding_out("s1")
    result = train(_records("u", 2), params=FAST, recipe="bundled")
    # before: s2, from seeds/heldout_docs.txt, which the bundled model (per its manifest) was trained on
    assert result.manifest["excluded_documents"] == ["s1"]
    assert result.manifest["data"]["excluded_sentences"] == len(ROWS)
    with_caller = train(_records("u", 2), params=FAST, recipe="bundled", exclude_docs=["u1"])
    assert with_caller.manifest["excluded_documents"] == ["s1", "u1"]  # the caller's and the recipe's


def test_a_seed_corpus_without_heldout_docs_txt_follows_the_recipe(seeds, bundled_holding_out):
    (seeds / "heldout_docs.txt").unlink()  # before: FileNotFoundError, though the recipe does not need it
    bundled_holding_out("s2")
    assert train(_records("u", 2), params=FAST, recipe="bundled").manifest["excluded_documents"] == ["s2"]


def test_a_seed_corpus_without_the_recipes_documents_is_refused_by_name(seeds, bundled_holding_out):
    bundled_holding_out("s2", "s7", "s9")
    with pytest.raises(ValueError, match=r"^recipe='bundled' leaves out the 3 documents the bundled model was trained "
                                         r"without \(its manifest's excluded_documents\), but 2 of them are not in the "
                                         r"seed corpus at .*seeds: 's7', 's9'\. That is not the seed corpus the "
                                         r"bundled model was trained on.*base='none' \(stancelib train --base none\)$"):
        train(_records("u", 2), params=FAST, recipe="bundled")


def test_without_the_seed_corpus_the_recipe_leaves_out_nothing(bundled_holding_out):
    bundled_holding_out("s2")
    result = train(_records("u", 2), base="none", params=FAST, recipe="bundled")
    assert result.manifest["excluded_documents"] == []


def test_a_manifest_without_held_out_documents_is_refused(tmp_path, monkeypatch):
    manifest = read_manifest(bundled_dir())
    del manifest["excluded_documents"]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setattr(stancelib.persist, "bundled_dir", lambda: tmp_path)
    with pytest.raises(stancelib.persist.ModelLoadError, match=r"does not record its params, calibrated_by, seed "
                                                               r"and excluded_documents.*recipe=None"):
        bundled_recipe()


def test_the_help_names_no_number_the_manifest_holds():
    """The recipe's values live in the manifest: the help points there instead of copying them."""
    text = cli_help("train")
    recipe_help = text.split("--recipe {bundled}", 2)[-1]
    assert "bundled_recipe()" in recipe_help and "four times" not in recipe_help and "three words" not in recipe_help
    recipe_doc = train.__doc__.split("    recipe : ", 1)[1].split("    Returns", 1)[0]
    assert "bundled_recipe" in recipe_doc and "32" not in recipe_doc and "three words" not in recipe_doc
