"""Replay a recording file as a live LSL stream (the Live tab's "Replay a recording").

:class:`RecordingReplay` reads any recording the app reads (:func:`bcigui.data.recordings.read_raw`)
and streams it with MNE-LSL's :class:`~mne_lsl.player.PlayerLSL` at real time, looped by
default. The recording's stim channel (``STI`` in the Muse files) travels inside the EEG stream,
so a runner takes its markers from it; annotations, when the recording has some, also go out on
PlayerLSL's ``<name>-annotations`` marker stream.
"""

from __future__ import annotations

import logging
import os
from os import PathLike
from pathlib import Path
from typing import Any

from bcigui.online.closing import Closing

log = logging.getLogger(__name__)

#: Samples pushed per chunk (at 256 Hz: 16 ms).
DEFAULT_CHUNK_SIZE = 4


def replay_stream_name(path: str | PathLike[str]) -> str:
    """The default stream name of a replay: ``replay-<file stem>-<process id>``."""
    stem = Path(path).name.split(".")[0] or "recording"
    return f"replay-{stem}-{os.getpid()}"


class RecordingReplay(Closing):
    """A recording streamed on LSL until :meth:`close`.

    Parameters
    ----------
    path : path-like
        A continuous recording in any format the app reads (FIF, EDF, BDF, BrainVision, ...).
    name : str, optional
        LSL stream name (default: :func:`replay_stream_name`).
    loop : bool
        Start over at the end (True), or stream the recording once.
    chunk_size : int
        Samples per pushed chunk.

    Attributes
    ----------
    name : str
        The EEG stream's name (a stream picker lists it).
    path : Path
    n_channels : int
    sfreq : float

    Raises
    ------
    DataFileError
        The file cannot be read as a recording (the message names it and the fix).
    """

    def __init__(
        self,
        path: str | PathLike[str],
        name: str | None = None,
        *,
        loop: bool = True,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> None:
        import numpy as np
        from mne_lsl.player import PlayerLSL

        from bcigui.data.recordings import read_raw

        self.path = Path(path)
        self.name = name or replay_stream_name(self.path)
        raw = read_raw(self.path, preload=True)
        self.n_channels = len(raw.ch_names)
        self.sfreq = float(raw.info["sfreq"])
        self._player: Any = PlayerLSL(
            raw,
            chunk_size=chunk_size,
            n_repeat=np.inf if loop else 1,  # PlayerLSL checks `is np.inf`
            name=self.name,
            source_id=f"bcigui-{self.name}",
        )
        self._player.start()
        log.info("replaying %s as LSL stream %r (%d channels, %g Hz)",
                 self.path, self.name, self.n_channels, self.sfreq)  # fmt: skip

    @property
    def running(self) -> bool:
        """True until :meth:`close`."""
        return self._player is not None

    def close(self) -> None:
        """Stop streaming and destroy the outlet (idempotent)."""
        player, self._player = self._player, None
        if player is not None:
            player.stop()
            log.info("stopped the replay %r", self.name)
