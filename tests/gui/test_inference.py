"""The Inference tab end to end: pick a model and files, run in a worker, read, export."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from tests.gui.conftest import inference_ready, run_inference


def test_inference_matches_the_api_and_exports_csv(
    qtbot, stocked_store, window, p300_files, tmp_path: Path
) -> None:
    from bcigui.data import load_seed_files
    from bcigui.store.manager import ModelManager

    tab = inference_ready(qtbot, window, stocked_store[1])
    assert window.tabs.currentWidget() is tab
    assert "116 time steps x 8 features" in tab.signature_label.text()
    xs, ys = p300_files["xTest"][:12], p300_files["yTest"][:12]
    tab.add_files(xs + ys)
    assert len(tab.files.rows) == 12 and all(y is not None for _, y in tab.files.rows)
    result = run_inference(qtbot, tab)
    assert not result.was_cached
    assert len(result.predictions) == 12 and result.accuracy is not None
    assert tab.results.table.rowCount() == 12
    assert "Accuracy on 12 labelled trials" in tab.results.summary.text()
    assert tab.results.confusion.isVisible()
    # the same predictions as the core's API
    api = ModelManager(stocked_store[1].parent.parent)
    preds, proba = api.load(stocked_store[1]).predict_trials(load_seed_files(xs, ys, role="query"))
    api.close()
    assert [p.predicted for p in result.predictions] == list(preds)
    np.testing.assert_allclose([p.proba for p in result.predictions], proba, rtol=1e-6)
    # a second run finds the model in memory
    again = run_inference(qtbot, tab)
    assert again.was_cached and "model from memory" in tab.status_label.text()
    assert window.memory_label.text().startswith("In memory: 1/")
    # probability bars follow the selection
    tab.results.table.selectRow(3)
    assert tab.results.selected_rows() == [3]
    # CSV export, read back
    out = tmp_path / "predictions.csv"
    tab.export_csv(out)
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert len(rows) == 12
    assert list(rows[0]) == ["file", "trial", "predicted", "p_NonTarget", "p_Target", "true"]
    assert [r["predicted"] for r in rows] == [str(p) for p in preds]
    assert float(rows[0]["p_Target"]) == round(float(proba[0][1]), 6)
    # byte for byte the CSV that `bcigui predict --csv` writes for the same model and files
    from bcigui.cli import main as cli_main

    cli_csv = tmp_path / "cli.csv"
    argv = ["predict", "--model", stocked_store[1], "--x", *xs, "--y", *ys, "--csv", cli_csv]
    assert cli_main([str(a) for a in argv]) == 0
    assert cli_csv.read_bytes() == out.read_bytes()


def test_bad_file_is_shown_and_others_still_run(
    qtbot, stocked_store, window, p300_files, tmp_path: Path
) -> None:
    tab = inference_ready(qtbot, window, stocked_store[0])
    bad = tmp_path / "broken_x.npy"
    bad.write_bytes(b"this is not numpy")
    wrong_shape = tmp_path / "short_x.npy"
    np.save(wrong_shape, np.zeros((10, 3), dtype=np.float32))
    tab.add_files([p300_files["xTest"][0], bad, wrong_shape], role="x")
    result = run_inference(qtbot, tab)
    assert len(result.predictions) == 1
    assert set(result.problems) == {1, 2}
    assert "broken_x.npy" in tab.status_label.text()
    assert "Skipped 2 file(s)" in tab.status_label.text()
    # only bad files: the run fails with a message naming the file
    tab.files.clear()
    tab.add_files([bad], role="x")
    qtbot.waitUntil(lambda: tab.run_button.isEnabled(), timeout=5_000)
    tab.run()
    qtbot.waitUntil(lambda: tab.worker is None, timeout=10_000)
    assert "broken_x.npy" in tab.status_label.text()
    assert "failed" in tab.status_label.text()


def test_default_model_is_the_champion(qtbot, stocked_store, window) -> None:
    tab = window.inference_tab
    qtbot.waitUntil(lambda: tab.model_combo.count() == 3, timeout=10_000)
    assert tab.model_path == stocked_store[2]  # newest first
    window.library.set_champion(stocked_store[0])
    qtbot.waitUntil(lambda: tab.model_combo.itemText(0).startswith("★"), timeout=5_000)
    assert tab.model_combo.itemData(0) == str(stocked_store[0])  # champions come first
    assert tab.model_path == stocked_store[2]  # the user's choice stays


def test_choosing_a_label_selects_its_champion_or_newest(qtbot, stocked_store, window) -> None:
    tab = window.inference_tab
    qtbot.waitUntil(lambda: tab.label_combo.count() == 3, timeout=10_000)  # all, p300, pilot
    tab.choose_label("pilot")
    assert tab.model_combo.count() == 1
    assert tab.model_path == stocked_store[2]
    tab.choose_label("p300")
    assert tab.model_combo.count() == 2
    assert tab.model_path == stocked_store[1]  # the newest p300
    window.library.set_champion(stocked_store[0])
    qtbot.waitUntil(lambda: tab.model_combo.itemText(0).startswith("★"), timeout=5_000)
    tab.choose_label("pilot")
    tab.choose_label("p300")
    assert tab.model_path == stocked_store[0]  # the p300 champion
    window.use_for_inference(stocked_store[2])  # routed from elsewhere: another label
    qtbot.waitUntil(lambda: tab.model_path == stocked_store[2], timeout=5_000)
    assert tab.chosen_label == ""


@pytest.fixture
def championed_store(stocked_store, isolated_store):
    """The stocked store with its oldest p300 model marked champion before the window opens."""
    from bcigui.store.manager import ModelManager

    manager = ModelManager(isolated_store)
    manager.set_champion(stocked_store[0])
    manager.close()
    return stocked_store


def test_the_default_model_is_the_labels_champion_then_its_newest(
    qtbot, championed_store, window
) -> None:
    tab = window.inference_tab
    qtbot.waitUntil(lambda: tab.model_combo.count() == 3, timeout=10_000)
    assert tab.model_path == championed_store[0]  # the champion, though not the newest
    tab.choose_label("p300")
    assert tab.model_path == championed_store[0]
    window.library.set_champion(championed_store[0], False)
    qtbot.waitUntil(lambda: not tab.model_combo.itemText(0).startswith("★"), timeout=5_000)
    tab.choose_label("pilot")
    tab.choose_label("p300")
    assert tab.model_path == championed_store[1]  # no champion: the label's newest
