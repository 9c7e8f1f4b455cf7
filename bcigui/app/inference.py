"""The Inference tab's work: load a model (memory first) and predict trial files.

The job is a plain callable ``job(progress, cancel)``: model loading and the first prediction
happen in the worker; a second run finds the model in the ModelManager's cache.
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
        Epoched EEG recordings (from the recording dialog), predicted after the files; the
        model applies its own preprocessing (manifest) to them.
    """

    model_path: Path
    rows: Sequence[tuple[Path | None, Path | None]]
    manager: ModelManager
    recording: RecordingChoice | None = None


@dataclass(frozen=True)
class Prediction:
    """One trial's outcome: file, index in the file, predicted class, probabilities, truth."""

    file: str
    trial: int
    predicted: Any
    proba: tuple[float, ...]
    true: Any = None


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
    """

    model_path: Path
    classes: list[Any]
    predictions: list[Prediction] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)
    recording_problem: str = ""
    load_seconds: float = 0.0
    predict_seconds: float = 0.0
    was_cached: bool = False

    @property
    def labelled(self) -> list[Prediction]:
        """Predictions whose true label is known."""
        return [p for p in self.predictions if p.true is not None]

    @property
    def accuracy(self) -> float | None:
        """Fraction of labelled trials predicted right (None without labels)."""
        labelled = self.labelled
        if not labelled:
            return None
        return sum(str(p.predicted) == str(p.true) for p in labelled) / len(labelled)

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
        from bcigui.app.training import is_network
        from bcigui.classifiers.registry import get_classifier_class
        from bcigui.data import load_seed_files

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
        classes = [c.item() if hasattr(c, "item") else c for c in model.classes_]
        result = InferenceResult(
            Path(request.model_path), classes, load_seconds=load_seconds, was_cached=was_cached
        )
        started = time.perf_counter()
        by_row: dict[int, list[Prediction]] = {}
        groups: tuple[list[tuple[int, Path, Path | None]], ...] = ([], [])
        for row, (x_path, y_path) in enumerate(request.rows):
            if x_path is None:
                result.problems[row] = f"{y_path}: a label file without its X file"
            else:
                groups[y_path is None].append((row, x_path, y_path))
        for group in groups:
            if not group:
                continue
            cancel.raise_if_cancelled()
            progress(0.1, f"predicting {len(group)} files")
            try:  # every file of the group in one batch: one load, one prediction call
                by_row.update(_predict(model, group, load_seed_files))
            except Exception:  # some file is bad: file by file, to name it and keep the rest
                for row, x_path, y_path in group:
                    cancel.raise_if_cancelled()
                    try:
                        by_row.update(_predict(model, [(row, x_path, y_path)], load_seed_files))
                    except Exception as exc:
                        log.info("inference on %s failed: %s", x_path, exc)
                        result.problems[row] = str(exc) or type(exc).__name__
        result.predictions = [p for row in sorted(by_row) for p in by_row[row]]
        if request.recording is not None:
            cancel.raise_if_cancelled()
            progress(0.5, f"predicting {request.recording.trials.n_trials} epochs")
            try:
                result.predictions += _predict_trials(model, request.recording.trials)
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


def _plain(value: Any) -> Any:
    """A NumPy scalar as the Python value (labels come back in the user's own type)."""
    return value.item() if hasattr(value, "item") else value


def _predict(
    model: Any, group: list[tuple[int, Path, Path | None]], load: Callable[..., Any]
) -> dict[int, list[Prediction]]:
    """Load the files of ``group`` as one TrialSet, predict, and split the trials by row."""
    labelled = group[0][2] is not None
    trials = load(
        [x for _, x, _ in group], [y for *_, y in group] if labelled else None, role="query"
    )
    if len(trials.sources) != trials.n_trials:
        raise ValueError("the loader did not say where each trial came from")
    row_of = {str(x): row for row, x, _ in group}
    out: dict[int, list[Prediction]] = {row: [] for row, _, _ in group}
    for prediction in _predict_trials(model, trials):
        out[row_of[prediction.file]].append(prediction)
    return out


def _predict_trials(model: Any, trials: Any) -> list[Prediction]:
    """One Prediction per trial: file and index from its source (for recordings: the epoch)."""
    preds, proba = model.predict_trials(trials)
    truth = list(trials.y) if trials.y is not None else [None] * len(preds)
    return [
        Prediction(
            file=str(source.file),
            trial=int(source.index),
            predicted=_plain(pred),
            proba=tuple(float(v) for v in probs),
            true=_plain(true),
        )
        for source, pred, probs, true in zip(trials.sources, preds, proba, truth, strict=True)
    ]


def write_csv(result: InferenceResult, path: Path) -> None:
    """Write one line per trial: file, trial, predicted, p_<class>..., true."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "trial", "predicted", *[f"p_{c}" for c in result.classes], "true"])
        for p in result.predictions:
            writer.writerow(
                [p.file, p.trial, p.predicted, *[f"{v:.6f}" for v in p.proba],
                 "" if p.true is None else p.true]
            )  # fmt: skip
