"""``stancelib train`` and ``validate`` options, in the command line's words (review r32, retrain, findings 4, 5, 12).

- ``validate --base seeds`` checks files as ``train`` (``--base seeds`` by default) does: with the seed corpus.
- ``train --help`` no longer says that ``--calibrate-by`` defaults to ``author``: it never did.
- Options that are not data problems (``--jobs 0``, ``--seed -1``, ``--base none`` without ``--data``, a
  ``--data`` file of another kind) are refused before anything is read, naming the option and the fix.

Nothing here trains a model. The sentences are written for these tests.
"""

import json

import pytest

from stancelib.cli import build_parser, main
from stancelib.data import SEEDS_ENV

from .conftest import cli_help, seed_corpus, write_jsonl

SEED_ROWS = [("Beijing cautioned Washington against contact with Taipei.", ["taiwan"], "warning", "china"),
             ("The sides will resume flights between the capitals.", ["people_to_people"], "cooperation", "joint"),
             ("The talks took place over two days.", ["relations"], "neutral", "joint")]


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    """A seed corpus of documents s0 and s1, every sentence labelled with a side."""
    return seed_corpus(tmp_path, monkeypatch, [
        {"id": f"{d}-{k}", "doc_id": str(d), "text": f"{t} ({d})", "issue": i, "stance": s, "side": side}
        for d in range(2) for k, (t, i, s, side) in enumerate(SEED_ROWS)])


@pytest.fixture
def noside(tmp_path):
    """Labels without ``side``: fine alone (side is optional), refused with the seed corpus."""
    rows = [{"id": f"m{k}", "doc_id": f"m{k // 2}", "text": f"Rocket debris worried the ministry ({k}).",
             "issue": ["space"], "stance": "concern"} for k in range(4)]
    return write_jsonl(tmp_path / "noside.jsonl", rows)


def test_validate_base_seeds_lists_what_train_refuses(capsys, seeds, noside):
    assert main(["validate", str(noside)]) == 0
    assert "OK: 4 sentences" in capsys.readouterr().err
    assert main(["validate", "--base", "seeds", str(noside)]) == 1
    out, err = capsys.readouterr()
    assert [line for line in out.splitlines() if "missing label 'side'" in line] == [
        f"{noside}:{n}: missing label 'side' (the seed corpus labels it on every sentence; base='seeds')"
        for n in range(1, 5)]
    assert "4 problem(s)" in err and "checked together with the seed corpus" in err


def test_validate_base_seeds_accepts_data_that_train_accepts(capsys, seeds, noside, tmp_path):
    rows = [dict(json.loads(line), side="us") for line in noside.read_text(encoding="utf-8").splitlines()]
    fixed = write_jsonl(tmp_path / "fixed.jsonl", rows)
    assert main(["validate", "--base", "seeds", str(fixed)]) == 0
    assert "OK: 4 sentences in 2 documents from 1 file(s), checked together with the seed corpus" in \
        capsys.readouterr().err


def test_validate_base_seeds_without_a_seed_corpus_says_so(capsys, noside, tmp_path, monkeypatch):
    monkeypatch.setenv(SEEDS_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--base", "seeds", str(noside)])
    assert exc.value.code == 2 and "stancelib: --base seeds:" in capsys.readouterr().err


def test_train_help_gives_calibrate_by_its_real_default():
    text = cli_help("train")
    assert "'author' if every record has one" not in text
    assert "default doc_id, also when records have an author" in text
    # one default, train()'s: the parser passes only a field given on the command line
    assert build_parser().parse_args(["train", "--out", "x"]).calibrate_by is None


@pytest.mark.parametrize("options, message", [
    (["--jobs", "0"], r"^stancelib: --jobs 0 runs no process; give a number of processes \(1, 2, \.\.\.\) or -1"),
    (["--seed", "-1"], r"^stancelib: --seed: seed must be in 0\.\."),
])
def test_options_that_are_not_data_problems(tmp_path, noside, no_work, options, message):
    with pytest.raises(SystemExit, match=message):
        main(["train", "--data", str(noside), "--base", "none", "--out", str(tmp_path / "m"), "--quiet", *options])


def test_base_none_without_data_names_the_options(tmp_path, no_work):
    with pytest.raises(SystemExit, match=r"^stancelib: --base none trains on your data alone, and no --data was "
                                         r"given: pass your labelled files \(--data FILE"):
        main(["train", "--base", "none", "--out", str(tmp_path / "m")])


def test_data_of_another_kind_names_every_kind_read(tmp_path, capsys, no_work):
    notes = tmp_path / "notes.txt"
    notes.write_text("Xi met Biden.\n", encoding="utf-8")
    assert main(["train", "--data", str(notes), "--base", "none", "--out", str(tmp_path / "m")]) == 1
    assert capsys.readouterr().err == (f"stancelib: --data {notes}: .txt is not labelled data; use .jsonl or .csv "
                                       "(.ndjson, and .json with JSON Lines or one array of objects, are read too)\n")
    with pytest.raises(SystemExit, match=r"--data .* is a directory; pass the labelled files in it"):
        main(["train", "--data", str(tmp_path), "--base", "none", "--out", str(tmp_path / "m")])
