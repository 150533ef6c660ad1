"""compare() and compare_sides(): two readouts (or two sides) issue by issue, and the CLI.

The tests of compare() itself read the example pair and the seed article with a model that gives every sentence
its gold label (tests/table_model.py): what they assert follows from the gold labels and compare's rules, not from
the bundled model's weights. How the bundled model reads the pair and the article is in tests/test_golden.py (the
CLI tests below run the bundled model, and take its flags from there).
"""

import dataclasses
import json
from pathlib import Path

import pytest

from stancelib import Comparison, compare, compare_sides
from stancelib.api import SentenceLabel
from stancelib.cli import main
from stancelib.comparison import CLOSE_MARGIN, _stance_cell, _view
from stancelib.segment import segment

from .table_model import TableModel
from .test_golden import PAIR_MODEL_FLAGS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PAIR_US = SEEDS / "pairs" / "call_us.txt"
PAIR_CN = SEEDS / "pairs" / "call_cn.txt"
PAIR_LABELS = SEEDS / "pair_readouts.jsonl"

#: What the pair was written to show: each omission and each stance difference, and nothing else.
EXPECTED_FLAGS = {
    "counternarcotics": ("only_a",),   # the US presses on fentanyl; China leaves it out
    "human_rights": ("only_a",),       # the US raises detained citizens; China leaves it out
    "taiwan": ("only_b",),             # China warns on Taiwan; the US leaves it out
    "technology": ("only_b",),         # China objects to chip export controls; the US leaves it out
    "trade": ("stance_differs",),      # US concern vs China cooperation
}


