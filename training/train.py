"""Build the bundled model from the seed corpus.

    python -m training.train [--config training/config.json] [--seed N] [--out DIR]

Reads the labelled files under ``seeds/``, trains with the config's seed and
parameters, and writes the artifact, ``manifest.json`` and ``MODEL_CARD.md``
into ``stancelib/models/`` (atomically: a failure leaves the old model). The
same data and config give a byte-identical artifact.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from stancelib.config import CHECKOUT_ROOT, TrainingConfig
from stancelib.evaluation import read_doc_ids
from stancelib.persist import bundled_dir
from stancelib.trainer import train

ROOT = CHECKOUT_ROOT
DEFAULT_CONFIG = ROOT / "training" / "config.json"
#: Cross-validation figures of the recipe (``training.evaluate --summary``), recorded in the manifest and card.
EVALUATION_SUMMARY = ROOT / "training" / "evaluation.json"


def load_config(path: Path = DEFAULT_CONFIG) -> TrainingConfig:
    """stancelib's training defaults (``stancelib.config.DEFAULTS``) updated with the file's settings."""
    return TrainingConfig.from_file(path)


def heldout_docs(config: TrainingConfig) -> list[str]:
    """The document ids the config holds out of training."""
    return read_doc_ids(ROOT / config.heldout_docs) if config.heldout_docs else []


def build(config: TrainingConfig, out: Path, seed: int | None = None):
    """Train on ``seeds/`` with ``config`` into ``out``; returns the TrainResult."""
    return train(base="seeds", out=out, seed=config.seed if seed is None else seed,
                 params=dict(config.params), seeds_dir=ROOT / "seeds", exclude_docs=heldout_docs(config),
                 calibrate_by=config.calibrate_by, evaluation=evaluation_summary())


def evaluation_summary(path: Path = EVALUATION_SUMMARY) -> dict | None:
    """The committed evaluation summary, without the commands (they are in the file); None if absent."""
    if not path.exists():
        return None
    summary = json.loads(path.read_text(encoding="utf-8"))
    return {"schemes": {k: {**{m: v for m, v in sch.items() if m != "systems"},
                            "systems": {n: {f: v for f, v in figs.items() if f not in ("command", "config")}
                                        for n, figs in sch.get("systems", {}).items()}}
                        for k, sch in summary.get("schemes", {}).items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--seed", type=int, default=None, help="override the config's seed")
    parser.add_argument("--out", type=Path, default=bundled_dir())
    args = parser.parse_args(argv)
    result = build(load_config(args.config), args.out, args.seed)
    m = result.manifest
    print(f"wrote {result.path} (sha256 {m['artifact_sha256'][:16]}…) from {m['data']['sentences']} sentences "
          f"in {m['data']['documents']} documents in {m['training_seconds']} s")
    print(json.dumps(m["metrics"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
