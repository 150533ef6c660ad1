"""Each row of ``training.evaluate --summary`` records the corpus it scored, and the model card says it.

Review r35: the card of rows written by separate ``training.evaluate`` runs said "The rows come from
separate runs, which may have scored different rounds' corpora", and a reader could not tell whether
they had. Each system's figures now sit beside the corpus its run scored (sentences, documents, authors
and the sha256 of :func:`stancelib.trainer.data_sha256`, the training manifest's hash), the card says
whether every row scored the same corpus, which rows scored which, and which record none, and
``--stamp-summary`` adds the record to older rows whose runs are known to have scored the current
corpus, refusing rows whose counts say otherwise. Nothing here trains: ``run`` is a stub.
"""

import copy
import json

import pytest

import training.evaluate as evaluate_script
from stancelib.config import DEFAULTS
from stancelib.data import load_records
from stancelib.persist import bundled_dir, read_manifest
from stancelib.schema import ISSUES, SIDES, STANCES
from stancelib.trainer import data_sha256, render_model_card
from training.train import evaluation_summary

from .conftest import write_jsonl

FIGURES = {"issue": {"micro_f1": 0.7, "macro_f1": 0.6}, "stance": {"macro_f1": 0.5, "accuracy": 0.5},
           "side": {"macro_f1": 0.4, "accuracy": 0.6}}
MAY_HAVE = "which may have scored different rounds' corpora"


@pytest.fixture
def corpus(tmp_path):
    """28 labelled sentences: 3 authors of 2 documents each, and the train-only "seed" author's document."""
    issues, stances, sides = list(ISSUES), list(STANCES), list(SIDES)
    return write_jsonl(tmp_path / "corpus.jsonl", [
        {"id": f"{a}{d}-{k}", "doc_id": f"{a}{d}", "author": a, "text": f"Sentence {k} of {a}{d}.",
         "issue": [issues[k % len(issues)]], "stance": stances[k % len(stances)], "side": sides[k % len(sides)]}
        for a in ("a", "b", "c", "seed") for d in range(1 if a == "seed" else 2) for k in range(4)])


@pytest.fixture
def stub_run(monkeypatch):
    """``training.evaluate.run`` replaced by one that scores nothing but counts what a real run tests."""
    def run(records, splits, systems, jobs=1):
        tested = sorted({int(i) for _, test in splits for i in test})
        return {"out_of_fold": {}, "sentences": len(tested),
                "documents": len({str(records[i]["doc_id"]) for i in tested}), "folds": len(splits),
                "systems": {name: copy.deepcopy(FIGURES) for name in systems}}

    monkeypatch.setattr(evaluate_script, "run", run)
    monkeypatch.setattr(evaluate_script, "print_table", lambda *a, **k: None)


def _evaluate(tmp_path, corpus, *argv):
    summary = tmp_path / "summary.json"
    assert evaluate_script.main(["--data", str(corpus), "--folds", "2", "--json", str(tmp_path / "report.json"),
                                 "--summary", str(summary), *argv]) == 0
    return json.loads(summary.read_text(encoding="utf-8"))


# -- the record a summary row keeps

def test_each_row_records_the_corpus_its_run_scored(tmp_path, corpus, stub_run):
    summary = _evaluate(tmp_path, corpus, "--systems", "keywords,bag-of-words")
    records = load_records(corpus)
    expected = {"sentences": 28, "documents": 7, "authors": 3, "sha256": data_sha256(records, calibrate_by="author")}
    for scheme in ("authors", "documents"):
        for name in ("keywords", "bag-of-words"):
            assert summary["schemes"][scheme]["systems"][name]["corpus"] == expected
    # the scheme's own counts are still the rows it tests (leave one author out never tests "seed")
    assert (summary["schemes"]["authors"]["sentences"], summary["schemes"]["documents"]["sentences"]) == (24, 28)