@pytest.fixture(scope="module")
def pair_texts():
    return PAIR_US.read_text(encoding="utf-8"), PAIR_CN.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def gold():
    """A model that gives each sentence of the pair its gold labels (seeds/pair_readouts.jsonl)."""
    return TableModel(json.loads(line) for line in PAIR_LABELS.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def pair(pair_texts, gold):
    return compare(*pair_texts, model=gold)


@pytest.fixture(scope="module")
def sides(seed_text, seed_labels):
    """compare_sides on the seed article, read with its gold labels (seeds/seed_article.jsonl)."""
    return compare_sides(seed_text, model=TableModel(seed_labels))


# --------------------------------------------------------------- the example pair

def test_the_pairs_gold_labels_give_the_flags_it_was_written_with(pair):
    assert pair.flags == EXPECTED_FLAGS


def test_pair_stances(pair):
    trade = pair.row("trade")
    assert (trade.a.stance, trade.b.stance) == ("concern", "cooperation")
    assert pair.row("taiwan").b.stance == "warning"
    assert pair.row("taiwan").a.sentences == ()
    assert pair.row("technology").b.stance == "concern"
    assert pair.row("counternarcotics").a.stance == "concern"
    assert pair.row("human_rights").a.stance == "concern"
    assert not pair.row("counternarcotics").b.raised
    # raised by both with the same stance: listed, not flagged
    military = pair.row("military")
    assert (military.a.stance, military.b.stance, military.flags) == ("cooperation", "cooperation", ())
    for row in pair.rows:
        for view in (row.a, row.b):
            if view.raised:  # every sentence's stance at 0.85 (TableModel): the share of the stance chosen
                assert view.confidence == pytest.approx(0.85, abs=1e-4)


def test_pair_sentences_are_listed_under_their_issue(pair, pair_texts, gold):
    us, cn = pair_texts
    (fentanyl,) = pair.row("counternarcotics").a.sentences
    assert "fentanyl" in fentanyl.text and us[fentanyl.span[0]:fentanyl.span[1]] == fentanyl.text
    (taiwan,) = pair.row("taiwan").b.sentences
    assert "Taiwan" in taiwan.text and cn[taiwan.span[0]:taiwan.span[1]] == taiwan.text
    # every row lists exactly the sentences that carry its issue, in reading order
    from stancelib import classify

    for text, side in ((us, "a"), (cn, "b")):
        labels = classify(text, model=gold)
        for row in pair.rows:
            assert [s.text for s in getattr(row, side).sentences] == [lab.text for lab in labels
                                                                     if row.issue in lab.issues], (row.issue, side)


def test_relations_logistics_do_not_count(pair):
    rel = pair.row("relations")
    assert rel.flags == ()
    counted = {s.text: c for s, c in zip(rel.a.sentences, rel.a.counted)}
    assert counted["The call lasted about ninety minutes."] is False
    assert counted["The two leaders held a candid and constructive conversation on the relationship "
                   "between the United States and China."] is True
    assert rel.a.stance == rel.b.stance == "cooperation"


def test_pair_labels_match_the_texts_and_the_expected_flags():
    records = [json.loads(line) for line in PAIR_LABELS.read_text(encoding="utf-8").splitlines()]
    for doc_id, path in (("pair-us", PAIR_US), ("pair-cn", PAIR_CN)):
        text = path.read_text(encoding="utf-8")
        recs = [r for r in records if r["doc_id"] == doc_id]
        assert [r["text"] for r in recs] == [s.text for s in segment(text)]
        assert all(text[r["span"][0]:r["span"][1]] == r["text"] for r in recs)
        assert all(r["file"] == f"pairs/{path.name}" for r in recs)

    # the gold labels imply the same flags as the test expects
    def issues(doc):
        return {i: {r["stance"] for r in records if r["doc_id"] == doc and i in r["issue"]}
                for r in records if r["doc_id"] == doc for i in r["issue"] if i != "relations"}

    us, cn = issues("pair-us"), issues("pair-cn")
    assert {i for i in us if i not in cn} == {i for i, f in EXPECTED_FLAGS.items() if f == ("only_a",)}
    assert {i for i in cn if i not in us} == {i for i, f in EXPECTED_FLAGS.items() if f == ("only_b",)}
    assert {i for i in us.keys() & cn.keys() if us[i] != cn[i]} == {"trade"}


# --------------------------------------------------------------- rules

def _label(text, issue, stance_p, issue_p=0.9):
    stance = max(stance_p, key=stance_p.get)
    return SentenceLabel(text=text, span=(0, len(text)), issues=(issue,), stance=stance, side="us",
                         confidence=0.5, _scores=((("issue", (issue,)), ("stance", tuple(stance_p))),
                                                  (issue_p, *stance_p.values())))


STANCES = ["warning", "concern", "cooperation", "neutral"]


def test_close_call_goes_to_the_stronger_stance():
    a = _label("x", "trade", {"warning": 0.0, "concern": 0.9, "cooperation": 0.05, "neutral": 0.05})
    b = _label("y", "trade", {"warning": 0.0, "concern": 0.02, "cooperation": 0.95, "neutral": 0.03})
    view = _view("trade", [a, b], STANCES)
    assert view.shares["cooperation"] > view.shares["concern"] > view.shares["cooperation"] - CLOSE_MARGIN
    assert view.stance == "concern"
    assert view.confidence == pytest.approx(view.shares["concern"])
    # a clear majority is not a close call
    c = _label("z", "trade", {"warning": 0.0, "concern": 0.02, "cooperation": 0.95, "neutral": 0.03})
    assert _view("trade", [a, b, c], STANCES).stance == "cooperation"


def test_neutral_sentences_do_not_dilute_a_stance():
    act = _label("x", "taiwan", {"warning": 0.9, "concern": 0.05, "cooperation": 0.0, "neutral": 0.05})
    bg = [_label(f"n{i}", "taiwan", {"warning": 0.0, "concern": 0.1, "cooperation": 0.1, "neutral": 0.8})
          for i in range(3)]
    view = _view("taiwan", [act] + bg, STANCES)
    assert (view.stance, view.counted) == ("warning", (True, False, False, False))
    only_bg = _view("taiwan", bg, STANCES)
    assert only_bg.stance == "neutral" and only_bg.confidence == pytest.approx(0.8)
    # but on relations, neutral-only means "not raised"
    rel = [_label(f"n{i}", "relations", {"warning": 0.0, "concern": 0.1, "cooperation": 0.1, "neutral": 0.8})
           for i in range(2)]
    assert not _view("relations", rel, STANCES).raised


def test_sentences_weigh_by_issue_probability():
    strong = _label("x", "trade", {"warning": 0.0, "concern": 0.9, "cooperation": 0.1, "neutral": 0.0}, issue_p=0.95)
    weak = _label("y", "trade", {"warning": 0.0, "concern": 0.1, "cooperation": 0.9, "neutral": 0.0}, issue_p=0.3)
    view = _view("trade", [strong, weak], STANCES)
    assert view.stance == "concern"
    assert view.shares["concern"] == pytest.approx((0.95 * 0.9 + 0.3 * 0.1) / 1.25, abs=1e-4)


LOGISTICS = ["The call lasted about ninety minutes.", "The leaders spoke by phone on Tuesday evening.",
             "The meeting lasted more than two hours."]
KEEP_TALKING = "The two leaders agreed to keep lines of communication open."


def test_call_logistics_are_not_counted_for_relations():
    # how the bundled model files these sentences is a golden of tests/test_golden.py
    # (test_call_logistics_are_neutral_and_filed_under_relations); here they are neutral, and cooperation, under
    # relations
    model = TableModel([(t, ["relations"], "neutral", "joint") for t in LOGISTICS]
                       + [(KEEP_TALKING, ["relations"], "cooperation", "joint")])
    result = compare(" ".join(LOGISTICS + [KEEP_TALKING]), KEEP_TALKING, model=model)
    view = result.row("relations").a
    assert [s.text for s in view.sentences] == LOGISTICS + [KEEP_TALKING]  # listed, all of them
    assert view.counted == (False, False, False, True)  # a neutral sentence is not counted, a non-neutral one is
    assert view.stance == "cooperation" and view.confidence == pytest.approx(0.85, abs=1e-4)
    assert "relations" not in result.flags


def test_other_is_listed_but_never_flagged():
    a = "The President raised concerns about interference in American elections."
    model = TableModel([(a, ["other"], "concern", "us"), (KEEP_TALKING, ["relations"], "cooperation", "joint")])
    result = compare(a, KEEP_TALKING, model=model)
    other = result.row("other")
    assert other.a.raised and not other.b.raised
    assert other.flags == ()
    assert "other" not in result.flags


def test_rows_follow_the_model_issue_order(pair, gold):
    order = [str(c) for c in gold.classes_["issue"]]
    assert list(pair.issues) == sorted(pair.issues, key=order.index)
    with pytest.raises(KeyError, match="korea"):
        pair.row("korea")


# --------------------------------------------------------------- the result type

def test_comparison_is_immutable(pair):
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.names = ("A", "B")
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.rows[0].flags = ()
    pair.flags["trade"] = ("nothing",)
    assert pair.flags["trade"] == ("stance_differs",)  # a copy: the result is unchanged


def test_to_dict_is_json_ready(pair):
    d = json.loads(json.dumps(pair.to_dict()))
    assert d["names"] == ["US", "China"] and d["mode"] == "readouts"
    by_issue = {row["issue"]: row for row in d["issues"]}
    assert {i: tuple(r["flags"]) for i, r in by_issue.items() if r["flags"]} == pair.flags
    assert by_issue["trade"]["flag_labels"] == ["stance differs"]
    assert by_issue["taiwan"]["flag_labels"] == ["only China"]
    assert by_issue["taiwan"]["a"] == {"raised": False, "stance": None, "confidence": None, "firm": False,
                                       "shares": {}, "sentences": []}
    assert any(s["counted"] is True for s in by_issue["trade"]["a"]["sentences"])
    assert d["set_aside"] == {}


def test_markdown_table(pair):
    md = pair.to_markdown()
    lines = md.splitlines()
    assert lines[0] == "| issue | US stance (conf) | China stance (conf) | flags |"
    assert lines[1] == "|---|---|---|---|"
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]] for line in lines[2:] if line.startswith("| ")}
    assert set(rows) == set(pair.issues)
    assert rows["trade"][0].startswith("concern (") and rows["trade"][1].startswith("cooperation (")
    assert rows["trade"][2] == "stance differs"
    assert rows["taiwan"][:1] == ["—"] and rows["taiwan"][2] == "only China"
    assert rows["counternarcotics"][2] == "only US"
    assert rows["military"][2] == ""


