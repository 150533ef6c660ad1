"""The label scheme: the one place where the default label sets live.

Everything else in stancelib reads its label sets from the labelled data (when
training) or from the trained model (when predicting), so a user who retrains
with other codes changes no code. See ``docs/annotation-guide.md`` for what the
labels mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

#: The issue codes of the default US-China taxonomy, in the guide's order.
ISSUES: tuple[str, ...] = (
    "taiwan",
    "maritime",
    "military",
    "counternarcotics",
    "technology",
    "trade",
    "russia_ukraine",
    "korea",
    "middle_east",
    "ai",
    "climate",
    "health",
    "human_rights",
    "people_to_people",
    "relations",
    "other",
)

#: Issue codes about the relationship itself (tone, channels, visits, call
#: logistics) rather than a topic; readout comparisons count only their
#: non-neutral sentences.
RELATIONSHIP_ISSUES: tuple[str, ...] = ("relations",)

#: The catch-all issue code for topics the taxonomy does not list.
CATCH_ALL_ISSUES: tuple[str, ...] = ("other",)

#: Stances, strongest first: a sentence that records two acts takes the
#: stronger one (the guide's first rule).
STANCES: tuple[str, ...] = ("warning", "concern", "cooperation", "neutral")

#: Sides: whose act the sentence records.
SIDES: tuple[str, ...] = ("us", "china", "joint", "other")

#: The sides of each government acting alone.
GOVERNMENT_SIDES: tuple[str, ...] = ("us", "china")

#: The sides of third parties: neither government nor both.
THIRD_PARTY_SIDES: tuple[str, ...] = ("other",)

#: The label fields of a sentence. ``issue`` is multi-label, the others single.
MULTI_LABEL_FIELDS: tuple[str, ...] = ("issue",)
LABEL_FIELDS: tuple[str, ...] = MULTI_LABEL_FIELDS + ("stance", "side")

#: Fields every labelled record carries besides its labels.
RECORD_FIELDS: tuple[str, ...] = ("id", "doc_id", "text")

#: Per-document metadata carried on every line of a document; optional for
#: user data, required for the seed corpus.
DOCUMENT_FIELDS: tuple[str, ...] = ("source", "date", "participants")

#: Known document sources of the seed corpus (user data may add others).
SOURCES: tuple[str, ...] = (
    "us_readout",
    "cn_readout",
    "joint_statement",
    "news_report",
    "press_briefing",
    "xinhua_summary",
    "department_readout",
    "analysis",
    "fact_sheet",
    "tv_transcript",
    "congressional_statement",
    "think_tank_brief",
    "business_news",
    "regional_press",
)


@dataclass(frozen=True)
class LabelSchema:
    """The label sets one model predicts.

    Parameters
    ----------
    labels : mapping of str to tuple of str
        For each label field (``"issue"``, ``"stance"``, ``"side"`` or any
        subset of them that has at least ``"issue"`` or one other field), the
        codes it may take, in a stable order.

    Examples
    --------
    >>> schema = LabelSchema.default()
    >>> schema.fields
    ('issue', 'stance', 'side')
    >>> len(schema.labels["issue"])
    16
    """

    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def default(cls) -> "LabelSchema":
        """The default US-China scheme of the annotation guide."""
        return cls({"issue": ISSUES, "stance": STANCES, "side": SIDES})

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, object]]) -> "LabelSchema":
        """Infer the label sets from labelled records.

        Codes the default scheme knows keep the default order; new codes
        follow, sorted, so the result does not depend on record order.
        """
        seen: dict[str, set[str]] = {}
        for record in records:
            for name in LABEL_FIELDS:
                if name not in record or record[name] is None:
                    continue
                value = record[name]
                values = [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]
                seen.setdefault(name, set()).update(str(v) for v in values)
        defaults = cls.default().labels
        labels: dict[str, tuple[str, ...]] = {}
        for name in LABEL_FIELDS:
            if name not in seen:
                continue
            known = [c for c in defaults[name] if c in seen[name]]
            new = sorted(seen[name] - set(known))
            labels[name] = tuple(known + new)
        return cls(labels)

    @property
    def fields(self) -> tuple[str, ...]:
        """The label fields, in the canonical order issue, stance, side."""
        return tuple(f for f in LABEL_FIELDS if f in self.labels)

    def is_multi_label(self, name: str) -> bool:
        """Whether field ``name`` takes a list of codes."""
        return name in MULTI_LABEL_FIELDS

    def to_dict(self) -> dict[str, list[str]]:
        """A JSON-ready copy: field name to list of codes."""
        return {name: list(self.labels[name]) for name in self.fields}


def stance_rank(stances: Iterable[str]) -> dict[str, int]:
    """Rank of each stance by strength (0 is strongest).

    Stances the default scheme does not know rank after the known ones.
    """
    order = {s: i for i, s in enumerate(STANCES)}
    return {s: order.get(s, len(STANCES)) for s in stances}
