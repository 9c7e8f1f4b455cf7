"""Channel units of a stream, converted to volts (the units models are trained in, MNE's).

LSL describes each channel's unit in the stream's XML description (``channels/channel/unit``)
as free text (``microvolts``, ``uV``, ``mV``, ``volts``); MNE-LSL writes MNE's unit multiplier
as an integer string (``"0"`` volts, ``"-3"`` millivolts, ``"-6"`` microvolts). A stream without
units is taken as microvolts, the usual convention for EEG over LSL, and says so
(:attr:`ChannelScaling.assumed_microvolts`, for the window to show). A factor-of-a-million error
gives confident nonsense, so unknown unit strings are refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bcigui.errors import DataError

#: Unit text (lower case, stripped) -> factor to volts.
VOLT_FACTORS: dict[str, float] = {
    "v": 1.0,
    "volt": 1.0,
    "volts": 1.0,
    "0": 1.0,
    "mv": 1e-3,
    "millivolt": 1e-3,
    "millivolts": 1e-3,
    "-3": 1e-3,
    "uv": 1e-6,
    "µv": 1e-6,
    "μv": 1e-6,
    "microvolt": 1e-6,
    "microvolts": 1e-6,
    "-6": 1e-6,
    "nv": 1e-9,
    "nanovolts": 1e-9,
    "-9": 1e-9,
}
_MISSING = frozenset({"", "none", "n/a", "unknown"})


@dataclass(frozen=True)
class ChannelScaling:
    """Per-channel factors from the stream's units to volts.

    Attributes
    ----------
    ch_names : tuple of str
        The channels scaled, in order.
    factors : ndarray, shape (n_channels,)
        Multiply the received values by these to get volts.
    assumed_microvolts : tuple of str
        Channels without a unit in the description, taken as microvolts (the window shows it).
    """

    ch_names: tuple[str, ...]
    factors: np.ndarray
    assumed_microvolts: tuple[str, ...]

    @property
    def any_assumed(self) -> bool:
        """True when at least one channel had no unit and is taken as microvolts."""
        return bool(self.assumed_microvolts)

    def to_volts(self, data: np.ndarray) -> np.ndarray:
        """Scale ``data`` of shape ``(n_channels, n_times)`` to volts (float64 copy)."""
        return np.asarray(data, dtype=np.float64) * self.factors[:, None]


def volt_factor(unit: str | None) -> float | None:
    """The factor from ``unit`` to volts; None for a missing unit; DataError for an unknown one."""
    text = "" if unit is None else str(unit).strip().lower()
    if text in _MISSING:
        return None
    try:
        return VOLT_FACTORS[text]
    except KeyError:
        raise DataError(
            f"unknown channel unit {unit!r} in the stream description; use one of "
            "volts, millivolts, microvolts (or V, mV, uV) in the stream's channel metadata"
        ) from None


def channel_scaling(ch_names: Sequence[str], units: Sequence[str | None] | None) -> ChannelScaling:
    """Factors to volts for ``ch_names`` from their described ``units``.

    Parameters
    ----------
    ch_names : sequence of str
        Channel names, in stream order.
    units : sequence of (str or None), or None
        The unit of each channel from the stream description; None when the stream has no
        channel metadata (all channels are then taken as microvolts).

    Returns
    -------
    ChannelScaling
    """
    names = tuple(ch_names)
    if units is None:
        units = [None] * len(names)
    if len(units) != len(names):
        raise DataError(
            f"the stream describes {len(units)} channel units for {len(names)} channels; "
            "fix the stream's channel metadata"
        )
    factors = np.empty(len(names), dtype=np.float64)
    assumed = []
    for i, (name, unit) in enumerate(zip(names, units, strict=True)):
        factor = volt_factor(unit)
        if factor is None:
            assumed.append(name)
            factor = 1e-6
        factors[i] = factor
    return ChannelScaling(names, factors, tuple(assumed))
