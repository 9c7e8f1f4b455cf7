"""Where a study's tasks run: local processes, or a Dask cluster (embedded or a lab's).

Both executors take the tasks, yield each :class:`~bcigui.study.tasks.ResultRow` as soon as
its task finishes (``as_completed``), and stop on a
:class:`~bcigui.classifiers.progress.CancelToken`: pending tasks are cancelled, running ones
stop at their next fit (or network epoch) through a shared flag (a ``multiprocessing``
manager event locally, a Dask ``Event`` on a cluster).

* ``local``: a ``ProcessPoolExecutor`` with the *spawn* start method. A worker process that
  dies takes the pool down: the pool is rebuilt and the tasks that were running are tried once
  more; a task that kills its worker twice is reported failed and the study goes on.
* ``dask``: ``Client(scheduler)`` for a running cluster, or an embedded ``LocalCluster`` on
  127.0.0.1 (one thread per worker process). An unreachable scheduler is reported within a few
  seconds with nothing started; workers whose libraries differ from the app's are refused up
  front (both versions named). Dask itself reruns a task whose worker died (up to its
  ``distributed.scheduler.allowed-failures``, 3 by default) and then reports it failed; a
  task's own error is not retried (it would fail the same way).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Literal

from bcigui.classifiers.progress import CancelToken
from bcigui.errors import Cancelled, ConfigError
from bcigui.study.tasks import ResultRow, StudyTask, failed_row, run_task

log = logging.getLogger(__name__)

#: Seconds to wait for a Dask scheduler before saying it cannot be reached.
CONNECT_TIMEOUT_S = 5.0
#: Seconds between looks at the cancel token and the finished tasks.
POLL_S = 0.05
#: Libraries that must have the same version on every worker as in the app.
CHECKED_LIBRARIES = ("bcigui", "numpy", "scikit-learn", "tensorflow", "mne")


@dataclass(frozen=True)
class ExecutorSettings:
    """Where to run.

    Attributes
    ----------
    kind : {'local', 'dask'}
        Local processes, or Dask.
    n_workers : int
        Local processes, or the embedded LocalCluster's workers (ignored with ``scheduler``).
    scheduler : str or None
        A Dask scheduler's address (``tcp://host:8786``); None: an embedded LocalCluster.
    """

    kind: Literal["local", "dask"] = "dask"
    n_workers: int = 2
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("local", "dask"):
            raise ConfigError(f"executor kind must be 'local' or 'dask', got {self.kind!r}")
        if self.n_workers < 1:
            raise ConfigError(f"n_workers must be at least 1, got {self.n_workers}")
        if self.kind == "local" and self.scheduler:
            raise ConfigError("a scheduler address needs kind='dask'")

    def describe(self) -> str:
        """In words, for logs and results."""
        if self.kind == "local":
            return f"{self.n_workers} local processes"
        if self.scheduler:
            return f"Dask scheduler at {self.scheduler}"
        return f"embedded Dask LocalCluster ({self.n_workers} workers on 127.0.0.1)"


def run_tasks(
    tasks: Sequence[StudyTask], settings: ExecutorSettings, *, cancel: CancelToken | None = None
) -> Iterator[ResultRow]:
    """Run ``tasks`` where ``settings`` say; yield each row as its task finishes.

    Raises
    ------
    ConfigError
        Unreachable scheduler, or workers with other library versions (before any task ran).
    Cancelled
        When ``cancel`` was set (after pending tasks were cancelled and running ones told to
        stop).
    """
    if settings.kind == "local":
        yield from _run_local(tasks, settings.n_workers, cancel)
    else:
        yield from _run_dask(tasks, settings, cancel)


# ------------------------------------------------------------------------------- local
class _EventStop:
    """``stop()`` for local processes: a manager event (picklable proxy)."""

    def __init__(self, event: Any) -> None:
        self.event = event

    def __call__(self) -> bool:
        try:
            return bool(self.event.is_set())
        except (OSError, EOFError, BrokenPipeError):  # the app went away: stop
            return True


def _run_local(
    tasks: Sequence[StudyTask], n_workers: int, cancel: CancelToken | None
) -> Iterator[ResultRow]:
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        stop = _EventStop(manager.Event())
        started = manager.dict()
        attempts = {t.key: 0 for t in tasks}
        todo = list(tasks)
        while todo:
            broken: list[StudyTask] = []
            with ProcessPoolExecutor(n_workers, mp_context=context) as pool:
                futures: dict[Future[ResultRow], StudyTask] = {
                    pool.submit(_local_task, t, stop, started): t for t in todo
                }
                todo = []
                pending = set(futures)
                try:
                    while pending:
                        done, pending = wait(pending, timeout=POLL_S, return_when=FIRST_COMPLETED)
                        if cancel is not None and cancel.cancelled:
                            stop.event.set()
                            for f in pending:
                                f.cancel()
                            raise Cancelled("the study was cancelled")
                        for future in done:
                            task = futures[future]
                            try:
                                yield future.result()
                            except BrokenProcessPool:
                                broken.append(task)
                            except Cancelled:
                                raise
                            except Exception as exc:  # the task's own error: a failed row
                                yield failed_row(task, _reason(exc))
                finally:
                    for f in pending:
                        f.cancel()
            for task in broken:
                if started.get(task.key):  # it was running when the worker died
                    attempts[task.key] += 1
                if attempts[task.key] >= 2:
                    yield failed_row(task, "its worker process died twice while running it")
                else:
                    todo.append(task)
            if todo:
                log.warning("a worker process died; %d tasks resubmitted", len(todo))


def _local_task(task: StudyTask, stop: _EventStop, started: Any) -> ResultRow:
    started[task.key] = os.getpid()
    return run_task(task, stop)


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"


# -------------------------------------------------------------------------------- dask
class _DaskStop:
    """``stop()`` on a Dask worker: a cluster-wide ``distributed.Event`` by name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self) -> bool:
        from distributed import Event

        try:
            return bool(Event(self.name).is_set())
        except Exception:  # no scheduler to ask: keep going, the app cancels the future
            return False


