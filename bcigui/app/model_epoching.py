"""Epoch recordings the way a model was trained: the one path from a file to a model's trials.

A model trained on recordings stores its epoch settings (event map, window, baseline,
recording-level filter, picks, rejection) in its manifest (``"epoching"``). Whoever predicts
recordings with it -- the Inference tab, the Training tab's test recording (with the training
recordings' settings), ``python -m bcigui predict``, later live streams -- calls
:func:`epoch_for_model`, which applies those settings, checks the recordings against the model
(channels, rate, trial length) and says in an :class:`EpochingReport` whether the model's own
settings were used or which ones were overridden, and how.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.app.model_description import describe_epoching, epoching_differences
from bcigui.app.recording_choice import ModelInput, read_model_input, recording_problems
from bcigui.classifiers.progress import CancelToken, ProgressCallback, no_progress
from bcigui.errors import ConfigError, DataError, UserText

if TYPE_CHECKING:
    from bcigui.data.epoching import EpochSettings
    from bcigui.data.trialset import TrialSet

log = logging.getLogger(__name__)

#: What :func:`epoch_for_model` accepts as "the model".
ModelLike = Any


@dataclass(frozen=True)
class EpochingReport:
    """Which epoch settings were applied to recordings, and how they relate to the model's.

    Attributes
    ----------
    settings : EpochSettings
        The settings applied.
    reference : EpochSettings or None
        The model's own settings (None: the model stores none).
    overridden : tuple of str
        Each setting that differs from the reference, in words
        (``"band-pass 1-30 Hz (model) vs none (here)"``); empty when the model's were used.
    reference_name : str
        How the reference is named (``"model"``, or ``"training"`` for a test recording).
    """

    settings: EpochSettings
    reference: EpochSettings | None = None
    overridden: tuple[str, ...] = field(default_factory=tuple)
    reference_name: str = "model"

    @classmethod
    def compare(
        cls,
        settings: EpochSettings,
        reference: EpochSettings | None,
        *,
        channels: Sequence[str] | None = None,
        reference_name: str = "model",
    ) -> EpochingReport:
        """The report for ``settings`` applied where ``reference`` was expected."""
        overridden: list[str] = []
        if reference is not None:
            overridden = epoching_differences(
                reference, settings, channels=channels, reference_name=reference_name
            )
        return cls(settings, reference, tuple(overridden), reference_name)

    @property
    def follows_reference(self) -> bool:
        """True when the reference's own settings were applied unchanged."""
        return self.reference is not None and not self.overridden

    def describe(self) -> str:
        """One line for summaries and the CLI: whose settings, and what they do."""
        if self.reference is None:
            return (
                f"settings given here (the {self.reference_name} stores none): "
                f"{describe_epoching(self.settings)}"
            )
        if not self.overridden:
            return f"{self.reference_name} settings: {describe_epoching(self.settings)}"
        return f"overridden {self.reference_name} settings: {'; '.join(self.overridden)}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe record (for result files)."""
        return {
            "source": "given" if self.reference is None else
            ("override" if self.overridden else self.reference_name),
            "settings": self.settings.model_dump(mode="json"),
            "overridden": list(self.overridden),
        }  # fmt: skip


def model_input_of(model: ModelLike) -> ModelInput:
    """What ``model`` expects, from a fitted classifier, a manifest, a model file or itself.

    Parameters
    ----------
    model : BaseClassifier, ModelInput, mapping or path
        A fitted or loaded classifier, a :class:`ModelInput`, a ``.bcimodel`` manifest, or the
        path of a model file (only its manifest is read).
    """
    if isinstance(model, ModelInput):
        return model
    if isinstance(model, (str, PathLike)):
        return read_model_input(Path(model))
    if isinstance(model, Mapping):
        return ModelInput.from_manifest(Path(""), dict(model))
    if hasattr(model, "training_info_"):
        from bcigui.classifiers.persistence import build_manifest

        label = model.training_info_.get("label") or ""
        return ModelInput.from_manifest(Path(""), build_manifest(model, label))
    raise TypeError(f"expected a model, a manifest or a model file, got {type(model).__name__}")


def model_settings(model: ModelLike) -> EpochSettings | None:
    """The epoch settings ``model`` was trained with (None: trained on trial files)."""
    from bcigui.data.epoching import EpochSettings

    stored = model_input_of(model).epoching
    return None if stored is None else EpochSettings.model_validate(stored)


