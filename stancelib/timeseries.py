"""Trends: stance by issue and side over time, across many dated readouts.

:func:`trends` takes labelled sentences that carry their document's ``doc_id``
and ``date`` (from :func:`stancelib.classify_documents`, or any
:class:`~stancelib.api.SentenceLabel` list given those fields, or labelled
records) and counts, for each period, issue and side, how many sentences take
each stance. The result, a :class:`Trends`, is a tidy table: one row per
``(period, issue, side, stance)``.

How it counts
-------------
* A sentence counts on every issue it is tagged with (issues are multi-label)
  and for the side and stance it was given. ``count`` is the number of such
  sentences; ``total`` the number of sentences on that issue by that side in
  the period (all stances, neutral included); ``share = count / total``.
* ``documents`` is the number of documents with at least one sentence on the
  issue by the side in the period.
* Every period from the first to the last date appears, with zero counts when
  no document falls in it, so a gap is visible rather than skipped.
* The table is a full grid: every issue crossed with every side that occurs
  in the data (counted documents). ``issue=`` and ``side=`` narrow one
  dimension and leave the other whole, so ``trends(x, issue="trade")`` has
  the rows of ``trends(x)`` on trade, and zero rows for each side of the data
  when no sentence is on trade. An empty list for either means every code,
  as on the command line.

Codes
-----
* Stance, issue and side codes are the labels' own: the model's label sets
  (from the labels' ``scores``) when they carry them, else the default
  scheme's. A code outside them that looks like a typo of a default code
  (``"Warning"``, ``"tiawan"``, ``"US"``: :func:`stancelib.data.near_miss`,
  the check training data gets) is refused, naming the sentence and the code
  it looks like, because it would split one stance's or side's counts in
  two. Other new codes (a retrained model's) are counted, after the known
  ones.
* Either every sentence has a side or none has (a model trained without
  sides: ``side`` is None in every row). A sentence without a side among
  sentences with one is refused, naming it. It is not counted under a side
  of its own, because a blank side is a missing label, not a party: a "no
  side" group would mix what both governments said, and the sides'
  own shares (and a ``side=`` filter) would still rest on incomplete counts
  without saying so. Label it (``"other"`` is the default scheme's side for
  a third party), or leave such sentences out of the input.

Why the interval is over documents
----------------------------------
The sentences of one readout are not independent draws: one author, one
event, and the same line often said twice. Counting sentences as the sample
would give intervals too narrow by about the square root of the sentences per
document. So the 95% interval (``low``, ``high``) is the Wilson score interval
of ``share`` with the number of *documents* as the sample size. This is
conservative when documents are internally mixed, and it stays honest where
analysts most need it: a period with one or two documents gets a wide
interval, and a share of 0 or 1 does not get a zero-width one. A bootstrap
over documents was the alternative; we did not choose it because with the few
documents a period usually has it returns a zero-width interval whenever those
documents agree (with one document, always), which is the over-reading the
interval is meant to prevent, and it needs a seed for a result that Wilson
gives in closed form. The interval always contains ``share``.

Thin periods
------------
A row whose ``documents`` is below ``min_documents`` (default
:data:`MIN_DOCUMENTS`) is marked ``thin=True``: report it, but do not read a
movement into it. Empty periods are thin too.

Documents, ids and dates
------------------------
* Every sentence needs a ``doc_id``: labels without one are refused (the
  interval counts documents).
* Sentences that share a ``doc_id`` are one document. Two documents given
  the same id are therefore read as one (which only widens the intervals);
  if their dates differ, :func:`trends` refuses them, naming the id and both
  dates. Give every document its own id.
* Dates follow :func:`stancelib.documents.parse_date`, the rule
  :func:`~stancelib.classify_documents` applies: ISO 8601 ``YYYY-MM-DD``,
  ``YYYY-MM`` or ``YYYY`` (or ``datetime.date`` objects; a date and time
  keeps its date). On top of it, a date too coarse for the period asked for
  (``"2024"`` with ``by="month"``) is refused, naming the document.
* A document without a date: ``undated="error"`` (the default) refuses it,
  naming it; ``"bucket"`` counts it in a last period named
  :data:`UNDATED`; ``"drop"`` leaves it out (the ids are kept in
  ``Trends.dropped``).
"""

