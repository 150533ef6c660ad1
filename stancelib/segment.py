"""Sentence segmentation made for readout text.

Readouts and the news stories about them break general-purpose splitters:
``U.S.`` and ``U.N.`` end words but rarely sentences (``China-U.S. Joint
Communiqués``, ``the (U.S.) Congress``), titles (``Gen.``, ``Amb.``) never do
and months (``Jan.``) only before a new sentence (``in Aug. The U.S. side
...``), quotations run across sentences,
headlines and section labels ("Notable", "UPDATED:") carry no final stop, and
lists come as bullets ("• ", "- ", or "•" with no space) or enumerations
("1.", "2)", "(a)", "(ii)", "b)", "1.Resume") on their own lines.
Text as users paste it adds line breaks: e-mail and PDF copy is hard-wrapped
at one width, and a line break there continues the sentence, while a headline,
a heading or a line of a list whose bullets the copy dropped does not; a PDF's
page break comes with a footer ("- 2 -", "Page 2 of 5") that is no paragraph
break; a page's source keeps its character references and tags (``Taiwan.&rdquo;
Biden``, ``Taiwan.</p><p>Biden``).
:func:`segment` handles these and
keeps, for every sentence, its character span in the input, so that
``text[start:end] == sentence.text`` always holds.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Iterator, NamedTuple

from .lexicon import DATELINE_PLACES, LINE_BREAK_CHARS, opening_dateline

__all__ = ["Segment", "iter_segments", "segment"]


class Segment(NamedTuple):
    """One sentence of a text and where it stands in that text."""

    text: str
    start: int
    end: int


# Words after which a period never ends a sentence.
_NEVER_FINAL = frozenset(
    """mr mrs ms dr gen lt col maj capt cmdr adm brig sgt sen rep gov amb prof
    rev hon pres sec gens sens reps nos para fig p pp vol st mt ft vs v e.g
    i.e cf approx dept assn univ messrs mme asst dep dir""".split()
)
# "Min." and "For." in a minister's abbreviated title ("Vice For. Min. Ma Zhaoxu"), after these words only
# (a Korean given name "Min", "minutes", the word "for" end sentences).
_MINISTER_PARTS = frozenset("Min For".split())
_BEFORE_MINISTER_PARTS = frozenset("Vice For. Foreign Prime Dep. Deputy Asst. Assistant".split())
# Abbreviations that end a sentence unless a number follows ("Resolution No. 2231", "Art. 5"):
# they are also words ("the spokesperson said no.", "exchanges in film and art.").
_BEFORE_NUMBER = frozenset("no art".split())
_NUMBER = re.compile(r"\S{0,30}\d|[IVXL]{2,}\b")  # "No. 2", "Docket No. USTR-2017-0831", "Art. IV"
# Abbreviated months: "Jan. 5" goes on, "in Aug. The U.S. side ..." ends (the initialism rule).
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Abbreviations that end a sentence only when a sentence starter follows.
_MAYBE_FINAL = frozenset("etc inc corp co ltd jr sr al bros".split())
# Initialisms that name no country, after which a title opens a sentence ("at 9 a.m. President Xi warned
# ...", "in Washington, D.C. Secretary Blinken ..."): the times of day, whose sentence goes on only with a
# time zone, and "D.C.", whose goes on with a body of the city.
_TIMES = frozenset("a.m p.m".split())
_TIME_ZONES = frozenset("et est edt pt pst pdt ct cst cdt mt gmt utc bst cet jst kst hkt sgt".split())
_DC_NOUNS = frozenset("""mayor council circuit court courts police metro area region suburbs office offices
    residents government statehood public""".split())
# Nouns that name a thing by a capital letter after them ("Plan B", "Phase A", "Annex C"): the letter
# ends a sentence as any word does, where after a name it is a middle initial ("John F. Kennedy").
_LETTER_NOUNS = frozenset(
    """plan phase annex appendix option group class category section part schedule tier type grade exhibit
    stage zone block track list team war""".split())
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
# Auxiliaries that open a question or an inverted conditional ("... from the U.N. Should Washington
# press ahead, ..."): a sentence's first word when capitalised, never part of a name after an
# initialism; in lower case ("the U.S. “should stop ...”") the sentence goes on.
_AUXILIARY_STARTERS = frozenset("should would could will can must might shall did does do is are was were has have had".split())
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
# After a quoted question or exclamation, an article or a pronoun with a speech verb later than the
# third word opens a sentence ("“Stop the drugs!” A White House spokesman said the ...").
_ARTICLES_AND_PRONOUNS = frozenset("a an the he she it they we i you this that these those there".split())
# Bodies named after an initialism and then a verb ("the U.S. Constitution is", "the U.N. Charter
# was", "the U.S. Marines said"): like the titles, they continue the sentence.
_BODIES_AFTER_INITIALISM = frozenset(
    """constitution charter capitol marines marine customs intelligence mission missions
    secretariat troops command""".split()
)
# Verbs that show a capitalised word after an initialism opens a sentence of its own: "... imposed
# by the U.S. Russia condemned the sanctions", "... at 10 a.m. Taiwan was the first topic". Lower
# case only, so that a title-case headline ("China Says U.S. Tariffs Will Hurt") stays whole.
_VERBS_AFTER_NAME = frozenset(
    """said says say told tells asked asks added adds noted notes warned warns urged urges called
    calls condemned condemns welcomed welcomes rejected rejects denied denies responded responds
    replied replies announced announces accused accuses criticized criticizes criticised
    criticises protested protests opposed opposes expressed expresses stressed stresses insisted
    insists agreed agrees confirmed confirms praised praises vowed vows pledged pledges demanded
    demands dismissed dismisses declined declines voted votes signed signs imposed imposes
    is are was were has have had will would can could may might must should shall did does
    do""".split()
)
# The verbs a readout's subject takes ("Wang met", "the two sides held"), after a name (_CLAUSE_VERBS) and in
# a lead's next line (_LEAD_VERBS).
_READOUT_VERBS = frozenset(
    """met meets held holds spoke speaks discussed discusses visited visits attended attends led leads
    hosted hosts received receives exchanged began begins concluded concludes chaired joined joins made
    makes took takes spent""".split()
)
# Verbs of a clause after a place or a person (besides any word in "-ed": "Japan joined", "Wang raised"):
# the verbs above and those a readout's subject takes ("Taiwan remains", "Sullivan will travel", "Wang met").
_CLAUSE_VERBS = _VERBS_AFTER_NAME | _READOUT_VERBS | frozenset(
    """remains remain continues continue wants wanted needs plans hopes seeks sought
    faces believes considers sees saw views expects intends aims tries keeps stands stood argues argued
    reiterates reiterated reaffirms raises raised thanked thanks wrote writes went goes sent sends gave
    gives won wins lost""".split()
)
# Words that may stand between the name and its verb ("Japan also said").
_ADVERBS = frozenset("also later then quickly immediately too again separately".split())
# The names that open such a clause: places that are a subject on their own (the countries and regions
# readouts name, the cities of their datelines, lexicon.DATELINE_PLACES, and the names among the starters).
# Any other capitalised word before a verb is more often a body of the country the initialism names ("the
# E.U. Commission has", "the U.S. Pentagon said", "U.S. Diplomats said"). A person's name is evidence of its
# own (_PERSON_NAMES, _person_clause_follows).
_PLACES = frozenset(
    name.strip()
    for name in """afghanistan|africa|albania|algeria|america|angola|argentina|armenia|asia|australia|
    austria|azerbaijan|bangladesh|belarus|belgium|bhutan|bolivia|brazil|britain|brunei|bulgaria|cambodia|
    canada|chile|colombia|croatia|cuba|cyprus|czech republic|czechia|denmark|ecuador|egypt|england|estonia|
    ethiopia|europe|finland|france|georgia|germany|ghana|greece|guam|hawaii|hong kong|hungary|iceland|
    india|indonesia|iran|iraq|ireland|israel|italy|japan|jordan|kazakhstan|kenya|korea|kosovo|kuwait|
    kyrgyzstan|laos|latvia|lebanon|libya|lithuania|macao|malaysia|mexico|moldova|mongolia|montenegro|
    morocco|myanmar|nepal|netherlands|new zealand|nicaragua|nigeria|north korea|north macedonia|norway|
    oman|pakistan|palestine|panama|paraguay|peru|philippines|poland|portugal|qatar|romania|russia|rwanda|
    saudi arabia|scotland|serbia|slovakia|slovenia|somalia|south africa|south korea|spain|sri lanka|sudan|
    sweden|switzerland|syria|taiwan|tajikistan|tanzania|thailand|tibet|turkey|türkiye|turkmenistan|uganda|
    ukraine|united kingdom|uruguay|uzbekistan|venezuela|vietnam|xinjiang|yemen|zambia|zimbabwe""".split("|")
) | _NAME_STARTERS | frozenset(place.lower() for place in DATELINE_PLACES if place != "UNITED NATIONS")

# The people the actor lexicon names (stancelib/data/lexicon.json, "actor"): surnames and full names of the
# officials readouts quote. After an initialism, a month or "Ltd.", such a name with a verb or a comma after
# it opens a sentence ("... made in the U.S. Mao Ning said ...", "... set for Jan. Sullivan will travel
# ..."): no name of a country's body is a person's. (The lexicon's other actors, "Pentagon", "FBI", "Treasury",
# continue a name: "the U.S. Pentagon said".) The lexicon marks no actor as a person, so the list is kept by
# hand: tests/test_segment_initialism_names.py checks that each is in the lexicon, and
# tests/test_segment_person_names_cover_lexicon.py that every person of the lexicon is here.
_PERSON_NAMES = frozenset(
    name.strip()
    for name in """biden|trump|harris|vance|obama|blinken|rubio|pompeo|tillerson|sullivan|campbell|waltz|austin|
    hegseth|mattis|esper|yellen|bessent|mnuchin|raimondo|lutnick|ross|lighthizer|greer|tai|kerry|podesta|burns|
    perdue|kirby|leavitt|price|miller|bruce|pelosi|mccarthy|schumer|haley|mcmaster|bolton|navarro|kudlow|pottinger|
    ortagus|psaki|jean-pierre|kritenbrink|sherman|nuland|wray|mayorkas|milgram|haines|shanahan|aquilino|paparo|
    davidson|hawley|gallagher|krishnamoorthi|moolenaar|mccaul|menendez|risch|branstad|emanuel|garland|landau|
    pence|haspel|ratcliffe|witkoff|gabbard|xi|xi jinping|li qiang|wang yi|qin gang|han zheng|he lifeng|liu he|
    yang jiechi|wei fenghe|dong jun|wang wentao|li chenggang|xie feng|ma zhaoxu|wang wenbin|mao ning|lin jian|
    guo jiakun|hua chunying|zhao lijian|zhong shan|wang qishan|xie zhenhua|liu zhenmin|li keqiang|wang|xie|qin|
    liu|yang|zhao|hua|guo|mao|cui|geng|zhang|wei|li|cui tiankai|lu kang|geng shuang|fu cong|zhang jun|wu qian|
    tan kefei|zhang xiaogang|wang xiaohong|li shangfu|liu jianchao|zhu fenglian|chen binhua|ma xiaoguang|
    shu jueting|he yadong|he yongqian|gao feng|zhang zhijun|yang tao|john lee|carrie lam|marcos|guterres|putin|
    peskov|tsai|tsai ing-wen|lai|lai ching-te|william lai|ma ying-jeou|kishida|ishiba|takaichi|suga|abe|
    albanese|morrison|turnbull|modi|jaishankar|yoon|moon jae-in|lee jae-myung|kim jong un|kim jong-un|duterte|
    jokowi|widodo|prabowo|anwar|lula|macron|scholz|merkel|merz|starmer|sunak|trudeau|carney|sheinbaum|netanyahu|
    erdogan|lavrov|araghchi|zarif|raisi|pezeshkian|khamenei|von der leyen|borrell|kallas|stoltenberg|rutte|
    tedros|sefcovic|dombrovskis""".split("|")
)
# Titles and other words that a person's name after an initialism can follow inside one name ("the U.S.
# Climate Envoy Kerry said"): a word of them before the name leaves it no subject of its own.
_TITLE_WORDS = frozenset(
    """minister premier director chairman chairwoman councilor counselor spokesperson spokesman spokeswoman
    general admiral under assistant senior chief foreign envoy czar adviser advisor commander representative
    secretary ambassador president vice deputy special climate trade treasury commerce defense defence state
    national security justice attorney senator congressman congresswoman governor mayor speaker leader""".split()
)
# Courtesy titles before a surname ("... in the U.S. Mr. Wang said ..."): never part of a country's name.
_COURTESY = frozenset("mr mrs ms dr messrs mme".split())
# Plural nouns of people that open a sentence before a word in lower case after "Ltd." or "Inc." ("... Co.,
# Ltd. Officials said ..."). After a country's initialism they can be a body of it ("U.S. Diplomats said").
_PEOPLE_NOUNS = frozenset(
    "officials analysts experts critics observers diplomats economists lawmakers legislators companies firms investors "
    "scholars researchers negotiators".split())
# A post "to" a country or a body, just before its initialism ("Ambassador to the U.S.", "Permanent
# Representative to the U.N."): a person's name after it is the holder's ("... to the U.S. Xie Feng said ...").
_POST_BEFORE = re.compile(
    r"\b(?:ambassador|representative|envoy|consul|delegate|emissary|minister|secretary|coordinator|observer|"
    r"chargé d'affaires|charge d'affaires)s?[ \t]+(?:\w+[ \t]+)?to[ \t]+(?:the[ \t]+)?\S*\.[ \t]+\Z", re.I)
# A speaker's label in capitals ("Q:", "ANCHOR:", "COLE:"), which opens a transcript's turn.
_SPEAKER_LABEL = re.compile(r"[A-Z][A-Z'’\-]{0,24}:\Z")
# A closing quote written as a character reference, as a page's source holds it ("&rdquo;").
_ENTITY_CLOSE = r"&(?:quot|rdquo|rsquo|apos|#39|#x27|#8221|#8217|#x201[dD]|#x2019);"
_ENTITY_OPEN = re.compile(r"&(?:quot|ldquo|lsquo|apos|#39|#x27|#8220|#8216|#x201[cC]|#x2018);")
# (A run of stops, "…", or a run of CJK stops, then closing quotes. Written to open with one character
# class, which the regular expression engine scans for quickly; an alternation first is tried at every
# character, and took most of segmentation's time.)
# A footnote's marker after the stop, which a copy of a page or a PDF keeps: "Taiwan.[12]", "[citation needed]",
# a superscript ("Taiwan.¹²"), or a PDF's superscript pasted as digits after a word's stop ("Taiwan.12 Biden";
# not after a number's: "2.5").
_FOOTNOTE = r"\[(?:\d{1,3}|[A-Za-z][A-Za-z ]{0,29})\]|[¹²³⁰⁴⁵⁶⁷⁸⁹]{1,3}(?![\w¹²³⁰⁴⁵⁶⁷⁸⁹])"
_DIGIT_FOOTNOTE = r"(?:(?<=[a-z]\.)\d{1,3}(?![\w.,]))?"
_TERMINAL = re.compile(rf"[.!?…。！？](?:(?<=[.!?])[.!?]*|(?<=[。！？])[。！？]*|(?<=…)){_DIGIT_FOOTNOTE}"
                       rf"(?:[\"'”’)\]]|{_ENTITY_CLOSE}|{_FOOTNOTE})*")
_STOP = re.compile(r"[.!?]+|…")
# The same stop at the end of a line, and the characters such a line ends with.
_FINAL_STOP = re.compile(_TERMINAL.pattern + r"\Z")
_STOP_ENDS = frozenset(".!?…。！？\"'”’)];0123456789¹²³⁰⁴⁵⁶⁷⁸⁹")
# Markup of a page's source between sentences: a no-break space as a reference, and tags. The
# tags that break a line (a paragraph, a list item, a <br>) separate sentences as a space does;
# the others ("</em>") only beside one.
_NBSP = r"&(?:nbsp|#160|#[xX][aA]0);"
_TAG_NAMES = ("p|br|li|div|span|b|i|u|em|strong|a|font|sup|sub|ul|ol|h[1-6]|tr|td|th|table|tbody|blockquote|section"
              "|article|hr")
_TAG = rf"</?(?:{_TAG_NAMES})\b[^<>]{{0,200}}>"
_BREAK_TAG = r"<(?:br|hr|/?(?:p|li|div|ul|ol|h[1-6]|tr|td|th|table|tbody|blockquote|section|article))\b[^<>]{0,200}>"
# Characters that print as nothing and come with pasted text between sentences as well as inside them
# ("Taiwan.\u200b Biden"); they are no white space to a regular expression.
_INVISIBLE_SPACE = "[\u200b\u200c\u200d\u2060\ufeff]"
# The marks that quote a line of a forwarded or replied-to e-mail (">", ">>", "> >"), at a line's start; the
# prefix is them and the blanks after them.
_QUOTE_MARKS = r">(?:[ \t]*>)*"
_QUOTE_PREFIX = re.compile(_QUOTE_MARKS + r"[ \t]*")
# A zero-width space alone is a space too: a web page's copy puts it where a space was ("Xi spoke.\u200bBiden
# replied."); the other invisible characters (joiners, a byte-order mark) separate nothing on their own.
_SEPARATOR = re.compile(
    rf"(?:{_TAG}|{_INVISIBLE_SPACE})*(?:\s|{_NBSP}|{_BREAK_TAG}|\u200b)"
    rf"(?:\s|{_NBSP}|{_TAG}|{_INVISIBLE_SPACE}|(?<=[{LINE_BREAK_CHARS}]){_QUOTE_MARKS})*", re.I)
# Tags that end a block of text wherever they stand ("Headline</h1><p>Body"); a <br> is a line
# break, and continues the sentence as a soft wrap does (before a lower-case word, after a comma).
_BLOCK_TAG = re.compile(
    r"<(?:/?(?:p|li|div|ul|ol|h[1-6]|tr|td|th|table|tbody|blockquote|section|article)|hr|(?P<br>br))\b[^<>]{0,200}>", re.I)
# White space as str.isspace() reads it, and the invisible characters that come with pasted text
# (a byte-order mark when a file is read as "utf-8", zero-width spaces and joiners).
_BLANKS = ("\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
           "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000" "\ufeff\u200b\u200c\u200d\u2060")
_LEADING = re.compile(rf"(?:[{_BLANKS}]|{_NBSP}|{_TAG})*", re.I)
_TRAILING_MARKUP = re.compile(rf"(?:{_NBSP}|{_TAG})\Z", re.I)
# A list marker at a line's start, and the space after it (the marker is not part of the text).
_BULLET = re.compile(
    r"""^[ \t]*
    (?:
        [•▪◦‣●○■□\uf020-\uf0ff](?=[ \t]*\S)  # a bullet glyph, which is never text: no space needed ("•Talks");
                                      # Word's copy of a list gives the Symbol font's (U+F0B7, U+F0A7, U+F0D8)
      | o(?=\t)                       # Word's second-level bullet, "o" and a tab
      | \d{1,2}[.)](?=[A-Z])          # "1.Resume talks.": a number then a capital, no space needed
      | (?:[·*–—-]                     # a bullet that can be text ("-5"): a space needed
         | \d{1,2}[.)]                 # 1.  2)
         | \((?:\d{1,2}|[A-Za-z]|[ivx]{2,4}|[IVX]{2,4})\)   # (3)  (a)  (iv)
         | (?:[A-Za-z]|[ivx]{2,4}|[IVX]{2,4})\)             # b)  ii)  IV)
        )(?=[ \t])
      | (?:[a-z]|[ivx]{2,4}|[IVX]{2,4})\.(?=[ \t]+[^\d\s])  # a.  ii.  IV. (before a word: "p. 12" is a page)
      | I\.(?=[ \t]+(?![A-Z]\.)[^\d\s])  # I. (not an initial before another: "I. M. Pei")
    )
    [ \t]*""",
    re.VERBOSE,
)
# A wire's slug glued to a headline ("UPDATE 2-", "EXCLUSIVE-", "RPT-UPDATE 1-"), as a terminal's copy of a
# Reuters headline opens: like a list marker, it is not part of the sentence (glued to its first word,
# "EXCLUSIVE-Xi", it hides that name from the model). Only these words in capitals before a hyphen: a name
# in capitals ("NATO-Russia", "AMBASSADOR THOMAS-GREENFIELD") is text. (normalize_text keeps slugs: the seed
# corpus holds two headlines with one, and the model must read its training text unchanged.)
_SLUG = re.compile(
    r"(?:(?:UPDATE|WRAPUP|CORRECTED|CORRECTION|REFILE|RPT|EXCLUSIVE|ANALYSIS|FACTBOX|INSIGHT|SPECIAL[ \t]REPORT|"
    r"EXPLAINER|BREAKINGVIEWS|COLUMN|INTERVIEW|TIMELINE|PREVIEW|FOCUS|GRAPHIC|BRIEF)(?:[ \t]\d{1,2})?-)+(?=[^\s\-])")
_WORD = re.compile(r"\S{1,100}")  # a word, or a piece of a long run without spaces (read in linear time)
_CLOSE_QUOTES = "\"'”’)]"
_OPENERS = "\"'“‘([«"
_PUNCT = _OPENERS + _CLOSE_QUOTES + ",.;:!?"


def _word_before(text: str, end: int) -> str:
    """The whitespace-delimited token that ends at ``end`` (exclusive), or its last 64
    characters (no abbreviation is longer; a text without spaces is read in linear time)."""
    start = end
    while start > 0 and end - start < 64 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _space_before(text: str, pos: int) -> int:
    """``pos`` moved back over the white space (at most 64 characters of it) before it."""
    stop = max(0, pos - 64)
    while pos > stop and text[pos - 1].isspace():
        pos -= 1
    return pos


def _last_part(token: str) -> str:
    """The part of a token after its last hyphen or slash: ``"China-U.S"`` -> ``"U.S"``."""
    return re.split(r"[-–/]", token)[-1]


def _next_words(text: str, pos: int, n: int = 3) -> list[str]:
    words = []
    for match in _WORD.finditer(text, pos):
        words.append(match.group().strip(_PUNCT).lower())
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


def _verb_at(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` (or, after an adverb, ``words[i + 1]``) is a verb in lower case that opens a
    clause's predicate (``_CLAUSE_VERBS``, or a word in "-ed")."""
    for word in words[i:i + 2]:
        word = word.rstrip(_CLOSE_QUOTES + ",.;:!?")
        if word in _CLAUSE_VERBS or (len(word) > 3 and word.endswith("ed") and word.isalpha() and word.islower()):
            return True
        if word not in _ADVERBS:
            return False
    return False


