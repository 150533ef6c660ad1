"""A comparison's cells never show a share that is not firm as one that reaches the firm bar.

Review r32 (retrain, finding 11): ``cooperation? (0.60)`` beside the note "share below 0.60": the
share was 0.5963, judged on four decimals and shown on two.
"""

from stancelib.api import SentenceLabel
from stancelib.comparison import FIRM_CONFIDENCE, Comparison, IssueRow, IssueView, _share_text


def _view(share, firm):
    lab = SentenceLabel("Talks.", (0, 6), ("trade",), "cooperation", "us", 0.9)  # written for this test
    return IssueView((lab,), (True,), "cooperation", share, (("cooperation", share),), firm)


def test_a_share_just_under_the_bar_shows_enough_decimals_to_be_under_it():
    assert FIRM_CONFIDENCE == 0.60
    result = Comparison(("A", "B"), (IssueRow("trade", _view(0.5963, False), _view(0.6289, True), ()),))
    table, markdown, html = result.to_table(), result.to_markdown(), result._repr_html_()
    for shown in (table, markdown, html):
        assert "cooperation? (0.596)" in shown and "cooperation (0.63)" in shown
        assert "(0.60)" not in shown
    assert "share below 0.60" in table


def test_other_shares_keep_two_decimals():
    assert [_share_text(v) for v in (0.6, 0.6049, 0.5949, 0.5996, 0.9999, 0.0)] == \
        ["0.60", "0.60", "0.59", "0.5996", "1.00", "0.00"]
