"""GUI benchmarks: process start to first painted window, and event-loop stalls during work.

Run: ``.venv/bin/python benchmarks/bench_gui.py`` (offscreen Qt, about 2 minutes). The stall
probe is a 10 ms QTimer in the GUI thread; a stall is how late a tick arrives. Work runs through
the app's own WorkerPool, exactly as the window runs it. Results go to ``docs/benchmarks.md``.
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from _report import write_section

FIRST_PAINT = r"""
import sys, tempfile, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from bcigui.gui.app import make_application
from bcigui.gui.main_window import MainWindow
from bcigui.gui.settings import AppSettings, settings_file

tmp = Path(tempfile.mkdtemp())
app = make_application()
window = MainWindow(settings=AppSettings(settings_file(tmp / "s.ini")), store_dir=tmp / "store")

class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            heavy = [m for m in ("tensorflow", "keras", "sklearn") if m in sys.modules]
            print("painted", ",".join(heavy) or "-", flush=True)
            QTimer.singleShot(0, window.close)
            QTimer.singleShot(50, app.quit)
        return False

probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
import os
os._exit(0)  # the core-loading thread may still run (as the app itself exits: abandonable)
"""


def bench_first_paint(repeats: int = 5) -> tuple[str, dict[str, float]]:
    times, heavy = [], set()
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", FIRST_PAINT], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("painted"):
                times.append(time.perf_counter() - start)
                heavy.add(line.split()[1])
                break
        proc.wait(timeout=60)
    med = statistics.median(times)
    text = (
        f"| process start to first painted window (median of {repeats}) | {med:.2f} s "
        f"| <= 1.0 s |\n| heavy modules loaded by then (by the core-loading worker thread, "
        f"never the GUI thread) | {', '.join(sorted(heavy))} | no TensorFlow |\n"
    )
    return text, {"first_paint_s": med}


class StallProbe:
    """Ticks a 10 ms timer in the GUI thread and records how late each tick is."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.lates: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lates.append(max(0.0, now - self._last - 0.010))
        self._last = now

    def start(self) -> None:
        self.lates.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> tuple[float, float]:
        self.timer.stop()
        late_ms = np.array(self.lates) * 1000.0
        return float(late_ms.max()), float(np.percentile(late_ms, 99))


