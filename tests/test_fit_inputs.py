"""What ``ReadoutClassifier.fit`` and ``train`` take as labels and parameters, and how they refuse the rest.

Every refusal here happens before a feature block is fitted: a label of the wrong shape is never read
as something else (a str of issue codes as its characters, a list as a stance code), and a misspelt or
ill-typed parameter names itself, what it takes and, for a misspelling, the closest known name.
"""

import numpy as np
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


@pytest.mark.parametrize("issues, shown", [
    ([[1], [2]] * 4, r"y\['issue'\]\[0\] holds a int code \(1\) in \[1\]; issue codes are str: .*e\.g\. \['1'\]"),
    ([["taiwan"], ["climate", 5]] * 4, r"y\['issue'\]\[1\] holds a int code \(5\) in \['climate', 5\]"),
    ([["taiwan"], [None]] * 4,
     r"y\['issue'\]\[1\] holds a NoneType code \(None\).*give \[\] for a sentence with no code"),
    ([np.array(["taiwan"]), np.array([7])] * 4, r"y\['issue'\]\[1\] holds a int64 code \(np\.int64\(7\)\)"),
])
def test_issue_codes_that_are_not_str_are_refused(issues, shown):
    """A code that is not a str (1, None) became the label '1' or 'None', which no training row matched (the rows
    held the int): its regression learnt "never", and the model could never predict it, without a word."""
    with pytest.raises(TypeError, match=shown):
        ReadoutClassifier(cv=0, min_df=1).fit(X, {"issue": issues, "stance": STANCES})


def test_issue_codes_as_str_still_fit_whatever_sequence_holds_them():
    issues = [("taiwan",), np.array(["climate"])] * 4
    clf = ReadoutClassifier(cv=0, min_df=1).fit(X, {"issue": issues, "stance": STANCES})
    assert list(clf.classes_["issue"]) == ["taiwan", "climate"]
    assert clf.predict(X[:2])["issue"] == [("taiwan",), ("climate",)]


def test_an_issue_field_with_no_code_at_all_is_refused():
    """It used to fit, and predict then failed with numpy's "attempt to get argmax of an empty sequence"."""
    with pytest.raises(ValueError, match=r"Field 'issue' has no code in any of the 8 sentences.*leave 'issue' out"):
        ReadoutClassifier(cv=0, min_df=1).fit(X, {"issue": [[]] * 8, "stance": STANCES})


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
    # head_features used to raise numpy's IndexError in fit, or to be ignored without a word
    ({"head_features": {"stnace": ("word",)}}, r"head_features names unknown head 'stnace' \(did you mean 'stance'"),
    ({"head_features": {"stance": "word"}},
     r"head_features\['stance'\] must be a tuple of feature blocks.*got 'word' \(for one block: \('word',\)\)"),
    ({"head_features": {"stance": ()}}, r"head_features\['stance'\] is empty; a head needs at least one feature block"),
    ({"head_features": {"stance": ("wrd",)}},
     r"head_features\['stance'\] names unknown feature block 'wrd' \(did you mean 'word'\?\); the blocks are word, "),
    ({"head_features": {"stance": ("word", "static")}}, r"names 'static', which static_weight=None leaves out"),
    ({"head_features": {"stance": ("char",)}, "char_ngram_range": None}, r"names 'char', which char_ngram_range=None"),
    ({"head_features": ("word",)}, r"head_features must be a mapping of head to a tuple of feature blocks"),
    # class_offsets naming a misspelt head, issue, or an unknown figure used to do nothing, silently
    ({"class_offsets": {"stancee": "accuracy"}}, r"class_offsets names unknown head 'stancee' \(did you mean 'stance'"),
    ({"class_offsets": {"issue": "macro_f1"}}, r"class_offsets names 'issue', a multi-label head, which takes no"),
    ({"class_offsets": {"side": "macro-f1"}},
     r"class_offsets\['side'\] must be one of 'macro_f1', 'accuracy'.*got 'macro-f1' \(did you mean 'macro_f1'\?\)"),
    # a weight per label failed inside scikit-learn ("The classes, [0, 1], are not in class_weight")
    ({"class_weight": {"warning": 2.0}},
     r"class_weight names \['warning'\], but a mapping weighs the two classes of every one-vs-rest regression.*"
     r"\{0: weight of the other sentences, 1: weight of the sentences with the label\}.*class_weight='balanced'"),
    ({"class_weight": {1: 0}}, r"class_weight must map 0 and/or 1 to a positive number, got \{1: 0\}"),
])
def test_ill_typed_parameters_are_refused_by_fit_before_any_block_is_fitted(params, message, monkeypatch):
    monkeypatch.setattr(ReadoutClassifier, "_fit_blocks", lambda *a, **k: pytest.fail("a block was fitted"))
    with pytest.raises(ValueError, match=message):
        ReadoutClassifier(**{"cv": 0, "min_df": 1, **params}).fit(X, {"stance": STANCES})


