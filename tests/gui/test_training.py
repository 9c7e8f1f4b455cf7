"""Training through the real widgets and worker threads: SVM, LSTMNet, stop, queue, failure."""

from __future__ import annotations

from pathlib import Path

from bcigui.gui.workers import WorkerState
from tests.gui.conftest import SMALL_LSTM, load_demo


def _configure(window, model_type: str, label: str, **values) -> None:
    panel = window.training_tab.model_panel
    panel.select_type(model_type)
    panel.set_label(label)
    if values:
        panel.current_form().set_values(values)
    assert panel.is_valid, panel.errors


def _store_files(store: Path) -> list[Path]:
    return sorted(store.rglob("*.bcimodel")) if store.exists() else []


def test_train_svm_end_to_end(qtbot, window, isolated_store: Path) -> None:
    load_demo(qtbot, window)
    tab = window.training_tab
    _configure(window, "svm", "p300", input_adapter={"decimate": 4})
    assert tab.run_panel.train_button.isEnabled()
    worker = tab.start_training()
    with qtbot.waitSignal(worker.result, timeout=60_000) as blocker:
        pass
    result = blocker.args[0]
    qtbot.waitUntil(lambda: not tab.records()[-1].active and tab.records()[-1].worker is None)
    record = tab.records()[-1]
    assert record.state == "succeeded"
    assert result.saved_path.parent == isolated_store / "p300"
    assert _store_files(isolated_store) == [result.saved_path]
    # the results view shows metrics, confusion matrix with class names and the saved path
    results = tab.run_panel.results
    assert not results.content.isHidden()
    assert results.card.values["accuracy"].text() == f"{result.metrics.accuracy:.3f}"
    assert results.card.values["chance_level"].text() == "0.833"
    matrix = results.matrix
    assert [matrix.verticalHeaderItem(i).text() for i in range(2)] == ["NonTarget", "Target"]
    assert matrix.cell_text(0, 0).startswith(str(result.metrics.confusion_matrix[0][0]))
    assert str(result.saved_path) in results.path_label.text()
    assert "no epochs" in tab.run_panel.curves.message.text()
    # next steps are routed by the main window
    results.library_button.click()
    assert window.tabs.currentWidget() is window.library_tab
    assert window.library_tab.model_path == result.saved_path
    results.inference_button.click()
    assert window.inference_tab.model_path == result.saved_path
    assert "done" in tab.run_panel.log_view.toPlainText()


def test_lstm_curves_grow_while_training(qtbot, window, isolated_store: Path) -> None:
    load_demo(qtbot, window)
    tab = window.training_tab
    _configure(window, "lstm", "p300", **SMALL_LSTM)
    curves = tab.run_panel.curves
    seen: list[tuple[int, bool]] = []  # (points on the loss curve, run still going)
    worker = tab.start_training()
    record = tab.records()[-1]

    def on_progress(fraction: float, message: str, values: dict) -> None:
        if values.get("epoch_end"):
            seen.append((curves.point_count("loss"), record.state == "running"))

    worker.progress.connect(on_progress)
    with qtbot.waitSignal(worker.finished, timeout=120_000):
        pass
    assert record.state == "succeeded", record.error
    assert len(seen) == 2 and all(running for _, running in seen)
    assert 0 < seen[0][0] < seen[1][0]  # the curve gained points during the run
    assert curves.point_count("val_loss") == 2
    qtbot.waitUntil(lambda: curves.redraws > 0)
    xs, _ = curves.curves["val_loss"].getData()
    assert list(xs) == [1.0, 2.0]
    assert len(record.result.history["loss"]) == 2
    assert "epoch 2:" in tab.run_panel.log_view.toPlainText()
    # TensorFlow is loaded now: the parameter count follows the settings by itself
    qtbot.waitUntil(lambda: "parameters" in tab.model_panel.params_label.text(), timeout=10_000)
    if record.result.near_chance is not None:  # two epochs of a tiny LSTM: the window asks
        assert "only 2 epoch(s)" in record.result.near_chance.text()
        box = tab.save_questions[record.number]
        [save] = [b for b in box.buttons() if b.text() == "Save anyway"]
        save.click()
        qtbot.waitUntil(lambda: record.result.saved_path is not None, timeout=30_000)
    assert len(_store_files(isolated_store)) == 1


