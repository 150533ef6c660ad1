"""summarize(): a readout issue by issue, each side's dominant stance and the strongest sentence (issue 16)."""

import json

import pytest

from stancelib import Summary, classify, summarize
from stancelib.api import SentenceLabel
from stancelib.schema import SIDES, STANCES
from stancelib.summary import COLUMNS

from .documents import READOUTS, label_documents

WARNING, CONCERN, COOPERATION, NEUTRAL = STANCES[0], STANCES[1], STANCES[2], STANCES[-1]
US, CHINA = SIDES[0], SIDES[1]


def lab(text, issues, stance, side, confidence):
    return SentenceLabel(text, (0, len(text)), tuple(issues), stance, side, confidence)


HAND = [
    lab("The call lasted an hour.", ["relations"], NEUTRAL, US, 0.95),
    lab("China set out its position on Taiwan.", ["taiwan"], NEUTRAL, CHINA, 0.99),
    lab("Beijing warned against arms sales to Taiwan.", ["taiwan", "military"], WARNING, CHINA, 0.9),
    lab("China voiced concern over transits near Taiwan.", ["taiwan"], CONCERN, CHINA, 0.6),
    lab("It also warned of consequences.", ["taiwan"], WARNING, CHINA, 0.7),
    lab("Washington raised concern about Taiwan.", ["taiwan"], CONCERN, US, 0.8),
    lab("The US agreed to cooperate on Taiwan Strait safety.", ["taiwan"], COOPERATION, US, 0.5),
]


def test_dominant_stance_share_and_confidence_follow_the_documented_rules():
    summary = summarize(HAND)
    taiwan = summary["taiwan"]
    assert taiwan.sentences == 6
    china = taiwan.side(CHINA)
    # the neutral sentence does not count: China has non-neutral ones; warning 2 of 3
    assert (china.stance, china.counted, china.sentences) == (WARNING, 3, 4)
    assert china.share == round(2 / 3, 4) and china.confidence == round((0.9 + 0.7) / 2, 4)
    us = taiwan.side(US)
    # a tie (concern 1, cooperation 1) goes to the stronger stance
    assert (us.stance, us.share, us.confidence) == (CONCERN, 0.5, 0.8)
    # the strongest sentence is the most confident non-neutral one, not the 0.99 neutral one
    assert taiwan.strongest.text == "Beijing warned against arms sales to Taiwan."
    # all neutral: the stance is neutral, read from every sentence
    relations = summary["relations"].side(US)
    assert (relations.stance, relations.share, relations.counted) == (NEUTRAL, 1.0, 1)
    assert summary["relations"].strongest.text == "The call lasted an hour."
    assert summary["military"].sides[0].stance == WARNING  # a sentence counts on each of its issues
    assert summary.issues[0].issue == "taiwan" and [r.issue for r in summary.issues] == ["taiwan", "military", "relations"]
    assert taiwan.side("joint") is None and "trade" not in summary and len(summary) == 3
    with pytest.raises(KeyError, match="'trade' is not among the summary's issues: taiwan, military, relations"):
        summary["trade"]


def test_summary_outputs():
    summary = summarize(HAND + [lab("A <b>bold</b> | piped claim on trade.", ["trade"], CONCERN, US, 0.7)])
    md = summary.to_markdown()
    assert "| taiwan | 6 | us: concern (0.50, 0.80); china: warning (0.67, 0.80) |" in md
    assert "piped claim" in md and "\\|" in md  # the pipe cannot break the table
    d = summary.to_dict()
    json.dumps(d)
    assert d["sentences"] == 8 and d["issues"][0]["strongest"]["stance"] == WARNING
    frame = summary.to_frame()
    assert list(frame.columns) == list(COLUMNS) and len(frame) == sum(len(r.sides) for r in summary.issues)
    assert frame.iloc[0]["issue"] == "taiwan"
    text = repr(summary)
    assert text.startswith("Summary(8 sentences: taiwan[us:concern,china:warning]") and len(text) < 300
    page = summary._repr_html_()
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold" not in page


