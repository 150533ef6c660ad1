"""training.oof_scores: leave-one-author-out predictions scored on chosen authors' rows only."""

import numpy as np
import pytest

from training.oof_scores import parse_authors, rows_of, scores

CLASSES = {"issue": ["taiwan", "trade"], "stance": ["concern", "neutral"], "side": ["us", "china", "other"]}


def _oof(records, right_for):
    """Predictions that are right on the rows of the authors in ``right_for`` and wrong elsewhere; the last row untested."""
    n = len(records)
    P = {h: np.zeros((n, len(c))) for h, c in CLASSES.items()}
    for i, r in enumerate(records):
        ok = r["author"] in right_for
        for h in ("stance", "side"):
            k = CLASSES[h].index(r[h])
            P[h][i, k if ok else (k + 1) % len(CLASSES[h])] = 1.0
        for j, code in enumerate(CLASSES["issue"]):
            P["issue"][i, j] = float((code in r["issue"]) == ok)
    for h in P:
        P[h][-1] = np.nan
    return {"doc_id": np.array([r["doc_id"] for r in records]), "author": np.array([r["author"] for r in records]),
            **{f"classes/{h}": np.array(c) for h, c in CLASSES.items()}, **{f"authors/stancelib/{h}": p for h, p in P.items()}}


RECORDS = [{"doc_id": f"{a}{i}", "author": a, "issue": ["taiwan"], "stance": "concern", "side": s}
           for a in "abc" for i, s in enumerate(["us", "china", "other"])]


class Npz(dict):
    files = property(lambda self: list(self))


def test_scores_only_the_chosen_authors():
    oof = Npz(_oof(RECORDS, right_for={"a", "b"}))
    right = scores(oof, RECORDS, {"a", "b"})
    assert right["sentences"] == 6 and right["stance accuracy"] == 1.0 and right["side accuracy"] == 1.0
    assert right["issue micro-F1"] == 1.0
    wrong = scores(oof, RECORDS, {"c"})
    assert wrong["sentences"] == 2  # c's last row was never tested
    assert wrong["stance accuracy"] == 0.0 and wrong["side accuracy"] == 0.0 and wrong["issue micro-F1"] == 0.0


def test_rows_of_a_run_on_part_of_the_corpus():
    part = [r for r in RECORDS if r["author"] != "b"]
    oof = Npz(_oof(part, right_for={"a"}))
    assert rows_of(oof, RECORDS) == part
    with pytest.raises(SystemExit, match="run training.evaluate --save-oof again"):
        rows_of(oof, RECORDS[::-1])
    with pytest.raises(SystemExit, match="it has"):
        scores(oof, part, {"a"}, system="other-system")


def test_a_file_with_one_system_is_scored_without_naming_it():
    """A --variant run saves its predictions under the variant's name; with no --system, that one is scored."""
    variant = Npz({k.replace("/stancelib/", "/stancelib-c_high/"): v for k, v in _oof(RECORDS, {"a"}).items()})
    assert scores(variant, RECORDS, {"a"})["stance accuracy"] == 1.0
    both = Npz({**variant, **_oof(RECORDS, {"b"})})
    assert scores(both, RECORDS, {"b"})["stance accuracy"] == 1.0  # stancelib when it is there
    del both["authors/stancelib/stance"], both["authors/stancelib/side"], both["authors/stancelib/issue"]
    both.update({k.replace("/stancelib/", "/other/"): v for k, v in _oof(RECORDS, {"c"}).items() if "/stancelib/" in k})
    with pytest.raises(SystemExit, match="name one with --system"):
        scores(both, RECORDS, {"a"})


def test_parse_authors():
    assert parse_authors("a-c,x") == {"a", "b", "c", "x"}
    assert parse_authors("v, w") == {"v", "w"} and parse_authors("seed") == {"seed"}
    # two-letter ids follow z: a range may cross from one-letter to two-letter ids
    assert parse_authors("aa-ac") == {"aa", "ab", "ac"}
    assert parse_authors("y-ab") == {"y", "z", "aa", "ab"}
    assert len(parse_authors("a-ac")) == 29 and "ac" in parse_authors("a-ac") and "ad" not in parse_authors("a-ac")
    assert parse_authors("az-bb") == {"az", "ba", "bb"}
    assert parse_authors("c-a") == {"c-a"}  # a backwards range is a name, which matches no author


