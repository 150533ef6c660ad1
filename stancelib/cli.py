"""The ``stancelib`` command line."""

from __future__ import annotations

import argparse
import csv
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
        from .data import encoding_advice

        raise SystemExit(
            f"stancelib: {where} is not UTF-8 text (invalid byte at position {exc.start}); {encoding_advice(data)}"
        ) from None


def _code_list(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def _model(args: argparse.Namespace) -> Any:
    from .persist import ModelLoadError, load_model

    try:
        return load_model(args.model, trusted=args.trust_model) if args.model else load_model()
    except (ModelLoadError, FileNotFoundError) as exc:
        raise SystemExit(f"stancelib: {exc}") from None


def _escape(text: str) -> str:
    """Text safe to print to a terminal: control and bidirectional characters shown as escapes."""
    return "".join(ch if ch.isprintable() and not 0x202A <= ord(ch) <= 0x202E and not 0x2066 <= ord(ch) <= 0x2069
                   else ch.encode("unicode_escape").decode("ascii") for ch in text)


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
        if explain is not None:
            raise SystemExit("stancelib: --explain works with --format table or jsonl, not csv")
        w = csv.writer(out)
        w.writerow(["start", "end", "text", "issues", "stance", "side", "confidence"])
        for lab in labels:
            w.writerow([lab.span[0], lab.span[1], lab.text, ";".join(lab.issues), lab.stance, lab.side or "", f"{lab.confidence:.3f}"])
        return
    header = f"{'#':>3}  {'sentence':<70}  {'issues':<28}  {'stance':<11}  {'side':<6}  conf"
    out.write(header + "\n" + "-" * len(header) + "\n")
    for i, lab in enumerate(labels, 1):
        out.write(f"{i:>3}  {_shorten(_escape(lab.text), 70):<70}  {_shorten(','.join(lab.issues), 28):<28}  "
                  f"{lab.stance:<11}  {(lab.side or '-'):<6}  {lab.confidence:.2f}\n")
        if explain is not None:
            for field, per_label in explain(lab).items():
                for label, ways in per_label.items():
                    mark = "  <- sets the confidence" if field == lab.confidence_head else ""
                    out.write(f"{'':>5}{field}={label}{mark}\n")
                    for way in ("for", "against"):
                        shown = ", ".join(f"{_escape(n)} ({v:+.2f})" for n, v in ways[way]) or "-"
                        out.write(f"{'':>7}{way + ':':<9}{shown}\n")


def _cmd_classify(args: argparse.Namespace) -> int:
    from .api import _check_text, _iter_classify

    if args.top < 1:
        raise SystemExit(f"stancelib: --top must be at least 1, got {args.top}")
    if args.explain and args.format == "csv":
        raise SystemExit("stancelib: --explain works with --format table or jsonl, not csv")

    model = _model(args)
    explain = (lambda lab: model.explain(lab.text, top=args.top)) if args.explain else None
    if args.sentences:
        from .batch import iter_labelled_file

        write_labels(iter_labelled_file(args.file, model=model, text_column=args.text_column,
                                        progress=not args.quiet), args.format, sys.stdout, explain=explain)
        return 0
    text = _read_text(args.file)
    # streamed a batch at a time: a million short lines never make a million labels at once
    write_labels(_iter_classify(_check_text(text, "text"), model), args.format, sys.stdout, explain=explain)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from .comparison import compare

    if args.file_a == "-" and args.file_b == "-":
        raise SystemExit("stancelib: only one of the two readouts can come from standard input")
    texts = []
    for path in (args.file_a, args.file_b):
        text = _read_text(path)
        if not text.strip():
            raise SystemExit(f"stancelib: {'standard input' if path == '-' else path} is empty; pass the text of a readout")
        texts.append(text)
    model = _model(args)
    try:
        result = compare(texts[0], texts[1], names=tuple(args.names), model=model)
    except (TypeError, ValueError) as exc:
        raise SystemExit(f"stancelib: {exc}") from None
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(result.to_markdown())
    else:
        sys.stdout.write(result.to_table())
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
    schema = LabelSchema.default() if args.known_codes_only else None
    problems.extend(validate_records(records, schema, require_metadata=args.require_metadata,
                                     declared_codes=args.new_codes))
    for p in problems:
        print(p)
    if not args.known_codes_only and records:
        from .data import new_codes

        for field, codes in new_codes(records).items():
            print(f"new codes ({field}): {', '.join(codes)} -- a retrained model learns them; "
                  "--known-codes-only refuses them", file=sys.stderr)
    docs = len({r.get("doc_id") for r in records})
    status = "OK" if not problems else f"{len(problems)} problem(s)"
    print(f"{status}: {len(records)} sentences in {docs} documents from {len(args.paths)} file(s)", file=sys.stderr)
    return 1 if problems else 0


def _check_train_out(out: str) -> Path:
    """Refuse an output directory that cannot take a model, before any training."""
    import os

    path = Path(out)
    if path.exists() and not path.is_dir():
        raise SystemExit(f"stancelib: --out {out} is a file; pass a directory for the model")
    parent = path if path.exists() else next((p for p in path.parents if p.exists()), Path("."))
    if not os.access(parent, os.W_OK):
        raise SystemExit(f"stancelib: --out {out}: {parent} is not writable")
    manifest = path / "manifest.json"
    if manifest.exists():
        try:
            ours = json.loads(manifest.read_text(encoding="utf-8")).get("format") == "stancelib-model"
        except (ValueError, UnicodeDecodeError, AttributeError):
            ours = False
        if not ours:
            raise SystemExit(f"stancelib: --out {out} holds a manifest.json that is not a stancelib model's; "
                             "pick another directory rather than overwrite it")
    return path


def _train_params(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        params = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SystemExit(f"stancelib: --params is not valid JSON ({exc.msg}); e.g. --params '{{\"C\": 4}}'") from None
    if not isinstance(params, dict):
        raise SystemExit(f"stancelib: --params must be a JSON object of model parameters, got {type(params).__name__}")
    from .model import ReadoutClassifier

    known = ReadoutClassifier().get_params()
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise SystemExit(f"stancelib: unknown model parameter(s) {unknown} in --params; known: {', '.join(sorted(known))}")
    return params


def _manifest_digest(out: Path) -> str | None:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8")).get("artifact_sha256")
    except (OSError, ValueError, AttributeError):
        return None


def _cmd_train(args: argparse.Namespace) -> int:
    from .data import DataValidationError
    from .trainer import train

    out = _check_train_out(args.out)  # before the data are read or anything is trained
    params = _train_params(args.params)
    for path in args.data:
        if not Path(path).is_file():
            raise SystemExit(f"stancelib: --data {path}: no such file")
    kwargs: dict[str, Any] = {"base": args.base, "out": args.out, "params": params, "new_codes": args.new_codes,
                              "progress": not args.quiet}
    if args.seed is not None:
        kwargs["seed"] = args.seed
    before = _manifest_digest(out)
    try:
        result = train(args.data or None, **kwargs)
    except DataValidationError as exc:
        print(f"stancelib: {exc}", file=sys.stderr)
        return 1
    except (ValueError, FileNotFoundError, TypeError) as exc:
        print(f"stancelib: cannot train on this data: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        after = _manifest_digest(out)
        if after is not None and after != before:
            print(f"stancelib: interrupted after the new model was saved: {out} holds the new model "
                  f"(sha256 {after[:16]}…)", file=sys.stderr)
        else:
            print("stancelib: interrupted before the new model was saved; any previous model in "
                  f"{out} is unchanged", file=sys.stderr)
        return 130
    m = result.manifest
    print(f"trained on {m['data']['sentences']} sentences in {m['data']['documents']} documents; "
          f"saved {result.path}")
    print(json.dumps(m["metrics"], indent=2))
    return 0


def _write_jsonl(rows: Iterable[dict[str, Any]], path: str | None) -> None:
    import os
    import tempfile

    if path is None:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    target = Path(path)
    if not target.parent.is_dir():
        raise SystemExit(f"stancelib: --out {path}: no such folder {target.parent}; create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, target)


def _cmd_suggest(args: argparse.Namespace) -> int:
    from .batch import iter_rows
    from .curation import suggest
    from .segment import segment

    if args.n < 1:
        raise SystemExit(f"stancelib: --n must be at least 1, got {args.n}")
    model = _model(args)
    suffix = Path(args.file).suffix.lower()
    source = "stdin" if args.file == "-" else Path(args.file).name
    doc_ids = None
    if suffix in (".jsonl", ".csv", ".ndjson"):
        rows_in = list(iter_rows(args.file, args.text_column))
        texts = [r[args.text_column] or "" for r in rows_in]
        doc_ids = [str(r.get("doc_id") or Path(source).stem) for r in rows_in]
    else:
        texts = [s.text for s in segment(_read_text(args.file))]
        doc_ids = [Path(source).stem] * len(texts)
    rows = suggest(model, texts, n=args.n, source=source, doc_ids=doc_ids)
    _write_jsonl(rows, args.out)
    print(f"{len(rows)} sentences to label (of {len(texts)}), least sure first"
          + (f", written to {args.out}" if args.out else ""), file=sys.stderr)
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from .curation import audit
    from .data import DataValidationError, load_records, seed_files, validate_records

    if not args.data and args.base == "seeds":
        raise SystemExit("stancelib: --base seeds adds the seed corpus to your data; pass your labelled files "
                         "(or drop --base to audit the seed corpus itself)")
    paths = args.data or [str(p) for p in seed_files()]
    try:
        records = load_records(paths)
    except DataValidationError as exc:
        print(f"stancelib: {exc}", file=sys.stderr)
        return 1
    problems = validate_records(records)
    if problems:
        print(f"stancelib: {DataValidationError(problems)}", file=sys.stderr)
        return 1
    suspects = audit(records, base=args.base, folds=args.folds, threshold=args.threshold, seed=args.seed,
                     progress=not args.quiet)
    if args.format == "jsonl" or args.out:
        _write_jsonl((s.to_dict() for s in suspects), args.out)
    else:
        for s in suspects:
            print(f"{s.source}:{s.line}  {s.id}  {s.field}: labelled {s.label}, model says {s.predicted} "
                  f"(p={s.probability:.2f})\n    {_shorten(s.text, 110)}")
    flagged = len({s.id for s in suspects})
    print(f"{len(suspects)} likely label errors in {flagged} of {len(records)} sentences ({flagged / len(records):.1%}; "
          f"calibrated {args.folds}-fold cross-validation grouped by document, threshold {args.threshold}"
          + (", fold models trained with the seed corpus" if args.base == "seeds" else "") + ")", file=sys.stderr)
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

    p = sub.add_parser("compare", help="compare two readouts of the same call, issue by issue")
    p.add_argument("file_a", metavar="A", help="first readout (text file, or - for standard input)")
    p.add_argument("file_b", metavar="B", help="second readout (text file, or - for standard input)")
    p.add_argument("--names", nargs=2, metavar=("NAME_A", "NAME_B"), default=["US", "China"],
                   help="display names of the two readouts (default: US China)")
    p.add_argument("--format", choices=["table", "markdown", "json"], default="table")
    model_args(p)
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser("validate", help="check labelled data against the schema")
    p.add_argument("paths", nargs="+")
    p.add_argument("--known-codes-only", action="store_true",
                   help="refuse label codes outside the default scheme (default: accept and list them, as train does)")
    p.add_argument("--new-codes", type=_code_list, default=[], metavar="CODE[,CODE...]",
                   help="new codes that look like a typo of a default code but are meant")
    p.add_argument("--any-codes", action="store_true", help=argparse.SUPPRESS)  # the default since 0.2
    p.add_argument("--require-metadata", action="store_true", help="also require source, date and participants")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("train", help="train a model on labelled data")
    p.add_argument("--data", nargs="*", default=[], help="labelled JSONL/CSV files")
    p.add_argument("--base", choices=["seeds", "none"], default="seeds", help="add the seed corpus (default) or not")
    p.add_argument("--out", required=True, help="directory for the model, manifest and model card")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: train()'s)")
    p.add_argument("--params", help="JSON object of ReadoutClassifier parameters")
    p.add_argument("--new-codes", type=_code_list, default=[], metavar="CODE[,CODE...]",
                   help="new codes that look like a typo of a default code but are meant")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("suggest", help="pick the unlabelled sentences the model is least sure of")
    p.add_argument("file", help="a readout (text) or sentences (JSONL/CSV)")
    p.add_argument("--n", type=int, default=50, help="how many sentences (default 50)")
    p.add_argument("--out", help="JSONL to write (default: standard output)")
    p.add_argument("--text-column", default="text")
    model_args(p)
    p.set_defaults(func=_cmd_suggest)

    p = sub.add_parser("audit", help="list labelled sentences whose labels look wrong")
    p.add_argument("data", nargs="*", help="labelled JSONL/CSV (default: the seed corpus)")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--threshold", type=float, default=0.95, help="probability of the disagreeing label (default 0.95)")
    p.add_argument("--base", choices=["none", "seeds"], default="none",
                   help="seeds: train the fold models on the seed corpus too (for small files); only your data is reported")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=["table", "jsonl"], default="table")
    p.add_argument("--out", help="JSONL to write")
    p.set_defaults(func=_cmd_audit)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        # a lone surrogate (a "\\ud800" escape in JSON input) or an unencodable character must not
        # crash the output half-way: write it as an escape instead
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
