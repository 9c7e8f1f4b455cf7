"""The data panel's "Cross-validation" choice: folds, scheme and permutation test."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class CrossValidationRow(QWidget):
    """A radio button (in the panel's evaluation group) and the cross-validation settings.

    Signals
    -------
    changed()
        A setting changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.radio = QRadioButton(self.tr("Cross-validation:"))
        self.radio.setObjectName("use_cv")
        self.radio.setToolTip(
            self.tr(
                "Score the model on held-out folds of the training data (mean ± SD per metric), "
                "then fit it on all of it for saving. 'grouped by recording' never puts trials of "
                "one recording (run, session) on both sides."
            )
        )
        self.folds = QSpinBox()
        self.folds.setRange(2, 20)
        self.folds.setValue(5)
        self.folds.setSuffix(self.tr(" folds"))
        self.scheme = QComboBox()
        self.scheme.addItem(self.tr("stratified"), "kfold")
        self.scheme.addItem(self.tr("grouped by recording"), "grouped")
        # narrow when closed (the text elides; the list shows it whole): the panel fits 1024 px
        self.scheme.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scheme.setMinimumContentsLength(10)
        self.scheme.setToolTip(
            self.tr("stratified k-fold, or grouped by recording (one recording per fold)")
        )
        self.permutations = QSpinBox()
        self.permutations.setRange(0, 1000)
        self.permutations.setSpecialValueText(self.tr("no permutation test"))
        self.permutations.setSuffix(self.tr(" permutations"))
        self.permutations.setToolTip(
            self.tr(
                "Refit the model on label-permuted data this many times for a p-value "
                "(how often chance alone scores as well). Each permutation costs a full CV."
            )
        )
        #: Says when the data make fewer folds than the box (grouped CV over few recordings).
        self.folds_note = QLabel()
        self.folds_note.setObjectName("cv_folds_note")
        self.folds_note.setStyleSheet("color:#8a6d00")
        self.folds_note.setWordWrap(True)
        self.folds_note.hide()
        # two lines, so that the data panel stays narrow enough for a 1024-pixel screen
        first = QHBoxLayout()
        for widget in (self.radio, self.folds, self.scheme):
            first.addWidget(widget)
        first.addStretch(1)
        second = QHBoxLayout()
        second.addSpacing(self.radio.sizeHint().width() // 3)
        second.addWidget(self.permutations)
        second.addWidget(self.folds_note, 1)
        lines = QVBoxLayout(self)
        lines.setContentsMargins(0, 0, 0, 0)
        lines.setSpacing(2)
        lines.addLayout(first)
        lines.addLayout(second)
        self.folds.valueChanged.connect(self.changed)
        self.scheme.currentIndexChanged.connect(self.changed)
        self.set_inputs_enabled(False)

    def set_inputs_enabled(self, enabled: bool) -> None:
        """Enable the settings (when the radio button is checked)."""
        for widget in (self.folds, self.scheme, self.permutations):
            widget.setEnabled(enabled)

    def show_actual_folds(self, folds: int | None, recordings: int = 0) -> None:
        """Say inline when the folds that will run differ from the box (None hides the note).

        Parameters
        ----------
        folds : int or None
            The folds cross-validation will run on the current data.
        recordings : int
            The recordings grouped CV holds out, one per fold when they are few.
        """
        differs = folds is not None and folds != self.folds.value()
        if differs:
            self.folds_note.setText(
                self.tr("runs {k} folds: one per recording ({r} recordings)").format(
                    k=folds, r=recordings
                )
            )
        self.folds_note.setVisible(differs)

    def set_values(self, folds: int, scheme: str, permutations: int) -> None:
        """Set folds, scheme (``"kfold"`` or ``"grouped"``) and permutations."""
        self.folds.setValue(folds)
        self.scheme.setCurrentIndex(max(self.scheme.findData(scheme), 0))
        self.permutations.setValue(permutations)

    def values(self) -> dict[str, Any]:
        """``{"scheme", "n_splits", "permutations"}``."""
        return {
            "scheme": str(self.scheme.currentData()),
            "n_splits": self.folds.value(),
            "permutations": self.permutations.value(),
        }
