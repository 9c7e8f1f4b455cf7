"""EEG and marker inlets: MNE-LSL's ``StreamLSL`` ring buffer, pylsl for marker streams.

* :class:`EegInlet` connects a ``StreamLSL`` (ring buffer filled by its own thread) with LSL
  clock correction and de-jittered timestamps (``processing_flags=("clocksync", "dejitter")``),
  converts the described units to volts (:mod:`bcigui.online.units`) and reports how many
  samples arrived since the last pull, so the runner can count samples lost to an overrun.
* :class:`MarkerInlet` reads a separate marker stream (string or integer markers) with pylsl's
  ``StreamInlet`` (MNE-LSL's stream does not take strings), its timestamps clock-corrected onto
  this machine's LSL clock.
* Markers from a trigger/stim channel inside the EEG stream are found by the runner in the EEG
  samples themselves (:func:`stim_onsets`).

Every inlet is closed by :meth:`close` (or ``with``); nothing is left running.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from bcigui.errors import DataError
from bcigui.online.closing import Closing
from bcigui.online.streams import StreamDescription, describe
from bcigui.online.units import ChannelScaling, channel_scaling

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EegChunk:
    """What one pull of the EEG ring buffer gives.

    Attributes
    ----------
    data : ndarray, shape (n_channels, n_buffer)
        The whole ring buffer, every channel of the stream, EEG in volts (stim channels as sent).
    times : ndarray, shape (n_buffer,)
        De-jittered, clock-corrected LSL timestamps (s); only the last ``n_valid`` are filled.
    n_new : int
        Samples in the buffer that arrived since the previous pull (the last ``n_new``).
    n_valid : int
        Filled samples at the end of the buffer.
    n_lost : int
        Samples that arrived and were overwritten between two pulls (never seen), from the
        jump in timestamps at the nominal rate.
    """

    data: np.ndarray
    times: np.ndarray
    n_new: int
    n_valid: int
    n_lost: int


class EegInlet(Closing):
    """An EEG stream on MNE-LSL's ``StreamLSL`` ring buffer, in volts.

    Parameters
    ----------
    name : str
        LSL name of the EEG stream.
    bufsize : float
        Ring buffer length in seconds (keep it longer than an epoch window plus a poll).
    source_id : str, optional
        Also match the source id (when several streams share a name).
    timeout : float
        Seconds to wait for the stream.
    """

    def __init__(
        self,
        name: str,
        *,
        bufsize: float = 20.0,
        source_id: str | None = None,
        timeout: float = 5.0,
    ) -> None:
        from mne_lsl.stream import StreamLSL

        self._stream = StreamLSL(bufsize=bufsize, name=name, source_id=source_id)
        try:
            self._stream.connect(
                acquisition_delay=0.005,
                processing_flags=("clocksync", "dejitter"),
                timeout=timeout,
            )
        except RuntimeError as exc:
            raise DataError(
                f"no EEG stream named {name!r} answered within {timeout} s ({exc}); "
                "start the amplifier's LSL app or a replay, and check the name"
            ) from exc
        try:
            self._describe()
        except BaseException:
            self.close()
            raise
        self.sfreq = float(self._stream.info["sfreq"])
        self._n_buffer = int(self._stream.n_buffer)
        self._received = 0
        self._last_time = 0.0

    def _describe(self) -> None:
        """Channels, stim channels and unit scaling from the stream's description."""
        sinfo = self._stream.sinfo
        self.description: StreamDescription = describe(sinfo)
        if self.description.is_markers:
            raise DataError(
                f"stream {self.description.name!r} is irregular (a marker stream); "
                "choose the EEG stream"
            )
        self.ch_names: list[str] = list(self._stream.info["ch_names"])
        types = self._stream.get_channel_types()
        self.ch_types: list[str] = list(types)
        self.stim_channels = [c for c, t in zip(self.ch_names, types, strict=True) if t == "stim"]
        units = self.description.units
        eeg_idx = [i for i, c in enumerate(self.ch_names) if c not in self.stim_channels]
        self.scaling: ChannelScaling = channel_scaling(
            [self.ch_names[i] for i in eeg_idx],
            None if units is None else [units[i] for i in eeg_idx],
        )
        self._factors = np.ones(len(self.ch_names))
        self._factors[eeg_idx] = self.scaling.factors

    @property
    def name(self) -> str:
        """LSL name of the stream."""
        return self.description.name

    @property
    def units_assumed(self) -> bool:
        """True when some EEG channel had no unit and is taken as microvolts."""
        return self.scaling.any_assumed

    def pull(self) -> EegChunk:
        """The ring buffer now, scaled to volts, with the count of new and lost samples.

        New samples are those stamped after the last pull's newest; a jump between that and the
        oldest new sample still in the buffer counts the samples that arrived and were
        overwritten before this pull (lost), at the nominal rate.
        """
        data, times = self._stream.get_data()
        times = np.asarray(times, dtype=np.float64)
        n_valid = int(np.count_nonzero(times > 0))
        fresh = times > self._last_time
        fresh[: len(times) - n_valid] = False
        n_new = int(np.count_nonzero(fresh))
        n_lost = 0
        if n_new and self._last_time > 0:
            first_new = times[np.argmax(fresh)]
            n_lost = max(0, round((first_new - self._last_time) * self.sfreq) - 1)
        if n_new:
            self._last_time = float(times[-1])
        self._received += n_new
        return EegChunk(
            data=np.asarray(data, dtype=np.float64) * self._factors[:, None],
            times=times,
            n_new=n_new,
            n_valid=n_valid,
            n_lost=n_lost,
        )

    def clock_offset(self, timeout: float = 0.5) -> float | None:
        """LSL clock offset of the source relative to this machine (s); None when unknown."""
        inlet = getattr(self._stream, "_inlet", None)
        if inlet is None:
            return None
        try:
            return float(inlet.time_correction(timeout=timeout))
        except Exception as exc:  # the source is gone or did not answer in time
            log.info("stream %r: no clock offset (%s)", self.name, exc)
            return None

    def close(self) -> None:
        """Disconnect (stops the acquisition thread)."""
        if self._stream.connected:
            self._stream.disconnect()


