"""The public API on the bundled model: classify, classify_sentences, SentenceLabel."""

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import stancelib
from stancelib import classify, classify_sentences
from stancelib.persist import load_shared_model


def _within_model(label, model):
    assert label.issues, "issues is never empty"
    assert set(label.issues) <= set(model.classes_["issue"])
    assert label.stance in model.classes_["stance"]
    assert label.side in model.classes_["side"]
    assert 0.0 <= label.confidence <= 1.0


def test_classify_seed_article(seed_text, seed_labels, model):
    labels = classify(seed_text)
    assert len(labels) == len(seed_labels)
    for lab, gold in zip(labels, seed_labels):
        start, end = lab.span
        assert seed_text[start:end] == lab.text == gold["text"]
        _within_model(lab, model)


def test_classify_labels_a_texts_sentences_as_the_estimator_predicts_them_in_one_document(model):
    """classify() segments the text and labels its sentences together, as one document, with the bundled model's
    export; the estimator load_model() returns gives the same labels. (What the text reads as: test_golden.py.)"""
    from stancelib.segment import segment

    text = ("Xi warned Biden not to cross a red line on Taiwan. He also urged Washington to lift curbs on chip "
            "exports. The two sides agreed to resume military-to-military talks.")
    labels = classify(text)
    sentences = [s.text for s in segment(text)]
    assert [lab.text for lab in labels] == sentences and len(sentences) == 3
    pred = model.predict(sentences, documents=["d"] * len(sentences))
    assert [(lab.issues, lab.stance, lab.side) for lab in labels] == list(zip(pred["issue"], pred["stance"],
                                                                             pred["side"]))


def test_classify_sentences_keeps_length_and_order(seed_labels):
    texts = [r["text"] for r in seed_labels]
    labels = classify_sentences(texts)
    assert [lab.text for lab in labels] == texts
    assert all(lab.span == (0, len(lab.text)) for lab in labels)
    reversed_labels = classify_sentences(list(reversed(texts)))
    assert [lab.to_dict() for lab in reversed_labels] == [lab.to_dict() for lab in reversed(labels)]


def test_classify_sentences_accepts_any_iterable():
    gen = (t for t in ["The call lasted an hour.", "Beijing objected."])
    assert len(classify_sentences(gen)) == 2
    assert classify_sentences([]) == []


def test_scores_are_probabilities(model):
    lab = classify_sentences(["The Chinese side expressed firm opposition to the new export controls."])[0]
    scores = lab.scores
    assert set(scores) == {"issue", "stance", "side"}
    for head in ("stance", "side"):
        assert set(scores[head]) == set(model.classes_[head])
        assert abs(sum(scores[head].values()) - 1) < 1e-3
    assert all(0 <= p <= 1 for p in scores["issue"].values())
    assert lab.confidence <= max(scores["stance"].values())


def test_sentence_label_is_immutable_and_serialisable():
    lab = classify_sentences(["The leaders spoke for two hours."])[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        lab.stance = "warning"  # type: ignore[misc]
    d = lab.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert set(d) == {"text", "span", "issues", "stance", "side", "confidence", "confidence_head", "scores"}
    lab.scores["stance"]["neutral"] = 5.0  # a copy: the label is unchanged
    assert lab.scores["stance"]["neutral"] <= 1


def test_empty_text_gives_no_sentences():
    assert classify("") == []
    assert classify(" \n\t ") == []


@pytest.mark.parametrize("bad, match", [
    (None, "None"), (b"bytes", "decode"), (3, "int"), (["a list"], "list"), (float("nan"), "NaN"),
])
def test_classify_rejects_non_text(bad, match):
    with pytest.raises(TypeError, match=match):
        classify(bad)


@pytest.mark.parametrize("bad, match", [
    ("a single string", "single str"), (b"bytes", "single bytes"), ([None], "sentence 0 is None"),
    (["ok", 3], "sentence 1 is a int"), (["ok", ["nested"]], "list"), (["ok", float("nan")], "NaN"),
    ([b"x"], "decode"), ({"a": 1}, "dict"), (5, "int"),
])
def test_classify_sentences_rejects_bad_input(bad, match):
    with pytest.raises(TypeError, match=match):
        classify_sentences(bad)


def test_model_argument_is_checked():
    with pytest.raises(TypeError, match="fitted ReadoutClassifier"):
        classify("text", model=42)
    with pytest.raises(ValueError, match="not fitted"):
        classify("text", model=stancelib.ReadoutClassifier())


_SENTENCE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)


