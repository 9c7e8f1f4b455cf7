"""SVNN: a small fully connected Keras network on feature vectors made from each trial."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field

from bcigui.classifiers.config import DenseLayer, InputAdapter
from bcigui.classifiers.form_hints import form_hint
from bcigui.classifiers.network import NetworkClassifier
from bcigui.classifiers.registry import register
from bcigui.data.trialset import TrialSet
from bcigui.errors import ConfigError

#: Dropout rate and L2 weight penalty of the default hidden layers (measured on the demo P300
#: set: ROC-AUC 0.83 without them, stopping after 12 epochs; 0.95 with them, see bench_defaults).
DEFAULT_DROPOUT = 0.5
DEFAULT_L2 = 1e-2


@register
class SVNN(NetworkClassifier):
    """A multilayer perceptron on feature vectors.

    Each trial ``(n_channels, n_times)`` becomes a vector through ``input_adapter`` (decimation,
    flattening or averaging, standardisation fitted on the training set), then passes through
    ``layers`` (default: two hidden layers of ``hidden_size`` ReLU units, each with dropout 0.5
    and an L2 weight penalty of 0.01, so that a few hundred trials of several hundred features
    do not overfit within a few epochs) and a softmax output.
    """

    model_type: ClassVar[str] = "svnn"
    display_name: ClassVar[str] = "SVNN"
    prep_mode: ClassVar[Literal["vector", "sequence"]] = "vector"

    hidden_size: int = Field(
        64,
        ge=1,
        le=100_000,
        description="Units per default hidden layer.",
        json_schema_extra=form_hint(label="Hidden units"),
    )
    layers: list[DenseLayer] | None = Field(
        None,
        description="Hidden layers (None: two ReLU layers of hidden_size units).",
        json_schema_extra=form_hint(label="Layers"),
    )
    classification_units: int | None = Field(
        None,
        ge=2,
        description="Output units = number of classes (None: taken from the data).",
        json_schema_extra=form_hint(group="advanced", label="Output units"),
    )
    input_adapter: InputAdapter = Field(
        default_factory=InputAdapter,
        description="How trials become feature vectors.",
        json_schema_extra=form_hint(label="Input preprocessing"),
    )

    def hidden_layers(self) -> list[DenseLayer]:
        """The hidden layers that will be built (``layers``, or the regularised default pair)."""
        if self.layers is not None:
            return list(self.layers)
        return [
            DenseLayer(
                units=self.hidden_size,
                dropout=DEFAULT_DROPOUT,
                kernel_regularizer="l2",
                regularizer_value=DEFAULT_L2,
            )
            for _ in range(2)
        ]

    def _adapter(self) -> InputAdapter:
        return self.input_adapter

    def _validate_for_data(self, trials: TrialSet, classes: np.ndarray) -> None:
        if self.classification_units is not None and self.classification_units != len(classes):
            raise ConfigError(
                f"classification_units is {self.classification_units} but the training data "
                f"have {len(classes)} classes ({', '.join(map(str, classes.tolist()))})"
            )

    def _network_inputs(self, trials: TrialSet) -> np.ndarray:
        assert self._prep is not None
        return self._prep.transform_vectors(trials)

    def _build_network(self, n_features: int, n_classes: int) -> Any:
        import keras

        from bcigui.classifiers.keras_layers import dense_block

        inputs = keras.Input(shape=(n_features,), name="features")
        x = inputs
        if self.input_noise > 0:
            x = keras.layers.GaussianNoise(self.input_noise, name="input_noise")(x)
        for k, layer in enumerate(self.hidden_layers()):
            x = dense_block(x, layer, f"hidden_{k + 1}")
        outputs = keras.layers.Dense(n_classes, activation="softmax", name="classification")(x)
        return keras.Model(inputs, outputs, name="SVNN")
