"""A study killed halfway resumes without refitting its finished rows; the CLI end to end."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bcigui.app.study import run_study
from bcigui.modelfile.model_file import read_manifest
from bcigui.study.cache import CACHE_NAME
from bcigui.study.data import DataRef, data_hash, load_data
from bcigui.study.executors import ExecutorSettings
from bcigui.study.spec import load_spec
from bcigui.study.tasks import expand_tasks, run_task
from tests.study.conftest import spec_text

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(300)

SWEEP = """
[cv]
scheme = "grouped"
folds = 3
nested = 2
[[pipeline]]
model = "ShrinkageLDA"
[[pipeline]]
model = "SVM"
grid = { C = [0.01, 0.1, 1.0, 10.0] }
"""


def _cli(*args: str) -> list[str]:
    return [sys.executable, str(REPO / "main.py"), "study", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "2"}


@pytest.mark.slow
def test_a_killed_study_resumes_without_refitting_and_loses_no_row(study_groups, tmp_path):
    spec_path = tmp_path / "sweep.toml"
    spec_path.write_text(spec_text(study_groups, SWEEP))
    out = tmp_path / "out"
    proc = subprocess.Popen(
        _cli(str(spec_path), "--local", "1", "--out", str(out), "--no-save"),
        env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    rows_file = out / CACHE_NAME
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if rows_file.exists() and len(rows_file.read_text().splitlines()) >= 4:
                break
            assert proc.poll() is None, "the study ended before it could be killed"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the app and its worker processes, at once
        proc.wait(timeout=30)
    before_kill = [json.loads(line) for line in rows_file.read_text().splitlines() if line]
    spec = load_spec(spec_path)
    total = 3 * (1 + 4)
    assert 4 <= len(before_kill) < total, "not killed halfway"

    outcome = run_study(spec, executor=ExecutorSettings("local", 2), out_dir=out)
    assert len(outcome.rows) == total and outcome.n_cached == len(before_kill)
    by_key = {r.key: r for r in outcome.rows}
    for old in before_kill:  # finished rows are taken as they were, not refitted
        row = by_key[old["key"]]
        assert row.cached and row.worker == old["worker"] and row.fit_seconds == old["fit_seconds"]
    # the same final results as running every task afresh
    ref = DataRef.of(spec.data)
    tasks = expand_tasks(spec, ref, load_data(ref), data_hash(ref))
    for task in tasks:
        fresh = run_task(task)
        assert (by_key[task.key].scores, by_key[task.key].inner_score) == (
            fresh.scores, fresh.inner_score,
        )  # fmt: skip
    again = run_study(spec, executor=ExecutorSettings("local", 1), out_dir=out)
    assert again.n_cached == total


@pytest.mark.slow
def test_the_cli_writes_results_summary_and_saves_the_best_models(study_groups, tmp_path):
    spec_path = tmp_path / "small.toml"
    spec_path.write_text(spec_text(study_groups, SWEEP))
    store = tmp_path / "store"
    done = subprocess.run(
        _cli(str(spec_path), "--local", "2", "--out", str(tmp_path / "res"), "--label", "cmp",
             "--store", str(store)),
        env=_env(), capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "of 15 tasks done" in done.stderr
    assert "rank  pipeline" in done.stdout and "Wilcoxon p =" in done.stdout
    with open(tmp_path / "res" / "results.csv", newline="") as fh:
        results = list(csv.DictReader(fh))
    assert len(results) == 15
    assert {"pipeline", "params", "group", "fold", "balanced_accuracy", "roc_auc",
            "fit_seconds", "worker"} <= set(results[0])  # fmt: skip
    assert {r["group"] for r in results} == {"s0", "s1", "s2"}
    with open(tmp_path / "res" / "summary.csv", newline="") as fh:
        summary = list(csv.DictReader(fh))
    assert len(summary) == 1 + 4 and sorted(int(r["rank"]) for r in summary) == [1, 2, 3, 4, 5]
    saved = sorted((store / "cmp").glob("*.bcimodel"))
    assert len(saved) == 2
    manifest = read_manifest(saved[0])
    study = manifest["study"]
    assert study["study_id"].startswith("study-") and "[[pipeline]]" in study["spec"]
    assert set(study["nested_scores"]["mean"]) == {"balanced_accuracy", "roc_auc"}


def test_the_cli_names_a_bad_spec_and_exits_2(tmp_path, capsys):
    from bcigui.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text('[data]\nrecordings = ["a.fif"]\nevent_map = { "1" = "T" }\n'
                   '[[pipeline]]\nmodel = "NoSuchModel"\n')  # fmt: skip
    assert main(["study", str(bad)]) == 2
    assert "'NoSuchModel' is not registered" in capsys.readouterr().err
