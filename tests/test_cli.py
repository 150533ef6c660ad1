"""The stancelib command line."""

import csv
import io
import json
import re
import subprocess
import sys

import pytest

from stancelib.cli import main

from .conftest import ROOT, SEED_ARTICLE, cli_result


run = cli_result  # the shared helper, under the name these tests call


def test_classify_table(capsys, seed_labels):
    code, out, _ = run(capsys, "classify", str(SEED_ARTICLE))
    assert code == 0
    lines = out.splitlines()
    assert "sentence" in lines[0] and "stance" in lines[0] and "side" in lines[0]
    assert len(lines) == 2 + len(seed_labels)
    assert "Biden, Xi speak for first time in months" in lines[2]


def test_classify_jsonl_and_csv(capsys, seed_text, seed_labels):
    code, out, _ = run(capsys, "classify", str(SEED_ARTICLE), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in rows] == [r["text"] for r in seed_labels]
    assert all(seed_text[r["span"][0]:r["span"][1]] == r["text"] for r in rows)
    code, out, _ = run(capsys, "classify", str(SEED_ARTICLE), "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == len(seed_labels) and set(table[0]) >= {"text", "issues", "stance", "side", "confidence"}


def test_classify_stdin_via_console_script():
    """The console script reads standard input and prints what classify() gives (what this text reads as:
    tests/test_golden.py)."""
    from stancelib import classify

    text = "Beijing warned of countermeasures. The call lasted an hour."
    exe = [sys.executable, "-m", "stancelib", "classify", "-", "--format", "jsonl"]
    proc = subprocess.run(exe, input=text, capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(r["text"], r["issues"], r["stance"], r["side"], r["confidence"]) for r in rows] == [
        (lab.text, list(lab.issues), lab.stance, lab.side, lab.confidence) for lab in classify(text)]
    assert len(rows) == 2


def test_classify_explain(capsys, tmp_path):
    # two sentences of seeds/pairs/call_us.txt, not its nine: explaining one takes 0.25 s
    path = tmp_path / "call_us.txt"
    path.write_text("President Trump raised serious concerns about China's unfair trade practices. He also raised "
                    "the cases of American citizens wrongfully detained in China.\n", encoding="utf-8")
    code, out, _ = run(capsys, "classify", str(path), "--explain", "--top", "2")
    assert code == 0 and "stance=" in out and "(+" in out
    assert "for:" in out and "against:" in out and "<- sets the confidence" in out


@pytest.mark.parametrize("extra, message", [(["--top", "0"], "--top must be at least 1"),
                                            (["--top", "-5"], "--top must be at least 1"),
                                            (["--format", "csv"], "not csv")])
def test_classify_explain_options_are_validated(capsys, extra, message):
    """Issue 15, case 14: --top -5 printed all but 5; csv dropped --explain silently."""
    with pytest.raises(SystemExit, match=message):
        run(capsys, "classify", str(SEED_ARTICLE), "--explain", *extra)


def test_table_escapes_terminal_control_characters(tmp_path, capsys):
    """Issue 15, case 6: ESC, OSC and U+202E were written raw to the terminal."""
    path = tmp_path / "evil.txt"
    path.write_text("Xi warned \x1b[31mBiden\x1b]0;title\x07 over \u202eTaiwan.", encoding="utf-8")
    code, out, _ = run(capsys, "classify", str(path))
    assert code == 0 and "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\x1b" in out and "\\u202e" in out


def test_classify_sentences_file(tmp_path, capsys):
    data = tmp_path / "s.jsonl"
    data.write_text("\n".join(json.dumps({"text": t}) for t in ["Xi warned Biden.", "They agreed to talk."] * 5))
    code, out, _ = run(capsys, "classify", "--sentences", str(data), "--format", "jsonl", "--quiet")
    assert code == 0 and len(out.splitlines()) == 10
    csvf = tmp_path / "s.csv"
    csvf.write_text("id,body\n1,Xi warned Biden.\n2,They agreed to talk.\n")
    code, out, _ = run(capsys, "classify", "--sentences", str(csvf), "--text-column", "body", "--format", "csv", "--quiet")
    assert code == 0 and len(out.splitlines()) == 3


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe bad bytes \xc3\x28", "not UTF-8"),
])
def test_classify_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SystemExit, match=message):
        main(["classify", str(path)])
    with pytest.raises(SystemExit, match="no such file"):
        main(["classify", str(tmp_path / "missing.txt")])
    # a folder is a collection of .txt readouts (issue 16): its files are read, and a bad one is named
    with pytest.raises(SystemExit, match=r"bad\.txt is not UTF-8"):
        main(["classify", str(tmp_path)])


