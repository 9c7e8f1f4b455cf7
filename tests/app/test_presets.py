"""Presets in the application layer: the recommended pipeline, settings with overrides, and
the preset line of a model's description."""

from __future__ import annotations

import pytest

from bcigui.app.model_description import describe_epoching, describe_preset, epoching_differences
from bcigui.app.presets import preset_settings, recommended_model, resolve_model_class
from bcigui.data.presets import ParadigmPreset, PresetPipeline, builtin_presets
from bcigui.errors import ConfigError


@pytest.mark.parametrize("name", sorted(builtin_presets()))
def test_every_builtin_pipeline_is_a_registered_classifier(name: str) -> None:
    preset = builtin_presets()[name]
    model = recommended_model(preset)
    assert model is not None and preset.pipeline is not None
    assert type(model) is resolve_model_class(preset.pipeline.model)


def test_recommended_pipeline_is_configured() -> None:
    inner = recommended_model(builtin_presets()["inner-speech-nieto2022"])
    assert inner is not None and inner.model_type == "csp_lda"
    assert inner.signal.resample_sfreq == 256.0


def test_bad_pipelines_name_the_preset_and_the_field() -> None:
    preset = builtin_presets()["p300-oddball"]
    unknown = preset.model_copy(update={"pipeline": PresetPipeline(model="Telepathy")})
    with pytest.raises(ConfigError, match=r"'p300-oddball', pipeline.model: unknown model type"):
        recommended_model(unknown)
    bad = preset.model_copy(
        update={"pipeline": PresetPipeline(model="XdawnRiemann", config={"nfilter": 0})}
    )
    with pytest.raises(ConfigError, match=r"pipeline.config.nfilter"):
        recommended_model(bad)
    none = ParadigmPreset.from_settings(preset.epoch_settings(), name="bare", title="Bare")
    assert recommended_model(none) is None


def test_overrides_win_and_mark_the_preset_modified() -> None:
    preset = builtin_presets()["muse-p300"]
    settings = preset_settings(preset, {"h_freq": 20.0, "reject_uv": None})
    assert (settings.h_freq, settings.reject_uv, settings.l_freq) == (20.0, None, 1.0)
    assert describe_preset(settings) == "muse-p300 v1 (modified)"
    assert describe_epoching(settings).startswith("preset muse-p300 v1 (modified): 1-20 Hz")
    assert describe_preset(preset_settings(preset)) == "muse-p300 v1"
    assert describe_preset(None) == "none"
    with pytest.raises(ConfigError, match="tmax"):
        preset_settings(preset, {"tmax": -1.0})
    with pytest.raises(ConfigError, match="no condition 'inner'"):
        preset_settings(preset, condition="inner")


def test_notch_is_described_and_compared() -> None:
    inner = preset_settings(builtin_presets()["inner-speech-nieto2022"])
    assert "50 Hz notch on the recording" in describe_epoching(inner)
    plain = inner.model_copy(update={"notch": None})
    assert epoching_differences(inner, plain)[0] == "notch 50 Hz (model) vs none (here)"


def test_reader_problems_compare_a_recording_with_the_hints(tmp_path) -> None:
    from bcigui.app.presets import reader_problems
    from bcigui.data.recordings import inspect_recording
    from tests.app.test_model_epoching import write_p300_fif

    info = inspect_recording(write_p300_fif(tmp_path / "muse_raw.fif"))  # 128 Hz, STI
    presets = builtin_presets()
    assert reader_problems(presets["muse-p300"], info) == [
        "muse_raw.fif: 128 Hz, the preset expects 256 Hz"
    ]
    assert reader_problems(presets["p300-oddball"], info) == []
    inner = reader_problems(presets["inner-speech-nieto2022"], info)
    assert "muse_raw.fif: no 'Status' trigger channel" in inner
    assert "muse_raw.fif: lacks the preset's channel(s) A1, A2, A3, A4, A5 ..." in inner
