"""Hostile recordings: truncated EDF/BDF/FIF, epochs outside the data, channels vs the model.

The no-events, one-class and window-longer-than-the-recording cases are in
tests/data/test_recordings.py (listed in tests/reliability/cases.py). Files are written here by
MNE (FIF) and by the small header writers of tests/data/test_recordings_formats.py (BDF), plus
an EDF variant below, so nothing depends on ../shared/data.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from bcigui import SVM, InputAdapter
from bcigui.classifiers.base import BaseClassifier
from bcigui.data.epoching import epoch_recordings
from bcigui.data.recordings import inspect_recording, read_raw
from bcigui.errors import DataError, DataFileError
from tests.data.test_recordings import write_fif
from tests.data.test_recordings_formats import EVENTS, NAMES, SFREQ, _field, signal_uv, write_bdf

CODES = {s: 1 + (s // 100) % 2 for s in range(100, 1900, 100)}  # 9 + 9 events in 20 s at 100 Hz
MAP = {"event_map": {"1": "a", "2": "b"}, "tmin": 0.0, "tmax": 0.3}


def write_edf(path: Path, data_uv: np.ndarray) -> Path:
    """EDF: 16-bit EEG (0.1 uV per bit), one-second records, no annotations."""
    ns, n_rec = len(NAMES), data_uv.shape[1] // SFREQ
    header = _field("0", 8) + _field("X", 80) + _field("X", 80) + _field("01.01.20", 8)
    header += _field("12.00.00", 8) + _field(256 * (ns + 1), 8) + _field("", 44)
    header += _field(n_rec, 8) + _field(1, 8) + _field(ns, 4)
    header += b"".join(_field(x, 16) for x in NAMES) + _field("", 80) * ns
    header += _field("uV", 8) * ns + _field(-3276.7, 8) * ns + _field(3276.7, 8) * ns
    header += _field(-32767, 8) * ns + _field(32767, 8) * ns + _field("", 80) * ns
    header += _field(SFREQ, 8) * ns + _field("", 32) * ns
    digital = np.round(data_uv * 10).astype("<i2")
    body = b"".join(
        digital[:, r * SFREQ : (r + 1) * SFREQ].tobytes() for r in range(n_rec)
    )  # record-major: every channel's samples of one second, then the next second
    path.write_bytes(header + body)
    return path


def truncated(source: Path, fraction: float) -> Path:
    data = source.read_bytes()
    path = source.with_name("cut_" + source.name)
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


@pytest.mark.parametrize(
    ("kind", "fraction"),
    [
        ("fif", 0.003), ("fif", 0.5), ("bdf", 0.03), ("edf", 0.03), ("bdf", 0.5), ("edf", 0.5),
    ],
    ids=["fif-header", "fif-data", "bdf-header", "edf-header", "bdf-data", "edf-data"],
)  # fmt: skip
def test_truncated_recording(tmp_path, kind, fraction):
    if kind == "fif":
        source = write_fif(tmp_path / "rec_raw.fif", ["Fz", "Cz", "Pz"], 100.0, CODES)
    elif kind == "bdf":
        source = write_bdf(tmp_path / "rec.bdf", signal_uv(), EVENTS)
    else:
        source = write_edf(tmp_path / "rec.edf", signal_uv())
    path = truncated(source, fraction)
    readers = [read_raw, inspect_recording, lambda p: epoch_recordings(p, MAP)]
    for read in readers if kind != "edf" else readers[:1]:  # this EDF has no events to epoch
        with pytest.raises(DataFileError) as info:
            read(path)
        assert str(path) in str(info.value)


def test_epochs_outside_the_recording(tmp_path, caplog):
    # every event too close to the end for a 0.5 s window: nothing to train on
    late = write_fif(tmp_path / "late_raw.fif", ["Cz", "Pz"], 100.0,
                     {1990: 1, 1992: 1, 1995: 2, 1997: 2})  # fmt: skip
    with pytest.raises(DataFileError, match=r"no epochs left: 4 of 4 dropped") as info:
        epoch_recordings(late, {**MAP, "tmax": 0.5})
    assert str(late) in str(info.value)
    # some events at the edges: those epochs are dropped and the log says how many and why
    edges = write_fif(tmp_path / "edges_raw.fif", ["Cz", "Pz"], 100.0,
                      {5: 1, 10: 2, 1000: 1, 1100: 2, 1990: 1, 1995: 2})  # fmt: skip
    with caplog.at_level(logging.INFO, logger="bcigui.data.epoching"):
        trials = epoch_recordings(edges, {**MAP, "tmin": -0.2, "tmax": 0.5})
    assert trials.class_counts() == {"a": 1, "b": 1}
    assert [s.index for s in trials.sources] == [2, 3]  # which events survived
    assert f"{edges}: 2 epochs (4 of 6 dropped" in caplog.text


def test_channels_not_matching_the_model(tmp_path):
    events = {"event_map": {"1": "a", "2": "b"}}
    train = epoch_recordings(write_fif(tmp_path / "train_raw.fif", ["Fz", "Cz", "Pz"], 100.0,
                                       CODES), events)  # fmt: skip
    model = SVM(input_adapter=InputAdapter(reduce_3d="mean_time_flat")).fit_trials(train)
    model = BaseClassifier.load(model.save(tmp_path / "m.bcimodel"))
    for name, channels in [("other", ["Fz", "Cz", "Oz"]), ("fewer", ["Fz", "Cz"])]:
        path = write_fif(tmp_path / f"{name}_raw.fif", channels, 100.0, CODES)
        with pytest.raises(DataError, match=r"channel\(s\) \['Pz'\] the model was trained on "
                                            r"are missing") as info:  # fmt: skip
            model.predict_trials(epoch_recordings(path, events))
        assert str(path) in str(info.value)
    # the same channels in another order: matched by name, the same predictions
    reordered = tmp_path / "reordered_raw.fif"
    raw = read_raw(tmp_path / "train_raw.fif")
    raw.reorder_channels(["Pz", "STI", "Fz", "Cz"])
    raw.save(reordered, verbose="error")
    expected = model.predict_trials(train)
    got = model.predict_trials(epoch_recordings(reordered, events))
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-5)
