"""The order tests/conftest.py collects tests in: with the README's ``-n 2 --dist worksteal``, the retrain check
starts first in the slow tier, and the hostile suite's subprocess runs once in the fast tier, not once per process."""

import random
import re

import pytest

from .conftest import ROOT, RUN_FIRST_FIXTURES, pytest_collection_modifyitems


class _Item:
    """What the hook reads of a collected test: its ``longest`` marker and its fixtures (a doctest has none)."""

    def __init__(self, name: str, fixtures: tuple[str, ...] | None = (), longest: bool = False):
        self.name, self.longest = name, longest
        if fixtures is not None:
            self.fixturenames = list(fixtures)

    def get_closest_marker(self, name: str):
        return object() if name == "longest" and self.longest else None

    def __repr__(self) -> str:
        return self.name


def _sorted(items: list[_Item]) -> list[str]:
    pytest_collection_modifyitems(None, items)
    return [item.name for item in items]


def test_the_longest_test_first_then_the_tests_of_a_run_first_fixture_then_the_rest_in_their_order():
    fixture = RUN_FIRST_FIXTURES[0]
    items = [_Item("a", ("tmp_path",)), _Item("h1", (fixture,)), _Item("doctest", None), _Item("b"),
             _Item("h2", ("tmp_path", fixture)), _Item("retrain", longest=True), _Item("c")]
    assert _sorted(items) == ["retrain", "h1", "h2", "a", "doctest", "b", "c"]


def _worksteal(names: list[str], speed: float, seed: int) -> dict[str, str]:
    """Which of two processes runs each test, by pytest-xdist's own ``--dist worksteal`` scheduler.

    Two simulated workers run one test at a time; at each step the one that finishes next is drawn at random,
    the second ``speed`` times as often as the first. Stealing works as in xdist: the scheduler asks for the
    last tests of the longer queue, and the worker hands back those it has not started."""
    from types import SimpleNamespace

    from xdist.scheduler.worksteal import WorkStealingScheduling

    class Worker:
        def __init__(self, name: str):
            self.gateway, self.shutting_down, self.queue, self.asked = SimpleNamespace(id=name), False, [], None

        def send_runtest_some(self, indices):
            self.queue.extend(indices)

        def send_steal(self, indices):
            self.asked = list(indices)

        def shutdown(self):
            self.shutting_down = True

    rng = random.Random(seed)
    scheduler = WorkStealingScheduling(SimpleNamespace(getvalue=lambda name: ["2*popen"]))
    workers = [Worker("gw0"), Worker("gw1")]
    for worker in workers:
        scheduler.add_node(worker)
    for worker in workers:
        scheduler.add_node_collection(worker, names)
    scheduler.schedule()
    running: dict[Worker, int | None] = dict.fromkeys(workers)
    ran: dict[str, str] = {}
    while True:
        for worker in workers:
            if worker.asked is not None:
                given = [i for i in worker.asked if i in worker.queue]
                worker.queue, worker.asked = [i for i in worker.queue if i not in given], None
                scheduler.remove_pending_tests_from_node(worker, given)
        for worker in workers:
            if running[worker] is None and worker.queue:
                running[worker] = worker.queue.pop(0)
        busy = [w for w in workers if running[w] is not None]
        if not busy:
            return ran
        worker = rng.choices(busy, weights=[1.0 if w is workers[0] else speed for w in busy])[0]
        index, running[worker] = running[worker], None
        assert names[index] not in ran
        ran[names[index]] = worker.gateway.id
        scheduler.mark_test_complete(worker, index)


def _suite(size: int, first: range) -> list[_Item]:
    """``size`` tests, of which those at ``first`` use the run-first fixture (as the hostile suite's tests
    sit in the middle of the collection: a made-up layout, not a count of the real suite)."""
    fixture = RUN_FIRST_FIXTURES[0]
    return [_Item(f"t{i}", (fixture,) if i in first else ()) for i in range(size)]


def test_the_run_first_tests_come_first_in_their_own_order():
    first = range(130, 170)
    names = _sorted(_suite(400, first))
    assert names[:len(first)] == [f"t{i}" for i in first]
    assert names[len(first):] == [f"t{i}" for i in range(400) if i not in first]
    assert _sorted(_suite(400, first) + [_Item("retrain", longest=True)])[:2] == ["retrain", "t130"]


@pytest.mark.parametrize("speed", [0.2, 1.0, 1.5, 5.0])
def test_xdist_worksteal_runs_all_the_run_first_tests_in_one_process(speed):
    """After the hook's sort, every test runs once and the run-first tests all run in the first process, however
    fast the other one is. In the collection's own order the other process, when faster, steals the end of the
    first one's queue, which can cut through them: their subprocess would then run in both processes."""
    first = range(130, 170)
    for seed in range(3):
        ran = _worksteal(_sorted(_suite(400, first)), speed, seed)
        assert len(ran) == 400
        assert {ran[f"t{i}"] for i in first} == {"gw0"}
    if speed == 1.5:
        unsorted = [item.name for item in _suite(400, first)]
        assert {_worksteal(unsorted, speed, 0)[f"t{i}"] for i in first} == {"gw0", "gw1"}


def test_each_run_first_fixture_is_a_module_fixture_of_the_tests():
    """A renamed fixture would leave its tests where they were, and its subprocess would run in both processes."""
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "tests").glob("test_*.py"))
    for name in RUN_FIRST_FIXTURES:
        assert re.search(rf'@pytest\.fixture\(scope="module"\)\ndef {name}\(', sources), name
        assert re.search(rf"def test_\w+\([^)]*\b{name}\b", sources), name


def test_in_this_run_the_run_first_tests_come_before_the_others(request):
    """The run's own collection (all of it in each xdist process). Skipped when the run collects no test that
    uses a run-first fixture (this file run alone, for one): then there is nothing to check."""
    rest = [item for item in request.session.items if item.get_closest_marker("longest") is None]
    first = [any(name in RUN_FIRST_FIXTURES for name in getattr(item, "fixturenames", ())) for item in rest]
    if not any(first):
        pytest.skip("no test of a run-first fixture is collected in this run")
    assert first == sorted(first, reverse=True)
