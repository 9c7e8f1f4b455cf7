"""Signal preprocessing that travels with the model: channels, reference, filters, resampling.

:class:`SignalPreprocessing` is a config block (every classifier has it as its ``signal`` field);
:class:`FittedSignal` is what fitting it on a training TrialSet records (sampling rate, channel
names and order) and applies, identically, to the training trials and to every query.

Steps, in order: channel selection and order (by name) -> re-reference -> notch -> band-pass ->
resampling -> baseline -> crop. Filters are zero-phase Butterworth IIR filters run forwards and
backwards per trial (``scipy.signal.sosfiltfilt``) with reflection (``padtype='even'``) padding,
so short epochs keep their length and their peaks in place; for low cut-offs on short epochs,
filtering the continuous recording before epoching (``EpochSettings.l_freq/h_freq``) is better.

Query-time rules (never silently wrong numbers):

* when both the training and the query trials have channel names, channels are matched **by
  name** and reordered to the training order; a missing channel is a :class:`DataError`;
* when both have a sampling rate and they differ, that is a :class:`DataError` unless
  ``resample_sfreq`` is set (the query is then resampled explicitly to it);
* filters, resampling, baseline and crop need the sampling rate: trials without one (bare
  ``.npy`` files) get a :class:`DataError` (at fit time a :class:`ConfigError`).

The defaults do nothing at all, so every existing model keeps its numbers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from pydantic import Field, field_validator, model_validator

from bcigui.classifiers.checks import files_hint
from bcigui.classifiers.config import ConfigBlock
from bcigui.classifiers.form_hints import form_hint
from bcigui.data.trialset import TrialSet
from bcigui.errors import ConfigError, DataError

log = logging.getLogger(__name__)


class SignalPreprocessing(ConfigBlock):
    """Signal preprocessing fitted on the training trials and applied to every query.

    Defaults are a no-op. Filters are zero-phase Butterworth IIR (forward-backward, reflection
    padding). Times (``baseline``, ``crop``) are seconds from the first sample of each trial.
    """

    channels: list[str] | None = Field(
        None,
        description="Channels to use, in this order (None = all, in training order).",
        json_schema_extra=form_hint(off_text="all channels, in the data's order"),
    )
    reference: Literal["none", "average"] = Field(
        "none", description="Re-reference: 'average' subtracts the mean over the channels."
    )
    notch: Literal[50, 60] | None = Field(
        None, description="Line-noise notch filter at 50 or 60 Hz (None = off)."
    )
    l_freq: float | None = Field(
        None, gt=0.0, le=1000.0, description="High-pass edge in Hz (None = no high-pass)."
    )
    h_freq: float | None = Field(
        None, gt=0.0, le=5000.0, description="Low-pass edge in Hz (None = no low-pass)."
    )
    filter_order: int = Field(4, ge=1, le=10, description="Butterworth order of each filter.")
    resample_sfreq: float | None = Field(
        None,
        gt=0.0,
        le=20_000.0,
        description="Resample to this rate in Hz (None = keep).",
        json_schema_extra=form_hint(off_text="keep the rate"),
    )
    baseline: tuple[float, float] | None = Field(
        None, description="Window (s from trial start) whose mean is subtracted per channel."
    )
    crop: tuple[float, float] | None = Field(
        None, description="Keep only this window (s from trial start); None = whole trial."
    )

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            if not value:
                raise ValueError("an empty channel list selects nothing; use None for all")
            dup = sorted({c for c in value if value.count(c) > 1})
            if dup:
                raise ValueError(f"channels listed twice: {dup}")
        return value

    @model_validator(mode="after")
    def _windows(self) -> SignalPreprocessing:
        if self.l_freq is not None and self.h_freq is not None and self.h_freq <= self.l_freq:
            raise ValueError(f"h_freq ({self.h_freq}) must be greater than l_freq ({self.l_freq})")
        for name in ("baseline", "crop"):
            window = getattr(self, name)
            if window is not None and (window[0] < 0 or window[1] <= window[0]):
                raise ValueError(f"{name} must be (start, end) with 0 <= start < end, got {window}")
        return self

    @property
    def is_noop(self) -> bool:
        """True when the settings change nothing (the defaults)."""
        return self == SignalPreprocessing()

    @property
    def needs_sfreq(self) -> bool:
        """True when a step needs the sampling rate."""
        return any(
            v is not None
            for v in (
                self.notch,
                self.l_freq,
                self.h_freq,
                self.resample_sfreq,
                self.baseline,
                self.crop,
            )
        )


@dataclass
class FittedSignal:
    """A :class:`SignalPreprocessing` fitted on training trials.

    Attributes
    ----------
    settings : SignalPreprocessing
    train_sfreq : float or None
        Sampling rate of the training trials as given (None: unknown).
    train_ch_names : tuple of str or None
        Channel names of the training trials as given, in order (None: unknown).
    n_channels_in : int
        Channels of the training trials as given.
    """

    settings: SignalPreprocessing
    train_sfreq: float | None
    train_ch_names: tuple[str, ...] | None
    n_channels_in: int

    @classmethod
    def fit(cls, trials: TrialSet, settings: SignalPreprocessing) -> FittedSignal:
        """Record the training trials' rate and channels; check the settings against them."""
        where = files_hint(trials)
        if settings.needs_sfreq and trials.sfreq is None:
            raise ConfigError(
                f"{where}: the signal preprocessing (filter, resampling, baseline or crop) needs "
                "the sampling rate, which these trials do not have (bare .npy files); use "
                "recordings, or turn those steps off"
            )
        if settings.channels is not None and trials.ch_names is None:
            raise ConfigError(
                f"{where}: signal.channels selects channels by name, but these "
                "trials have no channel names (bare .npy files)"
            )
        fitted = cls(settings, trials.sfreq, trials.ch_names, trials.n_channels)
        if trials.sfreq is not None:
            fitted._check_band(trials.sfreq, where)
        fitted._select(trials)  # missing channels raise here already
        return fitted

    # -- describing ---------------------------------------------------------------------------
    @property
    def out_ch_names(self) -> tuple[str, ...] | None:
        """Channel names after selection (None when unknown)."""
        if self.settings.channels is not None:
            return tuple(self.settings.channels)
        return self.train_ch_names

    @property
    def out_sfreq(self) -> float | None:
        """Sampling rate of the transformed trials."""
        if self.train_sfreq is None:
            return None
        if self.settings.resample_sfreq is None:
            return self.train_sfreq
        return _resampled_rate(self.train_sfreq, self.settings.resample_sfreq)

    def _check_band(self, sfreq: float, where: str) -> None:
        s = self.settings
        nyquist = sfreq / 2
        for name, value in (("l_freq", s.l_freq), ("h_freq", s.h_freq), ("notch", s.notch)):
            if value is not None and value >= nyquist:
                raise ConfigError(
                    f"{where}: signal.{name}={value} Hz is not below the Nyquist "
                    f"frequency ({nyquist} Hz at {sfreq} Hz)"
                )

    # -- applying -----------------------------------------------------------------------------
    def _select(self, trials: TrialSet) -> tuple[list[np.ndarray], tuple[str, ...] | None]:
        """Trials with the training channels in training order (matched by name when known)."""
        where = files_hint(trials)
        names = trials.ch_names
        wanted = self.out_ch_names
        if wanted is not None and names is not None:
            missing = [c for c in wanted if c not in names]
            if missing:
                raise DataError(
                    f"{where}: channel(s) {missing} the model was trained on are "
                    f"missing; the data have {list(names)}"
                )
            if tuple(names) == tuple(wanted):
                return trials.trials, names
            order = np.array([names.index(c) for c in wanted])
            return [t[order] for t in trials.trials], tuple(wanted)
        if self.settings.channels is not None:  # names needed but the query has none
            raise DataError(
                f"{where}: the model selects channels by name "
                f"{self.settings.channels}, but these trials have no channel "
                "names"
            )
        # without names on both sides channels go by position; the classifier's own check
        # reports a count mismatch (its message names expected and got)
        return trials.trials, names

    def _query_sfreq(self, trials: TrialSet) -> float | None:
        where = files_hint(trials)
        sfreq, train = trials.sfreq, self.train_sfreq
        if self.settings.needs_sfreq and sfreq is None:
            raise DataError(
                f"{where}: the model filters/resamples/crops its input and needs "
                "the sampling rate, which these trials do not have (bare .npy "
                f"files); the model was trained at {train} Hz"
            )
        if sfreq is not None and train is not None and not np.isclose(sfreq, train):
            if self.settings.resample_sfreq is None:
                raise DataError(
                    f"{where}: sampled at {sfreq} Hz but the model was trained at "
                    f"{train} Hz; resample the data, or train with "
                    "signal.resample_sfreq set"
                )
        return sfreq

    def transform(self, trials: TrialSet) -> TrialSet:
        """The trials as the classifier sees them (same call at fit and at query time).

        Returns ``trials`` itself when there is nothing to do.
        """
        s = self.settings
        sfreq = self._query_sfreq(trials)
        data, names = self._select(trials)
        if s.is_noop and data is trials.trials:
            return trials
        if sfreq is not None and s.needs_sfreq:
            self._check_band(sfreq, files_hint(trials))
        # blocks: one (n_trials, n_channels, n_times) stack when trials share a length (one
        # vectorised pass), else one (n_channels, n_times) block per trial; every step works on
        # the last axis (time) and the one before it (channels)
        if len({t.shape[1] for t in data}) == 1:
            out = [np.stack(data).astype(np.float64)]
        else:
            out = [np.asarray(t, dtype=np.float64) for t in data]
        if s.reference == "average":
            out = [t - t.mean(axis=-2, keepdims=True) for t in out]
        if sfreq is not None:
            out = [_filter(t, sfreq, s) for t in out]
            if s.resample_sfreq is not None:
                out, sfreq = _resample(out, sfreq, s.resample_sfreq)
            if s.baseline is not None:
                i0, i1 = _window(s.baseline, sfreq, out, "baseline", trials)
                out = [t - t[..., i0:i1].mean(axis=-1, keepdims=True) for t in out]
            if s.crop is not None:
                i0, i1 = _window(s.crop, sfreq, out, "crop", trials)
                out = [t[..., i0:i1] for t in out]
        split = list(out[0]) if out[0].ndim == 3 else out
        return TrialSet(
            trials=[np.ascontiguousarray(t, dtype=np.float32) for t in split],
            y=trials.y,
            sfreq=sfreq,
            ch_names=names,
            sources=trials.sources,
        )

    # -- persistence --------------------------------------------------------------------------
    def to_manifest(self) -> dict[str, Any]:
        """JSON-safe description for the model manifest's ``preprocessing`` section."""
        return {
            "settings": self.settings.model_dump(mode="json"),
            "train_sfreq": self.train_sfreq,
            "train_ch_names": list(self.train_ch_names) if self.train_ch_names else None,
            "n_channels_in": self.n_channels_in,
            "out_sfreq": self.out_sfreq,
            "out_ch_names": list(self.out_ch_names) if self.out_ch_names else None,
        }

    @classmethod
    def from_manifest(cls, meta: dict[str, Any]) -> FittedSignal:
        """Rebuild from :meth:`to_manifest` output."""
        names = meta.get("train_ch_names")
        sfreq = meta.get("train_sfreq")
        return cls(
            settings=SignalPreprocessing.model_validate(meta["settings"]),
            train_sfreq=None if sfreq is None else float(sfreq),
            train_ch_names=None if names is None else tuple(names),
            n_channels_in=int(meta["n_channels_in"]),
        )


