"""What the main window needs of a tab, and nothing more.

The Training, Model Library and Inference tabs implement :class:`Tab`; the main window talks
to them only through it (and through each tab's own public signals and methods, such as the
routing of a saved model with ``show_model``), never through their child widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from bcigui.gui.core import CoreInfo
    from bcigui.gui.settings import AppSettings


class Tab(Protocol):
    """A page of the main window's tab widget.

    Signals
    -------
    message(str)
        A line for the window's status bar.
    """

    @property
    def message(self) -> SignalInstance:
        """The ``message(str)`` signal: a line for the status bar."""
        ...

    def core_ready(self, info: CoreInfo) -> None:
        """The core finished loading: fill what needs the classifiers, enable the actions."""
        ...

    def save_state(self, settings: AppSettings) -> None:
        """Remember the tab's choices and layout (called when the window closes)."""
        ...

    def restore_state(self, settings: AppSettings) -> None:
        """Restore the layout saved by :meth:`save_state` (called when the window opens)."""
        ...
