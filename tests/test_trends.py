"""trends(), plot_trends() and `stancelib trends`: stance by issue and side over time (issue 16)."""

import csv
import dataclasses
import io
import json
import math
import sys
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancelib import Trends, plot_trends, trends
from stancelib.cli import main
from stancelib.schema import SIDES, STANCES
from stancelib.timeseries import COLUMNS, MIN_DOCUMENTS, UNDATED, wilson_interval

from .conftest import cli_result
from .documents import READOUTS, label_documents, record

WARNING, CONCERN, COOPERATION, NEUTRAL = STANCES[0], STANCES[1], STANCES[2], STANCES[-1]
US, CHINA = SIDES[0], SIDES[1]


def rows_of(result, **match):
    return [r for r in result.rows if all(getattr(r, k) == v for k, v in match.items())]


def one(result, **match):
    (row,) = rows_of(result, **match)
    return row


# --- periods ------------------------------------------------------------------------------------


def test_empty_periods_between_first_and_last_appear_with_zero_counts_and_are_thin():
    result = trends([record("a", "2019-05-01", WARNING), record("b", "2022-01-02", CONCERN)], min_documents=1)
    assert result.periods == ("2019", "2020", "2021", "2022")
    for period in ("2020", "2021"):
        for row in rows_of(result, period=period):
            assert (row.count, row.total, row.documents, row.share, row.low, row.high) == (0, 0, 0, None, None, None)
            assert row.thin  # even at min_documents=1
    assert not one(result, period="2019", stance=WARNING).thin


def test_one_document():
    result = trends([record("only", "2024-06-02", WARNING), record("only", "2024-06-02", NEUTRAL)])
    assert result.periods == ("2024",)
    row = one(result, stance=WARNING)
    assert (row.count, row.total, row.documents, row.share) == (1, 2, 1, 0.5)
    assert row.thin and row.documents < MIN_DOCUMENTS
    # one document is one observation: the interval is wide, not the sentence-count one
    assert (row.low, row.high) == tuple(round(x, 4) for x in wilson_interval(0.5, 1))
    assert row.high - row.low > 0.7


def test_bucketing_by_year_quarter_and_month():
    docs = [record("jan", "2024-01-15", WARNING), record("mar", "2024-03-31", WARNING),
            record("apr", "2024-04-01", CONCERN), record("dec", "2024-12-31", COOPERATION),
            record("late", "2023-11", NEUTRAL)]
    year = trends(docs, by="year")
    assert year.periods == ("2023", "2024")
    assert one(year, period="2024", stance=WARNING).count == 2
    quarter = trends(docs, by="quarter")
    assert quarter.periods == ("2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4")  # across the year end
    assert one(quarter, period="2024Q1", stance=WARNING).count == 2
    assert one(quarter, period="2024Q2", stance=CONCERN).count == 1
    assert one(quarter, period="2024Q3", stance=CONCERN).total == 0
    month = trends(docs, by="month")
    assert month.periods[0] == "2023-11" and month.periods[-1] == "2024-12" and len(month.periods) == 14
    assert one(month, period="2024-03", stance=WARNING).count == 1
    assert one(month, period="2024-04", stance=CONCERN).count == 1


def test_a_date_too_coarse_for_the_period_is_refused_naming_the_document():
    docs = [record("full", "2024-01-15", WARNING), record("yearonly", "2024", CONCERN)]
    assert trends(docs, by="year").periods == ("2024",)
    for by in ("quarter", "month"):
        with pytest.raises(ValueError, match="'yearonly'.*no month.*by='year'"):
            trends(docs, by=by)


@pytest.mark.parametrize("bad", ["2024/01/15", "15-01-2024", "2024-13-01", "2024-02-30", "2024-00", "yesterday"])
def test_an_invalid_date_is_refused_naming_the_document(bad):
    """The date rule is classify_documents' (documents.parse_date): the same error, naming the document."""
    from stancelib.documents import DocumentError

    with pytest.raises(DocumentError, match=f"document 'x': date '{bad}'.*YYYY-MM-DD"):
        trends([record("x", bad, WARNING)])


