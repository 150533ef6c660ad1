"""The test configuration's warning filters: where they apply, and what reading them imports."""

import subprocess
import sys
import warnings

import pytest

from .conftest import ROOT, runs_tests_here


def test_few_examples_warnings_are_ignored_in_a_process_that_runs_tests():
    from stancelib.trainer import FewExamplesWarning

    with warnings.catch_warnings(record=True) as caught:  # keeps the filters this test runs under
        warnings.warn("few", FewExamplesWarning)
        warnings.warn("other", UserWarning)
    assert [type(w.message) for w in caught] == [UserWarning]


class _Config:
    """A pytest config's options as pytest-xdist leaves them (getoption as pytest's: a default for a missing one)."""

    def __init__(self, worker: bool = False, **options):
        if worker:
            self.workerinput = {"workerid": "gw0"}
        self.options = options

    def getoption(self, name: str, default=None):
        return self.options.get(name, default)


@pytest.mark.parametrize("config, runs", [
    (_Config(), True),  # no pytest-xdist, or -p no:xdist
    (_Config(dist="no", tx=[]), True),  # pytest-xdist without -n, or -n 0
    (_Config(dist="worksteal", tx=["popen"] * 2), False),  # -n 2: the controller runs no test
    (_Config(dist="worksteal", tx=["popen"] * 2, collectonly=True), True),  # -n 2 --collect-only collects here
    (_Config(worker=True, dist="worksteal", tx=["popen"] * 2), True),  # a worker
])
def test_only_the_xdist_controller_runs_no_tests(config, runs):
    assert runs_tests_here(config) is runs


def test_this_process_runs_tests(request):
    assert runs_tests_here(request.config)


def test_reading_the_ini_s_filters_imports_no_scientific_library():
    """pytest imports each filter's category as it reads the configuration, in every process: the xdist controller
    too, before it starts the workers. A category of stancelib.trainer cost about 2 s there."""
    code = ("import sys, tomllib; from _pytest.config import parse_warning_filter\n"
            "with open('pyproject.toml', 'rb') as f:\n"
            "    lines = tomllib.load(f)['tool']['pytest']['ini_options']['filterwarnings']\n"
            "for line in lines:\n"
            "    parse_warning_filter(line, escape=False)\n"
            "print(sorted(m for m in ('sklearn', 'scipy', 'pandas', 'stancelib.trainer') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "[]", (f"reading pyproject.toml's filterwarnings imports {proc.stdout.strip()}: "
                                         "add the filter to TEST_PROCESS_FILTERS in tests/conftest.py instead")
