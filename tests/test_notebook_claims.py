"""What the notebooks print about a model's training data and their figures, checked by running their cells in
pieces (the whole notebooks run in the slow tier, tests/test_notebooks.py).

Review r34 (notebook area):

- M1: evaluate.ipynb warned that a model trained on data of its own alone "was trained on 276 of the 276
  held-out documents": it took "not left out" for "trained on". What a model was trained on is read from its
  manifest (:func:`stancelib.evaluation.training_documents`).
- M2: trends.ipynb counted the rows of empty periods (no share) as the gold share falling outside the model's
  interval (89% where the rows with both shares give 98%).
- M3: trends.ipynb said the bundled model was not trained on authors ay and az's pages; its manifest lists them.
- M4: retrain.ipynb listed a tuple and a list of the same values as settings that differ, and not the
  calibration folds' grouping (author for the bundled model), which is an argument of ``train``, not a
  parameter; its advice to compare like with like (set ``PARAMS``) could not do it.
"""

import json
from types import SimpleNamespace

import pytest

from stancelib.persist import bundled_dir, read_manifest

from .conftest import ROOT
from .table_model import TableModel

pytest.importorskip("matplotlib")
pytest.importorskip("IPython")

NOTEBOOKS = ROOT / "notebooks"


def _cells(name):
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]


def _source(cell):
    return "".join(cell["source"])


def _run(cells, indices, namespace, capsys):
    """Run the code cells ``indices`` in ``namespace``; what they print."""
    capsys.readouterr()
    for i in indices:
        assert cells[i]["cell_type"] == "code", i
        exec(compile(_source(cells[i]), f"cell {i}", "exec"), namespace)
    return capsys.readouterr().out


@pytest.fixture
def headless(monkeypatch):
    """Figures drawn without a screen, and ``display`` recording what a notebook shows."""
    import matplotlib

    matplotlib.use("Agg")
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    return shown


@pytest.fixture(scope="module")
def bundled_manifest():
    return read_manifest(bundled_dir())


@pytest.fixture(scope="module")
def held_out():
    from stancelib.evaluation import heldout_records

    return heldout_records()


# ---- evaluate.ipynb ------------------------------------------------------------------------------

def _evaluate_cell_2(manifest, held_out, monkeypatch, capsys):
    """evaluate.ipynb's first two cells with ``MODEL_PATH`` set to a model whose manifest is ``manifest``
    (the scoring itself is not what is checked, and is left out)."""
    import stancelib
    import stancelib.evaluation

    monkeypatch.setattr(stancelib.evaluation, "heldout_records", lambda: held_out)  # read once for the module
    model = TableModel([("a sentence", ["taiwan"], "neutral", "us")])
    model.manifest_ = manifest
    monkeypatch.setattr(stancelib, "load_model", lambda *args, **kwargs: model)
    monkeypatch.setattr(stancelib.evaluation, "evaluate", lambda model, records: SimpleNamespace(
        metrics={"n_sentences": len(records), "n_documents": len({r["doc_id"] for r in records})},
        heads=("issue", "stance", "side")))
    cells = _cells("evaluate.ipynb")
    namespace = {}
    _run(cells, [1], namespace, capsys)
    namespace["MODEL_PATH"] = "mymodel"
    return _run(cells, [2], namespace, capsys)


def test_evaluate_does_not_call_a_model_of_the_users_data_leaky(headless, held_out, monkeypatch, capsys):
    own = {"excluded_documents": [], "data": {"sources": [{"path": "user data", "sentences": 200}]}}
    out = _evaluate_cell_2(own, held_out, monkeypatch, capsys)
    assert "WARNING" not in out
    assert "NOTE: the model was also trained on 200 sentences of other data, which its manifest does not name" in out


def test_evaluate_warns_of_a_model_trained_on_the_held_out_documents(headless, held_out, monkeypatch, capsys,
                                                                   bundled_manifest):
    everything = {**bundled_manifest, "excluded_documents": []}
    out = _evaluate_cell_2(everything, held_out, monkeypatch, capsys)
    n = len({r["doc_id"] for r in held_out})
    assert f"WARNING: this model was trained on {n} of the {n} held-out documents" in out
    bundled = _evaluate_cell_2(bundled_manifest, held_out, monkeypatch, capsys)
    assert "WARNING" not in bundled and "NOTE" not in bundled


