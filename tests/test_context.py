"""The sentence-before context: which sentences read the side of the sentence
before them, and how much (``stancelib._inference.reads_sentence_before``).

The sentences are written for these tests.
"""

import numpy as np
import pytest

from stancelib import classify, classify_sentences


@pytest.fixture(scope="module")
def compiled(compiled_model):
    return compiled_model


BEFORE = "Foreign Minister Wang Yi told Secretary Blinken that China would answer any provocation over Taiwan."


@pytest.mark.parametrize("text, reads", [
    # a pronoun or a bare role names its actor only through the sentence before
    ("He also raised the cases of detained Americans.", True),
    ("The Secretary added that the talks would go on.", True),
    # "they" is the two sides, not the speaker before
    ("They agreed to keep the military channels open.", False),
    # a quotation whose speaker the sentence names as no actor
    ("“We will not back down on matters of sovereignty,” he said.", True),
    ('"We are ready to respond to any provocation," the spokesperson said.', True),
    ("“Any interference will be met with firm countermeasures.”", True),
    ("  “We hope the talks will resume soon,” she added.", True),
    # a quotation whose speaker the sentence names as an actor reads itself
    ("“We will respond,” the Foreign Ministry spokesperson said.", False),
    ("“China firmly opposes the new export controls,” Beijing said in a statement.", False),
    ("“This is a red line,” said Xi.", False),
    # a quotation later in the sentence, or none
    ("The ministry called the sanctions “illegal and unjustified”.", False),
    ("Beijing said the sanctions were “illegal”.", False),
    ("The talks lasted three hours.", False),
    ("", False),
    ("   ", False),
])
def test_which_sentences_read_the_sentence_before(model, compiled, text, reads):
    assert model._scores([text])[1].tolist() == [reads]
    assert compiled._scores([text])[1].tolist() == [reads]


@pytest.mark.parametrize("quote", [
    "“We will not back down on matters of sovereignty,” he said.",
    "“Any interference will be met with firm countermeasures.”",
])
def test_an_unattributed_quotation_takes_part_of_its_side_from_the_sentence_before(model, quote):
    w = model.context_weight
    alone = model.predict_proba([BEFORE, quote])["side"]
    together = model.predict_proba([BEFORE, quote], documents=[0, 0])["side"]
    np.testing.assert_allclose(together[0], alone[0])
    np.testing.assert_allclose(together[1], (1 - w) * alone[1] + w * alone[0])
    assert not np.allclose(together[1], alone[1])
    # in another document, it reads itself
    np.testing.assert_allclose(model.predict_proba([BEFORE, quote], documents=[0, 1])["side"][1], alone[1])


def test_an_attributed_quotation_reads_itself(model):
    quote = "“We will respond,” the Foreign Ministry spokesperson said."
    alone = model.predict_proba([BEFORE, quote])["side"]
    together = model.predict_proba([BEFORE, quote], documents=[0, 0])["side"]
    np.testing.assert_allclose(together, alone)


def test_classify_reads_the_quotation_in_context():
    """What ``classify`` does with a text, ``classify_sentences`` without one."""
    text = BEFORE + " “Any interference will be met with firm countermeasures.”"
    in_text = classify(text)
    alone = classify_sentences([lab.text for lab in in_text])
    assert [lab.text for lab in in_text] == [lab.text for lab in alone]
    assert in_text[0].scores == alone[0].scores
    assert in_text[1].scores["side"] != alone[1].scores["side"]
    assert in_text[1].scores["side"]["china"] > alone[1].scores["side"]["china"]


def test_a_pickled_compiled_model_finds_its_context_columns_again(model, compiled_model):
    """A compiled model pickled when the context read two columns (pronoun, "they") loads and reads three."""
    import pickle

    comp = compiled_model
    state = comp.__getstate__()
    state["context_columns"] = state["context_columns"][:2]
    old = pickle.loads(pickle.dumps(comp))
    old.__setstate__(state)
    assert len(old.context_columns) == 3
    texts = [BEFORE, "“Any interference will be met with firm countermeasures.”"]
    np.testing.assert_allclose(old.predict_proba(texts, documents=[0, 0])["side"],
                               model.predict_proba(texts, documents=[0, 0])["side"], atol=1e-5)


LONG_DOCUMENT_LEAD = "The call lasted an hour. "


def test_explain_explains_the_labels_the_sentence_was_given_in_its_document(model):
    """``SentenceLabel.explain`` explains the sentence's own labels, which the sentence before set in part, not what
    the model would give the sentence alone; the side's explanation names the sentence before's part, with the
    sign of its effect on the side's probability."""
    import math

    labels = classify(BEFORE + " He welcomed progress on counternarcotics.", model=model)
    lab = labels[1]
    explanation = lab.explain(model, top=3)
    assert set(explanation["side"]) == {lab.side}
    assert set(explanation["stance"]) == {lab.stance}
    assert set(explanation["issue"]) == set(lab.issues)
    alone = model.predict_proba([lab.text])["side"][0][list(model.classes_["side"]).index(lab.side)]
    shift = math.log(lab.scores["side"][lab.side]) - math.log(alone)
    assert abs(shift) >= 0.01  # the sentence before moved this side (a "He ..." sentence reads it)
    entry = explanation["side"][lab.side]["for" if shift > 0 else "against"][0]
    assert entry == ("context:sentence before", pytest.approx(shift, abs=2e-3))
    # the first sentence reads nothing before it: no context entry
    first = labels[0].explain(model, top=3)["side"][labels[0].side]
    assert all(name != "context:sentence before" for name, _ in first["for"] + first["against"])


def test_explain_takes_the_labels_to_explain_and_refuses_ones_the_model_lacks(model):
    text = "He welcomed progress on counternarcotics."
    out = model.explain(text, top=2, labels={"issue": "taiwan", "side": "joint"})
    assert set(out["issue"]) == {"taiwan"} and set(out["side"]) == {"joint"}
    assert set(out["stance"]) == set(model.predict([text])["stance"])  # a field left out: its prediction
    with pytest.raises(ValueError, match=r"labels\['side'\] = 'martian' is not a label of this model's side head"):
        model.explain(text, labels={"side": "martian"})
    with pytest.raises(ValueError, match=r"labels\['stance'\] .* one code"):
        model.explain(text, labels={"stance": ["warning", "concern"]})
    with pytest.raises(ValueError, match=r"labels names 'tone', which this model has no head for"):
        model.explain(text, labels={"tone": "warm"})


def test_classify_documents_reads_the_sentence_before_across_its_batches():
    """A document longer than one batch (``BATCH_SIZE`` sentences) keeps the sentence before as context across the
    cut, so every sentence is labelled exactly as ``classify`` labels the document alone."""
    from stancelib import classify_documents
    from stancelib.api import BATCH_SIZE

    text = LONG_DOCUMENT_LEAD * (BATCH_SIZE - 1) + BEFORE + " He welcomed progress on counternarcotics. " \
        + "He said the talks were useful. " * 20
    alone = classify(text)
    together = classify_documents(["Xi warned Biden. He said no.", text, "They agreed."])
    mine = [lab for lab in together if lab.doc_id == "1"]
    key = lambda lab: (lab.text, lab.span, lab.issues, lab.stance, lab.side, lab.confidence, lab.scores)  # noqa: E731
    assert len(mine) == len(alone) > BATCH_SIZE + 2
    assert [key(a) for a in alone] == [key(b) for b in mine]
