"""Paradigm presets in the application: their recommended classifier, and settings from them.

The presets themselves (types, built-in JSON files, the user's folder) are in
:mod:`bcigui.data.presets`; the data layer does not know the classifiers, so the recommended
pipeline's name and configuration are checked here, against the registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from bcigui.errors import ConfigError

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier
    from bcigui.data.epoching import EpochSettings
    from bcigui.data.presets import ParadigmPreset
    from bcigui.data.recordings import RecordingInfo


def resolve_model_class(name: str) -> type[BaseClassifier]:
    """A registered classifier class by type name, class name or display name (any case).

    Raises
    ------
    ConfigError
        No registered classifier has that name (the message lists the types).
    """
    from bcigui.classifiers.registry import available_types

    types = available_types()
    for model_type, cls in types.items():
        if name.lower() in (model_type.lower(), cls.__name__.lower(), cls.display_name.lower()):
            return cls
    raise ConfigError(f"unknown model type {name!r}; available: {', '.join(sorted(types))}")


def merged_config(base: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """``given`` on top of ``base``, merging nested blocks (``{"signal": {...}}``) key by key."""
    merged = dict(base)
    for key, value in given.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merged_config(merged[key], value)
        else:
            merged[key] = value
    return merged


def recommended_model(preset: ParadigmPreset) -> BaseClassifier | None:
    """A new, unfitted instance of the preset's recommended classifier (None: it names none).

    Raises
    ------
    ConfigError
        An unknown classifier name or a configuration it rejects; the message names the preset
        and the field.
    """
    if preset.pipeline is None:
        return None
    try:
        cls = resolve_model_class(preset.pipeline.model)
    except ConfigError as exc:
        raise ConfigError(f"preset {preset.name!r}, pipeline.model: {exc}") from exc
    try:
        return cls.model_validate(dict(preset.pipeline.config))
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"preset {preset.name!r}, pipeline.config.{loc}: {first['msg']} "
            f"(for {cls.display_name})"
        ) from exc


def check_preset(preset: ParadigmPreset) -> None:
    """Raise :class:`ConfigError` when the preset's recommended pipeline cannot be built."""
    recommended_model(preset)


def preset_settings(
    preset: ParadigmPreset,
    overrides: Mapping[str, Any] | None = None,
    *,
    condition: str | None = None,
) -> EpochSettings:
    """The preset's epoch settings with explicit choices on top (they win).

    Parameters
    ----------
    preset : ParadigmPreset
    overrides : mapping, optional
        ``EpochSettings`` fields given explicitly (command-line flags, edited form fields).
    condition : str, optional
        A condition of the preset whose event map to use.

    Returns
    -------
    EpochSettings
        ``preset`` records the preset's name and version, and ``modified`` when an override
        changed one of its values.

    Raises
    ------
    ConfigError
        An unknown condition, or overrides that make invalid settings.
    """
    try:
        return preset.epoch_settings(condition, dict(overrides or {}))
    except KeyError as exc:
        raise ConfigError(str(exc.args[0])) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"preset {preset.name!r} with the given settings, {loc}: {first['msg']}"
        ) from exc


def reader_problems(preset: ParadigmPreset, info: RecordingInfo) -> list[str]:
    """Where a recording differs from what the preset's reader hints expect, in words.

    Parameters
    ----------
    preset : ParadigmPreset
    info : RecordingInfo
        A recording's header and events (:func:`~bcigui.data.recordings.inspect_recording`).

    Returns
    -------
    list of str
        E.g. ``["sub-01.bdf: 512 Hz, the preset expects 1024 Hz"]``; empty when it fits.
    """
    hints, name = preset.reader, info.path.name
    problems = []
    if hints.sfreq is not None and abs(info.sfreq - hints.sfreq) > 1e-6:
        problems.append(f"{name}: {info.sfreq:g} Hz, the preset expects {hints.sfreq:g} Hz")
    if hints.n_channels is not None and len(info.ch_names) != hints.n_channels:
        problems.append(
            f"{name}: {len(info.ch_names)} channels, the preset expects {hints.n_channels}"
        )
    if hints.stim_channel is not None and hints.stim_channel not in info.ch_names:
        problems.append(f"{name}: no {hints.stim_channel!r} trigger channel")
    if isinstance(preset.picks, list):
        missing = [c for c in preset.picks if c not in info.ch_names]
        if missing:
            shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
            problems.append(f"{name}: lacks the preset's channel(s) {shown}")
    return problems
