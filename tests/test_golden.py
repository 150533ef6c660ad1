"""Golden outputs of the bundled model: the one place where tests depend on its trained weights.

When a retrain changes one of these, look at the sentence: if the new label is still right by
the annotation guide, update the expectation here; if not, the retrain made the model worse.
Each case is a hand-written sentence of a phenomenon analysts check first (issues 12 and 14),
or, in the last part, a sentence or text another test file uses (that file now tests its own
subject without the weights: with tests/table_model.py's TableModel, or by comparing two code
paths; the bundled model's reading of its text is expected here only).

Other places a retrain can require an update, because they must show real output:

- doctests that ``pytest`` collects: the module docstring of ``stancelib/__init__.py``
  (``'joint'``); in ``stancelib/api.py``, ``SentenceLabel.confidence_head`` (``['side', 'ood']``),
  ``ood_factor`` (``[1.0, 0.0, 0.07]``: the vocabulary and the longest training sentence),
  ``classify`` (``('warning', 'china')``) and ``classify_sentences`` (``['cooperation', 'neutral']``);
  ``compare`` and ``compare_sides`` in ``stancelib/comparison.py`` (their flags, ``'warning'``,
  ``['joint', 'other']``); ``summarize`` in ``stancelib/summary.py`` (``'warning'``);
- the README's Python examples, which tests/test_readme.py runs (the labels of the three-sentence
  example near the top, the sides of its quotation alone and after a Biden sentence, and the
  ``summarize`` example), its compare table (test_readme_compare_output_is_real below), and the
  probabilities its "The example pair" paragraph gives (test_readme_explains_the_pair_with_the_models_figures);
- preconditions that keep tests elsewhere from passing vacuously, and fail when a retrain takes
  away what they need: tests/test_score_rounding.py (``assert off``: some probability sums of the
  seed article are not exactly 1 after rounding), tests/test_label_issue_order.py (sentences with
  several codes out of label-set order; a sentence whose closest code is not its most likely one)
  and tests/test_context.py::test_classify_reads_the_quotation_in_context (the quotation's
  ``china`` score rises in context).
"""

import subprocess
import sys

import pytest

from stancelib import classify, classify_sentences, compare, compare_sides

from .conftest import ROOT
from .test_curation_inputs import HE, XI

