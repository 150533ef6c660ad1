"""Sentence segmentation on readout text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancelib.segment import segment


def texts(text):
    return [s.text for s in segment(text)]


def test_seed_article_segments_as_labelled(seed_text, seed_labels):
    segs = segment(seed_text)
    assert [s.text for s in segs] == [r["text"] for r in seed_labels]
    assert [[s.start, s.end] for s in segs] == [r["span"] for r in seed_labels]


@pytest.mark.parametrize(
    "text, expected",
    [
        # initialisms inside a sentence, at its end before a new sentence
        ("The U.S. side raised Taiwan. The U.N. envoy was not present.",
         ["The U.S. side raised Taiwan.", "The U.N. envoy was not present."]),
        ("Congress passed the bill in the U.S. The Chinese side objected.",
         ["Congress passed the bill in the U.S.", "The Chinese side objected."]),
        ("He met U.S. Trade Representative Katherine Tai.", ["He met U.S. Trade Representative Katherine Tai."]),
        # titles and months never end a sentence
        ("Mr. Wang met Gen. Brown on Jan. 5 in Washington. They spoke briefly.",
         ["Mr. Wang met Gen. Brown on Jan. 5 in Washington.", "They spoke briefly."]),
        ("Amb. Burns and Sen. Rubio attended. Dr. Li did not.", ["Amb. Burns and Sen. Rubio attended.", "Dr. Li did not."]),
        ("President John F. Kennedy is not mentioned.", ["President John F. Kennedy is not mentioned."]),
        # a quotation that runs over two sentences
        ("“We will not back down. The tariffs stay,” she said. Beijing replied.",
         ["“We will not back down.", "The tariffs stay,” she said.", "Beijing replied."]),
        ("“Is that a threat?” Wang asked. Nobody answered.", ["“Is that a threat?” Wang asked.", "Nobody answered."]),
        ("He said “the door is open.” Talks resume Monday.", ["He said “the door is open.”", "Talks resume Monday."]),
        # headlines, labels and bullets on their own lines
        ("Xi, Biden speak for first time in months\n\nThe call lasted two hours.",
         ["Xi, Biden speak for first time in months", "The call lasted two hours."]),
        ("UPDATED:\nBEIJING, May 12 (Xinhua) -- Xi held talks.", ["UPDATED:", "BEIJING, May 12 (Xinhua) -- Xi held talks."]),
        ("Notable\n  • Talks resume in May.\n  • A visit is planned\n- Flights will rise.",
         ["Notable", "Talks resume in May.", "A visit is planned", "Flights will rise."]),
        ("Key points:\n1. Fentanyl cooperation resumes.\n2) Military talks restart.",
         ["Key points:", "Fentanyl cooperation resumes.", "Military talks restart."]),
        # a hard-wrapped line that continues a sentence
        ("The two sides agreed to keep\nchannels open and to meet again.", ["The two sides agreed to keep\nchannels open and to meet again."]),
        # Chinese full stops need no space
        ("双方同意继续沟通。中方表示关切。", ["双方同意继续沟通。", "中方表示关切。"]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_hard_cases(text, expected):
    assert texts(text) == expected


_PIECES = st.sampled_from(["a", "b", " ", "U.S.", "Mr.", "“", "”", '"', "?", "!", ".", "\n", "\n\n", "•", "- ", "\t", "。", "Xi", "The", "said", "1."])


@given(st.lists(_PIECES, max_size=60).map("".join))
def test_spans_slice_the_input_in_order(text):
    segs = segment(text)
    last_end = 0
    for s in segs:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last_end
        last_end = s.end


@given(st.text(max_size=300))
def test_any_text_segments_consistently(text):
    for s in segment(text):
        assert text[s.start:s.end] == s.text


def test_rejects_non_text():
    with pytest.raises(TypeError, match="expects a str"):
        segment(b"bytes")  # type: ignore[arg-type]
