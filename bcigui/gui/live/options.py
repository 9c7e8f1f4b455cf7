"""The Live tab's model picker and speller options.

:class:`LiveModelPicker` lists the library's usable models of a label, its champion first, then
the newest; below it, whether the chosen model fits the chosen EEG stream (the tab runs the
check in a worker and shows the answer here). :class:`SpellerOptions` holds the speller layout
(the 6x6 matrix or a JSON file), fixed repetitions or dynamic stopping, and says when the model
is cue-locked (each epoch is a decision).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from bcigui.gui.model_adapter import ModelLibrary

ERROR_STYLE = "color: #c0392b;"
OK_STYLE = "color: #1e8449;"


def is_speller_model(classes: tuple[Any, ...] | list[Any]) -> bool:
    """True for a P300 target/non-target model (two classes, one named ``Target``)."""
    names = {str(c).lower() for c in classes}
    return len(names) == 2 and "target" in names


class LiveModelPicker(QWidget):
    """Label and model combos (champion first, then newest) and the compatibility line.

    Signals
    -------
    changed()
        Another model was chosen.
    """

    changed = Signal()

    def __init__(self, library: ModelLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.label_combo = QComboBox()
        self.label_combo.setObjectName("live_label")
        self.label_combo.addItem(self.tr("All labels"), "")
        self.label_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.model_combo = QComboBox()
        self.model_combo.setObjectName("live_model")
        self.model_combo.setMinimumContentsLength(12)
        self.model_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.compat_label = QLabel()
        self.compat_label.setObjectName("live_compatibility")
        self.compat_label.setWordWrap(True)
        self.compat_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Label"), self.label_combo)
        form.addRow(self.tr("Model"), self.model_combo)
        form.addRow("", self.compat_label)
        self._wanted: Path | None = None

    @property
    def model_path(self) -> Path | None:
        """The chosen model file."""
        data = self.model_combo.currentData()
        return Path(data) if data else None

    @property
    def record(self) -> Any:
        """The chosen model's library record (None when none is chosen)."""
        path = self.model_path
        return self.library.record(path) if path is not None else None

    def choose(self, path: Path | None) -> None:
        """Choose model ``path`` when listed (remembered until it is)."""
        self._wanted = path
        self.refresh()

    def refresh(self) -> None:
        """List the usable models of the chosen label, champion first then newest."""
        usable = [r for r in self.library.records() if r.status == "ok"]
        label = str(self.label_combo.currentData() or "")
        labels = sorted({r.label for r in usable if r.label})
        self.label_combo.blockSignals(True)
        self.label_combo.clear()
        self.label_combo.addItem(self.tr("All labels"), "")
        for name in labels:
            self.label_combo.addItem(name, name)
        self.label_combo.setCurrentIndex(max(0, self.label_combo.findData(label)))
        self.label_combo.blockSignals(False)
        label = str(self.label_combo.currentData() or "")
        records = [r for r in usable if not label or r.label == label]
        records.sort(key=lambda r: r.created_utc or "", reverse=True)
        records.sort(key=lambda r: not r.champion)  # stable: champions first, then newest
        before = self._wanted or self.model_path
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for record in records:
            star = "★ " if record.champion else ""
            self.model_combo.addItem(
                f"{star}{record.name}  ({record.model_type}, {record.label})", str(record.path)
            )
        index = self.model_combo.findData(str(before)) if before is not None else -1
        if index >= 0 and self._wanted is not None:
            self._wanted = None
        # a new label (or none chosen yet): its champion, else its newest model
        self.model_combo.setCurrentIndex(index if index >= 0 else (0 if records else -1))
        self.model_combo.blockSignals(False)
        if not records:
            self.show_compatibility(None, self.tr("No model in the store yet: train one first."))
        self.changed.emit()

    def show_compatibility(self, fits: bool | None, text: str) -> None:
        """Show whether the model fits the stream (None: unknown or being checked)."""
        self.compat_label.setStyleSheet("" if fits is None else (OK_STYLE if fits else ERROR_STYLE))
        self.compat_label.setText(text)


@dataclass(frozen=True)
class SpellerChoice:
    """The speller options as plain values (the job builds the core objects from them).

    Attributes
    ----------
    layout_file : Path or None
        A JSON layout file; None for the default 6x6 matrix.
    threshold : float or None
        Dynamic stopping threshold; None for fixed repetitions.
    min_repetitions, max_repetitions : int
        With fixed repetitions both are the chosen count.
    """

    layout_file: Path | None
    threshold: float | None
    min_repetitions: int
    max_repetitions: int


