"""Score saved leave-one-author-out predictions on chosen authors' rows.

    python -m training.evaluate --split authors --quick --systems stancelib --save-oof reports/oof_new.npz
    python -m training.evaluate --split authors --quick --systems stancelib --save-oof reports/oof_old.npz \\
        --data seeds/corpus/part_[a-u].jsonl
    python -m training.oof_scores reports/oof_old.npz reports/oof_new.npz --authors a-u

Adding authors to the corpus changes the folds, so two leave-one-author-out
runs on different corpora are only comparable on the authors both hold out:
this scores each saved run (``training.evaluate --save-oof``) on the rows of
those authors alone. Labels are decided as ``--quick`` models decide them
(issue threshold 0.5, argmax of stance and side), so compare runs made with
``--quick``. The rows of a run made with ``--data`` are matched to the seed
corpus by document, in order.

A relabelling changes the labels both runs are scored against, and one that
chose its sentences by a model's disagreement flatters a model trained after
it; ``--ids seeds/agreement/sample_ids.txt`` scores the runs only on the
blind-checked agreement sample, which the audit passes did not read.
"""

from __future__ import annotations

import argparse
import sys
from itertools import product
from pathlib import Path
from string import ascii_lowercase
from typing import Any, Iterable

import numpy as np

from stancelib.metrics import indicators, multi_label_scores, single_label_scores
from stancelib.schema import LABEL_FIELDS as HEADS

from .agreement import read_ids
from .corpus_stats import author_order, corpus_records


def parse_authors(spec: str) -> set[str]:
    """``"a-u"``, ``"v,w,x"``, ``"aa-ac"`` or a mix (``"a-c,x"``, ``"a-ac"``) to a set of author names.

    A range runs over the ids in the order the corpus gives them: ``a`` ... ``z``,
    then ``aa`` ... ``az``, ``ba`` ..., so ``"a-ac"`` is the 26 one-letter
    authors and ``aa``, ``ab``, ``ac``. Anything else (``"seed"``) is a name.
    """
    out: set[str] = set()
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        lo, dash, hi = part.partition("-")
        if dash and all(e.isascii() and e.isalpha() and e.islower() and len(e) <= 2 for e in (lo, hi)) \
                and author_order(lo) <= author_order(hi):
            ids = ("".join(p) for n in (1, 2) for p in product(ascii_lowercase, repeat=n))
            out.update(i for i in ids if author_order(lo) <= author_order(i) <= author_order(hi))
        else:
            out.add(part)
    return out


def load_oof(path: str | Path) -> Any:
    """The arrays of an out-of-fold file that ``training.evaluate --save-oof`` wrote (a lazy ``NpzFile``).

    Parameters
    ----------
    path : str or path
        The ``.npz`` file.

    Returns
    -------
    numpy.lib.npyio.NpzFile
        Its arrays by name: ``doc_id``, ``author``, ``classes/<head>`` and
        ``<split>/<system>/<head>``.

    Raises
    ------
    SystemExit
        No such file, or a file that is not one of ``--save-oof`` (another
        ``.npz``, a JSONL, ...); the message says how to make one. Nothing is
        unpickled: the file is read with ``allow_pickle=False``.
    """
    import zipfile

    path = Path(path)
    make = ("python -m training.evaluate --quick --save-oof reports/oof.npz (this script's --help gives the "
            "full command)")
    if not path.exists():
        raise SystemExit(f"no out-of-fold file {path}: make one with {make}")
    if path.is_dir():
        raise SystemExit(f"{path} is a directory, not an out-of-fold .npz: give the file training.evaluate "
                         f"--save-oof wrote, or make one with {make}")
    not_oof = (f"{path} is not an out-of-fold file of training.evaluate --save-oof (an .npz holding doc_id, "
               f"author and classes/<head> arrays): make one with {make}")
    try:
        oof = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError, zipfile.BadZipFile):  # text, pickles, truncated or foreign files
        raise SystemExit(not_oof) from None
    if not hasattr(oof, "files"):  # a single .npy array
        raise SystemExit(not_oof)
    if not {"doc_id", "author"} <= set(oof.files) or not any(k.startswith("classes/") for k in oof.files):
        oof.close()
        raise SystemExit(not_oof)
    return oof


