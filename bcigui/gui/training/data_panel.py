"""The data panel: training and test files, the split, demo data, and the live summary.

Every change of the file lists (or of the split) starts a check in the ``"data"`` worker lane
after a short pause: the files are read and checked off the GUI thread
(:func:`~bcigui.app.data_check.check_data`), and the summary and the problems list
show the outcome. A newer check cancels an older one; results of stale checks are ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QRadioButton,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bcigui.app.data_check import (
    DataCheck,
    DataRequest,
    Problem,
    check_data,
    ensure_demo_dataset,
)
from bcigui.app.pairing import Role
from bcigui.data.formats import RECORDING_FORMATS, TRIAL_FILE_FORMATS
from bcigui.gui.file_filters import extension_list, name_filter
from bcigui.gui.i18n import QT_TRANSLATE_NOOP, tr_core
from bcigui.gui.settings import AppSettings
from bcigui.gui.training.cv_row import CrossValidationRow
from bcigui.gui.training.file_table import FileSetBox, file_role
from bcigui.gui.training.recording_row import RecordingRow
from bcigui.gui.workers import Worker, WorkerError, WorkerPool

log = logging.getLogger(__name__)

DATA_LANE = "data"
DEMO_KINDS = {
    "p300": QT_TRANSLATE_NOOP("DataPanel", "P300 (2 classes, 8 channels)"),
    "inner": QT_TRANSLATE_NOOP("DataPanel", "Inner speech (4 classes, 16 ch.)"),
}


class DataPanel(QWidget):
    """Pick the training and test data (see the module docstring).

    Signals
    -------
    check_changed(object)
        A new :class:`DataCheck` arrived, or None when the lists changed and a check is due.
    demo_loaded(str)
        A demo set (``"p300"`` or ``"inner"``) was put in the lists.
    preset_used(object)
        New training recordings: the ``PresetRef`` of their epoch settings, or None.
    """

    check_changed = Signal(object)
    demo_loaded = Signal(str)
    preset_used = Signal(object)

    def __init__(
        self, pool: WorkerPool, settings: AppSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pool = pool
        self.settings = settings
        self.check: DataCheck | None = None
        self.checking = False
        self._generation = 0
        self._check_worker: Worker | None = None
        self._cache: dict[Any, Any] = {}
        self._core_ready = False

        self.demo_button = QToolButton()
        self.demo_button.setObjectName("load_demo")
        self.demo_button.setText(self.tr("Load demo data"))
        self.demo_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.demo_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.demo_button.setToolTip(
            self.tr(
                "Fill the lists with a built-in synthetic data set (written once to your data "
                "folder) to try the whole workflow in a minute."
            )
        )
        menu = QMenu(self.demo_button)
        for kind, text in DEMO_KINDS.items():
            menu.addAction(self.tr(text), self._demo_loader(kind))
        self.demo_button.setMenu(menu)
        self.demo_button.clicked.connect(lambda: self.load_demo("p300"))
        self.eeg_button = QToolButton()
        self.eeg_button.setObjectName("open_recording")
        self.eeg_button.setText(self.tr("Open EEG recording…"))
        self.eeg_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.eeg_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.eeg_button.setToolTip(
            self.tr(
                "Epoch EEG recordings ({extensions}) around their events "
                "and use them as training data (or, from the arrow's menu, as test data)."
            ).format(extensions=extension_list(RECORDING_FORMATS))
        )
        eeg_menu = QMenu(self.eeg_button)
        open_dialog = self.open_recording_dialog
        eeg_menu.addAction(self.tr("as training data…"), lambda: open_dialog("train"))
        eeg_menu.addAction(self.tr("as test data…"), lambda: open_dialog("test"))
        self.eeg_button.setMenu(eeg_menu)
        self.eeg_button.clicked.connect(lambda: self.open_recording_dialog("train"))
        self.eeg_button.setEnabled(False)
        self.recordings: dict[str, Any] = {"train": None, "test": None}
        self.recording_rows = {role: RecordingRow(role, self) for role in ("train", "test")}
        for row in self.recording_rows.values():
            row.edit_requested.connect(self.open_recording_dialog)
            row.remove_requested.connect(lambda role: self.set_recording(role, None))
        self._recording_dialog: Any = None

        self.train_box = FileSetBox(self.tr("Training files"))
        self.train_box.setObjectName("train_files")
        self.test_box = FileSetBox(self.tr("Test files"))
        self.test_box.setObjectName("test_files")
        self.use_test_files = QRadioButton(self.tr("Test files"))
        self.use_split = QRadioButton(self.tr("Split test from train:"))
        self.use_test_files.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.use_test_files)
        group.addButton(self.use_split)
        self.split_percent = QSpinBox()
        self.split_percent.setRange(5, 50)
        self.split_percent.setValue(20)
        self.split_percent.setSuffix(" %")
        self.stratify = QCheckBox(self.tr("stratified"))
        self.stratify.setChecked(True)
        self.stratify.setToolTip(
            self.tr(
                "Keep each class's share the same in both parts. The split is seeded, so the "
                "same files always give the same test set."
            )
        )
        self.cv = CrossValidationRow()
        group.addButton(self.cv.radio)
        self.use_cv = self.cv.radio

        self.summary = QLabel()
        self.summary.setObjectName("data_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QListWidget()
        self.problems.setObjectName("data_problems")
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(120)
        self.problems.hide()

        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo_button)
        demo_row.addWidget(self.eeg_button)
        demo_row.addStretch(1)
        # the three ways to evaluate, one per line (narrow enough for a 1024-pixel screen)
        split_row = QHBoxLayout()
        split_row.addWidget(self.use_split)
        split_row.addWidget(self.split_percent)
        split_row.addWidget(self.stratify)
        split_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(demo_row)
        layout.addWidget(self.recording_rows["train"])
        layout.addWidget(self.train_box, 3)
        layout.addWidget(self.use_test_files)
        layout.addLayout(split_row)
        layout.addWidget(self.cv)
        layout.addWidget(self.recording_rows["test"])
        layout.addWidget(self.test_box, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.start_check)
        for box in (self.train_box, self.test_box):
            box.rows_changed.connect(self._lists_changed)
            box.add_requested.connect(lambda role, b=box: self._ask_files(b, role))
        self.use_split.toggled.connect(self._split_toggled)
        self.use_cv.toggled.connect(self._split_toggled)
        self.split_percent.valueChanged.connect(self._lists_changed)
        self.stratify.toggled.connect(self._lists_changed)
        self.cv.changed.connect(self._lists_changed)
        self.problems.itemActivated.connect(self._problem_activated)
        self.problems.itemClicked.connect(self._problem_activated)
        self._split_toggled(False)

    # -- public API ----------------------------------------------------------------------------
    def set_core_ready(self) -> None:
        """Start checking files (the core can be imported from now on)."""
        self._core_ready = True
        self.eeg_button.setEnabled(True)
        self._lists_changed()

    @property
    def has_training_data(self) -> bool:
        """Whether training files or a training recording are chosen."""
        return bool(self.train_box.rows) or self.recordings["train"] is not None

    def set_cross_validation(
        self, enabled: bool, folds: int = 5, scheme: str = "kfold", permutations: int = 0
    ) -> None:
        """Evaluate by cross-validation (``scheme`` ``"kfold"`` or ``"grouped"``) or not."""
        self.cv.set_values(folds, scheme, permutations)
        if enabled:
            self.use_cv.setChecked(True)
        elif self.use_cv.isChecked():
            self.use_test_files.setChecked(True)

    def cross_validation(self) -> dict[str, Any] | None:
        """The chosen cross-validation (scheme, n_splits, permutations), None for a test set."""
        return self.cv.values() if self.use_cv.isChecked() else None

    # -- recordings ----------------------------------------------------------------------------
    def open_recording_dialog(self, role: str = "train", paths: list[Path] | None = None) -> Any:
        """The "Open EEG recording…" dialog for the training (or test) data; returns it.

        ``paths`` opens these recordings (a recorded live session) instead of the current ones.
        """
        from bcigui.gui.recording import RecordingDialog

        current = self.recordings[role]
        train = self.recordings["train"] if role == "test" else None
        overridden = (
            current is not None and current.report is not None and bool(current.report.overridden)
        )
        dialog = RecordingDialog(
            self.pool,
            self.settings,
            paths or (list(current.paths) if current is not None else None),
            purpose="train",
            initial=current.settings if current is not None else None,
            # a test recording is epoched like the training recordings unless overridden
            reference=train.settings if train is not None else None,
            reference_channels=train.trials.ch_names if train is not None else None,
            override=overridden,
            parent=self,
        )
        dialog.accepted_choice.connect(lambda choice: self.set_recording(role, choice))
        self._recording_dialog = dialog
        dialog.open()
        return dialog

    def set_recording(self, role: str, choice: Any) -> None:
        """Use epoched recordings (a RecordingChoice) as the ``role`` data; None removes them.

        New training recordings re-compare the test recording with their epoch settings, so
        that its row says when it was epoched differently.
        """
        self.recordings[role] = choice
        if role == "train":
            self.preset_used.emit(choice.settings.preset if choice is not None else None)
        test = self.recordings["test"]
        if role == "train" and choice is not None and test is not None:
            from dataclasses import replace

            from bcigui.app.model_epoching import EpochingReport

            report = EpochingReport.compare(
                test.settings, choice.settings, channels=choice.trials.ch_names,
                reference_name="training",
            )  # fmt: skip
            self.recordings["test"] = replace(test, report=report)
            self.recording_rows["test"].show_choice(self.recordings["test"])
        self.recording_rows[role].show_choice(choice)
        box = self.train_box if role == "train" else self.test_box
        box.setVisible(choice is None)
        if role == "test" and choice is not None:
            self.use_test_files.setChecked(True)
        self._lists_changed()

    def add_files(self, paths: list[Path], *, test: bool = False, role: Role | None = None) -> None:
        """Add files to the training (or test) table, paired by name unless ``role`` is given."""
        (self.test_box if test else self.train_box).add_paths([Path(p) for p in paths], role)

    def set_split(self, enabled: bool, percent: int = 20, stratify: bool = True) -> None:
        """Use a split of the training files as test set (or the test files)."""
        self.split_percent.setValue(percent)
        self.stratify.setChecked(stratify)
        (self.use_split if enabled else self.use_test_files).setChecked(True)

    def open_data_dialog(self) -> None:
        """File > Open data…: pick training files."""
        self._ask_files(self.train_box, None)

    def _demo_loader(self, kind: str) -> Callable[[], object]:
        """A menu slot that loads the demo set ``kind``."""
        return lambda: self.load_demo(kind)

    def load_demo(self, kind: str) -> Worker | None:
        """Write (once) and load the demo set ``kind`` (``"p300"`` or ``"inner"``)."""
        if self.pool.closed:
            return None
        self.demo_button.setEnabled(False)
        self.summary.setText(self.tr("Preparing the demo data…"))
        worker = self.pool.submit(
            ensure_demo_dataset(kind, self.settings.data_dir),
            name=f"demo data {kind}",
            lane=DATA_LANE,
        )
        worker.result.connect(lambda files: self._demo_ready(kind, files))
        worker.error.connect(self._demo_failed)
        worker.finished.connect(lambda: self.demo_button.setEnabled(True))
        return worker

    # -- demo ------------------------------------------------------------------------------------
    def _demo_ready(self, kind: str, files: dict[str, list[Path]]) -> None:
        for role in ("train", "test"):  # a recording (of another shape) gives way to the demo
            if self.recordings[role] is not None:
                self.set_recording(role, None)
        self.set_split(False)
        self.train_box.set_rows(list(zip(files["xTrain"], files["yTrain"], strict=True)))
        self.test_box.set_rows(list(zip(files["xTest"], files["yTest"], strict=True)))
        self.demo_loaded.emit(kind)

    def _demo_failed(self, error: WorkerError) -> None:
        from bcigui.gui.error_dialog import show_worker_error

        self.summary.setText(self.tr("The demo data could not be written."))
        show_worker_error(self, self.tr("Demo data"), error)

    # -- dialogs ---------------------------------------------------------------------------------
    def _ask_files(self, box: FileSetBox, role: str | None) -> None:
        folder = self.settings.last_folder("data")
        if role == "folder":
            title = self.tr("Folder of {extensions} files").format(
                extensions=extension_list(TRIAL_FILE_FORMATS)
            )
            chosen = QFileDialog.getExistingDirectory(self, title, folder)
            paths = [Path(chosen)] if chosen else []
            role = None
        else:
            title = {
                None: self.tr("Add X and label files"),
                "x": self.tr("Add X files"),
                "y": self.tr("Add label files"),
            }[role]
            filters = name_filter(
                self.tr("Trial and label files"), TRIAL_FILE_FORMATS, self.tr("All files")
            )
            names, _ = QFileDialog.getOpenFileNames(self, title, folder, filters)
            paths = [Path(n) for n in names]
        if paths:
            self.settings.set_last_folder(
                "data", paths[0] if paths[0].is_dir() else paths[0].parent
            )
            box.add_paths(paths, file_role(role))

    # -- checking --------------------------------------------------------------------------------
    def _split_toggled(self, _checked: bool = False) -> None:
        split, cv = self.use_split.isChecked(), self.use_cv.isChecked()
        self.test_box.setEnabled(not split and not cv)
        self.recording_rows["test"].setEnabled(not split and not cv)
        self.split_percent.setEnabled(split)
        self.stratify.setEnabled(split)
        self.cv.set_inputs_enabled(cv)
        self._lists_changed()

    def _lists_changed(self) -> None:
        self._generation += 1
        self.check = None
        self.check_changed.emit(None)
        if not self.has_training_data and not self.test_box.rows and not self.recordings["test"]:
            self._show_empty()
            return
        if self._core_ready:
            self.checking = True
            self._timer.start()

    def request(self) -> DataRequest:
        """What the panel shows now, as a check request."""
        train_rec, test_rec = self.recordings["train"], self.recordings["test"]
        cv = self.cross_validation()
        return DataRequest(
            train_rows=() if train_rec is not None else tuple(self.train_box.rows),
            test_rows=() if test_rec is not None else tuple(self.test_box.rows),
            split=self.use_split.isChecked(),
            split_percent=self.split_percent.value(),
            stratify=self.stratify.isChecked(),
            train_trials=None if train_rec is None else train_rec.trials,
            test_trials=None if test_rec is None else test_rec.trials,
            cv_scheme=None if cv is None else cv["scheme"],
            cv_folds=self.cv.folds.value(),
        )

    def shutdown(self) -> None:
        """Stop the pending check (the window is closing)."""
        self._timer.stop()
        self._core_ready = False

    def start_check(self) -> Worker | None:
        """Check the files now (normally after a short pause following a change)."""
        if not self._core_ready or self.pool.closed:
            return None
        if self._check_worker is not None:
            self._check_worker.cancel()
        generation = self._generation
        self.checking = True
        n = len(self.train_box.rows) + len(self.test_box.rows)
        self.summary.setText(self.tr("Checking {n} file pairs…").format(n=n))
        worker = self.pool.submit(
            check_data(self.request(), self._cache), name="check files", lane=DATA_LANE
        )
        worker.result.connect(lambda check: self._check_done(generation, check))
        worker.error.connect(lambda err: self._check_failed(generation, err))
        self._check_worker = worker
        worker.finished.connect(lambda: self._check_finished(worker))
        return worker

    def _check_finished(self, worker: Worker) -> None:
        if self._check_worker is worker:
            self._check_worker = None

    def _check_done(self, generation: int, check: DataCheck) -> None:
        self._cache = check.cache
        if generation != self._generation:
            return
        self.checking = False
        self.check = check
        self._show_check(check)
        self.check_changed.emit(check)

    def _check_failed(self, generation: int, error: WorkerError) -> None:
        if generation != self._generation:
            return
        self.checking = False
        check = DataCheck(problems=[Problem("train", None, None, error.message)])
        self.check = check
        self._show_check(check)
        self.check_changed.emit(check)

    # -- display ---------------------------------------------------------------------------------
    def _show_empty(self) -> None:
        self.checking = False
        self.summary.setText(
            self.tr(
                "No data yet. <b>Add files…</b> (or drop them on a list) or press "
                "<b>Load demo data</b> to try the built-in synthetic set."
            )
        )
        self.problems.clear()
        self.problems.hide()
        self.cv.show_actual_folds(None)
        self.train_box.mark_problems({})
        self.test_box.mark_problems({})

    def _show_check(self, check: DataCheck) -> None:
        lines = []
        for name, summary, note in (
            (self.tr("Training"), check.train_summary, ""),
            (self.tr("Test"), check.test_summary, check.split_note),
        ):
            if summary is None:
                lines.append(f"<b>{name}</b>: —")
                continue
            shape = self.tr("{n} trials x {c} channels x {t} samples").format(
                n=summary.n_trials,
                c=summary.n_channels,
                t=summary.min_times
                if summary.min_times == summary.max_times
                else f"{summary.min_times}-{summary.max_times}",
            )
            text = f"<b>{name}</b>: {escape(shape)}"
            if summary.class_counts:
                classes = self.tr("classes: {c}").format(c=summary.classes_text)
                text += f"<br>&nbsp;&nbsp;{escape(classes)}"
            if note:
                text += f"<br>&nbsp;&nbsp;<i>{escape(note)}</i>"
            lines.append(text)
        if check.ragged:
            lines.append(
                "<i>" + self.tr("Trials differ in length: only LSTMNet can train on them.") + "</i>"
            )
        self.cv.show_actual_folds(check.cv_folds, check.cv_groups)
        if check.cv_scheme is not None:
            folds = check.cv_folds or (self.cross_validation() or {}).get("n_splits", "?")
            lines[1] = (
                "<b>"
                + self.tr("Test")
                + "</b>: "
                + self.tr(
                    "{k}-fold cross-validation ({s}), then a fit on all training trials"
                ).format(k=folds, s=self.cv.scheme.currentText())
            )
        elif not self.use_split.isChecked() and check.test is None and check.train is not None:
            lines.append(
                self.tr(
                    "Add test files, or tick <b>Split test from train</b> or "
                    "<b>Cross-validation</b>."
                )
            )
        if check.ok:
            ready = self.tr("Data ready")
            lines.insert(0, f"<span style='color:#2e7d32'>✔ {ready}</span>")
        elif check.problems:
            count = len(check.problems)
            lines.insert(
                0,
                "<span style='color:#c62828'>✖ "
                + self.tr("%n problem(s) to fix before training:", "", count)
                + "</span>",
            )
        self.summary.setText("<br>".join(lines))
        self.problems.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        where = {"train": self.tr("Training"), "test": self.tr("Test"), "split": self.tr("Split")}
        marks: dict[str, dict[int, str]] = {"train": {}, "test": {}}
        for problem in check.problems:
            prefix = where.get(problem.role, problem.role)
            message = tr_core(problem.message)
            if problem.row is not None:
                prefix = self.tr("{where} row {r}").format(where=prefix, r=problem.row + 1)
                marks.setdefault(problem.role, {})[problem.row] = message
            item = QListWidgetItem(icon, f"{prefix}: {message}")
            item.setData(Qt.ItemDataRole.UserRole, (problem.role, problem.row))
            item.setToolTip(message)
            self.problems.addItem(item)
        self.problems.setVisible(bool(check.problems))
        self.train_box.mark_problems(marks["train"])
        self.test_box.mark_problems(marks["test"])

    def _problem_activated(self, item: QListWidgetItem) -> None:
        role, row = item.data(Qt.ItemDataRole.UserRole)
        if row is not None:
            (self.test_box if role == "test" else self.train_box).select_row(row)
