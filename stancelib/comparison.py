"""Side by side: compare two readouts of the same call, issue by issue.

Governments publish their own readout of the same call, and what one side
records the other often leaves out or frames differently. :func:`compare`
labels both readouts with :func:`stancelib.api.classify` and, for every issue
either of them touches, puts the two side by side: the sentences of each, each
readout's dominant stance on the issue with a confidence, and flags for what
differs. :func:`compare_sides` does the same inside one text, such as a news
story that reports both sides, grouping its sentences by the predicted side.

How an issue is read
--------------------
For one readout and one issue, the sentences are those whose predicted issues
include the issue. Each sentence weighs its issue probability ``w``; the share
of stance ``s`` is the weighted mean ``sum(w * P(s)) / sum(w)`` of the stance
probabilities, over the *counted* sentences:

* Neutral sentences (facts, logistics, background) record no act. When the
  readout has non-neutral sentences on the issue, only those are counted and
  the dominant stance is the non-neutral stance with the largest share. When
  all are neutral, the stance is neutral, with the mean neutral share as its
  confidence.
* Close calls go to the stronger stance: every stance whose share is within
  :data:`CLOSE_MARGIN` of the largest is a candidate, and the strongest
  candidate in the order of :data:`stancelib.schema.STANCES` (warning >
  concern > cooperation > neutral) wins, as the guide's first rule does for
  a sentence. The confidence is the share of the stance chosen.
* Issues in :data:`CONTEXT_ISSUES` (``relations``): every readout has call
  logistics ("The call lasted 90 minutes") and these are labelled
  ``relations``, so on these issues *only non-neutral sentences count*. A
  readout whose relations sentences are all neutral has not characterised
  the relationship: it is not counted as raising it (its sentences are still
  listed).
* Issues in :data:`UNFLAGGED_ISSUES` (``other``): a grab bag of unrelated
  topics, so two readouts' ``other`` sentences need not be about the same
  thing. They are read like ``relations`` (non-neutral only) and listed, but
  never flagged.

How sure
--------
A share is an estimate from a handful of sentences and the model's
probabilities, so a stance is reported as *firm* only when it stands out:

* its share is at least :data:`FIRM_CONFIDENCE` (0.60), and
* it beats the share of every other stance by at least :data:`FIRM_MARGIN`
  (0.15).

A stance that is not firm is shown with a ``?`` (``concern? (0.52)``): a
0.50 against 0.45 split is a mixed reading, not a concern.

Flags, for each issue (codes, with labels using the readouts' names):

* ``only_a`` / ``only_b``: raised by one readout only;
* ``stance_differs``: raised by both with different dominant stances, and the
  difference holds beyond the model's uncertainty: both stances are firm, and
  each readout gives its own stance a share at least :data:`DIFFER_MARGIN`
  (0.25) larger than the other readout gives it. One mixed sentence
  therefore never flips an issue to "stance differs".

These rules weigh probabilities, where :func:`stancelib.summarize` counts
labels (one vote per sentence for the stance it was given, ties to the
stronger stance): for one side on one issue of one text the two can name
different stances, e.g. a 1-1 tie of a concern and a cooperation sentence
is concern to :func:`~stancelib.summarize` but cooperation here when the
concern sentence itself gives cooperation a good part of its probability.

Issue codes come from the model (``model.classes_["issue"]``), so a model
retrained with other codes works unchanged; codes listed in the two constants
above that the model does not know are simply never met.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from .api import SentenceLabel, check_text, classify, resolve_model
from .persist import model_id
from .schema import CATCH_ALL_ISSUES, RELATIONSHIP_ISSUES, SIDES, STANCES, stance_rank

if TYPE_CHECKING:  # pragma: no cover
    from .model import ReadoutClassifier

__all__ = [
    "DEFAULT_NAMES",
    "Comparison",
    "IssueRow",
    "IssueView",
    "compare",
    "compare_sides",
    "CLOSE_MARGIN",
    "FIRM_CONFIDENCE",
    "FIRM_MARGIN",
    "DIFFER_MARGIN",
    "CONTEXT_ISSUES",
    "UNFLAGGED_ISSUES",
]

#: Stances whose share is within this of the largest count as a close call;
#: the strongest of them wins.
CLOSE_MARGIN = 0.10

#: A dominant stance is firm only when its share is at least this ...
FIRM_CONFIDENCE = 0.60
#: ... and exceeds the share of every other stance by at least this.
FIRM_MARGIN = 0.15
#: ``stance_differs`` needs both stances firm, and each readout's share of its
#: own stance to exceed the other readout's share of that stance by this.
DIFFER_MARGIN = 0.25

#: Colours of the stances in :meth:`Comparison.plot`, in the order of
#: :data:`stancelib.schema.STANCES` (warning, concern, cooperation, neutral).
STANCE_COLOURS: dict[str, str] = dict(zip(STANCES, ("#d7301f", "#fdae61", "#1a9850", "#969696")))

#: Issues on which only non-neutral sentences count (call logistics and
#: background are neutral ``relations`` sentences in every readout).
CONTEXT_ISSUES: tuple[str, ...] = RELATIONSHIP_ISSUES

#: Issues listed but never flagged: their sentences need not share a topic.
#: Like CONTEXT_ISSUES, only their non-neutral sentences count.
UNFLAGGED_ISSUES: tuple[str, ...] = CATCH_ALL_ISSUES

#: The stance that records no act: the weakest of the guide's order.
NEUTRAL = STANCES[-1]

#: The two side codes :func:`compare_sides` compares.
_COMPARED_SIDES: tuple[str, str] = (SIDES[0], SIDES[1])
#: The display names of those two sides, and :func:`compare`'s default names of its two readouts (most
#: often a call's US and Chinese readouts); ``stancelib compare`` leaves the default to :func:`compare`.
DEFAULT_NAMES: tuple[str, str] = ("US", "China")


@dataclass(frozen=True)
class IssueView:
    """One readout's sentences and stance on one issue. Immutable.

    Attributes
    ----------
    sentences : tuple of SentenceLabel
        Every sentence of the readout tagged with the issue, in order.
    counted : tuple of bool
        For each sentence, whether it counts towards the stance (see the
        module docstring: neutral sentences do not, when others do, and never
        do on ``relations`` and ``other``).
    stance : str or None
        The dominant stance; None when the readout does not raise the issue.
    confidence : float or None
        The probability-weighted share of ``stance`` among the counted
        sentences, in [0, 1]; None when ``stance`` is None.
    shares : dict
        Stance to share among the counted sentences (empty when none count).
    firm : bool
        Whether the stance stands out: share at least :data:`FIRM_CONFIDENCE`
        and at least :data:`FIRM_MARGIN` above every other stance's share.
        False when the issue is not raised.
    """

    sentences: tuple[SentenceLabel, ...]
    counted: tuple[bool, ...]
    stance: str | None
    confidence: float | None
    _shares: tuple[tuple[str, float], ...] = ()
    firm: bool = False

    @property
    def raised(self) -> bool:
        """Whether the readout raises the issue (has a counted sentence)."""
        return self.stance is not None

    @property
    def shares(self) -> dict[str, float]:
        """Stance to probability-weighted share (a fresh dict)."""
        return dict(self._shares)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "raised": self.raised,
            "stance": self.stance,
            "confidence": self.confidence,
            "firm": self.firm,
            "shares": self.shares,
            "sentences": [_sentence_dict(s, c) for s, c in zip(self.sentences, self.counted)],
        }


@dataclass(frozen=True)
class IssueRow:
    """One issue, side by side. Immutable.

    Attributes
    ----------
    issue : str
        The issue code.
    a, b : IssueView
        The first and the second readout (or side) on the issue.
    flags : tuple of str
        Codes from ``("only_a", "only_b", "stance_differs")``; empty when the
        two agree or the issue is never flagged.
    """

    issue: str
    a: IssueView
    b: IssueView
    flags: tuple[str, ...]

    def to_dict(self, names: tuple[str, str] = ("A", "B")) -> dict[str, Any]:
        """A JSON-ready dict; ``flag_labels`` spell the flags with ``names``."""
        return {
            "issue": self.issue,
            "flags": list(self.flags),
            "flag_labels": [_flag_label(f, names) for f in self.flags],
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
        }


@dataclass(frozen=True)
class Comparison:
    """Two readouts (or two sides of one text) compared issue by issue. Immutable.

    Attributes
    ----------
    names : tuple of (str, str)
        Display names of ``a`` and ``b``.
    rows : tuple of IssueRow
        One per issue that either side has a sentence on, in the model's
        issue order.
    set_aside : tuple of (str, tuple of SentenceLabel)
        For :func:`compare_sides`: the sentences of the sides not compared
        (``joint``, ``other``), per side code. For both functions, the
        sentences with no word the model knows (another language or script),
        which are not compared either, under ``"unreadable in NAME"`` (NAME a
        readout's name, or ``"the text"``). Empty for :func:`compare` of two
        English readouts.
    mode : str
        ``"readouts"`` (from :func:`compare`) or ``"sides"`` (from
        :func:`compare_sides`).
    model : str or None
        The id of the model that labelled both sides
        (:func:`stancelib.persist.model_id`: ``model-<16 hex>`` for the
        bundled or a saved model), recorded in :meth:`to_dict`; None for a
        comparison built by hand. Not compared by ``==``.

    Examples
    --------
    >>> from stancelib import compare
    >>> result = compare("Xi warned that Taiwan is a red line. The two leaders agreed to keep talking.",
    ...                  "The President raised concerns about fentanyl. The two leaders agreed to keep talking.",
    ...                  names=("MFA", "WH"))
    >>> result.names, result.mode, result.model.startswith("model-")
    (('MFA', 'WH'), 'readouts', True)
    >>> [row.issue for row in result.rows] == list(result.issues)  # one IssueRow per issue, in the model's order
    True
    >>> row = result.rows[0]
    >>> row == result.row(row.issue) and sorted(row.a.to_dict())  # each side's IssueView of the issue
    ['confidence', 'firm', 'raised', 'sentences', 'shares', 'stance']
    >>> result.flags == {r.issue: r.flags for r in result.rows if r.flags}  # the flagged issues only
    True
    >>> print(result.to_markdown().splitlines()[0])
    | issue | MFA stance (conf) | WH stance (conf) | flags |
    >>> sorted(result.to_dict())
    ['issues', 'mode', 'model', 'names', 'rules', 'set_aside']
    """

    names: tuple[str, str]
    rows: tuple[IssueRow, ...]
    set_aside: tuple[tuple[str, tuple[SentenceLabel, ...]], ...] = ()
    mode: str = "readouts"
    model: str | None = field(default=None, compare=False)

    @property
    def flags(self) -> dict[str, tuple[str, ...]]:
        """Issue to flag codes, for the flagged issues only (a fresh dict)."""
        return {r.issue: r.flags for r in self.rows if r.flags}

    @property
    def issues(self) -> tuple[str, ...]:
        """The issues compared, in row order."""
        return tuple(r.issue for r in self.rows)

    def row(self, issue: str) -> IssueRow:
        """The row of ``issue``; KeyError if neither side has a sentence on it."""
        for r in self.rows:
            if r.issue == issue:
                return r
        raise KeyError(f"no sentence on issue {issue!r} in either readout; compared: {', '.join(self.issues) or 'none'}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole comparison, sentences included; ``model`` names the model that
        labelled them (when known: see :attr:`model`)."""
        return {
            "mode": self.mode,
            "names": list(self.names),
            **({"model": self.model} if self.model is not None else {}),
            "rules": {
                "close_margin": CLOSE_MARGIN,
                "firm_confidence": FIRM_CONFIDENCE,
                "firm_margin": FIRM_MARGIN,
                "differ_margin": DIFFER_MARGIN,
                "context_issues": list(CONTEXT_ISSUES),
                "unflagged_issues": list(UNFLAGGED_ISSUES),
                "stance_order": list(STANCES),
            },
            "issues": [r.to_dict(self.names) for r in self.rows],
            "set_aside": {side: [_sentence_dict(s) for s in sents] for side, sents in self.set_aside},
        }

    def _cells(self) -> list[tuple[str, str, str, str]]:
        return [(r.issue, _stance_cell(r.a), _stance_cell(r.b),
                 ", ".join(_flag_label(f, self.names) for f in r.flags)) for r in self.rows]

    def _notes(self) -> list[str]:
        notes = []
        if any(v.raised and not v.firm for r in self.rows for v in (r.a, r.b)):
            notes.append(f"?: not firm (share below {FIRM_CONFIDENCE:.2f}, or within {FIRM_MARGIN:.2f} of another "
                         "stance); never flagged as differing")
        shown = [c for c in CONTEXT_ISSUES if c in self.issues]
        if shown:
            notes.append(f"{', '.join(shown)}: only non-neutral sentences count")
        shown = [c for c in UNFLAGGED_ISSUES if c in self.issues]
        if shown:
            notes.append(f"{', '.join(shown)}: listed, never flagged")
        sides = [(side, s) for side, s in self.set_aside if not side.startswith(UNREADABLE.split("{")[0])]
        if sides:
            parts = [f"{len(s)} {side}" for side, s in sides]
            notes.append(f"not compared: {', '.join(parts)} sentence(s)")
        for key, s in self.set_aside:
            if (key, s) not in sides:
                notes.append(f"not compared: {len(s)} sentence(s) {key} (no word the model knows; it reads English)")
        return notes

    def __repr__(self) -> str:
        flags = ", ".join(f"{issue}: {', '.join(_flag_label(f, self.names) for f in fl)}"
                          for issue, fl in self.flags.items())
        return (f"<Comparison {self.names[0]} vs {self.names[1]} ({self.mode}): {len(self.rows)} issues, "
                f"{len(self.flags)} flagged{' (' + flags + ')' if flags else ''}>")

    def _repr_html_(self) -> str:
        """An HTML table for Jupyter: each stance cell shaded by its confidence."""
        import html

        def cell(view: IssueView) -> str:  # the text of the plain table's cell (_stance_cell), shaded
            if view.stance is None:
                return f'<td style="color:gray">{html.escape(_stance_cell(view))}</td>'
            colour = STANCE_COLOURS.get(view.stance, "#6baed6")
            alpha = int(round(_alpha(view.confidence) * 255))
            return f'<td style="background:{colour}{alpha:02x}">{html.escape(_stance_cell(view))}</td>'

        a, b = (html.escape(n) for n in self.names)
        rows = "".join(f"<tr><td>{html.escape(r.issue)}</td>{cell(r.a)}{cell(r.b)}"
                       f"<td>{html.escape(', '.join(_flag_label(f, self.names) for f in r.flags))}</td></tr>"
                       for r in self.rows)
        notes = "".join(f"<br><small>{html.escape(n)}</small>" for n in self._notes())
        return (f"<table><thead><tr><th>issue</th><th>{a}</th><th>{b}</th><th>flags</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>{notes}")

    def to_frame(self) -> Any:
        """A tidy table: one row per issue and readout (or side).

        Returns
        -------
        pandas.DataFrame or datasets.Dataset
            Columns ``issue``, ``readout`` (its name), ``raised``, ``stance``,
            ``confidence``, ``firm``, ``sentences`` (how many are on the
            issue), ``counted`` (how many count towards the stance) and
            ``flags`` (the row's flag codes, ``;``-joined; empty when none).
            A DataFrame when pandas is installed, else a Dataset; see
            :mod:`stancelib.tables`.
        """
        from .tables import records_to_frame

        records = [{"issue": r.issue, "readout": name, "raised": v.raised, "stance": v.stance,
                    "confidence": v.confidence, "firm": v.firm, "sentences": len(v.sentences),
                    "counted": sum(v.counted), "flags": ";".join(r.flags)}
                   for r in self.rows for name, v in zip(self.names, (r.a, r.b))]
        return records_to_frame(records, COMPARISON_COLUMNS)

    def plot(self, *, ax: Any = None) -> Any:
        """Draw the dominant stance per issue and readout, colour strength following confidence.

        Each cell is filled with its stance's colour (:data:`STANCE_COLOURS`)
        at an opacity equal to its confidence (at least 0.15), so a 0.40 cell
        is pale where a 0.94 one is solid; a stance that is not firm is
        marked ``?``. Issues a readout does not raise are hatched. Needs
        matplotlib (the ``[notebooks]`` extra).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, default=None
            Where to draw; None makes a new figure sized to the rows.

        Returns
        -------
        matplotlib.axes.Axes
        """
        try:
            import matplotlib.pyplot as plt
            from matplotlib.patches import Patch, Rectangle
        except ImportError:  # pragma: no cover (the [notebooks] extra installs it)
            raise ImportError("Comparison.plot() needs matplotlib: pip install 'stancelib[notebooks]'") from None
        rows = self.rows
        if ax is None:
            _, ax = plt.subplots(figsize=(8.5, 0.62 * len(rows) + 2.0))
        stances = list(dict.fromkeys([*STANCE_COLOURS, *(v.stance for r in rows for v in (r.a, r.b) if v.stance)]))
        spare = iter(plt.get_cmap("tab10").colors)
        colour = {st: STANCE_COLOURS.get(st) or next(spare) for st in stances}
        for i, row in enumerate(rows):
            for j, view in enumerate((row.a, row.b)):
                if view.stance is None:
                    ax.add_patch(Rectangle((j, i), 1, 1, facecolor="white", edgecolor="lightgray", hatch="///"))
                    ax.text(j + 0.5, i + 0.5, "not raised", ha="center", va="center", fontsize=10, color="gray")
                    continue
                alpha = _alpha(view.confidence)
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=colour[view.stance], alpha=alpha, edgecolor="white",
                                       linewidth=2))
                ax.text(j + 0.5, i + 0.5, _stance_cell(view),
                        ha="center", va="center", fontsize=10, color=_text_colour(colour[view.stance], alpha))
            ax.text(2.08, i + 0.5, ", ".join(_flag_label(f, self.names) for f in row.flags), ha="left", va="center",
                    fontsize=10, color="#b03a2e")
        ax.text(2.08, -0.12, "flags", ha="left", va="bottom", fontsize=11)
        ax.set_xlim(0, 2)
        ax.set_ylim(max(len(rows), 1), 0)
        ax.set_xticks([0.5, 1.5], list(self.names), fontsize=11)
        ax.xaxis.tick_top()
        ax.set_yticks([i + 0.5 for i in range(len(rows))], [r.issue for r in rows], fontsize=10)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(f"Dominant stance per issue: {self.names[0]} vs {self.names[1]}\n"
                     "(colour strength = confidence; ? = not firm)", pad=12)
        handles = [Patch(facecolor=colour[st], label=st) for st in stances]
        handles.append(Patch(facecolor="white", edgecolor="lightgray", hatch="///", label="not raised"))
        ax.legend(handles=handles, title="dominant stance", loc="upper center", bbox_to_anchor=(0.5, -0.02),
                  ncol=len(handles), frameon=False)
        return ax

    def to_markdown(self) -> str:
        """A markdown table: issue | A stance (conf) | B stance (conf) | flags."""
        esc = lambda s: s.replace("|", "\\|")  # noqa: E731
        a, b = (esc(n) for n in self.names)
        lines = [f"| issue | {a} stance (conf) | {b} stance (conf) | flags |", "|---|---|---|---|"]
        lines += [f"| {' | '.join(esc(c) for c in cells)} |" for cells in self._cells()]
        notes = self._notes()
        if notes:
            lines += ["", "_" + "; ".join(notes) + "._"]
        return "\n".join(lines) + "\n"

    def to_table(self) -> str:
        """A plain-text table for the terminal."""
        head = ("issue", self.names[0], self.names[1], "flags")
        rows = self._cells()
        widths = [max(len(x) for x in col) for col in zip(head, *rows)]
        fmt = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
        lines = [fmt(head), fmt(tuple("-" * w for w in widths))] + [fmt(r) for r in rows]
        if not rows:
            lines.append("(no issue found in either text)")
        lines += [f"* {n}" for n in self._notes()]
        return "\n".join(lines) + "\n"


