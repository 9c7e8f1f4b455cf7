"""SVM: a support vector machine on feature vectors, with calibrated probabilities."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, PrivateAttr, field_validator

from bcigui.classifiers.base import BaseClassifier
from bcigui.classifiers.config import InputAdapter
from bcigui.classifiers.form_hints import form_hint
from bcigui.classifiers.network import resolve_class_weight
from bcigui.classifiers.preprocessing import FittedPreprocessing
from bcigui.classifiers.progress import CancelToken, ProgressCallback
from bcigui.classifiers.registry import register
from bcigui.classifiers.skops_payload import estimator_from_payload, estimator_to_payload
from bcigui.data.trialset import TrialSet
from bcigui.errors import Cancelled, DataError, UserText

log = logging.getLogger(__name__)


#: What a fitted SVM's skops payload holds: an SVC, calibrated (sigmoid) when probability=True.
SVM_PAYLOAD_TYPES = (
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.model_selection._split.StratifiedKFold",
    "sklearn.svm._classes.SVC",
)


@register(payload_types=SVM_PAYLOAD_TYPES)
class SVM(BaseClassifier):
    """Support vector classifier (scikit-learn ``SVC``) on feature vectors made from each trial.

    With ``probability=True`` (the seed's meaning: give class probabilities) the probabilities
    come from ``CalibratedClassifierCV(SVC(...), method='sigmoid', ensemble=False)``, not from the
    deprecated ``SVC(probability=True)``: Platt scaling fitted on cross-validated decision values,
    one SVC fitted on all the training data. With ``probability=False`` the model is a plain SVC
    and the "probabilities" it reports are its decision values squashed to sum to 1: they rank
    trials (so ROC-AUC is valid) but are not calibrated. ``class_weight`` (default
    ``'balanced'``) weights every training trial of a class alike, in the SVC and in its
    calibration, so that imbalanced data (a 1:5 P300) give probabilities for equal priors.
    """

    model_type: ClassVar[str] = "svm"
    display_name: ClassVar[str] = "SVM"

    kernel: Literal["linear", "poly", "rbf", "sigmoid"] = Field("rbf", description="Kernel.")
    C: float = Field(
        1.0,
        gt=0.0,
        description="Inverse regularisation strength (> 0).",
        json_schema_extra=form_hint(label="C (inverse regularisation)"),
    )
    gamma: Literal["scale", "auto"] | float = Field(
        "scale", description="Kernel coefficient: 'scale', 'auto' or a positive number."
    )
    degree: int = Field(3, ge=1, le=20, description="Degree of the poly kernel.")
    coef0: float = Field(
        0.0,
        description="Independent term of the poly/sigmoid kernels.",
        json_schema_extra=form_hint(group="advanced", label="coef0"),
    )
    shrinking: bool = Field(
        True,
        description="Use the shrinking heuristic.",
        json_schema_extra=form_hint(group="advanced"),
    )
    tol: float = Field(
        1e-3,
        gt=0.0,
        description="Stopping tolerance.",
        json_schema_extra=form_hint(group="advanced", label="Tolerance"),
    )
    max_iter: int = Field(
        -1,
        ge=-1,
        description="Iteration limit (-1: none).",
        json_schema_extra=form_hint(group="advanced", label="Max. iterations"),
    )
    probability: bool = Field(True, description="Calibrated class probabilities (sigmoid).")
    input_adapter: InputAdapter = Field(
        default_factory=InputAdapter,
        description="How trials become feature vectors.",
        json_schema_extra=form_hint(label="Input preprocessing"),
    )

    _estimator: Any = PrivateAttr(default=None)

    @field_validator("gamma")
    @classmethod
    def _positive_gamma(cls, value: str | float) -> str | float:
        if not isinstance(value, str) and value <= 0:
            raise ValueError("gamma must be 'scale', 'auto' or a number > 0")
        return value

    @field_validator("max_iter")
    @classmethod
    def _max_iter(cls, value: int) -> int:
        if value == 0:
            raise ValueError("max_iter must be -1 (no limit) or >= 1")
        return value

    @property
    def estimator_(self) -> Any:
        """The fitted scikit-learn estimator."""
        self._require_fitted()
        return self._estimator

    @property
    def n_iter_(self) -> np.ndarray:
        """libsvm iterations of the final SVC, one per class pair."""
        self._require_fitted()
        svc = self._estimator
        if hasattr(svc, "calibrated_classifiers_"):
            svc = svc.calibrated_classifiers_[0].estimator
        return np.asarray(svc.n_iter_)

    def _fit_core(
        self, trials: TrialSet, y_idx: np.ndarray, progress: ProgressCallback, cancel: CancelToken
    ) -> None:
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.model_selection import StratifiedKFold
        from sklearn.svm import SVC

        cancel.raise_if_cancelled()
        progress(0.0, UserText.of("preparing features"))
        self._prep = FittedPreprocessing.fit(trials, self.input_adapter, "vector")
        x = self._prep.transform_vectors(trials)
        weights = resolve_class_weight(self.class_weight, self.classes_, y_idx)
        # with calibration, class weights become per-trial weights so that the Platt scaling is
        # fitted under the same weighting as the SVC (balanced weights: balanced probabilities,
        # not ones that lean back to the majority class); libsvm scales C per trial either way
        sample_weight = None
        if self.probability and weights is not None:
            sample_weight = np.array([weights[int(k)] for k in y_idx], dtype=np.float64)
        svc = SVC(
            kernel=self.kernel, C=self.C, gamma=self.gamma, degree=self.degree, coef0=self.coef0,
            shrinking=self.shrinking, tol=self.tol, max_iter=self.max_iter,
            class_weight=None if sample_weight is not None else weights,
            random_state=self.random_state,
        )  # fmt: skip
        estimator: Any = svc
        if self.probability:
            min_count = int(np.bincount(y_idx).min())
            if min_count < 2:
                raise DataError(
                    "probability=True needs at least 2 training trials per class for calibration "
                    f"(class counts: {trials.class_counts()}); add trials or set probability=False"
                )
            folds = StratifiedKFold(min(5, min_count), shuffle=True, random_state=self.random_state)
            estimator = CalibratedClassifierCV(svc, method="sigmoid", cv=folds, ensemble=False)
        progress(
            0.05,
            UserText.of("fitting the SVM on {n} trials x {f} features", n=x.shape[0], f=x.shape[1]),
        )
        estimator.fit(x, y_idx, sample_weight=sample_weight)
        if cancel.cancelled:  # libsvm cannot be interrupted; honour the request afterwards
            raise Cancelled("training cancelled by the user; nothing was saved")
        self._estimator = estimator
        progress(0.95, UserText.of("SVM fitted"))

    def _predict_proba_core(self, trials: TrialSet) -> np.ndarray:
        assert self._prep is not None
        x = self._prep.transform_vectors(trials)
        if self.probability:
            return _calibrated_proba(self._estimator, x)
        scores = np.asarray(self._estimator.decision_function(x), dtype=np.float64)
        if scores.ndim == 1:
            pos = 1.0 / (1.0 + np.exp(-scores))
            return np.column_stack([1.0 - pos, pos])
        z = np.exp(scores - scores.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def _payload_to_bytes(self) -> tuple[bytes, str]:
        return estimator_to_payload(self, self._estimator)

    def _payload_from_bytes(self, payload: bytes, name: str, path: Path) -> None:
        self._estimator = estimator_from_payload(self, payload, name, path)


def _calibrated_proba(estimator: Any, x: np.ndarray) -> np.ndarray:
    """``CalibratedClassifierCV(..., ensemble=False, method='sigmoid').predict_proba(x)``
    without scikit-learn's per-call input validation (most of a single-trial query's time).

    Same arithmetic as ``sklearn.calibration._CalibratedClassifier.predict_proba``; any other
    structure falls back to the estimator's own ``predict_proba``. bcigui trains on class
    indices 0..K-1, so calibrator k belongs to class k.
    """
    calibrated = getattr(estimator, "calibrated_classifiers_", None)
    if not calibrated or len(calibrated) != 1 or calibrated[0].method != "sigmoid":
        return np.asarray(estimator.predict_proba(x))
    model = calibrated[0]
    n_classes = len(model.classes)
    scores = np.asarray(model.estimator.decision_function(x), dtype=np.float64)
    scores = scores.reshape(len(x), -1)
    proba = np.zeros((len(x), n_classes))
    for k, (column, calibrator) in enumerate(zip(scores.T, model.calibrators, strict=True)):
        proba[:, k + 1 if n_classes == 2 else k] = 1.0 / (
            1.0 + np.exp(calibrator.a_ * column + calibrator.b_)
        )
    if n_classes == 2:
        proba[:, 0] = 1.0 - proba[:, 1]
        return proba
    total = proba.sum(axis=1, keepdims=True)
    uniform = np.full_like(proba, 1.0 / n_classes)
    return np.divide(proba, total, out=uniform, where=total != 0)
