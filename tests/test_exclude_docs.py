"""``train(exclude_docs=...)``: a str is refused (it was read one character at a time), and ids that match no
document are refused by name (the document meant to be held out would be trained on)."""

import pytest

from stancelib import train

PARAMS = {"cv": 0, "min_df": 1}


def _records(docs=("d1", "1", "d2", "x")):
    sentences = [("Beijing objected to the planned arms package.", ["taiwan"], "warning"),
                 ("Both teams will keep the hotline open.", ["military"], "cooperation"),
                 ("The readout noted worries about chip rules.", ["technology"], "concern"),
                 ("Talks took place in a hotel outside the capital.", ["relations"], "neutral")]
    return [{"id": f"{doc}-{k}", "doc_id": doc, "text": f"{text} ({doc}/{k})", "issue": issue, "stance": stance}
            for doc in docs for k, (text, issue, stance) in enumerate(sentences)]


@pytest.mark.parametrize("held", ["d1", "12", b"d1"])
def test_a_str_of_ids_is_refused_with_the_fix(held):
    with pytest.raises(TypeError, match=r"exclude_docs is a (str|bytes) .*one character at a time; pass a list"):
        train(_records(), base="none", params=PARAMS, exclude_docs=held)


def test_a_non_collection_is_refused():
    with pytest.raises(TypeError, match="exclude_docs must be a list of document ids"):
        train(_records(), base="none", params=PARAMS, exclude_docs=7)


def test_ids_of_no_document_are_named():
    with pytest.raises(ValueError, match=r"exclude_docs names 2 document\(s\) that no record has as its doc_id: "
                                         r"'d22', 'nope' \(did you mean 'd2' for 'd22'\?\); a document meant to be "
                                         r"held out would be trained on"):
        train(_records(), base="none", params=PARAMS, exclude_docs=["d1", "d22", "nope"])


def test_a_list_holds_out_exactly_its_documents():
    result = train(_records(), base="none", params=PARAMS, exclude_docs=["d1"])
    assert result.manifest["excluded_documents"] == ["d1"]
    assert result.manifest["data"]["excluded_sentences"] == 4
    assert result.manifest["data"]["documents"] == 3  # "1" (a document whose id is a character of "d1") is kept
    ints = train(_records(docs=(1, 2, 3)), base="none", params=PARAMS, exclude_docs=[1])  # ids compare as str
    assert ints.manifest["excluded_documents"] == ["1"] and ints.manifest["data"]["excluded_sentences"] == 4
