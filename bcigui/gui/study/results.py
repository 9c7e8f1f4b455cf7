"""The results side of the Study tab: progress, leaderboard, fold-score plot, comparison, models.

Rows arrive one by one (:meth:`StudyResults.add_row`); the views are refreshed at most
:data:`REFRESH_MS` apart by a timer, so a burst of rows costs one redraw and a finished task
shows within a fraction of a second.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bcigui.gui.study.leaderboard import LeaderboardModel, ProgressModel, StudyRows
from bcigui.gui.study.score_plot import FoldScorePlot

#: Longest wait between a row's arrival and the redraw of the views.
REFRESH_MS = 150


def _table(columns: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _view(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    return view


class StudyResults(QWidget):
    """Progress, leaderboard, plot, pairwise comparison and the saved best models.

    Signals
    -------
    show_in_library(Path)
        "Show in library" on a saved best model.
    make_champion(Path)
        "Make champion" on a saved best model.
    message(str)
        A line for the status bar.
    """

    show_in_library = Signal(object)
    make_champion = Signal(object)
    message = Signal(str)

    def __init__(self, settings: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.rows = StudyRows()
        self.chance: float | None = None
        #: The pipelines' nested-CV fold scores once the study finished (None while running:
        #: the plot then shows every configuration's folds).
        self.nested_scores: dict[str, list[float]] | None = None
        self.leaderboard = LeaderboardModel(self.rows, self)
        self.progress_model = ProgressModel(self.rows, self)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("study_progress")
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.status = QLabel(self.tr("No study run yet."))
        self.status.setObjectName("study_status")
        # no word wrap: a height-for-width label would make the scroll area around the
        # results size them by their (tall) size hint instead of the window's height
        self.status.setWordWrap(False)
        self.progress_view = _view(self.progress_model)
        self.progress_view.setObjectName("study_pipeline_progress")
        self.progress_view.setMaximumHeight(130)
        self.leaderboard_view = _view(self.leaderboard)
        self.leaderboard_view.setObjectName("study_leaderboard")
        self.plot: FoldScorePlot | None = None
        self.plot_box = QGroupBox(self.tr("Fold scores per pipeline"))
        QVBoxLayout(self.plot_box).setContentsMargins(4, 4, 4, 4)
        self.comparison = _table(
            [self.tr("A"), self.tr("B"), self.tr("Mean A - B"), self.tr("Wilcoxon p"),
             self.tr("Effect r"), self.tr("Verdict")]
        )  # fmt: skip
        effect_header = self.comparison.horizontalHeaderItem(4)
        if effect_header is not None:
            effect_header.setToolTip(
                self.tr("Rank-biserial correlation in [-1, 1]; positive: A scores higher.")
            )
        self.comparison.setObjectName("study_comparison")
        self.models = _table(
            [self.tr("Pipeline"), self.tr("Best parameters"), self.tr("Model file")]
        )
        self.models.setObjectName("study_models")
        self.models.itemSelectionChanged.connect(self._update_buttons)
        self.models.itemDoubleClicked.connect(lambda _item: self._emit_model(self.show_in_library))
        self.export_button = QPushButton(self.tr("Export rows to CSV…"))
        self.export_button.clicked.connect(self.ask_export)
        self.library_button = QPushButton(self.tr("Show in library"))
        self.library_button.clicked.connect(lambda: self._emit_model(self.show_in_library))
        self.champion_button = QPushButton(self.tr("Make champion"))
        self.champion_button.setToolTip(
            self.tr("Mark the selected model as its label's champion in the library.")
        )
        self.champion_button.clicked.connect(lambda: self._emit_model(self.make_champion))
        self.model_paths: list[Path] = []

        top = QHBoxLayout()
        top.addWidget(self.progress_bar, 1)
        top.addWidget(self.export_button)
        board = QGroupBox(self.tr("Leaderboard"))
        board_layout = QVBoxLayout(board)
        board_layout.addWidget(self.progress_view)
        board_layout.addWidget(self.leaderboard_view, 1)
        compare_box = QGroupBox(self.tr("Pairwise comparison (paired over folds)"))
        QVBoxLayout(compare_box).addWidget(self.comparison)
        models_box = QGroupBox(self.tr("Best model of each pipeline (refitted on all data)"))
        models_layout = QVBoxLayout(models_box)
        models_layout.addWidget(self.models)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.library_button)
        buttons.addWidget(self.champion_button)
        models_layout.addLayout(buttons)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(compare_box)
        lower.addWidget(models_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(board)
        self.splitter.addWidget(self.plot_box)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 2)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.status)
        column.addWidget(self.splitter, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._update_buttons()

    # -- a run ------------------------------------------------------------------------------
    def start(self, planned: Mapping[str, int], metrics: Sequence[str], n_workers: int) -> None:
        """Forget the last results; expect ``planned[pipeline]`` tasks."""
        self.rows.plan(planned, metrics)
        self.progress_model.n_workers = n_workers
        self.progress_bar.setValue(0)
        self.comparison.setRowCount(0)
        self.models.setRowCount(0)
        self.model_paths = []
        self.nested_scores = None
        self.plot_box.setTitle(self.tr("Fold scores per pipeline (every configuration)"))
        self.status.setText(self.tr("Starting the study…"))
        self.refresh()

    def add_row(self, row: Any) -> None:
        """A finished task (a result row): counted now, drawn within :data:`REFRESH_MS`."""
        self.rows.add(row)
        if not self._timer.isActive():
            self._timer.start()

    def set_progress(self, fraction: float, message: str) -> None:
        """The core's overall progress."""
        self.progress_bar.setValue(round(1000 * min(max(fraction, 0.0), 1.0)))
        if message:
            self.status.setText(message)

    def refresh(self, final: bool = False) -> None:
        """Redraw the leaderboard, the per-pipeline progress and the plot (``final``: also
        fit the columns to their contents)."""
        self._timer.stop()
        shape = (self.leaderboard.rowCount(), self.progress_model.rowCount())
        self.leaderboard.refresh()
        self.progress_model.refresh()
        if shape != (self.leaderboard.rowCount(), self.progress_model.rowCount()) or final:
            # fitting the columns measures every cell: only when lines were added
            self.leaderboard_view.resizeColumnsToContents()
            self.progress_view.resizeColumnsToContents()
        metric = self.rows.metrics[0] if self.rows.metrics else ""
        scores = self.nested_scores
        if scores is None:
            scores = self.rows.fold_scores(metric)
        if self.rows.pipelines:
            self._ensure_plot().set_scores(metric, scores, self.chance)
        self._update_buttons()

    def _ensure_plot(self) -> FoldScorePlot:
        if self.plot is None:
            self.plot = FoldScorePlot()
            layout = self.plot_box.layout()
            assert layout is not None
            layout.addWidget(self.plot)
        return self.plot

    # -- the outcome ---------------------------------------------------------------------------
    def set_final_ranks(self, ranks: Mapping[tuple[str, str], int]) -> None:
        """Ranks from the study's summary: (pipeline, params key) -> rank."""
        for key, config in self.rows.configurations.items():
            config.final_rank = ranks.get(key)
        self.refresh()

    def set_pipeline_scores(
        self,
        scores: Mapping[str, tuple[int, str]],
        fold_scores: Mapping[str, list[float]] | None = None,
    ) -> None:
        """Each pipeline's final rank and nested-CV score text (and its fold scores, which the
        plot then shows instead of every configuration's)."""
        if fold_scores:
            self.nested_scores = {k: list(v) for k, v in fold_scores.items()}
            self.plot_box.setTitle(self.tr("Nested cross-validation fold scores per pipeline"))
        for name, (rank, text) in scores.items():
            progress = self.rows.pipelines.get(name)
            if progress is not None:
                progress.rank, progress.nested = rank, text
        self.refresh(final=True)

    def show_comparison(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """The pairwise comparison: ``a``, ``b``, ``difference``, ``p``, ``effect``."""
        self.comparison.setRowCount(len(rows))
        for r, row in enumerate(rows):
            diff = float(row.get("difference", math.nan))
            p = float(row.get("p", math.nan))
            better = self.tr("{p} better").format(p=row["a"] if diff > 0 else row["b"])
            if not math.isfinite(p) or p >= 0.05 or diff == 0:
                better = self.tr("no clear difference")
            cells = [
                str(row["a"]), str(row["b"]), _number(diff, "+.3f"), _number(p, ".3g"),
                _number(float(row.get("effect", math.nan)), ".2f"), str(better),
            ]  # fmt: skip
            for c, text in enumerate(cells):
                self.comparison.setItem(r, c, QTableWidgetItem(text))

    def show_models(self, models: Sequence[tuple[str, str, Path]]) -> None:
        """The saved best models: (pipeline, parameters text, path)."""
        self.model_paths = [Path(m[2]) for m in models]
        self.models.setRowCount(len(models))
        for r, (pipeline, params, path) in enumerate(models):
            for c, text in enumerate((pipeline, params, Path(path).name)):
                item = QTableWidgetItem(text)
                item.setToolTip(str(path))
                self.models.setItem(r, c, item)
        if models:
            self.models.selectRow(0)
        self._update_buttons()

    def selected_model(self) -> Path | None:
        """The model file of the selected row (None when none is selected)."""
        rows = {i.row() for i in self.models.selectedIndexes()}
        return self.model_paths[min(rows)] if rows else None

    def _emit_model(self, signal: Any) -> None:
        path = self.selected_model()
        if path is not None:
            signal.emit(path)

    def _update_buttons(self) -> None:
        has = self.selected_model() is not None
        self.library_button.setEnabled(has)
        self.champion_button.setEnabled(has)
        self.export_button.setEnabled(bool(self.rows.rows))

    # -- export ------------------------------------------------------------------------------
    def ask_export(self) -> None:
        """Ask for a CSV file and write every result row to it."""
        start = self.settings.last_folder("study-results") if self.settings else str(Path.home())
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export rows to CSV"), str(Path(start) / "results.csv"),
            self.tr("CSV files (*.csv)"),
        )  # fmt: skip
        if name:
            self.export_csv(Path(name))

    def export_csv(self, path: Path) -> int:
        """Write every result row to ``path``; returns how many."""
        count = self.rows.write_csv(path)
        if self.settings is not None:
            self.settings.set_last_folder("study-results", path.parent)
        self.message.emit(self.tr("%n row(s) written to {p}", "", count).format(p=path))
        return count


def _number(value: float, spec: str) -> str:
    return format(value, spec) if math.isfinite(value) else "—"
