"""Predicting trials with a trained model, as every front end does it.

The Inference tab's job (:mod:`bcigui.app.inference`), ``python -m bcigui predict`` and any later
caller get one :class:`Prediction` per trial, with the file and index it came from, the
predicted class, the class probabilities and the true label when known. They are written with
:func:`bcigui.app.predictions_csv.write_predictions_csv`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.classifiers.progress import CancelToken, ProgressCallback, no_progress

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier
    from bcigui.data.trialset import TrialSet

log = logging.getLogger(__name__)

#: One table row: (X file, optional label file); either may be missing in a half-filled row.
FileRow = tuple[Path | None, Path | None]


@dataclass(frozen=True)
class Prediction:
    """One trial's outcome: file, index in the file, predicted class, probabilities, truth.

    ``proba`` holds one probability per class, in the model's class order (``classes_``);
    ``true`` is None when the label is unknown.
    """

    file: str
    trial: int
    predicted: Any
    proba: tuple[float, ...]
    true: Any = None


@dataclass
class FilePredictions:
    """What :func:`predict_files` returns: predictions in row order, and the rows it skipped.

    Attributes
    ----------
    predictions : list of Prediction
    problems : dict of int to str
        Row (0-based) -> why that file could not be used (the other files still ran).
    """

    predictions: list[Prediction] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)


def model_classes(model: BaseClassifier) -> list[Any]:
    """The model's classes as plain Python values, in probability-column order."""
    return [_plain(c) for c in model.classes_]


def predict_trials(model: BaseClassifier, trials: TrialSet) -> list[Prediction]:
    """One :class:`Prediction` per trial; file and index from its source (for recordings, the
    epoch), truth from ``trials.y`` when labelled.

    Parameters
    ----------
    model : BaseClassifier
        Fitted.
    trials : TrialSet
        ``n_trials`` trials of the shape the model was trained on.

    Returns
    -------
    list of Prediction
        ``n_trials`` long, in trial order.
    """
    from bcigui.data.trialset import TrialSource

    preds, proba = model.predict_trials(trials)
    truth = list(trials.y) if trials.y is not None else [None] * len(preds)
    sources = trials.sources or tuple(TrialSource("", i) for i in range(trials.n_trials))
    return [
        Prediction(
            file=str(source.file),
            trial=int(source.index),
            predicted=_plain(pred),
            proba=tuple(float(v) for v in probs),
            true=_plain(true),
        )
        for source, pred, probs, true in zip(sources, preds, proba, truth, strict=True)
    ]


def predict_files(
    model: BaseClassifier,
    rows: Sequence[FileRow],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> FilePredictions:
    """Predict seed ``.npy`` files: each X file with its label file when one is given.

    Files with labels and files without are read as two batches (one load, one prediction
    call each); when a batch fails, its files are predicted one by one, so that a bad file is
    named in ``problems`` and the others still run.

    Parameters
    ----------
    model : BaseClassifier
    rows : sequence of (Path or None, Path or None)
        (X file, label file or None) pairs; a row without an X file is a problem.
    progress, cancel
        The core's progress callback and cancel token.
    """
    from bcigui.data.npy_io import load_seed_files
    from bcigui.errors import UserText

    progress = progress or no_progress
    cancel = cancel or CancelToken()
    out = FilePredictions()
    by_row: dict[int, list[Prediction]] = {}
    batches: tuple[list[tuple[int, Path, Path | None]], ...] = ([], [])
    for row, (x_path, y_path) in enumerate(rows):
        if x_path is None:
            out.problems[row] = f"{y_path}: a label file without its X file"
        else:
            batches[y_path is None].append((row, x_path, y_path))
    for batch in batches:
        if not batch:
            continue
        cancel.raise_if_cancelled()
        progress(0.1, UserText.of("predicting {n} files", n=len(batch)))
        try:
            by_row.update(_predict_batch(model, batch, load_seed_files))
        except Exception:  # some file is bad: file by file, to name it and keep the rest
            for row, x_path, y_path in batch:
                cancel.raise_if_cancelled()
                try:
                    by_row.update(_predict_batch(model, [(row, x_path, y_path)], load_seed_files))
                except Exception as exc:
                    log.info("prediction of %s failed: %s", x_path, exc)
                    out.problems[row] = str(exc) or type(exc).__name__
    out.predictions = [p for row in sorted(by_row) for p in by_row[row]]
    return out


def accuracy(predictions: Sequence[Prediction]) -> float | None:
    """Fraction of the labelled predictions that are right; None without labels."""
    labelled = [p for p in predictions if p.true is not None]
    if not labelled:
        return None
    return sum(str(p.predicted) == str(p.true) for p in labelled) / len(labelled)


def _plain(value: Any) -> Any:
    """A NumPy scalar as the Python value (labels come back in the user's own type)."""
    return value.item() if hasattr(value, "item") else value


def _predict_batch(
    model: BaseClassifier, batch: list[tuple[int, Path, Path | None]], load: Any
) -> dict[int, list[Prediction]]:
    """Load the files of ``batch`` as one TrialSet, predict, and split the trials by row."""
    labelled = batch[0][2] is not None
    trials = load(
        [x for _, x, _ in batch], [y for *_, y in batch] if labelled else None, role="query"
    )
    if len(trials.sources) != trials.n_trials:
        raise ValueError("the loader did not say where each trial came from")
    row_of = {str(x): row for row, x, _ in batch}
    out: dict[int, list[Prediction]] = {row: [] for row, _, _ in batch}
    for prediction in predict_trials(model, trials):
        out[row_of[prediction.file]].append(prediction)
    return out
