"""The analyst notebooks in notebooks/ run top to bottom, headless, without errors."""

import hashlib
import importlib.util
from pathlib import Path

import nbclient
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
BUNDLED = ROOT / "stancelib" / "models"

_spec = importlib.util.spec_from_file_location("clear_outputs", NOTEBOOKS / "clear_outputs.py")
clear_outputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(clear_outputs)


def _snapshot(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir()) if p.is_file()}


def test_there_are_notebooks():
    assert {p.name for p in PATHS} >= {"evaluate.ipynb", "retrain.ipynb", "compare_readouts.ipynb", "trends.ipynb"}


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs(path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")  # the kernel inherits it: no GUI backend
    nb = nbformat.read(path, as_version=4)
    before = _snapshot(BUNDLED)
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=300, allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{path.name}: a cell failed:\n{exc}", pytrace=False)
    assert _snapshot(BUNDLED) == before, f"{path.name} changed the bundled model in {BUNDLED}"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "every code cell ran"
    errors = [o for c in code for o in c.outputs if o.get("output_type") == "error"]
    assert not errors
    if path.name == "trends.ipynb":  # issue 16: it shows at least one figure
        assert any("image/png" in o.get("data", {}) for c in code for o in c.outputs), "trends.ipynb drew no figure"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_is_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert clear_outputs.is_clean(nb), f"{path.name} has outputs or extra metadata: run python notebooks/clear_outputs.py"
    assert nb.metadata["kernelspec"]["name"] == "python3"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is next(c for c in nb.cells if c.cell_type == "code"), \
        "the first code cell, and only it, is the parameters cell"


def test_seed_corpus_is_found_outside_a_checkout(tmp_path, monkeypatch):
    """Issue 14, symptom 6: notebooks failed from a plain `pip install .` (no seeds/ beside site-packages)."""
    import stancelib.data as data
    from stancelib.evaluation import heldout_doc_ids

    site = tmp_path / "site-packages" / "stancelib"
    site.mkdir(parents=True)
    import stancelib.config as config

    monkeypatch.setattr(config, "CHECKOUT_ROOT", site.parent)  # the package as a wheel install lays it out
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(data.SEEDS_ENV, raising=False)
    with pytest.raises(FileNotFoundError, match="STANCELIB_SEEDS=/path/to/stancelib/seeds"):
        heldout_doc_ids()
    monkeypatch.setenv(data.SEEDS_ENV, str(ROOT / "seeds"))
    assert heldout_doc_ids() and data.seeds_root() == ROOT / "seeds"
    monkeypatch.delenv(data.SEEDS_ENV)
    monkeypatch.chdir(ROOT / "notebooks")  # a notebook opened from a checkout's notebooks/
    assert data.seeds_root() == ROOT / "seeds"


def test_notebooks_extra_installs_what_runs_them_from_the_command_line():
    """Issue 14, symptom 6: `jupyter nbconvert --execute` needs nbconvert, which the extra lacked."""
    import tomllib

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["notebooks"]
    names = {d.split(">")[0].split("=")[0].strip() for d in extra}
    assert {"nbclient", "nbconvert", "ipykernel", "matplotlib"} <= names
