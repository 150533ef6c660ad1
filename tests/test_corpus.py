"""The seed corpus meets its brief: size, coverage, variety, agreement, validity."""

import functools
import json
import re
from collections import Counter

import pytest

from stancelib.cli import main as cli_main
from stancelib.schema import ISSUES, SIDES, STANCES
from training.agreement import read_ids
from training.corpus_stats import _CHINA, _US
from training.corpus_stats import (COPIED_RUN, JACCARD_MAX, copied_runs, corpus_records, near_duplicates, normalise,
                                   openings, shares, shares_off_target, stats)

from .conftest import SEEDS


@pytest.fixture(scope="module")
def records():
    return corpus_records()


def test_size_and_documents(records):
    """Issue 13: at least 12,000 sentences in 1,000 documents."""
    s = stats(records)
    assert s["sentences"] >= 12000
    assert s["documents"] >= 1000
    written = Counter(r["doc_id"] for r in records if r.get("author") not in ("seed",))
    assert all(5 <= n <= 25 for n in written.values()), {d: n for d, n in written.items() if not 5 <= n <= 25}


def test_coverage(records):
    s = stats(records)
    assert {c: s["issue"].get(c, 0) for c in ISSUES if s["issue"].get(c, 0) < 250} == {}
    assert all(s["stance"][c] >= 400 for c in STANCES), s["stance"]
    assert all(s["side"][c] >= 300 for c in SIDES), s["side"]
    assert s["multi_issue_share"] >= 0.10


def test_many_authors_and_voices(records):
    s = stats(records)
    authors = {a: n for a, n in s["by_author"].items() if a not in ("seed", "pair")}
    assert len(authors) >= 14 and max(authors.values()) < 0.15 * s["sentences"]
    assert len(s["by_source"]) >= 10


def test_shares_match_real_text(records):
    """Issue 13: quotations, both sides named, long sentences, side other and cooperation
    within SHARE_TOLERANCE of their shares in real readout text."""
    measured = shares(records)
    assert shares_off_target(measured) == {}, measured


def test_share_measures_can_fail():
    quoted = {"text": 'Xi told Biden the U.S. must "stop" arming Taiwan, the ministry said.', "side": "other", "stance": "cooperation"}
    plain = {"text": "Talks went ahead.", "side": "us", "stance": "neutral"}
    assert shares([quoted]) == {"quotation": 1.0, "both_sides": 1.0, "long": 0.0, "side_other": 1.0,
                                "cooperation": 1.0, "attribution": 1.0}
    assert set(shares_off_target(shares([plain]))) >= {"quotation", "both_sides", "cooperation"}


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


def test_no_written_sentence_shares_eight_words_with_the_seed_article(records, seed_text):
    """The seed article is the only outside text in the repository; the sentences written here
    share no run of eight words with it (eight did, all stock phrases of readouts, until the
    twenty-second round: "peace and stability across the Taiwan Strait and")."""
    written = [r for r in records if r.get("author") != "seed"]
    assert len(written) > 20000
    assert copied_runs(written, seed_text) == []


def test_copied_run_check_can_fail(seed_text):
    line = next(s for s in seed_text.splitlines() if len(s.split()) > 20)
    words = line.split()
    planted = {"id": "x1", "text": "Officials said that " + " ".join(words[3:3 + COPIED_RUN]) + " on Monday."}
    shorter = {"id": "x2", "text": "Officials said that " + " ".join(words[3:3 + COPIED_RUN - 1]) + " on Monday."}
    assert [rid for rid, _ in copied_runs([planted, shorter], seed_text)] == ["x1"]


REWRITES_OF_COPIED_RUNS = "rewrites_copied_runs.jsonl"


def test_rewrites_of_copied_runs_match_the_corpus(records, seed_text):
    """The eight sentences that shared a run of eight words with the seed article were reworded, labels unchanged:
    the log's "after" is the corpus's text, its "before" held the run, and nothing else of the sentence changed
    beyond a few words."""
    log = _relabel_log(REWRITES_OF_COPIED_RUNS)
    by_id = {r["id"]: r for r in records}
    assert len(log) == 8
    for e in log:
        assert by_id[e["id"]]["text"] == e["after"] != e["before"], e["id"]
        assert copied_runs([{"id": e["id"], "text": e["before"]}], seed_text) == [(e["id"], e["run"])]
        assert len(set(e["before"].split()) ^ set(e["after"].split())) <= 16, e["id"]


def test_openings_are_varied(records):
    (opening, count), *_ = openings(records, top=1)
    assert count < 0.02 * len(records), (opening, count)


def test_author_order_puts_two_letter_ids_after_z():
    from training.corpus_stats import author_order, by_author

    records = [{"author": a, "id": a} for a in ("seed", "ab", "b", "aa", "z", "a", "pair")]
    assert list(by_author(records)) == ["a", "b", "z", "aa", "ab", "pair", "seed"]
    assert sorted(["ac", "c", "all"], key=author_order) == ["c", "ac", "all"]


def test_seeds_validate_cleanly(capsys):
    paths = [str(p) for p in sorted(SEEDS.glob("*.jsonl")) + sorted((SEEDS / "corpus").glob("*.jsonl"))]
    assert cli_main(["validate", "--require-metadata", *paths]) == 0


def test_second_opinion_agreement(records):
    """Issue 13: a blind second labelling of at least 10% of each author's sentences, kappa >= 0.80 per head."""
    from training.agreement import AGREEMENT, kappas, read_jsonl

    second = read_jsonl(AGREEMENT / "second_labels.jsonl")
    sample = read_ids(AGREEMENT / "sample_ids.txt")
    assert [s["id"] for s in second] == sample
    by_id = {r["id"]: r for r in records}
    assert set(sample) <= set(by_id), "sampled sentences missing from the corpus"
    written = Counter(r["author"] for r in records if r.get("author") not in ("seed", "pair"))
    sampled = Counter(by_id[i]["author"] for i in sample)
    assert {a: (sampled[a], n) for a, n in written.items() if sampled[a] < 0.1 * n - 2} == {}
    report = kappas(records, second)
    for field in ("issue", "stance", "side"):
        assert report["all"][field]["kappa"] >= 0.80, (field, report["all"][field])


