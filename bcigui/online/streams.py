"""Discover Lab Streaming Layer streams and describe them.

:func:`discover_streams` resolves the streams visible under the current LSL configuration and
opens each one's full description (channels, units), which the resolver alone does not carry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChannelDescription:
    """One channel of a stream: ``name``, ``type`` and ``unit`` (None when not described)."""

    name: str
    type: str | None
    unit: str | None


@dataclass(frozen=True)
class StreamDescription:
    """What a stream picker shows and what a runner checks before it starts.

    Attributes
    ----------
    name, type, source_id, host, uid : str
        LSL stream name, content type (``EEG``, ``Markers``), source id, host name and the
        stream's unique id.
    sfreq : float
        Nominal sampling rate in Hz; 0 for an irregular stream (markers).
    n_channels : int
    channel_format : str
        LSL sample format (``float32``, ``string``, ``int32``, ...).
    channels : tuple of ChannelDescription
        Per-channel metadata; empty when the stream describes none.
    """

    name: str
    type: str
    source_id: str
    host: str
    uid: str
    sfreq: float
    n_channels: int
    channel_format: str
    channels: tuple[ChannelDescription, ...]

    @property
    def is_markers(self) -> bool:
        """True for an irregular stream (a marker stream)."""
        return self.sfreq == 0

    @property
    def ch_names(self) -> list[str]:
        """Channel names, or ``ch1..chN`` when the stream names none."""
        if self.channels:
            return [c.name for c in self.channels]
        return [f"ch{i + 1}" for i in range(self.n_channels)]

    @property
    def units(self) -> list[str | None] | None:
        """Per-channel units from the description, or None when it has no channel metadata."""
        return [c.unit for c in self.channels] if self.channels else None


def _format_name(sinfo: object) -> str:
    fmt = getattr(sinfo, "dtype", None)
    return fmt if isinstance(fmt, str) else getattr(fmt, "__name__", str(fmt))


def describe(sinfo: Any) -> StreamDescription:
    """A :class:`StreamDescription` from an MNE-LSL stream info (full or resolver-only)."""
    names = sinfo.get_channel_names() or []
    types = sinfo.get_channel_types() or [None] * len(names)
    units = sinfo.get_channel_units() or [None] * len(names)
    channels = tuple(
        ChannelDescription(str(n), t, u) for n, t, u in zip(names, types, units, strict=False)
    )
    return StreamDescription(
        name=sinfo.name,
        type=sinfo.stype,
        source_id=sinfo.source_id,
        host=sinfo.hostname,
        uid=sinfo.uid,
        sfreq=float(sinfo.sfreq),
        n_channels=int(sinfo.n_channels),
        channel_format=_format_name(sinfo),
        channels=channels,
    )


def full_info(sinfo: Any, timeout: float) -> Any:
    """The full description of a resolved stream (opens and closes an inlet)."""
    from mne_lsl.lsl import StreamInlet

    inlet = StreamInlet(sinfo)
    try:
        inlet.open_stream(timeout=timeout)
        return inlet.get_sinfo(timeout=timeout)
    finally:
        inlet.close_stream()
        del inlet


def discover_streams(timeout: float = 1.0) -> list[StreamDescription]:
    """Every LSL stream visible now, with its channel metadata.

    Parameters
    ----------
    timeout : float
        Seconds to wait for streams to answer (and, per stream, for its description).

    Returns
    -------
    list of StreamDescription
        Sorted by name then source id; a stream whose description cannot be read within the
        timeout is listed with what the resolver gave (no channel metadata).
    """
    from mne_lsl.lsl import resolve_streams

    found = []
    for sinfo in resolve_streams(timeout=timeout):
        try:
            found.append(describe(full_info(sinfo, timeout)))
        except Exception as exc:  # a stream gone between resolve and open
            log.warning("stream %r: cannot read its description (%s)", sinfo.name, exc)
            found.append(describe(sinfo))
    return sorted(found, key=lambda d: (d.name, d.source_id))


def visible_stream_names(timeout: float = 1.0) -> list[str]:
    """Names of the LSL streams visible now (resolver only: no description is opened)."""
    from mne_lsl.lsl import resolve_streams

    return sorted({sinfo.name for sinfo in resolve_streams(timeout=timeout)})
