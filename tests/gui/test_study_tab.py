"""The Study tab: grids typed into the generated forms, the live leaderboard, state, specs."""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def types():
    from bcigui.classifiers.registry import available_types

    return dict(available_types())


@pytest.fixture
def study_tab(qtbot, pool, app_settings, tmp_path: Path, types):
    """A Study tab over a real pool, library and store, with the classifiers listed."""
    from bcigui.gui.core import CoreInfo
    from bcigui.gui.model_adapter import ModelLibrary
    from bcigui.gui.study import StudyTab

    library = ModelLibrary(pool)
    library.set_store(tmp_path / "store")
    tab = StudyTab(pool, library, app_settings)
    qtbot.addWidget(tab)
    tab.core_ready(CoreInfo(types, tmp_path / "store"))
    yield tab
    library.close()


def svm_field(name: str):
    from bcigui.classifiers.svm import SVM

    return SVM.model_fields[name]


# -- grid values ---------------------------------------------------------------------------------
def test_values_are_parsed_in_the_fields_type() -> None:
    from bcigui.gui.study.grid import parse_values

    assert parse_values("0.1, 1, 10", "C", svm_field("C")) == [0.1, 1.0, 10.0]
    assert parse_values("0,5; 2", "C", svm_field("C")) == [0.5, 2.0]  # decimal commas
    assert parse_values("linear, rbf, linear", "kernel", svm_field("kernel")) == ["linear", "rbf"]
    assert parse_values("2, 3", "degree", svm_field("degree")) == [2, 3]
    assert parse_values("true, false", "shrinking", svm_field("shrinking")) == [True, False]
    assert parse_values("  ", "C", svm_field("C")) == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("C", "1, 0", "outside the allowed range (> 0)"),
        ("C", "1, lots", "'lots' is not a number"),
        ("degree", "2, 2.5", "'2.5' is not a whole number"),
        ("kernel", "linear, cubic", "'cubic' is not one of linear, poly, rbf, sigmoid"),
    ],
)
def test_a_bad_value_names_the_field_and_the_fix(name: str, text: str, expected: str) -> None:
    from bcigui.gui.study.grid import GridValueError, parse_values

    with pytest.raises(GridValueError) as caught:
        parse_values(text, name, svm_field(name))
    from bcigui.gui.training.config_form import label_for

    assert str(caught.value).startswith(f"{label_for(name, svm_field(name))}: ")
    assert expected in str(caught.value)


def test_the_form_shows_a_grid_error_inline_and_builds_params_and_grid(qtbot, types) -> None:
    from bcigui.gui.study.grid import GridValueError, PipelineForm

    form = PipelineForm(types["svm"])
    qtbot.addWidget(form)
    form.show()
    assert form.n_configurations() == 1 and form.grid() == {} and form.params() == {}
    form.value_edits["C"].setText("0.1, 0, 10")
    row = form.form.rows["C"]
    assert (
        row.error.isVisibleTo(form)
        and "C (inverse regularisation): 0 is outside the allowed range" in row.error.text()
    )
    assert form.errors() == [row.error.text()]
    with pytest.raises(GridValueError):
        form.grid()
    form.value_edits["C"].setText("0.1, 1, 10")
    assert not row.error.isVisibleTo(form)
    assert not form.form.editor("C").isEnabled()  # the list replaces the single value
    form.form.set_values({"kernel": "linear"})
    assert form.grid() == {"C": [0.1, 1.0, 10.0]}
    assert form.params() == {"kernel": "linear"}
    form.value_edits["tol"].setText("1e-3, 1e-4")
    assert form.n_configurations() == 6
    form.set_grid({"kernel": "poly", "signal.h_freq": 30.0}, {"C": [1, 2], "signal.l_freq": [1, 2]})
    assert form.value_edits["C"].text() == "1, 2" and form.value_edits["tol"].text() == ""
    assert form.params() == {"kernel": "poly", "signal.h_freq": 30.0}
    assert form.grid() == {"C": [1.0, 2.0], "signal.l_freq": [1, 2]}
    assert "signal.l_freq = 1, 2" in form.extra_note.text()


