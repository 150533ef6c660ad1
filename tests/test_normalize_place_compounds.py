"""A compound whose first part is a place or a side keeps its hyphen at a line break.

Review r34 (diff_lib), L2: ``normalize_text`` joined a capitalised head with a lower-case tail not on the list of
common second parts, so "Taiwan-" + line break + "bound" read "Taiwanbound" (HEAD kept "Taiwan-bound").
"""

import pytest

from stancelib.lexicon import normalize_text


@pytest.mark.parametrize("wrapped, unwrapped", [
    ("the Taiwan-\nbound shipment", "the Taiwan-bound shipment"),
    ("a China-\nbound cargo", "a China-bound cargo"),
    ("Sino-\nforeign ventures", "Sino-foreign ventures"),
    ("Asia-\npacific", "Asia-pacific"),
    ("a Moscow-\nbound flight", "a Moscow-bound flight"),
])
def test_a_place_before_the_break_keeps_the_hyphen(wrapped, unwrapped):
    assert normalize_text(wrapped) == unwrapped


@pytest.mark.parametrize("wrapped, unwrapped", [
    ("the Taiwan-\nese side", "the Taiwanese side"),  # an ending that makes one word of the place
    ("Tai-\nwan", "Taiwan"),
    ("Wash-\nington", "Washington"),
    ("Indo-\nnesia", "Indonesia"),
    ("Euro-\npean", "European"),
    ("Tsai Ing-\nwen", "Tsai Ing-wen"),
])
def test_a_word_broken_after_a_place_is_still_joined(wrapped, unwrapped):
    assert normalize_text(wrapped) == unwrapped
