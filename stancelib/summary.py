"""A readout at a glance: per issue, what each side said and how sure the model is.

:func:`summarize` reads the labelled sentences of one readout (or of any list
of labels) and gives, for each issue they touch:

* ``sentences``: how many sentences are tagged with it;
* for each side with a sentence on it, its **dominant stance**: the stance of
  most of the side's *counted* sentences on the issue, where neutral sentences
  (facts, logistics, background) count only when the side has no other
  sentence on the issue, as in :func:`stancelib.compare`. Ties go to the
  stronger stance (warning > concern > cooperation > neutral, the guide's
  order; see below for other codes). Its ``share`` is the fraction of the
  counted sentences that take it, and its ``confidence`` is the mean
  ``SentenceLabel.confidence`` (the model's certainty in the whole label) of
  the sentences the stance rests on: the share says how one-sided the readout
  is, the confidence how far to trust the labels behind it. Read both with the count: one sentence gives a share
  of 1.0;
* the **strongest sentence**: the most confident non-neutral sentence on the
  issue (the most confident sentence when all are neutral).

Issue, stance and side codes come from the labels, and issues and sides are
listed in the model's label order (from the labels' scores), so a retrained
model's issues and sides need no change. Its *stances* are another matter: a
label set says which stances there are, not which one records no act or how
strong each is (training keeps the guide's order for the default codes and
sorts new ones by name). So the two stance rules know the default scheme:

* only the stance ``"neutral"`` (:data:`NEUTRAL`) is left out of the count
  and passed over for the strongest sentence. A retrained model whose no-act
  stance has another code (``"none"``) has it counted like any other stance,
  so it can be a side's dominant stance;
* strength is the guide's order. A stance outside it ranks below the guide's
  stances in a tie, and ties between such stances go to the one first in the
  model's label order (by name for new codes), never to input order.

For such a model, read the shares of :meth:`Summary.to_records` rather than
the dominant stance alone.

Counting is not :func:`stancelib.compare`'s rule
------------------------------------------------
:func:`summarize` *counts labels*: each counted sentence is one vote for
the stance it was given, and a tie goes to the stronger stance.
:func:`stancelib.compare` and :func:`stancelib.compare_sides` *weigh
probabilities*: each counted sentence adds its whole stance distribution,
weighted by its issue probability, and a close call (within 0.10) goes to
the stronger stance. So the two can name different stances for one side on
one issue of the same text. One concern sentence and one cooperation
sentence are a 1-1 tie, which :func:`summarize` gives to concern (share
0.5); :func:`stancelib.compare_sides` gives cooperation when the concern
sentence is itself unsure and leans towards cooperation (the seed article
``seeds/000_b5bd82f4852aa066.txt`` on ``counternarcotics`` for ``us``: the
concern sentence gives concern 0.60 and cooperation 0.31, the cooperation
sentence cooperation 0.95, so the shares are cooperation 0.63 against
concern 0.30, firm). They also differ on ``relations`` and ``other``,
whose neutral sentences :func:`stancelib.compare` never counts. Neither is
wrong: read a summary for what the labels say (how many sentences took which
stance), a comparison for a reading that weighs how sure each label is.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from .api import SentenceLabel
from .schema import ISSUES, SIDES, STANCES, stance_rank
from .tables import count_of

__all__ = ["Summary", "IssueSummary", "SideStance", "summarize"]

#: The stance that records no act, the weakest in the guide's order: the only
#: stance the rules leave out (a retrained model's own no-act code is counted;
#: see the module docstring).
NEUTRAL = STANCES[-1]

#: Columns of :meth:`Summary.to_frame`: one row per issue and side.
COLUMNS: tuple[str, ...] = ("issue", "issue_sentences", "side", "stance", "share", "confidence", "side_sentences",
                            "counted", "strongest")


@dataclass(frozen=True)
class SideStance:
    """One side's dominant stance on one issue. Immutable.

    Attributes
    ----------
    side : str or None
        The side code (None for a model trained without sides).
    stance : str
        The dominant stance (see the module docstring).
    share : float
        Fraction of the side's counted sentences on the issue that take
        ``stance``, in (0, 1].
    confidence : float
        Mean ``confidence`` of those sentences, in [0, 1].
    sentences : int
        The side's sentences on the issue.
    counted : int
        Of those, the ones the stance is read from (its non-neutral ones,
        or all when all are neutral).
    """

    side: str | None
    stance: str
    share: float
    confidence: float
    sentences: int
    counted: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"side": self.side, "stance": self.stance, "share": self.share, "confidence": self.confidence,
                "sentences": self.sentences, "counted": self.counted}


@dataclass(frozen=True)
class IssueSummary:
    """One issue of a readout. Immutable.

    Attributes
    ----------
    issue : str
        The issue code.
    sentences : int
        Sentences tagged with the issue.
    sides : tuple of SideStance
        One per side with a sentence on the issue, in the label set's order.
    strongest : SentenceLabel
        The most confident non-neutral sentence on the issue (the most
        confident one when all are neutral); the first of equals.
    """

    issue: str
    sentences: int
    sides: tuple[SideStance, ...]
    strongest: SentenceLabel

    def side(self, code: str | None) -> SideStance | None:
        """The stance of side ``code``, or None when it has no sentence on the issue."""
        return next((s for s in self.sides if s.side == code), None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; the strongest sentence as its text, stance, side and confidence."""
        s = self.strongest
        return {"issue": self.issue, "sentences": self.sentences, "sides": [x.to_dict() for x in self.sides],
                "strongest": {"text": s.text, "stance": s.stance, "side": s.side, "confidence": s.confidence}}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


