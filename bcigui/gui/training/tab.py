"""The Training tab: data, model and runs side by side; trainings queue in one worker lane."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMessageBox, QScrollArea, QSplitter, QWidget

from bcigui.app.data_check import DataCheck
from bcigui.app.training import (
    TRAINING_LANE,
    TrainingRequest,
    is_network,
    save_job,
    training_job,
)
from bcigui.gui.core import CoreInfo
from bcigui.gui.error_dialog import show_worker_error
from bcigui.gui.i18n import tr_core
from bcigui.gui.settings import AppSettings
from bcigui.gui.training.data_panel import DataPanel
from bcigui.gui.training.model_panel import ModelPanel
from bcigui.gui.training.run_panel import RunPanel
from bcigui.gui.training.runs import RunRecord
from bcigui.gui.workers import Worker, WorkerError, WorkerPool

if TYPE_CHECKING:  # annotations only: the classifiers load after the window paints
    from bcigui.classifiers.metrics import TrainResult

log = logging.getLogger(__name__)

#: Clicks on Train closer together than this queue one run, not two (a double click).
DOUBLE_CLICK_S = 0.6


class _PanelScroll(QScrollArea):
    """A frameless vertical scroll area around one panel, as wide as the panel needs.

    A short screen scrolls the panel instead of the window growing past the screen; the
    splitter gives the panel at least its minimum width while the window has room (below
    that, the panel scrolls sideways rather than being squeezed). The
    panel gets the viewport's height or its minimum height, whichever is larger (a resizable
    scroll area would give a panel with word-wrapped labels its preferred height instead).
    """

    def __init__(self, panel: QWidget) -> None:
        super().__init__()
        layout = panel.layout()
        if layout is not None:  # the scroll area's edge is margin enough
            layout.setContentsMargins(4, 4, 4, 4)
        self.setWidget(panel)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        panel.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        """The panel's minimum width (plus the scroll bar while it shows); little height."""
        panel = self.widget()
        width = panel.minimumSizeHint().width() if panel is not None else 0
        if self.verticalScrollBar().isVisible():
            width += self.verticalScrollBar().sizeHint().width()
        return QSize(width, 120)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The panel's layout changed: its minimum may have too."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            self._fit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the panel to the new viewport."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        panel = self.widget()
        if panel is None:
            return
        minimum = panel.minimumSizeHint()
        viewport = self.viewport().size()
        size = minimum.expandedTo(viewport)
        if panel.size() != size:
            panel.resize(size)


