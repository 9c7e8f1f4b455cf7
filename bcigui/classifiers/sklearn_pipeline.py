"""Common base of the classifiers that are a scikit-learn pipeline on canonical trials.

ShrinkageLDA, XdawnRiemann and CSPLDA are thin configurations of a scikit-learn/pyRiemann
pipeline: the subclass says which pipeline to build and how a trial becomes its input; this
base fits it, predicts with it and stores it as a ``skops`` payload whose every type the
subclass declares at its registration (``@register(payload_types=...)``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from pydantic import PrivateAttr

from bcigui.classifiers.base import BaseClassifier
from bcigui.classifiers.checks import files_hint
from bcigui.classifiers.config import InputAdapter
from bcigui.classifiers.network import resolve_class_weight
from bcigui.classifiers.preprocessing import FittedPreprocessing
from bcigui.classifiers.progress import CancelToken, ProgressCallback
from bcigui.classifiers.skops_payload import estimator_from_payload, estimator_to_payload
from bcigui.data.trialset import TrialSet
from bcigui.errors import BciguiError, Cancelled, DataError, TrainingError, UserText

log = logging.getLogger(__name__)


def decimation_factor(sfreq: float | None, target_sfreq: float | None, override: int | None) -> int:
    """Samples to average per output sample so that ``sfreq / factor`` is about ``target_sfreq``.

    Parameters
    ----------
    sfreq : float or None
        Sampling rate of the trials (None: unknown).
    target_sfreq : float or None
        Wanted rate after decimation (None: no decimation).
    override : int or None
        An explicit factor; wins over the other two.

    Returns
    -------
    int
        At least 1; 1 when the rate is unknown and no override is given.
    """
    if override is not None:
        return int(override)
    if sfreq is None or target_sfreq is None or sfreq <= target_sfreq:
        return 1
    return max(round(sfreq / target_sfreq), 1)


def lda_priors(class_weight: Any, classes: np.ndarray, y_idx: np.ndarray) -> np.ndarray | None:
    """LDA class priors that play the role of ``class_weight`` (None: the class frequencies).

    ``'balanced'`` gives equal priors; a ``{label: weight}`` dict gives priors proportional to
    ``count * weight``.
    """
    weights = resolve_class_weight(class_weight, classes, y_idx)
    if weights is None:
        return None
    counts = np.bincount(y_idx, minlength=len(classes)).astype(np.float64)
    priors = counts * np.array([weights.get(i, 1.0) for i in range(len(classes))])
    return np.asarray(priors / priors.sum())


class PipelineClassifier(BaseClassifier):
    """A classifier whose model is a fitted scikit-learn estimator (``skops`` payload)."""

    #: Fewest time samples per trial the pipeline can use (2 for covariance-based ones).
    min_times: ClassVar[int] = 1

    #: Advice appended to a numerical fitting failure.
    _fit_failure_hint: ClassVar[str] = "Check the trials for flat or duplicated channels."

    _estimator: Any = PrivateAttr(default=None)

    # ---------------------------------------------------------------- subclass hooks
    def _input_adapter(self, trials: TrialSet) -> InputAdapter:
        """Decimation/scaling applied before :meth:`_features` (default: none)."""
        return InputAdapter(
            detrend="none", scale="none", clip=None, target_steps=None, antialias="boxcar"
        )

    def _make_estimator(self, trials: TrialSet, y_idx: np.ndarray) -> Any:
        """A fresh, unfitted scikit-learn estimator for these training trials."""
        raise NotImplementedError

    def _features(self, trials: TrialSet) -> np.ndarray:
        """The estimator's input for ``trials`` (default: detrended and decimated by the fitted
        input adapter, unscaled, float64).

        Returns
        -------
        ndarray, shape (n_trials, n_channels, n_times')
        """
        assert self._prep is not None
        return self._prep.transform_trials(trials)

    # ---------------------------------------------------------------- fitting / prediction
    @property
    def estimator_(self) -> Any:
        """The fitted scikit-learn estimator."""
        self._require_fitted()
        return self._estimator

    def _fit_core(
        self, trials: TrialSet, y_idx: np.ndarray, progress: ProgressCallback, cancel: CancelToken
    ) -> None:
        cancel.raise_if_cancelled()
        progress(0.0, UserText.of("preparing data"))
        trials.check_equal_lengths()
        if int(trials.lengths[0]) < self.min_times:
            raise DataError(
                f"{self.display_name} needs trials of at least {self.min_times} time samples "
                f"(n_channels, n_times) to estimate covariances; got {int(trials.lengths[0])} "
                "(a 2-D feature matrix has one sample per trial)"
            )
        self._prep = FittedPreprocessing.fit(trials, self._input_adapter(trials), "vector")
        x = self._features(trials)
        min_count = int(np.bincount(y_idx).min())
        if min_count < 2:
            raise DataError(
                f"{self.display_name} needs at least 2 training trials per class "
                f"(class counts: {trials.class_counts()})"
            )
        estimator = self._make_estimator(trials, y_idx)
        cancel.raise_if_cancelled()
        progress(0.05, UserText.of("fitting {m} on {n} trials", m=self.display_name, n=x.shape[0]))
        try:
            estimator.fit(x, y_idx)
        except (ValueError, np.linalg.LinAlgError) as exc:
            if isinstance(exc, BciguiError):
                raise
            raise TrainingError(
                f"{self.display_name} could not be fitted on {files_hint(trials)}: {exc}. "
                f"{self._fit_failure_hint}"
            ) from exc
        if cancel.cancelled:  # a scikit-learn fit cannot be interrupted; honour it afterwards
            raise Cancelled("training cancelled by the user; nothing was saved")
        self._estimator = estimator
        progress(0.95, UserText.of("{m} fitted", m=self.display_name))

    def _predict_proba_core(self, trials: TrialSet) -> np.ndarray:
        proba = np.asarray(self._estimator.predict_proba(self._features(trials)), np.float64)
        return np.clip(proba, 1e-12, None)

    # ---------------------------------------------------------------- persistence
    def _payload_to_bytes(self) -> tuple[bytes, str]:
        return estimator_to_payload(self, self._estimator)

    def _payload_from_bytes(self, payload: bytes, name: str, path: Path) -> None:
        self._estimator = estimator_from_payload(self, payload, name, path)
