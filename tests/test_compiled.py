"""The scikit-learn-free export predicts what the estimator predicts, and starts without scikit-learn."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from stancelib.compiled import CompiledModel
from stancelib.data import load_records, seed_files
from stancelib.persist import ModelIntegrityError, bundled_dir, clear_cache, load_compiled_bundled


@pytest.fixture(scope="module")
def corpus():
    records = []
    for path in seed_files():
        records.extend(load_records(path))
    return [r["text"] for r in records], [r["doc_id"] for r in records]


def _check_compiled_equals_estimator(est, texts, docs):
    comp = load_compiled_bundled()
    assert isinstance(comp, CompiledModel)
    a, b = est.predict_proba(texts, documents=docs), comp.predict_proba(texts, documents=docs)
    for head in a:
        np.testing.assert_allclose(a[head], b[head], atol=1e-5)
    assert est.predict(texts, documents=docs) == comp.predict(texts, documents=docs)
    assert {k: list(v) for k, v in comp.classes_.items()} == {k: list(v) for k, v in est.classes_.items()}


# The tests that only read the bundled estimator take the session's `model` (what load_model() returns)
# rather than a copy of their own: load_model() deep-copies it, 0.2 s a call.
def test_compiled_bundled_model_equals_the_estimator_on_a_sample(corpus, model):
    """Every 8th document of the seed corpus, whole (the full corpus runs in the slow tier)."""
    texts, docs = corpus
    keep = {d for i, d in enumerate(dict.fromkeys(docs)) if i % 8 == 0}
    rows = [i for i, d in enumerate(docs) if d in keep]
    _check_compiled_equals_estimator(model, [texts[i] for i in rows], [docs[i] for i in rows])


@pytest.mark.slow
def test_compiled_bundled_model_equals_the_estimator(corpus, model):
    _check_compiled_equals_estimator(model, *corpus)


# A fresh model is fitted on few_records (123 sentences), not small_records: any fitted model must compile to
# one that predicts the same, and the calibrated fit takes half the time.
def test_compile_a_fresh_model(few_records):
    from stancelib import ReadoutClassifier

    texts = [r["text"] for r in few_records]
    y = {f: [r[f] for r in few_records] for f in ("issue", "stance", "side")}
    est = ReadoutClassifier(cv=2, min_df=1).fit(texts, y)
    comp = est.compile()
    probe = ["Beijing warned of countermeasures.", "He also raised fentanyl.", "", "中方表示关切。"]
    for head, p in est.predict_proba(probe, documents=[0] * 4).items():
        np.testing.assert_allclose(p, comp.predict_proba(probe, documents=[0] * 4)[head], atol=1e-5)
    with pytest.raises(TypeError, match="string object received"):
        comp.predict_proba("one string")


@pytest.mark.parametrize("word_ngram_range", [(1, 1), (1, 3), (2, 3)])
def test_compile_any_word_ngram_range_and_no_char_block(few_records, word_ngram_range):
    from stancelib import ReadoutClassifier

    texts = [r["text"] for r in few_records]
    y = {f: [r[f] for r in few_records] for f in ("issue", "stance", "side")}
    est = ReadoutClassifier(cv=0, min_df=1, word_ngram_range=word_ngram_range,
                            char_ngram_range=None if word_ngram_range == (1, 1) else (2, 5)).fit(texts, y)
    comp = est.compile()
    probe = texts[:200] + ["Beijing warned of countermeasures.", "", "the the the", "中方表示关切。"]
    docs = list(range(len(probe)))
    a, b = est.predict_proba(probe, documents=docs), comp.predict_proba(probe, documents=docs)
    for head in a:
        np.testing.assert_allclose(a[head], b[head], atol=1e-5)


def test_compiled_forgets_tokens_past_its_limit_and_stays_correct(corpus):
    comp = load_compiled_bundled()
    texts = corpus[0][:500]
    want = comp.predict_proba(texts)
    small = _fresh_copy(comp, MAX_TOKENS=300)
    got = small.predict_proba(texts)
    for head in want:
        np.testing.assert_allclose(got[head], want[head], atol=1e-12)
    # fed a few sentences at a time, the table holds at most its limit plus one call's tokens, and starts afresh
    from stancelib.lexicon import tokenize

    bounded = _fresh_copy(comp, MAX_TOKENS=300)
    sizes, bounds = [], []
    for lo in range(0, len(texts), 10):
        batch = texts[lo:lo + 10]
        bounded.predict_proba(batch)
        sizes.append(len(bounded._table().index))
        bounds.append(300 + sum(len(tokenize(t)) for t in batch))
    assert all(size <= bound for size, bound in zip(sizes, bounds)), list(zip(sizes, bounds))
    assert any(b < a for a, b in zip(sizes, sizes[1:])), "the table never started afresh"
    for head, p in comp.predict_proba(texts).items():  # the original is untouched
        np.testing.assert_allclose(p, want[head], atol=1e-12)


def _fresh_copy(comp, **attrs):
    """The same fitted model with empty token caches."""
    copy = CompiledModel.__new__(CompiledModel)
    copy.__dict__.update({k: v for k, v in comp.__dict__.items() if k != "_token_state"})
    copy.__dict__.update(attrs)
    return copy


def test_threads_sharing_one_model_get_the_same_results(corpus):
    from concurrent.futures import ThreadPoolExecutor

    texts = corpus[0][:1600]
    parts = [texts[i::8] for i in range(8)]
    want = [_fresh_copy(load_compiled_bundled()).predict_proba(p) for p in parts]
    shared = _fresh_copy(load_compiled_bundled(), MAX_TOKENS=900)  # starts afresh often, while others read
    for _ in range(3):
        with ThreadPoolExecutor(max_workers=4) as pool:
            got = list(pool.map(shared.predict_proba, parts))
        for g, w in zip(got, want):
            for head in w:
                np.testing.assert_allclose(g[head], w[head], atol=1e-12)


def test_classify_does_not_import_sklearn():
    """classify() labels a text in a process that never imports scikit-learn, as it does here (what the text
    reads as: tests/test_golden.py)."""
    from stancelib import classify

    text = "Xi warned Biden over Taiwan. The call lasted an hour."
    code = ("import json, sys, stancelib; labels = stancelib.classify(sys.argv[1]); "
            "print(json.dumps([[lab.to_dict() for lab in labels], 'sklearn' in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, check=True).stdout
    labels, imported = json.loads(out)
    assert imported is False
    assert labels == [json.loads(json.dumps(lab.to_dict())) for lab in classify(text)] and len(labels) == 2


def test_tampered_compiled_export_is_refused(tmp_path, monkeypatch):
    import stancelib.persist as persist

    fake = tmp_path / "models"
    shutil.copytree(bundled_dir(), fake)
    name = json.loads((fake / "manifest.json").read_text())["compiled"]
    data = bytearray((fake / name).read_bytes())
    data[len(data) // 3] ^= 0x01
    (fake / name).write_bytes(bytes(data))
    monkeypatch.setattr(persist, "bundled_dir", lambda: fake)
    clear_cache()
    try:
        with pytest.raises(ModelIntegrityError, match="sha256"):
            load_compiled_bundled()
    finally:
        clear_cache()


def test_export_token_coverage_equals_the_estimators(corpus, model):
    """The export counts tokens and known words from its token ids; the estimator tokenises again.
    Both feed the out-of-distribution rule, so they must agree."""
    texts, docs = corpus
    texts = texts[::7] + ["", "Blorf zimble quaxx.", "Taiwan " * 500, "中方表示关切。", "U.S.-China ties."]
    est, comp = model, load_compiled_bundled()
    _, n_comp, k_comp = comp.proba_and_coverage(texts, None)
    n_est, k_est = est.token_coverage(texts)
    np.testing.assert_array_equal(n_comp, n_est)
    np.testing.assert_array_equal(k_comp, k_est)
    assert k_est[-5:-2].tolist() == [0, 0, 500] and 0 < k_est.mean() <= n_est.mean()


def test_a_loaded_model_has_its_lookup_tables_built_and_does_not_save_them():
    """The n-gram blocks' hash tables are made when the model is loaded (not by the first
    batch), are left out of a pickle, and are made again when the pickle is loaded."""
    import pickle

    from stancelib.compiled import _CharNgrams, _WordNgrams

    comp = load_compiled_bundled()
    word = [b for b in comp.ngram_blocks if isinstance(b, _WordNgrams)]
    char = [b for b in comp.ngram_blocks if isinstance(b, _CharNgrams)]
    assert word and char
    assert "_maps" in word[0].__dict__ and "_index" in char[0].__dict__
    state = pickle.dumps(comp)
    assert "_maps" not in word[0].__getstate__() and "_index" not in char[0].__getstate__()
    again = pickle.loads(state)
    assert all("_maps" in b.__dict__ for b in again.ngram_blocks if isinstance(b, _WordNgrams))
    assert all("_index" in b.__dict__ for b in again.ngram_blocks if isinstance(b, _CharNgrams))
    probe = ["Beijing warned of countermeasures over Taiwan.", "The two sides agreed to keep talking."]
    for head, p in comp.predict_proba(probe).items():
        np.testing.assert_array_equal(p, again.predict_proba(probe)[head])


def test_export_reads_frames_and_2d_input_as_the_estimator_does(model):
    """Review r31, finding 2: the export labelled a DataFrame's column name (one prediction for two rows) and
    refused a 2-d array the estimator reads by rows. Both models now read every 2-d form row by row."""
    pd = pytest.importorskip("pandas")
    est, comp = model, load_compiled_bundled()
    rows = ["Xi warned Biden over Taiwan.", "The two sides agreed to resume talks."]
    frame = pd.DataFrame({"text": rows})
    two_columns = pd.DataFrame({"who": ["Xi warned Biden", "The two sides agreed"],
                                "what": ["over Taiwan.", "to resume talks."]})
    for X in (frame, two_columns, np.asarray(frame), [[r] for r in rows], frame["text"], np.asarray(rows)):
        got = comp.predict(X)
        assert got == est.predict(X), type(X).__name__
        assert len(got["stance"]) == 2
        for head, p in est.predict_proba(X).items():
            np.testing.assert_allclose(comp.predict_proba(X)[head], p, atol=1e-5)
    assert comp.predict(frame) == comp.predict(rows)  # the rows, not the column name "text"


def test_export_refuses_a_mapping_instead_of_labelling_its_keys():
    """Review r31, finding 2: iterating a dict yields its keys, which were labelled as if they were sentences."""
    comp = load_compiled_bundled()
    for X in ({"Xi warned Biden over Taiwan.": 1}, {"text": ["Xi warned Biden over Taiwan."]}):
        with pytest.raises(TypeError, match=r"got a dict, whose iteration yields its keys.*list\(d.values\(\)\)"):
            comp.predict(X)
        with pytest.raises(TypeError, match="yields its keys"):
            comp.predict_proba(X)


def _hostile_inputs():
    """Hostile inputs, each as a function that makes it afresh (an iterator is read once)."""
    pd = pytest.importorskip("pandas")
    import scipy.sparse as sp

    return [lambda: ["a", "b"], lambda: ("a",), lambda: [], lambda: iter(["a", "b"]), lambda: (t for t in ["a"]),
            lambda: np.asarray(["a", "b"]), lambda: np.asarray(["a", "b"], dtype=object),
            lambda: np.asarray([["a", "b"], ["c", "d"]]), lambda: [["a", 1], ["b", 2]], lambda: [("a", "b")],
            lambda: pd.Series(["a", "b"]), lambda: pd.DataFrame({"x": ["a"], "y": ["b"]}), lambda: np.zeros((2, 0)),
            lambda: "a", lambda: b"a", lambda: None, lambda: 5, lambda: 3.5, lambda: np.asarray("a"),
            lambda: np.asarray([1, 2]), lambda: np.asarray([1j]), lambda: ["a", None], lambda: ["a", float("nan")],
            lambda: ["Xi warned Biden.", None], lambda: [float("nan"), "a"], lambda: ["a", b"b"], lambda: [1, 2],
            lambda: sp.csr_matrix(np.eye(2)), lambda: {"a": 1}, lambda: {"text": ["Xi warned Biden over Taiwan."]},
            lambda: pd.DataFrame({"text": ["a", None]}), lambda: [["a", float("inf")]]]


def _outcome(call):
    """What a call gives: ("result", its value), or the class and message of what it raised."""
    try:
        return "result", call()
    except Exception as exc:  # noqa: BLE001 - any difference of class or message is what the test reports
        return type(exc), str(exc)


def _same_outcome(got, want, what):
    assert got[0] == want[0], (what, got, want)
    if got[0] != "result":
        assert got[1] == want[1], what  # the same message
    elif isinstance(want[1], dict) and want[1] and isinstance(next(iter(want[1].values())), np.ndarray):
        assert got[1].keys() == want[1].keys(), what
        for head in want[1]:
            np.testing.assert_allclose(got[1][head], want[1][head], atol=1e-5, err_msg=f"{what} {head}")
    else:
        assert got[1] == want[1], what


def test_export_reads_and_refuses_the_inputs_the_estimator_does(model):
    """Review r33, finding 1: the export's own entry points (what classify, model.compile() and load_model(DIR)
    call) and the estimator's, on the same hostile inputs: the same probabilities and labels, or the same
    exception class and message. A mapping and a missing item are refused by both."""
    est, comp = model, load_compiled_bundled()
    refused = 0
    for make in _hostile_inputs():
        for method in ("predict_proba", "predict"):
            got = _outcome(lambda: getattr(comp, method)(make()))
            want = _outcome(lambda: getattr(est, method)(make()))
            _same_outcome(got, want, f"{method}({make()!r})")
            refused += want[0] != "result"
    assert refused >= 2 * 20  # most of them are refused: the comparison is of messages, not only of results


@pytest.mark.parametrize("documents", ["ab", ["d"], ["d", "d", "d"], 7, {"d": 1}])
def test_export_refuses_the_documents_the_estimator_refuses(model, documents):
    est, comp = model, load_compiled_bundled()
    X = ["Xi warned Biden over Taiwan.", "He also raised fentanyl."]
    for method in ("predict_proba", "predict"):
        got = _outcome(lambda: getattr(comp, method)(X, documents=documents))
        want = _outcome(lambda: getattr(est, method)(X, documents=documents))
        assert want[0] in (TypeError, ValueError), want
        _same_outcome(got, want, f"{method}(documents={documents!r})")
