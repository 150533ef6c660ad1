"""``stancelib compare`` refuses a file of header lines only with one message, not a warning that says it may
be ignored followed by the refusal.

Review r33 (new), the first of the small findings. The readout is written for this test.
"""

import warnings

import pytest

from stancelib.cli import main


def test_a_header_only_file_is_refused_without_a_warning_first(tmp_path, capsys):
    (tmp_path / "hdr.txt").write_text("date: 2025-03-14\nsource: MFA\n", encoding="utf-8")
    (tmp_path / "cn.txt").write_text("Xi said the Taiwan question is a red line.\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught, pytest.raises(SystemExit, match="empty after its header"):
        warnings.simplefilter("always")
        main(["compare", str(tmp_path / "hdr.txt"), str(tmp_path / "cn.txt")])
    assert not caught and "ignore this warning" not in capsys.readouterr().err
