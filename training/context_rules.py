"""Which sentences should read the side of the sentence before? Candidate rules, measured on saved predictions.

    python -m training.evaluate --split authors --quick --jobs 2 --systems stancelib --save-oof reports/oof.npz
    python -m training.context_rules reports/oof.npz

The sentence-before context (:func:`stancelib._inference.reads_sentence_before`)
acts after the model: a sentence it picks takes ``(1 - w)`` of its own side
probabilities and ``w`` of the (already blended) sentence before it in the
same document. So the side probabilities of a saved leave-one-author-out run
can be taken back to the models' own, exactly, by undoing the blend with the
rule and weight the run used (the current rule; ``--weight``, by default the
bundled model's ``context_weight``), and any other rule applied to them
without retraining. The actor flags the rules read come from the bundled
model's actor block, whose features depend on the lexicon alone, not on the
training data, so they are the ones every fold's model computed.

For each candidate this prints side accuracy and macro-F1 over every tested
sentence, how many sentences the rule blends, and how many predictions it
makes right and wrong against the current rule, with McNemar's exact p.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, Callable

import numpy as np
from scipy.stats import binomtest

from stancelib._inference import blend_sentence_before as blend
from stancelib._inference import opens_quotation, reads_sentence_before
from stancelib.metrics import single_label_scores

from .corpus_stats import corpus_records
from .oof_scores import load_oof, rows_of, system_of

#: A speaker label opening a transcript line ("CUI:", "NINA COLE:"); "Q:" and one-letter labels are not names.
SPEAKER_LABEL = re.compile(r"^([A-Z][A-Z'.\- ]*[A-Z]):\s")
#: A first-person opener, inside a quotation or not.
FIRST_PERSON = re.compile(r"^[“\"]?(I|We|Our|My|I'm|I've|I'd|We've|We're|We'll|I’m|I’ve|I’d|We’ve|We’re|We’ll)\b")


def context_flags(model: Any, texts: list[str]) -> dict[str, np.ndarray]:
    """A fitted model's actor-block flags the rules read: ``pronoun``, ``they`` and ``unattributed``."""
    F = model._transform(model._model_texts(texts))
    cols = model._context_columns()
    pronoun, they, unattributed = (F[:, c].toarray().ravel() > 0 for c in cols)
    return {"pronoun": pronoun, "they": they, "unattributed": unattributed}


def blend_with_source(raw: np.ndarray, follows: np.ndarray, source: Callable[[int], int | None],
                      weight: float) -> np.ndarray:
    """``raw`` with each sentence that ``follows`` blended, as
    :func:`stancelib._inference.blend_sentence_before` does, with the row ``source(i)`` names instead of
    the row before it (none: left alone)."""
    out = raw.copy()
    for i in np.flatnonzero(follows).tolist():
        j = source(i)
        if j is not None:
            out[i] = (1 - weight) * raw[i] + weight * out[j]
    return out


def unblend(saved: np.ndarray, follows: np.ndarray, documents: list[Any], weight: float) -> np.ndarray:
    """The models' own side probabilities behind ``saved`` (the inverse of
    :func:`stancelib._inference.blend_sentence_before`); ValueError unless ``0 <= weight < 1``."""
    if not 0 <= weight < 1:
        raise ValueError(f"weight must be at least 0 and below 1 to undo the blend, got {weight!r}: at 1 a "
                         "blended sentence keeps nothing of its own probabilities")
    raw = saved.copy()
    for i in np.flatnonzero(follows).tolist():
        if i > 0 and documents[i] == documents[i - 1]:
            raw[i] = (saved[i] - weight * saved[i - 1]) / (1 - weight)
    return raw


def speaker_source(texts: list[str], documents: list[Any]) -> Callable[[int], int | None]:
    """For a line opening with a speaker label: the last line of the same label in its document, or
    else the last sentence before it that names the label's last word ("CUI:" after "Cui Tiankai")."""
    def source(i: int) -> int | None:
        match = SPEAKER_LABEL.match(texts[i])
        if not match:
            return None
        label = match.group(1)
        name = re.compile(r"\b" + re.escape(label.split()[-1].title()) + r"\b")
        for j in range(i - 1, -1, -1):
            if documents[j] != documents[i]:
                return None
            other = SPEAKER_LABEL.match(texts[j])
            if (other and other.group(1) == label) or (not other and name.search(texts[j])):
                return j
        return None
    return source


#: A first-person plural word anywhere in a sentence ("we", "our", lower-case "us"; "US" is the country).
FIRST_PERSON_PLURAL = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")
#: A quotation's span, straight or curly quotes, not crossing another opening mark.
QUOTED_SPAN = re.compile(r"[“\"][^“”\"]*[”\"]")
#: A reporter's question in a transcript ("Q:", "QUESTION:"), whose "we" is the press, not a government.
QUESTION_LABEL = re.compile(r"^\s*(?:Q|QUESTION|Question)[:.]\s")


