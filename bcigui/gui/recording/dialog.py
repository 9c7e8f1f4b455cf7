"""The "Open EEG recording…" dialog: recordings, event mapping, epoch settings, ERP preview.

Every file read (headers, events, epoching) runs in the app's :class:`WorkerPool`, never on the
GUI thread. The dialog is non-modal friendly: show it (``show()``/``open()``) and listen to
:attr:`RecordingDialog.accepted_choice`; ``dialog.choice`` holds the accepted
:class:`~bcigui.app.recording_choice.RecordingChoice`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bcigui.app.erp_preview import Preview, preview_job
from bcigui.app.model_description import (
    describe_epoching,
    describe_signal,
    epoching_differences,
)
from bcigui.app.recording_choice import (
    UNLABELLED,
    ModelInput,
    RecordingChoice,
    channel_offer,
    event_union,
    inspect_job,
    mapping_rows,
    read_model_input,
    recording_problems,
)
from bcigui.data.formats import RECORDING_FORMATS, recording_format
from bcigui.gui.file_drop import dropped_paths
from bcigui.gui.file_filters import extension_list
from bcigui.gui.i18n import tr_core
from bcigui.gui.recording.erp_plot import ErpPlot
from bcigui.gui.recording.files_table import RecordingFilesBox
from bcigui.gui.recording.settings_panel import EpochSettingsPanel
from bcigui.gui.worker_task import WorkerError
from bcigui.gui.workers import Worker, WorkerPool

if TYPE_CHECKING:  # bcigui.app.model_epoching imports scikit-learn (bcigui.errors)
    from bcigui.app.model_epoching import EpochingReport

log = logging.getLogger(__name__)

INSPECT_LANE = "recording-inspect"
PREVIEW_LANE = "recording-preview"
#: Milliseconds of quiet after an edit before the preview runs by itself.
PREVIEW_DELAY_MS = 500


def presets_dir(settings: Any) -> Path | None:
    """The user's presets folder: ``presets/`` in the app's data folder (None: no settings)."""
    return Path(settings.data_dir) / "presets" if settings is not None else None


def _is_recording(path: Path) -> bool:
    """Whether ``path``'s name fits one of the recording formats bcigui reads."""
    try:
        recording_format(path)
    except ValueError:
        return False
    return True


