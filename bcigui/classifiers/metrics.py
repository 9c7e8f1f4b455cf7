"""Evaluation metrics and the result objects returned by training."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn import metrics as skm

from bcigui.classifiers.chance import ChanceVerdict, chance_verdict
from bcigui.errors import UserText

log = logging.getLogger(__name__)


@dataclass
class EvaluationMetrics:
    """Scores of a trained model on a test set (also the legacy return value of ``train()``).

    ``roc_auc`` is computed from the positive (second, in sorted order) class probability for two
    classes and one-vs-rest macro-averaged for more; it is None when the test set lacks a class.
    ``confusion_matrix[i][j]`` counts trials of ``classes[i]`` predicted as ``classes[j]``.
    """

    accuracy: float
    balanced_accuracy: float
    precision_macro: float
    recall_macro: float
    f1_macro: float
    precision_weighted: float
    recall_weighted: float
    f1_weighted: float
    roc_auc: float | None
    confusion_matrix: list[list[int]]
    classes: list[Any]
    chance_level: float
    n_trials: int
    evaluation_seconds: float = 0.0
    #: :meth:`ChanceVerdict.to_dict` when the result is within noise of chance, else None.
    near_chance: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvaluationMetrics:
        """Inverse of :meth:`to_dict` (unknown keys are ignored)."""
        names = cls.__dataclass_fields__.keys()
        return cls(**{k: v for k, v in data.items() if k in names})

    @property
    def chance_verdict(self) -> ChanceVerdict | None:
        """The near-chance verdict (None when the result is clearly better than a guess)."""
        return ChanceVerdict.from_dict(self.near_chance)

    def summary(self) -> str:
        """One line for logs."""
        auc = UserText.of("n/a") if self.roc_auc is None else f"{self.roc_auc:.3f}"
        text = UserText.of(
            "accuracy {a:.3f}, balanced accuracy {b:.3f}, macro F1 {f:.3f}, ROC-AUC {auc}, "
            "chance {c:.3f} (n={n})",
            a=self.accuracy,
            b=self.balanced_accuracy,
            f=self.f1_macro,
            auc=auc,
            c=self.chance_level,
            n=self.n_trials,
        )
        return UserText.of("{summary} - NEAR CHANCE", summary=text) if self.near_chance else text


def python_value(value: Any) -> Any:
    """A numpy scalar as the matching plain Python value (for JSON and for users)."""
    return value.item() if isinstance(value, np.generic) else value


def compute_metrics(
    y_true: np.ndarray,
    proba: np.ndarray,
    classes: np.ndarray,
    *,
    started: float | None = None,
    judge_chance: bool = True,
) -> EvaluationMetrics:
    """Score class probabilities against true labels.

    Parameters
    ----------
    y_true : ndarray, shape (n_trials,)
        True class indices into ``classes``.
    proba : ndarray, shape (n_trials, n_classes)
        Predicted class probabilities (rows sum to 1).
    classes : ndarray, shape (n_classes,)
        Class values in model order.
    started : float, optional
        ``time.perf_counter()`` at the start of evaluation, for ``evaluation_seconds``.
    judge_chance : bool
        Compute the near-chance verdict (``near_chance``, :func:`chance_verdict`; ~10 ms).
        Cross-validation folds skip it: the verdict is made once over all folds.
    """
    y_true = np.asarray(y_true, dtype=np.int64)
    n_classes = len(classes)
    labels = np.arange(n_classes)
    y_pred = np.argmax(proba, axis=1)
    prf: dict[str, float] = {}
    for avg in ("macro", "weighted"):
        p, r, f, _ = skm.precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=avg, zero_division=0
        )
        prf[f"precision_{avg}"], prf[f"recall_{avg}"], prf[f"f1_{avg}"] = (
            float(p),
            float(r),
            float(f),
        )
    present = np.unique(y_true)
    roc_auc: float | None = None
    if len(present) == n_classes and n_classes >= 2:
        if n_classes == 2:
            roc_auc = float(skm.roc_auc_score(y_true, proba[:, 1]))
        else:
            roc_auc = float(
                skm.roc_auc_score(y_true, proba, multi_class="ovr", average="macro", labels=labels)
            )
    else:
        log.info(
            "ROC-AUC not computed: the test set holds %d of %d classes", len(present), n_classes
        )
    counts = np.bincount(y_true, minlength=n_classes)
    verdict = (
        chance_verdict(y_true, y_pred, proba, classes, roc_auc=roc_auc) if judge_chance else None
    )
    return EvaluationMetrics(
        accuracy=float(skm.accuracy_score(y_true, y_pred)),
        balanced_accuracy=float(_balanced_accuracy(y_true, y_pred, present)),
        roc_auc=roc_auc,
        confusion_matrix=skm.confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        classes=[python_value(c) for c in classes],
        chance_level=float(counts.max() / counts.sum()),
        n_trials=len(y_true),
        evaluation_seconds=0.0 if started is None else time.perf_counter() - started,
        near_chance=None if verdict is None else verdict.to_dict(),
        **prf,
    )


def _balanced_accuracy(y_true: np.ndarray, y_pred: np.ndarray, present: np.ndarray) -> float:
    """Mean recall over the classes present in ``y_true``."""
    recalls = [np.mean(y_pred[y_true == c] == c) for c in present]
    return float(np.mean(recalls))


@dataclass
class TrainResult:
    """What ``fit()`` returns: the trained model, its scores and how it was made.

    Attributes
    ----------
    metrics : EvaluationMetrics
        Scores on the test set.
    model : object
        The trained classifier (the same object ``fit`` was called on).
    model_name : str
        Model type and label, e.g. ``"lstm/p300"``.
    training_seconds : float
        Wall time of fitting (excluding evaluation and saving).
    history : dict of str to list of float
        Per-epoch curves: ``loss``, ``accuracy`` and, when a validation split was used,
        ``val_loss``, ``val_accuracy``. Empty for models without epochs.
    hyperparams : dict
        The configuration used, plus ``versions`` (Python and library versions).
    saved_path : Path or None
        Where the model was saved (when ``model_label`` was given).
    cross_validation : CVResult or None
        Set for a cross-validated run: ``metrics`` then holds the mean over the folds (with the
        confusion matrices summed), the folds and spreads are here.
    """

    metrics: EvaluationMetrics
    model: Any
    model_name: str
    training_seconds: float
    history: dict[str, list[float]] = field(default_factory=dict)
    hyperparams: dict[str, Any] = field(default_factory=dict)
    saved_path: Path | None = None
    #: The cross-validation behind ``metrics`` (fold means) when the run was cross-validated.
    cross_validation: Any = None
    #: Warnings about the training data (e.g. a pipeline made for another paradigm), with the fix.
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        model: Any,
        metrics: EvaluationMetrics,
        *,
        label: str | None = None,
        cross_validation: Any = None,
    ) -> TrainResult:
        """The result of a fitted ``model``: the one place a TrainResult is assembled.

        Parameters
        ----------
        model : BaseClassifier
            Fitted; its ``training_info_`` gives the timing and versions, ``history_`` the
            curves.
        metrics : EvaluationMetrics
            Test-set scores, or the fold means of a cross-validation.
        label : str, optional
            The store label (``model_name`` becomes ``"<type>/<label>"``).
        cross_validation : CVResult, optional
            The cross-validation behind ``metrics``.
        """
        info = model.training_info_
        return cls(
            metrics=metrics,
            model=model,
            model_name=f"{model.model_type}/{label}" if label else model.model_type,
            training_seconds=float(info["training_seconds"]),
            history={k: list(v) for k, v in model.history_.items()},
            hyperparams={**model.model_dump(mode="json"), "versions": info["versions"]},
            cross_validation=cross_validation,
            warnings=list(model.training_warnings_),
        )

    @property
    def near_chance(self) -> ChanceVerdict | None:
        """The near-chance verdict of :attr:`metrics` (None when clearly better than chance)."""
        return self.metrics.chance_verdict
