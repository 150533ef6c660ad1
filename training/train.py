"""Build the bundled model from the seed corpus.

    python -m training.train [--config training/config.json] [--seed N] [--out DIR]

Reads the labelled files under ``seeds/``, trains with the config's seed and
parameters, and writes the artifact, ``manifest.json`` and ``MODEL_CARD.md``
into ``stancelib/models/`` (atomically: a failure leaves the old model). The
same data and config give a byte-identical artifact.

With ``--config training/accurate.json`` it fine-tunes the accurate tier
(:class:`stancelib.encoder.EncoderClassifier`; needs the ``embeddings``
extra; about 4.5 minutes on 2 CPU cores) into ``stancelib/models/accurate/``,
where ``load_model("accurate")`` finds it. Releases do not ship it (it did
not clear its bar; docs/design-choices.md), and git ignores that folder.
Its weights repeat run to run on one machine and thread count (a slow test
trains under two hash seeds); torch's kernels do not promise the same bits
across machines.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from stancelib.config import CHECKOUT_ROOT, DEFAULTS, TrainingConfig
from stancelib.data import DataValidationError, load_records, seed_files
from stancelib.evaluation import read_doc_ids
from stancelib.persist import accurate_dir, bundled_dir
from stancelib.trainer import check_out_directory, check_params, train

from . import jobs_count, training_seed

ROOT = CHECKOUT_ROOT
DEFAULT_CONFIG = ROOT / "training" / "config.json"
#: The accurate tier's recipe (a fine-tuned all-MiniLM-L6-v2; needs the embeddings extra).
ACCURATE_CONFIG = ROOT / "training" / "accurate.json"
#: The accurate tier's leave-one-author-out scores beside the default model's (its shipping decision).
ACCURATE_EVALUATION = ROOT / "training" / "accurate_evaluation.json"
#: Cross-validation figures of the recipe (``training.evaluate --summary``), recorded in the manifest and card.
EVALUATION_SUMMARY = ROOT / "training" / "evaluation.json"


def load_config(path: Path = DEFAULT_CONFIG) -> TrainingConfig:
    """stancelib's training defaults (``stancelib.config.DEFAULTS``) updated with the file's settings."""
    return TrainingConfig.from_file(path)


def config_error(parser: argparse.ArgumentParser, exc: Exception) -> NoReturn:
    """``parser.error`` for a ``--config`` file :meth:`TrainingConfig.read_file` or ``from_file`` refused
    (their messages name the file and the problem)."""
    if isinstance(exc, FileNotFoundError):
        parser.error(f"--config: {exc} (the bundled model's is training/config.json)")
    parser.error(f"--config: {exc}")


def config_or_exit(parser: argparse.ArgumentParser, path: Path) -> TrainingConfig:
    """:func:`load_config` of ``--config``, or the parser's usage error naming the file and what is wrong."""
    try:
        return load_config(path)
    except (OSError, ValueError, TypeError) as exc:
        config_error(parser, exc)


def load_accurate_params(path: Path = ACCURATE_CONFIG) -> dict:
    """The accurate tier's EncoderClassifier parameters from its config file."""
    config = TrainingConfig.read_file(path)
    if config.get("model") != "accurate" or not isinstance(config.get("params", {}), dict):
        raise SystemExit(f"{path} is not an accurate-tier config: it needs \"model\": \"accurate\" and a params object")
    return dict(config.get("params", {}))


def heldout_docs(config: TrainingConfig) -> list[str]:
    """The document ids the config holds out of training."""
    return read_doc_ids(ROOT / config.heldout_docs) if config.heldout_docs else []


def check_training_inputs(config: TrainingConfig, out: Path, calibrate_by: str) -> None:
    """What :func:`stancelib.train` would refuse about the config and the seed corpus before it fits, checked
    first: ``out`` not a model directory, the held-out list missing or naming a document the corpus lacks, no
    seed corpus, a corpus file that is not labelled data, a record without ``calibrate_by``. Only these (and the
    corpus's label problems, :class:`~stancelib.data.DataValidationError`) are usage errors of the script; an
    error raised while fitting keeps its traceback.

    Raises
    ------
    OSError
        A file the config names (the held-out list, the seed corpus) cannot be read.
    ValueError
        Any other of the problems above; the message names it.
    """
    check_out_directory(out, what=f"--out {out}")
    excluded = set(heldout_docs(config))
    records = [r for path in seed_files(ROOT / "seeds") for r in load_records(path)]
    unknown = sorted(excluded - {str(r.get("doc_id")) for r in records})
    if unknown:
        raise ValueError(f"heldout_docs {config.heldout_docs} names {len(unknown)} document(s) that no record of "
                         f"the seed corpus has as its doc_id: {', '.join(map(repr, unknown[:10]))}; fix the ids")
    missing = [r for r in records if str(r.get("doc_id")) not in excluded and r.get(calibrate_by) in (None, "")]
    if missing:
        where = missing[0].get("id") or missing[0].get("doc_id")
        raise ValueError(f"calibrate_by={calibrate_by!r}: {len(missing)} record(s) have no {calibrate_by!r} "
                         f"(the first: {where!r}); give every record one, or use calibrate_by='doc_id'")


