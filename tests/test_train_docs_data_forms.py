"""The training docstrings say what ``train`` takes and show ``TrainResult`` in use.

Review r34 (docs): L5, ``train``'s ``data`` listed paths, Datasets and dicts but not the pandas ``DataFrame`` it
takes (and the README shows); M1, nothing said how a CSV cell holds several issue codes; M5, ``TrainResult`` had
no Examples section (the suite's ``--doctest-modules`` runs it with the module's; a run of the module alone,
``pytest stancelib/trainer.py``, skips tests/conftest.py and so shows its FewExamplesWarning).
"""

import inspect

import pandas as pd

from stancelib import TrainResult, train
from stancelib.data import read_records, validate_records

from .conftest import TWO_X, TWO_Y, as_records

ROWS = as_records(TWO_X, TWO_Y)


def _section(doc: str, name: str) -> str:
    lines = doc.splitlines()
    start = lines.index(name) + 2
    end = next((i for i in range(start, len(lines)) if i + 1 < len(lines) and set(lines[i + 1]) == {"-"}),
               len(lines))
    return " ".join(" ".join(lines[start:end]).split())


def test_train_says_it_takes_a_data_frame_and_does():
    params = _section(inspect.getdoc(train), "Parameters")
    assert "data : path, list of paths, DataFrame, Dataset, DatasetDict or list of dicts" in params
    assert train(pd.DataFrame(ROWS), base="none", params={"cv": 0, "min_df": 1}).manifest["data"]["sentences"] == 8


def test_the_csv_cell_format_is_documented_where_data_is_read():
    for doc in (inspect.getdoc(train), inspect.getdoc(read_records), inspect.getdoc(validate_records)):
        flat = " ".join(doc.split())
        assert "``taiwan;maritime``" in flat and '``["taiwan", "maritime"]``' in flat
        assert "taiwan,maritime" in flat  # and that a comma is not a separator


def test_train_result_has_an_examples_section():
    doc = inspect.getdoc(TrainResult)
    assert "Examples\n--------\n>>> " in doc and "train(rows, base=\"none\"" in doc