def test_the_record_is_the_same_whatever_run_computed_it(tmp_path, corpus, stub_run):
    """Other systems, splits, folds and --quick: the same corpus gives the same record; another corpus another."""
    first = _evaluate(tmp_path, corpus, "--systems", "keywords", "--split", "authors")
    second = _evaluate(tmp_path, corpus, "--systems", "stancelib", "--split", "documents", "--folds", "3", "--quick")
    rows = {**first["schemes"]["authors"]["systems"], **second["schemes"]["documents"]["systems"]}
    assert rows["keywords"]["corpus"] == rows["stancelib"]["corpus"]
    assert json.loads((tmp_path / "summary.json").read_text())["schemes"]["authors"]["systems"]["keywords"] \
        == first["schemes"]["authors"]["systems"]["keywords"]  # the second run left the first's row alone
    changed = tmp_path / "changed.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines()
    changed.write_text("\n".join([lines[0].replace("Sentence 0", "Sentence zero"), *lines[1:]]) + "\n",
                       encoding="utf-8")
    third = _evaluate(tmp_path, changed, "--systems", "tfidf-lr")
    other = third["schemes"]["authors"]["systems"]["tfidf-lr"]["corpus"]
    assert other["sentences"] == 28 and other["sha256"] != rows["keywords"]["corpus"]["sha256"]


def test_summary_round_trip_with_and_without_the_record(tmp_path, corpus):
    """A row with the record keeps every figure an older reader reads where it was; a row without it reads
    back as "not recorded"; the training script passes the record on to the manifest and card."""
    records = load_records(corpus)
    report = {"authors": {"sentences": 24, "documents": 6, "folds": 3, "systems": {"keywords": FIGURES}}}
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    evaluate_script.write_summary(old, report, DEFAULTS, "run 1")
    evaluate_script.write_summary(new, report, DEFAULTS, "run 1", corpus=evaluate_script.corpus_record(records))
    old_row = json.loads(old.read_text())["schemes"]["authors"]["systems"]["keywords"]
    new_row = json.loads(new.read_text())["schemes"]["authors"]["systems"]["keywords"]
    assert "corpus" not in old_row and {k: v for k, v in new_row.items() if k != "corpus"} == old_row
    assert json.loads(old.read_text())["schemes"]["authors"].keys() == json.loads(new.read_text())["schemes"][
        "authors"].keys()
    # what training.train records in the manifest, and the card made of it
    assert evaluation_summary(new)["schemes"]["authors"]["systems"]["keywords"]["corpus"] == new_row["corpus"]
    assert "corpus" not in evaluation_summary(old)["schemes"]["authors"]["systems"]["keywords"]
    # a later run without the record replaces the row whole: its record goes with its figures
    evaluate_script.write_summary(new, report, DEFAULTS, "run 2")
    assert "corpus" not in json.loads(new.read_text())["schemes"]["authors"]["systems"]["keywords"]


# -- the model card

def _card(rows: dict[str, dict]) -> str:
    """The card of the bundled manifest with ``rows`` (system -> extra fields, under both schemes) as its table."""
    manifest = copy.deepcopy(dict(read_manifest(bundled_dir())))
    figures = {"issue micro_f1": 0.5, "stance macro_f1": 0.5, "side accuracy": 0.5}
    manifest["evaluation"] = {"schemes": {scheme: {"systems": {name: {**figures, **extra} for name, extra in rows.items()}}
                                          for scheme in ("authors", "documents")}}
    return render_model_card(manifest)


A = {"sentences": 25560, "documents": 2369, "authors": 52, "sha256": "a1" * 32}
B = {"sentences": 24001, "documents": 2200, "authors": 50, "sha256": "b2" * 32}


def test_card_every_row_the_same_corpus():
    card = _card({"stancelib": {"command": "run one", "corpus": A}, "keywords": {"command": "run two", "corpus": A},
                  "tfidf-lr": {"command": "run two", "corpus": dict(A)}})
    assert ("Every row was scored on the same corpus (25560 sentences, 2369 documents, 52 authors), sha256 `a1a1a1a1a1a1`. "
            "The rows come from separate runs: stancelib from `run one`; keywords, tfidf-lr from `run two`.") in card
    assert MAY_HAVE not in card and "not recorded" not in card


