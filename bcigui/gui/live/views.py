"""What the Live tab draws: scrolling EEG, per-epoch probabilities, the speller matrix, latency.

Every view keeps what it shows in plain Python containers and redraws only when
:meth:`redraw` is called (the tab calls it once per batch of events, at most ~20 times a
second). pyqtgraph and NumPy are imported when a view is built or drawn: the views are built
once the core is loaded, never while the window starts.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

#: Seconds of EEG the scrolling view shows.
EEG_WINDOW_S = 5.0
#: Epochs the probability trace shows.
TRACE_EPOCHS = 120
#: The trace's epoch axis moves in steps of this many epochs (not per epoch: cheaper to draw).
TRACE_STEP = 20
#: Latency histogram bins (ms): 0..LATENCY_MAX_MS in LATENCY_BIN_MS steps, the last one open.
LATENCY_BIN_MS = 2.0
LATENCY_MAX_MS = 60.0
_CLASS_COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def _styled_plot(widget: QWidget, title: str, bottom: str, left: str = "") -> tuple[Any, Any]:
    """A pyqtgraph PlotWidget in the palette's colours, inside ``widget``; (plot widget, item)."""
    import pyqtgraph as pg

    palette = widget.palette()
    foreground = palette.color(QPalette.ColorRole.Text)
    view = pg.PlotWidget()
    view.setBackground(palette.color(QPalette.ColorRole.Base))
    item = view.getPlotItem()
    item.setTitle(title, color=foreground)
    item.showGrid(x=True, y=True, alpha=0.2)
    item.setLabel("bottom", bottom, color=foreground)
    if left:
        item.setLabel("left", left, color=foreground)
    for axis in ("left", "bottom"):
        item.getAxis(axis).setPen(foreground)
        item.getAxis(axis).setTextPen(foreground)
    item.setMenuEnabled(False)
    view.setMouseEnabled(x=False, y=False)
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(view)
    return view, item


