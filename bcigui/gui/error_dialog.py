"""Error dialogs with copyable details, and the hook that shows unexpected exceptions.

No exception may kill the application silently: :class:`ExceptionHook` replaces
``sys.excepthook`` (PySide calls it for exceptions escaping a slot) and ``threading.excepthook``
and shows each exception in a dialog whose details can be copied into a bug report. Exceptions
from other threads reach the dialog through a queued signal.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

log = logging.getLogger(__name__)


def show_error(
    parent: QWidget | None,
    title: str,
    message: str,
    details: str = "",
    *,
    informative: str = "",
) -> None:
    """Show a modal error dialog; ``details`` go in an expandable, copyable section.

    Parameters
    ----------
    parent : QWidget or None
    title : str
        Window title.
    message : str
        What went wrong, in the user's words (core messages name the file and the fix).
    details : str
        Technical details (a traceback); a "Copy details" button puts them on the clipboard.
    informative : str
        A second line under the message, such as what to do next.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(message)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
        copy = QPushButton(QApplication.translate("ErrorDialog", "Copy details"))
        box.addButton(copy, QMessageBox.ButtonRole.ActionRole)
        copy.clicked.disconnect()  # keep the dialog open when copying
        copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(f"{title}\n{message}\n\n{details}")
        )
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()


def show_worker_error(parent: QWidget | None, title: str, error: Any) -> None:
    """Show a :class:`~bcigui.gui.workers.WorkerError` (expected errors without "bug" wording)."""
    informative = (
        ""
        if error.expected
        else QApplication.translate(
            "ErrorDialog",
            "This looks like a bug in bcigui. Please copy the details into a bug report.",
        )
    )
    show_error(
        parent, title, f"{error.kind}: {error.message}", error.details, informative=informative
    )


class ExceptionHook(QObject):
    """Shows unexpected exceptions in a dialog instead of letting them vanish.

    Install with :meth:`install`; :meth:`uninstall` restores the previous hooks. While one
    dialog is open, further exceptions are only logged (no cascade of dialogs).
    """

    _raised = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._previous: tuple[Any, Any] | None = None
        self._showing = False
        self.count = 0
        self._raised.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Replace ``sys.excepthook`` and ``threading.excepthook``."""
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        """Put the previous hooks back."""
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def _hook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        self.count += 1
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected exception:\n%s", details)
        self._raised.emit(f"{exc_type.__name__}: {exc}", details)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self._hook(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str, str)
    def _show(self, message: str, details: str) -> None:
        if self._showing:
            return
        self._showing = True
        try:
            show_error(
                QApplication.activeWindow(),
                QApplication.translate("ErrorDialog", "Unexpected error"),
                message,
                details,
                informative=QApplication.translate(
                    "ErrorDialog",
                    "bcigui keeps running, but the last action may not have completed. "
                    "Please copy the details into a bug report.",
                ),
            )
        finally:
            self._showing = False
