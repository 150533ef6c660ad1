"""Segmentation of text in the forms users paste it (review r31, "real text"): hard-wrapped
e-mail and PDF copy, PDF page breaks, a page's source with its character references and tags,
and the abbreviations, initialisms and quotations such text brings. Every text here was written
for these tests."""

import json
import re
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancelib.segment import segment

from .conftest import SEEDS
from .conftest import segment_texts as texts


def flat(text):
    """A sentence with its line breaks read as spaces, to compare with the unwrapped sentence."""
    return re.sub(r"\s+", " ", text).strip()


# A readout of my own, one paragraph: its sentences break before capitals, numbers, "$",
# "U.S." and quotes when it is wrapped.
READOUT = [
    "Secretary of State Antony Blinken met Foreign Minister Wang Yi in Beijing on Friday for talks that both sides called candid and constructive.",
    "Blinken expressed concern about China's support for Russia's defense industrial base and urged Beijing to respect freedom of navigation in the South China Sea.",
    "Wang told Blinken that Taiwan is the first red line that must not be crossed in China-U.S. relations.",
    "He urged Washington to lift U.S. sanctions on Chinese firms and not to support Taiwan independence.",
    "Trade between the two countries reached $690 billion last year, officials said.",
    "The two sides agreed to resume military-to-military communication and to hold talks on artificial intelligence.",
    "Blinken said the United States would continue to compete vigorously with China while keeping channels of communication open.",
    "Wang called on the U.S. side to honor its commitment of “competition, not confrontation” and to stop containing Chinese technology.",
    "The ministers agreed that their teams would meet again before the end of the year.",
]


@pytest.mark.parametrize("width", [60, 65, 70, 72, 76, 80, 90, 100])
def test_a_hard_wrapped_readout_keeps_its_sentences(width):
    """Finding 1: a wrap before a capital, a number, "$", "U.S." or a quote split the sentence."""
    wrapped = textwrap.fill(" ".join(READOUT), width, break_on_hyphens=False)
    assert [flat(s) for s in texts(wrapped)] == READOUT


@pytest.mark.parametrize("width", [60, 72, 80])
def test_hard_wrapped_paragraphs_keep_their_sentences(width):
    paragraphs = [" ".join(READOUT[:4]), " ".join(READOUT[4:])]
    wrapped = "\n\n".join(textwrap.fill(p, width) for p in paragraphs)
    assert [flat(s) for s in texts(wrapped)] == READOUT


@pytest.mark.parametrize(
    "text, expected",
    [
        # a final stop at a wrap follows the rules it follows inside a line
        ("The two presidents will meet again in the spring, most likely on Jan.\n5 in the Californian city of Woodside.",
         ["The two presidents will meet again in the spring, most likely on Jan.\n5 in the Californian city of Woodside."]),
        ("Both sides reaffirmed their commitment to the three China-U.S.\nJoint Communiqués and pledged to manage differences.",
         ["Both sides reaffirmed their commitment to the three China-U.S.\nJoint Communiqués and pledged to manage differences."]),
        ("China lodged a stern protest over new sanctions imposed by the U.S.\nRussia condemned the sanctions as illegal and one-sided.",
         ["China lodged a stern protest over new sanctions imposed by the U.S.",
          "Russia condemned the sanctions as illegal and one-sided."]),
        ("The two sides held their first round of talks on fentanyl in Washington.\nThey agreed to meet again in Beijing.",
         ["The two sides held their first round of talks on fentanyl in Washington.", "They agreed to meet again in Beijing."]),
    ],
)
def test_a_stop_at_a_wrap_is_read_as_inside_a_line(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a line of names and titles inside a paragraph, or after a dateline, is no title-case heading
        "BEIJING, March 7 (Xinhua) -- Chinese State Councilor and Foreign\nMinister Wang Yi said on Monday that the two sides should talk.",
        "Both sides welcomed the work of the two teams and of the Office of the Foreign\nAffairs Commission of the Central Committee, "
        "which held talks with U.S. National\nSecurity Advisor Jake Sullivan in Vienna.",
        # "He" is also a surname
        "The U.S. delegation led by Treasury Secretary Scott Bessent met\nHe Lifeng in Stockholm on Monday for two days of talks.",
        # a number, "$" and a quote after a wrap
        "Trade between the two countries rose to a record high last year, reaching\n$690 billion, officials in both capitals said on Monday.",
        "Wang called on the U.S. side to honor the commitment it made to seek\n“competition, not confrontation” in its relations with China.",
    ],
)
def test_a_wrap_before_a_name_a_number_or_a_quote_continues_the_sentence(text):
    assert texts(text) == [text]


