"""Declarative configuration blocks shared by the network classifiers (pydantic v2).

These are the seed prototype's config classes, kept field for field so that the lab's scripts
port by changing only their import line. Invalid values raise ``pydantic.ValidationError``
(a ``ValueError``) whose message names the field.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bcigui.classifiers.form_hints import form_hint
from bcigui.errors import UserText

Initializer = Literal[
    "glorot_uniform",
    "glorot_normal",
    "he_uniform",
    "he_normal",
    "lecun_uniform",
    "lecun_normal",
    "orthogonal",
    "zeros",
    "ones",
    "random_normal",
    "random_uniform",
]


class ConfigBlock(BaseModel):
    """Base of every config block: unknown fields are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    @classmethod
    def summary(cls, values: dict[str, Any]) -> str:
        """One line describing a block with these field values (not validated), as the GUI
        lists the blocks of a layer list: the class name and the first field's value."""
        first = next(iter(values), "")
        return _with_dropout(f"{cls.__name__} {values.get(first)!r}", values)


def _with_dropout(text: str, values: dict[str, Any]) -> str:
    """``text`` followed by the block's dropout rate when it has a non-zero one."""
    if not values.get("dropout"):
        return text
    return UserText.of("{text}, dropout {rate:g}", text=text, rate=values["dropout"])


class ActivationFunction(ConfigBlock):
    """An activation function by name."""

    kind: Literal["relu", "tanh", "sigmoid", "gelu", "softmax", "linear"] = Field(
        "relu",
        description="Activation function applied to the layer's output.",
        json_schema_extra=form_hint(label="Activation"),
    )


class DenseLayer(ConfigBlock):
    """A fully connected layer: Dense -> (BatchNorm) -> activation -> (Dropout)."""

    units: int = Field(64, ge=1, le=100_000, description="Number of units (neurons).")
    activation: ActivationFunction = Field(
        default_factory=ActivationFunction, description="This layer's own activation."
    )
    dropout: float = Field(0.0, ge=0.0, lt=1.0, description="Dropout rate after the layer (0-1).")
    batchnorm: bool = Field(
        False,
        description="Batch normalisation before the activation.",
        json_schema_extra=form_hint(label="Batch normalisation"),
    )
    kernel_initializer: Initializer = Field(
        "glorot_uniform",
        description="Weight initialiser.",
        json_schema_extra=form_hint(group="advanced"),
    )
    bias_initializer: Initializer = Field(
        "zeros",
        description="Bias initialiser.",
        json_schema_extra=form_hint(group="advanced"),
    )
    kernel_regularizer: Literal["l1", "l2", "l1_l2"] | None = Field(
        None,
        description="Weight penalty (none, l1, l2 or both).",
        json_schema_extra=form_hint(group="advanced"),
    )
    regularizer_value: float = Field(
        1e-4,
        gt=0.0,
        description="Strength of the weight penalty.",
        json_schema_extra=form_hint(group="advanced"),
    )

    @classmethod
    def summary(cls, values: dict[str, Any]) -> str:
        """``"Dense 64 relu, batchnorm, dropout 0.5"``."""
        kind = (values.get("activation") or {}).get("kind", "relu")
        text = f"Dense {values.get('units')} {kind}"
        return _with_dropout(text + (", batchnorm" if values.get("batchnorm") else ""), values)


class LSTMLayer(ConfigBlock):
    """One (possibly stacked, possibly bidirectional) LSTM block."""

    hidden_size: int = Field(
        64,
        ge=1,
        le=4096,
        description="Units per direction.",
        json_schema_extra=form_hint(label="Hidden units"),
    )
    bidirectional: bool = Field(False, description="Read the sequence in both directions.")
    num_layers: int = Field(
        1,
        ge=1,
        le=10,
        description="How many such LSTM layers to stack.",
        json_schema_extra=form_hint(label="Stacked layers"),
    )
    dropout: float = Field(0.0, ge=0.0, lt=1.0, description="Input dropout rate (0-1).")
    recurrent_dropout: float = Field(
        0.0,
        ge=0.0,
        lt=1.0,
        description="Recurrent-state dropout rate (0-1).",
        json_schema_extra=form_hint(group="advanced"),
    )
    return_sequences: bool = Field(
        False,
        description="Return every time step. Layers followed by another LSTM always do; "
        "the last one does whenever pooling is not 'last'.",
        json_schema_extra=form_hint(group="advanced"),
    )
    use_bias: bool = Field(
        True,
        description="Use bias vectors.",
        json_schema_extra=form_hint(group="advanced"),
    )
    kernel_initializer: Initializer = Field(
        "glorot_uniform",
        description="Input weight init.",
        json_schema_extra=form_hint(group="advanced"),
    )
    recurrent_initializer: Initializer = Field(
        "orthogonal",
        description="Recurrent weight init.",
        json_schema_extra=form_hint(group="advanced"),
    )
    unit_forget_bias: bool = Field(
        True,
        description="Add 1 to the forget gate bias at init.",
        json_schema_extra=form_hint(group="advanced"),
    )

    @classmethod
    def summary(cls, values: dict[str, Any]) -> str:
        """``"LSTM 64 x2, bidirectional, dropout 0.2"``."""
        text = f"LSTM {values.get('hidden_size')}"
        if values.get("num_layers", 1) > 1:
            text += f" x{values['num_layers']}"
        if values.get("bidirectional"):
            text = UserText.of("{text}, bidirectional", text=text)
        return _with_dropout(text, values)


