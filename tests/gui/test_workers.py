"""The worker abstraction: results, errors, cancellation, lanes, throttling, shutdown."""

from __future__ import annotations

import threading
import time

import pytest

from bcigui.gui.workers import WorkerError, WorkerState


def test_result_arrives_in_gui_thread(qtbot, pool) -> None:
    seen: dict[str, object] = {}

    def work(progress, cancel):
        seen["thread"] = threading.get_ident()
        progress(0.5, "half way", step=1)
        return 42

    worker = pool.submit(work, name="answer")
    received: list[object] = []
    # a lambda receiver must still run in the GUI thread
    worker.result.connect(lambda value: received.append((value, threading.get_ident())))
    with qtbot.waitSignal(worker.finished, timeout=5000):
        pass
    assert received == [(42, threading.get_ident())]
    assert seen["thread"] != threading.get_ident()
    assert worker.state is WorkerState.SUCCEEDED
    assert pool.thread_count() == 0


def test_signal_order_and_progress_values(qtbot, pool) -> None:
    events: list[str] = []

    def work(progress, cancel):
        progress(0.0, "start")
        progress(1.0, "end", epoch=1, epoch_end=True, loss=0.5)
        return "ok"

    worker = pool.submit(work, name="order")
    worker.started.connect(lambda: events.append("started"))
    worker.progress.connect(lambda f, m, v: events.append(f"progress {m} {v}"))
    worker.result.connect(lambda r: events.append(f"result {r}"))
    worker.finished.connect(lambda: events.append("finished"))
    with qtbot.waitSignal(worker.finished, timeout=5000):
        pass
    assert events == [
        "started",
        "progress start {}",
        "progress end {'epoch': 1, 'epoch_end': True, 'loss': 0.5}",
        "result ok",
        "finished",
    ]


def test_error_carries_message_and_traceback(qtbot, pool) -> None:
    from bcigui.errors import DataError

    def work(progress, cancel):
        raise DataError("x.npy: has shape (3,)")

    worker = pool.submit(work, name="bad")
    with qtbot.waitSignal(worker.error, timeout=5000) as blocker:
        pass
    err = blocker.args[0]
    assert isinstance(err, WorkerError)
    assert err.message == "x.npy: has shape (3,)"
    assert err.expected and err.kind == "DataError"
    assert "Traceback" in err.details
    qtbot.waitUntil(lambda: worker.state is WorkerState.FAILED and pool.thread_count() == 0)


def test_unexpected_error_is_marked(qtbot, pool) -> None:
    worker = pool.submit(lambda p, c: 1 / 0, name="bug")
    with qtbot.waitSignal(worker.error, timeout=5000) as blocker:
        pass
    assert not blocker.args[0].expected
    assert blocker.args[0].kind == "ZeroDivisionError"


def test_cancel_running_job(qtbot, pool) -> None:
    started = threading.Event()

    def work(progress, cancel):
        started.set()
        while True:
            cancel.raise_if_cancelled()
            time.sleep(0.005)

    worker = pool.submit(work, name="loop")
    assert started.wait(5)
    with qtbot.waitSignal(worker.cancelled, timeout=5000):
        worker.cancel()
    qtbot.waitUntil(lambda: pool.thread_count() == 0)
    assert worker.state is WorkerState.CANCELLED


def test_lanes_queue_and_run_in_parallel(qtbot, pool) -> None:
    gate = threading.Event()
    order: list[str] = []

    def slow(name):
        def work(progress, cancel):
            gate.wait(5)
            order.append(name)
            return name

        return work

    first = pool.submit(slow("a"), name="a", lane="training")
    second = pool.submit(slow("b"), name="b", lane="training")
    other = pool.submit(lambda p, c: order.append("data") or "data", name="d", lane="data")
    with qtbot.waitSignal(other.finished, timeout=5000):
        pass
    assert order == ["data"]  # ran while "a" blocked its lane
    assert [w.name for w in pool.queued("training")] == ["b"]
    gate.set()
    with qtbot.waitSignal(second.finished, timeout=5000):
        pass
    assert order == ["data", "a", "b"]
    assert first.state is second.state is WorkerState.SUCCEEDED


def test_cancel_queued_job_drops_it(qtbot, pool) -> None:
    gate = threading.Event()
    first = pool.submit(lambda p, c: gate.wait(5), name="blocker", lane="training")
    second = pool.submit(lambda p, c: pytest.fail("must not run"), name="queued", lane="training")
    with qtbot.waitSignal(second.finished, timeout=1000):
        second.cancel()
    assert second.state is WorkerState.CANCELLED
    gate.set()
    with qtbot.waitSignal(first.finished, timeout=5000):
        pass


def test_progress_is_throttled(qtbot, pool) -> None:
    def work(progress, cancel):
        for i in range(2000):
            progress(i / 2000, f"batch {i}", batch=i)
        progress(1.0, "epoch finished", epoch=1, epoch_end=True)

    worker = pool.submit(work, name="flood", min_interval_s=0.05)
    messages: list[str] = []
    worker.progress.connect(lambda f, m, v: messages.append(m))
    with qtbot.waitSignal(worker.finished, timeout=5000):
        pass
    assert len(messages) < 50
    assert messages[-1] == "epoch finished"


def test_shutdown_cancels_and_joins(qtbot, pool) -> None:
    def work(progress, cancel):
        while True:
            cancel.raise_if_cancelled()
            time.sleep(0.005)

    pool.submit(work, name="forever", lane="training")
    pool.submit(work, name="queued", lane="training")
    qtbot.waitUntil(lambda: bool(pool.running("training")))
    started = time.monotonic()
    assert pool.shutdown(timeout_s=2.0)
    assert time.monotonic() - started < 1.0
    assert pool.thread_count() == 0
    with pytest.raises(RuntimeError):
        pool.submit(work, name="late")
