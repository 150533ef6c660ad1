"""The phrase matcher's flat matches (``PhraseMatcher.phrase_numbers``) equal its per-match tuples and the
loop they replace.

The batch matcher compares a phrase's third and later words with one slice of the tokens when none of them
is a prefix ("rais*"), and writes its matches as one flat list of ints. Both must find exactly what the
word-by-word check (``_rest_matches``) found, for phrases of two to five words, with whole words and
prefixes in any position, across text boundaries, for token lists and tuples alike.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from stancelib.lexicon import PhraseMatcher, _rest_matches, _word_matches

GROUPS = {
    "issue": {"sea": ["south china sea", "east china sea", "china sea"], "rights": ["human rights watch"]},
    "stance": {"concern": ["rais* concern* over", "raise the issue of", "deep* concern*"],
               "warning": ["red line", "cross a red line", "play* with fire"]},
    "actor": {"china": ["china", "the chinese side", "chinese foreign minist*"], "us": ["the united states"]},
}
WORDS = sorted({w.rstrip("*") + ("s" if w.endswith("*") else "") for ps in
                (p for g in GROUPS.values() for ps in g.values() for p in ps) for w in ps.split()}
               | {"the", "of", "over", "xyz"})


def _old_find_phrases_flat(matcher, tokens, starts, ends):
    """The loop before the literal rests: every later word checked one by one."""
    found, current, free = [], -1, []
    for i, n in zip(starts, ends):
        if n != current:
            current, free = n, [0] * len(matcher.groups)
        nxt = tokens[i + 1] if i + 1 < n else None
        candidates = [c for c in matcher._candidates(tokens[i])
                      if c[3] == 1 or (nxt is not None and _word_matches(c[0][1], nxt))]
        taken = 0
        for words, cat, g, size, _ in candidates:
            if size == 1:
                break
            if free[g] > i or taken & (1 << g) or i + size > n or (size > 2 and not _rest_matches(words, tokens, i)):
                continue
            found.append((i, i + size, cat, g))
            free[g] = i + size
            taken |= 1 << g
    return found


texts = st.lists(st.lists(st.sampled_from(WORDS), max_size=12), min_size=1, max_size=6)


@settings(max_examples=200)
@given(texts)
def test_flat_matches_equal_the_word_by_word_loop(token_lists):
    matcher = PhraseMatcher(GROUPS)
    tokens = [t for toks in token_lists for t in toks]
    ends, starts, offset = [], [], 0
    for toks in token_lists:  # every position may start a phrase: the loop must sort them out itself
        starts += range(offset, offset + len(toks))
        offset += len(toks)
        ends += [offset] * len(toks)
    want = _old_find_phrases_flat(matcher, tokens, starts, ends)
    numbers = matcher.phrase_numbers(tokens, starts, ends)
    assert np.reshape(numbers, (-1, 4)).tolist() == [list(m) for m in want]
    assert matcher.find_phrases_flat(tokens, starts, ends) == want
    assert matcher.find_phrases_flat(tuple(tokens), starts, ends) == want  # a tuple is read as a list


def test_literal_and_prefix_rests_both_match():
    matcher = PhraseMatcher(GROUPS)
    tokens = "they raised concerns over the chinese foreign ministry and cross a red line".split()
    n = len(tokens)
    found = matcher.find_phrases_flat(tokens, list(range(n)), [n] * n)
    cats = {c: i for i, c in enumerate(matcher.categories)}
    assert found == [(1, 4, cats["stance", "concern"], 1),   # "rais* concern* over": prefixes, then a word
                     (5, 8, cats["actor", "china"], 2),      # "chinese foreign minist*": a prefix last
                     (9, 13, cats["stance", "warning"], 1)]  # "cross a red line": whole words ("red line" in it)
    # the text ends before "line": neither "cross a red line" nor "red line" fits
    assert matcher.find_phrases_flat(tokens, list(range(12)), [12] * 12) == found[:2]


def test_candidates_keep_their_later_words_for_one_comparison():
    matcher = PhraseMatcher(GROUPS)
    by_words = {c[0]: c[4] for c in matcher._candidates("cross") + matcher._candidates("raise")}
    assert by_words[("cross", "a", "red", "line")] == ["red", "line"]
    assert by_words[("rais*", "concern*", "over")] == ["over"]
    assert by_words[("raise", "the", "issue", "of")] == ["issue", "of"]
    prefixed = PhraseMatcher({"g": {"c": ["a b c*"]}})._candidates("a")
    assert prefixed[0][4] is None  # a prefix among the later words: left to _rest_matches