def test_stop_saves_nothing(qtbot, window, isolated_store: Path) -> None:
    load_demo(qtbot, window)
    tab = window.training_tab
    _configure(window, "lstm", "p300", **{**SMALL_LSTM, "epochs": 500})
    worker = tab.start_training()
    record = tab.records()[-1]
    qtbot.waitUntil(lambda: "batch" in record.values, timeout=120_000)
    assert tab.run_panel.stop_button.isEnabled()
    tab.run_panel.stop_button.click()
    assert not tab.run_panel.stop_button.isEnabled()  # until the cancellation lands
    assert tab.run_panel.stop_button.text() == "Stopping…"
    with qtbot.waitSignal(worker.cancelled, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: record.worker is None)
    assert record.state == "cancelled"
    assert _store_files(isolated_store) == []
    assert "nothing was saved" in tab.run_panel.progress_text.text().lower()
    assert window.dialogs == []


def test_runs_queue_and_a_queued_run_can_be_dropped(qtbot, window, isolated_store) -> None:
    load_demo(qtbot, window)
    tab = window.training_tab
    _configure(window, "svm", "first", input_adapter={"decimate": 4})
    first = tab.start_training()
    tab.model_panel.set_label("second")
    second = tab.start_training()
    tab.model_panel.set_label("third")
    third = tab.start_training()
    assert "queues after" in tab.run_panel.readiness.text()
    tab.run_panel.select(tab.records()[2])
    tab.cancel_selected_queued()  # still queued: dropped at once
    assert third.state is WorkerState.CANCELLED
    with qtbot.waitSignal(second.finished, timeout=60_000):
        pass
    assert first.state is second.state is WorkerState.SUCCEEDED
    assert sorted(p.parent.name for p in _store_files(isolated_store)) == ["first", "second"]
    assert [r.state for r in tab.records()] == ["succeeded", "succeeded", "cancelled"]


def test_failed_run_explains_why(qtbot, window, isolated_store) -> None:
    load_demo(qtbot, window)
    tab = window.training_tab
    # an output layer of 3 units for 2 classes passes the form but not training
    _configure(
        window,
        "lstm",
        "p300",
        **SMALL_LSTM,
        classification={"units": 3, "activation": {"kind": "softmax"}},
    )
    worker = tab.start_training()
    with qtbot.waitSignal(worker.error, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: tab.records()[-1].worker is None)
    assert tab.records()[-1].state == "failed"
    [(title, error)] = window.dialogs
    assert "Training failed" in title
    assert error.expected and "classification.units is 3" in error.message
    assert "failed" in tab.run_panel.results.placeholder.text()
    assert _store_files(isolated_store) == []


def test_stop_stops_the_running_run_while_a_queued_one_is_selected(
    qtbot, window, isolated_store
) -> None:
    load_demo(qtbot, window)
    tab = window.training_tab
    panel = tab.run_panel
    _configure(window, "lstm", "p300", **{**SMALL_LSTM, "epochs": 500})
    tab.start_training()
    running_record = tab.records()[-1]
    qtbot.waitUntil(lambda: "batch" in running_record.values, timeout=120_000)
    _configure(window, "svm", "queued", input_adapter={"decimate": 4})
    dropped = tab.start_training()
    assert panel.selected() is tab.records()[1]  # the new, queued run is selected
    assert panel.stop_button.isEnabled()  # Stop still means the running run
    assert panel.cancel_queued_button.isEnabled()
    panel.cancel_queued_button.click()
    assert dropped.state is WorkerState.CANCELLED
    assert running_record.state == "running"  # the queued run went, not the running one
    assert panel.stop_button.isEnabled()
    assert not panel.cancel_queued_button.isEnabled()
    tab.model_panel.set_label("after")
    after = tab.start_training()
    assert panel.selected() is tab.records()[2]
    panel.stop_button.click()
    assert running_record.state == "stopping"
    assert panel.stop_button.text() == "Stopping…"
    with qtbot.waitSignal(after.finished, timeout=120_000):
        pass
    assert [r.state for r in tab.records()] == ["cancelled", "cancelled", "succeeded"]
    assert [p.parent.name for p in _store_files(isolated_store)] == ["after"]
    assert not panel.stop_button.isEnabled()