def test_valid_head_features_class_offsets_and_class_weights_still_fit():
    y = {"issue": ISSUES, "stance": STANCES, "side": ["china", "joint"] * 4}
    clf = ReadoutClassifier(cv=2, min_df=1, head_features={"stance": ["word", "stance_cues"]},
                            class_offsets={"stance": "accuracy", "side": None}, class_weight={0: 1.0, 1: 2.0}).fit(X, y)
    assert clf.head_features_["stance"] == ("word", "stance_cues")
    assert clf.predict(X[:2])["stance"] == ["warning", "cooperation"]
    static = ReadoutClassifier(cv=0, min_df=1, static_weight=1.0, static_heads=(), head_features={"side": ("static",)})
    assert static.fit(X, y).head_features_["side"] == ("static",)


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
def test_predicting_none_names_what_it_takes(model, compiled_model, call):
    with pytest.raises(TypeError, match=r"Expected a sequence of texts \(str\), got NoneType"):
        getattr(model, call)(None)
    with pytest.raises(TypeError, match=r"Expected a sequence of texts \(str\), got NoneType"):
        getattr(compiled_model, call)(None)
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


@pytest.fixture(scope="module")
def tiny():
    y = {"issue": ISSUES, "stance": STANCES, "side": ["china", "joint"] * 4}
    return ReadoutClassifier(cv=0, min_df=1).fit(X, y)


@pytest.mark.parametrize("documents, message", [
    ("ab", r"documents must give one document id per sentence.*got a str \('ab'\), which would be read one character "
           r"per sentence; for sentences of one document pass \['ab'\] \* len\(X\)"),
    (b"ab", r"documents must give one document id per sentence.*got a bytes"),
    (5, r"documents must be a sequence of one document id per sentence.*got int"),
    ({"d1": 0, "d2": 1}, r"documents must be a sequence of one document id per sentence.*got dict"),
])
@pytest.mark.parametrize("call", ["predict", "predict_proba"])
def test_documents_that_are_not_one_id_per_sentence_are_refused(tiny, documents, message, call):
    """A str was read as one document per character ("ab": documents 'a' and 'b'); an int raised the raw
    "'int' object is not iterable". The export shares the check."""
    texts = ["Xi warned Biden.", "He raised Taiwan."]
    for model in (tiny, tiny.compile()):
        with pytest.raises(TypeError, match=message):
            getattr(model, call)(texts, documents=documents)
        with pytest.raises(TypeError, match=message):
            getattr(model, call)([], documents=documents)


def test_a_documents_length_mismatch_is_named_by_a_model_without_a_side_head():
    """Only the side head reads the sentence before, so a model without one never looked at documents."""
    stance_only = ReadoutClassifier(cv=0, min_df=1).fit(X, {"stance": STANCES})
    with pytest.raises(ValueError, match=r"documents has 3 entries for 2 texts"):
        stance_only.predict(X[:2], documents=["d1", "d1", "d2"])
    assert stance_only.predict(X[:2], documents=np.array(["d1", "d1"])) == stance_only.predict(X[:2])


