"""``python -m bcigui train|predict`` on .npy files and real recordings; errors exit 2."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from bcigui.__main__ import main as entry_main
from bcigui.cli import main
from bcigui.cli.decoding import parse_assignments
from tests.conftest import shared_data


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def read_predictions(path: Path) -> list[dict[str, str]]:
    """The rows of a predictions CSV (its ``#`` lines name the model)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def test_parse_assignments_nested_and_json() -> None:
    got = parse_assignments(
        ["C=0.5", "kernel=linear", "signal.h_freq=30", "signal.notch=50", "class_weight=null"],
        "--set",
    )
    assert got == {
        "C": 0.5,
        "kernel": "linear",
        "signal": {"h_freq": 30, "notch": 50},
        "class_weight": None,
    }


def test_train_and_predict_seed_npy(
    capsys: pytest.CaptureFixture[str], p300_files: dict[str, list[Path]], tmp_path: Path
) -> None:
    store = tmp_path / "models"
    code, out, err = run(
        capsys,
        "train",
        "--model",
        "SVM",
        "--x",
        *p300_files["xTrain"],
        "--y",
        *p300_files["yTrain"],
        "--test-x",
        *p300_files["xTest"],
        "--test-y",
        *p300_files["yTest"],
        "--set",
        "input_adapter.decimate=4",
        "--label",
        "demo",
        "--store",
        store,
        "--json",
    )
    assert code == 0, err
    assert "SVM: accuracy" in out and '"metrics"' in out
    saved = list(store.glob("demo/svm_*.bcimodel"))
    assert len(saved) == 1
    out_csv = tmp_path / "pred.csv"
    code, out, err = run(
        capsys,
        "predict",
        "--model",
        saved[0],
        "--x",
        *p300_files["xTest"],
        "--y",
        *p300_files["yTest"],
        "--csv",
        out_csv,
    )
    assert code == 0, err
    rows = read_predictions(out_csv)
    assert len(rows) == len(p300_files["xTest"])
    assert {"predicted", "p_NonTarget", "p_Target"} <= set(rows[0])
    total = float(rows[0]["p_NonTarget"]) + float(rows[0]["p_Target"])
    assert total == pytest.approx(1.0, abs=1e-3)
    assert "accuracy against the mapped events" in out


@pytest.mark.realdata
def test_recordings_train_then_predict_by_label_matches_the_api(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from bcigui.classifiers.loading import load_model
    from bcigui.data.epoching import EpochSettings, epoch_recordings

    folder = shared_data("muse-visual-p300")
    s1 = folder / "visual_P300_subject1_session1_raw.fif"
    s2 = folder / "visual_P300_subject1_session2_raw.fif"
    store = tmp_path / "models"
    code, out, err = run(
        capsys,
        "train",
        "--model",
        "svm",
        "--recording",
        s1,
        "--map",
        "1=NonTarget",
        "2=Target",
        "--tmin",
        "0",
        "--tmax",
        "0.8",
        "--l-freq",
        "1",
        "--h-freq",
        "30",
        "--reject-uv",
        "100",
        "--test-fraction",
        "0.25",
        "--set",
        "kernel=linear",
        "--set",
        "C=0.01",
        "--set",
        "signal.resample_sfreq=32",
        "--label",
        "p300",
        "--store",
        store,
    )
    assert code == 0, err
    assert "ROC-AUC" in out and "saved to" in out
    out_csv = tmp_path / "s2.csv"
    code, out, err = run(
        capsys,
        "predict",
        "--label",
        "p300",
        "--type",
        "SVM",
        "--store",
        store,
        "--recording",
        s2,
        "--csv",
        out_csv,
    )
    assert code == 0, err
    assert "epoch settings from the model" in out
    rows = read_predictions(out_csv)
    # the same model through the Python API gives the same predictions
    model = load_model(next(store.glob("p300/*.bcimodel")))
    settings = EpochSettings.model_validate(model.training_info_["epoching"])
    assert settings.l_freq == 1.0 and settings.reject_uv == 100.0
    trials = epoch_recordings(s2, settings, min_classes=1)
    preds, proba = model.predict_trials(trials)
    assert [r["predicted"] for r in rows] == [str(p) for p in preds]
    np.testing.assert_allclose([float(r["p_Target"]) for r in rows], proba[:, 1], atol=1e-4)
    assert {r["file"] for r in rows} == {str(s2)}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--model", "nope", "--x", "a.npy", "--y", "b.npy"], "unknown model type 'nope'"),
        (["train", "--model", "svm", "--x", "missing.npy", "--y", "b.npy"], "missing.npy"),
        (["train", "--model", "svm", "--set", "C=-1", "--x", "a", "--y", "b"], "C: Input should"),
        (["train", "--model", "svm", "--set", "bogus", "--x", "a", "--y", "b"], "key=value"),
        (["train", "--model", "svm", "--recording", "r.edf"], "--map is required"),
        (
            ["train", "--model", "svm", "--recording", "r.xyz", "--map", "1=a", "2=b"],
            "unknown recording format .xyz",
        ),
        (["predict", "--x", "a.npy"], "either --model PATH or --label"),
        (["predict", "--model", "gone.bcimodel", "--x", "a.npy"], "gone.bcimodel"),
    ],
)
def test_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert message in err


def test_entry_point_dispatches_train_and_predict(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry_main(["train", "--model", "nope", "--x", "a", "--y", "b"]) == 2
    assert "unknown model type" in capsys.readouterr().err
    assert entry_main(["predict", "--x", "a.npy"]) == 2


@pytest.mark.realdata
def test_cross_validation_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("bcigui.classifiers.cross_validation")
    folder = shared_data("muse-visual-p300")
    sessions = [folder / f"visual_P300_subject1_session{i}_raw.fif" for i in (1, 2)]
    code, out, err = run(
        capsys,
        "train",
        "--model",
        "svm",
        "--recording",
        *sessions,
        "--map",
        "1=NonTarget",
        "2=Target",
        "--tmax",
        "0.6",
        "--set",
        "probability=false",
        "--set",
        "signal.resample_sfreq=32",
        "--cv",
        "grouped",
        "--label",
        "cv",
        "--store",
        tmp_path / "models",
    )
    assert code == 0, err
    assert "cross-validation (grouped)" in out
    from bcigui.classifiers.loading import load_model

    saved = load_model(next((tmp_path / "models").glob("cv/*.bcimodel")))
    cv = saved.training_info_["cross_validation"]
    assert cv["scheme"] == "grouped" and len(cv["folds"]) == 2
    code, _, err = run(
        capsys,
        "train",
        "--model",
        "svm",
        "--recording",
        *sessions,
        "--map",
        "1=a",
        "2=b",
        "--cv",
        "one",
    )
    assert code == 2 and "--cv takes" in err
