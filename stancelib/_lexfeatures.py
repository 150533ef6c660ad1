"""The cue-word and actor features, computed for a whole batch with numpy.

This module imports no scikit-learn: the fitted model's fast inference path
(:mod:`stancelib.compiled`) computes these features with the same code as the
scikit-learn transformers of :mod:`stancelib.features`, which subclass the
classes here.

A batch is tokenised, each distinct token gets an id and, once, its data
(:class:`LexiconTokens`): its one-word lexicon matches and whether a phrase
may start at it. Only those few positions go through the phrase matcher in
Python; everything else — matches, negation, quotation, which actor governs
a verb — is array arithmetic over the batch (:class:`Analysis`). The features
are defined sentence by sentence in ``tests/lexicon_reference.py``, and a
test checks that both agree.
"""

from __future__ import annotations

import re
import threading
import weakref
from functools import cached_property
from typing import Any, Sequence

import numpy as np

from .lexicon import PhraseMatcher, count_tokens, joined_to_previous, matcher_for, tokenize, tokenize_batch
from .schema import GOVERNMENT_SIDES, THIRD_PARTY_SIDES

__all__ = ["CueLogic", "ActorLogic", "LexiconLogic", "CHUNK", "Analysis", "LexiconTokens", "TokenTable",
           "compute_blocks", "logic_from_spec", "FEATURE_REVISION", "OFFICE_NOUNS", "OFFICE_REACH", "SPEAKER_GROUP_NOUNS",
           "SPEAKER_PREPOSITIONS", "INSTITUTION_WORDS", "LEGISLATURE_WORDS", "UNNAMED_ACTORS", "ARTICLES",
           "SURNAME_PRONOUNS", "opens_with_surname_name"]

#: What the cue and actor features compute for a given text and lexicon. A fitted model carries its lexicon
#: inside it, but not this code: bump the revision whenever a change here alters the features of any text, so
#: that loading a model trained under another revision warns (:class:`stancelib.persist.ModelFeatureWarning`).
#: The same holds for :func:`stancelib.lexicon.normalize_text`, which every block reads in a model trained with
#: ``normalize=True``. 1: models that record no revision (trained before it was recorded); 2: an actor before
#: "'s" followed by an office noun ("China's foreign ministry said") is the agent, not an owner (issue 12,
#: thirteenth round); 3: normalize_text drops a courtesy title before a name (issue 12, twenty-second round);
#: 4: normalize_text names a president by surname alone (issue 12, twenty-third round); 5: normalize_text reads a
#: line break as a space and joins a word hyphenated across one (issue 12, thirty-first round); 6: a Chinese name
#: whose surname is a pronoun ("He Lifeng said ...") opens no sentence with a pronoun (review r34, finding H2);
#: 7: a lexicon word with "'s" is split as text is, so such entries match ("people's liberation army"); an
#: office named right after another side's actor is that actor's ("Tokyo's foreign ministry", "the Philippine
#: National Security Council", "China's parliament"); the search for an owner's office stops at an article;
#: consul, committee, statement and response are office nouns (issue 12, thirty-sixth round,
#: docs/probe-side-errors.md).
FEATURE_REVISION = 7

_OBLIQUE = frozenset("for to with on against about over from of in at toward towards into between than".split())
_CUE_LISTS = ("negation", "modality", "hedge", "speech_verbs")
#: Texts go through the feature blocks a chunk at a time (bounded memory).
CHUNK = 2048
# token flags
(_POSSESSIVE, _OBLIQUE_FLAG, _THEY, _ACCORDING, _TO, _SECOND, _SPEAKER_PREPOSITION, _SPEAKER_GROUP,
 _OFFICE, _INSTITUTION, _ARTICLE, _UNNAMED, _LEGISLATURE) = 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096
#: Plural or role nouns for people who speak for a government: "officials in Beijing said" makes Beijing the
#: speaker, though "in" stands before it (SPEAKER_GROUP_NOUNS + one of SPEAKER_PREPOSITIONS + actor).
SPEAKER_GROUP_NOUNS = frozenset(
    "officials diplomats authorities negotiators envoys lawmakers legislators leaders policymakers regulators "
    "ministers spokesperson spokesman spokeswoman spokespeople".split())
#: Offices and the people or bodies who speak for a government: the owner of
#: one acts through it ("China's commerce ministry said", "Beijing's top
#: diplomat urged"), so an actor before "'s" and one of these is an agent, not
#: an owner (OFFICE_REACH).
OFFICE_NOUNS = SPEAKER_GROUP_NOUNS | frozenset(
    "official ministry ministries minister embassy embassies consulate mission president premier leader "
    "government diplomat envoy ambassador negotiator delegation regulator military army navy guard "
    "consul committee statement response".split())
#: The prepositions after which a speaker group's actor still speaks ("officials in Beijing").
SPEAKER_PREPOSITIONS = frozenset({"in", "from"})
#: Words for a legislature that the lexicon gives third parties: after a government's name they are its own
#: ("China's parliament", "Chinese parliamentary leaders"; guide Clarification 66).
LEGISLATURE_WORDS = frozenset("parliament parliaments parliamentary legislature assembly".split())
#: The last words of the lexicon's office and institution names. Such a name right after an actor of another
#: side, or after its "'s", with only white space between, is that actor's office, not the side the name has
#: alone: "Tokyo's foreign ministry", "the Philippine National Security Council", "Australian senators". A
#: government's office can have any owner; a third party's name only a legislature (LEGISLATURE_WORDS), so that
#: "the U.S.-China Business Council" stays a business group. Neither may be joint, the owner may not be an
#: unnamed party (UNNAMED_ACTORS) and the office may not open with an article: "... by Japan, the ministry said"
#: is two actors.
INSTITUTION_WORDS = OFFICE_NOUNS | LEGISLATURE_WORDS | frozenset(
    "council senator senators senate congress treasury department cabinet nsc mfa mofcom".split())
