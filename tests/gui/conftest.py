"""GUI test fixtures: offscreen Qt, one QSettings file per test, and leak checks.

Every test here fails when it leaves a worker thread running, a Python thread behind, or a
top-level window open.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session", autouse=True)
def local_lsl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Confine Lab Streaming Layer to this machine (the Live tab looks for streams when shown).

    Points ``LSLAPICFG`` at a machine-local ``lsl_api.cfg`` with a session id of its own before
    liblsl loads, unless one is set already (an earlier conftest of the session).
    """
    from bcigui.online.lsl_config import LSL_CONFIG_ENV, write_local_lsl_config

    if os.environ.get(LSL_CONFIG_ENV):
        yield
        return
    path, _ = write_local_lsl_config(tmp_path_factory.mktemp("lsl") / "lsl_api.cfg")
    os.environ[LSL_CONFIG_ENV] = str(path)
    yield
    os.environ.pop(LSL_CONFIG_ENV, None)


@pytest.fixture(autouse=True)
def no_leaks(qapp) -> Iterator[None]:
    """Fail the test when it leaves worker threads, Python threads or windows behind."""
    from PySide6.QtWidgets import QApplication

    from bcigui.gui import workers

    threads_before = threading.active_count()
    yield
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline and (
        workers.live_thread_count() or threading.active_count() > threads_before
    ):
        qapp.processEvents()
        time.sleep(0.01)
    assert workers.live_thread_count() == 0, "a worker QThread was left running"
    assert threading.active_count() <= threads_before, threading.enumerate()
    qapp.processEvents()
    open_windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for window in open_windows:
        window.close()
    assert not open_windows, f"windows left open: {open_windows}"


@pytest.fixture
def settings(tmp_path: Path):
    """A QSettings backed by a file of this test only."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def pool(qapp) -> Iterator[object]:
    """A WorkerPool that is shut down (and must stop in time) after the test."""
    from bcigui.gui.workers import WorkerPool

    p = WorkerPool()
    yield p
    assert p.shutdown(timeout_s=5.0), "a worker did not stop within 5 s"
    p.deleteLater()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The folder the app writes its demo data sets to, per test."""
    folder = tmp_path / "appdata"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app's data folder, shared by the tests so that demo data are written once."""
    return tmp_path_factory.mktemp("appdata")


@pytest.fixture
def app_settings(settings, app_data_dir: Path):
    """AppSettings over the test's QSettings file, with the shared data folder."""
    from bcigui.gui.settings import AppSettings

    wrapped = AppSettings(settings)
    wrapped.data_dir = app_data_dir
    return wrapped


@pytest.fixture
def window(qtbot, app_settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """The real main window, shown, with the core loaded; closed (and joined) afterwards.

    Error dialogs are recorded in ``window.dialogs`` instead of blocking the test.
    """
    from bcigui.gui import main_window as mw
    from bcigui.gui.inference import tab as inference_tab
    from bcigui.gui.library import library_actions
    from bcigui.gui.training import tab as training_tab

    dialogs: list[tuple[str, object]] = []
    for module in (training_tab, mw, inference_tab, library_actions):
        monkeypatch.setattr(module, "show_worker_error", lambda p, t, e: dialogs.append((t, e)))
    win = mw.MainWindow(settings=app_settings)
    win.dialogs = dialogs
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.core is not None, timeout=60_000)
    yield win
    monkeypatch.setattr(win, "confirm_stop_training", lambda: True)
    win.close()
    assert win.stopped_cleanly


@pytest.fixture(scope="session")
def small_p300():
    """(train, test) synthetic P300 TrialSets small enough to fit an SVM in milliseconds."""
    from bcigui.data.synthetic import make_p300

    return make_p300(n_trials=60, random_state=0), make_p300(n_trials=30, random_state=1)


def save_svm(store: Path, label: str, trials, C: float = 1.0) -> Path:
    """Fit a tiny SVM on ``trials`` = (train, test) and save it with its metrics into ``store``."""
    from bcigui.classifiers.config import InputAdapter
    from bcigui.classifiers.svm import SVM

    # flattened samples: a trial's mean is no class feature of the synthetic P300 (offsets)
    model = SVM(C=C, input_adapter=InputAdapter(decimate=4))
    result = model.fit_and_evaluate(*trials, model_label=label, store_dir=store)
    return Path(result.saved_path)


@pytest.fixture
def stocked_store(isolated_store: Path, small_p300) -> list[Path]:
    """The test's store holding three tiny SVMs: two labelled p300 and one labelled pilot."""
    return [
        save_svm(isolated_store, "p300", small_p300, C=1.0),
        save_svm(isolated_store, "p300", small_p300, C=0.5),
        save_svm(isolated_store, "pilot", small_p300, C=2.0),
    ]


def wait_for_check(qtbot, panel, timeout: int = 30_000):
    """Wait until the data panel finished checking its files; return the check."""
    qtbot.waitUntil(lambda: panel.check is not None and not panel.checking, timeout=timeout)
    return panel.check


def load_demo(qtbot, window, kind: str = "p300"):
    """Load a demo set into the window and wait for its check."""
    panel = window.training_tab.data_panel
    panel.load_demo(kind)
    qtbot.waitUntil(lambda: bool(panel.train_box.rows), timeout=60_000)
    return wait_for_check(qtbot, panel)


def inference_ready(qtbot, window, path: Path):
    """Route the model at ``path`` to the Inference tab and wait until it is selected."""
    tab = window.inference_tab
    window.use_for_inference(path)
    qtbot.waitUntil(lambda: tab.model_path == path and tab.model_combo.count() > 0, timeout=10_000)
    return tab


def run_inference(qtbot, tab):
    """Press Run in the Inference tab, wait for the worker; return the InferenceResult."""
    qtbot.waitUntil(lambda: tab.run_button.isEnabled(), timeout=5_000)
    with qtbot.waitSignal(tab.finished, timeout=30_000) as blocker:
        assert tab.run() is not None
    qtbot.waitUntil(lambda: tab.worker is None, timeout=5_000)
    return blocker.args[0]


#: A tiny LSTMNet for fast GUI tests.
SMALL_LSTM = {
    "encoder": {"layers": [{"hidden_size": 8}]},
    "input_adapter": {"decimate": 4},
    "epochs": 2,
    "batch_size": 32,
}
