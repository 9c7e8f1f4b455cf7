"""Render screenshots of the real window: ``python -m bcigui.gui.screenshots [--lang es] [OUTDIR]``.

Run it under a virtual display (``xvfb-run -a python -m bcigui.gui.screenshots``) so that Qt
uses its xcb platform like on a desktop. It opens the window with a temporary store, data
folder and settings, shows a data problem, loads the P300 demo set, trains a small LSTMNet
(captured while it runs and when it is done), trains an SVM, shows both in the Model
Library, runs the LSTMNet on the test files in the Inference tab, runs the Live tab on a
replayed synthetic speller recording (``live.png``, at 1600x1000), runs a small study of three
pipelines on synthetic P300 subjects in the Study tab (``study.png``), and saves one PNG per view
with ``QWidget.grab()`` into OUTDIR (default ``docs/screenshots``). Last, it renders each tab at
every size of :data:`CHECK_SIZES` (``training_1024x700.png`` and so on), to look for anything
cut off or overlapping on a large and on a small screen.

``python -m bcigui.gui.screenshots OUTDIR --live`` takes the Live tab's screenshot only (a
minute, no network training); ``--study`` the Study tab's only (``study.png``, and the tab at
each check size).

The virtual screen must hold the largest size:
``xvfb-run -a -s "-screen 0 1920x1200x24" python -m bcigui.gui.screenshots``.

``--lang es`` renders the window in Spanish (the catalogue is compiled first when needed) into
``docs/screenshots/es`` unless OUTDIR is given.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger("bcigui.gui.screenshots")

WINDOW_SIZE = (1480, 900)
#: Window sizes every tab is rendered at: a large screen and the smallest supported one.
CHECK_SIZES = ((1600, 1000), (1024, 700))
#: File name stem of each tab, in tab order.
TAB_NAMES = ("training", "library", "inference", "live", "study")
#: The Live tab's screenshot size.
LIVE_SIZE = (1600, 1000)
#: The demo speller spells this, row/column flashes of a 6x6 matrix (dynamic stopping).
SPELLER_TEXT = "BCI"
#: Window size of the finished-study screenshot.
STUDY_SIZE = (1600, 1000)
#: A small LSTMNet that trains in seconds on the P300 demo set yet gives readable curves.
LSTM_SETTINGS = {
    "encoder": {"layers": [{"hidden_size": 32, "bidirectional": True}]},
    "pooling": "mean",
    "input_adapter": {"decimate": 4},
    "class_weight": "balanced",
    "epochs": 12,
    "learning_rate": 0.003,
}


def _grab(window: object, path: Path) -> None:
    from PySide6.QtCore import QCoreApplication

    for _ in range(5):  # let layouts and the 20 Hz curve refresh settle
        QCoreApplication.processEvents()
    window.grab().save(str(path))  # type: ignore[attr-defined]
    log.info("wrote %s", path)


def _bad_files(folder: Path) -> list[Path]:
    """A small set with typical mistakes: an object array and a label count that does not fit."""
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    files = []
    for i in range(3):
        x = folder / f"sub01_run{i}_x.npy"
        np.save(x, rng.standard_normal((4, 100, 8)).astype(np.float32))
        np.save(folder / f"sub01_run{i}_y.npy", np.array([0, 1, 0, 1]))
        files += [x, folder / f"sub01_run{i}_y.npy"]
    np.save(folder / "sub01_run1_y.npy", np.array([0, 1, 1]))  # 3 labels for 4 trials
    bad = np.empty(2, dtype=object)
    bad[:] = [np.zeros((100, 8)), np.zeros((90, 8))]
    np.save(folder / "sub01_run2_x.npy", bad, allow_pickle=True)  # needs pickle: refused
    return files


def _library_and_inference(window: Any, lstm_path: Path, out: Path) -> None:
    """The Model Library with the LSTMNet selected, then inference with it on the test files."""
    from bcigui.gui import automation as auto

    library = window.library_tab
    auto.wait_until(lambda: library.table_model.rowCount() >= 2, 60, "the library to list")
    window.library.annotate(lstm_path, notes="Demo P300 LSTMNet from the screenshot script.")
    window.library.set_champion(lstm_path)
    window.show_in_library(lstm_path)
    auto.wait_until(lambda: library.model_path == lstm_path, 30, "the LSTMNet row")
    library.table.resizeColumnsToContents()
    library.details.pages.setCurrentIndex(1)
    _grab(window, out / "library.png")
    panel = window.training_tab.data_panel
    rows = [r for r in (panel.test_box.rows or panel.train_box.rows) if r[0] and r[1]][:60]
    auto.infer(window, lstm_path, rows)
    results = window.inference_tab.results
    results.table.selectRow(0)
    for row in range(1, 6):
        results.table.selectionModel().select(
            results.table.model().index(row, 0),
            results.table.selectionModel().SelectionFlag.Select
            | results.table.selectionModel().SelectionFlag.Rows,
        )
    _grab(window, out / "inference.png")


def start_demo_speller(window: Any, folder: Path, *, size: tuple[int, int] = LIVE_SIZE) -> Any:
    """Train a speller model, replay a speller recording and start the Live tab on it.

    Writes a synthetic calibration and speller recording (:data:`SPELLER_TEXT`) under
    ``folder``, trains a ShrinkageLDA into the window's store, replays the speller recording
    from the tab at 1x and starts a session with dynamic stopping (0.9, 1-4 repetitions).
    Returns the Live tab, running (the caller stops the session and the replay).
    """
    from bcigui import ShrinkageLDA
    from bcigui.app.fitting import train_and_save
    from bcigui.data.epoching import EpochSettings, epoch_recordings
    from bcigui.gui import automation as auto
    from bcigui.online.demo import write_speller_recordings

    calibration, speller = write_speller_recordings(folder, SPELLER_TEXT)
    settings = EpochSettings(
        event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8, l_freq=1.0, h_freq=20.0
    )
    train, test = epoch_recordings(calibration, settings).split(0.25, seed=0)
    result = train_and_save(ShrinkageLDA(), train, test, label="speller-demo",
                            store_dir=window.library.store_dir)  # fmt: skip
    if result.saved_path is None:
        raise RuntimeError("the demo speller model was not saved")
    model_path = Path(result.saved_path)
    window.library.reconcile()
    tab = window.live_tab
    window.resize(*size)
    window.tabs.setCurrentWidget(tab)
    auto.wait_until(lambda: tab.picker.model_combo.findData(str(model_path)) >= 0, 60,
                    "the speller model in the Live tab")  # fmt: skip
    tab.picker.choose(model_path)
    tab.options.dynamic_radio.setChecked(True)
    tab.options.threshold_spin.setValue(0.9)
    tab.options.min_spin.setValue(1)
    tab.options.max_spin.setValue(4)
    auto.wait_until(lambda: tab.replay_button.isEnabled() and not tab._discovering, 60, "Replay")
    tab.start_replay(speller)
    auto.wait_until(lambda: tab.replay is not None, 60, "the replay")
    name = tab.replay.name
    auto.wait_until(lambda: tab.streams.eeg_name == name and not tab._discovering, 60, "streams")
    tab.streams.choose_marker(f"{name}-markers")
    auto.wait_until(lambda: tab.start_button.isEnabled(), 60, "Start enabled")
    tab.start()
    return tab


def _live(window: Any, folder: Path, out: Path) -> None:
    """The Live tab spelling on a replayed synthetic speller recording: ``live.png``."""
    from bcigui.gui import automation as auto

    tab = start_demo_speller(window, folder)
    auto.wait_until(lambda: len(tab.spelled) >= 1 and tab.counts["epochs"] >= 30, 180,
                    "a spelled symbol")  # fmt: skip
    _grab(window, out / "live.png")
    tab.stop()
    auto.wait_until(lambda: not tab.running, 30, "the live session to stop")
    tab.stop_replay()


def _study_subjects(folder: Path, n_subjects: int = 3) -> list[Path]:
    """Synthetic P300 trial files of ``n_subjects`` subjects (X and labels, .npy)."""
    import numpy as np

    from bcigui.data.synthetic import make_p300

    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for seed in range(n_subjects):
        trials = make_p300(n_trials=90, target_ratio=0.25, snr=1.2 + 0.4 * seed, random_state=seed)
        x, y = folder / f"sub{seed + 1:02d}_x.npy", folder / f"sub{seed + 1:02d}_y.npy"
        np.save(x, trials.X.astype(np.float32))
        np.save(y, np.asarray(trials.y))
        files += [x, y]
    return files


def _study(window: Any, tmp: Path, out: Path) -> None:
    """A finished study of ShrinkageLDA, SVM (a C grid) and XdawnRiemann on three subjects."""
    from bcigui.gui import automation as auto

    window.resize(*STUDY_SIZE)
    tab = window.study_tab
    window.tabs.setCurrentWidget(tab)
    tab.data_panel.add_files(_study_subjects(tmp / "study"))
    for name in ("ShrinkageLDA", "SVM", "XdawnRiemann"):
        tab.pipelines.set_ticked(name)
    svm = tab.pipelines.form("SVM")
    svm.form.set_values({"kernel": "linear"})
    svm.value_edits["C"].setText("0.01, 0.1, 1")
    tab.pipelines.select("SVM")
    tab.evaluation.set_values(
        {
            "scheme": "stratified",
            "folds": 3,
            "nested": 2,
            "metrics": ["roc_auc", "balanced_accuracy"],
        }
    )
    tab.run_on.set_values({"kind": "local", "n_workers": 2})
    tab.label_box.setCurrentText("p300-study")
    worker = tab.run()
    if worker is None:
        raise auto.StepFailed(f"the study did not start: {tab.problems()}")
    auto.wait_until(lambda: not tab.is_running(), 600, "the study to finish")
    if tab.last_outcome is None:
        raise auto.StepFailed(f"the study failed: {tab.results.status.text()}")
    tab.results.leaderboard_view.selectRow(0)
    _grab(window, out / "study.png")


def _tabs_at_sizes(window: Any, out: Path, only: Sequence[str] = TAB_NAMES) -> None:
    """Each tab (of ``only``) at each of :data:`CHECK_SIZES`, as ``<tab>_<w>x<h>.png``."""
    from PySide6.QtCore import QCoreApplication

    for width, height in CHECK_SIZES:
        window.resize(width, height)
        for _ in range(5):
            QCoreApplication.processEvents()
        if (window.width(), window.height()) != (width, height):
            log.warning("the window is %dx%d, not %dx%d: is the virtual screen large enough?",
                        window.width(), window.height(), width, height)  # fmt: skip
        for index, name in enumerate(TAB_NAMES):
            if name not in only:
                continue
            window.tabs.setCurrentIndex(index)
            _grab(window, out / f"{name}_{width}x{height}.png")
    window.tabs.setCurrentIndex(0)


def scratch_window(folder: Path) -> Any:
    """A main window whose settings, data, store and LSL configuration all live in ``folder``.

    LSL is kept on this machine (:func:`local_lsl`); the window is not shown yet.
    """
    from bcigui.gui.main_window import MainWindow
    from bcigui.gui.settings import AppSettings, settings_file

    local_lsl(folder)
    settings = AppSettings(settings_file(folder / "settings.ini"))
    settings.data_dir = folder / "data"
    return MainWindow(settings=settings, store_dir=folder / "store")


def local_lsl(folder: Path) -> None:
    """Keep the replayed streams on this machine (before liblsl loads)."""
    import os

    from bcigui.online.lsl_config import LSL_CONFIG_ENV, write_local_lsl_config

    path, _ = write_local_lsl_config(folder / "lsl_api.cfg")
    os.environ.setdefault(LSL_CONFIG_ENV, str(path))


def _tour(window: Any, tmp: Path, out: Path) -> None:
    """Every view: the data problems, training, the library, inference, a study, the sizes."""
    from bcigui.gui import automation as auto

    tab = window.training_tab
    panel = tab.data_panel
    panel.add_files(_bad_files(tmp / "bad"))
    panel.set_split(True, 25)
    auto.wait_until(lambda: panel.check is not None and not panel.checking, 60, "check")
    _grab(window, out / "training_problems.png")
    panel.train_box.clear()
    auto.load_demo(window, "p300")
    auto.configure(window, "lstm", "p300", **LSTM_SETTINGS)
    tab.model_panel.count_parameters(explicit=True)
    auto.wait_until(lambda: tab.run_panel.train_button.isEnabled(), 60, "Train enabled")
    tab.start_training()
    record = tab.records()[-1]
    auto.wait_until(lambda: len(record.points["val_loss"]) >= 5, 300, "five epochs")
    _grab(window, out / "training_running.png")
    auto.wait_until(lambda: not record.active and record.worker is None, 300, "the run")
    auto.wait_until(  # "12,345 parameters" in any language
        lambda: tab.model_panel.params_label.text()[:1].isdigit(), 60, "param count"
    )
    _grab(window, out / "training.png")
    auto.configure(window, "svm", "p300", input_adapter={"decimate": 4})
    auto.train(window, timeout_s=300)
    _library_and_inference(window, record.result.saved_path, out)
    _live(window, tmp / "live", out)
    _study(window, tmp, out)
    _tabs_at_sizes(window, out)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the screenshots; returns 0 on success."""
    from bcigui.gui import automation as auto
    from bcigui.gui.app import _setup_logging, make_application

    parser = argparse.ArgumentParser(prog="python -m bcigui.gui.screenshots")
    parser.add_argument("outdir", nargs="?", type=Path, help="default: docs/screenshots[/LANG]")
    parser.add_argument("--lang", default="en", help="language of the window (en, es)")
    parser.add_argument("--live", action="store_true", help="only the Live tab (live.png)")
    parser.add_argument("--study", action="store_true", help="only the Study tab (study.png)")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    default = Path("docs/screenshots")
    out = args.outdir or (default if args.lang == "en" else default / args.lang)
    out.mkdir(parents=True, exist_ok=True)
    _setup_logging(False)
    app = make_application()
    if args.lang != "en":
        from bcigui.gui.i18n import catalogue, install_translators

        catalogue.build()
        install_translators(args.lang, app)
    with tempfile.TemporaryDirectory(prefix="bcigui-shots-") as tmp_name:
        tmp = Path(tmp_name)
        window = scratch_window(tmp)
        window.resize(*WINDOW_SIZE)
        window.show()
        try:
            auto.wait_for_core(window)
            if args.live:
                _live(window, tmp / "live", out)
                _tabs_at_sizes(window, out, only=("live",))
            elif args.study:
                _study(window, tmp, out)
                _tabs_at_sizes(window, out, only=("study",))
            else:
                _tour(window, tmp, out)
        finally:
            window.close()
    return 0 if window.stopped_cleanly else 1


if __name__ == "__main__":
    sys.exit(main())