HEADLINE = "China and the United States agree to restart military talks"
BODY = ("Senior officials from the two countries met on Tuesday for what both sides described as candid "
        "and constructive talks. The Chinese side urged Washington to stop arming Taiwan. Both sides "
        "agreed to keep channels of communication open and to meet again early next year.")


# The headline has 60 characters: wrapped at 58 to 65 columns, its paragraph's lines are as long as
# it is, and nothing but the words tells it from the paragraph's first line (it then joins it,
# unless a dateline or a word such as "The" opens the paragraph).
@pytest.mark.parametrize("width", [40, 50, 70, 72, 80, 100])
@pytest.mark.parametrize("dateline", ["", "BEIJING, Nov. 15 (Reuters) - ", "WASHINGTON (AP) — "])
def test_a_headline_before_a_wrapped_paragraph_stays_apart(width, dateline):
    wrapped = textwrap.fill(dateline + BODY, width)
    got = texts(f"{HEADLINE}\n{wrapped}")
    assert got[0] == HEADLINE
    if width >= 60:  # lines shorter than _WRAP_MIN (45) are not read as wrapped
        assert [flat(s) for s in got[1:]] == [flat(s) for s in texts(dateline + BODY)]


@pytest.mark.parametrize("width", [58, 60, 65])
@pytest.mark.parametrize("opening", ["BEIJING, Nov. 15 (Reuters) - ", "The two sides met on Tuesday. "])
def test_a_headline_as_long_as_the_wrapped_lines_stays_apart_before_a_dateline_or_a_sentence_opening(width, opening):
    wrapped = textwrap.fill(opening + BODY, width)
    assert texts(f"{HEADLINE}\n{wrapped}")[0] == HEADLINE


def test_a_long_headline_before_a_dateline_stays_apart():
    headline = "Beijing warns Washington over new chip export curbs as trade tensions rise again"
    text = headline + "\n" + textwrap.fill("BEIJING, May 12 (Xinhua) -- " + BODY, 100)
    assert texts(text)[0] == headline


@pytest.mark.parametrize(
    "heading",
    [
        "Readout of Secretary Blinken's Meeting with PRC Foreign Minister Wang Yi",  # title case, 71 characters
        "Joint Statement on the Outcomes of the Sixth Round of the Economic Dialogue",
        "THE TWO SIDES AGREED ON THE FOLLOWING OUTCOMES OF THE MEETING IN BEIJING",  # capitals before a line that is not
        "The two sides agreed on the following outcomes of the meeting in Beijing:",  # a lead-in
    ],
)
def test_a_heading_line_stays_apart_from_the_paragraph_after_it(heading):
    body = "Both sides will resume\nmilitary talks."
    assert len(heading) >= 50
    assert texts(f"{heading}\nBoth sides will resume military talks and meet again.")[0] == heading
    assert texts(f"{heading}\n{body}")[0] == heading


def test_short_lines_without_final_stops_stay_apart():
    """A list with one item a line and no final stops is no wrapped paragraph."""
    text = ("Outcomes of the meeting\nMilitary talks resume in the spring\nA fentanyl working group meets monthly\n"
            "Student visas are to be issued faster")
    assert texts(text) == ["Outcomes of the meeting", "Military talks resume in the spring",
                           "A fentanyl working group meets monthly", "Student visas are to be issued faster"]


