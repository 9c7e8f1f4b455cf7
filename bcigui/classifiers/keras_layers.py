"""Custom Keras layers of bcigui, registered so that ``safe_mode`` loading finds them.

No Lambda layers anywhere: a ``.keras`` file built from these loads with ``safe_mode=True``.
Import this module only when TensorFlow is wanted (it imports Keras).
"""

from __future__ import annotations

from typing import Any

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="bcigui")
class MaskedPooling1D(keras.layers.Layer):
    """Mean or max over time that ignores masked (padded) steps.

    Input ``(batch, time, features)`` with a mask ``(batch, time)``; output ``(batch, features)``.
    """

    def __init__(self, mode: str = "mean", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if mode not in {"mean", "max"}:
            raise ValueError(f"mode must be 'mean' or 'max', got {mode!r}")
        self.mode = mode
        self.supports_masking = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is None:
            return ops.mean(inputs, axis=1) if self.mode == "mean" else ops.max(inputs, axis=1)
        m = ops.expand_dims(ops.cast(mask, inputs.dtype), -1)
        if self.mode == "mean":
            total = ops.sum(inputs * m, axis=1)
            return total / ops.maximum(ops.sum(m, axis=1), 1.0)
        very_negative = ops.cast(-1e9, inputs.dtype)
        return ops.max(inputs * m + (1.0 - m) * very_negative, axis=1)

    def compute_mask(self, inputs: Any, mask: Any = None) -> None:
        return None

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return (input_shape[0], input_shape[2])

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "mode": self.mode}


@keras.saving.register_keras_serializable(package="bcigui")
class AttentionPooling1D(keras.layers.Layer):
    """Additive attention over time: a learned score per step, softmax over unmasked steps,
    weighted sum of the steps. Input ``(batch, time, features)``; output ``(batch, features)``."""

    def __init__(self, units: int = 32, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.units = units
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        features = int(input_shape[-1])  # type: ignore[arg-type]
        self.w = self.add_weight(
            shape=(features, self.units), initializer="glorot_uniform", name="w"
        )
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")
        self.v = self.add_weight(shape=(self.units, 1), initializer="glorot_uniform", name="v")

    def call(self, inputs: Any, mask: Any = None) -> Any:
        scores = ops.squeeze(ops.matmul(ops.tanh(ops.matmul(inputs, self.w) + self.b), self.v), -1)
        if mask is not None:
            scores = ops.where(mask, scores, ops.cast(-1e9, scores.dtype))
        weights = ops.softmax(scores, axis=-1)
        return ops.sum(inputs * ops.expand_dims(weights, -1), axis=1)

    def compute_mask(self, inputs: Any, mask: Any = None) -> None:
        return None

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return (input_shape[0], input_shape[2])

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "units": self.units}


CUSTOM_OBJECTS: dict[str, Any] = {
    "bcigui>MaskedPooling1D": MaskedPooling1D,
    "bcigui>AttentionPooling1D": AttentionPooling1D,
}


def dense_block(x: Any, layer: Any, name: str) -> Any:
    """Apply one :class:`~bcigui.classifiers.config.DenseLayer` config to tensor ``x``.

    Dense (linear) -> BatchNormalization (optional) -> the layer's own activation -> Dropout.
    """
    regularizer = None
    if layer.kernel_regularizer == "l1":
        regularizer = keras.regularizers.L1(layer.regularizer_value)
    elif layer.kernel_regularizer == "l2":
        regularizer = keras.regularizers.L2(layer.regularizer_value)
    elif layer.kernel_regularizer == "l1_l2":
        regularizer = keras.regularizers.L1L2(layer.regularizer_value, layer.regularizer_value)
    x = keras.layers.Dense(
        layer.units,
        kernel_initializer=layer.kernel_initializer,
        bias_initializer=layer.bias_initializer,
        kernel_regularizer=regularizer,
        name=f"{name}_dense",
    )(x)
    if layer.batchnorm:
        x = keras.layers.BatchNormalization(name=f"{name}_bn")(x)
    x = keras.layers.Activation(layer.activation.kind, name=f"{name}_{layer.activation.kind}")(x)
    if layer.dropout > 0:
        x = keras.layers.Dropout(layer.dropout, name=f"{name}_dropout")(x)
    return x
