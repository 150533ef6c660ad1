"""Label codes that are not codes, or that differ from another code only in case or spacing: clear problems
from validate_records, train and evaluate, never a raw TypeError or an extra class."""

import pytest

from stancelib import train
from stancelib.cli import main
from stancelib.data import DataValidationError, new_codes, validate_records
from stancelib.evaluation import evaluate

from .conftest import write_jsonl

PARAMS = {"cv": 0, "min_df": 1}
SENTENCES = [("Ministers pledged to share data from lunar missions.", ["space"], "cooperation", "joint"),
             ("The statement accused the other side of jamming satellites.", ["space"], "warning", "china"),
             ("Officials spoke of their unease over debris in orbit.", ["space"], "concern", "us"),
             ("The meeting was held at the ministry.", ["relations"], "neutral", "joint")]


def _records():
    return [{"id": f"{d}-{k}", "doc_id": d, "text": f"{t} [{d}{k}]", "issue": list(i), "stance": s, "side": side,
             "_source": "mine.jsonl", "_line": 4 * n + k + 1}
            for n, d in enumerate(("p", "q", "r")) for k, (t, i, s, side) in enumerate(SENTENCES)]


@pytest.mark.parametrize("codes, shown", [(["relations", None], "None"), (["relations", 1], "1"),
                                          (["relations", ["space"]], r"\['space'\]")])
def test_a_bad_code_beside_a_good_one_is_a_problem_not_a_crash(codes, shown):
    recs = _records()
    recs[0]["issue"] = codes
    assert [str(p) for p in validate_records(recs)] == [
        f"mine.jsonl:1: 'issue' has an empty or non-string code {codes[1]!r}"]
    with pytest.raises(DataValidationError, match=f"mine.jsonl:1: 'issue' has an empty or non-string code {shown}"):
        train(recs, base="none", params=PARAMS)


def test_evaluate_reports_a_bad_code_by_its_record():
    model = train(_records(), base="none", params=PARAMS).model
    recs = _records()
    recs[2]["issue"] = ["space", None]
    with pytest.raises(DataValidationError, match="mine.jsonl:3: 'issue' has an empty or non-string code None"):
        evaluate(model, recs)


def test_validate_command_reports_a_bad_code(tmp_path, capsys):
    path = tmp_path / "nullcode.jsonl"
    recs = [{k: v for k, v in r.items() if not k.startswith("_")} for r in _records()]
    recs[0]["issue"] = ["space", None]
    write_jsonl(path, recs)
    assert main(["validate", str(path)]) == 1
    assert f"{path}:1: 'issue' has an empty or non-string code None" in capsys.readouterr().out


def test_codes_differing_only_in_case_are_refused_at_the_rarer_spelling():
    recs = _records()
    recs[4]["issue"] = ["Space"]
    problems = [str(p) for p in validate_records(recs)]
    assert problems == [
        "mine.jsonl:5: issue code 'Space' (1 sentence(s), the first here) differs from 'space' (8 sentence(s), the "
        "first at mine.jsonl:1) only in case or spacing, so a model would learn them as two codes; use one "
        "spelling, e.g. 'space' everywhere"]
    with pytest.raises(DataValidationError, match="differs from 'space'"):
        train(recs, base="none", params=PARAMS)


def test_a_code_with_spaces_around_it_is_refused_with_its_repr():
    recs = _records()
    recs[5]["issue"] = ["space "]
    recs[6]["stance"] = "concern\t"
    assert [str(p) for p in validate_records(recs)] == [
        "mine.jsonl:6: issue code 'space ' has spaces around it; write 'space'",
        "mine.jsonl:7: stance code 'concern\\t' has spaces around it; write 'concern'"]
    assert new_codes(recs, declared_codes=[]) == {"issue": ["space"]}  # the refused spelling is not listed as new


def test_a_new_code_of_its_own_spelling_is_still_accepted():
    recs = _records()
    for r in recs:
        r["issue"] = ["Space" if c == "space" else c for c in r["issue"]]  # one spelling, capitalised: a choice
    assert validate_records(recs) == []


def test_new_codes_skips_values_that_are_not_codes():
    recs = _records()
    recs[0]["issue"], recs[1]["issue"], recs[2]["stance"] = ["space", None], 5, 3
    assert new_codes(recs) == {"issue": ["space"]}
