"""Paradigm presets in the window: the recording dialog's Preset row fills the editors, marks
later edits "(modified)", saves/imports/exports user presets; the Training tab offers the
preset's recommended pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app.test_model_epoching import write_p300_fif


@pytest.fixture
def own_settings(settings, data_dir: Path):
    """AppSettings whose data folder (and so presets folder) belongs to this test."""
    from bcigui.gui.settings import AppSettings

    wrapped = AppSettings(settings)
    wrapped.data_dir = data_dir
    return wrapped


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 s at 128 Hz on the Muse channels TP9, AF7, AF8, TP10; events 1 and 2 on STI."""
    return write_p300_fif(tmp_path_factory.mktemp("rec") / "oddball_raw.fif", seed=5)


def open_dialog(qtbot, pool, app_settings, paths):
    from bcigui.gui.recording import RecordingDialog

    dialog = RecordingDialog(pool, app_settings, [Path(p) for p in paths], purpose="train")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog._inspecting and dialog._model_worker is None, timeout=30_000)
    return dialog


def choose(row, name: str, condition: str | None = None) -> None:
    """Pick a preset entry as a user does (``activated``)."""
    from bcigui.gui.recording.preset_row import entry_key

    index = row.combo.findData(entry_key((name, condition)))
    assert index > 0, name
    row.combo.setCurrentIndex(index)
    row.combo.activated.emit(index)


def test_preset_fills_the_editors_and_edits_mark_it_modified(
    qtbot, pool, own_settings, recording: Path
) -> None:
    dialog = open_dialog(qtbot, pool, own_settings, [recording])
    panel, row = dialog.panel, dialog.panel.preset_row
    assert row.combo.currentText() == "No preset"
    assert panel.event_classes() == {"1": "", "2": ""}
    choose(row, "muse-p300")
    assert row.note.isVisible()  # the test recording is at 128 Hz
    assert row.note.text() == (
        "These recordings differ from the preset: oddball_raw.fif: 128 Hz, the preset expects "
        "256 Hz"
    )
    assert panel.event_classes() == {"1": "NonTarget", "2": "Target"}
    assert (panel.tmin.value(), panel.tmax.value()) == (0.0, 0.8)
    assert panel.filter_on.isChecked() and (panel.l_freq.value(), panel.h_freq.value()) == (1, 30)
    assert panel.reject_on.isChecked() and panel.reject_uv.value() == 100
    assert panel.picks() == ["TP9", "AF7", "AF8", "TP10"]
    assert row.modified_label.isHidden()
    settings = dialog.current_settings()
    assert settings.preset is not None and settings.preset.text() == "muse-p300 v1"

    panel.h_freq.setValue(20.0)
    assert row.modified_label.isVisible() and row.modified_label.text() == "(modified)"
    assert dialog.current_settings().preset.text() == "muse-p300 v1 (modified)"
    panel.h_freq.setValue(30.0)  # back to the preset's value
    assert row.modified_label.isHidden()

    # a notch and a condition have no editor: they are shown, and kept with the settings
    choose(row, "inner-speech-nieto2022", "inner")
    assert panel.notch_label.isVisible() and panel.notch_label.text() == "+ notch 50 Hz"
    assert panel.condition_label.text() == "Only the trials after condition marker 22."
    assert panel.condition_label.isVisible()
    assert panel.event_classes() == {"1": "", "2": ""}  # its codes 31-34 are not in this file
    choose(row, "p300-oddball")
    assert row.note.isHidden()
    assert panel.h_freq.value() == 20 and panel.notch_label.isHidden()
    assert panel.condition_label.isHidden()
    # choosing "No preset" forgets the record
    row.combo.setCurrentIndex(0)
    row.combo.activated.emit(0)
    assert dialog.current_settings().preset is None

    choose(row, "p300-oddball")
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog.busy(), timeout=30_000)
    with qtbot.waitSignal(dialog.accepted_choice) as signal:
        dialog.ok_button.click()
    assert signal.args[0].settings.preset.text() == "p300-oddball v1"
    assert signal.args[0].trials.epoching["preset"]["name"] == "p300-oddball"


def test_save_import_and_export_user_presets(
    qtbot, pool, own_settings, recording: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from bcigui.data.presets import read_preset

    warnings: list[str] = []
    answers: list[QMessageBox.StandardButton] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: answers.pop(0))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("lab-muse", True))
    dialog = open_dialog(qtbot, pool, own_settings, [recording])
    panel, row = dialog.panel, dialog.panel.preset_row
    choose(row, "muse-p300")
    panel.tmax.setValue(0.6)
    saved = row.save_current()
    folder = Path(own_settings.data_dir) / "presets"
    assert saved == folder / "lab-muse.json"
    mine = read_preset(saved)
    assert mine.tmax == 0.6 and mine.event_map == {"1": "NonTarget", "2": "Target"}
    assert mine.pipeline is not None and mine.pipeline.model == "ShrinkageLDA"
    assert row.combo.currentData() == "lab-muse" and row.modified_label.isHidden()

    exported = row.export_current(tmp_path / "share.json")
    assert exported is not None and read_preset(exported) == mine

    # importing a name that exists asks; "No" keeps the user's file as it was
    changed = json.loads(exported.read_text(encoding="utf-8"))
    changed["tmax"] = 0.7
    exported.write_text(json.dumps(changed), encoding="utf-8")
    answers.append(QMessageBox.StandardButton.No)
    assert row.import_file(exported) is None
    assert read_preset(saved).tmax == 0.6
    answers.append(QMessageBox.StandardButton.Yes)
    assert row.import_file(exported) is not None
    assert read_preset(saved).tmax == 0.7

    broken = tmp_path / "broken.json"
    changed["tmin"] = "soon"
    broken.write_text(json.dumps(changed), encoding="utf-8")
    assert row.import_file(broken) is None
    assert "broken.json: invalid preset, field 'tmin'" in warnings[-1]


def test_training_tab_offers_the_recommended_pipeline(
    qtbot, window, recording: Path
) -> None:
    from bcigui.app.recording_choice import RecordingChoice
    from bcigui.data.epoching import epoch_recordings
    from bcigui.data.presets import builtin_presets

    tab = window.training_tab
    model_panel = tab.model_panel
    assert model_panel.recommendation_bar.isHidden()
    settings = builtin_presets()["p300-oddball"].epoch_settings()
    trials = epoch_recordings(recording, settings)
    choice = RecordingChoice(paths=(recording,), settings=settings, trials=trials, summary="t")
    tab.data_panel.set_recording("train", choice)
    assert model_panel.recommendation_bar.isVisible()
    assert "Preset P300 oddball / speller recommends xDAWN + Riemann" in (
        model_panel.recommendation.text()
    )
    assert model_panel.current_type() != "xdawn_riemann"  # nothing changes before the click
    model_panel.use_recommended.click()
    assert model_panel.current_type() == "xdawn_riemann"
    assert model_panel.recommendation_bar.isHidden()
    tab.data_panel.set_recording("train", None)
    assert model_panel.recommendation_bar.isHidden()