def test_issue_agreement_under_clarification_44(records):
    """The whole sample's issue sets labelled blind again after the relations relabel: same items, valid codes,
    and the corpus's current issue labels agree with them at kappa >= 0.80 (datasheet: 0.936)."""
    from stancelib.schema import LabelSchema
    from training.agreement import AGREEMENT, ISSUE_RELABEL, issue_relabel_agreement, read_jsonl

    second = read_jsonl(ISSUE_RELABEL)
    assert [s["id"] for s in second] == [s["id"] for s in read_jsonl(AGREEMENT / "items.jsonl")]
    codes = set(LabelSchema.default().labels["issue"])
    assert all(s["issue"] and set(s["issue"]) <= codes for s in second)
    report = issue_relabel_agreement(records, second)
    assert report["all"]["kappa"] >= 0.80, report["all"]


def _relabel_log(name):
    """The entries of a relabel log in ``seeds/authoring/logs/``, one JSON object a line."""
    return [json.loads(line) for line in (SEEDS / "authoring" / "logs" / name).read_text(encoding="utf-8").splitlines()]


# the label passes over the whole corpus, oldest first: a later pass may change a label an earlier one set
RELABEL_PASSES = ["changes_relations.jsonl", "changes_military.jsonl", "changes_c48_49.jsonl",
                  "changes_c24_military.jsonl", "changes_audit.jsonl", "changes_audit_adjudication.jsonl",
                  "changes_audit2.jsonl", "changes_audit2_adjudication.jsonl", "changes_c50.jsonl",
                  "changes_audit3.jsonl", "changes_audit3_adjudication.jsonl", "changes_c56.jsonl",
                  "changes_c25_ai.jsonl", "changes_c57.jsonl", "changes_c58.jsonl", "changes_c59.jsonl",
                  "changes_c62.jsonl", "changes_c63.jsonl", "changes_c64.jsonl", "changes_flagged_labels.jsonl",
                  "changes_c37_strait.jsonl"]


def _issue(labels):
    """The sorted issue set of a log's labels: a dict of the three heads, or (older logs) the issue list itself."""
    return sorted(labels["issue"] if isinstance(labels, dict) else labels)


def _head(labels, h):
    """One head of a dict of labels, the issue set sorted so that sets compare."""
    return _issue(labels) if h == "issue" else labels[h]


# the first pass later than every author's own logs and Clarifications 54 and 55 (which are not whole-corpus passes)
FIRST_PASS_AFTER_AUTHOR_LOGS = "changes_audit3.jsonl"


def _labels_after_later_passes(name, sentence_id, labels):
    """The labels a sentence carries after the passes later than ``name``, starting from ``labels`` (what ``name``
    left: an issue list, or a dict of the three heads); each later pass that touched it must have started from what
    the one before left. Passes that log issue lists only carry the other heads through. A log that is not in
    ``RELABEL_PASSES`` (an author's review or a clarification's relabel) is followed by the passes from
    ``FIRST_PASS_AFTER_AUTHOR_LOGS`` on."""
    now = dict(labels) if isinstance(labels, dict) else {"issue": labels}
    now["issue"] = sorted(now["issue"])
    first = RELABEL_PASSES.index(name) + 1 if name in RELABEL_PASSES else RELABEL_PASSES.index(FIRST_PASS_AFTER_AUTHOR_LOGS)
    for later in RELABEL_PASSES[first:]:
        e = _log_by_id(later).get(sentence_id)
        if e is not None:
            before = e["before"] if isinstance(e["before"], dict) else {"issue": e["before"]}
            after = e["after"] if isinstance(e["after"], dict) else {"issue": e["after"]}
            assert all(_head(before, h) == _head(now, h) for h in now if h in before), (later, sentence_id)
            now.update({h: _head(after, h) for h in after if h in ("issue", "stance", "side")})
    return now


def _carries(now, name, entry):
    """Whether the corpus record ``now`` carries what ``entry`` of the log ``name`` left, after the later passes."""
    final = _labels_after_later_passes(name, entry["id"], entry["after"])
    return all(_head(now, h) == _head(final, h) for h in ("issue", "stance", "side"))


def _two_reader_sweep(records, name, at_least):
    """The entries of a two-reader sweep's log (Clarifications 52-55, 57, 59), each with the corpus record it names,
    after the checks every such sweep shares: one entry a sentence, the text unchanged, the corpus carrying what the
    entry left (after the later passes), both readers giving the new labels, and the labels changed."""
    log = _relabel_log(name)
    by_id = {r["id"]: r for r in records}
    assert len(log) >= at_least and len({e["id"] for e in log}) == len(log)
    for e in log:
        now = by_id[e["id"]]
        assert now["text"] == e["text"] and _carries(now, name, e), e["id"]
        assert e["readers"] == [e["after"], e["after"]] and e["before"] != e["after"], e["id"]
        yield e, now


def _issue_after_later_passes(name, sentence_id, issue):
    return _labels_after_later_passes(name, sentence_id, issue)["issue"]


@functools.lru_cache(maxsize=None)
def _log_by_id(name):
    return {e["id"]: e for e in _relabel_log(name)}


def test_relations_relabel_log_matches_the_corpus(records):
    """Issue 12 / Clarification 44: every logged relabel is what the corpus carries, and each one only
    removed codes (relations, or an agenda issue the sentence does not name), never emptied a set."""
    log = _relabel_log("changes_relations.jsonl")
    by_id = {r["id"]: r for r in records}
    assert len(log) >= 1000 and len({e["id"] for e in log}) == len(log)
    for e in log:
        assert sorted(by_id[e["id"]]["issue"]) == _issue_after_later_passes("changes_relations.jsonl", e["id"], e["after"]), e["id"]
        assert e["after"] and set(e["after"]) < set(e["before"]) and "relations" in e["before"], e["id"]
    # what the rule is for: relations mostly stands alone now (it sat beside another code in 1,617 of 2,325)
    relations = [r for r in records if "relations" in r["issue"]]
    assert sum(len(r["issue"]) > 1 for r in relations) < 0.5 * len(relations)