# (sentence, stance, side, an issue it must carry or None); written for this test
CASES = [
    # issue 14, symptom 8: "opposes" is a concern cue; no consequence is stated
    ("China firmly opposes U.S. arms sales to Taiwan.", "concern", "china", "taiwan"),
    # issue 14, symptom 8: keeping in contact is about the relationship itself
    ("The two sides agreed to keep in close contact.", "cooperation", "joint", "relations"),
    # issue 14, symptom 8: a grievance in reported speech, no consequence stated (Clarification 41)
    # (a known error from authors s-u to the twenty-seventh round of issue 12: neutral, p 0.58 and concern 0.34 with
    # authors ag-ai, 0.45 and 0.39 before them; with authors av-ax concern won by a hair, 0.47 against neutral 0.47,
    # and lost it again, 0.45 against 0.49, to the thirtieth round's retrain after five relabels; 0.44 against 0.49
    # after authors ay and az)
    pytest.param("He noted that the U.S. has taken an endless stream of measures to suppress China's economy.",
                 "concern", "china", "trade",
                 marks=pytest.mark.xfail(strict=True, reason="known error: neutral (p 0.49, concern 0.44 after authors "
                                                             "ay-az; 0.49 and 0.45 after the thirtieth round; "
                                                             "0.47 and 0.47 after authors av-ax)")),
    # issue 12: the reporting source is not the actor
    ("The ministry said the two leaders agreed to maintain communication.", "cooperation", "joint", "relations"),
    # issue 12: resolve and capability voiced as a warning
    ("\"China has full capability to respond to any provocation,\" the spokesperson said.", "warning", "china", None),
    # issue 12: cooperation voiced as looking forward
    ("Beijing looks forward to working with Washington on climate change.", "cooperation", "china", "climate"),
    # reported speech: the reported act counts
    ("According to the Chinese readout, Xi urged Biden to lift sanctions on Chinese firms.", "concern", "china", None),
    # issue 12, each phenomenon of "what goes wrong on real text" once more, in other words:
    # concern in reported speech
    # ("officials in Beijing said": a group of speakers before "in" makes the place its speaker; an xfail until
    # the actor block read it, side china 0.79 since)
    ("Officials in Beijing said they were deeply troubled by the new visa limits on Chinese students.",
     "concern", "china", "people_to_people"),
    # cooperation voiced as a hope, as a call for dialogue, as readiness
    ("The Secretary said he hoped the two militaries could restore regular channels of communication.", "cooperation",
     "us", "military"),
    # "China's" before an office is its actor, not an owner (thirteenth round; side other before it)
    ("China's foreign minister called for dialogue to settle the two countries' differences over trade.",
     "cooperation", "china", "trade"),
    ("\"We are ready to work with the United States on climate,\" Xi told his counterpart.", "cooperation", "china",
     "climate"),
    # warning voiced as resolve, and as a condition with countermeasures
    ("Beijing will not back down in the face of pressure over Taiwan, the spokesperson said.", "warning", "china", "taiwan"),
    ("If Washington insists on new tariffs, China will take resolute countermeasures, the ministry said.", "warning",
     "china", "trade"),
    # a complaint with no consequence stated is a concern, not a warning
    ("The ministry expressed strong dissatisfaction with the latest chip export rules.", "concern", "china", "technology"),
    # the reporting source (the White House) is not the actor (both presidents)
    # (an xfail after the tenth round's retrain, side us 0.41 against joint 0.39; joint again, 0.41 against
    # us 0.39, after the eleventh round's retrain, whose lexicon no longer reads "the report" as a third party)
    ("According to the White House, the two presidents welcomed progress on curbing fentanyl flows.",
     "cooperation", "joint", "counternarcotics"),
    # (an xfail until the eleventh round: side us or other before; joint now by a hair, 0.3327 against us
    # 0.3321 and other 0.3033, after the same retrain)
    ("According to the White House, both presidents welcomed progress on curbing fentanyl flows.",
     "cooperation", "joint", "counternarcotics"),
    # pressing the other side to ease its measure is a concern (guide, rule 2: "pressed", "urged ... to")
    pytest.param("Xi pressed Biden to ease the limits on sales of advanced chips to Chinese firms.", "concern", "china",
                 "technology", marks=pytest.mark.xfail(strict=True, reason="known error: neutral (p 0.83, concern 0.11 with authors ay-az; 0.70, concern 0.15 with authors ag-ai; 0.69 and 0.17 with ad-af; 0.72 and 0.15 with aa-ac; "
                                                                           "0.70 and 0.15 after the seventh round, 0.65 and 0.22 after authors y-z, 0.76 and "
                                                                           "0.14 before); "
                                                                           "'Biden pressed Xi on fentanyl.' is concern")),
    # a third party
    ("Japan's foreign minister voiced alarm about Chinese coast guard ships near the Senkaku Islands.", "concern",
     "other", "maritime"),
    # an explicit warning verb; the side is the speaker's, not that of "Washington", the object (issue 12)
    # (an xfail, side us, until the tenth round's retrain: the actor lexicon then learnt officials' bare
    # surnames, "Wang" among them)
    ("Wang warned Blinken that Washington would bear the consequences of further chip curbs.", "warning",
     "china", "technology"),
    # a pasted page's furniture names no topic: other, neutral, other (guide Clarifications 1 and 65; before authors
    # ay and az, who wrote pages as pasted, this credits line came out technology)
    ("Reporting by Jane Doe in Beijing; Editing by Sam Roe", "neutral", "other", "other"),
    # a tag line takes the topics it names; nobody acts in it (Clarification 65)
    ("Topics: Taiwan, Trade", "neutral", "other", "taiwan"),
    # a byline whose name is a Chinese official's surname ("Li") still reads as a Chinese actor
    pytest.param("By Jane Doe and Omar Li", "neutral", "other", "other",
                 marks=pytest.mark.xfail(strict=True, reason="known error: side china, issues military and other "
                                                             "(side china 0.34, other 0.31 after authors ay-az): the actor "
                                                             "lexicon reads the surname Li")),
]


