"""The study spec: what to compare, on which data, with which cross-validation (a TOML file).

A spec names the data (recordings epoched alike, or trial files, each with a group), the
cross-validation scheme, the pipelines (any registered classifier, each with a parameter grid
or random ranges), the metrics and a seed::

    [data]
    recordings = ["s1_raw.fif", "s2_raw.fif"]   # each recording is one group
    event_map = { "1" = "NonTarget", "2" = "Target" }
    tmin = 0.0
    tmax = 0.8

    [cv]
    scheme = "grouped"

    [[pipeline]]
    model = "XdawnRiemann"
    grid = { nfilter = [2, 4] }

:func:`load_spec` reads and validates it (errors name the key and its line), :func:`dump_spec`
writes it back (the GUI writes specs that the CLI reads).
"""

from __future__ import annotations

import itertools
import json
import math
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bcigui.data.epoching import EpochSettings
from bcigui.errors import ConfigError

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier

#: Metrics a study can report (names of :class:`~bcigui.classifiers.metrics.EvaluationMetrics`).
KNOWN_METRICS = (
    "balanced_accuracy", "roc_auc", "accuracy", "f1_macro", "f1_weighted",
    "precision_macro", "recall_macro",
)  # fmt: skip
_EPOCH_KEYS = tuple(EpochSettings.model_fields)


class TrialFiles(BaseModel):
    """One group of seed ``.npy`` trial files: data files, label files and the group's name."""

    model_config = ConfigDict(extra="forbid")

    x: list[Path] = Field(min_length=1, description="Trial (data) .npy files.")
    y: list[Path] = Field(min_length=1, description="Label .npy files aligned with ``x``.")
    group: str = Field(min_length=1, description="Subject, session or recording of these trials.")

    @model_validator(mode="before")
    @classmethod
    def _one_file_is_a_list(cls, value: Any) -> Any:
        if isinstance(value, dict):
            value = dict(value)
            for key in ("x", "y"):
                if isinstance(value.get(key), str):
                    value[key] = [value[key]]
        return value


class DataSpec(BaseModel):
    """``[data]``: recordings (each one group, epoched with the epoch keys) or trial files.

    The epoch keys (``event_map``, ``tmin``, ``tmax``, ``l_freq``, ``h_freq``, ``baseline``,
    ``picks``, ``bad_channels``, ``reject_uv``) are those of the recording dialog
    (:class:`~bcigui.data.epoching.EpochSettings`); they are collected into :attr:`epoching`.
    """

    model_config = ConfigDict(extra="forbid")

    recordings: list[Path] = Field(default_factory=list)
    trials: list[TrialFiles] = Field(default_factory=list)
    epoching: EpochSettings | None = None

    @model_validator(mode="before")
    @classmethod
    def _collect_epoch_keys(cls, value: Any) -> Any:
        if isinstance(value, dict) and "epoching" not in value:
            given = {k: value[k] for k in _EPOCH_KEYS if k in value}
            if given:
                value = {k: v for k, v in value.items() if k not in given}
                value["epoching"] = given
        return value

    @model_validator(mode="after")
    def _one_source(self) -> DataSpec:
        if bool(self.recordings) == bool(self.trials):
            raise ValueError(
                "give either recordings = [...] (with event_map) or [[data.trials]] tables "
                "(x, y, group), not both and not neither"
            )
        if self.recordings and self.epoching is None:
            raise ValueError("recordings need event_map (and tmin/tmax) to be epoched")
        if self.trials and self.epoching is not None:
            raise ValueError("epoch keys (event_map, tmin...) apply to recordings, not trial files")
        groups = [t.group for t in self.trials]
        repeated = sorted({g for g in groups if groups.count(g) > 1})
        if repeated:
            raise ValueError(f"trial groups must differ; repeated: {repeated}")
        return self

    @property
    def group_names(self) -> list[str]:
        """The groups, in order: recording file stems, or the trial tables' ``group``."""
        if self.recordings:
            return [p.name for p in self.recordings]
        return [t.group for t in self.trials]


