"""``train(..., recipe="bundled")`` and ``stancelib train --recipe bundled``: the bundled model's recipe in one option.

``stancelib train --data mine.jsonl`` and ``train()`` fit ReadoutClassifier's defaults (C 8 / 2 / 2, word
n-grams up to two, calibration folds by doc_id); the bundled model was trained with C 32 / 8 / 8, word
n-grams up to three, folds by author and the held-out documents left out. ``recipe="bundled"`` reads that
recipe from the bundled model's manifest (which ships inside the package), so a retrained model differs
from the bundled one only by its data.

The sentences are written for these tests (30 in 10 documents by 2 authors); the fits take no calibration
folds (``cv=0``) unless the folds are the point. Nothing here trains on the seed corpus.
"""

import json
import re
import shlex

import pytest

from stancelib import train
from stancelib.cli import main
from stancelib.model import ReadoutClassifier
from stancelib.persist import bundled_dir, read_manifest

from .conftest import ROOT, cli_help, write_jsonl

ROWS = [
    ("Beijing warned Washington against arms sales to Taipei.", ["taiwan"], "warning", "china"),
    ("The two sides agreed to resume climate talks next month.", ["climate"], "cooperation", "joint"),
    ("The secretary voiced concern about export curbs on chips.", ["technology"], "concern", "us"),
    ("The meeting lasted about two hours.", ["relations"], "neutral", "joint"),
    ("China urged the United States to stop patrols near its islands.", ["maritime"], "warning", "china"),
    ("Both leaders welcomed more student exchanges.", ["people_to_people"], "cooperation", "joint"),
]
#: What train() is told besides the recipe in most tests: no calibration folds, every n-gram kept.
FAST = {"cv": 0, "min_df": 1}


def _records(*, authors: bool = True) -> list[dict]:
    """30 sentences: five readouts of six, by two authors."""
    records = []
    for d in range(5):
        for k, (text, issue, stance, side) in enumerate(ROWS):
            record = {"id": f"r{d}-{k}", "doc_id": f"r{d}", "text": f"{text[:-1]} ({d}).", "issue": issue,
                      "stance": stance, "side": side}
            if authors:
                record["author"] = "ab"[d % 2]
            records.append(record)
    return records


def _bundled_params() -> dict:
    return read_manifest(bundled_dir())["params"]


def test_the_bundled_manifest_records_the_whole_recipe():
    """The recipe is read from the manifest that ships with the package, not from training/config.json."""
    from stancelib.trainer import bundled_recipe

    manifest = read_manifest(bundled_dir())
    recipe = bundled_recipe()
    assert recipe["calibrate_by"] == manifest["calibrated_by"] == "author"
    assert recipe["seed"] == manifest["seed"]
    defaults = ReadoutClassifier().get_params()
    assert recipe["params"]["C"] == manifest["params"]["C"] != defaults["C"]
    assert tuple(recipe["params"]["word_ngram_range"]) == tuple(manifest["params"]["word_ngram_range"]) != \
        defaults["word_ngram_range"]
    assert "random_state" not in recipe["params"]  # that is the seed


@pytest.mark.skipif(not (ROOT / "training" / "config.json").exists(), reason="needs a source checkout")
def test_the_recipe_is_training_configs():
    """The manifest's recipe is what training/config.json says the bundled model is trained with."""
    from stancelib.trainer import bundled_recipe

    config = json.loads((ROOT / "training" / "config.json").read_text(encoding="utf-8"))
    recipe = bundled_recipe()
    assert recipe["params"] == config["params"]
    assert recipe["calibrate_by"] == config["calibrate_by"]


def test_the_recipes_params_reach_the_model():
    result = train(_records(), base="none", params=FAST, recipe="bundled")
    got, bundled = result.model.get_params(), _bundled_params()
    assert got["C"] == bundled["C"]
    assert tuple(got["word_ngram_range"]) == tuple(bundled["word_ngram_range"])
    assert got["cv"] == 0 and got["min_df"] == 1  # the caller's params, beside the recipe's
    assert got["random_state"] == bundled["random_state"]  # the bundled model's seed
    assert result.manifest["calibrated_by"] == "author"
    assert result.manifest["params"]["C"] == bundled["C"]
    # recipe=None (the default) keeps the library's defaults, as before
    plain = train(_records(), base="none", params=FAST)
    defaults = ReadoutClassifier().get_params()
    assert plain.model.get_params()["C"] == defaults["C"] != got["C"]
    assert plain.model.get_params()["word_ngram_range"] == defaults["word_ngram_range"]
    assert plain.manifest["calibrated_by"] == "doc_id" and "recipe" not in plain.manifest


def test_explicit_params_override_the_recipes_key_by_key():
    C = {"issue": 16, "stance": 4, "side": 4}
    got = train(_records(), base="none", params={**FAST, "C": C}, recipe="bundled").model.get_params()
    assert got["C"] == C
    assert tuple(got["word_ngram_range"]) == tuple(_bundled_params()["word_ngram_range"])  # still the recipe's


