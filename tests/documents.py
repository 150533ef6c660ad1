"""Hand-made dated readouts for the summary and trends tests, and a way to label them.

The readouts are our own short texts, dated across a few years. :func:`label_documents`
labels each with ``classify`` and gives its labels the readout's ``doc_id``, ``date`` and
``source``: what ``classify_documents`` will do once it is merged (then this helper
becomes a call to it).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

from stancelib import classify

#: Short readouts, two of them in one quarter, a year (2022) with none.
READOUTS: tuple[dict[str, Any], ...] = (
    {"id": "r2020a", "date": "2020-02-11", "source": "cn_readout",
     "text": "Foreign Minister Wang Yi warned that Taiwan is a red line that must not be crossed. "
             "He urged the United States to stop arming the island."},
    {"id": "r2020b", "date": "2020-03-30", "source": "us_readout",
     "text": "The Secretary raised concerns about tariffs on American farm goods. "
             "Both sides agreed to keep working on the trade deal."},
    {"id": "r2021", "date": "2021-09-09", "source": "us_readout",
     "text": "President Biden and President Xi spoke by phone for ninety minutes. "
             "The two leaders agreed to keep open lines of communication."},
    {"id": "r2023", "date": "2023-11-15", "source": "joint_statement",
     "text": "The two sides agreed to resume military-to-military talks. "
             "China warned the United States against interfering in Taiwan."},
)


def label_documents(docs: Sequence[dict[str, Any]], *, model: Any = None) -> list:
    """A flat list of labels, each carrying its readout's ``doc_id``, ``date`` and ``source``."""
    out = []
    for doc in docs:
        fields = {"doc_id": doc["id"], "date": doc.get("date"), "source": doc.get("source")}
        out.extend(dataclasses.replace(lab, **fields) for lab in classify(doc["text"], model=model))
    return out


def record(doc_id: str | None, date: str | None, stance: str, side: str | None = "china",
           issues: Sequence[str] = ("taiwan",)) -> dict[str, Any]:
    """One labelled sentence as a record (gold-style), for tests that must not depend on the model."""
    return {"doc_id": doc_id, "date": date, "issues": list(issues), "stance": stance, "side": side}
