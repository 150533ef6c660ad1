"""The batch lexicon features equal their sentence-by-sentence definition.

``stancelib._lexfeatures`` computes the cue and actor features of a whole
batch with numpy; ``tests/lexicon_reference.py`` defines them one sentence at
a time, in plain Python. These tests check that both agree exactly, on the
seed corpus and on generated text built from the lexicon's own words (dense
in negations, possessives, quotes, "according to" and multi-word phrases,
where the vectorised code could go wrong).
"""

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancelib.data import load_records, seed_files
from stancelib.features import ActorFeatures, CueFeatures
from stancelib.lexicon import PhraseMatcher, load_lexicon, tokenize

from .lexicon_reference import reference_features

BLOCKS = [CueFeatures(groups=("stance",)), CueFeatures(groups=("issue",)), ActorFeatures(), ActorFeatures(window=3)]
for _block in BLOCKS:
    _block.fit(["x"])


def _lexicon_words() -> list[str]:
    lex = load_lexicon()
    words = set()
    for group in ("stance", "issue", "actor", "speech_verbs", "negation", "modality", "hedge", "pronoun_starts"):
        entries = lex[group]
        phrases = [p for ps in entries.values() for p in ps] if isinstance(entries, dict) else entries
        for phrase in phrases:
            words.update(w.rstrip("*") for w in phrase.split())
    return sorted(w for w in words if w)


WORDS = _lexicon_words() + ["'s", "to", "according", "they", "for", "the", "of", '"', "“", "”", "?", "China's",
                            "U.S.", "not", "said", "--", "it's", "He"]


@pytest.fixture(scope="module")
def corpus_texts():
    return [r["text"] for path in seed_files() for r in load_records(path)]


@pytest.mark.parametrize("step", [pytest.param(5, id="every-fifth"), pytest.param(1, id="all", marks=pytest.mark.slow)])
@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: f"{type(b).__name__}{getattr(b, 'groups', '')}{getattr(b, 'window', '')}")
def test_batch_features_equal_the_reference_on_the_corpus(block, corpus_texts, step):
    """Every fifth corpus sentence in the fast tier, the whole corpus in the slow one."""
    texts = corpus_texts[::step]
    got = block.transform(texts)
    want = reference_features(block, block.matcher(), texts)
    bad = np.argwhere(got != want)
    names = block.get_feature_names_out()
    assert len(bad) == 0, [(texts[i][:80], names[j], got[i, j], want[i, j]) for i, j in bad[:5]]


@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), min_size=1, max_size=40))
def test_batch_features_equal_the_reference_on_generated_text(texts):
    for block in BLOCKS:
        np.testing.assert_array_equal(block.transform(texts), reference_features(block, block.matcher(), texts))


# Openings for the "He" rule ("He Lifeng said" names a person; "He said", "He Made Clear" open with the pronoun)
_HE_OPENERS = ["He", "HE", "he", "“He", "(He", "He,", "1He", "She"]
_HE_SECOND = ["Lifeng", "Yadong", "Weidong", "Yi", "Er", "Zhuang", "Made", "Can", "Long", "Also", "Urged", "Said",
              "Lifengs", "Lifeng's", "Lifeng,", "Li2", "LIFENG", "L", "lifeng", "Xiaoqiang", "Qiangqiang"]
_HE_REST = ["said.", "told Treasury officials that China opposes the tariffs.", "", "and Yellen met in Beijing."]


def test_batch_features_equal_the_reference_on_sentences_opening_with_he():
    texts = [f"{a} {b} {c}".strip() for a in _HE_OPENERS for b in _HE_SECOND for c in _HE_REST]
    texts += ["He Lifeng", "He\tLifeng said.", "He  Made Clear That Tariffs Would Stay", "He"]
    for block in BLOCKS[2:]:
        got, want = block.transform(texts), reference_features(block, block.matcher(), texts)
        bad = sorted({texts[i] for i, _ in np.argwhere(got != want)})
        assert not bad, bad[:5]


@given(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join))
def test_a_text_alone_or_in_a_batch_has_the_same_features(text):
    batch = ["The two sides agreed to resume talks.", text, "He also raised Taiwan."]
    for block in BLOCKS:
        np.testing.assert_array_equal(block.transform(batch)[1], block.transform([text])[0])


_REFERENCE_TOKEN = re.compile(r"[a-z0-9]+(?:['.\-][a-z0-9]+)*")


def _reference_tokenize(text):
    text = text.lower().replace("’", "'").replace("‘", "'")
    out = []
    for tok in _REFERENCE_TOKEN.findall(text):
        if tok.endswith("'s") and len(tok) > 2:
            out += [tok[:-2], "'s"]
        else:
            out.append(tok)
    return out


