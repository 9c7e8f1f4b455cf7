"""The Live tab's stream pickers: EEG and markers, filled by a discovery run in a worker.

:func:`discovery_job` is the Qt-free job (LSL discovery takes about a second per stream; it
never runs in the GUI thread). :class:`StreamPicker` shows its result: one combo for the EEG
stream, one for the markers (with the EEG stream's own stim channel as the first choice), and
a line describing the chosen EEG stream (type, channels, rate, host) and its units.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from bcigui.gui.i18n import tr_core

if TYPE_CHECKING:  # annotations only: the online layer loads after the window paints
    from bcigui.online.streams import StreamDescription

#: Seconds discovery waits for streams to answer.
DISCOVERY_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class FoundStream:
    """A discovered stream and what the picker says about its units.

    Attributes
    ----------
    description : StreamDescription
    units_note : str
        ``""`` when every channel has a known unit; ``"assumed"`` when some have none (taken as
        microvolts); otherwise why the units cannot be used (an unknown unit).
    """

    description: StreamDescription
    units_note: str = ""


def discovery_job(timeout: float = DISCOVERY_TIMEOUT_S) -> Callable[[Any, Any], list[FoundStream]]:
    """The worker job: every LSL stream visible now, as :class:`FoundStream` (Qt-free)."""

    def job(progress: Callable[..., None], cancel: Any) -> list[FoundStream]:
        from bcigui.errors import DataError
        from bcigui.online.streams import discover_streams
        from bcigui.online.units import channel_scaling

        progress(0.0, "looking for LSL streams")
        found = []
        for description in discover_streams(timeout):
            note = ""
            if not description.is_markers:
                try:
                    scaling = channel_scaling(description.ch_names, description.units)
                    note = "assumed" if scaling.any_assumed else ""
                except DataError as exc:
                    note = tr_core(exc)
            found.append(FoundStream(description, note))
        return found

    return job


def describe_stream(description: StreamDescription) -> str:
    """One line: ``type · N ch · R Hz · host`` (markers: irregular rate), translated."""
    kind = description.type or "?"
    if description.is_markers:
        rate = QCoreApplication.translate("StreamPicker", "irregular")
    else:
        rate = QCoreApplication.translate("StreamPicker", "{rate} Hz").format(
            rate=f"{description.sfreq:g}"
        )
    channels = QCoreApplication.translate("StreamPicker", "{n} ch").format(n=description.n_channels)
    return f"{kind} · {channels} · {rate} · {description.host}"


class StreamPicker(QWidget):
    """EEG and marker stream combos, a Refresh button and the chosen stream's description.

    Signals
    -------
    refresh_requested()
        The user pressed Refresh (the tab runs the discovery job).
    changed()
        The chosen EEG or marker stream changed.
    """

    refresh_requested = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.found: list[FoundStream] = []
        self.eeg_combo = QComboBox()
        self.eeg_combo.setObjectName("live_eeg_stream")
        self.eeg_combo.setMinimumContentsLength(12)
        self.eeg_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.marker_combo = QComboBox()
        self.marker_combo.setObjectName("live_marker_stream")
        self.marker_combo.setMinimumContentsLength(12)
        self.marker_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("live_refresh")
        self.refresh_button.setToolTip(self.tr("Look for Lab Streaming Layer streams again"))
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.eeg_info = QLabel()
        self.eeg_info.setObjectName("live_eeg_info")
        self.eeg_info.setWordWrap(True)
        self.eeg_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.units_label = QLabel()
        self.units_label.setObjectName("live_units")
        self.units_label.setWordWrap(True)
        eeg_row = QHBoxLayout()
        eeg_row.addWidget(self.eeg_combo, 1)
        eeg_row.addWidget(self.refresh_button)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("EEG stream"), eeg_row)
        form.addRow("", self.eeg_info)
        form.addRow("", self.units_label)
        form.addRow(self.tr("Markers"), self.marker_combo)
        self.eeg_combo.currentIndexChanged.connect(self._eeg_changed)
        self.marker_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.set_streams([])

    # -- filling -------------------------------------------------------------------------------
    def set_searching(self, searching: bool) -> None:
        """Show that a discovery runs (Refresh is disabled meanwhile)."""
        self.refresh_button.setEnabled(not searching)
        if searching:
            self.eeg_info.setText(self.tr("Looking for streams…"))

    def set_streams(self, found: list[FoundStream], prefer_eeg: str | None = None) -> None:
        """List ``found``; keep the chosen streams when still there (else ``prefer_eeg``)."""
        eeg_before = prefer_eeg or self.eeg_name
        marker_before = self.marker_name
        self.found = list(found)
        self.eeg_combo.blockSignals(True)
        self.marker_combo.blockSignals(True)
        self.eeg_combo.clear()
        self.marker_combo.clear()
        self.marker_combo.addItem(self.tr("(stim channel in the EEG stream)"), "")
        for index, stream in enumerate(self.found):
            d = stream.description
            text = f"{d.name}  ({describe_stream(d)})"
            if d.is_markers:
                self.marker_combo.addItem(text, d.name)
            else:
                self.eeg_combo.addItem(text, index)
        if self.eeg_combo.count() == 0:
            self.eeg_combo.addItem(self.tr("No EEG stream found: start one, or replay a recording"))
            self.eeg_combo.setEnabled(False)
        else:
            self.eeg_combo.setEnabled(True)
            self._select(self.eeg_combo, eeg_before, by_name=True)
        self._select(self.marker_combo, marker_before or "", by_name=False)
        self.eeg_combo.blockSignals(False)
        self.marker_combo.blockSignals(False)
        self._eeg_changed()

    def _select(self, combo: QComboBox, name: str | None, *, by_name: bool) -> None:
        if not name:
            combo.setCurrentIndex(0)
            return
        for i in range(combo.count()):
            data = combo.itemData(i)
            if by_name and isinstance(data, int) and self.found[data].description.name == name:
                combo.setCurrentIndex(i)
                return
            if not by_name and data == name:
                combo.setCurrentIndex(i)
                return
        combo.setCurrentIndex(0)

    # -- the choice ----------------------------------------------------------------------------
    @property
    def eeg_stream(self) -> FoundStream | None:
        """The chosen EEG stream (None when there is none)."""
        data = self.eeg_combo.currentData()
        return self.found[data] if isinstance(data, int) else None

    @property
    def eeg_name(self) -> str | None:
        """The chosen EEG stream's name."""
        stream = self.eeg_stream
        return stream.description.name if stream is not None else None

    @property
    def marker_name(self) -> str | None:
        """The chosen marker stream's name; None for the EEG stream's stim channel."""
        data = self.marker_combo.currentData()
        return str(data) if data else None

    def choose_marker(self, name: str | None) -> None:
        """Choose the marker stream ``name`` (None: the stim channel), if listed."""
        self._select(self.marker_combo, name or "", by_name=False)

    def _eeg_changed(self, *_args: Any) -> None:
        stream = self.eeg_stream
        if stream is None:
            self.eeg_info.setText("")
            self.units_label.setText("")
        else:
            d = stream.description
            self.eeg_info.setText(
                self.tr("{kind}, %n channel(s), {rate} Hz, on {host}", "", d.n_channels).format(
                    kind=d.type or self.tr("no type"), rate=f"{d.sfreq:g}", host=d.host
                )
            )
            self.eeg_info.setToolTip(", ".join(d.ch_names))
            if stream.units_note == "assumed":
                self.units_label.setStyleSheet("color: #b9770e;")
                self.units_label.setText(
                    self.tr("Units: assumed microvolts (the stream describes none)")
                )
            elif stream.units_note:
                self.units_label.setStyleSheet("color: #c0392b;")
                self.units_label.setText(self.tr("Units: {why}").format(why=stream.units_note))
            else:
                self.units_label.setStyleSheet("")
                self.units_label.setText(self.tr("Units: from the stream description"))
        self.changed.emit()