def test_names_are_used(pair_texts, gold, pair):
    result = compare(*pair_texts, names=("Washington", "Beijing"), model=gold)
    assert result.flags == pair.flags
    assert "only Beijing" in result.to_table() and "| Washington stance (conf) |" in result.to_markdown()


# --------------------------------------------------------------- compare_sides

def test_compare_sides_on_the_seed_article(sides, seed_labels):
    assert sides.mode == "sides" and sides.names == ("US", "China")
    taiwan = sides.row("taiwan")  # the gold labels: one US concern, two Chinese warnings
    assert (taiwan.a.stance, taiwan.b.stance) == ("concern", "warning")
    assert (len(taiwan.a.sentences), len(taiwan.b.sentences)) == (1, 2)
    assert taiwan.flags == ("stance_differs",)
    assert sides.row("russia_ukraine").flags == ("only_a",)
    for row in sides.rows:
        assert [s.text for s in row.a.sentences] == [r["text"] for r in seed_labels
                                                     if r["side"] == "us" and row.issue in r["issue"]]
        assert [s.text for s in row.b.sentences] == [r["text"] for r in seed_labels
                                                     if r["side"] == "china" and row.issue in r["issue"]]


def test_compare_sides_sets_aside_joint_and_other(sides, seed_text, seed_labels):
    from stancelib import classify

    from stancelib.api import ood_factor

    model = TableModel(seed_labels)  # the model of the `sides` fixture
    aside = dict(sides.set_aside)
    labels = classify(seed_text, model=model)
    # a sentence with no word the model knows ("Oops!" of the page's chrome) is set aside as unreadable, whatever side
    unreadable = [s.text for s, f in zip(labels, ood_factor([s.text for s in labels], model=model)) if f == 0]
    assert set(aside) == {"joint", "other"} | ({"unreadable in the text"} if unreadable else set())
    assert [s.text for s in aside.get("unreadable in the text", ())] == unreadable
    for side in ("joint", "other"):
        assert [s.text for s in aside[side]] == [s.text for s in labels if s.side == side and s.text not in unreadable]
    compared = {s.text for row in sides.rows for v in (row.a, row.b) for s in v.sentences}
    assert compared.isdisjoint(s.text for group in aside.values() for s in group)
    assert "not compared:" in sides.to_table()
    assert set(json.loads(json.dumps(sides.to_dict()))["set_aside"]) == set(aside)


