"""The Model Library tab: table from the index, filters, sorting, actions, file watching."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from bcigui.gui.library.table_model import COLUMN_KEYS
from tests.gui.conftest import save_svm


def _library(qtbot, window, n: int):
    tab = window.library_tab
    qtbot.waitUntil(lambda: tab.table_model.rowCount() == n, timeout=10_000)
    return tab


def _cell(tab, row: int, key: str) -> str:
    return tab.proxy.index(row, COLUMN_KEYS.index(key)).data()


def test_lists_filters_and_sorts(qtbot, stocked_store, window) -> None:
    tab = _library(qtbot, window, 3)
    assert {r.path for r in tab.visible_records()} == set(stocked_store)
    assert _cell(tab, 0, "model_type") == "svm"
    assert _cell(tab, 0, "classes") == "NonTarget, Target"
    assert _cell(tab, 0, "input") == "116 x 8"
    assert _cell(tab, 0, "status") == "ok"
    assert _cell(tab, 0, "accuracy") != ""
    tab.set_filter(label="pilot")
    assert [r.path for r in tab.visible_records()] == [stocked_store[2]]
    assert tab.count_label.text() == "1 of 3 models"
    tab.set_filter(text="no-such-model")
    assert tab.visible_records() == []
    tab.set_filter()
    assert len(tab.visible_records()) == 3
    created = COLUMN_KEYS.index("created_utc")
    tab.table.sortByColumn(created, Qt.SortOrder.AscendingOrder)
    assert [r.path for r in tab.visible_records()] == stocked_store  # oldest first
    # details of the selection: summary with metrics, confusion matrix
    tab.show_model(stocked_store[1])
    assert tab.model_path == stocked_store[1]
    html = tab.details.summary.toPlainText()
    assert "Test metrics" in html and "Hyperparameters" in html
    assert tab.details.confusion.rowCount() == 2


def test_delete_undo_and_trash_restore(qtbot, stocked_store, window) -> None:
    tab = _library(qtbot, window, 3)
    tab.show_model(stocked_store[0])
    entries = tab.delete_selected()
    assert len(entries) == 1 and not stocked_store[0].exists()
    qtbot.waitUntil(lambda: tab.table_model.rowCount() == 2, timeout=5_000)
    assert tab.undo_bar.isVisibleTo(tab)
    tab.undo_delete()
    assert stocked_store[0].exists()
    qtbot.waitUntil(lambda: tab.table_model.rowCount() == 3, timeout=5_000)
    # delete again and restore through the trash list
    tab.show_model(stocked_store[2])
    tab.delete_selected()
    qtbot.waitUntil(lambda: tab.table_model.rowCount() == 2, timeout=5_000)
    (entry,) = window.library.trash()
    tab.restore_entries([entry])
    qtbot.waitUntil(lambda: tab.table_model.rowCount() == 3, timeout=5_000)


def test_import_file_and_watcher(qtbot, stocked_store, window, tmp_path: Path, small_p300) -> None:
    tab = _library(qtbot, window, 3)
    outside = save_svm(tmp_path / "elsewhere", "other", small_p300)
    (worker,) = tab.import_files([outside])
    qtbot.waitUntil(lambda: tab.table_model.rowCount() == 4, timeout=10_000)
    qtbot.waitUntil(lambda: worker.state.done, timeout=10_000)
    assert not window.dialogs
    # a file copied into the store by hand shows up by itself (watcher + reconcile)
    dest = window.library.store_dir / "dropped" / "svm_copy.bcimodel"
    dest.parent.mkdir()
    shutil.copy2(stocked_store[0], dest)
    qtbot.waitUntil(lambda: tab.table_model.rowCount() == 5, timeout=10_000)
    # a broken import is an error, not a crash
    bad = tmp_path / "bad.bcimodel"
    bad.write_bytes(b"not a zip")
    tab.import_files([bad])
    qtbot.waitUntil(lambda: bool(window.dialogs), timeout=10_000)
    assert "bad.bcimodel" in window.dialogs[0][0]


def test_load_unload_shows_in_table_and_status(qtbot, stocked_store, window) -> None:
    tab = _library(qtbot, window, 3)
    tab.show_model(stocked_store[0])
    row = tab.table_model.row_of(stocked_store[0])
    mem = COLUMN_KEYS.index("in_memory")
    assert tab.table_model.index(row, mem).data() == ""
    tab.load_selected()
    qtbot.waitUntil(lambda: tab.table_model.index(row, mem).data() == "yes", timeout=10_000)
    assert window.memory_label.text().startswith("In memory: 1/")
    assert tab.unload_action.isEnabled()
    tab.unload_selected()
    qtbot.waitUntil(lambda: tab.table_model.index(row, mem).data() == "", timeout=5_000)


def test_annotate_champion_and_use_for_inference(qtbot, stocked_store, window) -> None:
    tab = _library(qtbot, window, 3)
    tab.show_model(stocked_store[1])
    tab.annotate(stocked_store[1], display_name="best so far", notes="subject 3", tags=["s3"])
    qtbot.waitUntil(lambda: tab.selected_records()[0].display_name == "best so far", timeout=5_000)
    tab.toggle_champion()
    qtbot.waitUntil(lambda: tab.selected_records()[0].champion, timeout=5_000)
    assert _cell(tab, tab.proxy.mapFromSource(tab.table_model.index(
        tab.table_model.row_of(stocked_store[1]), 0)).row(), "name") == "★ best so far"  # fmt: skip
    tab.use_selected_for_inference()
    assert window.tabs.currentWidget() is window.inference_tab
    assert window.inference_tab.model_path == stocked_store[1]
    assert window.inference_tab.model_combo.currentText().startswith("★ best so far")
    tab.show_model(stocked_store[0])
    tab.show_model(stocked_store[2])
    tab.table.selectAll()
    assert tab.compare_action.isEnabled()
    tab.compare_selected()
    assert tab._compare_dialog.table.columnCount() == 3
    tab._compare_dialog.close()


def test_dialogs_and_legacy_needs_explicit_trust(
    qtbot, stocked_store, window, tmp_path: Path, monkeypatch
) -> None:
    from bcigui.gui.library import library_actions
    from bcigui.gui.library.dialogs import AnnotateDialog, TrashDialog

    tab = _library(qtbot, window, 3)
    record = tab.table_model.record_at(0)
    dialog = AnnotateDialog(record, tab)
    dialog.name_edit.setText(" renamed ")
    dialog.tags_edit.setText("a, b,, c ")
    assert dialog.changes() == {"display_name": "renamed", "notes": "", "tags": ["a", "b", "c"]}
    dialog.deleteLater()
    tab.show_model(record.path)
    (entry,) = tab.delete_selected()
    trash = TrashDialog(window.library.trash(), tab)
    trash.list.selectAll()
    assert trash.selected_entries() == [entry]
    trash.deleteLater()
    # declining the warning never opens the pickle
    monkeypatch.setattr(library_actions, "confirm_legacy_import", lambda parent, name: False)
    submitted: list[object] = []
    monkeypatch.setattr(window.library, "import_legacy", lambda *a, **k: submitted.append(a))
    assert tab.import_legacy_file(tmp_path / "old_model.pkl") is None
    assert submitted == []


def test_dropping_a_model_file_imports_it(
    qtbot, stocked_store, window, tmp_path: Path, small_p300
) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    tab = _library(qtbot, window, 3)
    outside = save_svm(tmp_path / "elsewhere", "dropped", small_p300)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(outside))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tab.dropEvent(event)
    qtbot.waitUntil(lambda: tab.table_model.rowCount() == 4, timeout=10_000)
    qtbot.waitUntil(lambda: tab.model_path is not None and tab.model_path.parent.name == "dropped")


def test_export_and_verify_all(qtbot, stocked_store, window, tmp_path: Path) -> None:
    tab = _library(qtbot, window, 3)
    dest = tmp_path / "out" / "copy.bcimodel"
    dest.parent.mkdir()
    worker = tab.export_to(stocked_store[0], dest)
    qtbot.waitUntil(lambda: worker.state.done, timeout=10_000)
    assert dest.is_file() and not window.dialogs
    stocked_store[1].write_bytes(stocked_store[1].read_bytes()[:-200])  # damage one file
    with qtbot.waitSignal(tab.message, timeout=10_000, check_params_cb=lambda t: "broken" in t):
        tab.verify_all()
    status = COLUMN_KEYS.index("status")
    row = tab.table_model.row_of(stocked_store[1])
    qtbot.waitUntil(lambda: tab.table_model.index(row, status).data() == "broken", timeout=10_000)


def test_a_cross_validated_model_shows_its_folds(qtbot, isolated_store, window, small_p300) -> None:
    from bcigui.app.cv_training import fit_with_cross_validation
    from bcigui.classifiers.config import InputAdapter
    from bcigui.classifiers.svm import SVM

    model = SVM(input_adapter=InputAdapter(decimate=4, reduce_3d="mean_time_flat"))
    result = fit_with_cross_validation(
        model, small_p300[0], scheme="kfold", n_splits=3, model_label="p300",
        store_dir=isolated_store,
    )  # fmt: skip
    tab = _library(qtbot, window, 1)
    assert _cell(tab, 0, "accuracy") == ""  # no test set, so no test score
    cv = result.cross_validation
    assert _cell(tab, 0, "cv_balanced_accuracy") == f"{cv.mean('balanced_accuracy'):.3f}"
    assert _cell(tab, 0, "cv_roc_auc") == f"{cv.mean('roc_auc'):.3f}"
    tab.show_model(result.saved_path)
    text = tab.details.summary.toPlainText()
    assert "Cross-validation" in text and "3 folds, stratified" in text
    assert "±" in text and "Fold 3" in text and "Test metrics" not in text
    confusion = result.cross_validation
    assert tab.details.confusion.rowCount() == len(confusion.classes)
    total = sum(
        int(tab.details.confusion.item(i, j).text().split()[0])  # "50\n(100%)"
        for i in range(2)
        for j in range(2)
        if tab.details.confusion.item(i, j) is not None
    )
    assert total == small_p300[0].n_trials


def test_duplicate_import_says_so_and_writes_nothing(
    qtbot, stocked_store, window, tmp_path: Path
) -> None:
    tab = _library(qtbot, window, 3)
    outside = tmp_path / "downloads" / stocked_store[0].name
    outside.parent.mkdir()
    shutil.copy2(stocked_store[0], outside)
    messages: list[str] = []
    tab.message.connect(messages.append)
    files_before = sorted(window.library.store_dir.rglob("*.bcimodel"))
    (worker,) = tab.import_files([outside])
    qtbot.waitUntil(lambda: worker.state.done, timeout=10_000)
    qtbot.waitUntil(lambda: any("already in the store" in m for m in messages), timeout=5_000)
    assert "nothing was imported" in messages[-1] and stocked_store[0].name in messages[-1]
    assert sorted(window.library.store_dir.rglob("*.bcimodel")) == files_before
    assert tab.table_model.rowCount() == 3
    assert tab.model_path == stocked_store[0]  # the copy that is there is shown
    assert not window.dialogs


def test_undo_bar_expires_and_never_restores_a_duplicate(
    qtbot, stocked_store, window, tmp_path: Path
) -> None:
    tab = _library(qtbot, window, 3)
    # the bar goes by itself after its time
    tab.undo_timer.setInterval(50)
    tab.show_model(stocked_store[2])
    tab.delete_selected()
    assert tab.undo_bar.isVisibleTo(tab) and "Undo is offered" in tab.undo_label.text()
    qtbot.waitUntil(lambda: not tab.undo_bar.isVisibleTo(tab), timeout=2_000)
    assert tab.last_deleted == []
    # a model imported again after its delete is not restored a second time by Undo
    tab.undo_timer.setInterval(60_000)
    backup = tmp_path / "backup" / stocked_store[0].name
    backup.parent.mkdir()
    shutil.copy2(stocked_store[0], backup)
    tab.show_model(stocked_store[0])
    tab.delete_selected()
    qtbot.waitUntil(lambda: tab.table_model.rowCount() == 1, timeout=5_000)
    tab.import_files([backup])
    qtbot.waitUntil(lambda: tab.table_model.rowCount() == 2, timeout=10_000)
    messages: list[str] = []
    tab.message.connect(messages.append)
    assert tab.undo_delete() == []
    assert any("already in the store" in m and "not restored" in m for m in messages)
    assert len(list(window.library.store_dir.glob("p300/*.bcimodel"))) == 2
    assert not tab.undo_bar.isVisibleTo(tab)
    assert not window.dialogs


def test_champion_toggle_keeps_the_toolbar_still(qtbot, stocked_store, window) -> None:
    tab = _library(qtbot, window, 3)
    tab.show_model(stocked_store[1])
    button = tab.toolbar.widgetForAction(tab.champion_action)
    after = tab.toolbar.widgetForAction(tab.delete_action)
    text, width, x_after = tab.champion_action.text(), button.width(), after.x()
    assert not tab.champion_action.isChecked()
    tab.toggle_champion()
    qtbot.waitUntil(lambda: tab.selected_records()[0].champion, timeout=5_000)
    qtbot.waitUntil(tab.champion_action.isChecked, timeout=2_000)
    qtbot.wait(20)
    assert (tab.champion_action.text(), button.width(), after.x()) == (text, width, x_after)
    tab.toggle_champion()
    qtbot.waitUntil(lambda: not tab.selected_records()[0].champion, timeout=5_000)
    assert not tab.champion_action.isChecked()
    assert after.x() == x_after


def test_compare_without_curves_says_so_and_closes(qtbot, stocked_store, window) -> None:
    tab = _library(qtbot, window, 3)
    tab.table.selectAll()
    tab.compare_selected()
    dialog = tab._compare_dialog
    qtbot.waitExposed(dialog)
    assert dialog.curve_count == 0
    assert not dialog.plots.isVisibleTo(dialog)
    assert "No curves for this model type" in dialog.no_curves.text()
    assert dialog.no_curves.isVisibleTo(dialog)
    dialog.close_button.click()
    assert not dialog.isVisible()