def build(config: TrainingConfig, out: Path, seed: int | None = None, jobs: int | None = None):
    """Train on ``seeds/`` with ``config`` into ``out`` (``jobs`` processes); returns the TrainResult."""
    return train(base="seeds", out=out, seed=config.seed if seed is None else seed,
                 params=dict(config.params), seeds_dir=ROOT / "seeds", exclude_docs=heldout_docs(config),
                 calibrate_by=config.calibrate_by, evaluation=evaluation_summary(), n_jobs=jobs)


def build_accurate(params: dict, out: Path, seed: int | None = None):
    """Fine-tune the accurate tier on ``seeds/`` (without the default config's held-out documents) into ``out``."""
    from stancelib.encoder import EXTRA_HINT, EncoderClassifier, encoder_available

    if not encoder_available():
        raise SystemExit(f"The accurate tier needs the embeddings extra: {EXTRA_HINT}")
    config = load_config(DEFAULT_CONFIG)
    params = dict(params)
    seed = params.pop("random_state", config.seed) if seed is None else seed
    record = json.loads(ACCURATE_EVALUATION.read_text(encoding="utf-8")) if ACCURATE_EVALUATION.exists() else None
    evaluation = None
    if record:  # the model card's cross-validation table: this tier beside the default model, same folds
        evaluation = {"schemes": {"authors": {"systems": {
            "accurate (minilm-finetuned)": {k: v for k, v in record["accurate"].items() if not isinstance(v, dict)},
            "stancelib (default)": record["default_model"]}}}}
    return train(base="seeds", out=out, seed=seed, params=params, seeds_dir=ROOT / "seeds",
                 exclude_docs=heldout_docs(config), estimator=EncoderClassifier(), progress=None,
                 evaluation=evaluation)


def evaluation_summary(path: Path = EVALUATION_SUMMARY) -> dict | None:
    """The committed evaluation summary with each system's command (the model card names the run behind each
    row when they differ) and without its config (it is in the file); None if absent."""
    if not path.exists():
        return None
    summary = json.loads(path.read_text(encoding="utf-8"))
    return {"schemes": {k: {**{m: v for m, v in sch.items() if m != "systems"},
                            "systems": {n: {f: v for f, v in figs.items() if f != "config"}
                                        for n, figs in sch.get("systems", {}).items()}}
                        for k, sch in summary.get("schemes", {}).items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.train", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG,
                        help="the training config: seed, params, calibrate_by, heldout_docs (default "
                             "training/config.json; training/accurate.json trains the accurate tier)")
    parser.add_argument("--seed", type=training_seed, default=None, help="override the config's seed (0 to 2**32 - 1)")
    parser.add_argument("--out", type=Path, default=None,
                        help="model directory (default: stancelib/models/, or stancelib/models/accurate/ for the "
                             "accurate tier's config)")
    parser.add_argument("--jobs", type=jobs_count, default=None,
                        help="processes for the calibration folds and the heads of every fit (default 1; the model is the "
                             "same bit for bit, only sooner; not for the accurate tier)")
    args = parser.parse_args(argv)
    try:
        accurate = TrainingConfig.read_file(args.config).get("model") == "accurate"
        config = None if accurate else load_config(args.config)
    except (OSError, ValueError, TypeError) as exc:
        config_error(parser, exc)
    if accurate:
        if args.jobs is not None:
            parser.error("--jobs is for the default model; the accurate tier fits in one process")
    else:
        try:  # before the corpus is read: a misspelt or ill-typed parameter is a problem of the config
            check_params(dict(config.params))
        except (TypeError, ValueError) as exc:
            parser.error(f"--config {args.config}: params: {exc}")
    out = args.out or (accurate_dir() if accurate else bundled_dir())
    try:  # train()'s refusals, checked before it runs: only these are usage errors (a fit's error keeps its traceback)
        check_training_inputs(load_config(DEFAULT_CONFIG) if accurate else config, out,
                              DEFAULTS.calibrate_by if accurate else config.calibrate_by)
    except (OSError, ValueError) as exc:
        parser.error(f"cannot train with --config {args.config}: {exc}")
    try:
        if accurate:
            result = build_accurate(load_accurate_params(args.config), out, args.seed)
        else:
            result = build(config, out, args.seed, args.jobs)
    except DataValidationError as exc:  # the corpus's label problems, found by train() before it fits
        parser.error(f"cannot train with --config {args.config}: {exc}")
    m = result.manifest
    print(f"wrote {result.path} (sha256 {m['artifact_sha256'][:16]}…) from {m['data']['sentences']} sentences "
          f"in {m['data']['documents']} documents in {m['training_seconds']} s")
    print(json.dumps(m["metrics"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