class CVSpec(BaseModel):
    """``[cv]``: how the scores are made.

    ``stratified``: stratified k-fold within each group (per-subject scores); ``grouped``: folds
    that never split a group (leave-one-group-out when there are ``folds`` or fewer groups);
    ``loso``: leave one subject (group) out. ``nested`` inner folds choose a pipeline's
    parameters on the training part of every outer fold when its grid has more than one
    configuration. ``permutations`` label permutations within the training folds give a p-value.
    """

    model_config = ConfigDict(extra="forbid")

    scheme: Literal["stratified", "grouped", "loso"] = "stratified"
    folds: int = Field(5, ge=2, le=100)
    nested: int = Field(3, ge=2, le=20)
    permutations: int = Field(0, ge=0, le=10_000)


class RandomRange(BaseModel):
    """A random search range: uniform in ``[low, high]``, log-uniform when ``log``; integers
    when both bounds are integers."""

    model_config = ConfigDict(extra="forbid")

    low: float
    high: float
    log: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> RandomRange:
        if self.high < self.low:
            raise ValueError(f"high ({self.high}) is below low ({self.low})")
        if self.log and self.low <= 0:
            raise ValueError(f"a log range needs low > 0, got {self.low}")
        return self


class PipelineSpec(BaseModel):
    """``[[pipeline]]``: a registered classifier, with a grid or random ranges of parameters.

    Keys are those of ``train --set``: field names, dotted for nested blocks
    (``signal.h_freq``, ``input_adapter.decimate``).
    """

    model_config = ConfigDict(extra="forbid")

    model: str = Field(min_length=1)
    name: str | None = Field(None, description="Name in the results (default: the model).")
    params: dict[str, Any] = Field(default_factory=dict, description="Fixed parameters.")
    grid: dict[str, list[Any]] = Field(default_factory=dict)
    random: dict[str, RandomRange] = Field(default_factory=dict)
    n_iter: int = Field(10, ge=1, le=10_000)

    @model_validator(mode="after")
    def _grid_or_random(self) -> PipelineSpec:
        if self.grid and self.random:
            raise ValueError("give grid or random, not both")
        empty = [k for k, v in self.grid.items() if not v]
        if empty:
            raise ValueError(f"grid lists must not be empty: {empty}")
        return self

    @property
    def title(self) -> str:
        """The pipeline's name in results: ``name`` or the model."""
        return self.name or self.model


class StudySpec(BaseModel):
    """A whole study (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    data: DataSpec
    cv: CVSpec = Field(default_factory=CVSpec)
    pipelines: list[PipelineSpec] = Field(alias="pipeline", min_length=1)
    metrics: list[str] = Field(default_factory=lambda: ["balanced_accuracy", "roc_auc"])
    rank_by: str | None = Field(
        None, description="Metric that ranks and selects configurations (default: the first)."
    )
    seed: int = Field(0, ge=0, le=2**31 - 2)

    @model_validator(mode="after")
    def _check(self) -> StudySpec:
        unknown = [m for m in self.metrics if m not in KNOWN_METRICS]
        if unknown or not self.metrics:
            raise ValueError(f"unknown metrics {unknown}; choose from {list(KNOWN_METRICS)}")
        if self.rank_by is not None and self.rank_by not in self.metrics:
            raise ValueError(f"rank_by {self.rank_by!r} is not one of metrics {self.metrics}")
        titles = [p.title for p in self.pipelines]
        repeated = sorted({t for t in titles if titles.count(t) > 1})
        if repeated:
            raise ValueError(f"pipelines need distinct names; give `name = ...` to {repeated}")
        return self

    @property
    def ranking_metric(self) -> str:
        """The metric that selects parameters and ranks pipelines."""
        return self.rank_by or self.metrics[0]


# ------------------------------------------------------------------------ classifiers
def pipeline_class(name: str) -> type[BaseClassifier]:
    """The registered classifier called ``name`` (class name or model type, any case).

    Raises
    ------
    ConfigError
        When no classifier is registered under that name (the registered ones are listed).
    """
    from bcigui.classifiers.registry import available_types

    types = available_types()
    for model_type, cls in types.items():
        if name.lower() in (model_type.lower(), cls.__name__.lower()):
            return cls
    names = sorted(cls.__name__ for cls in types.values())
    raise ConfigError(f"pipeline model {name!r} is not registered; registered: {', '.join(names)}")


def nested_params(flat: dict[str, Any]) -> dict[str, Any]:
    """``{"a": 1, "block.b": 2}`` -> ``{"a": 1, "block": {"b": 2}}`` (dotted keys as in
    ``train --set``)."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        *parents, leaf = key.split(".")
        target = out
        for part in parents:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                raise ConfigError(f"parameter {key!r} sets inside a value that is not a block")
        target[leaf] = value
    return out


