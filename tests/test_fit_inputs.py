"""What ``ReadoutClassifier.fit`` and ``train`` take as labels and parameters, and how they refuse the rest.

Every refusal here happens before a feature block is fitted: a label of the wrong shape is never read
as something else (a str of issue codes as its characters, a list as a stance code), and a misspelt or
ill-typed parameter names itself, what it takes and, for a misspelling, the closest known name.
"""

import pytest

from stancelib import ReadoutClassifier, train

X = ["Xi warned against arms sales to Taiwan.", "The two sides agreed to resume talks on climate."] * 4
ISSUES = [["taiwan"], ["climate"]] * 4
STANCES = ["warning", "cooperation"] * 4


def _records():
    return [{"id": str(i), "doc_id": str(i // 2), "text": t, "issue": c, "stance": s}
            for i, (t, c, s) in enumerate(zip(X, ISSUES, STANCES))]


def test_issue_codes_given_as_strings_are_refused_not_read_as_characters():
    """A str per sentence for the multi-label issue head used to fit a head that never fires (every column of the
    target was the set of the str's characters), and predicted the first code for every sentence."""
    with pytest.raises(TypeError, match=r"y\['issue'\]\[0\] is a str \('taiwan'\); issue is multi-label.*\['taiwan'\]"):
        ReadoutClassifier(cv=0, min_df=1).fit(X, {"issue": [c[0] for c in ISSUES], "stance": STANCES})


def test_a_list_for_a_single_label_head_is_refused():
    with pytest.raises(TypeError, match=r"y\['stance'\]\[0\] is a list \(\['warning'\]\); stance takes one code"):
        ReadoutClassifier(cv=0, min_df=1).fit(X, {"stance": [[s] for s in STANCES]})


@pytest.mark.parametrize("y, shown", [(STANCES, r"a sequence of str \(for one field's labels, pass \{'stance': y\}\)"),
                                      ("warning", "got a str"), (42, "got a int")])
def test_y_of_the_wrong_shape_names_the_shapes_fit_takes(y, shown):
    with pytest.raises(TypeError, match=r"y must be a mapping of field to labels.*DataFrame.*records.*" + shown):
        ReadoutClassifier(cv=0, min_df=1).fit(X, y)


def test_a_dataframe_of_labels_fits_like_the_mapping_of_its_columns():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"issue": ISSUES, "stance": STANCES})
    from_frame = ReadoutClassifier(cv=0, min_df=1).fit(X, frame)
    from_mapping = ReadoutClassifier(cv=0, min_df=1).fit(X, {"issue": ISSUES, "stance": STANCES})
    assert from_frame.predict(X) == from_mapping.predict(X)
    assert from_frame.predict(X[:2])["issue"] == [("taiwan",), ("climate",)]


@pytest.mark.parametrize("params, message", [
    ({"C": "x"}, r"C must be a positive number, a mapping of head to one, or None, got 'x'"),
    ({"C": {"stance": -1}}, r"C must map each head to a positive number, got \{'stance': -1\}"),
    ({"C": {"stnace": 2}}, r"C names unknown head\(s\) \['stnace'\]"),
    ({"cv": 2.5}, r"cv must be an int >= 0"),
    ({"min_df": 0}, r"min_df must be an int >= 1"),
    ({"word_ngram_range": (2, 1)}, r"word_ngram_range must be two ints \(lo, hi\) with 1 <= lo <= hi"),
    ({"char_ngram_range": 3}, r"char_ngram_range must be two ints.*or None to drop the block"),
    ({"context_weight": 2}, r"context_weight must be a number in \[0, 1\]"),
    ({"class_weight": "even"}, r"class_weight must be 'balanced', None or a mapping"),
    ({"static_weight": 0}, r"static_weight must be a positive number or None"),
    ({"static_dims": 0}, r"static_dims must be an int >= 1 or None"),
    ({"static_heads": ("stnace",)}, r"static_heads must be a tuple of heads.*unknown \['stnace'\]"),
])
def test_ill_typed_parameters_are_refused_by_fit_before_any_block_is_fitted(params, message, monkeypatch):
    monkeypatch.setattr(ReadoutClassifier, "_fit_blocks", lambda *a, **k: pytest.fail("a block was fitted"))
    with pytest.raises(ValueError, match=message):
        ReadoutClassifier(**{"cv": 0, "min_df": 1, **params}).fit(X, {"stance": STANCES})


def test_train_refuses_a_misspelt_parameter_with_the_closest_name_before_reading_data(monkeypatch):
    import stancelib.trainer

    monkeypatch.setattr(stancelib.trainer, "load_records", lambda *a, **k: pytest.fail("data were read"))
    with pytest.raises(ValueError, match=r"Unknown parameter 'Cc' of ReadoutClassifier\. Did you mean 'C'\? Known: C, "):
        train("unused.jsonl", base="none", params={"Cc": 1})
    with pytest.raises(ValueError, match=r"C must be a positive number"):
        train("unused.jsonl", base="none", params={"C": "x"})
    with pytest.raises(TypeError, match=r"params must be a mapping"):
        train("unused.jsonl", base="none", params=[("C", 1)])


def test_train_refuses_an_output_that_is_a_file_before_training(tmp_path, monkeypatch):
    import stancelib.trainer

    target = tmp_path / "model.txt"
    target.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(stancelib.trainer, "load_records", lambda *a, **k: pytest.fail("data were read"))
    with pytest.raises(ValueError, match=r"is a file; pass a directory for the model"):
        train("unused.jsonl", base="none", out=target)
    foreign = tmp_path / "other"
    foreign.mkdir()
    (foreign / "manifest.json").write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"not a stancelib model's; pick another directory"):
        train("unused.jsonl", base="none", out=foreign)


def test_valid_parameters_still_train(tmp_path):
    result = train(_records(), base="none", params={"cv": 0, "min_df": 1, "C": {"stance": 4}}, out=tmp_path / "m")
    assert result.model.get_params()["C"] == {"stance": 4}
    assert (tmp_path / "m" / "manifest.json").exists()


@pytest.mark.parametrize("call", ["predict", "predict_proba"])
def test_predicting_none_names_what_it_takes(model, call):
    with pytest.raises(TypeError, match=r"Expected a sequence of texts \(str\), got NoneType"):
        getattr(model, call)(None)
    compiled = model.compile()
    with pytest.raises(TypeError, match=r"Expected a sequence of texts \(str\), got NoneType"):
        getattr(compiled, call)(None)
    with pytest.raises(TypeError, match=r"bytes object received; wrap a single text in a list.*decoded first"):
        getattr(model, call)(b"Xi warned Biden.")


def test_audit_checks_its_records_as_train_does(monkeypatch):
    """A record with a missing label used to reach fit, whose error named a ``y`` the caller of audit never passed."""
    from stancelib.curation import audit
    from stancelib.data import DataValidationError

    monkeypatch.setattr(ReadoutClassifier, "fit", lambda *a, **k: pytest.fail("a model was fitted"))
    records = [dict(r, side="china") for r in _records()]
    records[1]["side"] = None
    with pytest.raises(DataValidationError, match="side"):
        audit(records, base="none")


def test_train_refuses_a_seed_scikit_learn_would_refuse_in_its_first_fit(monkeypatch):
    import stancelib.trainer

    monkeypatch.setattr(stancelib.trainer, "load_records", lambda *a, **k: pytest.fail("data were read"))
    for seed in (-1, 2**32):
        with pytest.raises(ValueError, match=r"seed must be in 0\.\.4294967295"):
            train("unused.jsonl", base="none", seed=seed)
