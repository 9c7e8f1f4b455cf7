"""The Preferences dialog: model store folder, the app's data folder, the memory cache, the
language of the window and the Dask scheduler that studies run on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from bcigui.gui.i18n import LANGUAGE_CHOICES
from bcigui.gui.settings import AppSettings


class PreferencesDialog(QDialog):
    """Edit the folders the application uses; empty fields mean the defaults."""

    def __init__(
        self, settings: AppSettings, current_store: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.settings = settings
        self.store_edit = QLineEdit(str(settings.store_dir or ""))
        self.store_edit.setPlaceholderText(str(current_store or self.tr("the default store")))
        self.data_edit = QLineEdit(settings.custom_data_dir())
        self.data_edit.setPlaceholderText(str(settings.data_dir))
        self.cache_models_spin = QSpinBox()
        self.cache_models_spin.setRange(0, 256)
        self.cache_models_spin.setValue(settings.cache_models)
        self.cache_models_spin.setToolTip(
            self.tr("Models kept loaded for inference (0: load from disk every time).")
        )
        self.cache_mb_spin = QSpinBox()
        self.cache_mb_spin.setRange(1, 1_000_000)
        self.cache_mb_spin.setSuffix(" MB")
        self.cache_mb_spin.setValue(settings.cache_mb)
        self.cache_mb_spin.setToolTip(
            self.tr("Total size of the model files kept loaded; the newest model always stays.")
        )
        self.language_combo = QComboBox()
        names = {
            "system": self.tr("System (follow the computer's language)"),
            "en": "English",
            "es": "Español",
        }
        for choice in LANGUAGE_CHOICES:
            self.language_combo.addItem(names.get(choice, choice), choice)
        current = self.language_combo.findData(settings.language)
        self.language_combo.setCurrentIndex(max(current, 0))
        self.language_combo.setToolTip(self.tr("Applied the next time bcigui starts."))
        self.scheduler_edit = QLineEdit(settings.dask_scheduler)
        self.scheduler_edit.setPlaceholderText("tcp://192.168.1.10:8786")
        self.scheduler_edit.setToolTip(
            self.tr(
                "Address of a Dask scheduler of the lab (started with `dask scheduler`; "
                "workers with `dask worker ADDRESS`) offered in the Study tab's Run on."
            )
        )
        form = QFormLayout(self)
        form.addRow(self.tr("Model store folder"), self._with_browse(self.store_edit))
        form.addRow(self.tr("Data folder (demo data)"), self._with_browse(self.data_edit))
        form.addRow(self.tr("Models kept in memory"), self.cache_models_spin)
        form.addRow(self.tr("Memory cache limit"), self.cache_mb_spin)
        form.addRow(self.tr("Language"), self.language_combo)
        form.addRow(self.tr("Dask scheduler for studies"), self.scheduler_edit)
        note = QLabel(
            self.tr(
                "Leave a folder empty to use the default. Colours follow the system's theme. "
                "A new language is applied the next time bcigui starts."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(620, self.sizeHint().height())

    def _with_browse(self, edit: QLineEdit) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QPushButton(self.tr("Browse…"))
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._browse(edit))
        row.addWidget(button)
        return box

    def _browse(self, edit: QLineEdit) -> None:
        start = edit.text() or edit.placeholderText() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), start)
        if chosen:
            edit.setText(chosen)

    def store_dir(self) -> Path | None:
        """The store folder entered (None: the default)."""
        text = self.store_edit.text().strip()
        return Path(text).expanduser() if text else None

    def apply(self) -> None:
        """Write the entered folders to the settings."""
        self.settings.store_dir = self.store_dir()
        text = self.data_edit.text().strip()
        self.settings.data_dir = Path(text).expanduser() if text else None
        self.settings.cache_models = self.cache_models_spin.value()
        self.settings.cache_mb = self.cache_mb_spin.value()
        self.settings.language = str(self.language_combo.currentData())
        self.settings.dask_scheduler = self.scheduler_edit.text()
        self.settings.sync()
