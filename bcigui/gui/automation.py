"""Driving the real window from code: the self-test and the screenshot script use these steps.

Each step waits for the window's own signals while the event loop runs, so the work goes
through exactly the paths a user's clicks take (the same workers, the same checks).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop

log = logging.getLogger(__name__)


class StepFailed(RuntimeError):
    """A scripted step did not reach its goal in time, or reached a wrong state."""


def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Run the event loop until ``predicate()`` is true; raise :class:`StepFailed` on timeout."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise StepFailed(f"timed out after {timeout_s:.0f} s waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)


def wait_for_core(window: Any, timeout_s: float = 120.0) -> None:
    """Wait until the window loaded the core (:class:`StepFailed` when it could not)."""
    wait_until(
        lambda: window.core is not None or window.core_error is not None,
        timeout_s,
        "the classifiers to load",
    )
    if window.core is None:
        raise StepFailed(f"the core could not be loaded: {window.core_error.message}")


def load_demo(window: Any, kind: str = "p300", timeout_s: float = 120.0) -> Any:
    """Press "Load demo data" (``kind``) and wait for the files to be checked; return the check."""
    panel = window.training_tab.data_panel
    panel.load_demo(kind)
    wait_until(
        lambda: panel.check is not None and not panel.checking,
        timeout_s,
        "the demo data to be checked",
    )
    if not panel.check.ok:
        raise StepFailed(f"demo data have problems: {panel.check.problems}")
    return panel.check


def configure(window: Any, model_type: str, label: str, **values: Any) -> None:
    """Select ``model_type``, set the label and form ``values`` (nested blocks as dicts)."""
    panel = window.training_tab.model_panel
    panel.select_type(model_type)
    panel.set_label(label)
    form = panel.current_form()
    if values:
        form.set_values(values)
    if not panel.is_valid:
        raise StepFailed(f"settings rejected: {panel.errors}")


def train(window: Any, timeout_s: float = 600.0) -> Any:
    """Press Train and wait for the run to end; return its record (raises if it failed)."""
    tab = window.training_tab
    wait_until(lambda: tab.run_panel.train_button.isEnabled(), 30.0, "the Train button")
    worker = tab.start_training()
    if worker is None:
        raise StepFailed(f"Train refused: {tab.blockers()}")
    record = tab.records()[-1]
    wait_until(
        lambda: not record.active and record.worker is None,
        timeout_s,
        f"run #{record.number} to end",
    )
    if record.state != "succeeded":
        message = record.error.message if record.error else record.state
        raise StepFailed(f"run #{record.number} {record.state}: {message}")
    return record


def infer(window: Any, model_path: Any, rows: list[Any], timeout_s: float = 120.0) -> Any:
    """Route ``model_path`` to the Inference tab, add ``rows`` of (X, label) files, press Run.

    Returns the tab's InferenceResult (raises :class:`StepFailed` when the run failed).
    """
    tab = window.inference_tab
    window.use_for_inference(model_path)
    wait_until(lambda: tab.model_path == model_path, 30.0, "the model to be indexed")
    tab.files.set_rows(list(rows))
    wait_until(lambda: tab.run_button.isEnabled(), 30.0, "the Run inference button")
    outcome: list[Any] = []
    tab.finished.connect(outcome.append)
    worker = tab.run()
    if worker is None:
        raise StepFailed("Run inference refused")
    wait_until(lambda: tab.worker is None, timeout_s, "the inference to end")
    tab.finished.disconnect(outcome.append)
    if not outcome:
        raise StepFailed(f"inference failed: {tab.status_label.text()}")
    return outcome[0]
