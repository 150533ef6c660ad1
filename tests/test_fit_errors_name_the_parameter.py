"""A fit that fails because of a parameter says so in the parameter's words, with the number of sentences.

Review r34 (repro), L2: ``stancelib train --params '{"min_df": 100000}'`` said "cannot train on this data: max_df
corresponds to < documents than min_df", scikit-learn's words, naming neither ``min_df`` nor the data. The
sentences are written for these tests.
"""

import pytest

from stancelib import ReadoutClassifier
from stancelib.cli import main

from .conftest import TWO_X as X  # two sentences with no word in both, four times
from .conftest import TWO_Y as Y
from .conftest import as_records, write_jsonl


@pytest.mark.parametrize("min_df, message", [
    (100000, r"^min_df=100000 keeps only the word n-grams found in at least 100000 sentences, but there are 8 "
             r"training sentences; lower min_df \(the default is 2; 1 keeps every n-gram\) or give more sentences$"),
    (1.0, r"^No word n-gram occurs in at least 100% of the 8 training sentences \(min_df=1\.0\), so the 'word' "
          r"feature block has no feature; lower min_df \(1 keeps every n-gram\) or give more sentences$"),
])
def test_min_df_that_leaves_no_n_gram_is_named(min_df, message):
    with pytest.raises(ValueError, match=message) as exc:
        ReadoutClassifier(cv=0, min_df=min_df).fit(X, Y)
    assert "max_df" not in str(exc.value) and "After pruning" not in str(exc.value)


def test_sentences_without_a_word_are_named():
    with pytest.raises(ValueError, match=r"^None of the 2 training sentences holds a word the 'word' feature block "
                                         r"reads \(letters or digits\)"):
        ReadoutClassifier(cv=0, min_df=1).fit(["!!", "??"], {"stance": ["warning", "concern"]})


def test_the_train_command_says_it(tmp_path, capsys):
    data = write_jsonl(tmp_path / "mine.jsonl", as_records(X, Y))
    code = main(["train", "--data", str(data), "--base", "none", "--out", str(tmp_path / "m"), "--quiet",
                 "--params", '{"min_df": 100000}'])
    err = capsys.readouterr().err
    assert code == 1 and "min_df=100000 keeps only the word n-grams found in at least 100000 sentences, but there " \
                         "are 8 training sentences" in err
