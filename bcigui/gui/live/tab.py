"""The Live tab: run a library model on streaming EEG (Lab Streaming Layer) and watch it.

Left, the set-up: stream pickers (discovery in a worker), the model (champion first, its fit
to the EEG stream checked in a worker before Start), speller options, Start/Stop, "Replay a
recording…", counters and the recorded session file. Right, what happens: the scrolling EEG,
each epoch's probabilities, the latency histogram, the speller matrix with the evidence as a
heat map and the spelled symbols.

The session itself is :func:`bcigui.app.live.run_live`, run in a worker of the window's pool;
its events reach this tab through a :class:`~bcigui.gui.live.feed.LiveEventFeed` in batches, at
most ~20 a second, and the GUI thread only draws. Stop (or closing the window) cancels the
worker; ``run_live`` then closes its inlets, outlet and session file.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bcigui.data.formats import RECORDING_FORMATS
from bcigui.gui.core import CoreInfo
from bcigui.gui.error_dialog import show_worker_error
from bcigui.gui.file_filters import name_filter
from bcigui.gui.live.feed import LiveEventFeed
from bcigui.gui.live.jobs import (
    CHECK_LANE,
    DISCOVERY_LANE,
    LIVE_LANE,
    REPLAY_LANE,
    LiveRequest,
    compatibility_job,
    layout_job,
    live_job,
    replay_job,
)
from bcigui.gui.live.options import ERROR_STYLE, LiveModelPicker, SpellerOptions, is_speller_model
from bcigui.gui.live.streams import FoundStream, StreamPicker, discovery_job
from bcigui.gui.model_adapter import ModelLibrary
from bcigui.gui.settings import AppSettings
from bcigui.gui.worker_task import WorkerError
from bcigui.gui.workers import Worker, WorkerPool

if TYPE_CHECKING:  # annotations only: the core loads after the window paints
    from bcigui.gui.live.views import EegView, LatencyHistogram, ProbabilityTrace, SpellerMatrix
    from bcigui.online.replay import RecordingReplay

log = logging.getLogger(__name__)

#: Counter rows: key -> label (filled from events while live, from the summary at the end).
COUNTERS = ("epochs", "ignored", "late", "lost", "offset", "latency")


class LiveTab(QWidget):
    """Stream and model pickers, Start/Stop, replay, live views and counters.

    Signals
    -------
    message(str)
        A line for the status bar.
    use_session_for_training(Path)
        "Use session for training": open this recorded session in the Training tab.
    session_finished(object)
        A live session ended; carries its ``LiveSummary``.
    """

    message = Signal(str)
    use_session_for_training = Signal(object)
    session_finished = Signal(object)

    def __init__(
        self,
        pool: WorkerPool,
        library: ModelLibrary,
        settings: AppSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.pool = pool
        self.library = library
        self.settings = settings
        self.core: CoreInfo | None = None
        self.worker: Worker | None = None
        self._stopping = False  # Stop was pressed; the worker is closing the streams
        self.replay: RecordingReplay | None = None
        self.replay_worker: Worker | None = None
        self.summary: Any = None
        self.session_path: Path | None = None
        #: Why Start is disabled ("" when it is enabled or nothing is chosen yet).
        self.start_reason = ""
        self.problems: list[str] | None = None  # None: not checked (yet) for these inputs
        #: The speller layout (a SpellerLayout) once read; the matrix shows its symbols.
        self.layout_obj: Any = None
        #: The GUI's copy of the speller evidence (a SpellerEvidence) for the heat map.
        self.evidence: Any = None
        self._target = "Target"  # the model's class of an attended flash
        self.spelled: list[str] = []
        self.counts = {"epochs": 0, "late": 0}
        self._check_key: tuple[Any, ...] | None = None
        self._discovering = False
        self._searched = False  # discovery runs when the tab is first shown
        self._prefer_eeg: str | None = None
        self._wanted_marker: str | None = None
        self._view_states: tuple[object, object] = (None, None)  # applied once views exist
        self.feed = LiveEventFeed(self)
        self.feed.batch.connect(self._on_events)
        self.eeg_view: EegView | None = None
        self.trace: ProbabilityTrace | None = None
        self.latency: LatencyHistogram | None = None
        self.matrix: SpellerMatrix | None = None

        self.streams = StreamPicker()
        self.streams.refresh_requested.connect(self.refresh_streams)
        self.streams.changed.connect(self._inputs_changed)
        self.picker = LiveModelPicker(library)
        self.picker.changed.connect(self._inputs_changed)
        self.options = SpellerOptions()
        self.options.layout_requested.connect(self.check_layout)
        self.options.mode_changed.connect(self._show_layout)
        self.options.mode_changed.connect(self._update_buttons)

        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setObjectName("live_start")
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("live_stop")
        self.stop_button.clicked.connect(self.stop)
        self.replay_button = QPushButton(self.tr("Replay a recording…"))
        self.replay_button.setObjectName("live_replay")
        self.replay_button.setToolTip(
            self.tr(
                "Stream a recording file as a live EEG stream, to try the tab without an amplifier"
            )
        )
        self.replay_button.clicked.connect(self.replay_dialog)
        self.stop_replay_button = QPushButton(self.tr("Stop replay"))
        self.stop_replay_button.setObjectName("live_stop_replay")
        self.stop_replay_button.clicked.connect(self.stop_replay)
        self.replay_label = QLabel()
        self.replay_label.setObjectName("live_replay_label")
        self.replay_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("live_status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        replay_row = QHBoxLayout()
        replay_row.addWidget(self.replay_button)
        replay_row.addWidget(self.stop_replay_button)
        replay_row.addStretch(1)

        self.counter_labels: dict[str, QLabel] = {}
        counters_box = QGroupBox(self.tr("Counters"))
        counters_form = QFormLayout(counters_box)
        titles = {
            "epochs": self.tr("Epochs"),
            "ignored": self.tr("Ignored markers"),
            "late": self.tr("Late epochs"),
            "lost": self.tr("Lost samples"),
            "offset": self.tr("Clock offset"),
            "latency": self.tr("Latency p50 / p99"),
        }
        for key in COUNTERS:
            label = QLabel("-")
            label.setObjectName(f"live_counter_{key}")
            self.counter_labels[key] = label
            counters_form.addRow(titles[key], label)
        self.session_label = QLabel(self.tr("No session recorded yet."))
        self.session_label.setObjectName("live_session")
        self.session_label.setWordWrap(True)
        self.session_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_session_button = QPushButton(self.tr("Use session for training"))
        self.use_session_button.setObjectName("live_use_session")
        self.use_session_button.setToolTip(
            self.tr("Open the recorded session in the Training tab as a recording")
        )
        self.use_session_button.clicked.connect(self._use_session)
        counters_form.addRow(self.tr("Session file"), self.session_label)
        counters_form.addRow("", self.use_session_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        for title, widget in (
            (self.tr("Streams"), self.streams),
            (self.tr("Model"), self.picker),
            (self.tr("Speller"), self.options),
        ):
            box = QGroupBox(title)
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(widget)
            left_layout.addWidget(box)
        left_layout.addLayout(buttons)
        left_layout.addLayout(replay_row)
        left_layout.addWidget(self.replay_label)
        left_layout.addWidget(self.status_label)
        left_layout.addWidget(counters_box)
        left_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        scroll.setMinimumWidth(300)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.spelled_label = QLabel()
        self.spelled_label.setObjectName("live_spelled")
        self.spelled_label.setWordWrap(True)
        self.spelled_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.spelled_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.spelled_label.setFont(font)
        self.views = QSplitter(Qt.Orientation.Vertical)
        self.views.setObjectName("live_views")
        self.placeholder = QLabel(self.tr("The live views appear once the classifiers are loaded."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.views.addWidget(self.placeholder)
        self.middle = QSplitter(Qt.Orientation.Horizontal)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.views)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([430, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.library.storeChanged.connect(lambda _e: self.picker.refresh())
        self._update_buttons()

    # -- the main window's Tab protocol --------------------------------------------------------
    def core_ready(self, info: CoreInfo) -> None:
        """Build the plots, list the models and load the default layout.

        Streams are looked for when the tab is first shown (LSL is not touched before).
        """
        self.core = info
        self._build_views()
        self.picker.refresh()
        self.check_layout(self.options.layout_file)
        if self.isVisible():
            self.refresh_streams()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.core is not None and not self._searched:
            self.refresh_streams()

    def save_state(self, settings: AppSettings) -> None:
        """Remember the splits, the speller options and the chosen streams."""
        q = settings.qsettings
        q.setValue("live/splitter", self.splitter.saveState())
        q.setValue("live/views", self.views.saveState())
        q.setValue("live/middle", self.middle.saveState())
        q.setValue("live/eeg_stream", self.streams.eeg_name or self._prefer_eeg or "")
        q.setValue("live/marker_stream", self.streams.marker_name or "")
        self.options.save(q)

    def restore_state(self, settings: AppSettings) -> None:
        """Restore what :meth:`save_state` remembered."""
        q = settings.qsettings
        state = q.value("live/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        self._view_states = (q.value("live/views"), q.value("live/middle"))
        if self.eeg_view is not None:
            self._restore_views()
        self._prefer_eeg = str(q.value("live/eeg_stream", "") or "") or None
        self._wanted_marker = str(q.value("live/marker_stream", "") or "") or None
        self.options.restore(q)

    # -- views ---------------------------------------------------------------------------------
    def _build_views(self) -> None:
        """EEG on top; below, the probability trace over the latency histogram, and the speller."""
        if self.eeg_view is not None:
            return
        from bcigui.gui.live.views import EegView, LatencyHistogram, ProbabilityTrace, SpellerMatrix

        self.eeg_view = EegView()
        self.trace = ProbabilityTrace()
        self.latency = LatencyHistogram()
        self.matrix = SpellerMatrix()
        plots = QSplitter(Qt.Orientation.Vertical)
        plots.addWidget(self.trace)
        plots.addWidget(self.latency)
        plots.setStretchFactor(0, 3)
        plots.setStretchFactor(1, 2)
        speller = QWidget()
        speller_layout = QVBoxLayout(speller)
        speller_layout.setContentsMargins(0, 0, 0, 0)
        speller_layout.addWidget(self.matrix, 1)
        speller_layout.addWidget(self.spelled_label)
        self.middle.addWidget(plots)
        self.middle.addWidget(speller)
        self.middle.setStretchFactor(0, 3)
        self.middle.setStretchFactor(1, 2)
        self.placeholder.hide()
        self.placeholder.setParent(None)
        self.views.addWidget(self.eeg_view)
        self.views.addWidget(self.middle)
        self.views.setStretchFactor(0, 2)
        self.views.setStretchFactor(1, 3)
        self.views.setSizes([400, 600])
        self.middle.setSizes([550, 450])
        plots.setSizes([300, 200])
        self._restore_views()
        self._show_layout()

    def _restore_views(self) -> None:
        for splitter, state in zip((self.views, self.middle), self._view_states, strict=True):
            if isinstance(state, QByteArray):
                splitter.restoreState(state)

    # -- streams -------------------------------------------------------------------------------
    def refresh_streams(self) -> Worker | None:
        """Look for LSL streams in a worker (the pickers fill when it is done)."""
        if self._discovering or self.pool.closed:
            return None
        self._discovering = self._searched = True
        self.streams.set_searching(True)
        worker = self.pool.submit(discovery_job(), name="find LSL streams", lane=DISCOVERY_LANE)
        worker.result.connect(self._streams_found)
        worker.error.connect(self._discovery_failed)
        worker.finished.connect(self._discovery_ended)
        return worker

    def _streams_found(self, found: list[FoundStream]) -> None:
        prefer = self._prefer_eeg
        self.streams.set_streams(found, prefer_eeg=prefer)
        if prefer is not None and self.streams.eeg_name == prefer:
            self._prefer_eeg = None
        if self._wanted_marker is not None:
            self.streams.choose_marker(self._wanted_marker)
            self._wanted_marker = None
        n = sum(1 for f in found if not f.description.is_markers)
        self.message.emit(self.tr("Found %n EEG stream(s)", "", n))

    def _discovery_failed(self, error: WorkerError) -> None:
        self.streams.set_streams([])
        self._show_status(self.tr("Looking for streams failed: {m}").format(m=error.message), True)

    def _discovery_ended(self) -> None:
        self._discovering = False
        self.streams.set_searching(False)

    # -- compatibility and layout --------------------------------------------------------------
    def _inputs_changed(self) -> None:
        record = self.picker.record
        self.options.set_p300(record is None or is_speller_model(record.classes))
        self._check_compatibility()

    def _check_compatibility(self) -> None:
        path, stream = self.picker.model_path, self.streams.eeg_stream
        key = (path, stream.description.uid if stream is not None else None)
        if key == self._check_key:
            return
        self._check_key = key
        self.problems = None
        if path is None or stream is None or self.core is None:
            if path is not None and stream is None:
                self.picker.show_compatibility(None, self.tr("Choose an EEG stream to check it."))
            self._update_buttons()
            return
        self.picker.show_compatibility(None, self.tr("Checking the model against the stream…"))
        worker = self.pool.submit(
            compatibility_job(path, stream.description), name="check live fit", lane=CHECK_LANE
        )
        worker.result.connect(lambda problems: self._compatibility_checked(key, problems))
        worker.error.connect(lambda error: self._compatibility_checked(key, [error.message]))
        self._update_buttons()

    def _compatibility_checked(self, key: tuple[Any, ...], problems: list[str]) -> None:
        if key != self._check_key:
            return  # the choice changed meanwhile
        self.problems = list(problems)
        if self.problems:
            self.picker.show_compatibility(
                False, "⚠ " + self.tr("Does not fit this stream: {why}").format(
                    why="; ".join(self.problems)
                ),
            )  # fmt: skip
        else:
            stream = self.streams.eeg_stream
            n = stream.description.n_channels if stream is not None else 0
            self.picker.show_compatibility(
                True, self.tr("✓ Fits the stream (channel names and rate, %n channel(s)).", "", n)
            )
        self._update_buttons()

    def check_layout(self, path: Path | None) -> Worker | None:
        """Read the layout ``path`` (None: the 6x6 matrix) in a worker; errors show inline."""
        if self.pool.closed:
            return None
        worker = self.pool.submit(layout_job(path), name="read speller layout", lane=CHECK_LANE)
        worker.result.connect(lambda layout: self._layout_loaded(path, layout))
        worker.error.connect(lambda error: self._layout_failed(path, error))
        return worker

    def _layout_loaded(self, path: Path | None, layout: Any) -> None:
        self.layout_obj = layout
        self.options.layout_accepted(path)
        self._show_layout()
        self._update_buttons()

    def _layout_failed(self, path: Path | None, error: WorkerError) -> None:
        if path is None:
            self._show_status(error.message, True)
            return
        self.options.show_layout_error(path, error.message)

    def _show_layout(self) -> None:
        if self.matrix is None:
            return
        speller = self.layout_obj is not None and not self.options.cue_locked
        self.matrix.set_symbols(self.layout_obj.symbols if speller else [])

    # -- start / stop --------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """Whether a live session runs (or is stopping)."""
        return self.worker is not None

    def _why_not_start(self) -> str:
        if self.core is None:
            return self.tr("The classifiers are still loading.")
        if self.picker.model_path is None:
            return self.tr("Choose a model (train one first if the library is empty).")
        if self.streams.eeg_stream is None:
            return self.tr("Choose an EEG stream (Refresh, or replay a recording).")
        if self.problems is None:
            return self.tr("Checking whether the model fits the stream…")
        if self.problems:
            return self.tr("The model does not fit the stream: {why}").format(
                why="; ".join(self.problems)
            )
        if not self.options.cue_locked and self.layout_obj is None:
            return self.tr("The speller layout is not loaded.")
        return ""

    def _update_buttons(self) -> None:
        running = self.running
        self.start_reason = "" if running else self._why_not_start()
        self.start_button.setEnabled(not running and not self.start_reason)
        self.start_button.setToolTip(self.start_reason)
        self.stop_button.setEnabled(running and not self._stopping)
        self.replay_button.setEnabled(self.core is not None and self.replay_worker is None)
        self.stop_replay_button.setEnabled(self.replay is not None)
        for widget in (self.streams, self.picker, self.options):
            widget.setEnabled(not running)
        self.use_session_button.setEnabled(
            self.session_path is not None and self.session_path.exists() and not running
        )

    def request(self, duration: float | None = None) -> LiveRequest | None:
        """What Start would run now (None when Start is disabled)."""
        path, stream = self.picker.model_path, self.streams.eeg_stream
        if self._why_not_start() or path is None or stream is None:
            return None
        record = self.picker.record
        classes = [str(c) for c in (record.classes if record is not None else ())]
        target = next((c for c in classes if c.lower() == "target"), "Target")
        return LiveRequest(
            model_path=path,
            eeg_stream=stream.description.name,
            marker_stream=self.streams.marker_name,
            speller=None if self.options.cue_locked else self.options.choice(),
            target_class=target,
            store_dir=self.library.store_dir,
            duration=duration,
        )

    def start(self, duration: float | None = None) -> Worker | None:
        """Start a live session in a worker (None when Start is disabled)."""
        request = self.request(duration)
        if request is None or self.running:
            return None
        self._reset_views(request)
        worker = self.pool.submit(
            live_job(request, self.feed.push), name="live session", lane=LIVE_LANE
        )
        worker.result.connect(self._finished)
        worker.error.connect(self._failed)
        worker.cancelled.connect(lambda: self._show_status(self.tr("Stopped."), False))
        self._stopping = False
        worker.finished.connect(self._ended)
        self.worker = worker
        self._show_status(
            self.tr("Live: {model} on {stream}").format(
                model=request.model_path.name, stream=request.eeg_stream
            ),
            False,
        )
        self._update_buttons()
        return worker

    def stop(self) -> None:
        """Stop the live session (the worker closes the streams and the session file)."""
        if self.worker is not None:
            self._stopping = True
            self.worker.cancel()
            self._show_status(self.tr("Stopping…"), False)
            self._update_buttons()

    def _reset_views(self, request: LiveRequest) -> None:
        self.summary = None
        self.spelled = []
        self.counts = {"epochs": 0, "late": 0}
        for key in COUNTERS:
            self.counter_labels[key].setText("-")
        for key in ("ignored", "lost", "offset"):  # from run_live's counters events
            self.counter_labels[key].setText("…")
        self.session_path = None
        self.session_label.setText(self.tr("Recording… (the file is named at Stop)"))
        self.spelled_label.setText("")
        self.evidence = None
        if request.speller is not None and self.layout_obj is not None:
            from bcigui.online.speller import SpellerEvidence

            self.evidence = SpellerEvidence(self.layout_obj)
        self._target = request.target_class
        for view in (self.eeg_view, self.trace, self.latency):
            if view is not None:
                view.clear()
        self._show_layout()
        if self.matrix is not None:
            self.matrix.set_chosen(None)

    def _finished(self, summary: Any) -> None:
        self.feed.drain()
        if self._stopping:
            self._show_status(self.tr("Stopped."), False)
        self.summary = summary
        self.session_path = getattr(summary, "session_path", None)
        self._show_summary(summary)
        self.message.emit(self.tr("Live session ended: %n epoch(s)", "", summary.epochs))
        self.session_finished.emit(summary)

    def _failed(self, error: WorkerError) -> None:
        self.feed.drain()
        self._show_status(self.tr("The live session stopped: {m}").format(m=error.message), True)
        if not error.expected:
            show_worker_error(self, self.tr("Live session failed"), error)

    def _ended(self) -> None:
        self.worker = None
        self._stopping = False
        self._update_buttons()

    def _show_status(self, text: str, error: bool) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE if error else "")
        self.status_label.setText(text)

    # -- events (GUI thread, at most ~20 batches a second) -------------------------------------
    def _on_events(self, events: list[Any]) -> None:
        for event in events:
            kind = event.kind
            if kind == "chunk" and self.eeg_view is not None:
                self.eeg_view.add_chunk(event.data, event.times, event.ch_names)
            elif kind == "epoch":
                self._epoch(event)
            elif kind == "decision":
                self._decision(event)
            elif kind == "status":
                self._show_status(str(event.text), False)
                self.message.emit(str(event.text))
            elif kind == "counters":
                self._show_runner_counts(event.counters)
        self._show_counts()
        for view in (self.eeg_view, self.trace, self.latency):
            if view is not None:
                view.redraw()

    def _epoch(self, event: Any) -> None:
        self.counts["epochs"] += 1
        self.counts["late"] += int(bool(event.late))
        if self.trace is not None:
            self.trace.add_epoch(event.proba)
        if self.latency is not None and event.latency_ms is not None:
            self.latency.add(event.latency_ms)
        evidence = self.evidence
        if evidence is not None and self.matrix is not None:
            target = event.proba.get(self._target)
            if target is not None and event.marker in evidence.layout.groups:
                evidence.add(event.marker, target)
                self.matrix.set_posterior(list(evidence.posterior()))

    def _decision(self, event: Any) -> None:
        symbol = str(event.symbol)
        self.spelled.append(symbol)
        if self.evidence is not None and self.matrix is not None:
            from bcigui.online.speller import SpellerEvidence

            self.matrix.set_chosen(symbol)
            self.evidence = SpellerEvidence(self.evidence.layout)
            self.matrix.reset_evidence()
            self.spelled_label.setText(self.tr("Spelled: {s}").format(s="".join(self.spelled)))
        else:
            self.spelled_label.setText(
                self.tr("Decisions: {s}").format(s=" ".join(self.spelled[-12:]))
            )

    def _show_counts(self) -> None:
        self.counter_labels["epochs"].setText(str(self.counts["epochs"]))
        self.counter_labels["late"].setText(str(self.counts["late"]))
        if self.latency is not None:
            p50, p99 = self.latency.percentile(50), self.latency.percentile(99)
            if p50 is not None and p99 is not None:
                self.counter_labels["latency"].setText(f"{p50:.1f} / {p99:.1f} ms")

    def _show_runner_counts(self, counts: dict[str, Any]) -> None:
        """The counts only the session knows (ignored markers, lost samples, clock offset)."""
        labels = self.counter_labels
        labels["ignored"].setText(str(counts.get("ignored_markers", 0)))
        labels["lost"].setText(str(counts.get("lost_samples", 0)))
        offset = counts.get("clock_offset_s")
        labels["offset"].setText("-" if offset is None else f"{1000 * offset:.2f} ms")

    def _show_summary(self, summary: Any) -> None:
        def ms(value: float | None) -> str:
            return "-" if value is None else f"{value:.1f}"

        labels = self.counter_labels
        labels["epochs"].setText(str(summary.epochs))
        labels["late"].setText(str(summary.late_epochs))
        self._show_runner_counts(
            {
                "ignored_markers": summary.ignored_markers,
                "lost_samples": summary.lost_samples,
                "clock_offset_s": summary.clock_offset_s,
            }
        )
        labels["latency"].setText(f"{ms(summary.latency_ms_p50)} / {ms(summary.latency_ms_p99)} ms")
        if self.session_path is not None:
            self.session_label.setText(str(self.session_path))
        else:
            self.session_label.setText(self.tr("No session recorded."))
        if summary.units_assumed:
            self._show_status(
                self.tr("Ended. Units: assumed microvolts (the stream describes none)."), False
            )
        self._update_buttons()

    def _use_session(self) -> None:
        if self.session_path is not None:
            self.use_session_for_training.emit(self.session_path)

    # -- replay --------------------------------------------------------------------------------
    def replay_dialog(self) -> None:
        """Choose a recording file and replay it as a live stream."""
        folder = self.settings.last_folder("data") if self.settings is not None else ""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Replay a recording"), str(folder or Path.home()),
            name_filter(self.tr("EEG recordings"), RECORDING_FORMATS),
        )  # fmt: skip
        if path:
            self.start_replay(Path(path))

    def start_replay(self, path: Path) -> Worker | None:
        """Replay the recording ``path`` as an LSL stream (read in a worker), then select it."""
        if self.replay_worker is not None or self.pool.closed:
            return None
        self.stop_replay()
        worker = self.pool.submit(replay_job(path), name="replay a recording", lane=REPLAY_LANE)
        worker.result.connect(self._replay_started)
        worker.error.connect(
            lambda error: self._show_status(
                self.tr("Cannot replay {name}: {m}").format(name=path.name, m=error.message), True
            )
        )
        worker.finished.connect(self._replay_worker_ended)
        self.replay_worker = worker
        self.replay_label.setText(self.tr("Reading {name}…").format(name=path.name))
        self._update_buttons()
        return worker

    def _replay_started(self, replay: RecordingReplay) -> None:
        self.replay = replay
        self.replay_label.setText(
            self.tr("Replaying {file} as stream {name}").format(
                file=replay.path.name, name=replay.name
            )
        )
        self._prefer_eeg = replay.name
        self._wanted_marker = ""  # the stim channel inside the replayed stream
        self.refresh_streams()

    def _replay_worker_ended(self) -> None:
        self.replay_worker = None
        if self.replay is None:
            self.replay_label.setText("")
        self._update_buttons()

    def stop_replay(self) -> None:
        """Stop the replayed stream, if any."""
        replay, self.replay = self.replay, None
        if replay is not None:
            replay.close()
            self.replay_label.setText(self.tr("Replay stopped."))
        self._update_buttons()

    def shutdown(self) -> None:
        """Stop the live session and the replay (the window is closing)."""
        if self.worker is not None:
            self.worker.cancel()
        if self.replay_worker is not None:
            self.replay_worker.cancel()
        self.stop_replay()