def test_date_objects_are_read_as_iso_dates():
    import datetime

    result = trends([record("d", datetime.date(2021, 8, 3), WARNING)], by="month")
    assert result.periods == ("2021-08",)
    assert trends([record("t", "2021-09-30T23:00:00", WARNING)], by="quarter").periods == ("2021Q3",)


# --- missing dates, missing and duplicate ids ---------------------------------------------------


def test_missing_date_is_an_error_naming_the_document_by_default():
    docs = [record("dated", "2024-01-01", WARNING), record("nodate", None, CONCERN), record("blank", "", CONCERN)]
    with pytest.raises(ValueError, match=r"document 'blank' and 1 more has no date.*undated='bucket'.*undated='drop'"):
        trends(docs)


def test_undated_bucket_comes_last_and_counts_the_undated_documents():
    docs = [record("a", "2023-01-01", WARNING), record("b", "2024-01-01", CONCERN), record("nodate", None, CONCERN),
            record("nodate", None, WARNING)]
    result = trends(docs, undated="bucket")
    assert result.periods == ("2023", "2024", UNDATED)
    row = one(result, period=UNDATED, stance=CONCERN)
    assert (row.count, row.total, row.documents) == (1, 2, 1)
    assert result.to_dict()["documents"] == 3


def test_undated_drop_leaves_them_out_and_says_which():
    docs = [record("a", "2023-01-01", WARNING), record("nodate", None, CONCERN)]
    result = trends(docs, undated="drop")
    assert result.periods == ("2023",)
    assert result.dropped == ("nodate",)
    assert sum(r.count for r in result.rows) == 1
    assert result.to_dict()["dropped"] == ["nodate"]


def test_a_sentence_without_doc_id_is_refused_with_the_fix():
    with pytest.raises(ValueError, match="sentence 1 has no doc_id.*classify_documents.*dataclasses.replace"):
        trends([record("a", "2023-01-01", WARNING), record(None, "2023-01-01", WARNING)])


def test_duplicate_doc_ids_with_different_dates_are_refused():
    docs = [record("same", "2023-01-01", WARNING), record("other", "2023-05-01", WARNING),
            record("same", "2024-02-02", CONCERN)]
    with pytest.raises(ValueError, match="document 'same' has two dates, '2023-01-01' and '2024-02-02'.*own id"):
        trends(docs)
    with pytest.raises(ValueError, match="'same' has two dates"):
        trends([record("same", "2023-01-01", WARNING), record("same", None, WARNING)], undated="bucket")


def test_sentences_sharing_a_doc_id_and_date_are_one_document():
    """The documented rule: an id is a document, so two readouts given one id count once (wider interval)."""
    docs = [record("same", "2023-01-01", WARNING), record("same", "2023-01-01", WARNING),
            record("x", "2023-03-01", CONCERN)]
    row = one(trends(docs), stance=WARNING)
    assert (row.count, row.total, row.documents) == (2, 3, 2)


# --- counting, shares and intervals -------------------------------------------------------------


def test_a_sentence_counts_on_each_of_its_issues_and_filters_keep_the_asked_codes():
    docs = [record("a", "2024-01-01", WARNING, issues=("taiwan", "military")),
            record("a", "2024-01-01", COOPERATION, side=US, issues=("trade",))]
    result = trends(docs)
    assert result.issues == ("taiwan", "military", "trade")
    assert one(result, issue="military", side=CHINA, stance=WARNING).count == 1
    only = trends(docs, issue="taiwan", side=[CHINA, US])
    assert only.issues == ("taiwan",) and set(only.sides) == {US, CHINA}
    assert one(only, side=US, stance=COOPERATION).total == 0  # asked for, so listed, with nothing in it
    assert trends(docs, issue=["trade", "taiwan"]).issues == ("taiwan", "trade")  # label-set order


