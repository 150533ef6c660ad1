"""A labelled CSV's list fields (``stancelib.data.LIST_FIELDS``: ``issue`` and ``participants``) are read as lists.

Review r32 (diff), finding 8: ``read_records`` spelt ``MULTI_LABEL_FIELDS + ("participants",)`` beside the
``LIST_FIELDS`` constant that names the same fields; it uses the constant now. The rows are written for this test.
"""

from stancelib.data import LIST_FIELDS, read_records


def test_the_list_fields_of_a_csv_are_lists(tmp_path):
    assert LIST_FIELDS == ("issue", "participants")
    path = tmp_path / "labels.csv"
    path.write_text('id,doc_id,text,issue,stance,participants,source\n'
                    '1,d1,Xi warned Biden.,taiwan; trade,warning,Xi;Biden,MFA\n'
                    '2,d1,They agreed.,"[""climate""]",cooperation,,MFA;press\n', encoding="utf-8")
    first, second = read_records(path)
    assert (first["issue"], first["participants"]) == (["taiwan", "trade"], ["Xi", "Biden"])
    assert (second["issue"], second["participants"]) == (["climate"], [])  # an empty cell: no one
    assert second["source"] == "MFA;press"  # not a list field: kept as written