def resolve_settings(
    reference: EpochSettings | None, override: EpochSettings | Mapping[str, Any] | None
) -> EpochSettings:
    """The settings to apply: the reference, a whole replacement, or the reference with some
    fields replaced (a mapping of ``EpochSettings`` fields)."""
    from bcigui.data.epoching import EpochSettings

    if isinstance(override, EpochSettings):
        return override
    if override is None or not override:
        if reference is None:
            raise ConfigError(
                "the model stores no epoch settings (it was trained on trial files): give "
                "them as an override, at least the event mapping (e.g. --map 1=NonTarget "
                "2=Target) and the window"
            )
        return reference
    base = reference.model_dump(mode="json") if reference is not None else {}
    merged = {**base, **dict(override)}
    if "event_map" not in merged:
        raise ConfigError(
            "the model stores no epoch settings: the override needs an event mapping "
            "(e.g. --map 1=NonTarget 2=Target)"
        )
    return EpochSettings.model_validate(merged)


def check_recordings(model: ModelInput, paths: Sequence[Path]) -> None:
    """Raise :class:`DataError` naming each recording that lacks the model's channels or rate,
    and the fix (read from the headers only)."""
    from bcigui.data.recordings import inspect_recording

    problems = [p for path in paths for p in recording_problems(inspect_recording(path), model)]
    if problems:
        raise DataError("; ".join(problems))


def _check_length(model: ModelInput, trials: TrialSet, settings: EpochSettings) -> None:
    n_times = int(trials.lengths[0])
    if model.length_matters and model.n_times is not None and n_times != model.n_times:
        tmax = model.window_for(settings.tmin)
        fix = f"set tmax to {tmax:g} s for tmin {settings.tmin:g} s" if tmax is not None else (
            "use the model's own window"
        )  # fmt: skip
        raise DataError(
            f"the window {settings.tmin:g}-{settings.tmax:g} s gives {n_times} samples per trial "
            f"but the model was trained on {model.n_times} (fix: {fix})"
        )


def epoch_for_model(
    model: ModelLike,
    recordings: str | PathLike[str] | Sequence[str | PathLike[str]],
    override: EpochSettings | Mapping[str, Any] | None = None,
    *,
    min_classes: int = 1,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> tuple[TrialSet, EpochingReport]:
    """Epoch ``recordings`` with ``model``'s own epoch settings (or an explicit override).

    Parameters
    ----------
    model : BaseClassifier, ModelInput, manifest mapping or model-file path
        The model whose stored settings (manifest ``"epoching"``) are applied.
    recordings : path or sequence of paths
        EEG recordings of any supported format.
    override : EpochSettings or mapping, optional
        Settings to use instead: a whole :class:`EpochSettings`, or a mapping of the fields to
        change (``{"l_freq": None, "h_freq": None}``). Each setting that then differs from the
        model's is listed in the report. Required for a model trained on trial files.
    min_classes : int
        Classes that must be present (1 for inference, 2 to score).
    progress, cancel
        The core's progress callback and cancel token.

    Returns
    -------
    trials : TrialSet
        The epochs, ``(n_channels, n_times)`` each in volts, labelled by the event map.
    report : EpochingReport
        The settings applied, and "model settings" or each overridden setting.

    Raises
    ------
    DataError
        A recording without the model's channels or at another rate (when the model does not
        resample), or a window that gives another trial length; the message names the fix.
    ConfigError
        No settings: the model stores none and no override was given.
    DataFileError
        A recording that cannot be epoched (see :func:`~bcigui.data.epoching.epoch_recordings`).
    """

    from bcigui.data.epoching import EpochSettings, epoch_recordings

    progress = progress or no_progress
    cancel = cancel or CancelToken()
    expects = model_input_of(model)
    reference = None if expects.epoching is None else EpochSettings.model_validate(expects.epoching)
    settings = resolve_settings(reference, override)
    if isinstance(recordings, (str, PathLike)):
        recordings = [recordings]
    paths = [Path(p) for p in recordings]
    if not paths:
        raise DataError("no recordings given")
    cancel.raise_if_cancelled()
    progress(0.05, UserText.of("checking {n} recording(s) against the model", n=len(paths)))
    check_recordings(expects, paths)

    def report_progress(fraction: float, message: str, **values: Any) -> None:
        cancel.raise_if_cancelled()
        progress(0.1 + 0.8 * fraction, message, **values)

    trials = epoch_recordings(paths, settings, progress=report_progress, min_classes=min_classes)
    _check_length(expects, trials, settings)
    report = EpochingReport.compare(settings, reference, channels=expects.input_ch_names)
    log.info("epoched %d trials for the model: %s", trials.n_trials, report.describe())
    return trials, report
