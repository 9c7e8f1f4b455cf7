"""CSPLDA: common spatial patterns (log-variance features) + LDA, for imagery paradigms."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field

from bcigui.classifiers.registry import register
from bcigui.classifiers.sklearn_pipeline import PipelineClassifier, lda_priors
from bcigui.data.trialset import TrialSet


@register(
    payload_types=(
        "pyriemann.estimation.Covariances",
        "pyriemann.spatialfilters.CSP",
        "sklearn.discriminant_analysis.LinearDiscriminantAnalysis",
        "sklearn.pipeline.Pipeline",
    )
)
class CSPLDA(PipelineClassifier):
    """Common spatial patterns + linear discriminant analysis (Ramoser et al. 2000).

    Each trial's spatial covariance (``estimator``) is projected on ``n_components`` CSP
    filters, those whose variance differs most between the classes; the log-variances of the
    filtered signals feed an LDA. Two classes use the classic generalised-eigenvalue CSP; more
    classes use approximate joint diagonalisation (pyRiemann). The trials are expected to be
    band-passed to the rhythm of interest (e.g. 7-30 Hz for motor imagery) and cropped to the
    imagery period. ``class_weight`` sets the LDA priors (``'balanced'``: equal priors).

    Made for oscillatory paradigms (motor imagery): it does not fit ERP paradigms such as the
    P300, whose classes differ in the time course of their average, not in variance. On
    ERP-like training data it warns (:class:`~bcigui.classifiers.paradigm.ParadigmWarning`,
    also in ``TrainResult.warnings``); use ShrinkageLDA or XdawnRiemann for ERPs.
    """

    model_type: ClassVar[str] = "csp_lda"
    display_name: ClassVar[str] = "CSP + LDA"
    min_times: ClassVar[int] = 2
    _fit_failure_hint: ClassVar[str] = (
        "Use a shrinkage estimator ('oas' or 'lwf') when trials have fewer samples than "
        "channels; check the trials for flat or duplicated channels."
    )

    n_components: int = Field(
        6, ge=1, le=256, description="CSP filters kept (at most the number of channels)."
    )
    estimator: Literal["scm", "oas", "lwf"] = Field(
        "scm",
        description="Covariance estimator per trial: 'scm' (sample covariance, the classic "
        "choice), 'oas' or 'lwf' (shrinkage, for few samples or many channels).",
    )
    shrinkage: Literal["auto"] | float | None = Field(
        None,
        description="LDA covariance shrinkage: None (plain LDA, the classic choice), 'auto' "
        "(Ledoit-Wolf) or a number in [0, 1].",
    )

    def _data_warnings(self, trials: TrialSet, y_idx: np.ndarray) -> list[str]:
        from bcigui.classifiers.paradigm import ERP_EVIDENCE_THRESHOLD, erp_evidence

        evidence = erp_evidence(trials, y_idx)
        if evidence < ERP_EVIDENCE_THRESHOLD:
            return []
        return [
            f"{self.display_name} is made for oscillatory (imagery) paradigms, but the training "
            f"trials look like ERPs: their class averages differ in {evidence:.0%} of the "
            "(channel, time) bins, a time-locked difference that CSP's variance features do not "
            "see. Use ShrinkageLDA or XdawnRiemann for ERPs (P300)."
        ]

    def _make_estimator(self, trials: TrialSet, y_idx: np.ndarray) -> Any:
        from pyriemann.estimation import Covariances
        from pyriemann.spatialfilters import CSP
        from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
        from sklearn.pipeline import Pipeline

        from bcigui.errors import ConfigError

        if isinstance(self.shrinkage, float) and not 0.0 <= self.shrinkage <= 1.0:
            raise ConfigError(f"shrinkage must be 'auto', None or in [0, 1], got {self.shrinkage}")
        n_components = min(self.n_components, trials.n_channels)
        return Pipeline(
            [
                ("covariances", Covariances(estimator=self.estimator)),
                ("csp", CSP(nfilter=n_components, metric="euclid", log=True)),
                (
                    "lda",
                    LinearDiscriminantAnalysis(
                        solver="lsqr" if self.shrinkage is not None else "svd",
                        shrinkage=self.shrinkage,
                        priors=lda_priors(self.class_weight, self.classes_, y_idx),
                    ),
                ),
            ]
        )
