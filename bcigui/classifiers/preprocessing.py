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
from bcigui.classifiers.config import InputAdapter, SequenceAdapter
from bcigui.data.trialset import TrialSet
from bcigui.errors import DataError

Mode = Literal["vector", "sequence"]


def decimate_trial(trial: np.ndarray, factor: int) -> np.ndarray:
    """Average non-overlapping blocks of ``factor`` samples.

    Parameters
    ----------
    trial : ndarray, shape (n_channels, n_times)
    factor : int

    Returns
    -------
    ndarray, shape (n_channels, n_times // factor)
        (at least one sample: a trial shorter than ``factor`` is averaged whole).
    """
    if factor == 1:
        return trial
    n_keep = max(trial.shape[1] // factor, 1)
    if trial.shape[1] < factor:
        return trial.mean(axis=1, keepdims=True)
    return trial[:, : n_keep * factor].reshape(trial.shape[0], n_keep, factor).mean(axis=2)


@dataclass
class FittedPreprocessing:
    """Preprocessing state learned from a training set.

    Attributes
    ----------
    mode : {'vector', 'sequence'}
    adapter : InputAdapter or SequenceAdapter
        The settings it was fitted with.
    n_channels : int
        Channels (features per time step) the model expects.
    n_times : int or None
        Samples per trial the model expects (vector mode); None for sequence models.
    mean, std : ndarray or None
        Scaling statistics, shape ``(n_features,)`` (vector) or ``(n_channels,)`` (sequence).
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
        fitted = cls(mode=mode, adapter=adapter, n_channels=trials.n_channels, n_times=n_times)
        if adapter.scale == "standard":
            if mode == "vector":
                feats = fitted._features(trials)
            else:
                feats = np.concatenate(fitted._sequences(trials), axis=0)
            mean = feats.mean(axis=0, dtype=np.float64)
            std = feats.std(axis=0, dtype=np.float64)
            std[~np.isfinite(std) | (std < 1e-12)] = 1.0
            fitted.mean = mean.astype(np.float32)
            fitted.std = std.astype(np.float32)
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
        return [decimate_trial(t, self.adapter.decimate) for t in trials.trials]

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

    def transform_vectors(self, trials: TrialSet) -> np.ndarray:
        """Feature vectors, float32 of shape ``(n_trials, n_features)``."""
        self.check(trials)
        feats = self._features(trials)
        if self.mean is not None and self.std is not None:
            feats = (feats - self.mean) / self.std
        return feats.astype(np.float32, copy=False)

    def transform_sequences(self, trials: TrialSet) -> list[np.ndarray]:
        """Time-major sequences, one float32 array ``(n_times', n_channels)`` per trial."""
        self.check(trials)
        seqs = self._sequences(trials)
        if self.mean is not None and self.std is not None:
            seqs = [((s - self.mean) / self.std).astype(np.float32) for s in seqs]
        return seqs

    @property
    def n_features(self) -> int:
        """Length of a feature vector (vector mode) or features per step (sequence mode)."""
        if self.mode == "sequence":
            return self.n_channels
        assert self.n_times is not None
        n_t = max(self.n_times // self.adapter.decimate, 1)
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
            adapter=(InputAdapter if meta["mode"] == "vector" else SequenceAdapter).model_validate(
                meta["adapter"]
            ),
            n_channels=int(meta["n_channels"]),
            n_times=None if meta["n_times"] is None else int(meta["n_times"]),
        )
        if meta.get("scaled"):
            fitted.mean = np.asarray(arrays["prep_mean"], dtype=np.float32)
            fitted.std = np.asarray(arrays["prep_std"], dtype=np.float32)
        return fitted