def test_the_function_is_not_shadowed_by_its_module():
    import subprocess
    import sys

    code = ("import stancelib.comparison, stancelib, inspect; "
            "from stancelib import compare_sides, Comparison, compare; "
            "print(inspect.isfunction(compare), inspect.isfunction(stancelib.compare), compare is stancelib.compare)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True", "True"]


def test_compare_sides_from_the_package(model):
    """With no model, compare_sides reads the text with the bundled model (its flags on this text are a golden of
    tests/test_golden.py, test_compare_sides_flags): what the estimator load_model() returns reads it alike."""
    text = ("The White House said the President raised concerns about the detention of American citizens. "
            "Beijing warned Washington not to cross a red line on Taiwan.")
    result = compare_sides(text)
    assert isinstance(result, Comparison) and result.mode == "sides"
    by_estimator = compare_sides(text, model=model)
    assert result.flags == by_estimator.flags
    assert [(r.issue, r.a.stance, r.b.stance, r.flags) for r in result.rows] == [
        (r.issue, r.a.stance, r.b.stance, r.flags) for r in by_estimator.rows]


# --------------------------------------------------------------- input errors

@pytest.mark.parametrize("bad, error, match", [
    (None, TypeError, "None"),
    (b"Xi warned Biden.", TypeError, "bytes"),
    (["Xi warned Biden."], TypeError, "list"),
    ("", ValueError, "empty"),
    ("  \n\t ", ValueError, "empty"),
])
def test_compare_rejects_bad_readouts(bad, error, match, model):
    with pytest.raises(error, match=match):
        compare(bad, "The two leaders agreed to keep talking.", model=model)
    with pytest.raises(error, match="readout_b"):
        compare("The two leaders agreed to keep talking.", bad, model=model)
    with pytest.raises(error, match=match):
        compare_sides(bad, model=model)


@pytest.mark.parametrize("names, error", [
    ("US", TypeError),
    ("USChina", TypeError),
    (None, TypeError),
    (("US", 3), TypeError),
    (("US",), ValueError),
    (("US", "China", "UK"), ValueError),
    (("US", "US"), ValueError),
    (("US", " us "), ValueError),
    (("US", "  "), ValueError),
])
def test_compare_rejects_bad_names(names, error, model):
    with pytest.raises(error, match="names"):
        compare("The call lasted an hour.", "Xi warned Biden.", names=names, model=model)