@dataclass(frozen=True)
class Summary:
    """A readout summarised issue by issue. Immutable.

    Attributes
    ----------
    issues : tuple of IssueSummary
        One per issue with a sentence, in the label set's order.
    sentences : int
        Sentences summarised.
    doc_id : str or None
        The labels' ``doc_id`` when they all share one, else None.

    Examples
    --------
    Made by :func:`summarize`; here from labels written by hand (those of
    :func:`stancelib.classify` are summarised the same way):

    >>> from stancelib import SentenceLabel
    >>> def label(text, issue, stance, side, confidence):
    ...     return SentenceLabel(text, (0, len(text)), (issue,), stance, side, confidence)
    >>> summary = summarize([label("Xi warned Biden on Taiwan.", "taiwan", "warning", "china", 0.9),
    ...                      label("Xi voiced concern about arms sales to Taiwan.", "taiwan", "concern", "china", 0.7),
    ...                      label("Wang Yi cautioned against any step toward independence.", "taiwan",
    ...                            "warning", "china", 0.8),
    ...                      label("The leaders agreed to resume military talks.", "military", "cooperation",
    ...                            "joint", 0.8)])
    >>> summary
    Summary(4 sentences: taiwan[china:warning] military[joint:cooperation])
    >>> len(summary), "taiwan" in summary, summary.sentences
    (2, True, 4)
    >>> china = summary["taiwan"].side("china")
    >>> china.stance, china.share, china.confidence
    ('warning', 0.6667, 0.85)
    >>> summary["taiwan"].strongest.text
    'Xi warned Biden on Taiwan.'
    """

    issues: tuple[IssueSummary, ...]
    sentences: int
    doc_id: str | None = None

    def __getitem__(self, issue: str) -> IssueSummary:
        for row in self.issues:
            if row.issue == issue:
                return row
        raise KeyError(f"{issue!r} is not among the summary's issues: {', '.join(r.issue for r in self.issues) or 'none'}")

    def __contains__(self, issue: object) -> bool:
        return any(r.issue == issue for r in self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"doc_id": self.doc_id, "sentences": self.sentences, "issues": [r.to_dict() for r in self.issues]}

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per issue and side (the rows of :meth:`to_frame`)."""
        return [{"issue": r.issue, "issue_sentences": r.sentences, "side": s.side, "stance": s.stance,
                 "share": s.share, "confidence": s.confidence, "side_sentences": s.sentences, "counted": s.counted,
                 "strongest": r.strongest.text}
                for r in self.issues for s in r.sides]

    def to_frame(self) -> Any:
        """One row per issue and side, as a pandas DataFrame (a ``datasets.Dataset`` without pandas).

        Columns: :data:`COLUMNS`.
        """
        from .tables import records_to_frame

        return records_to_frame(self.to_records(), COLUMNS)

    def to_markdown(self) -> str:
        """The summary as a Markdown table: issue, sentences, each side's stance, the strongest sentence."""
        title = f"Summary of {self.doc_id}" if self.doc_id else "Summary"
        lines = [f"**{title}**: {count_of(self.sentences, 'sentence')}, {count_of(len(self.issues), 'issue')}", "",
                 "| issue | sentences | stance by side (share, confidence) | strongest sentence |",
                 "|---|---:|---|---|"]
        for r in self.issues:
            sides = "; ".join(f"{s.side or 'all'}: {s.stance} ({s.share:.2f}, {s.confidence:.2f})" for s in r.sides)
            lines.append(f"| {r.issue} | {r.sentences} | {sides} | {_cell(r.strongest.text)} |")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        parts = []
        for r in self.issues[:6]:
            sides = ",".join(f"{s.side}:{s.stance}" for s in r.sides)
            parts.append(f"{r.issue}[{sides}]")
        more = f", +{len(self.issues) - 6} more" if len(self.issues) > 6 else ""
        doc = f"{self.doc_id!r}, " if self.doc_id else ""
        return f"Summary({doc}{count_of(self.sentences, 'sentence')}: {' '.join(parts)}{more})"

    def _repr_html_(self) -> str:
        rows = []
        for r in self.issues:
            sides = "<br>".join(html.escape(f"{s.side or 'all'}: {s.stance} ({s.share:.2f}, conf. {s.confidence:.2f}, "
                                            f"{s.counted}/{s.sentences} sentences)") for s in r.sides)
            rows.append(f"<tr><td>{html.escape(r.issue)}</td><td>{r.sentences}</td><td>{sides}</td>"
                        f"<td>{html.escape(r.strongest.text)}</td></tr>")
        head = "<tr><th>issue</th><th>sentences</th><th>stance by side (share, confidence)</th><th>strongest sentence</th></tr>"
        caption = html.escape(f"{self.doc_id + ': ' if self.doc_id else ''}{count_of(self.sentences, 'sentence')}, "
                              f"{count_of(len(self.issues), 'issue')}")
        return f"<table><caption>{caption}</caption><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _order(labels: list[SentenceLabel], head: str, default: tuple[str, ...], seen: Iterable[Any]) -> dict[Any, int]:
    """Rank of each code: the model's label order (from the scores), then the default's, then sorted."""
    known: tuple[str, ...] = default
    if labels and head in labels[0].scores:
        known = tuple(labels[0].scores[head])
    seen = set(seen)
    codes = list(known) + sorted((c for c in seen - set(known) if c is not None), key=str)
    ranks: dict[Any, int] = {c: i for i, c in enumerate(codes)}
    ranks.setdefault(None, len(codes))
    return ranks


