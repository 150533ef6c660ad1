"""Actor rules for offices and legislatures (issue 12, docs/probe-side-errors.md; feature revision 7).

- Every lexicon phrase matches its own text: a word with a possessive is split as text is, so an entry like
  "people's liberation army" can match. Two entries could never match before feature revision 7.
- An office or institution name right after an actor of another side, or after its "'s", with only white space
  between, is that actor's office: "Tokyo's foreign ministry" is Japan speaking, not China; "the Philippine
  National Security Council" is no US body; "China's parliament" is China's (guide Clarification 66). Not across
  punctuation ("... by the Philippines," the president said), not an office that opens with an article, not a
  joint one, and not after an unnamed party ("some senators").
- The search for a possessive owner's office stops at an article ("Beijing's coercion, the statement said").
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancelib._lexfeatures import ARTICLES, INSTITUTION_WORDS, LEGISLATURE_WORDS, UNNAMED_ACTORS
from stancelib.features import ActorFeatures
from stancelib.lexicon import PhraseMatcher, joined_to_previous, load_lexicon, normalize_text, tokenize
from stancelib.schema import GOVERNMENT_SIDES, SIDES, THIRD_PARTY_SIDES

from .lexicon_reference import reference_features

GROUPS = ("stance", "issue", "actor")


@pytest.fixture(scope="module")
def actors():
    return ActorFeatures().fit(["x"])


def _features(actors, text):
    names = [str(n) for n in actors.get_feature_names_out()]
    row = actors.transform([normalize_text(text)])[0]
    return {n: float(v) for n, v in zip(names, row) if v}


def _counted(f):
    return {n.split(":")[2] for n in f if n.startswith(("actor:count:", "actor:possessive:"))}


@pytest.mark.parametrize("group", GROUPS)
def test_every_lexicon_phrase_matches_its_own_text(group):
    lexicon = load_lexicon()
    matcher = PhraseMatcher({group: lexicon[group]})
    dead = []
    for category, phrases in lexicon[group].items():
        for phrase in phrases:
            if "*" in phrase:
                continue
            tokens = tokenize(phrase)
            spans = [(s, e) for s, e, c in matcher.find(tokens) if matcher.categories[c] == (group, category)]
            if (0, len(tokens)) not in spans:
                dead.append((category, phrase, tokens))
    assert not dead, f"lexicon phrases that never match their own text: {dead}"


@pytest.mark.parametrize("entry", ["taiwan's president", "taiwan 's president", "Taiwan’s president"])
def test_a_possessive_entry_matches_however_it_is_written(entry):
    matcher = PhraseMatcher({"actor": {"other": [entry]}})
    assert matcher.find(tokenize("Taiwan's president spoke.")) == [(0, 3, 0)]


@pytest.mark.parametrize("text, side", [
    ("The People's Liberation Army said it held drills.", "china"),
    ("The National People's Congress said it opposed the bill.", "china"),
    ("The NPC Standing Committee adopted the law.", "china"),
    ("China's parliament approved the law on Friday.", "china"),
    ("Taiwan's defense ministry said it tracked the ships.", "other"),
    ("Taiwan's presidential office said it would not bow to pressure.", "other"),
])
def test_possessive_phrases_name_their_actor(actors, text, side):
    f = _features(actors, text)
    assert f.get(f"actor:first:{side}") == 1.0, f
    assert f.get(f"actor:subject:{side}") == 1.0, f
    assert _counted(f) == {side}, f


@pytest.mark.parametrize("text, owner, not_side", [
    ("Tokyo's foreign ministry said it was concerned.", "other", "china"),
    ("Japan's national security council met on Friday.", "other", "us"),
    ("The Philippine National Security Council said the ships left.", "other", "us"),
    ("Australian senators pressed the minister.", "other", "us"),
    ("A Canadian senator said the vote was close.", "other", "us"),
    ("Chinese parliamentary delegations toured the region.", "china", "other"),
])
def test_an_office_takes_its_owners_side(actors, text, owner, not_side):
    f = _features(actors, text)
    assert f.get(f"actor:first:{owner}") == 1.0, f
    assert f.get(f"actor:subject:{owner}") == 1.0, f
    assert not_side not in _counted(f), f
    assert f"actor:possessive:{owner}" not in f, f  # the owner acts through its office


@pytest.mark.parametrize("text, sides", [
    ("China's foreign ministry said it firmly opposes the move.", {"china"}),  # one side: unchanged
    ("U.S. senators urged Beijing to act.", {"us", "china"}),
    ("Japan and China held talks.", {"other", "china"}),  # not adjacent
    ("Japanese China hawks said little.", {"other", "china"}),  # adjacent, but "china" names no office
    ("The Japanese ambassador met Treasury officials.", {"other", "us"}),
    # punctuation between: two actors, not an owner and its office (review r36, H1)
    ('"We will always stand by the Philippines," the president said.', {"other", "us"}),
    ("China hopes Washington will stop piling pressure on Iran, the ministry added.", {"china", "us", "other"}),
    ("Xi met Putin; the ministry said ties were strong.", {"china", "other"}),
    ("The EU, Congress and Beijing all warned.", {"other", "us", "china"}),
    # an office that opens with an article, a joint one, and an unnamed owner (H1, M1, M2)
    ("On North Korea, the two leaders agreed to keep talking.", {"other", "joint"}),
    ("Tokyo the ministry said nothing.", {"other", "china"}),
    ("The U.S.-Japan joint statement named China.", {"us", "other", "joint", "china"}),
    ("Some senators warned China.", {"other", "us", "china"}),
])
def test_other_actors_keep_their_side(actors, text, sides):
    assert _counted(_features(actors, text)) == sides


def test_an_owners_office_is_not_searched_past_an_article(actors):
    # "Beijing's coercion, the statement added": Beijing owns the coercion, it does not speak (review r36, M6)
    f = _features(actors, "Manila will not accept Beijing's coercion, the statement added.")
    assert "actor:possessive:china" in f and "actor:subject:china" not in f, f
    f = _features(actors, "The Chinese embassy's statement said the visit should stop.")
    assert f.get("actor:subject:china") == 1.0, f


def test_for_is_no_speaker_preposition(actors):
    # "for" was tried as a speaker preposition and dropped (review r36, M7): "officials for U.S. companies"
    f = _features(actors, "Officials for U.S. companies in China warned of delays.")
    assert "actor:subject:us" not in f, f


def test_the_rule_reads_its_word_lists_and_sides_from_one_place():
    assert set(GOVERNMENT_SIDES) | set(THIRD_PARTY_SIDES) < set(SIDES)
    assert {"ministry", "council", "senator", "senators", "parliament"} <= INSTITUTION_WORDS
    assert {"the", "a"} <= ARTICLES and {"some", "many"} <= UNNAMED_ACTORS
    assert set(THIRD_PARTY_SIDES) | set(GOVERNMENT_SIDES) <= set(load_lexicon()["actor"])


def test_joined_to_previous_examples():
    assert joined_to_previous("Tokyo's foreign ministry") == [False, True, True, True]
    assert joined_to_previous("by Japan, the ministry said") == [False, True, False, True, True]
    assert joined_to_previous('"Hi," the president said.') == [False, False, True, True]
    assert joined_to_previous("U.S.-China  talks") == [False, False, True]
    assert joined_to_previous("") == []


@given(st.text(alphabet=st.sampled_from(list("abcXY’'s.-,;:\" \n\tİé")), max_size=40))
def test_joined_to_previous_has_one_flag_per_token(text):
    joined = joined_to_previous(text)
    assert len(joined) == len(tokenize(text))
    assert not joined[:1] or joined[0] is False


OFFICE_SENTENCES = [
    "Tokyo's foreign ministry said China's foreign ministry was wrong.",
    "The Philippine National Security Council and the Philippine coast guard said Chinese ships left.",
    "Officials in Seoul's embassy said the US State Department was told.",
    "A spokeswoman for the Australian senators' committee said Beijing's statement was unhelpful.",
    "Canberra's treasury, Japan's national security council and the EU's commerce ministry disagreed.",
    "British MPs and MEPs questioned Taiwan's defence ministry about the PLA.",
    "Japan Japan's foreign ministry foreign ministry said.",
    "India's the ministry said, according to Tokyo's senators, that Manila's NSC agreed.",
    '"We stand by the Philippines," the president said, and Some senators, many congress members agreed.',
    "China's parliament and Chinese parliamentary leaders met the U.S. Japan joint statement's authors.",
    "Tokyo's foreign ministry parliamentary secretary said Japan was concerned.",  # review r36 (candidate2)
    "denmark peru uae İ indonesiaese senators parliament",
]


@pytest.mark.parametrize("window", [3, 10])
def test_batch_features_equal_the_reference_on_office_sentences(window):
    block = ActorFeatures(window=window).fit(["x"])
    texts = [normalize_text(t) for t in OFFICE_SENTENCES]
    np.testing.assert_array_equal(block.transform(texts), reference_features(block, block.matcher(), texts))


def test_a_third_partys_name_after_a_government_is_owned_only_when_a_legislature(actors):
    # "the U.S.-China Business Council" is a business group, not China's office
    assert _counted(_features(actors, "The China Business Council said exports fell.")) == {"china", "other"}
    assert _counted(_features(actors, "China's parliament met.")) == {"china"}
    assert "parliament" in LEGISLATURE_WORDS <= INSTITUTION_WORDS


def test_an_owned_office_owns_nothing_after_it(actors):
    # review r36 (candidate2), finding 2: batch and reference once disagreed on chains of offices
    text = "Japanese Foreign Ministry Parliamentary Vice-Minister Sato said the talks went well."
    block = ActorFeatures().fit(["x"])
    norm = [normalize_text(text)]
    np.testing.assert_array_equal(block.transform(norm), reference_features(block, block.matcher(), norm))
    f = _features(actors, text)
    assert _counted(f) == {"other"} and f["actor:count:other"] == pytest.approx(np.log1p(2)), f
