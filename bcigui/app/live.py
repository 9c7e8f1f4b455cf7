"""Run a library model live on a Lab Streaming Layer EEG stream: the "stream" user action.

One function, :func:`run_live`, called by ``python main.py live`` and by the window's Live tab
(in a worker thread) alike. It connects the EEG stream (and a marker stream, or the EEG
stream's stim channel), checks the model fits the stream (:func:`check_live_compatibility`,
which the window also shows before Start), classifies every epoch with the shared
:class:`~bcigui.online.runner.OnlineRunner`, accumulates speller evidence when a layout is given
(else each epoch is a decision), sends decisions on ``bcigui-decisions``, records the session
(:class:`~bcigui.online.session_recording.SessionRecorder`) and reports everything as
:class:`LiveEvent` objects to ``on_event``. It returns a :class:`LiveSummary` when the duration
ends or ``cancel`` is set, and always closes the inlets, the outlet and the session file.

Faults: the EEG stream going silent gives a ``status`` event ("EEG stream lost;
reconnecting"); LSL reconnects by itself to a stream with the same source id, which gives
"reconnected", and the session file marks the join with ``BAD_gap``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from bcigui.errors import DataError
from bcigui.online.decisions import DECISIONS_STREAM, DecisionOutlet
from bcigui.online.epoching import channel_order, check_rate
from bcigui.online.inlets import EegChunk, EegInlet, Marker, MarkerInlet
from bcigui.online.runner import OnlineEpochResult, OnlineRunner, model_input
from bcigui.online.session_recording import SessionRecorder
from bcigui.online.speller import Decision, SpellerLayout, SpellerSession, StoppingRule
from bcigui.online.streams import StreamDescription, visible_stream_names
from bcigui.online.units import volt_factor

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier
    from bcigui.classifiers.progress import CancelToken
    from bcigui.store.manager import ModelManager

log = logging.getLogger(__name__)

#: Seconds between two ``counters`` events (sent only when a count changed).
COUNTERS_EVERY_S = 1.0

#: Sub-folder of the model store where live sessions are recorded by default.
SESSIONS_FOLDER = "sessions"


def default_sessions_dir(store_dir: Path) -> Path:
    """``<store>/sessions``: where sessions are recorded unless told otherwise."""
    return Path(store_dir) / SESSIONS_FOLDER


@dataclass
class LiveSettings:
    """What a live session runs.

    Attributes
    ----------
    model_path : Path
        The model file (``.bcimodel``), trained on recordings.
    eeg_stream : str
        LSL name of the EEG stream.
    marker_stream : str or None
        LSL name of the marker stream; None takes markers from the EEG stream's stim channel.
    duration : float or None
        Seconds to run once the streams are connected; None runs until cancelled.
    layout : SpellerLayout or None
        A speller layout (markers name its flash groups); None for cue-locked paradigms, where
        each epoch is a decision.
    stopping : StoppingRule or None
        The speller's stopping rule; None: fixed 10 repetitions.
    session_dir : Path or None
        Folder to record the session in; None records nothing.
    store_dir : Path or None
        Model store whose manager caches the model; None: the app's default store.
    target_class : str
        The model's class of an attended flash (speller only).
    decisions_stream : str or None
        Name of the LSL stream decisions are sent on; None sends none.
    connect_timeout : float
        Seconds to wait for each stream to answer.
    lost_after_s : float
        Seconds without a sample before the EEG stream counts as lost.
    chunk_rate_hz : float
        Most ``chunk`` events per second (the window's scrolling view).
    late_after_ms : float
        An epoch classified more than this after its data was complete is flagged ``late``.
    """

    model_path: Path
    eeg_stream: str
    marker_stream: str | None = None
    duration: float | None = None
    layout: SpellerLayout | None = None
    stopping: StoppingRule | None = None
    session_dir: Path | None = None
    store_dir: Path | None = None
    target_class: str = "Target"
    decisions_stream: str | None = DECISIONS_STREAM
    connect_timeout: float = 5.0
    lost_after_s: float = 1.0
    chunk_rate_hz: float = 10.0
    late_after_ms: float = 500.0


@dataclass(frozen=True)
class LiveEvent:
    """Something that happened live, for the window and the CLI.

    ``kind`` says which fields are set:

    ``"epoch"``
        ``marker``, ``marker_time`` (LSL clock, s), ``predicted``, ``proba`` (class ->
        probability), ``latency_ms`` (from the pull bringing the sample that completes the
        epoch to the result), ``late`` (classified more than ``late_after_ms`` after its data
        was complete, e.g. after a burst).
    ``"decision"``
        ``symbol``, ``posterior``, ``repetitions``, ``n_flashes`` (cue-locked: the epoch's
        class, its probability, 1, 1).
    ``"status"``
        ``text`` ("EEG stream lost; reconnecting", "reconnected", ...).
    ``"chunk"``
        ``data`` of shape ``(n_channels, n_samples)`` (EEG channels, volts, decimated to about
        100 Hz), ``times`` of shape ``(n_samples,)`` (LSL clock) and ``ch_names``.
    ``"counters"``
        ``counters``: the runner's counts so far (``epochs``, ``ignored_markers``,
        ``late_epochs``, ``incomplete_epochs``, ``rejected_epochs``, ``before_start_epochs``,
        ``lost_samples``, ``pending``) and ``clock_offset_s``; sent at the start and then at
        most once a second, when a count changed.
    """

    kind: Literal["epoch", "decision", "status", "chunk", "counters"]
    marker: str | None = None
    marker_time: float | None = None
    predicted: str | None = None
    proba: dict[str, float] = field(default_factory=dict)
    latency_ms: float | None = None
    late: bool = False
    symbol: str | None = None
    posterior: float | None = None
    repetitions: int | None = None
    n_flashes: int | None = None
    text: str | None = None
    data: np.ndarray | None = field(default=None, repr=False)
    times: np.ndarray | None = field(default=None, repr=False)
    ch_names: tuple[str, ...] = ()
    counters: dict[str, float | None] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The event as a JSON-able dict (``chunk`` events without their arrays)."""
        keys = {
            "epoch": ("marker", "marker_time", "predicted", "proba", "latency_ms", "late"),
            "decision": ("symbol", "posterior", "repetitions", "n_flashes"),
            "status": ("text",),
            "chunk": ("ch_names",),
            "counters": ("counters",),
        }[self.kind]
        return {"kind": self.kind, **{k: getattr(self, k) for k in keys}}


