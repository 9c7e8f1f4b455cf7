"""``python -m bcigui study SPEC.toml``: compare and tune pipelines with honest cross-validation.

Writes ``DIR/results.csv`` (one line per task), ``DIR/summary.csv`` (one line per
configuration) and ``DIR/comparison.csv`` (pipelines compared pairwise), prints progress to
stderr and the leaderboard at the end, and saves the best model of each pipeline under LABEL.
Runs on an embedded Dask LocalCluster by default, on a lab's cluster with ``--scheduler``, or
on local processes with ``--local N``. A rerun with the same ``--out`` resumes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _progress(fraction: float, message: str, **values: Any) -> None:
    sys.stderr.write(f"[{100 * fraction:5.1f} %] {message}\n")
    sys.stderr.flush()


def cmd_study(args: argparse.Namespace) -> int:
    """Run the study of ``args.spec``; print the leaderboard."""
    from bcigui.app.study import run_study
    from bcigui.study.executors import ExecutorSettings
    from bcigui.study.spec import load_spec

    spec_path = Path(args.spec)
    spec = load_spec(spec_path)
    if args.local is not None:
        executor = ExecutorSettings("local", args.local)
    else:
        executor = ExecutorSettings("dask", args.workers, args.scheduler)
    out_dir = Path(args.out) if args.out else spec_path.with_name(f"{spec_path.stem}-results")
    label = args.label if args.label is not None else spec_path.stem
    sys.stderr.write(f"study {spec_path} on {executor.describe()}; results in {out_dir}\n")
    outcome = run_study(
        spec,
        executor=executor,
        out_dir=out_dir,
        store_dir=Path(args.store) if args.store else None,
        label=None if args.no_save else label,
        progress=_progress,
    )
    _write(f"{outcome.study_id}: {len(outcome.rows)} tasks ({outcome.n_cached} from the cache), "
           f"{outcome.summary.failed} failed, {outcome.seconds:.1f} s")  # fmt: skip
    _write(outcome.summary.leaderboard())
    for pair in outcome.summary.pairs:
        p = "n/a" if pair.p_value is None else f"{pair.p_value:.3g}"
        r = "n/a" if pair.effect_size is None else f"{pair.effect_size:+.2f}"
        _write(f"{pair.a} vs {pair.b}: Wilcoxon p = {p}, rank-biserial r = {r} (n = {pair.n})")
    for name, path in outcome.files.items():
        _write(f"{name}: {path}")
    for pipeline, path in outcome.saved.items():
        _write(f"saved {pipeline}: {path}")
    return 0


def add_study_parser(sub: Any) -> None:
    """Register the ``study`` command."""
    p = sub.add_parser(
        "study",
        help="compare pipelines with (nested) cross-validation, locally or on a Dask cluster",
        description=__doc__.split("\n")[0],
    )
    p.add_argument("spec", help="the study spec (TOML)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, tcp://host:8786")
    where.add_argument(
        "--local", type=int, metavar="N", help="run on N local processes instead of Dask"
    )
    p.add_argument(
        "--workers",
        type=int,
        default=max(1, min(4, os.cpu_count() or 1)),
        help="workers of the embedded Dask LocalCluster (default: CPUs, at most 4)",
    )
    p.add_argument("--out", metavar="DIR", help="output folder (default: SPEC-results beside it)")
    p.add_argument("--label", help="store label of the best models (default: the spec's name)")
    p.add_argument("--no-save", dest="no_save", action="store_true", help="save no model")
    p.add_argument("--store", metavar="DIR", help="model store folder (default: the app's store)")
    p.set_defaults(func=cmd_study)