def build_model(model: str, params: dict[str, Any], seed: int) -> BaseClassifier:
    """A classifier of type ``model`` with dotted ``params`` and ``random_state=seed``.

    Raises
    ------
    ConfigError
        Naming the parameter and its bad value (pydantic's own check of the field).
    """
    cls = pipeline_class(model)
    values = {"random_state": seed, **nested_params(params)}
    try:
        return cls.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])} = {e.get('input')!r}: {e['msg']}"
            for e in exc.errors()
        )
        raise ConfigError(f"{cls.__name__}: {problems}") from None


def configurations(pipeline: PipelineSpec, seed: int) -> list[dict[str, Any]]:
    """Every parameter set of ``pipeline``, dotted keys: the grid's product, or ``n_iter``
    random draws (seeded by ``seed``), each on top of the fixed ``params``."""
    if pipeline.grid:
        keys = sorted(pipeline.grid)
        return [
            {**pipeline.params, **dict(zip(keys, combo, strict=True))}
            for combo in itertools.product(*(pipeline.grid[k] for k in keys))
        ]
    if pipeline.random:
        rng = np.random.default_rng([seed, *pipeline.title.encode()])
        draws = []
        for _ in range(pipeline.n_iter):
            point = dict(pipeline.params)
            for key in sorted(pipeline.random):
                point[key] = _draw(pipeline.random[key], rng)
            draws.append(point)
        unique = {json.dumps(d, sort_keys=True): d for d in draws}
        return list(unique.values())
    return [dict(pipeline.params)]


def _draw(r: RandomRange, rng: np.random.Generator) -> float | int:
    integer = float(r.low).is_integer() and float(r.high).is_integer() and not r.log
    if integer:
        return int(rng.integers(int(r.low), int(r.high) + 1))
    if r.log:
        return float(math.exp(rng.uniform(math.log(r.low), math.log(r.high))))
    return float(rng.uniform(r.low, r.high))


def check_pipelines(spec: StudySpec) -> None:
    """Check every pipeline's model name and every grid point through its pydantic config.

    Raises
    ------
    ConfigError
        An unregistered model (the registered ones listed) or a parameter value outside its
        field's range (the pipeline, field and value named).
    """
    for number, pipeline in enumerate(spec.pipelines, start=1):
        pipeline_class(pipeline.model)
        points = configurations(pipeline, spec.seed)
        if pipeline.random:  # both ends of every range must be valid values
            points = [
                {**pipeline.params, **{k: getattr(r, end) for k, r in pipeline.random.items()}}
                for end in ("low", "high")
            ]
        for point in points:
            try:
                build_model(pipeline.model, point, spec.seed)
            except ConfigError as exc:
                raise ConfigError(f"pipeline {number} ({pipeline.title}): {exc}") from None


# ------------------------------------------------------------------------------ files
def load_spec(path: str | Path) -> StudySpec:
    """Read and check a study spec (TOML); relative data paths are relative to the file.

    Raises
    ------
    ConfigError
        Malformed TOML, an unknown or bad key (named, with its line), an unregistered model,
        a grid value outside its field's range.
    FileNotFoundError
        When the file does not exist.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    return parse_spec(text, base_dir=path.parent, source=str(path))


def parse_spec(text: str, *, base_dir: Path | None = None, source: str = "<spec>") -> StudySpec:
    """:func:`load_spec` for TOML text; ``base_dir`` anchors relative data paths."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: malformed TOML: {exc}") from None
    try:
        spec = StudySpec.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = [str(p) for p in error["loc"]]
        where = _line_of(text, error["loc"])
        key = ".".join(loc) or "(top level)"
        what = "unknown key" if error["type"] == "extra_forbidden" else "bad value"
        more = f" (and {len(exc.errors()) - 1} more problems)" if len(exc.errors()) > 1 else ""
        raise ConfigError(
            f"{source}{f', line {where}' if where else ''}: {what} {key}: {error['msg']}{more}"
        ) from None
    if base_dir is not None:
        spec = _anchored(spec, base_dir)
    check_pipelines(spec)
    return spec


