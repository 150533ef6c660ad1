"""The ``stancelib`` command line."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence, TextIO

__all__ = ["main"]


def _read_text(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
        where = "standard input"
    else:
        p = Path(path)
        if not p.exists():
            raise SystemExit(f"stancelib: no such file: {path}")
        if p.is_dir():
            raise SystemExit(f"stancelib: {path} is a directory; pass a text file")
        data = p.read_bytes()
        where = path
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SystemExit(
            f"stancelib: {where} is not UTF-8 text (invalid byte at position {exc.start}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None


def _model(args: argparse.Namespace) -> Any:
    from .persist import ModelLoadError, load_model

    try:
        return load_model(args.model, trusted=args.trust_model) if args.model else load_model()
    except (ModelLoadError, FileNotFoundError) as exc:
        raise SystemExit(f"stancelib: {exc}") from None


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def write_labels(labels: Iterable[Any], fmt: str, out: TextIO, *, explain: Any = None) -> None:
    """Write labels as a table, JSONL or CSV, streaming."""
    if fmt == "jsonl":
        for lab in labels:
            d = lab.to_dict()
            if explain is not None:
                d["explanation"] = explain(lab)
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(["start", "end", "text", "issues", "stance", "side", "confidence"])
        for lab in labels:
            w.writerow([lab.span[0], lab.span[1], lab.text, ";".join(lab.issues), lab.stance, lab.side or "", f"{lab.confidence:.3f}"])
        return
    header = f"{'#':>3}  {'sentence':<70}  {'issues':<28}  {'stance':<11}  {'side':<6}  conf"
    out.write(header + "\n" + "-" * len(header) + "\n")
    for i, lab in enumerate(labels, 1):
        out.write(f"{i:>3}  {_shorten(lab.text, 70):<70}  {_shorten(','.join(lab.issues), 28):<28}  "
                  f"{lab.stance:<11}  {(lab.side or '-'):<6}  {lab.confidence:.2f}\n")
        if explain is not None:
            for field, per_label in explain(lab).items():
                for label, feats in per_label.items():
                    shown = ", ".join(f"{n} (+{v:.2f})" for n, v in feats)
                    out.write(f"{'':>5}{field}={label}: {shown}\n")


def _cmd_classify(args: argparse.Namespace) -> int:
    from .api import classify, classify_sentences

    model = _model(args)
    explain = (lambda lab: model.explain(lab.text, top=args.top)) if args.explain else None
    if args.sentences:
        from .batch import iter_labelled_file

        write_labels(iter_labelled_file(args.file, model=model, text_column=args.text_column,
                                        progress=not args.quiet), args.format, sys.stdout, explain=explain)
        return 0
    text = _read_text(args.file)
    write_labels(classify(text, model=model), args.format, sys.stdout, explain=explain)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from .data import DataValidationError, load_records, validate_records
    from .schema import LabelSchema

    records: list[dict[str, Any]] = []
    problems = []
    for path in args.paths:
        try:
            records.extend(load_records(path))
        except DataValidationError as exc:
            problems.extend(exc.problems)
        except (FileNotFoundError, ValueError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            return 2
    schema = None if args.any_codes else LabelSchema.default()
    problems.extend(validate_records(records, schema, require_metadata=args.require_metadata))
    for p in problems:
        print(p)
    docs = len({r.get("doc_id") for r in records})
    status = "OK" if not problems else f"{len(problems)} problem(s)"
    print(f"{status}: {len(records)} sentences in {docs} documents from {len(args.paths)} file(s)", file=sys.stderr)
    return 1 if problems else 0


def _cmd_train(args: argparse.Namespace) -> int:
    from .data import DataValidationError
    from .trainer import train

    params = json.loads(args.params) if args.params else None
    kwargs: dict[str, Any] = {"base": args.base, "out": args.out, "params": params}
    if args.seed is not None:
        kwargs["seed"] = args.seed
    try:
        result = train(args.data or None, **kwargs)
    except DataValidationError as exc:
        print(f"stancelib: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stancelib: interrupted; any previous model in the output directory is unchanged", file=sys.stderr)
        return 130
    m = result.manifest
    print(f"trained on {m['data']['sentences']} sentences in {m['data']['documents']} documents; "
          f"saved {result.path}")
    print(json.dumps(m["metrics"], indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="stancelib", description="Label the sentences of diplomatic readouts with issues, stance and side.")
    parser.add_argument("--version", action="version", version=f"stancelib {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def model_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--model", help="model directory or .joblib file (default: the bundled model)")
        p.add_argument("--trust-model", action="store_true",
                       help="allow loading a model from outside the package (it runs code: only for models you trust)")

    p = sub.add_parser("classify", help="label every sentence of a readout")
    p.add_argument("file", help="text file, or - for standard input")
    p.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    p.add_argument("--sentences", action="store_true",
                   help="FILE is JSONL/CSV/TXT with one sentence per row: label rows, streaming (large inputs)")
    p.add_argument("--text-column", default="text", help="column holding the sentence with --sentences")
    p.add_argument("--explain", action="store_true", help="show the features behind each label")
    p.add_argument("--top", type=int, default=3, help="features per label with --explain")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    model_args(p)
    p.set_defaults(func=_cmd_classify)

    p = sub.add_parser("validate", help="check labelled data against the schema")
    p.add_argument("paths", nargs="+")
    p.add_argument("--any-codes", action="store_true", help="accept label codes outside the default scheme")
    p.add_argument("--require-metadata", action="store_true", help="also require source, date and participants")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("train", help="train a model on labelled data")
    p.add_argument("--data", nargs="*", default=[], help="labelled JSONL/CSV files")
    p.add_argument("--base", choices=["seeds", "none"], default="seeds", help="add the seed corpus (default) or not")
    p.add_argument("--out", required=True, help="directory for the model, manifest and model card")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: train()'s)")
    p.add_argument("--params", help="JSON object of ReadoutClassifier parameters")
    p.set_defaults(func=_cmd_train)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
