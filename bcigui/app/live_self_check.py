"""A short live session on this machine: the installer bundle's proof that the live path works.

:func:`live_self_check` writes a synthetic calibration and speller recording
(:mod:`bcigui.online.demo`), trains a shrinkage LDA on the calibration, replays the speller
recording as LSL streams on this machine (four times faster than real time) and runs the model
live on them through :func:`bcigui.app.live.run_live`, the function the Live tab and the
``live`` command call. It passes when every flash is classified, none is late or lost, the
speller spells the recorded text and the session file reads back. It needs liblsl (inside the
pylsl and mne-lsl wheels, and inside the bundle).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from bcigui.app.live import LiveEvent, LiveSettings, LiveSummary, run_live

logger = logging.getLogger(__name__)

#: What the self-check spells, and how often each row and column flashes per symbol.
SELF_CHECK_TEXT = "BC"
SELF_CHECK_REPETITIONS = 3


class LiveSelfCheckFailed(RuntimeError):
    """The live self-check did not get what the replayed recording holds."""


def live_self_check(folder: Path, *, speed: float = 4.0) -> LiveSummary:
    """Replay a synthetic speller session and spell it live; raises when anything is off.

    Parameters
    ----------
    folder : Path
        A scratch folder (recordings, a model store, the session file); created if needed.
    speed : float
        Replay speed (1.0 = real time).

    Returns
    -------
    LiveSummary
        The live session's counters (epochs, latency percentiles, the session file).

    Raises
    ------
    LiveSelfCheckFailed
        When an epoch is lost or late, the spelled text differs or the session is unreadable.
    """
    from bcigui.classifiers.shrinkage_lda import ShrinkageLDA
    from bcigui.data.epoching import EpochSettings, epoch_recordings
    from bcigui.data.recordings import read_raw
    from bcigui.online.demo import write_speller_recordings
    from bcigui.online.lsl_config import LSL_CONFIG_ENV, write_local_lsl_config
    from bcigui.online.replay import RecordingReplay
    from bcigui.online.speller import StoppingRule, matrix_layout
    from bcigui.store.manager import ModelManager

    folder.mkdir(parents=True, exist_ok=True)
    if LSL_CONFIG_ENV not in os.environ:  # streams stay on this machine (before liblsl loads)
        os.environ[LSL_CONFIG_ENV] = str(write_local_lsl_config(folder / "lsl_api.cfg")[0])
    calibration, speller = write_speller_recordings(
        folder, SELF_CHECK_TEXT, repetitions=SELF_CHECK_REPETITIONS
    )
    settings = EpochSettings(
        event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8, l_freq=1.0, h_freq=20.0
    )
    model = ShrinkageLDA().fit_trials(epoch_recordings(calibration, settings))
    store = folder / "store"
    manager = ModelManager(store)
    try:
        model_path = manager.save(model, "live-self-check")
    finally:
        manager.close()

    layout = matrix_layout()
    n_flashes = len(SELF_CHECK_TEXT) * SELF_CHECK_REPETITIONS * len(layout.group_names)
    name = f"bcigui-self-check-{os.getpid()}-{time.monotonic_ns()}"
    events: list[LiveEvent] = []
    with RecordingReplay(speller, name=name, speed=speed) as replay:
        live = LiveSettings(
            model_path=model_path,
            eeg_stream=name,
            marker_stream=replay.marker_name,
            duration=replay.duration_s / speed + 3.0,
            layout=layout,
            stopping=StoppingRule.fixed(SELF_CHECK_REPETITIONS),
            session_dir=folder / "sessions",
            store_dir=store,
            decisions_stream=None,
        )
        replay.start(wait_for_consumers=10.0)
        summary = run_live(live, events.append)
    spelled = "".join(e.symbol or "" for e in events if e.kind == "decision")
    problems = []
    if summary.epochs != n_flashes:
        problems.append(f"{summary.epochs} of {n_flashes} flashes were classified")
    if summary.late_epochs or summary.lost_samples:
        problems.append(f"{summary.late_epochs} late epochs, {summary.lost_samples} lost samples")
    if spelled != SELF_CHECK_TEXT:
        problems.append(f"spelled {spelled!r}, the recording spells {SELF_CHECK_TEXT!r}")
    if summary.session_path is None or not Path(summary.session_path).is_file():
        problems.append("no session file was written")
    else:
        recorded = read_raw(Path(summary.session_path))
        if recorded.n_times == 0 or len(recorded.annotations) < n_flashes:
            problems.append(f"the session file {summary.session_path} misses data or markers")
    if problems:
        raise LiveSelfCheckFailed("live self-check: " + "; ".join(problems))
    logger.info(
        "live self-check: %d flashes, spelled %r, latency p50 %.1f ms / p99 %.1f ms",
        summary.epochs,
        spelled,
        summary.latency_ms_p50 or float("nan"),
        summary.latency_ms_p99 or float("nan"),
    )
    return summary