def rows_of(oof: Any, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The corpus records the rows of ``oof`` were predicted for (its authors' records, in corpus order)."""
    saved = [str(d) for d in oof["doc_id"]]
    present = {str(a) for a in oof["author"]}
    mine = [r for r in records if str(r.get("author") or "") in present]
    if [str(r["doc_id"]) for r in mine] != saved:
        raise SystemExit("the saved rows are not the seed corpus's (a file changed since, or --data named files "
                         "outside seeds/): run training.evaluate --save-oof again on the current corpus")
    return mine


def system_of(oof: Any, system: str | None = None) -> str:
    """The system to score in ``oof``: ``system``, or else ``stancelib``, or else the file's only one."""
    have = sorted({k.split("/")[1] for k in oof.files if k.startswith("authors/")})
    if system is None:
        system = "stancelib" if "stancelib" in have or len(have) != 1 else have[0]
    if system not in have:
        raise SystemExit(f"no leave-one-author-out predictions of {system!r} in this file; it has {have}: "
                         "name one with --system")
    return system


def scores(oof: Any, records: list[dict[str, Any]], authors: Iterable[str], system: str | None = None,
           ids: Iterable[str] | None = None) -> dict[str, float]:
    """Leave-one-author-out figures of ``system`` (see :func:`system_of`) on the rows of ``authors``
    (rows no fold tested are skipped), or only on those of them whose sentence id is in ``ids``."""
    system = system_of(oof, system)
    classes = {h: [str(c) for c in oof[f"classes/{h}"]] for h in HEADS}
    wanted = set(authors)
    only = None if ids is None else {str(i) for i in ids}
    rows = np.array([i for i, r in enumerate(records) if str(r.get("author") or "") in wanted
                     and (only is None or str(r["id"]) in only)], dtype=int)
    # a baseline's file may hold no issue probabilities (training.evaluate saves what each system predicts)
    proba = {h: np.asarray(oof[f"authors/{system}/{h}"])[rows] for h in HEADS if f"authors/{system}/{h}" in oof.files}
    tested = ~np.isnan(proba["stance"]).any(axis=1)
    rows, proba = rows[tested], {h: p[tested] for h, p in proba.items()}
    if not len(rows):
        raise SystemExit(f"no tested rows of authors {sorted(wanted)} in this file")
    out = {"sentences": float(len(rows)), "issue micro-F1": float("nan")}
    if "issue" in proba:
        truth = indicators([records[i]["issue"] for i in rows], classes["issue"], multi=True).astype(bool)
        out["issue micro-F1"] = multi_label_scores(truth, proba["issue"] >= 0.5, average_over="all")["micro_f1"]
    for h in ("stance", "side"):
        s = single_label_scores([str(records[i][h]) for i in rows], [classes[h][k] for k in proba[h].argmax(axis=1)],
                                classes[h], average_over="all")
        out[f"{h} macro-F1"], out[f"{h} accuracy"] = s["macro_f1"], s["accuracy"]
        out.update({f"{h} {c} F1": float(f) for c, f in zip(classes[h], s["per_label"]["f1"])})
    return {k: round(float(v), 4) for k, v in out.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.oof_scores", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("oof", type=Path, nargs="+", help=".npz files of training.evaluate --save-oof")
    parser.add_argument("--authors", required=True, help='whose rows to score: "a-u", "v,w,x", "a-c,x", "a-ac" (two-letter ids follow z)')
    parser.add_argument("--system", default=None,
                        help="the system to score in every file (default: stancelib, or a file's only system, "
                             "e.g. a --variant run's)")
    parser.add_argument("--ids", type=Path, default=None,
                        help="score only the sentences whose ids this file lists, one a line (e.g. "
                             "seeds/agreement/sample_ids.txt: labels checked blind, to compare runs trained on "
                             "relabelled data against labels neither relabelling touched)")
    args = parser.parse_args(argv)
    if args.ids is not None and not args.ids.is_file():
        parser.error(f"--ids {args.ids}: no such file (e.g. seeds/agreement/sample_ids.txt)")
    files = [load_oof(path) for path in args.oof]  # every file is checked before any is scored
    ids = None if args.ids is None else read_ids(args.ids)
    records = corpus_records()
    authors = parse_authors(args.authors)
    header = False
    for path, oof in zip(args.oof, files):
        res = scores(oof, rows_of(oof, records), authors, args.system, ids)
        if not header:  # the side classes come from the file (a retrained schema may have others)
            columns = ["issue micro-F1", "stance macro-F1", "stance accuracy", "side macro-F1", "side accuracy",
                       *(f"side {c} F1" for c in oof["classes/side"])]
            print(f"{'run':<40}{'sentences':>10}" + "".join(f"{c:>17}" for c in columns))
            header = True
        print(f"{str(path):<40}{int(res['sentences']):>10}" + "".join(f"{res.get(c, float('nan')):>17}" for c in columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