def _name_then_verb(text: str, pos: int) -> bool:
    """Whether the words from ``pos`` are a place that can be a subject on its own (``_PLACES``) and
    then a verb in lower case ("Russia condemned", "Taiwan was", "South Korea also said", "Taiwan
    remains"): a clause of its own. "Commission has", "Pentagon said" and "Diplomats said" are not."""
    words = [match.group() for match in islice(_WORD.finditer(text, pos), 6)]
    if not words or not words[0].lstrip(_OPENERS)[:1].isupper():
        return False
    words[0] = words[0].lstrip(_OPENERS)
    # the longest place first ("South Korea", "Hong Kong"); a comma or a stop after the name
    # ("Russia,") or a possessive ("Russia's") is no such clause
    size = next((n for n in range(min(4, len(words)), 0, -1) if " ".join(words[:n]).lower() in _PLACES), 0)
    return bool(size) and (_verb_at(words, size) or _another_subject(words, size))


def _another_subject(words: list[str], i: int) -> bool:
    """Whether ``words[i:]`` join another name to a subject ("and Lavrov", "and the Netherlands") or
    place it ("of the Foreign Ministry"): "Wang Yi and Lavrov called ...", "Japan and the Netherlands
    joined ...", "Lin Jian of the Foreign Ministry said ..." (a country's name goes on with neither)."""
    if len(words) < i + 2 or words[i] not in ("and", "of"):
        return False
    after = words[i + 1] if words[i + 1] != "the" or len(words) < i + 3 else words[i + 2]
    return after.lstrip(_OPENERS)[:1].isupper()


