"""Record a live session as it arrives: BrainVision while running, FIF at the end.

Everything received live is appended, as it arrives, to a **BrainVision** triple in the
sessions folder (``<stem>.vhdr`` header written once, ``<stem>.eeg`` float32 multiplexed samples,
``<stem>.vmrk`` text markers) plus ``<stem>.lsltimes`` (the float64 LSL timestamp of every sample).
The files are flushed at least every :data:`FLUSH_INTERVAL_S` seconds, so a crash loses at most
that much, and what is left is a recording our readers open (``.vhdr`` is a supported format):
:func:`recover_session` turns it into the FIF a clean close writes.

At :meth:`SessionRecorder.close` the session becomes ``<stem>_raw.fif`` (channel types of the
stream, EEG in volts) with annotations: each marker under its key (``"1"``, ``"row3"``), each
speller decision as ``decision/<symbol>``, and ``BAD_gap`` where the stream stopped and came back
(samples on either side of the gap are joined; ``BAD_`` makes epoching skip epochs across it).
The LSL timestamps go to ``<stem>_raw-lsltimes.npy``; the BrainVision files are then removed.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path
from typing import IO, Any

import numpy as np

from bcigui.online.closing import Closing

log = logging.getLogger(__name__)

#: Longest time received data may stay in Python's buffers (s).
FLUSH_INTERVAL_S = 0.5
#: Annotation marking where the stream stopped and came back.
GAP_ANNOTATION = "BAD_gap"
_GAP_TOLERANCE = 1.5  # sample periods
_MICROVOLTS = 1e6


@dataclass(frozen=True)
class SessionEvent:
    """One annotation: ``sample`` (0-based index into the recorded samples) and text."""

    sample: int
    description: str


def session_stem(folder: Path) -> str:
    """A new session's file stem: ``live-YYYYMMDD-HHMMSS`` (UTC), unique in ``folder``."""
    stem = "live-" + datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    candidate, n = stem, 1
    while any(folder.glob(candidate + "*")):
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def _vhdr_text(stem: str, ch_names: Sequence[str], stim: Sequence[bool], sfreq: float) -> str:
    lines = [
        "Brain Vision Data Exchange Header File Version 1.0",
        "; written by bcigui live session recording (append-only while the session runs)",
        "",
        "[Common Infos]",
        "Codepage=UTF-8",
        f"DataFile={stem}.eeg",
        f"MarkerFile={stem}.vmrk",
        "DataFormat=BINARY",
        "DataOrientation=MULTIPLEXED",
        f"NumberOfChannels={len(ch_names)}",
        f"SamplingInterval={1e6 / sfreq:.10g}",
        "",
        "[Binary Infos]",
        "BinaryFormat=IEEE_FLOAT_32",
        "",
        "[Channel Infos]",
    ]
    for i, (name, is_stim) in enumerate(zip(ch_names, stim, strict=True)):
        safe = name.replace(",", r"\1")
        lines.append(f"Ch{i + 1}={safe},,1,{'V' if is_stim else 'µV'}")
    return "\n".join(lines) + "\n"


def _vmrk_header(stem: str) -> str:
    return (
        "Brain Vision Data Exchange Marker File, Version 1.0\n\n"
        "[Common Infos]\nCodepage=UTF-8\n"
        f"DataFile={stem}.eeg\n\n"
        "[Marker Infos]\n"
        "Mk1=New Segment,,1,1,0\n"
    )


