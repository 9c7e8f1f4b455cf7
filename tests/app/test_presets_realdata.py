"""Each built-in preset epochs, trains its recommended pipeline and predicts, with the classes
it documents: P300 on the shared Muse recordings, motor imagery on the shared PhysioNet runs,
inner speech on a synthetic BioSemi BDF in the layout of Nieto et al. (2022)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import balanced_accuracy_score

from bcigui.app.model_description import describe_epoching
from bcigui.app.model_epoching import epoch_for_model
from bcigui.app.prediction import Prediction, predict_trials
from bcigui.app.presets import preset_settings, recommended_model
from bcigui.classifiers.base import BaseClassifier
from bcigui.data.epoching import epoch_recordings
from bcigui.data.presets import builtin_presets
from tests.biosemi_bdf import BIOSEMI_128, EXTERNAL_8, write_bdf
from tests.conftest import shared_data


def train_and_predict(
    name: str, train: Sequence[Path], test: Path, condition: str | None = None
) -> tuple[BaseClassifier, list[Prediction]]:
    """Epoch ``train`` with the preset, fit its recommended pipeline, predict ``test`` with the
    model's own (stored) settings."""
    preset = builtin_presets()[name]
    trials = epoch_recordings(train, preset_settings(preset, condition=condition))
    model = recommended_model(preset)
    assert model is not None
    model.fit_trials(trials)
    new, report = epoch_for_model(model, test, min_classes=2)
    assert report.follows_reference
    assert describe_epoching(model.training_info_["epoching"]).startswith(f"preset {name} v1:")
    return model, predict_trials(model, new)


def balanced_accuracy(predictions: list[Prediction]) -> float:
    return float(
        balanced_accuracy_score(
            [str(p.true) for p in predictions], [str(p.predicted) for p in predictions]
        )
    )


def muse_sessions() -> list[Path]:
    folder = shared_data("muse-visual-p300")
    return [folder / f"visual_P300_subject1_session{i}_raw.fif" for i in (1, 2, 3)]


@pytest.mark.realdata
def test_muse_p300_preset_on_the_muse_recordings() -> None:
    sessions = muse_sessions()
    model, predictions = train_and_predict("muse-p300", sessions[:2], sessions[2])
    assert model.model_type == "shrinkage_lda"
    assert sorted(model.classes_) == ["NonTarget", "Target"]
    assert {p.true for p in predictions} == {"NonTarget", "Target"}
    assert balanced_accuracy(predictions) > 0.6  # 0.69 on session 3 (reference 0.64)


@pytest.mark.realdata
@pytest.mark.slow
def test_p300_oddball_preset_on_the_muse_recordings() -> None:
    sessions = muse_sessions()
    model, predictions = train_and_predict("p300-oddball", sessions[:2], sessions[2])
    assert model.model_type == "xdawn_riemann"
    assert sorted(model.classes_) == ["NonTarget", "Target"]
    assert balanced_accuracy(predictions) > 0.6  # 0.71 on session 3


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("condition", "runs", "classes", "at_least"),
    [
        (None, (4, 8, 12), ["left_fist", "right_fist"], 0.0),  # 15 test trials: near chance
        ("fists-feet", (6, 10, 14), ["both_feet", "both_fists"], 0.7),  # 0.86
    ],
)
def test_motor_imagery_preset_on_physionet_runs(
    condition: str | None, runs: tuple[int, ...], classes: list[str], at_least: float
) -> None:
    folder = shared_data("physionet-mi-s001")
    files = [folder / f"S001R{run:02d}.edf" for run in runs]
    model, predictions = train_and_predict(
        "motor-imagery-eegmmidb", files[:2], files[2], condition=condition
    )
    assert model.model_type == "csp_lda"
    assert sorted(model.classes_) == classes
    assert {str(p.true) for p in predictions} == set(classes)
    assert len(predictions) >= 10
    assert balanced_accuracy(predictions) >= at_least


# ----------------------------------------------------------------------------- inner speech
SFREQ = 1024
WORDS = {31: "arriba", 32: "abajo", 33: "derecha", 34: "izquierda"}


def write_nieto_bdf(path: Path, n_per_class: int, seed: int) -> Path:
    """A BioSemi BDF in the layout of Nieto et al. (2022): A1-D32 + EXG1-8 + Status at 1024 Hz.

    ``n_per_class`` inner-speech trials per word (condition marker 22) and one pronounced trial
    per word (marker 21), shuffled. Each 3.5 s trial: its condition marker, the trial start
    (42), 0.5 s later the class tag (31-34, the cue), 44 at the action interval, 46 at rest.
    During 1-3 s after the tag, class k adds 12 Hz rhythms (15 uV, a random phase per channel)
    to its own 16 channels of bank A-D.
    """
    rng = np.random.default_rng(seed)
    trials = [(22, code) for code in WORDS for _ in range(n_per_class)]
    trials += [(21, code) for code in WORDS]
    order = rng.permutation(len(trials))
    trial, lead = int(3.5 * SFREQ), 2 * SFREQ
    n = lead + len(trials) * trial + 2 * SFREQ
    n -= n % SFREQ
    data = rng.normal(0.0, 10.0, (len(BIOSEMI_128) + len(EXTERNAL_8), n))
    events: dict[int, int] = {}
    t = np.arange(2 * SFREQ) / SFREQ
    for i, k in enumerate(order):
        marker, code = trials[k]
        start = lead + i * trial
        cue = start + SFREQ // 2
        events.update({start - 200: marker, start: 42, cue: code, cue + SFREQ // 2: 44})
        events[cue + 3 * SFREQ - 100] = 46
        bank = code - 31
        rows = slice(32 * bank, 32 * bank + 16)
        phases = rng.uniform(0, 2 * np.pi, (16, 1))  # one rhythm per channel
        data[rows, cue + SFREQ : cue + 3 * SFREQ] += 15.0 * np.sin(2 * np.pi * 12.0 * t + phases)
    return write_bdf(path, data, [*BIOSEMI_128, *EXTERNAL_8], SFREQ, events)


@pytest.mark.slow
def test_inner_speech_preset_on_a_synthetic_biosemi_bdf(tmp_path: Path) -> None:
    from bcigui.data.recordings import inspect_recording

    train = write_nieto_bdf(tmp_path / "sub-01_ses-01_eeg.bdf", n_per_class=10, seed=1)
    test = write_nieto_bdf(tmp_path / "sub-01_ses-02_eeg.bdf", n_per_class=5, seed=2)
    preset = builtin_presets()["inner-speech-nieto2022"]
    info = inspect_recording(train)
    assert len(info.ch_names) == preset.reader.n_channels and info.sfreq == preset.reader.sfreq
    assert preset.reader.stim_channel in info.ch_names
    model, predictions = train_and_predict(
        "inner-speech-nieto2022", [train], test, condition="inner"
    )
    assert model.training_info_["train_data"]["n_trials"] == 40  # inner speech only, not said
    assert len(predictions) == 20
    assert sorted(model.classes_) == sorted(WORDS.values())
    assert model.n_features_in_ == 128  # the EEG cap, not the external electrodes
    assert {str(p.true) for p in predictions} == set(WORDS.values())
    assert balanced_accuracy(predictions) > 0.5  # chance: 0.25
