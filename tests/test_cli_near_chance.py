"""``train`` on the command line: a near-chance model is saved with a warning, or discarded."""

from __future__ import annotations

from pathlib import Path

import pytest

from bcigui.cli import main
from tests.chance_data import write_noise_trials


def _train(capsys: pytest.CaptureFixture[str], tmp_path: Path, *extra: str):
    x, y = write_noise_trials(tmp_path / "data", "train", 60, 0)
    test_x, test_y = write_noise_trials(tmp_path / "data", "test", 40, 1)
    argv = ["train", "--model", "SVM", "--x", x, "--y", y, "--test-x", test_x, "--test-y", test_y,
            "--set", "class_weight=null", "--label", "noise", "--store", tmp_path / "models",
            *extra]  # fmt: skip
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err, sorted((tmp_path / "models").rglob("*.bcimodel"))


def test_near_chance_is_saved_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err, saved = _train(capsys, tmp_path)
    assert code == 0, err
    assert "WARNING: Near chance" in err and "Class imbalance (NonTarget 80 %" in err
    assert "NEAR CHANCE" in out and "(near chance)" in out
    assert len(saved) == 1


def test_discard_chance_saves_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err, saved = _train(capsys, tmp_path, "--discard-chance")
    assert code == 0, err
    assert "not saved: the result is near chance" in out
    assert saved == []


def test_predict_reports_balanced_accuracy_and_chance(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err, [model] = _train(capsys, tmp_path)
    assert code == 0, err
    x, y = write_noise_trials(tmp_path / "data", "query", 40, 5)
    code = main(["predict", "--model", str(model), "--x", str(x), "--y", str(y)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert (
        "Accuracy 80.0 % (chance 80.0 %), balanced accuracy 50.0 % (chance 50.0 %) "
        "on 40 labelled trials" in out
    )
    assert "WARNING: Near chance" in err
