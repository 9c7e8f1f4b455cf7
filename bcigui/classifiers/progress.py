"""The progress and cancellation protocol between core code and its callers.

Core code never knows who watches it. It calls a plain ``progress(fraction, message, **values)``
callable (the GUI worker turns that into a Qt signal, a script may log it) and polls a
:class:`CancelToken` (the GUI's Stop button sets it from another thread).
"""

from __future__ import annotations

import threading
from typing import Any, Protocol


class ProgressCallback(Protocol):
    """``progress(fraction, message, **values)``: fraction in [0, 1], a short message, and named
    values such as ``epoch``, ``batch``, ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``."""

    def __call__(self, fraction: float, message: str, **values: Any) -> None: ...


def no_progress(fraction: float, message: str, **values: Any) -> None:
    """A progress callback that does nothing."""


class CancelToken:
    """A thread-safe flag that asks running work to stop.

    Examples
    --------
    >>> token = CancelToken()
    >>> token.cancel()
    >>> token.cancelled
    True
    """

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise :class:`~bcigui.errors.Cancelled` when cancellation was requested."""
        if self._event.is_set():
            from bcigui.errors import Cancelled  # (bcigui.errors imports scikit-learn)

            raise Cancelled("training cancelled by the user; nothing was saved")


def scaled(progress: ProgressCallback, share: float) -> ProgressCallback:
    """A callback that maps ``fraction`` onto ``[0, share]`` before calling ``progress``."""

    def report(fraction: float, message: str, **values: Any) -> None:
        progress(share * fraction, message, **values)

    return report