#: The columns of :meth:`Comparison.to_frame`.
COMPARISON_COLUMNS = ("issue", "readout", "raised", "stance", "confidence", "firm", "sentences", "counted", "flags")


def _alpha(confidence: float | None) -> float:
    """Opacity of a stance cell: its confidence, at least 0.15 so the colour stays visible."""
    return max(0.15, min(1.0, confidence or 0.0))


def _text_colour(fill: Any, alpha: float) -> str:
    """White on a dark, strong fill; black otherwise."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(fill)
    shade = 1 - alpha * (1 - (0.299 * r + 0.587 * g + 0.114 * b))  # luminance of the fill over white
    return "white" if shade < 0.55 else "black"


def _sentence_dict(s: SentenceLabel, counted: bool | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"text": s.text, "span": list(s.span), "issues": list(s.issues),
                         "stance": s.stance, "side": s.side, "confidence": s.confidence}
    if counted is not None:
        d["counted"] = counted
    return d


def _flag_label(flag: str, names: tuple[str, str]) -> str:
    return {"only_a": f"only {names[0]}", "only_b": f"only {names[1]}",
            "stance_differs": "stance differs"}.get(flag, flag)


def _stance_cell(view: IssueView) -> str:
    if view.stance is None:
        return "—"
    return f"{view.stance}{'' if view.firm else '?'} ({_share_text(view.confidence)})"


def _share_text(share: float | None) -> str:
    """A share as shown in a table: two decimals, or as many more (up to the four it is kept to) as it
    takes to show a share below :data:`FIRM_CONFIDENCE` below it, so that no cell shows ``(0.60)`` for
    0.5963 beside a note that says "share below 0.60".

    >>> _share_text(0.6289), _share_text(0.5963), _share_text(0.5996), _share_text(0.6), _share_text(0.5949)
    ('0.63', '0.596', '0.5996', '0.60', '0.59')
    """
    share = share or 0.0
    for digits in (2, 3, 4):
        text = f"{share:.{digits}f}"
        if share >= FIRM_CONFIDENCE - 1e-9 or float(text) < FIRM_CONFIDENCE:
            return text
    return text


def _is_firm(chosen: str, shares: dict[str, float]) -> bool:
    share = shares.get(chosen, 0.0)
    others = [v for st, v in shares.items() if st != chosen]
    # a hair of slack so that a share of exactly the threshold, after rounding, counts
    return share >= FIRM_CONFIDENCE - 1e-9 and share - max(others, default=0.0) >= FIRM_MARGIN - 1e-9


def _view(issue: str, sentences: list[SentenceLabel], stances: Sequence[str]) -> IssueView:
    """One side's reading of one issue; see the module docstring for the rules."""
    context = issue in CONTEXT_ISSUES or issue in UNFLAGGED_ISSUES
    acts = [s.stance != NEUTRAL for s in sentences]
    if any(acts):
        counted = tuple(acts)
    elif context:
        counted = tuple(False for _ in sentences)
    else:
        counted = tuple(True for _ in sentences)
    used = [s for s, c in zip(sentences, counted) if c]
    if not used:
        return IssueView(tuple(sentences), counted, None, None)
    weights = [max(s.scores["issue"].get(issue, 0.0), 1e-6) for s in used]
    total = sum(weights)
    shares = {st: sum(w * s.scores["stance"].get(st, 0.0) for s, w in zip(used, weights)) / total
              for st in stances}
    if any(acts):
        candidates = {st: v for st, v in shares.items() if st != NEUTRAL}
    else:
        candidates = {NEUTRAL: shares.get(NEUTRAL, 0.0)}
    top = max(candidates.values())
    rank = stance_rank(stances)
    close = [st for st, v in candidates.items() if v >= top - CLOSE_MARGIN]
    chosen = min(close, key=lambda st: (rank[st], -candidates[st]))
    rounded = {st: round(v, 4) for st, v in shares.items()}
    return IssueView(tuple(sentences), counted, chosen, round(candidates[chosen], 4),
                     tuple(rounded.items()), _is_firm(chosen, rounded))


