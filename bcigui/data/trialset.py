"""TrialSet: the one type every part of bcigui uses for a set of EEG trials."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from bcigui.errors import DataError


@dataclass(frozen=True)
class TrialSource:
    """Where one trial came from: a file and the trial's index in it (0 for one-trial files)."""

    file: str
    index: int = 0


@dataclass(frozen=True, eq=False)
class TrialSet:
    """A set of EEG trials in the canonical orientation, with labels and provenance.

    Parameters
    ----------
    trials : list of ndarray
        One float32 array of shape ``(n_channels, n_times_i)`` per trial (MNE / pyRiemann
        orientation). Trials may differ in ``n_times`` (seed ``.npy`` files of different lengths);
        :attr:`X` is then unavailable and only sequence models (LSTMNet) accept them.
    y : ndarray or None
        Label of each trial, shape ``(n_trials,)``, in the user's own values (ints or strings);
        None for unlabelled trials (inference).
    sfreq : float or None
        Sampling rate in Hz; None when unknown (bare ``.npy`` files).
    ch_names : tuple of str or None
        Channel (feature) names; None when unknown.
    sources : tuple of TrialSource
        Where each trial came from, aligned with ``trials``.
    """

    trials: list[np.ndarray]
    y: np.ndarray | None = None
    sfreq: float | None = None
    ch_names: tuple[str, ...] | None = None
    sources: tuple[TrialSource, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if len(self.trials) == 0:
            raise DataError("no trials: the trial set is empty")
        n_ch = {t.shape[0] for t in self.trials}
        if len(n_ch) != 1:
            raise DataError(f"trials differ in channel (feature) count: {sorted(n_ch)}")
        if self.y is not None and len(self.y) != len(self.trials):
            raise DataError(f"{len(self.y)} labels for {len(self.trials)} trials")
        if self.sources and len(self.sources) != len(self.trials):
            raise DataError(f"{len(self.sources)} sources for {len(self.trials)} trials")
        if self.ch_names is not None and len(self.ch_names) != self.n_channels:
            raise DataError(f"{len(self.ch_names)} channel names for {self.n_channels} channels")

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_array(
        cls,
        X: np.ndarray,
        y: Sequence[object] | np.ndarray | None = None,
        *,
        sfreq: float | None = None,
        ch_names: Sequence[str] | None = None,
        source: str = "<array>",
    ) -> TrialSet:
        """Build from a canonical array ``X`` of shape ``(n_trials, n_channels, n_times)``."""
        X = np.asarray(X)
        if X.ndim != 3:
            raise DataError(
                f"expected an array (n_trials, n_channels, n_times), got shape {X.shape}"
            )
        trials = [np.ascontiguousarray(t, dtype=np.float32) for t in X]
        return cls(
            trials=trials,
            y=None if y is None else np.asarray(y),
            sfreq=sfreq,
            ch_names=None if ch_names is None else tuple(ch_names),
            sources=tuple(TrialSource(source, i) for i in range(len(trials))),
        )

    # -- shape ----------------------------------------------------------------------------
    @property
    def n_trials(self) -> int:
        return len(self.trials)

    @property
    def n_channels(self) -> int:
        return int(self.trials[0].shape[0])

    @property
    def lengths(self) -> np.ndarray:
        """``n_times`` of every trial, shape ``(n_trials,)``."""
        return np.array([t.shape[1] for t in self.trials], dtype=np.int64)

    @property
    def is_ragged(self) -> bool:
        """True when trials differ in length."""
        return len(set(self.lengths.tolist())) > 1

    @property
    def X(self) -> np.ndarray:
        """The trials stacked as float32 ``(n_trials, n_channels, n_times)``.

        Raises
        ------
        DataError
            When trials differ in length.
        """
        self.check_equal_lengths()
        return np.stack(self.trials).astype(np.float32, copy=False)

    def check_equal_lengths(self) -> None:
        """Raise :class:`DataError` (saying what to do) when trials differ in length."""
        if self.is_ragged:
            lengths = sorted(set(self.lengths.tolist()))
            raise DataError(
                f"trials differ in length (n_times {lengths[0]}..{lengths[-1]}): this classifier "
                "needs equal-length trials; crop them, or use LSTMNet, which accepts any length"
            )

    @property
    def classes(self) -> np.ndarray:
        """Sorted unique labels, shape ``(n_classes,)``; empty when unlabelled."""
        if self.y is None:
            return np.array([])
        return np.unique(self.y)

    def class_counts(self) -> dict[object, int]:
        """Number of trials per class, in sorted class order."""
        if self.y is None:
            return {}
        values, counts = np.unique(self.y, return_counts=True)
        return {
            v.item() if hasattr(v, "item") else v: int(c)
            for v, c in zip(values, counts, strict=True)
        }

    def subset(self, indices: Sequence[int] | np.ndarray) -> TrialSet:
        """The trials at ``indices`` (labels and sources follow)."""
        idx = np.asarray(indices, dtype=np.int64)
        return TrialSet(
            trials=[self.trials[i] for i in idx],
            y=None if self.y is None else self.y[idx],
            sfreq=self.sfreq,
            ch_names=self.ch_names,
            sources=tuple(self.sources[i] for i in idx) if self.sources else (),
        )

    @property
    def groups(self) -> np.ndarray:
        """The source file of every trial, shape ``(n_trials,)`` of str (``""`` without sources).

        For grouped cross-validation: trials of one recording share a group.
        """
        if not self.sources:
            return np.full(self.n_trials, "", dtype=str)
        return np.array([s.file for s in self.sources], dtype=str)

    def files(self) -> list[str]:
        """Distinct source files, in first-seen order."""
        return list(dict.fromkeys(s.file for s in self.sources))

    def summary(self) -> str:
        """One line for logs and the GUI: trials, shape, classes with counts."""
        lengths = self.lengths
        times = str(lengths[0]) if not self.is_ragged else f"{lengths.min()}-{lengths.max()}"
        counts = ", ".join(f"{k}: {v}" for k, v in self.class_counts().items())
        return f"{self.n_trials} trials x {self.n_channels} channels x {times} samples" + (
            f"; classes {counts}" if counts else "; unlabelled"
        )
