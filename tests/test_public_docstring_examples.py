"""The public names the docs review (r34, M5) found without an Examples section have one.

``pytest --doctest-modules`` (pyproject's ``addopts``) runs each Examples section with its module; this file
does not run them again. It checks that each section exists in numpydoc form, that ``--doctest-modules`` finds
it, that it uses the name, and that it shows output the run checks (``plot_trends`` only shows its call and
output: they are ``+SKIP``, as drawing needs matplotlib).
"""

import doctest
import re
import tomllib

import pytest

import stancelib

from .conftest import ROOT

NAMES = ["classify_dataset", "plot_trends", "SentenceLabel", "Summary", "Trends"]
#: Shown but not run: drawing needs matplotlib (the ``[notebooks]`` extra), so these examples are ``+SKIP``.
SHOWN_ONLY = {"plot_trends"}


def _skipped(example: doctest.Example) -> bool:
    return example.options.get(doctest.SKIP, False)


def test_doctest_modules_collects_the_package():
    pytest_options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in pytest_options["addopts"].split()
    assert "stancelib" in pytest_options["testpaths"]


@pytest.mark.parametrize("name", NAMES)
def test_the_name_has_an_examples_section_that_doctest_modules_runs(name):
    obj = getattr(stancelib, name)
    assert name in stancelib.__all__
    doc = obj.__doc__ or ""
    assert "\n    Examples\n    --------\n" in doc, f"{name} has no numpydoc Examples section"
    module = __import__(obj.__module__, fromlist=["_"])
    # what --doctest-modules collects from the module: the docstring of this name is among its tests
    found = {test.name: test for test in doctest.DocTestFinder().find(module)}
    test = found.get(f"{module.__name__}.{name}")
    assert test is not None and test.examples, f"--doctest-modules finds no example in {name}'s docstring"
    # the example uses the name, or the function it says makes it ("Made by :func:`trends`")
    made_by = re.search(r"Made by :func:`(?:stancelib\.)?(\w+)`", doc)
    uses = [f"{name}(", f"{name}."] + ([f"{made_by.group(1)}("] if made_by else [])
    assert any(u in e.source for e in test.examples for u in uses), f"{name}'s examples do not use it"
    # and shows output that the run checks, not only statements
    checked = [e for e in test.examples if e.want.strip() and not _skipped(e)]
    if name in SHOWN_ONLY:
        assert any(_skipped(e) and f"{name}(" in e.source for e in test.examples), name
    else:
        assert checked, f"{name}'s examples check no output"
