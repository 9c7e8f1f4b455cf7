"""The Inference tab's work: load a model (memory first) and predict trial files.

The job is a plain callable ``job(progress, cancel)``: model loading and the first prediction
happen in the worker; a second run finds the model in the ModelManager's cache. The predicting
itself is :mod:`bcigui.app.prediction`'s, the same as ``python -m bcigui predict``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.app.prediction import Prediction, accuracy, predict_files, predict_trials
from bcigui.app.predictions_csv import ModelIdentity
from bcigui.app.runtime import ensure_tensorflow

if TYPE_CHECKING:  # only for annotations: the GUI imports this module before the core loads
    from bcigui.app.recording_choice import RecordingChoice
    from bcigui.classifiers.progress import CancelToken
    from bcigui.store.manager import ModelManager

log = logging.getLogger(__name__)

INFERENCE_LANE = "inference"


@dataclass(frozen=True)
class InferenceRequest:
    """One inference run.

    Attributes
    ----------
    model_path : Path
        The model file (in the manager's store).
    rows : sequence of (Path or None, Path or None)
        (X file, optional label file) pairs, in table order.
    manager : ModelManager
        Loads and caches the model.
    recording : RecordingChoice, optional
        Epoched EEG recordings (from the recording dialog, by
        :func:`~bcigui.app.model_epoching.epoch_for_model`: the model's own epoch settings
        unless overridden, as its ``report`` says), predicted after the files.
    """

    model_path: Path
    rows: Sequence[tuple[Path | None, Path | None]]
    manager: ModelManager
    recording: RecordingChoice | None = None


@dataclass
class InferenceResult:
    """Everything the results table shows.

    Attributes
    ----------
    classes : list
        Class values in probability-column order.
    predictions : list of Prediction
    problems : dict of int to str
        Table row -> why that file could not be used (the other files still ran).
    recording_problem : str
        Why the recordings could not be predicted ("" when they were, or were not asked for).
    load_seconds, predict_seconds : float
        Time to get the model (0 when it was in memory) and to predict.
    model : ModelIdentity
        Names the model in exports.
    epoching : str
        Whose epoch settings cut the recordings ("model settings: ..." or each overridden
        setting); "" without recordings.
    """

    model_path: Path
    classes: list[Any]
    model: ModelIdentity
    predictions: list[Prediction] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)
    recording_problem: str = ""
    load_seconds: float = 0.0
    predict_seconds: float = 0.0
    was_cached: bool = False
    epoching: str = ""

    @property
    def labelled(self) -> list[Prediction]:
        """Predictions whose true label is known."""
        return [p for p in self.predictions if p.true is not None]

    @property
    def accuracy(self) -> float | None:
        """Fraction of labelled trials predicted right (None without labels)."""
        return accuracy(self.predictions)

    def confusion(self) -> list[list[int]]:
        """``matrix[i][j]``: labelled trials of class ``classes[i]`` predicted ``classes[j]``."""
        names = [str(c) for c in self.classes]
        matrix = [[0] * len(names) for _ in names]
        for p in self.labelled:
            if str(p.true) in names:
                matrix[names.index(str(p.true))][names.index(str(p.predicted))] += 1
        return matrix


def inference_job(
    request: InferenceRequest,
) -> Callable[[Callable[..., None], CancelToken], InferenceResult]:
    """The job that gets the model and predicts every file; returns an InferenceResult."""

    def job(progress: Callable[..., None], cancel: CancelToken) -> InferenceResult:
        from bcigui.app.prediction import model_classes
        from bcigui.app.training import is_network
        from bcigui.classifiers.registry import get_classifier_class

        manager = request.manager
        record = manager.record(request.model_path)
        if record is None:
            raise FileNotFoundError(f"{request.model_path} is not in the model store any more")
        started = time.perf_counter()
        was_cached = manager.is_cached(request.model_path)
        if not was_cached:
            progress(0.0, f"loading {Path(request.model_path).name}")
            if record.model_type and is_network(get_classifier_class(record.model_type)):
                ensure_tensorflow(progress)
        model = manager.get(request.model_path)
        load_seconds = 0.0 if was_cached else time.perf_counter() - started
        result = InferenceResult(
            Path(request.model_path), model_classes(model), ModelIdentity.of(model),
            load_seconds=load_seconds, was_cached=was_cached,
        )  # fmt: skip
        started = time.perf_counter()
        files = predict_files(model, request.rows, progress=progress, cancel=cancel)
        result.predictions, result.problems = files.predictions, files.problems
        if request.recording is not None:
            cancel.raise_if_cancelled()
            progress(0.5, f"predicting {request.recording.trials.n_trials} epochs")
            report = request.recording.report
            result.epoching = report.describe() if report is not None else ""
            try:
                result.predictions += predict_trials(model, request.recording.trials)
            except Exception as exc:
                if not result.predictions:
                    raise
                log.info("inference on the recordings failed: %s", exc)
                result.recording_problem = str(exc) or type(exc).__name__
        result.predict_seconds = time.perf_counter() - started
        if not result.predictions and result.problems:
            first = min(result.problems)
            raise ValueError(f"No file could be used. Row {first + 1}: {result.problems[first]}")
        progress(1.0, "done")
        return result

    return job