#: Actor entries that name no party ("some senators", "many officials"): they own no office.
UNNAMED_ACTORS = frozenset({"some", "many", "other", "others"})
#: Articles: an office named after one belongs to no owner before it, and an owner's office ("China's foreign
#: ministry") is not searched past one ("Beijing's coercion, the statement said").
ARTICLES = frozenset({"the", "a", "an"})
#: The sides whose actors own offices: each government and third parties, not both acting together.
OWNING_SIDES = GOVERNMENT_SIDES + THIRD_PARTY_SIDES
#: An office noun makes the owner an agent when it stands 1 to OFFICE_REACH
#: tokens after the "'s", with no preposition between ("China's foreign
#: ministry spokesperson" but not "China's support for officials").
OFFICE_REACH = 3
#: The words with flags, and their flags (besides _SECOND, which depends on the lexicon)
_WORD_FLAGS: dict[str, int] = {}
for _words, _flag in ((_OBLIQUE, _OBLIQUE_FLAG), (["'s"], _POSSESSIVE), (["they"], _THEY),
                      (["according"], _ACCORDING), (["to"], _TO), (SPEAKER_PREPOSITIONS, _SPEAKER_PREPOSITION),
                      (SPEAKER_GROUP_NOUNS, _SPEAKER_GROUP), (OFFICE_NOUNS, _OFFICE),
                      (INSTITUTION_WORDS, _INSTITUTION), (ARTICLES, _ARTICLE), (UNNAMED_ACTORS, _UNNAMED),
                      (LEGISLATURE_WORDS, _LEGISLATURE)):
    for _w in _words:
        _WORD_FLAGS[_w] = _WORD_FLAGS.get(_w, 0) | _flag

# ---- the rules of the cue and actor features, and their numbers -------------------------------
# (``tests/lexicon_reference.py`` states the same rules sentence by sentence)

#: A cue is negated when a negation word stands 1 to NEGATION_REACH tokens before it.
NEGATION_REACH = 3

#: What a lexicon category is, for the actor rules (the ``kind`` of a match).
KIND_OTHER, KIND_ACTOR, KIND_SPEECH_VERB, KIND_STANCE, KIND_PRONOUN_START, KIND_ISSUE = range(6)

#: The sentence's subject, when no reporting verb has a governing agent: its
#: first agent, if that starts at token SUBJECT_FALLBACK_MAX_START or earlier
#: (it opens the sentence, after at most a short title or article).
SUBJECT_FALLBACK_MAX_START = 2

#: Tokens from the subject to its reporting verb are capped at SUBJECT_DISTANCE_CAP
#: and divided by it, so the ``actor:subject:distance`` feature lies in [0, 1].
SUBJECT_DISTANCE_CAP = 10

#: A reporting verb is sentence-final ("..., Wang said.") when it starts at or
#: after this share of the sentence's tokens.
ATTRIBUTION_FINAL_SHARE = 0.6

#: The attributed agent of a sentence-final reporting verb starts at most
#: ATTRIBUTION_REACH tokens after it ("..., said the Chinese side"), or else
#: ends at most that many tokens before it ("..., the Chinese side said").
ATTRIBUTION_REACH = 3

#: "according to" X: the first actor that starts ACCORDING_TO_FIRST to
#: ACCORDING_TO_LAST tokens after "according" ("according to [the] Chinese side").
ACCORDING_TO_FIRST, ACCORDING_TO_LAST = 2, 5

#: Pronoun starts that are also Chinese surnames: "He Lifeng said ..." opens with
#: China's Vice Premier, not with "he". Of the lexicon's one-word pronoun starts
#: (he, she, it, his, her, its) only "he" (何) is a surname of the officials a
#: readout names; its other Chinese surnames (Ma, Hu, Gao, Lu, ...) are no pronoun
#: start, so the pronoun rule never sees them.
SURNAME_PRONOUNS = frozenset({"he"})

#: One syllable of Hanyu Pinyin without tones (approximately: every initial with
#: every final). A given name is one or two of them ("Lifeng", "Yadong", "Yi").
_PINYIN_SYLLABLE = (r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|iao|ian|uai|uan|ai|ei|ao|ou|an|en|in|un"
                    r"|ia|ie|iu|ua|uo|ui|ue|a|o|e|i|u)|er)")
_GIVEN_NAME = re.compile(rf"(?:{_PINYIN_SYLLABLE}){{1,2}}")
#: English words that read as pinyin and may follow a capitalised "He" in a
#: title-case heading ("He Can ...", "He Made Clear ..."): no given name.
_PINYIN_LOOKALIKES = frozenset("can came ran made later long change men ten lie die sue hang sang gang bang "
                               "been seen then ban pan fan tie".split())
#: The text's first word, capitalised, and the capitalised word after it.
_OPENING_PAIR = re.compile(r"[^A-Za-z0-9]*([A-Z][a-z]*)\s+([A-Z][a-z]+)(?![A-Za-z0-9])")


def opens_with_surname_name(text: str) -> bool:
    """Whether ``text`` opens with a pronoun that is a Chinese surname followed by a given name.

    "He Lifeng said ..." or "He Weidong, the vice chairman, ..." (a
    :data:`SURNAME_PRONOUNS` word written ``He``, then a capitalised word of
    one or two pinyin syllables that is no English look-alike) names a person;
    "He said ...", "He added that ...", "HE WARNS ..." and a title-case "He
    Made Clear ..." open with the pronoun.

    Parameters
    ----------
    text : str
        One sentence, as the model reads it.

    Returns
    -------
    bool
        True when the opening "He" is a surname, so the sentence does not open with a pronoun.

    Examples
    --------
    >>> [opens_with_surname_name(t) for t in ("He Lifeng said.", "He said.", "He Also Urged Calm.", "HE YADONG SAID.")]
    [True, False, False, False]
    """
    m = _OPENING_PAIR.match(text)
    if m is None or m.group(1).lower() not in SURNAME_PRONOUNS:
        return False
    given = m.group(2).lower()
    return given not in _PINYIN_LOOKALIKES and _GIVEN_NAME.fullmatch(given) is not None