def test_military_relabel_log_matches_the_corpus(records):
    """Clarification 45: `military` beside korea, middle_east or russia_ukraine only for what Clarification 24
    keeps; every logged relabel is what the corpus carries and only dropped `military`."""
    log = _relabel_log("changes_military.jsonl")
    by_id = {r["id"]: r for r in records}
    assert log and len({e["id"] for e in log}) == len(log)
    for e in log:
        assert sorted(by_id[e["id"]]["issue"]) == _issue_after_later_passes("changes_military.jsonl", e["id"], e["after"]), e["id"]
        assert set(e["before"]) - set(e["after"]) == {"military"} and set(e["after"]) < set(e["before"]), e["id"]
        assert set(e["after"]) & {"korea", "middle_east", "russia_ukraine"}, e["id"]


def test_v010_moved_off_a_held_out_outcome(records):
    """v010 was about China's April 2019 class-wide fentanyl scheduling, an outcome of the held-out Buenos Aires
    summit; it was moved to the February 2017 carfentanil listing. The log's texts are the corpus's, and nothing of
    the old occasion is left in the document."""
    log = _relabel_log("changes_v010_holdout.jsonl")
    doc = [r for r in records if r["doc_id"] == "v010"]
    by_id = {r["id"]: r for r in doc}
    assert log and all(by_id[e["id"]]["text"] == e["after"] != e["before"] for e in log)
    assert {r["date"] for r in doc} == {"2017-02-17"}
    text = " ".join(r["text"] for r in doc).lower()
    assert "carfentanil" in text and not any(w in text for w in ("entire class", "may 1", "all fentanyl"))


def test_clarification_24_military_log_matches_the_corpus(records):
    """Clarification 24 applied to the whole corpus: `military` beside `taiwan` or `maritime` only for a channel
    between the militaries, arms control or the two powers' own forces. Every logged change is what the corpus
    carries and only dropped `military` from a sentence that keeps `taiwan` or `maritime`."""
    log = _relabel_log("changes_c24_military.jsonl")
    by_id = {r["id"]: r for r in records}
    assert len(log) >= 300 and len({e["id"] for e in log}) == len(log)
    rewritten = {e["id"]: e for e in _relabel_log(REWRITES_OF_COPIED_RUNS)}
    for e in log:
        now = by_id[e["id"]]
        text = rewritten[e["id"]]["after"] if e["text"] == rewritten.get(e["id"], {}).get("before") else e["text"]
        assert now["text"] == text, e["id"]
        assert sorted(now["issue"]) == _issue_after_later_passes("changes_c24_military.jsonl", e["id"], e["after"]), e["id"]
        assert set(e["before"]) - set(e["after"]) == {"military"} and set(e["after"]) < set(e["before"]), e["id"]
        assert set(e["after"]) & {"taiwan", "maritime"}, e["id"]


# the audit rounds: (log of flagged heads changed, log of adjudicated changes, adjudication decisions, heads read)
AUDIT_ROUNDS = [("changes_audit.jsonl", "changes_audit_adjudication.jsonl", "audit_adjudication.jsonl",
                 ("issue", "stance", "side")),
                ("changes_audit2.jsonl", "changes_audit2_adjudication.jsonl", "audit2_adjudication.jsonl",
                 ("stance", "side")),
                ("changes_audit3.jsonl", "changes_audit3_adjudication.jsonl", "audit3_adjudication.jsonl",
                 ("stance", "side"))]


@pytest.mark.parametrize("changes, adjudicated, _decisions, heads", AUDIT_ROUNDS, ids=["round1", "round2", "round3"])
def test_audit_relabel_log_matches_the_corpus(records, changes, adjudicated, _decisions, heads):
    """The audit passes: a model flagged a head (round 1: `stancelib audit`, any head; round 2: leave-one-author-out
    predictions, stance and side), two blind annotators labelled the sentence, and the head changed only where both
    agreed on a value other than the corpus's (round 1, for an issue flag: both gave the same set, or both added the
    flagged code). Every logged change is what the corpus carries, and follows that rule."""
    log = _relabel_log(changes)
    by_id = {r["id"]: r for r in records}
    sample = set(read_ids(SEEDS / "agreement" / "sample_ids.txt"))
    assert len(log) >= 200 and len({e["id"] for e in log}) == len(log)
    for e in log:
        now, (a, b) = by_id[e["id"]], e["blind"]
        assert e["id"] not in sample and now["text"] == e["text"], e["id"]
        final = _labels_after_later_passes(changes, e["id"], e["after"])  # the adjudication or Cl. 50 may follow
        assert all(_head(now, h) == _head(final, h) for h in ("issue", "stance", "side")), e["id"]
        flagged = {f["field"] for f in e["flags"]}
        changed = {h for h in ("issue", "stance", "side") if _head(e["before"], h) != _head(e["after"], h)}
        assert changed and changed <= flagged and changed <= set(heads), e["id"]
        for h in changed - {"issue"}:
            assert e["after"][h] == a[h] == b[h], (e["id"], h)
        if "issue" in changed:
            added = set(e["after"]["issue"]) - set(e["before"]["issue"])
            assert _issue(e["after"]) == _issue(a) == _issue(b) or (
                set(e["after"]["issue"]) >= set(e["before"]["issue"]) and added <= set(a["issue"]) & set(b["issue"])
                and {"+" + c for c in added} <= {f["predicted"] for f in e["flags"]}), e["id"]