@pytest.mark.parametrize("text, stance, side, issue", CASES, ids=[(c.values if hasattr(c, "values") else c)[0][:40] for c in CASES])
def test_bundled_model_labels(text, stance, side, issue):
    label = classify_sentences([text])[0]
    assert (label.stance, label.side) == (stance, side), label.to_dict()
    if issue is not None:
        assert issue in label.issues, label.to_dict()


# issue 12: `relations` only when nothing more specific fits or the sentence is about the relationship
# (guide Clarification 44; a substantive discussion of an issue is that issue only: Clarification 23)
EXACT_ISSUES = [
    ("Biden raised concerns about the flow of fentanyl precursors from China.", ("counternarcotics",)),
    # chips that name no AI are `technology` alone (Clarification 25): a known error (`ai` at p 0.47-0.60) until the
    # fourteenth round's `ai` pass took `ai` off 142 corpus sentences that did not name AI
    ("Xi pressed Biden to ease the limits on sales of advanced chips to Chinese firms.", ("technology",)),
    ("\"We are ready to work with the United States on climate,\" Xi told his counterpart.", ("climate",)),
    ("The two presidents agreed that the relationship must not veer into conflict.", ("relations",)),
    # an issue-specific meeting or channel takes its issue alone (Clarification 44)
    ("The climate envoys met for two days in Beijing.", ("climate",)),
    ("The AI talks in Geneva ran for about five hours.", ("ai",)),
    ("The two leaders agreed to resume military-to-military talks.", ("military",)),
    ("Commerce Secretary Lutnick and Minister Wang Wentao agreed to stay in touch.", ("trade",)),
    # an issue beside the relationship as a whole keeps both
    ("Both sides said cooperation on fentanyl could help stabilize the broader relationship.",
     ("counternarcotics", "relations")),
    ("Taiwan is the most sensitive issue in China-U.S. relations, Wang told Blinken.", ("taiwan", "relations")),
]


@pytest.mark.parametrize("text, issues", EXACT_ISSUES,
                         ids=[(c.values if hasattr(c, "values") else c)[0][:40] for c in EXACT_ISSUES])
def test_relations_only_when_nothing_more_specific_fits(text, issues):
    assert classify_sentences([text])[0].issues == issues


def test_us_title_headline_is_one_sentence_with_the_joint_side():
    """Issue 14, symptom 1: the fragment "President Kamala Harris on the Phone." got side us."""
    labels = classify("Xi Jinping Speaks with U.S. President Kamala Harris on the Phone.")
    assert len(labels) == 1 and labels[0].side == "joint"


