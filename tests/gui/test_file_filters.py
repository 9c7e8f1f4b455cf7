"""File dialogs offer the formats of the tables in bcigui.data.formats, through one helper."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bcigui.data.formats import RECORDING_FORMATS, TRIAL_FILE_FORMATS, RecordingFormat
from bcigui.gui.file_filters import extension_list, name_filter


def test_name_filter_lists_every_format_of_the_table() -> None:
    entries = name_filter("EEG recordings", RECORDING_FORMATS).split(";;")
    every = [p for fmt in RECORDING_FORMATS for p in fmt.patterns]
    assert entries[0] == f"EEG recordings ({' '.join(every)})"
    assert entries[1:-1] == [
        f"{fmt.description} ({' '.join(fmt.patterns)})" for fmt in RECORDING_FORMATS
    ]
    assert entries[-1] == "All files (*)"


def test_one_format_gets_no_entry_of_its_own_and_patterns_are_not_repeated() -> None:
    assert name_filter("Trial files", TRIAL_FILE_FORMATS[:1], "Alle Dateien") == (
        f"Trial files (*{TRIAL_FILE_FORMATS[0].suffix});;Alle Dateien (*)"
    )
    twice = RecordingFormat("fif", "Again", ("*.fif",), RECORDING_FORMATS[0].read)
    first = name_filter("Both", (RECORDING_FORMATS[0], twice)).split(";;")[0]
    assert first == "Both (*.fif *.fif.gz)"


def test_extension_list_names_each_format_once() -> None:
    assert extension_list(RECORDING_FORMATS).split(", ") == [
        fmt.patterns[0].lstrip("*") for fmt in RECORDING_FORMATS
    ]
    assert extension_list(RECORDING_FORMATS).startswith(".fif, -epo.fif, .edf, ")


def dialog_filters(qtbot, open_dialog: Callable[[], None]) -> list[str]:
    """The name filters of the file dialog that ``open_dialog`` shows (then cancelled)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    seen: list[list[str]] = []

    def cancel_when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            seen.append(dialog.nameFilters())
            dialog.reject()
        else:
            QTimer.singleShot(20, cancel_when_shown)

    QTimer.singleShot(0, cancel_when_shown)
    open_dialog()  # modal: returns once the dialog is cancelled
    assert len(seen) == 1
    return seen[0]


def test_recording_dialog_offers_the_recording_table(qtbot, app_settings) -> None:
    from PySide6.QtWidgets import QLabel

    from bcigui.gui.recording.files_table import RecordingFilesBox

    box = RecordingFilesBox(app_settings)
    qtbot.addWidget(box)
    received: list[list[object]] = []
    box.added.connect(received.append)
    filters = dialog_filters(qtbot, box.add_files_dialog)
    assert filters == name_filter("EEG recordings", RECORDING_FORMATS).split(";;")
    assert received == []  # cancelled: nothing added
    hints = [label.text() for label in box.findChildren(QLabel)]
    assert f"or drop {extension_list(RECORDING_FORMATS)} files on the table" in hints


@pytest.fixture
def panel(qtbot, pool, app_settings):
    from bcigui.gui.training.data_panel import DataPanel

    widget = DataPanel(pool, app_settings)
    qtbot.addWidget(widget)
    widget.set_core_ready()
    return widget


def test_data_panel_offers_the_trial_file_table(qtbot, panel) -> None:
    filters = dialog_filters(qtbot, panel.open_data_dialog)
    assert filters == name_filter("Trial and label files", TRIAL_FILE_FORMATS).split(";;")
    assert panel.train_box.table.rowCount() == 0
    assert extension_list(RECORDING_FORMATS) in panel.eeg_button.toolTip()
