"""The order of a label's issues, and the code a sentence keeps when no code reaches its threshold.

Review r32 (outputs, findings 5 and 6): ``classify*`` ordered a label's issues by probability while
``ReadoutClassifier.predict`` gave them in label-set order, so one set of codes made two different CSV
cells; and the docstring said a sentence with no code at its threshold keeps "its most likely one" when
the rule keeps the code closest to its threshold.
"""

from stancelib import SentenceLabel, classify, classify_sentences
from stancelib.api import resolve_model

# written for this test: several issues each, whose probabilities are not in label-set order
SEVERAL = [
    "Officials from both countries talked about chip export rules, soybean tariffs and fentanyl trafficking.",
    "Discussions touched on pandemic preparedness, student visas and semiconductor controls.",
    "The readout mentioned Gaza, Iran's nuclear program and Russia's invasion of Ukraine.",
]


def test_classify_gives_issues_in_the_label_set_order_as_predict_does():
    model = resolve_model(None)
    order = [str(c) for c in model.classes_["issue"]]
    labels = classify_sentences(SEVERAL)
    # the sentences hold what the test is about: codes whose probabilities are out of label-set order
    assert all(len(lab.issues) > 1 for lab in labels)
    assert any(sorted(lab.issues, key=lambda c: -lab.scores["issue"][c]) != sorted(lab.issues, key=order.index)
               for lab in labels)
    for lab, predicted in zip(labels, model.predict(SEVERAL)["issue"]):
        assert list(lab.issues) == sorted(lab.issues, key=order.index)
        assert lab.issues == tuple(predicted)
        assert list(lab.scores["issue"]) == order  # the order the docstring points to
    # a document gives the same tuples as the sentences alone (issues never read context)
    assert [lab.issues for lab in classify(" ".join(SEVERAL))] == [lab.issues for lab in labels]


def test_a_sentence_with_no_code_at_its_threshold_keeps_the_code_closest_to_it_as_documented():
    model = resolve_model(None)
    thresholds = dict(zip((str(c) for c in model.classes_["issue"]), model.thresholds_))
    lab = classify_sentences(["A few senators disliked the remarks."])[0]  # written for this test
    p = lab.scores["issue"]
    assert all(p[c] < thresholds[c] for c in p)
    closest = max(p, key=lambda c: p[c] / thresholds[c])
    assert lab.issues == (closest,)
    assert closest != max(p, key=p.get)  # not the most likely code, which the docstring used to promise
    doc = " ".join(SentenceLabel.__doc__.split())
    assert "keeps its most likely one" not in doc
    assert "the code closest to its threshold, which need not be the most likely one" in doc
    assert "not by probability" in doc
