"""A plain, per-sentence implementation of the lexicon features, as the reference.

``stancelib._lexfeatures`` computes the same features for a whole batch at
once with numpy; the tests check that both agree, feature for feature, on
the seed corpus and on generated text. This is the readable definition: one
sentence at a time, in the order an analyst would read it.
"""

from __future__ import annotations

import numpy as np

import string

from stancelib._lexfeatures import (  # shared helper and word lists
    ARTICLES, INSTITUTION_WORDS, LEGISLATURE_WORDS, OFFICE_NOUNS, OFFICE_REACH, SPEAKER_GROUP_NOUNS,
    SPEAKER_PREPOSITIONS, UNNAMED_ACTORS, _quoted_token_mask)
from stancelib.lexicon import PhraseMatcher, joined_to_previous, tokenize
from stancelib.schema import GOVERNMENT_SIDES, THIRD_PARTY_SIDES

_OBLIQUE = frozenset("for to with on against about over from of in at toward towards into between than".split())

# The "He" rule, stated here on its own (the batch code's ``opens_with_surname_name`` is not used):
# "He Lifeng said" opens with a Chinese name, not the pronoun. The text's first word (after any
# characters that are no ASCII letter or digit) is exactly "He"; the next word starts with a
# capitalised run of ASCII letters that no ASCII letter or digit follows; that run, in lower
# case, is one or two pinyin syllables and no English word that reads as pinyin.
_PINYIN_INITIALS = ["", "zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw"]
_PINYIN_FINALS = ("iang iong uang ueng ang eng ing ong iao ian uai uan ai ei ao ou an en in un "
                  "ia ie iu ua uo ui ue a o e i u").split()
_PINYIN_SYLLABLES = frozenset(i + f for i in _PINYIN_INITIALS for f in _PINYIN_FINALS) | {"er"}
_ENGLISH_AS_PINYIN = frozenset("can came ran made later long change men ten lie die sue hang sang gang bang "
                               "been seen then ban pan fan tie".split())
_ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)


def _is_given_name(word: str) -> bool:
    return word in _PINYIN_SYLLABLES or any(
        word[:k] in _PINYIN_SYLLABLES and word[k:] in _PINYIN_SYLLABLES for k in range(1, len(word)))


def _opens_with_he_and_a_given_name(text: str) -> bool:
    start = 0
    while start < len(text) and text[start] not in _ASCII_ALNUM:
        start += 1
    words = text[start:].split(None, 2)
    if len(words) < 2 or words[0] != "He" or words[1][0] not in string.ascii_uppercase:
        return False
    name = words[1]
    end = 1
    while end < len(name) and name[end] in string.ascii_lowercase:
        end += 1
    if end == 1 or (end < len(name) and name[end] in _ASCII_ALNUM):
        return False
    given = name[:end].lower()
    return given not in _ENGLISH_AS_PINYIN and _is_given_name(given)


class _Cue:
    def __init__(self, groups, lexicon):
        self.groups, self.lexicon_ = tuple(groups), lexicon

    def _row(self, text, tokens, matches, matcher, row, index):
        cats = matcher.categories
        negations = [s for s, e, c in matches if cats[c] == ("cue", "negation")]
        quoted = _quoted_token_mask(text, tokens)
        counts: dict[int, int] = {}
        for s, e, c in matches:
            group, cat = cats[c]
            if group == "cue":
                if cat == "modality":
                    row[index["cue:modality"]] = 1.0
                elif cat == "hedge":
                    row[index["cue:hedge"]] = 1.0
                continue
            if group not in self.groups:
                continue
            base = index[f"cue:{group}:{cat}"]
            counts[base] = counts.get(base, 0) + 1
            if any(0 < s - n <= 3 for n in negations):
                row[base + 1] = 1.0
            if quoted[s]:
                row[base + 2] = 1.0
        for base, n in counts.items():
            row[base] = np.log1p(n)
        if "stance" in self.groups:
            order = list(self.lexicon_["stance"])
            decided = order[-1]
            for cat in order[:-1]:
                base = index[f"cue:stance:{cat}"]
                if row[base] > 0 and row[base + 1] == 0:
                    decided = cat
                    break
            row[index[f"cue:rule:{decided}"]] = 1.0
        row[index["cue:question"]] = float("?" in text)
        row[index["cue:quotation"]] = float(any(q in text for q in '"“”'))
        row[index["cue:negation"]] = float(bool(negations))


def _owns(owner, office, tokens, joined):
    """Whether actor ``office`` (start, end, side) is an office of the actor before it, ``owner``: an institution
    word ends it, it follows the owner or the owner's "'s" with only white space between, opens with no article,
    and the two are of different sides, each a government's or a third party's, the owner a named one; a third
    party's name is owned only when it is a legislature's ("China's parliament")."""
    s, e, side = office
    sides = GOVERNMENT_SIDES + THIRD_PARTY_SIDES
    next_to = s == owner[1] or (s == owner[1] + 1 and tokens[s - 1] == "'s")
    return (next_to and joined[s] and tokens[e - 1] in INSTITUTION_WORDS and tokens[s] not in ARTICLES
            and owner[2] != side and owner[2] in sides and side in sides
            and (side in GOVERNMENT_SIDES or tokens[e - 1] in LEGISLATURE_WORDS)
            and tokens[owner[1] - 1] not in UNNAMED_ACTORS)