def _person_clause_follows(text: str, pos: int) -> bool:
    """Whether the words from ``pos`` are a person's name the actor lexicon knows (``_PERSON_NAMES``), maybe
    after a given name and before the rest of one ("Mao Ning", "Antony Blinken", "Liu Pengyu"), and then a
    verb in lower case or a comma: "Mao Ning said", "Sullivan will travel", "Wang Yi later told", "Liu
    Pengyu, a spokesperson, said". No name of a country's body is one ("the U.S. Pentagon said"), and a
    title before the name keeps it inside a longer one ("the U.S. Climate Envoy Kerry said")."""
    raw = [match.group() for match in islice(_WORD.finditer(text, pos), 7)]
    if not raw:
        return False
    raw[0] = raw[0].lstrip(_OPENERS)
    names: list[str] = []  # the capitalised words that open the text, without a stop inside them
    for word in raw:
        bare = word.rstrip(",")
        if not (bare[:1].isupper() and (bare.replace("-", "").replace("'", "").isalpha())):
            break
        names.append(bare.lower())
        if bare != word:
            break  # a comma ends the name
    if not names or len(names) > 4:
        return False
    for first in (0, 1):  # the name at the start, or after a given name ("Antony Blinken")
        if first and (names[0] in _TITLE_WORDS or names[0] in _PERSON_NAMES):
            break
        for size in (3, 2, 1):
            if first + size <= len(names) and " ".join(names[first:first + size]) in _PERSON_NAMES:
                end = len(names)  # the rest of the name: at most one more word ("Wang" then "Yi")
                if end - first - size > 1 or not _TITLE_WORDS.isdisjoint(names):
                    return False
                if raw[end - 1].endswith(","):
                    return True
                return _verb_at(raw, end) or _another_subject(raw, end)
    return False


