"""The cue-word and actor features, in plain Python and numpy.

This module imports no scikit-learn: the fitted model's fast inference path
(:mod:`stancelib.compiled`) computes these features with the same code as the
scikit-learn transformers of :mod:`stancelib.features`, which subclass the
classes here.
"""

from __future__ import annotations

import weakref
from functools import lru_cache
from typing import Any, Sequence

import numpy as np

from .lexicon import PhraseMatcher, matcher_for, tokenize

__all__ = ["CueLogic", "ActorLogic", "LexiconLogic", "CHUNK"]

_OBLIQUE = frozenset("for to with on against about over from of in at toward towards into between than".split())
_CUE_LISTS = ("negation", "modality", "hedge", "speech_verbs")


def _all_groups(lex: dict[str, Any]) -> dict[str, dict[str, Sequence[str]]]:
    """Every lexicon group a transformer reads, for one shared matcher."""
    return {
        "stance": lex["stance"],
        "issue": lex["issue"],
        "actor": lex["actor"],
        "cue": {name: lex[name] for name in _CUE_LISTS},
        "start": {"pronoun": lex["pronoun_starts"]},
    }


_MATCHERS: "weakref.WeakKeyDictionary[Any, PhraseMatcher]" = weakref.WeakKeyDictionary()
_ANALYSIS_CACHE_SIZE = 4096
#: Texts are analysed in chunks no larger than the cache, so that the blocks
#: of one model, run one after the other over a chunk, tokenise each text once.
CHUNK = _ANALYSIS_CACHE_SIZE // 2


@lru_cache(maxsize=_ANALYSIS_CACHE_SIZE)
def _analyse(matcher: PhraseMatcher, text: str) -> tuple[list[str], list[tuple[int, int, int]]]:
    tokens = tokenize(text)
    return tokens, matcher.find(tokens)



def _quoted_token_mask(text: str, tokens: list[str]) -> list[bool]:
    """Approximate: whether each token falls inside double quotes."""
    if not any(q in text for q in '"“”'):
        return [False] * len(tokens)
    inside = False
    states = []
    low = text.lower().replace("’", "'").replace("‘", "'")
    pos = 0
    for tok in tokens:
        found = low.find(tok, pos)
        if found < 0:
            states.append(inside)
            continue
        for ch in low[pos:found]:
            if ch == "“":
                inside = True
            elif ch == "”":
                inside = False
            elif ch == '"':
                inside = not inside
        states.append(inside)
        pos = found + len(tok)
    return states


class LexiconLogic:
    """Computes lexicon features from ``lexicon_`` and ``feature_names_``."""

    lexicon_: dict[str, Any]
    feature_names_: np.ndarray

    def compute(self, texts: list[str]) -> np.ndarray:
        """Features of each text, as a dense float array."""
        matcher = self._matcher()
        index = {name: i for i, name in enumerate(self.feature_names_)}
        out = np.zeros((len(texts), len(self.feature_names_)), dtype=np.float64)
        for i, text in enumerate(texts):
            tokens, matches = _analyse(matcher, text)
            self._row(text, tokens, matches, matcher, out[i], index)
        return out

    # subclasses implement these
    def _names(self) -> list[str]:
        raise NotImplementedError

    def _row(self, text: str, tokens: list[str], matches: list[tuple[int, int, int]],
             matcher: PhraseMatcher, row: np.ndarray, index: dict[str, int]) -> None:
        raise NotImplementedError

    def _matcher(self) -> PhraseMatcher:
        # one matcher per fitted lexicon, kept outside the estimator's state
        matcher = _MATCHERS.get(self)
        if matcher is None:
            matcher = _MATCHERS[self] = matcher_for(_all_groups(self.lexicon_))
        return matcher


class CueLogic(LexiconLogic):
    """The cue-word features (see :class:`stancelib.features.CueFeatures`)."""

    groups: tuple[str, ...]

    def _names(self) -> list[str]:
        names = []
        for g in self.groups:
            for cat in self.lexicon_[g]:
                names += [f"cue:{g}:{cat}", f"cue:{g}:{cat}:negated", f"cue:{g}:{cat}:quoted"]
        names += ["cue:modality", "cue:hedge", "cue:question", "cue:quotation", "cue:negation"]
        if "stance" in self.groups:
            # the decision of the guide's rule itself: the first stance, in the
            # guide's order, with a cue that is not negated (the last stance,
            # neutral, when none is)
            names += [f"cue:rule:{cat}" for cat in self.lexicon_["stance"]]
        return names

    def _row(self, text, tokens, matches, matcher, row, index):
        cats = matcher.categories
        negations = [s for s, e, c in matches if cats[c] == ("cue", "negation")]
        quoted = _quoted_token_mask(text, tokens)
        counts: dict[int, int] = {}
        for s, e, c in matches:
            group, cat = cats[c]
            if group == "cue":
                if cat == "modality":
                    row[index["cue:modality"]] = 1.0
                elif cat == "hedge":
                    row[index["cue:hedge"]] = 1.0
                continue
            if group not in self.groups:
                continue
            base = index[f"cue:{group}:{cat}"]
            counts[base] = counts.get(base, 0) + 1
            if any(0 < s - n <= 3 for n in negations):
                row[base + 1] = 1.0
            if quoted[s]:
                row[base + 2] = 1.0
        for base, n in counts.items():
            row[base] = np.log1p(n)
        if "stance" in self.groups:
            order = list(self.lexicon_["stance"])
            decided = order[-1]
            for cat in order[:-1]:
                base = index[f"cue:stance:{cat}"]
                if row[base] > 0 and row[base + 1] == 0:
                    decided = cat
                    break
            row[index[f"cue:rule:{decided}"]] = 1.0
        row[index["cue:question"]] = float("?" in text)
        row[index["cue:quotation"]] = float(any(q in text for q in '"“”'))
        row[index["cue:negation"]] = float(bool(negations))

