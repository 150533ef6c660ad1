"""How often a model's labels change when only the surface of a sentence does.

    python -m training.robustness [--model DIR] [--sentences N] [--json PATH]

Real pages write the same sentence in many ways no label depends on: curly
or straight quotes, "US" or "U.S.", a wire dateline before a story's first
sentence, a soft hyphen or zero-width space a web page left inside a word,
accented names, no-break spaces. The corpus is written in fewer of these
ways than real text, so corpus cross-validation cannot see what they cost.
This script takes sentences of the documents the bundled model was not
trained on (``seeds/heldout_docs.txt``), applies each change below to every
sentence it alters, labels both versions with ``classify_sentences`` and
prints, per change, how many sentences changed issue set, stance and side.

No label is read: every change keeps a sentence's meaning, so a model's
answer should not move. What moves is a model's error on real text that
the corpus cannot show. A model trained with ``normalize=True`` (the
default; :func:`stancelib.lexicon.normalize_text`) is unchanged by the
changes marked "normalised" by construction; the others are left to the
tokeniser and the features.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Callable

from stancelib import classify_sentences, load_model
from stancelib.config import CHECKOUT_ROOT
from stancelib.data import load_records, seed_files
from stancelib.evaluation import read_doc_ids
from stancelib.lexicon import _DATELINE

ROOT = CHECKOUT_ROOT


def curly_quotes(text: str) -> str:
    """Straight quotes and apostrophes as typeset ones: "a" -> “a”, it's -> it’s."""
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    text = "".join(out)
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
    text = re.sub(r"(?:(?<=\s)|^)'(?=\w)", "‘", text)
    return text.replace("'", "’")


def straight_quotes(text: str) -> str:
    return text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")


def inside_words(mark: str) -> Callable[[str], str]:
    """Put ``mark`` inside the first two words of eight letters or more (as hyphenating web pages do)."""
    return lambda text: re.sub(r"\b(\w{4})(\w{4,})", lambda m: m.group(1) + mark + m.group(2), text, count=2)


def wire_dateline(prefix: str) -> Callable[[str], str]:
    """Open a sentence with a wire story's dateline (a sentence that opens with one already is left alone)."""
    return lambda text: text if _DATELINE.match(text) else prefix + text


#: British spellings of words the corpus writes both ways (a real page keeps to one): pattern, replacement.
BRITISH_SPELLINGS = [
    (r"\b([Dd])efense", r"\1efence"),
    (r"\b([Cc])enter", r"\1entre"),
    (r"\b([Pp])rogram(s?)\b", r"\1rogramme\2"),
    (r"\b([Dd])ialog\b", r"\1ialogue"),
    (r"\b([Ff]av|[Ll]ab|[Hh]on|[Bb]ehavi|[Nn]eighb|[Hh]arb)or", r"\1our"),
    (r"\b([Rr]ecogni|[Ee]mphasi|[Cc]ritici|[Ss]tabili|[Nn]ormali|[Pp]rioriti|[Rr]eali|[Oo]rgani|[Mm]obili|[Mm]oderni)z",
     r"\1s"),
]


def british(text: str) -> str:
    for pattern, replacement in BRITISH_SPELLINGS:
        text = re.sub(pattern, replacement, text)
    return text