@pytest.mark.parametrize("_changes, adjudicated, decisions, heads", AUDIT_ROUNDS, ids=["round1", "round2", "round3"])
def test_audit_adjudication_log_matches_the_corpus(records, _changes, adjudicated, decisions, heads):
    """After each audit round, every head nobody flagged on which both blind annotators agreed against the corpus
    went to an adjudicator who saw the two labels as A and B in random order; the corpus carries the decision. Each
    logged change is what the corpus carries, changes only adjudicated heads, and to the blind annotators' label."""
    decided = _relabel_log(decisions)
    log = _relabel_log(adjudicated)
    by_id = {r["id"]: r for r in records}
    to_blind = {(d["id"], d["head"]) for d in decided if d["decision"] == "blind"}
    assert len(decided) >= 50 and {d["decision"] for d in decided} == {"blind", "corpus"}
    assert {d["head"] for d in decided} <= set(heads)
    assert {(e["id"], a["head"]) for e in log for a in e["adjudicated"]} == to_blind
    for e in log:
        now, (a, b) = by_id[e["id"]], e["blind"]
        assert now["text"] == e["text"], e["id"]
        final = _labels_after_later_passes(adjudicated, e["id"], e["after"])
        assert all(_head(now, h) == _head(final, h) for h in ("issue", "stance", "side")), e["id"]
        for h in ("issue", "stance", "side"):
            if (e["id"], h) in to_blind:
                assert _head(e["before"], h) != _head(e["after"], h) == _head(a, h) == _head(b, h), (e["id"], h)
            else:
                assert _head(e["before"], h) == _head(e["after"], h), (e["id"], h)


def test_clarification_50_log_matches_the_corpus(records):
    """Clarification 50 applied to the corpus: every logged change is what the corpus carries, names its ruling,
    and changes either stance and side or (the Red Sea ruling) only drops codes beside `middle_east`."""
    log = _relabel_log("changes_c50.jsonl")
    by_id = {r["id"]: r for r in records}
    assert len(log) >= 100 and len({e["id"] for e in log}) == len(log)
    for e in log:
        now = by_id[e["id"]]
        assert now["text"] == e["text"] and e["rule"].startswith("50 "), e["id"]
        assert _carries(now, "changes_c50.jsonl", e), e["id"]  # audit round 3 may follow
        if _issue(e["before"]) != _issue(e["after"]):
            assert "Red Sea" in e["rule"] and (e["before"]["stance"], e["before"]["side"]) == (
                e["after"]["stance"], e["after"]["side"]), e["id"]
            assert set(e["after"]["issue"]) == {"middle_east"} < set(e["before"]["issue"]), e["id"]
        else:
            assert (e["before"]["stance"], e["before"]["side"]) != (e["after"]["stance"], e["after"]["side"]), e["id"]


def test_clarification_48_49_log_matches_the_corpus(records):
    """Clarifications 48 and 49 applied to the older authors: every logged change is what the corpus
    carries, and each touches only what the rulings name (probes' stance, `trade` beside a third
    country's oil, `climate` on clean-energy trade measures, `human_rights` for a detention abroad)."""
    log = _relabel_log("changes_c48_49.jsonl")
    by_id = {r["id"]: r for r in records}
    assert log and len({e["id"] for e in log}) == len(log)
    for e in log:
        now = by_id[e["id"]]
        final = _labels_after_later_passes("changes_c48_49.jsonl", e["id"], e["after"])
        assert all(_head(now, h) == _head(final, h) for h in ("issue", "stance", "side")), e["id"]
        assert now["text"] == e["text"] and e["after"]["side"] == e["before"]["side"], e["id"]
        dropped, added = set(e["before"]["issue"]) - set(e["after"]["issue"]), set(e["after"]["issue"]) - set(e["before"]["issue"])
        assert dropped <= {"trade", "climate", "human_rights"} and added <= {"trade", "other"}, e["id"]
        if e["after"]["stance"] != e["before"]["stance"]:
            assert e["after"]["stance"] == "concern" and not dropped and not added, e["id"]


@pytest.mark.parametrize("author", ["aa", "ab", "ac", "ad", "ae", "af", "ag", "ah", "ai", "aj", "ak", "al", "am", "an", "ao",
                                    "ap", "aq", "ar", "as", "at", "au", "av", "aw", "ax", "ay", "az"])
def test_review_logs_of_the_eighth_to_thirty_second_round_authors_match_the_corpus(records, author):
    """Authors aa-az: every rewrite their reviewers logged is the corpus's text now, and every label
    correction is the label the corpus carries (none of these sentences was adjudicated or relabelled later)."""
    from training.agreement import AGREEMENT, read_jsonl

    by_id = {r["id"]: r for r in records}
    adjudicated = {e["id"]: e for e in read_jsonl(AGREEMENT / "adjudication.jsonl")}
    rewrites = _relabel_log(f"changes_{author}_review.jsonl")
    assert rewrites and len({e["id"] for e in rewrites}) == len(rewrites)
    for e in rewrites:
        assert e["id"].startswith(author) and e["before"] != e["after"] and by_id[e["id"]]["text"] == e["after"], e["id"]
    for e in _relabel_log(f"changes_{author}_labels.jsonl"):
        assert by_id[e["id"]]["text"] == e["text"], e["id"]
        after = {h: _head(e["after"], h) for h in ("issue", "stance", "side")}
        assert after != {h: _head(e["before"], h) for h in ("issue", "stance", "side")}, e["id"]
        if e["id"] in adjudicated:
            # drawn into a later blind wave: the reviewer's label is the one the wave checked, the corpus
            # carries the adjudicated one
            adj = adjudicated[e["id"]]
            assert (sorted(adj["first_issue"]), *adj["first"]) == (after["issue"], after["stance"], after["side"]), e["id"]
            final = {"issue": adj["adjudicated_issue"], "stance": adj["adjudicated"][0], "side": adj["adjudicated"][1]}
            after = {h: _head(final, h) for h in ("issue", "stance", "side")}
        final = _labels_after_later_passes(f"changes_{author}_labels.jsonl", e["id"], after)  # audit round 3 may follow
        assert {h: _head(by_id[e["id"]], h) for h in ("issue", "stance", "side")} == final, e["id"]


