"""Average-ERP preview: one curve per class, a channel selector, a summary line."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")
#: Channel combo data for the mean over all channels.
MEAN_OF_CHANNELS = -1


class ErpPlot(QWidget):
    """pyqtgraph plot of the mean trial per class (µV against seconds from the event)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self.preview: Any = None
        self.curves: dict[str, Any] = {}
        palette = self.palette()
        foreground = palette.color(QPalette.ColorRole.Text)
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("erp_plot")
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        self.plot.setMinimumSize(320, 200)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.plot.setLabel("bottom", self.tr("time from event (s)"), color=foreground)
        self.plot.getAxis("bottom").enableAutoSIPrefix(False)
        self.plot.setLabel("left", self.tr("amplitude (µV)"), color=foreground)
        self.plot.addLegend(offset=(-10, 10))
        self.zero_line = pg.InfiniteLine(pos=0.0, angle=90, pen=pg.mkPen("#888", width=1))
        self.plot.addItem(self.zero_line)
        self.channel = QComboBox()
        self.channel.setObjectName("erp_channel")
        self.channel.setToolTip(self.tr("Channel whose average is drawn"))
        self.channel.currentIndexChanged.connect(lambda _i: self.redraw())
        self.summary = QLabel(self.tr("Preview: add a recording and map its events."))
        self.summary.setObjectName("preview_summary")
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Average ERP per class — channel")))
        top.addWidget(self.channel, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.summary)

    def show_preview(self, preview: Any, class_label: Any = str) -> None:
        """Draw a :class:`~bcigui.app.recording_choice.Preview` (keeps the chosen channel)."""
        self.preview = preview
        names = list(preview.trials.ch_names or [])
        wanted = self.channel.currentText()
        self.channel.blockSignals(True)
        self.channel.clear()
        self.channel.addItem(self.tr("mean of channels"), MEAN_OF_CHANNELS)
        for i, name in enumerate(names):
            self.channel.addItem(name, i)
        index = self.channel.findText(wanted) if wanted else -1
        self.channel.setCurrentIndex(max(index, 0))
        self.channel.blockSignals(False)
        for name in list(self.curves):
            if name not in preview.erp:
                self.plot.removeItem(self.curves.pop(name))
                self.plot.plotItem.legend.removeItem(name)
        import pyqtgraph as pg

        for k, name in enumerate(preview.erp):
            if name not in self.curves:
                pen = pg.mkPen(_COLORS[k % len(_COLORS)], width=2)
                label = f"{class_label(name)} (n={preview.counts.get(name, 0)})"
                self.curves[name] = self.plot.plot([], [], pen=pen, name=label)
            else:
                label = f"{class_label(name)} (n={preview.counts.get(name, 0)})"
                legend = self.plot.plotItem.legend
                for sample, text in legend.items:
                    if sample.item is self.curves[name]:
                        text.setText(label)
        self.summary.setText(preview.summary)
        self.redraw()

    def redraw(self) -> None:
        """Update the curves for the chosen channel (setData on the existing items)."""
        if self.preview is None:
            return
        import numpy as np

        index = self.channel.currentData()
        for name, mean in self.preview.erp.items():
            trace = (
                mean.mean(axis=0)
                if index is None or index == MEAN_OF_CHANNELS
                else mean[int(index)]
            )
            self.curves[name].setData(np.asarray(self.preview.times), np.asarray(trace))

    def clear(self, message: str) -> None:
        """Forget the preview and show ``message``."""
        self.preview = None
        for curve in self.curves.values():
            curve.setData([], [])
        self.summary.setText(message)

    def curve_count(self) -> int:
        """Curves that hold data."""
        return sum(1 for c in self.curves.values() if c.xData is not None and len(c.xData))
