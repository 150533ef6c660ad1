"""The README says which features feed which head, and says it as the bundled model has it (review r34, L3).

The README said the issue head reads ``cue:issue:*`` while listing ``cue:modality`` ... ``cue:negation``
with the stance cues; the issue cue block has its own copies of those five, so ``--explain`` showed
``cue:negation`` for an issue code, against the README. Its table of heads is compared here with the
blocks each head of the bundled model reads (``head_features_``) and the names those blocks make. This
reads the model's structure, not its weights.
"""

import re

from stancelib.schema import LABEL_FIELDS

from .conftest import ROOT


def _family(name: str) -> str:
    """``word:a red line`` -> ``word``; ``cue:issue:taiwan`` -> ``cue:issue``; ``actor:first:us`` -> ``actor``."""
    parts = name.split(":")
    if parts[0] == "cue":
        return ":".join(parts[:2])
    return parts[0]


def _readme_heads() -> dict[str, set[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### What `--explain` shows", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    rows = {}
    for head in LABEL_FIELDS:
        row = re.search(rf"^\| {head} \| (.+) \|$", section, flags=re.M)
        assert row, f"the README's 'What `--explain` shows' has no row saying what the {head} head reads"
        rows[head] = {_family(name.removesuffix(":*")) for name in re.findall(r"`([^`]+)`", row.group(1))}
    return rows


def test_the_readme_names_the_blocks_each_head_reads(model):
    """``model``: the bundled estimator (tests/conftest.py)."""
    stated = _readme_heads()
    for head in LABEL_FIELDS:
        # the word and character blocks' names carry no prefix; feature_names_out() gives them one
        families = {_family(n) if n.startswith(("cue:", "actor:")) else block
                    for block in model.head_features_[head]
                    for n in map(str, model.blocks_[block].get_feature_names_out())}
        assert stated[head] == families, (
            f"the README says the {head} head reads {sorted(stated[head])}; the bundled model's {head} head "
            f"reads the blocks {model.head_features_[head]}, whose names are of {sorted(families)}")


def test_the_shared_cues_are_in_both_cue_blocks(model):
    """What the README's sentence on copies rests on: both cue blocks name the five cues."""
    shared = {"cue:modality", "cue:hedge", "cue:question", "cue:quotation", "cue:negation"}
    for block in ("stance_cues", "issue_cues"):
        assert shared <= set(map(str, model.blocks_[block].get_feature_names_out())), block
