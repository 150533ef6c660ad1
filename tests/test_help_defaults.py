"""The help says what each option does and defaults to, and counts read as English.

Review r33 (user), finding 10: ``--top`` hid its default (3, where ``explain`` defaults to 5), ``audit
--folds`` and ``validate``'s paths had no description, and ``suggest`` printed "1 sentences to label". The
sentence is written for this test.
"""

import json

from stancelib.cli import main

from .conftest import cli_commands
from .conftest import cli_help as help_of


def test_each_option_says_what_it_does_and_its_default():
    assert "features per label and direction with --explain (default 3)" in help_of("classify")
    assert "--folds FOLDS cross-validation folds, grouped by document" in help_of("audit")
    assert "(default 5, at least 2)" in help_of("audit")
    assert "PATH labelled files (.jsonl, .ndjson, .json or .csv" in help_of("validate")
    assert "default: each file's source: header line; a file without one, beside one with a source, is named by " \
           "its file name" in help_of("compare")


def test_suggest_counts_in_the_singular(capsys, tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("The two sides agreed to keep talking.\n", encoding="utf-8")
    assert main(["suggest", str(path), "--n", "5"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 and json.loads(out)["doc_id"] == "one"
    assert err.startswith("1 sentence to label (of 1 in 1 document), least sure first")


def test_every_option_has_help_and_every_command_a_description_and_an_example():
    """Review r34 (cli), L3: six options had no help, six subcommands no description, and no command an example."""
    for name, sub in cli_commands().items():
        assert sub.description, name
        assert sub.epilog and sub.epilog.startswith("examples:\n  stancelib " + name), name
        assert f"  stancelib {name} " in sub.format_help(), name  # the example lines are kept as written
        for action in sub._actions:
            assert action.help, (name, action.dest)


def test_the_defaults_are_stated_as_values():
    from stancelib.config import DEFAULTS

    for command in ("train", "audit"):
        assert f"(default {DEFAULTS.seed}, stancelib.config.DEFAULTS.seed" in help_of(command), command
        assert "train()'s" not in help_of(command) and "audit()'s" not in help_of(command)
    for command in ("classify", "suggest", "trends"):
        assert "default text)" in help_of(command), command
    assert "table (default" in help_of("classify") and "table (default)" in help_of("compare")
    assert "markdown (default" in help_of("trends") and "year (default)" in help_of("trends")
    assert "--out OUT JSONL file to write, whatever --format" in help_of("audit")
