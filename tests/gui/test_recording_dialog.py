"""The "Open EEG recording…" dialog on real recordings: inspect, map, preview, accept."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_data

MUSE = "muse-visual-p300"
SESSION1 = "visual_P300_subject1_session1_raw.fif"


def open_dialog(qtbot, pool, app_settings, paths, **kwargs):
    from bcigui.gui.recording import RecordingDialog

    dialog = RecordingDialog(pool, app_settings, [Path(p) for p in paths], **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog._inspecting and dialog._model_worker is None, timeout=30_000)
    return dialog


def wait_preview(qtbot, dialog, timeout: int = 30_000) -> None:
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog.busy(), timeout=timeout)


def set_classes(dialog, mapping: dict[str, str]) -> None:
    for key, name in mapping.items():
        combo = dialog.panel.class_combo(key)
        assert combo is not None, key
        combo.setCurrentText(name)


@pytest.mark.realdata
def test_muse_recording_is_inspected_mapped_previewed_and_accepted(
    qtbot, pool, app_settings
) -> None:
    path = shared_data(MUSE, SESSION1)
    dialog = open_dialog(qtbot, pool, app_settings, [path], purpose="train")
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[:6] == [SESSION1, "fif", "5", "256 Hz", "720.3 s", "1 (976), 2 (185)"]
    assert row[6] == "ok"
    # no names in the file: nothing is guessed, and nothing mapped is an inline error
    assert dialog.panel.event_classes() == {"1": "", "2": ""}
    assert "map at least one event" in dialog.panel.error_label.text()
    assert dialog.panel.picks() == ["TP9", "AF7", "AF8", "TP10"]  # never the STI channel
    assert not dialog.ok_button.isEnabled()

    set_classes(dialog, {"1": "NonTarget"})  # one class is not enough to train
    assert "at least two classes" in dialog.panel.error_label.text()
    set_classes(dialog, {"2": "Target"})
    dialog.panel.tmin.setValue(-0.1)
    dialog.panel.baseline_on.setChecked(True)
    wait_preview(qtbot, dialog)
    assert dialog.erp.curve_count() == 2
    assert dialog.preview.counts == {"NonTarget": 975, "Target": 185}
    assert "1160 trials of 232 samples" in dialog.erp.summary.text()
    assert "dropped 1" in dialog.erp.summary.text()
    assert dialog.ok_button.isEnabled()
    assert dialog.erp.channel.itemText(0) == "mean of channels"
    dialog.erp.channel.setCurrentText("AF7")
    af7 = dialog.preview.erp["Target"][1]
    curve = dialog.erp.curves["Target"]
    assert curve.yData == pytest.approx(af7)
    assert curve.xData[0] == pytest.approx(-0.1)

    # a setting that does not validate names its field, and OK waits for a new preview
    dialog.panel.tmax.setValue(-0.5)
    assert "tmax" in dialog.panel.error_label.text()
    assert not dialog.ok_button.isEnabled()
    dialog.panel.tmax.setValue(0.8)
    wait_preview(qtbot, dialog)

    with qtbot.waitSignal(dialog.accepted_choice) as signal:
        dialog.ok_button.click()
    choice = signal.args[0]
    assert choice is dialog.choice
    assert choice.paths == (path,)
    assert choice.settings.event_map == {"1": "NonTarget", "2": "Target"}
    assert choice.settings.baseline == (-0.1, 0.0)
    assert choice.trials.n_trials == 1160 and choice.trials.sfreq == 256.0
    assert {s.file for s in choice.trials.sources} == {str(path)}
    assert not dialog.isVisible()


@pytest.mark.realdata
def test_physionet_edf_annotations_and_epochs_file_names(qtbot, pool, app_settings) -> None:
    edf = shared_data("physionet-mi-s001", "S001R04.edf")
    dialog = open_dialog(qtbot, pool, app_settings, [edf], purpose="train")
    assert dialog.table.item(0, 2).text() == "64"
    assert dialog.table.item(0, 3).text() == "160 Hz"
    assert dialog.table.item(0, 5).text() == "T0 (15), T1 (8), T2 (7)"
    assert len(dialog.panel.picks()) == 64
    set_classes(dialog, {"T1": "left", "T2": "right"})
    dialog.panel.apply_window(0.5, 2.5)
    dialog.panel.filter_on.setChecked(True)
    dialog.panel.l_freq.setValue(7.0)
    wait_preview(qtbot, dialog)
    assert set(dialog.preview.erp) == {"left", "right"}
    assert dialog.preview.trials.X.shape == (15, 64, 321)
    assert dialog.erp.curve_count() == 2
    dialog.reject()

    epo = shared_data(MUSE, "visual_P300_subject1-epo.fif")
    dialog = open_dialog(qtbot, pool, app_settings, [epo], purpose="train")
    # the epochs file names its events: those names are the classes
    assert dialog.panel.event_classes() == {"NonTarget": "NonTarget", "Target": "Target"}
    wait_preview(qtbot, dialog)
    assert dialog.preview.counts == {"NonTarget": 2565, "Target": 479}
    dialog.reject()


@pytest.mark.realdata
def test_bad_files_and_unknown_event_keys_are_inline_problems(
    qtbot, pool, app_settings, tmp_path: Path
) -> None:
    from bcigui.data.epoching import EpochSettings

    fake = tmp_path / "notes.edf"
    fake.write_text("this is not EEG\n" * 20)
    odd = tmp_path / "data.txt"
    odd.write_text("1 2 3")
    muse = shared_data(MUSE, SESSION1)
    initial = EpochSettings(event_map={"1": "NonTarget", "2": "Target", "99": "Other"})
    dialog = open_dialog(
        qtbot, pool, app_settings, [muse, fake, odd], purpose="train", initial=initial
    )
    assert str(fake) in dialog.table.status(fake) and "cannot be read" in dialog.table.status(fake)
    assert "unknown recording format .txt" in dialog.table.status(odd)
    # the key from the earlier settings matches no event: said inline, naming the key
    assert "'99'" in dialog.panel.error_label.text()
    assert "occur(s) in no recording" in dialog.panel.error_label.text()
    assert not dialog.ok_button.isEnabled()

    dialog.panel.class_combo("99").setCurrentText("")
    wait_preview(qtbot, dialog)  # the readable recording previews meanwhile
    assert dialog.erp.curve_count() == 2
    assert not dialog.ok_button.isEnabled()  # the bad files must go first
    for bad in (fake, odd):
        dialog.remove_path(bad)
    wait_preview(qtbot, dialog)
    assert dialog.ok_button.isEnabled()
    dialog.reject()


@pytest.mark.realdata
def test_inference_purpose_predicts_unmapped_events_without_labels(
    qtbot, pool, app_settings
) -> None:
    from bcigui.gui.recording import UNLABELLED

    path = shared_data(MUSE, "visual_P300_subject1_session3_raw.fif")
    dialog = open_dialog(qtbot, pool, app_settings, [path], purpose="inference")
    assert dialog.panel.event_classes() == {"1": UNLABELLED, "2": UNLABELLED}
    assert "predicted without a true label" in dialog.panel.mapping_hint.text()
    wait_preview(qtbot, dialog)
    assert dialog.preview.counts == {UNLABELLED: 962}
    set_classes(dialog, {"2": "Target"})
    wait_preview(qtbot, dialog)
    assert dialog.preview.counts == {UNLABELLED: 804, "Target": 158}
    dialog.accept()
    trials = dialog.choice.trials
    assert sum(v is None for v in trials.y) == 804 and sum(v == "Target" for v in trials.y) == 158


@pytest.mark.realdata
@pytest.mark.parametrize("stage", ["reading", "previewing"])
def test_closing_while_busy_leaves_nothing_behind(qtbot, pool, app_settings, stage) -> None:
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, Qt

    from bcigui.gui.recording import RecordingDialog

    paths = [shared_data(MUSE, f"visual_P300_subject1_session{k}_raw.fif") for k in (1, 2, 3)]
    dialog = RecordingDialog(pool, app_settings, paths, purpose="inference")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    assert dialog.run_preview() is None  # files are being read: the preview waits for them
    if stage == "previewing":
        qtbot.waitUntil(lambda: dialog._preview_worker is not None, timeout=30_000)
    assert dialog.busy()
    dialog.reject()  # what the workers still report must not reach the deleted dialog
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(dialog)
    qtbot.waitUntil(lambda: not pool.is_busy(), timeout=30_000)


@pytest.mark.realdata
def test_recordings_dropped_on_the_table_are_added(qtbot, pool, app_settings, tmp_path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    session1 = shared_data("muse-visual-p300", SESSION1)
    dialog = open_dialog(qtbot, pool, app_settings, [])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(session1)), QUrl("https://example.org/x.fif")])
    event = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    dialog.table.dropEvent(event)
    assert dialog.table.paths == [session1]  # the web address is not a local file
    qtbot.waitUntil(lambda: not dialog._inspecting, timeout=30_000)


@pytest.mark.realdata
def test_a_broken_recording_shows_its_whole_error_and_blocks_with_a_reason(
    qtbot, pool, app_settings, tmp_path: Path
) -> None:
    fake = tmp_path / ("a_long_recording_name_that_the_table_elides_" * 2 + ".edf")
    fake.write_text("this is not EEG\n" * 20)
    muse = shared_data(MUSE, SESSION1)
    dialog = open_dialog(qtbot, pool, app_settings, [muse, fake], purpose="train")
    set_classes(dialog, {"1": "NonTarget", "2": "Target"})
    wait_preview(qtbot, dialog)  # the good recording previews despite the broken one
    assert dialog.erp.curve_count() == 2
    (message,) = dialog.problems[fake]
    listed = dialog.files.problems.text()
    assert dialog.files.problems.isVisible() and listed == f"{fake.name}: {message}"
    assert str(fake) in listed  # the whole error, path included
    assert not dialog.ok_button.isEnabled()
    reason = dialog.why_label.text()
    assert reason == f"Remove the recordings that cannot be used: {fake.name}."
    assert dialog.ok_button.toolTip() == reason
    dialog.remove_path(fake)
    assert not dialog.files.problems.isVisible()  # nothing left from the previous list
    wait_preview(qtbot, dialog)
    assert dialog.ok_button.isEnabled() and dialog.why_label.text() == ""
    dialog.reject()


@pytest.mark.realdata
def test_folders_add_their_recordings_and_an_empty_folder_says_so(
    qtbot, pool, app_settings, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("no EEG here")
    dialog = open_dialog(qtbot, pool, app_settings, [empty], purpose="train")
    assert dialog.table.paths == []
    assert "holds no EEG recordings" in dialog.files.problems.text()
    assert str(empty) in dialog.files.problems.text()
    assert dialog.why_label.text() == "Add one or more recordings."
    folder = tmp_path / "session"
    folder.mkdir()
    (folder / SESSION1).symlink_to(shared_data(MUSE, SESSION1))
    (folder / "readme.txt").write_text("a note beside the recording")
    dialog.add_paths([folder])
    qtbot.waitUntil(lambda: not dialog._inspecting, timeout=30_000)
    assert dialog.table.paths == [folder / SESSION1]
    assert not dialog.files.problems.isVisible()  # the empty folder's note went with it
    assert dialog.table.status(folder / SESSION1) == "ok"
    dialog.reject()


@pytest.mark.realdata
def test_an_only_broken_recording_leaves_no_stale_preview(
    qtbot, pool, app_settings, tmp_path: Path
) -> None:
    fake = tmp_path / "broken.fif"
    fake.write_bytes(b"\0" * 100)
    dialog = open_dialog(qtbot, pool, app_settings, [fake], purpose="train")
    assert "Add a readable recording" in dialog.erp.summary.text()
    assert "broken.fif" in dialog.files.problems.text()
    dialog.remove_path(fake)
    assert not dialog.files.problems.isVisible()
    assert dialog.why_label.text() == "Add one or more recordings."
    assert "Add a readable recording" in dialog.erp.summary.text()
    dialog.reject()
