"""Review r34, the README's open segmentation gaps: a page's number without a form feed, "I." as a list's
number, text wrapped at 40 columns, a headline above a one-line paragraph, and two list items without
bullets."""

import textwrap

import pytest

from stancelib.segment import segment

from .conftest import segment_texts as texts


@pytest.mark.parametrize("number", ["12", "- 12 -", "[12]"])
def test_a_page_number_between_the_lines_of_a_sentence_is_a_page_break(number):
    text = ("The two presidents discussed the situation in the Taiwan Strait and agreed that\n"
            f"{number}\nofficials would meet again in Geneva next month to continue the talks on trade.\n")
    assert [(s.start, s.end) for s in segment(text)] == [(0, len(text) - 1)]


def test_a_number_between_sentences_still_ends_the_block():
    text = "The two sides agreed to keep talking.\n12\nOfficials will meet again.\n"
    assert texts(text) == ["The two sides agreed to keep talking.", "Officials will meet again."]


def test_roman_one_numbers_a_list_as_two_does():
    text = "I. Taiwan\nThe two sides discussed Taiwan.\nII. Trade\nThe two sides discussed tariffs.\n"
    assert [(s.text, s.start, s.end) for s in segment(text)] == [
        ("Taiwan", 3, 9), ("The two sides discussed Taiwan.", 10, 41), ("Trade", 46, 51),
        ("The two sides discussed tariffs.", 52, 84)]
    text = "I. The two sides discussed Taiwan.\nII. The two sides discussed tariffs.\n"
    assert segment(text)[0] == ("The two sides discussed Taiwan.", 3, 34)


def test_i_as_an_initial_or_after_a_wrapped_line_is_text():
    assert texts("I. M. Pei designed it.") == ["I. M. Pei designed it."]
    text = "The memorial honours the soldiers who died in World War\nI. The two leaders laid a wreath there.\n"
    assert texts(text) == ["The memorial honours the soldiers who died in World War\nI.",
                           "The two leaders laid a wreath there."]


def test_text_wrapped_at_40_columns_keeps_its_sentences():
    sentences = ["President Biden raised concerns about China's support for Russia's defense industrial base.",
                 "President Xi warned that Taiwan is a red line that must not be crossed.",
                 "The two leaders agreed to resume military-to-military communication."]
    wrapped = textwrap.fill(" ".join(sentences), 40)
    assert [" ".join(s.split()) for s in texts(wrapped)] == sentences


def test_a_short_line_ending_inside_a_phrase_goes_on():
    assert texts("Biden raised concerns about\nChina's support for Russia.") == [
        "Biden raised concerns about\nChina's support for Russia."]


def test_a_headline_above_a_one_line_paragraph_with_its_own_subject_stays_apart():
    text = ("Xi warns Biden over Taiwan in first call of the year\n"
            "President Xi Jinping told Biden that Taiwan is a red line.\n")
    assert texts(text) == ["Xi warns Biden over Taiwan in first call of the year",
                           "President Xi Jinping told Biden that Taiwan is a red line."]


def test_a_sentence_wrapped_before_a_title_still_reads_as_one():
    for text in ("During the call on Tuesday with his Chinese counterpart\n"
                 "President Xi Jinping told Biden that Taiwan is a red line.\n",
                 "ANCHOR: The Nobel laureate Liu Xiaobo has died in custody in China, and tonight\n"
                 "Secretary of State Rex Tillerson is calling on Beijing to let his widow leave.\n"):
        assert len(texts(text)) == 1


def test_two_list_items_without_bullets_that_open_with_verbs_stay_apart():
    text = ("Restore military-to-military communication channels\n"
            "Launch a working group on counternarcotics cooperation.\n")
    assert texts(text) == ["Restore military-to-military communication channels",
                           "Launch a working group on counternarcotics cooperation."]
