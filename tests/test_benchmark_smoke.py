"""Smoke test of training/benchmark.py: tiny sizes, every measure reported.

No timing is asserted (the machine is shared); only that each measure of the
JSON report is a positive number.
"""

import json
import math
import os

import pytest

EXPECTED_MEASURES = {
    "classify_sentences_per_s",
    "classify_sentences_warm_per_s",
    "classify_readouts_per_s",
    "classify_documents_per_s",
    "documents_sentences_per_s",
    "documents_vs_sentences_pct",
    "documents_vs_sentences_cpu_pct",
    "ceiling_per_s",
    "ours_vs_ceiling_pct",
    "ours_vs_ceiling_cpu_pct",
    "ours_vs_ceiling_paired_pct",
    "import_s",
    "first_result_s",
    "load_model_s",
    "artifact_mb",
    "peak_rss_sentences_mb",
    "peak_rss_after_load_mb",
    "dataset_nproc1_per_s",
    "dataset_nproc2_per_s",
    "dataset_speedup",
    "big_readout_s",
    "big_readout_per_s",
    "big_readout_peak_rss_mb",
    "long_sentence_s",
    "flat_readout_s",
    "flat_growth",
}


@pytest.mark.slow
def test_benchmark_smoke_run_reports_every_measure(tmp_path, capsys):
    saved = dict(os.environ)  # the script sets thread and offline variables at import
    try:
        from training import benchmark

        out = tmp_path / "bench.json"
        returned = benchmark.main(["--sentences", "300", "--dataset-rows", "500", "--big-mb", "0.2",
                                   "--flat-mb", "0.1", "--repeats", "1", "--pairs", "2", "--json", str(out)])
    finally:
        os.environ.clear()
        os.environ.update(saved)

    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["measures"] == json.loads(json.dumps(returned["measures"]))
    assert set(report["measures"]) == EXPECTED_MEASURES
    for key, m in report["measures"].items():
        value = m["value"]
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (key, value)
        assert math.isfinite(value) and value > 0, (key, value)
        assert m["unit"] and m["label"]
        assert m["meets_target"] in (True, False, None)
    assert report["config"]["sentences"] == 300
    assert report["details"]["throughput"]["readouts"]["sentences_out"] > 0
    assert report["details"]["documents"]["sentences"] >= report["details"]["documents"]["documents"] > 300
    assert report["details"]["hostile"]["long_sentence"]["chars"] == 100_000
    assert "--sentences 300" in report["command"] and "--pairs 2" in report["command"]
    paired = report["details"]["throughput"]["paired"]
    assert len(paired["pairs_pct"]) == len(paired["pairs_s"]) == 2
    assert paired["min_pct"] <= report["measures"]["ours_vs_ceiling_paired_pct"]["value"] <= paired["max_pct"]
    assert paired["pairs_pct"][0] == round(paired["first_first_pct"], 1)
    assert paired["pairs_pct"][1] == round(paired["second_first_pct"], 1)

    printed = capsys.readouterr().out
    assert "| measure" in printed and "meets target" in printed
    assert "python -m training.benchmark" in printed


def _benchmark_module():
    """``training.benchmark``, imported without keeping the thread and offline variables it sets at import."""
    saved = dict(os.environ)
    try:
        from training import benchmark
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return benchmark


def test_benchmark_sentences_are_unique_and_deterministic():
    benchmark = _benchmark_module()
    texts = [r["text"] for r in benchmark.load_corpus()]
    n = len(set(texts)) + 500  # more than the corpus holds: the second pass varies sentences
    sentences = benchmark.unique_sentences(texts, n)
    assert len(sentences) == len(set(sentences)) == n
    assert sentences == benchmark.unique_sentences(texts, n)
    assert sentences[0] == texts[0]
    assert any(s.startswith("On January 4, 2021, ") for s in sentences)


@pytest.mark.slow
def test_benchmark_memory_and_ood_modes(tmp_path, capsys):
    """--memory: every input's growth is reported against the bound; --ood: the seed corpus keeps its confidence."""
    saved = dict(os.environ)
    try:
        from training import benchmark

        rows = benchmark.main(["--memory", "--memory-mb", "0.5", "--memory-lines", "20000",
                               "--json", str(tmp_path / "m.json")])["memory"]
        ood = benchmark.main(["--ood"])["ood"]
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert [r["sentences"] > 0 for r in rows] == [True, True, True]
    assert all(0 <= r["growth_mb"] <= r["bound_mb"] and r["ratio"] <= 1 for r in rows), rows
    assert json.loads((tmp_path / "m.json").read_text())["memory"][2]["sentences"] == 20000
    seeds = ood["seed corpus, all sentences"]
    assert abs(seeds["change"]) < 0.01 and ood["'Taiwan ' * 100000"]["after"] < 0.01
    assert "growth/bound" in capsys.readouterr().out