# either government named in any form: the both-sides share's patterns (training.corpus_stats) and the adjectives
# and possessives they leave out, so that a rewrite cannot pass by swapping "Beijing" for "China's"
ANY_US = re.compile(_US.pattern + r"|\b(U\.S\.|US|USA|Americans?|America's|Washington's)(?!\w)")
ANY_CHINA = re.compile(_CHINA.pattern + r"|\b(China|China's|Chinese|PRC|Sino)(?!\w)")


@pytest.mark.parametrize("author", ["ad", "ae", "af"])
def test_both_sides_rewrites_of_the_ninth_round_match_the_corpus(records, author):
    """Authors ad, ae and af: the sentences rewritten to name one government (the corpus's both-sides share)
    are the corpus's text now, no longer name the government that does not act in any form, kept their
    labels' side and their length class, and none was in the blind sample or a reviewer's log."""
    from training.agreement import AGREEMENT, read_ids
    from training.corpus_stats import LONG_WORDS, text_traits

    by_id = {r["id"]: r for r in records}
    log = _relabel_log(f"changes_{author}_shares.jsonl")
    assert log and len({e["id"] for e in log}) == len(log)
    reviewed = {e["id"] for name in (f"changes_{author}_review.jsonl", f"changes_{author}_labels.jsonl")
                for e in _relabel_log(name)}
    sampled = set(read_ids(AGREEMENT / "sample_ids.txt"))
    for e in log:
        assert e["id"].startswith(author) and e["id"] not in reviewed | sampled, e["id"]
        assert by_id[e["id"]]["text"] == e["after"] != e["before"], e["id"]
        assert text_traits(e["before"])["both_sides"] and not text_traits(e["after"])["both_sides"], e["id"]
        assert (len(e["before"].split()) > LONG_WORDS) == (len(e["after"].split()) > LONG_WORDS), e["id"]
        side = by_id[e["id"]]["side"]
        names_us, names_china = bool(ANY_US.search(e["after"])), bool(ANY_CHINA.search(e["after"]))
        assert side != "joint" and not (names_us and names_china), e["id"]
        assert not (side == "us" and names_china) and not (side == "china" and names_us), e["id"]


def test_clarification_54_log_matches_the_corpus(records):
    """Clarification 54's first ruling applied to the older authors: each logged sentence (a side's visit or
    meeting with third countries only) carries `other` for `relations` now, with its text, stance and side unchanged
    (a later audit may have changed its stance or side)."""
    by_id = {r["id"]: r for r in records}
    log = _relabel_log("changes_c54.jsonl")
    assert log and len({e["id"] for e in log}) == len(log)
    for e in log:
        now = by_id[e["id"]]
        assert now["text"] == e["text"] and not e["id"].startswith(("ag", "ah", "ai")), e["id"]
        assert "relations" in e["before"]["issue"] and "relations" not in now["issue"] and "other" in now["issue"], e["id"]
        assert _carries(now, "changes_c54.jsonl", e), e["id"]  # audit round 3 may follow
        assert (e["before"]["stance"], e["before"]["side"]) == (e["after"]["stance"], e["after"]["side"]), e["id"]


def test_clarification_55_log_matches_the_corpus(records):
    """Clarification 55's first ruling (audits, listings and currency are `trade`): each logged sentence carries
    `trade` and not `other` now, with its text, its other issue codes, stance and side unchanged (a later audit may
    have changed its stance or side)."""
    by_id = {r["id"]: r for r in records}
    log = _relabel_log("changes_c55.jsonl")
    assert log and len({e["id"] for e in log}) == len(log)
    for e in log:
        now = by_id[e["id"]]
        assert now["text"] == e["text"] and e["id"].startswith(("af", "al")), e["id"]
        assert "other" in e["before"]["issue"] and "other" not in now["issue"] and "trade" in now["issue"], e["id"]
        assert set(now["issue"]) - {"trade"} == set(e["before"]["issue"]) - {"other", "trade"}, e["id"]
        assert _carries(now, "changes_c55.jsonl", e), e["id"]  # audit round 3 may follow
        assert (e["before"]["stance"], e["before"]["side"]) == (e["after"]["stance"], e["after"]["side"]), e["id"]


def test_clarification_57_log_matches_the_corpus(records):
    """Clarification 57 applied to the authors before it (issue 12, eighteenth round): a pattern search found the
    candidates, two readers judged each against the ruling, and a label changed where both gave the same new labels.
    Every logged change is what the corpus carries, is on an older author's sentence, and does what its ruling says:
    a military channel that names no sea is `military` without `maritime`, stance and side kept; a call that came
    after another event is `joint`; acting on the other side's leads is `cooperation`; a forecast complaint is
    `concern`; a private reading not voiced takes the side of the main clause's fact, stance kept."""
    sea = re.compile(r"\b(seas?|strait|waters|spratly|paracel|scarborough|reef|shoal|islands?|senkaku|pacific|ocean)\b", re.I)
    for e, now in _two_reader_sweep(records, "changes_c57.jsonl", 40):
        assert now["author"] not in ("am", "an", "ao"), e["id"]
        before, after = e["before"], e["after"]
        rule = e["rule"]
        if rule == "57 military channels with no sea named":
            assert "maritime" in before["issue"] and after["issue"] == ["military"] and not sea.search(e["text"]), e["id"]
            assert (before["stance"], before["side"]) == (after["stance"], after["side"]), e["id"]
        elif rule == "57 a call that came after another event":
            assert after["side"] == "joint" and re.search(r"\bcame\b.*\bafter\b", e["text"]), e["id"]
        elif rule == "57 acting on the other side's leads":
            assert after["stance"] == "cooperation" and after["side"] == before["side"], e["id"]
        elif rule == "57 a forecast complaint":
            assert after["stance"] == "concern" and "expected to raise" in e["text"], e["id"]
        else:
            assert rule == "57 a private reading not voiced" and "privately" in e["text"], e["id"]
            assert after["stance"] == before["stance"] and after["side"] != before["side"], e["id"]


