"""The README's leave-one-author-out figures of the plain baselines are training/evaluation.json's."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NAMES = {"stancelib": "stancelib", "word+char tf-idf": "tfidf-lr", "bag of words": "bag-of-words",
         "MiniLM\nembeddings": "minilm-embeddings", "MiniLM embeddings": "minilm-embeddings",
         "keyword rules": "keywords"}
FIGURES = ("issue micro_f1", "stance macro_f1", "side accuracy", "side macro_f1")


def _stated(readme: str) -> dict[str, tuple[str, ...]]:
    start = readme.index("**Against plain baselines.**")
    block = re.sub(r"\s+", " ", readme[start:readme.index("\n\n", start)])
    found = {}
    for label, system in NAMES.items():
        m = re.search(re.escape(re.sub(r"\s+", " ", label))
                      + r" ([\d.]+) / ([\d.]+) / ([\d.]+) \(([\d.]+)\)", block)
        if m:
            found[system] = m.groups()
    return found


def test_the_readme_gives_every_system_of_the_summary():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    summary = json.loads((ROOT / "training" / "evaluation.json").read_text(encoding="utf-8"))
    assert set(_stated(readme)) == set(summary["schemes"]["authors"]["systems"])


@pytest.mark.parametrize("system", ["stancelib", "tfidf-lr", "bag-of-words", "minilm-embeddings", "keywords"])
def test_each_baseline_figure_is_the_summarys(system):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    figures = json.loads((ROOT / "training" / "evaluation.json").read_text(encoding="utf-8"))
    row = figures["schemes"]["authors"]["systems"][system]
    assert _stated(readme)[system] == tuple(f"{row[f]:.3f}" for f in FIGURES)
