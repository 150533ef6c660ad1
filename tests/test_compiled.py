"""The scikit-learn-free export predicts what the estimator predicts, and starts without scikit-learn."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from stancelib.compiled import CompiledModel
from stancelib.data import load_records, seed_files
from stancelib.persist import ModelIntegrityError, bundled_dir, clear_cache, load_compiled_bundled, load_model


@pytest.fixture(scope="module")
def corpus():
    records = []
    for path in seed_files():
        records.extend(load_records(path))
    return [r["text"] for r in records], [r["doc_id"] for r in records]


def test_compiled_bundled_model_equals_the_estimator(corpus):
    texts, docs = corpus
    est, comp = load_model(), load_compiled_bundled()
    assert isinstance(comp, CompiledModel)
    a, b = est.predict_proba(texts, documents=docs), comp.predict_proba(texts, documents=docs)
    for head in a:
        np.testing.assert_allclose(a[head], b[head], atol=1e-5)
    assert est.predict(texts, documents=docs) == comp.predict(texts, documents=docs)
    assert {k: list(v) for k, v in comp.classes_.items()} == {k: list(v) for k, v in est.classes_.items()}


def test_compile_a_fresh_model(small_records):
    from stancelib import ReadoutClassifier

    texts = [r["text"] for r in small_records]
    y = {f: [r[f] for r in small_records] for f in ("issue", "stance", "side")}
    est = ReadoutClassifier(cv=2, min_df=1).fit(texts, y)
    comp = est.compile()
    probe = ["Beijing warned of countermeasures.", "He also raised fentanyl.", "", "中方表示关切。"]
    for head, p in est.predict_proba(probe, documents=[0] * 4).items():
        np.testing.assert_allclose(p, comp.predict_proba(probe, documents=[0] * 4)[head], atol=1e-5)
    with pytest.raises(TypeError, match="string object received"):
        comp.predict_proba("one string")


def test_classify_does_not_import_sklearn():
    code = ("import sys, stancelib; labels = stancelib.classify('Xi warned Biden over Taiwan. The call lasted an hour.'); "
            "print(labels[0].stance, labels[0].side, len(labels), 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["warning", "china", "2", "False"]


def test_tampered_compiled_export_is_refused(tmp_path, monkeypatch):
    import stancelib.persist as persist

    fake = tmp_path / "models"
    shutil.copytree(bundled_dir(), fake)
    name = json.loads((fake / "manifest.json").read_text())["compiled"]
    data = bytearray((fake / name).read_bytes())
    data[len(data) // 3] ^= 0x01
    (fake / name).write_bytes(bytes(data))
    monkeypatch.setattr(persist, "bundled_dir", lambda: fake)
    clear_cache()
    try:
        with pytest.raises(ModelIntegrityError, match="sha256"):
            load_compiled_bundled()
    finally:
        clear_cache()
