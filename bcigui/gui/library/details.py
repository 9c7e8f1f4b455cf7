"""The details pane of the Model Library: everything the selected model's manifest says."""

from __future__ import annotations

import json
import logging
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from bcigui.app.model_description import (
    describe_epoching,
    describe_expected_input,
    describe_signal,
)
from bcigui.app.recording_choice import ModelInput
from bcigui.gui.i18n import QT_TRANSLATE_NOOP, tr_core
from bcigui.gui.plots import ConfusionMatrixView

log = logging.getLogger(__name__)

METRIC_NAMES = (
    ("accuracy", QT_TRANSLATE_NOOP("Metrics", "Accuracy")),
    ("balanced_accuracy", QT_TRANSLATE_NOOP("Metrics", "Balanced accuracy")),
    ("f1_macro", QT_TRANSLATE_NOOP("Metrics", "F1 (macro)")),
    ("roc_auc", QT_TRANSLATE_NOOP("Metrics", "ROC-AUC")),
    ("chance_level", QT_TRANSLATE_NOOP("Metrics", "Chance level")),
)


def tr_metric(title: str) -> str:
    """A metric's name (of :data:`METRIC_NAMES`) in the window's language."""
    return QCoreApplication.translate("Metrics", title)


def history_points(history: Any) -> dict[str, list[tuple[float, float]]]:
    """Manifest ``history`` (series name -> values per epoch) as plot points (epoch, value)."""
    points: dict[str, list[tuple[float, float]]] = {}
    if not isinstance(history, dict):
        return points
    for series, values in history.items():
        if isinstance(values, list) and all(isinstance(v, int | float) for v in values):
            points[series] = [(i + 1.0, float(v)) for i, v in enumerate(values)]
    return points


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td><b>{escape(k)}</b></td><td>&nbsp;{escape(v)}</td></tr>" for k, v in rows
    )
    return f"<table>{cells}</table>"


def _section(title: str, body: str) -> str:
    return f"<h4>{escape(title)}</h4>{body}"


def cv_confusion(cv: Any) -> list[list[int]] | None:
    """The sum of a manifest's cross-validation fold confusion matrices (None if absent)."""
    folds = cv.get("folds") if isinstance(cv, dict) else None
    matrices = [
        f["metrics"].get("confusion_matrix")
        for f in folds or []
        if isinstance(f, dict) and isinstance(f.get("metrics"), dict)
    ]
    if not matrices or not all(isinstance(m, list) for m in matrices):
        return None
    size = len(matrices[0])
    total = [[0] * size for _ in range(size)]
    for matrix in matrices:
        for i, row in enumerate(matrix[:size]):
            for j, value in enumerate(row[:size]):
                total[i][j] += int(value)
    return total


