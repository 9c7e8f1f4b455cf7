"""Common base of the Keras classifiers (LSTMNet, SVNN): training loop, validation split,
class weights, fast inference and the ``.keras`` payload. TensorFlow is imported lazily."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, PrivateAttr

from bcigui.classifiers.base import BaseClassifier
from bcigui.classifiers.config import InputAdapter, SequenceAdapter
from bcigui.classifiers.form_hints import form_hint
from bcigui.classifiers.preprocessing import FittedPreprocessing
from bcigui.classifiers.progress import CancelToken, ProgressCallback, scaled
from bcigui.data.trialset import TrialSet
from bcigui.errors import Cancelled, ConfigError, ModelFileError, TrainingError, UserText

log = logging.getLogger(__name__)

#: Share of the progress bar that the epochs fill; evaluation and saving take the rest.
TRAINING_SHARE = 0.95


def resolve_class_weight(
    class_weight: Any, classes: np.ndarray, y_idx: np.ndarray
) -> dict[int, float] | None:
    """Class weights by class index for ``'balanced'``, a ``{label: weight}`` dict, or None."""
    if class_weight is None:
        return None
    if class_weight == "balanced":
        counts = np.bincount(y_idx, minlength=len(classes)).astype(np.float64)
        weights = len(y_idx) / (len(classes) * np.maximum(counts, 1))
        return {i: float(w) for i, w in enumerate(weights)}
    if isinstance(class_weight, dict):
        unknown = set(class_weight) - set(classes.tolist())
        if unknown:
            raise ConfigError(f"class_weight names classes not in the data: {sorted(unknown)}")
        return {i: float(class_weight.get(c, 1.0)) for i, c in enumerate(classes.tolist())}
    raise ConfigError(f"class_weight must be None, 'balanced' or a dict, got {class_weight!r}")


def validation_split(
    y_idx: np.ndarray, fraction: float, seed: int | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Stratified split of *training* indices into (fit, validation); validation may be None.

    No split when ``fraction`` is 0 or a class has fewer than 2 trials (then there is nothing to
    hold out without losing the class from training).
    """
    n = len(y_idx)
    counts = np.bincount(y_idx)
    n_val = round(n * fraction)
    if (
        fraction <= 0
        or counts[counts > 0].min() < 2
        or n_val < len(counts)
        or n - n_val < len(counts)
    ):
        if fraction > 0:
            log.info("no validation split: too few trials per class (%s)", counts.tolist())
        return np.arange(n), None
    from sklearn.model_selection import train_test_split

    fit_idx, val_idx = train_test_split(
        np.arange(n), test_size=n_val, stratify=y_idx, random_state=seed
    )
    return np.sort(fit_idx), np.sort(val_idx)


