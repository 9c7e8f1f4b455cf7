"""Studies: Dask vs local overhead, the Muse study's best ROC-AUC, time for a row to arrive.

1. Overhead: the same >= 40 tasks of about 1 s each (SVM on synthetic P300 trials, nested CV)
   on 2 local processes and on an embedded Dask LocalCluster with 2 workers; wall times and
   identical scores (target: Dask <= 10 % slower, results identical).
2. Muse: ShrinkageLDA, XdawnRiemann (grid over nfilter, estimator, C) and SVM on the three Muse
   sessions, leave one session out, nested CV: the best pipeline's ROC-AUC (target >= 0.80).
3. Row latency: seconds from a task's end (worker clock) to ``on_row`` in the app.

Writes the "Studies" section of docs/benchmarks.md (``--no-write`` prints only).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bcigui.app.study import StudyOutcome, run_study
from bcigui.study.executors import ExecutorSettings
from bcigui.study.spec import StudySpec, parse_spec
from bcigui.study.tasks import ResultRow
from benchmarks._report import write_section

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MUSE = DATA / "muse-visual-p300"

OVERHEAD_BODY = """
[cv]
scheme = "stratified"
folds = 5
nested = 3
[[pipeline]]
model = "SVM"
grid = { C = [0.5, 1.0] }
"""

MUSE_SPEC = """
metrics = ["roc_auc", "balanced_accuracy"]
[data]
recordings = [{files}]
event_map = {{ "1" = "NonTarget", "2" = "Target" }}
tmin = 0.0
tmax = 0.8
l_freq = 1.0
h_freq = 20.0
reject_uv = 100.0
[cv]
scheme = "loso"
nested = 2
[[pipeline]]
model = "ShrinkageLDA"
grid = {{ target_sfreq = [16.0, 32.0] }}
[[pipeline]]
model = "XdawnRiemann"
grid = {{ nfilter = [2, 4], estimator = ["oas", "lwf"], C = [0.1, 1.0] }}
[[pipeline]]
model = "SVM"
grid = {{ kernel = ["linear", "rbf"], C = [0.1, 1.0], "input_adapter.decimate" = [8] }}
"""


def synthetic_spec(folder: Path, n_groups: int = 4, n_trials: int = 360) -> StudySpec:
    """``n_groups`` groups of synthetic P300 trials (128 Hz, 8 channels) and the SVM grid."""
    from bcigui.data.npy_io import write_seed_files
    from bcigui.data.synthetic import make_p300

    tables = []
    for g in range(n_groups):
        trials = make_p300(n_trials=n_trials, sfreq=128.0, random_state=g)
        x, y = write_seed_files(trials, folder / f"s{g}", layout="stack")
        tables.append(f'[[data.trials]]\nx = ["{x[0]}"]\ny = ["{y[0]}"]\ngroup = "s{g}"\n')
    return parse_spec(OVERHEAD_BODY + "\n" + "\n".join(tables))


def timed_study(
    spec: StudySpec, executor: ExecutorSettings, out: Path
) -> tuple[StudyOutcome, float, list[float]]:
    """Run ``spec``; its outcome, wall seconds and each row's latency to ``on_row``."""
    latencies: list[float] = []

    def on_row(row: ResultRow) -> None:
        if not row.cached:
            latencies.append(time.time() - row.finished)

    started = time.perf_counter()
    outcome = run_study(spec, executor=executor, out_dir=out, on_row=on_row)
    return outcome, time.perf_counter() - started, latencies