class SessionRecorder(Closing):
    """Append a live session to disk as it arrives (see the module doc).

    Parameters
    ----------
    folder : path-like
        The sessions folder (made if missing).
    ch_names : sequence of str
        Every channel of the stream, in stream order.
    ch_types : sequence of str
        MNE channel types (``"eeg"``, ``"stim"``, ...).
    sfreq : float
        Nominal rate (Hz).
    info : dict, optional
        JSON-able facts kept in the FIF's description (model, stream names).
    """

    def __init__(
        self,
        folder: str | PathLike[str],
        ch_names: Sequence[str],
        ch_types: Sequence[str],
        sfreq: float,
        info: dict[str, Any] | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.ch_names, self.ch_types = list(ch_names), list(ch_types)
        self.sfreq = float(sfreq)
        self.info = dict(info or {})
        self.stem = session_stem(self.folder)
        self.vhdr_path = self.folder / f"{self.stem}.vhdr"
        self.fif_path = self.folder / f"{self.stem}_raw.fif"
        self._stim = np.array([t == "stim" for t in self.ch_types])
        self.vhdr_path.write_text(
            _vhdr_text(self.stem, self.ch_names, list(self._stim), self.sfreq), encoding="utf-8"
        )
        self._eeg: IO[bytes] | None = open(self.folder / f"{self.stem}.eeg", "wb")
        self._times: IO[bytes] | None = open(self._times_path, "wb")
        self._vmrk: IO[str] | None = open(
            self.folder / f"{self.stem}.vmrk", "w", encoding="utf-8"
        )
        self._vmrk.write(_vmrk_header(self.stem))
        self._n_markers = 1
        self.n_samples = 0
        self.last_time: float | None = None
        self.first_time: float | None = None
        self.events: list[SessionEvent] = []
        self._pending: list[tuple[float, str]] = []  # markers ahead of the samples
        self.dropped_samples = 0
        self._recent = np.empty(0)  # timestamps of the last _keep samples, for markers
        self._keep = int(60 * self.sfreq)
        self.gaps = 0
        self._flushed = time.monotonic()
        self.closed = False

    @property
    def _times_path(self) -> Path:
        return self.folder / f"{self.stem}.lsltimes"

    # ------------------------------------------------------------------ writing
    def add_samples(self, data: np.ndarray, times: np.ndarray) -> None:
        """Append samples.

        Parameters
        ----------
        data : ndarray, shape (n_channels, n_times)
            Every channel, EEG in volts (stim channels as sent).
        times : ndarray, shape (n_times,)
            Their LSL timestamps; samples not after the last one written are dropped (counted in
            :attr:`dropped_samples`), a jump of more than 1.5 periods is annotated ``BAD_gap``.
        """
        if self._eeg is None or self._times is None or not len(times):
            return
        times = np.asarray(times, dtype=np.float64)
        last = -np.inf if self.last_time is None else self.last_time
        running = np.maximum.accumulate(np.concatenate([[last], times]))[:-1]
        keep = times > running
        self.dropped_samples += int(np.count_nonzero(~keep))
        if not keep.any():
            return
        data, times = data[:, keep], times[keep]
        if self.last_time is not None and times[0] - self.last_time > _GAP_TOLERANCE / self.sfreq:
            self.mark_gap()
        steps = np.flatnonzero(np.diff(times) > _GAP_TOLERANCE / self.sfreq)
        for i in steps:
            self.events.append(SessionEvent(self.n_samples + int(i) + 1, GAP_ANNOTATION))
            self._write_marker(self.n_samples + int(i) + 1, GAP_ANNOTATION)
            self.gaps += 1
        scaled = np.where(self._stim[:, None], data, data * _MICROVOLTS).astype("<f4")
        self._eeg.write(np.ascontiguousarray(scaled.T).tobytes())
        self._times.write(times.astype("<f8").tobytes())
        if self.first_time is None:
            self.first_time = float(times[0])
        self.n_samples += len(times)
        self.last_time = float(times[-1])
        self._recent = np.concatenate([self._recent, times])[-self._keep :]
        self._place_pending()
        self.flush(force=False)

    def mark_gap(self) -> None:
        """Annotate ``BAD_gap`` at the next sample (the stream stopped and came back)."""
        if self.events and self.events[-1] == SessionEvent(self.n_samples, GAP_ANNOTATION):
            return
        self.events.append(SessionEvent(self.n_samples, GAP_ANNOTATION))
        self._write_marker(self.n_samples, GAP_ANNOTATION)
        self.gaps += 1

    def add_marker(self, description: str, lsl_time: float) -> None:
        """Annotate ``description`` at the sample of ``lsl_time`` (once that sample is here)."""
        self._pending.append((float(lsl_time), str(description)))
        if self.last_time is not None and lsl_time <= self.last_time:
            self._place_pending()

    def _place_pending(self) -> None:
        if not self._pending or self.last_time is None:
            return
        ready = [(t, d) for t, d in self._pending if t <= self.last_time]
        self._pending = [(t, d) for t, d in self._pending if t > self.last_time]
        for t, d in sorted(ready):
            self._annotate(self._sample_of(t), d)

    def _sample_of(self, lsl_time: float) -> int:
        """Index of the recorded sample nearest ``lsl_time`` (within the recent timestamps)."""
        stamps = self._recent
        if not stamps.size:
            return 0
        index = int(np.searchsorted(stamps, lsl_time))
        if index >= stamps.size:
            index = stamps.size - 1
        elif index > 0 and lsl_time - stamps[index - 1] < stamps[index] - lsl_time:
            index -= 1
        return self.n_samples - stamps.size + index

    def _annotate(self, sample: int, description: str) -> None:
        self.events.append(SessionEvent(sample, description))
        self._write_marker(sample, description)

    def _write_marker(self, sample: int, description: str) -> None:
        if self._vmrk is None:
            return
        self._n_markers += 1
        text = description.replace(",", r"\1").replace("\n", " ")
        self._vmrk.write(f"Mk{self._n_markers}=Stimulus,{text},{sample + 1},1,0\n")

    def flush(self, force: bool = True) -> None:
        """Push buffered data to the operating system (every 0.5 s at least, or now)."""
        if not force and time.monotonic() - self._flushed < FLUSH_INTERVAL_S:
            return
        for f in (self._eeg, self._times, self._vmrk):
            if f is not None:
                f.flush()
        self._flushed = time.monotonic()

    # ------------------------------------------------------------------ closing
    def close(self) -> None:
        """Write ``<stem>_raw.fif`` (and the LSL timestamps) and remove the BrainVision files."""
        if self.closed:
            return
        self.closed = True
        for _, d in self._pending:  # markers after the last sample: at the last sample
            self._annotate(max(self.n_samples - 1, 0), d)
        self._pending = []
        self.flush()
        for f in (self._eeg, self._times, self._vmrk):
            if f is not None:
                f.close()
        self._eeg = self._times = self._vmrk = None
        if self.n_samples == 0:
            log.warning("live session %s received no samples; no session file", self.stem)
            _remove_brainvision(self.vhdr_path)
            return
        write_session_fif(
            self.vhdr_path, self.fif_path, self.ch_types, self.events, self.info
        )
        _remove_brainvision(self.vhdr_path)
        log.info("live session written to %s", self.fif_path)


def _remove_brainvision(vhdr: Path) -> None:
    for suffix in (".vhdr", ".eeg", ".vmrk", ".lsltimes"):
        vhdr.with_suffix(suffix).unlink(missing_ok=True)


def _read_markers(vmrk: Path) -> list[SessionEvent]:
    events = []
    for line in vmrk.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.startswith("Mk") or "=Stimulus," not in line:
            continue
        fields = line.split("=", 1)[1].split(",")
        if len(fields) < 3:
            continue  # a line cut by the crash
        try:
            events.append(SessionEvent(int(fields[2]) - 1, fields[1].replace(r"\1", ",")))
        except ValueError:
            continue
    return events


def write_session_fif(
    vhdr: Path,
    fif: Path,
    ch_types: Sequence[str] | None = None,
    events: Sequence[SessionEvent] | None = None,
    info: dict[str, Any] | None = None,
) -> Path:
    """Convert a session's BrainVision files to ``fif`` (see the module doc)."""
    import mne

    n_ch = len(_channel_lines(vhdr))
    names = [line.split(",")[0].replace(r"\1", ",") for line in _channel_lines(vhdr)]
    units = [line.split(",")[3] for line in _channel_lines(vhdr)]
    sfreq = 1e6 / float(_header_value(vhdr, "SamplingInterval"))
    raw_bytes = vhdr.with_suffix(".eeg").read_bytes()
    n_times = len(raw_bytes) // (4 * n_ch)
    data = np.frombuffer(raw_bytes[: n_times * 4 * n_ch], dtype="<f4").reshape(n_times, n_ch).T
    types = list(ch_types) if ch_types else ["stim" if u == "V" else "eeg" for u in units]
    scale = np.array([1.0 if t == "stim" else 1 / _MICROVOLTS for t in types])
    raw = mne.io.RawArray(
        data.astype(np.float64) * scale[:, None],
        mne.create_info(names, sfreq, types),
        verbose="error",
    )
    marks = list(events) if events is not None else _read_markers(vhdr.with_suffix(".vmrk"))
    marks = [e for e in marks if 0 <= e.sample < n_times]
    if marks:
        raw.set_annotations(
            mne.Annotations(
                onset=[e.sample / sfreq for e in marks],
                duration=[1 / sfreq if e.description == GAP_ANNOTATION else 0.0 for e in marks],
                description=[e.description for e in marks],
            )
        )
    stamps = np.fromfile(vhdr.with_suffix(".lsltimes"), dtype="<f8")[:n_times]
    facts = {**(info or {}), "first_lsl_time": float(stamps[0]) if stamps.size else None}
    raw.info["description"] = json.dumps({"bcigui_live_session": facts})
    raw.save(fif, overwrite=True, verbose="error")
    np.save(fif.with_name(fif.name.removesuffix(".fif") + "-lsltimes.npy"), stamps)
    return fif


def _header_lines(vhdr: Path) -> list[str]:
    return vhdr.read_text(encoding="utf-8").splitlines()


def _header_value(vhdr: Path, key: str) -> str:
    for line in _header_lines(vhdr):
        if line.startswith(key + "="):
            return line.split("=", 1)[1]
    raise ValueError(f"{vhdr}: no {key} in the header")


def _channel_lines(vhdr: Path) -> list[str]:
    return [
        line.split("=", 1)[1]
        for line in _header_lines(vhdr)
        if line.startswith("Ch") and "=" in line and line[2 : line.index("=")].isdigit()
    ]


def recover_session(vhdr: str | PathLike[str]) -> Path:
    """Turn what a crashed session left (``<stem>.vhdr`` and friends) into ``<stem>_raw.fif``.

    Markers come from the ``.vmrk`` file (a line cut by the crash is skipped); channels named
    with unit ``V`` are the stim channels. The BrainVision files are removed afterwards.
    """
    vhdr = Path(vhdr)
    fif = vhdr.with_name(vhdr.stem + "_raw.fif")
    write_session_fif(vhdr, fif, info={"recovered": True})
    _remove_brainvision(vhdr)
    return fif
