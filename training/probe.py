"""Score a model on the phenomenon probe: hard cases of real readout text, by phenomenon.

    python -m training.probe [--model DIR] [--all] [--part NAME] [--json PATH]

``seeds/probe/probe.jsonl`` holds 240 sentences in 40 short documents,
written for this purpose by a writer whose voice is in no training file, in
the forms issue 12 found the model getting wrong on real text: reported
speech, a reporting source that is not the actor, cooperation voiced as hope,
warnings voiced as resolve or capability, complaints without a consequence,
third parties, sentences naming both sides, ``relations`` where a topic fits
and topics outside the taxonomy; and 131 lines of 12 web pages as users paste
them (the thirty-second round, by another writer): the page's furniture
(bylines, time stamps, credits, breadcrumbs, controls), its titles, captions,
linked headlines and tag lines, and the story's sentences; and 232 sentences of
two more voices (the thirty-fifth round: business and regional press outside
the US and China, and legislatures), written for the forms it was weakest on.
Each line carries its phenomenon; ``--part`` scores one part (:data:`PARTS`). A
second reader labelled every sentence blind (``second_labels.jsonl``); by
default only the sentences both readers labelled alike are scored
(``--all`` scores the first reader's labels of every sentence).

No sentence of the probe is in the training data, and no design choice is
made on it (leave one author out decides them, README "Which yardstick
decides"); it says, per phenomenon, where a model stands, so that a change
that helps the corpus folds but hurts one of these forms is seen. It is
small: a phenomenon's accuracy over 9-68 agreed sentences of a part moves by 1-11 points per sentence.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from stancelib.data import seeds_root
from stancelib.evaluation import Evaluation, evaluate

from . import add_model_arguments, check_output, model_from_arguments, write_json

#: The forms the probe's sentences are written in (each sentence's ``phenomenon``): issue 12's list of what goes
#: wrong on real text, and plain sentences beside them.
PHENOMENA = ("reported_speech", "source_not_actor", "hope_cooperation", "resolve_warning", "complaint_concern",
             "third_party", "both_sides", "relations_scope", "other_issue", "plain",
             "page_furniture", "page_title_caption_or_tag", "page_story")

#: The probe's file, under the seed corpus folder.
PROBE_FILE = Path("probe") / "probe.jsonl"


#: The probe's parts, by the prefix of their documents' ids: who wrote them and when (``--part``).
PARTS = {
    "phenomena": tuple(f"probe-{d}" for d in "01234"),            # probe-01 to probe-40, one writer
    "pages": ("probe-f",),                                        # 12 pasted web pages, another writer
    "voices": ("probe-g", "probe-h"),                             # business press and legislatures, two writers
}


def probe_records(seeds_dir: str | Path | None = None, *, agreed_only: bool = True,
                  part: str | None = None) -> list[dict[str, Any]]:
    """The probe's labelled sentences (with ``phenomenon``), those both readers agreed on unless ``agreed_only``
    is False, of one of :data:`PARTS` when ``part`` is given."""
    if part is not None and part not in PARTS:
        raise ValueError(f"Unknown probe part {part!r}: use one of {', '.join(PARTS)}.")
    path = seeds_root(seeds_dir) / PROBE_FILE
    with open(path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    prefixes = PARTS[part] if part is not None else ("",)
    return [r for r in records if (r["agreed"] or not agreed_only) and r["doc_id"].startswith(prefixes)]


def _row(name: str, ev: Evaluation) -> dict[str, Any]:
    m = ev.metrics
    return {"phenomenon": name, "sentences": m["n_sentences"], "issue_exact": m["issue"]["exact_match"],
            "issue_micro_f1": m["issue"]["micro_f1"], "stance_accuracy": m["stance"]["accuracy"],
            "stance_macro_f1": m["stance"]["macro_f1"], "side_accuracy": m["side"]["accuracy"]}


def probe_scores(model: Any = None, records: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One row for all the probe's sentences, then one per phenomenon (largest first).

    Each phenomenon is scored on the predictions made in document context over the whole probe, so a sentence
    reads the sentence before it as :func:`stancelib.classify` would.
    """
    records = probe_records() if records is None else records
    clean = [{k: v for k, v in r.items() if k not in ("phenomenon", "agreed", "note")} for r in records]
    ev = evaluate(model, clean)
    by_id = {r["id"]: r["phenomenon"] for r in records}
    rows = [_row("all", ev)]
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(ev.records):
        groups.setdefault(by_id[r["id"]], []).append(i)
    for name, idx in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        right = {h: ev.correct(h)[idx] for h in ("issue", "stance", "side")}
        tp = fp = fn = 0
        for i in idx:
            truth, pred = set(ev.truth["issue"][i]), set(ev.pred["issue"][i])
            tp, fp, fn = tp + len(truth & pred), fp + len(pred - truth), fn + len(truth - pred)
        rows.append({"phenomenon": name, "sentences": len(idx), "issue_exact": float(right["issue"].mean()),
                     "issue_micro_f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0,
                     "stance_accuracy": float(right["stance"].mean()), "stance_macro_f1": None,
                     "side_accuracy": float(right["side"].mean())})
    return rows


def probe_table(rows: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table (stance macro-F1 only for all sentences: a phenomenon has too few per stance)."""
    lines = ["| phenomenon | sentences | issue exact set | issue micro-F1 | stance accuracy | stance macro-F1 | side accuracy |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        f1 = "—" if r["stance_macro_f1"] is None else f"{r['stance_macro_f1']:.3f}"
        lines.append(f"| {r['phenomenon']} | {r['sentences']} | {r['issue_exact']:.3f} | {r['issue_micro_f1']:.3f} | "
                     f"{r['stance_accuracy']:.3f} | {f1} | {r['side_accuracy']:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.probe", description=__doc__.split("\n\n")[0])
    add_model_arguments(parser)
    parser.add_argument("--all", action="store_true",
                        help="score every sentence by the first reader's labels (default: only those both readers "
                             "labelled alike)")
    parser.add_argument("--part", choices=list(PARTS), default=None,
                        help="score one part of the probe: the phenomena sentences, the pasted pages or the two "
                             "voices of business press and legislatures (default: all of it)")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON here (default: none)")
    args = parser.parse_args(argv)
    check_output(parser, args.json, "--json")
    model = model_from_arguments(parser, args)
    records = probe_records(agreed_only=not args.all, part=args.part)
    rows = probe_scores(model, records)
    print(f"{len(records)} probe sentences ({'all' if args.all else 'both readers agreed'}"
          f"{'; part ' + args.part if args.part else ''}); "
          f"model: {args.model or 'bundled'}\n")
    print(probe_table(rows))
    if args.json:
        write_json(args.json, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