def differs(a: IssueView, b: IssueView) -> bool:
    """Whether two readings of one issue differ beyond the model's uncertainty.

    Both raise the issue with different stances, both stances are firm, and
    each side's share of its own stance exceeds the other side's share of it
    by at least :data:`DIFFER_MARGIN`.
    """
    if not (a.raised and b.raised) or a.stance == b.stance or not (a.firm and b.firm):
        return False
    sa, sb = a.shares, b.shares
    return (sa.get(a.stance, 0.0) - sb.get(a.stance, 0.0) >= DIFFER_MARGIN - 1e-9
            and sb.get(b.stance, 0.0) - sa.get(b.stance, 0.0) >= DIFFER_MARGIN - 1e-9)


def _flags(issue: str, a: IssueView, b: IssueView) -> tuple[str, ...]:
    if issue in UNFLAGGED_ISSUES:
        return ()
    if a.raised and not b.raised:
        return ("only_a",)
    if b.raised and not a.raised:
        return ("only_b",)
    if differs(a, b):
        return ("stance_differs",)
    return ()


def _rows(model: "ReadoutClassifier", a: list[SentenceLabel], b: list[SentenceLabel]) -> tuple[IssueRow, ...]:
    stances = [str(s) for s in model.classes_["stance"]]
    rows = []
    for issue in (str(c) for c in model.classes_["issue"]):
        sa = [s for s in a if issue in s.issues]
        sb = [s for s in b if issue in s.issues]
        if not sa and not sb:
            continue
        va, vb = _view(issue, sa, stances), _view(issue, sb, stances)
        rows.append(IssueRow(issue, va, vb, _flags(issue, va, vb)))
    return tuple(rows)


