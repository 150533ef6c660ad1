"""What the docstrings of ``train`` and ``evaluate`` promise about their inputs, checked against the code."""

import inspect
import re

import pandas as pd

from stancelib import train
from stancelib.evaluation import evaluate


def _section(doc: str, title: str) -> str:
    body = inspect.cleandoc(doc).split(f"{title}\n{'-' * len(title)}\n", 1)[1]
    return re.split(r"\n\n[A-Z][a-z]+\n-+\n", body, maxsplit=1)[0]


def test_evaluate_does_not_claim_to_refuse_a_data_frame():
    raises = _section(evaluate.__doc__, "Raises")
    type_error = raises.split("TypeError", 1)[1].split("ValueError", 1)[0]
    assert "DataFrame" not in type_error
    records = [{"id": str(i), "doc_id": f"d{i // 2}", "text": t, "issue": [c], "stance": s}
               for i, (t, c, s) in enumerate([("Xi warned Biden on Taiwan.", "taiwan", "warning"),
                                               ("They agreed to talk on climate.", "climate", "cooperation")] * 4)]
    model = train(records, base="none", params={"cv": 0, "min_df": 1}).model
    assert evaluate(model, pd.DataFrame(records)).metrics == evaluate(model, records).metrics


def test_train_says_row_order_matters():
    seed = _section(train.__doc__, "Parameters").split("seed : ", 1)[1].split("\n    params", 1)[0]
    flat = " ".join(seed.split())
    assert "The same data in the same order and the same seed give a byte-identical artifact" in flat
    assert "The order of the sentences matters" in flat
