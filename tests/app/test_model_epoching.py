"""The one path from recordings to a model's trials: stored settings, overrides, checks, words."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bcigui.app.model_description import (
    describe_epoching,
    describe_expected_input,
    describe_signal,
    epoching_differences,
)
from bcigui.app.model_epoching import EpochingReport, epoch_for_model, model_settings
from bcigui.app.recording_choice import ModelInput
from bcigui.classifiers.shrinkage_lda import ShrinkageLDA
from bcigui.data.epoching import EpochSettings, epoch_recordings
from bcigui.errors import ConfigError, DataError

CHANNELS = ["TP9", "AF7", "AF8", "TP10"]
SETTINGS = EpochSettings(
    event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.5, l_freq=1.0, h_freq=30.0
)


def write_p300_fif(
    path: Path, *, sfreq: float = 128.0, ch_names: list[str] = CHANNELS, seed: int = 0
) -> Path:
    """60 s of noise with 60 events (codes 1 and 2); code 2 is followed by a positive bump."""
    import mne

    rng = np.random.default_rng(seed)
    n = int(60 * sfreq)
    data = rng.normal(0, 5e-6, (len(ch_names), n))
    stim = np.zeros((1, n))
    bump = np.hanning(int(0.3 * sfreq)) * 10e-6
    for i, sample in enumerate(range(int(sfreq), n - int(sfreq), int(0.9 * sfreq))):
        code = 2 if i % 3 == 0 else 1
        stim[0, sample] = code
        if code == 2:
            start = sample + int(0.1 * sfreq)
            data[:, start : start + len(bump)] += bump
    info = mne.create_info([*ch_names, "STI"], sfreq, ["eeg"] * len(ch_names) + ["stim"])
    raw = mne.io.RawArray(np.vstack([data, stim]), info, verbose="error")
    raw.save(path, overwrite=True, verbose="error")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[ShrinkageLDA, Path, Path]:
    """A Shrinkage LDA fitted on one synthetic recording, and a second recording to predict."""
    folder = tmp_path_factory.mktemp("recordings")
    train = write_p300_fif(folder / "train_raw.fif", seed=1)
    new = write_p300_fif(folder / "new_raw.fif", seed=2)
    model = ShrinkageLDA()
    model.fit_trials(epoch_recordings(train, SETTINGS))
    return model, train, new


def test_a_model_fitted_on_recordings_records_their_epoch_settings(
    trained: tuple[ShrinkageLDA, Path, Path], tmp_path: Path
) -> None:
    model, _, _ = trained
    assert model.training_info_["epoching"] == SETTINGS.model_dump(mode="json")
    assert model_settings(model) == SETTINGS
    path = model.save(tmp_path / "m.bcimodel")
    assert model_settings(path) == SETTINGS  # from the file's manifest


def test_the_models_settings_are_applied_by_default(
    trained: tuple[ShrinkageLDA, Path, Path],
) -> None:
    model, _, new = trained
    trials, report = epoch_for_model(model, new)
    expected = epoch_recordings(new, SETTINGS, min_classes=1)
    np.testing.assert_array_equal(trials.X, expected.X)
    assert report.follows_reference and report.overridden == ()
    assert report.describe().startswith("model settings: 1-30 Hz band-pass on the recording")
    assert report.to_dict()["source"] == "model"


def test_an_override_is_explicit_and_recorded(trained: tuple[ShrinkageLDA, Path, Path]) -> None:
    model, _, new = trained
    trials, report = epoch_for_model(model, new, {"l_freq": None, "h_freq": None})
    plain = epoch_recordings(new, SETTINGS.model_copy(update={"l_freq": None, "h_freq": None}))
    np.testing.assert_array_equal(trials.X, plain.X)
    assert not report.follows_reference
    assert report.overridden == ("band-pass 1-30 Hz (model) vs none (here)",)
    assert report.describe() == (
        "overridden model settings: band-pass 1-30 Hz (model) vs none (here)"
    )
    assert report.to_dict()["source"] == "override"


def test_mismatching_channels_and_rate_name_the_fix(
    trained: tuple[ShrinkageLDA, Path, Path], tmp_path: Path
) -> None:
    model, _, _ = trained
    other_rate = write_p300_fif(tmp_path / "fast_raw.fif", sfreq=256.0)
    with pytest.raises(DataError, match=r"fast_raw\.fif: sampled at 256 Hz but the model was "
                       r"trained at 128 Hz \(fix: resample the recording to 128 Hz"):  # fmt: skip
        epoch_for_model(model, other_rate)
    other_channels = write_p300_fif(tmp_path / "cz_raw.fif", ch_names=["Cz", "Pz", "Oz", "Fz"])
    lacks = r"cz_raw\.fif: lacks channel\(s\) \['TP9', 'AF7', 'AF8', 'TP10'\] .*\(fix: choose"
    with pytest.raises(DataError, match=lacks):
        epoch_for_model(model, other_channels)
    with pytest.raises(DataError, match=r"gives 78 samples per trial but the model was trained "
                       r"on 65 \(fix: set tmax to 0\.5 s for tmin 0 s\)"):  # fmt: skip
        epoch_for_model(model, trained[2], {"tmax": 0.6})


def test_a_model_without_settings_needs_an_event_map(tmp_path: Path) -> None:
    manifest = {"classes": ["a", "b"], "train_data": {"ch_names": CHANNELS, "sfreq": 128.0}}
    with pytest.raises(ConfigError, match=r"stores no epoch settings .* --map 1=NonTarget"):
        epoch_for_model(manifest, tmp_path / "x_raw.fif")
    with pytest.raises(ConfigError, match="needs an event mapping"):
        epoch_for_model(manifest, tmp_path / "x_raw.fif", {"tmax": 0.5})


def test_describe_epoching_in_words() -> None:
    settings = EpochSettings(
        event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8,
        l_freq=1.0, h_freq=30.0, reject_uv=100.0,
    )  # fmt: skip
    assert describe_epoching(settings) == (
        "1-30 Hz band-pass on the recording, 0-0.8 s after events 1 -> NonTarget, "
        "2 -> Target, 100 uV rejection"
    )
    assert describe_epoching(settings.model_dump(mode="json")) == describe_epoching(settings)
    other = EpochSettings(
        event_map={"left": "L"}, tmin=-0.2, tmax=0.5, baseline=(-0.2, 0.0), l_freq=0.5,
        picks=["C3", "C4"],
    )  # fmt: skip
    assert describe_epoching(other) == (
        "0.5 Hz high-pass on the recording, -0.2 to 0.5 s after events left -> L, "
        "baseline -0.2 to 0 s, channels C3, C4"
    )
    assert "trained on trial files" in describe_epoching(None)


def test_describe_signal_in_words() -> None:
    signal = {
        "settings": {"reference": "average", "notch": 50, "l_freq": 1.0, "h_freq": 30.0,
                     "filter_order": 4, "resample_sfreq": 64.0, "channels": None},
        "train_sfreq": 256.0,
    }  # fmt: skip
    assert describe_signal(signal) == (
        "average reference, 50 Hz notch, 1-30 Hz band-pass (order 4), resampled to 64 Hz"
    )
    assert describe_signal({"settings": {"h_freq": 20.0}}) == "20 Hz low-pass"
    assert describe_signal(None) == "none"
    assert describe_signal({"settings": {"reference": "none"}}) == "none"


def test_expected_input_in_words() -> None:
    recording_model = ModelInput(
        path=Path("m"), ch_names=tuple(CHANNELS), sfreq=256.0, n_times=206, classes=("a", "b"),
        epoching={"event_map": {"1": "a"}, "tmin": 0.0, "tmax": 0.8},
    )  # fmt: skip
    assert describe_expected_input(recording_model) == (
        "4 channels TP9, AF7, AF8, TP10 at 256 Hz, 0-0.8 s epochs"
    )
    file_model = ModelInput(
        path=Path("m"), ch_names=None, sfreq=None, n_times=100, classes=("a",), n_channels=8
    )
    assert describe_expected_input(file_model) == "100 time steps x 8 features"


def test_differences_resolve_default_picks_to_the_trained_channels() -> None:
    explicit = SETTINGS.model_copy(update={"picks": list(CHANNELS)})
    assert epoching_differences(SETTINGS, explicit, channels=CHANNELS) == []
    assert epoching_differences(SETTINGS, explicit.model_copy(update={"picks": ["TP9"]}),
                                channels=CHANNELS) == [
        "channels TP9, AF7, AF8, TP10 (model) vs TP9 (here)"
    ]  # fmt: skip
    report = EpochingReport.compare(
        SETTINGS.model_copy(update={"tmax": 0.6, "reject_uv": 80.0}), SETTINGS,
        reference_name="training",
    )  # fmt: skip
    assert report.overridden == (
        "window 0-0.5 s (training) vs 0-0.6 s (here)",
        "rejection none (training) vs 80 uV (here)",
    )


def test_models_show_describes_the_input_stages(
    trained: tuple[ShrinkageLDA, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bcigui.cli import models as cli_models

    model, _, _ = trained
    path = model.save(tmp_path / "m.bcimodel")
    assert cli_models.main(["show", str(path), "--store", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "4 channels TP9, AF7, AF8, TP10 at 128 Hz, 0-0.5 s epochs" in out
    assert "1-30 Hz band-pass on the recording, 0-0.5 s after events 1 -> NonTarget" in out
    assert "signal stage:" in out