def test_ticked_pipelines_and_the_nested_cv_note(study_tab) -> None:
    panel = study_tab.pipelines
    assert panel.ticked() == [] and "Tick at least one pipeline." in study_tab.problems()
    panel.set_ticked("SVM")
    panel.set_ticked("ShrinkageLDA")
    assert panel.ticked() == ["SVM", "ShrinkageLDA"]
    assert "off" in study_tab.evaluation.nested_note.text()
    panel.form("SVM").value_edits["C"].setText("1, 10")
    assert "on (a grid has 2 configurations)" in study_tab.evaluation.nested_note.text()
    assert study_tab.evaluation.inner_folds.isEnabled()
    panel.form("SVM").value_edits["C"].setText("1, -1")
    assert any(p.startswith("SVM: C (inverse regularisation): -1") for p in study_tab.problems())
    assert not study_tab.run_button.isEnabled()


def test_trial_files_get_editable_groups(study_tab, tmp_path: Path) -> None:
    files = []
    for subject in ("s01", "s02"):
        for kind in ("x", "y"):
            path = tmp_path / f"{subject}_{kind}.npy"
            path.write_bytes(b"")
            files.append(path)
    panel = study_tab.data_panel
    panel.add_files(files)
    assert [x.name for x, _y in panel.trial_files] == ["s01_x.npy", "s02_x.npy"]
    assert panel.groups() == ["s01", "s02"]
    panel.set_group(1, "s01")
    data = study_tab.study_data()
    assert data.groups == ["s01", "s01"] and panel.n_groups() == 1
    from bcigui.gui.study.spec_io import data_table

    assert data_table(data) == {
        "trials": [
            {
                "x": [str(tmp_path / "s01_x.npy"), str(tmp_path / "s02_x.npy")],
                "y": [str(tmp_path / "s01_y.npy"), str(tmp_path / "s02_y.npy")],
                "group": "s01",
            }
        ]
    }


# -- the leaderboard ----------------------------------------------------------------------------
def result_row(pipeline: str, params: dict, fold: int, auc: float, worker: str = "w1") -> dict:
    return {
        "pipeline": pipeline,
        "params": json.dumps(params),
        "group": "s01",
        "fold": fold,
        "scores": {"roc_auc": auc, "balanced_accuracy": auc - 0.1},
        "fit_seconds": 2.0,
        "worker": worker,
    }


def test_rows_from_another_thread_fill_the_leaderboard_within_a_second(qtbot, study_tab) -> None:
    results = study_tab.results
    results.start({"SVM": 4, "ShrinkageLDA": 2}, ["roc_auc", "balanced_accuracy"], 2)
    rows = [
        result_row("SVM", {"C": 1}, 0, 0.70),
        result_row("SVM", {"C": 1}, 1, 0.80, "w2"),
        result_row("ShrinkageLDA", {}, 0, 0.90),
    ]
    thread = threading.Thread(target=lambda: [study_tab.relay.deliver(r) for r in rows])
    thread.start()
    thread.join()
    board = results.leaderboard
    qtbot.waitUntil(lambda: board.rowCount() == 2, timeout=1000)
    cell = [[board.data(board.index(r, c)) for c in range(board.columnCount())] for r in range(2)]
    assert cell[0][:4] == ["1", "ShrinkageLDA", "defaults", "0.900"]
    assert cell[1][:4] == ["2", "SVM", "C=1", "0.750 ± 0.071"]
    assert cell[1][-1] == "2"  # folds done
    progress = results.progress_model
    svm = [progress.data(progress.index(0, c)) for c in range(6)]
    assert svm == ["", "SVM", "2/4 (50 %)", "2 s", "…", "w1 (1), w2 (1)"]  # 2 left x 2 s / 2
    assert results.plot is not None and results.plot.shown == {
        "SVM": [0.70, 0.80],
        "ShrinkageLDA": [0.90],
    }
    results.add_row(result_row("SVM", {"C": 10}, 0, 0.95))
    qtbot.waitUntil(lambda: board.rowCount() == 3, timeout=1000)
    assert board.data(board.index(0, 2)) == "C=10"
    results.set_final_ranks({("SVM", json.dumps({"C": 1})): 1})
    assert board.data(board.index(0, 2)) == "C=1" and board.data(board.index(0, 0)) == "1"
    results.set_pipeline_scores(
        {"ShrinkageLDA": (1, "0.900"), "SVM": (2, "0.750 ± 0.050")},
        {"ShrinkageLDA": [0.9], "SVM": [0.7, 0.8]},
    )
    first = [progress.data(progress.index(0, c)) for c in range(6)]
    assert first[:2] == ["1", "ShrinkageLDA"] and first[4] == "0.900"
    assert results.plot.shown == {"ShrinkageLDA": [0.9], "SVM": [0.7, 0.8]}  # nested folds only


