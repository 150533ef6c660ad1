"""A model whose labels are written in a table: for tests of code around a model, not of its weights.

:class:`TableModel` is a :class:`stancelib.compiled.CompiledModel` (so every function that takes a model
takes it) whose raw scores come from a table of sentences and labels, not from trained weights. Everything
after the scores is the library's own: calibration, the side blend with the sentence before in a document,
the issue decisions, ``predict``, and ``classify``, ``compare``, ``evaluate`` or ``suggest`` around them. A test
that reads a text with it knows every label in advance, so it can assert exact outcomes, and a retrain of
the bundled model never changes them (tests/test_golden.py holds what depends on the trained weights).
"""

from __future__ import annotations

from typing import Iterable

import numpy as np

from stancelib.compiled import CompiledModel
from stancelib.lexicon import tokenize
from stancelib.schema import LabelSchema

#: The probability the table's label gets: issue codes each (every other code 0.05), a stance and a side
#: (each other label of the head 0.05, so that a row sums to 1).
LABEL_P = {"issue": 0.9, "stance": 0.85, "side": 0.85}
OTHER_P = 0.05
#: A sentence whose first word is one of these takes CONTEXT_WEIGHT of its side from the sentence before it in
#: the same document, as the bundled model does for a sentence that names its speaker only by a pronoun.
PRONOUNS = ("He", "She")
CONTEXT_WEIGHT = 0.8


class TableModel(CompiledModel):
    """A model that gives each sentence of ``rows`` its labels.

    Parameters
    ----------
    rows : iterable of (text, issues, stance, side), or of dicts with those keys ("issue" for the issues)
        A text it is asked about and is not in the table is an error (a KeyError naming it), so that a test
        never passes on a sentence it did not mean to label.
    """

    def __init__(self, rows: Iterable):
        schema = LabelSchema.default()
        self.schema_ = schema
        self.classes_ = {f: np.asarray(schema.labels[f], dtype=object) for f in schema.fields}
        n_codes = len(schema.labels["issue"])
        # calibration that leaves the scores' probabilities as they are: a sigmoid of the issue logits, a
        # softmax of the stance and side log-probabilities
        self.platt_ = np.tile([1.0, 0.0], (n_codes, 1))
        self.temperatures_ = {"stance": 1.0, "side": 1.0}
        self.thresholds_ = np.full(n_codes, 0.5)
        self.second_threshold_ = 0.5
        self.context_threshold_ = 0.5
        self.context_weight = CONTEXT_WEIGHT
        self.max_sentence_tokens_ = 1_000
        self.table: dict[str, np.ndarray] = {}
        for row in rows:
            if isinstance(row, dict):
                row = (row["text"], row["issue"], row["stance"], row["side"])
            text, issues, stance, side = row
            self.table[text] = self._scores_of(tuple(issues), stance, side)

    def _scores_of(self, issues: tuple[str, ...], stance: str, side: str) -> np.ndarray:
        parts = []
        for field, chosen in (("issue", issues), ("stance", (stance,)), ("side", (side,))):
            labels = list(self.schema_.labels[field])
            unknown = set(chosen) - set(labels)
            if unknown:
                raise ValueError(f"TableModel: {sorted(unknown)} not in the {field} labels {labels}")
            p = np.array([LABEL_P[field] if c in chosen else OTHER_P for c in labels])
            parts.append(np.log(p / (1 - p)) if field == "issue" else np.log(p))
        return np.concatenate(parts)

    def _row(self, text: str) -> np.ndarray:
        try:
            return self.table[text]
        except KeyError:
            raise KeyError(f"TableModel has no labels for {text!r}") from None

    def _vocabulary_words(self) -> set[str]:
        return {t for text in self.table for t in tokenize(text)}

    def _scores_and_coverage(self, texts: list[str]) -> tuple[np.ndarray, ...]:
        width = sum(len(self.schema_.labels[f]) for f in self.schema_.fields)
        scores = np.vstack([self._row(t) for t in texts]) if texts else np.zeros((0, width))
        follows = np.array([t.split(" ", 1)[0] in PRONOUNS for t in texts], dtype=bool)
        n_tokens, n_known = self._coverage(texts)
        return scores, follows, n_tokens, n_known