class ActorLogic(LexiconLogic):
    """The actor features (see :class:`stancelib.features.ActorFeatures`)."""

    window: int

    def _names(self) -> list[str]:
        sides = list(self.lexicon_["actor"])
        names = []
        for role in ("first", "subject", "attribution", "according", "last"):
            names += [f"actor:{role}:{s}" for s in sides] + [f"actor:{role}:none"]
        names += [f"actor:count:{s}" for s in sides] + [f"actor:possessive:{s}" for s in sides]
        names += [f"actor:governs:{st}:{s}" for st in self.lexicon_["stance"] for s in sides]
        names += ["actor:start:pronoun", "actor:start:they", "actor:start:actor", "actor:none",
                  "actor:subject:distance"]
        return names

    def _row(self, text, tokens, matches, matcher, row, index):
        cats = matcher.categories
        long_issue = [(s, e) for s, e, c in matches if cats[c][0] == "issue" and e - s > 1]
        actors = []  # (start, end, side, possessive)
        verbs = []
        stance_cues = []
        for s, e, c in matches:
            group, cat = cats[c]
            if group == "actor":
                if any(a <= s and e <= b for a, b in long_issue):
                    continue  # "South China Sea" names no actor
                possessive = e < len(tokens) and tokens[e] == "'s"
                actors.append((s, e, cat, possessive))
            elif group == "cue" and cat == "speech_verbs":
                verbs.append(s)
            elif group == "stance":
                stance_cues.append((s, cat))
            elif group == "start" and s == 0:
                row[index["actor:start:pronoun"]] = 1.0
        n = len(tokens)
        if tokens[:1] == ["they"]:
            row[index["actor:start:they"]] = 1.0
        # the owner of a noun ("China's support") and the object of a
        # preposition ("support for Russia") rarely perform the act
        agents = [a for a in actors if not a[3] and not (a[0] > 0 and tokens[a[0] - 1] in _OBLIQUE)]
        for a in actors:
            key = "possessive" if a[3] else "count"
            row[index[f"actor:{key}:{a[2]}"]] += 1.0
        for s in self.lexicon_["actor"]:
            for key in ("count", "possessive"):
                i = index[f"actor:{key}:{s}"]
                row[i] = np.log1p(row[i])
        if not agents:
            row[index["actor:none"]] = 1.0
        else:
            if agents[0][0] == 0:
                row[index["actor:start:actor"]] = 1.0

        def governor(pos: int) -> tuple[str, int] | None:
            best = None
            for s, e, side, _ in agents:
                if e <= pos and pos - e < self.window:
                    best = (side, pos - e)
            return best

        row[index[f"actor:first:{agents[0][2]}" if agents else "actor:first:none"]] = 1.0
        row[index[f"actor:last:{agents[-1][2]}" if agents else "actor:last:none"]] = 1.0
        subject = governor(verbs[0]) if verbs else None
        if subject is None and agents and agents[0][0] <= 2:
            subject = (agents[0][2], 0)
        row[index[f"actor:subject:{subject[0]}" if subject else "actor:subject:none"]] = 1.0
        if subject:
            row[index["actor:subject:distance"]] = min(subject[1], 10) / 10.0
        attribution = None
        if verbs and verbs[-1] >= 0.6 * n:
            v = verbs[-1]
            after = [a for a in agents if v < a[0] <= v + 3]
            before = [a for a in agents if 0 <= v - a[1] <= 3]
            pick = after[0] if after else (before[-1] if before else None)
            if pick:
                attribution = pick[2]
        row[index[f"actor:attribution:{attribution}" if attribution else "actor:attribution:none"]] = 1.0
        according = None
        for i in range(n - 1):
            if tokens[i] == "according" and tokens[i + 1] == "to":
                nxt = [a for a in actors if i + 2 <= a[0] <= i + 5]
                if nxt:
                    according = nxt[0][2]
                break
        row[index[f"actor:according:{according}" if according else "actor:according:none"]] = 1.0
        for pos, stance in stance_cues:
            g = governor(pos)
            if g:
                row[index[f"actor:governs:{stance}:{g[0]}"]] = 1.0