#: The flags the bundled model raises on the example pair (seeds/pairs/). The five differences the
#: pair was written with (tests/test_compare.py, EXPECTED_FLAGS: the gold labels imply exactly
#: these) are all found, and since the nineteenth round of issue 12 nothing else: until then the
#: model also flagged `ai` on a sentence about chip export controls (many corpus authors tagged
#: chips with ai, which Clarification 25 now excludes), at probability 0.41 beside `technology` at
#: 1.0; the second-code bar (0.525 in that retrain and the twenty-first round's, where `ai` is 0.36;
#: 0.475 in the twentieth's; 0.425 in the twenty-eighth's, where `ai` is 0.38) drops it. A wrong `climate` flag came and went twice: on a sentence about a visit it went away
#: with author r's corpus; on "They agreed that their teams will stay in close touch, and President
#: Trump accepted an invitation to visit Beijing next year." it came with the eighth round's authors
#: (the corpus labels "agreed to stay in close touch" by the meeting's issue when the meeting is an
#: issue's channel) and went with the tenth round's retrain (`relations` 0.24, `climate` 0.21, under
#: its threshold) and came back with the twelfth round's (`climate` 0.22, just over its threshold; `relations`
#: under it) and went again with the sixteenth round's (authors am, an and ao and word trigrams: `relations`,
#: its gold code, alone). PAIR_KNOWN_ISSUE_MISSES holds the gold codes the model misses, by sentence id.
PAIR_MODEL_FLAGS = {
    "counternarcotics": ("only_a",), "human_rights": ("only_a",), "taiwan": ("only_b",),
    "technology": ("only_b",), "trade": ("stance_differs",),
}
#: Gold issue codes of the example pair (seeds/pair_readouts.jsonl) the bundled model misses, by sentence id
#: (pairus-08's `relations`, missed from the twelfth round to the fifteenth, is found again).
PAIR_KNOWN_ISSUE_MISSES: dict[str, set[str]] = {}
#: compare_sides on a two-sentence text (the detained citizens are human_rights only, guide table).
SIDES_MODEL_FLAGS = {"taiwan": ("only_b",), "human_rights": ("only_a",)}


def _pair():
    return [(ROOT / "seeds" / "pairs" / name).read_text(encoding="utf-8") for name in ("call_us.txt", "call_cn.txt")]


def test_pair_flags():
    from .test_compare import EXPECTED_FLAGS

    flags = compare(*_pair()).flags
    assert EXPECTED_FLAGS.items() <= flags.items(), "the model misses a difference the pair was written with"
    assert flags == PAIR_MODEL_FLAGS


def test_compare_sides_flags():
    text = ("The White House said the President raised concerns about the detention of American citizens. "
            "Beijing warned Washington not to cross a red line on Taiwan.")
    assert compare_sides(text).flags == SIDES_MODEL_FLAGS


# (a strict xfail from the nineteenth round to the twenty-second: 'The leaders spoke by phone on Tuesday evening.'
# got health alone, health 0.60 and relations 0.53 under its bar beside a specific code; the twenty-third round's
# model, with presidents named by surname and a relations bar of 0.475, gives it relations only)
def test_call_logistics_make_no_false_flag():
    a = ("The call lasted about ninety minutes. The leaders spoke by phone on Tuesday evening. "
         "The two leaders agreed to keep lines of communication open.")
    b = "The two leaders agreed to keep lines of communication open."
    assert compare(a, b).flags == {}


def test_readme_compare_output_is_real():
    """The README's compare table is what the bundled model prints (regenerate it with the command)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "stancelib", "compare", "seeds/pairs/call_us.txt", "seeds/pairs/call_cn.txt"],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    assert proc.stdout.strip() in readme


def test_readme_context_example_takes_its_side_from_the_sentence_before():
    """Review r34, L1: the README credited the sentence before for a side "He also urged Washington ..." gets
    alone. Its example now is a quotation whose side the sentence before changes, and ``explain()`` shows it."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quote = re.search(r'^>>> quote = "(.+)"$', readme, flags=re.M)
    before = re.search(r'^>>> \[s\.side for s in classify\("(.+) " \+ quote\)\]$', readme, flags=re.M)
    assert quote and before, "the README's 'Use it' no longer shows a sentence read with the sentence before"
    alone = classify_sentences([quote.group(1)])[0]
    _, label = classify(f"{before.group(1)} {quote.group(1)}")
    assert label.text == quote.group(1) and label.side != alone.side
    moved = label.explain()["side"][label.side]["for"][0]
    assert moved[0] == "context:sentence before" and moved[1] > 0.5