def test_rows_export_to_csv(study_tab, tmp_path: Path) -> None:
    results = study_tab.results
    results.start({"SVM": 2}, ["roc_auc"], 1)
    assert not results.export_button.isEnabled()
    for fold in range(2):
        results.add_row(result_row("SVM", {"C": 1}, fold, 0.5 + fold / 10))
    results.refresh()
    assert results.export_button.isEnabled()
    target = tmp_path / "rows.csv"
    assert results.export_csv(target) == 2
    with target.open() as handle:
        table = list(csv.DictReader(handle))
    assert [r["fold"] for r in table] == ["0", "1"]
    assert table[1]["roc_auc"] == "0.6" and table[1]["balanced_accuracy"] == "0.5"
    assert json.loads(table[0]["params"]) == {"C": 1} and table[0]["worker"] == "w1"


def test_comparison_and_saved_models_are_one_click_away(qtbot, study_tab, tmp_path: Path) -> None:
    results = study_tab.results
    results.show_comparison(
        [
            {"a": "SVM", "b": "ShrinkageLDA", "difference": 0.05, "p": 0.01, "effect": 1.2},
            {"a": "SVM", "b": "XdawnRiemann", "difference": -0.01, "p": 0.6, "effect": 0.1},
        ]
    )
    texts = [[results.comparison.item(r, c).text() for c in range(6)] for r in range(2)]
    assert texts[0] == ["SVM", "ShrinkageLDA", "+0.050", "0.01", "1.20", "SVM better"]
    assert texts[1][-1] == "no clear difference"
    model = tmp_path / "m.bcimodel"
    results.show_models([("SVM", "C=1", model)])
    assert results.library_button.isEnabled()
    with qtbot.waitSignal(study_tab.show_in_library) as shown:
        results.library_button.click()
    assert shown.args == [model]


def test_run_on_and_layout_survive_a_restart(qtbot, study_tab, app_settings) -> None:
    from bcigui.gui.preferences import PreferencesDialog

    dialog = PreferencesDialog(app_settings, None)
    qtbot.addWidget(dialog)
    dialog.scheduler_edit.setText(" tcp://10.0.0.5:8786 ")
    dialog.apply()
    assert app_settings.dask_scheduler == "tcp://10.0.0.5:8786"
    study_tab.run_on.set_values({"kind": "dask", "n_workers": 3, "scheduler": None})
    study_tab.label_box.setCurrentText("pilot")
    study_tab.save_state(app_settings)
    from bcigui.gui.study import StudyTab

    again = StudyTab(study_tab.pool, study_tab.library, app_settings)
    qtbot.addWidget(again)
    again.restore_state(app_settings)
    assert again.run_on.values() == {
        "kind": "dask",
        "n_workers": 3,
        "scheduler": "tcp://10.0.0.5:8786",
    }
    assert again.label_box.currentText() == "pilot"
    again.run_on.address.clear()
    assert "Enter the Dask scheduler's address" in again.run_on.problem()


# -- specs and runs (the core of bcigui.study) ------------------------------------------------
@pytest.fixture(scope="module")
def p300_files(tmp_path_factory) -> list[Path]:
    """Small synthetic P300 trial files of two subjects (X and labels, .npy)."""
    import numpy as np

    from bcigui.data.synthetic import make_p300

    folder = tmp_path_factory.mktemp("study_p300")
    files = []
    for seed, subject in enumerate(("s01", "s02")):
        trials = make_p300(n_trials=48, target_ratio=0.25, snr=2.0, random_state=seed)
        np.save(folder / f"{subject}_x.npy", trials.X.astype(np.float32))
        np.save(folder / f"{subject}_y.npy", np.asarray(trials.y))
        files += [folder / f"{subject}_x.npy", folder / f"{subject}_y.npy"]
    return files