class SequenceEncoder(ConfigBlock):
    """The recurrent part of LSTMNet."""

    input_feature_dim: int | None = Field(
        None,
        ge=1,
        description="Features per time step (F of a (T, F) trial); None = taken from the data.",
        json_schema_extra=form_hint(group="advanced"),
    )
    layers: list[LSTMLayer] = Field(
        default_factory=lambda: [LSTMLayer()],
        description="LSTM blocks, first to last.",
        json_schema_extra=form_hint(label="Layers"),
    )
    pad_value: float = Field(
        0.0,
        description="Value used to pad shorter sequences; padded steps are masked.",
        json_schema_extra=form_hint(group="advanced"),
    )

    @field_validator("layers")
    @classmethod
    def _non_empty(cls, value: list[LSTMLayer]) -> list[LSTMLayer]:
        if not value:
            raise ValueError("the encoder needs at least one LSTM layer")
        return value


#: Scaling choices shared by both adapters (see :class:`InputAdapter`).
Scale = Literal["none", "standard", "robust"]
#: How decimation avoids aliasing: a windowed-FIR low-pass, or block averages (older models).
AntiAlias = Literal["fir", "boxcar"]

#: Per-trial removal of slow offsets before anything else (see :class:`SequenceAdapter`).
Detrend = Literal["none", "mean", "linear"]

#: What the fields added after the first model files meant in files saved before them
#: (anti-aliased decimation; per-trial detrending and clipping).
ADAPTER_LEGACY_VALUES: dict[str, object] = {
    "target_steps": None,
    "antialias": "boxcar",
    "detrend": "none",
    "clip": None,
}


class InputAdapter(ConfigBlock):
    """How trials become the model's input; fitted on the training set, stored with the model.

    ``detrend='linear'`` (default) first removes each trial's per-channel least-squares line:
    EEG carries offsets and slow drifts that differ from trial to trial (and between sessions),
    which the trial alone tells apart from the faster, time-locked ERP; ``'mean'`` removes the
    offset only, ``'none'`` keeps both. On the demo P300 set (5-fold cross-validation on the
    training trials, ROC-AUC) it takes SVM from 0.853 to 0.879 and SVNN from 0.848 to 0.873.
    Decimation comes next (see below). For feature-vector models, ``reduce_3d`` then turns a
    trial ``(n_channels, n_times)`` into a vector: ``flatten`` keeps every sample,
    ``mean_time_flat`` averages over time (one value per channel), ``mean_all`` averages the whole
    trial (one value). Scaling is per feature.

    Trials are first decimated by ``decimate``; trials still longer than ``target_steps``
    samples (the longest training trial decides) are decimated further, by the smallest whole
    factor that brings them to at most ``target_steps``. ``antialias='fir'`` low-pass filters
    before keeping every n-th sample (``scipy.signal.resample_poly``, a Kaiser-windowed FIR);
    ``'boxcar'`` averages blocks of samples, as models saved before these settings did. The
    factor found on the training trials is stored with the model and reused at query time.

    ``scale='robust'`` (default) subtracts the training-set median and divides by the
    training-set interquartile range / 1.349 (the SD for Gaussian data), so microvolt and volt
    data, and sets with artefacts, end up on the same scale; ``'standard'`` uses mean and SD.
    ``clip`` (off by default here) then bounds the scaled features.
    """

    reduce_3d: Literal["flatten", "mean_time_flat", "mean_all"] = Field(
        "flatten",
        description="How a (channels x times) trial becomes a feature vector.",
        json_schema_extra=form_hint(label="Trial to vector"),
    )
    detrend: Detrend = Field(
        "linear",
        description="Per trial and channel, remove the mean ('mean') or the least-squares line "
        "('linear') before decimation and scaling; 'none' keeps offsets. Right for raw EEG "
        "epochs, whose offsets and drifts are noise; choose 'none' for feature sequences whose "
        "level carries the class (band power, spectra).",
        json_schema_extra=form_hint(label="Remove per-trial offset"),
    )
    clip: float | None = Field(
        None,
        gt=0.0,
        le=1000.0,
        description="After scaling, clip values to +-clip (in units of the fitted spread) so "
        "that artefacts cannot dominate (None: never; ignored when scale is 'none').",
        json_schema_extra=form_hint(group="advanced", label="Clip at", off_text="never"),
    )
    scale: Scale = Field(
        "robust",
        description="Scale features with training-set statistics: 'robust' (median and IQR), "
        "'standard' (mean and SD) or 'none'.",
    )
    decimate: int = Field(
        1, ge=1, le=1000, description="Average blocks of this many samples (1 = keep all)."
    )
    target_steps: int | None = Field(
        64,
        ge=2,
        le=100_000,
        description="Decimate longer trials (anti-aliased) to at most this many time steps "
        "(None: never).",
        json_schema_extra=form_hint(label="Time steps at most", none_text="never"),
    )
    antialias: AntiAlias = Field(
        "fir",
        description="Decimation filter: 'fir' low-pass, or 'boxcar' block averages.",
        json_schema_extra=form_hint(group="advanced", label="Anti-aliasing"),
    )


