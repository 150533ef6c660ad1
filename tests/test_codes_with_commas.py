"""A label code with a comma or a space in it is refused by ``validate`` and ``train``, saying how to write
several codes.

Review r34 (docs), M1: a CSV cell ``taiwan,maritime`` (the obvious way to write two issues in a spreadsheet) was
read as one code: ``stancelib validate`` listed it as a new code and reported OK, and ``train`` learnt a third
issue class called ``taiwan,maritime``. The sentences are written for these tests.
"""

import pytest

from stancelib import ReadoutClassifier, train
from stancelib.cli import main
from stancelib.data import DataValidationError, new_codes, read_records, validate_records

CSV = ("id,doc_id,text,issue,stance,side\n"
       "1,d1,Xi warned Biden not to cross a red line on Taiwan.,taiwan,warning,china\n"
       '2,d1,"The two sides also discussed Taiwan and the South China Sea.",{cell},neutral,joint\n'
       "3,d2,China urged the U.S. to stop its patrols in the South China Sea.,maritime,concern,china\n"
       "4,d2,Biden raised concerns about Chinese pressure on Taiwan.,taiwan,concern,us\n")


@pytest.fixture
def labels(tmp_path):
    def write(cell):
        path = tmp_path / "labels.csv"
        path.write_text(CSV.format(cell=cell), encoding="utf-8")
        return path
    return write


def test_validate_refuses_a_comma_between_codes_and_says_how_to_write_them(labels, capsys):
    path = labels('"taiwan,maritime"')
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert (f"{path}:3: issue code 'taiwan,maritime' holds a comma, so a model would learn it as one new code; give "
            "several codes as a list: in a CSV cell separated with ';' (taiwan;maritime), in JSON as a list "
            '(["taiwan", "maritime"])') in out
    assert "new codes" not in err  # refused, so not listed as a code a retrained model learns


def test_the_documented_forms_read_as_two_known_codes(labels, capsys):
    for cell in ("taiwan;maritime", '"[""taiwan"", ""maritime""]"'):
        path = labels(cell)
        assert read_records(path)[1]["issue"] == ["taiwan", "maritime"]
        assert main(["validate", str(path)]) == 0
        assert "new codes" not in capsys.readouterr().err


def test_train_refuses_it_before_fitting(labels, monkeypatch):
    monkeypatch.setattr(ReadoutClassifier, "fit", lambda *a, **k: pytest.fail("trained"))
    with pytest.raises(DataValidationError, match=r"labels\.csv:3: issue code 'taiwan,maritime' holds a comma"):
        train(str(labels('"taiwan,maritime"')), base="none")


@pytest.mark.parametrize("field, code, message", [
    ("issue", "south china_sea", "issue code 'south china_sea' holds a space, so a model would learn it as one new "
                                 "code; give several codes as a list: in a CSV cell separated with ';' "
                                 "(south;china_sea), in JSON as a list ([\"south\", \"china_sea\"]); a code of "
                                 "several words joins them with '_' (south_china_sea)"),
    ("stance", "concern,warning", "stance code 'concern,warning' holds a comma; stance takes one code per sentence: "
                                  "give one of ['concern', 'warning']"),
    ("side", "us china", "side code 'us china' holds a space, so a model would learn it as a code of its own; a "
                         "code of several words joins them with '_' ('us_china'), and side takes one code per "
                         "sentence"),
])
def test_every_label_field_refuses_them(field, code, message):
    recs = [{"id": "1", "doc_id": "d", "text": "Xi warned Biden.", "issue": ["taiwan"], "stance": "warning",
             "side": "china", "_source": "mine.jsonl", "_line": 1}]
    recs[0][field] = [code] if field == "issue" else code
    assert [str(p) for p in validate_records(recs)] == [f"mine.jsonl:1: {message}"]
    assert new_codes(recs, declared_codes=[]) == {}
    # declaring it does not make it a code
    assert [str(p) for p in validate_records(recs, declared_codes=[code])] == [f"mine.jsonl:1: {message}"]