def test_readme_explains_the_pair_with_the_models_figures():
    """Review r34, L2: the README explained the example pair with an earlier model's `ai` 0.38 and said the
    "close touch" sentence got `relations` as the best of no code over its bar. The figures it gives now are
    the bundled model's, two decimals, and the thresholds and the bar are its own."""
    import re

    from stancelib import load_model

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    ai = re.search(r"gives it `ai` at (0\.\d+), over that code's threshold of (0\.\d+), and only the second-code "
                   r"bar \((0\.\d+),", readme)
    touch = re.search(r"is `relations` by the guide and gets it, at (0\.\d+) over its threshold of (0\.\d+); "
                      r"`climate`, which an earlier model gave it, is at (0\.\d+), under its threshold of (0\.\d+)",
                      readme)
    assert ai and touch, "the README's 'The example pair' no longer gives the two sentences' probabilities"
    model = load_model()
    thresholds = dict(zip(model.classes_["issue"], model.thresholds_))
    texts = {s.text: s for name in ("call_us.txt", "call_cn.txt")
             for s in classify((ROOT / "seeds" / "pairs" / name).read_text(encoding="utf-8"))}
    chips = next(s for t, s in texts.items() if "export controls on chips" in t)
    close = next(s for t, s in texts.items() if t.startswith("They agreed that their teams will stay in close touch"))
    assert chips.issues == ("technology",) and close.issues == ("relations",)
    assert ai.groups() == (f"{chips.scores['issue']['ai']:.2f}", f"{thresholds['ai']:.2f}",
                           f"{model.second_threshold_:g}")
    assert chips.scores["issue"]["ai"] > thresholds["ai"] and chips.scores["issue"]["ai"] < model.second_threshold_
    assert touch.groups() == (f"{close.scores['issue']['relations']:.2f}", f"{thresholds['relations']:g}",
                              f"{close.scores['issue']['climate']:.2f}", f"{thresholds['climate']:g}")


def test_the_bundled_model_applies_the_second_code_bar_its_manifest_records():
    """The bar is a decision rule of the bundled model (issue 12, nineteenth round): both its
    estimator and its safe export carry the value its training recorded, and it decides."""
    from stancelib import load_model
    from stancelib.persist import bundled_dir, read_manifest

    bar = read_manifest(bundled_dir())["decision_rules"]["second_code_threshold"]
    assert bar == 0.425
    exported, estimator = load_model(), load_model(bundled_dir(), trusted=True)
    assert exported.second_threshold_ == estimator.second_threshold_ == bar
    text = "Xi urged the U.S. side to stop abusing export controls on chips to suppress China's technological development."
    assert classify_sentences([text])[0].issues == ("technology",)   # `ai` 0.42: over its threshold 0.30, under the bar


# ---------------------------------------------------------------- what other test files' texts read as
# (review r33, finding 4: these expectations were in the files named; each is here only)

#: (text read by classify, index of the sentence, stance, side, an issue it must carry); None: not expected.
READINGS = [
    # tests/test_api.py
    pytest.param("Xi warned Biden not to cross a red line on Taiwan. The two sides agreed to resume "
                 "military-to-military talks.", 0, "warning", "china", "taiwan", id="api: warned on Taiwan"),
    pytest.param("Xi warned Biden not to cross a red line on Taiwan. The two sides agreed to resume "
                 "military-to-military talks.", 1, "cooperation", None, "military", id="api: military talks"),
    # tests/test_cli.py (the console script's example; the test compares the script with classify)
    pytest.param("Beijing warned of countermeasures. The call lasted an hour.", 0, "warning", None, None,
                 id="cli: countermeasures"),
    pytest.param("Beijing warned of countermeasures. The call lasted an hour.", 1, "neutral", None, None,
                 id="cli: the call lasted"),
    # tests/test_compiled.py (classify in a process that never imports scikit-learn)
    pytest.param("Xi warned Biden over Taiwan. The call lasted an hour.", 0, "warning", "china", None,
                 id="compiled: warned over Taiwan"),
    # tests/test_curation_inputs.py: the pronoun reads its speaker from the sentence before
    pytest.param(f"{XI} {HE}", 1, None, "china", None, id="curation: he after Xi"),
    # tests/test_compare.py (an issue outside the taxonomy is listed, never flagged)
    pytest.param("The President raised concerns about interference in American elections.", 0, None, None, "other",
                 id="compare: other"),
]