def cv_summary_html(cv: Any) -> str:
    """The Cross-validation section: scheme, mean ± SD per metric, permutation test, folds.

    Parameters
    ----------
    cv : dict
        A manifest's ``cross_validation`` entry (``CVResult.to_dict()``); anything else gives "".
    """
    if not isinstance(cv, dict) or not isinstance(cv.get("summary"), dict):
        return ""
    grouped = cv.get("scheme") == "grouped"
    scheme_text = (
        QCoreApplication.translate("ModelDetails", "{k} folds, grouped by recording")
        if grouped
        else QCoreApplication.translate("ModelDetails", "{k} folds, stratified")
    )
    rows = [
        (
            QCoreApplication.translate("ModelDetails", "Scheme"),
            scheme_text.format(k=cv.get("n_splits", "?")),
        )
    ]
    for key, title in METRIC_NAMES:
        entry = cv["summary"].get(key)
        if isinstance(entry, dict) and isinstance(entry.get("mean"), int | float):
            spread = entry.get("std")
            text = f"{entry['mean']:.3f}"
            rows.append(
                (tr_metric(title), text + (f" ± {spread:.3f}" if spread is not None else ""))
            )
    if isinstance(cv.get("chance_level"), int | float):
        rows.append(
            (
                QCoreApplication.translate("ModelDetails", "Chance level"),
                f"{cv['chance_level']:.3f}",
            )
        )
    if isinstance(cv.get("p_value"), int | float):
        n_perm = len(cv.get("permutation_scores") or [])
        p_text = QCoreApplication.translate(  # no %n: lupdate gives translate() no plurals
            "ModelDetails", "%1 ({n} permutation(s))"
        ).format(n=n_perm)
        rows.append(
            (
                QCoreApplication.translate("ModelDetails", "Permutation p"),
                p_text.replace("%1", f"{cv['p_value']:.3g}"),
            )
        )
    folds = [f for f in cv.get("folds") or [] if isinstance(f, dict)]
    fold_rows = []
    for fold in folds:
        metrics = fold.get("metrics")
        scores = metrics if isinstance(metrics, dict) else {}
        values = ", ".join(
            f"{name} {scores[key]:.3f}"
            for key, name in (
                ("balanced_accuracy", QCoreApplication.translate("ModelDetails", "bal. acc.")),
                ("roc_auc", "ROC-AUC"),
            )
            if isinstance(scores.get(key), int | float)
        )
        held = ", ".join(str(g).rsplit("/", 1)[-1] for g in fold.get("test_groups") or [])
        caption = QCoreApplication.translate("ModelDetails", "Fold {i}").format(
            i=int(fold.get("index", 0)) + 1
        )
        if held:
            values = QCoreApplication.translate("ModelDetails", "{v} — held out: {h}").format(
                v=values, h=held
            )
        fold_rows.append((caption, values))
    title = escape(QCoreApplication.translate("ModelDetails", "Cross-validation"))
    return f"<h4>{title}</h4>{_table(rows)}" + (f"<p>{_table(fold_rows)}</p>" if fold_rows else "")


def near_chance_html(text: str) -> str:
    """The near-chance warning of a model's summary: the verdict's lines, causes as a list."""
    head, _, causes = text.partition("\nLikely causes:\n")
    lines = "<br>".join(escape(line) for line in head.splitlines())
    items = "".join(f"<li>{escape(c.lstrip('• '))}</li>" for c in causes.splitlines() if c)
    return f"<p style='color:#b26a00'><b>⚠ {lines}</b></p>" + (
        f"<p>Likely causes:</p><ul>{items}</ul>" if items else ""
    )


def _flatten(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, out)
    else:
        out.append((prefix, json.dumps(value, default=str)))


def _expected_input(record: Any, manifest: dict[str, Any]) -> str:
    """What the model takes, in words (the manifest's view; the index's without one)."""
    if not manifest:
        return f"{record.n_times or 'any'} x {record.n_features} (T x F)"
    return tr_core(describe_expected_input(ModelInput.from_manifest(record.path, manifest)))


