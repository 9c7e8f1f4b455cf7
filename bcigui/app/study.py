"""The "study" user action: run a study, write its files, save each pipeline's best model.

The Study tab and ``python -m bcigui study`` call :func:`run_study`. It loads the data once,
expands the spec into tasks, takes finished rows of an earlier run from the output folder's
cache, runs the rest where :class:`~bcigui.study.executors.ExecutorSettings` say (rows reach
``on_row`` as they finish), compares the pipelines with nested cross-validation, writes
``results.csv``, ``summary.csv`` and ``comparison.csv``, and refits the best configuration of
each pipeline on all trials and saves it to the store with the study id, its CV scores and
the spec in its manifest.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bcigui.app.fitting import save_trained
from bcigui.classifiers.progress import CancelToken, ProgressCallback, no_progress
from bcigui.study.cache import ResultCache
from bcigui.study.compare import PipelineSummary, StudySummary, summarize
from bcigui.study.data import DataRef, StudyData, data_hash, describe, load_data
from bcigui.study.executors import ExecutorSettings, run_tasks
from bcigui.study.report import (
    write_comparison,
    write_results,
    write_summary,
    write_summary_json,
)
from bcigui.study.spec import StudySpec, build_model, dump_spec
from bcigui.study.tasks import ResultRow, StudyTask, expand_tasks

log = logging.getLogger(__name__)


@dataclass
class StudyOutcome:
    """What a finished study produced.

    Attributes
    ----------
    study_id : str
        ``study-<digest of the spec and the data>`` (the same for a resumed run).
    rows : list of ResultRow
        Every task's row, in task order (``cached`` marks rows of an earlier run).
    summary : StudySummary
        Configurations, pipelines (nested scores, ranks), pairwise comparisons.
    out_dir : Path
    files : dict of str to Path
        ``results``, ``summary``, ``comparison``, ``summary_json``, ``spec``.
    saved : dict of str to Path
        Pipeline name -> the saved model file of its best configuration.
    n_cached : int
        Rows taken from the cache instead of being refitted.
    seconds : float
        Wall time of the run.
    """

    study_id: str
    rows: list[ResultRow]
    summary: StudySummary
    out_dir: Path
    files: dict[str, Path]
    saved: dict[str, Path] = field(default_factory=dict)
    n_cached: int = 0
    seconds: float = 0.0


def study_id_of(spec: StudySpec, digest: str) -> str:
    """``study-`` and 12 hex characters of the spec's TOML and the data hash."""
    return "study-" + hashlib.sha256((dump_spec(spec) + digest).encode()).hexdigest()[:12]


