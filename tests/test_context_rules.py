"""training.context_rules: the blend it undoes is the one the model applies, so its figures are exact."""

import numpy as np

from stancelib._inference import blend_sentence_before
from training.context_rules import SPEAKER_LABEL, speaker_source, speaks_first_person, unblend, voice_source


def test_unblend_inverts_the_models_blend(model):
    texts = ["Xi warned Biden over Taiwan.", "He also raised export controls.",
             "“Any interference will be met with countermeasures.”", "Blinken urged restraint.",
             "He added that talks would go on.", "The call lasted an hour."]
    documents = [0, 0, 0, 1, 1, 1]
    saved = model.predict_proba(texts, documents=documents)["side"]
    own = model.predict_proba(texts)["side"]
    follows = model._scores(texts)[1]
    assert follows.tolist() == [False, True, True, False, True, False]
    np.testing.assert_allclose(unblend(saved, follows, documents, model.context_weight), own, atol=1e-12)
    np.testing.assert_allclose(blend_sentence_before(own, follows, documents, model.context_weight), saved,
                               atol=1e-12)


def test_speaker_labels_find_their_speaker():
    texts = ["Q&A: Cui Tiankai on the talks", "Q: How did it go?", "CUI: Well, frankly.", "Q: And then?",
             "CUI: We stood firm.", "HOST: Thanks."]
    documents = [0] * 6
    source = speaker_source(texts, documents)
    assert [source(i) for i in range(6)] == [None, None, 0, None, 2, None]
    assert not SPEAKER_LABEL.match("Q: How did it go?") and SPEAKER_LABEL.match("NINA COLE: Yes.")


def test_a_first_person_voice_is_found_outside_quotations_and_questions():
    texts = ["Transcript: a senior official on the talks", "MODERATOR: Thanks, everybody.",
             "Q: Did the secretary raise Taiwan?", "He did, and we made our position clear.",
             "The Chinese side said “we oppose this”.", "Export controls came up too.", "We expect more talks."]
    documents = [0] * 6 + [1]
    assert [speaks_first_person(t) for t in texts] == [False, False, False, True, False, False, True]
    assert not speaks_first_person("The US and China spoke.") and speaks_first_person("They told us no.")
    source = voice_source(texts, documents)
    # the last sentence of the document that speaks as "we" or opens with a speaker label; none across documents
    assert [source(i) for i in range(7)] == [None, None, 1, 1, 3, 3, None]
    assert voice_source(texts, documents, reach=1)(5) is None


def test_a_weight_of_one_or_more_cannot_be_undone(capsys):
    """--weight 1 made unblend divide by 1 - w = 0, and every rule was compared on inf probabilities."""
    import pytest

    from training.context_rules import main

    saved = np.array([[0.6, 0.4], [0.7, 0.3]])
    with pytest.raises(ValueError, match="weight must be at least 0 and below 1"):
        unblend(saved, np.array([False, True]), ["d", "d"], 1.0)
    np.testing.assert_allclose(unblend(saved, np.array([False, True]), ["d", "d"], 0.0), saved)
    for bad in ("1", "1.5", "-0.1", "x"):
        with pytest.raises(SystemExit) as info:
            main(["unused.npz", "--weight", bad])
        assert info.value.code == 2 and "argument --weight" in capsys.readouterr().err
