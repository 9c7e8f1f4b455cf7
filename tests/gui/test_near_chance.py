"""Near-chance models in the window: the results banner, the question before saving, the
library marker. A near-chance model is made for real: an SVM without class weights trained on
noise labelled 80 % NonTarget / 20 % Target predicts NonTarget for every trial."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from bcigui.gui.library.table_model import COLUMN_KEYS
from tests.chance_data import write_noise_trials
from tests.gui.conftest import load_demo, wait_for_check

CHANCE_SVM = {"class_weight": None, "input_adapter": {"decimate": 4}}


def _store_files(store: Path) -> list[Path]:
    return sorted(store.rglob("*.bcimodel")) if store.exists() else []


def _train_near_chance(qtbot, window, folder: Path, label: str = "chance"):
    tab = window.training_tab
    data = tab.data_panel
    data.set_split(False)
    data.train_box.set_rows([write_noise_trials(folder, "train", 60, 0)])
    data.test_box.set_rows([write_noise_trials(folder, "test", 40, 1)])
    check = wait_for_check(qtbot, data)
    assert not check.problems, check.problems
    panel = tab.model_panel
    panel.select_type("svm")
    panel.set_label(label)
    panel.current_form().set_values(CHANCE_SVM)
    assert panel.is_valid, panel.errors
    worker = tab.start_training()
    with qtbot.waitSignal(worker.result, timeout=60_000) as blocker:
        pass
    record = tab.records()[-1]
    qtbot.waitUntil(lambda: not record.active and record.worker is None)
    return tab, record, blocker.args[0]


def _answer(qtbot, tab, record, text: str) -> None:
    qtbot.waitUntil(lambda: record.number in tab.save_questions)
    box = tab.save_questions[record.number]
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "NonTarget" in box.informativeText()
    [button] = [b for b in box.buttons() if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_near_chance_result_shows_a_banner_and_waits_for_the_answer(
    qtbot, window, isolated_store: Path, tmp_path: Path
) -> None:
    tab, record, result = _train_near_chance(qtbot, window, tmp_path / "noise")
    verdict = result.near_chance
    assert verdict is not None and verdict.single_class == "NonTarget"
    # nothing written before the answer; the banner names the reasons and the causes
    assert _store_files(isolated_store) == []
    banner = tab.run_panel.results.banner
    assert banner.isVisible()
    assert "Near chance" in banner.text() and "every trial was predicted as 'NonTarget'" in (
        banner.text()
    )
    assert "Class imbalance (NonTarget 80 %, Target 20 %)" in banner.text()
    assert "Not saved yet" in tab.run_panel.results.path_label.text()
    assert "Near chance" in tab.run_panel.log_view.toPlainText()

    _answer(qtbot, tab, record, "Save anyway")
    qtbot.waitUntil(lambda: len(_store_files(isolated_store)) == 1, timeout=30_000)
    [saved] = _store_files(isolated_store)
    qtbot.waitUntil(lambda: record.result.saved_path == saved)
    assert saved.parent == isolated_store / "chance"
    assert str(saved) in tab.run_panel.results.path_label.text()
    assert record.result.model is None

    # the library marks it without loading it: icon on the name, tooltip with the verdict
    library = window.library_tab
    qtbot.waitUntil(lambda: library.table_model.rowCount() == 1, timeout=10_000)
    name = library.proxy.index(0, COLUMN_KEYS.index("name"))
    assert name.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "every trial was predicted as 'NonTarget'" in name.data(Qt.ItemDataRole.ToolTipRole)
    balanced = library.proxy.index(0, COLUMN_KEYS.index("balanced_accuracy"))
    assert "Near chance" in balanced.data(Qt.ItemDataRole.ToolTipRole)
    (record_in_index,) = window.library.manager.list()
    assert record_in_index.near_chance and "Class imbalance" in record_in_index.near_chance
    # and its details say so too, with the causes
    library.show_model(saved)
    details = library.details.summary.toPlainText()
    assert "Near chance" in details and "Likely causes" in details
    assert "Class imbalance (NonTarget 80 %, Target 20 %)" in details
    # the text filter finds it
    library.set_filter("near chance")
    assert [r.path for r in library.visible_records()] == [saved]


def test_discarding_a_near_chance_model_writes_nothing(
    qtbot, window, isolated_store: Path, tmp_path: Path
) -> None:
    tab, record, _ = _train_near_chance(qtbot, window, tmp_path / "noise")
    _answer(qtbot, tab, record, "Discard")
    qtbot.waitUntil(lambda: record.number not in tab.save_questions)
    assert record.result.model is None and record.result.saved_path is None
    assert _store_files(isolated_store) == []
    assert "discarded" in tab.run_panel.results.path_label.text()
    assert "nothing was saved" in tab.run_panel.log_view.toPlainText()
    assert not tab.run_panel.results.library_button.isEnabled()


def test_unattended_runs_save_near_chance_models_without_asking(
    qtbot, window, isolated_store: Path, tmp_path: Path
) -> None:
    window.training_tab.show_errors_in_dialogs = False
    tab, _, result = _train_near_chance(qtbot, window, tmp_path / "noise")
    assert result.near_chance is not None
    assert not tab.save_questions
    assert _store_files(isolated_store) == [result.saved_path]
    assert tab.run_panel.results.banner.isVisible()


def test_a_good_model_shows_no_banner(qtbot, window, isolated_store: Path) -> None:
    load_demo(qtbot, window)
    tab = window.training_tab
    tab.model_panel.select_type("svm")
    tab.model_panel.set_label("good")
    tab.model_panel.current_form().set_values({"input_adapter": {"decimate": 4}})
    worker = tab.start_training()
    with qtbot.waitSignal(worker.result, timeout=60_000) as blocker:
        pass
    qtbot.waitUntil(lambda: tab.records()[-1].worker is None)
    assert blocker.args[0].near_chance is None
    assert not tab.run_panel.results.banner.isVisible()
    assert not tab.save_questions
    assert len(_store_files(isolated_store)) == 1
