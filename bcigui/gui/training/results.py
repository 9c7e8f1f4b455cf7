"""The outcome of a finished run: metrics card, confusion matrix, saved file and next steps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bcigui.gui.i18n import QT_TRANSLATE_NOOP, number, tr_core
from bcigui.gui.plots import ConfusionMatrixView

#: Tile values are this much larger than the caption text (two tiles fit a 1024-pixel screen).
VALUE_FONT_SCALE = 1.35


class MetricsCard(QFrame):
    """Accuracy, balanced accuracy, macro F1, ROC-AUC and chance level as large numbers."""

    FIELDS = (
        ("accuracy", QT_TRANSLATE_NOOP("Metrics", "Accuracy")),
        ("balanced_accuracy", QT_TRANSLATE_NOOP("Metrics", "Balanced accuracy")),
        ("f1_macro", QT_TRANSLATE_NOOP("Metrics", "F1 (macro)")),
        ("roc_auc", QT_TRANSLATE_NOOP("Metrics", "ROC-AUC")),
        ("chance_level", QT_TRANSLATE_NOOP("Metrics", "Chance level")),
    )

    #: The widest value a tile shows: every tile is at least this wide, so none clips.
    WIDEST_VALUE = "0.000 ± 0.000"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(18)
        for key, title in self.FIELDS:
            value = QLabel("—")
            value.setObjectName(f"metric_{key}")
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * VALUE_FONT_SCALE)
            font.setBold(True)
            value.setFont(font)
            caption = QLabel(QCoreApplication.translate("Metrics", title))
            caption.setStyleSheet("color: palette(placeholder-text);")
            self.values[key] = value
            self.captions[key] = caption
        widths = [
            v.fontMetrics().horizontalAdvance(self.WIDEST_VALUE) for v in self.values.values()
        ]
        widths += [c.fontMetrics().horizontalAdvance(c.text()) for c in self.captions.values()]
        self.tile_width = max(widths) + 6
        for label in self.values.values():
            label.setMinimumWidth(self.tile_width)
        margins = self.grid.contentsMargins()
        # one tile wide at least (set explicitly: the layout would ask for a whole row)
        self.setMinimumWidth(self.tile_width + margins.left() + margins.right())
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.columns = 0
        self._place_tiles(len(self.FIELDS))

    def _place_tiles(self, columns: int) -> None:
        """Lay the tiles out ``columns`` to a row (more rows when the card is narrow)."""
        columns = max(1, min(columns, len(self.FIELDS)))
        if columns == self.columns:
            return
        self.columns = columns
        for widget in (*self.values.values(), *self.captions.values(), self.note):
            self.grid.removeWidget(widget)
        for i, (key, _title) in enumerate(self.FIELDS):
            row, col = 2 * (i // columns), i % columns
            self.grid.addWidget(self.values[key], row, col, Qt.AlignmentFlag.AlignLeft)
            self.grid.addWidget(self.captions[key], row + 1, col, Qt.AlignmentFlag.AlignLeft)
        rows = 2 * ((len(self.FIELDS) + columns - 1) // columns)
        self.grid.addWidget(self.note, rows, 0, 1, columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-flow the tiles so that each keeps the width of its widest value."""
        margins = self.grid.contentsMargins()
        room = event.size().width() - margins.left() - margins.right()
        spacing = self.grid.horizontalSpacing()
        self._place_tiles((room + spacing) // (self.tile_width + spacing))
        super().resizeEvent(event)
        self._fit_height(event.size().width())

    def _fit_height(self, width: int) -> None:
        """As tall as the tiles and the wrapped note need at ``width`` (splitters ignore
        height-for-width, so the note would be cut off)."""
        if self.grid.hasHeightForWidth():
            height = self.grid.totalHeightForWidth(width)
            if height != self.minimumHeight():
                self.setMinimumHeight(height)

    def set_metrics(
        self, metrics: Any, training_seconds: float | None = None, cv: Any = None
    ) -> None:
        """Show an :class:`~bcigui.classifiers.metrics.EvaluationMetrics` (None clears).

        With ``cv`` (a CVResult) the values are fold means shown with their SD.
        """
        if metrics is None:
            for label in self.values.values():
                label.setText("—")
            self.note.setText("")
            return
        for key, label in self.values.items():
            value = getattr(metrics, key)
            text = self.tr("n/a") if value is None else number(value, 3)
            spread = cv.std(key) if cv is not None and key != "chance_level" else None
            shown = text if spread is None or value is None else f"{text} ± {number(spread, 3)}"
            label.setText(shown)
        if metrics.roc_auc is None:
            self.values["roc_auc"].setToolTip(self.tr("The test set lacks a class."))
        gain = metrics.balanced_accuracy - 1.0 / max(len(metrics.classes), 1)
        if cv is not None:
            note = self.tr("mean ± SD over {k} folds ({s}) of {n} trials").format(
                k=cv.n_splits,
                s=self.tr("grouped by recording") if cv.scheme == "grouped" else self.tr("k-fold"),
                n=metrics.n_trials,
            )
            if cv.p_value is not None:
                note += " · " + self.tr("permutation p = {p:.3g}").format(p=cv.p_value)
        else:
            note = self.tr("{n} test trials").format(n=metrics.n_trials)
        if training_seconds is not None:
            note += " · " + self.tr("trained in {s:.1f} s").format(s=training_seconds)
        note += " · " + (
            self.tr("balanced accuracy {d:+.3f} above a random guess").format(d=gain)
            if gain > 0
            else self.tr("no better than a random guess")
        )
        self.note.setText(note)
        self._fit_height(self.width())


class NearChanceBanner(QLabel):
    """A warning that a result is within noise of chance, with the likely causes."""

    STYLE = (
        "QLabel { background: #fff3cd; color: #664d03; border: 1px solid #e0b000;"
        " border-radius: 4px; padding: 6px; }"
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("near_chance_banner")
        self.setWordWrap(True)
        self.setStyleSheet(self.STYLE)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def set_verdict(self, verdict: Any) -> None:
        """Show a :class:`~bcigui.classifiers.chance.ChanceVerdict`; None hides the banner."""
        if verdict is None:
            self.setText("")
            self.hide()
            return
        self.setText("⚠ " + tr_core(verdict.text()))
        self.show()


class ResultsView(QWidget):
    """Metrics card and confusion matrix of a run, its saved file, and what to do next.

    Signals
    -------
    show_in_library(Path), use_for_inference(Path)
        The buttons under the saved path.
    """

    show_in_library = Signal(Path)
    use_for_inference = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved_path: Path | None = None
        self.banner = NearChanceBanner()
        self.card = MetricsCard()
        self.matrix = ConfusionMatrixView()
        self.matrix.setObjectName("confusion_matrix")
        self.matrix.setMinimumHeight(110)
        self.matrix_title = QLabel(self.tr("Confusion matrix (rows: true class)"))
        # a read-only line: a long path scrolls and selects whole instead of widening the panel
        self.path_label = QLineEdit()
        self.path_label.setObjectName("saved_path")
        self.path_label.setReadOnly(True)
        self.path_label.setFrame(False)
        self.path_label.setStyleSheet("background: transparent;")
        self.library_button = QPushButton(self.tr("Show in library"))
        self.inference_button = QPushButton(self.tr("Use for inference"))
        self.placeholder = QLabel(self.tr("Results of the selected run appear here when it ends."))
        self.placeholder.setStyleSheet("color: palette(placeholder-text);")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.library_button)
        buttons.addWidget(self.inference_button)
        self.content = QWidget()
        body = QVBoxLayout(self.content)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.banner)
        body.addWidget(self.card)
        body.addWidget(self.matrix_title)
        body.addWidget(self.matrix, 1)
        body.addWidget(self.path_label)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.content)
        self.library_button.clicked.connect(self._library)
        self.inference_button.clicked.connect(self._inference)
        self.show_result(None)

    def show_result(self, result: Any, text: str = "") -> None:
        """Show a TrainResult, or (None) the placeholder with ``text``."""
        if result is None:
            self.content.hide()
            self.placeholder.setText(
                text or self.tr("Results of the selected run appear here when it ends.")
            )
            self.placeholder.show()
            self.saved_path = None
            return
        self.placeholder.hide()
        self.content.show()
        metrics = result.metrics
        cv = getattr(result, "cross_validation", None)
        verdict = result.near_chance
        self.banner.set_verdict(verdict)
        self.card.set_metrics(metrics, result.training_seconds, cv)
        self.matrix_title.setText(
            self.tr("Confusion matrix (rows: true class)")
            if cv is None
            else self.tr("Confusion matrix, all folds (rows: true class)")
        )
        self.matrix.set_matrix(metrics.confusion_matrix, metrics.classes)
        self.saved_path = Path(result.saved_path) if result.saved_path else None
        if self.saved_path:
            saved = self.tr("Saved to {path}").format(path=self.saved_path)
        elif verdict is not None and getattr(result, "model", None) is not None:
            saved = self.tr("Not saved yet: answer whether to save this near-chance model.")
        elif verdict is not None:
            saved = self.tr("Not saved: this near-chance model was discarded.")
        else:
            saved = self.tr("Not saved.")
        self.path_label.setText(saved)
        self.path_label.setToolTip(str(self.saved_path or ""))
        self.path_label.setCursorPosition(0)
        for button in (self.library_button, self.inference_button):
            button.setEnabled(self.saved_path is not None)

    def _library(self) -> None:
        if self.saved_path is not None:
            self.show_in_library.emit(self.saved_path)

    def _inference(self) -> None:
        if self.saved_path is not None:
            self.use_for_inference.emit(self.saved_path)
