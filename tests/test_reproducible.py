"""Training is reproducible, and the committed bundled model is what the script makes."""

import json
import os
import subprocess
import sys

import pytest

from stancelib.persist import bundled_dir, read_manifest

from .conftest import ROOT


def _train_in_subprocess(out, hashseed, data, seed=5):
    code = (
        "import json,sys; from stancelib.trainer import train; "
        f"r = train({str(data)!r}, base='none', out={str(out)!r}, seed={seed}, "
        "params={'cv': 2}); print(r.manifest['artifact_sha256'])"
    )
    env = dict(os.environ, PYTHONHASHSEED=str(hashseed))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


@pytest.mark.slow
def test_fitting_in_two_processes_gives_the_same_files(tmp_path, small_records):
    """n_jobs is a fit-time setting: the folds' feature blocks and every head fit in worker processes,
    the final fit's blocks here, and the model files the training writes are byte for byte what a
    one-process fit writes."""
    from sklearn.base import BaseEstimator

    from stancelib.model import ReadoutClassifier
    from stancelib.trainer import train

    records = [{k: v for k, v in r.items() if not k.startswith("_")} for r in small_records]
    one = train(records, base="none", out=tmp_path / "one", seed=5, params={"cv": 3})
    two = train(records, base="none", out=tmp_path / "two", seed=5, params={"cv": 3}, n_jobs=2)
    names = sorted(p.name for p in (tmp_path / "one").glob("*-*.*"))  # the model and its safe export (the card
    assert len(names) == 3 and names == sorted(p.name for p in (tmp_path / "two").glob("*-*.*"))  # has the time)
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert one.manifest["metrics"] == two.manifest["metrics"]  # the folds' scores, hence the calibration
    three = train(records, base="none", out=tmp_path / "three", seed=5, params={"cv": 3}, estimator=ReadoutClassifier(),
                  n_jobs=2)
    assert three.manifest["artifact_sha256"] == one.manifest["artifact_sha256"]  # an estimator passed in, too

    class OneProcess(BaseEstimator):  # an estimator whose fit takes no n_jobs (as the accurate tier's)
        def __init__(self, cv=5, random_state=0):
            self.cv, self.random_state = cv, random_state

    with pytest.raises(ValueError, match="n_jobs is for ReadoutClassifier; OneProcess fits in one process"):
        train(records, base="none", params={"cv": 3}, estimator=OneProcess(), n_jobs=2)


@pytest.mark.slow
def test_same_data_and_seed_give_identical_artifact_across_processes(tmp_path, small_records):
    data = tmp_path / "data.jsonl"
    with open(data, "w") as f:
        for r in small_records:
            f.write(json.dumps({k: v for k, v in r.items() if not k.startswith("_")}) + "\n")
    a = _train_in_subprocess(tmp_path / "a", 1, data)
    b = _train_in_subprocess(tmp_path / "b", 987, data)
    assert a == b
    assert (tmp_path / "a" / f"model-{a[:16]}.joblib").read_bytes() == (tmp_path / "b" / f"model-{b[:16]}.joblib").read_bytes()
    for name in sorted(p.name for p in (tmp_path / "a").glob("compiled-*")):  # the safe export too
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    c = _train_in_subprocess(tmp_path / "c", 1, data, seed=6)
    assert c != a  # the seed reaches the model (it is one of its parameters)


@pytest.mark.slow
@pytest.mark.longest
def test_committed_bundled_model_is_what_training_script_produces(tmp_path):
    committed = read_manifest(bundled_dir())
    env = dict(os.environ, PYTHONHASHSEED="12345")
    # two processes (the CI machine has 2 cores): the model must come out the same bit for bit
    proc = subprocess.run([sys.executable, "-m", "training.train", "--out", str(tmp_path), "--jobs", "2"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    rebuilt = read_manifest(tmp_path)
    assert rebuilt["data"]["sha256"] == committed["data"]["sha256"], "seeds/ changed: run python -m training.train"
    assert rebuilt["artifact_sha256"] == committed["artifact_sha256"]
    assert rebuilt["compiled_sha256"] == committed["compiled_sha256"]
    assert rebuilt["compiled_json_sha256"] == committed["compiled_json_sha256"]
    # files only: a checkout may hold the accurate tier's git-ignored stancelib/models/accurate/
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in bundled_dir().iterdir() if p.is_file())