def set_up_study(tab, files: list[Path], c_values: str = "0.5, 2") -> None:
    """Two quick sklearn pipelines (xDAWN + Riemann, a linear SVM with a C grid); stratified
    2-fold CV within each subject, one local process."""
    tab.data_panel.add_files(files)
    tab.pipelines.set_ticked("XdawnRiemann")
    tab.pipelines.set_ticked("SVM")
    svm = tab.pipelines.form("SVM")
    svm.value_edits["C"].setText(c_values)
    svm.form.set_values({"kernel": "linear"})
    tab.evaluation.set_values(
        {"scheme": "stratified", "folds": 2, "nested": 2, "metrics": ["roc_auc"], "seed": 3}
    )
    tab.run_on.set_values({"kind": "local", "n_workers": 1})


def test_a_spec_saved_and_opened_shows_the_same_study(
    qtbot, study_tab, p300_files, tmp_path, types
) -> None:
    set_up_study(study_tab, p300_files)
    study_tab.data_panel.set_group(1, "subject-two")
    path = tmp_path / "study.toml"
    study_tab.save_spec(path)
    text = path.read_text()
    assert 'model = "SVM"' in text and 'group = "subject-two"' in text
    from bcigui.gui.core import CoreInfo
    from bcigui.gui.study import StudyTab

    again = StudyTab(study_tab.pool, study_tab.library, study_tab.settings)
    qtbot.addWidget(again)
    again.core_ready(CoreInfo(types, tmp_path))
    assert again.open_spec(path)
    assert again.pipelines.ticked() == ["SVM", "XdawnRiemann"]
    svm = again.pipelines.form("SVM")
    assert svm.value_edits["C"].text() == "0.5, 2" and svm.params() == {"kernel": "linear"}
    assert again.data_panel.groups() == ["s01", "subject-two"]
    assert again.evaluation.values() == study_tab.evaluation.values()
    assert again.spec() == study_tab.spec()


def test_a_bad_spec_gets_a_dialog_naming_the_key_and_line(qtbot, study_tab, tmp_path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[data]\nrecordings = ["a.fif"]\nevent_map = { "1" = "T" }\n\n'
        '[cv]\nscheme = "grouped"\nfold = 3\n\n[[pipeline]]\nmodel = "SVM"\n'
    )
    assert not study_tab.open_spec(path)
    dialog = study_tab.spec_dialog
    assert dialog.isVisible()
    assert "line 7" in dialog.text() and "unknown key cv.fold" in dialog.text()
    dialog.close()
    path.write_text(path.read_text().replace("fold = 3", "folds = 3").replace("SVM", "Nope"))
    assert not study_tab.open_spec(path)
    assert "'Nope' is not registered" in study_tab.spec_dialog.text()
    study_tab.spec_dialog.close()
    assert study_tab.pipelines.ticked() == []  # nothing half-applied


@pytest.mark.slow
def test_a_tiny_study_fills_the_leaderboard_and_saves_the_best_models(
    qtbot, study_tab, p300_files
) -> None:
    set_up_study(study_tab, p300_files)
    assert study_tab.problems() == []
    worker = study_tab.run()
    assert worker is not None and study_tab.is_running()
    with qtbot.waitSignal(worker.finished, timeout=120_000):
        pass
    assert study_tab.last_outcome is not None, study_tab.results.status.text()
    results = study_tab.results
    # 2 subjects x 2 folds: 4 rows for XdawnRiemann, 2 configurations x 4 for SVM
    assert len(results.rows.rows) == 12
    assert results.leaderboard.rowCount() == 3
    assert {results.leaderboard.configuration(r).pipeline for r in range(3)} == {
        "SVM",
        "XdawnRiemann",
    }
    assert results.comparison.rowCount() == 1
    saved = [Path(m) for m in results.model_paths]
    assert len(saved) == 2 and all(p.is_file() for p in saved)
    assert results.progress_model.data(results.progress_model.index(0, 0)) == "1"
    assert results.plot is not None
    assert sorted(len(v) for v in results.plot.shown.values()) == [4, 4]  # nested: one per fold
    with qtbot.waitSignal(study_tab.show_in_library) as shown:
        results.library_button.click()
    assert shown.args == [saved[0]]
    study_tab.library.reconcile()  # the window does this on models_saved
    qtbot.waitUntil(lambda: study_tab.library.record(saved[0]) is not None, timeout=10_000)
    results.champion_button.click()
    assert study_tab.library.record(saved[0]).champion


