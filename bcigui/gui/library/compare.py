"""Compare two or more models: metrics side by side and overlaid training curves."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bcigui.gui.library.details import METRIC_NAMES, history_points

_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")


class CompareDialog(QDialog):
    """One column per model: type, label, metrics; below, validation curves overlaid.

    Models without a training history (scikit-learn types train in one step) are named in a
    line above the plots; with no curves at all the plots give way to that line.
    """

    def __init__(self, records: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        from bcigui.modelfile.model_file import read_manifest

        self.setWindowTitle(self.tr("Compare models"))
        self.resize(900, 600)
        manifests = []
        for record in records:
            try:
                manifests.append(read_manifest(record.path))
            except Exception:
                manifests.append({})
        rows = [("model_type", self.tr("Type")), ("label", self.tr("Label"))]
        rows += [(key, QCoreApplication.translate("Metrics", t)) for key, t in METRIC_NAMES]
        rows.append(("training_seconds", self.tr("Training time (s)")))
        self.table = QTableWidget(len(rows), len(records))
        self.table.setHorizontalHeaderLabels([r.name for r in records])
        self.table.setVerticalHeaderLabels([title for _, title in rows])
        for col, (record, manifest) in enumerate(zip(records, manifests, strict=True)):
            metrics = manifest.get("metrics") or {}
            for row, (key, _title) in enumerate(rows):
                value = getattr(record, key, None) if key in ("model_type", "label") else None
                if value is None:
                    value = metrics.get(key) if isinstance(metrics, dict) else None
                if value is None:
                    value = manifest.get(key)
                text = (
                    f"{value:.3f}"
                    if isinstance(value, float)
                    else ("" if value is None else str(value))
                )
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.plots = pg.GraphicsLayoutWidget()
        loss = self.plots.addPlot(row=0, col=0, title=self.tr("Validation loss"))
        acc = self.plots.addPlot(row=0, col=1, title=self.tr("Validation accuracy"))
        loss.addLegend()
        self.curve_count = 0
        for i, (record, manifest) in enumerate(zip(records, manifests, strict=True)):
            points = history_points(manifest.get("history"))
            pen = pg.mkPen(_PALETTE[i % len(_PALETTE)], width=2)
            for plot, series in ((loss, "val_loss"), (acc, "val_accuracy")):
                pairs = points.get(series) or points.get(series.removeprefix("val_"))
                if pairs:
                    xs, ys = zip(*pairs, strict=True)
                    plot.plot(
                        list(xs), list(ys), pen=pen, name=record.name if plot is loss else None
                    )
                    self.curve_count += 1
        without = [
            record.name
            for record, manifest in zip(records, manifests, strict=True)
            if not history_points(manifest.get("history"))
        ]
        self.no_curves = QLabel()
        self.no_curves.setObjectName("no_curves")
        self.no_curves.setWordWrap(True)
        if without:
            text = self.tr("No curves for this model type (it trains in one step, no epochs): {n}")
            self.no_curves.setText(text.format(n=", ".join(without)))
        self.no_curves.setVisible(bool(without))
        self.plots.setVisible(self.curve_count > 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1 if self.curve_count == 0 else 0)
        layout.addWidget(self.no_curves)
        layout.addWidget(self.plots, 1)
        layout.addWidget(buttons)