def test_clarifications_52_to_55_log_matches_the_corpus(records):
    """Clarifications 52-55 searched for in the whole corpus (issue 12, twentieth round), with the labels earlier
    readers had doubted: a pattern per ruling found the candidates, two readers judged each against its ruling, and a
    label changed where both gave the same new labels. Every logged change is what the corpus carries and does what
    its ruling says: Russian arms for China and sanctions lists against suppliers of Russia's war take
    `russia_ukraine`, without `military` or `technology`, stance and side kept; a removal flight is `other` and no
    longer `people_to_people`; easing one's own rules for everyone is `neutral`; a condition on keeping channels open
    is `concern`; a UN text adopted by consensus is not `joint` work and changes side."""
    for e, _ in _two_reader_sweep(records, "changes_c58.jsonl", 50):
        before, after, rule = e["before"], e["after"], e["rule"]
        kept = (before["stance"], before["side"]) == (after["stance"], after["side"])
        if rule in ("53 Russian arms for China", "52 sanctions lists against suppliers of Russia's war"):
            assert kept and "russia_ukraine" in after["issue"], e["id"]
            assert not {"military", "technology"} & set(after["issue"]), e["id"]
        elif rule == "55 removal flights":
            assert "other" in after["issue"] and "people_to_people" not in after["issue"] and kept, e["id"]
        elif rule == "54 easing one's own rules for everyone":
            assert after["stance"] == "neutral" and re.search(r"visa", e["text"], re.I), e["id"]
        elif rule == "55 a condition on keeping channels open":
            assert after["stance"] == "concern" and re.search(r"reciproc|condition|only", e["text"]), e["id"]
        elif rule == "52 a UN body adopting a text by consensus":
            # the body's act (`other`) when neither government is named acting, else the one named backing it
            assert after["side"] not in ("joint", before["side"]) and re.search(r"adopt", e["text"]), e["id"]
        else:
            assert rule == "doubtful labels: the whole guide", e["id"]


def test_clarification_59_log_matches_the_corpus(records):
    """Clarification 59 searched for in the whole corpus (issue 12, twenty-fifth round): a pattern per ruling found
    66 candidates, two readers judged each in its context by the whole guide, and a label changed where both gave the
    same new labels. Every logged change is what the corpus carries and does what its ruling says: an investment ban
    on a named firm loses `technology` where no export control, entity list or chip is named; flights with no
    epidemic named lose `health`; surveillance and patrols near China's coast are `maritime`, not `military`;
    cooperation walled off from the relationship with no named conduct as the condition is `concern`."""
    for e, _ in _two_reader_sweep(records, "changes_c59.jsonl", 30):
        before, after, rule = e["before"], e["after"], e["rule"]
        kept = (before["stance"], before["side"]) == (after["stance"], after["side"])
        if rule == "59 an investment ban on a named firm":
            assert kept and "technology" in before["issue"] and "technology" not in after["issue"], e["id"]
            assert not re.search(r"export control|entity list|chip|semiconductor", e["text"], re.I), e["id"]
        elif rule == "59 flights with no epidemic named":
            assert kept and after["issue"] == [c for c in before["issue"] if c != "health"], e["id"]
            assert re.search(r"flights?|airlines?", e["text"]) and not re.search(r"epidemic|pandemic|virus", e["text"]), e["id"]
        elif rule == "59 surveillance near the coast":
            assert kept and before["issue"] == ["military"] and after["issue"] == ["maritime"], e["id"]
        elif rule == "59 cooperation tied to the whole relationship":
            assert (before["stance"], after["stance"]) == ("warning", "concern") and before["issue"] == after["issue"], e["id"]
        else:  # read by the whole guide: a third country's trade is not `trade` (49); the business environment is
            assert rule in ("59 curbs on a third country over a regional dispute",
                            "59 reviewing the other side's new law"), e["id"]


def test_clarification_62_log_matches_the_corpus(records):
    """Clarification 62 searched for in the older authors' text (issue 12, twenty-seventh round): a pattern per ruling
    found 195 candidates, two readers judged each in its context by the whole guide, and a label changed where both
    gave the same new labels. Every logged change is what the corpus carries and does what its ruling says: a ban on
    firms over arms sales to Taipei, and a list of the firms a penalty hit, lose `trade`; a government's plain account
    of the other side's conduct is `neutral` with the actor's side; `health` needs an outbreak or a health measure
    named; a third country's trade is that country's issue, not `trade` (49, found by the same patterns)."""
    complaint = re.compile(r"concern|condemn|protest|accus|illegal|dangerous|provocat|oppos|urge", re.I)
    for e, now in _two_reader_sweep(records, "changes_c62.jsonl", 25):
        before, after, rule = e["before"], e["after"], e["rule"]
        kept = (before["stance"], before["side"]) == (after["stance"], after["side"])
        assert now["author"] not in ("as", "at", "au"), e["id"]  # their labels were adjudicated under 62 already
        if rule == "62 the form of a ban":
            assert kept and after["issue"] == [c for c in before["issue"] if c != "trade"] == ["taiwan"], e["id"]
            assert re.search(r"unreliable entity|sanction", e["text"]) and re.search(r"Taiwan", e["text"]), e["id"]
        elif rule == "62 the firms a penalty names":
            assert kept and "trade" in before["issue"] and "trade" not in after["issue"], e["id"]
        elif rule == "62 a plain account of the other side's conduct":
            assert (before["stance"], after["stance"], after["side"]) == ("concern", "neutral", "china"), e["id"]
            assert before["issue"] == after["issue"] and not complaint.search(e["text"]), e["id"]
        elif rule == "62 health needs an outbreak or a health measure named":
            assert kept and "health" in before["issue"] and "health" not in after["issue"], e["id"]
            assert not re.search(r"epidemic|pandemic|virus|outbreak|covid|vaccin", e["text"], re.I), e["id"]
        elif rule == "49 a third country's trade":
            assert kept and "trade" in before["issue"] and "trade" not in after["issue"], e["id"]
            assert {"russia_ukraine", "korea", "middle_east"} & set(after["issue"]), e["id"]
        else:  # the whole guide: damage to relations named as the consequence (44)
            assert rule == "44 the relationship named as the consequence" and kept, e["id"]
            assert after["issue"] == sorted(before["issue"] + ["relations"]), e["id"]