def speaks_first_person(text: str) -> bool:
    """Whether ``text`` speaks as "we" outside any quotation, and is not a reporter's question.

    >>> [speaks_first_person(t) for t in ["We raised Taiwan.", "He said “we are ready”.", "Q: Did we?", "The US spoke."]]
    [True, False, False, False]
    """
    return bool(FIRST_PERSON_PLURAL.search(QUOTED_SPAN.sub("", text))) and not QUESTION_LABEL.match(text)


def voice_source(texts: list[str], documents: list[Any], reach: int = 12) -> Callable[[int], int | None]:
    """For a sentence: the last of the ``reach`` sentences before it in its document that speaks as "we"
    (:func:`speaks_first_person`) or opens with a speaker label, the one most likely to say whose "we" it is."""
    speaks = [speaks_first_person(t) or bool(SPEAKER_LABEL.match(t)) for t in texts]

    def source(i: int) -> int | None:
        for j in range(i - 1, max(i - 1 - reach, -1), -1):
            if documents[j] != documents[i]:
                return None
            if speaks[j]:
                return j
        return None
    return source


def context_weight(text: str) -> float:
    """An argparse ``type`` for ``--weight``: a share of the sentence before, in ``[0, 1)``; at 1 a blended
    sentence keeps nothing of its own, so :func:`unblend` cannot take it back."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1), got {text!r}") from None
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 0 and below 1 (the share of the sentence before "
                                         f"in a blended sentence's side), got {value:g}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.context_rules", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("oof", type=Path, help=".npz of training.evaluate --save-oof, made with the current rule")
    parser.add_argument("--system", default=None, help="the system in the file (default: stancelib, or the "
                                                       "file's only system)")
    parser.add_argument("--weight", type=context_weight, default=None,
                        help="the context weight the run used, in [0, 1) (default: the bundled model's)")
    args = parser.parse_args(argv)
    oof = load_oof(args.oof)
    system = system_of(oof, args.system)
    records = rows_of(oof, corpus_records())
    texts = [str(r["text"]) for r in records]
    documents = [str(r["doc_id"]) for r in records]
    from stancelib import load_model

    model = load_model()
    w = float(model.context_weight) if args.weight is None else args.weight
    saved = np.asarray(oof[f"authors/{system}/side"], dtype=float)
    tested = ~np.isnan(saved).any(axis=1)
    classes = [str(c) for c in oof["classes/side"]]
    truth = np.array([classes.index(str(r["side"])) for r in records])
    flags = context_flags(model, texts)
    current = reads_sentence_before(texts, flags["pronoun"], flags["they"], flags["unattributed"])
    raw = unblend(np.nan_to_num(saved), current, documents, w)
    pronoun = flags["pronoun"] & ~flags["they"]
    quote = opens_quotation(texts)
    first_person = np.array([bool(FIRST_PERSON.match(t)) for t in texts])
    labelled = np.array([bool(SPEAKER_LABEL.match(t)) for t in texts])

    candidates: dict[str, np.ndarray] = {
        "no context": raw,
        "pronoun openers only": blend(raw, pronoun, documents, w),
        "current (pronouns, unattributed quotations)": blend(raw, current, documents, w),
        "current, any quotation opener": blend(raw, pronoun | quote, documents, w),
        "current + first-person openers": blend(raw, current | (first_person & flags["unattributed"]), documents, w),
    }
    for other in (0.3, 0.4, 0.6):
        candidates[f"current, weight {other}"] = blend(raw, current, documents, other)
    with_labels = blend(raw, current, documents, w)
    candidates["current + speaker labels"] = blend_with_source(with_labels, labelled, speaker_source(texts, documents), w)
    # a "we" outside quotation marks is the voice of the whole text (a spokesperson, a briefer, a firm), set by
    # a speaker label or an earlier sentence rather than by the sentence itself
    we = np.array([speaks_first_person(t) for t in texts]) & ~current
    voice = voice_source(texts, documents)
    for ww in (0.3, 0.5):
        candidates[f"current + first person from the last voice, w {ww}"] = blend_with_source(
            candidates["current (pronouns, unattributed quotations)"], we, voice, ww)
    base = candidates["current (pronouns, unattributed quotations)"].argmax(axis=1)
    right = base == truth
    print(f"{int(tested.sum())} tested sentences; context weight {w}")
    print(f"{'rule':<52}{'side accuracy':>15}{'side macro-F1':>15}{'newly right':>13}{'newly wrong':>13}{'p':>8}")
    for name, proba in candidates.items():
        pred = proba.argmax(axis=1)
        s = single_label_scores([classes[k] for k in truth[tested]], [classes[k] for k in pred[tested]], classes,
                                average_over="all")
        ok = pred == truth
        gained, lost = int((ok & ~right & tested).sum()), int((~ok & right & tested).sum())
        p = binomtest(gained, gained + lost).pvalue if gained + lost else 1.0
        print(f"{name:<52}{s['accuracy']:>15.4f}{s['macro_f1']:>15.4f}{gained:>13}{lost:>13}{p:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