class TrainingTab(QWidget):
    """Train classifiers: the data, model and runs panels side by side.

    Signals
    -------
    show_in_library(Path), use_for_inference(Path)
        From the results of a finished run; the main window routes them.
    run_finished(object)
        A run ended (its :class:`RunRecord`), whatever the outcome.
    model_saved(Path)
        A near-chance model was saved after the user chose "Save anyway".
    message(str)
        A line for the status bar.
    """

    show_in_library = Signal(Path)
    use_for_inference = Signal(Path)
    run_finished = Signal(object)
    model_saved = Signal(Path)
    message = Signal(str)

    def __init__(
        self, pool: WorkerPool, settings: AppSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pool = pool
        self.settings = settings
        self._numbers = 0
        self.show_errors_in_dialogs = True
        #: Open "save this near-chance model?" questions, by run number.
        self.save_questions: dict[int, QMessageBox] = {}
        self._run_labels: dict[int, str] = {}
        self.data_panel = DataPanel(pool, settings)
        self.model_panel = ModelPanel(pool)
        self.run_panel = RunPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.data_panel, self.model_panel, self.run_panel):
            self.splitter.addWidget(_PanelScroll(widget))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 4)
        self.splitter.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.data_panel.check_changed.connect(self._data_changed)
        self.data_panel.demo_loaded.connect(self._demo_loaded)
        self.data_panel.preset_used.connect(self._preset_used)
        self.model_panel.changed.connect(self.update_readiness)
        self.run_panel.train_clicked.connect(self._train_clicked)
        self._last_click = -1.0
        self.run_panel.stop_clicked.connect(self.stop_running)
        self.run_panel.cancel_queued_clicked.connect(self.cancel_selected_queued)
        self.run_panel.results.show_in_library.connect(self.show_in_library)
        self.run_panel.results.use_for_inference.connect(self.use_for_inference)
        self.update_readiness()

    # -- start-up and settings -------------------------------------------------------------
    def core_ready(self, info: CoreInfo) -> None:
        """The core is loaded: fill the model types, enable checks, build the curves."""
        q = self.settings.qsettings
        last_type = str(q.value("training/model_type", "svm") or "svm")
        self.model_panel.set_types(info.types, initial=last_type)
        label = str(q.value("training/label", "") or "")
        if label:
            self.model_panel.set_label(label)
        self.run_panel.set_core_ready()
        self.data_panel.set_core_ready()
        self.update_readiness()

    def shutdown(self) -> None:
        """Stop the panels' pending work before the worker pool shuts down."""
        self.data_panel.shutdown()
        self.model_panel.shutdown()

    def save_state(self, settings: AppSettings) -> None:
        """Remember the model type, label and splitter sizes."""
        q = settings.qsettings
        if self.model_panel.current_type():
            q.setValue("training/model_type", self.model_panel.current_type())
            q.setValue("training/label", self.model_panel.label())
        q.setValue("training/splitter", self.splitter.saveState())

    def restore_state(self, settings: AppSettings) -> None:
        """Restore the splitter sizes (default: data 30 %, model 27 %, runs the rest).

        The model type and label are restored by :meth:`core_ready`, once the types are known.
        """
        state = settings.qsettings.value("training/splitter")
        if not isinstance(state, QByteArray) or not self.splitter.restoreState(state):
            self.splitter.setSizes([430, 400, 650])

    def open_data_dialog(self) -> None:
        """File > Open data…: pick training files."""
        self.data_panel.open_data_dialog()

    def has_active_runs(self) -> bool:
        """Whether a run is queued, running or stopping."""
        return any(r.active for r in self.run_panel.records)

    # -- readiness ---------------------------------------------------------------------------
    def _data_changed(self, check: DataCheck | None) -> None:
        if check is not None and check.train_summary is not None:
            s = check.train_summary
            self.model_panel.set_data_shape((s.n_channels, s.min_times, len(s.class_counts)))
        self.update_readiness()

    def _preset_used(self, ref: Any) -> None:
        """Training recordings epoched with a preset: offer its recommended pipeline."""
        from bcigui.data.presets import list_presets
        from bcigui.gui.recording.dialog import presets_dir

        preset = list_presets(presets_dir(self.settings)).get(ref.name) if ref else None
        if preset is None or preset.pipeline is None or not self.model_panel.types:
            self.model_panel.recommend("", "", {})
            return
        from bcigui.app.presets import resolve_model_class
        from bcigui.errors import ConfigError

        try:
            model_type = resolve_model_class(preset.pipeline.model).model_type
        except ConfigError as exc:
            log.warning("preset %s: %s", preset.name, exc)
            return
        self.model_panel.recommend(preset.title, model_type, preset.pipeline.config)

    def _demo_loaded(self, kind: str) -> None:
        # always: a label typed for real data must not name the models trained on the demo
        self.model_panel.set_label(kind)
        self.message.emit(self.tr("Demo data loaded: {k}").format(k=kind))

    def blockers(self) -> list[str]:
        """Why Train is disabled now (empty when it is enabled)."""
        panel, data = self.model_panel, self.data_panel
        if not panel.types:
            return [self.tr("Loading the classifiers…")]
        if not data.has_training_data:
            return [self.tr("Add training files (or load the demo data).")]
        if data.checking or data.check is None:
            return [self.tr("Checking the files…")]
        check = data.check
        reasons = []
        if check.problems:
            reasons.append(self.tr("Fix the data problems listed under the files."))
        elif check.test is None and check.cv_scheme is None:
            reasons.append(
                self.tr(
                    "Add test files, split a test set from the training files, "
                    "or choose cross-validation."
                )
            )
        if check.ragged and panel.types.get(panel.current_type()) is not None:
            cls = panel.types[panel.current_type()]
            if getattr(cls, "prep_mode", "vector") != "sequence":
                reasons.append(
                    self.tr("{t} needs trials of one length; these differ. Choose LSTMNet.").format(
                        t=cls.display_name
                    )
                )
        if panel.errors:
            reasons.append(self.tr("Fix the model settings: {e}").format(e=panel.errors[0]))
        return reasons

    def update_readiness(self) -> None:
        """Enable Train when data and settings are fine; say why not otherwise."""
        reasons = self.blockers()
        self.run_panel.train_button.setEnabled(not reasons)
        if reasons:
            text = reasons[0]
            style = "color: #c62828;" if "Fix" in text or "needs" in text else ""
        else:
            queued = sum(r.active for r in self.records())
            check = self.data_panel.check
            assert check is not None and check.train_summary
            if check.test_summary is None:
                text = self.tr("Ready: {n} trials to cross-validate, label '{label}'.").format(
                    n=check.train_summary.n_trials, label=self.model_panel.label()
                )
            else:
                text = self.tr("Ready: {n} training and {m} test trials, label '{label}'.").format(
                    n=check.train_summary.n_trials,
                    m=check.test_summary.n_trials,
                    label=self.model_panel.label(),
                )
            if queued:
                text += " " + self.tr("Train now queues after %n run(s).", "", queued)
            style = ""
        self.run_panel.readiness.setText(text)
        self.run_panel.readiness.setStyleSheet(style)

    # -- runs ------------------------------------------------------------------------------------
    def start_training(self) -> Worker | None:
        """Queue a run with the current data and settings; returns its worker."""
        if self.blockers() or self.pool.closed:
            self.update_readiness()
            return None
        check = self.data_panel.check
        assert check is not None and check.train is not None, "blockers() found data to train on"
        model_type, params = self.model_panel.settings()
        cls = self.model_panel.types[model_type]
        label = self.model_panel.label()
        self._numbers += 1
        title = f"{cls.display_name} → {label}"
        request = TrainingRequest(
            model_type=model_type,
            params=params,
            label=label,
            train=check.train,
            test=check.test,
            store_dir=self._store_dir(),
            title=title,
            cv=self.data_panel.cross_validation(),
            # with dialogs the user is asked first; unattended runs save (and log the verdict)
            save_near_chance=not self.show_errors_in_dialogs,
        )
        record = RunRecord(number=self._numbers, title=title, network=is_network(cls))
        self._run_labels[record.number] = label
        worker = self.pool.submit(training_job(request), name=title, lane=TRAINING_LANE)
        record.worker = worker
        worker.started.connect(lambda: self._started(record))
        worker.progress.connect(lambda f, m, v: self._progress(record, f, m, v))
        worker.result.connect(lambda r: self._succeeded(record, r))
        worker.error.connect(lambda e: self._failed(record, e))
        worker.cancelled.connect(lambda: self._cancelled(record))
        worker.finished.connect(lambda: self._finished(record))
        self.run_panel.add_record(record)
        self.run_panel.log(
            self.tr("#{n} queued: {t} ({s})").format(
                n=record.number,
                t=title,
                s=tr_core(check.train_summary.shape_text) if check.train_summary else "",
            )
        )
        self.update_readiness()
        return worker

    def _train_clicked(self) -> None:
        """The Train button: a second click within :data:`DOUBLE_CLICK_S` is the same wish."""
        now = time.monotonic()
        if now - self._last_click < DOUBLE_CLICK_S:
            log.info("ignoring a repeated click on Train")
            return
        self._last_click = now
        self.start_training()

    def _store_dir(self) -> Path:
        from bcigui.modelfile.paths import default_store_dir

        return default_store_dir()

    def stop_running(self) -> None:
        """Stop the running run after its current batch, whichever run is selected."""
        record = self.run_panel.running()
        if record is None or record.state != "running" or record.worker is None:
            return
        record.state = "stopping"
        self.run_panel.log(
            self.tr("#{n} stopping after the current batch…").format(n=record.number)
        )
        record.worker.cancel()
        self.run_panel.update_record(record)

    def cancel_selected_queued(self) -> None:
        """Drop the selected run from the queue before it starts (a running run is left alone)."""
        record = self.run_panel.selected()
        if record is None or record.state != "queued" or record.worker is None:
            return
        self.run_panel.log(self.tr("#{n} removed from the queue").format(n=record.number))
        record.worker.cancel()
        self.run_panel.update_record(record)

    def records(self) -> list[RunRecord]:
        """Every run of this session."""
        return list(self.run_panel.records)

    def _started(self, record: RunRecord) -> None:
        record.start()
        self.run_panel.select(record)
        self.run_panel.update_record(record)
        self.run_panel.log(self.tr("#{n} started").format(n=record.number))

    def _progress(self, record: RunRecord, fraction: float, message: str, values: dict) -> None:
        previous = record.message
        series = record.add_progress(fraction, message, values)
        self.run_panel.update_record(record, series)
        if values.get("epoch_end"):
            epoch = self.tr("#{n} epoch {e}: ").format(n=record.number, e=values.get("epoch"))
            names = {
                "loss": self.tr("loss"),
                "accuracy": self.tr("accuracy"),
                "val_loss": self.tr("val_loss"),
                "val_accuracy": self.tr("val_accuracy"),
            }
            parts = [f"{name} {values[k]:.4f}" for k, name in names.items() if k in values]
            self.run_panel.log(epoch + ", ".join(parts))
        elif "batch" not in values and message != previous:
            self.run_panel.log(f"#{record.number} {message}")

    def _succeeded(self, record: RunRecord, result: TrainResult) -> None:
        record.state = "succeeded"
        record.result = result
        record.fraction = 1.0
        summary = (
            result.cross_validation.summary()
            if result.cross_validation is not None
            else result.metrics.summary()
        )
        self.run_panel.log(self.tr("#{n} done: {s}").format(n=record.number, s=tr_core(summary)))
        verdict = result.near_chance
        if verdict is not None:
            self.run_panel.log(f"#{record.number} {tr_core(verdict.headline())}")
        if result.saved_path:
            self.run_panel.log(
                self.tr("#{n} saved to {p}").format(n=record.number, p=result.saved_path)
            )
            self.message.emit(self.tr("Model saved to {p}").format(p=result.saved_path))
        elif verdict is not None and result.model is not None:
            self._ask_to_save(record)

    # -- near-chance models: ask before saving ---------------------------------------------
    def _ask_to_save(self, record: RunRecord) -> None:
        """Ask (without blocking) whether to save the near-chance model of ``record``."""
        verdict = record.result.near_chance
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Save a near-chance model?"),
            self.tr(
                "Run #{n} ({t}) scored within noise of chance. Save it to the library under "
                "'{label}' anyway?"
            ).format(n=record.number, t=record.title, label=self._label_of(record)),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("near_chance_question")
        box.setInformativeText(tr_core(verdict.text()))
        save = box.addButton(self.tr("Save anyway"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(discard)
        box.setEscapeButton(discard)
        box.buttonClicked.connect(lambda button: self._save_answered(record, button is save))
        box.finished.connect(box.deleteLater)
        self.save_questions[record.number] = box
        self.message.emit(self.tr("Run #{n} is near chance: save it?").format(n=record.number))
        box.open()

    def _label_of(self, record: RunRecord) -> str:
        return self._run_labels[record.number]

    def _save_answered(self, record: RunRecord, save: bool) -> None:
        """The answer to :meth:`_ask_to_save`: save through a worker, or drop the model."""
        self.save_questions.pop(record.number, None)
        result = record.result
        model, result.model = result.model, None
        if not save or model is None or self.pool.closed:
            self.run_panel.log(
                self.tr("#{n} discarded (near chance); nothing was saved").format(n=record.number)
            )
            self.run_panel.finish_record(record)
            return
        title = self.tr("save #{n}").format(n=record.number)
        worker = self.pool.submit(
            save_job(model, self._label_of(record), self._store_dir()),
            name=title,
            lane=TRAINING_LANE,
        )
        worker.result.connect(lambda path: self._saved(record, path))
        worker.error.connect(lambda e: self._save_failed(record, e))

    def _saved(self, record: RunRecord, path: Path) -> None:
        record.result.saved_path = path
        self.run_panel.log(self.tr("#{n} saved to {p}").format(n=record.number, p=path))
        self.run_panel.finish_record(record)
        self.message.emit(self.tr("Model saved to {p}").format(p=path))
        self.model_saved.emit(path)

    def _save_failed(self, record: RunRecord, error: WorkerError) -> None:
        self.run_panel.log(
            self.tr("#{n} could not be saved: {m}").format(n=record.number, m=error.message)
        )
        if self.show_errors_in_dialogs:
            show_worker_error(self, self.tr("Saving failed: {t}").format(t=record.title), error)

    def _failed(self, record: RunRecord, error: WorkerError) -> None:
        record.state = "failed"
        record.error = error
        self.run_panel.log(self.tr("#{n} failed: {m}").format(n=record.number, m=error.message))
        if self.show_errors_in_dialogs:
            show_worker_error(self, self.tr("Training failed: {t}").format(t=record.title), error)

    def _cancelled(self, record: RunRecord) -> None:
        record.state = "cancelled"
        self.run_panel.log(self.tr("#{n} stopped; nothing was saved").format(n=record.number))

    def _finished(self, record: RunRecord) -> None:
        record.worker = None
        record.ended_at = record.ended_at or time.monotonic()
        self.run_panel.finish_record(record)
        self.update_readiness()
        if record.network:
            self.model_panel.refresh_count()  # TensorFlow is loaded now: the count can follow
        self.run_finished.emit(record)