def test_line_per_sentence_corpus_documents_join_no_line_that_ends_a_sentence():
    """Each corpus document written one sentence a line segments into its sentences; a line whose
    final stop ends a sentence is never joined to the next. (Of the 2,336 documents, a few open
    with a long headline with no final stop whose next line looks like its wrapped continuation;
    the headline may join it, nothing else does.)"""
    docs: dict[str, list[str]] = {}
    for path in sorted((SEEDS / "corpus").glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    record = json.loads(line)
                    docs.setdefault(record["doc_id"], []).append(flat(record["text"]))
    joined_headlines = 0
    for sentences in docs.values():
        expected = [flat(piece) for s in sentences for piece in texts(s)]
        got = [flat(s) for s in texts("\n".join(sentences))]
        if got == expected:
            continue
        # the only difference allowed: a line with no final stop joined to the line after it
        i = next(k for k, (a, b) in enumerate(zip(got, expected)) if a != b)
        assert not re.search(r"[.!?”\"')]$", expected[i]), (expected[i], got[i])
        assert got[i] == f"{expected[i]} {expected[i + 1]}", got[i]
        joined_headlines += 1
    assert len(docs) > 2000 and joined_headlines <= 10


# Finding 2: an initialism after a hyphen or inside brackets.
@pytest.mark.parametrize(
    "text",
    [
        "Both sides reaffirmed the three China-U.S. Joint Communiqués and pledged to manage differences.",
        "The Sino-U.S. Strategic and Economic Dialogue resumed in Beijing.",
        "He cited the Japan-U.S. Security Treaty as a threat to regional stability.",
        "XI STRESSED THAT TAIWAN IS THE FIRST RED LINE IN CHINA-U.S. RELATIONS.",
        "He praised the (U.S.) Congress for its support.",
        "The two sides released the China-U.S. Joint Glasgow Declaration on Enhancing Climate Action.",
    ],
)
def test_an_initialism_after_a_hyphen_or_in_brackets_does_not_end_the_sentence(text):
    assert texts(text) == [text]


def test_an_initialism_in_brackets_still_ends_a_sentence_before_a_starter():
    assert texts("He spoke to the United Nations (U.N.) The talks ended.") == [
        "He spoke to the United Nations (U.N.)", "The talks ended."]


# Finding 3: PDF page breaks and "\r\r\n" are one line break; a page's footer is no sentence.
@pytest.mark.parametrize("brk", ["\n\f", "\f\n", "\r\r\n", "\r\n\f", "\f\r\n"])
def test_a_page_break_or_a_doubled_cr_is_one_line_break(brk):
    text = f"The two sides agreed to meet{brk}again in the spring."
    assert texts(text) == [text]


def test_a_page_footer_is_no_part_of_a_sentence():
    text = "The two sides agreed to meet again in the\n- 2 -\nspring, officials said."
    got = segment(text)
    assert [s.text for s in got] == ["The two sides agreed to meet again in the", "spring, officials said."]
    assert all("2" not in s.text for s in got)


def test_a_page_break_between_paragraphs_still_ends_the_paragraph():
    assert texts("Talks ended on Friday.\n\f\nXi spoke.") == ["Talks ended on Friday.", "Xi spoke."]


# Finding 5: a page's source, with character references and tags between sentences.
@pytest.mark.parametrize(
    "between",
    ["&rdquo; ", "&quot; ", "&#8221; ", "&nbsp; ", "&#160;", "</p><p>", "<br>", "<br />", "</li>\n<li>", "</p>\n<p>"],
)
def test_references_and_tags_between_sentences_end_the_first(between):
    text = f"The Chinese side said the U.S. must stop arming Taiwan.{between}Biden raised human rights in Xinjiang."
    got = texts(text)
    assert len(got) == 2, got
    assert got[0].startswith("The Chinese side said") and got[1] == "Biden raised human rights in Xinjiang."


def test_an_entity_quote_stays_with_its_sentence():
    text = "The Chinese side said the U.S. must &ldquo;stop arming Taiwan.&rdquo; Biden raised human rights."
    assert texts(text) == ["The Chinese side said the U.S. must &ldquo;stop arming Taiwan.&rdquo;", "Biden raised human rights."]


def test_block_tags_end_a_heading_without_a_stop():
    assert texts("<h1>Xi and Biden meet in Woodside</h1><p>The two leaders met for four hours.</p>") == [
        "Xi and Biden meet in Woodside", "The two leaders met for four hours."]


def test_a_br_before_a_lower_case_word_continues_the_sentence():
    assert texts("The two sides agreed to keep<br>channels open.") == ["The two sides agreed to keep<br>channels open."]


# Findings 6 and 7: "no.", "art." and the months.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The summit was held in Jan. Both sides confirmed it.", ["The summit was held in Jan.", "Both sides confirmed it."]),
        ("China imposed export controls on gallium in Aug. The U.S. side expressed concern.",
         ["China imposed export controls on gallium in Aug.", "The U.S. side expressed concern."]),
        ("The two sides held trade talks in Sept. Xi warned that Taiwan is a red line.",
         ["The two sides held trade talks in Sept.", "Xi warned that Taiwan is a red line."]),
        ("Asked whether China would send troops, the spokesperson said no. The U.S. side warned Beijing.",
         ["Asked whether China would send troops, the spokesperson said no.", "The U.S. side warned Beijing."]),
        ("The two sides agreed to expand exchanges in film and art. They also discussed students.",
         ["The two sides agreed to expand exchanges in film and art.", "They also discussed students."]),
        ("The talks will take place on Mar. 5 in Beijing, and both sides hope to agree.",
         ["The talks will take place on Mar. 5 in Beijing, and both sides hope to agree."]),
        ("BEIJING, Mar. 3 (Xinhua) -- Xi told Biden that Taiwan is the first red line.",
         ["BEIJING, Mar. 3 (Xinhua) -- Xi told Biden that Taiwan is the first red line."]),
        # a number after them keeps the sentence going, as before
        ("Resolution No. 2231 was cited. The order took effect in Feb. 2025.",
         ["Resolution No. 2231 was cited.", "The order took effect in Feb. 2025."]),
        ("Comments are due under Docket No. USTR-2024-0001 by Friday.", ["Comments are due under Docket No. USTR-2024-0001 by Friday."]),
        ("Art. 5 of the treaty applies. Art. IV does not.", ["Art. 5 of the treaty applies.", "Art. IV does not."]),
        ("Talks are set for Sept. 14 and Oct. 2. Officials confirmed the dates.",
         ["Talks are set for Sept. 14 and Oct. 2.", "Officials confirmed the dates."]),
    ],
)
def test_no_art_and_months_end_a_sentence_unless_a_number_follows(text, expected):
    assert texts(text) == expected