def overhead(workers: int) -> tuple[str, list[float]]:
    """The Dask-vs-local lines, and every row latency seen."""
    with tempfile.TemporaryDirectory(prefix="bench-study-") as tmp:
        spec = synthetic_spec(Path(tmp))
        local, t_local, lat_local = timed_study(
            spec, ExecutorSettings("local", workers), Path(tmp) / "local"
        )
        dask, t_dask, lat_dask = timed_study(
            spec, ExecutorSettings("dask", workers), Path(tmp) / "dask"
        )
    same = all(
        (a.key, a.scores, a.inner_score) == (b.key, b.scores, b.inner_score)
        for a, b in zip(local.rows, dask.rows, strict=True)
    )
    per_task = statistics.mean(r.fit_seconds + r.predict_seconds for r in local.rows)
    ratio = t_dask / t_local
    lines = [
        "| executor | workers | tasks | wall (s) | mean task fit+predict (s) |",
        "|---|---|---|---|---|",
        f"| local processes (spawn) | {workers} | {len(local.rows)} | {t_local:.1f} | "
        f"{per_task:.2f} |",
        f"| embedded Dask LocalCluster | {workers} | {len(dask.rows)} | {t_dask:.1f} | "
        f"{statistics.mean(r.fit_seconds + r.predict_seconds for r in dask.rows):.2f} |",
        "",
        f"Dask / local wall time: {ratio:.3f} ({100 * (ratio - 1):+.1f} %; target <= +10 %: "
        f"{'met' if ratio <= 1.10 else 'NOT met'}). Scores identical for every task: "
        f"{'yes' if same else 'NO'}. Each wall time includes starting the workers (the "
        "processes import bcigui and scikit-learn) and each task's nested CV (3 inner fits "
        "plus the outer fit).",
    ]
    return "\n".join(lines), lat_local + lat_dask


def muse(workers: int) -> tuple[str, list[float]]:
    """The Muse study's leaderboard lines, and its row latencies."""
    files = ", ".join(f'"{MUSE / f"visual_P300_subject1_session{i}_raw.fif"}"' for i in (1, 2, 3))
    spec = parse_spec(MUSE_SPEC.format(files=files))
    with tempfile.TemporaryDirectory(prefix="bench-study-muse-") as tmp:
        outcome, seconds, latencies = timed_study(
            spec, ExecutorSettings("dask", workers), Path(tmp)
        )
    best = outcome.summary.pipelines[0]
    auc = best.mean["roc_auc"] or 0.0
    lines = [
        f"Muse visual P300 (3 sessions, 1-20 Hz, 0-0.8 s, 100 uV rejection), leave one session "
        f"out, nested CV (inner: leave one of the 2 training sessions out), "
        f"{len(outcome.rows)} tasks on {workers} Dask workers in {seconds:.0f} s:",
        "",
        "```",
        outcome.summary.leaderboard(),
        "```",
        "",
        f"Best session-grouped ROC-AUC (nested, honest): {auc:.3f} ({best.pipeline}); "
        f"target >= 0.80: {'met' if auc >= 0.80 else 'NOT met'}.",
    ]
    for pair in outcome.summary.pairs:
        p = "n/a" if pair.p_value is None else f"{pair.p_value:.3g}"
        lines.append(
            f"- {pair.a} vs {pair.b}: Wilcoxon p = {p}, rank-biserial r = "
            f"{pair.effect_size if pair.effect_size is not None else float('nan'):+.2f} "
            f"(n = {pair.n} folds: too few for a significant test)"
        )
    return "\n".join(lines), latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-muse", action="store_true", help="skip the real-data study")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    parts = []
    text, latencies = overhead(args.workers)
    parts.append(text)
    if not args.no_muse and MUSE.exists():
        text, more = muse(args.workers)
        parts.append(text)
        latencies += more
    parts.append(
        f"Row latency (task end on the worker to `on_row` in the app, {len(latencies)} rows): "
        f"median {1000 * statistics.median(latencies):.0f} ms, max "
        f"{1000 * max(latencies):.0f} ms (target: a finished task in the leaderboard within "
        "1 s)."
    )
    parts.append(
        "Busy machine: 2 cores shared with other work while this ran, so wall times are "
        "noisy; the ratio compares runs made one after the other."
    )
    body = "\n\n".join(parts)
    print(body)
    if not args.no_write:
        write_section("Studies", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
