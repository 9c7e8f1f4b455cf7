"""Online epoching with the model's stored epoch settings, matching offline epoching.

Offline, :func:`bcigui.data.epoching.epoch_recordings` band-passes the *whole recording* with
MNE's zero-phase FIR filter, then cuts ``tmin..tmax`` around each event, subtracts the
baseline and rejects by peak-to-peak. A stream has no whole recording, so the online
equivalent used here is a **padded window filtered per epoch**: the window
``tmin - pad .. tmax + pad`` is filtered with the same filter (MNE's design, same defaults) and
the padding cut off; the filter is designed once and applied as a convolution, which is what
MNE's zero-phase FIR does away from the edges. A zero-phase FIR filter of ``N`` taps makes each
output sample from the ``N // 2`` inputs either side, so with ``pad >= N // 2 + 1`` samples the
epoch equals the offline one up to floating-point rounding. The price is latency: an epoch is
ready ``tmax + pad`` after its event (:attr:`OnlineEpocher.margin_s`, 1.65 s for a 1 Hz
high-pass at 256 Hz).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bcigui.data.epoching import EpochSettings
from bcigui.errors import DataError

#: Name of the online filter method, for the runner's report.
ONLINE_FILTER_METHOD = (
    "padded window filtered per epoch with the offline zero-phase FIR filter "
    "(padding >= half the filter length: equal to offline up to rounding)"
)
_REJECT_FACTOR = 1e-6


def _filter_kernel(sfreq: float, l_freq: float | None, h_freq: float | None) -> np.ndarray:
    """MNE's default zero-phase FIR band-pass (as ``raw.filter`` designs it); empty if none."""
    import mne

    if l_freq is None and h_freq is None:
        return np.empty(0)
    return np.asarray(mne.filter.create_filter(None, sfreq, l_freq, h_freq, verbose="error"))


@dataclass(frozen=True)
class EpochCut:
    """Sample offsets of one epoch relative to its event sample (inclusive both ends)."""

    first: int
    last: int
    pad: int

    @property
    def n_times(self) -> int:
        """Samples per epoch."""
        return self.last - self.first + 1


class OnlineEpocher:
    """Cut and preprocess one epoch at a time, as the model's offline epoching did.

    Parameters
    ----------
    settings : EpochSettings or dict
        The model's stored epoch settings (``model.training_info_["epoching"]``).
    sfreq : float
        Sampling rate of the stream (must equal the model's).
    """

    def __init__(self, settings: EpochSettings | dict[str, Any], sfreq: float) -> None:
        self.settings = (
            settings if isinstance(settings, EpochSettings) else EpochSettings(**settings)
        )
        s = self.settings
        self.sfreq = float(sfreq)
        for name, value in (("l_freq", s.l_freq), ("h_freq", s.h_freq)):
            if value is not None and value >= self.sfreq / 2:
                raise DataError(
                    f"the model's {name}={value} Hz is not below the stream's Nyquist frequency "
                    f"({self.sfreq / 2} Hz); use a stream at the model's rate"
                )
        # designed once: the design costs more than applying it (tens of ms at 512 Hz)
        self._kernel = _filter_kernel(self.sfreq, s.l_freq, s.h_freq)
        taps = len(self._kernel)
        pad = taps // 2 + 1 if taps else 0
        self.cut = EpochCut(
            first=round(s.tmin * self.sfreq), last=round(s.tmax * self.sfreq), pad=pad
        )
        self.times = np.arange(self.cut.first, self.cut.last + 1) / self.sfreq

    @property
    def filtered(self) -> bool:
        """True when the settings band-pass the signal."""
        return self.settings.l_freq is not None or self.settings.h_freq is not None

    @property
    def margin_s(self) -> float:
        """Seconds of signal needed after ``tmax`` (and before ``tmin``) for the filter."""
        return self.cut.pad / self.sfreq

    @property
    def wait_s(self) -> float:
        """Seconds after the event until its epoch can be cut: ``tmax`` plus the margin."""
        return (self.cut.last + self.cut.pad) / self.sfreq

    @property
    def method(self) -> str:
        """How the band-pass runs online (for the runner's report)."""
        return ONLINE_FILTER_METHOD if self.filtered else "no filter"

    def window(self, event_index: int) -> tuple[int, int]:
        """Buffer indices ``[start, stop)`` an epoch whose event is at ``event_index`` needs."""
        return (
            event_index + self.cut.first - self.cut.pad,
            event_index + self.cut.last + self.cut.pad + 1,
        )

    def epoch(self, window: np.ndarray) -> np.ndarray:
        """Preprocess one padded window into an epoch.

        Parameters
        ----------
        window : ndarray, shape (n_channels, n_times + 2 * pad)
            The model's channels in volts, from :meth:`window`'s indices.

        Returns
        -------
        ndarray, shape (n_channels, n_times)
            Filtered, cropped and baseline-corrected, in volts (float64).
        """
        s, cut = self.settings, self.cut
        expected = cut.n_times + 2 * cut.pad
        if window.shape[-1] != expected:
            raise DataError(f"an online epoch needs {expected} samples, got {window.shape[-1]}")
        data = np.asarray(window, dtype=np.float64)
        if self.filtered:
            # MNE's zero-phase FIR is the symmetric kernel centred on each sample; away from the
            # window's edges (pad >= half the kernel) that is the "same" convolution, equal to
            # mne.filter.filter_data up to rounding, without redesigning the filter each time
            from scipy.signal import oaconvolve

            data = oaconvolve(data, self._kernel[None, :], mode="same", axes=-1)
        data = data[:, cut.pad : cut.pad + cut.n_times]
        if s.baseline is not None:
            a, b = s.baseline
            mask = np.ones(cut.n_times, dtype=bool)
            eps = 0.5 / self.sfreq
            if a is not None:
                mask &= self.times >= a - eps
            if b is not None:
                mask &= self.times <= b + eps
            data = data - data[:, mask].mean(axis=1, keepdims=True)
        return data

    def rejected(self, epoch: np.ndarray) -> bool:
        """True when the epoch's peak-to-peak exceeds ``reject_uv`` on some channel."""
        if self.settings.reject_uv is None:
            return False
        ptp = np.ptp(epoch, axis=1)
        return bool(np.any(ptp > self.settings.reject_uv * _REJECT_FACTOR))


def channel_order(
    stream_channels: Sequence[str], model_channels: Sequence[str], stream_name: str
) -> list[int]:
    """Indices of the model's channels in the stream; DataError naming the fix if any is missing."""
    missing = [c for c in model_channels if c not in stream_channels]
    if missing:
        raise DataError(
            f"stream {stream_name!r} lacks the model's channel(s) {missing} "
            f"(it has {list(stream_channels)}); pick a stream with these channels, rename the "
            "stream's channels, or retrain the model on the stream's channels"
        )
    return [list(stream_channels).index(c) for c in model_channels]


def check_rate(stream_sfreq: float, model_sfreq: float, stream_name: str) -> None:
    """DataError naming the fix when the stream's rate differs from the model's."""
    if not math.isclose(stream_sfreq, model_sfreq, rel_tol=1e-6):
        raise DataError(
            f"stream {stream_name!r} runs at {stream_sfreq} Hz but the model was trained at "
            f"{model_sfreq} Hz; resample the stream at the source to {model_sfreq} Hz or "
            "retrain the model at the stream's rate"
        )