def run_in_pool(app: object, pool: object, job: Callable[..., object], name: str) -> object:
    """Submit ``job`` to the app's WorkerPool and spin the event loop until it finishes."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    out: dict[str, object] = {}
    worker = pool.submit(job, name=name)  # type: ignore[attr-defined]
    worker.result.connect(lambda value: out.setdefault("result", value))
    worker.error.connect(lambda err: out.setdefault("error", err))
    worker.finished.connect(loop.quit)
    loop.exec()
    if "error" in out:
        raise RuntimeError(f"{name} failed: {out['error']}")
    return out.get("result")


def bench_stalls() -> tuple[str, dict[str, float]]:
    from bcigui.app.runtime import ensure_tensorflow
    from bcigui.gui.app import make_application
    from bcigui.gui.core import load_core
    from bcigui.gui.workers import WorkerPool

    app = make_application()
    pool = WorkerPool()
    probe = StallProbe()
    rows, out = [], {}
    run_in_pool(app, pool, load_core(), "load core")
    tmp = Path(tempfile.mkdtemp(prefix="bcigui-bench-gui-"))

    from bcigui import SVM, InputAdapter, LSTMLayer, LSTMNet, SequenceAdapter, SequenceEncoder
    from bcigui.data.synthetic import make_p300

    trials = make_p300(n_trials=600, random_state=0)
    net = LSTMNet(
        encoder=SequenceEncoder(layers=[LSTMLayer(hidden_size=32)]),
        input_adapter=SequenceAdapter(decimate=4),
        epochs=5,
    )

    def cases() -> list[tuple[str, Callable[..., object]]]:
        def first_import(progress: Callable[..., None], cancel: object) -> None:
            ensure_tensorflow(progress)

        def train(progress: Callable[..., None], cancel: object) -> None:
            net.fit_trials(trials, progress=progress)
            net.save(tmp / "lstm.bcimodel", overwrite=True)

        def load_predict(progress: Callable[..., None], cancel: object) -> None:
            from bcigui.store.manager import ModelManager

            model = ModelManager(tmp / "other").load(tmp / "lstm.bcimodel")
            model.predict_trials(trials.subset([0]))

        def reconcile(progress: Callable[..., None], cancel: object) -> None:
            from bcigui.store.index import ModelIndex

            ModelIndex(tmp / "big").reconcile()

        return [
            ("TensorFlow's first import (in a worker)", first_import),
            ("an LSTMNet trains (600 trials, 5 epochs)", train),
            ("a Keras model loads from disk and first predicts", load_predict),
            ("the library reconciles 10,000 model files", reconcile),
        ]

    from bench_store import make_store

    small = SVM(probability=False, input_adapter=InputAdapter(reduce_3d="mean_time_flat"))
    small.fit_trials(trials.subset(np.arange(60)))
    make_store(tmp / "big", small.save(tmp / "template.bcimodel"))
    for title, job in cases():
        probe.start()
        run_in_pool(app, pool, job, title)
        worst, p99 = probe.stop()
        out[title] = worst
        ok = "yes" if worst <= 50 and p99 <= 20 else "**no**"
        rows.append(f"| {title} | {worst:.0f} ms | {p99:.1f} ms | {ok} |")
    pool.shutdown()
    text = (
        "| while... | worst stall | 99th percentile | within target (<= 50 ms, <= 20 ms) |\n"
        "|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )
    return text, out


def bench_live_stall(seconds: float = 30.0) -> tuple[str, float, float, int]:
    """Stalls of the real main window while its Live tab spells on a replayed recording.

    The window, the store and the LSL streams are the app's own (``start_demo_speller``: a
    ShrinkageLDA speller model, the demo speller recording replayed at 1x from the tab, dynamic
    stopping); the probe runs for ``seconds`` once the first epochs arrived, while the tab
    draws the scrolling EEG, the probabilities, the matrix and the counters.

    Returns
    -------
    row : str
        The table row.
    worst, p99 : float
        Milliseconds.
    epochs : int
        Epochs classified while measured.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    from bcigui.gui import automation as auto
    from bcigui.gui.app import make_application
    from bcigui.gui.screenshots import scratch_window, start_demo_speller

    make_application()
    with tempfile.TemporaryDirectory(prefix="bcigui-bench-live-") as name:
        tmp = Path(name)
        window = scratch_window(tmp)
        window.show()
        try:
            auto.wait_for_core(window)
            tab = start_demo_speller(window, tmp / "live")
            auto.wait_until(lambda: tab.counts["epochs"] >= 5, 120, "the first epochs")
            before = tab.counts["epochs"]
            probe = StallProbe()
            loop = QEventLoop()
            probe.start()
            QTimer.singleShot(int(seconds * 1000), loop.quit)
            loop.exec()
            worst, p99 = probe.stop()
            epochs = tab.counts["epochs"] - before
            tab.stop()
            auto.wait_until(lambda: not tab.running, 30, "the live session to stop")
            tab.stop_replay()
        finally:
            window.close()
    ok = "yes" if worst <= 50 and p99 <= 20 else "**no**"
    title = (
        f"a live speller session runs in the Live tab ({seconds:.0f} s at 1x, "
        f"{epochs} epochs drawn)"
    )
    return f"| {title} | {worst:.0f} ms | {p99:.1f} ms | {ok} |", worst, p99, epochs


def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    paint, _ = bench_first_paint()
    sys.stdout.write(paint + "\n")
    stalls, _ = bench_stalls()
    live_row, *_ = bench_live_stall()
    stalls += live_row + "\n"
    sys.stdout.write(stalls + "\n")
    write_section(
        "bench_gui",
        "Offscreen Qt platform. Stalls: lateness of a 10 ms timer in the GUI thread while the "
        "work runs in the app's WorkerPool (QThread); for the live session, while the real "
        "main window's Live tab spells on a replayed recording.\n\n### Start-up\n\n"
        "| measure | result | target |\n|---|---|---|\n"
        + paint
        + "\n### Event-loop stalls\n\n"
        + stalls,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
