"""``SentenceLabel.explain`` refuses a model that did not make the label, and shows word boundaries.

Review r32 (outputs, finding 3): a label made by another model, explained without ``model=``, was
explained by the bundled model (features of another model, a made-up "context:sentence before"
entry), or failed with a raw TypeError for a model without a side head. Finding 13: character
n-grams were named with the space that marks a word's start or end, which cannot be seen.
"""

import pytest

from stancelib import classify, classify_sentences
from stancelib.model import ReadoutClassifier

# written for this test: a small model of its own, with other label sets than the bundled one
X = ["Beijing cautioned Washington about weapons deliveries to Taiwan.", "Both sides promised more student exchanges.",
     "American officials voiced worry about fentanyl shipments.", "Beijing asked Washington to drop steel tariffs.",
     "The presidents vowed to work together on emissions.", "The Pentagon voiced worry about vessels near the shoal.",
     "China threatened consequences over any Taiwan provocation.", "They promised to revive drug enforcement work.",
     "The meeting ran for two hours.", "Trade delegations gathered in Geneva."]
Y = {"issue": [["taiwan"], ["people_to_people"], ["counternarcotics"], ["trade"], ["climate"], ["maritime"],
               ["taiwan"], ["counternarcotics"], ["relations"], ["trade"]],
     "stance": ["warning", "cooperation", "concern", "concern", "cooperation", "concern", "warning",
                "cooperation", "neutral", "neutral"],
     "side": ["china", "joint", "us", "china", "joint", "us", "china", "joint", "joint", "joint"]}
SENTENCE = "American officials voiced worry about fentanyl shipments."


@pytest.fixture(scope="module")
def own():
    return ReadoutClassifier(cv=0, min_df=1).fit(X, Y)


def test_a_label_of_another_model_is_refused_by_the_bundled_one(own):
    lab = classify_sentences([SENTENCE], model=own)[0]
    with pytest.raises(ValueError, match=r"made by another model than the bundled model: its issue label set "
                                         r"differs .*label\.explain\(model=\.\.\.\)"):
        lab.explain()
    side = lab.explain(model=own, top=2)["side"][lab.side]
    # explained by the model that made it: no sentence before, so no context entry
    assert all(name != "context:sentence before" for way in side.values() for name, _ in way)


def test_a_label_without_a_side_is_refused_clearly_not_with_a_type_error(own):
    no_side = ReadoutClassifier(cv=0, min_df=1).fit(X, {k: v for k, v in Y.items() if k != "side"})
    lab = classify("China threatened consequences over any Taiwan provocation.", model=no_side)[0]
    assert lab.side is None
    with pytest.raises(ValueError, match=r"the label has the heads issue, stance, the bundled model has issue, "
                                         r"stance, side"):
        lab.explain()
    with pytest.raises(ValueError, match="another model than the model given"):
        lab.explain(model=own)
    assert set(lab.explain(model=no_side)) == {"issue", "stance"}


def test_a_model_with_the_same_label_sets_but_other_weights_is_refused(own):
    swapped = {"warning": "cooperation", "cooperation": "warning", "concern": "neutral", "neutral": "concern"}
    other = ReadoutClassifier(cv=0, min_df=1).fit(X, {**Y, "stance": [swapped[s] for s in Y["stance"]]})
    lab = classify_sentences([SENTENCE], model=other)[0]
    with pytest.raises(ValueError, match=r"not made by the model given: the model given gives the sentence "
                                         r"stance '\w+' the probability"):
        lab.explain(model=own)
    assert lab.explain(model=other)["stance"]


def test_the_bundled_models_labels_are_still_explained_by_it():
    """A label the bundled model made in a document is explained by it, the sentence before's part included
    wherever that part changed the side's scores (what the part weighs is the model's; that it is there is not)."""
    before, pronoun = "Biden told Xi he opposed any change to the status quo.", "He also urged Beijing to curb fentanyl exports."
    label = classify(f"{before} {pronoun}")[1]
    assert label.scores["side"] != classify_sentences([before, pronoun])[1].scores["side"]  # the context applied
    side = label.explain(top=1000)["side"]
    assert any(name == "context:sentence before" for per in side.values() for way in per.values() for name, _ in way)


def test_character_ngrams_show_where_a_word_starts_and_ends(model):
    names = [str(n) for n in model.feature_names_out() if str(n).startswith("char:")]
    assert names and not any(" " in n for n in names)
    assert any(n.startswith("char:_") for n in names) and any(n.endswith("_") for n in names)
    assert not any("_" in n[len("char:"):].strip("_") for n in names)  # only at a word's edge
    shown = [name for per in model.explain("Blorf warned Quaxx.", top=50).values() for ways in per.values()
             for way in ways.values() for name, _ in way if name.startswith("char:")]
    assert shown and not any(" " in name for name in shown)
