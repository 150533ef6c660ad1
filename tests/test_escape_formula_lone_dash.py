"""``escape_formula`` leaves a cell that is exactly ``-`` alone (the ``file`` of standard input; no spreadsheet
reads it as a formula), in ``write_table`` and ``save_labels`` as on the command line, whose own workaround is
gone. Review r34 leftovers, finding 2.
"""

import csv

from stancelib import cli
from stancelib.tables import escape_formula, write_table


def test_a_lone_dash_is_no_formula_but_a_dash_before_text_is():
    assert escape_formula("-") == "-"
    assert escape_formula("- 5") == "'- 5" and escape_formula("-x") == "'-x" and escape_formula("--") == "'--"
    assert escape_formula(" -") == " -"  # opens with a space: nothing to escape


def test_write_table_keeps_a_lone_dash(tmp_path):
    path = write_table([{"file": "-", "text": "-Xi spoke."}], tmp_path / "t.csv", columns=["file", "text"],
                       escape_formulas=True)
    with path.open(encoding="utf-8", newline="") as f:
        assert list(csv.DictReader(f)) == [{"file": "-", "text": "'-Xi spoke."}]


def test_the_command_line_escapes_with_escape_formula_itself():
    assert cli._csv_cell_guard(True) is escape_formula  # no wrapper of its own around a lone "-"
    assert cli._csv_cell_guard(False)("=1") == "=1"
