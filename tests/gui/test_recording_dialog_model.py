"""The recording dialog for inference follows the model's own epoch settings (synthetic data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.app.test_model_epoching import SETTINGS, write_p300_fif


def test_inference_dialog_prefills_from_the_model_and_records_an_override(
    qtbot, pool, app_settings, tmp_path: Path
) -> None:
    from bcigui.app.model_epoching import epoch_for_model
    from bcigui.classifiers.shrinkage_lda import ShrinkageLDA
    from bcigui.data.epoching import epoch_recordings
    from bcigui.gui.recording import RecordingDialog

    model = ShrinkageLDA()
    model.fit_trials(epoch_recordings(write_p300_fif(tmp_path / "train_raw.fif", seed=1), SETTINGS))
    model_path = model.save(tmp_path / "m.bcimodel")
    new = write_p300_fif(tmp_path / "new_raw.fif", seed=2)

    dialog = RecordingDialog(pool, app_settings, [new], purpose="inference", model_path=model_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled() and not dialog.busy(), timeout=30_000)
    # prefilled from the model, read-only while its settings are followed
    assert dialog.reference == SETTINGS and dialog.following_reference()
    assert dialog.panel.event_classes() == {"1": "NonTarget", "2": "Target"}
    assert dialog.panel.filter_on.isChecked() and dialog.panel.tmax.value() == 0.5
    assert not dialog.panel.isEnabled()
    assert "Applying the model's epoch settings: 1-30 Hz band-pass" in (
        dialog.reference_label.text()
    )
    assert "own signal stage (none)" in dialog.model_label.text()
    assert dialog.preview.report.follows_reference
    expected, _ = epoch_for_model(model, new)
    np.testing.assert_array_equal(dialog.preview.trials.X, expected.X)

    # overriding is an explicit choice; the difference is shown inline and recorded
    dialog.override_box.setChecked(True)
    assert dialog.panel.isEnabled()
    dialog.panel.filter_on.setChecked(False)
    assert "Differs from the model's settings: band-pass 1-30 Hz (model) vs none (here)" in (
        dialog.reference_label.text()
    )
    qtbot.waitUntil(
        lambda: dialog.preview is not None and dialog.ok_button.isEnabled() and not dialog.busy(),
        timeout=30_000,
    )
    with qtbot.waitSignal(dialog.accepted_choice) as signal:
        dialog.ok_button.click()
    choice = signal.args[0]
    assert choice.settings.l_freq is None
    assert choice.report.overridden == ("band-pass 1-30 Hz (model) vs none (here)",)
    assert choice.report.describe().startswith("overridden model settings: band-pass")
