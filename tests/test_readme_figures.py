"""The README's figures of the bundled model are the ones the repository records (review r34, docs).

M2: the README gave 211 s as the committed model's training time, "its card's", when the card and the
manifest said 239.4 s. L4: it gave the shipped files as 16.3 + 15.1 + 0.4 MB, sizes of an earlier model.
Each figure the README states about the current model is read here from the README and compared with
its source: the manifest (which writes the card), ``training/evaluation.json`` and the files themselves.
"""

import json
import re

import pytest

from stancelib.persist import bundled_dir, read_manifest

from .conftest import ROOT


@pytest.fixture(scope="module")
def readme() -> str:
    """The README with its line breaks read as spaces, so a figure may wrap."""
    return " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())


@pytest.fixture(scope="module")
def manifest() -> dict:
    return dict(read_manifest(bundled_dir()))


def _section(readme: str, title: str) -> str:
    start = readme.index(f"## {title} ")
    end = readme.find(" ## ", start + 3)
    return readme[start:end if end >= 0 else None]


def test_the_training_time_is_the_cards(readme, manifest):
    stated = re.search(r"the committed model took (\d+) s to train \(the card's \"training time\"\)", readme)
    assert stated, "the README no longer says how long the committed model took to train, as its card does"
    seconds = manifest["training_seconds"]
    assert int(stated.group(1)) == round(seconds), (
        f"the README says {stated.group(1)} s; the manifest and the card say {seconds} s: update 'Retrain it'")
    card = (bundled_dir() / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert f"- training time: {seconds} s" in card


def test_the_artifact_sizes_are_the_shipped_files(readme):
    stated = re.search(r"\| artifact: the shipped model's files, estimator \+ safe export \(`\.npz` \+ JSON\) \| "
                       r"([\d.]+) \+ ([\d.]+) \+ ([\d.]+) MB = ([\d.]+) MB \|", readme)
    assert stated, "the README's speed table no longer gives the shipped model's file sizes"
    folder = bundled_dir()
    files = [next(folder.glob(pattern)) for pattern in ("model-*.joblib", "compiled-*.npz", "compiled-*.json")]
    sizes = [path.stat().st_size / 1e6 for path in files]
    expected = tuple(f"{mb:.1f}" for mb in (*sizes, sum(sizes)))
    assert stated.groups() == expected, (
        f"the README gives {stated.groups()} MB (estimator, .npz, JSON, total); the files are {expected} MB")


def _cells(readme: str, row_start: str) -> list[str]:
    row = re.search(re.escape(f"| {row_start}") + r"[^|]*\|([^|]+)\|([^|]+)\|([^|]+)\|", readme)
    assert row, f"the README's 'How good' table has no row {row_start!r}"
    return [cell.strip() for cell in row.groups()]


HEADS = ("issue micro_f1", "stance macro_f1", "side accuracy")


def test_the_how_good_table_is_the_recorded_evaluation(readme, manifest):
    section = _section(readme, "How good")
    evaluation = json.loads((ROOT / "training" / "evaluation.json").read_text(encoding="utf-8"))["schemes"]
    figures = {}
    for scheme, row_start in (("authors", "leave one author out"), ("documents", "document folds")):
        recorded = evaluation[scheme]["systems"]["stancelib"]
        # the card's table is made from the manifest's copy of evaluation.json: the two must agree too
        assert {h: recorded[h] for h in HEADS} == {
            h: manifest["evaluation"]["schemes"][scheme]["systems"]["stancelib"][h] for h in HEADS}
        figures[scheme] = [recorded[h] for h in HEADS]
        assert _cells(section, row_start) == [f"{v:.3f}" for v in figures[scheme]], (
            f"the README's {row_start} row is not training/evaluation.json's stancelib figures")
        sentences = recorded.get("sentences", evaluation[scheme]["sentences"])
        assert re.search(re.escape(row_start) + r"[^|]*\(" + f"{sentences:,}" + r" sentences\)", section), (
            f"the README's {row_start} row does not give the {sentences:,} sentences evaluation.json scored")
    folds = evaluation["authors"]["systems"]["stancelib"].get("folds", evaluation["authors"]["folds"])
    assert f"leave one author out: {folds} folds, each training on {folds - 1} authors" in section
    gap = [f"{d - a:+.3f}".replace("-0.000", "+0.000")
           for d, a in zip(figures["documents"], figures["authors"])]
    assert _cells(section, "the gap, document folds minus leave one author out") == gap


def test_the_calibration_fold_figures_are_the_manifests(readme, manifest):
    metrics = manifest["metrics"]["grouped_cv_oof"]
    expected = " / ".join(f"{v:.3f}" for v in (metrics["issue"]["micro_f1"], metrics["stance"]["macro_f1"],
                                                 metrics["side"]["accuracy"]))
    section = _section(readme, "How good")
    assert f"the model scores {expected} (issue micro-F1 / stance macro-F1 / side accuracy)" in section, (
        f"the README's calibration-fold figures are not the manifest's {expected}")


def test_the_corpus_the_readme_describes_is_the_models(readme, manifest):
    """'25,560 sentences ... by 52 authors' near the top: the training data plus its held-out documents."""
    data = manifest["data"]
    total = data["sentences"] + data["excluded_sentences"]
    authors = json.loads((ROOT / "training" / "evaluation.json").read_text(encoding="utf-8"))[
        "schemes"]["authors"]["folds"]
    assert f"seed corpus ({total:,} sentences written in readout and news styles by {authors} authors" in readme