@dataclass
class LiveSummary:
    """What a live session did (the CLI prints it, the window shows it at Stop).

    Attributes
    ----------
    epochs, ignored_markers, late_epochs, incomplete_epochs, rejected_epochs : int
        Classified epochs; markers outside the event map; epochs whose data had left the
        buffer; epochs with a gap; epochs over the rejection threshold.
    before_start_epochs : int
        Epochs whose window (with the filter margin) began before the first sample received.
    pending_epochs : int
        Markers whose epoch was not complete when the session stopped.
    lost_samples : int
        Samples overwritten before they were seen.
    dropped_samples : int
        Samples not recorded because their timestamp did not increase (duplicated or
        backward timestamps; session recording only).
    clock_offset_s : float or None
        LSL clock offset of the EEG source relative to this machine.
    latency_ms_p50, latency_ms_p99 : float or None
        Processing latency percentiles.
    session_path : Path or None
        The recorded session (FIF), if any.
    units_assumed : bool
        Some EEG channel had no unit and was taken as microvolts.
    decisions : list of str
        The decided symbols (or classes), in order.
    gaps : int
        Times the EEG stream stopped and came back.
    duration_s : float
        Wall-clock seconds the session ran.
    """

    epochs: int = 0
    ignored_markers: int = 0
    late_epochs: int = 0
    incomplete_epochs: int = 0
    rejected_epochs: int = 0
    before_start_epochs: int = 0
    pending_epochs: int = 0
    lost_samples: int = 0
    dropped_samples: int = 0
    clock_offset_s: float | None = None
    latency_ms_p50: float | None = None
    latency_ms_p99: float | None = None
    session_path: Path | None = None
    units_assumed: bool = False
    decisions: list[str] = field(default_factory=list)
    gaps: int = 0
    duration_s: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """JSON-able dict (the session path as text)."""
        out = asdict(self)
        out["session_path"] = None if self.session_path is None else str(self.session_path)
        return out

    def line(self) -> str:
        """One line: epochs, ignored, late, latency p50/p99."""

        def ms(v: float | None) -> str:
            return "-" if v is None else f"{v:.1f} ms"

        return (
            f"epochs {self.epochs}, ignored {self.ignored_markers}, late {self.late_epochs}, "
            f"incomplete {self.incomplete_epochs}, lost samples {self.lost_samples}, "
            f"latency p50 {ms(self.latency_ms_p50)} p99 {ms(self.latency_ms_p99)}"
        )