def test_compare_rejects_a_bad_model():
    with pytest.raises(TypeError, match="model"):
        compare("The call lasted an hour.", "Xi warned Biden.", model=42)


# --------------------------------------------------------------- CLI

def _run(capsys, *argv):
    code = main(["compare", str(PAIR_US), str(PAIR_CN), *argv])
    out = capsys.readouterr().out
    assert code == 0
    return out


def test_cli_table(capsys):
    out = _run(capsys)
    lines = out.splitlines()
    assert lines[0].split() == ["issue", "US", "China", "flags"]
    assert set(lines[1]) <= {"-", " "}
    starts = [i for i, ch in enumerate(lines[1]) if ch == "-" and (i == 0 or lines[1][i - 1] == " ")]
    assert len(starts) == 4
    cells = {}
    for line in lines[2:]:
        if line.startswith("* "):
            continue
        row = [line[a:b].strip() for a, b in zip(starts, starts[1:] + [None])]
        cells[row[0]] = row[1:]
    # the bundled model's stances (a golden of tests/test_golden.py), one cell per readout
    result = compare(PAIR_US.read_text(encoding="utf-8"), PAIR_CN.read_text(encoding="utf-8"))
    assert {issue: row[:2] for issue, row in cells.items()} == {
        row.issue: [_stance_cell(row.a), _stance_cell(row.b)] for row in result.rows}
    flags = {issue: row[2] for issue, row in cells.items()}
    shown = {"only_a": "only US", "only_b": "only China", "stance_differs": "stance differs"}
    assert {i: f for i, f in flags.items() if f} == {i: shown[f[0]] for i, f in PAIR_MODEL_FLAGS.items()}
    assert out == result.to_table()


def test_cli_markdown(capsys):
    out = _run(capsys, "--format", "markdown", "--names", "Washington", "Beijing")
    assert out.startswith("| issue | Washington stance (conf) | Beijing stance (conf) | flags |\n|---|---|---|---|\n")
    shown = {"only_a": "only Washington", "only_b": "only Beijing", "stance_differs": "stance differs"}
    for issue, flags in PAIR_MODEL_FLAGS.items():  # the bundled model's flags (tests/test_golden.py)
        line = next(line for line in out.splitlines() if line.startswith(f"| {issue} |"))
        assert line.endswith(f"| {shown[flags[0]]} |"), line
    assert out.strip() == compare(PAIR_US.read_text(encoding="utf-8"), PAIR_CN.read_text(encoding="utf-8"),
                                  names=("Washington", "Beijing")).to_markdown().strip()


def test_cli_json(capsys):
    d = json.loads(_run(capsys, "--format", "json"))
    assert {r["issue"]: tuple(r["flags"]) for r in d["issues"] if r["flags"]} == PAIR_MODEL_FLAGS
    assert d["names"] == ["US", "China"]


def test_cli_reads_standard_input(capsys, monkeypatch):
    import io
    import sys

    data = PAIR_CN.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = main(["compare", str(PAIR_US), "-", "--format", "json"])
    d = json.loads(capsys.readouterr().out)
    assert code == 0 and {r["issue"]: tuple(r["flags"]) for r in d["issues"] if r["flags"]} == PAIR_MODEL_FLAGS