def _anchored(spec: StudySpec, base: Path) -> StudySpec:
    def fix(p: Path) -> Path:
        return p if p.is_absolute() else (base / p).resolve()

    data = spec.data.model_copy(
        update={
            "recordings": [fix(p) for p in spec.data.recordings],
            "trials": [
                t.model_copy(update={"x": [fix(p) for p in t.x], "y": [fix(p) for p in t.y]})
                for t in spec.data.trials
            ],
        }
    )
    return spec.model_copy(update={"data": data})


_HEADER = re.compile(r"^\s*\[\[?\s*([\w.\"-]+)\s*\]\]?")


def _line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the key at pydantic location ``loc`` (a best effort)."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None
    lines = text.splitlines()
    # the section: [data], [cv], the n-th [[pipeline]]; top-level keys come before any header
    section = "pipeline" if names[0] == "pipelines" else names[0]
    index = next((p for p in loc[1:2] if isinstance(p, int)), 0)
    start, end, seen = 0, len(lines), -1
    headers = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _HEADER.match(line))]
    first_header = headers[0][0] if headers else len(lines)
    for n, (i, name) in enumerate(headers):
        if name == section:
            seen += 1
            if seen == index:
                start = i
                end = headers[n + 1][0] if n + 1 < len(headers) else len(lines)
                break
    else:
        start, end = 0, first_header
    leaf = names[-1]
    pattern = re.compile(rf"(^|[\s{{,]){re.escape(leaf)}\s*=|^\s*\"{re.escape(leaf)}\"\s*=")
    for i in [*range(start, end), *range(len(lines))]:
        if pattern.search(lines[i]):
            return i + 1
    return start + 1 if section in {h for _, h in headers} else None


def dump_spec(spec: StudySpec) -> str:
    """The spec as TOML text that :func:`parse_spec` reads back to an equal spec."""
    out: list[str] = []
    top = {"metrics": spec.metrics, "seed": spec.seed}
    if spec.rank_by is not None:
        top["rank_by"] = spec.rank_by
    out += [f"{k} = {_toml_value(v)}" for k, v in top.items()]
    out += ["", "[data]"]
    data = spec.data
    if data.recordings:
        out.append(f"recordings = {_toml_value([str(p) for p in data.recordings])}")
    if data.epoching is not None:
        dumped = data.epoching.model_dump(mode="json", exclude_defaults=True)
        dumped.setdefault("event_map", data.epoching.event_map)
        out += [f"{k} = {_toml_value(v)}" for k, v in dumped.items()]
    for group in data.trials:
        out += ["", "[[data.trials]]"]
        out.append(f"x = {_toml_value([str(p) for p in group.x])}")
        out.append(f"y = {_toml_value([str(p) for p in group.y])}")
        out.append(f"group = {_toml_value(group.group)}")
    out += ["", "[cv]"]
    out += [f"{k} = {_toml_value(v)}" for k, v in spec.cv.model_dump().items()]
    for pipeline in spec.pipelines:
        out += ["", "[[pipeline]]", f"model = {_toml_value(pipeline.model)}"]
        if pipeline.name is not None:
            out.append(f"name = {_toml_value(pipeline.name)}")
        for key in ("params", "grid"):
            if getattr(pipeline, key):
                out.append(f"{key} = {_toml_value(getattr(pipeline, key))}")
        if pipeline.random:
            ranges = {k: r.model_dump() for k, r in pipeline.random.items()}
            out.append(f"random = {_toml_value(ranges)}")
            out.append(f"n_iter = {pipeline.n_iter}")
    return "\n".join(out) + "\n"


def _toml_value(value: Any) -> str:
    """One TOML value (inline tables for dicts); None cannot be written in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return repr(value)
    if isinstance(value, str | Path):
        return json.dumps(str(value))  # JSON string escapes are valid TOML basic strings
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if value is None:
        raise ConfigError("a study spec value is None, which TOML cannot hold; leave the key out")
    raise ConfigError(f"cannot write {type(value).__name__} {value!r} into a TOML study spec")
