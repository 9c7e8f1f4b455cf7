"""Honest comparison of a study's rows: nested selection, summaries, statistics, a ranking.

* **Per configuration**: mean and SD of every metric over its (group, fold) rows. With a grid,
  these are the scores each configuration *would* have; picking the best of them afterwards
  is optimistic, so they are not the pipeline's score.
* **Per pipeline (nested CV)**: for every outer fold, the configuration with the best *inner*
  score (:attr:`~bcigui.study.tasks.ResultRow.inner_score`, made on that fold's training part
  only) is selected and its *outer* score is the pipeline's score on that fold. A pipeline
  with one configuration simply has that configuration's rows.
* **Chance level** of each metric, and a permutation p-value where the spec asked for label
  permutations (the permuted refits' mean over folds against the observed mean).
* **Paired comparison** of every two pipelines over the (group, fold) pairs they share:
  Wilcoxon signed-rank test (scipy) with the rank-biserial correlation as effect size
  (``r = (sum of positive ranks - sum of negative ranks) / total rank sum``, MOABB-style).
* **Ranking** by the pipelines' nested mean of the ranking metric.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from bcigui.study.tasks import ResultRow

FoldKey = tuple[str, int]


@dataclass
class ConfigSummary:
    """One pipeline configuration over its folds (a line of ``summary.csv``).

    Attributes
    ----------
    pipeline, model, params, config_id
        Which configuration (``params`` as JSON).
    n_folds : int
        Finished (group, fold) rows.
    mean, std : dict of str to float or None
        Per metric over the rows (SD with ddof=0; None when no row has the metric).
    rank : int
        1 = best mean of the ranking metric among all configurations.
    selected : int
        Outer folds whose nested selection chose this configuration.
    """

    pipeline: str
    model: str
    params: str
    config_id: str
    n_folds: int
    mean: dict[str, float | None]
    std: dict[str, float | None]
    rank: int = 0
    selected: int = 0


@dataclass
class PipelineSummary:
    """A pipeline's honest (nested) scores, chance, permutation p and rank.

    Attributes
    ----------
    pipeline, model : str
    n_configs : int
    fold_scores : dict of str to dict of str to float or None
        ``{metric: {"group/fold": score}}`` of the selected configurations.
    mean, std : dict of str to float or None
    chance : dict of str to float
        Chance level of each metric with a known one.
    p_value : float or None
        Permutation p-value of the ranking metric (None without permutations).
    rank : int
    best : ConfigSummary
        The configuration with the best mean ranking metric (refitted and saved).
    """

    pipeline: str
    model: str
    n_configs: int
    fold_scores: dict[str, dict[str, float | None]]
    mean: dict[str, float | None]
    std: dict[str, float | None]
    chance: dict[str, float]
    p_value: float | None
    rank: int
    best: ConfigSummary


@dataclass
class PairComparison:
    """Pipeline ``a`` against ``b`` on their shared folds (Wilcoxon signed-rank).

    Attributes
    ----------
    a, b : str
    n : int
        Shared (group, fold) pairs.
    mean_difference : float or None
        Mean of ``a - b``.
    statistic : float or None
        Wilcoxon's W (the smaller rank sum).
    p_value : float or None
        Two-sided; None with fewer than 2 non-zero differences.
    effect_size : float or None
        Rank-biserial correlation in [-1, 1]; positive: ``a`` scores higher.
    """

    a: str
    b: str
    n: int
    mean_difference: float | None
    statistic: float | None
    p_value: float | None
    effect_size: float | None


@dataclass
class StudySummary:
    """Everything :func:`summarize` finds; ``metric`` is the ranking metric."""

    metric: str
    metrics: list[str]
    configs: list[ConfigSummary]
    pipelines: list[PipelineSummary]
    pairs: list[PairComparison]
    failed: int = 0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe."""
        return _finite(asdict(self))

    def leaderboard(self) -> str:
        """The pipelines ranked, one line each (plain text for the terminal)."""
        lines = [f"rank  pipeline              {self.metric} (nested CV, mean +- SD)  chance  p"]
        for p in sorted(self.pipelines, key=lambda p: p.rank):
            mean, std = p.mean.get(self.metric), p.std.get(self.metric)
            score = "n/a" if mean is None else f"{mean:.3f} +- {std or 0.0:.3f}"
            chance = p.chance.get(self.metric)
            pv = "" if p.p_value is None else f"{p.p_value:.3g}"
            lines.append(
                f"{p.rank:>4}  {p.pipeline:<20}  {score:<34}  "
                f"{'' if chance is None else f'{chance:.3f}':<6}  {pv}"
            )
            lines.append(f"      best: {p.best.params}")
        return "\n".join(lines)