def names_from_sources(sources: Sequence[str | None], files: Sequence[str]) -> tuple[str, str] | None:
    """Display names of two readouts that never contradict what their files say: ``stancelib compare``'s default.

    Each readout is named by its own source (its file's ``source:`` header
    line); one without a source, beside one with a source, by its file's name
    (``files``); two equal names (one source for both) are each followed by
    the file's name in parentheses, and by ``(A)`` / ``(B)`` if they are still
    equal. None when neither readout has a source: nothing says who wrote
    them, and :func:`compare`'s :data:`DEFAULT_NAMES`, by position, are all
    that is left (say so to the user).

    >>> names_from_sources(["Chinese Foreign Ministry", None], ["cn", "call_us"])
    ('Chinese Foreign Ministry', 'call_us')
    >>> names_from_sources(["MFA", "mfa"], ["2024-04-12", "2024-05-02"])
    ('MFA (2024-04-12)', 'mfa (2024-05-02)')
    >>> names_from_sources([None, None], ["us", "cn"]) is None
    True
    """
    if not any(sources):
        return None
    names = [source or file for source, file in zip(sources, files)]
    if names[0].casefold() == names[1].casefold():  # one source for both (or a source that is the other's file)
        names = [f"{name} ({file})" for name, file in zip(names, files)]
    if names[0].casefold() == names[1].casefold():  # one file twice
        names = [f"{names[0]} (A)", f"{names[1]} (B)"]
    return names[0], names[1]


