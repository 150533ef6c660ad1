"""Sentence segmentation made for readout text.

Readouts and the news stories about them break general-purpose splitters:
``U.S.`` and ``U.N.`` end words but rarely sentences, titles (``Gen.``,
``Amb.``) and months (``Jan.``) never do, quotations run across sentences,
headlines and section labels ("Notable", "UPDATED:") carry no final stop, and
lists come as bullets ("• ", "- ", or "•" with no space) or enumerations
("1.", "2)", "(a)", "(ii)", "b)") on their own lines.
:func:`segment` handles these and
keeps, for every sentence, its character span in the input, so that
``text[start:end] == sentence.text`` always holds.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

__all__ = ["Segment", "iter_segments", "segment"]


class Segment(NamedTuple):
    """One sentence of a text and where it stands in that text."""

    text: str
    start: int
    end: int


# Words after which a period never ends a sentence.
_NEVER_FINAL = frozenset(
    """mr mrs ms dr gen lt col maj capt cmdr adm brig sgt sen rep gov amb prof
    rev hon pres sec gens sens reps jan feb apr jun jul aug sep sept oct nov
    dec no nos art para fig p pp vol st mt ft vs v e.g i.e cf approx dept
    assn univ""".split()
)
# Abbreviations that end a sentence only when a sentence starter follows.
_MAYBE_FINAL = frozenset("etc inc corp co ltd jr sr al bros".split())
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_SINGLE_INITIAL = re.compile(r"^[A-Z]$")

# Capitalised words that usually open a sentence rather than continue a name
# such as "U.S. Congress".
_STARTERS = frozenset(
    """the a an he she it they we i you his her its their our this that these
    those there here both but and or so yet still however meanwhile also
    in on at for from with without after before during since while when
    as if asked according speaking separately earlier later last next one
    two three some many most several no not neither each every all such
    what why how who where beijing washington china chinese american
    xi biden trump analysts""".split()
)
# Titles and bodies that follow a country's initialism as part of one name
# ("U.S. President ...", "U.N. Secretary-General ...", "P.R.C. Ambassador ...");
# they are never read as the start of a new sentence after an initialism.
# (They are not in _STARTERS; this list documents the rule and backs the test.)
TITLES_AFTER_INITIALISM = frozenset(
    """president presidents secretary secretary-general vice ambassador envoy
    officials official trade treasury commerce state defense defence navy army
    forces military embassy delegation side government administration congress
    senate house senator senators lawmakers representative special deputy
    national chargé consul consulate attorney""".split()
)
# Names among the starters that also stand before a noun inside one phrase, after an
# initialism: "9 a.m. Beijing time", "U.S. China policy", "the U.S. Biden administration".
# After one of them, a word of _NAME_NOUNS keeps the sentence going; any other word (a verb:
# "in the U.S. China said ...") lets the name open a new sentence. In the seed corpus these
# nouns follow these names 195 times inside sentences and never at a sentence's start.
# ("Chinese" and "American" are left out: the same nouns follow them in both places,
# "Chinese officials said ...".)
_NAME_STARTERS = frozenset("beijing washington china xi biden trump".split())
_NAME_NOUNS = frozenset("time policy policies administration administration's team hawks strategy".split())
_SPEECH_VERBS = frozenset("said says asked added told wrote noted replied continued".split())

_TERMINAL = re.compile(r"(?:[.!?]+|…|[。！？]+)[\"'”’)\]]*")
# A list marker at a line's start, and the space after it (the marker is not part of the text).
_BULLET = re.compile(
    r"""^[ \t]*
    (?:
        [•▪◦‣●○■□](?=[ \t]*\S)        # a bullet glyph, which is never text: no space needed ("•Talks")
      | (?:[·*–—-]                     # a bullet that can be text ("-5"): a space needed
         | \d{1,2}[.)]                 # 1.  2)
         | \((?:\d{1,2}|[A-Za-z]|[ivx]{2,4}|[IVX]{2,4})\)   # (3)  (a)  (iv)
         | (?:[A-Za-z]|[ivx]{2,4}|[IVX]{2,4})\)             # b)  ii)  IV)
        )(?=[ \t])
    )
    [ \t]*""",
    re.VERBOSE,
)
_WORD = re.compile(r"\S+")
_NON_SPACE = re.compile(r"\S")
_CLOSE_QUOTES = "\"'”’)]"
_OPENERS = "\"'“‘([«"


def _word_before(text: str, end: int) -> str:
    """The whitespace-delimited token that ends at ``end`` (exclusive)."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _next_words(text: str, pos: int, n: int = 3) -> list[str]:
    words = []
    for match in _WORD.finditer(text, pos):
        words.append(match.group().strip(_OPENERS + _CLOSE_QUOTES + ",.;:!?").lower())
        if len(words) == n:
            break
    return words


def _name_phrase_follows(text: str, pos: int) -> bool:
    """Whether the words from ``pos`` are a name and a noun of one phrase ("Beijing time",
    "China policy", "Biden administration"), so that the name opens no sentence."""
    words = _WORD.finditer(text, pos)
    name = next(words, None)
    noun = next(words, None)
    if name is None or noun is None:
        return False
    if name.group().lstrip(_OPENERS).lower() not in _NAME_STARTERS:
        return False  # not one of the names, or one followed by a stop or comma ("China.")
    return noun.group().rstrip(_CLOSE_QUOTES + ",.;:!?").replace("’", "'").lower() in _NAME_NOUNS


