"""How a study evaluates and where it runs: CV scheme, metrics, seed, local processes or Dask."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from bcigui.gui.study.leaderboard import metric_title

#: CV schemes a study offers (spec values), in menu order.
CV_SCHEMES = ("stratified", "grouped", "loso")
#: Metrics offered (spec names); the first one ticked ranks the pipelines.
METRICS = ("roc_auc", "balanced_accuracy", "accuracy", "f1_macro")
DEFAULT_METRICS = ("roc_auc", "balanced_accuracy")


def metric_box(name: str) -> QCheckBox:
    """A check box for the metric ``name`` (a spec name) showing its translated title."""
    return QCheckBox(metric_title(name))


def default_processes() -> int:
    """Processes offered by default: the CPU count, at least 1."""
    return max(1, os.cpu_count() or 1)


class WrappedNote(QLabel):
    """A word-wrapped note that keeps room for all its lines at its current width.

    A wrapped label inside a row of a form in a scroll area gets the height of its size hint
    (two lines at a guessed width); a longer text (Spanish) then loses its last line.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        height = self.heightForWidth(max(1, self.width()))
        if height > 0 and height != self.minimumHeight():
            self.setMinimumHeight(height)


class EvaluationBox(QGroupBox):
    """CV scheme, folds, permutations, metrics and seed; says when CV is nested.

    Signals
    -------
    changed()
        Any setting changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Evaluation"), parent)
        self.scheme = QComboBox()
        self.scheme.setObjectName("study_scheme")
        names = {
            "stratified": self.tr("Stratified k-fold (within each group)"),
            "grouped": self.tr("Grouped by recording / session"),
            "loso": self.tr("Leave one subject out"),
        }
        for key in CV_SCHEMES:
            self.scheme.addItem(names[key], key)
        self.folds = QSpinBox()
        self.folds.setRange(2, 50)
        self.folds.setValue(5)
        self.folds.setPrefix(self.tr("k = "))
        self.permutations = QSpinBox()
        self.permutations.setRange(0, 10000)
        self.permutations.setSpecialValueText(self.tr("none"))
        self.permutations.setToolTip(
            self.tr("Refit on shuffled labels this many times for a permutation p-value.")
        )
        self.inner_folds = QSpinBox()
        self.inner_folds.setRange(2, 20)
        self.inner_folds.setValue(3)
        self.inner_folds.setPrefix(self.tr("inner k = "))
        self.inner_folds.setToolTip(
            self.tr("Folds of the inner cross-validation that picks a grid's parameters.")
        )
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(0)
        self.metric_boxes: dict[str, QCheckBox] = {}
        metrics = QHBoxLayout()
        self.metrics_row = metrics
        for name in METRICS:
            box = metric_box(name)
            box.setChecked(name in DEFAULT_METRICS)
            box.toggled.connect(self.changed)
            self.metric_boxes[name] = box
            metrics.addWidget(box)
        metrics.addStretch(1)
        self.nested_note = WrappedNote()
        self.nested_note.setObjectName("study_nested_note")
        self.nested_note.setStyleSheet("color: palette(placeholder-text);")
        scheme_row = QHBoxLayout()
        scheme_row.addWidget(self.scheme, 1)
        scheme_row.addWidget(self.folds)
        form = QFormLayout(self)
        form.addRow(self.tr("Cross-validation"), scheme_row)
        nested_row = QHBoxLayout()
        nested_row.addWidget(self.nested_note, 1)
        nested_row.addWidget(self.inner_folds)
        form.addRow(nested_row)
        form.addRow(self.tr("Metrics"), metrics)
        form.addRow(self.tr("Permutations"), self.permutations)
        form.addRow(self.tr("Seed"), self.seed)
        self.scheme.currentIndexChanged.connect(self._scheme_changed)
        for spin in (self.folds, self.inner_folds, self.permutations, self.seed):
            spin.valueChanged.connect(self.changed)
        self._scheme_changed()
        self.set_configurations(0)

    def _scheme_changed(self, _index: int = 0) -> None:
        self.folds.setVisible(self.scheme.currentData() == "stratified")
        self.changed.emit()

    def set_configurations(self, most: int) -> None:
        """Say whether CV is nested, given the largest number of configurations of a pipeline."""
        self.inner_folds.setEnabled(most > 1)
        if most > 1:
            self.nested_note.setText(
                self.tr(
                    "Nested cross-validation: on (a grid has %n configurations); the scores "
                    "shown never come from the folds that chose the parameters.",
                    "",
                    most,
                )
            )
        else:
            self.nested_note.setText(
                self.tr("Nested cross-validation: off (no grid has more than one configuration).")
            )

    def values(self) -> dict[str, Any]:
        """``scheme``, ``folds``, ``nested``, ``permutations``, ``metrics`` and ``seed``."""
        return {
            "scheme": self.scheme.currentData(),
            "folds": self.folds.value(),
            "nested": self.inner_folds.value(),
            "permutations": self.permutations.value(),
            "metrics": [n for n, box in self.metric_boxes.items() if box.isChecked()],
            "seed": self.seed.value(),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        """Show settings read from a spec (keys as in :meth:`values`; missing keys stay)."""
        if "scheme" in values:
            index = self.scheme.findData(values["scheme"])
            if index >= 0:
                self.scheme.setCurrentIndex(index)
        if values.get("folds"):
            self.folds.setValue(int(values["folds"]))
        if values.get("nested"):
            self.inner_folds.setValue(int(values["nested"]))
        if "permutations" in values:
            self.permutations.setValue(int(values["permutations"] or 0))
        if values.get("metrics"):
            for name in values["metrics"]:
                if name not in self.metric_boxes:  # a metric the spec names: offer it too
                    box = metric_box(name)
                    box.toggled.connect(self.changed)
                    self.metric_boxes[name] = box
                    self.metrics_row.insertWidget(self.metrics_row.count() - 1, box)
            for name, box in self.metric_boxes.items():
                box.setChecked(name in values["metrics"])
        if values.get("seed") is not None:
            self.seed.setValue(int(values["seed"]))


class RunOnBox(QGroupBox):
    """ "Run on: this computer (N processes) / Dask scheduler at [address]".

    Signals
    -------
    changed()
        The choice or the address changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Run on"), parent)
        self.local = QRadioButton(self.tr("This computer"))
        self.local.setChecked(True)
        self.processes = QSpinBox()
        self.processes.setRange(1, 256)
        self.processes.setValue(default_processes())
        self.processes.setSuffix(self.tr(" processes"))
        self.dask = QRadioButton(self.tr("Dask scheduler at"))
        self.address = QLineEdit()
        self.address.setObjectName("study_scheduler")
        self.address.setPlaceholderText("tcp://192.168.1.10:8786")
        self.address.setToolTip(
            self.tr(
                "A running Dask scheduler (dask scheduler / dask worker on the lab machines, "
                "with bcigui installed in the same version); remembered in Preferences."
            )
        )
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.dask)
        form = QFormLayout(self)
        local_row = QHBoxLayout()
        local_row.addWidget(self.local)
        local_row.addWidget(self.processes)
        local_row.addStretch(1)
        dask_row = QHBoxLayout()
        dask_row.addWidget(self.dask)
        dask_row.addWidget(self.address, 1)
        form.addRow(local_row)
        form.addRow(dask_row)
        self.local.toggled.connect(self._toggled)
        self.address.textChanged.connect(self.changed)
        self.processes.valueChanged.connect(self.changed)
        self._toggled()

    def _toggled(self, _checked: bool = False) -> None:
        self.processes.setEnabled(self.local.isChecked())
        self.address.setEnabled(self.dask.isChecked())
        self.changed.emit()

    def problem(self) -> str:
        """Why the choice cannot run ('' when it can)."""
        if self.dask.isChecked() and not self.address.text().strip():
            return self.tr("Enter the Dask scheduler's address (tcp://host:8786).")
        return ""

    def values(self) -> dict[str, Any]:
        """``kind`` ("local" or "dask"), ``n_workers`` and ``scheduler`` (None when local)."""
        dask = self.dask.isChecked()
        return {
            "kind": "dask" if dask else "local",
            "n_workers": self.processes.value(),
            "scheduler": self.address.text().strip() if dask else None,
        }

    def set_values(self, values: dict[str, Any]) -> None:
        """Show a choice (keys as in :meth:`values`)."""
        (self.dask if values.get("kind") == "dask" else self.local).setChecked(True)
        if values.get("n_workers"):
            self.processes.setValue(int(values["n_workers"]))
        if values.get("scheduler"):
            self.address.setText(str(values["scheduler"]))
