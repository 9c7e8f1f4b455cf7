"""The :class:`ParadigmPreset` type and its conversion to :class:`EpochSettings`."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bcigui.data.epoching import ConditionFilter, EpochSettings, PresetRef

#: Preset names: lower-case words joined by '-', '_' or '.', e.g. ``p300-oddball``.
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

#: The epoch-setting fields a preset fills (compared to tell whether settings were modified).
PRESET_FIELDS = (
    "event_map", "tmin", "tmax", "baseline", "picks", "reject_uv", "l_freq", "h_freq", "notch",
    "condition",
)  # fmt: skip


class PresetPipeline(BaseModel):
    """The recommended classifier: a registered name and its configuration overrides.

    ``model`` is a registered classifier class name, type name or display name
    (``"XdawnRiemann"``, ``"csp_lda"``); the application layer checks it against the registry.
    """

    model_config = ConfigDict(extra="forbid")

    model: str = Field(..., min_length=1, description="Registered classifier name.")
    config: dict[str, Any] = Field(
        default_factory=dict, description="Hyperparameters that differ from its defaults."
    )


class PresetCondition(BaseModel):
    """One experimental condition of a paradigm (a run type, a task variant).

    ``event_map`` replaces the preset's map under this condition (e.g. EEGMMIDB runs 6/10/14
    use T1/T2 for both fists/feet); ``marker`` is the event key that marks the trials of the
    condition in a recording (only those are epoched under the condition); ``runs`` the run
    numbers that hold it, for the record.
    """

    model_config = ConfigDict(extra="forbid")

    description: str = ""
    event_map: dict[str, str] | None = None
    marker: str | None = None
    runs: list[int] | None = None


class ReaderHints(BaseModel):
    """What the recordings of the paradigm look like (checked against a recording's header)."""

    model_config = ConfigDict(extra="forbid")

    format: str | None = Field(None, description="File format, e.g. 'bdf', 'edf', 'fif'.")
    stim_channel: str | None = Field(None, description="Trigger channel, e.g. 'Status'.")
    n_channels: int | None = Field(None, ge=1, description="Channels in the file (with EXG).")
    sfreq: float | None = Field(None, gt=0, description="Sampling rate (Hz).")


class ParadigmPreset(BaseModel):
    """A named, versioned set of epoch settings and a recommended pipeline for one paradigm.

    Validated on construction: the window, baseline and band must make valid
    :class:`EpochSettings` and ``classes`` must be exactly the classes of the event map;
    errors name the field.
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., description="Identifier, e.g. 'p300-oddball' (lower case).")
    version: int = Field(1, ge=1, description="Raised whenever a setting changes.")
    title: str = Field(..., min_length=1, description="Short human title.")
    description: str = Field("", description="What the paradigm is; its source.")
    event_map: dict[str, str] = Field(..., description="Event key -> class name.")
    classes: list[str] = Field(..., description="The classes of the event map.")
    tmin: float = Field(0.0, description="Trial start relative to its event (s).")
    tmax: float = Field(0.8, description="Trial end relative to its event (s).")
    baseline: tuple[float | None, float | None] | None = None
    l_freq: float | None = Field(None, gt=0.0, description="High-pass edge (Hz).")
    h_freq: float | None = Field(None, gt=0.0, description="Low-pass edge (Hz).")
    notch: list[float] | None = Field(None, description="Line-noise frequencies (Hz).")
    picks: list[str] | Literal["eeg"] = Field(
        "eeg", description="Channel names in order, or 'eeg' for the EEG channels."
    )
    reject_uv: float | None = Field(None, gt=0.0, description="Peak-to-peak limit (uV).")
    reader: ReaderHints = Field(default_factory=ReaderHints)
    pipeline: PresetPipeline | None = None
    conditions: dict[str, PresetCondition] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError(
                f"{value!r} is not a preset name: use lower-case letters, digits, '-', '_' "
                "or '.' (at most 64), e.g. 'p300-oddball'"
            )
        return value

    @model_validator(mode="after")
    def _check_settings(self) -> ParadigmPreset:
        maps = {"event_map": self.event_map}
        maps.update(
            {f"conditions.{k}.event_map": c.event_map for k, c in self.conditions.items()
             if c.event_map is not None}
        )  # fmt: skip
        for where, event_map in maps.items():
            try:
                self._settings_for(event_map, None)
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(p) for p in first["loc"]) or where
                raise ValueError(f"{loc}: {first['msg']}") from None
        if sorted(set(self.classes)) != sorted(set(self.event_map.values())):
            raise ValueError(
                f"classes {self.classes} must be the classes of the event map "
                f"{sorted(set(self.event_map.values()))}"
            )
        return self

    def _condition_filter(self, condition: str | None) -> ConditionFilter | None:
        """Under ``condition`` with a marker: keep only its trials (None: every trial)."""
        if condition is None or self.conditions[condition].marker is None:
            return None
        markers = [c.marker for c in self.conditions.values() if c.marker is not None]
        return ConditionFilter(marker=self.conditions[condition].marker, markers=markers)

    def _settings_for(self, event_map: dict[str, str], condition: str | None) -> EpochSettings:
        return EpochSettings(
            event_map=event_map,
            tmin=self.tmin,
            tmax=self.tmax,
            baseline=self.baseline,
            picks=None if self.picks == "eeg" else list(self.picks),
            reject_uv=self.reject_uv,
            l_freq=self.l_freq,
            h_freq=self.h_freq,
            notch=self.notch,
            condition=self._condition_filter(condition),
        )

    @property
    def ref(self) -> PresetRef:
        """The unmodified reference to this preset (name and version)."""
        return PresetRef(name=self.name, version=self.version)

    def event_map_for(self, condition: str | None = None) -> dict[str, str]:
        """The event map under ``condition`` (None: the preset's own).

        Raises
        ------
        KeyError
            An unknown condition (the message lists the preset's conditions).
        """
        if condition is None:
            return dict(self.event_map)
        if condition not in self.conditions:
            known = ", ".join(self.conditions) or "none"
            raise KeyError(
                f"preset {self.name!r} has no condition {condition!r}; its conditions: {known}"
            )
        own = self.conditions[condition].event_map
        return dict(own if own is not None else self.event_map)

    def epoch_settings(
        self, condition: str | None = None, overrides: dict[str, Any] | None = None
    ) -> EpochSettings:
        """The preset as :class:`EpochSettings`, with ``overrides`` applied on top.

        Parameters
        ----------
        condition : str, optional
            A key of :attr:`conditions` whose event map to use.
        overrides : dict, optional
            ``EpochSettings`` fields that replace the preset's (explicit choices win).

        Returns
        -------
        EpochSettings
            With ``preset`` naming this preset, ``modified`` when an override changed a value.
        """
        base = self._settings_for(self.event_map_for(condition), condition)
        merged = {**base.model_dump(mode="json"), **(overrides or {})}
        merged.pop("preset", None)
        settings = EpochSettings.model_validate(merged)
        modified = not self.matches(settings, condition)
        return settings.model_copy(
            update={"preset": PresetRef(name=self.name, version=self.version, modified=modified)}
        )

    def matches(self, settings: EpochSettings, condition: str | None = None) -> bool:
        """True when ``settings`` fill every preset field as the preset does (any condition
        when ``condition`` is None)."""
        names = [condition] if condition is not None else [None, *self.conditions]
        mine = settings.model_dump(mode="json", include=set(PRESET_FIELDS))
        return any(
            self._settings_for(self.event_map_for(c), c).model_dump(
                mode="json", include=set(PRESET_FIELDS)
            ) == mine
            for c in names
        )  # fmt: skip

    @classmethod
    def from_settings(
        cls,
        settings: EpochSettings,
        *,
        name: str,
        title: str,
        version: int = 1,
        description: str = "",
        pipeline: PresetPipeline | None = None,
    ) -> ParadigmPreset:
        """A user preset holding ``settings`` (bad channels are per session: left out)."""
        return cls(
            name=name,
            version=version,
            title=title,
            description=description,
            event_map=dict(settings.event_map),
            classes=settings.classes,
            tmin=settings.tmin,
            tmax=settings.tmax,
            baseline=settings.baseline,
            l_freq=settings.l_freq,
            h_freq=settings.h_freq,
            notch=settings.notch,
            picks="eeg" if settings.picks is None else list(settings.picks),
            reject_uv=settings.reject_uv,
            pipeline=pipeline,
        )
