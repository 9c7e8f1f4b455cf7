"""The real window under stress (pytest-qt, offscreen): what a tired researcher does.

Uses the GUI fixtures of tests/gui/conftest.py (imported below, so their leak check applies to
these tests only): the real MainWindow with the core loaded, error dialogs recorded in
``window.dialogs`` instead of blocking.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.gui.conftest import (
    SMALL_LSTM,
    app_data_dir,
    app_settings,
    load_demo,
    local_lsl,
    no_leaks,
    settings,
    small_p300,
    stocked_store,
    window,
)

__all__ = [  # fixtures from tests/gui/conftest.py, used by name
    "app_data_dir", "app_settings", "local_lsl", "no_leaks", "settings", "small_p300",
    "stocked_store", "window",
]  # fmt: skip
pytestmark = pytest.mark.timeout(180)


def configure(window, model_type: str, label: str, **values) -> None:
    panel = window.training_tab.model_panel
    panel.select_type(model_type)
    panel.set_label(label)
    if values:
        panel.current_form().set_values(values)
    assert panel.is_valid, panel.errors


def wait_runs_ended(qtbot, tab, timeout: int = 60_000) -> None:
    qtbot.waitUntil(
        lambda: all(not r.active and r.worker is None for r in tab.records()), timeout=timeout
    )


def store_entries(store: Path) -> list[str]:
    """Every file in the store except the index database."""
    if not store.exists():
        return []
    return sorted(
        str(p.relative_to(store)) for p in store.rglob("*")
        if p.is_file() and not p.name.startswith("index.sqlite3")
    )  # fmt: skip


def inference_ready(qtbot, window, path: Path, files: list[Path]):
    tab = window.inference_tab
    window.use_for_inference(path)
    qtbot.waitUntil(lambda: tab.model_path == path, timeout=10_000)
    tab.files.clear()
    tab.add_files(files, role="x")
    qtbot.waitUntil(lambda: tab.run_button.isEnabled(), timeout=10_000)
    return tab


def run_inference(qtbot, tab, timeout: int = 30_000):
    outcome: list[object] = []
    tab.finished.connect(outcome.append)
    assert tab.run() is not None
    qtbot.waitUntil(lambda: tab.worker is None, timeout=timeout)
    tab.finished.disconnect(outcome.append)
    return outcome[0] if outcome else None


def test_double_click_on_train(qtbot, window, isolated_store):
    from PySide6.QtCore import Qt

    load_demo(qtbot, window)
    configure(window, "svm", "p300", input_adapter={"decimate": 4})
    tab = window.training_tab
    button = tab.run_panel.train_button
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    # a double click as a mouse delivers it: press, release, press, release (no event loop
    # in between); plus Qt's own double-click event
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseDClick(button, Qt.MouseButton.LeftButton)
    assert len(tab.records()) == 1, "a double click must queue one run"

    wait_runs_ended(qtbot, tab)
    records = tab.records()
    assert records and all(r.state == "succeeded" for r in records), [r.state for r in records]
    saved = [Path(r.result.saved_path) for r in records]
    assert len(set(saved)) == len(saved)  # no run overwrote another
    assert sorted(isolated_store.rglob("*.bcimodel")) == sorted(saved)
    assert window.dialogs == []


def test_close_mid_training_leaves_no_file_at_all(qtbot, window, isolated_store, monkeypatch):
    from bcigui.gui.workers import live_thread_count

    load_demo(qtbot, window)
    configure(window, "lstm", "p300", **{**SMALL_LSTM, "epochs": 500})
    tab = window.training_tab
    tab.start_training()
    record = tab.records()[-1]
    qtbot.waitUntil(lambda: "batch" in record.values, timeout=120_000)
    monkeypatch.setattr(window, "confirm_stop_training", lambda: True)
    started = time.monotonic()
    window.close()
    closed_in = time.monotonic() - started
    assert closed_in < 2.0, closed_in
    assert not window.isVisible() and window.stopped_cleanly
    assert live_thread_count() == 0
    assert store_entries(isolated_store) == []  # no model, no hidden temporary file


def test_delete_a_model_while_it_is_loaded_in_inference(qtbot, stocked_store, window, p300_files):
    path = stocked_store[1]
    tab = inference_ready(qtbot, window, path, p300_files["xTest"][:4])
    assert run_inference(qtbot, tab) is not None
    assert path in window.library.cached_paths()
    window.library.delete(path)  # what the Library tab's Delete does
    qtbot.waitUntil(lambda: path not in window.library.cached_paths(), timeout=10_000)
    # the tab lets go of the deleted model: no longer offered, the newest remaining one chosen
    qtbot.waitUntil(lambda: tab.model_combo.findData(str(path)) == -1, timeout=10_000)
    assert tab.model_path == stocked_store[2]  # no champion: the newest model
    assert tab.run_button.isEnabled()
    assert window.dialogs == []
    other = stocked_store[0]
    tab = inference_ready(qtbot, window, other, p300_files["xTest"][:4])
    assert run_inference(qtbot, tab) is not None  # the app keeps working


def test_store_folder_removed_while_running(qtbot, stocked_store, window, isolated_store):
    library_tab = window.library_tab
    qtbot.waitUntil(lambda: len(window.library.records()) == 3, timeout=10_000)
    shutil.rmtree(isolated_store)
    window.library.reconcile()
    qtbot.waitUntil(lambda: len(window.library.records()) == 0, timeout=15_000)
    library_tab.refresh()
    assert library_tab.visible_records() == []
    load_demo(qtbot, window)
    configure(window, "svm", "after-removal", input_adapter={"decimate": 4})
    window.training_tab.start_training()
    wait_runs_ended(qtbot, window.training_tab)
    record = window.training_tab.records()[-1]
    assert record.state == "succeeded", record.error and record.error.message
    assert Path(record.result.saved_path).exists()
    qtbot.waitUntil(lambda: len(window.library.records()) == 1, timeout=15_000)
    assert window.dialogs == []


@pytest.mark.parametrize("how", ["read-only-fs", "chmod"])
def test_store_made_read_only_while_running(
    qtbot, stocked_store, window, isolated_store, monkeypatch, how
):
    from bcigui.modelfile import atomic

    if how == "chmod":
        if os.name != "posix" or os.geteuid() == 0:
            pytest.skip("root writes into read-only folders; the read-only-fs case covers it")
        folders = [isolated_store, *(p for p in isolated_store.iterdir() if p.is_dir())]
        for folder in folders:
            folder.chmod(0o555)
    else:  # the store's file system is remounted read-only: every create fails with EROFS
        real_open = os.open

        def read_only_open(path, flags, *args, **kwargs):
            if str(path).startswith(str(isolated_store)) and flags & (os.O_WRONLY | os.O_RDWR):
                raise OSError(errno.EROFS, "Read-only file system", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(atomic.os, "open", read_only_open)
    try:
        load_demo(qtbot, window)
        configure(window, "svm", "p300", input_adapter={"decimate": 4})
        window.training_tab.start_training()
        wait_runs_ended(qtbot, window.training_tab)
        record = window.training_tab.records()[-1]
        assert record.state == "failed"
        message = record.error.message
        assert str(isolated_store) in message and ("Read-only" in message or "ermission" in message)
        assert sorted(isolated_store.rglob("*.bcimodel")) == sorted(stocked_store)
        assert len(window.library.records()) == 3  # the library still lists the old models
    finally:
        if how == "chmod":
            for folder in folders:
                folder.chmod(0o755)
        monkeypatch.undo()
    window.training_tab.start_training()  # writable again: training saves
    wait_runs_ended(qtbot, window.training_tab)
    assert window.training_tab.records()[-1].state == "succeeded"


def test_switch_tabs_and_infer_during_training(qtbot, stocked_store, window, p300_files):
    load_demo(qtbot, window)
    configure(window, "lstm", "p300", **{**SMALL_LSTM, "epochs": 500})
    tab = window.training_tab
    worker = tab.start_training()
    record = tab.records()[-1]
    qtbot.waitUntil(lambda: "batch" in record.values, timeout=120_000)
    for _ in range(3):
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(20)
    inference = inference_ready(qtbot, window, stocked_store[0], p300_files["xTest"][:6])
    result = run_inference(qtbot, inference)
    assert result is not None and len(result.predictions) == 6
    assert record.state == "running"  # inference ran beside the training, not after it
    tab.run_panel.select(record)
    tab.stop_running()
    with qtbot.waitSignal(worker.cancelled, timeout=15_000):
        pass
    qtbot.waitUntil(lambda: record.worker is None, timeout=5_000)
    assert window.dialogs == []


def test_exception_inside_a_worker_is_shown_and_the_app_goes_on(
    qtbot, window, isolated_store, monkeypatch
):
    import sklearn.svm

    def broken_fit(self, *args, **kwargs):
        raise ZeroDivisionError("injected fault inside scikit-learn")

    load_demo(qtbot, window)
    configure(window, "svm", "p300", input_adapter={"decimate": 4})
    monkeypatch.setattr(sklearn.svm.SVC, "fit", broken_fit)
    window.training_tab.start_training()
    wait_runs_ended(qtbot, window.training_tab)
    record = window.training_tab.records()[-1]
    assert record.state == "failed"
    assert len(window.dialogs) == 1
    title, error = window.dialogs[0]
    assert "Training failed" in title and "injected fault" in error.message
    assert "ZeroDivisionError" in error.details  # the copyable details hold the traceback
    assert not list(isolated_store.rglob("*.bcimodel"))
    monkeypatch.undo()
    window.training_tab.start_training()
    wait_runs_ended(qtbot, window.training_tab)
    assert window.training_tab.records()[-1].state == "succeeded"
    assert window.isVisible()
