"""``confidence_head`` names the out-of-distribution factor when it, not a head, set the confidence.

Review r32 (outputs, finding 8): ``"Taiwan " * 1000`` has confidence 0.06 although its least sure
head (side) is at 0.91; ``confidence_head`` said ``side`` and ``--explain`` marked side as what
"sets the confidence".
"""

from stancelib import classify_sentences
from stancelib.api import OOD_HEAD, ood_factor


def _weakest(lab):
    chosen = {"issue": lab.issues, "stance": (lab.stance,), "side": (lab.side,)}
    return min((lab.scores[h][c], h) for h in lab.scores for c in chosen[h])


def test_text_the_model_does_not_know_has_the_factor_as_its_confidence_head():
    texts = ["Taiwan " * 1000, "Zorbly quiffen marn."]  # written for this test
    labels = classify_sentences(texts)
    assert (ood_factor(texts) < 1).all()
    for lab in labels:
        assert lab.confidence < _weakest(lab)[0]
        assert lab.confidence_head == OOD_HEAD == "ood"
        assert lab.to_dict()["confidence_head"] == "ood"


def test_an_ordinary_sentence_names_its_least_sure_head():
    texts = ["The two delegations agreed to meet again in the spring.",  # written for this test
             "Beijing warned that it would answer any new chip curbs."]
    assert (ood_factor(texts) == 1).all()
    for lab in classify_sentences(texts):
        p, head = _weakest(lab)
        assert lab.confidence == p and lab.confidence_head == head
