"""What an estimator does with the manifest it was loaded with: drop it when the estimator changes.

:func:`stancelib.persist.load_model` (and ``train(out=...)``) sets a model's ``manifest_``, by which
:func:`stancelib.persist.model_id` names the model after its artifact. A model refitted or given other
parameters is no longer that artifact, so every estimator ``load_model`` loads takes
:class:`ManifestMixin`, whose rule is that the change drops the manifest. A module of its own, importing
nothing, because ``persist`` imports the estimators' modules (to check what it unpickled) and they import this.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ManifestMixin"]


class ManifestMixin:
    """The rule of every estimator :func:`stancelib.persist.load_model` loads
    (:class:`~stancelib.ReadoutClassifier`, :class:`~stancelib.encoder.EncoderClassifier`): a change of its
    state drops the ``manifest_`` it was loaded (or saved) with, so that :func:`stancelib.persist.model_id`
    names a refitted or re-parameterised model by its state (``unsaved-...``), never after a file it no
    longer is.

    ``set_params`` drops it here; ``fit`` (and any other method that changes the fitted attributes) calls
    :meth:`_forget_manifest` before its first change. Listed before ``BaseEstimator`` among the bases, so
    that its ``set_params`` is the one called.
    """

    def set_params(self, **params: Any) -> Any:
        if params:  # scikit-learn's set_params() with nothing to set changes nothing
            self._forget_manifest()
        return super().set_params(**params)  # type: ignore[misc]

    def _forget_manifest(self) -> None:
        """Drop ``manifest_``: the model is about to change, so the manifest no longer describes it."""
        self.__dict__.pop("manifest_", None)