def test_unknown_codes_and_options_are_refused_with_the_fix():
    docs = [record("a", "2024-01-01", WARNING)]
    with pytest.raises(ValueError, match="unknown issue 'tiawan'; did you mean 'taiwan'"):
        trends(docs, issue="tiawan")
    with pytest.raises(ValueError, match="unknown side 'chna'; did you mean 'china'"):
        trends(docs, side="chna")
    with pytest.raises(ValueError, match="by must be one of year, quarter, month, got 'week'"):
        trends(docs, by="week")
    with pytest.raises(ValueError, match="undated must be one of error, bucket, drop"):
        trends(docs, undated="ignore")
    with pytest.raises(ValueError, match="min_documents must be an int of at least 1"):
        trends(docs, min_documents=0)
    with pytest.raises(TypeError, match="single str"):
        trends("Xi warned Biden.")
    with pytest.raises(TypeError, match="got dict"):
        trends(record("a", "2024-01-01", WARNING))


def test_a_sentence_without_a_side_among_sentences_with_one_is_refused_naming_it():
    """Review finding 1: such sentences were left out of every count, and the table read 'China: 100% warning'."""
    import pandas as pd

    docs = [record("a", "2023-01-01", WARNING), record("b", "2023-02-01", CONCERN, side=None),
            record("c", "2023-03-01", CONCERN, side=None)]
    with pytest.raises(ValueError, match=r"sentence 1 of document 'b' has no side, but other sentences have one "
                                         r"\(2 sentences have none\).*Give it its side \(one of us, china, joint, "
                                         r"other\), or leave the sentences without a side out of the input"):
        trends(docs, min_documents=1)
    with pytest.raises(ValueError, match="sentence 1 of document 'b' has no side"):  # a blank DataFrame cell (NaN)
        trends(pd.DataFrame([record("a", "2023-01-01", WARNING), record("b", "2023-02-01", CONCERN, side=None)]))
    with pytest.raises(ValueError, match="labelled.jsonl:2 of document 'b' has no side"):  # read from a file
        trends([dict(d, _source="labelled.jsonl", _line=n) for n, d in enumerate(docs[:2], 1)])
    # no sentence with a side (a model trained without them): one side, None, holding every sentence
    result = trends([dict(d, side=None) for d in docs], min_documents=1)
    assert result.sides == (None,) and one(result, stance=CONCERN).count == 2 and one(result, stance=CONCERN).total == 3


def test_a_filter_on_one_dimension_keeps_the_other_whole():
    """Review finding 4: issue= alone (or side= alone) on a code with no sentence gave an empty table."""
    docs = [record("a", "2023", WARNING), record("b", "2025", WARNING), record("c", "2025", CONCERN, side=US,
                                                                            issues=("trade",))]
    nothing = trends(docs, issue="military")
    assert nothing.periods == ("2023", "2024", "2025") and nothing.issues == ("military",)
    assert nothing.sides == (US, CHINA) and all(r.total == 0 and r.share is None for r in nothing.rows)
    assert len(nothing.rows) == 3 * 2 * len(STANCES)
    by_side = trends(docs, side=US)
    assert by_side.issues == ("taiwan", "trade") and by_side.sides == (US,)
    assert one(by_side, period="2025", issue="trade", stance=CONCERN).count == 1
    assert all(r.total == 0 for r in rows_of(by_side, issue="taiwan"))  # the US said nothing on Taiwan: listed
    assert trends(docs, issue="taiwan").sides == (US, CHINA)  # as in the unfiltered table


_filter_records = st.lists(
    st.tuples(st.integers(0, 5), st.integers(2019, 2021), st.sampled_from(STANCES), st.sampled_from(SIDES[:3]),
              st.lists(st.sampled_from(("taiwan", "trade", "military")), min_size=1, max_size=2, unique=True)),
    min_size=1, max_size=20)


@given(_filter_records)
def test_a_filtered_table_is_the_unfiltered_table_s_rows_for_the_codes_asked(raw):
    dates = {}
    docs = [record(f"d{doc}", dates.setdefault(doc, f"{year}-01-01"), stance, side=side, issues=issues)
            for doc, year, stance, side, issues in raw]
    full = trends(docs)
    for code in ("taiwan", "trade", "military"):
        if code in full.issues:
            assert trends(docs, issue=code).rows == tuple(r for r in full.rows if r.issue == code)
    for code in SIDES[:3]:
        if code in full.sides:
            assert trends(docs, side=code).rows == tuple(r for r in full.rows if r.side == code)