def test_card_one_run_one_corpus():
    card = _card({"stancelib": {"command": "run one", "corpus": A}, "keywords": {"command": "run one", "corpus": A}})
    assert "Every row was scored on the same corpus (25560 sentences, 2369 documents, 52 authors)" in card
    assert "separate runs" not in card


def test_card_rows_of_different_corpora_say_which_scored_which():
    card = _card({"stancelib": {"command": "run one", "corpus": A}, "keywords": {"command": "run two", "corpus": B},
                  "tfidf-lr": {"command": "run two", "corpus": B}})
    assert ("The rows score different corpora: stancelib: 25560 sentences, 2369 documents, 52 authors, sha256 "
            "`a1a1a1a1a1a1`; keywords, tfidf-lr: 24001 sentences, 2200 documents, 50 authors, sha256 `b2b2b2b2b2b2`.") \
        in card
    assert "Every row" not in card and MAY_HAVE not in card


def test_card_names_the_scheme_when_a_systems_cells_differ():
    manifest = copy.deepcopy(dict(read_manifest(bundled_dir())))
    figures = {"issue micro_f1": 0.5, "stance macro_f1": 0.5, "side accuracy": 0.5, "command": "run"}
    manifest["evaluation"] = {"schemes": {
        "authors": {"systems": {"stancelib": {**figures, "corpus": A}, "keywords": {**figures, "corpus": A}}},
        "documents": {"systems": {"stancelib": {**figures, "corpus": B}, "keywords": {**figures, "corpus": A}}}}}
    card = render_model_card(manifest)
    assert ("The rows score different corpora: stancelib (by author), keywords: 25560 sentences, 2369 documents, "
            "52 authors, sha256 `a1a1a1a1a1a1`; stancelib (by document): 24001 sentences") in card


def test_card_names_the_rows_that_record_no_corpus():
    card = _card({"stancelib": {"command": "run one", "corpus": A}, "keywords": {"command": "run two"},
                  "tfidf-lr": {"command": "run two"}})
    assert ("The corpus of stancelib: 25560 sentences, 2369 documents, 52 authors, sha256 `a1a1a1a1a1a1`. "
            "The corpus of keywords, tfidf-lr is not recorded") in card
    assert "Every row" not in card
    mixed = _card({"stancelib": {"command": "r1", "corpus": A}, "keywords": {"command": "r2", "corpus": B},
                   "tfidf-lr": {"command": "r2", "corpus": "not a record"}})
    assert "The rows score different corpora: stancelib: 25560 sentences" in mixed
    assert "The corpus of tfidf-lr is not recorded" in mixed


def test_card_of_an_older_summary_is_as_before():
    card = _card({"stancelib": {"command": "run one"}, "keywords": {"command": "run two"}})
    assert ("The rows come from separate runs, which may have scored different rounds' corpora: stancelib from "
            "`run one`; keywords from `run two`.") in card
    assert "Every row" not in card and "not recorded" not in card


# -- stamping the rows of an older summary

def _old_summary(path, corpus, *, authors_sentences=24, documents_sentences=28):
    """A summary as training.evaluate wrote it before the record: counts per scheme, none per row."""
    row = {"stance macro_f1": 0.5, "command": "an older run"}
    path.write_text(json.dumps({"schemes": {
        "authors": {"systems": {"keywords": dict(row), "stancelib": dict(row)}, "sentences": authors_sentences,
                    "documents": 6, "folds": 3},
        "documents": {"systems": {"keywords": dict(row), "stancelib": dict(row)}, "sentences": documents_sentences,
                      "documents": 7, "folds": 2}}}, indent=1) + "\n", encoding="utf-8")
    return path


