"""Review r34, findings M1, M3, L1, L2 and L3: a day wrapped after an abbreviated month, abbreviated
titles, "time" after "p.m.", a sentence ending in a single capital, and "v." at a line's start."""

import pytest

from stancelib.segment import segment

from .conftest import segment_texts as texts


# M1: "on Jan." above "15. Wang ..." lost the day, read as a list's number, as "on March" above "15." does not.
def test_a_day_wrapped_after_an_abbreviated_month_stays_in_its_sentence():
    text = ("According to the readout, the two sides agreed to hold the next\n"
            "round of talks in Beijing at 10 a.m. Beijing time on Jan.\n"
            "15. Wang Yi told Sullivan that the U.S. must stop its\n"
            "suppression of China's technological development.\n")
    got = segment(text)
    assert [s.text for s in got] == [
        "According to the readout, the two sides agreed to hold the next\n"
        "round of talks in Beijing at 10 a.m. Beijing time on Jan.\n15.",
        "Wang Yi told Sullivan that the U.S. must stop its\nsuppression of China's technological development."]
    assert all(text[s.start:s.end] == s.text for s in got)


def test_a_day_after_a_month_abbreviation_with_its_stop_at_the_line_end():
    text = ("The two presidents discussed the situation in the Taiwan Strait on Dec.\n3. They also agreed to resume "
            "talks on counternarcotics cooperation in\nthe coming weeks, the White House said in a statement.\n")
    assert texts(text)[0] == "The two presidents discussed the situation in the Taiwan Strait on Dec.\n3."


# M3: abbreviated titles cut a sentence in the middle of a name.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The two sides issued a joint statement after Messrs. Xi and Biden met in Woodside. "
         "Messrs. Xi and Biden agreed to resume military talks.",
         ["The two sides issued a joint statement after Messrs. Xi and Biden met in Woodside.",
          "Messrs. Xi and Biden agreed to resume military talks."]),
        ("Asst. Secretary of State Kritenbrink warned China against coercing the Philippines.",
         ["Asst. Secretary of State Kritenbrink warned China against coercing the Philippines."]),
        ("The gift was presented by Mme. Peng Liyuan to the First Lady.",
         ["The gift was presented by Mme. Peng Liyuan to the First Lady."]),
        ("Blinken met Dir. Wang Yi in Vienna.", ["Blinken met Dir. Wang Yi in Vienna."]),
        ("Blinken met Vice For. Min. Ma Zhaoxu in Beijing.", ["Blinken met Vice For. Min. Ma Zhaoxu in Beijing."]),
        ("The talks were attended by Dep. Secretary Campbell and Vice Min. Ma Zhaoxu. They were candid.",
         ["The talks were attended by Dep. Secretary Campbell and Vice Min. Ma Zhaoxu.", "They were candid."]),
        ("Gen. (Ret.) Li Shangfu attended.", ["Gen. (Ret.) Li Shangfu attended."]),
        # "min." for minutes, and the word "for", still end a sentence
        ("The call lasted 90 min. Xi said it was candid.", ["The call lasted 90 min.", "Xi said it was candid."]),
        ("It is what he stood for. The talks ended.", ["It is what he stood for.", "The talks ended."]),
    ],
)
def test_abbreviated_titles_do_not_end_a_sentence(text, expected):
    assert texts(text) == expected


# L1: "time" later in the clause after "p.m." was read as a time zone ("5 p.m. Xi said time is ...").
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The talks went on until 5 p.m. Xi said time is on China's side.",
         ["The talks went on until 5 p.m.", "Xi said time is on China's side."]),
        ("They met at 3 p.m. Kirby said the time was short.", ["They met at 3 p.m.", "Kirby said the time was short."]),
        ("The call began at 9 a.m. Hong Kong time and ended at noon.",
         ["The call began at 9 a.m. Hong Kong time and ended at noon."]),
        ("It began at 9 a.m. Eastern Standard Time on Monday.",
         ["It began at 9 a.m. Eastern Standard Time on Monday."]),
    ],
)
def test_time_after_a_time_of_day_is_a_zone_only_right_after_a_place(text, expected):
    assert texts(text) == expected


# L2: a sentence ending in "Plan B." never ended.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Washington has no Plan B. Xi warned Biden against any move on Taiwan.",
         ["Washington has no Plan B.", "Xi warned Biden against any move on Taiwan."]),
        ("The sides agreed on Phase A. The rest waits.", ["The sides agreed on Phase A.", "The rest waits."]),
        ("President John F. Kennedy is not mentioned.", ["President John F. Kennedy is not mentioned."]),
        ("He met J. Stapleton Roy in Beijing.", ["He met J. Stapleton Roy in Beijing."]),
    ],
)
def test_a_letter_after_a_noun_that_names_by_letter_ends_a_sentence(text, expected):
    assert texts(text) == expected


# L3: "v." at a line's start was read as a list's marker: dropped, and the case's name split.
def test_v_at_a_line_start_after_a_name_is_a_cases_name():
    text = "The WTO panel in United States\nv. China found the tariffs inconsistent with the rules.\n"
    assert segment(text) == [(text.rstrip("\n"), 0, len(text) - 1)]


def test_v_still_marks_a_list_item_in_a_list():
    assert texts("Steps:\nu. talks;\nv. flights;\n") == ["Steps:", "talks;", "flights;"]
    assert texts("Items\nv. The last item.\n") == ["Items", "The last item."]