#: name -> (change, whether :func:`stancelib.lexicon.normalize_text` undoes it)
CHANGES: dict[str, tuple[Callable[[str], str], bool]] = {
    "curly quotes and apostrophes": (curly_quotes, False),
    "straight quotes and apostrophes": (straight_quotes, False),
    "em dashes for dashes": (lambda t: t.replace(" -- ", " — ").replace(" - ", " — "), False),
    "double hyphens for em dashes": (lambda t: t.replace(" — ", " -- ").replace("—", " -- "), False),
    "line break after the first comma": (lambda t: t.replace(", ", ",\n", 1), False),
    "no final full stop": (lambda t: t[:-1] if t.endswith(".") else t, False),
    "upper case": (str.upper, False),
    "double spaces": (lambda t: t.replace(" ", "  "), False),
    "British spellings": (british, False),
    "HTML entities for quotes and apostrophes": (lambda t: t.replace('"', "&quot;").replace("'", "&#39;")
                                                 .replace("“", "&ldquo;").replace("”", "&rdquo;")
                                                 .replace("’", "&rsquo;"), True),
    "US for U.S.": (lambda t: re.sub(r"\bU\.S\.(?=[\s,;:'’\-]|$)", "US", t), True),
    "U.S. for US": (lambda t: re.sub(r"\bUS\b", "U.S.", t), True),
    "no-break spaces": (lambda t: t.replace(" ", "\u00a0"), True),
    "full-width commas": (lambda t: t.replace(", ", "\uff0c"), True),
    "soft hyphens inside words": (inside_words("\u00ad"), True),
    "zero-width spaces inside words": (inside_words("\u200b"), True),
    "pinyin tone marks on Beijing and Shanghai": (lambda t: t.replace("Beijing", "Běijīng").replace("Shanghai", "Shànghǎi"),
                                                  True),
    "Reuters dateline": (wire_dateline("WASHINGTON (Reuters) - "), True),
    "Xinhua dateline": (wire_dateline("BEIJING, Dec. 3 (Xinhua) -- "), True),
    "AP dateline": (wire_dateline("UNITED NATIONS (AP) — "), True),
}


def heldout_sentences(limit: int | None = None) -> list[str]:
    """The corpus sentences of the documents the bundled model was not trained on, in file order."""
    held = set(read_doc_ids(ROOT / "seeds" / "heldout_docs.txt"))
    texts = [r["text"] for p in seed_files(ROOT / "seeds") for r in load_records(p) if r.get("doc_id") in held]
    return texts[:limit] if limit else texts


def label_changes(texts: list[str], model=None) -> list[dict]:
    """Per change: sentences it alters, and how many of them change issue set, stance and side."""
    before = classify_sentences(texts, model=model)
    rows = []
    for name, (change, normalised) in CHANGES.items():
        new = [change(t) for t in texts]
        altered = [i for i, (a, b) in enumerate(zip(texts, new)) if a != b]
        after = classify_sentences([new[i] for i in altered], model=model) if altered else []
        flips = {"issue": 0, "stance": 0, "side": 0}
        for i, label in zip(altered, after):
            flips["issue"] += set(label.issues) != set(before[i].issues)
            flips["stance"] += label.stance != before[i].stance
            flips["side"] += label.side != before[i].side
        rows.append({"change": name, "normalised": normalised, "sentences": len(altered), **flips})
    return rows


def render(rows: list[dict]) -> str:
    lines = ["| change | normalised | sentences | issue set changed | stance changed | side changed |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        n = max(r["sentences"], 1)
        cells = [f"{r[h]} ({r[h] / n:.1%})" for h in ("issue", "stance", "side")]
        lines.append(f"| {r['change']} | {'yes' if r['normalised'] else 'no'} | {r['sentences']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="a model directory (default: the bundled model)")
    parser.add_argument("--trust-model", action="store_true", help="load --model's joblib estimator (pickle)")
    parser.add_argument("--sentences", type=int, default=None, help="use only the first N held-out sentences")
    parser.add_argument("--json", default=None, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    model = load_model(args.model, trusted=args.trust_model) if args.model else load_model()
    texts = heldout_sentences(args.sentences)
    rows = label_changes(texts, model=model)
    print(f"{len(texts)} sentences of the held-out documents; model: {args.model or 'bundled'}"
          f" (normalize={getattr(model, 'normalize', False)})\n")
    print(render(rows))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print("\nregenerate: python -m training.robustness")
    return 0


if __name__ == "__main__":
    sys.exit(main())