from __future__ import annotations

import difflib
import html
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from ._missing import is_missing
from .data import near_miss
from .documents import parse_date
from .schema import ISSUES, SIDES, STANCES
from .tables import count_of

__all__ = ["Trends", "TrendRow", "trends", "plot_trends", "wilson_interval", "MIN_DOCUMENTS", "UNDATED", "PERIODS",
           "COLUMNS", "Z_95"]

#: Rows with fewer documents than this are marked ``thin``.
MIN_DOCUMENTS = 5

#: The period of undated documents with ``undated="bucket"``; it comes last.
UNDATED = "undated"

#: The periods :func:`trends` can bucket by.
PERIODS: tuple[str, ...] = ("year", "quarter", "month")

#: The normal quantile of a two-sided 95% interval.
Z_95 = 1.959964

_UNDATED_OPTIONS = ("error", "bucket", "drop")
_HEADS: tuple[tuple[str, tuple[str, ...]], ...] = (("issue", ISSUES), ("stance", STANCES), ("side", SIDES))
#: Table columns, in order.
COLUMNS: tuple[str, ...] = ("period", "issue", "side", "stance", "count", "total", "documents", "share", "low",
                            "high", "thin")


@dataclass(frozen=True)
class TrendRow:
    """One period, issue, side and stance. Immutable.

    Attributes
    ----------
    period : str
        ``"2024"``, ``"2024Q2"``, ``"2024-06"`` or :data:`UNDATED`.
    issue, side, stance : str
        The codes (``side`` is None for a model trained without sides).
    count : int
        Sentences on the issue by the side in the period with this stance.
    total : int
        Sentences on the issue by the side in the period, any stance.
    documents : int
        Documents with at least one of those ``total`` sentences.
    share : float or None
        ``count / total``; None when ``total`` is 0.
    low, high : float or None
        The 95% Wilson interval of ``share`` over ``documents`` (see the
        module docstring); None when ``total`` is 0.
    thin : bool
        ``documents < min_documents``: too few documents to read a trend from.
    """

    period: str
    issue: str
    side: str | None
    stance: str
    count: int
    total: int
    documents: int
    share: float | None
    low: float | None
    high: float | None
    thin: bool

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the row, keys in :data:`COLUMNS` order."""
        return {c: getattr(self, c) for c in COLUMNS}


@dataclass(frozen=True)
class Trends:
    """Stance shares per period, issue and side, with intervals. Immutable.

    Attributes
    ----------
    by : str
        ``"year"``, ``"quarter"`` or ``"month"``.
    rows : tuple of TrendRow
        Ordered by period, issue (label-set order), side, stance (strongest
        first).
    min_documents : int
        The thin-row threshold used.
    dropped : tuple of str
        Ids of undated documents left out with ``undated="drop"``.

    Examples
    --------
    Made by :func:`trends`, from labels or from labelled records:

    >>> labelled = [
    ...     {"doc_id": "cn-0311", "date": "2023-03-11", "issues": ["taiwan"], "stance": "warning", "side": "china"},
    ...     {"doc_id": "cn-0311", "date": "2023-03-11", "issues": ["taiwan"], "stance": "concern", "side": "china"},
    ...     {"doc_id": "cn-1120", "date": "2025-11-20", "issues": ["taiwan"], "stance": "concern", "side": "china"},
    ... ]
    >>> result = trends(labelled, by="year", issue="taiwan", side="china")
    >>> result.periods, result.stances
    (('2023', '2024', '2025'), ('warning', 'concern', 'cooperation', 'neutral'))
    >>> row = result.rows[0]
    >>> row.period, row.stance, row.count, row.total, row.share, row.documents, row.thin
    ('2023', 'warning', 1, 2, 0.5, 1, True)
    >>> [(r.period, r.share) for r in result.rows if r.stance == "concern"]
    [('2023', 0.5), ('2024', None), ('2025', 1.0)]
    >>> list(result.to_frame().columns) == list(COLUMNS)
    True
    """

    by: str
    rows: tuple[TrendRow, ...]
    min_documents: int = MIN_DOCUMENTS
    dropped: tuple[str, ...] = ()
    _documents: int = field(default=0, repr=False)

    @property
    def periods(self) -> tuple[str, ...]:
        """The periods, in order (empty ones included)."""
        return tuple(dict.fromkeys(r.period for r in self.rows))

    @property
    def issues(self) -> tuple[str, ...]:
        """The issues in the table, in label-set order."""
        return tuple(dict.fromkeys(r.issue for r in self.rows))

    @property
    def sides(self) -> tuple[str | None, ...]:
        """The sides in the table."""
        return tuple(dict.fromkeys(r.side for r in self.rows))

    @property
    def stances(self) -> tuple[str, ...]:
        """The stances in the table, strongest first."""
        return tuple(dict.fromkeys(r.stance for r in self.rows))

    def to_records(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per row."""
        return [r.to_dict() for r in self.rows]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the options, the method and the rows."""
        return {
            "by": self.by,
            "min_documents": self.min_documents,
            "interval": "wilson-95-over-documents",
            "documents": self._documents,
            "dropped": list(self.dropped),
            "rows": self.to_records(),
        }

    def to_frame(self) -> Any:
        """The table as a pandas DataFrame (a ``datasets.Dataset`` without pandas).

        Columns: :data:`COLUMNS`. For CSV: ``trends.to_frame().to_csv(path)``.
        """
        from .tables import records_to_frame

        return records_to_frame(self.to_records(), COLUMNS)

    def to_markdown(self, *, nonempty: bool = False) -> str:
        """The table in Markdown.

        Parameters
        ----------
        nonempty : bool, default=False
            Leave out rows whose ``total`` is 0 (periods without a sentence on
            the issue by the side).
        """
        lines = ["| period | issue | side | stance | count | total | share | 95% interval | documents | thin |",
                 "|---|---|---|---|---:|---:|---:|---|---:|---|"]
        for r in self.rows:
            if nonempty and not r.total:
                continue
            share = "—" if r.share is None else f"{r.share:.2f}"
            interval = "—" if r.low is None else f"{r.low:.2f}–{r.high:.2f}"
            lines.append(f"| {r.period} | {r.issue} | {r.side or '—'} | {r.stance} | {r.count} | {r.total} | {share} | "
                         f"{interval} | {r.documents} | {'thin' if r.thin else ''} |")
        lines.append("")
        lines.append(f"95% Wilson intervals over documents; thin: fewer than {self.min_documents} documents.")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        thin = sum(1 for r in self.rows if r.thin)
        periods = self.periods
        span = f" {periods[0]}..{periods[-1]}" if periods else ""
        return (f"Trends(by={self.by!r}, {count_of(len(periods), 'period')}{span}, "
                f"{count_of(self._documents, 'document')}, "
                f"issues={list(self.issues)}, sides={list(self.sides)}, {len(self.rows)} rows, {thin} thin)")

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{c}</th>" for c in COLUMNS)
        body = []
        for r in self.rows:
            # an empty period has no share or interval (and a model without sides no side): "—", as to_markdown
            cells = ["—" if v is None else html.escape(str(v)) if not isinstance(v, float) else f"{v:.3f}"
                     for v in (getattr(r, c) for c in COLUMNS)]
            style = ' style="opacity:0.55"' if r.thin else ""
            body.append(f"<tr{style}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        caption = html.escape(repr(self))
        return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def wilson_interval(share: float, n: int, *, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``share`` observed on ``n`` units.

    Examples
    --------
    >>> low, high = wilson_interval(1.0, 1)
    >>> round(low, 3), high
    (0.207, 1.0)
    """
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    z2 = z * z
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # rounding can put the bound a hair past the share at 0 and 1; the interval must contain it
    return max(0.0, min(centre - half, share)), min(1.0, max(centre + half, share))


