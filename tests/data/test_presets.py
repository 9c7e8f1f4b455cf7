"""Paradigm presets: validation, conversion to EpochSettings, the user's folder, export/import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from bcigui.data.epoching import EpochSettings
from bcigui.data.presets import (
    ParadigmPreset,
    PresetCondition,
    builtin_presets,
    export_preset,
    find_preset,
    import_preset,
    list_presets,
    read_preset,
    save_user_preset,
    user_presets,
)
from bcigui.errors import ConfigError

BUILTIN = ("inner-speech-nieto2022", "motor-imagery-eegmmidb", "muse-p300", "p300-oddball")


def small_preset(**changes: object) -> ParadigmPreset:
    fields: dict[str, object] = {
        "name": "lab-p300",
        "title": "Lab P300",
        "event_map": {"10": "NonTarget", "20": "Target"},
        "classes": ["NonTarget", "Target"],
        "tmin": -0.1,
        "tmax": 0.7,
        "baseline": (-0.1, 0.0),
        "l_freq": 0.5,
        "h_freq": 15.0,
    }
    fields.update(changes)
    return ParadigmPreset.model_validate(fields)


def test_builtin_presets_are_the_documented_ones() -> None:
    presets = builtin_presets()
    assert tuple(sorted(presets)) == BUILTIN
    p300 = presets["p300-oddball"].epoch_settings()
    assert (p300.tmin, p300.tmax, p300.l_freq, p300.h_freq) == (0.0, 0.8, 1.0, 20.0)
    assert presets["p300-oddball"].pipeline is not None
    assert presets["p300-oddball"].pipeline.model == "XdawnRiemann"
    inner = presets["inner-speech-nieto2022"]
    assert inner.event_map == {"31": "arriba", "32": "abajo", "33": "derecha", "34": "izquierda"}
    assert inner.reader.stim_channel == "Status" and inner.reader.sfreq == 1024.0
    assert isinstance(inner.picks, list) and len(inner.picks) == 128
    assert {c.marker for c in inner.conditions.values()} == {"21", "22", "23"}
    assert "10.1038/s41597-022-01147-2" in inner.description
    mi = presets["motor-imagery-eegmmidb"]
    assert mi.conditions["left-right-fist"].runs == [4, 8, 12]
    assert mi.conditions["fists-feet"].runs == [6, 10, 14]
    assert mi.epoch_settings("fists-feet").classes == ["both_feet", "both_fists"]
    assert mi.epoch_settings().classes == ["left_fist", "right_fist"]
    muse = presets["muse-p300"].epoch_settings()
    assert muse.picks == ["TP9", "AF7", "AF8", "TP10"] and muse.reject_uv == 100.0


def test_builtin_files_are_versioned_json_in_the_package() -> None:
    folder = Path(__file__).resolve().parents[2] / "bcigui" / "data" / "presets"
    for name in BUILTIN:
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        assert data["name"] == name and data["version"] >= 1


def test_settings_record_the_preset_and_whether_they_were_modified() -> None:
    preset = small_preset()
    plain = preset.epoch_settings()
    assert plain.preset is not None and plain.preset.text() == "lab-p300 v1"
    assert plain.baseline == (-0.1, 0.0) and plain.picks is None
    same = preset.epoch_settings(overrides={"tmax": 0.7})  # the preset's own value
    assert same.preset is not None and not same.preset.modified
    edited = preset.epoch_settings(overrides={"h_freq": 30.0})
    assert edited.h_freq == 30.0
    assert edited.preset is not None and edited.preset.text() == "lab-p300 v1 (modified)"
    # the record survives the JSON a model stores
    assert EpochSettings.model_validate(edited.model_dump(mode="json")) == edited


def test_matches_any_condition() -> None:
    mi = builtin_presets()["motor-imagery-eegmmidb"]
    feet = mi.epoch_settings("fists-feet")
    assert mi.matches(feet) and not mi.matches(feet, "left-right-fist")
    with pytest.raises(KeyError, match="left-right-fist"):
        mi.epoch_settings("imagined-tongue")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "Lab P300"}, "name"),
        ({"tmin": 1.0, "tmax": 0.5}, "tmax"),
        ({"classes": ["Target"]}, "classes"),
        ({"l_freq": 30.0}, "h_freq"),
        ({"colour": "blue"}, "colour"),
        ({"version": 0}, "version"),
        ({"picks": "meg"}, "picks"),
    ],
)
def test_invalid_presets_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        small_preset(**changes)


def test_save_export_import_round_trip(tmp_path: Path) -> None:
    mine, other = tmp_path / "mine", tmp_path / "other"
    preset = small_preset(description="our oddball")
    saved = save_user_preset(preset, mine)
    assert saved == mine / "lab-p300.json"
    assert user_presets(mine) == {"lab-p300": preset}
    assert list_presets(mine)["lab-p300"] == preset and "p300-oddball" in list_presets(mine)
    exported = export_preset(preset, tmp_path / "share" / "for-colleague")
    assert exported.name == "for-colleague.json"
    assert import_preset(exported, other) == preset
    assert read_preset(other / "lab-p300.json") == preset
    assert find_preset("lab-p300", other) == preset
    assert find_preset(str(exported)) == preset


def test_existing_names_are_never_overwritten_silently(tmp_path: Path) -> None:
    save_user_preset(small_preset(), tmp_path)
    changed = small_preset(version=2, tmax=0.9)
    exported = export_preset(changed, tmp_path / "v2.json")
    with pytest.raises(ConfigError, match="exists already"):
        import_preset(exported, tmp_path)
    assert read_preset(tmp_path / "lab-p300.json").version == 1
    import_preset(exported, tmp_path, replace=True)
    assert read_preset(tmp_path / "lab-p300.json").tmax == 0.9
    with pytest.raises(ConfigError, match="built-in"):
        save_user_preset(small_preset(name="p300-oddball"), tmp_path, replace=True)


def test_from_settings_keeps_the_current_settings() -> None:
    settings = EpochSettings(
        event_map={"1": "a", "2": "b"}, tmin=0.2, tmax=1.0, picks=["Cz"], notch=[60.0]
    )
    preset = ParadigmPreset.from_settings(settings, name="mine", title="Mine")
    again = preset.epoch_settings()
    assert again.model_dump(exclude={"preset"}) == settings.model_dump(exclude={"preset"})


def test_malformed_files_name_the_file_and_the_field(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.json: not a preset file: invalid JSON"):
        read_preset(broken)
    data = small_preset().model_dump(mode="json")
    data["tmin"] = "soon"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.json: invalid preset, field 'tmin'"):
        import_preset(bad, tmp_path / "mine")
    assert not (tmp_path / "mine").exists()
    del data["tmin"], data["event_map"]
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError, match="field 'event_map'"):
        read_preset(bad)
    # a user folder with a malformed file still lists the good ones
    save_user_preset(small_preset(), tmp_path)
    assert list(user_presets(tmp_path)) == ["lab-p300"]


def test_unknown_preset_lists_the_names() -> None:
    with pytest.raises(ConfigError, match="muse-p300"):
        find_preset("muse")


def write_blocks_fif(path: Path) -> Path:
    """20 s at 100 Hz, 2 channels: condition marker 21, then classes 31/32 x3; marker 22, then
    31/32 x2 (10 class events: 6 under 21, 4 under 22)."""
    import mne
    import numpy as np

    sfreq, n = 100.0, 2000
    stim = np.zeros((1, n))
    codes = [21, 31, 32, 31, 32, 31, 32, 22, 31, 32, 31, 32]
    for i, code in enumerate(codes):
        stim[0, 100 + i * 150] = code
    data = np.random.default_rng(0).normal(0, 1e-6, (2, n))
    info = mne.create_info(["Cz", "Pz", "STI"], sfreq, ["eeg", "eeg", "stim"])
    raw = mne.io.RawArray(np.vstack([data, stim]), info, verbose="error")
    raw.save(path, overwrite=True, verbose="error")
    return path


def test_a_condition_keeps_only_the_trials_after_its_marker(tmp_path: Path) -> None:
    from bcigui.data.epoching import epoch_recordings
    from bcigui.errors import DataFileError

    path = write_blocks_fif(tmp_path / "blocks_raw.fif")
    preset = small_preset(
        event_map={"31": "up", "32": "down"}, classes=["down", "up"], baseline=None,
        l_freq=None, h_freq=None, tmin=0.0, tmax=0.5,
        conditions={"said": {"marker": "21"}, "inner": {"marker": "22"}},
    )  # fmt: skip
    inner = preset.epoch_settings("inner")
    assert inner.condition is not None
    assert (inner.condition.marker, inner.condition.markers) == ("22", ["21", "22"])
    assert preset.matches(inner, "inner") and not preset.matches(inner, "said")
    assert epoch_recordings(path, inner).n_trials == 4
    assert epoch_recordings(path, preset.epoch_settings("said")).n_trials == 6
    assert epoch_recordings(path, preset.epoch_settings()).n_trials == 10
    absent = preset.model_copy(
        update={"conditions": {**preset.conditions, "seen": PresetCondition(marker="23")}}
    ).epoch_settings("seen")
    with pytest.raises(DataFileError, match="condition marker '23' occurs nowhere"):
        epoch_recordings(path, absent)
