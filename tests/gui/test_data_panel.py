"""The data panel: demo data, the live summary, and every bad-file case shown inline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.gui.conftest import load_demo, wait_for_check


@pytest.fixture
def panel(qtbot, pool, app_settings):
    from bcigui.gui.training.data_panel import DataPanel

    widget = DataPanel(pool, app_settings)
    qtbot.addWidget(widget)
    widget.set_core_ready()
    return widget


def _pair(folder: Path, name: str, x: np.ndarray, y: np.ndarray, **save) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    xp, yp = folder / f"{name}_x.npy", folder / f"{name}_y.npy"
    np.save(xp, x, **save)
    np.save(yp, y)
    return [xp, yp]


def _good(folder: Path, name: str, n: int = 6, seed: int = 0) -> list[Path]:
    rng = np.random.default_rng(seed)
    return _pair(folder, name, rng.standard_normal((n, 50, 4)).astype(np.float32), np.arange(n) % 2)


def test_demo_data_fill_the_lists(qtbot, window) -> None:
    check = load_demo(qtbot, window, "p300")
    panel = window.training_tab.data_panel
    assert check.ok
    assert len(panel.train_box.rows) == 480 and len(panel.test_box.rows) == 120
    assert check.train_summary.shape_text == "480 trials x 8 channels x 116 samples"
    assert check.test_summary.class_counts == {"NonTarget": 100, "Target": 20}
    assert "Data ready" in panel.summary.text()
    assert window.training_tab.model_panel.label() == "p300"  # the label follows the demo
    assert window.training_tab.run_panel.train_button.isEnabled()


def test_split_test_from_train(qtbot, panel, tmp_path) -> None:
    panel.add_files(_good(tmp_path, "a", 10) + _good(tmp_path, "b", 10, seed=1))
    panel.set_split(True, 20, stratify=True)
    check = wait_for_check(qtbot, panel)
    assert check.ok
    assert (check.train_summary.n_trials, check.test_summary.n_trials) == (16, 4)
    assert check.test_summary.class_counts == {0: 2, 1: 2}
    assert "stratified" in panel.summary.text()


def test_bad_files_are_shown_inline(qtbot, panel, tmp_path) -> None:
    good = _good(tmp_path, "s1")
    rng = np.random.default_rng(1)
    short_labels = _pair(tmp_path, "s2", rng.standard_normal((6, 50, 4)), np.array([0, 1, 0]))
    objects = np.empty(2, dtype=object)
    objects[:] = [np.zeros((50, 4)), np.zeros((40, 4))]
    pickled = _pair(tmp_path, "s3", objects, np.array([0, 1]), allow_pickle=True)
    orphan = tmp_path / "s4_x.npy"
    np.save(orphan, rng.standard_normal((3, 50, 4)))
    other_width = _pair(tmp_path, "s5", rng.standard_normal((4, 50, 7)), np.array([0, 1, 0, 1]))
    panel.add_files(good + short_labels + pickled + [orphan] + other_width)
    panel.set_split(True, 50)
    check = wait_for_check(qtbot, panel)
    assert not check.ok
    by_row = {p.row: p for p in check.problems}
    assert set(by_row) == {1, 2, 3, 4}
    assert "3 labels for 6 trials" in by_row[1].message and by_row[1].path.name == "s2_y.npy"
    assert "Python objects" in by_row[2].message and by_row[2].path.name == "s3_x.npy"
    assert "has 7 features" in by_row[3].message
    assert "no label file" in by_row[4].message  # half pairs are listed last
    # shown in the problems list and on the rows themselves
    texts = [panel.problems.item(i).text() for i in range(panel.problems.count())]
    assert len(texts) == 4 and any("s3_x.npy" in t for t in texts)
    assert not panel.problems.isHidden()
    assert "s2_y.npy" in panel.train_box.table.item(1, 0).toolTip()
    assert "4 problem(s)" in panel.summary.text()
    # fixing the lists clears the problems
    panel.train_box.table.selectRow(1)
    for row in (1, 2, 3, 4):
        panel.train_box.table.selectionModel().select(
            panel.train_box.table.model().index(row, 0),
            panel.train_box.table.selectionModel().SelectionFlag.Select
            | panel.train_box.table.selectionModel().SelectionFlag.Rows,
        )
    panel.train_box.remove_selected()
    check = wait_for_check(qtbot, panel)
    assert check.problems == [] and panel.problems.isHidden()


def test_test_set_checked_against_training(qtbot, panel, tmp_path) -> None:
    panel.add_files(_good(tmp_path / "train", "a"))
    rng = np.random.default_rng(2)
    unseen = _pair(tmp_path / "test", "t", rng.standard_normal((4, 50, 4)), np.array([0, 1, 2, 2]))
    panel.add_files(unseen, test=True)
    check = wait_for_check(qtbot, panel)
    assert [p.role for p in check.problems] == ["test"]
    assert "never seen in training" in check.problems[0].message


def test_drop_on_the_label_column(qtbot, panel, tmp_path) -> None:
    xs = [p for p in _good(tmp_path, "a") + _good(tmp_path, "b") if p.stem.endswith("_x")]
    labels = tmp_path / "labels_for_a.npy"
    np.save(labels, np.arange(6) % 2)
    panel.add_files(xs)
    table = panel.train_box.table
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(labels))])
    x_label_column = table.columnViewportPosition(1) + 5
    event = QDropEvent(
        QPointF(x_label_column, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    table.dropEvent(event)
    assert panel.train_box.rows[0] == (xs[0], labels)
    assert panel.train_box.rows[1] == (xs[1], None)
    check = wait_for_check(qtbot, panel)
    assert [p.row for p in check.problems] == [1]


def test_demo_data_reset_the_label_and_replace_a_test_recording(qtbot, window) -> None:
    from bcigui.app.recording_choice import RecordingChoice
    from bcigui.data.epoching import EpochSettings
    from bcigui.data.synthetic import make_p300

    tab = window.training_tab
    panel = tab.data_panel
    qtbot.keyClicks(tab.model_panel.label_box.lineEdit(), "_subject3")  # typed for real data
    assert tab.model_panel.label().endswith("_subject3")
    other_shape = make_p300(n_trials=20, ch_names=("Fz", "Cz", "Pz"), random_state=0)
    settings = EpochSettings(event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8)
    panel.set_recording(
        "test", RecordingChoice(paths=(), settings=settings, trials=other_shape, summary="")
    )
    assert panel.recordings["test"] is not None
    check = load_demo(qtbot, window, "p300")
    assert tab.model_panel.label() == "p300"
    assert panel.recordings["test"] is None and panel.test_box.isVisible()
    assert len(panel.test_box.rows) > 0
    assert check.ok and check.test.n_channels == check.train.n_channels == 8


def test_folders_say_what_they_leave_out(qtbot, panel, tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    panel.add_files([empty])
    note = panel.train_box.note
    assert note.isVisibleTo(panel) and "holds no .npy trial files" in note.text()
    assert panel.train_box.rows == []
    mixed = tmp_path / "mixed"
    _good(mixed, "s1")
    np.savetxt(mixed / "s2_y.txt", np.array([0, 1, 0, 1]))  # a label file of another format
    np.save(mixed / "s2_x.npy", np.zeros((4, 50, 4), dtype=np.float32))
    panel.add_files([mixed])
    assert "Left out of mixed (not .npy trial files): s2_y.txt." == note.text()
    check = wait_for_check(qtbot, panel)
    # the X file whose label file was left out is a problem of its own row, not dropped
    (problem,) = check.problems
    assert problem.row == 1 and "s2_x.npy" in problem.message and "no label file" in problem.message
    panel.train_box.clear()
    assert not note.isVisibleTo(panel)


def test_messages_name_string_classes_without_numpy_reprs(qtbot, panel, tmp_path) -> None:
    rng = np.random.default_rng(0)
    one_class = _pair(tmp_path, "one", rng.standard_normal((6, 50, 4)), np.array(["Target"] * 6))
    panel.add_files(one_class)
    check = wait_for_check(qtbot, panel)
    text = " ".join(p.message for p in check.problems) + panel.summary.text()
    assert "only one class ('Target')" in text
    assert "np.str_" not in text and "np." not in text
    panel.train_box.clear()
    lonely = _pair(
        tmp_path, "two", rng.standard_normal((7, 50, 4)), np.array(["NonTarget"] * 6 + ["Target"])
    )
    panel.add_files(lonely)
    panel.set_split(True, 30, stratify=True)
    check = wait_for_check(qtbot, panel)
    messages = " ".join(p.message for p in check.problems)
    assert "class 'Target' has only 1 trial" in messages and "np." not in messages