def _is_boundary(block: str, match: re.Match[str]) -> bool:
    end = match.end()
    if end >= len(block):
        return False
    punct = match.group()
    if punct[0] in "。！？":
        return True  # CJK full stops need no space after them
    if not block[end].isspace():
        return False
    nxt = _NON_SPACE.search(block, end)
    if nxt is None:
        return False
    first = nxt.group()
    if first.islower():
        return False
    if not (first.isupper() or first.isdigit() or first in _OPENERS or not first.isascii()):
        return False
    words = _next_words(block, end)
    if punct.rstrip(_CLOSE_QUOTES)[-1:] in "?!" and punct[-1] in _CLOSE_QUOTES:
        # “Really?” Wang asked. -- the quote continues the sentence.
        if any(w in _SPEECH_VERBS for w in words[1:3]):
            return False
    if punct[0] != "." or len(punct.rstrip(_CLOSE_QUOTES)) > 1:
        return True  # ?, !, an ellipsis: ends the sentence before a capital
    if punct != ".":
        return True  # period then closing quote or bracket
    token = _word_before(block, match.start()).lstrip(_OPENERS)
    low = token.lower()
    starter = bool(words) and words[0] in _STARTERS
    if low in _NEVER_FINAL:
        return False
    if _SINGLE_INITIAL.match(token):
        return False  # a middle initial: John F. Kennedy
    if _INITIALISM.match(token) or low in _MAYBE_FINAL:
        # "in the U.S. The ..." ends; "U.S. Trade Representative" and "9 a.m. Beijing time" do not
        return starter and words[0] not in TITLES_AFTER_INITIALISM and not _name_phrase_follows(block, end)
    return True


def _split_block(block: str, offset: int) -> list[Segment]:
    segments: list[Segment] = []
    start = 0
    for match in _TERMINAL.finditer(block):
        if _is_boundary(block, match):
            segments.extend(_make(block, start, match.end(), offset))
            start = match.end()
    segments.extend(_make(block, start, len(block), offset))
    return segments


def _has_word(text: str) -> bool:
    """Whether ``text`` holds a letter (of any script): a piece without one
    (a bare bullet, a rule, an ellipsis, a number, a list marker) is no sentence."""
    return any(ch.isalpha() for ch in text)


def _make(block: str, start: int, end: int, offset: int) -> list[Segment]:
    piece = block[start:end]
    stripped = piece.strip()
    if not _has_word(stripped):
        return []  # empty, or a bare bullet, rule, ellipsis or number: no words, no sentence
    lead = len(piece) - len(piece.lstrip())
    s = start + lead
    return [Segment(stripped, offset + s, offset + s + len(stripped))]


_CONTINUES = re.compile(r"(?:[,;(\[–—-]|\b(?:and|or|but|the|a|an|of|to|in|on|for|with|that|by|as|at|from))\s*$")


def _joins_next(line: str, next_line: str) -> bool:
    """Whether a single line break inside a paragraph is a soft wrap."""
    if not line.strip() or not next_line.strip():
        return False
    if _BULLET.match(next_line):
        return False
    nxt = next_line.lstrip()
    if nxt[0].islower():
        return True
    return bool(_CONTINUES.search(line))


_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _lines(text: str) -> Iterator[str]:
    """``text.splitlines(keepends=True)``, one line at a time (no list of a million lines)."""
    pos = 0
    for match in _LINE_BREAK.finditer(text):
        yield text[pos:match.end()]
        pos = match.end()
    if pos < len(text):
        yield text[pos:]


def segment(text: str) -> list[Segment]:
    """Split ``text`` into sentences, each with its span in ``text``.

    Parameters
    ----------
    text : str
        A readout, a news story about one, or any other text.

    Returns
    -------
    list of Segment
        ``(text, start, end)`` triples in order; ``text[start:end]`` equals the
        segment's text, which is stripped of surrounding white space and of
        a leading list marker (a bullet, or an enumeration such as "(a)"). Empty input gives an empty list.

    Examples
    --------
    >>> [s.text for s in segment("The U.S. side raised Taiwan. Gen. Li replied.")]
    ['The U.S. side raised Taiwan.', 'Gen. Li replied.']
    >>> segment("Notable\\n• Talks resume in May.")[1]
    Segment(text='Talks resume in May.', start=10, end=30)
    """
    if not isinstance(text, str):
        raise TypeError(f"segment() expects a str, got {type(text).__name__}")
    return list(iter_segments(text))


def iter_segments(text: str) -> Iterator[Segment]:
    """:func:`segment`, lazily: the sentences of ``text`` one at a time, so
    that memory holds one paragraph's sentences, not the whole text's.

    Examples
    --------
    >>> next(iter_segments("Ok.\\nOk.\\n")).end
    3
    """
    if not isinstance(text, str):
        raise TypeError(f"iter_segments() expects a str, got {type(text).__name__}")
    block_start = 0
    block_end = 0
    pos = 0
    prev_start = 0  # where the previous line starts
    for i, line in enumerate(_lines(text)):
        content = line.rstrip("\r\n")
        bullet = _BULLET.match(content)
        if bullet and content[bullet.end():].strip():
            # a bullet starts a new block; the marker is not part of the text
            yield from _split_block(text[block_start:block_end], block_start)
            block_start = pos + bullet.end()
        elif not _has_word(content):
            # a blank line, or one with no words (a bare "-", a rule, "..."), ends the block
            yield from _split_block(text[block_start:block_end], block_start)
            block_start = pos + len(line)
        elif i > 0 and block_end > block_start and not _joins_next(text[max(block_start, prev_start):block_end], content):
            yield from _split_block(text[block_start:block_end], block_start)
            block_start = pos
        block_end = pos + len(content)
        prev_start = pos
        pos += len(line)
    yield from _split_block(text[block_start:block_end], block_start)
