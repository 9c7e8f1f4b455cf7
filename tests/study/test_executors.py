"""Local processes and an embedded Dask LocalCluster give the same rows; cancel, bad clusters.

Every run here is bounded (pytest-timeout) and must leave no child process or thread behind.
"""

from __future__ import annotations

import threading
import time

import psutil
import pytest

from bcigui.app.study import run_study
from bcigui.classifiers.progress import CancelToken
from bcigui.errors import Cancelled, ConfigError
from bcigui.study.executors import (
    CHECKED_LIBRARIES,
    ExecutorSettings,
    check_worker_versions,
    worker_versions,
)
from bcigui.study.spec import parse_spec
from tests.study.conftest import spec_text

pytestmark = pytest.mark.timeout(300)

BODY = """
[cv]
scheme = "grouped"
folds = 3
nested = 2
[[pipeline]]
model = "ShrinkageLDA"
[[pipeline]]
model = "SVM"
grid = { C = [0.1, 1.0] }
"""


#: Process-wide helpers that live as long as the interpreter by design, whoever started them:
#: multiprocessing's resource tracker (one per process using spawn) and the offload thread of
#: distributed's module-level executor.
_PROCESS_WIDE = ("multiprocessing.resource_tracker", "Dask-Offload")


def _children() -> list[psutil.Process]:
    out = []
    for p in psutil.Process().children(recursive=True):
        try:
            if p.is_running() and not any(w in " ".join(p.cmdline()) for w in _PROCESS_WIDE):
                out.append(p)
        except psutil.NoSuchProcess:
            continue
    return out


def _settled(before: set[int], timeout: float = 15.0) -> tuple[list[psutil.Process], list[str]]:
    """Child processes and new threads still alive after up to ``timeout`` s."""
    end = time.monotonic() + timeout
    while True:
        children = _children()
        threads = [
            t.name
            for t in threading.enumerate()
            if t.ident not in before and not t.name.startswith(_PROCESS_WIDE)
        ]
        if (not children and not threads) or time.monotonic() > end:
            return children, threads
        time.sleep(0.2)


@pytest.mark.slow
def test_local_and_dask_give_identical_scores_and_clean_up(study_groups, tmp_path):
    spec = parse_spec(spec_text(study_groups, BODY))
    before = {t.ident for t in threading.enumerate()}
    seen: list[str] = []
    local = run_study(
        spec, executor=ExecutorSettings("local", 2), out_dir=tmp_path / "local",
        on_row=lambda r: seen.append(r.key),
    )  # fmt: skip
    dask = run_study(spec, executor=ExecutorSettings("dask", 2), out_dir=tmp_path / "dask")
    assert len(local.rows) == len(dask.rows) == 9 and sorted(seen) == sorted(
        r.key for r in local.rows
    )
    for a, b in zip(local.rows, dask.rows, strict=True):
        assert (a.key, a.scores, a.inner_score) == (b.key, b.scores, b.inner_score)
    assert all(r.worker.startswith("tcp://127.0.0.1:") for r in dask.rows)
    assert len({r.worker for r in local.rows}) >= 1 and not local.rows[0].worker.startswith("tcp")
    assert (tmp_path / "dask" / "results.csv").read_text().count("\n") == 10
    children, threads = _settled(before)
    assert not children, f"processes left behind: {children}"
    assert not threads, f"threads left behind: {threads}"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["local", "dask"])
def test_cancel_takes_effect_within_one_task(study_groups, tmp_path, kind):
    body = BODY.replace("C = [0.1, 1.0]", "C = [0.01, 0.1, 1.0, 10.0, 100.0]")
    spec = parse_spec(spec_text(study_groups, body))
    cancel = CancelToken()
    rows: list[float] = []

    def on_row(row):
        rows.append(time.monotonic())
        cancel.cancel()

    before = {t.ident for t in threading.enumerate()}
    with pytest.raises(Cancelled):
        run_study(
            spec, executor=ExecutorSettings(kind, 1), out_dir=tmp_path, on_row=on_row,
            cancel=cancel,
        )  # fmt: skip
    assert 1 <= len(rows) <= 2, "more than one task finished after the cancel"
    kept = (tmp_path / "rows.jsonl").read_text().splitlines()
    assert len(kept) == len(rows)  # finished rows are kept for a rerun
    children, threads = _settled(before)
    assert not children and not threads


def test_an_unreachable_scheduler_is_reported_quickly_with_nothing_started(study_groups, tmp_path):
    spec = parse_spec(spec_text(study_groups, BODY))
    started = time.monotonic()
    with pytest.raises(ConfigError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        run_study(spec, executor=ExecutorSettings("dask", 1, "tcp://127.0.0.1:9"), out_dir=tmp_path)
    assert time.monotonic() - started < 15
    assert not (tmp_path / "rows.jsonl").exists() or not (tmp_path / "rows.jsonl").read_text()
    assert not _children()


def test_workers_with_other_library_versions_are_refused_naming_both():
    here = worker_versions()
    assert set(here) == set(CHECKED_LIBRARIES)
    check_worker_versions({"tcp://10.0.0.2:4000": dict(here)})  # same versions: accepted
    other = {**here, "numpy": "1.26.4"}
    with pytest.raises(
        ConfigError, match=rf"tcp://10.0.0.3:4000: numpy 1.26.4 \(this app: {here['numpy']}\)"
    ):
        check_worker_versions({"tcp://10.0.0.2:4000": dict(here), "tcp://10.0.0.3:4000": other})


def test_executor_settings_refuse_nonsense():
    with pytest.raises(ConfigError, match="n_workers"):
        ExecutorSettings("local", 0)
    with pytest.raises(ConfigError, match="kind='dask'"):
        ExecutorSettings("local", 2, "tcp://host:8786")


@pytest.mark.slow
def test_a_local_worker_that_dies_mid_task_is_replaced_and_the_study_goes_on(
    study_groups, tmp_path
):
    spec = parse_spec(spec_text(study_groups, BODY))
    killed: list[int] = []

    def on_row(row):
        if killed:
            return
        workers = [p for p in _children() if "spawn" in " ".join(p.cmdline())]
        newest = max(workers, key=lambda p: p.create_time())  # the pool's worker, not the manager
        newest.kill()
        killed.append(newest.pid)

    outcome = run_study(
        spec, executor=ExecutorSettings("local", 1), out_dir=tmp_path, on_row=on_row
    )
    assert killed and len(outcome.rows) == 9
    assert all(r.ok for r in outcome.rows), [r.error for r in outcome.rows if not r.ok]
    assert len({r.worker for r in outcome.rows}) >= 2  # a new worker took over
