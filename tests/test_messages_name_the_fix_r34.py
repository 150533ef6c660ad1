"""Ordinary mistakes get a message that names the fix (review r34, notebook area, L2), and an empty period of a
trends table shows no "None" in Jupyter (L3).

Before: "sentence 0 is a dict; expected a str" for records or a Dataset given to ``classify_sentences``, and
"item 0 is a str" for a DataFrame given to ``summarize`` (a DataFrame iterates over its column names).
"""

import pytest

from stancelib import SentenceLabel, classify_sentences, summarize, trends


def test_records_given_as_sentences_name_the_texts():
    with pytest.raises(TypeError, match=r"sentence 0 is a dict \(a record\?\); expected a str: pass the texts, "
                                        r"e.g. \[r\['text'\] for r in rows\]"):
        classify_sentences([{"text": "Xi warned Biden.", "id": "1"}])


def test_a_dataset_given_as_sentences_names_its_column():
    datasets = pytest.importorskip("datasets")
    with pytest.raises(TypeError, match=r"got a Dataset, whose rows are dicts; pass its column of sentences, "
                                        r"e.g. ds\['sentence'\], or add label columns to it with classify_dataset"):
        classify_sentences(datasets.Dataset.from_dict({"sentence": ["Xi warned Biden."]}))


def test_a_dataframe_given_to_summarize_says_to_summarize_the_labels():
    pd = pytest.importorskip("pandas")
    label = SentenceLabel("Xi warned Biden.", (0, 16), ("taiwan",), "warning", "china", 0.9)
    with pytest.raises(TypeError, match=r"summarize\(\) got a DataFrame, whose rows cannot be read back as labels; "
                                        r"summarize the labels themselves: summarize\(labels\)"):
        summarize(pd.DataFrame([label]))


def test_an_empty_period_shows_a_dash_not_none_in_the_html_table():
    result = trends([{"doc_id": "a", "date": "2023", "issues": ["taiwan"], "stance": "warning", "side": "china"},
                     {"doc_id": "b", "date": "2025", "issues": ["taiwan"], "stance": "concern", "side": "china"}],
                    by="year", issue="taiwan", side="china")
    empty = [r for r in result.rows if r.period == "2024"]
    assert empty and all(r.share is None and r.low is None for r in empty)
    page = result._repr_html_()
    assert "None" not in page
    row = page.split("<tr")[[r.period for r in result.rows].index("2024") + 2]  # after the header's row
    assert row.count("<td>—</td>") == 3  # share, low, high