def test_an_empty_issue_or_side_list_means_every_code_as_on_the_command_line():
    """Review finding 14: issue=[] selected nothing; the CLI reads an empty --issue as every issue."""
    docs = [record("a", "2023-01-01", WARNING), record("b", "2024-01-01", CONCERN, side=US, issues=("trade",))]
    full = trends(docs)
    assert trends(docs, issue=[]).rows == trends(docs, side=()).rows == full.rows
    assert trends(docs, issue=[], side=[]).rows == full.rows
    assert full.rows
    sideless = [dict(d, side=None) for d in docs]
    assert trends(sideless, side=[]).rows == trends(sideless).rows  # not "side= was given but ... no sides"


@pytest.mark.parametrize("head, bad, fix", [("stance", "Warning", "warning"), ("stance", "waring", "warning"),
                                            ("issue", "Taiwan", "taiwan"), ("issue", "tiawan", "taiwan"),
                                            ("side", "US", "us"), ("side", "chna", "china")])
def test_a_near_miss_code_in_the_data_is_refused_naming_the_sentence_and_the_code(head, bad, fix):
    """Review finding 5: 'Warning' in a hand-made file became a fifth stance and halved warning's share."""
    good = record("a", "2023-01-01", WARNING)
    wrong = dict(record("b", "2023-02-01", WARNING), **({"issues": [bad]} if head == "issue" else {head: bad}))
    case = r" \(codes are case-sensitive\)" if bad.lower() == fix else ""
    with pytest.raises(ValueError, match=rf"sentence 1 of document 'b' has the {head} '{bad}', not a known code; "
                                         rf"did you mean '{fix}'{case}\? Fix it in the data"):
        trends([good, wrong])
    with pytest.raises(ValueError, match=rf"gold.csv:3 of document 'b' has the {head} '{bad}'"):
        trends([good, dict(wrong, _source="gold.csv", _line=3)])


def test_new_codes_that_are_not_near_misses_are_counted_as_a_retrained_model_s():
    docs = [record("a", "2023-01-01", WARNING), record("b", "2023-02-01", "hostile", side="eu", issues=("space",))]
    result = trends(docs, min_documents=1)
    assert result.stances == tuple(STANCES) + ("hostile",) and result.issues == ("taiwan", "space")
    assert one(result, issue="space", side="eu", stance="hostile").share == 1.0
    # a model's own codes (in the labels' scores) are known, even when they look like a default code's typo
    scores = {"issue": {"taiwan": 0.9}, "stance": {"Warning": 0.8, "calm": 0.2}, "side": {"usa": 0.9, "prc": 0.1}}
    own = [dict(record("a", "2023-01-01", "Warning", side="usa"), scores=scores)]
    assert trends(own).stances == ("Warning", "calm")


def test_thin_marking_follows_min_documents():
    docs = [record(f"d{i}", "2024-01-01", WARNING) for i in range(4)] + [record("late", "2025-01-01", WARNING)]
    result = trends(docs, min_documents=4)
    assert not one(result, period="2024", stance=WARNING).thin  # 4 documents: enough
    assert one(result, period="2025", stance=WARNING).thin      # 1 document: thin
    assert all(r.thin for r in trends(docs, min_documents=5).rows)
    assert trends(docs).min_documents == MIN_DOCUMENTS


_stances = st.sampled_from(STANCES)
_records = st.lists(
    st.tuples(st.integers(0, 7), st.integers(2019, 2022), st.integers(1, 12), _stances, st.sampled_from(SIDES[:2]),
              st.lists(st.sampled_from(("taiwan", "trade", "military")), min_size=1, max_size=2, unique=True)),
    min_size=1, max_size=40,
)