# Finding 8: after an initialism, a name and then a verb open a sentence of their own.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("China lodged a protest over new sanctions imposed by the U.S. Russia condemned the sanctions as illegal.",
         ["China lodged a protest over new sanctions imposed by the U.S.", "Russia condemned the sanctions as illegal."]),
        ("The sanctions hit firms in the U.S. Taiwan welcomed them.", ["The sanctions hit firms in the U.S.", "Taiwan welcomed them."]),
        ("The plan was presented at the U.N. Japan said it was fair.", ["The plan was presented at the U.N.", "Japan said it was fair."]),
        ("The meeting was held at 10 a.m. Taiwan was the first topic.",
         ["The meeting was held at 10 a.m.", "Taiwan was the first topic."]),
        ("The envoy flew back to the U.S. Japan also said it would attend.",
         ["The envoy flew back to the U.S.", "Japan also said it would attend."]),
    ],
)
def test_a_name_and_a_verb_after_an_initialism_open_a_sentence(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "China Says U.S. Tariffs Will Hurt Farmers on Both Sides",  # a title-case headline
        "The U.S. CDC called the cooperation strong.",  # an agency's acronym
        "The U.S. Constitution is clear on the matter.",
        "The U.N. Charter was cited by both sides.",
        "He met U.S. Trade Representative Katherine Tai, who said little.",
        "The call began at 9 a.m. Beijing time and lasted two hours.",
        "Both sides cited the U.S. Marines said to be in the area.",
    ],
)
def test_names_that_continue_after_an_initialism_still_do(text):
    assert texts(text) == [text]


