"""Segmentation: a day that a hard wrap puts at a line's start continues its month's sentence without a stop after
it too, under the guards of a list; a zero-width space in place of a space after a stop ends the sentence.

Review r33 (new), finding 6 and the fourth of the small findings. The sentences are written for these tests.
"""

import pytest

from .conftest import segment_texts as texts

LEAD = "The two presidents spoke by telephone late in the evening of March"


@pytest.mark.parametrize("rest", ["12 and agreed to meet again in the coming weeks, officials in Beijing said.",
                                  "12, 2024, and agreed to meet again in the coming weeks, officials in Beijing said.",
                                  "3rd and agreed that their teams would meet again in the coming weeks to talk."])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_day_without_a_stop_continues_the_sentence(rest, newline):
    text = LEAD + newline + rest
    assert texts(text) == [text]


def test_the_guards_of_a_list_still_hold():
    # a short line above is no wrap; a capital after the day opens a list's item; a colon ends a heading
    assert texts("Calls in March\n12 and agreed to meet.") == ["Calls in March", "12 and agreed to meet."]
    schedule = "The delegations listed the topics for the talks that begin in May\n12 Talks on Taiwan\n13 Talks on trade"
    assert len(texts(schedule)) == 3
    heading = "The schedule of the talks that the two delegations will hold in March:\n12 and more sessions follow."
    assert len(texts(heading)) == 2


def test_a_zero_width_space_after_a_stop_ends_the_sentence():
    assert texts("Xi spoke.\u200bBiden replied.") == ["Xi spoke.", "Biden replied."]
    assert texts("Xi spoke.\u200b Biden replied.") == ["Xi spoke.", "Biden replied."]
    assert texts("U.S.\u200bofficials met.") == ["U.S.\u200bofficials met."]  # a lower-case word goes on
    assert texts("Mr.\u200bWang met Ms.\u200bLee.") == ["Mr.\u200bWang met Ms.\u200bLee."]  # a title goes on
    assert texts("Xi spoke.\u200dBiden replied.") == ["Xi spoke.\u200dBiden replied."]  # a joiner is no space