class SpellerOptions(QWidget):
    """Layout, fixed repetitions or dynamic stopping, and the cue-locked note.

    Signals
    -------
    layout_requested(object)
        The user chose a layout: a Path, or None for the 6x6 matrix (the tab validates it in a
        worker and calls :meth:`show_layout_error` or :meth:`layout_accepted`).
    """

    layout_requested = Signal(object)
    mode_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_file: Path | None = None
        self._p300 = True
        self.speller_check = QCheckBox(self.tr("Speller: the markers name flash groups"))
        self.speller_check.setObjectName("live_speller")
        self.speller_check.setChecked(True)
        self.speller_check.setToolTip(
            self.tr(
                "Off: each epoch is a decision (for a stimulus program that sends target and "
                "non-target markers, or a replayed calibration recording)"
            )
        )
        self.speller_check.toggled.connect(lambda _on: self._apply_mode())
        self.layout_combo = QComboBox()
        self.layout_combo.setObjectName("live_layout")
        self.layout_combo.addItem(self.tr("6x6 matrix (A-Z, 1-9, _)"), "")
        self.layout_combo.addItem(self.tr("Layout file (JSON)…"), "choose")
        self.layout_combo.activated.connect(self._layout_activated)
        self.layout_error = QLabel()
        self.layout_error.setObjectName("live_layout_error")
        self.layout_error.setWordWrap(True)
        self.layout_error.setStyleSheet(ERROR_STYLE)
        self.layout_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_error.hide()
        self.fixed_radio = QRadioButton(self.tr("Fixed repetitions"))
        self.fixed_radio.setObjectName("live_fixed")
        self.dynamic_radio = QRadioButton(self.tr("Dynamic stopping at"))
        self.dynamic_radio.setObjectName("live_dynamic")
        group = QButtonGroup(self)
        group.addButton(self.fixed_radio)
        group.addButton(self.dynamic_radio)
        self.fixed_radio.setChecked(True)
        self.repetitions_spin = QSpinBox()
        self.repetitions_spin.setRange(1, 30)
        self.repetitions_spin.setValue(10)
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setRange(0.5, 0.999)
        self.threshold_spin.setDecimals(3)
        self.threshold_spin.setSingleStep(0.01)
        self.threshold_spin.setValue(0.9)
        self.threshold_spin.setToolTip(self.tr("Stop when the best symbol's posterior reaches it"))
        self.min_spin = QSpinBox()
        self.min_spin.setRange(1, 30)
        self.min_spin.setValue(2)
        self.min_spin.setPrefix(self.tr("min "))
        self.max_spin = QSpinBox()
        self.max_spin.setRange(1, 30)
        self.max_spin.setValue(10)
        self.max_spin.setPrefix(self.tr("max "))
        self.min_spin.valueChanged.connect(lambda v: self.max_spin.setMinimum(v))
        self.cue_locked_label = QLabel(self.tr("Cue-locked: each epoch is a decision."))
        self.cue_locked_label.setObjectName("live_cue_locked")
        self.cue_locked_label.setWordWrap(True)
        self.cue_locked_label.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.speller_check, 0, 0, 1, 4)
        grid.addWidget(QLabel(self.tr("Layout")), 1, 0)
        grid.addWidget(self.layout_combo, 1, 1, 1, 3)
        grid.addWidget(self.layout_error, 2, 0, 1, 4)
        grid.addWidget(self.fixed_radio, 3, 0, 1, 2)
        grid.addWidget(self.repetitions_spin, 3, 2)
        grid.addWidget(self.dynamic_radio, 4, 0, 1, 2)
        grid.addWidget(self.threshold_spin, 4, 2)
        grid.addWidget(self.min_spin, 5, 2)
        grid.addWidget(self.max_spin, 5, 3)
        grid.addWidget(self.cue_locked_label, 6, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        self.fixed_radio.toggled.connect(lambda _on: self._apply_mode())
        self._apply_mode()

    def _apply_mode(self) -> None:
        speller = not self.cue_locked
        dynamic = self.dynamic_radio.isChecked()
        self.speller_check.setEnabled(self._p300)
        for widget in (self.layout_combo, self.fixed_radio, self.dynamic_radio):
            widget.setEnabled(speller)
        self.repetitions_spin.setEnabled(speller and not dynamic)
        for spin in (self.threshold_spin, self.min_spin, self.max_spin):
            spin.setEnabled(speller and dynamic)
        self.cue_locked_label.setVisible(not speller)
        self.cue_locked_label.setText(
            self.tr("Each epoch is a decision (its predicted class).")
            if self._p300
            else self.tr(
                "Cue-locked: each epoch is a decision (not a P300 target/non-target model)."
            )
        )
        self.mode_changed.emit()

    # -- layout --------------------------------------------------------------------------------
    def _layout_activated(self, index: int) -> None:
        data = self.layout_combo.itemData(index)
        if data == "choose":
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Speller layout"), "", self.tr("Layout files (*.json)")
            )
            if not path:
                self._show_current_layout()
                return
            self.choose_layout(Path(path))
        elif data:
            self.choose_layout(Path(data))
        else:
            self.choose_layout(None)

    def choose_layout(self, path: Path | None) -> None:
        """Ask for layout ``path`` (None: the 6x6 matrix); the tab validates it."""
        self.layout_requested.emit(path)

    def layout_accepted(self, path: Path | None) -> None:
        """The layout at ``path`` is valid: use it and clear any error."""
        self.layout_file = path
        self.layout_error.hide()
        self.layout_error.setText("")
        self._show_current_layout()

    def show_layout_error(self, path: Path, message: str) -> None:
        """Say inline why the layout file cannot be used (the previous layout stays)."""
        self.layout_error.setText(
            self.tr("Layout {name} not used: {why}").format(name=path.name, why=message)
        )
        self.layout_error.show()
        self._show_current_layout()

    def _show_current_layout(self) -> None:
        if self.layout_file is None:
            self.layout_combo.setCurrentIndex(0)
            return
        index = self.layout_combo.findData(str(self.layout_file))
        if index < 0:
            self.layout_combo.insertItem(1, self.layout_file.name, str(self.layout_file))
            index = 1
        self.layout_combo.setItemData(index, str(self.layout_file), Qt.ItemDataRole.ToolTipRole)
        self.layout_combo.setCurrentIndex(index)

    # -- the choice ----------------------------------------------------------------------------
    def set_p300(self, p300: bool) -> None:
        """Whether the model is a P300 target/non-target one (else cue-locked: no speller)."""
        self._p300 = p300
        self._apply_mode()

    @property
    def cue_locked(self) -> bool:
        """True when each epoch is a decision (no speller)."""
        return not (self._p300 and self.speller_check.isChecked())

    def choice(self) -> SpellerChoice:
        """The options as plain values."""
        if self.dynamic_radio.isChecked():
            return SpellerChoice(
                self.layout_file,
                float(self.threshold_spin.value()),
                int(self.min_spin.value()),
                int(self.max_spin.value()),
            )
        reps = int(self.repetitions_spin.value())
        return SpellerChoice(self.layout_file, None, reps, reps)

    def save(self, qsettings: Any) -> None:
        """Remember the options."""
        qsettings.setValue("live/speller", self.speller_check.isChecked())
        qsettings.setValue("live/dynamic", self.dynamic_radio.isChecked())
        qsettings.setValue("live/repetitions", self.repetitions_spin.value())
        qsettings.setValue("live/threshold", self.threshold_spin.value())
        qsettings.setValue("live/min_repetitions", self.min_spin.value())
        qsettings.setValue("live/max_repetitions", self.max_spin.value())

    def restore(self, qsettings: Any) -> None:
        """Restore what :meth:`save` remembered (damaged values keep the defaults)."""

        def number(key: str, kind: type, default: Any) -> Any:
            try:
                return kind(qsettings.value(key, default))
            except (TypeError, ValueError):
                return default

        speller = str(qsettings.value("live/speller", "true")).lower() == "true"
        self.speller_check.setChecked(speller)
        dynamic = str(qsettings.value("live/dynamic", "false")).lower() == "true"
        (self.dynamic_radio if dynamic else self.fixed_radio).setChecked(True)
        self.repetitions_spin.setValue(number("live/repetitions", int, 10))
        self.threshold_spin.setValue(number("live/threshold", float, 0.9))
        self.min_spin.setValue(number("live/min_repetitions", int, 2))
        self.max_spin.setValue(number("live/max_repetitions", int, 10))
