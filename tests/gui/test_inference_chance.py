"""The Inference tab: balanced accuracy and chance beside accuracy, the near-chance flag, stale
results cleared when the inputs change, and models that do not fit the files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt

from bcigui.app.fitting import train_and_save
from bcigui.classifiers.config import InputAdapter
from bcigui.classifiers.svm import SVM
from tests.chance_data import noise_trialset, write_noise_trials
from tests.gui.conftest import inference_ready, run_inference


def _noise_model(store: Path) -> Path:
    model = SVM(class_weight=None, input_adapter=InputAdapter(decimate=4))
    result = train_and_save(
        model, noise_trialset(60, 0), noise_trialset(40, 1), label="noise", store_dir=store
    )
    assert result.saved_path is not None
    return result.saved_path


def test_summary_shows_balanced_accuracy_and_chance_and_flags_a_near_chance_result(
    qtbot, window, isolated_store: Path, tmp_path: Path
) -> None:
    path = _noise_model(isolated_store)
    tab = inference_ready(qtbot, window, path)
    tab.add_files(list(write_noise_trials(tmp_path / "query", "q", 40, 7)))
    result = run_inference(qtbot, tab)
    assert result.scores is not None and result.scores.near_chance is not None
    summary = tab.results.summary.text()
    assert (
        "Accuracy on 40 labelled trials: 80.0 % (chance 80.0 %), "
        "balanced accuracy 50.0 % (chance 50.0 %)." in summary
    )
    banner = tab.results.banner
    assert banner.isVisible()
    assert "every trial was predicted as 'NonTarget'" in banner.text()
    assert "Class imbalance (NonTarget 80 %, Target 20 %)" in banner.text()
    assert "Near chance" in tab.status_label.text()


def test_a_good_model_has_no_flag(qtbot, stocked_store, window, p300_files, tmp_path: Path) -> None:
    tab = inference_ready(qtbot, window, stocked_store[1])
    tab.add_files(p300_files["xTest"] + p300_files["yTest"])
    result = run_inference(qtbot, tab)
    scores = result.scores
    assert scores is not None and scores.near_chance is None
    assert scores.balanced_accuracy > 0.7
    assert f"(chance {scores.chance_accuracy * 100:.1f} %)" in tab.results.summary.text()
    assert not tab.results.banner.isVisible()


def test_results_are_cleared_when_the_model_or_files_change(
    qtbot, stocked_store, window, p300_files
) -> None:
    tab = inference_ready(qtbot, window, stocked_store[1])
    tab.add_files(p300_files["xTest"][:6] + p300_files["yTest"][:6])
    run_inference(qtbot, tab)
    assert tab.results.table.rowCount() == 6 and tab.export_button.isEnabled()
    # another file: the old predictions no longer answer the question
    tab.add_files(p300_files["xTest"][6:8] + p300_files["yTest"][6:8])
    assert tab.result is None and tab.results.result is None
    assert tab.results.table.rowCount() == 0
    assert not tab.export_button.isEnabled()
    assert "trial files changed" in tab.results.summary.text()
    assert not tab.results.confusion.isVisible()
    # run again, then pick another model
    run_inference(qtbot, tab)
    assert tab.results.table.rowCount() == 8 and tab.export_button.isEnabled()
    other = tab.model_combo.findData(str(stocked_store[0]))
    tab.model_combo.setCurrentIndex(other)
    assert tab.model_path == stocked_store[0]
    assert tab.result is None and tab.results.table.rowCount() == 0
    assert not tab.export_button.isEnabled()
    assert "model changed" in tab.status_label.text()


def test_a_model_that_does_not_fit_the_files_is_marked_and_explained(
    qtbot, stocked_store, window, tmp_path: Path
) -> None:
    tab = inference_ready(qtbot, window, stocked_store[1])
    wide = tmp_path / "wide_x.npy"
    np.save(wide, np.zeros((5, 116, 11), dtype=np.float32))
    tab.add_files([wide], role="x")
    index = tab.model_combo.findData(str(stocked_store[1]))
    assert tab.model_combo.itemText(index).startswith("⚠")
    tooltip = tab.model_combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
    assert "expects trials of 116 time steps x 8 features" in tooltip
    assert "the files hold trials of 116 time steps x 11 features" in tooltip
    assert "does not fit the files" in tab.status_label.text()
    # running anyway fails with a message about the data, never "a bug"
    tab.run()
    qtbot.waitUntil(lambda: tab.worker is None, timeout=30_000)
    text = tab.status_label.text()
    assert "Inference failed" in text and "expects 8 features (channels) per time step" in text
    assert "116 time steps x 8 features" in text
    assert window.dialogs == []


def test_a_result_for_inputs_changed_during_the_run_is_not_shown(
    qtbot, stocked_store, window, p300_files
) -> None:
    tab = inference_ready(qtbot, window, stocked_store[1])
    tab.add_files(p300_files["xTest"][:4], role="x")
    qtbot.waitUntil(lambda: tab.run_button.isEnabled(), timeout=5_000)
    with qtbot.waitSignal(tab.finished, timeout=30_000):
        assert tab.run() is not None
        tab.add_files(p300_files["xTest"][4:6], role="x")  # before the result arrives
    qtbot.waitUntil(lambda: tab.worker is None, timeout=5_000)
    assert tab.result is None and tab.results.table.rowCount() == 0
    assert not tab.export_button.isEnabled()
    assert "inputs changed while inference ran" in tab.status_label.text()