@given(st.lists(_SENTENCE, min_size=1, max_size=8))
def test_labels_stay_in_label_sets_and_batch_equals_single(sentences):
    model = load_shared_model()  # read only: load_model() would copy it for every example
    batch = classify_sentences(sentences)
    for s, lab in zip(sentences, batch):
        _within_model(lab, model)
        for head in ("stance", "side"):
            probs = np.array(list(lab.scores[head].values()))
            assert np.all((probs >= 0) & (probs <= 1)) and abs(probs.sum() - 1) < 1e-3
        single = classify_sentences([s])[0]
        assert single.to_dict() == lab.to_dict()
    assert [lab.to_dict() for lab in classify_sentences(sentences)] == [lab.to_dict() for lab in batch]


@given(st.text(max_size=400))
def test_classify_spans_slice_any_text(text):
    last = 0
    for lab in classify(text):
        assert text[lab.span[0]:lab.span[1]] == lab.text
        assert lab.span[0] >= last
        last = lab.span[1]


def test_import_does_no_loading():
    import subprocess
    import sys

    code = ("import sys, stancelib; "
            "heavy = [m for m in ('sklearn', 'joblib', 'datasets', 'stancelib.model') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_api_is_small():
    assert set(stancelib.__all__) == {
        "classify", "classify_sentences", "classify_documents", "load_model", "train", "compare", "compare_sides",
        "classify_dataset", "SentenceLabel", "ReadoutClassifier", "Comparison", "TrainResult", "__version__",
        "summarize", "Summary", "trends", "Trends", "plot_trends",  # issue 16: summaries and trends
    }
    assert isinstance(stancelib.__version__, str)


def test_explain_names_features(model):
    lab = classify_sentences(["Beijing warned Washington that it would take resolute countermeasures."])[0]
    exp = lab.explain()
    assert set(exp) == {"issue", "stance", "side"}
    ways = exp["stance"][lab.stance]
    assert ways["for"] and all(isinstance(n, str) and v > 0 for n, v in ways["for"])
    assert all(v < 0 for n, v in ways["against"])
    assert len(ways["for"]) <= 5 and len(ways["against"]) <= 5


def test_explain_shows_features_for_and_against_and_the_confidence_head(model):
    """Issue 14, symptom 7: only features for the chosen label, and not which head set the confidence."""
    lab = classify_sentences(["The two sides agreed to keep in close contact, but Beijing warned against arms sales."])[0]
    exp = model.explain(lab.text, top=3)
    assert all(set(ways) == {"for", "against"} for per in exp.values() for ways in per.values())
    assert any(ways["against"] for per in exp.values() for ways in per.values())
    head = lab.confidence_head
    chosen = {"issue": lab.issues, "stance": (lab.stance,), "side": (lab.side,)}[head]
    assert min(lab.scores[head][c] for c in chosen) == pytest.approx(lab.confidence, abs=1e-4)
    with pytest.raises(ValueError, match="top must be"):
        model.explain(lab.text, top=0)


def test_every_feature_family_is_documented_in_the_readme(model):
    """Issue 14, symptom 7: feature names such as cue:rule:neutral were documented nowhere."""
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    families = set()
    for name in model.feature_names_out():
        parts = str(name).split(":")
        families.add(":".join(parts[:2]) if parts[0] in ("cue", "actor") else parts[0])
    missing = sorted(f for f in families if f"`{f}" not in readme)
    assert not missing, f"feature families not documented in the README: {missing}"


def test_ood_factor_refuses_a_single_string_as_classify_sentences_does():
    """A str is an iterable of characters: ``ood_factor("abc")`` used to return three factors, one a letter."""
    from stancelib.api import ood_factor

    with pytest.raises(TypeError, match=r"ood_factor\(\) expects an iterable of sentences, got a single str; wrap it"):
        ood_factor("The two sides agreed to resume talks.")
    with pytest.raises(TypeError, match=r"sentence 1 is None"):
        ood_factor(["The two sides agreed.", None])
    assert ood_factor(["The two sides agreed to resume talks."]).tolist() == [1.0]