def check_names(names: Any) -> tuple[str, str]:
    """``names`` as :func:`compare` takes them: two distinct, non-blank strings (stripped), or the error that says
    why not (a ``TypeError`` for what is not a pair of strings, a ``ValueError`` for blank or equal names). The
    one check, also of ``stancelib compare --names``, made before anything is labelled.

    >>> check_names([" White House ", "MFA"])
    ('White House', 'MFA')
    """
    if isinstance(names, (str, bytes)) or not isinstance(names, (tuple, list)):
        raise TypeError(f"names must be a pair of two strings such as ('US', 'China'), got {type(names).__name__}"
                        + (f" {names!r}" if isinstance(names, (str, bytes)) else ""))
    if len(names) != 2:
        raise ValueError(f"names must be a pair of two strings such as ('US', 'China'), got {len(names)} item(s)")
    for n in names:
        if not isinstance(n, str):
            raise TypeError(f"names must be two strings; got a {type(n).__name__} ({n!r})")
    a, b = (n.strip() for n in names)
    if not a or not b:
        raise ValueError("names must be two non-blank strings")
    if a.casefold() == b.casefold():
        raise ValueError(f"names must be two distinct strings, got {a!r} twice")
    return a, b


def _check_readout(text: Any, where: str) -> str:
    text = check_text(text, where)
    if not text.strip():
        raise ValueError(f"{where} is empty; pass the text of a readout")
    return text


