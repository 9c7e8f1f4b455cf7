"""``bcigui.app.live.run_live`` on a replayed synthetic recording (loopback LSL)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from bcigui.data.epoching import EpochSettings
from tests.online.conftest import save_live_model, unique_name, write_p300_recording

pytestmark = pytest.mark.timeout(120)
SETTINGS = EpochSettings(
    event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8, l_freq=1.0, h_freq=20.0
)


@pytest.fixture(scope="module")
def stored_model(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A ShrinkageLDA trained on a synthetic recording, saved in a fresh store."""
    folder = tmp_path_factory.mktemp("liveapp")
    path, store = save_live_model(folder, seed=1)
    replayed = write_p300_recording(folder / "live_raw.fif", n_trials=10, seed=2, lead_s=2.0)
    return {"path": path, "store": store, "recording": replayed}


def test_run_live_on_a_replay_gives_epochs_decisions_chunks_and_a_summary(stored_model, tmp_path):
    from bcigui.app.live import LiveSettings, run_live
    from bcigui.online.replay import RecordingReplay

    name = unique_name("live-app")
    events = []
    with RecordingReplay(stored_model["recording"], name=name, speed=4.0) as replay:
        settings = LiveSettings(
            model_path=stored_model["path"],
            eeg_stream=name,
            marker_stream=replay.marker_name,
            duration=6.5,
            store_dir=stored_model["store"],
            decisions_stream=unique_name("decisions"),
        )
        replay.start(wait_for_consumers=5.0)
        summary = run_live(settings, events.append)
    kinds = [e.kind for e in events]
    epochs = [e for e in events if e.kind == "epoch"]
    assert len(epochs) == summary.epochs == 10, summary
    assert {e.marker for e in epochs} == {"1", "2"}
    assert all(set(e.proba) == {"NonTarget", "Target"} for e in epochs)
    assert all(e.latency_ms is not None and e.latency_ms >= 0 for e in epochs)
    # cue-locked: each epoch is a decision
    assert kinds.count("decision") == 10 and summary.decisions == [e.predicted for e in epochs]
    chunks = [e for e in events if e.kind == "chunk"]
    assert chunks and chunks[0].data is not None and chunks[0].data.shape[0] == 8
    assert len(chunks) <= 10 * summary.duration_s + 2  # at most ~10 per second
    assert all(c.times is not None and c.data.shape[1] == len(c.times) for c in chunks)
    assert sum(len(c.times) for c in chunks) > 0.9 * 16.5 * 100  # the whole replay, ~100 Hz
    assert summary.latency_ms_p50 is not None and summary.latency_ms_p99 is not None
    assert summary.lost_samples == 0 and summary.late_epochs == 0 and not summary.units_assumed
    assert summary.session_path is None  # no session_dir: nothing recorded
    counters = [e.counters for e in events if e.kind == "counters"]
    assert counters and len(counters) <= summary.duration_s + 2  # at most once a second
    assert counters[0]["clock_offset_s"] == summary.clock_offset_s
    assert all(a != b for a, b in itertools.pairwise(counters))  # only changes
    assert counters[-1]["epochs"] <= summary.epochs and counters[-1]["lost_samples"] == 0


def test_a_missing_eeg_stream_is_named_with_the_streams_that_exist(stored_model):
    from bcigui.app.live import LiveSettings, run_live
    from bcigui.errors import DataError
    from bcigui.online.replay import RecordingReplay

    name = unique_name("only-markers")
    with RecordingReplay(stored_model["recording"], name=name) as replay:
        settings = LiveSettings(
            stored_model["path"], "no-such-eeg", replay.marker_name, duration=1.0,
            store_dir=stored_model["store"], connect_timeout=2.0,
        )  # fmt: skip
        with pytest.raises(DataError, match="no EEG stream named 'no-such-eeg'") as info:
            run_live(settings, lambda e: None)
    assert replay.marker_name in str(info.value) and name in str(info.value)


def test_a_missing_marker_stream_is_named(stored_model):
    from bcigui.app.live import LiveSettings, run_live
    from bcigui.errors import DataError
    from bcigui.online.replay import RecordingReplay

    name = unique_name("only-eeg")
    with RecordingReplay(stored_model["recording"], name=name):
        settings = LiveSettings(
            stored_model["path"], name, "no-such-markers", duration=1.0,
            store_dir=stored_model["store"], connect_timeout=2.0,
        )  # fmt: skip
        with pytest.raises(DataError, match="no marker stream named 'no-such-markers'") as info:
            run_live(settings, lambda e: None)
    assert repr(name) in str(info.value)


def test_compatibility_names_missing_channels_and_another_rate(stored_model):
    from bcigui.app.live import check_live_compatibility
    from bcigui.online.streams import ChannelDescription, StreamDescription

    def stream(names: list[str], sfreq: float) -> StreamDescription:
        channels = tuple(ChannelDescription(n, "eeg", "microvolts") for n in names)
        return StreamDescription("amp", "EEG", "src", "host", "uid", sfreq, len(names),
                                 "float32", channels)  # fmt: skip

    from bcigui.store.manager import ModelManager

    manager = ModelManager(stored_model["store"])
    try:
        ch_names = list(manager.get(stored_model["path"]).training_info_["train_data"]["ch_names"])
    finally:
        manager.close()
    store = stored_model["store"]
    assert check_live_compatibility(stored_model["path"], stream(ch_names, 128.0), store) == []
    problems = check_live_compatibility(stored_model["path"], stream(ch_names[1:], 256.0), store)
    assert len(problems) == 2
    assert ch_names[0] in problems[0] and "retrain" in problems[0]
    assert "256.0 Hz" in problems[1] and "resample" in problems[1]