@given(st.text(alphabet=st.sampled_from(list("ab's'.-S 0’‘\"xé中İK\t\n–?")), max_size=40))
def test_tokenize_equals_its_regular_expression(text):
    assert tokenize(text) == _reference_tokenize(text)


def test_tokenize_examples():
    assert tokenize("China's U.S.-made drones, Mr. Wang's 'view'.") == [
        "china", "'s", "u.s", "made", "drones", "mr", "wang", "'s", "view"]
    assert tokenize("US-made") == ["us-made"]


@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join), min_size=1, max_size=10))
def test_phrases_plus_uncovered_single_words_are_the_matches_of_find(texts):
    matcher = BLOCKS[0].matcher()
    tokens = [tokenize(t) for t in texts]
    rows, starts = [], []
    for r, toks in enumerate(tokens):
        for i, tok in enumerate(toks):
            if matcher.token_entry(tok)[1] and i + 1 < len(toks) and matcher.token_entry(toks[i + 1])[2]:
                rows.append(r)
                starts.append(i)
    phrases = matcher.find_phrases(tokens, rows, starts)
    for r, toks in enumerate(tokens):
        mine = [(s, e, c) for rr, s, e, c, g in phrases if rr == r]
        covered = {(g, i) for rr, s, e, c, g in phrases if rr == r for i in range(s, e)}
        for i, tok in enumerate(toks):
            single, _, _ = matcher.token_entry(tok)
            mine += [(i, i + 1, c) for g, c in enumerate(single) if c >= 0 and (g, i) not in covered]
        assert sorted(mine) == sorted(matcher.find(toks))


def test_token_table_starts_afresh_past_its_limit_and_stays_correct(corpus_texts):
    from stancelib._lexfeatures import LexiconTokens, TokenTable, _TABLES

    block = BLOCKS[2]
    texts = corpus_texts[:300]
    want = block.transform(texts)
    matcher = block.matcher()
    saved = _TABLES.get(matcher)
    _TABLES[matcher] = TokenTable([LexiconTokens(matcher)], limit=500)
    try:
        np.testing.assert_array_equal(block.transform(texts), want)
        assert len(_TABLES[matcher].index) <= 500 + max(len(tokenize(t)) for t in texts) * 2048
    finally:
        if saved is not None:
            _TABLES[matcher] = saved


def test_phrase_matcher_longest_phrase_wins_and_groups_overlap():
    m = PhraseMatcher({"issue": {"scs": ["south china sea"]}, "actor": {"china": ["china"]}})
    found = m.find(tokenize("Patrols in the South China Sea."))
    assert sorted(m.categories[c] for _, _, c in found) == [("actor", "china"), ("issue", "scs")]


_TOKEN_ALPHABET = list("ab's'.-S 0’‘\"“”xé中İK\u212a\t\n–?\x00")


@given(st.lists(st.text(alphabet=st.sampled_from(_TOKEN_ALPHABET), max_size=30), min_size=1, max_size=8))
def test_tokenize_batch_equals_tokenize_text_by_text(texts):
    from stancelib.lexicon import count_tokens, tokenize_batch

    per_text = [tokenize(t) for t in texts]
    flat, counts = tokenize_batch(texts)
    assert flat == [tok for toks in per_text for tok in toks]
    assert counts.tolist() == count_tokens(texts).tolist() == [len(toks) for toks in per_text]


@pytest.mark.slow
def test_every_character_whose_lower_case_is_ascii_is_known_to_tokenize_batch():
    from stancelib.lexicon import _LOWER_TO_ASCII

    found = [c for c in map(chr, range(128, 0x110000)) if any(ord(x) < 128 for x in c.lower())]
    assert sorted(found) == sorted(_LOWER_TO_ASCII)


@given(st.lists(st.lists(st.sampled_from(WORDS + ['"', "“", "”", "\x00", "’"]), max_size=20).map("".join),
                min_size=1, max_size=10))
def test_quoted_tokens_of_a_batch_equal_the_sentence_by_sentence_mask(texts):
    from stancelib._lexfeatures import _has_quote, _quoted_token_mask, _quoted_tokens
    from stancelib.lexicon import tokenize_batch

    _, lens = tokenize_batch(texts)
    offsets = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    has_quote = np.array([_has_quote(t) for t in texts])
    want = [q for t in texts for q in _quoted_token_mask(t, tokenize(t))]
    assert _quoted_tokens(texts, has_quote, offsets, lens).tolist() == want