def _zone_follows(text: str, pos: int, words: list[str]) -> bool:
    """Whether the words from ``pos`` name a time zone: "time" right after a place's name ("Beijing time",
    "Eastern Time", "Hong Kong time", "Eastern Standard Time"), not later in a clause ("Xi said time is on
    China's side")."""
    if words[1:2] == ["time"]:
        return True
    second = next(islice(_WORD.finditer(text, pos), 1, 2), None)
    return words[2:3] == ["time"] and second is not None and second.group()[:1].isupper()


def _opens_sentence(text: str, pos: int, words: list[str], abbreviation: str = "") -> bool:
    """After a stop that ends a sentence only before a new one (an initialism, "Inc.", a month):
    whether the words from ``pos`` open one. "in the U.S. The ...", "in the U.S. Mao Ning said ...",
    "in the U.S. China's ..." end; "U.S. Trade Representative", "9 a.m. Beijing time" and "the U.S.
    Constitution is" do not. ``abbreviation`` is the word before the stop ("U.S", "etc")."""
    if not words:
        return False
    raw = [match.group() for match in islice(_WORD.finditer(text, pos), 6)]
    first = raw[0].lstrip(_OPENERS)
    if (words[0] in _PEOPLE_NOUNS and not _INITIALISM.match(abbreviation) and first[:1].isupper()
            and raw[1:2] and raw[1][:1].islower()):
        return True  # "... Co., Ltd. Officials said": after a country's initialism, a body ("U.S. Diplomats said")
    if words[0] in TITLES_AFTER_INITIALISM or words[0] in _BODIES_AFTER_INITIALISM:
        return False
    if words[0] in _AUXILIARY_STARTERS:
        return text[pos:pos + 1].isupper()
    if words[0] in _STARTERS:
        return not _name_phrase_follows(text, pos)
    if not first[:1].isupper():
        return False
    if words[0] in _COURTESY and len(raw) > 1 and raw[1][:1].isupper():
        return True  # "Mr. Wang", "MR. PRICE:": a courtesy title continues no name of a country
    if opening_dateline(text[pos:pos + 120]):
        return True  # "WASHINGTON/BEIJING, May 12 (Reuters) -": a dateline opens a story
    if _SPEAKER_LABEL.match(first) and any(ch.islower() for ch in text[max(0, pos - 40):pos]):
        return True  # a transcript's speaker ("Q:", "ANCHOR:") after a sentence in lower case
    initialism = abbreviation.replace(".", "").lower()
    if len(initialism) > 1 and words[0].replace(".", "") == initialism:
        return True  # "U.S. U.S. officials", "U.S. US": a country's initialism twice is no name
    if words[0].endswith(("'s", "’s")) and (words[0][:-2] in _PLACES or words[0][:-2] in _PERSON_NAMES):
        return True  # "China's", "Beijing's", "Wang's": no part of another country's name
    if initialism in ("etc", "al"):
        # "etc. Wang Yi said", "et al. Officials found": capitalised words, then a verb
        size = next((i for i, word in enumerate(raw[:4]) if not word.lstrip(_OPENERS)[:1].isupper()), 0)
        return 0 < size and _verb_at(raw, size) and not raw[size - 1].endswith((",", ".", ";", ":"))
    if _POST_BEFORE.search(text, max(0, pos - 80), pos):
        return _name_then_verb(text, pos)  # "Ambassador to the U.S. Xie Feng said": the name holds the post
    return _name_then_verb(text, pos) or _person_clause_follows(text, pos)


def _speaker_follows(text: str, pos: int) -> bool:
    """Whether a speaker and a speech verb follow a quoted question or exclamation, before any
    stop and within six words: “Really?” Wang asked; “Why?” Foreign Ministry spokesperson Wang
    Wenbin asked; “Never!” Chinese Ambassador Xie Feng told reporters. A speaker named at length
    opens with a title or a name; an article or a pronoun in capitals opens a sentence of its own
    (“Stop the drugs!” A White House spokesman said ...)."""
    article = False
    for i, match in enumerate(_WORD.finditer(text, pos)):
        if i == 7:
            break
        word = match.group()
        if i == 0:
            article = word.strip(_PUNCT).lower() in _ARTICLES_AND_PRONOUNS
        elif word.strip(_PUNCT).lower() in _SPEECH_VERBS and (i < 3 or not article):
            return True
        end = word.rstrip(_CLOSE_QUOTES)
        if end[-1:] in "!?;:" or (end[-1:] == "." and not _INITIALISM.match(end[:-1].lstrip(_OPENERS))
                                  and end[:-1].lower() not in _NEVER_FINAL):
            break  # the stop ends the speaker's clause first ("Nobody answered.")
    return False


def _is_boundary(block: str, match: re.Match[str]) -> bool:
    end = match.end()
    if end >= len(block):
        return False
    punct = match.group()
    if punct[0] in "。！？":
        return True  # CJK full stops need no space after them
    # a space (or a no-break space or a line-breaking tag of a page's source) must follow
    space = _SEPARATOR.match(block, end)
    if space is None or space.end() >= len(block):
        return False
    pos = space.end()
    first = block[pos]
    if first.islower():
        return False
    if not (first.isupper() or first.isdigit() or first in _OPENERS or not first.isascii()
            or _ENTITY_OPEN.match(block, pos)):
        return False
    stop = _STOP.match(punct).group()  # type: ignore[union-attr]  # _TERMINAL starts with one
    closers = punct[len(stop):]
    if stop[-1] in "?!" and closers and _speaker_follows(block, pos):
        return False  # “Really?” Wang asked. -- the quote continues the sentence.
    if stop != ".":
        return True  # ?, !, an ellipsis: ends the sentence before a capital
    token = _word_before(block, match.start()).lstrip(_OPENERS)
    part = _last_part(token)  # "China-U.S." and "Sino-U.S." are read as "U.S."
    if closers[:1].isdigit():  # a footnote's number after a word's stop ("Taiwan.12 Biden"), not "No.12", "p.3"
        low = part.lower()
        return len(part) > 1 and low not in _NEVER_FINAL and low not in _BEFORE_NUMBER and low not in _MONTHS
    if closers == ")" and part.lower() == "ret":
        return False  # "Gen. (Ret.) Li Shangfu"
    if closers and not (closers.strip(")]") == "" and _INITIALISM.match(part)):
        return True  # period then closing quote or bracket, except "(U.S.) Congress"
    low = part.lower()
    words = _next_words(block, pos)
    if low in _NEVER_FINAL:
        return False
    if part in _MINISTER_PARTS and _word_before(block, _space_before(block, match.start() - len(token))) \
            in _BEFORE_MINISTER_PARTS:
        return False  # "Vice For. Min. Ma Zhaoxu"
    if low in _BEFORE_NUMBER:
        return not _NUMBER.match(block, pos)  # "No. 2" goes on; "said no. The U.S. side ..." ends
    if low in _MONTHS:  # "Jan. 5" goes on; no title is part of a name after a month ("in Jan. Officials said")
        return not first.isdigit() and (words[0] in TITLES_AFTER_INITIALISM or _opens_sentence(block, pos, words, part))
    if low in _TIMES:  # "9 a.m. Beijing time", "U.S. Eastern Time" and "3 p.m. ET" go on; "9 a.m. President Xi" ends
        return not (words[0] in _TIME_ZONES or _zone_follows(block, pos, words))
    if low == "d.c":  # "D.C. Council", "the D.C. Circuit" go on; "in Washington, D.C. President Xi ..." ends
        return words[0] not in _DC_NOUNS
    if _SINGLE_INITIAL.match(token):
        # a middle initial (John F. Kennedy), but not the letter of a plan or a part ("no Plan B. Xi warned")
        return _word_before(block, _space_before(block, match.start() - 1)).lower() in _LETTER_NOUNS
    if _INITIALISM.match(part) or low in _MAYBE_FINAL:
        return _opens_sentence(block, pos, words, part)
    return True


