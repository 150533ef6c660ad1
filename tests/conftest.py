import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent


def cli_result(capsys, *args: str) -> tuple[int, str, str]:
    """Run the ``stancelib`` command line in this process: its exit status, standard output and error."""
    from stancelib.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cli_output(capsys, *args: str) -> str:
    """The standard output of a ``stancelib`` command that must succeed (its error output is the message)."""
    code, out, err = cli_result(capsys, *args)
    assert code == 0, err
    return out
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "000_b5bd82f4852aa066.txt"

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


def pytest_collection_modifyitems(config, items):
    """Tests marked ``longest`` first (the slow tier's retrain, most of its time): the README's
    command runs each tier in two processes (``-n 2 --dist worksteal``), and started first the
    longest test has the other tests run in the other process beside it, not after it."""
    items.sort(key=lambda item: item.get_closest_marker("longest") is None)


def pytest_collection_finish(session):
    """The fast tier computes with one BLAS/OpenMP thread a process. Its two processes
    (``-n 2``) on two cores each started two threads, and one process's small solves (the
    calibration folds' Platt scaling above all) waited on a core the other process held: with
    the cores busy, a fit with calibration folds took twice as long with two threads as with
    one (1.5 s and 0.9 s on small_records). The limit reaches the libraries loaded while
    collecting (numpy's, scipy's and scikit-learn's), in this process only; subprocesses start
    as before. Not in a run that selects slow tests, whose retrain and benchmark keep the
    threads they had."""
    if any(item.get_closest_marker("slow") for item in session.items):
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # scikit-learn requires it; without it the tests run as they are
        return
    threadpool_limits(limits=1)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_labels() -> list[dict]:
    with open(SEEDS / "seed_article.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="session")
def model():
    from stancelib import load_model

    return load_model()


@pytest.fixture(scope="session")
def compiled_model(model):
    """The bundled estimator compiled (``model.compile()``, 1.5 s): tests must not change it."""
    return model.compile()


@pytest.fixture(scope="session")
def small_records() -> list[dict]:
    """A few documents of the seed corpus: enough to train a small model fast."""
    from stancelib.data import load_records

    records = load_records(SEEDS / "seed_article.jsonl")
    for part in ("part_a.jsonl", "part_b.jsonl"):
        path = SEEDS / "corpus" / part
        if path.exists():
            records += load_records(path)[:150]
    return records


@pytest.fixture(scope="session")
def few_records(small_records) -> list[dict]:
    """Fewer of small_records' sentences: the seed article and the first 45 of each corpus part (123
    sentences, three authors, every stance, side and issue code). For tests whose claim holds for any
    fitted model (an export, a data form, an agreement of two computations): a fit with calibration
    folds takes half the time it takes on small_records (0.4 s, not 0.9 s)."""
    by_author: dict[str, list[dict]] = {}
    for r in small_records:
        by_author.setdefault(r["author"], []).append(r)
    return [r for author, rows in by_author.items() for r in (rows if author == "seed" else rows[:45])]


@pytest.fixture(autouse=True)
def _keep_the_loaded_models():
    """Put back the models loaded before a test that cleared the cache (``clear_cache()``, so that its own
    load reads the files again): otherwise the next test to use the bundled model unpickles it again (about
    1 s). The cached models are never changed (``load_model`` hands out copies), so they are the models
    that a fresh load gives; only what was there before the test comes back."""
    from stancelib import persist

    cache, bundled, compiled = dict(persist._cache), list(persist._bundled), list(persist._bundled_compiled)
    yield
    for key, loaded in cache.items():
        persist._cache.setdefault(key, loaded)
    if bundled:
        persist._bundled[:] = bundled
    if compiled:
        persist._bundled_compiled[:] = compiled