# Finding 9: a quoted question or exclamation and its speaker, named with a title.
@pytest.mark.parametrize(
    "text",
    [
        '"Will the United States ever stop arming Taiwan?" Foreign Ministry spokesperson Wang Wenbin asked.',
        '"We will never accept this!" Chinese Ambassador Xie Feng told reporters.',
        "“Is that a threat?” Vice Foreign Minister Ma Zhaoxu asked the envoy.",
        "“Is that a threat?” Wang asked.",
    ],
)
def test_a_quoted_question_keeps_its_speaker(text):
    assert texts(text) == [text]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“Stop the drugs at the source!” A White House spokesman said the two agencies would work together.",
         ["“Stop the drugs at the source!”", "A White House spokesman said the two agencies would work together."]),
        ("“Is that a threat?” Nobody answered. Wang said nothing.", ["“Is that a threat?”", "Nobody answered.", "Wang said nothing."]),
    ],
)
def test_a_quoted_question_before_another_sentence_still_ends(text, expected):
    assert texts(text) == expected


# Finding 15: small leftovers.
def test_an_enumeration_after_a_colon_is_no_sentence():
    assert texts("Outcomes: 1. Military talks resume. 2. Fentanyl cooperation.") == [
        "Outcomes:", "Military talks resume.", "Fentanyl cooperation."]


def test_an_enumeration_without_a_space_is_a_list_marker():
    assert texts("1.Resume talks.\n2.Cooperate on fentanyl.") == ["Resume talks.", "Cooperate on fentanyl."]
    assert texts("2.5 percent growth was recorded.\n3.Resume talks.") == ["2.5 percent growth was recorded.", "Resume talks."]


@pytest.mark.parametrize("invisible", ["\ufeff", "\u200b", "\u2060", "\ufeff\u200b"])
def test_invisible_characters_around_a_sentence_are_left_out(invisible):
    text = f"{invisible}Xi warned Biden. {invisible}The talks ended.{invisible}"
    got = segment(text)
    assert [s.text for s in got] == ["Xi warned Biden.", "The talks ended."]
    assert all(text[s.start:s.end] == s.text for s in got)


_PIECES = st.sampled_from(["Xi", "The", "said", "no.", "Jan.", "5", "U.S.", "China-U.S.", "(U.S.)", "Russia", "condemned",
                           "&nbsp;", "&rdquo;", "</p>", "<p>", "<br>", "\ufeff", "\u200b", " ", "\n", "\n\f", "\r\r\n",
                           "- 2 -", "1.", "Outcomes:", "?", "!", "”", "a"])


@given(st.lists(_PIECES, max_size=50).map("".join))
def test_spans_slice_the_input_for_pasted_forms(text):
    last_end = 0
    for s in segment(text):
        assert text[s.start:s.end] == s.text
        assert s.text and s.start >= last_end
        last_end = s.end


class _Tally:
    """Units of work, up to a limit: past it the count stops the segmentation (a quadratic run of the large
    text would otherwise take a minute to count)."""

    def __init__(self, limit):
        self.count, self.limit = 0, limit

    def add(self, n):
        self.count += n
        if self.count > self.limit:
            raise _TooMuchWork(self.count)


class _TooMuchWork(Exception):
    pass


class _CountingPattern:
    """A compiled pattern of stancelib.segment that adds to ``tally`` the characters each call reads: those a
    match covers from where it was asked to start, and for a search or a scan also those it passed over (all
    of the range asked for when nothing is found). An unbounded look back or ahead shows here as a range that
    grows with the text."""

    def __init__(self, pattern, tally):
        self._pattern, self._tally = pattern, tally
        self.pattern, self.flags, self.groups, self.groupindex = (pattern.pattern, pattern.flags, pattern.groups,
                                                                  pattern.groupindex)

    def _charge(self, found, pos, end, anchored):
        self._tally.add(1 + (found.end() - pos if found else (0 if anchored else max(end - pos, 0))))
        return found

    def match(self, string, pos=0, endpos=None):
        end = len(string) if endpos is None else min(endpos, len(string))
        return self._charge(self._pattern.match(string, pos, end), pos, end, True)

    def fullmatch(self, string, pos=0, endpos=None):
        end = len(string) if endpos is None else min(endpos, len(string))
        return self._charge(self._pattern.fullmatch(string, pos, end), pos, end, True)

    def search(self, string, pos=0, endpos=None):
        end = len(string) if endpos is None else min(endpos, len(string))
        return self._charge(self._pattern.search(string, pos, end), pos, end, False)

    def finditer(self, string, pos=0, endpos=None):
        end = len(string) if endpos is None else min(endpos, len(string))
        for found in self._pattern.finditer(string, pos, end):
            self._tally.add(1 + found.end() - pos)
            pos = found.end()
            yield found
        self._tally.add(max(end - pos, 0))

    def __getattr__(self, name):  # a method the segmenter starts to use must be counted too
        raise AttributeError(f"_CountingPattern does not count {name}(); add it")