def _inline_marker(block: str, start: int, match: re.Match[str]) -> int | None:
    """Where an enumeration's number starts when the stop ``match`` ends one after a colon
    ("Outcomes: 1. Military talks resume."), or None: the marker belongs to no sentence."""
    if match.group() != ".":
        return None
    number = _word_before(block, match.start())
    if not (number.isdigit() and len(number) <= 2):
        return None
    at = match.start() - len(number)
    before = block[start:at].rstrip()
    return at if before.endswith((":", "：")) else None


_STOP_OR_TAG = re.compile(rf"(?P<stop>{_TERMINAL.pattern})|(?P<tag>{_BLOCK_TAG.pattern})", re.I)


def _split_block(block: str, offset: int) -> list[Segment]:
    segments: list[Segment] = []
    start = 0
    # a block without "<" holds no tag: the stops alone are scanned for, faster
    pattern = _STOP_OR_TAG if "<" in block else _TERMINAL
    for match in pattern.finditer(block):
        if pattern is _STOP_OR_TAG and match["tag"] is not None:
            if match["br"] is not None and _br_continues(block, start, match):
                continue
            segments.extend(_make(block, start, match.start(), offset))
            start = match.end()
        elif _is_boundary(block, match):
            marker = _inline_marker(block, start, match)
            segments.extend(_make(block, start, match.end() if marker is None else marker, offset))
            start = match.end()
    segments.extend(_make(block, start, len(block), offset))
    return segments


def _br_continues(block: str, start: int, match: re.Match[str]) -> bool:
    """Whether a <br> of a page's source continues the sentence, as a soft wrap does."""
    after = _LEADING.match(block, match.end(), match.end() + 200).end()
    if after < len(block) and block[after].islower():
        return True
    return bool(_CONTINUES.search(block, max(start, match.start() - 20), match.start()))


def _at_line_start(block: str, pos: int) -> bool:
    """Whether only spaces or tabs stand between ``pos`` and the start of its line in ``block``."""
    while pos > 0 and block[pos - 1] in " \t":
        pos -= 1
    return pos == 0 or block[pos - 1] in LINE_BREAK_CHARS


def _unquote(line: str) -> str:
    """``line`` without the marks that quote it in an e-mail ("> ", ">> ")."""
    stripped = line.lstrip(" \t")
    return stripped[_QUOTE_PREFIX.match(stripped).end():] if stripped[:1] == ">" else line


def _has_word(text: str) -> bool:
    """Whether ``text`` holds a letter (of any script): a piece without one
    (a bare bullet, a rule, an ellipsis, a number, a list marker) is no sentence."""
    return any(ch.isalpha() for ch in text)


def _make(block: str, start: int, end: int, offset: int) -> list[Segment]:
    # leave out the white space, invisible characters (a byte-order mark, a zero-width space) and
    # markup ("&nbsp;", "</p>") around the sentence
    s = _LEADING.match(block, start, end).end()
    if s < end and block[s] == ">" and _at_line_start(block, s):
        s = _LEADING.match(block, _QUOTE_PREFIX.match(block, s, end).end(), end).end()  # an e-mail's "> "
    if s < end and block[s].isupper() and (slug := _SLUG.match(block, s, end)):
        s = slug.end()  # a wire's slug, "UPDATE 2-"
    e = end
    while e > s:
        if block[e - 1] in _BLANKS:
            e -= 1
        elif block[e - 1] in ">;" and (tail := _TRAILING_MARKUP.search(block, max(s, e - 250), e)):
            e = tail.start()
        else:
            break
    piece = block[s:e]
    if not _has_word(piece):
        return []  # empty, or a bare bullet, rule, ellipsis or number: no words, no sentence
    return [Segment(piece, offset + s, offset + e)]


_CONTINUES = re.compile(r"(?:[,;(\[–—-]|\b(?:and|or|but|the|a|an|of|to|in|on|for|with|that|by|as|at|from))\s*$")
# Soft wraps: a line at least this long (stripped) can be one line of a hard-wrapped paragraph.
_WRAP_MIN = 45
# ... or this long, inside a paragraph whose first line was read as wrapped (text wrapped at 40 columns: a
# paragraph's first line, where a headline or a heading stands, must be as long as _WRAP_MIN).
_NARROW_WRAP_MIN = 32
# The slack of the greedy-wrapping test, in characters: at least the first, and at least the second
# times the line's length (lines of a PDF are set in a proportional font).
_WRAP_SLACK = (8.0, 0.15)
# Words that, capitalised at a line's start, open a sentence rather than continue one: the
# starters less the names and "I" and "He" (a surname: "Vice Premier" then "He Lifeng").
_OPENING_WORDS = _STARTERS - frozenset("beijing washington china chinese american xi biden trump i he".split())
# Words a title-case heading leaves in lower case.
_MINOR_WORDS = frozenset("a an and as at but by for from in into nor of on onto or over per the to up via vs with".split())
# How a single line break inside a paragraph reads (:func:`_join`): it ends the block (_BREAK); it
# is a soft wrap the text shows (_WRAPPED: before a lower-case word, after a comma or a word such as
# "the" or "urged"); or the lengths of the lines alone make it one (_FITS: before a capital, a number
# or a quote). Lines of a list without bullets, of about one length, fit as well as wrapped lines do
# ("China warns United States over arms sales to Taiwan island" above "Washington imposes new export
# controls on Chinese chip makers"), so a block joined only by _FITS breaks is read as wrapped only when
# it shows wrapping elsewhere (see _block_segments).
_BREAK, _WRAPPED, _FITS = 0, 1, 2
# Words a line can end with only inside a phrase (no headline, list item or heading ends with them,
# but a wrapped line does: "... and urged" above "Beijing to respect ...", "... directed against" above
# "China."): auxiliaries, determiners, prepositions and conjunctions that _CONTINUES leaves out, and the
# verbs of a readout that take an object. In lower case only: a title-case heading may end "With Its".
_MID_PHRASE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|shall|should|can|could|may|might|must|do|does|"
    r"did|its|their|his|her|our|your|this|these|those|such|each|every|whose|which|who|whom|about|against|"
    r"among|amid|between|into|onto|toward|towards|through|during|than|upon|within|without|across|after|"
    r"before|under|near|since|until|behind|beyond|despite|via|per|like|some|any|several|many|other|another|"
    r"including|if|because|while|whether|although|though|nor|not|also|very|said|told|urged|asked|met|"
    r"reaffirmed|expressed|stressed|underscored|noted"
    # a possessive, and the words of a name or a title that need one after them ("China's" above
    # "Foreign Ministry", "U.S. National" above "Security Advisor", "the United" above "States")
    r"|\w+['’]s|Foreign|National|Vice|Deputy|Prime|Chief|Special|Assistant|Senior|Executive|Central|"
    r"United|Chinese|American)$"
)
# A next line that opens with a quote or a bracket and then a lower-case word ("“competition, not
# confrontation”"), or with a currency sign ("$690 billion"): a phrase going on, no list item.
_PHRASE_GOES_ON = re.compile(r"[\"'“‘(\[]+[a-z]|[$€£¥]")
# Verbs that, in lower case within the first words of the next line, show a title-case first line to be
# a lead's subject of names and titles ("... and Chinese Foreign Minister Wang" above "Yi met in ..."),
# with the verbs after a name above and any word ending in "-ed".
_LEAD_VERBS = _VERBS_AFTER_NAME | _READOUT_VERBS | frozenset(("reaffirmed", "co-chaired"))


def _verb_follows(next_line: str) -> int | None:
    """Where (the index of the word) a verb in lower case follows the capitalised words (and minor
    words, "of the") that open ``next_line``, within its first ten words, or None: "Yi met", "States
    held", "Minister Wang Yi met", "Yellen of the United States held"."""
    for i, match in enumerate(_WORD.finditer(next_line)):
        word = match.group().strip(_PUNCT)
        if i == 10 or not word:
            return None
        if word[0].isupper() or word in _MINOR_WORDS:
            if match.group().rstrip(_CLOSE_QUOTES)[-1] in ",;:!?":
                return None  # a comma after a name ends the subject ("Yi, who ...")
            continue
        return i if word in _LEAD_VERBS or (word.endswith("ed") and word.isalpha()) else None
    return None


def _title_case(line: str) -> bool:
    """Whether every word of ``line`` but the minor ones ("of", "the") opens with a capital, and two
    or more do."""
    capitals = 0
    for word in line.split():
        word = word.strip(_PUNCT)
        if not word[:1].isalpha() or word.lower() in _MINOR_WORDS:
            continue
        if not word[0].isupper():
            return False
        capitals += 1
    return capitals >= 2


