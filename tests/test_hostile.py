"""Hostile input: a clear error or a correct result, never a crash deep inside."""

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancelib import classify, classify_sentences

from .conftest import ROOT
from .hostile_cases import CASES, CLI_REFUSES, check_label, check_labels


def _spans_ok(text, labels):
    last = 0
    for lab in labels:
        assert text[lab.span[0]:lab.span[1]] == lab.text and lab.span[0] >= last
        last = lab.span[1]


@pytest.mark.parametrize("text", [
    "Xi\x00 warned\x07 Biden\x1b[31m over Taiwan.\x00",
    "中方对美方的出口管制表示坚决反对。 The U.S. side raised concerns.",
    "قال المتحدث إن الجانبين اتفقا. The two sides agreed 🤝 to talk again 😀.",
    "\u200fThe minister\u200e warned\u202e of consequences.\u2028Next line.\u2029",
    "\ufeffBOM at the start. Tabs\tand\r\nCRLF line ends.\r\n",
])
def test_odd_characters_give_correct_results(text):
    labels = classify(text)
    assert labels
    _spans_ok(text, labels)


def test_a_100000_character_sentence_without_punctuation():
    text = " ".join(["tariffs and talks"] * 5882)[:100_000]
    labels = classify(text)
    assert len(labels) == 1 and labels[0].span == (0, len(text.rstrip()))
    assert classify_sentences([text])[0].issues


def test_a_long_readout_in_one_paragraph():
    sentence = "The two sides agreed to keep talking about trade and fentanyl. "
    text = sentence * 5000  # ~320 KB with no line break
    labels = classify(text)
    assert len(labels) == 5000
    _spans_ok(text, labels)


@pytest.mark.parametrize("items, kind", [
    ([["nested", "list"]], TypeError), ([{"text": "a dict"}], TypeError), ([1.5], TypeError),
    ([None, "ok"], TypeError), ([float("nan")], TypeError), ([b"bytes"], TypeError),
])
def test_bad_items_name_their_position(items, kind):
    with pytest.raises(kind, match="sentence 0"):
        classify_sentences(items)


def test_blank_items_still_get_a_label():
    labels = classify_sentences(["", "   ", "\n"])
    assert len(labels) == 3 and all(lab.issues for lab in labels)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_unicode_text(text):
    _spans_ok(text, classify(text))


@given(st.lists(st.text(max_size=80), max_size=6))
def test_classify_sentences_is_deterministic(sentences):
    a = [lab.to_dict() for lab in classify_sentences(sentences)]
    b = [lab.to_dict() for lab in classify_sentences(sentences)]
    assert a == b and len(a) == len(sentences)


# ---------------------------------------------------------------- the suite (issue 15)
#: Address space the suite's subprocess may take (the loaded model, the export, takes ~220 MB of it):
#: a memory regression fails the suite instead of swamping the machine. It leaves a case the room that
#: 2,000 MB left when the subprocess also loaded the estimator (~490 MB more); measured, the first case
#: could allocate 1,300 MB under either cap and 1,305 MB under neither.
CAP_MB = 1525
#: The cases whose size is the attack; the fast tier runs them smaller, the slow tier at full size.
BIG_CASES = ("10 MB readout", "10 MB single token", "many short lines", "bare dash lines")


