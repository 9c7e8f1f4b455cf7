"""A classifier written outside bcigui, as a lab would add one.

This module (the class and its one ``@register``) is all it takes: the GUI form, the model
library, saving and loading and the seed API come with the registration. It is imported by the
``toy_classifier`` fixture (tests/conftest.py), which unregisters it afterwards.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field

from bcigui.classifiers.form_hints import form_hint
from bcigui.classifiers.registry import register
from bcigui.classifiers.sklearn_pipeline import PipelineClassifier
from bcigui.data.trialset import TrialSet


@register(payload_types=("sklearn.naive_bayes.GaussianNB",))
class ToyNB(PipelineClassifier):
    """Gaussian naive Bayes on one number per channel: its mean or its variance over the trial."""

    model_type: ClassVar[str] = "toy_nb"
    display_name: ClassVar[str] = "Toy naive Bayes"

    feature: Literal["mean", "variance"] = Field(
        "mean",
        description="What each channel contributes: its mean or its variance over the trial.",
        json_schema_extra=form_hint(label="Channel feature"),
    )
    var_smoothing: float = Field(
        1e-9,
        gt=0.0,
        le=1.0,
        description="Share of the largest feature variance added to every variance.",
        json_schema_extra=form_hint(group="advanced", label="Variance smoothing"),
    )

    def _make_estimator(self, trials: TrialSet, y_idx: np.ndarray) -> Any:
        from sklearn.naive_bayes import GaussianNB

        return GaussianNB(var_smoothing=self.var_smoothing)

    def _features(self, trials: TrialSet) -> np.ndarray:
        """One value per channel, shape ``(n_trials, n_channels)``."""
        X = super()._features(trials)
        return X.mean(axis=2) if self.feature == "mean" else X.var(axis=2)