def test_scores_on_listed_sentence_ids_only():
    """--ids: only the listed sentences of the chosen authors count (a checked sample against relabelled data)."""
    records = [dict(r, id=f"{r['doc_id']}-01") for r in RECORDS]
    oof = Npz(_oof(records, right_for={"a"}))
    ids = ["a0-01", "a1-01", "b0-01", "zz-99"]
    mixed = scores(oof, records, {"a", "b"}, ids=ids)
    assert mixed["sentences"] == 3 and mixed["stance accuracy"] == round(2 / 3, 4)
    assert scores(oof, records, {"a"}, ids=ids)["stance accuracy"] == 1.0
    with pytest.raises(SystemExit, match="no tested rows"):
        scores(oof, records, {"c"}, ids=ids)


def test_a_system_saved_without_issue_probabilities_scores_stance_and_side():
    """Baselines' --save-oof files hold stance and side only: no KeyError, issue is NaN."""
    oof = Npz({k: v for k, v in _oof(RECORDS, {"a"}).items() if k != "authors/stancelib/issue"})
    res = scores(oof, RECORDS, {"a"})
    assert np.isnan(res["issue micro-F1"]) and res["stance accuracy"] == 1.0 and res["side accuracy"] == 1.0


def test_read_ids_skips_comments_and_blank_lines(tmp_path):
    from training.agreement import read_ids

    path = tmp_path / "ids.txt"
    path.write_text("# wave 1: how it was drawn\nh001-01\n\n  h002-03 \n# wave 2\nv010-04\n", encoding="utf-8")
    assert read_ids(path) == ["h001-01", "h002-03", "v010-04"]


def _saved_oof(path):
    """A file as training.evaluate --save-oof writes it."""
    arrays = _oof(RECORDS, right_for={"a"})
    np.savez_compressed(path, **arrays)
    return path


def test_load_oof_opens_a_saved_file_and_names_what_is_wrong_with_any_other(tmp_path):
    from training.oof_scores import load_oof

    oof = load_oof(_saved_oof(tmp_path / "oof.npz"))
    assert scores(oof, RECORDS, {"a"})["stance accuracy"] == 1.0
    with pytest.raises(SystemExit, match=f"no out-of-fold file {tmp_path / 'nope.npz'}: make one with "
                                         "python -m training.evaluate"):
        load_oof(tmp_path / "nope.npz")
    (tmp_path / "data.jsonl").write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    np.save(tmp_path / "array.npy", np.zeros(3))
    np.savez(tmp_path / "other.npz", x=np.zeros(2))
    (tmp_path / "broken.npz").write_bytes(b"PK\x03\x04 not a zip")
    (tmp_path / "empty.npz").write_bytes(b"")
    for name in ("data.jsonl", "array.npy", "other.npz", "broken.npz", "empty.npz"):
        with pytest.raises(SystemExit) as info:
            load_oof(tmp_path / name)
        message = str(info.value)
        assert "is not an out-of-fold file of training.evaluate --save-oof" in message, name
        assert "--save-oof reports/oof.npz" in message and "pickle" not in message, name
    with pytest.raises(SystemExit, match="is a directory, not an out-of-fold .npz"):
        load_oof(tmp_path)


@pytest.mark.parametrize("script, extra", [("oof_scores", ["--authors", "a"]), ("context_rules", []),
                                           ("decisions", []), ("calibration_folds", ["5"])])
def test_every_script_reading_a_saved_file_opens_it_the_same_way(script, extra, tmp_path, monkeypatch):
    """No raw FileNotFoundError, and no numpy advice to unpickle a text file passed by mistake."""
    import importlib

    module = importlib.import_module(f"training.{script}")

    def never():
        raise AssertionError("the corpus was read before the file was checked")

    monkeypatch.setattr(module, "corpus_records", never)
    with pytest.raises(SystemExit, match="no out-of-fold file"):
        module.main([str(tmp_path / "nope.npz"), *extra])
    (tmp_path / "data.jsonl").write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="is not an out-of-fold file of training.evaluate --save-oof"):
        module.main([str(tmp_path / "data.jsonl"), *extra])