class EegView(QWidget):
    """The last :data:`EEG_WINDOW_S` seconds of EEG, channels stacked, each scaled to its spread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view, self.plot = _styled_plot(self, self.tr("EEG (last 5 s)"), self.tr("time (s)"))
        self.view.setMinimumHeight(150)
        self.chunks: deque[tuple[Any, Any]] = deque()
        self.ch_names: list[str] = []
        self.curves: list[Any] = []
        self.dirty = False

    def add_chunk(self, data: Any, times: Any, ch_names: Sequence[str]) -> None:
        """Append a block ``data`` of shape ``(n_channels, n_samples)`` at LSL ``times``."""
        import numpy as np

        data, times = np.asarray(data, dtype=float), np.asarray(times, dtype=float)
        if data.ndim != 2 or data.shape[1] == 0 or data.shape[1] != times.shape[0]:
            return
        names = list(ch_names) or [f"ch{i + 1}" for i in range(data.shape[0])]
        if names != self.ch_names:
            self._set_channels(names)
        self.chunks.append((data, times))
        self.dirty = True
        while self.chunks and self.chunks[0][1][-1] < times[-1] - EEG_WINDOW_S:
            self.chunks.popleft()

    def _set_channels(self, names: list[str]) -> None:
        import pyqtgraph as pg

        self.plot.clear()
        self.chunks.clear()
        self.ch_names = names
        # bare curve items (not PlotDataItems): redrawn ten times a second, they skip the
        # data-item layers (symbols, downsampling, log modes) the view never uses
        self.curves = []
        for i in range(len(names)):
            pen = pg.mkPen(_CLASS_COLORS[i % len(_CLASS_COLORS)], width=1)
            curve = pg.PlotCurveItem(pen=pen, skipFiniteCheck=True)
            self.plot.addItem(curve)
            self.curves.append(curve)
        ticks = [(-float(i), name) for i, name in enumerate(names)]
        self.plot.getAxis("left").setTicks([ticks])
        self.plot.setYRange(-len(names) + 0.4, 0.6, padding=0)
        self.plot.setXRange(-EEG_WINDOW_S, 0, padding=0)

    def redraw(self) -> None:
        """Draw what the chunks hold now (nothing to do when no chunk arrived since)."""
        import numpy as np

        if not self.chunks or not self.dirty:
            return
        self.dirty = False
        data = np.hstack([c[0] for c in self.chunks])
        times = np.hstack([c[1] for c in self.chunks])
        end = times[-1]
        x = times - end
        for i, curve in enumerate(self.curves):
            row = data[i] - np.median(data[i])
            spread = float(np.percentile(np.abs(row), 95)) or 1.0
            curve.setData(x, np.clip(row / (2.5 * spread), -0.6, 0.6) - i)

    def clear(self) -> None:
        """Forget the EEG shown."""
        self.chunks.clear()
        for curve in self.curves:
            curve.setData([], [])


class ProbabilityTrace(QWidget):
    """Each epoch's class probabilities, one curve per class, the last :data:`TRACE_EPOCHS`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view, self.plot = _styled_plot(
            self, self.tr("Probability per epoch"), self.tr("epoch"), self.tr("P(class)")
        )
        self.plot.setYRange(0, 1, padding=0.02)
        base = QColor(self.palette().color(QPalette.ColorRole.Base))
        base.setAlpha(210)
        self.legend = self.plot.addLegend(
            offset=(-4, 4),
            brush=base,
            labelTextColor=self.palette().color(QPalette.ColorRole.Text),
        )
        self.count = 0
        self.values: dict[str, deque[tuple[int, float]]] = {}
        self.curves: dict[str, Any] = {}
        self.dirty = False
        self.x_range: tuple[int, int] | None = None

    def add_epoch(self, proba: Mapping[str, float]) -> None:
        """Append one epoch's ``class -> probability``."""
        import pyqtgraph as pg

        self.count += 1
        for name, p in proba.items():
            key = str(name)
            if key not in self.curves:
                color = _CLASS_COLORS[len(self.curves) % len(_CLASS_COLORS)]
                pen = pg.mkPen(color, width=2)
                self.curves[key] = self.plot.plot(
                    [], [], pen=pen, symbol="o", symbolSize=4, symbolBrush=color, name=key
                )
                self.values[key] = deque(maxlen=TRACE_EPOCHS)
            self.values[key].append((self.count, float(p)))
        self.dirty = True

    def redraw(self) -> None:
        """Draw the stored probabilities (nothing to do when no epoch arrived since)."""
        if not self.dirty:
            return
        self.dirty = False
        for key, curve in self.curves.items():
            points = self.values[key]
            curve.setData([p[0] for p in points], [p[1] for p in points])
        if self.count:
            end = max(TRACE_STEP, math.ceil(self.count / TRACE_STEP) * TRACE_STEP)
            x_range = (max(1, end - TRACE_EPOCHS + 1), end)
            if x_range != self.x_range:
                self.x_range = x_range
                self.plot.setXRange(*x_range)

    def clear(self) -> None:
        """Forget every epoch."""
        self.count = 0
        self.x_range = None
        for key, curve in self.curves.items():
            self.values[key].clear()
            curve.setData([], [])


class LatencyHistogram(QWidget):
    """How long classifying each epoch took (ms), with the median and 99th percentile.

    Drawn as one stepped, filled curve (a single path: far cheaper to paint than one bar item
    per bin), whose y range only grows, in steps, so that the axis is not redrawn per epoch.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self.view, self.plot = _styled_plot(
            self, self.tr("Latency per epoch"), self.tr("ms"), self.tr("epochs")
        )
        self.n_bins = int(LATENCY_MAX_MS / LATENCY_BIN_MS)
        self.counts = [0] * self.n_bins
        self.latencies: list[float] = []
        self.dirty = False
        self.edges = [LATENCY_BIN_MS * i for i in range(self.n_bins + 1)]
        self.bars = self.plot.plot(
            self.edges, self.counts, stepMode="center", fillLevel=0,
            brush="#1f77b4", pen=pg.mkPen("#1f77b4", width=1),
        )  # fmt: skip
        self.plot.setXRange(0, LATENCY_MAX_MS, padding=0.02)
        self.y_top = 0.0
        self._grow_y(1)

    def _grow_y(self, highest: int) -> None:
        """Raise the y range to fit ``highest`` (by half again, so it seldom changes)."""
        if highest * 1.05 > self.y_top:
            self.y_top = max(4.0, math.ceil(highest * 1.5))
            self.plot.setYRange(0, self.y_top, padding=0)

    def add(self, latency_ms: float) -> None:
        """Count one epoch's latency (the last bin holds everything above the range)."""
        value = max(0.0, float(latency_ms))
        self.latencies.append(value)
        self.counts[min(int(value / LATENCY_BIN_MS), self.n_bins - 1)] += 1
        self.dirty = True

    def percentile(self, q: float) -> float | None:
        """The ``q``-th percentile of the latencies so far (None before the first epoch)."""
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1)]

    def redraw(self) -> None:
        """Draw the counts (nothing to do when no latency arrived since)."""
        if not self.dirty:
            return
        self.dirty = False
        self.bars.setData(self.edges, list(self.counts))
        self._grow_y(max(self.counts))

    def clear(self) -> None:
        """Forget every latency."""
        self.counts = [0] * self.n_bins
        self.latencies.clear()
        self.y_top = 0.0
        self._grow_y(1)
        self.dirty = True
        self.redraw()


