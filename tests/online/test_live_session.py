"""Session recording and stream faults of ``run_live`` on loopback replays.

The session file is checked the way a user meets it: ``epoch_recordings`` on it ("Use session
for training"), and after a crash (a subprocess killed mid-session) the BrainVision files left
behind open with our reader and :func:`~bcigui.online.session_recording.recover_session`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import bcigui
from bcigui.data.epoching import EpochSettings, epoch_recordings
from tests.online.conftest import save_live_model, unique_name, write_p300_recording

pytestmark = pytest.mark.timeout(150)
SETTINGS = EpochSettings(
    event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8, l_freq=1.0, h_freq=20.0
)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def stored_model(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("livesession")
    path, store = save_live_model(folder, seed=1)
    replayed = write_p300_recording(folder / "live_raw.fif", n_trials=10, seed=2, lead_s=2.0)
    return {"path": path, "store": store, "recording": replayed}


def _settings(stored_model: dict[str, Any], name: str, **kw: Any) -> Any:
    from bcigui.app.live import LiveSettings

    return LiveSettings(
        model_path=stored_model["path"],
        eeg_stream=name,
        store_dir=stored_model["store"],
        decisions_stream=unique_name("decisions"),
        **kw,
    )


def test_the_session_file_holds_everything_and_trains_like_a_recording(stored_model, tmp_path):
    import mne

    from bcigui.app.live import run_live
    from bcigui.online.replay import RecordingReplay

    name = unique_name("session")
    sessions = tmp_path / "sessions"
    with RecordingReplay(stored_model["recording"], name=name, speed=4.0) as replay:
        settings = _settings(
            stored_model, name, marker_stream=replay.marker_name, duration=6.0,
            session_dir=sessions,
        )  # fmt: skip
        replay.start(wait_for_consumers=5.0)
        summary = run_live(settings, lambda e: None)
    assert summary.epochs == 10 and summary.session_path is not None
    assert summary.session_path.parent == sessions and summary.session_path.exists()
    assert sorted(p.suffix for p in sessions.iterdir()) == [".fif", ".npy"]  # no BrainVision left
    raw = mne.io.read_raw_fif(summary.session_path, preload=True, verbose="error")
    original = mne.io.read_raw_fif(stored_model["recording"], preload=True, verbose="error")
    assert raw.ch_names == original.ch_names and raw.get_channel_types()[-1] == "stim"
    assert raw.n_times == original.n_times  # every sample, none twice
    np.testing.assert_allclose(raw.get_data(), original.get_data(), rtol=1e-5, atol=1e-12)
    descriptions = list(raw.annotations.description)
    assert descriptions.count("1") + descriptions.count("2") == 10  # the marker stream's events
    assert sum(d.startswith("decision/") for d in descriptions) == 10
    stamps = np.load(summary.session_path.with_name(summary.session_path.stem + "-lsltimes.npy"))
    assert len(stamps) == raw.n_times and np.all(np.diff(stamps) > 0)
    trials = bcigui.epoch_recordings(summary.session_path, SETTINGS)  # "Use session for training"
    offline = epoch_recordings(stored_model["recording"], SETTINGS)
    assert trials.n_trials == 10
    np.testing.assert_allclose(trials.X, offline.X, atol=1e-9)
    np.testing.assert_array_equal(trials.y, offline.y)


_CRASH_SCRIPT = """
import sys
from pathlib import Path
from bcigui.app.live import LiveSettings, run_live
settings = LiveSettings(Path(sys.argv[1]), sys.argv[2], sys.argv[3], duration=60.0,
                        session_dir=Path(sys.argv[4]), store_dir=Path(sys.argv[5]),
                        decisions_stream=sys.argv[2] + "-decisions", connect_timeout=30.0)
run_live(settings, lambda e: print(e.kind, flush=True) if e.kind == "epoch" else None)
"""


def _tail(path: Path) -> str:
    """The end of the child's stderr, for the assertion message."""
    return "the live process said:\n" + path.read_text(errors="replace")[-3000:]


