"""The cue-word lexicon and a fast phrase matcher over it.

The lexicon (``stancelib/data/lexicon.json``) holds the cue words of the
annotation guide: stance cues, issue keywords, actor names, speech verbs,
negation, modality and hedges. :class:`PhraseMatcher` finds its phrases in a
tokenised sentence with dictionary look-ups only, so it costs a few
microseconds per sentence.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Sequence

__all__ = ["load_lexicon", "tokenize", "PhraseMatcher", "matcher_for"]

_TOKEN = re.compile(r"[a-z0-9]+(?:['.\-][a-z0-9]+)*")


def load_lexicon() -> dict[str, Any]:
    """The bundled lexicon, as a fresh dict (read from package data)."""
    text = resources.files("stancelib").joinpath("data/lexicon.json").read_text(encoding="utf-8")
    return json.loads(text)


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens: ``"China's U.S.-made"`` -> ``['china', "'s", 'u.s.-made']``.

    A possessive ``'s`` becomes its own token so that ``china`` is matched
    and the possessive can be seen.
    """
    text = text.lower().replace("’", "'").replace("‘", "'")
    tokens: list[str] = []
    for tok in _TOKEN.findall(text):
        if tok.endswith("'s") and len(tok) > 2:
            tokens.append(tok[:-2])
            tokens.append("'s")
        else:
            tokens.append(tok)
    return tokens


def _variants(phrase: str) -> list[tuple[str, ...]]:
    words = tuple(w.strip(".") or w for w in phrase.lower().replace("’", "'").split())
    out = [words]
    last = words[-1]
    if len(last) > 4 and last.endswith("s") and not last.endswith("ss") and not last.endswith("*"):
        out.append(words[:-1] + (last[:-1],))
    return out


class PhraseMatcher:
    """Find lexicon phrases in token lists.

    Parameters
    ----------
    groups : mapping of str to mapping of str to sequence of str
        Group name (``"stance"``, ``"actor"``, ...) to category name to its
        phrases. A word that ends with ``*`` matches any token that starts
        with it. Within a group, matches do not overlap and a longer phrase
        wins over a shorter one starting at the same token; different groups
        may match the same tokens.

    Attributes
    ----------
    categories : tuple of (str, str)
        ``(group, category)`` for each category index that :meth:`find` returns.
    """

    def __init__(self, groups: Mapping[str, Mapping[str, Sequence[str]]]):
        cats: list[tuple[str, str]] = []
        self._exact: dict[str, list[tuple[tuple[str, ...], int, int]]] = {}
        self._prefix: dict[str, list[tuple[tuple[str, ...], int, int]]] = {}
        lengths: set[int] = set()
        self.groups: tuple[str, ...] = tuple(groups)
        for g, group in enumerate(self.groups):
            for name, phrases in groups[group].items():
                cats.append((group, name))
                index = len(cats) - 1
                for phrase in phrases:
                    for words in _variants(phrase):
                        first = words[0]
                        if first.endswith("*"):
                            self._prefix.setdefault(first[:-1], []).append((words, index, g))
                            lengths.add(len(first) - 1)
                        else:
                            self._exact.setdefault(first, []).append((words, index, g))
        self.categories: tuple[tuple[str, str], ...] = tuple(cats)
        self._lengths = tuple(sorted(lengths))
        self._cache: dict[str, tuple[tuple[tuple[str, ...], int, int, int], ...]] = {}

    def _candidates(self, tok: str) -> tuple[tuple[tuple[str, ...], int, int, int], ...]:
        found = self._cache.get(tok)
        if found is None:
            entries = list(self._exact.get(tok, ()))
            for k in self._lengths:
                if k <= len(tok):
                    entries.extend(self._prefix.get(tok[:k], ()))
            # (words, category, group, size), longest first
            found = tuple((w, c, g, len(w)) for w, c, g in sorted(entries, key=lambda e: -len(e[0])))
            if len(self._cache) < 200_000:
                self._cache[tok] = found
        return found

    def find(self, tokens: Sequence[str]) -> list[tuple[int, int, int]]:
        """Matches as ``(start, end, category_index)``, ordered by start."""
        found: list[tuple[int, int, int]] = []
        n = len(tokens)
        free = [0] * len(self.groups)
        cache = self._cache
        for i, tok in enumerate(tokens):
            candidates = cache.get(tok)
            if candidates is None:
                candidates = self._candidates(tok)
            if not candidates:
                continue
            taken = 0
            for words, cat, g, size in candidates:
                if free[g] > i or taken & (1 << g):
                    continue
                if size == 1:
                    found.append((i, i + 1, cat))
                    free[g] = i + 1
                    taken |= 1 << g
                    continue
                if i + size > n:
                    continue
                ok = True
                for j in range(1, size):
                    w = words[j]
                    t = tokens[i + j]
                    if w[-1] == "*":
                        if not t.startswith(w[:-1]):
                            ok = False
                            break
                    elif t != w:
                        ok = False
                        break
                if ok:
                    found.append((i, i + size, cat))
                    free[g] = i + size
                    taken |= 1 << g
        return found


@lru_cache(maxsize=8)
def _cached_matcher(key: str) -> PhraseMatcher:
    return PhraseMatcher(json.loads(key))


def matcher_for(groups: Mapping[str, Mapping[str, Sequence[str]]]) -> PhraseMatcher:
    """A matcher for ``groups``, built once per distinct lexicon and cached."""
    return _cached_matcher(json.dumps(groups, sort_keys=False))
