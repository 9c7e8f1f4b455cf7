"""Channel units from the stream description, converted to volts (factor-of-a-million guard)."""

from __future__ import annotations

import numpy as np
import pytest

from bcigui.errors import DataError
from bcigui.online.units import channel_scaling, volt_factor

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize(
    ("unit", "factor"),
    [
        ("microvolts", 1e-6),
        ("uV", 1e-6),
        ("µV", 1e-6),
        ("-6", 1e-6),
        ("millivolts", 1e-3),
        ("mV", 1e-3),
        ("volts", 1.0),
        ("V", 1.0),
        ("0", 1.0),
    ],
)
def test_each_known_unit_converts_to_volts(unit: str, factor: float):
    assert volt_factor(unit) == factor


def test_a_microvolt_stream_and_a_volt_stream_of_the_same_signal_agree_in_volts():
    signal_v = np.array([[10e-6, -20e-6, 5e-6]])
    as_uv = channel_scaling(["Cz"], ["microvolts"]).to_volts(signal_v * 1e6)
    as_mv = channel_scaling(["Cz"], ["mV"]).to_volts(signal_v * 1e3)
    as_v = channel_scaling(["Cz"], ["volts"]).to_volts(signal_v)
    np.testing.assert_allclose(as_uv, signal_v)
    np.testing.assert_allclose(as_mv, signal_v)
    np.testing.assert_allclose(as_v, signal_v)
    # the factor-of-a-million mistake (microvolts read as volts) is far outside the tolerance
    assert not np.allclose(signal_v * 1e6, signal_v, rtol=1e-3, atol=0)


def test_a_stream_without_units_is_taken_as_microvolts_and_says_so():
    scaling = channel_scaling(["Fz", "Cz"], None)
    np.testing.assert_array_equal(scaling.factors, [1e-6, 1e-6])
    assert scaling.any_assumed and scaling.assumed_microvolts == ("Fz", "Cz")
    partial = channel_scaling(["Fz", "Cz"], ["volts", ""])
    np.testing.assert_array_equal(partial.factors, [1.0, 1e-6])
    assert partial.assumed_microvolts == ("Cz",)
    described = channel_scaling(["Fz"], ["uV"])
    assert not described.any_assumed


def test_an_unknown_unit_or_a_wrong_count_is_refused():
    with pytest.raises(DataError, match=r"unknown channel unit 'furlongs'.*microvolts"):
        channel_scaling(["Fz"], ["furlongs"])
    with pytest.raises(DataError, match="2 channel units for 1 channels"):
        channel_scaling(["Fz"], ["uV", "uV"])
