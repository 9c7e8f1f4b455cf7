"""Between the Study tab's widgets and the core's study spec (:mod:`bcigui.study.spec`).

:func:`build_spec` makes a validated ``StudySpec`` from what the widgets hold;
:func:`spec_view` turns a spec back into plain values the widgets show. The core is imported
inside the functions: the window paints before it is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the core is imported lazily
    from bcigui.study.spec import StudySpec


#: Keys of a ``[[pipeline]]`` table the tab passes on (``random``, ``n_iter`` and ``name`` come
#: from an opened spec and are kept as they are).
PIPELINE_KEYS = ("model", "name", "params", "grid", "random", "n_iter")


@dataclass
class StudyData:
    """The study's data as the data panel holds them.

    Attributes
    ----------
    trial_files : list of (Path, Path)
        (X file, label file) pairs; empty when the data are recordings.
    groups : list of str
        The group of each trial-file pair (pairs of one group form one data set).
    recordings : list of Path
        The recordings (each one group); empty when the data are trial files.
    epoch_settings : EpochSettings or None
        How the recordings become trials.
    """

    trial_files: list[tuple[Path, Path]] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    recordings: list[Path] = field(default_factory=list)
    epoch_settings: Any = None


def data_table(data: StudyData) -> dict[str, Any]:
    """The ``[data]`` table of a spec for ``data``."""
    if data.recordings:
        epoching = data.epoch_settings.model_dump(mode="json") if data.epoch_settings else {}
        return {"recordings": [str(p) for p in data.recordings], "epoching": epoching}
    trials: dict[str, dict[str, list[str]]] = {}
    for (x, y), group in zip(data.trial_files, data.groups, strict=True):
        entry = trials.setdefault(group, {"x": [], "y": []})
        entry["x"].append(str(x))
        entry["y"].append(str(y))
    return {"trials": [{"x": v["x"], "y": v["y"], "group": g} for g, v in trials.items()]}


def build_spec(
    data: StudyData, evaluation: dict[str, Any], pipelines: list[dict[str, Any]]
) -> StudySpec:
    """A validated study spec.

    Parameters
    ----------
    data : StudyData
        What to evaluate on.
    evaluation : dict
        ``scheme``, ``folds``, ``nested``, ``permutations``, ``metrics``, ``seed``.
    pipelines : list of dict
        ``model``, ``params`` and ``grid`` of each pipeline (dotted keys).

    Raises
    ------
    bcigui.errors.ConfigError
        A pipeline or grid value the core refuses (pipeline and field named).
    pydantic.ValidationError
        Data or settings the spec refuses (no data, no pipeline, no metric...).
    """
    from bcigui.study.spec import StudySpec, check_pipelines

    cv = {
        k: evaluation[k] for k in ("scheme", "folds", "nested", "permutations") if k in evaluation
    }
    raw = {
        "data": data_table(data),
        "cv": cv,
        "pipeline": [
            {k: v for k, v in p.items() if k in PIPELINE_KEYS and v} | {"model": p["model"]}
            for p in pipelines
        ],
        "metrics": list(evaluation.get("metrics") or []),
        "seed": int(evaluation.get("seed", 0)),
    }
    spec = StudySpec.model_validate(raw)
    check_pipelines(spec)
    return spec


@dataclass
class SpecView:
    """A spec as the widgets show it (see :func:`spec_view`)."""

    data: StudyData
    evaluation: dict[str, Any]
    pipelines: list[dict[str, Any]]


def spec_view(spec: StudySpec, class_names: list[str]) -> SpecView:
    """The values the widgets show for ``spec``.

    Parameters
    ----------
    spec : StudySpec
        A loaded spec.
    class_names : list of str
        The registered classifiers' class names (a spec may name a model by its model type or
        in any case; the panel lists class names).
    """
    data = StudyData()
    if spec.data.recordings:
        data.recordings = list(spec.data.recordings)
        data.epoch_settings = spec.data.epoching
    for table in spec.data.trials:
        for x, y in zip(table.x, table.y, strict=False):
            data.trial_files.append((Path(x), Path(y)))
            data.groups.append(table.group)
    from bcigui.study.spec import pipeline_class

    by_lower = {n.lower(): n for n in class_names}
    pipelines = []
    for p in spec.pipelines:
        name = pipeline_class(p.model).__name__
        entry: dict[str, Any] = {
            "model": by_lower.get(name.lower(), name),
            "params": dict(p.params),
            "grid": dict(p.grid),
        }
        if p.name is not None:
            entry["name"] = p.name
        if p.random:
            entry["random"] = {k: r.model_dump() for k, r in p.random.items()}
            entry["n_iter"] = p.n_iter
        pipelines.append(entry)
    evaluation = {
        "scheme": spec.cv.scheme,
        "folds": spec.cv.folds,
        "nested": spec.cv.nested,
        "permutations": spec.cv.permutations,
        "metrics": list(spec.metrics),
        "seed": spec.seed,
    }
    return SpecView(data, evaluation, pipelines)
