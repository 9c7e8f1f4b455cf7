"""A study's files: ``results.csv`` (one row per task), ``summary.csv`` (one row per
configuration) and ``comparison.csv`` (pipelines compared pairwise)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from bcigui.study.compare import StudySummary
from bcigui.study.tasks import ResultRow

RESULTS_NAME = "results.csv"
SUMMARY_NAME = "summary.csv"
COMPARISON_NAME = "comparison.csv"


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return value


def write_results(rows: Sequence[ResultRow], metrics: Sequence[str], out_dir: Path) -> Path:
    """``results.csv``: pipeline, params (JSON), group, fold, each metric, inner score, times,
    worker, error; one line per task."""
    path = out_dir / RESULTS_NAME
    header = ["pipeline", "model", "params", "config_id", "group", "fold", *metrics,
              "inner_score", "n_train", "n_test", "fit_seconds", "predict_seconds", "worker",
              "cached", "error"]  # fmt: skip
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for r in rows:
            writer.writerow([_cell(v) for v in (
                r.pipeline, r.model, r.params, r.config_id, r.group, r.fold,
                *(r.scores.get(m) for m in metrics), r.inner_score, r.n_train, r.n_test,
                r.fit_seconds, r.predict_seconds, r.worker, int(r.cached), r.error,
            )])  # fmt: skip
    return path


def write_summary(summary: StudySummary, out_dir: Path) -> Path:
    """``summary.csv``: one line per configuration (mean and SD of each metric, its rank, how
    many outer folds nested CV chose it, and its pipeline's nested score and rank)."""
    path = out_dir / SUMMARY_NAME
    by_pipeline = {p.pipeline: p for p in summary.pipelines}
    header = ["rank", "pipeline", "model", "params", "config_id", "n_folds"]
    for m in summary.metrics:
        header += [f"{m}_mean", f"{m}_sd"]
    header += ["selected_folds", "pipeline_rank", f"pipeline_{summary.metric}_nested_mean",
               f"pipeline_{summary.metric}_nested_sd", "pipeline_p_value"]  # fmt: skip
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for c in summary.configs:
            p = by_pipeline[c.pipeline]
            values: list[object] = [c.rank, c.pipeline, c.model, c.params, c.config_id, c.n_folds]
            for m in summary.metrics:
                values += [c.mean.get(m), c.std.get(m)]
            values += [c.selected, p.rank, p.mean.get(summary.metric), p.std.get(summary.metric),
                       p.p_value]  # fmt: skip
            writer.writerow([_cell(v) for v in values])
    return path


def write_comparison(summary: StudySummary, out_dir: Path) -> Path:
    """``comparison.csv``: every two pipelines, Wilcoxon signed-rank p and effect size."""
    path = out_dir / COMPARISON_NAME
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["a", "b", "n", f"mean_difference_{summary.metric}", "wilcoxon_W",
                         "p_value", "rank_biserial_r"])  # fmt: skip
        for c in summary.pairs:
            writer.writerow([_cell(v) for v in (c.a, c.b, c.n, c.mean_difference, c.statistic,
                                                c.p_value, c.effect_size)])  # fmt: skip
    return path


def write_summary_json(summary: StudySummary, out_dir: Path) -> Path:
    """``summary.json``: the whole :class:`StudySummary`."""
    path = out_dir / "summary.json"
    path.write_text(json.dumps(summary.to_dict(), indent=2), encoding="utf-8")
    return path
