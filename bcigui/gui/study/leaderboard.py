"""The live leaderboard: result rows grouped by pipeline configuration, ranked as they arrive.

:class:`StudyRows` keeps every result row of a running study (plain Python; rows are the
core's :class:`~bcigui.study.tasks.ResultRow` objects, or mappings with the same keys:
``pipeline``, ``params`` (JSON text), ``group``, ``fold``, ``scores`` (metric -> score or None),
``fit_seconds``, ``worker`` and ``error`` (why the task failed, None when it did not)).
:class:`LeaderboardModel` shows one line per configuration (mean and SD of each metric over
its folds, ranked by the first metric); :class:`ProgressModel` one line per pipeline (tasks
done of planned, an ETA from the mean task time and the workers in use, where its tasks ran).
Both are refreshed by the owner after each batch of rows; nothing here blocks.
"""

from __future__ import annotations

import csv
import json
import math
import statistics
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from bcigui.gui.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
#: The title each metric of a study shows (the Training tab's); a metric only a spec names
#: shows its spec name.
METRIC_TITLES = {
    "roc_auc": QT_TRANSLATE_NOOP("Metrics", "ROC-AUC"),
    "balanced_accuracy": QT_TRANSLATE_NOOP("Metrics", "Balanced accuracy"),
    "accuracy": QT_TRANSLATE_NOOP("Metrics", "Accuracy"),
    "f1_macro": QT_TRANSLATE_NOOP("Metrics", "F1 (macro)"),
}


def metric_title(name: str) -> str:
    """The translated title of the metric ``name`` (a spec name), else the name itself."""
    title = METRIC_TITLES.get(name)
    return QCoreApplication.translate("Metrics", title) if title else name


def row_value(row: Any, name: str, default: Any = None) -> Any:
    """Attribute ``name`` of a result row (an object or a mapping)."""
    if isinstance(row, Mapping):
        return row.get(name, default)
    return getattr(row, name, default)


def row_scores(row: Any) -> dict[str, float | None]:
    """The metric -> score mapping of a result row."""
    scores = row_value(row, "scores", None)
    return dict(scores if scores is not None else row_value(row, "metrics", {}) or {})


def params_text(params: Any) -> str:
    """Parameters as one short line: ``C=1, kernel=linear`` (``defaults`` when empty)."""
    if isinstance(params, str):
        try:
            params = json.loads(params) if params.strip() else {}
        except ValueError:
            return params
    if not params:
        return QCoreApplication.translate("StudyLeaderboard", "defaults")
    if isinstance(params, Mapping):
        return ", ".join(f"{k}={_short(v)}" for k, v in params.items())
    return str(params)


