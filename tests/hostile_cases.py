"""Named classes of hostile or careless input, and the checker that runs them (issue 15).

``CASES`` maps a name to a function ``(big) -> str``; ``big`` asks for the full
size of the few inputs whose size is the attack (10 MB, a million lines), the
fast tier uses a smaller one. :func:`main` runs cases in this process (meant to
be a subprocess with a memory cap) through ``classify``, ``classify_sentences``
and the CLI, and prints one JSON line per case and path: the problems found, a
clean error or a crash, and the memory it took. All example text is our own.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import random
import resource
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any, Callable

MB = 1_000_000

_PARAGRAPH = (
    "The two sides held a candid call on trade and export controls. "
    "Beijing warned Washington not to cross its red lines on Taiwan. "
    "The U.S. side raised concerns about fentanyl precursors and agreed to keep talking.\n\n"
)


def _readout(big: bool) -> str:
    size = 10 * MB if big else 50_000
    return (_PARAGRAPH * (size // len(_PARAGRAPH) + 1))[:size]


def _gibberish(words: int) -> str:
    rng = random.Random(15)
    return " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
                    for _ in range(words))


CASES: dict[str, Callable[[bool], str]] = {
    "empty": lambda big: "",
    "whitespace only": lambda big: " \t\n  \r\n\u3000\u00a0 ",
    "one character": lambda big: "a",
    "one stop": lambda big: ".",
    "NUL bytes": lambda big: "Xi\x00 warned\x00 Biden.\x00\x00",
    "every C0 and C1 control": lambda big: "Talks resumed. " + "".join(map(chr, range(32))) + "".join(map(chr, range(127, 160))),
    "lone surrogates": lambda big: "Xi warned \ud800 Biden \udfff over Taiwan.",
    "bidi overrides": lambda big: "\u202eThe minister\u202c warned\u2066 of\u2069 consequences.\u200f",
    "ANSI escapes": lambda big: "\x1b[31mBeijing warned\x1b[0m \x1b[2J\x1b[Hof retaliation.",
    "OSC terminal title": lambda big: "\x1b]0;pwned\x07The sides agreed.\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
    "emoji": lambda big: "The two sides agreed 🤝 to talk again 😀🇨🇳🇺🇸 👨‍👩‍👧.",
    "CJK only": lambda big: "中方对美方的出口管制表示坚决反对。双方同意保持沟通。",
    "mixed scripts": lambda big: "中方 warned the U.S. side; Россия и Украина; الجانبان اتفقا.",
    "Arabic only": lambda big: "قال المتحدث إن الجانبين اتفقا على مواصلة المحادثات.",
    "astral letters": lambda big: "𝐗𝐢 𝐰𝐚𝐫𝐧𝐞𝐝 𝐁𝐢𝐝𝐞𝐧 𝐨𝐧 𝐓𝐚𝐢𝐰𝐚𝐧.",
    "full-width Latin": lambda big: "Ｘｉ ｗａｒｎｅｄ Ｂｉｄｅｎ ｏｎ Ｔａｉｗａｎ。",
    "homoglyphs": lambda big: "Тaiwаn: Вeijing wаrned Wаshington.",  # Cyrillic letters among Latin ones
    "zero-width characters": lambda big: "Tai\u200bwan\u200c talks\u200d re\u2060sumed\ufeff today.",
    "combining marks": lambda big: "T̸̢a̴̛i̷w̶a̵n̷" + "\u0301" * 500 + " talks resumed.",
    "private use and noncharacters": lambda big: "\ue000\uf8ff\ufdd0\ufffe\uffff\U0010ffff Talks resumed.",
    "BOM at start": lambda big: "\ufeffThe two sides agreed to resume talks.",
    "CRLF line ends": lambda big: "Xi warned Biden.\r\nThe sides agreed.\r\n\r\n- Trade talks.\r\n",
    "CR-only line ends": lambda big: "Xi warned Biden.\rThe sides agreed.\r\r- Trade talks.\r",
    "mixed line ends": lambda big: "One.\nTwo.\r\nThree.\rFour.\u2028Five.\u2029Six.\x85Seven.\x0bEight.\x0cNine.",
    "tabs": lambda big: "\tXi\twarned\t\tBiden.\t\n\t\t- \ttariffs\t",
    "form feeds and vertical tabs": lambda big: "Page one.\f\fPage two.\v\vPage three.",
    "only punctuation": lambda big: "!!! ... ??? ;;; --- *** ### @@@ ,,, \"\" '' ()[]{}",
    "only bullets": lambda big: "-\n*\n•\n·\n▪\n–\n—\n1.\n2)\n10.\n- \n* *\n",
    "bare dash lines": lambda big: "-\n" * (1_000_000 if big else 50_000),
    "numbers only": lambda big: "2024 12 31 3.14159 -7 1,000,000 0x1F 1e308 NaN",
    "many short lines": lambda big: "Ok.\n" * (100_000 if big else 2_000),  # 1M: benchmark --memory
    "many blank lines": lambda big: "Talks resumed." + "\n" * (1_000_000 if big else 100_000) + "They ended.",
    "a million spaces": lambda big: " " * (10 * MB if big else 200_000) + "Talks resumed.",
    "10 MB readout": _readout,
    "10 MB single token": lambda big: "x" * (10 * MB if big else MB),
    "one line of dashes": lambda big: "-" * (MB if big else 200_000),
    "long sentence without punctuation": lambda big: " ".join(["tariffs and talks"] * 5882)[:100_000],
    "paragraph without line breaks": lambda big: _PARAGRAPH.replace("\n", " ") * (10_000 if big else 250),
    "repeated word": lambda big: "Taiwan " * 100_000,
    "100k random words": lambda big: _gibberish(100_000 if big else 20_000),
    "HTML": lambda big: "<html><head><script>alert('x')</script></head><body><p>Xi warned Biden.</p>"
                        "<ul><li>Trade</li><li>Taiwan</li></ul></body></html>",
    "JSON as text": lambda big: json.dumps({"text": "Xi warned Biden.", "issues": ["taiwan"], "nested": [[{}]]}),
    "CSV as text": lambda big: "id,text,stance\n1,\"Xi warned Biden.\",warning\n2,\"They agreed.\",cooperation\n",
    "Markdown": lambda big: "# Readout\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nimport os\n```\n\n> Xi warned.",
    "URLs and e-mails": lambda big: "See https://example.org/readout?id=1&x=%00#frag and mailto:a@b.c. "
                                    + "http://" + "a" * 5000 + ".com",
    "code and injection": lambda big: "'; DROP TABLE readouts; -- $(rm -rf /) `id` {{7*7}} ${jndi:ldap://x}",
    "format strings": lambda big: "{0} %s %(name)s {__class__} %n %x {text!r:>{width}}",
    "backslash escapes as text": lambda big: "Xi warned\\n Biden\\t\\x00\\u202e over Taiwan.",
    "unbalanced quotes and brackets": lambda big: "“He said ‘(((([[[{{« Taiwan" + ")" * 300 + "”” ' \" »",
    "runs of stops and ellipses": lambda big: "Wait...... what?!?!?! ……… The end.... " + "." * 10_000,
    "abbreviations everywhere": lambda big: "U.S. U.N. Gen. Jan. Mr. e.g. i.e. etc. P.R.C. D.C. No. 5 St. Co. Ltd.",
    "shouting": lambda big: "XI WARNED BIDEN NOT TO CROSS A RED LINE ON TAIWAN!!!",
    "stop words only": lambda big: "the and of to a in that is was he for it with as his on be at by",
    "NUL-separated list": lambda big: "\x00".join(["Xi warned Biden.", "They agreed.", "", "Talks."] * 100),
}

#: Cases the CLI may refuse, with a clean message: a lone surrogate cannot be written as UTF-8.
CLI_REFUSES = {"lone surrogates": "not UTF-8"}


def _status(key: str) -> float | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024 / MB
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset this process's peak resident set (Linux): each case's peak is its own."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def check_labels(text: str, labels: list[Any], classes: dict[str, set[str]]) -> list[str]:
    """What is wrong with ``labels`` as ``classify(text)``'s answer (empty when nothing is)."""
    problems = []
    last = 0
    for i, lab in enumerate(labels):
        start, end = lab.span
        if not (last <= start <= end <= len(text)) or text[start:end] != lab.text:
            problems.append(f"label {i}: span {lab.span} does not give its text or is out of order")
        last = end
        if not lab.text or lab.text != lab.text.strip() or not any(ch.isalpha() for ch in lab.text):
            problems.append(f"label {i}: {lab.text[:40]!r} is not a sentence (blank, padded or without a letter)")
        problems.extend(check_label(lab, classes, f"label {i}"))
    return problems