# --- reading the labelled input ----------------------------------------------------------------


def _field(item: Any, name: str, alt: str | None = None) -> Any:
    if isinstance(item, Mapping):
        if name in item:
            return item[name]
        return item.get(alt) if alt else None
    return getattr(item, name, None)


def _is_missing(value: Any) -> bool:
    """A missing value (None, NaN, ``pd.NA``, NaT: :func:`stancelib._missing.is_missing`), or a blank str,
    which trends() reads as missing too (a CSV's empty cell): never a code or a document's id.

    >>> import numpy as np
    >>> [_is_missing(v) for v in (None, float("nan"), np.float32("nan"), "", "  ", "nan", "us")]
    [True, True, True, True, True, False, False]
    """
    return is_missing(value) or (isinstance(value, str) and not value.strip())


def _issues_of(item: Any, where: str) -> tuple[str, ...]:
    value = _field(item, "issues", "issue")
    if isinstance(value, str):
        value = [v.strip() for v in value.split(";") if v.strip()]
    if value is None or not hasattr(value, "__iter__"):
        raise ValueError(f"{where} has no issues; expected a SentenceLabel or a record with 'issues' "
                         "(a list, or codes joined by ';')")
    return tuple(str(v) for v in value)


def _as_items(labelled: Any) -> list[Any]:
    if isinstance(labelled, (str, bytes)):
        raise TypeError(f"trends() expects labelled sentences (SentenceLabel objects or records), got a single "
                        f"{type(labelled).__name__}; label texts first, e.g. with classify_documents()")
    if hasattr(labelled, "columns") and hasattr(labelled, "to_dict"):  # a pandas DataFrame
        return labelled.to_dict("records")
    if isinstance(labelled, Mapping) or not hasattr(labelled, "__iter__"):
        raise TypeError(f"trends() expects an iterable of SentenceLabel or records, got {type(labelled).__name__}")
    return list(labelled)


