"""Figures the documents state that the repository itself can check (review r32, docs): the trends notebook's
corpus size and years, the README's count of dateline attempts, and the README's command for the bundled model's
recipe with a user's data."""

import json
import re

from .conftest import ROOT


def _corpus_documents() -> tuple[int, str, str]:
    """The dated documents of ``seeds/corpus/`` (what the trends notebook reads), the first and the last date."""
    dates: dict[str, str] = {}
    for path in sorted((ROOT / "seeds" / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                dates[record["doc_id"]] = record["date"]
    return len(dates), min(dates.values()), max(dates.values())


def test_the_trends_notebook_and_the_readme_state_the_corpus_it_reads():
    """The notebook said "1,075 dated documents, 2017–2026" beside a README (and its own output) of 2,336 from 2016."""
    count, first, last = _corpus_documents()
    cells = json.loads((ROOT / "notebooks" / "trends.ipynb").read_text(encoding="utf-8"))["cells"]
    caveat = " ".join("".join(cells[0]["source"]).replace("> ", "").split())
    stated = re.search(r"`seeds/corpus/`, ([\d,]+) dated documents.*?(\d{4})(?:–| to )(\d{4})", caveat)
    assert stated, "notebooks/trends.ipynb's first cell no longer states the corpus it reads"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"`trends.ipynb`: every dated document of the corpus \(([\d,]+), from (\d{4}) to (\d{4})", readme)
    assert listed, "the README's Notebooks list no longer states the corpus trends.ipynb reads"
    expected = (f"{count:,}", first[:4], last[:4])
    assert stated.groups() == expected, (f"trends.ipynb's first cell says {stated.groups()}, seeds/corpus/ has {expected} "
                                         "(dated documents, first year, last year): update the cell and its round")
    assert listed.groups() == expected, (f"the README's Notebooks list says {listed.groups()}, seeds/corpus/ has "
                                         f"{expected}: update it and its round")


def test_the_readme_counts_the_dateline_attempts_the_test_file_holds():
    """The README said 145 attempts when tests/dateline_cases.py held 151."""
    from . import dateline_cases

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    stated = re.search(r"`tests/dateline_cases.py` holds \D*?(\d+) attempts to fool the rule"
                       r"(?:, (\d+) datelines and (\d+) look-alikes)?", readme)
    assert stated, "the README no longer says how many cases tests/dateline_cases.py holds"
    datelines, lookalikes = len(dateline_cases.DATELINES), len(dateline_cases.NOT_DATELINES)
    expected = (datelines + lookalikes, datelines, lookalikes)
    assert tuple(int(g) if g else None for g in stated.groups()) == expected, (
        f"the README says {stated.group()!r}; tests/dateline_cases.py holds {expected[0]}: {datelines} DATELINES "
        f"and {lookalikes} NOT_DATELINES")