class _Actor:
    def __init__(self, window, lexicon):
        self.window, self.lexicon_ = window, lexicon

    def _row(self, text, tokens, matches, matcher, row, index):
        cats = matcher.categories
        long_issue = [(s, e) for s, e, c in matches if cats[c][0] == "issue" and e - s > 1]
        actors = []  # (start, end, side, possessive)
        joined = joined_to_previous(text)
        verbs = []
        stance_cues = []
        for s, e, c in matches:
            group, cat = cats[c]
            if group == "actor":
                if any(a <= s and e <= b for a, b in long_issue):
                    continue  # "South China Sea" names no actor
                if actors and _owns(actors[-1], (s, e, cat), tokens, joined):
                    # another side's office ("Tokyo's foreign ministry", "the Philippine National Security
                    # Council"): no actor of its own; its owner acts through it
                    actors[-1] = actors[-1][:3] + (False,)
                    continue
                possessive = e < len(tokens) and tokens[e] == "'s"
                if possessive:
                    # the owner of an office acts through it: "China's foreign ministry said"
                    for k in range(1, OFFICE_REACH + 1):
                        if e + k >= len(tokens):
                            break
                        if tokens[e + k] in OFFICE_NOUNS:
                            possessive = False
                            break
                        if tokens[e + k] in _OBLIQUE or tokens[e + k] in ARTICLES:
                            break
                actors.append((s, e, cat, possessive))
            elif group == "cue" and cat == "speech_verbs":
                verbs.append(s)
            elif group == "stance":
                stance_cues.append((s, cat))
            elif group == "start" and s == 0:
                # not the surname of a longer actor name ("He Lifeng") nor of a Chinese name ("He Weidong")
                if not _opens_with_he_and_a_given_name(text) and not any(
                        cats[c2][0] == "actor" and s2 == 0 and e2 > e for s2, e2, c2 in matches):
                    row[index["actor:start:pronoun"]] = 1.0
        n = len(tokens)
        if tokens[:1] == ["they"]:
            row[index["actor:start:they"]] = 1.0
        # the owner of a noun ("China's support") and the object of a
        # preposition ("support for Russia") rarely perform the act
        # ... except where a group of speakers stands before "in" or "from" ("officials in Beijing said")
        def speaks(a):
            return a[0] > 1 and tokens[a[0] - 1] in SPEAKER_PREPOSITIONS and tokens[a[0] - 2] in SPEAKER_GROUP_NOUNS

        agents = [a for a in actors if not a[3] and not (a[0] > 0 and tokens[a[0] - 1] in _OBLIQUE and not speaks(a))]
        for a in actors:
            key = "possessive" if a[3] else "count"
            row[index[f"actor:{key}:{a[2]}"]] += 1.0
        for s in self.lexicon_["actor"]:
            for key in ("count", "possessive"):
                i = index[f"actor:{key}:{s}"]
                row[i] = np.log1p(row[i])
        if not agents:
            row[index["actor:none"]] = 1.0
        else:
            if agents[0][0] == 0:
                row[index["actor:start:actor"]] = 1.0

        def governor(pos: int) -> tuple[str, int] | None:
            best = None
            for s, e, side, _ in agents:
                if e <= pos and pos - e < self.window:
                    best = (side, pos - e)
            return best

        row[index[f"actor:first:{agents[0][2]}" if agents else "actor:first:none"]] = 1.0
        row[index[f"actor:last:{agents[-1][2]}" if agents else "actor:last:none"]] = 1.0
        subject = governor(verbs[0]) if verbs else None
        if subject is None and agents and agents[0][0] <= 2:
            subject = (agents[0][2], 0)
        row[index[f"actor:subject:{subject[0]}" if subject else "actor:subject:none"]] = 1.0
        if subject:
            row[index["actor:subject:distance"]] = min(subject[1], 10) / 10.0
        attribution = None
        if verbs and verbs[-1] >= 0.6 * n:
            v = verbs[-1]
            after = [a for a in agents if v < a[0] <= v + 3]
            before = [a for a in agents if 0 <= v - a[1] <= 3]
            pick = after[0] if after else (before[-1] if before else None)
            if pick:
                attribution = pick[2]
        row[index[f"actor:attribution:{attribution}" if attribution else "actor:attribution:none"]] = 1.0
        according = None
        for i in range(n - 1):
            if tokens[i] == "according" and tokens[i + 1] == "to":
                nxt = [a for a in actors if i + 2 <= a[0] <= i + 5]
                if nxt:
                    according = nxt[0][2]
                break
        row[index[f"actor:according:{according}" if according else "actor:according:none"]] = 1.0
        for pos, stance in stance_cues:
            g = governor(pos)
            if g:
                row[index[f"actor:governs:{stance}:{g[0]}"]] = 1.0


def reference_features(block, matcher: PhraseMatcher, texts: list[str]) -> np.ndarray:
    """Features of ``texts`` for a fitted CueFeatures or ActorFeatures ``block``, one sentence at a time."""
    names = list(block.get_feature_names_out())
    index = {name: i for i, name in enumerate(names)}
    if hasattr(block, "groups"):
        logic = _Cue(block.groups, block.lexicon_)
    else:
        logic = _Actor(block.window, block.lexicon_)
    out = np.zeros((len(texts), len(names)))
    for i, text in enumerate(texts):
        tokens = tokenize(text)
        logic._row(text, tokens, matcher.find(tokens), matcher, out[i], index)
    return out