def _is_heading(line: str, next_line: str, first: bool) -> bool:
    """Whether ``line`` reads as a heading rather than as a wrapped line of a paragraph: it ends
    in a colon, is in capitals when the next line is not, or opens its paragraph (``first``) in
    title case ("Readout of Secretary Blinken's Call with PRC Director Wang Yi") and is no lead's
    subject of names and titles that the next line goes on with (:func:`_lead_goes_on`). Inside a
    paragraph, or after a dateline, a line in title case is one of names ("BEIJING, March 7
    (Xinhua) -- Chinese State Councilor and Foreign" before "Minister Wang Yi said ...")."""
    if line.endswith((":", "：")):
        return True
    if line.upper() == line and next_line.upper() != next_line:
        return True
    if not first or opening_dateline(line):
        return False
    return _title_case(line) and not _lead_goes_on(line, next_line)


# Words that open a subject of their own, a title or a country's adjective ("Secretary Blinken spoke ...",
# "Chinese President Xi Jinping held ..."): a title-case line above them is a heading, such as a readout's
# title above its first sentence, even when a verb follows them.
_SUBJECT_OPENERS = TITLES_AFTER_INITIALISM | frozenset(
    """minister premier director chairman chairwoman councilor counselor spokesperson spokesman spokeswoman
    general admiral under assistant senior chief foreign chinese american u.s us prc""".split()
)
# The first words of a two-word title, which a lead's line can end with ("and U.S. Defense" above
# "Secretary Lloyd Austin spoke ..."), besides those of _MID_PHRASE.
_TITLE_FIRST_WORDS = re.compile(r"\b(?:Defense|Defence|Commerce|Treasury|Trade|Presidential)$")
# Words of a title or a headline that a lead's subject of names and titles does not hold ("Readout of ...",
# "Xi Jinping Holds Talks with ...", "Statement from ...").
_HEADLINE_WORDS = frozenset(
    """readout readouts statement remarks call calls meeting meetings meets holds talks speaks says agree
    agrees visit visits trip travels phone telephone conversation outcomes press briefing summit dialogue
    round restart resume resumes urges warns vows hosts discuss discusses discussion exchange exchanges
    welcomes announces opposes rejects pledges transcript interview update testimony hearing""".split()
)
# The persons among the names of _PLACES ("Xi", "Biden", "Trump"), which _NAME_STARTERS holds with places.
_PERSONS = frozenset("xi biden trump".split())


def _lead_goes_on(line: str, next_line: str) -> bool:
    """Whether a title-case first ``line`` is the subject of a lead sentence, names and titles,
    that ``next_line`` goes on with: the line ends inside a phrase ("... and Chinese Foreign" above
    "Minister Wang Yi met ...", "... and U.S." above "National Security Advisor ..."), or the next
    line goes on with the rest of a name and a verb ("Yi met ...", "States held ..."), not with a
    subject of its own ("Secretary Blinken spoke ...", "Chinese President Xi Jinping held ...")."""
    words = {_name_word(word) for word in line.split()}
    if not words.isdisjoint(_HEADLINE_WORDS) or any(mark in line for mark in ":?!"):
        return False  # a title or a headline ("From Inauguration to Joint Sword: The Week Across the Strait")
    end = line.rstrip()
    if _MID_PHRASE.search(end, max(0, len(end) - 12)) or _TITLE_FIRST_WORDS.search(end, max(0, len(end) - 13)):
        return True
    if _final_stop(end):
        return True  # a stop that ends no sentence ("and U.S." above "National Security Advisor")
    next_words = next_line.split(None, 12)
    if _name_word(next_words[0]) in _SUBJECT_OPENERS:
        return False  # a subject of its own
    verb = _verb_follows(next_line)
    if verb is None:
        return False
    # a person the line named, named again around the verb ("... Tells Blinken to Stop Arming Taiwan"
    # above "Wang Yi told Antony Blinken ..."): a heading, then its paragraph
    names = words - _MINOR_WORDS - _SUBJECT_OPENERS - (_PLACES - _PERSONS)
    return not any(word[:1].isupper() and _name_word(word) in names for word in next_words[:verb + 3])


def _name_word(word: str) -> str:
    """``word`` in lower case without its punctuation and possessive ("Blinken's" -> "blinken")."""
    word = word.strip(_PUNCT).lower()
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _final_stop(line: str) -> re.Match[str] | None:
    """The stop ``line`` ends with (closing quotes included), or None."""
    return _FINAL_STOP.search(line, max(0, len(line) - 40)) if line[-1:] in _STOP_ENDS else None


def _soft_wrap(line: str, next_line: str, after: str = "", first: bool = False) -> bool:
    """Whether a line break before a capital, a number or a quote is a hard wrap of one paragraph.

    ``line`` must end no sentence (its final stop, if any, is no boundary when the next line
    follows it on the same line: "on Jan.\\n5", "China-U.S.\\nJoint"), be as long as a wrapped line
    (``_WRAP_MIN``), be no heading (a colon at its end, capitals, title case) and be followed by no
    dateline and no word that opens a sentence ("The", "Both"). And the lines must fit greedy
    wrapping at one width W, which puts on a line every word that fits: every line is at most W,
    and every line but a paragraph's last has ``len(line) + 1 + len(next line's first word) > W``.
    So with ``after``, the line after the next one (when the next line ends no sentence, it is
    the same paragraph's)::

        max(len(line), len(next_line), len(after)) < slack + min(
            len(line) + 1 + len(first word of next_line),
            len(next_line) + 1 + len(first word of after))

    A headline shorter than the wrapped lines after it, or longer than them, breaks this and
    stays apart. The slack (``_WRAP_SLACK``) allows for a PDF's proportional font, except on a
    paragraph's ``first`` line, where a headline stands: it must fit exactly.
    """
    line = line.strip()
    if len(line) < (_WRAP_MIN if first else _NARROW_WRAP_MIN):
        return False  # a short line: a headline, a label, a line of its own
    if line.endswith(")") and line[:line.rfind("(")].rstrip()[-1:] in ".!?”\"":
        return False  # a credit or an aside after the sentence's stop ends the line: "... 2024. (Xinhua/Xie E)"
    stop = _final_stop(line)
    if stop is not None and _is_boundary(f"{line} {next_line}", stop):
        return False  # the line ends a sentence ("... by the U.S.\nRussia condemned" too)
    if next_line.split(None, 1)[0].rstrip(",;:").lower() in _OPENING_WORDS:
        return False  # "The", "Both", "In": a new sentence (in a quote, "“all parties”", a phrase)
    next_line = next_line.rstrip()
    widest = max(len(line), len(next_line))  # the width W is at least this ...
    width_below = len(line) + 1 + len(next_line.split(None, 1)[0])  # ... and less than this
    after = after.strip()
    if after and _has_word(after) and not _BULLET.match(after):
        widest = max(widest, len(after))
        if _final_stop(next_line) is None:  # the next line ends no sentence: the paragraph goes on
            width_below = min(width_below, len(next_line) + 1 + len(after.split(None, 1)[0]))
    slack = 0.0 if first else max(_WRAP_SLACK[0], _WRAP_SLACK[1] * len(line))
    if widest >= width_below + slack:
        return False
    return not (_is_heading(line, next_line, first) or opening_dateline(next_line))


def _join(line: str, next_line: str, after: str = "", first: bool = False) -> int:
    """How a single line break inside a paragraph reads: _BREAK, _WRAPPED or _FITS (``after`` is
    the line after ``next_line``, "" if none; ``first``: ``line`` opens its paragraph)."""
    if next_line.lstrip(" \t")[:1] == ">":
        # lines of a quoted e-mail read as the lines they quote
        line, next_line, after = _unquote(line), _unquote(next_line), _unquote(after)
    if not line.strip() or not next_line.strip():
        return _BREAK
    if _BULLET.match(next_line):
        return _BREAK
    nxt = next_line.lstrip()
    if nxt[0].islower():
        return _WRAPPED
    end = line.rstrip()
    if _CONTINUES.search(end, max(0, len(end) - 8)):
        # but a headline ending in "on" or "to" above a dateline stays apart ("... both sign on" above
        # "WASHINGTON/BEIJING, April 16 -- ..."; "... and" above "U.S. BEIJING, ..." goes on)
        first_word = nxt.split(None, 1)[0]
        return _BREAK if "." not in first_word and opening_dateline(nxt) else _WRAPPED
    if _DAY_OPENS.match(nxt) and _ends_in_month(end) and _may_wrap(end, after or None):
        return _WRAPPED  # a day after its month: "... spoke on March" above "12 and agreed ...", as "12." is
    if len(end.lstrip()) < _WRAP_MIN and _MID_PHRASE.search(end, max(0, len(end) - 12)) and not _is_heading(
            end.strip(), nxt, first):
        return _WRAPPED  # a short line (text wrapped at 40 columns) that ends inside a phrase: "... concerns about"
    if not _soft_wrap(line, nxt, after, first):
        return _BREAK
    if _MID_PHRASE.search(end, max(0, len(end) - 12)) or _PHRASE_GOES_ON.match(nxt) or _final_stop(end):
        return _WRAPPED  # (a final stop _soft_wrap let through ends no sentence: "on Jan." before "5")
    if first and _title_case(end):
        return _WRAPPED  # a lead's subject of names and titles, which _soft_wrap read as no heading
    return _FITS