def _period(date_text: str, by: str, doc: str) -> tuple[int, str]:
    """(ordinal, label) of the period an ISO date from :func:`~stancelib.documents.parse_date` falls in.

    The one check on top of the shared date rule: a date too coarse for ``by``.
    """
    year, *rest = date_text.split("-")
    if by == "year":
        return int(year), year
    if not rest:
        raise ValueError(f"document {doc!r}: date {date_text!r} has no month; by={by!r} needs "
                         "YYYY-MM or YYYY-MM-DD: give the full date, or use by='year'")
    month = int(rest[0])
    if by == "quarter":
        q = (month - 1) // 3
        return int(year) * 4 + q, f"{year}Q{q + 1}"
    return int(year) * 12 + month - 1, f"{year}-{month:02d}"


def _period_label(ordinal: int, by: str) -> str:
    if by == "year":
        return str(ordinal)
    if by == "quarter":
        return f"{ordinal // 4}Q{ordinal % 4 + 1}"
    return f"{ordinal // 12}-{ordinal % 12 + 1:02d}"


def _label_set(items: list[Any], head: str, default: tuple[str, ...], seen: Iterable[str]) -> tuple[str, ...]:
    """The codes of ``head`` in a stable order: the model's own (from a label's scores) when
    the labels carry them, else the default scheme's; codes seen but unknown follow, sorted."""
    order: tuple[str, ...] = default
    for item in items[:1]:
        scores = getattr(item, "scores", None) if not isinstance(item, Mapping) else item.get("scores")
        if isinstance(scores, Mapping) and isinstance(scores.get(head), Mapping):
            order = tuple(scores[head])
    seen = set(seen)
    return tuple(order) + tuple(sorted(seen - set(order)))


def _codes(value: Any) -> tuple[Any, ...] | None:
    """The codes of an ``issue=``/``side=``/``stances=`` option; None (every code) for None or an empty list,
    as the command line reads an empty ``--issue``."""
    if value is None:
        return None
    codes = (value,) if isinstance(value, str) else tuple(value)
    return codes or None


