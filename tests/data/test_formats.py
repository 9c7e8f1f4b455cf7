"""The format tables: every entry is reached by the dispatch and reads a real file of its kind;
unsupported files get an error that lists the table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bcigui.data.formats import (
    RECORDING_FORMATS,
    TRIAL_FILE_FORMATS,
    RecordingFormat,
    TrialFileFormat,
    read_trial_array,
    recording_format,
    recording_format_of,
    trial_file_format_of,
)
from bcigui.data.npy_file import MissingDataFileError
from bcigui.data.npy_io import load_seed_files
from bcigui.data.recordings import read_epochs, read_raw
from bcigui.errors import DataFileError
from tests.conftest import shared_data
from tests.data.test_recordings_formats import (
    EVENTS,
    signal_uv,
    write_bdf,
    write_brainvision,
    write_gdf,
)


def _write_raw_fif(target: Path) -> Path:
    import mne

    info = mne.create_info(["Fz", "Cz"], 100.0, "eeg")
    data = np.random.default_rng(0).normal(0, 10e-6, (2, 500))
    mne.io.RawArray(data, info, verbose="error").save(target, verbose="error")
    return target


def _write_epochs_fif(target: Path) -> Path:
    import mne

    info = mne.create_info(["Fz", "Cz"], 100.0, "eeg")
    data = np.random.default_rng(0).normal(0, 10e-6, (3, 2, 50))
    mne.EpochsArray(data, info, verbose="error").save(target, verbose="error")
    return target


#: Format name -> writer of a sample file; shared real files where no writer is at hand.
SAMPLES: dict[str, Callable[[Path], Path]] = {
    "fif": _write_raw_fif,
    "epo.fif": _write_epochs_fif,
    "edf": lambda _: shared_data("physionet-mi-s001", "S001R04.edf"),
    "bdf": lambda target: write_bdf(target, signal_uv(), EVENTS),
    "gdf": lambda target: write_gdf(target, signal_uv(), EVENTS),
    "vhdr": lambda target: write_brainvision(target, signal_uv(), EVENTS),
    "set": lambda _: shared_data("eeglab-sample", "eeglab_data.set"),
}

#: Formats whose sample is a file of ../shared/data.
REAL_DATA_SAMPLES = frozenset({"edf", "set"})

PATTERN_CASES = [
    pytest.param(
        fmt,
        pattern,
        id=pattern,
        marks=[pytest.mark.realdata] if fmt.name in REAL_DATA_SAMPLES else [],
    )
    for fmt in RECORDING_FORMATS
    for pattern in fmt.patterns
]


def test_every_recording_format_has_a_sample() -> None:
    assert set(SAMPLES) == {fmt.name for fmt in RECORDING_FORMATS}
    assert len({fmt.name for fmt in RECORDING_FORMATS}) == len(RECORDING_FORMATS)
    assert len({fmt.read.__name__ for fmt in RECORDING_FORMATS}) == len(RECORDING_FORMATS)


@pytest.mark.parametrize(("fmt", "pattern"), PATTERN_CASES)
def test_every_pattern_dispatches_to_its_format(fmt: RecordingFormat, pattern: str) -> None:
    for name in (pattern.replace("*", "sub-01_run"), pattern.replace("*", "S1").upper()):
        assert recording_format_of(Path("/data") / name) is fmt, name
        assert recording_format(name) == fmt.name


@pytest.mark.parametrize(("fmt", "pattern"), PATTERN_CASES)
def test_the_dispatch_reaches_every_reader(
    tmp_path: Path, fmt: RecordingFormat, pattern: str
) -> None:
    path = SAMPLES[fmt.name](tmp_path / pattern.replace("*", "sample_raw"))
    assert recording_format_of(path) is fmt
    dispatched = read_epochs(path) if fmt.epoched else read_raw(path)
    direct = fmt.read(path, True)
    assert type(dispatched) is type(direct)
    np.testing.assert_array_equal(dispatched.get_data(), direct.get_data())
    wrong_kind = read_raw if fmt.epoched else read_epochs
    with pytest.raises(DataFileError, match="epochs"):
        wrong_kind(path)


@pytest.mark.parametrize("name", ["notes.txt", "s1.edf.gz", "recording", "s1.EEG"])
def test_unknown_recording_format_lists_the_table(name: str) -> None:
    with pytest.raises(DataFileError, match="unknown recording format") as info:
        recording_format_of(name)
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    for fmt in RECORDING_FORMATS:
        assert fmt.description in message
        for pattern in fmt.patterns:
            assert pattern.lstrip("*") in message
    suffix = {"recording": "(no extension)", "s1.edf.gz": ".edf.gz"}.get(name, Path(name).suffix)
    assert f"unknown recording format {suffix.lower()} (bcigui reads " in message


# ----------------------------------------------------------------------------- trial files
def _write_npy(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as handle:  # a handle: np.save adds ".npy" to a name like TRIAL.NPY
        np.save(handle, array, allow_pickle=False)


#: Suffix -> writer of an array to a file of that format.
TRIAL_WRITERS: dict[str, Callable[[Path, np.ndarray], None]] = {".npy": _write_npy}


def test_every_trial_file_format_has_a_writer() -> None:
    assert set(TRIAL_WRITERS) == {fmt.suffix for fmt in TRIAL_FILE_FORMATS}


@pytest.mark.parametrize("fmt", TRIAL_FILE_FORMATS, ids=lambda f: f.suffix)
def test_the_dispatch_reaches_every_trial_reader(tmp_path: Path, fmt: TrialFileFormat) -> None:
    trial = np.arange(40, dtype=np.float32).reshape(10, 4)
    labels = np.array(["left", "right"])
    for name in ("trial" + fmt.suffix, "TRIAL" + fmt.suffix.upper()):
        path = tmp_path / name
        TRIAL_WRITERS[fmt.suffix](path, trial)
        assert trial_file_format_of(path) is fmt
        np.testing.assert_array_equal(read_trial_array(path), trial)
        np.testing.assert_array_equal(fmt.read(path), trial)
    label_path = tmp_path / f"labels{fmt.suffix}"
    TRIAL_WRITERS[fmt.suffix](label_path, labels)
    np.testing.assert_array_equal(read_trial_array(label_path, allow_strings=True), labels)
    with pytest.raises(DataFileError, match="holds strings"):
        read_trial_array(label_path)
    one_label = tmp_path / f"one{fmt.suffix}"
    TRIAL_WRITERS[fmt.suffix](one_label, np.array("left"))
    loaded = load_seed_files([tmp_path / ("trial" + fmt.suffix)], [one_label])
    assert loaded.trials[0].shape == (4, 10) and loaded.y.tolist() == ["left"]


@pytest.mark.parametrize("name", ["trial.txt", "trial.npz", "trial"])
def test_unsupported_trial_file_lists_the_table(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"1 2 3")
    with pytest.raises(DataFileError) as info:
        read_trial_array(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    kinds = " or ".join(fmt.suffix for fmt in TRIAL_FILE_FORMATS)
    found = f"has suffix '{path.suffix}'" if path.suffix else "has no suffix"
    assert f"{found}, but a {kinds} file is expected" in message
    for fmt in TRIAL_FILE_FORMATS:
        assert fmt.how_to_write in message


def test_missing_or_directory_comes_before_the_suffix(tmp_path: Path) -> None:
    with pytest.raises(MissingDataFileError, match=r"gone\.txt: does not exist"):
        read_trial_array(tmp_path / "gone.txt")
    folder = tmp_path / "session"
    folder.mkdir()
    with pytest.raises(DataFileError, match=r"session: is a directory, not a \.npy file"):
        read_trial_array(folder)