def _labels(text: str, where: str, model: "ReadoutClassifier") -> list[SentenceLabel]:
    if "issue" not in model.classes_ or "stance" not in model.classes_:
        raise ValueError("comparing needs a model with issue and stance heads; this one has "
                         + ", ".join(model.classes_))
    labels = classify(text, model=model)
    if not labels:
        raise ValueError(f"{where} has no sentence to compare")
    return labels


#: The key of :attr:`Comparison.set_aside` for a readout's sentences the model cannot read.
UNREADABLE = "unreadable in {name}"


def _readable(labels: list[SentenceLabel], where: str, model: "ReadoutClassifier"
              ) -> tuple[list[SentenceLabel], tuple[SentenceLabel, ...]]:
    """The sentences the model can read (at least one word it knows), and those it cannot.

    A sentence with no known word (another language or script, gibberish) is
    labelled with confidence 0 by the out-of-distribution rule, but it still
    carries codes; counted in a comparison it would make issues look raised
    or missed. All such sentences are set aside; a text with nothing else is
    refused.
    """
    from .api import ood_factor

    unknown = ood_factor([s.text for s in labels], model=model) == 0
    if not unknown.any():
        return labels, ()
    if unknown.all():
        raise ValueError(f"{where}: none of its {len(labels)} sentence(s) has a word the model knows (the first: "
                         f"{labels[0].text[:60]!r}); the model reads English readouts: translate the text first")
    return ([s for s, u in zip(labels, unknown) if not u], tuple(s for s, u in zip(labels, unknown) if u))