@pytest.mark.slow
def test_cancel_stops_a_study_and_keeps_its_rows(qtbot, study_tab, p300_files) -> None:
    set_up_study(study_tab, p300_files, c_values="0.1, 0.2, 0.5, 1, 2, 5, 10, 20")
    study_tab.evaluation.set_values({"folds": 4})
    study_tab.relay.row.connect(lambda _row: study_tab.cancel())
    worker = study_tab.run()
    assert worker is not None
    with qtbot.waitSignal(worker.finished, timeout=120_000):
        pass
    assert study_tab.last_outcome is None
    n_rows = len(study_tab.results.rows.rows)
    assert 1 <= n_rows < 2 * 4 * 9  # 2 subjects x 4 folds x (1 + 8 configurations)
    assert "cancelled" in study_tab.results.status.text()
    assert study_tab.run_button.isEnabled() and not study_tab.cancel_button.isEnabled()


def test_recordings_from_the_dialog_are_one_group_each(qtbot, study_tab, tmp_path) -> None:
    from bcigui.app.recording_choice import RecordingChoice
    from bcigui.data.epoching import EpochSettings

    dialog = study_tab.data_panel.open_recording_dialog()
    assert dialog.isVisible()
    paths = (tmp_path / "s1_raw.fif", tmp_path / "s2_raw.fif")
    settings = EpochSettings(event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8)
    dialog.accepted_choice.emit(RecordingChoice(paths, settings, None, ""))
    dialog.reject()
    panel = study_tab.data_panel
    assert panel.recordings == list(paths) and panel.groups() == ["s1_raw.fif", "s2_raw.fif"]
    from PySide6.QtCore import Qt

    assert not panel.table.item(0, 1).flags() & Qt.ItemFlag.ItemIsEditable
    study_tab.pipelines.set_ticked("ShrinkageLDA")
    spec = study_tab.spec()
    assert spec.data.recordings == list(paths) and spec.data.epoching == settings
    study_tab.save_spec(tmp_path / "recordings.toml")
    study_tab.data_panel.clear()
    assert study_tab.open_spec(tmp_path / "recordings.toml")
    assert panel.recordings == list(paths) and panel.epoch_settings == settings


@pytest.mark.slow
def test_data_the_study_cannot_read_get_the_cores_message(
    qtbot, study_tab, p300_files, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bcigui.gui.study import tab as study_module

    shown: list[tuple[str, object]] = []
    monkeypatch.setattr(study_module, "show_worker_error", lambda p, t, e: shown.append((t, e)))
    broken = tmp_path / "s03_x.npy"
    broken.write_bytes(b"not an npy file")
    (tmp_path / "s03_y.npy").write_bytes(b"nor this")
    set_up_study(study_tab, [*p300_files, broken, tmp_path / "s03_y.npy"])
    worker = study_tab.run()
    assert worker is not None
    with qtbot.waitSignal(worker.finished, timeout=120_000):
        pass
    assert len(shown) == 1 and shown[0][0] == "The study failed"
    error = shown[0][1]
    assert "s03_x.npy" in error.message and error.expected  # a data error, not a bug
    assert "The study stopped" in study_tab.results.status.text()
    assert study_tab.run_button.isEnabled()


def test_random_ranges_of_an_opened_spec_are_kept(qtbot, study_tab, p300_files, tmp_path) -> None:
    x1, y1, x2, y2 = (str(p) for p in p300_files)
    path = tmp_path / "random.toml"
    path.write_text(
        f'metrics = ["roc_auc"]\n\n[[data.trials]]\nx = ["{x1}"]\ny = ["{y1}"]\ngroup = "a"\n\n'
        f'[[data.trials]]\nx = ["{x2}"]\ny = ["{y2}"]\ngroup = "b"\n\n'
        '[[pipeline]]\nmodel = "svm"\nn_iter = 4\n'
        "random = { C = { low = 0.01, high = 100.0, log = true } }\n"
    )
    assert study_tab.open_spec(path)
    assert study_tab.pipelines.ticked() == ["SVM"]
    form = study_tab.pipelines.form("SVM")
    assert "Random search (from the spec, 4 draws): C in [0.01, 100] log" in form.extra_note.text()
    assert form.n_configurations() == 4
    assert "on (a grid has 4 configurations)" in study_tab.evaluation.nested_note.text()
    spec = study_tab.spec()
    assert spec.pipelines[0].n_iter == 4 and spec.pipelines[0].random["C"].log
