"""Small dialogs of the Model Library: annotations, the trash, the legacy-pickle warning."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class AnnotateDialog(QDialog):
    """Edit a model's display name, notes and tags."""

    def __init__(self, record: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rename, notes and tags"))
        self.name_edit = QLineEdit(record.display_name or "")
        self.name_edit.setPlaceholderText(record.name)
        self.notes_edit = QPlainTextEdit(record.notes or "")
        self.tags_edit = QLineEdit(", ".join(record.tags))
        self.tags_edit.setPlaceholderText(self.tr("comma-separated, e.g. subject-3, pilot"))
        form = QFormLayout(self)
        form.addRow(self.tr("Display name"), self.name_edit)
        form.addRow(self.tr("Notes"), self.notes_edit)
        form.addRow(self.tr("Tags"), self.tags_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> dict[str, Any]:
        """The values to pass to ``ModelManager.annotate``."""
        tags = [t.strip() for t in self.tags_edit.text().split(",") if t.strip()]
        return {
            "display_name": self.name_edit.text().strip() or None,
            "notes": self.notes_edit.toPlainText(),
            "tags": tags,
        }


class TrashDialog(QDialog):
    """The trash's entries, newest first; restore the selected ones."""

    def __init__(self, entries: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Trash"))
        self.resize(560, 320)
        self.list = QListWidget()
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        for entry in sorted(entries, key=lambda e: e.deleted_utc, reverse=True):
            item = QListWidgetItem(
                self.tr("{name}   (deleted {when})").format(
                    name=entry.original, when=str(entry.deleted_utc)[:19].replace("T", " ")
                )
            )
            item.setData(256, entry)
            self.list.addItem(item)
        if not entries:
            self.list.addItem(self.tr("The trash is empty."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton(
            self.tr("Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(bool(entries))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def selected_entries(self) -> list[Any]:
        """The TrashEntries the user selected."""
        entries = [item.data(256) for item in self.list.selectedItems()]
        return [e for e in entries if e is not None]


def confirm_legacy_import(parent: QWidget, name: str) -> bool:
    """Warn that a legacy pickle can run code; True only when the user explicitly agrees."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QDialog.tr(box, "Import a legacy pickle?"))
    box.setText(
        QDialog.tr(box, "<b>{name}</b> is a legacy pickle file. Opening a pickle can run any code "
                   "it contains.").format(name=name)
    )  # fmt: skip
    box.setInformativeText(
        QDialog.tr(
            box,
            "Only import it if you made it yourself or fully trust where it came from. It is "
            "converted once into a safe .bcimodel file.",
        )
    )
    trust = box.addButton(
        QDialog.tr(box, "I trust this file, import it"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is trust