def test_classify_control_characters_and_mixed_scripts(tmp_path, capsys):
    path = tmp_path / "odd.txt"
    path.write_text("Xi\x00 warned\x07 Biden. 中方表示关切。 مرحبا 😀 \u200fThe two sides agreed.", encoding="utf-8")
    code, out, _ = run(capsys, "classify", str(path), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    text = path.read_text(encoding="utf-8")
    assert rows and all(text[r["span"][0]:r["span"][1]] == r["text"] for r in rows)


_BAD_ROWS = [
    {"id": "1", "doc_id": "d", "text": "Fine.", "issue": ["taiwan"], "stance": "neutral", "side": "us"},
    {"id": "1", "doc_id": "d", "text": "", "issue": ["taiwan"], "stance": "neutral", "side": "us"},
    {"id": "3", "doc_id": "d", "text": "Fine.", "issue": ["narnia"], "stance": "cross", "side": "us"},
    {"id": "4", "doc_id": "d", "issue": "taiwan", "stance": "neutral"},
]


def test_validate_reports_each_problem_with_line(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in _BAD_ROWS) + "\n{broken\n")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert "bad.jsonl:5: not valid JSON" in out


def test_validate_finds_label_problems(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in _BAD_ROWS) + "\n")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert "bad.jsonl:2: duplicate id '1'" in out
    assert "bad.jsonl:2: empty text" in out
    assert "bad.jsonl:3: same sentence as" in out
    assert "bad.jsonl:4: missing field 'text'" in out and "'issue' must be a list" in out
    # new codes are accepted by default, as train accepts them, and listed
    assert "unknown issue code" not in out and "new codes (issue): narnia" in err
    code, out, err = run(capsys, "validate", "--known-codes-only", str(path))
    assert "bad.jsonl:3: unknown issue code 'narnia'" in out and "bad.jsonl:3: unknown stance code 'cross'" in out


def test_validate_and_train_agree_on_new_codes(tmp_path, capsys):
    """Issue 14, symptom 3: validate rejected new codes that train accepted."""
    from stancelib.data import DataValidationError
    from stancelib.trainer import train

    rows = [{"id": f"s{i}", "doc_id": f"d{i // 2}", "text": f"Satellite talk number {i} went ahead.",
             "issue": ["space"], "stance": "neutral" if i % 2 else "cooperation"} for i in range(6)]
    path = tmp_path / "space.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 0 and "new codes (issue): space" in err
    # a code that looks like a typo is refused by both, with the fix
    rows[0]["issue"] = ["tiawan"]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1 and "'tiawan' looks like a typo of 'taiwan'" in out and "--new-codes tiawan" in out
    with pytest.raises(DataValidationError, match="looks like a typo of 'taiwan'"):
        train(str(path), base="none", params={"cv": 0, "min_df": 1})
    code, out, err = run(capsys, "validate", "--new-codes", "tiawan", str(path))
    assert code == 0


@pytest.mark.parametrize("field, code, typo_of", [("stance", "Warning", "warning"), ("issue", "tiawan", "taiwan"),
                                                   ("side", "usa", "us"), ("side", "China", "china")])
def test_train_refuses_typo_labels(field, code, typo_of):
    """Issue 15, case 9: typo labels became new classes in train."""
    from stancelib.data import validate_records

    record = {"id": "1", "doc_id": "d", "text": "Talks went ahead.", "issue": ["trade"], "stance": "neutral", "side": "us"}
    record[field] = [code] if field == "issue" else code
    problems = [str(p) for p in validate_records([record])]
    assert any(f"looks like a typo of {typo_of!r}" in p for p in problems), problems
    assert validate_records([record], declared_codes=[code]) == []


def test_validate_refuses_empty_doc_id(tmp_path, capsys):
    """Issue 14, symptom 4: validate accepted an empty doc_id."""
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "1", "doc_id": "", "text": "Talks.", "issue": ["trade"], "stance": "neutral"}) + "\n")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1 and "empty 'doc_id'" in out


