"""A model's input stages in words: epoch settings, signal stage, expected input, differences.

One place says what a model does between the file and the prediction, so that the Model
Library, the Inference tab, the recording dialog and ``python -m bcigui models show`` use the
same words. Everything here is Qt-free and cheap (no MNE, no TensorFlow).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bcigui.app.recording_choice import ModelInput
    from bcigui.data.epoching import EpochSettings


def _settings(settings: EpochSettings | Mapping[str, Any]) -> EpochSettings:
    from bcigui.data.epoching import EpochSettings

    if isinstance(settings, EpochSettings):
        return settings
    return EpochSettings.model_validate(dict(settings))


def _num(value: float) -> str:
    return f"{value:g}"


def _span(start: float | None, end: float | None, unit: str) -> str:
    """``0-0.8 s``; ``-0.2 to 0 s`` when a bound is negative (a dash would read as a sign)."""
    a = "start" if start is None else _num(start)
    b = "end" if end is None else _num(end)
    joiner = " to " if (start is not None and start < 0) or (end is not None and end < 0) else "-"
    return f"{a}{joiner}{b} {unit}"


def band_text(l_freq: float | None, h_freq: float | None) -> str:
    """``"1-30 Hz"``, ``"from 1 Hz"``, ``"up to 30 Hz"`` or ``"none"``."""
    if l_freq is not None and h_freq is not None:
        return f"{_num(l_freq)}-{_num(h_freq)} Hz"
    if l_freq is not None:
        return f"from {_num(l_freq)} Hz"
    if h_freq is not None:
        return f"up to {_num(h_freq)} Hz"
    return "none"


def event_map_text(event_map: Mapping[str, str]) -> str:
    """``"1 -> NonTarget, 2 -> Target"``."""
    return ", ".join(f"{key} -> {name}" for key, name in event_map.items())


def _channels_text(s: EpochSettings, channels: Sequence[str] | None = None) -> str:
    """The channels epoched: the picks minus the bad ones, or the EEG channels."""
    picks = s.picks if s.picks is not None else (list(channels) if channels else None)
    if picks is None:
        text = "the EEG channels"
        return f"{text} except {', '.join(s.bad_channels)}" if s.bad_channels else text
    return ", ".join(c for c in picks if c not in s.bad_channels) or "none"


def describe_epoching(settings: EpochSettings | Mapping[str, Any] | None) -> str:
    """How recordings are cut into trials, in one line.

    Parameters
    ----------
    settings : EpochSettings, its JSON dump (a manifest's ``"epoching"``), or None

    Returns
    -------
    str
        E.g. ``"1-30 Hz band-pass on the recording, 0-0.8 s after events 1 -> NonTarget,
        2 -> Target, 100 uV rejection"``, led by ``"preset muse-p300 v1: "`` when the settings
        came from a paradigm preset (``"(modified)"`` when edited after); for None, that the
        model was trained on trial files.
    """
    from bcigui.errors import UserText

    if settings is None:
        return UserText.of(
            "no epoch settings (trained on trial files): give the event mapping and window"
        )
    s = _settings(settings)
    parts = []
    if s.notch:
        parts.append(f"{notch_text(s.notch)} notch on the recording")
    if s.l_freq is not None or s.h_freq is not None:
        if s.l_freq is not None and s.h_freq is not None:
            parts.append(f"{band_text(s.l_freq, s.h_freq)} band-pass on the recording")
        elif s.l_freq is not None:
            parts.append(f"{_num(s.l_freq)} Hz high-pass on the recording")
        else:
            parts.append(f"{_num(s.h_freq or 0)} Hz low-pass on the recording")
    parts.append(f"{_span(s.tmin, s.tmax, 's')} after events {event_map_text(s.event_map)}")
    if s.condition is not None:
        parts.append(f"only trials after condition marker {s.condition.marker}")
    if s.baseline is not None:
        parts.append(f"baseline {_span(*s.baseline, 's')}")
    if s.picks is not None or s.bad_channels:
        parts.append(f"channels {_channels_text(s)}")
    if s.reject_uv is not None:
        parts.append(f"{_num(s.reject_uv)} uV rejection")
    text = ", ".join(parts)
    return f"preset {s.preset.text()}: {text}" if s.preset is not None else text


def notch_text(freqs: Sequence[float] | None) -> str:
    """``"50 Hz"``, ``"50, 100 Hz"`` or ``"none"``."""
    return f"{', '.join(_num(f) for f in freqs)} Hz" if freqs else "none"


def describe_preset(settings: EpochSettings | Mapping[str, Any] | None) -> str:
    """The paradigm preset epoch settings came from: ``"p300-oddball v1 (modified)"``, or
    ``"none"`` (set by hand, or a model trained on trial files)."""
    if settings is None:
        return "none"
    s = _settings(settings)
    return s.preset.text() if s.preset is not None else "none"


def describe_signal(signal: Mapping[str, Any] | None) -> str:
    """The model's own signal stage (applied to every trial it predicts), in one line.

    Parameters
    ----------
    signal : mapping or None
        A manifest's ``preprocessing["signal"]`` section (``{"settings": ..., "train_sfreq":
        ...}``), or the :class:`~bcigui.classifiers.signal.SignalPreprocessing` settings as a
        dict; None when the model has no signal stage.

    Returns
    -------
    str
        E.g. ``"average reference, 50 Hz notch, 1-30 Hz band-pass (order 4), resampled to
        64 Hz"``; ``"none"`` for a no-op stage.
    """
    from bcigui.errors import UserText

    if not signal:
        return UserText.of("none")
    settings = signal.get("settings", signal)
    if not isinstance(settings, Mapping):
        return UserText.of("none")
    parts = []
    channels = settings.get("channels")
    if channels:
        parts.append(f"channels {', '.join(str(c) for c in channels)}")
    if settings.get("reference") == "average":
        parts.append("average reference")
    if settings.get("notch") is not None:
        parts.append(f"{settings['notch']} Hz notch")
    l_freq, h_freq = settings.get("l_freq"), settings.get("h_freq")
    if l_freq is not None or h_freq is not None:
        order = settings.get("filter_order")
        kind = "band-pass" if l_freq is not None and h_freq is not None else "filter"
        if l_freq is not None and h_freq is None:
            kind = "high-pass"
        elif h_freq is not None and l_freq is None:
            kind = "low-pass"
        edges = band_text(l_freq, h_freq).removeprefix("from ").removeprefix("up to ")
        parts.append(f"{edges} {kind}" + (f" (order {order})" if order else ""))
    if settings.get("resample_sfreq") is not None:
        parts.append(f"resampled to {_num(float(settings['resample_sfreq']))} Hz")
    for key, words in (("baseline", "baseline"), ("crop", "cropped to")):
        window = settings.get(key)
        if window is not None:
            parts.append(f"{words} {_span(window[0], window[1], 's')} of the trial")
    return ", ".join(parts) or UserText.of("none")


def describe_expected_input(model: ModelInput) -> str:
    """What a model takes, in words: channels, rate and window for a recording model.

    Returns
    -------
    str
        ``"4 channels TP9, AF7, AF8, TP10 at 256 Hz, 0-0.8 s epochs"`` for a model trained on
        recordings; ``"100 time steps x 8 features"`` for one trained on trial files.
    """
    from bcigui.errors import UserText

    names = model.input_ch_names or model.ch_names
    n = len(names) if names else model.n_channels
    if names:
        channels = UserText.of("{n} channels {names}", n=n, names=", ".join(names))
    elif n is not None:
        channels = UserText.of("{n} channels", n=n)
    else:
        channels = UserText.of("any number of channels")
    if model.epoching is not None:
        s = _settings(model.epoching)
        window = _span(s.tmin, s.tmax, "s")
        if model.sfreq:
            return UserText.of(
                "{channels} at {rate} Hz, {window} epochs",
                channels=channels,
                rate=_num(model.sfreq),
                window=window,
            )
        return UserText.of("{channels}, {window} epochs", channels=channels, window=window)
    steps = (
        UserText.of("{n} time steps", n=model.n_times)
        if model.n_times
        else UserText.of("any number of time steps")
    )
    features = (
        UserText.of("{n} features", n=n) if n is not None else UserText.of("any number of features")
    )
    if model.sfreq:
        return UserText.of(
            "{steps} x {features} at {rate} Hz",
            steps=steps,
            features=features,
            rate=_num(model.sfreq),
        )
    return UserText.of("{steps} x {features}", steps=steps, features=features)


def epoching_differences(
    reference: EpochSettings,
    here: EpochSettings,
    *,
    channels: Sequence[str] | None = None,
    reference_name: str = "model",
) -> list[str]:
    """Each setting where ``here`` differs from ``reference``, in words.

    Parameters
    ----------
    reference, here : EpochSettings
        The model's (or the training recordings') settings and the settings about to be used.
    channels : sequence of str, optional
        The channels the reference epoched (its training trials'), which ``picks=None`` stands
        for: an explicit list of the same channels is no difference.
    reference_name : str
        How the reference is named in the text (``"model"``, ``"training"``).

    Returns
    -------
    list of str
        E.g. ``["band-pass 1-30 Hz (model) vs none (here)"]``; empty when they agree.
    """
    aspects = [
        ("events", event_map_text(reference.event_map), event_map_text(here.event_map)),
        ("window", _span(reference.tmin, reference.tmax, "s"), _span(here.tmin, here.tmax, "s")),
        (
            "baseline",
            _span(*reference.baseline, "s") if reference.baseline else "none",
            _span(*here.baseline, "s") if here.baseline else "none",
        ),
        ("notch", notch_text(reference.notch), notch_text(here.notch)),
        (
            "condition",
            f"marker {reference.condition.marker}" if reference.condition else "all trials",
            f"marker {here.condition.marker}" if here.condition else "all trials",
        ),
        (
            "band-pass",
            band_text(reference.l_freq, reference.h_freq),
            band_text(here.l_freq, here.h_freq),
        ),
        ("channels", _channels_text(reference, channels), _channels_text(here, channels)),
        (
            "rejection",
            f"{_num(reference.reject_uv)} uV" if reference.reject_uv is not None else "none",
            f"{_num(here.reject_uv)} uV" if here.reject_uv is not None else "none",
        ),
    ]
    return [
        f"{name} {ref} ({reference_name}) vs {mine} (here)"
        for name, ref, mine in aspects
        if ref != mine
    ]


def describe_online_readiness(readiness: Mapping[str, Any] | None) -> str:
    """The model's pseudo-online speller evaluation ("online readiness"), in one line.

    Parameters
    ----------
    readiness : mapping or None
        What :func:`bcigui.app.online_readiness.evaluate_online_readiness` stored (its
        ``to_json()``), or None.

    Returns
    -------
    str
        E.g. ``"online readiness (6x6 speller, session3_raw.fif): 95% at 15 repetitions
        (6.2 bits/min); dynamic stopping at 0.9: 84% in 5.5 repetitions (12.6 bits/min)"``.
    """
    if not readiness:
        return "online readiness: not evaluated (run simulate-speller)"

    def rate(value: Any) -> str:
        return "-" if value is None else f"{value:.1f} bits/min"

    fixed = readiness.get("fixed") or []
    dynamic = readiness.get("dynamic") or {}
    where = f"{readiness.get('layout', 'speller')}, {readiness.get('recording_name', '?')}"
    parts = []
    if fixed:
        last = fixed[-1]
        parts.append(
            f"{last['accuracy']:.0%} at {last['max_repetitions']} repetitions "
            f"({rate(last.get('bits_per_minute'))})"
        )
    if dynamic:
        parts.append(
            f"dynamic stopping at {dynamic['threshold']}: {dynamic['accuracy']:.0%} in "
            f"{dynamic['mean_repetitions']:.1f} repetitions "
            f"({rate(dynamic.get('bits_per_minute'))})"
        )
    return f"online readiness ({where}): " + "; ".join(parts)
