"""The README's examples are real: its Python example runs and prints what it shows."""

import doctest

import pytest

from .conftest import ROOT


def test_readme_python_example_output_is_real():
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 2 and result.failed == 0


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(first_block) == 2
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci == first_block[1]


@pytest.mark.slow  # about the slow tier, and a pytest collection of its own (3-4 s): it runs with that tier
def test_the_slow_tier_collects_the_retrain_check_first():
    """The README's command runs each tier in two processes (-n 2 --dist worksteal); the retrain check, most of
    the slow tier's time, must start first so that the other tests run beside it (tests/conftest.py). The one
    test marked ``longest`` is the retrain check, and collection puts it first though its file comes last."""
    import re
    import subprocess
    import sys

    marked = [(path.name, line) for path in sorted((ROOT / "tests").glob("test_*.py"))
              for line in re.findall(r"@pytest\.mark\.longest\n(?:@.*\n)*def (\w+)", path.read_text(encoding="utf-8"))]
    assert marked == [("test_reproducible.py", "test_committed_bundled_model_is_what_training_script_produces")]
    files = ["tests/test_notebooks.py", "tests/test_benchmark_smoke.py", "tests/test_reproducible.py"]
    out = subprocess.run([sys.executable, "-m", "pytest", "-m", "slow", "--collect-only", "-q", "-p", "no:xdist",
                          "-p", "no:cacheprovider", *files], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    collected = [line for line in out.splitlines() if "::" in line]
    assert len({line.split("::")[0] for line in collected}) == len(files)
    assert collected[0].endswith("test_committed_bundled_model_is_what_training_script_produces")
