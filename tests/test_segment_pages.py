"""Segmentation of lines that pasted web pages and one-sentence-a-line text bring (issue 12, thirty-second round:
authors ay and az wrote pages as pasted, and their lines showed these two). The text is written for these tests."""

from stancelib import classify


def texts(text):
    return [label.text for label in classify(text)]


def test_a_capitalised_auxiliary_after_an_initialism_opens_a_sentence():
    """"... from the U.N." ends a sentence when a question or an inverted conditional follows, on the next line or
    the same one; a quoted phrase in lower case after "the U.S." goes on."""
    first = "The U.S. side should lift the sanctions it imposes with no mandate from the U.N."
    second = "Should Washington press ahead with such penalties, China will act, the spokesperson said."
    assert texts(f"{first}\n{second}") == [first, second]
    assert texts(f"{first} {second}") == [first, second]
    assert texts("Can the U.N. Security Council act? Diplomats doubt it.") == [
        "Can the U.N. Security Council act?", "Diplomats doubt it."]
    quoted = "The ministry said the U.S. \u201cshould stop playing games.\u201d It gave no details."
    assert texts(quoted) == ["The ministry said the U.S. \u201cshould stop playing games.\u201d", "It gave no details."]


def test_a_photo_credit_after_a_captions_stop_ends_its_line():
    """A caption's credit in brackets after its stop ends the line: the linked headline below is not its wrap."""
    caption = ("Delegates attend a plenary meeting of the General Assembly at the headquarters in New York, "
               "July 1, 2024. (Pacific Wire/Jin Rui)")
    link = "Related: China sets out proposals for governing AI worldwide"
    assert texts(f"{caption}\n{link}") == [caption[:caption.index(" (")], "(Pacific Wire/Jin Rui)", link]
