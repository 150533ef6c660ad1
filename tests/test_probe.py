"""The phenomenon probe (seeds/probe/): its files agree with each other and the scheme, and its script runs."""

import json

import pytest

from stancelib.data import load_records, seed_files
from stancelib.schema import LabelSchema
from training import probe

from .conftest import SEEDS

PROBE = SEEDS / "probe"


def _read(name):
    with open(PROBE / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_probe_labels_are_codes_of_the_scheme_and_phenomena_of_the_list():
    schema = LabelSchema.default().labels
    records = _read("probe.jsonl")
    assert len({r["id"] for r in records}) == len(records) == 240 + 131 + 232  # the phenomena, pasted pages, voices
    for r in records:
        assert r["id"].startswith(r["doc_id"] + "-"), r["id"]
        assert r["issue"] and set(r["issue"]) <= set(schema["issue"]), r["id"]
        assert r["stance"] in schema["stance"] and r["side"] in schema["side"], r["id"]
        assert r["phenomenon"] in probe.PHENOMENA, r["id"]
    assert {r["phenomenon"] for r in records} == set(probe.PHENOMENA)  # every form is written


def test_agreed_says_whether_the_second_readers_labels_are_the_same():
    second = {r["id"]: r for r in _read("second_labels.jsonl")}
    records = _read("probe.jsonl")
    assert set(second) == {r["id"] for r in records}
    for r in records:
        s = second[r["id"]]
        same = set(r["issue"]) == set(s["issue"]) and r["stance"] == s["stance"] and r["side"] == s["side"]
        assert r["agreed"] is same, r["id"]
    assert len(probe.probe_records()) == sum(r["agreed"] for r in records)
    assert len(probe.probe_records(agreed_only=False)) == len(records)


def test_no_probe_sentence_is_training_data():
    """The probe scores a voice the model never saw: none of its texts may be in a file training reads."""
    texts = {r["text"] for r in _read("probe.jsonl")}
    trained = {r["text"] for r in load_records([str(p) for p in seed_files()])}
    assert not texts & trained
    assert not any("probe" in str(p) for p in seed_files())


def test_the_script_prints_one_row_per_phenomenon_and_writes_json(tmp_path, capsys):
    out = tmp_path / "probe.json"
    assert probe.main(["--json", str(out)]) == 0
    printed = capsys.readouterr().out
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [r["phenomenon"] for r in rows][0] == "all" and {r["phenomenon"] for r in rows[1:]} == set(probe.PHENOMENA)
    assert rows[0]["sentences"] == sum(r["sentences"] for r in rows[1:]) == len(probe.probe_records())
    for r in rows:
        assert f"| {r['phenomenon']} | {r['sentences']} |" in printed
        assert all(0.0 <= r[k] <= 1.0 for k in ("issue_exact", "issue_micro_f1", "stance_accuracy", "side_accuracy"))


def test_a_phenomenons_scores_are_its_own_sentences():
    """Each phenomenon's row counts that phenomenon's sentences, no others."""
    records = probe.probe_records()
    rows = {r["phenomenon"]: r for r in probe.probe_scores(None, records)}
    n = {p: sum(r["phenomenon"] == p for r in records) for p in probe.PHENOMENA}
    assert all(rows[p]["sentences"] == n[p] for p in probe.PHENOMENA)


# Five sentences of my own in two documents, with their phenomenon, their labels, and what a TableModel
# predicts for them (tests/table_model.py): (id, doc_id, phenomenon, text, labels, predicted), labels as
# (issues, stance, side). The documents interleave the phenomena, and evaluate() reads them in document order.
SCORED = [
    ("t-1", "t", "plain", "The ministers met in Rome on Monday.",
     (["relations"], "neutral", "joint"), (["relations"], "neutral", "joint")),            # all right
    ("u-1", "u", "third_party", "Seoul urged both capitals to keep talking about the peninsula.",
     (["korea"], "cooperation", "other"), (["korea"], "concern", "other")),               # stance wrong
    ("t-2", "t", "plain", "The envoy complained about new duties on steel.",
     (["trade"], "concern", "us"), (["trade"], "concern", "china")),                       # side wrong
    ("u-2", "u", "third_party", "Tokyo voiced alarm about patrols near the islands and about the drills.",
     (["maritime", "military"], "concern", "other"), (["maritime"], "concern", "other")),  # a code missed
    ("t-3", "t", "plain", "Both sides pledged to cut tariffs on farm goods and chips.",
     (["trade"], "cooperation", "joint"), (["trade", "technology"], "cooperation", "joint")),  # a code too many
]


def test_each_phenomenons_scores_are_those_of_its_own_sentences():
    """Scores worked out by hand. plain (t-1, t-2, t-3): exact issue sets 2 of 3; issue codes tp 3 (relations,
    trade, trade), fp 1 (technology), fn 0: micro-F1 6/7; stance 3 of 3; side 2 of 3. third_party (u-1, u-2):
    exact sets 1 of 2; tp 2 (korea, maritime), fp 0, fn 1 (military): micro-F1 4/5; stance 1 of 2; side 2 of 2.
    All five: exact 3/5; tp 5, fp 1, fn 1: micro-F1 10/12; stance 4/5, macro-F1 over neutral, cooperation and
    concern (1, 2/3, 4/5) 37/45; side 4/5."""
    from .table_model import TableModel

    records = [{"id": i, "doc_id": d, "phenomenon": p, "text": t, "issue": gold[0], "stance": gold[1],
                "side": gold[2], "agreed": True} for i, d, p, t, gold, _ in SCORED]
    model = TableModel((t, *predicted) for _, _, _, t, _, predicted in SCORED)
    rows = probe.probe_scores(model, records)
    assert [r["phenomenon"] for r in rows] == ["all", "plain", "third_party"]  # the largest first
    want = {
        "all": (5, 3 / 5, 10 / 12, 4 / 5, 37 / 45, 4 / 5),
        "plain": (3, 2 / 3, 6 / 7, 1.0, None, 2 / 3),
        "third_party": (2, 1 / 2, 4 / 5, 1 / 2, None, 1.0),
    }
    keys = ("sentences", "issue_exact", "issue_micro_f1", "stance_accuracy", "stance_macro_f1", "side_accuracy")
    for row in rows:
        for key, value in zip(keys, want[row["phenomenon"]]):
            assert row[key] == (value if value is None else pytest.approx(value)), (row["phenomenon"], key)
    table = probe.probe_table(rows)
    assert "| plain | 3 | 0.667 | 0.857 | 1.000 | — | 0.667 |" in table
    assert "| third_party | 2 | 0.500 | 0.800 | 0.500 | — | 1.000 |" in table


def test_trust_model_without_a_model_is_refused(capsys):
    with pytest.raises(SystemExit):
        probe.main(["--trust-model"])
    assert "--trust-model applies to a --model directory" in capsys.readouterr().err


def test_each_part_is_its_own_documents_and_the_parts_are_the_whole_probe():
    """``--part`` scores one writer's part: the parts cover every probe sentence, once."""
    every = probe.probe_records(agreed_only=False)
    parts = {name: probe.probe_records(agreed_only=False, part=name) for name in probe.PARTS}
    assert sorted(r["id"] for rs in parts.values() for r in rs) == sorted(r["id"] for r in every)
    assert {r["doc_id"][:7] for r in parts["voices"]} == {"probe-g", "probe-h"}
    assert all(r["doc_id"][len("probe-"):].isdigit() for r in parts["phenomena"])
    assert [r["id"] for r in probe.probe_records(part="pages")] == [r["id"] for r in parts["pages"] if r["agreed"]]
    with pytest.raises(ValueError, match="Unknown probe part 'news'"):
        probe.probe_records(part="news")


def test_the_script_scores_one_part(capsys):
    assert probe.main(["--part", "pages"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"{len(probe.probe_records(part='pages'))} probe sentences (both readers agreed; part pages)")
    with pytest.raises(SystemExit):
        probe.main(["--part", "news"])

