"""The Inference tab with an EEG recording: a model trained on one Muse session predicts another."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import shared_data

pytestmark = pytest.mark.realdata

MUSE = "muse-visual-p300"


@pytest.fixture
def muse_model(isolated_store: Path) -> Path:
    """An SVM with its own signal stage (1-30 Hz, decimated by 8), fitted on Muse session 1."""
    from dataclasses import replace

    from bcigui.classifiers.config import InputAdapter
    from bcigui.classifiers.signal import SignalPreprocessing
    from bcigui.classifiers.svm import SVM
    from bcigui.data.epoching import EpochSettings, epoch_recordings

    session1 = shared_data(MUSE, "visual_P300_subject1_session1_raw.fif")
    settings = EpochSettings(event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8)
    # without its epoch settings, as models saved before they were stored: the dialog then
    # prefills from the channels, rate and trial length alone
    trials = replace(epoch_recordings([session1], settings), epoching=None)
    model = SVM(
        signal=SignalPreprocessing(l_freq=1.0, h_freq=30.0),
        input_adapter=InputAdapter(decimate=8),
    )
    model.fit_trials(trials)
    return model.save_to_store("muse", store_dir=isolated_store)


def _model_ready(qtbot, window, path: Path):
    tab = window.inference_tab
    window.use_for_inference(path)
    qtbot.waitUntil(lambda: tab.model_path == path and tab.model_combo.count() > 0, timeout=10_000)
    return tab


def test_a_recording_is_predicted_like_the_api(
    qtbot, window, muse_model: Path, tmp_path: Path
) -> None:
    from bcigui.data.epoching import epoch_recordings
    from bcigui.store.manager import ModelManager

    session2 = shared_data(MUSE, "visual_P300_subject1_session2_raw.fif")
    tab = _model_ready(qtbot, window, muse_model)
    assert not tab.run_button.isEnabled()
    dialog = tab.open_recording_dialog([session2])
    assert dialog.inference and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog._inspecting and dialog.model is not None, timeout=30_000)
    # prefilled from the manifest: the model's channels, and its trial length from tmin 0
    assert dialog.model.ch_names == ("TP9", "AF7", "AF8", "TP10")
    assert dialog.model.sfreq == 256.0 and dialog.model.n_times == 206
    assert dialog.panel.picks() == ["TP9", "AF7", "AF8", "TP10"]
    assert dialog.panel.tmax.value() == pytest.approx(0.8008)
    assert "TP9, AF7, AF8, TP10 at 256 Hz, 206 samples" in dialog.model_label.text()
    assert not dialog.panel.filter_on.isChecked()  # the model filters by itself
    dialog.panel.tmax.setValue(0.5)  # a window the model cannot take: said, with the fix
    qtbot.waitUntil(lambda: "trained on 206" in dialog.panel.error_label.text(), timeout=30_000)
    assert "fix: set tmax to 0.8008 s" in dialog.panel.error_label.text()
    assert not dialog.ok_button.isEnabled()
    dialog.panel.tmax.setValue(0.8008)
    for key, name in (("1", "NonTarget"), ("2", "Target")):
        dialog.panel.class_combo(key).setCurrentText(name)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled() and not dialog.busy(), timeout=30_000)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: tab.recording_dialog is None, timeout=5_000)
    assert tab.recording is not None and "966 trials" in tab.recording_label.text()

    with qtbot.waitSignal(tab.finished, timeout=30_000) as blocker:
        assert tab.run() is not None
    qtbot.waitUntil(lambda: tab.worker is None, timeout=5_000)
    result = blocker.args[0]
    assert not result.recording_problem and not result.problems
    assert len(result.predictions) == 966 == tab.results.table.rowCount()
    assert {p.file for p in result.predictions} == {str(session2)}
    assert tab.results.table.item(0, 0).text() == session2.name
    assert result.accuracy is not None and tab.results.confusion.isVisible()
    assert "Accuracy on 966 labelled trials" in tab.results.summary.text()

    # the API on the same recording, with the same settings, gives the same numbers
    trials = epoch_recordings([session2], tab.recording.settings)
    manager = ModelManager(muse_model.parent.parent)
    preds, proba = manager.load(muse_model).predict_trials(trials)
    manager.close()
    assert [p.predicted for p in result.predictions] == list(preds)
    np.testing.assert_allclose([p.proba for p in result.predictions], proba, rtol=1e-6)
    assert [p.trial for p in result.predictions] == [s.index for s in trials.sources]
    assert [p.true for p in result.predictions] == list(trials.y)

    out = tmp_path / "predictions.csv"
    tab.export_csv(out)
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert len(rows) == 966 and rows[0]["file"] == str(session2)
    assert [r["true"] for r in rows[:3]] == [str(v) for v in trials.y[:3]]

    # reopening starts from the last settings and recording
    again = tab.open_recording_dialog()
    assert again.table.paths == [session2]
    qtbot.waitUntil(lambda: not again._inspecting and again.model is not None, timeout=30_000)
    assert again.panel.event_classes() == {"1": "NonTarget", "2": "Target"}
    again.reject()


def test_a_recording_the_model_cannot_take_is_refused_with_the_fix(
    qtbot, window, muse_model: Path
) -> None:
    edf = shared_data("physionet-mi-s001", "S001R04.edf")
    tab = _model_ready(qtbot, window, muse_model)
    dialog = tab.open_recording_dialog([edf])
    qtbot.waitUntil(lambda: not dialog._inspecting and dialog.model is not None, timeout=30_000)
    status = dialog.table.status(edf)
    assert str(edf) in status
    assert "lacks channel(s) ['TP9', 'TP10'] the model was trained on" in status
    assert "sampled at 160 Hz but the model was trained at 256 Hz" in status
    assert "fix: resample the recording to 256 Hz" in status
    assert not dialog.ok_button.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: tab.recording_dialog is None, timeout=5_000)
    assert tab.recording is None and not tab.run_button.isEnabled()
