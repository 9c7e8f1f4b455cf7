"""The Inference tab's results: per-trial table, accuracy and confusion, probability bars."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bcigui.gui.i18n import number
from bcigui.gui.plots import ConfusionMatrixView
from bcigui.gui.training.results import NearChanceBanner

_BAR_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
#: At most this many selected rows are drawn in the probability plot.
MAX_BARS = 40


def _percent(fraction: float) -> str:
    return f"{number(fraction * 100, 1)} %"


class InferenceResults(QWidget):
    """Results table (file, trial, predicted, P(class)..., true), summary and plots."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: Any = None
        self.table = QTableWidget()
        self.table.setObjectName("inference_results")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.itemSelectionChanged.connect(self.update_plot)
        self.summary = QLabel(self.tr("Run inference to see predictions here."))
        self.summary.setObjectName("inference_summary")
        self.summary.setWordWrap(True)
        self.banner = NearChanceBanner()
        self.confusion = ConfusionMatrixView()
        self.confusion.setMinimumHeight(90)
        self.confusion.hide()
        self.plot: Any = None  # pyqtgraph is imported with the core: built on first result
        #: (x, text) tick labels of the bar groups shown; :meth:`_space_ticks` thins them.
        self._ticks: list[tuple[int, str]] = []
        self._plot_box = QWidget()
        self._plot_layout = QVBoxLayout(self._plot_box)
        self._plot_layout.setContentsMargins(0, 0, 0, 0)
        bottom = self._bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.summary)
        bottom_layout.addWidget(self.banner)
        bottom_layout.addWidget(self.confusion)
        bottom_layout.addWidget(self._plot_box, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def show_result(self, result: Any) -> None:
        """Fill the table, summary and confusion matrix from an InferenceResult."""
        self.result = result
        classes = [str(c) for c in result.classes]
        has_truth = bool(result.labelled)
        headers = [self.tr("File"), self.tr("Trial"), self.tr("Predicted")]
        headers += [self.tr("P({c})").format(c=c) for c in classes]
        if has_truth:
            headers.append(self.tr("True"))
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(result.predictions))
        wrong = QBrush(QColor(220, 60, 60, 60))
        for row, p in enumerate(result.predictions):
            values = [Path(p.file).name, str(p.trial), str(p.predicted)]
            values += [number(v, 3) for v in p.proba]
            if has_truth:
                values.append("" if p.true is None else str(p.true))
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setToolTip(p.file)
                if col >= 1 and col != 2 and not (has_truth and col == len(values) - 1):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if has_truth and p.true is not None and str(p.true) != str(p.predicted):
                    item.setBackground(wrong)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        counts = {c: 0 for c in classes}
        for p in result.predictions:
            counts[str(p.predicted)] = counts.get(str(p.predicted), 0) + 1
        spread = ", ".join(f"{c}: {n}" for c, n in counts.items())
        text = self.tr("{n} trials. Predicted: {spread}.").format(
            n=len(result.predictions), spread=spread
        )
        scores = result.scores
        if scores is not None:
            text += " " + self.tr(
                "Accuracy on {k} labelled trials: {a} (chance {ca}), "
                "balanced accuracy {b} (chance {cb})."
            ).format(
                k=scores.n_trials,
                a=_percent(scores.accuracy),
                ca=_percent(scores.chance_accuracy),
                b=_percent(scores.balanced_accuracy),
                cb=_percent(scores.chance_balanced_accuracy),
            )
            self.confusion.set_matrix(result.confusion(), classes)
            self.confusion.show()
        else:
            self.confusion.hide()
        self.banner.set_verdict(None if scores is None else scores.near_chance)
        self.summary.setText(text)
        self._fit_bottom()
        self._ensure_plot()
        if self.table.rowCount():
            self.table.selectRow(0)
        self.update_plot()

    def clear(self, text: str = "") -> None:
        """Forget the shown result: empty table, summary ``text``, no plots or banner."""
        self.result = None
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.summary.setText(text or self.tr("Run inference to see predictions here."))
        self.banner.set_verdict(None)
        self.confusion.hide()
        if self.plot is not None:
            self.plot.clear()

    def _ensure_plot(self) -> None:
        if self.plot is not None:
            return
        import pyqtgraph as pg

        self.plot = pg.PlotWidget()
        self.plot.setBackground(self.palette().color(self.backgroundRole()))
        self.plot.setMinimumHeight(170)  # room for the bars and their labels below
        self.plot.setYRange(0, 1)
        self.plot.showGrid(y=True, alpha=0.3)
        self.plot.setLabel("left", self.tr("probability"))
        self.plot.addLegend(offset=(-10, 2))
        # _space_ticks keeps the labels apart; pyqtgraph's own check hides them all when
        # the first one reaches past the axis' end
        bottom_axis = self.plot.getAxis("bottom")
        bottom_axis.setStyle(hideOverlappingLabels=False)
        bottom_axis.setHeight(2 * self.plot.fontMetrics().height() + 12)  # ticks and one line
        self.plot.installEventFilter(self)
        self._plot_layout.addWidget(self.plot)

    def selected_rows(self) -> list[int]:
        """Selected table rows, in order."""
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def update_plot(self) -> None:
        """Grouped bars: for each selected trial, one bar per class probability."""
        if self.plot is None or self.result is None:
            return
        import pyqtgraph as pg

        self.plot.clear()
        rows = self.selected_rows()[:MAX_BARS]
        if not rows:
            return
        classes = [str(c) for c in self.result.classes]
        width = 0.8 / max(len(classes), 1)
        for k, name in enumerate(classes):
            xs = [i + (k - (len(classes) - 1) / 2) * width for i in range(len(rows))]
            heights = [self.result.predictions[r].proba[k] for r in rows]
            color = _BAR_COLORS[k % len(_BAR_COLORS)]
            bars = pg.BarGraphItem(x=xs, height=heights, width=width * 0.95, brush=color, name=name)
            self.plot.addItem(bars)
        ticks = [
            (i, f"{Path(self.result.predictions[r].file).stem}#{self.result.predictions[r].trial}")
            for i, r in enumerate(rows)
        ]
        self._ticks = ticks
        self._space_ticks()
        self.plot.plotItem.legend.setColumnCount(len(classes))  # one line, above the bars
        self.plot.setXRange(-0.6, len(rows) - 0.4)
        self.plot.setYRange(0, 1.3)

    def _space_ticks(self) -> None:
        """Label every n-th bar group so that no two tick labels overlap at this width."""
        if self.plot is None:
            return
        ticks = self._ticks
        if ticks:
            widest = max(self.plot.fontMetrics().horizontalAdvance(t) for _, t in ticks) + 12
            room = max(self.plot.width() - 60, 1) / len(ticks)  # less the left axis
            step = max(1, -(-widest // max(int(room), 1)))
            ticks = ticks[::step]
        self.plot.getAxis("bottom").setTicks([ticks])

    def _fit_bottom(self) -> None:
        """Keep the wrapped summary, the matrix and the plot whole (splitters ignore
        height-for-width: the plot's axis labels would be cut off)."""
        layout = self._bottom.layout()
        parts = [self.summary, self.confusion, self._plot_box]
        shown = [w for w in parts if not w.isHidden()]
        height = sum(
            w.heightForWidth(self._bottom.width()) if w is self.summary else
            w.minimumSizeHint().height()
            for w in shown
        )  # fmt: skip
        spacing = layout.spacing() if layout is not None else 0
        self._bottom.setMinimumHeight(height + spacing * max(len(shown) - 1, 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Refit the lower half to the new width."""
        super().resizeEvent(event)
        self._fit_bottom()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Re-space the tick labels when the plot is resized."""
        if watched is self.plot and event.type() == QEvent.Type.Resize:
            self._space_ticks()
        return super().eventFilter(watched, event)
