"""TrialSet: the one type every part of bcigui uses for a set of EEG trials."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import numpy as np

from bcigui.errors import DataError, UserText


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
    epoching : dict or None
        How the trials were cut from recordings (an ``EpochSettings`` dump, JSON-safe), set by
        :func:`~bcigui.data.epoching.epoch_recordings`; a model fitted on them records it, so
        that new recordings are epoched the same way. None for trial files.
    """

    trials: list[np.ndarray]
    y: np.ndarray | None = None
    sfreq: float | None = None
    ch_names: tuple[str, ...] | None = None
    sources: tuple[TrialSource, ...] = field(default_factory=tuple)
    epoching: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if len(self.trials) == 0:
            raise DataError("no trials: the trial set is empty")
        n_ch = {t.shape[0] for t in self.trials}
        if len(n_ch) != 1:
            raise DataError(
                UserText.of(
                    "trials differ in channel (feature) count: {counts}", counts=sorted(n_ch)
                )
            )
        if self.y is not None and len(self.y) != len(self.trials):
            raise DataError(
                UserText.of("{n} labels for {m} trials", n=len(self.y), m=len(self.trials))
            )
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
            epoching=self.epoching,
        )

    @property
    def groups(self) -> np.ndarray:
        """The source file of every trial, shape ``(n_trials,)`` of str (``""`` without sources).

        For grouped cross-validation: trials of one recording share a group.
        """
        if not self.sources:
            return np.full(self.n_trials, "", dtype=str)
        return np.array([s.file for s in self.sources], dtype=str)

    @property
    def recordings(self) -> np.ndarray | None:
        """The recording of every trial, shape ``(n_trials,)`` of str; None unless several.

        A recording is an EEG file the trials were epoched from. Seed ``.npy`` files are trial
        files, not recordings: trials read from them have no recording here.
        """
        if not self.sources:
            return None
        files = [s.file for s in self.sources]
        if any(PurePath(f).suffix.lower() == ".npy" or f.startswith("<") for f in files):
            return None
        return np.array(files, dtype=str) if len(set(files)) > 1 else None

    # -- held-out test set -----------------------------------------------------------------
    def split_indices(
        self, test_fraction: float, *, seed: int = 0, stratify: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """Trial indices of a training and a held-out test part (see :meth:`split`).

        Returns
        -------
        train_idx, test_idx : ndarray of int64
            Sorted, disjoint, together ``range(n_trials)``.
        """
        if not 0 < test_fraction < 1:
            raise DataError(
                f"the test fraction must be between 0 and 1 (e.g. 0.2 for 20%), got {test_fraction}"
            )
        if self.y is None:
            raise DataError("cannot split unlabelled trials into training and test trials")
        n_test = round(self.n_trials * test_fraction)
        if n_test < 1 or n_test >= self.n_trials:
            raise DataError(
                f"{test_fraction:.0%} of {self.n_trials} trials leaves no trials on one side; "
                "change the test fraction or add trials"
            )
        recordings = self.recordings
        if recordings is not None:
            test = _grouped_test(recordings, self.y, n_test, seed)
        else:
            test = _stratified_test(self, n_test, seed, stratify)
        mask = np.zeros(self.n_trials, dtype=bool)
        mask[test] = True
        return np.flatnonzero(~mask), np.flatnonzero(mask)

    def split(
        self, test_fraction: float, *, seed: int = 0, stratify: bool = True
    ) -> tuple[TrialSet, TrialSet]:
        """Hold out ``test_fraction`` of the trials as a test set: the one split of bcigui.

        Trials from several recordings (EEG files, :attr:`recordings`) are split by whole
        recordings, so that no recording feeds both sides; the recordings held out are the ones
        that come closest to ``round(n_trials * test_fraction)`` trials with every class on
        both sides (and class shares closest to the whole set's). Otherwise (seed ``.npy``
        files, one recording) the split is stratified by class: each class keeps its share on
        both sides. The same trials, fraction and seed always give the same split.

        Parameters
        ----------
        test_fraction : float
            Share of the trials held out, between 0 and 1 (``0.2`` for 20%).
        seed : int
            Seed of the random choice (the split does not change with the model's seed).
        stratify : bool
            Keep class shares (the default); False draws test trials regardless of class.
            A split by whole recordings always keeps every class on both sides.

        Returns
        -------
        train, test : TrialSet
            The two parts, trials in their original order.

        Raises
        ------
        DataError
            Unlabelled trials, a fraction outside (0, 1), a class with fewer than 2 trials, or
            a split that cannot put every class on both sides; the message says what to change.
        """
        train_idx, test_idx = self.split_indices(test_fraction, seed=seed, stratify=stratify)
        return self.subset(train_idx), self.subset(test_idx)

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


def _stratified_test(trials: TrialSet, n_test: int, seed: int, stratify: bool) -> np.ndarray:
    """``n_test`` trial indices drawn at random, per class in proportion when ``stratify``."""
    from sklearn.model_selection import train_test_split

    counts = trials.class_counts()
    n_classes = len(counts)
    if stratify:
        small = {k: v for k, v in counts.items() if v < 2}
        if small:
            name, count = next(iter(small.items()))
            raise DataError(
                f"cannot stratify the split: class {str(name)!r} has only {count} trial; add "
                "trials of that class (or split without stratification)"
            )
        if n_test < n_classes or trials.n_trials - n_test < n_classes:
            raise DataError(
                f"a stratified split of {n_test} of {trials.n_trials} trials cannot hold each of "
                f"the {n_classes} classes on both sides; change the test fraction"
            )
    _, test = train_test_split(
        np.arange(trials.n_trials), test_size=n_test, random_state=seed,
        stratify=trials.y if stratify else None,
    )  # fmt: skip
    return np.asarray(test, dtype=np.int64)


#: Above this many recordings, the grouped split tries random choices instead of all of them.
_EXHAUSTIVE_RECORDINGS = 12
_RANDOM_CHOICES = 4000


def _grouped_test(recordings: np.ndarray, y: np.ndarray, n_test: int, seed: int) -> np.ndarray:
    """Trial indices of the whole recordings held out (see :meth:`TrialSet.split`)."""
    names = list(dict.fromkeys(recordings.tolist()))
    classes, y_idx = np.unique(y, return_inverse=True)
    share = np.bincount(y_idx, minlength=len(classes)) / len(y_idx)
    per_recording = np.stack(
        [np.bincount(y_idx[recordings == r], minlength=len(classes)) for r in names]
    )
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(names))
    total = per_recording.sum(axis=0)
    best: tuple[float, float] | None = None
    chosen: tuple[int, ...] = ()
    for held_out in _recording_choices(order, rng):
        counts = per_recording[list(held_out)].sum(axis=0)
        if counts.min() == 0 or (total - counts).min() == 0:
            continue  # a class missing on one side
        drift = float(np.abs(counts / counts.sum() - share).sum())
        score = (abs(int(counts.sum()) - n_test), drift)
        if best is None or score < best:
            best, chosen = score, held_out
    if best is None:
        raise DataError(
            f"cannot hold out whole recordings with every class on both sides: the "
            f"{len(names)} recordings ({', '.join(PurePath(n).name for n in names)}) do not "
            "allow it; add recordings, or give the test recordings yourself"
        )
    held = {names[i] for i in chosen}
    return np.flatnonzero(np.isin(recordings, list(held)))


def _recording_choices(order: np.ndarray, rng: np.random.Generator) -> Iterator[tuple[int, ...]]:
    """Sets of recording indices to hold out (never all), in a seed-shuffled order."""
    n = len(order)
    if n <= _EXHAUSTIVE_RECORDINGS:
        return itertools.chain.from_iterable(
            (tuple(int(order[i]) for i in combo) for combo in itertools.combinations(range(n), k))
            for k in range(1, n)
        )
    return (
        tuple(int(i) for i in rng.permutation(n)[: rng.integers(1, n)])
        for _ in range(_RANDOM_CHOICES)
    )