@given(_records, st.sampled_from(("year", "quarter", "month")))
def test_shares_sum_to_one_and_intervals_contain_the_share(raw, by):
    dates = {}
    docs = []
    for doc, year, month, stance, side, issues in raw:
        date = dates.setdefault(doc, f"{year}-{month:02d}-01")  # one date per document
        docs.append(record(f"d{doc}", date, stance, side=side, issues=issues))
    result = trends(docs, by=by)
    cells = {}
    for r in result.rows:
        cells.setdefault((r.period, r.issue, r.side), []).append(r)
        assert r.thin == (r.documents < MIN_DOCUMENTS)
        if r.total:
            assert 0 <= r.low <= r.share <= r.high <= 1
        else:
            assert r.count == 0 and r.share is None and r.thin
    for group in cells.values():
        assert [r.stance for r in group] == list(STANCES)
        total = group[0].total
        assert sum(r.count for r in group) == total
        if total:
            assert math.isclose(sum(r.share for r in group), 1.0, abs_tol=1e-3)
    expected = Counter()
    for d in docs:
        for issue in d["issues"]:
            expected[issue] += 1
    assert {i: sum(r.count for r in result.rows if r.issue == i) for i in result.issues} == dict(expected)


def test_wilson_interval():
    assert wilson_interval(0.0, 10)[0] == 0.0 and wilson_interval(1.0, 10)[1] == 1.0
    low, high = wilson_interval(0.5, 100)
    assert 0.40 < low < 0.41 and 0.59 < high < 0.60
    # more documents, narrower interval
    assert wilson_interval(0.3, 50)[1] - wilson_interval(0.3, 50)[0] < wilson_interval(0.3, 5)[1] - wilson_interval(0.3, 5)[0]
    with pytest.raises(ValueError):
        wilson_interval(0.5, 0)


# --- labelled by the model --------------------------------------------------------------------


@pytest.fixture(scope="module")
def labelled(model):
    return label_documents(READOUTS)


def test_model_labels_carry_their_documents_and_trends_count_them(labelled):
    assert {lab.doc_id for lab in labelled} == {d["id"] for d in READOUTS}
    result = trends(labelled)
    assert result.periods == ("2020", "2021", "2022", "2023")
    assert all(r.total == 0 for r in rows_of(result, period="2022"))
    for r in result.rows:  # every count is the number of labels that match the row
        n = sum(1 for lab in labelled if lab.date[:4] == r.period and r.issue in lab.issues and lab.side == r.side
                and lab.stance == r.stance)
        assert r.count == n
    assert result.stances == tuple(labelled[0].scores["stance"])  # the model's label set, strongest first


def test_dataframe_dataset_and_dict_inputs_give_the_same_table(labelled):
    import pandas as pd

    direct = trends(labelled, by="quarter")
    frame = pd.DataFrame([lab.to_dict() for lab in labelled])
    assert trends(frame, by="quarter").rows == direct.rows
    assert trends([lab.to_dict() for lab in labelled], by="quarter").rows == direct.rows
    import datasets

    dataset = datasets.Dataset.from_list([{k: v for k, v in lab.to_dict().items() if k != "scores"} for lab in labelled])
    assert trends(dataset, by="quarter").rows == direct.rows


# --- output ------------------------------------------------------------------------------------


