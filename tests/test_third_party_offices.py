"""Actor rules for third parties' offices and legislatures (issue 12, docs/probe-side-errors.md).

- Every lexicon phrase matches its own text: a phrase is split as text is, so an entry with a possessive
  ("people's liberation army") can match. Two entries could never match before feature revision 7.
- An office or institution name right after a third party, or after its "'s", is that party's office: "Tokyo's
  foreign ministry" is Japan speaking, not China; "the Philippine National Security Council" is no US body.
- "a spokesman for Manila said" makes Manila the speaker, as "officials in Beijing said" makes Beijing.
- China's legislature is China's (guide Clarification 66).
"""

import numpy as np
import pytest

from stancelib._lexfeatures import INSTITUTION_WORDS, SPEAKER_GROUP_NOUNS, SPEAKER_PREPOSITIONS
from stancelib.features import ActorFeatures
from stancelib.lexicon import PhraseMatcher, load_lexicon, normalize_text, tokenize
from stancelib.schema import SIDES, THIRD_PARTY_SIDES

from .lexicon_reference import reference_features

GROUPS = ("stance", "issue", "actor")


@pytest.fixture(scope="module")
def actors():
    return ActorFeatures().fit(["x"])


def _features(actors, text):
    names = [str(n) for n in actors.get_feature_names_out()]
    row = actors.transform([normalize_text(text)])[0]
    return {n: float(v) for n, v in zip(names, row) if v}


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


@pytest.mark.parametrize("text, side", [
    ("The People's Liberation Army said it held drills.", "china"),
    ("The National People's Congress said it opposed the bill.", "china"),
    ("The NPC Standing Committee adopted the law.", "china"),
    ("Taiwan's defense ministry said it tracked the ships.", "other"),
    ("Taiwan's presidential office said it would not bow to pressure.", "other"),
])
def test_possessive_phrases_name_their_actor(actors, text, side):
    f = _features(actors, text)
    assert f.get(f"actor:first:{side}") == 1.0, f
    assert f.get(f"actor:subject:{side}") == 1.0, f


@pytest.mark.parametrize("text, owner, not_side", [
    ("Tokyo's foreign ministry said it was concerned.", "other", "china"),
    ("Japan's national security council met on Friday.", "other", "us"),
    ("The Philippine National Security Council said the ships left.", "other", "us"),
    ("Australian senators pressed the minister.", "other", "us"),
    ("A Canadian senator said the vote was close.", "other", "us"),
])
def test_a_third_partys_office_takes_its_owners_side(actors, text, owner, not_side):
    f = _features(actors, text)
    assert f.get(f"actor:first:{owner}") == 1.0, f
    assert f.get(f"actor:subject:{owner}") == 1.0, f
    assert f"actor:count:{not_side}" not in f and f"actor:possessive:{not_side}" not in f, f
    assert f"actor:possessive:{owner}" not in f, f  # the owner acts through its office


@pytest.mark.parametrize("text, sides", [
    ("China's foreign ministry said it firmly opposes the move.", {"china"}),  # one side: unchanged
    ("U.S. senators urged Beijing to act.", {"us", "china"}),
    ("Japan and China held talks.", {"other", "china"}),  # not adjacent
    ("Japanese China hawks said little.", {"other", "china"}),  # adjacent, but "china" names no office
    ("The Japanese ambassador met Treasury officials.", {"other", "us"}),
])
def test_other_actors_keep_their_side(actors, text, sides):
    f = _features(actors, text)
    counted = {n.split(":")[2] for n in f if n.startswith(("actor:count:", "actor:possessive:"))}
    assert counted == sides, f


def test_a_spokesman_for_an_actor_makes_it_the_speaker(actors):
    assert _features(actors, "A spokesman for Manila said the talks would continue.").get("actor:subject:other") == 1.0
    # a preposition without a speaker group before it still makes an object
    f = _features(actors, "The fund raised support for Manila.")
    assert "actor:first:other" not in f, f
    assert {"in", "from", "for"} <= SPEAKER_PREPOSITIONS and "spokesman" in SPEAKER_GROUP_NOUNS


def test_the_rule_reads_its_word_lists_and_sides_from_one_place():
    assert set(THIRD_PARTY_SIDES) <= set(SIDES)
    assert {"ministry", "council", "senator", "senators"} <= INSTITUTION_WORDS
    lexicon = load_lexicon()
    assert set(THIRD_PARTY_SIDES) <= set(lexicon["actor"])


OFFICE_SENTENCES = [
    "Tokyo's foreign ministry said China's foreign ministry was wrong.",
    "The Philippine National Security Council and the Philippine coast guard said Chinese ships left.",
    "Officials for Seoul's embassy said the US State Department was told.",
    "A spokeswoman for the Australian senators' committee said Beijing's statement was unhelpful.",
    "Canberra's treasury, Japan's national security council and the EU's commerce ministry disagreed.",
    "British MPs and MEPs questioned Taiwan's defence ministry about the PLA.",
    "Japan Japan's foreign ministry foreign ministry said.",
    "India's the ministry said, according to Tokyo's senators, that Manila's NSC agreed.",
]


@pytest.mark.parametrize("window", [3, 10])
def test_batch_features_equal_the_reference_on_office_sentences(window):
    block = ActorFeatures(window=window).fit(["x"])
    texts = [normalize_text(t) for t in OFFICE_SENTENCES]
    np.testing.assert_array_equal(block.transform(texts), reference_features(block, block.matcher(), texts))