def compare(
    readout_a: str,
    readout_b: str,
    *,
    names: Sequence[str] = DEFAULT_NAMES,
    model: "ReadoutClassifier | str | None" = None,
) -> Comparison:
    """Compare two readouts of the same call, issue by issue.

    Both texts are labelled with :func:`stancelib.api.classify`. For every
    issue of the model's label set that either readout has a sentence on, the
    result holds each readout's sentences, its dominant stance with a
    confidence, and flags: raised only by A (``only_a``), only by B
    (``only_b``), or by both with different stances (``stance_differs``).

    The dominant stance is the stance with the largest probability-weighted
    share among the readout's non-neutral sentences on the issue (neutral
    only when all of them are neutral); stances within ``CLOSE_MARGIN``
    (0.10) of the largest share are a close call, won by the stronger stance
    in the guide's order warning > concern > cooperation > neutral. The
    confidence is the share of the stance chosen.

    How sure: a stance is *firm* (``IssueView.firm``) only when its share is
    at least ``FIRM_CONFIDENCE`` (0.60) and beats every other stance's share
    by ``FIRM_MARGIN`` (0.15); tables mark the others with ``?``.
    ``stance_differs`` is raised only when both stances are firm and each
    readout's share of its own stance exceeds the other's share of it by
    ``DIFFER_MARGIN`` (0.25), so one mixed sentence never flips an issue.

    ``relations`` and ``other`` get special treatment so that call logistics
    ("The call lasted 90 minutes", always ``relations``, neutral) make no
    false flags: on these two issues only non-neutral sentences count, so a
    readout that only records logistics does not raise ``relations``; and
    ``other`` (unrelated topics lumped together) is listed but never flagged.

    Parameters
    ----------
    readout_a, readout_b : str
        The two readouts (or any two texts about the same exchange). To
        compare two files, read them with
        :func:`stancelib.documents.read_text_document`, which removes their
        ``date:`` / ``source:`` header lines (``stancelib compare`` does).
    names : pair of str, default=DEFAULT_NAMES
        Display names of the two readouts, used in tables and flag labels
        (:data:`DEFAULT_NAMES` is ``("US", "China")``).
    model : ReadoutClassifier, CompiledModel, EncoderClassifier or path, default=None
        None uses the bundled model.

    Returns
    -------
    Comparison
        Rows in the model's issue order; see :class:`Comparison`. Its
        ``to_frame()`` is a tidy table, ``plot()`` a figure whose colour
        strength follows confidence.

    Raises
    ------
    TypeError
        A readout is not a str (None, bytes ...), or ``names`` is not a pair
        of strings.
    ValueError
        A readout is empty or blank, has no sentence with a word the model
        knows (text in another language: the model reads English), or
        ``names`` are not two distinct, non-blank strings.

    Examples
    --------
    >>> us = ("The President raised concerns about the flow of fentanyl precursor chemicals. "
    ...       "The two leaders agreed to keep lines of communication open.")
    >>> cn = ("Xi warned that China will take resolute measures against Taiwan independence. "
    ...       "The two leaders agreed to keep lines of communication open.")
    >>> result = compare(us, cn)
    >>> result.flags["taiwan"]
    ('only_b',)
    >>> result.row("taiwan").b.stance
    'warning'
    >>> print(result.to_markdown().splitlines()[0])
    | issue | US stance (conf) | China stance (conf) | flags |
    """
    readout_a = _check_readout(readout_a, "readout_a")
    readout_b = _check_readout(readout_b, "readout_b")
    pair = check_names(names)
    clf = resolve_model(model)
    a, unread_a = _readable(_labels(readout_a, "readout_a", clf), "readout_a", clf)
    b, unread_b = _readable(_labels(readout_b, "readout_b", clf), "readout_b", clf)
    aside = tuple((UNREADABLE.format(name=name), sents) for name, sents in zip(pair, (unread_a, unread_b)) if sents)
    return Comparison(names=pair, rows=_rows(clf, a, b), set_aside=aside, mode="readouts", model=model_id(clf))


