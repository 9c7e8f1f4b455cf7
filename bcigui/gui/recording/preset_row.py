"""The recording dialog's "Preset" row: choose a paradigm preset; save, import, export presets.

:class:`PresetRow` lists the built-in presets and the user's own (one JSON file each in
``<data folder>/presets``), one entry per condition that has its own event map. Choosing an
entry emits :attr:`PresetRow.chosen`; the settings panel fills its editors from it and calls
:meth:`PresetRow.set_modified` after every edit, which shows "(modified)". Reading and writing
a preset is one small JSON file: it runs here, in the GUI thread.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bcigui.gui.i18n import tr_core

if TYPE_CHECKING:  # bcigui.errors imports scikit-learn: loaded on use, after the window paints
    from bcigui.data.presets import ParadigmPreset

log = logging.getLogger(__name__)

#: A combo entry: (preset name, condition or None); None for "no preset".
Entry = tuple[str, str | None] | None
_SEP = "::"


def entry_key(entry: Entry) -> str:
    """The combo's item data of ``entry``: ``"name"`` or ``"name::condition"`` ('' for none)."""
    if entry is None:
        return ""
    name, condition = entry
    return name if condition is None else f"{name}{_SEP}{condition}"


class PresetRow(QWidget):
    """Preset combo, "(modified)" marker and a "Presets" menu: save, import, export.

    Parameters
    ----------
    folder : Path or None
        The user's presets folder (None: only the built-in presets, no saving or importing).
    current_settings : callable
        Returns the panel's validated EpochSettings (``ValueError`` with a message otherwise),
        for "Save as preset…" and "Export…".

    Signals
    -------
    chosen(object)
        ``(ParadigmPreset, condition)`` when the user picks a preset; None for "No preset".
    """

    chosen = Signal(object)

    def __init__(self, folder: Path | None, current_settings: Any,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.folder = folder
        self._current_settings = current_settings
        self.presets: dict[str, ParadigmPreset] = {}

        self.combo = QComboBox()
        self.combo.setObjectName("preset")
        self.combo.setToolTip(
            self.tr("Fill the event map, window, baseline, filters, channels and rejection "
                    "from a paradigm preset. Editing a field afterwards marks it “modified”.")
        )  # fmt: skip
        self.modified_label = QLabel(self.tr("(modified)"))
        self.modified_label.setObjectName("preset_modified")
        self.modified_label.setStyleSheet("color: palette(placeholder-text);")
        self.modified_label.hide()
        self.manage_button = QToolButton()
        self.manage_button.setObjectName("manage_presets")
        self.manage_button.setText(self.tr("Presets"))
        self.manage_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.manage_button)
        self.save_action = menu.addAction(self.tr("Save current settings as preset…"))
        self.import_action = menu.addAction(self.tr("Import preset file…"))
        self.export_action = menu.addAction(self.tr("Export to a file…"))
        for action in (self.save_action, self.import_action):
            action.setEnabled(folder is not None)
        self.manage_button.setMenu(menu)
        self.manage_button.setToolTip(
            self.tr("Keep the current settings as a preset of your own, add a preset file "
                    "(.json), or write the chosen preset to a file to share")
        )  # fmt: skip

        #: Where the listed recordings differ from the preset's reader hints (rate, channels).
        self.note = QLabel()
        self.note.setObjectName("preset_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b9770e;")
        self.note.hide()

        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(QLabel(self.tr("Preset")))
        line.addWidget(self.combo, 1)
        line.addWidget(self.modified_label)
        line.addWidget(self.manage_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.note)

        self.combo.activated.connect(self._activated)
        self.save_action.triggered.connect(lambda: self.save_current())
        self.import_action.triggered.connect(lambda: self.import_file())
        self.export_action.triggered.connect(lambda: self.export_current())
        self.reload()

    # -- the list ------------------------------------------------------------------------------
    def reload(self, select: Entry = None) -> None:
        """List the built-in and the user's presets again; select ``select`` (no signal)."""
        from bcigui.data.presets import list_presets

        self.presets = list_presets(self.folder)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("No preset"), "")
        for name, preset in sorted(self.presets.items(), key=lambda kv: kv[1].title.lower()):
            self.combo.addItem(f"{preset.title} — v{preset.version}", entry_key((name, None)))
            self.combo.setItemData(
                self.combo.count() - 1, preset.description[:400], Qt.ItemDataRole.ToolTipRole
            )
            for condition, spec in preset.conditions.items():
                if spec.event_map is not None or spec.marker is not None:
                    self.combo.addItem(
                        f"{preset.title}: {condition}", entry_key((name, condition))
                    )
        self.combo.blockSignals(False)
        self.select(select)

    def select(self, entry: Entry) -> None:
        """Show ``entry`` as chosen without emitting :attr:`chosen`."""
        index = self.combo.findData(entry_key(entry)) if entry is not None else 0
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        self.modified_label.hide()

    def current(self) -> tuple[ParadigmPreset, str | None] | None:
        """The chosen preset and condition (None: "No preset")."""
        key = str(self.combo.currentData() or "")
        if not key:
            return None
        name, _, condition = key.partition(_SEP)
        return (self.presets[name], condition or None) if name in self.presets else None

    def set_modified(self, modified: bool) -> None:
        """Show or hide "(modified)" next to the chosen preset."""
        self.modified_label.setVisible(modified and self.current() is not None)

    def set_note(self, problems: list[str]) -> None:
        """Show where the recordings differ from the chosen preset (empty hides the note)."""
        self.note.setText(
            self.tr("These recordings differ from the preset: {p}").format(p="; ".join(problems))
            if problems else ""
        )  # fmt: skip
        self.note.setVisible(bool(problems))

    def _activated(self, _index: int) -> None:
        self.modified_label.hide()
        self.chosen.emit(self.current())

    # -- save, import, export ------------------------------------------------------------------
    def _settings_or_warn(self) -> Any:
        try:
            return self._current_settings()
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("Preset"), tr_core(exc))
            return None

    def save_current(self) -> Path | None:
        """Ask a name and save the current settings as a preset in the user's folder."""
        from bcigui.data.presets import ParadigmPreset
        from bcigui.errors import ConfigError

        settings = self._settings_or_warn()
        if settings is None or self.folder is None:
            return None
        name, ok = QInputDialog.getText(
            self, self.tr("Save as preset"),
            self.tr("Preset name (lower case, digits and '-', e.g. lab-p300):"),
        )  # fmt: skip
        name = name.strip()
        if not ok or not name:
            return None
        chosen = self.current()
        try:
            preset = ParadigmPreset.from_settings(
                settings, name=name, title=name,
                pipeline=chosen[0].pipeline if chosen is not None else None,
            )  # fmt: skip
            path = self._save(preset)
        except (ValueError, ConfigError) as exc:
            QMessageBox.warning(self, self.tr("Preset not saved"), tr_core(exc))
            return None
        if path is not None:
            self.reload((preset.name, None))
        return path

    def _save(self, preset: ParadigmPreset) -> Path | None:
        """Save ``preset``; an existing name is replaced only when the user says so."""
        from bcigui.data.presets import save_user_preset

        assert self.folder is not None
        target = self.folder / f"{preset.name}.json"
        replace = False
        if target.exists():
            answer = QMessageBox.question(
                self, self.tr("Replace preset?"),
                self.tr("A preset named “{n}” exists already. Replace it?").format(n=preset.name),
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return None
            replace = True
        return save_user_preset(preset, self.folder, replace=replace)

    def import_file(self, path: str | Path | None = None) -> ParadigmPreset | None:
        """Validate a preset file and add it to the user's presets (asks before replacing)."""
        from bcigui.data.presets import read_preset
        from bcigui.errors import ConfigError

        if self.folder is None:
            return None
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import preset"), "", self.tr("Presets (*.json)")
            )
            if not path:
                return None
        try:
            preset = read_preset(path)
            saved = self._save(preset)
        except ConfigError as exc:
            QMessageBox.warning(self, self.tr("Preset not imported"), tr_core(exc))
            return None
        if saved is None:
            return None
        self.reload((preset.name, None))
        return preset

    def export_current(self, path: str | Path | None = None) -> Path | None:
        """Write the chosen preset (or the current settings as one) to a ``.json`` file."""
        from bcigui.data.presets import ParadigmPreset, export_preset

        chosen = self.current()
        if chosen is not None and not self.modified_label.isVisible():
            preset = chosen[0]
        else:
            settings = self._settings_or_warn()
            if settings is None:
                return None
            preset = ParadigmPreset.from_settings(settings, name="my-preset", title="My preset")
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export preset"), f"{preset.name}.json", self.tr("Presets (*.json)")
            )
            if not path:
                return None
        try:
            return export_preset(preset, path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Preset not exported"), tr_core(exc))
            return None