def _segmentation_work(text, monkeypatch, limit=float("inf")):
    """The work segment(text) does, counted without a clock: the lines of stancelib's Python code it runs
    (sys.settrace), and the characters the regular expressions of stancelib.segment read (_CountingPattern).
    The same text always gives the same count. Past ``limit``: (the count so far, None)."""
    import os
    import sys

    import stancelib
    from stancelib import segment as module

    tally = _Tally(limit)
    for name, value in list(vars(module).items()):
        if isinstance(value, re.Pattern):
            monkeypatch.setattr(module, name, _CountingPattern(value, tally))
    package = os.path.dirname(stancelib.__file__) + os.sep

    def count_lines(frame, event, arg):
        if event == "line":
            tally.add(1)
        return count_lines

    def calls(frame, event, arg):
        return count_lines if frame.f_code.co_filename.startswith(package) else None

    before = sys.gettrace()
    sys.settrace(calls)
    try:
        got = segment(text)
    except _TooMuchWork:
        got = None
    finally:
        sys.settrace(before)
        monkeypatch.undo()
    return tally.count, got


@pytest.mark.parametrize("head, unit", [("", "Taiwan.</p>"), ("", "U.S.&nbsp;"), ("", "<br>"), ("", "No.&nbsp;"),
                                        ("Xi spoke", "&nbsp;"), ("Xi spoke", "</em>"), ("", "Taiwan."),
                                        ("", "x" * 10)])
def test_a_long_run_of_tags_and_references_is_read_in_linear_time(monkeypatch, head, unit):
    """Ten times the text is about ten times the work (a quadratic scan: about a hundred times), counted, not
    timed (the README's timings of segmentation: training/benchmark.py). Each run is far longer than the
    segmenter's bounded looks back and ahead (64 to 250 characters)."""
    small, few = _segmentation_work(head + unit * 150, monkeypatch)
    large, many = _segmentation_work(head + unit * 1_500, monkeypatch, limit=13 * small)
    assert many is not None, f"{unit!r}: ten times the text took more than 13 times the work ({small} for the small)"
    assert len(many) >= len(few)
    assert [s.text for s in segment(head + unit * 150)] == [s.text for s in few]  # counting changed nothing


# Review of the thirty-first round's diff ("diff"), finding 1: the lines of a list without bullets
# (a list copied from a page loses them), of about one length, fit one wrap width as wrapped lines
# do. A block of lines is read as wrapped only when it shows wrapping somewhere.
HEADLINE_LIST = [
    "Beijing protests new American curbs on sales of advanced chips",
    "Washington and Beijing set up a working group on fentanyl trade",
    "Defense chiefs of the two countries talk by video for two hours",
    "Students from both countries return as visa rules are eased again",
]
OUTCOME_LIST = [
    "Restoration of the hotline between the two defense ministries",
    "Cooperation against the trafficking of synthetic drug precursors",
    "Consultations on the safety of artificial intelligence models",
    "More direct passenger flights between Chinese and American cities",
]
CONTENTS_LIST = [
    "Readout of the Vice President's meeting with Premier Li Qiang",
    "Statement by the press secretary on the talks held in Stockholm",
    "Remarks by the national security adviser at a think tank forum",
    "Fact sheet on the steps the two sides agreed to at the summit",
]


