"""stancelib.curation: suggest() reads sentences in their documents as classify does; inputs refused by name.

Findings 2, 3 and 11 of the r30 review (timeseries, summary, curation, tables, segment).
"""

import math

import pytest

from stancelib import classify
from stancelib.curation import audit, suggest, uncertainty

from .conftest import SEEDS
from .table_model import TableModel

XI = "Xi Jinping said the Taiwan question is at the core of China's interests."
HE = "He also raised concerns about U.S. export controls."
ADDED = "He added that the two sides should cooperate on fentanyl."
BIDEN = "Biden raised concerns about fentanyl."
AGREED = "The two sides agreed to talk."


def _fields(record):
    return record["side"], record["stance"], tuple(record["issue"])


@pytest.fixture(scope="module")
def table():
    """A model that labels these sentences as written here (tests/table_model.py): alone, "He ..." is side
    other; after a sentence of the same document it takes most of that sentence's side, as the bundled model
    reads a pronoun (what the bundled model reads: tests/test_golden.py)."""
    return TableModel([(XI, ["taiwan"], "warning", "china"), (HE, ["technology"], "concern", "other"),
                       (ADDED, ["counternarcotics"], "cooperation", "other"),
                       (BIDEN, ["counternarcotics"], "concern", "us"), (AGREED, ["relations"], "cooperation", "joint")])


def test_the_table_model_reads_the_pronoun_from_the_sentence_before(table):
    assert table.predict([HE])["side"] == ["other"]
    assert table.predict([XI, HE, ADDED], documents=["d"] * 3)["side"] == ["china"] * 3
    assert table.predict([BIDEN, HE], documents=["e"] * 2)["side"] == ["us"] * 2
    assert table.predict([XI, HE], documents=["d", "e"])["side"] == ["china", "other"]


# --- finding 2: the pre-fill and the ranking are those of the sentence read in its document ------------------


@pytest.mark.parametrize("which", ["table", "bundled"])
def test_suggest_prefills_what_classify_labels_in_the_document(which, table, model):
    model = table if which == "table" else model
    texts = [XI, HE, ADDED]
    labels = {lab.text: (lab.side, lab.stance, tuple(sorted(lab.issues)))
              for lab in classify(" ".join(texts), model=model)}
    if which == "table":
        assert labels[HE][0] == "china"  # the pronoun reads its speaker from the sentence before
    records = suggest(model, texts, n=3, doc_ids=["d"] * 3)
    assert sorted(r["text"] for r in records) == sorted(texts)
    for r in records:
        side, stance, issues = _fields(r)
        assert (side, stance, tuple(sorted(issues))) == labels[r["text"]], r["text"]
    # the ranking is computed on the same, in-document probabilities
    read = uncertainty(model, texts, documents=["d"] * 3)
    assert {r["text"]: r["uncertainty"] for r in records} == {t: round(float(u), 4) for t, u in zip(texts, read)}


def test_suggest_reads_interleaved_documents_each_in_its_reading_order(table):
    grouped = suggest(table, [XI, HE, ADDED, BIDEN, AGREED], n=5, doc_ids=["d", "d", "d", "e", "e"])
    mixed = suggest(table, [XI, BIDEN, HE, AGREED, ADDED], n=5, doc_ids=["d", "e", "d", "e", "d"])
    assert sorted(grouped, key=lambda r: r["text"]) == sorted(mixed, key=lambda r: r["text"])
    by_text = {r["text"]: r for r in mixed}
    assert by_text[HE]["context_before"] == XI and by_text[HE]["side"] == "china"
    assert by_text[ADDED]["context_before"] == HE and by_text[AGREED]["context_before"] == BIDEN
    assert by_text[XI]["context_before"] == by_text[BIDEN]["context_before"] == ""


def test_suggest_skips_blank_lines_without_losing_the_sentence_before(table):
    records = {r["text"]: r for r in suggest(table, [XI, "", "  ", HE], n=5, doc_ids=["d"] * 4)}
    assert set(records) == {XI, HE}
    assert records[HE]["context_before"] == XI and records[HE]["side"] == "china"


def test_a_repeated_sentence_is_suggested_once_read_where_it_first_occurs(table):
    records = suggest(table, [XI, HE, BIDEN, HE], n=5, doc_ids=["d", "d", "e", "e"])
    assert [r["text"] for r in records].count(HE) == 1
    # (read after BIDEN, in document e, HE would be side us)
    he = next(r for r in records if r["text"] == HE)
    assert he["doc_id"] == "d" and he["context_before"] == XI and he["side"] == "china"


# --- finding 3: a str, a None item, and document ids that are falsy but real ----------------------------------


