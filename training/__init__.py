"""Reproducible training, evaluation and benchmark scripts (not part of the installed package).

The argument checks the scripts share live here, so that a bad flag stops a
script when it parses its arguments, not after an hour of cross-validation.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, Callable


def _whole_number(text: str, what: str = "a whole number") -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None


def int_at_least(low: int, why: str = "") -> Callable[[str], int]:
    """An argparse ``type``: a whole number of at least ``low`` (``why``, if given, ends the message)."""
    def parse(text: str) -> int:
        value = _whole_number(text)
        if value < low:
            raise argparse.ArgumentTypeError(f"must be {low} or more, got {value}" + (f" ({why})" if why else ""))
        return value
    parse.__name__ = f"int >= {low}"
    return parse


def jobs_count(text: str) -> int:
    """An argparse ``type`` for ``--jobs``: processes, 1 or more, or joblib's -1 (one per core); 0 is refused."""
    value = _whole_number(text, "a whole number of processes")
    if value == 0:
        raise argparse.ArgumentTypeError("0 processes would run nothing: give 1 or more (or -1 for one per CPU core)")
    return value


def training_seed(text: str) -> int:
    """An argparse ``type`` for ``--seed``: :func:`stancelib.config.check_seed` on a whole number."""
    from stancelib.config import check_seed

    try:
        return check_seed(_whole_number(text))
    except ValueError as exc:  # "seed must be in ...": argparse names the flag itself
        raise argparse.ArgumentTypeError(str(exc).removeprefix("seed ")) from None


def check_output(parser: argparse.ArgumentParser, path: Path | str | None, flag: str) -> None:
    """``parser.error`` unless ``path`` (given as ``flag``) can be written: not a directory, under a directory
    that exists or can be made, and writable. Nothing is created."""
    if path is None:
        return
    path = Path(path)
    if path.is_dir():
        parser.error(f"{flag} {path} is a directory: give a file path, e.g. {path / 'report.json'}")
    if path.exists() and not os.access(path, os.W_OK):
        parser.error(f"{flag} {path} exists and cannot be written: give another path")
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        parser.error(f"{flag} {path}: {parent} is a file, so no folder can be made there: give another path")
    if not os.access(parent, os.W_OK | os.X_OK):
        parser.error(f"{flag} {path}: cannot write in {parent}: give a path in a folder you can write to")


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    """``--model DIR`` and ``--trust-model``, for a script that reads a model (default: the bundled one)."""
    parser.add_argument("--model", default=None, help="a model directory (default: the bundled model)")
    parser.add_argument("--trust-model", action="store_true",
                        help="load --model's joblib estimator (pickle); only with --model")


def model_from_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Any:
    """The model of :func:`add_model_arguments`' flags: ``load_model(--model, trusted=--trust-model)``, or None for
    the bundled model; ``parser.error`` for --trust-model without --model."""
    if args.trust_model and not args.model:
        parser.error("--trust-model applies to a --model directory; the bundled model needs no trust: "
                     "add --model DIR or drop --trust-model")
    if not args.model:
        return None
    from stancelib import load_model

    return load_model(args.model, trusted=args.trust_model)


def write_json(path: Path, data: Any, *, indent: int = 2) -> None:
    """``data`` as JSON indented by ``indent`` spaces at ``path`` (its folder made if need be), ending in a
    newline, written atomically: a script's JSON report (the long ones, such as evaluate.py's, use
    ``indent=1``)."""
    import json

    from stancelib.persist import atomic_write_text

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(data, indent=indent) + "\n")