@pytest.mark.parametrize("items", [HEADLINE_LIST, OUTCOME_LIST, CONTENTS_LIST])
@pytest.mark.parametrize("lead", ["", "Top stories\n", "The two sides agreed on the following steps:\n"])
def test_lines_of_a_list_without_bullets_stay_apart(items, lead):
    got = texts(lead + "\n".join(items))
    assert got[-len(items):] == items


def test_two_lines_of_a_list_without_stops_stay_apart():
    assert texts("\n".join(HEADLINE_LIST[:2])) == HEADLINE_LIST[:2]


def test_lines_of_exactly_one_length_without_wrapping_stay_apart():
    items = [f"Item {n} of the list, on a line as long as every other one" for n in range(5)]
    assert len(set(map(len, items))) == 1
    assert texts("\n".join(items)) == items


@pytest.mark.parametrize(
    "text",
    [
        # a single break before a capital, shown to be a wrap by the word the line ends with
        "Blinken raised concerns about China's support for Russia's defense industry and urged\n"
        "Beijing to respect freedom of navigation in the South China Sea.",
        "He said the alliances of the United States in the region were not directed against\nChina.",
        "The statement said the spokesperson of China's\nForeign Ministry had raised the matter twice.",
        "The envoy held talks with the deputy director of the U.S. National\nSecurity Council in Washington.",
        "Trade between the two countries rose again last year and reached a total of\n$690 billion, officials said.",
        "Wang called on the American side to honor the commitment it had made to seek\n"
        "“competition, not confrontation” in its relations with China.",
        # or, on two lines, by the stop that ends the second: one sentence wrapped onto two lines
        "The embassy cut its staff to a minimum in the spring and advised\nAmericans to reconsider any travel there.",
        # or by a sentence that ends inside a line of the block
        "The two sides met for four hours. Both sides agreed that their teams would keep\n"
        "Working Group meetings on a monthly schedule.",
    ],
)
def test_a_wrap_before_a_capital_joins_when_the_block_shows_wrapping(text):
    assert [flat(s) for s in texts(text)] == texts(text.replace("\n", " "))


def test_a_list_without_bullets_stays_apart_inside_a_wrapped_text():
    paragraph = textwrap.fill(" ".join(READOUT[:3]), 72)
    got = texts(paragraph + "\n\nKey outcomes\n" + "\n".join(OUTCOME_LIST))
    assert [flat(s) for s in got] == READOUT[:3] + ["Key outcomes"] + OUTCOME_LIST


# Finding 7: a lead's first line of names and titles, in title case, is no heading when the next line
# goes on with the rest of a name and a verb; a title above its own paragraph stays apart.
LEADS = [
    "Treasury Secretary Scott Bessent and Vice Premier He Lifeng of the People's Republic of China met in "
    "Geneva over the weekend.",
    "U.S. Ambassador Nicholas Burns and Vice Foreign Minister Ma Zhaoxu discussed the preparations for the "
    "visit on Monday.",
    "U.S. Trade Representative Katherine Tai and Commerce Minister Wang Wentao held a video call about the "
    "phase one agreement.",
    "U.S. Secretary of State Antony Blinken and Chinese Foreign Minister Wang Yi met in Beijing on Friday for "
    "talks that both sides called candid.",
]


@pytest.mark.parametrize("width", [60, 64, 68, 70, 72, 76, 80, 90, 100])
@pytest.mark.parametrize("lead", LEADS)
def test_a_wrapped_lead_of_names_and_titles_keeps_its_subject(lead, width):
    wrapped = textwrap.fill(lead + " Both sides agreed to keep talking.", width)
    assert [flat(s) for s in texts(wrapped)] == [lead, "Both sides agreed to keep talking."]


@pytest.mark.parametrize(
    "heading, body",
    [
        ("Readout of Secretary Blinken's Call with PRC Director Wang Yi",
         "Secretary Blinken spoke today with Director Wang Yi about the situation in the Middle East and the need to "
         "keep channels open."),
        ("Chinese Envoy Tells Rubio That Taiwan Is the First Red Line",
         "Wang Yi told Marco Rubio on Friday that Washington must stop selling weapons to Taiwan and respect China's "
         "core interests."),
        ("Yellen Ends Guangzhou Visit With a Warning on Overcapacity",
         "Yellen said on Sunday that cheap exports of electric vehicles and solar panels threatened factory jobs in "
         "the United States."),
    ],
)
@pytest.mark.parametrize("width", range(50, 101, 5))
def test_a_title_case_heading_above_its_own_paragraph_stays_apart(heading, body, width):
    assert texts(heading + "\n" + textwrap.fill(body, width))[0] == heading