#: The seed files the new-code training runs on: the first corpus's four smallest authors and the seed
#: article (717 + 33 sentences). The path a user takes (their data added to the seeds, --base seeds by
#: default) is the same on the full corpus, but that corpus is the retrain check's, 30 times the cost.
SMALL_SEEDS = ("seed_article.jsonl", "corpus/part_a.jsonl", "corpus/part_c.jsonl", "corpus/part_e.jsonl",
               "corpus/part_f.jsonl")


@pytest.mark.slow
def test_train_cli_with_a_new_issue_code(tmp_path, capsys, monkeypatch):
    from stancelib.data import SEEDS_ENV, seed_files

    seeds = tmp_path / "seeds"
    (seeds / "corpus").mkdir(parents=True)
    for name in SMALL_SEEDS:
        (seeds / name).write_bytes((ROOT / "seeds" / name).read_bytes())
    monkeypatch.setenv(SEEDS_ENV, str(seeds))
    assert [p.relative_to(seeds).as_posix() for p in seed_files()] == sorted(SMALL_SEEDS, key=lambda n: ("/" in n, n))
    data = tmp_path / "space.jsonl"
    rows = []
    texts = [
        "The two sides agreed to share data on space debris to avoid collisions in orbit.",
        "NASA and the China National Space Administration discussed lunar sample exchanges.",
        "Washington raised concerns about Beijing's anti-satellite tests.",
        "China warned that any attempt to weaponise outer space would meet a firm response.",
        "Officials said satellite coordination talks would resume in the autumn.",
        "Both delegations welcomed progress on a hotline for space incidents.",
    ]
    stances = ["cooperation", "neutral", "concern", "warning", "neutral", "cooperation"]
    sides = ["joint", "joint", "us", "china", "other", "joint"]
    for i, (t, s, d) in enumerate(zip(texts, stances, sides)):
        rows.append({"id": f"sp-{i}", "doc_id": f"sp{i // 3}", "text": t, "issue": ["space"], "stance": s, "side": d})
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "model"
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("always")  # the test configuration ignores FewExamplesWarning
        code, text, err = run(capsys, "train", "--data", str(data), "--out", str(out), "--seed", "1", "--jobs", "2",
                              "--params", '{"cv": 2, "char_ngram_range": null}')
    assert code == 0, err
    # the trainer's FewExamplesWarning, as the command prints a warning
    assert re.search(r"^stancelib: warning: .*space \(6\)", err, re.M), err
    manifest = json.loads((out / "manifest.json").read_text())
    assert "space" in manifest["labels"]["issue"]
    assert manifest["data"]["new_codes"] == {"issue": ["space"]}
    assert manifest["data"]["sentences"] == 6 + sum(len((seeds / n).read_text().splitlines()) for n in SMALL_SEEDS)
    # issue 14, symptom 3: the card gives the new code's support and CV F1, with a warning
    card = (out / "MODEL_CARD.md").read_text()
    assert "| issue | space | 6 ⚠ |" in card and "fewer than 20 examples for issue `space` (6)" in card
    assert manifest["metrics"]["grouped_cv_oof"]["issue"]["per_label"]["space"]["support"] == 6
    from stancelib import classify_sentences, load_model

    model = load_model(out, trusted=True)
    lab = classify_sentences(["The two sides agreed to cooperate on space debris and satellites in orbit."], model=model)[0]
    assert "space" in lab.scores["issue"]


def test_train_cli_refuses_bad_data(tmp_path, capsys):
    data = tmp_path / "bad.jsonl"
    data.write_text(json.dumps({"id": "1", "doc_id": "d", "text": "x", "issue": [], "stance": "neutral"}) + "\n")
    code, out, err = run(capsys, "train", "--data", str(data), "--base", "none", "--out", str(tmp_path / "m"))
    assert code == 1 and "'issue' is empty" in err
    assert not (tmp_path / "m").exists()


def test_suggest_writes_a_file_to_fill_in(tmp_path, capsys, model):
    out = tmp_path / "todo.jsonl"
    code, _, err = run(capsys, "suggest", str(SEED_ARTICLE), "--n", "5", "--out", str(out))
    assert code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 5
    # issue 14, symptom 4: pre-filled guesses marked as such, a real doc_id, context kept
    assert all(r["issue"] and r["stance"] and r["side"] and r["needs_review"] is True for r in rows)
    assert all(r["text"] and r["doc_id"] == SEED_ARTICLE.stem for r in rows)
    from stancelib.segment import segment

    sentences = [x.text for x in segment(SEED_ARTICLE.read_text(encoding="utf-8"))]
    for r in rows:
        at = sentences.index(r["text"])
        assert r["context_before"] == (sentences[at - 1] if at else "")
    u = [r["uncertainty"] for r in rows]
    assert u == sorted(u, reverse=True)
    # the five least sure of the article's sentences, read in the document (by the bundled model: the session's copy)
    from stancelib.curation import uncertainty

    distinct = list(dict.fromkeys(sentences))
    read = uncertainty(model, sentences, documents=[SEED_ARTICLE.stem] * len(sentences))
    first = {}
    for text, value in zip(sentences, read):
        first.setdefault(text, round(float(value), 4))
    assert u == sorted((first[t] for t in distinct), reverse=True)[:5]