def _short(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def params_key(params: Any) -> str:
    """A canonical text for a configuration's parameters (sorted JSON)."""
    if isinstance(params, str):
        try:
            params = json.loads(params) if params.strip() else {}
        except ValueError:
            return params
    return json.dumps(params or {}, sort_keys=True, default=str)


def format_seconds(seconds: float) -> str:
    """``"42 s"``, ``"3 min 5 s"``, ``"1 h 02 min"``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return QCoreApplication.translate("StudyLeaderboard", "{s} s").format(s=seconds)
    if seconds < 3600:
        return QCoreApplication.translate("StudyLeaderboard", "{m} min {s} s").format(
            m=seconds // 60, s=seconds % 60
        )
    return QCoreApplication.translate("StudyLeaderboard", "{h} h {m:02d} min").format(
        h=seconds // 3600, m=(seconds % 3600) // 60
    )


@dataclass
class Configuration:
    """One pipeline configuration and the scores of its finished folds."""

    pipeline: str
    params: str
    scores: dict[str, list[float]] = field(default_factory=dict)
    #: Rank from the study's final summary (None while running: ranked by the live mean).
    final_rank: int | None = None

    def mean(self, metric: str) -> float:
        """Mean of ``metric`` over the finished folds (NaN when none)."""
        values = self.scores.get(metric, [])
        return statistics.fmean(values) if values else math.nan

    def sd(self, metric: str) -> float:
        """Sample SD of ``metric`` over the finished folds (NaN with fewer than two)."""
        values = self.scores.get(metric, [])
        return statistics.stdev(values) if len(values) > 1 else math.nan


@dataclass
class PipelineProgress:
    """Tasks of one pipeline: planned, done, their times and where they ran."""

    pipeline: str
    planned: int = 0
    done: int = 0
    seconds: float = 0.0
    failed: int = 0
    workers: dict[str, int] = field(default_factory=dict)
    #: The pipeline's nested-CV score ("0.812 ± 0.030") and rank, once the study finished.
    nested: str = ""
    rank: int | None = None

    def eta(self, n_workers: int) -> float | None:
        """Seconds left at the mean task time with ``n_workers`` in parallel (None: unknown)."""
        if not self.done or self.planned <= self.done:
            return None if not self.done else 0.0
        return (self.planned - self.done) * (self.seconds / self.done) / max(1, n_workers)


class StudyRows:
    """Every result row of a study, grouped by configuration and pipeline."""

    def __init__(self) -> None:
        self.rows: list[Any] = []
        self.configurations: dict[tuple[str, str], Configuration] = {}
        self.pipelines: dict[str, PipelineProgress] = {}
        self.metrics: list[str] = []
        self.started = time.monotonic()

    def plan(self, planned: Mapping[str, int], metrics: Iterable[str]) -> None:
        """Forget every row; expect ``planned[pipeline]`` tasks of each pipeline."""
        self.rows.clear()
        self.configurations.clear()
        self.pipelines = {p: PipelineProgress(p, n) for p, n in planned.items()}
        self.metrics = list(metrics)
        self.started = time.monotonic()

    def add(self, row: Any) -> None:
        """Count one finished task."""
        self.rows.append(row)
        pipeline = str(row_value(row, "pipeline", "?"))
        key = (pipeline, params_key(row_value(row, "params", {})))
        config = self.configurations.get(key)
        if config is None:
            config = self.configurations[key] = Configuration(*key)
        for metric, score in row_scores(row).items():
            if score is None or not math.isfinite(float(score)):
                continue
            config.scores.setdefault(metric, []).append(float(score))
            if metric not in self.metrics:
                self.metrics.append(metric)
        progress = self.pipelines.setdefault(pipeline, PipelineProgress(pipeline))
        progress.done += 1
        progress.failed += bool(row_value(row, "error", None))
        progress.planned = max(progress.planned, progress.done)
        progress.seconds += float(row_value(row, "fit_seconds", 0.0) or 0.0)
        worker = str(
            row_value(row, "worker", "") or QCoreApplication.translate("StudyLeaderboard", "here")
        )
        progress.workers[worker] = progress.workers.get(worker, 0) + 1

    def ranked(self) -> list[Configuration]:
        """Configurations best first: by final rank once known, else by the first metric."""
        metric = self.metrics[0] if self.metrics else ""

        def key(config: Configuration) -> tuple[float, float]:
            if config.final_rank is not None:
                return (0, config.final_rank)
            mean = config.mean(metric)
            return (1, -mean if math.isfinite(mean) else math.inf)

        return sorted(self.configurations.values(), key=key)

    def fold_scores(self, metric: str) -> dict[str, list[float]]:
        """Scores of ``metric`` per pipeline, every configuration's folds together."""
        out: dict[str, list[float]] = {p: [] for p in self.pipelines}
        for config in self.configurations.values():
            out.setdefault(config.pipeline, []).extend(config.scores.get(metric, []))
        return out

    def write_csv(self, path: Path) -> int:
        """Write every row (pipeline, params, group, fold, each metric, fit_seconds, worker).

        Returns
        -------
        int
            How many rows were written.
        """
        columns = ["pipeline", "params", "group", "fold", *self.metrics, "fit_seconds", "worker"]
        with Path(path).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in self.rows:
                metrics = row_scores(row)
                params = row_value(row, "params", {})
                writer.writerow(
                    [
                        row_value(row, "pipeline", ""),
                        params if isinstance(params, str) else json.dumps(params, default=str),
                        row_value(row, "group", ""),
                        row_value(row, "fold", ""),
                        *[_cell(metrics.get(m)) for m in self.metrics],
                        row_value(row, "fit_seconds", ""),
                        row_value(row, "worker", ""),
                    ]
                )
        return len(self.rows)


def _cell(value: Any) -> Any:
    return "" if value is None else value


class _StudyTableModel(QAbstractTableModel):
    """A read-only table over :class:`StudyRows`: one item per line, reloaded on refresh.

    Subclasses give the column titles, the items in display order and each cell's text.
    """

    def __init__(self, rows: StudyRows, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = rows
        self._items: list[Any] = []

    def headers(self) -> list[str]:
        """The column titles."""
        raise NotImplementedError

    def _load(self) -> list[Any]:
        """The lines' items, in display order."""
        raise NotImplementedError

    def _text(self, item: Any, row: int, col: int) -> str:
        raise NotImplementedError

    def _numeric(self, col: int) -> bool:
        return False

    def refresh(self) -> None:
        """Reload the lines (one reset: the tables are small)."""
        self.beginResetModel()
        self._items = self._load()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self._numeric(index.column()):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(self._items[index.row()], index.row(), index.column())


class LeaderboardModel(_StudyTableModel):
    """One line per configuration: rank, pipeline, parameters, mean ± SD per metric, folds."""

    def configuration(self, row: int) -> Configuration:
        """The configuration shown on ``row``."""
        return self._items[row]  # type: ignore[no-any-return]

    def headers(self) -> list[str]:
        """The column titles."""
        return [
            QCoreApplication.translate("StudyLeaderboard", "Rank"),
            QCoreApplication.translate("StudyLeaderboard", "Pipeline"),
            QCoreApplication.translate("StudyLeaderboard", "Parameters"),
            *[
                QCoreApplication.translate("StudyLeaderboard", "{m} (mean ± SD)").format(
                    m=metric_title(m)
                )
                for m in self.store.metrics
            ],
            QCoreApplication.translate("StudyLeaderboard", "Folds"),
        ]

    def _load(self) -> list[Any]:
        return list(self.store.ranked())

    def _numeric(self, col: int) -> bool:
        return col == 0 or col >= 3

    def _text(self, item: Any, row: int, col: int) -> str:
        config: Configuration = item
        metrics = self.store.metrics
        if col == 0:
            return str(config.final_rank or row + 1)
        if col == 1:
            return config.pipeline
        if col == 2:
            return params_text(config.params)
        if col < 3 + len(metrics):
            metric = metrics[col - 3]
            mean, sd = config.mean(metric), config.sd(metric)
            if not math.isfinite(mean):
                return "—"
            return f"{mean:.3f} ± {sd:.3f}" if math.isfinite(sd) else f"{mean:.3f}"
        return str(max((len(v) for v in config.scores.values()), default=0))


class ProgressModel(_StudyTableModel):
    """One line per pipeline: tasks done of planned, ETA, and the workers its tasks ran on."""

    def __init__(self, rows: StudyRows, parent: Any = None) -> None:
        super().__init__(rows, parent)
        self.n_workers = 1

    def headers(self) -> list[str]:
        """The column titles."""
        metric = self.store.metrics[0] if self.store.metrics else ""
        return [
            QCoreApplication.translate("StudyLeaderboard", "Rank"),
            QCoreApplication.translate("StudyLeaderboard", "Pipeline"),
            QCoreApplication.translate("StudyLeaderboard", "Tasks"),
            QCoreApplication.translate("StudyLeaderboard", "ETA"),
            QCoreApplication.translate("StudyLeaderboard", "Nested CV {m}").format(
                m=metric_title(metric)
            ),
            QCoreApplication.translate("StudyLeaderboard", "Ran on"),
        ]

    def _load(self) -> list[Any]:
        pipelines = self.store.pipelines
        names = sorted(pipelines, key=lambda n: pipelines[n].rank or len(pipelines) + 1)
        return [pipelines[n] for n in names]

    def _text(self, item: Any, row: int, col: int) -> str:
        progress: PipelineProgress = item
        if col == 0:
            return "" if progress.rank is None else str(progress.rank)
        if col == 1:
            return progress.pipeline
        if col == 2:
            percent = 100 * progress.done / progress.planned if progress.planned else 0
            text = f"{progress.done}/{progress.planned} ({percent:.0f} %)"
            if progress.failed:  # no %n: lupdate gives translate() no plural forms
                text += " " + QCoreApplication.translate("StudyLeaderboard", "{n} failed").format(
                    n=progress.failed
                )
            return text
        if col == 3:
            eta = progress.eta(self.n_workers)
            if eta is None:
                return "…"
            return (
                QCoreApplication.translate("StudyLeaderboard", "done")
                if eta == 0
                else format_seconds(eta)
            )
        if col == 4:
            return progress.nested or "…"
        return ", ".join(f"{w} ({n})" for w, n in sorted(progress.workers.items()))
