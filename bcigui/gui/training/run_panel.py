"""The run panel: Train and Stop, progress with ETA, the runs list, curves, results and log."""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from bcigui.gui.training.results import ResultsView
from bcigui.gui.training.runs import RunRecord

log = logging.getLogger(__name__)

#: The curves may be this narrow (their own hint is two full plots side by side).
CURVES_MIN_WIDTH = 240


class RunPanel(QWidget):
    """Shows the selected run; the Training tab feeds it records and their updates.

    Signals
    -------
    train_clicked(), stop_clicked(), cancel_queued_clicked()
        Stop always means the running run; a queued run is dropped with its own button.
    """

    train_clicked = Signal()
    stop_clicked = Signal()
    cancel_queued_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: list[RunRecord] = []
        self.curves: Any = None

        self.train_button = QPushButton(self.tr("Train"))
        self.train_button.setObjectName("train_button")
        self.train_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.train_button.setDefault(True)
        self.train_button.setEnabled(False)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stop_button")
        self.stop_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaStop))
        self.stop_button.setEnabled(False)
        self.stop_button.setToolTip(
            self.tr("Stop the running run after the current batch; nothing is saved.")
        )
        # wide enough for "Stopping…" so that the bar does not shift when the text changes
        self.stop_button.setMinimumWidth(
            self.stop_button.fontMetrics().horizontalAdvance(self.tr("Stopping…")) + 40
        )
        self.cancel_queued_button = QPushButton(self.tr("Unqueue"))
        self.cancel_queued_button.setObjectName("cancel_queued_button")
        self.cancel_queued_button.setEnabled(False)
        self.cancel_queued_button.setToolTip(
            self.tr("Remove the selected queued run from the queue before it starts.")
        )
        self.readiness = QLabel()
        self.readiness.setObjectName("readiness")
        self.readiness.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress_text = QLabel(" ")
        self.progress_text.setObjectName("progress_text")
        self.runs = QListWidget()
        self.runs.setObjectName("runs")
        self.runs.setMaximumHeight(64)
        # long lines elide (their tooltip has them whole) instead of adding a scroll bar
        self.runs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.runs.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.runs.setUniformItemSizes(True)
        self.runs.setToolTip(
            self.tr(
                "Runs of this session; select one to see its curves and "
                "results. Trains queue up and run one after another."
            )
        )
        self.curves_holder = QWidget()
        self._curves_layout = QVBoxLayout(self.curves_holder)
        self._curves_layout.setContentsMargins(0, 0, 0, 0)
        self.results = ResultsView()
        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("log")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(5000)
        self.log_view.setPlaceholderText(self.tr("Log of the runs"))

        bar = QHBoxLayout()
        bar.addWidget(self.train_button)
        bar.addWidget(self.stop_button)
        bar.addWidget(self.cancel_queued_button)
        bar.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.curves_holder)
        splitter.addWidget(self.results)
        splitter.addWidget(self.log_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([320, 300, 120])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.readiness)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.runs)
        layout.addWidget(splitter, 1)
        self.train_button.clicked.connect(self.train_clicked)
        self.stop_button.clicked.connect(self.stop_clicked)
        self.cancel_queued_button.clicked.connect(self.cancel_queued_clicked)
        self.runs.currentRowChanged.connect(lambda _row: self._show_selected())

    def set_core_ready(self) -> None:
        """Build the curves widget (pyqtgraph is imported by now)."""
        from bcigui.gui.plots import TrainingCurves

        self.curves = TrainingCurves()
        self.curves.setObjectName("curves")
        self.curves.setMinimumWidth(CURVES_MIN_WIDTH)  # narrow screens: the plots shrink
        self._curves_layout.addWidget(self.curves)
        self._show_selected()

    # -- records -------------------------------------------------------------------------------
    def add_record(self, record: RunRecord) -> None:
        """List a new run and select it."""
        self.records.append(record)
        item = QListWidgetItem(record.list_text())
        item.setToolTip(record.list_text())
        self.runs.addItem(item)
        self.runs.setCurrentRow(len(self.records) - 1)
        self.runs.scrollToBottom()

    def selected(self) -> RunRecord | None:
        """The selected run."""
        row = self.runs.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def running(self) -> RunRecord | None:
        """The run the worker lane is on now (running or stopping), whichever is selected."""
        return next((r for r in self.records if r.state in ("running", "stopping")), None)

    def select(self, record: RunRecord) -> None:
        """Select ``record``."""
        self.runs.setCurrentRow(self.records.index(record))

    def update_record(self, record: RunRecord, new_series: list[str] | None = None) -> None:
        """Refresh the list line of ``record`` and, if shown, the live parts of the view."""
        row = self.records.index(record)
        item = self.runs.item(row)
        item.setText(record.list_text())
        item.setToolTip(record.list_text())
        self._update_buttons()
        if record is not self.selected():
            return
        self._show_progress(record)
        if self.curves is not None and "n_epochs" in record.values:
            self.curves.set_epochs(int(record.values["n_epochs"]))
        if self.curves is not None and new_series:
            for series in new_series:
                x, y = record.points[series][-1]
                self.curves.add_point(series, x, y)

    def finish_record(self, record: RunRecord) -> None:
        """Refresh everything about ``record`` after it ended."""
        self.update_record(record)
        if record is self.selected():
            self._show_selected()

    def log(self, text: str) -> None:
        """Append a time-stamped line to the log."""
        self.log_view.appendPlainText(f"{time.strftime('%H:%M:%S')}  {text}")

    # -- display -------------------------------------------------------------------------------
    def _show_progress(self, record: RunRecord) -> None:
        self.progress.setValue(int(1000 * record.fraction))
        if record.state == "queued":
            self.progress_text.setText(self.tr("Waiting for the runs before it."))
        elif record.active:
            self.progress_text.setText(record.progress_text())
        elif record.state == "succeeded":
            self.progress_text.setText(self.tr("Finished."))
        elif record.state == "cancelled":
            self.progress_text.setText(self.tr("Stopped; nothing was saved."))
        else:
            message = record.error.message if record.error is not None else ""
            self.progress_text.setText(self.tr("Failed: {m}").format(m=message))
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Stop follows the running run; Remove from queue follows the selected queued one."""
        running = self.running()
        self.stop_button.setEnabled(running is not None and running.state == "running")
        stopping = running is not None and running.state == "stopping"
        self.stop_button.setText(self.tr("Stopping…") if stopping else self.tr("Stop"))
        selected = self.selected()
        self.cancel_queued_button.setEnabled(selected is not None and selected.state == "queued")

    def _show_selected(self) -> None:
        record = self.selected()
        if record is None:
            self.progress.setValue(0)
            self.progress_text.setText(" ")
            self._update_buttons()
            self.results.show_result(None)
            return
        self._show_progress(record)
        if self.curves is not None:
            if record.network:
                self.curves.set_points(record.points)
                if "n_epochs" in record.values:
                    self.curves.set_epochs(int(record.values["n_epochs"]))
            else:
                self.curves.clear()
                self.curves.show_message(
                    self.tr(
                        "{t} trains in one step: no epochs, no curves. Results appear below."
                    ).format(t=record.title.split(" ")[0])
                )
        if record.state == "succeeded":
            self.results.show_result(record.result)
        elif record.state == "failed":
            self.results.show_result(
                None,
                self.tr("This run failed: {m}").format(
                    m=record.error.message if record.error else ""
                ),
            )
        elif record.state == "cancelled":
            self.results.show_result(None, self.tr("This run was stopped; nothing was saved."))
        else:
            self.results.show_result(None)
