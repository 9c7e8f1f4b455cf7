"""Online epoching (padded window filtered per epoch) equals offline epoching (no LSL)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bcigui.data.epoching import EpochSettings, epoch_recordings
from bcigui.errors import DataError
from bcigui.online.epoching import OnlineEpocher, channel_order, check_rate
from tests.online.conftest import write_p300_recording

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize(
    "settings",
    [
        {"l_freq": 1.0, "h_freq": 20.0, "tmin": 0.0, "tmax": 0.8},
        {"l_freq": 0.5, "h_freq": None, "tmin": -0.1, "tmax": 0.6, "baseline": (None, 0.0)},
        {"l_freq": None, "h_freq": None, "tmin": 0.0, "tmax": 0.5},
    ],
)
def test_each_online_epoch_equals_the_offline_epoch(tmp_path: Path, settings: dict):
    import mne

    path = write_p300_recording(tmp_path / "p300_raw.fif", n_trials=30)
    s = EpochSettings(event_map={"1": "NonTarget", "2": "Target"}, **settings)
    offline = epoch_recordings(path, s)
    raw = mne.io.read_raw_fif(path, preload=True, verbose="error")
    events = mne.find_events(raw, stim_channel="STI", shortest_event=1, verbose="error")
    data = raw.get_data(picks=list(offline.ch_names))
    epocher = OnlineEpocher(s, raw.info["sfreq"])
    assert epocher.wait_s == pytest.approx(s.tmax + epocher.margin_s, abs=1 / 128)
    online = []
    for sample in events[:, 0]:
        start, stop = epocher.window(int(sample))
        online.append(epocher.epoch(data[:, start:stop]).astype(np.float32))
    online_X = np.stack(online)
    assert online_X.shape == offline.X.shape
    scale = np.abs(offline.X).max()
    # float32 rounding of volts: relative error far below a microvolt
    np.testing.assert_allclose(online_X, offline.X, atol=1e-5 * scale, rtol=0)
    if s.l_freq is not None:
        assert "padded window" in epocher.method and epocher.margin_s > 1.0


def test_a_stream_with_other_channels_or_rate_is_refused_with_the_fix():
    with pytest.raises(DataError, match=r"lacks the model's channel\(s\) \['Pz'\].*retrain"):
        channel_order(["Fz", "Cz"], ["Fz", "Pz"], "eeg")
    assert channel_order(["Cz", "Fz", "STI"], ["Fz", "Cz"], "eeg") == [1, 0]
    with pytest.raises(DataError, match=r"500.0 Hz.*256.0 Hz.*resample"):
        check_rate(500.0, 256.0, "eeg")
    with pytest.raises(DataError, match="Nyquist"):
        OnlineEpocher({"event_map": {"1": "a"}, "h_freq": 40.0}, 64.0)
