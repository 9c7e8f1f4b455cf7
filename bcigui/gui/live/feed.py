"""Live events from the worker thread to the GUI thread, coalesced to at most ~20 draws a second.

``run_live`` calls its ``on_event`` callback in the worker thread for every epoch, decision,
status line and EEG chunk. :meth:`LiveEventFeed.push` (that callback) only appends the event to a
locked list and, when the list was empty, emits one queued wake-up signal; the GUI thread then
waits until :data:`REFRESH_HZ` allows and hands everything that piled up to ``batch`` in one
signal. However fast events come, the GUI thread draws at most :data:`REFRESH_HZ` times a
second and never blocks on the worker.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

#: Most batches (draws) per second.
REFRESH_HZ = 20


class LiveEventFeed(QObject):
    """A thread-safe inbox for live events, drained in batches in the GUI thread.

    Signals
    -------
    batch(list)
        The events pushed since the last batch, in order (emitted in the GUI thread).
    """

    batch = Signal(list)
    _wake = Signal()

    def __init__(self, parent: QObject | None = None, max_hz: float = REFRESH_HZ) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._pending: list[Any] = []
        self._woken = False
        self._interval_s = 1.0 / max_hz
        self._last_drain = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.drain)
        self._wake.connect(self._schedule, Qt.ConnectionType.QueuedConnection)

    def push(self, event: Any) -> None:
        """Queue one event (called from the worker thread; never blocks on the GUI)."""
        with self._lock:
            self._pending.append(event)
            if self._woken:
                return
            self._woken = True
        self._wake.emit()

    @Slot()
    def _schedule(self) -> None:
        wait_s = self._interval_s - (time.monotonic() - self._last_drain)
        if not self._timer.isActive():
            self._timer.start(max(0, int(1000 * wait_s)))

    @Slot()
    def drain(self) -> None:
        """Emit ``batch`` with what is pending now (also called once more at the end of a run)."""
        with self._lock:
            events, self._pending = self._pending, []
            self._woken = False
        self._last_drain = time.monotonic()
        if events:
            self.batch.emit(events)
