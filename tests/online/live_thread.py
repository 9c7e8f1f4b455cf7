"""``run_live`` in a thread the test owns and joins, so the test can feed streams meanwhile."""

from __future__ import annotations

import threading
import time
from typing import Any

from bcigui.classifiers.progress import CancelToken


class LiveThread:
    """Run :func:`bcigui.app.live.run_live` with ``settings`` in a thread; events are collected.

    Use as a context manager: leaving the block cancels and joins (no thread is left behind).
    """

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.events: list[Any] = []
        self.cancel = CancelToken()
        self.summary: Any = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="live-test")

    def _run(self) -> None:
        from bcigui.app.live import run_live

        try:
            self.summary = run_live(self.settings, self.events.append, self.cancel)
        except BaseException as exc:  # re-raised by stop()
            self.error = exc

    def __enter__(self) -> LiveThread:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel.cancel()
        self._thread.join(30)

    def stop(self) -> Any:
        """Cancel, join and return the summary (raise what run_live raised)."""
        self.cancel.cancel()
        self._thread.join(30)
        assert not self._thread.is_alive(), "run_live did not return after cancel"
        if self.error is not None:
            raise self.error
        return self.summary

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> None:
        """Block until ``predicate(events)`` is true (AssertionError after ``timeout``)."""
        deadline = time.monotonic() + timeout
        while not predicate(self.events):
            if self.error is not None:
                raise self.error
            assert time.monotonic() < deadline, "timed out waiting for live events"
            time.sleep(0.02)

    def epochs(self) -> list[Any]:
        """The ``epoch`` events so far."""
        return [e for e in list(self.events) if e.kind == "epoch"]
