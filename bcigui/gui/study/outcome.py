"""What the Study tab shows of a finished study's ``StudyOutcome`` (:mod:`bcigui.app.study`).

The results panel takes plain values (final ranks, comparison rows, saved models);
:func:`outcome_tables` reads them from the core's outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bcigui.gui.study.leaderboard import params_key, params_text, row_value


@dataclass
class OutcomeTables:
    """A study outcome as the results panel shows it.

    Attributes
    ----------
    ranks : dict of (str, str) to int
        (pipeline, canonical parameters) -> final rank (1 = best).
    comparison : list of dict
        ``a``, ``b``, ``difference`` (mean of a - b), ``p`` (Wilcoxon), ``effect``.
    models : list of (str, str, Path)
        Pipeline, its best parameters as text, and the saved model file.
    """

    ranks: dict[tuple[str, str], int] = field(default_factory=dict)
    comparison: list[dict[str, Any]] = field(default_factory=list)
    models: list[tuple[str, str, Path]] = field(default_factory=list)


def _first(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        value = row_value(obj, name, None)
        if value is not None:
            return value
    return default


def outcome_tables(outcome: Any) -> OutcomeTables:
    """Read ranks, the pairwise comparison and the saved models from a ``StudyOutcome``."""
    tables = OutcomeTables()
    for entry in _first(outcome, "summary", default=[]) or []:
        rank = _first(entry, "rank")
        if rank is not None:
            key = (
                str(_first(entry, "pipeline", default="")),
                params_key(_first(entry, "params", default={})),
            )
            tables.ranks[key] = int(rank)
    for pair in _first(outcome, "comparison", "comparisons", default=[]) or []:
        tables.comparison.append(
            {
                "a": _first(pair, "a", "pipeline_a", default="?"),
                "b": _first(pair, "b", "pipeline_b", default="?"),
                "difference": float(_first(pair, "difference", "mean_difference", default="nan")),
                "p": float(_first(pair, "p", "p_value", "wilcoxon_p", default="nan")),
                "effect": float(_first(pair, "effect", "effect_size", default="nan")),
            }
        )
    saved = _first(outcome, "best_models", "saved", default=[]) or []
    if isinstance(saved, Mapping):
        saved = [{"pipeline": k, "path": v} for k, v in saved.items()]
    for model in saved:
        path = _first(model, "path")
        if path is not None:
            tables.models.append(
                (
                    str(_first(model, "pipeline", default="")),
                    params_text(_first(model, "params", default={})),
                    Path(path),
                )
            )
    return tables
