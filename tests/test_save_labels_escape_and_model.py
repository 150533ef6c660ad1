"""``save_labels`` and ``write_table`` escape formulas as ``stancelib classify --escape-formulas`` does (one
function for both), and ``save_labels(model=)`` adds the ``model`` column the command line's CSV has.

Review r33 (new), finding 3: the Python route to a CSV for Excel (``encoding="utf-8-sig"``) left a cell such as
``=1+1 ...`` for the spreadsheet to run, and a saved table could not say which model made it. The sentences are
written for these tests.
"""

import csv
import io

import pytest

from stancelib import SentenceLabel, cli, tables
from stancelib.persist import model_id
from stancelib.tables import LABEL_TABLE_COLUMNS, save_labels, write_table

LABELS = [SentenceLabel("=HYPERLINK(\"x\") Xi spoke.", (0, 26), ("other",), "neutral", "other", 0.5, doc_id="-d1"),
          SentenceLabel("Talks resumed.", (0, 14), ("relations",), "neutral", "joint", 0.75, doc_id="d2")]


def read(path, encoding="utf-8"):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding=encoding))))


def test_save_labels_escapes_formula_cells_for_excel(tmp_path):
    path = save_labels(LABELS, tmp_path / "x.csv", encoding="utf-8-sig", escape_formulas=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read(path, "utf-8-sig")
    assert rows[0]["text"] == "'=HYPERLINK(\"x\") Xi spoke." and rows[0]["doc_id"] == "'-d1"
    assert rows[1]["text"] == "Talks resumed." and rows[0]["confidence"] == "0.5"  # numbers as they are
    assert read(save_labels(LABELS, tmp_path / "plain.csv"))[0]["text"] == "=HYPERLINK(\"x\") Xi spoke."


def test_write_table_escapes_as_the_command_line_does(tmp_path):
    cells = ["=1+1", "+3", "-0.5", "@envoy", "\t=1", "- 5", "Xi met Biden."]
    rows = read(write_table([{"c": c} for c in cells], tmp_path / "t.csv", columns=["c"], escape_formulas=True))
    assert [r["c"] for r in rows] == [cli.escape_formula(c) for c in cells]
    assert cli.escape_formula is tables.escape_formula  # one function, not a copy


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_escaping_is_for_csv_only(tmp_path, suffix):
    with pytest.raises(ValueError, match=r"escape_formulas is for \.csv files"):
        save_labels(LABELS, tmp_path / f"x{suffix}", escape_formulas=True)
    assert not (tmp_path / f"x{suffix}").exists()


def test_escape_formulas_must_be_a_bool(tmp_path):
    with pytest.raises(TypeError, match="escape_formulas must be True or False, got str"):
        save_labels(LABELS, tmp_path / "x.csv", escape_formulas="yes")


def test_the_model_column_names_the_model_that_labelled(tmp_path, model):
    name = model_id(model)
    for given in (model, name):
        rows = read(save_labels(LABELS, tmp_path / "m.csv", model=given))
        assert list(rows[0]) == [*LABEL_TABLE_COLUMNS, "model"] and {r["model"] for r in rows} == {name}
    assert list(read(save_labels(LABELS, tmp_path / "n.csv"))[0]) == list(LABEL_TABLE_COLUMNS)


def test_a_model_that_is_no_model_is_refused_before_writing(tmp_path):
    with pytest.raises(TypeError, match="expected a model, a path to one, 'accurate' or None"):
        save_labels(LABELS, tmp_path / "m.csv", model=3)
    assert not (tmp_path / "m.csv").exists()
