"""The CLI and the window call the same core functions, so they give the same results.

Two bugs of the past: ``bcigui train`` held out other trials (and one more) than the Training
tab's "split test from train", and ``bcigui predict --csv`` wrote another CSV than the
Inference tab's export. Here the real CLI entry function, the Training tab's data-check job and
the Inference tab's job run on the same files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bcigui.app.data_check import DataRequest, check_data
from bcigui.app.fitting import train_and_save
from bcigui.app.inference import InferenceRequest, inference_job
from bcigui.app.predictions_csv import write_predictions_csv
from bcigui.classifiers.config import InputAdapter
from bcigui.classifiers.loading import load_model
from bcigui.classifiers.progress import CancelToken, no_progress
from bcigui.classifiers.svm import SVM
from bcigui.cli import main
from bcigui.data.npy_io import load_seed_files
from bcigui.store.manager import ModelManager


def _one_trial_files(folder: Path, n_target: int, n_other: int) -> tuple[list[Path], list[Path]]:
    """Seed files of one trial each, ``(30 samples, 4 features)``, with scalar labels."""
    rng = np.random.default_rng(5)
    labels = ["Target"] * n_target + ["NonTarget"] * n_other
    rng.shuffle(labels)
    xs, ys = [], []
    for i, label in enumerate(labels):
        x, y = folder / f"t{i:03d}_x.npy", folder / f"t{i:03d}_y.npy"
        np.save(x, rng.standard_normal((30, 4)).astype(np.float32) + (label == "Target"))
        np.save(y, np.array(label))
        xs.append(x)
        ys.append(y)
    return xs, ys


def test_cli_train_holds_out_the_trials_the_training_tab_holds_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xs, ys = _one_trial_files(tmp_path, 30, 152)  # 182 trials: the CLI used to hold out 37
    store = tmp_path / "models"
    argv = ["train", "--model", "svm", "--x", *xs, "--y", *ys, "--test-fraction", "0.2",
            "--label", "split", "--store", store]  # fmt: skip
    assert main([str(a) for a in argv]) == 0, capsys.readouterr().err
    saved = load_model(next(store.glob("split/*.bcimodel")))
    cli_test = {f["path"] for f in saved.training_info_["test_data"]["files"]}
    cli_train = {f["path"] for f in saved.training_info_["train_data"]["files"]}

    request = DataRequest(train_rows=list(zip(xs, ys, strict=True)), test_rows=[], split=True,
                          split_percent=20)  # fmt: skip
    check = check_data(request)(no_progress, CancelToken())
    assert check.ok, check.problems
    window_test = {str(Path(f).resolve()) for f in check.test.files()}
    window_train = {str(Path(f).resolve()) for f in check.train.files()}

    assert len(cli_test) == len(window_test) == 36
    assert cli_test == window_test and cli_train == window_train
    assert check.test_summary.class_counts == {"NonTarget": 30, "Target": 6}


@pytest.fixture(scope="module")
def stored_model(p300_files: dict[str, list[Path]], tmp_path_factory) -> Path:
    """An SVM trained on the synthetic P300 files and saved to a fresh store as ``demo``."""
    store = tmp_path_factory.mktemp("store")
    train = load_seed_files(p300_files["xTrain"], p300_files["yTrain"], role="train")
    test = load_seed_files(p300_files["xTest"], p300_files["yTest"], role="test")
    model = SVM(input_adapter=InputAdapter(decimate=4))
    result = train_and_save(model, train, test, label="demo", store_dir=store)
    assert result.saved_path is not None and result.model_name == "svm/demo"
    return result.saved_path


@pytest.mark.parametrize("labelled", [True, False])
def test_cli_predict_csv_and_the_inference_export_are_byte_identical(
    stored_model: Path, p300_files, tmp_path: Path, capsys, labelled: bool
) -> None:
    xs = p300_files["xTest"][:15]
    ys = p300_files["yTest"][:15] if labelled else None
    cli_csv = tmp_path / "cli.csv"
    argv = ["predict", "--model", stored_model, "--x", *xs, *(["--y", *ys] if ys else []),
            "--csv", cli_csv]  # fmt: skip
    assert main([str(a) for a in argv]) == 0, capsys.readouterr().err

    manager = ModelManager(stored_model.parent.parent)
    try:
        rows = list(zip(xs, ys or [None] * len(xs), strict=True))
        result = inference_job(InferenceRequest(stored_model, rows, manager))(
            no_progress, CancelToken()
        )
    finally:
        manager.close()
    window_csv = tmp_path / "window.csv"
    write_predictions_csv(window_csv, result.predictions, result.classes, result.model)

    assert cli_csv.read_bytes() == window_csv.read_bytes()
    lines = cli_csv.read_text(encoding="utf-8").splitlines()
    record_uuid = load_model(stored_model).training_info_["uuid"]
    assert lines[:3] == [
        "# model: svm/demo",
        f"# uuid: {record_uuid}",
        f"# path: {stored_model.resolve()}",
    ]
    header = "file,trial,predicted,p_NonTarget,p_Target" + (",true" if labelled else "")
    assert lines[3] == header and len(lines) == 4 + len(xs)
    first = lines[4].split(",")
    assert first[0] == str(xs[0]) and first[1] == "0"
    assert all(len(v.split(".")[1]) == 6 for v in first[3:5])  # fixed 6-decimal floats
    assert len(record_uuid) >= 32