def _filter(trial: np.ndarray, sfreq: float, s: SignalPreprocessing) -> np.ndarray:
    """Notch then band-pass, zero-phase (sosfiltfilt), reflection padding, along the last axis."""
    from scipy import signal

    sections = []
    if s.notch is not None:
        b, a = signal.iirnotch(float(s.notch), Q=30.0, fs=sfreq)
        sections.append(signal.tf2sos(b, a))
    if s.l_freq is not None and s.h_freq is not None:
        sections.append(
            signal.butter(s.filter_order, [s.l_freq, s.h_freq], "bandpass", fs=sfreq, output="sos")
        )
    elif s.l_freq is not None:
        sections.append(signal.butter(s.filter_order, s.l_freq, "highpass", fs=sfreq, output="sos"))
    elif s.h_freq is not None:
        sections.append(signal.butter(s.filter_order, s.h_freq, "lowpass", fs=sfreq, output="sos"))
    for sos in sections:
        padlen = min(3 * (2 * len(sos) + 1), trial.shape[-1] - 1)
        trial = signal.sosfiltfilt(sos, trial, axis=-1, padtype="even", padlen=max(padlen, 0))
    return trial


def _resampled_rate(sfreq: float, target: float) -> float:
    ratio = Fraction(target).limit_denominator(10_000) / Fraction(sfreq).limit_denominator(10_000)
    return float(sfreq * ratio.limit_denominator(1000))


def _resample(
    trials: list[np.ndarray], sfreq: float, target: float
) -> tuple[list[np.ndarray], float]:
    """Polyphase resampling (``scipy.signal.resample_poly``, its anti-aliasing FIR)."""
    from scipy import signal

    ratio = (
        Fraction(target).limit_denominator(10_000) / Fraction(sfreq).limit_denominator(10_000)
    ).limit_denominator(1000)
    if ratio == 1:
        return trials, sfreq
    out = [
        signal.resample_poly(t, ratio.numerator, ratio.denominator, axis=-1, padtype="line")
        for t in trials
    ]
    return out, float(sfreq * ratio)


def _window(
    window: tuple[float, float], sfreq: float, trials: list[np.ndarray], name: str, src: TrialSet
) -> tuple[int, int]:
    i0 = round(window[0] * sfreq)
    i1 = round(window[1] * sfreq)
    n_times = min(t.shape[-1] for t in trials)
    if i1 > n_times or i1 - i0 < 1:
        raise DataError(
            f"{files_hint(src)}: signal.{name} window {window} s lies outside trials "
            f"of {n_times / sfreq:.3f} s at {sfreq} Hz"
        )
    return i0, i1
