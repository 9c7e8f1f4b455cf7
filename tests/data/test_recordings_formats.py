"""BDF, GDF and BrainVision recordings, written here by small header writers and read back.

No writer for these formats ships with the pinned libraries (``mne.export`` needs edfio/pybv),
so the tests write minimal, spec-conforming files themselves:

* BDF (:mod:`tests.biosemi_bdf`): the EDF header layout with ``0xFF "BIOSEMI"`` / ``24BIT``
  and 3-byte little-endian samples; a ``Status`` channel carries the trigger codes in bits
  0-15 and system flags (CMS, battery) in bits 16-23, as BioSemi does.
* GDF 1.25: the fixed 256-byte header, 256 bytes per channel, int16 samples, and an event
  table (mode 1: positions, 1-based, and types), which MNE turns into annotations.
* BrainVision: ``.vhdr`` and ``.vmrk`` text files and a float32 multiplexed ``.eeg`` file.

Each test checks that the samples come back in volts, equal to what was written (within the
format's quantisation), and that the events are found and epoched.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from bcigui.data.epoching import epoch_recordings
from bcigui.data.recordings import inspect_recording, read_raw
from bcigui.errors import DataFileError
from tests import biosemi_bdf

SFREQ = 256
NAMES = ["Fz", "Cz", "Pz"]
EVENTS = {s: 1 + (i % 2) for i, s in enumerate(range(256, 9 * 256, 128))}  # sample -> code 1/2


def signal_uv() -> np.ndarray:
    """Three channels, 10 s, in microvolts: sines of different frequencies and amplitudes."""
    t = np.arange(10 * SFREQ) / SFREQ
    return np.array([amp * np.sin(2 * np.pi * f * t) for amp, f in ((50, 3), (20, 7), (80, 11))])


def _field(value: object, width: int) -> bytes:
    return str(value).ljust(width)[:width].encode("ascii")


def write_bdf(path: Path, data_uv: np.ndarray, events: dict[int, int]) -> Path:
    """BioSemi BDF: EEG in uV (24 bit) plus a Status trigger channel; one-second records."""
    return biosemi_bdf.write_bdf(path, data_uv, NAMES, SFREQ, events)


def write_gdf(path: Path, data_uv: np.ndarray, events: dict[int, int]) -> Path:
    """GDF 1.25: int16 EEG (0.01 uV per bit) and an event table (mode 1)."""
    ns, n_rec = len(NAMES), data_uv.shape[1] // SFREQ
    head = b"GDF 1.25" + _field("X X", 80) + _field("rec", 80) + _field("2020010112000000", 16)
    head += struct.pack("<q", 256 * (ns + 1)) + bytes(24) + bytes(20)
    head += struct.pack("<qIII", n_rec, 1, 1, ns)
    assert len(head) == 256
    head += b"".join(_field(n, 16) for n in NAMES) + _field("", 80) * ns + _field("uV", 8) * ns
    head += struct.pack(f"<{ns}d", *[-327.68] * ns) + struct.pack(f"<{ns}d", *[327.67] * ns)
    head += struct.pack(f"<{ns}q", *[-32768] * ns) + struct.pack(f"<{ns}q", *[32767] * ns)
    head += _field("", 80) * ns + struct.pack(f"<{ns}i", *[SFREQ] * ns)
    head += struct.pack(f"<{ns}i", *[3] * ns) + bytes(32 * ns)  # type 3 = int16
    digital = np.round(data_uv * 100).astype("<i2")
    body = b"".join(digital[:, r * SFREQ : (r + 1) * SFREQ].tobytes() for r in range(n_rec))
    pos = np.array([s + 1 for s in events], dtype="<u4")
    typ = np.array(list(events.values()), dtype="<u2")
    table = bytes([1]) + SFREQ.to_bytes(3, "little") + struct.pack("<I", len(pos))
    path.write_bytes(head + body + table + pos.tobytes() + typ.tobytes())
    return path


def write_brainvision(path: Path, data_uv: np.ndarray, events: dict[int, int]) -> Path:
    """BrainVision: text header and markers, float32 multiplexed data in uV (resolution 1)."""
    stem = path.stem
    channels = "\n".join(f"Ch{i + 1}={n},,1,µV" for i, n in enumerate(NAMES))
    path.write_text(
        "Brain Vision Data Exchange Header File Version 1.0\n\n[Common Infos]\nCodepage=UTF-8\n"
        f"DataFile={stem}.eeg\nMarkerFile={stem}.vmrk\nDataFormat=BINARY\n"
        f"DataOrientation=MULTIPLEXED\nNumberOfChannels={len(NAMES)}\n"
        f"SamplingInterval={1e6 / SFREQ:g}\n\n[Binary Infos]\nBinaryFormat=IEEE_FLOAT_32\n\n"
        f"[Channel Infos]\n{channels}\n",
        encoding="utf-8",
    )
    markers = "\n".join(
        f"Mk{i + 2}=Stimulus,S{code:3d},{sample + 1},1,0"
        for i, (sample, code) in enumerate(events.items())
    )
    path.with_suffix(".vmrk").write_text(
        "Brain Vision Data Exchange Marker File, Version 1.0\n\n[Common Infos]\n"
        f"Codepage=UTF-8\nDataFile={stem}.eeg\n\n[Marker Infos]\nMk1=New Segment,,1,1,0\n"
        f"{markers}\n",
        encoding="utf-8",
    )
    path.with_suffix(".eeg").write_bytes(data_uv.T.astype("<f4").tobytes())
    return path


@pytest.mark.parametrize(
    ("writer", "name", "keys", "quantum_v"),
    [
        (write_bdf, "rec.bdf", ("1", "2"), 1e-9),
        (write_gdf, "rec.gdf", ("1", "2"), 1e-8),
        (write_brainvision, "rec.vhdr", ("Stimulus/S  1", "Stimulus/S  2"), 1e-11),
    ],
    ids=["bdf", "gdf", "brainvision"],
)
def test_written_format_reads_back_in_volts_and_epochs(
    tmp_path: Path, writer: object, name: str, keys: tuple[str, str], quantum_v: float
) -> None:
    data_uv = signal_uv()
    path = writer(tmp_path / name, data_uv, EVENTS)  # type: ignore[operator]
    info = inspect_recording(path)
    assert info.sfreq == SFREQ and info.n_samples == data_uv.shape[1]
    assert info.default_picks() == tuple(NAMES)
    counts = info.event_counts
    assert counts[keys[0]] == 8 and counts[keys[1]] == 8
    raw = read_raw(path)
    got = raw.get_data(picks=NAMES)
    np.testing.assert_allclose(got, data_uv * 1e-6, atol=quantum_v)
    trials = epoch_recordings(path, {"event_map": {keys[0]: "a", keys[1]: "b"}, "tmax": 0.5})
    assert trials.class_counts() == {"a": 8, "b": 8}
    assert trials.ch_names == tuple(NAMES)
    first = next(iter(EVENTS))
    np.testing.assert_allclose(
        trials.X[0], data_uv[:, first : first + 129] * 1e-6, atol=quantum_v, rtol=1e-6
    )


def test_truncated_bdf_is_an_error(tmp_path: Path) -> None:
    path = write_bdf(tmp_path / "cut.bdf", signal_uv(), EVENTS)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFileError, match=r"cut\.bdf: the file is truncated: .* 10 records"):
        inspect_recording(path)