class RecordingDialog(QDialog):
    """Pick recordings, map their events to classes, set the epochs, preview, accept.

    Parameters
    ----------
    pool : WorkerPool
        Runs the file reads.
    settings : AppSettings or None
        Remembers the last folder (``"recordings"``).
    paths : list of Path, optional
        Recordings to start with.
    purpose : {"train", "inference"}
        For inference, events may be predicted without a true label (see the mapping hint).
    initial : EpochSettings, optional
        Settings to start from (mapping, window, picks...).
    model_path : Path, optional
        For inference: the model whose epoch settings, channels, rate and trial length prefill
        the settings and against which every recording is checked.
    reference : EpochSettings, optional
        Settings the trials must follow (a test recording: the training recordings'); for
        inference the model's own settings take this place once its manifest is read.
    reference_channels : sequence of str, optional
        The channels the reference settings epoched (what ``picks=None`` stood for).
    override : bool
        Start with "Override" ticked (``initial`` then holds the overriding settings).

    While a reference is known the dialog applies it unchanged (the editors show it, read-only)
    unless the user ticks "Override"; every setting that then differs is shown inline and
    recorded in the choice's :class:`~bcigui.app.model_epoching.EpochingReport`.

    Signals
    -------
    accepted_choice(object)
        The RecordingChoice, when the user presses OK.
    """

    accepted_choice = Signal(object)

    def __init__(
        self,
        pool: WorkerPool,
        settings: Any,
        paths: list[Path] | None = None,
        *,
        purpose: Literal["train", "inference"] = "train",
        initial: Any = None,
        model_path: Path | None = None,
        reference: Any = None,
        reference_channels: Any = None,
        override: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.pool = pool
        self.app_settings = settings
        self.inference = purpose == "inference"
        self.initial = initial
        self.choice: RecordingChoice | None = None
        self.reference = reference
        self.reference_channels = tuple(reference_channels) if reference_channels else None
        self.reference_name = "model" if self.inference else "training"
        self.model: ModelInput | None = None
        self.model_problem = ""
        self.infos: dict[Path, Any] = {}
        self.problems: dict[Path, list[str]] = {}
        #: Notes about what was added but is no recording (an empty folder), shown in red.
        self.notes: list[str] = []
        self.preview: Preview | None = None
        self._workers: set[Worker] = set()
        self._inspecting: dict[Path, Worker] = {}
        self._model_worker: Worker | None = None
        self._preview_worker: Worker | None = None
        self._preview_again = False
        self._channels_set = False

        self.setObjectName("recording_dialog")
        self.setWindowTitle(
            self.tr("Open EEG recording — for inference")
            if self.inference
            else self.tr("Open EEG recording — for training")
        )
        self.setAcceptDrops(True)
        self.files = RecordingFilesBox(settings)
        self.files.added.connect(self.add_paths)
        self.files.remove_requested.connect(self.remove_paths)
        self.table = self.files.table

        self.panel = EpochSettingsPanel(
            inference=self.inference, presets_dir=presets_dir(settings)
        )
        self.panel.changed.connect(self._settings_changed)
        self.panel.preset_row.chosen.connect(lambda _choice: self._show_preset_fit())
        self.erp = ErpPlot()
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.setObjectName("preview")
        self.preview_button.setToolTip(self.tr("Epoch now (it also runs by itself after edits)"))
        self.preview_button.clicked.connect(self.run_preview)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.erp, 1)
        right_layout.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignLeft)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.panel)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        self.model_label = QLabel()
        self.model_label.setObjectName("model_expects")
        self.model_label.setWordWrap(True)
        self.model_label.setVisible(model_path is not None)
        self.override_box = QCheckBox()
        self.override_box.setObjectName("override_settings")
        self.override_box.setChecked(override)
        self.override_box.toggled.connect(self._override_toggled)
        self.reference_label = QLabel()
        self.reference_label.setObjectName("reference_settings")
        self.reference_label.setWordWrap(True)
        self.reference_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Use these trials"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        #: Why "Use these trials" is disabled (empty when it is enabled).
        self.why_label = QLabel()
        self.why_label.setObjectName("why_not_ready")
        self.why_label.setWordWrap(True)
        self.why_label.setStyleSheet("color: palette(placeholder-text);")
        bottom = QHBoxLayout()
        bottom.addWidget(self.why_label, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.files)
        layout.addWidget(self.model_label)
        layout.addWidget(self.reference_label)
        layout.addWidget(self.override_box)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.resize(1000, 720)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.run_preview)
        if initial is not None:
            self.panel.apply(initial)
        self._show_reference_state()
        if self.following_reference():
            self.panel.apply(self.reference)
        if model_path is not None:
            self.model_label.setText(self.tr("Reading the model's input signature…"))
            self._model_worker = self._submit(
                lambda p, c: read_model_input(Path(model_path)), "model input", INSPECT_LANE
            )
            self._model_worker.result.connect(self._model_read)
            self._model_worker.error.connect(self._model_failed)
            self._model_worker.finished.connect(self._model_done)
        if paths:
            self.add_paths([Path(p) for p in paths])
        self._update_buttons()

    # -- files ---------------------------------------------------------------------------------
    def add_paths(self, paths: list[Path]) -> None:
        """Add recordings (duplicates are ignored) and read each one in a worker.

        A folder adds the recordings directly inside it; a folder without any is a note.
        """
        self.notes = []
        for path in self._expand_folders([Path(p) for p in paths]):
            if path in self.table.paths:
                continue
            self.table.add_row(path, self.tr("reading…"))
            worker = self._submit(inspect_job(path), f"inspect {path.name}", INSPECT_LANE)
            worker.result.connect(lambda info, p=path: self._inspected(p, info))
            worker.error.connect(lambda err, p=path: self._inspect_failed(p, err))
            worker.finished.connect(lambda p=path: self._inspect_done(p))
            self._inspecting[path] = worker
        self._invalidate()

    def _expand_folders(self, paths: list[Path]) -> list[Path]:
        out: list[Path] = []
        for path in paths:
            if not path.is_dir():
                out.append(path)
                continue
            found = sorted(p for p in path.iterdir() if p.is_file() and _is_recording(p))
            if not found:
                self.notes.append(
                    self.tr("{f} holds no EEG recordings ({e}); add the recording files "
                            "themselves or another folder.").format(
                        f=path, e=extension_list(RECORDING_FORMATS))
                )  # fmt: skip
            out.extend(found)
        self._show_problems()
        return out

    def _show_problems(self) -> None:
        lines = [
            f"{path.name}: {'; '.join(self.problems[path])}"
            for path in self.table.paths
            if self.problems.get(path)
        ]
        self.files.show_problems(self.notes + lines)

    def remove_paths(self, paths: list[Path]) -> None:
        """Remove these recordings."""
        for path in paths:
            self.remove_path(path)

    def remove_path(self, path: Path) -> None:
        """Remove one recording."""
        worker = self._inspecting.pop(path, None)
        if worker is not None:
            worker.cancel()
        self.table.remove_row(path)
        self.infos.pop(path, None)
        self.problems.pop(path, None)
        self.notes = []
        self._show_problems()
        self._refresh_editors()
        self._invalidate()

    def _inspected(self, path: Path, info: Any) -> None:
        if path not in self.table.paths:
            return
        self.infos[path] = info
        self._recheck(path)
        self._refresh_editors()

    def _inspect_failed(self, path: Path, error: WorkerError) -> None:
        self.problems[path] = [error.message]
        self.table.show_problem(path, error.message)
        self._show_problems()
        self._update_buttons()

    def _inspect_done(self, path: Path) -> None:
        self._inspecting.pop(path, None)
        self._invalidate()

    def _recheck(self, path: Path) -> None:
        info = self.infos[path]
        self.problems[path] = recording_problems(info, self.model)
        self.table.show_info(path, info, self.problems[path])
        self._show_problems()

    # -- the model (inference) -----------------------------------------------------------------
    def _model_read(self, model: ModelInput) -> None:
        self.model = model
        names = ", ".join(model.ch_names) if model.ch_names else self.tr("unknown channels")
        rate = f"{model.sfreq:g} Hz" if model.sfreq else self.tr("unknown rate")
        length = (
            self.tr("{n} samples per trial").format(n=model.n_times)
            if model.n_times and model.length_matters
            else self.tr("any trial length")
        )
        self.model_label.setText(
            self.tr("The model expects: {c} at {r}, {l}; classes {k}. When it predicts, it "
                    "applies its own signal stage ({s}) to the epochs.").format(
                c=names, r=rate, l=length, k=", ".join(model.classes),
                s=tr_core(describe_signal(model.signal)))
        )  # fmt: skip
        if model.epoching is not None:
            from bcigui.data.epoching import EpochSettings

            self.reference = EpochSettings.model_validate(model.epoching)
            self.reference_channels = model.input_ch_names
        elif self.initial is None:
            tmax = model.window_for(self.panel.tmin.value())
            if tmax is not None:
                self.panel.apply_window(self.panel.tmin.value(), tmax)
        self._show_reference_state()
        if self.following_reference():
            self.panel.apply(self.reference)
        for path in self.infos:
            self._recheck(path)
        self._channels_set = False
        self._refresh_editors()

    def _model_failed(self, error: WorkerError) -> None:
        self.model_problem = error.message
        self.model_label.setText(self.tr("Cannot read the model: {m}").format(m=error.message))
        self._update_buttons()

    # -- editors -------------------------------------------------------------------------------
    def good_infos(self) -> list[Any]:
        """RecordingInfos of the listed recordings that were read, in table order."""
        return [self.infos[p] for p in self.table.paths if p in self.infos]

    def _refresh_editors(self) -> None:
        infos = self.good_infos()
        start = self.reference if self.following_reference() else self.initial
        initial_map = dict(start.event_map) if start is not None else {}
        counts, defaults, choices = mapping_rows(
            infos, initial_map, inference=self.inference, model=self.model
        )
        if self.following_reference():  # the reference's mapping exactly: other events ignored
            defaults = {k: initial_map.get(k, "") for k in counts}
        self.panel.set_events(counts, defaults, choices)
        if infos and not self._channels_set:
            self.panel.set_channels(*channel_offer(infos[0], start, self.model))
            # with a model still being read, its channels replace these when it arrives
            self._channels_set = self.model is not None or self._model_worker is None
        self._show_preset_fit()
        self._settings_changed()

    def _show_preset_fit(self) -> None:
        """Note where the listed recordings differ from the chosen preset's reader hints."""
        chosen = self.panel.preset_row.current()
        problems: list[str] = []
        if chosen is not None:
            from bcigui.app.presets import reader_problems  # the core is loaded by now

            problems = [p for info in self.good_infos() for p in reader_problems(chosen[0], info)]
        self.panel.preset_row.set_note(problems)

    # -- settings and preview ------------------------------------------------------------------
    def current_settings(self) -> Any:
        """The validated EpochSettings (ValueError naming the field otherwise): the reference's
        own while it is followed, else the editors'."""
        settings = self.reference if self.following_reference() else self.panel.settings()
        totals = {k: sum(v) for k, v in event_union(self.good_infos()).items()}
        absent = [k for k in settings.event_map if totals.get(k, 0) == 0]
        if absent and self.good_infos():
            raise ValueError(
                self.tr("Events → classes: {k} occur(s) in no recording listed; clear the class "
                        "of these rows or add the recording that has them").format(
                    k=", ".join(repr(str(k)) for k in absent))
            )  # fmt: skip
        return settings

    # -- the reference (the model's or the training recordings' settings) ---------------------
    def following_reference(self) -> bool:
        """True while the reference settings are applied unchanged (Override not ticked)."""
        return self.reference is not None and not self.override_box.isChecked()

    def differences(self) -> list[str]:
        """Each setting in the editors that differs from the reference, in words."""
        if self.reference is None or self.following_reference():
            return []
        try:
            settings = self.panel.settings()
        except ValueError:
            return []
        return epoching_differences(
            self.reference, settings, channels=self.reference_channels,
            reference_name=self.reference_name,
        )  # fmt: skip

    def report(self, settings: Any) -> EpochingReport | None:
        """Whose settings ``settings`` are, for the choice (None without a reference)."""
        if self.reference is None:
            return None
        from bcigui.app.model_epoching import EpochingReport  # the core is loaded by now

        return EpochingReport.compare(
            settings, self.reference, channels=self.reference_channels,
            reference_name=self.reference_name,
        )  # fmt: skip

    def _override_toggled(self, _checked: bool) -> None:
        if self.following_reference():
            self.panel.apply(self.reference)
            self.panel.mapping.setRowCount(0)  # the reference's mapping, not the edited one
        self._channels_set = False
        self._show_reference_state()
        self._refresh_editors()

    def _show_reference_state(self) -> None:
        has = self.reference is not None
        whose = self.tr("the model's") if self.inference else self.tr("the training recordings'")
        self.override_box.setVisible(has)
        self.reference_label.setVisible(has)
        self.override_box.setText(
            self.tr("Override {w} epoch settings (the differences are recorded with the "
                    "results)").format(w=whose)
        )  # fmt: skip
        self.panel.setEnabled(not self.following_reference())
        if self.reference is None:
            return
        if self.following_reference():
            self.reference_label.setStyleSheet("")
            self.reference_label.setText(
                self.tr("Applying {w} epoch settings: {d}.").format(
                    w=whose, d=tr_core(describe_epoching(self.reference)))
            )  # fmt: skip
            return
        differences = self.differences()
        if differences:
            self.reference_label.setStyleSheet("color: #b9770e;")
            self.reference_label.setText(
                self.tr("Differs from {w} settings: {d}.").format(w=whose, d="; ".join(differences))
            )
        else:
            self.reference_label.setStyleSheet("")
            self.reference_label.setText(
                self.tr("Same as {w} settings: {d}.").format(
                    w=whose, d=tr_core(describe_epoching(self.reference)))
            )  # fmt: skip

    def _settings_changed(self) -> None:
        self._show_reference_state()
        self._invalidate()
        try:
            self.current_settings()
        except ValueError as exc:
            self.panel.show_error(str(exc))
            self._timer.stop()
        else:
            self.panel.show_error("")
            self._timer.start()
        self._update_buttons()

    def _invalidate(self) -> None:
        """The files or settings changed: the preview (or its error) no longer holds."""
        if self.preview is not None or self._preview_worker is None:
            self.preview = None
            usable = [i for i in self.good_infos() if not self.problems.get(i.path)]
            self.erp.clear(
                self.tr("Preview: updating…")
                if usable
                else self.tr("Add a readable recording to preview its trials.")
            )
        self._update_buttons()

    def _key(self, settings: Any) -> Any:
        return (tuple(str(i.path) for i in self.good_infos()), settings.model_dump_json())

    def run_preview(self) -> Worker | None:
        """Epoch the readable recordings with the current settings, in a worker."""
        self._timer.stop()
        if self._inspecting or self._model_worker is not None:
            self._timer.start()  # still reading: try again shortly
            return None
        infos = [i for i in self.good_infos() if not self.problems.get(i.path)]
        if not infos:
            return None
        try:
            settings = self.current_settings()
        except ValueError as exc:
            self.panel.show_error(str(exc))
            return None
        if self._preview_worker is not None:
            self._preview_again = True
            self._preview_worker.cancel()
            return None
        key = self._key(settings)
        worker = self._submit(
            preview_job([i.path for i in infos], settings, infos, inference=self.inference,
                        model=self.model),
            "recording preview", PREVIEW_LANE,
        )  # fmt: skip
        worker.result.connect(lambda preview: self._previewed(key, preview))
        worker.error.connect(self._preview_failed)
        worker.finished.connect(self._preview_done)
        self._preview_worker = worker
        self.erp.summary.setText(self.tr("Epoching…"))
        return worker

    def _previewed(self, key: Any, preview: Preview) -> None:
        try:
            current = self._key(self.current_settings())
        except ValueError:
            return
        if current != key:
            return
        self.preview = preview
        self.erp.show_preview(preview, self._class_label)
        self.panel.show_error("; ".join(preview.problems))
        self._update_buttons()

    def _class_label(self, name: str) -> str:
        return self.tr(UNLABELLED) if name == UNLABELLED else name

    def _preview_failed(self, error: WorkerError) -> None:
        self.erp.clear(self.tr("Preview failed: {m}").format(m=error.message))
        self.panel.show_error(self.tr("Preview failed: {m}").format(m=error.message))

    def _preview_done(self) -> None:
        self._preview_worker = None
        if self._preview_again:
            self._preview_again = False
            self.run_preview()
        self._update_buttons()

    # -- state ---------------------------------------------------------------------------------
    def ready(self) -> bool:
        """True when every recording is usable and a preview of the current settings succeeded."""
        return (
            self.preview is not None
            and not self.preview.problems
            and not self._inspecting
            and not self.model_problem
            and bool(self.table.paths)
            and all(not self.problems.get(p) and p in self.infos for p in self.table.paths)
        )

    def not_ready_reason(self) -> str:
        """Why "Use these trials" is disabled ("" when :meth:`ready`)."""
        broken = [p.name for p in self.table.paths if self.problems.get(p)]
        if not self.table.paths:
            return self.tr("Add one or more recordings.")
        if self._inspecting:
            return self.tr("Reading the recordings…")
        if self.model_problem:
            return self.tr("The model cannot be read (see above).")
        if broken:
            return self.tr("Remove the recordings that cannot be used: {n}.").format(
                n=", ".join(broken)
            )
        try:
            self.current_settings()
        except ValueError:
            return self.tr("Fix the epoch settings (the message in red on the left).")
        if self.preview is None:
            return self.tr("Waiting for the preview of these settings…")
        if self.preview.problems:
            return self.tr("The preview found problems: {p}").format(
                p="; ".join(self.preview.problems)
            )
        return ""

    def _update_buttons(self) -> None:
        ready = self.ready()
        self.ok_button.setEnabled(ready)
        reason = "" if ready else self.not_ready_reason()
        self.why_label.setText(reason)
        self.ok_button.setToolTip(reason)
        self.preview_button.setEnabled(bool(self.good_infos()))

    def busy(self) -> bool:
        """True while a file is read or a preview runs."""
        return bool(self._workers)

    def _submit(self, fn: Any, name: str, lane: str) -> Worker:
        worker = self.pool.submit(fn, name=name, lane=lane)
        self._workers.add(worker)
        worker.finished.connect(lambda w=worker: self._workers.discard(w))
        return worker

    def _model_done(self) -> None:
        self._model_worker = None
        self._update_buttons()

    # -- accepting -----------------------------------------------------------------------------
    def accept(self) -> None:
        """Build the choice from the last preview and close (only when :meth:`ready`)."""
        if not self.ready() or self.preview is None:
            return
        settings = self.current_settings()
        self.choice = RecordingChoice(
            paths=tuple(self.table.paths),
            settings=settings,
            trials=self.preview.trials,
            summary=self.preview.summary,
            report=self.preview.report or self.report(settings),
        )
        self.accepted_choice.emit(self.choice)
        super().accept()

    def done(self, result: int) -> None:
        """Stop the timer and cancel the reads that still run; then close."""
        self._timer.stop()
        for worker in list(self._workers):  # their results must not reach a closed dialog
            for signal in (worker.result, worker.error, worker.finished):
                try:
                    signal.disconnect()
                except (RuntimeError, TypeError):  # nothing connected any more
                    pass
            worker.cancel()
        self._workers.clear()
        self._inspecting.clear()
        self._model_worker = self._preview_worker = None
        super().done(result)

    # -- drag and drop on the whole dialog -----------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)