# ---- trends.ipynb --------------------------------------------------------------------------------

def _dated(doc_id, date, stance, side):
    return {"doc_id": doc_id, "date": date, "issues": ["taiwan"], "stance": stance, "side": side}


def test_trends_reads_what_the_model_was_trained_on_from_its_manifest(headless, capsys):
    from stancelib.evaluation import heldout_doc_ids

    cells = _cells("trends.ipynb")
    caveat = " ".join(_source(cells[0]).split())
    assert "until it is retrained" not in caveat and "ay and az" not in caveat
    namespace = {}
    out = _run(cells, [1, 2], namespace, capsys)
    documents = set(namespace["documents"])
    unseen = set(heldout_doc_ids()) & documents
    assert namespace["unseen"] == unseen
    assert (f"the model was trained on {len(documents) - len(unseen):,} of these documents (its manifest); "
            f"{len(unseen):,} it was not trained on") in out
    assert "held = unseen" in _source(cells[16])


def test_trends_compares_model_and_gold_on_the_rows_that_have_both_shares(headless, capsys):
    cells = _cells("trends.ipynb")
    check = next(i for i, c in enumerate(cells) if "the gold share lies inside" in _source(c))
    import matplotlib.pyplot as plt

    import stancelib
    from stancelib.schema import STANCES

    # what the cells before it define, without labelling the corpus
    namespace = {"stancelib": stancelib, "plt": plt, "STANCES": STANCES, "show": plt.close}
    _run(cells, [1], namespace, capsys)  # the parameters: taiwan, us and china, by year
    # 2024 has no readout: its rows have no share, for the model or the gold labels
    rows = [_dated("a", "2023-03-01", "warning", "china"), _dated("b", "2023-05-01", "concern", "us"),
            _dated("c", "2025-01-02", "concern", "china"), _dated("d", "2025-02-03", "cooperation", "us")]
    namespace["labels"], namespace["gold"] = rows, rows  # the model agrees with the gold labels everywhere
    out = _run(cells, [check], namespace, capsys)
    assert ("the gold share lies inside the model's interval in 100% of the 16 rows with both shares "
            "(8 rows without a sentence of the model or of the gold labels left out)") in out
    assert "mean |model - gold| share on taiwan: 0.000 (largest 0.000)" in out


# ---- retrain.ipynb -------------------------------------------------------------------------------

def test_retrain_lists_the_recipe_that_differs_from_the_two_manifests(capsys, bundled_manifest):
    cells = _cells("retrain.ipynb")
    diff = next(i for i, c in enumerate(cells) if "settings that differ" in _source(c))
    # a retrain with the bundled model's parameters but calibration folds grouped by document and another seed
    params = {**bundled_manifest["params"], "random_state": 0}
    retrained = {**bundled_manifest, "params": params, "calibrated_by": "doc_id"}
    namespace = {"bundled": SimpleNamespace(manifest_=bundled_manifest), "trained": SimpleNamespace(manifest=retrained)}
    out = _run(cells, [diff], namespace, capsys)
    by = bundled_manifest["calibrated_by"]
    folds, seed = bundled_manifest["params"]["cv"], bundled_manifest["params"]["random_state"]
    assert by != "doc_id" and seed != 0  # so both settings differ
    assert out.strip() == (f"settings that differ (bundled -> retrained): calibration folds: '{folds} grouped by {by}' "
                           f"-> '{folds} grouped by doc_id'; random_state: {seed} -> 0")
    same = {**bundled_manifest}
    namespace = {"bundled": SimpleNamespace(manifest_=bundled_manifest), "trained": SimpleNamespace(manifest=same)}
    assert _run(cells, [diff], namespace, capsys).strip() == "settings that differ (bundled -> retrained): none"


def test_retrain_points_to_the_bundled_recipe_and_its_records_carry_an_author(headless, capsys):
    cells = _cells("retrain.ipynb")
    advice = next(_source(c) for c in cells if "To compare like with like" in _source(c))
    assert 'recipe="bundled"' in advice and "author" in advice
    assert "set `PARAMS` to the bundled model's settings" not in advice
    namespace = {}
    _run(cells, [1, 2, 4], namespace, capsys)
    assert all(r.get("author") for r in namespace["records"])
