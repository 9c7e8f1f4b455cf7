"""Cut recordings into labelled trials: event mapping, time window, picks, rejection.

:func:`epoch_recordings` turns one or more recordings (runs, sessions) into one
:class:`~bcigui.data.trialset.TrialSet` in volts, each trial remembering its recording
(``TrialSource(file, index)``; ``TrialSet.groups`` gives the recording of every trial for grouped
cross-validation). Optional band-pass filtering (``l_freq``/``h_freq``) is applied to the
*continuous* data before epoching (MNE's zero-phase FIR filter), which avoids the edge effects of
filtering short epochs; for ``-epo.fif`` files it is applied to the epochs themselves.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bcigui.data.formats import recording_format
from bcigui.data.recordings import (
    find_events,
    find_stim_channel,
    is_trigger_name,
    read_epochs,
    read_raw,
)
from bcigui.data.trialset import TrialSet, TrialSource
from bcigui.errors import DataError, DataFileError, UserText

if TYPE_CHECKING:
    import mne

log = logging.getLogger(__name__)

Progress = Callable[..., Any]
_REJECT_TYPES = ("eeg", "eog", "ecog", "seeg", "dbs")


class PresetRef(BaseModel):
    """Which paradigm preset epoch settings came from (recorded with a model's settings).

    ``modified`` is True when a setting was changed after the preset was applied.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(..., min_length=1, description="Preset name, e.g. 'p300-oddball'.")
    version: int = Field(..., ge=1, description="Preset version.")
    modified: bool = Field(False, description="A setting was changed after applying it.")

    def text(self) -> str:
        """``"p300-oddball v1"``, with ``" (modified)"`` when it was edited."""
        return f"{self.name} v{self.version}" + (" (modified)" if self.modified else "")


class ConditionFilter(BaseModel):
    """Keep only the trials of one condition: those whose latest condition marker is ``marker``.

    In block designs a marker event starts each block or trial of a condition (Nieto et al.
    2022: 21 pronounced, 22 inner, 23 visualised, before each trial). ``markers`` lists every
    condition marker of the paradigm, so that the condition changes whenever any of them occurs.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    marker: str = Field(..., min_length=1, description="Event key of the condition kept.")
    markers: list[str] = Field(..., description="Event keys of all the paradigm's conditions.")

    @model_validator(mode="after")
    def _check_marker(self) -> ConditionFilter:
        if self.marker not in self.markers:
            raise ValueError(f"marker {self.marker!r} must be one of the markers {self.markers}")
        return self


class EpochSettings(BaseModel):
    """How recordings become trials (validated; errors name the field).

    Times are in seconds relative to each event. ``reject_uv`` is a peak-to-peak threshold in
    microvolts on EEG-like channels (the data themselves stay in volts). ``l_freq``/``h_freq``
    band-pass the continuous recording before epoching (None = no filter on that side).
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    event_map: dict[str, str] = Field(
        ..., description="Event key (code as text or annotation) -> class name."
    )
    tmin: float = Field(0.0, description="Start of each trial relative to its event (s).")
    tmax: float = Field(0.8, description="End of each trial relative to its event (s).")
    baseline: tuple[float | None, float | None] | None = Field(
        None, description="Baseline window (s) subtracted per channel; None = none."
    )
    picks: list[str] | None = Field(
        None, description="Channels in order; None = the EEG channels (never the trigger)."
    )
    bad_channels: list[str] = Field(default_factory=list, description="Channels left out.")
    reject_uv: float | None = Field(
        None, gt=0.0, description="Drop trials whose peak-to-peak exceeds this (microvolts)."
    )
    l_freq: float | None = Field(None, gt=0.0, description="High-pass edge (Hz) before epoching.")
    h_freq: float | None = Field(None, gt=0.0, description="Low-pass edge (Hz) before epoching.")
    notch: list[float] | None = Field(
        None, description="Line-noise frequencies (Hz) notched out of the recording first."
    )
    condition: ConditionFilter | None = Field(
        None, description="Only trials after this condition's marker (None: every trial)."
    )
    preset: PresetRef | None = Field(
        None, description="The paradigm preset these settings came from (None: set by hand)."
    )

    @field_validator("event_map")
    @classmethod
    def _clean_map(cls, value: dict[str, str]) -> dict[str, str]:
        cleaned = {str(k).strip(): str(v).strip() for k, v in value.items()}
        if not cleaned:
            raise ValueError(UserText.of("map at least one event to a class"))
        empty = [k for k, v in cleaned.items() if not k or not v]
        if empty:
            raise ValueError(f"empty event key or class name in the mapping: {empty}")
        return cleaned

    @field_validator("notch")
    @classmethod
    def _check_notch(cls, value: list[float] | None) -> list[float] | None:
        if value is not None and any(f <= 0 for f in value):
            raise ValueError(f"notch frequencies must be positive (Hz), got {value}")
        return value or None

    @model_validator(mode="after")
    def _check_window(self) -> EpochSettings:
        if self.tmax <= self.tmin:
            raise ValueError(f"tmax ({self.tmax}) must be greater than tmin ({self.tmin})")
        if self.l_freq is not None and self.h_freq is not None and self.h_freq <= self.l_freq:
            raise ValueError(f"h_freq ({self.h_freq}) must be greater than l_freq ({self.l_freq})")
        if self.baseline is not None:
            a, b = self.baseline
            if a is not None and b is not None and b <= a:
                raise ValueError(f"baseline end ({b}) must be after its start ({a})")
        return self

    @property
    def classes(self) -> list[str]:
        """Distinct class names of the mapping, sorted."""
        return sorted(set(self.event_map.values()))


def _match_keys(path: Path, mapping: dict[str, str], available: dict[str, int]) -> dict[int, str]:
    """Event code -> class name; DataFileError listing the keys that exist for unknown ones."""
    missing = [k for k in mapping if k not in available]
    if missing:
        listed = ", ".join(repr(k) for k in available) or "none"
        raise DataFileError(
            path, f"event key(s) {missing} match no event; the events here are: {listed}"
        )
    return {available[k]: cls for k, cls in mapping.items()}


def _resolve_picks(
    path: Path, ch_names: list[str], types: list[str], s: EpochSettings
) -> list[str]:
    unknown = [c for c in [*(s.picks or []), *s.bad_channels] if c not in ch_names]
    if unknown:
        raise DataFileError(path, f"channel(s) {unknown} do not exist; channels: {ch_names}")
    if s.picks is not None:
        picks = [c for c in s.picks if c not in s.bad_channels]
    else:
        eeg = [
            n for n, t in zip(ch_names, types, strict=True) if t == "eeg" and not is_trigger_name(n)
        ]
        if not eeg:
            eeg = [
                n
                for n, t in zip(ch_names, types, strict=True)
                if t not in ("stim", "misc", "syst") and not is_trigger_name(n)
            ]
        picks = [c for c in eeg if c not in s.bad_channels]
    if not picks:
        raise DataFileError(path, "no channels left to epoch after picks and bad channels")
    return picks


def _drop_summary(epochs: mne.BaseEpochs) -> str:
    reasons = Counter(r for log_ in epochs.drop_log for r in log_)
    n_dropped = sum(1 for log_ in epochs.drop_log if log_)
    if not n_dropped:
        return "none dropped"
    why = ", ".join(f"{k}: {v}" for k, v in reasons.most_common(4))
    return f"{n_dropped} of {len(epochs.drop_log)} dropped ({why})"


def _epochs_from_raw(path: Path, s: EpochSettings) -> tuple[mne.BaseEpochs, dict[int, str]]:
    import mne

    raw = read_raw(path, preload=True)
    events, key_to_code, _ = find_events(raw, path)
    code_to_class = _match_keys(path, s.event_map, key_to_code)
    picks = _resolve_picks(path, raw.ch_names, raw.get_channel_types(), s)
    span = (raw.n_times - 1) / raw.info["sfreq"]
    if s.tmax - s.tmin > span:
        raise DataFileError(
            path,
            f"the trial window {s.tmin}..{s.tmax} s is longer than the recording ({span:.2f} s)",
        )
    stim = find_stim_channel(raw)
    raw.pick([*picks, *([stim] if stim and stim not in picks else [])])
    if s.notch:
        _check_notch(path, s.notch, float(raw.info["sfreq"]))
        raw.notch_filter(s.notch, picks=picks, verbose="error")
    if s.l_freq is not None or s.h_freq is not None:
        _check_band(path, s, float(raw.info["sfreq"]))
        raw.filter(s.l_freq, s.h_freq, picks=picks, verbose="error")
    types = dict(zip(raw.ch_names, raw.get_channel_types(), strict=True))
    reject = None
    if s.reject_uv is not None:
        reject = {t: s.reject_uv * 1e-6 for t in {types[c] for c in picks} if t in _REJECT_TYPES}
    mapped = np.isin(events[:, 2], list(code_to_class))
    if s.condition is not None:
        mapped &= _in_condition(path, events, key_to_code, s.condition)
    selected = events[mapped]
    if not len(selected):
        raise DataFileError(path, f"none of the mapped events {list(s.event_map)} occur here")
    try:
        epochs = mne.Epochs(
            raw,
            selected,
            event_id={str(c): c for c in np.unique(selected[:, 2])},
            tmin=s.tmin,
            tmax=s.tmax,
            baseline=s.baseline,
            picks=picks,
            reject=reject or None,
            preload=True,
            event_repeated="drop",
            on_missing="ignore",
            verbose="error",
        )
    except ValueError as exc:  # e.g. a baseline outside the window
        raise DataFileError(path, f"cannot epoch: {exc}") from exc
    return epochs, code_to_class


def _in_condition(
    path: Path, events: np.ndarray, key_to_code: dict[str, int], condition: ConditionFilter
) -> np.ndarray:
    """Boolean mask ``(n_events,)``: True where the latest condition marker is the one kept."""
    if condition.marker not in key_to_code:
        listed = ", ".join(repr(k) for k in key_to_code) or "none"
        raise DataFileError(
            path,
            f"the condition marker {condition.marker!r} occurs nowhere; the events here are: "
            f"{listed}",
        )
    markers = {key_to_code[k] for k in condition.markers if k in key_to_code}
    target = key_to_code[condition.marker]
    keep = np.zeros(len(events), dtype=bool)
    current = None
    for i, code in enumerate(events[:, 2]):
        if code in markers:
            current = code
        keep[i] = current == target
    return keep


def _check_band(path: Path, s: EpochSettings, sfreq: float) -> None:
    nyquist = sfreq / 2
    for name, value in (("l_freq", s.l_freq), ("h_freq", s.h_freq)):
        if value is not None and value >= nyquist:
            raise DataFileError(
                path,
                f"{name}={value} Hz is not below the Nyquist frequency "
                f"({nyquist} Hz at {sfreq} Hz)",
            )


def _check_notch(path: Path, freqs: list[float], sfreq: float) -> None:
    high = [f for f in freqs if f >= sfreq / 2]
    if high:
        raise DataFileError(
            path,
            f"notch frequencies {high} Hz are not below the Nyquist frequency ({sfreq / 2} Hz)"
        )


def _epochs_from_file(path: Path, s: EpochSettings) -> tuple[mne.BaseEpochs, dict[int, str]]:
    if s.notch or s.condition is not None:
        what = "a notch filter" if s.notch else "a condition (its markers)"
        raise DataFileError(
            path,
            f"{what} needs the continuous recording, and this file holds epochs",
            "leave it out for -epo.fif files (or epoch the raw recording)",
        )
    epochs = read_epochs(path, preload=True)
    available = {**{str(c): int(c) for c in epochs.event_id.values()}, **epochs.event_id}
    code_to_class = _match_keys(path, s.event_map, available)
    keep = np.flatnonzero(np.isin(epochs.events[:, 2], list(code_to_class)))
    if not keep.size:
        raise DataFileError(path, f"none of the mapped events {list(s.event_map)} occur here")
    epochs = epochs[keep]
    eps = 0.5 / epochs.info["sfreq"]
    if s.tmin < epochs.tmin - eps or s.tmax > epochs.tmax + eps:
        raise DataFileError(
            path,
            f"the trial window {s.tmin}..{s.tmax} s lies outside the "
            f"epochs ({epochs.tmin:.3f}..{epochs.tmax:.3f} s)",
        )
    picks = _resolve_picks(path, epochs.ch_names, epochs.get_channel_types(), s)
    epochs.pick(picks)
    if s.l_freq is not None or s.h_freq is not None:
        _check_band(path, s, float(epochs.info["sfreq"]))
        epochs.filter(s.l_freq, s.h_freq, verbose="error")
    epochs.crop(max(s.tmin, epochs.tmin), min(s.tmax, epochs.tmax))
    if s.baseline is not None:
        try:
            epochs.apply_baseline(s.baseline, verbose="error")
        except ValueError as exc:
            raise DataFileError(path, f"cannot apply the baseline: {exc}") from exc
    if s.reject_uv is not None:
        types = set(epochs.get_channel_types())
        epochs.drop_bad(
            reject={t: s.reject_uv * 1e-6 for t in types if t in _REJECT_TYPES}, verbose="error"
        )
    return epochs, code_to_class


def epoch_recording(path: str | PathLike[str], settings: EpochSettings) -> TrialSet:
    """Epoch one recording (see :func:`epoch_recordings`)."""
    path = Path(path)
    if recording_format(path) == "epo.fif":
        epochs, code_to_class = _epochs_from_file(path, settings)
    else:
        epochs, code_to_class = _epochs_from_raw(path, settings)
    if len(epochs) == 0:
        raise DataFileError(
            path,
            f"no epochs left: {_drop_summary(epochs)}",
            "widen reject_uv, change tmin/tmax, or check the events",
        )
    log.info("%s: %d epochs (%s)", path, len(epochs), _drop_summary(epochs))
    data = epochs.get_data(copy=False).astype(np.float32)
    labels = np.array([code_to_class[int(c)] for c in epochs.events[:, 2]])
    return TrialSet(
        trials=list(data),
        y=labels,
        sfreq=float(epochs.info["sfreq"]),
        ch_names=tuple(epochs.ch_names),
        sources=tuple(TrialSource(str(path), int(i)) for i in epochs.selection),
    )


def combine_trialsets(parts: Sequence[TrialSet], paths: Sequence[Path]) -> TrialSet:
    """Concatenate per-recording TrialSets; channels (by name) and sfreq must agree.

    Channels are reordered to the first recording's order when only their order differs.
    """
    first, first_path = parts[0], paths[0]
    trials: list[np.ndarray] = []
    for part, path in zip(parts, paths, strict=True):
        if part.sfreq != first.sfreq:
            raise DataError(
                f"{path} is sampled at {part.sfreq} Hz but {first_path} at "
                f"{first.sfreq} Hz: recordings combined must share a rate"
            )
        assert part.ch_names is not None and first.ch_names is not None
        if part.ch_names != first.ch_names:
            if set(part.ch_names) != set(first.ch_names):
                only_a = sorted(set(first.ch_names) - set(part.ch_names))
                only_b = sorted(set(part.ch_names) - set(first.ch_names))
                raise DataError(
                    f"{first_path} and {path} have different channels after picks "
                    f"(only in the first: {only_a}; only in the second: {only_b})"
                )
            order = [part.ch_names.index(c) for c in first.ch_names]
            trials.extend(t[order] for t in part.trials)
        else:
            trials.extend(part.trials)
    lengths = {int(p.lengths[0]) for p in parts}
    if len(lengths) > 1:
        raise DataError(f"recordings give trials of different lengths {sorted(lengths)} samples")
    y = np.concatenate([p.y for p in parts if p.y is not None])
    return TrialSet(
        trials=trials,
        y=y,
        sfreq=first.sfreq,
        ch_names=first.ch_names,
        sources=tuple(s for p in parts for s in p.sources),
    )


def epoch_recordings(
    paths: str | PathLike[str] | Sequence[str | PathLike[str]],
    settings: EpochSettings | dict[str, Any],
    *,
    progress: Progress | None = None,
    min_classes: int = 2,
) -> TrialSet:
    """Epoch one or more recordings into one labelled TrialSet (volts).

    Parameters
    ----------
    paths : path or sequence of paths
        Recordings (runs, sessions) of any supported format; all must give the same channels
        (after picks) and sampling rate.
    settings : EpochSettings or dict
        Event mapping, window, baseline, picks, bad channels, rejection, filter.
    progress : callable, optional
        ``progress(fraction, message)`` after each recording.
    min_classes : int
        Fewer distinct classes than this in the result raise (2 for training; 1 for inference).

    Returns
    -------
    TrialSet
        Trials ``(n_channels, n_times)`` in volts, ``y`` the class names, ``sfreq``,
        ``epoching`` (``settings`` as JSON, recorded by a model fitted on them),
        ``ch_names`` and a ``TrialSource(recording, index)`` per trial, ``index`` being the
        trial's position among the recording's mapped events (rejected ones leave gaps);
        ``groups`` gives the recording of every trial. Recordings are read in the order given.

    Raises
    ------
    DataFileError
        A file that cannot be read, has no events, lacks a mapped key (the message lists the
        keys it has), lacks a picked channel, or has no epochs left (with the drop reasons).
    DataError
        Recordings that differ in channels or sampling rate (naming both files), or a mapping
        that yields fewer than ``min_classes`` classes.
    """
    if isinstance(paths, (str, PathLike)):
        paths = [paths]
    path_list = [Path(p) for p in paths]
    if not path_list:
        raise DataError("no recordings given")
    s = settings if isinstance(settings, EpochSettings) else EpochSettings.model_validate(settings)
    if len(set(s.event_map.values())) < min_classes:
        raise DataError(
            f"the event mapping {s.event_map} yields only one class "
            f"('{s.classes[0]}'); map events to at least {min_classes} classes"
        )
    parts = []
    for i, path in enumerate(path_list):
        parts.append(epoch_recording(path, s))
        if progress is not None:
            progress((i + 1) / len(path_list), f"epoched {path.name}: {parts[-1].n_trials} trials")
    trials = combine_trialsets(parts, path_list)
    found = sorted(set(trials.y.tolist())) if trials.y is not None else []
    if len(found) < min_classes:
        names = ", ".join(str(p) for p in path_list)
        raise DataError(
            f"{names}: the epochs hold only class(es) {found}; the mapping "
            f"{s.event_map} needs at least {min_classes} present"
        )
    return replace(trials, epoching=s.model_dump(mode="json"))


def average_erp(trials: TrialSet) -> dict[str, np.ndarray]:
    """Mean trial per class, for a preview.

    Returns
    -------
    dict of str to ndarray
        Class name -> float64 array ``(n_channels, n_times)`` (same units as ``trials``: volts
        for recordings). Unlabelled trials give one entry, ``"all"``.
    """
    X = trials.X
    if trials.y is None:
        return {"all": X.mean(axis=0, dtype=np.float64)}
    return {str(c): X[trials.y == c].mean(axis=0, dtype=np.float64) for c in np.unique(trials.y)}