def test_clarification_63_log_matches_the_corpus(records):
    """Clarification 63 searched for in the older authors' text (issue 12, twenty-eighth round): a pattern per ruling
    found 88 candidates, two readers judged each in its context by the whole guide, and a label changed where both
    gave the same new labels (they agreed on all 7 they changed). Every logged change does what its ruling says:
    shared challenges named no further add `relations`; a pact with third countries adds `other`; export licences add
    `technology` (and sanctions over Russian arms take `russia_ukraine`, 53); aid to the other side is cooperation;
    a dated tip is the tipper's."""
    for e, now in _two_reader_sweep(records, "changes_c63.jsonl", 7):
        before, after, rule = e["before"], e["after"], e["rule"]
        kept = (before["stance"], before["side"]) == (after["stance"], after["side"])
        added = set(after["issue"]) - set(before["issue"])
        assert now["author"] not in ("av", "aw", "ax"), e["id"]  # their labels were adjudicated under 63 already
        if rule == "63 shared challenges":
            assert kept and added == {"relations"} and re.search(r"global challenges", e["text"]), e["id"]
        elif rule == "63 a pact with third countries":
            assert kept and added == {"other"} and "AUKUS" in e["text"], e["id"]
        elif rule.startswith("63 export licences"):
            assert kept and "technology" in added and re.search(r"export licen[cs]e", e["text"]), e["id"]
            if rule.endswith("53 on sanctions over Russian arms"):
                assert sorted(after["issue"]) == ["russia_ukraine", "technology"], e["id"]
            else:
                assert added == {"technology"}, e["id"]
        elif rule == "63 orders and aid":
            assert (before["stance"], after["stance"]) == ("neutral", "cooperation") and before["issue"] == after["issue"], e["id"]
            assert re.search(r"states, cities", e["text"]), e["id"]
        else:
            assert rule == "63 a dated tip stays background" and before["issue"] == after["issue"], e["id"]
            assert (before["side"], after["side"]) == ("joint", "us") and re.search(r"tip .* in 20\d\d", e["text"]), e["id"]


def test_clarification_64_log_matches_the_corpus(records):
    """Clarification 64 (China's unreliable entity list, issue 12, twenty-ninth round): two readers judged every corpus
    sentence naming the list, and a label changed where both gave the same new labels (9; they split on one). Every
    logged change touches the issue set alone and does what the ruling says: a listing over arms sales to Taiwan keeps
    `taiwan` and loses what the list's name (`technology`) and the ban's form (`trade`) had added; a sentence on the
    list itself keeps `technology` and loses `trade`. And every sentence naming a listing on it over arms sales now
    carries `taiwan` alone (a sentence on the list itself may keep `trade` where it names a trade measure beyond it)."""
    unreliable = re.compile(r"unreliable entit", re.I)
    for e, now in _two_reader_sweep(records, "changes_c64.jsonl", 9):
        before, after, rule = e["before"], e["after"], e["rule"]
        assert (before["stance"], before["side"]) == (after["stance"], after["side"]), e["id"]
        assert unreliable.search(e["text"]), e["id"]
        if rule == "64 a listing takes its reason":
            assert after["issue"] == ["taiwan"] and "taiwan" in before["issue"] and len(before["issue"]) > 1, e["id"]
            assert re.search(r"arms sales|the sale", e["text"]), e["id"]
        else:
            assert rule == "64 the list itself", e["id"]
            assert after["issue"] == ["technology"] and sorted(before["issue"]) == ["technology", "trade"], e["id"]
    listings = [r for r in records if unreliable.search(r["text"]) and re.search(r"arms sales", r["text"])]
    assert len(listings) >= 10
    for r in listings:
        assert r["issue"] == ["taiwan"], r["id"]


def test_flagged_labels_log_matches_the_corpus(records):
    """The six labels earlier reviews flagged and left (issue 12, thirtieth round): two readers labelled each blind, by
    the whole guide, and a label changed where both gave the same labels (5; they split on ak036-08's stance, which
    keeps its labels). The changes are the ones the rules named in the log make: the Taiwan Strait is `taiwan`, not
    `maritime` (37); a sanction over Russian arms purchases is `russia_ukraine`, and names no export control (53, 26);
    experts' reading of habitual acts is analysis (12, 50); doing business in an "open" China is `trade`."""
    flagged = {"o015-09", "j066-09", "k085-07", "ak036-08", "p087-05", "p087-06"}
    entries = dict((e["id"], (e, now)) for e, now in _two_reader_sweep(records, "changes_flagged_labels.jsonl", 5))
    assert set(entries) == flagged - {"ak036-08"}
    by_id = {r["id"]: r for r in records}
    assert (by_id["ak036-08"]["stance"], by_id["ak036-08"]["side"]) == ("concern", "us")
    for sentence_id in ("p087-05", "p087-06"):
        e, now = entries[sentence_id]
        assert "maritime" in e["before"]["issue"] and "taiwan" in now["issue"] and "maritime" not in now["issue"]
        assert "37" in e["rule"] and re.search(r"transit|Eastern Theater", by_id["p087-05"]["text"])
    e, now = entries["o015-09"]
    assert sorted(now["issue"]) == ["military", "russia_ukraine"] and re.search(r"Russian", e["text"])
    e, now = entries["j066-09"]
    assert (e["before"]["stance"], now["stance"]) == ("concern", "neutral") and e["text"].startswith("Chinese experts")
    e, now = entries["k085-07"]
    assert sorted(now["issue"]) == ["people_to_people", "trade"] and "do business" in e["text"]


