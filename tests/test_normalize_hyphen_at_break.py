"""Review r34, finding M2 and the README's soft hyphen gap: a capitalised word a PDF's copy hyphenated at a
line break ("Tai-" + "wan") kept its hyphen, and a soft or Unicode hyphen there split the word."""

import json
import re

import pytest

from stancelib.lexicon import LINE_BREAK_CHARS, normalize_text

from .conftest import SEEDS


@pytest.mark.parametrize(
    "wrapped, unwrapped",
    [
        ("must stop arming Tai-\nwan and respect", "must stop arming Taiwan and respect"),
        ("talks in Wash-\nington ended", "talks in Washington ended"),
        ("coercing the Phil-\nippines at sea", "coercing the Philippines at sea"),
        ("an Ameri-\ncan official", "an American official"),
        # a soft hyphen marks only where a word may break; a Unicode hyphen reads as "-"
        ("China's provo\u00ad\ncative military activities", "China's provocative military activities"),
        ("arming Tai\u00ad\nwan", "arming Taiwan"),
        ("arming Tai\u2010\nwan", "arming Taiwan"),
        ("coop\u2010\neration", "cooperation"),
        # compounds keep their hyphen
        ("China-\nbased firms", "China-based firms"),
        ("Trump-\nera tariffs", "Trump-era tariffs"),
        ("a Beijing-\nbrokered deal", "a Beijing-brokered deal"),
        ("President Tsai Ing-\nwen said", "Tsai Ing-wen said"),
        ("Kim Jong-\nun", "Kim Jong-un"),
        ("Non-\nmarket economies", "Non-market economies"),
        ("the one-\nChina policy", "the one-China policy"),
        ("U.S.-\nmade chips", "U.S.-made chips"),
        ("military-to-\nmilitary talks", "military-to-military talks"),
        ("China\u2010\nbased", "China\u2010based"),
    ],
)
def test_a_word_hyphenated_at_a_line_break_reads_as_unwrapped(wrapped, unwrapped):
    assert normalize_text(wrapped) == normalize_text(unwrapped)


def test_corpus_capitalised_compounds_wrapped_at_their_hyphen_mostly_keep_it():
    """Of the corpus's compounds with a capitalised first part and a lower-case second ("China-based"),
    wrapped at their hyphen, 410 of 417 read as unwrapped (the rest: "Mei-hua" twice, "Pei-chen", "Co-chair",
    "Co-operation" twice, "Ping-pong")."""
    kept = total = 0
    for path in sorted((SEEDS / "corpus").glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                for m in re.finditer(r"(?<![\w.\-])[A-Z][a-z]+-(?=[a-z])", text):
                    total += 1
                    kept += normalize_text(f"{text[:m.end()]}\n{text[m.end():]}") == normalize_text(text)
    assert total > 400 and kept / total > 0.97, (kept, total)


def test_training_text_holds_no_line_break_or_soft_hyphen():
    """What the hyphen rules change is read only at a line break, which no training sentence holds: the
    model's training text reads as before."""
    for path in [*sorted((SEEDS / "corpus").glob("*.jsonl")), *sorted(SEEDS.glob("*.jsonl"))]:
        with open(path, encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                assert not any(ch in text for ch in LINE_BREAK_CHARS + "\u00ad\u2010\u2011"), (path, text[:80])
