"""A strip plot of fold scores per pipeline, with each pipeline's mean and SD (pyqtgraph)."""

from __future__ import annotations

import math
import statistics
from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from bcigui.gui.study.leaderboard import metric_title

#: Colour of each pipeline's points, in pipeline order (cycled).
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")
#: Horizontal spread of the points of one pipeline (deterministic, no random jitter).
JITTER = 0.18


def jitter(n: int) -> list[float]:
    """``n`` offsets spread evenly over ``[-JITTER, JITTER]`` (0 for a single point)."""
    if n <= 1:
        return [0.0] * n
    return [-JITTER + 2 * JITTER * i / (n - 1) for i in range(n)]


class FoldScorePlot(QWidget):
    """Fold scores (y) of each pipeline (x): one dot per fold, a bar at the mean ± SD."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        palette = self.palette()
        foreground = palette.color(QPalette.ColorRole.Text)
        self.view = pg.PlotWidget()
        self.view.setBackground(palette.color(QPalette.ColorRole.Base))
        self.view.setMinimumHeight(160)
        self.plot = self.view.getPlotItem()
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setPen(foreground)
            self.plot.getAxis(axis).setTextPen(foreground)
        self.foreground = foreground
        self.items: list[Any] = []
        #: What is drawn now: pipeline -> fold scores (tests read it).
        self.shown: dict[str, list[float]] = {}
        self._series: dict[str, tuple[Any, Any, Any]] = {}
        self._metric = ""
        self._chance: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_scores(
        self, metric: str, scores: dict[str, list[float]], chance: float | None = None
    ) -> None:
        """Draw ``scores`` (pipeline -> fold scores of ``metric``).

        The items of each pipeline are made once and updated with ``setData`` afterwards, so
        that a redraw while rows arrive stays cheap.
        """
        import pyqtgraph as pg

        names = list(scores)
        if names != list(self.shown) or metric != self._metric:
            self._rebuild(names, metric)
        self.shown = {p: list(v) for p, v in scores.items()}
        for x, name in enumerate(names):
            values = scores[name]
            dots, bar, whisker = self._series[name]
            mean = statistics.fmean(values) if values else math.nan
            sd = statistics.stdev(values) if len(values) > 1 else 0.0
            dots.setData([x + dx for dx in jitter(len(values))], values)
            if values:
                bar.setData([x - 0.3, x + 0.3], [mean, mean])
                whisker.setData([x, x], [mean - sd, mean + sd])
            else:
                bar.setData([], [])
                whisker.setData([], [])
        if chance is not None and math.isfinite(chance) and names:
            if self._chance is None:
                self._chance = pg.InfiniteLine(
                    chance, angle=0, pen=pg.mkPen("#888888", style=pg.QtCore.Qt.PenStyle.DashLine),
                    label=self.tr("chance"), labelOpts={"position": 0.95, "color": "#888888"},
                )  # fmt: skip
                self.plot.addItem(self._chance)
            self._chance.setValue(chance)
        elif self._chance is not None:
            self.plot.removeItem(self._chance)
            self._chance = None

    def _rebuild(self, names: list[str], metric: str) -> None:
        import pyqtgraph as pg

        for item in self.items:
            self.plot.removeItem(item)
        self.items = []
        self._series = {}
        self._metric = metric
        self.plot.setLabel("left", metric_title(metric), color=self.foreground)
        self.plot.getAxis("bottom").setTicks([list(enumerate(names))])
        for x, name in enumerate(names):
            color = COLORS[x % len(COLORS)]
            dots = pg.ScatterPlotItem([], [], size=8, brush=pg.mkBrush(color), pen=pg.mkPen(None))
            bar = pg.PlotDataItem([], [], pen=pg.mkPen(self.foreground, width=2))
            whisker = pg.PlotDataItem([], [], pen=pg.mkPen(self.foreground, width=1))
            self._series[name] = (dots, bar, whisker)
            for item in (dots, bar, whisker):
                self.plot.addItem(item)
                self.items.append(item)
        self.plot.setXRange(-0.6, max(len(names), 1) - 0.4, padding=0)