class NetworkClassifier(BaseClassifier):
    """A classifier whose model is a Keras network (``.keras`` payload, safe_mode on load)."""

    prep_mode: ClassVar[Literal["vector", "sequence"]] = "vector"

    epochs: int = Field(
        50,
        ge=1,
        le=100_000,
        description="Passes over the training data.",
        json_schema_extra=form_hint(group="training", order=10),
    )
    batch_size: int = Field(
        32,
        ge=1,
        le=65_536,
        description="Trials per gradient step.",
        json_schema_extra=form_hint(group="training", order=20),
    )
    learning_rate: float = Field(
        1e-3,
        gt=0.0,
        le=10.0,
        description="Adam learning rate.",
        json_schema_extra=form_hint(group="training", order=30),
    )
    validation_fraction: float = Field(
        0.2,
        ge=0.0,
        lt=0.9,
        description="Share of the training trials held out (stratified) for validation curves "
        "and early stopping. Never the test set.",
        json_schema_extra=form_hint(group="training", order=40, label="Validation share"),
    )
    early_stopping_patience: int | None = Field(
        10, ge=1, description="Stop after this many epochs without val_loss improvement "
        "and go back to the best epoch's weights; a run that uses all its epochs keeps its "
        "last weights (None: train all epochs).",
        json_schema_extra=form_hint(
            group="training", order=50, label="Early stopping patience", none_text="off"
        ),
    )  # fmt: skip

    input_noise: float = Field(
        0.0, ge=0.0, le=10.0, description="SD of Gaussian noise added to the (standardised) "
        "inputs during training only: a regulariser for small EEG sets (0: off).",
        json_schema_extra=form_hint(group="training", order=70, label="Input noise (SD)"),
    )  # fmt: skip

    _network: Any = PrivateAttr(default=None)
    _predictor: Any = PrivateAttr(default=None)

    # ---------------------------------------------------------------- subclass hooks
    def _adapter(self) -> InputAdapter | SequenceAdapter:
        raise NotImplementedError

    def _build_network(self, n_features: int, n_classes: int) -> Any:
        raise NotImplementedError

    def _network_inputs(self, trials: TrialSet) -> np.ndarray:
        """Model input array for ``trials`` (after the fitted preprocessing)."""
        raise NotImplementedError

    # ---------------------------------------------------------------- training
    def _fit_core(
        self, trials: TrialSet, y_idx: np.ndarray, progress: ProgressCallback, cancel: CancelToken
    ) -> None:
        from bcigui.classifiers import keras_training as kt

        cancel.raise_if_cancelled()
        progress(0.0, UserText.of("preparing data"))
        self._prep = FittedPreprocessing.fit(trials, self._adapter(), self.prep_mode)
        x_all = self._network_inputs(trials)
        fit_idx, val_idx = validation_split(y_idx, self.validation_fraction, self.random_state)
        validation = None if val_idx is None else (x_all[val_idx], y_idx[val_idx])
        kt.set_seed(self.random_state)
        progress(0.0, UserText.of("building the network"))
        network = self._build_network(self._prep.n_features, len(self.classes_))
        history, cancelled = kt.train_network(
            network,
            x_all[fit_idx],
            y_idx[fit_idx],
            validation,
            epochs=self.epochs,
            batch_size=self.batch_size,
            learning_rate=self.learning_rate,
            class_weight=resolve_class_weight(self.class_weight, self.classes_, y_idx[fit_idx]),
            early_stopping_patience=self.early_stopping_patience,
            progress=scaled(progress, TRAINING_SHARE),
            cancel=cancel,
        )
        if cancelled:
            raise Cancelled("training cancelled by the user; nothing was saved")
        losses = np.asarray(history.get("loss", [np.nan]), dtype=np.float64)
        if losses.size == 0 or not np.all(np.isfinite(losses)):
            raise TrainingError(
                f"training diverged: the loss became NaN or infinite at epoch {losses.size}; "
                "lower the learning rate or check the data scale"
            )
        self._network = network
        self._predictor = None
        self._history = history

    # ---------------------------------------------------------------- inference
    @property
    def network_(self) -> Any:
        """The trained Keras model."""
        self._require_fitted()
        return self._network

    def _predict_proba_core(self, trials: TrialSet) -> np.ndarray:
        if self._predictor is None:
            from bcigui.classifiers.keras_training import CompiledPredictor

            self._predictor = CompiledPredictor(self._network)
        return self._predictor(self._network_inputs(trials))

    # ---------------------------------------------------------------- persistence
    def _payload_to_bytes(self) -> tuple[bytes, str]:
        from bcigui.modelfile.payloads import keras_to_bytes

        return keras_to_bytes(self._network), "model.keras"

    def _payload_from_bytes(self, payload: bytes, name: str, path: Path) -> None:
        from bcigui.classifiers.keras_layers import CUSTOM_OBJECTS
        from bcigui.modelfile.payloads import keras_from_bytes

        if name != "model.keras":
            raise ModelFileError(path, f"expected a Keras payload, found {name!r}")
        self._network = keras_from_bytes(payload, CUSTOM_OBJECTS, source=path)
        self._predictor = None

    def count_params(self, n_features: int, n_classes: int) -> int:
        """Trainable parameter count of the network this config builds (for the GUI)."""
        return int(self._build_network(n_features, n_classes).count_params())

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        private = dict(state.get("__pydantic_private__") or {})
        private["_predictor"] = None
        state["__pydantic_private__"] = private
        return state
