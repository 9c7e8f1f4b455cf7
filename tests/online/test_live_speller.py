"""A live speller on loopback: flash-group markers -> runner -> evidence -> decision outlet.

Also the counter that keeps every marker accounted for when the buffer overruns.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from bcigui.data.epoching import EpochSettings, epoch_recordings
from bcigui.online.speller import SpellerSession, StoppingRule, matrix_layout
from tests.online.conftest import unique_name, write_p300_recording
from tests.online.loopback import LoopbackSource, wait_for_consumers

pytestmark = pytest.mark.timeout(120)
SFREQ = 128.0
SETTINGS = EpochSettings(
    event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8, l_freq=1.0, h_freq=20.0
)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory):
    from bcigui import ShrinkageLDA

    path = write_p300_recording(tmp_path_factory.mktemp("sp") / "train_raw.fif", n_trials=150)
    trained = ShrinkageLDA().fit_trials(epoch_recordings(path, SETTINGS))
    trained.training_info_["epoching"] = SETTINGS.model_dump()
    return trained


def _raw_and_events(path: Path):
    import mne

    raw = mne.io.read_raw_fif(path, preload=True, verbose="error")
    events = mne.find_events(raw, stim_channel="STI", shortest_event=1, verbose="error")
    return raw, events


def _eeg_only(raw):
    eeg = raw.copy().pick("eeg")
    return eeg.get_data() * 1e6, eeg.ch_names


def test_flash_markers_spell_the_attended_symbol_and_the_decision_goes_out(model, tmp_path):
    import pylsl

    from bcigui.online.decisions import DecisionOutlet
    from bcigui.online.inlets import EegInlet, MarkerInlet
    from bcigui.online.runner import OnlineRunner

    layout = matrix_layout()
    target = "P"  # row3, col4
    target_groups = layout.groups_of(target)
    others = [g for g in layout.group_names if g not in target_groups]
    # 3 repetitions of 12 flashes: 6 attended (Target epochs), 30 others
    path = write_p300_recording(
        tmp_path / "speller_raw.fif", n_trials=36, seed=5, lead_s=2.0, gap_s=0.2
    )
    raw, events = _raw_and_events(path)
    assert (events[:, 2] == 2).sum() == 6
    t_iter, o_iter = iter(target_groups * 3), iter(others * 3)
    markers = [
        (int(s), next(t_iter) if code == 2 else next(o_iter)) for s, code in events[:, [0, 2]]
    ]
    data, names = _eeg_only(raw)
    name = unique_name("speller")
    source = LoopbackSource(name, data, names, ["eeg"] * len(names), None, SFREQ, markers)
    session = SpellerSession(layout, StoppingRule.fixed(3), target_class="Target")
    decisions = []
    outlet = DecisionOutlet(name=f"{name}-decisions", source_id=f"{name}-decisions")
    found = pylsl.resolve_byprop("name", f"{name}-decisions", timeout=5)
    feedback = pylsl.StreamInlet(found[0])
    feedback.open_stream(timeout=5)
    eeg = EegInlet(name, bufsize=20.0)
    marker_inlet = MarkerInlet(f"{name}-markers")

    def on_result(result):
        decision = session.feed(result.marker, result.proba)
        if decision is not None:
            decisions.append(decision)
            outlet.send(decision)

    try:
        runner = OnlineRunner(
            model, eeg, marker_inlet, on_result=on_result, extra_markers=layout.group_names
        )
        assert eeg.units_assumed  # no unit in the description: microvolts, flagged
        wait_for_consumers(source)
        source.start_clock(lead_s=data.shape[1] / SFREQ)
        while not source.done:
            source.push(64)
            time.sleep(0.005)
            runner.step()
        runner.run(10.0, until=lambda r: bool(decisions) and r.counters.pending == 0)
        assert runner.counters.epochs == 36
        assert [d.symbol for d in decisions] == [target]
        assert decisions[0].n_flashes == 36 and decisions[0].n_repetitions == 3
        sample, _ = feedback.pull_sample(timeout=5)
        assert sample is not None and json.loads(sample[0])["symbol"] == target
    finally:
        marker_inlet.close()
        eeg.close()
        feedback.close_stream()
        outlet.close()
        source.close()


def test_epochs_whose_data_left_the_buffer_are_counted_late(model, tmp_path):
    from bcigui.online.inlets import EegInlet, MarkerInlet
    from bcigui.online.runner import OnlineRunner

    path = write_p300_recording(tmp_path / "late_raw.fif", n_trials=16, seed=3, lead_s=2.0)
    raw, events = _raw_and_events(path)
    data, names = _eeg_only(raw)
    markers = [(int(s), str(int(c))) for s, c in events[:, [0, 2]]]
    name = unique_name("late")
    units = ["microvolts"] * len(names)
    source = LoopbackSource(name, data, names, ["eeg"] * len(names), units, SFREQ, markers)
    eeg = EegInlet(name, bufsize=6.0)
    marker_inlet = MarkerInlet(f"{name}-markers")
    try:
        runner = OnlineRunner(model, eeg, marker_inlet)
        wait_for_consumers(source)
        source.start_clock(lead_s=data.shape[1] / SFREQ)
        source.push(data.shape[1])  # 24 s at once into a 6 s buffer
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            time.sleep(0.2)
            runner.step()
            if sum(1 for _ in runner.results) + runner.counters.late_epochs == len(events):
                break
        c = runner.counters
        assert c.late_epochs > 0
        assert c.epochs + c.late_epochs + c.incomplete_epochs + c.rejected_epochs == len(events)
        np.testing.assert_array_less(0, c.epochs)  # the newest ones are still classified
    finally:
        marker_inlet.close()
        eeg.close()
        source.close()