@pytest.mark.parametrize("text, index, stance, side, issue", READINGS)
def test_texts_of_other_tests_read_as_expected(text, index, stance, side, issue):
    label = classify(text)[index]
    if stance is not None:
        assert label.stance == stance, label.to_dict()
    if side is not None:
        assert label.side == side, label.to_dict()
    if issue is not None:
        assert issue in label.issues, label.to_dict()


def test_call_logistics_are_neutral_and_filed_under_relations():
    """tests/test_compare.py's logistics, read by the bundled model: listed under relations and not counted, the
    agreement counted (that test checks the rule with a TableModel)."""
    from .test_compare import KEEP_TALKING, LOGISTICS

    result = compare(" ".join(LOGISTICS + [KEEP_TALKING]), KEEP_TALKING)
    assert result.row("relations").a.counted == (False, False, False, True)
    assert result.flags == {}


def test_pair_stances_and_sentences():
    """How the bundled model reads the example pair, issue by issue (tests/test_compare.py checks compare() on the
    pair read with its gold labels)."""
    us, cn = _pair()
    pair = compare(us, cn)
    trade = pair.row("trade")
    assert (trade.a.stance, trade.b.stance) == ("concern", "cooperation")
    assert pair.row("taiwan").b.stance == "warning" and pair.row("taiwan").a.sentences == ()
    assert pair.row("technology").b.stance == "concern"
    assert pair.row("counternarcotics").a.stance == "concern" and not pair.row("counternarcotics").b.raised
    assert pair.row("human_rights").a.stance == "concern"
    military = pair.row("military")  # raised by both with the same stance: listed, not flagged
    assert (military.a.stance, military.b.stance, military.flags) == ("cooperation", "cooperation", ())
    for row in pair.rows:
        for view in (row.a, row.b):
            if view.raised:
                assert 0.5 < view.confidence <= 1.0, (row.issue, view)
    (fentanyl,) = pair.row("counternarcotics").a.sentences
    assert "fentanyl" in fentanyl.text
    (taiwan,) = pair.row("taiwan").b.sentences
    assert "Taiwan" in taiwan.text
    rel = pair.row("relations")
    counted = {s.text: c for s, c in zip(rel.a.sentences, rel.a.counted)}
    assert counted["The call lasted about ninety minutes."] is False
    assert counted["The two leaders held a candid and constructive conversation on the relationship "
                   "between the United States and China."] is True
    assert rel.a.stance == rel.b.stance == "cooperation" and rel.flags == ()


def test_model_reads_the_pair_like_the_gold_labels():
    """Every gold stance, and every gold issue code but the known misses (PAIR_KNOWN_ISSUE_MISSES)."""
    import json

    lines = (ROOT / "seeds" / "pair_readouts.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    us, cn = _pair()
    labels = classify(us) + classify(cn)
    assert len(labels) == len(records)
    for lab, gold in zip(labels, records):
        assert lab.stance == gold["stance"], gold["id"]
        assert set(gold["issue"]) - set(lab.issues) == PAIR_KNOWN_ISSUE_MISSES.get(gold["id"], set()), gold["id"]


def test_compare_sides_on_the_seed_article(seed_text):
    sides = compare_sides(seed_text)
    taiwan = sides.row("taiwan")
    assert (taiwan.a.stance, taiwan.b.stance) == ("concern", "warning")
    assert taiwan.flags == ("stance_differs",)
    assert sides.row("russia_ukraine").flags == ("only_a",)


def test_evaluate_on_the_records_of_test_evaluation():
    """(tests/test_evaluation.py scores these records with a TableModel, whose predictions it knows.)"""
    from stancelib.evaluation import evaluate

    from .test_evaluation import RECORDS

    ev = evaluate(None, [dict(r) for r in RECORDS])
    assert ev.pred["stance"][:2] == ["warning", "cooperation"]
    assert ev.metrics["stance"]["accuracy"] == pytest.approx(2 / 3)  # the third is labelled wrong on purpose