class SpellerMatrix(QWidget):
    """The speller's symbols in a grid, shaded by the evidence (posterior) of the selection.

    The grid has as many columns as the square root of the symbol count rounds up to (6x6 for
    the default layout). The last chosen symbol is framed.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.symbols: list[str] = []
        self.posterior: list[float] = []
        self.chosen: str | None = None
        self.setMinimumSize(180, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_symbols(self, symbols: Sequence[str]) -> None:
        """Show ``symbols`` with a uniform posterior."""
        self.symbols = list(symbols)
        self.reset_evidence()

    def reset_evidence(self) -> None:
        """A new selection: every symbol equally likely."""
        n = len(self.symbols)
        self.posterior = [1.0 / n] * n if n else []
        self.update()

    def set_posterior(self, posterior: Sequence[float]) -> None:
        """The posterior over the symbols, one value per symbol."""
        if len(posterior) == len(self.symbols):
            self.posterior = [float(p) for p in posterior]
            self.update()

    def set_chosen(self, symbol: str | None) -> None:
        """Frame the symbol just chosen."""
        self.chosen = symbol
        self.update()

    @property
    def columns(self) -> int:
        """Columns of the grid."""
        return max(1, math.ceil(math.sqrt(len(self.symbols))))

    def cell_color(self, index: int) -> QColor:
        """The heat-map colour of symbol ``index``: base colour (least likely) to orange (most)."""
        top = max(self.posterior) if self.posterior else 0.0
        low = min(self.posterior) if self.posterior else 0.0
        # no evidence yet (a uniform posterior): every cell in the base colour
        share = (self.posterior[index] - low) / (top - low) if top - low > 1e-9 else 0.0
        base = self.palette().color(QPalette.ColorRole.Base)
        hot = QColor("#ff7f0e")
        mix = share**2
        return QColor(
            int(base.red() + (hot.red() - base.red()) * mix),
            int(base.green() + (hot.green() - base.green()) * mix),
            int(base.blue() + (hot.blue() - base.blue()) * mix),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.Text)
        if not self.symbols:
            painter.setPen(text)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter,
                self.tr("Speller matrix (a P300 target/non-target model)"),
            )  # fmt: skip
            painter.end()
            return
        cols = self.columns
        rows = math.ceil(len(self.symbols) / cols)
        cell = min(self.width() / cols, self.height() / rows)
        left = (self.width() - cell * cols) / 2
        top = (self.height() - cell * rows) / 2
        font = QFont(self.font())
        font.setPixelSize(max(8, int(cell * 0.45)))
        font.setBold(True)
        painter.setFont(font)
        for i, symbol in enumerate(self.symbols):
            rect = QRectF(left + (i % cols) * cell, top + (i // cols) * cell, cell, cell)
            rect = rect.adjusted(2, 2, -2, -2)
            painter.setBrush(self.cell_color(i))
            chosen = symbol == self.chosen
            edge = QColor("#2ca02c") if chosen else text.lighter(160)
            painter.setPen(QPen(edge, 3 if chosen else 1))
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, symbol)
        painter.end()
