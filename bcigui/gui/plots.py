"""Plots shared by the tabs: live training curves and the confusion-matrix heat map.

:class:`TrainingCurves` draws train/validation loss and accuracy with pyqtgraph. Points are
appended to plain lists as progress arrives; the curves are redrawn by ``setData`` on the
existing items from a timer, at most :data:`REFRESH_HZ` times a second, however fast points
come. pyqtgraph is imported when the first curves widget is built (the window's start-up job
has imported it in a worker by then).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStackedLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

REFRESH_HZ = 20
SERIES = ("loss", "val_loss", "accuracy", "val_accuracy")
_COLORS = {
    "loss": "#1f77b4",
    "accuracy": "#1f77b4",
    "val_loss": "#ff7f0e",
    "val_accuracy": "#ff7f0e",
}


class TrainingCurves(QWidget):
    """Loss (left) and accuracy (right) against epochs, for training and validation data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        foreground = palette.color(QPalette.ColorRole.Text)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(background)
        self.view.setMinimumHeight(160)
        self.points: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in SERIES}
        self.curves: dict[str, Any] = {}
        self.plots: dict[str, Any] = {}
        quantities = (("loss", self.tr("Loss")), ("accuracy", self.tr("Accuracy")))
        for col, (quantity, title) in enumerate(quantities):
            plot = self.view.addPlot(row=0, col=col)
            plot.setTitle(title, color=foreground)
            plot.showGrid(x=True, y=True, alpha=0.25)
            plot.setLabel("bottom", self.tr("epoch"), color=foreground)
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setPen(foreground)
                plot.getAxis(axis).setTextPen(foreground)
            self.plots[quantity] = plot
            for key, style in (
                (quantity, Qt.PenStyle.SolidLine),
                (f"val_{quantity}", Qt.PenStyle.DashLine),
            ):
                pen = pg.mkPen(_COLORS[key], width=2, style=style)
                self.curves[key] = plot.plot([], [], pen=pen)
        # the legend sits above the plots: a legend inside them hides the curves under it
        training = self.tr("training")
        validation = self.tr("validation (held out from the training files)")
        self.legend = QLabel(
            f"<span style='color:{_COLORS['loss']}'>━━ {training}</span>"
            f"&nbsp;&nbsp;&nbsp;<span style='color:{_COLORS['val_loss']}'>╍╍ {validation}</span>"
        )
        self.legend.setAlignment(Qt.AlignmentFlag.AlignCenter)
        plots = QWidget()
        column = QVBoxLayout(plots)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.legend)
        column.addWidget(self.view, 1)
        for plot in self.plots.values():
            plot.disableAutoRange()
        self._x_extent = 1.0
        self._loss_top = 1.0
        self._apply_ranges()
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setObjectName("curves_message")
        self.message.setStyleSheet("color: palette(placeholder-text);")
        self._stack = QStackedLayout(self)
        self._stack.addWidget(plots)
        self._stack.addWidget(self.message)
        self._plots = plots
        self._dirty = False
        self.redraws = 0
        self._timer = QTimer(self)
        self._timer.setInterval(int(1000 / REFRESH_HZ))
        self._timer.timeout.connect(self._refresh)
        self._timer.start()
        self.show_message(self.tr("Loss and accuracy curves appear here while a network trains."))

    # -- data --------------------------------------------------------------------------------
    def clear(self) -> None:
        """Remove every point."""
        for xs, ys in self.points.values():
            xs.clear()
            ys.clear()
        self._x_extent = 1.0
        self._loss_top = 1.0
        self._apply_ranges()
        self._dirty = True

    def set_epochs(self, n_epochs: int) -> None:
        """Show the x axis from 0 to ``n_epochs`` (the run's length, known from the start)."""
        if n_epochs != self._x_extent:
            self._x_extent = float(max(n_epochs, 1))
            self._apply_ranges()

    def _apply_ranges(self) -> None:
        # Fixed ranges, changed only when the data leave them: re-ranging on every update
        # would regenerate the axes (Python code) on every redraw, and with a training thread
        # competing for the GIL each redraw would then hold up the event loop for tens of ms.
        for plot in self.plots.values():
            plot.setXRange(0.0, self._x_extent, padding=0.02)
        self.plots["loss"].setYRange(0.0, self._loss_top, padding=0.02)
        self.plots["accuracy"].setYRange(0.0, 1.0, padding=0.02)

    def _grow_ranges(self, x: float, y: float, series: str) -> None:
        changed = False
        if x > self._x_extent:
            self._x_extent = float(x)
            changed = True
        if "loss" in series and y > self._loss_top:
            self._loss_top = 1.25 * y
            changed = True
        if changed:
            self._apply_ranges()

    def add_point(self, series: str, x: float, y: float) -> None:
        """Append a point to ``series`` (``loss``, ``val_loss``, ``accuracy``, ``val_accuracy``)."""
        xs, ys = self.points[series]
        xs.append(float(x))
        ys.append(float(y))
        self._grow_ranges(x, y, series)
        self._dirty = True
        self._stack.setCurrentWidget(self._plots)

    def set_points(self, points: Mapping[str, Sequence[tuple[float, float]]]) -> None:
        """Replace every series."""
        self.clear()
        for series, pairs in points.items():
            if series in self.points:
                xs, ys = self.points[series]
                xs.extend(float(p[0]) for p in pairs)
                ys.extend(float(p[1]) for p in pairs)
                for x, y in pairs:
                    self._grow_ranges(x, y, series)
        self._stack.setCurrentWidget(self._plots)

    def point_count(self, series: str = "loss") -> int:
        """Points in ``series`` (what the curve shows after the next refresh)."""
        return len(self.points[series][0])

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of the plots (for models without epochs)."""
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)

    def _refresh(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self.redraws += 1
        for series, curve in self.curves.items():
            xs, ys = self.points[series]
            curve.setData(xs, ys)


def _heat(fraction: float) -> QColor:
    """White (0) to a saturated blue (1)."""
    f = min(max(fraction, 0.0), 1.0)
    return QColor(int(255 - 225 * f), int(255 - 170 * f), int(255 - 75 * f))


class ConfusionMatrixView(QTableWidget):
    """A confusion matrix as a heat map: rows are true classes, columns predicted classes.

    Each cell shows the count and the share of its row (the class's recall on the diagonal);
    the colour follows that share.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(
            self.tr("Rows: true class. Columns: predicted class. Cells: trials (share of the row).")
        )

    def set_matrix(self, matrix: Sequence[Sequence[int]], classes: Sequence[Any]) -> None:
        """Show ``matrix[i][j]`` = trials of class ``classes[i]`` predicted as ``classes[j]``."""
        names = [str(c) for c in classes]
        n = len(names)
        self.clear()
        self.setRowCount(n)
        self.setColumnCount(n)
        self.setHorizontalHeaderLabels([self.tr("→ {c}").format(c=c) for c in names])
        self.setVerticalHeaderLabels(names)
        for i in range(n):
            total = sum(matrix[i]) or 1
            for j in range(n):
                count = int(matrix[i][j])
                share = count / total
                item = QTableWidgetItem(f"{count}\n({share:.0%})")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QBrush(_heat(share)))
                item.setForeground(QBrush(QColor("white" if share > 0.55 else "black")))
                item.setToolTip(
                    self.tr("{n} trials of {t} predicted as {p}").format(
                        n=count, t=names[i], p=names[j]
                    )
                )
                self.setItem(i, j, item)

    def cell_text(self, row: int, col: int) -> str:
        """The text of a cell (for tests)."""
        item = self.item(row, col)
        return item.text() if item else ""