def test_suggest_refuses_a_single_str(model):
    with pytest.raises(TypeError, match=r"got a single str; segment it first: \[s\.text for s in segment\(text\)\]"):
        suggest(model, "Xi warned Biden on Taiwan. The two sides agreed.", n=3)


@pytest.mark.parametrize("bad, shown", [(None, "None"), (3, "an int"), (b"x", "a bytes")])
def test_suggest_names_the_position_of_a_text_that_is_not_a_str(model, bad, shown):
    with pytest.raises(TypeError, match=f"text 1 is {shown}"):
        suggest(model, ["ok", bad])


def test_a_doc_id_of_zero_stays_zero(model):
    texts = ["Xi warned Biden on Taiwan.", AGREED, BIDEN, "Both leaders met in Bali."]
    records = suggest(model, texts, n=4, doc_ids=[0, 0, 1, 1], source="f.csv")
    assert {r["text"]: r["doc_id"] for r in records} == dict(zip(texts, ["0", "0", "1", "1"]))
    assert {r["text"]: r["id"] for r in records} == {r["text"]: r["id"] for r in
                                                      suggest(model, texts, n=4, doc_ids=["0", "0", "1", "1"],
                                                              source="f.csv")}


def test_missing_doc_ids_fall_back_to_the_source(model):
    records = suggest(model, [XI, HE, BIDEN], n=3, doc_ids=[None, math.nan, "  "], source="f.csv")
    assert {r["doc_id"] for r in records} == {"f.csv"}


def test_suggest_refuses_doc_ids_given_as_one_str(model):
    with pytest.raises(TypeError, match=r"doc_ids must be a sequence .* got a single str; for one document pass"):
        suggest(model, ["a", "b", "c"], doc_ids="abc")


# --- finding 11: audit names what is wrong, before any model is trained ----------------------------------------


@pytest.fixture(scope="module")
def records():
    from stancelib.data import load_records

    return load_records(SEEDS / "pair_readouts.jsonl")


@pytest.fixture
def no_training(monkeypatch):
    from stancelib.model import ReadoutClassifier

    def refuse(*args, **kwargs):
        raise AssertionError("a fold model was trained: the input should have been refused first")

    monkeypatch.setattr(ReadoutClassifier, "fit_cross_val_proba", refuse)


@pytest.mark.parametrize("given", [str(SEEDS / "pair_readouts.jsonl"), SEEDS / "pair_readouts.jsonl"])
def test_audit_of_a_path_says_to_load_the_records(given, no_training):
    with pytest.raises(TypeError, match=r"^audit\(\) expects records, got a \w+ \(.*\); load them with "
                                        r"stancelib\.data\.load_records\(path\)$"):
        audit(given)


def test_audit_refuses_a_single_record_and_items_that_are_not_records(records, no_training):
    with pytest.raises(TypeError, match="got a single mapping; wrap it in a list"):
        audit(records[0])
    with pytest.raises(TypeError, match=r"item 1 is a str; load a file with stancelib\.data\.load_records"):
        audit([records[0], "seeds/pair_readouts.jsonl"])


@pytest.mark.parametrize("folds, error, message", [
    (1, ValueError, r"folds must be at least 2 \(each sentence is judged by a model trained on the other folds\), "
                    r"got 1"),
    (0, ValueError, "folds must be at least 2"),
    (2.5, TypeError, "folds must be a whole number of at least 2, got 2.5"),
    (True, TypeError, "folds must be a whole number"),
])
def test_audit_checks_folds_itself(records, no_training, folds, error, message):
    with pytest.raises(error, match=message):
        audit(records, folds=folds)


def test_audit_checks_the_type_of_threshold_and_seed(records, no_training):
    with pytest.raises(TypeError, match=r"threshold must be a number in \[0.5, 1\), got '0.9'; pass float\('0.9'\)"):
        audit(records, threshold="0.9")
    with pytest.raises(TypeError, match="seed must be an int, got str 'x'"):
        audit(records, seed="x")
    with pytest.raises(ValueError, match=r"seed must be in 0\.\.4294967295 .*got -1"):
        audit(records, seed=-1)
    with pytest.raises(ValueError, match=r"threshold must be in \[0.5, 1\), got nan"):
        audit(records, threshold=float("nan"))


def test_audit_reads_a_dataframe_as_records(records, no_training):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("_")} for r in records])
    from stancelib.curation import ThinAuditWarning

    with pytest.raises(AssertionError, match="a fold model was trained"), pytest.warns(ThinAuditWarning):
        audit(frame, folds=3)  # past every check, to training

