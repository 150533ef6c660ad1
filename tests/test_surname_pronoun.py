"""Review r34, finding H2: "He Lifeng said ..." opens with China's Vice Premier, not with the pronoun "he".

The actor block's ``actor:start:pronoun`` made such a sentence take its side
from the sentence before (:func:`stancelib._inference.reads_sentence_before`).
These tests read the feature and the context decision directly, on
hand-written sentences (none of them in the seed corpus), with the bundled
lexicon and no model weights.
"""

import numpy as np
import pytest

from stancelib._inference import reads_sentence_before
from stancelib.features import ActorFeatures

ACTORS = ActorFeatures().fit(["x"])

# a Chinese official whose surname is "He": in the lexicon ("he lifeng", "he yadong", "he yongqian"), in
# capitals, or a name the lexicon does not know ("He Weidong", "He Yi")
NAMES = [
    "He Lifeng told Treasury officials that Beijing rejects the planned levies on electric vehicles.",
    "He Yadong, speaking for the commerce ministry, said the chip rules would hurt both economies.",
    "He Yongqian said Beijing would weigh countermeasures against the new entity listings.",
    "HE LIFENG URGED WASHINGTON TO DROP THE SEMICONDUCTOR CURBS.",
    "He Weidong inspected the Eastern Theater Command and called for combat readiness.",
    "“He Yi asked for calm,” the embassy note said.",
]
# the pronoun, and a bare role: both still open with a pronoun
PRONOUNS = [
    "He said the two sides would keep the channel open through the winter.",
    "He added that Washington would not tolerate coercion of its allies.",
    "He Also Urged Washington To Lift Curbs On Chip Exports",  # a title-case heading
    "He Made Clear That Tariffs Would Stay",  # "Made" reads as pinyin but is English
    "HE WARNED AGAINST ANY MOVE TOWARD TAIWAN INDEPENDENCE.",
    "The premier told the visiting senators that the door remained open.",
    "The vice premier said both delegations had made progress.",
]


def _column(texts: list[str], name: str) -> np.ndarray:
    names = [str(f) for f in ACTORS.get_feature_names_out()]
    return np.asarray(ACTORS.transform(texts))[:, names.index(name)]


def _reads_before(texts: list[str]) -> list[bool]:
    X = np.asarray(ACTORS.transform(texts))
    return reads_sentence_before(texts, *[X[:, c] > 0 for c in ACTORS.context_columns()]).tolist()


@pytest.mark.parametrize("text", NAMES)
def test_a_name_with_the_surname_he_opens_with_no_pronoun(text):
    assert _column([text], "actor:start:pronoun").tolist() == [0.0]


@pytest.mark.parametrize("text", PRONOUNS)
def test_the_pronoun_he_and_a_bare_role_still_open_with_a_pronoun(text):
    assert _column([text], "actor:start:pronoun").tolist() == [1.0]


def test_a_sentence_opening_with_he_lifeng_does_not_read_the_sentence_before():
    texts = ["Yellen pressed Beijing on industrial overcapacity.",
             "He Lifeng replied that China firmly opposes the new U.S. tariffs.",
             "He added that talks should continue.",
             "He Weidong met the visiting delegation."]
    assert _reads_before(texts) == [False, False, True, False]


def test_the_lexicon_name_is_still_the_opening_actor():
    text = "He Lifeng replied that China firmly opposes the new U.S. tariffs."
    assert _column([text], "actor:start:actor").tolist() == [1.0]
    assert _column([text], "actor:first:china").tolist() == [1.0]


def test_same_features_in_a_batch_as_alone():
    texts = NAMES + PRONOUNS
    batch = _column(texts, "actor:start:pronoun")
    alone = np.concatenate([_column([t], "actor:start:pronoun") for t in texts])
    assert batch.tolist() == alone.tolist() == [0.0] * len(NAMES) + [1.0] * len(PRONOUNS)


def test_opens_with_surname_name_examples():
    from stancelib._lexfeatures import opens_with_surname_name

    assert [opens_with_surname_name(t) for t in NAMES] == [True, True, True, False, True, True]
    assert not any(opens_with_surname_name(t) for t in PRONOUNS)
    assert not opens_with_surname_name("Hefei Lifeng said.") and not opens_with_surname_name("")


def test_the_export_computes_the_same():
    """The scikit-learn-free export (what ``classify`` uses by default) shares the rule."""
    texts = NAMES + PRONOUNS
    names = [str(f) for f in ACTORS.get_feature_names_out()]
    exported = ACTORS.export_logic().compute(texts)[:, names.index("actor:start:pronoun")]
    assert exported.tolist() == [0.0] * len(NAMES) + [1.0] * len(PRONOUNS)