def worker_versions() -> dict[str, str]:
    """The checked libraries' versions in this process (run on every worker)."""
    from importlib.metadata import PackageNotFoundError, version

    from bcigui._version import __version__

    out = {"bcigui": __version__}
    for name in CHECKED_LIBRARIES[1:]:
        candidates = ("tensorflow-cpu", "tensorflow") if name == "tensorflow" else (name,)
        found = "not installed"
        for candidate in candidates:
            try:
                found = version(candidate)
                break
            except PackageNotFoundError:
                continue
        out[name] = found
    return out


def check_worker_versions(remote: dict[str, dict[str, str]]) -> None:
    """Refuse workers whose libraries differ from the app's.

    Parameters
    ----------
    remote : dict
        ``{worker address: {library: version}}`` (``Client.run(worker_versions)``).

    Raises
    ------
    ConfigError
        Naming the worker, the library and both versions.
    """
    here = worker_versions()
    problems = [
        f"{address}: {name} {versions.get(name, 'not installed')} (this app: {here[name]})"
        for address, versions in sorted(remote.items())
        for name in CHECKED_LIBRARIES
        if versions.get(name, "not installed") != here[name]
    ]
    if problems:
        raise ConfigError(
            "Dask workers with other library versions than this app were refused: "
            + "; ".join(problems)
            + ". Set the workers up from the same requirements.lock (python3 bootstrap.py)"
        )


@contextlib.contextmanager
def dask_client(settings: ExecutorSettings) -> Iterator[Any]:
    """A connected ``distributed.Client`` (and its embedded cluster), closed at the end.

    Raises
    ------
    ConfigError
        When the scheduler cannot be reached within :data:`CONNECT_TIMEOUT_S`.
    """
    from distributed import Client, LocalCluster

    cluster = None
    if settings.scheduler:
        try:
            client = Client(settings.scheduler, timeout=f"{CONNECT_TIMEOUT_S}s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {settings.scheduler} ({_reason(exc)}); "
                "check the address, or start it with `dask scheduler` on that machine. Nothing "
                "was started"
            ) from None
    else:
        cluster = LocalCluster(
            n_workers=settings.n_workers, threads_per_worker=1, host="127.0.0.1",
            dashboard_address=None, processes=True,
        )  # fmt: skip
        client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _run_dask(
    tasks: Sequence[StudyTask], settings: ExecutorSettings, cancel: CancelToken | None
) -> Iterator[ResultRow]:
    from distributed import Event, as_completed

    with dask_client(settings) as client:
        check_worker_versions(client.run(worker_versions))
        name = f"bcigui-study-stop-{uuid.uuid4().hex}"
        event = Event(name, client=client)
        stop = _DaskStop(name)
        futures = {
            client.submit(run_task, t, stop, key=f"study-{t.key}", pure=False): t
            for t in tasks
        }
        stream = as_completed(list(futures), with_results=False)
        try:
            while not stream.is_empty():
                if cancel is not None and cancel.cancelled:
                    event.set()
                    client.cancel([f for f in futures if not f.done()])
                    raise Cancelled("the study was cancelled")
                if not stream.has_ready():
                    time.sleep(POLL_S)
                    continue
                for future in stream.next_batch(block=False):
                    task = futures[future]
                    if future.status == "finished":
                        yield future.result()
                    elif future.status != "cancelled":
                        yield failed_row(task, _reason(future.exception()))
        finally:
            client.cancel([f for f in futures if not f.done()])
