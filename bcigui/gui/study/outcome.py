"""What the Study tab shows of a finished study's :class:`~bcigui.app.study.StudyOutcome`.

The results panel takes plain values (final ranks, the pipelines' nested scores, comparison
rows, saved models); :func:`outcome_tables` reads them from the outcome's summary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.gui.study.leaderboard import params_key, params_text

if TYPE_CHECKING:  # annotations only: the core is imported by the study's job
    from bcigui.app.study import StudyOutcome


@dataclass
class OutcomeTables:
    """A study outcome as the results panel shows it.

    Attributes
    ----------
    ranks : dict of (str, str) to int
        (pipeline, canonical parameters) -> rank of the configuration (1 = best).
    pipelines : dict of str to (int, str)
        Pipeline -> its rank and nested-CV score of the ranking metric (``"0.81 ± 0.03"``).
    chance : float or None
        Chance level of the ranking metric (None when unknown).
    fold_scores : dict of str to list of float
        Pipeline -> its nested-CV fold scores of the ranking metric (the selected
        configuration of each outer fold).
    comparison : list of dict
        ``a``, ``b``, ``difference`` (mean of a - b), ``p`` (Wilcoxon), ``effect``
        (rank-biserial correlation).
    models : list of (str, str, Path)
        Pipeline, its best parameters as text, and the saved model file.
    """

    ranks: dict[tuple[str, str], int] = field(default_factory=dict)
    pipelines: dict[str, tuple[int, str]] = field(default_factory=dict)
    chance: float | None = None
    fold_scores: dict[str, list[float]] = field(default_factory=dict)
    comparison: list[dict[str, Any]] = field(default_factory=list)
    models: list[tuple[str, str, Path]] = field(default_factory=list)


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _score_text(mean: float | None, sd: float | None) -> str:
    if mean is None or not math.isfinite(mean):
        return "—"
    return f"{mean:.3f} ± {sd:.3f}" if sd is not None and math.isfinite(sd) else f"{mean:.3f}"


def outcome_tables(outcome: StudyOutcome) -> OutcomeTables:
    """Read ranks, nested scores, the pairwise comparison and the saved models."""
    summary = outcome.summary
    metric = summary.metric
    tables = OutcomeTables()
    for config in summary.configs:
        tables.ranks[(config.pipeline, params_key(config.params))] = config.rank
    best_params: dict[str, str] = {}
    for pipeline in summary.pipelines:
        tables.pipelines[pipeline.pipeline] = (
            pipeline.rank,
            _score_text(pipeline.mean.get(metric), pipeline.std.get(metric)),
        )
        best_params[pipeline.pipeline] = pipeline.best.params
        folds = pipeline.fold_scores.get(metric, {})
        tables.fold_scores[pipeline.pipeline] = [float(v) for v in folds.values() if v is not None]
        if tables.chance is None and metric in pipeline.chance:
            tables.chance = float(pipeline.chance[metric])
    for pair in summary.pairs:
        tables.comparison.append(
            {
                "a": pair.a,
                "b": pair.b,
                "difference": _nan(pair.mean_difference),
                "p": _nan(pair.p_value),
                "effect": _nan(pair.effect_size),
            }
        )
    for name, path in outcome.saved.items():
        tables.models.append((name, params_text(best_params.get(name, "{}")), Path(path)))
    return tables