def test_summary_of_a_labelled_readout(model):
    labels = classify(READOUTS[0]["text"] + " " + READOUTS[1]["text"])
    summary = summarize(labels)
    assert summary.sentences == len(labels) and summary.doc_id is None
    tagged = {c for label in labels for c in label.issues}
    assert {r.issue for r in summary.issues} == tagged
    order = labels[0].scores["issue"]
    assert [r.issue for r in summary.issues] == [c for c in order if c in tagged]  # the model's issue order
    for row in summary.issues:
        assert row.sentences == sum(1 for label in labels if row.issue in label.issues)
        assert row.strongest in labels and row.issue in row.strongest.issues
        for side in row.sides:
            assert side.stance in STANCES and 0 < side.share <= 1 and 0 <= side.confidence <= 1
            assert side.counted <= side.sentences


def test_summary_keeps_the_doc_id_of_one_document(model):
    labels = label_documents(READOUTS[:1])
    assert summarize(labels).doc_id == READOUTS[0]["id"]
    assert "Summary of r2020a" in summarize(labels).to_markdown()
    assert summarize(label_documents(READOUTS[:2])).doc_id is None


def test_summarize_refuses_what_is_not_labels():
    with pytest.raises(TypeError, match=r"got a str; label it first: summarize\(classify\(text\)\)"):
        summarize("Xi warned Biden.")
    with pytest.raises(TypeError, match="item 0 is a dict"):
        summarize([{"text": "x"}])
    empty = summarize([])
    assert isinstance(empty, Summary) and empty.issues == () and empty.sentences == 0
    assert len(empty.to_frame()) == 0


def test_summarize_names_what_it_takes_and_counts_in_the_singular():
    from stancelib import classify, summarize

    with pytest.raises(TypeError, match=r"summarize\(\) expects an iterable of SentenceLabel objects.*got NoneType"):
        summarize(None)
    one = summarize(classify("Xi warned Biden not to cross a red line on Taiwan."))
    assert "1 sentence, " in one.to_markdown() and "1 sentences" not in one.to_markdown()


def test_ties_between_stances_the_guide_does_not_rank_do_not_depend_on_input_order():
    """Review finding 6: a retrained model's stances tied by input order; they now tie by the model's label order."""
    layout = (("issue", ("taiwan",)), ("stance", ("hostile", "critical", "friendly", "none")), ("side", ("a", "b")))

    def label(text, stance):
        values = tuple([0.9] + [0.7 if s == stance else 0.1 for s in layout[1][1]] + [0.9, 0.1])
        return SentenceLabel(text, (0, len(text)), ("taiwan",), stance, "a", 0.6, _scores=(layout, values))

    x, y = label("They criticised the sale.", "critical"), label("They threatened a response.", "hostile")
    assert summarize([x, y])["taiwan"].sides[0].stance == summarize([y, x])["taiwan"].sides[0].stance == "hostile"
    # the guide's stances still beat codes it does not rank, whatever the order
    w = lab("Beijing warned against the sale.", ["taiwan"], WARNING, "a", 0.6)
    assert summarize([x, w])["taiwan"].sides[0].stance == summarize([w, x])["taiwan"].sides[0].stance == WARNING
    # documented: only the code "neutral" records no act; a retrained model's "none" is counted like any stance
    none = label("Logistics were discussed.", "none")
    assert summarize([none, none, x])["taiwan"].sides[0].stance == "none"
    import stancelib.summary

    assert "works unchanged" not in stancelib.summary.__doc__ and '"none"' in stancelib.summary.__doc__


def test_summary_repr_counts_in_the_singular():
    """Review finding 14: the repr said '1 sentences'."""
    text = repr(summarize([lab("a", (), CONCERN, CHINA, 0.9)]))
    assert text.startswith("Summary(1 sentence: ") and "1 sentences" not in text