# Finding 6: at a form feed (a PDF's page break) a footer with no letter, "Page N of M" or a blank line
# is part of the page break: a sentence that runs across the page stays whole. Its span is one slice of
# the input and holds the footer; splitting the sentence there would cut a subject from its verb.
PAGE_END = "The Secretary stressed the importance of keeping open the lines of"
PAGE_START = "communication between the two militaries to prevent conflict."


@pytest.mark.parametrize(
    "brk", ["\n- 2 -\n\f", "\n2\n\f", "\n\f\n", "\n\n\f", "\nPage 2 of 5\n\f", "\n\f- 2 -\n", "\n\fPage 2 of 5\n",
            "\n- 2 -\n\n\f\n", "\r\n- 2 -\r\n\f"],
)
def test_a_sentence_runs_across_a_page_break_and_its_footer(brk):
    text = PAGE_END + brk + PAGE_START
    assert texts(text) == [text]


@pytest.mark.parametrize("brk", ["\n- 2 -\n\f", "\nPage 2 of 5\n\f", "\n\f\n"])
def test_a_footer_between_sentences_is_in_no_sentence(brk):
    text = f"{PAGE_END} {PAGE_START}{brk}The two sides also agreed to meet again in the spring."
    got = segment(text)
    assert [flat(s.text) for s in got] == [f"{PAGE_END} {PAGE_START}", "The two sides also agreed to meet again in the spring."]
    assert all("2" not in s.text for s in got)


def test_a_page_break_still_ends_a_paragraph_that_ends_a_sentence():
    assert texts("Talks ended on Friday.\n- 2 -\n\fA heading on the next page\nXi spoke.") == [
        "Talks ended on Friday.", "A heading on the next page", "Xi spoke."]


# Finding 2: after an initialism, only a place that can be a subject on its own (a country, a capital, a
# dateline's city) and a verb open a sentence; a body of the country the initialism names does not.
@pytest.mark.parametrize(
    "text",
    [
        "The E.U. Commission has launched a review of subsidies to Chinese steel makers.",
        "The U.K. Parliament has voted to put the group on its list.",
        "A spokesman for the U.S. Pentagon said the intercept over the sea was unsafe.",
        "The U.S. Fed is expected to leave its rates unchanged.",
        "U.S. Diplomats said the meeting in Vienna was useful.",
        "The U.N. Council voted to extend the mission by a year.",
        "The U.S. Coast Guard was not involved in the operation.",
    ],
)
def test_a_body_named_after_an_initialism_continues_the_sentence(text):
    assert texts(text) == [text]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The talks ended in the U.S. South Korea said it would join the next round.",
         ["The talks ended in the U.S.", "South Korea said it would join the next round."]),
        ("The resolution was put to a vote at the U.N. Tokyo welcomed the result.",
         ["The resolution was put to a vote at the U.N.", "Tokyo welcomed the result."]),
        ("The new rules took effect in the U.S. Hong Kong has not commented.",
         ["The new rules took effect in the U.S.", "Hong Kong has not commented."]),
    ],
)
def test_a_place_and_a_verb_after_an_initialism_still_open_a_sentence(text, expected):
    assert texts(text) == expected


# Finding 13: one set of line breaks, lexicon's, for segment and normalize_text.
def test_segment_reads_the_line_breaks_that_normalize_text_reads():
    import stancelib.segment as segment_module
    from stancelib.lexicon import LINE_BREAK_CHARS

    assert not hasattr(segment_module, "_BREAK_CHARS")  # no copy of its own
    for ch in LINE_BREAK_CHARS:
        assert list(segment_module.iter_lines(f"a{ch}b")) == [f"a{ch}", "b"]
        assert texts(f"Talks ended.{ch}Xi spoke.") == ["Talks ended.", "Xi spoke."]