def _check_codes(value: Any, name: str, known: tuple[str, ...]) -> tuple[str, ...] | None:
    codes = _codes(value)
    if codes is None:
        return None
    for code in codes:
        if code not in known:
            close = difflib.get_close_matches(str(code), [str(k) for k in known], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"unknown {name} {code!r}{hint} (known: {', '.join(str(k) for k in known)})")
    return codes


def undated_message(documents: Sequence[str], *, how_to_date: str = "YYYY-MM-DD, YYYY-MM or YYYY",
                    bucket: str = "undated='bucket'", drop: str = "undated='drop'") -> str:
    """The error for documents without a date, naming the first, with the options spelt as the caller takes them
    (the CLI passes ``--undated bucket`` and ``--undated drop``)."""
    more = f" and {len(documents) - 1} more" if len(documents) > 1 else ""
    return (f"document {documents[0]!r}{more} has no date; give every document a date ({how_to_date}), or pass "
            f"{bucket} to count them in an {UNDATED!r} period, or {drop} to leave them out")


def trends(
    labelled: Iterable[Any],
    *,
    by: str = "year",
    issue: str | Sequence[str] | None = None,
    side: str | Sequence[str] | None = None,
    undated: str = "error",
    min_documents: int = MIN_DOCUMENTS,
) -> Trends:
    """Stance shares per period, issue and side, with 95% intervals over documents.

    ``share`` is a share of sentences; its 95% interval is the Wilson interval
    with the number of *documents* as the sample size, because a readout's
    sentences are not independent. Rows resting on fewer than
    ``min_documents`` documents, and empty periods, are marked ``thin``. The
    module docstring (``help(stancelib.timeseries)``) gives the full rules
    and why a bootstrap was not chosen.

    Parameters
    ----------
    labelled : iterable of SentenceLabel or of mappings, or a DataFrame
        Labelled sentences carrying ``doc_id`` and ``date``: the output of
        :func:`stancelib.classify_documents`, or labels given those fields,
        or records with ``doc_id``, ``date``, ``issues`` (or ``issue``),
        ``stance`` and ``side`` (gold labels, or
        ``stancelib classify --format jsonl`` output).
    by : {"year", "quarter", "month"}, default="year"
        The period length.
    issue, side : str or sequence of str, optional
        Keep only these codes (rows for them appear even with no sentence);
        the other dimension keeps every code of the data, so a filter only
        selects rows of the unfiltered table. Default (also for an empty
        list, as with the command line's empty ``--issue``): every code that
        occurs.
    undated : {"error", "bucket", "drop"}, default="error"
        What to do with documents without a date: refuse them, count them in
        a last period :data:`UNDATED`, or leave them out.
    min_documents : int, default=MIN_DOCUMENTS
        Rows with fewer documents are marked ``thin``.

    Returns
    -------
    Trends
        One row per period, issue, side and stance.

    Raises
    ------
    TypeError
        ``labelled`` is a str or a single record.
    ValueError
        An option is not one of its values; a code in ``issue``/``side`` is
        unknown; a sentence has no ``doc_id`` or no stance, no side while
        others have one, or a code that looks like a typo of a known one
        (``"Warning"``); a document has no date (with ``undated="error"``),
        an invalid one, one too coarse for ``by``, or two different ones.

    Examples
    --------
    >>> rows = [
    ...     {"doc_id": "r1", "date": "2023-05-02", "issues": ["taiwan"], "stance": "warning", "side": "china"},
    ...     {"doc_id": "r1", "date": "2023-05-02", "issues": ["taiwan"], "stance": "neutral", "side": "china"},
    ...     {"doc_id": "r2", "date": "2025-11-20", "issues": ["taiwan"], "stance": "concern", "side": "china"},
    ... ]
    >>> t = trends(rows, by="year", min_documents=1)
    >>> t.periods
    ('2023', '2024', '2025')
    >>> [(r.period, r.count, r.total, r.share) for r in t.rows if r.stance == "warning"]
    [('2023', 1, 2, 0.5), ('2024', 0, 0, None), ('2025', 0, 1, 0.0)]
    """
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, got {by!r}")
    if undated not in _UNDATED_OPTIONS:
        raise ValueError(f"undated must be one of {', '.join(_UNDATED_OPTIONS)}, got {undated!r}")
    if isinstance(min_documents, bool) or not isinstance(min_documents, int) or min_documents < 1:
        raise ValueError(f"min_documents must be an int of at least 1, got {min_documents!r}")
    items = _as_items(labelled)

    # the codes each head knows: the model's (from the labels' scores) or the default scheme's
    known = {head: frozenset(_label_set(items, head, default, ())) for head, default in _HEADS}
    typos: dict[tuple[str, str], str | None] = {}

    def check_code(head: str, code: str, where: str, doc: str) -> None:
        if code in known[head]:
            return
        if (head, code) not in typos:
            typos[(head, code)] = near_miss(head, code)  # the check training data gets (stancelib.data)
        typo = typos[(head, code)]
        if typo is not None:
            case = " (codes are case-sensitive)" if code.strip().lower() == typo else ""
            raise ValueError(f"{where} of document {doc!r} has the {head} {code!r}, not a known code; did you mean "
                             f"{typo!r}{case}? Fix it in the data: it would be counted apart from {typo!r}")

    # one pass: normalise each sentence, check its document's id and date, and its codes
    dates: dict[str, str | None] = {}
    sentences: list[tuple[str, tuple[str, ...], str, str | None]] = []
    sideless: list[tuple[str, str]] = []  # (where, doc) of sentences without a side
    for i, item in enumerate(items):
        doc = _field(item, "doc_id")
        text = _field(item, "text")
        where = f"sentence {i}" + ("" if _is_missing(text) else f" ({str(text)[:40]!r})")  # pd.NA has no truth
        if isinstance(item, Mapping) and "_source" in item and "_line" in item:  # read from a file: say where
            where = f"{item['_source']}:{item['_line']}"
        if _is_missing(doc):
            raise ValueError(f"{where} has no doc_id; trends() counts documents, so every sentence needs its "
                             "readout's id: label with classify_documents(), or set it with "
                             "dataclasses.replace(label, doc_id=..., date=...)")
        doc = str(doc)
        raw = _field(item, "date")
        date_text = parse_date(raw, where=f"document {doc!r}")  # the one date rule (stancelib.documents)
        if doc in dates and dates[doc] != date_text:
            raise ValueError(f"document {doc!r} has two dates, {dates[doc]!r} and {date_text!r}: sentences that "
                             "share a doc_id are one document; give each document its own id")
        dates[doc] = date_text
        stance = _field(item, "stance")
        if _is_missing(stance):
            raise ValueError(f"{where} of document {doc!r} has no stance")
        stance = str(stance)
        check_code("stance", stance, where, doc)
        codes = _issues_of(item, where)
        for code in codes:
            check_code("issue", code, where, doc)
        side_code = _field(item, "side")
        if _is_missing(side_code):
            side_code = None
            sideless.append((where, doc))
        else:
            side_code = str(side_code)
            check_code("side", side_code, where, doc)
        sentences.append((doc, codes, stance, side_code))

    has_sides = len(sideless) < len(sentences) or not sentences
    if has_sides and sideless:
        where, doc = sideless[0]
        more = f" ({len(sideless)} sentences have none)" if len(sideless) > 1 else ""
        sides_known = _label_set(items, "side", SIDES, (s[3] for s in sentences if s[3] is not None))
        raise ValueError(f"{where} of document {doc!r} has no side, but other sentences have one{more}: it would "
                         f"be left out of every side's counts. Give it its side (one of {', '.join(sides_known)}), "
                         "or leave the sentences without a side out of the input")

    undated_docs = sorted(d for d, v in dates.items() if v is None)
    if undated_docs and undated == "error":
        raise ValueError(undated_message(undated_docs))

    periods: dict[str, tuple[int, str]] = {d: _period(v, by, d) for d, v in dates.items() if v is not None}
    issues_all = _label_set(items, "issue", ISSUES, (c for s in sentences for c in s[1]))
    stances_all = _label_set(items, "stance", STANCES, (s[2] for s in sentences))
    sides_all: tuple[Any, ...] = _label_set(items, "side", SIDES, (s[3] for s in sentences if s[3] is not None)) \
        if has_sides else (None,)
    issue_filter = _check_codes(issue, "issue", issues_all)
    if _codes(side) is not None and not has_sides:
        raise ValueError("side= was given but the labels have no sides (the model was trained without them)")
    side_filter = _check_codes(side, "side", sides_all)

    counts: Counter[tuple[str, str, Any, str]] = Counter()
    totals: Counter[tuple[str, str, Any]] = Counter()
    docs: dict[tuple[str, str, Any], set[str]] = {}
    present_issues: set[str] = set()
    present_sides: set[Any] = set()
    for doc, codes, stance, side_code in sentences:
        if doc in periods:
            label = periods[doc][1]
        elif undated == "bucket":
            label = UNDATED
        else:  # dropped
            continue
        # the grid's codes come from every counted sentence, before the filters: a filter on one
        # dimension leaves the other whole (the rows of the unfiltered table, zero rows included)
        present_issues.update(codes)
        present_sides.add(side_code)
        for code in codes:
            if issue_filter is not None and code not in issue_filter:
                continue
            if side_filter is not None and side_code not in side_filter:
                continue
            counts[(label, code, side_code, stance)] += 1
            totals[(label, code, side_code)] += 1
            docs.setdefault((label, code, side_code), set()).add(doc)

    ordinals = [o for o, _ in periods.values()]
    period_labels = [_period_label(o, by) for o in range(min(ordinals), max(ordinals) + 1)] if ordinals else []
    if undated == "bucket" and undated_docs:
        period_labels.append(UNDATED)
    issues_out = tuple(c for c in issues_all if c in (present_issues if issue_filter is None else issue_filter))
    sides_out = tuple(c for c in sides_all if c in (present_sides if side_filter is None else side_filter))

    rows = []
    for period in period_labels:
        for code in issues_out:
            for side_code in sides_out:
                key = (period, code, side_code)
                total, n_docs = totals[key], len(docs.get(key, ()))
                for stance in stances_all:
                    count = counts[(period, code, side_code, stance)]
                    if total:
                        share = count / total
                        low, high = wilson_interval(share, n_docs)
                        share, low, high = round(share, 4), round(low, 4), round(high, 4)
                    else:
                        share = low = high = None
                    rows.append(TrendRow(period, code, side_code, stance, count, total, n_docs, share, low, high,
                                         n_docs < min_documents))
    counted_docs = len(periods) + (len(undated_docs) if undated == "bucket" else 0)
    return Trends(by, tuple(rows), min_documents, tuple(undated_docs) if undated == "drop" else (), counted_docs)


