"""``stancelib.evaluation``: a short repr, surface flags that say what ``normalize_text`` does, and what a model
was trained on read from its manifest.

Review r34 (notebook area): M5, ``Evaluation``'s repr was 1.66 million characters (every record, probability
and prediction); L1, the surface table marked "line break after the first comma" not normalised though
``normalize_text`` undoes it every time, and "full-width commas" normalised though it never does (the space after
the comma goes); M1/M3, the notebooks took "not left out" for "trained on" and a stale sentence for what the
bundled model was trained on, where its manifest says.
"""

import numpy as np
import pytest

from stancelib.evaluation import (SURFACE_CHANGES, Evaluation, TrainingDocuments, evaluate, heldout_doc_ids,
                                  heldout_records, training_documents)
from stancelib.lexicon import normalize_text

from .table_model import TableModel


@pytest.fixture(scope="module")
def held():
    return heldout_records()


def test_an_evaluation_has_a_one_line_repr_and_a_metrics_table(held):
    records = held[:120]
    result = evaluate(None, records)
    text = repr(result)
    assert len(text) < 300 and "\n" not in text and "_source" not in text
    assert text.startswith(f"Evaluation({len(records)} sentences in {result.metrics['n_documents']} documents; "
                           "heads issue, stance, side; issue micro-f1 ")
    assert f"stance macro-f1 {result.metrics['stance']['macro_f1']:.3f}" in text
    assert result._repr_markdown_().startswith("| head | metric | model |")


def test_a_big_evaluation_is_still_short():
    n = 20_000
    records = [{"id": str(i), "doc_id": "d", "text": "x" * 50, "stance": "neutral"} for i in range(n)]
    big = Evaluation(records=records, heads=("stance",), labels={"stance": ["neutral"]},
                     classes={"stance": ["neutral"]}, proba={"stance": np.ones((n, 1))},
                     truth={"stance": ["neutral"] * n}, pred={"stance": ["neutral"] * n},
                     metrics={"n_sentences": n, "n_documents": 1, "stance": {"macro_f1": 1.0, "accuracy": 1.0}})
    assert repr(big) == "Evaluation(20,000 sentences in 1 documents; heads stance; stance macro-f1 1.000)"


def test_each_surface_flag_says_whether_normalize_text_undoes_the_change(held):
    """``normalised`` is True exactly when ``normalize_text`` gives every sentence the change alters the
    normalised text of the sentence (so that a model reading normalised text is unchanged by construction)."""
    texts = [r["text"] for r in held]
    wrong = {}
    for name, (change, normalised) in SURFACE_CHANGES.items():
        altered = [t for t in texts if change(t) != t]
        undone = sum(normalize_text(change(t)) == normalize_text(t) for t in altered)
        if altered and normalised != (undone == len(altered)):
            wrong[name] = (normalised, undone, len(altered))
    assert not wrong, f"flag, sentences undone, sentences altered: {wrong}"
    assert SURFACE_CHANGES["line break after the first comma"][1] is True
    assert SURFACE_CHANGES["full-width commas"][1] is False


def test_a_sentence_attributed_already_gets_no_second_attribution():
    change = SURFACE_CHANGES["a wire's attribution closing the sentence"][0]
    once = "The embassy declined to comment, according to Reuters."
    assert change(once) == once
    assert change("The embassy declined to comment.") == "The embassy declined to comment, Reuters reported."


def test_the_bundled_model_was_trained_on_its_seed_files_but_the_held_out_documents():
    trained = training_documents()
    assert trained.recorded and trained.other_sentences == 0
    assert len(repr(trained)) < 100  # the documents counted, not listed
    held = set(heldout_doc_ids())
    assert not trained.seen(held)
    # authors ay and az's pages are in its data (trends.ipynb said they were not), but for the held-out ones
    ayaz = {d for d in trained.documents if d.startswith(("ay", "az"))}
    assert ayaz and not ayaz & held
    from stancelib.persist import bundled_dir, read_manifest

    assert len(trained.documents) == read_manifest(bundled_dir())["data"]["documents"]


def test_a_model_of_the_users_data_alone_saw_no_seed_document():
    """M1: evaluate.ipynb warned that such a model "was trained on 276 of the 276 held-out documents"."""
    own = {"excluded_documents": [], "data": {"sources": [{"path": "user data", "sentences": 200}]}}
    trained = training_documents(own)
    assert trained == TrainingDocuments(True, frozenset(), 200)
    assert trained.seen(heldout_doc_ids()) == []


def test_a_model_trained_on_everything_saw_the_held_out_documents(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / "corpus").mkdir(parents=True)
    (seeds / "corpus" / "part_x.jsonl").write_text('{"id": "1", "doc_id": "x1", "text": "a"}\n'
                                                   '{"id": "2", "doc_id": "x2", "text": "b"}\n', encoding="utf-8")
    manifest = {"excluded_documents": ["x2"],
                "data": {"sources": [{"path": "seeds/corpus/part_x.jsonl", "sentences": 2},
                                     {"path": "user data", "sentences": 5}]}}
    trained = training_documents(manifest, seeds_dir=seeds)
    assert trained == TrainingDocuments(True, frozenset({"x1"}), 5)
    assert trained.seen(["x1", "x2", "x3"]) == ["x1"]
    # what the manifest cannot tell: no manifest, the left-out documents only counted, a listed file missing
    assert not training_documents({}).recorded
    assert not training_documents({**manifest, "excluded_documents": 1}, seeds_dir=seeds).recorded
    assert not training_documents(manifest, seeds_dir=tmp_path).recorded
    assert not training_documents(TableModel([("a", ["taiwan"], "neutral", "us")])).recorded  # never saved
