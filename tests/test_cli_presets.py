"""``python -m bcigui train|predict --preset NAME``: the preset's settings and pipeline, flags
given explicitly override them, and the model records the preset (modified or not)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bcigui.classifiers.loading import load_model
from bcigui.cli import main
from tests.app.test_model_epoching import write_p300_fif


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def saved_path(out: str) -> Path:
    match = re.search(r"^saved to (\S+)", out, re.MULTILINE)
    assert match, out
    return Path(match.group(1))


def test_train_with_preset_and_an_override_then_predict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    train = write_p300_fif(tmp_path / "train_raw.fif", seed=1)
    new = write_p300_fif(tmp_path / "new_raw.fif", seed=2)
    code, out, err = run(
        capsys, "train", "--preset", "p300-oddball", "--recording", train,
        "--h-freq", "15", "--label", "oddball",
    )  # fmt: skip
    assert code == 0, err
    assert "model from preset p300-oddball v1: xDAWN + Riemann" in out
    model = load_model(saved_path(out))
    assert model.model_type == "xdawn_riemann"
    epoching = model.training_info_["epoching"]
    assert epoching["preset"] == {"name": "p300-oddball", "version": 1, "modified": True}
    assert (epoching["l_freq"], epoching["h_freq"], epoching["tmax"]) == (1.0, 15.0, 0.8)

    code, out, err = run(capsys, "predict", "--label", "oddball", "--recording", new)
    assert code == 0, err
    assert "epoch settings from the model: preset p300-oddball v1 (modified): 1-15 Hz" in out
    assert "accuracy against the mapped events" in out
    # --preset at prediction: the preset's own settings replace the model's, and it says so
    code, out, err = run(
        capsys, "predict", "--label", "oddball", "--recording", new, "--preset", "p300-oddball"
    )
    assert code == 0, err
    assert "band-pass 1-15 Hz (model) vs 1-20 Hz (here)" in out


def test_explicit_model_and_settings_win_over_the_preset(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    train = write_p300_fif(tmp_path / "train_raw.fif", seed=3)
    code, out, err = run(
        capsys, "train", "--preset", "muse-p300", "--model", "SVM", "--recording", train,
        "--reject-uv", "500", "--tmax", "0.5", "--label", "muse-svm",
    )  # fmt: skip
    assert code == 0, err
    assert "WARNING: preset muse-p300: train_raw.fif: 128 Hz, the preset expects 256 Hz" in err
    model = load_model(saved_path(out))
    assert model.model_type == "svm"
    epoching = model.training_info_["epoching"]
    assert (epoching["tmax"], epoching["reject_uv"], epoching["h_freq"]) == (0.5, 500.0, 30.0)
    assert epoching["picks"] == ["TP9", "AF7", "AF8", "TP10"]
    assert epoching["preset"]["modified"] is True


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--preset", "nope"], "no preset named 'nope'; presets: inner-speech-nieto2022"),
        (["--preset", "muse-p300", "--condition", "inner"], "no condition 'inner'"),
        (["--model", "SVM", "--condition", "inner"], "--condition needs --preset"),
        ([], "give --model"),
    ],
)
def test_preset_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, "train", "--recording", tmp_path / "x_raw.fif", *argv)
    assert code == 2
    assert message in err


def test_user_preset_from_presets_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from bcigui.data.presets import ParadigmPreset, PresetPipeline, save_user_preset

    folder = tmp_path / "presets"
    save_user_preset(
        ParadigmPreset(
            name="lab-oddball", title="Lab", event_map={"1": "rare", "2": "frequent"},
            classes=["frequent", "rare"], tmin=0.0, tmax=0.6, l_freq=1.0, h_freq=20.0,
            pipeline=PresetPipeline(model="ShrinkageLDA", config={"target_sfreq": 32.0}),
        ),
        folder,
    )  # fmt: skip
    train = write_p300_fif(tmp_path / "train_raw.fif", seed=4)
    code, out, err = run(
        capsys, "train", "--preset", "lab-oddball", "--presets-dir", folder,
        "--recording", train, "--label", "lab",
    )  # fmt: skip
    assert code == 0, err
    model = load_model(saved_path(out))
    assert model.model_type == "shrinkage_lda" and sorted(model.classes_) == ["frequent", "rare"]
    assert model.training_info_["epoching"]["preset"]["modified"] is False
