"""Faults of a live session, each with its clear message and nothing lost (loopback LSL).

A stream with other channels or another rate is refused before anything starts; duplicated or
non-monotonic timestamps, a 2-second burst, markers outside the event map and a Stop while an
epoch is still being collected all leave every marker accounted for and the session complete.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import mne
import numpy as np
import pytest

from bcigui.data.epoching import EpochSettings, epoch_recordings
from bcigui.errors import DataError
from tests.online.conftest import save_live_model, unique_name, write_p300_recording
from tests.online.live_thread import LiveThread
from tests.online.loopback import LoopbackSource, wait_for_consumers

pytestmark = pytest.mark.timeout(120)
SFREQ = 128.0
SETTINGS = EpochSettings(
    event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8, l_freq=1.0, h_freq=20.0
)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("livefaults")
    path, store = save_live_model(folder, seed=0)
    live = write_p300_recording(folder / "live_raw.fif", n_trials=8, seed=4, lead_s=2.0)
    raw = mne.io.read_raw_fif(live, preload=True, verbose="error")
    events = mne.find_events(raw, stim_channel="STI", shortest_event=1, verbose="error")
    return {"path": path, "store": store, "raw": raw, "events": events, "folder": folder}


def _settings(setup: dict[str, Any], name: str, **kw: Any) -> Any:
    from bcigui.app.live import LiveSettings

    return LiveSettings(
        model_path=setup["path"],
        eeg_stream=name,
        marker_stream=f"{name}-markers",
        store_dir=setup["store"],
        decisions_stream=unique_name("decisions"),
        **kw,
    )


def _source(setup: dict[str, Any], name: str, markers: list[tuple[int, str]]) -> LoopbackSource:
    eeg = setup["raw"].copy().pick("eeg")
    return LoopbackSource(
        name, eeg.get_data() * 1e6, eeg.ch_names, ["eeg"] * len(eeg.ch_names),
        ["microvolts"] * len(eeg.ch_names), SFREQ, markers,
    )  # fmt: skip


def _markers(setup: dict[str, Any]) -> list[tuple[int, str]]:
    return [(int(s), str(int(c))) for s, c in setup["events"][:, [0, 2]]]


def _stream(source: LoopbackSource, live: LiveThread, step: int = 32, **push: Any) -> None:
    wait_for_consumers(source)
    source.start_clock(lead_s=source.data.shape[1] / SFREQ)
    while not source.done:
        source.push(step, **push)
        time.sleep(0.01)


def _accounted(summary: Any) -> int:
    return (
        summary.epochs + summary.late_epochs + summary.incomplete_epochs
        + summary.rejected_epochs + summary.pending_epochs + summary.before_start_epochs
    )  # fmt: skip


@pytest.mark.parametrize("what", ["channels", "rate"])
def test_a_stream_that_does_not_fit_the_model_is_refused_before_starting(setup, tmp_path, what):
    from bcigui.app.live import run_live

    raw = setup["raw"].copy().pick("eeg")
    if what == "channels":
        raw = raw.drop_channels(raw.ch_names[:2])
        sfreq, match = SFREQ, "lacks the model's channel"
    else:
        sfreq, match = 256.0, "resample the stream"
    name = unique_name(f"misfit-{what}")
    source = LoopbackSource(
        name, raw.get_data() * 1e6, raw.ch_names, ["eeg"] * len(raw.ch_names),
        ["microvolts"] * len(raw.ch_names), sfreq, [(0, "1")],
    )  # fmt: skip
    sessions = tmp_path / "sessions"
    try:
        settings = _settings(setup, name, duration=2.0, session_dir=sessions)
        with pytest.raises(DataError, match=match) as info:
            run_live(settings, lambda e: None)
    finally:
        source.close()
    assert "retrain" in str(info.value)
    assert not sessions.exists()  # refused before anything started


def test_duplicated_and_backward_timestamps_lose_no_marker(setup, tmp_path):
    name = unique_name("stamps")
    source = _source(setup, name, _markers(setup))

    def spoil(stamps: np.ndarray) -> np.ndarray:
        stamps[5] = stamps[4]  # a duplicate
        stamps[20] = stamps[10]  # a step back
        return stamps

    try:
        settings = _settings(setup, name, session_dir=tmp_path / "s")
        with LiveThread(settings) as live:
            _stream(source, live, edit_stamps=spoil)
            live.wait_for(lambda ev: sum(e.kind == "epoch" for e in ev) >= len(setup["events"]))
            summary = live.stop()
    finally:
        source.close()
    assert _accounted(summary) == len(setup["events"]) and summary.epochs >= 7, summary
    stamps = np.load(next((tmp_path / "s").glob("*-lsltimes.npy")))
    assert np.all(np.diff(stamps) > 0)  # the session's timestamps increase
    raw = mne.io.read_raw_fif(summary.session_path, verbose="error")
    assert raw.n_times >= source.data.shape[1] - 2  # at most the spoilt samples dropped
    assert raw.n_times + summary.dropped_samples == source.data.shape[1]  # and counted


def test_a_two_second_burst_still_classifies_every_epoch(setup):
    name = unique_name("burst")
    source = _source(setup, name, _markers(setup))
    burst_at = int(5 * SFREQ)
    try:
        with LiveThread(_settings(setup, name)) as live:
            wait_for_consumers(source)
            source.start_clock(lead_s=source.data.shape[1] / SFREQ)
            while not source.done:
                at_burst = source.sent == burst_at
                source.push(int(2 * SFREQ) if at_burst else 16)
                time.sleep(0.5 if at_burst else 0.02)  # the burst arrives at once, then a pause
            live.wait_for(lambda ev: sum(e.kind == "epoch" for e in ev) >= len(setup["events"]))
            summary = live.stop()
    finally:
        source.close()
    assert summary.epochs == len(setup["events"]), summary
    assert summary.late_epochs == 0 and summary.lost_samples == 0, summary


def test_markers_outside_the_event_map_are_counted_and_recorded(setup, tmp_path):
    name = unique_name("extra")
    extra = [(int(s) + 20, "99") for s in setup["events"][:3, 0]]
    source = _source(setup, name, sorted(_markers(setup) + extra))
    try:
        with LiveThread(_settings(setup, name, session_dir=tmp_path / "s")) as live:
            _stream(source, live)
            live.wait_for(lambda ev: sum(e.kind == "epoch" for e in ev) >= len(setup["events"]))
            summary = live.stop()
    finally:
        source.close()
    assert summary.ignored_markers == 3 and summary.epochs == len(setup["events"]), summary
    raw = mne.io.read_raw_fif(summary.session_path, verbose="error")
    assert list(raw.annotations.description).count("99") == 3


def test_stopping_during_an_epoch_counts_it_pending_and_keeps_its_marker(setup, tmp_path):
    name = unique_name("stop")
    first = int(setup["events"][0, 0])
    source = _source(setup, name, _markers(setup))
    try:
        with LiveThread(_settings(setup, name, session_dir=tmp_path / "s")) as live:
            wait_for_consumers(source)
            source.start_clock(lead_s=source.data.shape[1] / SFREQ)
            source.push(first + int(0.3 * SFREQ))  # the first marker and 0.3 s of its epoch
            live.wait_for(lambda ev: any(e.kind == "chunk" for e in ev))
            time.sleep(0.3)
            stopped = time.monotonic()
            summary = live.stop()
            assert time.monotonic() - stopped < 2.0
    finally:
        source.close()
    assert summary.epochs == 0 and summary.pending_epochs == 1, summary
    raw = mne.io.read_raw_fif(summary.session_path, verbose="error")
    assert list(raw.annotations.description) == [str(setup["events"][0, 2])]
    assert raw.n_times == first + int(0.3 * SFREQ)


def test_the_sessions_folder_defaults_under_the_store(setup):
    from bcigui.app.live import default_sessions_dir

    assert default_sessions_dir(Path(setup["store"])) == Path(setup["store"]) / "sessions"


def test_a_speller_layout_turns_flashes_into_a_symbol_decision(setup, tmp_path):
    from bcigui.online.speller import StoppingRule, matrix_layout

    layout = matrix_layout()
    target = "P"
    attended, others = layout.groups_of(target), [
        g for g in layout.group_names if g not in layout.groups_of(target)
    ]
    path = write_p300_recording(tmp_path / "speller_raw.fif", n_trials=36, seed=5, lead_s=2.0,
                                gap_s=0.2)  # fmt: skip
    raw = mne.io.read_raw_fif(path, preload=True, verbose="error")
    events = mne.find_events(raw, stim_channel="STI", shortest_event=1, verbose="error")
    t_iter, o_iter = iter(attended * 3), iter(others * 3)
    markers = [(int(s), next(t_iter) if c == 2 else next(o_iter)) for s, c in events[:, [0, 2]]]
    markers.append((int(events[0, 0]), "2"))  # an event-map marker too: classified, not fused
    eeg = raw.copy().pick("eeg")
    name = unique_name("live-speller")
    source = LoopbackSource(
        name, eeg.get_data() * 1e6, eeg.ch_names, ["eeg"] * len(eeg.ch_names), None, SFREQ,
        markers,
    )  # fmt: skip
    settings = _settings(setup, name, layout=layout, stopping=StoppingRule.fixed(3))
    try:
        with LiveThread(settings) as live:
            _stream(source, live)
            live.wait_for(lambda ev: any(e.kind == "decision" for e in ev), timeout=20)
            summary = live.stop()
    finally:
        source.close()
    decisions = [e for e in live.events if e.kind == "decision"]
    from bcigui.store.manager import ModelManager

    manager = ModelManager(setup["store"])
    try:
        _, offline = manager.get(setup["path"]).predict_trials(epoch_recordings(path, SETTINGS))
    finally:
        manager.close()
    online = [e.proba["Target"] for e in live.events if e.kind == "epoch" and e.marker != "2"]
    np.testing.assert_allclose(online, offline[:, 1], atol=1e-4)  # the same as offline
    assert [d.symbol for d in decisions] == [target] and summary.decisions == [target]
    assert decisions[0].repetitions == 3 and decisions[0].n_flashes == 36
    assert summary.epochs == 37 and summary.units_assumed  # no units described: flagged
    assert any(e.kind == "status" and "microvolts" in (e.text or "") for e in live.events)


def test_a_malformed_layout_stops_the_live_command_with_the_file_named(setup, tmp_path, capsys):
    from bcigui.cli import main

    layout = tmp_path / "layout.json"
    layout.write_text('{"symbols": ["A", "B"], "groups": {"row1": ["A", "Z"]}}')
    code = main(["live", "--model", str(setup["path"]), "--eeg-stream", "amp",
                 "--layout", str(layout)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and str(layout) in err and "'Z'" in err and "groups.row1" in err