def _finite(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def fold_label(key: FoldKey) -> str:
    """``"group/fold"``."""
    return f"{key[0]}/{key[1]}"


def _mean_std(values: Sequence[float | None]) -> tuple[float | None, float | None]:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return None, None
    return float(np.mean(finite)), float(np.std(finite))


def _rank_value(value: float | None) -> float:
    return -math.inf if value is None else value


def config_summaries(rows: Sequence[ResultRow], metrics: Sequence[str]) -> list[ConfigSummary]:
    """Mean and SD of each metric per configuration (in first-seen order, unranked)."""
    by_config: dict[str, list[ResultRow]] = {}
    for row in rows:
        if row.ok:
            by_config.setdefault(row.config_id, []).append(row)
    out = []
    for config_id, group in by_config.items():
        first = group[0]
        stats = {m: _mean_std([r.scores.get(m) for r in group]) for m in metrics}
        out.append(
            ConfigSummary(
                pipeline=first.pipeline,
                model=first.model,
                params=first.params,
                config_id=config_id,
                n_folds=len(group),
                mean={m: s[0] for m, s in stats.items()},
                std={m: s[1] for m, s in stats.items()},
            )
        )
    return out


def nested_selection(rows: Sequence[ResultRow]) -> dict[str, dict[FoldKey, ResultRow]]:
    """Per pipeline and outer fold, the row of the configuration with the best inner score.

    The choice looks only at ``inner_score`` (made on the outer training part); the outer
    scores of the rows play no part in it. Ties go to the configuration seen first. A
    pipeline with one configuration keeps its rows.
    """
    chosen: dict[str, dict[FoldKey, ResultRow]] = {}
    for row in rows:
        if not row.ok:
            continue
        folds = chosen.setdefault(row.pipeline, {})
        key = (row.group, row.fold)
        current = folds.get(key)
        if current is None or _rank_value(row.inner_score) > _rank_value(current.inner_score):
            folds[key] = row
    return chosen


def wilcoxon_pair(a: str, b: str, x: Sequence[float], y: Sequence[float]) -> PairComparison:
    """Wilcoxon signed-rank test of paired scores ``x`` (pipeline ``a``) and ``y`` (``b``)."""
    from scipy.stats import rankdata, wilcoxon

    d = np.asarray(x, dtype=float) - np.asarray(y, dtype=float)
    d = d[np.isfinite(d)]
    n = len(d)
    mean_diff = float(np.mean(d)) if n else None
    nonzero = d[d != 0]
    if len(nonzero) < 2:
        effect = 0.0 if n and not len(nonzero) else None
        return PairComparison(a, b, n, mean_diff, None, None, effect)
    ranks = rankdata(np.abs(nonzero))
    positive, negative = ranks[nonzero > 0].sum(), ranks[nonzero < 0].sum()
    effect = float((positive - negative) / (positive + negative))
    result = wilcoxon(nonzero, zero_method="wilcox", alternative="two-sided")
    return PairComparison(a, b, n, mean_diff, float(result.statistic), float(result.pvalue), effect)


def permutation_p(selected: Sequence[ResultRow], metric: str) -> float | None:
    """``(count(null mean >= observed mean) + 1) / (n_permutations + 1)`` over the rows."""
    counts = {len(r.permutation_scores) for r in selected}
    if not selected or counts == {0} or len(counts) != 1:
        return None
    observed, _ = _mean_std([r.scores.get(metric) for r in selected])
    if observed is None:
        return None
    null = np.nanmean(np.array([r.permutation_scores for r in selected], dtype=float), axis=0)
    return float((np.sum(null >= observed) + 1) / (len(null) + 1))


def chance_levels(labels: Sequence[Any] | np.ndarray, metrics: Sequence[str]) -> dict[str, float]:
    """The score of a guess unrelated to the data, per metric with a known one.

    Balanced accuracy and macro recall: ``1 / n_classes``; ROC-AUC: 0.5; accuracy: the
    majority class share (:mod:`bcigui.classifiers.chance` judges single results against
    these with their noise bounds).
    """
    _, counts = np.unique(np.asarray(labels), return_counts=True)
    known = {
        "balanced_accuracy": 1.0 / len(counts),
        "recall_macro": 1.0 / len(counts),
        "roc_auc": 0.5,
        "accuracy": float(counts.max() / counts.sum()),
    }
    return {m: known[m] for m in metrics if m in known}


def summarize(
    rows: Sequence[ResultRow], metrics: Sequence[str], metric: str, labels: Sequence[Any]
) -> StudySummary:
    """Summaries, nested scores, chance, permutation p, pairwise tests and ranks of ``rows``.

    Parameters
    ----------
    rows : sequence of ResultRow
        Every task's row (failed ones are counted and left out).
    metrics : sequence of str
    metric : str
        The ranking (and selection) metric.
    labels : sequence
        Every trial's label (for the chance levels).
    """
    configs = config_summaries(rows, metrics)
    order = sorted(configs, key=lambda c: _rank_value(c.mean.get(metric)), reverse=True)
    for rank, config in enumerate(order, start=1):
        config.rank = rank
    by_id = {c.config_id: c for c in configs}
    chosen = nested_selection(rows)
    chance = chance_levels(labels, metrics)
    pipelines = []
    for name, folds in chosen.items():
        for row in folds.values():
            by_id[row.config_id].selected += 1
        selected = list(folds.values())
        own = [c for c in configs if c.pipeline == name]
        stats = {m: _mean_std([r.scores.get(m) for r in selected]) for m in metrics}
        pipelines.append(
            PipelineSummary(
                pipeline=name,
                model=selected[0].model,
                n_configs=len(own),
                fold_scores={
                    m: {fold_label(k): r.scores.get(m) for k, r in sorted(folds.items())}
                    for m in metrics
                },
                mean={m: s[0] for m, s in stats.items()},
                std={m: s[1] for m, s in stats.items()},
                chance=chance,
                p_value=permutation_p(selected, metric),
                rank=0,
                best=min(own, key=lambda c: c.rank),
            )
        )
    ranked = sorted(pipelines, key=lambda p: _rank_value(p.mean.get(metric)), reverse=True)
    for rank, pipeline in enumerate(ranked, start=1):
        pipeline.rank = rank
    pairs = []
    for i, a in enumerate(ranked):
        for b in ranked[i + 1 :]:
            fa, fb = chosen[a.pipeline], chosen[b.pipeline]
            shared = sorted(set(fa) & set(fb))
            x = [_nan(fa[k].scores.get(metric)) for k in shared]
            y = [_nan(fb[k].scores.get(metric)) for k in shared]
            pairs.append(wilcoxon_pair(a.pipeline, b.pipeline, x, y))
    return StudySummary(
        metric=metric, metrics=list(metrics), configs=order, pipelines=ranked, pairs=pairs,
        failed=sum(not r.ok for r in rows),
    )  # fmt: skip


def _nan(value: float | None) -> float:
    return math.nan if value is None else value
