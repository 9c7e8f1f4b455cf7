"""Train with cross-validation instead of a test set: score on folds, refit on all, save.

This is what the Training tab and ``python -m bcigui train --cv`` run when the user chooses
cross-validation instead of a test set:
:func:`~bcigui.classifiers.cross_validation.cross_validate` with ``refit=True``, then the
model is saved with the CV scores in its manifest, and the outcome is returned as a
:class:`~bcigui.classifiers.metrics.TrainResult` whose ``metrics`` are the mean over the folds
(confusion matrices summed) and whose ``cross_validation`` holds the folds. The saved manifest
has no test metrics (there was no test set), only ``cross_validation``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from bcigui.classifiers.chance import training_context, verdict_from_confusion
from bcigui.classifiers.cross_validation import CVResult, cross_validate
from bcigui.classifiers.metrics import EvaluationMetrics, TrainResult
from bcigui.classifiers.progress import CancelToken, ProgressCallback
from bcigui.data.trialset import TrialSet

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier

log = logging.getLogger(__name__)


def fold_mean_metrics(cv: CVResult) -> EvaluationMetrics:
    """One :class:`EvaluationMetrics` for a cross-validation: fold means, summed confusion.

    ``n_trials`` counts every held-out trial once; ``chance_level`` is the majority-class share
    over all trials; ``evaluation_seconds`` is the total prediction time.
    """
    names = EvaluationMetrics.__dataclass_fields__
    values: dict[str, Any] = {}
    for name in names:
        if name in ("confusion_matrix", "classes", "chance_level", "n_trials", "near_chance"):
            continue
        if name == "evaluation_seconds":
            values[name] = float(sum(f.predict_seconds for f in cv.folds))
            continue
        mean = cv.mean(name)
        values[name] = mean if mean is not None or name == "roc_auc" else float("nan")
    n = len(cv.classes)
    confusion = np.zeros((n, n), dtype=np.int64)
    for fold in cv.folds:
        confusion += np.asarray(fold.metrics["confusion_matrix"], dtype=np.int64)
    return EvaluationMetrics(
        **values,
        confusion_matrix=confusion.tolist(),
        classes=list(cv.classes),
        chance_level=cv.chance_level,
        n_trials=int(sum(f.n_test for f in cv.folds)),
    )


def fit_with_cross_validation(
    model: BaseClassifier,
    trials: TrialSet,
    *,
    scheme: Literal["kfold", "grouped"] = "kfold",
    n_splits: int = 5,
    permutations: int = 0,
    model_label: str | None = None,
    store_dir: str | Path | None = None,
    provenance: dict[str, Any] | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    save: bool = True,
) -> TrainResult:
    """Cross-validate ``model`` on ``trials``, fit it on all of them, and save it when labelled.

    Parameters
    ----------
    model : BaseClassifier
        Trained in place on all ``trials`` after the folds.
    trials : TrialSet
        Labelled trials; for ``scheme="grouped"`` their recordings (``trials.groups``).
    scheme, n_splits, permutations
        See :func:`~bcigui.classifiers.cross_validation.cross_validate`.
    model_label : str, optional
        Save to ``<store>/<label>/`` (the manifest carries the CV scheme and scores).
    store_dir : path, optional
        The model store (default: the app's store).
    provenance : dict, optional
        More entries for ``training_info_`` and the manifest (e.g. ``{"epoching": ...}``).
    progress, cancel
        The core's progress callback and cancel token (nothing is saved when cancelled).
    save : bool
        False: do not save even when labelled (the caller decides, e.g. after a near-chance
        verdict in ``result.near_chance``).

    Returns
    -------
    TrainResult
        ``metrics`` are the fold means; ``cross_validation`` is the CVResult.
    """
    if model_label is not None:
        from bcigui.modelfile.paths import validate_name

        validate_name(model_label, "model_label")
    seed = model.random_state if model.random_state is not None else 0
    cv = cross_validate(
        model, trials, scheme=scheme, n_splits=n_splits, permutations=permutations,
        random_state=seed, refit=True, progress=progress, cancel=cancel,
    )  # fmt: skip
    metrics = fold_mean_metrics(cv)
    verdict = verdict_from_confusion(
        metrics.confusion_matrix, metrics.classes, roc_auc=metrics.roc_auc,
        context=training_context(model),
    )  # fmt: skip
    metrics.near_chance = None if verdict is None else verdict.to_dict()
    # no held-out test set: the manifest's test metrics stay empty, its CV scores say it all
    model.training_info_.update(metrics=None, label=model_label, **(provenance or {}))
    if verdict is not None:
        log.warning("%s: %s", model.display_name, verdict.text())
        cv_info = model.training_info_.get("cross_validation")
        if isinstance(cv_info, dict):
            cv_info["near_chance"] = metrics.near_chance
    result = TrainResult.of(model, metrics, label=model_label, cross_validation=cv)
    if model_label is not None and save:
        result.saved_path = model.save_to_store(model_label, store_dir=store_dir)
    log.info("%s cross-validated and fitted on %d trials", model.display_name, trials.n_trials)
    return result
