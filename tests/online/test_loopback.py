"""Streams, inlets and the runner on loopback LSL streams the tests make themselves."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bcigui.data.epoching import EpochSettings, epoch_recordings
from bcigui.errors import DataError
from tests.online.conftest import unique_name, write_p300_recording
from tests.online.loopback import LoopbackSource, wait_for_consumers

pytestmark = pytest.mark.timeout(90)
SFREQ = 128.0
SETTINGS = EpochSettings(
    event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8, l_freq=1.0, h_freq=20.0
)


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A synthetic P300 recording, a ShrinkageLDA trained on another one, offline results."""
    import mne

    from bcigui import ShrinkageLDA

    folder = tmp_path_factory.mktemp("live")
    train_path = write_p300_recording(folder / "train_raw.fif", n_trials=150, seed=1)
    model = ShrinkageLDA().fit_trials(epoch_recordings(train_path, SETTINGS))
    model.training_info_["epoching"] = SETTINGS.model_dump()
    path = write_p300_recording(folder / "live_raw.fif", n_trials=24, seed=2, lead_s=2.0)
    offline = epoch_recordings(path, SETTINGS)
    _, proba = model.predict_trials(offline)
    raw = mne.io.read_raw_fif(path, preload=True, verbose="error")
    events = mne.find_events(raw, stim_channel="STI", shortest_event=1, verbose="error")
    return {
        "model": model,
        "raw": raw,
        "events": events,
        "offline_proba": proba,
        "offline_y": offline.y,
    }


def _source(raw: Any, name: str, units: str | None, markers=None) -> LoopbackSource:
    data = raw.get_data()
    eeg = [t == "eeg" for t in raw.get_channel_types()]
    factor = {"microvolts": 1e6, "millivolts": 1e3, "volts": 1.0, None: 1e6}[units]
    data[eeg] *= factor
    unit_list = None if units is None else [units if e else "none" for e in eeg]
    return LoopbackSource(
        name, data, raw.ch_names, raw.get_channel_types(), unit_list, SFREQ, markers=markers
    )


def test_discover_streams_describes_channels_units_rate_source_and_host(recording):
    from bcigui.online.streams import discover_streams

    name = unique_name("discover")
    source = _source(recording["raw"], name, "microvolts")
    try:
        found = {d.name: d for d in discover_streams(timeout=1.0)}
        assert name in found
        d = found[name]
        assert d.type == "EEG" and d.sfreq == SFREQ and d.source_id == f"{name}-src"
        assert d.host and d.uid and not d.is_markers
        assert d.ch_names == recording["raw"].ch_names
        assert d.units is not None and d.units[0] == "microvolts"
        assert d.channels[-1].type == "stim"
    finally:
        source.close()


@pytest.mark.parametrize("units", ["microvolts", "millivolts", "volts", None])
def test_the_eeg_inlet_gives_volts_whatever_the_stream_units(recording, units):
    from bcigui.online.inlets import EegInlet

    name = unique_name("units")
    source = _source(recording["raw"], name, units)
    inlet = EegInlet(name, bufsize=10.0, timeout=5.0)
    try:
        wait_for_consumers(source)
        source.start_clock()
        source.push(256)
        deadline = time.monotonic() + 5
        received = 0
        chunk = None
        while received < 256 and time.monotonic() < deadline:
            time.sleep(0.05)
            chunk = inlet.pull()
            received += chunk.n_new
        assert chunk is not None and received == 256
        sent_volts = recording["raw"].get_data(start=0, stop=256)
        got = chunk.data[:, -256:]
        n_eeg = len(sent_volts) - 1
        # float32 on the wire: equal to ~1e-7 relative; a 1e6 or 1e3 error fails by far
        np.testing.assert_allclose(got[:n_eeg], sent_volts[:n_eeg], rtol=1e-5, atol=1e-12)
        assert inlet.units_assumed == (units is None)
        assert inlet.stim_channels == ["STI"]
    finally:
        inlet.close()
        source.close()


def _drive(source: LoopbackSource, runner, chunks=(16, 64, 256)) -> None:
    """Push the whole recording faster than real time (with 2 s bursts), stepping the runner."""
    wait_for_consumers(source)
    source.start_clock(lead_s=source.data.shape[1] / SFREQ)  # timestamps end at about now
    i = 0
    while not source.done:
        source.push(chunks[i % len(chunks)])
        i += 1
        time.sleep(0.01)
        runner.step()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        time.sleep(0.05)
        runner.step()
        if runner.counters.pending == 0 and runner.eeg.pull().n_new == 0:
            runner.step()
            if runner.counters.pending == 0:
                break


def _check_parity(recording, runner) -> None:
    results = runner.results
    n_events = len(recording["events"])
    c = runner.counters
    # every marker is accounted for: classified, or counted late/incomplete/rejected
    assert c.epochs + c.late_epochs + c.incomplete_epochs + c.rejected_epochs == n_events
    assert c.epochs == n_events and c.lost_samples == 0
    online = np.array([[r.proba[k] for k in ("NonTarget", "Target")] for r in results])
    np.testing.assert_allclose(online, recording["offline_proba"], atol=1e-4)
    assert [r.true_class for r in results] == list(recording["offline_y"])
    report = runner.report()
    assert "padded window" in report["filter"]
    assert report["latency_ms_p50"] is not None


