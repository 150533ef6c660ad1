"""Statistics and checks of the seed corpus: counts, near-duplicates, openings.

    python -m training.corpus_stats

Used by the datasheet (seeds/README.md) and by tests/test_corpus.py.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from typing import Any

import numpy as np
from scipy import sparse

from stancelib.config import CHECKOUT_ROOT
from stancelib.data import load_records, seed_files
from stancelib.schema import LABEL_FIELDS

ROOT = CHECKOUT_ROOT

#: Two sentences whose word-trigram sets overlap this much (Jaccard) are near
#: copies: at 0.5, half of all their three-word runs are shared, which
#: independent sentences of 20+ words almost never do, while the same fact
#: retold in other words stays well below (the corpus's highest such pair
#: of distinct sentences is reported by this script).
JACCARD_MAX = 0.5
#: Sentences shorter than this many words (section headings such as "Why it
#: matters") are boilerplate that real text repeats; they are not compared.
MIN_WORDS = 4


#: Shares of sentences in real readouts and news stories about calls (about
#: 1,200 real sentences kept out of this repo; issue 13). The corpus should
#: match each within SHARE_TOLERANCE, overall.
REAL_SHARES: dict[str, float] = {
    "quotation": 0.38,
    "both_sides": 0.40,
    "long": 0.12,
    "side_other": 0.05,
    "cooperation": 0.30,
    "attribution": 0.41,
}
SHARE_TOLERANCE = 0.05
#: A sentence "runs long" above this many words.
LONG_WORDS = 40

_QUOTE = re.compile('["\u201c\u201d]')
_ATTRIBUTION = re.compile(r"\b(said|says|say|told|tells|according to)\b", re.I)
# A sentence "names both sides" when it names a U.S. actor and a Chinese actor:
# a person, a government body or capital, or the country as a noun ("the
# United States", "China" but not "China's" or "China-U.S."). Country
# adjectives ("Chinese", "U.S. tariffs", "American") do not count. Measured
# this way the corpus before issue 13 scores 0.264, which reproduces the 0.26
# the issue reports for it, so the real-text share (0.40) compares.
_US = re.compile(
    r"\b([Tt]he United States|America|[Tt]he U\.?S\.? side|[Tt]he US(?![\w-])|Washington|White House|Pentagon|State Department|Treasury|USTR|"
    r"Biden|Trump|Harris|Vance|Blinken|Rubio|Pompeo|Tillerson|Sullivan|Austin|Hegseth|Mattis|Esper|Yellen|Bessent|"
    r"Mnuchin|Raimondo|Lutnick|Lighthizer|Greer|Katherine Tai|Kerry|Burns|Perdue|Campbell|Waltz)\b"
)
_CHINA = re.compile(
    r"\b(China(?!['’]s)(?![-–])|Beijing|Xi|Li Qiang|Wang Yi|Qin Gang|Han Zheng|He Lifeng|Liu He|Yang Jiechi|Wei Fenghe|"
    r"Dong Jun|Wang Wentao|Li Chenggang|Xie Feng|Ma Zhaoxu|Wang Wenbin|Mao Ning|Lin Jian|Guo Jiakun|Hua Chunying|"
    r"Zhao Lijian|Cui Tiankai|Li Keqiang|Xie Zhenhua|Xinhua|MOFCOM|PLA|Zhongnanhai|Global Times|CGTN|"
    r"Foreign Ministry|Commerce Ministry|[Tt]he Chinese side)\b"
)


def text_traits(text: str) -> dict[str, bool]:
    """The traits of one sentence that REAL_SHARES measures (labels aside)."""
    return {
        "quotation": bool(_QUOTE.search(text)),
        "both_sides": bool(_US.search(text)) and bool(_CHINA.search(text)),
        "long": len(text.split()) > LONG_WORDS,
        "attribution": bool(_ATTRIBUTION.search(text)),
    }


def shares(records: list[dict[str, Any]]) -> dict[str, float]:
    """Share of sentences with each trait of REAL_SHARES."""
    if not records:
        return {k: 0.0 for k in REAL_SHARES}
    counts: Counter[str] = Counter()
    for r in records:
        counts.update(k for k, v in text_traits(r["text"]).items() if v)
        counts["side_other"] += r.get("side") == "other"
        counts["cooperation"] += r.get("stance") == "cooperation"
    return {k: round(counts[k] / len(records), 3) for k in REAL_SHARES}


def shares_off_target(measured: dict[str, float], tolerance: float = SHARE_TOLERANCE) -> dict[str, tuple[float, float]]:
    """Traits whose share is more than ``tolerance`` from the real one: name to (measured, real)."""
    return {k: (measured[k], real) for k, real in REAL_SHARES.items() if abs(measured[k] - real) > tolerance}


def corpus_records() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in seed_files(ROOT / "seeds"):
        records.extend(load_records(path))
    return records


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"\d+", "0", text)
    return " ".join(re.findall(r"[a-z0']+", text))


def near_duplicates(records: list[dict[str, Any]], threshold: float = JACCARD_MAX) -> list[tuple[str, str, float]]:
    """Pairs of ids that are identical after normalising, or closer than ``threshold``."""
    exact: dict[str, str] = {}
    pairs: list[tuple[str, str, float]] = []
    ids: list[str] = []
    columns: dict[tuple[str, ...], int] = {}
    rows: list[int] = []
    cols: list[int] = []
    sizes: list[int] = []
    for r in records:
        if len(r["text"].split()) < MIN_WORDS:
            continue
        norm = normalise(r["text"])
        if norm in exact:
            pairs.append((exact[norm], r["id"], 1.0))
            continue
        exact[norm] = r["id"]
        words = norm.split()
        grams = {columns.setdefault(tuple(words[i:i + 3]), len(columns)) for i in range(len(words) - 2)}
        rows.extend([len(ids)] * len(grams))
        cols.extend(grams)
        sizes.append(len(grams))
        ids.append(r["id"])
    if ids:
        # A sparse sentence-by-trigram matrix: its product with its transpose counts, for every pair at once, the
        # trigrams two sentences share (what a loop over each trigram's sentences would count, far faster).
        matrix = sparse.csc_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(ids), len(columns)))
        matrix = matrix[:, np.flatnonzero(np.diff(matrix.indptr) <= 50)].tocsr()  # a phrase in very many sentences says nothing about copying
        shared = sparse.triu(matrix @ matrix.T, k=1).tocoo()
        size = np.asarray(sizes)
        union = size[shared.row] + size[shared.col] - shared.data
        jaccard = shared.data / np.maximum(union, 1)  # float64, as Python's n / union
        close = np.flatnonzero((union > 0) & (jaccard >= threshold))
        for k in close[np.lexsort((shared.col[close], shared.row[close]))]:
            pairs.append((ids[shared.row[k]], ids[shared.col[k]], round(float(jaccard[k]), 3)))
    return pairs


#: The shortest run of words a written sentence must not share with outside text (the brief: no run of 8 or more).
COPIED_RUN = 8


def copied_runs(records: list[dict[str, Any]], source: str, n: int = COPIED_RUN) -> list[tuple[str, str]]:
    """(id, the words) of each record that shares a run of ``n`` words with ``source`` (as
    :func:`normalise` reads both: case, curly apostrophes, digits and punctuation aside)."""
    words = normalise(source).split()
    runs = {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}
    found = []
    for r in records:
        w = normalise(r["text"]).split()
        hit = next((w[i:i + n] for i in range(len(w) - n + 1) if tuple(w[i:i + n]) in runs), None)
        if hit:
            found.append((r["id"], " ".join(hit)))
    return found


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
    out["by_author"] = {author: len(group) for author, group in by_author(records).items()}
    out["by_source"] = dict(Counter(r.get("source", "?") for r in records))
    return out


def author_order(name: str) -> tuple[int, str]:
    """Sort key of author ids in corpus order: ``a`` ... ``z``, then ``aa``, ``ab`` ..., then named groups
    (``pair``, ``seed``)."""
    return (len(name), name)


def by_author(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        groups[str(r.get("author", "?"))].append(r)
    return dict(sorted(groups.items(), key=lambda kv: author_order(kv[0])))


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m training.corpus_stats", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="labelled JSONL files (default: the seed corpus)")
    args = parser.parse_args(argv)
    records = [r for p in args.paths for r in load_records(p)] if args.paths else corpus_records()
    s = stats(records)
    print(json.dumps(s, indent=1))
    print(f"shares of sentences (real text: {REAL_SHARES}, tolerance {SHARE_TOLERANCE}):")
    print(f"  {'all':8} {shares(records)}")
    for author, group in by_author(records).items():
        print(f"  {author:8} {shares(group)}  ({len(group)} sentences)")
    print("shares off target, overall:", shares_off_target(shares(records)) or "none")
    print("labels per author (issue codes: fewest first):")
    for author, group in by_author(records).items():
        g = stats(group)
        fewest = sorted(g["issue"].items(), key=lambda kv: kv[1])[:4]
        print(f"  {author:8} docs {g['documents']:4}  stance {g['stance']}  side {g['side']}  "
              f"codes {len(g['issue'])}, fewest {fewest}")
    print("most repeated openings:", openings(records))
    print("near-duplicate pairs at Jaccard >=", JACCARD_MAX, ":", near_duplicates(records))
    print("closest distinct pair:", max_jaccard(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
