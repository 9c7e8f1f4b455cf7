"""The data panel with epoched EEG recordings and cross-validation instead of a test set."""

from __future__ import annotations

import pytest

from tests.conftest import shared_data
from tests.gui.conftest import wait_for_check

pytestmark = pytest.mark.realdata

MUSE = "muse-visual-p300"


@pytest.fixture(scope="module")
def muse_choice():
    """Sessions 1 and 2 of the Muse P300 set, epoched 0-0.8 s (as the dialog would hand over)."""
    from bcigui.app.recording_choice import RecordingChoice
    from bcigui.data.epoching import EpochSettings, epoch_recordings

    paths = tuple(
        shared_data(MUSE, f"visual_P300_subject1_session{k}_raw.fif") for k in (1, 2)
    )
    settings = EpochSettings(event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8)
    trials = epoch_recordings(paths, settings)
    return RecordingChoice(paths=paths, settings=settings, trials=trials, summary="test")


@pytest.fixture
def panel(qtbot, pool, app_settings):
    from bcigui.gui.training.data_panel import DataPanel

    widget = DataPanel(pool, app_settings)
    qtbot.addWidget(widget)
    widget.show()
    widget.set_core_ready()
    return widget


def test_recordings_replace_the_training_files_and_cv_replaces_the_test_set(
    qtbot, panel, muse_choice
) -> None:
    panel.set_recording("train", muse_choice)
    assert panel.recording_rows["train"].isVisible() and not panel.train_box.isVisible()
    assert "session1_raw.fif" in panel.recording_rows["train"].label.text()
    check = wait_for_check(qtbot, panel)
    assert check.train is muse_choice.trials and not check.ok  # no test set yet
    assert "Cross-validation" in panel.summary.text()

    panel.set_cross_validation(True, folds=5, scheme="grouped")
    check = wait_for_check(qtbot, panel)
    assert check.ok and check.test is None and check.cv_scheme == "grouped"
    # two sessions: grouped CV holds out one per fold, and both the summary and the row say so
    assert "2-fold cross-validation (grouped by recording)" in panel.summary.text()
    assert panel.cross_validation() == {"scheme": "grouped", "n_splits": 5, "permutations": 0}
    assert check.cv_folds == 2 and check.cv_groups == 2
    assert panel.cv.folds_note.isVisible()
    assert panel.cv.folds_note.text() == "runs 2 folds: one per recording (2 recordings)"
    panel.set_cross_validation(True, folds=2, scheme="grouped")
    check = wait_for_check(qtbot, panel)
    assert check.cv_folds == 2 and not panel.cv.folds_note.isVisible()  # box and run agree

    one_session = muse_choice.trials.subset(
        [i for i, s in enumerate(muse_choice.trials.sources) if s.file == str(muse_choice.paths[0])]
    )
    panel.set_recording("train", type(muse_choice)(
        paths=muse_choice.paths[:1], settings=muse_choice.settings, trials=one_session, summary=""
    ))  # fmt: skip
    check = wait_for_check(qtbot, panel)
    assert not check.ok
    assert "at least 2 recordings" in check.problems[0].message

    panel.set_recording("train", None)
    assert panel.train_box.isVisible() and not panel.recording_rows["train"].isVisible()
    assert "No data yet" in panel.summary.text()


def test_too_many_folds_for_a_small_class_is_a_problem(qtbot, panel, muse_choice) -> None:
    small = muse_choice.trials.subset(list(range(60)))
    panel.set_recording("train", type(muse_choice)(
        paths=muse_choice.paths, settings=muse_choice.settings, trials=small, summary=""
    ))  # fmt: skip
    counts = small.class_counts()
    folds = min(counts.values()) + 1
    panel.set_cross_validation(True, folds=folds, scheme="kfold")
    check = wait_for_check(qtbot, panel)
    assert not check.ok
    message = check.problems[0].message
    assert f"{folds}-fold cross-validation needs at least {folds} trials" in message


@pytest.mark.slow
def test_train_with_grouped_cross_validation_from_recordings(
    qtbot, window, muse_choice, isolated_store
) -> None:
    from bcigui.classifiers.base import BaseClassifier
    from bcigui.gui import automation as auto

    panel = window.training_tab.data_panel
    panel.set_recording("train", muse_choice)
    panel.set_cross_validation(True, folds=5, scheme="grouped")
    auto.configure(
        window, "svm", "p300cv",
        signal={"l_freq": 1.0, "h_freq": 30.0}, input_adapter={"decimate": 8},
    )  # fmt: skip
    record = auto.train(window, timeout_s=300)
    cv = record.result.cross_validation
    assert cv.scheme == "grouped" and cv.n_splits == 2  # two sessions: leave-one-session-out
    assert cv.mean("roc_auc") > 0.6
    card = window.training_tab.run_panel.results.card
    assert "±" in card.values["roc_auc"].text()
    assert "2 folds (grouped by recording)" in card.note.text()
    model = BaseClassifier.load(record.result.saved_path)
    assert model.training_info_["cross_validation"]["scheme"] == "grouped"
    assert model.signal_.settings.h_freq == 30.0
    assert model.training_info_["epoching"]["event_map"] == {"1": "NonTarget", "2": "Target"}
