"""``training.write_json``: a script's JSON report, indented as asked, ending in a newline, written atomically.

Review r32 (diff), finding 8: the scripts that still write their reports with
``atomic_write_text(path, json.dumps(report, indent=1))`` can call it with ``indent=1``.
"""

import json

from training import write_json


def test_the_default_indent_and_a_given_one(tmp_path):
    report = {"scheme": "authors", "scores": [0.81, 0.79]}
    write_json(tmp_path / "made" / "here.json", report)  # the folder is made
    two = (tmp_path / "made" / "here.json").read_text(encoding="utf-8")
    assert two == json.dumps(report, indent=2) + "\n"
    write_json(tmp_path / "one.json", report, indent=1)
    assert (tmp_path / "one.json").read_text(encoding="utf-8") == json.dumps(report, indent=1) + "\n"
    assert json.loads((tmp_path / "one.json").read_text(encoding="utf-8")) == report