def test_stamp_records_the_current_corpus_in_the_named_rows(tmp_path, corpus, capsys):
    path = _old_summary(tmp_path / "summary.json", corpus)
    assert evaluate_script.main(["--stamp-summary", str(path), "--systems", "keywords", "--data", str(corpus)]) == 0
    assert "authors/keywords, documents/keywords" in capsys.readouterr().out
    summary = json.loads(path.read_text(encoding="utf-8"))
    record = evaluate_script.corpus_record(load_records(corpus))
    for scheme in ("authors", "documents"):
        assert summary["schemes"][scheme]["systems"]["keywords"]["corpus"] == record
        assert "corpus" not in summary["schemes"][scheme]["systems"]["stancelib"]  # not named: not stamped
        assert summary["schemes"][scheme]["systems"]["keywords"]["stance macro_f1"] == 0.5
    # again: nothing to do, nothing changed
    before = path.read_text(encoding="utf-8")
    assert evaluate_script.main(["--stamp-summary", str(path), "--systems", "keywords", "--data", str(corpus)]) == 0
    assert "nothing to do" in capsys.readouterr().out and path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("counts, wrong", [({"authors_sentences": 23}, "authors/keywords scored 23 sentences"),
                                          ({"documents_sentences": 30}, "documents/keywords scored 30 sentences")])
def test_stamp_refuses_rows_whose_sentence_count_is_not_the_corpus(tmp_path, corpus, capsys, counts, wrong):
    path = _old_summary(tmp_path / "summary.json", corpus, **counts)
    before = path.read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        evaluate_script.main(["--stamp-summary", str(path), "--systems", "keywords", "--data", str(corpus)])
    message = str(info.value.code)
    assert wrong in message and "did not score the current corpus" in message and "Nothing was stamped" in message
    assert "score them again" in message
    assert path.read_text(encoding="utf-8") == before  # all or nothing: the matching scheme is not stamped either


def test_stamp_refuses_a_row_that_records_another_corpus(tmp_path, corpus):
    path = _old_summary(tmp_path / "summary.json", corpus)
    summary = json.loads(path.read_text(encoding="utf-8"))
    summary["schemes"]["authors"]["systems"]["keywords"]["corpus"] = dict(B)
    path.write_text(json.dumps(summary), encoding="utf-8")
    with pytest.raises(ValueError, match="authors/keywords already records another corpus"):
        evaluate_script.stamp_summary(path, load_records(corpus), ["keywords"])


@pytest.mark.parametrize("argv, message", [
    ([], "--stamp-summary needs --systems"),
    (["--systems", "keywords", "--summary", "x.json"], "--stamp-summary scores nothing, so --summary would do nothing"),
    (["--systems", "keywords", "--quick"], "--quick would do nothing"),
])
def test_stamp_usage_errors(tmp_path, corpus, capsys, argv, message):
    path = _old_summary(tmp_path / "summary.json", corpus)
    with pytest.raises(SystemExit) as info:
        evaluate_script.main(["--stamp-summary", str(path), "--data", str(corpus), *argv])
    assert info.value.code == 2 and message in capsys.readouterr().err


def test_stamp_names_a_row_the_summary_lacks(tmp_path, corpus):
    path = _old_summary(tmp_path / "summary.json", corpus)
    with pytest.raises(SystemExit) as info:
        evaluate_script.main(["--stamp-summary", str(path), "--systems", "keywrods", "--data", str(corpus)])
    assert "no row 'keywrods'" in str(info.value.code) and "its rows: keywords, stancelib" in str(info.value.code)
    with pytest.raises(SystemExit) as info:
        evaluate_script.main(["--stamp-summary", str(tmp_path / "none.json"), "--systems", "keywords"])
    assert info.value.code == 2


def test_stamp_scores_nothing(tmp_path, corpus, monkeypatch):
    def never(*a, **k):
        raise AssertionError("--stamp-summary ran the cross-validation")

    monkeypatch.setattr(evaluate_script, "run", never)
    path = _old_summary(tmp_path / "summary.json", corpus)
    assert evaluate_script.main(["--stamp-summary", str(path), "--systems", "stancelib", "--split", "authors",
                                 "--data", str(corpus)]) == 0
    summary = json.loads(path.read_text(encoding="utf-8"))
    assert "corpus" in summary["schemes"]["authors"]["systems"]["stancelib"]
    assert "corpus" not in summary["schemes"]["documents"]["systems"]["stancelib"]  # --split authors only
