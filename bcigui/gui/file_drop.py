"""Dropping files from the file manager onto the app's tables and dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QWidget


def dropped_paths(event: QDropEvent) -> list[Path]:
    """The local files of a drop (URLs that are not local files are ignored)."""
    return [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]


class FileDropTable(QTableWidget):
    """A read-only table of files (whole-row selection, names elided in the middle) that
    accepts local files dropped on it; subclasses implement :meth:`drop_files`."""

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self.verticalHeader().setDefaultSectionSize(22)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if not paths:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.drop_files(paths, event)

    def drop_files(self, paths: list[Path], event: QDropEvent) -> None:
        """Handle ``paths`` dropped at ``event.position()``."""
        raise NotImplementedError
