"""A rule spelled in one place: the record files' suffixes, a label's state order, an e-mail's quote marks.

Review r33 (diff), findings 6, 8 and 9: ``cli.SENTENCE_RECORD_SUFFIXES`` and ``batch.iter_rows`` spelled the
record suffixes a third and fourth time beside ``data.RECORD_SUFFIXES``; ``SentenceLabel._key`` listed the ten
names of ``api._LABEL_STATE`` again (``__getstate__`` used one list, ``__setstate__`` the other, and old pickles
need both in step); ``segment._SEPARATOR`` spelled ``_QUOTE_PREFIX``'s quote marks again inline. Each is read
from the one spelling now, and a second spelling fails here.
"""

import ast
import pickle
import re
from pathlib import Path

import stancelib
from stancelib import classify_sentences
from stancelib.api import _LABEL_STATE
from stancelib.batch import iter_rows
from stancelib.data import RECORD_SUFFIXES

PACKAGE = Path(stancelib.__file__).parent


def _string_tuples(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple) and all(isinstance(e, ast.Constant) for e in node.elts):
            yield node.lineno, tuple(e.value for e in node.elts)


def test_the_record_suffixes_are_spelled_only_in_data():
    spelled = [f"{path.name}:{line}" for path in sorted(PACKAGE.glob("*.py")) if path.name != "data.py"
               for line, values in _string_tuples(path) if {".jsonl", ".ndjson"} <= set(values)]
    assert spelled == []


def test_sentence_files_are_read_by_the_one_list_of_suffixes(tmp_path):
    """Every record suffix is read as records by --sentences (iter_rows), any other suffix as lines of text."""
    for suffix in RECORD_SUFFIXES:
        path = tmp_path / f"s{suffix}"
        path.write_text("text\nXi warned Biden.\n" if suffix == ".csv" else '{"text": "Xi warned Biden."}\n',
                        encoding="utf-8")
        assert list(iter_rows(str(path), "text")) == [{"text": "Xi warned Biden."}], suffix
    (tmp_path / "s.log").write_text('{"text": "Xi warned Biden."}\n', encoding="utf-8")
    assert list(iter_rows(str(tmp_path / "s.log"), "text")) == [{"text": '{"text": "Xi warned Biden."}'}]


def test_a_labels_state_order_is_written_once():
    source = (PACKAGE / "api.py").read_text(encoding="utf-8")
    # the ten names in their order, in any spelling ("text", "span" ... or self.text, self.span ...)
    order = r"\W+(?:self\.)?".join(re.escape(n) for n in _LABEL_STATE)
    assert len(re.findall(order, source)) == 1
    [label] = classify_sentences(["Xi warned Biden about Taiwan."])
    assert label._key() == tuple(getattr(label, n) for n in _LABEL_STATE)
    assert pickle.loads(pickle.dumps(label)) == label and label.__getstate__() == list(label._key())


def test_the_quote_marks_are_spelled_once():
    from stancelib import segment

    source = (PACKAGE / "segment.py").read_text(encoding="utf-8")
    assert source.count(r">(?:[ \t]*>)*") == 1
    assert segment._QUOTE_MARKS in segment._SEPARATOR.pattern and segment._QUOTE_PREFIX.pattern.startswith(
        segment._QUOTE_MARKS)
