"""Stand-ins for the Model Library and Inference tabs until they are built (issue 4, part 2)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderTab(QWidget):
    """A tab that says what will be here and shows the last model routed to it."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(f"<h2>{title}</h2>")
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.model_label = QLabel()
        self.model_label.setObjectName("routed_model")
        self.model_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model_label.setWordWrap(True)
        self.model_path: Path | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.model_label)
        layout.addStretch(1)

    def show_model(self, path: Path) -> None:
        """Show the model file the Training tab routed here."""
        self.model_path = Path(path)
        self.model_label.setText(self.tr("Selected model: {p}").format(p=path))
