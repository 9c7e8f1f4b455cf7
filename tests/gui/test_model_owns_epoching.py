"""Acceptance: a model owns everything between the file and the prediction (issue 12).

Train on Muse sessions 1+2 with a 1-30 Hz band-pass set on the recordings, through the Training
tab's recording path; session 3 then opens prefilled with those settings as the test recording
and in the Inference tab, scores well above chance, and the CLI ``predict`` gives the same.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from tests.conftest import shared_data

pytestmark = [pytest.mark.slow, pytest.mark.realdata]

MUSE = "muse-visual-p300"
MAPPING = {"1": "NonTarget", "2": "Target"}
IN_WORDS = "1-30 Hz band-pass on the recording, 0-0.8 s after events 1 -> NonTarget, 2 -> Target"


def session(k: int) -> Path:
    return shared_data(MUSE, f"visual_P300_subject1_session{k}_raw.fif")


def wait_ready(qtbot, dialog, timeout: int = 60_000) -> None:
    qtbot.waitUntil(
        lambda: not dialog._inspecting and dialog._model_worker is None, timeout=timeout
    )
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled() and not dialog.busy(), timeout=timeout)


def target_auc(predictions, classes) -> float:
    target = [str(c) for c in classes].index("Target")
    y = [str(p.true) == "Target" for p in predictions]
    return float(roc_auc_score(y, [p.proba[target] for p in predictions]))


def test_session3_is_epoched_like_the_model_everywhere(
    qtbot, window, capsys, tmp_path: Path
) -> None:
    from bcigui.cli import main as cli_main
    from bcigui.gui import automation as auto

    s1, s2, s3 = session(1), session(2), session(3)
    panel = window.training_tab.data_panel

    # training recordings: the band-pass is set on the recordings, in the dialog
    dialog = panel.open_recording_dialog("train")
    dialog.add_paths([s1, s2])
    qtbot.waitUntil(lambda: not dialog._inspecting, timeout=60_000)
    assert not dialog.override_box.isVisible()  # nothing to follow for training recordings
    for key, name in MAPPING.items():
        dialog.panel.class_combo(key).setCurrentText(name)
    dialog.panel.filter_on.setChecked(True)
    dialog.panel.l_freq.setValue(1.0)
    dialog.panel.h_freq.setValue(30.0)
    wait_ready(qtbot, dialog)
    dialog.ok_button.click()
    train = panel.recordings["train"]
    assert train is not None and train.trials.epoching["l_freq"] == 1.0

    # the test recording opens with the training recordings' settings, and no difference
    dialog = panel.open_recording_dialog("test")
    dialog.add_paths([s3])
    wait_ready(qtbot, dialog)
    assert dialog.following_reference() and not dialog.override_box.isChecked()
    assert dialog.panel.event_classes() == MAPPING
    assert dialog.panel.filter_on.isChecked()
    assert (dialog.panel.l_freq.value(), dialog.panel.h_freq.value()) == (1.0, 30.0)
    assert f"Applying the training recordings' epoch settings: {IN_WORDS}" in (
        dialog.reference_label.text()
    )
    # overriding is explicit, and every difference is shown inline
    dialog.override_box.setChecked(True)
    dialog.panel.filter_on.setChecked(False)
    assert "band-pass 1-30 Hz (training) vs none (here)" in dialog.reference_label.text()
    dialog.override_box.setChecked(False)  # back to the training recordings' own
    assert dialog.panel.filter_on.isChecked() and "Applying" in dialog.reference_label.text()
    wait_ready(qtbot, dialog)
    dialog.ok_button.click()
    test = panel.recordings["test"]
    assert test.report.follows_reference and test.settings == train.settings
    assert "Epoched like the training recordings" in panel.recording_rows["test"].label.text()

    auto.configure(window, "shrinkage_lda", "muse_s12")
    record = auto.train(window, timeout_s=300)
    assert record.result.metrics.roc_auc > 0.65
    model_path = Path(record.result.saved_path)

    # the library says what the model does to a recording, in words
    library = window.library_tab
    library.library.reconcile()
    qtbot.waitUntil(lambda: library.library.record(model_path) is not None, timeout=10_000)
    library.details.show_record(library.library.record(model_path))
    details = library.details.summary.toPlainText()
    assert IN_WORDS in details
    assert "4 channels TP9, AF7, AF8, TP10 at 256 Hz, 0-0.8 s epochs" in details

    # inference: the dialog follows the model's own settings
    tab = window.inference_tab
    window.use_for_inference(model_path)
    qtbot.waitUntil(lambda: tab.model_path == model_path, timeout=10_000)
    assert "4 channels TP9, AF7, AF8, TP10 at 256 Hz, 0-0.8 s epochs" in (
        tab.signature_label.text()
    )
    dialog = tab.open_recording_dialog([s3])
    wait_ready(qtbot, dialog)
    assert dialog.following_reference() and dialog.reference == train.settings
    assert dialog.panel.event_classes() == MAPPING and dialog.panel.filter_on.isChecked()
    assert "Differs" not in dialog.reference_label.text()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: tab.recording_dialog is None, timeout=5_000)
    assert tab.recording.report.follows_reference
    with qtbot.waitSignal(tab.finished, timeout=60_000) as blocker:
        assert tab.run() is not None
    qtbot.waitUntil(lambda: tab.worker is None, timeout=5_000)
    result = blocker.args[0]
    assert result.epoching.startswith(f"model settings: {IN_WORDS}")
    assert f"Epoch settings: model settings: {IN_WORDS}" in tab.status_label.text()
    auc = target_auc(result.predictions, result.classes)
    assert auc > 0.65
    assert auc == pytest.approx(record.result.metrics.roc_auc, abs=1e-6)

    # the CLI predicts the same file with the same settings: the same predictions
    out = tmp_path / "s3.csv"
    assert cli_main(["predict", "--model", str(model_path), "--recording", str(s3),
                     "--csv", str(out)]) == 0  # fmt: skip
    assert f"epoch settings from the model: {IN_WORDS}" in capsys.readouterr().out
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert [r["predicted"] for r in rows] == [str(p.predicted) for p in result.predictions]
    np.testing.assert_allclose(
        [float(r["p_Target"]) for r in rows],
        [p.proba[[str(c) for c in result.classes].index("Target")] for p in result.predictions],
        atol=1e-6,
    )

    # other training recordings' settings: the test recording's row says how it differs
    from dataclasses import replace

    stricter = train.settings.model_copy(update={"reject_uv": 100.0})
    panel.set_recording("train", replace(train, settings=stricter))
    assert "rejection 100 uV (training) vs none (here)" in (
        panel.recording_rows["test"].label.text()
    )
