from stancelib.schema import ISSUES, SIDES, STANCES, LabelSchema


def test_default_label_sets():
    assert len(ISSUES) == 16 and len(set(ISSUES)) == 16
    assert STANCES == ("warning", "concern", "cooperation", "neutral")
    assert len(SIDES) == 4
    assert LabelSchema.default().fields == ("issue", "stance", "side")


def test_schema_from_records_keeps_known_order_then_sorted_new_codes():
    records = [
        {"issue": ["trade", "space_race"], "stance": "neutral"},
        {"issue": ["arctic", "taiwan"], "stance": "warning"},
    ]
    schema = LabelSchema.from_records(records)
    assert schema.labels["issue"] == ("taiwan", "trade", "arctic", "space_race")
    assert schema.labels["stance"] == ("warning", "neutral")
    assert schema.fields == ("issue", "stance")
    assert LabelSchema.from_records(list(reversed(records))) == schema
