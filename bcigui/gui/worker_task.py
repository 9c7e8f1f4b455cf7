"""The thread side of a worker: runs the callable, throttles progress, reports the outcome.

:class:`_Task` is created by :class:`~bcigui.gui.workers.Worker`, moved to its QThread and
started there; its signals reach the Worker (a GUI-thread object) through queued connections.
Nothing here is used directly by the tabs.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from bcigui.gui.i18n import tr_core

log = logging.getLogger(__name__)

JobFunction = Callable[[Callable[..., None], Any], Any]
"""``fn(progress, cancel) -> result``: the work, free of Qt."""


@dataclass(frozen=True)
class WorkerError:
    """What the ``error`` signal carries.

    Attributes
    ----------
    exception : BaseException
        The exception the callable raised.
    message : str
        The exception's message in the window's language (core exceptions name the file and
        the fix; :func:`bcigui.gui.i18n.tr_core`), or the type name. ``str(exception)`` stays
        English for logs.
    details : str
        The formatted traceback, for the "details" part of an error dialog.
    expected : bool
        True for errors about the user's input (bcigui errors, pydantic validation errors,
        OS errors such as a missing file); False for what looks like a bug.
    """

    exception: BaseException
    message: str
    details: str
    expected: bool = False

    @property
    def kind(self) -> str:
        """The exception's class name."""
        return type(self.exception).__name__

    @classmethod
    def from_exception(cls, exc: BaseException) -> WorkerError:
        """Describe ``exc`` (call inside the ``except`` block, or with a traceback attached)."""
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        message = tr_core(exc) or type(exc).__name__
        return cls(exc, message, details, is_expected_error(exc))


def is_expected_error(exc: BaseException) -> bool:
    """Whether ``exc`` is about the user's input rather than a bug."""
    if isinstance(exc, OSError | MemoryError):
        return True
    names = {klass.__name__ for klass in type(exc).__mro__}
    module = type(exc).__module__
    return "BciguiError" in names or (module.startswith("pydantic") and "ValueError" in names)


def _forget_foreign_thread() -> None:
    """Drop the ``threading`` bookkeeping of the current (Qt-started) thread.

    Python < 3.12 registers a ``_DummyThread`` the first time code in a thread it did not start
    calls ``threading.current_thread()`` (logging does) and never removes it, so every QThread
    that logged would stay in ``threading.enumerate()`` forever. Python 3.12+ removes it when
    the thread ends; this does the same just before the QThread ends.
    """
    current = threading.current_thread()
    if isinstance(current, threading._DummyThread) and current.ident is not None:
        with threading._active_limbo_lock:  # type: ignore[attr-defined]
            threading._active.pop(current.ident, None)  # type: ignore[attr-defined]


class _Task(QObject):
    """Runs the callable in its QThread; its signals go to the Worker (queued)."""

    began = Signal()
    reported = Signal(float, str, dict)
    succeeded = Signal(object)
    failed = Signal(object)
    was_cancelled = Signal()
    done = Signal()

    def __init__(self, fn: JobFunction, flag: threading.Event, min_interval_s: float) -> None:
        super().__init__()
        self._fn = fn
        self._flag = flag
        self._min_interval_s = min_interval_s
        self._last_time = 0.0
        self._last_message = ""
        self._home = QThread.currentThread()  # the GUI thread, where the task goes back to
        self.token: Any = None

    def report(self, fraction: float, message: str, **values: Any) -> None:
        """The ``progress`` callable handed to the work; throttles routine reports."""
        now = time.monotonic()
        routine = not values.get("epoch_end") and (
            "batch" in values or message == self._last_message
        )
        if routine and now - self._last_time < self._min_interval_s:
            return
        self._last_time = now
        self._last_message = message
        self.reported.emit(float(fraction), tr_core(message), dict(values))

    @Slot()
    def run(self) -> None:
        """Run the callable once and report how it ended."""
        try:
            from bcigui.classifiers.progress import CancelToken  # imported here, not at startup

            token = CancelToken()
            self.token = token
            if self._flag.is_set():
                token.cancel()
            self.began.emit()
            try:
                token.raise_if_cancelled()
                value = self._fn(self.report, token)
            except BaseException as exc:
                from bcigui.errors import Cancelled

                if isinstance(exc, Cancelled):
                    log.info("job cancelled: %s", exc)
                    self.was_cancelled.emit()
                else:
                    if not is_expected_error(exc):
                        log.exception("job failed")
                    self.failed.emit(WorkerError.from_exception(exc))
            else:
                if token.cancelled and value is None:
                    self.was_cancelled.emit()
                else:
                    self.succeeded.emit(value)
        except BaseException as exc:  # the import above failed: still report, never die silently
            self.failed.emit(WorkerError.from_exception(exc))
        finally:
            self._fn = None  # type: ignore[assignment]  # free what the closure holds
            self.moveToThread(self._home)  # so that the GUI thread may delete it afterwards
            _forget_foreign_thread()
            self.done.emit()
