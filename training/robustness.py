"""How often a model's labels change when only the surface of a sentence does.

    python -m training.robustness [--model DIR] [--sentences N] [--json PATH]

Real pages write the same sentence in many ways no label depends on: curly
or straight quotes, "US" or "U.S.", a wire dateline before a story's first
sentence, a soft hyphen or zero-width space a web page left inside a word,
tone marks on pinyin, no-break spaces. The corpus is written in fewer of these
ways than real text, so corpus cross-validation cannot see what they cost.
This script takes sentences of the documents the bundled model was not
trained on (``seeds/heldout_docs.txt``), applies each change below to every
sentence it alters, labels both versions with ``classify_sentences`` and
prints, per change, how many sentences changed issue set, stance and side
(:func:`stancelib.evaluation.surface_changes`, which a notebook can call on
any model and sentences).

No label is read: every change keeps a sentence's meaning, so a model's
answer should not move. What moves is a model's error on real text that
the corpus cannot show. A model trained with ``normalize=True`` (the
default; :func:`stancelib.lexicon.normalize_text`) is unchanged by the
changes marked "normalised" by construction; the others are left to the
tokeniser and the features.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stancelib import load_model
from stancelib.evaluation import heldout_records, surface_changes, surface_table

from . import add_model_arguments, check_output, int_at_least, model_from_arguments, write_json


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.robustness", description=__doc__.split("\n\n")[0])
    add_model_arguments(parser)
    parser.add_argument("--sentences", type=int_at_least(1), default=None,
                        help="use only the first N held-out sentences, N >= 1 (default: all of them)")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON here (default: none)")
    args = parser.parse_args(argv)
    check_output(parser, args.json, "--json")
    model = model_from_arguments(parser, args) or load_model()
    texts = [r["text"] for r in heldout_records()][:args.sentences]
    rows = surface_changes(texts, model=model)
    print(f"{len(texts)} sentences of the held-out documents; model: {args.model or 'bundled'}"
          f" (normalize={getattr(model, 'normalize', False)})\n")
    print(surface_table(rows))
    if args.json:
        write_json(args.json, rows)
        print(f"\nrows: {args.json}")
    print("\nregenerate: python -m training.robustness")
    return 0


if __name__ == "__main__":
    sys.exit(main())
