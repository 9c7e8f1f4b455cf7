"""The one background-work abstraction of the GUI: a callable run in a QThread.

Any slow work (loading files, training, counting parameters, importing the core) is a plain
callable ``fn(progress, cancel) -> result`` that knows nothing about Qt. It receives the core's
progress callable (``progress(fraction, message, **values)``) and a
:class:`~bcigui.classifiers.progress.CancelToken`.

:class:`WorkerPool` (one per window, living in the GUI thread) runs such callables:

>>> worker = pool.submit(fn, name="SVM on p300", lane="training")   # doctest: +SKIP
>>> worker.progress.connect(progress_bar_slot)                      # doctest: +SKIP
>>> worker.result.connect(show_result_slot)                         # doctest: +SKIP

Each submitted callable gets a :class:`Worker`, a QObject that lives in the GUI thread and
emits ``started``, ``progress(fraction, message, values)``, ``result(object)``,
``error(WorkerError)``, ``cancelled()`` and, always last and only once the thread has stopped,
``finished()``. The callable itself runs in a private :class:`_Task` object moved to its own
QThread; the task's signals reach the Worker through queued connections, so every signal a
caller sees is emitted in the GUI thread, whatever kind of receiver it is connected to (slot,
bound method or lambda), and all state travels inside the signals. Connecting right after
:meth:`WorkerPool.submit` returns never misses a signal.

Jobs run in *lanes*: at most one job per lane at a time, the others wait in FIFO order
(several trainings queue in the ``"training"`` lane while file checks run in ``"data"``).

Progress is throttled in the worker thread: a report that carries ``batch`` (or repeats the
previous message) is dropped when it comes less than ``min_interval_s`` after the last one;
epoch ends and stage messages always pass.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from bcigui.gui.worker_task import JobFunction, WorkerError, _Task, is_expected_error

__all__ = [
    "JobFunction",
    "Worker",
    "WorkerError",
    "WorkerPool",
    "WorkerState",
    "is_expected_error",
    "live_thread_count",
]

log = logging.getLogger(__name__)


#: Default minimum seconds between two throttled progress signals (at most ~20 per second).
MIN_PROGRESS_INTERVAL_S = 0.05

_live_threads: set[QThread] = set()


def live_thread_count() -> int:
    """QThreads started by any :class:`WorkerPool` and not joined yet (tests check it is 0)."""
    return len(_live_threads)


class WorkerState(Enum):
    """Life cycle of a :class:`Worker`."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def done(self) -> bool:
        """True once the worker will not run (any more)."""
        return self in (WorkerState.SUCCEEDED, WorkerState.FAILED, WorkerState.CANCELLED)


