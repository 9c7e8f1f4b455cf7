"""The recording dialog's file table: one row per recording, problems inline, drag and drop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bcigui.data.formats import RECORDING_FORMATS
from bcigui.gui.file_drop import FileDropTable
from bcigui.gui.file_filters import extension_list, name_filter

PROBLEM_BACKGROUND = QColor(198, 40, 40, 48)
#: Column of the status text.
STATUS = 6


class RecordingTable(FileDropTable):
    """File, format, channels, rate, duration, events with counts, and status.

    Signals
    -------
    dropped(list)
        Local files dropped on the table.
    """

    dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__(0, 7)
        self.setObjectName("recordings")
        self.setHorizontalHeaderLabels(
            [self.tr("File"), self.tr("Format"), self.tr("Channels"), self.tr("Rate"),
             self.tr("Duration"), self.tr("Events (count)"), self.tr("Status")]
        )  # fmt: skip
        header = self.horizontalHeader()
        for col in range(STATUS + 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.paths: list[Path] = []
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its rows (2 to 6 visible), so the editors below get the room."""
        rows = min(max(self.rowCount(), 2), 6)
        height = self.horizontalHeader().sizeHint().height() + rows * 22 + 2 * self.frameWidth()
        self.setFixedHeight(height + 2)

    def drop_files(self, paths: list[Path], event: QDropEvent) -> None:
        """Files dropped on the table are added as recordings."""
        self.dropped.emit(paths)

    # -- rows ----------------------------------------------------------------------------------
    def add_row(self, path: Path, status: str) -> None:
        """Append a row for ``path`` (details follow when it has been read)."""
        self.paths.append(path)
        row = self.rowCount()
        self.insertRow(row)
        values = [path.name, "", "", "", "", "", status]
        for col, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(str(path) if col == 0 else text)
            self.setItem(row, col, item)
        self._fit_height()

    def remove_row(self, path: Path) -> None:
        """Remove the row of ``path``."""
        if path in self.paths:
            row = self.paths.index(path)
            self.paths.pop(row)
            self.removeRow(row)
            self._fit_height()

    def show_info(self, path: Path, info: Any, problems: list[str]) -> None:
        """Fill the row of ``path`` from a RecordingInfo; ``problems`` in the status column."""
        if path not in self.paths:
            return
        row = self.paths.index(path)
        events = ", ".join(f"{e.key} ({e.count})" for e in info.events)
        values = [
            path.name,
            info.format,
            str(len(info.ch_names)),
            f"{info.sfreq:g} Hz",
            f"{info.duration_s:.1f} s",
            events,
            "; ".join(problems) if problems else self.tr("ok"),
        ]
        for col, text in enumerate(values):
            self._cell(row, col).setText(text)
            if col:
                self._cell(row, col).setToolTip(text)
        source = info.events[0].source if info.events else ""
        self._cell(row, 5).setToolTip(f"{events}\n{source}")
        self._cell(row, 2).setToolTip(", ".join(info.ch_names))
        self._mark(row, bool(problems))

    def show_problem(self, path: Path, message: str) -> None:
        """Mark the row of ``path`` as unusable, with ``message``."""
        if path not in self.paths:
            return
        row = self.paths.index(path)
        self._cell(row, STATUS).setText(message)
        self._cell(row, STATUS).setToolTip(message)
        self._mark(row, True)

    def status(self, path: Path) -> str:
        """The status text of ``path``'s row."""
        return self._cell(self.paths.index(path), STATUS).text()

    def _cell(self, row: int, col: int) -> QTableWidgetItem:
        """The item at ``(row, col)``; :meth:`add_row` gives every cell one."""
        item = self.item(row, col)
        assert item is not None, f"cell ({row}, {col}) was created without an item"
        return item

    def _mark(self, row: int, bad: bool) -> None:
        for col in range(self.columnCount()):
            self._cell(row, col).setBackground(QBrush(PROBLEM_BACKGROUND) if bad else QBrush())


class RecordingFilesBox(QWidget):
    """The table with "Add files…" (file dialog, remembers the folder) and "Remove".

    Signals
    -------
    added(list)
        Paths chosen in the file dialog or dropped on the table.
    remove_requested(list)
        Paths of the selected rows.
    """

    added = Signal(list)
    remove_requested = Signal(list)

    def __init__(self, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_settings = settings
        self.table = RecordingTable()
        self.table.dropped.connect(self.added)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self.tr("Add files…"))
        self.add_button.setObjectName("add_recordings")
        self.add_button.clicked.connect(self.add_files_dialog)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(
            lambda: self.remove_requested.emit([self.table.paths[r] for r in self.selected_rows()])
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(
            QLabel(
                self.tr("or drop {extensions} files on the table").format(
                    extensions=extension_list(RECORDING_FORMATS)
                )
            )
        )
        buttons.addStretch(1)
        #: Every broken recording with its whole error (the table's cell elides it), and
        #: notes such as "this folder holds no recordings".
        self.problems = QLabel()
        self.problems.setObjectName("recording_problems")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setStyleSheet("color:#c62828")
        self.problems.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        self._update_buttons()

    def show_problems(self, lines: list[str]) -> None:
        """List ``lines`` (``"name: whole error"``) under the table; none hides the list."""
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))

    def selected_rows(self) -> list[int]:
        """Selected rows, in order."""
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def add_files_dialog(self) -> None:
        """File dialog for recordings (remembers the folder)."""
        folder = self.app_settings.last_folder("recordings") if self.app_settings else ""
        filters = name_filter(self.tr("EEG recordings"), RECORDING_FORMATS, self.tr("All files"))
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("EEG recordings"), folder, filters)
        if files:
            if self.app_settings is not None:
                self.app_settings.set_last_folder("recordings", Path(files[0]).parent)
            self.added.emit([Path(f) for f in files])

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.selected_rows()))
