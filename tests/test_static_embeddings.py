"""The static word vectors (issue 12, item 2): the committed table, the block, its export."""

import json
import pickle

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from stancelib import ReadoutClassifier
from stancelib.compiled import CompiledModel
from stancelib.embeddings import STATIC_VECTORS_NOTE, STATIC_VECTORS_PATH, load_static_vectors
from stancelib.features import StaticEmbeddings
from stancelib.lexicon import tokenize

#: A table small enough to check by hand.
TINY = {"taiwan": [1.0, 0.0, 0.0], "strait": [0.0, 1.0, 0.0], "warned": [0.0, 0.0, 2.0], "'s": [0.5, 0.5, 0.0]}
#: The committed table's budget: one copy in the estimator, one in the export, under 20 MB in all.
MAX_TABLE_BYTES = 2_700_000


@parametrize_with_checks([StaticEmbeddings(vectors=TINY)])
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_block_is_the_weighted_normalised_sum_of_known_words():
    emb = StaticEmbeddings(vectors=TINY, weight=0.5).fit(["x"])
    X = emb.transform(["Taiwan Strait", "China warned Taiwan's", "Taiwan taiwan strait"])
    assert X.shape == (3, 3) and X.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 0.5, rtol=1e-6)
    np.testing.assert_allclose(X[0], [0.5 / np.sqrt(2), 0.5 / np.sqrt(2), 0], rtol=1e-6)
    want = np.array([1.5, 0.5, 2.0])  # taiwan + 's + warned; "china" is unknown
    np.testing.assert_allclose(X[1], 0.5 * want / np.linalg.norm(want), rtol=1e-6)
    want = np.array([2.0, 1.0, 0.0])  # a repeated word counts each time
    np.testing.assert_allclose(X[2], 0.5 * want / np.linalg.norm(want), rtol=1e-6)
    assert list(emb.get_feature_names_out()) == ["dim0", "dim1", "dim2"]


def test_unknown_words_and_empty_sentences_give_zeros():
    emb = StaticEmbeddings(vectors=TINY).fit(["x"])
    X = emb.transform(["", "Nothing here is known.", "中方表示关切。", "..."])
    assert not X.any()


def test_table_is_stored_as_float16_and_dims_keeps_the_first_columns():
    emb = StaticEmbeddings(vectors=TINY, dims=2).fit(["x"])
    assert emb.vectors_.dtype == np.float16 and emb.vectors_.shape == (4, 2)
    np.testing.assert_allclose(emb.transform(["Strait warned"]), [[0, 1]])  # "warned" lost its only column
    with pytest.raises(ValueError, match="dims"):
        StaticEmbeddings(vectors=TINY, dims=4).fit(["x"])
    assert b"_word_index" not in pickle.dumps(emb)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(emb)).transform(["Taiwan"]), emb.transform(["Taiwan"]))


def test_committed_table_loads_without_pickle_and_matches_its_note():
    with np.load(STATIC_VECTORS_PATH, allow_pickle=False) as npz:
        assert sorted(npz.files) == ["vectors", "words"]
        assert npz["words"].dtype.kind == "U"
    words, vectors = load_static_vectors()
    note = json.loads(STATIC_VECTORS_PATH.with_name(STATIC_VECTORS_NOTE).read_text(encoding="utf-8"))
    assert vectors.dtype == np.float16 and vectors.shape == (note["words"], note["dims"])
    assert np.isfinite(vectors).all() and (np.abs(vectors).sum(axis=1) > 0).all()
    assert len(set(words)) == len(words)
    assert all(tokenize(w) == [w] for w in words[:2000:7])  # words as the tokenizer makes them
    assert {"taiwan", "fentanyl", "semiconductors", "the"} <= set(words)
    assert STATIC_VECTORS_PATH.stat().st_size < MAX_TABLE_BYTES


def test_off_by_default():
    assert ReadoutClassifier().static_weight is None
    assert "static" not in ReadoutClassifier(cv=0)._blocks()


def test_compiled_export_equals_the_estimator_with_the_block_on(small_records):
    records = small_records[::3]
    texts = [r["text"] for r in records]
    y = {f: [r[f] for r in records] for f in ("issue", "stance", "side")}
    est = ReadoutClassifier(cv=0, min_df=1, static_weight=1.0, static_dims=16,
                            static_heads=("stance",)).fit(texts, y)
    assert est.blocks_["static"].vectors_.shape[1] == 16
    assert "static" in est.head_features_["stance"] and "static" not in est.head_features_["issue"]
    probe = texts[:20] + ["Beijing warned of countermeasures.", "He also raised fentanyl.", "", "中方表示关切。"]
    docs = [0] * len(probe)
    want = est.predict_proba(probe, documents=docs)
    comp = est.compile()
    safe = CompiledModel.from_parts(*comp.to_parts())
    for got in (comp.predict_proba(probe, documents=docs), safe.predict_proba(probe, documents=docs)):
        for head in want:
            np.testing.assert_allclose(got[head], want[head], atol=1e-5)
    assert comp.predict(probe, documents=docs) == est.predict(probe, documents=docs)
    explained = est.explain("Xi warned Biden over Taiwan.")["stance"]
    assert all(name.split(":")[0] in {"word", "char", "cue", "static"}
               for label in explained.values() for side in label.values() for name, _ in side)


def test_distill_vocabulary_is_the_corpus_words_by_frequency():
    """training.distill puts the corpus's words first: those holding a letter, most frequent first, ties
    alphabetical (numbers are not words)."""
    from training.distill import corpus_words

    records = [{"text": "Taiwan, Taiwan and 2024 talks."}, {"text": "talks on Taiwan"}]
    assert corpus_words(records) == ["taiwan", "talks", "and", "on"]