#: A sea besides the Taiwan Strait, which keeps `maritime` beside `taiwan`; freedom of navigation in general also does.
_OTHER_SEA = re.compile(r"South China Sea|East China Sea|Yellow Sea|Philippine|Pacific|Indian Ocean|international waters"
                        r"|wherever international law", re.I)


def test_taiwan_strait_sweep_log_matches_the_corpus(records):
    """Clarification 37 (the Taiwan Strait is `taiwan`, not `maritime`) across the corpus (issue 12, thirty-second
    round): the 18 sentences that name the Strait, carry `maritime` and name no other sea were read by two readers, each
    by the whole guide with the sentence's neighbours, and a head changed where both gave the same new value. They took
    `maritime` off 16 and kept it on two that state freedom of navigation in general (Clarification 5); they split on
    one stance and side (i060-07), which keep theirs. Now no sentence naming the Strait and no other sea carries it."""
    log = _relabel_log("changes_c37_strait.jsonl")
    by_id = {r["id"]: r for r in records}
    assert len(log) == 16 and len({e["id"] for e in log}) == len(log)
    for e in log:
        now, (first, second) = by_id[e["id"]], e["readers"]
        assert now["text"] == e["text"] and _carries(now, "changes_c37_strait.jsonl", e) and e["rule"].startswith("37 ")
        assert "maritime" in e["before"]["issue"] and _issue(e["after"]) == sorted(set(e["before"]["issue"]) - {"maritime"})
        for h in ("issue", "stance", "side"):
            agreed = _head(first, h) == _head(second, h)
            assert _head(e["after"], h) == (_head(first, h) if agreed else _head(e["before"], h)), (e["id"], h)
    assert sum(e["readers"][0] != e["readers"][1] for e in log) == 1
    left = [r["id"] for r in records if "taiwan strait" in r["text"].lower() and "maritime" in r["issue"]
            and not _OTHER_SEA.search(r["text"])]
    assert left == [], left


def test_clarification_56_log_matches_the_corpus(records):
    """Clarification 56 applied to the corpus: every logged change is what the corpus carries and names its ruling.
    Olympic boycotts change only the issue set (no `other` left, `human_rights` or `people_to_people` in it);
    a currency-manipulator designation becomes `warning`, `trade`; keeping one's own commitments becomes `neutral`."""
    log = _relabel_log("changes_c56.jsonl")
    by_id = {r["id"]: r for r in records}
    assert len(log) >= 20 and len({e["id"] for e in log}) == len(log)
    for e in log:
        now = by_id[e["id"]]
        assert now["text"] == e["text"] and e["rule"].startswith("56 "), e["id"]
        assert _carries(now, "changes_c56.jsonl", e) and e["before"]["side"] == e["after"]["side"], e["id"]
        if "Olympic" in e["rule"]:
            assert e["before"]["stance"] == e["after"]["stance"] and _issue(e["before"]) != _issue(e["after"]), e["id"]
            assert "other" not in e["after"]["issue"] and {"human_rights", "people_to_people"} & set(e["after"]["issue"]), e["id"]
            assert re.search(r"Olympic|Games|boycott", e["text"]), e["id"]
        elif "currency" in e["rule"]:
            assert "manipulator" in e["text"] and e["after"]["stance"] == "warning" and "trade" in e["after"]["issue"], e["id"]
        else:
            assert "commitments" in e["rule"] and e["after"]["stance"] == "neutral" != e["before"]["stance"], e["id"]


# a sentence that names AI in so many words; the `ai` pass read only sentences with `ai` that do not
AI_NAMED = re.compile(r"\bAI\b|\bA\.I\.|artificial[ -]intelligence", re.I)


def test_clarification_25_ai_pass_log_matches_the_corpus(records):
    """Clarification 25 (`ai` only when the sentence is about AI itself) applied to the sentences that carried `ai`
    without naming AI: two blind readers gave each its issue set (`c25_ai_blind.jsonl`); `ai` went where neither gave
    it, `technology` came where both gave it, and a set left empty took the codes both gave. Every logged change is
    what the corpus carries and follows that rule, and no sentence both readers took `ai` off still carries it."""
    blind = {e["id"]: [set(b["issue"]) for b in e["blind"]] for e in _relabel_log("c25_ai_blind.jsonl")}
    log = _relabel_log("changes_c25_ai.jsonl")
    by_id = {r["id"]: r for r in records}
    sample = set(read_ids(SEEDS / "agreement" / "sample_ids.txt"))
    assert len(blind) >= 300 and len(log) >= 100 and len({e["id"] for e in log}) == len(log)
    for e in log:
        now, (a, b) = by_id[e["id"]], blind[e["id"]]
        assert now["text"] == e["text"] and not AI_NAMED.search(e["text"]) and e["id"] not in sample, e["id"]
        assert _carries(now, "changes_c25_ai.jsonl", e), e["id"]
        assert (e["before"]["stance"], e["before"]["side"]) == (e["after"]["stance"], e["after"]["side"]), e["id"]
        before, after = set(e["before"]["issue"]), set(e["after"]["issue"])
        assert "ai" in before and after and after != before, e["id"]
        assert ("ai" in after) == bool("ai" in a or "ai" in b), e["id"]
        kept = before - {"ai"} if "ai" not in after else before
        added = after - before
        assert after >= kept and added <= a & b, e["id"]
        assert added <= {"technology"} or not kept, e["id"]  # other codes only where the set was left empty
    for sentence_id, (a, b) in blind.items():
        if "ai" not in a | b:
            assert "ai" not in by_id[sentence_id]["issue"], sentence_id