# --- the figure -------------------------------------------------------------------------------


def plot_trends(
    result: Trends,
    *,
    stances: Sequence[str] | None = None,
    figsize: tuple[float, float] | None = None,
) -> Any:
    """Draw stance shares over time: one panel per issue and side, a line per stance.

    Each line is a stance's share, with its 95% interval as a band. Points
    of thin rows (fewer than ``result.min_documents`` documents) are hollow
    and their periods shaded grey: report them, do not read a movement into
    them. Periods without sentences leave a gap. The :data:`UNDATED` period,
    if any, is not drawn.

    Parameters
    ----------
    result : Trends
        From :func:`trends`.
    stances : sequence of str, optional
        The stances to draw (default: all of them).
    figsize : (float, float), optional
        Default: 4.5 inches per side by 3 per issue.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ImportError
        matplotlib is not installed (it comes with the ``[notebooks]`` extra).
    TypeError, ValueError
        ``result`` is not a Trends, or has no rows; a stance is unknown.

    Examples
    --------
    >>> labelled = [
    ...     {"doc_id": "cn-0311", "date": "2023-03-11", "issues": ["taiwan"], "stance": "warning", "side": "china"},
    ...     {"doc_id": "us-0312", "date": "2023-03-12", "issues": ["taiwan"], "stance": "concern", "side": "us"},
    ...     {"doc_id": "cn-1120", "date": "2025-11-20", "issues": ["taiwan"], "stance": "concern", "side": "china"},
    ... ]
    >>> result = trends(labelled, by="year", issue="taiwan", side=["us", "china"])
    >>> fig = plot_trends(result, stances=["warning", "concern"])  # doctest: +SKIP
    >>> [ax.get_title() for ax in fig.axes]  # doctest: +SKIP
    ['taiwan · us', 'taiwan · china']
    >>> fig.savefig("taiwan.png")  # doctest: +SKIP
    """
    try:
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
    except ImportError:
        raise ImportError("plot_trends() needs matplotlib, which comes with the notebooks extra: "
                          "pip install 'stancelib[notebooks]'") from None
    if not isinstance(result, Trends):
        raise TypeError(f"plot_trends() expects the Trends that trends() returns, got {type(result).__name__}")
    periods = [p for p in result.periods if p != UNDATED]
    if not result.rows or not periods:
        raise ValueError("nothing to plot: the trends have no dated rows")
    drawn = _check_codes(stances, "stance", result.stances) or result.stances
    issues, sides = result.issues, result.sides
    by_key = {(r.period, r.issue, r.side, r.stance): r for r in result.rows}
    fig, axes = plt.subplots(len(issues), len(sides), squeeze=False, sharex=True, sharey=True,
                             figsize=figsize or (4.5 * len(sides) + 0.5, 3.0 * len(issues) + 0.6))
    colours = {s: plt.get_cmap("tab10")(i) for i, s in enumerate(result.stances)}
    x = list(range(len(periods)))
    for row, code in enumerate(issues):
        for col, side_code in enumerate(sides):
            ax = axes[row][col]
            first = by_key.get((periods[0], code, side_code, result.stances[0]))
            for i, period in enumerate(periods):
                r = by_key.get((period, code, side_code, result.stances[0]))
                if r is not None and r.thin:
                    ax.axvspan(i - 0.5, i + 0.5, color="0.92", lw=0, zorder=0)
            for stance in drawn:
                rs = [by_key[(p, code, side_code, stance)] for p in periods]
                share = [math.nan if r.share is None else r.share for r in rs]
                low = [math.nan if r.low is None else r.low for r in rs]
                high = [math.nan if r.high is None else r.high for r in rs]
                c = colours[stance]
                ax.fill_between(x, low, high, color=c, alpha=0.15, lw=0)
                ax.plot(x, share, color=c, lw=1.5)
                solid = [i for i, r in enumerate(rs) if r.share is not None and not r.thin]
                hollow = [i for i, r in enumerate(rs) if r.share is not None and r.thin]
                ax.plot(solid, [share[i] for i in solid], "o", color=c, ms=4)
                ax.plot(hollow, [share[i] for i in hollow], "o", mfc="white", mec=c, ms=4)
            ax.set_ylim(0, 1)
            ax.set_title(f"{code} · {side_code or 'all sides'}" if first is not None else code, fontsize=10)
            if col == 0:
                ax.set_ylabel("share of sentences")
    # at most about a dozen tick labels; quarters and months labelled from the first period a year on
    step = max(1, len(periods) // 12)
    if step > 1 and result.by != "year":
        per_year = 4 if result.by == "quarter" else 12
        step = per_year * max(1, -(-len(periods) // (12 * per_year)))
    for ax in axes[-1]:
        ax.set_xticks(x[::step])
        ax.set_xticklabels(periods[::step], rotation=45, ha="right", fontsize=8)
    handles = [Line2D([], [], color=colours[s], marker="o", label=s) for s in drawn]
    handles.append(Line2D([], [], color="0.4", marker="o", mfc="white", ls="", label="thin (hollow)"))
    handles.append(Patch(color="0.92", label=f"fewer than {result.min_documents} documents"))
    height = fig.get_figheight()
    fig.legend(handles=handles, loc="upper center", ncol=len(handles), fontsize=8, frameon=False)
    fig.text(0.5, 0.0, "band: 95% interval over documents", ha="center", va="bottom", fontsize=8)
    fig.tight_layout(rect=(0, 0.25 / height, 1, 1 - 0.35 / height))
    return fig
