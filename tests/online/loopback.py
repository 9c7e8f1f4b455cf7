"""A test-owned LSL source: EEG (and optionally a marker stream) pushed from a recording.

Samples are pushed from the test's own thread with their nominal LSL timestamps
(``t0 + k / sfreq``), faster than real time when asked, so a test can interleave pushing and
:meth:`~bcigui.online.runner.OnlineRunner.step` without starting threads of its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np


class LoopbackSource:
    """EEG outlet (+ optional string marker outlet) replaying ``data`` in chunks.

    Parameters
    ----------
    name : str
        EEG stream name (the marker stream is ``name + "-markers"``).
    data : ndarray, shape (n_channels, n_times)
        Values as the stream sends them (in ``units``).
    ch_names, ch_types : sequence of str
    units : sequence of str or None
        Per-channel unit written in the description; None writes no channel metadata units.
    sfreq : float
    markers : sequence of (sample, str), optional
        Events sent on the marker stream at the timestamp of their sample.
    """

    def __init__(
        self,
        name: str,
        data: np.ndarray,
        ch_names: Sequence[str],
        ch_types: Sequence[str],
        units: Sequence[str] | None,
        sfreq: float,
        markers: Sequence[tuple[int, str]] | None = None,
    ) -> None:
        import pylsl

        info = pylsl.StreamInfo(name, "EEG", len(ch_names), sfreq, "float32", f"{name}-src")
        channels = info.desc().append_child("channels")
        for i, (ch, kind) in enumerate(zip(ch_names, ch_types, strict=True)):
            c = channels.append_child("channel")
            c.append_child_value("label", ch)
            c.append_child_value("type", kind)
            if units is not None:
                c.append_child_value("unit", units[i])
        self.outlet = pylsl.StreamOutlet(info, chunk_size=16)
        self.marker_outlet = None
        if markers is not None:
            minfo = pylsl.StreamInfo(
                f"{name}-markers", "Markers", 1, 0, "string", f"{name}-markers-src"
            )
            self.marker_outlet = pylsl.StreamOutlet(minfo)
        self.data = np.asarray(data, dtype=np.float32)
        self.sfreq = sfreq
        self.markers = sorted(markers or [])
        self.sent = 0
        self.t0 = 0.0

    def start_clock(self, lead_s: float = 0.0) -> None:
        """Fix the timestamp of sample 0 (now minus ``lead_s``)."""
        import pylsl

        self.t0 = pylsl.local_clock() - lead_s

    def push(self, n: int, edit_stamps: Callable[[np.ndarray], np.ndarray] | None = None) -> int:
        """Push the next ``n`` samples (and their markers); returns how many were pushed.

        ``edit_stamps`` changes the samples' timestamps before they are sent (duplicated or
        non-monotonic timestamps); markers keep their nominal ones.
        """
        stop = min(self.sent + n, self.data.shape[1])
        if stop <= self.sent:
            return 0
        stamps = self.t0 + np.arange(self.sent, stop) / self.sfreq
        if edit_stamps is not None:
            stamps = edit_stamps(stamps.copy())
        self.outlet.push_chunk(self.data[:, self.sent : stop].T.copy(), stamps.tolist())
        if self.marker_outlet is not None:
            for sample, key in self.markers:
                if self.sent <= sample < stop:
                    self.marker_outlet.push_sample([key], self.t0 + sample / self.sfreq)
        pushed = stop - self.sent
        self.sent = stop
        return pushed

    @property
    def done(self) -> bool:
        """True when every sample was pushed."""
        return self.sent >= self.data.shape[1]

    def close(self) -> None:
        """Destroy the outlets."""
        self.outlet = None  # type: ignore[assignment]
        self.marker_outlet = None


def wait_for_consumers(source: LoopbackSource, timeout: float = 5.0) -> None:
    """Block until the EEG outlet (and the marker outlet) have an inlet connected."""
    end = time.monotonic() + timeout
    outlets = [o for o in (source.outlet, source.marker_outlet) if o is not None]
    while time.monotonic() < end:
        if all(o.have_consumers() for o in outlets):
            return
        time.sleep(0.02)
    raise TimeoutError("no inlet connected to the loopback outlets")