# The months, whose day a wrap can put at the next line's start ("on March" above "15. The two sides ...").
_MONTH_NAMES = _MONTHS | frozenset("january february march april may june july august september october november "
                                   "december".split())
# A day that opens a line with no list's stop after it, and the sentence going on after it: a comma or a
# lower-case word ("12 and agreed ...", "12, 2024, and ...", "3rd to ..."), not a capital, which opens the item
# of a list of dates ("12 Talks on Taiwan"). A day with a stop ("15. The two sides") opens like a list's item:
# _wrapped_marker reads it.
_DAY_OPENS = re.compile(r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?=,|[ \t]+[a-z])")


def _may_wrap(line: str, following: str | None) -> bool:
    """The guards of a hard wrap whose next line opens as a list's item or a number would: ``line`` (stripped)
    is as long as a wrapped line, ends no sentence and in no colon, and the line after, ``following``, opens
    with no list marker (the lines of a list do)."""
    if len(line) < _WRAP_MIN or line.endswith((":", "：")) or _final_stop(line) is not None:
        return False
    return following is None or not _BULLET.match(following)


def _ends_in_month(line: str) -> bool:
    """Whether ``line`` (stripped) ends in a month's name ("on March", "on Jan.")."""
    return line.rsplit(None, 1)[-1].rstrip(".,").lower() in _MONTH_NAMES


def _wrapped_marker(line: str, content: str, marker: re.Match[str], following: str | None) -> bool:
    """Whether ``content``, a line that opens like a list's item (``marker``), is a hard wrap's next line
    of ``line``: a spaced dash before a lower-case word ("... as candid and constructive" above "— a
    phrase both sides ..."), a day after a month ("... talks on March" or "on Jan." above "15. The two
    sides ...") or "I." ("... in World War" above "I. The ..."): the guards of :func:`_may_wrap` hold for
    ``line`` (less a month's stop) and the line after, ``following``. Or "v." after a line that ends in a
    name ("The WTO panel in United States" above "v. China found ..."), a case's name."""
    line = line.strip()
    mark = content[:marker.end()].strip()
    if mark == "I.":
        return _may_wrap(line, following)  # "... in World War" above "I. The conflict ...": no list's number
    if mark == "v." and not _final_stop(line) and len(line.split()) > 2 and line.split()[-1][:1].isupper():
        return True  # "... in United States" above "v. China ...": a case's name, no list's item
    if mark[:-1].isdigit() and int(mark[:-1]) <= 31 and _ends_in_month(line):
        # the month's own stop ("on Jan." above "15. Wang ...") ends no sentence
        return _may_wrap(line[:-1] if line.endswith(".") else line, following)
    if not _may_wrap(line, following):
        return False
    if mark in ("-", "–", "—"):
        return content[marker.end():marker.end() + 1].islower()
    return False


# Verbs in their plain form that open the items of a list of commitments ("Restore military-to-military
# communication channels", "Launch a working group on ..."): capitalised, no sentence goes on with one.
_ITEM_VERBS = frozenset(
    """restore resume launch establish expand strengthen promote hold continue enhance maintain support deepen
    facilitate ensure increase reduce advance address implement create build develop reopen extend set deliver
    encourage keep open tackle combat stop end improve boost lift ease allow provide reaffirm explore pursue
    convene designate conduct commit work""".split())


def _apart(first: str, second: str) -> bool:
    """Whether two lines that lengths alone join, the second ending in a stop, are rather two: the items of
    a list without bullets, each opening with a verb in its plain form ("Restore military channels" above
    "Launch a working group on fentanyl."), or a headline above a one-line paragraph that opens with a
    subject of its own ("Xi warns Biden over Taiwan in first call of the year" above "President Xi Jinping
    told Biden ..."): the headline opens with no word that opens a clause ("During", "The"), holds no comma
    and ends in a word in lower case, not inside a name."""
    head, lead = first.split(None, 1)[0], second.split(None, 1)[0]
    if _title_case(first):
        return False
    if head[:1].isupper() and head.lower() in _ITEM_VERBS and lead[:1].isupper() and lead.lower() in _ITEM_VERBS:
        return True
    last = first.split()[-1]
    if head.lower() in _STARTERS - _NAME_STARTERS or not last.isalpha() or not last.islower() or "," in first:
        return False  # (a comma: a clause of a sentence wrapped onto two lines, "..., and tonight")
    return _name_word(lead) in _SUBJECT_OPENERS and _verb_follows(second) is not None


def _block_segments(text: str, start: int, end: int, fits: list[tuple[int, int]], shown: bool) -> list[Segment]:
    """The sentences of the block ``text[start:end]``, whose line breaks ``fits`` (each the end of a
    line and the start of the next one) were joined by the lengths of the lines alone (_FITS).

    The block is read as a wrapped paragraph when it shows wrapping somewhere: a break of it that
    is _WRAPPED (``shown``), a sentence that ends inside a line and not at its end (prose runs
    across lines; a headline or a list item is one line), or, in a block of two lines, a final
    stop at the end of the second (one sentence wrapped onto two lines: the lines of a list carry
    no stop, or each its own). Otherwise it is a list of lines without bullets, and each line is a
    block of its own.
    """
    segments = _split_block(text[start:end], start)
    if not fits or shown:
        return segments
    if len(fits) == 1 and _final_stop(text[fits[0][1]:end].rstrip()) and not _apart(
            text[start:fits[0][0]].strip(), text[fits[0][1]:end].strip()):
        return segments  # two lines, one sentence
    for before, after in zip(segments, segments[1:]):
        if not any(ch in LINE_BREAK_CHARS for ch in text[before.end:after.start]):
            return segments  # a sentence ends inside a line
    segments = []
    for line_end, next_start in fits:
        segments.extend(_split_block(text[start:line_end], start))
        start = next_start
    segments.extend(_split_block(text[start:end], start))
    return segments


# A line break. A page break of pdftotext ("\n\f"), a CRLF written again in text mode on Windows
# ("\r\r\n") and the like are one break, not a blank line between two (a paragraph's end).
# (The same as "(?:\r?\r\n|\n)\f?|\f(?:\r?\n)?|[\r\v...]", written to open with one character class, as
# _TERMINAL is, for speed.)
_LINE_BREAK = re.compile(f"[{LINE_BREAK_CHARS}](?:(?<=\n)\f?|(?<=\r)(?:\r?\n\f?)?|(?<=\f)(?:\r?\n)?|)")
# A page's footer that names its number ("Page 2 of 5", "- Page 2 -", "p. 2"): at a form feed it is part
# of the page break, as a footer with no letter ("- 2 -", "2") is.
_PAGE_NUMBER = re.compile(r"\W*(?:page|p\.|pg\.?)[ \t]*\d{1,4}(?:[ \t]*(?:of|/)[ \t]*\d{1,4})?\W*", re.I)


# A page's number with no letter, as a PDF's copy puts it on a line of its own: "12", "- 12 -", "[12]".
_BARE_PAGE_NUMBER = re.compile(r"[ \t]*[-–—(\[]?[ \t]*\d{1,4}[ \t]*[-–—)\]]?[ \t]*")


def _page_number_between(line: str, content: str, next_line: str, first: bool) -> bool:
    """Whether ``content``, a line with no words, is a page's number between ``line``, a line as long as a
    wrapped one that ends no sentence, and ``next_line``, which goes on with it as a wrap shows (a word in
    lower case, or ``line`` ending inside a phrase): the sentence runs across the page."""
    stripped = line.strip()
    if not _BARE_PAGE_NUMBER.fullmatch(content) or len(stripped) < _WRAP_MIN or _final_stop(stripped):
        return False
    return bool(next_line.strip()) and _join(line, next_line, "", first) == _WRAPPED


def _blank_page_break(line: str | None) -> bool:
    """Whether ``line`` holds no words and a form feed (the page break after a footer)."""
    return line is not None and "\f" in line and not _has_word(line)


