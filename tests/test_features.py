"""The custom transformers are proper scikit-learn estimators."""

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from stancelib.features import ActorFeatures, CueFeatures, WordCharTfidf


@parametrize_with_checks([CueFeatures(), CueFeatures(groups=("issue",)), ActorFeatures(), WordCharTfidf(min_df=1)])
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_word_char_tfidf_equals_sklearn_char_wb():
    texts = ["Xi warned Biden over Taiwan.", "The two sides agreed  to talk\nagain.", "ÜBER café — naïve"] * 3
    vec = WordCharTfidf(min_df=1).fit(texts)
    a = vec.transform(texts + ["unseen words entirely"]).toarray()
    b = vec.vectorizer_.transform(texts + ["unseen words entirely"]).toarray()
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("text, feature", [
    ("Biden told Xi that China's support for Russia was a concern.", "actor:subject:us"),
    ("According to the Chinese readout, Xi cautioned Biden.", "actor:according:china"),
    ("“We will respond,” the Foreign Ministry spokesperson said.", "actor:attribution:china"),
    ("He also raised the cases of detained Americans.", "actor:start:pronoun"),
    ("Patrols in the South China Sea continued.", "actor:none"),
])
def test_actor_features(text, feature):
    actors = ActorFeatures().fit(["x"])
    values = dict(zip(actors.get_feature_names_out(), actors.transform([text])[0]))
    assert values[feature] > 0


def test_cue_negation_and_rejects_single_string():
    cues = CueFeatures().fit(["x"])
    values = dict(zip(cues.get_feature_names_out(), cues.transform(["Beijing did not warn of countermeasures."])[0]))
    assert values["cue:stance:warning:negated"] == 1.0
    with pytest.raises(TypeError, match="string object received"):
        cues.transform("one string")