class ModelDetails(QWidget):
    """Summary (metrics, hyperparameters, versions, provenance, notes), curves, confusion."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QTextBrowser()
        self.summary.setObjectName("model_summary")
        self.summary.setOpenExternalLinks(False)
        self.curves: Any = None  # built on first use: pyqtgraph is imported with the core
        self._curves_page = QWidget()
        self._curves_layout = QVBoxLayout(self._curves_page)
        self._curves_layout.addWidget(QLabel(self.tr("No model selected")))
        self.confusion = ConfusionMatrixView()
        self.pages = QTabWidget()
        self.pages.addTab(self.summary, self.tr("Summary"))
        self.pages.addTab(self._curves_page, self.tr("Curves"))
        self.pages.addTab(self.confusion, self.tr("Confusion matrix"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.record: Any = None
        self.clear()

    def clear(self) -> None:
        """Show nothing selected."""
        self.record = None
        self.summary.setHtml(self.tr("<p><i>Select a model to see its details.</i></p>"))
        if self.curves is not None:
            self.curves.clear()
            self.curves.show_message(self.tr("No model selected"))
        self.confusion.setRowCount(0)
        self.confusion.setColumnCount(0)

    def show_record(self, record: Any) -> None:
        """Show ``record`` (reads only its manifest)."""
        from bcigui.modelfile.model_file import read_manifest

        self.record = record
        manifest: dict[str, Any] = {}
        problem = None
        if record.status == "ok":
            try:
                manifest = read_manifest(record.path)
            except Exception as exc:
                problem = str(exc)
        else:
            problem = record.reason or record.status
        self.summary.setHtml(self.summary_html(record, manifest, problem))
        points = history_points(manifest.get("history"))
        self._ensure_curves()
        self.curves.clear()
        if points:
            self.curves.set_points(points)
        else:
            self.curves.show_message(self.tr("This model has no training curves (not a network)."))
        metrics = manifest.get("metrics") or {}
        matrix = metrics.get("confusion_matrix") if isinstance(metrics, dict) else None
        if not matrix:  # cross-validated only: the folds' matrices, summed
            metrics, matrix = {}, cv_confusion(manifest.get("cross_validation"))
        if matrix:
            self.confusion.set_matrix(matrix, metrics.get("classes") or list(record.classes))
        else:
            self.confusion.setRowCount(0)
            self.confusion.setColumnCount(0)

    def _ensure_curves(self) -> None:
        if self.curves is None:
            from bcigui.gui.plots import TrainingCurves

            while self._curves_layout.count():
                item = self._curves_layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.deleteLater()
            self.curves = TrainingCurves()
            self._curves_layout.addWidget(self.curves)

    def summary_html(self, record: Any, manifest: dict[str, Any], problem: str | None) -> str:
        """The Summary page's HTML."""
        parts = [f"<h3>{escape(record.name)}</h3>", f"<p><tt>{escape(str(record.path))}</tt></p>"]
        if problem:
            label = escape(self.tr("Problem:"))
            parts.append(f"<p style='color:#c0392b'><b>{label}</b> {escape(problem)}</p>")
        differences = record.version_differences
        if differences:
            items = "".join(f"<li>{escape(d)}</li>" for d in differences)
            heading = escape(self.tr("Versions differ"))
            why = escape(self.tr("the model may load or behave differently:"))
            parts.append(f"<p style='color:#b9770e'><b>{heading}</b> — {why}</p><ul>{items}</ul>")
        if record.near_chance:
            parts.append(near_chance_html(record.near_chance))
        rows = [
            (self.tr("Type"), str(record.model_type)),
            (self.tr("Label"), str(record.label)),
            (self.tr("Classes"), ", ".join(str(c) for c in record.classes)),
            (self.tr("Input"), _expected_input(record, manifest)),
            (self.tr("Created"), str(record.created_utc)),
            (self.tr("Champion"), self.tr("yes") if record.champion else self.tr("no")),
        ]
        if manifest:
            signal = (manifest.get("preprocessing") or {}).get("signal")
            rows.append((self.tr("Epoching"), tr_core(describe_epoching(manifest.get("epoching")))))
            rows.append((self.tr("Signal stage"), tr_core(describe_signal(signal))))
        if record.tags:
            rows.append((self.tr("Tags"), ", ".join(record.tags)))
        parts.append(_table(rows))
        metrics = manifest.get("metrics") or {}
        if isinstance(metrics, dict) and metrics:
            metric_rows = [
                (tr_metric(title), f"{metrics[key]:.3f}")
                for key, title in METRIC_NAMES
                if isinstance(metrics.get(key), int | float)
            ]
            parts.append(_section(self.tr("Test metrics"), _table(metric_rows)))
        parts.append(cv_summary_html(manifest.get("cross_validation")))
        hyper: list[tuple[str, str]] = []
        _flatten("", manifest.get("hyperparameters") or {}, hyper)
        if hyper:
            parts.append(_section(self.tr("Hyperparameters"), _table(hyper)))
        if record.notes:
            parts.append(_section(self.tr("Notes"), f"<p>{escape(record.notes)}</p>"))
        for key, title in (
            ("train_data", self.tr("Training data")),
            ("test_data", self.tr("Test data")),
        ):
            data = manifest.get(key)
            if isinstance(data, dict):
                rows = [
                    (k, json.dumps(v, default=str)[:200])
                    for k, v in data.items()
                    if v not in (None, [], {})
                ]
                parts.append(_section(title, _table(rows)))
        versions = manifest.get("trained_versions") or dict(record.versions)
        if versions:
            rows = [(k, str(v)) for k, v in versions.items()]
            parts.append(_section(self.tr("Trained with"), _table(rows)))
        return "".join(parts)
