"""The blind second labelling of the seed corpus: drawing the sample, scoring agreement.

    python -m training.agreement sample --authors h i j --out items.jsonl   # items for a second annotator
    python -m training.agreement report                                     # kappa per head and per author

A second annotator sees, for each sampled sentence, the guide, the sentence
and the two sentences before it in its document, but never the first labels.
Their labels go to ``seeds/agreement/second_labels.jsonl``; where the two
disagree, the lead's decision goes to ``seeds/agreement/adjudication.jsonl``
(``first`` is the label before adjudication, ``adjudicated`` the one the corpus
now carries). ``report`` scores the first labels (before adjudication) against
the second ones; and, where ``seeds/agreement/second_issue_cl44.jsonl`` exists
(blind second issue labels of the same sample made under guide Clarification
44, after the ``relations`` relabel), the corpus's current issue labels against
those.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from .corpus_stats import ROOT, author_order, corpus_records

AGREEMENT = ROOT / "seeds" / "agreement"
#: Share of each author's sentences that is labelled a second time.
SAMPLE_SHARE = 0.10
#: Seed of the sample draw (one per wave of authors, so a wave can be added
#: without redrawing the earlier ones).
SAMPLE_SEED = 20261203
#: Sentences of context shown before each sampled sentence.
CONTEXT = 2


def _all_first(group: tuple[str, Any]) -> tuple[bool, tuple[int, str]]:
    """Sort key of a report's groups: ``all``, then the authors in corpus order."""
    return group[0] != "all", author_order(group[0])