def summarize(labels: Iterable[SentenceLabel]) -> Summary:
    """Summarise labelled sentences issue by issue: each side's dominant stance and the strongest sentence.

    Parameters
    ----------
    labels : iterable of SentenceLabel
        The labels of one readout (from :func:`stancelib.classify`), or of
        any collection: they are summarised together.

    Returns
    -------
    Summary
        One :class:`IssueSummary` per issue with a sentence; empty for no
        labels. See the module docstring for how the dominant stance, its
        share and its confidence are read: by counting labels, where
        :func:`stancelib.compare` weighs probabilities, so that the two can
        disagree on one side's stance.

    Raises
    ------
    TypeError
        ``labels`` is a str (label it first) or holds something other than
        SentenceLabel objects.

    Examples
    --------
    >>> from stancelib import classify
    >>> summary = summarize(classify("Xi warned Biden not to cross a red line on Taiwan. "
    ...                              "The two leaders agreed to resume military-to-military talks."))
    >>> summary["taiwan"].side("china").stance
    'warning'
    """
    if isinstance(labels, (str, bytes)):
        raise TypeError("summarize() expects labelled sentences, got a str; label it first: summarize(classify(text))")
    if hasattr(labels, "columns") and hasattr(labels, "iloc"):  # a DataFrame iterates over its column names
        raise TypeError(f"summarize() got a {type(labels).__name__}, whose rows cannot be read back as labels; "
                        "summarize the labels themselves: summarize(labels), with the list classify() or "
                        "classify_documents() returned (for one document: [lab for lab in labels if lab.doc_id "
                        "== ...])")
    if labels is None or not hasattr(labels, "__iter__"):
        raise TypeError(f"summarize() expects an iterable of SentenceLabel objects (from classify), got "
                        f"{type(labels).__name__}")
    items = list(labels)
    for i, lab in enumerate(items):
        if not isinstance(lab, SentenceLabel):
            raise TypeError(f"summarize() expects SentenceLabel objects (from classify), item {i} is a "
                            f"{type(lab).__name__}" + ("; a label read back from JSONL becomes one with "
                                                       "SentenceLabel.from_dict(d)" if isinstance(lab, dict) else ""))
    if not items:
        return Summary((), 0)
    issue_rank = _order(items, "issue", ISSUES, (c for lab in items for c in lab.issues))
    side_rank = _order(items, "side", SIDES, (lab.side for lab in items))
    stance_order = _order(items, "stance", STANCES, (lab.stance for lab in items))
    neutral = NEUTRAL
    strength = stance_rank(s for s in stance_order if s is not None)

    by_issue: dict[str, list[SentenceLabel]] = {}
    for lab in items:
        for code in lab.issues:
            by_issue.setdefault(code, []).append(lab)
    rows = []
    for code in sorted(by_issue, key=lambda c: issue_rank[c]):
        on_issue = by_issue[code]
        sides = []
        for side in sorted({lab.side for lab in on_issue}, key=lambda s: side_rank[s]):
            theirs = [lab for lab in on_issue if lab.side == side]
            counted = [lab for lab in theirs if lab.stance != neutral] or theirs
            tally = Counter(lab.stance for lab in counted)
            # a tie goes to the stronger stance, then (stances the guide does not rank) the model's label order
            stance = min(tally, key=lambda s: (-tally[s], strength[s], stance_order[s]))
            backing = [lab.confidence for lab in counted if lab.stance == stance]
            sides.append(SideStance(side, stance, round(tally[stance] / len(counted), 4),
                                    round(sum(backing) / len(backing), 4), len(theirs), len(counted)))
        candidates = [lab for lab in on_issue if lab.stance != neutral] or on_issue
        strongest = max(candidates, key=lambda lab: lab.confidence)  # max keeps the first of equals
        rows.append(IssueSummary(code, len(on_issue), tuple(sides), strongest))
    doc_ids = {lab.doc_id for lab in items}
    return Summary(tuple(rows), len(items), next(iter(doc_ids)) if len(doc_ids) == 1 else None)