def test_interleaved_pairs_alternate_the_order_and_time_each_call(monkeypatch):
    """Pairs run first-second, then second-first, ...; the untimed hook runs before every ``first``."""
    benchmark = _benchmark_module()
    clock = iter(range(0, 1000, 1))
    monkeypatch.setattr(benchmark.time, "perf_counter", lambda: float(next(clock)))
    calls: list[str] = []
    costs = {"first": 3, "second": 1}

    def call(name):
        def run():
            calls.append(name)
            for _ in range(costs[name] - 1):  # each extra tick the clock is read is one more second
                next(clock)
        return run

    # the full collection before each timed call is recorded, not run: in the test process's heap each took
    # 0.15 s, 1.3 s for the eight
    collected: list[int] = []
    monkeypatch.setattr(benchmark.gc, "collect", lambda *args: collected.append(len(calls)))
    times = benchmark.interleaved_pairs(4, call("first"), call("second"), before_first=lambda: calls.append("hook"))
    assert calls == ["hook", "first", "second", "second", "hook", "first",
                     "hook", "first", "second", "second", "hook", "first"]
    assert times == [(3.0, 1.0)] * 4
    assert len(collected) == 8 and all(calls[i] in ("first", "second") for i in collected)  # just before each call


def test_paired_ratio_is_the_geometric_mean_of_per_pair_throughput_ratios():
    benchmark = _benchmark_module()
    # ours takes 2 s where the ceiling takes 1 s (50%), then 1 s (100%), 4 s (25%), 1 s (100%)
    out = benchmark.paired_ratio_pct([(2.0, 1.0), (1.0, 1.0), (4.0, 1.0), (1.0, 1.0)])
    assert out["pairs_pct"] == [50.0, 100.0, 25.0, 100.0]
    assert out["geomean_pct"] == pytest.approx((50.0 * 100.0 * 25.0 * 100.0) ** 0.25)  # 59.5; the arithmetic mean is 68.75
    assert out["first_first_pct"] == pytest.approx(math.sqrt(50.0 * 25.0))
    assert out["second_first_pct"] == pytest.approx(100.0)
    assert (out["min_pct"], out["max_pct"]) == (25.0, 100.0)
    # the mean of ratios must not depend on which side is the numerator (an arithmetic mean does)
    flipped = benchmark.paired_ratio_pct([(1.0, 2.0), (1.0, 1.0), (1.0, 4.0), (1.0, 1.0)])
    assert flipped["geomean_pct"] == pytest.approx(100.0 * 100.0 / out["geomean_pct"])


def test_benchmark_rejects_an_odd_or_too_small_pair_count(capsys):
    benchmark = _benchmark_module()
    for bad in ("0", "3"):
        with pytest.raises(SystemExit):
            benchmark.parse_args(["--pairs", bad])
        assert "--pairs must be an even number" in capsys.readouterr().err
    assert benchmark.parse_args(["--quick"]).pairs == benchmark.PAIRS["quick"]
    assert benchmark.parse_args([]).pairs == benchmark.PAIRS["full"]


def test_benchmark_runs_one_mode_at_a_time_with_positive_sizes(capsys):
    """--memory, --ood and --accurate each run alone (--accurate used to win silently); sizes must be positive."""
    benchmark = _benchmark_module()
    for modes in (["--memory", "--ood"], ["--memory", "--accurate"], ["--ood", "--accurate"]):
        with pytest.raises(SystemExit):
            benchmark.parse_args(modes)
        assert "not allowed with argument" in capsys.readouterr().err
    for bad in (["--memory-mb", "-1"], ["--memory-mb", "0"], ["--memory-lines", "-5"], ["--memory-lines", "0"]):
        with pytest.raises(SystemExit):
            benchmark.parse_args(["--memory", *bad])
        assert "--memory-mb must be above 0 and --memory-lines at least 1" in capsys.readouterr().err
    args = benchmark.parse_args(["--memory", "--memory-mb", "0.5", "--memory-lines", "20000"])
    assert args.memory and (args.memory_mb, args.memory_lines) == (0.5, 20000)
