"""Segmentation of text as analysts paste it: quoted e-mail, footnoted pages, wire headlines,
lists copied from Word, and wraps that put a dash or a day at a line's start (review r33)."""

import pytest

from .conftest import segment_texts as texts  # also asserts that every span slices the input


def test_quoted_email_lines_split_at_their_stops_and_leave_the_quote_marks_out():
    text = ("> The delegations agreed to reopen the hotline between their defence ministries.\n"
            "> Beijing cautioned Washington against new arms packages for Taiwan.")
    assert texts(text) == ["The delegations agreed to reopen the hotline between their defence ministries.",
                           "Beijing cautioned Washington against new arms packages for Taiwan."]


def test_a_quoted_line_goes_on_before_a_quoted_lower_case_word():
    text = "> The talks will resume\n> in May. Both sides said so."
    assert texts(text) == ["The talks will resume\n> in May.", "Both sides said so."]


@pytest.mark.parametrize("marker", ["[4]", "[27]", "[citation needed]", "²³", "7"])
def test_a_footnote_marker_after_a_stop_ends_the_sentence(marker):
    text = f"The envoy criticised the new chip controls.{marker} Talks on fisheries will resume in June."
    assert texts(text) == [f"The envoy criticised the new chip controls.{marker}",
                           "Talks on fisheries will resume in June."]


@pytest.mark.parametrize("text", ["It cited Resolution No.12 The text was long.", "It grew by 2.5 Percent.",
                                  "See p.3 Table four."])
def test_digits_after_an_abbreviation_or_a_number_are_no_footnote(text):
    assert texts(text) == [text]


def test_a_spaced_dash_that_a_wrap_puts_at_a_line_start_continues_the_sentence():
    text = ("The ministers called their exchange frank and useful for both sides\n"
            "— wording each government has chosen before — and set a later date.")
    assert texts(text) == [text]


def test_a_day_that_a_wrap_puts_at_a_line_start_stays_with_its_month():
    text = ("Trade officials from both sides opened a fourth round of talks on October\n"
            "21. The two delegations agreed to extend the tariff exemptions on farm goods\n"
            "and to meet again before the end of the year.")
    assert texts(text) == [
        "Trade officials from both sides opened a fourth round of talks on October\n21.",
        "The two delegations agreed to extend the tariff exemptions on farm goods\n"
        "and to meet again before the end of the year."]


def test_dashes_and_numbers_of_a_list_still_open_items():
    text = ("The two delegations listed the points they had settled in their talks\n"
            "- reopening consular offices\n- extending student visas\n\n"
            "The talks were held on two days in the month of September\n1. Tariffs\n2. Visas")
    assert texts(text) == ["The two delegations listed the points they had settled in their talks",
                           "reopening consular offices", "extending student visas",
                           "The talks were held on two days in the month of September", "Tariffs", "Visas"]


@pytest.mark.parametrize("slug", ["UPDATE 3-", "EXCLUSIVE-", "RPT-UPDATE 1-", "FACTBOX-", "SPECIAL REPORT-"])
def test_a_wire_slug_is_left_out_of_its_headline(slug):
    headline = "Beijing summons envoy over new sanctions on shipyards"
    text = f"{slug}{headline}\nBEIJING (Reuters) - China protested on Monday."
    assert texts(text) == [headline, "BEIJING (Reuters) - China protested on Monday."]


def test_words_in_capitals_before_a_hyphen_are_no_slug():
    assert texts("NATO-Russia contacts were also discussed.") == ["NATO-Russia contacts were also discussed."]


@pytest.mark.parametrize("bullet", ["\uf0b7 ", "\uf0a7 ", "\uf0d8 ", "o\t"])
def test_word_bullets_open_items(bullet):
    text = f"Agreed steps:\n{bullet}reopen the hotline;\n{bullet}expand drug control work;\n{bullet}hold talks."
    assert texts(text) == ["Agreed steps:", "reopen the hotline;", "expand drug control work;", "hold talks."]


def test_letter_and_roman_enumerations_open_items():
    text = ("a. Beijing will respond firmly.\nb. Washington should halt the sales.\n"
            "II. Outcomes\nThe sides agreed to meet.\niv. Both sides will report back.")
    assert texts(text) == ["Beijing will respond firmly.", "Washington should halt the sales.", "Outcomes",
                           "The sides agreed to meet.", "Both sides will report back."]


@pytest.mark.parametrize("invisible", ["\u200b ", "\u2060 ", "\u200b \u200b", "\ufeff "])
def test_an_invisible_character_right_after_a_stop_keeps_the_boundary(invisible):
    text = f"The minister rejected the charge.{invisible}Her counterpart disagreed."
    assert texts(text) == ["The minister rejected the charge.", "Her counterpart disagreed."]


@pytest.mark.parametrize("text, first", [
    ("The leaders spoke at 8 a.m. President Lula then left for the airport.", "The leaders spoke at 8 a.m."),
    ("The envoys met at 4 p.m. Secretary Rubio later briefed reporters.", "The envoys met at 4 p.m."),
    ("The forum was held in Washington, D.C. Premier Li sent a letter.", "The forum was held in Washington, D.C."),
    ("The visit was in Nov. Officials called it useful.", "The visit was in Nov."),
])
def test_a_title_after_a_time_a_month_or_dc_opens_a_sentence(text, first):
    assert texts(text) == [first, text[len(first) + 1:]]


@pytest.mark.parametrize("text", [
    "The call opened at 9 a.m. Beijing time and lasted an hour.",
    "Tariffs took effect at 12:01 a.m. U.S. Eastern Time on Friday.",
    "The briefing starts at 3 p.m. ET on Monday.",
    "A judge of the D.C. Circuit heard the case.",
    "The talks resume on Jan. 9 in Geneva.",
])
def test_a_time_zone_a_day_or_a_body_after_them_goes_on(text):
    assert texts(text) == [text]
