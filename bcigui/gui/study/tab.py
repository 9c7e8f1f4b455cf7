"""The Study tab: compare pipelines with honest cross-validation, here or on a Dask cluster.

The left side sets a study up (data with group ids, ticked pipelines with their grids, the
cross-validation, where it runs); the right side shows it running and its outcome. A study is
the core's ``StudySpec`` (:mod:`bcigui.study.spec`), saved and opened as TOML; it runs through
:func:`bcigui.app.study.run_study` in a child process watched by a worker (the refits and
statistics hold the GIL, which would freeze the window in a thread), and every finished task
reaches the leaderboard through a queued signal as soon as the core reports it.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bcigui.gui.error_dialog import show_worker_error
from bcigui.gui.i18n import tr_core
from bcigui.gui.model_adapter import ModelLibrary
from bcigui.gui.settings import AppSettings
from bcigui.gui.study.data_table import StudyDataPanel
from bcigui.gui.study.outcome import outcome_tables
from bcigui.gui.study.pipelines import PipelinesPanel
from bcigui.gui.study.process_runner import run_study_in_process
from bcigui.gui.study.results import StudyResults
from bcigui.gui.study.setup_panel import EvaluationBox, RunOnBox
from bcigui.gui.study.spec_io import StudyData, build_spec, spec_view
from bcigui.gui.worker_task import WorkerError
from bcigui.gui.workers import Worker, WorkerPool

if TYPE_CHECKING:
    from bcigui.gui.core import CoreInfo

log = logging.getLogger(__name__)

STUDY_LANE = "study"
ERROR_STYLE = "color: #c62828;"


class RowRelay(QObject):
    """Carries result rows from the thread that finishes a task to the GUI thread.

    The core calls :meth:`deliver` from whatever thread learns that a task finished; the
    ``row`` signal reaches receivers in the GUI thread through a queued connection.
    """

    row = Signal(object)

    def deliver(self, row: Any) -> None:
        """Emit ``row`` (callable from any thread)."""
        self.row.emit(row)


def planned_tasks(n_configurations: int, scheme: str, folds: int, n_groups: int) -> int:
    """Outer tasks a pipeline of ``n_configurations`` runs: configurations x outer folds.

    Stratified folds are made within each group (``folds`` per group); grouped folds never split
    a group (at most one per group); leave-one-subject-out has one fold per group.
    """
    groups = max(1, n_groups)
    outer = {"stratified": folds * groups, "grouped": min(folds, groups), "loso": groups}
    return max(1, n_configurations) * outer.get(scheme, folds)


def study_job(
    spec: Any,
    executor: dict[str, Any],
    out_dir: Path,
    store_dir: Path | None,
    label: str,
    on_row: Any,
) -> Any:
    """The worker job that runs ``spec`` (:func:`bcigui.app.study.run_study`) in a child
    process (:mod:`bcigui.gui.study.process_runner`), passing rows to ``on_row``."""

    def job(progress: Any, cancel: Any) -> Any:
        from bcigui.study.executors import ExecutorSettings

        return run_study_in_process(
            spec=spec,
            executor=ExecutorSettings(**executor),
            out_dir=out_dir,
            store_dir=store_dir,
            label=label,
            on_row=on_row,
            progress=progress,
            cancel=cancel,
        )

    return job


class StudyTab(QWidget):
    """Set up, run and read a study (see the module docstring).

    Signals
    -------
    message(str)
        A line for the status bar.
    show_in_library(Path)
        Open a saved best model in the Model Library.
    models_saved()
        A study saved its best models (the library should look again).
    """

    message = Signal(str)
    show_in_library = Signal(object)
    models_saved = Signal()

    def __init__(
        self,
        pool: WorkerPool,
        library: ModelLibrary,
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.pool = pool
        self.library = library
        self.settings = settings
        self.worker: Worker | None = None
        self.last_outcome: Any = None
        self.started_at = 0.0
        self.relay = RowRelay(self)
        self.data_panel = StudyDataPanel(pool, settings)
        self.pipelines = PipelinesPanel()
        self.evaluation = EvaluationBox()
        self.run_on = RunOnBox()
        self.run_on.address.setText(settings.dask_scheduler)
        self.label_box = QComboBox()
        self.label_box.setEditable(True)
        for label in ("study", "p300", "inner"):  # labels are names (folders): not translated
            self.label_box.addItem(label, label)
        self.label_box.setToolTip(self.tr("The best models are saved under <store>/<label>/."))
        self.open_button = QPushButton(self.tr("Open spec…"))
        self.open_button.clicked.connect(self.ask_open_spec)
        self.save_button = QPushButton(self.tr("Save spec…"))
        self.save_button.clicked.connect(self.ask_save_spec)
        self.run_button = QPushButton(self.tr("Run study"))
        self.run_button.setObjectName("study_run")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("study_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.problem = QLabel()
        self.problem.setObjectName("study_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.results = StudyResults(settings)
        self.results.show_in_library.connect(self.show_in_library)
        self.results.make_champion.connect(self.make_champion)
        self.results.message.connect(self.message)
        self.relay.row.connect(self.results.add_row)

        setup = QWidget()
        column = QVBoxLayout(setup)
        column.addWidget(self.data_panel, 1)
        column.addWidget(self.pipelines, 4)
        column.addWidget(self.evaluation)
        column.addWidget(self.run_on)
        label_row = QHBoxLayout()
        label_row.addWidget(QLabel(self.tr("Save best models as label")))
        label_row.addWidget(self.label_box, 1)
        column.addLayout(label_row)
        column.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.run_button)
        column.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(setup)
        # the set-up column is never clipped sideways: it is as wide as its widest row needs
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(setup.minimumSizeHint().width() + bar)
        # on a small screen the results scroll rather than push the window wider
        results_scroll = QScrollArea()
        results_scroll.setWidgetResizable(True)
        results_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        results_scroll.setWidget(self.results)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(results_scroll)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        outer = QVBoxLayout(self)
        outer.addWidget(self.splitter)

        for changed in (
            self.data_panel.changed, self.pipelines.changed, self.evaluation.changed,
            self.run_on.changed,
        ):  # fmt: skip
            changed.connect(self.update_state)
        self._core_loaded = False
        self.update_state()

    # -- Tab protocol ------------------------------------------------------------------------
    def core_ready(self, info: CoreInfo) -> None:
        """List the registered classifiers."""
        self._core_loaded = True
        self.pipelines.set_types(dict(info.types))
        self.update_state()

    def save_state(self, settings: AppSettings) -> None:
        """Remember the split, where studies run and the label."""
        q = settings.qsettings
        q.setValue("study/splitter", self.splitter.saveState())
        q.setValue("study/results_splitter", self.results.splitter.saveState())
        run_on = self.run_on.values()
        q.setValue("study/run_on", run_on["kind"])
        q.setValue("study/processes", run_on["n_workers"])
        q.setValue("study/label", self.label_box.currentText())

    def restore_state(self, settings: AppSettings) -> None:
        """Restore what :meth:`save_state` remembered."""
        q = settings.qsettings
        for key, splitter in (
            ("study/splitter", self.splitter), ("study/results_splitter", self.results.splitter)
        ):  # fmt: skip
            state = q.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        processes = q.value("study/processes")
        self.run_on.set_values(
            {
                "kind": q.value("study/run_on", "local"),
                "n_workers": int(processes) if str(processes or "").isdigit() else None,
                "scheduler": settings.dask_scheduler,
            }
        )
        label = q.value("study/label")
        if isinstance(label, str) and label:
            self.label_box.setCurrentText(label)

    # -- state -------------------------------------------------------------------------------
    def is_running(self) -> bool:
        """Whether a study runs (or waits for its lane)."""
        return self.worker is not None

    def problems(self) -> list[str]:
        """Why the study cannot run now (empty when it can)."""
        out = []
        if not self._core_loaded:
            out.append(self.tr("Loading the classifiers…"))
        if self.data_panel.is_empty():
            out.append(self.tr("Add trial files or recordings."))
        if self._core_loaded and not self.pipelines.ticked():
            out.append(self.tr("Tick at least one pipeline."))
        if not self.evaluation.values()["metrics"]:
            out.append(self.tr("Tick at least one metric."))
        out += self.pipelines.errors()
        if self.run_on.problem():
            out.append(self.run_on.problem())
        return out

    def update_state(self) -> None:
        """Enable the buttons and say what is missing."""
        self.evaluation.set_configurations(self.pipelines.max_configurations())
        problems = self.problems()
        running = self.is_running()
        self.problem.setText("\n".join(problems[:3]))
        self.run_button.setEnabled(not problems and not running)
        self.save_button.setEnabled(self._core_loaded and not running)
        self.open_button.setEnabled(self._core_loaded and not running)
        self.cancel_button.setEnabled(running)

    def study_data(self) -> StudyData:
        """The data as the spec needs them."""
        panel = self.data_panel
        return StudyData(
            trial_files=list(panel.trial_files),
            groups=panel.groups() if panel.trial_files else [],
            recordings=list(panel.recordings),
            epoch_settings=panel.epoch_settings,
        )

    def spec(self) -> Any:
        """The study spec of the widgets (raises the core's errors when it is not valid)."""
        return build_spec(self.study_data(), self.evaluation.values(), self.pipelines.pipelines())

    # -- spec files -------------------------------------------------------------------------------
    def ask_save_spec(self) -> None:
        """ "Save spec…": write the study as TOML."""
        try:
            spec = self.spec()
        except Exception as exc:  # the core's message names the key and the fix
            self._spec_problem(self.tr("The study cannot be saved"), exc)
            return
        start = Path(self.settings.last_folder("study-spec")) / "study.toml"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save study spec"), str(start), self.tr("Study specs (*.toml)")
        )
        if name:
            self.save_spec(Path(name), spec)

    def save_spec(self, path: Path, spec: Any = None) -> None:
        """Write the study (or ``spec``) to ``path`` as TOML."""
        from bcigui.study.spec import dump_spec

        path.write_text(dump_spec(spec if spec is not None else self.spec()), encoding="utf-8")
        self.settings.set_last_folder("study-spec", path.parent)
        self.message.emit(self.tr("Study spec saved to {p}").format(p=path))

    def ask_open_spec(self) -> None:
        """ "Open spec…": read a TOML spec into the widgets."""
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open study spec"),
            self.settings.last_folder("study-spec"),
            self.tr("Study specs (*.toml);;All files (*)"),
        )
        if name:
            self.open_spec(Path(name))

    def open_spec(self, path: Path) -> bool:
        """Read ``path`` into the widgets; a bad spec gets a dialog naming the key and line."""
        from bcigui.study.spec import load_spec

        try:
            spec = load_spec(path)
        except Exception as exc:
            self._spec_problem(self.tr("The study spec cannot be opened"), exc)
            return False
        self.settings.set_last_folder("study-spec", path.parent)
        self.apply_spec(spec)
        self.message.emit(self.tr("Opened {p}").format(p=path))
        return True

    def apply_spec(self, spec: Any) -> None:
        """Show ``spec`` in the widgets."""
        view = spec_view(spec, list(self.pipelines.types))
        data = view.data
        if data.recordings:
            self.data_panel.set_recordings(data.recordings, data.epoch_settings)
        else:
            self.data_panel.clear()
            self.data_panel.add_files([p for pair in data.trial_files for p in pair])
            by_x = {x: g for (x, _y), g in zip(data.trial_files, data.groups, strict=True)}
            for row, (x, _y) in enumerate(self.data_panel.trial_files):
                if x in by_x:
                    self.data_panel.set_group(row, by_x[x])
        self.pipelines.set_pipelines(view.pipelines)
        self.evaluation.set_values(view.evaluation)
        self.update_state()

    def _spec_problem(self, title: str, exc: BaseException) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, tr_core(exc), parent=self)
        box.setObjectName("study_spec_problem")
        box.setInformativeText(self.tr("Fix the named key and try again."))
        self.spec_dialog = box
        box.open()

    # -- running -----------------------------------------------------------------------------
    def out_dir(self) -> Path:
        """A new folder for this run's ``results.csv`` and ``summary.csv``."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        return self.settings.data_dir / "studies" / stamp

    def run(self) -> Worker | None:
        """Start the study in a worker; rows fill the leaderboard as tasks finish."""
        if self.problems() or self.is_running():
            self.update_state()
            return None
        try:
            spec = self.spec()
        except Exception as exc:
            self._spec_problem(self.tr("The study cannot run"), exc)
            return None
        run_on = self.run_on.values()
        if run_on["kind"] == "dask":
            self.settings.dask_scheduler = run_on["scheduler"] or ""
        evaluation = self.evaluation.values()
        n_groups = self.data_panel.n_groups()
        planned = {
            p["model"]: planned_tasks(
                self.pipelines.form(p["model"]).n_configurations(),
                evaluation["scheme"],
                evaluation["folds"],
                n_groups,
            )
            for p in self.pipelines.pipelines()
        }
        self.results.start(planned, evaluation["metrics"], run_on["n_workers"])
        self.results.chance = None
        label = self.label_box.currentText().strip() or "study"
        job = study_job(
            spec, run_on, self.out_dir(), self.library.store_dir, label, self.relay.deliver
        )
        worker = self.pool.submit(job, name="study", lane=STUDY_LANE)
        worker.progress.connect(lambda f, m, _v: self.results.set_progress(f, m))
        worker.result.connect(self._finished)
        worker.error.connect(self._failed)
        worker.cancelled.connect(self._cancelled)
        worker.finished.connect(self._worker_done)
        self.worker = worker
        self.started_at = time.monotonic()
        self.update_state()
        return worker

    def cancel(self) -> None:
        """Cancel the running study (pending tasks are dropped, running ones stop)."""
        if self.worker is not None:
            self.worker.cancel()
            self.results.status.setText(self.tr("Cancelling…"))

    def _finished(self, outcome: Any) -> None:
        self.last_outcome = outcome
        self.results.refresh()
        tables = outcome_tables(outcome)
        if tables.chance is not None:
            self.results.chance = tables.chance
        self.results.set_final_ranks(tables.ranks)
        self.results.set_pipeline_scores(tables.pipelines, tables.fold_scores)
        self.results.show_comparison(tables.comparison)
        self.results.show_models(tables.models)
        self.results.set_progress(1.0, "")
        seconds = time.monotonic() - self.started_at
        self.results.status.setText(
            self.tr("Study finished: %n task(s) in {t:.0f} s.", "", len(self.results.rows.rows))
            .format(t=seconds)
        )  # fmt: skip
        self.message.emit(self.tr("Study finished"))
        if tables.models:
            self.models_saved.emit()

    def _failed(self, error: WorkerError) -> None:
        self.results.refresh()
        self.results.status.setText(self.tr("The study stopped: {m}").format(m=error.message))
        show_worker_error(self, self.tr("The study failed"), error)

    def _cancelled(self) -> None:
        self.results.refresh()
        self.results.status.setText(
            self.tr("Study cancelled; %n finished task(s) kept.", "", len(self.results.rows.rows))
        )
        self.message.emit(self.tr("Study cancelled"))

    def _worker_done(self) -> None:
        self.worker = None
        self.update_state()

    def make_champion(self, path: Path) -> None:
        """Make a saved best model its label's champion."""
        try:
            self.library.set_champion(path)
        except Exception as exc:  # no store attached, the model gone: say so
            self.message.emit(self.tr("Could not make it champion: {e}").format(e=tr_core(exc)))
            return
        self.message.emit(self.tr("{n} is now the champion of its label").format(n=path.name))

    def shutdown(self) -> None:
        """Cancel a running study (the window is closing)."""
        self.cancel()
