"""The data of a study: trial files or recordings, each with its group (subject/session) id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bcigui.data.formats import TRIAL_FILE_FORMATS
from bcigui.gui.file_filters import name_filter
from bcigui.gui.settings import AppSettings
from bcigui.gui.workers import WorkerPool


def default_group(path: Path) -> str:
    """A group id from a file name: its stem without the trailing role token (``_x``)."""
    stem = path.name.split(".")[0]
    for suffix in ("_x", "_X", "-x", "_data", "_raw", "_eeg"):
        if stem.endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)]
    return stem


class StudyDataPanel(QGroupBox):
    """A table of the study's data sets, one row each, its group id editable.

    Either trial files (X and label ``.npy`` files paired by name) or recordings epoched with
    the recording dialog's settings; adding one kind replaces the other.

    Signals
    -------
    changed()
        Rows were added or removed, or a group id was edited.
    """

    changed = Signal()

    def __init__(
        self, pool: WorkerPool, settings: AppSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Data"), parent)
        self.pool = pool
        self.settings = settings
        #: (X file, label file) of each row when the data are trial files.
        self.trial_files: list[tuple[Path, Path]] = []
        #: The recordings (one per row) and their epoch settings when the data are recordings.
        self.recordings: list[Path] = []
        self.epoch_settings: Any = None
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("study_data")
        self.table.setHorizontalHeaderLabels([self.tr("Data set"), self.tr("Group")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(110)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.files_button = QPushButton(self.tr("Add trial files…"))
        self.files_button.clicked.connect(self.ask_files)
        self.recordings_button = QPushButton(self.tr("Recordings…"))
        self.recordings_button.setToolTip(
            self.tr("Pick EEG recordings and how they become trials; each recording is a group.")
        )
        self.recordings_button.clicked.connect(self.open_recording_dialog)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.note = QLabel(
            self.tr(
                "Double-click a group to edit it; data sets with the same group are one subject."
            )
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")
        buttons = QHBoxLayout()
        buttons.addWidget(self.files_button)
        buttons.addWidget(self.recordings_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        column = QVBoxLayout(self)
        column.addLayout(buttons)
        column.addWidget(self.table, 1)
        column.addWidget(self.note)
        self._dialog: Any = None

    # -- trial files -----------------------------------------------------------------------------
    def ask_files(self) -> None:
        """Pick trial files (X and label files together)."""
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add trial files"),
            self.settings.last_folder("study"),
            name_filter(self.tr("Trial files"), TRIAL_FILE_FORMATS, self.tr("All files")),
        )
        if paths:
            self.settings.set_last_folder("study", Path(paths[0]).parent)
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path], groups: list[str] | None = None) -> None:
        """Add trial files, paired by name; recordings listed before are dropped.

        Parameters
        ----------
        paths : list of Path
            X and label files (or folders of them).
        groups : list of str, optional
            The group of each resulting pair; default: from the X file's name.
        """
        from bcigui.app.pairing import merge_rows

        if self.recordings:
            self.clear()
        rows = merge_rows(list(self.trial_files), paths)
        complete = [(x, y) for x, y in rows if x is not None and y is not None]
        incomplete = [p for x, y in rows if x is None or y is None for p in (x, y) if p]
        known = {x: self.group(i) for i, (x, _y) in enumerate(self.trial_files)}
        self.trial_files = complete
        names = [f"{x.name} + {y.name}" for x, y in complete]
        fresh = [known.get(x) for x, _y in complete]
        if groups is not None:
            new_rows = [i for i, g in enumerate(fresh) if g is None]
            for i, group in zip(new_rows, groups, strict=False):
                fresh[i] = group
        self._fill(
            names, [g or default_group(x) for g, (x, _y) in zip(fresh, complete, strict=True)]
        )
        self.note.setText(
            self.tr("No label file found for: {f}").format(f=", ".join(p.name for p in incomplete))
            if incomplete
            else self.tr("Double-click a group to edit it; data sets with the same group are "
                         "one subject.")
        )  # fmt: skip

    # -- recordings -----------------------------------------------------------------------------
    def open_recording_dialog(self) -> Any:
        """The recording dialog; its accepted recordings replace the data."""
        from bcigui.gui.recording import RecordingDialog

        dialog = RecordingDialog(
            self.pool,
            self.settings,
            list(self.recordings) or None,
            purpose="train",
            initial=self.epoch_settings,
            parent=self,
        )
        dialog.accepted_choice.connect(
            lambda choice: self.set_recordings(list(choice.paths), choice.settings)
        )
        self._dialog = dialog
        dialog.open()
        return dialog

    def set_recordings(self, paths: list[Path], epoch_settings: Any) -> None:
        """Use these recordings, epoched with ``epoch_settings`` (an EpochSettings).

        Each recording is its own group, named by its file name (as in a study spec); the
        group cells are read-only.
        """
        self.trial_files = []
        self.recordings = [Path(p) for p in paths]
        self.epoch_settings = epoch_settings
        self._fill([p.name for p in self.recordings], [p.name for p in self.recordings])
        self.note.setText(self.tr("Each recording is one group (subject or session)."))

    # -- table ----------------------------------------------------------------------------------
    def _fill(self, names: list[str], groups: list[str]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(names))
        for row, (name, group) in enumerate(zip(names, groups, strict=True)):
            item = QTableWidgetItem(name)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, item)
            group_item = QTableWidgetItem(group)
            if self.recordings:
                group_item.setFlags(group_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                group_item.setToolTip(self.tr("Each recording is one group."))
            self.table.setItem(row, 1, group_item)
        self.table.blockSignals(False)
        self.changed.emit()

    def group(self, row: int) -> str:
        """The group id of ``row`` (its name when left empty)."""
        item = self.table.item(row, 1)
        text = item.text().strip() if item is not None else ""
        return text or str(row + 1)

    def groups(self) -> list[str]:
        """The group id of every row."""
        return [self.group(r) for r in range(self.table.rowCount())]

    def set_group(self, row: int, group: str) -> None:
        """Edit the group id of ``row``."""
        item = self.table.item(row, 1)
        if item is not None:
            item.setText(group)

    def remove_selected(self) -> None:
        """Remove the selected rows."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        groups = self.groups()
        for row in rows:
            groups.pop(row)
            if self.trial_files:
                self.trial_files.pop(row)
            elif self.recordings:
                self.recordings.pop(row)
        if self.trial_files:
            self._fill([f"{x.name} + {y.name}" for x, y in self.trial_files], groups)
        else:
            self._fill([p.name for p in self.recordings], groups)

    def clear(self) -> None:
        """Remove every data set."""
        self.trial_files, self.recordings, self.epoch_settings = [], [], None
        self._fill([], [])

    def n_groups(self) -> int:
        """How many distinct groups the data hold."""
        return len(set(self.groups()))

    def is_empty(self) -> bool:
        """Whether no data set is listed."""
        return self.table.rowCount() == 0