class SequenceAdapter(ConfigBlock):
    """Preprocessing of trials for sequence models, fitted on the training set.

    Steps, in order, with the defaults and why they suit EEG:

    1. ``detrend='linear'`` (default) removes each trial's per-channel least-squares line,
       ``'mean'`` its mean only. EEG, unfiltered recordings from consumer headbands above
       all, carries DC offsets and slow drifts that differ from trial to trial and between
       sessions and dwarf a P300; removing them uses only the trial itself, so it is the same
       at query time. LSTMNet with its defaults on the demo P300 set (5-fold cross-validation
       on the training trials, ROC-AUC): 0.659 with ``'none'``, 0.856 with ``'mean'``, 0.901
       with ``'linear'``.
    2. Decimation as in :class:`InputAdapter`, to at most ``target_steps=32`` steps: ERPs
       live below ~15 Hz, so a 0.8-1 s epoch needs ~32 samples (the FIR low-pass also
       removes line noise and muscle activity), and a recurrent network trains faster and
       no worse on short sequences.
    3. Scaling per feature (channel), with statistics over all time steps of all training
       trials (robust by default).
    4. ``clip=5``: scaled values beyond +-5 robust SDs (blinks and movement artefacts of
       hundreds of microvolts) are clipped, so that one artefact cannot saturate the network.

    Models saved before ``detrend``/``clip`` existed load with both off, as they were trained;
    models saved since keep the setting they were trained with.
    """

    detrend: Detrend = Field(
        "linear",
        description="Per trial and channel, remove the mean ('mean') or the least-squares line "
        "('linear') before decimation and scaling; 'none' keeps offsets. Right for raw EEG "
        "epochs, whose offsets and drifts are noise; choose 'none' for feature sequences whose "
        "level carries the class (band power, spectra).",
        json_schema_extra=form_hint(label="Remove per-trial offset"),
    )
    clip: float | None = Field(
        5.0,
        gt=0.0,
        le=1000.0,
        description="After scaling, clip values to +-clip (in units of the fitted spread) so "
        "that artefacts cannot dominate (None: never; ignored when scale is 'none').",
        json_schema_extra=form_hint(group="advanced", label="Clip at", off_text="never"),
    )
    scale: Scale = Field(
        "robust",
        description="Scale each feature with training-set statistics: 'robust' (median and "
        "IQR), 'standard' (mean and SD) or 'none'.",
    )
    decimate: int = Field(
        1, ge=1, le=1000, description="Average blocks of this many samples (1 = keep all)."
    )
    target_steps: int | None = Field(
        32,
        ge=2,
        le=100_000,
        description="Decimate longer trials (anti-aliased) to at most this many time steps "
        "(None: never).",
        json_schema_extra=form_hint(label="Time steps at most", none_text="never"),
    )
    antialias: AntiAlias = Field(
        "fir",
        description="Decimation filter: 'fir' low-pass, or 'boxcar' block averages.",
        json_schema_extra=form_hint(group="advanced", label="Anti-aliasing"),
    )
