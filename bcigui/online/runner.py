"""The online runner: markers -> epochs cut from the EEG ring buffer -> model predictions.

:class:`OnlineRunner` takes a fitted model (from the shared
:class:`~bcigui.store.manager.ModelManager` cache: :meth:`OnlineRunner.from_store`), an
:class:`~bcigui.online.inlets.EegInlet` and a marker source (a
:class:`~bcigui.online.inlets.MarkerInlet`, or the EEG stream's stim channel when none is
given). Each :meth:`~OnlineRunner.step` pulls what arrived; for each marker of the model's event
map it waits until ``tmax`` plus the filter margin has arrived, cuts the epoch, applies the
model's stored epoch settings (:class:`~bcigui.online.epoching.OnlineEpocher`) and predicts with
``model.predict_trials`` (which applies the model's own signal stage). Markers outside the event
map are counted and ignored; epochs whose data left the buffer (late), have a gap in their
timestamps (incomplete), begin before the first sample received (before start) or exceed the
rejection threshold are counted, never silently dropped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from os import PathLike
from typing import TYPE_CHECKING, Any

import numpy as np

from bcigui.data.trialset import TrialSet
from bcigui.errors import DataError
from bcigui.online.epoching import OnlineEpocher, channel_order, check_rate
from bcigui.online.inlets import EegChunk, EegInlet, Marker, MarkerInlet, stim_onsets

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier
    from bcigui.store.manager import ModelManager

log = logging.getLogger(__name__)
_GAP_TOLERANCE = 1.5  # a step between timestamps above this many sample periods is a gap


@dataclass(frozen=True)
class OnlineEpochResult:
    """One classified epoch.

    Attributes
    ----------
    marker : str
        The event-map key of the marker.
    marker_time : float
        The marker's LSL time (s).
    true_class : str
        The class the event map gives the marker (what the stimulus was); ``""`` for an extra
        marker (a speller's flash group).
    predicted : str
        The model's class.
    proba : dict of str to float
        Class -> probability, in the model's ``classes_`` order.
    latency_ms : float
        From the pull that brought the sample completing the epoch to the result.
    epoch : ndarray, shape (n_channels, n_times)
        The preprocessed epoch (volts, float32), as the model saw it.
    """

    marker: str
    marker_time: float
    true_class: str
    predicted: str
    proba: dict[str, float]
    latency_ms: float
    epoch: np.ndarray = field(repr=False)


@dataclass
class RunnerCounters:
    """What happened to every marker and sample (the window shows these)."""

    epochs: int = 0
    ignored_markers: int = 0
    late_epochs: int = 0
    incomplete_epochs: int = 0
    rejected_epochs: int = 0
    before_start_epochs: int = 0
    lost_samples: int = 0
    pending: int = 0


def model_input(model: BaseClassifier) -> tuple[list[str], float, dict[str, Any]]:
    """The model's training channels, rate and stored epoch settings (DataError when absent)."""
    info = model.training_info_
    epoching = info.get("epoching")
    if not epoching:
        raise DataError(
            f"the {model.display_name} model has no stored epoch settings (it was not trained "
            "on recordings); retrain it on recordings to run it live"
        )
    train = info.get("train_data") or {}
    ch_names, sfreq = train.get("ch_names"), train.get("sfreq")
    if not ch_names or not sfreq:
        raise DataError(
            f"the {model.display_name} model does not record its channels and rate; retrain it"
        )
    return list(ch_names), float(sfreq), dict(epoching)


class OnlineRunner:
    """Classify epochs of a live EEG stream at the markers of the model's event map.

    Parameters
    ----------
    model : BaseClassifier
        A fitted model trained on recordings (``training_info_`` holds ``epoching`` and the
        training channels and rate).
    eeg : EegInlet
        The EEG stream; its channel names and rate must match the model's.
    markers : MarkerInlet, optional
        A separate marker stream; None takes markers from the EEG stream's stim channel.
    on_result : callable, optional
        ``on_result(OnlineEpochResult)`` after each classified epoch.
    extra_markers : sequence of str
        Marker keys to epoch besides the event map's, their class unknown (``true_class`` is
        ``""``): the flash groups of a speller layout.
    on_pull : callable, optional
        ``on_pull(chunk, markers)`` after each pull, with every marker that arrived (in the map
        or not): the session recording and the live display see what the runner saw.
    keep_results : bool
        Keep every :class:`OnlineEpochResult` (with its epoch array) in :attr:`results`; a long
        session passes False and keeps only the latencies (memory stays flat).

    Raises
    ------
    DataError
        A stream lacking the model's channels or at another rate (the message names the fix),
        a model without stored epoch settings, or no marker source.
    """

    def __init__(
        self,
        model: BaseClassifier,
        eeg: EegInlet,
        markers: MarkerInlet | None = None,
        *,
        on_result: Callable[[OnlineEpochResult], None] | None = None,
        extra_markers: Sequence[str] = (),
        on_pull: Callable[[EegChunk, list[Marker]], None] | None = None,
        keep_results: bool = True,
    ) -> None:
        self.model = model
        self.on_pull = on_pull
        self.eeg = eeg
        self.markers = markers
        self.on_result = on_result
        ch_names, sfreq, epoching = model_input(model)
        check_rate(eeg.sfreq, sfreq, eeg.name)
        self._picks = channel_order(eeg.ch_names, ch_names, eeg.name)
        self.model_ch_names = tuple(ch_names)
        self.epocher = OnlineEpocher(epoching, sfreq)
        # speller flashes name a group, not a class: epoched too, with true_class ""
        self.event_map = {**{k: "" for k in extra_markers}, **self.epocher.settings.event_map}
        if markers is None and not eeg.stim_channels:
            raise DataError(
                f"stream {eeg.name!r} has no stim channel; give a marker stream "
                "(the stimulus program's LSL markers)"
            )
        self._stim = None if markers is not None else eeg.ch_names.index(eeg.stim_channels[0])
        self._stim_previous = 0.0
        self._pending: list[Marker] = []
        self.counters = RunnerCounters()
        self.results: list[OnlineEpochResult] = []
        self.keep_results = keep_results
        self.latencies_ms: list[float] = []
        self._classes = [str(c) for c in model.classes_]

    @classmethod
    def from_store(
        cls,
        manager: ModelManager,
        path: str | PathLike[str],
        eeg: EegInlet,
        markers: MarkerInlet | None = None,
        **kwargs: Any,
    ) -> OnlineRunner:
        """A runner for the model at ``path``, taken from the manager's cache."""
        return cls(manager.get(path), eeg, markers, **kwargs)

    def report(self) -> dict[str, Any]:
        """Counters, the online filter method, the unit handling and the latencies (ms)."""
        latencies = np.array(self.latencies_ms)
        return {
            **asdict(self.counters),
            "filter": self.epocher.method,
            "wait_s": self.epocher.wait_s,
            "units_assumed_microvolts": list(self.eeg.scaling.assumed_microvolts),
            "latency_ms_p50": float(np.percentile(latencies, 50)) if latencies.size else None,
            "latency_ms_p99": float(np.percentile(latencies, 99)) if latencies.size else None,
        }

    # ------------------------------------------------------------------ one step
    def _new_markers(self, chunk: EegChunk) -> list[Marker]:
        if self.markers is not None:
            return self.markers.pull()
        assert self._stim is not None
        n_seen = min(chunk.n_new, chunk.n_valid)
        if n_seen == 0:
            return []
        values = chunk.data[self._stim, -n_seen:]
        onsets = stim_onsets(values, self._stim_previous)
        self._stim_previous = float(values[-1])
        times = chunk.times[-n_seen:]
        return [Marker(str(int(values[i])), float(times[i])) for i in onsets]

    def step(self) -> list[OnlineEpochResult]:
        """Pull what arrived and classify every epoch that is now complete."""
        chunk = self.eeg.pull()
        arrived = time.perf_counter()
        self.counters.lost_samples += chunk.n_lost
        markers = self._new_markers(chunk)
        for marker in markers:
            if marker.key in self.event_map:
                self._pending.append(marker)
            else:
                self.counters.ignored_markers += 1
        done: list[OnlineEpochResult] = []
        if chunk.n_valid:
            done = self._classify_ready(chunk, arrived)
        self.counters.pending = len(self._pending)
        if self.on_pull is not None:  # after the results: recording adds no latency
            self.on_pull(chunk, markers)
        return done

    def _classify_ready(self, chunk: EegChunk, arrived: float) -> list[OnlineEpochResult]:
        times = chunk.times[-chunk.n_valid :]
        data = chunk.data[:, -chunk.n_valid :]
        last = times[-1]
        waiting, done = [], []
        started = chunk.n_valid < chunk.data.shape[1]  # the buffer holds the stream's start
        for marker in self._pending:
            if last < marker.time + self.epocher.wait_s:
                waiting.append(marker)
                continue
            result = self._classify(marker, data, times, arrived, started)
            if result is not None:
                done.append(result)
        self._pending = waiting
        return done

    def _classify(
        self,
        marker: Marker,
        data: np.ndarray,
        times: np.ndarray,
        arrived: float,
        stream_start_in_buffer: bool = False,
    ) -> OnlineEpochResult | None:
        index = int(np.argmin(np.abs(times - marker.time)))
        start, stop = self.epocher.window(index)
        if start < 0 and stream_start_in_buffer:
            self.counters.before_start_epochs += 1
            log.warning(
                "marker %s at %.3f: its epoch (with the filter margin) starts before the first "
                "sample received",
                marker.key,
                marker.time,
            )
            return None
        if start < 0 or stop > len(times):
            self.counters.late_epochs += 1
            log.warning(
                "marker %s at %.3f: its epoch is no longer in the buffer (late)",
                marker.key,
                marker.time,
            )
            return None
        steps = np.diff(times[start:stop])
        if steps.size and steps.max() > _GAP_TOLERANCE / self.epocher.sfreq:
            self.counters.incomplete_epochs += 1
            log.warning(
                "marker %s at %.3f: its epoch has a gap of %.3f s (incomplete)",
                marker.key,
                marker.time,
                float(steps.max()),
            )
            return None
        epoch = self.epocher.epoch(data[self._picks, start:stop]).astype(np.float32)
        if self.epocher.rejected(epoch):
            self.counters.rejected_epochs += 1
            return None
        trials = TrialSet(trials=[epoch], sfreq=self.epocher.sfreq, ch_names=self.model_ch_names)
        predicted, proba = self.model.predict_trials(trials)
        result = OnlineEpochResult(
            marker=marker.key,
            marker_time=marker.time,
            true_class=self.event_map[marker.key],
            predicted=str(predicted[0]),
            proba={c: float(p) for c, p in zip(self._classes, proba[0], strict=True)},
            latency_ms=(time.perf_counter() - arrived) * 1000.0,
            epoch=epoch,
        )
        self.counters.epochs += 1
        self.latencies_ms.append(result.latency_ms)
        if self.keep_results:
            self.results.append(result)
        if self.on_result is not None:
            self.on_result(result)
        return result

    # ------------------------------------------------------------------ loop
    def run(
        self,
        duration: float,
        *,
        stop: threading.Event | None = None,
        poll_s: float = 0.01,
        until: Callable[[OnlineRunner], bool] | None = None,
    ) -> dict[str, Any]:
        """Step until ``duration`` seconds passed, ``stop`` is set or ``until(self)`` is true.

        Returns
        -------
        dict
            :meth:`report` at the end.
        """
        end = time.monotonic() + duration
        stop = stop or threading.Event()
        while time.monotonic() < end and not stop.is_set():
            self.step()
            if until is not None and until(self):
                break
            stop.wait(poll_s)
        return self.report()
