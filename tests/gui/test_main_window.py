"""The main window: tabs, menus, settings, closing during training, start-up imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest
from PySide6.QtWidgets import QMessageBox

from bcigui.gui.main_window import MainWindow
from bcigui.gui.workers import live_thread_count
from tests.gui.conftest import SMALL_LSTM, load_demo


def test_tabs_menus_and_status_bar(qtbot, window, isolated_store) -> None:
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Training", "Model Library", "Inference", "Live", "Study"]
    menus = {a.text(): a for a in window.menuBar().actions()}
    assert list(menus) == ["&File", "&Help"]
    file_actions = [a.text() for a in menus["&File"].menu().actions() if a.text()]
    assert file_actions == ["&Open data…", "&Import model…", "&Preferences…", "&Quit"]
    assert window.import_action.isEnabled()  # the core is loaded
    assert window.store_label.text() == f"Store: {isolated_store}"
    eeg = window.training_tab.data_panel.eeg_button
    assert eeg.isEnabled() and ".edf" in eeg.toolTip()


def test_about_lists_versions(qtbot, window, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about_action.trigger()
    assert "scikit-learn" in shown[0] and "tensorflow" in shown[0]


def test_geometry_and_choices_are_remembered(qtbot, app_settings, settings) -> None:
    first = MainWindow(settings=app_settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first.core is not None, timeout=60_000)
    first.training_tab.model_panel.select_type("lstm")
    first.training_tab.model_panel.set_label("inner")
    first.resize(first.width(), 700)
    for page in (first.library_tab, first.inference_tab):  # every tab keeps its split
        first.tabs.setCurrentWidget(page)
        total = sum(page.splitter.sizes())
        page.splitter.setSizes([total // 4, total - total // 4])
    library_sizes = first.library_tab.splitter.sizes()
    inference_sizes = first.inference_tab.splitter.sizes()
    assert library_sizes[0] < library_sizes[1] and inference_sizes[0] < inference_sizes[1]
    first.close()
    assert settings.value("window/geometry") is not None
    second = MainWindow(settings=app_settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.core is not None, timeout=60_000)
    assert second.height() == 700  # (the offscreen screen is too narrow to test the width)
    assert second.training_tab.model_panel.current_type() == "lstm"
    assert second.training_tab.model_panel.label() == "inner"
    remembered = [(second.library_tab, library_sizes), (second.inference_tab, inference_sizes)]
    for page, sizes in remembered:
        second.tabs.setCurrentWidget(page)
        assert page.splitter.sizes() == sizes
    second.close()


def test_close_during_training_asks_then_stops_within_2_s(
    qtbot, window, isolated_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(qtbot, window)
    tab = window.training_tab
    tab.model_panel.select_type("lstm")
    tab.model_panel.current_form().set_values({**SMALL_LSTM, "epochs": 500})
    tab.start_training()
    record = tab.records()[-1]
    qtbot.waitUntil(lambda: "batch" in record.values, timeout=120_000)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def answer(parent, title, text, *args):
        asked.append(title)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.close()  # "No": keeps running
    assert window.isVisible() and record.state == "running"
    started = time.monotonic()
    window.close()  # "Yes"
    assert time.monotonic() - started < 2.0
    assert asked == ["Training in progress", "Training in progress"]
    assert not window.isVisible() and window.stopped_cleanly
    assert live_thread_count() == 0
    assert not list(isolated_store.rglob("*.bcimodel"))


def test_window_shows_before_heavy_imports() -> None:
    """Constructing the window imports no NumPy, scikit-learn, MNE or TensorFlow."""
    code = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from bcigui.gui.app import make_application
        app = make_application()
        from bcigui.gui.main_window import MainWindow
        from bcigui.gui.settings import AppSettings, settings_file
        window = MainWindow(settings=AppSettings(settings_file(sys.argv[1])))
        heavy = [m for m in ("numpy", "sklearn", "scipy", "mne", "tensorflow", "keras",
                             "pyqtgraph", "bcigui.errors") if m in sys.modules]
        print(heavy)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "/dev/null/none.ini"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_preferences_bound_the_memory_cache(
    qtbot, window, app_settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bcigui.gui.preferences import PreferencesDialog

    assert window.library.manager.max_models == app_settings.cache_models == 8

    def accept(dialog: PreferencesDialog) -> int:
        dialog.cache_models_spin.setValue(3)
        dialog.cache_mb_spin.setValue(64)
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", accept)
    window.open_preferences()
    assert (window.library.manager.max_models, window.library.manager.max_bytes) == (3, 64 << 20)
    assert (app_settings.cache_models, app_settings.cache_mb) == (3, 64)
    assert "/3 models" in window.memory_label.text()
    app_settings.qsettings.setValue("cache/models", "lots")  # a damaged settings file
    assert app_settings.cache_models == 8