def _run_cases(cap_mb, size, names, timeout=600):
    proc = subprocess.run([sys.executable, "-m", "tests.hostile_cases", str(cap_mb), size, *names],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    results = {}
    started = None
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        if rec["api"] == "start":
            started = rec["case"]
        else:
            results[(rec["case"], rec["api"])] = rec
    return proc, results, started


@pytest.fixture(scope="module")
def hostile_results():
    """Every case, through classify, classify_sentences and the CLI, in one subprocess under CAP_MB."""
    return _run_cases(CAP_MB, "fast", list(CASES))


def test_the_suite_has_at_least_40_named_input_classes():
    assert len(CASES) >= 40 and len(set(CASES)) == len(CASES)


@pytest.mark.parametrize("api", ["classify", "classify_sentences", "cli"])
@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input(hostile_results, case, api):
    proc, results, started = hostile_results
    rec = results.get((case, api))
    assert rec is not None, (f"no result: the subprocess died (exit {proc.returncode}) while running {started!r}, "
                             f"e.g. over its {CAP_MB} MB memory cap:\n{proc.stderr[-2000:]}")
    assert "crash" not in rec, rec["crash"]
    assert rec["problems"] == []
    if api == "cli" and isinstance(rec["result"], str):  # a refusal: only where documented, and clean
        assert case in CLI_REFUSES and CLI_REFUSES[case] in rec["result"], rec["result"]
    if "growth_mb" in rec:
        assert rec["growth_mb"] <= rec["bound_mb"], f"{rec['growth_mb']:.0f} MB over the documented bound"


@pytest.mark.slow
@pytest.mark.parametrize("case", BIG_CASES)
def test_big_hostile_inputs_stay_within_the_documented_memory_bound(case):
    """At full size (10 MB; a million dashes; 100,000 "Ok." lines, each labelled three ways: the million
    of the issue is measured by `python -m training.benchmark --memory`), each in its own subprocess
    under a cap."""
    from stancelib.api import MEMORY_BOUND

    proc, results, _ = _run_cases(CAP_MB + MEMORY_BOUND[0] * 10 + MEMORY_BOUND[1], "big", [case], timeout=1800)
    assert len(results) == 3, proc.stderr[-2000:]
    for rec in results.values():
        assert "crash" not in rec and rec["problems"] == [], rec
        assert rec.get("growth_mb", 0) <= rec["bound_mb"], rec


def test_case_3_bullets_without_words_are_not_sentences():
    text = "Readout\n-\n*\n•\n–\n1.\n2)\n- 12\n* ...\n---\n2024\nTalks resumed.\n"
    assert [lab.text for lab in classify(text)] == ["Readout", "Talks resumed."]
    assert classify("-\n" * 20_000) == []


def test_case_3_a_label_is_small():
    """A label held its probabilities as a tuple of Python floats and a __dict__: ~1.5 KB each."""
    labels = classify("Ok.\n" * 3)
    lab = labels[0]
    shared = {id(lab._scores[0])} | {id(x) for x in (lab.issues, lab.stance, lab.side)}  # per model or per batch
    seen, size, todo = set(), 0, [lab]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or id(obj) in shared or obj is None:
            continue
        seen.add(id(obj))
        size += sys.getsizeof(obj)
        if isinstance(obj, tuple):
            todo.extend(obj)
        elif hasattr(type(obj), "__slots__") and not isinstance(obj, (str, bytes)):
            todo.extend(getattr(obj, name) for name in type(obj).__slots__)
    assert not hasattr(lab, "__dict__") and size <= 600, size
    assert labels[0].scores == labels[1].scores and all(isinstance(v, float) for v in lab.scores["stance"].values())
    import pickle

    assert pickle.loads(pickle.dumps(lab)) == lab and pickle.loads(pickle.dumps(lab)).scores == lab.scores


def test_case_3_the_cli_streams_labels_as_it_makes_them(tmp_path, monkeypatch):
    """Without --sentences the CLI held every label of the text before writing the first one."""
    import stancelib.api as api
    from stancelib.cli import main

    monkeypatch.setattr(api, "BATCH_SIZE", 10)
    path = tmp_path / "lines.txt"
    path.write_text("Ok.\n" * 35)
    written = []

    class Out:
        def write(self, s):
            written.append(s)

    made = []
    real = api.label_sentences
    monkeypatch.setattr(api, "label_sentences", lambda *a, **k: made.append(len(written)) or real(*a, **k))
    monkeypatch.setattr(sys, "stdout", Out())
    assert main(["classify", str(path), "--format", "jsonl", "--quiet"]) == 0
    # each batch is made after the one before it was written
    assert len(written) == 35 and made[0] == 0 and all(b > a for a, b in zip(made, made[1:])) and len(made) > 3


def test_batch_boundaries_change_no_label(monkeypatch):
    """A sentence opening with a pronoun reads its predecessor's side, across batch boundaries too."""
    import stancelib.api as api

    text = " ".join(["Xi warned Biden over Taiwan.", "He also raised export controls.",
                     "Blinken urged restraint.", "He added that talks would go on."] * 12)
    whole = [lab.to_dict() for lab in classify(text)]
    for size in (3, 7, 10):
        monkeypatch.setattr(api, "BATCH_SIZE", size)
        assert [lab.to_dict() for lab in classify(text)] == whole


# ---------------------------------------------------------------- case 4: out-of-distribution confidence
@pytest.mark.parametrize("text", [
    "Taiwan " * 100_000,
    " ".join(["tariffs talks"] * 2000),
    "Blorf zimble quaxx droob wibble.",
    "中方对美方的出口管制表示坚决反对。",
    "Россия и Украина провели переговоры.",
])
def test_case_4_out_of_distribution_text_gets_a_low_confidence(text):
    lab = classify_sentences([text])[0]
    assert lab.confidence <= 0.1, lab
    assert max(lab.scores["stance"].values()) >= lab.confidence  # the probabilities themselves are the model's


def test_case_4_long_gibberish_confidence_falls_with_length():
    import random

    rng = random.Random(4)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(20_000)]
    confs = [classify_sentences([" ".join(words[:n])])[0].confidence for n in (10, 1000, 20_000)]
    assert all(c <= 0.05 for c in confs), confs


