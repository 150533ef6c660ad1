"""Hostile input: a clear error or a correct result, never a crash deep inside."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancelib import classify, classify_sentences


def _spans_ok(text, labels):
    last = 0
    for lab in labels:
        assert text[lab.span[0]:lab.span[1]] == lab.text and lab.span[0] >= last
        last = lab.span[1]


@pytest.mark.parametrize("text", [
    "Xi\x00 warned\x07 Biden\x1b[31m over Taiwan.\x00",
    "中方对美方的出口管制表示坚决反对。 The U.S. side raised concerns.",
    "قال المتحدث إن الجانبين اتفقا. The two sides agreed 🤝 to talk again 😀.",
    "\u200fThe minister\u200e warned\u202e of consequences.\u2028Next line.\u2029",
    "\ufeffBOM at the start. Tabs\tand\r\nCRLF line ends.\r\n",
])
def test_odd_characters_give_correct_results(text):
    labels = classify(text)
    assert labels
    _spans_ok(text, labels)


def test_a_100000_character_sentence_without_punctuation():
    text = " ".join(["tariffs and talks"] * 5882)[:100_000]
    labels = classify(text)
    assert len(labels) == 1 and labels[0].span == (0, len(text.rstrip()))
    assert classify_sentences([text])[0].issues


def test_a_long_readout_in_one_paragraph():
    sentence = "The two sides agreed to keep talking about trade and fentanyl. "
    text = sentence * 5000  # ~320 KB with no line break
    labels = classify(text)
    assert len(labels) == 5000
    _spans_ok(text, labels)


@pytest.mark.parametrize("items, kind", [
    ([["nested", "list"]], TypeError), ([{"text": "a dict"}], TypeError), ([1.5], TypeError),
    ([None, "ok"], TypeError), ([float("nan")], TypeError), ([b"bytes"], TypeError),
])
def test_bad_items_name_their_position(items, kind):
    with pytest.raises(kind, match="sentence 0"):
        classify_sentences(items)


def test_blank_items_still_get_a_label():
    labels = classify_sentences(["", "   ", "\n"])
    assert len(labels) == 3 and all(lab.issues for lab in labels)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_unicode_text(text):
    _spans_ok(text, classify(text))


@given(st.lists(st.text(max_size=80), max_size=6))
def test_classify_sentences_is_deterministic(sentences):
    a = [lab.to_dict() for lab in classify_sentences(sentences)]
    b = [lab.to_dict() for lab in classify_sentences(sentences)]
    assert a == b and len(a) == len(sentences)
