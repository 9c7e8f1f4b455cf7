"""Start the desktop application: ``python main.py`` / ``python -m bcigui``.

``main()`` creates the QApplication (organisation and application name ``bcigui``, which name
the QSettings), installs the exception hook (an error dialog with copyable details instead of
a silent death), shows the main window and runs the event loop.

Options
-------
--store DIR
    Use DIR as the model store for this session.
--data DIR
    Write the app's own data (the demo sets) to DIR for this session.
--self-test
    Open the window, load the demo data, train a small SVM and a 1-epoch LSTMNet through the
    same worker as the Train button, check their metrics, saved files and inference, close,
    and exit 0 (1 on failure). The installer bundle runs it as its smoke test.
    Uses a temporary store, data folder and settings unless ``--store`` or ``--data`` is
    given; the window's language then follows the locale, and the self-test checks that a
    Spanish locale (``LANG=es_ES.UTF-8``) gives a Spanish window.

The window's language is the one chosen in Preferences, else the system locale's
(:mod:`bcigui.gui.i18n`); it is installed before the window is built.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: Qt is imported once the command line is parsed
    from PySide6.QtWidgets import QApplication

log = logging.getLogger("bcigui.gui")


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bcigui", description="bcigui desktop application")
    parser.add_argument("--store", type=Path, help="model store folder for this session")
    parser.add_argument("--data", type=Path, help="folder for the app's own data (demo sets)")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="train a small SVM on demo data through the GUI and exit",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    return parser.parse_args(list(argv))


def _setup_logging(verbose: bool) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(
            level=logging.DEBUG if verbose else logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once), named for QSettings."""
    from PySide6.QtWidgets import QApplication

    from bcigui._version import __version__
    from bcigui.gui.settings import APPLICATION, ORGANIZATION

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0], *(argv or [])])
    if not isinstance(app, QApplication):
        raise RuntimeError(
            f"a {type(app).__name__} without widgets is already running in this process; "
            "bcigui needs a QApplication: create none before starting the GUI"
        )
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("bcigui")
    app.setApplicationVersion(__version__)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Run the application; returns the exit status."""
    started = time.perf_counter()
    args = _parse(sys.argv[1:] if argv is None else argv)
    _setup_logging(args.verbose)
    app = make_application()
    from bcigui.gui.error_dialog import ExceptionHook
    from bcigui.gui.main_window import MainWindow, app_icon
    from bcigui.gui.settings import AppSettings, settings_file

    app.setWindowIcon(app_icon())
    hook = ExceptionHook()
    hook.install()
    # let Ctrl+C in the terminal close the window: Python handles signals between Qt events
    previous_sigint = signal.signal(signal.SIGINT, lambda *_: app.closeAllWindows())
    from PySide6.QtCore import QTimer

    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(200)
    temp = tempfile.TemporaryDirectory(prefix="bcigui-selftest-") if args.self_test else None
    try:
        settings = AppSettings()
        store = args.store
        if temp is not None:
            settings = AppSettings(settings_file(Path(temp.name) / "settings.ini"))
            settings.data_dir = Path(temp.name) / "data"
            store = store or Path(temp.name) / "store"
        if args.data is not None:
            settings.session_data_dir = args.data
        from bcigui.gui.i18n import install_translators, resolve_language

        language = resolve_language(settings.language)
        loaded = install_translators(language, app)
        log.info("language %s (%s)", language, ", ".join(p.name for p in loaded) or "source")
        window = MainWindow(settings=settings, store_dir=store)
        window.show()
        log.info("window shown %.2f s after main()", time.perf_counter() - started)
        if args.self_test:
            status = run_self_test(window)
        else:
            status = app.exec()  # type: ignore[attr-defined]
        if not window.pool.closed:  # the loop ended without closing the window
            window.stopped_cleanly = window.pool.shutdown(timeout_s=2.0)
        if window.pool.threads_alive():  # uninterruptible work (an import, libsvm) still runs:
            logging.shutdown()  # Python's exit would wait for it or abort on the live QThread
            os._exit(status if window.stopped_cleanly else status or 3)
        return int(status)
    finally:
        heartbeat.stop()
        hook.uninstall()
        signal.signal(signal.SIGINT, previous_sigint)
        if temp is not None:
            temp.cleanup()


#: A tiny network for the self-test: it proves TensorFlow trains, saves and infers (the bundle).
SELF_TEST_LSTM = {
    "encoder": {"layers": [{"hidden_size": 8}]},
    "input_adapter": {"decimate": 4},
    "epochs": 1,
    "batch_size": 32,
}


def run_self_test(window: object) -> int:
    """Drive the window through demo data, an SVM and an LSTMNet, then a short live session on a
    replayed recording; 0 when everything checks out."""
    from bcigui.gui import automation as auto

    started = time.perf_counter()
    # a failed run must fail the self-test, not wait for someone to close an error dialog
    window.training_tab.show_errors_in_dialogs = False  # type: ignore[attr-defined]
    window.show_errors_in_dialogs = False  # type: ignore[attr-defined]
    try:
        _verify_language(window)
        auto.wait_for_core(window)
        log.info("self-test: core loaded (%.1f s)", time.perf_counter() - started)
        check = auto.load_demo(window, "p300")
        log.info("self-test: demo data %s", check.train_summary.shape_text)
        auto.configure(window, "svm", "selftest", input_adapter={"decimate": 4})
        record = auto.train(window, timeout_s=300)
        _verify(record, check)
        _verify_inference(window, record)
        auto.configure(window, "lstm", "selftest", **SELF_TEST_LSTM)
        record = auto.train(window, timeout_s=300)
        _verify(record, check, min_balanced_accuracy=None)  # 1 epoch: no accuracy claim
        _verify_inference(window, record)
        _verify_live()
        log.info("self-test passed in %.1f s", time.perf_counter() - started)
        status = 0
    except Exception:
        log.exception("self-test FAILED")
        status = 1
    window.close()  # type: ignore[attr-defined]
    if not window.stopped_cleanly:  # type: ignore[attr-defined]
        log.error("self-test: workers did not stop in time")
        status = status or 2
    return status


#: The window title in the source language: a translated window must show another one.
ENGLISH_TITLE = "bcigui — EEG classifiers"


def _verify_language(window: object) -> None:
    """The window speaks the language its settings and the locale ask for (its title)."""
    from bcigui.gui.automation import StepFailed
    from bcigui.gui.i18n import SOURCE_LANGUAGE, resolve_language

    language = resolve_language(window.settings.language)  # type: ignore[attr-defined]
    title = window.windowTitle()  # type: ignore[attr-defined]
    if (title == ENGLISH_TITLE) != (language == SOURCE_LANGUAGE):
        raise StepFailed(f"the window title {title!r} is not in the language {language!r}")
    log.info("self-test: window in language %s (%s)", language, title)


def _verify_live() -> None:
    """A short live session: a replayed synthetic speller recording over LSL on this machine,
    spelled by a model through the same function as the Live tab (liblsl inside the bundle)."""
    from bcigui.app.live_self_check import live_self_check

    with tempfile.TemporaryDirectory(prefix="bcigui-selftest-live-") as folder:
        summary = live_self_check(Path(folder))
    log.info("self-test: live session spelled %r over LSL", "".join(summary.decisions))


def _verify(record: object, check: object, min_balanced_accuracy: float | None = 0.6) -> None:
    """The run's metrics beat ``min_balanced_accuracy``; its saved file predicts the same."""
    import numpy as np

    from bcigui.classifiers.base import BaseClassifier
    from bcigui.gui.automation import StepFailed

    result = record.result  # type: ignore[attr-defined]
    metrics = result.metrics
    log.info("self-test: %s", metrics.summary())
    floor = min_balanced_accuracy
    if floor is not None and not metrics.balanced_accuracy > floor:
        raise StepFailed(f"balanced accuracy {metrics.balanced_accuracy:.3f} is too low")
    path = Path(result.saved_path)
    if not path.is_file():
        raise StepFailed(f"the model was not saved ({path})")
    model = BaseClassifier.load(path)
    predictions = model.predict_trials(check.test)[0]  # type: ignore[attr-defined]
    accuracy = float(np.mean(predictions == check.test.y))  # type: ignore[attr-defined]
    if abs(accuracy - metrics.accuracy) > 1e-9:
        raise StepFailed(
            f"reloaded model scores {accuracy:.3f}, training said {metrics.accuracy:.3f}"
        )
    log.info("self-test: saved model %s reloads and predicts identically", path.name)


def _verify_inference(window: object, record: object) -> None:
    """Inference through the Inference tab's worker predicts what the core's API predicts."""
    import numpy as np

    from bcigui.classifiers.base import BaseClassifier
    from bcigui.data import load_seed_files
    from bcigui.gui import automation as auto

    panel = window.training_tab.data_panel  # type: ignore[attr-defined]
    rows = [r for r in (panel.test_box.rows or panel.train_box.rows) if r[0] and r[1]][:40]
    path = Path(record.result.saved_path)  # type: ignore[attr-defined]
    result = auto.infer(window, path, rows)
    trials = load_seed_files([r[0] for r in rows], [r[1] for r in rows], role="query")
    preds, proba = BaseClassifier.load(path).predict_trials(trials)
    got = [p.predicted for p in result.predictions]
    if got != list(preds) or not np.allclose([p.proba for p in result.predictions], proba):
        raise auto.StepFailed("the Inference tab's predictions differ from the API's")
    log.info(
        "self-test: inference tab matches the API on %d trials (accuracy %.3f)",
        len(got),
        result.accuracy,
    )


if __name__ == "__main__":
    sys.exit(main())
