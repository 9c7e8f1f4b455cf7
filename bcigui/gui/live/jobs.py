"""The Live tab's worker jobs: Qt-free callables ``job(progress, cancel)``.

Each imports the core inside the job (the window must paint before NumPy, MNE or LSL load) and
calls the application layer (:mod:`bcigui.app.live`) or, for a stream replay, the online
layer's :class:`~bcigui.online.replay.RecordingReplay`.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bcigui.app.live import LiveSummary
    from bcigui.gui.live.options import SpellerChoice
    from bcigui.online.replay import RecordingReplay
    from bcigui.online.speller import SpellerLayout
    from bcigui.online.streams import StreamDescription

Job = Callable[[Callable[..., None], Any], Any]
_replay_numbers = itertools.count(1)

#: Lanes: a live session, quick checks (compatibility, layout), discovery, replays.
LIVE_LANE = "live"
CHECK_LANE = "live-check"
DISCOVERY_LANE = "live-streams"
REPLAY_LANE = "live-replay"


@dataclass(frozen=True)
class LiveRequest:
    """What Start hands to :func:`live_job` (plain values read from the widgets).

    Attributes
    ----------
    model_path : Path
    eeg_stream : str
    marker_stream : str or None
        None: the EEG stream's stim channel.
    speller : SpellerChoice or None
        None for a cue-locked model (each epoch is a decision).
    target_class : str
        The model's class of an attended flash.
    store_dir : Path or None
        The model store; the session is recorded in its ``sessions`` folder.
    duration : float or None
        Seconds to run; None runs until Stop.
    """

    model_path: Path
    eeg_stream: str
    marker_stream: str | None
    speller: SpellerChoice | None
    target_class: str
    store_dir: Path | None
    duration: float | None = None


def live_job(request: LiveRequest, on_event: Callable[[Any], None]) -> Job:
    """Run a live session until Stop (cancel) or the duration; returns its LiveSummary."""

    def job(progress: Callable[..., None], cancel: Any) -> LiveSummary:
        from bcigui.app.live import LiveSettings, default_sessions_dir, run_live
        from bcigui.modelfile.paths import default_store_dir
        from bcigui.online.speller import StoppingRule, load_layout, matrix_layout

        layout = stopping = None
        if request.speller is not None:
            choice = request.speller
            layout = load_layout(choice.layout_file) if choice.layout_file else matrix_layout()
            stopping = StoppingRule(
                choice.threshold, choice.min_repetitions, choice.max_repetitions
            )
        store = request.store_dir or default_store_dir()
        settings = LiveSettings(
            model_path=request.model_path,
            eeg_stream=request.eeg_stream,
            marker_stream=request.marker_stream,
            duration=request.duration,
            layout=layout,
            stopping=stopping,
            session_dir=default_sessions_dir(store),
            store_dir=store,
            target_class=request.target_class,
        )
        progress(0.0, "connecting to the streams")
        return run_live(settings, on_event, cancel)

    return job


def compatibility_job(model_path: Path, stream: StreamDescription) -> Job:
    """Why the model cannot run on the stream: a list of reasons (empty when it can)."""

    def job(progress: Callable[..., None], cancel: Any) -> list[str]:
        from bcigui.app.live import check_live_compatibility

        return list(check_live_compatibility(model_path, stream))

    return job


def layout_job(path: Path | None) -> Job:
    """The speller layout in ``path`` (None: the 6x6 matrix); DataFileError when malformed."""

    def job(progress: Callable[..., None], cancel: Any) -> SpellerLayout:
        from bcigui.online.speller import load_layout, matrix_layout

        return load_layout(path) if path is not None else matrix_layout()

    return job


def replay_job(path: Path) -> Job:
    """Start replaying the recording at ``path`` as an LSL stream; returns the replay."""

    def job(progress: Callable[..., None], cancel: Any) -> RecordingReplay:
        from bcigui.online.replay import RecordingReplay

        progress(0.0, f"reading {path.name}")
        # a fresh name each time: LSL lists a closed stream for a while, and an inlet
        # resolving the old name could connect to the replay stopped before
        name = f"{path.stem}-replay-{next(_replay_numbers)}-{os.getpid()}"
        replay = RecordingReplay(path, name=name, loop=True).start()
        if cancel.cancelled:  # the window closed meanwhile: nobody would stop it
            replay.close()
            cancel.raise_if_cancelled()
        return replay

    return job