#: Matches are found by binary search over keys ``text * stride + position``;
#: the stride is the longest text plus this margin, so no looked-up position
#: (at most a text's length) reaches into the next text's keys.
_KEY_MARGIN = 16


def _all_groups(lex: dict[str, Any]) -> dict[str, dict[str, Sequence[str]]]:
    """Every lexicon group a transformer reads, for one shared matcher."""
    return {
        "stance": lex["stance"],
        "issue": lex["issue"],
        "actor": lex["actor"],
        "cue": {name: lex[name] for name in _CUE_LISTS},
        "start": {"pronoun": lex["pronoun_starts"]},
    }


class _Growing:
    """A 2-d array that grows by whole rows, with amortised doubling."""

    def __init__(self, width: int, dtype: Any, fill: float = 0):
        self.width, self.dtype, self.fill = width, dtype, fill
        self.reset()

    def reset(self) -> None:
        self.data = np.full((1024, self.width), self.fill, dtype=self.dtype)
        self.n = 0

    def extend(self, rows: np.ndarray) -> None:
        k = len(rows)
        if self.n + k > len(self.data):
            bigger = np.full((max(2 * len(self.data), self.n + k), self.width), self.fill, dtype=self.dtype)
            bigger[:self.n] = self.data[:self.n]
            self.data = bigger
        self.data[self.n:self.n + k] = np.asarray(rows).reshape(k, self.width)
        self.n += k

    @property
    def view(self) -> np.ndarray:
        return self.data[:self.n]


class TokenTable:
    """Distinct tokens to ids, and each provider's data for every id, computed once per token.

    A provider has ``width`` and ``dtype`` (of its per-token rows) and
    ``token_data(tokens) -> (len(tokens), width) array``; it keeps no state,
    so one provider may serve several tables. Past ``limit`` tokens the
    table starts afresh, so memory stays bounded on endless streams.
    Thread-safe: :meth:`ids` returns the data arrays that its ids index,
    which later calls never change.
    """

    def __init__(self, providers: Sequence[Any], limit: int = 200_000):
        self.providers = list(providers)
        self.limit = limit
        self.index: dict[str, int] = {}
        self.data = [_Growing(p.width, p.dtype) for p in self.providers]
        self._lock = threading.Lock()

    def ids(self, tokens: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Ids of tokens (all the tokens of a batch of texts, flat), and each provider's data for them."""
        with self._lock:
            index = self.index
            if len(index) + len(tokens) > self.limit:
                index.clear()
                for d in self.data:
                    d.reset()
            new = [t for t in dict.fromkeys(tokens) if t not in index]
            if new:
                index.update(zip(new, range(len(index), len(index) + len(new))))
                for p, d in zip(self.providers, self.data):
                    d.extend(p.token_data(new))
            ids = np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))
            # views, not copies: extend() only writes past them, reset() makes new arrays
            views = [d.view for d in self.data]
        return ids, views


class LexiconTokens:
    """Per token: its one-word match in each lexicon group (-1: none), whether a phrase may start at it, flags."""

    dtype = np.int32

    def __init__(self, matcher: PhraseMatcher):
        self.matcher = matcher
        self.width = len(matcher.groups) + 2

    def token_data(self, tokens: list[str]) -> np.ndarray:
        """One row per token: its one-word match in each group, whether a phrase may start at it, its flags."""
        distinct = dict.fromkeys(tokens)
        if len(distinct) != len(tokens):
            where = {t: i for i, t in enumerate(distinct)}
            return self.token_data(list(distinct))[[where[t] for t in tokens]]
        single, phrase, second = self.matcher.token_entries(tokens)
        flags = np.where(second, _SECOND, 0)
        where = dict(zip(tokens, range(len(tokens))))
        for word, flag in _WORD_FLAGS.items():
            if word in where:
                flags[where[word]] |= flag
        return np.column_stack([single, phrase, flags]).astype(np.int32)


def _first_per_row(rows: np.ndarray) -> np.ndarray:
    """Index of the first element of each run of equal values in a sorted array."""
    first = np.ones(len(rows), dtype=bool)
    np.not_equal(rows[1:], rows[:-1], out=first[1:])
    return np.flatnonzero(first)


def _last_per_row(rows: np.ndarray) -> np.ndarray:
    """Index of the last element of each run of equal values in a sorted array."""
    last = np.ones(len(rows), dtype=bool)
    np.not_equal(rows[1:], rows[:-1], out=last[:-1])
    return np.flatnonzero(last)


