"""The application entry: self-test, exception hook, error dialogs."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtCore import QObject, QTimer, Slot


def test_self_test_trains_an_svm_and_exits_0(qapp, caplog, isolated_store, app_data_dir) -> None:
    """``main(["--self-test"])``, in this process (a subprocess would pay every import again)."""
    from bcigui.gui.app import main

    with caplog.at_level(logging.INFO, logger="bcigui.gui"):
        assert main(["--self-test", "--data", str(app_data_dir)]) == 0
    text = caplog.text
    assert "self-test passed" in text and "reloads and predicts identically" in text
    assert "inference tab matches the API" in text
    assert not list(isolated_store.rglob("*.bcimodel"))  # it used a temporary store


def test_self_test_fails_fast_when_the_core_cannot_load(
    qapp, caplog, app_data_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unattended run must exit 1, not wait for someone to close an error dialog."""
    from bcigui.gui import error_dialog, main_window
    from bcigui.gui.app import main

    def broken_core(store_dir=None):
        def job(progress, cancel):
            raise ImportError("libtensorflow_cc.so.2: cannot open shared object file")

        return job

    dialogs: list[str] = []
    monkeypatch.setattr(main_window, "load_core", broken_core)
    monkeypatch.setattr(main_window, "show_worker_error", lambda *a: dialogs.append(a[1]))
    monkeypatch.setattr(error_dialog, "show_error", lambda *a, **k: dialogs.append(a[1]))
    with caplog.at_level(logging.INFO, logger="bcigui"):
        assert main(["--self-test", "--data", str(app_data_dir)]) == 1
    assert "the core could not be loaded: " in caplog.text
    assert "libtensorflow_cc.so.2" in caplog.text
    assert dialogs == []


def test_exception_in_a_slot_lands_in_a_dialog(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from bcigui.gui import error_dialog

    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        error_dialog,
        "show_error",
        lambda parent, title, msg, details="", **kw: shown.append((title, msg, details)),
    )
    hook = error_dialog.ExceptionHook()
    hook.install()

    class Boom(QObject):
        @Slot()
        def explode(self) -> None:
            raise RuntimeError("kaboom")

    boom = Boom()
    try:
        with qtbot.capture_exceptions() as exceptions:
            QTimer.singleShot(0, boom.explode)
            qtbot.waitUntil(lambda: bool(exceptions))
        # pytest-qt captured it; hand it to our hook as PySide would outside tests
        hook._hook(*exceptions[0])
        qtbot.waitUntil(lambda: bool(shown))
        thread = threading.Thread(target=lambda: 1 / 0)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: len(shown) == 2)
    finally:
        hook.uninstall()
    title, message, details = shown[0]
    assert title == "Unexpected error"
    assert message == "RuntimeError: kaboom"
    assert "Traceback" in details and "explode" in details
    assert shown[1][1].startswith("ZeroDivisionError")
    assert sys.excepthook is not hook._hook


def test_closing_while_the_core_loads_exits_0_at_once(tmp_path) -> None:
    """The core import cannot be interrupted; quitting must neither wait for it nor abort."""
    import os
    import subprocess
    import sys
    import time

    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "import bcigui.gui.main_window as mw\n"
        "from bcigui.gui.app import main\n"
        "show = mw.MainWindow.showEvent\n"
        "def early_close(self, event):\n"
        "    show(self, event)\n"
        "    QTimer.singleShot(100, self.close)\n"
        "mw.MainWindow.showEvent = early_close\n"
        f"sys.exit(main(['--store', {str(tmp_path / 'store')!r}, '--data', {str(tmp_path)!r}]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Destroyed while thread" not in done.stderr
    assert "leaving 'load core' to finish on its own" in done.stderr
    assert elapsed < 10, f"quitting took {elapsed:.1f} s"