def test_cli_errors(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    binary = tmp_path / "latin1.txt"
    binary.write_bytes("Xi warned Biden \xe9.".encode("latin-1"))
    cases = [
        (["compare", str(PAIR_US), str(tmp_path / "missing.txt")], "no such file", 2),
        (["compare", str(PAIR_US), str(empty)], "empty", 1),
        (["compare", str(binary), str(PAIR_CN)], "not UTF-8", 1),
        (["compare", str(PAIR_US), str(PAIR_CN), "--names", "US", "US"], "distinct", 2),
        (["compare", "-", "-"], "standard input", 2),
        (["compare", str(PAIR_US), str(PAIR_CN), "--model", str(tmp_path / "nowhere")], "stancelib:", 2),
    ]
    for argv, message, status in cases:  # 2: called wrongly (a usage error); 1: the data failed
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert message in str(exc.value) and (exc.value.code == 2) == (status == 2), argv
    for argv in (["compare", str(PAIR_US)], ["compare", str(PAIR_US), str(PAIR_CN), "--format", "csv"],
                 ["compare", str(PAIR_US), str(PAIR_CN), "--names", "US"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
    capsys.readouterr()


# --------------------------------------------------------------- how sure (issue 16)

def test_a_near_even_split_is_not_firm():
    from stancelib.comparison import FIRM_CONFIDENCE, FIRM_MARGIN

    split = _label("x", "trade", {"warning": 0.0, "concern": 0.50, "cooperation": 0.45, "neutral": 0.05})
    view = _view("trade", [split], STANCES)
    assert view.stance == "concern" and view.confidence == pytest.approx(0.5)
    assert not view.firm and view.confidence < FIRM_CONFIDENCE
    clear = _label("y", "trade", {"warning": 0.0, "concern": 0.9, "cooperation": 0.05, "neutral": 0.05})
    assert _view("trade", [clear], STANCES).firm
    # a high share that barely beats the runner-up is not firm either
    shares = {"concern": FIRM_CONFIDENCE + 0.01, "cooperation": FIRM_CONFIDENCE + 0.01 - FIRM_MARGIN + 0.02}
    from stancelib.comparison import _is_firm

    assert not _is_firm("concern", shares)
    assert _is_firm("concern", {"concern": 0.8, "cooperation": 0.8 - FIRM_MARGIN})


def test_one_mixed_sentence_does_not_flip_an_issue_to_stance_differs():
    from stancelib.comparison import _flags

    a = [_label("a", "trade", {"warning": 0.0, "concern": 0.05, "cooperation": 0.9, "neutral": 0.05})]
    mixed = [_label("b", "trade", {"warning": 0.0, "concern": 0.50, "cooperation": 0.42, "neutral": 0.08})]
    va, vb = _view("trade", a, STANCES), _view("trade", mixed, STANCES)
    assert (va.stance, vb.stance) == ("cooperation", "concern")  # the close call goes to concern ...
    assert _flags("trade", va, vb) == ()  # ... but that is no firm difference
    # a firm, clear difference is flagged
    firm = [_label("c", "trade", {"warning": 0.0, "concern": 0.9, "cooperation": 0.05, "neutral": 0.05})]
    assert _flags("trade", va, _view("trade", firm, STANCES)) == ("stance_differs",)
    # one mixed sentence among clear ones does not change the reading
    more = mixed + [_label(f"d{i}", "trade", {"warning": 0.0, "concern": 0.05, "cooperation": 0.9, "neutral": 0.05})
                    for i in range(3)]
    assert _view("trade", more, STANCES).stance == "cooperation"


def test_firm_stances_too_close_across_readouts_are_not_flagged():
    from stancelib.comparison import DIFFER_MARGIN, differs

    a = _view("trade", [_label("a", "trade", {"warning": 0.0, "concern": 0.6, "cooperation": 0.4, "neutral": 0.0})],
              STANCES)
    b = _view("trade", [_label("b", "trade", {"warning": 0.0, "concern": 0.4, "cooperation": 0.6, "neutral": 0.0})],
              STANCES)
    assert a.firm and b.firm and a.stance != b.stance
    assert a.shares["concern"] - b.shares["concern"] < DIFFER_MARGIN
    assert not differs(a, b)
    c = _view("trade", [_label("c", "trade", {"warning": 0.0, "concern": 0.1, "cooperation": 0.9, "neutral": 0.0})],
              STANCES)
    assert differs(a, c) and differs(c, a)


def test_unsure_cells_are_marked_and_explained():
    from stancelib.comparison import IssueRow, _flags

    a = _view("trade", [_label("a", "trade", {"warning": 0.0, "concern": 0.5, "cooperation": 0.45, "neutral": 0.05})],
              STANCES)
    b = _view("trade", [_label("b", "trade", {"warning": 0.0, "concern": 0.05, "cooperation": 0.9, "neutral": 0.05})],
              STANCES)
    result = Comparison(names=("US", "China"), rows=(IssueRow("trade", a, b, _flags("trade", a, b)),))
    table = result.to_table()
    assert "concern? (0.50)" in table and "cooperation (0.90)" in table
    assert "?: not firm" in table and "?: not firm" in result.to_markdown()
    d = result.to_dict()
    assert d["issues"][0]["a"]["firm"] is False and d["issues"][0]["b"]["firm"] is True
    assert {"firm_confidence", "firm_margin", "differ_margin"} <= set(d["rules"])


def test_short_repr_html_and_frame(pair):
    text = repr(pair)
    assert text.startswith(f"<Comparison US vs China (readouts): {len(pair.rows)} issues, {len(pair.flags)} flagged")
    assert all(f"{issue}: " in text for issue in pair.flags)
    assert len(text) < 400 and "SentenceLabel" not in text
    html = pair._repr_html_()
    assert html.startswith("<table>") and html.count("<tr>") == len(pair.rows) + 1
    assert all(f"<td>{issue}</td>" in html for issue in pair.issues)
    frame = pair.to_frame()
    from stancelib.comparison import COMPARISON_COLUMNS

    assert list(frame.columns) == list(COMPARISON_COLUMNS) and len(frame) == 2 * len(pair.rows)
    for row in pair.rows:
        part = frame[frame["issue"] == row.issue]
        assert part["readout"].tolist() == ["US", "China"] and part["flags"].tolist() == [";".join(row.flags)] * 2
        assert [None if s != s else s for s in part["stance"].tolist()] == [row.a.stance, row.b.stance]  # NaN: none
        assert part["sentences"].tolist() == [len(row.a.sentences), len(row.b.sentences)]


def test_plot_shades_by_confidence(pair):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.patches import Rectangle

    from stancelib.comparison import _view

    a = _view("trade", [_label("a", "trade", {"warning": 0.0, "concern": 0.40, "cooperation": 0.3, "neutral": 0.3})],
              STANCES)
    b = _view("trade", [_label("b", "trade", {"warning": 0.0, "concern": 0.94, "cooperation": 0.03, "neutral": 0.03})],
              STANCES)
    from stancelib.comparison import IssueRow

    ax = Comparison(names=("US", "China"), rows=(IssueRow("trade", a, b, ()),)).plot()
    alphas = [p.get_alpha() for p in ax.patches if isinstance(p, Rectangle) and p.get_alpha() is not None]
    assert alphas == [pytest.approx(0.40), pytest.approx(0.94)]
    assert any("concern? (0.40)" == t.get_text() for t in ax.texts)
    ax = pair.plot()
    assert len(ax.get_yticklabels()) == len(pair.rows)
    import matplotlib.pyplot as plt

    plt.close("all")


CHINESE_ONLY = "习近平强调，台湾问题是中美关系中最重要最敏感的问题。双方同意继续保持沟通。"


def test_a_readout_the_model_cannot_read_is_refused_not_compared(pair_texts):
    """Text in another script has no word the model knows: every sentence gets confidence 0 and some codes, and
    comparing them would make the other readout's issues look raised by one side only."""
    us, _ = pair_texts
    with pytest.raises(ValueError, match=r"readout_b: none of its 2 sentence\(s\) has a word the model knows.*"
                                         r"translate the text first"):
        compare(us, CHINESE_ONLY)
    with pytest.raises(ValueError, match=r"text: none of its 2 sentence\(s\)"):
        compare_sides(CHINESE_ONLY)


def test_unreadable_sentences_are_set_aside_and_named_in_the_notes(pair_texts):
    us, cn = pair_texts
    result = compare(us, CHINESE_ONLY + " " + cn)
    plain = compare(us, cn)
    view = lambda c: [(r.issue, r.a.stance, r.a.confidence, r.b.stance, r.b.confidence, r.flags,  # noqa: E731
                       [s.text for s in r.b.sentences]) for r in c.rows]
    assert view(result) == view(plain)  # the unreadable sentences change nothing compared
    assert [(key, [s.text for s in sents]) for key, sents in result.set_aside] == [
        ("unreadable in China", ["习近平强调，台湾问题是中美关系中最重要最敏感的问题。", "双方同意继续保持沟通。"])]
    assert "not compared: 2 sentence(s) unreadable in China (no word the model knows" in result.to_markdown()
    assert result.to_dict()["set_aside"]["unreadable in China"][0]["confidence"] == 0.0
    sides = compare_sides(CHINESE_ONLY + " " + us)
    assert [key for key, _ in sides.set_aside][-1] == "unreadable in the text"