class Analysis:
    """The lexicon matches of a batch of texts, as flat arrays sorted by text and position.

    Attributes
    ----------
    n : int
        Number of texts.
    lens, offsets : ndarray
        Tokens per text, and where each text's tokens start in the flat arrays.
    ids, flags : ndarray
        Token ids and token flags, flat.
    row, start, end, cat, group : ndarray
        One entry per match: its text, token span and lexicon category.
    """

    def __init__(self, matcher: PhraseMatcher, token_data: np.ndarray, texts: Sequence[str],
                 tokens: list[str], lens: np.ndarray, ids: np.ndarray):
        """``tokens`` are all the texts' tokens in one list, ``lens`` how many each text has
        (see :func:`stancelib.lexicon.tokenize_batch`), ``ids`` their ids in the token table
        whose :class:`LexiconTokens` data is ``token_data``."""
        self.texts = texts
        self.n = n = len(texts)
        self.lens = lens
        self.offsets = np.zeros(n, dtype=np.int64)
        np.cumsum(self.lens[:-1], out=self.offsets[1:])
        self.ids = ids
        tok_row = np.repeat(np.arange(n, dtype=np.int64), self.lens)
        self.tok_row = tok_row
        data = token_data[ids]  # LexiconTokens' rows
        G = len(matcher.groups)
        self.flags = data[:, G + 1]
        # phrases of several words: the matcher, at the few positions where one
        # may start (a token that starts phrases, followed by a possible second word)
        starts = np.flatnonzero(data[:-1, G].astype(bool) & ((self.flags[1:] & _SECOND) > 0)
                                & (tok_row[:-1] == tok_row[1:]))
        starts = _phrase_starts(matcher, tokens, ids, starts)
        ends = self.offsets[tok_row[starts]] + self.lens[tok_row[starts]]
        found = matcher.phrase_numbers(tokens, starts.tolist(), ends.tolist())
        p = np.asarray(found, dtype=np.int64).reshape(-1, 4)  # flat start, flat end, category, group
        p_row = tok_row[p[:, 0]]
        single = data[:, :G]  # (tokens, groups)
        if len(p):
            # a phrase hides the one-word matches of its group under it: set to -1 in place, as
            # ``data`` is this batch's own copy of the token table's rows (fancy indexing copies)
            length = p[:, 1] - p[:, 0]
            at = np.repeat(p[:, 0] - np.cumsum(length) + length, length) + np.arange(length.sum())
            single[at, np.repeat(p[:, 3], length)] = -1
        # the (token, group) of each one-word match, row by row as np.nonzero gives them, from the
        # flat indices (np.nonzero on a 2-d array is several times slower)
        tok, grp = np.divmod(np.flatnonzero(single >= 0), G)
        row = np.concatenate([tok_row[tok], p_row])
        start = np.concatenate([tok, p[:, 0]]) - self.offsets[row]
        end = np.concatenate([start[:len(tok)] + 1, p[:, 1] - self.offsets[p_row]])
        cat = np.concatenate([single[tok, grp].astype(np.int64), p[:, 2]])
        group = np.concatenate([grp, p[:, 3]])
        # by text, position and group: one stable sort of a combined key (equal to np.lexsort's order)
        width = int(start.max(initial=0)) + 1
        groups = int(group.max(initial=0)) + 1
        order = np.argsort((row * width + start) * groups + group, kind="stable")
        self.row, self.start, self.end = row[order], start[order], end[order]
        self.cat, self.group = cat[order].astype(np.int64), group[order]

    @cached_property
    def quoted(self) -> np.ndarray:
        """Per flat token: whether it stands inside double quotes (approximately, see :func:`_quoted_token_mask`)."""
        return _quoted_tokens(self.texts, self.has_quote, self.offsets, self.lens)

    @cached_property
    def has_quote(self) -> np.ndarray:
        return np.fromiter((_has_quote(t) for t in self.texts), dtype=bool, count=self.n)

    @cached_property
    def has_question(self) -> np.ndarray:
        return np.fromiter(("?" in t for t in self.texts), dtype=bool, count=self.n)


