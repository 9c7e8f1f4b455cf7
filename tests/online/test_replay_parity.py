"""Offline/online parity on a replayed real recording (Muse P300, PlayerLSL on loopback).

A ShrinkageLDA trained on session 1 (1-30 Hz band-pass, 0-0.8 s epochs) runs live on a 30 s
crop of session 3 replayed at real time by MNE-LSL's ``PlayerLSL`` (EEG sent in microvolts, the
stim channel ``STI`` carrying the markers). Every epoch the replay delivered must equal the
offline epoch of the same event (offline: the crop band-passed as a whole recording) and give
the same probabilities as the offline ``predict_trials`` within ``PROBA_TOLERANCE``.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from bcigui.data.epoching import EpochSettings, epoch_recordings
from tests.conftest import shared_data
from tests.online.conftest import unique_name

pytestmark = [
    pytest.mark.slow,
    pytest.mark.realdata,
    pytest.mark.timeout(180),
    # PlayerLSL's last chunk of a single pass may hold one sample
    pytest.mark.filterwarnings("ignore:A single sample is pushed:RuntimeWarning"),
]
#: Probabilities online vs offline: equal epochs up to float32 rounding give ~1e-6.
PROBA_TOLERANCE = 1e-4
CROP_S = (60.0, 90.0)
SETTINGS = EpochSettings(
    event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8, l_freq=1.0, h_freq=30.0
)


def test_a_replayed_muse_session_gives_the_offline_probabilities(tmp_path: Path):
    import mne
    from mne_lsl.player import PlayerLSL

    from bcigui import ShrinkageLDA
    from bcigui.online.inlets import EegInlet
    from bcigui.online.runner import OnlineRunner

    folder = shared_data("muse-visual-p300")
    model = ShrinkageLDA().fit_trials(
        epoch_recordings(folder / "visual_P300_subject1_session1_raw.fif", SETTINGS)
    )
    model.training_info_["epoching"] = SETTINGS.model_dump()
    raw = mne.io.read_raw_fif(
        folder / "visual_P300_subject1_session3_raw.fif", preload=True, verbose="error"
    ).crop(*CROP_S)
    crop = tmp_path / "session3_crop_raw.fif"
    raw.save(crop, verbose="error")
    offline = epoch_recordings(crop, SETTINGS)
    _, offline_proba = model.predict_trials(offline)

    name = unique_name("muse-replay")
    player = PlayerLSL(crop, chunk_size=8, n_repeat=1, name=name, source_id=f"{name}-src")
    player.set_channel_units({c: "microvolts" for c in ["TP9", "AF7", "AF8", "TP10"]})
    player.start()
    inlet = None
    try:
        inlet = EegInlet(name, bufsize=40.0, timeout=5.0)
        assert not inlet.units_assumed
        runner = OnlineRunner(model, inlet)
        started = time.monotonic()
        report = runner.run(CROP_S[1] - CROP_S[0] + 1.0)
        assert time.monotonic() - started < 40
    finally:
        if inlet is not None:
            inlet.close()
        if player.running:  # it stops by itself at the end of its single pass
            player.stop()

    results = runner.results
    assert report["epochs"] >= 20, report  # ~1.5 events/s minus the first seconds and the end
    assert report["lost_samples"] == 0 and report["incomplete_epochs"] == 0, report
    offline_X = offline.X.reshape(len(offline.X), -1)
    matched = []
    for r in results:
        distance = np.linalg.norm(offline_X - r.epoch.reshape(1, -1), axis=1)
        best = int(np.argmin(distance))
        # the same epoch: equal up to float32 rounding (volts of ~1e-5)
        assert distance[best] <= 1e-4 * np.linalg.norm(offline_X[best]), distance[best]
        assert offline.y[best] == r.true_class
        matched.append(best)
    assert len(set(matched)) == len(matched)
    online = np.array([[r.proba["NonTarget"], r.proba["Target"]] for r in results])
    np.testing.assert_allclose(online, offline_proba[matched], atol=PROBA_TOLERANCE)
    assert [r.predicted for r in results] == [
        model.classes_[i] for i in np.argmax(offline_proba[matched], axis=1)
    ]