class Worker(QObject):
    """Handle on one submitted job; lives in the GUI thread (see the module docstring).

    Signals
    -------
    started()
        The callable began running.
    progress(float, str, dict)
        ``fraction`` in [0, 1], a message, and the named values of the core's report.
    result(object)
        What the callable returned.
    error(WorkerError)
        The callable raised.
    cancelled()
        The job was cancelled (while queued, or the callable raised ``Cancelled``).
    finished()
        Always last, exactly once, after the thread stopped (or when a queued job is dropped).
    """

    started = Signal()
    progress = Signal(float, str, dict)
    result = Signal(object)
    error = Signal(object)
    cancelled = Signal()
    finished = Signal()
    #: Emitted when :meth:`cancel` is first called (the job may take a while to stop).
    cancel_requested = Signal()

    def __init__(
        self,
        fn: JobFunction,
        name: str,
        lane: str,
        min_interval_s: float,
        abandonable: bool = False,
    ) -> None:
        super().__init__()
        self.name = name
        #: Safe to leave running when the app quits (it writes nothing, e.g. an import).
        self.abandonable = abandonable
        self.lane = lane
        self.state = WorkerState.QUEUED
        self.submitted_at = time.monotonic()
        self.started_at: float | None = None
        self._flag = threading.Event()
        self._fn: JobFunction | None = fn
        self._min_interval_s = min_interval_s
        self._task: _Task | None = None
        self._finished_emitted = False

    def __repr__(self) -> str:
        return f"<Worker {self.name!r} lane={self.lane} {self.state.value}>"

    def cancel(self) -> None:
        """Ask the job to stop at its next check; a queued job is dropped at once."""
        if self.state.done or self._flag.is_set():
            return
        self._flag.set()
        task = self._task
        if task is not None and task.token is not None:
            task.token.cancel()
        self.cancel_requested.emit()
        pool = self.parent()
        if self.state is WorkerState.QUEUED and isinstance(pool, WorkerPool):
            pool._drop_queued(self)

    # -- called by the pool ------------------------------------------------------------------
    def _make_task(self) -> _Task:
        assert self._fn is not None
        task = _Task(self._fn, self._flag, self._min_interval_s)
        self._fn = None
        task.began.connect(self._on_began)
        task.reported.connect(self.progress)
        task.succeeded.connect(self._on_succeeded)
        task.failed.connect(self._on_failed)
        task.was_cancelled.connect(self._on_cancelled)
        self._task = task
        return task

    @Slot()
    def _on_began(self) -> None:
        self.state = WorkerState.RUNNING
        self.started_at = time.monotonic()
        self.started.emit()

    @Slot(object)
    def _on_succeeded(self, value: object) -> None:
        self.state = WorkerState.SUCCEEDED
        self.result.emit(value)

    @Slot(object)
    def _on_failed(self, err: object) -> None:
        self.state = WorkerState.FAILED
        self.error.emit(err)

    @Slot()
    def _on_cancelled(self) -> None:
        self.state = WorkerState.CANCELLED
        self.cancelled.emit()

    def _emit_finished(self) -> None:
        if not self._finished_emitted:
            self._finished_emitted = True
            self._task = None
            self.finished.emit()


@dataclass
class _Lane:
    queue: deque[Worker] = field(default_factory=deque)
    running: Worker | None = None