def _phrase_starts(matcher: PhraseMatcher, tokens: list[str], ids: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The positions among ``starts`` where the token and the next one may begin a phrase of
    several words (:meth:`PhraseMatcher.pair_may_start_phrase`), asked once per distinct pair."""
    if not len(starts):
        return starts
    pairs, first, inverse = np.unique(ids[starts] * (int(ids.max()) + 1) + ids[starts + 1],
                                      return_index=True, return_inverse=True)
    may = np.fromiter((matcher.pair_may_start_phrase(tokens[i], tokens[i + 1]) for i in starts[first].tolist()),
                      dtype=bool, count=len(pairs))
    return starts[may[inverse.ravel()]]


def _has_quote(text: str) -> bool:
    return '"' in text or "“" in text or "”" in text


def _quoted_token_mask(text: str, tokens: list[str]) -> list[bool]:
    """Approximate: whether each token falls inside double quotes.

    The definition, one sentence at a time; :func:`_quoted_tokens` computes
    the same for a whole batch.
    """
    if not any(q in text for q in '"“”'):
        return [False] * len(tokens)
    inside = False
    states = []
    low = text.lower().replace("’", "'").replace("‘", "'")
    pos = 0
    for tok in tokens:
        found = low.find(tok, pos)
        if found < 0:
            states.append(inside)
            continue
        for ch in low[pos:found]:
            if ch == "“":
                inside = True
            elif ch == "”":
                inside = False
            elif ch == '"':
                inside = not inside
        states.append(inside)
        pos = found + len(tok)
    return states


#: The code points :func:`_quoted_tokens` cuts the texts of a batch (joined by NUL) at: each text's start
#: (NUL) and each double quote.
_QUOTE_MARK_CODES = tuple(map(ord, '\x00"“”'))

#: The marks a quotation opens with (the double quotes :func:`_quoted_tokens` reads).
OPENING_QUOTES = '"“'


def _quoted_tokens(texts: Sequence[str], has_quote: np.ndarray, offsets: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """:func:`_quoted_token_mask` of every text, flat, for a whole batch.

    A token lies inside quotes according to the quote marks before it: an
    opening mark sets the state, a closing one clears it, a straight one
    flips it. A quote mark is no token character, so it splits a text into
    pieces whose tokens are the text's tokens: each piece's tokens take the
    state after the mark before it. The texts with quotes are cut into
    pieces all at once, the pieces' tokens counted all at once
    (:func:`count_tokens`), and the states are array arithmetic.
    """
    q = np.zeros(int(lens.sum()), dtype=bool)
    quoted = np.flatnonzero(has_quote)
    if not len(quoted):
        return q
    joined = "\x00".join([texts[i] for i in quoted.tolist()])
    if joined.count("\x00") != len(quoted) - 1:  # a text holds NUL itself
        for i in quoted.tolist():
            text_tokens = tokenize(texts[i])
            q[offsets[i]:offsets[i] + lens[i]] = _quoted_token_mask(texts[i], text_tokens)
        return q
    # the marks in order, found among the code points (a lone surrogate is one code point too), with a NUL
    # before the first text's first piece; and the pieces between them, cut by str.split once each mark is
    # a NUL: the same marks and pieces as re.split('([\x00"“”])', joined), in a third of the time
    code = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    at_mark = np.zeros(len(code), dtype=bool)
    for mark in _QUOTE_MARK_CODES:
        at_mark |= code == mark
    marks = np.concatenate([np.zeros(1, dtype=np.uint32), code[at_mark]])
    pieces = joined.replace('"', "\x00").replace("“", "\x00").replace("”", "\x00").split("\x00")
    sets = marks != ord('"')  # the start of a text, an opening and a closing mark set the state; '"' flips it
    last_set = np.maximum.accumulate(np.where(sets, np.arange(len(marks)), 0))
    flips = np.cumsum(~sets)
    state = (marks[last_set] == ord("“")) ^ ((flips - flips[last_set]) % 2 == 1)
    inside = np.repeat(state, count_tokens(pieces))
    # the flat positions of the quoted texts' tokens, in order
    size = lens[quoted]
    at = np.repeat(offsets[quoted] - np.cumsum(size) + size, size) + np.arange(size.sum())
    if len(at) != len(inside):
        raise RuntimeError("quoted pieces and their texts disagree on the number of tokens")
    q[at] = inside
    return q


_MATCHERS: "weakref.WeakKeyDictionary[Any, PhraseMatcher]" = weakref.WeakKeyDictionary()
_TABLES: "weakref.WeakKeyDictionary[PhraseMatcher, TokenTable]" = weakref.WeakKeyDictionary()
_PLANS: "weakref.WeakKeyDictionary[Any, tuple[PhraseMatcher, np.ndarray, Any]]" = weakref.WeakKeyDictionary()


def analyse(matcher: PhraseMatcher, texts: Sequence[str]) -> Analysis:
    """The lexicon analysis of ``texts``, with a token table kept per matcher."""
    table = _TABLES.get(matcher)
    if table is None:
        table = _TABLES[matcher] = TokenTable([LexiconTokens(matcher)])
    tokens, lens = tokenize_batch(texts)
    ids, (data,) = table.ids(tokens)
    return Analysis(matcher, data, texts, tokens, lens, ids)


class LexiconLogic:
    """Computes lexicon features from ``lexicon_`` and ``feature_names_``."""

    lexicon_: dict[str, Any]
    feature_names_: np.ndarray

    def compute(self, texts: list[str]) -> np.ndarray:
        """Features of each text, as a dense float array."""
        out = [compute_blocks([self], analyse(self.matcher(), texts[lo:lo + CHUNK]))[0]
               for lo in range(0, len(texts), CHUNK)]
        return np.vstack(out) if out else np.zeros((0, len(self.feature_names_)))

    # subclasses implement these
    def _names(self) -> list[str]:
        raise NotImplementedError

    def _plan(self, matcher: PhraseMatcher) -> Any:
        """Column indices by matcher category, built once per fitted block."""
        raise NotImplementedError

    def _features(self, plan: Any, a: Analysis) -> np.ndarray:
        raise NotImplementedError

    #: The block's name in a saved export (see :func:`logic_from_spec`).
    kind = ""

    def export_logic(self) -> "LexiconLogic":
        """A plain copy with what prediction needs (no scikit-learn), for the export."""
        return logic_from_spec(self.to_spec(), self.lexicon_)

    def spec_params(self) -> list[tuple[str, Any]]:
        """The block's parameters, as JSON-ready (name, value) pairs."""
        raise NotImplementedError

    def to_spec(self) -> dict[str, Any]:
        """The block as JSON-ready data (its lexicon is saved once, beside it)."""
        return {"kind": self.kind, **dict(self.spec_params()),
                "feature_names": [str(f) for f in self.feature_names_]}

    def matcher(self) -> PhraseMatcher:
        """The phrase matcher of this block's lexicon: one per fitted lexicon, kept outside the block's state."""
        matcher = _MATCHERS.get(self)
        if matcher is None:
            matcher = _MATCHERS[self] = matcher_for(_all_groups(self.lexicon_))
        return matcher

    def forget_matcher(self) -> None:
        """Drop the matcher of a previous fit (the lexicon changed)."""
        _MATCHERS.pop(self, None)

    def _cached_plan(self) -> Any:
        plan = _PLANS.get(self)
        if plan is None or plan[0] is not self.matcher() or plan[1] is not self.feature_names_:
            plan = _PLANS[self] = (self.matcher(), self.feature_names_, self._plan(self.matcher()))
        return plan[2]


def logic_from_spec(spec: dict[str, Any], lexicon: dict[str, Any]) -> LexiconLogic:
    """The block :meth:`LexiconLogic.to_spec` describes."""
    kinds: dict[str, type[LexiconLogic]] = {"cue": CueLogic, "actor": ActorLogic}
    if spec.get("kind") not in kinds:
        raise ValueError(f"Unknown lexicon block kind {spec.get('kind')!r}; expected one of {sorted(kinds)}")
    logic = kinds[spec["kind"]]()
    logic.lexicon_ = lexicon
    logic.feature_names_ = np.asarray(spec["feature_names"], dtype=object)
    if isinstance(logic, CueLogic):
        logic.groups = tuple(spec["groups"])
    elif isinstance(logic, ActorLogic):
        logic.window = int(spec["window"])
    return logic


def compute_blocks(logics: Sequence[LexiconLogic], analysis: Analysis) -> list[np.ndarray]:
    """Each block's features, from one analysis of the texts. All ``logics`` share one lexicon."""
    return [logic._features(logic._cached_plan(), analysis) for logic in logics]


class _CuePlan:
    def __init__(self, logic: "CueLogic", matcher: PhraseMatcher):
        index = {name: i for i, name in enumerate(logic.feature_names_)}
        cats = matcher.categories
        self.flag = np.full(len(cats), -1, dtype=np.int64)  # modality and hedge cues: a shared flag
        self.base = np.full(len(cats), -1, dtype=np.int64)  # categories of the chosen groups: count, negated, quoted
        self.negation = -1
        for c, (group, cat) in enumerate(cats):
            if group == "cue":
                if cat in ("modality", "hedge"):
                    self.flag[c] = index[f"cue:{cat}"]
                elif cat == "negation":
                    self.negation = c
            elif group in logic.groups:
                self.base[c] = index[f"cue:{group}:{cat}"]
        self.log_columns = np.unique(self.base[self.base >= 0])
        self.rule_bases = np.zeros(0, dtype=np.int64)
        if "stance" in logic.groups:
            order = list(logic.lexicon_["stance"])
            self.rule_bases = np.asarray([index[f"cue:stance:{cat}"] for cat in order[:-1]], dtype=np.int64)
            self.rule_cols = np.asarray([index[f"cue:rule:{cat}"] for cat in order], dtype=np.int64)
        self.question = index["cue:question"]
        self.quotation = index["cue:quotation"]
        self.negated = index["cue:negation"]
        self.width = len(logic.feature_names_)


class _ActorPlan:
    def __init__(self, logic: "ActorLogic", matcher: PhraseMatcher):
        index = {name: i for i, name in enumerate(logic.feature_names_)}
        cats = matcher.categories
        sides = list(logic.lexicon_["actor"])
        stances = list(logic.lexicon_["stance"])
        # per category: what it is for the actor rules (KIND_*)
        self.kind = np.full(len(cats), KIND_OTHER, dtype=np.int64)
        self.side = np.full(len(cats), -1, dtype=np.int64)  # actor categories: index in sides
        self.stance = np.full(len(cats), -1, dtype=np.int64)  # stance categories: index in stances
        for c, (group, cat) in enumerate(cats):
            if group == "actor":
                self.kind[c], self.side[c] = KIND_ACTOR, sides.index(cat)
            elif group == "cue" and cat == "speech_verbs":
                self.kind[c] = KIND_SPEECH_VERB
            elif group == "stance":
                self.kind[c], self.stance[c] = KIND_STANCE, stances.index(cat)
            elif group == "start":
                self.kind[c] = KIND_PRONOUN_START
            elif group == "issue":
                self.kind[c] = KIND_ISSUE
        # role columns by side index; the last entry is "none"
        self.role = {role: np.asarray([index[f"actor:{role}:{s}"] for s in sides] + [index[f"actor:{role}:none"]])
                     for role in ("first", "subject", "attribution", "according", "last")}
        self.count = np.asarray([index[f"actor:count:{s}"] for s in sides])
        self.possessive = np.asarray([index[f"actor:possessive:{s}"] for s in sides])
        self.governs = np.asarray([[index[f"actor:governs:{st}:{s}"] for s in sides] for st in stances])
        self.log_columns = np.sort(np.concatenate([self.count, self.possessive]))
        self.none_side = len(sides)
        # by side index: whether an actor of the side may own another side's office, or be owned (the last
        # entry, "none", may not): a government's or a third party's, not the two acting together
        self.may_own = np.asarray([s in OWNING_SIDES for s in sides] + [False])
        self.government = np.asarray([s in GOVERNMENT_SIDES for s in sides] + [False])
        self.start_pronoun = index["actor:start:pronoun"]
        self.start_they = index["actor:start:they"]
        self.start_actor = index["actor:start:actor"]
        self.none = index["actor:none"]
        self.distance = index["actor:subject:distance"]
        self.width = len(logic.feature_names_)


class CueLogic(LexiconLogic):
    """The cue-word features (see :class:`stancelib.features.CueFeatures`)."""

    groups: tuple[str, ...]
    kind = "cue"

    def spec_params(self) -> list[tuple[str, Any]]:
        return [("groups", [str(g) for g in self.groups])]

    def _names(self) -> list[str]:
        names = []
        for g in self.groups:
            for cat in self.lexicon_[g]:
                names += [f"cue:{g}:{cat}", f"cue:{g}:{cat}:negated", f"cue:{g}:{cat}:quoted"]
        names += ["cue:modality", "cue:hedge", "cue:question", "cue:quotation", "cue:negation"]
        if "stance" in self.groups:
            # the decision of the guide's rule itself: the first stance, in the
            # guide's order, with a cue that is not negated (the last stance,
            # neutral, when none is)
            names += [f"cue:rule:{cat}" for cat in self.lexicon_["stance"]]
        return names

    def _plan(self, matcher: PhraseMatcher) -> _CuePlan:
        return _CuePlan(self, matcher)

    def _features(self, plan: _CuePlan, a: Analysis) -> np.ndarray:
        out = np.zeros((a.n, plan.width))
        at = a.offsets[a.row] + a.start  # flat position of each match
        neg = a.cat == plan.negation
        negation_at = np.zeros(len(a.ids) + 1, dtype=bool)
        negation_at[at[neg]] = True
        base = plan.base[a.cat]
        cue = base >= 0
        row, b, start, pos = a.row[cue], base[cue], a.start[cue], at[cue]
        np.add.at(out, (row, b), 1.0)
        # negated: a negation one to three tokens before, in the same text
        negated = np.zeros(len(b), dtype=bool)
        for k in range(1, NEGATION_REACH + 1):
            negated |= (start >= k) & negation_at[np.maximum(pos - k, 0)]
        out[row[negated], b[negated] + 1] = 1.0
        if len(pos):
            quoted = a.quoted[pos]
            out[row[quoted], b[quoted] + 2] = 1.0
        flag = plan.flag[a.cat]
        out[a.row[flag >= 0], flag[flag >= 0]] = 1.0
        out[:, plan.log_columns] = np.log1p(out[:, plan.log_columns])
        if len(plan.rule_bases):
            ok = (out[:, plan.rule_bases] > 0) & (out[:, plan.rule_bases + 1] == 0)
            decided = np.where(ok.any(axis=1), ok.argmax(axis=1), len(plan.rule_bases))
            out[np.arange(a.n), plan.rule_cols[decided]] = 1.0
        out[:, plan.question] = a.has_question
        out[:, plan.quotation] = a.has_quote
        out[:, plan.negated] = np.bincount(a.row[neg], minlength=a.n) > 0
        return out


class ActorLogic(LexiconLogic):
    """The actor features (see :class:`stancelib.features.ActorFeatures`)."""

    window: int
    kind = "actor"

    def spec_params(self) -> list[tuple[str, Any]]:
        return [("window", int(self.window))]

    def context_columns(self) -> tuple[int, int, int]:
        """Columns of this block that the sentence-before context reads: the
        sentence opens with a pronoun, it opens with "they", and no reporting
        verb of it names an actor as the speaker (``actor:attribution:none``)."""
        names = [str(f) for f in self.feature_names_]
        return (names.index("actor:start:pronoun"), names.index("actor:start:they"),
                names.index("actor:attribution:none"))

    def _names(self) -> list[str]:
        sides = list(self.lexicon_["actor"])
        names = []
        for role in ("first", "subject", "attribution", "according", "last"):
            names += [f"actor:{role}:{s}" for s in sides] + [f"actor:{role}:none"]
        names += [f"actor:count:{s}" for s in sides] + [f"actor:possessive:{s}" for s in sides]
        names += [f"actor:governs:{st}:{s}" for st in self.lexicon_["stance"] for s in sides]
        names += ["actor:start:pronoun", "actor:start:they", "actor:start:actor", "actor:none",
                  "actor:subject:distance"]
        return names

    def _plan(self, matcher: PhraseMatcher) -> _ActorPlan:
        return _ActorPlan(self, matcher)

    def _features(self, plan: _ActorPlan, a: Analysis) -> np.ndarray:
        n = a.n
        out = np.zeros((n, plan.width))
        rows = np.arange(n)
        kind = plan.kind[a.cat]
        at = a.offsets[a.row] + a.start
        span = a.end - a.start
        # actors inside a longer issue phrase ("South China Sea") name no actor
        in_issue = np.full(len(a.ids) + 1, -1, dtype=np.int64)
        long_issue = np.flatnonzero((kind == KIND_ISSUE) & (span > 1))
        # each token of each such phrase gets the phrase's index; where two overlap, the later (the larger
        # index, as long_issue ascends) wins, as a loop writing them in order would leave it
        length = span[long_issue]
        covered = np.repeat(at[long_issue] - np.cumsum(length) + length, length) + np.arange(length.sum())
        np.maximum.at(in_issue, covered, np.repeat(long_issue, length))
        act = np.flatnonzero(kind == KIND_ACTOR)
        inside = (in_issue[at[act]] >= 0) & (in_issue[at[act]] == in_issue[at[act] + span[act] - 1])
        act = act[~inside]
        # an office of another side's actor: an institution name right after an actor, or after its "'s", with
        # only white space between ("Tokyo's foreign ministry", "the Philippine National Security Council") is
        # that actor's; it is no actor of its own, and its owner acts through it (INSTITUTION_WORDS)
        owned = np.zeros(len(act), dtype=bool)
        if len(act) > 1:
            prev, this = act[:-1], act[1:]
            gap = a.start[this] - a.end[prev]
            owner_side, office_side = plan.side[a.cat[prev]], plan.side[a.cat[this]]
            last_flag = a.flags[at[this] + span[this] - 1]
            ok = ((a.row[this] == a.row[prev])
                  & ((gap == 0) | ((gap == 1) & ((a.flags[at[prev] + span[prev]] & _POSSESSIVE) > 0)))
                  & (owner_side != office_side) & plan.may_own[owner_side] & plan.may_own[office_side]
                  & ((last_flag & _INSTITUTION) > 0)
                  & (plan.government[office_side] | ((last_flag & _LEGISLATURE) > 0))
                  & ((a.flags[at[this]] & _ARTICLE) == 0)
                  & ((a.flags[at[prev] + span[prev] - 1] & _UNNAMED) == 0))
            # ... with nothing but white space between them in the text (the tokens carry no punctuation), and
            # the owner not an office owned itself ("Japan's foreign ministry parliamentary ..." chains no further)
            joined: dict[int, list[bool]] = {}  # per text, computed once
            candidates = np.flatnonzero(ok).tolist()
            ok[:] = False
            for i in candidates:
                if i > 0 and ok[i - 1]:
                    continue
                r = int(a.row[this[i]])
                if r not in joined:
                    joined[r] = joined_to_previous(a.texts[r])
                ok[i] = joined[r][int(a.start[this[i]])]
            owned[1:] = ok
        owner = np.zeros(len(act), dtype=bool)
        owner[:-1] = owned[1:]
        act, owner = act[~owned], owner[~owned]
        a_row, a_start, a_end, a_side = a.row[act], a.start[act], a.end[act], plan.side[a.cat[act]]
        a_at = at[act]
        after = np.minimum(a_at + span[act], len(a.ids) - 1) if len(a.ids) else a_at
        possessive = (a_end < a.lens[a_row]) & ((a.flags[after] & _POSSESSIVE) > 0) & ~owner
        # ... but the owner of an office acts through it ("China's foreign ministry said")
        office = np.zeros(len(act), dtype=bool)
        open_ = possessive.copy()  # no preposition yet between the "'s" and the k-th token after it
        for k in range(1, OFFICE_REACH + 1):
            inside_row = a_end + k < a.lens[a_row]
            flag = a.flags[np.where(open_ & inside_row, after + k, 0)]
            office |= open_ & inside_row & ((flag & _OFFICE) > 0)
            open_ &= inside_row & ((flag & (_OBLIQUE_FLAG | _ARTICLE)) == 0)
        possessive &= ~office
        # the owner of a noun ("China's support") and the object of a
        # preposition ("support for Russia") rarely perform the act
        oblique = (a_start > 0) & ((a.flags[np.maximum(a_at - 1, 0)] & _OBLIQUE_FLAG) > 0)
        # ... except where a group of speakers stands before "in" or "from" ("officials in Beijing said")
        speakers = ((a_start > 1) & ((a.flags[np.maximum(a_at - 1, 0)] & _SPEAKER_PREPOSITION) > 0)
                    & ((a.flags[np.maximum(a_at - 2, 0)] & _SPEAKER_GROUP) > 0))
        oblique &= ~speakers
        np.add.at(out, (a_row, np.where(possessive, plan.possessive[a_side], plan.count[a_side])), 1.0)
        out[:, plan.log_columns] = np.log1p(out[:, plan.log_columns])
        agent = ~possessive & ~oblique
        g_row, g_start, g_end, g_side = a_row[agent], a_start[agent], a_end[agent], a_side[agent]
        has_agent = np.zeros(n, dtype=bool)
        has_agent[g_row] = True
        out[~has_agent, plan.none] = 1.0
        first, last = _first_per_row(g_row), _last_per_row(g_row)
        out[g_row[first][g_start[first] == 0], plan.start_actor] = 1.0
        side_first = np.full(n, plan.none_side)
        side_first[g_row[first]] = g_side[first]
        side_last = np.full(n, plan.none_side)
        side_last[g_row[last]] = g_side[last]
        out[rows, plan.role["first"][side_first]] = 1.0
        out[rows, plan.role["last"][side_last]] = 1.0
        # a pronoun opens the sentence, unless it is the surname of a longer actor name at the same token
        # ("He Lifeng", in the lexicon) or of a Chinese name the lexicon does not know ("He Weidong")
        pronoun = np.flatnonzero((kind == KIND_PRONOUN_START) & (a.start == 0))
        opening_actor = (kind == KIND_ACTOR) & (a.start == 0)
        actor_end = np.zeros(n, dtype=np.int64)
        np.maximum.at(actor_end, a.row[opening_actor], a.end[opening_actor])
        pronoun = pronoun[a.end[pronoun] >= actor_end[a.row[pronoun]]]
        named = np.fromiter((opens_with_surname_name(a.texts[r]) for r in a.row[pronoun].tolist()),
                            dtype=bool, count=len(pronoun))
        out[a.row[pronoun[~named]], plan.start_pronoun] = 1.0
        they = a.lens > 0
        they[they] = (a.flags[a.offsets[they]] & _THEY) > 0
        out[they, plan.start_they] = 1.0

        # the governor of a position: the agent ending last at or before it, within the window
        big = int(a.lens.max(initial=0)) + _KEY_MARGIN
        end_keys = g_row * big + g_end

        def governor(q_row: np.ndarray, q_pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            """Index of the governing agent of each query (-1: none), and its distance."""
            k = np.searchsorted(end_keys, q_row * big + q_pos, side="right") - 1
            kk = np.maximum(k, 0)
            distance = q_pos - g_end[kk]
            ok = (k >= 0) & (g_row[kk] == q_row) & (distance < self.window)
            return np.where(ok, kk, -1), np.where(ok, distance, 0)

        verb = np.flatnonzero(kind == KIND_SPEECH_VERB)
        v_row, v_start = a.row[verb], a.start[verb]
        vf, vl = _first_per_row(v_row), _last_per_row(v_row)
        subject_side = np.full(n, plan.none_side)
        distance = np.zeros(n)
        has_subject = np.zeros(n, dtype=bool)
        if len(vf) and len(g_row):
            k, d = governor(v_row[vf], v_start[vf])
            found = k >= 0
            r = v_row[vf][found]
            subject_side[r], distance[r], has_subject[r] = g_side[k[found]], d[found], True
        fallback = ~has_subject & has_agent
        fallback[fallback] = g_start[first][np.searchsorted(g_row[first], rows[fallback])] <= SUBJECT_FALLBACK_MAX_START
        subject_side[fallback] = side_first[fallback]
        out[rows, plan.role["subject"][subject_side]] = 1.0
        out[:, plan.distance] = np.minimum(distance, SUBJECT_DISTANCE_CAP) / float(SUBJECT_DISTANCE_CAP)

        # attribution: the agent right after (or else right before) a sentence-final reporting verb
        attribution = np.full(n, plan.none_side)
        if len(vl) and len(g_row):
            r, v = v_row[vl], v_start[vl]
            final = v >= ATTRIBUTION_FINAL_SHARE * a.lens[r]
            r, v = r[final], v[final]
            start_keys = g_row * big + g_start
            k = np.searchsorted(start_keys, r * big + v, side="right")
            kk = np.minimum(k, len(g_row) - 1)
            after_ok = (k < len(g_row)) & (g_row[kk] == r) & (g_start[kk] <= v + ATTRIBUTION_REACH)
            k2 = np.searchsorted(end_keys, r * big + v, side="right") - 1
            kk2 = np.maximum(k2, 0)
            before_ok = (k2 >= 0) & (g_row[kk2] == r) & (v - g_end[kk2] <= ATTRIBUTION_REACH)
            pick = np.where(after_ok, g_side[kk], np.where(before_ok, g_side[kk2], plan.none_side))
            attribution[r] = pick
        out[rows, plan.role["attribution"][attribution]] = 1.0

        # "according to" X: the first actor (any) ACCORDING_TO_FIRST to ACCORDING_TO_LAST tokens after the
        # first "according to"
        according = np.full(n, plan.none_side)
        if len(a_row):
            flat = np.flatnonzero(a.flags[:-1] & _ACCORDING) if len(a.ids) else np.zeros(0, dtype=np.int64)
            flat = flat[((a.flags[flat + 1] & _TO) > 0) & (a.tok_row[flat + 1] == a.tok_row[flat])]
            if len(flat):
                f_row = a.tok_row[flat]
                firsts = _first_per_row(f_row)
                f_row, j = f_row[firsts], flat[firsts] - a.offsets[f_row[firsts]]
                actor_keys = a_row * big + a_start
                k = np.searchsorted(actor_keys, f_row * big + j + ACCORDING_TO_FIRST, side="left")
                kk = np.minimum(k, len(a_row) - 1)
                ok = (k < len(a_row)) & (a_row[kk] == f_row) & (a_start[kk] <= j + ACCORDING_TO_LAST)
                according[f_row[ok]] = a_side[kk[ok]]
        out[rows, plan.role["according"][according]] = 1.0

        # which agent governs each stance cue
        cue = np.flatnonzero(kind == KIND_STANCE)
        if len(cue) and len(g_row):
            k, _ = governor(a.row[cue], a.start[cue])
            found = k >= 0
            out[a.row[cue][found], plan.governs[plan.stance[a.cat[cue][found]], g_side[k[found]]]] = 1.0
        return out