def test_an_explicit_calibrate_by_wins_over_the_recipes():
    """Data without authors follows the rest of the recipe with calibrate_by="doc_id"."""
    result = train(_records(authors=False), base="none", params={"min_df": 1, "cv": 2}, recipe="bundled",
                   calibrate_by="doc_id")
    assert result.manifest["calibrated_by"] == "doc_id"
    assert result.manifest["recipe"] == "bundled"
    assert result.model.get_params()["C"] == _bundled_params()["C"]


def test_the_recipes_folds_are_by_author():
    result = train(_records(), base="none", params={"min_df": 1, "cv": 2}, recipe="bundled")
    assert result.manifest["calibrated_by"] == "author"
    assert result.manifest["metrics"]["grouped_cv_oof"]  # two authors: calibrated


def test_the_manifest_and_card_record_the_recipe(tmp_path):
    train(_records(), base="none", params=FAST, recipe="bundled", out=tmp_path / "m")
    assert read_manifest(tmp_path / "m")["recipe"] == "bundled"
    assert "- recipe: `bundled`" in (tmp_path / "m" / "MODEL_CARD.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["bundle", "Bundled", "default", "", 1])
def test_an_unknown_recipe_is_refused_naming_the_choices(name, tmp_path):
    with pytest.raises(ValueError, match=r"recipe must be None \(ReadoutClassifier's defaults\) or one of 'bundled'"):
        train(tmp_path / "never-read.jsonl", base="none", recipe=name)


def test_a_misspelt_recipe_gets_the_closest_name():
    with pytest.raises(ValueError, match=r"got 'Bundled'\. Did you mean 'bundled'\?"):
        train(_records(), base="none", recipe="Bundled")


def test_records_without_the_recipes_author_are_explained():
    """As train() refuses calibrate_by="author" for records without one, naming the fix."""
    with pytest.raises(ValueError, match=r"recipe='bundled' groups the calibration folds by 'author'.*30 record\(s\) "
                                         r"have no 'author' \(the first: 'r0-0'\); give every record one.*"
                                         r"calibrate_by='doc_id'"):
        train(_records(authors=False), base="none", params=FAST, recipe="bundled")


def test_a_recipe_is_for_readout_classifier():
    from sklearn.linear_model import LogisticRegression

    with pytest.raises(ValueError, match=r"recipe='bundled' is the recipe of the bundled ReadoutClassifier; it does "
                                         r"not apply to estimator=LogisticRegression"):
        train(_records(), base="none", recipe="bundled", estimator=LogisticRegression())


def _jsonl(tmp_path, records) -> str:
    return str(write_jsonl(tmp_path / "mine.jsonl", records))


def test_cli_recipe_bundled(tmp_path, capsys):
    data = _jsonl(tmp_path, _records())
    assert main(["train", "--data", data, "--base", "none", "--out", str(tmp_path / "m"), "--quiet",
                 "--recipe", "bundled", "--params", json.dumps(FAST)]) == 0
    manifest = read_manifest(tmp_path / "m")
    assert manifest["recipe"] == "bundled" and manifest["calibrated_by"] == "author"
    assert manifest["params"]["C"] == _bundled_params()["C"] and manifest["params"]["cv"] == 0
    assert "with the bundled recipe" in capsys.readouterr().out


def test_cli_calibrate_by_given_wins_over_the_recipe(tmp_path):
    data = _jsonl(tmp_path, _records(authors=False))
    assert main(["train", "--data", data, "--base", "none", "--out", str(tmp_path / "m"), "--quiet",
                 "--recipe", "bundled", "--calibrate-by", "doc_id", "--params", json.dumps(FAST)]) == 0
    manifest = read_manifest(tmp_path / "m")
    assert manifest["recipe"] == "bundled" and manifest["calibrated_by"] == "doc_id"


def test_cli_recipe_without_authors_says_how_to_fix_it(tmp_path, capsys):
    data = _jsonl(tmp_path, _records(authors=False))
    assert main(["train", "--data", data, "--base", "none", "--out", str(tmp_path / "m"), "--quiet",
                 "--recipe", "bundled", "--params", json.dumps(FAST)]) == 1
    assert "--calibrate-by doc_id" in capsys.readouterr().err


def test_cli_refuses_an_unknown_recipe(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["train", "--base", "none", "--out", str(tmp_path / "m"), "--recipe", "bundle"])
    err = capsys.readouterr().err
    assert "--recipe: invalid choice: 'bundle'" in err and "'bundled'" in err


def test_cli_help_says_what_the_recipe_is():
    text = cli_help("train")
    assert "--recipe {bundled}" in text and "the bundled model was trained" in text


def test_the_readme_retrains_with_the_recipe_option():
    """README "Retrain it" gives the option, not the long command that copied training/config.json."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Retrain it\n", 1)[1].split("\n## ", 1)[0]
    commands = [shlex.split(line) for block in re.findall(r"```bash\n(.*?)```", section, flags=re.S)
                for line in block.replace("\\\n", " ").splitlines()]
    assert ["stancelib", "train", "--data", "mine.jsonl", "--out", "mymodel/", "--recipe", "bundled"] in commands
    assert 'recipe="bundled")' in section and "read from the bundled model's manifest" in section
    assert not any("--params" in c for c in commands)
    assert "training/config.json\"))" not in section
