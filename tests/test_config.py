"""One source for each default: the training seed, the version, the checkout root."""

import dataclasses
import importlib.metadata
import inspect
import json

import pytest

import stancelib
from stancelib import config
from stancelib.config import CHECKOUT_ROOT, DEFAULTS, TrainingConfig


def test_version_comes_from_the_package_metadata():
    assert stancelib.__version__ == importlib.metadata.version("stancelib")


def test_version_of_a_source_checkout_without_install(monkeypatch):
    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    config.package_version.cache_clear()
    try:
        text = (CHECKOUT_ROOT / "pyproject.toml").read_text()
        want = text.split("[project]", 1)[1].split('version = "', 1)[1].split('"', 1)[0]
        assert config.package_version() == want
    finally:
        config.package_version.cache_clear()


def test_every_seed_default_is_the_config_default(small_records, tmp_path):
    from stancelib.cli import build_parser
    from stancelib.curation import audit
    from stancelib.trainer import train

    for fn in (train, audit):
        assert inspect.signature(fn).parameters["seed"].default is None  # None means DEFAULTS.seed
    for command in (["train", "--out", "x"], ["audit"]):
        assert build_parser().parse_args(command).seed is None
    result = train(small_records[:60], base="none", out=tmp_path / "m", params={"cv": 0, "char_ngram_range": None})
    assert result.manifest["seed"] == DEFAULTS.seed
    assert result.model.random_state == DEFAULTS.seed


def test_the_bundled_config_file_repeats_no_default():
    from training.train import DEFAULT_CONFIG, load_config

    raw = json.loads(DEFAULT_CONFIG.read_text())
    assert "seed" not in raw and "heldout_docs" not in raw
    assert load_config().seed == DEFAULTS.seed == 20240402  # the bundled model's seed (its manifest says so)
    from stancelib.persist import bundled_dir, read_manifest

    assert read_manifest(bundled_dir())["seed"] == DEFAULTS.seed


def test_the_bundled_model_was_trained_with_the_config_files_params():
    """A fast check beside the slow retrain test: every model parameter training/config.json sets (the heads'
    C, the word n-gram range) is the one the bundled manifest records."""
    from training.train import load_config
    from stancelib.persist import bundled_dir, read_manifest

    recorded = read_manifest(bundled_dir())["params"]
    for name, value in load_config().params.items():
        assert json.loads(json.dumps(recorded[name])) == json.loads(json.dumps(value)), name


def test_config_is_frozen_and_checked():
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'seed'"):
        DEFAULTS.seed = 1  # type: ignore[misc]
    with pytest.raises(TypeError, match="'mappingproxy' object does not support item assignment"):
        DEFAULTS.params["C"] = 2  # type: ignore[index]
    with pytest.raises(ValueError, match="Unknown training setting"):
        DEFAULTS.updated({"sead": 1})
    with pytest.raises(TypeError, match="seed must be an int"):
        TrainingConfig(seed="1")  # type: ignore[arg-type]
    assert DEFAULTS.updated({"_about": "comment", "params": {"C": 2}}).params == {"C": 2}


def test_checkout_root_is_computed_in_one_place():
    import re

    offenders = []
    for path in list((CHECKOUT_ROOT / "stancelib").glob("*.py")) + list((CHECKOUT_ROOT / "training").glob("*.py")):
        if path.name == "config.py":
            continue
        if re.search(r"__file__\)\.resolve\(\)\.parent\.parent", path.read_text(encoding="utf-8")):
            offenders.append(path.name)
    assert not offenders, offenders


def test_config_refuses_a_seed_numpy_and_scikit_learn_refuse_and_ill_typed_settings():
    """A seed outside 0..2**32 - 1 used to fail inside the first fit, as LogisticRegression's random_state."""
    from stancelib.config import MAX_SEED

    assert MAX_SEED == 2**32 - 1 and TrainingConfig(seed=0).seed == 0 and TrainingConfig(seed=MAX_SEED).seed == MAX_SEED
    for bad in (-1, 2**32):
        with pytest.raises(ValueError, match=r"seed must be in 0\.\.4294967295"):
            TrainingConfig(seed=bad)
        with pytest.raises(ValueError, match="seed must be in"):
            DEFAULTS.updated({"seed": bad})
    with pytest.raises(TypeError, match="params must be a mapping"):
        TrainingConfig(params="abc")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="heldout_docs must be a file path"):
        TrainingConfig(heldout_docs=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="calibrate_by must be the name of a record field"):
        TrainingConfig(calibrate_by=None)  # type: ignore[arg-type]
    assert TrainingConfig(params=None, heldout_docs=None).params == {}


def test_from_file_reads_one_json_object_and_names_the_file(tmp_path):
    missing = tmp_path / "nope.json"
    with pytest.raises(FileNotFoundError, match=f"No such training config file: {missing}"):
        TrainingConfig.from_file(missing)
    cases = {"list.json": ("[1, 2]", "holds a JSON array, not an object"),
             "text.json": ('"seed"', "holds a JSON string, not an object"),
             "broken.json": ('{"seed": 1,', "is not valid JSON: .* at line 1"),
             "typo.json": ('{"sede": 2}', r"Unknown training setting\(s\) \['sede'\]"),
             "seed.json": ('{"seed": -1}', "seed must be in"),
             "type.json": ('{"seed": "1"}', "seed must be an int")}
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        with pytest.raises((ValueError, TypeError), match=message) as info:
            TrainingConfig.from_file(path)
        assert str(path) in str(info.value), name
    good = tmp_path / "good.json"
    good.write_text('{"_about": "x", "seed": 7, "params": {"C": 4}}', encoding="utf-8")
    assert TrainingConfig.from_file(good) == DEFAULTS.updated({"seed": 7, "params": {"C": 4}})
    assert TrainingConfig.read_file(good)["_about"] == "x"
