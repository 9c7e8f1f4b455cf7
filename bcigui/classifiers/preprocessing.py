"""Preprocessing that is fitted on the training set and travels inside the model file.

A fitted :class:`FittedPreprocessing` turns canonical trials ``(n_channels, n_times)`` into what a
classifier consumes: feature vectors ``(n_trials, n_features)`` for SVM/SVNN, or time-major
sequences ``(n_times', n_channels)`` for LSTMNet. It checks that query trials match the training
trials (channel count, length for vector models) and says so clearly when they do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from bcigui.classifiers.checks import files_hint
from bcigui.classifiers.config import (
    ADAPTER_LEGACY_VALUES,
    AntiAlias,
    Detrend,
    InputAdapter,
    SequenceAdapter,
)
from bcigui.data.trialset import TrialSet
from bcigui.errors import DataError

Mode = Literal["vector", "sequence"]

#: Interquartile range of a standard normal distribution.
_IQR_PER_SD = 1.3489795


def decimate_trial(trial: np.ndarray, factor: int, antialias: AntiAlias = "boxcar") -> np.ndarray:
    """Reduce the sampling rate of one trial by ``factor``.

    Parameters
    ----------
    trial : ndarray, shape (n_channels, n_times)
    factor : int
    antialias : {'boxcar', 'fir'}
        ``'boxcar'`` averages non-overlapping blocks of ``factor`` samples (a trailing partial
        block is dropped; a trial shorter than ``factor`` is averaged whole). ``'fir'`` low-pass
        filters with a Kaiser-windowed FIR at the new Nyquist rate and keeps every ``factor``-th
        sample (``scipy.signal.resample_poly``; edges padded along a fitted line, so a DC offset
        or drift does not ring at the trial's ends).

    Returns
    -------
    ndarray, shape (n_channels, decimated_length(n_times, factor, antialias))
    """
    if factor == 1:
        return trial
    if antialias == "fir":
        from scipy.signal import resample_poly

        if trial.shape[1] < 2:
            return trial[:, :1]
        out = resample_poly(trial.astype(np.float64), 1, factor, axis=1, padtype="line")
        return np.asarray(out, dtype=np.float32)
    n_keep = max(trial.shape[1] // factor, 1)
    if trial.shape[1] < factor:
        return trial.mean(axis=1, keepdims=True)
    return trial[:, : n_keep * factor].reshape(trial.shape[0], n_keep, factor).mean(axis=2)


def decimate_trial_stack(trials: np.ndarray, factor: int) -> np.ndarray:
    """:func:`decimate_trial` with ``antialias='fir'`` on equal-length trials at once.

    Parameters
    ----------
    trials : ndarray, shape (n_trials, n_channels, n_times)
    factor : int

    Returns
    -------
    ndarray, shape (n_trials, n_channels, decimated_length(n_times, factor, 'fir'))
    """
    if trials.shape[2] < 2:
        return trials[:, :, :1]
    from scipy.signal import resample_poly

    out = resample_poly(trials.astype(np.float64), 1, factor, axis=2, padtype="line")
    return np.asarray(out, dtype=np.float32)


def detrend_trial(trial: np.ndarray, how: Detrend) -> np.ndarray:
    """Remove each channel's own offset from one trial.

    Parameters
    ----------
    trial : ndarray, shape (n_channels, n_times)
    how : {'none', 'mean', 'linear'}
        ``'mean'`` subtracts each channel's mean over the trial; ``'linear'`` its least-squares
        straight line (``scipy.signal.detrend``); ``'none'`` returns ``trial`` itself. A
        trial of one time sample (a row of a 2-D feature matrix) has no offset of its own and
        is returned as it is; one of two samples has its mean removed.

    Returns
    -------
    ndarray, shape (n_channels, n_times)
    """
    if how == "none" or trial.shape[1] < 2:
        return trial
    if how == "linear" and trial.shape[1] >= 3:
        from scipy.signal import detrend

        return np.asarray(detrend(trial.astype(np.float64), axis=1), dtype=np.float32)
    return trial - trial.mean(axis=1, keepdims=True, dtype=np.float64).astype(trial.dtype)


def decimated_length(n_times: int, factor: int, antialias: AntiAlias = "boxcar") -> int:
    """Samples left of ``n_times`` after :func:`decimate_trial` (at least 1)."""
    if factor == 1:
        return n_times
    if antialias == "fir":
        return max(-(-n_times // factor), 1) if n_times >= 2 else 1
    return max(n_times // factor, 1)


def resolve_decimation(
    adapter: InputAdapter | SequenceAdapter, longest: int
) -> InputAdapter | SequenceAdapter:
    """The adapter with its decimation fixed for trials of at most ``longest`` samples.

    ``decimate`` is multiplied by the smallest whole factor that brings ``longest`` to at most
    ``target_steps`` samples; the result has ``target_steps=None``, so applying it again (at
    query time, or when a saved model is loaded) gives the same factor whatever the trials' length.
    """
    if adapter.target_steps is None:
        return adapter
    factor = adapter.decimate
    remaining = decimated_length(longest, factor, adapter.antialias)
    if remaining > adapter.target_steps:
        factor *= -(-remaining // adapter.target_steps)
    return adapter.model_copy(update={"decimate": factor, "target_steps": None})


def centre_and_spread(
    feats: np.ndarray, scale: Literal["standard", "robust"]
) -> tuple[np.ndarray, np.ndarray]:
    """Per-column centre and spread of ``feats`` for scaling.

    Parameters
    ----------
    feats : ndarray, shape (n_samples, n_features)
    scale : {'standard', 'robust'}
        ``'standard'``: mean and SD. ``'robust'``: median and interquartile range / 1.349 (the SD
        of Gaussian data), falling back to the SD for a column whose IQR is zero (e.g. mostly
        constant).

    Returns
    -------
    centre, spread : ndarray of float32, shape (n_features,)
        ``spread`` is 1 where a column is constant or not finite.
    """
    if scale == "robust":
        q25, centre, q75 = np.percentile(feats, [25.0, 50.0, 75.0], axis=0)
        spread = (q75 - q25) / _IQR_PER_SD
        flat = ~np.isfinite(spread) | (spread < 1e-12)
        if flat.any():
            spread[flat] = feats[:, flat].std(axis=0, dtype=np.float64)
    else:
        centre = feats.mean(axis=0, dtype=np.float64)
        spread = feats.std(axis=0, dtype=np.float64)
    spread[~np.isfinite(spread) | (spread < 1e-12)] = 1.0
    return np.asarray(centre, np.float32), np.asarray(spread, np.float32)


@dataclass
class FittedPreprocessing:
    """Preprocessing state learned from a training set.

    Attributes
    ----------
    mode : {'vector', 'sequence'}
    adapter : InputAdapter or SequenceAdapter
        The settings it was fitted with, decimation resolved (``target_steps`` is None and
        ``decimate`` is the factor applied).
    n_channels : int
        Channels (features per time step) the model expects.
    n_times : int or None
        Samples per trial the model expects (vector mode); None for sequence models.
    mean, std : ndarray or None
        Scaling statistics (centre and spread: mean and SD, or median and IQR / 1.349 for robust
        scaling), shape ``(n_features,)`` (vector) or ``(n_channels,)`` (sequence).
    """

    mode: Mode
    adapter: InputAdapter | SequenceAdapter
    n_channels: int
    n_times: int | None
    mean: np.ndarray | None = None
    std: np.ndarray | None = None

    # -- fitting --------------------------------------------------------------------------
    @classmethod
    def fit(
        cls, trials: TrialSet, adapter: InputAdapter | SequenceAdapter, mode: Mode
    ) -> FittedPreprocessing:
        """Learn the scaling statistics from ``trials`` (the training set only)."""
        n_times = None
        if mode == "vector":
            trials.check_equal_lengths()
            n_times = int(trials.lengths[0])
        adapter = resolve_decimation(adapter, int(np.max(trials.lengths)))
        fitted = cls(mode=mode, adapter=adapter, n_channels=trials.n_channels, n_times=n_times)
        if adapter.scale != "none":
            if mode == "vector":
                feats = fitted._features(trials)
            else:
                feats = np.concatenate(fitted._sequences(trials), axis=0)
            fitted.mean, fitted.std = centre_and_spread(feats, adapter.scale)
        return fitted

    # -- checks ---------------------------------------------------------------------------
    def check(self, trials: TrialSet) -> None:
        """Raise :class:`DataError` when ``trials`` do not match what the model was trained on."""
        where = files_hint(trials)
        if trials.n_channels != self.n_channels:
            raise DataError(
                f"{where}: the model expects {self.n_channels} features (channels) per time step, "
                f"got {trials.n_channels}"
            )
        if self.mode == "vector" and self.n_times is not None:
            bad = np.flatnonzero(trials.lengths != self.n_times)
            if bad.size:
                src = trials.sources[bad[0]].file if trials.sources else f"trial {bad[0]}"
                raise DataError(
                    f"{src}: the model expects trials of {self.n_times} time samples, got "
                    f"{trials.lengths[bad[0]]} (crop or resample the trials to match training)"
                )

    # -- transforms -----------------------------------------------------------------------
    def _decimated(self, trials: TrialSet) -> list[np.ndarray]:
        """Trials detrended, then decimated (each ``(n_channels, n_times')``)."""
        factor, antialias, how = self.adapter.decimate, self.adapter.antialias, self.adapter.detrend
        detrended = [detrend_trial(t, how) for t in trials.trials]
        if factor > 1 and antialias == "fir" and len({t.shape for t in detrended}) == 1:
            # one filter call over the stacked trials: the same numbers as trial by trial
            # (each row is filtered on its own), without a SciPy call per trial
            stacked = decimate_trial_stack(np.stack(detrended), factor)
            return list(stacked)
        return [decimate_trial(t, factor, antialias) for t in detrended]

    def _clipped(self, values: np.ndarray) -> np.ndarray:
        """Scaled values bounded to +-``adapter.clip`` (unchanged when unscaled or no clip)."""
        if self.adapter.clip is None or self.mean is None:
            return values
        return np.clip(values, -self.adapter.clip, self.adapter.clip)

    def _features(self, trials: TrialSet) -> np.ndarray:
        dec = np.stack(self._decimated(trials)).astype(np.float32, copy=False)
        reduce = getattr(self.adapter, "reduce_3d", "flatten")
        if reduce == "flatten":
            return dec.reshape(len(dec), -1)
        if reduce == "mean_time_flat":
            return dec.mean(axis=2)
        return dec.reshape(len(dec), -1).mean(axis=1, keepdims=True)

    def _sequences(self, trials: TrialSet) -> list[np.ndarray]:
        return [np.ascontiguousarray(t.T, dtype=np.float32) for t in self._decimated(trials)]

    def transform_trials(self, trials: TrialSet) -> np.ndarray:
        """Detrended and decimated trials, unscaled (equal lengths needed).

        Returns
        -------
        ndarray of float64, shape (n_trials, n_channels, n_times')
        """
        self.check(trials)
        return np.stack(self._decimated(trials)).astype(np.float64)

    def transform_vectors(self, trials: TrialSet) -> np.ndarray:
        """Feature vectors, float32 of shape ``(n_trials, n_features)``."""
        self.check(trials)
        feats = self._features(trials)
        if self.mean is not None and self.std is not None:
            feats = self._clipped((feats - self.mean) / self.std)
        return feats.astype(np.float32, copy=False)

    def transform_sequences(self, trials: TrialSet) -> list[np.ndarray]:
        """Time-major sequences, one float32 array ``(n_times', n_channels)`` per trial."""
        self.check(trials)
        seqs = self._sequences(trials)
        if self.mean is not None and self.std is not None:
            seqs = [self._clipped((s - self.mean) / self.std).astype(np.float32) for s in seqs]
        return seqs

    @property
    def n_features(self) -> int:
        """Length of a feature vector (vector mode) or features per step (sequence mode)."""
        if self.mode == "sequence":
            return self.n_channels
        assert self.n_times is not None
        n_t = decimated_length(self.n_times, self.adapter.decimate, self.adapter.antialias)
        return {
            "flatten": self.n_channels * n_t,
            "mean_time_flat": self.n_channels,
            "mean_all": 1,
        }[getattr(self.adapter, "reduce_3d", "flatten")]

    # -- persistence ----------------------------------------------------------------------
    def to_manifest(self) -> dict[str, Any]:
        """JSON-safe description (the arrays go to :meth:`to_arrays`)."""
        return {
            "mode": self.mode,
            "adapter": self.adapter.model_dump(mode="json"),
            "n_channels": self.n_channels,
            "n_times": self.n_times,
            "scaled": self.mean is not None,
        }

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Numeric state for the model file's ``arrays.npz``."""
        if self.mean is None or self.std is None:
            return {}
        return {"prep_mean": self.mean, "prep_std": self.std}

    @classmethod
    def from_saved(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> FittedPreprocessing:
        """Rebuild from :meth:`to_manifest` and :meth:`to_arrays` output."""
        fitted = cls(
            mode=meta["mode"],
            # settings added later take the values that reproduce what older files did
            adapter=(InputAdapter if meta["mode"] == "vector" else SequenceAdapter).model_validate(
                {**ADAPTER_LEGACY_VALUES, **meta["adapter"]}
            ),
            n_channels=int(meta["n_channels"]),
            n_times=None if meta["n_times"] is None else int(meta["n_times"]),
        )
        if meta.get("scaled"):
            fitted.mean = np.asarray(arrays["prep_mean"], dtype=np.float32)
            fitted.std = np.asarray(arrays["prep_std"], dtype=np.float32)
        return fitted
