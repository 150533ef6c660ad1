"""Which model labelled a file: ``stancelib.persist.model_id``, written in the command line's outputs, in a
comparison's dict, in a ``CompiledModel``'s repr and by ``stancelib --version``.

Review r33 (user), finding 4: no output recorded the model, ``--version`` was the same for every model, and a
loaded model's repr named nothing. The sentences are written for these tests.
"""

import csv
import io
import json

import pytest

from stancelib import ReadoutClassifier, compare
from stancelib.api import SentenceLabel
from stancelib.batch import model_fingerprint
from stancelib.cli import main
from stancelib.persist import (UNSAVED, bundled_dir, export_model, load_compiled_bundled, load_model, model_id,
                               read_manifest, save_model)

from .conftest import cli_output

X = ["Beijing cautioned Washington against selling arms to Taipei.", "The delegations agreed to reopen consulates.",
     "Officials voiced unease about opioid shipments.", "The meeting was held at the guesthouse."] * 3
Y = {"stance": ["warning", "cooperation", "concern", "neutral"] * 3}
US = "The President raised concerns about fentanyl precursors. The two leaders agreed to keep talking.\n"
CN = "Xi warned that Taiwan is a red line. The two leaders agreed to keep talking.\n"


def bundled_name():
    return read_manifest(bundled_dir())["artifact"].removesuffix(".joblib")


run = cli_output  # the shared helper, under the name these tests call


def test_the_bundled_model_is_named_by_its_artifact_both_as_estimator_and_export():
    name = bundled_name()
    assert name.startswith("model-") and len(name) == len("model-") + 16
    assert model_id() == model_id(load_compiled_bundled()) == model_id(load_model()) == name
    assert repr(load_compiled_bundled()).startswith(f"<CompiledModel {name}: issue (")


def test_a_model_changed_after_loading_is_no_longer_named_after_its_file():
    mine = load_model()
    assert model_id(mine) == bundled_name()
    mine.set_params(context_weight=0.0)
    assert model_id(mine).startswith(UNSAVED) and model_id(mine) != model_id(load_model())


def test_a_saved_model_keeps_its_id_through_loading_and_export(tmp_path):
    fitted = ReadoutClassifier(cv=0, min_df=1).fit(X, Y)
    unsaved = model_id(fitted)
    assert unsaved == UNSAVED + model_fingerprint(fitted)[:16]  # equal states, equal ids, in any process
    save_model(fitted, tmp_path / "a", {})
    name = read_manifest(tmp_path / "a")["artifact"].removesuffix(".joblib")
    assert model_id(tmp_path / "a") == name
    assert model_id(load_model(tmp_path / "a", trusted=True)) == name  # the estimator
    export = load_model(tmp_path / "a")  # its safe export, which labels alike
    assert model_id(export) == name and name in repr(export)
    export_model(tmp_path / "a", tmp_path / "shared", trusted=True)  # an export in a folder of its own
    assert model_id(tmp_path / "shared") == name
    refitted = load_model(tmp_path / "a", trusted=True).fit(X, {"stance": list(reversed(Y["stance"]))})
    assert model_id(refitted).startswith(UNSAVED)  # fit drops manifest_, which no longer describes it


def test_classify_writes_the_model_in_every_jsonl_line_and_csv_row(capsys, tmp_path):
    (tmp_path / "us.txt").write_text(US, encoding="utf-8")
    lines = run(capsys, "classify", str(tmp_path / "us.txt"), "--format", "jsonl").splitlines()
    assert [json.loads(line)["model"] for line in lines] == [bundled_name()] * len(lines)
    assert SentenceLabel.from_dict(json.loads(lines[0])).text  # a row with the key still reads back
    rows = list(csv.reader(io.StringIO(run(capsys, "classify", str(tmp_path / "us.txt"), "--format", "csv"))))
    assert rows[0][-1] == "model" and {r[-1] for r in rows[1:]} == {bundled_name()}
    (tmp_path / "cn.txt").write_text(CN, encoding="utf-8")
    rows = list(csv.reader(io.StringIO(run(capsys, "classify", str(tmp_path / "us.txt"), str(tmp_path / "cn.txt"),
                                           "--format", "csv"))))  # documents: the column stays last
    assert rows[0][:3] == ["doc_id", "date", "source"] and rows[0][-1] == "model"


def test_sentences_output_names_the_model_and_keeps_an_input_column_of_that_name(capsys, tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"text": "Xi warned Biden.", "model": "gold-v2"}) + "\n", encoding="utf-8")
    row = json.loads(run(capsys, "classify", "--sentences", str(path), "--format", "jsonl"))
    assert row["model"] == bundled_name() and row["input_model"] == "gold-v2"


def test_a_comparison_records_its_model(capsys, tmp_path):
    assert compare(US, CN).to_dict()["model"] == bundled_name()
    (tmp_path / "us.txt").write_text(US, encoding="utf-8")
    (tmp_path / "cn.txt").write_text(CN, encoding="utf-8")
    out = run(capsys, "compare", str(tmp_path / "us.txt"), str(tmp_path / "cn.txt"), "--format", "json")
    assert json.loads(out)["model"] == bundled_name()


def test_version_names_the_bundled_model(capsys):
    from stancelib import __version__

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"stancelib {__version__}, model {bundled_name()}\n"
