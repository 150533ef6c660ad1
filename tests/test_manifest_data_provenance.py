"""What a manifest and its card say about the data a model was trained on.

Review r34 (repro), M2: the data sha256 left out the calibration field (two data sets whose models disagreed on a
third of the issue sets had one hash) and changed with what training ignores (int against str ids, the order of
codes in an issue list). M3: the manifest listed the user's files as one "user data" source, so nobody could tell
which files, in which order (which changes the model), made it. Review r34 (docs), M4: the card of a model trained
on the user's data alone said it was "Trained on original sentences written in readout style", the seed
corpus. The sentences are written for these tests.
"""

import csv
import hashlib
import json

import pytest

from stancelib import train
from stancelib.trainer import data_sha256, render_model_card

from .conftest import seed_corpus, write_jsonl

ROWS = [("Beijing warned Washington against arms sales to Taipei.", ["taiwan", "military"], "warning", "china"),
        ("The two sides agreed to resume climate talks next month.", ["climate"], "cooperation", "joint"),
        ("Officials voiced concern over fentanyl shipments.", ["counternarcotics"], "concern", "us")]
PARAMS = {"cv": 2, "min_df": 1}


def _rows(ids=int):
    return [{"id": ids(3 * d + k), "doc_id": ids(d), "text": f"{t[:-1]} ({d}).", "issue": list(i), "stance": s,
             "side": side, "author": "ab"[d % 2]} for d in range(4) for k, (t, i, s, side) in enumerate(ROWS)]


def _csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "doc_id", "text", "issue", "stance", "side", "author"])
        for r in rows:
            w.writerow([r["id"], r["doc_id"], r["text"], ";".join(r["issue"]), r["stance"], r["side"], r["author"]])
    return path


def test_the_hash_is_of_what_training_reads_in_the_form_it_reads_it():
    rows = _rows()
    base = data_sha256(rows)
    assert data_sha256(_rows(ids=str)) == base  # 5 and "5": the fit reads str(doc_id), and ids not at all
    assert data_sha256([dict(r, issue=r["issue"][::-1]) for r in rows]) == base  # a set of codes
    assert data_sha256([dict(r, id=f"x{r['id']}", source="elsewhere") for r in rows]) == base  # not read
    for changed in ([dict(r, text=r["text"] + " ") for r in rows], [dict(r, stance="neutral") for r in rows],
                    [dict(r, doc_id=0) for r in rows], rows[::-1]):
        assert data_sha256(changed) != base
    # the calibration groups: read only when they are not the documents
    regrouped = [dict(r, author="x" + str(r["doc_id"])) for r in rows]
    assert data_sha256(regrouped) == base
    assert data_sha256(regrouped, calibrate_by="author") != data_sha256(rows, calibrate_by="author")


def test_jsonl_and_csv_of_int_ids_give_one_hash_and_the_model_knows_its_calibration_field(tmp_path):
    rows = _rows()
    by_jsonl = train(str(write_jsonl(tmp_path / "m.jsonl", rows)), base="none", params=PARAMS)
    by_csv = train(str(_csv(tmp_path / "m.csv", rows)), base="none", params=PARAMS)
    assert by_jsonl.manifest["data"]["sha256"] == by_csv.manifest["data"]["sha256"]
    regrouped = [dict(r, author="x" + str(r["doc_id"])) for r in rows]
    assert (train(rows, base="none", params=PARAMS, calibrate_by="author").manifest["data"]["sha256"]
            != train(regrouped, base="none", params=PARAMS, calibrate_by="author").manifest["data"]["sha256"])


def test_the_manifest_and_card_list_each_file_in_order_with_its_sha256(tmp_path, monkeypatch):
    rows = _rows(ids=str)
    a, b = write_jsonl(tmp_path / "a.jsonl", rows[:6]), _csv(tmp_path / "b.csv", rows[6:])
    part = seed_corpus(tmp_path, monkeypatch, rows)

    def sha(path):
        return hashlib.sha256(path.read_bytes()).hexdigest()

    ab = train([str(a), str(b)], base="seeds", out=tmp_path / "ab", params=PARAMS)
    ba = train([str(b), str(a)], base="seeds", params=PARAMS)
    assert ab.manifest["data"]["sources"] == [
        {"path": "seeds/corpus/part.jsonl", "sentences": 12, "sha256": sha(part)},
        {"path": "a.jsonl", "sentences": 6, "sha256": sha(a)}, {"path": "b.csv", "sentences": 6, "sha256": sha(b)}]
    assert [s["path"] for s in ba.manifest["data"]["sources"]] == ["seeds/corpus/part.jsonl", "b.csv", "a.jsonl"]
    assert ab.manifest["data"]["base"] == "seeds"
    card = (tmp_path / "ab" / "MODEL_CARD.md").read_text(encoding="utf-8")
    for name, path in (("a.jsonl", a), ("b.csv", b)):
        assert f"  - {name}: 6 sentences, sha256 `{sha(path)}`" in card
    assert "Trained on stancelib's seed corpus, original sentences written in readout style," in card
    assert "and on 12 sentences of the data it was given (`a.jsonl`, `b.csv`);" in card


def test_the_card_of_a_model_of_the_users_data_alone_says_so(tmp_path):
    result = train(str(write_jsonl(tmp_path / "mine.jsonl", _rows())), base="none", out=tmp_path / "m", params=PARAMS)
    card = (tmp_path / "m" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "readout style" not in card and "seed corpus" in card  # "not on stancelib's seed corpus"
    assert "- Trained only on the data it was given (`mine.jsonl`: 12 sentences in 4 documents)," in card
    assert result.manifest["data"]["base"] == "none"
    in_memory = render_model_card(train(_rows(), base="none", params=PARAMS).manifest)
    assert "- Trained only on the data it was given (records in memory: 12 sentences in 4 documents)," in in_memory


@pytest.mark.parametrize("sources, says", [
    ([{"path": "seeds/corpus/part_a.jsonl", "sentences": 10}], "readout style;"),
    ([{"path": "user data", "sentences": 10}], "Trained only on the data it was given"),
])
def test_a_manifest_from_before_base_was_recorded_is_read_by_its_sources(sources, says):
    manifest = json.loads(json.dumps(train(_rows(), base="none", params={"cv": 0, "min_df": 1}).manifest))
    del manifest["data"]["base"]
    manifest["data"]["sources"] = sources
    assert says in render_model_card(manifest)
