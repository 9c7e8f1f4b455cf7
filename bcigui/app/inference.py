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
    from bcigui.classifiers.chance import ChanceContext, ChanceVerdict
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


@dataclass(frozen=True)
class LabelledScores:
    """Scores of the labelled predictions, each beside its chance level.

    Attributes
    ----------
    n_trials : int
        Labelled trials.
    accuracy, chance_accuracy : float
        Share predicted right, and the share of the largest true class (what always answering
        that class scores).
    balanced_accuracy, chance_balanced_accuracy : float
        Mean recall over the true classes, and ``1 / n_classes`` (a random guess).
    near_chance : ChanceVerdict or None
        Set when the scores are within noise of chance
        (:func:`~bcigui.classifiers.chance.chance_verdict`).
    """

    n_trials: int
    accuracy: float
    chance_accuracy: float
    balanced_accuracy: float
    chance_balanced_accuracy: float
    near_chance: ChanceVerdict | None = None

    def summary(self) -> str:
        """``Accuracy 83.6 % (chance 83.6 %), balanced accuracy 50.0 % (chance 50.0 %)``."""
        from bcigui.classifiers.chance import percent

        return (
            f"Accuracy {percent(self.accuracy)} (chance {percent(self.chance_accuracy)}), "
            f"balanced accuracy {percent(self.balanced_accuracy)} "
            f"(chance {percent(self.chance_balanced_accuracy)})"
        )


def labelled_scores(
    predictions: Sequence[Prediction],
    classes: Sequence[Any],
    *,
    context: ChanceContext | None = None,
) -> LabelledScores | None:
    """Accuracy and balanced accuracy of the labelled ``predictions``, with chance levels.

    Parameters
    ----------
    predictions : sequence of Prediction
        Those with a known ``true`` label are scored; a true label the model does not know
        counts as its own class (never predicted).
    classes : sequence
        The model's classes, in probability-column order.
    context : ChanceContext, optional
        How the model was made (for the near-chance verdict's likely causes).

    Returns
    -------
    LabelledScores or None
        None without labelled predictions.
    """
    import numpy as np

    from bcigui.classifiers.chance import chance_verdict

    labelled = [p for p in predictions if p.true is not None]
    if not labelled:
        return None
    names = [str(c) for c in classes]
    extra = sorted({str(p.true) for p in labelled} - set(names))
    all_names = names + extra
    y_true = np.array([all_names.index(str(p.true)) for p in labelled])
    y_pred = np.array([names.index(str(p.predicted)) for p in labelled])
    present, counts = np.unique(y_true, return_counts=True)
    recalls = [np.mean(y_pred[y_true == c] == c) for c in present]
    proba = np.array([p.proba for p in labelled]) if not extra else None
    verdict = chance_verdict(y_true, y_pred, proba, all_names, context=context)
    return LabelledScores(
        n_trials=len(labelled),
        accuracy=float(np.mean(y_true == y_pred)),
        chance_accuracy=float(counts.max() / counts.sum()),
        balanced_accuracy=float(np.mean(recalls)),
        chance_balanced_accuracy=1.0 / len(present),
        near_chance=verdict,
    )


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
    scores : LabelledScores or None
        Accuracy and balanced accuracy beside their chance levels, and the near-chance
        verdict, when some trials are labelled.
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
    scores: LabelledScores | None = None

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


def expected_input(record: Any) -> str:
    """The input a model expects, in words, from its index record (no loading)."""
    steps = f"{record.n_times} time steps" if record.n_times else "any number of time steps"
    classes = ", ".join(str(c) for c in record.classes)
    return f"trials of {steps} x {record.n_features or '?'} features (classes {classes})"


def trial_file_shape(path: Path) -> tuple[int, int] | None:
    """``(n_times, n_features)`` of a seed ``.npy`` trial file from its header alone.

    A file of one trial ``(T, F)`` or a stack ``(N, T, F)``; None for other formats, other
    shapes or an unreadable header (the run itself then names the problem).
    """
    import numpy as np

    if Path(path).suffix.lower() != ".npy":
        return None
    try:
        with open(path, "rb") as handle:
            version = np.lib.format.read_magic(handle)
            if version == (1, 0):
                shape = np.lib.format.read_array_header_1_0(handle)[0]
            else:
                shape = np.lib.format.read_array_header_2_0(handle)[0]
    except (OSError, ValueError):
        return None
    return (int(shape[-2]), int(shape[-1])) if len(shape) in (2, 3) else None


def input_mismatch(record: Any, shape: tuple[int, int] | None) -> str | None:
    """Why trials of ``shape`` = ``(n_times, n_features)`` do not fit a model (None if they do).

    Parameters
    ----------
    record : ModelRecord
        The model's index record (``n_times``, ``n_features``).
    shape : (int, int) or None
        From :func:`trial_file_shape`; None (unknown) fits.
    """
    if shape is None or record.n_features is None:
        return None
    n_times, n_features = shape
    if n_features != record.n_features or (record.n_times and n_times != record.n_times):
        return (
            f"the model expects {expected_input(record)}; the files hold trials of "
            f"{n_times} time steps x {n_features} features"
        )
    return None


def inference_job(
    request: InferenceRequest,
) -> Callable[[Callable[..., None], CancelToken], InferenceResult]:
    """The job that gets the model and predicts every file; returns an InferenceResult."""
    from bcigui.errors import UserText

    def job(progress: Callable[..., None], cancel: CancelToken) -> InferenceResult:
        from bcigui.app.prediction import model_classes
        from bcigui.app.training import is_network
        from bcigui.classifiers.chance import inference_context
        from bcigui.classifiers.registry import get_classifier_class
        from bcigui.errors import DataError  # (imports scikit-learn: not at module level)

        manager = request.manager
        record = manager.record(request.model_path)
        if record is None:
            raise FileNotFoundError(f"{request.model_path} is not in the model store any more")
        started = time.perf_counter()
        was_cached = manager.is_cached(request.model_path)
        if not was_cached:
            progress(0.0, UserText.of("loading {f}", f=Path(request.model_path).name))
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
            progress(0.5, UserText.of("predicting {n} epochs", n=request.recording.trials.n_trials))
            report = request.recording.report
            result.epoching = report.describe() if report is not None else ""
            try:
                result.predictions += predict_trials(model, request.recording.trials)
            except Exception as exc:
                if not result.predictions and isinstance(exc, DataError):
                    raise DataError(
                        f"The recordings do not fit this model, which expects "
                        f"{expected_input(record)}: {exc}"
                    ) from exc
                if not result.predictions:
                    raise
                log.info("inference on the recordings failed: %s", exc)
                result.recording_problem = str(exc) or type(exc).__name__
        result.predict_seconds = time.perf_counter() - started
        if not result.predictions and result.problems:
            first = min(result.problems)
            raise DataError(
                f"No file could be used with this model, which expects "
                f"{expected_input(record)}. Row {first + 1}: {result.problems[first]}"
            )
        result.scores = labelled_scores(
            result.predictions, result.classes, context=inference_context(model)
        )
        progress(1.0, UserText.of("done"))
        return result

    return job