def test_explain_takes_a_numpy_integer_for_top(tiny):
    assert tiny.explain(X[0], top=np.int64(2)) == tiny.explain(X[0], top=2)
    for top in (0, 2.0, True, np.float64(2)):
        with pytest.raises(ValueError, match=r"top must be a whole number of at least 1"):
            tiny.explain(X[0], top=top)


def test_explain_refuses_an_empty_list_of_issue_codes(tiny):
    """It used to explain no issue at all, silently."""
    with pytest.raises(ValueError, match=r"labels\['issue'\] is empty; give the codes to explain "
                                         r"\(e\.g\. \['taiwan'\]\), or leave 'issue' out to explain its prediction"):
        tiny.explain(X[0], labels={"issue": []})
    assert list(tiny.explain(X[0], labels={"issue": ["climate"]})["issue"]) == ["climate"]


def test_a_missing_cell_of_a_2d_input_is_refused_naming_its_row_and_column(tiny):
    """Review r31 (diff), finding 5: a DataFrame's cells were joined with str(), so a missing text became the
    word "nan" (a date "NaT") and was labelled, while the same gap in a Series or a list was refused. Every
    2-d form refuses it now, naming the first missing cell, for fitting, the estimator and its export."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": [17, 18], "text": ["Xi warned Biden over Taiwan.", np.nan],
                          "date": pd.to_datetime(["2024-01-02", None])})
    cases = [
        (frame, r"Row 1, column 'text' of the input is missing \(NaN\) \(and 1 more missing cell\).*the word 'nan'"
                r".*df\.dropna\(\).*pass it alone \(df\['text'\]\)"),
        (frame[["date"]], r"Row 1, column 'date' of the input is missing \(NaT\).*the word 'NaT'"),
        (frame.set_index("id")[["text"]], r"Row 1 \(index 18\), column 'text' of the input is missing \(NaN\)"),
        (pd.DataFrame({"text": ["Xi warned.", None]}, dtype="string"), r"Row 1, column 'text' .*missing \(<NA>\)"),
        (np.array([["Xi warned.", None]], dtype=object), r"Row 0, column 1 of the input is missing \(None\)"),
        (np.array([[1.0, np.nan]]), r"Row 0, column 1 of the input is missing \(NaN\)"),
        (np.array([[1.0, np.inf]]), r"Row 0, column 1 of the input is infinite \(inf\).*replace\(\[np.inf, -np.inf\], np.nan\)"),  # as sklearn's checks ask
        ([["Xi warned.", "Talks."], ("Biden spoke.", float("nan"))], r"Row 1, column 1 .*missing \(NaN\)"),
    ]
    for X2, message in cases:
        for predict in (tiny.predict, tiny.predict_proba, tiny.compile().predict):
            with pytest.raises(ValueError, match=message):
                predict(X2)
    with pytest.raises(ValueError, match=r"Row 3, column 'text' of the input is missing"):
        ReadoutClassifier(cv=0, min_df=1).fit(pd.DataFrame({"text": X[:3] + [None] + X[4:]}), {"stance": STANCES})
    # complete rows are still joined, as a ColumnTransformer hands several text columns over
    two = pd.DataFrame({"who": ["Xi warned Biden", "The two sides agreed"], "what": ["over Taiwan.", "to talk."]})
    assert tiny.predict(two) == tiny.predict(["Xi warned Biden over Taiwan.", "The two sides agreed to talk."])
    assert tiny.predict(frame.dropna()) == tiny.predict(["17 Xi warned Biden over Taiwan. 2024-01-02 00:00:00"])


def test_a_list_of_rows_with_an_item_that_is_no_row_is_refused(tiny):
    """A str among rows was joined one character per cell ("Talks." read as "T a l k s .")."""
    with pytest.raises(TypeError, match=r"Expected rows \(lists or tuples of cells\), as item 0 is, but item 1 is a "
                                        r"str; give every item as a row, or every one as a str"):
        tiny.predict([["Xi warned Biden."], "Talks resumed."])
