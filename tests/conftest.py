import importlib
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


def cli_commands() -> dict:
    """The ``stancelib`` subcommands' parsers, by name."""
    from stancelib.cli import build_parser

    return next(a for a in build_parser()._actions if a.dest == "command").choices


def cli_help(command: str) -> str:
    """``stancelib COMMAND --help``'s text, its white space folded to single spaces (so a phrase can be looked for
    whatever the line breaks)."""
    return " ".join(cli_commands()[command].format_help().split())


def segment_texts(text: str) -> list[str]:
    """The sentences ``segment`` finds in ``text``, as strings; asserts that each span slices ``text`` to its
    sentence and that the spans come in order, without overlap."""
    from stancelib.segment import segment

    found = segment(text)
    assert all(text[s.start:s.end] == s.text for s in found)  # spans still slice the text
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    return [s.text for s in found]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    """``rows`` written to ``path``, one JSON object a line."""
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def as_records(texts: list[str], labels: dict[str, list], documents: int = 2) -> list[dict]:
    """Labelled records of ``texts`` with the labels of ``labels`` (field -> one value a text), ids "0", "1", ...
    and doc_ids "d0" to "d{documents - 1}" in turn."""
    return [{"id": str(i), "doc_id": f"d{i % documents}", "text": t, **{f: v[i] for f, v in labels.items()}}
            for i, t in enumerate(texts)]


def seed_corpus(tmp_path: Path, monkeypatch, rows: list[dict]) -> Path:
    """A seed corpus of one file, ``tmp_path/seeds/corpus/part.jsonl``, that ``base="seeds"`` reads instead of the
    repository's (``SEEDS_ENV``): ``rows`` with "s" before each id and doc_id and "S " before each text, so no
    sentence is also one of the user's. Returns the file."""
    from stancelib.data import SEEDS_ENV

    seeds = tmp_path / "seeds"
    (seeds / "corpus").mkdir(parents=True)
    part = write_jsonl(seeds / "corpus" / "part.jsonl", [
        dict(r, id=f"s{r['id']}", doc_id=f"s{r['doc_id']}", text=f"S {r['text']}") for r in rows])
    monkeypatch.setenv(SEEDS_ENV, str(seeds))
    return part


def training_config(folder: Path, settings: dict) -> str:
    """A config for ``python -m training.train``: ``settings`` written to ``folder/config.json``, whose path it
    returns as a string (as ``--config`` takes it)."""
    path = folder / "config.json"
    path.write_text(json.dumps(settings), encoding="utf-8")
    return str(path)


def corpus_rows() -> list[dict]:
    """Every record of the seed corpus (seeds/corpus/*.jsonl), file by file in name order."""
    rows = []
    for path in sorted((SEEDS / "corpus").glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


#: Training sets written for the tests (no corpus sentence), for any claim that holds for any fitted model.
#: Four sentences of four issues, stances and sides, twice:
FOUR_X = ["Xi warned against arms sales to Taiwan.", "The two sides agreed to resume talks on climate.",
          "Biden raised concerns about human rights in Xinjiang.", "They agreed to cooperate on fentanyl."] * 2
FOUR_Y = {"issue": [["taiwan"], ["climate"], ["human_rights"], ["counternarcotics"]] * 2,
          "stance": ["warning", "cooperation", "concern", "cooperation"] * 2,
          "side": ["china", "joint", "us", "joint"] * 2}
#: ... and two sentences that share no word, four times (issue and stance only):
TWO_X = ["Xi warned against arms sales to Taiwan.", "Both sides agreed on climate talks."] * 4
TWO_Y = {"issue": [["taiwan"], ["climate"]] * 4, "stance": ["warning", "cooperation"] * 4}


class RunsWhenLoaded:
    """What a stranger's model-*.joblib may hold: unpickling it writes "ran" to ``marker`` (any code could run
    there)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


@pytest.fixture()
def swapped_model(tmp_path) -> Path:
    """A small fitted model's folder, ``tmp_path/theirs``, whose pickle was swapped for a
    :class:`RunsWhenLoaded` that writes ``tmp_path/PWNED``, and its manifest's sha256 updated (as anyone who can
    write the pickle can): the folder's integrity check passes, only trust stands between the file and its code."""
    import joblib

    from stancelib import ReadoutClassifier
    from stancelib.persist import MANIFEST, read_manifest, save_model, sha256_file

    folder = tmp_path / "theirs"
    save_model(ReadoutClassifier(cv=0, min_df=1).fit(TWO_X, TWO_Y), folder, {})
    manifest = read_manifest(folder)
    artifact = folder / manifest["artifact"]
    joblib.dump(RunsWhenLoaded(tmp_path / "PWNED"), artifact)
    manifest["artifact_sha256"] = sha256_file(artifact)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


