"""The Inference tab: pick a model and trial files, predict in a worker, read and export."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bcigui.app.inference import (
    INFERENCE_LANE,
    InferenceRequest,
    InferenceResult,
    inference_job,
    input_mismatch,
    trial_file_shape,
)
from bcigui.app.pairing import Role
from bcigui.data.formats import RECORDING_FORMATS, TRIAL_FILE_FORMATS
from bcigui.gui.core import CoreInfo
from bcigui.gui.error_dialog import show_worker_error
from bcigui.gui.file_filters import extension_list, name_filter
from bcigui.gui.i18n import tr_core
from bcigui.gui.inference.results import InferenceResults
from bcigui.gui.model_adapter import ModelLibrary
from bcigui.gui.recording import RecordingChoice, RecordingDialog
from bcigui.gui.settings import AppSettings
from bcigui.gui.training.file_table import FileSetBox, file_role
from bcigui.gui.worker_task import WorkerError
from bcigui.gui.workers import Worker

if TYPE_CHECKING:  # annotations only: MNE and the data layer load after the window paints
    from bcigui.data.epoching import EpochSettings

log = logging.getLogger(__name__)


class InferenceTab(QWidget):
    """Model picker, trial files, Run, results table with probabilities, CSV export.

    Signals
    -------
    message(str)
        A line for the status bar.
    finished(object)
        A run ended with an InferenceResult.
    """

    message = Signal(str)
    finished = Signal(object)

    def __init__(
        self,
        library: ModelLibrary,
        settings: AppSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.worker: Worker | None = None
        self.result: InferenceResult | None = None
        self.model_path: Path | None = None
        self._wanted: Path | None = None
        #: Why the selected model does not fit the trial files ("" when it does, or unknown).
        self.mismatch = ""
        self._run_inputs: tuple[Any, ...] | None = None
        self._shapes: dict[Path, tuple[int, int] | None] = {}

        self.model_combo = QComboBox()
        self.model_combo.setObjectName("inference_model")
        self.model_combo.setMinimumContentsLength(24)  # wider with the window; 24 fits 1024 px
        self.model_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_combo.currentIndexChanged.connect(self._model_changed)
        self.label_combo = QComboBox()
        self.label_combo.setObjectName("inference_label")
        self.label_combo.setToolTip(
            self.tr("Show the models of one label; its champion (or newest) is chosen.")
        )
        self.label_combo.addItem(self.tr("All labels"), "")
        self.label_combo.currentIndexChanged.connect(lambda _i: self.refresh_models())
        self.signature_label = QLabel()
        self.signature_label.setObjectName("signature")
        self.signature_label.setWordWrap(True)
        self.signature_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        model_form = QFormLayout()
        model_form.addRow(self.tr("Label"), self.label_combo)
        model_form.addRow(self.tr("Model"), self.model_combo)
        model_form.addRow(self.tr("Expects"), self.signature_label)

        self.files = FileSetBox(self.tr("Trial files (X, and optional labels)"))
        self.files.add_requested.connect(self.add_files_dialog)
        self.files.rows_changed.connect(self._files_changed)
        self.recording: RecordingChoice | None = None
        self.recording_settings: EpochSettings | None = None  # the last ones, to prefill the dialog
        self.recording_dialog: RecordingDialog | None = None
        self.eeg_button = QPushButton(self.tr("Open EEG recording…"))
        self.eeg_button.setObjectName("open_recording")
        self.eeg_button.setToolTip(
            self.tr(
                "Epoch EEG recordings ({extensions}) around their "
                "events and predict every epoch with the chosen model"
            ).format(extensions=extension_list(RECORDING_FORMATS))
        )
        self.eeg_button.clicked.connect(lambda: self.open_recording_dialog())
        self.recording_label = QLabel()
        self.recording_label.setObjectName("inference_recording")
        self.recording_label.setWordWrap(True)
        self.clear_recording_button = QPushButton(self.tr("Clear"))
        self.clear_recording_button.setToolTip(self.tr("Forget the chosen recordings"))
        self.clear_recording_button.clicked.connect(lambda: self.set_recording(None))
        recording_row = QHBoxLayout()
        recording_row.addWidget(self.eeg_button)
        recording_row.addWidget(self.recording_label, 1)
        recording_row.addWidget(self.clear_recording_button)
        self.run_button = QPushButton(self.tr("Run inference"))
        self.run_button.setObjectName("run_inference")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self.export_dialog)
        self.export_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.status_label = QLabel()
        self.status_label.setObjectName("inference_status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(model_form)
        left_layout.addWidget(self.files, 1)
        left_layout.addLayout(recording_row)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.progress)
        left_layout.addWidget(self.status_label)

        self.results = InferenceResults()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.results)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.library.storeChanged.connect(lambda _e: self.refresh_models())
        self.set_recording(None)

    # -- the main window's Tab protocol --------------------------------------------------------
    def core_ready(self, info: CoreInfo) -> None:
        """Nothing to do here: the models arrive through the ModelLibrary's signals."""

    def save_state(self, settings: AppSettings) -> None:
        """Remember how the inputs and the results share the width."""
        settings.qsettings.setValue("inference/splitter", self.splitter.saveState())

    def restore_state(self, settings: AppSettings) -> None:
        """Restore the inputs / results split saved by :meth:`save_state`."""
        state = settings.qsettings.value("inference/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)

    # -- models --------------------------------------------------------------------------------
    def refresh_models(self) -> None:
        """Fill the model combo with the usable models of the chosen label.

        Champions come first, then the newest; with no explicit choice the first one (the
        label's champion, or its newest model) is selected.
        """
        target = self._wanted or self.model_path
        usable = [r for r in self.library.records() if r.status == "ok"]
        self._refresh_labels(sorted({r.label for r in usable if r.label}))
        if self._wanted is not None:  # routed from another tab: make sure it is listed
            wanted = self.library.record(self._wanted)
            if wanted is not None and self.chosen_label not in ("", wanted.label):
                self.label_combo.blockSignals(True)
                self.label_combo.setCurrentIndex(0)
                self.label_combo.blockSignals(False)
        label = self.chosen_label
        records = [r for r in usable if not label or r.label == label]
        if label and target is not None:
            current = self.library.record(target)
            if current is None or current.label != label:
                target = None  # a new label: its champion or newest
        records.sort(key=lambda r: r.created_utc or "", reverse=True)
        records.sort(key=lambda r: not r.champion)  # stable: champions first, newest first
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        shape = self.files_shape()
        for record in records:
            star = "★ " if record.champion else ""
            text = f"{star}{record.name}  ({record.model_type}, {record.label})"
            mismatch = input_mismatch(record, shape)
            if mismatch:
                text = "⚠ " + text + "  " + self.tr("[does not fit the files]")
            self.model_combo.addItem(text, str(record.path))
            if mismatch:
                index = self.model_combo.count() - 1
                self.model_combo.setItemData(index, mismatch, Qt.ItemDataRole.ToolTipRole)
        index = self.model_combo.findData(str(target)) if target is not None else -1
        if index >= 0 and self._wanted is not None and self._wanted == target:
            self._wanted = None
        self.model_combo.setCurrentIndex(index if index >= 0 else (0 if records else -1))
        self.model_combo.blockSignals(False)
        self._model_changed()

    @property
    def chosen_label(self) -> str:
        """The label whose models are listed ("" for all labels)."""
        return str(self.label_combo.currentData() or "")

    def choose_label(self, label: str) -> None:
        """List the models of ``label`` ("" for all) and select its champion or newest."""
        index = self.label_combo.findData(label)
        if index < 0:
            raise ValueError(f"no usable model has the label {label!r}")
        self.label_combo.setCurrentIndex(index)

    def _refresh_labels(self, labels: list[str]) -> None:
        current = self.chosen_label
        self.label_combo.blockSignals(True)
        self.label_combo.clear()
        self.label_combo.addItem(self.tr("All labels"), "")
        for label in labels:
            self.label_combo.addItem(label, label)
        index = self.label_combo.findData(current)
        self.label_combo.setCurrentIndex(max(index, 0))
        self.label_combo.blockSignals(False)

    def show_model(self, path: Path) -> None:
        """Select model ``path`` (routed from the Training or Library tab)."""
        self._wanted = Path(path)
        self.refresh_models()
        if self._wanted is not None:  # not indexed yet (saved by a training): reconcile
            self.library.reconcile()

    def _model_changed(self, *_args: Any) -> None:
        data = self.model_combo.currentData()
        self.model_path = self._wanted or (Path(data) if data else None)
        record = self.library.record(self.model_path) if self.model_path else None
        if self.result is not None and self.result.model_path != self.model_path:
            self._invalidate(self.tr("The model changed: run inference again."))
        self._show_mismatch(record)
        if record is None:
            self.signature_label.setText(self.tr("No model in the store yet: train one first."))
        else:
            self.signature_label.setText(self._expects(record))
        self._update_run()

    def _expects(self, record: Any) -> str:
        """The "Expects" line: channels, rate and window for a model trained on recordings."""
        from bcigui.app.model_description import describe_expected_input, describe_signal
        from bcigui.app.recording_choice import read_model_input
        from bcigui.errors import ModelFileError

        classes = ", ".join(str(c) for c in record.classes)
        try:  # the manifest only (a few kB), as the library's details read it
            expected = read_model_input(record.path)
        except (ModelFileError, OSError, ValueError) as exc:
            log.info("cannot read the manifest of %s: %s", record.path, exc)
            steps = record.n_times or self.tr("any number of")
            return self.tr("{t} time steps x {f} features; classes: {c}").format(
                t=steps, f=record.n_features or "?", c=classes
            )
        signal = tr_core(describe_signal(expected.signal))
        self.signature_label.setToolTip(self.tr("Its own signal stage: {s}").format(s=signal))
        if expected.epoching is not None:
            return self.tr("{e}; classes: {c}").format(
                e=tr_core(describe_expected_input(expected)), c=classes
            )
        return self.tr("trials of {e} (seed (T, F) files); classes: {c}").format(
            e=tr_core(describe_expected_input(expected)), c=classes
        )

    # -- inputs and the results they gave -------------------------------------------------
    def files_shape(self) -> tuple[int, int] | None:
        """``(n_times, n_features)`` of the first trial file (header only; None if unknown)."""
        first = next((x for x, _ in self.files.rows if x is not None), None)
        if first is None:
            return None
        if first not in self._shapes:
            self._shapes[first] = trial_file_shape(first)
        return self._shapes[first]

    def _show_mismatch(self, record: Any) -> None:
        """Say inline when the selected model does not fit the trial files."""
        shown = self.mismatch
        self.mismatch = (input_mismatch(record, self.files_shape()) or "") if record else ""
        if self.mismatch:
            self.status_label.setStyleSheet("color: #c0392b;")
            self.status_label.setText(
                self.tr("This model does not fit the files: {m}.").format(m=self.mismatch)
            )
        elif shown and self.worker is None:  # the mismatch shown before is gone
            self.status_label.setStyleSheet("")
            self.status_label.setText("")

    def _files_changed(self) -> None:
        self._shapes.clear()  # a file may have been rewritten under the same name
        self._invalidate(self.tr("The trial files changed: run inference again."))
        self.refresh_models()  # re-marks the models that do not fit the files

    def _inputs(self) -> tuple[Any, ...]:
        return (self.model_path, tuple(self.files.rows), id(self.recording))

    def _invalidate(self, text: str) -> None:
        """Clear the results, plots and Export: they belong to inputs that changed."""
        if self.result is None:
            return
        self.result = None
        self.results.clear(text)
        self.export_button.setEnabled(False)
        self.status_label.setStyleSheet("")
        self.status_label.setText(text)

    # -- files ---------------------------------------------------------------------------------
    def add_files_dialog(self, role: str | None = None) -> None:
        """File dialog for X (and label) files."""
        folder = self.settings.last_folder("inference") if self.settings is not None else ""
        if role == "folder":
            title = self.tr("Folder of {extensions} files").format(
                extensions=extension_list(TRIAL_FILE_FORMATS)
            )
            chosen = QFileDialog.getExistingDirectory(self, title, folder)
            files = [chosen] if chosen else []
        else:
            filters = name_filter(self.tr("Trial files"), TRIAL_FILE_FORMATS, self.tr("All files"))
            files, _ = QFileDialog.getOpenFileNames(self, self.tr("Trial files"), folder, filters)
        if files:
            if self.settings is not None:
                self.settings.set_last_folder("inference", Path(files[0]).parent)
            self.add_files([Path(f) for f in files], role=file_role(role))

    def add_files(self, paths: list[Path], role: Role | None = None) -> None:
        """Add trial files (paired with label files by name unless ``role`` is given)."""
        self.files.add_paths(paths, role)

    # -- recordings ----------------------------------------------------------------------------
    def open_recording_dialog(self, paths: list[Path] | None = None) -> RecordingDialog:
        """Open the recording dialog (non-modal), prefilled from the selected model."""
        if self.recording_dialog is not None:
            self.recording_dialog.raise_()
            if paths:
                self.recording_dialog.add_paths(paths)
            return self.recording_dialog
        initial_paths = list(paths or (self.recording.paths if self.recording else []))
        report = self.recording.report if self.recording is not None else None
        overridden = report is not None and bool(report.overridden)
        dialog = RecordingDialog(
            self.library.pool,
            self.settings,
            initial_paths,
            purpose="inference",
            initial=self.recording_settings,
            model_path=self.model_path,
            override=overridden,  # the model's own settings unless the last choice overrode them
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted_choice.connect(self.set_recording)
        dialog.finished.connect(self._recording_dialog_closed)
        self.recording_dialog = dialog
        dialog.open()
        return dialog

    def _recording_dialog_closed(self, _result: int) -> None:
        self.recording_dialog = None

    def set_recording(self, choice: RecordingChoice | None) -> None:
        """Predict these epoched recordings on the next run (None: none)."""
        if choice is not self.recording:
            self._invalidate(self.tr("The EEG recording changed: run inference again."))
        self.recording = choice
        if choice is None:
            self.recording_label.setText(self.tr("No EEG recording chosen."))
            self.recording_label.setToolTip("")
        else:
            self.recording_settings = choice.settings
            names = ", ".join(p.name for p in choice.paths)
            text = f"{names}: {choice.summary}"
            if choice.report is not None:
                text += "\n" + self.tr("Epoch settings: {d}").format(d=choice.report.describe())
            self.recording_label.setText(text)
            self.recording_label.setToolTip("\n".join(str(p) for p in choice.paths))
        self.clear_recording_button.setEnabled(choice is not None)
        self._update_run()

    def _update_run(self) -> None:
        has_x = any(x is not None for x, _ in self.files.rows) or self.recording is not None
        running = self.worker is not None
        self.run_button.setEnabled(
            has_x
            and self.model_path is not None
            and not running
            and self.library.manager is not None
        )

    # -- running -------------------------------------------------------------------------------
    def run(self) -> Worker | None:
        """Predict every file with the selected model, in a worker."""
        if self.worker is not None or self.model_path is None or self.library.manager is None:
            return None
        request = InferenceRequest(
            self.model_path, list(self.files.rows), self.library.manager, self.recording
        )
        worker = self.library.pool.submit(
            inference_job(request), name="inference", lane=INFERENCE_LANE
        )
        worker.progress.connect(self._progress)
        worker.result.connect(self._succeeded)
        worker.error.connect(self._failed)
        worker.finished.connect(self._ended)
        self.worker = worker
        self._run_inputs = self._inputs()
        self.files.mark_problems({})
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Running…"))
        self.progress.setValue(0)
        self._update_run()
        return worker

    def _progress(self, fraction: float, message: str, _values: dict) -> None:
        self.progress.setValue(int(fraction * 100))
        self.status_label.setText(message)

    def _succeeded(self, result: InferenceResult) -> None:
        if self._inputs() != self._run_inputs:  # the model, files or recording changed meanwhile
            self.results.clear(self.tr("The inputs changed while inference ran: run it again."))
            self.status_label.setText(self.tr("The inputs changed while inference ran."))
            self.finished.emit(result)
            return
        self.result = result
        self.results.show_result(result)
        self.export_button.setEnabled(bool(result.predictions))
        self.files.mark_problems(result.problems)
        timing = self.tr("model from memory") if result.was_cached else self.tr(
            "model loaded in {s:.2f} s").format(s=result.load_seconds)  # fmt: skip
        text = self.tr("{n} trials predicted in {s:.2f} s ({t}).").format(
            n=len(result.predictions), s=result.predict_seconds, t=timing
        )
        if result.epoching:
            text += "\n" + self.tr("Epoch settings: {d}").format(d=result.epoching)
        if result.scores is not None and result.scores.near_chance is not None:
            text += "\n" + tr_core(result.scores.near_chance.headline())
            self.status_label.setStyleSheet("color: #b26a00;")
        if result.recording_problem:
            text += "\n" + self.tr("Recordings skipped: {m}").format(m=result.recording_problem)
            self.status_label.setStyleSheet("color: #c0392b;")
        if result.problems:
            lines = "\n".join(
                self.tr("Row {r}: {m}").format(r=row + 1, m=msg)
                for row, msg in sorted(result.problems.items())
            )
            text += "\n" + self.tr("Skipped %n file(s):", "", len(result.problems)) + "\n" + lines
            self.status_label.setStyleSheet("color: #c0392b;")
        self.status_label.setText(text)
        self.message.emit(text.splitlines()[0])
        self.finished.emit(result)

    def _failed(self, error: WorkerError) -> None:
        self.status_label.setStyleSheet("color: #c0392b;")
        self.status_label.setText(self.tr("Inference failed: {m}").format(m=error.message))
        self.message.emit(self.tr("Inference failed: {m}").format(m=error.message))
        if not error.expected:
            show_worker_error(self, self.tr("Inference failed"), error)

    def _ended(self) -> None:
        self.worker = None
        self.progress.setValue(100)
        self._update_run()

    # -- export --------------------------------------------------------------------------------
    def export_dialog(self) -> None:
        """Save the results as CSV (file dialog)."""
        if self.result is None:
            return
        folder = self.settings.last_folder("export") if self.settings is not None else ""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export results"), str(Path(folder or Path.home()) / "predictions.csv"),
            self.tr("CSV files (*.csv)"),
        )  # fmt: skip
        if path:
            if self.settings is not None:
                self.settings.set_last_folder("export", Path(path).parent)
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> None:
        """Write the results to ``path``."""
        if self.result is None:
            return
        from bcigui.app.predictions_csv import write_predictions_csv  # the core is loaded by now

        try:
            write_predictions_csv(
                path, self.result.predictions, self.result.classes, self.result.model
            )
        except OSError as exc:
            show_worker_error(self, self.tr("Export failed"), WorkerError.from_exception(exc))
            return
        self.message.emit(self.tr("Results saved to {p}").format(p=path))