# ----------------------------------------------------------------------------- compatibility
def compatibility_problems(model: BaseClassifier, stream: StreamDescription) -> list[str]:
    """Why ``model`` cannot run on ``stream`` (empty when it can); each names the fix."""
    if stream.is_markers:
        return [f"stream {stream.name!r} is a marker stream; choose the EEG stream"]
    try:
        ch_names, sfreq, _ = model_input(model)
    except DataError as exc:
        return [str(exc)]
    problems = []
    for check in (
        lambda: channel_order(stream.ch_names, ch_names, stream.name),
        lambda: check_rate(stream.sfreq, sfreq, stream.name),
    ):
        try:
            check()
        except DataError as exc:
            problems.append(str(exc))
    units = stream.units or []
    for name, unit in zip(stream.ch_names, units, strict=False):
        if name not in ch_names:
            continue
        try:
            volt_factor(unit)
        except DataError as exc:
            problems.append(f"channel {name!r}: {exc}")
    return problems


def _manager(store_dir: Path | None) -> tuple[ModelManager, bool]:
    from bcigui.store.manager import ModelManager

    if store_dir is None:
        return ModelManager.default(), False
    return ModelManager(store_dir), True


def load_live_model(model_path: str | Path, store_dir: Path | None = None) -> BaseClassifier:
    """The model at ``model_path``, from the shared :class:`ModelManager` cache of the store."""
    manager, owned = _manager(store_dir)
    try:
        return manager.get(model_path)
    finally:
        if owned:
            manager.close()


def check_live_compatibility(
    model_path: str | Path, stream_description: StreamDescription, store_dir: Path | None = None
) -> list[str]:
    """Human-readable problems running the model at ``model_path`` on the described stream.

    Returns
    -------
    list of str
        Channel names missing, another rate, a marker stream chosen as EEG, an unknown unit or
        a model without stored epoch settings, each with its fix; empty when compatible.
    """
    return compatibility_problems(load_live_model(model_path, store_dir), stream_description)


# ----------------------------------------------------------------------------- the session
def _with_visible_streams(exc: DataError, timeout: float) -> DataError:
    names = visible_stream_names(timeout=min(timeout, 1.0))
    listed = ", ".join(repr(n) for n in names) if names else "none"
    return DataError(f"{exc} (LSL streams visible now: {listed})")


