"""EEG recordings through MNE on the real files in ../shared/data, and bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from bcigui.data.epoching import EpochSettings, average_erp, epoch_recordings
from bcigui.data.formats import recording_format
from bcigui.data.recordings import inspect_recording, read_raw
from bcigui.errors import DataError, DataFileError
from tests.conftest import shared_data

MUSE = "muse-visual-p300"
P300_MAP = {"1": "NonTarget", "2": "Target"}


def muse_session(i: int) -> Path:
    return shared_data(MUSE, f"visual_P300_subject1_session{i}_raw.fif")


def write_fif(path: Path, ch_names: list[str], sfreq: float, stim_codes: dict[int, int]) -> Path:
    """A small continuous FIF: random EEG in volts and, if ``stim_codes``, a STI channel."""
    import mne

    rng = np.random.default_rng(0)
    n = int(20 * sfreq)
    data = rng.normal(0, 10e-6, (len(ch_names), n))
    types = ["eeg"] * len(ch_names)
    names = list(ch_names)
    if stim_codes:
        stim = np.zeros((1, n))
        for sample, code in stim_codes.items():
            stim[0, sample] = code
        data = np.vstack([data, stim])
        types.append("stim")
        names.append("STI")
    raw = mne.io.RawArray(data, mne.create_info(names, sfreq, types), verbose="error")
    raw.save(path, verbose="error")
    return path


@pytest.mark.realdata
def test_inspect_muse_raw_fif() -> None:
    info = inspect_recording(muse_session(1))
    assert info.format == "fif" and not info.is_epoched
    assert info.sfreq == 256.0
    assert info.ch_names == ("TP9", "AF7", "AF8", "TP10", "STI")
    assert info.default_picks() == ("TP9", "AF7", "AF8", "TP10")
    assert info.event_counts == {"1": 976, "2": 185}
    assert {e.source for e in info.events} == {"stim:STI"}
    assert info.duration_s == pytest.approx(info.n_samples / 256.0)


@pytest.mark.realdata
def test_three_muse_sessions_make_one_grouped_trialset() -> None:
    paths = [muse_session(i) for i in (1, 2, 3)]
    calls: list[float] = []
    settings = EpochSettings(event_map=P300_MAP, tmin=0.0, tmax=0.8, baseline=(None, 0.0 + 0.05))
    trials = epoch_recordings(paths, settings, progress=lambda f, m, **k: calls.append(f))
    assert calls == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert trials.sfreq == 256.0 and trials.ch_names == ("TP9", "AF7", "AF8", "TP10")
    assert trials.X.shape[1:] == (4, 206)
    assert set(trials.classes) == {"NonTarget", "Target"}
    groups = trials.groups
    assert groups.shape == (trials.n_trials,)
    assert list(dict.fromkeys(groups)) == [str(p) for p in paths]
    # session 1 alone gives the same first trials, with their epoch indices
    first = epoch_recordings(paths[0], settings)
    np.testing.assert_array_equal(first.X, trials.X[: first.n_trials])
    assert trials.sources[0].file == str(paths[0]) and trials.sources[0].index == 0
    # volts: EEG amplitudes of tens of microvolts, not 1e1..1e2
    assert 1e-7 < float(np.median(np.abs(trials.X))) < 1e-3
    erp = average_erp(trials)
    assert set(erp) == {"NonTarget", "Target"} and erp["Target"].shape == (4, 206)


@pytest.mark.realdata
def test_epochs_file_by_name_or_code_and_window_checks() -> None:
    path = shared_data(MUSE, "visual_P300_subject1-epo.fif")
    info = inspect_recording(path)
    assert info.is_epoched and info.format == "epo.fif"
    assert info.event_counts == {"NonTarget": 2565, "Target": 479}
    by_name = epoch_recordings(path, {"event_map": {"NonTarget": "nt", "Target": "t"}})
    by_code = epoch_recordings(path, {"event_map": {"1": "nt", "2": "t"}})
    np.testing.assert_array_equal(by_name.X, by_code.X)
    assert by_name.class_counts() == {"nt": 2565, "t": 479}
    assert by_name.X.shape[1:] == (4, 206)
    with pytest.raises(DataFileError, match=r"outside the epochs .*-0\.102\.\.0\.801"):
        epoch_recordings(path, {"event_map": {"1": "nt", "2": "t"}, "tmax": 2.0})


@pytest.mark.realdata
def test_physionet_edf_annotations_and_standard_names() -> None:
    paths = [shared_data("physionet-mi-s001", f"S001R{r:02d}.edf") for r in (4, 8, 12)]
    info = inspect_recording(paths[0])
    assert info.sfreq == 160.0 and len(info.ch_names) == 64
    assert "C3" in info.ch_names and not any(n.endswith(".") for n in info.ch_names)
    assert info.event_counts == {"T0": 15, "T1": 8, "T2": 7}
    assert {e.source for e in info.events} == {"annotations"}
    trials = epoch_recordings(
        paths, {"event_map": {"T1": "left", "T2": "right"}, "tmin": 0.5, "tmax": 3.5}
    )
    assert trials.X.shape == (45, 64, 481)
    assert len(set(trials.groups)) == 3


@pytest.mark.realdata
def test_eeglab_set_square_events() -> None:
    path = shared_data("eeglab-sample", "eeglab_data.set")
    info = inspect_recording(path)
    assert info.format == "set" and info.sfreq == 128.0 and len(info.ch_names) == 32
    assert info.event_counts == {
        "rt": 74,
        "square": 80,
        "square/position=1": 40,
        "square/position=2": 40,
    }  # the position field of EEG.event (see ../shared/data/README.md) becomes event keys
    trials = epoch_recordings(
        path,
        {
            "event_map": {"square": "square", "rt": "rt"},
            "tmin": -0.25,
            "tmax": 0.5,
            "baseline": [None, 0],
        },
    )
    assert trials.class_counts() == {"rt": 74, "square": 80}
    # baseline applied: the pre-stimulus mean is ~0 on every channel
    pre = trials.X[:, :, : 32 + 1].mean(axis=2)  # -0.25 s .. 0 s at 128 Hz
    assert np.abs(pre).max() < 1e-9
    by_position = epoch_recordings(
        path, {"event_map": {"square/position=1": "p1", "square/position=2": "p2"}, "tmax": 0.5}
    )
    assert by_position.class_counts() == {"p1": 40, "p2": 40}
    squares = epoch_recordings(path, {"event_map": {"square": "sq"}, "tmax": 0.5}, min_classes=1)
    np.testing.assert_array_equal(by_position.X, squares.X)  # same onsets, in time order


# ----------------------------------------------------------------------------- bad input
def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"notes\.txt: unknown recording format \.txt"):
        recording_format(tmp_path / "notes.txt")
    with pytest.raises(DataFileError, match="no such file"):
        inspect_recording(tmp_path / "gone.edf")
    empty = tmp_path / "empty.bdf"
    empty.write_bytes(b"")
    with pytest.raises(DataFileError, match=r"empty\.bdf: the file is empty"):
        read_raw(empty)


@pytest.mark.realdata
def test_truncated_file_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken_raw.fif"
    broken.write_bytes(muse_session(1).read_bytes()[:5000])
    with pytest.raises(DataFileError, match=r"broken_raw\.fif: .*truncated or damaged"):
        inspect_recording(broken)
    with pytest.raises(DataFileError, match=r"broken_raw\.fif: cannot be read as MNE FIF"):
        epoch_recordings(broken, {"event_map": P300_MAP})
    edf = tmp_path / "S001R04.edf"
    edf.write_bytes(shared_data("physionet-mi-s001", "S001R04.edf").read_bytes()[:3000])
    with pytest.raises(DataFileError, match=r"S001R04\.edf"):
        epoch_recordings(edf, {"event_map": {"T1": "a", "T2": "b"}})


def test_no_events_and_unknown_keys(tmp_path: Path) -> None:
    silent = write_fif(tmp_path / "silent_raw.fif", ["Cz", "Pz"], 100.0, {})
    with pytest.raises(DataFileError, match=r"silent_raw\.fif: no events found"):
        inspect_recording(silent)
    coded = write_fif(
        tmp_path / "coded_raw.fif",
        ["Cz", "Pz"],
        100.0,
        {s: 1 + (s // 100) % 2 for s in range(100, 1900, 100)},
    )
    assert inspect_recording(coded).event_counts == {"1": 9, "2": 9}
    with pytest.raises(
        DataFileError, match=r"\['7'\] match no event; the events here are: '1', '2'"
    ):
        epoch_recordings(coded, {"event_map": {"1": "a", "7": "b"}})
    with pytest.raises(DataError, match="yields only one class"):
        epoch_recordings(coded, {"event_map": {"1": "a", "2": "a"}})
    one = epoch_recordings(coded, {"event_map": {"1": "a"}}, min_classes=1)
    assert one.n_trials == 9
    with pytest.raises(DataFileError, match=r"channel\(s\) \['Oz'\] do not exist"):
        epoch_recordings(coded, {"event_map": {"1": "a", "2": "b"}, "picks": ["Cz", "Oz"]})
    with pytest.raises(DataFileError, match=r"no epochs left: 18 of 18 dropped \(.*Cz"):
        epoch_recordings(coded, {"event_map": {"1": "a", "2": "b"}, "reject_uv": 1.0})
    with pytest.raises(DataFileError, match="longer than the recording"):
        epoch_recordings(coded, {"event_map": {"1": "a", "2": "b"}, "tmin": 0, "tmax": 60})
    kept = epoch_recordings(
        coded, {"event_map": {"1": "a", "2": "b"}, "picks": ["Pz", "Cz"], "bad_channels": ["Cz"]}
    )
    assert kept.ch_names == ("Pz",)


@pytest.mark.realdata
def test_mismatching_recordings_name_both_files(tmp_path: Path) -> None:
    muse = muse_session(1)
    other_rate = write_fif(
        tmp_path / "other_raw.fif",
        ["TP9", "AF7", "AF8", "TP10"],
        128.0,
        {s: 1 + (s // 100) % 2 for s in range(100, 1900, 100)},
    )
    with pytest.raises(DataError, match=r"other_raw\.fif is sampled at 128\.0 Hz but .*session1"):
        epoch_recordings([muse, other_rate], {"event_map": P300_MAP})
    other_chans = write_fif(
        tmp_path / "chans_raw.fif",
        ["TP9", "AF7", "Cz", "TP10"],
        256.0,
        {s: 1 + (s // 100) % 2 for s in range(100, 1900, 100)},
    )
    with pytest.raises(DataError, match=r"session1_raw\.fif and .*chans_raw\.fif have different"):
        epoch_recordings([muse, other_chans], {"event_map": P300_MAP})
    # the same channels in another order are reordered by name to the first file's order
    raw = read_raw(muse)
    raw.reorder_channels(["TP10", "AF8", "STI", "AF7", "TP9"])
    raw.save(tmp_path / "reordered_raw.fif", verbose="error")
    both = epoch_recordings([muse, tmp_path / "reordered_raw.fif"], {"event_map": P300_MAP})
    half = both.n_trials // 2
    assert both.ch_names == ("TP9", "AF7", "AF8", "TP10")
    np.testing.assert_allclose(both.X[:half], both.X[half:], rtol=1e-6)


def test_epoch_settings_errors_name_the_field() -> None:
    with pytest.raises(ValidationError, match="tmax"):
        EpochSettings(event_map=P300_MAP, tmin=0.5, tmax=0.2)
    with pytest.raises(ValidationError, match="reject_uv"):
        EpochSettings(event_map=P300_MAP, reject_uv=-3)
    with pytest.raises(ValidationError, match="event_map"):
        EpochSettings(event_map={})
    with pytest.raises(ValidationError, match="h_freq"):
        EpochSettings(event_map=P300_MAP, l_freq=30, h_freq=1)
    s = EpochSettings(event_map={" 1 ": " NonTarget", "2": "Target"})
    assert s.event_map == P300_MAP and s.classes == ["NonTarget", "Target"]


def test_groups_of_a_trialset() -> None:
    from bcigui.data.trialset import TrialSet, TrialSource

    trials = [np.zeros((2, 5), np.float32)] * 3
    bare = TrialSet(trials=trials)
    assert bare.groups.tolist() == ["", "", ""]
    sources = (TrialSource("a.fif", 0), TrialSource("b.fif", 0), TrialSource("a.fif", 1))
    assert TrialSet(trials=trials, sources=sources).groups.tolist() == ["a.fif", "b.fif", "a.fif"]
    assert TrialSet(trials=trials, sources=sources).subset([2, 1]).groups.tolist() == [
        "a.fif",
        "b.fif",
    ]