def test_frame_records_markdown_and_csv(tmp_path):
    docs = [record("a", "2023-01-01", WARNING), record("b", "2025-01-01", CONCERN)]
    result = trends(docs, issue="taiwan", side=CHINA)
    records = result.to_records()
    assert len(records) == 3 * len(STANCES) and list(records[0]) == list(COLUMNS)
    json.dumps(result.to_dict())  # JSON-ready
    frame = result.to_frame()
    assert list(frame.columns) == list(COLUMNS) and len(frame) == len(records)
    frame.to_csv(tmp_path / "t.csv", index=False)
    back = list(csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8"))))
    assert back[0]["period"] == "2023" and back[0]["stance"] == WARNING and back[0]["count"] == "1"
    md = result.to_markdown()
    assert md.count("\n| 2024 |") == len(STANCES) and "| — |" in md and "thin" in md
    assert "| 2024 |" not in result.to_markdown(nonempty=True)
    text = repr(result)
    assert "3 periods 2023..2025" in text and "2 documents" in text and len(text) < 300
    assert "<table>" in result._repr_html_()


def test_empty_input_gives_an_empty_table():
    result = trends([])
    assert result.rows == () and result.periods == () and "0 periods, 0 documents," in repr(result)
    assert len(result.to_frame()) == 0 and list(result.to_frame().columns) == list(COLUMNS)


def test_plot_trends_draws_a_panel_per_issue_and_side_with_thin_periods_marked():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    docs = [record(f"d{i}", "2020-01-01", WARNING) for i in range(6)] + [record("x", "2022-01-01", CONCERN)]
    docs += [record("u", "2022-01-01", COOPERATION, side=US, issues=("trade",))]
    result = trends(docs, min_documents=5)
    fig = plot_trends(result)
    try:
        assert len(fig.axes) == len(result.issues) * len(result.sides) == 4
        ax = fig.axes[0]  # taiwan, us: every period thin (no documents) -> all shaded
        assert len(ax.patches) == len(result.periods)
        china = fig.axes[1]  # taiwan, china: 2020 has 6 documents (not thin); 2021 empty, 2022 one (thin)
        assert len(china.patches) == 2
        hollow = [line for line in china.lines if line.get_markerfacecolor() == "white" and len(line.get_xdata())]
        assert hollow and all(list(line.get_xdata()) == [2] for line in hollow)
        legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
        assert "thin" in legend and f"fewer than {result.min_documents} documents" in legend
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="unknown stance"):
        plot_trends(result, stances=["warnings"])
    with pytest.raises(TypeError, match="expects the Trends"):
        plot_trends(result.to_records())
    with pytest.raises(ValueError, match="nothing to plot"):
        plot_trends(trends([]))


def test_plot_trends_without_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"pip install 'stancelib\[notebooks\]'"):
        plot_trends(trends([record("a", "2024-01-01", WARNING)]))


# --- the command line ---------------------------------------------------------------------------


run = cli_result  # the shared helper, under the name these tests call


@pytest.fixture
def readout_folder(tmp_path):
    folder = tmp_path / "readouts"
    folder.mkdir()
    for doc in READOUTS:
        (folder / f"{doc['id']}.txt").write_text(f"date: {doc['date']}\n{doc['text']}\n", encoding="utf-8")
    return folder


def test_cli_trends_formats_on_a_folder_of_dated_readouts(capsys, readout_folder, labelled):
    expected = trends(labelled, issue="taiwan", side=CHINA)
    code, out, err = run(capsys, "trends", str(readout_folder), "--issue", "taiwan", "--side", "china",
                         "--format", "json")
    assert code == 0 and "4 readouts labelled" in err
    data = json.loads(out)
    assert data["by"] == "year" and data["rows"] == expected.to_records()
    code, out, _ = run(capsys, "trends", str(readout_folder), "--issue", "taiwan", "--format", "csv", "--by", "quarter")
    table = list(csv.DictReader(io.StringIO(out)))
    assert list(table[0]) == list(COLUMNS) and table[0]["period"] == "2020Q1"
    assert {r["issue"] for r in table} == {"taiwan"}
    assert [r for r in table if r["total"] == "0"][0]["share"] == ""
    code, out, _ = run(capsys, "trends", str(readout_folder), "--issue", "taiwan", "--format", "markdown", "--nonempty")
    assert out.startswith("| period | issue |") and "| 2022 |" not in out and "Wilson" in out


def test_cli_trends_reads_jsonl_and_csv_readouts_and_labelled_sentences(capsys, tmp_path, labelled):
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text("".join(json.dumps(d) + "\n" for d in READOUTS), encoding="utf-8")
    code, out, _ = run(capsys, "trends", str(jsonl), "--format", "json")
    assert json.loads(out)["rows"] == trends(labelled).to_records()
    table = tmp_path / "docs.csv"
    with table.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["id", "date", "source", "body"])
        w.writeheader()
        w.writerows({"body": d["text"], **{k: d[k] for k in ("id", "date", "source")}} for d in READOUTS)
    code, out, _ = run(capsys, "trends", str(table), "--text-column", "body", "--format", "json")
    assert json.loads(out)["rows"] == trends(labelled).to_records()
    gold = tmp_path / "labelled.jsonl"  # already-labelled sentences (as classify --format jsonl writes them)
    gold.write_text("".join(json.dumps(lab.to_dict()) + "\n" for lab in labelled), encoding="utf-8")
    code, out, err = run(capsys, "trends", str(gold), "--format", "json")
    assert json.loads(out)["rows"] == trends(labelled).to_records() and f"{len(labelled)} labelled sentences" in err


