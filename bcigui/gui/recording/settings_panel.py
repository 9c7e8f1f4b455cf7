"""The recording dialog's editors: event -> class mapping and epoch settings.

:class:`EpochSettingsPanel` turns its widgets into a validated
:class:`~bcigui.data.epoching.EpochSettings` (:meth:`EpochSettingsPanel.settings`), and says
what is wrong, naming the field, when they do not validate.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bcigui.app.recording_choice import UNLABELLED
from bcigui.gui.i18n import QT_TRANSLATE_NOOP, tr_core
from bcigui.gui.recording.preset_row import PresetRow

log = logging.getLogger(__name__)

#: Field name in EpochSettings -> words the user sees next to the widget.
FIELD_NAMES = {
    "event_map": QT_TRANSLATE_NOOP("EpochSettingsPanel", "Events → classes"),
    "tmin": QT_TRANSLATE_NOOP("EpochSettingsPanel", "tmin"),
    "tmax": QT_TRANSLATE_NOOP("EpochSettingsPanel", "tmax"),
    "baseline": QT_TRANSLATE_NOOP("EpochSettingsPanel", "Baseline"),
    "picks": QT_TRANSLATE_NOOP("EpochSettingsPanel", "Channels"),
    "bad_channels": QT_TRANSLATE_NOOP("EpochSettingsPanel", "Channels"),
    "reject_uv": QT_TRANSLATE_NOOP("EpochSettingsPanel", "Reject above"),
    "l_freq": QT_TRANSLATE_NOOP("EpochSettingsPanel", "Band-pass low edge"),
    "h_freq": QT_TRANSLATE_NOOP("EpochSettingsPanel", "Band-pass high edge"),
    "notch": QT_TRANSLATE_NOOP("EpochSettingsPanel", "Notch"),
}


def _spin(low: float, high: float, value: float, suffix: str, decimals: int = 4) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(decimals)
    spin.setSingleStep(0.05 if decimals >= 2 else 1.0)
    spin.setValue(value)
    spin.setSuffix(suffix)
    spin.setKeyboardTracking(False)
    return spin


class EpochSettingsPanel(QWidget):
    """Mapping table and epoch settings.

    Signals
    -------
    changed()
        Any setting was edited (the dialog validates and schedules a preview).
    """

    changed = Signal()

    def __init__(
        self, *, inference: bool, presets_dir: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.inference = inference
        self._loading = False
        #: Line-noise notch (Hz) of the preset or settings applied; no editor of its own.
        self._notch: list[float] | None = None
        #: Keep only one condition's trials (ConditionFilter, from a preset), or None.
        self._condition: Any = None
        #: The preset applied (and its condition), or None.
        self._preset: tuple[Any, str | None] | None = None
        self.preset_row = PresetRow(presets_dir, self.settings)
        self.preset_row.chosen.connect(self.apply_preset)

        self.mapping = QTableWidget(0, 3)
        self.mapping.setObjectName("event_mapping")
        self.mapping.setHorizontalHeaderLabels(
            [self.tr("Event"), self.tr("Count per file"), self.tr("Class")]
        )
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setMinimumHeight(90)
        if inference:
            hint = self.tr(
                "Class name: the event's true label (accuracy and confusion are shown). "
                "“{u}”: the event is epoched and predicted without a true label. "
                "Empty: the event is ignored."
            ).format(u=self.tr(UNLABELLED))
        else:
            hint = self.tr(
                "Type a class name for each event to train on (several events may share one "
                "class); leave it empty to ignore the event. Names are only prefilled when the "
                "file gives them."
            )
        self.mapping.setToolTip(hint)
        self.mapping_hint = QLabel(hint)
        self.mapping_hint.setObjectName("mapping_hint")
        self.mapping_hint.setWordWrap(True)

        self.tmin = _spin(-30.0, 60.0, 0.0, " s")
        self.tmax = _spin(-30.0, 60.0, 0.8, " s")
        self.baseline_on = QCheckBox(self.tr("from"))
        self.baseline_start = _spin(-30.0, 60.0, -0.1, " s")
        self.baseline_end = _spin(-30.0, 60.0, 0.0, " s")
        self.baseline_on.setToolTip(self.tr("Subtract each channel's mean over this window."))
        self.reject_on = QCheckBox(self.tr("peak-to-peak over"))
        self.reject_uv = _spin(1.0, 100_000.0, 100.0, " µV", decimals=0)
        self.reject_on.setToolTip(
            self.tr("Drop trials whose peak-to-peak amplitude on any EEG channel exceeds this.")
        )
        self.filter_on = QCheckBox(self.tr("from"))
        self.l_freq = _spin(0.01, 5000.0, 1.0, " Hz", decimals=2)
        self.h_freq = _spin(0.1, 5000.0, 30.0, " Hz", decimals=2)
        self.filter_on.setToolTip(
            self.tr(
                "Band-pass the continuous recording before epoching. For inference, the model "
                "applies its own filters itself: leave this off unless you want both."
            )
        )
        self.channels = QListWidget()
        self.channels.setObjectName("channel_picks")
        self.channels.setToolTip(
            self.tr("Checked channels are epoched, in this order; unchecked (bad) ones are left "
                    "out. Trigger/status channels are never offered.")
        )  # fmt: skip
        self.channels.setMaximumHeight(110)

        window = QHBoxLayout()
        window.addWidget(self.tmin)
        window.addWidget(QLabel(self.tr("to")))
        window.addWidget(self.tmax)
        baseline = QHBoxLayout()
        baseline.addWidget(self.baseline_on)
        baseline.addWidget(self.baseline_start)
        baseline.addWidget(QLabel(self.tr("to")))
        baseline.addWidget(self.baseline_end)
        reject = QHBoxLayout()
        reject.addWidget(self.reject_on)
        reject.addWidget(self.reject_uv)
        reject.addStretch(1)
        band = QHBoxLayout()
        band.addWidget(self.filter_on)
        band.addWidget(self.l_freq)
        band.addWidget(QLabel(self.tr("to")))
        band.addWidget(self.h_freq)
        self.notch_label = QLabel()
        self.notch_label.setObjectName("notch")
        band.addWidget(self.notch_label)
        form = QFormLayout()
        form.addRow(self.tr("Window"), window)
        form.addRow(self.tr("Baseline"), baseline)
        form.addRow(self.tr("Reject"), reject)
        form.addRow(self.tr("Band-pass"), band)
        form.addRow(self.tr("Channels"), self.channels)

        self.error_label = QLabel()
        self.error_label.setObjectName("settings_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()

        map_box = QGroupBox(self.tr("Events → classes"))
        map_layout = QVBoxLayout(map_box)
        map_layout.addWidget(self.mapping, 1)
        map_layout.addWidget(self.mapping_hint)
        self.condition_label = QLabel()
        self.condition_label.setObjectName("condition_filter")
        self.condition_label.setWordWrap(True)
        self.condition_label.hide()
        map_layout.addWidget(self.condition_label)
        epoch_box = QGroupBox(self.tr("Epochs"))
        epoch_box.setLayout(form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preset_row)
        layout.addWidget(map_box, 1)
        layout.addWidget(epoch_box)
        layout.addWidget(self.error_label)

        for spin in (self.tmin, self.tmax, self.baseline_start, self.baseline_end,
                     self.reject_uv, self.l_freq, self.h_freq):  # fmt: skip
            spin.valueChanged.connect(self._edited)
        for box in (self.baseline_on, self.reject_on, self.filter_on):
            box.toggled.connect(self._edited)
        self.channels.itemChanged.connect(self._edited)
        self._update_enabled()

    # -- filling -------------------------------------------------------------------------------
    def set_events(self, counts: dict[str, list[int]], defaults: dict[str, str],
                   choices: Sequence[str] = ()) -> None:  # fmt: skip
        """One row per event key: its counts per file and an editable class (kept if set)."""
        current = self.event_classes()
        if self._preset is not None and not current:
            preset_map = self._preset[0].event_map_for(self._preset[1])
            defaults = {k: preset_map.get(k, "") for k in counts}
        self._loading = True
        self.mapping.setRowCount(len(counts))
        for row, (key, per_file) in enumerate(counts.items()):
            item = QTableWidgetItem(key)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.mapping.setItem(row, 0, item)
            count = QTableWidgetItem(" / ".join(str(n) for n in per_file))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            count.setToolTip(self.tr("{n} in all").format(n=sum(per_file)))
            self.mapping.setItem(row, 1, count)
            combo = QComboBox()
            combo.setEditable(True)
            combo.setObjectName(f"class_for_{key}")
            options = ["", *([UNLABELLED] if self.inference else []), *choices]
            for option in dict.fromkeys(options):
                combo.addItem(self.tr(option) if option == UNLABELLED else option, option)
            class_edit = combo.lineEdit()
            assert class_edit is not None, "the class combo is editable"
            class_edit.setPlaceholderText(self.tr("(ignored)"))
            combo.setCurrentText(current.get(key, defaults.get(key, "")))
            combo.currentTextChanged.connect(self._edited)
            self.mapping.setCellWidget(row, 2, combo)
        self._loading = False

    def set_channels(self, names: Sequence[str], checked: Sequence[str]) -> None:
        """Offer ``names`` (no trigger channels), ``checked`` ones picked, in that order first."""
        if self._preset is not None and isinstance(self._preset[0].picks, list):
            checked = [c for c in self._preset[0].picks if c in names]
        keep = set(checked)
        ordered = [c for c in checked if c in names] + [c for c in names if c not in checked]
        self._loading = True
        self.channels.clear()
        for name in ordered:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in keep else Qt.CheckState.Unchecked)
            self.channels.addItem(item)
        self._loading = False

    def apply_window(self, tmin: float, tmax: float) -> None:
        """Set the trial window (s)."""
        self._loading = True
        self.tmin.setValue(tmin)
        self.tmax.setValue(tmax)
        self._loading = False

    def apply(self, settings: Any) -> None:
        """Show an EpochSettings: window, baseline, rejection and filter."""
        self._loading = True
        self.tmin.setValue(settings.tmin)
        self.tmax.setValue(settings.tmax)
        self.baseline_on.setChecked(settings.baseline is not None)
        if settings.baseline is not None:
            start, end = settings.baseline
            self.baseline_start.setValue(settings.tmin if start is None else start)
            self.baseline_end.setValue(settings.tmax if end is None else end)
        self.reject_on.setChecked(settings.reject_uv is not None)
        if settings.reject_uv is not None:
            self.reject_uv.setValue(settings.reject_uv)
        self.filter_on.setChecked(settings.l_freq is not None or settings.h_freq is not None)
        if settings.l_freq is not None:
            self.l_freq.setValue(settings.l_freq)
        if settings.h_freq is not None:
            self.h_freq.setValue(settings.h_freq)
        self._set_notch(settings.notch)
        self._condition = settings.condition
        self.condition_label.setText(
            self.tr("Only the trials after condition marker {m}.").format(
                m=settings.condition.marker)
            if settings.condition is not None else ""
        )  # fmt: skip
        self.condition_label.setVisible(settings.condition is not None)
        self._loading = False
        self._update_enabled()
        self._preset = None
        ref = settings.preset
        if ref is not None and ref.name in self.preset_row.presets:
            preset = self.preset_row.presets[ref.name]
            if preset.version == ref.version:
                condition = next(
                    (c for c in [None, *preset.conditions] if preset.matches(settings, c)), None
                )
                self._preset = (preset, condition)
                self.preset_row.select((preset.name, condition))
                self.preset_row.set_modified(ref.modified)
                return
        self.preset_row.select(None)

    def apply_preset(self, choice: tuple[Any, str | None] | None) -> None:
        """Fill the editors from a ``(ParadigmPreset, condition)``: event classes of the rows
        shown, window, baseline, band-pass, notch, rejection and channels (None: forget the
        preset, keep the editors as they are)."""
        self._preset = choice
        if choice is None:
            self.changed.emit()
            return
        preset, condition = choice
        settings = preset.epoch_settings(condition)
        self.apply(settings)  # window, baseline, rejection, filters, notch; selects the entry
        self._preset = choice
        self.preset_row.select((preset.name, condition))
        self._loading = True
        event_map = settings.event_map
        for row in range(self.mapping.rowCount()):
            key, combo = self.mapping.item(row, 0), self.mapping.cellWidget(row, 2)
            if key is not None and isinstance(combo, QComboBox):
                combo.setCurrentText(event_map.get(key.text(), ""))
        names = [self.channels.item(i).text() for i in range(self.channels.count())]
        self._loading = False
        if names:
            self.set_channels(names, settings.picks if settings.picks is not None else names)
        self.changed.emit()
        self._update_modified()

    def _set_notch(self, notch: list[float] | None) -> None:
        self._notch = list(notch) if notch else None
        self.notch_label.setText(
            self.tr("+ notch {f} Hz").format(f=", ".join(f"{f:g}" for f in notch)) if notch else ""
        )
        self.notch_label.setVisible(bool(notch))

    # -- reading -------------------------------------------------------------------------------
    def class_combo(self, key: str) -> QComboBox | None:
        """The class editor of event ``key`` (None when there is no such row)."""
        for row in range(self.mapping.rowCount()):
            item = self.mapping.item(row, 0)
            if item is not None and item.text() == key:
                widget = self.mapping.cellWidget(row, 2)
                return widget if isinstance(widget, QComboBox) else None
        return None

    def event_classes(self) -> dict[str, str]:
        """Event key -> class text as shown (empty = ignored)."""
        out = {}
        for row in range(self.mapping.rowCount()):
            key, combo = self.mapping.item(row, 0), self.mapping.cellWidget(row, 2)
            if key is not None and isinstance(combo, QComboBox):
                text = combo.currentText().strip()
                out[key.text()] = UNLABELLED if text == self.tr(UNLABELLED) else text
        return out

    def picks(self) -> list[str]:
        """Checked channels, in list order."""
        return [
            self.channels.item(i).text()
            for i in range(self.channels.count())
            if self.channels.item(i).checkState() == Qt.CheckState.Checked
        ]

    def settings(self) -> Any:
        """The validated EpochSettings; ``ValueError`` (message naming the field) otherwise."""
        from pydantic import ValidationError

        from bcigui.data.epoching import EpochSettings

        event_map = {k: v for k, v in self.event_classes().items() if v}
        picks = self.picks()
        if self.channels.count() and not picks:
            raise ValueError(self.tr("Channels: check at least one channel"))
        values: dict[str, Any] = {
            "event_map": event_map,
            "tmin": self.tmin.value(),
            "tmax": self.tmax.value(),
            "baseline": (self.baseline_start.value(), self.baseline_end.value())
            if self.baseline_on.isChecked()
            else None,
            "picks": picks or None,
            "reject_uv": self.reject_uv.value() if self.reject_on.isChecked() else None,
            "l_freq": self.l_freq.value() if self.filter_on.isChecked() else None,
            "h_freq": self.h_freq.value() if self.filter_on.isChecked() else None,
            "notch": self._notch,
            "condition": self._condition.model_dump() if self._condition is not None else None,
        }
        if not self.inference and len(set(event_map.values())) == 1:
            raise ValueError(
                self.tr("Events → classes: training needs at least two classes; only “{c}” is "
                        "mapped").format(c=next(iter(event_map.values())))
            )  # fmt: skip
        try:
            settings = EpochSettings.model_validate(values)
        except ValidationError as exc:
            lines = []
            for err in exc.errors():
                loc = [str(p) for p in err.get("loc", ())]
                name = FIELD_NAMES.get(loc[0], loc[0]) if loc else self.tr("Window")
                cause = (err.get("ctx") or {}).get("error")  # a validator's own exception
                message = (
                    tr_core(cause)
                    if isinstance(cause, Exception)
                    else str(err.get("msg", "")).removeprefix("Value error, ")
                )
                lines.append(f"{self.tr(name)}: {message}")
            raise ValueError("; ".join(lines)) from None
        if self._preset is None:
            return settings
        preset = self._preset[0]
        ref = preset.ref.model_copy(update={"modified": self._differs(settings)})
        return settings.model_copy(update={"preset": ref})

    def _differs(self, settings: Any) -> bool:
        """True when ``settings`` are not the applied preset's; all the channels offered
        checked stand for the preset's "eeg"."""
        assert self._preset is not None
        preset, condition = self._preset
        offered = {self.channels.item(i).text() for i in range(self.channels.count())}
        changes: dict[str, Any] = {}
        if preset.picks == "eeg" and settings.picks is not None and set(settings.picks) == offered:
            changes["picks"] = None
        # events of the preset that these recordings do not have are no edit of the user's
        preset_map = preset.event_map_for(condition)
        rows = set(self.event_classes())
        if rows and settings.event_map == {k: v for k, v in preset_map.items() if k in rows}:
            changes["event_map"] = preset_map
        return not preset.matches(settings.model_copy(update=changes), condition)

    def _update_modified(self) -> None:
        if self._preset is None:
            self.preset_row.set_modified(False)
            return
        try:
            settings = self.settings()
        except ValueError:  # incomplete (no events yet) or invalid: the error says so
            return
        self.preset_row.set_modified(bool(settings.preset and settings.preset.modified))

    def show_error(self, text: str) -> None:
        """Show ``text`` under the editors (empty hides it)."""
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # -- internals -----------------------------------------------------------------------------
    def _update_enabled(self) -> None:
        for on, widgets in (
            (self.baseline_on, (self.baseline_start, self.baseline_end)),
            (self.reject_on, (self.reject_uv,)),
            (self.filter_on, (self.l_freq, self.h_freq)),
        ):
            for widget in widgets:
                widget.setEnabled(on.isChecked())

    def _edited(self, *_args: Any) -> None:
        self._update_enabled()
        if not self._loading:
            self._update_modified()
            self.changed.emit()
