"""Run a study in a child process, so that the window's Python thread is never starved.

:func:`bcigui.app.study.run_study` does some of its work in the calling thread: reading the
data, expanding the tasks, the statistics and above all refitting each pipeline's best
configuration on all trials. Much of that holds the GIL (a ShrinkageLDA fit holds it for
hundreds of milliseconds), which would freeze the window if it ran in a worker thread of the
GUI process. :func:`run_study_in_process` runs it in a spawned child process instead; the
calling thread (a :class:`~bcigui.gui.workers.Worker`'s) only waits on a queue, and passes on
rows, progress, the outcome or the error as the child reports them. Cancelling sets an event
that the child turns into its own cancel token. Qt-free.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Seconds between two looks at the cancel token while waiting for the child.
POLL_S = 0.1
#: Seconds the child gets to stop by itself after a cancel before it is terminated.
STOP_GRACE_S = 10.0


class StudyProcessError(RuntimeError):
    """The study's process ended without reporting an outcome (it crashed or was killed)."""


def _portable(exc: BaseException) -> BaseException:
    """``exc`` with its traceback as a note, or a RuntimeError naming it when it cannot be
    pickled."""
    import pickle

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        exc.add_note(f"In the study process:\n{text}")
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}\n{text}")
    return exc


def _child(messages: Any, stop: Any, kwargs: dict[str, Any]) -> None:
    """The child process: run the study, report everything through ``messages``."""
    from bcigui.app.study import run_study
    from bcigui.classifiers.progress import CancelToken
    from bcigui.errors import Cancelled

    token = CancelToken()

    def watch() -> None:
        stop.wait()
        token.cancel()

    threading.Thread(target=watch, name="bcigui-study-stop", daemon=True).start()

    def progress(fraction: float, message: str, **values: Any) -> None:
        messages.put(("progress", fraction, message, values))

    try:
        outcome = run_study(
            **kwargs,
            on_row=lambda row: messages.put(("row", row)),
            progress=progress,
            cancel=token,
        )
    except Cancelled:
        messages.put(("cancelled",))
    except BaseException as exc:
        messages.put(("error", _portable(exc)))
    else:
        messages.put(("done", outcome))


def run_study_in_process(
    *,
    on_row: Callable[[Any], None],
    progress: Callable[..., None],
    cancel: Any,
    **kwargs: Any,
) -> Any:
    """:func:`bcigui.app.study.run_study` in a child process (same arguments and outcome).

    Parameters
    ----------
    on_row : callable
        Called in this thread with every result row, as the child reports it.
    progress : callable
        The core's progress callable (``progress(fraction, message, **values)``).
    cancel : CancelToken
        Checked every :data:`POLL_S`; once set, the child is told to stop.
    **kwargs
        ``spec``, ``executor``, ``out_dir``, ``store_dir``, ``label`` for ``run_study``.

    Returns
    -------
    StudyOutcome

    Raises
    ------
    Cancelled
        When the study was cancelled (finished rows stay in ``out_dir``).
    Exception
        What ``run_study`` raised in the child (its traceback in the notes), or
        :class:`StudyProcessError` when the child died.
    """
    from bcigui.errors import Cancelled

    Path(kwargs["out_dir"]).mkdir(parents=True, exist_ok=True)
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    stop = context.Event()
    process = context.Process(
        target=_child, args=(messages, stop, kwargs), name="bcigui-study", daemon=False
    )
    process.start()
    stop_sent_at: float | None = None
    try:
        while True:
            if cancel is not None and cancel.cancelled and not stop.is_set():
                stop.set()
                stop_sent_at = time.monotonic()
            try:
                message = messages.get(timeout=POLL_S)
            except queue.Empty:
                if not process.is_alive():
                    raise StudyProcessError(
                        f"the study process ended (exit code {process.exitcode}) without "
                        "reporting; finished rows are kept in the output folder's cache"
                    ) from None
                if stop_sent_at is not None:
                    if time.monotonic() - stop_sent_at > STOP_GRACE_S:
                        process.terminate()
                        raise Cancelled(
                            "the study was cancelled (its process was stopped)"
                        ) from None
                continue
            kind = message[0]
            if kind == "row":
                on_row(message[1])
            elif kind == "progress":
                progress(message[1], message[2], **message[3])
            elif kind == "done":
                return message[1]
            elif kind == "cancelled":
                raise Cancelled("the study was cancelled")
            else:
                raise message[1]
    finally:
        process.join(STOP_GRACE_S)
        if process.is_alive():
            log.warning("the study process did not stop; terminating it")
            process.terminate()
            process.join(2.0)
        messages.close()
        messages.join_thread()