def compare_sides(text: str, *, model: "ReadoutClassifier | str | None" = None) -> Comparison:
    """Compare what the two sides say inside one text, such as a news story.

    The text is labelled with :func:`stancelib.api.classify` and its
    sentences are grouped by predicted side: ``us`` sentences are ``a``
    (named "US"), ``china`` sentences ``b`` (named "China"), compared with
    the same rules as :func:`compare` (``relations`` and ``other`` included).
    Sentences of the other sides (``joint``, ``other``: joint acts and the
    narrator) are not compared; they are listed in
    :attr:`Comparison.set_aside`.

    Parameters
    ----------
    text : str
        A story or readout that reports both sides.
    model : ReadoutClassifier, CompiledModel, EncoderClassifier or path, default=None
        None uses the bundled model. It must predict sides, with the side
        codes ``us`` and ``china``.

    Returns
    -------
    Comparison
        With ``mode == "sides"`` and ``names == ("US", "China")``.

    Raises
    ------
    TypeError
        ``text`` is not a str.
    ValueError
        ``text`` is empty, or the model does not predict the sides ``us`` and
        ``china``.

    Examples
    --------
    >>> story = ("The White House said the President raised concerns about the detention of American citizens. "
    ...          "Beijing warned Washington not to cross a red line on Taiwan. "
    ...          "The two leaders agreed to keep talking.")
    >>> result = compare_sides(story)
    >>> result.flags["taiwan"], result.flags["human_rights"]
    (('only_b',), ('only_a',))
    >>> [side for side, sentences in result.set_aside]
    ['joint', 'other']
    """
    text = _check_readout(text, "text")
    clf = resolve_model(model)
    known = [str(s) for s in clf.classes_.get("side", ())]
    missing = [s for s in _COMPARED_SIDES if s not in known]
    if missing:
        raise ValueError(f"compare_sides() needs a model that predicts the sides {', '.join(_COMPARED_SIDES)}; "
                         f"this one predicts {', '.join(known) or 'no side'}")
    labels, unreadable = _readable(_labels(text, "text", clf), "text", clf)
    a = [s for s in labels if s.side == _COMPARED_SIDES[0]]
    b = [s for s in labels if s.side == _COMPARED_SIDES[1]]
    rest = tuple((side, tuple(s for s in labels if s.side == side)) for side in known if side not in _COMPARED_SIDES)
    if unreadable:
        rest += ((UNREADABLE.format(name="the text"), unreadable),)
    return Comparison(names=DEFAULT_NAMES, rows=_rows(clf, a, b), set_aside=rest, mode="sides", model=model_id(clf))
