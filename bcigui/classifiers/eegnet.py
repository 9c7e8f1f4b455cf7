"""EEGNet: the compact convolutional network of Lawhern et al. (2018), EEGNet-F1,D in Keras 3."""

from __future__ import annotations

import logging
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, PrivateAttr

from bcigui.classifiers.config import SequenceAdapter
from bcigui.classifiers.form_hints import form_hint
from bcigui.classifiers.network import NetworkClassifier
from bcigui.classifiers.progress import CancelToken, ProgressCallback
from bcigui.classifiers.registry import register
from bcigui.classifiers.sklearn_pipeline import decimation_factor
from bcigui.data.trialset import TrialSet
from bcigui.errors import ConfigError, DataError

log = logging.getLogger(__name__)


@register
class EEGNet(NetworkClassifier):
    """EEGNet-F1,D (default EEGNet-8,2) for ERP and oscillatory paradigms alike.

    The network (Lawhern et al. 2018, J. Neural Eng. 15:056013), input one trial
    ``(n_channels, n_times)``:

    1. ``Conv2D(F1, (1, kernel_length))``: temporal filters (band-pass-like), BatchNorm;
    2. ``DepthwiseConv2D((n_channels, 1), depth_multiplier=D)`` with a max-norm of
       ``depthwise_max_norm``: D spatial filters per temporal filter, BatchNorm, ELU,
       ``AveragePooling2D((1, pool1))``, dropout;
    3. ``SeparableConv2D(F2, (1, separable_kernel_length))``, BatchNorm, ELU,
       ``AveragePooling2D((1, pool2))``, dropout;
    4. ``Flatten``, ``Dense(n_classes)`` with a max-norm of ``dense_max_norm``, softmax.

    Kernel lengths are set in seconds of signal, as in the paper (64 and 16 samples at
    128 Hz): ``kernel_length`` defaults to half a second and ``separable_kernel_length`` to
    an eighth, at the network's rate. Trials are first decimated (block averages) to about
    ``target_sfreq``; their rate comes from the data, or from ``sfreq`` when the data do not
    carry one. Each channel is standardised with its training-set mean and SD. Needs
    equal-length trials of at least ``pool1 * pool2`` samples after decimation.
    """

    model_type: ClassVar[str] = "eegnet"
    display_name: ClassVar[str] = "EEGNet"
    prep_mode: ClassVar[Literal["vector", "sequence"]] = "sequence"

    F1: int = Field(8, ge=1, le=256, description="Temporal filters (first convolution).")
    D: int = Field(2, ge=1, le=16, description="Spatial filters per temporal filter (depth).")
    F2: int | None = Field(
        None, ge=1, le=1024, description="Pointwise filters of the separable convolution "
        "(None: F1 x D, as in the paper).",
    )  # fmt: skip
    kernel_length: int | None = Field(
        None, ge=1, le=4096, description="Temporal kernel in samples at the network's rate "
        "(None: half a second, 64 at 128 Hz).",
    )  # fmt: skip
    separable_kernel_length: int | None = Field(
        None, ge=1, le=1024, description="Separable convolution kernel in samples "
        "(None: an eighth of a second, 16 at 128 Hz).",
    )  # fmt: skip
    pool1: int = Field(4, ge=1, le=64, description="Average pooling after the spatial filters.")
    pool2: int = Field(8, ge=1, le=64, description="Average pooling after the separable conv.")
    dropout: float = Field(
        0.5, ge=0.0, lt=1.0, description="Dropout rate (0.5 within-subject, 0.25 across "
        "subjects, as in the paper).",
    )  # fmt: skip
    dropout_type: Literal["Dropout", "SpatialDropout2D"] = Field(
        "Dropout", description="Plain dropout or whole-feature-map dropout."
    )
    depthwise_max_norm: float = Field(
        1.0, gt=0.0, le=100.0, description="Max-norm constraint on each spatial filter."
    )
    dense_max_norm: float = Field(
        0.25, gt=0.0, le=100.0, description="Max-norm constraint on the classification layer."
    )
    target_sfreq: float | None = Field(
        128.0, gt=0.0, le=10_000.0, description="Decimate trials to about this rate in Hz "
        "(None: keep the data's rate).",
    )  # fmt: skip
    sfreq: float | None = Field(
        None, gt=0.0, le=100_000.0, description="Sampling rate of the trials in Hz when the "
        "data do not carry one (None: taken from the data; 128 Hz assumed if unknown).",
    )  # fmt: skip
    epochs: int = Field(
        100,
        ge=1,
        le=100_000,
        description="Passes over the training data.",
        json_schema_extra=form_hint(group="training", order=10),
    )
    batch_size: int = Field(
        64,
        ge=1,
        le=65_536,
        description="Trials per gradient step.",
        json_schema_extra=form_hint(group="training", order=20),
    )
    early_stopping_patience: int | None = Field(
        20, ge=1, description="Stop after this many epochs without val_loss improvement "
        "and go back to the best epoch's weights; a run that uses all its epochs keeps its "
        "last weights (None: train all epochs).",
        json_schema_extra=form_hint(
            group="training", order=50, label="Early stopping patience", none_text="off"
        ),
    )  # fmt: skip

    _fit_adapter: SequenceAdapter | None = PrivateAttr(default=None)
    _fit_geometry: tuple[float, int] = PrivateAttr(default=(128.0, 128))

    # ---------------------------------------------------------------- geometry
    def _data_sfreq(self, trials: TrialSet) -> float | None:
        return trials.sfreq if trials.sfreq is not None else self.sfreq

    def network_sfreq(self, data_sfreq: float | None) -> float:
        """The rate the network sees, in Hz, for data sampled at ``data_sfreq``."""
        rate = data_sfreq if data_sfreq is not None else 128.0
        return rate / decimation_factor(data_sfreq, self.target_sfreq, None)

    def kernel_lengths(self, network_sfreq: float) -> tuple[int, int]:
        """``(kernel_length, separable_kernel_length)`` in samples at ``network_sfreq``."""
        first = self.kernel_length or max(round(network_sfreq / 2), 1)
        second = self.separable_kernel_length or max(round(network_sfreq / 8), 1)
        return first, second

    # ---------------------------------------------------------------- NetworkClassifier hooks
    def _adapter(self) -> SequenceAdapter:
        return self._fit_adapter or SequenceAdapter(
            detrend="none", scale="standard", clip=None, target_steps=None, antialias="boxcar"
        )

    def _fit_core(
        self, trials: TrialSet, y_idx: np.ndarray, progress: ProgressCallback, cancel: CancelToken
    ) -> None:
        trials.check_equal_lengths()
        data_sfreq = self._data_sfreq(trials)
        if data_sfreq is None:
            log.info("EEGNet: sampling rate unknown; assuming 128 Hz for the kernel lengths")
        factor = decimation_factor(data_sfreq, self.target_sfreq, None)
        n_times = int(trials.lengths[0])
        if n_times // factor < self.pool1 * self.pool2:
            raise ConfigError(
                f"EEGNet needs at least pool1 x pool2 = {self.pool1 * self.pool2} samples per "
                f"trial after decimation by {factor}; the trials have {n_times // factor}. Use "
                "longer trials, a higher target_sfreq or smaller pool sizes"
            )
        # per-channel standardisation (over all time steps) and decimation, fitted by the base
        self._fit_adapter = SequenceAdapter(
            detrend="none", scale="standard", clip=None, decimate=factor, target_steps=None,
            antialias="boxcar",
        )  # fmt: skip
        self._fit_geometry = (self.network_sfreq(data_sfreq), n_times)
        super()._fit_core(trials, y_idx, progress, cancel)
        assert self._prep is not None
        self._prep.n_times = n_times  # the network has a fixed input length; saved with it

    def _network_inputs(self, trials: TrialSet) -> np.ndarray:
        assert self._prep is not None
        expected = self._prep.n_times
        if expected is not None:
            bad = np.flatnonzero(trials.lengths != expected)
            if bad.size:
                src = trials.sources[bad[0]].file if trials.sources else f"trial {bad[0]}"
                raise DataError(
                    f"{src}: EEGNet expects trials of {expected} time samples, got "
                    f"{trials.lengths[bad[0]]} (crop or resample the trials to match training)"
                )
        seqs = self._prep.transform_sequences(trials)  # (n_times', n_channels) each
        x = np.stack(seqs).transpose(0, 2, 1)  # (n_trials, n_channels, n_times')
        return np.ascontiguousarray(x[..., np.newaxis], dtype=np.float32)

    def count_params(
        self, n_features: int, n_classes: int, n_times: int | None = None,
        data_sfreq: float | None = None,
    ) -> int:  # fmt: skip
        """Trainable parameters for ``n_features`` channels and ``n_classes`` classes.

        ``n_times`` is the trial length in samples at ``data_sfreq`` (default: one second);
        the classification layer's size depends on it.
        """
        import keras

        rate = data_sfreq if data_sfreq is not None else self.sfreq
        network_sfreq = self.network_sfreq(rate)
        factor = decimation_factor(rate, self.target_sfreq, None)
        length = n_times if n_times is not None else round(network_sfreq * factor)
        network = build_eegnet(
            self, n_channels=n_features, n_times=max(length // factor, 1), n_classes=n_classes,
            kernels=self.kernel_lengths(network_sfreq), keras=keras,
        )  # fmt: skip
        return int(network.count_params())

    def _build_network(self, n_features: int, n_classes: int) -> Any:
        import keras

        assert self._prep is not None
        network_sfreq, n_times = self._fit_geometry
        return build_eegnet(
            self,
            n_channels=n_features,
            n_times=max(n_times // self._prep.adapter.decimate, 1),
            n_classes=n_classes,
            kernels=self.kernel_lengths(network_sfreq),
            keras=keras,
        )


def build_eegnet(
    cfg: EEGNet, *, n_channels: int, n_times: int, n_classes: int, kernels: tuple[int, int],
    keras: Any,
) -> Any:  # fmt: skip
    """The EEGNet Keras model for ``cfg`` and input ``(n_channels, n_times, 1)``.

    Only stock Keras layers, no Lambda: the ``.keras`` file loads with ``safe_mode=True``.
    """
    layers = keras.layers
    constraints = keras.constraints
    dropout = layers.SpatialDropout2D if cfg.dropout_type == "SpatialDropout2D" else layers.Dropout
    f2 = cfg.F2 or cfg.F1 * cfg.D
    inputs = keras.Input(shape=(n_channels, n_times, 1), name="trials")
    x = inputs
    if cfg.input_noise > 0:
        x = layers.GaussianNoise(cfg.input_noise, name="input_noise")(x)
    x = layers.Conv2D(
        cfg.F1, (1, kernels[0]), padding="same", use_bias=False, name="temporal_conv"
    )(x)
    x = layers.BatchNormalization(name="temporal_bn")(x)
    x = layers.DepthwiseConv2D(
        (n_channels, 1),
        use_bias=False,
        depth_multiplier=cfg.D,
        depthwise_constraint=constraints.MaxNorm(cfg.depthwise_max_norm),
        name="spatial_conv",
    )(x)
    x = layers.BatchNormalization(name="spatial_bn")(x)
    x = layers.Activation("elu", name="spatial_elu")(x)
    x = layers.AveragePooling2D((1, cfg.pool1), name="spatial_pool")(x)
    x = dropout(cfg.dropout, name="spatial_dropout")(x)
    x = layers.SeparableConv2D(
        f2, (1, kernels[1]), padding="same", use_bias=False, name="separable_conv"
    )(x)
    x = layers.BatchNormalization(name="separable_bn")(x)
    x = layers.Activation("elu", name="separable_elu")(x)
    x = layers.AveragePooling2D((1, cfg.pool2), name="separable_pool")(x)
    x = dropout(cfg.dropout, name="separable_dropout")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(
        n_classes, kernel_constraint=constraints.MaxNorm(cfg.dense_max_norm), name="dense"
    )(x)
    outputs = layers.Activation("softmax", name="classification")(x)
    return keras.Model(inputs, outputs, name="EEGNet")
