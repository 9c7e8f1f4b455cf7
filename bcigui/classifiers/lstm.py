"""LSTMNet: a (bidirectional, stacked) LSTM sequence classifier with mask-aware pooling."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, field_validator

from bcigui.classifiers.config import (
    ActivationFunction,
    DenseLayer,
    SequenceAdapter,
    SequenceEncoder,
)
from bcigui.classifiers.form_hints import form_hint
from bcigui.classifiers.network import NetworkClassifier
from bcigui.classifiers.registry import register
from bcigui.data.trialset import TrialSet
from bcigui.errors import ConfigError


@register
class LSTMNet(NetworkClassifier):
    """LSTM classifier for trials of any length.

    Each trial is a sequence of ``T`` time steps with ``F`` features (the seed's ``(T, F)``;
    channels are the features). Sequences of different lengths are padded with
    ``encoder.pad_value`` and masked, so test and query trials may be longer or shorter than the
    training ones. The encoder's output is pooled over time (``last`` valid step, masked ``mean``
    or ``max``, or learned ``attention``), passed through ``fc_layers`` and a softmax layer.

    Examples
    --------
    >>> cfg = LSTMNet(
    ...     encoder=SequenceEncoder(input_feature_dim=8, layers=[LSTMLayer(hidden_size=16)]),
    ...     classification=DenseLayer(units=2, activation=ActivationFunction(kind="softmax")),
    ... )
    """

    model_type: ClassVar[str] = "lstm"
    display_name: ClassVar[str] = "LSTMNet"
    prep_mode: ClassVar[Literal["vector", "sequence"]] = "sequence"

    encoder: SequenceEncoder = Field(
        default_factory=SequenceEncoder,
        description="LSTM encoder.",
        json_schema_extra=form_hint(label="LSTM encoder"),
    )
    pooling: Literal["last", "mean", "max", "attention"] = Field(
        "last", description="How the encoder's time steps become one vector (mask-aware)."
    )
    fc_layers: list[DenseLayer] = Field(
        default_factory=list,
        description="Fully connected layers after pooling.",
        json_schema_extra=form_hint(label="Dense layers after pooling"),
    )
    classification: DenseLayer | None = Field(
        None,
        description="Output layer: softmax, one unit per class (None: sized from the data).",
        json_schema_extra=form_hint(
            group="advanced",
            label="Output layer (custom)",
            template={"activation": {"kind": "softmax"}},
        ),
    )
    input_adapter: SequenceAdapter = Field(
        default_factory=SequenceAdapter,
        description="Scaling and decimation fitted on training.",
        json_schema_extra=form_hint(label="Input preprocessing"),
    )

    @field_validator("classification")
    @classmethod
    def _softmax_output(cls, value: DenseLayer | None) -> DenseLayer | None:
        if value is not None and value.activation.kind != "softmax":
            raise ValueError(
                f"the classification layer must use softmax, got {value.activation.kind!r}"
            )
        return value

    def _adapter(self) -> SequenceAdapter:
        return self.input_adapter

    def _validate_for_data(self, trials: TrialSet, classes: np.ndarray) -> None:
        dim = self.encoder.input_feature_dim
        if dim is not None and dim != trials.n_channels:
            raise ConfigError(
                f"encoder.input_feature_dim is {dim} but the training trials have "
                f"{trials.n_channels} features per time step"
            )
        if self.classification is not None and self.classification.units != len(classes):
            raise ConfigError(
                f"classification.units is {self.classification.units} but the training data "
                f"have {len(classes)} classes ({', '.join(map(str, classes.tolist()))})"
            )

    def _network_inputs(self, trials: TrialSet) -> np.ndarray:
        assert self._prep is not None
        seqs = self._prep.transform_sequences(trials)
        longest = max(len(s) for s in seqs)
        out = np.full((len(seqs), longest, seqs[0].shape[1]), self.encoder.pad_value, np.float32)
        for i, s in enumerate(seqs):
            out[i, : len(s)] = s
        return out

    def _build_network(self, n_features: int, n_classes: int) -> Any:
        import keras

        from bcigui.classifiers.keras_layers import AttentionPooling1D, MaskedPooling1D, dense_block

        inputs = keras.Input(shape=(None, n_features), name="sequences")
        x = keras.layers.Masking(mask_value=self.encoder.pad_value, name="mask")(inputs)
        if self.input_noise > 0:  # after masking, so padded steps stay recognisable
            x = keras.layers.GaussianNoise(self.input_noise, name="input_noise")(x)
        stack = [layer for layer in self.encoder.layers for _ in range(layer.num_layers)]
        for k, cfg in enumerate(stack):
            last = k == len(stack) - 1
            lstm = keras.layers.LSTM(
                cfg.hidden_size,
                return_sequences=not last or self.pooling != "last",
                dropout=cfg.dropout,
                recurrent_dropout=cfg.recurrent_dropout,
                use_bias=cfg.use_bias,
                kernel_initializer=cfg.kernel_initializer,
                recurrent_initializer=cfg.recurrent_initializer,
                unit_forget_bias=cfg.unit_forget_bias,
                name=f"lstm_{k + 1}",
            )
            x = (
                keras.layers.Bidirectional(lstm, name=f"bilstm_{k + 1}")(x)
                if cfg.bidirectional
                else lstm(x)
            )
        if self.pooling in ("mean", "max"):
            x = MaskedPooling1D(self.pooling, name=f"{self.pooling}_pool")(x)
        elif self.pooling == "attention":
            x = AttentionPooling1D(units=32, name="attention_pool")(x)
        for k, layer in enumerate(self.fc_layers):
            x = dense_block(x, layer, f"fc_{k + 1}")
        out = self.classification or DenseLayer(
            units=n_classes, activation=ActivationFunction(kind="softmax")
        )
        outputs = keras.layers.Dense(
            n_classes,
            activation="softmax",
            kernel_initializer=out.kernel_initializer,
            bias_initializer=out.bias_initializer,
            name="classification",
        )(x)
        return keras.Model(inputs, outputs, name="LSTMNet")