@pytest.fixture()
def no_work(monkeypatch):
    """Make loading the model (``cli._model``), training (``trainer.train``) and curation (``curation.audit``,
    ``curation.suggest``) fail the test: for commands that must be refused before any work."""
    import stancelib.cli
    import stancelib.curation
    import stancelib.trainer

    def fail(*args, **kwargs):
        raise AssertionError("the command started its work: it should have been refused first")

    monkeypatch.setattr(stancelib.cli, "_model", fail)
    for module, name in ((stancelib.curation, "audit"), (stancelib.curation, "suggest"), (stancelib.trainer, "train")):
        monkeypatch.setattr(module, name, fail)


@pytest.fixture()
def tiny_checkout(tmp_path, monkeypatch) -> Path:
    """``tmp_path`` as the checkout ``python -m training.train`` reads (its ``ROOT``), with a :func:`seed_corpus` of
    four sentences written for the tests: two documents (sd0, sd1) by two authors, two issues and stances, one
    side. Returns ``tmp_path``."""
    import training.train as script

    seed_corpus(tmp_path, monkeypatch, [
        {"id": f"a{i}", "doc_id": f"d{i % 2}", "author": f"w{i % 2}", "text": t, "issue": [c], "stance": s,
         "side": "china"}
        for i, (t, c, s) in enumerate([("Xi warned Biden on Taiwan.", "taiwan", "warning"),
                                       ("They agreed to talk on climate.", "climate", "cooperation")] * 2)])
    monkeypatch.setattr(script, "ROOT", tmp_path)
    return tmp_path


@pytest.fixture()
def two_documents_jsonl(tmp_path) -> Path:
    """``tmp_path/d.jsonl``: two documents of two valid labelled sentences each."""
    return write_jsonl(tmp_path / "d.jsonl", [
        {"id": f"{d}{i}", "doc_id": d, "text": f"Sentence {i} of readout {d} on talks.", "issue": ["trade"],
         "stance": "neutral", "side": "us"} for d in ("a", "b") for i in range(2)])

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


#: Module-scoped fixtures that start a subprocess (tests/test_hostile.py's suite: 3-13 s). Each process that
#: runs a test using one sets it up anew, so their tests run first, in one of the two processes.
RUN_FIRST_FIXTURES = ("hostile_results",)

#: The warning filters of the processes that run tests. Not in pyproject.toml's ``filterwarnings``:
#: pytest imports a filter's category when it reads the configuration, and importing
#: ``stancelib.trainer`` (scikit-learn, scipy, pandas: about 2 s) would delay the xdist controller,
#: which runs no test, before it starts its two workers.
TEST_PROCESS_FILTERS = ("ignore::stancelib.trainer.FewExamplesWarning",)


def runs_tests_here(config: pytest.Config) -> bool:
    """Whether this pytest process runs tests: false only in pytest-xdist's controller, which hands
    them to its workers (xdist's own test: a distribution mode with workers, and not ``--collect-only``)."""
    if hasattr(config, "workerinput"):
        return True
    distributed = config.getoption("dist", "no") != "no" and bool(config.getoption("tx", None))
    return not distributed or bool(config.getoption("collectonly", False))


def pytest_configure(config: pytest.Config) -> None:
    """Add TEST_PROCESS_FILTERS where tests run, and import their categories now, as pytest did when
    pyproject.toml named them: imported while collecting, scikit-learn and the rest took about 0.4 s more
    (system time) in a process."""
    if runs_tests_here(config):
        for line in TEST_PROCESS_FILTERS:
            config.addinivalue_line("filterwarnings", line)
            importlib.import_module(line.split(":")[2].rpartition(".")[0])


def pytest_collection_modifyitems(config, items):
    """Tests marked ``longest`` first (the slow tier's retrain, most of its time), then the tests that use a
    fixture of ``RUN_FIRST_FIXTURES``; the rest keep their order. The README's command runs each tier in two
    processes (``-n 2 --dist worksteal``). Started first, the longest test has the other tests run in the other
    process beside it, not after it. The first half of the tests goes to one process, and a process that runs
    out of tests takes the other's last ones: tests at the front (162 of about 2,750 in the fast tier) all run
    in the first process, and their subprocess runs once, not once per process."""
    items.sort(key=lambda item: (item.get_closest_marker("longest") is None,
                                 not any(name in RUN_FIRST_FIXTURES for name in getattr(item, "fixturenames", ()))))


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
def compiled_model():
    """The bundled estimator compiled: its committed export, which ``classify`` uses (``load_compiled_bundled()``,
    shared, so tests must not change it). tests/test_safe_format.py checks that it is byte for byte what
    ``model.compile()`` exports, which would take 1.5 s to run again here."""
    from stancelib.persist import load_compiled_bundled

    return load_compiled_bundled()


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