def draw(records: list[dict[str, Any]], authors: Iterable[str], share: float = SAMPLE_SHARE,
         seed: int = SAMPLE_SEED, exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    """A ``share`` of each author's sentences (at least one), with context, in corpus order.

    Sentences in ``exclude`` (an earlier wave's sample) are not drawn again and
    count towards their author's share, so a new wave tops the sample up.
    """
    skip = set(exclude)
    by_author: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        if r["id"] not in skip:
            by_author[str(r.get("author"))].append(i)
    picked: list[int] = []
    for author in sorted(set(authors)):
        pool = by_author.get(author, [])
        if not pool:
            raise SystemExit(f"no sentences by author {author!r}")
        rng = random.Random(f"{seed}-{author}")
        mine = [r["id"] for r in records if str(r.get("author")) == author]
        want = max(1, round(share * len(mine))) - len(skip.intersection(mine))  # top up an earlier wave
        picked += rng.sample(pool, min(len(pool), max(0, want)))
    items = []
    for i in sorted(picked):
        r = records[i]
        before = [records[j]["text"] for j in range(max(0, i - CONTEXT), i) if records[j]["doc_id"] == r["doc_id"]]
        items.append({"id": r["id"], "source": r.get("source"), "date": r.get("date"),
                      "context_before": " ".join(before), "text": r["text"]})
    return items


def first_labels(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The first annotator's labels: the corpus's, or ``first`` where adjudication changed them."""
    labels = {r["id"]: {"issue": r["issue"], "stance": r["stance"], "side": r["side"]} for r in records}
    path = AGREEMENT / "adjudication.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        a = json.loads(line)
        if "first" in a and a["id"] in labels:
            labels[a["id"]]["stance"], labels[a["id"]]["side"] = a["first"]
            if "first_issue" in a:
                labels[a["id"]]["issue"] = a["first_issue"]
    return labels


def kappas(records: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    """Cohen's kappa and raw agreement of stance and side, overall and per author, and per issue code."""
    from sklearn.metrics import cohen_kappa_score

    first = first_labels(records)
    author = {r["id"]: str(r.get("author")) for r in records}
    out: dict[str, Any] = {"items": len(second)}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in second:
        groups["all"].append(s)
        groups[author[s["id"]]].append(s)
    for name, items in sorted(groups.items(), key=_all_first):
        row: dict[str, Any] = {"n": len(items)}
        for field in ("stance", "side"):
            a = [first[s["id"]][field] for s in items]
            b = [s[field] for s in items]
            row[field] = {"kappa": round(float(cohen_kappa_score(a, b)), 3) if len(set(a + b)) > 1 else 1.0,
                          "agreement": round(sum(x == y for x, y in zip(a, b)) / len(items), 3)}
        row["issue"] = issue_agreement([first[s["id"]]["issue"] for s in items], [s["issue"] for s in items])
        out[name] = row
    return out


def issue_agreement(first: list[Any], second: list[Any]) -> dict[str, Any]:
    """Kappa and raw agreement of the yes/no decision per issue code, and the share of identical sets."""
    from sklearn.metrics import cohen_kappa_score

    from stancelib.schema import LabelSchema

    codes = LabelSchema.default().labels["issue"]
    a_sets, b_sets = [set(x) for x in first], [set(x) for x in second]
    ya = [c in x for x in a_sets for c in codes]
    yb = [c in x for x in b_sets for c in codes]
    return {"kappa": round(float(cohen_kappa_score(ya, yb)), 3),
            "agreement": round(sum(x == y for x, y in zip(ya, yb)) / len(ya), 3),
            "same_set": round(sum(a == b for a, b in zip(a_sets, b_sets)) / len(a_sets), 3)}


#: Blind second issue labels of the same sample under guide Clarification 44 (the ``relations`` relabel).
ISSUE_RELABEL = AGREEMENT / "second_issue_cl44.jsonl"


def issue_relabel_agreement(records: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    """The corpus's current issue labels against blind second labels made under Clarification 44.

    Per author and overall, plus the per-code picture of ``relations``: how
    often each side gave it, and its kappa alone.
    """
    from sklearn.metrics import cohen_kappa_score

    current = {r["id"]: r for r in records}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in second:
        groups["all"].append(s)
        groups[str(current[s["id"]].get("author"))].append(s)
    out: dict[str, Any] = {"items": len(second)}
    for name, items in sorted(groups.items(), key=_all_first):
        first = [current[s["id"]]["issue"] for s in items]
        row = issue_agreement(first, [s["issue"] for s in items])
        row["n"] = len(items)
        out[name] = row
    a = ["relations" in current[s["id"]]["issue"] for s in second]
    b = ["relations" in s["issue"] for s in second]
    out["relations"] = {"corpus": sum(a), "second": sum(b), "kappa": round(float(cohen_kappa_score(a, b)), 3)}
    return out


def read_ids(path: Path) -> list[str]:
    """Sentence ids listed one a line (``sample_ids.txt``), skipping blank lines and ``#`` comments."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.agreement", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sample", help="draw the items of a second labelling")
    p.add_argument("--authors", nargs="+", required=True, help="the authors whose sentences are drawn")
    p.add_argument("--data", nargs="*", help="labelled files (default: the seed corpus)")
    p.add_argument("--out", type=Path, required=True, help="the JSONL of items to label blind (overwritten)")
    p.add_argument("--seed", type=int, default=SAMPLE_SEED, help=f"seed of the draw (default {SAMPLE_SEED})")
    p.add_argument("--exclude", type=Path, help="a file of sentence ids not to draw (one a line)")
    sub.add_parser("report", help="kappa of the first labels against the second, per head and author (and the "
                                  "corpus's issue labels against the second issue labels under Clarification 44)")
    args = parser.parse_args(argv)
    if args.command == "sample":
        from stancelib.data import load_records

        records = [r for p in args.data for r in load_records(p)] if args.data else corpus_records()
        exclude = read_ids(args.exclude) if args.exclude else []
        items = draw(records, args.authors, seed=args.seed, exclude=exclude)
        args.out.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        print(f"{len(items)} items for a blind second labelling written to {args.out}")
        return 0
    records = corpus_records()
    report = kappas(records, read_jsonl(AGREEMENT / "second_labels.jsonl"))
    if ISSUE_RELABEL.exists():
        report["issue_under_clarification_44"] = issue_relabel_agreement(records, read_jsonl(ISSUE_RELABEL))
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
