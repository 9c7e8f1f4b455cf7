"""One line of the data panel: the epoched EEG recordings in use for training or test."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class RecordingRow(QWidget):
    """The epoched recordings in use for one role, with Edit… and Remove (hidden when none).

    Signals
    -------
    edit_requested(str), remove_requested(str)
        Carry the role (``"train"`` or ``"test"``).
    """

    edit_requested = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.setObjectName(f"{role}_recording")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        edit = QPushButton(self.tr("Edit…"))
        edit.clicked.connect(lambda: self.edit_requested.emit(self.role))
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(lambda: self.remove_requested.emit(self.role))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(edit)
        row.addWidget(remove)
        self.hide()

    def show_choice(self, choice: Any) -> None:
        """Describe ``choice`` (a RecordingChoice), or hide for None."""
        if choice is None:
            self.hide()
            return
        train = self.role == "train"
        title = self.tr("Training recordings") if train else self.tr("Test recordings")
        names = ", ".join(escape(Path(p).name) for p in choice.paths)
        text = f"<b>{title}</b>: {names}<br><i>{escape(choice.summary)}</i>"
        report = choice.report
        if report is not None and report.overridden:
            text += "<br>" + escape(
                self.tr("Epoched unlike the training recordings: {d}").format(
                    d="; ".join(report.overridden)
                )
            )
        elif report is not None:
            text += "<br>" + escape(self.tr("Epoched like the training recordings."))
        self.label.setText(text)
        self.label.setToolTip("\n".join(str(p) for p in choice.paths))
        self.show()