def check_label(lab: Any, classes: dict[str, set[str]], where: str) -> list[str]:
    problems = []
    if not lab.issues or not set(lab.issues) <= classes.get("issue", set()):
        problems.append(f"{where}: issues {lab.issues} not in the schema")
    if lab.stance not in classes.get("stance", set()):
        problems.append(f"{where}: stance {lab.stance!r} not in the schema")
    if "side" in classes and lab.side not in classes["side"]:
        problems.append(f"{where}: side {lab.side!r} not in the schema")
    if not 0.0 <= lab.confidence <= 1.0:
        problems.append(f"{where}: confidence {lab.confidence} outside [0, 1]")
    for head, per_label in lab.scores.items():
        if not all(0.0 <= p <= 1.0 for p in per_label.values()):
            problems.append(f"{where}: {head} probabilities outside [0, 1]")
        if head != "issue" and abs(sum(per_label.values()) - 1) > 1e-3:
            problems.append(f"{where}: {head} probabilities sum to {sum(per_label.values())}")
    json.dumps(lab.to_dict())  # serialisable, whatever the text holds
    return problems


def _run_cli(path: Path, fmt: str) -> tuple[int | str, Path]:
    """The CLI's exit status and the file holding its output, written as it would be to a pipe
    (a StringIO would hold it four bytes a character and count against the case's memory)."""
    from stancelib.cli import main as cli

    out_path = path.with_suffix(".out")
    with open(out_path, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(io.StringIO()):
        try:
            code: int | str = cli(["classify", str(path), "--format", fmt, "--quiet"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, (int, str)) else 1
    return code, out_path


@functools.cache
def _model_classes() -> dict[str, set[str]]:
    """The label sets of the model the cases run through: the bundled export, which ``classify``,
    ``classify_sentences`` and the CLI without ``--explain`` use. Not ``load_model().classes_``: that would
    unpickle the estimator and import scikit-learn in this process, 3-4 s of a run (test_compiled.py checks that
    the two models' label sets are the same)."""
    from stancelib.api import resolve_model

    return {f: set(map(str, c)) for f, c in resolve_model(None).classes_.items()}


def run_case(name: str, big: bool, tmp: Path) -> list[dict[str, Any]]:
    import stancelib
    from stancelib.api import MEMORY_BOUND

    classes = _model_classes()
    text = CASES[name](big)
    nbytes = len(text.encode("utf-8", "surrogatepass"))
    bound = MEMORY_BOUND[0] * nbytes / MB + MEMORY_BOUND[1]
    records = []

    def record(api: str, fn: Callable[[], tuple[list[str], Any]]) -> None:
        rec: dict[str, Any] = {"case": name, "api": api, "bytes": nbytes, "bound_mb": bound}
        base = _status("VmRSS:")
        measured = _reset_peak()
        try:
            rec["problems"], rec["result"] = fn()
        except Exception:  # a crash: what this suite exists to find
            rec["crash"] = traceback.format_exc()[-3000:]
        peak = _status("VmHWM:")
        if measured and base is not None and peak is not None:
            rec["growth_mb"] = max(0.0, peak - base)
        records.append(rec)
        print(json.dumps(rec), flush=True)

    def run_classify() -> tuple[list[str], Any]:
        labels = stancelib.classify(text)
        return check_labels(text, labels, classes), len(labels)

    def run_sentences() -> tuple[list[str], Any]:
        labels = stancelib.classify_sentences([text])
        problems = [] if len(labels) == 1 and labels[0].span == (0, len(text)) else ["not one label spanning the text"]
        return problems + check_label(labels[0], classes, "label"), 1

    def run_cli() -> tuple[list[str], Any]:
        path = tmp / "input.txt"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        problems = []
        code, out = _run_cli(path, "jsonl")
        if code not in (0, None):
            return [] if isinstance(code, str) and code.startswith("stancelib: ") else [f"exit {code!r}"], code
        read = text[1:] if text.startswith("\ufeff") else text  # the CLI reads UTF-8 with or without a BOM
        n = 0
        with open(out, encoding="utf-8") as f:  # a row at a time: a million rows would not fit as dicts
            for n, line in enumerate(f, 1):
                row = json.loads(line)
                start, end = row["span"]
                if read[start:end] != row["text"] or not 0 <= row["confidence"] <= 1:
                    problems.append(f"CLI row {n - 1}: bad span or confidence")
        if nbytes < 50_000:  # the table: escaped, whatever the text holds
            code, table_path = _run_cli(path, "table")
            table = table_path.read_text(encoding="utf-8")
            bad = sorted({repr(ch) for ch in table if (not ch.isprintable() and ch != "\n")
                          or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069})
            if code not in (0, None) or bad:
                problems.append(f"table: exit {code!r}, raw control characters {bad[:5]}")
        return problems, n

    record("classify", run_classify)
    record("classify_sentences", run_sentences)
    record("cli", run_cli)
    return records


def main(argv: list[str]) -> None:
    """``python -m tests.hostile_cases CAP_MB big|fast CASE...``: run cases under a memory cap."""
    cap = int(float(argv[0]) * MB)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    big = argv[1] == "big"
    import stancelib

    stancelib.classify("The two sides agreed to keep talking.")  # the model loaded before any case
    with tempfile.TemporaryDirectory() as tmp:
        for name in argv[2:]:
            print(json.dumps({"case": name, "api": "start"}), flush=True)
            run_case(name, big, Path(tmp))


if __name__ == "__main__":
    main(sys.argv[1:])
