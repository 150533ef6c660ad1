"""``compare``'s default names of its two readouts are spelled once, ``stancelib.comparison.DEFAULT_NAMES``:
the library's signature uses it, ``compare_sides`` names its sides by it, and the command line passes names
only when it has some (``--names``, or a file's ``source:``), leaving the default to ``compare()``.

Review r33 (diff), finding 4: the CLI kept a ``DEFAULT_NAMES`` of its own, a second source of the default (the
setfit 12-versus-42 shape: change the library's and the command keeps the old one). The readouts are written
for these tests.
"""

import inspect
import json

import stancelib.comparison as comparison
from stancelib import compare
from stancelib.cli import main

from .conftest import cli_help

US = "The President raised concerns about fentanyl precursors. The two leaders agreed to keep talking.\n"
CN = "Xi warned that Taiwan is a red line. The two leaders agreed to keep talking.\n"


def test_the_library_default_is_the_constant():
    assert inspect.signature(compare).parameters["names"].default is comparison.DEFAULT_NAMES
    assert comparison.compare_sides(US + CN).names == comparison.DEFAULT_NAMES


def test_the_command_leaves_the_default_to_compare(monkeypatch, tmp_path, capsys):
    (tmp_path / "us.txt").write_text(US, encoding="utf-8")
    (tmp_path / "cn.txt").write_text(CN, encoding="utf-8")
    monkeypatch.setattr(comparison, "DEFAULT_NAMES", ("Side A", "Side B"))  # a new library default ...
    real = comparison.compare
    # ... as compare() would take it: the signature's default is bound when the module is read
    monkeypatch.setattr(comparison, "compare", lambda a, b, *, names=comparison.DEFAULT_NAMES, model=None:
                        real(a, b, names=names, model=model))
    assert main(["compare", str(tmp_path / "us.txt"), str(tmp_path / "cn.txt"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["names"] == ["Side A", "Side B"]


def test_the_help_names_the_library_default():
    assert f"when neither has a source, {' '.join(comparison.DEFAULT_NAMES)}, by position" in cli_help("compare")