@pytest.mark.slow
def test_a_killed_session_leaves_a_readable_recording_losing_at_most_a_second(
    stored_model, tmp_path
):
    from bcigui.data.recordings import read_raw
    from bcigui.online.replay import RecordingReplay
    from bcigui.online.session_recording import recover_session

    name = unique_name("crash")
    sessions = tmp_path / "sessions"
    errors_path = tmp_path / "child-stderr.txt"
    with (
        RecordingReplay(stored_model["recording"], name=name, speed=2.0) as replay,
        open(errors_path, "w") as errors,
    ):
        proc = subprocess.Popen(
            [sys.executable, "-c", _CRASH_SCRIPT, str(stored_model["path"]), name,
             replay.marker_name, str(sessions), str(stored_model["store"])],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE, stderr=errors, text=True,
        )  # fmt: skip
        try:
            replay.start(wait_for_consumers=30.0)
            assert proc.stdout is not None
            for _ in range(4):  # four epochs classified: the session is well under way
                line = proc.stdout.readline().strip()
                assert line == "epoch", _tail(errors_path)
            time.sleep(0.8)  # > the 0.5 s flush interval
            sent_before_kill = replay.pushed
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
            if proc.stdout is not None:
                proc.stdout.close()
    left = sorted(sessions.glob("*.vhdr"))
    assert len(left) == 1 and not list(sessions.glob("*.fif"))
    raw = read_raw(left[0])  # our recording reader opens what the crash left
    assert raw.n_times >= sent_before_kill - int(1.0 * replay.sfreq)
    fif = recover_session(left[0])
    trials = epoch_recordings(fif, SETTINGS)
    assert trials.n_trials >= 4
    assert sorted(p.suffix for p in sessions.iterdir()) == [".fif", ".npy"]


@pytest.mark.slow
def test_the_eeg_stream_lost_and_back_gives_status_and_a_marked_gap(stored_model, tmp_path):
    import mne

    from bcigui.app.live import run_live
    from bcigui.classifiers.progress import CancelToken
    from bcigui.online.replay import RecordingReplay

    name = unique_name("gap")
    events: list[Any] = []
    cancel = CancelToken()
    outcome: dict[str, Any] = {}
    # 2 s of silence counts as lost: a replay thread starved on a busy machine must not count
    settings = _settings(stored_model, name, session_dir=tmp_path / "s", lost_after_s=2.0)

    def live() -> None:
        try:
            outcome["summary"] = run_live(settings, events.append, cancel)
        except BaseException as exc:  # reported by the assertion below
            outcome["error"] = exc

    first = RecordingReplay(stored_model["recording"], name=name, speed=4.0, markers=False)
    thread = threading.Thread(target=live)
    try:
        thread.start()
        first.start(wait_for_consumers=10.0)
        first.wait(30.0)
        first.close()  # the amplifier disappears
        deadline = time.monotonic() + 10
        while not any(e.kind == "status" and "lost" in (e.text or "") for e in events):
            assert time.monotonic() < deadline, "no 'lost' status"
            time.sleep(0.05)
        again = RecordingReplay(stored_model["recording"], name=name, speed=4.0, markers=False)
        with again as second:
            # same name and source id: LSL reconnects; the amplifier's clock ran on meanwhile
            assert first.next_stamp is not None
            second.start(wait_for_consumers=10.0, first_stamp=first.next_stamp + 2.0)
            deadline = time.monotonic() + 15
            while not any(e.kind == "status" and e.text == "reconnected" for e in events):
                assert time.monotonic() < deadline, "no 'reconnected' status"
                time.sleep(0.05)
            second.wait(30.0)
            time.sleep(1.0)
    finally:
        cancel.cancel()
        thread.join(20)
        first.close()
    assert "error" not in outcome, outcome.get("error")
    summary = outcome["summary"]
    assert summary.gaps == 1, summary
    # every marker accounted for: the epochs across the join are incomplete, none vanish
    assert summary.epochs + summary.incomplete_epochs + summary.late_epochs == 20, summary
    assert summary.epochs >= 18, summary
    raw = mne.io.read_raw_fif(summary.session_path, verbose="error")
    assert list(raw.annotations.description).count("BAD_gap") == 1
    n_one_pass = mne.io.read_raw_fif(stored_model["recording"], verbose="error").n_times
    # everything up to the gap and after it; a busy machine can lose a few samples pushed
    # while the inlet re-subscribes (at most 0.1 s, never before the gap)
    assert 2 * n_one_pass - int(0.1 * raw.info["sfreq"]) <= raw.n_times <= 2 * n_one_pass
    trials = epoch_recordings(summary.session_path, SETTINGS)
    assert trials.n_trials == 20  # no epoch crosses the gap: every one trains
