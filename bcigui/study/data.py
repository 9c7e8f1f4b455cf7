"""A study's data: loaded the same way in the app and in every worker, and fingerprinted.

The app loads the trials once (to make the folds and refit the best models); each worker loads
them once per process from the same :class:`DataRef` (file paths and epoch settings, never
arrays of a whole data set over the network) and keeps them for the following tasks.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bcigui.data.trialset import TrialSet, TrialSource
from bcigui.study.spec import DataSpec


@dataclass(frozen=True)
class DataRef:
    """Where a study's trials come from (picklable, hashable).

    Attributes
    ----------
    recordings : tuple of str
        Recording files, each one group (empty for trial files).
    epoching : str or None
        The :class:`~bcigui.data.epoching.EpochSettings` as JSON (recordings only).
    trial_files : tuple of (tuple of str, tuple of str, str)
        ``(x files, y files, group)`` per group (empty for recordings).
    """

    recordings: tuple[str, ...] = ()
    epoching: str | None = None
    trial_files: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = ()

    @classmethod
    def of(cls, data: DataSpec) -> DataRef:
        """The reference of a spec's ``[data]``."""
        epoching = None
        if data.epoching is not None:
            epoching = json.dumps(data.epoching.model_dump(mode="json"), sort_keys=True)
        return cls(
            recordings=tuple(str(p) for p in data.recordings),
            epoching=epoching,
            trial_files=tuple(
                (tuple(str(p) for p in t.x), tuple(str(p) for p in t.y), t.group)
                for t in data.trials
            ),
        )

    def files(self) -> list[Path]:
        """Every file the data are read from."""
        paths = list(self.recordings)
        for x, y, _ in self.trial_files:
            paths += [*x, *y]
        return [Path(p) for p in paths]


@dataclass(frozen=True)
class StudyData:
    """The loaded trials and the group of each.

    Attributes
    ----------
    trials : TrialSet
        All trials, labelled.
    groups : ndarray of str, shape (n_trials,)
        The group (subject, session, recording) of every trial.
    """

    trials: TrialSet
    groups: np.ndarray

    @property
    def group_names(self) -> list[str]:
        """Distinct groups in first-seen order."""
        return list(dict.fromkeys(self.groups.tolist()))


def load_data(ref: DataRef) -> StudyData:
    """Read (recordings: epoch) the trials of ``ref``.

    Raises
    ------
    DataError, DataFileError
        From the readers, naming the file and the problem.
    """
    if ref.recordings:
        from bcigui.data.epoching import EpochSettings, epoch_recordings

        assert ref.epoching is not None
        settings = EpochSettings.model_validate_json(ref.epoching)
        trials = epoch_recordings(list(ref.recordings), settings)
        groups = np.array([Path(s.file).name for s in trials.sources], dtype=str)
        return StudyData(trials, groups)
    from bcigui.data.inputs import as_trialset

    parts = [as_trialset(list(x), list(y), role="train") for x, y, _ in ref.trial_files]
    first = parts[0]
    merged = TrialSet(
        trials=[t for p in parts for t in p.trials],
        y=np.concatenate([np.asarray(p.y) for p in parts]),
        sfreq=first.sfreq,
        ch_names=first.ch_names,
        sources=tuple(
            s if p.sources else TrialSource(group, i)
            for p, (_, _, group) in zip(parts, ref.trial_files, strict=True)
            for i, s in enumerate(p.sources or [TrialSource(group)] * p.n_trials)
        ),
    )
    groups = np.array(
        [g for p, (_, _, g) in zip(parts, ref.trial_files, strict=True) for _ in range(p.n_trials)],
        dtype=str,
    )
    return StudyData(merged, groups)


@functools.lru_cache(maxsize=2)
def cached_data(ref: DataRef) -> StudyData:
    """:func:`load_data`, kept per process (a worker reads its data once per study)."""
    return load_data(ref)


def data_hash(ref: DataRef) -> str:
    """A digest of the data: every file's bytes and the epoch settings (hex, 16 chars)."""
    digest = hashlib.sha256()
    digest.update(repr(ref.epoching).encode())
    for x, y, group in ref.trial_files:
        digest.update(f"group={group};{len(x)};{len(y)}".encode())
    for path in ref.files():
        digest.update(path.name.encode())
        with open(path, "rb") as fh:
            for block in iter(functools.partial(fh.read, 1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def describe(data: StudyData) -> dict[str, Any]:
    """A JSON-safe summary: trials, classes, groups."""
    return {
        "n_trials": data.trials.n_trials,
        "classes": {str(k): int(v) for k, v in data.trials.class_counts().items()},
        "groups": data.group_names,
    }
