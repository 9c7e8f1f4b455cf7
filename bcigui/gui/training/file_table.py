"""A table of (X file, label file) pairs with drag and drop and inline problems."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bcigui.app.pairing import Role, Row, folder_contents, merge_rows
from bcigui.gui.file_drop import FileDropTable

PROBLEM_BACKGROUND = QColor(198, 40, 40, 48)


def file_role(request: str | None) -> Role | None:
    """The pairing role of an ``add_requested`` value: "x", "y", else None (pair by name)."""
    return "x" if request == "x" else "y" if request == "y" else None


class FileTable(FileDropTable):
    """Two columns, X file and label file; files dropped on a column take that role.

    Signals
    -------
    dropped(list, object)
        Paths dropped and the role (``"x"``, ``"y"``, or None when dropped elsewhere).
    """

    dropped = Signal(list, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([self.tr("X file (trials)"), self.tr("Label file")])
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def drop_files(self, paths: list[Path], event: QDropEvent) -> None:
        """Dropped on the X column: X files; on the label column: label files; else paired."""
        column = self.columnAt(int(event.position().x()))
        role = "x" if column == 0 else ("y" if column == 1 else None)
        if self.rowCount() == 0:
            role = None  # an empty table sorts the files by name
        self.dropped.emit(paths, role)


class FileSetBox(QGroupBox):
    """A titled :class:`FileTable` with add/remove/clear buttons.

    Signals
    -------
    rows_changed()
        Files were added or removed.
    add_requested(object)
        The user asked for a file dialog: role ``"x"``, ``"y"``, ``"folder"`` or None.
    """

    rows_changed = Signal()
    add_requested = Signal(object)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.rows: list[Row] = []
        self.table = FileTable()
        self.count_label = QLabel()
        self.add_button = QToolButton()
        self.add_button.setText(self.tr("Add files…"))
        self.add_button.setToolTip(
            self.tr(
                "Add X files and label files; they are paired by name "
                "(trial_01_x.npy with trial_01_y.npy). You can also drop files here."
            )
        )
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.add_button)
        menu.addAction(self.tr("Add X files only…"), lambda: self.add_requested.emit("x"))
        menu.addAction(self.tr("Add label files only…"), lambda: self.add_requested.emit("y"))
        menu.addAction(
            self.tr("Add a folder of .npy files…"), lambda: self.add_requested.emit("folder")
        )
        self.add_button.setMenu(menu)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.clear_button = QPushButton(self.tr("Clear"))
        for button in (self.remove_button, self.clear_button):
            button.setAutoDefault(False)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        bar.addWidget(self.clear_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        #: What the last add left out (an empty folder, files that are no trial files).
        self.note = QLabel()
        self.note.setObjectName("files_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#c62828")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        self.add_button.clicked.connect(lambda: self.add_requested.emit(None))
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button.clicked.connect(self.clear)
        self.table.dropped.connect(self.add_paths)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # -- editing -------------------------------------------------------------------------------
    def add_paths(self, paths: list[Path], role: Role | None = None) -> None:
        """Add files (or folders of ``.npy`` files), paired by name unless ``role`` is given.

        What a folder holds besides trial files, or a folder without any, is said under the
        table (nothing is left out without a word).
        """
        notes = []
        for path in paths:
            if not Path(path).is_dir():
                continue
            trial, other = folder_contents(path)
            if not trial:
                notes.append(self.tr("{f} holds no .npy trial files.").format(f=path))
            if other:
                names = ", ".join(p.name for p in other[:5]) + (", …" if len(other) > 5 else "")
                notes.append(
                    self.tr("Left out of {f} (not .npy trial files): {n}.").format(
                        f=Path(path).name, n=names
                    )
                )
        self.show_note(" ".join(notes))
        self.set_rows(merge_rows(self.rows, paths, role))

    def show_note(self, text: str) -> None:
        """Say ``text`` under the table ("" hides the note)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def set_rows(self, rows: list[Row]) -> None:
        """Replace the table's content."""
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        missing = self.tr("— missing —")
        for i, pair in enumerate(self.rows):
            for col, path in enumerate(pair):
                item = QTableWidgetItem(path.name if path else missing)
                item.setToolTip(str(path) if path else "")
                if path is None:
                    item.setForeground(QBrush(QColor("#c62828")))
                self.table.setItem(i, col, item)
        self._update_buttons()
        self.rows_changed.emit()

    def remove_selected(self) -> None:
        """Remove the selected rows."""
        chosen = {index.row() for index in self.table.selectionModel().selectedRows()}
        if chosen:
            self.set_rows([r for i, r in enumerate(self.rows) if i not in chosen])

    def clear(self) -> None:
        """Remove every row."""
        self.show_note("")
        if self.rows:
            self.set_rows([])

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))
        self.clear_button.setEnabled(bool(self.rows))
        n = len(self.rows)
        self.count_label.setText(self.tr("{n} pairs").format(n=n) if n else "")

    # -- problems --------------------------------------------------------------------------------
    def mark_problems(self, problems: dict[int, str]) -> None:
        """Highlight rows with a problem (message as tooltip); clear the others."""
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for i, pair in enumerate(self.rows):
            message = problems.get(i, "")
            for col in range(2):
                item = self.table.item(i, col)
                if item is None:
                    continue
                path = pair[col]
                item.setBackground(QBrush(PROBLEM_BACKGROUND) if message else QBrush())
                item.setToolTip(f"{path or ''}\n{message}".strip() if message else str(path or ""))
                if col == 0:
                    item.setIcon(icon if message else QIcon())

    def select_row(self, row: int) -> None:
        """Select and show ``row``."""
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))