def run_study(
    spec: StudySpec,
    *,
    executor: ExecutorSettings,
    out_dir: Path,
    store_dir: Path | None = None,
    label: str | None = None,
    on_row: Callable[[ResultRow], None] | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> StudyOutcome:
    """Run ``spec`` (see the module docstring).

    Parameters
    ----------
    spec : StudySpec
        The study (:func:`bcigui.study.spec.load_spec`).
    executor : ExecutorSettings
        Local processes or Dask (embedded LocalCluster or a scheduler address).
    out_dir : Path
        Output folder: the row cache (a rerun resumes from it) and the CSV files.
    store_dir : Path, optional
        The model store (default: the app's store).
    label : str, optional
        Save each pipeline's best configuration, refitted on all trials, under this label;
        None saves nothing.
    on_row : callable, optional
        Called with every row as soon as it is known (cached rows first), in this thread.
    progress, cancel
        The core's progress callback and cancel token.

    Returns
    -------
    StudyOutcome

    Raises
    ------
    ConfigError
        Unreachable scheduler or workers with other library versions (nothing started).
    DataError
        Data that cannot be read or split as the spec asks.
    Cancelled
        When ``cancel`` was set; finished rows stay in ``out_dir`` for a rerun.
    """
    started = time.perf_counter()
    report = progress or no_progress
    if label is not None:
        from bcigui.modelfile.paths import validate_name

        validate_name(label, "label")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report(0.0, "reading the data")
    ref = DataRef.of(spec.data)
    digest = data_hash(ref)
    data = load_data(ref)
    study_id = study_id_of(spec, digest)
    tasks = expand_tasks(spec, ref, data, digest)
    log.info("%s: %d tasks on %s (%s)", study_id, len(tasks), executor.describe(),
             json.dumps(describe(data)))  # fmt: skip
    rows = _collect_rows(tasks, executor, ResultCache(out_dir), on_row, report, cancel)
    n_cached = sum(r.cached for r in rows)
    labels = [] if data.trials.y is None else list(data.trials.y)
    summary = summarize(rows, spec.metrics, spec.ranking_metric, labels)
    spec_path = out_dir / "spec.toml"
    spec_path.write_text(dump_spec(spec), encoding="utf-8")
    files = {
        "results": write_results(rows, spec.metrics, out_dir),
        "summary": write_summary(summary, out_dir),
        "comparison": write_comparison(summary, out_dir),
        "summary_json": write_summary_json(summary, out_dir),
        "spec": spec_path,
    }
    outcome = StudyOutcome(study_id, rows, summary, out_dir, files, n_cached=n_cached)
    if label is not None:
        for i, pipeline in enumerate(summary.pipelines):
            if cancel is not None:
                cancel.raise_if_cancelled()
            report(0.9 + 0.1 * i / len(summary.pipelines), f"refitting {pipeline.pipeline}")
            outcome.saved[pipeline.pipeline] = _refit_and_save(
                spec, study_id, pipeline, data, label, store_dir, cancel
            )
        (out_dir / "models.json").write_text(
            json.dumps({k: str(v) for k, v in outcome.saved.items()}, indent=2), encoding="utf-8"
        )
    outcome.seconds = time.perf_counter() - started
    report(1.0, f"study finished: {len(rows)} rows ({n_cached} from the cache)")
    return outcome


def _collect_rows(
    tasks: list[StudyTask],
    executor: ExecutorSettings,
    cache: ResultCache,
    on_row: Callable[[ResultRow], None] | None,
    report: ProgressCallback,
    cancel: CancelToken | None,
) -> list[ResultRow]:
    """Cached rows, then the rows of the remaining tasks as they finish (each appended to
    the cache before ``on_row`` sees it); returned in task order."""
    by_key: dict[str, ResultRow] = {}
    todo = []
    for task in tasks:
        row = cache.get(task.key)
        if row is None:
            todo.append(task)
            continue
        by_key[task.key] = row
        if on_row is not None:
            on_row(row)
    total = len(tasks)
    if by_key:
        log.info("%d of %d rows taken from %s", len(by_key), total, cache.path)
    report(0.9 * len(by_key) / max(total, 1), f"{len(by_key)} of {total} tasks done",
           done=len(by_key), total=total)  # fmt: skip
    if todo:
        for row in run_tasks(todo, executor, cancel=cancel):
            cache.append(row)
            by_key[row.key] = row
            if on_row is not None:
                on_row(row)
            report(0.9 * len(by_key) / total, f"{len(by_key)} of {total} tasks done",
                   done=len(by_key), total=total, pipeline=row.pipeline)  # fmt: skip
    return [by_key[t.key] for t in tasks if t.key in by_key]


def _refit_and_save(
    spec: StudySpec,
    study_id: str,
    pipeline: PipelineSummary,
    data: StudyData,
    label: str,
    store_dir: Path | None,
    cancel: CancelToken | None,
) -> Path:
    """Fit the pipeline's best configuration on all trials and save it with the study's
    id, its CV scores and the spec in the manifest."""
    best = pipeline.best
    model = build_model(best.model, json.loads(best.params), spec.seed)
    model.fit_trials(data.trials, cancel=cancel)
    study_info: dict[str, Any] = {
        "study_id": study_id,
        "pipeline": pipeline.pipeline,
        "params": json.loads(best.params),
        "scheme": spec.cv.scheme,
        "metric": spec.ranking_metric,
        "config_scores": {"mean": best.mean, "std": best.std, "n_folds": best.n_folds},
        "nested_scores": {
            "mean": pipeline.mean,
            "std": pipeline.std,
            "folds": pipeline.fold_scores,
        },
        "rank": pipeline.rank,
        "spec": dump_spec(spec),
    }
    model.training_info_.update(study=study_info, label=label)
    return save_trained(model, label, store_dir)