def test_the_runner_on_the_stim_channel_equals_offline_prediction(recording, tmp_path: Path):
    from bcigui.online.inlets import EegInlet
    from bcigui.online.runner import OnlineRunner
    from bcigui.store.manager import ModelManager

    manager = ModelManager(store_dir=tmp_path / "models")
    saved = manager.save_and_cache(recording["model"], "shrinkage_lda", "live")
    manager.evict(saved)  # the runner loads it through the manager's cache, from the file
    name = unique_name("stim")
    source = _source(recording["raw"], name, "microvolts")
    inlet = EegInlet(name, bufsize=20.0)
    try:
        runner = OnlineRunner.from_store(manager, saved, inlet)
        assert runner.model is not recording["model"] and manager.is_cached(saved)
        _drive(source, runner)
        _check_parity(recording, runner)
        assert runner.counters.ignored_markers == 0
    finally:
        inlet.close()
        source.close()
        manager.close()


def test_stopping_while_an_epoch_is_incomplete_leaves_it_counted_as_pending(recording):
    import threading

    from bcigui.online.inlets import EegInlet
    from bcigui.online.runner import OnlineRunner

    name = unique_name("stop")
    source = _source(recording["raw"], name, "microvolts")
    inlet = EegInlet(name, bufsize=20.0)
    try:
        runner = OnlineRunner(recording["model"], inlet)
        wait_for_consumers(source)
        source.start_clock(lead_s=10.0)
        first_event = int(recording["events"][0, 0])
        source.push(first_event + 40)  # the first event and 0.3 s after it: not complete
        stop = threading.Event()
        deadline = time.monotonic() + 5
        while runner.counters.pending == 0 and time.monotonic() < deadline:
            runner.step()
            time.sleep(0.02)
        stop.set()
        report = runner.run(5.0, stop=stop)
        assert report["pending"] == 1 and report["epochs"] == 0
    finally:
        inlet.close()
        source.close()


def test_the_runner_on_a_string_marker_stream_ignores_unknown_markers(recording):
    from bcigui.online.inlets import EegInlet, MarkerInlet
    from bcigui.online.runner import OnlineRunner

    events = recording["events"]
    markers = [(int(s), str(int(code))) for s, code in events[:, [0, 2]]]
    markers += [(int(s) + 10, "fixation") for s in events[::4, 0]]
    name = unique_name("markers")
    source = _source(recording["raw"], name, "microvolts", markers=markers)
    inlet = EegInlet(name, bufsize=20.0)
    marker_inlet = MarkerInlet(f"{name}-markers")
    try:
        seen = []
        runner = OnlineRunner(recording["model"], inlet, marker_inlet, on_result=seen.append)
        _drive(source, runner)
        _check_parity(recording, runner)
        assert runner.counters.ignored_markers == len(events[::4])
        assert seen == runner.results
    finally:
        marker_inlet.close()
        inlet.close()
        source.close()


def test_a_stream_that_does_not_match_the_model_is_refused_with_the_fix(recording):
    from bcigui.online.inlets import EegInlet
    from bcigui.online.runner import OnlineRunner

    raw = recording["raw"].copy().rename_channels({"Pz": "CPz"})
    name = unique_name("mismatch")
    source = _source(raw, name, "microvolts")
    inlet = EegInlet(name, bufsize=5.0)
    try:
        with pytest.raises(DataError, match=r"lacks the model's channel\(s\) \['Pz'\]"):
            OnlineRunner(recording["model"], inlet)
    finally:
        inlet.close()
        source.close()
    raw = recording["raw"].copy().pick(["Fz", "Cz", "Pz", "Oz", "P3", "P4", "PO7", "PO8"])
    name = unique_name("nostim")
    source = LoopbackSource(name, raw.get_data() * 1e6, raw.ch_names, ["eeg"] * 8, None, 256.0)
    inlet = EegInlet(name, bufsize=5.0)
    try:
        with pytest.raises(DataError, match=r"256.0 Hz.*128.0 Hz.*resample"):
            OnlineRunner(recording["model"], inlet)
    finally:
        inlet.close()
        source.close()


def test_no_eeg_stream_and_no_stim_channel_are_clear_errors(recording, tmp_path: Path):
    from bcigui.online.inlets import EegInlet, MarkerInlet
    from bcigui.online.runner import OnlineRunner

    with pytest.raises(DataError, match="no EEG stream named 'absent'"):
        EegInlet("absent", timeout=0.3)
    with pytest.raises(DataError, match="no marker stream named 'absent'"):
        MarkerInlet("absent", timeout=0.3)
    raw = recording["raw"].copy().pick(["Fz", "Cz", "Pz", "Oz", "P3", "P4", "PO7", "PO8"])
    name = unique_name("nostim")
    source = LoopbackSource(name, raw.get_data() * 1e6, raw.ch_names, ["eeg"] * 8, None, SFREQ)
    inlet = EegInlet(name, bufsize=5.0)
    try:
        with pytest.raises(DataError, match="no stim channel; give a marker stream"):
            OnlineRunner(recording["model"], inlet)
    finally:
        inlet.close()
        source.close()


def test_a_stream_with_an_unknown_unit_is_refused_and_nothing_is_left_open(recording):
    from bcigui.online.inlets import EegInlet

    raw = recording["raw"]
    name = unique_name("badunit")
    units = ["furlongs"] * len(raw.ch_names)
    source = LoopbackSource(
        name, raw.get_data(), raw.ch_names, raw.get_channel_types(), units, SFREQ
    )
    try:
        with pytest.raises(DataError, match="unknown channel unit 'furlongs'"):
            EegInlet(name, bufsize=5.0)
    finally:
        source.close()
    # the autouse fixture checks that the acquisition thread is gone
