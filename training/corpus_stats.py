"""Statistics and checks of the seed corpus: counts, near-duplicates, openings.

    python -m training.corpus_stats

Used by the datasheet (seeds/README.md) and by tests/test_corpus.py.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from stancelib.data import load_records, seed_files
from stancelib.schema import LABEL_FIELDS

ROOT = Path(__file__).resolve().parent.parent

#: Two sentences whose word-trigram sets overlap this much (Jaccard) are near
#: copies: at 0.5, half of all their three-word runs are shared, which
#: independent sentences of 20+ words almost never do, while the same fact
#: retold in other words stays well below (the corpus's highest such pair
#: of distinct sentences is reported by this script).
JACCARD_MAX = 0.5
#: Sentences shorter than this many words (section headings such as "Why it
#: matters") are boilerplate that real text repeats; they are not compared.
MIN_WORDS = 4


def corpus_records() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in seed_files(ROOT / "seeds"):
        records.extend(load_records(path))
    return records


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"\d+", "0", text)
    return " ".join(re.findall(r"[a-z0']+", text))


def trigrams(text: str) -> set[tuple[str, ...]]:
    words = normalise(text).split()
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def near_duplicates(records: list[dict[str, Any]], threshold: float = JACCARD_MAX) -> list[tuple[str, str, float]]:
    """Pairs of ids that are identical after normalising, or closer than ``threshold``."""
    sets = {}
    exact: dict[str, str] = {}
    pairs: list[tuple[str, str, float]] = []
    for r in records:
        if len(r["text"].split()) < MIN_WORDS:
            continue
        norm = normalise(r["text"])
        if norm in exact:
            pairs.append((exact[norm], r["id"], 1.0))
            continue
        exact[norm] = r["id"]
        sets[r["id"]] = trigrams(r["text"])
    index: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for rid, grams in sets.items():
        for g in grams:
            index[g].append(rid)
    shared: dict[tuple[str, str], int] = Counter()
    for ids in index.values():
        if len(ids) > 50:
            continue  # a phrase in very many sentences says nothing about copying
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                shared[(ids[i], ids[j])] += 1
    for (a, b), n in shared.items():
        union = len(sets[a]) + len(sets[b]) - n
        if union and n / union >= threshold:
            pairs.append((a, b, round(n / union, 3)))
    return pairs


def max_jaccard(records: list[dict[str, Any]]) -> tuple[float, str, str]:
    pairs = near_duplicates(records, threshold=0.0)
    best = max(((j, a, b) for a, b, j in pairs if j < 1.0), default=(0.0, "", ""))
    return best


def openings(records: list[dict[str, Any]], top: int = 10) -> list[tuple[str, int]]:
    c = Counter(" ".join(normalise(r["text"]).split()[:3]) for r in records)
    return c.most_common(top)


def stats(records: list[dict[str, Any]]) -> dict[str, Any]:
    docs = Counter(r["doc_id"] for r in records)
    out: dict[str, Any] = {
        "sentences": len(records),
        "documents": len(docs),
        "doc_length_min": min(docs.values()),
        "doc_length_max": max(docs.values()),
        "multi_issue_share": round(sum(len(r["issue"]) > 1 for r in records) / len(records), 3),
    }
    for f in LABEL_FIELDS:
        c: Counter[str] = Counter()
        for r in records:
            v = r[f]
            c.update([v] if isinstance(v, str) else v)
        out[f] = dict(sorted(c.items(), key=lambda kv: -kv[1]))
    out["by_author"] = dict(Counter(r.get("author", "?") for r in records))
    out["by_source"] = dict(Counter(r.get("source", "?") for r in records))
    return out


def main() -> int:
    records = corpus_records()
    s = stats(records)
    print(json.dumps(s, indent=1))
    print("most repeated openings:", openings(records))
    print("near-duplicate pairs at Jaccard >=", JACCARD_MAX, ":", near_duplicates(records))
    print("closest distinct pair:", max_jaccard(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
