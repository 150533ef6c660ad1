"""The seed corpus meets its brief: size, coverage, variety, agreement, validity."""

import json
from collections import Counter

import pytest

from stancelib.cli import main as cli_main
from stancelib.schema import ISSUES, SIDES, STANCES
from training.corpus_stats import JACCARD_MAX, corpus_records, near_duplicates, normalise, openings, stats

from .conftest import SEEDS


@pytest.fixture(scope="module")
def records():
    return corpus_records()


def test_size_and_documents(records):
    s = stats(records)
    assert s["sentences"] >= 3000
    assert s["documents"] >= 250
    written = Counter(r["doc_id"] for r in records if r.get("author") not in ("seed",))
    assert all(5 <= n <= 25 for n in written.values()), {d: n for d, n in written.items() if not 5 <= n <= 25}


def test_coverage(records):
    s = stats(records)
    assert {c: s["issue"].get(c, 0) for c in ISSUES if s["issue"].get(c, 0) < 80} == {}
    assert all(s["stance"][c] >= 400 for c in STANCES), s["stance"]
    assert all(s["side"][c] >= 300 for c in SIDES), s["side"]
    assert s["multi_issue_share"] >= 0.10


def test_many_authors_and_voices(records):
    s = stats(records)
    authors = {a: n for a, n in s["by_author"].items() if a not in ("seed", "pair")}
    assert len(authors) >= 5 and max(authors.values()) < 0.25 * s["sentences"]
    assert len(s["by_source"]) >= 6


def test_every_document_has_metadata(records):
    for r in records:
        assert r["source"] and r["date"] and r["participants"], r["id"]


def test_no_near_duplicates(records):
    assert near_duplicates(records, JACCARD_MAX) == []


def test_near_duplicate_check_can_fail():
    a = {"id": "x1", "text": "The two sides agreed to resume military talks in the spring next year."}
    b = {"id": "x2", "text": "The two sides agreed to resume military talks in the spring of next year!"}
    c = {"id": "x3", "text": "THE TWO SIDES agreed to resume military talks in the spring next year (2025)."}
    assert near_duplicates([a, b, c], JACCARD_MAX)
    assert normalise("Talks in 2024, then 2025.") == normalise("talks in 1999 then 7")


def test_openings_are_varied(records):
    (opening, count), *_ = openings(records, top=1)
    assert count < 0.02 * len(records), (opening, count)


def test_seeds_validate_cleanly(capsys):
    paths = [str(p) for p in sorted(SEEDS.glob("*.jsonl")) + sorted((SEEDS / "corpus").glob("*.jsonl"))]
    assert cli_main(["validate", "--require-metadata", *paths]) == 0


def test_second_opinion_agreement(records):
    from sklearn.metrics import cohen_kappa_score

    agreement = SEEDS / "agreement"
    second = [json.loads(line) for line in open(agreement / "second_labels.jsonl", encoding="utf-8")]
    sample = [line.strip() for line in open(agreement / "sample_ids.txt") if line.strip() and not line.startswith("#")]
    assert [s["id"] for s in second] == sample
    assert len(sample) >= 0.1 * len([r for r in records if r.get("author") not in ("seed", "pair")]) - 5
    by_id = {r["id"]: r for r in records}
    adjudicated = {json.loads(line)["id"]: json.loads(line) for line in open(agreement / "adjudication.jsonl")}
    for field in ("stance", "side"):
        first = [adjudicated[s["id"]]["first"][0 if field == "stance" else 1] if s["id"] in adjudicated
                 else by_id[s["id"]][field] for s in second]
        kappa = cohen_kappa_score(first, [s[field] for s in second])
        assert kappa >= 0.80, (field, kappa)
