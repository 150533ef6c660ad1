"""The package's import graph: no cycle, no private name used across modules, inference apart from training."""

import ast
from pathlib import Path

import pytest

import stancelib

PACKAGE = Path(stancelib.__file__).parent
#: Modules only training needs; inference (api, compiled, persist, ...) never imports them.
TRAINING_SIDE = {"stancelib.trainer", "stancelib.curation"}


def _modules() -> dict[str, ast.Module]:
    return {f"stancelib.{p.stem}" if p.stem != "__init__" else "stancelib": ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(PACKAGE.glob("*.py"))}


def _imports(name: str, tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(imported stancelib module, names taken from it) for every import anywhere in the module,
    including imports inside functions (a lazy import still makes a cycle)."""
    package = name if name == "stancelib" else name.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = f"{package}.{base}" if base else package
            if not base.startswith("stancelib"):
                continue
            names = [a.name for a in node.names]
            # "from . import x" imports module x
            mods = [f"{base}.{n}" for n in names if f"{base}.{n}" in MODULES] or [base]
            out.extend((m, names if m == base else []) for m in mods)
        elif isinstance(node, ast.Import):
            out.extend((a.name, []) for a in node.names if a.name.startswith("stancelib"))
    return out


MODULES = _modules()


def test_no_import_cycle():
    graph = {name: {m for m, _ in _imports(name, tree) if m != name and m in MODULES and m != "stancelib"}
             for name, tree in MODULES.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_no_private_name_is_imported_from_another_module():
    offenders = [f"{name} imports {n} from {mod}" for name, tree in MODULES.items()
                 for mod, names in _imports(name, tree) if mod != name
                 for n in names if n.startswith("_") and not n.startswith("__")]
    assert not offenders, offenders


def test_inference_modules_import_nothing_from_the_training_side():
    inference = {"stancelib.api", "stancelib.compiled", "stancelib._inference", "stancelib._lexfeatures",
                 "stancelib.persist", "stancelib.segment", "stancelib.lexicon", "stancelib.schema",
                 "stancelib.comparison", "stancelib._ngrams", "stancelib.batch", "stancelib.tables",
                 "stancelib.summary", "stancelib.timeseries", "stancelib.documents", "stancelib.config",
                 "stancelib.metrics"}
    assert inference <= set(MODULES), sorted(inference - set(MODULES))
    bad = [f"{name} imports {mod}" for name in sorted(inference)
           for mod, _ in _imports(name, MODULES[name]) if mod in TRAINING_SIDE]
    assert not bad, bad


def test_the_checker_sees_a_cycle_and_a_private_import():
    """The checks above can fail: a planted cycle and a planted private import are found."""
    planted = ast.parse("from .b import _secret\n")
    assert _imports("stancelib.a", planted) == [("stancelib.b", ["_secret"])]
    lazy = ast.parse("def f():\n    from .trainer import train\n")
    assert _imports("stancelib.persist", lazy) == [("stancelib.trainer", ["train"])]


def test_readme_project_layout_names_every_module_and_folder():
    root = PACKAGE.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Project layout", 1)[1].split("\n## ", 1)[0]
    names = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    names += [p.name for p in (root / "training").glob("*.py") if p.name != "__init__.py"]
    names += [p.stem for p in (root / "notebooks").glob("*.ipynb")] + ["clear_outputs.py", "config.json"]
    # the tracked folders at the top and in seeds/ (untracked ones, like .venv or reports/, are not the layout)
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True).stdout.splitlines()
    if not tracked:
        pytest.skip("not a git checkout")
    names += sorted({f"{t.split('/')[0]}/" for t in tracked if "/" in t and not t.startswith(".")})
    names += sorted({f"{t.split('/')[1]}/" for t in tracked if t.startswith("seeds/") and t.count("/") >= 2})
    missing = sorted(n for n in names if f"`{n}" not in layout and f"{n}`" not in layout)
    assert not missing, f"README 'Project layout' does not mention {missing}"
