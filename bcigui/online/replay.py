"""Replay a recording as live LSL streams: EEG (with its stim channel) plus a marker stream.

Any continuous recording our readers open (:func:`bcigui.data.recordings.read_raw`) becomes an
EEG stream (every channel; EEG sent in microvolts with ``unit`` ``microvolts`` in the channel
metadata, stim channels as they are) and, when the recording has events (stim channel or
annotations, :func:`bcigui.data.recordings.find_events`), a string marker stream
``<name>-markers`` sending each event's key at its sample's timestamp.

Samples are stamped ``t0 + k / sfreq`` (nominal spacing, continuous across loops) and pushed in
small chunks from one thread at ``speed`` times real time. MNE-LSL's ``PlayerLSL`` replays at real
time only and sends annotations as a numeric stream, so it does not fit ``--speed`` or string
markers; it is used by the parity test instead.
"""

from __future__ import annotations

import logging
import threading
import time
from os import PathLike
from pathlib import Path

import numpy as np

from bcigui.online.closing import Closing

log = logging.getLogger(__name__)

#: Suffix of the marker stream's name.
MARKERS_SUFFIX = "-markers"


class RecordingReplay(Closing):
    """EEG + marker outlets replaying a recording from a background thread.

    Parameters
    ----------
    path : path-like
        A continuous recording (FIF, EDF, BDF, BrainVision, EEGLAB, ...).
    name : str, optional
        EEG stream name (default: the file name's stem); markers on ``name + "-markers"``.
    speed : float
        Times real time (1 = real time).
    loop : bool
        Start again at the end (until :meth:`stop`).
    chunk_s : float
        Seconds of signal per push at real time.
    markers : bool
        Also send the events on a marker stream (when the recording has events).
    """

    def __init__(
        self,
        path: str | PathLike[str],
        *,
        name: str | None = None,
        speed: float = 1.0,
        loop: bool = False,
        chunk_s: float = 0.02,
        markers: bool = True,
    ) -> None:
        import pylsl

        from bcigui.data.recordings import find_events, read_raw
        from bcigui.errors import DataError, DataFileError

        if speed <= 0:
            raise DataError(f"the replay speed must be positive, got {speed}")
        self.path = Path(path)
        raw = read_raw(self.path)
        self.name = name or self.path.stem
        self.sfreq = float(raw.info["sfreq"])
        self.speed, self.loop, self.chunk_s = float(speed), bool(loop), float(chunk_s)
        types = raw.get_channel_types()
        data = raw.get_data()
        eeg = np.array([t != "stim" for t in types])
        data[eeg] *= 1e6
        self.data = np.ascontiguousarray(data.T, dtype=np.float32)  # (n_times, n_channels)
        try:
            events, key_to_code, _ = find_events(raw, self.path)
            code_to_key = {code: key for key, code in key_to_code.items()}
            self.markers = [(int(s), code_to_key[int(c)]) for s, c in events[:, [0, 2]]]
        except DataFileError:
            self.markers = []
        if not markers:
            self.markers = []
        first = raw.first_samp
        self.markers = [(s - first, k) for s, k in self.markers if 0 <= s - first < len(self.data)]
        info = pylsl.StreamInfo(
            self.name, "EEG", len(raw.ch_names), self.sfreq, "float32", f"{self.name}-replay"
        )
        channels = info.desc().append_child("channels")
        for ch, kind, is_eeg in zip(raw.ch_names, types, eeg, strict=True):
            c = channels.append_child("channel")
            c.append_child_value("label", ch)
            c.append_child_value("type", kind)
            c.append_child_value("unit", "microvolts" if is_eeg else "none")
        self._outlet: pylsl.StreamOutlet | None = pylsl.StreamOutlet(info, chunk_size=8)
        self._marker_outlet: pylsl.StreamOutlet | None = None
        if self.markers:
            minfo = pylsl.StreamInfo(
                self.marker_name, "Markers", 1, 0, "string", f"{self.name}-replay-markers"
            )
            self._marker_outlet = pylsl.StreamOutlet(minfo)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._wait_s = 0.0
        self._first_stamp: float | None = None
        self._t0: float | None = None
        self.pushed = 0
        self.passes = 0

    @property
    def marker_name(self) -> str:
        """Name of the marker stream."""
        return self.name + MARKERS_SUFFIX

    @property
    def duration_s(self) -> float:
        """Seconds of one pass at real time."""
        return len(self.data) / self.sfreq

    @property
    def next_stamp(self) -> float | None:
        """LSL timestamp the next sample would get (None before the start)."""
        return None if self._t0 is None else self._t0 + self.pushed / self.sfreq

    @property
    def running(self) -> bool:
        """True while the replay thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def start(
        self, wait_for_consumers: float = 0.0, first_stamp: float | None = None
    ) -> RecordingReplay:
        """Start pushing (returns self).

        Parameters
        ----------
        wait_for_consumers : float
            Seconds to wait, in the replay's thread, for inlets on every outlet before the
            first sample (tests: nothing is sent before the runner listens).
        first_stamp : float, optional
            LSL timestamp of the first sample (default: the LSL clock when pushing starts); a
            replay resuming another one's timeline after a gap gives ``other.next_stamp + gap``.
        """
        self._first_stamp = first_stamp
        if self._thread is not None:
            raise RuntimeError("this replay already started")
        self._wait_s = float(wait_for_consumers)
        self._thread = threading.Thread(target=self._run, name=f"replay-{self.name}", daemon=True)
        self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Block until a single pass ends (or ``timeout``); True when it ended."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def _run(self) -> None:
        import pylsl

        n = len(self.data)
        deadline = time.monotonic() + self._wait_s
        outlets = [o for o in (self._outlet, self._marker_outlet) if o is not None]
        while time.monotonic() < deadline and not self._stop.is_set():
            if all(o.have_consumers() for o in outlets):
                break
            self._stop.wait(0.01)
        t0 = pylsl.local_clock() if self._first_stamp is None else self._first_stamp
        self._t0 = t0
        started = time.monotonic()
        marker_index = 0
        while not self._stop.is_set():
            due = int((time.monotonic() - started) * self.sfreq * self.speed) + 1
            stop = due if self.loop else min(due, n)
            while self.pushed < stop:
                k = self.pushed % n
                end = min(k + (stop - self.pushed), n)
                base = self.pushed - k
                stamps = t0 + (base + np.arange(k, end)) / self.sfreq
                assert self._outlet is not None
                self._outlet.push_chunk(self.data[k:end], stamps.tolist())
                if self._marker_outlet is not None:
                    while marker_index < len(self.markers) and self.markers[marker_index][0] < end:
                        sample, key = self.markers[marker_index]
                        if sample >= k:
                            stamp = t0 + (base + sample) / self.sfreq
                            self._marker_outlet.push_sample([key], stamp)
                        marker_index += 1
                self.pushed += end - k
                if end == n:
                    self.passes += 1
                    marker_index = 0
            if not self.loop and self.passes >= 1:
                break
            self._stop.wait(self.chunk_s / self.speed)

    def stop(self) -> None:
        """Stop pushing and wait for the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5.0)

    def close(self) -> None:
        """Stop and destroy the outlets."""
        self.stop()
        self._outlet = None
        self._marker_outlet = None