def test_audit_finds_a_planted_label_error(tmp_path, capsys, few_records):
    """(On few_records, the audit's folds take half the time; the planted error is found there too, at p 0.77.)"""
    records = [{k: v for k, v in r.items() if not k.startswith("_")} for r in few_records]
    target = next(i for i, r in enumerate(records) if "warned" in r["text"] and r["stance"] == "warning")
    records[target]["stance"] = "cooperation"  # plainly wrong
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    out = tmp_path / "suspects.jsonl"
    code, _, err = run(capsys, "audit", str(data), "--folds", "3", "--threshold", "0.6", "--out", str(out))
    assert code == 0, err
    suspects = [json.loads(line) for line in out.read_text().splitlines()]
    assert any(s["id"] == records[target]["id"] and s["field"] == "stance" and s["predicted"] == "warning"
               for s in suspects), suspects[:5]
    assert all(s["line"] > 0 and s["source"].endswith("data.jsonl") for s in suspects)


@pytest.mark.slow
def test_audit_of_a_small_file_warns_and_base_seeds_judges_it_fairly(tmp_path):
    """Issue 14, symptom 2: on a 20-sentence file audit flagged 14 items from a model trained on that file alone."""
    import shutil

    from stancelib.curation import ThinAuditWarning, audit
    from stancelib.data import load_records

    from .conftest import SEEDS

    small = load_records(SEEDS / "corpus" / "part_c.jsonl")[:20]
    with pytest.warns(ThinAuditWarning, match="base='seeds'"):
        alone = audit(small, folds=3)
    seeds = tmp_path / "seeds"
    (seeds / "corpus").mkdir(parents=True)
    for part in ("part_a.jsonl", "part_b.jsonl", "part_d.jsonl"):
        shutil.copy(SEEDS / "corpus" / part, seeds / "corpus" / part)
    with_base = audit(small, base="seeds", seeds_dir=seeds, folds=3)
    assert {s.id for s in with_base} <= {r["id"] for r in small}  # only the user's rows are reported
    # at most a fifth of the file (14 of 20 before the fix); under feature revision 7 the base flags 4, two of them
    # Nvidia's own statements labelled `us` that the model reads as the company's (`other`): fair suspects
    assert len({s.id for s in alone}) <= 3 and len({s.id for s in with_base}) <= 4


def test_suggest_ids_are_stable_across_runs_and_sources(tmp_path, capsys):
    """Issue 14, symptom 4: ids like suggest-17 repeated across runs and files."""
    copy = tmp_path / "other.txt"
    copy.write_text(SEED_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    runs = []
    for path in (SEED_ARTICLE, SEED_ARTICLE, copy):
        out = tmp_path / "todo.jsonl"
        assert run(capsys, "suggest", str(path), "--n", "3", "--out", str(out))[0] == 0
        runs.append([json.loads(line) for line in out.read_text().splitlines()])
    assert [r["id"] for r in runs[0]] == [r["id"] for r in runs[1]]
    assert not {r["id"] for r in runs[0]} & {r["id"] for r in runs[2]}


def test_suggested_guesses_are_refused_until_reviewed(tmp_path, capsys):
    out = tmp_path / "todo.jsonl"
    assert run(capsys, "suggest", str(SEED_ARTICLE), "--n", "2", "--out", str(out))[0] == 0
    code, text, err = run(capsys, "validate", str(out))
    assert code == 1 and "needs_review" in text
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    out.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "needs_review"}) + "\n" for r in rows))
    assert run(capsys, "validate", str(out))[0] == 0


@pytest.mark.parametrize("n", ["0", "-1"])
def test_suggest_rejects_a_count_below_one(capsys, n):
    with pytest.raises(SystemExit, match="--n must be at least 1"):
        run(capsys, "suggest", str(SEED_ARTICLE), "--n", n)