@pytest.mark.parametrize("text", [
    "Xi warned Biden not to cross a red line on Taiwan.",
    "The two sides agreed to resume talks on climate and fentanyl.",
    "The U.S. side raised concerns about export controls on chips.",
    "He also said the two militaries should keep lines of communication open.",
])
def test_case_4_ordinary_readout_sentences_keep_their_confidence(text):
    from stancelib.api import ood_factor

    assert ood_factor([text])[0] == 1.0
    lab = classify_sentences([text])[0]
    chosen = {"issue": lab.issues, "stance": (lab.stance,), "side": (lab.side,)}
    raw = min(lab.scores[h][c] for h in lab.scores for c in chosen[h])
    assert lab.confidence == pytest.approx(raw, abs=1e-4)


def test_case_4_the_rule_is_the_documented_one():
    from stancelib.api import KNOWN_SHARE_FULL, LONGEST_SENTENCE_FALLBACK, ood_factor, resolve_model

    clf = resolve_model(None)
    known = sorted(clf.known_words())[:1000]
    longest = clf.longest_sentence_tokens() or LONGEST_SENTENCE_FALLBACK
    known_word = next(w for w in known if w.isalpha())
    # a quarter of the words known: the factor is (1/4) / KNOWN_SHARE_FULL
    assert ood_factor([f"{known_word} zzqx zzqy zzqz"])[0] == pytest.approx(0.25 / KNOWN_SHARE_FULL)
    # all known, twice as long as the longest training sentence: 1/2
    assert ood_factor([" ".join([known_word] * (2 * longest))])[0] == pytest.approx(0.5)
    assert ood_factor(["", "   ", "!!!"]).tolist() == [0.0, 0.0, 0.0]


def test_case_4_both_model_paths_expose_the_same_vocabulary(model):
    from stancelib.api import resolve_model

    compiled = resolve_model(None)
    assert model.known_words() == compiled.known_words() and len(model.known_words()) > 1000
    assert model.longest_sentence_tokens() == compiled.longest_sentence_tokens()
    text = "Blorf zimble quaxx warned Taiwan."
    assert classify_sentences([text], model=model)[0].confidence == pytest.approx(
        classify_sentences([text])[0].confidence, abs=1e-3)


def test_case_4_a_newly_trained_model_records_its_longest_sentence():
    from stancelib.model import ReadoutClassifier

    X = ["Xi warned against arms sales to Taiwan.", "The two sides agreed to resume talks on climate."] * 4
    y = {"issue": [["taiwan"], ["climate"]] * 4, "stance": ["warning", "cooperation"] * 4}
    clf = ReadoutClassifier(cv=0, min_df=1, char_ngram_range=None).fit(X, y)
    assert clf.longest_sentence_tokens() == 9  # "the two sides agreed to resume talks on climate"
    assert clf.compile().longest_sentence_tokens() == 9


# ---------------------------------------------------------------- properties
_PIECES = st.sampled_from([
    "Xi warned Biden.", "The U.S. side raised Taiwan.", "They agreed", "-", "•", "1.", "\n", "\r\n", "\r", "\t",
    " ", "\x00", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "😀", "中方", "...", "“", "”", "U.S.", "Gen.", "\u2028",
])


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_classify_of_readout_like_pieces_is_always_valid(text):
    from stancelib.api import resolve_model

    classes = {f: set(map(str, c)) for f, c in resolve_model(None).classes_.items()}
    assert check_labels(text, classify(text), classes) == []


@given(st.lists(st.text(max_size=60), max_size=5))
def test_classify_sentences_keeps_length_order_and_valid_labels(sentences):
    from stancelib.api import ood_factor, resolve_model

    classes = {f: set(map(str, c)) for f, c in resolve_model(None).classes_.items()}
    labels = classify_sentences(sentences)
    assert [lab.text for lab in labels] == sentences
    assert all(check_label(lab, classes, "label") == [] for lab in labels)
    factors = ood_factor(sentences)
    assert ((factors >= 0) & (factors <= 1)).all()