def iter_lines(text: str) -> Iterator[str]:
    """``text.splitlines(keepends=True)``, one line at a time (no list of a million lines), but
    with "\\n\\f", "\\f\\n" and "\\r\\r\\n" read as one line break."""
    pos = 0
    for match in _LINE_BREAK.finditer(text):
        yield text[pos:match.end()]
        pos = match.end()
    if pos < len(text):
        yield text[pos:]


def _with_next(lines: Iterator[str]) -> Iterator[tuple[str, str | None]]:
    """Each line with the line after it (None after the last): a soft wrap is read on three lines."""
    line = next(lines, None)
    for following in lines:
        yield line, following  # type: ignore[misc]
        line = following
    if line is not None:
        yield line, None


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
        segment's text, which is stripped of surrounding white space, invisible
        characters (a byte-order mark, a zero-width space), markup of a page's
        source ("&nbsp;", "</p>"), a leading list marker (a bullet, Word's
        "\\uf0b7", or an enumeration such as "(a)", "b." or "IV."), an
        e-mail's quote marks at a line's start ("> ") and a wire's slug
        ("UPDATE 2-", "EXCLUSIVE-"). Empty input gives an empty list.

    Notes
    -----
    A line break continues the sentence before a lower-case word, after a
    comma or a word such as "the" or "to", and where the text is
    hard-wrapped: the line is at least 45 characters long, ends no sentence,
    is no heading (a colon at its end, capitals, or title case, except a
    lead's line of names and titles that the next line goes on with, as
    "... and Chinese Foreign Minister Wang" above "Yi met ..."), and it and
    the lines around it have the lengths of text wrapped at one width. Such a
    break before a capital, a number or a quote is read as a wrap only in a
    run of lines that shows wrapping somewhere: a break before a lower-case
    word or after a word that ends no phrase ("the", "urged", "Foreign",
    "China's"), a sentence that ends inside a line, or, in a run of two
    lines, a final stop at the end of the second. So the lines of a list
    without bullets stay apart, however alike their lengths (but two lines,
    the second ending in a stop, read as one sentence), and a sentence of
    three or more lines whose breaks all fall before capitals after other
    words ("succeeded" above "John Kerry"), in a run of its own, splits.
    Lines quoted in an e-mail ("> ") read as the lines they quote. A dash
    before a lower-case word, or a day after a month ("on March" above
    "15. The ..."), at the start of a line after a wrapped one is no list
    marker, unless the line after it opens with a marker too; so is "v."
    after a name ("United States" above "v. China ..."), and "I." after a
    wrapped line ("World War" above "I. The ..."), where elsewhere "I."
    numbers a list as "II." does. A paragraph's first line shorter than 45
    characters keeps its break unless it ends inside a phrase ("about",
    "urged"); inside a paragraph read as wrapped, a line of 32 characters
    or more (text wrapped at 40 columns) can be a wrapped one. A headline
    with no final stop as long as the wrapped lines after it, or above a
    one-line paragraph no longer than it, and not followed by a dateline or
    a word such as "The", can read as the first line of its paragraph, but
    not above a one-line paragraph that opens with a subject of its own and
    a verb ("President Xi Jinping told ..."), and two lines that each open
    with a verb in its plain form ("Restore ...", "Launch ...") are two
    items: a blank line after a headline keeps it apart always. At a form
    feed (a PDF's page break), blank lines and a footer with no letter or
    "Page 2 of 5" are part of the page break: a sentence that runs across
    the page stays whole, and its span, one slice of ``text``, then holds the
    footer. So is a page's bare number ("12", "- 12 -") on a line between a
    wrapped line and one that goes on with it in lower case, as a PDF copied
    without its form feeds gives it.

    After an initialism ("U.S.", "U.N."), a month ("Jan.") or "Ltd.", a
    capitalised word opens a new sentence when it cannot go on with a name:
    a word such as "The" or "He", a place and a verb ("Japan said"), a
    person the actor lexicon names and a verb or a comma ("Mao Ning said",
    "Liu Pengyu, ..."), unless a post "to" the country stands before the
    initialism ("Ambassador to the U.S. Xie Feng said"), a possessive of a
    place or a person ("China's"), a courtesy title ("Mr."), a speaker's
    label ("Q:"), a dateline, or the same initialism again; a title or a
    body ("U.S. Secretary", "U.S. Diplomats said") continues the name.

    Examples
    --------
    >>> [s.text for s in segment("The U.S. side raised Taiwan. Gen. Li replied.")]
    ['The U.S. side raised Taiwan.', 'Gen. Li replied.']
    >>> segment("Notable\\n• Talks resume in May.")[1]
    Segment(text='Talks resume in May.', start=10, end=30)
    >>> [s.text for s in segment("Blinken raised concerns about China's support for Russia and urged\\n"
    ...                          "Beijing to respect freedom of navigation. Wang replied.")]
    ["Blinken raised concerns about China's support for Russia and urged\\nBeijing to respect freedom of navigation.", 'Wang replied.']
    >>> [s.text for s in segment("Beijing protests new American curbs on sales of advanced chips\\n"
    ...                          "Washington and Beijing set up a working group on fentanyl trade")]
    ['Beijing protests new American curbs on sales of advanced chips', 'Washington and Beijing set up a working group on fentanyl trade']
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
    prev_start = 0  # where the previous line of text starts
    fits: list[tuple[int, int]] = []  # the block's breaks joined by the line lengths alone (_FITS)
    shown = False  # whether a break of the block shows wrapping (_WRAPPED)
    skipped = False  # whether lines with no words (blank lines, rules, a page's footer) came after it
    page_break = False  # whether a form feed came after it
    bulleted = False  # whether a list's marker opened the block
    for line, following in _with_next(iter_lines(text)):
        content = line.rstrip(LINE_BREAK_CHARS)
        bullet = _BULLET.match(content)
        # a dash or a day that a wrap put at a line's start ("constructive" above "— a phrase ...") is no
        # list's marker: the line goes on with the paragraph
        wrapped = bool(bullet and block_end > block_start and not skipped and not bulleted and _wrapped_marker(
            text[max(block_start, prev_start):block_end], content, bullet,
            following.rstrip(LINE_BREAK_CHARS) if following else None))
        if bullet and not wrapped and _has_word(content[bullet.end():]):
            # a bullet starts a new block; the marker is not part of the text (a marker before no
            # word, such as a page's footer "- 2 -", is a line with no words)
            yield from _block_segments(text, block_start, block_end, fits, shown)
            fits, shown, skipped = [], False, False
            block_start = pos + bullet.end()
            bulleted = True
        elif not _has_word(content) or ((page_break or "\f" in line or _blank_page_break(following))
                                        and _PAGE_NUMBER.fullmatch(content.strip())):
            # a line with no words (a blank line, a bare "-", a rule, "...", a page number), or a
            # "Page 2 of 5" footer at a page break: what it is depends on what stands around it
            # a page's number alone on a line, between a wrapped line and the line that goes on with it, is a
            # page break whose form feed the copy lost ("... and agreed that" / "12" / "officials would ...")
            page_break = page_break or "\f" in line or (
                not skipped and block_end > block_start and following is not None
                and _page_number_between(text[max(block_start, prev_start):block_end], content,
                                         following.rstrip(LINE_BREAK_CHARS), block_start == prev_start))
            skipped = True
            pos += len(line)
            continue
        else:
            if skipped and not (page_break and block_end > block_start):
                # a blank line, or lines with no words, end the block; at a form feed (a PDF's page
                # break, with its footer) they do not, and the line breaks on both sides read as one
                yield from _block_segments(text, block_start, block_end, fits, shown)
                fits, shown, bulleted = [], False, False
                block_start = pos
            if block_end > block_start:
                # a line break that is no soft wrap ends the block (the line after this one tells a
                # wrapped paragraph from a headline, so lines are read one ahead)
                kind = _WRAPPED if wrapped else _join(
                    text[max(block_start, prev_start):block_end], content,
                    following.rstrip(LINE_BREAK_CHARS) if following else "", block_start == prev_start)
                if kind == _BREAK:
                    yield from _block_segments(text, block_start, block_end, fits, shown)
                    fits, shown, bulleted = [], False, False
                    block_start = pos
                elif kind == _FITS:
                    fits.append((block_end, pos))
                else:
                    shown = True
            skipped = False
        block_end = pos + len(content)
        prev_start = pos
        page_break = "\f" in line  # (in its line break: the text holds none)
        pos += len(line)
    yield from _block_segments(text, block_start, block_end, fits, shown)