class WorkerPool(QObject):
    """Owns the worker threads: lanes, queueing, cancellation and a bounded shutdown.

    Signals
    -------
    changed()
        A job was queued, started, or finished (for queue displays).
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lanes: dict[str, _Lane] = {}
        self._threads: dict[Worker, QThread] = {}
        self._closed = False

    # -- public API ----------------------------------------------------------------------------
    def submit(
        self,
        fn: JobFunction,
        *,
        name: str,
        lane: str = "default",
        min_interval_s: float = MIN_PROGRESS_INTERVAL_S,
        abandonable: bool = False,
    ) -> Worker:
        """Run ``fn(progress, cancel)`` in a worker thread, after the jobs queued in ``lane``.

        ``abandonable=True`` marks a job that writes nothing and cannot be interrupted (a
        library import): :meth:`shutdown` does not wait for it, and the process may exit while
        it runs.

        Returns
        -------
        Worker
            Its signals are emitted in the GUI thread; connect them right away.

        Raises
        ------
        RuntimeError
            After :meth:`shutdown`.
        """
        if self._closed:
            raise RuntimeError("the worker pool was shut down")
        worker = Worker(fn, name, lane, min_interval_s, abandonable)
        worker.setParent(self)
        self._lanes.setdefault(lane, _Lane()).queue.append(worker)
        log.debug("queued %r", worker)
        self._schedule(lane)
        self.changed.emit()
        return worker

    @property
    def closed(self) -> bool:
        """True after :meth:`shutdown`: no more jobs are accepted."""
        return self._closed

    def running(self, lane: str | None = None) -> list[Worker]:
        """Jobs running now (in ``lane``, or in every lane)."""
        lanes = self._lanes.values() if lane is None else [self._lanes.get(lane, _Lane())]
        return [ln.running for ln in lanes if ln.running is not None]

    def queued(self, lane: str | None = None) -> list[Worker]:
        """Jobs waiting for their lane (in ``lane``, or in every lane), in order."""
        lanes = self._lanes.values() if lane is None else [self._lanes.get(lane, _Lane())]
        return [w for ln in lanes for w in ln.queue]

    def is_busy(self, lane: str | None = None) -> bool:
        """Whether a job runs or waits (in ``lane``, or in any lane)."""
        return bool(self.running(lane) or self.queued(lane))

    def thread_count(self) -> int:
        """QThreads this pool started that have not been joined yet."""
        return len(self._threads)

    def cancel_all(self, lane: str | None = None) -> None:
        """Cancel every queued and running job (of ``lane``, or of every lane)."""
        for worker in self.queued(lane):
            worker.cancel()
        for worker in self.running(lane):
            worker.cancel()

    def shutdown(self, timeout_s: float = 2.0) -> bool:
        """Cancel everything and join every thread, waiting at most ``timeout_s`` in all.

        Returns
        -------
        bool
            True when every thread stopped, abandonable jobs aside; False when some job did
            not reach a cancellation point in time (its thread is left running and logged; the
            caller decides whether to exit the process anyway). See :meth:`threads_alive` for
            whether the process can end normally.
        """
        self._closed = True
        self.cancel_all()
        deadline = time.monotonic() + timeout_s
        stuck = []
        for worker, thread in list(self._threads.items()):
            remaining_ms = max(0, int(1000 * (deadline - time.monotonic())))
            if thread.wait(0 if worker.abandonable else remaining_ms):
                self._release(worker, thread)
            elif worker.abandonable:
                log.info("leaving %r to finish on its own (it writes nothing)", worker.name)
            else:
                stuck.append(worker)
        for worker in stuck:
            log.warning("worker %r did not stop within %.1f s", worker.name, timeout_s)
        return not stuck

    def threads_alive(self) -> bool:
        """Whether any worker thread still runs (then the process must end with ``os._exit``)."""
        return any(thread.isRunning() for thread in self._threads.values())

    # -- internals -----------------------------------------------------------------------------
    def _schedule(self, lane_name: str) -> None:
        lane = self._lanes[lane_name]
        if lane.running is not None or not lane.queue or self._closed:
            return
        worker = lane.queue.popleft()
        lane.running = worker
        task = worker._make_task()
        thread = QThread(self)
        thread.setObjectName(f"bcigui-{lane_name}")
        task.moveToThread(thread)
        thread.started.connect(task.run)
        # quit directly from the worker thread: joining never depends on the GUI event loop
        task.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._on_thread_finished)  # queued: the pool is a GUI QObject
        self._threads[worker] = thread
        _live_threads.add(thread)
        log.debug("starting %r", worker)
        thread.start()

    @Slot()
    def _on_thread_finished(self) -> None:
        finished = self.sender()
        for worker, thread in list(self._threads.items()):
            if thread is finished:
                self._release(worker, thread)

    def _release(self, worker: Worker, thread: QThread) -> None:
        thread.wait()
        self._threads.pop(worker, None)
        _live_threads.discard(thread)
        thread.deleteLater()
        lane = self._lanes.get(worker.lane)
        if lane is not None and lane.running is worker:
            lane.running = None
        if not worker.state.done:  # ended without reporting (should not happen): say so
            worker.state = WorkerState.FAILED
        worker._emit_finished()
        worker.setParent(None)  # the caller's reference (if any) now owns it
        if lane is not None:
            self._schedule(worker.lane)
        self.changed.emit()

    def _drop_queued(self, worker: Worker) -> None:
        lane = self._lanes.get(worker.lane)
        if lane is not None and worker in lane.queue:
            lane.queue.remove(worker)
            worker.state = WorkerState.CANCELLED
            worker.cancelled.emit()
            worker._emit_finished()
            worker.setParent(None)
            self.changed.emit()
