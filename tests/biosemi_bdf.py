"""A small BioSemi BDF writer for tests (no BDF writer ships with the pinned libraries).

BDF is EDF with 24-bit little-endian samples and a ``0xFF "BIOSEMI"`` / ``24BIT`` header. The
``Status`` channel carries the trigger codes in bits 0-15 and system flags (CMS in range,
battery) in bits 16-23, as BioSemi's ActiveTwo writes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

#: Names of a BioSemi 128-channel cap (A1-D32) and its eight external electrodes.
BIOSEMI_128 = [f"{bank}{i}" for bank in "ABCD" for i in range(1, 33)]
EXTERNAL_8 = [f"EXG{i}" for i in range(1, 9)]
_SYSTEM_FLAGS = 0x0F0000


def _field(value: object, width: int) -> bytes:
    return str(value).ljust(width)[:width].encode("ascii")


def status_channel(n_samples: int, events: Mapping[int, int], width: int = 4) -> np.ndarray:
    """Status values: ``code`` for ``width`` samples at each ``sample -> code``, system flags
    in bits 16-23 throughout."""
    status = np.full(n_samples, _SYSTEM_FLAGS, dtype=np.int64)
    for sample, code in events.items():
        status[sample : sample + width] = _SYSTEM_FLAGS | code
    return status


def write_bdf(
    path: Path,
    data_uv: np.ndarray,
    ch_names: Sequence[str],
    sfreq: int,
    events: Mapping[int, int],
) -> Path:
    """Write a BDF file of one-second records.

    Parameters
    ----------
    path : Path
    data_uv : ndarray, shape (n_channels, n_samples)
        EEG in microvolts, within +-8000 uV (1 nV per bit); ``n_samples`` a multiple of
        ``sfreq`` (a partial last second is dropped).
    ch_names : sequence of str
        ``n_channels`` names; a ``Status`` channel is added after them.
    sfreq : int
        Samples per second (per record).
    events : mapping of int to int
        Sample -> trigger code (1-65535) written into ``Status``.
    """
    labels = [*ch_names, "Status"]
    ns, n_rec = len(labels), data_uv.shape[1] // sfreq
    n = n_rec * sfreq
    phys = [(-8000, 8000, "uV")] * len(ch_names) + [(-8000000, 8000000, "Boolean")]
    header = b"\xffBIOSEMI" + _field("X", 80) + _field("X", 80) + _field("01.01.20", 8)
    header += _field("12.00.00", 8) + _field(256 * (ns + 1), 8) + _field("24BIT", 44)
    header += _field(n_rec, 8) + _field(1, 8) + _field(ns, 4)
    header += b"".join(_field(x, 16) for x in labels) + _field("", 80) * ns
    header += b"".join(_field(u, 8) for *_, u in phys)
    header += b"".join(_field(lo, 8) for lo, _, _ in phys)
    header += b"".join(_field(hi, 8) for _, hi, _ in phys)
    header += _field(-8000000, 8) * ns + _field(8000000, 8) * ns + _field("", 80) * ns
    header += _field(sfreq, 8) * ns + _field("", 32) * ns
    digital = np.empty((ns, n), dtype="<i4")
    digital[:-1] = np.round(data_uv[:, :n] * 1000)  # 1 nV per bit
    digital[-1] = status_channel(n, events)
    # records of one second: channel after channel, 3 little-endian bytes per sample
    records = digital.reshape(ns, n_rec, sfreq).transpose(1, 0, 2)
    body = np.ascontiguousarray(records).view(np.uint8).reshape(-1, 4)[:, :3]
    path.write_bytes(header + body.tobytes())
    return path