def test_cli_trends_reads_readouts_as_classify_does(capsys, tmp_path, readout_folder, labelled):
    """One reader: header lines (date: and source:, in any order), standard input, file:line ids."""
    from stancelib.cli import read_inputs

    first = readout_folder / f"{READOUTS[0]['id']}.txt"
    first.write_text(f"\nsource: {READOUTS[0]['source']}\ndate: {READOUTS[0]['date']}\n{READOUTS[0]['text']}\n",
                     encoding="utf-8")
    code, out, err = run(capsys, "trends", str(readout_folder), "--format", "json")
    assert code == 0 and "4 readouts labelled" in err
    assert json.loads(out)["rows"] == trends(labelled).to_records()
    table = tmp_path / "noid.jsonl"
    table.write_text("".join(json.dumps({"date": d["date"], "text": d["text"]}) + "\n" for d in READOUTS[:2]),
                     encoding="utf-8")
    assert [d.id for d in read_inputs([str(table)])] == ["noid.jsonl:1", "noid.jsonl:2"]
    code, out, _ = run(capsys, "trends", str(table), "--format", "json", "--min-documents", "1")
    assert code == 0 and json.loads(out)["documents"] == 2


def test_cli_trends_errors_name_the_problem(capsys, tmp_path, readout_folder):
    (readout_folder / "nodate.txt").write_text("The two sides agreed to keep talking.\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="document 'nodate' has no date.*--undated bucket"):
        main(["trends", str(readout_folder)])
    code, out, _ = run(capsys, "trends", str(readout_folder), "--undated", "bucket", "--format", "csv")
    assert out.strip().splitlines()[-1].startswith(UNDATED + ",")
    dup = tmp_path / "dup.jsonl"
    dup.write_text(json.dumps(dict(READOUTS[0])) + "\n" + json.dumps(dict(READOUTS[1], id=READOUTS[0]["id"])) + "\n")
    with pytest.raises(SystemExit, match=r"two documents have the id 'r2020a' \(.*dup.jsonl:1 and .*dup.jsonl:2\)"):
        main(["trends", str(dup)])
    with pytest.raises(SystemExit, match="no such file or folder"):
        main(["trends", str(tmp_path / "missing.txt")])
    with pytest.raises(SystemExit, match=r"x\.jsonl:1 has no 'text' field"):
        main(["trends", _write(tmp_path / "x.jsonl", {"body": "x"})])
    nodoc = tmp_path / "nodoc.jsonl"
    nodoc.write_text(json.dumps({"text": "x", "date": "2024-01-01", "issues": ["taiwan"], "stance": "neutral",
                                 "side": "us"}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"nodoc.jsonl:1 has no doc_id"):
        main(["trends", str(nodoc)])
    with pytest.raises(SystemExit, match="unknown issue 'tiawan'; did you mean 'taiwan'"):
        main(["trends", str(readout_folder), "--issue", "tiawan", "--undated", "drop"])


def _write(path, row):
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return str(path)


def test_summaries_and_trends_import_none_of_the_training_side():
    import subprocess

    code = ("import sys, stancelib; from stancelib import summarize, trends, plot_trends; "
            "import stancelib.cli, stancelib.documents; "
            "bad = sorted(m for m in sys.modules if m.startswith(('training', 'stancelib.trainer', 'stancelib.curation'))); "
            "print(bad)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_trends_is_a_plain_value():
    result = trends([record("a", "2024-01-01", WARNING)])
    assert isinstance(result, Trends)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.by = "month"