@dataclass(frozen=True)
class Marker:
    """One event: its key (text, as the event map writes it) and LSL time (s)."""

    key: str
    time: float


def marker_key(value: Any) -> str:
    """Marker sample value -> event-map key: ``2.0`` and ``"2"`` both give ``"2"``."""
    if isinstance(value, str):
        return value.strip()
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


class MarkerInlet(Closing):
    """A separate marker stream (string or numeric markers), via pylsl.

    Parameters
    ----------
    name : str
        LSL name of the marker stream.
    timeout : float
        Seconds to wait for it.
    """

    def __init__(self, name: str, *, timeout: float = 5.0) -> None:
        import pylsl

        found = pylsl.resolve_byprop("name", name, minimum=1, timeout=timeout)
        if not found:
            raise DataError(
                f"no marker stream named {name!r} answered within {timeout} s; start the "
                "stimulus program (or a replay) and check the name"
            )
        info = found[0]
        if info.nominal_srate() != 0:
            log.warning("marker stream %r has a regular rate of %s Hz", name, info.nominal_srate())
        self.name = name
        self._inlet = pylsl.StreamInlet(info, max_buflen=60, processing_flags=pylsl.proc_clocksync)
        self._inlet.open_stream(timeout=timeout)

    def pull(self) -> list[Marker]:
        """Markers that arrived since the last pull, oldest first (first channel's value)."""
        samples, stamps = self._inlet.pull_chunk(timeout=0.0)
        return [Marker(marker_key(s[0]), float(t)) for s, t in zip(samples, stamps, strict=True)]

    def close(self) -> None:
        """Close the inlet."""
        if self._inlet is not None:
            self._inlet.close_stream()
            self._inlet = None  # type: ignore[assignment]


def stim_onsets(values: np.ndarray, previous: float) -> np.ndarray:
    """Indices where a stim channel steps to a new non-zero value.

    Parameters
    ----------
    values : ndarray, shape (n_times,)
        New samples of the stim channel.
    previous : float
        The sample before ``values[0]`` (0 at the start).

    Returns
    -------
    ndarray of int
        Indices into ``values`` of each onset (as ``mne.find_events`` with
        ``shortest_event=1`` and the default ``consecutive="increasing"`` finds them).
    """
    before = np.concatenate([[previous], values[:-1]])
    return np.flatnonzero((values != before) & (values > 0) & (values > before))
