"""load_model() hands each caller a model of its own (review r31, finding 4).

It used to return the process-wide cached object: refitting or reconfiguring it changed what every later
``load_model()`` returned, and what :meth:`SentenceLabel.explain` explained bundled-model labels with.
"""

from stancelib import ReadoutClassifier, classify, classify_sentences, load_model
from stancelib.api import resolve_model
from stancelib.persist import save_model

TEXTS = ["Trade talks on soybeans went well.", "Tariffs on soybeans were raised sharply.",
         "A trade deal was signed.", "Export controls were tightened sharply."] * 2
TARGETS = {"stance": ["cooperation", "warning", "cooperation", "warning"] * 2,
           "side": ["us", "china", "us", "china"] * 2}
SENTENCE = "Wang Yi warned the U.S. over Taiwan."


def _labels(model):
    return {f: list(v) for f, v in model.classes_.items()}


def test_refitting_a_loaded_bundled_model_leaves_the_bundled_model_alone():
    before = load_model()
    bundled_labels, bundled_weight = _labels(before), before.context_weight
    mine = load_model()
    mine.set_params(cv=0, min_df=1).fit(TEXTS, TARGETS)
    assert set(_labels(mine)) == {"stance", "side"}
    again = load_model()
    assert again is not mine and _labels(again) == bundled_labels and "issue" in _labels(again)
    assert again.get_params() == before.get_params() != mine.get_params()
    assert again.predict([SENTENCE]) == before.predict([SENTENCE])
    # a bare set_params on one copy changes no other
    load_model().set_params(context_weight=0.0)
    assert load_model().context_weight == bundled_weight


def test_explain_without_a_model_uses_the_bundled_estimator_whatever_users_did_to_theirs():
    """The review's case: after a user's toy refit, explain() lost the issue head and added a 0.86
    'context:sentence before' shift to a sentence classified alone."""
    label = classify_sentences([SENTENCE])[0]
    want = label.explain(model=load_model())
    load_model().set_params(cv=0, min_df=1).fit(TEXTS, TARGETS)
    got = label.explain()
    assert got == want
    assert set(got) == {"issue", "stance", "side"}
    entries = [name for lists in got["side"].values() for side in lists.values() for name, _ in side]
    assert "context:sentence before" not in entries


def test_a_trusted_directory_gives_copies_too_and_classify_reads_the_shared_export(tmp_path):
    fitted = ReadoutClassifier(cv=0, min_df=1).fit(TEXTS, TARGETS)
    out = tmp_path / "mine"
    save_model(fitted, out, {"labels": _labels(fitted)})
    first = load_model(out, trusted=True)
    first.set_params(context_weight=0.0)
    first.fit(TEXTS[:4] * 2, {"stance": TARGETS["stance"][:4] * 2})  # stance only now
    assert set(_labels(load_model(out, trusted=True))) == {"stance", "side"}
    assert load_model(out, trusted=True).context_weight == fitted.context_weight
    assert load_model(out) is not load_model(out)  # the safe export as well
    # classify(model=DIR) labels with stancelib's cached export, not a copy per call
    assert resolve_model(out) is resolve_model(out) and resolve_model(str(out)) is resolve_model(out)
    assert [x.to_dict() for x in classify(SENTENCE, model=out)] == \
        [x.to_dict() for x in classify(SENTENCE, model=load_model(out))]


def test_a_copy_predicts_as_the_bundled_export():
    est = load_model()
    probe = [SENTENCE, "The two sides agreed to resume military talks.", ""]
    assert [(l.issues, l.stance, l.side) for l in classify_sentences(probe, model=est)] == \
        [(l.issues, l.stance, l.side) for l in classify_sentences(probe)]
