"""Strip outputs and execution counts from notebooks before committing them.

    python notebooks/clear_outputs.py            # every notebook in notebooks/
    python notebooks/clear_outputs.py --check    # exit 1 if any has outputs

Keeps the metadata minimal: the python3 kernelspec and the language, and cell
tags (the ``parameters`` tag marks the cell a user edits).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without outputs, execution counts or editor metadata (in place)."""
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags")
        cell.metadata = nbformat.from_dict({"tags": list(tags)} if tags else {})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def is_clean(nb: nbformat.NotebookNode) -> bool:
    """Whether ``nb`` is as :func:`clean` leaves it."""
    before = nbformat.writes(nb)
    return nbformat.writes(clean(nbformat.reads(before, as_version=4))) == before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/*.ipynb)")
    parser.add_argument("--check", action="store_true", help="only report notebooks that are not clean")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(HERE.glob("*.ipynb"))
    dirty = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if args.check:
            if not is_clean(nb):
                dirty.append(path)
            continue
        text = nbformat.writes(clean(nb)) + "\n"
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"cleaned {path}")
    for path in dirty:
        print(f"{path} has outputs or extra metadata; run python notebooks/clear_outputs.py", file=sys.stderr)
    return 1 if dirty else 0


if __name__ == "__main__":
    sys.exit(main())
