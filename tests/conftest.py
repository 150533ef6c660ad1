import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "000_b5bd82f4852aa066.txt"

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


def pytest_collection_modifyitems(config, items):
    """Tests marked ``longest`` first (the slow tier's retrain, most of its time): the README's
    command runs each tier in two processes (``-n 2 --dist worksteal``), and started first the
    longest test has the other tests run in the other process beside it, not after it."""
    items.sort(key=lambda item: item.get_closest_marker("longest") is None)


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