class _LiveSession:
    """The state of one :func:`run_live` call (callbacks of the runner)."""

    def __init__(
        self,
        settings: LiveSettings,
        on_event: Callable[[LiveEvent], None],
        eeg: EegInlet,
        speller: SpellerSession | None,
        outlet: DecisionOutlet | None,
        recorder: SessionRecorder | None,
        wait_s: float,
    ) -> None:
        self.settings, self.on_event, self.eeg = settings, on_event, eeg
        self.speller, self.outlet, self.recorder = speller, outlet, recorder
        self.wait_s = wait_s
        self.decisions: list[str] = []
        self.gaps = 0
        self.lost = False
        self.last_sample_at: float | None = None  # no sample yet: not "lost" but waiting
        self.eeg_rows = [i for i, c in enumerate(eeg.ch_names) if c not in eeg.stim_channels]
        self.decimate = max(1, round(eeg.sfreq / 100.0))
        self._chunk_parts: list[tuple[np.ndarray, np.ndarray]] = []
        self._chunk_sent = 0.0

    def _now_lsl(self) -> float:
        import pylsl

        return float(pylsl.local_clock())

    # runner.on_result
    def epoch(self, result: OnlineEpochResult) -> None:
        behind_ms = (self._now_lsl() - (result.marker_time + self.wait_s)) * 1000.0
        self.on_event(
            LiveEvent(
                "epoch",
                marker=result.marker,
                marker_time=result.marker_time,
                predicted=result.predicted,
                proba=dict(result.proba),
                latency_ms=result.latency_ms,
                late=behind_ms > self.settings.late_after_ms,
            )
        )
        if self.speller is not None:
            if result.marker not in self.speller.layout.groups:
                return  # an event-map marker, not a flash: classified, not fused
            decision = self.speller.feed(result.marker, result.proba)
        else:
            decision = Decision(result.predicted, result.proba[result.predicted], 1, 1)
        if decision is not None:
            self._decide(decision)

    def _decide(self, decision: Decision) -> None:
        self.decisions.append(decision.symbol)
        if self.outlet is not None:
            self.outlet.send(decision)
        if self.recorder is not None:
            self.recorder.add_marker(f"decision/{decision.symbol}", self._now_lsl())
        self.on_event(
            LiveEvent(
                "decision",
                symbol=decision.symbol,
                posterior=decision.posterior,
                repetitions=decision.n_repetitions,
                n_flashes=decision.n_flashes,
            )
        )

    # runner.on_pull
    def pulled(self, chunk: EegChunk, markers: list[Marker]) -> None:
        now = time.monotonic()
        n_new = min(chunk.n_new, chunk.n_valid)
        if n_new:
            if self.lost:
                self.lost = False
                self.gaps += 1
                if self.recorder is not None:
                    self.recorder.mark_gap()
                self.status("reconnected")
            self.last_sample_at = now
            data, times = chunk.data[:, -n_new:], chunk.times[-n_new:]
            if self.recorder is not None:
                self.recorder.add_samples(data, times)
            self._chunk_parts.append((data[self.eeg_rows], times))
        elif (
            not self.lost
            and self.last_sample_at is not None
            and now - self.last_sample_at > self.settings.lost_after_s
        ):
            self.lost = True
            self.status("EEG stream lost; reconnecting")
        if self.recorder is not None and self.settings.marker_stream is not None:
            for marker in markers:
                self.recorder.add_marker(marker.key, marker.time)
        if self._chunk_parts and now - self._chunk_sent >= 1.0 / self.settings.chunk_rate_hz:
            self._send_chunk(now)

    def _send_chunk(self, now: float) -> None:
        data = np.concatenate([d for d, _ in self._chunk_parts], axis=1)[:, :: self.decimate]
        times = np.concatenate([t for _, t in self._chunk_parts])[:: self.decimate]
        self._chunk_parts = []
        self._chunk_sent = now
        names = tuple(self.eeg.ch_names[i] for i in self.eeg_rows)
        self.on_event(LiveEvent("chunk", data=data, times=times, ch_names=names))

    def status(self, text: str) -> None:
        log.warning("live: %s", text)
        self.on_event(LiveEvent("status", text=text))


def _open_inlets(settings: LiveSettings, stack: ExitStack) -> tuple[EegInlet, MarkerInlet | None]:
    try:
        eeg = stack.enter_context(EegInlet(settings.eeg_stream, timeout=settings.connect_timeout))
    except DataError as exc:
        raise _with_visible_streams(exc, settings.connect_timeout) from exc
    markers = None
    if settings.marker_stream is not None:
        try:
            markers = stack.enter_context(
                MarkerInlet(settings.marker_stream, timeout=settings.connect_timeout)
            )
        except DataError as exc:
            raise _with_visible_streams(exc, settings.connect_timeout) from exc
    return eeg, markers


def run_live(
    settings: LiveSettings,
    on_event: Callable[[LiveEvent], None],
    cancel: CancelToken | None = None,
    *,
    poll_s: float = 0.005,
) -> LiveSummary:
    """Run a model live until the duration ends or ``cancel`` is set (see the module doc).

    Parameters
    ----------
    settings : LiveSettings
    on_event : callable
        ``on_event(LiveEvent)``, called in this thread (a window forwards it as a signal).
    cancel : CancelToken, optional
        Set from another thread to stop (the epoch being waited for is counted pending).
    poll_s : float
        Seconds between pulls of the ring buffer.

    Returns
    -------
    LiveSummary

    Raises
    ------
    DataError
        A stream that does not answer (the message lists the streams visible), a model that
        does not fit the stream (channels, rate, units: the fix named), a speller target class
        the model lacks.
    """
    model = load_live_model(settings.model_path, settings.store_dir)
    with ExitStack() as stack:
        eeg, markers = _open_inlets(settings, stack)
        started = time.monotonic()  # the duration counts from the connection
        problems = compatibility_problems(model, eeg.description)
        if problems:
            raise DataError("; ".join(problems))
        speller = None
        if settings.layout is not None:
            classes = [str(c) for c in model.classes_]
            if settings.target_class not in classes:
                raise DataError(
                    f"the model has no class {settings.target_class!r} (classes: {classes}); "
                    "set the speller's target class"
                )
            speller = SpellerSession(
                settings.layout, settings.stopping or StoppingRule(), settings.target_class
            )
        outlet = None
        if settings.decisions_stream is not None:
            outlet = stack.enter_context(
                DecisionOutlet(settings.decisions_stream, settings.decisions_stream)
            )
        recorder = None
        if settings.session_dir is not None:
            recorder = stack.enter_context(
                SessionRecorder(
                    settings.session_dir,
                    eeg.ch_names,
                    eeg.ch_types,
                    eeg.sfreq,
                    info={
                        "model": str(settings.model_path),
                        "eeg_stream": settings.eeg_stream,
                        "marker_stream": settings.marker_stream,
                    },
                )
            )
        clock_offset = eeg.clock_offset()
        runner = OnlineRunner(
            model,
            eeg,
            markers,
            extra_markers=settings.layout.group_names if settings.layout else (),
            keep_results=False,  # events carry the results; memory stays flat
        )
        session = _LiveSession(
            settings, on_event, eeg, speller, outlet, recorder, runner.epocher.wait_s
        )
        runner.on_result, runner.on_pull = session.epoch, session.pulled
        if eeg.units_assumed:
            session.status(
                "the stream describes no units for "
                f"{', '.join(eeg.scaling.assumed_microvolts)}: taken as microvolts"
            )
        end = np.inf if settings.duration is None else started + settings.duration
        sent: dict[str, float | None] = {}
        sent_at = -np.inf
        while time.monotonic() < end and not (cancel is not None and cancel.cancelled):
            runner.step()
            now = time.monotonic()
            if now - sent_at >= COUNTERS_EVERY_S:
                sent_at = now
                counts: dict[str, float | None] = {
                    **asdict(runner.counters),
                    "clock_offset_s": clock_offset,
                }
                if counts != sent:
                    on_event(LiveEvent("counters", counters=counts))
                    sent = counts
            time.sleep(poll_s)
        runner.step()  # what arrived meanwhile is classified and recorded too
        report = runner.report()
    return LiveSummary(
        epochs=report["epochs"],
        ignored_markers=report["ignored_markers"],
        late_epochs=report["late_epochs"],
        incomplete_epochs=report["incomplete_epochs"],
        rejected_epochs=report["rejected_epochs"],
        before_start_epochs=report["before_start_epochs"],
        pending_epochs=report["pending"],
        lost_samples=report["lost_samples"],
        dropped_samples=recorder.dropped_samples if recorder is not None else 0,
        clock_offset_s=clock_offset,
        latency_ms_p50=report["latency_ms_p50"],
        latency_ms_p99=report["latency_ms_p99"],
        session_path=recorder.fif_path if recorder is not None and recorder.n_samples else None,
        units_assumed=eeg.units_assumed,
        decisions=session.decisions,
        gaps=session.gaps,
        duration_s=time.monotonic() - started,
    )
